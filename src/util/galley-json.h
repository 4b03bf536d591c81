/* galley-json.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Serialises like JavaScript's JSON.stringify: members in insertion order, numbers in their
 * shortest round-trip form (15.12, not 15.119999999999999; 14, not 14.0), no whitespace. */
char       *galley_json_to_string         (JsonNode   *node);
char       *galley_json_object_to_string  (JsonObject *object);
void        galley_json_append            (GString    *out,
                                           JsonNode   *node);

/* Galley reads JSON itself (json-glib 1.6's parser is slow, recurses without a limit and
 * leaks on several top-level values): strict RFC 8259, at most this deep. */
#define GALLEY_JSON_MAX_DEPTH 64

JsonNode   *galley_json_parse             (const char *data,
                                           gssize      length,
                                           GError    **error);
JsonObject *galley_json_parse_object      (const char *data,
                                           gssize      length,
                                           GError    **error);

/* Typed lookups that never abort on the wrong type: they say whether the member exists with
 * the expected JSON type. A JSON null counts as absent. */
gboolean    galley_json_get_string        (JsonObject  *object,
                                           const char  *member,
                                           const char **value);
gboolean    galley_json_get_int           (JsonObject  *object,
                                           const char  *member,
                                           gint64      *value);
gboolean    galley_json_get_number        (JsonObject  *object,
                                           const char  *member,
                                           double      *value);
gboolean    galley_json_get_bool          (JsonObject  *object,
                                           const char  *member,
                                           gboolean    *value);
JsonObject *galley_json_get_object        (JsonObject  *object,
                                           const char  *member);
JsonArray  *galley_json_get_array         (JsonObject  *object,
                                           const char  *member);
gboolean    galley_json_is_null_or_absent (JsonObject  *object,
                                           const char  *member);

char       *galley_json_dup_text          (const char *text,
                                           glong       max_chars);

gint64      galley_money_to_cents         (double      dollars);
double      galley_cents_to_money         (gint64      cents);

G_END_DECLS
