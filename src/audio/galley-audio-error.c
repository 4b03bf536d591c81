/* galley-audio-error.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "audio/galley-audio-error.h"

G_DEFINE_QUARK (galley-audio-error-quark, galley_audio_error)

/**
 * galley_audio_error_new:
 * @code: what went wrong
 *
 * Returns: (transfer full): a #GALLEY_AUDIO_ERROR with a sentence for the cashier
 */
GError *
galley_audio_error_new (GalleyAudioError code)
{
  const char *message;

  switch (code)
    {
    case GALLEY_AUDIO_ERROR_NO_SERVICE:
      message = _("Sound service is not running. Voice ordering is off; you can still take "
                  "orders by touch.");
      break;

    case GALLEY_AUDIO_ERROR_NO_MICROPHONE:
      message = _("No microphone found. Plug one in or choose one in Preferences.");
      break;

    case GALLEY_AUDIO_ERROR_NO_SPEAKER:
      message = _("No speaker found. Replies are shown as text only.");
      break;

    case GALLEY_AUDIO_ERROR_STOPPED:
      message = _("Audio stopped. Press Retry to start it again.");
      break;

    case GALLEY_AUDIO_ERROR_FAILED:
    default:
      message = _("Galley could not open the sound device.");
      break;
    }

  return g_error_new_literal (GALLEY_AUDIO_ERROR, code, message);
}
