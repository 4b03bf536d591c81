/* galley-menu-category.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One menu category (spec/order-protocol.md §3.8), parsed from an element of GET /menu's
 * `categories`. Immutable once parsed. The slug is what the kitchen routes by
 * (the `station-categories` setting), so it is kept in lower case.
 */
#define G_LOG_DOMAIN "galley-menu-category"

#include "menu/galley-menu.h"
#include "menu/galley-menu-category.h"
#include "menu/galley-menu-private.h"
#include "util/galley-json.h"

struct _GalleyMenuCategory
{
  GObject  parent_instance;

  char    *id;
  char    *name;
  char    *slug;
  char    *description;
  int      display_order;
};

G_DEFINE_FINAL_TYPE (GalleyMenuCategory, galley_menu_category, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_SLUG,
  PROP_DESCRIPTION,
  PROP_DISPLAY_ORDER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A slug for a category the server sent without one: the name in lower case, runs of
 * anything but letters and digits as one dash ("Hot Drinks" → "hot-drinks"). */
static char *
slug_from_name (const char *name)
{
  g_autofree char *lower = g_utf8_strdown (name, -1);
  GString *slug = g_string_new (NULL);
  gboolean dash = FALSE;

  for (const char *p = lower; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        {
          if (dash && slug->len > 0)
            g_string_append_c (slug, '-');
          dash = FALSE;
          g_string_append_unichar (slug, c);
        }
      else
        dash = TRUE;
    }

  return g_string_free (slug, FALSE);
}

static void
galley_menu_category_finalize (GObject *object)
{
  GalleyMenuCategory *self = GALLEY_MENU_CATEGORY (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->slug);
  g_free (self->description);

  G_OBJECT_CLASS (galley_menu_category_parent_class)->finalize (object);
}

static void
galley_menu_category_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  GalleyMenuCategory *self = GALLEY_MENU_CATEGORY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_SLUG:
      g_value_set_string (value, self->slug);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_DISPLAY_ORDER:
      g_value_set_int (value, self->display_order);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_menu_category_class_init (GalleyMenuCategoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = galley_menu_category_finalize;
  object_class->get_property = galley_menu_category_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_SLUG] = g_param_spec_string ("slug", NULL, NULL, NULL, flags);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, flags);
  properties[PROP_DISPLAY_ORDER] = g_param_spec_int ("display-order", NULL, NULL,
                                                     G_MININT, G_MAXINT, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
galley_menu_category_init (GalleyMenuCategory *self)
{
}

/**
 * galley_menu_category_new_from_json:
 * @object: one element of the menu's `categories`
 *
 * Parses and checks a category. `id` and `name` are required strings; `slug` defaults to
 * one made from the name; `description` is optional; `display_order` is an integer
 * (default 0). Unknown members are ignored. Names and slugs are cut to 200 characters,
 * the description to 1000 (R-IN-5).
 *
 * Returns: (transfer full) (nullable): the category, or %NULL with @error set
 *   (%GALLEY_MENU_ERROR_INVALID) when a member is missing or of the wrong type
 */
GalleyMenuCategory *
galley_menu_category_new_from_json (JsonObject  *object,
                                    GError     **error)
{
  g_autoptr(GalleyMenuCategory) self = NULL;
  const char *id, *name, *slug, *description;
  gint64 order = 0;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!_galley_menu_get_req_string (object, "id", &id, error) ||
      !_galley_menu_get_req_string (object, "name", &name, error) ||
      !_galley_menu_get_opt_string (object, "slug", &slug, error) ||
      !_galley_menu_get_opt_string (object, "description", &description, error))
    return NULL;

  if (!galley_json_is_null_or_absent (object, "display_order") &&
      (!galley_json_get_int (object, "display_order", &order) ||
       order < G_MININT || order > G_MAXINT))
    {
      g_set_error_literal (error, GALLEY_MENU_ERROR, GALLEY_MENU_ERROR_INVALID,
                           "“display_order” is not an integer");
      return NULL;
    }

  self = g_object_new (GALLEY_TYPE_MENU_CATEGORY, NULL);
  self->id = galley_json_dup_text (id, GALLEY_MENU_NAME_MAX_CHARS);
  self->name = galley_json_dup_text (name, GALLEY_MENU_NAME_MAX_CHARS);
  if (slug != NULL && *slug != '\0')
    {
      g_autofree char *cut = galley_json_dup_text (slug, GALLEY_MENU_NAME_MAX_CHARS);

      self->slug = g_utf8_strdown (cut, -1);
    }
  else
    {
      self->slug = slug_from_name (self->name);
      g_debug ("Category %s has no slug; using “%s”", self->id, self->slug);
    }
  self->description = galley_json_dup_text (description, GALLEY_MENU_DESCRIPTION_MAX_CHARS);
  self->display_order = (int) order;

  return g_steal_pointer (&self);
}

/**
 * galley_menu_category_equal:
 *
 * Returns: whether @a and @b have the same id, name, slug, description and order
 */
gboolean
galley_menu_category_equal (GalleyMenuCategory *a,
                            GalleyMenuCategory *b)
{
  g_return_val_if_fail (GALLEY_IS_MENU_CATEGORY (a), FALSE);
  g_return_val_if_fail (GALLEY_IS_MENU_CATEGORY (b), FALSE);

  return a == b ||
         (g_strcmp0 (a->id, b->id) == 0 &&
          g_strcmp0 (a->name, b->name) == 0 &&
          g_strcmp0 (a->slug, b->slug) == 0 &&
          g_strcmp0 (a->description, b->description) == 0 &&
          a->display_order == b->display_order);
}

const char *
galley_menu_category_get_id (GalleyMenuCategory *self)
{
  g_return_val_if_fail (GALLEY_IS_MENU_CATEGORY (self), NULL);

  return self->id;
}

const char *
galley_menu_category_get_name (GalleyMenuCategory *self)
{
  g_return_val_if_fail (GALLEY_IS_MENU_CATEGORY (self), NULL);

  return self->name;
}

/**
 * galley_menu_category_get_slug:
 *
 * Returns: the slug in lower case ("burgers"), never %NULL
 */
const char *
galley_menu_category_get_slug (GalleyMenuCategory *self)
{
  g_return_val_if_fail (GALLEY_IS_MENU_CATEGORY (self), NULL);

  return self->slug;
}

/**
 * galley_menu_category_get_description:
 *
 * Returns: (nullable): the description
 */
const char *
galley_menu_category_get_description (GalleyMenuCategory *self)
{
  g_return_val_if_fail (GALLEY_IS_MENU_CATEGORY (self), NULL);

  return self->description;
}

int
galley_menu_category_get_display_order (GalleyMenuCategory *self)
{
  g_return_val_if_fail (GALLEY_IS_MENU_CATEGORY (self), 0);

  return self->display_order;
}
