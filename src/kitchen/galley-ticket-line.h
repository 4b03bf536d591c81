/* galley-ticket-line.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "orders/galley-order-item.h"

G_BEGIN_DECLS

/* How a line differs from what the cook last saw (kitchen-and-counter.md K-11). */
typedef enum
{
  GALLEY_LINE_CHANGE_NONE,
  GALLEY_LINE_CHANGE_ADDED,       /* a new line */
  GALLEY_LINE_CHANGE_VOIDED,      /* the line was removed: kept, struck through */
  GALLEY_LINE_CHANGE_QUANTITY,    /* "2 → 1" */
  GALLEY_LINE_CHANGE_MODIFIED,    /* modifiers, notes or name changed */
} GalleyLineChange;

#define GALLEY_TYPE_LINE_CHANGE (galley_line_change_get_type ())
GType galley_line_change_get_type (void);

#define GALLEY_TYPE_TICKET_LINE (galley_ticket_line_get_type ())
G_DECLARE_FINAL_TYPE (GalleyTicketLine, galley_ticket_line, GALLEY, TICKET_LINE, GObject)

GalleyTicketLine *galley_ticket_line_new              (GalleyOrderItem  *item,
                                                       const char       *station);
GalleyOrderItem  *galley_ticket_line_get_item         (GalleyTicketLine *self);
const char       *galley_ticket_line_get_item_id      (GalleyTicketLine *self);
const char       *galley_ticket_line_get_station      (GalleyTicketLine *self);
GalleyLineChange  galley_ticket_line_get_change       (GalleyTicketLine *self);
int               galley_ticket_line_get_old_quantity (GalleyTicketLine *self);
void              galley_ticket_line_set_change       (GalleyTicketLine *self,
                                                       GalleyLineChange  change,
                                                       int               old_quantity);
gboolean          galley_ticket_line_get_done         (GalleyTicketLine *self);
void              galley_ticket_line_set_done         (GalleyTicketLine *self,
                                                       gboolean          done);
gboolean          galley_ticket_line_get_allergy      (GalleyTicketLine *self);
char             *galley_ticket_line_dup_quantity_text (GalleyTicketLine *self);
char             *galley_ticket_line_dup_accessible_text (GalleyTicketLine *self);

G_END_DECLS
