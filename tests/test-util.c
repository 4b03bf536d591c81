/* test-util.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The util and orders building blocks: named sources, GalleyWeak, GalleyClock, JSON
 * serialisation, reading (tree and tokens) and lookups, JWT, timestamps, input checks and the order status table.
 */
#include <glib-unix.h>
#include <unistd.h>

#include "core/galley-roles.h"
#include "galley-testutil.h"
#include "orders/galley-order-status.h"
#include "util/galley-clock.h"
#include "util/galley-json.h"
#include "util/galley-json-tokens.h"
#include "util/galley-jwt.h"
#include "util/galley-time.h"
#include "util/galley-validate.h"
#include "util/galley-weak.h"

/* ------------------------------------------------------------------ named sources */

static gboolean
count_cb (gpointer data)
{
  (*(guint *) data)++;

  return G_SOURCE_CONTINUE;
}

static gboolean
fd_cb (int          fd,
       GIOCondition condition,
       gpointer     data)
{
  (*(guint *) data)++;

  return G_SOURCE_CONTINUE;
}

static gboolean
counts_above_one (gpointer data)
{
  return *(guint *) data > 1;
}

static gboolean
counts_above_zero (gpointer data)
{
  return *(guint *) data > 0;
}

static void
test_source_registry (void)
{
  guint calls = 0, fd_calls = 0;
  guint timeout_id, idle_id, fd_id, signal_id, urgent_id;
  int fds[2];
  guint base = galley_source_count_live (GALLEY_SOURCE_PREFIX);
  g_autoptr(GHashTable) names = NULL;

  timeout_id = galley_timeout_add_named ("galley-test-timeout", 5, count_cb, &calls, NULL);
  idle_id = galley_idle_add_named ("galley-test-idle", count_cb, &calls, NULL);
  g_assert_true (g_unix_open_pipe (fds, FD_CLOEXEC, NULL));
  fd_id = galley_unix_fd_add_named ("galley-test-fd", fds[0], G_IO_IN, fd_cb, &fd_calls, NULL);
  signal_id = galley_unix_signal_add_named ("galley-test-signal", SIGUSR1, count_cb, &calls);
  urgent_id = galley_idle_add_full_named ("galley-test-urgent", G_PRIORITY_HIGH_IDLE + 10,
                                          count_cb, &calls, NULL);
  g_assert_cmpint (g_source_get_priority (g_main_context_find_source_by_id (NULL, urgent_id)),
                   ==, G_PRIORITY_HIGH_IDLE + 10);
  g_assert_cmpstr (g_source_get_name (g_main_context_find_source_by_id (NULL, urgent_id)), ==,
                   "galley-test-urgent");

  g_assert_cmpuint (galley_source_count_live (GALLEY_SOURCE_PREFIX), ==, base + 5);
  g_assert_cmpuint (galley_source_count_live ("galley-test-"), ==, 5);
  g_assert_cmpuint (galley_test_count_sources ("galley-test-"), ==, 5);
  names = galley_source_list_live ();
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (names, "galley-test-fd")), ==, 1);

  g_assert_cmpint (write (fds[1], "x", 1), ==, 1);
  /* until the sources ran (a loaded machine may give the loop no turn for a while) */
  g_assert_true (galley_test_spin_until (counts_above_one, &calls, 5000));
  g_assert_true (galley_test_spin_until (counts_above_zero, &fd_calls, 5000));

  g_source_remove (timeout_id);
  g_source_remove (idle_id);
  g_source_remove (fd_id);
  g_source_remove (signal_id);
  g_source_remove (urgent_id);
  close (fds[0]);
  close (fds[1]);

  g_assert_cmpuint (galley_source_count_live ("galley-test-"), ==, 0);
  g_assert_cmpuint (galley_test_count_sources ("galley-test-"), ==, 0);
}

static gboolean
once_cb (gpointer data)
{
  (*(guint *) data)++;

  return G_SOURCE_REMOVE;
}

static void
notify_cb (gpointer data)
{
  (*(guint *) data) += 100;
}

static void
test_source_remove_self (void)
{
  guint calls = 0;

  galley_timeout_add_named ("galley-test-once", 1, once_cb, &calls, notify_cb);
  g_assert_cmpuint (galley_source_count_live ("galley-test-once"), ==, 1);
  galley_test_spin_for (20);
  g_assert_cmpuint (calls, ==, 101);   /* ran once, then the data's notify */
  g_assert_cmpuint (galley_source_count_live ("galley-test-once"), ==, 0);
}

/* ------------------------------------------------------------------ weak */

static void
test_weak (void)
{
  GObject *object = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GalleyWeak) weak = galley_weak_new (object);
  GObject *strong = galley_weak_get (weak);

  g_assert_true (strong == object);
  g_object_unref (strong);
  g_assert_finalize_object (object);
  g_assert_null (galley_weak_get (weak));
}

/* ------------------------------------------------------------------ clock */

static void
tick_cb (GalleyClock *clock,
         gpointer     data)
{
  (*(guint *) data)++;
}

static gboolean
ticked_twice (gpointer data)
{
  return *(guint *) data >= 2;
}

static void
test_clock_hold_release (void)
{
  GalleyClock *clock = galley_clock_new (10);
  guint ticks = 0;
  gulong id = g_signal_connect (clock, "tick", G_CALLBACK (tick_cb), &ticks);

  g_assert_false (galley_clock_get_running (clock));
  g_assert_cmpuint (galley_test_count_sources ("galley-clock-"), ==, 0);

  galley_clock_hold (clock);
  galley_clock_hold (clock);
  g_assert_true (galley_clock_get_running (clock));
  g_assert_cmpuint (galley_test_count_sources ("galley-clock-"), ==, 1);
  g_assert_true (galley_test_spin_until (ticked_twice, &ticks, 2000));
  g_assert_cmpuint (galley_clock_get_ticks (clock), ==, ticks);

  galley_clock_release (clock);
  g_assert_true (galley_clock_get_running (clock));   /* one holder left */
  galley_clock_release (clock);
  g_assert_false (galley_clock_get_running (clock));
  g_assert_cmpuint (galley_test_count_sources ("galley-clock-"), ==, 0);

  /* a held clock that is destroyed takes its timer with it */
  galley_clock_hold (clock);
  g_signal_handler_disconnect (clock, id);
  g_assert_finalize_object (clock);
  g_assert_cmpuint (galley_test_count_sources ("galley-clock-"), ==, 0);
}

static void
test_clock_default_shared (void)
{
  GalleyClock *a = galley_clock_get_default ();
  GalleyClock *b = galley_clock_get_default ();

  g_assert_true (a == b);
  g_assert_cmpuint (galley_clock_get_interval (a), ==, 1000);
  g_object_unref (b);
  g_assert_finalize_object (a);
  galley_test_assert_tracked (GALLEY_TYPE_CLOCK, 0);

  /* a new one is made on demand after the last was freed */
  a = galley_clock_get_default ();
  g_assert_nonnull (a);
  g_assert_finalize_object (a);
}

/* ------------------------------------------------------------------ JSON */

static void
assert_json_round (const char *in,
                   const char *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = galley_json_parse (in, -1, &error);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  text = galley_json_to_string (node);
  g_assert_cmpstr (text, ==, out);
}

static void
test_json_serialise (void)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *text = NULL;

  /* numbers as JavaScript writes them */
  json_object_set_double_member (object, "total", 15.12);
  json_object_set_double_member (object, "price", 14.0);
  json_object_set_double_member (object, "tax", 2.72);
  json_object_set_double_member (object, "third", 1.0 / 3.0);
  json_object_set_int_member (object, "version", 3);
  json_object_set_double_member (object, "neg", -0.5);
  json_object_set_null_member (object, "notes");
  json_object_set_boolean_member (object, "ok", TRUE);
  json_object_set_string_member (object, "name", "Fish & \"Chips\"\n\t\x01");
  json_object_set_double_member (object, "total", 41.72);   /* replacing keeps the position */
  text = galley_json_object_to_string (object);
  g_assert_cmpstr (text, ==,
                   "{\"total\":41.72,\"price\":14,\"tax\":2.72,\"third\":0.3333333333333333,"
                   "\"version\":3,\"neg\":-0.5,\"notes\":null,\"ok\":true,"
                   "\"name\":\"Fish & \\\"Chips\\\"\\n\\t\\u0001\"}");

  assert_json_round ("[1,2.5,\"a\",[],{}]", "[1,2.5,\"a\",[],{}]");
  assert_json_round ("{\"b\":1,\"a\":{\"z\":[true,false,null]}}",
                     "{\"b\":1,\"a\":{\"z\":[true,false,null]}}");
  assert_json_round ("\"ünïcödé ✓\"", "\"ünïcödé ✓\"");
  assert_json_round ("1e21", "1e+21");
  assert_json_round (" [ 1 , -0 , 2.5E2 , -1e-3 , 9223372036854775807 ] ",
                     "[1,0,250,-0.001,9223372036854775807]");
  assert_json_round ("[99999999999999999999]", "[100000000000000000000]");   /* beyond int64 */
  assert_json_round ("\"a\\u00e9\\ud83c\\udf54\\n\\/\\\\\"", "\"aé🍔\\n/\\\\\"");
  assert_json_round ("\"\\ud800x\"", "\"\uFFFDx\"");   /* a lone surrogate */
  assert_json_round ("\"\\u0000\"", "\"\uFFFD\"");     /* NUL cannot live in a C string */
  assert_json_round ("{\"a\":1,\"a\":2}", "{\"a\":2}");  /* a repeated name: the last wins */
}

static void
test_json_parse_errors (void)
{
  static const char * const bad[] = {
    "", "{", "[1,", "{\"a\" 1}", "nul", "{\"a\":1}}", "\x80", "[1,]", "{\"a\":1,}", "01", "1.",
    ".5", "+1", "-", "1e", "[1 2]", "{1:2}", "{'a':1}", "\"a", "\"\\x\"", "\"\\u12\"",
    "\"tab\there\"", "tru", "nulll", "[true false]", "/* c */ 1", "\"\xc3\x28\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = galley_json_parse (bad[i], -1, &error);

      g_assert_null (node);
      g_assert_nonnull (error);
    }

  /* what json-glib 1.6 mishandles: unbounded nesting, several top-level values */
  {
    g_autoptr(GString) deep = g_string_new (NULL);
    static const char * const several[] = { "{}{}", "9{\"a\":1}", "[1] [2]", "{} x", "'a'" };
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = NULL;

    for (guint i = 0; i < 65; i++)
      g_string_append_c (deep, '[');
    for (guint i = 0; i < 65; i++)
      g_string_append_c (deep, ']');
    node = galley_json_parse (deep->str, -1, &error);
    g_assert_null (node);
    g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE);
    g_clear_error (&error);

    g_string_truncate (deep, 0);
    for (guint i = 0; i < 200000; i++)
      g_string_append_c (deep, '[');
    node = galley_json_parse (deep->str, -1, &error);   /* no stack overflow */
    g_assert_null (node);
    g_clear_error (&error);

    for (guint i = 0; i < G_N_ELEMENTS (several); i++)
      {
        g_assert_null (galley_json_parse (several[i], -1, &error));
        g_assert_nonnull (error);
        g_clear_error (&error);
      }

    node = galley_json_parse ("  {\"a\": [1, 2.5e3, -1, true, null, \"x]\\\"\"]} \n", -1, &error);
    g_assert_no_error (error);
    g_assert_nonnull (node);
  }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonObject) object = galley_json_parse_object ("[1]", -1, &error);

    g_assert_null (object);
    g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE);
  }
}

static void
test_json_getters (void)
{
  g_autoptr(JsonObject) o = galley_json_parse_object (
    "{\"s\":\"x\",\"i\":2,\"d\":2.0,\"f\":2.5,\"b\":true,\"n\":null,\"o\":{},\"a\":[1]}", -1,
    NULL);
  const char *s = NULL;
  gint64 i = 0;
  double d = 0;
  gboolean b = FALSE;

  g_assert_true (galley_json_get_string (o, "s", &s));
  g_assert_cmpstr (s, ==, "x");
  g_assert_false (galley_json_get_string (o, "i", &s));
  g_assert_false (galley_json_get_string (o, "n", &s));
  g_assert_false (galley_json_get_string (o, "missing", &s));

  g_assert_true (galley_json_get_int (o, "i", &i));
  g_assert_cmpint (i, ==, 2);
  g_assert_true (galley_json_get_int (o, "d", &i));      /* 2.0 is an integer to JavaScript */
  g_assert_false (galley_json_get_int (o, "f", &i));
  g_assert_false (galley_json_get_int (o, "s", &i));

  g_assert_true (galley_json_get_number (o, "f", &d));
  g_assert_cmpfloat (d, ==, 2.5);
  g_assert_true (galley_json_get_number (o, "i", &d));
  g_assert_false (galley_json_get_number (o, "b", &d));

  g_assert_true (galley_json_get_bool (o, "b", &b));
  g_assert_true (b);
  g_assert_false (galley_json_get_bool (o, "i", &b));

  g_assert_nonnull (galley_json_get_object (o, "o"));
  g_assert_null (galley_json_get_object (o, "a"));
  g_assert_nonnull (galley_json_get_array (o, "a"));
  g_assert_null (galley_json_get_array (o, "o"));
  g_assert_true (galley_json_is_null_or_absent (o, "n"));
  g_assert_true (galley_json_is_null_or_absent (o, "missing"));
  g_assert_false (galley_json_is_null_or_absent (o, "s"));
  g_assert_null (galley_json_get_object (NULL, "o"));
}

/* ------------------------------------------------------------------ JSON tokens */

/* A tree built from the tokens by walking them (not by galley_json_tokens_dup_node(), which
 * reads containers with galley_json_parse(): that would compare the reader with itself). */
static JsonNode *
tokens_to_node (GalleyJsonTokens *doc,
                guint             value)
{
  GalleyJsonTokenType type = galley_json_tokens_get_value_type (doc, value);

  if (type == GALLEY_JSON_TOKEN_OBJECT)
    {
      g_autoptr(JsonObject) object = json_object_new ();
      guint n = 0;

      /* a repeated name replaces the value in its first place, as in the tree reader */
      for (guint member = galley_json_tokens_first (doc, value); member != GALLEY_JSON_TOKEN_NONE;
           member = galley_json_tokens_next (doc, value, member), n++)
        json_object_set_member (object, galley_json_tokens_get_name (doc, member),
                                tokens_to_node (doc, member));
      g_assert_cmpuint (n, ==, galley_json_tokens_get_size (doc, value));

      return json_node_init_object (json_node_alloc (), object);
    }

  if (type == GALLEY_JSON_TOKEN_ARRAY)
    {
      g_autoptr(JsonArray) array = json_array_new ();

      for (guint element = galley_json_tokens_first (doc, value);
           element != GALLEY_JSON_TOKEN_NONE;
           element = galley_json_tokens_next (doc, value, element))
        json_array_add_element (array, tokens_to_node (doc, element));

      return json_node_init_array (json_node_alloc (), array);
    }

  return galley_json_tokens_dup_node (doc, value);   /* a scalar: made from the token */
}

static void
assert_tokens_like_tree (const char *text)
{
  g_autoptr(GError) tree_error = NULL, tokens_error = NULL;
  g_autoptr(JsonNode) tree = galley_json_parse (text, -1, &tree_error);
  g_autoptr(GalleyJsonTokens) doc = galley_json_tokens_parse (text, strlen (text), &tokens_error);
  g_autoptr(JsonNode) walked = NULL;
  g_autofree char *tree_text = NULL, *tokens_text = NULL;

  if (tree == NULL)
    {
      if (doc != NULL)
        g_error ("the tokens accept what the tree reader refuses: %s", text);
      g_assert_error (tokens_error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE);
      g_assert_cmpstr (tokens_error->message, ==, tree_error->message);
      return;
    }

  if (doc == NULL)
    g_error ("the tokens refuse what the tree reader accepts: %s (%s)", text,
             tokens_error->message);
  walked = tokens_to_node (doc, 0);
  tree_text = galley_json_to_string (tree);
  tokens_text = galley_json_to_string (walked);
  g_assert_cmpstr (tokens_text, ==, tree_text);
  g_assert_true (json_node_equal (walked, tree));
}

static void
test_json_tokens_like_tree (void)
{
  static const char * const texts[] = {
    /* accepted */
    "[1,2.5,\"a\",[],{}]", "{\"b\":1,\"a\":{\"z\":[true,false,null]}}", "\"ünïcödé ✓\"",
    "1e21", " [ 1 , -0 , 2.5E2 , -1e-3 , 9223372036854775807 ] ", "[99999999999999999999]",
    "[-9223372036854775808, -9223372036854775809, 1e999, -1e999, 0.1e-400]",
    "\"a\\u00e9\\ud83c\\udf54\\n\\/\\\\\"", "\"\\ud800x\"", "\"\\u0000\"", "\"\\udc00\\ud800\"",
    "\"\\ud800\\u0041\"", "\"\\b\\f\\r\\t\\\"\"",
    "{\"a\":1,\"a\":2}", "{\"a\":{\"x\":1},\"b\":2,\"a\":[3]}", "{\"\\u0069d\":\"x\",\"id\":\"y\"}",
    "{\"a\":null,\"a\":1}", "{\"a\":1,\"a\":null}", "{\"\":0}",
    "1234567890123456789012345678901234567890123456789012345678901234567890.5",
    "  {\"a\": [1, 2.5e3, -1, true, null, \"x]\\\"\"]} \n", "0", "-0.0", "true", "null", "\"\"",
    "[[[[[[[[[[]]]]]]]]]]", "{\"a\":{\"b\":{\"c\":{}}}}",
    /* refused */
    "", "{", "[1,", "{\"a\" 1}", "nul", "{\"a\":1}}", "\x80", "[1,]", "{\"a\":1,}", "01", "1.",
    ".5", "+1", "-", "1e", "[1 2]", "{1:2}", "{'a':1}", "\"a", "\"\\x\"", "\"\\u12\"",
    "\"tab\there\"", "tru", "nulll", "[true false]", "/* c */ 1", "\"\xc3\x28\"", "{}{}",
    "9{\"a\":1}", "[1] [2]", "{} x", "'a'", "\"\\", "\"\\u", "[", "{\"a\"", "{\"a\":", "\"abc",
  };
  g_autoptr(GString) deep = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    assert_tokens_like_tree (texts[i]);

  /* nesting: 64 levels are fine, 65 are not, 200,000 do not overflow the stack */
  for (guint depth = 63; depth <= 65; depth++)
    {
      g_string_truncate (deep, 0);
      for (guint i = 0; i < depth; i++)
        g_string_append (deep, i % 2 ? "[" : "{\"k\":");
      g_string_append_c (deep, '1');
      for (guint i = depth; i-- > 0;)
        g_string_append_c (deep, i % 2 ? ']' : '}');
      assert_tokens_like_tree (deep->str);
    }
  g_string_truncate (deep, 0);
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (deep, '[');
  assert_tokens_like_tree (deep->str);

  /* more values than the array was sized for: it grows while every kind of value is read
   * (a number once wrote into the array it had just moved; ASan and valgrind see that here) */
  for (guint kind = 0; kind < 4; kind++)
    {
      static const char * const values[] = { "1", "-2.5e3", "\"s\"", "{\"k\":[true,null]}" };

      g_string_assign (deep, "[0");
      for (guint n = 0; n < 300; n++)
        {
          g_string_append_printf (deep, ",%s", values[kind]);
          if (n % 7 == 0)
            {
              g_string_append_c (deep, ']');
              assert_tokens_like_tree (deep->str);
              g_string_truncate (deep, deep->len - 1);
            }
        }
    }

  /* a NUL byte inside the given length is a control character, as for the tree reader */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GalleyJsonTokens) doc = galley_json_tokens_parse ("\"a\0b\"", 5, &error);

    g_assert_null (doc);
    g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE);
  }
}

static void
assert_getters (GalleyJsonTokens *doc)
{
  const char *s = NULL;
  gint64 i = 0;
  double d = 0;
  gboolean b = FALSE;
  guint array;

  g_assert_true (galley_json_tokens_get_string (doc, 0, "s", &s));
  g_assert_cmpstr (s, ==, "x");
  g_assert_false (galley_json_tokens_get_string (doc, 0, "i", &s));
  g_assert_false (galley_json_tokens_get_string (doc, 0, "n", &s));
  g_assert_false (galley_json_tokens_get_string (doc, 0, "missing", &s));

  g_assert_true (galley_json_tokens_get_int (doc, 0, "i", &i));
  g_assert_cmpint (i, ==, 2);
  g_assert_true (galley_json_tokens_get_int (doc, 0, "d", &i));   /* 2.0 is an integer to JavaScript */
  g_assert_false (galley_json_tokens_get_int (doc, 0, "f", &i));
  g_assert_false (galley_json_tokens_get_int (doc, 0, "s", &i));
  g_assert_false (galley_json_tokens_get_int (doc, 0, "big", &i));

  g_assert_true (galley_json_tokens_get_number (doc, 0, "f", &d));
  g_assert_cmpfloat (d, ==, 2.5);
  g_assert_true (galley_json_tokens_get_number (doc, 0, "i", &d));
  g_assert_cmpfloat (d, ==, 2.0);
  g_assert_false (galley_json_tokens_get_number (doc, 0, "b", &d));
  g_assert_false (galley_json_tokens_get_number (doc, 0, "inf", &d));

  g_assert_true (galley_json_tokens_get_bool (doc, 0, "b", &b));
  g_assert_true (b);
  g_assert_false (galley_json_tokens_get_bool (doc, 0, "i", &b));

  g_assert_cmpuint (galley_json_tokens_get_object (doc, 0, "o"), !=, GALLEY_JSON_TOKEN_NONE);
  g_assert_cmpuint (galley_json_tokens_get_object (doc, 0, "a"), ==, GALLEY_JSON_TOKEN_NONE);
  g_assert_cmpuint (galley_json_tokens_get_array (doc, 0, "o"), ==, GALLEY_JSON_TOKEN_NONE);
  array = galley_json_tokens_get_array (doc, 0, "a");
  g_assert_cmpuint (array, !=, GALLEY_JSON_TOKEN_NONE);
  g_assert_cmpuint (galley_json_tokens_get_size (doc, array), ==, 3);
  {
    guint first = galley_json_tokens_first (doc, array);
    guint second = galley_json_tokens_next (doc, array, first);
    guint third = galley_json_tokens_next (doc, array, second);

    g_assert_cmpint (galley_json_tokens_get_value_type (doc, first), ==, GALLEY_JSON_TOKEN_INT);
    g_assert_cmpint (galley_json_tokens_get_value_type (doc, second), ==, GALLEY_JSON_TOKEN_ARRAY);
    g_assert_cmpstr (galley_json_tokens_string (doc, third), ==, "z");
    g_assert_cmpuint (galley_json_tokens_next (doc, array, third), ==, GALLEY_JSON_TOKEN_NONE);
    g_assert_cmpuint (galley_json_tokens_first (doc, second), ==, GALLEY_JSON_TOKEN_NONE);
  }

  g_assert_true (galley_json_tokens_is_null_or_absent (doc, 0, "n"));
  g_assert_true (galley_json_tokens_is_null_or_absent (doc, 0, "missing"));
  g_assert_false (galley_json_tokens_is_null_or_absent (doc, 0, "s"));
  g_assert_cmpuint (galley_json_tokens_lookup (doc, 0, "n"), !=, GALLEY_JSON_TOKEN_NONE);
  /* not an object, or no value at all */
  g_assert_cmpuint (galley_json_tokens_lookup (doc, array, "s"), ==, GALLEY_JSON_TOKEN_NONE);
  g_assert_false (galley_json_tokens_get_string (doc, GALLEY_JSON_TOKEN_NONE, "s", &s));
  g_assert_null (galley_json_tokens_dup_node (doc, GALLEY_JSON_TOKEN_NONE));
}

#define GETTERS_TEXT "{\"s\":\"x\",\"i\":2,\"d\":2.0,\"f\":2.5,\"b\":true,\"n\":null,\"o\":{\"k\":[1]}," \
                     "\"a\":[1,[],\"z\"],\"big\":1e300,\"inf\":1e999}"

static void
test_json_tokens_getters (void)
{
  g_autoptr(GalleyJsonTokens) doc = galley_json_tokens_parse (GETTERS_TEXT, strlen (GETTERS_TEXT),
                                                              NULL);
  g_autoptr(JsonObject) tree = galley_json_parse_object (GETTERS_TEXT, -1, NULL);
  g_autoptr(GalleyJsonTokens) tree_doc = galley_json_tokens_new_for_object (tree);
  g_autoptr(JsonNode) o = NULL;
  g_autofree char *o_text = NULL, *source = NULL;

  assert_getters (doc);
  assert_getters (tree_doc);

  /* a member's value as a tree (read again from its text) and as its text */
  o = galley_json_tokens_dup_node (doc, galley_json_tokens_get_object (doc, 0, "o"));
  o_text = galley_json_to_string (o);
  g_assert_cmpstr (o_text, ==, "{\"k\":[1]}");
  source = galley_json_tokens_dup_source (doc, galley_json_tokens_get_object (doc, 0, "o"));
  g_assert_cmpstr (source, ==, "{\"k\":[1]}");

  /* a document over a tree hands out the tree's own nodes, and has no text */
  g_clear_pointer (&o, json_node_unref);
  o = galley_json_tokens_dup_node (tree_doc, galley_json_tokens_get_object (tree_doc, 0, "o"));
  g_assert_true (json_node_get_object (o) == json_object_get_object_member (tree, "o"));
  g_assert_null (galley_json_tokens_dup_source (tree_doc, 0));

  /* a repeated name: the last wins, null included */
  {
    static const char text[] = "{\"a\":\"first\",\"b\":1,\"a\":\"last\",\"c\":2,\"c\":null}";
    g_autoptr(GalleyJsonTokens) dup = galley_json_tokens_parse (text, strlen (text), NULL);
    const char *a = NULL;

    g_assert_true (galley_json_tokens_get_string (dup, 0, "a", &a));
    g_assert_cmpstr (a, ==, "last");
    g_assert_true (galley_json_tokens_is_null_or_absent (dup, 0, "c"));
    g_assert_cmpuint (galley_json_tokens_get_size (dup, 0), ==, 5);
  }
}

static void
test_money (void)
{
  g_assert_cmpint (galley_money_to_cents (14.0), ==, 1400);
  g_assert_cmpint (galley_money_to_cents (15.12), ==, 1512);
  g_assert_cmpint (galley_money_to_cents (0.125), ==, 13);     /* halves go up */
  g_assert_cmpint (galley_money_to_cents (-0.125), ==, -12);   /* toward +infinity */
  g_assert_cmpint (galley_money_to_cents (1.005), ==, 100);    /* 100.49999999999999 */
  g_assert_cmpfloat (galley_cents_to_money (4172), ==, 41.72);
}

/* ------------------------------------------------------------------ JWT */

static JsonObject *
sample_claims (gint64 exp)
{
  JsonObject *claims = json_object_new ();

  json_object_set_string_member (claims, "sub", "user-1");
  json_object_set_string_member (claims, "role", "kitchen");
  json_object_set_int_member (claims, "exp", exp);

  return claims;
}

static void
test_jwt_round_trip (void)
{
  g_autoptr(JsonObject) claims = sample_claims (2000);
  g_autofree char *token = galley_jwt_encode_hs256 (claims, "secret");
  g_autoptr(JsonObject) verified = NULL;
  g_autoptr(JsonObject) decoded = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (strchr (token, '='));
  g_assert_null (strchr (token, '+'));

  verified = galley_jwt_verify_hs256 (token, "secret", 1999, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (verified, "role"), ==, "kitchen");

  decoded = galley_jwt_decode (token, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (decoded, "exp"), ==, 2000);
}

static void
test_jwt_rejects (void)
{
  g_autoptr(JsonObject) claims = sample_claims (2000);
  g_autofree char *token = galley_jwt_encode_hs256 (claims, "secret");
  g_autofree char *tampered = g_strdup (token);
  static const char * const malformed[] = {
    "", "abc", "a.b", "a.b.c.d", "!!!.e30.sig", "W10.e30.sig",
  };
  g_autoptr(GError) error = NULL;
  JsonObject *result;
  char *dot;

  result = galley_jwt_verify_hs256 (token, "other", 0, &error);
  g_assert_null (result);
  g_assert_error (error, GALLEY_JWT_ERROR, GALLEY_JWT_ERROR_BAD_SIGNATURE);
  g_clear_error (&error);

  result = galley_jwt_verify_hs256 (token, "secret", 2000, &error);
  g_assert_null (result);
  g_assert_error (error, GALLEY_JWT_ERROR, GALLEY_JWT_ERROR_EXPIRED);
  g_clear_error (&error);

  /* change one character of the payload */
  dot = strchr (tampered, '.');
  dot[2] = dot[2] == 'A' ? 'B' : 'A';
  result = galley_jwt_verify_hs256 (tampered, "secret", 0, &error);
  g_assert_null (result);
  g_assert_nonnull (error);
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      result = galley_jwt_verify_hs256 (malformed[i], "secret", 0, &error);
      g_assert_null (result);
      g_assert_error (error, GALLEY_JWT_ERROR, GALLEY_JWT_ERROR_MALFORMED);
      g_clear_error (&error);
    }

  /* a header without "alg" or with "alg":"none" is refused */
  result = galley_jwt_verify_hs256 ("e30.e30.sig", "secret", 0, &error);
  g_assert_null (result);
  g_assert_error (error, GALLEY_JWT_ERROR, GALLEY_JWT_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  {
    g_autofree char *header = galley_base64url_encode ((const guint8 *) "{\"alg\":\"none\"}", 14);
    g_autofree char *none = g_strconcat (header, ".e30.", NULL);

    result = galley_jwt_verify_hs256 (none, "secret", 0, &error);
    g_assert_null (result);
    g_assert_error (error, GALLEY_JWT_ERROR, GALLEY_JWT_ERROR_UNSUPPORTED);
  }
}

static void
test_base64url (void)
{
  const guint8 data[] = { 0xfb, 0xff, 0xfe, 0x00, 0x41 };
  g_autofree char *text = galley_base64url_encode (data, sizeof data);
  g_autofree guint8 *back = NULL;
  gsize len = 0;

  g_assert_cmpstr (text, ==, "-__-AEE");
  back = galley_base64url_decode (text, &len);
  g_assert_cmpmem (back, len, data, sizeof data);
  g_assert_null (galley_base64url_decode ("a", &len));
  g_assert_null (galley_base64url_decode ("ab*d", &len));
}

/* ------------------------------------------------------------------ time */

static void
test_time (void)
{
  gint64 us = G_GINT64_CONSTANT (1762365852345678);   /* 2025-11-05T18:04:12.345678Z */
  g_autofree char *js = galley_time_format_js (us);
  g_autofree char *db = galley_time_format_db (us);
  gint64 parsed = 0;

  g_assert_cmpstr (js, ==, "2025-11-05T18:04:12.345Z");
  g_assert_cmpstr (db, ==, "2025-11-05T18:04:12.345678+00:00");
  g_assert_true (galley_time_parse (db, &parsed));
  g_assert_cmpint (parsed, ==, us);
  g_assert_true (galley_time_parse (js, &parsed));
  g_assert_cmpint (parsed, ==, us - 678);
  g_assert_true (galley_time_parse ("2025-11-05T13:04:12-05:00", &parsed));
  g_assert_cmpint (parsed, ==, G_GINT64_CONSTANT (1762365852000000));

  g_assert_false (galley_time_parse ("2025-11-05T18:04:12", &parsed));   /* no zone */
  g_assert_false (galley_time_parse ("yesterday", &parsed));
  g_assert_false (galley_time_parse ("", &parsed));
  g_assert_false (galley_time_parse (NULL, &parsed));
}

/* ------------------------------------------------------------------ validation */

static void
test_validate (void)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  g_assert_true (galley_validate_server_url (" https://pos.example:3001/api/v1/ ", &out, &error));
  g_assert_cmpstr (out, ==, "https://pos.example:3001");
  g_clear_pointer (&out, g_free);
  g_assert_true (galley_validate_server_url ("http://127.0.0.1:3001", &out, &error));
  g_clear_pointer (&out, g_free);

  for (guint i = 0; i < 6; i++)
    {
      static const char * const bad[] = {
        "", "pos.example", "ftp://pos.example", "http://", "https://x?y=1", "https://u:p@x"
      };

      g_assert_false (galley_validate_server_url (bad[i], &out, &error));
      g_assert_error (error, GALLEY_VALIDATE_ERROR, GALLEY_VALIDATE_ERROR_INVALID);
      g_clear_error (&error);
    }

  g_assert_true (galley_validate_restaurant_id ("11111111-AAAA-1111-1111-111111111111", &out,
                                                &error));
  g_assert_cmpstr (out, ==, "11111111-aaaa-1111-1111-111111111111");
  g_clear_pointer (&out, g_free);
  g_assert_false (galley_validate_restaurant_id ("grow", NULL, &error));
  g_assert_nonnull (strstr (error->message, "grow"));
  g_clear_error (&error);
  g_assert_false (galley_is_uuid ("11111111-1111-1111-1111-11111111111"));
  g_assert_false (galley_is_uuid ("11111111-1111-1111-1111-1111111111111"));
  g_assert_false (galley_is_uuid ("11111111x1111-1111-1111-111111111111"));
  g_assert_false (galley_is_uuid ("g1111111-1111-1111-1111-111111111111"));

  g_assert_true (galley_validate_station (" Grill ", &out, &error));
  g_assert_cmpstr (out, ==, "grill");
  g_clear_pointer (&out, g_free);
  g_assert_false (galley_validate_station ("", NULL, &error));
  g_clear_error (&error);
  g_assert_false (galley_validate_station ("a;b", NULL, &error));
  g_clear_error (&error);
}

static void
test_validate_station_list (void)
{
  static const struct { const char *text; const char *needle; } bad[] = {
    { "", "at least one" },
    { " , ,", "at least one" },
    { "grill, fry cold", "“fry cold” is not a station" },
    { "grill, süß", "is not a station" },
    { "grill, a_b", "is not a station" },
    { "grill, Fry!", "“Fry!” is not a station" },
    { "grill, 12345678901234567890123456789012345678901", "is not a station" },
    { "grill, all", "“all” cannot be a station" },
    { "Expo, grill", "“expo” cannot be a station" },
    { "grill, fry, GRILL", "“grill” is listed twice" },
    { "a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q", "up to 16 stations; this list has 17" },
  };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;

  g_assert_true (galley_validate_station_list (" Grill, fry ,cold-line,, BAR2,", &ids, &error));
  g_assert_no_error (error);
  g_assert_cmpstrv (ids, ((const char * const []) { "grill", "fry", "cold-line", "bar2", NULL }));
  g_clear_pointer (&ids, g_strfreev);

  g_assert_true (galley_validate_station_list ("a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p", &ids, &error));
  g_assert_cmpuint (g_strv_length (ids), ==, GALLEY_STATIONS_MAX);
  g_clear_pointer (&ids, g_strfreev);

  /* every accepted id is a station galley_validate_station() accepts unchanged */
  g_assert_true (galley_validate_station_list ("1-2-3, x", NULL, &error));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (galley_validate_station_list (bad[i].text, &ids, &error));
      g_assert_error (error, GALLEY_VALIDATE_ERROR, GALLEY_VALIDATE_ERROR_INVALID);
      g_test_message ("“%s”: %s", bad[i].text, error->message);
      g_assert_nonnull (strstr (error->message, bad[i].needle));
      g_assert_null (ids);
      g_clear_error (&error);
    }
}

/* ------------------------------------------------------------------ order status */

static void
test_status_strings (void)
{
  static const char * const names[] = {
    "new", "pending", "confirmed", "preparing", "ready", "picked-up", "completed", "cancelled"
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GalleyOrderStatus s = galley_order_status_from_string (names[i]);

      g_assert_cmpint (s, ==, (int) i + 1);
      g_assert_cmpstr (galley_order_status_to_string (s), ==, names[i]);
    }

  g_assert_cmpint (galley_order_status_from_string ("picked_up"), ==, GALLEY_ORDER_STATUS_UNKNOWN);
  g_assert_cmpint (galley_order_status_from_string ("canceled"), ==, GALLEY_ORDER_STATUS_UNKNOWN);
  g_assert_cmpint (galley_order_status_from_string (NULL), ==, GALLEY_ORDER_STATUS_UNKNOWN);
  g_assert_null (galley_order_status_to_string (GALLEY_ORDER_STATUS_UNKNOWN));
}

static void
test_status_transitions (void)
{
  /* spec/order-protocol.md §3.2, row by row: the targets each status allows */
  static const char * const table[][2] = {
    { "new", "pending cancelled" },
    { "pending", "confirmed cancelled" },
    { "confirmed", "preparing cancelled" },
    { "preparing", "ready cancelled" },
    { "ready", "picked-up completed cancelled" },
    { "picked-up", "completed cancelled" },
    { "completed", "" },
    { "cancelled", "" },
  };

  for (guint row = 0; row < G_N_ELEMENTS (table); row++)
    {
      GalleyOrderStatus from = galley_order_status_from_string (table[row][0]);
      g_auto (GStrv) allowed = g_strsplit (table[row][1], " ", -1);

      for (guint to = GALLEY_ORDER_STATUS_UNKNOWN; to <= GALLEY_ORDER_STATUS_LAST; to++)
        {
          const char *name = galley_order_status_to_string (to);
          gboolean expected = name != NULL && g_strv_contains ((const char * const *) allowed, name);

          g_assert_cmpint (galley_order_status_can_transition (from, to), ==, expected);
        }
    }

  for (guint to = GALLEY_ORDER_STATUS_UNKNOWN; to <= GALLEY_ORDER_STATUS_LAST; to++)
    g_assert_false (galley_order_status_can_transition (GALLEY_ORDER_STATUS_UNKNOWN, to));

  {
    g_autofree char *next = galley_order_status_valid_next (GALLEY_ORDER_STATUS_PENDING);
    g_autofree char *none = galley_order_status_valid_next (GALLEY_ORDER_STATUS_COMPLETED);

    g_assert_cmpstr (next, ==, "confirmed, cancelled");
    g_assert_cmpstr (none, ==, "none");
  }
}

static void
test_status_groups_and_reached (void)
{
  g_assert_true (galley_order_status_kitchen_visible (GALLEY_ORDER_STATUS_READY));
  g_assert_false (galley_order_status_kitchen_visible (GALLEY_ORDER_STATUS_PICKED_UP));
  g_assert_true (galley_order_status_expo_visible (GALLEY_ORDER_STATUS_PICKED_UP));
  g_assert_false (galley_order_status_expo_visible (GALLEY_ORDER_STATUS_COMPLETED));
  g_assert_true (galley_order_status_is_final (GALLEY_ORDER_STATUS_CANCELLED));
  g_assert_false (galley_order_status_is_active (GALLEY_ORDER_STATUS_READY));

  g_assert_true (galley_order_status_reached (GALLEY_ORDER_STATUS_READY,
                                              GALLEY_ORDER_STATUS_PREPARING));
  g_assert_true (galley_order_status_reached (GALLEY_ORDER_STATUS_READY,
                                              GALLEY_ORDER_STATUS_READY));
  g_assert_false (galley_order_status_reached (GALLEY_ORDER_STATUS_PENDING,
                                               GALLEY_ORDER_STATUS_READY));
  g_assert_false (galley_order_status_reached (GALLEY_ORDER_STATUS_CANCELLED,
                                               GALLEY_ORDER_STATUS_READY));
  g_assert_false (galley_order_status_reached (GALLEY_ORDER_STATUS_COMPLETED,
                                               GALLEY_ORDER_STATUS_CANCELLED));
  g_assert_false (galley_order_status_reached (GALLEY_ORDER_STATUS_UNKNOWN,
                                               GALLEY_ORDER_STATUS_NEW));
}

static void
test_status_path (void)
{
  GalleyOrderStatus steps[8];
  guint n;

  n = galley_order_status_path (GALLEY_ORDER_STATUS_PENDING, GALLEY_ORDER_STATUS_READY, steps, 8);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpint (steps[0], ==, GALLEY_ORDER_STATUS_CONFIRMED);
  g_assert_cmpint (steps[1], ==, GALLEY_ORDER_STATUS_PREPARING);
  g_assert_cmpint (steps[2], ==, GALLEY_ORDER_STATUS_READY);

  n = galley_order_status_path (GALLEY_ORDER_STATUS_READY, GALLEY_ORDER_STATUS_COMPLETED, steps, 8);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (steps[0], ==, GALLEY_ORDER_STATUS_COMPLETED);

  n = galley_order_status_path (GALLEY_ORDER_STATUS_NEW, GALLEY_ORDER_STATUS_COMPLETED, steps, 8);
  g_assert_cmpuint (n, ==, 5);   /* pending confirmed preparing ready completed */

  g_assert_cmpuint (galley_order_status_path (GALLEY_ORDER_STATUS_READY,
                                              GALLEY_ORDER_STATUS_READY, steps, 8), ==, 0);
  g_assert_cmpuint (galley_order_status_path (GALLEY_ORDER_STATUS_COMPLETED,
                                              GALLEY_ORDER_STATUS_CANCELLED, steps, 8), ==, 0);
  g_assert_cmpuint (galley_order_status_path (GALLEY_ORDER_STATUS_READY,
                                              GALLEY_ORDER_STATUS_PENDING, steps, 8), ==, 0);
  g_assert_cmpuint (galley_order_status_path (GALLEY_ORDER_STATUS_NEW,
                                              GALLEY_ORDER_STATUS_COMPLETED, steps, 2), ==, 0);
}

/* ------------------------------------------------------------------ roles */

static void
test_roles (void)
{
  /* the upstream screen guards (order protocol §3.10) */
  g_assert_true (galley_role_may_use ("kitchen", GALLEY_SCREEN_KITCHEN));
  g_assert_true (galley_role_may_use ("expo", GALLEY_SCREEN_EXPO));
  g_assert_false (galley_role_may_use ("kitchen", GALLEY_SCREEN_COUNTER));
  g_assert_false (galley_role_may_use ("cashier", GALLEY_SCREEN_KITCHEN));
  g_assert_true (galley_role_may_use ("cashier", GALLEY_SCREEN_COUNTER));
  g_assert_true (galley_role_may_use ("server", GALLEY_SCREEN_COUNTER));
  g_assert_false (galley_role_may_use ("server", GALLEY_SCREEN_EXPO));
  g_assert_false (galley_role_may_use ("customer", GALLEY_SCREEN_COUNTER));
  g_assert_false (galley_role_may_use ("kiosk_demo", GALLEY_SCREEN_KITCHEN));
  for (GalleyScreen s = GALLEY_SCREEN_KITCHEN; s <= GALLEY_SCREEN_COUNTER; s++)
    {
      g_assert_true (galley_role_may_use ("manager", s));
      g_assert_true (galley_role_may_use ("owner", s));
      g_assert_true (galley_role_may_use ("admin", s));
      g_assert_true (galley_role_may_use (NULL, s));   /* signed out: the banner asks */
    }

  /* orders:create and orders:status */
  g_assert_true (galley_role_may_create_orders ("server"));
  g_assert_true (galley_role_may_create_orders ("manager"));
  g_assert_false (galley_role_may_create_orders ("cashier"));
  g_assert_false (galley_role_may_create_orders ("kitchen"));
  g_assert_false (galley_role_may_create_orders (NULL));
  g_assert_true (galley_role_may_change_status ("kitchen"));
  g_assert_false (galley_role_may_change_status ("cashier"));

  {
    g_autofree char *name = galley_role_dup_display_name ("kitchen");
    g_autofree char *other = galley_role_dup_display_name ("sommelier");

    g_assert_cmpstr (name, ==, "kitchen staff");
    g_assert_cmpstr (other, ==, "sommelier");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  galley_test_quiet_debug ();
  galley_test_track_all ();

  g_test_add_func ("/util/source/registry", test_source_registry);
  g_test_add_func ("/util/source/remove-self", test_source_remove_self);
  g_test_add_func ("/util/weak", test_weak);
  g_test_add_func ("/util/roles", test_roles);
  g_test_add_func ("/util/clock/hold-release", test_clock_hold_release);
  g_test_add_func ("/util/clock/default-shared", test_clock_default_shared);
  g_test_add_func ("/util/json/serialise", test_json_serialise);
  g_test_add_func ("/util/json/parse-errors", test_json_parse_errors);
  g_test_add_func ("/util/json/getters", test_json_getters);
  g_test_add_func ("/util/json/tokens/like-tree", test_json_tokens_like_tree);
  g_test_add_func ("/util/json/tokens/getters", test_json_tokens_getters);
  g_test_add_func ("/util/json/money", test_money);
  g_test_add_func ("/util/jwt/round-trip", test_jwt_round_trip);
  g_test_add_func ("/util/jwt/rejects", test_jwt_rejects);
  g_test_add_func ("/util/jwt/base64url", test_base64url);
  g_test_add_func ("/util/time", test_time);
  g_test_add_func ("/util/validate", test_validate);
  g_test_add_func ("/util/validate/station-list", test_validate_station_list);
  g_test_add_func ("/orders/status/strings", test_status_strings);
  g_test_add_func ("/orders/status/transitions", test_status_transitions);
  g_test_add_func ("/orders/status/groups-reached", test_status_groups_and_reached);
  g_test_add_func ("/orders/status/path", test_status_path);

  return g_test_run ();
}
