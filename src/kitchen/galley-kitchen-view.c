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
 * Keys and actions are in galley-kitchen-view-keys.c, the header and side panels in
 * galley-kitchen-view-panels.c.
 */
#define G_LOG_DOMAIN "galley-kitchen-view"

#include "config.h"

#include <glib/gi18n.h>

#include "kitchen/galley-kitchen-view-private.h"
#include "util/galley-clock.h"
#include "util/galley-source.h"

#define CARD_MIN_WIDTH   280
#define CARD_MIN_HEIGHT  360
#define LIST_ROW_HEIGHT  150
#define MAX_PAGE_SIZE    24

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

/* ------------------------------------------------------------------ cards and pages */

static gboolean
list_layout (GalleyKitchenView *self)
{
  return self->services != NULL &&
         g_settings_get_enum (galley_services_get_settings (self->services), "board-layout") == 1;
}

/* How many cards fit: the setting, else the space (grid) or rows (list). */
static void
compute_page_size (GalleyKitchenView *self,
                   guint             *page_size,
                   guint             *columns)
{
  guint wanted = self->services != NULL
                 ? g_settings_get_uint (galley_services_get_settings (self->services),
                                        "cards-per-page")
                 : 0;
  int width = MAX (self->last_width, CARD_MIN_WIDTH);
  int height = MAX (self->last_height, CARD_MIN_HEIGHT);

  if (list_layout (self))
    {
      *columns = 1;
      *page_size = wanted > 0 ? wanted : (guint) MAX (1, height / LIST_ROW_HEIGHT);
    }
  else
    {
      guint cols = (guint) MAX (1, width / CARD_MIN_WIDTH);
      guint rows = (guint) MAX (1, height / CARD_MIN_HEIGHT);

      *page_size = wanted > 0 ? wanted : cols * rows;
      *columns = MIN (cols, *page_size);
    }

  *page_size = CLAMP (*page_size, 1, MAX_PAGE_SIZE);
  *columns = MAX (*columns, 1);
}

static void
card_request_cb (GalleyOrderCard   *card,
                 const char        *action,
                 const char        *item_id,
                 GalleyKitchenView *self)
{
  _galley_kitchen_view_card_request (self, action, item_id, card);
}

static GalleyOrderCard *
ensure_card (GalleyKitchenView *self,
             GalleyTicket      *ticket)
{
  GalleyOrderCard *card = g_hash_table_lookup (self->cards, ticket);

  if (card == NULL)
    {
      card = GALLEY_ORDER_CARD (galley_order_card_new (ticket));
      g_object_ref_sink (card);
      g_signal_connect_object (card, "request", G_CALLBACK (card_request_cb), self, 0);
      g_hash_table_insert (self->cards, g_object_ref (ticket), card);
    }

  return card;
}

static void
drop_card (gpointer data)
{
  GtkWidget *card = data;

  if (gtk_widget_get_parent (card) != NULL)
    gtk_widget_unparent (card);
  g_object_unref (card);
}

guint
galley_kitchen_view_get_n_pages (GalleyKitchenView *self)
{
  guint n;

  g_return_val_if_fail (GALLEY_IS_KITCHEN_VIEW (self), 1);

  n = self->board != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->board)) : 0;

  return MAX (1, (n + self->page_size - 1) / self->page_size);
}

/* Shows the cards of the current page, reusing those already there (K-19). */
void
_galley_kitchen_view_relayout (GalleyKitchenView *self)
{
  g_autoptr(GHashTable) wanted = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();
  GListModel *model;
  GHashTableIter iter;
  gpointer key, value;
  guint n, start, end, n_pages;
  GalleyTicket *selected = NULL;
  int selected_index = -1;

  g_clear_handle_id (&self->relayout_id, g_source_remove);

  if (self->board == NULL)
    return;

  compute_page_size (self, &self->page_size, &self->columns);
  model = G_LIST_MODEL (self->board);
  n = g_list_model_get_n_items (model);
  n_pages = galley_kitchen_view_get_n_pages (self);
  if (self->page >= n_pages)
    {
      self->page = n_pages - 1;
      g_object_notify_by_pspec (G_OBJECT (self), properties[KV_PROP_PAGE]);
    }

  start = self->page * self->page_size;
  end = MIN (start + self->page_size, n);

  for (guint i = start; i < end; i++)
    {
      g_autoptr(GalleyTicket) ticket = g_list_model_get_item (model, i);

      g_hash_table_add (wanted, ticket);
      if (g_strcmp0 (galley_ticket_get_id (ticket), self->selected_id) == 0)
        {
          selected = ticket;
          selected_index = (int) (i - start);
        }
    }

  /* cards whose tickets left the page go */
  g_hash_table_iter_init (&iter, self->cards);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (wanted, key))
      g_ptr_array_add (gone, key);
  for (guint i = 0; i < gone->len; i++)
    g_hash_table_remove (self->cards, g_ptr_array_index (gone, i));

  for (guint i = start; i < end; i++)
    {
      g_autoptr(GalleyTicket) ticket = g_list_model_get_item (model, i);
      GalleyOrderCard *card = ensure_card (self, ticket);
      guint slot = i - start;
      int column = (int) (slot % self->columns);
      int row = (int) (slot / self->columns);
      int at_column = -1, at_row = -1;

      if (gtk_widget_get_parent (GTK_WIDGET (card)) == GTK_WIDGET (self->cards_grid))
        gtk_grid_query_child (self->cards_grid, GTK_WIDGET (card), &at_column, &at_row, NULL, NULL);
      if (at_column != column || at_row != row)
        {
          if (gtk_widget_get_parent (GTK_WIDGET (card)) != NULL)
            gtk_grid_remove (self->cards_grid, GTK_WIDGET (card));
          gtk_grid_attach (self->cards_grid, GTK_WIDGET (card), column, row, 1, 1);
        }

      galley_order_card_set_position (card, slot + 1);
      galley_order_card_set_highlighted (card,
                                         self->highlight_name != NULL &&
                                         galley_board_ticket_has_item (self->board, ticket,
                                                                       self->highlight_name));
      if (list_layout (self))
        gtk_widget_add_css_class (GTK_WIDGET (card), "compact");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (card), "compact");
    }

  /* the selection stays on its ticket, or on the place where it was */
  if (selected == NULL && end > start)
    {
      g_hash_table_iter_init (&iter, self->cards);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (galley_order_card_get_selected (value))
          selected_index = MIN ((int) galley_order_card_get_position (value) - 1,
                                (int) (end - start) - 1);
      if (selected_index < 0)
        selected_index = 0;
      selected = g_list_model_get_item (model, start + (guint) selected_index);
      g_object_unref (selected);   /* the board keeps it */
    }
  _galley_kitchen_view_select (self, selected, FALSE);

  gtk_stack_set_visible_child_name (self->board_stack, n > 0 ? "cards" : "empty");
  _galley_kitchen_view_update_header (self);
}

static gboolean
relayout_cb (gpointer user_data)
{
  GalleyKitchenView *self = user_data;

  self->relayout_id = 0;
  _galley_kitchen_view_relayout (self);

  return G_SOURCE_REMOVE;
}

static void
queue_relayout (GalleyKitchenView *self)
{
  if (self->relayout_id == 0)
    self->relayout_id = galley_idle_add_named ("galley-kitchen-view-relayout", relayout_cb,
                                               self, NULL);
}

/**
 * _galley_kitchen_view_select:
 * @ticket: (nullable): the ticket to select, on the current page
 * @focus: move the keyboard focus to its card
 */
void
_galley_kitchen_view_select (GalleyKitchenView *self,
                             GalleyTicket      *ticket,
                             gboolean           focus)
{
  GHashTableIter iter;
  gpointer key, value;

  g_free (self->selected_id);
  self->selected_id = ticket != NULL ? g_strdup (galley_ticket_get_id (ticket)) : NULL;

  g_hash_table_iter_init (&iter, self->cards);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      galley_order_card_set_selected (value, key == ticket);
      if (key == ticket && focus)
        gtk_widget_grab_focus (value);
    }
}

void
_galley_kitchen_view_set_page (GalleyKitchenView *self,
                               guint              page)
{
  guint n_pages = galley_kitchen_view_get_n_pages (self);

  page = MIN (page, n_pages - 1);
  if (page == self->page)
    return;

  self->page = page;
  g_clear_pointer (&self->selected_id, g_free);
  _galley_kitchen_view_relayout (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[KV_PROP_PAGE]);
}

/* ------------------------------------------------------------------ actions on cards */

static void
confirm_response_cb (AdwMessageDialog  *dialog,
                     const char        *response,
                     GalleyKitchenView *self)
{
  const char *order_id = g_object_get_data (G_OBJECT (dialog), "galley-order-id");
  GalleyBoardBump how = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "galley-how"));
  GalleyTicket *ticket = self->board != NULL ? galley_board_lookup (self->board, order_id) : NULL;

  if (g_strcmp0 (response, "complete") == 0 && ticket != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!galley_board_bump (self->board, ticket, how, TRUE, &error))
        _galley_kitchen_view_notice (self, error->message);
    }

  self->confirm_dialog = NULL;
}

static void
ask_to_complete (GalleyKitchenView *self,
                 GalleyTicket      *ticket,
                 GalleyBoardBump    how,
                 const char        *question)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;

  if (self->confirm_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->confirm_dialog));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Not Finished Yet"), question));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Wait"), "complete", _("_Complete Anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "complete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "galley-order-id",
                          g_strdup (galley_ticket_get_id (ticket)), g_free);
  g_object_set_data (G_OBJECT (dialog), "galley-how", GINT_TO_POINTER (how));
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  self->confirm_dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_galley_kitchen_view_bump (GalleyKitchenView *self,
                           GalleyTicket      *ticket,
                           GalleyBoardBump    how)
{
  g_autoptr(GError) error = NULL;

  if (self->board == NULL || ticket == NULL)
    return;

  if (galley_board_bump (self->board, ticket, how, FALSE, &error))
    return;

  if (g_error_matches (error, GALLEY_BOARD_ERROR, GALLEY_BOARD_ERROR_UNFINISHED))
    ask_to_complete (self, ticket, how, error->message);
  else
    _galley_kitchen_view_notice (self, error->message);
}

void
_galley_kitchen_view_card_request (GalleyKitchenView *self,
                                   const char        *action,
                                   const char        *item_id,
                                   GalleyOrderCard   *card)
{
  GalleyTicket *ticket = galley_order_card_get_ticket (card);
  g_autoptr(GError) error = NULL;

  if (self->board == NULL)
    return;

  if (g_str_equal (action, "select"))
    {
      /* a tap on the card: selects it and confirms the changes the cook now sees (K-11) */
      _galley_kitchen_view_select (self, ticket, TRUE);
      galley_board_touch (self->board, ticket);
      return;
    }

  _galley_kitchen_view_select (self, ticket, FALSE);

  if (g_str_equal (action, "bump"))
    _galley_kitchen_view_bump (self, ticket, GALLEY_BOARD_BUMP_DEFAULT);
  else if (g_str_equal (action, "picked-up"))
    _galley_kitchen_view_bump (self, ticket, GALLEY_BOARD_BUMP_PICKED_UP);
  else if (g_str_equal (action, "complete"))
    _galley_kitchen_view_bump (self, ticket, GALLEY_BOARD_BUMP_COMPLETE);
  else if (g_str_equal (action, "bump-line"))
    {
      if (!galley_board_bump_line (self->board, ticket, item_id, &error))
        _galley_kitchen_view_notice (self, error->message);
    }
  else if (g_str_equal (action, "acknowledge"))
    {
      if (!galley_board_acknowledge (self->board, ticket, &error))
        _galley_kitchen_view_notice (self, error->message);
    }
  else if (g_str_equal (action, "touch"))
    galley_board_touch (self->board, ticket);
  else if (g_str_equal (action, "dismiss"))
    galley_board_dismiss (self->board, ticket);
  else if (g_str_equal (action, "fire"))
    {
      if (!galley_board_fire (self->board, ticket, &error))
        _galley_kitchen_view_notice (self, error->message);
    }
  else
    g_warning ("Unknown card request “%s”", action);
}

/* ------------------------------------------------------------------ board */

static void
board_items_changed_cb (GalleyKitchenView *self)
{
  /* several events can arrive in one main-loop turn: lay out once */
  queue_relayout (self);
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

  /* the --station option wins over the setting for this run */
  station = g_strdup (galley_services_get_station (self->services));
  if (station == NULL || station[0] == '\0' || g_str_equal (station, GALLEY_TICKET_STATION_EXPO))
    return g_strdup (GALLEY_TICKET_STATION_ALL);

  return g_steal_pointer (&station);
}

/* (Re)creates the board for the services and the station set now. */
static void
rebuild_board (GalleyKitchenView *self)
{
  g_autofree char *station = NULL;

  g_signal_group_set_target (self->board_signals, NULL);
  g_signal_group_set_target (self->scheduled_signals, NULL);
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
    rebuild_board (self);
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
galley_kitchen_view_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  GalleyKitchenView *self = GALLEY_KITCHEN_VIEW (widget);

  GTK_WIDGET_CLASS (galley_kitchen_view_parent_class)->size_allocate (widget, width, height,
                                                                      baseline);

  if (width != self->last_width || height != self->last_height)
    {
      guint page_size, columns;

      self->last_width = width;
      /* the cards get what the header and banner leave */
      self->last_height = height - 120;
      compute_page_size (self, &page_size, &columns);
      if (page_size != self->page_size || columns != self->columns)
        queue_relayout (self);   /* not during allocation */
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
  g_clear_pointer (&self->cards, g_hash_table_unref);
  g_clear_pointer (&self->keys, g_hash_table_unref);
  g_free (self->selected_id);
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

  if (self->services != NULL)
    {
      g_signal_group_set_target (self->clock_signals, galley_services_get_clock (self->services));
      g_signal_group_set_target (self->settings_signals,
                                 galley_services_get_settings (self->services));
      self->services_notify_id = g_signal_connect_swapped (self->services, "notify",
                                                           G_CALLBACK (services_notify_cb), self);
      galley_link_banner_set_link (self->banner, galley_services_get_link (self->services));
      galley_link_banner_set_outbox (self->banner, galley_services_get_outbox (self->services));
    }

  _galley_kitchen_view_load_keys (self);
  rebuild_board (self);
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

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kitchenview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
galley_kitchen_view_init (GalleyKitchenView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cards = g_hash_table_new_full (NULL, NULL, g_object_unref, drop_card);
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
