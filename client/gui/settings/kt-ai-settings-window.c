/* kt-ai-settings-window.c: the organization's AI provider
 *
 * GET /v1/ai/settings fills the window; Save is a PUT of what changed;
 * "Use the Server's AI" is a DELETE. The key is write-only: the server
 * says only whether one is stored, Replace shows a password row for a
 * new one, Remove clears it when saved. The server lets Owners and
 * Admins only: anyone else sees why instead of the settings (there is
 * nothing read-only to show them, GET is refused too).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-ai-settings"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-ai-client.h"
#include "kt-ai-settings-window.h"
#include "kt-format.h"

/* The provider row's items, in order. */
static const char * const providers[] = { "gemini", "openai" };

struct _KtAiSettingsWindow
{
  AdwWindow        parent_instance;

  KtContext       *context;
  GCancellable    *cancellable;
  gboolean         has_key;
  gboolean         remove_key;    /* Remove was pressed: "api_key": null on Save */
  const char      *method;        /* interned: the request on its way */

  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  AdwStatusPage   *error_page;
  GtkWidget       *save_button;
  AdwActionRow    *source_row;
  AdwComboRow     *provider_row;
  AdwEntryRow     *base_url_row;
  AdwEntryRow     *model_row;
  AdwActionRow    *key_row;
  GtkWidget       *remove_button;
  AdwEntryRow     *key_entry_row;
  AdwActionRow    *usage_row;
  GtkWidget       *reset_button;
};

G_DEFINE_FINAL_TYPE (KtAiSettingsWindow, kt_ai_settings_window, ADW_TYPE_WINDOW)

static void
show_page (KtAiSettingsWindow *self,
           const char         *page)
{
  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_widget_set_sensitive (self->save_button, g_str_equal (page, "settings"));
  /* Nothing to save where there are no settings to show. */
  gtk_widget_set_visible (self->save_button, !g_str_equal (page, "error"));
}

static void
show_key_state (KtAiSettingsWindow *self)
{
  if (self->remove_key)
    adw_action_row_set_subtitle (self->key_row, _("The key will be removed when you save"));
  else if (self->has_key)
    adw_action_row_set_subtitle (self->key_row, _("A key is stored"));
  else
    adw_action_row_set_subtitle (self->key_row, _("No key is stored"));
  gtk_widget_set_sensitive (self->remove_button, self->has_key && !self->remove_key);
}

static void
show_settings (KtAiSettingsWindow *self,
               JsonObject         *settings)
{
  const char *source = json_object_get_string_member_with_default (settings, "source", "none");
  const char *provider = json_object_get_string_member_with_default (settings, "provider", NULL);
  JsonObject *usage = json_object_has_member (settings, "usage") &&
                      JSON_NODE_HOLDS_OBJECT (json_object_get_member (settings, "usage"))
                      ? json_object_get_object_member (settings, "usage") : NULL;
  g_autofree char *usage_text = NULL;
  g_autofree char *used_text = NULL;
  gint64 used = usage != NULL ? json_object_get_int_member_with_default (usage, "used", 0) : 0;

  if (g_str_equal (source, "organization"))
    adw_action_row_set_subtitle (self->source_row, _("Your organization’s own provider"));
  else if (g_str_equal (source, "server"))
    adw_action_row_set_subtitle (self->source_row, _("The server’s provider"));
  else
    adw_action_row_set_subtitle (self->source_row, _("None: the AI is off until you choose a provider"));

  adw_combo_row_set_selected (self->provider_row, g_strcmp0 (provider, "openai") == 0 ? 1 : 0);
  /* The server's own address is not shown, and not the organization's to edit. */
  gtk_editable_set_text (GTK_EDITABLE (self->base_url_row),
                         g_str_equal (source, "organization")
                         ? json_object_get_string_member_with_default (settings, "base_url", "") : "");
  gtk_editable_set_text (GTK_EDITABLE (self->model_row),
                         json_object_get_string_member_with_default (settings, "model", ""));
  self->has_key = g_str_equal (source, "organization") &&
                  json_object_get_boolean_member_with_default (settings, "has_key", FALSE);
  self->remove_key = FALSE;
  gtk_editable_set_text (GTK_EDITABLE (self->key_entry_row), "");
  gtk_widget_set_visible (GTK_WIDGET (self->key_entry_row), FALSE);
  show_key_state (self);

  used_text = kt_format_number (used);
  if (usage != NULL && json_object_has_member (usage, "limit") &&
      !json_object_get_null_member (usage, "limit"))
    {
      g_autofree char *limit_text = kt_format_number (json_object_get_int_member (usage, "limit"));

      /* Translators: AI requests used of the plan's, "12 of 50". */
      usage_text = g_strdup_printf (_("%s of %s"), used_text, limit_text);
    }
  else
    /* Translators: AI requests used, when the plan sets no limit. */
    usage_text = g_strdup_printf (_("%s, without a limit"), used_text);
  adw_action_row_set_subtitle (self->usage_row, usage_text);
  gtk_widget_set_visible (self->reset_button, g_str_equal (source, "organization"));
  show_page (self, "settings");
}

static void load (KtAiSettingsWindow *self);

static void
on_answer_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(KtAiSettingsWindow) self = user_data;
  g_autoptr(JsonObject) settings = NULL;
  g_autoptr(GError) error = NULL;
  const char *method = self->method;

  settings = kt_ai_settings_finish (KT_SYNC_ENGINE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    {
      /* A refused save leaves the form as the person filled it. */
      if (g_strcmp0 (method, "GET") != 0 && !g_error_matches (error, KT_AI_ERROR, KT_AI_ERROR_FORBIDDEN))
        {
          show_page (self, "settings");
          adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
          return;
        }
      adw_status_page_set_description (self->error_page, error->message);
      show_page (self, "error");
      return;
    }
  if (settings == NULL)
    {
      /* DELETE answers nothing: read what is in use now. */
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("The server’s AI is used again")));
      load (self);
      return;
    }
  if (g_strcmp0 (method, "PUT") == 0)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("AI settings saved")));
  show_settings (self, settings);
}

static void
send (KtAiSettingsWindow *self,
      const char         *method,
      JsonObject         *body)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  show_page (self, "busy");
  self->method = g_intern_string (method);
  kt_ai_settings_async (kt_context_get_sync_engine (self->context), method, body,
                        self->cancellable, on_answer_cb, g_object_ref (self));
}

static void
load (KtAiSettingsWindow *self)
{
  send (self, "GET", NULL);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KtAiSettingsWindow *self = KT_AI_SETTINGS_WINDOW (widget);
  g_autoptr(JsonObject) body = json_object_new ();
  g_autofree char *base_url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->base_url_row))));
  g_autofree char *model = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->model_row))));
  const char *key = gtk_editable_get_text (GTK_EDITABLE (self->key_entry_row));
  guint selected = adw_combo_row_get_selected (self->provider_row);

  json_object_set_string_member (body, "provider", providers[selected < G_N_ELEMENTS (providers) ? selected : 0]);
  if (*base_url != '\0')
    json_object_set_string_member (body, "base_url", base_url);
  if (*model != '\0')
    json_object_set_string_member (body, "model", model);
  /* Absent keeps the stored key; null removes it; a string replaces it. */
  if (*key != '\0')
    json_object_set_string_member (body, "api_key", key);
  else if (self->remove_key)
    json_object_set_null_member (body, "api_key");
  send (self, "PUT", body);
}

static void
replace_key_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  KtAiSettingsWindow *self = KT_AI_SETTINGS_WINDOW (widget);

  self->remove_key = FALSE;
  show_key_state (self);
  gtk_widget_set_visible (GTK_WIDGET (self->key_entry_row), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->key_entry_row));
}

static void
remove_key_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  KtAiSettingsWindow *self = KT_AI_SETTINGS_WINDOW (widget);

  self->remove_key = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->key_entry_row), "");
  gtk_widget_set_visible (GTK_WIDGET (self->key_entry_row), FALSE);
  show_key_state (self);
}

static void
reset_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  send (KT_AI_SETTINGS_WINDOW (widget), "DELETE", NULL);
}

const char *
kt_ai_settings_window_get_page (KtAiSettingsWindow *self)
{
  g_return_val_if_fail (KT_IS_AI_SETTINGS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

static void
kt_ai_settings_window_dispose (GObject *object)
{
  KtAiSettingsWindow *self = KT_AI_SETTINGS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (kt_ai_settings_window_parent_class)->dispose (object);
}

static void
kt_ai_settings_window_class_init (KtAiSettingsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_ai_settings_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/kantora/Kantora/settings/kt-ai-settings-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KtAiSettingsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KtAiSettingsWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, KtAiSettingsWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, KtAiSettingsWindow, save_button);
  gtk_widget_class_bind_template_child (widget_class, KtAiSettingsWindow, source_row);
  gtk_widget_class_bind_template_child (widget_class, KtAiSettingsWindow, provider_row);
  gtk_widget_class_bind_template_child (widget_class, KtAiSettingsWindow, base_url_row);
  gtk_widget_class_bind_template_child (widget_class, KtAiSettingsWindow, model_row);
  gtk_widget_class_bind_template_child (widget_class, KtAiSettingsWindow, key_row);
  gtk_widget_class_bind_template_child (widget_class, KtAiSettingsWindow, remove_button);
  gtk_widget_class_bind_template_child (widget_class, KtAiSettingsWindow, key_entry_row);
  gtk_widget_class_bind_template_child (widget_class, KtAiSettingsWindow, usage_row);
  gtk_widget_class_bind_template_child (widget_class, KtAiSettingsWindow, reset_button);
  gtk_widget_class_install_action (widget_class, "ai-settings.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "ai-settings.replace-key", NULL, replace_key_action);
  gtk_widget_class_install_action (widget_class, "ai-settings.remove-key", NULL, remove_key_action);
  gtk_widget_class_install_action (widget_class, "ai-settings.reset", NULL, reset_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "ai-settings.save", NULL);
}

static void
kt_ai_settings_window_init (KtAiSettingsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

KtAiSettingsWindow *
kt_ai_settings_window_new (KtContext *context)
{
  KtAiSettingsWindow *self;

  g_return_val_if_fail (KT_IS_CONTEXT (context), NULL);

  self = g_object_new (KT_TYPE_AI_SETTINGS_WINDOW, NULL);
  self->context = g_object_ref (context);
  load (self);
  return self;
}

void
kt_ai_settings_open (GtkWidget *parent,
                     KtContext *context)
{
  KtAiSettingsWindow *window;
  GtkRoot *root;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (KT_IS_CONTEXT (context));

  window = kt_ai_settings_window_new (context);
  root = gtk_widget_get_root (parent);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (window));
}
