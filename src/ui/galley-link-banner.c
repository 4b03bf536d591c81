/* galley-link-banner.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The banner every order screen shows while the order feed is not live (K-20): offline with
 * the retry countdown and the age of the last update, a Retry button, and — when the server
 * refused the sign-in — a request to sign in again instead of a retry loop (R-RECON-3).
 * Changes waiting in the outbox are counted, so the cook knows nothing was lost. The view
 * that holds the banner calls galley_link_banner_refresh() on each clock tick for the
 * countdown; state changes update it at once.
 */
#define G_LOG_DOMAIN "galley-link-banner"

#include "config.h"

#include <glib/gi18n.h>

#include "ui/galley-link-banner.h"

struct _GalleyLinkBanner
{
  GtkWidget        parent_instance;

  GalleyOrderLink *link;
  GSignalGroup    *link_signals;
  GalleyOutbox    *outbox;
  GSignalGroup    *outbox_signals;
  char            *title;
  char            *detail;

  /* template */
  GtkWidget       *revealer;
  GtkWidget       *box;
  GtkImage        *icon;
  GtkLabel        *title_label;
  GtkLabel        *detail_label;
  GtkWidget       *retry_button;
  GtkWidget       *sign_in_button;
};

G_DEFINE_FINAL_TYPE (GalleyLinkBanner, galley_link_banner, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LINK,
  PROP_OUTBOX,
  PROP_SHOWN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * galley_link_dup_age_text:
 * @last_frame_us: monotonic time of the last frame, or 0 for never
 *
 * Returns: (transfer full): "Last update 12 s ago", "… 3 min ago", or "No update yet"
 */
char *
galley_link_dup_age_text (gint64 last_frame_us,
                          gint64 now_us)
{
  gint64 seconds;

  if (last_frame_us <= 0)
    return g_strdup (_("No update received yet"));

  seconds = MAX (now_us - last_frame_us, 0) / G_USEC_PER_SEC;
  if (seconds < 120)
    /* Translators: the age of the last message from the restaurant server */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Last update %d second ago",
                                         "Last update %d seconds ago", (gulong) seconds),
                            (int) seconds);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Last update %d minute ago",
                                       "Last update %d minutes ago", (gulong) (seconds / 60)),
                          (int) (seconds / 60));
}

static void
set_text (GalleyLinkBanner *self,
          const char       *title,
          const char       *detail)
{
  if (g_strcmp0 (self->title, title) != 0)
    {
      g_free (self->title);
      self->title = g_strdup (title);
      gtk_label_set_text (self->title_label, title != NULL ? title : "");
    }

  if (g_strcmp0 (self->detail, detail) != 0)
    {
      g_free (self->detail);
      self->detail = g_strdup (detail);
      gtk_label_set_text (self->detail_label, detail != NULL ? detail : "");
    }
}

static void
show (GalleyLinkBanner *self,
      gboolean          shown)
{
  if (gtk_revealer_get_reveal_child (GTK_REVEALER (self->revealer)) == shown)
    return;

  gtk_revealer_set_reveal_child (GTK_REVEALER (self->revealer), shown);
  /* a folded banner says nothing to a screen reader either (its alert would stay behind) */
  gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_HIDDEN, !shown, -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOWN]);
}

/**
 * galley_link_banner_refresh:
 *
 * Rewrites the banner from the link's state and the time now.
 */
void
galley_link_banner_refresh (GalleyLinkBanner *self)
{
  GalleyLinkState state;
  gint64 now = g_get_monotonic_time ();
  g_autofree char *age = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *waiting = NULL;
  guint depth;

  g_return_if_fail (GALLEY_IS_LINK_BANNER (self));

  if (self->link == NULL)
    {
      show (self, FALSE);
      return;
    }

  state = galley_order_link_get_state (self->link);
  age = galley_link_dup_age_text (galley_order_link_get_last_frame (self->link), now);
  depth = self->outbox != NULL ? galley_outbox_get_depth (self->outbox) : 0;
  if (depth > 0)
    /* Translators: status changes kept in the outbox until the server is back */
    waiting = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u change is waiting to be sent.",
                                            "%u changes are waiting to be sent.", depth), depth);

  gtk_widget_set_visible (self->retry_button,
                          state == GALLEY_LINK_WAITING || state == GALLEY_LINK_STOPPED);
  gtk_widget_set_visible (self->sign_in_button, state == GALLEY_LINK_AUTH_FAILED);
  gtk_widget_remove_css_class (self->box, "error");
  gtk_widget_remove_css_class (self->box, "info");

  switch (state)
    {
    case GALLEY_LINK_LIVE:
    case GALLEY_LINK_DISCONNECTED:
      show (self, FALSE);
      return;

    case GALLEY_LINK_CONNECTING:
    case GALLEY_LINK_AUTHENTICATING:
    case GALLEY_LINK_SYNCING:
      gtk_widget_add_css_class (self->box, "info");
      gtk_image_set_from_icon_name (self->icon, "network-wired-acquiring-symbolic");
      detail = g_strjoin (" ", age, waiting != NULL ? waiting : "", NULL);
      set_text (self, galley_order_link_get_last_frame (self->link) > 0
                      ? _("Reconnecting to the restaurant server…")
                      : _("Connecting to the restaurant server…"), g_strstrip (detail));
      break;

    case GALLEY_LINK_WAITING:
      {
        gint64 next = galley_order_link_get_next_retry (self->link);
        gint64 seconds = next > now ? (next - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC : 0;
        g_autofree char *retry = NULL;

        gtk_widget_add_css_class (self->box, "error");
        gtk_image_set_from_icon_name (self->icon, "network-wired-offline-symbolic");
        /* Translators: the countdown to the next connection attempt */
        retry = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Trying again in %d second.",
                                              "Trying again in %d seconds.", (gulong) seconds),
                                 (int) seconds);
        detail = g_strjoin (" ", retry, age, waiting != NULL ? waiting : "", NULL);
        set_text (self, _("Offline — changes are saved and will be sent"), g_strstrip (detail));
      }
      break;

    case GALLEY_LINK_STOPPED:
      gtk_widget_add_css_class (self->box, "error");
      gtk_image_set_from_icon_name (self->icon, "network-wired-disconnected-symbolic");
      detail = g_strjoin (" ", _("Galley stopped trying to reconnect."), age,
                          waiting != NULL ? waiting : "", NULL);
      set_text (self, _("Offline — changes are saved and will be sent"), g_strstrip (detail));
      break;

    case GALLEY_LINK_AUTH_FAILED:
    default:
      gtk_widget_add_css_class (self->box, "error");
      gtk_image_set_from_icon_name (self->icon, "system-users-symbolic");
      detail = g_strjoin (" ", _("Sign in again to receive orders. Changes made here are kept."),
                          waiting != NULL ? waiting : "", NULL);
      set_text (self, _("Signed out — new orders are not arriving"), g_strstrip (detail));
      break;
    }

  show (self, TRUE);
}

/**
 * galley_link_banner_dup_status:
 *
 * Returns: (transfer full): a short status for a header: "Live · last update 3 seconds ago"
 */
char *
galley_link_banner_dup_status (GalleyLinkBanner *self)
{
  g_autofree char *age = NULL;

  g_return_val_if_fail (GALLEY_IS_LINK_BANNER (self), NULL);

  if (self->link == NULL)
    return g_strdup (_("Not connected"));

  age = galley_link_dup_age_text (galley_order_link_get_last_frame (self->link),
                                  g_get_monotonic_time ());

  switch (galley_order_link_get_state (self->link))
    {
    case GALLEY_LINK_LIVE:
      /* Translators: the feed is live; %s is "Last update 3 seconds ago" */
      return g_strdup_printf (_("Live · %s"), age);

    case GALLEY_LINK_AUTH_FAILED:
      return g_strdup (_("Signed out"));

    case GALLEY_LINK_WAITING:
    case GALLEY_LINK_STOPPED:
      return g_strdup_printf (_("Offline · %s"), age);

    case GALLEY_LINK_CONNECTING:
    case GALLEY_LINK_AUTHENTICATING:
    case GALLEY_LINK_SYNCING:
      return g_strdup (_("Connecting…"));

    case GALLEY_LINK_DISCONNECTED:
    default:
      return g_strdup (_("Not connected"));
    }
}

static void
retry_clicked_cb (GalleyLinkBanner *self)
{
  if (self->link != NULL)
    galley_order_link_retry_now (self->link);
}

static void
galley_link_banner_dispose (GObject *object)
{
  GalleyLinkBanner *self = GALLEY_LINK_BANNER (object);

  /* 2. handlers on the link and the outbox, which outlive the banner */
  g_signal_group_set_target (self->link_signals, NULL);
  g_signal_group_set_target (self->outbox_signals, NULL);

  /* 5. references */
  g_clear_object (&self->link);
  g_clear_object (&self->outbox);

  /* 6. template */
  gtk_widget_dispose_template (GTK_WIDGET (self), GALLEY_TYPE_LINK_BANNER);

  G_OBJECT_CLASS (galley_link_banner_parent_class)->dispose (object);
}

static void
galley_link_banner_finalize (GObject *object)
{
  GalleyLinkBanner *self = GALLEY_LINK_BANNER (object);

  g_assert (self->link == NULL);
  g_clear_object (&self->link_signals);
  g_clear_object (&self->outbox_signals);
  g_free (self->title);
  g_free (self->detail);

  G_OBJECT_CLASS (galley_link_banner_parent_class)->finalize (object);
}

static void
galley_link_banner_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  GalleyLinkBanner *self = GALLEY_LINK_BANNER (object);

  switch (prop_id)
    {
    case PROP_LINK:
      g_value_set_object (value, self->link);
      break;

    case PROP_OUTBOX:
      g_value_set_object (value, self->outbox);
      break;

    case PROP_SHOWN:
      g_value_set_boolean (value, galley_link_banner_get_shown (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_link_banner_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  GalleyLinkBanner *self = GALLEY_LINK_BANNER (object);

  switch (prop_id)
    {
    case PROP_LINK:
      galley_link_banner_set_link (self, g_value_get_object (value));
      break;

    case PROP_OUTBOX:
      galley_link_banner_set_outbox (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_link_banner_class_init (GalleyLinkBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = galley_link_banner_dispose;
  object_class->finalize = galley_link_banner_finalize;
  object_class->get_property = galley_link_banner_get_property;
  object_class->set_property = galley_link_banner_set_property;

  properties[PROP_LINK] =
    g_param_spec_object ("link", NULL, NULL, GALLEY_TYPE_ORDER_LINK,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OUTBOX] =
    g_param_spec_object ("outbox", NULL, NULL, GALLEY_TYPE_OUTBOX,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOWN] =
    g_param_spec_boolean ("shown", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/galleypos/Galley/ui/galley-link-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, GalleyLinkBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, GalleyLinkBanner, box);
  gtk_widget_class_bind_template_child (widget_class, GalleyLinkBanner, icon);
  gtk_widget_class_bind_template_child (widget_class, GalleyLinkBanner, title_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyLinkBanner, detail_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyLinkBanner, retry_button);
  gtk_widget_class_bind_template_child (widget_class, GalleyLinkBanner, sign_in_button);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "linkbanner");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ALERT);
}

static void
galley_link_banner_init (GalleyLinkBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);

  self->link_signals = g_signal_group_new (GALLEY_TYPE_ORDER_LINK);
  g_signal_group_connect_swapped (self->link_signals, "notify::state",
                                  G_CALLBACK (galley_link_banner_refresh), self);
  g_signal_group_connect_swapped (self->link_signals, "notify::next-retry",
                                  G_CALLBACK (galley_link_banner_refresh), self);
  self->outbox_signals = g_signal_group_new (GALLEY_TYPE_OUTBOX);
  g_signal_group_connect_swapped (self->outbox_signals, "notify::depth",
                                  G_CALLBACK (galley_link_banner_refresh), self);
}

/**
 * galley_link_banner_new:
 *
 * Returns: (transfer floating): a banner, hidden until it has a link that is not live
 */
GtkWidget *
galley_link_banner_new (void)
{
  return g_object_new (GALLEY_TYPE_LINK_BANNER, NULL);
}

GalleyOrderLink *
galley_link_banner_get_link (GalleyLinkBanner *self)
{
  g_return_val_if_fail (GALLEY_IS_LINK_BANNER (self), NULL);

  return self->link;
}

void
galley_link_banner_set_link (GalleyLinkBanner *self,
                             GalleyOrderLink  *link)
{
  g_return_if_fail (GALLEY_IS_LINK_BANNER (self));
  g_return_if_fail (link == NULL || GALLEY_IS_ORDER_LINK (link));

  if (!g_set_object (&self->link, link))
    return;

  g_signal_group_set_target (self->link_signals, link);
  galley_link_banner_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINK]);
}

GalleyOutbox *
galley_link_banner_get_outbox (GalleyLinkBanner *self)
{
  g_return_val_if_fail (GALLEY_IS_LINK_BANNER (self), NULL);

  return self->outbox;
}

void
galley_link_banner_set_outbox (GalleyLinkBanner *self,
                               GalleyOutbox     *outbox)
{
  g_return_if_fail (GALLEY_IS_LINK_BANNER (self));
  g_return_if_fail (outbox == NULL || GALLEY_IS_OUTBOX (outbox));

  if (!g_set_object (&self->outbox, outbox))
    return;

  g_signal_group_set_target (self->outbox_signals, outbox);
  galley_link_banner_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTBOX]);
}

gboolean
galley_link_banner_get_shown (GalleyLinkBanner *self)
{
  g_return_val_if_fail (GALLEY_IS_LINK_BANNER (self), FALSE);

  return gtk_revealer_get_reveal_child (GTK_REVEALER (self->revealer));
}

const char *
galley_link_banner_get_title (GalleyLinkBanner *self)
{
  g_return_val_if_fail (GALLEY_IS_LINK_BANNER (self), NULL);

  return self->title;
}

const char *
galley_link_banner_get_detail (GalleyLinkBanner *self)
{
  g_return_val_if_fail (GALLEY_IS_LINK_BANNER (self), NULL);

  return self->detail;
}
