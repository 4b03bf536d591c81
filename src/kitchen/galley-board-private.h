/* galley-board-private.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by galley-board.c and its satellites (galley-board-place.c, -entries.c, -actions.c,
 * -recall.c, -counts.c) and by the board's tests only.
 */
#pragma once

#include "kitchen/galley-board.h"

G_BEGIN_DECLS

#define GALLEY_N_KINDS (GALLEY_ORDER_KIND_VOICE + 1)

typedef enum
{
  PLACE_NONE,
  PLACE_MAIN,
  PLACE_SCHEDULED,
} Placement;

/* One order the board knows: its ticket and where it is shown. */
typedef struct
{
  GalleyBoard   *board;          /* unowned */
  GalleyOrder   *order;
  GalleyTicket  *ticket;
  gulong         changed_id;
  GSequenceIter *iter;           /* in the visible sequence, or NULL */
  gboolean       sort_rush;      /* the sort key it was inserted with */
  gint64         sort_started;
  Placement      placement;
  gboolean       filtered;       /* placed on the main board but hidden by the filter */
  gboolean       shown_once;     /* it has been announced */
  gboolean       dismissed;      /* a cancelled card the cook dismissed */
  gint64         fired_at;       /* fired early here, or 0 */
  GHashTable    *done;           /* item ids done here (kitchen log), set */
  GalleyOrderStatus last_status;
} Entry;

/* A bump that can still be undone. */
typedef struct
{
  gint64     bump_id;
  char      *order_id;
  char      *label;
  GArray    *seqs;               /* gint64 outbox entries */
  GPtrArray *item_ids;           /* lines marked done by the bump */
  gboolean   was_recalled;
  gint64     expires;            /* monotonic µs */
} Undo;

struct _GalleyBoard
{
  GObject              parent_instance;

  GalleyOrderStore    *store;
  gulong               store_changed_id;
  GSettings           *settings;
  gulong               settings_changed_id;
  GalleyStationRouter *router;
  gulong               router_changed_id;
  gulong               outbox_committed_id;
  GalleyKitchenLog    *log;
  GalleyOutbox        *outbox;

  char                *station;
  gboolean             expo;
  gboolean             all;
  char                *user;

  GHashTable          *entries;      /* order id -> Entry* */
  GSequence           *visible;      /* Entry*, sorted: rush, oldest, id */
  GListStore          *scheduled;    /* GalleyTicket, by fire time */
  GHashTable          *recalled;     /* order ids */
  GQueue               undo;         /* Undo*, newest last */
  guint                undo_id;

  guint                kind_filter;  /* bit per GalleyOrderKind; 0 = all */
  guint                thresholds[GALLEY_N_KINDS][2];   /* seconds: warning, late */
  gint64               now;

  guint                n_hidden;
  guint                n_late;
  guint                n_ready;
  guint                n_unrouted;
  gboolean             populating;
};

typedef enum
{
  BOARD_PROP_0,
  BOARD_PROP_STATION,
  BOARD_PROP_KIND_FILTER,
  BOARD_PROP_N_HIDDEN,
  BOARD_PROP_N_LATE,
  BOARD_PROP_N_READY,
  BOARD_PROP_N_UNROUTED,
  BOARD_PROP_CAN_UNDO,
  BOARD_PROP_USER,
  BOARD_N_PROPS
} GalleyBoardProp;

enum
{
  BOARD_SIGNAL_CUE,
  BOARD_SIGNAL_RECENT_CHANGED,
  BOARD_N_SIGNALS
};

extern GParamSpec *_galley_board_properties[BOARD_N_PROPS];
extern guint _galley_board_signals[BOARD_N_SIGNALS];

gint64   _galley_board_now            (GalleyBoard *self);
/* galley-board-place.c */
const char *_galley_board_route_cb           (GalleyOrderItem *item,
                                              gpointer         user_data);
gboolean _galley_board_waiting_to_fire       (GalleyBoard *self,
                                              Entry       *entry);
void     _galley_board_remove_visible        (GalleyBoard *self,
                                              Entry       *entry);
void     _galley_board_remove_scheduled      (GalleyBoard *self,
                                              Entry       *entry);

/* galley-board-entries.c */
void     _galley_board_entry_free            (gpointer     data);
void     _galley_board_add_entry             (GalleyBoard *self,
                                              GalleyOrder *order);
void     _galley_board_refresh_all           (GalleyBoard *self);
void     _galley_board_store_items_changed_cb (GalleyBoard *self,
                                              guint        position,
                                              guint        removed,
                                              guint        added,
                                              GListModel  *store);

void     _galley_board_refresh_entry  (GalleyBoard *self,
                                       Entry       *entry);
void     _galley_board_place          (GalleyBoard *self,
                                       Entry       *entry);
void     _galley_board_recount        (GalleyBoard *self);
void     _galley_board_cue            (GalleyBoard *self,
                                       GalleyBoardCue cue);
gboolean _galley_board_line_done_on_server (GalleyOrderItem *item);
void     _galley_board_undo_free      (Undo        *undo);

/* galley-board-actions.c */
Entry   *_galley_board_entry_of       (GalleyBoard  *self,
                                       GalleyTicket *ticket,
                                       GError      **error);
void     _galley_board_mark_line      (GalleyBoard *self,
                                       Entry       *entry,
                                       const char  *item_id,
                                       gboolean     done);
void     _galley_board_expire_undo    (GalleyBoard *self);
void     _galley_board_outbox_committed_cb (GalleyBoard  *self,
                                            gint64        seq,
                                            GalleyOutbox *outbox);

G_END_DECLS
