/* galley-item-dialog.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A dish's choices before it goes into the cart, or an existing cart line's edit
 * (kitchen-and-counter.md C-2, C-3, C-5): the modifier groups with their rules (one choice:
 * radio buttons, with "None" when the group is optional; several: check buttons, the rest
 * made insensitive once the maximum is reached), each option's price change, the quantity,
 * a note and an allergy note (which reaches the kitchen's allergy acknowledgement), and the
 * running line price.
 *
 * The rules are the cart's, not the dialog's: the choices are applied to a preview line
 * with galley_cart_line_set_modifiers() and checked with galley_cart_line_check_modifiers();
 * "Add to Order" (or "Save") stays insensitive while that fails, and the cart's message says
 * which group is missing. A quantity above GALLEY_CART_MAX_QUANTITY is confirmed in a
 * message dialog first. Escape or Cancel closes without touching the cart.
 */
#define G_LOG_DOMAIN "galley-item-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "counter/galley-item-dialog.h"
#include "counter/galley-item-dialog-private.h"

G_DEFINE_FINAL_TYPE (GalleyItemDialog, galley_item_dialog, ADW_TYPE_WINDOW)

enum {
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Applies the choices to the preview line and lets the cart judge them. */
void
_galley_item_dialog_update (GalleyItemDialog *self)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) free_text = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *price = NULL;
  g_autofree char *price_text = NULL;
  guint quantity = (guint) gtk_spin_button_get_value_as_int (self->quantity_spin);
  gboolean valid;

  _galley_item_dialog_update_limits (self);
  _galley_item_dialog_collect_choices (self, ids, free_text);

  valid = galley_cart_line_set_modifiers (self->preview, (const char * const *) ids->pdata,
                                          (const char * const *) free_text->pdata, &error) &&
          galley_cart_line_check_modifiers (self->preview, NULL, &error);
  /* the spin button keeps it within the absolute limit; the confirmation comes on commit */
  if (!galley_cart_line_set_quantity (self->preview, quantity, TRUE, NULL))
    g_assert_not_reached ();

  if (self->sold_out)
    gtk_label_set_text (self->message_label, _("This dish is sold out now and cannot be added."));
  else if (error != NULL)
    gtk_label_set_text (self->message_label, error->message);
  else
    gtk_label_set_text (self->message_label, self->commit_error != NULL ? self->commit_error : "");

  price = galley_cart_format_money (galley_cart_line_get_line_price (self->preview));
  /* TRANSLATORS: the running price of the line being put together */
  price_text = g_strdup_printf (_("Line: %s"), price);
  gtk_label_set_text (self->price_label, price_text);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "item.commit", valid && !self->sold_out);
}

static void
quantity_changed_cb (GalleyItemDialog *self)
{
  g_clear_pointer (&self->commit_error, g_free);
  _galley_item_dialog_update (self);
}

static void
menu_changed_cb (GalleyItemDialog *self)
{
  GalleyMenuItem *now = galley_menu_lookup_item_by_id (self->menu,
                                                       galley_menu_item_get_id (self->item));

  self->sold_out = now == NULL || !galley_menu_item_get_available (now);
  _galley_item_dialog_update (self);
}

/* ------------------------------------------------------------------ commit */

static void
fail (GalleyItemDialog *self,
      GError           *error)
{
  g_debug ("Not committed: %s", error->message);
  g_free (self->commit_error);
  self->commit_error = g_strdup (error->message);
  _galley_item_dialog_update (self);
}

static void
commit (GalleyItemDialog *self,
        gboolean          confirmed)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) free_text = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  guint quantity = (guint) gtk_spin_button_get_value_as_int (self->quantity_spin);
  const char *notes = gtk_editable_get_text (GTK_EDITABLE (self->notes_row));
  const char *allergy = gtk_editable_get_text (GTK_EDITABLE (self->allergy_row));
  GalleyCartLine *done = NULL;

  _galley_item_dialog_collect_choices (self, ids, free_text);

  if (self->line == NULL)
    {
      /* the menu's current instance of the dish, in case a reload replaced it */
      GalleyMenuItem *item = galley_menu_lookup_item_by_id (self->menu,
                                                            galley_menu_item_get_id (self->item));
      g_autoptr(GalleyCartLine) line = galley_cart_line_new (item != NULL ? item : self->item,
                                                             NULL, quantity);
      GalleyCartAddFlags flags = GALLEY_CART_ADD_REQUIRE_COMPLETE;

      if (confirmed)
        flags |= GALLEY_CART_ADD_CONFIRM_QUANTITY;
      galley_cart_line_set_source (line, GALLEY_CART_SOURCE_TOUCH);
      galley_cart_line_set_notes (line, notes);
      galley_cart_line_set_allergy_notes (line, allergy);
      if (!galley_cart_line_set_modifiers (line, (const char * const *) ids->pdata,
                                           (const char * const *) free_text->pdata, &error) ||
          (done = galley_cart_add_line (self->cart, line, flags, NULL, &error)) == NULL)
        {
          fail (self, error);
          return;
        }
    }
  else
    {
      if (!galley_cart_find_line (self->cart, self->line, NULL))
        {
          g_set_error_literal (&error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_NOT_IN_CART,
                               _("This line is no longer in the order."));
          fail (self, error);
          return;
        }
      if (!galley_cart_line_set_modifiers (self->line, (const char * const *) ids->pdata,
                                           (const char * const *) free_text->pdata, &error) ||
          !galley_cart_line_set_quantity (self->line, quantity, confirmed, &error))
        {
          fail (self, error);
          return;
        }
      galley_cart_line_set_notes (self->line, notes);
      galley_cart_line_set_allergy_notes (self->line, allergy);
      done = self->line;
    }

  /* a handler may drop the last other reference: keep this one until the dialog is closed */
  g_object_ref (self);
  g_signal_emit (self, signals[DONE], 0, done);
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
}

static void
confirm_response_cb (GalleyItemDialog *self,
                     const char       *response,
                     AdwMessageDialog *confirm)
{
  /* the message dialog closes itself after its response: a commit that closes this
   * dialog must not destroy it in the middle of that, nor leave it pointing at this one */
  if (self->confirm == GTK_WINDOW (confirm))
    {
      g_object_remove_weak_pointer (G_OBJECT (confirm), (gpointer *) &self->confirm);
      self->confirm = NULL;
    }
  gtk_window_set_transient_for (GTK_WINDOW (confirm), NULL);
  if (g_strcmp0 (response, "confirm") == 0)
    commit (self, TRUE);
}

static void
commit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GalleyItemDialog *self = GALLEY_ITEM_DIALOG (widget);
  guint quantity = (guint) gtk_spin_button_get_value_as_int (self->quantity_spin);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *use = NULL;
  GtkWidget *confirm;

  gtk_spin_button_update (self->quantity_spin);
  quantity = (guint) gtk_spin_button_get_value_as_int (self->quantity_spin);
  if (quantity <= GALLEY_CART_MAX_QUANTITY)
    {
      commit (self, FALSE);
      return;
    }

  heading = g_strdup_printf (_("%u × %s?"), quantity, galley_menu_item_get_name (self->item));
  body = g_strdup_printf (_("That is more than %u. Check the quantity with the guest before "
                            "adding it."), (guint) GALLEY_CART_MAX_QUANTITY);
  use = g_strdup_printf (_("_Use %u"), quantity);
  confirm = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (confirm),
                                    "cancel", _("_Change Quantity"),
                                    "confirm", use,
                                    NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (confirm), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (confirm), "cancel");
  g_signal_connect_object (confirm, "response", G_CALLBACK (confirm_response_cb), self,
                           G_CONNECT_SWAPPED);
  if (self->confirm != NULL)
    gtk_window_destroy (self->confirm);
  self->confirm = GTK_WINDOW (confirm);
  g_object_add_weak_pointer (G_OBJECT (confirm), (gpointer *) &self->confirm);
  gtk_window_present (GTK_WINDOW (confirm));
}

/* ------------------------------------------------------------------ GObject */

static void
galley_item_dialog_dispose (GObject *object)
{
  GalleyItemDialog *self = GALLEY_ITEM_DIALOG (object);

  if (self->confirm != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->confirm), (gpointer *) &self->confirm);
      gtk_window_destroy (g_steal_pointer (&self->confirm));
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), GALLEY_TYPE_ITEM_DIALOG);
  if (self->buttons != NULL)
    g_array_set_size (self->buttons, 0);

  g_clear_object (&self->preview);
  g_clear_object (&self->line);
  g_clear_object (&self->item);
  g_clear_object (&self->cart);
  g_clear_object (&self->menu);

  G_OBJECT_CLASS (galley_item_dialog_parent_class)->dispose (object);
}

static void
galley_item_dialog_finalize (GObject *object)
{
  GalleyItemDialog *self = GALLEY_ITEM_DIALOG (object);

  g_assert (self->confirm == NULL);
  g_assert (self->menu == NULL);

  g_clear_pointer (&self->buttons, g_array_unref);
  g_clear_pointer (&self->free_text, g_ptr_array_unref);
  g_free (self->commit_error);

  G_OBJECT_CLASS (galley_item_dialog_parent_class)->finalize (object);
}

static void
galley_item_dialog_class_init (GalleyItemDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = galley_item_dialog_dispose;
  object_class->finalize = galley_item_dialog_finalize;

  /**
   * GalleyItemDialog::done:
   * @line: the cart line holding the dish: the new line (or the equal line it was merged
   *   into) after "Add to Order", the edited line after "Save"
   *
   * Emitted once the cart took the choices, just before the dialog closes.
   */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, GALLEY_TYPE_CART_LINE);

  gtk_widget_class_install_action (widget_class, "item.commit", NULL, commit_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "item.commit", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/galleypos/Galley/counter/"
                                               "galley-item-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GalleyItemDialog, title_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyItemDialog, commit_button);
  gtk_widget_class_bind_template_child (widget_class, GalleyItemDialog, description_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyItemDialog, groups_box);
  gtk_widget_class_bind_template_child (widget_class, GalleyItemDialog, quantity_spin);
  gtk_widget_class_bind_template_child (widget_class, GalleyItemDialog, notes_row);
  gtk_widget_class_bind_template_child (widget_class, GalleyItemDialog, allergy_row);
  gtk_widget_class_bind_template_child (widget_class, GalleyItemDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyItemDialog, price_label);
  gtk_widget_class_bind_template_callback (widget_class, quantity_changed_cb);
}

static void
galley_item_dialog_init (GalleyItemDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->buttons = g_array_new (FALSE, FALSE, sizeof (GalleyOptionButton));
  self->free_text = g_ptr_array_new_with_free_func (g_free);
}

/* Both constructors end here: @line is NULL to add a new line. */
static GtkWidget *
dialog_new (GtkWindow      *parent,
            GalleyMenu     *menu,
            GalleyCart     *cart,
            GalleyMenuItem *item,
            GalleyCartLine *line)
{
  GalleyItemDialog *self = g_object_new (GALLEY_TYPE_ITEM_DIALOG,
                                         "transient-for", parent,
                                         "title", galley_menu_item_get_name (item),
                                         NULL);
  const char *description = galley_menu_item_get_description (item);

  self->menu = g_object_ref (menu);
  self->cart = g_object_ref (cart);
  self->item = g_object_ref (item);
  self->line = line != NULL ? g_object_ref (line) : NULL;
  self->preview = galley_cart_line_new (item, NULL, 1);

  gtk_label_set_text (self->title_label, galley_menu_item_get_name (item));
  gtk_label_set_text (self->description_label, description != NULL ? description : "");
  gtk_widget_set_visible (GTK_WIDGET (self->description_label),
                          description != NULL && *description != '\0');
  gtk_button_set_label (GTK_BUTTON (self->commit_button),
                        line != NULL ? _("Save") : _("Add to Order"));
  _galley_item_dialog_build_groups (self);
  if (line != NULL)
    _galley_item_dialog_load_line (self);

  /* the menu outlives the dialog */
  g_signal_connect_object (menu, "changed", G_CALLBACK (menu_changed_cb), self,
                           G_CONNECT_SWAPPED);
  self->sold_out = !galley_menu_item_get_available (item);
  _galley_item_dialog_update (self);

  return GTK_WIDGET (self);
}

/* ------------------------------------------------------------------ public */

/**
 * galley_item_dialog_new:
 * @parent: (nullable): the window it is modal to
 * @item: a dish of @menu
 *
 * A dialog that adds @item to @cart with the choices made in it ("Add to Order").
 *
 * Returns: (transfer none): the dialog (a toplevel, owned by GTK until it is closed)
 */
GtkWidget *
galley_item_dialog_new (GtkWindow      *parent,
                        GalleyMenu     *menu,
                        GalleyCart     *cart,
                        GalleyMenuItem *item)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (GALLEY_IS_MENU (menu), NULL);
  g_return_val_if_fail (GALLEY_IS_CART (cart), NULL);
  g_return_val_if_fail (GALLEY_IS_MENU_ITEM (item), NULL);

  return dialog_new (parent, menu, cart, item, NULL);
}

/**
 * galley_item_dialog_new_for_line:
 * @parent: (nullable): the window it is modal to
 * @line: a line of @cart with a menu item
 *
 * A dialog that changes @line's choices, quantity and notes ("Save").
 *
 * Returns: (transfer none): the dialog (a toplevel, owned by GTK until it is closed)
 */
GtkWidget *
galley_item_dialog_new_for_line (GtkWindow      *parent,
                                 GalleyMenu     *menu,
                                 GalleyCart     *cart,
                                 GalleyCartLine *line)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (GALLEY_IS_MENU (menu), NULL);
  g_return_val_if_fail (GALLEY_IS_CART (cart), NULL);
  g_return_val_if_fail (GALLEY_IS_CART_LINE (line), NULL);
  g_return_val_if_fail (galley_cart_line_get_item (line) != NULL, NULL);

  return dialog_new (parent, menu, cart, galley_cart_line_get_item (line), line);
}

/* Returns: (nullable) (transfer none): the line being edited; %NULL in add mode */
GalleyCartLine *
galley_item_dialog_get_line (GalleyItemDialog *self)
{
  g_return_val_if_fail (GALLEY_IS_ITEM_DIALOG (self), NULL);

  return self->line;
}

/* ------------------------------------------------------------------ tests */

GtkSpinButton *
_galley_item_dialog_get_quantity (GalleyItemDialog *self)
{
  return self->quantity_spin;
}

GtkEditable *
_galley_item_dialog_get_notes (GalleyItemDialog *self)
{
  return GTK_EDITABLE (self->notes_row);
}

GtkEditable *
_galley_item_dialog_get_allergy (GalleyItemDialog *self)
{
  return GTK_EDITABLE (self->allergy_row);
}

const char *
_galley_item_dialog_get_message (GalleyItemDialog *self)
{
  return gtk_label_get_text (self->message_label);
}

const char *
_galley_item_dialog_get_price (GalleyItemDialog *self)
{
  return gtk_label_get_text (self->price_label);
}

GtkWindow *
_galley_item_dialog_get_confirm (GalleyItemDialog *self)
{
  return self->confirm;
}

GtkWidget *
_galley_item_dialog_get_commit_button (GalleyItemDialog *self)
{
  return self->commit_button;
}
