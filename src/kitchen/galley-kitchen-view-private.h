/* galley-kitchen-view-private.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by galley-kitchen-view.c and its satellites (galley-kitchen-view-cards.c,
 * -actions.c, -keys.c, -panels.c) and by the kitchen view's tests only.
 */
#pragma once

#include "kitchen/galley-kitchen-view.h"
#include "kitchen/galley-order-card.h"
#include "ui/galley-link-banner.h"

G_BEGIN_DECLS

struct _GalleyKitchenView
{
  GtkWidget          parent_instance;

  GalleyServices    *services;
  gulong             services_notify_id;
  gboolean           expo;
  GalleyBoard       *board;
  GSignalGroup      *board_signals;
  GSignalGroup      *scheduled_signals;
  GSignalGroup      *settings_signals;
  GSignalGroup      *clock_signals;
  GSignalGroup      *engine_signals;
  GSignalGroup      *player_signals;
  gboolean           holding_clock;
  guint              relayout_id;
  AdwMessageDialog  *confirm_dialog;

  GHashTable        *cards;            /* GalleyTicket* -> GalleyOrderCard* (ref) */
  GHashTable        *keys;             /* keyval -> action name (static) */
  char              *selected_id;
  char              *station_choice;
  gboolean           refocus;          /* a dropped card had the focus: give it to the selection */   /* a station looked at from the filter, or NULL */
  char              *highlight_name;   /* all-day item shown on the cards */
  char              *notice;           /* the last message shown to the cook */
  guint              page;
  guint              page_size;
  guint              columns;
  gboolean           show_all_day;
  gboolean           show_scheduled;
  int                last_width;
  int                last_height;

  /* template */
  GtkWidget         *root;
  GalleyLinkBanner  *banner;
  GtkLabel          *station_label;
  GtkLabel          *link_label;
  GtkLabel          *counts_label;
  GtkLabel          *speed_label;
  GtkLabel          *hidden_label;
  GtkWidget         *sound_box;
  GtkLabel          *sound_label;
  GtkWidget         *filter_box;
  GtkWidget         *station_heading;
  GtkWidget         *station_box;
  GtkWidget         *scheduled_button;
  GtkWidget         *all_day_button;
  GtkWidget         *recent_button;
  GtkWidget         *recent_popover;
  GtkListBox        *recent_list;
  GtkLabel          *page_label;
  GtkWidget         *unrouted_banner;
  GtkLabel          *unrouted_label;
  GtkStack          *board_stack;
  GtkGrid           *cards_grid;
  GtkWidget         *side_revealer;
  GtkStack          *side_stack;
  GtkListBox        *all_day_list;
  GtkWidget         *scheduled_empty_label;
  GtkWidget         *scheduled_cards;
  GtkWidget         *undo_revealer;
  GtkLabel          *undo_label;
};

typedef enum
{
  KV_PROP_0,
  KV_PROP_SERVICES,
  KV_PROP_EXPO,
  KV_PROP_SHOW_ALL_DAY,
  KV_PROP_SHOW_SCHEDULED,
  KV_PROP_NOTICE,
  KV_PROP_PAGE,
  KV_N_PROPS
} GalleyKitchenViewProp;

extern GParamSpec *_galley_kitchen_view_properties[KV_N_PROPS];

/* galley-kitchen-view.c */
void     _galley_kitchen_view_rebuild_board    (GalleyKitchenView *self);
void     _galley_kitchen_view_notice           (GalleyKitchenView *self,
                                                const char        *message);

/* galley-kitchen-view-cards.c */
void     _galley_kitchen_view_relayout         (GalleyKitchenView *self);
void     _galley_kitchen_view_select           (GalleyKitchenView *self,
                                                GalleyTicket      *ticket,
                                                gboolean           focus);
void     _galley_kitchen_view_set_page         (GalleyKitchenView *self,
                                                guint              page);
void     _galley_kitchen_view_compute_page_size (GalleyKitchenView *self,
                                                 guint             *page_size,
                                                 guint             *columns);
void     _galley_kitchen_view_rescue_focus    (GalleyKitchenView *self,
                                                GtkWidget         *card);
void     _galley_kitchen_view_drop_card        (gpointer           data);
void     _galley_kitchen_view_queue_relayout   (GalleyKitchenView *self);

/* galley-kitchen-view-actions.c */
void     _galley_kitchen_view_bump             (GalleyKitchenView *self,
                                                GalleyTicket      *ticket,
                                                GalleyBoardBump    how);
void     _galley_kitchen_view_card_request     (GalleyKitchenView *self,
                                                const char        *action,
                                                const char        *item_id,
                                                GalleyOrderCard   *card);

/* galley-kitchen-view-keys.c */
void     _galley_kitchen_view_class_keys_init  (GtkWidgetClass    *widget_class);
void     _galley_kitchen_view_keys_init        (GalleyKitchenView *self);
void     _galley_kitchen_view_load_keys        (GalleyKitchenView *self);
gboolean _galley_kitchen_view_run_key_action   (GalleyKitchenView *self,
                                                const char        *action);

/* galley-kitchen-view-panels.c */
void     _galley_kitchen_view_update_header    (GalleyKitchenView *self);
void     _galley_kitchen_view_build_filters    (GalleyKitchenView *self);
void     _galley_kitchen_view_build_stations   (GalleyKitchenView *self);
void     _galley_kitchen_view_update_all_day   (GalleyKitchenView *self);
void     _galley_kitchen_view_update_scheduled (GalleyKitchenView *self);
void     _galley_kitchen_view_update_side      (GalleyKitchenView *self);
void     _galley_kitchen_view_update_sound     (GalleyKitchenView *self);
void     _galley_kitchen_view_recent_show_cb   (GalleyKitchenView *self);
void     _galley_kitchen_view_all_day_selected_cb (GalleyKitchenView *self,
                                                   GtkListBoxRow     *row);

G_END_DECLS
