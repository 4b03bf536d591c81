/* galley-kitchen-view-actions.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a card's buttons and the bump bar ask of GalleyKitchenView: bump (with expo's question
 * when a station has not finished), line bumps, acknowledgement, change confirmation, dismiss,
 * fire and selection, each carried out on the board with its error told to the cook.
 */
#define G_LOG_DOMAIN "galley-kitchen-view"

#include "config.h"

#include <glib/gi18n.h>

#include "kitchen/galley-kitchen-view-private.h"
#include "util/galley-source.h"

#define properties _galley_kitchen_view_properties

/* ------------------------------------------------------------------ actions on cards */

static void
confirm_response_cb (AdwMessageDialog  *dialog,
                     const char        *response,
                     GalleyKitchenView *self)
{
  const char *order_id = g_object_get_data (G_OBJECT (dialog), "galley-order-id");
  GalleyBoardBump how = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "galley-how"));
  GalleyTicket *ticket = self->board != NULL ? galley_board_lookup (self->board, order_id) : NULL;

  if (g_strcmp0 (response, "complete") == 0 && ticket != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!galley_board_bump (self->board, ticket, how, TRUE, &error))
        _galley_kitchen_view_notice (self, error->message);
    }

  self->confirm_dialog = NULL;
}

static void
ask_to_complete (GalleyKitchenView *self,
                 GalleyTicket      *ticket,
                 GalleyBoardBump    how,
                 const char        *question)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;

  if (self->confirm_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->confirm_dialog));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Not Finished Yet"), question));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Wait"), "complete", _("_Complete Anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "complete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "galley-order-id",
                          g_strdup (galley_ticket_get_id (ticket)), g_free);
  g_object_set_data (G_OBJECT (dialog), "galley-how", GINT_TO_POINTER (how));
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  self->confirm_dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_galley_kitchen_view_bump (GalleyKitchenView *self,
                           GalleyTicket      *ticket,
                           GalleyBoardBump    how)
{
  g_autoptr(GError) error = NULL;

  if (self->board == NULL || ticket == NULL)
    return;

  if (galley_board_bump (self->board, ticket, how, FALSE, &error))
    return;

  if (g_error_matches (error, GALLEY_BOARD_ERROR, GALLEY_BOARD_ERROR_UNFINISHED))
    ask_to_complete (self, ticket, how, error->message);
  else
    _galley_kitchen_view_notice (self, error->message);
}

void
_galley_kitchen_view_card_request (GalleyKitchenView *self,
                                   const char        *action,
                                   const char        *item_id,
                                   GalleyOrderCard   *card)
{
  GalleyTicket *ticket = galley_order_card_get_ticket (card);
  g_autoptr(GError) error = NULL;

  if (self->board == NULL)
    return;

  if (g_str_equal (action, "select"))
    {
      /* a tap on the card: selects it and confirms the changes the cook now sees (K-11) */
      _galley_kitchen_view_select (self, ticket, TRUE);
      galley_board_touch (self->board, ticket);
      return;
    }

  _galley_kitchen_view_select (self, ticket, FALSE);

  if (g_str_equal (action, "bump"))
    _galley_kitchen_view_bump (self, ticket, GALLEY_BOARD_BUMP_DEFAULT);
  else if (g_str_equal (action, "picked-up"))
    _galley_kitchen_view_bump (self, ticket, GALLEY_BOARD_BUMP_PICKED_UP);
  else if (g_str_equal (action, "complete"))
    _galley_kitchen_view_bump (self, ticket, GALLEY_BOARD_BUMP_COMPLETE);
  else if (g_str_equal (action, "bump-line"))
    {
      if (!galley_board_bump_line (self->board, ticket, item_id, &error))
        _galley_kitchen_view_notice (self, error->message);
    }
  else if (g_str_equal (action, "acknowledge"))
    {
      if (!galley_board_acknowledge (self->board, ticket, &error))
        _galley_kitchen_view_notice (self, error->message);
    }
  else if (g_str_equal (action, "touch"))
    galley_board_touch (self->board, ticket);
  else if (g_str_equal (action, "dismiss"))
    galley_board_dismiss (self->board, ticket);
  else if (g_str_equal (action, "fire"))
    {
      if (!galley_board_fire (self->board, ticket, &error))
        _galley_kitchen_view_notice (self, error->message);
    }
  else
    g_warning ("Unknown card request “%s”", action);
}
