/* galley-demo-server-edits-modifiers.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The modifier edits of the demo server's order edits (galley-demo-server-edits.c): a
 * priced modifier of the line's menu item (spec §3.8) added or removed within the limits of
 * its group, or a kitchen instruction such as "no onions" in the line's "modifications"
 * (spec §3.5). Random choices come from the seeded PRNG.
 */
#define G_LOG_DOMAIN "galley-demo-server"

#include <string.h>

#include "demo/galley-demo-menu.h"
#include "demo/galley-demo-server-private.h"
#include "util/galley-json.h"

/* ------------------------------------------------------------------ helpers */

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_INVALID, message);
  return FALSE;
}

static guint
array_length (JsonArray *array)
{
  return array != NULL ? json_array_get_length (array) : 0;
}

/* The line's array @member, added (at its place, spec §3.5) when it has none. */
static JsonArray *
ensure_array (JsonObject *line,
              const char *member)
{
  JsonArray *array = galley_json_get_array (line, member);
  JsonNode *node;

  if (array == NULL)
    {
      array = json_array_new ();
      node = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (node, array);
      _galley_demo_server_line_set_member (line, member, node);
    }

  return array;
}

/* The position in @array of a modifier object with this id (or a plain string equal to it). */
static gboolean
find_in_array (JsonArray  *array,
               const char *id,
               guint      *index)
{
  for (guint i = 0; i < array_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      const char *value = NULL;

      if (JSON_NODE_HOLDS_OBJECT (node))
        value = json_object_get_string_member_with_default (json_node_get_object (node), "id",
                                                            NULL);
      else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        value = json_node_get_string (node);

      if (g_strcmp0 (value, id) == 0)
        {
          *index = i;
          return TRUE;
        }
    }

  return FALSE;
}

/* The menu's modifier group that has the option @option_id, for the line's item. */
static JsonObject *
find_group (JsonObject  *item,
            const char  *option_id,
            JsonObject **option)
{
  JsonArray *groups = item != NULL ? galley_json_get_array (item, "modifiers") : NULL;

  for (guint g = 0; g < array_length (groups); g++)
    {
      JsonObject *group = json_array_get_object_element (groups, g);
      JsonArray *options = galley_json_get_array (group, "options");
      guint index;

      if (find_in_array (options, option_id, &index))
        {
          *option = json_array_get_object_element (options, index);
          return group;
        }
    }

  return NULL;
}

/* How many of the line's modifiers come from @group. */
static gint64
count_in_group (JsonObject *line,
                JsonObject *group)
{
  JsonArray *modifiers = galley_json_get_array (line, "modifiers");
  JsonArray *options = galley_json_get_array (group, "options");
  gint64 count = 0;

  for (guint i = 0; i < array_length (modifiers); i++)
    {
      JsonNode *node = json_array_get_element (modifiers, i);
      guint index;

      if (JSON_NODE_HOLDS_OBJECT (node) &&
          find_in_array (options, json_object_get_string_member_with_default (
                                    json_node_get_object (node), "id", NULL), &index))
        count++;
    }

  return count;
}

static JsonObject *
item_of_line (GalleyDemoServer *self,
              JsonObject       *line)
{
  return _galley_demo_server_find_item (self, json_object_get_string_member_with_default (
                                                line, "menu_item_id", NULL));
}

/* Whether the menu lets the line lose modifier @index (a required group keeps its minimum). */
static gboolean
can_remove_modifier (GalleyDemoServer *self,
                     JsonObject       *line,
                     guint             index)
{
  JsonNode *node = json_array_get_element (galley_json_get_array (line, "modifiers"), index);
  JsonObject *option = NULL, *group;
  gint64 min = 0;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return TRUE;

  group = find_group (item_of_line (self, line), json_object_get_string_member_with_default (
                                                   json_node_get_object (node), "id", NULL),
                      &option);
  if (group != NULL)
    galley_json_get_int (group, "min", &min);

  return group == NULL || count_in_group (line, group) > min;
}

static void
remove_modification (JsonObject *line,
                     guint       index)
{
  JsonArray *modifications = galley_json_get_array (line, "modifications");
  JsonNode *node = json_array_get_element (modifications, index);

  /* an allergy repeated as the line's note goes with it (see the generator) */
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
      g_strcmp0 (json_node_get_string (node), json_object_get_string_member_with_default (
                                                line, "special_instructions", NULL)) == 0)
    json_object_remove_member (line, "special_instructions");

  json_array_remove_element (modifications, index);
}

static void
add_modification (JsonObject *line,
                  const char *text,
                  gboolean    allergy)
{
  json_array_add_string_element (ensure_array (line, "modifications"), text);

  if (allergy && galley_json_is_null_or_absent (line, "special_instructions"))
    _galley_demo_server_line_set_member (line, "special_instructions",
                                         json_node_init_string (json_node_alloc (), text));
}

/* ------------------------------------------------------------------ the edits */

/* A named modifier (menu option id) or instruction (text) added or removed; with no action,
 * the one the line has is removed and one it lacks is added. */
static gboolean
edit_named_modifier (GalleyDemoServer  *self,
                     JsonObject        *line,
                     const char        *action,
                     const char        *modifier_id,
                     const char        *text,
                     GError           **error)
{
  JsonArray *array = galley_json_get_array (line, modifier_id != NULL ? "modifiers"
                                                                     : "modifications");
  JsonObject *group, *option = NULL;
  gint64 max = G_MAXINT64;
  gboolean has;
  guint index;

  has = find_in_array (array, modifier_id != NULL ? modifier_id : text, &index);
  if (action == NULL)
    action = has ? "remove" : "add";

  if (strcmp (action, "remove") == 0)
    {
      if (!has)
        {
          g_set_error (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_NOT_FOUND,
                       "The line has no modifier %s", modifier_id != NULL ? modifier_id : text);
          return FALSE;
        }
      if (text != NULL)
        remove_modification (line, index);
      else if (!can_remove_modifier (self, line, index))
        return invalid (error, "The menu requires that modifier: change it instead");
      else
        json_array_remove_element (array, index);
      return TRUE;
    }

  if (has)
    return invalid (error, "The line already has that modifier");

  if (text != NULL)
    {
      add_modification (line, text, FALSE);
      return TRUE;
    }

  group = find_group (item_of_line (self, line), modifier_id, &option);
  if (group == NULL)
    {
      g_set_error (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_NOT_FOUND,
                   "The line's menu item has no modifier %s", modifier_id);
      return FALSE;
    }
  galley_json_get_int (group, "max", &max);
  if (count_in_group (line, group) >= max)
    return invalid (error, "That modifier group is full: remove one first");

  json_array_add_object_element (ensure_array (line, "modifiers"),
                                 _galley_demo_server_modifier_object (group, option));

  return TRUE;
}

/* A random modifier: a priced option of the item's groups that still has room, else a
 * kitchen instruction such as "no onions"; or a removal of one the menu does not require. */
static gboolean
edit_random_modifier (GalleyDemoServer  *self,
                      JsonObject        *line,
                      const char        *action,
                      GError           **error)
{
  g_autoptr(GArray) removable = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n_modifiers = array_length (galley_json_get_array (line, "modifiers"));
  guint n_modifications = array_length (galley_json_get_array (line, "modifications"));
  g_autoptr(GPtrArray) candidates = g_ptr_array_new ();   /* group, option, group, ... */
  JsonObject *item = item_of_line (self, line);
  JsonArray *groups = item != NULL ? galley_json_get_array (item, "modifiers") : NULL;
  gboolean remove;

  /* modifiers by index, then instructions by n_modifiers + index */
  for (guint i = 0; i < n_modifiers; i++)
    if (can_remove_modifier (self, line, i))
      g_array_append_val (removable, i);
  for (guint i = 0; i < n_modifications; i++)
    {
      guint k = n_modifiers + i;

      g_array_append_val (removable, k);
    }

  if (action != NULL)
    remove = strcmp (action, "remove") == 0;
  else
    remove = removable->len > 0 && random_unit (self) < 0.5;

  if (remove)
    {
      guint k;

      if (removable->len == 0)
        return invalid (error, "That line has no modifier to remove");

      k = g_array_index (removable, guint, random_below (self, removable->len));
      if (k < n_modifiers)
        json_array_remove_element (galley_json_get_array (line, "modifiers"), k);
      else
        remove_modification (line, k - n_modifiers);
      return TRUE;
    }

  for (guint g = 0; g < array_length (groups); g++)
    {
      JsonObject *group = json_array_get_object_element (groups, g);
      JsonArray *options = galley_json_get_array (group, "options");
      gint64 max = G_MAXINT64;
      guint index;

      galley_json_get_int (group, "max", &max);
      if (count_in_group (line, group) >= max)
        continue;

      for (guint o = 0; o < array_length (options); o++)
        {
          JsonObject *option = json_array_get_object_element (options, o);

          if (!find_in_array (galley_json_get_array (line, "modifiers"),
                              json_object_get_string_member (option, "id"), &index))
            {
              g_ptr_array_add (candidates, group);
              g_ptr_array_add (candidates, option);
            }
        }
    }

  if (candidates->len > 0)
    {
      guint pick = 2 * random_below (self, candidates->len / 2);

      json_array_add_object_element (ensure_array (line, "modifiers"),
                                     _galley_demo_server_modifier_object (
                                       g_ptr_array_index (candidates, pick),
                                       g_ptr_array_index (candidates, pick + 1)));
    }
  else
    {
      GalleyDemoModClass cls = random_below (self, GALLEY_DEMO_MOD_N_CLASSES);
      const char *text = galley_demo_menu_modification (
        cls, random_below (self, galley_demo_menu_n_modifications (cls)));

      add_modification (line, text, cls == GALLEY_DEMO_MOD_ALLERGY);
    }

  return TRUE;
}

/**
 * _galley_demo_server_edit_line_modifier:
 * @action: (nullable): "add" or "remove", else random (or, with @modifier_id or @text, a
 *   toggle)
 * @modifier_id: (nullable): a menu option of the line's item
 * @text: (nullable): a kitchen instruction
 *
 * Changes one modifier of @line; on error the line is unchanged.
 */
gboolean
_galley_demo_server_edit_line_modifier (GalleyDemoServer  *self,
                                        JsonObject        *line,
                                        const char        *action,
                                        const char        *modifier_id,
                                        const char        *text,
                                        GError           **error)
{
  if (modifier_id != NULL || text != NULL)
    return edit_named_modifier (self, line, action, modifier_id, text, error);

  return edit_random_modifier (self, line, action, error);
}
