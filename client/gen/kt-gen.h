/* kt-gen.h: deterministic, realistic demo data
 *
 * Fills a store with Bulgarian and English contacts, companies, deals in
 * the default pipeline, tasks, activities, invoices with items and
 * payments. The same parameters (seed and "now" included) give the same
 * records, ids and all; only the store's own stamps (updated_at, HLC)
 * differ between runs.
 *
 * Demo data is local: it is written without outbox rows, so it is never
 * pushed to a server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-store.h"

G_BEGIN_DECLS

/* The version of what kt_gen_fill() writes for given parameters: bump it
 * with any change to the records it makes (names, counts, fields), so
 * that tools/bench --scale 1m generates its cached store again
 * (kantora-gen --data-version prints it). */
#define KT_GEN_DATA_VERSION 1

typedef enum {
  KT_GEN_LANG_MIXED,   /* about 60 % Bulgarian, 40 % English */
  KT_GEN_LANG_BG,
  KT_GEN_LANG_EN,
} KtGenLang;

typedef struct {
  guint     contacts;
  guint     companies;
  guint     deals;
  guint     invoices;
  guint     tasks;
  guint     activities;
  guint64   seed;
  KtGenLang lang;
  gint64    now_ms;     /* "now" for due dates; 0 means the real time */
} KtGenParams;

/* The first-start demo: ~300 contacts, 60 companies, 120 deals,
 * 200 tasks, 400 activities, 80 invoices. */
void     kt_gen_params_init_demo (KtGenParams *params);

/* Parses "bg", "en" or "mixed". */
gboolean kt_gen_lang_from_string (const char  *text,
                                  KtGenLang   *out,
                                  GError     **error);

gboolean kt_gen_fill             (KtStore            *store,
                                  const KtGenParams  *params,
                                  GError            **error);

/* How many records @params asks for (contacts, companies, deals, tasks,
 * activities, invoices; not the stages, invoice items and payments that
 * come with them): the total a progress function counts to. */
guint64  kt_gen_params_count     (const KtGenParams  *params);

/* @done of @total (kt_gen_params_count()) records are written. Called on
 * the thread that fills, after each transaction; the last call has
 * @done == @total. */
typedef void (*KtGenProgressFunc) (guint64  done,
                                   guint64  total,
                                   gpointer user_data);

/* kt_gen_fill() that reports its progress: the same records, written in
 * smaller transactions (about 50 steps). */
gboolean kt_gen_fill_with_progress (KtStore            *store,
                                    const KtGenParams  *params,
                                    KtGenProgressFunc   progress,
                                    gpointer            user_data,
                                    GError            **error);

G_END_DECLS
