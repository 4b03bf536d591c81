/* galley-about.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The About window (app.about): version, licence, credits, the project's page and its issue
 * tracker, and the library versions a bug report needs.
 */
#define G_LOG_DOMAIN "galley-about"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "app/galley-about.h"

static char *
debug_info (void)
{
  return g_strdup_printf ("Galley %s (%s)\n"
                          "GLib %u.%u.%u\n"
                          "GTK %u.%u.%u\n"
                          "libadwaita %u.%u.%u\n"
                          "libsoup %u.%u.%u\n",
                          PACKAGE_VERSION, APPLICATION_ID,
                          glib_major_version, glib_minor_version, glib_micro_version,
                          gtk_get_major_version (), gtk_get_minor_version (),
                          gtk_get_micro_version (),
                          adw_get_major_version (), adw_get_minor_version (),
                          adw_get_micro_version (),
                          soup_get_major_version (), soup_get_minor_version (),
                          soup_get_micro_version ());
}

/**
 * galley_about_window_new:
 * @parent: (nullable): the window it belongs to
 *
 * Makes Galley's About window, not yet shown. Like every toplevel it is owned by GTK
 * until it is closed or destroyed.
 *
 * Returns: (transfer none): an #AdwAboutWindow
 */
GtkWidget *
galley_about_window_new (GtkWindow *parent)
{
  static const char *developers[] = { "The Galley contributors", NULL };
  static const char *libraries[] = {
    "GTK https://gtk.org",
    "libadwaita https://gnome.pages.gitlab.gnome.org/libadwaita/",
    "libsoup https://libsoup.org",
    "PipeWire https://pipewire.org",
    "CMU Sphinx https://cmusphinx.github.io",
    NULL
  };
  g_autofree char *info = debug_info ();
  GtkWidget *about;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", parent != NULL,
                        "application-name", _("Galley"),
                        "application-icon", APPLICATION_ID,
                        "developer-name", _("The Galley contributors"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Shows a restaurant’s orders to the kitchen and takes "
                                      "orders at the counter."),
                        "website", GALLEY_WEBSITE,
                        "issue-url", GALLEY_ISSUE_URL,
                        "copyright", _("© The Galley contributors"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: your names, one a line, as they should be credited */
                        "translator-credits", _("translator-credits"),
                        "debug-info", info,
                        "debug-info-filename", "galley-debug-info.txt",
                        NULL);
  /* Translators: a heading of the About window, over the libraries Galley uses */
  adw_about_window_add_acknowledgement_section (ADW_ABOUT_WINDOW (about), _("Built with"),
                                                libraries);

  return about;
}
