/* galley-diagnostics-view.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a terminal holds right now: memory with its trend, fds, named sources, live objects by
 * type and, with --demo, the demo server's figures. Refreshed by the shared clock only while
 * the view is mapped.
 */
#define G_LOG_DOMAIN "galley-diagnostics-view"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "diag/galley-diagnostics-view.h"
#include "diag/galley-instances.h"
#include "diag/galley-resources.h"
#include "diag/galley-rss-graph.h"
#include "util/galley-source.h"

struct _GalleyDiagnosticsView
{
  GtkWidget             parent_instance;

  GalleyServices       *services;
  GSignalGroup         *clock_signals;
  gboolean              holding_clock;

  GHashTable           *type_rows;      /* static name -> AdwActionRow (owned by the group) */
  GHashTable           *source_rows;    /* static name -> AdwActionRow */

  /* template */
  GtkScrolledWindow    *scroller;
  GtkLabel             *link_state_label;
  GtkLabel             *link_server_label;
  GtkLabel             *link_last_frame_label;
  GtkLabel             *link_reconnects_label;
  GtkLabel             *link_frames_label;
  GtkLabel             *link_rejected_label;
  GtkLabel             *feed_applied_label;
  GtkLabel             *feed_stale_label;
  GtkLabel             *feed_resyncs_label;
  GtkLabel             *feed_corrections_label;
  GtkLabel             *feed_orders_label;
  GtkLabel             *outbox_depth_label;
  GtkLabel             *outbox_conflicts_label;
  GtkLabel             *sound_state_label;
  GtkLabel             *sound_played_label;
  GtkLabel             *sound_dropped_label;
  GtkLabel             *sound_reconnects_label;
  AdwPreferencesGroup  *demo_group;
  GtkLabel             *demo_address_label;
  GtkLabel             *demo_generated_label;
  GtkLabel             *demo_orders_label;
  GtkLabel             *demo_clients_label;
  GtkLabel             *demo_signed_in_label;
  GtkLabel             *rss_label;
  GtkLabel             *growth_label;
  GtkWidget            *growth_icon;
  GalleyRssGraph       *rss_graph;
  GtkLabel             *fds_label;
  GtkLabel             *sources_label;
  GtkLabel             *objects_label;
  AdwPreferencesGroup  *sources_group;
  AdwPreferencesGroup  *types_group;
};

G_DEFINE_FINAL_TYPE (GalleyDiagnosticsView, galley_diagnostics_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SERVICES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_label_uint (GtkLabel *label,
                guint64   value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, value);

  gtk_label_set_text (label, text);
}

static GtkWidget *
new_count_row (const char *title)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (NULL);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  g_object_set_data (G_OBJECT (row), "galley-count-label", label);

  return row;
}

static void
set_row_count (GtkWidget *row,
               int        count)
{
  GtkLabel *label = g_object_get_data (G_OBJECT (row), "galley-count-label");
  g_autofree char *text = g_strdup_printf ("%d", count);

  gtk_label_set_text (label, text);
}

static void
refresh_types (GalleyDiagnosticsView *self)
{
  g_autoptr(GArray) counts = galley_instances_snapshot ();

  for (guint i = 0; i < counts->len; i++)
    {
      const GalleyInstanceCount *c = &g_array_index (counts, GalleyInstanceCount, i);
      GtkWidget *row = g_hash_table_lookup (self->type_rows, c->name);

      if (row == NULL)
        {
          row = new_count_row (c->name);
          adw_preferences_group_add (self->types_group, row);
          g_hash_table_insert (self->type_rows, (gpointer) c->name, row);
        }
      set_row_count (row, c->live);
    }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
refresh_sources (GalleyDiagnosticsView *self)
{
  g_autoptr(GHashTable) live = galley_source_list_live ();
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->source_rows);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (live, key))
      g_ptr_array_add (gone, key);

  for (guint i = 0; i < gone->len; i++)
    {
      GtkWidget *row = g_hash_table_lookup (self->source_rows, g_ptr_array_index (gone, i));

      adw_preferences_group_remove (self->sources_group, row);
      g_hash_table_remove (self->source_rows, g_ptr_array_index (gone, i));
    }

  /* new names in a stable order */
  g_hash_table_iter_init (&iter, live);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_ptr_array_add (names, key);
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      GtkWidget *row = g_hash_table_lookup (self->source_rows, name);

      if (row == NULL)
        {
          row = new_count_row (name);
          adw_preferences_group_add (self->sources_group, row);
          g_hash_table_insert (self->source_rows, (gpointer) name, row);
        }
      set_row_count (row, GPOINTER_TO_INT (g_hash_table_lookup (live, name)));
    }
}

static void
refresh_demo (GalleyDiagnosticsView *self)
{
  GalleyDemoServer *demo = self->services != NULL
                             ? galley_services_get_demo_server (self->services) : NULL;
  g_autofree char *url = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->demo_group), demo != NULL);
  if (demo == NULL)
    return;

  url = galley_demo_server_get_running (demo) ? galley_demo_server_dup_base_url (demo)
                                              : g_strdup (_("Stopped"));
  gtk_label_set_text (self->demo_address_label, url);
  set_label_uint (self->demo_generated_label, galley_demo_server_get_orders_generated (demo));
  set_label_uint (self->demo_orders_label, galley_demo_server_get_n_orders (demo));
  set_label_uint (self->demo_clients_label, galley_demo_server_get_clients (demo));
  set_label_uint (self->demo_signed_in_label,
                  galley_demo_server_get_clients_authenticated (demo));
}

static char *
link_state_text (GalleyOrderLink *link)
{
  gint64 now = g_get_monotonic_time ();
  const char *error = galley_order_link_get_last_error (link);

  switch (galley_order_link_get_state (link))
    {
    case GALLEY_LINK_DISCONNECTED:
      return g_strdup (_("Not connected"));
    case GALLEY_LINK_CONNECTING:
    case GALLEY_LINK_AUTHENTICATING:
      return g_strdup (_("Connecting…"));
    case GALLEY_LINK_SYNCING:
      return g_strdup (_("Updating…"));
    case GALLEY_LINK_LIVE:
      return g_strdup (_("Live"));
    case GALLEY_LINK_WAITING:
      {
        gint64 next = galley_order_link_get_next_retry (link);
        gint64 seconds = next > now ? (next - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC : 0;

        return g_strdup_printf (ngettext ("Offline — reconnecting in %d second (attempt %u)",
                                          "Offline — reconnecting in %d seconds (attempt %u)",
                                          (gulong) seconds),
                                (int) seconds, galley_order_link_get_attempt (link));
      }
    case GALLEY_LINK_AUTH_FAILED:
      return g_strdup_printf (_("Sign-in needed: %s"), error != NULL ? error : "");
    case GALLEY_LINK_STOPPED:
      return g_strdup_printf (_("Stopped: %s"), error != NULL ? error : "");
    default:
      return g_strdup ("");
    }
}

static void
refresh_feed (GalleyDiagnosticsView *self)
{
  GalleyOrderLink *link;
  GalleyOrderFeed *feed;
  GalleyOutbox *outbox;
  g_autofree char *state = NULL, *last = NULL, *depth = NULL;
  gint64 last_frame;

  if (self->services == NULL)
    return;

  link = galley_services_get_link (self->services);
  feed = galley_services_get_feed (self->services);
  outbox = galley_services_get_outbox (self->services);

  state = link_state_text (link);
  gtk_label_set_text (self->link_state_label, state);
  gtk_label_set_text (self->link_server_label, galley_services_get_server_url (self->services));

  last_frame = galley_order_link_get_last_frame (link);
  if (last_frame == 0)
    last = g_strdup (_("Never"));
  else
    {
      gint64 seconds = (g_get_monotonic_time () - last_frame) / G_USEC_PER_SEC;

      last = g_strdup_printf (ngettext ("%d second ago", "%d seconds ago", (gulong) seconds),
                              (int) seconds);
    }
  gtk_label_set_text (self->link_last_frame_label, last);
  set_label_uint (self->link_reconnects_label, galley_order_link_get_reconnects (link));
  set_label_uint (self->link_frames_label, galley_order_link_get_frames_received (link));
  set_label_uint (self->link_rejected_label, galley_order_link_get_frames_rejected (link) +
                                             galley_order_feed_get_rows_rejected (feed));
  set_label_uint (self->feed_applied_label, galley_order_feed_get_events_applied (feed));
  set_label_uint (self->feed_stale_label, galley_order_feed_get_events_stale (feed));
  set_label_uint (self->feed_resyncs_label, galley_order_feed_get_resyncs (feed));
  set_label_uint (self->feed_corrections_label, galley_order_feed_get_corrections (feed));
  set_label_uint (self->feed_orders_label,
                  g_list_model_get_n_items (G_LIST_MODEL (galley_services_get_store (self->services))));

  if (outbox == NULL)
    depth = g_strdup (galley_services_get_outbox_error (self->services));
  else
    depth = g_strdup_printf ("%u", galley_outbox_get_depth (outbox));
  gtk_label_set_text (self->outbox_depth_label, depth);
  set_label_uint (self->outbox_conflicts_label,
                  outbox != NULL ? galley_outbox_get_conflicts (outbox) : 0);
}

static void
refresh_sound (GalleyDiagnosticsView *self)
{
  GalleyAudioEngine *engine;
  GalleyCuePlayer *player;
  const char *state;

  if (self->services == NULL)
    return;

  engine = galley_services_get_audio_engine (self->services);
  player = galley_services_get_cue_player (self->services);
  switch (galley_audio_engine_get_state (engine))
    {
    case GALLEY_AUDIO_STATE_READY:
      state = _("Connected");
      break;
    case GALLEY_AUDIO_STATE_CONNECTING:
      state = _("Connecting…");
      break;
    case GALLEY_AUDIO_STATE_FAILED:
      state = galley_audio_engine_get_error_message (engine);
      break;
    case GALLEY_AUDIO_STATE_DISCONNECTED:
    default:
      state = _("Not connected (connects for the first sound)");
      break;
    }
  if (galley_cue_player_get_muted (player))
    state = _("Muted in Preferences");
  gtk_label_set_text (self->sound_state_label, state != NULL ? state : "");
  set_label_uint (self->sound_played_label, galley_cue_player_get_cues_played (player));
  set_label_uint (self->sound_dropped_label, galley_cue_player_get_cues_dropped (player));
  set_label_uint (self->sound_reconnects_label, galley_audio_engine_get_reconnects (engine));
}

static void
refresh_memory (GalleyDiagnosticsView *self)
{
  GalleySampler *sampler = self->services != NULL
                             ? galley_services_get_sampler (self->services) : NULL;
  g_autofree char *rss = g_format_size (galley_resources_rss_bytes ());
  g_autofree char *growth = NULL;
  gboolean warning = sampler != NULL && galley_sampler_get_rss_warning (sampler);

  gtk_label_set_text (self->rss_label, rss);

  if (sampler == NULL || galley_sampler_get_n_samples (sampler) < 2)
    growth = g_strdup (_("Not enough samples yet"));
  else if (warning)
    /* the icon is not the only cue: the words say it too */
    growth = g_strdup_printf (_("%+.1f %% — possible leak"),
                              galley_sampler_get_rss_growth (sampler) * 100.0);
  else if (galley_sampler_get_n_samples (sampler) < GALLEY_SAMPLER_WINDOW)
    growth = g_strdup_printf (_("%+.1f %% (%u of %u samples)"),
                              galley_sampler_get_rss_growth (sampler) * 100.0,
                              galley_sampler_get_n_samples (sampler), GALLEY_SAMPLER_WINDOW);
  else
    growth = g_strdup_printf (_("%+.1f %%"), galley_sampler_get_rss_growth (sampler) * 100.0);

  gtk_label_set_text (self->growth_label, growth);
  gtk_widget_set_visible (self->growth_icon, warning);
}

/**
 * galley_diagnostics_view_refresh:
 *
 * Reads every figure again. The clock calls this once a second while the view is mapped.
 */
void
galley_diagnostics_view_refresh (GalleyDiagnosticsView *self)
{
  g_return_if_fail (GALLEY_IS_DIAGNOSTICS_VIEW (self));

  refresh_feed (self);
  refresh_sound (self);
  refresh_demo (self);
  refresh_memory (self);
  set_label_uint (self->fds_label, galley_resources_count_fds ());
  set_label_uint (self->sources_label, galley_source_count_live (GALLEY_SOURCE_PREFIX));
  set_label_uint (self->objects_label, (guint64) MAX (0, galley_instances_total_galley ()));
  refresh_sources (self);
  refresh_types (self);
}

static void
tick_cb (GalleyDiagnosticsView *self,
         GalleyClock           *clock)
{
  galley_diagnostics_view_refresh (self);
}

static void
update_clock_hold (GalleyDiagnosticsView *self)
{
  GalleyClock *clock = g_signal_group_dup_target (self->clock_signals);
  gboolean want = clock != NULL && gtk_widget_get_mapped (GTK_WIDGET (self));

  if (want && !self->holding_clock)
    galley_clock_hold (clock);
  self->holding_clock = want;

  g_clear_object (&clock);
}

static void
release_clock (GalleyDiagnosticsView *self)
{
  GalleyClock *clock = g_signal_group_dup_target (self->clock_signals);

  if (self->holding_clock && clock != NULL)
    galley_clock_release (clock);
  self->holding_clock = FALSE;

  g_clear_object (&clock);
}

static void
galley_diagnostics_view_map (GtkWidget *widget)
{
  GalleyDiagnosticsView *self = GALLEY_DIAGNOSTICS_VIEW (widget);

  GTK_WIDGET_CLASS (galley_diagnostics_view_parent_class)->map (widget);

  galley_diagnostics_view_refresh (self);
  update_clock_hold (self);
}

static void
galley_diagnostics_view_unmap (GtkWidget *widget)
{
  GalleyDiagnosticsView *self = GALLEY_DIAGNOSTICS_VIEW (widget);

  release_clock (self);

  GTK_WIDGET_CLASS (galley_diagnostics_view_parent_class)->unmap (widget);
}

static void
galley_diagnostics_view_dispose (GObject *object)
{
  GalleyDiagnosticsView *self = GALLEY_DIAGNOSTICS_VIEW (object);

  /* 1-2. the clock: stop holding it, then drop the handler */
  release_clock (self);
  g_signal_group_set_target (self->clock_signals, NULL);

  /* 5. references; the rows belong to their groups, which the template disposes */
  g_clear_object (&self->services);
  g_clear_pointer (&self->type_rows, g_hash_table_unref);
  g_clear_pointer (&self->source_rows, g_hash_table_unref);

  /* 6. template */
  gtk_widget_dispose_template (GTK_WIDGET (self), GALLEY_TYPE_DIAGNOSTICS_VIEW);

  G_OBJECT_CLASS (galley_diagnostics_view_parent_class)->dispose (object);
}

static void
galley_diagnostics_view_finalize (GObject *object)
{
  GalleyDiagnosticsView *self = GALLEY_DIAGNOSTICS_VIEW (object);

  g_assert (!self->holding_clock);
  g_assert (self->services == NULL);
  g_clear_object (&self->clock_signals);

  G_OBJECT_CLASS (galley_diagnostics_view_parent_class)->finalize (object);
}

static void
galley_diagnostics_view_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  GalleyDiagnosticsView *self = GALLEY_DIAGNOSTICS_VIEW (object);

  switch (prop_id)
    {
    case PROP_SERVICES:
      g_value_set_object (value, self->services);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_diagnostics_view_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  GalleyDiagnosticsView *self = GALLEY_DIAGNOSTICS_VIEW (object);

  switch (prop_id)
    {
    case PROP_SERVICES:
      galley_diagnostics_view_set_services (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_diagnostics_view_class_init (GalleyDiagnosticsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = galley_diagnostics_view_dispose;
  object_class->finalize = galley_diagnostics_view_finalize;
  object_class->get_property = galley_diagnostics_view_get_property;
  object_class->set_property = galley_diagnostics_view_set_property;

  widget_class->map = galley_diagnostics_view_map;
  widget_class->unmap = galley_diagnostics_view_unmap;

  properties[PROP_SERVICES] =
    g_param_spec_object ("services", NULL, NULL, GALLEY_TYPE_SERVICES,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (GALLEY_TYPE_RSS_GRAPH);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/galleypos/Galley/diag/galley-diagnostics-view.ui");
  gtk_widget_class_bind_template_child (widget_class, GalleyDiagnosticsView, scroller);
  gtk_widget_class_bind_template_child (widget_class, GalleyDiagnosticsView, link_state_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyDiagnosticsView, link_server_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyDiagnosticsView, link_last_frame_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyDiagnosticsView, link_reconnects_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyDiagnosticsView, link_frames_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyDiagnosticsView, link_rejected_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyDiagnosticsView, feed_applied_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyDiagnosticsView, feed_stale_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyDiagnosticsView, feed_resyncs_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyDiagnosticsView, feed_corrections_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyDiagnosticsView, feed_orders_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyDiagnosticsView, outbox_depth_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyDiagnosticsView, outbox_conflicts_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyDiagnosticsView, sound_state_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyDiagnosticsView, sound_played_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyDiagnosticsView, sound_dropped_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyDiagnosticsView,
                                        sound_reconnects_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyDiagnosticsView, demo_group);
  gtk_widget_class_bind_template_child (widget_class, GalleyDiagnosticsView, demo_address_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyDiagnosticsView, demo_generated_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyDiagnosticsView, demo_orders_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyDiagnosticsView, demo_clients_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyDiagnosticsView, demo_signed_in_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyDiagnosticsView, rss_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyDiagnosticsView, growth_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyDiagnosticsView, growth_icon);
  gtk_widget_class_bind_template_child (widget_class, GalleyDiagnosticsView, rss_graph);
  gtk_widget_class_bind_template_child (widget_class, GalleyDiagnosticsView, fds_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyDiagnosticsView, sources_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyDiagnosticsView, objects_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyDiagnosticsView, sources_group);
  gtk_widget_class_bind_template_child (widget_class, GalleyDiagnosticsView, types_group);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "diagnosticsview");
}

static void
galley_diagnostics_view_init (GalleyDiagnosticsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->type_rows = g_hash_table_new (g_str_hash, g_str_equal);
  self->source_rows = g_hash_table_new (g_str_hash, g_str_equal);
  self->clock_signals = g_signal_group_new (GALLEY_TYPE_CLOCK);
  g_signal_group_connect_object (self->clock_signals, "tick", G_CALLBACK (tick_cb), self,
                                 G_CONNECT_SWAPPED);
}

/**
 * galley_diagnostics_view_new:
 * @services: (nullable): whose figures to show
 *
 * Returns: (transfer floating): a new Diagnostics view
 */
GtkWidget *
galley_diagnostics_view_new (GalleyServices *services)
{
  return g_object_new (GALLEY_TYPE_DIAGNOSTICS_VIEW, "services", services, NULL);
}

/**
 * galley_diagnostics_view_get_services:
 *
 * Returns: (transfer none) (nullable): the services shown
 */
GalleyServices *
galley_diagnostics_view_get_services (GalleyDiagnosticsView *self)
{
  g_return_val_if_fail (GALLEY_IS_DIAGNOSTICS_VIEW (self), NULL);

  return self->services;
}

void
galley_diagnostics_view_set_services (GalleyDiagnosticsView *self,
                                      GalleyServices        *services)
{
  g_return_if_fail (GALLEY_IS_DIAGNOSTICS_VIEW (self));
  g_return_if_fail (services == NULL || GALLEY_IS_SERVICES (services));

  if (self->services == services)
    return;

  release_clock (self);
  g_set_object (&self->services, services);
  g_signal_group_set_target (self->clock_signals,
                             services != NULL ? galley_services_get_clock (services) : NULL);
  galley_rss_graph_set_sampler (self->rss_graph,
                                services != NULL ? galley_services_get_sampler (services) : NULL);
  update_clock_hold (self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    galley_diagnostics_view_refresh (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVICES]);
}
