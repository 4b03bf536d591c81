/* galley-cart-json.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cart's JSON and text forms: the order-create body (order protocol §4.3.1, §3.5), the
 * authoritative `order` object every tool output carries (spec/voice.md §5.3), and the
 * one-paragraph context given to a new voice session (§1.7, §3.4). The last two are read by
 * the model, not by a cashier, and stay in English.
 */
#define G_LOG_DOMAIN "galley-cart"

#include "cart/galley-cart.h"
#include "cart/galley-cart-private.h"
#include "util/galley-json.h"

static char *
format_money (gint64 cents)
{
  return g_strdup_printf ("%s%" G_GINT64_FORMAT ".%02d", cents < 0 ? "-" : "",
                          ABS (cents) / 100, (int) (ABS (cents) % 100));
}

/* `special_instructions`: the allergy first, as "ALLERGY: …" (§5.2), cut to 500 chars. */
static char *
dup_instructions (GalleyCartLine *line)
{
  const char *allergy = galley_cart_line_get_allergy_notes (line);
  const char *notes = galley_cart_line_get_notes (line);
  g_autofree char *text = NULL;

  if (allergy == NULL && notes == NULL)
    return NULL;
  if (allergy == NULL)
    text = g_strdup (notes);
  else if (notes == NULL)
    text = g_strdup_printf ("ALLERGY: %s", allergy);
  else
    text = g_strdup_printf ("ALLERGY: %s. %s", allergy, notes);
  if (g_utf8_strlen (text, -1) > GALLEY_CART_NOTES_MAX_CHARS)
    *g_utf8_offset_to_pointer (text, GALLEY_CART_NOTES_MAX_CHARS) = '\0';

  return g_steal_pointer (&text);
}

/**
 * galley_cart_to_create_payload:
 * @order_type: (nullable): the UI type (§3.3), e.g. "takeout"
 * @customer_name: (nullable): sent as camelCase `customerName` (§4.3.1 quirk)
 * @client_order_ref: the idempotency reference put in `metadata.client_order_ref`
 *
 * The body of POST /api/v1/orders. Prices are menu prices in dollars: the unit price of
 * the item and each modifier's price, which the server multiplies itself (§3.7). Totals are
 * left out: the server ignores them. Fails as galley_cart_validate() does.
 *
 * Returns: (transfer full) (nullable): the body
 */
JsonObject *
galley_cart_to_create_payload (GalleyCart  *self,
                               const char  *order_type,
                               const char  *customer_name,
                               const char  *client_order_ref,
                               GError     **error)
{
  g_autoptr(JsonObject) body = NULL;
  JsonArray *items;
  JsonObject *metadata;
  guint n;

  g_return_val_if_fail (GALLEY_IS_CART (self), NULL);
  g_return_val_if_fail (client_order_ref != NULL, NULL);

  if (!galley_cart_validate (self, NULL, NULL, error))
    return NULL;

  body = json_object_new ();
  if (order_type != NULL)
    json_object_set_string_member (body, "type", order_type);
  items = json_array_new ();
  n = g_list_model_get_n_items (G_LIST_MODEL (self));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GalleyCartLine) line = g_list_model_get_item (G_LIST_MODEL (self), i);
      GalleyMenuItem *item = galley_cart_line_get_item (line);
      g_autofree char *instructions = dup_instructions (line);
      JsonObject *object = json_object_new ();
      JsonArray *modifiers = json_array_new ();

      json_object_set_string_member (object, "id", galley_cart_line_get_id (line));
      json_object_set_string_member (object, "menu_item_id", galley_menu_item_get_id (item));
      json_object_set_string_member (object, "name", galley_menu_item_get_name (item));
      json_object_set_int_member (object, "quantity", galley_cart_line_get_quantity (line));
      json_object_set_double_member (object, "price",
                                     galley_cents_to_money (galley_menu_item_get_price (item)));
      for (guint m = 0; m < galley_cart_line_get_n_modifiers (line); m++)
        {
          const GalleyCartModifier *mod = galley_cart_line_get_modifier (line, m);
          JsonObject *mo = json_object_new ();

          json_object_set_string_member (mo, "id", mod->id);
          json_object_set_string_member (mo, "name", mod->name);
          json_object_set_double_member (mo, "price", galley_cents_to_money (mod->price));
          json_array_add_object_element (modifiers, mo);
        }
      json_object_set_array_member (object, "modifiers", modifiers);
      if (instructions != NULL)
        json_object_set_string_member (object, "special_instructions", instructions);
      json_array_add_object_element (items, object);
    }
  json_object_set_array_member (body, "items", items);
  if (customer_name != NULL)
    json_object_set_string_member (body, "customerName", customer_name);
  if (galley_cart_get_rush (self))
    json_object_set_string_member (body, "notes", "RUSH");
  if (galley_cart_get_tip (self) > 0)
    json_object_set_double_member (body, "tip", galley_cents_to_money (galley_cart_get_tip (self)));
  metadata = json_object_new ();
  json_object_set_string_member (metadata, "client_order_ref", client_order_ref);
  if (galley_cart_get_rush (self))
    json_object_set_boolean_member (metadata, "rush", TRUE);
  json_object_set_object_member (body, "metadata", metadata);

  return g_steal_pointer (&body);
}

/**
 * galley_cart_to_tool_json:
 *
 * The authoritative `order` object of a tool output (spec/voice.md §5.3).
 *
 * Returns: (transfer full): {"lines":[…],"needs_cashier":n,"subtotal":"0.00","rush":false}
 */
JsonObject *
galley_cart_to_tool_json (GalleyCart *self)
{
  JsonObject *order;
  JsonArray *lines;
  g_autofree char *subtotal = NULL;
  guint n;

  g_return_val_if_fail (GALLEY_IS_CART (self), NULL);

  order = json_object_new ();
  lines = json_array_new ();
  n = g_list_model_get_n_items (G_LIST_MODEL (self));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GalleyCartLine) line = g_list_model_get_item (G_LIST_MODEL (self), i);
      JsonObject *object = json_object_new ();
      guint n_mods = galley_cart_line_get_n_modifiers (line);

      json_object_set_string_member (object, "line", galley_cart_line_get_id (line));
      if (galley_cart_line_get_item (line) != NULL)
        json_object_set_string_member (object, "item", galley_cart_line_get_name (line));
      else
        json_object_set_string_member (object, "heard", galley_cart_line_get_name (line));
      json_object_set_int_member (object, "quantity", galley_cart_line_get_quantity (line));
      if (n_mods > 0)
        {
          JsonArray *mods = json_array_new ();

          for (guint m = 0; m < n_mods; m++)
            json_array_add_string_element (mods, galley_cart_line_get_modifier (line, m)->name);
          json_object_set_array_member (object, "modifications", mods);
        }
      json_object_set_string_member (object, "state",
                                     galley_cart_line_get_unavailable (line) ? "unavailable" :
                                     galley_cart_line_get_unsure (line) ? "needs_cashier" :
                                     "confirmed");
      json_array_add_object_element (lines, object);
    }
  json_object_set_array_member (order, "lines", lines);
  json_object_set_int_member (order, "needs_cashier", galley_cart_get_n_unsure (self));
  subtotal = format_money (galley_cart_get_subtotal (self));
  json_object_set_string_member (order, "subtotal", subtotal);
  json_object_set_boolean_member (order, "rush", galley_cart_get_rush (self));

  return order;
}

/**
 * galley_cart_dup_summary:
 *
 * The cart in one paragraph for a new voice session's context item (§1.7, §3.4), e.g.
 * "Current order: L1 2 x Classic Burger (No onions); L2 1 x large coke (awaiting the
 * cashier). Lines awaiting the cashier: L2."
 *
 * Returns: (transfer full): the text
 */
char *
galley_cart_dup_summary (GalleyCart *self)
{
  GString *text, *waiting;
  guint n;

  g_return_val_if_fail (GALLEY_IS_CART (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self));
  if (n == 0)
    return g_strdup ("Current order: empty. Lines awaiting the cashier: none.");

  text = g_string_new ("Current order: ");
  waiting = g_string_new (NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GalleyCartLine) line = g_list_model_get_item (G_LIST_MODEL (self), i);
      guint n_mods = galley_cart_line_get_n_modifiers (line);

      if (i > 0)
        g_string_append (text, "; ");
      g_string_append_printf (text, "%s %u x %s", galley_cart_line_get_id (line),
                              galley_cart_line_get_quantity (line),
                              galley_cart_line_get_name (line));
      for (guint m = 0; m < n_mods; m++)
        g_string_append_printf (text, "%s%s%s", m == 0 ? " (" : ", ",
                                galley_cart_line_get_modifier (line, m)->name,
                                m + 1 == n_mods ? ")" : "");
      if (galley_cart_line_get_unavailable (line))
        g_string_append (text, " [sold out]");
      else if (galley_cart_line_get_unsure (line))
        {
          g_string_append (text, " [awaiting the cashier]");
          g_string_append_printf (waiting, "%s%s", waiting->len > 0 ? ", " : "",
                                  galley_cart_line_get_id (line));
        }
    }
  g_string_append_printf (text, ". Lines awaiting the cashier: %s.",
                          waiting->len > 0 ? waiting->str : "none");
  g_string_free (waiting, TRUE);

  return g_string_free (text, FALSE);
}
