/* kt-task.c: tasks and the activity log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-task"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-error.h"
#include "kt-task.h"

#define S KT_FIELD_SEARCHABLE
#define I KT_FIELD_INDEXED
#define O KT_FIELD_SORTABLE
#define R KT_FIELD_REQUIRED

static const char * const task_priorities[] = { "low", "medium", "high", "urgent", NULL };
static const char * const task_types[] = {
  "todo", "call", "email", "meeting", "follow_up", "deadline", NULL
};

static const KtField task_fields[] = {
  { "title", KT_FIELD_TEXT, R | S | O, N_("Title"), .max_length = 200 },
  { "description", KT_FIELD_TEXT, S, N_("Description"), .max_length = 20000 },
  { "priority", KT_FIELD_ENUM, I | O, N_("Priority"), .choices = task_priorities,
    .default_value = "\"medium\"" },
  { "type", KT_FIELD_ENUM, I, N_("Type"), .choices = task_types, .default_value = "\"todo\"" },
  { "due_at", KT_FIELD_DATETIME, I | O, N_("Due") },
  { "assignee_id", KT_FIELD_REF, I, N_("Assignee"), .ref_entity = "user" },
  { "contact_id", KT_FIELD_REF, I, N_("Contact"), .ref_entity = "contact" },
  { "company_id", KT_FIELD_REF, I, N_("Company"), .ref_entity = "company" },
  { "deal_id", KT_FIELD_REF, I, N_("Deal"), .ref_entity = "deal" },
  { "done", KT_FIELD_BOOL, I, N_("Done"), .default_value = "false" },
  { "done_at", KT_FIELD_DATETIME, O, N_("Done at") },
  { NULL }
};

/* A task marked done keeps when it was done; an open task has no such
 * time, so reopening a task must clear it. */
static gboolean
validate_task (const KtEntity *entity,
               KtRecord       *record,
               GError        **error)
{
  if (kt_record_has (record, "done_at") && !kt_record_get_bool (record, "done"))
    {
      kt_record_set_field_error (error, "done_at",
                                 _("An open task cannot have a completion time"));
      return FALSE;
    }

  return TRUE;
}

const KtEntity kt_task_entity = {
  .name = "task",
  .plural = "tasks",
  .label = N_("Task"),
  .flags = KT_ENTITY_SYNCED,
  .fields = task_fields,
  .title_fields = "title",
  .default_sort = "due_at",
  .validate = validate_task,
};

static const char * const activity_types[] = { "call", "meeting", "email", "note", NULL };

static const KtField activity_fields[] = {
  { "type", KT_FIELD_ENUM, R | I, N_("Type"), .choices = activity_types },
  { "occurred_at", KT_FIELD_DATETIME, R | I | O, N_("When") },
  { "subject", KT_FIELD_TEXT, S | O, N_("Subject"), .max_length = 200 },
  { "body", KT_FIELD_TEXT, S, N_("Details"), .max_length = 100000 },
  { "duration_minutes", KT_FIELD_INT, 0, N_("Duration (minutes)"), .min = 0, .max = 100000 },
  { "contact_id", KT_FIELD_REF, I, N_("Contact"), .ref_entity = "contact" },
  { "company_id", KT_FIELD_REF, I, N_("Company"), .ref_entity = "company" },
  { "deal_id", KT_FIELD_REF, I, N_("Deal"), .ref_entity = "deal" },
  { "invoice_id", KT_FIELD_REF, I, N_("Invoice"), .ref_entity = "invoice" },
  { NULL }
};

/* An activity logged against nothing could never be found from a
 * contact's, company's or deal's timeline. */
static gboolean
validate_activity (const KtEntity *entity,
                   KtRecord       *record,
                   GError        **error)
{
  if (!kt_record_has (record, "contact_id") &&
      !kt_record_has (record, "company_id") &&
      !kt_record_has (record, "deal_id") &&
      !kt_record_has (record, "invoice_id"))
    {
      kt_record_set_field_error (error, "contact_id",
                                 _("An activity needs a contact, a company or a deal"));
      return FALSE;
    }

  return TRUE;
}

const KtEntity kt_activity_entity = {
  .name = "activity",
  .plural = "activities",
  .label = N_("Activity"),
  .flags = KT_ENTITY_SYNCED,
  .fields = activity_fields,
  .title_fields = "subject",
  .default_sort = "-occurred_at",
  .validate = validate_activity,
};
