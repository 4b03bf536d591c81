/* galley-jwt.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HS256 JSON Web Tokens: the demo server signs and verifies them as the restaurant server
 * does (spec/order-protocol.md §1.2, §4.2); the client only decodes its own token to know
 * when it expires. Token text is never logged.
 */
#define G_LOG_DOMAIN "galley-jwt"

#include <string.h>

#include "util/galley-jwt.h"

G_DEFINE_QUARK (galley-jwt-error-quark, galley_jwt_error)

/**
 * galley_base64url_encode:
 *
 * Returns: (transfer full): @data in unpadded base64url (RFC 4648 §5)
 */
char *
galley_base64url_encode (const guint8 *data,
                         gsize         len)
{
  char *out = g_base64_encode (data, len);
  gsize n = strlen (out);

  while (n > 0 && out[n - 1] == '=')
    out[--n] = '\0';

  for (char *p = out; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
    }

  return out;
}

/**
 * galley_base64url_decode:
 *
 * Returns: (transfer full) (nullable): the decoded bytes, NUL-terminated for convenience,
 *   or %NULL if @text is not base64url
 */
guint8 *
galley_base64url_decode (const char *text,
                         gsize      *out_len)
{
  gsize len = strlen (text);
  GString *std;
  guint8 *raw, *out;
  gsize raw_len;

  if (len % 4 == 1)
    return NULL;

  std = g_string_sized_new (len + 3);
  for (const char *p = text; *p != '\0'; p++)
    {
      char c = *p;

      if (c == '-')
        c = '+';
      else if (c == '_')
        c = '/';
      else if (!g_ascii_isalnum (c))
        {
          g_string_free (std, TRUE);
          return NULL;
        }
      g_string_append_c (std, c);
    }
  while (std->len % 4 != 0)
    g_string_append_c (std, '=');

  raw = g_base64_decode (std->str, &raw_len);
  g_string_free (std, TRUE);

  out = g_malloc (raw_len + 1);
  memcpy (out, raw, raw_len);
  out[raw_len] = 0;
  g_free (raw);

  if (out_len != NULL)
    *out_len = raw_len;

  return out;
}

static char *
object_to_base64url (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;

  json_node_set_object (node, object);
  text = json_to_string (node, FALSE);

  return galley_base64url_encode ((const guint8 *) text, strlen (text));
}

static char *
sign (const char *signing_input,
      const char *secret)
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) secret, strlen (secret));
  guint8 digest[32];
  gsize digest_len = sizeof digest;

  g_hmac_update (hmac, (const guchar *) signing_input, (gssize) strlen (signing_input));
  g_hmac_get_digest (hmac, digest, &digest_len);

  return galley_base64url_encode (digest, digest_len);
}

/**
 * galley_jwt_encode_hs256:
 *
 * Returns: (transfer full): the signed token
 */
char *
galley_jwt_encode_hs256 (JsonObject *claims,
                         const char *secret)
{
  g_autoptr(JsonObject) header = json_object_new ();
  g_autofree char *h = NULL, *p = NULL, *input = NULL, *sig = NULL;

  g_return_val_if_fail (claims != NULL, NULL);
  g_return_val_if_fail (secret != NULL, NULL);

  json_object_set_string_member (header, "alg", "HS256");
  json_object_set_string_member (header, "typ", "JWT");
  h = object_to_base64url (header);
  p = object_to_base64url (claims);
  input = g_strconcat (h, ".", p, NULL);
  sig = sign (input, secret);

  return g_strconcat (input, ".", sig, NULL);
}

static JsonObject *
decode_part (const char  *part,
             GError     **error)
{
  g_autofree guint8 *raw = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  gsize len = 0;

  raw = galley_base64url_decode (part, &len);
  if (raw == NULL || !json_parser_load_from_data (parser, (const char *) raw, (gssize) len, NULL))
    {
      g_set_error_literal (error, GALLEY_JWT_ERROR, GALLEY_JWT_ERROR_MALFORMED,
                           "Token part is not base64url JSON");
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, GALLEY_JWT_ERROR, GALLEY_JWT_ERROR_MALFORMED,
                           "Token part is not a JSON object");
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

static gboolean
split (const char   *token,
       char       ***parts_out,
       GError      **error)
{
  g_auto (GStrv) parts = NULL;

  if (token == NULL || *token == '\0')
    {
      g_set_error_literal (error, GALLEY_JWT_ERROR, GALLEY_JWT_ERROR_MALFORMED, "Empty token");
      return FALSE;
    }

  parts = g_strsplit (token, ".", 4);
  if (g_strv_length (parts) != 3)
    {
      g_set_error_literal (error, GALLEY_JWT_ERROR, GALLEY_JWT_ERROR_MALFORMED,
                           "Token does not have three parts");
      return FALSE;
    }

  *parts_out = g_steal_pointer (&parts);

  return TRUE;
}

/**
 * galley_jwt_decode:
 *
 * Reads the claims of a token without checking its signature (the client cannot, and does
 * not need to: it only wants to know when its own token expires).
 *
 * Returns: (transfer full) (nullable): the claims
 */
JsonObject *
galley_jwt_decode (const char  *token,
                   GError     **error)
{
  g_auto (GStrv) parts = NULL;

  if (!split (token, &parts, error))
    return NULL;

  return decode_part (parts[1], error);
}

static gboolean
equal_constant_time (const char *a,
                     const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  guint8 diff = la != lb;

  for (gsize i = 0; i < la && i < lb; i++)
    diff |= (guint8) (a[i] ^ b[i]);

  return diff == 0;
}

/**
 * galley_jwt_verify_hs256:
 * @now_s: the current time in seconds since the epoch, for the "exp" claim
 *
 * Returns: (transfer full) (nullable): the claims of a valid, unexpired HS256 token
 */
JsonObject *
galley_jwt_verify_hs256 (const char  *token,
                         const char  *secret,
                         gint64       now_s,
                         GError     **error)
{
  g_auto (GStrv) parts = NULL;
  g_autoptr(JsonObject) header = NULL;
  g_autoptr(JsonObject) claims = NULL;
  g_autofree char *input = NULL, *expected = NULL;
  const char *alg;

  g_return_val_if_fail (secret != NULL, NULL);

  if (!split (token, &parts, error))
    return NULL;

  header = decode_part (parts[0], error);
  if (header == NULL)
    return NULL;

  alg = json_object_get_string_member_with_default (header, "alg", "");
  if (g_strcmp0 (alg, "HS256") != 0)
    {
      g_set_error_literal (error, GALLEY_JWT_ERROR, GALLEY_JWT_ERROR_UNSUPPORTED,
                           "Token is not signed with HS256");
      return NULL;
    }

  input = g_strconcat (parts[0], ".", parts[1], NULL);
  expected = sign (input, secret);
  if (!equal_constant_time (expected, parts[2]))
    {
      g_set_error_literal (error, GALLEY_JWT_ERROR, GALLEY_JWT_ERROR_BAD_SIGNATURE,
                           "Token signature does not verify");
      return NULL;
    }

  claims = decode_part (parts[1], error);
  if (claims == NULL)
    return NULL;

  if (json_object_has_member (claims, "exp"))
    {
      JsonNode *exp = json_object_get_member (claims, "exp");

      if (!JSON_NODE_HOLDS_VALUE (exp) ||
          (json_node_get_value_type (exp) != G_TYPE_INT64 &&
           json_node_get_value_type (exp) != G_TYPE_DOUBLE) ||
          (gint64) json_node_get_double (exp) <= now_s)
        {
          g_set_error_literal (error, GALLEY_JWT_ERROR, GALLEY_JWT_ERROR_EXPIRED,
                               "Token has expired");
          return NULL;
        }
    }

  return g_steal_pointer (&claims);
}
