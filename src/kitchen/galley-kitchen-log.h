/* galley-kitchen-log.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Rows older than this are pruned when the log is opened. */
#define GALLEY_KITCHEN_LOG_RETENTION_US (G_GINT64_CONSTANT (30) * 24 * 3600 * G_USEC_PER_SEC)

/* The schema this build writes (PRAGMA user_version). */
#define GALLEY_KITCHEN_LOG_SCHEMA_VERSION 1

#define GALLEY_KITCHEN_LOG_ERROR (galley_kitchen_log_error_quark ())

typedef enum
{
  GALLEY_KITCHEN_LOG_ERROR_FAILED,      /* any other storage failure */
  GALLEY_KITCHEN_LOG_ERROR_DISK_FULL,   /* SQLITE_FULL */
  GALLEY_KITCHEN_LOG_ERROR_READ_ONLY,   /* the folder or file may not be written */
  GALLEY_KITCHEN_LOG_ERROR_CORRUPT,     /* the file is damaged and could not be replaced */
  GALLEY_KITCHEN_LOG_ERROR_BUSY,        /* another process holds the database */
  GALLEY_KITCHEN_LOG_ERROR_NOT_FOUND,   /* no such bump (unknown, undone or pruned) */
} GalleyKitchenLogError;

/* One bump as the log keeps it. Boxed (GALLEY_TYPE_BUMP_RECORD); the strings belong to the
 * record. For galley_kitchen_log_add_bump() a stack record with borrowed strings is fine. */
typedef struct
{
  gint64    id;
  char     *order_id;
  char     *order_label;   /* what the card showed, e.g. "Table 7" / "Order #0004" */
  char     *station;       /* "grill", "all", "expo" ... */
  int       target;        /* GalleyOrderStatus the bump sent (orders/galley-order-status.h) */
  int       previous;      /* GalleyOrderStatus before the bump (for display) */
  gint64    started_at;    /* when the ticket's timer started */
  gint64    bumped_at;
  gboolean  recalled;      /* recalled since */
} GalleyBumpRecord;

/* One entry of an order's change audit (K-11). Boxed (GALLEY_TYPE_CHANGE_RECORD). */
typedef struct
{
  gint64  id;
  char   *order_id;
  char   *kind;          /* "added", "void", "quantity", "modified", "cancelled", "fired" */
  char   *description;
  gint64  at;
} GalleyChangeRecord;

/* Speed of service over a time window (K-21). Durations are bumped_at - started_at,
 * counted as 0 when the ticket's start lies after its bump (clock skew). */
typedef struct
{
  guint   bumped;         /* bumps that were not undone */
  gint64  average_us;     /* mean of bumped_at - started_at, rounded; 0 if none */
  gint64  worst_us;
  guint   past_warning;   /* bumps whose time reached the warning threshold recorded with it
                           * (this includes the late ones) */
  guint   past_late;      /* bumps whose time reached the late threshold recorded with it */
  guint   recalls;        /* recalls made in the window (of bumps not undone) */
} GalleySpeedOfService;

#define GALLEY_TYPE_BUMP_RECORD (galley_bump_record_get_type ())
#define GALLEY_TYPE_CHANGE_RECORD (galley_change_record_get_type ())

GType               galley_bump_record_get_type     (void) G_GNUC_CONST;
GalleyBumpRecord   *galley_bump_record_copy         (const GalleyBumpRecord   *record);
void                galley_bump_record_free         (GalleyBumpRecord         *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GalleyBumpRecord, galley_bump_record_free)

GType               galley_change_record_get_type   (void) G_GNUC_CONST;
GalleyChangeRecord *galley_change_record_copy       (const GalleyChangeRecord *record);
void                galley_change_record_free       (GalleyChangeRecord       *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GalleyChangeRecord, galley_change_record_free)

#define GALLEY_TYPE_KITCHEN_LOG (galley_kitchen_log_get_type ())
G_DECLARE_FINAL_TYPE (GalleyKitchenLog, galley_kitchen_log, GALLEY, KITCHEN_LOG, GObject)

GQuark            galley_kitchen_log_error_quark       (void);

GalleyKitchenLog *galley_kitchen_log_new               (const char              *path,
                                                        GError                 **error);
char             *galley_kitchen_log_dup_default_path  (void);
const char       *galley_kitchen_log_get_path          (GalleyKitchenLog        *self);

gint64            galley_kitchen_log_add_bump          (GalleyKitchenLog        *self,
                                                        const GalleyBumpRecord  *record,
                                                        gint64                   warning_us,
                                                        gint64                   late_us,
                                                        GError                 **error);
gboolean          galley_kitchen_log_undo_bump         (GalleyKitchenLog        *self,
                                                        gint64                   id,
                                                        GError                 **error);
gboolean          galley_kitchen_log_add_recall        (GalleyKitchenLog        *self,
                                                        gint64                   bump_id,
                                                        gint64                   at,
                                                        GError                 **error);
GalleyBumpRecord *galley_kitchen_log_dup_bump          (GalleyKitchenLog        *self,
                                                        gint64                   id);
GPtrArray        *galley_kitchen_log_list_recent_bumps (GalleyKitchenLog        *self,
                                                        const char              *station,
                                                        gint64                   since);

gboolean          galley_kitchen_log_add_ack           (GalleyKitchenLog        *self,
                                                        const char              *order_id,
                                                        const char              *station,
                                                        const char              *who,
                                                        const char              *allergens,
                                                        gint64                   at,
                                                        GError                 **error);
gboolean          galley_kitchen_log_lookup_ack        (GalleyKitchenLog        *self,
                                                        const char              *order_id,
                                                        const char              *station,
                                                        char                   **who,
                                                        gint64                  *at);
gboolean          galley_kitchen_log_lookup_ack_full   (GalleyKitchenLog        *self,
                                                        const char              *order_id,
                                                        const char              *station,
                                                        char                   **who,
                                                        gint64                  *at,
                                                        char                   **allergens);

gboolean          galley_kitchen_log_set_line_done     (GalleyKitchenLog        *self,
                                                        const char              *order_id,
                                                        const char              *item_id,
                                                        const char              *station,
                                                        gboolean                 done,
                                                        gint64                   at,
                                                        GError                 **error);
GHashTable       *galley_kitchen_log_dup_lines_done    (GalleyKitchenLog        *self,
                                                        const char              *order_id);
GHashTable       *galley_kitchen_log_dup_lines_done_at (GalleyKitchenLog        *self,
                                                        const char              *order_id,
                                                        const char              *station);

gboolean          galley_kitchen_log_add_change        (GalleyKitchenLog        *self,
                                                        const char              *order_id,
                                                        const char              *kind,
                                                        const char              *description,
                                                        gint64                   at,
                                                        GError                 **error);
GPtrArray        *galley_kitchen_log_list_changes      (GalleyKitchenLog        *self,
                                                        const char              *order_id);

void              galley_kitchen_log_get_speed         (GalleyKitchenLog        *self,
                                                        const char              *station,
                                                        gint64                   from,
                                                        gint64                   to,
                                                        GalleySpeedOfService    *out);
guint             galley_kitchen_log_prune             (GalleyKitchenLog        *self,
                                                        gint64                   older_than);

void              galley_kitchen_log_today_range       (gint64                   now,
                                                        gint64                  *from,
                                                        gint64                  *to);
void              galley_kitchen_log_day_range         (gint64                   now,
                                                        GTimeZone               *tz,
                                                        gint64                  *from,
                                                        gint64                  *to);

G_END_DECLS
