/* kt-gen.c: deterministic, realistic demo data
 *
 * Everything random comes from one GRand seeded with the parameters'
 * seed, ids included (kt_uuid_new_at), and every date is relative to the
 * parameters' "now", so the same parameters give the same records.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-gen"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kt-gen.h"
#include "kt-gen-data.h"

/* Records per transaction: big enough that commits are rare, small
 * enough that memory stays flat for 100,000 contacts. */
#define CHUNK 5000
/* With someone watching the progress, smaller transactions so that it
 * moves in about this many steps (never below 100 records a step). */
#define PROGRESS_STEPS 50
#define MIN_PROGRESS_CHUNK 100

#define DAY_MS (24 * 3600 * (gint64)1000)

typedef struct {
  KtStore           *store;
  const KtGenParams *params;
  GRand             *rand;
  gint64             now_ms;
  gint64             id_ms;      /* the next id's time; ids increase */
  GPtrArray         *pending;    /* records waiting for the next chunk */
  guint              chunk;
  guint              pending_units;  /* main records among @pending */
  guint64            done_units;
  guint64            total_units;
  KtGenProgressFunc  progress;
  gpointer           progress_data;
  gboolean           reported_all;
  GHashTable        *emails;     /* address -> count, to keep them unique */

  GPtrArray         *company_ids;
  GPtrArray         *company_names;
  GPtrArray         *company_domains;
  GPtrArray         *company_langs;  /* const KtGenLanguage *, not owned */
  GPtrArray         *company_people; /* per company, a GPtrArray of its contacts' ids (not owned) */
  GPtrArray         *contact_ids;
  GPtrArray         *contact_names;
  GPtrArray         *contact_langs;  /* const KtGenLanguage *, not owned */
  GPtrArray         *deal_ids;
  GPtrArray         *stage_ids;
  GPtrArray         *stage_kinds;
  char              *pipeline_id;
} Gen;

void
kt_gen_params_init_demo (KtGenParams *params)
{
  g_return_if_fail (params != NULL);

  *params = (KtGenParams) {
    .contacts = 300,
    .companies = 60,
    .deals = 120,
    .invoices = 80,
    .tasks = 200,
    .activities = 400,
    .seed = 1,
    .lang = KT_GEN_LANG_MIXED,
    .now_ms = 0,
  };
}

gboolean
kt_gen_lang_from_string (const char  *text,
                         KtGenLang   *out,
                         GError     **error)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (g_strcmp0 (text, "bg") == 0)
    *out = KT_GEN_LANG_BG;
  else if (g_strcmp0 (text, "en") == 0)
    *out = KT_GEN_LANG_EN;
  else if (g_strcmp0 (text, "mixed") == 0)
    *out = KT_GEN_LANG_MIXED;
  else
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Unknown language “%s”: use bg, en or mixed"),
                   text != NULL ? text : "");
      return FALSE;
    }

  return TRUE;
}

static const char *
pick (Gen             *gen,
      const KtGenList *list)
{
  return list->items[g_rand_int_range (gen->rand, 0, (gint32)list->n_items)];
}

static gboolean
chance (Gen    *gen,
        double  p)
{
  return g_rand_double (gen->rand) < p;
}

static gboolean
pick_bg (Gen *gen)
{
  switch (gen->params->lang)
    {
    case KT_GEN_LANG_BG:
      return TRUE;
    case KT_GEN_LANG_EN:
      return FALSE;
    case KT_GEN_LANG_MIXED:
    default:
      return chance (gen, 0.6);
    }
}

static const char *
any_id (Gen       *gen,
        GPtrArray *ids)
{
  if (ids->len == 0)
    return NULL;
  return g_ptr_array_index (ids, g_rand_int_range (gen->rand, 0, (gint32)ids->len));
}

static char *
iso_at (gint64 ms)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (ms / 1000);
  g_autofree char *seconds = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", seconds, (int)(ms % 1000));
}

static char *
date_at (gint64 ms)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (ms / 1000);

  return g_date_time_format (dt, "%Y-%m-%d");
}

static KtRecord *
new_record (Gen            *gen,
            const KtEntity *entity)
{
  g_autofree char *id = kt_uuid_new_at (gen->id_ms++, gen->rand);
  g_autofree char *created = NULL;
  KtRecord *record = kt_record_new_with_id (entity, id);

  /* Created some time in the last year, spread evenly. */
  created = iso_at (gen->now_ms - g_rand_int_range (gen->rand, 0, 365) * DAY_MS);
  kt_record_set_created_at (record, created);
  kt_record_set_updated_at (record, created);
  kt_record_set_org_id (record, kt_store_get_org_id (gen->store));
  kt_record_set_owner_id (record, kt_store_get_user_id (gen->store));

  return record;
}

static gboolean
flush (Gen     *gen,
       GError **error)
{
  gboolean ok;

  if (gen->pending->len == 0)
    return TRUE;

  ok = kt_store_save_all_full (gen->store, gen->pending,
                               KT_STORE_WRITE_NO_OUTBOX | KT_STORE_WRITE_NEW,
                               error);
  g_ptr_array_set_size (gen->pending, 0);

  gen->done_units += gen->pending_units;
  gen->pending_units = 0;
  if (ok && gen->progress != NULL)
    {
      gen->progress (gen->done_units, gen->total_units, gen->progress_data);
      gen->reported_all = gen->done_units == gen->total_units;
    }

  return ok;
}

/* The records the parameters count; a pipeline's stages and an
 * invoice's items and payments come along with them. */
static gboolean
is_main_record (KtRecord *record)
{
  static const char * const main_entities[] = {
    "company", "contact", "deal", "task", "activity", "invoice",
  };
  const char *name = kt_record_get_entity (record)->name;

  for (guint i = 0; i < G_N_ELEMENTS (main_entities); i++)
    if (g_str_equal (name, main_entities[i]))
      return TRUE;

  return FALSE;
}

/* Takes @record; writes a chunk when enough are waiting. */
static gboolean
add (Gen       *gen,
     KtRecord  *record,
     GError   **error)
{
  if (is_main_record (record))
    gen->pending_units++;
  g_ptr_array_add (gen->pending, record);
  if (gen->pending->len >= gen->chunk)
    return flush (gen, error);
  return TRUE;
}

/* Tags in the record's language: an English demo has no Cyrillic tag. */
static void
set_tags (Gen                 *gen,
          KtRecord            *record,
          const KtGenLanguage *lang)
{
  const char *tags[3] = { NULL, NULL, NULL };
  guint n = g_rand_int_range (gen->rand, 0, 3);

  for (guint i = 0; i < n; i++)
    tags[i] = pick (gen, &lang->tags);
  if (n == 2 && g_str_equal (tags[0], tags[1]))
    tags[1] = NULL;
  if (n > 0)
    kt_record_set_tags (record, "tags", tags);
}

static char *
unique_email (Gen        *gen,
              const char *local,
              const char *domain)
{
  g_autofree char *address = g_strdup_printf ("%s@%s", local, domain);
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (gen->emails, address));

  g_hash_table_insert (gen->emails, g_strdup (address), GUINT_TO_POINTER (count + 1));
  if (count == 0)
    return g_steal_pointer (&address);

  return g_strdup_printf ("%s%u@%s", local, count + 1, domain);
}

static char *
phone (Gen                 *gen,
       const KtGenLanguage *lang)
{
  return g_strdup_printf ("%s %03d %04d", lang->phone_prefix,
                          g_rand_int_range (gen->rand, 100, 1000),
                          g_rand_int_range (gen->rand, 0, 10000));
}

static gboolean
gen_companies (Gen *gen, GError **error)
{
  for (guint i = 0; i < gen->params->companies; i++)
    {
      gboolean bg = pick_bg (gen);
      const KtGenLanguage *lang = bg ? &kt_gen_bg : &kt_gen_en;
      KtRecord *r = new_record (gen, KT_ENTITY_COMPANY);
      g_autofree char *name = NULL;
      g_autofree char *slug = NULL;
      g_autofree char *web = NULL;
      g_autofree char *mail = NULL;
      g_autofree char *tel = NULL;
      g_autofree char *street = NULL;

      const char *root = pick (gen, &lang->company_root);
      guint word_index = g_rand_int_range (gen->rand, 0, (gint32)lang->company_word.n_items);
      const char *word = lang->company_word.items[word_index];
      g_autofree char *domain = NULL;
      g_autofree char *joined = NULL;

      /* "Стройинвест ООД" in Bulgarian, "Northwind Trading Ltd" in English. */
      name = g_strdup_printf (bg ? "%s%s %s" : "%s %s %s", root, word,
                              pick (gen, &lang->company_suffix));
      joined = g_strconcat (root, word, NULL);
      slug = kt_gen_transliterate (joined);
      domain = g_strdup_printf ("%s.%s", slug, lang->web_tld);
      web = g_strdup_printf ("https://www.%s", domain);
      mail = unique_email (gen, "office", domain);
      tel = phone (gen, lang);
      street = g_strdup_printf ("%s %d", pick (gen, &lang->streets),
                                g_rand_int_range (gen->rand, 1, 200));

      kt_record_set_string (r, "name", name);
      /* "Northwind Logistics Ltd" works in logistics. */
      kt_record_set_string (r, "industry", lang->company_industry.items[word_index]);
      kt_record_set_string (r, "website", web);
      kt_record_set_string (r, "email", mail);
      kt_record_set_string (r, "phone", tel);
      kt_record_set_string (r, "address", street);
      kt_record_set_string (r, "city", pick (gen, &lang->cities));
      kt_record_set_string (r, "country", lang->country);
      kt_record_set_string (r, "currency", lang->currency);
      kt_record_set_int (r, "employee_count", g_rand_int_range (gen->rand, 1, 500));
      if (bg)
        {
          /* Eight random digits and the EIK's check digit: a VAT number
           * the company's validation accepts. */
          g_autofree char *eik = g_strdup_printf ("%08d", g_rand_int_range (gen->rand, 100000000, 999999999) / 10);
          g_autofree char *full = g_strdup_printf ("%s%d", eik, kt_eik_check_digit (eik));
          g_autofree char *vat = g_strconcat ("BG", full, NULL);

          kt_record_set_string (r, "registration_number", full);
          kt_record_set_string (r, "vat_number", vat);
        }
      set_tags (gen, r, lang);

      g_ptr_array_add (gen->company_ids, g_strdup (kt_record_get_id (r)));
      g_ptr_array_add (gen->company_langs, (gpointer) lang);
      g_ptr_array_add (gen->company_people, g_ptr_array_new ());
      g_ptr_array_add (gen->company_names, g_strdup (name));
      g_ptr_array_add (gen->company_domains, g_steal_pointer (&domain));
      if (!add (gen, r, error))
        return FALSE;
    }

  return flush (gen, error);
}

static gboolean
gen_contacts (Gen *gen, GError **error)
{
  for (guint i = 0; i < gen->params->contacts; i++)
    {
      gboolean bg = pick_bg (gen);
      const KtGenLanguage *lang = bg ? &kt_gen_bg : &kt_gen_en;
      gboolean female = chance (gen, 0.5);
      KtRecord *r = new_record (gen, KT_ENTITY_CONTACT);
      const char *first = pick (gen, female ? &lang->first_female : &lang->first_male);
      const char *last_male = pick (gen, &lang->last_male);
      g_autofree char *last = NULL;
      g_autofree char *local = NULL;
      g_autofree char *t_first = NULL;
      g_autofree char *t_last = NULL;
      g_autofree char *mail = NULL;
      g_autofree char *tel = NULL;
      g_autofree char *full = NULL;
      const char *company_id = NULL;
      int company_index = -1;

      /* Bulgarian surnames take -а for women: Петров, Петрова. */
      last = bg && female ? g_strconcat (last_male, "а", NULL) : g_strdup (last_male);
      t_first = kt_gen_transliterate (first);
      t_last = kt_gen_transliterate (last);
      local = g_strdup_printf ("%s.%s", t_first, t_last);
      tel = phone (gen, lang);
      full = g_strdup_printf ("%s %s", first, last);

      kt_record_set_string (r, "first_name", first);
      kt_record_set_string (r, "last_name", last);
      kt_record_set_string (r, "mobile", tel);
      kt_record_set_string (r, "job_title", pick (gen, &lang->job_titles));
      kt_record_set_string (r, "city", pick (gen, &lang->cities));
      kt_record_set_string (r, "country", lang->country);
      kt_record_set_string (r, "source", chance (gen, 0.5) ? "manual" : "referral");

      if (gen->company_ids->len > 0 && chance (gen, 0.7))
        {
          guint c = g_rand_int_range (gen->rand, 0, (gint32)gen->company_ids->len);
          company_index = (int) c;
          company_id = g_ptr_array_index (gen->company_ids, c);
          kt_record_set_string (r, "company_id", company_id);
          /* People at a company get an address at its domain. */
          mail = unique_email (gen, local, g_ptr_array_index (gen->company_domains, c));
        }
      else
        mail = unique_email (gen, local, pick (gen, &lang->mail_domains));
      kt_record_set_string (r, "email", mail);

      if (chance (gen, 0.3))
        {
          g_autofree char *birthday = g_strdup_printf ("%04d-%02d-%02d",
                                                      g_rand_int_range (gen->rand, 1955, 2004),
                                                      g_rand_int_range (gen->rand, 1, 13),
                                                      g_rand_int_range (gen->rand, 1, 29));
          kt_record_set_string (r, "birthday", birthday);
        }
      if (chance (gen, 0.2))
        kt_record_set_string (r, "notes", pick (gen, &lang->notes));
      set_tags (gen, r, lang);

      g_ptr_array_add (gen->contact_ids, g_strdup (kt_record_get_id (r)));
      if (company_index >= 0)
        g_ptr_array_add (g_ptr_array_index (gen->company_people, company_index),
                         g_ptr_array_index (gen->contact_ids, gen->contact_ids->len - 1));
      g_ptr_array_add (gen->contact_names, g_steal_pointer (&full));
      g_ptr_array_add (gen->contact_langs, (gpointer) lang);
      if (!add (gen, r, error))
        return FALSE;
    }

  return flush (gen, error);
}

/* The shared default pipeline, given ids from the generator's random
 * source so the data stays deterministic. */
static gboolean
gen_pipeline (Gen *gen, GError **error)
{
  g_autoptr(GPtrArray) defaults = kt_pipeline_new_default (kt_store_get_org_id (gen->store));

  for (guint i = 0; i < defaults->len; i++)
    {
      KtRecord *src = g_ptr_array_index (defaults, i);
      KtRecord *r = new_record (gen, kt_record_get_entity (src));
      g_autoptr(GPtrArray) fields = kt_record_list_fields (src);

      for (guint j = 0; j < fields->len; j++)
        if (!kt_record_set_node (r, g_ptr_array_index (fields, j),
                                 kt_record_get_node (src, g_ptr_array_index (fields, j)), error))
          return FALSE;

      if (kt_record_get_entity (r) == KT_ENTITY_PIPELINE)
        gen->pipeline_id = g_strdup (kt_record_get_id (r));
      else
        {
          kt_record_set_string (r, "pipeline_id", gen->pipeline_id);
          g_ptr_array_add (gen->stage_ids, g_strdup (kt_record_get_id (r)));
          g_ptr_array_add (gen->stage_kinds, g_strdup (kt_record_get_string (r, "kind")));
        }
      if (!add (gen, r, error))
        return FALSE;
    }

  return flush (gen, error);
}

static gboolean
gen_deals (Gen *gen, GError **error)
{
  g_autofree guint *positions = g_new0 (guint, MAX (gen->stage_ids->len, 1));

  if (gen->stage_ids->len == 0)
    return TRUE;

  for (guint i = 0; i < gen->params->deals; i++)
    {
      gboolean bg = pick_bg (gen);
      const KtGenLanguage *lang = bg ? &kt_gen_bg : &kt_gen_en;
      guint stage = g_rand_int_range (gen->rand, 0, (gint32)gen->stage_ids->len);
      const char *kind = g_ptr_array_index (gen->stage_kinds, stage);
      KtRecord *r = new_record (gen, KT_ENTITY_DEAL);
      g_autofree char *title = NULL;
      GPtrArray *people = gen->contact_ids;
      g_autofree char *close = date_at (gen->now_ms + g_rand_int_range (gen->rand, -90, 90) * DAY_MS);
      g_autofree char *changed = iso_at (gen->now_ms - g_rand_int_range (gen->rand, 0, 60) * DAY_MS);

      if (gen->company_ids->len > 0)
        {
          guint c = g_rand_int_range (gen->rand, 0, (gint32)gen->company_names->len);
          const char *company_id = g_ptr_array_index (gen->company_ids, c);

          /* A deal is in its company's language and currency, and its
           * contact works there (none if nobody does). */
          lang = g_ptr_array_index (gen->company_langs, c);
          people = g_ptr_array_index (gen->company_people, c);
          bg = lang == &kt_gen_bg;
          title = g_strdup_printf ("%s – %s", pick (gen, &lang->deal_things),
                                   (const char *)g_ptr_array_index (gen->company_names, c));
          kt_record_set_string (r, "company_id", company_id);
        }
      else
        title = g_strdup (pick (gen, &lang->deal_things));

      kt_record_set_string (r, "title", title);
      kt_record_set_string (r, "pipeline_id", gen->pipeline_id);
      kt_record_set_string (r, "stage_id", g_ptr_array_index (gen->stage_ids, stage));
      kt_record_set_string (r, "status", kind);
      kt_record_set_string (r, "currency", lang->currency);
      kt_record_set_int (r, "value", (gint64)g_rand_int_range (gen->rand, 5, 500) * 10000);
      kt_record_set_string (r, "expected_close_date", close);
      kt_record_set_int (r, "position", positions[stage]++);
      kt_record_set_string (r, "stage_changed_at", changed);
      if (!g_str_equal (kind, "open"))
        kt_record_set_string (r, "closed_at", changed);
      if (g_str_equal (kind, "lost"))
        kt_record_set_string (r, "lost_reason", bg ? "Избраха конкурент" : "Chose a competitor");
      if (people->len > 0)
        kt_record_set_string (r, "contact_id", any_id (gen, people));
      set_tags (gen, r, lang);

      g_ptr_array_add (gen->deal_ids, g_strdup (kt_record_get_id (r)));
      if (!add (gen, r, error))
        return FALSE;
    }

  return flush (gen, error);
}

/* "%s" in @template becomes @who; the templates are data, so they do
 * not go through printf. */
static char *
fill_in (const char *template,
         const char *who)
{
  g_auto(GStrv) parts = g_strsplit (template, "%s", 2);

  return g_strjoinv (who, parts);
}

static gboolean
gen_tasks (Gen *gen, GError **error)
{
  static const char * const priorities[] = { "low", "medium", "high", "urgent" };

  for (guint i = 0; i < gen->params->tasks; i++)
    {
      gboolean bg = pick_bg (gen);
      const KtGenLanguage *lang = bg ? &kt_gen_bg : &kt_gen_en;
      KtRecord *r = new_record (gen, KT_ENTITY_TASK);
      /* Due within two weeks either side of now, at a working hour. */
      gint64 due_ms = gen->now_ms + g_rand_int_range (gen->rand, -14, 15) * DAY_MS;
      g_autofree char *due = NULL;
      g_autofree char *title = NULL;
      const char *who = lang->someone;
      guint type = g_rand_int_range (gen->rand, 0, KT_GEN_N_TASK_TYPES);

      due_ms = due_ms - due_ms % DAY_MS + g_rand_int_range (gen->rand, 7, 16) * 3600 * (gint64)1000;
      due = iso_at (due_ms);

      if (gen->contact_ids->len > 0)
        {
          guint c = g_rand_int_range (gen->rand, 0, (gint32)gen->contact_ids->len);

          who = g_ptr_array_index (gen->contact_names, c);
          /* "Call Иван Петров" mixes two languages: a task about a
           * contact is in the contact's. */
          lang = g_ptr_array_index (gen->contact_langs, c);
          kt_record_set_string (r, "contact_id", g_ptr_array_index (gen->contact_ids, c));
        }
      /* The title says what the type is: a call is "Call …". */
      title = fill_in (lang->task_titles.items[type], who);

      kt_record_set_string (r, "title", title);
      kt_record_set_string (r, "priority", priorities[g_rand_int_range (gen->rand, 0, 4)]);
      kt_record_set_string (r, "type", kt_gen_task_types[type]);
      kt_record_set_string (r, "due_at", due);
      if (gen->deal_ids->len > 0 && chance (gen, 0.4))
        kt_record_set_string (r, "deal_id", any_id (gen, gen->deal_ids));
      /* Most overdue tasks were done; a few are late. */
      if (due_ms < gen->now_ms && chance (gen, 0.7))
        {
          kt_record_set_bool (r, "done", TRUE);
          kt_record_set_string (r, "done_at", due);
        }
      else
        kt_record_set_bool (r, "done", FALSE);

      if (!add (gen, r, error))
        return FALSE;
    }

  return flush (gen, error);
}

static gboolean
gen_activities (Gen *gen, GError **error)
{
  static const char * const types[] = { "call", "meeting", "email", "note" };
  static const char * const subjects_bg[] = { "Разговор", "Среща", "Имейл", "Бележка" };
  static const char * const subjects_en[] = { "Phone call", "Meeting", "E-mail", "Note" };

  for (guint i = 0; i < gen->params->activities; i++)
    {
      gboolean bg = pick_bg (gen);
      const KtGenLanguage *lang = bg ? &kt_gen_bg : &kt_gen_en;
      KtRecord *r = new_record (gen, KT_ENTITY_ACTIVITY);
      guint type = g_rand_int_range (gen->rand, 0, 4);
      g_autofree char *when = iso_at (gen->now_ms - g_rand_int_range (gen->rand, 0, 180 * 24) * 3600 * (gint64)1000);
      const char *contact = any_id (gen, gen->contact_ids);
      const char *deal = chance (gen, 0.3) ? any_id (gen, gen->deal_ids) : NULL;
      const char *company = any_id (gen, gen->company_ids);

      kt_record_set_string (r, "type", types[type]);
      kt_record_set_string (r, "occurred_at", when);
      kt_record_set_string (r, "subject", (bg ? subjects_bg : subjects_en)[type]);
      kt_record_set_string (r, "body", pick (gen, &lang->notes));
      if (type < 2)
        kt_record_set_int (r, "duration_minutes", g_rand_int_range (gen->rand, 5, 90));
      if (contact != NULL)
        kt_record_set_string (r, "contact_id", contact);
      if (deal != NULL)
        kt_record_set_string (r, "deal_id", deal);
      if (contact == NULL && deal == NULL && company == NULL)
        {
          /* An activity must hang on something; without any, skip it. */
          g_object_unref (r);
          continue;
        }
      if (contact == NULL && deal == NULL)
        kt_record_set_string (r, "company_id", company);

      if (!add (gen, r, error))
        return FALSE;
    }

  return flush (gen, error);
}

static gboolean
gen_invoices (Gen *gen, GError **error)
{
  static const char * const statuses[] = { "draft", "sent", "paid", "paid", "partially_paid", "overdue", "cancelled" };
  static const char * const methods[] = { "bank_transfer", "card", "cash" };
  int year = 0;

  {
    g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (gen->now_ms / 1000);
    year = g_date_time_get_year (now);
  }

  for (guint i = 0; i < gen->params->invoices; i++)
    {
      gboolean bg = pick_bg (gen);
      const KtGenLanguage *lang = bg ? &kt_gen_bg : &kt_gen_en;
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
      KtRecord *inv = new_record (gen, KT_ENTITY_INVOICE);
      const char *status = statuses[g_rand_int_range (gen->rand, 0, G_N_ELEMENTS (statuses))];
      const char *currency;
      gint64 issue_ms = gen->now_ms - g_rand_int_range (gen->rand, 0, 365) * DAY_MS;
      g_autofree char *number = g_strdup_printf ("%d-%06u", year, i + 1);
      g_autofree char *issue = date_at (issue_ms);
      g_autofree char *due = date_at (issue_ms + 14 * DAY_MS);
      guint n_items = g_rand_int_range (gen->rand, 1, 5);
      gint64 total, paid = 0;

      /* A draft has no number yet: the server gives it one when it is
       * issued (docs/money.md, "Numbering"). */
      if (!g_str_equal (status, "draft"))
        kt_record_set_string (inv, "number", number);
      kt_record_set_string (inv, "status", status);
      kt_record_set_string (inv, "issue_date", issue);
      kt_record_set_string (inv, "due_date", due);
      kt_record_set_string (inv, "rounding", "per_document");
      if (gen->company_ids->len > 0)
        {
          guint c = g_rand_int_range (gen->rand, 0, (gint32)gen->company_ids->len);

          /* Invoiced in the company's language and currency. */
          lang = g_ptr_array_index (gen->company_langs, c);
          bg = lang == &kt_gen_bg;
          kt_record_set_string (inv, "company_id", g_ptr_array_index (gen->company_ids, c));
          kt_record_set_string (inv, "client_name", g_ptr_array_index (gen->company_names, c));
        }
      else if (gen->contact_ids->len > 0)
        {
          guint c = g_rand_int_range (gen->rand, 0, (gint32)gen->contact_ids->len);

          lang = g_ptr_array_index (gen->contact_langs, c);
          bg = lang == &kt_gen_bg;
          kt_record_set_string (inv, "contact_id", g_ptr_array_index (gen->contact_ids, c));
          kt_record_set_string (inv, "client_name", g_ptr_array_index (gen->contact_names, c));
        }
      else
        kt_record_set_string (inv, "client_name", bg ? "Клиент" : "Customer");
      currency = lang->currency;
      kt_record_set_string (inv, "currency", currency);

      for (guint j = 0; j < n_items; j++)
        {
          KtRecord *item = new_record (gen, KT_ENTITY_INVOICE_ITEM);

          kt_record_set_string (item, "invoice_id", kt_record_get_id (inv));
          kt_record_set_int (item, "position", j);
          kt_record_set_string (item, "description", pick (gen, &lang->item_things));
          kt_record_set_int (item, "quantity", (gint64)g_rand_int_range (gen->rand, 1, 20) * 500);
          kt_record_set_int (item, "unit_price", (gint64)g_rand_int_range (gen->rand, 10, 2000) * 100);
          kt_record_set_int (item, "discount_bps", chance (gen, 0.2) ? 1000 : 0);
          kt_record_set_int (item, "vat_bps", 2000);
          kt_record_set_string (item, "unit", lang->unit);
          g_ptr_array_add (items, item);
        }

      if (!kt_invoice_apply_totals (inv, items, error))
        {
          g_object_unref (inv);
          return FALSE;
        }
      total = kt_record_get_int (inv, "total");

      if (g_str_equal (status, "paid"))
        paid = total;
      else if (g_str_equal (status, "partially_paid"))
        paid = total / 2;
      kt_record_set_int (inv, "paid_amount", paid);

      if (paid > 0)
        {
          KtRecord *pay = new_record (gen, KT_ENTITY_PAYMENT);
          g_autofree char *received = iso_at (issue_ms + g_rand_int_range (gen->rand, 1, 14) * DAY_MS);

          kt_record_set_int (pay, "amount", paid);
          kt_record_set_string (pay, "currency", currency);
          kt_record_set_string (pay, "received_at", received);
          kt_record_set_string (pay, "method", methods[g_rand_int_range (gen->rand, 0, 3)]);
          kt_record_set_string (pay, "reference", number);
          kt_record_set_string (pay, "invoice_id", kt_record_get_id (inv));
          kt_record_set_bool (pay, "matched", TRUE);
          kt_record_set_string (pay, "payer_name", kt_record_get_string (inv, "client_name"));
          if (!add (gen, pay, error))
            return FALSE;
        }

      if (!add (gen, inv, error))
        return FALSE;
      while (items->len > 0)
        if (!add (gen, g_ptr_array_steal_index (items, 0), error))
          return FALSE;
    }

  return flush (gen, error);
}

/**
 * kt_gen_fill:
 * @store: the store to fill
 * @params: how much of what
 * @error: return location for a #GError
 *
 * Writes the demo data, a chunk of records per transaction.
 */
gboolean
kt_gen_fill (KtStore            *store,
             const KtGenParams  *params,
             GError            **error)
{
  return kt_gen_fill_with_progress (store, params, NULL, NULL, error);
}

guint64
kt_gen_params_count (const KtGenParams *params)
{
  g_return_val_if_fail (params != NULL, 0);

  return (guint64) params->companies + params->contacts + params->deals +
         params->tasks + params->activities + params->invoices;
}

/**
 * kt_gen_fill_with_progress:
 * @store: the store to fill
 * @params: how much of what
 * @progress: (nullable) (scope call): called after every transaction
 * @user_data: for @progress
 * @error: return location for a #GError
 *
 * Writes the demo data as kt_gen_fill() does (the same records), in
 * smaller transactions when @progress is given, so that it can tell
 * how far along it is: @progress gets how many of the
 * kt_gen_params_count() records are written, ending with all of them.
 */
gboolean
kt_gen_fill_with_progress (KtStore            *store,
                           const KtGenParams  *params,
                           KtGenProgressFunc   progress,
                           gpointer            user_data,
                           GError            **error)
{
  Gen gen = { 0 };
  guint32 seed[2];
  gboolean ok;

  g_return_val_if_fail (KT_IS_STORE (store), FALSE);
  g_return_val_if_fail (params != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  gen.total_units = kt_gen_params_count (params);
  gen.progress = progress;
  gen.progress_data = user_data;
  gen.chunk = CHUNK;
  if (progress != NULL)
    gen.chunk = (guint) CLAMP (gen.total_units / PROGRESS_STEPS, MIN_PROGRESS_CHUNK, CHUNK);

  seed[0] = (guint32)(params->seed & 0xffffffff);
  seed[1] = (guint32)(params->seed >> 32);

  gen.store = store;
  gen.params = params;
  gen.rand = g_rand_new_with_seed_array (seed, G_N_ELEMENTS (seed));
  gen.now_ms = params->now_ms != 0 ? params->now_ms : g_get_real_time () / 1000;
  gen.id_ms = gen.now_ms - 366 * DAY_MS;
  gen.pending = g_ptr_array_new_with_free_func (g_object_unref);
  gen.emails = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gen.company_ids = g_ptr_array_new_with_free_func (g_free);
  gen.company_names = g_ptr_array_new_with_free_func (g_free);
  gen.company_domains = g_ptr_array_new_with_free_func (g_free);
  gen.contact_ids = g_ptr_array_new_with_free_func (g_free);
  gen.contact_names = g_ptr_array_new_with_free_func (g_free);
  gen.contact_langs = g_ptr_array_new ();
  gen.company_langs = g_ptr_array_new ();
  gen.company_people = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  gen.deal_ids = g_ptr_array_new_with_free_func (g_free);
  gen.stage_ids = g_ptr_array_new_with_free_func (g_free);
  gen.stage_kinds = g_ptr_array_new_with_free_func (g_free);

  ok = gen_companies (&gen, error) &&
       gen_contacts (&gen, error) &&
       gen_pipeline (&gen, error) &&
       gen_deals (&gen, error) &&
       gen_tasks (&gen, error) &&
       gen_activities (&gen, error) &&
       gen_invoices (&gen, error);

  /* Nothing asked for still ends with "all done". */
  if (ok && progress != NULL && !gen.reported_all)
    progress (gen.total_units, gen.total_units, user_data);

  g_rand_free (gen.rand);
  g_ptr_array_unref (gen.pending);
  g_hash_table_unref (gen.emails);
  g_ptr_array_unref (gen.company_ids);
  g_ptr_array_unref (gen.company_names);
  g_ptr_array_unref (gen.company_domains);
  g_ptr_array_unref (gen.contact_ids);
  g_ptr_array_unref (gen.contact_names);
  g_ptr_array_unref (gen.contact_langs);
  g_ptr_array_unref (gen.company_langs);
  g_ptr_array_unref (gen.company_people);
  g_ptr_array_unref (gen.deal_ids);
  g_ptr_array_unref (gen.stage_ids);
  g_ptr_array_unref (gen.stage_kinds);
  g_free (gen.pipeline_id);

  return ok;
}
