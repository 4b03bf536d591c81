/* galley-realtime-config.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "menu/galley-menu.h"

G_BEGIN_DECLS

/* What goes into the first session.update (spec/voice.md §2). Pure functions: no network,
 * so the shape is testable on its own. */

#define GALLEY_REALTIME_MENU_MAX_CHARS      5000    /* §1.2, §2.3 */
#define GALLEY_REALTIME_UPDATE_WARN_BYTES   30000   /* §2.3: upstream refused above this */
#define GALLEY_REALTIME_DEFAULT_VOICE       "marin"
#define GALLEY_REALTIME_DEFAULT_MODEL       "gpt-realtime"

typedef struct
{
  const char *instructions;     /* galley_realtime_build_instructions() */
  const char *voice;            /* NULL: GALLEY_REALTIME_DEFAULT_VOICE */
  gboolean    push_to_talk;     /* turn_detection null; otherwise server VAD (§2.4) */
  gboolean    far_field;        /* noise reduction for a counter microphone */
  double      speed;            /* 0: 1.0 */
} GalleyRealtimeConfig;

char       *galley_realtime_render_menu          (GalleyMenu                 *menu);
char       *galley_realtime_build_instructions   (const char                 *restaurant_name,
                                                  const char                 *menu_text);
JsonArray  *galley_realtime_build_tools          (void);
JsonObject *galley_realtime_build_session        (const GalleyRealtimeConfig *config);

G_END_DECLS
