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
#include "cart/galley-cart-line-private.h"

G_DEFINE_FINAL_TYPE (GalleyCartLine, galley_cart_line, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------ helpers */

void
_galley_cart_modifier_clear (gpointer data)
{
  GalleyCartModifier *modifier = data;

  g_free (modifier->id);
  g_free (modifier->name);
  g_free (modifier->group_id);
}

char *
_galley_cart_line_dup_limited (const char *text)
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
void
_galley_cart_line_prices_changed (GalleyCartLine *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNIT_PRICE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINE_PRICE]);
}

void
_galley_cart_line_emit_changed (GalleyCartLine *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

void
_galley_cart_line_notify (GalleyCartLine *self,
                          guint           prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
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
  g_array_set_clear_func (self->modifiers, _galley_cart_modifier_clear);
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
  _galley_cart_line_emit_changed (line);
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
  self->heard = _galley_cart_line_dup_limited (heard);
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
  _galley_cart_line_emit_changed (self);

  return TRUE;
}

gboolean
_galley_cart_check_quantity (guint      quantity,
                             gboolean   confirmed,
                             GError   **error)
{
  return check_quantity (quantity, confirmed, error);
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

  value = _galley_cart_line_dup_limited (notes);
  if (g_strcmp0 (value, self->notes) == 0)
    return;
  g_free (self->notes);
  self->notes = g_steal_pointer (&value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTES]);
  _galley_cart_line_emit_changed (self);
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

  value = _galley_cart_line_dup_limited (notes);
  if (g_strcmp0 (value, self->allergy_notes) == 0)
    return;
  g_free (self->allergy_notes);
  self->allergy_notes = g_steal_pointer (&value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALLERGY_NOTES]);
  _galley_cart_line_emit_changed (self);
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
  _galley_cart_line_emit_changed (self);
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
  _galley_cart_line_emit_changed (self);
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
  _galley_cart_line_emit_changed (self);
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
