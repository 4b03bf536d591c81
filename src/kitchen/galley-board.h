/* galley-board.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kitchen/galley-kitchen-log.h"
#include "kitchen/galley-station-router.h"
#include "kitchen/galley-ticket.h"
#include "net/galley-outbox.h"
#include "orders/galley-order-store.h"

G_BEGIN_DECLS

/* Seconds a bump can be undone (K-5); the outbox holds the change that long. */
#define GALLEY_BOARD_UNDO_MS 5000
/* How far back the recently bumped list reaches (K-7). */
#define GALLEY_BOARD_RECENT_US (G_GINT64_CONSTANT (30) * 60 * G_USEC_PER_SEC)
/* Scheduled orders warn this long before they fire (K-16). */
#define GALLEY_BOARD_FIRE_WARNING_US (G_GINT64_CONSTANT (5) * 60 * G_USEC_PER_SEC)

#define GALLEY_BOARD_ERROR (galley_board_error_quark ())

typedef enum
{
  GALLEY_BOARD_ERROR_NEEDS_ACK,     /* an allergy must be acknowledged first */
  GALLEY_BOARD_ERROR_UNFINISHED,    /* expo: a station has not finished (ask, then force) */
  GALLEY_BOARD_ERROR_NOT_ALLOWED,   /* the order's status allows no such step */
  GALLEY_BOARD_ERROR_NOT_FOUND,     /* the order is gone */
  GALLEY_BOARD_ERROR_TOO_LATE,      /* undo: the change has been sent already */
  GALLEY_BOARD_ERROR_STORAGE,       /* the outbox or the kitchen log could not save it */
} GalleyBoardError;

/* What the cook should hear (K-12). */
typedef enum
{
  GALLEY_BOARD_CUE_NEW,
  GALLEY_BOARD_CUE_CHANGED,
  GALLEY_BOARD_CUE_VOIDED,
  GALLEY_BOARD_CUE_RUSH,
  GALLEY_BOARD_CUE_ALLERGY,
  GALLEY_BOARD_CUE_READY,
} GalleyBoardCue;

#define GALLEY_TYPE_BOARD_CUE (galley_board_cue_get_type ())
GType galley_board_cue_get_type (void);

/* What a bump sends: the screen's usual step, or expo's two buttons (E-2). */
typedef enum
{
  GALLEY_BOARD_BUMP_DEFAULT,
  GALLEY_BOARD_BUMP_PICKED_UP,
  GALLEY_BOARD_BUMP_COMPLETE,
} GalleyBoardBump;

/* One line of the all-day counts (K-14): "5 Smash Burger", variants "2 × no onions". */
typedef struct
{
  char      *name;
  guint      quantity;
  GPtrArray *variants;   /* GalleyAllDayVariant* */
} GalleyAllDayEntry;

typedef struct
{
  char  *label;          /* "no onions", or "" for the plain dish */
  guint  quantity;
} GalleyAllDayVariant;

void galley_all_day_entry_free (GalleyAllDayEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GalleyAllDayEntry, galley_all_day_entry_free)

#define GALLEY_TYPE_BOARD (galley_board_get_type ())
G_DECLARE_FINAL_TYPE (GalleyBoard, galley_board, GALLEY, BOARD, GObject)

GQuark        galley_board_error_quark        (void);

GalleyBoard  *galley_board_new                (GalleyOrderStore    *store,
                                               GSettings           *settings,
                                               GalleyStationRouter *router,
                                               GalleyKitchenLog    *log,
                                               GalleyOutbox        *outbox,
                                               const char          *station);
const char   *galley_board_get_station        (GalleyBoard         *self);
gboolean      galley_board_is_expo            (GalleyBoard         *self);
GListModel   *galley_board_get_scheduled      (GalleyBoard         *self);
GalleyTicket *galley_board_lookup             (GalleyBoard         *self,
                                               const char          *order_id);
int           galley_board_get_position       (GalleyBoard         *self,
                                               GalleyTicket        *ticket);

void          galley_board_tick               (GalleyBoard         *self,
                                               gint64               now);
gint64        galley_board_get_now            (GalleyBoard         *self);
void          galley_board_set_user           (GalleyBoard         *self,
                                               const char          *user);
const char   *galley_board_get_user           (GalleyBoard         *self);

guint         galley_board_get_kind_filter    (GalleyBoard         *self);
void          galley_board_set_kind_filter    (GalleyBoard         *self,
                                               guint                kinds);
guint         galley_board_get_n_hidden       (GalleyBoard         *self);
guint         galley_board_get_n_late         (GalleyBoard         *self);
guint         galley_board_get_n_ready        (GalleyBoard         *self);
guint         galley_board_get_n_unrouted     (GalleyBoard         *self);

gboolean      galley_board_bump               (GalleyBoard         *self,
                                               GalleyTicket        *ticket,
                                               GalleyBoardBump      how,
                                               gboolean             force,
                                               GError             **error);
gboolean      galley_board_bump_line          (GalleyBoard         *self,
                                               GalleyTicket        *ticket,
                                               const char          *item_id,
                                               GError             **error);
gboolean      galley_board_get_can_undo       (GalleyBoard         *self);
char         *galley_board_dup_undo_label     (GalleyBoard         *self);
gboolean      galley_board_undo               (GalleyBoard         *self,
                                               GError             **error);
GPtrArray    *galley_board_dup_recent         (GalleyBoard         *self);
gboolean      galley_board_recall             (GalleyBoard         *self,
                                               gint64               bump_id,
                                               GError             **error);
gboolean      galley_board_recall_last        (GalleyBoard         *self,
                                               GError             **error);
gboolean      galley_board_acknowledge        (GalleyBoard         *self,
                                               GalleyTicket        *ticket,
                                               GError             **error);
void          galley_board_touch              (GalleyBoard         *self,
                                               GalleyTicket        *ticket);
void          galley_board_dismiss            (GalleyBoard         *self,
                                               GalleyTicket        *ticket);
gboolean      galley_board_fire               (GalleyBoard         *self,
                                               GalleyTicket        *ticket,
                                               GError             **error);

GPtrArray    *galley_board_dup_all_day        (GalleyBoard         *self);
gboolean      galley_board_ticket_has_item    (GalleyBoard         *self,
                                               GalleyTicket        *ticket,
                                               const char          *name);
void          galley_board_get_speed          (GalleyBoard         *self,
                                               GalleySpeedOfService *out);

G_END_DECLS
