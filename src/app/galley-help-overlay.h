/* galley-help-overlay.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

guint galley_help_overlay_apply_keys (GtkWidget *overlay,
                                      GVariant  *bump_keys);

G_END_DECLS
