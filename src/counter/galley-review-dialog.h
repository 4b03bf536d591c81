/* galley-review-dialog.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  GALLEY_REVIEW_SEND,      /* before sending: "Send to Kitchen" (response "send") */
  GALLEY_REVIEW_VIEW,      /* an order sent before, read-only */
  GALLEY_REVIEW_REFUSED,   /* refused by the server: "Fix and Resend" (response "resend") */
} GalleyReviewMode;

#define GALLEY_TYPE_REVIEW_DIALOG (galley_review_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GalleyReviewDialog, galley_review_dialog, GALLEY, REVIEW_DIALOG,
                      AdwMessageDialog)

GtkWidget        *galley_review_dialog_new         (GtkWindow          *parent,
                                                    JsonObject         *body,
                                                    double              tax_rate,
                                                    GalleyReviewMode    mode,
                                                    const char         *status);
GalleyReviewMode  galley_review_dialog_get_mode    (GalleyReviewDialog *self);
const char       *galley_review_dialog_get_summary (GalleyReviewDialog *self);
gint64            galley_review_dialog_get_total   (GalleyReviewDialog *self);

G_END_DECLS
