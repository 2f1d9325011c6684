/* kt-preferences-window.c: language, currency, server and appearance
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "kantora-shared.h"
#include "kt-preferences-window.h"

struct _KtPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  /* Template children */
  AdwComboRow          *language_row;
  AdwComboRow          *currency_row;
  AdwEntryRow          *server_row;
};

G_DEFINE_FINAL_TYPE (KtPreferencesWindow, kt_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The rows of the language combo, in order. */
static const char * const languages[] = { "", "bg", "en" };

static void
on_language_selected_cb (KtPreferencesWindow *self,
                         GParamSpec          *pspec,
                         AdwComboRow         *row)
{
  guint selected = adw_combo_row_get_selected (row);

  if (selected < G_N_ELEMENTS (languages))
    g_settings_set_string (self->settings, "language", languages[selected]);
}

static void
on_currency_selected_cb (KtPreferencesWindow *self,
                         GParamSpec          *pspec,
                         AdwComboRow         *row)
{
  const KtCurrency *all = kt_currency_all ();
  guint selected = adw_combo_row_get_selected (row);

  if (selected != GTK_INVALID_LIST_POSITION && all[selected].code != NULL)
    g_settings_set_string (self->settings, "default-currency", all[selected].code);
}

static void
on_server_apply_cb (KtPreferencesWindow *self,
                    AdwEntryRow         *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(GUri) uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
       g_strcmp0 (g_uri_get_scheme (uri), "https") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (row),
                                   _("Server Address: write an address such as https://crm.example.com"));
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (row), NULL);
  g_settings_set_string (self->settings, "server-url", text);
}

static void
load_settings (KtPreferencesWindow *self)
{
  g_autofree char *language = g_settings_get_string (self->settings, "language");
  g_autofree char *currency = g_settings_get_string (self->settings, "default-currency");
  g_autofree char *server = g_settings_get_string (self->settings, "server-url");
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GAction) scheme_action = NULL;
  g_autoptr(GtkStringList) currencies = gtk_string_list_new (NULL);
  const KtCurrency *all = kt_currency_all ();
  guint currency_index = 0;

  scheme_action = g_settings_create_action (self->settings, "color-scheme");
  g_action_map_add_action (G_ACTION_MAP (group), scheme_action);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "prefs", G_ACTION_GROUP (group));

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    if (g_strcmp0 (language, languages[i]) == 0)
      adw_combo_row_set_selected (self->language_row, i);

  for (guint i = 0; all[i].code != NULL; i++)
    {
      g_autofree char *item = g_strdup_printf ("%s (%s)", all[i].code, all[i].symbol);

      gtk_string_list_append (currencies, item);
      if (g_strcmp0 (all[i].code, currency) == 0)
        currency_index = i;
    }
  adw_combo_row_set_model (self->currency_row, G_LIST_MODEL (currencies));
  adw_combo_row_set_selected (self->currency_row, currency_index);

  gtk_editable_set_text (GTK_EDITABLE (self->server_row), server);

  /* Connected after loading so that loading does not write back. */
  g_signal_connect_object (self->language_row, "notify::selected",
                           G_CALLBACK (on_language_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->currency_row, "notify::selected",
                           G_CALLBACK (on_currency_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->server_row, "apply",
                           G_CALLBACK (on_server_apply_cb), self, G_CONNECT_SWAPPED);
}

static void
kt_preferences_window_dispose (GObject *object)
{
  KtPreferencesWindow *self = (KtPreferencesWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), KT_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kt_preferences_window_parent_class)->dispose (object);
}

static void
kt_preferences_window_class_init (KtPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/kantora/Kantora/preferences/kt-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KtPreferencesWindow, language_row);
  gtk_widget_class_bind_template_child (widget_class, KtPreferencesWindow, currency_row);
  gtk_widget_class_bind_template_child (widget_class, KtPreferencesWindow, server_row);
}

static void
kt_preferences_window_init (KtPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  adw_entry_row_set_show_apply_button (self->server_row, TRUE);
}

/**
 * kt_preferences_window_new:
 * @settings: the application settings
 *
 * Returns: (transfer full): a new preferences window
 */
KtPreferencesWindow *
kt_preferences_window_new (GSettings *settings)
{
  KtPreferencesWindow *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (KT_TYPE_PREFERENCES_WINDOW, NULL);
  self->settings = g_object_ref (settings);
  load_settings (self);

  return self;
}
