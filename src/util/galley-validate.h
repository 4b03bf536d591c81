/* galley-validate.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GALLEY_VALIDATE_ERROR (galley_validate_error_quark ())

typedef enum
{
  GALLEY_VALIDATE_ERROR_INVALID,
} GalleyValidateError;

GQuark    galley_validate_error_quark   (void);

gboolean  galley_validate_server_url    (const char  *text,
                                         char       **normalized,
                                         GError     **error);
gboolean  galley_validate_restaurant_id (const char  *text,
                                         char       **normalized,
                                         GError     **error);
gboolean  galley_validate_station       (const char  *text,
                                         char       **normalized,
                                         GError     **error);
gboolean  galley_validate_station_list  (const char  *text,
                                         char      ***normalized,
                                         GError     **error);
gboolean  galley_is_uuid                (const char  *text);

#define GALLEY_STATIONS_MAX 16

G_END_DECLS
