/* kt-ai-draft-dialog.c: an email the AI drafts, or a text block
 *
 * The draft is the person's to edit: Copy puts the subject and body on
 * the clipboard, Open in Mail hands a mailto: URI to the mail client
 * (GTK 4.8 has no GtkUriLauncher: g_app_info_launch_default_for_uri).
 * A text block uses the draft_email action's body alone, with the
 * person's request as the prompt (docs/ai.md, "The client's actions");
 * Insert hands it to the template studio's studio.insert-text when the
 * person was in the studio, and copies it otherwise.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-ai-draft-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-ai-actions.h"
#include "kt-ai-client.h"
#include "kt-ai-draft-dialog.h"
#include "kt-ai-filter.h"

struct _KtAiDraftDialog
{
  AdwWindow        parent_instance;

  KtContext       *context;
  KtRecord        *record;      /* NULL: a text block */
  GCancellable    *cancellable;

  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  AdwStatusPage   *error_page;
  GtkWidget       *prompt_clamp;
  AdwEntryRow     *prompt_row;
  GtkWidget       *mail_button;
  GtkWidget       *insert_button;
  GtkWidget       *subject_list;
  AdwEntryRow     *subject_row;
  GtkTextView     *body_view;
};

G_DEFINE_FINAL_TYPE (KtAiDraftDialog, kt_ai_draft_dialog, ADW_TYPE_WINDOW)

static void
toast (KtAiDraftDialog *self,
       const char      *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

static void
on_drafted_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(KtAiDraftDialog) self = user_data;
  g_autoptr(JsonObject) answer = kt_ai_actions_finish (source, result, self->stack, self->error_page);

  if (answer == NULL)
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->subject_row),
                         json_object_get_string_member (answer, "subject"));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view),
                            json_object_get_string_member (answer, "body"), -1);
  gtk_stack_set_visible_child_name (self->stack, "result");
  gtk_widget_grab_focus (GTK_WIDGET (self->body_view));
}

static void
ask (KtAiDraftDialog *self)
{
  g_autoptr(JsonArray) context = NULL;
  g_autofree char *prompt = NULL;
  const char *wish = gtk_editable_get_text (GTK_EDITABLE (self->prompt_row));

  if (self->record != NULL)
    {
      context = kt_ai_actions_context_for (kt_context_get_store (self->context), self->record);
      prompt = *wish != '\0' ? g_strdup (wish) : NULL;
    }
  else
    {
      if (*wish == '\0')
        return;
      /* The server knows no text-block action: a draft whose body is the
       * block, its subject unused. */
      prompt = g_strdup_printf ("Write a text block for a business document template, in the "
                                "language of this request. Put the block in the body; the "
                                "subject is a short name for it. Request: %s", wish);
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  kt_ai_actions_show_busy (self->stack);
  kt_ai_structured_async (kt_context_get_sync_engine (self->context), KT_AI_ACTION_DRAFT_EMAIL,
                          prompt, context, self->cancellable, on_drafted_cb, g_object_ref (self));
}

static void
on_prompt_apply_cb (KtAiDraftDialog *self)
{
  ask (self);
}

char *
kt_ai_draft_dialog_dup_body (KtAiDraftDialog *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (KT_IS_AI_DRAFT_DIALOG (self), NULL);

  buffer = gtk_text_view_get_buffer (self->body_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

char *
kt_ai_draft_dialog_dup_mailto (KtAiDraftDialog *self)
{
  g_autofree char *body = NULL;
  const char *to = NULL;

  g_return_val_if_fail (KT_IS_AI_DRAFT_DIALOG (self), NULL);

  body = kt_ai_draft_dialog_dup_body (self);
  if (self->record != NULL && kt_entity_get_field (kt_record_get_entity (self->record), "email") != NULL)
    to = kt_record_get_string (self->record, "email");
  if (to == NULL && self->record != NULL && kt_record_get_string (self->record, "contact_id") != NULL)
    {
      g_autoptr(KtRecord) contact = kt_store_get (kt_context_get_store (self->context), KT_ENTITY_CONTACT,
                                                  kt_record_get_string (self->record, "contact_id"), NULL);

      if (contact != NULL && kt_record_get_string (contact, "email") != NULL)
        return kt_ai_mailto_uri (kt_record_get_string (contact, "email"),
                                 gtk_editable_get_text (GTK_EDITABLE (self->subject_row)), body);
    }
  return kt_ai_mailto_uri (to, gtk_editable_get_text (GTK_EDITABLE (self->subject_row)), body);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KtAiDraftDialog *self = KT_AI_DRAFT_DIALOG (widget);
  g_autofree char *body = kt_ai_draft_dialog_dup_body (self);
  g_autofree char *text = NULL;

  if (self->record != NULL)
    text = g_strdup_printf ("%s\n\n%s", gtk_editable_get_text (GTK_EDITABLE (self->subject_row)), body);
  else
    text = g_steal_pointer (&body);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  toast (self, _("Copied"));
}

static void
insert_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  KtAiDraftDialog *self = KT_AI_DRAFT_DIALOG (widget);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  GtkWidget *focus = parent != NULL ? gtk_window_get_focus (parent) : NULL;
  g_autofree char *body = kt_ai_draft_dialog_dup_body (self);

  /* Where the person was typing when they asked: in the studio's
   * editor, its studio.insert-text puts the block at the cursor (the
   * action is looked up from the focus widget up). Anywhere else, the
   * clipboard is the way there. */
  if (focus != NULL && gtk_widget_activate_action (focus, "studio.insert-text", "s", body))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), body);
  toast (self, _("There is no template open to insert into: the text is copied instead."));
}

static void
on_launched_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(KtAiDraftDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    toast (self, _("No mail program could open the draft. Copy it instead."));
}

static void
open_mail_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  KtAiDraftDialog *self = KT_AI_DRAFT_DIALOG (widget);
  g_autofree char *uri = kt_ai_draft_dialog_dup_mailto (self);

  g_app_info_launch_default_for_uri_async (uri, NULL, NULL, on_launched_cb, g_object_ref (self));
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  ask (KT_AI_DRAFT_DIALOG (widget));
}

static void
kt_ai_draft_dialog_dispose (GObject *object)
{
  KtAiDraftDialog *self = KT_AI_DRAFT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->record);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (kt_ai_draft_dialog_parent_class)->dispose (object);
}

static void
kt_ai_draft_dialog_class_init (KtAiDraftDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_ai_draft_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/kantora/Kantora/ai-actions/kt-ai-draft-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KtAiDraftDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KtAiDraftDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, KtAiDraftDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, KtAiDraftDialog, prompt_clamp);
  gtk_widget_class_bind_template_child (widget_class, KtAiDraftDialog, prompt_row);
  gtk_widget_class_bind_template_child (widget_class, KtAiDraftDialog, mail_button);
  gtk_widget_class_bind_template_child (widget_class, KtAiDraftDialog, insert_button);
  gtk_widget_class_bind_template_child (widget_class, KtAiDraftDialog, subject_list);
  gtk_widget_class_bind_template_child (widget_class, KtAiDraftDialog, subject_row);
  gtk_widget_class_bind_template_child (widget_class, KtAiDraftDialog, body_view);
  gtk_widget_class_bind_template_callback (widget_class, on_prompt_apply_cb);
  gtk_widget_class_install_action (widget_class, "ai.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "ai.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "ai.open-mail", NULL, open_mail_action);
  gtk_widget_class_install_action (widget_class, "ai.insert", NULL, insert_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kt_ai_draft_dialog_init (KtAiDraftDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

KtAiDraftDialog *
kt_ai_draft_dialog_new (KtContext *context,
                        KtRecord  *record)
{
  KtAiDraftDialog *self;

  g_return_val_if_fail (KT_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (record == NULL || KT_IS_RECORD (record), NULL);

  self = g_object_new (KT_TYPE_AI_DRAFT_DIALOG, NULL);
  self->context = g_object_ref (context);
  if (record != NULL)
    {
      self->record = g_object_ref (record);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->prompt_row), _("Anything to add? (optional)"));
      ask (self);
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Write a Text Block"));
      gtk_widget_set_visible (self->mail_button, FALSE);
      gtk_widget_set_visible (self->insert_button, TRUE);
      gtk_widget_set_visible (self->subject_list, FALSE);
      gtk_stack_set_visible_child_name (self->stack, "result");
      gtk_widget_grab_focus (GTK_WIDGET (self->prompt_row));
    }
  return self;
}
