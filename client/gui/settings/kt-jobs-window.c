/* kt-jobs-window.c: the server's waiting and failed background jobs
 *
 * The jobs are the server's (docs/api.md, GET /v1/jobs): overdue marking,
 * payment matching, reminders and recurring invoices, retried with
 * backoff until they run out of attempts. An Owner or Admin sees here
 * what waits and what failed, with the error of the last attempt as
 * selectable text (to paste into a report), and retries a failed one. The
 * list is never cached: offline the window says that it needs the server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-jobs-window"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-format.h"
#include "kt-jobs-window.h"
#include "kt-organization-client.h"

struct _KtJobsWindow
{
  AdwWindow        parent_instance;

  KtContext       *context;
  KtSyncEngine    *engine;
  GCancellable    *cancellable;
  GHashTable      *rows;        /* job id → its GtkListBoxRow */
  GHashTable      *states;      /* job id → state shown */
  guint            busy;        /* requests on their way */

  /* Template children */
  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkListBox      *jobs_list;
  GtkSpinner      *spinner;
  AdwStatusPage   *error_page;
};

G_DEFINE_FINAL_TYPE (KtJobsWindow, kt_jobs_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_busy (KtJobsWindow *self,
          gboolean      busy)
{
  if (busy)
    self->busy++;
  else if (self->busy > 0)
    self->busy--;
  gtk_spinner_set_spinning (self->spinner, self->busy > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "jobs.refresh", self->busy == 0);
}

/* A job's row */

static const char *
state_label (const char *state)
{
  if (g_strcmp0 (state, "pending") == 0)
    return C_("job state", "Waiting");
  if (g_strcmp0 (state, "running") == 0)
    return C_("job state", "Running");
  if (g_strcmp0 (state, "failed") == 0)
    return C_("job state", "Failed");
  return state;
}

/* "Failed · finished 07.12.2026 05:12" or "Waiting · next run …". */
static char *
state_text (JsonObject *job)
{
  const char *state = json_object_get_string_member_with_default (job, "state", NULL);
  const char *run_at = json_object_get_string_member_with_default (job, "run_at", NULL);
  const char *finished_at = json_object_get_string_member_with_default (job, "finished_at", NULL);
  g_autofree char *when = NULL;

  if (g_strcmp0 (state, "failed") == 0 && (when = kt_format_datetime_string (finished_at)) != NULL)
    /* Translators: a job's state, then when it failed, "Failed · finished 07.12.2026 05:12" */
    return g_strdup_printf (_("%s · finished %s"), state_label (state), when);
  if (g_strcmp0 (state, "running") == 0)
    return g_strdup (state_label (state));
  if ((when = kt_format_datetime_string (run_at)) != NULL)
    /* Translators: a job's state, then when it runs next, "Waiting · next run 07.12.2026 06:00" */
    return g_strdup_printf (_("%s · next run %s"), state_label (state), when);
  return g_strdup (state_label (state));
}

static GtkWidget *
add_label (GtkWidget  *box,
           const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (GTK_BOX (box), label);
  return label;
}

static GtkWidget *
create_job_row (JsonObject *job)
{
  const char *id = json_object_get_string_member_with_default (job, "id", "");
  const char *state = json_object_get_string_member_with_default (job, "state", NULL);
  const char *last_error = json_object_get_string_member_with_default (job, "last_error", NULL);
  gint64 attempts = CLAMP (json_object_get_int_member_with_default (job, "attempts", 0), 0, G_MAXUINT);
  gint64 max_attempts = CLAMP (json_object_get_int_member_with_default (job, "max_attempts", 0), 0, G_MAXUINT);
  g_autofree char *state_line = state_text (job);
  g_autofree char *attempts_line = NULL;
  GtkWidget *row, *outer, *text, *title;

  outer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_start (outer, 12);
  gtk_widget_set_margin_end (outer, 12);
  gtk_widget_set_margin_top (outer, 10);
  gtk_widget_set_margin_bottom (outer, 10);

  text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (outer), text);
  title = add_label (text, kt_jobs_kind_label (json_object_get_string_member_with_default (job, "kind", "")),
                     "heading");
  add_label (text, state_line, "dim-label");
  /* Translators: a job's attempts so far, "3 of 5 attempts" */
  attempts_line = g_strdup_printf (ngettext ("%u of %u attempt", "%u of %u attempts", (gulong) max_attempts),
                                   (guint) attempts, (guint) max_attempts);
  add_label (text, attempts_line, "dim-label");
  if (last_error != NULL && *last_error != '\0')
    {
      GtkWidget *error = add_label (text, last_error, "monospace");

      /* To copy into a report or a search: the keyboard reaches it too. */
      gtk_label_set_selectable (GTK_LABEL (error), TRUE);
      gtk_widget_add_css_class (error, "caption");
      gtk_accessible_update_property (GTK_ACCESSIBLE (error), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Last error"), -1);
    }

  if (g_strcmp0 (state, "failed") == 0)
    {
      GtkWidget *retry = gtk_button_new_with_mnemonic (_("_Retry"));

      gtk_widget_set_valign (retry, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (retry), "jobs.retry");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (retry), "s", id);
      gtk_box_append (GTK_BOX (outer), retry);
    }

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), outer);
  gtk_widget_set_name (row, id);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_LABELLED_BY, title, NULL, -1);
  return row;
}

static void
put_job (KtJobsWindow *self,
         JsonObject   *job,
         GtkWidget    *replacing)
{
  const char *id = json_object_get_string_member_with_default (job, "id", NULL);
  GtkWidget *row;

  if (id == NULL)
    return;
  row = create_job_row (job);
  if (replacing != NULL)
    {
      int position = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (replacing));
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
      gboolean had_focus = focus != NULL && (focus == replacing || gtk_widget_is_ancestor (focus, replacing));

      gtk_list_box_remove (self->jobs_list, replacing);
      gtk_list_box_insert (self->jobs_list, row, position);
      /* The keyboard stays on the job it was on (its Retry is gone). */
      if (had_focus)
        gtk_widget_grab_focus (row);
    }
  else
    gtk_list_box_append (self->jobs_list, row);
  g_hash_table_replace (self->rows, g_strdup (id), row);
  g_hash_table_replace (self->states, g_strdup (id),
                        g_strdup (json_object_get_string_member_with_default (job, "state", "")));
}

/* Loading */

static void
show_error (KtJobsWindow *self,
            const GError *error)
{
  if (kt_organization_error_is_offline (error))
    gtk_stack_set_visible_child_name (self->stack, "offline");
  else
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
}

static void
on_listed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(KtJobsWindow) self = user_data;
  g_autoptr(JsonArray) jobs = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  jobs = kt_jobs_list_finish (KT_SYNC_ENGINE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (jobs == NULL)
    {
      show_error (self, error);
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->jobs_list))) != NULL)
    gtk_list_box_remove (self->jobs_list, child);
  g_hash_table_remove_all (self->rows);
  g_hash_table_remove_all (self->states);
  for (guint i = 0; i < json_array_get_length (jobs); i++)
    {
      JsonNode *element = json_array_get_element (jobs, i);

      if (JSON_NODE_HOLDS_OBJECT (element))
        put_job (self, json_node_get_object (element), NULL);
    }
  gtk_stack_set_visible_child_name (self->stack,
                                    g_hash_table_size (self->rows) > 0 ? "list" : "empty");
}

static void
on_retried_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(KtJobsWindow) self = user_data;
  g_autoptr(JsonObject) job = NULL;
  g_autoptr(GError) error = NULL;
  const char *id;

  job = kt_jobs_retry_finish (KT_SYNC_ENGINE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (job == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (kt_organization_error_is_offline (error)
                                                  ? _("Retrying a job needs a connection to the server")
                                                  : error->message));
      return;
    }

  id = json_object_get_string_member_with_default (job, "id", NULL);
  if (id != NULL)
    put_job (self, job, g_hash_table_lookup (self->rows, id));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("The job runs again soon")));
}

/* Actions */

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  kt_jobs_window_refresh (KT_JOBS_WINDOW (widget));
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  kt_jobs_window_retry (KT_JOBS_WINDOW (widget), g_variant_get_string (param, NULL));
}

/* GObject */

static void
kt_jobs_window_constructed (GObject *object)
{
  KtJobsWindow *self = KT_JOBS_WINDOW (object);

  G_OBJECT_CLASS (kt_jobs_window_parent_class)->constructed (object);

  g_assert (KT_IS_CONTEXT (self->context));
  self->engine = g_object_ref (kt_context_get_sync_engine (self->context));
  kt_jobs_window_refresh (self);
}

static void
kt_jobs_window_dispose (GObject *object)
{
  KtJobsWindow *self = KT_JOBS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), KT_TYPE_JOBS_WINDOW);

  G_OBJECT_CLASS (kt_jobs_window_parent_class)->dispose (object);
}

static void
kt_jobs_window_finalize (GObject *object)
{
  KtJobsWindow *self = KT_JOBS_WINDOW (object);

  g_clear_object (&self->engine);
  g_clear_object (&self->context);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->states, g_hash_table_unref);

  G_OBJECT_CLASS (kt_jobs_window_parent_class)->finalize (object);
}

static void
kt_jobs_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KtJobsWindow *self = KT_JOBS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_jobs_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KtJobsWindow *self = KT_JOBS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_jobs_window_class_init (KtJobsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kt_jobs_window_constructed;
  object_class->dispose = kt_jobs_window_dispose;
  object_class->finalize = kt_jobs_window_finalize;
  object_class->get_property = kt_jobs_window_get_property;
  object_class->set_property = kt_jobs_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, KT_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/kantora/Kantora/settings/kt-jobs-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KtJobsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KtJobsWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, KtJobsWindow, jobs_list);
  gtk_widget_class_bind_template_child (widget_class, KtJobsWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, KtJobsWindow, error_page);

  gtk_widget_class_install_action (widget_class, "jobs.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "jobs.retry", "s", retry_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "jobs.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kt_jobs_window_init (KtJobsWindow *self)
{
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

GtkWidget *
kt_jobs_window_new (KtContext *context)
{
  g_return_val_if_fail (KT_IS_CONTEXT (context), NULL);

  return g_object_new (KT_TYPE_JOBS_WINDOW, "context", context, NULL);
}

void
kt_jobs_window_refresh (KtJobsWindow *self)
{
  g_return_if_fail (KT_IS_JOBS_WINDOW (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->busy = 0;
  set_busy (self, TRUE);
  kt_jobs_list_async (self->engine, self->cancellable, on_listed_cb, g_object_ref (self));
}

void
kt_jobs_window_retry (KtJobsWindow *self,
                      const char   *job_id)
{
  g_return_if_fail (KT_IS_JOBS_WINDOW (self));
  g_return_if_fail (job_id != NULL);

  set_busy (self, TRUE);
  kt_jobs_retry_async (self->engine, job_id, self->cancellable, on_retried_cb, g_object_ref (self));
}

gboolean
kt_jobs_window_get_busy (KtJobsWindow *self)
{
  g_return_val_if_fail (KT_IS_JOBS_WINDOW (self), FALSE);

  return self->busy > 0;
}

guint
kt_jobs_window_get_n_jobs (KtJobsWindow *self)
{
  g_return_val_if_fail (KT_IS_JOBS_WINDOW (self), 0);

  return g_hash_table_size (self->rows);
}

const char *
kt_jobs_window_get_page (KtJobsWindow *self)
{
  g_return_val_if_fail (KT_IS_JOBS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
kt_jobs_window_get_job_state (KtJobsWindow *self,
                              const char   *job_id)
{
  g_return_val_if_fail (KT_IS_JOBS_WINDOW (self), NULL);

  return g_hash_table_lookup (self->states, job_id);
}

const char *
kt_jobs_kind_label (const char *kind)
{
  /* The server's kinds (server/jobs/, docs/api.md). */
  static const struct { const char *kind; const char *label; } kinds[] = {
    { "overdue", N_("Overdue marking") },
    { "match_payments", N_("Payment matching") },
    { "recurring_invoice", N_("Recurring invoice") },
    { "recurring_invoices", N_("Recurring invoices") },
    { "reminders", N_("Payment reminder") },
    { "mail", N_("Email") },
    { "reset_usage", N_("Plan usage reset") },
    { "forget_done_jobs", N_("Clearing finished jobs") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kind, kinds[i].kind) == 0)
      return _(kinds[i].label);
  return kind;
}
