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

/* The task types, in the order of KtGenLanguage.task_titles. */
#define KT_GEN_N_TASK_TYPES 6
extern const char * const kt_gen_task_types[KT_GEN_N_TASK_TYPES];

/* Everything a record in one language is made of: a Bulgarian company
 * has Bulgarian tags, an industry in Bulgarian and trades in leva. */
typedef struct {
  KtGenList first_male;
  KtGenList first_female;
  KtGenList last_male;      /* the female form is derived for Bulgarian */
  KtGenList company_root;
  KtGenList company_word;
  KtGenList company_industry;  /* one per company_word */
  KtGenList company_suffix;
  KtGenList cities;
  KtGenList streets;
  KtGenList job_titles;
  KtGenList mail_domains;
  KtGenList task_titles;    /* "Call %s", one per kt_gen_task_types */
  KtGenList deal_things;    /* "Website redesign" */
  KtGenList item_things;    /* invoice lines */
  KtGenList notes;
  KtGenList tags;
  const char *country;
  const char *phone_prefix; /* "+359 88" */
  const char *web_tld;      /* "bg" */
  const char *unit;         /* invoice item unit */
  const char *currency;     /* what its companies trade in */
  const char *someone;      /* a task's "%s" without a contact */
} KtGenLanguage;

extern const KtGenLanguage kt_gen_bg;
extern const KtGenLanguage kt_gen_en;

/* Latin transliteration of Bulgarian (the official 2009 system), lower
 * case, for e-mail addresses and web sites; other text is lower-cased. */
char *kt_gen_transliterate (const char *text);

G_END_DECLS
