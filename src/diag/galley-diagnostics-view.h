/* galley-diagnostics-view.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "core/galley-services.h"

G_BEGIN_DECLS

#define GALLEY_TYPE_DIAGNOSTICS_VIEW (galley_diagnostics_view_get_type ())
G_DECLARE_FINAL_TYPE (GalleyDiagnosticsView, galley_diagnostics_view, GALLEY, DIAGNOSTICS_VIEW,
                      GtkWidget)

GtkWidget      *galley_diagnostics_view_new          (GalleyServices        *services);
GalleyServices *galley_diagnostics_view_get_services (GalleyDiagnosticsView *self);
void            galley_diagnostics_view_set_services (GalleyDiagnosticsView *self,
                                                      GalleyServices        *services);
void            galley_diagnostics_view_refresh      (GalleyDiagnosticsView *self);

G_END_DECLS
