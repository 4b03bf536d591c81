/* galley-clock.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define GALLEY_TYPE_CLOCK (galley_clock_get_type ())
G_DECLARE_FINAL_TYPE (GalleyClock, galley_clock, GALLEY, CLOCK, GObject)

GalleyClock *galley_clock_new             (guint        interval_ms);
GalleyClock *galley_clock_get_default     (void);
guint        galley_clock_get_interval    (GalleyClock *self);
gboolean     galley_clock_get_running     (GalleyClock *self);
guint64      galley_clock_get_ticks       (GalleyClock *self);
void         galley_clock_hold            (GalleyClock *self);
void         galley_clock_release         (GalleyClock *self);

G_END_DECLS
