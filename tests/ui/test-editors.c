/* test-editors.c: every editor keeps what the person did not change
 *
 * One subtest per editor (contact, company, deal, task, activity, custom
 * field definition, pipeline): a record with every field set, including
 * values the form cannot show exactly (a time with seconds, an assignee
 * or owner this computer does not know, custom values without a
 * definition, a choice with a comma, an unset flag), is opened the way a
 * person opens it, and its Save button is clicked with the pointer (real
 * X events). The stored record must be identical, clocks and all, and
 * nothing may be queued for the server. The task, contact and deal
 * editors are then used for one real change, which must touch that
 * field only. It runs in English and in Bulgarian (ui-editors-bg), where
 * dates and amounts are written another way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kt-activity-dialog.h"
#include "kt-activity-timeline.h"
#include "kt-custom-field-dialog.h"
#include "kt-custom-fields-page.h"
#include "kt-deal-card.h"
#include "kt-deal-board.h"
#include "kt-deal-form.h"
#include "kt-pipeline-editor.h"
#include "kt-pipelines.h"
#include "kt-record-detail.h"
#include "kt-record-form.h"
#include "kt-record-pane.h"
#include "kt-record-picker.h"
#include "kt-task-editor.h"
#include "kt-task-row.h"
#include "kt-tasks-pane.h"
#include "kt-ui-test.h"

#define COMPANY_ID   "0190aaaa-0000-7000-8000-000000000c01"
#define CONTACT_ID   "0190aaaa-0000-7000-8000-000000000c02"
#define DEAL_ID      "0190aaaa-0000-7000-8000-000000000c03"
#define TASK_ID      "0190aaaa-0000-7000-8000-000000000c04"
#define ACTIVITY_ID  "0190aaaa-0000-7000-8000-000000000c05"
#define TIER_ID      "0190aaaa-0000-7000-8000-000000000c06"
/* Someone this computer never synced: no user record. */
#define STRANGER_ID  "0190aaaa-0000-7000-8000-0000000000ee"

static void
save (KtStore  *store,
      KtRecord *record)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kt_store_save (store, record, &error));
  g_assert_no_error (error);
}

static void
set_json (KtRecord   *record,
          const char *field,
          const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (node);
  g_assert_true (kt_record_set_node (record, field, node, &error));
  g_assert_no_error (error);
}

static void
set_tags (KtRecord   *record,
          const char *field,
          const char *first,
          const char *second)
{
  const char *tags[] = { first, second, NULL };

  kt_record_set_tags (record, field, tags);
}

static KtRecord *
define (KtStore    *store,
        const char *id,
        const char *entity,
        const char *key,
        const char *label,
        const char *type,
        gint64      position)
{
  KtRecord *def = id != NULL ? kt_record_new_with_id (kt_entity_lookup ("custom_field"), id)
                             : kt_record_new (kt_entity_lookup ("custom_field"));

  kt_record_set_string (def, "target_entity", entity);
  kt_record_set_string (def, "key", key);
  kt_record_set_string (def, "label", label);
  kt_record_set_string (def, "field_type", type);
  kt_record_set_int (def, "position", position);
  return def;
}

static void
fill (KtStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pipelines = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(KtRecord) company = kt_record_new_with_id (KT_ENTITY_COMPANY, COMPANY_ID);
  g_autoptr(KtRecord) contact = kt_record_new_with_id (KT_ENTITY_CONTACT, CONTACT_ID);
  g_autoptr(KtRecord) deal = kt_record_new_with_id (KT_ENTITY_DEAL, DEAL_ID);
  g_autoptr(KtRecord) task = kt_record_new_with_id (KT_ENTITY_TASK, TASK_ID);
  g_autoptr(KtRecord) activity = kt_record_new_with_id (KT_ENTITY_ACTIVITY, ACTIVITY_ID);
  g_autoptr(KtRecord) tier = define (store, TIER_ID, "contact", "tier", "Tier", "choice", 3);
  const char *tiers[] = { "Gold", "Silver, plus", NULL };
  KtRecord *stage;

  g_assert_true (kt_pipelines_ensure_default (store, &error));
  pipelines = kt_pipelines_load (store, &error);
  stages = kt_pipelines_load_stages (store, kt_record_get_id (kt_pipelines_pick_default (pipelines)),
                                     &error);
  g_assert_no_error (error);
  /* A probability the editor's whole-percent spin cannot show. */
  stage = g_ptr_array_index (stages, 1);
  kt_record_set_int (stage, "probability_bps", 2550);
  kt_record_set_int (stage, "rotting_days", 14);
  save (store, stage);

  {
    g_autoptr(KtRecord) drink = define (store, NULL, "contact", "drink", "Drink", "text", 0);
    g_autoptr(KtRecord) score = define (store, NULL, "contact", "score", "Score", "number", 1);
    g_autoptr(KtRecord) met = define (store, NULL, "contact", "met_on", "Met on", "date", 2);
    g_autoptr(KtRecord) vip = define (store, NULL, "contact", "vip", "VIP", "bool", 4);
    g_autoptr(KtRecord) region = define (store, NULL, "company", "region", "Region", "text", 0);
    g_autoptr(KtRecord) partner = define (store, NULL, "company", "partner", "Partner", "bool", 1);
    g_autoptr(KtRecord) source = define (store, NULL, "deal", "source", "Lead source", "text", 0);
    g_autoptr(KtRecord) hot = define (store, NULL, "deal", "hot", "Hot", "bool", 1);

    save (store, drink);
    save (store, score);
    save (store, met);
    save (store, vip);
    save (store, region);
    save (store, partner);
    save (store, source);
    save (store, hot);
  }
  /* A choice with a comma, and "required" never set. */
  kt_record_set_tags (tier, "choices", tiers);
  kt_record_unset (tier, "required");
  save (store, tier);

  kt_record_set_string (company, "name", "Загора ООД");
  kt_record_set_string (company, "industry", "Винарство");
  kt_record_set_string (company, "size", "51-200");
  kt_record_set_string (company, "website", "https://zagora.example.bg");
  kt_record_set_string (company, "email", "office@zagora.example.bg");
  kt_record_set_string (company, "phone", "+359 42 600 100");
  kt_record_set_string (company, "address", "бул. Руски 12");
  kt_record_set_string (company, "city", "Стара Загора");
  kt_record_set_string (company, "postal_code", "6000");
  kt_record_set_string (company, "country", "България");
  kt_record_set_string (company, "vat_number", "BG121100421");
  kt_record_set_string (company, "registration_number", "121100421");
  kt_record_set_int (company, "annual_revenue", 123456789);
  kt_record_set_string (company, "currency", "BGN");
  kt_record_set_int (company, "employee_count", 120);
  set_tags (company, "tags", "винарна", " partner ");
  kt_record_set_string (company, "notes", "Две изби.\nПлащат навреме.");
  set_json (company, "custom", "{\"region\": \"Тракия\", \"retired_key\": [1, 2]}");
  kt_record_set_owner_id (company, STRANGER_ID);
  save (store, company);

  kt_record_set_string (contact, "first_name", "Иван");
  kt_record_set_string (contact, "last_name", "Петров");
  kt_record_set_string (contact, "email", "ivan@zagora.example.bg");
  kt_record_set_string (contact, "phone", "+359 42 600 101");
  kt_record_set_string (contact, "mobile", "+359 888 123 456");
  kt_record_set_string (contact, "job_title", "Управител");
  kt_record_set_string (contact, "company_id", COMPANY_ID);
  kt_record_set_string (contact, "address", "ул. Лозя 3");
  kt_record_set_string (contact, "city", "Стара Загора");
  kt_record_set_string (contact, "postal_code", "6001");
  kt_record_set_string (contact, "country", "България");
  kt_record_set_string (contact, "website", "https://ivan.example.bg");
  kt_record_set_string (contact, "linkedin", "https://www.linkedin.com/in/ivan");
  kt_record_set_string (contact, "twitter", "https://x.com/ivan");
  kt_record_set_string (contact, "facebook", "https://facebook.com/ivan");
  kt_record_set_string (contact, "birthday", "1980-02-29");
  kt_record_set_string (contact, "source", "referral");
  set_tags (contact, "tags", "vip", "sofia");
  kt_record_set_string (contact, "notes", "Обича червено.");
  set_json (contact, "custom",
            "{\"drink\": \" espresso \", \"score\": 7.5, \"met_on\": \"2024-05-01\","
            " \"tier\": \"Silver, plus\", \"orphan\": \"kept\"}");
  kt_record_set_owner_id (contact, STRANGER_ID);
  save (store, contact);

  kt_record_set_string (deal, "title", "Доставка на бъчви");
  kt_record_set_string (deal, "pipeline_id", kt_record_get_string (stage, "pipeline_id"));
  kt_record_set_string (deal, "stage_id", kt_record_get_id (stage));
  kt_record_set_string (deal, "status", "open");
  kt_record_set_int (deal, "value", 250075);
  kt_record_set_string (deal, "currency", "BGN");
  kt_record_set_string (deal, "expected_close_date", "2026-12-31");
  kt_record_set_string (deal, "contact_id", CONTACT_ID);
  kt_record_set_string (deal, "company_id", COMPANY_ID);
  kt_record_set_int (deal, "position", 3072);
  kt_record_set_string (deal, "stage_changed_at", "2026-01-02T03:04:05.678Z");
  set_tags (deal, "tags", "бъчви", "2026");
  kt_record_set_string (deal, "notes", "Чакаме оферта.");
  set_json (deal, "custom", "{\"source\": \"Изложение\", \"orphan\": 1}");
  kt_record_set_owner_id (deal, STRANGER_ID);
  save (store, deal);

  kt_record_set_string (task, "title", "Среща за бъчвите");
  kt_record_set_string (task, "description", "Да донеса мостри.");
  kt_record_set_string (task, "priority", "medium");
  kt_record_set_string (task, "type", "meeting");
  kt_record_set_string (task, "due_at", "2030-11-25T12:34:56.789Z");
  kt_record_set_string (task, "assignee_id", STRANGER_ID);
  kt_record_set_string (task, "contact_id", CONTACT_ID);
  kt_record_set_string (task, "company_id", COMPANY_ID);
  kt_record_set_string (task, "deal_id", DEAL_ID);
  kt_record_set_bool (task, "done", FALSE);
  save (store, task);

  kt_record_set_string (activity, "type", "meeting");
  kt_record_set_string (activity, "occurred_at", "2026-03-04T05:06:07.890Z");
  kt_record_set_string (activity, "subject", "Дегустация");
  kt_record_set_string (activity, "body", "Три вина.\nХаресаха мерлото.");
  kt_record_set_int (activity, "duration_minutes", 45);
  kt_record_set_string (activity, "contact_id", CONTACT_ID);
  kt_record_set_string (activity, "deal_id", DEAL_ID);
  save (store, activity);
}

static KtStore *
app_store (KtUiFixture *fixture)
{
  return kt_context_get_store (kt_application_get_context (fixture->app));
}

/* The stored record, clocks and all, as text. */
static char *
snapshot (KtStore        *store,
          const KtEntity *entity,
          const char     *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) record = kt_store_get (store, entity, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (record);
  return kt_record_to_json_string (record, KT_JSON_CLOCKS);
}

/* The fields the newest outbox row sends. */
static char *
last_outbox_fields (KtStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = kt_store_outbox_peek (store, 1000, &error);
  KtOutboxEntry *last;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GList) names = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, >, 0);
  last = g_ptr_array_index (entries, entries->len - 1);
  node = json_from_string (last->fields_json, &error);
  g_assert_no_error (error);
  names = json_object_get_members (json_node_get_object (node));
  names = g_list_sort (names, (GCompareFunc) g_strcmp0);
  for (GList *l = names; l != NULL; l = l->next)
    g_string_append_printf (out, "%s%s", out->len > 0 ? "," : "", (const char *) l->data);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

typedef struct
{
  const KtEntity *entity;
  const char     *id;
  char           *before;
  gint64          outbox;
} Kept;

static void
keep (Kept           *kept,
      KtStore        *store,
      const KtEntity *entity,
      const char     *id)
{
  kept->entity = entity;
  kept->id = id;
  kept->before = snapshot (store, entity, id);
  kept->outbox = kt_store_outbox_count (store);
}

static void
assert_kept (Kept    *kept,
             KtStore *store)
{
  g_autofree char *after = snapshot (store, kept->entity, kept->id);

  g_assert_cmpstr (after, ==, kept->before);
  g_assert_cmpint (kt_store_outbox_count (store), ==, kept->outbox);
  g_clear_pointer (&kept->before, g_free);
}

/* Contacts and companies: select the row, the detail's Edit, Save. */
static KtRecordForm *
open_record_form (KtUiFixture *fixture,
                  const char  *section)
{
  KtRecordPane *pane;
  GtkWidget *detail;

  g_assert_true (kt_window_show_section (fixture->window, section));
  kt_ui_iterate (50);
  pane = KT_RECORD_PANE (kt_window_get_pane (fixture->window, section));
  gtk_selection_model_select_item (kt_record_pane_get_selection (pane), 0, TRUE);
  /* The detail slides in. */
  kt_ui_iterate (400);
  detail = kt_ui_find_widget (GTK_WIDGET (pane), KT_TYPE_RECORD_DETAIL);
  g_assert_nonnull (detail);
  kt_ui_click (kt_ui_find_button (detail, _("_Edit")));
  return KT_RECORD_FORM (kt_ui_wait_for_toplevel (KT_TYPE_RECORD_FORM));
}

static void
test_contact (KtUiFixture   *fixture,
              gconstpointer  data)
{
  KtStore *store = app_store (fixture);
  KtRecordForm *form;
  Kept kept;
  g_autoptr(KtRecord) saved = NULL;
  g_autofree char *fields = NULL;
  JsonObject *custom;

  keep (&kept, store, KT_ENTITY_CONTACT, CONTACT_ID);
  form = open_record_form (fixture, "contacts");
  kt_ui_assert_focus_in (GTK_WINDOW (form), kt_form_get_row (KT_FORM (form), "first_name"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kt_form_get_row (KT_FORM (form), "last_name"))),
                   ==, "Петров");
  kt_ui_click_to_close (GTK_WINDOW (form), _("_Save"));
  assert_kept (&kept, store);

  /* One real change touches that field only, and keeps a change that
   * arrived while the form was open. */
  form = open_record_form (fixture, "contacts");
  gtk_editable_set_text (GTK_EDITABLE (kt_form_get_row (KT_FORM (form), "job_title")), "Собственик");
  kt_ui_iterate (20);
  {
    g_autoptr(KtRecord) elsewhere = kt_store_get (store, KT_ENTITY_CONTACT, CONTACT_ID, NULL);

    kt_record_set_string (elsewhere, "city", "Казанлък");
    save (store, elsewhere);
  }
  kt_ui_click_to_close (GTK_WINDOW (form), _("_Save"));
  fields = last_outbox_fields (store);
  g_assert_cmpstr (fields, ==, "job_title");
  saved = kt_store_get (store, KT_ENTITY_CONTACT, CONTACT_ID, NULL);
  g_assert_cmpstr (kt_record_get_string (saved, "job_title"), ==, "Собственик");
  g_assert_cmpstr (kt_record_get_string (saved, "city"), ==, "Казанлък");
  g_assert_cmpstr (kt_record_get_owner_id (saved), ==, STRANGER_ID);
  custom = json_node_get_object (kt_record_get_node (saved, "custom"));
  g_assert_cmpstr (json_object_get_string_member (custom, "orphan"), ==, "kept");
  g_assert_cmpstr (json_object_get_string_member (custom, "drink"), ==, " espresso ");
  g_assert_false (json_object_has_member (custom, "vip"));
}

static void
test_company (KtUiFixture   *fixture,
              gconstpointer  data)
{
  KtStore *store = app_store (fixture);
  KtRecordForm *form;
  Kept kept;

  keep (&kept, store, KT_ENTITY_COMPANY, COMPANY_ID);
  form = open_record_form (fixture, "companies");
  kt_ui_assert_focus_in (GTK_WINDOW (form), kt_form_get_row (KT_FORM (form), "name"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kt_form_get_row (KT_FORM (form), "name"))),
                   ==, "Загора ООД");
  /* Notes are several lines, shown as such (issue 12). */
  {
    GtkWidget *notes = kt_ui_find_widget (kt_form_get_row (KT_FORM (form), "notes"), GTK_TYPE_TEXT_VIEW);
    GtkTextBuffer *buffer;
    GtkTextIter start, end;
    g_autofree char *text = NULL;

    g_assert_nonnull (notes);
    buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (notes));
    gtk_text_buffer_get_bounds (buffer, &start, &end);
    text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_cmpstr (text, ==, "Две изби.\nПлащат навреме.");
    g_assert_cmpint (gtk_text_buffer_get_line_count (buffer), ==, 2);
  }
  kt_ui_click_to_close (GTK_WINDOW (form), _("_Save"));
  assert_kept (&kept, store);
}

static KtDealBoard *
show_board (KtUiFixture *fixture)
{
  GtkWidget *pane;

  g_assert_true (kt_window_show_section (fixture->window, "deals"));
  kt_ui_iterate (100);
  pane = kt_window_get_pane (fixture->window, "deals");
  g_assert_true (KT_IS_DEAL_BOARD (pane));
  return KT_DEAL_BOARD (pane);
}

/* The board: click the card, then the detail's Edit. */
static KtDealForm *
open_deal_form (KtUiFixture *fixture)
{
  KtDealBoard *board = show_board (fixture);
  GtkWidget *card = kt_ui_find_widget (GTK_WIDGET (board), KT_TYPE_DEAL_CARD);
  GtkWidget *detail;

  g_assert_nonnull (card);
  kt_ui_click (card);
  detail = kt_ui_wait_for_deal_detail (GTK_WIDGET (board));
  kt_ui_click (kt_ui_find_button (detail, _("_Edit")));
  return KT_DEAL_FORM (kt_ui_wait_for_toplevel (KT_TYPE_DEAL_FORM));
}

static void
test_deal (KtUiFixture   *fixture,
           gconstpointer  data)
{
  KtStore *store = app_store (fixture);
  KtDealForm *form;
  Kept kept;
  g_autoptr(KtRecord) saved = NULL;
  g_autofree char *fields = NULL;

  keep (&kept, store, KT_ENTITY_DEAL, DEAL_ID);
  form = open_deal_form (fixture);
  kt_ui_assert_focus_in (GTK_WINDOW (form), kt_form_get_row (KT_FORM (form), "title"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kt_form_get_row (KT_FORM (form), "title"))),
                   ==, "Доставка на бъчви");
  kt_ui_click_to_close (GTK_WINDOW (form), _("_Save"));
  assert_kept (&kept, store);

  /* One real change touches that field only. */
  form = open_deal_form (fixture);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (kt_ui_find_widget (kt_form_get_row (KT_FORM (form), "notes"),
                                                                                   GTK_TYPE_TEXT_VIEW))),
                            "Оферта пратена.\nЧакаме отговор.", -1);
  kt_ui_iterate (20);
  kt_ui_click_to_close (GTK_WINDOW (form), _("_Save"));
  fields = last_outbox_fields (store);
  g_assert_cmpstr (fields, ==, "notes");
  saved = kt_store_get (store, KT_ENTITY_DEAL, DEAL_ID, NULL);
  g_assert_cmpstr (kt_record_get_owner_id (saved), ==, STRANGER_ID);
  g_assert_cmpint (kt_record_get_int (saved, "value"), ==, 250075);
}

static KtTaskEditor *
open_task_editor (KtUiFixture *fixture)
{
  GtkWidget *pane;
  GtkWidget *row;

  g_assert_true (kt_window_show_section (fixture->window, "tasks"));
  kt_ui_iterate (100);
  pane = kt_window_get_pane (fixture->window, "tasks");
  row = kt_ui_find_widget (pane, KT_TYPE_TASK_ROW);
  g_assert_nonnull (row);
  kt_ui_click (row);
  return KT_TASK_EDITOR (kt_ui_wait_for_toplevel (KT_TYPE_TASK_EDITOR));
}

static void
test_task (KtUiFixture   *fixture,
           gconstpointer  data)
{
  KtStore *store = app_store (fixture);
  KtTaskEditor *editor;
  Kept kept;
  g_autoptr(KtRecord) saved = NULL;
  g_autofree char *fields = NULL;

  keep (&kept, store, KT_ENTITY_TASK, TASK_ID);
  editor = open_task_editor (fixture);
  kt_ui_assert_focus_in (GTK_WINDOW (editor), kt_form_get_row (KT_FORM (editor), "title"));
  /* What it shows is what the task holds. */
  g_assert_cmpstr (adw_window_title_get_title (ADW_WINDOW_TITLE (kt_ui_find_widget (GTK_WIDGET (editor),
                                                                                     ADW_TYPE_WINDOW_TITLE))),
                   ==, _("Edit Task"));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (kt_form_get_row (KT_FORM (editor), "priority"))),
                    ==, 1);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (kt_form_get_row (KT_FORM (editor), "type"))),
                    ==, 3);
  g_assert_cmpstr (kt_record_picker_get_record_id (KT_RECORD_PICKER (kt_form_get_row (KT_FORM (editor), "deal_id"))),
                   ==, DEAL_ID);
  g_assert_cmpstr (kt_record_picker_get_record_id (KT_RECORD_PICKER (kt_form_get_row (KT_FORM (editor), "contact_id"))),
                   ==, CONTACT_ID);
  g_assert_cmpstr (kt_record_picker_get_record_id (KT_RECORD_PICKER (kt_form_get_row (KT_FORM (editor), "company_id"))),
                   ==, COMPANY_ID);
  g_assert_cmpstr (adw_combo_row_get_selected_item (ADW_COMBO_ROW (kt_form_get_row (KT_FORM (editor), "assignee_id"))) != NULL
                   ? gtk_string_object_get_string (adw_combo_row_get_selected_item (ADW_COMBO_ROW (kt_form_get_row (KT_FORM (editor), "assignee_id"))))
                   : NULL, ==, C_("owner", "A teammate"));
  kt_ui_click_to_close (GTK_WINDOW (editor), _("_Save"));
  assert_kept (&kept, store);

  /* One real change touches that field only, and keeps a change that
   * arrived while the editor was open (as a sync brings one). */
  editor = open_task_editor (fixture);
  adw_combo_row_set_selected (ADW_COMBO_ROW (kt_form_get_row (KT_FORM (editor), "priority")), 3);
  kt_ui_iterate (20);
  {
    g_autoptr(KtRecord) elsewhere = kt_store_get (store, KT_ENTITY_TASK, TASK_ID, NULL);

    kt_record_set_string (elsewhere, "title", "Среща за бъчвите и капачките");
    save (store, elsewhere);
  }
  kt_ui_click_to_close (GTK_WINDOW (editor), _("_Save"));
  fields = last_outbox_fields (store);
  g_assert_cmpstr (fields, ==, "priority");
  saved = kt_store_get (store, KT_ENTITY_TASK, TASK_ID, NULL);
  g_assert_cmpstr (kt_record_get_string (saved, "priority"), ==, "urgent");
  g_assert_cmpstr (kt_record_get_string (saved, "title"), ==, "Среща за бъчвите и капачките");
  g_assert_cmpstr (kt_record_get_string (saved, "due_at"), ==, "2030-11-25T12:34:56.789Z");
  g_assert_cmpstr (kt_record_get_string (saved, "assignee_id"), ==, STRANGER_ID);
}

static void
test_activity (KtUiFixture   *fixture,
               gconstpointer  data)
{
  KtStore *store = app_store (fixture);
  KtDealBoard *board;
  GtkWidget *card;
  GtkWidget *detail;
  GtkWidget *timeline;
  GtkWidget *row;
  GtkWindow *dialog;
  Kept kept;

  keep (&kept, store, KT_ENTITY_ACTIVITY, ACTIVITY_ID);
  board = show_board (fixture);
  card = kt_ui_find_widget (GTK_WIDGET (board), KT_TYPE_DEAL_CARD);
  kt_ui_click (card);
  detail = kt_ui_wait_for_deal_detail (GTK_WIDGET (board));
  timeline = kt_ui_find_widget (detail, KT_TYPE_ACTIVITY_TIMELINE);
  g_assert_nonnull (timeline);
  row = kt_ui_find_widget (timeline, ADW_TYPE_ACTION_ROW);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Дегустация");
  kt_ui_click (row);
  dialog = kt_ui_wait_for_toplevel (KT_TYPE_ACTIVITY_DIALOG);
  g_assert_cmpstr (gtk_window_get_title (dialog), ==, _("Edit Activity"));
  kt_ui_assert_focus_in (dialog, kt_form_get_row (KT_FORM (dialog), "subject"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kt_form_get_row (KT_FORM (dialog),
                                                                                   "duration_minutes"))),
                   ==, "45");
  kt_ui_click_to_close (dialog, _("_Save"));
  assert_kept (&kept, store);
}

/* The row titled @title under @root. */
static GtkWidget *
find_row (GtkWidget  *root,
          const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (root) && gtk_widget_get_mapped (root) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_custom_field (KtUiFixture   *fixture,
                   gconstpointer  data)
{
  KtStore *store = app_store (fixture);
  GtkWindow *prefs;
  GtkWindow *dialog;
  GtkWidget *row = NULL;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  Kept kept;

  keep (&kept, store, kt_entity_lookup ("custom_field"), TIER_ID);
  /* Ctrl+, opens the preferences; the custom fields are a page of them. */
  kt_ui_send_keys (GTK_WIDGET (fixture->window), "<Control>comma");
  prefs = kt_ui_wait_for_toplevel (ADW_TYPE_PREFERENCES_WINDOW);
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (prefs),
                                           ADW_PREFERENCES_PAGE (kt_ui_find_widget (GTK_WIDGET (prefs),
                                                                                    KT_TYPE_CUSTOM_FIELDS_PAGE)));
  while ((row = find_row (GTK_WIDGET (prefs), "Tier")) == NULL && g_get_monotonic_time () < deadline)
    kt_ui_iterate (50);
  g_assert_nonnull (row);
  kt_ui_click (row);
  dialog = kt_ui_wait_for_toplevel (KT_TYPE_CUSTOM_FIELD_DIALOG);
  kt_ui_assert_focus_in (dialog, kt_form_get_row (KT_FORM (dialog), "label"));
  kt_ui_click_to_close (dialog, _("_Save"));
  assert_kept (&kept, store);
}

static void
test_pipeline (KtUiFixture   *fixture,
               gconstpointer  data)
{
  KtStore *store = app_store (fixture);
  KtDealBoard *board = show_board (fixture);
  g_autoptr(GPtrArray) pipelines = kt_pipelines_load (store, NULL);
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(KtRecord) saved = NULL;
  g_autofree char *fields = NULL;
  g_autofree char *stage_id = NULL;
  GtkWindow *editor;
  GtkWidget *expander;
  GtkWidget *name;
  GtkWidget *spin;
  Kept kept;

  stages = kt_pipelines_load_stages (store, kt_record_get_id (kt_pipelines_pick_default (pipelines)), NULL);
  stage_id = g_strdup (kt_record_get_id (g_ptr_array_index (stages, 1)));
  keep (&kept, store, kt_entity_lookup ("stage"), stage_id);

  kt_ui_click (kt_ui_find_button (GTK_WIDGET (board), _("Edit Pipelines")));
  editor = kt_ui_wait_for_toplevel (KT_TYPE_PIPELINE_EDITOR);
  expander = find_row (GTK_WIDGET (editor), kt_record_get_string (g_ptr_array_index (stages, 1), "name"));
  g_assert_nonnull (expander);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);
  kt_ui_iterate (300);

  /* Enter in the unchanged name and a visit to the probability change
   * nothing. */
  name = find_row (expander, _("Name"));
  g_assert_nonnull (name);
  gtk_widget_grab_focus (name);
  kt_ui_send_keys (name, "Return");
  spin = kt_ui_find_widget (find_row (expander, _("Win probability (%)")), GTK_TYPE_SPIN_BUTTON);
  gtk_widget_grab_focus (spin);
  kt_ui_send_keys (spin, "Tab");
  assert_kept (&kept, store);

  /* One step up of the rotting period saves that field only. */
  spin = kt_ui_find_widget (find_row (expander, _("Rotting period (days)")), GTK_TYPE_SPIN_BUTTON);
  gtk_widget_grab_focus (spin);
  kt_ui_send_keys (spin, "Up");
  fields = last_outbox_fields (store);
  g_assert_cmpstr (fields, ==, "rotting_days");
  saved = kt_store_get (store, kt_entity_lookup ("stage"), stage_id, NULL);
  g_assert_cmpint (kt_record_get_int (saved, "rotting_days"), ==, 15);
  g_assert_cmpint (kt_record_get_int (saved, "probability_bps"), ==, 2550);
}

int
main (int   argc,
      char *argv[])
{
  kt_ui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, KtUiFixture, fill, kt_ui_fixture_setup, func, kt_ui_fixture_teardown)
  ADD ("/ui/editors/contact", test_contact);
  ADD ("/ui/editors/company", test_company);
  ADD ("/ui/editors/deal", test_deal);
  ADD ("/ui/editors/task", test_task);
  ADD ("/ui/editors/activity", test_activity);
  ADD ("/ui/editors/custom-field", test_custom_field);
  ADD ("/ui/editors/pipeline", test_pipeline);
#undef ADD

  return g_test_run ();
}
