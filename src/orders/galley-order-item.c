/* galley-order-item.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One line of an order (spec/order-protocol.md §3.5), parsed from an element of the row's
 * `items` array. Immutable once parsed except for the Galley item status.
 */
#define G_LOG_DOMAIN "galley-order-item"

#include <math.h>
#include <string.h>

#include "orders/galley-order.h"
#include "orders/galley-order-item.h"
#include "util/galley-json.h"
#include "util/galley-json-tokens.h"

#define NAME_MAX_CHARS  200    /* R-IN-5 */
#define NOTES_MAX_CHARS 1000   /* R-IN-5 */
#define QUANTITY_MAX    1000000
#define MONEY_MAX       1e9    /* dollars: keeps every sum of cents far from G_MAXINT64 */

struct _GalleyOrderItem
{
  GObject parent_instance;

  char      *id;
  char      *menu_item_id;
  char      *name;
  int        quantity;
  gint64     price;
  gint64     modifiers_price;
  char     **modifiers;
  char      *notes;
  char      *status;
  gboolean   has_allergy;
};

G_DEFINE_FINAL_TYPE (GalleyOrderItem, galley_order_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_MENU_ITEM_ID,
  PROP_NAME,
  PROP_QUANTITY,
  PROP_PRICE,
  PROP_MODIFIERS_PRICE,
  PROP_MODIFIERS,
  PROP_NOTES,
  PROP_STATUS,
  PROP_HAS_ALLERGY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A JSON member that must be a string when present; null counts as absent. */
static gboolean
get_optional_string (GalleyJsonTokens  *doc,
                     guint              object,
                     const char        *member,
                     const char       **value,
                     GError           **error)
{
  *value = NULL;

  if (galley_json_tokens_is_null_or_absent (doc, object, member))
    return TRUE;

  if (!galley_json_tokens_get_string (doc, object, member, value))
    {
      g_set_error (error, GALLEY_ORDER_ERROR, GALLEY_ORDER_ERROR_INVALID,
                   "“%s” is not a string", member);
      return FALSE;
    }

  return TRUE;
}

static gboolean
get_required_string (GalleyJsonTokens  *doc,
                     guint              object,
                     const char        *member,
                     const char       **value,
                     GError           **error)
{
  if (!galley_json_tokens_get_string (doc, object, member, value) || **value == '\0')
    {
      g_set_error (error, GALLEY_ORDER_ERROR, GALLEY_ORDER_ERROR_INVALID,
                   "“%s” is missing or not a non-empty string", member);
      return FALSE;
    }

  if (!g_utf8_validate (*value, -1, NULL))
    {
      g_set_error (error, GALLEY_ORDER_ERROR, GALLEY_ORDER_ERROR_INVALID,
                   "“%s” is not valid UTF-8", member);
      return FALSE;
    }

  return TRUE;
}

/* Modifier prices may be negative (a discount), but must be finite and bounded. */
static gboolean
get_modifier_price (GalleyJsonTokens  *doc,
                    guint              object,
                    gint64            *cents,
                    GError           **error)
{
  double price = 0.0;

  *cents = 0;

  if (galley_json_tokens_is_null_or_absent (doc, object, "price"))
    return TRUE;

  if (!galley_json_tokens_get_number (doc, object, "price", &price) || fabs (price) > MONEY_MAX)
    {
      g_set_error_literal (error, GALLEY_ORDER_ERROR, GALLEY_ORDER_ERROR_INVALID,
                           "a modifier’s “price” is not a number in range");
      return FALSE;
    }

  *cents = galley_money_to_cents (price);

  return TRUE;
}

/* Appends the names of a `modifiers` or `modifications` array: strings as they are, objects
 * by their `name`. Anything else rejects the item: a modifier the kitchen cannot see could be
 * an allergy. */
static gboolean
add_modifier_names (GalleyJsonTokens  *doc,
                    guint              object,
                    const char        *member,
                    gboolean           with_price,
                    GPtrArray         *names,
                    gint64            *price_sum,
                    GError           **error)
{
  guint array, i = 0;

  if (galley_json_tokens_is_null_or_absent (doc, object, member))
    return TRUE;

  array = galley_json_tokens_get_array (doc, object, member);
  if (array == GALLEY_JSON_TOKEN_NONE)
    {
      g_set_error (error, GALLEY_ORDER_ERROR, GALLEY_ORDER_ERROR_INVALID,
                   "“%s” is not an array", member);
      return FALSE;
    }

  for (guint element = galley_json_tokens_first (doc, array);
       element != GALLEY_JSON_TOKEN_NONE;
       element = galley_json_tokens_next (doc, array, element), i++)
    {
      GalleyJsonTokenType type = galley_json_tokens_get_value_type (doc, element);

      if (type == GALLEY_JSON_TOKEN_STRING)
        {
          g_ptr_array_add (names, galley_json_dup_text (galley_json_tokens_string (doc, element),
                                                        NAME_MAX_CHARS));
        }
      else if (type == GALLEY_JSON_TOKEN_OBJECT)
        {
          guint modifier = element;
          const char *name = NULL;

          if (!galley_json_tokens_get_string (doc, modifier, "name", &name))
            {
              g_set_error (error, GALLEY_ORDER_ERROR, GALLEY_ORDER_ERROR_INVALID,
                           "%s[%u] has no “name” string", member, i);
              return FALSE;
            }

          if (with_price)
            {
              gint64 cents;

              if (!get_modifier_price (doc, modifier, &cents, error))
                {
                  g_prefix_error (error, "%s[%u]: ", member, i);
                  return FALSE;
                }
              *price_sum += cents;
            }

          g_ptr_array_add (names, galley_json_dup_text (name, NAME_MAX_CHARS));
        }
      else
        {
          g_set_error (error, GALLEY_ORDER_ERROR, GALLEY_ORDER_ERROR_INVALID,
                       "%s[%u] is neither a string nor an object", member, i);
          return FALSE;
        }
    }

  return TRUE;
}

/* Does @needle occur in @haystack as a whole word? Letters, digits and any non-ASCII byte
 * are word characters, so "Wellington" holds no "well" and "shots" no "hot". */
static gboolean
contains_word (const char *haystack,
               const char *needle)
{
  gsize len = strlen (needle);

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    {
      gboolean start_ok = p == haystack || !(g_ascii_isalnum (p[-1]) || (guchar) p[-1] >= 0x80);
      gboolean end_ok = !(g_ascii_isalnum (p[len]) || (guchar) p[len] >= 0x80);

      if (start_ok && end_ok)
        return TRUE;
    }

  return FALSE;
}

static gboolean
contains_any (const char         *text,
              const char * const *words)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (strstr (text, words[i]) != NULL)
      return TRUE;

  return FALSE;
}

static gboolean
starts_with_any (const char         *text,
                 const char * const *words)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (g_str_has_prefix (text, words[i]))
      return TRUE;

  return FALSE;
}

static void
galley_order_item_finalize (GObject *object)
{
  GalleyOrderItem *self = GALLEY_ORDER_ITEM (object);

  g_free (self->id);
  g_free (self->menu_item_id);
  g_free (self->name);
  g_strfreev (self->modifiers);
  g_free (self->notes);
  g_free (self->status);

  G_OBJECT_CLASS (galley_order_item_parent_class)->finalize (object);
}

static void
galley_order_item_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GalleyOrderItem *self = GALLEY_ORDER_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_MENU_ITEM_ID:
      g_value_set_string (value, self->menu_item_id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_QUANTITY:
      g_value_set_int (value, self->quantity);
      break;
    case PROP_PRICE:
      g_value_set_int64 (value, self->price);
      break;
    case PROP_MODIFIERS_PRICE:
      g_value_set_int64 (value, self->modifiers_price);
      break;
    case PROP_MODIFIERS:
      g_value_set_boxed (value, self->modifiers);
      break;
    case PROP_NOTES:
      g_value_set_string (value, self->notes);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_HAS_ALLERGY:
      g_value_set_boolean (value, self->has_allergy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_order_item_class_init (GalleyOrderItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = galley_order_item_finalize;
  object_class->get_property = galley_order_item_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_MENU_ITEM_ID] = g_param_spec_string ("menu-item-id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_QUANTITY] = g_param_spec_int ("quantity", NULL, NULL,
                                                1, G_MAXINT, 1, flags);
  /* unit price in cents */
  properties[PROP_PRICE] = g_param_spec_int64 ("price", NULL, NULL,
                                               0, G_MAXINT64, 0, flags);
  /* sum of the modifiers' prices for ONE unit, in cents: not multiplied by quantity */
  properties[PROP_MODIFIERS_PRICE] = g_param_spec_int64 ("modifiers-price", NULL, NULL,
                                                         G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_MODIFIERS] = g_param_spec_boxed ("modifiers", NULL, NULL,
                                                   G_TYPE_STRV, flags);
  properties[PROP_NOTES] = g_param_spec_string ("notes", NULL, NULL, NULL, flags);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, "pending", flags);
  properties[PROP_HAS_ALLERGY] = g_param_spec_boolean ("has-allergy", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
galley_order_item_init (GalleyOrderItem *self)
{
  self->quantity = 1;
}

/**
 * galley_order_item_new_from_json:
 * @object: one element of an order row's `items`
 *
 * Parses and checks a line item (§3.5). Names are cut to 200 characters and notes to 1000
 * (R-IN-5); both are kept as plain text.
 *
 * Returns: (transfer full) (nullable): the item, or %NULL with @error set
 *   (%GALLEY_ORDER_ERROR_INVALID) when a field is missing or of the wrong type
 */
GalleyOrderItem *
galley_order_item_new_from_json (JsonObject  *object,
                                 GError     **error)
{
  g_autoptr(GalleyJsonTokens) doc = NULL;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc = galley_json_tokens_new_for_object (object);

  return galley_order_item_new_from_tokens (doc, 0, error);
}

/**
 * galley_order_item_new_from_tokens:
 * @doc: a document
 * @object: the item in @doc, an object
 *
 * As galley_order_item_new_from_json(), for an item of a document (galley-json-tokens.h).
 *
 * Returns: (transfer full) (nullable): the item, or %NULL with @error set
 */
GalleyOrderItem *
galley_order_item_new_from_tokens (GalleyJsonTokens  *doc,
                                   guint              object,
                                   GError           **error)
{
  static const char * const notes_members[] = {
    "special_instructions", "specialInstructions", "notes",
  };
  g_autoptr(GalleyOrderItem) self = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *id, *menu_item_id, *name, *status, *notes = NULL;
  gint64 quantity;
  double price;

  g_return_val_if_fail (doc != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!get_required_string (doc, object, "id", &id, error) ||
      !get_required_string (doc, object, "menu_item_id", &menu_item_id, error))
    return NULL;

  if (!galley_json_tokens_get_string (doc, object, "name", &name))
    {
      g_set_error_literal (error, GALLEY_ORDER_ERROR, GALLEY_ORDER_ERROR_INVALID,
                           "“name” is missing or not a string");
      return NULL;
    }

  if (!galley_json_tokens_get_int (doc, object, "quantity", &quantity) ||
      quantity < 1 || quantity > QUANTITY_MAX)
    {
      g_set_error_literal (error, GALLEY_ORDER_ERROR, GALLEY_ORDER_ERROR_INVALID,
                           "“quantity” is missing or not a positive integer");
      return NULL;
    }

  if (!galley_json_tokens_get_number (doc, object, "price", &price) || price < 0 || price > MONEY_MAX)
    {
      g_set_error_literal (error, GALLEY_ORDER_ERROR, GALLEY_ORDER_ERROR_INVALID,
                           "“price” is missing or not a number ≥ 0");
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (notes_members); i++)
    {
      const char *value;

      if (!get_optional_string (doc, object, notes_members[i], &value, error))
        return NULL;
      if (notes == NULL && value != NULL && *value != '\0')
        notes = value;
    }

  if (!get_optional_string (doc, object, "status", &status, error))
    return NULL;

  self = g_object_new (GALLEY_TYPE_ORDER_ITEM, NULL);

  names = g_ptr_array_new_with_free_func (g_free);
  if (!add_modifier_names (doc, object, "modifiers", TRUE, names, &self->modifiers_price,
                           error) ||
      !add_modifier_names (doc, object, "modifications", FALSE, names, NULL, error))
    return NULL;
  g_ptr_array_add (names, NULL);

  self->id = g_strdup (id);
  self->menu_item_id = g_strdup (menu_item_id);
  self->name = galley_json_dup_text (name, NAME_MAX_CHARS);
  self->quantity = (int) quantity;
  self->price = galley_money_to_cents (price);
  self->modifiers = (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
  self->notes = galley_json_dup_text (notes, NOTES_MAX_CHARS);
  self->status = status != NULL ? galley_json_dup_text (status, NAME_MAX_CHARS) : g_strdup ("pending");

  self->has_allergy = self->notes != NULL &&
                      galley_modifier_classify (self->notes) == GALLEY_MODIFIER_ALLERGY;
  for (guint i = 0; !self->has_allergy && self->modifiers[i] != NULL; i++)
    self->has_allergy = galley_modifier_classify (self->modifiers[i]) == GALLEY_MODIFIER_ALLERGY;

  return g_steal_pointer (&self);
}

/**
 * galley_order_item_equal:
 *
 * Returns: whether @a and @b show the same line: every field equal, the id included
 */
gboolean
galley_order_item_equal (GalleyOrderItem *a,
                         GalleyOrderItem *b)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_ITEM (a), FALSE);
  g_return_val_if_fail (GALLEY_IS_ORDER_ITEM (b), FALSE);

  if (a == b)
    return TRUE;

  return g_strcmp0 (a->id, b->id) == 0 &&
         g_strcmp0 (a->menu_item_id, b->menu_item_id) == 0 &&
         g_strcmp0 (a->name, b->name) == 0 &&
         a->quantity == b->quantity &&
         a->price == b->price &&
         a->modifiers_price == b->modifiers_price &&
         g_strv_equal ((const char * const *) a->modifiers,
                       (const char * const *) b->modifiers) &&
         g_strcmp0 (a->notes, b->notes) == 0 &&
         g_strcmp0 (a->status, b->status) == 0;
}

const char *
galley_order_item_get_id (GalleyOrderItem *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_ITEM (self), NULL);

  return self->id;
}

const char *
galley_order_item_get_menu_item_id (GalleyOrderItem *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_ITEM (self), NULL);

  return self->menu_item_id;
}

const char *
galley_order_item_get_name (GalleyOrderItem *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_ITEM (self), NULL);

  return self->name;
}

int
galley_order_item_get_quantity (GalleyOrderItem *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_ITEM (self), 0);

  return self->quantity;
}

/**
 * galley_order_item_get_price:
 *
 * Returns: the unit price in cents
 */
gint64
galley_order_item_get_price (GalleyOrderItem *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_ITEM (self), 0);

  return self->price;
}

/**
 * galley_order_item_get_modifiers_price:
 *
 * The sum of the `price` of the modifier objects, in cents, for one unit: the quantity is not
 * applied (the line total is (price + modifiers_price) × quantity, as in §3.7). String
 * modifiers and `modifications` carry no price.
 *
 * Returns: cents
 */
gint64
galley_order_item_get_modifiers_price (GalleyOrderItem *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_ITEM (self), 0);

  return self->modifiers_price;
}

/**
 * galley_order_item_get_modifiers:
 *
 * Returns: (transfer none) (array zero-terminated=1): the names of `modifiers` then
 *   `modifications`, in order; never %NULL
 */
const char * const *
galley_order_item_get_modifiers (GalleyOrderItem *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_ITEM (self), NULL);

  return (const char * const *) self->modifiers;
}

/**
 * galley_order_item_get_notes:
 *
 * Returns: (nullable): the first non-empty of `special_instructions`,
 *   `specialInstructions` and `notes`
 */
const char *
galley_order_item_get_notes (GalleyOrderItem *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_ITEM (self), NULL);

  return self->notes;
}

const char *
galley_order_item_get_status (GalleyOrderItem *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_ITEM (self), NULL);

  return self->status;
}

/**
 * galley_order_item_set_status:
 * @status: the Galley item status ("pending" when the row has none)
 */
void
galley_order_item_set_status (GalleyOrderItem *self,
                              const char      *status)
{
  g_return_if_fail (GALLEY_IS_ORDER_ITEM (self));
  g_return_if_fail (status != NULL);

  if (g_strcmp0 (self->status, status) == 0)
    return;

  g_free (self->status);
  self->status = galley_json_dup_text (status, NAME_MAX_CHARS);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

/**
 * galley_order_item_has_allergy:
 *
 * Returns: whether a modifier, a modification or the notes are classed as an allergy
 */
gboolean
galley_order_item_has_allergy (GalleyOrderItem *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_ITEM (self), FALSE);

  return self->has_allergy;
}

/**
 * galley_modifier_classify:
 * @text: (nullable): a modifier name, a modification or a note
 *
 * The upstream KDS table of §3.5, case-insensitive, first match wins, in the table's order:
 * allergy, removal, addition, temperature, substitution, other.
 *
 * Allergy words match anywhere, as the spec says: "walnuts" and "nut-free" must be flagged,
 * and a false alarm ("donut") costs a glance while a miss can cost a life. Removal and
 * addition are prefixes, as specified. Temperature words must be whole words ("well-done",
 * "medium rare", "temperature" still match), because matching them anywhere is absurd:
 * "Beef Wellington", "tempura", "tempeh", "2 shots" would all be temperatures, and "sub
 * tempeh" could never reach the substitution class. Substitution words match anywhere.
 *
 * Returns: the class
 */
GalleyModifierClass
galley_modifier_classify (const char *text)
{
  static const char * const allergy[] = {
    "allergy", "allergic", "gluten", "dairy", "nut", "peanut", "shellfish", "celiac", NULL,
  };
  static const char * const removal[] = { "no ", "without", "remove", "hold", NULL };
  static const char * const addition[] = { "extra", "add", "double", "triple", "more", NULL };
  static const char * const temperature[] = {
    "rare", "medium", "well", "well-done", "hot", "cold", "temp", "temperature", NULL,
  };
  static const char * const substitution[] = { "sub ", "substitute", "instead", "swap", NULL };
  g_autofree char *valid = NULL;
  g_autofree char *lower = NULL;
  const char *start;

  if (text == NULL)
    return GALLEY_MODIFIER_OTHER;

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  lower = g_utf8_strdown (text, -1);
  for (start = lower; g_ascii_isspace (*start); start++)
    ;

  if (contains_any (start, allergy))
    return GALLEY_MODIFIER_ALLERGY;
  if (starts_with_any (start, removal))
    return GALLEY_MODIFIER_REMOVAL;
  if (starts_with_any (start, addition))
    return GALLEY_MODIFIER_ADDITION;
  for (guint i = 0; temperature[i] != NULL; i++)
    if (contains_word (start, temperature[i]))
      return GALLEY_MODIFIER_TEMPERATURE;
  if (contains_any (start, substitution))
    return GALLEY_MODIFIER_SUBSTITUTION;

  return GALLEY_MODIFIER_OTHER;
}
