/* kt-application.c: the Kantora desktop application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-application"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-application.h"
#include "kt-custom-fields-page.h"
#include "kt-import-export.h"
#include "kt-preferences-window.h"
#include "kt-sign-in-dialog.h"
#include "kt-sync-ui.h"
#include "kt-task-notifications.h"
#include "kt-team-join.h"
#include "kt-window.h"

struct _KtApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  KtContext      *context;
  char           *store_path;
  char           *section;
  gboolean        demo;
  gboolean        ask_sign_in;
  KtSecrets      *secrets;
  gboolean        measure_first_frame;
  gint64          start_time_us;
};

G_DEFINE_FINAL_TYPE (KtApplication, kt_application, ADW_TYPE_APPLICATION)

static void
apply_color_scheme (KtApplication *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  g_autofree char *scheme = g_settings_get_string (self->settings, "color-scheme");

  if (g_strcmp0 (scheme, "light") == 0)
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  else if (g_strcmp0 (scheme, "dark") == 0)
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  else
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
}

static void
on_color_scheme_changed_cb (KtApplication *self,
                            const char    *key,
                            GSettings     *settings)
{
  apply_color_scheme (self);
}

static gboolean
quit_after_measure_cb (gpointer data)
{
  g_application_quit (G_APPLICATION (data));
  return G_SOURCE_REMOVE;
}

static void
on_first_frame_cb (GdkFrameClock *clock,
                   KtApplication *self)
{
  gint64 elapsed = g_get_monotonic_time () - self->start_time_us;

  g_signal_handlers_disconnect_by_func (clock, on_first_frame_cb, self);
  g_print ("ui.first_frame: %.1f ms\n", elapsed / 1000.0);
  g_idle_add_full (G_PRIORITY_DEFAULT, quit_after_measure_cb, g_object_ref (self), g_object_unref);
}

static void
on_window_realize_cb (GtkWidget     *window,
                      KtApplication *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_first_frame_cb), self, 0);
}

static void
on_demo_filled_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(KtWindow) window = user_data;
  g_autoptr(GError) error = NULL;

  if (!kt_context_fill_demo_finish (KT_CONTEXT (object), result, &error))
    {
      /* Demo data is a courtesy: an empty CRM still works. */
      g_warning ("Could not fill the demo data: %s", error->message);
    }

  kt_window_set_loading (window, FALSE);
}

static void
kt_application_activate (GApplication *app)
{
  KtApplication *self = KT_APPLICATION (app);
  g_autoptr(KtStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  path = kt_context_dup_store_path (self->settings, self->store_path);
  store = kt_store_open (path, &error);

  if (store == NULL)
    {
      /* The file stays as it is: kt_store_open() never writes to a file it
       * refuses. Tell the person what and where. */
      window = GTK_WINDOW (kt_window_new (GTK_APPLICATION (self), NULL));
      kt_window_show_store_error (KT_WINDOW (window), path, error);
    }
  else
    {
      g_clear_object (&self->context);
      self->context = kt_context_new (self->settings, store);
      if (self->secrets != NULL)
        kt_context_set_secrets (self->context, self->secrets);
      /* Task reminders run from the start, not only once Tasks is shown. */
      kt_task_notifications_install (self->context, G_APPLICATION (self));
      window = GTK_WINDOW (kt_window_new (GTK_APPLICATION (self), self->context));
      /* The application, not the window, wires sync and accounts into the
       * window: the window shell then depends on no section, and the
       * sections may show toasts in it (kt-toast.h) without a loop. */
      kt_window_pack_end (KT_WINDOW (window),
                          kt_sync_ui_install (GTK_APPLICATION_WINDOW (window), self->context,
                                              self->ask_sign_in));

      if (self->demo && kt_context_store_is_empty (self->context))
        {
          kt_window_set_loading (KT_WINDOW (window), TRUE);
          kt_context_fill_demo_async (self->context, NULL,
                                      on_demo_filled_cb, g_object_ref (window));
        }
    }

  if (kt_window_get_context (KT_WINDOW (window)) != NULL)
    {
      if (self->section == NULL)
        kt_window_restore_section (KT_WINDOW (window));
      else if (!kt_window_show_section (KT_WINDOW (window), self->section))
        {
          g_printerr (_("There is no section “%s”.\n"), self->section);
          kt_window_restore_section (KT_WINDOW (window));
        }
    }

  if (self->measure_first_frame)
    g_signal_connect_object (window, "realize", G_CALLBACK (on_window_realize_cb), self, 0);

  gtk_window_present (window);
}

/* kantora://invite links (the desktop file's x-scheme-handler/kantora)
 * open the sign-in dialog's "Join a Team" with the link. */
static void
kt_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  KtApplication *self = KT_APPLICATION (app);
  GtkWindow *window;

  kt_application_activate (app);
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (self->context == NULL || !KT_IS_WINDOW (window))
    return;

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *uri = g_file_get_uri (files[i]);

      if (g_file_has_uri_scheme (files[i], KT_TEAM_LINK_SCHEME))
        kt_sign_in_dialog_set_invitation_link (kt_sign_in_dialog_present (window, self->context), uri);
      else
        g_printerr (_("Kantora opens invitation links (kantora://invite…), not “%s”.\n"), uri);
    }
}

static int
kt_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  KtApplication *self = KT_APPLICATION (app);
  const char *store = NULL;

  if (g_variant_dict_lookup (options, "version", "b", NULL))
    {
      g_print ("kantora %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "store", "^&ay", &store))
    {
      kt_application_set_store_path (self, store);
      /* Another store is another workspace: do not hand this request to an
       * instance that already runs on the default store. */
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }

  /* Shown on activation, once the window exists. */
  g_clear_pointer (&self->section, g_free);
  g_variant_dict_lookup (options, "section", "s", &self->section);

  if (g_variant_dict_lookup (options, "no-demo", "b", NULL))
    self->demo = FALSE;

  if (g_variant_dict_lookup (options, "measure-first-frame", "b", NULL))
    {
      self->measure_first_frame = TRUE;
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }

  return -1;
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  GtkApplication *app = user_data;
  g_autoptr(GList) windows = NULL;
  gboolean kept = FALSE;

  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    windows = g_list_prepend (windows, g_object_ref (l->data));

  /* Closing the windows lets them save their size and section, and lets
   * one with unsaved work (the template studio) keep itself open to ask
   * about it: then the application does not quit under its question, and
   * ends by itself once that window closes. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  for (GList *l = windows; l != NULL; l = l->next)
    {
      if (g_list_find (gtk_application_get_windows (app), l->data) != NULL &&
          gtk_widget_get_visible (l->data))
        kept = TRUE;
      g_object_unref (l->data);
    }

  if (!kept)
    g_application_quit (G_APPLICATION (app));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  KtApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  KtPreferencesWindow *prefs;

  prefs = kt_preferences_window_new (self->settings);
  if (self->context != NULL)
    adw_preferences_window_add (ADW_PREFERENCES_WINDOW (prefs),
                                ADW_PREFERENCES_PAGE (kt_custom_fields_page_new (kt_context_get_store (self->context))));
  gtk_window_set_transient_for (GTK_WINDOW (prefs), parent);
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
shortcuts_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  /* GtkApplication loads gtk/help-overlay.ui from our resources and gives
   * every application window this action and the Ctrl+? accelerator. */
  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  static const char *developers[] = { "The Kantora developers", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "application-name", _("Kantora"),
                        "application-icon", APPLICATION_ID,
                        "developer-name", _("The Kantora developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("A customer relationship manager that works offline"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: put your name here, one a line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "preferences", preferences_action },
  { "shortcuts", shortcuts_action },
  { "about", about_action },
};

static void
kt_application_startup (GApplication *app)
{
  KtApplication *self = KT_APPLICATION (app);
  static const char *quit_accels[] = { "<Primary>q", NULL };
  static const char *prefs_accels[] = { "<Primary>comma", NULL };

  G_APPLICATION_CLASS (kt_application_parent_class)->startup (app);

  gtk_window_set_default_icon_name (APPLICATION_ID);

  self->settings = g_settings_new (KT_SETTINGS_SCHEMA_ID);
  g_signal_connect_object (self->settings, "changed::color-scheme",
                           G_CALLBACK (on_color_scheme_changed_cb), self,
                           G_CONNECT_SWAPPED);
  apply_color_scheme (self);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  kt_import_export_add_actions (GTK_APPLICATION (self));
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", prefs_accels);
}

static void
kt_application_shutdown (GApplication *app)
{
  KtApplication *self = KT_APPLICATION (app);

  G_APPLICATION_CLASS (kt_application_parent_class)->shutdown (app);

  /* The windows' lists keep the store alive past the context, so it
   * would never save as it closes. */
  if (self->context != NULL)
    kt_context_shutdown (self->context);
  g_clear_object (&self->context);
}

static void
kt_application_finalize (GObject *object)
{
  KtApplication *self = (KtApplication *)object;

  g_clear_object (&self->context);
  g_clear_object (&self->secrets);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->store_path, g_free);
  g_clear_pointer (&self->section, g_free);

  G_OBJECT_CLASS (kt_application_parent_class)->finalize (object);
}

static void
kt_application_class_init (KtApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = kt_application_finalize;

  app_class->activate = kt_application_activate;
  app_class->open = kt_application_open;
  app_class->startup = kt_application_startup;
  app_class->shutdown = kt_application_shutdown;
  app_class->handle_local_options = kt_application_handle_local_options;
}

static void
kt_application_init (KtApplication *self)
{
  static const GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Open the store at PATH instead of the default one"), N_("PATH") },
    { "section", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Open the section ID (contacts, companies, deals…)"), N_("ID") },
    { "no-demo", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Do not fill an empty store with demo data"), NULL },
    { "measure-first-frame", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Print the time to the first frame of the window, then quit"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Print the version and quit"), NULL },
    { NULL }
  };

  self->demo = TRUE;
  self->ask_sign_in = TRUE;
  self->start_time_us = g_get_monotonic_time ();
  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

/**
 * kt_application_new:
 * @application_id: the D-Bus id
 * @flags: application flags (tests pass %G_APPLICATION_NON_UNIQUE)
 *
 * Returns: (transfer full): a new application
 */
KtApplication *
kt_application_new (const char        *application_id,
                    GApplicationFlags  flags)
{
  g_return_val_if_fail (application_id != NULL, NULL);

  /* The resources are under the same path whatever the id (.Devel, the
   * tests' ids): GtkApplication loads gtk/help-overlay.ui and AdwApplication
   * style.css from it during startup. */
  return g_object_new (KT_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", flags | G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/org/kantora/Kantora",
                       NULL);
}

void
kt_application_set_store_path (KtApplication *self,
                               const char    *path)
{
  g_return_if_fail (KT_IS_APPLICATION (self));

  g_free (self->store_path);
  self->store_path = g_strdup (path);
}

void
kt_application_set_demo (KtApplication *self,
                         gboolean       demo)
{
  g_return_if_fail (KT_IS_APPLICATION (self));

  self->demo = !!demo;
}

void
kt_application_set_secrets (KtApplication *self,
                            KtSecrets     *secrets)
{
  g_return_if_fail (KT_IS_APPLICATION (self));
  g_return_if_fail (KT_IS_SECRETS (secrets));

  g_set_object (&self->secrets, secrets);
}

void
kt_application_set_ask_sign_in (KtApplication *self,
                                gboolean       ask)
{
  g_return_if_fail (KT_IS_APPLICATION (self));

  self->ask_sign_in = !!ask;
}

KtContext *
kt_application_get_context (KtApplication *self)
{
  g_return_val_if_fail (KT_IS_APPLICATION (self), NULL);

  return self->context;
}

void
kt_application_set_start_time (KtApplication *self,
                               gint64         monotonic_us)
{
  g_return_if_fail (KT_IS_APPLICATION (self));

  self->start_time_us = monotonic_us;
}
