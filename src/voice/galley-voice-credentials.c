/* galley-voice-credentials.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where the Realtime WebSocket's credential comes from (spec/voice.md §1.2, R-VC-1, R-VC-2),
 * in this order:
 *
 *   1. an ephemeral secret from the restaurant server (POST /api/v1/realtime/session): the
 *      production path, no OpenAI key on the terminal;
 *   2. an API key the operator stored in the keyring (libsecret, schema
 *      io.github.galleypos.Galley.ApiKey);
 *   3. OPENAI_API_KEY from the environment (development).
 *
 * A credential is fetched right before every connect, reconnects included, and never cached.
 * Neither the secret nor the key is ever logged, put in an error message or a property.
 */
#define G_LOG_DOMAIN "galley-voice-credentials"

#include <glib/gi18n.h>
#include <libsecret/secret.h>
#include <string.h>

#include "util/galley-json.h"
#include "util/galley-weak.h"
#include "voice/galley-realtime-config.h"
#include "voice/galley-voice-credentials.h"

#define KEYRING_ATTRIBUTE "purpose"
#define KEYRING_PURPOSE   "openai-realtime"

struct _GalleyVoiceCredentials
{
  GObject           parent_instance;

  GalleyRestClient *rest;          /* nullable */
  char             *default_model;
  gboolean          use_keyring;
};

G_DEFINE_FINAL_TYPE (GalleyVoiceCredentials, galley_voice_credentials, G_TYPE_OBJECT)

G_DEFINE_QUARK (galley-voice-credentials-error-quark, galley_voice_credentials_error)

enum {
  PROP_0,
  PROP_USE_KEYRING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const SecretSchema *
api_key_schema (void)
{
  static const SecretSchema schema = {
    GALLEY_VOICE_API_KEY_SCHEMA, SECRET_SCHEMA_NONE,
    {
      { KEYRING_ATTRIBUTE, SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "NULL", 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  };

  return &schema;
}

/* ------------------------------------------------------------------ secrets */

void
galley_voice_secret_free (GalleyVoiceSecret *secret)
{
  if (secret == NULL)
    return;

  if (secret->value != NULL)
    {
      memset (secret->value, 0, strlen (secret->value));
      g_free (secret->value);
    }
  g_free (secret->model);
  g_free (secret->menu_context);
  g_free (secret);
}

/* R-VC-2: below 10^11 a time is in seconds, else in milliseconds. */
static gint64
normalise_expiry (double value)
{
  if (value <= 0)
    return 0;
  if (value < 1e11)
    return (gint64) value;

  return (gint64) (value / 1000);
}

static gboolean
get_time (JsonObject *object,
          const char *member,
          gint64     *value)
{
  double number;

  if (object == NULL || !galley_json_get_number (object, member, &number))
    return FALSE;

  *value = normalise_expiry (number);

  return *value > 0;
}

/**
 * galley_voice_secret_parse:
 * @body: the session endpoint's answer
 * @default_model: (nullable): used when the answer names none (GALLEY_REALTIME_DEFAULT_MODEL)
 * @now_s: the current unix time in seconds
 *
 * R-VC-2: the secret is client_secret.value, else a top-level value (GA client_secrets
 * shape); the model is model, else session.model, else @default_model; the expiry is
 * client_secret.expires_at, else expires_at, in seconds or milliseconds. A secret with less
 * than 10 s left is refused. An empty menu_context is not an error.
 *
 * Returns: (transfer full) (nullable): the secret, or %NULL with @error set
 */
GalleyVoiceSecret *
galley_voice_secret_parse (JsonObject  *body,
                           const char  *default_model,
                           gint64       now_s,
                           GError     **error)
{
  g_autoptr(GalleyVoiceSecret) secret = g_new0 (GalleyVoiceSecret, 1);
  JsonObject *client_secret, *session;
  const char *value = NULL, *model = NULL, *menu = NULL;

  g_return_val_if_fail (body != NULL, NULL);

  client_secret = galley_json_get_object (body, "client_secret");
  session = galley_json_get_object (body, "session");

  if (client_secret == NULL || !galley_json_get_string (client_secret, "value", &value))
    galley_json_get_string (body, "value", &value);
  if (value == NULL || *value == '\0')
    {
      g_warning ("Voice session answer without a client secret");
      g_set_error_literal (error, GALLEY_VOICE_CREDENTIALS_ERROR,
                           GALLEY_VOICE_CREDENTIALS_ERROR_MISCONFIGURED,
                           _("The voice service is not set up correctly on the restaurant "
                             "server. Ask the manager to check it."));
      return NULL;
    }

  if (!galley_json_get_string (body, "model", &model) &&
      (session == NULL || !galley_json_get_string (session, "model", &model)))
    model = default_model != NULL ? default_model : GALLEY_REALTIME_DEFAULT_MODEL;

  if (!get_time (client_secret, "expires_at", &secret->expires_at))
    get_time (body, "expires_at", &secret->expires_at);

  if (secret->expires_at != 0 &&
      secret->expires_at - now_s < GALLEY_VOICE_SECRET_MIN_LIFETIME_S)
    {
      g_warning ("Voice secret expires in %" G_GINT64_FORMAT " s: not used",
                 secret->expires_at - now_s);
      g_set_error_literal (error, GALLEY_VOICE_CREDENTIALS_ERROR,
                           GALLEY_VOICE_CREDENTIALS_ERROR_EXPIRED,
                           _("The voice service sent an expired pass. Check the clock of "
                             "this terminal and of the restaurant server."));
      return NULL;
    }

  if (galley_json_get_string (body, "menu_context", &menu) && *menu != '\0')
    secret->menu_context = galley_json_dup_text (menu, GALLEY_REALTIME_MENU_MAX_CHARS);

  secret->source = GALLEY_VOICE_SECRET_SERVER;
  secret->value = g_strdup (value);
  secret->model = g_strdup (model);

  return g_steal_pointer (&secret);
}

/* ------------------------------------------------------------------ fetch */

typedef struct
{
  GError *server_error;   /* the server's failure, returned if nothing else is found */
} FetchData;

static void
fetch_data_free (FetchData *data)
{
  g_clear_error (&data->server_error);
  g_free (data);
}

static GalleyVoiceSecret *
key_secret (GalleyVoiceCredentials  *self,
            GalleyVoiceSecretSource  source,
            const char              *key)
{
  GalleyVoiceSecret *secret = g_new0 (GalleyVoiceSecret, 1);

  secret->source = source;
  secret->value = g_strdup (key);
  secret->model = g_strdup (self->default_model);

  return secret;
}

/* Step 3, and the end of the chain. Takes @task_. */
static void
fetch_from_environment (GTask *task_)
{
  g_autoptr(GTask) task = task_;
  GalleyVoiceCredentials *self = g_task_get_source_object (task);
  FetchData *data = g_task_get_task_data (task);
  const char *key = g_getenv (GALLEY_VOICE_API_KEY_ENV);

  if (key != NULL && *key != '\0')
    {
      g_debug ("Voice credential: API key from the environment");
      g_task_return_pointer (task, key_secret (self, GALLEY_VOICE_SECRET_ENVIRONMENT, key),
                             (GDestroyNotify) galley_voice_secret_free);
      return;
    }

  if (data->server_error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&data->server_error));
      return;
    }

  g_debug ("Voice credential: none configured");
  g_task_return_new_error (task, GALLEY_VOICE_CREDENTIALS_ERROR,
                           GALLEY_VOICE_CREDENTIALS_ERROR_NONE_CONFIGURED,
                           _("Voice ordering is not set up. Ask the manager to turn it on for "
                             "this restaurant."));
}

static void
keyring_lookup_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *key;

  key = secret_password_lookup_finish (result, &error);

  if (g_task_return_error_if_cancelled (task))
    {
      secret_password_free (key);
      return;
    }

  if (error != NULL)
    g_message ("Keyring not available for the voice key: %s", error->message);

  if (key != NULL && *key != '\0')
    {
      GalleyVoiceCredentials *self = g_task_get_source_object (task);

      g_debug ("Voice credential: API key from the keyring");
      g_task_return_pointer (task, key_secret (self, GALLEY_VOICE_SECRET_KEYRING, key),
                             (GDestroyNotify) galley_voice_secret_free);
      secret_password_free (key);
      return;
    }
  secret_password_free (key);

  fetch_from_environment (g_steal_pointer (&task));
}

/* Step 2. Without a session bus there is no secret service: do not let GIO autolaunch one.
 * Takes @task. */
static void
fetch_from_keyring (GTask *task)
{
  GalleyVoiceCredentials *self = g_task_get_source_object (task);

  if (!self->use_keyring || g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      fetch_from_environment (task);
      return;
    }

  secret_password_lookup (api_key_schema (), g_task_get_cancellable (task), keyring_lookup_cb,
                          task, KEYRING_ATTRIBUTE, KEYRING_PURPOSE, NULL);
}

static void
server_session_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;
  GalleyVoiceCredentials *self;
  FetchData *data;
  GalleyVoiceSecret *secret;

  body = galley_rest_client_realtime_session_finish (GALLEY_REST_CLIENT (source), result, &error);

  if (g_task_return_error_if_cancelled (task))
    return;

  self = g_task_get_source_object (task);
  data = g_task_get_task_data (task);

  if (body == NULL)
    {
      /* the REST client logged the details; its message is written for a cashier */
      g_debug ("No voice secret from the restaurant server: %s", error->message);
      if (g_error_matches (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_RATE_LIMITED))
        {
          g_task_return_new_error (task, GALLEY_VOICE_CREDENTIALS_ERROR,
                                   GALLEY_VOICE_CREDENTIALS_ERROR_RATE_LIMITED,
                                   _("Voice is busy. Try again in a minute."));
          return;
        }
      data->server_error = g_steal_pointer (&error);
      fetch_from_keyring (g_steal_pointer (&task));
      return;
    }

  secret = galley_voice_secret_parse (body, self->default_model, g_get_real_time () / G_USEC_PER_SEC,
                                      &error);
  if (secret == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_debug ("Voice credential: ephemeral secret from the restaurant server (model %s)",
           secret->model);
  g_task_return_pointer (task, secret, (GDestroyNotify) galley_voice_secret_free);
}

/**
 * galley_voice_credentials_fetch_async:
 *
 * Fetches one credential for one connect, trying the restaurant server, then the keyring,
 * then the environment. Never cached: call it before every connect.
 */
void
galley_voice_credentials_fetch_async (GalleyVoiceCredentials *self,
                                      GCancellable           *cancellable,
                                      GAsyncReadyCallback     callback,
                                      gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GALLEY_IS_VOICE_CREDENTIALS (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_name (task, "galley_voice_credentials_fetch_async");
  g_task_set_task_data (task, g_new0 (FetchData, 1), (GDestroyNotify) fetch_data_free);

  if (self->rest != NULL && galley_rest_client_get_base_url (self->rest) != NULL)
    {
      galley_rest_client_realtime_session_async (self->rest, "server", cancellable,
                                                 server_session_cb, g_steal_pointer (&task));
      return;
    }

  fetch_from_keyring (g_steal_pointer (&task));
}

/**
 * galley_voice_credentials_fetch_finish:
 *
 * Returns: (transfer full) (nullable): the credential, or %NULL with @error set (a message
 *   for the cashier)
 */
GalleyVoiceSecret *
galley_voice_credentials_fetch_finish (GalleyVoiceCredentials  *self,
                                       GAsyncResult            *result,
                                       GError                 **error)
{
  g_return_val_if_fail (GALLEY_IS_VOICE_CREDENTIALS (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ keyring */

static void
store_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_warning ("Voice key not stored in the keyring: %s", error->message);
      g_task_return_new_error (task, GALLEY_VOICE_CREDENTIALS_ERROR,
                               GALLEY_VOICE_CREDENTIALS_ERROR_KEYRING,
                               _("The key could not be saved in the keyring of this terminal."));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * galley_voice_credentials_store_api_key_async:
 * @api_key: the key; copied into the keyring, never logged
 *
 * Stores an OpenAI API key in the keyring (step 2 of the credential order).
 */
void
galley_voice_credentials_store_api_key_async (GalleyVoiceCredentials *self,
                                              const char             *api_key,
                                              GCancellable           *cancellable,
                                              GAsyncReadyCallback     callback,
                                              gpointer                user_data)
{
  GTask *task;

  g_return_if_fail (GALLEY_IS_VOICE_CREDENTIALS (self));
  g_return_if_fail (api_key != NULL && *api_key != '\0');

  task = g_task_new (self, cancellable, callback, user_data);
  secret_password_store (api_key_schema (), SECRET_COLLECTION_DEFAULT,
                         "Galley voice ordering (OpenAI API key)", api_key, cancellable,
                         store_cb, task, KEYRING_ATTRIBUTE, KEYRING_PURPOSE, NULL);
}

gboolean
galley_voice_credentials_store_api_key_finish (GalleyVoiceCredentials  *self,
                                               GAsyncResult            *result,
                                               GError                 **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
clear_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE without an error: there was nothing to clear, which is what was asked */
  if (!secret_password_clear_finish (result, &error) && error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_warning ("Voice key not removed from the keyring: %s", error->message);
      g_task_return_new_error (task, GALLEY_VOICE_CREDENTIALS_ERROR,
                               GALLEY_VOICE_CREDENTIALS_ERROR_KEYRING,
                               _("The key could not be removed from the keyring of this "
                                 "terminal."));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * galley_voice_credentials_clear_api_key_async:
 *
 * Removes the stored API key, if any.
 */
void
galley_voice_credentials_clear_api_key_async (GalleyVoiceCredentials *self,
                                              GCancellable           *cancellable,
                                              GAsyncReadyCallback     callback,
                                              gpointer                user_data)
{
  GTask *task;

  g_return_if_fail (GALLEY_IS_VOICE_CREDENTIALS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  secret_password_clear (api_key_schema (), cancellable, clear_cb, task,
                         KEYRING_ATTRIBUTE, KEYRING_PURPOSE, NULL);
}

gboolean
galley_voice_credentials_clear_api_key_finish (GalleyVoiceCredentials  *self,
                                               GAsyncResult            *result,
                                               GError                 **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ GObject */

static void
galley_voice_credentials_dispose (GObject *object)
{
  GalleyVoiceCredentials *self = GALLEY_VOICE_CREDENTIALS (object);

  /* a fetch in flight holds a reference (its GTask's source object): none is running */
  g_clear_object (&self->rest);

  G_OBJECT_CLASS (galley_voice_credentials_parent_class)->dispose (object);
}

static void
galley_voice_credentials_finalize (GObject *object)
{
  GalleyVoiceCredentials *self = GALLEY_VOICE_CREDENTIALS (object);

  g_free (self->default_model);

  G_OBJECT_CLASS (galley_voice_credentials_parent_class)->finalize (object);
}

static void
galley_voice_credentials_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  GalleyVoiceCredentials *self = GALLEY_VOICE_CREDENTIALS (object);

  switch (prop_id)
    {
    case PROP_USE_KEYRING:
      g_value_set_boolean (value, self->use_keyring);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_voice_credentials_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  GalleyVoiceCredentials *self = GALLEY_VOICE_CREDENTIALS (object);

  switch (prop_id)
    {
    case PROP_USE_KEYRING:
      galley_voice_credentials_set_use_keyring (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_voice_credentials_class_init (GalleyVoiceCredentialsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = galley_voice_credentials_dispose;
  object_class->finalize = galley_voice_credentials_finalize;
  object_class->get_property = galley_voice_credentials_get_property;
  object_class->set_property = galley_voice_credentials_set_property;

  properties[PROP_USE_KEYRING] =
    g_param_spec_boolean ("use-keyring", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
galley_voice_credentials_init (GalleyVoiceCredentials *self)
{
  self->default_model = g_strdup (GALLEY_REALTIME_DEFAULT_MODEL);
  self->use_keyring = TRUE;
}

/**
 * galley_voice_credentials_new:
 * @rest: (nullable): the restaurant server's client, for ephemeral secrets
 *
 * Returns: (transfer full): the credentials source
 */
GalleyVoiceCredentials *
galley_voice_credentials_new (GalleyRestClient *rest)
{
  GalleyVoiceCredentials *self;

  g_return_val_if_fail (rest == NULL || GALLEY_IS_REST_CLIENT (rest), NULL);

  self = g_object_new (GALLEY_TYPE_VOICE_CREDENTIALS, NULL);
  self->rest = rest != NULL ? g_object_ref (rest) : NULL;

  return self;
}

void
galley_voice_credentials_set_use_keyring (GalleyVoiceCredentials *self,
                                          gboolean                use)
{
  g_return_if_fail (GALLEY_IS_VOICE_CREDENTIALS (self));

  use = !!use;
  if (self->use_keyring == use)
    return;

  self->use_keyring = use;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USE_KEYRING]);
}

gboolean
galley_voice_credentials_get_use_keyring (GalleyVoiceCredentials *self)
{
  g_return_val_if_fail (GALLEY_IS_VOICE_CREDENTIALS (self), FALSE);

  return self->use_keyring;
}

/**
 * galley_voice_credentials_set_default_model:
 * @model: (nullable): the model for keys, and for secrets whose answer names none
 */
void
galley_voice_credentials_set_default_model (GalleyVoiceCredentials *self,
                                            const char             *model)
{
  g_return_if_fail (GALLEY_IS_VOICE_CREDENTIALS (self));

  g_free (self->default_model);
  self->default_model = g_strdup (model != NULL && *model != '\0'
                                    ? model : GALLEY_REALTIME_DEFAULT_MODEL);
}
