/* kt-studio-completion.c: variable and filter names as you type a tag
 *
 * A GtkSourceCompletionProvider over the variable catalogue
 * (shared/kt-tmpl-vars.h): inside "{{" it offers the variables whose key
 * or any dotted part of it starts with what is typed ("num" finds
 * invoice.number), and after a "|" the filters. The word is the whole
 * dotted path before the cursor, not GtkSourceView's default word, which
 * stops at a dot.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-studio-completion"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kt-studio-completion.h"
#include "kt-studio-proposal.h"
#include "kt-tmpl-vars.h"

struct _KtStudioCompletion
{
  GObject parent_instance;
};

static void provider_iface_init (GtkSourceCompletionProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KtStudioCompletion, kt_studio_completion, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GTK_SOURCE_TYPE_COMPLETION_PROVIDER,
                                                      provider_iface_init))

/* docs/templates.md, "Filters". */
static const struct {
  const char *name;
  const char *description;
} filters[] = {
  { "money", N_("An amount in minor units as money: 1 234,56 €") },
  { "number", N_("An amount without the currency: 1 234,56") },
  { "date", N_("A date as the document prints it") },
  { "upper", N_("Upper case") },
  { "lower", N_("Lower case") },
  { "words", N_("An amount in words, in the document’s language") },
  { "words_bg", N_("An amount in words, in Bulgarian") },
  { "words_en", N_("An amount in words, in English") },
  { "default:\"—\"", N_("The text in quotes when the value is empty") },
  { "raw", N_("The value as it is, not escaped") },
};

static gboolean
is_path_char (gunichar ch)
{
  return g_unichar_isalnum (ch) || ch == '_' || ch == '.' || ch == '@';
}

static gboolean
key_matches (const char *key,
             const char *prefix)
{
  const char *dot;

  if (*prefix == '\0' || g_str_has_prefix (key, prefix))
    return TRUE;
  /* A later part: "num" finds "invoice.number". */
  for (dot = strchr (key, '.'); dot != NULL; dot = strchr (dot + 1, '.'))
    if (g_str_has_prefix (dot + 1, prefix))
      return TRUE;
  return FALSE;
}

GListModel *
kt_studio_completion_match (const char *prefix,
                            gboolean    want_filters)
{
  GListStore *store = g_list_store_new (KT_TYPE_STUDIO_PROPOSAL);

  g_return_val_if_fail (prefix != NULL, NULL);

  if (want_filters)
    {
      for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
        if (g_str_has_prefix (filters[i].name, prefix))
          {
            g_autoptr(KtStudioProposal) p = kt_studio_proposal_new (filters[i].name, _(filters[i].description), NULL);
            g_list_store_append (store, p);
          }
      return G_LIST_MODEL (store);
    }

  for (const KtTmplVariable *v = kt_tmpl_variables (); v->key != NULL; v++)
    if (key_matches (v->key, prefix))
      {
        g_autoptr(KtStudioProposal) p = kt_studio_proposal_new (v->key,
                                                                kt_tmpl_variable_get_description (v),
                                                                kt_tmpl_variable_get_example (v));
        g_list_store_append (store, p);
      }

  return G_LIST_MODEL (store);
}

/* The path typed before @end, and whether the cursor is in a tag and
 * after its "|". FALSE when @end is not inside a "{{ … }}". */
static gboolean
find_word (const GtkTextIter *end,
           GtkTextIter       *start,
           gboolean          *in_filters)
{
  GtkTextIter line_start = *end;
  g_autofree char *before = NULL;
  const char *open, *close;
  const char *p;

  *start = *end;
  while (gtk_text_iter_backward_char (start))
    if (!is_path_char (gtk_text_iter_get_char (start)))
      {
        gtk_text_iter_forward_char (start);
        break;
      }

  gtk_text_iter_set_line_offset (&line_start, 0);
  before = gtk_text_iter_get_slice (&line_start, start);
  open = g_strrstr (before, "{{");
  close = g_strrstr (before, "}}");
  if (open == NULL || (close != NULL && close > open))
    return FALSE;

  /* The last non-space character before the word says what it is. */
  p = before + strlen (before);
  while (p > open + 2 && g_ascii_isspace (p[-1]))
    p--;
  *in_filters = p > open + 2 && p[-1] == '|';
  return TRUE;
}

static char *
kt_studio_completion_get_title (GtkSourceCompletionProvider *provider)
{
  return g_strdup (_("Variables"));
}

static gboolean
kt_studio_completion_is_trigger (GtkSourceCompletionProvider *provider,
                                 const GtkTextIter           *iter,
                                 gunichar                     ch)
{
  /* "{{" and "|" open the list without waiting for a letter. */
  return ch == '{' || ch == '|' || ch == '.';
}

/* The prefix typed in the tag at @context's cursor; NULL outside tags. */
static char *
context_prefix (GtkSourceCompletionContext *context,
                gboolean                   *in_filters)
{
  GtkTextIter begin, end, start;

  gtk_source_completion_context_get_bounds (context, &begin, &end);
  if (!find_word (&end, &start, in_filters))
    return NULL;
  return gtk_text_iter_get_slice (&start, &end);
}

static gboolean
filter_proposal (gpointer item,
                 gpointer user_data)
{
  GtkCustomFilter *filter = user_data;
  const char *prefix = g_object_get_data (G_OBJECT (filter), "kt-prefix");
  const char *text = kt_studio_proposal_get_text (KT_STUDIO_PROPOSAL (item));

  return prefix != NULL && key_matches (text, prefix);
}

/* Every variable or filter, behind a filter on the typed prefix that
 * refilter() updates as the person types: GtkSourceView keeps the model
 * it was given and its list's size with it. */
static GListModel *
populate (GtkSourceCompletionContext *context)
{
  gboolean in_filters = FALSE;
  g_autofree char *prefix = context_prefix (context, &in_filters);
  GtkCustomFilter *filter;

  filter = gtk_custom_filter_new (filter_proposal, NULL, NULL);
  /* The filter reads its own prefix: it is its own user data. */
  gtk_custom_filter_set_filter_func (filter, filter_proposal, filter, NULL);
  g_object_set_data_full (G_OBJECT (filter), "kt-prefix", g_steal_pointer (&prefix), g_free);
  g_object_set_data (G_OBJECT (filter), "kt-filters", GINT_TO_POINTER (in_filters));
  return G_LIST_MODEL (gtk_filter_list_model_new (kt_studio_completion_match ("", in_filters), GTK_FILTER (filter)));
}

static void
kt_studio_completion_populate_async (GtkSourceCompletionProvider *provider,
                                     GtkSourceCompletionContext  *context,
                                     GCancellable                *cancellable,
                                     GAsyncReadyCallback          callback,
                                     gpointer                     user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);

  g_autoptr(GListModel) proposals = populate (context);

  g_task_set_source_tag (task, kt_studio_completion_populate_async);
  /* An empty list would be shown as a popup without a width by
   * GtkSourceView 5.6 (a critical): no list then. A hundred keys filter
   * in microseconds, so no thread. */
  if (g_list_model_get_n_items (proposals) == 0)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No variable matches");
  else
    g_task_return_pointer (task, g_steal_pointer (&proposals), g_object_unref);
}

static GListModel *
kt_studio_completion_populate_finish (GtkSourceCompletionProvider *provider,
                                      GAsyncResult                *result,
                                      GError                     **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
any_matches (GListModel *model,
             const char *prefix)
{
  GListModel *all = gtk_filter_list_model_get_model (GTK_FILTER_LIST_MODEL (model));

  for (guint i = 0; prefix != NULL && i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(KtStudioProposal) proposal = g_list_model_get_item (all, i);

      if (key_matches (kt_studio_proposal_get_text (proposal), prefix))
        return TRUE;
    }
  return FALSE;
}

static void
kt_studio_completion_refilter (GtkSourceCompletionProvider *provider,
                               GtkSourceCompletionContext  *context,
                               GListModel                  *model)
{
  GtkFilter *filter = gtk_filter_list_model_get_filter (GTK_FILTER_LIST_MODEL (model));
  gboolean in_filters = FALSE;
  g_autofree char *prefix = context_prefix (context, &in_filters);

  if (in_filters != GPOINTER_TO_INT (g_object_get_data (G_OBJECT (filter), "kt-filters")))
    {
      /* From a variable to the filters after a "|": another list. */
      g_autoptr(GListModel) proposals = populate (context);
      gtk_source_completion_context_set_proposals_for_provider (context, provider, proposals);
      return;
    }
  /* GtkSourceView 5.6 shows a list filtered down to nothing as a popup
   * without a width (a critical): when nothing matches, the list keeps
   * the rows of the last prefix that did. */
  if (!any_matches (model, prefix))
    return;
  g_object_set_data_full (G_OBJECT (filter), "kt-prefix", g_steal_pointer (&prefix), g_free);
  gtk_filter_changed (filter, GTK_FILTER_CHANGE_DIFFERENT);
}

static void
kt_studio_completion_display (GtkSourceCompletionProvider *provider,
                              GtkSourceCompletionContext  *context,
                              GtkSourceCompletionProposal *proposal,
                              GtkSourceCompletionCell     *cell)
{
  KtStudioProposal *p = KT_STUDIO_PROPOSAL (proposal);

  switch (gtk_source_completion_cell_get_column (cell))
    {
    case GTK_SOURCE_COMPLETION_COLUMN_TYPED_TEXT:
      gtk_source_completion_cell_set_text (cell, kt_studio_proposal_get_text (p));
      break;
    case GTK_SOURCE_COMPLETION_COLUMN_COMMENT:
      gtk_source_completion_cell_set_text (cell, kt_studio_proposal_get_comment (p));
      break;
    case GTK_SOURCE_COMPLETION_COLUMN_DETAILS:
      {
        const char *details = kt_studio_proposal_get_details (p);

        /* An empty details pane would be a popover without a width. */
        gtk_source_completion_cell_set_text (cell, details != NULL && *details != '\0' ? details : NULL);
      }
      break;
    case GTK_SOURCE_COMPLETION_COLUMN_ICON:
    case GTK_SOURCE_COMPLETION_COLUMN_BEFORE:
    case GTK_SOURCE_COMPLETION_COLUMN_AFTER:
    default:
      gtk_source_completion_cell_set_text (cell, NULL);
      break;
    }
}

static void
kt_studio_completion_activate (GtkSourceCompletionProvider *provider,
                               GtkSourceCompletionContext  *context,
                               GtkSourceCompletionProposal *proposal)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (gtk_source_completion_context_get_buffer (context));
  GtkTextIter begin, end, start;
  gboolean in_filters = FALSE;
  const char *text = kt_studio_proposal_get_text (KT_STUDIO_PROPOSAL (proposal));

  gtk_source_completion_context_get_bounds (context, &begin, &end);
  if (!find_word (&end, &start, &in_filters))
    start = begin;

  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete (buffer, &start, &end);
  gtk_text_buffer_insert (buffer, &start, text, -1);
  gtk_text_buffer_end_user_action (buffer);
}

static void
provider_iface_init (GtkSourceCompletionProviderInterface *iface)
{
  iface->get_title = kt_studio_completion_get_title;
  iface->is_trigger = kt_studio_completion_is_trigger;
  iface->populate_async = kt_studio_completion_populate_async;
  iface->populate_finish = kt_studio_completion_populate_finish;
  iface->refilter = kt_studio_completion_refilter;
  iface->display = kt_studio_completion_display;
  iface->activate = kt_studio_completion_activate;
}

static void
kt_studio_completion_class_init (KtStudioCompletionClass *klass)
{
}

static void
kt_studio_completion_init (KtStudioCompletion *self)
{
}

KtStudioCompletion *
kt_studio_completion_new (void)
{
  return g_object_new (KT_TYPE_STUDIO_COMPLETION, NULL);
}
