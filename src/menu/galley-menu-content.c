/* galley-menu-content.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyMenu's content (a satellite of galley-menu.c): a whole menu parsed, checked, indexed
 * and sorted aside, so that GalleyMenu can swap it in at once or not at all, and the
 * smallest changed range between two sorted arrays, for minimal items-changed.
 */
#define G_LOG_DOMAIN "galley-menu"

#include <string.h>

#include "menu/galley-menu.h"
#include "menu/galley-menu-private.h"
#include "util/galley-json.h"

/* Marks a name or alias that belongs to more than one item: it identifies none. */
static const char ambiguous_marker;
#define AMBIGUOUS ((gpointer) &ambiguous_marker)

void
_galley_menu_content_init (GalleyMenuContent *content)
{
  content->items = g_ptr_array_new_with_free_func (g_object_unref);
  content->categories = g_ptr_array_new_with_free_func (g_object_unref);
  content->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  content->by_menu_item_id = g_hash_table_new (g_str_hash, g_str_equal);
  content->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  content->by_alias = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  content->categories_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  content->skipped_items = 0;
  content->skipped_categories = 0;
}

void
_galley_menu_content_clear (GalleyMenuContent *content)
{
  /* the tables first: they borrow from the arrays */
  g_clear_pointer (&content->by_id, g_hash_table_unref);
  g_clear_pointer (&content->by_menu_item_id, g_hash_table_unref);
  g_clear_pointer (&content->by_name, g_hash_table_unref);
  g_clear_pointer (&content->by_alias, g_hash_table_unref);
  g_clear_pointer (&content->categories_by_id, g_hash_table_unref);
  g_clear_pointer (&content->items, g_ptr_array_unref);
  g_clear_pointer (&content->categories, g_ptr_array_unref);
}

/* Remembers @item under @name; a second item with the same name makes it ambiguous. */
static void
index_name (GHashTable     *table,
            const char     *name,
            GalleyMenuItem *item)
{
  g_autofree char *key = _galley_menu_normalize_name (name);
  gpointer held;

  if (*key == '\0')
    return;

  held = g_hash_table_lookup (table, key);
  if (held == NULL)
    g_hash_table_insert (table, g_steal_pointer (&key), item);
  else if (held != item)
    g_hash_table_insert (table, g_steal_pointer (&key), AMBIGUOUS);
}

/* Whether a member that means "this entry is live" says no. A wrong type is an error. */
static gboolean
is_inactive (JsonObject  *object,
             GError     **error)
{
  gboolean active = TRUE;

  if (galley_json_is_null_or_absent (object, "active"))
    return FALSE;

  if (!galley_json_get_bool (object, "active", &active))
    {
      g_set_error_literal (error, GALLEY_MENU_ERROR, GALLEY_MENU_ERROR_INVALID,
                           "“active” is not a boolean");
      return FALSE;
    }

  return !active;
}

/* Keeps the first skip reason for the summary warning, and every one in the debug log. */
static void
note_skip (char       **first,
           const char  *what,
           guint        index,
           const char  *reason)
{
  g_debug ("Skipped %s %u: %s", what, index, reason);
  if (*first == NULL)
    *first = g_strdup_printf ("%s %u: %s", what, index, reason);
}

typedef gpointer (*MakeFromJson) (JsonObject *object, GError **error);

/* Entry @index of a menu array made with @make; NULL when it is left out: inactive (logged),
 * or not an object or not valid (counted in @skipped, the reason kept in @first_skip). */
static gpointer
make_entry (JsonArray     *array,
            guint          index,
            const char    *what,
            MakeFromJson   make,
            guint         *skipped,
            char         **first_skip)
{
  JsonNode *node = json_array_get_element (array, index);
  g_autoptr(GError) error = NULL;
  gpointer made = NULL;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      note_skip (first_skip, what, index, "not an object");
      (*skipped)++;
      return NULL;
    }
  object = json_node_get_object (node);

  if (is_inactive (object, &error))
    {
      g_debug ("The %s at %u is not active: left out", what, index);
      return NULL;
    }
  if (error == NULL)
    made = make (object, &error);
  if (made == NULL)
    {
      note_skip (first_skip, what, index, error->message);
      (*skipped)++;
    }

  return made;
}

static void
parse_categories (GalleyMenuContent       *content,
                  JsonArray               *array,
                  const GalleyMenuContent *old,
                  char                   **first_skip)
{
  guint n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GalleyMenuCategory) category =
        make_entry (array, i, "category", (MakeFromJson) galley_menu_category_new_from_json,
                    &content->skipped_categories, first_skip);
      GalleyMenuCategory *held;

      if (category == NULL)
        continue;

      if (g_hash_table_contains (content->categories_by_id,
                                 galley_menu_category_get_id (category)))
        {
          note_skip (first_skip, "category", i, "its id is used twice");
          content->skipped_categories++;
          continue;
        }

      /* an unchanged category keeps its instance */
      held = g_hash_table_lookup (old->categories_by_id,
                                  galley_menu_category_get_id (category));
      if (held != NULL && galley_menu_category_equal (held, category))
        g_set_object (&category, held);

      g_hash_table_insert (content->categories_by_id,
                           (gpointer) galley_menu_category_get_id (category), category);
      g_ptr_array_add (content->categories, g_steal_pointer (&category));
    }
}

static void
parse_items (GalleyMenuContent       *content,
             JsonArray               *array,
             const GalleyMenuContent *old,
             char                   **first_skip)
{
  guint n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GalleyMenuItem) item =
        make_entry (array, i, "item", (MakeFromJson) galley_menu_item_new_from_json,
                    &content->skipped_items, first_skip);
      GalleyMenuItem *held;
      const char *menu_item_id;

      if (item == NULL)
        continue;

      /* both ids must identify one item, or a line could be routed by the wrong one */
      menu_item_id = galley_menu_item_get_menu_item_id (item);
      if (g_hash_table_contains (content->by_id, galley_menu_item_get_id (item)) ||
          (menu_item_id != NULL &&
           g_hash_table_contains (content->by_menu_item_id, menu_item_id)))
        {
          note_skip (first_skip, "item", i, "its id or menu_item_id is used twice");
          content->skipped_items++;
          continue;
        }

      /* an unchanged item keeps its instance (and the keys below must be its strings) */
      held = g_hash_table_lookup (old->by_id, galley_menu_item_get_id (item));
      if (held != NULL && galley_menu_item_equal (held, item))
        g_set_object (&item, held);
      menu_item_id = galley_menu_item_get_menu_item_id (item);

      g_hash_table_insert (content->by_id, (gpointer) galley_menu_item_get_id (item), item);
      if (menu_item_id != NULL)
        g_hash_table_insert (content->by_menu_item_id, (gpointer) menu_item_id, item);
      g_ptr_array_add (content->items, g_steal_pointer (&item));
    }

  for (guint i = 0; i < content->items->len; i++)
    {
      GalleyMenuItem *item = g_ptr_array_index (content->items, i);
      const char * const *aliases = galley_menu_item_get_aliases (item);

      index_name (content->by_name, galley_menu_item_get_name (item), item);
      for (guint a = 0; aliases[a] != NULL; a++)
        index_name (content->by_alias, aliases[a], item);
    }
}

typedef struct
{
  gpointer  object;
  int       order;
  char     *key;       /* collation key of the case-folded name */
  const char *id;
} SortEntry;

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const SortEntry *ea = a, *eb = b;
  int cmp;

  if (ea->order != eb->order)
    return ea->order < eb->order ? -1 : 1;
  if ((cmp = strcmp (ea->key, eb->key)) != 0)
    return cmp;

  return strcmp (ea->id, eb->id);
}

static char *
sort_key (const char *name)
{
  g_autofree char *folded = g_utf8_casefold (name, -1);

  return g_utf8_collate_key (folded, -1);
}

/* Categories by display order then name; items by their category's display order (items
 * without a known category last), then name, then id, so that the order is total. */
static void
sort_content (GalleyMenuContent *content)
{
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (SortEntry));
  GPtrArray *arrays[] = { content->categories, content->items };

  for (guint a = 0; a < G_N_ELEMENTS (arrays); a++)
    {
      GPtrArray *array = arrays[a];

      g_array_set_size (entries, 0);
      for (guint i = 0; i < array->len; i++)
        {
          gpointer object = g_ptr_array_index (array, i);
          SortEntry entry = { object, 0, NULL, NULL };

          if (GALLEY_IS_MENU_CATEGORY (object))
            {
              entry.order = galley_menu_category_get_display_order (object);
              entry.key = sort_key (galley_menu_category_get_name (object));
              entry.id = galley_menu_category_get_id (object);
            }
          else
            {
              const char *category_id = galley_menu_item_get_category_id (object);
              GalleyMenuCategory *category = NULL;

              if (category_id != NULL)
                category = g_hash_table_lookup (content->categories_by_id, category_id);
              entry.order = category != NULL ? galley_menu_category_get_display_order (category)
                                             : G_MAXINT;
              entry.key = sort_key (galley_menu_item_get_name (object));
              entry.id = galley_menu_item_get_id (object);
            }
          g_array_append_val (entries, entry);
        }

      g_array_sort (entries, compare_entries);

      /* rewrite in place: the array's references move with the pointers */
      for (guint i = 0; i < entries->len; i++)
        {
          SortEntry *entry = &g_array_index (entries, SortEntry, i);

          array->pdata[i] = entry->object;
          g_free (entry->key);
        }
    }
}

/* The smallest range [position, position + removed) of @old that, replaced by @added
 * elements of @new, gives @new: identical instances are kept at both ends. */
void
_galley_menu_diff_range (GPtrArray *old,
                         GPtrArray *new,
                         guint     *position,
                         guint     *removed,
                         guint     *added)
{
  guint prefix = 0, suffix = 0;
  guint shorter = MIN (old->len, new->len);

  while (prefix < shorter && old->pdata[prefix] == new->pdata[prefix])
    prefix++;
  while (suffix < shorter - prefix &&
         old->pdata[old->len - 1 - suffix] == new->pdata[new->len - 1 - suffix])
    suffix++;

  *position = prefix;
  *removed = old->len - prefix - suffix;
  *added = new->len - prefix - suffix;
}

/**
 * _galley_menu_content_parse:
 * @content: (out caller-allocates): filled on success, untouched on failure
 * @old: the content shown now, whose unchanged items and categories are reused
 *
 * Parses and sorts @menu ({categories:[…], items:[…]}). Bad entries are skipped, counted
 * and logged (one warning per load); inactive ones are left out silently.
 *
 * Returns: %FALSE with @error set (%GALLEY_MENU_ERROR_INVALID, a message for the log) when
 *   @menu does not have that shape
 */
gboolean
_galley_menu_content_parse (GalleyMenuContent        *content,
                            JsonObject               *menu,
                            const GalleyMenuContent  *old,
                            GError                  **error)
{
  g_autofree char *first_skip = NULL;
  JsonArray *categories, *items;

  categories = galley_json_get_array (menu, "categories");
  items = galley_json_get_array (menu, "items");
  if (categories == NULL || items == NULL)
    {
      g_set_error_literal (error, GALLEY_MENU_ERROR, GALLEY_MENU_ERROR_INVALID,
                           "the menu is not an object with “categories” and “items” arrays");
      return FALSE;
    }

  _galley_menu_content_init (content);
  parse_categories (content, categories, old, &first_skip);
  parse_items (content, items, old, &first_skip);
  sort_content (content);

  if (content->skipped_items > 0 || content->skipped_categories > 0)
    g_warning ("The menu has %u unusable items and %u unusable categories, left out "
               "(first: %s)", content->skipped_items, content->skipped_categories, first_skip);

  return TRUE;
}

/**
 * _galley_menu_content_lookup_name:
 *
 * Returns: (transfer none) (nullable): the one item with the name @name, else the one with
 *   the alias @name (both normalised); %NULL when none or several have it
 */
GalleyMenuItem *
_galley_menu_content_lookup_name (const GalleyMenuContent *content,
                                  const char              *name)
{
  g_autofree char *key = _galley_menu_normalize_name (name);
  gpointer found;

  found = g_hash_table_lookup (content->by_name, key);
  if (found == NULL)
    found = g_hash_table_lookup (content->by_alias, key);

  return found != AMBIGUOUS ? found : NULL;
}
