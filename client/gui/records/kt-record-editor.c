/* kt-record-editor.c: one row of the record form, for one field
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-record-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "kt-form-state.h"
#include "kt-format.h"
#include "kt-record-editor.h"
#include "kt-record-picker.h"
#include "kt-record-text.h"

typedef enum {
  EDITOR_ENTRY,
  EDITOR_TEXT,     /* several lines: notes, descriptions */
  EDITOR_COMBO,
  EDITOR_SWITCH,
  EDITOR_PICKER,   /* a reference: found by searching, however many there are */
} EditorKind;

/* What a custom field holds, from its definition's "field_type". */
typedef enum {
  CUSTOM_NONE,
  CUSTOM_TEXT,
  CUSTOM_NUMBER,
  CUSTOM_DATE,
  CUSTOM_CHOICE,
  CUSTOM_BOOL,
} CustomType;

struct _KtRecordEditor
{
  EditorKind     kind;
  const KtField *field;        /* NULL for a custom field */
  CustomType     custom_type;
  char          *custom_key;
  char          *key;
  char          *label;

  GtkWidget     *row;
  GtkWidget     *toggle;       /* EDITOR_SWITCH */
  GtkWidget     *text_view;    /* EDITOR_TEXT */
  GPtrArray     *values;       /* EDITOR_COMBO: the value of each item, NULL = unset */
  GtkStringList *items;
  char          *loaded_currency; /* a money field: the currency its text was written in */
};

/* Text fields people write paragraphs into. */
static const char * const multiline_fields[] = { "notes", "description", NULL };

/* Switches whose title alone does not say what they do. */
static const struct {
  const char *field;
  const char *hint;
} switch_hints[] = {
  { "reminders_opt_out", N_("Overdue invoices to this client get no reminder emails") },
};

static void
make_entry (KtRecordEditor *editor)
{
  editor->kind = EDITOR_ENTRY;
  editor->row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (editor->row), editor->label);
}

/* An AdwEntryRow holds one line: notes get a text view under the
 * field's title, in a row of the same list. */
static void
make_text (KtRecordEditor *editor)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (editor->label);

  editor->kind = EDITOR_TEXT;
  editor->row = adw_preferences_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (editor->row), editor->label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (editor->row), FALSE);
  gtk_widget_set_focusable (editor->row, FALSE);

  gtk_label_set_xalign (GTK_LABEL (title), 0.0f);
  gtk_widget_add_css_class (title, "caption");
  gtk_widget_add_css_class (title, "dim-label");
  editor->text_view = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (editor->text_view), GTK_WRAP_WORD_CHAR);
  /* Tab moves on to the next field, as in every other row. */
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (editor->text_view), FALSE);
  gtk_widget_set_size_request (editor->text_view, -1, 72);
  gtk_widget_add_css_class (editor->text_view, "inline");
  gtk_accessible_update_property (GTK_ACCESSIBLE (editor->text_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, editor->label, -1);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), editor->text_view);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (editor->row), box);
}

static void
make_switch (KtRecordEditor *editor)
{
  editor->kind = EDITOR_SWITCH;
  editor->row = adw_action_row_new ();
  editor->toggle = gtk_switch_new ();
  gtk_widget_set_valign (editor->toggle, GTK_ALIGN_CENTER);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (editor->row), editor->label);
  adw_action_row_add_suffix (ADW_ACTION_ROW (editor->row), editor->toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (editor->row), editor->toggle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (editor->toggle),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, editor->label, -1);
}

static void
make_combo (KtRecordEditor *editor,
            gboolean        with_unset)
{
  editor->kind = EDITOR_COMBO;
  editor->row = adw_combo_row_new ();
  editor->items = gtk_string_list_new (NULL);
  editor->values = g_ptr_array_new_with_free_func (g_free);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (editor->row), editor->label);

  if (with_unset)
    {
      gtk_string_list_append (editor->items, C_("no value", "None"));
      g_ptr_array_add (editor->values, NULL);
    }
}

static void
add_choice (KtRecordEditor *editor,
            const char     *value,
            const char     *label)
{
  gtk_string_list_append (editor->items, label);
  g_ptr_array_add (editor->values, g_strdup (value));
}

static void
finish_combo (KtRecordEditor *editor)
{
  adw_combo_row_set_model (ADW_COMBO_ROW (editor->row), G_LIST_MODEL (editor->items));
}

static void
make_picker (KtRecordEditor *editor,
             KtStore        *store,
             const KtEntity *ref_entity)
{
  editor->kind = EDITOR_PICKER;
  editor->row = kt_record_picker_new (store, ref_entity, editor->label);
}

KtRecordEditor *
kt_record_editor_new_for_field (KtStore        *store,
                                const KtEntity *entity,
                                const char     *field,
                                const char     *default_currency)
{
  const KtField *desc;
  KtRecordEditor *editor;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (entity != NULL, NULL);
  g_return_val_if_fail (field != NULL, NULL);

  desc = kt_entity_get_field (entity, field);
  if (desc == NULL || desc->type == KT_FIELD_JSON ||
      (desc->flags & (KT_FIELD_SERVER | KT_FIELD_SECRET)) != 0)
    return NULL;

  editor = g_new0 (KtRecordEditor, 1);
  editor->field = desc;
  editor->key = g_strdup (field);
  editor->label = g_strdup (_(desc->label));

  switch (desc->type)
    {
    case KT_FIELD_BOOL:
      make_switch (editor);
      for (guint i = 0; i < G_N_ELEMENTS (switch_hints); i++)
        if (g_str_equal (switch_hints[i].field, field))
          adw_action_row_set_subtitle (ADW_ACTION_ROW (editor->row), _(switch_hints[i].hint));
      break;

    case KT_FIELD_ENUM:
      make_combo (editor, (desc->flags & KT_FIELD_REQUIRED) == 0);
      for (guint i = 0; desc->choices != NULL && desc->choices[i] != NULL; i++)
        add_choice (editor, desc->choices[i], kt_record_text_choice (desc->choices[i]));
      finish_combo (editor);
      break;

    case KT_FIELD_CURRENCY:
      {
        const KtCurrency *all = kt_currency_all ();

        make_combo (editor, FALSE);
        for (guint i = 0; all[i].code != NULL; i++)
          {
            g_autofree char *label = g_strdup_printf ("%s (%s)", all[i].code, all[i].symbol);

            add_choice (editor, all[i].code, label);
          }
        finish_combo (editor);
        g_object_set_data_full (G_OBJECT (editor->row), "kt-default",
                                g_strdup (default_currency), g_free);
      }
      break;

    case KT_FIELD_REF:
      {
        const KtEntity *ref_entity = kt_entity_lookup (desc->ref_entity);

        if (ref_entity == NULL)
          {
            kt_record_editor_free (editor);
            return NULL;
          }
        make_picker (editor, store, ref_entity);
      }
      break;

    case KT_FIELD_TEXT:
      if (g_strv_contains (multiline_fields, field))
        make_text (editor);
      else
        make_entry (editor);
      break;

    default:
      make_entry (editor);
      break;
    }

  g_object_ref_sink (editor->row);
  return editor;
}

static CustomType
parse_custom_type (const char *type)
{
  static const struct { const char *name; CustomType type; } types[] = {
    { "text", CUSTOM_TEXT }, { "number", CUSTOM_NUMBER }, { "date", CUSTOM_DATE },
    { "choice", CUSTOM_CHOICE }, { "bool", CUSTOM_BOOL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_strcmp0 (type, types[i].name) == 0)
      return types[i].type;

  return CUSTOM_NONE;
}

KtRecordEditor *
kt_record_editor_new_for_custom (KtRecord *definition)
{
  KtRecordEditor *editor;
  CustomType type;
  const char *key;

  g_return_val_if_fail (KT_IS_RECORD (definition), NULL);

  type = parse_custom_type (kt_record_get_string (definition, "field_type"));
  key = kt_record_get_string (definition, "key");
  if (type == CUSTOM_NONE || key == NULL)
    return NULL;

  editor = g_new0 (KtRecordEditor, 1);
  editor->custom_type = type;
  editor->custom_key = g_strdup (key);
  editor->key = g_strconcat ("custom.", key, NULL);
  editor->label = g_strdup (kt_record_get_string (definition, "label"));
  if (editor->label == NULL)
    editor->label = g_strdup (key);

  switch (type)
    {
    case CUSTOM_BOOL:
      make_switch (editor);
      break;

    case CUSTOM_CHOICE:
      {
        const char * const *choices = kt_record_get_tags (definition, "choices");

        make_combo (editor, !kt_record_get_bool (definition, "required"));
        for (guint i = 0; choices != NULL && choices[i] != NULL; i++)
          add_choice (editor, choices[i], choices[i]);
        finish_combo (editor);
      }
      break;

    case CUSTOM_NONE:
    case CUSTOM_TEXT:
    case CUSTOM_NUMBER:
    case CUSTOM_DATE:
    default:
      make_entry (editor);
      break;
    }

  g_object_ref_sink (editor->row);
  return editor;
}

void
kt_record_editor_free (KtRecordEditor *editor)
{
  if (editor == NULL)
    return;

  if (editor->toggle != NULL)
    g_signal_handlers_disconnect_by_data (editor->toggle, editor);
  if (editor->row != NULL)
    g_signal_handlers_disconnect_by_data (editor->row, editor);
  g_clear_object (&editor->row);
  g_clear_object (&editor->items);
  g_clear_pointer (&editor->values, g_ptr_array_unref);
  g_free (editor->loaded_currency);
  g_free (editor->custom_key);
  g_free (editor->key);
  g_free (editor->label);
  g_free (editor);
}

const char *
kt_record_editor_get_key (KtRecordEditor *editor)
{
  return editor->key;
}

GtkWidget *
kt_record_editor_get_row (KtRecordEditor *editor)
{
  return editor->row;
}

GtkWidget *
kt_record_editor_get_value_widget (KtRecordEditor *editor)
{
  if (editor->kind == EDITOR_SWITCH)
    return editor->toggle;
  if (editor->kind == EDITOR_TEXT)
    return editor->text_view;
  return editor->row;
}

static void
select_value (KtRecordEditor *editor,
              const char     *value)
{
  for (guint i = 0; i < editor->values->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (editor->values, i), value) == 0)
        {
          adw_combo_row_set_selected (ADW_COMBO_ROW (editor->row), i);
          return;
        }
    }

  adw_combo_row_set_selected (ADW_COMBO_ROW (editor->row), 0);
}

static char *
field_text_for_editing (KtRecordEditor *editor,
                        KtRecord       *record)
{
  const KtField *desc = editor->field;
  const char *name = desc->name;

  if (!kt_record_has (record, name))
    return NULL;

  switch (desc->type)
    {
    case KT_FIELD_INT:
    case KT_FIELD_QUANTITY:
    case KT_FIELD_BPS:
      return g_strdup_printf ("%" G_GINT64_FORMAT, kt_record_get_int (record, name));

    case KT_FIELD_MONEY:
      {
        const char *currency = desc->currency_field != NULL
                               ? kt_record_get_string (record, desc->currency_field) : NULL;
        char *plain = kt_money_to_plain_string (kt_record_get_int (record, name),
                                                currency != NULL ? currency : KT_DEFAULT_CURRENCY);

        /* What people type back: a comma in Bulgarian. */
        if (kt_format_get_decimal_mark () == ',')
          g_strdelimit (plain, ".", ',');
        return plain;
      }

    case KT_FIELD_DATE:
      if (kt_format_get_decimal_mark () == ',')
        return kt_format_date_string (kt_record_get_string (record, name));
      return g_strdup (kt_record_get_string (record, name));

    case KT_FIELD_DATETIME:
      {
        /* A payment's "received": people give the day, not the second. */
        g_autofree char *day = g_strndup (kt_record_get_string (record, name), 10);

        if (kt_format_get_decimal_mark () == ',')
          return kt_format_date_string (day);
        return g_steal_pointer (&day);
      }

    case KT_FIELD_TAGS:
      {
        const char * const *tags = kt_record_get_tags (record, name);

        return tags != NULL ? g_strjoinv (", ", (char **) tags) : NULL;
      }

    default:
      return g_strdup (kt_record_get_string (record, name));
    }
}

/* The currency a money field's minor units are read and written in. */
static const char *
effective_currency (KtRecordEditor *editor,
                    KtRecord       *record)
{
  const char *currency = editor->field->currency_field != NULL
                         ? kt_record_get_string (record, editor->field->currency_field) : NULL;

  return currency != NULL ? currency : KT_DEFAULT_CURRENCY;
}

static JsonNode *
custom_value (KtRecord   *record,
              const char *key)
{
  JsonNode *custom = kt_record_get_node (record, "custom");

  if (custom == NULL || !JSON_NODE_HOLDS_OBJECT (custom))
    return NULL;

  return json_object_get_member (json_node_get_object (custom), key);
}

void
kt_record_editor_load (KtRecordEditor *editor,
                       KtRecord       *record)
{
  g_autofree char *text = NULL;
  const char *choice = NULL;
  gboolean active = FALSE;


  if (editor->field != NULL)
    {
      const char *name = editor->field->name;

      if (editor->kind == EDITOR_ENTRY || editor->kind == EDITOR_TEXT)
        text = field_text_for_editing (editor, record);
      else if (editor->kind == EDITOR_SWITCH)
        active = kt_record_get_bool (record, name);
      else if (kt_record_has (record, name))
        choice = kt_record_get_string (record, name);
      else if (editor->field->type == KT_FIELD_CURRENCY)
        choice = g_object_get_data (G_OBJECT (editor->row), "kt-default");
      else if (editor->field->default_value != NULL && editor->field->type == KT_FIELD_ENUM)
        {
          /* "\"manual\"" → manual */
          text = g_strndup (editor->field->default_value + 1,
                            strlen (editor->field->default_value) - 2);
          choice = text;
        }
    }
  else
    {
      JsonNode *value = custom_value (record, editor->custom_key);

      if (value != NULL && JSON_NODE_HOLDS_VALUE (value))
        {
          GType type = json_node_get_value_type (value);

          if (editor->custom_type == CUSTOM_BOOL && type == G_TYPE_BOOLEAN)
            active = json_node_get_boolean (value);
          else if (type == G_TYPE_STRING && editor->custom_type == CUSTOM_DATE &&
                   kt_format_get_decimal_mark () == ',')
            text = kt_format_date_string (json_node_get_string (value));
          else if (type == G_TYPE_STRING)
            text = g_strdup (json_node_get_string (value));
          else if (type == G_TYPE_INT64)
            text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
          else if (type == G_TYPE_DOUBLE)
            {
              char buffer[G_ASCII_DTOSTR_BUF_SIZE];

              text = g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (value)));
            }
          choice = text;
        }
    }

  switch (editor->kind)
    {
    case EDITOR_ENTRY:
      gtk_editable_set_text (GTK_EDITABLE (editor->row), text != NULL ? text : "");
      break;
    case EDITOR_TEXT:
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor->text_view)),
                                text != NULL ? text : "", -1);
      break;
    case EDITOR_SWITCH:
      gtk_switch_set_active (GTK_SWITCH (editor->toggle), active);
      break;
    case EDITOR_COMBO:
      select_value (editor, choice);
      break;
    case EDITOR_PICKER:
      kt_record_picker_set_record_id (KT_RECORD_PICKER (editor->row), choice);
      break;
    default:
      g_assert_not_reached ();
    }

  kt_form_state_mark_loaded (kt_record_editor_get_value_widget (editor));
  g_clear_pointer (&editor->loaded_currency, g_free);
  if (kt_record_editor_depends_on_currency (editor))
    editor->loaded_currency = g_strdup (effective_currency (editor, record));

}

static void
set_parse_error (KtRecordEditor  *editor,
                 GError         **error,
                 const char      *problem)
{
  /* Translators: "Employees: “abc” is not a whole number" */
  g_set_error (error, KT_ERROR, KT_ERROR_INVALID, _("%s: %s"), editor->label, problem);
}

static gboolean
store_entry_field (KtRecordEditor  *editor,
                   KtRecord        *record,
                   const char      *text,
                   GError         **error)
{
  const KtField *desc = editor->field;
  const char *name = desc->name;

  if (*text == '\0')
    {
      kt_record_unset (record, name);
      return TRUE;
    }

  switch (desc->type)
    {
    case KT_FIELD_INT:
    case KT_FIELD_QUANTITY:
    case KT_FIELD_BPS:
      {
        gint64 value;

        if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &value, NULL))
          {
            g_autofree char *problem = g_strdup_printf (_("“%s” is not a whole number"), text);

            set_parse_error (editor, error, problem);
            return FALSE;
          }
        kt_record_set_int (record, name, value);
        return TRUE;
      }

    case KT_FIELD_MONEY:
      {
        const char *currency = desc->currency_field != NULL
                               ? kt_record_get_string (record, desc->currency_field) : NULL;
        g_autoptr(GError) local_error = NULL;
        gint64 minor;

        if (!kt_money_parse (text, currency != NULL ? currency : KT_DEFAULT_CURRENCY,
                             kt_format_get_decimal_mark (), &minor, &local_error))
          {
            set_parse_error (editor, error, local_error->message);
            return FALSE;
          }
        kt_record_set_int (record, name, minor);
        return TRUE;
      }

    case KT_FIELD_DATE:
      {
        g_autoptr(GError) local_error = NULL;
        g_autofree char *iso = NULL;

        if (!kt_format_parse_date (text, &iso, &local_error))
          {
            set_parse_error (editor, error, local_error->message);
            return FALSE;
          }
        kt_record_set_string (record, name, iso);
        return TRUE;
      }

    case KT_FIELD_DATETIME:
      {
        g_autoptr(GError) local_error = NULL;
        g_autofree char *iso = NULL;
        g_autofree char *noon = NULL;

        if (!kt_format_parse_date (text, &iso, &local_error))
          {
            set_parse_error (editor, error, local_error->message);
            return FALSE;
          }
        /* The same day keeps its time (a bank's or Stripe's); a new day is
         * noon UTC, that day in every time zone from UTC-11 to UTC+11. */
        if (g_str_has_prefix (kt_record_get_string (record, name) ?: "", iso))
          return TRUE;
        noon = g_strconcat (iso, "T12:00:00.000Z", NULL);
        kt_record_set_string (record, name, noon);
        return TRUE;
      }

    case KT_FIELD_TAGS:
      {
        g_auto(GStrv) parts = g_strsplit (text, ",", -1);
        g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
        g_auto(GStrv) tags = NULL;

        for (guint i = 0; parts[i] != NULL; i++)
          {
            g_strstrip (parts[i]);
            if (*parts[i] != '\0')
              g_strv_builder_add (builder, parts[i]);
          }
        tags = g_strv_builder_end (builder);
        if (tags[0] == NULL)
          kt_record_unset (record, name);
        else
          kt_record_set_tags (record, name, (const char * const *) tags);
        return TRUE;
      }

    default:
      kt_record_set_string (record, name, text);
      return TRUE;
    }
}

static gboolean
store_custom_entry (KtRecordEditor  *editor,
                    JsonObject      *custom,
                    const char      *text,
                    GError         **error)
{
  /* @custom starts as the record's own values: emptied means removed. */
  if (*text == '\0')
    {
      if (json_object_has_member (custom, editor->custom_key))
        json_object_remove_member (custom, editor->custom_key);
      return TRUE;
    }

  if (editor->custom_type == CUSTOM_NUMBER)
    {
      g_autofree char *normal = g_strdup (text);
      gint64 whole;
      char *end;
      double value;

      g_strdelimit (normal, ",", '.');
      if (g_ascii_string_to_signed (normal, 10, G_MININT64, G_MAXINT64, &whole, NULL))
        {
          json_object_set_int_member (custom, editor->custom_key, whole);
          return TRUE;
        }
      value = g_ascii_strtod (normal, &end);
      if (*end != '\0' || end == normal)
        {
          g_autofree char *problem = g_strdup_printf (_("“%s” is not a number"), text);

          set_parse_error (editor, error, problem);
          return FALSE;
        }
      json_object_set_double_member (custom, editor->custom_key, value);
      return TRUE;
    }

  if (editor->custom_type == CUSTOM_DATE)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *iso = NULL;

      if (!kt_format_parse_date (text, &iso, &local_error))
        {
          set_parse_error (editor, error, local_error->message);
          return FALSE;
        }
      json_object_set_string_member (custom, editor->custom_key, iso);
      return TRUE;
    }

  json_object_set_string_member (custom, editor->custom_key, text);
  return TRUE;
}

gboolean
kt_record_editor_store (KtRecordEditor  *editor,
                        KtRecord        *record,
                        JsonObject      *custom,
                        GError         **error)
{
  switch (editor->kind)
    {
    case EDITOR_ENTRY:
      {
        g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editor->row))));

        if (editor->field != NULL)
          return store_entry_field (editor, record, text, error);
        return store_custom_entry (editor, custom, text, error);
      }

    case EDITOR_TEXT:
      {
        GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor->text_view));
        GtkTextIter start, end;
        g_autofree char *text = NULL;

        gtk_text_buffer_get_bounds (buffer, &start, &end);
        text = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
        return store_entry_field (editor, record, text, error);
      }

    case EDITOR_SWITCH:
      {
        gboolean active = gtk_switch_get_active (GTK_SWITCH (editor->toggle));

        if (editor->field != NULL)
          kt_record_set_bool (record, editor->field->name, active);
        else
          json_object_set_boolean_member (custom, editor->custom_key, active);
        return TRUE;
      }

    case EDITOR_COMBO:
      {
        guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (editor->row));
        const char *value = selected < editor->values->len
                            ? g_ptr_array_index (editor->values, selected) : NULL;

        if (editor->field != NULL)
          {
            if (value == NULL)
              kt_record_unset (record, editor->field->name);
            else
              kt_record_set_string (record, editor->field->name, value);
          }
        else if (value != NULL)
          json_object_set_string_member (custom, editor->custom_key, value);
        else if (json_object_has_member (custom, editor->custom_key))
          json_object_remove_member (custom, editor->custom_key);
        return TRUE;
      }

    case EDITOR_PICKER:
      {
        const char *value = kt_record_picker_get_record_id (KT_RECORD_PICKER (editor->row));

        if (value == NULL)
          kt_record_unset (record, editor->field->name);
        else
          kt_record_set_string (record, editor->field->name, value);
        return TRUE;
      }

    default:
      g_assert_not_reached ();
    }

  return FALSE;
}

gboolean
kt_record_editor_is_date (KtRecordEditor *editor)
{
  if (editor->kind != EDITOR_ENTRY)
    return FALSE;
  if (editor->field != NULL)
    return editor->field->type == KT_FIELD_DATE || editor->field->type == KT_FIELD_DATETIME;
  return editor->custom_type == CUSTOM_DATE;
}

gboolean
kt_record_editor_is_custom (KtRecordEditor *editor)
{
  return editor->field == NULL;
}

gboolean
kt_record_editor_depends_on_currency (KtRecordEditor *editor)
{
  return editor->field != NULL && editor->field->type == KT_FIELD_MONEY;
}

gboolean
kt_record_editor_needs_store (KtRecordEditor *editor,
                              KtRecord       *record)
{
  if (kt_form_state_changed (kt_record_editor_get_value_widget (editor)))
    return TRUE;

  /* The same text in another currency is another amount of minor units. */
  return kt_record_editor_depends_on_currency (editor) &&
         g_strcmp0 (editor->loaded_currency, effective_currency (editor, record)) != 0;
}

/* Whether @record's entity has custom fields at all (a payment has not). */
static gboolean
has_custom (KtRecord *record)
{
  return kt_entity_get_field (kt_record_get_entity (record), "custom") != NULL;
}

JsonObject *
kt_record_editor_dup_custom (KtRecord *record)
{
  JsonNode *custom = has_custom (record) ? kt_record_get_node (record, "custom") : NULL;
  JsonObject *copy = json_object_new ();
  g_autoptr(GList) keys = NULL;
  JsonObject *values;

  if (custom == NULL || !JSON_NODE_HOLDS_OBJECT (custom))
    return copy;

  /* A new object: json_node_copy() would share the record's, and the
   * form's changes would reach the record it was loaded from. */
  values = json_node_get_object (custom);
  keys = json_object_get_members (values);
  for (GList *l = keys; l != NULL; l = l->next)
    json_object_set_member (copy, l->data, json_node_copy (json_object_get_member (values, l->data)));
  return copy;
}

gboolean
kt_record_editor_validate_custom (GPtrArray  *definitions,
                                  KtRecord   *record,
                                  GError    **error)
{
  g_autoptr(KtRecord) known = NULL;
  g_autoptr(JsonObject) custom = NULL;
  g_autoptr(GList) keys = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (!has_custom (record))
    return TRUE;
  if (kt_record_get_node (record, "custom") == NULL)
    return kt_custom_field_validate_values (definitions, record, error);

  /* The values of fields with no definition here (deleted, or defined on
   * another device and not synced yet) were in the record before the form
   * opened: they are kept as they are, and not judged here. */
  known = kt_record_copy (record);
  custom = kt_record_editor_dup_custom (known);
  keys = json_object_get_members (custom);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      gboolean defined = FALSE;

      for (guint i = 0; i < definitions->len && !defined; i++)
        {
          KtRecord *def = g_ptr_array_index (definitions, i);

          defined = !kt_record_get_deleted (def) &&
                    g_strcmp0 (kt_record_get_string (def, "key"), l->data) == 0;
        }
      if (!defined)
        json_object_remove_member (custom, l->data);
    }
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, custom);
  if (!kt_record_set_node (known, "custom", node, error))
    return FALSE;

  return kt_custom_field_validate_values (definitions, known, error);
}
