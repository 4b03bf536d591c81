/* galley-counter-view-private.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyCounterView's struct, shared by its satellites (submit, today's orders) and its tests.
 */
#pragma once

#include "counter/galley-counter-view.h"
#include "counter/galley-review-dialog.h"

G_BEGIN_DECLS

struct _GalleyCounterView
{
  GtkWidget          parent_instance;

  GalleyServices    *services;
  GalleyCart        *cart;
  GCancellable      *cancellable;
  GSignalGroup      *outbox_signals;
  GSignalGroup      *store_signals;
  GSignalGroup      *menu_signals;

  char              *client_ref;   /* the current cart's reference, kept until it is stored */
  char              *blocker;      /* why the order cannot be reviewed, or NULL */
  char              *message;      /* the last message shown */
  GHashTable        *pending;      /* client refs sent from this view, not yet answered */
  GtkWidget         *review_dialog;  /* weak */
  GtkWidget         *order_dialog;   /* weak */
  GtkWidget         *item_dialog;    /* weak: "Edit" on a cart line */
  GtkWidget         *menu_panel;     /* the menu panel in menu_slot, when there is one */
  GtkWidget         *voice_panel;    /* the voice panel under it, when there is one */

  /* template */
  AdwToastOverlay   *toast_overlay;
  GtkWidget         *header_box;
  GtkDropDown       *type_dropdown;
  GtkEntry          *table_entry;
  GtkEntry          *name_entry;
  GtkToggleButton   *rush_button;
  GtkMenuButton     *today_button;
  GtkPopover        *today_popover;
  GtkListBox        *today_list;
  GtkWidget         *menu_slot;
  GalleyCartPanel   *cart_panel;
};

/* galley-counter-view.c */
void      _galley_counter_view_tell              (GalleyCounterView *self,
                                                  const char        *message);
void      _galley_counter_view_update_blocker    (GalleyCounterView *self);
void      _galley_counter_view_new_cart          (GalleyCounterView *self);
void      _galley_counter_view_today_changed     (GalleyCounterView *self);

/* galley-counter-view-actions.c */
void      _galley_counter_view_class_actions_init (GtkWidgetClass   *widget_class);
void      _galley_counter_view_actions_init (GalleyCounterView *self);

/* galley-counter-view-submit.c: the only way an order leaves the counter is the outbox */
gboolean  _galley_counter_view_outbox_ready      (GalleyCounterView *self,
                                                  GError           **error);
void      _galley_counter_view_create_changed    (GalleyCounterView *self,
                                                  const char        *client_ref);
char    **_galley_counter_view_dup_today_refs    (GalleyCounterView *self);
JsonObject *_galley_counter_view_dup_body        (GalleyCounterView *self,
                                                  const char        *client_ref);
char     *_galley_counter_view_dup_state_text    (GalleyCounterView *self,
                                                  const char        *client_ref,
                                                  gboolean          *refused);

/* galley-counter-view-orders.c */
gboolean  _galley_counter_view_fill_from_body    (GalleyCounterView *self,
                                                  JsonObject        *body,
                                                  GError           **error);

G_END_DECLS
