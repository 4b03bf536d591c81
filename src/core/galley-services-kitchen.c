/* galley-services-kitchen.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyServices' kitchen side: the menu (loaded after each sign-in and when the link comes
 * back, cached for offline starts), the station router built on it, the kitchen log, and
 * the sound cues.
 */
#define G_LOG_DOMAIN "galley-services"

#include <glib/gi18n.h>

#include "core/galley-services-private.h"
#include "util/galley-weak.h"

/* The server caches menu reads for 300 s (§3.8): no point asking more often. */
#define MENU_REFRESH_US (G_GINT64_CONSTANT (300) * G_USEC_PER_SEC)

static char *
state_path (GalleyServices *self,
            const char     *name)
{
  return self->state_dir != NULL ? g_build_filename (self->state_dir, name, NULL) : NULL;
}

static void
menu_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GalleyWeak) weak = user_data;
  g_autoptr(GalleyServices) self = NULL;
  g_autoptr(GError) error = NULL;

  if (!galley_menu_load_finish (GALLEY_MENU (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = galley_weak_get (weak);
  if (self == NULL)
    return;

  self->menu_loading = FALSE;
  if (error != NULL)
    g_warning ("%s", error->message);
  else
    g_message ("Menu loaded");
}

/* Asks the server for the menu, unless a load is running or one finished recently. */
void
_galley_services_load_menu (GalleyServices *self)
{
  gint64 loaded_at;

  if (self->menu == NULL || self->menu_loading)
    return;

  loaded_at = galley_menu_get_from_cache (self->menu) ? 0 : galley_menu_get_loaded_at (self->menu);
  if (loaded_at > 0 && g_get_real_time () - loaded_at < MENU_REFRESH_US)
    return;

  self->menu_loading = TRUE;
  galley_menu_load_async (self->menu, self->rest, self->menu_cancellable, menu_loaded_cb,
                          galley_weak_new (self));
}

static void
link_live_cb (GalleyServices  *self,
              GParamSpec      *pspec,
              GalleyOrderLink *link)
{
  if (galley_order_link_get_state (link) == GALLEY_LINK_LIVE)
    _galley_services_load_menu (self);
}

/* Made at construction, so views built before start() see them. */
void
_galley_services_kitchen_init (GalleyServices *self)
{
  g_autofree char *log_path = state_path (self, "kitchen.sqlite");
  g_autofree char *cache_path = state_path (self, "menu.json");
  g_autoptr(GError) error = NULL;

  if (cache_path == NULL)
    cache_path = galley_menu_dup_default_cache_path ();

  self->menu = galley_menu_new (cache_path);
  if (!galley_menu_load_cache (self->menu, &error))
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_message ("No cached menu: %s", error->message);
      g_clear_error (&error);
    }
  self->menu_cancellable = g_cancellable_new ();
  self->router = galley_station_router_new (self->settings, self->menu);

  self->kitchen_log = galley_kitchen_log_new (log_path, &error);
  if (self->kitchen_log == NULL)
    {
      g_warning ("The kitchen log cannot be used: %s", error->message);
      self->kitchen_log_error = g_strdup (error->message);
    }

  g_signal_connect_object (self->link, "notify::state", G_CALLBACK (link_live_cb), self,
                           G_CONNECT_SWAPPED);

  /* no PipeWire connection until the first cue is played */
  self->audio_engine = galley_audio_engine_new ();
  self->cue_player = galley_cue_player_new (self->audio_engine);
  g_settings_bind (self->settings, "sound-volume", self->cue_player, "volume",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "sound-muted", self->cue_player, "muted",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "speaker", self->cue_player, "target",
                   G_SETTINGS_BIND_GET);
}

void
_galley_services_kitchen_dispose (GalleyServices *self)
{
  g_cancellable_cancel (self->menu_cancellable);
  g_clear_object (&self->menu_cancellable);
  g_clear_object (&self->router);
  g_clear_object (&self->menu);
  g_clear_object (&self->kitchen_log);
  if (self->cue_player != NULL)
    {
      g_settings_unbind (self->cue_player, "volume");
      g_settings_unbind (self->cue_player, "muted");
      g_settings_unbind (self->cue_player, "target");
    }
  g_clear_object (&self->cue_player);
  if (self->audio_engine != NULL)
    galley_audio_engine_stop (self->audio_engine);
  g_clear_object (&self->audio_engine);
}

/**
 * galley_services_get_menu:
 *
 * Returns: (transfer none): the menu (empty until loaded or read from the cache)
 */
GalleyMenu *
galley_services_get_menu (GalleyServices *self)
{
  g_return_val_if_fail (GALLEY_IS_SERVICES (self), NULL);

  return self->menu;
}

/**
 * galley_services_get_router:
 *
 * Returns: (transfer none): the station router
 */
GalleyStationRouter *
galley_services_get_router (GalleyServices *self)
{
  g_return_val_if_fail (GALLEY_IS_SERVICES (self), NULL);

  return self->router;
}

/**
 * galley_services_get_kitchen_log:
 *
 * Returns: (transfer none) (nullable): the kitchen log, or %NULL when it cannot be opened
 *   (see galley_services_get_kitchen_log_error())
 */
GalleyKitchenLog *
galley_services_get_kitchen_log (GalleyServices *self)
{
  g_return_val_if_fail (GALLEY_IS_SERVICES (self), NULL);

  return self->kitchen_log;
}

const char *
galley_services_get_kitchen_log_error (GalleyServices *self)
{
  g_return_val_if_fail (GALLEY_IS_SERVICES (self), NULL);

  return self->kitchen_log_error;
}

/**
 * galley_services_get_cue_player:
 *
 * Returns: (transfer none): the kitchen's sound cues; volume and mute follow the settings
 */
GalleyCuePlayer *
galley_services_get_cue_player (GalleyServices *self)
{
  g_return_val_if_fail (GALLEY_IS_SERVICES (self), NULL);

  return self->cue_player;
}

/**
 * galley_services_get_audio_engine:
 *
 * Returns: (transfer none): the one PipeWire connection (it connects on the first sound)
 */
GalleyAudioEngine *
galley_services_get_audio_engine (GalleyServices *self)
{
  g_return_val_if_fail (GALLEY_IS_SERVICES (self), NULL);

  return self->audio_engine;
}

static GalleyCue
cue_for_board_cue (GalleyBoardCue cue)
{
  switch (cue)
    {
    case GALLEY_BOARD_CUE_NEW:
      return GALLEY_CUE_NEW;
    case GALLEY_BOARD_CUE_CHANGED:
      return GALLEY_CUE_CHANGED;
    case GALLEY_BOARD_CUE_VOIDED:
      return GALLEY_CUE_VOIDED;
    case GALLEY_BOARD_CUE_RUSH:
      return GALLEY_CUE_RUSH;
    case GALLEY_BOARD_CUE_ALLERGY:
      return GALLEY_CUE_ALLERGY;
    case GALLEY_BOARD_CUE_READY:
      return GALLEY_CUE_READY;
    default:
      g_return_val_if_reached (GALLEY_CUE_NEW);
    }
}

/**
 * galley_services_play_cue:
 * @cue: what happened on a board
 *
 * Plays the board's cue through PipeWire unless sounds are muted. With no sound service the
 * cue is counted as dropped (see Diagnostics) and the board goes on silently.
 */
void
galley_services_play_cue (GalleyServices *self,
                          GalleyBoardCue  cue)
{
  g_return_if_fail (GALLEY_IS_SERVICES (self));

  galley_cue_player_play (self->cue_player, cue_for_board_cue (cue));
}

/**
 * galley_services_test_sound:
 *
 * Plays the steady test tone, for the Test Sound button of Preferences.
 */
void
galley_services_test_sound (GalleyServices *self)
{
  g_return_if_fail (GALLEY_IS_SERVICES (self));

  galley_cue_player_play (self->cue_player, GALLEY_CUE_TEST);
}
