/* galley-cart-line.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One line of the counter's cart: a menu item (or none yet, for a voice line the cashier
 * must resolve), the words heard or typed, a quantity, the chosen modifiers with their
 * prices, notes and allergy notes, where it came from and how sure the match was.
 * Prices are cents, computed as the server computes them (order protocol §3.7). Every change
 * notifies its properties and then emits ::changed once, which the cart follows.
 */
#define G_LOG_DOMAIN "galley-cart-line"

#include "config.h"

#include <glib/gi18n.h>

#include "cart/galley-cart.h"
#include "cart/galley-cart-private.h"

struct _GalleyCartLine
{
  GObject         parent_instance;

  char           *id;
  GalleyMenuItem *item;
  char           *heard;
  guint           quantity;
  GArray         *modifiers;      /* GalleyCartModifier, cleared with modifier_clear */
  char           *notes;
  char           *allergy_notes;
  GalleyCartSource source;
  double          confidence;
  GalleyCartCheck check;
  gboolean        unavailable;
  GPtrArray      *candidates;     /* GalleyMenuItem*, owned */
  gpointer        owner;          /* the cart holding it, not a reference */
};

G_DEFINE_FINAL_TYPE (GalleyCartLine, galley_cart_line, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_ITEM,
  PROP_HEARD,
  PROP_NAME,
  PROP_QUANTITY,
  PROP_N_MODIFIERS,
  PROP_NOTES,
  PROP_ALLERGY_NOTES,
  PROP_SOURCE,
  PROP_CONFIDENCE,
  PROP_CHECK,
  PROP_UNSURE,
  PROP_UNAVAILABLE,
  PROP_UNIT_PRICE,
  PROP_LINE_PRICE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------ helpers */

static void
modifier_clear (gpointer data)
{
  GalleyCartModifier *modifier = data;

  g_free (modifier->id);
  g_free (modifier->name);
  g_free (modifier->group_id);
}

static char *
dup_limited (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *stripped = NULL;
  const char *end;

  if (text == NULL)
    return NULL;
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);
  stripped = g_strstrip (g_strdup (text));
  if (*stripped == '\0')
    return NULL;
  if (g_utf8_strlen (stripped, -1) <= GALLEY_CART_NOTES_MAX_CHARS)
    return g_steal_pointer (&stripped);
  end = g_utf8_offset_to_pointer (stripped, GALLEY_CART_NOTES_MAX_CHARS);

  return g_strndup (stripped, end - stripped);
}

static gboolean
is_unavailable (GalleyCartLine *self)
{
  return self->unavailable;
}

/* Notifies what a price change moves, then ::changed. */
static void
prices_changed (GalleyCartLine *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNIT_PRICE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINE_PRICE]);
}

static void
emit_changed (GalleyCartLine *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static int
group_index_of (GalleyMenuItem *item,
                const GalleyMenuModifierGroup *group)
{
  guint n = galley_menu_item_get_n_modifier_groups (item);

  for (guint i = 0; i < n; i++)
    if (galley_menu_item_get_modifier_group (item, i) == group)
      return (int) i;

  return -1;
}

static const char *
group_label (const GalleyMenuModifierGroup *group)
{
  return group->name != NULL ? group->name : _("Extras");
}

/* ------------------------------------------------------------------ GObject */

static void
galley_cart_line_dispose (GObject *object)
{
  GalleyCartLine *self = GALLEY_CART_LINE (object);

  g_clear_object (&self->item);
  g_clear_pointer (&self->candidates, g_ptr_array_unref);

  G_OBJECT_CLASS (galley_cart_line_parent_class)->dispose (object);
}

static void
galley_cart_line_finalize (GObject *object)
{
  GalleyCartLine *self = GALLEY_CART_LINE (object);

  g_assert (self->item == NULL);
  g_free (self->id);
  g_free (self->heard);
  g_free (self->notes);
  g_free (self->allergy_notes);
  g_clear_pointer (&self->modifiers, g_array_unref);

  G_OBJECT_CLASS (galley_cart_line_parent_class)->finalize (object);
}

static void
galley_cart_line_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GalleyCartLine *self = GALLEY_CART_LINE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    case PROP_HEARD:
      g_value_set_string (value, self->heard);
      break;
    case PROP_NAME:
      g_value_set_string (value, galley_cart_line_get_name (self));
      break;
    case PROP_QUANTITY:
      g_value_set_uint (value, self->quantity);
      break;
    case PROP_N_MODIFIERS:
      g_value_set_uint (value, self->modifiers->len);
      break;
    case PROP_NOTES:
      g_value_set_string (value, self->notes);
      break;
    case PROP_ALLERGY_NOTES:
      g_value_set_string (value, self->allergy_notes);
      break;
    case PROP_SOURCE:
      g_value_set_uint (value, self->source);
      break;
    case PROP_CONFIDENCE:
      g_value_set_double (value, self->confidence);
      break;
    case PROP_CHECK:
      g_value_set_uint (value, self->check);
      break;
    case PROP_UNSURE:
      g_value_set_boolean (value, galley_cart_line_get_unsure (self));
      break;
    case PROP_UNAVAILABLE:
      g_value_set_boolean (value, self->unavailable);
      break;
    case PROP_UNIT_PRICE:
      g_value_set_int64 (value, galley_cart_line_get_unit_price (self));
      break;
    case PROP_LINE_PRICE:
      g_value_set_int64 (value, galley_cart_line_get_line_price (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_cart_line_class_init (GalleyCartLineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = galley_cart_line_dispose;
  object_class->finalize = galley_cart_line_finalize;
  object_class->get_property = galley_cart_line_get_property;

  /* "L1", "L2"… given by the cart, never reused within it; NULL outside a cart */
  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, ro);
  properties[PROP_ITEM] = g_param_spec_object ("item", NULL, NULL, GALLEY_TYPE_MENU_ITEM, ro);
  properties[PROP_HEARD] = g_param_spec_string ("heard", NULL, NULL, NULL, ro);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  properties[PROP_QUANTITY] = g_param_spec_uint ("quantity", NULL, NULL, 1, G_MAXUINT, 1, ro);
  properties[PROP_N_MODIFIERS] = g_param_spec_uint ("n-modifiers", NULL, NULL,
                                                    0, G_MAXUINT, 0, ro);
  properties[PROP_NOTES] = g_param_spec_string ("notes", NULL, NULL, NULL, ro);
  properties[PROP_ALLERGY_NOTES] = g_param_spec_string ("allergy-notes", NULL, NULL, NULL, ro);
  /* GalleyCartSource */
  properties[PROP_SOURCE] = g_param_spec_uint ("source", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_CONFIDENCE] = g_param_spec_double ("confidence", NULL, NULL, 0, 1, 1, ro);
  /* GalleyCartCheck */
  properties[PROP_CHECK] = g_param_spec_uint ("check", NULL, NULL, 0, G_MAXUINT, 0, ro);
  /* waits for the cashier's tap: excluded from the totals, blocks submit */
  properties[PROP_UNSURE] = g_param_spec_boolean ("unsure", NULL, NULL, FALSE, ro);
  /* the item is sold out or left the menu since the line was added */
  properties[PROP_UNAVAILABLE] = g_param_spec_boolean ("unavailable", NULL, NULL, FALSE, ro);
  properties[PROP_UNIT_PRICE] = g_param_spec_int64 ("unit-price", NULL, NULL,
                                                    G_MININT64, G_MAXINT64, 0, ro);
  properties[PROP_LINE_PRICE] = g_param_spec_int64 ("line-price", NULL, NULL,
                                                    G_MININT64, G_MAXINT64, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GalleyCartLine::changed:
   *
   * Emitted once after any change of the line, after its property notifications.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
galley_cart_line_init (GalleyCartLine *self)
{
  self->quantity = 1;
  self->confidence = 1.0;
  self->modifiers = g_array_new (FALSE, TRUE, sizeof (GalleyCartModifier));
  g_array_set_clear_func (self->modifiers, modifier_clear);
  self->candidates = g_ptr_array_new_with_free_func (g_object_unref);
}

/* ------------------------------------------------------------------ module */

void
_galley_cart_line_set_id (GalleyCartLine *line,
                          const char     *id)
{
  if (g_strcmp0 (line->id, id) == 0)
    return;
  g_free (line->id);
  line->id = g_strdup (id);
  g_object_notify_by_pspec (G_OBJECT (line), properties[PROP_ID]);
}

gpointer
_galley_cart_line_get_owner (GalleyCartLine *line)
{
  return line->owner;
}

void
_galley_cart_line_set_owner (GalleyCartLine *line,
                             gpointer        owner)
{
  line->owner = owner;
}

void
_galley_cart_line_add_quantity (GalleyCartLine *line,
                                guint           quantity)
{
  line->quantity += quantity;
  g_object_notify_by_pspec (G_OBJECT (line), properties[PROP_QUANTITY]);
  g_object_notify_by_pspec (G_OBJECT (line), properties[PROP_LINE_PRICE]);
  emit_changed (line);
}

/* Follows a new menu: the item and the candidates are looked up again by id; chosen
 * options take their new prices. An item that left the menu or was 86'd, or an option that
 * left the item, flags the line; nothing is dropped. Returns whether anything changed. */
gboolean
_galley_cart_line_rebind (GalleyCartLine *line,
                          GalleyMenu     *menu)
{
  gboolean unavailable = FALSE, changed = FALSE;
  gint64 old_price = galley_cart_line_get_unit_price (line);

  if (line->item != NULL)
    {
      GalleyMenuItem *item = menu != NULL
        ? galley_menu_lookup_item_by_id (menu, galley_menu_item_get_id (line->item)) : NULL;

      if (item == NULL)
        unavailable = TRUE;
      else
        {
          if (item != line->item)
            {
              g_set_object (&line->item, item);
              changed = TRUE;
              g_object_notify_by_pspec (G_OBJECT (line), properties[PROP_ITEM]);
            }
          unavailable = !galley_menu_item_get_available (item);
          for (guint i = 0; i < line->modifiers->len; i++)
            {
              GalleyCartModifier *m = &g_array_index (line->modifiers, GalleyCartModifier, i);
              const GalleyMenuModifierOption *option;

              if (m->group_id == NULL && g_str_has_prefix (m->id, "voice-mod-"))
                continue;
              option = galley_menu_item_find_option (item, m->id, NULL);
              if (option == NULL)
                unavailable = TRUE;
              else
                m->price = option->price;
            }
        }
    }

  for (guint i = 0; i < line->candidates->len; i++)
    {
      GalleyMenuItem *old = g_ptr_array_index (line->candidates, i);
      GalleyMenuItem *item = menu != NULL
        ? galley_menu_lookup_item_by_id (menu, galley_menu_item_get_id (old)) : NULL;

      if (item != NULL && item != old)
        {
          g_ptr_array_index (line->candidates, i) = g_object_ref (item);
          g_object_unref (old);
        }
    }

  if (unavailable != line->unavailable)
    {
      line->unavailable = unavailable;
      changed = TRUE;
      g_object_notify_by_pspec (G_OBJECT (line), properties[PROP_UNAVAILABLE]);
    }
  if (old_price != galley_cart_line_get_unit_price (line))
    {
      changed = TRUE;
      prices_changed (line);
    }
  if (changed)
    emit_changed (line);

  return changed;
}

/* ------------------------------------------------------------------ public */

/**
 * galley_cart_line_new:
 * @item: (nullable): the menu item, or %NULL for an unknown item the cashier must resolve
 * @heard: (nullable): the words heard or typed
 * @quantity: at least 1; checked against the limits when the line enters a cart
 *
 * A line with an item is confirmed; one without waits for the cashier
 * (%GALLEY_CART_CHECK_MATCH, confidence 0).
 *
 * Returns: (transfer full): the line
 */
GalleyCartLine *
galley_cart_line_new (GalleyMenuItem *item,
                      const char     *heard,
                      guint           quantity)
{
  GalleyCartLine *self;

  g_return_val_if_fail (item == NULL || GALLEY_IS_MENU_ITEM (item), NULL);
  g_return_val_if_fail (quantity >= 1, NULL);

  self = g_object_new (GALLEY_TYPE_CART_LINE, NULL);
  self->item = item != NULL ? g_object_ref (item) : NULL;
  self->heard = dup_limited (heard);
  self->quantity = quantity;
  if (item == NULL)
    {
      self->check = GALLEY_CART_CHECK_MATCH;
      self->confidence = 0.0;
    }

  return self;
}

const char *
galley_cart_line_get_id (GalleyCartLine *self)
{
  g_return_val_if_fail (GALLEY_IS_CART_LINE (self), NULL);

  return self->id;
}

GalleyMenuItem *
galley_cart_line_get_item (GalleyCartLine *self)
{
  g_return_val_if_fail (GALLEY_IS_CART_LINE (self), NULL);

  return self->item;
}

const char *
galley_cart_line_get_heard (GalleyCartLine *self)
{
  g_return_val_if_fail (GALLEY_IS_CART_LINE (self), NULL);

  return self->heard;
}

/* The item's name, else what was heard. */
const char *
galley_cart_line_get_name (GalleyCartLine *self)
{
  g_return_val_if_fail (GALLEY_IS_CART_LINE (self), NULL);

  if (self->item != NULL)
    return galley_menu_item_get_name (self->item);

  return self->heard != NULL ? self->heard : "";
}

guint
galley_cart_line_get_quantity (GalleyCartLine *self)
{
  g_return_val_if_fail (GALLEY_IS_CART_LINE (self), 0);

  return self->quantity;
}

/* Shared by the line and the cart: 1..GALLEY_CART_MAX_QUANTITY, or up to the absolute
 * limit when the cashier confirmed the figure. */
static gboolean
check_quantity (guint      quantity,
                gboolean   confirmed,
                GError   **error)
{
  if (quantity < 1)
    {
      g_set_error_literal (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_QUANTITY,
                           _("The quantity must be at least 1."));
      return FALSE;
    }
  if (quantity > GALLEY_CART_ABSOLUTE_MAX_QUANTITY)
    {
      g_set_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_QUANTITY,
                   _("%u is too many for one line. The most is %u."),
                   quantity, (guint) GALLEY_CART_ABSOLUTE_MAX_QUANTITY);
      return FALSE;
    }
  if (quantity > GALLEY_CART_MAX_QUANTITY && !confirmed)
    {
      g_set_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_QUANTITY,
                   _("%u is more than %u. Check the quantity and confirm it to use it."),
                   quantity, (guint) GALLEY_CART_MAX_QUANTITY);
      return FALSE;
    }

  return TRUE;
}

/**
 * galley_cart_line_set_quantity:
 * @confirmed: the cashier confirmed a quantity above %GALLEY_CART_MAX_QUANTITY
 *
 * Returns: %FALSE, with %GALLEY_CART_ERROR_QUANTITY, if @quantity is out of bounds
 */
gboolean
galley_cart_line_set_quantity (GalleyCartLine  *self,
                               guint            quantity,
                               gboolean         confirmed,
                               GError         **error)
{
  g_return_val_if_fail (GALLEY_IS_CART_LINE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_quantity (quantity, confirmed, error))
    return FALSE;
  if (quantity == self->quantity)
    return TRUE;

  self->quantity = quantity;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUANTITY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINE_PRICE]);
  emit_changed (self);

  return TRUE;
}

gboolean
_galley_cart_check_quantity (guint      quantity,
                             gboolean   confirmed,
                             GError   **error)
{
  return check_quantity (quantity, confirmed, error);
}

guint
galley_cart_line_get_n_modifiers (GalleyCartLine *self)
{
  g_return_val_if_fail (GALLEY_IS_CART_LINE (self), 0);

  return self->modifiers->len;
}

const GalleyCartModifier *
galley_cart_line_get_modifier (GalleyCartLine *self,
                               guint           index)
{
  g_return_val_if_fail (GALLEY_IS_CART_LINE (self), NULL);
  g_return_val_if_fail (index < self->modifiers->len, NULL);

  return &g_array_index (self->modifiers, GalleyCartModifier, index);
}

/**
 * galley_cart_line_set_modifiers:
 * @option_ids: (nullable): ids of options of the line's item
 * @free_text: (nullable): spoken modifications that matched no option; each becomes a
 *   zero-price modifier "voice-mod-<n>" (spec/voice.md §5.2)
 *
 * Replaces the chosen modifiers. Each option must belong to the item, once, and no group
 * may get more than its maximum; required groups and minimums are checked by
 * galley_cart_line_check_modifiers(), since a voice line may lack them for a while.
 *
 * Returns: %FALSE with a %GALLEY_CART_ERROR_MODIFIER_* error, leaving the line unchanged
 */
gboolean
galley_cart_line_set_modifiers (GalleyCartLine     *self,
                                const char * const *option_ids,
                                const char * const *free_text,
                                GError            **error)
{
  g_autoptr(GArray) modifiers = NULL;
  g_autoptr(GHashTable) per_group = NULL;
  gint64 old_price;
  guint n_free = 0;

  g_return_val_if_fail (GALLEY_IS_CART_LINE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  modifiers = g_array_new (FALSE, TRUE, sizeof (GalleyCartModifier));
  g_array_set_clear_func (modifiers, modifier_clear);
  per_group = g_hash_table_new (NULL, NULL);

  for (guint i = 0; option_ids != NULL && option_ids[i] != NULL; i++)
    {
      const GalleyMenuModifierGroup *group = NULL;
      const GalleyMenuModifierOption *option = NULL;
      GalleyCartModifier m = { 0 };
      guint count;

      if (self->item != NULL)
        option = galley_menu_item_find_option (self->item, option_ids[i], &group);
      if (option == NULL || g_strv_contains ((const char * const *) option_ids + i + 1,
                                             option_ids[i]))
        {
          g_set_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_MODIFIER_UNKNOWN,
                       option == NULL ? _("“%s” is not a choice for %s.")
                                      : _("“%s” was chosen twice for %s."),
                       option != NULL && option->name != NULL ? option->name : option_ids[i],
                       galley_cart_line_get_name (self));
          return FALSE;
        }
      count = GPOINTER_TO_UINT (g_hash_table_lookup (per_group, group)) + 1;
      g_hash_table_insert (per_group, (gpointer) group, GUINT_TO_POINTER (count));
      if (group->max >= 0 && count > (guint) group->max)
        {
          g_set_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_MODIFIER_TOO_MANY,
                       g_dngettext (GETTEXT_PACKAGE, "Choose at most %d option for “%s”.",
                                    "Choose at most %d options for “%s”.", group->max),
                       group->max, group_label (group));
          return FALSE;
        }

      m.id = g_strdup (option->id);
      m.name = g_strdup (option->name);
      m.group_id = g_strdup (group->id);
      m.price = option->price;
      g_array_append_val (modifiers, m);
    }

  for (guint i = 0; free_text != NULL && free_text[i] != NULL; i++)
    {
      GalleyCartModifier m = { 0 };
      char *name = dup_limited (free_text[i]);

      if (name == NULL)
        continue;
      m.id = g_strdup_printf ("voice-mod-%u", ++n_free);
      m.name = name;
      g_array_append_val (modifiers, m);
    }

  old_price = galley_cart_line_get_unit_price (self);
  g_array_unref (self->modifiers);
  self->modifiers = g_steal_pointer (&modifiers);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MODIFIERS]);
  if (old_price != galley_cart_line_get_unit_price (self))
    prices_changed (self);
  emit_changed (self);

  return TRUE;
}

/**
 * galley_cart_line_check_modifiers:
 * @group: (out) (optional): the first group that is wrong
 *
 * Checks the item's group rules: required groups filled, minimums and maximums kept.
 *
 * Returns: %FALSE with a %GALLEY_CART_ERROR_MODIFIER_* error naming the group
 */
gboolean
galley_cart_line_check_modifiers (GalleyCartLine                 *self,
                                  const GalleyMenuModifierGroup **group,
                                  GError                        **error)
{
  guint n;

  g_return_val_if_fail (GALLEY_IS_CART_LINE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (group != NULL)
    *group = NULL;
  if (self->item == NULL)
    return TRUE;

  n = galley_menu_item_get_n_modifier_groups (self->item);
  for (guint g = 0; g < n; g++)
    {
      const GalleyMenuModifierGroup *grp = galley_menu_item_get_modifier_group (self->item, g);
      guint count = 0;

      for (guint i = 0; i < self->modifiers->len; i++)
        {
          const GalleyCartModifier *m = &g_array_index (self->modifiers, GalleyCartModifier, i);
          const GalleyMenuModifierGroup *mg = NULL;

          if (m->group_id == NULL && g_str_has_prefix (m->id, "voice-mod-"))
            continue;
          if (galley_menu_item_find_option (self->item, m->id, &mg) != NULL &&
              group_index_of (self->item, mg) == (int) g)
            count++;
        }

      if (grp->required && count == 0)
        {
          g_set_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_MODIFIER_REQUIRED,
                       _("Choose the %s for %s."), group_label (grp),
                       galley_cart_line_get_name (self));
        }
      else if (count < grp->min)
        {
          g_set_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_MODIFIER_TOO_FEW,
                       g_dngettext (GETTEXT_PACKAGE, "Choose at least %u option for “%s”.",
                                    "Choose at least %u options for “%s”.", grp->min),
                       grp->min, group_label (grp));
        }
      else if (grp->max >= 0 && count > (guint) grp->max)
        {
          g_set_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_MODIFIER_TOO_MANY,
                       g_dngettext (GETTEXT_PACKAGE, "Choose at most %d option for “%s”.",
                                    "Choose at most %d options for “%s”.", grp->max),
                       grp->max, group_label (grp));
        }
      else
        continue;

      if (group != NULL)
        *group = grp;
      return FALSE;
    }

  return TRUE;
}

const char *
galley_cart_line_get_notes (GalleyCartLine *self)
{
  g_return_val_if_fail (GALLEY_IS_CART_LINE (self), NULL);

  return self->notes;
}

/* Trimmed and cut to GALLEY_CART_NOTES_MAX_CHARS; blank clears. */
void
galley_cart_line_set_notes (GalleyCartLine *self,
                            const char     *notes)
{
  g_autofree char *value = NULL;

  g_return_if_fail (GALLEY_IS_CART_LINE (self));

  value = dup_limited (notes);
  if (g_strcmp0 (value, self->notes) == 0)
    return;
  g_free (self->notes);
  self->notes = g_steal_pointer (&value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTES]);
  emit_changed (self);
}

const char *
galley_cart_line_get_allergy_notes (GalleyCartLine *self)
{
  g_return_val_if_fail (GALLEY_IS_CART_LINE (self), NULL);

  return self->allergy_notes;
}

void
galley_cart_line_set_allergy_notes (GalleyCartLine *self,
                                    const char     *notes)
{
  g_autofree char *value = NULL;

  g_return_if_fail (GALLEY_IS_CART_LINE (self));

  value = dup_limited (notes);
  if (g_strcmp0 (value, self->allergy_notes) == 0)
    return;
  g_free (self->allergy_notes);
  self->allergy_notes = g_steal_pointer (&value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALLERGY_NOTES]);
  emit_changed (self);
}

GalleyCartSource
galley_cart_line_get_source (GalleyCartLine *self)
{
  g_return_val_if_fail (GALLEY_IS_CART_LINE (self), GALLEY_CART_SOURCE_TOUCH);

  return self->source;
}

void
galley_cart_line_set_source (GalleyCartLine   *self,
                             GalleyCartSource  source)
{
  g_return_if_fail (GALLEY_IS_CART_LINE (self));
  g_return_if_fail (source <= GALLEY_CART_SOURCE_VOICE);

  if (self->source == source)
    return;
  self->source = source;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
  emit_changed (self);
}

double
galley_cart_line_get_confidence (GalleyCartLine *self)
{
  g_return_val_if_fail (GALLEY_IS_CART_LINE (self), 0.0);

  return self->confidence;
}

/* A confidence below GALLEY_CART_MATCH_THRESHOLD makes the line wait for the cashier
 * (GALLEY_CART_CHECK_MATCH); raising it does not confirm the line: only a tap does. */
void
galley_cart_line_set_confidence (GalleyCartLine *self,
                                 double          confidence)
{
  gboolean was_unsure;

  g_return_if_fail (GALLEY_IS_CART_LINE (self));
  g_return_if_fail (confidence >= 0.0 && confidence <= 1.0);

  if (self->confidence == confidence)
    return;
  was_unsure = galley_cart_line_get_unsure (self);
  self->confidence = confidence;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFIDENCE]);
  if (confidence < GALLEY_CART_MATCH_THRESHOLD && self->check == GALLEY_CART_CHECK_NONE)
    {
      self->check = GALLEY_CART_CHECK_MATCH;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECK]);
    }
  if (was_unsure != galley_cart_line_get_unsure (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNSURE]);
  emit_changed (self);
}

GalleyCartCheck
galley_cart_line_get_check (GalleyCartLine *self)
{
  g_return_val_if_fail (GALLEY_IS_CART_LINE (self), GALLEY_CART_CHECK_NONE);

  return self->check;
}

/* Marks the line as waiting for the cashier for @check (or clears it with NONE, which is
 * what galley_cart_line_confirm() does after its checks). */
void
galley_cart_line_set_check (GalleyCartLine  *self,
                            GalleyCartCheck  check)
{
  gboolean was_unsure;

  g_return_if_fail (GALLEY_IS_CART_LINE (self));
  g_return_if_fail (check <= GALLEY_CART_CHECK_ALLERGY);

  if (self->check == check)
    return;
  was_unsure = galley_cart_line_get_unsure (self);
  self->check = check;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECK]);
  if (was_unsure != galley_cart_line_get_unsure (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNSURE]);
  emit_changed (self);
}

/* Waits for a cashier's tap (the spec's `needs_cashier`). */
gboolean
galley_cart_line_get_unsure (GalleyCartLine *self)
{
  g_return_val_if_fail (GALLEY_IS_CART_LINE (self), FALSE);

  return self->check != GALLEY_CART_CHECK_NONE || self->item == NULL;
}

gboolean
galley_cart_line_get_unavailable (GalleyCartLine *self)
{
  g_return_val_if_fail (GALLEY_IS_CART_LINE (self), FALSE);

  return is_unavailable (self);
}

/**
 * galley_cart_line_get_candidates:
 *
 * Returns: (transfer none) (element-type GalleyMenuItem): the items an unsure line may be,
 *   best first, for the cashier's buttons; none is preselected
 */
GPtrArray *
galley_cart_line_get_candidates (GalleyCartLine *self)
{
  g_return_val_if_fail (GALLEY_IS_CART_LINE (self), NULL);

  return self->candidates;
}

void
galley_cart_line_set_candidates (GalleyCartLine *self,
                                 GPtrArray      *items)
{
  g_return_if_fail (GALLEY_IS_CART_LINE (self));

  g_ptr_array_set_size (self->candidates, 0);
  for (guint i = 0; items != NULL && i < items->len; i++)
    g_ptr_array_add (self->candidates, g_object_ref (g_ptr_array_index (items, i)));
  emit_changed (self);
}

/**
 * galley_cart_line_confirm:
 *
 * The cashier's tap on an unsure line: it becomes confirmed with confidence 1. A line
 * without an item cannot be confirmed (pick a candidate with
 * galley_cart_line_replace_item() first); neither can one whose item is sold out.
 *
 * Returns: %FALSE with %GALLEY_CART_ERROR_NO_ITEM or %GALLEY_CART_ERROR_UNAVAILABLE
 */
gboolean
galley_cart_line_confirm (GalleyCartLine  *self,
                          GError         **error)
{
  gboolean was_unsure;

  g_return_val_if_fail (GALLEY_IS_CART_LINE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->item == NULL)
    {
      g_set_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_NO_ITEM,
                   _("Choose which item “%s” is first."), galley_cart_line_get_name (self));
      return FALSE;
    }
  if (self->unavailable)
    {
      g_set_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_UNAVAILABLE,
                   _("%s is sold out. Remove the line or choose another item."),
                   galley_cart_line_get_name (self));
      return FALSE;
    }

  was_unsure = galley_cart_line_get_unsure (self);
  if (self->check != GALLEY_CART_CHECK_NONE)
    {
      self->check = GALLEY_CART_CHECK_NONE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECK]);
    }
  if (self->confidence != 1.0)
    {
      self->confidence = 1.0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFIDENCE]);
    }
  if (self->candidates->len > 0)
    g_ptr_array_set_size (self->candidates, 0);
  if (was_unsure)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNSURE]);
  emit_changed (self);

  return TRUE;
}

/**
 * galley_cart_line_replace_item:
 *
 * Corrects the line with one tap: the item becomes @item, confirmed. Modifiers that are
 * options of the old item are dropped (they need not exist on the new one); free-text
 * modifications, notes and quantity stay.
 *
 * Returns: %FALSE with %GALLEY_CART_ERROR_UNAVAILABLE if @item is sold out
 */
gboolean
galley_cart_line_replace_item (GalleyCartLine  *self,
                               GalleyMenuItem  *item,
                               GError         **error)
{
  gint64 old_price;
  gboolean was_unsure, was_unavailable;

  g_return_val_if_fail (GALLEY_IS_CART_LINE (self), FALSE);
  g_return_val_if_fail (GALLEY_IS_MENU_ITEM (item), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!galley_menu_item_get_available (item))
    {
      g_set_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_UNAVAILABLE,
                   _("%s is sold out."), galley_menu_item_get_name (item));
      return FALSE;
    }

  old_price = galley_cart_line_get_unit_price (self);
  was_unsure = galley_cart_line_get_unsure (self);
  was_unavailable = self->unavailable;

  if (self->item != item)
    {
      gboolean same = self->item != NULL &&
        g_strcmp0 (galley_menu_item_get_id (self->item), galley_menu_item_get_id (item)) == 0;

      g_set_object (&self->item, item);
      if (!same)
        {
          for (guint i = self->modifiers->len; i > 0; i--)
            {
              GalleyCartModifier *m = &g_array_index (self->modifiers, GalleyCartModifier,
                                                      i - 1);

              if (!(m->group_id == NULL && g_str_has_prefix (m->id, "voice-mod-")))
                g_array_remove_index (self->modifiers, i - 1);
            }
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MODIFIERS]);
        }
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
    }
  self->unavailable = FALSE;
  if (was_unavailable)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNAVAILABLE]);
  if (self->check == GALLEY_CART_CHECK_MATCH)
    {
      self->check = GALLEY_CART_CHECK_NONE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECK]);
    }
  if (self->confidence != 1.0)
    {
      self->confidence = 1.0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFIDENCE]);
    }
  g_ptr_array_set_size (self->candidates, 0);
  if (was_unsure != galley_cart_line_get_unsure (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNSURE]);
  if (old_price != galley_cart_line_get_unit_price (self))
    prices_changed (self);
  emit_changed (self);

  return TRUE;
}

/* Cents for one unit: the item's price and each modifier's (order protocol §3.7). */
gint64
galley_cart_line_get_unit_price (GalleyCartLine *self)
{
  gint64 price;

  g_return_val_if_fail (GALLEY_IS_CART_LINE (self), 0);

  if (self->item == NULL)
    return 0;
  price = galley_menu_item_get_price (self->item);
  for (guint i = 0; i < self->modifiers->len; i++)
    price += g_array_index (self->modifiers, GalleyCartModifier, i).price;

  return price;
}

gint64
galley_cart_line_get_line_price (GalleyCartLine *self)
{
  g_return_val_if_fail (GALLEY_IS_CART_LINE (self), 0);

  return galley_cart_line_get_unit_price (self) * (gint64) self->quantity;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static GPtrArray *
sorted_modifier_keys (GalleyCartLine *line)
{
  GPtrArray *keys = g_ptr_array_new ();

  for (guint i = 0; i < line->modifiers->len; i++)
    {
      const GalleyCartModifier *m = &g_array_index (line->modifiers, GalleyCartModifier, i);

      /* free text is compared by its words: its id is only its position */
      g_ptr_array_add (keys, m->group_id == NULL && g_str_has_prefix (m->id, "voice-mod-")
                             ? m->name : m->id);
    }
  g_ptr_array_sort (keys, compare_strings);

  return keys;
}

/* Whether @b may be merged into @a (spec/voice.md §5.2): both confirmed, same menu item,
 * same modifiers (in any order), same notes and allergy notes. */
gboolean
galley_cart_line_same_order (GalleyCartLine *a,
                             GalleyCartLine *b)
{
  g_autoptr(GPtrArray) ka = NULL;
  g_autoptr(GPtrArray) kb = NULL;

  g_return_val_if_fail (GALLEY_IS_CART_LINE (a), FALSE);
  g_return_val_if_fail (GALLEY_IS_CART_LINE (b), FALSE);

  if (a->item == NULL || b->item == NULL ||
      galley_cart_line_get_unsure (a) || galley_cart_line_get_unsure (b) ||
      a->unavailable || b->unavailable ||
      g_strcmp0 (galley_menu_item_get_id (a->item), galley_menu_item_get_id (b->item)) != 0 ||
      g_strcmp0 (a->notes, b->notes) != 0 ||
      g_strcmp0 (a->allergy_notes, b->allergy_notes) != 0 ||
      a->modifiers->len != b->modifiers->len)
    return FALSE;

  ka = sorted_modifier_keys (a);
  kb = sorted_modifier_keys (b);
  for (guint i = 0; i < ka->len; i++)
    if (g_strcmp0 (g_ptr_array_index (ka, i), g_ptr_array_index (kb, i)) != 0)
      return FALSE;

  return TRUE;
}
