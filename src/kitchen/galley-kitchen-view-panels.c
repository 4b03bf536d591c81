/* galley-kitchen-view-panels.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyKitchenView's header (station, counts, speed of service, link state, filter and
 * paging, K-4), the order-type filter (K-15), the recently bumped list (K-7), the all-day
 * counts (K-14) and the scheduled lane (K-16).
 */
#define G_LOG_DOMAIN "galley-kitchen-view"

#include "config.h"

#include <glib/gi18n.h>

#include "kitchen/galley-kitchen-view-private.h"

static char *
format_duration (gint64 us)
{
  gint64 seconds = us / G_USEC_PER_SEC;

  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d", seconds / 60, (int) (seconds % 60));
}


/* "12 open · 3 ready · 11 late" wraps only at the " · ": each part keeps its number and word
 * together (no-break spaces), so large text never leaves "late" alone on a line. */
static char *
keep_parts_together (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, " · ", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit (parts[i], " ", -1);

      g_free (parts[i]);
      parts[i] = g_strjoinv ("\u00a0", words);
    }

  return g_strjoinv (" · ", parts);
}

void
_galley_kitchen_view_update_header (GalleyKitchenView *self)
{
  g_autofree char *station = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *status = NULL;
  g_autofree char *page = NULL;
  g_autofree char *scheduled = NULL;
  GalleySpeedOfService speed;
  guint n, n_pages, more, n_scheduled;

  if (self->board == NULL)
    return;

  station = galley_station_dup_label (galley_board_get_station (self->board));
  gtk_label_set_text (self->station_label, station);

  status = galley_link_banner_dup_status (self->banner);
  gtk_label_set_text (self->link_label, status);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->board));
  /* Translators: the board header: open orders, orders ready, orders late */
  counts = g_strdup_printf (_("%u open · %u ready · %u late"), n,
                            galley_board_get_n_ready (self->board),
                            galley_board_get_n_late (self->board));
  {
    g_autofree char *together = keep_parts_together (counts);

    gtk_label_set_text (self->counts_label, together);
  }

  galley_board_get_speed (self->board, &speed);
  if (speed.bumped > 0)
    {
      g_autofree char *average = format_duration (speed.average_us);
      g_autofree char *worst = format_duration (speed.worst_us);
      g_autofree char *text = NULL;

      /* Translators: speed of service today: orders bumped, average and worst time */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Today: %u bumped · average %s · worst %s",
                                           "Today: %u bumped · average %s · worst %s",
                                           speed.bumped), speed.bumped, average, worst);
      g_autofree char *together = keep_parts_together (text);

      gtk_label_set_text (self->speed_label, together);
    }
  else
    gtk_label_set_text (self->speed_label, _("Today: nothing bumped yet"));

  if (galley_board_get_n_hidden (self->board) > 0)
    {
      guint hidden = galley_board_get_n_hidden (self->board);
      g_autofree char *text = NULL;

      /* Translators: orders the order-type filter hides (K-15) */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u hidden by filter",
                                           "%u hidden by filter", hidden), hidden);
      gtk_label_set_text (self->hidden_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->hidden_label),
                          galley_board_get_n_hidden (self->board) > 0);

  n_pages = galley_kitchen_view_get_n_pages (self);
  more = n > (self->page + 1) * self->page_size ? n - (self->page + 1) * self->page_size : 0;
  if (more > 0)
    /* Translators: paging: "Page 2 of 5 · 14 more" */
    page = g_strdup_printf (_("Page %u of %u · %u more"), self->page + 1, n_pages, more);
  else
    page = g_strdup_printf (_("Page %u of %u"), self->page + 1, n_pages);
  gtk_label_set_text (self->page_label, page);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "kitchen.previous-page", self->page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "kitchen.next-page", self->page + 1 < n_pages);

  n_scheduled = g_list_model_get_n_items (galley_board_get_scheduled (self->board));
  /* Translators: the button showing scheduled orders, with their number */
  scheduled = g_strdup_printf (_("Scheduled (%u)"), n_scheduled);
  gtk_button_set_label (GTK_BUTTON (self->scheduled_button), scheduled);

  gtk_widget_set_visible (self->unrouted_banner, galley_board_get_n_unrouted (self->board) > 0);
  if (galley_board_get_n_unrouted (self->board) > 0)
    {
      guint unrouted = galley_board_get_n_unrouted (self->board);
      g_autofree char *text = NULL;

      /* Translators: expo's alarm for items whose menu category maps to no station (K-13) */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Unrouted: %u order has items no station is making. "
                                           "Check the stations in Preferences.",
                                           "Unrouted: %u orders have items no station is making. "
                                           "Check the stations in Preferences.", unrouted),
                              unrouted);
      gtk_label_set_text (self->unrouted_label, text);
    }
}

/* ------------------------------------------------------------------ filter */

static void
filter_toggled_cb (GtkCheckButton    *button,
                   GalleyKitchenView *self)
{
  guint kinds = 0, all = 0;
  GtkWidget *child;

  if (self->board == NULL)
    return;

  for (child = gtk_widget_get_first_child (self->filter_box); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      guint kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (child), "galley-kind"));

      all |= 1u << kind;
      if (gtk_check_button_get_active (GTK_CHECK_BUTTON (child)))
        kinds |= 1u << kind;
    }

  /* every type ticked is no filter at all */
  galley_board_set_kind_filter (self->board, kinds == all ? 0 : kinds);
  _galley_kitchen_view_relayout (self);
}

void
_galley_kitchen_view_build_filters (GalleyKitchenView *self)
{
  GtkWidget *child;
  guint filter = self->board != NULL ? galley_board_get_kind_filter (self->board) : 0;

  while ((child = gtk_widget_get_first_child (self->filter_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->filter_box), child);

  for (guint kind = GALLEY_ORDER_KIND_DINE_IN; kind <= GALLEY_ORDER_KIND_VOICE; kind++)
    {
      GtkWidget *check = gtk_check_button_new_with_label (galley_order_kind_get_label (kind));

      g_object_set_data (G_OBJECT (check), "galley-kind", GUINT_TO_POINTER (kind));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   filter == 0 || (filter & (1u << kind)) != 0);
      g_signal_connect (check, "toggled", G_CALLBACK (filter_toggled_cb), self);
      gtk_box_append (GTK_BOX (self->filter_box), check);
    }
}

/* A station chosen in the filter: this screen shows that station's tickets until another is
 * chosen or the screen's own station (Preferences) changes. */
static void
station_toggled_cb (GtkCheckButton    *button,
                    GalleyKitchenView *self)
{
  const char *station = g_object_get_data (G_OBJECT (button), "galley-station");

  if (!gtk_check_button_get_active (button) || self->board == NULL ||
      g_strcmp0 (station, galley_board_get_station (self->board)) == 0)
    return;

  g_free (self->station_choice);
  self->station_choice = g_strdup (station);
  _galley_kitchen_view_rebuild_board (self);
}

static void
add_station (GalleyKitchenView *self,
             const char        *station,
             GtkCheckButton   **group)
{
  g_autofree char *label = galley_station_dup_label (station);
  GtkWidget *check = gtk_check_button_new_with_label (label);

  g_object_set_data_full (G_OBJECT (check), "galley-station", g_strdup (station), g_free);
  if (*group != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (check), *group);
  else
    *group = GTK_CHECK_BUTTON (check);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                               g_strcmp0 (station, galley_board_get_station (self->board)) == 0);
  g_signal_connect (check, "toggled", G_CALLBACK (station_toggled_cb), self);
  gtk_box_append (GTK_BOX (self->station_box), check);
}

/**
 * _galley_kitchen_view_build_stations:
 *
 * Fills the filter's station choice (K-13, K-15) when it opens, from the stations set now.
 * Expo always shows every station, so it has none.
 */
void
_galley_kitchen_view_build_stations (GalleyKitchenView *self)
{
  GtkCheckButton *group = NULL;
  const char * const *stations;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->station_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->station_box), child);

  gtk_widget_set_visible (self->station_heading, !self->expo && self->board != NULL);
  gtk_widget_set_visible (self->station_box, !self->expo && self->board != NULL);
  if (self->expo || self->board == NULL || self->services == NULL)
    return;

  add_station (self, GALLEY_TICKET_STATION_ALL, &group);
  stations = galley_station_router_get_stations (galley_services_get_router (self->services));
  for (guint i = 0; stations != NULL && stations[i] != NULL; i++)
    add_station (self, stations[i], &group);
}

/* ------------------------------------------------------------------ sound */

/**
 * _galley_kitchen_view_update_sound:
 *
 * A cook who cannot hear new orders must see why (K-12): "Sound off" while the cues are
 * muted, "No sound" with the reason while the sound service is missing. Nothing while they
 * play.
 */
void
_galley_kitchen_view_update_sound (GalleyKitchenView *self)
{
  GalleyCuePlayer *player;
  GalleyAudioEngine *engine;
  const char *text = NULL;
  const char *detail = NULL;

  if (self->services == NULL)
    {
      gtk_widget_set_visible (self->sound_box, FALSE);
      return;
    }

  player = galley_services_get_cue_player (self->services);
  engine = galley_services_get_audio_engine (self->services);
  if (player != NULL && galley_cue_player_get_muted (player))
    {
      text = _("Sound off");
      detail = _("Kitchen sounds are muted in Preferences.");
    }
  else if (engine != NULL && galley_audio_engine_get_state (engine) == GALLEY_AUDIO_STATE_FAILED)
    {
      text = _("No sound");
      detail = galley_audio_engine_get_error_message (engine);
    }

  gtk_widget_set_visible (self->sound_box, text != NULL);
  if (text == NULL)
    return;

  gtk_label_set_text (self->sound_label, text);
  gtk_widget_set_tooltip_text (self->sound_box, detail);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sound_box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  text, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  detail != NULL ? detail : "", -1);
}

/* ------------------------------------------------------------------ recently bumped */

static void
recall_clicked_cb (GtkButton         *button,
                   GalleyKitchenView *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (button), "galley-bump-id");
  g_autoptr(GError) error = NULL;

  gtk_popover_popdown (GTK_POPOVER (self->recent_popover));
  if (self->board != NULL && !galley_board_recall (self->board, id, &error))
    _galley_kitchen_view_notice (self, error->message);
}

void
_galley_kitchen_view_recent_show_cb (GalleyKitchenView *self)
{
  g_autoptr(GPtrArray) recent = NULL;
  GtkWidget *child;
  gint64 now;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);

  if (self->board == NULL)
    return;

  recent = galley_board_dup_recent (self->board);
  now = galley_board_get_now (self->board);
  if (recent->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("Nothing bumped in the last 30 minutes"));
      gtk_list_box_append (self->recent_list, row);
      return;
    }

  for (guint i = 0; i < recent->len; i++)
    {
      GalleyBumpRecord *record = g_ptr_array_index (recent, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_with_label (_("Recall"));
      gint64 minutes = MAX (now - record->bumped_at, 0) / (60 * G_USEC_PER_SEC);
      g_autofree char *subtitle = NULL;
      g_autofree char *spoken = NULL;
      gint64 *id = g_new (gint64, 1);

      *id = record->id;
      /* Translators: when an order in the recently bumped list was bumped */
      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Bumped %d minute ago",
                                               "Bumped %d minutes ago", (gulong) minutes),
                                  (int) minutes);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), record->order_label);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (button), "galley-bump-id", id, g_free);
      /* Translators: the accessible name of a Recall button: "Recall Table 7" */
      spoken = g_strdup_printf (_("Recall %s"), record->order_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      spoken, -1);
      g_signal_connect (button, "clicked", G_CALLBACK (recall_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (self->recent_list, row);
    }
}

/* ------------------------------------------------------------------ all day */

void
_galley_kitchen_view_update_all_day (GalleyKitchenView *self)
{
  g_autoptr(GPtrArray) counts = NULL;
  GtkWidget *child;
  GtkListBoxRow *selected_row;
  g_autofree char *selected_name = g_strdup (self->highlight_name);

  if (self->board == NULL)
    return;

  counts = galley_board_dup_all_day (self->board);

  /* rebuilt without losing the chosen item */
  g_signal_handlers_block_matched (self->all_day_list, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->all_day_list))) != NULL)
    gtk_list_box_remove (self->all_day_list, child);

  for (guint i = 0; i < counts->len; i++)
    {
      GalleyAllDayEntry *entry = g_ptr_array_index (counts, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = g_strdup_printf ("%u × %s", entry->quantity, entry->name);
      GString *subtitle = g_string_new (NULL);

      for (guint v = 0; v < entry->variants->len; v++)
        {
          GalleyAllDayVariant *variant = g_ptr_array_index (entry->variants, v);

          if (variant->label[0] == '\0')
            continue;
          if (subtitle->len > 0)
            g_string_append (subtitle, "; ");
          /* Translators: part of an all-day count: "2 with no onions" */
          g_string_append_printf (subtitle, g_dngettext (GETTEXT_PACKAGE, "%u with %s",
                                                         "%u with %s", variant->quantity),
                                  variant->quantity, variant->label);
        }

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
      g_string_free (subtitle, TRUE);
      g_object_set_data_full (G_OBJECT (row), "galley-item-name", g_strdup (entry->name), g_free);
      gtk_list_box_append (self->all_day_list, row);
      if (g_strcmp0 (entry->name, selected_name) == 0)
        gtk_list_box_select_row (self->all_day_list, GTK_LIST_BOX_ROW (row));
    }
  g_signal_handlers_unblock_matched (self->all_day_list, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);

  selected_row = gtk_list_box_get_selected_row (self->all_day_list);
  if (selected_row == NULL && selected_name != NULL)
    {
      g_clear_pointer (&self->highlight_name, g_free);
      _galley_kitchen_view_relayout (self);
    }
}

void
_galley_kitchen_view_all_day_selected_cb (GalleyKitchenView *self,
                                          GtkListBoxRow     *row)
{
  const char *name = row != NULL ? g_object_get_data (G_OBJECT (row), "galley-item-name") : NULL;

  if (g_strcmp0 (name, self->highlight_name) == 0)
    return;

  g_free (self->highlight_name);
  self->highlight_name = g_strdup (name);
  _galley_kitchen_view_relayout (self);
}

/* ------------------------------------------------------------------ scheduled */

static void
scheduled_request_cb (GalleyOrderCard   *card,
                      const char        *action,
                      const char        *item_id,
                      GalleyKitchenView *self)
{
  _galley_kitchen_view_card_request (self, action, item_id, card);
}

void
_galley_kitchen_view_update_scheduled (GalleyKitchenView *self)
{
  GListModel *scheduled;
  GtkWidget *child;
  guint n;

  while ((child = gtk_widget_get_first_child (self->scheduled_cards)) != NULL)
    gtk_box_remove (GTK_BOX (self->scheduled_cards), child);

  if (self->board == NULL)
    return;

  scheduled = galley_board_get_scheduled (self->board);
  n = g_list_model_get_n_items (scheduled);
  gtk_widget_set_visible (self->scheduled_empty_label, n == 0);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GalleyTicket) ticket = g_list_model_get_item (scheduled, i);
      GtkWidget *card = galley_order_card_new (ticket);

      g_signal_connect (card, "request", G_CALLBACK (scheduled_request_cb), self);
      gtk_box_append (GTK_BOX (self->scheduled_cards), card);
    }

  _galley_kitchen_view_update_header (self);
}

void
_galley_kitchen_view_update_side (GalleyKitchenView *self)
{
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->side_revealer),
                                 self->show_all_day || self->show_scheduled);
  if (self->show_all_day)
    {
      gtk_stack_set_visible_child_name (self->side_stack, "all-day");
      _galley_kitchen_view_update_all_day (self);
    }
  else if (self->show_scheduled)
    gtk_stack_set_visible_child_name (self->side_stack, "scheduled");

  if (!self->show_all_day && self->highlight_name != NULL)
    {
      g_clear_pointer (&self->highlight_name, g_free);
      _galley_kitchen_view_relayout (self);
    }
}
