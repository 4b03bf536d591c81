/* galley-kitchen-view.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Kitchen and Expo views: a GalleyBoard shown as pages of order cards (K-18; kitchens
 * page, they do not scroll), with a header of counts, speed of service and link state
 * (K-4), the offline banner (K-20), the undo bar, and side panels for all-day counts and
 * scheduled orders. Only the cards of the current page exist; they are reused while their
 * tickets stay on the page, so the page, the selection and open popovers survive updates
 * (K-19). The view ticks the board from the shared clock only while it is mapped.
 *
 * Pages and cards are in galley-kitchen-view-cards.c, what cards ask in
 * galley-kitchen-view-actions.c, keys in galley-kitchen-view-keys.c, the header and side panels
 * in galley-kitchen-view-panels.c.
 */
#define G_LOG_DOMAIN "galley-kitchen-view"

#include "config.h"

#include <glib/gi18n.h>

#include "kitchen/galley-kitchen-view-private.h"
#include "util/galley-clock.h"
#include "util/galley-source.h"

G_DEFINE_FINAL_TYPE (GalleyKitchenView, galley_kitchen_view, GTK_TYPE_WIDGET)

GParamSpec *_galley_kitchen_view_properties[KV_N_PROPS];

#define properties _galley_kitchen_view_properties

/* ------------------------------------------------------------------ messages */

/* Tells the cook (toast) and the log. */
void
_galley_kitchen_view_notice (GalleyKitchenView *self,
                             const char        *message)
{
  g_message ("%s", message);

  g_free (self->notice);
  self->notice = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[KV_PROP_NOTICE]);

  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-error", "s", message);
}

/* ------------------------------------------------------------------ board */

static void
board_items_changed_cb (GalleyKitchenView *self)
{
  /* several events can arrive in one main-loop turn: lay out once */
  _galley_kitchen_view_queue_relayout (self);
}

static void
board_counts_cb (GalleyKitchenView *self)
{
  _galley_kitchen_view_update_header (self);
}

static void
board_can_undo_cb (GalleyKitchenView *self)
{
  g_autofree char *label = galley_board_dup_undo_label (self->board);

  gtk_label_set_text (self->undo_label, label != NULL ? label : "");
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->undo_revealer),
                                 galley_board_get_can_undo (self->board));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "kitchen.undo",
                                 galley_board_get_can_undo (self->board));
}

static void
board_cue_cb (GalleyKitchenView *self,
              GalleyBoardCue     cue)
{
  /* only the screen in front sounds: an Expo view kept in the background stays quiet */
  if (self->services == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  galley_services_play_cue (self->services, cue);
}

static void
board_recent_cb (GalleyKitchenView *self)
{
  _galley_kitchen_view_update_header (self);
}

static char *
board_station (GalleyKitchenView *self)
{
  g_autofree char *station = NULL;

  if (self->expo)
    return g_strdup (GALLEY_TICKET_STATION_EXPO);

  /* a station chosen in the filter, for a look at another station's tickets */
  if (self->station_choice != NULL)
    return g_strdup (self->station_choice);

  /* the --station option wins over the setting for this run */
  station = g_strdup (galley_services_get_station (self->services));
  if (station == NULL || station[0] == '\0' || g_str_equal (station, GALLEY_TICKET_STATION_EXPO))
    return g_strdup (GALLEY_TICKET_STATION_ALL);

  return g_steal_pointer (&station);
}

/* (Re)creates the board for the services and the station set now. */
void
_galley_kitchen_view_rebuild_board (GalleyKitchenView *self)
{
  g_autofree char *station = NULL;

  g_signal_group_set_target (self->board_signals, NULL);
  g_signal_group_set_target (self->scheduled_signals, NULL);
  _galley_kitchen_view_rescue_focus (self, NULL);
  g_hash_table_remove_all (self->cards);
  g_clear_object (&self->board);

  if (self->services == NULL)
    return;

  station = board_station (self);
  self->board = galley_board_new (galley_services_get_store (self->services),
                                  galley_services_get_settings (self->services),
                                  galley_services_get_router (self->services),
                                  galley_services_get_kitchen_log (self->services),
                                  galley_services_get_outbox (self->services),
                                  station);
  galley_board_set_user (self->board, galley_services_get_user_name (self->services));
  galley_board_tick (self->board, g_get_real_time ());
  g_signal_group_set_target (self->board_signals, self->board);
  g_signal_group_set_target (self->scheduled_signals, galley_board_get_scheduled (self->board));

  self->page = 0;
  g_clear_pointer (&self->selected_id, g_free);
  _galley_kitchen_view_build_filters (self);
  _galley_kitchen_view_relayout (self);
  _galley_kitchen_view_update_scheduled (self);
  board_can_undo_cb (self);
}

static void
services_notify_cb (GalleyKitchenView *self,
                    GParamSpec        *pspec)
{
  if (g_str_equal (pspec->name, "station") && !self->expo)
    {
      /* the screen's own station changed: that is what it shows now */
      g_clear_pointer (&self->station_choice, g_free);
      _galley_kitchen_view_rebuild_board (self);
    }
  else if (g_str_equal (pspec->name, "user-name") && self->board != NULL)
    galley_board_set_user (self->board, galley_services_get_user_name (self->services));
}

static void
settings_changed_cb (GalleyKitchenView *self,
                     const char        *key)
{
  if (g_strcmp0 (key, "board-layout") == 0 || g_strcmp0 (key, "cards-per-page") == 0)
    _galley_kitchen_view_relayout (self);
  else if (g_strcmp0 (key, "bump-keys") == 0)
    _galley_kitchen_view_load_keys (self);
}

/* ------------------------------------------------------------------ clock */

/**
 * galley_kitchen_view_tick:
 *
 * One second passed: timers, thresholds, scheduled orders, the banner and the header.
 */
void
galley_kitchen_view_tick (GalleyKitchenView *self)
{
  g_return_if_fail (GALLEY_IS_KITCHEN_VIEW (self));

  if (self->board != NULL)
    galley_board_tick (self->board, g_get_real_time ());
  galley_link_banner_refresh (self->banner);
  _galley_kitchen_view_update_header (self);
  if (self->show_all_day)
    _galley_kitchen_view_update_all_day (self);
}

static void
update_clock_hold (GalleyKitchenView *self)
{
  g_autoptr(GalleyClock) clock = g_signal_group_dup_target (self->clock_signals);
  gboolean want = clock != NULL && gtk_widget_get_mapped (GTK_WIDGET (self));

  if (want && !self->holding_clock)
    galley_clock_hold (clock);
  else if (!want && self->holding_clock && clock != NULL)
    galley_clock_release (clock);
  self->holding_clock = want;
}

static void
galley_kitchen_view_map (GtkWidget *widget)
{
  GalleyKitchenView *self = GALLEY_KITCHEN_VIEW (widget);

  GTK_WIDGET_CLASS (galley_kitchen_view_parent_class)->map (widget);

  galley_kitchen_view_tick (self);
  update_clock_hold (self);
}

static void
galley_kitchen_view_unmap (GtkWidget *widget)
{
  GalleyKitchenView *self = GALLEY_KITCHEN_VIEW (widget);

  GTK_WIDGET_CLASS (galley_kitchen_view_parent_class)->unmap (widget);

  update_clock_hold (self);
}

static void
galley_kitchen_view_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  gtk_widget_measure (GALLEY_KITCHEN_VIEW (widget)->root, orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
}

/* No layout manager: GTK calls size_allocate only for widgets without one, and the page
 * size follows the space the view gets (K-18). */
static void
galley_kitchen_view_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  GalleyKitchenView *self = GALLEY_KITCHEN_VIEW (widget);

  gtk_widget_allocate (self->root, width, height, baseline, NULL);

  if (width != self->last_width || height != self->last_height)
    {
      guint page_size, columns;

      self->last_width = width;
      /* the cards get what the header and banner leave */
      self->last_height = height - 120;
      _galley_kitchen_view_compute_page_size (self, &page_size, &columns);
      if (page_size != self->page_size || columns != self->columns)
        _galley_kitchen_view_queue_relayout (self);   /* not during allocation */
    }
}

/* ------------------------------------------------------------------ GObject */

static void
galley_kitchen_view_dispose (GObject *object)
{
  GalleyKitchenView *self = GALLEY_KITCHEN_VIEW (object);

  /* 1. sources */
  g_clear_handle_id (&self->relayout_id, g_source_remove);

  /* 2. handlers and holds on what outlives the view */
  if (self->holding_clock)
    {
      g_autoptr(GalleyClock) clock = g_signal_group_dup_target (self->clock_signals);

      if (clock != NULL)
        galley_clock_release (clock);
      self->holding_clock = FALSE;
    }
  g_signal_group_set_target (self->clock_signals, NULL);
  g_signal_group_set_target (self->settings_signals, NULL);
  g_signal_group_set_target (self->engine_signals, NULL);
  g_signal_group_set_target (self->player_signals, NULL);
  g_clear_signal_handler (&self->services_notify_id, self->services);
  g_signal_group_set_target (self->board_signals, NULL);
  g_signal_group_set_target (self->scheduled_signals, NULL);
  if (self->confirm_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->confirm_dialog)));

  /* 5. references */
  if (self->cards != NULL)
    g_hash_table_remove_all (self->cards);
  g_clear_object (&self->board);
  g_clear_object (&self->services);

  /* 6. template */
  gtk_widget_dispose_template (GTK_WIDGET (self), GALLEY_TYPE_KITCHEN_VIEW);

  G_OBJECT_CLASS (galley_kitchen_view_parent_class)->dispose (object);
}

static void
galley_kitchen_view_finalize (GObject *object)
{
  GalleyKitchenView *self = GALLEY_KITCHEN_VIEW (object);

  g_assert (self->relayout_id == 0);
  g_assert (!self->holding_clock);
  g_assert (self->board == NULL);

  g_clear_object (&self->board_signals);
  g_clear_object (&self->scheduled_signals);
  g_clear_object (&self->settings_signals);
  g_clear_object (&self->clock_signals);
  g_clear_object (&self->engine_signals);
  g_clear_object (&self->player_signals);
  g_clear_pointer (&self->cards, g_hash_table_unref);
  g_clear_pointer (&self->keys, g_hash_table_unref);
  g_free (self->selected_id);
  g_free (self->station_choice);
  g_free (self->highlight_name);
  g_free (self->notice);

  G_OBJECT_CLASS (galley_kitchen_view_parent_class)->finalize (object);
}

static void
galley_kitchen_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  GalleyKitchenView *self = GALLEY_KITCHEN_VIEW (object);

  switch (prop_id)
    {
    case KV_PROP_SERVICES:
      g_value_set_object (value, self->services);
      break;

    case KV_PROP_EXPO:
      g_value_set_boolean (value, self->expo);
      break;

    case KV_PROP_SHOW_ALL_DAY:
      g_value_set_boolean (value, self->show_all_day);
      break;

    case KV_PROP_SHOW_SCHEDULED:
      g_value_set_boolean (value, self->show_scheduled);
      break;

    case KV_PROP_NOTICE:
      g_value_set_string (value, self->notice);
      break;

    case KV_PROP_PAGE:
      g_value_set_uint (value, self->page);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_kitchen_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  GalleyKitchenView *self = GALLEY_KITCHEN_VIEW (object);

  switch (prop_id)
    {
    case KV_PROP_SERVICES:
      self->services = g_value_dup_object (value);
      break;

    case KV_PROP_EXPO:
      self->expo = g_value_get_boolean (value);
      break;

    case KV_PROP_SHOW_ALL_DAY:
      if (self->show_all_day != g_value_get_boolean (value))
        {
          self->show_all_day = g_value_get_boolean (value);
          if (self->show_all_day)
            self->show_scheduled = FALSE;
          _galley_kitchen_view_update_side (self);
          g_object_notify_by_pspec (object, properties[KV_PROP_SHOW_ALL_DAY]);
          g_object_notify_by_pspec (object, properties[KV_PROP_SHOW_SCHEDULED]);
        }
      break;

    case KV_PROP_SHOW_SCHEDULED:
      if (self->show_scheduled != g_value_get_boolean (value))
        {
          self->show_scheduled = g_value_get_boolean (value);
          if (self->show_scheduled)
            self->show_all_day = FALSE;
          _galley_kitchen_view_update_side (self);
          g_object_notify_by_pspec (object, properties[KV_PROP_SHOW_ALL_DAY]);
          g_object_notify_by_pspec (object, properties[KV_PROP_SHOW_SCHEDULED]);
        }
      break;

    case KV_PROP_PAGE:
      _galley_kitchen_view_set_page (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_kitchen_view_constructed (GObject *object)
{
  GalleyKitchenView *self = GALLEY_KITCHEN_VIEW (object);

  G_OBJECT_CLASS (galley_kitchen_view_parent_class)->constructed (object);

  if (self->expo)
    gtk_widget_add_css_class (GTK_WIDGET (self), "expo");
  /* the view itself takes the focus (for the bump bar): a screen reader says what it is */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->expo ? _("Expo tickets") : _("Kitchen tickets"), -1);

  if (self->services != NULL)
    {
      g_signal_group_set_target (self->clock_signals, galley_services_get_clock (self->services));
      g_signal_group_set_target (self->settings_signals,
                                 galley_services_get_settings (self->services));
      self->services_notify_id = g_signal_connect_swapped (self->services, "notify",
                                                           G_CALLBACK (services_notify_cb), self);
      galley_link_banner_set_link (self->banner, galley_services_get_link (self->services));
      galley_link_banner_set_outbox (self->banner, galley_services_get_outbox (self->services));
      g_signal_group_set_target (self->engine_signals,
                                 galley_services_get_audio_engine (self->services));
      g_signal_group_set_target (self->player_signals,
                                 galley_services_get_cue_player (self->services));
    }
  _galley_kitchen_view_update_sound (self);

  _galley_kitchen_view_load_keys (self);
  _galley_kitchen_view_rebuild_board (self);
  _galley_kitchen_view_update_side (self);
}

static void
galley_kitchen_view_class_init (GalleyKitchenViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = galley_kitchen_view_constructed;
  object_class->dispose = galley_kitchen_view_dispose;
  object_class->finalize = galley_kitchen_view_finalize;
  object_class->get_property = galley_kitchen_view_get_property;
  object_class->set_property = galley_kitchen_view_set_property;

  widget_class->map = galley_kitchen_view_map;
  widget_class->unmap = galley_kitchen_view_unmap;
  widget_class->measure = galley_kitchen_view_measure;
  widget_class->size_allocate = galley_kitchen_view_size_allocate;

  properties[KV_PROP_SERVICES] =
    g_param_spec_object ("services", NULL, NULL, GALLEY_TYPE_SERVICES,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[KV_PROP_EXPO] =
    g_param_spec_boolean ("expo", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[KV_PROP_SHOW_ALL_DAY] =
    g_param_spec_boolean ("show-all-day", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[KV_PROP_SHOW_SCHEDULED] =
    g_param_spec_boolean ("show-scheduled", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[KV_PROP_NOTICE] =
    g_param_spec_string ("notice", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[KV_PROP_PAGE] =
    g_param_spec_uint ("page", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, KV_N_PROPS, properties);

  g_type_ensure (GALLEY_TYPE_LINK_BANNER);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/galleypos/Galley/kitchen/galley-kitchen-view.ui");
  gtk_widget_class_bind_template_child (widget_class, GalleyKitchenView, root);
  gtk_widget_class_bind_template_child (widget_class, GalleyKitchenView, banner);
  gtk_widget_class_bind_template_child (widget_class, GalleyKitchenView, station_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyKitchenView, link_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyKitchenView, counts_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyKitchenView, speed_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyKitchenView, hidden_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyKitchenView, filter_box);
  gtk_widget_class_bind_template_child (widget_class, GalleyKitchenView, sound_box);
  gtk_widget_class_bind_template_child (widget_class, GalleyKitchenView, sound_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyKitchenView, station_heading);
  gtk_widget_class_bind_template_child (widget_class, GalleyKitchenView, station_box);
  gtk_widget_class_bind_template_callback (widget_class, _galley_kitchen_view_build_stations);
  gtk_widget_class_bind_template_child (widget_class, GalleyKitchenView, scheduled_button);
  gtk_widget_class_bind_template_child (widget_class, GalleyKitchenView, all_day_button);
  gtk_widget_class_bind_template_child (widget_class, GalleyKitchenView, recent_button);
  gtk_widget_class_bind_template_child (widget_class, GalleyKitchenView, recent_popover);
  gtk_widget_class_bind_template_child (widget_class, GalleyKitchenView, recent_list);
  gtk_widget_class_bind_template_child (widget_class, GalleyKitchenView, page_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyKitchenView, unrouted_banner);
  gtk_widget_class_bind_template_child (widget_class, GalleyKitchenView, unrouted_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyKitchenView, board_stack);
  gtk_widget_class_bind_template_child (widget_class, GalleyKitchenView, cards_grid);
  gtk_widget_class_bind_template_child (widget_class, GalleyKitchenView, side_revealer);
  gtk_widget_class_bind_template_child (widget_class, GalleyKitchenView, side_stack);
  gtk_widget_class_bind_template_child (widget_class, GalleyKitchenView, all_day_list);
  gtk_widget_class_bind_template_child (widget_class, GalleyKitchenView, scheduled_empty_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyKitchenView, scheduled_cards);
  gtk_widget_class_bind_template_child (widget_class, GalleyKitchenView, undo_revealer);
  gtk_widget_class_bind_template_child (widget_class, GalleyKitchenView, undo_label);
  gtk_widget_class_bind_template_callback_full (widget_class, "recent_popover_show_cb",
                                                G_CALLBACK (_galley_kitchen_view_recent_show_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "all_day_selected_cb",
                                                G_CALLBACK (_galley_kitchen_view_all_day_selected_cb));

  gtk_widget_class_install_property_action (widget_class, "kitchen.show-all-day", "show-all-day");
  gtk_widget_class_install_property_action (widget_class, "kitchen.show-scheduled", "show-scheduled");
  _galley_kitchen_view_class_keys_init (widget_class);

  gtk_widget_class_set_css_name (widget_class, "kitchenview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
galley_kitchen_view_init (GalleyKitchenView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* the bump bar types into the view: it holds the focus whenever no card has it */
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);

  self->cards = g_hash_table_new_full (NULL, NULL, g_object_unref, _galley_kitchen_view_drop_card);
  self->page_size = 1;
  self->columns = 1;

  self->board_signals = g_signal_group_new (GALLEY_TYPE_BOARD);
  g_signal_group_connect_swapped (self->board_signals, "items-changed",
                                  G_CALLBACK (board_items_changed_cb), self);
  g_signal_group_connect_swapped (self->board_signals, "notify::n-hidden",
                                  G_CALLBACK (board_counts_cb), self);
  g_signal_group_connect_swapped (self->board_signals, "notify::n-late",
                                  G_CALLBACK (board_counts_cb), self);
  g_signal_group_connect_swapped (self->board_signals, "notify::n-ready",
                                  G_CALLBACK (board_counts_cb), self);
  g_signal_group_connect_swapped (self->board_signals, "notify::n-unrouted",
                                  G_CALLBACK (board_counts_cb), self);
  g_signal_group_connect_swapped (self->board_signals, "notify::can-undo",
                                  G_CALLBACK (board_can_undo_cb), self);
  g_signal_group_connect_swapped (self->board_signals, "cue", G_CALLBACK (board_cue_cb), self);
  g_signal_group_connect_swapped (self->board_signals, "recent-changed",
                                  G_CALLBACK (board_recent_cb), self);

  self->scheduled_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_swapped (self->scheduled_signals, "items-changed",
                                  G_CALLBACK (_galley_kitchen_view_update_scheduled), self);

  self->settings_signals = g_signal_group_new (G_TYPE_SETTINGS);
  g_signal_group_connect_swapped (self->settings_signals, "changed",
                                  G_CALLBACK (settings_changed_cb), self);

  self->engine_signals = g_signal_group_new (GALLEY_TYPE_AUDIO_ENGINE);
  g_signal_group_connect_swapped (self->engine_signals, "notify::state",
                                  G_CALLBACK (_galley_kitchen_view_update_sound), self);
  self->player_signals = g_signal_group_new (GALLEY_TYPE_CUE_PLAYER);
  g_signal_group_connect_swapped (self->player_signals, "notify::muted",
                                  G_CALLBACK (_galley_kitchen_view_update_sound), self);

  self->clock_signals = g_signal_group_new (GALLEY_TYPE_CLOCK);
  g_signal_group_connect_swapped (self->clock_signals, "tick",
                                  G_CALLBACK (galley_kitchen_view_tick), self);

  _galley_kitchen_view_keys_init (self);
}

/**
 * galley_kitchen_view_new:
 * @services: (nullable): the orders, settings and clock; an empty board without
 * @expo: the expo screen rather than a station's
 *
 * Returns: (transfer floating): a new Kitchen (or Expo) view
 */
GtkWidget *
galley_kitchen_view_new (GalleyServices *services,
                         gboolean        expo)
{
  g_return_val_if_fail (services == NULL || GALLEY_IS_SERVICES (services), NULL);

  return g_object_new (GALLEY_TYPE_KITCHEN_VIEW, "services", services, "expo", expo, NULL);
}

GalleyServices *
galley_kitchen_view_get_services (GalleyKitchenView *self)
{
  g_return_val_if_fail (GALLEY_IS_KITCHEN_VIEW (self), NULL);

  return self->services;
}

/**
 * galley_kitchen_view_get_board:
 *
 * Returns: (transfer none) (nullable): the board shown
 */
GalleyBoard *
galley_kitchen_view_get_board (GalleyKitchenView *self)
{
  g_return_val_if_fail (GALLEY_IS_KITCHEN_VIEW (self), NULL);

  return self->board;
}

gboolean
galley_kitchen_view_get_expo (GalleyKitchenView *self)
{
  g_return_val_if_fail (GALLEY_IS_KITCHEN_VIEW (self), FALSE);

  return self->expo;
}

guint
galley_kitchen_view_get_page (GalleyKitchenView *self)
{
  g_return_val_if_fail (GALLEY_IS_KITCHEN_VIEW (self), 0);

  return self->page;
}

guint
galley_kitchen_view_get_page_size (GalleyKitchenView *self)
{
  g_return_val_if_fail (GALLEY_IS_KITCHEN_VIEW (self), 1);

  return self->page_size;
}

/**
 * galley_kitchen_view_get_selected:
 *
 * Returns: (transfer none) (nullable): the selected ticket
 */
GalleyTicket *
galley_kitchen_view_get_selected (GalleyKitchenView *self)
{
  g_return_val_if_fail (GALLEY_IS_KITCHEN_VIEW (self), NULL);

  return self->board != NULL ? galley_board_lookup (self->board, self->selected_id) : NULL;
}

/**
 * galley_kitchen_view_get_card:
 *
 * Returns: (transfer none) (nullable): the card of @ticket, when it is on the current page
 */
GtkWidget *
galley_kitchen_view_get_card (GalleyKitchenView *self,
                              GalleyTicket      *ticket)
{
  g_return_val_if_fail (GALLEY_IS_KITCHEN_VIEW (self), NULL);

  return g_hash_table_lookup (self->cards, ticket);
}

/**
 * galley_kitchen_view_get_notice:
 *
 * Returns: (nullable): the last message shown to the cook
 */
const char *
galley_kitchen_view_get_notice (GalleyKitchenView *self)
{
  g_return_val_if_fail (GALLEY_IS_KITCHEN_VIEW (self), NULL);

  return self->notice;
}
