/* run-corpus.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Feeds every file of a fuzz corpus to the frame parser, so that the corpus stays valid in
 * builds without clang: files named ok-* must parse, files named bad-* must be rejected.
 * Usage: run-corpus DIR
 */
#include <stdlib.h>

#include "net/galley-link-message.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  guint n_files = 0, n_failed = 0;

  if (argc != 2)
    {
      g_printerr ("Usage: %s CORPUS-DIR\n", argv[0]);
      return EXIT_FAILURE;
    }

  dir = g_dir_open (argv[1], 0, &error);
  if (dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (argv[1], name, NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GalleyLinkMessage) message = NULL;
      g_autoptr(GError) parse_error = NULL;
      gboolean expect_ok = g_str_has_prefix (name, "ok-");
      gsize length;

      if (!g_file_get_contents (path, &contents, &length, &error))
        {
          g_printerr ("%s\n", error->message);
          return EXIT_FAILURE;
        }

      n_files++;
      message = galley_link_message_parse (contents, length, &parse_error);

      if (message != NULL && expect_ok)
        g_print ("ok     %s: %s\n", name, galley_link_message_kind_name (message->kind));
      else if (message == NULL && !expect_ok)
        g_print ("ok     %s: rejected (%d: %s)\n", name, parse_error->code, parse_error->message);
      else
        {
          n_failed++;
          g_print ("FAILED %s: %s\n", name,
                   message != NULL ? "accepted" : parse_error->message);
        }
    }

  g_print ("%u files, %u failed\n", n_files, n_failed);

  return n_files > 0 && n_failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
