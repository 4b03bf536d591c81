/* galley-counter-view-orders.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyCounterView's "Today’s Orders" (kitchen-and-counter.md C-7): the orders this
 * terminal sent since local midnight, newest first, each with its live status from the order
 * store (by the id the server gave it), or "Waiting to send" / "Refused" from the outbox.
 * Activating one opens it read-only; a refused one can be put back in the cart to fix.
 */
#define G_LOG_DOMAIN "galley-counter-view"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "counter/galley-counter-view-private.h"

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static char *
dup_title (JsonObject *body)
{
  GalleyCounterType type = GALLEY_COUNTER_TYPE_TAKEOUT;
  const char *table = get_string (body, "tableNumber");
  const char *name = get_string (body, "customerName");
  g_autofree char *who = NULL;

  if (body == NULL)
    return g_strdup (_("Order"));
  galley_counter_type_from_wire (get_string (body, "type"), &type);
  who = table != NULL ? g_strdup_printf (_("Table %s"), table) : g_strdup (name != NULL ? name : "");

  return g_strdup_printf (_("%s · %s"), galley_counter_type_to_label (type), who);
}

/**
 * galley_counter_view_refresh_today:
 *
 * Rebuilds the list of today's orders (done when the list is opened, and when an order or
 * its status changes while it is open).
 *
 * Returns: the number of orders listed
 */
guint
galley_counter_view_refresh_today (GalleyCounterView *self)
{
  g_auto(GStrv) refs = NULL;
  GtkWidget *child;
  guint n = 0;

  g_return_val_if_fail (GALLEY_IS_COUNTER_VIEW (self), 0);

  if (self->today_list == NULL)
    return 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->today_list))) != NULL &&
         GTK_IS_LIST_BOX_ROW (child))
    gtk_list_box_remove (self->today_list, child);

  refs = _galley_counter_view_dup_today_refs (self);
  for (n = 0; refs[n] != NULL; n++)
    {
      g_autoptr(JsonObject) body = _galley_counter_view_dup_body (self, refs[n]);
      g_autofree char *title = dup_title (body);
      gboolean refused = FALSE;
      g_autofree char *status = _galley_counter_view_dup_state_text (self, refs[n], &refused);
      g_autofree char *a11y = g_strdup_printf ("%s, %s", title, status);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *title_label = gtk_label_new (title);
      GtkWidget *status_label = gtk_label_new (status);

      gtk_widget_set_margin_top (box, 6);
      gtk_widget_set_margin_bottom (box, 6);
      gtk_widget_set_margin_start (box, 6);
      gtk_widget_set_margin_end (box, 6);
      gtk_label_set_xalign (GTK_LABEL (title_label), 0);
      gtk_label_set_xalign (GTK_LABEL (status_label), 0);
      gtk_label_set_wrap (GTK_LABEL (status_label), TRUE);
      gtk_widget_add_css_class (title_label, "heading");
      gtk_widget_add_css_class (status_label, refused ? "error" : "dim-label");
      gtk_box_append (GTK_BOX (box), title_label);
      gtk_box_append (GTK_BOX (box), status_label);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
      g_object_set_data_full (G_OBJECT (row), "galley-client-ref", g_strdup (refs[n]), g_free);
      gtk_list_box_append (self->today_list, row);
    }

  return n;
}

/**
 * galley_counter_view_dup_today_status:
 * @client_ref: an order sent from this terminal
 *
 * Returns: (transfer full): its state as the list shows it ("Waiting to send", "No. … · Cooking")
 */
char *
galley_counter_view_dup_today_status (GalleyCounterView *self,
                                      const char        *client_ref)
{
  gboolean refused;

  g_return_val_if_fail (GALLEY_IS_COUNTER_VIEW (self), NULL);
  g_return_val_if_fail (client_ref != NULL, NULL);

  return _galley_counter_view_dup_state_text (self, client_ref, &refused);
}

static void
order_response_cb (GalleyCounterView *self,
                   const char        *response,
                   GtkWidget         *dialog)
{
  g_autoptr(GError) error = NULL;
  const char *ref = g_object_get_data (G_OBJECT (dialog), "galley-client-ref");

  if (g_strcmp0 (response, "resend") != 0 || ref == NULL)
    return;

  if (!galley_counter_view_restore_order (self, ref, &error))
    _galley_counter_view_tell (self, error->message);
}

/**
 * galley_counter_view_open_order:
 * @client_ref: an order sent from this terminal
 *
 * Returns: (transfer none) (nullable): a read-only dialog of the order, not yet presented;
 *   %NULL if the outbox no longer has it
 */
GtkWidget *
galley_counter_view_open_order (GalleyCounterView *self,
                                const char        *client_ref)
{
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *status = NULL;
  gboolean refused = FALSE;
  GtkRoot *root;
  GtkWidget *dialog;

  g_return_val_if_fail (GALLEY_IS_COUNTER_VIEW (self), NULL);
  g_return_val_if_fail (client_ref != NULL, NULL);

  body = _galley_counter_view_dup_body (self, client_ref);
  if (body == NULL)
    {
      _galley_counter_view_tell (self, _("This order is no longer kept on this terminal."));
      return NULL;
    }
  status = _galley_counter_view_dup_state_text (self, client_ref, &refused);

  if (self->order_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->order_dialog));
  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = galley_review_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, body,
                                     self->cart != NULL ? galley_cart_get_tax_rate (self->cart)
                                                        : GALLEY_CART_DEFAULT_TAX_RATE,
                                     refused ? GALLEY_REVIEW_REFUSED : GALLEY_REVIEW_VIEW, status);
  g_object_set_data_full (G_OBJECT (dialog), "galley-client-ref", g_strdup (client_ref), g_free);
  g_set_weak_pointer (&self->order_dialog, dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (order_response_cb), self,
                           G_CONNECT_SWAPPED);

  return dialog;
}

/**
 * galley_counter_view_restore_order:
 * @client_ref: a refused order sent from this terminal
 *
 * "Fix and Resend": the order's lines, type, table or name and rush come back into an empty
 * cart, to be corrected and sent again as a new order.
 *
 * Returns: %FALSE with a message for the cashier if the cart is not empty or the order is gone
 */
gboolean
galley_counter_view_restore_order (GalleyCounterView  *self,
                                   const char         *client_ref,
                                   GError            **error)
{
  g_autoptr(JsonObject) body = NULL;

  g_return_val_if_fail (GALLEY_IS_COUNTER_VIEW (self), FALSE);
  g_return_val_if_fail (client_ref != NULL, FALSE);

  if (g_list_model_get_n_items (G_LIST_MODEL (self->cart)) > 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                           _("Send or clear the order in progress first."));
      return FALSE;
    }
  body = _galley_counter_view_dup_body (self, client_ref);
  if (body == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("This order is no longer kept on this terminal."));
      return FALSE;
    }

  return _galley_counter_view_fill_from_body (self, body, error);
}

/* The create body back into the (empty) cart and the header. Lines whose item left the menu
 * are skipped and said so; the rest keep their quantity, modifier choices and notes. */
gboolean
_galley_counter_view_fill_from_body (GalleyCounterView  *self,
                                     JsonObject         *body,
                                     GError            **error)
{
  GalleyMenu *menu = galley_cart_get_menu (self->cart);
  JsonArray *items = NULL;
  JsonObject *metadata = NULL;
  GalleyCounterType type = GALLEY_COUNTER_TYPE_TAKEOUT;
  guint skipped = 0;

  if (json_object_has_member (body, "items") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (body, "items")))
    items = json_object_get_array_member (body, "items");
  if (json_object_has_member (body, "metadata") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (body, "metadata")))
    metadata = json_object_get_object_member (body, "metadata");

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *object = json_array_get_object_element (items, i);
      const char *item_id = get_string (object, "menu_item_id");
      GalleyMenuItem *item = menu != NULL && item_id != NULL ?
                             galley_menu_lookup_item (menu, item_id) : NULL;
      g_autoptr(GalleyCartLine) line = NULL;
      g_autoptr(GPtrArray) option_ids = g_ptr_array_new ();
      g_autoptr(GError) local_error = NULL;
      const char *instructions = get_string (object, "special_instructions");
      JsonArray *mods = NULL;
      gint64 quantity = 1;

      if (item == NULL)
        {
          skipped++;
          continue;
        }
      if (json_object_has_member (object, "quantity"))
        quantity = json_object_get_int_member (object, "quantity");
      line = galley_cart_line_new (item, NULL, (guint) CLAMP (quantity, 1,
                                                              GALLEY_CART_ABSOLUTE_MAX_QUANTITY));
      if (json_object_has_member (object, "modifiers") &&
          JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "modifiers")))
        mods = json_object_get_array_member (object, "modifiers");
      for (guint m = 0; mods != NULL && m < json_array_get_length (mods); m++)
        {
          const char *id = get_string (json_array_get_object_element (mods, m), "id");

          if (id != NULL)
            g_ptr_array_add (option_ids, (gpointer) id);
        }
      g_ptr_array_add (option_ids, NULL);
      if (!galley_cart_line_set_modifiers (line, (const char * const *) option_ids->pdata, NULL,
                                           &local_error))
        g_debug ("Modifiers not restored: %s", local_error->message);
      g_clear_error (&local_error);

      /* "ALLERGY: x. notes" (galley-cart-json.c) back into its two fields */
      if (instructions != NULL && g_str_has_prefix (instructions, "ALLERGY: "))
        {
          const char *rest = instructions + strlen ("ALLERGY: ");
          const char *stop = strstr (rest, ". ");

          if (stop != NULL)
            {
              g_autofree char *allergy = g_strndup (rest, stop - rest);

              galley_cart_line_set_allergy_notes (line, allergy);
              galley_cart_line_set_notes (line, stop + 2);
            }
          else
            galley_cart_line_set_allergy_notes (line, rest);
        }
      else if (instructions != NULL)
        galley_cart_line_set_notes (line, instructions);

      if (galley_cart_add_line (self->cart, line, GALLEY_CART_ADD_NO_MERGE |
                                GALLEY_CART_ADD_CONFIRM_QUANTITY, NULL, &local_error) == NULL)
        {
          g_debug ("Line not restored: %s", local_error->message);
          skipped++;
        }
    }

  if (galley_counter_type_from_wire (get_string (body, "type"), &type))
    galley_counter_view_set_order_type (self, type);
  galley_counter_view_set_table (self, get_string (body, "tableNumber"));
  galley_counter_view_set_customer_name (self, get_string (body, "customerName"));
  galley_counter_view_set_rush (self, metadata != NULL && json_object_has_member (metadata, "rush") &&
                                      json_object_get_boolean_member (metadata, "rush"));
  if (json_object_has_member (body, "tip"))
    galley_cart_set_tip (self->cart,
                         (gint64) floor (json_object_get_double_member (body, "tip") * 100 + 0.5));
  _galley_counter_view_update_blocker (self);

  if (skipped > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u line is no longer on the menu and was left out.",
                                                            "%u lines are no longer on the menu and were left out.",
                                                            skipped), skipped);

      _galley_counter_view_tell (self, text);
    }
  if (g_list_model_get_n_items (G_LIST_MODEL (self->cart)) == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("None of the order’s items are on the menu now."));
      return FALSE;
    }

  return TRUE;
}
