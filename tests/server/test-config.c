/* test-config.c: the config file, environment overrides, and errors that
 * name the file, group and key
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kt-server-config.h"

typedef struct {
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("kt-config-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "server.conf", NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_unlink (f->path);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static void
write_conf (Fixture *f, const char *text)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (f->path, text, -1, &error);
  g_assert_no_error (error);
}

static void
test_defaults (Fixture *f, gconstpointer data)
{
  g_autoptr(KtServerConfig) config = kt_server_config_new ();

  g_assert_cmpuint (config->port, ==, KT_SERVER_DEV_PORT);
  g_assert_cmpstr (config->address, ==, "127.0.0.1");
  g_assert_null (config->database_url);
  g_assert_cmpuint (config->max_body_bytes, ==, 1024 * 1024);
  g_assert_cmpuint (config->token_ttl_hours, ==, 720);
}

static void
test_file_and_env (Fixture *f, gconstpointer data)
{
  g_autoptr(KtServerConfig) config = kt_server_config_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = NULL;

  write_conf (f,
              "[database]\nurl=postgresql://kantora@/kantora\nworkers=6\n"
              "[http]\naddress=0.0.0.0\nport=9000\nmax-body-bytes=2048\ntls-certificate=\ntls-key=\n"
              "[auth]\ntoken-ttl-hours=48\nargon2-opslimit=3\nargon2-memlimit=65536\n"
              "login-window-minutes=5\nlogin-max-failures-account=4\nlogin-max-failures-address=9\n"
              "[secrets]\nstripe-webhook-secret=\n");
  kt_server_config_load_file (config, f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->database_url, ==, "postgresql://kantora@/kantora");
  g_assert_cmpuint (config->workers, ==, 6);
  g_assert_cmpstr (config->address, ==, "0.0.0.0");
  g_assert_cmpuint (config->port, ==, 9000);
  g_assert_cmpuint (config->max_body_bytes, ==, 2048);
  g_assert_null (config->tls_certificate);   /* empty means none */
  g_assert_cmpuint (config->token_ttl_hours, ==, 48);
  g_assert_cmpuint (config->argon2_opslimit, ==, 3);
  g_assert_cmpuint (config->argon2_memlimit, ==, 65536);
  g_assert_cmpuint (config->login_window_minutes, ==, 5);
  g_assert_cmpuint (config->login_max_failures_account, ==, 4);
  g_assert_cmpuint (config->login_max_failures_address, ==, 9);

  /* The environment wins over the file. */
  env = g_environ_setenv (NULL, "KANTORA_DATABASE_URL", "host=/run/pg dbname=kt", TRUE);
  env = g_environ_setenv (env, "KANTORA_HTTP_PORT", "9100", TRUE);
  kt_server_config_load_env (config, env, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->database_url, ==, "host=/run/pg dbname=kt");
  g_assert_cmpuint (config->port, ==, 9100);
  g_assert_cmpuint (config->workers, ==, 6);
}

static void
test_errors (Fixture *f, gconstpointer data)
{
  g_autoptr(KtServerConfig) config = kt_server_config_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = NULL;

  write_conf (f, "[http]\nport=seventy\n");
  g_assert_false (kt_server_config_load_file (config, f->path, &error));
  g_assert_nonnull (strstr (error->message, "[http] port"));
  g_assert_nonnull (strstr (error->message, f->path));
  g_clear_error (&error);

  write_conf (f, "[http]\nport=70000\n");
  g_assert_false (kt_server_config_load_file (config, f->path, &error));
  g_clear_error (&error);

  write_conf (f, "this is not a key file");
  g_assert_false (kt_server_config_load_file (config, f->path, &error));
  g_clear_error (&error);

  env = g_environ_setenv (NULL, "KANTORA_WORKERS", "0", TRUE);
  g_assert_false (kt_server_config_load_env (config, env, &error));
  g_assert_nonnull (strstr (error->message, "KANTORA_WORKERS"));
  /* A refused value leaves the setting as it was. */
  g_assert_cmpuint (config->workers, ==, 4);
}

/* [jobs]: concurrency 0 turns the runner off (as --no-jobs does). */
static void
test_jobs (Fixture *f, gconstpointer data)
{
  g_autoptr(KtServerConfig) config = kt_server_config_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = NULL;

  g_assert_cmpuint (config->jobs_concurrency, ==, 1);
  g_assert_cmpuint (config->jobs_poll_interval_ms, ==, 5000);
  g_assert_cmpuint (config->jobs_lease_seconds, ==, 300);

  write_conf (f, "[jobs]\nconcurrency=0\npoll-interval-ms=250\nlease-seconds=60\n");
  g_assert_true (kt_server_config_load_file (config, f->path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (config->jobs_concurrency, ==, 0);
  g_assert_cmpuint (config->jobs_poll_interval_ms, ==, 250);
  g_assert_cmpuint (config->jobs_lease_seconds, ==, 60);

  env = g_environ_setenv (NULL, "KANTORA_JOBS_CONCURRENCY", "3", TRUE);
  g_assert_true (kt_server_config_load_env (config, env, &error));
  g_assert_cmpuint (config->jobs_concurrency, ==, 3);

  write_conf (f, "[jobs]\nlease-seconds=0\n");
  g_assert_false (kt_server_config_load_file (config, f->path, &error));
  g_assert_nonnull (strstr (error->message, "[jobs] lease-seconds"));
}

/* The built-in plans, then a file that renames one, prices two and
 * changes limits; numbers that are not limits and a price used twice are
 * refused, naming the file, group and key. */
static void
test_plans (Fixture *f, gconstpointer data)
{
  g_autoptr(KtServerConfig) config = kt_server_config_new ();
  g_autoptr(GError) error = NULL;
  KtPlanId id;

  g_assert_cmpstr (config->plans[KT_PLAN_FREE].name, ==, "Free");
  g_assert_cmpint (config->plans[KT_PLAN_FREE].limits[KT_LIMIT_CONTACTS], ==, 1000);
  g_assert_cmpint (config->plans[KT_PLAN_FREE].limits[KT_LIMIT_MEMBERS], ==, 3);
  g_assert_cmpint (config->plans[KT_PLAN_ENTERPRISE].limits[KT_LIMIT_DEALS], ==, KT_PLAN_UNLIMITED);
  g_assert_null (config->plans[KT_PLAN_STARTER].stripe_price_id);
  g_assert_cmpstr (config->stripe_api_version, ==, "2025-03-31.basil");
  g_assert_cmpuint (config->stripe_webhook_tolerance_seconds, ==, 300);
  /* A server that sells nothing limits nothing, unless told to. */
  g_assert_false (kt_server_config_enforces_limits (config));

  write_conf (f, "[stripe]\nsecret-key = sk_test_1\nwebhook-secrets = whsec_a,whsec_b\n"
                 "[plan starter]\nname = Start\nstripe-price-id = price_S\nmembers = 7\ncontacts = unlimited\n"
                 "[plan professional]\nstripe-price-id = price_P\nai-messages-per-month = 0\n");
  g_assert_true (kt_server_config_load_file (config, f->path, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (config->stripe_secret_key, ==, "sk_test_1");
  g_assert_cmpstr (config->stripe_webhook_secrets, ==, "whsec_a,whsec_b");
  g_assert_true (kt_server_config_enforces_limits (config));
  kt_set_str (&config->enforce_limits, "false");
  g_assert_false (kt_server_config_enforces_limits (config));
  kt_set_str (&config->enforce_limits, "auto");
  g_assert_cmpstr (config->plans[KT_PLAN_STARTER].name, ==, "Start");
  g_assert_cmpint (config->plans[KT_PLAN_STARTER].limits[KT_LIMIT_MEMBERS], ==, 7);
  g_assert_cmpint (config->plans[KT_PLAN_STARTER].limits[KT_LIMIT_CONTACTS], ==, KT_PLAN_UNLIMITED);
  g_assert_cmpint (config->plans[KT_PLAN_STARTER].limits[KT_LIMIT_DEALS], ==, 1000);
  g_assert_cmpint (config->plans[KT_PLAN_PROFESSIONAL].limits[KT_LIMIT_AI_MESSAGES_PER_MONTH], ==, 0);
  g_assert_true (kt_plans_find_price (config->plans, "price_P", &id));
  g_assert_cmpint (id, ==, KT_PLAN_PROFESSIONAL);
  g_assert_false (kt_plans_find_price (config->plans, "price_X", &id));

  write_conf (f, "[plan free]\ncontacts = -5\n");
  g_assert_false (kt_server_config_load_file (config, f->path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "[plan free] contacts"));
  g_clear_error (&error);

  write_conf (f, "[plan enterprise]\nstripe-price-id = price_S\n");
  g_assert_false (kt_server_config_load_file (config, f->path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "stripe-price-id"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/config/defaults", Fixture, NULL, fixture_setup, test_defaults, fixture_teardown);
  g_test_add ("/server/config/file-and-env", Fixture, NULL, fixture_setup, test_file_and_env, fixture_teardown);
  g_test_add ("/server/config/errors", Fixture, NULL, fixture_setup, test_errors, fixture_teardown);
  g_test_add ("/server/config/plans", Fixture, NULL, fixture_setup, test_plans, fixture_teardown);
  g_test_add ("/server/config/jobs", Fixture, NULL, fixture_setup, test_jobs, fixture_teardown);

  return g_test_run ();
}
