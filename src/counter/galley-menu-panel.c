/* galley-menu-panel.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The counter's menu (kitchen-and-counter.md C-1, C-2, C-8): category buttons with "All",
 * an instant search and a grid of dish tiles over the menu. A tile shows the name, the price
 * in the locale's money format, the allergens (icon and words) and, for an 86'd dish,
 * "Sold out"; its accessible name says all of it ("Soul Bowl, 14.00, contains sesame, sold
 * out"). Activating a tile (click, tap, Enter or Space) adds one to the cart when the dish
 * has no modifier groups, and opens GalleyItemDialog otherwise. The cart itself decides what
 * may be added (sold out, full, quantities): its refusals become ::error for a toast.
 *
 * The panel follows the menu: a reload re-prepares the search texts, rebuilds the category
 * buttons and refilters, keeping the chosen category and the search text; the cart is not
 * touched (it follows the menu on its own). The search, the category buttons and the tiles
 * are in galley-menu-panel-{search,categories,tiles}.c; the struct is in the private header.
 */
#define G_LOG_DOMAIN "galley-menu-panel"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "counter/galley-item-dialog.h"
#include "counter/galley-menu-panel.h"
#include "counter/galley-menu-panel-private.h"
#include "counter/galley-menu-slot.h"

G_DEFINE_FINAL_TYPE (GalleyMenuPanel, galley_menu_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MENU,
  PROP_CART,
  N_PROPS
};

enum {
  ITEM_ADDED,
  ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------ filtering */

static gboolean
filter_item_cb (gpointer item,
                gpointer user_data)
{
  GalleyMenuPanel *self = user_data;
  GalleyMenuItem *menu_item = item;

  if (*self->category_id != '\0' &&
      g_strcmp0 (galley_menu_item_get_category_id (menu_item), self->category_id) != 0)
    return FALSE;

  return _galley_menu_search_match (self->search, menu_item);
}

static void
update_page (GalleyMenuPanel *self)
{
  const char *page = "grid";

  if (g_list_model_get_n_items (G_LIST_MODEL (self->menu)) == 0)
    page = "no-menu";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0)
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
      g_autofree char *description = NULL;

      page = "empty";
      if (_galley_menu_search_has_query (self->search))
        description = g_strdup_printf (_("Nothing on the menu matches “%s”. Check the spelling, "
                                         "or choose All."), text);
      else
        description = g_strdup (_("This category has no dishes."));
      adw_status_page_set_description (self->empty_page, description);
    }

  gtk_stack_set_visible_child_name (self->stack, page);
}

/* Gives the slots the filtered dishes in order; only slots past the end come or go. */
static void
sync_slots (GalleyMenuPanel *self)
{
  GListModel *filtered = G_LIST_MODEL (self->filtered);
  guint n_new = g_list_model_get_n_items (filtered);
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->slots));

  for (guint i = 0; i < MIN (n_new, n_old); i++)
    {
      g_autoptr(GalleyMenuItem) item = g_list_model_get_item (filtered, i);
      g_autoptr(GalleyMenuSlot) slot = g_list_model_get_item (G_LIST_MODEL (self->slots), i);

      galley_menu_slot_set_item (slot, item);
    }

  if (n_new > n_old)
    {
      g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = n_old; i < n_new; i++)
        {
          g_autoptr(GalleyMenuItem) item = g_list_model_get_item (filtered, i);

          g_ptr_array_add (added, galley_menu_slot_new (item));
        }
      g_list_store_splice (self->slots, n_old, 0, added->pdata, added->len);
    }
  else if (n_new < n_old)
    g_list_store_splice (self->slots, n_new, n_old - n_new, NULL, 0);
}

static void
filtered_items_changed_cb (GalleyMenuPanel *self)
{
  sync_slots (self);
  update_page (self);
}

/* The search or the category changed: filter again. */
void
_galley_menu_panel_refilter (GalleyMenuPanel *self,
                             gboolean         more_strict)
{
  if (self->filter == NULL)
    return;
  gtk_filter_changed (GTK_FILTER (self->filter),
                      more_strict ? GTK_FILTER_CHANGE_MORE_STRICT : GTK_FILTER_CHANGE_DIFFERENT);
  update_page (self);
}

static void
search_text_changed_cb (GalleyMenuPanel *self)
{
  gboolean more_strict;

  if (_galley_menu_search_set_query (self->search,
                                     gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
                                     &more_strict))
    _galley_menu_panel_refilter (self, more_strict);
}

static void
stop_search_cb (GalleyMenuPanel *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
menu_changed_cb (GalleyMenuPanel *self)
{
  if (self->filter == NULL)
    return;
  _galley_menu_search_prepare (self->search, G_LIST_MODEL (self->menu));
  _galley_menu_panel_rebuild_categories (self);
  update_page (self);
}

/* ------------------------------------------------------------------ adding */

static void
add_simple (GalleyMenuPanel *self,
            GalleyMenuItem  *item)
{
  g_autoptr(GalleyCartLine) line = galley_cart_line_new (item, NULL, 1);
  g_autoptr(GError) error = NULL;
  GalleyCartLine *added;

  galley_cart_line_set_source (line, GALLEY_CART_SOURCE_TOUCH);
  added = galley_cart_add_line (self->cart, line, GALLEY_CART_ADD_REQUIRE_COMPLETE, NULL,
                                &error);
  if (added == NULL)
    {
      g_debug ("%s not added: %s", galley_menu_item_get_id (item), error->message);
      g_signal_emit (self, signals[ERROR], 0, error->message);
      return;
    }

  g_signal_emit (self, signals[ITEM_ADDED], 0, added);
}

static void
dialog_done_cb (GalleyMenuPanel *self,
                GalleyCartLine  *line)
{
  g_signal_emit (self, signals[ITEM_ADDED], 0, line);
}

static void
activate_item (GalleyMenuPanel *self,
               GalleyMenuItem  *item)
{
  GtkRoot *root;
  GtkWidget *dialog;

  /* a sold-out dish goes to the cart too, which refuses it with its own words */
  if (galley_menu_item_get_n_modifier_groups (item) == 0 ||
      !galley_menu_item_get_available (item))
    {
      add_simple (self, item);
      return;
    }

  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = galley_item_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   self->menu, self->cart, item);
  g_signal_connect_object (dialog, "done", G_CALLBACK (dialog_done_cb), self,
                           G_CONNECT_SWAPPED);
  self->dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
grid_activate_cb (GalleyMenuPanel *self,
                  guint            position)
{
  g_autoptr(GalleyMenuSlot) slot = g_list_model_get_item (G_LIST_MODEL (self->slots),
                                                          position);

  if (slot != NULL)
    activate_item (self, galley_menu_slot_get_item (slot));
}

/* Enter in the search adds the only dish left, as a tap on it would. */
static void
search_activate_cb (GalleyMenuPanel *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 1)
    grid_activate_cb (self, 0);
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  galley_menu_panel_focus_search (GALLEY_MENU_PANEL (widget));
}

/* ------------------------------------------------------------------ GObject */

static void
galley_menu_panel_constructed (GObject *object)
{
  GalleyMenuPanel *self = GALLEY_MENU_PANEL (object);
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkNoSelection *selection;

  G_OBJECT_CLASS (galley_menu_panel_parent_class)->constructed (object);

  g_assert (self->menu != NULL && self->cart != NULL);

  _galley_menu_search_prepare (self->search, G_LIST_MODEL (self->menu));
  self->filter = gtk_custom_filter_new (filter_item_cb, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->menu)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  self->filtered_changed_id =
    g_signal_connect_swapped (self->filtered, "items-changed",
                              G_CALLBACK (filtered_items_changed_cb), self);
  self->slots = g_list_store_new (GALLEY_TYPE_MENU_SLOT);
  sync_slots (self);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->slots)));
  factory = _galley_menu_panel_tile_factory_new ();
  gtk_grid_view_set_factory (self->grid_view, factory);
  gtk_grid_view_set_model (self->grid_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);

  /* the menu outlives the panel: these go when the panel is disposed */
  g_signal_connect_object (self->menu, "changed", G_CALLBACK (menu_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (galley_menu_get_categories (self->menu), "items-changed",
                           G_CALLBACK (_galley_menu_panel_rebuild_categories), self,
                           G_CONNECT_SWAPPED);

  _galley_menu_panel_rebuild_categories (self);
  update_page (self);
}

static void
galley_menu_panel_dispose (GObject *object)
{
  GalleyMenuPanel *self = GALLEY_MENU_PANEL (object);

  /* 1. the dialog this panel opened adds to a cart nobody shows any more */
  if (self->dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
      gtk_window_destroy (g_steal_pointer (&self->dialog));
    }

  /* 2. the models: the filter must not call back into a panel going away */
  g_clear_signal_handler (&self->filtered_changed_id, self->filtered);
  if (self->filter != NULL)
    gtk_custom_filter_set_filter_func (self->filter, NULL, NULL, NULL);
  if (self->search_entry != NULL)
    gtk_search_entry_set_key_capture_widget (self->search_entry, NULL);

  /* 3. the template (the grid view holds the last reference to the filtered model) */
  gtk_widget_dispose_template (GTK_WIDGET (self), GALLEY_TYPE_MENU_PANEL);
  g_clear_object (&self->slots);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);

  g_clear_object (&self->cart);
  g_clear_object (&self->menu);

  G_OBJECT_CLASS (galley_menu_panel_parent_class)->dispose (object);
}

static void
galley_menu_panel_finalize (GObject *object)
{
  GalleyMenuPanel *self = GALLEY_MENU_PANEL (object);

  g_assert (self->menu == NULL);
  g_assert (self->dialog == NULL);
  g_assert (self->filtered == NULL);

  g_clear_pointer (&self->search, _galley_menu_search_free);
  g_free (self->category_id);

  G_OBJECT_CLASS (galley_menu_panel_parent_class)->finalize (object);
}

static void
galley_menu_panel_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GalleyMenuPanel *self = GALLEY_MENU_PANEL (object);

  switch (prop_id)
    {
    case PROP_MENU:
      g_value_set_object (value, self->menu);
      break;
    case PROP_CART:
      g_value_set_object (value, self->cart);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_menu_panel_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  GalleyMenuPanel *self = GALLEY_MENU_PANEL (object);

  switch (prop_id)
    {
    case PROP_MENU:
      self->menu = g_value_dup_object (value);
      break;
    case PROP_CART:
      self->cart = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_menu_panel_class_init (GalleyMenuPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = galley_menu_panel_constructed;
  object_class->dispose = galley_menu_panel_dispose;
  object_class->finalize = galley_menu_panel_finalize;
  object_class->get_property = galley_menu_panel_get_property;
  object_class->set_property = galley_menu_panel_set_property;

  properties[PROP_MENU] = g_param_spec_object ("menu", NULL, NULL, GALLEY_TYPE_MENU, flags);
  properties[PROP_CART] = g_param_spec_object ("cart", NULL, NULL, GALLEY_TYPE_CART, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GalleyMenuPanel::item-added:
   * @line: the cart line now holding the dish (a new line, or the equal line it was
   *   merged into)
   *
   * Emitted after the panel, or the item dialog it opened, added to the cart.
   */
  signals[ITEM_ADDED] = g_signal_new ("item-added", G_TYPE_FROM_CLASS (klass),
                                      G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                      G_TYPE_NONE, 1, GALLEY_TYPE_CART_LINE);
  /**
   * GalleyMenuPanel::error:
   * @message: what went wrong, in a cashier's words (not markup)
   *
   * Emitted when a tap could not add to the cart (sold out, the cart is full).
   */
  signals[ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "menu-panel.focus-search", NULL,
                                   focus_search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "menu-panel.focus-search", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/galleypos/Galley/counter/"
                                               "galley-menu-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, GalleyMenuPanel, root);
  gtk_widget_class_bind_template_child (widget_class, GalleyMenuPanel, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GalleyMenuPanel, category_box);
  gtk_widget_class_bind_template_child (widget_class, GalleyMenuPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, GalleyMenuPanel, grid_view);
  gtk_widget_class_bind_template_child (widget_class, GalleyMenuPanel, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, search_text_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, grid_activate_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "menupanel");
}

static void
galley_menu_panel_init (GalleyMenuPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->search = _galley_menu_search_new ();
  self->category_id = g_strdup ("");
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
}

/* ------------------------------------------------------------------ public */

/**
 * galley_menu_panel_new:
 * @menu: the menu to show; the panel follows its reloads
 * @cart: the cart taps add to
 *
 * Returns: (transfer floating): the panel
 */
GtkWidget *
galley_menu_panel_new (GalleyMenu *menu,
                       GalleyCart *cart)
{
  g_return_val_if_fail (GALLEY_IS_MENU (menu), NULL);
  g_return_val_if_fail (GALLEY_IS_CART (cart), NULL);

  return g_object_new (GALLEY_TYPE_MENU_PANEL, "menu", menu, "cart", cart, NULL);
}

/* Puts the keyboard focus in the search and selects its text (Ctrl+F). */
void
galley_menu_panel_focus_search (GalleyMenuPanel *self)
{
  g_return_if_fail (GALLEY_IS_MENU_PANEL (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

GalleyMenu *
galley_menu_panel_get_menu (GalleyMenuPanel *self)
{
  g_return_val_if_fail (GALLEY_IS_MENU_PANEL (self), NULL);

  return self->menu;
}

GalleyCart *
galley_menu_panel_get_cart (GalleyMenuPanel *self)
{
  g_return_val_if_fail (GALLEY_IS_MENU_PANEL (self), NULL);

  return self->cart;
}

/* ------------------------------------------------------------------ tests */

GListModel *
_galley_menu_panel_get_model (GalleyMenuPanel *self)
{
  return G_LIST_MODEL (self->filtered);
}

GtkEditable *
_galley_menu_panel_get_search_entry (GalleyMenuPanel *self)
{
  return GTK_EDITABLE (self->search_entry);
}

GtkGridView *
_galley_menu_panel_get_grid_view (GalleyMenuPanel *self)
{
  return self->grid_view;
}

const char *
_galley_menu_panel_get_page (GalleyMenuPanel *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
_galley_menu_panel_get_category (GalleyMenuPanel *self)
{
  return self->category_id;
}

GtkWindow *
_galley_menu_panel_get_dialog (GalleyMenuPanel *self)
{
  return self->dialog;
}
