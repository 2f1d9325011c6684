/* kt-studio-completion.c: variable and filter names as you type a tag
 *
 * What the editor's completion list offers, from the variable catalogue
 * (shared/kt-tmpl-vars.h): inside "{{" the variables whose key or any
 * dotted part of it starts with what is typed ("num" finds
 * invoice.number), and after a "|" the filters. The word is the whole
 * dotted path before the cursor, not a text view's word, which stops at
 * a dot.
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

char *
kt_studio_completion_prefix_at (const GtkTextIter *iter,
                                GtkTextIter       *start,
                                gboolean          *in_filters)
{
  GtkTextIter begin;
  gboolean after_bar = FALSE;

  g_return_val_if_fail (iter != NULL, NULL);

  if (!find_word (iter, &begin, &after_bar))
    return NULL;
  if (start != NULL)
    *start = begin;
  if (in_filters != NULL)
    *in_filters = after_bar;
  return gtk_text_iter_get_slice (&begin, iter);
}
