/* test-ui-documents-sync.c: an invoice issued offline gets the server's
 * number at the next sync
 *
 * Against a real kantora-server on a throwaway PostgreSQL: a draft typed
 * while offline is issued from its detail and shows "Draft" as its
 * number; the sync pushes it, the server numbers it, and the pull brings
 * the number into the list and the detail. The seller's details arrive
 * with the same sync.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kt-document-pane.h"
#include "kt-documents.h"
#include "kt-record-detail.h"
#include "kt-ui-sync-test.h"

static void
test_issue_offline_then_sync (KtSyncUiFixture *f,
                              gconstpointer    data)
{
  g_autofree char *email = kt_sync_ui_new_email ();
  g_autoptr (KtStore) other_store = NULL;
  g_autoptr (KtSyncEngine) other = NULL;
  g_autofree char *token = kt_sync_ui_register_elsewhere (email, &other_store, &other);
  g_autoptr (GError) error = NULL;
  g_autoptr (KtRecord) invoice = kt_record_new (KT_ENTITY_INVOICE);
  g_autoptr (KtRecord) issued = NULL;
  g_autofree char *today = kt_document_today ();
  g_autofree char *organization = NULL;
  KtStore *store;
  KtRecordPane *pane;
  KtRecordDetail *detail;
  const char *number;

  kt_sync_ui_start_app (f, FALSE);
  store = kt_context_get_store (kt_application_get_context (f->app));
  g_assert_true (kt_test_login (kt_sync_ui_engine (f), kt_sync_ui_server->url, email,
                                KT_SYNC_UI_PASSWORD, &error));
  g_assert_no_error (error);

  kt_record_set_string (invoice, "issue_date", today);
  kt_record_set_string (invoice, "client_name", "Acme Ltd");
  pane = kt_sync_ui_show_new_invoice (f, invoice);
  detail = KT_RECORD_DETAIL (kt_ui_find_widget (GTK_WIDGET (pane), KT_TYPE_RECORD_DETAIL));
  g_assert_true (kt_ui_has_label (GTK_WIDGET (detail),
                                  _("The organization’s details come with the first sync")));
  kt_ui_click (kt_ui_find_actionable (GTK_WIDGET (pane), "document.issue"));
  kt_ui_iterate (100);
  g_assert_cmpstr (kt_record_detail_get_title (detail), ==, C_("document number", "Draft"));

  kt_sync_ui_sync_now (f);
  kt_ui_iterate (300);

  issued = kt_store_get (store, KT_ENTITY_INVOICE, kt_record_get_id (invoice), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kt_record_get_string (issued, "status"), ==, "issued");
  number = kt_record_get_string (issued, "number");
  g_assert_nonnull (number);
  g_assert_cmpstr (number, !=, "");
  g_test_message ("the server numbered the invoice %s", number);
  /* The detail and the list show it without being asked. */
  g_assert_cmpstr (kt_record_detail_get_title (detail), ==, number);
  g_assert_true (kt_ui_has_label (GTK_WIDGET (pane), number));
  /* The seller came with the sync. */
  organization = kt_store_get_meta (store, KT_DOCUMENT_ORGANIZATION_KEY);
  g_assert_nonnull (organization);
  g_assert_false (kt_ui_has_label (GTK_WIDGET (detail),
                                   _("The organization’s details come with the first sync")));
}

int
main (int    argc,
      char **argv)
{
  kt_sync_ui_test_init (&argc, &argv);

  g_test_add ("/ui/documents-sync/issue-offline-then-sync", KtSyncUiFixture, NULL,
              kt_sync_ui_setup, test_issue_offline_then_sync, kt_sync_ui_teardown);

  return kt_sync_ui_test_finish (g_test_run ());
}
