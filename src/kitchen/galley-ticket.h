/* galley-ticket.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kitchen/galley-ticket-line.h"
#include "orders/galley-order.h"

G_BEGIN_DECLS

/* The two thresholds of K-3: normal → warning → late. */
typedef enum
{
  GALLEY_TICKET_NORMAL,
  GALLEY_TICKET_WARNING,
  GALLEY_TICKET_LATE,
} GalleyTicketUrgency;

#define GALLEY_TYPE_TICKET_URGENCY (galley_ticket_urgency_get_type ())
GType galley_ticket_urgency_get_type (void);

/* What a refresh found new, so the board can play the right cue and write the audit log. */
typedef enum
{
  GALLEY_TICKET_REFRESH_NONE      = 0,
  GALLEY_TICKET_REFRESH_LINES     = 1 << 0,   /* the lines shown changed */
  GALLEY_TICKET_REFRESH_ADDED     = 1 << 1,   /* a line was added */
  GALLEY_TICKET_REFRESH_VOIDED    = 1 << 2,   /* a line was voided */
  GALLEY_TICKET_REFRESH_MODIFIED  = 1 << 3,   /* a quantity, modifier or note changed */
  GALLEY_TICKET_REFRESH_CANCELLED = 1 << 4,   /* the order was cancelled */
  GALLEY_TICKET_REFRESH_RUSH      = 1 << 5,   /* the order became a rush */
  GALLEY_TICKET_REFRESH_ALLERGY   = 1 << 6,   /* an allergy appeared */
} GalleyTicketRefresh;

/* The station of an order line, or NULL when it goes nowhere (shown at expo as unrouted). */
typedef const char *(*GalleyTicketRouteFunc) (GalleyOrderItem *item,
                                              gpointer         user_data);

#define GALLEY_TICKET_STATION_ALL  "all"
#define GALLEY_TICKET_STATION_EXPO "expo"

#define GALLEY_TYPE_TICKET (galley_ticket_get_type ())
G_DECLARE_FINAL_TYPE (GalleyTicket, galley_ticket, GALLEY, TICKET, GObject)

GalleyTicket        *galley_ticket_new                  (GalleyOrder          *order,
                                                         const char           *station);
GalleyOrder         *galley_ticket_get_order            (GalleyTicket         *self);
const char          *galley_ticket_get_id               (GalleyTicket         *self);
const char          *galley_ticket_get_station          (GalleyTicket         *self);
GListModel          *galley_ticket_get_lines            (GalleyTicket         *self);

GalleyTicketRefresh  galley_ticket_refresh              (GalleyTicket         *self,
                                                         GalleyTicketRouteFunc route,
                                                         gpointer              user_data);
gboolean             galley_ticket_get_has_changes      (GalleyTicket         *self);
void                 galley_ticket_clear_changes        (GalleyTicket         *self);
guint                galley_ticket_get_n_lines_open     (GalleyTicket         *self);
guint                galley_ticket_get_n_lines_live     (GalleyTicket         *self);
gboolean             galley_ticket_set_line_done        (GalleyTicket         *self,
                                                         const char           *item_id,
                                                         gboolean              done);
GalleyTicketLine    *galley_ticket_find_line            (GalleyTicket         *self,
                                                         const char           *item_id);

gint64               galley_ticket_get_started_at       (GalleyTicket         *self);
void                 galley_ticket_set_started_at       (GalleyTicket         *self,
                                                         gint64                started_at);
gboolean             galley_ticket_tick                 (GalleyTicket         *self,
                                                         gint64                now,
                                                         guint                 warning_s,
                                                         guint                 late_s);
gint64               galley_ticket_get_elapsed          (GalleyTicket         *self);
GalleyTicketUrgency  galley_ticket_get_urgency          (GalleyTicket         *self);
char                *galley_ticket_dup_elapsed_text     (GalleyTicket         *self);

gboolean             galley_ticket_get_rush             (GalleyTicket         *self);
gboolean             galley_ticket_get_allergy          (GalleyTicket         *self);
char                *galley_ticket_dup_allergens        (GalleyTicket         *self);
gboolean             galley_ticket_get_acknowledged     (GalleyTicket         *self);
const char          *galley_ticket_get_acknowledged_by  (GalleyTicket         *self);
gint64               galley_ticket_get_acknowledged_at  (GalleyTicket         *self);
void                 galley_ticket_set_acknowledged     (GalleyTicket         *self,
                                                         const char           *who,
                                                         gint64                at);
gboolean             galley_ticket_get_needs_ack        (GalleyTicket         *self);

gboolean             galley_ticket_get_cancelled        (GalleyTicket         *self);
gboolean             galley_ticket_get_recalled         (GalleyTicket         *self);
void                 galley_ticket_set_recalled         (GalleyTicket         *self,
                                                         gboolean              recalled);
gboolean             galley_ticket_get_scheduled        (GalleyTicket         *self);
void                 galley_ticket_set_scheduled        (GalleyTicket         *self,
                                                         gboolean              scheduled);
gint64               galley_ticket_get_fire_at          (GalleyTicket         *self);

void                 galley_ticket_set_also_at          (GalleyTicket         *self,
                                                         const char * const   *stations);
const char * const  *galley_ticket_get_also_at          (GalleyTicket         *self);
void                 galley_ticket_set_progress         (GalleyTicket         *self,
                                                         const char * const   *stations,
                                                         guint64               done_mask,
                                                         int                   slowest);
const char * const  *galley_ticket_get_progress_stations (GalleyTicket        *self);
guint64              galley_ticket_get_progress_done    (GalleyTicket         *self);
int                  galley_ticket_get_progress_slowest (GalleyTicket         *self);

char                *galley_ticket_dup_title            (GalleyTicket         *self);
char                *galley_ticket_dup_number           (GalleyTicket         *self);
char                *galley_ticket_dup_accessible_label (GalleyTicket         *self);
char                *galley_ticket_dup_notes            (GalleyTicket         *self);

const char          *galley_order_kind_get_label        (GalleyOrderKind       kind);
const char          *galley_order_kind_get_icon_name    (GalleyOrderKind       kind);
char                *galley_station_dup_label           (const char           *station);

G_END_DECLS
