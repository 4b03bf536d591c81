/* galley-about.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GALLEY_WEBSITE   "https://github.com/galleypos/galley"
#define GALLEY_ISSUE_URL "https://github.com/galleypos/galley/issues"

GtkWidget *galley_about_window_new (GtkWindow *parent);

G_END_DECLS
