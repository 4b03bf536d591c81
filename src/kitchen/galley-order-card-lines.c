/* galley-order-card-lines.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyOrderCard's lines (K-9): quantity, name, classed modifiers and notes, change marks
 * (K-11) and the line bump button, kept row by row when the ticket's lines change.
 */
#define G_LOG_DOMAIN "galley-order-card"

#include "config.h"

#include <glib/gi18n.h>

#include "kitchen/galley-order-card-private.h"

/* the text width of a line on a card, in characters of the card's font */
#define LINE_WIDTH_CHARS 18

void
_galley_order_card_line_handler_free (gpointer data)
{
  LineHandler *lh = data;

  g_clear_signal_handler (&lh->handler, lh->line);
  g_clear_object (&lh->line);
  g_free (lh);
}

static const char *
modifier_prefix (GalleyModifierClass cls)
{
  switch (cls)
    {
    case GALLEY_MODIFIER_ALLERGY:
      return _("ALLERGY:");
    case GALLEY_MODIFIER_REMOVAL:
      return "✕";
    case GALLEY_MODIFIER_ADDITION:
      return "+";
    case GALLEY_MODIFIER_TEMPERATURE:
      return "◐";
    case GALLEY_MODIFIER_SUBSTITUTION:
      return "↔";
    case GALLEY_MODIFIER_OTHER:
    default:
      return "•";
    }
}

static const char *
modifier_class_name (GalleyModifierClass cls)
{
  switch (cls)
    {
    case GALLEY_MODIFIER_ALLERGY:
      return "mod-allergy";
    case GALLEY_MODIFIER_REMOVAL:
      return "mod-removal";
    case GALLEY_MODIFIER_ADDITION:
      return "mod-addition";
    case GALLEY_MODIFIER_TEMPERATURE:
      return "mod-temperature";
    case GALLEY_MODIFIER_SUBSTITUTION:
      return "mod-substitution";
    case GALLEY_MODIFIER_OTHER:
    default:
      return "mod-other";
    }
}

/* Quantities and change tags are short: one line, no wrapping. Names, modifiers and notes
 * wrap, but within a fixed width in characters: a wrapping label with no width of its own
 * makes GTK measure it again for every width it tries, hundreds of times per frame on a full
 * board (bench/RESULTS.md). */
static GtkWidget *
small_label (const char *text,
             const char *css_class,
             gboolean    wrap)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (wrap)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_width_chars (GTK_LABEL (label), LINE_WIDTH_CHARS);
      gtk_label_set_max_width_chars (GTK_LABEL (label), LINE_WIDTH_CHARS);
    }
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

static void
line_clicked_cb (GtkButton       *button,
                 GalleyOrderCard *self)
{
  _galley_order_card_request (self, "bump-line", g_object_get_data (G_OBJECT (button), "galley-item-id"));
}

static void
style_line_row (GtkWidget        *row,
                GalleyTicketLine *line)
{
  g_autofree char *spoken = galley_ticket_line_dup_accessible_text (line);
  static const char * const change_classes[] = { NULL, "added", "voided", "quantity", "modified" };
  GalleyLineChange change = galley_ticket_line_get_change (line);

  for (guint i = 1; i < G_N_ELEMENTS (change_classes); i++)
    gtk_widget_remove_css_class (row, change_classes[i]);
  if (change != GALLEY_LINE_CHANGE_NONE && change < G_N_ELEMENTS (change_classes))
    gtk_widget_add_css_class (row, change_classes[change]);

  if (galley_ticket_line_get_done (line))
    gtk_widget_add_css_class (row, "done");
  else
    gtk_widget_remove_css_class (row, "done");
  if (g_object_get_data (G_OBJECT (row), "galley-done-mark") != NULL)
    gtk_widget_set_visible (g_object_get_data (G_OBJECT (row), "galley-done-mark"),
                            galley_ticket_line_get_done (line));

  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
}

static void
line_notify_cb (GalleyTicketLine *line,
                GParamSpec       *pspec,
                GtkWidget        *row)
{
  style_line_row (row, line);
}

/* Everything a line row shows that is fixed when the row is made: a row whose key is the same
 * as a new line's is kept for it (only its done mark and accessible text follow the line). */
#define ROW_KEY "galley-row-key"

static char *
line_row_key (GalleyTicketLine *line)
{
  GalleyOrderItem *item = galley_ticket_line_get_item (line);
  const char * const *modifiers = galley_order_item_get_modifiers (item);
  g_autofree char *quantity = galley_ticket_line_dup_quantity_text (line);
  GString *key = g_string_new (galley_ticket_line_get_item_id (line));

  g_string_append_printf (key, "\x1f%d\x1f%s\x1f%s\x1f%s", (int) galley_ticket_line_get_change (line),
                          quantity, galley_order_item_get_name (item),
                          galley_order_item_get_notes (item) != NULL ? galley_order_item_get_notes (item) : "");
  for (guint i = 0; modifiers != NULL && modifiers[i] != NULL; i++)
    g_string_append_printf (key, "\x1e%s", modifiers[i]);

  return g_string_free (key, FALSE);
}

static GtkWidget *
make_line_row (GalleyOrderCard  *self,
               GalleyTicketLine *line)
{
  GalleyOrderItem *item = galley_ticket_line_get_item (line);
  const char * const *modifiers = galley_order_item_get_modifiers (item);
  const char *notes = galley_order_item_get_notes (item);
  g_autofree char *quantity = galley_ticket_line_dup_quantity_text (line);
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *main_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = small_label (galley_order_item_get_name (item), "name", TRUE);
  const char *tag = NULL;
  GtkWidget *check;

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "line");
  gtk_widget_set_focus_on_click (button, FALSE);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_box_append (GTK_BOX (main_row), small_label (quantity, "quantity", FALSE));
  gtk_box_append (GTK_BOX (main_row), name);

  switch (galley_ticket_line_get_change (line))
    {
    case GALLEY_LINE_CHANGE_ADDED:
      tag = C_("line change", "ADDED");
      break;
    case GALLEY_LINE_CHANGE_VOIDED:
      tag = C_("line change", "VOID");
      break;
    case GALLEY_LINE_CHANGE_MODIFIED:
      tag = C_("line change", "CHANGED");
      break;
    case GALLEY_LINE_CHANGE_QUANTITY:
    case GALLEY_LINE_CHANGE_NONE:
    default:
      break;
    }
  if (tag != NULL)
    gtk_box_append (GTK_BOX (main_row), small_label (tag, "change-tag", FALSE));
  /* a struck-through line also shows a check mark: not colour or strike-through alone */
  check = gtk_image_new_from_icon_name ("object-select-symbolic");
  gtk_widget_add_css_class (check, "done-mark");
  gtk_box_append (GTK_BOX (main_row), check);
  g_object_set_data (G_OBJECT (button), "galley-done-mark", check);
  gtk_box_append (GTK_BOX (box), main_row);

  for (guint i = 0; modifiers != NULL && modifiers[i] != NULL; i++)
    {
      GalleyModifierClass cls = galley_modifier_classify (modifiers[i]);
      g_autofree char *text = g_strdup_printf ("%s %s", modifier_prefix (cls), modifiers[i]);
      GtkWidget *mod_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);

      if (cls == GALLEY_MODIFIER_ALLERGY)
        gtk_box_append (GTK_BOX (mod_row), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
      gtk_box_append (GTK_BOX (mod_row), small_label (text, NULL, TRUE));
      gtk_widget_add_css_class (mod_row, "modifier");
      gtk_widget_add_css_class (mod_row, modifier_class_name (cls));
      gtk_box_append (GTK_BOX (box), mod_row);
    }

  if (notes != NULL && *notes != '\0')
    {
      /* Translators: a line's special instructions */
      g_autofree char *text = g_strdup_printf (_("Note: %s"), notes);
      GtkWidget *note = small_label (text, "note", TRUE);

      if (galley_modifier_classify (notes) == GALLEY_MODIFIER_ALLERGY)
        gtk_widget_add_css_class (note, "mod-allergy");
      gtk_box_append (GTK_BOX (box), note);
    }

  gtk_button_set_child (GTK_BUTTON (button), box);
  g_object_set_data_full (G_OBJECT (button), "galley-item-id",
                          g_strdup (galley_ticket_line_get_item_id (line)), g_free);
  g_object_set_data_full (G_OBJECT (button), ROW_KEY, line_row_key (line), g_free);
  gtk_widget_set_sensitive (button, galley_ticket_line_get_change (line) != GALLEY_LINE_CHANGE_VOIDED);
  g_signal_connect (button, "clicked", G_CALLBACK (line_clicked_cb), self);

  return button;
}

/* Watches @line for its done mark and accessible text, on @row (new or kept). */
static void
watch_line (GalleyOrderCard  *self,
            GtkWidget        *row,
            GalleyTicketLine *line)
{
  LineHandler *lh = g_new0 (LineHandler, 1);

  style_line_row (row, line);
  lh->line = g_object_ref (line);
  lh->handler = g_signal_connect_object (line, "notify", G_CALLBACK (line_notify_cb), row, 0);
  g_ptr_array_add (self->line_handlers, lh);
}

/* Shows the ticket's lines, keeping the rows that show the same thing as before (a line edit
 * changes one row, not all of them: a new row's labels cost GTK a Pango layout each). */
void
_galley_order_card_rebuild_lines (GalleyOrderCard *self)
{
  GListModel *lines = galley_ticket_get_lines (self->ticket);
  guint n = g_list_model_get_n_items (lines);
  g_autoptr(GHashTable) old_rows = g_hash_table_new (g_str_hash, g_str_equal);
  GtkWidget *child, *previous = NULL;

  g_ptr_array_set_size (self->line_handlers, 0);
  for (child = gtk_widget_get_first_child (self->lines_box); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *key = g_object_get_data (G_OBJECT (child), ROW_KEY);

      if (key != NULL && !g_hash_table_contains (old_rows, key))
        g_hash_table_insert (old_rows, (gpointer) key, child);
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GalleyTicketLine) line = g_list_model_get_item (lines, i);
      g_autofree char *key = line_row_key (line);
      GtkWidget *row = g_hash_table_lookup (old_rows, key);

      if (row != NULL)
        {
          g_hash_table_remove (old_rows, key);
          g_object_set_data (G_OBJECT (row), "galley-row-kept", GINT_TO_POINTER (TRUE));
          if (gtk_widget_get_prev_sibling (row) != previous)
            gtk_box_reorder_child_after (GTK_BOX (self->lines_box), row, previous);
        }
      else
        {
          row = make_line_row (self, line);
          g_object_set_data (G_OBJECT (row), "galley-row-kept", GINT_TO_POINTER (TRUE));
          gtk_box_insert_child_after (GTK_BOX (self->lines_box), row, previous);
        }
      watch_line (self, row, line);
      previous = row;
    }

  /* the rows no line kept go */
  child = gtk_widget_get_first_child (self->lines_box);
  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      if (g_object_get_data (G_OBJECT (child), "galley-row-kept") == NULL)
        gtk_box_remove (GTK_BOX (self->lines_box), child);
      else
        g_object_set_data (G_OBJECT (child), "galley-row-kept", NULL);
      child = next;
    }

  _galley_order_card_update_accessible_label (self);
}

void
_galley_order_card_lines_changed_cb (GalleyOrderCard *self)
{
  _galley_order_card_rebuild_lines (self);
}
