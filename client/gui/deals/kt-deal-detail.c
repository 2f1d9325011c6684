/* kt-deal-detail.c: a deal with everything around it
 *
 * The groups of fields and related records are rebuilt at idle after the
 * store changes; the activity timeline between them is made once and
 * follows the store by itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-deal-detail"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-activity-timeline.h"
#include "kt-deal-detail.h"
#include "kt-deal-form.h"
#include "kt-deal-move.h"
#include "kt-format.h"
#include "kt-owners.h"
#include "kt-pipelines.h"
#include "kt-record-text.h"
#include "kt-task-editor.h"

/* Related lists show the most recent ones; the panes list them all. */
#define RELATED_LIMIT 50

struct _KtDealDetail
{
  AdwWindow           parent_instance;

  KtContext          *context;
  KtStore            *store;
  char               *deal_id;
  GHashTable         *groups;   /* name -> AdwPreferencesGroup */
  GHashTable         *counts;   /* name -> row count */
  guint               rebuild_idle;
  GtkWidget          *timeline;

  AdwToastOverlay    *toast_overlay;
  AdwWindowTitle     *window_title;
  GtkBox             *content_box;
  GtkBox             *top_box;
  GtkBox             *bottom_box;
  GtkWidget          *won_button;
  GtkWidget          *lost_button;
  GtkWidget          *reopen_button;
  GtkWidget          *edit_button;
};

G_DEFINE_FINAL_TYPE (KtDealDetail, kt_deal_detail, ADW_TYPE_WINDOW)

enum {
  DELETED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
format_value (KtStore       *store,
              KtRecord      *record,
              const KtField *field)
{
  const char *text;

  if (!kt_record_has (record, field->name))
    return NULL;
  switch (field->type)
    {
    case KT_FIELD_MONEY:
      {
        const char *currency = field->currency_field != NULL
          ? kt_record_get_string (record, field->currency_field) : NULL;

        return kt_format_money (kt_record_get_int (record, field->name),
                                currency != NULL ? currency : KT_DEFAULT_CURRENCY);
      }
    case KT_FIELD_INT:
    case KT_FIELD_QUANTITY:
      return kt_format_number (kt_record_get_int (record, field->name));
    case KT_FIELD_BPS:
      return g_strdup_printf ("%" G_GINT64_FORMAT " %%",
                              kt_record_get_int (record, field->name) / 100);
    case KT_FIELD_BOOL:
      return g_strdup (kt_record_get_bool (record, field->name) ? _("Yes") : _("No"));
    case KT_FIELD_DATE:
      return kt_format_date_string (kt_record_get_string (record, field->name));
    case KT_FIELD_DATETIME:
      return kt_format_datetime_string (kt_record_get_string (record, field->name));
    case KT_FIELD_REF:
      {
        const KtEntity *entity = kt_entity_lookup (field->ref_entity);
        g_autoptr(KtRecord) target = entity != NULL
          ? kt_store_get (store, entity, kt_record_get_string (record, field->name), NULL)
          : NULL;

        return target != NULL ? kt_record_dup_title (target) : g_strdup (_("(missing)"));
      }
    case KT_FIELD_TAGS:
      {
        const char * const *tags = kt_record_get_tags (record, field->name);

        return tags != NULL ? g_strjoinv (", ", (char **) tags) : NULL;
      }
    case KT_FIELD_JSON:
      return NULL;
    case KT_FIELD_TEXT:
    case KT_FIELD_EMAIL:
    case KT_FIELD_PHONE:
    case KT_FIELD_URL:
    case KT_FIELD_ENUM:
      return g_strdup (kt_record_text_choice (kt_record_get_string (record, field->name)));
    case KT_FIELD_CURRENCY:
    default:
      text = kt_record_get_string (record, field->name);
      return g_strdup (text);
    }
}

/* The owner as the board names them. */
static char *
dup_owner_text (KtStore    *store,
                const char *owner_id)
{
  if (owner_id == NULL)
    return g_strdup ("—");
  if (g_strcmp0 (owner_id, kt_store_get_user_id (store)) == 0)
    return g_strdup (_("You"));
  return kt_owners_dup_name (store, owner_id, NULL);
}

static AdwPreferencesGroup *
add_group (KtDealDetail *self,
           GtkBox       *box,
           const char   *name,
           const char   *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  gtk_box_append (box, group);
  g_hash_table_insert (self->groups, g_strdup (name), group);
  g_hash_table_insert (self->counts, g_strdup (name), GUINT_TO_POINTER (0));
  return ADW_PREFERENCES_GROUP (group);
}

static void
add_row (KtDealDetail *self,
         const char   *group_name,
         const char   *title,
         const char   *subtitle)
{
  AdwPreferencesGroup *group = g_hash_table_lookup (self->groups, group_name);
  GtkWidget *row = adw_action_row_new ();
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, group_name));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title != NULL ? title : "");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_group_add (group, row);
  g_hash_table_insert (self->counts, g_strdup (group_name), GUINT_TO_POINTER (count + 1));
}

static void
add_field_rows (KtDealDetail *self,
                KtRecord     *deal)
{
  const KtEntity *entity = kt_record_get_entity (deal);

  add_group (self, self->top_box, "fields", _("Deal"));
  for (const KtField *field = entity->fields; field->name != NULL; field++)
    {
      g_autofree char *value = NULL;

      if (field->type == KT_FIELD_JSON || g_str_equal (field->name, "position"))
        continue;
      value = format_value (self->store, deal, field);
      add_row (self, "fields", _(field->label), value != NULL ? value : "—");
    }
  {
    g_autofree char *owner = dup_owner_text (self->store, kt_record_get_owner_id (deal));

    add_row (self, "fields", _("Owner"), owner);
  }
}

static void
add_party_rows (KtDealDetail *self,
                KtRecord     *deal)
{
  static const struct { const char *field; const char *entity; } parties[] = {
    { "contact_id", "contact" },
    { "company_id", "company" },
  };

  g_autoptr(KtRecord) contact = NULL;
  const char *contact_company = NULL;

  /* A deal made for a contact is with the contact's company. */
  if (kt_record_get_string (deal, "contact_id") != NULL &&
      (contact = kt_store_get (self->store, kt_entity_lookup ("contact"),
                               kt_record_get_string (deal, "contact_id"), NULL)) != NULL)
    contact_company = kt_record_get_string (contact, "company_id");

  add_group (self, self->top_box, "party", _("Contact and Company"));
  for (guint i = 0; i < G_N_ELEMENTS (parties); i++)
    {
      const char *id = kt_record_get_string (deal, parties[i].field);
      g_autoptr(KtRecord) record = NULL;
      g_autofree char *title = NULL;
      const char *email, *phone;
      g_autofree char *subtitle = NULL;

      if (id == NULL && i == 1)
        id = contact_company;
      if (id == NULL ||
          !(record = kt_store_get (self->store, kt_entity_lookup (parties[i].entity), id, NULL)))
        continue;
      title = kt_record_dup_title (record);
      email = kt_record_get_string (record, "email");
      phone = kt_record_get_string (record, "phone");
      subtitle = g_strjoin (" · ", email != NULL ? email : "", phone != NULL ? phone : "", NULL);
      g_strstrip (subtitle);
      add_row (self, "party", title, g_str_has_prefix (subtitle, "·") ? subtitle + 2 : subtitle);
    }
  if (GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, "party")) == 0)
    add_row (self, "party", _("No contact or company"), NULL);
}

/* One group listing the @entity records whose deal_id is this deal. */
static AdwPreferencesGroup *
add_related (KtDealDetail *self,
             GtkBox       *box,
             const char   *group_name,
             const char   *title,
             const char   *entity_name,
             const char   *sort_field,
             const char   *empty)
{
  const KtEntity *entity = kt_entity_lookup (entity_name);
  g_autoptr(KtQuery) query = NULL;
  g_autoptr(GPtrArray) records = NULL;
  AdwPreferencesGroup *group = add_group (self, box, group_name, title);

  if (entity == NULL)
    return group;
  query = kt_query_new (entity);
  kt_query_add_filter (query, "deal_id", self->deal_id);
  kt_query_set_sort (query, sort_field, TRUE);
  records = kt_store_query (self->store, query, 0, RELATED_LIMIT, NULL);
  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      KtRecord *record = g_ptr_array_index (records, i);
      g_autofree char *record_title = kt_record_dup_title (record);
      g_autofree char *subtitle = NULL;

      if (g_str_equal (entity_name, "task"))
        {
          g_autofree char *due = kt_format_datetime_string (kt_record_get_string (record, "due_at"));

          subtitle = g_strdup_printf ("%s%s%s", kt_record_get_bool (record, "done") ? _("Done") : _("To do"),
                                      due != NULL ? " · " : "", due != NULL ? due : "");
        }
      else if (g_str_equal (entity_name, "activity"))
        subtitle = kt_format_datetime_string (kt_record_get_string (record, "occurred_at"));
      else
        {
          const char *currency = kt_record_get_string (record, "currency");
          g_autofree char *total = kt_format_money (kt_record_get_int (record, "total"),
                                                    currency != NULL ? currency : KT_DEFAULT_CURRENCY);

          subtitle = g_strdup_printf ("%s · %s", kt_record_get_string (record, "status"), total);
        }
      add_row (self, group_name, record_title, subtitle);
    }
  if (records == NULL || records->len == 0)
    {
      GtkWidget *label = gtk_label_new (empty);

      gtk_widget_add_css_class (label, "dim-label");
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      adw_preferences_group_add (group, label);
    }
  return group;
}

static void
rebuild (KtDealDetail *self)
{
  g_autoptr(KtRecord) deal = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer group;
  const char *status;
  GtkWidget *add_task;

  g_hash_table_iter_init (&iter, self->groups);
  while (g_hash_table_iter_next (&iter, NULL, &group))
    gtk_box_remove (GTK_BOX (gtk_widget_get_parent (group)), group);
  g_hash_table_remove_all (self->groups);
  g_hash_table_remove_all (self->counts);

  if (!(deal = kt_store_get (self->store, kt_entity_lookup ("deal"), self->deal_id, &error)))
    {
      adw_window_title_set_title (self->window_title, _("Deal"));
      adw_window_title_set_subtitle (self->window_title, error->message);
      return;
    }
  {
    g_autofree char *title = kt_record_dup_title (deal);

    adw_window_title_set_title (self->window_title, title);
    gtk_window_set_title (GTK_WINDOW (self), title);
  }
  status = kt_record_get_string (deal, "status");
  adw_window_title_set_subtitle (self->window_title,
                                 g_strcmp0 (status, "won") == 0 ? _("Won")
                                 : g_strcmp0 (status, "lost") == 0 ? _("Lost") : _("Open"));
  gtk_widget_set_visible (self->won_button, g_strcmp0 (status, "open") == 0);
  gtk_widget_set_visible (self->lost_button, g_strcmp0 (status, "open") == 0);
  gtk_widget_set_visible (self->reopen_button, g_strcmp0 (status, "open") != 0);

  add_field_rows (self, deal);
  add_party_rows (self, deal);
  group = add_related (self, self->top_box, "tasks", _("Tasks"), "task", "due_at",
                       _("No tasks for this deal"));
  add_task = gtk_button_new_with_mnemonic (_("_Add Task…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add_task), "deal.add-task");
  gtk_widget_set_valign (add_task, GTK_ALIGN_CENTER);
  adw_preferences_group_set_header_suffix (group, add_task);
  add_related (self, self->bottom_box, "invoices", _("Invoices"), "invoice", "issue_date", _("No invoices"));
  add_related (self, self->bottom_box, "offers", _("Offers"), "offer", "issue_date", _("No offers"));
}

static gboolean
rebuild_idle_cb (gpointer data)
{
  KtDealDetail *self = data;

  self->rebuild_idle = 0;
  rebuild (self);
  return G_SOURCE_REMOVE;
}

static void
on_store_changed_cb (KtStore      *store,
                     const char   *entity,
                     const char   *record_id,
                     KtDealDetail *self)
{
  if (self->rebuild_idle == 0)
    self->rebuild_idle = g_idle_add (rebuild_idle_cb, self);
}

static void
show_error (KtDealDetail *self,
            const GError *error)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
won_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  g_autoptr(GError) error = NULL;

  if (!kt_deal_detail_close_deal (KT_DEAL_DETAIL (widget), TRUE, NULL, &error))
    show_error (KT_DEAL_DETAIL (widget), error);
}

static void
on_lost_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     KtDealDetail     *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "lose") == 0 &&
      !kt_deal_detail_close_deal (self, FALSE, gtk_editable_get_text (entry), &error))
    show_error (self, error);
}

static void
lost_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KtDealDetail *self = KT_DEAL_DETAIL (widget);
  GtkWidget *dialog, *entry;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Mark the Deal as Lost?"),
                                   _("Say why it was lost: the reasons tell the team what to change."));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason, e.g. price, timing, competitor"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reason lost"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "lose", _("Mark as _Lost"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "lose",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "lose");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_lost_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reopen_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  KtDealDetail *self = KT_DEAL_DETAIL (widget);
  g_autoptr(KtRecord) deal = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(KtDealMove) move = NULL;
  g_autoptr(GError) error = NULL;
  const char *target = NULL;

  if (!(deal = kt_store_get (self->store, kt_entity_lookup ("deal"), self->deal_id, &error)) ||
      !(stages = kt_pipelines_load_stages (self->store, kt_record_get_string (deal, "pipeline_id"), &error)))
    {
      show_error (self, error);
      return;
    }
  /* Back into the last open stage: a reopened deal was usually close. */
  for (guint i = 0; i < stages->len; i++)
    {
      KtRecord *stage = g_ptr_array_index (stages, i);

      if (g_strcmp0 (kt_record_get_string (stage, "kind"), "open") == 0 ||
          !kt_record_has (stage, "kind"))
        target = kt_record_get_id (stage);
    }
  if (target == NULL)
    return;
  if (!(move = kt_deal_move (self->store, self->deal_id, target, NULL, NULL, NULL, &error)))
    show_error (self, error);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KtDealDetail *self = KT_DEAL_DETAIL (widget);
  g_autoptr(KtRecord) deal = NULL;
  g_autoptr(GError) error = NULL;
  KtDealForm *form;

  if (!(deal = kt_store_get (self->store, KT_ENTITY_DEAL, self->deal_id, &error)))
    {
      show_error (self, error);
      return;
    }
  form = kt_deal_form_new (self->context, deal, NULL, NULL);
  gtk_window_set_transient_for (GTK_WINDOW (form), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (form));
}

static void
add_task_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  KtDealDetail *self = KT_DEAL_DETAIL (widget);
  KtTaskEditor *editor = kt_task_editor_new (self->store, NULL);
  g_autoptr(KtRecord) deal = kt_store_get (self->store, KT_ENTITY_DEAL, self->deal_id, NULL);

  kt_task_editor_set_link (editor, "deal_id", self->deal_id);
  /* The deal's people come along, so the task shows up with them too. */
  if (deal != NULL && kt_record_get_string (deal, "contact_id") != NULL)
    kt_task_editor_set_link (editor, "contact_id", kt_record_get_string (deal, "contact_id"));
  if (deal != NULL && kt_record_get_string (deal, "company_id") != NULL)
    kt_task_editor_set_link (editor, "company_id", kt_record_get_string (deal, "company_id"));
  gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (editor));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  g_autoptr(GError) error = NULL;

  if (!kt_deal_detail_delete (KT_DEAL_DETAIL (widget), &error))
    show_error (KT_DEAL_DETAIL (widget), error);
}

static void
kt_deal_detail_dispose (GObject *object)
{
  KtDealDetail *self = KT_DEAL_DETAIL (object);

  g_clear_handle_id (&self->rebuild_idle, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_object (&self->context);
  g_clear_pointer (&self->groups, g_hash_table_unref);
  g_clear_pointer (&self->counts, g_hash_table_unref);
  g_clear_pointer (&self->deal_id, g_free);

  G_OBJECT_CLASS (kt_deal_detail_parent_class)->dispose (object);
}

static void
kt_deal_detail_class_init (KtDealDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_deal_detail_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/kantora/Kantora/deals/kt-deal-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, KtDealDetail, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KtDealDetail, window_title);
  gtk_widget_class_bind_template_child (widget_class, KtDealDetail, content_box);
  gtk_widget_class_bind_template_child (widget_class, KtDealDetail, top_box);
  gtk_widget_class_bind_template_child (widget_class, KtDealDetail, bottom_box);
  gtk_widget_class_bind_template_child (widget_class, KtDealDetail, won_button);
  gtk_widget_class_bind_template_child (widget_class, KtDealDetail, lost_button);
  gtk_widget_class_bind_template_child (widget_class, KtDealDetail, reopen_button);
  gtk_widget_class_bind_template_child (widget_class, KtDealDetail, edit_button);

  gtk_widget_class_install_action (widget_class, "deal.won", NULL, won_action);
  gtk_widget_class_install_action (widget_class, "deal.lost", NULL, lost_action);
  gtk_widget_class_install_action (widget_class, "deal.reopen", NULL, reopen_action);
  gtk_widget_class_install_action (widget_class, "deal.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "deal.add-task", NULL, add_task_action);
  gtk_widget_class_install_action (widget_class, "deal.delete", NULL, delete_action);

  /**
   * KtDealDetail::deleted:
   * @deal_id: the deal's id
   * @title: its title
   *
   * The deal was deleted from the detail (which then closes): whoever
   * opened it offers the undo.
   */
  signals[DELETED] =
    g_signal_new ("deleted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kt_deal_detail_init (KtDealDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

GtkWidget *
kt_deal_detail_new (KtContext  *context,
                    const char *deal_id)
{
  KtDealDetail *self;

  g_return_val_if_fail (KT_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (deal_id != NULL, NULL);

  self = g_object_new (KT_TYPE_DEAL_DETAIL, NULL);
  self->context = g_object_ref (context);
  self->store = g_object_ref (kt_context_get_store (context));
  self->deal_id = g_strdup (deal_id);
  g_signal_connect (self->store, "changed", G_CALLBACK (on_store_changed_cb), self);
  /* Between the deal's own groups and its invoices and offers. */
  self->timeline = kt_activity_timeline_new (self->store, "deal", deal_id);
  gtk_box_insert_child_after (self->content_box, self->timeline, GTK_WIDGET (self->top_box));
  rebuild (self);
  /* Left alone, GTK would focus the first button of the header, Won, and
   * Enter would close the deal as won: the keyboard starts in the
   * deal's rows instead, or on Edit, which changes nothing by itself. */
  if (!gtk_widget_child_focus (GTK_WIDGET (self->content_box), GTK_DIR_TAB_FORWARD))
    gtk_widget_grab_focus (self->edit_button);
  return GTK_WIDGET (self);
}

const char *
kt_deal_detail_get_deal_id (KtDealDetail *self)
{
  g_return_val_if_fail (KT_IS_DEAL_DETAIL (self), NULL);
  return self->deal_id;
}

gboolean
kt_deal_detail_close_deal (KtDealDetail  *self,
                           gboolean       won,
                           const char    *reason,
                           GError       **error)
{
  g_autoptr(KtRecord) deal = NULL;
  g_autoptr(KtRecord) stage = NULL;
  g_autoptr(KtDealMove) move = NULL;
  const char *kind = won ? "won" : "lost";

  g_return_val_if_fail (KT_IS_DEAL_DETAIL (self), FALSE);

  if (!(deal = kt_store_get (self->store, kt_entity_lookup ("deal"), self->deal_id, error)))
    return FALSE;
  stage = kt_pipelines_find_stage (self->store, kt_record_get_string (deal, "pipeline_id"), kind);
  if (stage == NULL)
    {
      g_set_error (error, KT_ERROR, KT_ERROR_NOT_FOUND,
                   won ? _("The pipeline has no Won stage: add one in the pipeline editor")
                       : _("The pipeline has no Lost stage: add one in the pipeline editor"));
      return FALSE;
    }
  move = kt_deal_move (self->store, self->deal_id, kt_record_get_id (stage), NULL, NULL, reason, error);
  if (move == NULL)
    return FALSE;
  rebuild (self);
  return TRUE;
}

/**
 * kt_deal_detail_get_timeline:
 *
 * Returns: (transfer none): the deal's activity timeline
 */
GtkWidget *
kt_deal_detail_get_timeline (KtDealDetail *self)
{
  g_return_val_if_fail (KT_IS_DEAL_DETAIL (self), NULL);
  return self->timeline;
}

gboolean
kt_deal_detail_delete (KtDealDetail  *self,
                       GError       **error)
{
  g_autoptr(KtRecord) deal = NULL;
  g_autofree char *title = NULL;
  g_autofree char *deal_id = NULL;

  g_return_val_if_fail (KT_IS_DEAL_DETAIL (self), FALSE);

  if (!(deal = kt_store_get (self->store, KT_ENTITY_DEAL, self->deal_id, error)) ||
      !kt_store_delete (self->store, KT_ENTITY_DEAL, self->deal_id, error))
    return FALSE;
  title = kt_record_dup_title (deal);
  deal_id = g_strdup (self->deal_id);
  g_signal_emit (self, signals[DELETED], 0, deal_id, title);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

guint
kt_deal_detail_count_rows (KtDealDetail *self,
                           const char   *group)
{
  g_return_val_if_fail (KT_IS_DEAL_DETAIL (self), 0);
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, group));
}
