/* galley-voice-panel.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The voice panel of the counter (spec/voice.md, spec/kitchen-and-counter.md §4): hold to
 * talk (V-1), a level meter, what was said on both sides, and what is wrong in words a
 * cashier can act on. Lines reach the cart given with galley_voice_panel_set_cart(): from
 * the Realtime session's function calls online, or as proposals to confirm from the local
 * recogniser offline (V-9). The engine follows GSettings "voice-engine": "automatic" (online
 * while a credential and the network allow, else offline), "realtime" or "offline".
 *
 * Everything that makes sound or listens is made at the first talk press and taken down in
 * dispose in this order (§7.5): the cancellable, the microphone, handlers, the session's
 * socket, the speaker, then the objects. The wiring lives in galley-voice-panel-engine.c.
 */
#define G_LOG_DOMAIN "galley-voice-panel"

#include <glib/gi18n.h>

#include "voice/galley-voice-panel-private.h"

G_DEFINE_FINAL_TYPE (GalleyVoicePanel, galley_voice_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SERVICES,
  PROP_CART,
  PROP_MODE,
  PROP_TALKING,
  PROP_STATUS,
  PROP_PROBLEM,
  PROP_HANDS_FREE,
  N_PROPS
};

enum {
  REVIEW_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------ for the engine */

void
_galley_voice_panel_set_status (GalleyVoicePanel *self,
                                const char       *status)
{
  if (g_strcmp0 (self->status, status) == 0)
    return;

  g_free (self->status);
  self->status = g_strdup (status);
  gtk_label_set_label (self->status_label, status);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

void
_galley_voice_panel_set_problem (GalleyVoicePanel *self,
                                 const char       *problem)
{
  if (problem != NULL && *problem == '\0')
    problem = NULL;
  if (g_strcmp0 (self->problem, problem) == 0)
    return;

  g_free (self->problem);
  self->problem = g_strdup (problem);
  if (problem != NULL)
    {
      g_message ("Voice problem shown: %s", problem);
      gtk_label_set_label (self->problem_label, problem);
      /* said once to a screen reader too */
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->problem_label),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, problem, -1);
    }
  gtk_revealer_set_reveal_child (self->problem_revealer, problem != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
}

void
_galley_voice_panel_set_mode (GalleyVoicePanel *self,
                              GalleyVoiceMode   mode)
{
  if (self->mode == mode)
    return;

  self->mode = mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

void
_galley_voice_panel_set_talking (GalleyVoicePanel *self,
                                 gboolean          talking)
{
  if (self->talking == talking)
    return;

  self->talking = talking;
  _galley_voice_panel_update_talk_label (self);
  if (talking)
    gtk_widget_add_css_class (GTK_WIDGET (self->talk_button), "voice-talking");
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->talk_button), "voice-talking");
      gtk_level_bar_set_value (self->level_bar, 0.0);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TALKING]);
}

/* The button's words follow the mode: held (push-to-talk) or pressed twice (hands-free). */
void
_galley_voice_panel_update_talk_label (GalleyVoicePanel *self)
{
  const char *label, *accessible, *tooltip;

  if (self->hands_free)
    {
      label = self->talking ? _("Stop Listening") : _("Start Listening");
      accessible = self->talking ? _("Stop listening") : _("Start listening");
      tooltip = _("Press once to keep the microphone open; a pause ends each sentence");
    }
  else
    {
      label = self->talking ? _("Release to Send") : _("Hold to Talk");
      accessible = self->talking ? _("Stop talking and send") : _("Talk");
      tooltip = _("Hold to talk, or press Space to start and again to stop");
    }
  gtk_label_set_label (self->talk_label, label);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->talk_button), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->talk_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

void
_galley_voice_panel_notify_hands_free (GalleyVoicePanel *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HANDS_FREE]);
}

void
_galley_voice_panel_show_stop (GalleyVoicePanel *self,
                               gboolean          shown)
{
  gtk_widget_set_visible (GTK_WIDGET (self->stop_button), shown);
}

void
_galley_voice_panel_emit_review (GalleyVoicePanel *self,
                                 const char       *action)
{
  g_signal_emit (self, signals[REVIEW_REQUESTED], 0, action);
}

/* One row per utterance, keyed by the item it belongs to; fragments are appended. */
void
_galley_voice_panel_add_transcript (GalleyVoicePanel *self,
                                    gboolean          is_user,
                                    const char       *key,
                                    const char       *text,
                                    gboolean          final)
{
  GtkLabel *label = key != NULL ? g_hash_table_lookup (self->transcript_rows, key) : NULL;
  g_autofree char *who = NULL;
  g_autofree char *full = NULL;
  GtkAdjustment *adjustment;

  if (label == NULL)
    {
      GtkWidget *row;

      label = GTK_LABEL (gtk_label_new (NULL));
      gtk_label_set_xalign (label, 0.0);
      gtk_label_set_wrap (label, TRUE);
      gtk_label_set_selectable (label, FALSE);
      gtk_widget_add_css_class (GTK_WIDGET (label), is_user ? "voice-user" : "voice-model");
      row = gtk_list_box_row_new ();
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), GTK_WIDGET (label));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_append (self->transcript, row);
      self->n_rows++;
      g_object_set_data (G_OBJECT (label), "galley-is-user", GINT_TO_POINTER (is_user));
      if (key != NULL)
        g_hash_table_insert (self->transcript_rows, g_strdup (key), label);

      /* the pane keeps the last rows of the order, not the whole shift */
      while (self->n_rows > GALLEY_VOICE_PANEL_MAX_ROWS)
        {
          GtkWidget *first = gtk_widget_get_first_child (GTK_WIDGET (self->transcript));
          GtkWidget *first_label = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (first));
          GHashTableIter iter;
          gpointer value;

          g_hash_table_iter_init (&iter, self->transcript_rows);
          while (g_hash_table_iter_next (&iter, NULL, &value))
            if (value == first_label)
              g_hash_table_iter_remove (&iter);
          gtk_list_box_remove (self->transcript, first);
          self->n_rows--;
        }
    }

  if (final)
    full = g_strdup (text);
  else
    {
      const char *before = g_object_get_data (G_OBJECT (label), "galley-text");

      full = g_strconcat (before != NULL ? before : "", text, NULL);
    }
  g_object_set_data_full (G_OBJECT (label), "galley-text", g_strdup (full), g_free);

  /* TRANSLATORS: a line of the voice transcript; %s is what was said */
  who = g_strdup_printf (is_user ? _("You: %s") : _("Galley: %s"), full);
  gtk_label_set_label (label, who);

  adjustment = gtk_scrolled_window_get_vadjustment (self->transcript_scroll);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
}

void
_galley_voice_panel_clear_transcript (GalleyVoicePanel *self)
{
  GtkWidget *child;

  g_hash_table_remove_all (self->transcript_rows);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->transcript))) != NULL)
    gtk_list_box_remove (self->transcript, child);
  self->n_rows = 0;
}

static void
stop_clicked_cb (GalleyVoicePanel *self)
{
  _galley_voice_panel_engine_cancel_reply (self);
}

static void
dismiss_clicked_cb (GalleyVoicePanel *self)
{
  _galley_voice_panel_set_problem (self, NULL);
}

static void
retry_clicked_cb (GalleyVoicePanel *self)
{
  _galley_voice_panel_set_problem (self, NULL);
  _galley_voice_panel_engine_retry (self);
}

/* ------------------------------------------------------------------ GObject */

static void
galley_voice_panel_constructed (GObject *object)
{
  GalleyVoicePanel *self = GALLEY_VOICE_PANEL (object);

  G_OBJECT_CLASS (galley_voice_panel_parent_class)->constructed (object);

  _galley_voice_panel_handsfree_init (self);
}

static void
galley_voice_panel_dispose (GObject *object)
{
  GalleyVoicePanel *self = GALLEY_VOICE_PANEL (object);

  /* 1-5: the microphone, the session, the speaker, the recogniser (engine) */
  _galley_voice_panel_engine_dispose (self);

  /* 6. the template's widgets, then references */
  gtk_widget_dispose_template (GTK_WIDGET (self), GALLEY_TYPE_VOICE_PANEL);
  g_clear_pointer (&self->root, gtk_widget_unparent);
  g_clear_object (&self->cart);
  g_clear_object (&self->services);

  G_OBJECT_CLASS (galley_voice_panel_parent_class)->dispose (object);
}

static void
galley_voice_panel_finalize (GObject *object)
{
  GalleyVoicePanel *self = GALLEY_VOICE_PANEL (object);

  g_hash_table_unref (self->transcript_rows);
  g_free (self->status);
  g_free (self->problem);
  g_free (self->realtime_url);
  g_free (self->offline_model_dir);

  G_OBJECT_CLASS (galley_voice_panel_parent_class)->finalize (object);
}

static void
galley_voice_panel_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  GalleyVoicePanel *self = GALLEY_VOICE_PANEL (object);

  switch (prop_id)
    {
    case PROP_SERVICES:
      g_value_set_object (value, self->services);
      break;

    case PROP_CART:
      g_value_set_object (value, self->cart);
      break;

    case PROP_MODE:
      g_value_set_int (value, self->mode);
      break;

    case PROP_TALKING:
      g_value_set_boolean (value, self->talking);
      break;

    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;

    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;
    case PROP_HANDS_FREE:
      g_value_set_boolean (value, self->hands_free);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_voice_panel_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  GalleyVoicePanel *self = GALLEY_VOICE_PANEL (object);

  switch (prop_id)
    {
    case PROP_SERVICES:
      self->services = g_value_dup_object (value);
      break;

    case PROP_CART:
      galley_voice_panel_set_cart (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_voice_panel_class_init (GalleyVoicePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = galley_voice_panel_constructed;
  object_class->dispose = galley_voice_panel_dispose;
  object_class->finalize = galley_voice_panel_finalize;
  object_class->get_property = galley_voice_panel_get_property;
  object_class->set_property = galley_voice_panel_set_property;

  properties[PROP_SERVICES] =
    g_param_spec_object ("services", NULL, NULL, GALLEY_TYPE_SERVICES,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CART] =
    g_param_spec_object ("cart", NULL, NULL, GALLEY_TYPE_CART,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODE] =
    g_param_spec_int ("mode", NULL, NULL, GALLEY_VOICE_MODE_NONE, GALLEY_VOICE_MODE_OFFLINE,
                      GALLEY_VOICE_MODE_NONE,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TALKING] =
    g_param_spec_boolean ("talking", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* GSettings "voice-hands-free", followed at once (even mid-session) */
  properties[PROP_HANDS_FREE] =
    g_param_spec_boolean ("hands-free", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GalleyVoicePanel::review-requested:
   * @action: "review", "checkout" or "cancel", from confirm_order; nothing was submitted
   *
   * The counter opens its review; the cashier sends the order.
   */
  signals[REVIEW_REQUESTED] = g_signal_new ("review-requested", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/galleypos/Galley/voice/galley-voice-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, GalleyVoicePanel, root);
  gtk_widget_class_bind_template_child (widget_class, GalleyVoicePanel, talk_button);
  gtk_widget_class_bind_template_child (widget_class, GalleyVoicePanel, talk_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyVoicePanel, hands_free_switch);
  gtk_widget_class_bind_template_child (widget_class, GalleyVoicePanel, status_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyVoicePanel, level_bar);
  gtk_widget_class_bind_template_child (widget_class, GalleyVoicePanel, stop_button);
  gtk_widget_class_bind_template_child (widget_class, GalleyVoicePanel, problem_revealer);
  gtk_widget_class_bind_template_child (widget_class, GalleyVoicePanel, problem_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyVoicePanel, transcript_scroll);
  gtk_widget_class_bind_template_child (widget_class, GalleyVoicePanel, transcript);
  gtk_widget_class_bind_template_callback (widget_class, stop_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, dismiss_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "voicepanel");
}

static void
galley_voice_panel_init (GalleyVoicePanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->transcript_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  _galley_voice_panel_talk_init (self);

  _galley_voice_panel_set_status (self, _("Voice is ready. Hold the button and speak."));
}

/* ------------------------------------------------------------------ public */

/**
 * galley_voice_panel_new:
 * @services: the application's services (network, sound, menu, settings)
 * @cart: (nullable): the order in progress
 *
 * Returns: (transfer floating): a voice panel
 */
GtkWidget *
galley_voice_panel_new (GalleyServices *services,
                        GalleyCart     *cart)
{
  g_return_val_if_fail (GALLEY_IS_SERVICES (services), NULL);
  g_return_val_if_fail (cart == NULL || GALLEY_IS_CART (cart), NULL);

  return g_object_new (GALLEY_TYPE_VOICE_PANEL, "services", services, "cart", cart, NULL);
}

/**
 * galley_voice_panel_set_cart:
 * @cart: (nullable): the order the cashier is building now
 *
 * A new order after a submit: the transcript starts again, the session is told.
 */
void
galley_voice_panel_set_cart (GalleyVoicePanel *self,
                             GalleyCart       *cart)
{
  g_return_if_fail (GALLEY_IS_VOICE_PANEL (self));
  g_return_if_fail (cart == NULL || GALLEY_IS_CART (cart));

  if (!g_set_object (&self->cart, cart))
    return;

  _galley_voice_panel_clear_transcript (self);
  _galley_voice_panel_engine_cart_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CART]);
}

/**
 * galley_voice_panel_new_order:
 *
 * The order was sent and its cart cleared for the next one: the transcript starts again and
 * the model forgets the last order's items.
 */
void
galley_voice_panel_new_order (GalleyVoicePanel *self)
{
  g_return_if_fail (GALLEY_IS_VOICE_PANEL (self));

  _galley_voice_panel_clear_transcript (self);
  _galley_voice_panel_engine_cart_changed (self);
}

GalleyVoiceMode
galley_voice_panel_get_mode (GalleyVoicePanel *self)
{
  g_return_val_if_fail (GALLEY_IS_VOICE_PANEL (self), GALLEY_VOICE_MODE_NONE);

  return self->mode;
}

gboolean
galley_voice_panel_get_talking (GalleyVoicePanel *self)
{
  g_return_val_if_fail (GALLEY_IS_VOICE_PANEL (self), FALSE);

  return self->talking;
}

const char *
galley_voice_panel_get_status (GalleyVoicePanel *self)
{
  g_return_val_if_fail (GALLEY_IS_VOICE_PANEL (self), NULL);

  return self->status;
}

const char *
galley_voice_panel_get_problem (GalleyVoicePanel *self)
{
  g_return_val_if_fail (GALLEY_IS_VOICE_PANEL (self), NULL);

  return self->problem;
}

guint
galley_voice_panel_get_n_transcript_rows (GalleyVoicePanel *self)
{
  g_return_val_if_fail (GALLEY_IS_VOICE_PANEL (self), 0);

  return self->n_rows;
}

/**
 * galley_voice_panel_start_talking:
 *
 * The talk button is down: the microphone opens (the reply playing stops, V-1).
 */
void
galley_voice_panel_start_talking (GalleyVoicePanel *self)
{
  g_return_if_fail (GALLEY_IS_VOICE_PANEL (self));

  if (self->talking)
    return;

  _galley_voice_panel_engine_start (self);
}

/**
 * galley_voice_panel_stop_talking:
 *
 * The talk button is up: what was said is sent (online) or recognised (offline).
 */
void
galley_voice_panel_stop_talking (GalleyVoicePanel *self)
{
  g_return_if_fail (GALLEY_IS_VOICE_PANEL (self));

  if (!self->talking)
    return;

  _galley_voice_panel_engine_stop (self);
}

gboolean
galley_voice_panel_get_hands_free (GalleyVoicePanel *self)
{
  g_return_val_if_fail (GALLEY_IS_VOICE_PANEL (self), FALSE);

  return self->hands_free;
}

guint
galley_voice_panel_get_n_utterances (GalleyVoicePanel *self)
{
  g_return_val_if_fail (GALLEY_IS_VOICE_PANEL (self), 0);

  return self->n_utterances;
}

void
galley_voice_panel_set_realtime_url (GalleyVoicePanel *self,
                                     const char       *url)
{
  g_return_if_fail (GALLEY_IS_VOICE_PANEL (self));

  g_free (self->realtime_url);
  self->realtime_url = g_strdup (url);
}

void
galley_voice_panel_set_offline_model_dir (GalleyVoicePanel *self,
                                          const char       *model_dir)
{
  g_return_if_fail (GALLEY_IS_VOICE_PANEL (self));

  g_free (self->offline_model_dir);
  self->offline_model_dir = g_strdup (model_dir);
}
