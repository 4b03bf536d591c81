/* galley-item-dialog-private.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For GalleyItemDialog's own files and its tests: the instance struct, the choices facet
 * (galley-item-dialog-choices.c), and the controls a cashier uses, to drive it as they would.
 */
#pragma once

#include "counter/galley-item-dialog.h"

G_BEGIN_DECLS

typedef struct
{
  GtkCheckButton *button;
  guint           group;
  int             option;   /* -1: "None" */
} GalleyOptionButton;

struct _GalleyItemDialog
{
  AdwWindow         parent_instance;

  /* template */
  GtkLabel         *title_label;
  GtkWidget        *commit_button;
  GtkLabel         *description_label;
  GtkBox           *groups_box;
  GtkSpinButton    *quantity_spin;
  AdwEntryRow      *notes_row;
  AdwEntryRow      *allergy_row;
  GtkLabel         *message_label;
  GtkLabel         *price_label;

  GalleyMenu       *menu;
  GalleyCart       *cart;
  GalleyMenuItem   *item;
  GalleyCartLine   *line;          /* edit mode: the line in the cart; NULL: add mode */
  GalleyCartLine   *preview;       /* the choices, checked by the cart's rules */
  GArray           *buttons;       /* GalleyOptionButton */
  GPtrArray        *free_text;     /* spoken modifications of the line kept as they are */
  gboolean          sold_out;      /* the menu 86'd the dish while the dialog was open */
  char             *commit_error;  /* the cart's refusal of the last commit */
  GtkWindow        *confirm;       /* weak: the quantity confirmation */
};

/* galley-item-dialog.c */
void            _galley_item_dialog_update          (GalleyItemDialog *self);
/* galley-item-dialog-choices.c */
void            _galley_item_dialog_build_groups    (GalleyItemDialog *self);
void            _galley_item_dialog_load_line       (GalleyItemDialog *self);
void            _galley_item_dialog_update_limits   (GalleyItemDialog *self);
void            _galley_item_dialog_collect_choices (GalleyItemDialog *self,
                                                     GPtrArray        *ids,
                                                     GPtrArray        *free_text);

/* tests */

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
