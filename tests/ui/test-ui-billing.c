/* test-ui-billing.c: the Billing pane against a server that sells plans
 *
 * A real kantora-server (tests/sync's harness) configured, through
 * KANTORA_SERVER_CONFIG, to call the Stripe stand-in of tests/server for
 * Checkout and to accept its signed webhooks; Free allows two contacts.
 * The pane shows the plan and the meters; Upgrade asks the server for a
 * Checkout URL and hands it to the URI launcher (injected: the URL the
 * person's browser would open); the webhook changes the plan, and the
 * pane shows it after the engine's next sync, with no refresh of its
 * own; a member who is not an owner or admin sees who manages billing;
 * a contact the server refuses over the limit stays on this computer.
 * Runs in English and in Bulgarian (billing-bg), with screenshots.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "kt-billing-client.h"
#include "kt-billing-pane.h"
#include "kt-store-sync.h"
#include "kt-stripe-stand-in.h"
#include "kt-ui-sync-test.h"

#define WEBHOOK_SECRET "whsec_kantora_ui_test"

static KtStripeStandIn *stripe;
static char *config_path;

static gboolean
pane_idle (gpointer data)
{
  return !kt_billing_pane_get_busy (KT_BILLING_PANE (data));
}

static KtBillingPane *
show_billing (KtSyncUiFixture *f)
{
  GtkWidget *pane;

  g_assert_true (kt_window_show_section (f->window, "billing"));
  pane = kt_window_get_pane (f->window, "billing");
  g_assert_true (KT_IS_BILLING_PANE (pane));
  kt_ui_iterate (50);
  g_assert_true (kt_sync_ui_wait_for (pane_idle, pane, 30000));
  kt_ui_iterate (100);
  return KT_BILLING_PANE (pane);
}

static void
register_ui (KtSyncUiFixture *f,
             const char      *email)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (kt_test_register (kt_sync_ui_engine (f), kt_sync_ui_server->url, email,
                                   KT_SYNC_UI_PASSWORD, &error));
  g_assert_no_error (error);
}

static void
screenshot (KtSyncUiFixture *f,
            const char      *name)
{
  g_autofree char *full = g_strconcat (name, g_getenv ("KT_SCREENSHOT_SUFFIX") ?: "", NULL);

  g_free (kt_ui_screenshot (GTK_WIDGET (f->window), full));
}

static void
on_launch_cb (GtkWidget  *widget,
              const char *uri,
              gpointer    user_data)
{
  char **launched = user_data;

  g_free (*launched);
  *launched = g_strdup (uri);
}

static gboolean
is_set (gpointer data)
{
  return *(char **) data != NULL;
}

static gboolean
plan_is_starter (gpointer data)
{
  return g_strcmp0 (kt_billing_pane_get_plan (KT_BILLING_PANE (data)), "starter") == 0;
}

static void
send_subscription_event (const char *org_id,
                         const char *price)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  static const char * const secrets[] = { WEBHOOK_SECRET, NULL };
  g_autofree char *event = g_strdup_printf (
    "{\"id\":\"evt_ui_%" G_GINT64_FORMAT "\",\"object\":\"event\",\"type\":\"customer.subscription.created\","
    "\"created\":%" G_GINT64_FORMAT ",\"data\":{\"object\":{\"id\":\"sub_ui\",\"object\":\"subscription\","
    "\"customer\":\"cus_ui\",\"status\":\"active\",\"cancel_at_period_end\":false,"
    "\"metadata\":{\"org_id\":\"%s\"},\"items\":{\"object\":\"list\",\"data\":[{"
    "\"id\":\"si_1\",\"price\":{\"id\":\"%s\"},\"quantity\":1,"
    "\"current_period_start\":%" G_GINT64_FORMAT ",\"current_period_end\":%" G_GINT64_FORMAT "}]}}}}",
    now, now, org_id, price, now, now + 30 * 86400);
  g_autoptr (JsonNode) answer = NULL;
  guint status = 0;

  answer = kt_stripe_send_event (kt_sync_ui_server->url, event, secrets, now, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
}

/* A row of @group's rows named @name (the pane names its made rows). */
static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_upgrade (KtSyncUiFixture *f,
              gconstpointer    data)
{
  g_autofree char *email = kt_sync_ui_new_email ();
  g_autofree char *launched = NULL;
  g_autofree char *org_id = NULL;
  g_autofree char *meter = g_strdup_printf (_("%s of %s"), "0", "2");
  KtBillingPane *pane;
  GtkWidget *contacts_row;
  GtkWidget *upgrade;
  guint requests;

  kt_sync_ui_start_app (f, FALSE);
  register_ui (f, email);
  kt_sync_ui_sync_now (f);
  org_id = kt_store_get_meta (kt_context_get_store (kt_window_get_context (f->window)), "org_id");

  /* The plan came with the first pull, before the pane asked anything. */
  {
    g_autoptr (JsonObject) cached = kt_billing_load_subscription (kt_context_get_store (kt_window_get_context (f->window)));

    g_assert_nonnull (cached);
    g_assert_cmpstr (json_object_get_string_member (cached, "plan"), ==, "free");
  }

  pane = show_billing (f);
  g_assert_cmpstr (kt_billing_pane_get_plan (pane), ==, "free");
  g_assert_null (kt_billing_pane_get_notice (pane));
  g_assert_true (kt_sync_ui_has_label_containing (GTK_WIDGET (pane), _("Free")));
  /* The contacts meter: none of the two Free allows here. */
  contacts_row = find_named (GTK_WIDGET (pane), "contacts");
  g_assert_nonnull (contacts_row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (contacts_row)), ==, meter);
  g_assert_nonnull (kt_ui_find_widget (contacts_row, GTK_TYPE_LEVEL_BAR));
  screenshot (f, "billing-free");

  /* Upgrade by keyboard to Starter: the server asks Stripe for a
   * Checkout Session and the pane opens its URL. */
  kt_billing_pane_set_uri_launcher (pane, on_launch_cb, &launched);
  upgrade = kt_ui_find_actionable (find_named (GTK_WIDGET (pane), "starter"), "billing.upgrade");
  g_assert_nonnull (upgrade);
  requests = kt_stripe_stand_in_requests (stripe);
  gtk_widget_grab_focus (upgrade);
  kt_ui_send_keys (upgrade, "Return");
  g_assert_true (kt_sync_ui_wait_for (is_set, &launched, 30000));
  g_assert_cmpuint (kt_stripe_stand_in_requests (stripe), ==, requests + 1);
  g_assert_cmpstr (kt_stripe_stand_in_last_path (stripe), ==, "/v1/checkout/sessions");
  g_assert_cmpstr (kt_stripe_stand_in_last_param (stripe, "line_items[0][price]"), ==, "price_starter");
  g_assert_cmpstr (kt_stripe_stand_in_last_param (stripe, "client_reference_id"), ==, org_id);
  g_assert_true (g_str_has_prefix (launched, "https://checkout.stripe.com/c/pay/cs_test_"));
  g_assert_true (kt_billing_pane_get_checkout_pending (pane));
  g_assert_true (kt_sync_engine_is_polling_quickly (kt_sync_ui_engine (f)));
  g_assert_cmpstr (kt_billing_pane_get_notice (pane), ==,
                   _("Waiting for Stripe to confirm the payment. The new plan shows here by itself."));
  screenshot (f, "billing-pending");

  /* Stripe's webhook reaches the server; the engine's quick polling
   * (automatic sync is on for this) pulls it, and the pane follows. */
  send_subscription_event (org_id, "price_starter");
  kt_sync_engine_set_auto_sync (kt_sync_ui_engine (f), TRUE);
  g_assert_true (kt_sync_ui_wait_for (plan_is_starter, pane, 30000));
  g_assert_true (kt_sync_ui_wait_for (pane_idle, pane, 30000));
  kt_ui_iterate (100);
  g_assert_false (kt_billing_pane_get_checkout_pending (pane));
  g_assert_true (kt_sync_ui_has_label_containing (GTK_WIDGET (pane), _("Starter")));
  g_assert_nonnull (kt_ui_find_actionable (GTK_WIDGET (pane), "billing.cancel"));
  screenshot (f, "billing-starter");

  /* At 360 px the rows wrap and the buttons stack; nothing asks for more
   * width than the window has. */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 720);
  kt_ui_iterate (400);
  if (gtk_widget_get_width (GTK_WIDGET (f->window)) <= 360)
    {
      int min = 0;

      gtk_widget_measure (GTK_WIDGET (pane), GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
      g_assert_cmpint (min, <=, gtk_widget_get_width (GTK_WIDGET (pane)));
    }
  screenshot (f, "billing-narrow");
}

/* Free allows two contacts here; the third, made offline, is refused
 * by the server at the push with plan_limit. It stays on this computer,
 * marked over the limit, with a toast that names the limit and leads to
 * the plans; once the plan is upgraded it goes out again and is taken.
 * (Before, the engine reverted it: the contact the person typed was
 * removed from the store with nothing but a toast left of it.) */
static void
test_over_limit (KtSyncUiFixture *f,
                 gconstpointer    data)
{
  g_autofree char *email = kt_sync_ui_new_email ();
  g_autofree char *org_id = NULL;
  g_autofree char *third_id = NULL;
  g_autofree char *toast = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KtRecord) kept = NULL;
  KtStore *store;
  KtSyncEngine *engine;

  kt_sync_ui_start_app (f, FALSE);
  register_ui (f, email);
  kt_sync_ui_sync_now (f);
  store = kt_context_get_store (kt_window_get_context (f->window));
  engine = kt_sync_ui_engine (f);
  org_id = kt_store_get_meta (store, "org_id");

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr (KtRecord) contact = kt_record_new (KT_ENTITY_CONTACT);
      g_autofree char *last = g_strdup_printf ("Limitova %u", i + 1);

      kt_record_set_string (contact, "first_name", "Vera");
      kt_record_set_string (contact, "last_name", last);
      g_assert_true (kt_store_save (store, contact, &error));
      g_assert_no_error (error);
      if (i == 2)
        third_id = g_strdup (kt_record_get_id (contact));
    }
  kt_sync_ui_sync_now (f);

  g_assert_cmpuint (kt_sync_engine_get_rejections (engine)->len, ==, 1);
  g_assert_cmpstr (((KtSyncRejection *) g_ptr_array_index (kt_sync_engine_get_rejections (engine), 0))->code,
                   ==, "plan_limit");
  kept = kt_store_get (store, KT_ENTITY_CONTACT, third_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (kept);
  g_assert_cmpstr (kt_record_get_string (kept, "last_name"), ==, "Limitova 3");
  g_assert_true (kt_billing_is_over_limit (store, "contact", third_id));
  g_assert_cmpint (kt_store_outbox_count (store), ==, 0);
  toast = g_strdup_printf (_("“%1$s” is kept on this computer only: the plan allows no more %2$s"),
                           "Vera Limitova 3", _("contacts"));
  kt_ui_iterate (200);
  g_assert_true (kt_sync_ui_has_label_containing (GTK_WIDGET (f->window), toast));
  screenshot (f, "billing-over-limit");
  /* The Billing pane lists it, by the name the person gave it. */
  {
    KtBillingPane *pane = show_billing (f);

    g_assert_true (kt_sync_ui_has_label_containing (GTK_WIDGET (pane), "Vera Limitova 3"));
    g_assert_true (kt_sync_ui_has_label_containing (GTK_WIDGET (pane), _("Kept on This Computer")));
  }

  /* Upgraded: the pull that brings the plan sends the draft again. */
  send_subscription_event (org_id, "price_starter");
  kt_sync_ui_sync_now (f);
  g_assert_false (kt_billing_is_over_limit (store, "contact", third_id));
  g_assert_cmpint (kt_store_outbox_count (store), ==, 1);
  kt_sync_ui_sync_now (f);
  g_assert_cmpuint (kt_sync_engine_get_rejections (engine)->len, ==, 0);
  g_assert_cmpint (kt_store_outbox_count (store), ==, 0);
  g_assert_cmpstr (kt_sync_engine_get_last_error (engine), ==, NULL);
}

/* A member who is neither owner nor admin: the plan, and who manages it. */
static void
test_member (KtSyncUiFixture *f,
             gconstpointer    data)
{
  g_autofree char *owner_email = kt_sync_ui_new_email ();
  g_autofree char *member_email = kt_sync_ui_new_email ();
  g_autoptr (KtStore) owner_store = NULL;
  g_autoptr (KtSyncEngine) owner_engine = NULL;
  g_autofree char *owner_token = kt_sync_ui_register_elsewhere (owner_email, &owner_store, &owner_engine);
  g_autofree char *member_id = kt_sync_ui_add_member (owner_token, member_email, "user");
  g_autoptr (GError) error = NULL;
  KtBillingPane *pane;

  kt_sync_ui_start_app (f, FALSE);
  g_assert_true (kt_test_login (kt_sync_ui_engine (f), kt_sync_ui_server->url, member_email,
                                KT_SYNC_UI_PASSWORD, &error));
  g_assert_no_error (error);
  kt_sync_ui_sync_now (f);
  pane = show_billing (f);
  g_assert_true (kt_sync_ui_has_label_containing (GTK_WIDGET (pane),
                                                  _("Billing Is Managed by Your Organization’s Owners")));
  g_assert_null (kt_ui_find_actionable (GTK_WIDGET (pane), "billing.upgrade"));
  g_assert_cmpstr (kt_billing_pane_get_plan (pane), ==, "free");
  screenshot (f, "billing-member");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *config = NULL;
  int fd;
  int ret;

  /* The stand-in before the server, which reads its address at start. */
  stripe = kt_stripe_stand_in_new ();
  kt_stripe_stand_in_add_price (stripe, "price_starter");
  kt_stripe_stand_in_add_price (stripe, "price_pro");
  config = g_strdup_printf ("[stripe]\napi-base=%s\nsecret-key=%s\nwebhook-secrets=%s\n"
                            "[plan free]\ncontacts=2\n"
                            "[plan starter]\nstripe-price-id=price_starter\n"
                            "[plan professional]\nstripe-price-id=price_pro\n",
                            kt_stripe_stand_in_base (stripe), KT_STAND_IN_SECRET_KEY, WEBHOOK_SECRET);
  fd = g_file_open_tmp ("kantora-billing-XXXXXX.conf", &config_path, &error);
  g_assert_no_error (error);
  close (fd);
  g_chmod (config_path, 0600);
  g_assert_true (g_file_set_contents (config_path, config, -1, &error));
  g_setenv ("KANTORA_SERVER_CONFIG", config_path, TRUE);

  kt_sync_ui_test_init (&argc, &argv);
  g_test_add ("/ui/billing/upgrade", KtSyncUiFixture, NULL, kt_sync_ui_setup, test_upgrade, kt_sync_ui_teardown);
  g_test_add ("/ui/billing/over-limit", KtSyncUiFixture, NULL, kt_sync_ui_setup, test_over_limit,
              kt_sync_ui_teardown);
  g_test_add ("/ui/billing/member", KtSyncUiFixture, NULL, kt_sync_ui_setup, test_member, kt_sync_ui_teardown);
  ret = kt_sync_ui_test_finish (g_test_run ());
  g_unlink (config_path);
  g_free (config_path);
  kt_stripe_stand_in_free (stripe);
  return ret;
}
