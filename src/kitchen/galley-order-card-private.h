/* galley-order-card-private.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by galley-order-card.c and its satellites (galley-order-card-state.c,
 * galley-order-card-lines.c) only.
 */
#pragma once

#include "kitchen/galley-order-card.h"

G_BEGIN_DECLS

struct _GalleyOrderCard
{
  GtkWidget      parent_instance;

  GalleyTicket  *ticket;
  GSignalGroup  *ticket_signals;
  GListModel    *lines;            /* the ticket's, watched */
  gulong         lines_changed_id;
  GPtrArray     *line_handlers;    /* LineHandler: notify on each shown line */
  guint          position;
  gboolean       selected;
  gboolean       highlighted;

  /* template */
  GtkWidget     *root;
  GtkLabel      *position_label;
  GtkLabel      *number_label;
  GtkLabel      *title_label;
  GtkWidget     *kind_badge;
  GtkImage      *kind_icon;
  GtkLabel      *kind_label;
  GtkImage      *urgency_icon;
  GtkLabel      *elapsed_label;
  GtkLabel      *urgency_label;
  GtkWidget     *rush_badge;
  GtkWidget     *recalled_label;
  GtkWidget     *allergy_banner;
  GtkLabel      *allergy_label;
  GtkWidget     *ack_button;
  GtkLabel      *acked_label;
  GtkWidget     *changes_button;
  GtkWidget     *cancelled_banner;
  GtkWidget     *scheduled_box;
  GtkLabel      *fire_label;
  GtkWidget     *lines_box;
  GtkLabel      *notes_label;
  GtkLabel      *also_at_label;
  GtkWidget     *progress_box;
  GtkWidget     *actions_box;
  GtkWidget     *bump_button;
  GtkWidget     *picked_up_button;
  GtkWidget     *complete_button;
};

typedef struct
{
  GalleyTicketLine *line;
  gulong            handler;
} LineHandler;

/* galley-order-card.c */
gboolean _galley_order_card_is_expo                  (GalleyOrderCard *self);
void     _galley_order_card_request                  (GalleyOrderCard *self,
                                                      const char      *action,
                                                      const char      *item_id);

/* galley-order-card-state.c */
void     _galley_order_card_update_accessible_label  (GalleyOrderCard *self);
void     _galley_order_card_update_time              (GalleyOrderCard *self);
void     _galley_order_card_update_urgency           (GalleyOrderCard *self);
void     _galley_order_card_update_flags             (GalleyOrderCard *self);
void     _galley_order_card_update_also_at           (GalleyOrderCard *self);
void     _galley_order_card_update_progress          (GalleyOrderCard *self);
void     _galley_order_card_update_header            (GalleyOrderCard *self);

/* galley-order-card-lines.c */
void     _galley_order_card_line_handler_free        (gpointer         data);
void     _galley_order_card_rebuild_lines            (GalleyOrderCard *self);
void     _galley_order_card_lines_changed_cb         (GalleyOrderCard *self);

G_END_DECLS
