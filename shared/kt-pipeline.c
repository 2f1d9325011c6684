/* kt-pipeline.c: sales pipelines and their stages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-pipeline"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-pipeline.h"

#define S KT_FIELD_SEARCHABLE
#define I KT_FIELD_INDEXED
#define O KT_FIELD_SORTABLE
#define R KT_FIELD_REQUIRED

static const KtField pipeline_fields[] = {
  { "name", KT_FIELD_TEXT, R | S | O, N_("Name"), .max_length = 100 },
  { "position", KT_FIELD_INT, O, N_("Position"), .min = 0, .max = G_MAXINT32 },
  { "is_default", KT_FIELD_BOOL, I, N_("Default pipeline"), .default_value = "false" },
  { NULL }
};

const KtEntity kt_pipeline_entity = {
  .name = "pipeline",
  .plural = "pipelines",
  .label = N_("Pipeline"),
  .flags = KT_ENTITY_SYNCED,
  .fields = pipeline_fields,
  .title_fields = "name",
  .default_sort = "position",
};

static const char * const stage_kinds[] = { "open", "won", "lost", NULL };

static const KtField stage_fields[] = {
  { "pipeline_id", KT_FIELD_REF, R | I, N_("Pipeline"), .ref_entity = "pipeline" },
  { "name", KT_FIELD_TEXT, R | S | O, N_("Name"), .max_length = 100 },
  { "position", KT_FIELD_INT, O, N_("Position"), .min = 0, .max = G_MAXINT32 },
  { "probability_bps", KT_FIELD_BPS, 0, N_("Win probability"), .default_value = "0" },
  { "rotting_days", KT_FIELD_INT, 0, N_("Days before a deal goes stale"), .min = 0, .max = 3650 },
  { "kind", KT_FIELD_ENUM, I, N_("Kind"), .choices = stage_kinds, .default_value = "\"open\"" },
  { NULL }
};

const KtEntity kt_stage_entity = {
  .name = "stage",
  .plural = "stages",
  .label = N_("Stage"),
  .flags = KT_ENTITY_SYNCED,
  .fields = stage_fields,
  .title_fields = "name",
  .default_sort = "position",
};

static const struct {
  const char *name;
  gint64      probability_bps;
  const char *kind;
} default_stages[] = {
  { N_("Lead"), 1000, "open" },
  { N_("Qualified"), 2500, "open" },
  { N_("Proposal"), 5000, "open" },
  { N_("Negotiation"), 7500, "open" },
  { N_("Won"), 10000, "won" },
  { N_("Lost"), 0, "lost" },
};

/**
 * kt_pipeline_new_default:
 * @org_id: (nullable): the organization the records belong to
 *
 * Returns: (transfer full) (element-type KtRecord): the default pipeline,
 *   then its stages in order, as new unsaved records.
 */
GPtrArray *
kt_pipeline_new_default (const char *org_id)
{
  GPtrArray *records = g_ptr_array_new_with_free_func (g_object_unref);
  KtRecord *pipeline = kt_record_new (KT_ENTITY_PIPELINE);

  kt_record_set_org_id (pipeline, org_id);
  kt_record_set_string (pipeline, "name", _("Sales"));
  kt_record_set_int (pipeline, "position", 0);
  kt_record_set_bool (pipeline, "is_default", TRUE);
  g_ptr_array_add (records, pipeline);

  for (guint i = 0; i < G_N_ELEMENTS (default_stages); i++)
    {
      KtRecord *stage = kt_record_new (KT_ENTITY_STAGE);

      kt_record_set_org_id (stage, org_id);
      kt_record_set_string (stage, "pipeline_id", kt_record_get_id (pipeline));
      kt_record_set_string (stage, "name", _(default_stages[i].name));
      kt_record_set_int (stage, "position", i);
      kt_record_set_int (stage, "probability_bps", default_stages[i].probability_bps);
      kt_record_set_int (stage, "rotting_days", 0);
      kt_record_set_string (stage, "kind", default_stages[i].kind);
      g_ptr_array_add (records, stage);
    }

  return records;
}
