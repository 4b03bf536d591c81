/* galley-menu-item.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One menu item (spec/order-protocol.md §3.8), parsed from an element of GET /menu's
 * `items`. Immutable once parsed. The documented members are checked strictly: a member of
 * the wrong type rejects the item, because an item whose allergens or price were silently
 * dropped is worse than a missing one (the menu skips and counts it). `modifiers` is
 * free-form on the wire, so it is read tolerantly: groups with options, flat option objects
 * and plain strings are understood, anything else is left in the raw JSON, which the item
 * keeps for whatever a later reader needs. The reading itself is in galley-menu-parse.c.
 */
#define G_LOG_DOMAIN "galley-menu-item"

#include "menu/galley-menu.h"
#include "menu/galley-menu-item.h"
#include "menu/galley-menu-private.h"
#include "util/galley-json.h"

struct _GalleyMenuItem
{
  GObject     parent_instance;

  JsonObject *json;
  char       *id;
  char       *menu_item_id;
  char       *category_id;
  char       *name;
  char       *description;
  gint64      price;
  gboolean    available;
  char      **aliases;
  char      **dietary_flags;
  char      **allergens;
  int         prep_time_minutes;
  GPtrArray  *groups;          /* GalleyMenuModifierGroup*, owned */
};

G_DEFINE_FINAL_TYPE (GalleyMenuItem, galley_menu_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_MENU_ITEM_ID,
  PROP_CATEGORY_ID,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_PRICE,
  PROP_AVAILABLE,
  PROP_ALIASES,
  PROP_DIETARY_FLAGS,
  PROP_ALLERGENS,
  PROP_PREP_TIME_MINUTES,
  PROP_MODIFIER_GROUPS,
  PROP_JSON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------ GObject */

static void
galley_menu_item_finalize (GObject *object)
{
  GalleyMenuItem *self = GALLEY_MENU_ITEM (object);

  g_clear_pointer (&self->json, json_object_unref);
  g_free (self->id);
  g_free (self->menu_item_id);
  g_free (self->category_id);
  g_free (self->name);
  g_free (self->description);
  g_strfreev (self->aliases);
  g_strfreev (self->dietary_flags);
  g_strfreev (self->allergens);
  g_clear_pointer (&self->groups, g_ptr_array_unref);

  G_OBJECT_CLASS (galley_menu_item_parent_class)->finalize (object);
}

static void
galley_menu_item_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GalleyMenuItem *self = GALLEY_MENU_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_MENU_ITEM_ID:
      g_value_set_string (value, self->menu_item_id);
      break;
    case PROP_CATEGORY_ID:
      g_value_set_string (value, self->category_id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_PRICE:
      g_value_set_int64 (value, self->price);
      break;
    case PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case PROP_ALIASES:
      g_value_set_boxed (value, self->aliases);
      break;
    case PROP_DIETARY_FLAGS:
      g_value_set_boxed (value, self->dietary_flags);
      break;
    case PROP_ALLERGENS:
      g_value_set_boxed (value, self->allergens);
      break;
    case PROP_PREP_TIME_MINUTES:
      g_value_set_int (value, self->prep_time_minutes);
      break;
    case PROP_MODIFIER_GROUPS:
      g_value_set_boxed (value, self->groups);
      break;
    case PROP_JSON:
      g_value_set_boxed (value, self->json);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_menu_item_class_init (GalleyMenuItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = galley_menu_item_finalize;
  object_class->get_property = galley_menu_item_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_MENU_ITEM_ID] = g_param_spec_string ("menu-item-id", NULL, NULL, NULL, flags);
  properties[PROP_CATEGORY_ID] = g_param_spec_string ("category-id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, flags);
  /* unit price in cents */
  properties[PROP_PRICE] = g_param_spec_int64 ("price", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_AVAILABLE] = g_param_spec_boolean ("available", NULL, NULL, TRUE, flags);
  properties[PROP_ALIASES] = g_param_spec_boxed ("aliases", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_DIETARY_FLAGS] = g_param_spec_boxed ("dietary-flags", NULL, NULL,
                                                       G_TYPE_STRV, flags);
  properties[PROP_ALLERGENS] = g_param_spec_boxed ("allergens", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_PREP_TIME_MINUTES] =
    g_param_spec_int ("prep-time-minutes", NULL, NULL, 0, GALLEY_MENU_PREP_MAX_MINUTES,
                      GALLEY_MENU_DEFAULT_PREP_MINUTES, flags);
  /* a GPtrArray of const GalleyMenuModifierGroup*: read-only, owned by the item */
  properties[PROP_MODIFIER_GROUPS] = g_param_spec_boxed ("modifier-groups", NULL, NULL,
                                                         G_TYPE_PTR_ARRAY, flags);
  properties[PROP_JSON] = g_param_spec_boxed ("json", NULL, NULL, JSON_TYPE_OBJECT, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
galley_menu_item_init (GalleyMenuItem *self)
{
  self->available = TRUE;
  self->prep_time_minutes = GALLEY_MENU_DEFAULT_PREP_MINUTES;
}

/* ------------------------------------------------------------------ public */

/**
 * galley_menu_item_new_from_json:
 * @object: one element of the menu's `items`; kept (referenced, not copied) as the raw
 *   JSON, so it must not be changed afterwards
 *
 * Parses and checks an item. Required: `id` and `name` (non-empty strings) and `price` (a
 * number from 0 to 10⁹ dollars, converted to cents). Optional, each of its documented type
 * when present: `menu_item_id`, `category_id`, `description` (strings), `available`
 * (boolean, default true), `aliases`, `dietary_flags`, `allergens` (arrays of strings),
 * `prep_time_minutes` (integer 0–1440, default 10). `modifiers` may have any shape (see
 * galley_menu_item_get_modifier_group()). Unknown members are ignored; names are cut to
 * 200 characters and the description to 1000 (R-IN-5).
 *
 * Returns: (transfer full) (nullable): the item, or %NULL with @error set
 *   (%GALLEY_MENU_ERROR_INVALID, a message for the log) when a member is missing or of the
 *   wrong type
 */
GalleyMenuItem *
galley_menu_item_new_from_json (JsonObject  *object,
                                GError     **error)
{
  g_autoptr(GalleyMenuItem) self = NULL;
  const char *id, *menu_item_id, *category_id, *name, *description;
  gboolean available = TRUE;
  gint64 prep = GALLEY_MENU_DEFAULT_PREP_MINUTES;
  double price;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!_galley_menu_get_req_string (object, "id", &id, error) ||
      !_galley_menu_get_req_string (object, "name", &name, error) ||
      !_galley_menu_get_opt_string (object, "menu_item_id", &menu_item_id, error) ||
      !_galley_menu_get_opt_string (object, "category_id", &category_id, error) ||
      !_galley_menu_get_opt_string (object, "description", &description, error))
    return NULL;

  if (!galley_json_get_number (object, "price", &price) ||
      price < 0 || price > GALLEY_MENU_MONEY_MAX)
    {
      g_set_error_literal (error, GALLEY_MENU_ERROR, GALLEY_MENU_ERROR_INVALID,
                           "“price” is missing or not a number ≥ 0");
      return NULL;
    }

  if (!galley_json_is_null_or_absent (object, "available") &&
      !galley_json_get_bool (object, "available", &available))
    {
      g_set_error_literal (error, GALLEY_MENU_ERROR, GALLEY_MENU_ERROR_INVALID,
                           "“available” is not a boolean");
      return NULL;
    }

  if (!galley_json_is_null_or_absent (object, "prep_time_minutes") &&
      (!galley_json_get_int (object, "prep_time_minutes", &prep) ||
       prep < 0 || prep > GALLEY_MENU_PREP_MAX_MINUTES))
    {
      g_set_error_literal (error, GALLEY_MENU_ERROR, GALLEY_MENU_ERROR_INVALID,
                           "“prep_time_minutes” is not an integer from 0 to 1440");
      return NULL;
    }

  self = g_object_new (GALLEY_TYPE_MENU_ITEM, NULL);

  if ((self->aliases = _galley_menu_get_string_list (object, "aliases", error)) == NULL ||
      (self->dietary_flags = _galley_menu_get_string_list (object, "dietary_flags", error)) == NULL ||
      (self->allergens = _galley_menu_get_string_list (object, "allergens", error)) == NULL)
    return NULL;

  self->json = json_object_ref (object);
  self->id = galley_json_dup_text (id, GALLEY_MENU_NAME_MAX_CHARS);
  self->menu_item_id = menu_item_id != NULL && *menu_item_id != '\0'
                         ? galley_json_dup_text (menu_item_id, GALLEY_MENU_NAME_MAX_CHARS)
                         : NULL;
  self->category_id = category_id != NULL && *category_id != '\0'
                        ? galley_json_dup_text (category_id, GALLEY_MENU_NAME_MAX_CHARS)
                        : NULL;
  self->name = galley_json_dup_text (name, GALLEY_MENU_NAME_MAX_CHARS);
  self->description = galley_json_dup_text (description, GALLEY_MENU_DESCRIPTION_MAX_CHARS);
  self->price = galley_money_to_cents (price);
  self->available = available;
  self->prep_time_minutes = (int) prep;
  self->groups = _galley_menu_parse_modifiers (object, self->id);

  return g_steal_pointer (&self);
}

/**
 * galley_menu_item_equal:
 *
 * Every field of an item comes from its JSON, so two items are equal when the JSON they
 * were parsed from is.
 *
 * Returns: whether @a and @b were parsed from equal JSON
 */
gboolean
galley_menu_item_equal (GalleyMenuItem *a,
                        GalleyMenuItem *b)
{
  g_return_val_if_fail (GALLEY_IS_MENU_ITEM (a), FALSE);
  g_return_val_if_fail (GALLEY_IS_MENU_ITEM (b), FALSE);

  return a == b || json_object_equal (a->json, b->json);
}

/**
 * galley_menu_item_get_id:
 *
 * Returns: the item's `id`: its external id when it has one, else its UUID (§3.8)
 */
const char *
galley_menu_item_get_id (GalleyMenuItem *self)
{
  g_return_val_if_fail (GALLEY_IS_MENU_ITEM (self), NULL);

  return self->id;
}

/**
 * galley_menu_item_get_menu_item_id:
 *
 * Returns: (nullable): the database UUID (`menu_item_id`)
 */
const char *
galley_menu_item_get_menu_item_id (GalleyMenuItem *self)
{
  g_return_val_if_fail (GALLEY_IS_MENU_ITEM (self), NULL);

  return self->menu_item_id;
}

/**
 * galley_menu_item_get_category_id:
 *
 * Returns: (nullable): the category's id
 */
const char *
galley_menu_item_get_category_id (GalleyMenuItem *self)
{
  g_return_val_if_fail (GALLEY_IS_MENU_ITEM (self), NULL);

  return self->category_id;
}

const char *
galley_menu_item_get_name (GalleyMenuItem *self)
{
  g_return_val_if_fail (GALLEY_IS_MENU_ITEM (self), NULL);

  return self->name;
}

/**
 * galley_menu_item_get_description:
 *
 * Returns: (nullable): the description
 */
const char *
galley_menu_item_get_description (GalleyMenuItem *self)
{
  g_return_val_if_fail (GALLEY_IS_MENU_ITEM (self), NULL);

  return self->description;
}

/**
 * galley_menu_item_get_price:
 *
 * Returns: the unit price in cents
 */
gint64
galley_menu_item_get_price (GalleyMenuItem *self)
{
  g_return_val_if_fail (GALLEY_IS_MENU_ITEM (self), 0);

  return self->price;
}

/**
 * galley_menu_item_get_available:
 *
 * Returns: %FALSE when the item is 86'd (sold out)
 */
gboolean
galley_menu_item_get_available (GalleyMenuItem *self)
{
  g_return_val_if_fail (GALLEY_IS_MENU_ITEM (self), FALSE);

  return self->available;
}

/**
 * galley_menu_item_get_aliases:
 *
 * Returns: (transfer none) (array zero-terminated=1): other names for the item (voice
 *   matching), never %NULL
 */
const char * const *
galley_menu_item_get_aliases (GalleyMenuItem *self)
{
  g_return_val_if_fail (GALLEY_IS_MENU_ITEM (self), NULL);

  return (const char * const *) self->aliases;
}

/**
 * galley_menu_item_get_dietary_flags:
 *
 * Returns: (transfer none) (array zero-terminated=1): "vegan", "gluten-free", …; never %NULL
 */
const char * const *
galley_menu_item_get_dietary_flags (GalleyMenuItem *self)
{
  g_return_val_if_fail (GALLEY_IS_MENU_ITEM (self), NULL);

  return (const char * const *) self->dietary_flags;
}

/**
 * galley_menu_item_get_allergens:
 *
 * `allergens` is a Galley extension the demo server sends; upstream items have none.
 *
 * Returns: (transfer none) (array zero-terminated=1): "gluten", "dairy", …; never %NULL
 */
const char * const *
galley_menu_item_get_allergens (GalleyMenuItem *self)
{
  g_return_val_if_fail (GALLEY_IS_MENU_ITEM (self), NULL);

  return (const char * const *) self->allergens;
}

gboolean
galley_menu_item_has_allergens (GalleyMenuItem *self)
{
  g_return_val_if_fail (GALLEY_IS_MENU_ITEM (self), FALSE);

  return self->allergens[0] != NULL;
}

int
galley_menu_item_get_prep_time_minutes (GalleyMenuItem *self)
{
  g_return_val_if_fail (GALLEY_IS_MENU_ITEM (self), 0);

  return self->prep_time_minutes;
}

guint
galley_menu_item_get_n_modifier_groups (GalleyMenuItem *self)
{
  g_return_val_if_fail (GALLEY_IS_MENU_ITEM (self), 0);

  return self->groups->len;
}

/**
 * galley_menu_item_get_modifier_group:
 * @index: from 0 to galley_menu_item_get_n_modifier_groups() - 1
 *
 * The groups understood from `modifiers`, in the order sent; loose options and plain
 * strings come last, in one implicit group without id or name.
 *
 * Returns: (transfer none): the group, valid as long as @self
 */
const GalleyMenuModifierGroup *
galley_menu_item_get_modifier_group (GalleyMenuItem *self,
                                     guint           index)
{
  g_return_val_if_fail (GALLEY_IS_MENU_ITEM (self), NULL);
  g_return_val_if_fail (index < self->groups->len, NULL);

  return g_ptr_array_index (self->groups, index);
}

/**
 * galley_menu_item_find_option:
 * @option_id: a modifier option's id ("mod-extra-cheese")
 * @group: (out) (optional) (transfer none): the option's group
 *
 * Returns: (transfer none) (nullable): the option, or %NULL when the item has none with
 *   that id
 */
const GalleyMenuModifierOption *
galley_menu_item_find_option (GalleyMenuItem                 *self,
                              const char                     *option_id,
                              const GalleyMenuModifierGroup **group)
{
  g_return_val_if_fail (GALLEY_IS_MENU_ITEM (self), NULL);
  g_return_val_if_fail (option_id != NULL, NULL);

  if (group != NULL)
    *group = NULL;

  for (guint g = 0; g < self->groups->len; g++)
    {
      const GalleyMenuModifierGroup *candidate = g_ptr_array_index (self->groups, g);

      for (guint i = 0; i < candidate->n_options; i++)
        if (g_strcmp0 (candidate->options[i].id, option_id) == 0)
          {
            if (group != NULL)
              *group = candidate;
            return &candidate->options[i];
          }
    }

  return NULL;
}

/**
 * galley_menu_item_get_modifiers_json:
 *
 * Returns: (transfer none) (nullable): the `modifiers` member exactly as sent, whatever
 *   its shape, or %NULL when there is none
 */
JsonNode *
galley_menu_item_get_modifiers_json (GalleyMenuItem *self)
{
  g_return_val_if_fail (GALLEY_IS_MENU_ITEM (self), NULL);

  return json_object_get_member (self->json, "modifiers");
}

/**
 * galley_menu_item_get_json:
 *
 * Returns: (transfer none): the item as sent, with the members Galley does not read
 */
JsonObject *
galley_menu_item_get_json (GalleyMenuItem *self)
{
  g_return_val_if_fail (GALLEY_IS_MENU_ITEM (self), NULL);

  return self->json;
}
