/* galley-voice-credentials.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "net/galley-rest-client.h"

G_BEGIN_DECLS

#define GALLEY_VOICE_CREDENTIALS_ERROR (galley_voice_credentials_error_quark ())

/* Messages are written for a cashier; the server's or the keyring's words go to the log. */
typedef enum
{
  GALLEY_VOICE_CREDENTIALS_ERROR_NONE_CONFIGURED,  /* no server secret, no key anywhere */
  GALLEY_VOICE_CREDENTIALS_ERROR_MISCONFIGURED,    /* the server answered without a secret */
  GALLEY_VOICE_CREDENTIALS_ERROR_EXPIRED,          /* the secret has less than 10 s left */
  GALLEY_VOICE_CREDENTIALS_ERROR_RATE_LIMITED,     /* 429 from the session endpoint */
  GALLEY_VOICE_CREDENTIALS_ERROR_KEYRING,          /* the keyring refused to store or clear */
} GalleyVoiceCredentialsError;

typedef enum
{
  GALLEY_VOICE_SECRET_SERVER,     /* ephemeral ek_… from POST /api/v1/realtime/session */
  GALLEY_VOICE_SECRET_KEYRING,    /* an API key stored with libsecret */
  GALLEY_VOICE_SECRET_ENVIRONMENT,/* OPENAI_API_KEY */
} GalleyVoiceSecretSource;

/* One credential for one connect (R-VC-2: fetched right before every connect, never cached,
 * never logged). */
typedef struct
{
  GalleyVoiceSecretSource source;
  char                   *value;         /* the secret or key: never logged */
  char                   *model;         /* never NULL */
  gint64                  expires_at;    /* unix seconds; 0 for a key, which does not expire */
  char                   *menu_context;  /* nullable: the server's rendered menu */
} GalleyVoiceSecret;

void               galley_voice_secret_free  (GalleyVoiceSecret *secret);
GalleyVoiceSecret *galley_voice_secret_parse (JsonObject        *body,
                                              const char        *default_model,
                                              gint64             now_s,
                                              GError           **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GalleyVoiceSecret, galley_voice_secret_free)

#define GALLEY_VOICE_SECRET_MIN_LIFETIME_S 10
#define GALLEY_VOICE_API_KEY_SCHEMA        "io.github.galleypos.Galley.ApiKey"
#define GALLEY_VOICE_API_KEY_ENV           "OPENAI_API_KEY"

#define GALLEY_TYPE_VOICE_CREDENTIALS (galley_voice_credentials_get_type ())
G_DECLARE_FINAL_TYPE (GalleyVoiceCredentials, galley_voice_credentials, GALLEY,
                      VOICE_CREDENTIALS, GObject)

GQuark                  galley_voice_credentials_error_quark    (void);

GalleyVoiceCredentials *galley_voice_credentials_new            (GalleyRestClient       *rest);
void                    galley_voice_credentials_set_use_keyring (GalleyVoiceCredentials *self,
                                                                 gboolean                use);
gboolean                galley_voice_credentials_get_use_keyring (GalleyVoiceCredentials *self);
void                    galley_voice_credentials_set_default_model (GalleyVoiceCredentials *self,
                                                                 const char             *model);

void                    galley_voice_credentials_fetch_async    (GalleyVoiceCredentials *self,
                                                                 GCancellable           *cancellable,
                                                                 GAsyncReadyCallback     callback,
                                                                 gpointer                user_data);
GalleyVoiceSecret      *galley_voice_credentials_fetch_finish   (GalleyVoiceCredentials *self,
                                                                 GAsyncResult           *result,
                                                                 GError                **error);

void                    galley_voice_credentials_store_api_key_async  (GalleyVoiceCredentials *self,
                                                                 const char             *api_key,
                                                                 GCancellable           *cancellable,
                                                                 GAsyncReadyCallback     callback,
                                                                 gpointer                user_data);
gboolean                galley_voice_credentials_store_api_key_finish (GalleyVoiceCredentials *self,
                                                                 GAsyncResult           *result,
                                                                 GError                **error);
void                    galley_voice_credentials_clear_api_key_async  (GalleyVoiceCredentials *self,
                                                                 GCancellable           *cancellable,
                                                                 GAsyncReadyCallback     callback,
                                                                 gpointer                user_data);
gboolean                galley_voice_credentials_clear_api_key_finish (GalleyVoiceCredentials *self,
                                                                 GAsyncResult           *result,
                                                                 GError                **error);

G_END_DECLS
