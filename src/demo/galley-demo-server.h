/* galley-demo-server.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define GALLEY_DEMO_RESTAURANT_ID "11111111-1111-1111-1111-111111111111"

#define GALLEY_DEMO_SERVER_ERROR (galley_demo_server_error_quark ())

typedef enum
{
  GALLEY_DEMO_SERVER_ERROR_INVALID,
  GALLEY_DEMO_SERVER_ERROR_NOT_RUNNING,
  GALLEY_DEMO_SERVER_ERROR_TRANSITION,
  GALLEY_DEMO_SERVER_ERROR_CONFLICT,
  GALLEY_DEMO_SERVER_ERROR_NOT_FOUND,
} GalleyDemoServerError;

typedef enum
{
  GALLEY_DEMO_DROP_CLOSE,
  GALLEY_DEMO_DROP_ABORT,
  GALLEY_DEMO_DROP_SILENT,
} GalleyDemoDropMode;

typedef enum
{
  GALLEY_DEMO_MALFORMED_TRUNCATED,
  GALLEY_DEMO_MALFORMED_NOT_JSON,
  GALLEY_DEMO_MALFORMED_NOT_OBJECT,
  GALLEY_DEMO_MALFORMED_NO_TYPE,
  GALLEY_DEMO_MALFORMED_WRONG_PAYLOAD_TYPE,
} GalleyDemoMalformedKind;

typedef enum
{
  GALLEY_DEMO_REJECT_NONE,
  GALLEY_DEMO_REJECT_AUTH_FAILED,
  GALLEY_DEMO_REJECT_AUTH_REQUIRED,
  GALLEY_DEMO_REJECT_CLOSE_1008_ONLY,
  GALLEY_DEMO_REJECT_NO_REPLY,
} GalleyDemoRejectMode;

/* Order edits (kitchen-and-counter K-11): what another terminal changes on an active order. */
typedef enum
{
  GALLEY_DEMO_EDIT_QUANTITY,
  GALLEY_DEMO_EDIT_ADD,
  GALLEY_DEMO_EDIT_VOID,
  GALLEY_DEMO_EDIT_MODIFIER,
  GALLEY_DEMO_EDIT_CANCEL,
} GalleyDemoEditKind;

#define GALLEY_TYPE_DEMO_SERVER (galley_demo_server_get_type ())
G_DECLARE_FINAL_TYPE (GalleyDemoServer, galley_demo_server, GALLEY, DEMO_SERVER, GObject)

GQuark            galley_demo_server_error_quark          (void);

GalleyDemoServer *galley_demo_server_new                  (void);
gboolean          galley_demo_server_start                (GalleyDemoServer        *self,
                                                           GError                 **error);
void              galley_demo_server_stop                 (GalleyDemoServer        *self);
gboolean          galley_demo_server_get_running          (GalleyDemoServer        *self);
guint             galley_demo_server_get_port             (GalleyDemoServer        *self);
char             *galley_demo_server_dup_base_url         (GalleyDemoServer        *self);
gint64            galley_demo_server_get_seed             (GalleyDemoServer        *self);
const char       *galley_demo_server_get_restaurant_id    (GalleyDemoServer        *self);

/* Settings of spec/order-protocol.md §7.2 and quirk flags of §7.1, by their names there
 * ("rate", "seed", "clock", "auto_progress", "strict_transitions", ...), plus
 * "heartbeat_ms" and "edit_rate" (order edits per active order per minute). */
gboolean          galley_demo_server_configure            (GalleyDemoServer        *self,
                                                           JsonObject              *settings,
                                                           GError                 **error);
gboolean          galley_demo_server_set_option           (GalleyDemoServer        *self,
                                                           const char              *name,
                                                           const char              *value,
                                                           GError                 **error);
gboolean          galley_demo_server_apply_environment    (GalleyDemoServer        *self,
                                                           GError                 **error);
const char * const *galley_demo_server_list_options       (void);

/* Control (also under /_demo/ on the server's port). */
void              galley_demo_server_generate             (GalleyDemoServer        *self,
                                                           guint                    count);
void              galley_demo_server_advance              (GalleyDemoServer        *self,
                                                           guint64                  ms);
gint64            galley_demo_server_now_us               (GalleyDemoServer        *self);
JsonObject       *galley_demo_server_dup_stats            (GalleyDemoServer        *self);
JsonArray        *galley_demo_server_dup_log              (GalleyDemoServer        *self);
void              galley_demo_server_clear_log            (GalleyDemoServer        *self);
JsonArray        *galley_demo_server_dup_orders           (GalleyDemoServer        *self);
JsonObject       *galley_demo_server_dup_order            (GalleyDemoServer        *self,
                                                           const char              *id);
guint             galley_demo_server_get_n_orders         (GalleyDemoServer        *self);
guint             galley_demo_server_get_orders_generated (GalleyDemoServer        *self);
guint             galley_demo_server_get_clients          (GalleyDemoServer        *self);
guint             galley_demo_server_get_clients_authenticated (GalleyDemoServer   *self);
char             *galley_demo_server_issue_token          (GalleyDemoServer        *self,
                                                           const char              *role,
                                                           gint64                   lifetime_s);
const char       *galley_demo_server_get_pin              (const char              *role);
gboolean          galley_demo_server_set_order_status     (GalleyDemoServer        *self,
                                                           const char              *id,
                                                           const char              *status,
                                                           gboolean                 broadcast,
                                                           GError                 **error);

/* Order edits (kitchen-and-counter K-11), as the "edit_rate" simulation makes them. */
JsonObject       *galley_demo_server_edit_order           (GalleyDemoServer        *self,
                                                           const char              *id,
                                                           GalleyDemoEditKind       kind,
                                                           JsonObject              *params,
                                                           GError                 **error);
gboolean          galley_demo_server_edit_kind_from_string (const char             *text,
                                                           GalleyDemoEditKind      *kind);
guint             galley_demo_server_get_orders_edited    (GalleyDemoServer        *self);

/* The voice session endpoint (spec/voice.md §9.4): switches "ga_shape", "menu_load_failed",
 * "openai_timeout", "no_key" (0 or 1) and "rate_limit" (calls per 5 minutes, default 20). */
gboolean          galley_demo_server_set_realtime_switch  (GalleyDemoServer        *self,
                                                           const char              *name,
                                                           guint                    value);
guint             galley_demo_server_get_realtime_issued  (GalleyDemoServer        *self);
gboolean          galley_demo_server_check_realtime_secret (GalleyDemoServer       *self,
                                                           const char              *secret);

/* Fault injection (spec/order-protocol.md §7.3). */
gboolean          galley_demo_server_fault                (GalleyDemoServer        *self,
                                                           JsonObject              *params,
                                                           GError                 **error);
void              galley_demo_server_clear_faults         (GalleyDemoServer        *self);
void              galley_demo_server_drop_connections     (GalleyDemoServer        *self,
                                                           GalleyDemoDropMode       mode,
                                                           gushort                  code,
                                                           const char              *reason);
void              galley_demo_server_send_malformed       (GalleyDemoServer        *self,
                                                           GalleyDemoMalformedKind  kind,
                                                           guint                    count);
void              galley_demo_server_send_unknown_type    (GalleyDemoServer        *self,
                                                           const char              *type,
                                                           guint                    count);
void              galley_demo_server_send_oversized       (GalleyDemoServer        *self,
                                                           gsize                    bytes);
void              galley_demo_server_set_delay            (GalleyDemoServer        *self,
                                                           guint                    ws_ms,
                                                           guint                    rest_ms,
                                                           guint                    jitter_ms,
                                                           const char              *path_filter);
void              galley_demo_server_stall_rest           (GalleyDemoServer        *self,
                                                           const char              *path_filter);
void              galley_demo_server_fail_rest            (GalleyDemoServer        *self,
                                                           const char              *path_filter,
                                                           guint                    status,
                                                           guint                    count);
void              galley_demo_server_reject_auth          (GalleyDemoServer        *self,
                                                           GalleyDemoRejectMode     mode);
void              galley_demo_server_expire_tokens        (GalleyDemoServer        *self);
void              galley_demo_server_duplicate_events     (GalleyDemoServer        *self,
                                                           guint                    count);
void              galley_demo_server_reorder_events       (GalleyDemoServer        *self,
                                                           guint                    window);
void              galley_demo_server_suppress_broadcasts  (GalleyDemoServer        *self,
                                                           int                      count);
void              galley_demo_server_skip_seq             (GalleyDemoServer        *self,
                                                           guint                    count);
void              galley_demo_server_restart              (GalleyDemoServer        *self,
                                                           guint                    downtime_ms,
                                                           guint                    missed_events,
                                                           gboolean                 refuse_rest);

G_END_DECLS
