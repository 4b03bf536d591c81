/* galley-cart-tools.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The voice ordering tools applied to a cart (spec/voice.md §5.1–§5.3): pure, with no
 * network, so each call is testable from its JSON arguments alone. A call whose arguments
 * break the schema is not executed at all (§3.4 step 2); a valid one runs item by item and
 * answers with the `function_call_output` object: what happened to each item, in words the
 * model can repeat, and the authoritative cart.
 *
 * Nothing here submits, pays or clears: confirm_order only reports (review), and says what
 * the cashier has to do on screen. The words are for the model, not for the cashier, and
 * stay in English.
 */
#define G_LOG_DOMAIN "galley-cart-tools"

#include <math.h>
#include <string.h>

#include "cart/galley-cart-tools.h"
#include "util/galley-json.h"

#define NAME_MAX_CHARS    200
#define MODIFICATIONS_MAX 32     /* spoken modifications per item */

typedef struct
{
  const char  *name;
  guint        quantity;
  GPtrArray   *modifications;   /* const char*, borrowed from the arguments */
  const char  *instructions;
  const char  *allergy;
  gboolean     rush;
} AddItem;

static void
add_item_clear (gpointer data)
{
  AddItem *item = data;

  g_clear_pointer (&item->modifications, g_ptr_array_unref);
}

/* ------------------------------------------------------------------ output */

static JsonObject *
output_new (GalleyCart *cart,
            gboolean    ok)
{
  JsonObject *output = json_object_new ();

  json_object_set_boolean_member (output, "ok", ok);

  return output;
}

static JsonObject *
error_output (GalleyCart *cart,
              const char *error,
              const char *detail)
{
  JsonObject *output = output_new (cart, FALSE);

  json_object_set_string_member (output, "error", error);
  json_object_set_string_member (output, "detail", detail);
  json_object_set_object_member (output, "order", galley_cart_to_tool_json (cart));

  return output;
}

static JsonArray *
names_array (GPtrArray *items)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; items != NULL && i < items->len; i++)
    json_array_add_string_element (array, galley_menu_item_get_name (g_ptr_array_index (items, i)));

  return array;
}

static char *
join_names (GPtrArray *items,
            const char *last)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; items != NULL && i < items->len; i++)
    g_string_append_printf (text, "%s%s", i == 0 ? "" : i + 1 == items->len ? last : ", ",
                            galley_menu_item_get_name (g_ptr_array_index (items, i)));

  return g_string_free (text, FALSE);
}

static void
set_line (JsonObject     *result,
          GalleyCartLine *line)
{
  guint n = galley_cart_line_get_n_modifiers (line);

  json_object_set_string_member (result, "line", galley_cart_line_get_id (line));
  if (galley_cart_line_get_item (line) != NULL)
    json_object_set_string_member (result, "item", galley_cart_line_get_name (line));
  json_object_set_int_member (result, "quantity", galley_cart_line_get_quantity (line));
  if (n > 0)
    {
      JsonArray *mods = json_array_new ();

      for (guint m = 0; m < n; m++)
        json_array_add_string_element (mods, galley_cart_line_get_modifier (line, m)->name);
      json_object_set_array_member (result, "modifications", mods);
    }
  json_object_set_string_member (result, "state",
                                 galley_cart_line_get_unsure (line) ? "needs_cashier"
                                                                    : "confirmed");
}

/* Required groups the line lacks, for the model to ask about (V-4). */
static void
set_missing (JsonObject     *result,
             GalleyCartLine *line)
{
  GalleyMenuItem *item = galley_cart_line_get_item (line);
  JsonArray *missing;
  guint n;

  if (item == NULL)
    return;
  missing = json_array_new ();
  n = galley_menu_item_get_n_modifier_groups (item);
  for (guint g = 0; g < n; g++)
    {
      const GalleyMenuModifierGroup *group = galley_menu_item_get_modifier_group (item, g);
      gboolean filled = FALSE;

      if (!group->required || group->name == NULL)
        continue;
      for (guint m = 0; m < galley_cart_line_get_n_modifiers (line) && !filled; m++)
        filled = g_strcmp0 (galley_cart_line_get_modifier (line, m)->group_id, group->id) == 0;
      if (!filled)
        json_array_add_string_element (missing, group->name);
    }
  if (json_array_get_length (missing) > 0)
    json_object_set_array_member (result, "missing_choices", missing);
  else
    json_array_unref (missing);
}

/* ------------------------------------------------------------------ arguments */

static gboolean
only_members (JsonObject         *object,
              const char * const *allowed,
              GString            *detail)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      {
        g_string_printf (detail, "unknown field \"%s\"", (const char *) l->data);
        return FALSE;
      }

  return TRUE;
}

/* A string member: absent (or null) is fine unless @required; any other type is not. */
static gboolean
get_string (JsonObject  *object,
            const char  *member,
            gboolean     required,
            const char **value,
            GString     *detail)
{
  JsonNode *node = json_object_get_member (object, member);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        g_string_printf (detail, "\"%s\" is missing", member);
      return !required;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_string_printf (detail, "\"%s\" must be a string", member);
      return FALSE;
    }
  *value = json_node_get_string (node);
  if (g_utf8_strlen (*value, -1) > (required ? NAME_MAX_CHARS : GALLEY_CART_NOTES_MAX_CHARS))
    {
      g_string_printf (detail, "\"%s\" is too long", member);
      return FALSE;
    }
  if (required && **value == '\0')
    {
      g_string_printf (detail, "\"%s\" is empty", member);
      return FALSE;
    }

  return TRUE;
}

/* An integer ≥ 1; absent gives @fallback. Huge figures are kept as G_MAXUINT: the schema
 * allows them and the limit check answers them. */
static gboolean
get_quantity (JsonObject *object,
              const char *member,
              guint       fallback,
              guint      *value,
              GString    *detail)
{
  JsonNode *node = json_object_get_member (object, member);
  double d;

  *value = fallback;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!galley_json_get_number (object, member, &d) || d != floor (d) || d < 1)
    {
      g_string_printf (detail, "\"%s\" must be a whole number of at least 1", member);
      return FALSE;
    }
  *value = d >= (double) G_MAXUINT ? G_MAXUINT : (guint) d;

  return TRUE;
}

static gboolean
get_modifications (JsonObject *object,
                   const char *member,
                   GPtrArray  *out,
                   GString    *detail)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_string_printf (detail, "\"%s\" must be an array of strings", member);
      return FALSE;
    }
  array = json_node_get_array (node);
  if (json_array_get_length (array) > MODIFICATIONS_MAX)
    {
      g_string_printf (detail, "\"%s\" has too many entries", member);
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) ||
          json_node_get_value_type (element) != G_TYPE_STRING ||
          g_utf8_strlen (json_node_get_string (element), -1) > NAME_MAX_CHARS)
        {
          g_string_printf (detail, "\"%s\" must be an array of short strings", member);
          return FALSE;
        }
      g_ptr_array_add (out, (gpointer) json_node_get_string (element));
    }

  return TRUE;
}

static GArray *
parse_add (JsonObject *args,
           GString    *detail)
{
  static const char * const top[] = { "items", NULL };
  static const char * const fields[] = { "name", "quantity", "modifications", "modifiers",
                                         "specialInstructions", "allergyNotes", "rushOrder",
                                         NULL };
  g_autoptr(GArray) items = g_array_new (FALSE, TRUE, sizeof (AddItem));
  JsonArray *array;

  g_array_set_clear_func (items, add_item_clear);
  if (!only_members (args, top, detail))
    return NULL;
  array = galley_json_get_array (args, "items");
  if (array == NULL || json_array_get_length (array) == 0)
    {
      g_string_assign (detail, "\"items\" must be a non-empty array");
      return NULL;
    }
  if (json_array_get_length (array) > GALLEY_CART_MAX_LINES)
    {
      g_string_assign (detail, "\"items\" has too many entries");
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object;
      AddItem item = { 0 };
      JsonNode *rush;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_string_printf (detail, "items[%u] must be an object", i);
          return NULL;
        }
      object = json_node_get_object (node);
      item.modifications = g_ptr_array_new ();
      g_array_append_val (items, item);
      if (!only_members (object, fields, detail) ||
          !get_string (object, "name", TRUE, &item.name, detail) ||
          !get_quantity (object, "quantity", 1, &item.quantity, detail) ||
          !get_modifications (object, "modifications", item.modifications, detail) ||
          !get_modifications (object, "modifiers", item.modifications, detail) ||
          !get_string (object, "specialInstructions", FALSE, &item.instructions, detail) ||
          !get_string (object, "allergyNotes", FALSE, &item.allergy, detail))
        {
          g_autofree char *where = g_strdup_printf ("items[%u]: ", i);

          g_string_prepend (detail, where);
          return NULL;
        }
      rush = json_object_get_member (object, "rushOrder");
      if (rush != NULL && !JSON_NODE_HOLDS_NULL (rush) &&
          !galley_json_get_bool (object, "rushOrder", &item.rush))
        {
          g_string_printf (detail, "items[%u]: \"rushOrder\" must be true or false", i);
          return NULL;
        }
      g_array_index (items, AddItem, i) = item;
    }

  return g_steal_pointer (&items);
}

/* ------------------------------------------------------------------ add_to_order */

/* Options matched one by one; one the item refuses (a second size) stays as free text. */
static void
apply_modifications (GalleyCartLine    *line,
                     GalleyMenuMatcher *matcher,
                     GPtrArray         *phrases,
                     const char        *size)
{
  GalleyMenuItem *item = galley_cart_line_get_item (line);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) free_text = g_ptr_array_new ();
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  if (size != NULL)
    g_ptr_array_add (all, (gpointer) size);
  for (guint i = 0; i < phrases->len; i++)
    g_ptr_array_add (all, g_ptr_array_index (phrases, i));

  for (guint i = 0; i < all->len; i++)
    {
      const char *phrase = g_ptr_array_index (all, i);
      const GalleyMenuModifierOption *option = item != NULL
        ? galley_menu_matcher_match_modifier (matcher, item, phrase, NULL) : NULL;

      if (option != NULL && option->id != NULL)
        {
          g_ptr_array_add (ids, option->id);
          g_ptr_array_add (ids, NULL);
          if (galley_cart_line_set_modifiers (line, (const char * const *) ids->pdata, NULL,
                                              NULL))   /* NULL: a refusal means free text */
            {
              g_ptr_array_remove_index (ids, ids->len - 1);
              continue;
            }
          g_ptr_array_remove_index (ids, ids->len - 1);
          g_ptr_array_remove_index (ids, ids->len - 1);
        }
      g_ptr_array_add (free_text, (gpointer) phrase);
    }

  g_ptr_array_add (ids, NULL);
  g_ptr_array_add (free_text, NULL);
  if (!galley_cart_line_set_modifiers (line, (const char * const *) ids->pdata,
                                       (const char * const *) free_text->pdata, NULL))
    g_assert_not_reached ();   /* every id was accepted above */
}

/* The newest line waiting for a choice among candidates that include @item. */
static GalleyCartLine *
find_resolvable (GalleyCart     *cart,
                 GalleyMenuItem *item)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (cart));

  for (guint i = n; i > 0; i--)
    {
      g_autoptr(GalleyCartLine) line = g_list_model_get_item (G_LIST_MODEL (cart), i - 1);
      GPtrArray *candidates = galley_cart_line_get_candidates (line);

      if (galley_cart_line_get_check (line) != GALLEY_CART_CHECK_MATCH)
        continue;
      for (guint c = 0; c < candidates->len; c++)
        if (g_strcmp0 (galley_menu_item_get_id (g_ptr_array_index (candidates, c)),
                       galley_menu_item_get_id (item)) == 0)
          return line;
    }

  return NULL;
}

static JsonObject *
add_one (GalleyCart        *cart,
         GalleyMenuMatcher *matcher,
         AddItem           *spec)
{
  g_autoptr(GalleyMenuMatch) match = galley_menu_matcher_match (matcher, spec->name);
  g_autoptr(GalleyCartLine) line = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *result = json_object_new ();
  GalleyCartLine *added;
  gboolean merged = FALSE;
  g_autofree char *message = NULL;

  json_object_set_string_member (result, "heard", spec->name);

  if (match->kind == GALLEY_MENU_MATCH_NONE)
    {
      g_autofree char *names = join_names (match->candidates, " or ");

      json_object_set_string_member (result, "status", "not_found");
      json_object_set_array_member (result, "suggestions", names_array (match->candidates));
      message = match->candidates->len > 0
        ? g_strdup_printf ("\"%s\" is not on the menu. Nothing was added. Similar: %s.",
                           spec->name, names)
        : g_strdup_printf ("\"%s\" is not on the menu. Nothing was added.", spec->name);
      json_object_set_string_member (result, "message", message);
      return result;
    }

  if (match->item != NULL && !galley_menu_item_get_available (match->item))
    {
      g_autoptr(GPtrArray) suggestions = galley_menu_matcher_suggest (matcher, match->item);
      g_autofree char *names = join_names (suggestions, " or ");

      json_object_set_string_member (result, "status", "unavailable");
      json_object_set_string_member (result, "item", galley_menu_item_get_name (match->item));
      json_object_set_array_member (result, "suggestions", names_array (suggestions));
      message = g_strdup_printf ("%s is sold out. Nothing was added.%s%s%s",
                                 galley_menu_item_get_name (match->item),
                                 suggestions->len > 0 ? " Instead there is " : "", names,
                                 suggestions->len > 0 ? "." : "");
      json_object_set_string_member (result, "message", message);
      return result;
    }

  if (spec->quantity > GALLEY_CART_MAX_QUANTITY)
    {
      json_object_set_string_member (result, "status", "limit");
      json_object_set_int_member (result, "quantity", MIN (spec->quantity, G_MAXINT32));
      message = g_strdup_printf ("A quantity of %u was not added: more than %u of one item "
                                 "must be entered by the cashier.",
                                 spec->quantity, (guint) GALLEY_CART_MAX_QUANTITY);
      json_object_set_string_member (result, "message", message);
      return result;
    }

  if (spec->rush)
    galley_cart_set_rush (cart, TRUE);

  /* a confident answer to an open question: that line takes the item */
  if (!match->unsure)
    {
      GalleyCartLine *open = find_resolvable (cart, match->item);

      if (open != NULL && galley_cart_line_replace_item (open, match->item, NULL))
        {
          apply_modifications (open, matcher, spec->modifications, match->size);
          json_object_set_string_member (result, "status", "resolved");
          set_line (result, open);
          set_missing (result, open);
          message = g_strdup_printf ("Line %s is now %s.", galley_cart_line_get_id (open),
                                     galley_cart_line_get_name (open));
          json_object_set_string_member (result, "message", message);
          return result;
        }
    }

  line = galley_cart_line_new (match->item, spec->name, spec->quantity);
  galley_cart_line_set_source (line, GALLEY_CART_SOURCE_VOICE);
  apply_modifications (line, matcher, spec->modifications, match->size);
  galley_cart_line_set_notes (line, spec->instructions);
  galley_cart_line_set_allergy_notes (line, spec->allergy);
  if (match->unsure)
    {
      galley_cart_line_set_candidates (line, match->candidates);
      galley_cart_line_set_check (line, GALLEY_CART_CHECK_MATCH);
      galley_cart_line_set_confidence (line, MIN (match->confidence, 0.79));
    }
  else if (spec->quantity > GALLEY_CART_VOICE_QUANTITY_CHECK)
    galley_cart_line_set_check (line, GALLEY_CART_CHECK_QUANTITY);
  else if (spec->allergy != NULL)
    galley_cart_line_set_check (line, GALLEY_CART_CHECK_ALLERGY);
  else
    galley_cart_line_set_confidence (line, match->confidence);

  added = galley_cart_add_line (cart, line, GALLEY_CART_ADD_NONE, &merged, &error);
  if (added == NULL)
    {
      json_object_set_string_member (result, "status", "limit");
      g_debug ("Voice line not added: %s", error->message);
      message = g_error_matches (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_FULL)
        ? g_strdup_printf ("Not added: the order already has %u lines.",
                           (guint) GALLEY_CART_MAX_LINES)
        : g_strdup_printf ("Not added: that would make more than %u on one line.",
                           (guint) GALLEY_CART_MAX_QUANTITY);
      json_object_set_string_member (result, "message", message);
      return result;
    }

  set_line (result, added);
  if (match->unsure)
    {
      g_autofree char *names = join_names (match->candidates, " or ");

      json_object_set_string_member (result, "status", "unsure");
      json_object_set_array_member (result, "candidates", names_array (match->candidates));
      message = g_strdup_printf ("Not sure which item \"%s\" is: %s. The cashier must "
                                 "choose on screen; ask which one.", spec->name, names);
    }
  else if (galley_cart_line_get_check (added) == GALLEY_CART_CHECK_QUANTITY)
    {
      json_object_set_string_member (result, "status", "quantity_check");
      message = g_strdup_printf ("%u x %s waits for the cashier to confirm the quantity.",
                                 spec->quantity, galley_cart_line_get_name (added));
    }
  else
    {
      json_object_set_string_member (result, "status", merged ? "merged" : "added");
      message = g_strdup_printf ("%s %u x %s%s.", merged ? "Now" : "Added",
                                 merged ? galley_cart_line_get_quantity (added) : spec->quantity,
                                 galley_cart_line_get_name (added),
                                 galley_cart_line_get_check (added) == GALLEY_CART_CHECK_ALLERGY
                                 ? "; the allergy waits for the cashier to confirm" : "");
      set_missing (result, added);
    }
  json_object_set_string_member (result, "message", message);

  return result;
}

static JsonObject *
add_to_order (GalleyCart        *cart,
              GalleyMenuMatcher *matcher,
              JsonObject        *args)
{
  g_autoptr(GString) detail = g_string_new (NULL);
  g_autoptr(GArray) items = parse_add (args, detail);
  JsonObject *output;
  JsonArray *results;

  if (items == NULL)
    return error_output (cart, "bad_arguments", detail->str);

  output = output_new (cart, TRUE);
  results = json_array_new ();
  for (guint i = 0; i < items->len; i++)
    json_array_add_object_element (results, add_one (cart, matcher,
                                                     &g_array_index (items, AddItem, i)));
  json_object_set_array_member (output, "results", results);
  json_object_set_object_member (output, "order", galley_cart_to_tool_json (cart));

  return output;
}

/* ------------------------------------------------------------------ remove_from_order */

static GPtrArray *
lines_for (GalleyCart        *cart,
           GalleyMenuMatcher *matcher,
           const char        *name)
{
  GPtrArray *found = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *wanted = galley_menu_matcher_normalize (name);
  g_autoptr(GalleyMenuMatch) match = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (cart));

  /* a line id, then the names and words on the lines */
  for (guint pass = 0; pass < 2 && found->len == 0; pass++)
    for (guint i = 0; i < n; i++)
      {
        GalleyCartLine *line = g_list_model_get_item (G_LIST_MODEL (cart), i);
        g_autofree char *line_name = galley_menu_matcher_normalize (
                                       galley_cart_line_get_name (line));
        g_autofree char *heard = galley_menu_matcher_normalize (
                                   galley_cart_line_get_heard (line));

        if (pass == 0 ? g_ascii_strcasecmp (galley_cart_line_get_id (line), name) == 0
                      : g_str_equal (line_name, wanted) || g_str_equal (heard, wanted))
          g_ptr_array_add (found, line);
        else
          g_object_unref (line);
      }
  if (found->len > 0)
    return found;

  /* then the menu: lines holding the item, or any of the candidates */
  match = galley_menu_matcher_match (matcher, name);
  for (guint i = 0; i < n; i++)
    {
      GalleyCartLine *line = g_list_model_get_item (G_LIST_MODEL (cart), i);
      GalleyMenuItem *item = galley_cart_line_get_item (line);
      gboolean hit = FALSE;

      for (guint c = 0; item != NULL && c < match->candidates->len && !hit; c++)
        hit = g_strcmp0 (galley_menu_item_get_id (g_ptr_array_index (match->candidates, c)),
                         galley_menu_item_get_id (item)) == 0;
      if (hit && match->kind != GALLEY_MENU_MATCH_NONE)
        g_ptr_array_add (found, line);
      else
        g_object_unref (line);
    }

  return found;
}

static JsonObject *
remove_from_order (GalleyCart        *cart,
                   GalleyMenuMatcher *matcher,
                   JsonObject        *args)
{
  static const char * const fields[] = { "itemName", "quantity", NULL };
  g_autoptr(GString) detail = g_string_new (NULL);
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *message = NULL;
  const char *name;
  guint quantity;
  JsonObject *output, *result;
  JsonArray *results;

  if (!only_members (args, fields, detail) ||
      !get_string (args, "itemName", TRUE, &name, detail) ||
      !get_quantity (args, "quantity", 0, &quantity, detail))
    return error_output (cart, "bad_arguments", detail->str);

  result = json_object_new ();
  json_object_set_string_member (result, "heard", name);
  lines = lines_for (cart, matcher, name);
  if (lines->len == 0)
    {
      json_object_set_string_member (result, "status", "not_found");
      message = g_strdup_printf ("No line in the order matches \"%s\". Nothing was removed.",
                                 name);
    }
  else if (lines->len > 1)
    {
      JsonArray *candidates = json_array_new ();

      for (guint i = 0; i < lines->len; i++)
        {
          JsonObject *object = json_object_new ();

          set_line (object, g_ptr_array_index (lines, i));
          json_array_add_object_element (candidates, object);
        }
      json_object_set_string_member (result, "status", "unsure");
      json_object_set_array_member (result, "lines", candidates);
      message = g_strdup_printf ("Several lines match \"%s\". Nothing was removed; ask "
                                 "which line.", name);
    }
  else
    {
      GalleyCartLine *line = g_ptr_array_index (lines, 0);
      guint has = galley_cart_line_get_quantity (line);
      g_autoptr(GError) error = NULL;

      json_object_set_string_member (result, "status", "removed");
      json_object_set_string_member (result, "line", galley_cart_line_get_id (line));
      json_object_set_string_member (result, "item", galley_cart_line_get_name (line));
      if (quantity == 0 || quantity >= has)
        {
          if (!galley_cart_remove_line (cart, line, &error))
            g_assert_not_reached ();   /* found in this cart just now */
          json_object_set_int_member (result, "removed", has);
          json_object_set_int_member (result, "remaining", 0);
          message = g_strdup_printf ("Removed line %s (%u x %s).",
                                     galley_cart_line_get_id (line), has,
                                     galley_cart_line_get_name (line));
        }
      else
        {
          /* lowering a quantity needs no confirmation: TRUE */
          if (!galley_cart_line_set_quantity (line, has - quantity, TRUE, &error))
            g_assert_not_reached ();
          json_object_set_int_member (result, "removed", quantity);
          json_object_set_int_member (result, "remaining", has - quantity);
          message = g_strdup_printf ("Removed %u; %u x %s left.", quantity, has - quantity,
                                     galley_cart_line_get_name (line));
        }
    }
  json_object_set_string_member (result, "message", message);

  output = output_new (cart, TRUE);
  results = json_array_new ();
  json_array_add_object_element (results, result);
  json_object_set_array_member (output, "results", results);
  json_object_set_object_member (output, "order", galley_cart_to_tool_json (cart));

  return output;
}

/* ------------------------------------------------------------------ confirm_order */

static JsonObject *
confirm_order (GalleyCart *cart,
               JsonObject *args)
{
  static const char * const fields[] = { "action", NULL };
  static const char * const actions[] = { "checkout", "review", "cancel", NULL };
  g_autoptr(GString) detail = g_string_new (NULL);
  const char *action;
  JsonObject *output, *result;
  JsonArray *results;

  if (!only_members (args, fields, detail) ||
      !get_string (args, "action", TRUE, &action, detail))
    return error_output (cart, "bad_arguments", detail->str);
  if (!g_strv_contains (actions, action))
    return error_output (cart, "bad_arguments",
                         "\"action\" must be \"checkout\", \"review\" or \"cancel\"");

  result = json_object_new ();
  json_object_set_string_member (result, "action", action);
  if (g_str_equal (action, "checkout") && galley_cart_get_n_unsure (cart) > 0)
    {
      json_object_set_string_member (result, "status", "blocked");
      json_object_set_string_member (result, "blocked", "lines_need_cashier");
      json_object_set_string_member (result, "message",
                                     "Some lines wait for the cashier to confirm them on "
                                     "screen before payment.");
    }
  else if (g_str_equal (action, "checkout") &&
           !galley_cart_validate (cart, NULL, NULL, NULL))   /* NULL: the reason is below */
    {
      json_object_set_string_member (result, "status", "blocked");
      json_object_set_string_member (result, "blocked",
                                     g_list_model_get_n_items (G_LIST_MODEL (cart)) == 0 ? "empty"
                                     : galley_cart_get_n_unavailable (cart) > 0 ? "sold_out"
                                     : "missing_choices");
      json_object_set_string_member (result, "message",
                                     "The order cannot go to payment yet; read back what is "
                                     "missing.");
    }
  else
    {
      json_object_set_string_member (result, "status", "review");
      json_object_set_string_member (result, "message",
                                     g_str_equal (action, "checkout")
                                     ? "Read the order back; the cashier takes payment on "
                                       "screen."
                                     : g_str_equal (action, "cancel")
                                     ? "The cashier must confirm the cancellation on screen; "
                                       "the order stays until then."
                                     : "Read the order back.");
    }

  output = output_new (cart, TRUE);
  results = json_array_new ();
  json_array_add_object_element (results, result);
  json_object_set_array_member (output, "results", results);
  json_object_set_object_member (output, "order", galley_cart_to_tool_json (cart));

  return output;
}

/* ------------------------------------------------------------------ public */

/**
 * galley_cart_tools_apply:
 * @tool_name: add_to_order, remove_from_order or confirm_order (§5.1)
 * @arguments: (nullable): the call's arguments, a JSON text
 *
 * Runs one tool call against @cart. Arguments that are not JSON or break the schema
 * change nothing and give `{"ok":false,"error":"bad_arguments","detail":…}`; an unknown
 * tool gives "unknown_tool". Every output carries the cart as `order`.
 *
 * Returns: (transfer full): the `function_call_output` object
 */
JsonObject *
galley_cart_tools_apply (GalleyCart        *cart,
                         GalleyMenuMatcher *matcher,
                         const char        *tool_name,
                         const char        *arguments)
{
  g_autoptr(JsonObject) args = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (GALLEY_IS_CART (cart), NULL);
  g_return_val_if_fail (GALLEY_IS_MENU_MATCHER (matcher), NULL);

  if (g_strcmp0 (tool_name, "add_to_order") != 0 &&
      g_strcmp0 (tool_name, "remove_from_order") != 0 &&
      g_strcmp0 (tool_name, "confirm_order") != 0)
    {
      g_autofree char *detail = g_strdup_printf ("no tool named \"%s\"",
                                                 tool_name != NULL ? tool_name : "");

      g_debug ("Unknown tool %s", tool_name);
      return error_output (cart, "unknown_tool", detail);
    }
  if (arguments == NULL || strlen (arguments) > GALLEY_CART_TOOLS_MAX_ARGUMENTS)
    return error_output (cart, "bad_arguments", "the arguments are missing or too long");
  args = galley_json_parse_object (arguments, -1, &error);
  if (args == NULL)
    {
      g_debug ("Unreadable arguments for %s: %s", tool_name, error->message);
      return error_output (cart, "bad_arguments", "the arguments are not a JSON object");
    }

  if (g_str_equal (tool_name, "add_to_order"))
    return add_to_order (cart, matcher, args);
  if (g_str_equal (tool_name, "remove_from_order"))
    return remove_from_order (cart, matcher, args);

  return confirm_order (cart, args);
}

/* As galley_cart_tools_apply(), serialised: the `output` string of the reply. */
char *
galley_cart_tools_apply_to_string (GalleyCart        *cart,
                                   GalleyMenuMatcher *matcher,
                                   const char        *tool_name,
                                   const char        *arguments)
{
  g_autoptr(JsonObject) output = galley_cart_tools_apply (cart, matcher, tool_name, arguments);

  return output != NULL ? galley_json_object_to_string (output) : NULL;
}
