/* galley-audio-error.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The errors of the voice audio streams (GalleyAudioCapture, GalleyAudioPlayback), spec/voice.md
 * §7.6. Every message is a translated sentence for the cashier.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * GalleyAudioError:
 * @GALLEY_AUDIO_ERROR_NO_SERVICE: no sound service (PipeWire) is running
 * @GALLEY_AUDIO_ERROR_NO_MICROPHONE: no microphone to capture from, or it delivers nothing
 * @GALLEY_AUDIO_ERROR_NO_SPEAKER: no speaker to play on
 * @GALLEY_AUDIO_ERROR_STOPPED: the sound service went away, or the stream failed, mid-session
 * @GALLEY_AUDIO_ERROR_FAILED: the stream could not be made
 */
typedef enum
{
  GALLEY_AUDIO_ERROR_NO_SERVICE,
  GALLEY_AUDIO_ERROR_NO_MICROPHONE,
  GALLEY_AUDIO_ERROR_NO_SPEAKER,
  GALLEY_AUDIO_ERROR_STOPPED,
  GALLEY_AUDIO_ERROR_FAILED,
} GalleyAudioError;

#define GALLEY_AUDIO_ERROR (galley_audio_error_quark ())
GQuark  galley_audio_error_quark (void);
/* A new error with the cashier's sentence for @code. */
GError *galley_audio_error_new   (GalleyAudioError code);

G_END_DECLS
