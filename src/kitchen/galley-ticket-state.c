/* galley-ticket-state.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyTicket's state set by the board: time and urgency, allergy acknowledgement, recall, the scheduled
 * lane, "also at" stations and expo's per-station progress.
 */
#define G_LOG_DOMAIN "galley-ticket"

#include "kitchen/galley-ticket-private.h"

gint64
galley_ticket_get_started_at (GalleyTicket *self)
{
  g_return_val_if_fail (GALLEY_IS_TICKET (self), 0);

  return self->started_at;
}

/**
 * galley_ticket_set_started_at:
 * @started_at: when the kitchen got the order (or fired it), µs since the epoch
 */
void
galley_ticket_set_started_at (GalleyTicket *self,
                              gint64        started_at)
{
  g_return_if_fail (GALLEY_IS_TICKET (self));

  if (self->started_at == started_at)
    return;

  self->started_at = started_at;
  _galley_ticket_notify (self, PROP_STARTED_AT);
}

/**
 * galley_ticket_tick:
 * @now: the time, µs since the epoch
 * @warning_s: seconds after which the ticket is running late
 * @late_s: seconds after which it is late
 *
 * Returns: whether the elapsed seconds or the urgency changed
 */
gboolean
galley_ticket_tick (GalleyTicket *self,
                    gint64        now,
                    guint         warning_s,
                    guint         late_s)
{
  gint64 elapsed;
  GalleyTicketUrgency urgency;
  gboolean changed = FALSE;

  g_return_val_if_fail (GALLEY_IS_TICKET (self), FALSE);

  elapsed = self->started_at > 0 && now > self->started_at
            ? (now - self->started_at) / G_USEC_PER_SEC : 0;
  urgency = late_s > 0 && elapsed >= late_s ? GALLEY_TICKET_LATE
            : warning_s > 0 && elapsed >= warning_s ? GALLEY_TICKET_WARNING
            : GALLEY_TICKET_NORMAL;

  if (elapsed != self->elapsed)
    {
      self->elapsed = elapsed;
      _galley_ticket_notify (self, PROP_ELAPSED);
      changed = TRUE;
    }

  if (urgency != self->urgency)
    {
      self->urgency = urgency;
      _galley_ticket_notify (self, PROP_URGENCY);
      changed = TRUE;
    }

  return changed;
}

gint64
galley_ticket_get_elapsed (GalleyTicket *self)
{
  g_return_val_if_fail (GALLEY_IS_TICKET (self), 0);

  return self->elapsed;
}

GalleyTicketUrgency
galley_ticket_get_urgency (GalleyTicket *self)
{
  g_return_val_if_fail (GALLEY_IS_TICKET (self), GALLEY_TICKET_NORMAL);

  return self->urgency;
}

gboolean
galley_ticket_get_rush (GalleyTicket *self)
{
  g_return_val_if_fail (GALLEY_IS_TICKET (self), FALSE);

  return self->rush;
}

gboolean
galley_ticket_get_allergy (GalleyTicket *self)
{
  g_return_val_if_fail (GALLEY_IS_TICKET (self), FALSE);

  return self->allergy;
}

/**
 * galley_ticket_dup_allergens:
 *
 * Returns: (transfer full) (nullable): "nut allergy (Soul Bowl); no dairy (Latte)"
 */
char *
galley_ticket_dup_allergens (GalleyTicket *self)
{
  g_return_val_if_fail (GALLEY_IS_TICKET (self), NULL);

  return g_strdup (self->allergens);
}

gboolean
galley_ticket_get_acknowledged (GalleyTicket *self)
{
  g_return_val_if_fail (GALLEY_IS_TICKET (self), FALSE);

  return self->acknowledged;
}

const char *
galley_ticket_get_acknowledged_by (GalleyTicket *self)
{
  g_return_val_if_fail (GALLEY_IS_TICKET (self), NULL);

  return self->acknowledged_by;
}

gint64
galley_ticket_get_acknowledged_at (GalleyTicket *self)
{
  g_return_val_if_fail (GALLEY_IS_TICKET (self), 0);

  return self->acknowledged_at;
}

/**
 * galley_ticket_set_acknowledged:
 * @who: who acknowledged the allergy
 * @at: when, µs since the epoch
 */
void
galley_ticket_set_acknowledged (GalleyTicket *self,
                                const char   *who,
                                gint64        at)
{
  g_return_if_fail (GALLEY_IS_TICKET (self));

  g_free (self->acknowledged_by);
  self->acknowledged_by = g_strdup (who);
  self->acknowledged_at = at;
  if (!self->acknowledged)
    {
      self->acknowledged = TRUE;
      _galley_ticket_notify (self, PROP_ACKNOWLEDGED);
    }
}

/**
 * galley_ticket_get_needs_ack:
 *
 * Returns: whether an allergy must be acknowledged before the ticket can be bumped (K-10)
 */
gboolean
galley_ticket_get_needs_ack (GalleyTicket *self)
{
  g_return_val_if_fail (GALLEY_IS_TICKET (self), FALSE);

  return self->allergy && !self->acknowledged && !self->cancelled;
}

gboolean
galley_ticket_get_cancelled (GalleyTicket *self)
{
  g_return_val_if_fail (GALLEY_IS_TICKET (self), FALSE);

  return self->cancelled;
}

gboolean
galley_ticket_get_recalled (GalleyTicket *self)
{
  g_return_val_if_fail (GALLEY_IS_TICKET (self), FALSE);

  return self->recalled;
}

void
galley_ticket_set_recalled (GalleyTicket *self,
                            gboolean      recalled)
{
  g_return_if_fail (GALLEY_IS_TICKET (self));

  if (self->recalled == !!recalled)
    return;

  self->recalled = !!recalled;
  _galley_ticket_notify (self, PROP_RECALLED);
}

gboolean
galley_ticket_get_scheduled (GalleyTicket *self)
{
  g_return_val_if_fail (GALLEY_IS_TICKET (self), FALSE);

  return self->scheduled;
}

/**
 * galley_ticket_set_scheduled:
 *
 * A scheduled ticket waits in the scheduled lane until it is fired (K-16).
 */
void
galley_ticket_set_scheduled (GalleyTicket *self,
                             gboolean      scheduled)
{
  g_return_if_fail (GALLEY_IS_TICKET (self));

  if (self->scheduled == !!scheduled)
    return;

  self->scheduled = !!scheduled;
  _galley_ticket_notify (self, PROP_SCHEDULED);
}

/**
 * galley_ticket_get_fire_at:
 *
 * Returns: when a scheduled order fires (`auto_fire_time`), or 0
 */
gint64
galley_ticket_get_fire_at (GalleyTicket *self)
{
  g_return_val_if_fail (GALLEY_IS_TICKET (self), 0);

  return galley_order_get_auto_fire_time (self->order);
}

/**
 * galley_ticket_set_also_at:
 * @stations: (nullable) (array zero-terminated=1): the other stations making part of this order
 */
void
galley_ticket_set_also_at (GalleyTicket       *self,
                           const char * const *stations)
{
  g_return_if_fail (GALLEY_IS_TICKET (self));

  if ((self->also_at == NULL && (stations == NULL || stations[0] == NULL)) ||
      (self->also_at != NULL && stations != NULL &&
       g_strv_equal ((const char * const *) self->also_at, stations)))
    return;

  g_strfreev (self->also_at);
  self->also_at = stations != NULL && stations[0] != NULL ? g_strdupv ((char **) stations) : NULL;
  _galley_ticket_notify (self, PROP_ALSO_AT);
}

/**
 * galley_ticket_get_also_at:
 *
 * Returns: (transfer none) (nullable) (array zero-terminated=1): the other stations
 */
const char * const *
galley_ticket_get_also_at (GalleyTicket *self)
{
  g_return_val_if_fail (GALLEY_IS_TICKET (self), NULL);

  return (const char * const *) self->also_at;
}

/**
 * galley_ticket_set_progress:
 * @stations: (array zero-terminated=1): the stations making this order, in expo order
 * @done_mask: bit i set when station i has finished
 * @slowest: the index of the station working on it longest, or -1
 *
 * Expo's per-station progress (E-1).
 */
void
galley_ticket_set_progress (GalleyTicket       *self,
                            const char * const *stations,
                            guint64             done_mask,
                            int                 slowest)
{
  gboolean same_stations;

  g_return_if_fail (GALLEY_IS_TICKET (self));
  g_return_if_fail (stations == NULL || g_strv_length ((char **) stations) <= MAX_PROGRESS_STATIONS);

  same_stations = (self->progress_stations == NULL && stations == NULL) ||
                  (self->progress_stations != NULL && stations != NULL &&
                   g_strv_equal ((const char * const *) self->progress_stations, stations));

  if (same_stations && self->progress_done == done_mask && self->progress_slowest == slowest)
    return;

  if (!same_stations)
    {
      g_strfreev (self->progress_stations);
      self->progress_stations = stations != NULL ? g_strdupv ((char **) stations) : NULL;
    }
  self->progress_done = done_mask;
  self->progress_slowest = slowest;
  _galley_ticket_notify (self, PROP_PROGRESS);
}

const char * const *
galley_ticket_get_progress_stations (GalleyTicket *self)
{
  g_return_val_if_fail (GALLEY_IS_TICKET (self), NULL);

  return (const char * const *) self->progress_stations;
}

guint64
galley_ticket_get_progress_done (GalleyTicket *self)
{
  g_return_val_if_fail (GALLEY_IS_TICKET (self), 0);

  return self->progress_done;
}

int
galley_ticket_get_progress_slowest (GalleyTicket *self)
{
  g_return_val_if_fail (GALLEY_IS_TICKET (self), -1);

  return self->progress_slowest;
}
