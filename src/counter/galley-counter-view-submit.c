/* galley-counter-view-submit.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyCounterView's sending facet (kitchen-and-counter.md C-6, order protocol R-OUT-7): the
 * review dialog, and "Send to Kitchen" through the durable outbox, the only way an order
 * leaves the counter. The cart is cleared only once the outbox has stored the order; the
 * cart keeps one client reference until then, so a second tap or a retry after a failed
 * write can never make a second order. What became of each order ("Sent to the kitchen",
 * "Saved — will be sent when the connection is back", or the server's refusal, which puts
 * the order back in the cart) comes from the outbox's create-changed signal.
 */
#define G_LOG_DOMAIN "galley-counter-view"

#include "config.h"

#include <glib/gi18n.h>

#include "counter/galley-counter-view-private.h"

static GalleyOutbox *
get_outbox (GalleyCounterView *self)
{
  return self->services != NULL ? galley_services_get_outbox (self->services) : NULL;
}

gboolean
_galley_counter_view_outbox_ready (GalleyCounterView *self,
                                   GError           **error)
{
  if (get_outbox (self) == NULL)
    {
      if (self->services != NULL)
        g_debug ("No outbox: %s", galley_services_get_outbox_error (self->services));
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           _("This terminal cannot save orders, so it cannot send them. "
                             "Ask a manager to check the terminal."));
      return FALSE;
    }

  return TRUE;
}

static JsonObject *
build_body (GalleyCounterView  *self,
            GError            **error)
{
  GalleyCounterType type = galley_counter_view_get_order_type (self);
  g_autofree char *name = g_strstrip (g_strdup (galley_counter_view_get_customer_name (self)));
  g_autofree char *table = g_strstrip (g_strdup (galley_counter_view_get_table (self)));
  JsonObject *body;

  body = galley_cart_to_create_payload (self->cart, galley_counter_type_to_wire (type),
                                        type == GALLEY_COUNTER_TYPE_DINE_IN ? NULL : name,
                                        self->client_ref, error);
  /* camelCase: the server drops the snake_case spelling (§4.3.1 quirk) */
  if (body != NULL && type == GALLEY_COUNTER_TYPE_DINE_IN)
    json_object_set_string_member (body, "tableNumber", table);

  return body;
}

static void
review_response_cb (GalleyCounterView  *self,
                    const char         *response,
                    AdwMessageDialog   *dialog)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "send") != 0)
    return;

  if (!galley_counter_view_submit (self, &error))
    g_debug ("Not sent: %s", error->message);
}

static void
review_destroyed_cb (GalleyCounterView *self)
{
  /* "destroy" comes before GObject clears weak pointers: forget the dialog now, so the
   * action comes back */
  g_clear_weak_pointer (&self->review_dialog);
  _galley_counter_view_update_blocker (self);
}

/**
 * galley_counter_view_review:
 *
 * Opens the review of the order in progress (Ctrl+Enter, or "Review Order"); nothing if the
 * order is not ready (galley_counter_view_get_blocker()) or a review is open already.
 *
 * Returns: (transfer none) (nullable): the dialog, not yet presented
 */
GtkWidget *
galley_counter_view_review (GalleyCounterView *self)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  GtkRoot *root;
  GtkWidget *dialog;

  g_return_val_if_fail (GALLEY_IS_COUNTER_VIEW (self), NULL);

  _galley_counter_view_update_blocker (self);
  if (self->review_dialog != NULL)
    return NULL;
  if (self->blocker != NULL)
    {
      _galley_counter_view_tell (self, self->blocker);
      return NULL;
    }

  if (self->client_ref == NULL)
    self->client_ref = g_uuid_string_random ();
  body = build_body (self, &error);
  if (body == NULL)
    {
      _galley_counter_view_tell (self, error->message);
      return NULL;
    }

  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = galley_review_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, body,
                                     galley_cart_get_tax_rate (self->cart), GALLEY_REVIEW_SEND,
                                     NULL);
  g_set_weak_pointer (&self->review_dialog, dialog);
  /* the dialog dies with the view (dispose): plain handlers on it are enough */
  g_signal_connect_object (dialog, "response", G_CALLBACK (review_response_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (review_destroyed_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "counter.review", FALSE);

  return dialog;
}

/**
 * galley_counter_view_submit:
 *
 * "Send to Kitchen": the order goes to the outbox with the cart's client reference
 * (R-OUT-7). Once the outbox has stored it, the view starts a new, empty order; the cashier
 * hears later whether it was sent or refused.
 *
 * Returns: %TRUE once the outbox has the order; %FALSE with the reason (the order stays)
 */
gboolean
galley_counter_view_submit (GalleyCounterView  *self,
                            GError            **error)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *ref = NULL;
  GalleyOutbox *outbox;
  GalleyOutboxCreateState state;
  gint64 seq;

  g_return_val_if_fail (GALLEY_IS_COUNTER_VIEW (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  _galley_counter_view_update_blocker (self);
  if (self->blocker != NULL)
    {
      _galley_counter_view_tell (self, self->blocker);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, self->blocker);
      return FALSE;
    }

  outbox = get_outbox (self);
  if (self->client_ref == NULL)
    self->client_ref = g_uuid_string_random ();
  body = build_body (self, error);
  if (body == NULL)
    return FALSE;

  seq = galley_outbox_add_create (outbox, body, self->client_ref, &local_error);
  if (local_error != NULL || seq <= 0)
    {
      g_warning ("Order %s not stored: %s", self->client_ref,
                 local_error != NULL ? local_error->message : "no entry");
      _galley_counter_view_tell (self, _("The order could not be saved, so it was not sent. "
                                         "It is still here: try again."));
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "not stored");
      return FALSE;
    }

  /* stored durably: this order is the outbox's now, and the counter clears for the next one */
  ref = g_strdup (self->client_ref);
  g_debug ("Order %s stored as outbox entry %" G_GINT64_FORMAT, ref, seq);
  g_hash_table_add (self->pending, g_strdup (ref));
  _galley_counter_view_new_cart (self);

  state = galley_outbox_get_create_state (outbox, ref, NULL, NULL);
  if (state == GALLEY_OUTBOX_CREATE_SENT || state == GALLEY_OUTBOX_CREATE_REFUSED)
    _galley_counter_view_create_changed (self, ref);
  else if (!galley_outbox_get_live (outbox))
    _galley_counter_view_tell (self, _("Saved — will be sent when the connection is back"));
  _galley_counter_view_today_changed (self);

  return TRUE;
}

/* The outbox moved one of this terminal's orders on. */
void
_galley_counter_view_create_changed (GalleyCounterView *self,
                                     const char        *client_ref)
{
  g_autofree char *order_id = NULL;
  g_autofree char *message = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  GalleyOutbox *outbox = get_outbox (self);
  GalleyOutboxCreateState state;

  /* may run during dispose, after the template went */
  if (outbox == NULL || self->cart_panel == NULL)
    return;

  _galley_counter_view_today_changed (self);
  if (client_ref == NULL || !g_hash_table_contains (self->pending, client_ref))
    return;

  state = galley_outbox_get_create_state (outbox, client_ref, &order_id, &message);
  switch (state)
    {
    case GALLEY_OUTBOX_CREATE_SENT:
      g_hash_table_remove (self->pending, client_ref);
      g_debug ("Order %s created as %s", client_ref, order_id);
      _galley_counter_view_tell (self, _("Sent to the kitchen"));
      break;

    case GALLEY_OUTBOX_CREATE_REFUSED:
      g_hash_table_remove (self->pending, client_ref);
      body = galley_outbox_dup_create_body (outbox, client_ref);
      /* back into the cart to fix, unless the cashier is on the next order already */
      if (body != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->cart)) == 0 &&
          _galley_counter_view_fill_from_body (self, body, &error))
        {
          g_autofree char *text =
            g_strdup_printf (_("The kitchen did not take the order: %s It is back in the "
                               "cart: fix it and send it again."),
                             message != NULL ? message : _("the server refused it."));

          _galley_counter_view_tell (self, text);
        }
      else
        {
          g_autofree char *text =
            g_strdup_printf (_("The kitchen did not take an order: %s Open it from Today’s "
                               "Orders to fix it and send it again."),
                             message != NULL ? message : _("the server refused it."));

          if (error != NULL)
            g_warning ("Refused order %s not restored: %s", client_ref, error->message);
          _galley_counter_view_tell (self, text);
        }
      break;

    case GALLEY_OUTBOX_CREATE_WAITING:
    case GALLEY_OUTBOX_CREATE_UNKNOWN:
    default:
      break;
    }
}

/* Local midnight: "today" is the cashier's day. */
static gint64
today_start_us (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (now),
                                                         g_date_time_get_month (now),
                                                         g_date_time_get_day_of_month (now),
                                                         0, 0, 0);

  return g_date_time_to_unix (midnight) * G_USEC_PER_SEC;
}

char **
_galley_counter_view_dup_today_refs (GalleyCounterView *self)
{
  GalleyOutbox *outbox = get_outbox (self);

  if (outbox == NULL)
    return g_new0 (char *, 1);

  return galley_outbox_dup_creates_since (outbox, today_start_us ());
}

JsonObject *
_galley_counter_view_dup_body (GalleyCounterView *self,
                               const char        *client_ref)
{
  GalleyOutbox *outbox = get_outbox (self);

  return outbox != NULL ? galley_outbox_dup_create_body (outbox, client_ref) : NULL;
}

/* The order's state in words: its live status from the store once it exists, else what
 * the outbox knows. */
char *
_galley_counter_view_dup_state_text (GalleyCounterView *self,
                                     const char        *client_ref,
                                     gboolean          *refused)
{
  g_autofree char *order_id = NULL;
  g_autofree char *message = NULL;
  GalleyOutbox *outbox = get_outbox (self);
  GalleyOrder *order = NULL;

  *refused = FALSE;
  if (outbox == NULL)
    return g_strdup (_("Unknown"));

  switch (galley_outbox_get_create_state (outbox, client_ref, &order_id, &message))
    {
    case GALLEY_OUTBOX_CREATE_WAITING:
      return g_strdup (_("Waiting to send"));

    case GALLEY_OUTBOX_CREATE_REFUSED:
      *refused = TRUE;
      if (message != NULL)
        return g_strdup_printf (_("Refused: %s"), message);
      return g_strdup (_("Refused"));

    case GALLEY_OUTBOX_CREATE_SENT:
      if (order_id != NULL)
        order = galley_order_store_lookup (galley_services_get_store (self->services), order_id);
      if (order == NULL)
        return g_strdup (_("Sent"));
      if (galley_order_get_order_number (order) != NULL)
        /* TRANSLATORS: the order's number, then its status, e.g. "No. 20251105-0042 · Cooking" */
        return g_strdup_printf (_("No. %s · %s"), galley_order_get_order_number (order),
                                galley_counter_status_to_label (galley_order_get_status (order)));
      return g_strdup (galley_counter_status_to_label (galley_order_get_status (order)));

    case GALLEY_OUTBOX_CREATE_UNKNOWN:
    default:
      return g_strdup (_("Unknown"));
    }
}
