/* galley-link-banner.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "net/galley-order-link.h"
#include "net/galley-outbox.h"

G_BEGIN_DECLS

#define GALLEY_TYPE_LINK_BANNER (galley_link_banner_get_type ())
G_DECLARE_FINAL_TYPE (GalleyLinkBanner, galley_link_banner, GALLEY, LINK_BANNER, GtkWidget)

GtkWidget       *galley_link_banner_new              (void);
GalleyOrderLink *galley_link_banner_get_link         (GalleyLinkBanner *self);
void             galley_link_banner_set_link         (GalleyLinkBanner *self,
                                                      GalleyOrderLink  *link);
GalleyOutbox    *galley_link_banner_get_outbox       (GalleyLinkBanner *self);
void             galley_link_banner_set_outbox       (GalleyLinkBanner *self,
                                                      GalleyOutbox     *outbox);
void             galley_link_banner_refresh          (GalleyLinkBanner *self);
gboolean         galley_link_banner_get_shown        (GalleyLinkBanner *self);
const char      *galley_link_banner_get_title        (GalleyLinkBanner *self);
const char      *galley_link_banner_get_detail       (GalleyLinkBanner *self);
char            *galley_link_banner_dup_status       (GalleyLinkBanner *self);
char            *galley_link_dup_age_text            (gint64            last_frame_us,
                                                      gint64            now_us);

G_END_DECLS
