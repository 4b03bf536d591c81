/* galley-jwt.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define GALLEY_JWT_ERROR (galley_jwt_error_quark ())

typedef enum
{
  GALLEY_JWT_ERROR_MALFORMED,
  GALLEY_JWT_ERROR_UNSUPPORTED,
  GALLEY_JWT_ERROR_BAD_SIGNATURE,
  GALLEY_JWT_ERROR_EXPIRED,
} GalleyJwtError;

GQuark      galley_jwt_error_quark      (void);

char       *galley_jwt_encode_hs256     (JsonObject    *claims,
                                         const char    *secret);
JsonObject *galley_jwt_verify_hs256     (const char    *token,
                                         const char    *secret,
                                         gint64         now_s,
                                         GError       **error);
JsonObject *galley_jwt_decode           (const char    *token,
                                         GError       **error);

char       *galley_base64url_encode     (const guint8  *data,
                                         gsize          len);
guint8     *galley_base64url_decode     (const char    *text,
                                         gsize         *out_len);

G_END_DECLS
