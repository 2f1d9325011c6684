/* kt-gen-data.h: the word lists behind the demo data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  const char * const *items;
  guint               n_items;
} KtGenList;

typedef struct {
  KtGenList first_male;
  KtGenList first_female;
  KtGenList last_male;      /* the female form is derived for Bulgarian */
  KtGenList company_root;
  KtGenList company_word;
  KtGenList company_suffix;
  KtGenList cities;
  KtGenList streets;
  KtGenList job_titles;
  KtGenList mail_domains;
  KtGenList task_verbs;     /* "Call %s" */
  KtGenList deal_things;    /* "Website redesign" */
  KtGenList item_things;    /* invoice lines */
  KtGenList notes;
  const char *country;
  const char *phone_prefix; /* "+359 88" */
  const char *web_tld;      /* "bg" */
  const char *unit;         /* invoice item unit */
} KtGenLanguage;

extern const KtGenLanguage kt_gen_bg;
extern const KtGenLanguage kt_gen_en;
extern const KtGenList kt_gen_tags;

/* Latin transliteration of Bulgarian (the official 2009 system), lower
 * case, for e-mail addresses and web sites; other text is lower-cased. */
char *kt_gen_transliterate (const char *text);

G_END_DECLS
