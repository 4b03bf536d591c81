/* galley-demo-server-settings.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo server's settings (spec §7.2): named options with their checks, shared by the
 * C API, the configuration endpoint, the environment and the command line.
 */
#define G_LOG_DOMAIN "galley-demo-server"

#include <math.h>
#include <string.h>

#include "demo/galley-demo-server-private.h"
#include "util/galley-json.h"

/* ------------------------------------------------------------------ settings */

static gboolean
parse_bool (const char *value,
            gboolean   *out)
{
  if (g_strcmp0 (value, "1") == 0 || g_ascii_strcasecmp (value, "true") == 0 ||
      g_ascii_strcasecmp (value, "on") == 0 || g_ascii_strcasecmp (value, "yes") == 0)
    *out = TRUE;
  else if (g_strcmp0 (value, "0") == 0 || g_ascii_strcasecmp (value, "false") == 0 ||
           g_ascii_strcasecmp (value, "off") == 0 || g_ascii_strcasecmp (value, "no") == 0)
    *out = FALSE;
  else
    return FALSE;

  return TRUE;
}

static gboolean *
quirk_flag (GalleyDemoServer *self,
            const char       *name)
{
  static const struct { const char *name; gsize offset; } flags[] = {
    { "strict_transitions", G_STRUCT_OFFSET (GalleyDemoServer, strict_transitions) },
    { "sync_complete_empty", G_STRUCT_OFFSET (GalleyDemoServer, sync_complete_empty) },
    { "drop_snake_case_create_fields",
      G_STRUCT_OFFSET (GalleyDemoServer, drop_snake_case_create_fields) },
    { "auth_frame_overrides_claim",
      G_STRUCT_OFFSET (GalleyDemoServer, auth_frame_overrides_claim) },
    { "no_auth_timeout", G_STRUCT_OFFSET (GalleyDemoServer, no_auth_timeout) },
    { "extended_events", G_STRUCT_OFFSET (GalleyDemoServer, extended_events) },
    { "seq_numbers", G_STRUCT_OFFSET (GalleyDemoServer, seq_numbers) },
    { "idempotency_key", G_STRUCT_OFFSET (GalleyDemoServer, idempotency_key) },
    { "auto_progress", G_STRUCT_OFFSET (GalleyDemoServer, auto_progress) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
    if (g_strcmp0 (flags[i].name, name) == 0)
      return G_STRUCT_MEMBER_P (self, flags[i].offset);

  return NULL;
}

static gboolean
invalid (GError     **error,
         const char  *name,
         const char  *value)
{
  g_set_error (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_INVALID,
               "Invalid value for demo setting %s: %s", name, value != NULL ? value : "(none)");
  return FALSE;
}

static const char * const option_names[] = {
  "rate", "seed", "clock", "port", "heartbeat_ms", "items_min", "items_max", "modifier_rate",
  "scheduled_rate", "edit_rate", "auto_progress", "strict_transitions", "sync_complete_empty",
  "drop_snake_case_create_fields", "auth_frame_overrides_claim", "no_auth_timeout",
  "extended_events", "seq_numbers", "idempotency_key", NULL
};

/* Applies one setting, or with @dry_run only checks it. */
static gboolean
apply_option (GalleyDemoServer  *self,
              const char        *name,
              const char        *value,
              gboolean           dry_run,
              GError           **error)
{
  gboolean *flag;
  gboolean b;
  char *end = NULL;
  double d;

  if (!g_strv_contains (option_names, name))
    {
      g_set_error (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_INVALID,
                   "Unknown demo setting %s", name);
      return FALSE;
    }

  if (value == NULL)
    return invalid (error, name, value);

  if ((flag = quirk_flag (self, name)) != NULL)
    {
      if (!parse_bool (value, &b))
        return invalid (error, name, value);
      if (!dry_run)
        *flag = b;
      return TRUE;
    }

  if (strcmp (name, "clock") == 0)
    {
      if (strcmp (value, "real") != 0 && strcmp (value, "virtual") != 0)
        return invalid (error, name, value);
      if (!dry_run)
        {
          self->virtual_clock = strcmp (value, "virtual") == 0;
          if (self->server != NULL)
            _galley_demo_server_arm_real_timer (self);
        }
      return TRUE;
    }

  d = g_ascii_strtod (value, &end);
  if (end == value || *end != '\0' || !isfinite (d))
    return invalid (error, name, value);

  if (strcmp (name, "rate") == 0)
    {
      if (d < 0 || d > 6000)
        return invalid (error, name, value);
      if (!dry_run)
        g_object_set (self, "rate", d, NULL);
    }
  else if (strcmp (name, "seed") == 0)
    {
      if (d < 0 || d > G_MAXUINT32 || d != floor (d))
        return invalid (error, name, value);
      if (!dry_run)
        {
          self->seed = (gint64) d;
          if (self->rand != NULL)
            g_rand_set_seed (self->rand, (guint32) self->seed);
        }
    }
  else if (strcmp (name, "port") == 0)
    {
      if (d < 0 || d > 65535 || d != floor (d))
        return invalid (error, name, value);
      if (!dry_run)
        self->port_requested = (guint) d;
    }
  else if (strcmp (name, "heartbeat_ms") == 0)
    {
      if (d < 10 || d > G_MAXUINT || d != floor (d))
        return invalid (error, name, value);
      if (!dry_run)
        self->heartbeat_ms = (guint) d;
    }
  else if (strcmp (name, "items_min") == 0 || strcmp (name, "items_max") == 0)
    {
      if (d < 1 || d > 50 || d != floor (d))
        return invalid (error, name, value);
      if (!dry_run)
        {
          if (strcmp (name, "items_min") == 0)
            self->items_min = (guint) d;
          else
            self->items_max = (guint) d;
          if (self->items_max < self->items_min)
            self->items_max = self->items_min;
        }
    }
  else if (strcmp (name, "modifier_rate") == 0 || strcmp (name, "scheduled_rate") == 0)
    {
      if (d < 0 || d > 1)
        return invalid (error, name, value);
      if (!dry_run && strcmp (name, "modifier_rate") == 0)
        self->modifier_rate = d;
      else if (!dry_run)
        self->scheduled_rate = d;
    }
  else if (strcmp (name, "edit_rate") == 0)
    {
      /* edits per active order per simulated minute */
      if (d < 0 || d > 60)
        return invalid (error, name, value);
      if (!dry_run)
        {
          self->edit_rate = d;
          _galley_demo_server_schedule_edits (self);
        }
    }
  else
    {
      g_set_error (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_INVALID,
                   "Unknown demo setting %s", name);
      return FALSE;
    }

  return TRUE;
}

/**
 * galley_demo_server_set_option:
 * @name: a setting of spec §7.2 or a quirk flag, e.g. "rate", "clock", "seq_numbers"
 * @value: its value as text ("2.5", "virtual", "on")
 *
 * Used by the command line and the GALLEY_DEMO_* environment variables.
 */
gboolean
galley_demo_server_set_option (GalleyDemoServer  *self,
                               const char        *name,
                               const char        *value,
                               GError           **error)
{
  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return apply_option (self, name, value, FALSE, error);
}

static char *
node_to_text (JsonNode *node)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      return g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
    default:
      return NULL;
    }
}

/**
 * galley_demo_server_list_options:
 *
 * Returns: (transfer none): the names galley_demo_server_set_option() accepts
 */
const char * const *
galley_demo_server_list_options (void)
{
  return option_names;
}

/**
 * galley_demo_server_apply_environment:
 *
 * Applies GALLEY_DEMO_<NAME> variables (GALLEY_DEMO_RATE, GALLEY_DEMO_SEED,
 * GALLEY_DEMO_CLOCK, GALLEY_DEMO_SEQ_NUMBERS, ...) so tests and scripts need no UI.
 */
gboolean
galley_demo_server_apply_environment (GalleyDemoServer  *self,
                                      GError           **error)
{
  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), FALSE);

  for (guint i = 0; option_names[i] != NULL; i++)
    {
      g_autofree char *upper = g_ascii_strup (option_names[i], -1);
      g_autofree char *var = g_strconcat ("GALLEY_DEMO_", upper, NULL);
      const char *value = g_getenv (var);

      if (value != NULL && !galley_demo_server_set_option (self, option_names[i], value, error))
        {
          g_prefix_error (error, "%s: ", var);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
configure_type_mix (GalleyDemoServer  *self,
                    JsonObject        *mix,
                    gboolean           dry_run,
                    GError           **error)
{
  static const char * const keys[] = { "dine-in", "takeout", "online", "drive-thru", "delivery" };
  double values[5] = { 0 };
  double total = 0;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      if (json_object_has_member (mix, keys[i]) &&
          (!galley_json_get_number (mix, keys[i], &values[i]) || values[i] < 0))
        return invalid (error, "type_mix", keys[i]);
      total += values[i];
    }

  if (total <= 0)
    return invalid (error, "type_mix", "(all zero)");

  for (guint i = 0; i < G_N_ELEMENTS (keys) && !dry_run; i++)
    self->type_mix[i] = values[i] / total;

  return TRUE;
}

/**
 * galley_demo_server_configure:
 * @settings: members named as in galley_demo_server_set_option(), with JSON values
 *
 * Applies every member, or none if one is invalid.
 */
gboolean
galley_demo_server_configure (GalleyDemoServer  *self,
                              JsonObject        *settings,
                              GError           **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), FALSE);
  g_return_val_if_fail (settings != NULL, FALSE);

  /* a dry run first, so that one bad member changes nothing */
  for (int pass = 0; pass < 2; pass++)
    {
      json_object_iter_init_ordered (&iter, settings);
      while (json_object_iter_next_ordered (&iter, &name, &node))
        {
          g_autofree char *text = NULL;

          if (strcmp (name, "type_mix") == 0)
            {
              if (!JSON_NODE_HOLDS_OBJECT (node))
                return invalid (error, name, "(not an object)");
              if (!configure_type_mix (self, json_node_get_object (node), pass == 0, error))
                return FALSE;
              continue;
            }

          text = node_to_text (node);
          if (text == NULL)
            return invalid (error, name, "(not a value)");
          if (!apply_option (self, name, text, pass == 0, error))
            return FALSE;
        }
    }

  return TRUE;
}
