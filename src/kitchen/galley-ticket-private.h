/* galley-ticket-private.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by galley-ticket.c and its satellite galley-ticket-state.c only.
 */
#pragma once

#include "kitchen/galley-ticket.h"

G_BEGIN_DECLS

#define MAX_PROGRESS_STATIONS 64

struct _GalleyTicket
{
  GObject              parent_instance;

  GalleyOrder         *order;
  char                *station;
  GListStore          *lines;          /* GalleyTicketLine */

  /* the lines as the cook last saw them: item id -> GalleyOrderItem (ref) */
  GHashTable          *baseline;
  GPtrArray           *baseline_ids;   /* their order */
  gboolean             built;

  gint64               started_at;
  gint64               elapsed;        /* seconds */
  GalleyTicketUrgency  urgency;

  gboolean             rush;
  gboolean             allergy;
  char                *allergens;
  gboolean             has_changes;
  gboolean             cancelled;

  gboolean             acknowledged;
  char                *acknowledged_by;
  gint64               acknowledged_at;

  gboolean             recalled;
  gboolean             scheduled;

  char               **also_at;
  char               **progress_stations;
  guint64              progress_done;
  int                  progress_slowest;
};

typedef enum {
  PROP_0,
  PROP_ORDER,
  PROP_STATION,
  PROP_STARTED_AT,
  PROP_ELAPSED,
  PROP_URGENCY,
  PROP_RUSH,
  PROP_ALLERGY,
  PROP_HAS_CHANGES,
  PROP_CANCELLED,
  PROP_ACKNOWLEDGED,
  PROP_RECALLED,
  PROP_SCHEDULED,
  PROP_ALSO_AT,
  PROP_PROGRESS,
  PROP_N_LINES_OPEN,
  N_PROPS
} GalleyTicketProp;

void _galley_ticket_notify (GalleyTicket *self,
                            guint         prop);

G_END_DECLS
