/* kt-templates.c: the organization's document templates on the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-templates"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-template.h"
#include "kt-templates.h"

/* The fields a template's look is made of: what a copy copies. */
static const char * const look_fields[] = {
  "kind", "header", "footer", "body", "primary_color", "font_family", "logo", "custom_css",
  "layout", NULL
};

KtRecord *
kt_templates_create_from_builtin (KtStore    *store,
                                  const char *builtin_id,
                                  const char *kind,
                                  GError    **error)
{
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(KtRecord) record = NULL;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (builtin_id != NULL, NULL);

  fields = kt_document_template_dup_builtin_fields (builtin_id);
  if (fields == NULL)
    {
      g_set_error (error, KT_ERROR, KT_ERROR_NOT_FOUND, _("There is no built-in template “%s”"),
                   builtin_id);
      return NULL;
    }
  record = kt_record_new (KT_ENTITY_DOCUMENT_TEMPLATE);
  kt_record_set_string (record, "name", json_object_get_string_member (fields, "name"));
  for (guint i = 0; look_fields[i] != NULL; i++)
    {
      const char *v = json_object_get_string_member_with_default (fields, look_fields[i], NULL);

      if (v != NULL && *v != '\0')
        kt_record_set_string (record, look_fields[i], v);
    }
  if (kind != NULL)
    kt_record_set_string (record, "kind", kind);
  kt_record_set_bool (record, "is_default", FALSE);
  if (!kt_store_save (store, record, error))
    return NULL;
  return g_steal_pointer (&record);
}

KtRecord *
kt_templates_duplicate (KtStore    *store,
                        KtRecord   *tmpl,
                        const char *name,
                        GError    **error)
{
  g_autoptr(KtRecord) copy = NULL;
  g_autofree char *default_name = NULL;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (KT_IS_RECORD (tmpl), NULL);

  /* A new record with the look copied, not kt_record_copy(): that keeps
   * the id and the clocks, and the copy is a template of its own. */
  copy = kt_record_new (KT_ENTITY_DOCUMENT_TEMPLATE);
  for (guint i = 0; look_fields[i] != NULL; i++)
    if (kt_record_has (tmpl, look_fields[i]))
      kt_record_set_string (copy, look_fields[i], kt_record_get_string (tmpl, look_fields[i]));
  if (name == NULL)
    /* Translators: the name of a copy of a document template */
    name = default_name = g_strdup_printf (_("%s (copy)"), kt_record_get_string (tmpl, "name"));
  kt_record_set_string (copy, "name", name);
  kt_record_set_bool (copy, "is_default", FALSE);
  if (!kt_store_save (store, copy, error))
    return NULL;
  return g_steal_pointer (&copy);
}

gboolean
kt_templates_rename (KtStore    *store,
                     KtRecord   *tmpl,
                     const char *name,
                     GError    **error)
{
  g_autoptr(KtRecord) edited = NULL;
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (KT_IS_STORE (store), FALSE);
  g_return_val_if_fail (KT_IS_RECORD (tmpl), FALSE);

  stripped = g_strstrip (g_strdup (name != NULL ? name : ""));
  edited = kt_record_copy (tmpl);
  kt_record_set_string (edited, "name", stripped);
  /* An empty name fails validation ("name" is required), named. */
  return kt_store_save (store, edited, error);
}

static GPtrArray *
load_templates (KtStore    *store,
                const char *kind,
                GError    **error)
{
  g_autoptr(KtQuery) query = kt_query_new (KT_ENTITY_DOCUMENT_TEMPLATE);

  if (kind != NULL)
    kt_query_add_filter (query, "kind", kind);
  /* An organization has a handful of templates. */
  return kt_store_query (store, query, 0, 1000, error);
}

gboolean
kt_templates_set_default (KtStore  *store,
                          KtRecord *tmpl,
                          GError  **error)
{
  g_autoptr(GPtrArray) others = NULL;
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(KtRecord) marked = NULL;
  const char *kind;

  g_return_val_if_fail (KT_IS_STORE (store), FALSE);
  g_return_val_if_fail (KT_IS_RECORD (tmpl), FALSE);

  kind = kt_record_get_string (tmpl, "kind");
  others = load_templates (store, kind, error);
  if (others == NULL)
    return FALSE;
  for (guint i = 0; i < others->len; i++)
    {
      KtRecord *other = g_ptr_array_index (others, i);

      if (g_strcmp0 (kt_record_get_id (other), kt_record_get_id (tmpl)) != 0 &&
          kt_record_get_bool (other, "is_default"))
        {
          KtRecord *unmarked = kt_record_copy (other);

          kt_record_set_bool (unmarked, "is_default", FALSE);
          g_ptr_array_add (changed, unmarked);
        }
    }
  marked = kt_record_copy (tmpl);
  kt_record_set_bool (marked, "is_default", TRUE);
  g_ptr_array_add (changed, g_steal_pointer (&marked));
  return kt_store_save_all (store, changed, error);
}

KtRecord *
kt_templates_get_default (KtStore    *store,
                          const char *kind,
                          GError    **error)
{
  g_autoptr(GPtrArray) all = NULL;
  KtRecord *best;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  all = load_templates (store, NULL, error);
  if (all == NULL)
    return NULL;
  best = kt_document_template_pick_default (all, kind);
  return best != NULL ? g_object_ref (best) : NULL;
}

KtDocumentTemplate *
kt_templates_for_document (KtStore  *store,
                           KtRecord *doc)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (KT_IS_RECORD (doc), NULL);

  all = load_templates (store, NULL, &error);
  if (all == NULL)
    {
      g_warning ("Cannot read the document templates: %s", error->message);
      return NULL;
    }
  return kt_document_template_for (doc, all);
}
