/* galley-menu-parse.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading the menu's JSON, shared by GalleyMenuItem, GalleyMenuCategory and GalleyMenu:
 * typed members, display-safe text (R-IN-5), the normalised form names are matched in, and
 * the tolerant reading of the free-form `modifiers` of an item (spec §3.8 leaves its shape
 * open): groups with options and limits, loose option objects and plain strings are
 * understood; whatever else is sent is ignored here and stays in the item's raw JSON.
 */
#define G_LOG_DOMAIN "galley-menu-parse"

#include <math.h>

#include "menu/galley-menu.h"
#include "menu/galley-menu-private.h"
#include "util/galley-json.h"

/**
 * _galley_menu_normalize_name:
 *
 * The form names and aliases are compared in: accents stripped, case folded, white space
 * trimmed and collapsed ("  Jalapeño  Poppers" → "jalapeno poppers").
 *
 * Returns: (transfer full): the key; empty for %NULL or blank text
 */
char *
_galley_menu_normalize_name (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *decomposed = NULL;
  g_autofree char *folded = NULL;
  GString *stripped, *key;
  gboolean space = FALSE;

  if (text == NULL)
    return g_strdup ("");

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);
  stripped = g_string_new (NULL);
  for (const char *p = decomposed; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_type (c) != G_UNICODE_NON_SPACING_MARK)
        g_string_append_unichar (stripped, c);
    }
  folded = g_utf8_casefold (stripped->str, -1);
  g_string_free (stripped, TRUE);

  key = g_string_new (NULL);
  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = key->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (key, ' ');
      space = FALSE;
      g_string_append_unichar (key, c);
    }

  return g_string_free (key, FALSE);
}

/* A member that must be a string when present; null counts as absent. */
gboolean
_galley_menu_get_opt_string (JsonObject  *object,
                             const char  *member,
                             const char **value,
                             GError     **error)
{
  *value = NULL;

  if (galley_json_is_null_or_absent (object, member))
    return TRUE;

  if (!galley_json_get_string (object, member, value))
    {
      g_set_error (error, GALLEY_MENU_ERROR, GALLEY_MENU_ERROR_INVALID,
                   "“%s” is not a string", member);
      return FALSE;
    }

  return TRUE;
}

/* A member that must be a non-empty string. */
gboolean
_galley_menu_get_req_string (JsonObject  *object,
                             const char  *member,
                             const char **value,
                             GError     **error)
{
  if (!galley_json_get_string (object, member, value) || **value == '\0')
    {
      g_set_error (error, GALLEY_MENU_ERROR, GALLEY_MENU_ERROR_INVALID,
                   "“%s” is missing or not a non-empty string", member);
      return FALSE;
    }

  return TRUE;
}

/**
 * _galley_menu_get_string_list:
 *
 * An array of strings, cut to GALLEY_MENU_LIST_MAX entries of 200 characters; empty strings
 * are dropped; absent or null gives an empty list.
 *
 * Returns: (transfer full) (nullable): the list, or %NULL with @error set for anything but
 *   an array of strings
 */
char **
_galley_menu_get_string_list (JsonObject  *object,
                              const char  *member,
                              GError     **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;
  guint n, kept = 0;

  if (galley_json_is_null_or_absent (object, member))
    return g_strv_builder_end (builder);

  array = galley_json_get_array (object, member);
  if (array == NULL)
    {
      g_set_error (error, GALLEY_MENU_ERROR, GALLEY_MENU_ERROR_INVALID,
                   "“%s” is not an array", member);
      return NULL;
    }

  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *text = NULL;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          g_set_error (error, GALLEY_MENU_ERROR, GALLEY_MENU_ERROR_INVALID,
                       "%s[%u] is not a string", member, i);
          return NULL;
        }

      text = g_strstrip (galley_json_dup_text (json_node_get_string (node),
                                                GALLEY_MENU_NAME_MAX_CHARS));
      if (*text == '\0' || kept >= GALLEY_MENU_LIST_MAX)
        continue;
      g_strv_builder_add (builder, text);
      kept++;
    }

  if (kept < n)
    g_debug ("“%s”: kept %u of %u entries", member, kept, n);

  return g_strv_builder_end (builder);
}

/* ------------------------------------------------------------------ modifiers */

static void
group_free (gpointer data)
{
  GalleyMenuModifierGroup *group = data;

  for (guint i = 0; i < group->n_options; i++)
    {
      g_free (group->options[i].id);
      g_free (group->options[i].name);
    }
  g_free (group->options);
  g_free (group->id);
  g_free (group->name);
  g_clear_pointer (&group->json, json_object_unref);
  g_free (group);
}

/* One option: an object with a `name` (and optional `id`, `price`) or a plain string.
 * FALSE leaves @option untouched. */
static gboolean
parse_option (JsonNode                 *node,
              GalleyMenuModifierOption *option)
{
  JsonObject *object;
  const char *id = NULL, *name = NULL;
  double price = 0.0;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      name = json_node_get_string (node);
      if (*name == '\0')
        return FALSE;
      option->id = NULL;
      option->name = galley_json_dup_text (name, GALLEY_MENU_NAME_MAX_CHARS);
      option->price = 0;
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;

  object = json_node_get_object (node);
  if (!galley_json_get_string (object, "name", &name) || *name == '\0')
    return FALSE;
  if (!galley_json_is_null_or_absent (object, "id") &&
      !galley_json_get_string (object, "id", &id))
    return FALSE;
  if (!galley_json_is_null_or_absent (object, "price") &&
      (!galley_json_get_number (object, "price", &price) ||
       fabs (price) > GALLEY_MENU_MONEY_MAX))
    return FALSE;

  option->id = id != NULL && *id != '\0' ? galley_json_dup_text (id, GALLEY_MENU_NAME_MAX_CHARS)
                                         : NULL;
  option->name = galley_json_dup_text (name, GALLEY_MENU_NAME_MAX_CHARS);
  option->price = galley_money_to_cents (price);

  return TRUE;
}

static void
options_from_array (GArray    *options,
                    JsonArray *array,
                    const char *where)
{
  guint n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      GalleyMenuModifierOption option = { 0 };

      if (options->len >= GALLEY_MENU_OPTIONS_MAX)
        {
          g_debug ("%s: more than %u options, the rest ignored", where,
                   GALLEY_MENU_OPTIONS_MAX);
          break;
        }
      if (parse_option (json_array_get_element (array, i), &option))
        g_array_append_val (options, option);
      else
        g_debug ("%s: option %u not understood, ignored", where, i);
    }
}

static GalleyMenuModifierGroup *
group_new_from_options (GArray *options)
{
  GalleyMenuModifierGroup *group = g_new0 (GalleyMenuModifierGroup, 1);

  group->n_options = options->len;
  group->options = (GalleyMenuModifierOption *) g_array_free (options, FALSE);

  return group;
}

/* A group object: `options` (array), optional `id`, `name`, `required`, `min`, `max`.
 * NULL (logged) when it cannot be used as a group: the raw JSON still has it. */
static GalleyMenuModifierGroup *
parse_group (JsonObject *object,
             const char *item_id,
             guint       index)
{
  g_autofree char *where = g_strdup_printf ("item %s, modifier group %u", item_id, index);
  GalleyMenuModifierGroup *group;
  const char *id = NULL, *name = NULL;
  JsonArray *array = galley_json_get_array (object, "options");
  GArray *options;
  gboolean required = FALSE, has_required;
  gint64 min = 0, max = -1;

  if (array == NULL ||
      (!galley_json_is_null_or_absent (object, "id") &&
       !galley_json_get_string (object, "id", &id)) ||
      (!galley_json_is_null_or_absent (object, "name") &&
       !galley_json_get_string (object, "name", &name)) ||
      (!galley_json_is_null_or_absent (object, "min") &&
       (!galley_json_get_int (object, "min", &min) || min < 0 ||
        min > GALLEY_MENU_OPTIONS_MAX)) ||
      (!galley_json_is_null_or_absent (object, "max") &&
       (!galley_json_get_int (object, "max", &max) || max < 0 ||
        max > G_MAXINT)))
    {
      g_debug ("%s: not a group of the known shape, ignored", where);
      return NULL;
    }

  has_required = galley_json_get_bool (object, "required", &required);
  if (!has_required && !galley_json_is_null_or_absent (object, "required"))
    {
      g_debug ("%s: “required” is not a boolean, group ignored", where);
      return NULL;
    }

  if ((id == NULL || *id == '\0') && (name == NULL || *name == '\0'))
    {
      g_debug ("%s: neither id nor name, ignored", where);
      return NULL;
    }

  if (!has_required)
    required = min > 0;
  if (required && min == 0)
    min = 1;

  options = g_array_new (FALSE, TRUE, sizeof (GalleyMenuModifierOption));
  options_from_array (options, array, where);

  if (options->len == 0 || (max >= 0 && min > max) || min > options->len)
    {
      g_debug ("%s: limits %" G_GINT64_FORMAT "..%" G_GINT64_FORMAT
               " impossible with %u options, ignored", where, min, max, options->len);
      group = group_new_from_options (options);
      group_free (group);
      return NULL;
    }

  group = group_new_from_options (options);
  group->id = id != NULL && *id != '\0' ? galley_json_dup_text (id, GALLEY_MENU_NAME_MAX_CHARS)
                                        : NULL;
  group->name = name != NULL && *name != '\0'
                  ? galley_json_dup_text (name, GALLEY_MENU_NAME_MAX_CHARS)
                  : g_strdup (group->id);
  group->required = required;
  group->min = (guint) min;
  group->max = (int) max;
  group->json = json_object_ref (object);

  return group;
}

/**
 * _galley_menu_parse_modifiers:
 *
 * `modifiers`, whatever its shape: groups become groups, loose options and strings go to
 * one implicit group at the end, the rest is ignored (and stays in the raw JSON).
 *
 * Returns: (transfer full): a GPtrArray of GalleyMenuModifierGroup* that frees them
 */
GPtrArray *
_galley_menu_parse_modifiers (JsonObject *object,
                              const char *item_id)
{
  GPtrArray *groups = g_ptr_array_new_with_free_func (group_free);
  g_autoptr(GArray) loose = g_array_new (FALSE, TRUE, sizeof (GalleyMenuModifierOption));
  JsonArray *array;
  guint n;

  if (galley_json_is_null_or_absent (object, "modifiers"))
    return groups;

  array = galley_json_get_array (object, "modifiers");
  if (array == NULL)
    {
      g_debug ("item %s: “modifiers” is not an array; kept as sent only", item_id);
      return groups;
    }

  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      GalleyMenuModifierOption option = { 0 };

      if (JSON_NODE_HOLDS_OBJECT (node) &&
          json_object_has_member (json_node_get_object (node), "options"))
        {
          GalleyMenuModifierGroup *group;

          if (groups->len >= GALLEY_MENU_GROUPS_MAX)
            {
              g_debug ("item %s: more than %u modifier groups, the rest ignored", item_id,
                       GALLEY_MENU_GROUPS_MAX);
              break;
            }
          group = parse_group (json_node_get_object (node), item_id, i);
          if (group != NULL)
            g_ptr_array_add (groups, group);
        }
      else if (loose->len < GALLEY_MENU_OPTIONS_MAX && parse_option (node, &option))
        g_array_append_val (loose, option);
      else
        g_debug ("item %s: modifier %u not understood; kept as sent only", item_id, i);
    }

  if (loose->len > 0)
    {
      GalleyMenuModifierGroup *group = group_new_from_options (g_steal_pointer (&loose));

      group->max = -1;
      g_ptr_array_add (groups, group);
    }

  return groups;
}
