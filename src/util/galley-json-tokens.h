/* galley-json-tokens.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A JSON document read into one flat array of values ("tokens") instead of a tree of
 * JsonNodes: what the order feed reads each frame with, without allocating and freeing a
 * node, a hash table and a copied name for every member. It accepts exactly what
 * galley_json_parse() accepts (strict RFC 8259, at most GALLEY_JSON_MAX_DEPTH deep, one
 * value) and gives the same values: a repeated member name, the last wins; \u0000 and lone
 * surrogates become U+FFFD; integers that fit in 64 bits are integers, other numbers doubles.
 *
 * A value is named by its index: the root is 0, and GALLEY_JSON_TOKEN_NONE stands for no
 * value. The getters have the semantics of galley_json_get_string() and its siblings. A
 * document can also be made from a JsonObject, so that one parser serves both (its strings
 * then belong to the tree, which must outlive the document). */

#define GALLEY_JSON_TOKEN_NONE G_MAXUINT

typedef enum
{
  GALLEY_JSON_TOKEN_NULL,
  GALLEY_JSON_TOKEN_BOOLEAN,
  GALLEY_JSON_TOKEN_INT,
  GALLEY_JSON_TOKEN_DOUBLE,
  GALLEY_JSON_TOKEN_STRING,
  GALLEY_JSON_TOKEN_ARRAY,
  GALLEY_JSON_TOKEN_OBJECT,
} GalleyJsonTokenType;

typedef struct _GalleyJsonTokens GalleyJsonTokens;

GalleyJsonTokens    *galley_json_tokens_parse          (const char        *data,
                                                        gsize              length,
                                                        GError           **error);
GalleyJsonTokens    *galley_json_tokens_new_for_object (JsonObject        *object);
void                 galley_json_tokens_free           (GalleyJsonTokens  *self);

GalleyJsonTokenType  galley_json_tokens_get_value_type (GalleyJsonTokens  *self,
                                                        guint              value);
guint                galley_json_tokens_get_size       (GalleyJsonTokens  *self,
                                                        guint              container);
guint                galley_json_tokens_first          (GalleyJsonTokens  *self,
                                                        guint              container);
guint                galley_json_tokens_next           (GalleyJsonTokens  *self,
                                                        guint              container,
                                                        guint              value);
const char          *galley_json_tokens_get_name       (GalleyJsonTokens  *self,
                                                        guint              member);
const char          *galley_json_tokens_string         (GalleyJsonTokens  *self,
                                                        guint              value);
guint                galley_json_tokens_lookup         (GalleyJsonTokens  *self,
                                                        guint              object,
                                                        const char        *member);

gboolean             galley_json_tokens_is_null_or_absent (GalleyJsonTokens *self,
                                                        guint              object,
                                                        const char        *member);
gboolean             galley_json_tokens_get_string     (GalleyJsonTokens  *self,
                                                        guint              object,
                                                        const char        *member,
                                                        const char       **value);
gboolean             galley_json_tokens_get_int        (GalleyJsonTokens  *self,
                                                        guint              object,
                                                        const char        *member,
                                                        gint64            *value);
gboolean             galley_json_tokens_get_number     (GalleyJsonTokens  *self,
                                                        guint              object,
                                                        const char        *member,
                                                        double            *value);
gboolean             galley_json_tokens_get_bool       (GalleyJsonTokens  *self,
                                                        guint              object,
                                                        const char        *member,
                                                        gboolean          *value);
guint                galley_json_tokens_get_object     (GalleyJsonTokens  *self,
                                                        guint              object,
                                                        const char        *member);
guint                galley_json_tokens_get_array      (GalleyJsonTokens  *self,
                                                        guint              object,
                                                        const char        *member);

JsonNode            *galley_json_tokens_dup_node       (GalleyJsonTokens  *self,
                                                        guint              value);
char                *galley_json_tokens_dup_source     (GalleyJsonTokens  *self,
                                                        guint              value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GalleyJsonTokens, galley_json_tokens_free)

G_END_DECLS
