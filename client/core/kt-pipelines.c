/* kt-pipelines.c: reading and keeping the organization's pipelines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-pipelines"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-pipelines.h"

static GPtrArray *
query_all (KtStore     *store,
           KtQuery     *query,
           GError     **error)
{
  gint64 count = kt_store_count (store, query, error);

  if (count < 0)
    return NULL;
  return kt_store_query (store, query, 0, (guint) count, error);
}

gboolean
kt_pipelines_ensure_default (KtStore  *store,
                             GError  **error)
{
  g_autoptr(KtQuery) query = NULL;
  g_autoptr(GPtrArray) records = NULL;
  gint64 count;

  g_return_val_if_fail (KT_IS_STORE (store), FALSE);

  query = kt_query_new (KT_ENTITY_PIPELINE);
  if ((count = kt_store_count (store, query, error)) < 0)
    return FALSE;
  if (count > 0)
    return TRUE;

  records = kt_pipeline_new_default (kt_store_get_org_id (store));
  return kt_store_save_all (store, records, error);
}

GPtrArray *
kt_pipelines_load (KtStore  *store,
                   GError  **error)
{
  g_autoptr(KtQuery) query = NULL;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);

  query = kt_query_new (KT_ENTITY_PIPELINE);
  kt_query_set_sort (query, "position", FALSE);
  return query_all (store, query, error);
}

GPtrArray *
kt_pipelines_load_stages (KtStore     *store,
                          const char  *pipeline_id,
                          GError     **error)
{
  g_autoptr(KtQuery) query = NULL;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (pipeline_id != NULL, NULL);

  query = kt_query_new (KT_ENTITY_STAGE);
  kt_query_add_filter (query, "pipeline_id", pipeline_id);
  kt_query_set_sort (query, "position", FALSE);
  return query_all (store, query, error);
}

/**
 * kt_pipelines_pick_default:
 *
 * Returns: (transfer none) (nullable): a record of @pipelines
 */
KtRecord *
kt_pipelines_pick_default (GPtrArray *pipelines)
{
  g_return_val_if_fail (pipelines != NULL, NULL);

  for (guint i = 0; i < pipelines->len; i++)
    if (kt_record_get_bool (g_ptr_array_index (pipelines, i), "is_default"))
      return g_ptr_array_index (pipelines, i);
  return pipelines->len > 0 ? g_ptr_array_index (pipelines, 0) : NULL;
}

KtRecord *
kt_pipelines_find_stage (KtStore    *store,
                         const char *pipeline_id,
                         const char *kind)
{
  g_autoptr(GPtrArray) stages = NULL;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (pipeline_id != NULL && kind != NULL, NULL);

  if (!(stages = kt_pipelines_load_stages (store, pipeline_id, NULL)))
    return NULL;
  for (guint i = 0; i < stages->len; i++)
    {
      KtRecord *stage = g_ptr_array_index (stages, i);

      if (g_strcmp0 (kt_record_get_string (stage, "kind"), kind) == 0)
        return g_object_ref (stage);
    }
  return NULL;
}

gint64
kt_pipelines_count_deals (KtStore    *store,
                          const char *stage_id)
{
  g_autoptr(KtQuery) query = NULL;

  g_return_val_if_fail (KT_IS_STORE (store), -1);
  g_return_val_if_fail (stage_id != NULL, -1);

  query = kt_query_new (KT_ENTITY_DEAL);
  kt_query_add_filter (query, "stage_id", stage_id);
  return kt_store_count (store, query, NULL);
}

gboolean
kt_pipelines_delete_stage (KtStore     *store,
                           const char  *stage_id,
                           const char  *target_stage_id,
                           GError     **error)
{
  g_autoptr(KtQuery) query = NULL;
  g_autoptr(GPtrArray) deals = NULL;
  g_autoptr(KtRecord) target = NULL;

  g_return_val_if_fail (KT_IS_STORE (store), FALSE);
  g_return_val_if_fail (stage_id != NULL, FALSE);

  query = kt_query_new (KT_ENTITY_DEAL);
  kt_query_add_filter (query, "stage_id", stage_id);
  if (!(deals = query_all (store, query, error)))
    return FALSE;

  if (deals->len > 0)
    {
      g_autofree char *now = kt_now_iso ();
      const char *kind;

      if (target_stage_id == NULL || g_strcmp0 (target_stage_id, stage_id) == 0)
        {
          g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                       _("The stage still holds %u deals: choose the stage to move them to"),
                       deals->len);
          return FALSE;
        }
      if (!(target = kt_store_get (store, KT_ENTITY_STAGE, target_stage_id, error)))
        return FALSE;
      kind = kt_record_get_string (target, "kind");
      for (guint i = 0; i < deals->len; i++)
        {
          KtRecord *deal = g_ptr_array_index (deals, i);

          kt_record_set_string (deal, "stage_id", target_stage_id);
          kt_record_set_string (deal, "pipeline_id", kt_record_get_string (target, "pipeline_id"));
          kt_record_set_string (deal, "stage_changed_at", now);
          /* Open deals moved into a won or lost stage close with it. */
          if (kind != NULL && g_strcmp0 (kind, "open") != 0 &&
              g_strcmp0 (kt_record_get_string (deal, "status"), "open") == 0)
            {
              kt_record_set_string (deal, "status", kind);
              kt_record_set_string (deal, "closed_at", now);
            }
        }
      if (!kt_store_save_all (store, deals, error))
        return FALSE;
    }
  return kt_store_delete (store, KT_ENTITY_STAGE, stage_id, error);
}

gboolean
kt_pipelines_renumber (KtStore    *store,
                       GPtrArray  *records,
                       GError    **error)
{
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();

  g_return_val_if_fail (KT_IS_STORE (store), FALSE);
  g_return_val_if_fail (records != NULL, FALSE);

  for (guint i = 0; i < records->len; i++)
    {
      KtRecord *record = g_ptr_array_index (records, i);

      if (!kt_record_has (record, "position") || kt_record_get_int (record, "position") != i)
        {
          kt_record_set_int (record, "position", i);
          g_ptr_array_add (changed, record);
        }
    }
  if (changed->len == 0)
    return TRUE;
  return kt_store_save_all (store, changed, error);
}

KtRecord *
kt_pipelines_create (KtStore     *store,
                     const char  *name,
                     GError     **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) existing = NULL;
  KtRecord *pipeline;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (!(existing = kt_pipelines_load (store, error)))
    return NULL;
  records = kt_pipeline_new_default (kt_store_get_org_id (store));
  pipeline = g_ptr_array_index (records, 0);
  kt_record_set_string (pipeline, "name", name);
  kt_record_set_int (pipeline, "position", existing->len);
  kt_record_set_bool (pipeline, "is_default", existing->len == 0);
  if (!kt_store_save_all (store, records, error))
    return NULL;
  return g_object_ref (pipeline);
}

KtRecord *
kt_pipelines_add_stage (KtStore     *store,
                        const char  *pipeline_id,
                        const char  *name,
                        GError     **error)
{
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(KtRecord) stage = NULL;
  guint insert_at;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (pipeline_id != NULL && name != NULL, NULL);

  if (!(stages = kt_pipelines_load_stages (store, pipeline_id, error)))
    return NULL;
  /* New stages go after the last open one: won and lost stay at the end. */
  insert_at = 0;
  for (guint i = 0; i < stages->len; i++)
    {
      const char *kind = kt_record_get_string (g_ptr_array_index (stages, i), "kind");

      if (kind == NULL || g_str_equal (kind, "open"))
        insert_at = i + 1;
    }
  stage = kt_record_new (KT_ENTITY_STAGE);
  kt_record_set_string (stage, "pipeline_id", pipeline_id);
  kt_record_set_string (stage, "name", name);
  kt_record_set_string (stage, "kind", "open");
  kt_record_set_int (stage, "probability_bps", 0);
  kt_record_set_int (stage, "rotting_days", 0);
  g_ptr_array_insert (stages, insert_at, g_object_ref (stage));
  if (!kt_pipelines_renumber (store, stages, error))
    return NULL;
  return g_steal_pointer (&stage);
}

gboolean
kt_pipelines_delete (KtStore     *store,
                     const char  *pipeline_id,
                     GError     **error)
{
  g_autoptr(KtQuery) query = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  gint64 deals;

  g_return_val_if_fail (KT_IS_STORE (store), FALSE);
  g_return_val_if_fail (pipeline_id != NULL, FALSE);

  query = kt_query_new (KT_ENTITY_DEAL);
  kt_query_add_filter (query, "pipeline_id", pipeline_id);
  if ((deals = kt_store_count (store, query, error)) < 0)
    return FALSE;
  if (deals > 0)
    {
      g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The pipeline still holds %d deal: move or delete it first",
                                "The pipeline still holds %d deals: move or delete them first",
                                (unsigned long) deals),
                   (int) deals);
      return FALSE;
    }
  if (!(stages = kt_pipelines_load_stages (store, pipeline_id, error)))
    return FALSE;
  for (guint i = 0; i < stages->len; i++)
    if (!kt_store_delete (store, KT_ENTITY_STAGE,
                          kt_record_get_id (g_ptr_array_index (stages, i)), error))
      return FALSE;
  return kt_store_delete (store, KT_ENTITY_PIPELINE, pipeline_id, error);
}

gboolean
kt_pipelines_move (KtStore    *store,
                   GPtrArray  *records,
                   guint       index,
                   int         delta,
                   GError    **error)
{
  gpointer tmp;
  gint64 other;

  g_return_val_if_fail (KT_IS_STORE (store), FALSE);
  g_return_val_if_fail (records != NULL, FALSE);
  g_return_val_if_fail (delta == -1 || delta == 1, FALSE);

  other = (gint64) index + delta;
  if (index >= records->len || other < 0 || other >= records->len)
    return FALSE;
  tmp = records->pdata[index];
  records->pdata[index] = records->pdata[other];
  records->pdata[other] = tmp;
  return kt_pipelines_renumber (store, records, error);
}
