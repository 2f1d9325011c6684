/* kt-sync-indicator.c: the header bar's sync state at a glance
 *
 * A menu button that shows the state in a word or two (and the progress
 * of a long pull), with a popover that says more: when the last sync was,
 * why it failed, which account this is, and the Sync Now, Sign In and Log
 * Out actions of the window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-sync-indicator"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-sync-format.h"
#include "kt-sync-indicator.h"

/* Relative times ("5 minutes ago") go stale: say them again this often. */
#define REFRESH_SECONDS 30

struct _KtSyncIndicator
{
  GtkWidget     parent_instance;

  KtSyncEngine *engine;
  char         *detail;
  guint         refresh_id;

  /* Template children */
  GtkMenuButton  *button;
  GtkPopover     *popover;
  GtkStack       *icon_stack;
  GtkImage       *state_image;
  GtkSpinner     *spinner;
  GtkLabel       *state_label;
  GtkLabel       *title_label;
  GtkLabel       *detail_label;
  GtkProgressBar *progress_bar;
  GtkLabel       *account_label;
  GtkWidget      *sync_button;
  GtkWidget      *sign_in_button;
  GtkWidget      *log_out_button;
  GtkWidget      *profile_button;
};

G_DEFINE_FINAL_TYPE (KtSyncIndicator, kt_sync_indicator, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ENGINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update (KtSyncIndicator *self)
{
  KtSyncState state = kt_sync_engine_get_state (self->engine);
  gboolean connected = kt_sync_engine_is_connected (self->engine);
  gint64 done = kt_sync_engine_get_progress_done (self->engine);
  gint64 total = kt_sync_engine_get_progress_total (self->engine);
  const char *icon_name = NULL;
  const char *email = kt_sync_engine_get_email (self->engine);
  const char *server = kt_sync_engine_get_server_url (self->engine);
  g_autofree char *label = NULL;
  g_autofree char *account = NULL;

  g_clear_pointer (&self->detail, g_free);
  label = kt_sync_format_state (self->engine, &icon_name, &self->detail);

  gtk_label_set_label (self->state_label, label);
  gtk_image_set_from_icon_name (self->state_image, icon_name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), self->detail);
  gtk_label_set_label (self->title_label, label);
  gtk_label_set_label (self->detail_label, self->detail);

  if (state == KT_SYNC_STATE_SYNCING)
    {
      gtk_spinner_start (self->spinner);
      gtk_stack_set_visible_child_name (self->icon_stack, "spinner");
    }
  else
    {
      gtk_spinner_stop (self->spinner);
      gtk_stack_set_visible_child_name (self->icon_stack, "icon");
    }

  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar),
                          state == KT_SYNC_STATE_SYNCING && total > 0);
  if (total > 0)
    gtk_progress_bar_set_fraction (self->progress_bar, CLAMP ((double) done / (double) total, 0.0, 1.0));

  /* Error and offline are worth a look; the rest is calm. */
  if (state == KT_SYNC_STATE_ERROR || state == KT_SYNC_STATE_NEEDS_UPDATE ||
      (state == KT_SYNC_STATE_SIGNED_OUT && connected))
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "warning");

  if (connected && email != NULL)
    /* Translators: %1$s is an email address, %2$s a server address */
    account = g_strdup_printf (_("Signed in as %1$s on %2$s"), email, server);
  else if (connected)
    /* Translators: %s is a server address */
    account = g_strdup_printf (_("Connected to %s"), server);
  gtk_label_set_label (self->account_label, account);
  gtk_widget_set_visible (GTK_WIDGET (self->account_label), account != NULL);

  gtk_widget_set_visible (self->sync_button, connected);
  gtk_widget_set_visible (self->sign_in_button, !connected || state == KT_SYNC_STATE_SIGNED_OUT);
  gtk_widget_set_visible (self->log_out_button, connected);
  gtk_widget_set_visible (self->profile_button, connected);

  /* The one thing that can help is the suggested button and what Enter
   * in the popover does: signed out, a sync can only fail again, so Sign
   * In is; signed in, Sync Now is. */
  if (gtk_widget_get_visible (self->sign_in_button))
    {
      gtk_widget_remove_css_class (self->sync_button, "suggested-action");
      gtk_widget_add_css_class (self->sign_in_button, "suggested-action");
      gtk_popover_set_default_widget (self->popover, self->sign_in_button);
    }
  else
    {
      gtk_widget_remove_css_class (self->sign_in_button, "suggested-action");
      gtk_widget_add_css_class (self->sync_button, "suggested-action");
      gtk_popover_set_default_widget (self->popover, self->sync_button);
    }
}

/* The popover opens with the keyboard on its default button, so Enter
 * does what the popover suggests (it started on Sync Now, the first
 * button, even when signed out). */
static void
on_popover_map_cb (KtSyncIndicator *self,
                   GtkPopover      *popover)
{
  GtkWidget *button = gtk_widget_get_visible (self->sign_in_button) ? self->sign_in_button
                                                                     : self->sync_button;

  gtk_widget_grab_focus (button);
}

/* The popover closes before the window it launches opens: left open, it
 * stayed above the sign-in dialog (a popover is a surface of its own). */
static void
popdown_and_activate (KtSyncIndicator *self,
                      const char      *action)
{
  gtk_popover_popdown (self->popover);
  gtk_widget_activate_action (GTK_WIDGET (self), action, NULL);
}

static void
on_sign_in_clicked_cb (KtSyncIndicator *self,
                       GtkButton       *button)
{
  popdown_and_activate (self, "win.sign-in");
}

static void
on_log_out_clicked_cb (KtSyncIndicator *self,
                       GtkButton       *button)
{
  popdown_and_activate (self, "win.log-out");
}

static void
on_engine_notify_cb (KtSyncIndicator *self,
                     GParamSpec      *pspec,
                     KtSyncEngine    *engine)
{
  update (self);
}

static gboolean
on_refresh_timeout_cb (gpointer user_data)
{
  update (KT_SYNC_INDICATOR (user_data));
  return G_SOURCE_CONTINUE;
}

static void
kt_sync_indicator_constructed (GObject *object)
{
  KtSyncIndicator *self = KT_SYNC_INDICATOR (object);

  G_OBJECT_CLASS (kt_sync_indicator_parent_class)->constructed (object);

  g_assert (KT_IS_SYNC_ENGINE (self->engine));
  g_signal_connect_object (self->engine, "notify", G_CALLBACK (on_engine_notify_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->popover, "map", G_CALLBACK (on_popover_map_cb),
                           self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  self->refresh_id = g_timeout_add_seconds (REFRESH_SECONDS, on_refresh_timeout_cb, self);
  update (self);
}

static void
kt_sync_indicator_dispose (GObject *object)
{
  KtSyncIndicator *self = KT_SYNC_INDICATOR (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), KT_TYPE_SYNC_INDICATOR);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (kt_sync_indicator_parent_class)->dispose (object);
}

static void
kt_sync_indicator_finalize (GObject *object)
{
  KtSyncIndicator *self = KT_SYNC_INDICATOR (object);

  g_clear_pointer (&self->detail, g_free);

  G_OBJECT_CLASS (kt_sync_indicator_parent_class)->finalize (object);
}

static void
kt_sync_indicator_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KtSyncIndicator *self = KT_SYNC_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_sync_indicator_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  KtSyncIndicator *self = KT_SYNC_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      self->engine = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_sync_indicator_class_init (KtSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kt_sync_indicator_constructed;
  object_class->dispose = kt_sync_indicator_dispose;
  object_class->finalize = kt_sync_indicator_finalize;
  object_class->get_property = kt_sync_indicator_get_property;
  object_class->set_property = kt_sync_indicator_set_property;

  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL, KT_TYPE_SYNC_ENGINE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/kantora/Kantora/sync/kt-sync-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, KtSyncIndicator, button);
  gtk_widget_class_bind_template_child (widget_class, KtSyncIndicator, popover);
  gtk_widget_class_bind_template_child (widget_class, KtSyncIndicator, icon_stack);
  gtk_widget_class_bind_template_child (widget_class, KtSyncIndicator, state_image);
  gtk_widget_class_bind_template_child (widget_class, KtSyncIndicator, spinner);
  gtk_widget_class_bind_template_child (widget_class, KtSyncIndicator, state_label);
  gtk_widget_class_bind_template_child (widget_class, KtSyncIndicator, title_label);
  gtk_widget_class_bind_template_child (widget_class, KtSyncIndicator, detail_label);
  gtk_widget_class_bind_template_child (widget_class, KtSyncIndicator, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, KtSyncIndicator, account_label);
  gtk_widget_class_bind_template_child (widget_class, KtSyncIndicator, sync_button);
  gtk_widget_class_bind_template_child (widget_class, KtSyncIndicator, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, KtSyncIndicator, log_out_button);
  gtk_widget_class_bind_template_child (widget_class, KtSyncIndicator, profile_button);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_in_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_log_out_clicked_cb);
}

static void
kt_sync_indicator_init (KtSyncIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * kt_sync_indicator_new:
 * @engine: the engine to show
 *
 * Returns: (transfer floating): a new indicator
 */
GtkWidget *
kt_sync_indicator_new (KtSyncEngine *engine)
{
  g_return_val_if_fail (KT_IS_SYNC_ENGINE (engine), NULL);

  return g_object_new (KT_TYPE_SYNC_INDICATOR, "engine", engine, NULL);
}

KtSyncEngine *
kt_sync_indicator_get_engine (KtSyncIndicator *self)
{
  g_return_val_if_fail (KT_IS_SYNC_INDICATOR (self), NULL);

  return self->engine;
}

const char *
kt_sync_indicator_get_label (KtSyncIndicator *self)
{
  g_return_val_if_fail (KT_IS_SYNC_INDICATOR (self), NULL);

  return gtk_label_get_label (self->state_label);
}

const char *
kt_sync_indicator_get_detail (KtSyncIndicator *self)
{
  g_return_val_if_fail (KT_IS_SYNC_INDICATOR (self), NULL);

  return self->detail;
}
