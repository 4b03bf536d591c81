/* galley-roles.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The screens a role may use (order protocol §3.10, the upstream screen guards). */
typedef enum
{
  GALLEY_SCREEN_KITCHEN,
  GALLEY_SCREEN_EXPO,
  GALLEY_SCREEN_COUNTER,
} GalleyScreen;

gboolean  galley_role_may_use           (const char   *role,
                                         GalleyScreen  screen);
gboolean  galley_role_may_create_orders (const char   *role);
gboolean  galley_role_may_change_status (const char   *role);
char     *galley_role_dup_display_name  (const char   *role);

G_END_DECLS
