/* fuzz-json-tokens.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target comparing the two JSON readers: galley_json_tokens_parse() (the order
 * feed's) must accept exactly what galley_json_parse() accepts, refuse the rest with the same
 * error, and give the same values.
 */
#include <stdint.h>
#include <string.h>

#include "util/galley-json.h"
#include "util/galley-json-tokens.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* The tokens as a tree, walked (see tokens_to_node in tests/test-util.c). */
static JsonNode *
tokens_to_node (GalleyJsonTokens *doc,
                guint             value)
{
  GalleyJsonTokenType type = galley_json_tokens_get_value_type (doc, value);

  if (type == GALLEY_JSON_TOKEN_OBJECT)
    {
      g_autoptr(JsonObject) object = json_object_new ();

      for (guint member = galley_json_tokens_first (doc, value); member != GALLEY_JSON_TOKEN_NONE;
           member = galley_json_tokens_next (doc, value, member))
        json_object_set_member (object, galley_json_tokens_get_name (doc, member),
                                tokens_to_node (doc, member));

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

  return galley_json_tokens_dup_node (doc, value);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) tree_error = NULL, tokens_error = NULL;
  g_autoptr(JsonNode) tree = galley_json_parse ((const char *) data, (gssize) size, &tree_error);
  g_autoptr(GalleyJsonTokens) doc = galley_json_tokens_parse ((const char *) data, size,
                                                              &tokens_error);
  g_autoptr(JsonNode) walked = NULL;
  g_autofree char *tree_text = NULL, *tokens_text = NULL;

  g_assert ((tree == NULL) == (doc == NULL));
  if (tree == NULL)
    {
      g_assert (strcmp (tree_error->message, tokens_error->message) == 0);
      return 0;
    }

  walked = tokens_to_node (doc, 0);
  tree_text = galley_json_to_string (tree);
  tokens_text = galley_json_to_string (walked);
  g_assert (strcmp (tree_text, tokens_text) == 0);

  return 0;
}
