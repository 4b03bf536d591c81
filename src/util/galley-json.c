/* galley-json.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "galley-json"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/galley-json.h"

static void
append_string (GString    *out,
               const char *str)
{
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) str; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char) *p);
        }
    }
  g_string_append_c (out, '"');
}

static void
append_double (GString *out,
               double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      g_string_append (out, "null");   /* as JSON.stringify does */
      return;
    }

  if (value == 0)
    {
      g_string_append_c (out, '0');   /* -0 too, as JSON.stringify writes it */
      return;
    }

  if (value == floor (value) && fabs (value) < 1e21)
    {
      /* JavaScript writes integral numbers in full below 1e21 */
      g_ascii_formatd (buf, sizeof buf, "%.0f", value);
      g_string_append (out, buf);
      return;
    }

  /* the shortest precision that reads back to the same double, as JavaScript prints */
  for (int precision = 1; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buf, sizeof buf, format, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }

  g_string_append (out, buf);
}

/**
 * galley_json_append:
 *
 * Appends @node serialised to @out.
 */
void
galley_json_append (GString  *out,
                    JsonNode *node)
{
  if (node == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        gboolean first = TRUE;

        g_string_append_c (out, '{');
        json_object_iter_init_ordered (&iter, object);
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            if (!first)
              g_string_append_c (out, ',');
            first = FALSE;
            append_string (out, name);
            g_string_append_c (out, ':');
            galley_json_append (out, member);
          }
        g_string_append_c (out, '}');
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            galley_json_append (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          append_double (out, json_node_get_double (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_STRING:
          append_string (out, json_node_get_string (node));
          break;
        default:
          g_string_append (out, "null");
        }
      break;

    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
    }
}

/**
 * galley_json_to_string:
 *
 * Returns: (transfer full): @node as compact JSON text
 */
char *
galley_json_to_string (JsonNode *node)
{
  GString *out = g_string_new (NULL);

  galley_json_append (out, node);

  return g_string_free (out, FALSE);
}

/**
 * galley_json_object_to_string:
 *
 * Returns: (transfer full): @object as compact JSON text
 */
char *
galley_json_object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);

  return galley_json_to_string (node);
}

/* ------------------------------------------------------------------ parsing */

/* Galley's own strict JSON reader (RFC 8259) into json-glib nodes. json-glib 1.6's parser is
 * slow (GScanner: about 27 µs for a 1.6 KB order frame, more than the rest of an event's
 * work together), recurses with no depth limit (100,000 nested arrays in a 200 KB frame
 * overflow the stack) and takes several top-level values ("{…}{…}"), keeping the last and
 * leaking the others. This reader bounds the depth, refuses anything after the value, and
 * takes only what strict JSON allows. */

typedef struct
{
  const char *p;
  const char *end;
  const char *start;
  guint       depth;
  guint       max_depth;
  GError    **error;
} Reader;

static gboolean
fail (Reader     *r,
      const char *what)
{
  g_set_error (r->error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
               "%s at offset %" G_GSIZE_FORMAT, what, (gsize) (r->p - r->start));
  return FALSE;
}

static void
skip_space (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
    r->p++;
}

static JsonNode *read_value (Reader *r);

static int
hex4 (const char *p)
{
  int value = 0;

  for (int i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }

  return value;
}

/* Reads a string after its opening quote; the result is valid UTF-8 (the input was checked,
 * and an escaped lone surrogate becomes U+FFFD). */
static char *
read_string (Reader *r)
{
  GString *out = NULL;
  const char *run = r->p;

  for (;;)
    {
      unsigned char c;

      if (r->p >= r->end)
        {
          fail (r, "Unterminated string");
          if (out != NULL)
            g_string_free (out, TRUE);
          return NULL;
        }

      c = (unsigned char) *r->p;
      if (c == '"')
        {
          char *text;

          if (out == NULL)
            text = g_strndup (run, (gsize) (r->p - run));
          else
            {
              g_string_append_len (out, run, r->p - run);
              text = g_string_free (out, FALSE);
            }
          r->p++;
          return text;
        }

      if (c < 0x20)
        {
          fail (r, "Control character in a string");
          if (out != NULL)
            g_string_free (out, TRUE);
          return NULL;
        }

      if (c != '\\')
        {
          r->p++;
          continue;
        }

      /* an escape */
      if (out == NULL)
        out = g_string_sized_new (64);
      g_string_append_len (out, run, r->p - run);
      r->p++;
      if (r->p >= r->end)
        {
          fail (r, "Unterminated escape");
          g_string_free (out, TRUE);
          return NULL;
        }

      switch (*r->p++)
        {
        case '"': g_string_append_c (out, '"'); break;
        case '\\': g_string_append_c (out, '\\'); break;
        case '/': g_string_append_c (out, '/'); break;
        case 'b': g_string_append_c (out, '\b'); break;
        case 'f': g_string_append_c (out, '\f'); break;
        case 'n': g_string_append_c (out, '\n'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'u':
          {
            int unit = r->end - r->p >= 4 ? hex4 (r->p) : -1;
            gunichar ch;

            if (unit < 0)
              {
                fail (r, "Bad \\u escape");
                g_string_free (out, TRUE);
                return NULL;
              }
            r->p += 4;
            ch = (gunichar) unit;

            if (unit >= 0xd800 && unit <= 0xdbff && r->end - r->p >= 6 && r->p[0] == '\\' &&
                r->p[1] == 'u')
              {
                int low = hex4 (r->p + 2);

                if (low >= 0xdc00 && low <= 0xdfff)
                  {
                    ch = 0x10000 + (((gunichar) unit - 0xd800) << 10) + ((gunichar) low - 0xdc00);
                    r->p += 6;
                  }
              }
            if ((ch >= 0xd800 && ch <= 0xdfff) || ch == 0)
              ch = 0xfffd;   /* a lone surrogate, or NUL, which C strings cannot hold */
            g_string_append_unichar (out, ch);
          }
          break;
        default:
          r->p--;
          fail (r, "Bad escape");
          g_string_free (out, TRUE);
          return NULL;
        }
      run = r->p;
    }
}

static JsonNode *
read_number (Reader *r)
{
  const char *begin = r->p;
  gboolean integer = TRUE;
  char buf[64];
  gsize len;
  JsonNode *node;

  if (r->p < r->end && *r->p == '-')
    r->p++;
  if (r->p >= r->end || !g_ascii_isdigit (*r->p))
    return fail (r, "Bad number"), NULL;
  if (*r->p == '0')
    r->p++;
  else
    while (r->p < r->end && g_ascii_isdigit (*r->p))
      r->p++;
  if (r->p < r->end && *r->p == '.')
    {
      integer = FALSE;
      r->p++;
      if (r->p >= r->end || !g_ascii_isdigit (*r->p))
        return fail (r, "Bad number"), NULL;
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        r->p++;
    }
  if (r->p < r->end && (*r->p == 'e' || *r->p == 'E'))
    {
      integer = FALSE;
      r->p++;
      if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
        r->p++;
      if (r->p >= r->end || !g_ascii_isdigit (*r->p))
        return fail (r, "Bad number"), NULL;
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        r->p++;
    }

  len = (gsize) (r->p - begin);
  if (len >= sizeof buf)
    {
      /* longer than any number worth keeping exactly */
      integer = FALSE;
      len = sizeof buf - 1;
    }
  memcpy (buf, begin, len);
  buf[len] = '\0';

  node = json_node_alloc ();
  if (integer)
    {
      char *tail = NULL;
      gint64 value;

      errno = 0;
      value = g_ascii_strtoll (buf, &tail, 10);
      if (errno == 0)
        return json_node_init_int (node, value);
    }

  return json_node_init_double (node, g_ascii_strtod (buf, NULL));
}

static gboolean
literal (Reader     *r,
         const char *word)
{
  gsize len = strlen (word);

  if ((gsize) (r->end - r->p) < len || memcmp (r->p, word, len) != 0)
    return FALSE;

  r->p += len;

  return TRUE;
}

static JsonNode *
read_container (Reader   *r,
                gboolean  object)
{
  JsonNode *node;
  JsonObject *members = NULL;
  JsonArray *elements = NULL;

  if (++r->depth > r->max_depth)
    return fail (r, "Nested too deep"), NULL;

  r->p++;   /* { or [ */
  if (object)
    members = json_object_new ();
  else
    elements = json_array_new ();

  skip_space (r);
  if (r->p < r->end && *r->p == (object ? '}' : ']'))
    r->p++;
  else
    for (;;)
      {
        char *name = NULL;
        JsonNode *value;

        if (object)
          {
            skip_space (r);
            if (r->p >= r->end || *r->p != '"')
              {
                fail (r, "Expected a member name");
                goto error;
              }
            r->p++;
            if ((name = read_string (r)) == NULL)
              goto error;
            skip_space (r);
            if (r->p >= r->end || *r->p != ':')
              {
                g_free (name);
                fail (r, "Expected ':'");
                goto error;
              }
            r->p++;
          }

        value = read_value (r);
        if (value == NULL)
          {
            g_free (name);
            goto error;
          }
        if (object)
          {
            json_object_set_member (members, name, value);   /* a repeated name: the last wins */
            g_free (name);
          }
        else
          json_array_add_element (elements, value);

        skip_space (r);
        if (r->p < r->end && *r->p == ',')
          {
            r->p++;
            continue;
          }
        if (r->p < r->end && *r->p == (object ? '}' : ']'))
          {
            r->p++;
            break;
          }
        fail (r, object ? "Expected ',' or '}'" : "Expected ',' or ']'");
        goto error;
      }

  r->depth--;
  node = json_node_alloc ();
  if (object)
    {
      json_node_init_object (node, members);
      json_object_unref (members);
    }
  else
    {
      json_node_init_array (node, elements);
      json_array_unref (elements);
    }

  return node;

error:
  g_clear_pointer (&members, json_object_unref);
  g_clear_pointer (&elements, json_array_unref);
  return NULL;
}

static JsonNode *
read_value (Reader *r)
{
  skip_space (r);
  if (r->p >= r->end)
    return fail (r, "Expected a value"), NULL;

  switch (*r->p)
    {
    case '{':
      return read_container (r, TRUE);
    case '[':
      return read_container (r, FALSE);
    case '"':
      {
        g_autofree char *text = NULL;

        r->p++;
        text = read_string (r);
        if (text == NULL)
          return NULL;

        return json_node_init_string (json_node_alloc (), text);
      }
    default:
      break;
    }

  if (literal (r, "true"))
    return json_node_init_boolean (json_node_alloc (), TRUE);
  if (literal (r, "false"))
    return json_node_init_boolean (json_node_alloc (), FALSE);
  if (literal (r, "null"))
    return json_node_init_null (json_node_alloc ());

  return read_number (r);
}

/**
 * galley_json_parse:
 *
 * Reads one strict JSON value (UTF-8, nested at most GALLEY_JSON_MAX_DEPTH deep, nothing
 * but white space after it).
 *
 * Returns: (transfer full) (nullable): the root node, or %NULL with @error set
 */
JsonNode *
galley_json_parse (const char  *data,
                   gssize       length,
                   GError     **error)
{
  JsonNode *node;
  Reader r;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length < 0)
    length = (gssize) strlen (data);

  r = (Reader) { data, data + length, data, 0, GALLEY_JSON_MAX_DEPTH, error };

  if (!g_utf8_validate_len (data, (gsize) length, NULL))
    return fail (&r, "Not UTF-8"), NULL;

  node = read_value (&r);
  if (node == NULL)
    return NULL;

  skip_space (&r);
  if (r.p != r.end)
    {
      json_node_unref (node);
      return fail (&r, "More than one JSON value"), NULL;
    }

  return node;
}

/**
 * galley_json_parse_object:
 *
 * Returns: (transfer full) (nullable): the root object, or %NULL with @error set when the
 *   text is not JSON or its root is not an object
 */
JsonObject *
galley_json_parse_object (const char  *data,
                          gssize       length,
                          GError     **error)
{
  g_autoptr(JsonNode) root = galley_json_parse (data, length, error);

  if (root == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                           "The document is not a JSON object");
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

static JsonNode *
member_value (JsonObject *object,
              const char *member)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, member))
    return NULL;

  node = json_object_get_member (object, member);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  return node;
}

gboolean
galley_json_is_null_or_absent (JsonObject *object,
                               const char *member)
{
  return member_value (object, member) == NULL;
}

gboolean
galley_json_get_string (JsonObject  *object,
                        const char  *member,
                        const char **value)
{
  JsonNode *node = member_value (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;

  if (value != NULL)
    *value = json_node_get_string (node);

  return TRUE;
}

gboolean
galley_json_get_int (JsonObject *object,
                     const char *member,
                     gint64     *value)
{
  JsonNode *node = member_value (object, member);
  double d;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      if (value != NULL)
        *value = json_node_get_int (node);
      return TRUE;

    case G_TYPE_DOUBLE:
      /* JavaScript servers send 2 and 2.0 alike */
      d = json_node_get_double (node);
      if (d != floor (d) || fabs (d) > 9007199254740991.0)
        return FALSE;
      if (value != NULL)
        *value = (gint64) d;
      return TRUE;

    default:
      return FALSE;
    }
}

gboolean
galley_json_get_number (JsonObject *object,
                        const char *member,
                        double     *value)
{
  JsonNode *node = member_value (object, member);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return FALSE;

  if (value != NULL)
    *value = json_node_get_double (node);

  return isfinite (json_node_get_double (node));
}

gboolean
galley_json_get_bool (JsonObject *object,
                      const char *member,
                      gboolean   *value)
{
  JsonNode *node = member_value (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;

  if (value != NULL)
    *value = json_node_get_boolean (node);

  return TRUE;
}

/**
 * galley_json_get_object:
 *
 * Returns: (transfer none) (nullable): the member if it is an object
 */
JsonObject *
galley_json_get_object (JsonObject *object,
                        const char *member)
{
  JsonNode *node = member_value (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

/**
 * galley_json_get_array:
 *
 * Returns: (transfer none) (nullable): the member if it is an array
 */
JsonArray *
galley_json_get_array (JsonObject *object,
                       const char *member)
{
  JsonNode *node = member_value (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  return json_node_get_array (node);
}

/**
 * galley_money_to_cents:
 *
 * Converts dollars to integer cents as the server does: JavaScript's Math.round of the
 * product (halves toward +infinity).
 */
gint64
galley_money_to_cents (double dollars)
{
  return (gint64) floor (dollars * 100.0 + 0.5);
}

double
galley_cents_to_money (gint64 cents)
{
  return (double) cents / 100.0;
}

/**
 * galley_json_dup_text:
 * @text: (nullable): a string from the server
 * @max_chars: the most characters to keep
 *
 * A copy of a server string fit for logs and display: valid UTF-8 (json-glib lets "\ud800"
 * through as invalid bytes) and at most @max_chars characters, never cut inside a character
 * (R-IN-5).
 *
 * Returns: (transfer full) (nullable): the copy, %NULL for %NULL
 */
char *
galley_json_dup_text (const char *text,
                      glong       max_chars)
{
  g_autofree char *valid = NULL;
  const char *end;

  if (text == NULL)
    return NULL;

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  if (g_utf8_strlen (text, -1) <= max_chars)
    return g_strdup (text);

  end = g_utf8_offset_to_pointer (text, max_chars);

  return g_strndup (text, (gsize) (end - text));
}
