/* galley-fake-realtime.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An in-process fake of the OpenAI Realtime WebSocket (spec/voice.md §9): a SoupServer on
 * 127.0.0.1, port 0, path /v1/realtime. Scripted, deterministic, recording every frame in
 * both directions; faults injected on demand. Test code only.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _GalleyFakeRealtime GalleyFakeRealtime;

typedef struct
{
  gint64      time_us;      /* monotonic */
  guint       connection;   /* 1 for the first accepted socket */
  gboolean    from_client;
  char       *type;         /* "(malformed)" for a frame that was not a typed object */
  JsonObject *event;        /* nullable; appends are kept without their audio */
  gsize       audio_bytes;  /* decoded bytes of an input_audio_buffer.append */
} GalleyFakeFrame;

typedef struct
{
  guint     connection;
  char     *authorization;  /* the header as received (a test secret, never a real one) */
  char     *model;          /* the ?model= query */
  gboolean  beta_header;    /* an OpenAI-Beta header was sent */
  gboolean  origin_header;
  gboolean  protocols;      /* a Sec-WebSocket-Protocol header was sent */
  guint     status;         /* 101, or the refusal */
} GalleyFakeHandshake;

GalleyFakeRealtime *galley_fake_realtime_new             (void);
void                galley_fake_realtime_free            (GalleyFakeRealtime *fake);
char               *galley_fake_realtime_dup_url         (GalleyFakeRealtime *fake);

/* §9.2: {"turns":[{"transcript":…, "response":[{"say":…,"audio":"tone:440:1800"} |
 * {"call":…,"arguments":{…},"split_at":[…]}], "hold":true}]}. Each response.create (or a
 * VAD turn) plays the next turn's response; "hold" keeps it active after its last event
 * until it is cancelled. Without turns left, a response says "OK." with 200 ms of tone. */
gboolean            galley_fake_realtime_set_script      (GalleyFakeRealtime *fake,
                                                          const char         *json);
/* §9.3 faults as JSON: {"fault":"abort"}, {"fault":"close","code":1011},
 * {"fault":"malformed","kind":"truncated"|"not_json"|"not_object"|"no_type"|"wrong_types"},
 * {"fault":"unknown"}, {"fault":"oversized","bytes":N}, {"fault":"error","code":…,
 * "message":…}, {"fault":"expire"}, {"fault":"speech_started"}, {"fault":"vad_turn"},
 * {"fault":"delay_events","ms":N}, {"fault":"silent"}. Applied to every open connection. */
gboolean            galley_fake_realtime_inject          (GalleyFakeRealtime *fake,
                                                          const char         *json);
/* The next @count handshakes are refused with @status before the upgrade (429 carries
 * Retry-After: 1). */
void                galley_fake_realtime_refuse_handshakes (GalleyFakeRealtime *fake,
                                                          guint               status,
                                                          guint               count);
/* Expire every session this long after its creation (0: never). */
void                galley_fake_realtime_set_max_duration_ms (GalleyFakeRealtime *fake,
                                                          guint               ms);
/* Milliseconds between two queued server events (default 1). */
void                galley_fake_realtime_set_tick_ms     (GalleyFakeRealtime *fake,
                                                          guint               ms);

GPtrArray          *galley_fake_realtime_get_log         (GalleyFakeRealtime *fake);
GPtrArray          *galley_fake_realtime_get_handshakes  (GalleyFakeRealtime *fake);
void                galley_fake_realtime_clear_log       (GalleyFakeRealtime *fake);
guint               galley_fake_realtime_count           (GalleyFakeRealtime *fake,
                                                          gboolean            from_client,
                                                          const char         *type);
JsonObject         *galley_fake_realtime_find            (GalleyFakeRealtime *fake,
                                                          gboolean            from_client,
                                                          const char         *type,
                                                          guint               nth);
guint               galley_fake_realtime_get_n_open      (GalleyFakeRealtime *fake);
/* Milliseconds of assistant audio sent for an item (for truncate checks). */
gint64              galley_fake_realtime_audio_ms        (GalleyFakeRealtime *fake,
                                                          const char         *item_id);

G_END_DECLS
