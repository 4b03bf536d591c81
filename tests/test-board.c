/* test-board.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyBoard, the kitchen board of one screen, against real collaborators: fixture orders in
 * a GalleyOrderStore, a GalleyOutbox and a GalleyKitchenLog on files in a temporary folder,
 * a GalleyStationRouter over a small menu, settings on a memory backend, and one shared
 * GalleyClock whose ticks carry a fake wall clock that the tests move by hand.
 *
 * Covered: populating and sorting, minimal items-changed, cues, thresholds per order type,
 * the type filter, station routing and expo progress, change marks and their audit,
 * allergy acknowledgement (and its survival across a restart), bump, line bump, undo and its
 * window, recall, expo completion, cancelled cards, the scheduled lane, all-day counts,
 * speed of service, 200 create/exercise/destroy cycles under the leak gates, and a bump that
 * survives a restart of the terminal inside its undo window.
 *
 * Time. The board takes its time from galley_board_tick() (the view calls it on every tick of
 * the shared clock), so the tests emit the clock's "tick" with a fake "now". Two deadlines
 * are on the monotonic clock instead: the board's undo window and the outbox's not-before
 * time of a deferred change (both GALLEY_BOARD_UNDO_MS). Rather than sleep five seconds, the
 * tests that need a window to be over move those deadlines back through the private structs
 * (galley-board-private.h, galley-outbox-private.h), which is what five seconds passing does.
 *
 * The fake wall clock starts at the next local noon: the kitchen log prunes rows older than
 * 30 days from the real time when it is opened (so a fixed date would vanish on reopen), a
 * board uses the real time until its first tick (so scheduled orders must still lie ahead
 * of it), and "today" for the speed of service must not cross midnight during a test.
 */
#include "config.h"

#include <string.h>

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include <sqlite3.h>

#include "galley-testutil.h"
#include "galley-test-orders.h"
#include "demo/galley-demo-server.h"
#include "kitchen/galley-board-private.h"
#include "kitchen/galley-board.h"
#include "kitchen/galley-kitchen-log.h"
#include "kitchen/galley-station-router.h"
#include "menu/galley-menu.h"
#include "net/galley-net-session.h"
#include "net/galley-outbox-private.h"
#include "net/galley-rest-client.h"
#include "orders/galley-order-store.h"
#include "util/galley-clock.h"
#include "util/galley-json.h"
#include "util/galley-time.h"

#define SCHEMA  "io.github.galleypos.Galley"
#define SEC     G_USEC_PER_SEC
#define MINUTE  (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)
#define WAIT_MS 5000

/* The menu the router routes by: category slugs as in the default station-categories
 * setting (burgers -> grill, sides -> fry, drinks -> bar); "specials" goes nowhere. */
static const char menu_json[] =
  "{'categories':["
  " {'id':'c-burgers','name':'Burgers','slug':'burgers','display_order':1},"
  " {'id':'c-sides','name':'Sides','slug':'sides','display_order':2},"
  " {'id':'c-drinks','name':'Drinks','slug':'drinks','display_order':3},"
  " {'id':'c-specials','name':'Specials','slug':'specials','display_order':4}],"
  "'items':["
  " {'id':'m-burger','name':'Smash Burger','price':10,'category_id':'c-burgers'},"
  " {'id':'m-veggie','name':'Veggie Burger','price':10,'category_id':'c-burgers'},"
  " {'id':'m-fries','name':'Fries','price':4,'category_id':'c-sides'},"
  " {'id':'m-cola','name':'Cola','price':3,'category_id':'c-drinks'},"
  " {'id':'m-soup','name':'Soup of the Day','price':6,'category_id':'c-specials'}]}";

/* The fake wall clock that the shared clock's ticks carry to every board. */
static gint64 fake_now;

typedef struct
{
  char                *dir;
  char                *outbox_path;
  char                *log_path;
  gint64               base;        /* the fake clock at the start of the test */

  GSettingsBackend    *backend;
  GSettings           *settings;
  GalleyMenu          *menu;
  GalleyStationRouter *router;
  GalleyNetSession    *session;
  GalleyRestClient    *rest;
  GalleyOrderStore    *store;
  GalleyOutbox        *outbox;
  GalleyKitchenLog    *log;
  GalleyClock         *clock;

  GalleyDemoServer    *demo;        /* only for /kitchen/board/bump-survives-restart */
} Fixture;

/* What one board said: its cues ("new,allergy") and its items-changed ("2:0:1;0:1:0"). */
typedef struct
{
  GalleyBoard *board;
  GString     *cues;
  GString     *changes;
} Watch;

/* ------------------------------------------------------------------ time */

/* The next local noon: see the comment at the top. */
static gint64
next_noon (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) noon = g_date_time_new_local (g_date_time_get_year (now),
                                                     g_date_time_get_month (now),
                                                     g_date_time_get_day_of_month (now),
                                                     12, 0, 0);

  if (g_date_time_compare (noon, now) <= 0)
    {
      g_autoptr(GDateTime) tomorrow = g_date_time_add_days (noon, 1);

      return g_date_time_to_unix (tomorrow) * G_USEC_PER_SEC;
    }

  return g_date_time_to_unix (noon) * G_USEC_PER_SEC;
}

/* One tick of the shared clock, as a mapped kitchen view passes it on. */
static void
tick_board_cb (GalleyBoard *board,
               GalleyClock *clock)
{
  galley_board_tick (board, fake_now);
}

static void
advance (Fixture *f,
         gint64   us)
{
  fake_now += us;
  g_signal_emit_by_name (f->clock, "tick");
}

static void
advance_to (Fixture *f,
            gint64   at)
{
  g_assert_cmpint (at, >=, fake_now);
  advance (f, at - fake_now);
}

/* ------------------------------------------------------------------ orders */

static char *
line (const char *id,
      const char *menu_id,
      const char *name,
      int         quantity,
      const char *extra)
{
  return g_strdup_printf ("{'id':'%s','menu_item_id':'%s','name':'%s','quantity':%d,"
                          "'price':10.0%s%s}", id, menu_id, name, quantity,
                          extra != NULL ? "," : "", extra != NULL ? extra : "");
}

#define BURGER(id, qty, extra) line (id, "m-burger", "Smash Burger", qty, extra)
#define VEGGIE(id, qty, extra) line (id, "m-veggie", "Veggie Burger", qty, extra)
#define FRIES(id, qty, extra)  line (id, "m-fries", "Fries", qty, extra)
#define COLA(id, qty, extra)   line (id, "m-cola", "Cola", qty, extra)
#define SOUP(id, qty, extra)   line (id, "m-soup", "Soup of the Day", qty, extra)
#define NO_ICE                 "'modifications':['no ice']"

/* Joins the lines (and frees them): the inside of an "items" array. */
static char *
lines (char *first,
       ...) G_GNUC_NULL_TERMINATED;

static char *
lines (char *first,
       ...)
{
  g_autoptr(GString) text = g_string_new (NULL);
  va_list args;

  va_start (args, first);
  for (char *l = first; l != NULL; l = va_arg (args, char *))
    {
      g_string_append_printf (text, "%s%s", text->len > 0 ? "," : "", l);
      g_free (l);
    }
  va_end (args);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GalleyOrder *
order_new (const char *id,
           guint       number,
           gint64      created_at,
           gint64      updated_at,
           gint64      version,
           const char *items,
           const char *extra)
{
  g_autofree char *created = galley_time_format_db (created_at);
  g_autofree char *updated = galley_time_format_db (updated_at);
  g_autofree char *json = g_strdup_printf ("{'id':'%s','order_number':'20251105-%04u',"
                                           "'created_at':'%s','updated_at':'%s',"
                                           "'version':%" G_GINT64_FORMAT ",'items':[%s]%s%s}",
                                           id, number, created, updated, version, items,
                                           extra != NULL ? "," : "", extra != NULL ? extra : "");

  return galley_test_order_new (json);
}

/* A new order @id created at @created_at (takes @items). */
static void
add_order (Fixture    *f,
           const char *id,
           guint       number,
           gint64      created_at,
           char       *items,
           const char *extra)
{
  g_autoptr(GalleyOrder) order = order_new (id, number, created_at, created_at, 1, items, extra);

  g_free (items);
  g_assert_cmpint (galley_order_store_apply (f->store, order), ==, GALLEY_STORE_INSERTED);
}

/* The server's next version of order @id (takes @items; @extra replaces the old extras). */
static void
update_order (Fixture    *f,
              const char *id,
              char       *items,
              const char *extra)
{
  GalleyOrder *held = galley_order_store_lookup (f->store, id);
  g_autoptr(GalleyOrder) order = NULL;
  guint number;

  g_assert_nonnull (held);
  number = (guint) g_ascii_strtoull (strchr (galley_order_get_order_number (held), '-') + 1,
                                     NULL, 10);
  order = order_new (id, number, galley_order_get_created_at (held),
                     galley_order_get_updated_at (held) + SEC, galley_order_get_version (held) + 1,
                     items, extra);
  g_free (items);
  g_assert_cmpint (galley_order_store_apply (f->store, order), ==, GALLEY_STORE_UPDATED);
}

/* ------------------------------------------------------------------ boards */

static void
cue_cb (GalleyBoard    *board,
        GalleyBoardCue  cue,
        Watch          *w)
{
  GEnumClass *klass = g_type_class_ref (GALLEY_TYPE_BOARD_CUE);

  g_string_append_printf (w->cues, "%s%s", w->cues->len > 0 ? "," : "",
                          g_enum_get_value (klass, cue)->value_nick);
  g_type_class_unref (klass);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Watch      *w)
{
  g_string_append_printf (w->changes, "%s%u:%u:%u", w->changes->len > 0 ? ";" : "",
                          position, removed, added);
}

static Watch *
watch (GalleyBoard *board)
{
  Watch *w = g_new0 (Watch, 1);

  w->board = board;
  w->cues = g_string_new (NULL);
  w->changes = g_string_new (NULL);
  g_signal_connect (board, "cue", G_CALLBACK (cue_cb), w);
  g_signal_connect (board, "items-changed", G_CALLBACK (items_changed_cb), w);

  return w;
}

static void
watch_free (Watch *w)
{
  g_signal_handlers_disconnect_by_data (w->board, w);
  g_string_free (w->cues, TRUE);
  g_string_free (w->changes, TRUE);
  g_free (w);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Watch, watch_free)

#define assert_cues(w, expected)                                                    \
  G_STMT_START {                                                                    \
    g_assert_cmpstr ((w)->cues->str, ==, (expected));                               \
    g_string_truncate ((w)->cues, 0);                                               \
  } G_STMT_END

#define assert_changes(w, expected)                                                 \
  G_STMT_START {                                                                    \
    g_assert_cmpstr ((w)->changes->str, ==, (expected));                            \
    g_string_truncate ((w)->changes, 0);                                            \
  } G_STMT_END

/* A board for @station as the kitchen view makes it: ticked at once, then on every tick of
 * the shared clock for as long as it lives. */
static GalleyBoard *
new_board (Fixture    *f,
           const char *station)
{
  GalleyBoard *board = galley_board_new (f->store, f->settings, f->router, f->log, f->outbox,
                                         station);

  g_assert_nonnull (board);
  galley_board_tick (board, fake_now);
  g_signal_connect_object (f->clock, "tick", G_CALLBACK (tick_board_cb), board,
                           G_CONNECT_SWAPPED);

  return board;
}

static GalleyTicket *
ticket_at (GalleyBoard *board,
           guint        position)
{
  g_autoptr(GalleyTicket) ticket = g_list_model_get_item (G_LIST_MODEL (board), position);

  g_assert_nonnull (ticket);

  return ticket;   /* the board keeps it */
}

/* The ids on the main board, in order: "o2 o3 o1". */
static char *
board_ids (GalleyBoard *board)
{
  GString *text = g_string_new (NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (board));

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? " " : "",
                            galley_ticket_get_id (ticket_at (board, i)));

  return g_string_free (text, FALSE);
}

#define assert_board(board, expected)                                               \
  G_STMT_START {                                                                    \
    g_autofree char *ids_ = board_ids (board);                                      \
    g_assert_cmpstr (ids_, ==, (expected));                                         \
  } G_STMT_END

static GalleyTicketLine *
line_at (GalleyTicket *ticket,
         guint         i)
{
  g_autoptr(GalleyTicketLine) l = g_list_model_get_item (galley_ticket_get_lines (ticket), i);

  g_assert_nonnull (l);

  return l;   /* the ticket keeps it */
}

/* ------------------------------------------------------------------ outbox and log */

static GalleyOutbox *
open_outbox (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GalleyOutbox *outbox = galley_outbox_new (f->outbox_path, f->rest, f->store, &error);

  g_assert_no_error (error);
  g_assert_nonnull (outbox);
  galley_outbox_set_retry_delay (outbox, 10);

  return outbox;
}

static GalleyKitchenLog *
open_log (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GalleyKitchenLog *log = galley_kitchen_log_new (f->log_path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (log);

  return log;
}

/* The outbox's waiting entries as "order:item:target" (item empty for a status change). */
static char *
outbox_entries (GalleyOutbox *outbox)
{
  GString *text = g_string_new (NULL);

  for (GList *l = outbox->entries.head; l != NULL; l = l->next)
    {
      GalleyOutboxEntry *entry = l->data;

      g_string_append_printf (text, "%s%s:%s:%s", text->len > 0 ? " " : "", entry->order_id,
                              entry->item_id != NULL ? entry->item_id : "", entry->target);
    }

  return g_string_free (text, FALSE);
}

#define assert_outbox(outbox, expected)                                             \
  G_STMT_START {                                                                    \
    g_autofree char *entries_ = outbox_entries (outbox);                            \
    g_assert_cmpstr (entries_, ==, (expected));                                     \
  } G_STMT_END

/* The outbox entries of the board's latest bump that can still be undone. */
static gint64
last_undo_seq (GalleyBoard *board,
               guint        i)
{
  Undo *undo = g_queue_peek_tail (&board->undo);

  g_assert_nonnull (undo);
  g_assert_cmpuint (i, <, undo->seqs->len);

  return g_array_index (undo->seqs, gint64, i);
}

/* What five seconds do to the board's undo window. */
static void
end_board_undo_window (GalleyBoard *board)
{
  for (GList *l = board->undo.head; l != NULL; l = l->next)
    ((Undo *) l->data)->expires = g_get_monotonic_time () - 1;
}

/* What five seconds do to the outbox's not-before times (the deferred changes' windows). */
static void
end_outbox_windows (GalleyOutbox *outbox)
{
  for (GList *l = outbox->entries.head; l != NULL; l = l->next)
    ((GalleyOutboxEntry *) l->data)->due = g_get_monotonic_time () - 1;
}

static char *
change_kinds (GalleyKitchenLog *log,
              const char       *order_id)
{
  g_autoptr(GPtrArray) changes = galley_kitchen_log_list_changes (log, order_id);
  GString *text = g_string_new (NULL);

  for (guint i = 0; changes != NULL && i < changes->len; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? "," : "",
                            ((GalleyChangeRecord *) g_ptr_array_index (changes, i))->kind);

  return g_string_free (text, FALSE);
}

#define assert_change_kinds(log, order_id, expected)                                \
  G_STMT_START {                                                                    \
    g_autofree char *kinds_ = change_kinds (log, order_id);                         \
    g_assert_cmpstr (kinds_, ==, (expected));                                       \
  } G_STMT_END

/* ------------------------------------------------------------------ fixture */

static void
set_thresholds (GSettings  *settings,
                const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) value = g_variant_parse (G_VARIANT_TYPE ("a{s(uu)}"), text, NULL, NULL,
                                               &error);

  g_assert_no_error (error);
  g_assert_true (g_settings_set_value (settings, "thresholds", value));
  galley_test_drain_main_context ();
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *menu_text = g_strdup (menu_json);
  g_autoptr(JsonObject) menu = NULL;

  f->dir = g_dir_make_tmp ("galley-board-XXXXXX", &error);
  g_assert_no_error (error);
  f->outbox_path = g_build_filename (f->dir, "outbox.sqlite", NULL);
  f->log_path = g_build_filename (f->dir, "kitchen.sqlite", NULL);
  f->base = fake_now = next_noon ();

  f->backend = g_memory_settings_backend_new ();
  f->settings = g_settings_new_with_backend (SCHEMA, f->backend);

  g_strdelimit (menu_text, "'", '"');
  menu = galley_json_parse_object (menu_text, -1, &error);
  g_assert_no_error (error);
  f->menu = galley_menu_new (NULL);
  g_assert_true (galley_menu_load_json (f->menu, menu, &error));
  g_assert_no_error (error);
  f->router = galley_station_router_new (f->settings, f->menu);

  f->session = galley_net_session_new ();
  f->rest = galley_rest_client_new (f->session);
  f->store = galley_order_store_new ();

  /* the restart test talks to a server, to see the change arrive */
  if (g_strcmp0 (data, "demo") == 0)
    {
      g_autofree char *url = NULL;
      g_autofree char *token = NULL;
      g_autoptr(JsonArray) rows = NULL;

      f->demo = galley_demo_server_new ();
      g_object_set (f->demo, "port", 0, "seed", (gint64) 23, "rate", 0.0, NULL);
      g_assert_true (galley_demo_server_start (f->demo, &error));
      g_assert_no_error (error);
      url = galley_demo_server_dup_base_url (f->demo);
      token = galley_demo_server_issue_token (f->demo, "kitchen", 3600);
      galley_rest_client_set_base_url (f->rest, url);
      galley_rest_client_set_restaurant_id (f->rest, GALLEY_DEMO_RESTAURANT_ID);
      galley_rest_client_set_retry_delay (f->rest, 10);
      galley_rest_client_set_token (f->rest, token);

      rows = galley_demo_server_dup_orders (f->demo);
      for (guint i = 0; i < json_array_get_length (rows); i++)
        {
          g_autoptr(GalleyOrder) order =
            galley_order_new_from_json (json_array_get_object_element (rows, i), &error);

          g_assert_no_error (error);
          galley_order_store_apply (f->store, order);
        }
    }

  f->outbox = open_outbox (f);
  f->log = open_log (f);

  /* held as a mapped window holds it: its one source runs for the whole test */
  f->clock = galley_clock_new (1000);
  galley_clock_hold (f->clock);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  galley_clock_release (f->clock);
  g_assert_finalize_object (f->clock);
  g_assert_finalize_object (f->outbox);
  g_assert_finalize_object (f->log);
  g_assert_finalize_object (f->router);
  g_assert_finalize_object (f->menu);
  g_assert_finalize_object (f->settings);
  g_assert_finalize_object (f->backend);
  g_assert_finalize_object (f->store);
  g_assert_finalize_object (f->rest);
  if (f->demo != NULL)
    {
      galley_demo_server_stop (f->demo);
      g_assert_finalize_object (f->demo);
    }
  galley_test_drain_main_context ();
  g_assert_finalize_object (f->session);
  galley_test_drain_main_context ();

  galley_test_assert_no_galley_objects ();
  g_assert_cmpuint (galley_test_count_sources ("galley-"), ==, 0);

  galley_test_remove_dir (f->dir);
  g_free (f->outbox_path);
  g_free (f->log_path);
  g_free (f->dir);
}

/* ================================================================== tests */

static gboolean
count_hook (GSignalInvocationHint *hint,
            guint                  n_params,
            const GValue          *params,
            gpointer               data)
{
  (*(guint *) data)++;

  return TRUE;
}

/* 1. What is there when the board opens is the board, not news; rush first, then oldest
 * first; an arriving or leaving order moves exactly one row. */
static void
test_populate_and_sort (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GalleyBoard) board = NULL;
  g_autoptr(Watch) w = NULL;
  guint cue_id, hooked = 0;
  gulong hook;

  add_order (f, "o1", 1, f->base - 10 * MINUTE, lines (BURGER ("l1", 1, NULL), NULL), NULL);
  add_order (f, "o2", 2, f->base - 5 * MINUTE, lines (FRIES ("l1", 1, NULL), NULL),
             "'metadata':{'rush':true}");
  add_order (f, "o3", 3, f->base - 20 * MINUTE, lines (COLA ("l1", 1, NULL), NULL), NULL);
  add_order (f, "o4", 4, f->base - 15 * MINUTE, lines (BURGER ("l1", 1, NULL), NULL),
             "'status':'ready'");
  add_order (f, "o5", 5, f->base - 25 * MINUTE,
             lines (BURGER ("l1", 1, "'modifications':['nut allergy']"), NULL), NULL);

  /* a cue from any board while it is being made would be heard */
  g_type_class_unref (g_type_class_ref (GALLEY_TYPE_BOARD));
  cue_id = g_signal_lookup ("cue", GALLEY_TYPE_BOARD);
  hook = g_signal_add_emission_hook (cue_id, 0, count_hook, &hooked, NULL);
  board = new_board (f, GALLEY_TICKET_STATION_ALL);
  g_signal_remove_emission_hook (cue_id, hook);
  g_assert_cmpuint (hooked, ==, 0);

  /* a ready order is not the kitchen's any more */
  assert_board (board, "o2 o5 o3 o1");
  g_assert_nonnull (galley_board_lookup (board, "o4"));
  g_assert_cmpint (galley_board_get_position (board, galley_board_lookup (board, "o4")), ==, -1);
  g_assert_cmpint (galley_board_get_position (board, galley_board_lookup (board, "o3")), ==, 2);
  g_assert_cmpuint (galley_board_get_n_ready (board), ==, 1);

  w = watch (board);

  /* an order arrives between two others: one row inserted there, and a cue */
  add_order (f, "o6", 6, f->base - 12 * MINUTE, lines (BURGER ("l1", 1, NULL), NULL), NULL);
  assert_changes (w, "3:0:1");
  assert_cues (w, "new");
  assert_board (board, "o2 o5 o3 o6 o1");

  /* a rush goes among the rushes, oldest first */
  add_order (f, "o7", 7, f->base - 1 * MINUTE, lines (BURGER ("l1", 1, NULL), NULL),
             "'metadata':{'rush':true}");
  assert_changes (w, "1:0:1");
  assert_cues (w, "rush");
  assert_board (board, "o2 o7 o5 o3 o6 o1");

  /* an edit that moves nothing changes no row */
  update_order (f, "o6", lines (BURGER ("l1", 1, NULL), NULL), "'notes':'extra napkins'");
  assert_changes (w, "");
  assert_cues (w, "");

  /* leaving: removed from the store, or ready */
  g_assert_true (galley_order_store_remove (f->store, "o3"));
  assert_changes (w, "3:1:0");
  update_order (f, "o1", lines (BURGER ("l1", 1, NULL), NULL), "'status':'ready'");
  assert_changes (w, "4:1:0");
  assert_board (board, "o2 o7 o5 o6");
  g_assert_cmpuint (galley_board_get_n_ready (board), ==, 2);
  assert_cues (w, "");

  /* a card that becomes a rush moves to the front of the line */
  update_order (f, "o6", lines (BURGER ("l1", 1, NULL), NULL), "'metadata':{'rush':true}");
  assert_board (board, "o6 o2 o7 o5");
  assert_changes (w, "3:1:0;0:0:1");
  assert_cues (w, "rush");

  g_clear_pointer (&w, watch_free);
  g_assert_finalize_object (g_steal_pointer (&board));
}

/* 2. What the cook hears (K-12): each event once, and only for what this screen shows. */
static void
test_cues (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GalleyBoard) board = new_board (f, GALLEY_TICKET_STATION_ALL);
  g_autoptr(GalleyBoard) grill = new_board (f, "grill");
  g_autoptr(GalleyBoard) expo = new_board (f, GALLEY_TICKET_STATION_EXPO);
  g_autoptr(Watch) w = watch (board);
  g_autoptr(Watch) wg = watch (grill);
  g_autoptr(Watch) we = watch (expo);

  add_order (f, "o1", 1, f->base, lines (BURGER ("l1", 2, NULL), FRIES ("l2", 1, NULL), NULL),
             NULL);
  assert_cues (w, "new");
  assert_cues (wg, "new");
  assert_cues (we, "new");

  add_order (f, "o2", 2, f->base, lines (FRIES ("l1", 1, NULL), NULL),
             "'metadata':{'rush':true}");
  assert_cues (w, "rush");
  assert_cues (wg, "");          /* nothing for the grill */
  assert_cues (we, "rush");

  add_order (f, "o3", 3, f->base, lines (BURGER ("l1", 1, "'modifications':['nut allergy']"),
                                         NULL), NULL);
  assert_cues (w, "new,allergy");
  assert_cues (wg, "new,allergy");

  add_order (f, "o4", 4, f->base, lines (COLA ("l1", 1, "'special_instructions':'dairy free'"),
                                         NULL), "'metadata':{'rush':true}");
  assert_cues (w, "rush,allergy");
  assert_cues (wg, "");
  g_string_truncate (we->cues, 0);

  /* a quantity changed, a line added: changed */
  update_order (f, "o1", lines (BURGER ("l1", 3, NULL), FRIES ("l2", 1, NULL), NULL), NULL);
  assert_cues (w, "changed");
  assert_cues (wg, "changed");
  update_order (f, "o1", lines (BURGER ("l1", 3, NULL), FRIES ("l2", 1, NULL),
                                COLA ("l3", 1, NULL), NULL), NULL);
  assert_cues (w, "changed");
  assert_cues (wg, "");          /* the cola is the bar's */

  /* a fries change is not the grill's business */
  update_order (f, "o1", lines (BURGER ("l1", 3, NULL), FRIES ("l2", 2, NULL),
                                COLA ("l3", 1, NULL), NULL), NULL);
  assert_cues (w, "changed");
  assert_cues (wg, "");

  /* a line removed: voided */
  update_order (f, "o1", lines (BURGER ("l1", 3, NULL), COLA ("l3", 1, NULL), NULL), NULL);
  assert_cues (w, "voided");
  assert_cues (wg, "");

  /* a rush set later, an allergy added later */
  update_order (f, "o1", lines (BURGER ("l1", 3, NULL), COLA ("l3", 1, NULL), NULL),
                "'metadata':{'rush':true}");
  assert_cues (w, "rush");
  assert_cues (wg, "rush");
  update_order (f, "o1", lines (BURGER ("l1", 3, "'modifications':['peanut allergy']"),
                                COLA ("l3", 1, NULL), NULL), "'metadata':{'rush':true}");
  assert_cues (w, "changed,allergy");
  assert_cues (wg, "changed,allergy");

  /* a cancelled order: voided, everywhere it was shown */
  update_order (f, "o3", lines (BURGER ("l1", 1, "'modifications':['nut allergy']"), NULL),
                "'status':'cancelled'");
  assert_cues (w, "voided");
  assert_cues (wg, "voided");

  /* expo hears an order come ready; the stations do not */
  g_string_truncate (we->cues, 0);
  update_order (f, "o2", lines (FRIES ("l1", 1, NULL), NULL),
                "'metadata':{'rush':true},'status':'ready'");
  assert_cues (we, "ready");
  assert_cues (w, "");
  assert_cues (wg, "");
  /* ... once */
  update_order (f, "o2", lines (FRIES ("l1", 1, NULL), NULL),
                "'metadata':{'rush':true},'status':'ready','notes':'bag it'");
  assert_cues (we, "");

  g_clear_pointer (&w, watch_free);
  g_clear_pointer (&wg, watch_free);
  g_clear_pointer (&we, watch_free);
  g_assert_finalize_object (g_steal_pointer (&board));
  g_assert_finalize_object (g_steal_pointer (&grill));
  g_assert_finalize_object (g_steal_pointer (&expo));
}

/* 3. Two thresholds per order type from the settings (K-3), one shared clock. */
static void
test_thresholds (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GalleyBoard) board = NULL;
  GalleyTicket *dine_in, *online;
  guint late_notifies = 0;

  set_thresholds (f->settings, "{'dine-in': (2, 4)}");
  add_order (f, "d1", 1, f->base, lines (BURGER ("l1", 1, NULL), NULL), "'table_number':'7'");
  add_order (f, "o1", 2, f->base, lines (BURGER ("l1", 1, NULL), NULL), NULL);
  board = new_board (f, GALLEY_TICKET_STATION_ALL);
  g_signal_connect_swapped (board, "notify::n-late", G_CALLBACK (galley_test_count_cb),
                            &late_notifies);
  dine_in = galley_board_lookup (board, "d1");
  online = galley_board_lookup (board, "o1");

  advance (f, 2 * MINUTE - SEC);
  g_assert_cmpint (galley_ticket_get_urgency (dine_in), ==, GALLEY_TICKET_NORMAL);
  g_assert_cmpint (galley_ticket_get_elapsed (dine_in), ==, 119);
  advance (f, SEC);
  g_assert_cmpint (galley_ticket_get_urgency (dine_in), ==, GALLEY_TICKET_WARNING);
  g_assert_cmpint (galley_ticket_get_urgency (online), ==, GALLEY_TICKET_NORMAL);
  g_assert_cmpuint (galley_board_get_n_late (board), ==, 0);

  advance (f, 2 * MINUTE);
  g_assert_cmpint (galley_ticket_get_urgency (dine_in), ==, GALLEY_TICKET_LATE);
  g_assert_cmpuint (galley_board_get_n_late (board), ==, 1);
  g_assert_cmpuint (late_notifies, ==, 1);

  /* the other type keeps the defaults: 10 and 15 minutes */
  advance_to (f, f->base + 10 * MINUTE);
  g_assert_cmpint (galley_ticket_get_urgency (online), ==, GALLEY_TICKET_WARNING);
  advance_to (f, f->base + 15 * MINUTE);
  g_assert_cmpint (galley_ticket_get_urgency (online), ==, GALLEY_TICKET_LATE);
  g_assert_cmpuint (galley_board_get_n_late (board), ==, 2);
  g_assert_cmpuint (late_notifies, ==, 2);

  /* new thresholds apply at once, without waiting for the next tick */
  set_thresholds (f->settings, "{'dine-in': (2, 4), 'online': (20, 30)}");
  g_assert_cmpint (galley_ticket_get_urgency (online), ==, GALLEY_TICKET_NORMAL);
  g_assert_cmpuint (galley_board_get_n_late (board), ==, 1);
  g_assert_cmpuint (late_notifies, ==, 3);

  /* a bumped ticket is not late any more */
  g_assert_true (galley_board_bump (board, dine_in, GALLEY_BOARD_BUMP_DEFAULT, FALSE, NULL));
  g_assert_cmpuint (galley_board_get_n_late (board), ==, 0);

  /* one clock source however many tickets: the board and its tickets have none */
  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *id = g_strdup_printf ("many-%u", i);

      add_order (f, id, 100 + i, f->base, lines (BURGER ("l1", 1, NULL), NULL), NULL);
    }
  advance (f, SEC);
  galley_test_drain_main_context ();   /* the outbox's kick after the bump */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (board)), ==, 51);
  g_assert_cmpuint (galley_test_count_sources ("galley-clock-"), ==, 1);
  g_assert_cmpuint (galley_test_count_sources ("galley-ticket"), ==, 0);
  /* the undo window of the bump above is the only other one */
  g_assert_cmpuint (galley_test_count_sources ("galley-board-"), ==, 1);
  g_assert_cmpuint (galley_test_count_sources ("galley-"), ==, 2);

  g_assert_finalize_object (g_steal_pointer (&board));
  g_assert_cmpuint (galley_test_count_sources ("galley-board-"), ==, 0);
}

/* 4a. The order type filter hides and counts (K-15). */
static void
test_kind_filter (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GalleyBoard) board = NULL;
  g_autoptr(Watch) w = NULL;
  guint hidden_notifies = 0;

  add_order (f, "d1", 1, f->base - 4 * MINUTE, lines (BURGER ("l1", 1, NULL), NULL),
             "'table_number':'7'");
  add_order (f, "t1", 2, f->base - 3 * MINUTE, lines (BURGER ("l1", 1, NULL), NULL),
             "'metadata':{'uiType':'takeout'}");
  add_order (f, "d2", 3, f->base - 2 * MINUTE, lines (BURGER ("l1", 1, NULL), NULL),
             "'table_number':'8'");
  add_order (f, "v1", 4, f->base - 1 * MINUTE, lines (BURGER ("l1", 1, NULL), NULL),
             "'type':'delivery'");
  board = new_board (f, GALLEY_TICKET_STATION_ALL);
  w = watch (board);
  g_signal_connect_swapped (board, "notify::n-hidden", G_CALLBACK (galley_test_count_cb),
                            &hidden_notifies);
  assert_board (board, "d1 t1 d2 v1");

  galley_board_set_kind_filter (board, 1u << GALLEY_ORDER_KIND_DINE_IN);
  g_assert_cmpuint (galley_board_get_kind_filter (board), ==, 1u << GALLEY_ORDER_KIND_DINE_IN);
  assert_board (board, "d1 d2");
  g_assert_cmpuint (galley_board_get_n_hidden (board), ==, 2);
  g_assert_cmpuint (hidden_notifies, ==, 1);
  /* the hidden ones are still known, just not shown */
  g_assert_cmpint (galley_board_get_position (board, galley_board_lookup (board, "t1")), ==, -1);

  /* the same filter again changes nothing */
  g_string_truncate (w->changes, 0);
  galley_board_set_kind_filter (board, 1u << GALLEY_ORDER_KIND_DINE_IN);
  assert_changes (w, "");
  g_assert_cmpuint (hidden_notifies, ==, 1);

  galley_board_set_kind_filter (board, (1u << GALLEY_ORDER_KIND_DINE_IN) |
                                       (1u << GALLEY_ORDER_KIND_DELIVERY));
  assert_board (board, "d1 d2 v1");
  g_assert_cmpuint (galley_board_get_n_hidden (board), ==, 1);

  /* an arriving order of a hidden type is counted, silently: it is not this cook's */
  g_string_truncate (w->cues, 0);
  add_order (f, "t2", 5, f->base, lines (BURGER ("l1", 1, NULL), NULL),
             "'metadata':{'uiType':'takeout'}");
  assert_board (board, "d1 d2 v1");
  g_assert_cmpuint (galley_board_get_n_hidden (board), ==, 2);
  assert_cues (w, "");

  /* shown again when the filter goes, still without a sound */
  galley_board_set_kind_filter (board, 0);
  assert_board (board, "d1 t1 d2 v1 t2");
  g_assert_cmpuint (galley_board_get_n_hidden (board), ==, 0);
  assert_cues (w, "");

  g_clear_pointer (&w, watch_free);
  g_assert_finalize_object (g_steal_pointer (&board));
}

/* 4b. Routing by the menu's categories (K-13): a station sees its lines and where the rest
 * goes; expo sees every order, each station's progress and the lines nobody makes. */
static void
test_station_routing (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GalleyBoard) grill = NULL;
  g_autoptr(GalleyBoard) fry = NULL;
  g_autoptr(GalleyBoard) bar = NULL;
  g_autoptr(GalleyBoard) expo = NULL;
  g_autoptr(GalleyBoard) all = NULL;
  const char * const fry_only[] = { "fry", NULL };
  const char * const grill_only[] = { "grill", NULL };
  const char * const grill_fry[] = { "grill", "fry", NULL };
  GalleyTicket *ticket;

  add_order (f, "a", 1, f->base - 4 * MINUTE,
             lines (BURGER ("a1", 1, NULL), FRIES ("a2", 1, NULL), NULL), NULL);
  add_order (f, "b", 2, f->base - 3 * MINUTE, lines (FRIES ("b1", 1, NULL), NULL), NULL);
  add_order (f, "c", 3, f->base - 2 * MINUTE,
             lines (COLA ("c1", 1, NULL), SOUP ("c2", 1, NULL), NULL), NULL);
  add_order (f, "d", 4, f->base - 1 * MINUTE, lines (SOUP ("d1", 1, NULL), NULL), NULL);

  grill = new_board (f, "grill");
  fry = new_board (f, "fry");
  bar = new_board (f, "bar");
  expo = new_board (f, GALLEY_TICKET_STATION_EXPO);
  all = new_board (f, GALLEY_TICKET_STATION_ALL);
  g_assert_false (galley_board_is_expo (grill));
  g_assert_true (galley_board_is_expo (expo));
  g_assert_cmpstr (galley_board_get_station (grill), ==, "grill");

  assert_board (grill, "a");
  assert_board (fry, "a b");
  assert_board (bar, "c");
  assert_board (expo, "a b c d");
  assert_board (all, "a b c d");

  /* the grill's card of "a": its burger only, and the fries are at the fry station */
  ticket = galley_board_lookup (grill, "a");
  g_assert_cmpuint (g_list_model_get_n_items (galley_ticket_get_lines (ticket)), ==, 1);
  g_assert_cmpstr (galley_ticket_line_get_item_id (line_at (ticket, 0)), ==, "a1");
  g_assert_cmpstrv (galley_ticket_get_also_at (ticket), fry_only);
  g_assert_cmpstrv (galley_ticket_get_also_at (galley_board_lookup (fry, "a")), grill_only);
  g_assert_null (galley_ticket_get_also_at (galley_board_lookup (fry, "b")));
  /* the soup goes nowhere: not "also at" anything */
  g_assert_null (galley_ticket_get_also_at (galley_board_lookup (bar, "c")));

  /* "all" shows every line, each with its station */
  ticket = galley_board_lookup (all, "c");
  g_assert_cmpuint (g_list_model_get_n_items (galley_ticket_get_lines (ticket)), ==, 2);
  g_assert_cmpstr (galley_ticket_line_get_station (line_at (ticket, 0)), ==, "bar");
  g_assert_null (galley_ticket_line_get_station (line_at (ticket, 1)));

  /* expo: per-station progress, and the unrouted alarm for "c" and "d" */
  ticket = galley_board_lookup (expo, "a");
  g_assert_cmpuint (g_list_model_get_n_items (galley_ticket_get_lines (ticket)), ==, 2);
  g_assert_cmpstrv (galley_ticket_get_progress_stations (ticket), grill_fry);
  g_assert_cmpuint (galley_ticket_get_progress_done (ticket), ==, 0);
  g_assert_cmpint (galley_ticket_get_progress_slowest (ticket), ==, -1);
  g_assert_cmpuint (galley_board_get_n_unrouted (expo), ==, 2);
  g_assert_cmpuint (galley_board_get_n_unrouted (grill), ==, 0);

  /* the server relays that the grill finished "a": expo ticks the grill, the fry is now
   * the slowest, and the grill's card goes */
  g_assert_true (galley_order_store_apply_item_status (f->store, "a", "a1", "ready"));
  g_assert_cmpuint (galley_ticket_get_progress_done (ticket), ==, 0x1);
  g_assert_cmpint (galley_ticket_get_progress_slowest (ticket), ==, 1);
  assert_board (grill, "");
  assert_board (fry, "a b");

  /* the soup gets a station: routing changes live, the alarm goes */
  {
    g_autoptr(GVariant) map = g_variant_parse (G_VARIANT_TYPE ("a{ss}"),
                                               "{'burgers': 'grill', 'sides': 'fry', "
                                               "'drinks': 'bar', 'specials': 'cold'}",
                                               NULL, NULL, NULL);

    g_assert_true (g_settings_set_value (f->settings, "station-categories", map));
    galley_test_drain_main_context ();
  }
  g_assert_cmpuint (galley_board_get_n_unrouted (expo), ==, 0);
  g_assert_nonnull (galley_ticket_get_also_at (galley_board_lookup (bar, "c")));

  g_assert_finalize_object (g_steal_pointer (&grill));
  g_assert_finalize_object (g_steal_pointer (&fry));
  g_assert_finalize_object (g_steal_pointer (&bar));
  g_assert_finalize_object (g_steal_pointer (&expo));
  g_assert_finalize_object (g_steal_pointer (&all));
}

/* 5. Changes are drawn line by line until the cook touches the card (K-11), and audited. */
static void
test_change_marks (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GalleyBoard) board = NULL;
  GalleyTicket *ticket;
  guint n_changes = 0;

  add_order (f, "o1", 1, f->base, lines (BURGER ("l1", 2, NULL), FRIES ("l2", 1, NULL),
                                         COLA ("l3", 1, NULL), NULL), NULL);
  board = new_board (f, GALLEY_TICKET_STATION_ALL);
  ticket = galley_board_lookup (board, "o1");
  g_signal_connect_swapped (ticket, "notify::has-changes", G_CALLBACK (galley_test_count_cb),
                            &n_changes);
  g_assert_false (galley_ticket_get_has_changes (ticket));

  /* 2 -> 1 burgers, fries voided, cola without ice, soup added */
  update_order (f, "o1", lines (BURGER ("l1", 1, NULL), COLA ("l3", 1, NO_ICE),
                                SOUP ("l4", 1, NULL), NULL), NULL);
  g_assert_true (galley_ticket_get_has_changes (ticket));
  g_assert_cmpuint (n_changes, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (galley_ticket_get_lines (ticket)), ==, 4);
  g_assert_cmpstr (galley_ticket_line_get_item_id (line_at (ticket, 0)), ==, "l1");
  g_assert_cmpint (galley_ticket_line_get_change (line_at (ticket, 0)), ==,
                   GALLEY_LINE_CHANGE_QUANTITY);
  g_assert_cmpint (galley_ticket_line_get_old_quantity (line_at (ticket, 0)), ==, 2);
  g_assert_cmpint (galley_ticket_line_get_change (line_at (ticket, 1)), ==,
                   GALLEY_LINE_CHANGE_MODIFIED);
  g_assert_cmpint (galley_ticket_line_get_change (line_at (ticket, 2)), ==,
                   GALLEY_LINE_CHANGE_ADDED);
  g_assert_cmpstr (galley_ticket_line_get_item_id (line_at (ticket, 3)), ==, "l2");
  g_assert_cmpint (galley_ticket_line_get_change (line_at (ticket, 3)), ==,
                   GALLEY_LINE_CHANGE_VOIDED);
  assert_change_kinds (f->log, "o1", "quantity,modified,added,void");

  /* the marks are no flash: an hour of ticks later they are still there */
  for (guint i = 0; i < 60; i++)
    advance (f, MINUTE);
  g_assert_true (galley_ticket_get_has_changes (ticket));
  g_assert_cmpint (galley_ticket_line_get_change (line_at (ticket, 3)), ==,
                   GALLEY_LINE_CHANGE_VOIDED);

  /* the cook touches the card: the marks go, the voided line goes, the card stays */
  galley_board_touch (board, ticket);
  g_assert_false (galley_ticket_get_has_changes (ticket));
  g_assert_cmpuint (n_changes, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (galley_ticket_get_lines (ticket)), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (galley_ticket_line_get_change (line_at (ticket, i)), ==,
                     GALLEY_LINE_CHANGE_NONE);
  g_assert_cmpint (galley_board_get_position (board, ticket), ==, 0);

  /* each change is audited once, however many edits follow before a touch */
  update_order (f, "o1", lines (BURGER ("l1", 1, NULL), COLA ("l3", 1, NO_ICE),
                                SOUP ("l4", 2, NULL), NULL), NULL);
  assert_change_kinds (f->log, "o1", "quantity,modified,added,void,quantity");
  update_order (f, "o1", lines (BURGER ("l1", 3, NULL), COLA ("l3", 1, NO_ICE),
                                SOUP ("l4", 2, NULL), NULL), NULL);
  assert_change_kinds (f->log, "o1", "quantity,modified,added,void,quantity,quantity");
  g_assert_cmpint (galley_ticket_line_get_change (line_at (ticket, 0)), ==,
                   GALLEY_LINE_CHANGE_QUANTITY);
  g_assert_cmpint (galley_ticket_line_get_change (line_at (ticket, 2)), ==,
                   GALLEY_LINE_CHANGE_QUANTITY);

  /* a bump is seen too: the marks go with it */
  g_assert_true (galley_board_bump (board, ticket, GALLEY_BOARD_BUMP_DEFAULT, FALSE, NULL));
  g_assert_false (galley_ticket_get_has_changes (ticket));

  g_assert_finalize_object (g_steal_pointer (&board));
}

/* 6. An allergy must be acknowledged before the bump (K-10); who and when are kept, and a
 * restart keeps the acknowledgement only for the allergy that was read. */
static void
test_allergy_ack (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GalleyBoard) board = NULL;
  g_autoptr(GalleyBoard) expo = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *who = NULL;
  g_autofree char *allergens = NULL;
  GalleyTicket *ticket;
  gint64 at = 0, acked_at;
  guint user_notifies = 0;

  add_order (f, "o1", 1, f->base, lines (BURGER ("l1", 1, "'modifications':['nut allergy']"),
                                         FRIES ("l2", 1, NULL), NULL), NULL);
  board = new_board (f, "grill");
  expo = new_board (f, GALLEY_TICKET_STATION_EXPO);
  g_signal_connect_swapped (board, "notify::user", G_CALLBACK (galley_test_count_cb),
                            &user_notifies);
  galley_board_set_user (board, "Sam");
  galley_board_set_user (board, "Sam");
  g_assert_cmpuint (user_notifies, ==, 1);
  g_assert_cmpstr (galley_board_get_user (board), ==, "Sam");
  ticket = galley_board_lookup (board, "o1");
  g_assert_true (galley_ticket_get_needs_ack (ticket));

  /* refused, and nothing is written anywhere */
  g_assert_false (galley_board_bump (board, ticket, GALLEY_BOARD_BUMP_DEFAULT, FALSE, &error));
  g_assert_error (error, GALLEY_BOARD_ERROR, GALLEY_BOARD_ERROR_NEEDS_ACK);
  g_assert_cmpstr (error->message, ==, "Acknowledge the allergy on order #0001 before bumping it.");
  g_clear_error (&error);
  g_assert_false (galley_board_bump_line (board, ticket, "l1", &error));
  g_assert_error (error, GALLEY_BOARD_ERROR, GALLEY_BOARD_ERROR_NEEDS_ACK);
  g_clear_error (&error);
  g_assert_cmpuint (galley_outbox_get_depth (f->outbox), ==, 0);
  g_assert_false (galley_board_get_can_undo (board));
  g_assert_cmpint (galley_board_get_position (board, ticket), ==, 0);

  advance (f, 3 * MINUTE);
  acked_at = fake_now;
  g_assert_true (galley_board_acknowledge (board, ticket, &error));
  g_assert_no_error (error);
  g_assert_false (galley_ticket_get_needs_ack (ticket));
  g_assert_cmpstr (galley_ticket_get_acknowledged_by (ticket), ==, "Sam");
  g_assert_cmpint (galley_ticket_get_acknowledged_at (ticket), ==, acked_at);
  g_assert_true (galley_kitchen_log_lookup_ack_full (f->log, "o1", "grill", &who, &at,
                                                     &allergens));
  g_assert_cmpstr (who, ==, "Sam");
  g_assert_cmpint (at, ==, acked_at);
  g_assert_cmpstr (allergens, ==, "nut allergy (Smash Burger)");
  g_clear_pointer (&who, g_free);

  /* expo must acknowledge it too (§7, item 2) */
  g_assert_true (galley_ticket_get_needs_ack (galley_board_lookup (expo, "o1")));
  g_assert_false (galley_kitchen_log_lookup_ack (f->log, "o1", "expo", NULL, NULL));

  /* a restart: a new log on the same file, a new board */
  g_assert_finalize_object (g_steal_pointer (&board));
  g_assert_finalize_object (g_steal_pointer (&expo));
  g_assert_finalize_object (g_steal_pointer (&f->log));
  f->log = open_log (f);
  board = new_board (f, "grill");
  ticket = galley_board_lookup (board, "o1");
  g_assert_true (galley_ticket_get_acknowledged (ticket));
  g_assert_false (galley_ticket_get_needs_ack (ticket));
  g_assert_cmpstr (galley_ticket_get_acknowledged_by (ticket), ==, "Sam");
  g_assert_cmpint (galley_ticket_get_acknowledged_at (ticket), ==, acked_at);

  /* a second allergy on the open board: a new acknowledgement, signed by the station
   * when nobody is signed in */
  update_order (f, "o1", lines (BURGER ("l1", 1, "'modifications':['nut allergy','dairy free']"),
                                FRIES ("l2", 1, NULL), NULL), NULL);
  g_assert_true (galley_ticket_get_needs_ack (ticket));
  g_assert_null (galley_ticket_get_acknowledged_by (ticket));
  g_assert_false (galley_board_bump (board, ticket, GALLEY_BOARD_BUMP_DEFAULT, FALSE, &error));
  g_assert_error (error, GALLEY_BOARD_ERROR, GALLEY_BOARD_ERROR_NEEDS_ACK);
  g_clear_error (&error);
  g_assert_true (galley_board_acknowledge (board, ticket, &error));
  g_assert_cmpstr (galley_ticket_get_acknowledged_by (ticket), ==, "grill");

  /* an allergy that came while the screen was off was not read: the old acknowledgement
   * does not cover it after a restart */
  g_assert_finalize_object (g_steal_pointer (&board));
  update_order (f, "o1", lines (BURGER ("l1", 1, "'modifications':['nut allergy','dairy free',"
                                                  "'shellfish allergy']"),
                                FRIES ("l2", 1, NULL), NULL), NULL);
  board = new_board (f, "grill");
  ticket = galley_board_lookup (board, "o1");
  g_assert_true (galley_ticket_get_needs_ack (ticket));
  g_assert_false (galley_board_bump (board, ticket, GALLEY_BOARD_BUMP_DEFAULT, FALSE, &error));
  g_assert_error (error, GALLEY_BOARD_ERROR, GALLEY_BOARD_ERROR_NEEDS_ACK);
  g_clear_error (&error);

  galley_board_set_user (board, "Alex");
  g_assert_true (galley_board_acknowledge (board, ticket, &error));
  g_assert_true (galley_board_bump (board, ticket, GALLEY_BOARD_BUMP_DEFAULT, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (galley_kitchen_log_lookup_ack (f->log, "o1", "grill", &who, NULL));
  g_assert_cmpstr (who, ==, "Alex");

  g_assert_finalize_object (g_steal_pointer (&board));
}

/* 7a. A bump is durable at once, held for the undo window, and undone without a trace. */
static void
test_bump_undo (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GalleyBoard) board = NULL;
  g_autoptr(Watch) w = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) recent = NULL;
  g_autofree char *label = NULL;
  GalleySpeedOfService speed;
  GalleyTicket *ticket;
  guint undo_notifies = 0;
  gint64 seq;

  add_order (f, "o1", 1, f->base - 3 * MINUTE, lines (BURGER ("l1", 1, NULL), NULL), NULL);
  add_order (f, "o2", 2, f->base - 2 * MINUTE, lines (BURGER ("l1", 1, NULL),
                                                   FRIES ("l2", 1, NULL), NULL), NULL);
  add_order (f, "o3", 3, f->base - 1 * MINUTE, lines (BURGER ("l1", 1, NULL), NULL), NULL);
  board = new_board (f, GALLEY_TICKET_STATION_ALL);
  w = watch (board);
  g_signal_connect_swapped (board, "notify::can-undo", G_CALLBACK (galley_test_count_cb),
                            &undo_notifies);
  ticket = galley_board_lookup (board, "o2");
  g_assert_false (galley_board_get_can_undo (board));
  g_assert_null (galley_board_dup_undo_label (board));

  advance (f, 5 * MINUTE);
  g_assert_true (galley_board_bump (board, ticket, GALLEY_BOARD_BUMP_DEFAULT, FALSE, &error));
  g_assert_no_error (error);

  /* in the outbox, not sent: waiting out its undo window */
  seq = last_undo_seq (board, 0);
  assert_outbox (f->outbox, "o2::ready");
  g_assert_true (galley_outbox_is_pending (f->outbox, seq));
  g_assert_false (galley_outbox_is_committed (f->outbox, seq));
  g_assert_cmpint (galley_outbox_get_pending_status (f->outbox, "o2"), ==,
                   GALLEY_ORDER_STATUS_READY);
  g_assert_cmpint (galley_order_get_status (galley_ticket_get_order (ticket)), ==,
                   GALLEY_ORDER_STATUS_PENDING);
  /* off the board, every line done, in the log */
  assert_changes (w, "1:1:0");
  assert_board (board, "o1 o3");
  g_assert_cmpuint (galley_ticket_get_n_lines_open (ticket), ==, 0);
  g_assert_true (galley_board_get_can_undo (board));
  g_assert_cmpuint (undo_notifies, ==, 1);
  label = galley_board_dup_undo_label (board);
  g_assert_cmpstr (label, ==, "Bumped order #0002");
  galley_board_get_speed (board, &speed);
  g_assert_cmpuint (speed.bumped, ==, 1);
  g_assert_cmpint (speed.worst_us, ==, 7 * MINUTE);
  recent = galley_board_dup_recent (board);
  g_assert_cmpuint (recent->len, ==, 1);
  g_clear_pointer (&recent, g_ptr_array_unref);

  /* undo: the change leaves the outbox unsent, the card comes back where it was */
  g_assert_true (galley_board_undo (board, &error));
  g_assert_no_error (error);
  g_assert_false (galley_outbox_is_pending (f->outbox, seq));
  g_assert_cmpuint (galley_outbox_get_depth (f->outbox), ==, 0);
  g_assert_cmpint (galley_outbox_get_pending_status (f->outbox, "o2"), ==,
                   GALLEY_ORDER_STATUS_UNKNOWN);
  assert_changes (w, "1:0:1");
  assert_board (board, "o1 o2 o3");
  g_assert_cmpuint (galley_ticket_get_n_lines_open (ticket), ==, 2);
  g_assert_false (galley_board_get_can_undo (board));
  g_assert_cmpuint (undo_notifies, ==, 2);
  galley_board_get_speed (board, &speed);
  g_assert_cmpuint (speed.bumped, ==, 0);
  recent = galley_board_dup_recent (board);
  g_assert_cmpuint (recent->len, ==, 0);
  g_clear_pointer (&recent, g_ptr_array_unref);
  assert_cues (w, "");

  /* nothing to undo now */
  g_assert_false (galley_board_undo (board, &error));
  g_assert_error (error, GALLEY_BOARD_ERROR, GALLEY_BOARD_ERROR_TOO_LATE);
  g_clear_error (&error);

  /* after the window the bump stays: too late to undo, and it will be sent */
  g_assert_true (galley_board_bump (board, ticket, GALLEY_BOARD_BUMP_DEFAULT, FALSE, &error));
  seq = last_undo_seq (board, 0);
  g_assert_cmpuint (galley_test_count_sources ("galley-board-undo"), ==, 1);
  end_board_undo_window (board);
  g_assert_false (galley_board_undo (board, &error));
  g_assert_error (error, GALLEY_BOARD_ERROR, GALLEY_BOARD_ERROR_TOO_LATE);
  g_clear_error (&error);
  g_assert_false (galley_board_get_can_undo (board));
  g_assert_cmpuint (galley_test_count_sources ("galley-board-undo"), ==, 0);
  g_assert_true (galley_outbox_is_pending (f->outbox, seq));
  assert_board (board, "o1 o3");

  /* the outbox file agrees: after a restart only that bump is waiting */
  g_clear_pointer (&w, watch_free);
  g_assert_finalize_object (g_steal_pointer (&board));
  g_assert_finalize_object (g_steal_pointer (&f->outbox));
  f->outbox = open_outbox (f);
  assert_outbox (f->outbox, "o2::ready");
}

static void
go_offline_cb (GalleyOutbox *outbox,
               gint64        seq,
               gint64       *committed)
{
  *committed = seq;
  /* stop before any request: a committed change is as good as sent */
  galley_outbox_set_live (outbox, FALSE);
}

static gboolean
is_set (gpointer data)
{
  return *(gint64 *) data != 0;
}

/* 7b. The two windows end together; once the outbox has started on the change, the bump
 * can no longer be taken back, whatever the board's own window says. */
static void
test_undo_after_commit (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GalleyBoard) board = NULL;
  g_autoptr(GError) error = NULL;
  gint64 seq, committed = 0;

  add_order (f, "o1", 1, f->base, lines (BURGER ("l1", 1, NULL), NULL), NULL);
  board = new_board (f, GALLEY_TICKET_STATION_ALL);
  g_signal_connect (f->outbox, "committed", G_CALLBACK (go_offline_cb), &committed);

  g_assert_true (galley_board_bump (board, galley_board_lookup (board, "o1"),
                                    GALLEY_BOARD_BUMP_DEFAULT, FALSE, &error));
  seq = last_undo_seq (board, 0);
  end_outbox_windows (f->outbox);
  galley_outbox_set_live (f->outbox, TRUE);
  g_assert_true (galley_test_spin_until (is_set, &committed, WAIT_MS));
  g_assert_cmpint (committed, ==, seq);
  g_assert_true (galley_outbox_is_committed (f->outbox, seq));

  /* the board's window is still open, but the change is on its way: Undo ends at once */
  g_assert_false (galley_board_get_can_undo (board));
  g_assert_false (galley_board_undo (board, &error));
  g_assert_error (error, GALLEY_BOARD_ERROR, GALLEY_BOARD_ERROR_TOO_LATE);
  g_assert_cmpstr (error->message, ==, "There is no bump to undo.");
  g_assert_true (galley_outbox_is_pending (f->outbox, seq));
  assert_board (board, "");
  g_assert_cmpuint (galley_ticket_get_n_lines_open (galley_board_lookup (board, "o1")), ==, 0);

  g_signal_handlers_disconnect_by_data (f->outbox, &committed);
  g_assert_finalize_object (g_steal_pointer (&board));
}

/* 7c. A station finishes its own lines; the order is ready when every station has. */
static void
test_station_bump (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GalleyBoard) grill = NULL;
  g_autoptr(GalleyBoard) fry = NULL;
  g_autoptr(GHashTable) done = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Watch) w = NULL;

  add_order (f, "o1", 1, f->base - 2 * MINUTE, lines (BURGER ("a", 1, NULL), FRIES ("b", 1, NULL),
                                                   NULL), NULL);
  add_order (f, "o2", 2, f->base - 1 * MINUTE, lines (BURGER ("a", 1, NULL), FRIES ("b", 1, NULL),
                                                   NULL), NULL);
  grill = new_board (f, "grill");
  fry = new_board (f, "fry");

  /* the grill bumps o1: its line, relayed as a line status; no order status yet */
  g_assert_true (galley_board_bump (grill, galley_board_lookup (grill, "o1"),
                                    GALLEY_BOARD_BUMP_DEFAULT, FALSE, &error));
  g_assert_no_error (error);
  assert_outbox (f->outbox, "o1:a:ready");
  g_assert_cmpint (galley_outbox_get_pending_status (f->outbox, "o1"), ==,
                   GALLEY_ORDER_STATUS_UNKNOWN);
  assert_board (grill, "o2");
  assert_board (fry, "o1 o2");
  g_assert_false (galley_ticket_line_get_done (line_at (galley_board_lookup (fry, "o1"), 0)));
  done = galley_kitchen_log_dup_lines_done_at (f->log, "o1", "grill");
  g_assert_cmpuint (g_hash_table_size (done), ==, 1);
  g_assert_true (g_hash_table_contains (done, "a"));
  g_clear_pointer (&done, g_hash_table_unref);

  /* the fry bumps o1 before hearing of the grill: its line only, still no order status */
  g_assert_true (galley_board_bump (fry, galley_board_lookup (fry, "o1"),
                                    GALLEY_BOARD_BUMP_DEFAULT, FALSE, &error));
  assert_outbox (f->outbox, "o1:a:ready o1:b:ready");
  assert_board (fry, "o2");

  /* o2: the server relays the grill's line first; the fry's bump then finishes the order */
  g_assert_true (galley_board_bump (grill, galley_board_lookup (grill, "o2"),
                                    GALLEY_BOARD_BUMP_DEFAULT, FALSE, &error));
  g_assert_true (galley_order_store_apply_item_status (f->store, "o2", "a", "ready"));
  g_assert_true (galley_board_bump (fry, galley_board_lookup (fry, "o2"),
                                    GALLEY_BOARD_BUMP_DEFAULT, FALSE, &error));
  g_assert_no_error (error);
  assert_outbox (f->outbox, "o1:a:ready o1:b:ready o2:a:ready o2:b:ready o2::ready");
  g_assert_cmpint (galley_outbox_get_pending_status (f->outbox, "o2"), ==,
                   GALLEY_ORDER_STATUS_READY);

  /* undo takes back both of the fry's changes, and only those */
  g_assert_true (galley_board_undo (fry, &error));
  assert_outbox (f->outbox, "o1:a:ready o1:b:ready o2:a:ready");
  assert_board (fry, "o2");
  g_assert_cmpuint (galley_ticket_get_n_lines_open (galley_board_lookup (fry, "o2")), ==, 1);
  assert_board (grill, "");

  /* an add-on for a station that had finished: its card comes back, marked, and is heard */
  w = watch (grill);
  update_order (f, "o1", lines (BURGER ("a", 1, NULL), FRIES ("b", 1, NULL),
                                VEGGIE ("c", 1, NULL), NULL), NULL);
  assert_board (grill, "o1");
  assert_cues (w, "changed");
  g_assert_cmpint (galley_ticket_line_get_change (galley_ticket_find_line (
                     galley_board_lookup (grill, "o1"), "c")), ==, GALLEY_LINE_CHANGE_ADDED);
  g_assert_cmpuint (galley_ticket_get_n_lines_open (galley_board_lookup (grill, "o1")), ==, 1);
  g_clear_pointer (&w, watch_free);

  g_assert_finalize_object (g_steal_pointer (&grill));
  g_assert_finalize_object (g_steal_pointer (&fry));
}

/* 7d. Lines struck one by one (K-6); the last one bumps the ticket, and every line this
 * station struck is relayed, so that expo and the other stations learn it finished. */
static void
test_bump_line (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GalleyBoard) grill = NULL;
  g_autoptr(GalleyBoard) expo = NULL;
  g_autoptr(GHashTable) done = NULL;
  g_autoptr(GError) error = NULL;
  GalleyTicket *ticket;

  add_order (f, "o1", 1, f->base, lines (BURGER ("a", 2, NULL), FRIES ("b", 1, NULL),
                                         VEGGIE ("c", 1, NULL), NULL), NULL);
  grill = new_board (f, "grill");
  expo = new_board (f, GALLEY_TICKET_STATION_EXPO);
  ticket = galley_board_lookup (grill, "o1");
  g_assert_cmpuint (galley_ticket_get_n_lines_open (ticket), ==, 2);

  g_assert_true (galley_board_bump_line (grill, ticket, "a", &error));
  g_assert_no_error (error);
  g_assert_true (galley_ticket_line_get_done (galley_ticket_find_line (ticket, "a")));
  g_assert_cmpuint (galley_ticket_get_n_lines_open (ticket), ==, 1);
  assert_board (grill, "o1");
  g_assert_false (galley_board_get_can_undo (grill));
  done = galley_kitchen_log_dup_lines_done_at (f->log, "o1", "grill");
  g_assert_true (g_hash_table_contains (done, "a"));
  g_clear_pointer (&done, g_hash_table_unref);

  /* struck back */
  g_assert_true (galley_board_bump_line (grill, ticket, "a", &error));
  g_assert_false (galley_ticket_line_get_done (galley_ticket_find_line (ticket, "a")));
  done = galley_kitchen_log_dup_lines_done_at (f->log, "o1", "grill");
  g_assert_false (g_hash_table_contains (done, "a"));
  g_clear_pointer (&done, g_hash_table_unref);

  /* lines of other stations and unknown lines are not this card's */
  g_assert_false (galley_board_bump_line (grill, ticket, "b", &error));
  g_assert_error (error, GALLEY_BOARD_ERROR, GALLEY_BOARD_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* the last open line bumps the ticket, with its undo */
  g_assert_true (galley_board_bump_line (grill, ticket, "a", &error));
  g_assert_true (galley_board_bump_line (grill, ticket, "c", &error));
  g_assert_no_error (error);
  g_assert_true (galley_board_get_can_undo (grill));
  assert_board (grill, "");
  assert_outbox (f->outbox, "o1:a:ready o1:c:ready");

  /* the server relays both: expo sees the grill finished */
  g_assert_true (galley_order_store_apply_item_status (f->store, "o1", "a", "ready"));
  g_assert_true (galley_order_store_apply_item_status (f->store, "o1", "c", "ready"));
  g_assert_cmpuint (galley_ticket_get_progress_done (galley_board_lookup (expo, "o1")), ==, 0x1);

  g_assert_finalize_object (g_steal_pointer (&grill));
  g_assert_finalize_object (g_steal_pointer (&expo));
}

/* 8. Recall (K-7): the last bump comes back with its original time; the recently bumped
 * list covers 30 minutes. The server's statuses only move forward, so nothing is sent. */
static void
test_recall (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GalleyBoard) board = NULL;
  g_autoptr(GPtrArray) recent = NULL;
  g_autoptr(GError) error = NULL;
  GalleySpeedOfService speed;
  GalleyTicket *ticket;
  guint recent_signals = 0;

  add_order (f, "o1", 1, f->base - 2 * MINUTE, lines (BURGER ("l1", 1, NULL), NULL), NULL);
  add_order (f, "o2", 2, f->base - 1 * MINUTE, lines (BURGER ("l1", 1, NULL), NULL), NULL);
  board = new_board (f, GALLEY_TICKET_STATION_ALL);
  g_signal_connect_swapped (board, "recent-changed", G_CALLBACK (galley_test_count_cb),
                            &recent_signals);

  /* nothing bumped yet */
  g_assert_false (galley_board_recall_last (board, &error));
  g_assert_error (error, GALLEY_BOARD_ERROR, GALLEY_BOARD_ERROR_NOT_FOUND);
  g_clear_error (&error);

  advance (f, MINUTE);
  g_assert_true (galley_board_bump (board, galley_board_lookup (board, "o1"),
                                    GALLEY_BOARD_BUMP_DEFAULT, FALSE, &error));
  advance (f, 10 * MINUTE);
  g_assert_true (galley_board_bump (board, galley_board_lookup (board, "o2"),
                                    GALLEY_BOARD_BUMP_DEFAULT, FALSE, &error));
  g_assert_cmpuint (recent_signals, ==, 2);
  assert_board (board, "");
  /* the server confirms o2 ready */
  update_order (f, "o2", lines (BURGER ("l1", 1, NULL), NULL), "'status':'ready'");

  recent = galley_board_dup_recent (board);
  g_assert_cmpuint (recent->len, ==, 2);
  g_assert_cmpstr (((GalleyBumpRecord *) g_ptr_array_index (recent, 0))->order_id, ==, "o2");
  g_assert_cmpstr (((GalleyBumpRecord *) g_ptr_array_index (recent, 1))->order_id, ==, "o1");
  g_clear_pointer (&recent, g_ptr_array_unref);

  /* recall last: o2 is back, recalled, with its original time and its lines open */
  advance (f, MINUTE);
  g_assert_true (galley_board_recall_last (board, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (recent_signals, ==, 3);
  assert_board (board, "o2");
  ticket = galley_board_lookup (board, "o2");
  g_assert_true (galley_ticket_get_recalled (ticket));
  g_assert_cmpuint (galley_ticket_get_n_lines_open (ticket), ==, 1);
  g_assert_cmpint (galley_ticket_get_started_at (ticket), ==, f->base - 1 * MINUTE);
  advance (f, SEC);
  g_assert_cmpint (galley_ticket_get_elapsed (ticket), ==, 13 * 60 + 1);
  /* a view action: no status goes back to the server */
  assert_outbox (f->outbox, "o1::ready o2::ready");
  galley_board_get_speed (board, &speed);
  g_assert_cmpuint (speed.recalls, ==, 1);

  /* a recalled bump is not in the list any more */
  recent = galley_board_dup_recent (board);
  g_assert_cmpuint (recent->len, ==, 1);
  g_assert_cmpstr (((GalleyBumpRecord *) g_ptr_array_index (recent, 0))->order_id, ==, "o1");
  g_clear_pointer (&recent, g_ptr_array_unref);

  /* bumped again: no longer "recalled" */
  g_assert_true (galley_board_bump (board, ticket, GALLEY_BOARD_BUMP_DEFAULT, FALSE, &error));
  g_assert_false (galley_ticket_get_recalled (ticket));
  assert_board (board, "");

  /* 30 minutes on, o1's bump is out of the list; o2's second bump is not */
  advance_to (f, f->base + MINUTE + 30 * MINUTE + SEC);
  recent = galley_board_dup_recent (board);
  g_assert_cmpuint (recent->len, ==, 1);
  g_assert_cmpstr (((GalleyBumpRecord *) g_ptr_array_index (recent, 0))->order_id, ==, "o2");
  g_clear_pointer (&recent, g_ptr_array_unref);
  advance (f, 30 * MINUTE);
  recent = galley_board_dup_recent (board);
  g_assert_cmpuint (recent->len, ==, 0);
  g_assert_false (galley_board_recall_last (board, &error));
  g_assert_error (error, GALLEY_BOARD_ERROR, GALLEY_BOARD_ERROR_NOT_FOUND);

  g_assert_finalize_object (g_steal_pointer (&board));
}

/* 9. Expo completes orders (E-2): asks before completing one a station has not finished. */
static void
test_expo (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GalleyBoard) expo = NULL;
  g_autoptr(GError) error = NULL;
  GalleyTicket *o1, *o2;

  add_order (f, "o1", 1, f->base - 4 * MINUTE, lines (BURGER ("a", 1, NULL), FRIES ("b", 1, NULL),
                                                   NULL), NULL);
  add_order (f, "o2", 2, f->base - 3 * MINUTE, lines (BURGER ("a", 1, NULL), NULL),
             "'status':'ready'");
  add_order (f, "o3", 3, f->base - 2 * MINUTE, lines (BURGER ("a", 1, NULL), NULL),
             "'status':'picked-up'");
  add_order (f, "o4", 4, f->base - 1 * MINUTE, lines (BURGER ("a", 1, NULL), NULL),
             "'status':'completed'");
  expo = new_board (f, GALLEY_TICKET_STATION_EXPO);
  assert_board (expo, "o1 o2 o3");
  o1 = galley_board_lookup (expo, "o1");
  o2 = galley_board_lookup (expo, "o2");

  /* both stations are still on o1: ask */
  g_assert_false (galley_board_bump (expo, o1, GALLEY_BOARD_BUMP_COMPLETE, FALSE, &error));
  g_assert_error (error, GALLEY_BOARD_ERROR, GALLEY_BOARD_ERROR_UNFINISHED);
  g_assert_cmpstr (error->message, ==, "Grill and Fry have not finished order #0001. "
                                       "Complete anyway?");
  g_clear_error (&error);
  g_assert_cmpuint (galley_outbox_get_depth (f->outbox), ==, 0);

  /* the grill finishes: only the fry is left */
  g_assert_true (galley_order_store_apply_item_status (f->store, "o1", "a", "ready"));
  g_assert_false (galley_board_bump (expo, o1, GALLEY_BOARD_BUMP_COMPLETE, FALSE, &error));
  g_assert_error (error, GALLEY_BOARD_ERROR, GALLEY_BOARD_ERROR_UNFINISHED);
  g_assert_nonnull (strstr (error->message, "Fry has not finished"));
  g_clear_error (&error);

  /* "complete anyway" */
  g_assert_true (galley_board_bump (expo, o1, GALLEY_BOARD_BUMP_COMPLETE, TRUE, &error));
  g_assert_no_error (error);
  assert_outbox (f->outbox, "o1::completed");
  assert_board (expo, "o2 o3");
  g_assert_true (galley_board_undo (expo, &error));
  assert_board (expo, "o1 o2 o3");

  /* every station done: no question */
  g_assert_true (galley_order_store_apply_item_status (f->store, "o1", "b", "ready"));
  g_assert_cmpuint (galley_ticket_get_progress_done (o1), ==, 0x3);
  g_assert_true (galley_board_bump (expo, o1, GALLEY_BOARD_BUMP_COMPLETE, FALSE, &error));
  g_assert_no_error (error);
  assert_outbox (f->outbox, "o1::completed");

  /* a ready order is picked up (it stays on expo), then completed */
  g_assert_true (galley_board_bump (expo, o2, GALLEY_BOARD_BUMP_PICKED_UP, FALSE, &error));
  g_assert_no_error (error);
  assert_outbox (f->outbox, "o1::completed o2::picked-up");
  assert_board (expo, "o2 o3");
  g_assert_true (galley_board_bump (expo, o2, GALLEY_BOARD_BUMP_COMPLETE, FALSE, &error));
  g_assert_no_error (error);
  assert_outbox (f->outbox, "o1::completed o2::picked-up o2::completed");
  assert_board (expo, "o3");

  /* a picked-up order cannot be picked up again; it can be completed */
  g_assert_false (galley_board_bump (expo, galley_board_lookup (expo, "o3"),
                                     GALLEY_BOARD_BUMP_PICKED_UP, FALSE, &error));
  g_assert_error (error, GALLEY_BOARD_ERROR, GALLEY_BOARD_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_true (galley_board_bump (expo, galley_board_lookup (expo, "o3"),
                                    GALLEY_BOARD_BUMP_COMPLETE, FALSE, &error));
  assert_board (expo, "");

  /* a completed order is not bumped again */
  g_assert_false (galley_board_bump (expo, galley_board_lookup (expo, "o4"),
                                     GALLEY_BOARD_BUMP_COMPLETE, TRUE, &error));
  g_assert_error (error, GALLEY_BOARD_ERROR, GALLEY_BOARD_ERROR_NOT_ALLOWED);

  g_assert_finalize_object (g_steal_pointer (&expo));
}

/* 10. A cancelled order stays as a CANCELLED card until a cook dismisses it (K-11). */
static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GalleyBoard) board = NULL;
  g_autoptr(Watch) w = NULL;
  g_autoptr(GError) error = NULL;
  GalleyTicket *ticket;

  add_order (f, "o1", 1, f->base - 2 * MINUTE,
             lines (BURGER ("l1", 1, "'modifications':['nut allergy']"), NULL), NULL);
  add_order (f, "o2", 2, f->base - 1 * MINUTE, lines (BURGER ("l1", 1, NULL), NULL), NULL);
  board = new_board (f, "grill");
  w = watch (board);
  ticket = galley_board_lookup (board, "o1");

  update_order (f, "o1", lines (BURGER ("l1", 1, "'modifications':['nut allergy']"), NULL),
                "'status':'cancelled'");
  assert_cues (w, "voided");
  assert_changes (w, "");
  assert_board (board, "o1 o2");
  g_assert_true (galley_ticket_get_cancelled (ticket));
  g_assert_false (galley_ticket_get_needs_ack (ticket));
  assert_change_kinds (f->log, "o1", "cancelled");

  /* it stays through ticks and further updates, and is never counted late */
  advance (f, 30 * MINUTE);
  assert_board (board, "o1 o2");
  g_assert_cmpuint (galley_board_get_n_late (board), ==, 1);

  /* dismissed: gone for good; bumping a cancelled card dismisses it, nothing is sent */
  galley_board_dismiss (board, ticket);
  assert_changes (w, "0:1:0");
  assert_board (board, "o2");
  update_order (f, "o1", lines (BURGER ("l1", 1, NULL), NULL), "'status':'cancelled'");
  assert_board (board, "o2");
  assert_cues (w, "");

  update_order (f, "o2", lines (BURGER ("l1", 1, NULL), NULL), "'status':'cancelled'");
  assert_board (board, "o2");
  g_assert_true (galley_board_bump (board, galley_board_lookup (board, "o2"),
                                    GALLEY_BOARD_BUMP_DEFAULT, FALSE, &error));
  g_assert_no_error (error);
  assert_board (board, "");
  g_assert_cmpuint (galley_outbox_get_depth (f->outbox), ==, 0);
  g_assert_false (galley_board_get_can_undo (board));

  /* an order cancelled before anyone saw it never shows */
  add_order (f, "o3", 3, f->base, lines (BURGER ("l1", 1, NULL), NULL), "'status':'cancelled'");
  assert_board (board, "");
  g_assert_nonnull (galley_board_lookup (board, "o3"));

  g_clear_pointer (&w, watch_free);
  g_assert_finalize_object (g_steal_pointer (&board));
}

/* 11. Scheduled orders wait in their own lane until they fire, on time or by hand (K-16);
 * firing by hand is logged and survives a restart. */
static void
test_scheduled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GalleyBoard) board = NULL;
  g_autoptr(Watch) w = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *s1_extra = NULL;
  g_autofree char *s2_extra = NULL;
  g_autofree char *s1_fire = galley_time_format_db (f->base + 20 * MINUTE);
  g_autofree char *s2_fire = galley_time_format_db (f->base + 40 * MINUTE);
  g_autofree char *s3_fire = galley_time_format_db (f->base + 60 * MINUTE);
  g_autofree char *s3_extra = g_strdup_printf ("'is_scheduled':true,'auto_fire_time':'%s'",
                                               s3_fire);
  g_autofree char *s3_extra_fired = NULL;
  GListModel *scheduled;
  GalleyTicket *s1, *s2;
  gint64 fired_at;

  s1_extra = g_strdup_printf ("'is_scheduled':true,'auto_fire_time':'%s'", s1_fire);
  s2_extra = g_strdup_printf ("'is_scheduled':true,'auto_fire_time':'%s'", s2_fire);
  add_order (f, "o1", 1, f->base - 5 * MINUTE, lines (BURGER ("l1", 1, NULL), NULL), NULL);
  add_order (f, "s2", 2, f->base - 60 * MINUTE, lines (BURGER ("l1", 1, NULL), NULL), s2_extra);
  add_order (f, "s1", 3, f->base - 50 * MINUTE, lines (BURGER ("l1", 1, NULL), NULL), s1_extra);
  board = new_board (f, "grill");
  w = watch (board);
  scheduled = galley_board_get_scheduled (board);
  s1 = galley_board_lookup (board, "s1");
  s2 = galley_board_lookup (board, "s2");

  /* out of the main board, soonest first; no timer runs yet */
  assert_board (board, "o1");
  g_assert_cmpuint (g_list_model_get_n_items (scheduled), ==, 2);
  {
    g_autoptr(GalleyTicket) first = g_list_model_get_item (scheduled, 0);

    g_assert_true (first == s1);
  }
  g_assert_true (galley_ticket_get_scheduled (s1));
  g_assert_cmpint (galley_ticket_get_fire_at (s1), ==, f->base + 20 * MINUTE);
  g_assert_cmpint (galley_ticket_get_started_at (s1), ==, f->base + 20 * MINUTE);
  g_assert_false (galley_board_bump (board, s1, GALLEY_BOARD_BUMP_DEFAULT, FALSE, &error));
  g_assert_error (error, GALLEY_BOARD_ERROR, GALLEY_BOARD_ERROR_NOT_ALLOWED);
  g_clear_error (&error);

  /* it fires on time: on the board, announced, its timer starting then */
  advance_to (f, f->base + 20 * MINUTE - SEC);
  g_assert_true (galley_ticket_get_scheduled (s1));
  assert_cues (w, "");
  advance (f, SEC);
  g_assert_false (galley_ticket_get_scheduled (s1));
  g_assert_cmpuint (g_list_model_get_n_items (scheduled), ==, 1);
  assert_board (board, "o1 s1");
  assert_cues (w, "new");
  advance (f, 5 * MINUTE);
  g_assert_cmpint (galley_ticket_get_elapsed (s1), ==, 5 * 60);

  /* "fire now": 15 minutes early */
  fired_at = fake_now;
  g_assert_true (galley_board_fire (board, s2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (scheduled), ==, 0);
  assert_board (board, "o1 s1 s2");
  assert_cues (w, "new");
  g_assert_cmpint (galley_ticket_get_started_at (s2), ==, fired_at);
  assert_change_kinds (f->log, "s2", "fired");
  /* firing twice does nothing */
  g_assert_true (galley_board_fire (board, s2, &error));
  assert_change_kinds (f->log, "s2", "fired");
  assert_cues (w, "");

  /* fired at another screen (the server says manually_fired): announced here too */
  add_order (f, "s3", 4, f->base - 40 * MINUTE, lines (BURGER ("l1", 1, NULL), NULL),
             s3_extra);
  g_assert_true (galley_ticket_get_scheduled (galley_board_lookup (board, "s3")));
  assert_cues (w, "");
  s3_extra_fired = g_strdup_printf ("%s,'manually_fired':true", s3_extra);
  update_order (f, "s3", lines (BURGER ("l1", 1, NULL), NULL), s3_extra_fired);
  g_assert_false (galley_ticket_get_scheduled (galley_board_lookup (board, "s3")));
  assert_board (board, "o1 s1 s2 s3");
  assert_cues (w, "new");

  /* a restart (new log, new board): s2 stays fired, with the time it was fired */
  g_clear_pointer (&w, watch_free);
  g_assert_finalize_object (g_steal_pointer (&board));
  g_assert_finalize_object (g_steal_pointer (&f->log));
  f->log = open_log (f);
  advance (f, MINUTE);
  board = new_board (f, "grill");
  s2 = galley_board_lookup (board, "s2");
  g_assert_false (galley_ticket_get_scheduled (s2));
  g_assert_cmpint (galley_ticket_get_started_at (s2), ==, fired_at);
  g_assert_cmpint (galley_ticket_get_elapsed (s2), ==, 60);
  assert_board (board, "o1 s1 s2 s3");
  g_assert_cmpuint (g_list_model_get_n_items (galley_board_get_scheduled (board)), ==, 0);

  g_assert_finalize_object (g_steal_pointer (&board));
}

/* 12. All-day counts of the open lines (K-14) and speed of service (K-21). */
static void
test_all_day_and_speed (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GalleyBoard) grill = NULL;
  g_autoptr(GalleyBoard) fry = NULL;
  g_autoptr(GPtrArray) all_day = NULL;
  g_autoptr(GError) error = NULL;
  GalleySpeedOfService speed;
  GalleyAllDayEntry *entry;
  GalleyAllDayVariant *variant;

  add_order (f, "o1", 1, f->base - 4 * MINUTE,
             lines (BURGER ("a", 2, "'modifications':['no onions']"), NULL), NULL);
  add_order (f, "o2", 2, f->base - 12 * MINUTE, lines (BURGER ("a", 1, NULL), NULL), NULL);
  add_order (f, "o3", 3, f->base - 20 * MINUTE,
             lines (BURGER ("a", 3, "'modifications':['no onions']"), VEGGIE ("b", 1, NULL),
                    FRIES ("c", 2, NULL), NULL), NULL);
  add_order (f, "o4", 4, f->base - 1 * MINUTE, lines (COLA ("a", 5, NULL), NULL), NULL);
  grill = new_board (f, "grill");
  fry = new_board (f, "fry");

  all_day = galley_board_dup_all_day (grill);
  g_assert_cmpuint (all_day->len, ==, 2);
  entry = g_ptr_array_index (all_day, 0);
  g_assert_cmpstr (entry->name, ==, "Smash Burger");
  g_assert_cmpuint (entry->quantity, ==, 6);
  g_assert_cmpuint (entry->variants->len, ==, 2);
  variant = g_ptr_array_index (entry->variants, 0);
  g_assert_cmpstr (variant->label, ==, "no onions");
  g_assert_cmpuint (variant->quantity, ==, 5);
  variant = g_ptr_array_index (entry->variants, 1);
  g_assert_cmpstr (variant->label, ==, "");
  g_assert_cmpuint (variant->quantity, ==, 1);
  entry = g_ptr_array_index (all_day, 1);
  g_assert_cmpstr (entry->name, ==, "Veggie Burger");
  g_assert_cmpuint (entry->quantity, ==, 1);
  g_clear_pointer (&all_day, g_ptr_array_unref);

  g_assert_true (galley_board_ticket_has_item (grill, galley_board_lookup (grill, "o3"),
                                               "Veggie Burger"));
  g_assert_false (galley_board_ticket_has_item (grill, galley_board_lookup (grill, "o1"),
                                                "Veggie Burger"));
  g_assert_false (galley_board_ticket_has_item (grill, galley_board_lookup (grill, "o3"),
                                                "Fries"));

  /* bumped and struck lines are made: they leave the counts */
  g_assert_true (galley_board_bump (grill, galley_board_lookup (grill, "o1"),
                                    GALLEY_BOARD_BUMP_DEFAULT, FALSE, &error));
  g_assert_true (galley_board_bump_line (grill, galley_board_lookup (grill, "o3"), "b", &error));
  all_day = galley_board_dup_all_day (grill);
  g_assert_cmpuint (all_day->len, ==, 1);
  entry = g_ptr_array_index (all_day, 0);
  g_assert_cmpuint (entry->quantity, ==, 4);
  g_assert_cmpuint (((GalleyAllDayVariant *) g_ptr_array_index (entry->variants, 0))->quantity,
                    ==, 3);
  g_clear_pointer (&all_day, g_ptr_array_unref);

  /* the fry's counts are its own */
  all_day = galley_board_dup_all_day (fry);
  g_assert_cmpuint (all_day->len, ==, 1);
  g_assert_cmpstr (((GalleyAllDayEntry *) g_ptr_array_index (all_day, 0))->name, ==, "Fries");
  g_assert_cmpuint (((GalleyAllDayEntry *) g_ptr_array_index (all_day, 0))->quantity, ==, 2);
  g_clear_pointer (&all_day, g_ptr_array_unref);

  /* speed: o1 took 4 minutes, o2 12 (past the 10-minute warning), o3 20 (past late) */
  g_assert_true (galley_board_bump (grill, galley_board_lookup (grill, "o2"),
                                    GALLEY_BOARD_BUMP_DEFAULT, FALSE, &error));
  g_assert_true (galley_board_bump (grill, galley_board_lookup (grill, "o3"),
                                    GALLEY_BOARD_BUMP_DEFAULT, FALSE, &error));
  g_assert_no_error (error);
  galley_board_get_speed (grill, &speed);
  g_assert_cmpuint (speed.bumped, ==, 3);
  g_assert_cmpint (speed.average_us, ==, 12 * MINUTE);
  g_assert_cmpint (speed.worst_us, ==, 20 * MINUTE);
  g_assert_cmpuint (speed.past_warning, ==, 2);
  g_assert_cmpuint (speed.past_late, ==, 1);
  galley_board_get_speed (fry, &speed);
  g_assert_cmpuint (speed.bumped, ==, 0);
  g_assert_finalize_object (g_steal_pointer (&fry));

  /* an undone bump does not count */
  g_assert_true (galley_board_undo (grill, &error));
  galley_board_get_speed (grill, &speed);
  g_assert_cmpuint (speed.bumped, ==, 2);
  g_assert_cmpint (speed.average_us, ==, 8 * MINUTE);
  g_assert_cmpint (speed.worst_us, ==, 12 * MINUTE);

  /* the figures are the log's: a new board after a restart shows the same */
  g_assert_finalize_object (g_steal_pointer (&grill));
  g_assert_finalize_object (g_steal_pointer (&f->log));
  f->log = open_log (f);
  grill = new_board (f, "grill");
  galley_board_get_speed (grill, &speed);
  g_assert_cmpuint (speed.bumped, ==, 2);
  g_assert_cmpint (speed.average_us, ==, 8 * MINUTE);

  g_assert_finalize_object (g_steal_pointer (&grill));
}

/* 13. Boards come and go (a station screen switched, a window closed and opened) over the
 * same store, outbox, log, router, settings and clock: nothing may stay behind. */
static void
fill_store (Fixture *f,
            guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("o%02u", i);
      g_autofree char *fire = galley_time_format_db (f->base + (gint64) (i + 1) * MINUTE);
      g_autofree char *extra = NULL;

      switch (i % 5)
        {
        case 0:
          extra = g_strdup ("'metadata':{'rush':true}");
          break;
        case 1:
          extra = g_strdup ("'table_number':'4'");
          break;
        case 2:
          extra = g_strdup_printf ("'is_scheduled':true,'auto_fire_time':'%s'", fire);
          break;
        default:
          break;
        }
      add_order (f, id, i + 1, f->base - (gint64) (n - i) * MINUTE,
                 lines (BURGER ("a", 1 + i % 3, i % 4 == 0 ? "'modifications':['nut allergy']"
                                                           : NULL),
                        FRIES ("b", 1, NULL), SOUP ("c", 1, NULL), NULL),
                 extra);
    }
}

/* What a screen does in a minute of service. */
static void
exercise (Fixture     *f,
          GalleyBoard *board,
          guint        i)
{
  g_autoptr(GPtrArray) all_day = NULL;
  g_autoptr(GPtrArray) recent = NULL;
  g_autoptr(GError) error = NULL;
  GalleySpeedOfService speed;
  GalleyTicket *ticket;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (board)), >, 0);
  advance (f, SEC);
  galley_board_set_kind_filter (board, 1u << GALLEY_ORDER_KIND_DINE_IN);
  galley_board_set_kind_filter (board, 0);
  all_day = galley_board_dup_all_day (board);
  recent = galley_board_dup_recent (board);
  galley_board_get_speed (board, &speed);

  ticket = ticket_at (board, 0);
  if (galley_ticket_get_needs_ack (ticket))
    g_assert_true (galley_board_acknowledge (board, ticket, &error));
  galley_board_touch (board, ticket);

  /* a bump and its undo every few cycles: each one is several synchronous writes */
  if (i % 10 == 0)
    {
      g_assert_true (galley_board_bump (board, ticket, GALLEY_BOARD_BUMP_DEFAULT, TRUE, &error));
      g_assert_no_error (error);
      g_assert_true (galley_board_undo (board, &error));
      g_assert_no_error (error);
    }

  /* the server edits an order while the board is open */
  update_order (f, "o03", lines (BURGER ("a", 1 + i % 4, NULL), FRIES ("b", 1, NULL), NULL),
                NULL);
}

typedef struct
{
  gpointer instance;
  guint    handlers;
} Handlers;

static void
test_lifecycle (Fixture       *f,
                gconstpointer  data)
{
  g_auto (GalleyTestBaseline) base = { 0 };
  const char * const stations[] = { "grill", "fry", GALLEY_TICKET_STATION_ALL,
                                    GALLEY_TICKET_STATION_EXPO };
  g_autoptr(GArray) handlers = g_array_new (FALSE, FALSE, sizeof (Handlers));
  guint n = galley_test_iterations (200);
  guint n_store;

  fill_store (f, 50);
  n_store = g_list_model_get_n_items (G_LIST_MODEL (f->store));

  /* warm-up: type classes, the SQLite statements, GLib's workers */
  for (guint s = 0; s < G_N_ELEMENTS (stations); s++)
    {
      GalleyBoard *board = new_board (f, stations[s]);

      exercise (f, board, 0);
      g_assert_finalize_object (board);
    }
  galley_test_drain_main_context ();
  galley_test_baseline_take (&base);

  {
    gpointer shared[] = { f->store, f->outbox, f->log, f->clock, f->settings, f->router };

    for (guint i = 0; i < G_N_ELEMENTS (shared); i++)
      g_array_append_val (handlers, ((Handlers) { shared[i],
                                                  galley_test_count_signal_handlers (shared[i]) }));
    for (guint i = 0; i < n_store; i++)
      {
        g_autoptr(GalleyOrder) order = g_list_model_get_item (G_LIST_MODEL (f->store), i);

        g_array_append_val (handlers, ((Handlers) { order,
                                                    galley_test_count_signal_handlers (order) }));
      }
  }

  for (guint i = 0; i < n; i++)
    {
      GalleyBoard *board = new_board (f, stations[i % G_N_ELEMENTS (stations)]);

      exercise (f, board, i);
      galley_test_assert_tracked (GALLEY_TYPE_BOARD, 1);
      g_assert_finalize_object (board);
      galley_test_assert_tracked (GALLEY_TYPE_BOARD, 0);
      galley_test_assert_tracked (GALLEY_TYPE_TICKET, 0);
      galley_test_assert_tracked (GALLEY_TYPE_TICKET_LINE, 0);
    }

  galley_test_drain_main_context ();
  galley_test_baseline_assert (&base);
  g_assert_cmpuint (galley_test_count_sources ("galley-board-"), ==, 0);
  for (guint i = 0; i < handlers->len; i++)
    {
      Handlers *h = &g_array_index (handlers, Handlers, i);

      g_assert_cmpuint (galley_test_count_signal_handlers (h->instance), ==, h->handlers);
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->store)), ==, n_store);
  g_assert_cmpuint (galley_outbox_get_depth (f->outbox), ==, 0);
}

/* 14. A bump, then the terminal dies inside the undo window (the board, the outbox and the
 * log go without a goodbye). What the outbox API defines for deferred changes
 * (galley_outbox_add_status_deferred(), GalleyOutbox::committed) is what happens:
 *  - the change was durable when the bump returned, so it is in the file after the restart,
 *    uncommitted (it could still be cancelled through the outbox), and waits out what is left
 *    of its window;
 *  - the undo affordance was the old board's and is gone with it: the new board offers no
 *    undo, and the order stays off the station (the outbox shows it as pending ready);
 *  - once the window is over (here: the restart came ten seconds later) it is sent, along
 *    the server's transition chain. */
static gboolean
outbox_drained (gpointer data)
{
  GalleyOutbox *outbox = data;

  return galley_outbox_get_depth (outbox) == 0 && !galley_outbox_get_busy (outbox);
}

static void
shift_outbox_file (const char *path,
                   gint64      us)
{
  sqlite3 *db = NULL;
  g_autofree char *sql = g_strdup_printf ("UPDATE outbox SET created_at = created_at - %"
                                          G_GINT64_FORMAT ", not_before = not_before - %"
                                          G_GINT64_FORMAT, us, us);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_close (db);
}

static void
test_bump_survives_restart (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GalleyBoard) board = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) recent = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autofree char *id = NULL;
  GalleyTicket *ticket;
  guint n;
  gint64 seq;

  board = new_board (f, GALLEY_TICKET_STATION_ALL);
  n = g_list_model_get_n_items (G_LIST_MODEL (board));
  g_assert_cmpuint (n, >, 0);

  /* a pending order of the server's */
  for (guint i = 0; i < n && id == NULL; i++)
    if (galley_order_get_status (galley_ticket_get_order (ticket_at (board, i))) ==
        GALLEY_ORDER_STATUS_PENDING && !galley_ticket_get_needs_ack (ticket_at (board, i)))
      id = g_strdup (galley_ticket_get_id (ticket_at (board, i)));
  g_assert_nonnull (id);
  ticket = galley_board_lookup (board, id);
  g_assert_true (galley_board_bump (board, ticket, GALLEY_BOARD_BUMP_DEFAULT, FALSE, &error));
  g_assert_no_error (error);
  seq = last_undo_seq (board, 0);
  g_assert_cmpint (galley_board_get_position (board, ticket), ==, -1);

  /* the terminal goes down (the outbox is offline: nothing went out) */
  g_assert_finalize_object (g_steal_pointer (&board));
  g_assert_finalize_object (g_steal_pointer (&f->outbox));
  g_assert_finalize_object (g_steal_pointer (&f->log));
  galley_demo_server_clear_log (f->demo);

  /* up again at once: the change is there, still in its window, uncommitted */
  f->outbox = open_outbox (f);
  f->log = open_log (f);
  board = new_board (f, GALLEY_TICKET_STATION_ALL);
  g_assert_true (galley_outbox_is_pending (f->outbox, seq));
  g_assert_false (galley_outbox_is_committed (f->outbox, seq));
  g_assert_cmpint (galley_outbox_get_pending_status (f->outbox, id), ==,
                   GALLEY_ORDER_STATUS_READY);
  g_assert_false (galley_board_get_can_undo (board));
  g_assert_cmpint (galley_board_get_position (board, galley_board_lookup (board, id)), ==, -1);
  recent = galley_board_dup_recent (board);
  g_assert_cmpuint (recent->len, ==, 1);
  g_assert_cmpstr (((GalleyBumpRecord *) g_ptr_array_index (recent, 0))->order_id, ==, id);

  /* down again, and up ten seconds later: past the window, so it goes out */
  g_assert_finalize_object (g_steal_pointer (&board));
  g_assert_finalize_object (g_steal_pointer (&f->outbox));
  shift_outbox_file (f->outbox_path, 10 * SEC);
  f->outbox = open_outbox (f);
  board = new_board (f, GALLEY_TICKET_STATION_ALL);
  galley_outbox_set_live (f->outbox, TRUE);
  g_assert_true (galley_test_spin_until (outbox_drained, f->outbox, WAIT_MS));
  g_assert_cmpuint (galley_outbox_get_conflicts (f->outbox), ==, 0);
  row = galley_demo_server_dup_order (f->demo, id);
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "ready");

  galley_outbox_set_live (f->outbox, FALSE);
  g_assert_finalize_object (g_steal_pointer (&board));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  galley_test_quiet_debug ();
  galley_test_track_all ();

#define ADD(path, func, data) \
  g_test_add ("/kitchen/board/" path, Fixture, data, fixture_setup, func, fixture_teardown)

  ADD ("populate-and-sort", test_populate_and_sort, NULL);
  ADD ("cues", test_cues, NULL);
  ADD ("thresholds", test_thresholds, NULL);
  ADD ("kind-filter", test_kind_filter, NULL);
  ADD ("station-routing", test_station_routing, NULL);
  ADD ("change-marks", test_change_marks, NULL);
  ADD ("allergy-ack", test_allergy_ack, NULL);
  ADD ("bump-undo", test_bump_undo, NULL);
  ADD ("undo-after-commit", test_undo_after_commit, NULL);
  ADD ("station-bump", test_station_bump, NULL);
  ADD ("bump-line", test_bump_line, NULL);
  ADD ("recall", test_recall, NULL);
  ADD ("expo", test_expo, NULL);
  ADD ("cancelled", test_cancelled, NULL);
  ADD ("scheduled", test_scheduled, NULL);
  ADD ("all-day-and-speed", test_all_day_and_speed, NULL);
  ADD ("lifecycle", test_lifecycle, NULL);
  ADD ("bump-survives-restart", test_bump_survives_restart, "demo");

#undef ADD

  return g_test_run ();
}
