/* galley-kitchen-view-cards.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyKitchenView's pages (K-18, K-19): how many cards fit, the cards of the current page
 * (created once and reused while their tickets stay on the page), the selection and paging.
 */
#define G_LOG_DOMAIN "galley-kitchen-view"

#include "config.h"

#include <glib/gi18n.h>

#include "kitchen/galley-kitchen-view-private.h"
#include "util/galley-source.h"

#define properties _galley_kitchen_view_properties

#define CARD_MIN_WIDTH   280
#define CARD_MIN_HEIGHT  360
#define LIST_ROW_HEIGHT  150
#define MAX_PAGE_SIZE    24

/* ------------------------------------------------------------------ cards and pages */

static gboolean
list_layout (GalleyKitchenView *self)
{
  return self->services != NULL &&
         g_settings_get_enum (galley_services_get_settings (self->services), "board-layout") == 1;
}

/* How many cards fit: the setting, else the space (grid) or rows (list). */
void
_galley_kitchen_view_compute_page_size (GalleyKitchenView *self,
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

void
_galley_kitchen_view_drop_card (gpointer data)
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

/**
 * _galley_kitchen_view_rescue_focus:
 * @card: (nullable): a card about to go, or %NULL for all of them
 *
 * Moves the keyboard focus out of a card that is about to be dropped, to the view itself, and
 * marks it to be given to the selected card after the next relayout. Without this the bump
 * bar's keys would reach nothing after a bump, and GTK 4.8 would keep the dropped card alive
 * as the window's focus widget.
 */
void
_galley_kitchen_view_rescue_focus (GalleyKitchenView *self,
                                   GtkWidget         *card)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *inside = card != NULL ? card : GTK_WIDGET (self->cards_grid);

  if (focus == NULL || (focus != inside && !gtk_widget_is_ancestor (focus, inside)))
    return;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->refocus = TRUE;
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

  _galley_kitchen_view_compute_page_size (self, &self->page_size, &self->columns);
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
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (wanted, key))
      {
        _galley_kitchen_view_rescue_focus (self, value);
        g_ptr_array_add (gone, key);
      }
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
  /* the keys keep working: a card that had the focus and went hands it to the selection */
  _galley_kitchen_view_select (self, selected, self->refocus && selected != NULL);
  self->refocus = FALSE;

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

void
_galley_kitchen_view_queue_relayout (GalleyKitchenView *self)
{
  if (self->relayout_id == 0)
    /* before GTK lays out and paints (GDK_PRIORITY_REDRAW), and ahead of the feed's
     * events, so a busy feed cannot keep a changed page off the screen */
    self->relayout_id = galley_idle_add_full_named ("galley-kitchen-view-relayout",
                                                    G_PRIORITY_HIGH_IDLE + 10, relayout_cb,
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
