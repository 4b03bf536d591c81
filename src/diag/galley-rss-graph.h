/* galley-rss-graph.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "diag/galley-sampler.h"

G_BEGIN_DECLS

#define GALLEY_TYPE_RSS_GRAPH (galley_rss_graph_get_type ())
G_DECLARE_FINAL_TYPE (GalleyRssGraph, galley_rss_graph, GALLEY, RSS_GRAPH, GtkWidget)

GtkWidget     *galley_rss_graph_new         (void);
GalleySampler *galley_rss_graph_get_sampler (GalleyRssGraph *self);
void           galley_rss_graph_set_sampler (GalleyRssGraph *self,
                                             GalleySampler  *sampler);

G_END_DECLS
