/* galley-item-dialog-choices.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyItemDialog's choices facet: a dish's modifier groups as radio buttons (one choice,
 * with "None" when optional) or check buttons (several, the rest insensitive at the
 * maximum), each with its rule and price change; the ticked options as ids and free text; and
 * an edited line's modifiers ticked again.
 */
#define G_LOG_DOMAIN "galley-item-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "counter/galley-item-dialog-private.h"

static const char *
group_title (const GalleyMenuModifierGroup *group)
{
  return group->name != NULL ? group->name : _("Extras");
}

static char *
dup_rule (const GalleyMenuModifierGroup *group)
{
  if (group->max == 1)
    return g_strdup (group->required ? _("Required: choose one")
                                     : _("Optional: choose one or none"));
  if (group->required && group->max > 0)
    return g_strdup_printf (_("Required: choose %u to %d"), MAX (group->min, 1u), group->max);
  if (group->required)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Required: choose at least %u",
                                         "Required: choose at least %u", MAX (group->min, 1u)),
                            MAX (group->min, 1u));
  if (group->max > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Optional: up to %d",
                                         "Optional: up to %d", group->max), group->max);

  return g_strdup (_("Optional"));
}

static char *
dup_option_label (const GalleyMenuModifierOption *option)
{
  g_autofree char *price = NULL;

  if (option->price == 0)
    return g_strdup (option->name);
  price = galley_cart_format_money (ABS (option->price));

  /* TRANSLATORS: a modifier and the price it adds or takes off: "Extra cheese (+1.00)" */
  return g_strdup_printf (option->price > 0 ? _("%s (+%s)") : _("%s (−%s)"), option->name,
                          price);
}

/* The chosen options: ids for options with one, names (free text) for the others, then
 * the spoken modifications of an edited line. */
void
_galley_item_dialog_collect_choices (GalleyItemDialog *self,
                                     GPtrArray        *ids,
                                     GPtrArray        *free_text)
{
  for (guint i = 0; i < self->buttons->len; i++)
    {
      const GalleyOptionButton *b = &g_array_index (self->buttons, GalleyOptionButton, i);
      const GalleyMenuModifierGroup *group;
      const GalleyMenuModifierOption *option;

      if (b->option < 0 || !gtk_check_button_get_active (b->button))
        continue;
      group = galley_menu_item_get_modifier_group (self->item, b->group);
      option = &group->options[b->option];
      if (option->id != NULL)
        g_ptr_array_add (ids, option->id);
      else
        g_ptr_array_add (free_text, option->name);
    }
  for (guint i = 0; i < self->free_text->len; i++)
    g_ptr_array_add (free_text, g_ptr_array_index (self->free_text, i));
  g_ptr_array_add (ids, NULL);
  g_ptr_array_add (free_text, NULL);
}

/* Several-choice groups: once the maximum is chosen, the other options wait. */
void
_galley_item_dialog_update_limits (GalleyItemDialog *self)
{
  guint n_groups = galley_menu_item_get_n_modifier_groups (self->item);

  for (guint g = 0; g < n_groups; g++)
    {
      const GalleyMenuModifierGroup *group = galley_menu_item_get_modifier_group (self->item, g);
      guint chosen = 0;

      if (group->max <= 1)
        continue;
      for (guint i = 0; i < self->buttons->len; i++)
        {
          const GalleyOptionButton *b = &g_array_index (self->buttons, GalleyOptionButton, i);

          if (b->group == g && gtk_check_button_get_active (b->button))
            chosen++;
        }
      for (guint i = 0; i < self->buttons->len; i++)
        {
          const GalleyOptionButton *b = &g_array_index (self->buttons, GalleyOptionButton, i);

          if (b->group == g)
            gtk_widget_set_sensitive (GTK_WIDGET (b->button),
                                      chosen < (guint) group->max ||
                                      gtk_check_button_get_active (b->button));
        }
    }
}

static void
option_toggled_cb (GtkCheckButton   *button,
                   GalleyItemDialog *self)
{
  g_clear_pointer (&self->commit_error, g_free);
  _galley_item_dialog_update (self);
}

static void
add_button (GalleyItemDialog *self,
            GtkBox           *box,
            GtkCheckButton   *button,
            guint             group,
            int               option)
{
  GalleyOptionButton b = { button, group, option };

  g_array_append_val (self->buttons, b);
  g_signal_connect (button, "toggled", G_CALLBACK (option_toggled_cb), self);
  gtk_box_append (box, GTK_WIDGET (button));
}

void
_galley_item_dialog_build_groups (GalleyItemDialog *self)
{
  guint n_groups = galley_menu_item_get_n_modifier_groups (self->item);

  for (guint g = 0; g < n_groups; g++)
    {
      const GalleyMenuModifierGroup *group = galley_menu_item_get_modifier_group (self->item, g);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *title = gtk_label_new (group_title (group));
      g_autofree char *rule_text = dup_rule (group);
      GtkWidget *rule = gtk_label_new (rule_text);
      g_autofree char *box_label = g_strdup_printf ("%s, %s", group_title (group), rule_text);
      GtkCheckButton *first = NULL;

      gtk_label_set_xalign (GTK_LABEL (title), 0.0);
      gtk_widget_add_css_class (title, "heading");
      gtk_label_set_xalign (GTK_LABEL (rule), 0.0);
      gtk_widget_add_css_class (rule, "caption");
      gtk_widget_add_css_class (rule, "dim-label");
      gtk_box_append (GTK_BOX (box), title);
      gtk_box_append (GTK_BOX (box), rule);
      gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      box_label, -1);

      if (group->max == 1 && !group->required)
        {
          first = GTK_CHECK_BUTTON (gtk_check_button_new_with_label (C_("modifier", "None")));
          gtk_check_button_set_active (first, TRUE);
          add_button (self, GTK_BOX (box), first, g, -1);
        }
      for (guint o = 0; o < group->n_options; o++)
        {
          g_autofree char *label = dup_option_label (&group->options[o]);
          GtkCheckButton *button = GTK_CHECK_BUTTON (gtk_check_button_new_with_label (label));

          if (group->max == 1)
            {
              if (first != NULL)
                gtk_check_button_set_group (button, first);
              else
                first = button;
            }
          add_button (self, GTK_BOX (box), button, g, (int) o);
        }
      gtk_box_append (self->groups_box, box);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->groups_box), n_groups > 0);
}

/* Edit mode: the line's modifiers become the ticked options; what matches none (a spoken
 * modification) is kept as it is. */
void
_galley_item_dialog_load_line (GalleyItemDialog *self)
{
  guint n = galley_cart_line_get_n_modifiers (self->line);

  for (guint m = 0; m < n; m++)
    {
      const GalleyCartModifier *modifier = galley_cart_line_get_modifier (self->line, m);
      gboolean found = FALSE;

      for (guint i = 0; i < self->buttons->len && !found; i++)
        {
          const GalleyOptionButton *b = &g_array_index (self->buttons, GalleyOptionButton, i);
          const GalleyMenuModifierOption *option;

          if (b->option < 0)
            continue;
          option = &galley_menu_item_get_modifier_group (self->item, b->group)->options[b->option];
          if (option->id != NULL ? g_strcmp0 (option->id, modifier->id) == 0
                                 : g_strcmp0 (option->name, modifier->name) == 0)
            {
              gtk_check_button_set_active (b->button, TRUE);
              found = TRUE;
            }
        }
      if (!found)
        g_ptr_array_add (self->free_text, g_strdup (modifier->name));
    }

  gtk_spin_button_set_value (self->quantity_spin, galley_cart_line_get_quantity (self->line));
  gtk_editable_set_text (GTK_EDITABLE (self->notes_row),
                         galley_cart_line_get_notes (self->line) != NULL
                           ? galley_cart_line_get_notes (self->line) : "");
  gtk_editable_set_text (GTK_EDITABLE (self->allergy_row),
                         galley_cart_line_get_allergy_notes (self->line) != NULL
                           ? galley_cart_line_get_allergy_notes (self->line) : "");
}

/* ------------------------------------------------------------------ tests */

GtkCheckButton *
_galley_item_dialog_get_option (GalleyItemDialog *self,
                                guint             group,
                                int               option)
{
  for (guint i = 0; i < self->buttons->len; i++)
    {
      const GalleyOptionButton *b = &g_array_index (self->buttons, GalleyOptionButton, i);

      if (b->group == group && b->option == option)
        return b->button;
    }

  return NULL;
}
