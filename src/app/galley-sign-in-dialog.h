/* galley-sign-in-dialog.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/galley-services.h"

G_BEGIN_DECLS

#define GALLEY_TYPE_SIGN_IN_DIALOG (galley_sign_in_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GalleySignInDialog, galley_sign_in_dialog, GALLEY, SIGN_IN_DIALOG, AdwWindow)

GalleySignInDialog *galley_sign_in_dialog_new        (GtkWindow          *parent,
                                                      GalleyServices     *services);
void                galley_sign_in_dialog_show_method (GalleySignInDialog *self,
                                                      const char         *method);
const char         *galley_sign_in_dialog_get_error  (GalleySignInDialog *self);
gboolean            galley_sign_in_dialog_get_busy   (GalleySignInDialog *self);

G_END_DECLS
