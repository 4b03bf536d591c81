/* galley-item-dialog-private.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For GalleyItemDialog's tests: the controls a cashier uses, to drive it as they would.
 */
#pragma once

#include "counter/galley-item-dialog.h"

G_BEGIN_DECLS

/* @option: an index into the group's options, or -1 for the "None" choice of an optional
 * single-choice group; NULL when there is no such button */
GtkCheckButton *_galley_item_dialog_get_option    (GalleyItemDialog *self,
                                                   guint             group,
                                                   int               option);
GtkSpinButton  *_galley_item_dialog_get_quantity  (GalleyItemDialog *self);
GtkEditable    *_galley_item_dialog_get_notes     (GalleyItemDialog *self);
GtkEditable    *_galley_item_dialog_get_allergy   (GalleyItemDialog *self);
const char     *_galley_item_dialog_get_message   (GalleyItemDialog *self);
const char     *_galley_item_dialog_get_price     (GalleyItemDialog *self);
GtkWindow      *_galley_item_dialog_get_confirm   (GalleyItemDialog *self);
GtkWidget      *_galley_item_dialog_get_commit_button (GalleyItemDialog *self);

G_END_DECLS
