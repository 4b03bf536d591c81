/* galley-demo-server-edits.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo server's order edits (kitchen-and-counter K-11, order protocol §7.2): what another
 * terminal changes on an active order, so that kitchen screens can show the difference: a
 * line's quantity, a line added or voided, a modifier added or removed, or the whole order
 * cancelled.
 *
 * An edit bumps version and updated_at, recomputes the totals (§3.7) and broadcasts
 * order:updated with the full row through the path status changes take, so suppressed,
 * duplicated and reordered broadcasts apply to it as well; a cancellation is a status change
 * through the transition table (§3.2). The simulation looks at every active order once a
 * simulated minute and edits it with the probability of at least one event of a Poisson
 * process of edit_rate per minute. It draws from the single PRNG, so edits are deterministic
 * under a fixed seed and the virtual clock, and edit_rate 0 arms no timer and draws nothing.
 * The modifier edits are in galley-demo-server-edits-modifiers.c.
 */
#define G_LOG_DOMAIN "galley-demo-server"

#include <math.h>
#include <string.h>

#include "demo/galley-demo-server-private.h"
#include "orders/galley-order-status.h"
#include "util/galley-json.h"

#define EDIT_TICK_US   (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)
#define MAX_QUANTITY   99
#define MAX_TEXT       500
#define CANCEL_NOTES   "Cancelled by the guest"

static const char * const kind_names[] = { "quantity", "add", "void", "modifier", "cancel", NULL };

/* ------------------------------------------------------------------ helpers */

static gboolean
is_editable (DemoOrder *order)
{
  GalleyOrderStatus status = galley_order_status_from_string (
    json_object_get_string_member_with_default (order->row, "status", NULL));

  return status == GALLEY_ORDER_STATUS_PENDING || status == GALLEY_ORDER_STATUS_CONFIRMED ||
         status == GALLEY_ORDER_STATUS_PREPARING;
}

static JsonArray *
lines_of (DemoOrder *order)
{
  return galley_json_get_array (order->row, "items");
}

static guint
n_lines (DemoOrder *order)
{
  JsonArray *items = lines_of (order);

  return items != NULL ? json_array_get_length (items) : 0;
}

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_INVALID, message);
  return FALSE;
}

/* An optional text parameter: absent or null leaves *@value NULL. */
static gboolean
optional_text (JsonObject  *params,
               const char  *name,
               const char **value,
               GError     **error)
{
  *value = NULL;
  if (params == NULL || galley_json_is_null_or_absent (params, name))
    return TRUE;

  if (!galley_json_get_string (params, name, value) || **value == '\0' ||
      g_utf8_strlen (*value, -1) > MAX_TEXT)
    {
      g_set_error (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_INVALID,
                   "%s must be text of 1 to %d characters", name, MAX_TEXT);
      return FALSE;
    }

  return TRUE;
}

/* An optional quantity: absent or null leaves *@given FALSE. */
static gboolean
optional_quantity (JsonObject  *params,
                   gint64      *value,
                   gboolean    *given,
                   GError     **error)
{
  *given = FALSE;
  if (params == NULL || galley_json_is_null_or_absent (params, "quantity"))
    return TRUE;

  if (!galley_json_get_int (params, "quantity", value) || *value < 1 || *value > MAX_QUANTITY)
    return invalid (error, "quantity must be an integer from 1 to 99");

  *given = TRUE;
  return TRUE;
}

static JsonObject *
find_line (DemoOrder  *order,
           const char *line_id,
           guint      *index)
{
  for (guint i = 0; i < n_lines (order); i++)
    {
      JsonObject *line = json_array_get_object_element (lines_of (order), i);

      if (line != NULL &&
          g_strcmp0 (json_object_get_string_member_with_default (line, "id", NULL), line_id) == 0)
        {
          *index = i;
          return line;
        }
    }

  return NULL;
}

/* One more than the highest N of the order's "line-N" ids, and at least its count + 1. */
static guint
first_free_line (DemoOrder *order)
{
  guint next = n_lines (order) + 1;

  for (guint i = 0; i < n_lines (order); i++)
    {
      JsonObject *line = json_array_get_object_element (lines_of (order), i);
      const char *id = line != NULL ? json_object_get_string_member_with_default (line, "id", NULL)
                                    : NULL;
      guint64 n;

      if (id != NULL && g_str_has_prefix (id, "line-") &&
          g_ascii_string_to_unsigned (id + 5, 10, 1, G_MAXUINT - 1, &n, NULL))
        next = MAX (next, (guint) n + 1);
    }

  return next;
}

/* The line an edit applies to: the one @params' item_id names, else a random one. */
static JsonObject *
pick_line (GalleyDemoServer  *self,
           DemoOrder         *order,
           JsonObject        *params,
           guint             *index,
           GError           **error)
{
  const char *item_id;
  JsonObject *line;

  if (!optional_text (params, "item_id", &item_id, error))
    return NULL;

  if (item_id != NULL)
    {
      line = find_line (order, item_id, index);
      if (line == NULL)
        g_set_error (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_NOT_FOUND,
                     "Order %s has no line %s", order->id, item_id);
      return line;
    }

  if (n_lines (order) == 0)
    {
      invalid (error, "The order has no lines");
      return NULL;
    }

  *index = random_below (self, n_lines (order));
  line = json_array_get_object_element (lines_of (order), *index);
  if (line == NULL)
    invalid (error, "The order's line is not an object");

  return line;
}

/* ------------------------------------------------------------------ the edits */

static gboolean
edit_quantity (GalleyDemoServer  *self,
               DemoOrder         *order,
               JsonObject        *params,
               GError           **error)
{
  JsonObject *line;
  gint64 quantity = 1, wanted = 0;
  gboolean given;
  guint index;

  if (!optional_quantity (params, &wanted, &given, error))
    return FALSE;

  line = pick_line (self, order, params, &index, error);
  if (line == NULL)
    return FALSE;

  galley_json_get_int (line, "quantity", &quantity);
  if (given && wanted == quantity)
    return invalid (error, "The line already has that quantity");

  if (!given)
    {
      if (quantity <= 1)
        wanted = 2;
      else if (quantity >= MAX_QUANTITY)
        wanted = quantity - 1;
      else
        wanted = random_unit (self) < 0.5 ? quantity - 1 : quantity + 1;
    }

  json_object_set_int_member (line, "quantity", wanted);

  return TRUE;
}

static gboolean
edit_add (GalleyDemoServer  *self,
          DemoOrder         *order,
          JsonObject        *params,
          GError           **error)
{
  JsonObject *item = NULL, *line;
  const char *menu_item_id;
  gint64 quantity = 0;
  gboolean given;
  guint index, found;

  if (!optional_quantity (params, &quantity, &given, error) ||
      !optional_text (params, "menu_item_id", &menu_item_id, error))
    return FALSE;

  if (lines_of (order) == NULL)
    return invalid (error, "The order has no lines");

  if (menu_item_id != NULL)
    {
      item = _galley_demo_server_find_item (self, menu_item_id);
      if (item == NULL)
        {
          g_set_error (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_NOT_FOUND,
                       "No menu item %s", menu_item_id);
          return FALSE;
        }
      if (!json_object_get_boolean_member_with_default (item, "available", FALSE))
        return invalid (error, "That menu item is not available");
    }

  /* the new line's id: a "line-N" that no line of the order ever had, not even a voided one */
  for (;; order->next_line++)
    {
      g_autofree char *id = g_strdup_printf ("line-%u", order->next_line);

      if (find_line (order, id, &found) == NULL)
        break;
    }
  index = order->next_line++ - 1;

  line = _galley_demo_server_generate_line (self, item, index);
  if (given)
    json_object_set_int_member (line, "quantity", quantity);
  json_array_add_object_element (lines_of (order), line);

  return TRUE;
}

static gboolean
edit_void (GalleyDemoServer  *self,
           DemoOrder         *order,
           JsonObject        *params,
           GError           **error)
{
  guint index;

  if (n_lines (order) < 2)
    return invalid (error, "An order keeps at least one line: cancel it instead");

  if (pick_line (self, order, params, &index, error) == NULL)
    return FALSE;

  json_array_remove_element (lines_of (order), index);

  return TRUE;
}

static gboolean
edit_modifier (GalleyDemoServer  *self,
               DemoOrder         *order,
               JsonObject        *params,
               GError           **error)
{
  const char *action, *modifier_id, *text;
  JsonObject *line;
  guint index;

  if (!optional_text (params, "action", &action, error) ||
      !optional_text (params, "modifier_id", &modifier_id, error) ||
      !optional_text (params, "text", &text, error))
    return FALSE;

  if (action != NULL && strcmp (action, "add") != 0 && strcmp (action, "remove") != 0)
    return invalid (error, "action must be \"add\" or \"remove\"");
  if (modifier_id != NULL && text != NULL)
    return invalid (error, "Give modifier_id or text, not both");

  line = pick_line (self, order, params, &index, error);
  if (line == NULL)
    return FALSE;

  return _galley_demo_server_edit_line_modifier (self, line, action, modifier_id, text, error);
}

static gboolean
edit_cancel (GalleyDemoServer  *self,
             DemoOrder         *order,
             JsonObject        *params,
             GError           **error)
{
  const char *notes;

  if (!optional_text (params, "notes", &notes, error))
    return FALSE;

  /* the normal transition path: version, updated_at, cancelled_at, history, order:updated */
  return _galley_demo_server_change_status (self, order, "cancelled",
                                            notes != NULL ? notes : CANCEL_NOTES, TRUE, error);
}

/* Applies one edit to an active order and tells the clients; on error nothing changed. */
static gboolean
apply_edit (GalleyDemoServer    *self,
            DemoOrder           *order,
            GalleyDemoEditKind   kind,
            JsonObject          *params,
            GError             **error)
{
  g_autofree char *now = NULL;
  gboolean ok;

  if (!is_editable (order))
    {
      g_set_error (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_CONFLICT,
                   "Order %s is %s: only pending, confirmed or preparing orders can be edited",
                   order->id,
                   json_object_get_string_member_with_default (order->row, "status", "null"));
      return FALSE;
    }

  /* before the first edit every line the order ever had is still there */
  if (order->next_line == 0)
    order->next_line = first_free_line (order);

  switch (kind)
    {
    case GALLEY_DEMO_EDIT_QUANTITY:
      ok = edit_quantity (self, order, params, error);
      break;
    case GALLEY_DEMO_EDIT_ADD:
      ok = edit_add (self, order, params, error);
      break;
    case GALLEY_DEMO_EDIT_VOID:
      ok = edit_void (self, order, params, error);
      break;
    case GALLEY_DEMO_EDIT_MODIFIER:
      ok = edit_modifier (self, order, params, error);
      break;
    case GALLEY_DEMO_EDIT_CANCEL:
      if (!edit_cancel (self, order, params, error))
        return FALSE;
      self->orders_edited++;
      g_debug ("Order %s: cancel edit", order->id);
      return TRUE;
    default:
      g_set_error (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_INVALID,
                   "Unknown edit %d", (int) kind);
      return FALSE;
    }

  if (!ok)
    return FALSE;

  now = _galley_demo_server_now_db (self);
  json_object_set_string_member (order->row, "updated_at", now);
  json_object_set_int_member (order->row, "version",
                              json_object_get_int_member_with_default (order->row, "version", 1) + 1);
  _galley_demo_server_recompute_totals (order);
  self->orders_edited++;
  g_debug ("Order %s: %s edit", order->id, kind_names[kind]);

  _galley_demo_server_broadcast_order (self, "order:updated", order, NULL);

  return TRUE;
}

/* ------------------------------------------------------------------ simulation */

static GalleyDemoEditKind
pick_kind (GalleyDemoServer *self,
           DemoOrder        *order)
{
  double u = random_unit (self);

  if (u < 0.30)
    return GALLEY_DEMO_EDIT_QUANTITY;
  if (u < 0.50)
    return GALLEY_DEMO_EDIT_ADD;
  if (u < 0.65)
    return n_lines (order) > 1 ? GALLEY_DEMO_EDIT_VOID : GALLEY_DEMO_EDIT_QUANTITY;
  if (u < 0.90)
    return GALLEY_DEMO_EDIT_MODIFIER;

  return GALLEY_DEMO_EDIT_CANCEL;
}

/**
 * _galley_demo_server_schedule_edits:
 *
 * Arms the next minute of the edit simulation, or none at edit_rate 0 or when stopped.
 */
void
_galley_demo_server_schedule_edits (GalleyDemoServer *self)
{
  if (self->server == NULL)
    return;

  _galley_demo_server_cancel_timers (self, DEMO_TIMER_EDIT);
  if (self->edit_rate > 0)
    _galley_demo_server_schedule (self, EDIT_TICK_US, DEMO_TIMER_EDIT, 0, NULL, NULL);
}

/**
 * _galley_demo_server_edits_due:
 *
 * One simulated minute: each active order, in creation order, gets an edit with the
 * probability of at least one event of a Poisson process of edit_rate per minute.
 */
void
_galley_demo_server_edits_due (GalleyDemoServer *self)
{
  g_autoptr(GPtrArray) active = g_ptr_array_new ();
  double p = 1.0 - exp (-self->edit_rate);

  /* a snapshot: an edit must not change which orders this minute looks at */
  for (guint i = 0; i < self->orders->len; i++)
    {
      DemoOrder *order = g_ptr_array_index (self->orders, i);

      if (is_editable (order))
        g_ptr_array_add (active, order);
    }

  for (guint i = 0; i < active->len; i++)
    {
      DemoOrder *order = g_ptr_array_index (active, i);
      g_autoptr(GError) error = NULL;

      if (random_unit (self) >= p)
        continue;

      /* the kinds are picked so that a random edit of an active order always applies */
      if (!apply_edit (self, order, pick_kind (self, order), NULL, &error))
        g_warning ("Demo edit of order %s failed: %s", order->id, error->message);
    }

  _galley_demo_server_schedule_edits (self);
}

/* ------------------------------------------------------------------ public API */

/**
 * galley_demo_server_edit_kind_from_string:
 * @text: "quantity", "add", "void", "modifier" or "cancel"
 * @kind: (out): the kind
 *
 * Returns: whether @text names an edit
 */
gboolean
galley_demo_server_edit_kind_from_string (const char         *text,
                                          GalleyDemoEditKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  for (guint i = 0; kind_names[i] != NULL; i++)
    if (g_strcmp0 (kind_names[i], text) == 0)
      {
        *kind = (GalleyDemoEditKind) i;
        return TRUE;
      }

  return FALSE;
}

/**
 * galley_demo_server_edit_order:
 * @id: an order that is pending, confirmed or preparing
 * @kind: what changes
 * @params: (nullable): optional members, each chosen at random from the seeded PRNG when
 *   absent: "item_id" (quantity, void, modifier: the line), "quantity" (quantity: the new
 *   one, else one more or one less; add: the new line's), "menu_item_id" (add: an
 *   available item), "action" (modifier: "add" or "remove"), "modifier_id" (modifier: a
 *   menu option of the line's item) or "text" (modifier: a kitchen instruction in the
 *   line's "modifications"), "notes" (cancel: the history note)
 *
 * Edits an order as another terminal would (kitchen-and-counter K-11): version + 1,
 * updated_at, totals recomputed (spec §3.7) and `order:updated` with the full row, subject
 * to the broadcast fault hooks. %GALLEY_DEMO_EDIT_CANCEL moves the order to "cancelled"
 * through the transition table (spec §3.2). A named modifier or text with no "action" is
 * removed if the line has it and added if not. Also `POST /_demo/edit` with
 * `{"order_id": …, "kind": …, …params}`.
 *
 * Returns: (transfer full) (nullable): a copy of the edited row, or %NULL with @error set:
 *   %GALLEY_DEMO_SERVER_ERROR_NOT_FOUND (no such order, line, menu item or modifier),
 *   %GALLEY_DEMO_SERVER_ERROR_CONFLICT (the order is not active) or
 *   %GALLEY_DEMO_SERVER_ERROR_INVALID (a bad parameter, voiding the only line, a modifier
 *   the menu requires or has no room for)
 */
JsonObject *
galley_demo_server_edit_order (GalleyDemoServer    *self,
                               const char          *id,
                               GalleyDemoEditKind   kind,
                               JsonObject          *params,
                               GError             **error)
{
  DemoOrder *order;

  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  order = _galley_demo_server_find_order (self, id);
  if (order == NULL)
    {
      g_set_error (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_NOT_FOUND,
                   "No order %s", id);
      return NULL;
    }

  if (!apply_edit (self, order, kind, params, error))
    return NULL;

  return _galley_demo_server_copy_object (order->row);
}

/**
 * galley_demo_server_get_orders_edited:
 *
 * Returns: how many edits were applied, simulated or asked for
 */
guint
galley_demo_server_get_orders_edited (GalleyDemoServer *self)
{
  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), 0);

  return self->orders_edited;
}
