/* kt-deal.c: deals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-deal"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-deal.h"
#include "kt-error.h"
#include "kt-pipeline.h"

#define S KT_FIELD_SEARCHABLE
#define I KT_FIELD_INDEXED
#define O KT_FIELD_SORTABLE
#define R KT_FIELD_REQUIRED

static const char * const deal_statuses[] = { "open", "won", "lost", NULL };

static const KtField deal_fields[] = {
  { "title", KT_FIELD_TEXT, R | S | O, N_("Title"), .max_length = 200 },
  { "pipeline_id", KT_FIELD_REF, R | I, N_("Pipeline"), .ref_entity = "pipeline" },
  { "stage_id", KT_FIELD_REF, R | I | KT_FIELD_GUARDED, N_("Stage"), .ref_entity = "stage" },
  { "value", KT_FIELD_MONEY, O, N_("Value"), .currency_field = "currency",
    .min = 0, .max = G_MAXINT64 },
  { "currency", KT_FIELD_CURRENCY, 0, N_("Currency"), .default_value = "\"EUR\"" },
  { "status", KT_FIELD_ENUM, R | I | KT_FIELD_GUARDED, N_("Status"), .choices = deal_statuses,
    .default_value = "\"open\"" },
  { "expected_close_date", KT_FIELD_DATE, I | O, N_("Expected close date") },
  { "contact_id", KT_FIELD_REF, I, N_("Contact"), .ref_entity = "contact" },
  { "company_id", KT_FIELD_REF, I, N_("Company"), .ref_entity = "company" },
  { "position", KT_FIELD_INT, O, N_("Position"), .min = G_MININT32, .max = G_MAXINT32 },
  { "stage_changed_at", KT_FIELD_DATETIME, O, N_("Stage changed") },
  { "closed_at", KT_FIELD_DATETIME, I | O, N_("Closed") },
  { "lost_reason", KT_FIELD_TEXT, S, N_("Reason lost"), .max_length = 1000 },
  { "tags", KT_FIELD_TAGS, S | I, N_("Tags") },
  { "notes", KT_FIELD_TEXT, S, N_("Notes"), .max_length = 20000 },
  { "custom", KT_FIELD_JSON, KT_FIELD_SEARCHABLE, N_("Custom fields") },
  { NULL }
};

/* A value in a currency needs the currency; the generic checks make sure
 * the currency is known and the value is not negative. */
static gboolean
validate_deal (const KtEntity *entity,
               KtRecord       *record,
               GError        **error)
{
  if (kt_record_has (record, "value") && !kt_record_has (record, "currency"))
    {
      kt_record_set_field_error (error, "currency",
                                 _("A deal with a value needs a currency"));
      return FALSE;
    }

  return TRUE;
}

const KtEntity kt_deal_entity = {
  .name = "deal",
  .plural = "deals",
  .label = N_("Deal"),
  .flags = KT_ENTITY_SYNCED | KT_ENTITY_CUSTOMIZE,
  .fields = deal_fields,
  .title_fields = "title",
  .default_sort = "position",
  .validate = validate_deal,
};

/**
 * kt_deal_check_stage:
 * @deal: a deal record
 * @stage: the stage record its stage_id names
 * @error: return location for a #GError
 *
 * Returns: %TRUE if @stage is @deal's stage and is in @deal's pipeline.
 */
gboolean
kt_deal_check_stage (KtRecord  *deal,
                     KtRecord  *stage,
                     GError   **error)
{
  const char *stage_pipeline;

  g_return_val_if_fail (KT_IS_RECORD (deal), FALSE);
  g_return_val_if_fail (kt_record_get_entity (deal) == KT_ENTITY_DEAL, FALSE);
  g_return_val_if_fail (KT_IS_RECORD (stage), FALSE);
  g_return_val_if_fail (kt_record_get_entity (stage) == KT_ENTITY_STAGE, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_strcmp0 (kt_record_get_string (deal, "stage_id"), kt_record_get_id (stage)) != 0)
    {
      kt_record_set_field_error (error, "stage_id",
                                 _("The deal is not in the stage “%s”"),
                                 kt_record_get_string (stage, "name"));
      return FALSE;
    }

  if (kt_record_get_deleted (stage))
    {
      kt_record_set_field_error (error, "stage_id",
                                 _("The stage “%s” has been deleted"),
                                 kt_record_get_string (stage, "name"));
      return FALSE;
    }

  stage_pipeline = kt_record_get_string (stage, "pipeline_id");
  if (g_strcmp0 (stage_pipeline, kt_record_get_string (deal, "pipeline_id")) != 0)
    {
      kt_record_set_field_error (error, "stage_id",
                                 _("The stage “%s” belongs to another pipeline"),
                                 kt_record_get_string (stage, "name"));
      return FALSE;
    }

  return TRUE;
}
