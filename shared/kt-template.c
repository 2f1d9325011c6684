/* kt-template.c: document templates and their variables
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-template"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kt-error.h"
#include "kt-template.h"
#include "kt-template-layout.h"

#define S KT_FIELD_SEARCHABLE
#define I KT_FIELD_INDEXED
#define O KT_FIELD_SORTABLE
#define R KT_FIELD_REQUIRED

static const char * const template_kinds[] = { "invoice", "credit_note", "offer", NULL };

static const KtField document_template_fields[] = {
  { "name", KT_FIELD_TEXT, R | S | O, N_("Name"), .max_length = 200 },
  { "kind", KT_FIELD_ENUM, R | I, N_("Kind"), .choices = template_kinds },
  { "header", KT_FIELD_TEXT, 0, N_("Header"), .max_length = 20000 },
  { "footer", KT_FIELD_TEXT, 0, N_("Footer"), .max_length = 20000 },
  { "body", KT_FIELD_TEXT, 0, N_("Body"), .max_length = 200000 },
  { "primary_color", KT_FIELD_TEXT, 0, N_("Primary color"), .max_length = 7 },
  { "font_family", KT_FIELD_TEXT, 0, N_("Font"), .max_length = 100 },
  { "logo", KT_FIELD_TEXT, 0, N_("Logo"), .max_length = 512 * 1024 },
  { "custom_css", KT_FIELD_TEXT, 0, N_("Custom CSS"), .max_length = 100000 },
  /* The page, its blocks and columns, as JSON (kt-template-layout.h). */
  { "layout", KT_FIELD_TEXT, 0, N_("Layout"), .max_length = KT_TEMPLATE_LAYOUT_MAX_SIZE },
  { "is_default", KT_FIELD_BOOL, I, N_("Default template"), .default_value = "false" },
  { NULL }
};

static gboolean
is_hex_color (const char *text)
{
  if (text[0] != '#' || strlen (text) != 7)
    return FALSE;

  for (guint i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (text[i]))
      return FALSE;

  return TRUE;
}

static gboolean
validate_document_template (const KtEntity *entity,
                            KtRecord       *record,
                            GError        **error)
{
  const char *color = kt_record_get_string (record, "primary_color");
  const char *logo = kt_record_get_string (record, "logo");

  if (color != NULL && *color != '\0' && !is_hex_color (color))
    {
      kt_record_set_field_error (error, "primary_color",
                                 _("“%s” is not a color such as #1c71d8"), color);
      return FALSE;
    }

  if (logo != NULL && *logo != '\0' && !g_str_has_prefix (logo, "data:image/"))
    {
      kt_record_set_field_error (error, "logo", _("The logo must be an image"));
      return FALSE;
    }
  /* The field's length counts characters; the documented limit is of
   * bytes, which a non-ASCII URI has more of. */
  if (logo != NULL && strlen (logo) > (512 * 1024))
    {
      kt_record_set_field_error (error, "logo", _("The logo is larger than 512 KiB"));
      return FALSE;
    }

  /* Whether it parses; the texts of its blocks are checked against the
   * variable catalogue by render/kt-document-template.c, with their
   * lines and columns, as the header and body are. */
  {
    const char *layout = kt_record_get_string (record, "layout");
    g_autoptr(KtTemplateLayout) parsed = NULL;

    if (layout != NULL && *layout != '\0' &&
        (parsed = kt_template_layout_parse (layout, -1, error)) == NULL)
      return FALSE;
  }

  return TRUE;
}

const KtEntity kt_document_template_entity = {
  .name = "document_template",
  .plural = "document_templates",
  .label = N_("Document template"),
  .flags = KT_ENTITY_SYNCED,
  .fields = document_template_fields,
  .title_fields = "name",
  .default_sort = "name",
  .validate = validate_document_template,
};

const char *
kt_document_template_kind_for (KtRecord *document)
{
  const KtEntity *entity = kt_record_get_entity (document);

  if (g_strcmp0 (entity->name, "offer") == 0)
    return "offer";
  if (kt_entity_get_field (entity, "kind") != NULL &&
      g_strcmp0 (kt_record_get_string (document, "kind"), "credit_note") == 0)
    return "credit_note";
  return "invoice";
}

static KtRecord *
pick_marked (GPtrArray  *templates,
             const char *kind)
{
  KtRecord *best = NULL;

  for (guint i = 0; i < templates->len; i++)
    {
      KtRecord *t = g_ptr_array_index (templates, i);
      int cmp;

      if (kt_record_get_entity (t) != &kt_document_template_entity || kt_record_get_deleted (t) ||
          !kt_record_get_bool (t, "is_default") ||
          g_strcmp0 (kt_record_get_string (t, "kind"), kind) != 0)
        continue;
      if (best == NULL)
        {
          best = t;
          continue;
        }
      /* HLC strings order as their clocks. */
      cmp = g_strcmp0 (kt_record_get_field_hlc (t, "is_default"),
                       kt_record_get_field_hlc (best, "is_default"));
      if (cmp > 0 || (cmp == 0 && g_strcmp0 (kt_record_get_id (t), kt_record_get_id (best)) > 0))
        best = t;
    }
  return best;
}

KtRecord *
kt_document_template_pick_default (GPtrArray  *templates,
                                   const char *kind)
{
  KtRecord *best;

  g_return_val_if_fail (templates != NULL && kind != NULL, NULL);

  best = pick_marked (templates, kind);
  if (best == NULL && g_strcmp0 (kind, "credit_note") == 0)
    best = pick_marked (templates, "invoice");
  return best;
}

static const KtField template_variable_fields[] = {
  { "template_id", KT_FIELD_REF, I, N_("Template"), .ref_entity = "document_template" },
  { "key", KT_FIELD_TEXT, R | S | O | I, N_("Key"), .max_length = 64 },
  { "label", KT_FIELD_TEXT, R | S, N_("Label"), .max_length = 100 },
  { "description", KT_FIELD_TEXT, 0, N_("Description"), .max_length = 1000 },
  { "example", KT_FIELD_TEXT, 0, N_("Example"), .max_length = 1000 },
  { NULL }
};

/* Variables appear in templates as {{ key }} or {{ client.name }}: a
 * lower-case identifier, with dots between the parts. */
static gboolean
is_variable_key (const char *key)
{
  gboolean start = TRUE;

  for (const char *p = key; *p; p++)
    {
      if (start && !(*p >= 'a' && *p <= 'z'))
        return FALSE;
      start = *p == '.';
      if (!start && !((*p >= 'a' && *p <= 'z') || g_ascii_isdigit (*p) || *p == '_'))
        return FALSE;
    }

  return !start;
}

static gboolean
validate_template_variable (const KtEntity *entity,
                            KtRecord       *record,
                            GError        **error)
{
  if (!is_variable_key (kt_record_get_string (record, "key")))
    {
      kt_record_set_field_error (error, "key",
                                 _("A variable key is lower-case words joined by dots, such as client.name"));
      return FALSE;
    }

  return TRUE;
}

const KtEntity kt_template_variable_entity = {
  .name = "template_variable",
  .plural = "template_variables",
  .label = N_("Template variable"),
  .flags = KT_ENTITY_SYNCED,
  .fields = template_variable_fields,
  .title_fields = "label",
  .default_sort = "key",
  .validate = validate_template_variable,
};
