/* galley-review-dialog.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An order as the kitchen will get it, drawn from the create body (order protocol §4.3.1):
 * type, table or name, rush, each line with its modifiers and notes, and the totals the
 * server will compute (§3.7). Before sending it offers "Send to Kitchen" (also Ctrl+Enter);
 * for an order sent earlier it is read-only, and a refused one offers "Fix and Resend".
 */
#define G_LOG_DOMAIN "galley-review-dialog"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "cart/galley-cart.h"
#include "counter/galley-counter-format.h"
#include "counter/galley-review-dialog.h"

struct _GalleyReviewDialog
{
  AdwMessageDialog  parent_instance;

  GalleyReviewMode  mode;
  char             *summary;
  gint64            total;
  gboolean          responded;
};

G_DEFINE_FINAL_TYPE (GalleyReviewDialog, galley_review_dialog, ADW_TYPE_MESSAGE_DIALOG)

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gint64
get_cents (JsonObject *object,
           const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;

  /* as the server does: Math.round (price × 100) */
  return (gint64) floor (json_node_get_double (node) * 100.0 + 0.5);
}

static gint64
get_int (JsonObject *object,
         const char *member,
         gint64      fallback)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;

  return json_node_get_int (node);
}

static GtkWidget *
add_label (GtkBox     *box,
           const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (box, label);

  return label;
}

static void
build (GalleyReviewDialog *self,
       JsonObject         *body,
       double              tax_rate,
       const char         *status)
{
  JsonObject *metadata = NULL;
  JsonArray *items = NULL;
  GtkBox *box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 6));
  GString *summary = g_string_new (NULL);
  GalleyCounterType type = GALLEY_COUNTER_TYPE_TAKEOUT;
  const char *table = get_string (body, "tableNumber");
  const char *name = get_string (body, "customerName");
  g_autofree char *who = NULL;
  g_autofree char *heading = NULL;
  gint64 subtotal = 0, tax, tip;
  gboolean rush;

  if (json_object_has_member (body, "metadata") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (body, "metadata")))
    metadata = json_object_get_object_member (body, "metadata");
  if (json_object_has_member (body, "items") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (body, "items")))
    items = json_object_get_array_member (body, "items");
  rush = metadata != NULL && json_object_has_member (metadata, "rush") &&
         json_object_get_boolean_member (metadata, "rush");

  galley_counter_type_from_wire (get_string (body, "type"), &type);
  if (table != NULL)
    who = g_strdup_printf (_("Table %s"), table);
  else
    who = g_strdup (name != NULL ? name : "");
  /* TRANSLATORS: the order's type and who it is for, e.g. "Dine-in · Table 7" */
  heading = g_strdup_printf (_("%s · %s"), galley_counter_type_to_label (type), who);
  g_string_append (summary, heading);
  if (rush)
    {
      add_label (box, _("Rush order"), "error");
      g_string_append_printf (summary, " · %s", _("Rush order"));
    }
  g_string_append_c (summary, '\n');

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      JsonArray *mods = NULL;
      gint64 quantity = get_int (item, "quantity", 1);
      gint64 unit = get_cents (item, "price");
      g_autofree char *price = NULL;
      g_autofree char *line = NULL;
      g_autofree char *qty = g_strdup_printf ("%" G_GINT64_FORMAT, quantity);
      GString *mod_text = g_string_new (NULL);
      const char *instructions = get_string (item, "special_instructions");

      if (json_object_has_member (item, "modifiers") &&
          JSON_NODE_HOLDS_ARRAY (json_object_get_member (item, "modifiers")))
        mods = json_object_get_array_member (item, "modifiers");
      for (guint m = 0; mods != NULL && m < json_array_get_length (mods); m++)
        {
          JsonObject *mod = json_array_get_object_element (mods, m);
          const char *mod_name = get_string (mod, "name");

          unit += get_cents (mod, "price");
          if (mod_name != NULL)
            g_string_append_printf (mod_text, "%s%s", mod_text->len > 0 ? ", " : "", mod_name);
        }
      subtotal += unit * quantity;
      price = galley_counter_format_money (unit * quantity);
      /* TRANSLATORS: a line of the order: quantity, item, price */
      line = g_strdup_printf (_("%s × %s — %s"), qty,
                              get_string (item, "name") != NULL ? get_string (item, "name") : "",
                              price);
      add_label (box, line, "heading");
      g_string_append_printf (summary, "%s\n", line);
      if (mod_text->len > 0)
        {
          add_label (box, mod_text->str, "dim-label");
          g_string_append_printf (summary, "  %s\n", mod_text->str);
        }
      if (instructions != NULL)
        {
          add_label (box, instructions,
                     g_str_has_prefix (instructions, "ALLERGY") ? "error" : NULL);
          g_string_append_printf (summary, "  %s\n", instructions);
        }
      g_string_free (mod_text, TRUE);
    }

  tax = galley_cart_compute_tax (subtotal, tax_rate);
  tip = get_cents (body, "tip");
  self->total = subtotal + tax + tip;
  {
    g_autofree char *s = galley_counter_format_money (subtotal);
    g_autofree char *t = galley_counter_format_money (tax);
    g_autofree char *p = galley_counter_format_money (tip);
    g_autofree char *a = galley_counter_format_money (self->total);
    g_autofree char *totals = g_strdup_printf (_("Subtotal %s · Tax %s · Tip %s · Total %s"),
                                               s, t, p, a);

    gtk_widget_set_margin_top (add_label (box, totals, "heading"), 6);
    g_string_append (summary, totals);
  }

  if (status != NULL)
    {
      g_string_append_printf (summary, "\n%s", status);
      add_label (box, status, self->mode == GALLEY_REVIEW_REFUSED ? "error" : "dim-label");
    }

  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self),
                                  self->mode == GALLEY_REVIEW_SEND ? _("Review Order") : _("Order"));
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), heading);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), GTK_WIDGET (box));
  self->summary = g_string_free (summary, FALSE);
}

static void
send_shortcut_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  GalleyReviewDialog *self = GALLEY_REVIEW_DIALOG (widget);

  if (self->mode != GALLEY_REVIEW_SEND)
    return;

  /* as the button does: answer, then close (a response alone leaves the dialog open) */
  if (self->responded)
    return;
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (self), "send");
  gtk_window_close (GTK_WINDOW (self));
}

/* One answer only: a second click or Ctrl+Enter before the dialog is gone does nothing. */
static void
galley_review_dialog_response (AdwMessageDialog *dialog,
                               const char       *response)
{
  GalleyReviewDialog *self = GALLEY_REVIEW_DIALOG (dialog);

  if (self->responded)
    return;
  self->responded = TRUE;
  adw_message_dialog_set_response_enabled (dialog, "send", FALSE);

  if (ADW_MESSAGE_DIALOG_CLASS (galley_review_dialog_parent_class)->response != NULL)
    ADW_MESSAGE_DIALOG_CLASS (galley_review_dialog_parent_class)->response (dialog, response);
}

static void
galley_review_dialog_finalize (GObject *object)
{
  GalleyReviewDialog *self = GALLEY_REVIEW_DIALOG (object);

  g_free (self->summary);

  G_OBJECT_CLASS (galley_review_dialog_parent_class)->finalize (object);
}

static void
galley_review_dialog_class_init (GalleyReviewDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->finalize = galley_review_dialog_finalize;
  dialog_class->response = galley_review_dialog_response;

  gtk_widget_class_install_action (widget_class, "review.send", NULL, send_shortcut_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "review.send", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "review.send", NULL);
}

static void
galley_review_dialog_init (GalleyReviewDialog *self)
{
}

/**
 * galley_review_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @body: the order-create body (galley_cart_to_create_payload())
 * @tax_rate: for the totals, as the server will apply it
 * @mode: what the dialog offers
 * @status: (nullable): the order's state in words, for an order sent before
 *
 * Returns: (transfer none): a new modal dialog, not yet shown
 */
GtkWidget *
galley_review_dialog_new (GtkWindow        *parent,
                          JsonObject       *body,
                          double            tax_rate,
                          GalleyReviewMode  mode,
                          const char       *status)
{
  GalleyReviewDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (body != NULL, NULL);

  self = g_object_new (GALLEY_TYPE_REVIEW_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->mode = mode;
  build (self, body, tax_rate, status);

  switch (mode)
    {
    case GALLEY_REVIEW_SEND:
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self),
                                        "cancel", _("_Back to the Order"),
                                        "send", _("_Send to Kitchen"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "send",
                                                  ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "send");
      break;

    case GALLEY_REVIEW_REFUSED:
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self),
                                        "cancel", _("_Close"),
                                        "resend", _("_Fix and Resend"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "resend",
                                                  ADW_RESPONSE_SUGGESTED);
      break;

    case GALLEY_REVIEW_VIEW:
    default:
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self), "cancel", _("_Close"), NULL);
      break;
    }
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");

  return GTK_WIDGET (self);
}

GalleyReviewMode
galley_review_dialog_get_mode (GalleyReviewDialog *self)
{
  g_return_val_if_fail (GALLEY_IS_REVIEW_DIALOG (self), GALLEY_REVIEW_VIEW);

  return self->mode;
}

/**
 * galley_review_dialog_get_summary:
 *
 * Returns: (transfer none): what the dialog shows, as text (one line per order line)
 */
const char *
galley_review_dialog_get_summary (GalleyReviewDialog *self)
{
  g_return_val_if_fail (GALLEY_IS_REVIEW_DIALOG (self), NULL);

  return self->summary;
}

/**
 * galley_review_dialog_get_total:
 *
 * Returns: the total in cents, as the server will compute it
 */
gint64
galley_review_dialog_get_total (GalleyReviewDialog *self)
{
  g_return_val_if_fail (GALLEY_IS_REVIEW_DIALOG (self), 0);

  return self->total;
}
