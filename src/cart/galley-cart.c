/* galley-cart.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The counter's cart (kitchen-and-counter.md C-1..C-6, V-2..V-7): a GListModel of
 * GalleyCartLine that touch and voice fill alike, with the order's totals computed as the
 * server computes them (order protocol §3.7).
 *
 * items-changed is minimal: an add is (n, 0, 1), a removal (i, 1, 0), a clear one (0, n, 0);
 * a merge, an edit of a line or a menu refresh changes no position and emits none (the line
 * notifies its own properties). Totals, n-unsure and n-unavailable notify only when their
 * value moves. Lines waiting for the cashier (unsure) are left out of the subtotal
 * (spec/voice.md §5.5).
 *
 * The cart follows its menu: when the menu reloads, every line looks its item up again by
 * id; items that left the menu or were 86'd flag the line, nothing is dropped. The JSON
 * forms (order-create payload, tool output, voice context) are in galley-cart-json.c.
 */
#define G_LOG_DOMAIN "galley-cart"

#include "config.h"

#include <glib/gi18n.h>

#include "cart/galley-cart.h"
#include "cart/galley-cart-private.h"

struct _GalleyCart
{
  GObject       parent_instance;

  GalleyMenu   *menu;
  GSignalGroup *menu_signals;
  GPtrArray    *lines;          /* GalleyCartLine*, owned */
  guint         next_line;      /* for "L<n>" ids */
  gboolean      frozen;         /* a refresh in progress: totals once at the end */

  double        tax_rate;
  gint64        tip;
  gboolean      rush;

  gint64        subtotal;
  gint64        tax;
  guint         n_unsure;
  guint         n_unavailable;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_QUARK (galley-cart-error-quark, galley_cart_error)

G_DEFINE_FINAL_TYPE_WITH_CODE (GalleyCart, galley_cart, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_MENU,
  PROP_ITEM_TYPE,
  PROP_N_ITEMS,
  PROP_TAX_RATE,
  PROP_TIP,
  PROP_RUSH,
  PROP_SUBTOTAL,
  PROP_TAX,
  PROP_TOTAL,
  PROP_N_UNSURE,
  PROP_N_UNAVAILABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------ GListModel */

static GType
get_item_type (GListModel *model)
{
  return GALLEY_TYPE_CART_LINE;
}

static guint
get_n_items (GListModel *model)
{
  return GALLEY_CART (model)->lines->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  GalleyCart *self = GALLEY_CART (model);

  if (position >= self->lines->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->lines, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* ------------------------------------------------------------------ helpers */

/* Recomputes the aggregates and notifies those that moved. */
static void
update_totals (GalleyCart *self)
{
  gint64 subtotal = 0, tax, old_total;
  guint n_unsure = 0, n_unavailable = 0;

  if (self->frozen)
    return;

  for (guint i = 0; i < self->lines->len; i++)
    {
      GalleyCartLine *line = g_ptr_array_index (self->lines, i);

      if (galley_cart_line_get_unsure (line))
        n_unsure++;
      else
        subtotal += galley_cart_line_get_line_price (line);
      if (galley_cart_line_get_unavailable (line))
        n_unavailable++;
    }
  tax = galley_cart_compute_tax (subtotal, self->tax_rate);
  old_total = galley_cart_get_total (self);

  g_object_freeze_notify (G_OBJECT (self));
  if (subtotal != self->subtotal)
    {
      self->subtotal = subtotal;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTOTAL]);
    }
  if (tax != self->tax)
    {
      self->tax = tax;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAX]);
    }
  if (old_total != galley_cart_get_total (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
  if (n_unsure != self->n_unsure)
    {
      self->n_unsure = n_unsure;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_UNSURE]);
    }
  if (n_unavailable != self->n_unavailable)
    {
      self->n_unavailable = n_unavailable;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_UNAVAILABLE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
line_changed_cb (GalleyCart     *self,
                 GalleyCartLine *line)
{
  update_totals (self);
}

static void
detach_line (GalleyCart     *self,
             GalleyCartLine *line)
{
  g_signal_handlers_disconnect_by_data (line, self);
  _galley_cart_line_set_owner (line, NULL);
}

static void
menu_changed_cb (GalleyCart *self,
                 GalleyMenu *menu)
{
  galley_cart_refresh (self);
}

static GalleyCartLine *
find_merge_target (GalleyCart     *self,
                   GalleyCartLine *line)
{
  for (guint i = 0; i < self->lines->len; i++)
    {
      GalleyCartLine *other = g_ptr_array_index (self->lines, i);

      if (galley_cart_line_same_order (other, line))
        return other;
    }

  return NULL;
}

/* ------------------------------------------------------------------ GObject */

static void
galley_cart_dispose (GObject *object)
{
  GalleyCart *self = GALLEY_CART (object);

  /* 2. Handlers: on the menu (which outlives us) and on lines others may still hold. */
  g_signal_group_set_target (self->menu_signals, NULL);
  for (guint i = 0; self->lines != NULL && i < self->lines->len; i++)
    detach_line (self, g_ptr_array_index (self->lines, i));

  /* 5. References. No items-changed here: nobody may watch a disposing model. */
  g_clear_pointer (&self->lines, g_ptr_array_unref);
  g_clear_object (&self->menu);

  G_OBJECT_CLASS (galley_cart_parent_class)->dispose (object);
}

static void
galley_cart_finalize (GObject *object)
{
  GalleyCart *self = GALLEY_CART (object);

  g_assert (self->menu == NULL);
  g_assert (self->lines == NULL);
  g_clear_object (&self->menu_signals);

  G_OBJECT_CLASS (galley_cart_parent_class)->finalize (object);
}

static void
galley_cart_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  GalleyCart *self = GALLEY_CART (object);

  switch (prop_id)
    {
    case PROP_MENU:
      g_value_set_object (value, self->menu);
      break;
    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, GALLEY_TYPE_CART_LINE);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->lines != NULL ? self->lines->len : 0);
      break;
    case PROP_TAX_RATE:
      g_value_set_double (value, self->tax_rate);
      break;
    case PROP_TIP:
      g_value_set_int64 (value, self->tip);
      break;
    case PROP_RUSH:
      g_value_set_boolean (value, self->rush);
      break;
    case PROP_SUBTOTAL:
      g_value_set_int64 (value, self->subtotal);
      break;
    case PROP_TAX:
      g_value_set_int64 (value, self->tax);
      break;
    case PROP_TOTAL:
      g_value_set_int64 (value, galley_cart_get_total (self));
      break;
    case PROP_N_UNSURE:
      g_value_set_uint (value, self->n_unsure);
      break;
    case PROP_N_UNAVAILABLE:
      g_value_set_uint (value, self->n_unavailable);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_cart_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  GalleyCart *self = GALLEY_CART (object);

  switch (prop_id)
    {
    case PROP_MENU:
      galley_cart_set_menu (self, g_value_get_object (value));
      break;
    case PROP_TAX_RATE:
      galley_cart_set_tax_rate (self, g_value_get_double (value));
      break;
    case PROP_TIP:
      galley_cart_set_tip (self, g_value_get_int64 (value));
      break;
    case PROP_RUSH:
      galley_cart_set_rush (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_cart_class_init (GalleyCartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = galley_cart_dispose;
  object_class->finalize = galley_cart_finalize;
  object_class->get_property = galley_cart_get_property;
  object_class->set_property = galley_cart_set_property;

  properties[PROP_MENU] = g_param_spec_object ("menu", NULL, NULL, GALLEY_TYPE_MENU, rw);
  properties[PROP_ITEM_TYPE] = g_param_spec_gtype ("item-type", NULL, NULL,
                                                   GALLEY_TYPE_CART_LINE, ro);
  properties[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, ro);
  /* the restaurant's tax_rate (order protocol §3.7) */
  properties[PROP_TAX_RATE] = g_param_spec_double ("tax-rate", NULL, NULL, 0, 1,
                                                   GALLEY_CART_DEFAULT_TAX_RATE, rw);
  /* cents */
  properties[PROP_TIP] = g_param_spec_int64 ("tip", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_RUSH] = g_param_spec_boolean ("rush", NULL, NULL, FALSE, rw);
  /* cents, confirmed lines only */
  properties[PROP_SUBTOTAL] = g_param_spec_int64 ("subtotal", NULL, NULL,
                                                  G_MININT64, G_MAXINT64, 0, ro);
  properties[PROP_TAX] = g_param_spec_int64 ("tax", NULL, NULL, G_MININT64, G_MAXINT64, 0, ro);
  properties[PROP_TOTAL] = g_param_spec_int64 ("total", NULL, NULL,
                                               G_MININT64, G_MAXINT64, 0, ro);
  properties[PROP_N_UNSURE] = g_param_spec_uint ("n-unsure", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_UNAVAILABLE] = g_param_spec_uint ("n-unavailable", NULL, NULL,
                                                      0, G_MAXUINT, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
galley_cart_init (GalleyCart *self)
{
  self->lines = g_ptr_array_new_with_free_func (g_object_unref);
  self->next_line = 1;
  self->tax_rate = GALLEY_CART_DEFAULT_TAX_RATE;
  self->menu_signals = g_signal_group_new (GALLEY_TYPE_MENU);
  g_signal_group_connect_object (self->menu_signals, "changed", G_CALLBACK (menu_changed_cb),
                                 self, G_CONNECT_SWAPPED);
}

/* ------------------------------------------------------------------ public */

/**
 * galley_cart_new:
 * @menu: (nullable): the menu the lines come from; followed when it reloads
 *
 * Returns: (transfer full): an empty cart
 */
GalleyCart *
galley_cart_new (GalleyMenu *menu)
{
  g_return_val_if_fail (menu == NULL || GALLEY_IS_MENU (menu), NULL);

  return g_object_new (GALLEY_TYPE_CART, "menu", menu, NULL);
}

GalleyMenu *
galley_cart_get_menu (GalleyCart *self)
{
  g_return_val_if_fail (GALLEY_IS_CART (self), NULL);

  return self->menu;
}

/**
 * galley_cart_set_menu:
 *
 * Rebinds the open cart to another menu (a refresh): lines keep their items by id; items
 * that are missing or 86'd in @menu flag their lines, which stay.
 */
void
galley_cart_set_menu (GalleyCart *self,
                      GalleyMenu *menu)
{
  g_return_if_fail (GALLEY_IS_CART (self));
  g_return_if_fail (menu == NULL || GALLEY_IS_MENU (menu));

  if (!g_set_object (&self->menu, menu))
    return;
  g_signal_group_set_target (self->menu_signals, menu);
  galley_cart_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MENU]);
}

/* Looks every line's item up again in the menu (galley_cart_set_menu() and the menu's
 * ::changed call it). */
void
galley_cart_refresh (GalleyCart *self)
{
  g_return_if_fail (GALLEY_IS_CART (self));

  if (self->lines == NULL)
    return;
  self->frozen = TRUE;
  for (guint i = 0; i < self->lines->len; i++)
    _galley_cart_line_rebind (g_ptr_array_index (self->lines, i), self->menu);
  self->frozen = FALSE;
  update_totals (self);
}

/**
 * galley_cart_add_line:
 * @line: a line in no cart
 * @flags: %GALLEY_CART_ADD_CONFIRM_QUANTITY when the cashier confirmed a quantity above
 *   %GALLEY_CART_MAX_QUANTITY; %GALLEY_CART_ADD_REQUIRE_COMPLETE to enforce required groups
 *   and minimums now (touch); %GALLEY_CART_ADD_NO_MERGE to always add a new line
 * @merged: (out) (optional): set when @line was merged into an equal line
 *
 * Adds @line, or adds its quantity to an equal confirmed line (same item, modifiers and
 * notes: spec/voice.md §5.2). A sold-out item, a bad quantity or a full cart is refused.
 *
 * Returns: (transfer none) (nullable): the line now holding the quantity (@line, or the
 *   line it was merged into); %NULL with a %GALLEY_CART_ERROR
 */
GalleyCartLine *
galley_cart_add_line (GalleyCart          *self,
                      GalleyCartLine      *line,
                      GalleyCartAddFlags   flags,
                      gboolean            *merged,
                      GError             **error)
{
  gboolean confirmed = (flags & GALLEY_CART_ADD_CONFIRM_QUANTITY) != 0;
  GalleyMenuItem *item;
  GalleyCartLine *target;
  g_autofree char *id = NULL;

  g_return_val_if_fail (GALLEY_IS_CART (self), NULL);
  g_return_val_if_fail (GALLEY_IS_CART_LINE (line), NULL);
  g_return_val_if_fail (_galley_cart_line_get_owner (line) == NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (merged != NULL)
    *merged = FALSE;

  item = galley_cart_line_get_item (line);
  if (item != NULL && (!galley_menu_item_get_available (item) ||
                       galley_cart_line_get_unavailable (line)))
    {
      g_set_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_UNAVAILABLE,
                   _("%s is sold out and cannot be added."), galley_menu_item_get_name (item));
      return NULL;
    }
  if (!_galley_cart_check_quantity (galley_cart_line_get_quantity (line), confirmed, error))
    return NULL;
  if ((flags & GALLEY_CART_ADD_REQUIRE_COMPLETE) != 0 &&
      !galley_cart_line_check_modifiers (line, NULL, error))
    return NULL;

  target = (flags & GALLEY_CART_ADD_NO_MERGE) == 0 ? find_merge_target (self, line) : NULL;
  if (target != NULL)
    {
      guint sum = galley_cart_line_get_quantity (target) + galley_cart_line_get_quantity (line);

      if (!_galley_cart_check_quantity (sum, confirmed, error))
        return NULL;
      _galley_cart_line_add_quantity (target, galley_cart_line_get_quantity (line));
      if (merged != NULL)
        *merged = TRUE;
      return target;
    }

  if (self->lines->len >= GALLEY_CART_MAX_LINES)
    {
      g_set_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_FULL,
                   _("This order already has %u lines. Send it, or remove a line first."),
                   (guint) GALLEY_CART_MAX_LINES);
      return NULL;
    }

  id = g_strdup_printf ("L%u", self->next_line++);
  _galley_cart_line_set_id (line, id);
  _galley_cart_line_set_owner (line, self);
  g_signal_connect_swapped (line, "changed", G_CALLBACK (line_changed_cb), self);
  g_ptr_array_add (self->lines, g_object_ref (line));

  g_list_model_items_changed (G_LIST_MODEL (self), self->lines->len - 1, 0, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  update_totals (self);

  return line;
}

/**
 * galley_cart_remove_line:
 *
 * Returns: %FALSE with %GALLEY_CART_ERROR_NOT_IN_CART if @line is not in this cart
 */
gboolean
galley_cart_remove_line (GalleyCart      *self,
                         GalleyCartLine  *line,
                         GError         **error)
{
  g_autoptr(GalleyCartLine) keep = NULL;
  guint position;

  g_return_val_if_fail (GALLEY_IS_CART (self), FALSE);
  g_return_val_if_fail (GALLEY_IS_CART_LINE (line), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!galley_cart_find_line (self, line, &position))
    {
      g_set_error_literal (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_NOT_IN_CART,
                           _("This line is no longer in the order."));
      return FALSE;
    }

  keep = g_object_ref (line);
  detach_line (self, line);
  g_ptr_array_remove_index (self->lines, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  update_totals (self);

  return TRUE;
}

/* Empties the cart for a new order: one items-changed; line ids start again at L1. */
void
galley_cart_clear (GalleyCart *self)
{
  g_autoptr(GPtrArray) old = NULL;

  g_return_if_fail (GALLEY_IS_CART (self));

  self->next_line = 1;
  if (self->rush)
    {
      self->rush = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUSH]);
    }
  if (self->lines->len == 0)
    return;

  old = g_steal_pointer (&self->lines);
  self->lines = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < old->len; i++)
    detach_line (self, g_ptr_array_index (old, i));
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old->len, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  update_totals (self);
}

gboolean
galley_cart_find_line (GalleyCart     *self,
                       GalleyCartLine *line,
                       guint          *position)
{
  g_return_val_if_fail (GALLEY_IS_CART (self), FALSE);
  g_return_val_if_fail (GALLEY_IS_CART_LINE (line), FALSE);

  if (_galley_cart_line_get_owner (line) != self)
    return FALSE;

  return g_ptr_array_find (self->lines, line, position);
}

double
galley_cart_get_tax_rate (GalleyCart *self)
{
  g_return_val_if_fail (GALLEY_IS_CART (self), 0.0);

  return self->tax_rate;
}

void
galley_cart_set_tax_rate (GalleyCart *self,
                          double      tax_rate)
{
  g_return_if_fail (GALLEY_IS_CART (self));
  g_return_if_fail (tax_rate >= 0.0 && tax_rate <= 1.0);

  if (self->tax_rate == tax_rate)
    return;
  self->tax_rate = tax_rate;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAX_RATE]);
  update_totals (self);
}

gint64
galley_cart_get_tip (GalleyCart *self)
{
  g_return_val_if_fail (GALLEY_IS_CART (self), 0);

  return self->tip;
}

/* @tip: cents; folded into the total (order protocol §3.7) */
void
galley_cart_set_tip (GalleyCart *self,
                     gint64      tip)
{
  g_return_if_fail (GALLEY_IS_CART (self));
  g_return_if_fail (tip >= 0);

  if (self->tip == tip)
    return;
  self->tip = tip;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIP]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
}

gboolean
galley_cart_get_rush (GalleyCart *self)
{
  g_return_val_if_fail (GALLEY_IS_CART (self), FALSE);

  return self->rush;
}

void
galley_cart_set_rush (GalleyCart *self,
                      gboolean    rush)
{
  g_return_if_fail (GALLEY_IS_CART (self));

  rush = !!rush;
  if (self->rush == rush)
    return;
  self->rush = rush;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUSH]);
}

gint64
galley_cart_get_subtotal (GalleyCart *self)
{
  g_return_val_if_fail (GALLEY_IS_CART (self), 0);

  return self->subtotal;
}

gint64
galley_cart_get_tax (GalleyCart *self)
{
  g_return_val_if_fail (GALLEY_IS_CART (self), 0);

  return self->tax;
}

gint64
galley_cart_get_total (GalleyCart *self)
{
  g_return_val_if_fail (GALLEY_IS_CART (self), 0);

  return self->subtotal + self->tax + self->tip;
}

guint
galley_cart_get_n_unsure (GalleyCart *self)
{
  g_return_val_if_fail (GALLEY_IS_CART (self), 0);

  return self->n_unsure;
}

guint
galley_cart_get_n_unavailable (GalleyCart *self)
{
  g_return_val_if_fail (GALLEY_IS_CART (self), 0);

  return self->n_unavailable;
}
