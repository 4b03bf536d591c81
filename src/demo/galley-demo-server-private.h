/* galley-demo-server-private.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the files of GalleyDemoServer only: the core, -clock, -users, -settings, the REST
 * files (-http, -http-auth, -http-orders, -http-demo), the WebSocket files (-ws,
 * -ws-broadcast), and the order files (-orders, -status, -generator, -edits,
 * -edits-modifiers); and by tests/test-demo-server.c.
 */
#pragma once

#include <libsoup/soup.h>

#include "demo/galley-demo-server.h"

G_BEGIN_DECLS

#define DEMO_JWT_SECRET          "galley-demo-signing-secret"
#define DEMO_STATION_SECRET      "galley-demo-station-secret"
#define DEMO_LOG_LIMIT           20000
#define DEMO_LOG_BODY_LIMIT      4096
#define DEMO_FINISHED_KEEP_US    (G_GINT64_CONSTANT (24) * 3600 * G_USEC_PER_SEC)
#define DEMO_MAX_BODY            (5 * 1024 * 1024)

typedef enum
{
  DEMO_TIMER_GENERATE,
  DEMO_TIMER_PROGRESS,
  DEMO_TIMER_HEARTBEAT,
  DEMO_TIMER_RESTART_END,
  DEMO_TIMER_WS_FRAME,
  DEMO_TIMER_REST_RESUME,
  DEMO_TIMER_AUTH_TIMEOUT,
  DEMO_TIMER_EDIT,
} DemoTimerKind;

typedef struct
{
  gint64             due_us;
  guint64            serial;      /* ties fire in the order they were scheduled */
  DemoTimerKind      kind;
  guint              client_id;
  char              *text;        /* order id or frame text */
  SoupServerMessage *msg;         /* owned ref, for REST_RESUME */
} DemoTimer;

typedef struct
{
  char       *id;
  JsonObject *row;                /* members in the field order of spec §3.4 */
  JsonArray  *history;
  gint64      created_us;
  guint       next_line;          /* edits: N of the next added "line-N"; 0 until the first edit */
} DemoOrder;

typedef struct
{
  GalleyDemoServer        *server;   /* unowned: the server outlives its clients */
  guint                    id;
  SoupWebsocketConnection *conn;
  gulong                   message_id;
  gulong                   closed_id;
  gulong                   pong_id;
  gulong                   error_id;
  char                    *peer;
  char                    *restaurant_id;
  gboolean                 authenticated;
  gboolean                 alive;
  gint64                   alive_us;  /* monotonic time of the connection or the last pong */
  gboolean                 silent;
  guint64                  seq;
} DemoClient;

typedef struct
{
  const char *role;
  const char *id;
  const char *email;
  const char *display_name;
  const char *pin;
  const char *password;
} DemoUser;

/* One REST request while it is routed (galley-demo-server-http*.c). */
typedef struct
{
  GalleyDemoServer  *self;
  SoupServerMessage *msg;
  const char        *method;
  const char        *path;        /* without the /api/v1 prefix */
  char             **segments;    /* path split on "/", without empty parts */
  guint              n_segments;
  GHashTable        *query;
  JsonObject        *body;        /* {} when there was no body */
  JsonObject        *claims;      /* verified token, or NULL */
} DemoRequest;

struct _GalleyDemoServer
{
  GObject      parent_instance;

  /* settings */
  guint        port_requested;
  gint64       seed;
  double       rate;               /* orders per minute */
  gboolean     virtual_clock;
  gboolean     auto_progress;
  guint        heartbeat_ms;
  guint        items_min;
  guint        items_max;
  double       modifier_rate;
  double       scheduled_rate;
  double       edit_rate;          /* edits per active order per minute */
  double       type_mix[5];        /* dine-in, takeout, online, drive-thru, delivery */

  /* quirk flags (spec §7.1) */
  gboolean     strict_transitions;
  gboolean     sync_complete_empty;
  gboolean     drop_snake_case_create_fields;
  gboolean     auth_frame_overrides_claim;
  gboolean     no_auth_timeout;
  gboolean     extended_events;
  gboolean     seq_numbers;
  gboolean     idempotency_key;

  /* runtime */
  SoupServer  *server;
  GSocketService *listener;        /* our own: libsoup 3.2's SoupListener leaks each socket */
  gulong       incoming_id;
  guint        port;
  GRand       *rand;
  gint64       virtual_now_us;
  GQueue       timers;             /* DemoTimer*, sorted by (due_us, serial) */
  guint64      timer_serial;
  guint        timer_id;           /* real clock: the one source armed for the head */
  gint64       timer_armed_for;

  GHashTable  *clients;            /* id -> DemoClient* */
  guint        next_client_id;

  GPtrArray   *orders;             /* DemoOrder*, in creation order */
  GHashTable  *orders_by_id;       /* id -> DemoOrder* */
  GHashTable  *idempotency;        /* key -> order id */
  JsonArray   *categories;
  JsonArray   *items;
  JsonArray   *tables;
  GHashTable  *refresh_tokens;     /* token -> user role */
  GHashTable  *pin_failures;       /* peer address -> failures */
  GHashTable  *pin_locked_until;   /* peer address -> gint64 us */
  guint64      id_counter;

  /* faults */
  guint        ws_delay_ms;
  guint        rest_delay_ms;
  guint        delay_jitter_ms;
  char        *delay_path;
  GPtrArray   *stall_paths;
  GPtrArray   *stalled;            /* SoupServerMessage*, owned */
  char        *rest_error_path;
  guint        rest_error_status;
  guint        rest_error_count;
  GalleyDemoRejectMode reject_auth;
  gboolean     expire_tokens;
  guint        duplicate_count;
  guint        reorder_window;
  GHashTable  *held_events;        /* order id -> frame JsonObject */
  int          suppress_count;     /* -1: until cleared */
  gboolean     down;
  gboolean     refuse_rest;

  /* voice session endpoint (spec/voice.md §9.4) */
  gboolean     realtime_ga_shape;
  gboolean     realtime_menu_load_failed;
  gboolean     realtime_openai_timeout;
  gboolean     realtime_no_key;
  guint        realtime_rate_limit;      /* calls per 5 min before 429 */
  GArray      *realtime_calls_us;        /* gint64 monotonic, the last 5 min */
  GHashTable  *realtime_secrets;         /* ek_test_<n> -> gint64 expiry (unix s) */
  guint        realtime_issued;

  /* stats */
  guint        connections_opened;
  guint        auth_ok;
  guint        auth_failed;
  guint        malformed_in;
  guint        orders_generated;
  guint        orders_created;
  guint        orders_edited;
  GHashTable  *frames_in;          /* type -> count */
  GHashTable  *frames_out;
  GHashTable  *rest_counts;        /* "METHOD /normalised/path" -> count */
  GQueue       log;                /* JsonObject* */
};

/* The single PRNG of spec §7.2: every draw of the simulation goes through these. */
static inline double
random_unit (GalleyDemoServer *self)
{
  return g_rand_double (self->rand);
}

static inline guint
random_below (GalleyDemoServer *self,
              guint             n)
{
  if (n <= 1)
    return 0;

  return (guint) g_rand_int_range (self->rand, 0, (gint32) n);
}

/* galley-demo-server-clock.c */
gint64      _galley_demo_server_now_us          (GalleyDemoServer  *self);
char       *_galley_demo_server_now_js          (GalleyDemoServer  *self);
char       *_galley_demo_server_now_db          (GalleyDemoServer  *self);
void        _galley_demo_server_schedule        (GalleyDemoServer  *self,
                                                 gint64             delay_us,
                                                 DemoTimerKind      kind,
                                                 guint              client_id,
                                                 const char        *text,
                                                 SoupServerMessage *msg);
void        _galley_demo_server_cancel_timers   (GalleyDemoServer  *self,
                                                 DemoTimerKind      kind);
char       *_galley_demo_server_new_uuid        (GalleyDemoServer  *self);
void        _galley_demo_server_count           (GHashTable        *table,
                                                 const char        *key);
JsonObject *_galley_demo_server_copy_object     (JsonObject        *object);
void        _galley_demo_server_log             (GalleyDemoServer  *self,
                                                 const char        *kind,
                                                 guint              client_id,
                                                 const char        *method,
                                                 const char        *path,
                                                 const char        *body);
void        _galley_demo_server_arm_real_timer  (GalleyDemoServer  *self);
void        _galley_demo_server_timer_free      (DemoTimer         *timer);

/* galley-demo-server-users.c */
const DemoUser *_galley_demo_server_find_user   (const char        *role);
const DemoUser *_galley_demo_server_user_by_pin (const char        *pin);
const DemoUser *_galley_demo_server_user_by_email (const char        *email);
const DemoUser *_galley_demo_server_user_by_id  (const char        *id);
JsonArray  *_galley_demo_server_role_scopes     (const char        *role);
gboolean    _galley_demo_server_role_has_scope  (const char        *role,
                                                 const char        *scope);
char       *_galley_demo_server_sign_token      (GalleyDemoServer  *self,
                                                 const DemoUser    *user,
                                                 const char        *auth_method,
                                                 gint64             lifetime_s);
JsonObject *_galley_demo_server_verify_token    (GalleyDemoServer  *self,
                                                 const char        *token,
                                                 GError           **error);

/* galley-demo-server-http.c */
void        _galley_demo_server_http_cb         (SoupServer        *server,
                                                 SoupServerMessage *msg,
                                                 const char        *path,
                                                 GHashTable        *query,
                                                 gpointer           user_data);
void        _galley_demo_server_resume_rest     (GalleyDemoServer  *self,
                                                 SoupServerMessage *msg);
void        _galley_demo_server_release_stalled (GalleyDemoServer  *self);
void        _galley_demo_server_add_session_cookies (DemoRequest       *req,
                                                 const char        *token,
                                                 gint64             lifetime_s);
gboolean    _galley_demo_server_authenticate    (DemoRequest       *req,
                                                 gboolean           required);
gboolean    _galley_demo_server_has_credentials (DemoRequest       *req);
const char *_galley_demo_server_header          (DemoRequest       *req,
                                                 const char        *name);
gboolean    _galley_demo_server_require_restaurant_access (DemoRequest       *req);
gboolean    _galley_demo_server_require_scope   (DemoRequest       *req,
                                                 const char        *scope);
void        _galley_demo_server_respond_array   (SoupServerMessage *msg,
                                                 guint              status,
                                                 JsonArray         *array);
void        _galley_demo_server_respond_error   (DemoRequest       *req,
                                                 guint              status,
                                                 const char        *code,
                                                 const char        *message);
void        _galley_demo_server_respond_error_string (SoupServerMessage *msg,
                                                 guint              status,
                                                 const char        *message);
void        _galley_demo_server_respond_invalid (SoupServerMessage *msg,
                                                 JsonObject        *field_errors);
void        _galley_demo_server_respond_invalid_field (DemoRequest       *req,
                                                 const char        *field,
                                                 const char        *message);
void        _galley_demo_server_respond_not_found (DemoRequest       *req,
                                                 const char        *what);
void        _galley_demo_server_respond_object  (SoupServerMessage *msg,
                                                 guint              status,
                                                 JsonObject        *object);
void        _galley_demo_server_respond_order   (DemoRequest       *req,
                                                 guint              status,
                                                 DemoOrder         *order);
gboolean    _galley_demo_server_segment_is      (DemoRequest       *req,
                                                 guint              index,
                                                 const char        *value);
JsonObject *_galley_demo_server_user_object     (const DemoUser    *user,
                                                 gboolean           full);

/* galley-demo-server-http-auth.c */
void        _galley_demo_server_respond_success (DemoRequest       *req,
                                                 const char        *message);
void        _galley_demo_server_route_auth      (DemoRequest       *req);

/* galley-demo-server-http-orders.c */
void        _galley_demo_server_payments_cash   (DemoRequest       *req);
void        _galley_demo_server_respond_health  (DemoRequest       *req);
void        _galley_demo_server_route_menu      (DemoRequest       *req);
void        _galley_demo_server_route_orders    (DemoRequest       *req);
void        _galley_demo_server_route_restaurants (DemoRequest       *req);
void        _galley_demo_server_route_tables    (DemoRequest       *req);

/* galley-demo-server-http-voice.c */
void        _galley_demo_server_route_realtime  (DemoRequest       *req);

/* galley-demo-server-http-demo.c */
void        _galley_demo_server_route_demo      (GalleyDemoServer  *self,
                                                 SoupServerMessage *msg,
                                                 const char        *what,
                                                 JsonObject        *body);

/* galley-demo-server-ws.c */
void        _galley_demo_server_ws_cb           (SoupServer              *server,
                                                 SoupServerMessage       *msg,
                                                 const char              *path,
                                                 SoupWebsocketConnection *conn,
                                                 gpointer                 user_data);
void        _galley_demo_server_client_free     (DemoClient        *client);
gboolean    _galley_demo_server_client_open     (DemoClient        *client);
void        _galley_demo_server_close_client    (DemoClient        *client,
                                                 gushort            code,
                                                 const char        *reason);
void        _galley_demo_server_abort_client    (DemoClient        *client);
JsonObject *_galley_demo_server_new_frame       (GalleyDemoServer  *self,
                                                 const char        *type);
JsonObject *_galley_demo_server_new_frame_with_payload (GalleyDemoServer  *self,
                                                 const char        *type,
                                                 JsonObject        *payload);
void        _galley_demo_server_send_text       (GalleyDemoServer  *self,
                                                 DemoClient        *client,
                                                 const char        *type,
                                                 const char        *text);
void        _galley_demo_server_send_frame      (GalleyDemoServer  *self,
                                                 DemoClient        *client,
                                                 JsonObject        *frame);
void        _galley_demo_server_heartbeat       (GalleyDemoServer  *self);
void        _galley_demo_server_close_all       (GalleyDemoServer  *self,
                                                 gushort            code,
                                                 const char        *reason);
void        _galley_demo_server_ws_frame_due    (GalleyDemoServer  *self,
                                                 guint              client_id,
                                                 const char        *text);
void        _galley_demo_server_auth_timeout    (GalleyDemoServer  *self,
                                                 guint              client_id);

/* galley-demo-server-ws-broadcast.c */
void        _galley_demo_server_broadcast_order (GalleyDemoServer  *self,
                                                 const char        *type,
                                                 DemoOrder         *order,
                                                 const char        *previous_status);
void        _galley_demo_server_broadcast_item_status (GalleyDemoServer  *self,
                                                 DemoOrder         *order,
                                                 const char        *item_id,
                                                 const char        *status,
                                                 const char        *previous_status);
void        _galley_demo_server_broadcast_frame (GalleyDemoServer  *self,
                                                 JsonObject        *frame);
void        _galley_demo_server_flush_held      (GalleyDemoServer  *self);

/* galley-demo-server-orders.c */
void        _galley_demo_server_order_free      (DemoOrder         *order);
DemoOrder  *_galley_demo_server_find_order      (GalleyDemoServer  *self,
                                                 const char        *id);
DemoOrder  *_galley_demo_server_create_order    (GalleyDemoServer  *self,
                                                 JsonObject        *body,
                                                 gboolean           broadcast,
                                                 JsonObject       **field_errors);
JsonObject *_galley_demo_server_find_item       (GalleyDemoServer  *self,
                                                 const char        *id);
JsonObject *_galley_demo_server_find_table      (GalleyDemoServer  *self,
                                                 const char        *id);
void        _galley_demo_server_history_append  (DemoOrder         *order,
                                                 const char        *from,
                                                 const char        *to,
                                                 const char        *notes,
                                                 const char        *at);
void        _galley_demo_server_recompute_totals (DemoOrder        *order);
void        _galley_demo_server_line_set_member (JsonObject        *line,
                                                 const char        *name,
                                                 JsonNode          *node);

/* galley-demo-server-status.c */
gboolean    _galley_demo_server_change_status   (GalleyDemoServer  *self,
                                                 DemoOrder         *order,
                                                 const char        *status,
                                                 const char        *notes,
                                                 gboolean           broadcast,
                                                 GError           **error);
gboolean    _galley_demo_server_change_item_status (GalleyDemoServer  *self,
                                                 DemoOrder         *order,
                                                 const char        *item_id,
                                                 const char        *status,
                                                 gboolean           broadcast,
                                                 GError           **error);
gboolean    _galley_demo_server_pay_cash        (GalleyDemoServer  *self,
                                                 DemoOrder         *order,
                                                 double             received,
                                                 gboolean           broadcast,
                                                 GError           **error);

/* galley-demo-server-generator.c */
void        _galley_demo_server_seed_data       (GalleyDemoServer  *self);
DemoOrder  *_galley_demo_server_generate_one    (GalleyDemoServer  *self,
                                                 gboolean           broadcast);
void        _galley_demo_server_schedule_next_generation (GalleyDemoServer  *self);
void        _galley_demo_server_progress_due    (GalleyDemoServer  *self,
                                                 const char        *order_id);
JsonObject *_galley_demo_server_generate_line   (GalleyDemoServer  *self,
                                                 JsonObject        *item,
                                                 guint              index);
JsonObject *_galley_demo_server_modifier_object (JsonObject        *group,
                                                 JsonObject        *option);
void        _galley_demo_server_apply_missed    (GalleyDemoServer  *self,
                                                 guint              count);
void        _galley_demo_server_prune_orders    (GalleyDemoServer  *self);
void        _galley_demo_server_schedule_progress (GalleyDemoServer  *self,
                                                 DemoOrder         *order);

/* galley-demo-server-edits.c */
void        _galley_demo_server_schedule_edits  (GalleyDemoServer  *self);
void        _galley_demo_server_edits_due       (GalleyDemoServer  *self);

/* galley-demo-server-edits-modifiers.c */
gboolean    _galley_demo_server_edit_line_modifier (GalleyDemoServer  *self,
                                                 JsonObject        *line,
                                                 const char        *action,
                                                 const char        *modifier_id,
                                                 const char        *text,
                                                 GError           **error);

G_END_DECLS
