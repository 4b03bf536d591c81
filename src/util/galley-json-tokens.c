/* galley-json-tokens.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A strict JSON reader into a flat array of values. Reading an order frame into json-glib
 * nodes cost more than half of what an event costs (a node, a hash table, a queue and a copy of
 * every member name, all freed again when the next version of the order replaces the held
 * one); this reader makes one array of tokens and one buffer of decoded strings per document.
 * It accepts and rejects exactly what galley_json_parse() does (the tests /util/json/tokens/… and
 * the fuzz target fuzz-json-tokens compare the two).
 */
#define G_LOG_DOMAIN "galley-json"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "util/galley-json.h"
#include "util/galley-json-tokens.h"

typedef struct
{
  GalleyJsonTokenType  type;
  guint                n_children;    /* members of an object, elements of an array */
  guint                next;          /* the index after this value and all it holds */
  guint                child_first;   /* a container's values: [child_first, child_end), each */
  guint                child_end;     /* ->next the following one; a tree's: NONE until needed */
  const char          *name;          /* the member's name, when the parent is an object */
  guint                name_hash;     /* g_str_hash (name): most lookups compare only this */
  const char          *string;        /* STRING */
  gint64               int_value;     /* INT; BOOLEAN: 0 or 1 */
  double               double_value;  /* INT and DOUBLE */
  gsize                start;         /* parsed documents: the value's bytes in the text */
  gsize                end;
  JsonNode            *node;          /* documents made from a tree: the node (not owned) */
} Token;

struct _GalleyJsonTokens
{
  GArray   *tokens;  /* Token */
  JsonNode *root;    /* documents made from a tree: the root's node */
  char     *text;    /* parsed documents: a copy of the text, then the decoded strings */
  char     *strings; /* where the next decoded string goes (inside @text's allocation) */
};

#define TOKEN(self, index) (&g_array_index ((self)->tokens, Token, (index)))

static GalleyJsonTokens *
tokens_new (gsize length)
{
  GalleyJsonTokens *self = g_new0 (GalleyJsonTokens, 1);

  /* an order frame is about 1.6 KB and some 60 values */
  self->tokens = g_array_sized_new (FALSE, FALSE, sizeof (Token),
                                    16 + (guint) MIN (length / 16, 4096));

  return self;
}

static guint
push (GalleyJsonTokens    *self,
      GalleyJsonTokenType  type,
      const char          *name)
{
  Token token = { 0 };

  token.type = type;
  token.name = name;
  token.name_hash = name != NULL ? g_str_hash (name) : 0;
  token.next = self->tokens->len + 1;
  token.child_first = GALLEY_JSON_TOKEN_NONE;
  token.child_end = GALLEY_JSON_TOKEN_NONE;
  g_array_append_val (self->tokens, token);

  return self->tokens->len - 1;
}

/* ------------------------------------------------------------------ reading text */

typedef struct
{
  GalleyJsonTokens  *doc;
  const char        *p;
  const char        *end;
  const char        *start;
  guint              depth;
  GError           **error;
} Reader;

static guint
fail (Reader     *r,
      const char *what)
{
  g_set_error (r->error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
               "%s at offset %" G_GSIZE_FORMAT, what, (gsize) (r->p - r->start));
  return GALLEY_JSON_TOKEN_NONE;
}

static void
skip_space (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
    r->p++;
}

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

/* Reads a string after its opening quote into the strings buffer: it always fits, since a
 * decoded string is never longer than its text and its NUL takes the place of a quote. */
static const char *
read_string (Reader *r)
{
  char *out = r->doc->strings;
  const char *text = out;

  for (;;)
    {
      const char *run = r->p;
      unsigned char c = 0;

      while (r->p < r->end && (c = (unsigned char) *r->p) != '"' && c != '\\' && c >= 0x20)
        r->p++;
      memcpy (out, run, (gsize) (r->p - run));
      out += r->p - run;

      if (r->p >= r->end)
        return fail (r, "Unterminated string"), NULL;

      if (c == '"')
        {
          r->p++;
          *out++ = '\0';
          r->doc->strings = out;
          return text;
        }

      if (c < 0x20)
        return fail (r, "Control character in a string"), NULL;

      /* an escape */
      r->p++;
      if (r->p >= r->end)
        return fail (r, "Unterminated escape"), NULL;

      switch (*r->p++)
        {
        case '"': *out++ = '"'; break;
        case '\\': *out++ = '\\'; break;
        case '/': *out++ = '/'; break;
        case 'b': *out++ = '\b'; break;
        case 'f': *out++ = '\f'; break;
        case 'n': *out++ = '\n'; break;
        case 'r': *out++ = '\r'; break;
        case 't': *out++ = '\t'; break;
        case 'u':
          {
            int unit = r->end - r->p >= 4 ? hex4 (r->p) : -1;
            gunichar ch;

            if (unit < 0)
              return fail (r, "Bad \\u escape"), NULL;
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
            out += g_unichar_to_utf8 (ch, out);
          }
          break;
        default:
          r->p--;
          return fail (r, "Bad escape"), NULL;
        }
    }
}

/* As galley_json_parse() reads numbers: an integer if it has neither fraction nor exponent
 * and fits in 64 bits, else a double read from at most 63 characters. */
static guint
read_number (Reader     *r,
             const char *name)
{
  const char *begin = r->p;
  gboolean integer = TRUE;
  char buf[64];
  gsize len;
  guint index;
  Token *token;

  if (r->p < r->end && *r->p == '-')
    r->p++;
  if (r->p >= r->end || !g_ascii_isdigit (*r->p))
    return fail (r, "Bad number");
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
        return fail (r, "Bad number");
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
        return fail (r, "Bad number");
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        r->p++;
    }

  len = (gsize) (r->p - begin);
  if (len >= sizeof buf)
    {
      integer = FALSE;
      len = sizeof buf - 1;
    }
  memcpy (buf, begin, len);
  buf[len] = '\0';

  /* two statements: push() may move the array that TOKEN() reads */
  index = push (r->doc, GALLEY_JSON_TOKEN_DOUBLE, name);
  token = TOKEN (r->doc, index);
  if (integer)
    {
      char *tail = NULL;
      gint64 value;

      errno = 0;
      value = g_ascii_strtoll (buf, &tail, 10);
      if (errno == 0)
        {
          token->type = GALLEY_JSON_TOKEN_INT;
          token->int_value = value;
          token->double_value = (double) value;
          return index;
        }
    }
  token->double_value = g_ascii_strtod (buf, NULL);

  return index;
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

static guint read_value (Reader *r, const char *name);

static guint
read_container (Reader     *r,
                const char *name,
                gboolean    object)
{
  guint index, n = 0;
  Token *token;

  if (++r->depth > GALLEY_JSON_MAX_DEPTH)
    return fail (r, "Nested too deep");

  index = push (r->doc, object ? GALLEY_JSON_TOKEN_OBJECT : GALLEY_JSON_TOKEN_ARRAY, name);
  r->p++;   /* { or [ */

  skip_space (r);
  if (r->p < r->end && *r->p == (object ? '}' : ']'))
    r->p++;
  else
    for (;;)
      {
        const char *member = NULL;

        if (object)
          {
            skip_space (r);
            if (r->p >= r->end || *r->p != '"')
              return fail (r, "Expected a member name");
            r->p++;
            if ((member = read_string (r)) == NULL)
              return GALLEY_JSON_TOKEN_NONE;
            skip_space (r);
            if (r->p >= r->end || *r->p != ':')
              return fail (r, "Expected ':'");
            r->p++;
          }

        if (read_value (r, member) == GALLEY_JSON_TOKEN_NONE)
          return GALLEY_JSON_TOKEN_NONE;
        n++;

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
        return fail (r, object ? "Expected ',' or '}'" : "Expected ',' or ']'");
      }

  r->depth--;
  token = TOKEN (r->doc, index);
  token->n_children = n;
  token->next = r->doc->tokens->len;
  token->child_first = index + 1;
  token->child_end = token->next;

  return index;
}

static guint
read_value (Reader     *r,
            const char *name)
{
  gsize start;
  guint index;

  skip_space (r);
  if (r->p >= r->end)
    return fail (r, "Expected a value");

  start = (gsize) (r->p - r->start);
  switch (*r->p)
    {
    case '{':
      index = read_container (r, name, TRUE);
      break;
    case '[':
      index = read_container (r, name, FALSE);
      break;
    case '"':
      {
        const char *text;

        r->p++;
        if ((text = read_string (r)) == NULL)
          return GALLEY_JSON_TOKEN_NONE;
        index = push (r->doc, GALLEY_JSON_TOKEN_STRING, name);
        TOKEN (r->doc, index)->string = text;
      }
      break;
    default:
      if (literal (r, "true"))
        {
          index = push (r->doc, GALLEY_JSON_TOKEN_BOOLEAN, name);
          TOKEN (r->doc, index)->int_value = TRUE;
        }
      else if (literal (r, "false"))
        index = push (r->doc, GALLEY_JSON_TOKEN_BOOLEAN, name);
      else if (literal (r, "null"))
        index = push (r->doc, GALLEY_JSON_TOKEN_NULL, name);
      else
        index = read_number (r, name);
    }

  if (index != GALLEY_JSON_TOKEN_NONE)
    {
      TOKEN (r->doc, index)->start = start;
      TOKEN (r->doc, index)->end = (gsize) (r->p - r->start);
    }

  return index;
}

/**
 * galley_json_tokens_parse:
 * @data: (array length=length): JSON text
 *
 * Reads one strict JSON value, as galley_json_parse() does (the same errors, in
 * %JSON_PARSER_ERROR). The document keeps a copy of @data.
 *
 * Returns: (transfer full) (nullable): the document, or %NULL with @error set
 */
GalleyJsonTokens *
galley_json_tokens_parse (const char  *data,
                          gsize        length,
                          GError     **error)
{
  g_autoptr(GalleyJsonTokens) self = NULL;
  Reader r;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  self = tokens_new (length);
  /* the text, then room for every string decoded */
  self->text = g_malloc (2 * length + 2);
  if (length > 0)
    memcpy (self->text, data, length);
  self->text[length] = '\0';
  self->strings = self->text + length + 1;

  r = (Reader) { self, self->text, self->text + length, self->text, 0, error };

  if (!g_utf8_validate_len (data, length, NULL))
    return fail (&r, "Not UTF-8"), NULL;

  if (read_value (&r, NULL) == GALLEY_JSON_TOKEN_NONE)
    return NULL;

  skip_space (&r);
  if (r.p != r.end)
    return fail (&r, "More than one JSON value"), NULL;

  return g_steal_pointer (&self);
}

/* ------------------------------------------------------------------ from a tree */

/* A document over a tree makes a token for a node only when it is reached (a member looked
 * up, the elements of an array walked): reading every node of a snapshot's rows up front
 * made them slower to check than the tree alone. */
static guint
push_node (GalleyJsonTokens *self,
           JsonNode         *node,
           const char       *name)
{
  guint index = push (self, GALLEY_JSON_TOKEN_NULL, name);
  Token *token = TOKEN (self, index);

  token->node = node;
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      token->type = GALLEY_JSON_TOKEN_OBJECT;
      token->n_children = json_object_get_size (json_node_get_object (node));
      break;

    case JSON_NODE_ARRAY:
      token->type = GALLEY_JSON_TOKEN_ARRAY;
      token->n_children = json_array_get_length (json_node_get_array (node));
      break;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          token->type = GALLEY_JSON_TOKEN_INT;
          token->int_value = json_node_get_int (node);
          token->double_value = json_node_get_double (node);
          break;
        case G_TYPE_DOUBLE:
          token->type = GALLEY_JSON_TOKEN_DOUBLE;
          token->double_value = json_node_get_double (node);
          break;
        case G_TYPE_BOOLEAN:
          token->type = GALLEY_JSON_TOKEN_BOOLEAN;
          token->int_value = json_node_get_boolean (node);
          break;
        case G_TYPE_STRING:
          token->type = GALLEY_JSON_TOKEN_STRING;
          token->string = json_node_get_string (node);
          break;
        default:
          break;   /* written as null, as galley_json_append() does */
        }
      break;

    case JSON_NODE_NULL:
    default:
      break;
    }

  return index;
}

/* The values of a tree's container as tokens, in one run (members in no particular order:
 * names in a tree are unique). */
static void
ensure_children (GalleyJsonTokens *self,
                 guint             container)
{
  Token *token = TOKEN (self, container);
  JsonNode *node = token->node;
  guint first = self->tokens->len;

  if (node == NULL || token->child_first != GALLEY_JSON_TOKEN_NONE)
    return;

  if (token->type == GALLEY_JSON_TOKEN_OBJECT)
    {
      JsonObjectIter iter;
      const char *member;
      JsonNode *child;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &member, &child))
        push_node (self, child, member);
    }
  else if (token->type == GALLEY_JSON_TOKEN_ARRAY)
    {
      JsonArray *array = json_node_get_array (node);
      guint n = json_array_get_length (array);

      for (guint i = 0; i < n; i++)
        push_node (self, json_array_get_element (array, i), NULL);
    }

  token = TOKEN (self, container);   /* the array may have moved */
  token->child_first = first;
  token->child_end = self->tokens->len;
}

/**
 * galley_json_tokens_new_for_object:
 *
 * A document over @object's tree, for code that reads both text and trees. Its strings and
 * nodes belong to @object, which must outlive the document. Tokens are made as values are
 * reached; a member reached by galley_json_tokens_lookup() has no name, and the members of an
 * object walked with galley_json_tokens_first() and galley_json_tokens_next() come in no
 * particular order.
 *
 * Returns: (transfer full): the document; its root (0) is @object
 */
GalleyJsonTokens *
galley_json_tokens_new_for_object (JsonObject *object)
{
  GalleyJsonTokens *self;

  g_return_val_if_fail (object != NULL, NULL);

  self = tokens_new (256);
  self->root = json_node_init_object (json_node_alloc (), object);
  push_node (self, self->root, NULL);

  return self;
}

void
galley_json_tokens_free (GalleyJsonTokens *self)
{
  if (self == NULL)
    return;

  g_array_unref (self->tokens);
  g_clear_pointer (&self->root, json_node_unref);
  g_free (self->text);
  g_free (self);
}

/* ------------------------------------------------------------------ reading values */

static const Token *
get_token (GalleyJsonTokens *self,
           guint             value)
{
  if (self == NULL || value >= self->tokens->len)
    return NULL;

  return TOKEN (self, value);
}

/**
 * galley_json_tokens_get_value_type:
 *
 * Returns: the type of @value (%GALLEY_JSON_TOKEN_NULL for %GALLEY_JSON_TOKEN_NONE)
 */
GalleyJsonTokenType
galley_json_tokens_get_value_type (GalleyJsonTokens *self,
                                   guint             value)
{
  const Token *token = get_token (self, value);

  return token != NULL ? token->type : GALLEY_JSON_TOKEN_NULL;
}

/**
 * galley_json_tokens_get_size:
 *
 * Returns: the elements of an array, or the members of an object as written (a repeated name
 *   counts each time); 0 for anything else
 */
guint
galley_json_tokens_get_size (GalleyJsonTokens *self,
                             guint             container)
{
  const Token *token = get_token (self, container);

  return token != NULL ? token->n_children : 0;
}

/**
 * galley_json_tokens_first:
 *
 * Returns: the first element or member of @container, or %GALLEY_JSON_TOKEN_NONE
 */
guint
galley_json_tokens_first (GalleyJsonTokens *self,
                          guint             container)
{
  const Token *token = get_token (self, container);

  if (token == NULL || token->n_children == 0)
    return GALLEY_JSON_TOKEN_NONE;

  ensure_children (self, container);

  return TOKEN (self, container)->child_first;
}

/**
 * galley_json_tokens_next:
 * @value: an element or member of @container
 *
 * Returns: the element or member after @value, or %GALLEY_JSON_TOKEN_NONE after the last one
 */
guint
galley_json_tokens_next (GalleyJsonTokens *self,
                         guint             container,
                         guint             value)
{
  const Token *parent = get_token (self, container);
  const Token *token = get_token (self, value);

  if (parent == NULL || token == NULL || parent->child_first == GALLEY_JSON_TOKEN_NONE ||
      value < parent->child_first || value >= parent->child_end)
    return GALLEY_JSON_TOKEN_NONE;

  return token->next < parent->child_end ? token->next : GALLEY_JSON_TOKEN_NONE;
}

/**
 * galley_json_tokens_get_name:
 *
 * Returns: (nullable): the name of @member, a member of an object; %NULL for anything else
 */
const char *
galley_json_tokens_get_name (GalleyJsonTokens *self,
                             guint             member)
{
  const Token *token = get_token (self, member);

  return token != NULL ? token->name : NULL;
}

/**
 * galley_json_tokens_string:
 *
 * Returns: (nullable): the text of a string value, %NULL for any other value
 */
const char *
galley_json_tokens_string (GalleyJsonTokens *self,
                           guint             value)
{
  const Token *token = get_token (self, value);

  return token != NULL && token->type == GALLEY_JSON_TOKEN_STRING ? token->string : NULL;
}

/**
 * galley_json_tokens_lookup:
 *
 * Returns: the value of the member @member of @object (the last one of that name), a JSON
 *   null included, or %GALLEY_JSON_TOKEN_NONE when @object is not an object or has none
 */
guint
galley_json_tokens_lookup (GalleyJsonTokens *self,
                           guint             object,
                           const char       *member)
{
  const Token *token = get_token (self, object);
  guint found = GALLEY_JSON_TOKEN_NONE;
  guint hash;

  if (token == NULL || token->type != GALLEY_JSON_TOKEN_OBJECT)
    return GALLEY_JSON_TOKEN_NONE;

  if (token->node != NULL)
    {
      /* a tree: its own hash table, and a token for the member */
      JsonNode *child = json_object_get_member (json_node_get_object (token->node), member);

      return child != NULL ? push_node (self, child, NULL) : GALLEY_JSON_TOKEN_NONE;
    }

  hash = g_str_hash (member);
  for (guint i = token->child_first; i < token->child_end; i = TOKEN (self, i)->next)
    {
      const Token *child = TOKEN (self, i);

      if (child->name_hash == hash && strcmp (child->name, member) == 0)
        found = i;
    }

  return found;
}

static const Token *
member_value (GalleyJsonTokens *self,
              guint             object,
              const char       *member)
{
  const Token *token = get_token (self, galley_json_tokens_lookup (self, object, member));

  if (token == NULL || token->type == GALLEY_JSON_TOKEN_NULL)
    return NULL;

  return token;
}

gboolean
galley_json_tokens_is_null_or_absent (GalleyJsonTokens *self,
                                      guint             object,
                                      const char       *member)
{
  return member_value (self, object, member) == NULL;
}

gboolean
galley_json_tokens_get_string (GalleyJsonTokens  *self,
                               guint              object,
                               const char        *member,
                               const char       **value)
{
  const Token *token = member_value (self, object, member);

  if (token == NULL || token->type != GALLEY_JSON_TOKEN_STRING)
    return FALSE;

  if (value != NULL)
    *value = token->string;

  return TRUE;
}

gboolean
galley_json_tokens_get_int (GalleyJsonTokens *self,
                            guint             object,
                            const char       *member,
                            gint64           *value)
{
  const Token *token = member_value (self, object, member);
  double d;

  if (token == NULL)
    return FALSE;

  switch (token->type)
    {
    case GALLEY_JSON_TOKEN_INT:
      if (value != NULL)
        *value = token->int_value;
      return TRUE;

    case GALLEY_JSON_TOKEN_DOUBLE:
      /* JavaScript servers send 2 and 2.0 alike */
      d = token->double_value;
      if (d != floor (d) || fabs (d) > 9007199254740991.0)
        return FALSE;
      if (value != NULL)
        *value = (gint64) d;
      return TRUE;

    case GALLEY_JSON_TOKEN_NULL:
    case GALLEY_JSON_TOKEN_BOOLEAN:
    case GALLEY_JSON_TOKEN_STRING:
    case GALLEY_JSON_TOKEN_ARRAY:
    case GALLEY_JSON_TOKEN_OBJECT:
    default:
      return FALSE;
    }
}

gboolean
galley_json_tokens_get_number (GalleyJsonTokens *self,
                               guint             object,
                               const char       *member,
                               double           *value)
{
  const Token *token = member_value (self, object, member);

  if (token == NULL ||
      (token->type != GALLEY_JSON_TOKEN_INT && token->type != GALLEY_JSON_TOKEN_DOUBLE))
    return FALSE;

  if (value != NULL)
    *value = token->double_value;

  return isfinite (token->double_value);
}

gboolean
galley_json_tokens_get_bool (GalleyJsonTokens *self,
                             guint             object,
                             const char       *member,
                             gboolean         *value)
{
  const Token *token = member_value (self, object, member);

  if (token == NULL || token->type != GALLEY_JSON_TOKEN_BOOLEAN)
    return FALSE;

  if (value != NULL)
    *value = token->int_value != 0;

  return TRUE;
}

/**
 * galley_json_tokens_get_object:
 *
 * Returns: the member if it is an object, else %GALLEY_JSON_TOKEN_NONE
 */
guint
galley_json_tokens_get_object (GalleyJsonTokens *self,
                               guint             object,
                               const char       *member)
{
  guint value = galley_json_tokens_lookup (self, object, member);

  if (galley_json_tokens_get_value_type (self, value) != GALLEY_JSON_TOKEN_OBJECT)
    return GALLEY_JSON_TOKEN_NONE;

  return value;
}

/**
 * galley_json_tokens_get_array:
 *
 * Returns: the member if it is an array, else %GALLEY_JSON_TOKEN_NONE
 */
guint
galley_json_tokens_get_array (GalleyJsonTokens *self,
                              guint             object,
                              const char       *member)
{
  guint value = galley_json_tokens_lookup (self, object, member);

  if (galley_json_tokens_get_value_type (self, value) != GALLEY_JSON_TOKEN_ARRAY)
    return GALLEY_JSON_TOKEN_NONE;

  return value;
}

/**
 * galley_json_tokens_dup_node:
 *
 * @value as a json-glib tree: a new one read from the text of a parsed document, or a new
 * reference to the node of a document made from a tree.
 *
 * Returns: (transfer full) (nullable): the node, %NULL for %GALLEY_JSON_TOKEN_NONE
 */
JsonNode *
galley_json_tokens_dup_node (GalleyJsonTokens *self,
                             guint             value)
{
  const Token *token = get_token (self, value);
  JsonNode *node;

  if (token == NULL)
    return NULL;

  if (token->node != NULL)
    return json_node_ref (token->node);

  switch (token->type)
    {
    case GALLEY_JSON_TOKEN_BOOLEAN:
      return json_node_init_boolean (json_node_alloc (), token->int_value != 0);
    case GALLEY_JSON_TOKEN_INT:
      return json_node_init_int (json_node_alloc (), token->int_value);
    case GALLEY_JSON_TOKEN_DOUBLE:
      return json_node_init_double (json_node_alloc (), token->double_value);
    case GALLEY_JSON_TOKEN_STRING:
      return json_node_init_string (json_node_alloc (), token->string);
    case GALLEY_JSON_TOKEN_ARRAY:
    case GALLEY_JSON_TOKEN_OBJECT:
      if (token->n_children == 0 && token->type == GALLEY_JSON_TOKEN_OBJECT)
        {
          g_autoptr(JsonObject) empty = json_object_new ();   /* the usual metadata */

          return json_node_init_object (json_node_alloc (), empty);
        }
      /* the same reader on the same text: it cannot fail */
      node = galley_json_parse (self->text + token->start, (gssize) (token->end - token->start),
                                NULL);
      g_assert (node != NULL);
      return node;
    case GALLEY_JSON_TOKEN_NULL:
    default:
      return json_node_init_null (json_node_alloc ());
    }
}

/**
 * galley_json_tokens_dup_source:
 *
 * Returns: (transfer full) (nullable): the text of @value as it was read (%NULL for a
 *   document made from a tree, or %GALLEY_JSON_TOKEN_NONE)
 */
char *
galley_json_tokens_dup_source (GalleyJsonTokens *self,
                               guint             value)
{
  const Token *token = get_token (self, value);

  if (token == NULL || self->text == NULL)
    return NULL;

  return g_strndup (self->text + token->start, token->end - token->start);
}
