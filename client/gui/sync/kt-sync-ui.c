/* kt-sync-ui.c: sync in the main window
 *
 * KtApplication calls kt_sync_ui_install() for each window with a store;
 * everything sync adds to it (the indicator, the actions, the rejection
 * toasts, the first-start sign-in) is wired here, so the window shell
 * stays about windows and knows nothing of sync or accounts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-sync-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-account-ui.h"
#include "kt-sign-in-dialog.h"
#include "kt-sync-format.h"
#include "kt-sync-indicator.h"
#include "kt-sync-ui.h"
#include "kt-toast.h"

/* What the window's sync actions need, kept on the window. */
typedef struct {
  KtContext *context;
  gboolean   ask_sign_in;
} SyncUi;

#define SYNC_UI_KEY "kt-sync-ui"

static void
sync_ui_free (SyncUi *ui)
{
  g_clear_object (&ui->context);
  g_free (ui);
}

static SyncUi *
window_sync_ui (GtkWidget *window)
{
  SyncUi *ui = g_object_get_data (G_OBJECT (window), SYNC_UI_KEY);

  g_assert (ui != NULL);
  return ui;
}

static KtContext *
window_context (GtkWidget *window)
{
  return window_sync_ui (window)->context;
}

static KtSyncEngine *
window_engine (GtkWidget *window)
{
  return kt_context_get_sync_engine (window_context (window));
}

static void
update_actions (GtkWidget *window)
{
  KtSyncEngine *engine = window_engine (window);
  GAction *action;

  action = g_action_map_lookup_action (G_ACTION_MAP (window), "sync-now");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), kt_sync_engine_is_connected (engine));
  action = g_action_map_lookup_action (G_ACTION_MAP (window), "log-out");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), kt_sync_engine_is_connected (engine));
}

static void
on_sync_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  /* The indicator shows the outcome (state and last error); nothing to
   * add here but a trace for the log. */
  if (!kt_sync_engine_sync_now_finish (KT_SYNC_ENGINE (source), result, &error))
    g_debug ("Sync now: %s", error->message);
}

static void
sync_now_activated (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  KtSyncEngine *engine = window_engine (GTK_WIDGET (user_data));

  kt_sync_engine_sync_now_async (engine, NULL, on_sync_done_cb, NULL);
}

static void
sign_in_activated (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  GtkWidget *window = GTK_WIDGET (user_data);

  kt_sign_in_dialog_present (GTK_WINDOW (window), window_context (window));
}

static void
log_out_activated (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  GtkWidget *window = GTK_WIDGET (user_data);

  kt_account_confirm_log_out (GTK_WINDOW (window), window_context (window));
}

static void
on_mutation_rejected_cb (KtSyncEngine *engine,
                         const char   *entity,
                         const char   *record_id,
                         const char   *title,
                         const char   *reason_code,
                         const char   *message,
                         GtkWidget    *window)
{
  GPtrArray *rejections = kt_sync_engine_get_rejections (engine);
  KtSyncRejection *last = rejections->len > 0 ? g_ptr_array_index (rejections, rejections->len - 1) : NULL;
  gboolean over_limit = g_strcmp0 (reason_code, "plan_limit") == 0;
  g_autofree char *text = over_limit
                          ? kt_sync_format_over_limit (title, last != NULL ? last->field : NULL)
                          : kt_sync_format_rejection (title, reason_code, message);
  AdwToast *toast = adw_toast_new (text);

  /* The change is gone from this computer, or kept there over the
   * plan's limit: the person must get to read why, so the toast stays
   * until dismissed; over the limit, it leads to the plans. */
  adw_toast_set_timeout (toast, 0);
  if (over_limit)
    {
      adw_toast_set_button_label (toast, _("_Upgrade…"));
      adw_toast_set_action_name (toast, "win.show-section");
      adw_toast_set_action_target_value (toast, g_variant_new_string ("billing"));
    }
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  kt_widget_add_toast (window, toast);
}

static void
on_mutation_superseded_cb (KtSyncEngine       *engine,
                           const char         *entity,
                           const char         *record_id,
                           const char         *title,
                           const char * const *fields,
                           GtkWidget          *window)
{
  g_autofree char *text = kt_sync_format_superseded (entity, title, fields);
  AdwToast *toast = adw_toast_new (text);

  /* The record shows the winning values already; a person who typed the
   * other one must get to read why it changed. */
  adw_toast_set_timeout (toast, 0);
  kt_widget_add_toast (window, toast);
}

static void
on_engine_notify_cb (KtSyncEngine *engine,
                     GParamSpec   *pspec,
                     GtkWidget    *window)
{
  update_actions (window);
}

static gboolean
ask_sign_in_cb (gpointer user_data)
{
  GtkWidget *window = user_data;

  if (gtk_widget_get_mapped (window))
    gtk_widget_activate_action (window, "win.sign-in", NULL);
  return G_SOURCE_REMOVE;
}

static void
on_window_map_cb (GtkWidget *window)
{
  SyncUi *ui = window_sync_ui (window);
  KtContext *context = ui->context;

  g_signal_handlers_disconnect_by_func (window, on_window_map_cb, NULL);

  /* The engine syncs on changes and every minute; a start should not wait
   * that long to show what the team did meanwhile. */
  if (kt_sync_engine_is_connected (kt_context_get_sync_engine (context)) &&
      kt_sync_engine_get_auto_sync (kt_context_get_sync_engine (context)))
    kt_sync_engine_sync_now_async (kt_context_get_sync_engine (context), NULL, on_sync_done_cb, NULL);

  if (ui->ask_sign_in && kt_account_should_ask (context))
    g_idle_add_full (G_PRIORITY_LOW, ask_sign_in_cb, g_object_ref (window), g_object_unref);
}

/**
 * kt_sync_ui_install:
 * @window: the main window
 * @context: its context
 * @ask_sign_in: whether a first start opens the sign-in screen
 *
 * Returns: (transfer floating): the sync indicator for the header
 */
GtkWidget *
kt_sync_ui_install (GtkApplicationWindow *window,
                    KtContext            *context,
                    gboolean              ask_sign_in)
{
  static const GActionEntry actions[] = {
    { "sync-now", sync_now_activated },
    { "sign-in", sign_in_activated },
    { "log-out", log_out_activated },
  };
  SyncUi *ui;
  KtSyncEngine *engine;
  GtkEventController *shortcuts;

  g_return_val_if_fail (GTK_IS_APPLICATION_WINDOW (window), NULL);
  g_return_val_if_fail (KT_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (g_object_get_data (G_OBJECT (window), SYNC_UI_KEY) == NULL, NULL);

  ui = g_new0 (SyncUi, 1);
  ui->context = g_object_ref (context);
  ui->ask_sign_in = !!ask_sign_in;
  g_object_set_data_full (G_OBJECT (window), SYNC_UI_KEY, ui, (GDestroyNotify) sync_ui_free);
  engine = kt_context_get_sync_engine (context);

  g_action_map_add_action_entries (G_ACTION_MAP (window), actions, G_N_ELEMENTS (actions), window);
  update_actions (GTK_WIDGET (window));

  /* F5 already reloads the pane; Ctrl+R is free. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_r, GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("win.sync-now")));
  gtk_widget_add_controller (GTK_WIDGET (window), shortcuts);

  g_signal_connect_object (engine, "mutation-rejected", G_CALLBACK (on_mutation_rejected_cb), window, 0);
  g_signal_connect_object (engine, "mutation-superseded", G_CALLBACK (on_mutation_superseded_cb), window, 0);
  g_signal_connect_object (engine, "notify::state", G_CALLBACK (on_engine_notify_cb), window, 0);
  g_signal_connect_object (engine, "notify::server-url", G_CALLBACK (on_engine_notify_cb), window, 0);
  g_signal_connect (window, "map", G_CALLBACK (on_window_map_cb), NULL);

  return kt_sync_indicator_new (engine);
}
