/* fuzz-link-message.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target for the order-WebSocket frame parser (R-IN-1, R-IN-2): any input either
 * parses or is rejected with an error, without crashing, leaking or logging a critical.
 */
#include <stdint.h>

#include "net/galley-link-message.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GalleyLinkMessage) message = NULL;
  g_autoptr(GError) error = NULL;

  message = galley_link_message_parse ((const char *) data, size, &error);

  /* exactly one of the two */
  g_assert ((message == NULL) == (error != NULL));
  if (error != NULL)
    g_assert (error->domain == GALLEY_LINK_MESSAGE_ERROR);
  if (message != NULL &&
      (message->kind == GALLEY_LINK_MESSAGE_ORDER_CREATED ||
       message->kind == GALLEY_LINK_MESSAGE_ORDER_UPDATED))
    g_assert (GALLEY_IS_ORDER (message->order));

  return 0;
}
