/* kt-assistant-message.c: one message of an Assistant conversation
 *
 * A question shows as plain text; an answer as markdown (kt-markdown.h).
 * While an answer streams, the pieces are appended to its source and the
 * view is drawn again at most once per frame, from a tick callback: a
 * 4,000-token answer arrives in about as many pieces, and drawing each
 * one would keep the main loop busy for nothing the eye can see.
 *
 * A text view draws all its lines whenever it changes, and it changes
 * every frame while an answer grows: drawing would grow with the answer.
 * So a long answer is drawn in several views: once the final blocks of
 * the current one pass SEAL_BYTES of source, that view is sealed (it
 * keeps them, and GTK keeps its drawing) and the answer goes on in a new
 * view below it. Only the last view, a few blocks, changes per frame.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-assistant-message"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-assistant-message.h"
#include "kt-markdown.h"

#define SEAL_BYTES 2048

struct _KtAssistantMessage
{
  GtkWidget         parent_instance;

  char             *id;
  char             *role;
  GString          *text;
  KtMarkdownStream *stream;     /* of the current view */
  GtkTextView      *current;    /* the view the answer grows in */
  gsize             base;       /* where its source begins in text */
  guint64           parsed_sealed; /* parsed by the sealed views' streams */
  guint             tick_id;
  gboolean          streaming;

  /* Template children */
  GtkWidget        *bubble;
  GtkLabel         *role_label;
  GtkWidget        *text_box;
  GtkTextView      *view;       /* the first */
  GtkLabel         *note_label;
  GtkWidget        *buttons;
  GtkWidget        *copy_button;
  GtkWidget        *edit_button;
  GtkWidget        *retry_button;
};

G_DEFINE_FINAL_TYPE (KtAssistantMessage, kt_assistant_message, GTK_TYPE_WIDGET)

/* Helpers */

static gboolean
is_answer (KtAssistantMessage *self)
{
  return g_strcmp0 (self->role, "assistant") == 0;
}

static void on_link_released_cb (GtkGestureClick *gesture,
                                 int              n_press,
                                 double           x,
                                 double           y,
                                 gpointer         user_data);
static void on_motion_cb        (GtkEventControllerMotion *motion,
                                 double                    x,
                                 double                    y,
                                 gpointer                  user_data);

/* Links open on a click, and show the hand over them. */
static void
watch_links (KtAssistantMessage *self,
             GtkTextView        *view)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();

  g_signal_connect (click, "released", G_CALLBACK (on_link_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (view), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (view), motion);
}

static GtkTextView *
add_view (KtAssistantMessage *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (gtk_text_view_new ());

  gtk_text_view_set_editable (view, FALSE);
  gtk_text_view_set_cursor_visible (view, FALSE);
  gtk_text_view_set_wrap_mode (view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (view, gtk_text_view_get_left_margin (self->view));
  gtk_text_view_set_right_margin (view, gtk_text_view_get_right_margin (self->view));
  gtk_widget_set_hexpand (GTK_WIDGET (view), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (view), "assistant-text");
  watch_links (self, view);
  gtk_box_append (GTK_BOX (self->text_box), GTK_WIDGET (view));
  return view;
}

/* Back to the first view alone (a stored message's whole text). */
static void
reset_views (KtAssistantMessage *self)
{
  GtkWidget *child;

  g_clear_pointer (&self->stream, kt_markdown_stream_free);
  while ((child = gtk_widget_get_last_child (self->text_box)) != GTK_WIDGET (self->view))
    gtk_box_remove (GTK_BOX (self->text_box), child);
  self->current = self->view;
  self->base = 0;
}

static void
render (KtAssistantMessage *self,
        gboolean            complete)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->current);

  if (!is_answer (self))
    {
      gtk_text_buffer_set_text (buffer, self->text->str, (int) self->text->len);
      return;
    }
  if (self->stream == NULL)
    {
      gtk_text_buffer_set_text (buffer, "", 0);
      self->stream = kt_markdown_stream_new (buffer);
    }
  kt_markdown_stream_update (self->stream, self->text->str + self->base, self->text->len - self->base, complete);

  /* Every block ends its line; the answer's last line end would only
   * leave an empty line at the bottom of the card. */
  if (complete)
    {
      GtkTextIter end, last;

      gtk_text_buffer_get_end_iter (buffer, &end);
      last = end;
      if (gtk_text_iter_backward_char (&last) && gtk_text_iter_get_char (&last) == '\n')
        gtk_text_buffer_delete (buffer, &last, &end);
    }

  if (!complete && kt_markdown_stream_get_stable_length (self->stream) > SEAL_BYTES)
    {
      self->base += kt_markdown_stream_get_stable_length (self->stream);
      kt_markdown_stream_seal (self->stream);
      self->parsed_sealed += kt_markdown_stream_get_parsed_bytes (self->stream);
      g_clear_pointer (&self->stream, kt_markdown_stream_free);
      self->current = add_view (self);
      self->stream = kt_markdown_stream_new (gtk_text_view_get_buffer (self->current));
      kt_markdown_stream_update (self->stream, self->text->str + self->base, self->text->len - self->base, FALSE);
    }
}

static void
set_target (GtkWidget  *button,
            const char *id)
{
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (id));
}

/* Callbacks */

static gboolean
on_tick_cb (GtkWidget     *widget,
            GdkFrameClock *clock,
            gpointer       user_data)
{
  KtAssistantMessage *self = KT_ASSISTANT_MESSAGE (widget);

  self->tick_id = 0;
  render (self, FALSE);
  return G_SOURCE_REMOVE;
}

static void
on_link_released_cb (GtkGestureClick *gesture,
                     int              n_press,
                     double           x,
                     double           y,
                     gpointer         user_data)
{
  KtAssistantMessage *self = user_data;
  GtkTextView *view = GTK_TEXT_VIEW (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture)));
  GtkTextIter iter;
  const char *url;
  int bx, by;

  gtk_text_view_window_to_buffer_coords (view, GTK_TEXT_WINDOW_WIDGET, (int) x, (int) y, &bx, &by);
  if (!gtk_text_view_get_iter_at_location (view, &iter, bx, by))
    return;
  url = kt_markdown_get_link (&iter);
  if (url != NULL)
    gtk_show_uri (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), url, GDK_CURRENT_TIME);
}

static void
on_motion_cb (GtkEventControllerMotion *motion,
              double                    x,
              double                    y,
              gpointer                  user_data)
{
  GtkTextView *view = GTK_TEXT_VIEW (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (motion)));
  GtkTextIter iter;
  int bx, by;
  gboolean over = FALSE;

  gtk_text_view_window_to_buffer_coords (view, GTK_TEXT_WINDOW_WIDGET, (int) x, (int) y, &bx, &by);
  if (gtk_text_view_get_iter_at_location (view, &iter, bx, by))
    over = kt_markdown_get_link (&iter) != NULL;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (view), over ? "pointer" : NULL);
}

/* Overrides */

static void
kt_assistant_message_dispose (GObject *object)
{
  KtAssistantMessage *self = KT_ASSISTANT_MESSAGE (object);

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  g_clear_pointer (&self->stream, kt_markdown_stream_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), KT_TYPE_ASSISTANT_MESSAGE);

  G_OBJECT_CLASS (kt_assistant_message_parent_class)->dispose (object);
}

static void
kt_assistant_message_finalize (GObject *object)
{
  KtAssistantMessage *self = KT_ASSISTANT_MESSAGE (object);

  g_free (self->id);
  g_free (self->role);
  g_string_free (self->text, TRUE);

  G_OBJECT_CLASS (kt_assistant_message_parent_class)->finalize (object);
}

static void
kt_assistant_message_class_init (KtAssistantMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_assistant_message_dispose;
  object_class->finalize = kt_assistant_message_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/kantora/Kantora/assistant/kt-assistant-message.ui");
  gtk_widget_class_bind_template_child (widget_class, KtAssistantMessage, bubble);
  gtk_widget_class_bind_template_child (widget_class, KtAssistantMessage, role_label);
  gtk_widget_class_bind_template_child (widget_class, KtAssistantMessage, text_box);
  gtk_widget_class_bind_template_child (widget_class, KtAssistantMessage, view);
  gtk_widget_class_bind_template_child (widget_class, KtAssistantMessage, note_label);
  gtk_widget_class_bind_template_child (widget_class, KtAssistantMessage, buttons);
  gtk_widget_class_bind_template_child (widget_class, KtAssistantMessage, copy_button);
  gtk_widget_class_bind_template_child (widget_class, KtAssistantMessage, edit_button);
  gtk_widget_class_bind_template_child (widget_class, KtAssistantMessage, retry_button);
}

static void
kt_assistant_message_init (KtAssistantMessage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->text = g_string_new (NULL);
  self->current = self->view;
  watch_links (self, self->view);
}

/* Public API */

KtAssistantMessage *
kt_assistant_message_new (const char *role,
                          const char *id)
{
  KtAssistantMessage *self;
  gboolean answer;

  g_return_val_if_fail (role != NULL && id != NULL, NULL);

  self = g_object_new (KT_TYPE_ASSISTANT_MESSAGE, NULL);
  self->role = g_strdup (role);
  self->id = g_strdup (id);
  answer = is_answer (self);

  gtk_label_set_text (self->role_label, answer ? _("Assistant") : _("You"));
  gtk_widget_add_css_class (self->bubble, answer ? "answer" : "question");
  /* Questions lean right, answers fill the width. */
  gtk_widget_set_margin_start (self->bubble, answer ? 0 : 32);
  gtk_widget_set_visible (self->edit_button, !answer);
  set_target (self->copy_button, id);
  set_target (self->edit_button, id);
  set_target (self->retry_button, id);
  gtk_widget_set_visible (self->buttons, TRUE);
  return self;
}

const char *
kt_assistant_message_get_id (KtAssistantMessage *self)
{
  g_return_val_if_fail (KT_IS_ASSISTANT_MESSAGE (self), NULL);

  return self->id;
}

const char *
kt_assistant_message_get_role (KtAssistantMessage *self)
{
  g_return_val_if_fail (KT_IS_ASSISTANT_MESSAGE (self), NULL);

  return self->role;
}

const char *
kt_assistant_message_get_text (KtAssistantMessage *self)
{
  g_return_val_if_fail (KT_IS_ASSISTANT_MESSAGE (self), NULL);

  return self->text->str;
}

void
kt_assistant_message_set_text (KtAssistantMessage *self,
                               const char         *text)
{
  g_return_if_fail (KT_IS_ASSISTANT_MESSAGE (self));

  g_string_assign (self->text, text != NULL ? text : "");
  reset_views (self);
  render (self, TRUE);
}

void
kt_assistant_message_append (KtAssistantMessage *self,
                             const char         *piece)
{
  g_return_if_fail (KT_IS_ASSISTANT_MESSAGE (self));
  g_return_if_fail (piece != NULL);

  if (!self->streaming)
    {
      /* The buttons act on a whole answer: hidden until it ends. */
      self->streaming = TRUE;
      gtk_widget_set_visible (self->buttons, FALSE);
    }
  g_string_append (self->text, piece);
  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_tick_cb, NULL, NULL);
}

void
kt_assistant_message_finish (KtAssistantMessage *self,
                             gboolean            stopped)
{
  g_return_if_fail (KT_IS_ASSISTANT_MESSAGE (self));

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  self->streaming = FALSE;
  render (self, TRUE);
  if (stopped)
    kt_assistant_message_set_note (self, _("Stopped"));
  gtk_widget_set_visible (self->buttons, TRUE);
}

void
kt_assistant_message_set_note (KtAssistantMessage *self,
                               const char         *note)
{
  g_return_if_fail (KT_IS_ASSISTANT_MESSAGE (self));

  gtk_label_set_text (self->note_label, note != NULL ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), note != NULL);
}

void
kt_assistant_message_set_can_retry (KtAssistantMessage *self,
                                    gboolean            can_retry)
{
  g_return_if_fail (KT_IS_ASSISTANT_MESSAGE (self));

  gtk_widget_set_visible (self->retry_button, can_retry && is_answer (self));
}

GtkTextView *
kt_assistant_message_get_view (KtAssistantMessage *self)
{
  g_return_val_if_fail (KT_IS_ASSISTANT_MESSAGE (self), NULL);

  return self->view;
}

guint64
kt_assistant_message_get_parsed_bytes (KtAssistantMessage *self)
{
  g_return_val_if_fail (KT_IS_ASSISTANT_MESSAGE (self), 0);

  return self->parsed_sealed + (self->stream != NULL ? kt_markdown_stream_get_parsed_bytes (self->stream) : 0);
}
