/* galley-json.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "galley-json"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

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

  if (value == floor (value) && fabs (value) < 1e15)
    {
      g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) value);
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

/**
 * galley_json_parse:
 *
 * Returns: (transfer full) (nullable): the root node, or %NULL with @error set
 */
JsonNode *
galley_json_parse (const char  *data,
                   gssize       length,
                   GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, data, length, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE, "Empty document");
      return NULL;
    }

  return json_node_copy (root);
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
