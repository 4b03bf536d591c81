/* galley-preferences-window-private.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the preferences window's files only: galley-preferences-window.c (the window and
 * its General page), galley-preferences-kitchen.c (the Kitchen page),
 * galley-preferences-timing.c (its thresholds), galley-preferences-bump-keys.c (its
 * bump-bar keys) and galley-preferences-voice.c (the Voice page).
 */
#pragma once

#include "app/galley-preferences-window.h"
#include "voice/galley-voice-credentials.h"

G_BEGIN_DECLS

#define GALLEY_N_ORDER_TYPES  8
#define GALLEY_N_BUMP_ACTIONS 14

struct _GalleyPreferencesWindow
{
  AdwWindow              parent_instance;

  GSettings             *settings;
  gulong                 settings_changed_id;
  guint                  loading;            /* > 0 while rows are filled from the settings */
  AdwToast              *toast;              /* the toast on screen, if any */
  gint64                 toast_shown_at;     /* when it was added, monotonic µs */

  /* Kitchen page, rows made in code; the widget tree owns them (no references) */
  GPtrArray             *categories;         /* char *: category slugs with a row, in order */
  GPtrArray             *route_rows;         /* AdwComboRow *, one per category */
  AdwExpanderRow        *threshold_rows[GALLEY_N_ORDER_TYPES];
  GtkSpinButton         *warning_spins[GALLEY_N_ORDER_TYPES];
  GtkSpinButton         *late_spins[GALLEY_N_ORDER_TYPES];
  GtkButton             *bump_buttons[GALLEY_N_BUMP_ACTIONS];
  int                    capture_index;      /* bump action waiting for its key, or -1 */

  /* template: General */
  AdwToastOverlay       *toast_overlay;
  AdwViewStack          *stack;
  AdwEntryRow           *server_row;
  AdwEntryRow           *restaurant_row;
  AdwComboRow           *theme_row;

  /* template: Kitchen */
  AdwComboRow           *station_row;
  AdwComboRow           *layout_row;
  GtkSpinButton         *cards_spin;
  AdwPreferencesGroup   *timing_group;
  AdwEntryRow           *stations_row;
  AdwPreferencesGroup   *routing_group;
  AdwActionRow          *no_categories_row;
  GtkAdjustment         *volume_adjustment;
  GtkScale              *volume_scale;
  AdwActionRow          *muted_row;
  GtkSwitch             *muted_switch;
  GtkSwitch             *large_text_switch;
  GtkSwitch             *high_contrast_switch;
  AdwPreferencesGroup   *bump_group;

  /* template: Voice */
  AdwComboRow           *voice_engine_row;
  AdwEntryRow           *microphone_row;
  GtkSwitch             *hands_free_switch;
  AdwEntryRow           *speaker_row;
  AdwEntryRow           *api_key_row;
  GCancellable          *cancellable;        /* keyring calls; cancelled in dispose */
  GalleyVoiceCredentials *credentials;       /* made at the first keyring call */
};

void _galley_preferences_window_show_toast (GalleyPreferencesWindow *self,
                                            const char              *message);

/* galley-preferences-kitchen.c */
void _galley_preferences_window_class_kitchen_init (GtkWidgetClass          *widget_class);
void _galley_preferences_window_kitchen_init       (GalleyPreferencesWindow *self);
void _galley_preferences_window_kitchen_changed    (GalleyPreferencesWindow *self,
                                                    const char              *key);
void _galley_preferences_window_kitchen_set_categories (GalleyPreferencesWindow *self,
                                                        const char * const      *slugs);
void _galley_preferences_window_kitchen_dispose    (GalleyPreferencesWindow *self);

/* galley-preferences-voice.c */
void _galley_preferences_window_class_voice_init (GtkWidgetClass          *widget_class);
void _galley_preferences_window_voice_init       (GalleyPreferencesWindow *self);
void _galley_preferences_window_voice_changed    (GalleyPreferencesWindow *self,
                                                  const char              *key);
void _galley_preferences_window_voice_dispose    (GalleyPreferencesWindow *self);

/* galley-preferences-timing.c, called from galley-preferences-kitchen.c */
void _galley_preferences_window_timing_init    (GalleyPreferencesWindow *self);
void _galley_preferences_window_timing_changed (GalleyPreferencesWindow *self,
                                                const char              *key);
void _galley_preferences_window_timing_dispose (GalleyPreferencesWindow *self);

/* galley-preferences-bump-keys.c */
void _galley_preferences_window_class_bump_keys_init (GtkWidgetClass          *widget_class);
void _galley_preferences_window_bump_keys_init       (GalleyPreferencesWindow *self);
void _galley_preferences_window_bump_keys_changed    (GalleyPreferencesWindow *self,
                                                      const char              *key);
void _galley_preferences_window_bump_keys_dispose    (GalleyPreferencesWindow *self);

G_END_DECLS
