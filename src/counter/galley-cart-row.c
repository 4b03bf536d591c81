/* galley-cart-row.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One line of the counter's cart (kitchen-and-counter.md C-3, V-2, V-3): name, quantity with
 * − and +, modifiers, notes, allergy notes and price; a microphone for lines taken by voice;
 * a line the cashier must check shows what was heard with "Confirm" and "Change" (one tap,
 * Change lists the line's candidates); a sold-out line says so. What goes wrong is told
 * through the view's `counter.show-message` action.
 */
#define G_LOG_DOMAIN "galley-cart-row"

#include "config.h"

#include <glib/gi18n.h>

#include "counter/galley-cart-row.h"
#include "counter/galley-counter-format.h"

struct _GalleyCartRow
{
  GtkWidget       parent_instance;

  GalleyCart     *cart;
  GalleyCartLine *line;
  gulong          changed_id;
  gulong          notify_id;

  /* template */
  GtkWidget      *root_box;
  GtkImage       *voice_icon;
  GtkLabel       *name_label;
  GtkButton      *minus_button;
  GtkLabel       *quantity_label;
  GtkButton      *plus_button;
  GtkLabel       *price_label;
  GtkButton      *edit_button;
  GtkButton      *remove_button;
  GtkLabel       *modifiers_label;
  GtkLabel       *notes_label;
  GtkLabel       *allergy_label;
  GtkLabel       *unavailable_label;
  GtkWidget      *unsure_box;
  GtkLabel       *unsure_label;
  GtkButton      *confirm_button;
  GtkMenuButton  *change_button;
  GtkPopover     *change_popover;
  GtkBox         *candidates_box;
};

G_DEFINE_FINAL_TYPE (GalleyCartRow, galley_cart_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CART,
  PROP_LINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tell (GalleyCartRow *self,
      const char    *message)
{
  g_debug ("%s", message);
  if (!gtk_widget_activate_action (GTK_WIDGET (self), "counter.show-message", "s", message))
    g_message ("%s", message);
}

static void
set_text (GtkLabel   *label,
          const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && text[0] != '\0');
}

static void
candidate_clicked_cb (GtkButton     *button,
                      GalleyCartRow *self)
{
  GalleyMenuItem *item = g_object_get_data (G_OBJECT (button), "galley-item");

  gtk_popover_popdown (self->change_popover);
  galley_cart_row_choose (self, item);
}

static void
rebuild_candidates (GalleyCartRow *self)
{
  GPtrArray *candidates = galley_cart_line_get_candidates (self->line);
  GtkWidget *child;
  guint n = candidates != NULL ? candidates->len : 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->candidates_box))) != NULL)
    gtk_box_remove (self->candidates_box, child);

  for (guint i = 0; i < n; i++)
    {
      GalleyMenuItem *item = g_ptr_array_index (candidates, i);
      GtkWidget *button = gtk_button_new_with_label (galley_menu_item_get_name (item));

      gtk_widget_add_css_class (button, "flat");
      g_object_set_data_full (G_OBJECT (button), "galley-item", g_object_ref (item),
                              g_object_unref);
      g_signal_connect (button, "clicked", G_CALLBACK (candidate_clicked_cb), self);
      gtk_box_append (self->candidates_box, button);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->change_button), n > 0);
}

static void
update (GalleyCartRow *self)
{
  GalleyCartLine *line = self->line;
  guint quantity, n_mods;
  g_autofree char *qty = NULL;
  g_autofree char *price = NULL;
  g_autofree char *allergy = NULL;
  g_autofree char *heard = NULL;
  g_autofree char *a11y = NULL;
  g_autofree char *minus_name = NULL;
  g_autofree char *plus_name = NULL;
  g_autofree char *remove_name = NULL;
  g_autofree char *edit_name = NULL;
  GString *mods;
  gboolean unsure;

  if (line == NULL)
    return;

  quantity = galley_cart_line_get_quantity (line);
  unsure = galley_cart_line_get_unsure (line);
  gtk_widget_set_visible (GTK_WIDGET (self->voice_icon),
                          galley_cart_line_get_source (line) == GALLEY_CART_SOURCE_VOICE);
  gtk_label_set_text (self->name_label, galley_cart_line_get_name (line));
  qty = g_strdup_printf ("%u", quantity);
  gtk_label_set_text (self->quantity_label, qty);
  price = galley_counter_format_money (galley_cart_line_get_line_price (line));
  gtk_label_set_text (self->price_label, price);
  gtk_widget_set_sensitive (GTK_WIDGET (self->minus_button), quantity > 1);

  mods = g_string_new (NULL);
  n_mods = galley_cart_line_get_n_modifiers (line);
  for (guint i = 0; i < n_mods; i++)
    {
      const GalleyCartModifier *mod = galley_cart_line_get_modifier (line, i);

      if (i > 0)
        g_string_append (mods, ", ");
      g_string_append (mods, mod->name);
      if (mod->price != 0)
        {
          g_autofree char *p = galley_counter_format_money (mod->price);

          g_string_append_printf (mods, " (%s%s)", mod->price > 0 ? "+" : "", p);
        }
    }
  set_text (self->modifiers_label, mods->str);
  g_string_free (mods, TRUE);

  set_text (self->notes_label, galley_cart_line_get_notes (line));
  if (galley_cart_line_get_allergy_notes (line) != NULL)
    allergy = g_strdup_printf (_("Allergy: %s"), galley_cart_line_get_allergy_notes (line));
  set_text (self->allergy_label, allergy);

  gtk_widget_set_visible (GTK_WIDGET (self->unavailable_label),
                          galley_cart_line_get_unavailable (line));
  if (galley_cart_line_get_unavailable (line))
    gtk_widget_add_css_class (GTK_WIDGET (self), "unavailable");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "unavailable");

  gtk_widget_set_visible (self->unsure_box, unsure);
  if (unsure)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "unsure");
      switch (galley_cart_line_get_check (line))
        {
        case GALLEY_CART_CHECK_QUANTITY:
          heard = g_strdup_printf (_("Check the quantity: %u"), quantity);
          break;
        case GALLEY_CART_CHECK_ALLERGY:
          heard = g_strdup (_("Check the allergy with the guest"));
          break;
        case GALLEY_CART_CHECK_MATCH:
        case GALLEY_CART_CHECK_NONE:
        default:
          heard = g_strdup_printf (_("Heard “%s” — is this right?"),
                                   galley_cart_line_get_heard (line) != NULL ?
                                   galley_cart_line_get_heard (line) :
                                   galley_cart_line_get_name (line));
          break;
        }
      gtk_label_set_text (self->unsure_label, heard);
      rebuild_candidates (self);
      gtk_widget_set_sensitive (GTK_WIDGET (self->confirm_button),
                                galley_cart_line_get_item (line) != NULL);
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "unsure");

  /* a screen reader hears the line as the cashier reads it, and each button names its line */
  a11y = g_strdup_printf (_("%u × %s, %s%s%s"), quantity, galley_cart_line_get_name (line), price,
                          unsure ? _(", needs checking") : "",
                          galley_cart_line_get_unavailable (line) ? _(", sold out") : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  minus_name = g_strdup_printf (_("One less %s"), galley_cart_line_get_name (line));
  plus_name = g_strdup_printf (_("One more %s"), galley_cart_line_get_name (line));
  remove_name = g_strdup_printf (_("Remove %s"), galley_cart_line_get_name (line));
  edit_name = g_strdup_printf (_("Edit %s"), galley_cart_line_get_name (line));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->minus_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, minus_name, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->plus_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, plus_name, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_name, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->edit_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, edit_name, -1);
}

static void
minus_clicked_cb (GalleyCartRow *self)
{
  galley_cart_row_change_quantity (self, -1);
}

static void
plus_clicked_cb (GalleyCartRow *self)
{
  galley_cart_row_change_quantity (self, 1);
}

static void
remove_clicked_cb (GalleyCartRow *self)
{
  galley_cart_row_remove (self);
}

static void
confirm_clicked_cb (GalleyCartRow *self)
{
  galley_cart_row_confirm (self);
}

static void
edit_clicked_cb (GalleyCartRow *self)
{
  if (self->line != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "counter.edit-line", "s",
                                galley_cart_line_get_id (self->line));
}

static void
galley_cart_row_constructed (GObject *object)
{
  GalleyCartRow *self = GALLEY_CART_ROW (object);

  G_OBJECT_CLASS (galley_cart_row_parent_class)->constructed (object);

  g_assert (self->line != NULL && self->cart != NULL);
  /* the line outlives the row (the list box drops rows on its own schedule) */
  self->changed_id = g_signal_connect_swapped (self->line, "changed", G_CALLBACK (update), self);
  self->notify_id = g_signal_connect_swapped (self->line, "notify", G_CALLBACK (update), self);
  update (self);
}

static void
galley_cart_row_dispose (GObject *object)
{
  GalleyCartRow *self = GALLEY_CART_ROW (object);

  /* 2. handlers on the line, which can outlive the row */
  if (self->line != NULL)
    {
      g_clear_signal_handler (&self->changed_id, self->line);
      g_clear_signal_handler (&self->notify_id, self->line);
    }

  /* 5. references */
  g_clear_object (&self->line);
  g_clear_object (&self->cart);

  /* 6. template */
  gtk_widget_dispose_template (GTK_WIDGET (self), GALLEY_TYPE_CART_ROW);

  G_OBJECT_CLASS (galley_cart_row_parent_class)->dispose (object);
}

static void
galley_cart_row_finalize (GObject *object)
{
  GalleyCartRow *self = GALLEY_CART_ROW (object);

  g_assert (self->line == NULL);
  g_assert (self->changed_id == 0 && self->notify_id == 0);

  G_OBJECT_CLASS (galley_cart_row_parent_class)->finalize (object);
}

static void
galley_cart_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  GalleyCartRow *self = GALLEY_CART_ROW (object);

  switch (prop_id)
    {
    case PROP_CART:
      g_value_set_object (value, self->cart);
      break;

    case PROP_LINE:
      g_value_set_object (value, self->line);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_cart_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  GalleyCartRow *self = GALLEY_CART_ROW (object);

  switch (prop_id)
    {
    case PROP_CART:
      self->cart = g_value_dup_object (value);
      break;

    case PROP_LINE:
      self->line = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_cart_row_class_init (GalleyCartRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = galley_cart_row_constructed;
  object_class->dispose = galley_cart_row_dispose;
  object_class->finalize = galley_cart_row_finalize;
  object_class->get_property = galley_cart_row_get_property;
  object_class->set_property = galley_cart_row_set_property;

  properties[PROP_CART] = g_param_spec_object ("cart", NULL, NULL, GALLEY_TYPE_CART, flags);
  properties[PROP_LINE] = g_param_spec_object ("line", NULL, NULL, GALLEY_TYPE_CART_LINE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/galleypos/Galley/counter/galley-cart-row.ui");
  gtk_widget_class_bind_template_child (widget_class, GalleyCartRow, root_box);
  gtk_widget_class_bind_template_child (widget_class, GalleyCartRow, voice_icon);
  gtk_widget_class_bind_template_child (widget_class, GalleyCartRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyCartRow, minus_button);
  gtk_widget_class_bind_template_child (widget_class, GalleyCartRow, quantity_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyCartRow, plus_button);
  gtk_widget_class_bind_template_child (widget_class, GalleyCartRow, price_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyCartRow, edit_button);
  gtk_widget_class_bind_template_child (widget_class, GalleyCartRow, remove_button);
  gtk_widget_class_bind_template_child (widget_class, GalleyCartRow, modifiers_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyCartRow, notes_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyCartRow, allergy_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyCartRow, unavailable_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyCartRow, unsure_box);
  gtk_widget_class_bind_template_child (widget_class, GalleyCartRow, unsure_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyCartRow, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, GalleyCartRow, change_button);
  gtk_widget_class_bind_template_child (widget_class, GalleyCartRow, change_popover);
  gtk_widget_class_bind_template_child (widget_class, GalleyCartRow, candidates_box);
  gtk_widget_class_bind_template_callback (widget_class, minus_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, plus_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, confirm_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, edit_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "cartrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
galley_cart_row_init (GalleyCartRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->change_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Choose another item"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->confirm_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Confirm this line"), -1);
}

/**
 * galley_cart_row_new:
 * @cart: the cart the line is in
 * @line: the line shown
 *
 * Returns: (transfer floating): a new row
 */
GtkWidget *
galley_cart_row_new (GalleyCart     *cart,
                     GalleyCartLine *line)
{
  g_return_val_if_fail (GALLEY_IS_CART (cart), NULL);
  g_return_val_if_fail (GALLEY_IS_CART_LINE (line), NULL);

  return g_object_new (GALLEY_TYPE_CART_ROW, "cart", cart, "line", line, NULL);
}

/**
 * galley_cart_row_get_line:
 *
 * Returns: (transfer none) (nullable): the line, %NULL once the row is disposed
 */
GalleyCartLine *
galley_cart_row_get_line (GalleyCartRow *self)
{
  g_return_val_if_fail (GALLEY_IS_CART_ROW (self), NULL);

  return self->line;
}

/**
 * galley_cart_row_change_quantity:
 * @delta: +1 or -1 (or more)
 *
 * The − and + buttons. The quantity never goes below 1 (Remove does that); a refusal (the
 * limit) is told to the cashier.
 *
 * Returns: whether the quantity changed
 */
gboolean
galley_cart_row_change_quantity (GalleyCartRow *self,
                                 int            delta)
{
  g_autoptr(GError) error = NULL;
  gint64 target;

  g_return_val_if_fail (GALLEY_IS_CART_ROW (self), FALSE);

  if (self->line == NULL)
    return FALSE;

  target = (gint64) galley_cart_line_get_quantity (self->line) + delta;
  if (target < 1)
    return FALSE;
  if (!galley_cart_line_set_quantity (self->line, (guint) MIN (target, G_MAXUINT), FALSE, &error))
    {
      tell (self, error->message);
      return FALSE;
    }

  return TRUE;
}

/**
 * galley_cart_row_remove:
 *
 * Returns: whether the line left the cart
 */
gboolean
galley_cart_row_remove (GalleyCartRow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GalleyCartLine) line = NULL;

  g_return_val_if_fail (GALLEY_IS_CART_ROW (self), FALSE);

  if (self->line == NULL || self->cart == NULL)
    return FALSE;

  /* the cart's items-changed may dispose this row: keep what we use */
  line = g_object_ref (self->line);
  if (!galley_cart_remove_line (self->cart, line, &error))
    {
      tell (self, error->message);
      return FALSE;
    }

  return TRUE;
}

/**
 * galley_cart_row_confirm:
 *
 * "Confirm" on a line waiting for the cashier: the line counts as heard.
 *
 * Returns: whether the line is confirmed now
 */
gboolean
galley_cart_row_confirm (GalleyCartRow *self)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (GALLEY_IS_CART_ROW (self), FALSE);

  if (self->line == NULL)
    return FALSE;
  if (!galley_cart_line_confirm (self->line, &error))
    {
      tell (self, error->message);
      return FALSE;
    }

  return TRUE;
}

/**
 * galley_cart_row_choose:
 * @item: one of the line's candidates (or any menu item)
 *
 * "Change": the line becomes @item, confirmed by this tap.
 *
 * Returns: whether the line took the item
 */
gboolean
galley_cart_row_choose (GalleyCartRow  *self,
                        GalleyMenuItem *item)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (GALLEY_IS_CART_ROW (self), FALSE);
  g_return_val_if_fail (GALLEY_IS_MENU_ITEM (item), FALSE);

  if (self->line == NULL)
    return FALSE;
  if (!galley_cart_line_replace_item (self->line, item, &error))
    {
      tell (self, error->message);
      return FALSE;
    }
  if (galley_cart_line_get_unsure (self->line) && !galley_cart_line_confirm (self->line, &error))
    {
      tell (self, error->message);
      return FALSE;
    }

  return TRUE;
}
