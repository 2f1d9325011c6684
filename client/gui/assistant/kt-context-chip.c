/* kt-context-chip.c: a record shared with the Assistant
 *
 * The person decides what goes to the AI provider: a chip is one record,
 * and its popover shows the very text the question carries (the chip
 * keeps it, and kt_context_chip_to_json() sends that string, not a fresh
 * read of the record). Removing the chip removes the record from the
 * question.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-context-chip"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-context-chip.h"
#include "kt-record-text.h"

/* docs/api.md: a context item's label and text limits. */
#define MAX_LABEL 200
#define MAX_TEXT  20000

struct _KtContextChip
{
  GtkWidget  parent_instance;

  char      *key;
  char      *label;
  char      *text;

  /* Template children */
  GtkLabel  *label_widget;
  GtkLabel  *text_label;
  GtkWidget *remove_button;
};

G_DEFINE_FINAL_TYPE (KtContextChip, kt_context_chip, GTK_TYPE_WIDGET)

/* Cuts @text to at most @max bytes at a character boundary. */
static char *
cut (const char *text,
     gsize       max)
{
  const char *end;

  if (strlen (text) <= max)
    return g_strdup (text);
  end = g_utf8_find_prev_char (text, text + max + 1);
  return g_strndup (text, (gsize) (end - text));
}

/* The record's fields as the panes show them, "Label: value" a line, in
 * the order of the entity's description. Secrets and raw JSON are left
 * out: neither is something a person reads on the record's page. */
static char *
record_text (KtStore  *store,
             KtRecord *record)
{
  const KtEntity *entity = kt_record_get_entity (record);
  g_autoptr (GHashTable) titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GString) text = g_string_new (NULL);

  for (const KtField *field = entity->fields; field->name != NULL; field++)
    {
      g_autofree char *value = NULL;

      if (field->type == KT_FIELD_JSON || (field->flags & KT_FIELD_SECRET) != 0)
        continue;
      value = kt_record_text_field (store, record, field->name, titles);
      if (value == NULL || *value == '\0')
        continue;
      g_string_append_printf (text, "%s: %s\n", kt_record_text_label (entity, field->name), value);
    }
  if (text->len > 0)
    g_string_truncate (text, text->len - 1);
  return cut (text->str, MAX_TEXT);
}

static void
kt_context_chip_finalize (GObject *object)
{
  KtContextChip *self = KT_CONTEXT_CHIP (object);

  g_free (self->key);
  g_free (self->label);
  g_free (self->text);

  G_OBJECT_CLASS (kt_context_chip_parent_class)->finalize (object);
}

static void
kt_context_chip_dispose (GObject *object)
{
  GtkWidget *child;

  /* GTK 4.8's gtk_widget_dispose_template() unparents only the children
   * bound to fields; the root box is not. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (kt_context_chip_parent_class)->dispose (object);
}

static void
kt_context_chip_class_init (KtContextChipClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_context_chip_dispose;
  object_class->finalize = kt_context_chip_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/kantora/Kantora/assistant/kt-context-chip.ui");
  gtk_widget_class_bind_template_child_full (widget_class, "label", FALSE,
                                             G_STRUCT_OFFSET (KtContextChip, label_widget));
  gtk_widget_class_bind_template_child (widget_class, KtContextChip, text_label);
  gtk_widget_class_bind_template_child (widget_class, KtContextChip, remove_button);
}

static void
kt_context_chip_init (KtContextChip *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

KtContextChip *
kt_context_chip_new (const char *key,
                     const char *label,
                     const char *text)
{
  KtContextChip *self;

  g_return_val_if_fail (key != NULL && label != NULL && text != NULL, NULL);

  self = g_object_new (KT_TYPE_CONTEXT_CHIP, NULL);
  self->key = g_strdup (key);
  self->label = cut (label, MAX_LABEL);
  self->text = cut (text, MAX_TEXT);
  gtk_label_set_text (self->label_widget, self->label);
  gtk_label_set_text (self->text_label, self->text);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->remove_button),
                                          g_variant_new_string (key));
  return self;
}

KtContextChip *
kt_context_chip_new_for_record (KtStore  *store,
                                KtRecord *record)
{
  const KtEntity *entity;
  g_autofree char *key = NULL;
  g_autofree char *title = NULL;
  g_autofree char *label = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (record != NULL, NULL);

  entity = kt_record_get_entity (record);
  key = g_strconcat (entity->name, ":", kt_record_get_id (record), NULL);
  title = kt_record_text_title (record);
  /* TRANSLATORS: a record shared with the Assistant: "Contact: Ivan Petrov". */
  label = g_strdup_printf (_("%s: %s"), _(entity->label), title != NULL ? title : "");
  text = record_text (store, record);
  return kt_context_chip_new (key, label, text);
}

const char *
kt_context_chip_get_key (KtContextChip *self)
{
  g_return_val_if_fail (KT_IS_CONTEXT_CHIP (self), NULL);

  return self->key;
}

const char *
kt_context_chip_get_label (KtContextChip *self)
{
  g_return_val_if_fail (KT_IS_CONTEXT_CHIP (self), NULL);

  return self->label;
}

const char *
kt_context_chip_get_text (KtContextChip *self)
{
  g_return_val_if_fail (KT_IS_CONTEXT_CHIP (self), NULL);

  return self->text;
}

JsonNode *
kt_context_chip_to_json (KtContextChip *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (KT_IS_CONTEXT_CHIP (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "label");
  json_builder_add_string_value (builder, self->label);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, self->text);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
