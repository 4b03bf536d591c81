/* galley-roles.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What each staff role may do in Galley (order protocol §3.10): the kitchen and expo screens
 * need owner, manager, kitchen or expo; the counter needs owner, manager, server or cashier,
 * and only those with orders:create (not the cashier) may send orders. admin and super_admin
 * pass every check, as on the server. Nobody signed in (NULL) is not gated here: the
 * screens then show the sign-in banner.
 */
#include <glib/gi18n.h>

#include "core/galley-roles.h"

static gboolean
role_in (const char         *role,
         const char * const *roles)
{
  return g_strv_contains (roles, role);
}

static const char * const everything[] = { "owner", "manager", "admin", "super_admin", NULL };

/**
 * galley_role_may_use:
 * @role: (nullable): the signed-in role
 *
 * Returns: whether @role may use @screen (%TRUE when nobody is signed in)
 */
gboolean
galley_role_may_use (const char   *role,
                     GalleyScreen  screen)
{
  static const char * const kitchen[] = { "kitchen", "expo", NULL };
  static const char * const counter[] = { "server", "cashier", NULL };

  if (role == NULL || role_in (role, everything))
    return TRUE;

  switch (screen)
    {
    case GALLEY_SCREEN_KITCHEN:
    case GALLEY_SCREEN_EXPO:
      return role_in (role, kitchen);
    case GALLEY_SCREEN_COUNTER:
      return role_in (role, counter);
    default:
      return FALSE;
    }
}

/**
 * galley_role_may_create_orders:
 *
 * Returns: whether @role has orders:create (the cashier has not)
 */
gboolean
galley_role_may_create_orders (const char *role)
{
  return role != NULL && (role_in (role, everything) || g_strcmp0 (role, "server") == 0);
}

/**
 * galley_role_may_change_status:
 *
 * Returns: whether @role has orders:status (bump, fire, complete)
 */
gboolean
galley_role_may_change_status (const char *role)
{
  static const char * const status[] = { "kitchen", "expo", "server", NULL };

  return role != NULL && (role_in (role, everything) || role_in (role, status));
}

/**
 * galley_role_dup_display_name:
 * @role: (nullable): a role
 *
 * Returns: (transfer full): the role in words for staff
 */
char *
galley_role_dup_display_name (const char *role)
{
  if (role == NULL)
    return g_strdup (_("nobody"));
  if (g_str_equal (role, "owner"))
    return g_strdup (C_("role", "owner"));
  if (g_str_equal (role, "manager"))
    return g_strdup (C_("role", "manager"));
  if (g_str_equal (role, "kitchen"))
    return g_strdup (C_("role", "kitchen staff"));
  if (g_str_equal (role, "expo"))
    return g_strdup (C_("role", "expo"));
  if (g_str_equal (role, "server"))
    return g_strdup (C_("role", "server"));
  if (g_str_equal (role, "cashier"))
    return g_strdup (C_("role", "cashier"));

  return g_strdup (role);
}
