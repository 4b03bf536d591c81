/* galley-clock.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One periodic tick shared by everything that shows elapsed time: a board of 500 cards
 * connects 500 handlers to one timer instead of arming 500 timers. The clock runs only while
 * somebody holds it (a mapped window), so a hidden or closed window costs no wake-ups.
 */
#define G_LOG_DOMAIN "galley-clock"

#include "util/galley-clock.h"
#include "util/galley-source.h"

struct _GalleyClock
{
  GObject parent_instance;

  guint   interval_ms;
  guint   holds;
  guint   tick_id;
  guint64 ticks;
};

G_DEFINE_FINAL_TYPE (GalleyClock, galley_clock, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INTERVAL,
  PROP_RUNNING,
  N_PROPS
};

enum {
  TICK,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The process-wide clock is shared while somebody holds a reference, and freed with the last
 * one, so a closed window leaves no clock behind. */
static GalleyClock *default_clock;

static gboolean
tick_cb (gpointer user_data)
{
  GalleyClock *self = user_data;

  self->ticks++;
  g_signal_emit (self, signals[TICK], 0);

  return G_SOURCE_CONTINUE;
}

static void
set_running (GalleyClock *self,
             gboolean     running)
{
  if (running == (self->tick_id != 0))
    return;

  if (running)
    self->tick_id = galley_timeout_add_named ("galley-clock-tick", self->interval_ms,
                                              tick_cb, self, NULL);
  else
    g_clear_handle_id (&self->tick_id, g_source_remove);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
galley_clock_dispose (GObject *object)
{
  GalleyClock *self = GALLEY_CLOCK (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);

  G_OBJECT_CLASS (galley_clock_parent_class)->dispose (object);
}

static void
galley_clock_finalize (GObject *object)
{
  GalleyClock *self = GALLEY_CLOCK (object);

  g_assert (self->tick_id == 0);

  if (default_clock == self)
    default_clock = NULL;

  G_OBJECT_CLASS (galley_clock_parent_class)->finalize (object);
}

static void
galley_clock_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  GalleyClock *self = GALLEY_CLOCK (object);

  switch (prop_id)
    {
    case PROP_INTERVAL:
      g_value_set_uint (value, self->interval_ms);
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, self->tick_id != 0);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_clock_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  GalleyClock *self = GALLEY_CLOCK (object);

  switch (prop_id)
    {
    case PROP_INTERVAL:
      self->interval_ms = g_value_get_uint (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_clock_class_init (GalleyClockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = galley_clock_dispose;
  object_class->finalize = galley_clock_finalize;
  object_class->get_property = galley_clock_get_property;
  object_class->set_property = galley_clock_set_property;

  properties[PROP_INTERVAL] =
    g_param_spec_uint ("interval", NULL, NULL, 1, G_MAXUINT, 1000,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GalleyClock::tick:
   *
   * Emitted once per interval while the clock is held.
   */
  signals[TICK] = g_signal_new ("tick", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
galley_clock_init (GalleyClock *self)
{
  self->interval_ms = 1000;
}

/**
 * galley_clock_new:
 * @interval_ms: the tick interval
 *
 * Returns: (transfer full): a new clock, stopped until held
 */
GalleyClock *
galley_clock_new (guint interval_ms)
{
  g_return_val_if_fail (interval_ms > 0, NULL);

  return g_object_new (GALLEY_TYPE_CLOCK, "interval", interval_ms, NULL);
}

/**
 * galley_clock_get_default:
 *
 * The shared one-second clock. It lives while somebody holds a reference.
 *
 * Returns: (transfer full): the shared clock
 */
GalleyClock *
galley_clock_get_default (void)
{
  if (default_clock != NULL)
    return g_object_ref (default_clock);

  default_clock = galley_clock_new (1000);

  return default_clock;
}

guint
galley_clock_get_interval (GalleyClock *self)
{
  g_return_val_if_fail (GALLEY_IS_CLOCK (self), 0);

  return self->interval_ms;
}

gboolean
galley_clock_get_running (GalleyClock *self)
{
  g_return_val_if_fail (GALLEY_IS_CLOCK (self), FALSE);

  return self->tick_id != 0;
}

guint64
galley_clock_get_ticks (GalleyClock *self)
{
  g_return_val_if_fail (GALLEY_IS_CLOCK (self), 0);

  return self->ticks;
}

/**
 * galley_clock_hold:
 *
 * Starts the clock if it was stopped. Every hold needs one galley_clock_release().
 */
void
galley_clock_hold (GalleyClock *self)
{
  g_return_if_fail (GALLEY_IS_CLOCK (self));

  if (self->holds++ == 0)
    set_running (self, TRUE);
}

void
galley_clock_release (GalleyClock *self)
{
  g_return_if_fail (GALLEY_IS_CLOCK (self));
  g_return_if_fail (self->holds > 0);

  if (--self->holds == 0)
    set_running (self, FALSE);
}
