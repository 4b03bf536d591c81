/* galley-sign-in-dialog-private.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What galley-sign-in-dialog.c shares with its Station page (galley-sign-in-dialog-station.c).
 */
#pragma once

#include "app/galley-sign-in-dialog.h"

G_BEGIN_DECLS

struct _GalleySignInDialog
{
  AdwWindow       parent_instance;

  GalleyServices *services;
  GCancellable   *cancellable;
  char           *error;

  /* template */
  GtkStack       *method_stack;
  GtkEditable    *pin_entry;
  GtkEditable    *email_entry;
  GtkEditable    *password_entry;
  GtkLabel       *error_label;
  GtkGrid        *keypad;
  GtkWidget      *sign_in_button;
  GtkSpinner     *spinner;
  GtkDropDown    *station_type_dropdown;
  GtkEditable    *station_name_entry;
  GtkWidget      *station_button;
  GtkLabel       *notice_label;
};

gboolean _galley_sign_in_dialog_station_page    (GalleySignInDialog *self);
gboolean _galley_sign_in_dialog_station_valid   (GalleySignInDialog *self);
void     _galley_sign_in_dialog_set_error       (GalleySignInDialog *self,
                                                 const char         *message);
void     _galley_sign_in_dialog_set_busy        (GalleySignInDialog *self,
                                                 gboolean            busy);
void     _galley_sign_in_dialog_station_clicked (GalleySignInDialog *self);

G_END_DECLS
