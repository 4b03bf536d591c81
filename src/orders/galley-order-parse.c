/* galley-order-parse.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyOrder's parsing: one order row (spec §3.4) checked member by member, with the
 * limits of R-IN-5; a row that fails any check is rejected as a whole (R-IN-2).
 */
#define G_LOG_DOMAIN "galley-order"

#include <math.h>
#include <string.h>

#include "orders/galley-order-private.h"
#include "util/galley-json.h"
#include "util/galley-json-tokens.h"
#include "util/galley-time.h"

#define NAME_MAX_CHARS  200    /* R-IN-5 */
#define NOTES_MAX_CHARS 1000   /* R-IN-5 */
#define MONEY_MAX       1e9    /* dollars: keeps every sum of cents far from G_MAXINT64 */

static gboolean
invalid (GError     **error,
         const char  *member,
         const char  *what)
{
  g_set_error (error, GALLEY_ORDER_ERROR, GALLEY_ORDER_ERROR_INVALID,
               "“%s” %s", member, what);
  return FALSE;
}

static gboolean
parse_id (GalleyJsonTokens  *doc,
          guint              row,
          const char        *member,
          char             **out,
          GError           **error)
{
  const char *value;

  if (!galley_json_tokens_get_string (doc, row, member, &value) || *value == '\0')
    return invalid (error, member, "is missing or not a non-empty string");

  if (!g_utf8_validate (value, -1, NULL))
    return invalid (error, member, "is not valid UTF-8");

  *out = g_strdup (value);

  return TRUE;
}

static gboolean
parse_string (GalleyJsonTokens  *doc,
              guint              row,
              const char        *member,
              glong              max_chars,
              char             **out,
              GError           **error)
{
  const char *value;

  if (!galley_json_tokens_get_string (doc, row, member, &value))
    return invalid (error, member, "is missing or not a string");

  *out = galley_json_dup_text (value, max_chars);

  return TRUE;
}

static gboolean
parse_optional_string (GalleyJsonTokens  *doc,
                       guint              row,
                       const char        *member,
                       glong              max_chars,
                       char             **out,
                       GError           **error)
{
  const char *value;

  if (galley_json_tokens_is_null_or_absent (doc, row, member))
    return TRUE;

  if (!galley_json_tokens_get_string (doc, row, member, &value))
    return invalid (error, member, "is not a string");

  *out = galley_json_dup_text (value, max_chars);

  return TRUE;
}

/* Money: a number of dollars or null (0). Amounts that should never be null are logged with
 * @log_id, the order id. */
static gboolean
parse_money (GalleyJsonTokens  *doc,
             guint              row,
             const char        *member,
             const char        *log_id,
             gint64            *out,
             GError           **error)
{
  double value;

  if (galley_json_tokens_is_null_or_absent (doc, row, member))
    {
      if (log_id != NULL)
        g_debug ("Order %s: %s is null, taken as 0", log_id, member);
      *out = 0;
      return TRUE;
    }

  if (!galley_json_tokens_get_number (doc, row, member, &value) || fabs (value) > MONEY_MAX)
    return invalid (error, member, "is not a number of dollars");

  *out = galley_money_to_cents (value);

  return TRUE;
}

static gboolean
parse_time (GalleyJsonTokens  *doc,
            guint              row,
            const char        *member,
            gboolean           required,
            gint64            *out,
            GError           **error)
{
  const char *value;

  *out = 0;

  if (!required && galley_json_tokens_is_null_or_absent (doc, row, member))
    return TRUE;

  if (!galley_json_tokens_get_string (doc, row, member, &value))
    return invalid (error, member, required ? "is missing or not a string" : "is not a string");

  if (!galley_time_parse (value, out))
    return invalid (error, member, "is not an RFC 3339 timestamp");

  return TRUE;
}

static gboolean
parse_optional_bool (GalleyJsonTokens  *doc,
                     guint              row,
                     const char        *member,
                     gboolean          *out,
                     GError           **error)
{
  *out = FALSE;

  if (galley_json_tokens_is_null_or_absent (doc, row, member))
    return TRUE;

  if (!galley_json_tokens_get_bool (doc, row, member, out))
    return invalid (error, member, "is not a boolean");

  return TRUE;
}

/* The upstream client may send the table as a number; the column is text (§3.4, §4.3.1). */
static gboolean
parse_table_number (GalleyJsonTokens  *doc,
                    guint              row,
                    char             **out,
                    GError           **error)
{
  g_autoptr(JsonNode) node = NULL;

  if (galley_json_tokens_is_null_or_absent (doc, row, "table_number"))
    return TRUE;

  if (galley_json_tokens_get_string (doc, row, "table_number", NULL))
    return parse_string (doc, row, "table_number", NAME_MAX_CHARS, out, error);

  if (!galley_json_tokens_get_number (doc, row, "table_number", NULL))
    return invalid (error, "table_number", "is neither a string nor a number");

  node = galley_json_tokens_dup_node (doc, galley_json_tokens_lookup (doc, row, "table_number"));
  *out = galley_json_to_string (node);   /* 7 -> "7", as JavaScript's String (7) */

  return TRUE;
}

static gboolean
parse_items (GalleyOrder       *self,
             GalleyJsonTokens  *doc,
             guint              row,
             GError           **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint array = galley_json_tokens_get_array (doc, row, "items");
  guint i = 0;

  if (array == GALLEY_JSON_TOKEN_NONE)
    return invalid (error, "items", "is missing or not an array");

  for (guint element = galley_json_tokens_first (doc, array);
       element != GALLEY_JSON_TOKEN_NONE;
       element = galley_json_tokens_next (doc, array, element), i++)
    {
      GalleyOrderItem *item;

      if (galley_json_tokens_get_value_type (doc, element) != GALLEY_JSON_TOKEN_OBJECT)
        {
          g_set_error (error, GALLEY_ORDER_ERROR, GALLEY_ORDER_ERROR_INVALID,
                       "item %u is not an object", i);
          return FALSE;
        }

      item = galley_order_item_new_from_tokens (doc, element, error);
      if (item == NULL)
        {
          g_prefix_error (error, "item %u: ", i);
          return FALSE;
        }

      g_ptr_array_add (items, item);
    }

  g_list_store_splice (self->items, 0, 0, items->pdata, items->len);

  return TRUE;
}

gboolean
_galley_order_parse_row (GalleyOrder       *self,
                         GalleyJsonTokens  *doc,
                         guint              row,
                         GError           **error)
{
  guint metadata;
  const char *status = NULL;
  gint64 number;

  if (!parse_id (doc, row, "id", &self->id, error) ||
      !parse_string (doc, row, "restaurant_id", NAME_MAX_CHARS, &self->restaurant_id, error) ||
      !parse_string (doc, row, "order_number", NAME_MAX_CHARS, &self->order_number, error) ||
      !parse_string (doc, row, "type", NAME_MAX_CHARS, &self->stored_type, error))
    return FALSE;

  if (!galley_json_tokens_is_null_or_absent (doc, row, "status") &&
      !galley_json_tokens_get_string (doc, row, "status", &status))
    return invalid (error, "status", "is not a string");
  self->status = galley_order_status_from_string (status);
  self->status_text = galley_json_dup_text (status, NAME_MAX_CHARS);
  if (status != NULL && self->status == GALLEY_ORDER_STATUS_UNKNOWN)
    g_debug ("Order %s has the unknown status “%s”", self->id, self->status_text);

  if (!parse_items (self, doc, row, error))
    return FALSE;

  if (!parse_money (doc, row, "subtotal", self->id, &self->subtotal, error) ||
      !parse_money (doc, row, "tax", self->id, &self->tax, error) ||
      !parse_money (doc, row, "total_amount", self->id, &self->total, error))
    return FALSE;

  if (!parse_optional_string (doc, row, "notes", NOTES_MAX_CHARS, &self->notes, error) ||
      !parse_optional_string (doc, row, "customer_name", NAME_MAX_CHARS, &self->customer_name,
                              error) ||
      !parse_table_number (doc, row, &self->table_number, error))
    return FALSE;

  if (!galley_json_tokens_is_null_or_absent (doc, row, "seat_number"))
    {
      if (!galley_json_tokens_get_int (doc, row, "seat_number", &number) || number < 0 ||
          number > G_MAXINT)
        return invalid (error, "seat_number", "is not an integer ≥ 0");
      self->seat_number = (int) number;
    }

  metadata = galley_json_tokens_get_object (doc, row, "metadata");
  if (metadata == GALLEY_JSON_TOKEN_NONE &&
      !galley_json_tokens_is_null_or_absent (doc, row, "metadata"))
    return invalid (error, "metadata", "is not an object");
  if (metadata == GALLEY_JSON_TOKEN_NONE)
    self->metadata = json_object_new ();
  else
    {
      g_autoptr(JsonNode) node = galley_json_tokens_dup_node (doc, metadata);

      self->metadata = json_object_ref (json_node_get_object (node));
    }

  if (!parse_time (doc, row, "created_at", TRUE, &self->created_at, error) ||
      !parse_time (doc, row, "updated_at", TRUE, &self->updated_at, error) ||
      !parse_time (doc, row, "preparing_at", FALSE, &self->preparing_at, error) ||
      !parse_time (doc, row, "ready_at", FALSE, &self->ready_at, error) ||
      !parse_time (doc, row, "completed_at", FALSE, &self->completed_at, error) ||
      !parse_time (doc, row, "cancelled_at", FALSE, &self->cancelled_at, error) ||
      !parse_time (doc, row, "scheduled_pickup_time", FALSE, &self->scheduled_pickup_time, error) ||
      !parse_time (doc, row, "auto_fire_time", FALSE, &self->auto_fire_time, error) ||
      !parse_time (doc, row, "check_closed_at", FALSE, &self->check_closed_at, error))
    return FALSE;

  if (!parse_optional_bool (doc, row, "is_scheduled", &self->is_scheduled, error) ||
      !parse_optional_bool (doc, row, "manually_fired", &self->manually_fired, error))
    return FALSE;

  if (!galley_json_tokens_is_null_or_absent (doc, row, "version"))
    {
      if (!galley_json_tokens_get_int (doc, row, "version", &self->version) ||
          self->version < 0)
        return invalid (error, "version", "is not an integer ≥ 0");
    }

  if (!parse_optional_string (doc, row, "payment_status", NAME_MAX_CHARS, &self->payment_status,
                              error) ||
      !parse_optional_string (doc, row, "payment_method", NAME_MAX_CHARS, &self->payment_method,
                              error) ||
      !parse_money (doc, row, "payment_amount", NULL, &self->payment_amount, error) ||
      !parse_money (doc, row, "cash_received", NULL, &self->cash_received, error) ||
      !parse_money (doc, row, "change_given", NULL, &self->change_given, error) ||
      !parse_optional_string (doc, row, "payment_id", NAME_MAX_CHARS, &self->payment_id, error) ||
      !parse_optional_string (doc, row, "closed_by_user_id", NAME_MAX_CHARS,
                              &self->closed_by_user_id, error))
    return FALSE;

  if (self->payment_status == NULL)
    self->payment_status = g_strdup ("unpaid");   /* the column's default */

  return TRUE;
}
