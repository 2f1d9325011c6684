/* test-secret-box.c: one sealer for the secrets stored for organizations
 * (server/core/kt-secret-box.c): its format with a key id, rotation,
 * values sealed before it by kt-ai-secret.c and kt-org-stripe.c, the
 * deprecated names of the key, and the secret-file reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kt-secret-box.h"
#include "kt-server-config.h"

#define KEY_A "4f2b8c0e9a1d3f5b7c6e8a0b2d4f6a8c1e3b5d7f9a0c2e4b6d8f0a1c3e5b7d9f"
#define KEY_B "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
#define KEY_C "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00"

/* Sealed by the code before kt-secret-box (base64 of nonce and box, no
 * key id): the organization's Stripe key and webhook secret under KEY_A
 * as [stripe] org-secrets-key, an AI provider key under KEY_B as the
 * file of [ai] secret-key-file. */
#define OLD_STRIPE_KEY_BOX "lBkQoA+Hq2x/QGxfur4fnXN/BlUpYVmU85qFYO2iVjtXxkN4DT/wU89MLH0rzPeMgJmi3UR0Z2YmUOi4/nZ1jpVI+H8="
#define OLD_AI_KEY_BOX "JT7XhOkpPhvC2g67NCm5S4TYqd0fBM78idEieNLcwBPGA5DVrqsTlLd32El1y5Xk2WXvOR9GQfcCfO+zSvaAcSI3K2YdqmpsJYz7bwoNw4Ws"

static char *dir;

static char *
key_file (const char *name,
          const char *contents)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static KtServerConfig *
config_with (const char *current_hex)
{
  static guint n;
  KtServerConfig *config = kt_server_config_new ();
  g_autofree char *text = g_strconcat (current_hex, "\n", NULL);
  g_autofree char *name = g_strdup_printf ("current-%u", n++);

  /* A file of its own: the configs of one test hold different keys. */
  if (current_hex != NULL)
    config->secret_key_file = key_file (name, text);
  return config;
}

static void
test_round_trip (void)
{
  g_autoptr(KtServerConfig) config = config_with (KEY_C);
  g_autoptr(GError) error = NULL;
  g_autofree char *one = kt_secret_box_seal (config, "rk_live_secret", &error);
  g_autofree char *two = kt_secret_box_seal (config, "rk_live_secret", &error);
  g_autofree char *plain = NULL;

  g_assert_no_error (error);
  /* The format names itself, and a fresh nonce makes each box new. */
  g_assert_true (g_str_has_prefix (one, "ksb1:"));
  g_assert_cmpstr (one, !=, two);
  g_assert_null (strstr (one, "rk_live"));
  plain = kt_secret_box_open (config, two, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plain, ==, "rk_live_secret");

  /* One byte changed: the MAC refuses it. */
  {
    g_autofree guint8 *bytes = NULL;
    g_autofree char *tampered = NULL;
    g_autofree char *again = NULL;
    gsize length = 0;

    bytes = g_base64_decode (one + 5, &length);
    bytes[length - 1] ^= 1;
    again = g_base64_encode (bytes, length);
    tampered = g_strconcat ("ksb1:", again, NULL);
    g_assert_null (kt_secret_box_open (config, tampered, &error));
    g_assert_error (error, KT_SECRET_BOX_ERROR, KT_SECRET_BOX_ERROR_CANNOT_OPEN);
  }
}

/* What kt-org-stripe.c and kt-ai-secret.c sealed under their own keys
 * opens under a server that has moved to [server] secret-key-file and
 * still names the old settings; the new seals use the new key. */
static void
test_old_values_open (void)
{
  g_autoptr(KtServerConfig) config = config_with (KEY_C);
  g_autoptr(KtServerConfig) only_new = config_with (KEY_C);
  g_autoptr(GError) error = NULL;
  g_autofree char *stripe_key = NULL;
  g_autofree char *ai_key = NULL;
  g_autofree char *sealed = NULL;
  g_autofree char *ai_hex = g_strconcat (KEY_B, "\n", NULL);

  config->stripe_org_secrets_key = g_strdup (KEY_A);
  config->ai_secret_key_file = key_file ("ai-secret", ai_hex);

  stripe_key = kt_secret_box_open (config, OLD_STRIPE_KEY_BOX, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stripe_key, ==, "rk_test_kantora_org_stand_in");
  ai_key = kt_secret_box_open (config, OLD_AI_KEY_BOX, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ai_key, ==, "sk-ai-provider-key-sealed-by-kt-ai-secret");

  /* Sealed now: under [server] secret-key-file, which alone opens it. */
  sealed = kt_secret_box_seal (config, "new", &error);
  g_assert_no_error (error);
  {
    g_autofree char *plain = kt_secret_box_open (only_new, sealed, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (plain, ==, "new");
  }
  /* Without the old keys the old boxes stay shut. */
  g_assert_null (kt_secret_box_open (only_new, OLD_STRIPE_KEY_BOX, &error));
  g_assert_error (error, KT_SECRET_BOX_ERROR, KT_SECRET_BOX_ERROR_CANNOT_OPEN);
}

/* Only the deprecated settings: they seal (the first named) and open. */
static void
test_deprecated_only (void)
{
  g_autoptr(KtServerConfig) stripe_only = config_with (NULL);
  g_autoptr(KtServerConfig) none = config_with (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *sealed = NULL;
  g_autofree char *plain = NULL;

  stripe_only->stripe_org_secrets_key = g_strdup (KEY_A);
  sealed = kt_secret_box_seal (stripe_only, "whsec_x", &error);
  g_assert_no_error (error);
  plain = kt_secret_box_open (stripe_only, sealed, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plain, ==, "whsec_x");

  g_assert_null (kt_secret_box_seal (none, "x", &error));
  g_assert_error (error, KT_SECRET_BOX_ERROR, KT_SECRET_BOX_ERROR_NO_KEY);
  g_clear_error (&error);
  none->secret_key_file = key_file ("short", "abcdef\n");
  g_assert_null (kt_secret_box_seal (none, "x", &error));
  g_assert_error (error, KT_SECRET_BOX_ERROR, KT_SECRET_BOX_ERROR_BAD_KEY);
}

/* A new key, the old one kept in previous-secret-key-files: what the old
 * key sealed opens by its key id; without it, it does not. */
static void
test_rotation (void)
{
  g_autoptr(KtServerConfig) before = config_with (KEY_A);
  g_autoptr(KtServerConfig) after = config_with (KEY_C);
  g_autoptr(KtServerConfig) forgot = config_with (KEY_C);
  g_autoptr(GError) error = NULL;
  g_autofree char *old_box = kt_secret_box_seal (before, "sealed before the rotation", &error);
  g_autofree char *old_key = g_strconcat (KEY_A, "\n", NULL);
  g_autofree char *path = key_file ("previous", old_key);
  g_autofree char *plain = NULL;

  g_assert_no_error (error);
  after->previous_secret_key_files = g_strconcat ("/nonexistent-is-an-error-below, ", path, NULL);
  g_assert_null (kt_secret_box_open (after, old_box, &error));
  g_assert_error (error, KT_SECRET_BOX_ERROR, KT_SECRET_BOX_ERROR_BAD_KEY);
  g_clear_error (&error);

  kt_set_str (&after->previous_secret_key_files, path);
  plain = kt_secret_box_open (after, old_box, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plain, ==, "sealed before the rotation");

  g_assert_null (kt_secret_box_open (forgot, old_box, &error));
  g_assert_error (error, KT_SECRET_BOX_ERROR, KT_SECRET_BOX_ERROR_CANNOT_OPEN);
}

/* The old names still load, each with a warning in the log. */
static void
test_config_aliases (void)
{
  g_autoptr(KtServerConfig) config = kt_server_config_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = key_file ("server.conf",
                                    "[server]\nsecret-key-file=/etc/kantora/secret\n"
                                    "[ai]\nsecret-key-file=/etc/kantora/ai-secret\n"
                                    "[stripe]\norg-secrets-key=" KEY_A "\n");
  char *envp[] = { (char *) "KANTORA_STRIPE_ORG_SECRETS_KEY=" KEY_B, NULL };

  g_test_expect_message ("kt-server-config", G_LOG_LEVEL_WARNING, "*[stripe] org-secrets-key*deprecated*");
  g_test_expect_message ("kt-server-config", G_LOG_LEVEL_WARNING, "*[ai] secret-key-file*deprecated*");
  g_assert_true (kt_server_config_load_file (config, path, &error));
  g_assert_no_error (error);
  g_test_assert_expected_messages ();
  g_assert_cmpstr (config->secret_key_file, ==, "/etc/kantora/secret");
  g_assert_cmpstr (config->ai_secret_key_file, ==, "/etc/kantora/ai-secret");
  g_assert_cmpstr (config->stripe_org_secrets_key, ==, KEY_A);

  g_test_expect_message ("kt-server-config", G_LOG_LEVEL_WARNING,
                         "*[stripe] org-secrets-key (KANTORA_STRIPE_ORG_SECRETS_KEY)*deprecated*");
  g_assert_true (kt_server_config_load_env (config, envp, &error));
  g_test_assert_expected_messages ();
  g_assert_cmpstr (config->stripe_org_secrets_key, ==, KEY_B);
}

static void
test_file_read (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = key_file ("password", "pass word \r\n");
  g_autofree char *missing = g_build_filename (dir, "missing", NULL);
  char *text = kt_secret_file_read (path, &error);

  g_assert_no_error (error);
  /* The line end goes, a space that belongs to the secret stays. */
  g_assert_cmpstr (text, ==, "pass word ");
  kt_secret_free (text);
  g_assert_null (kt_secret_file_read (missing, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

int
main (int argc, char *argv[])
{
  int result;

  g_test_init (&argc, &argv, NULL);
  dir = g_dir_make_tmp ("kt-secret-box-XXXXXX", NULL);
  g_assert_nonnull (dir);

  g_test_add_func ("/secret-box/round-trip", test_round_trip);
  g_test_add_func ("/secret-box/old-values-open", test_old_values_open);
  g_test_add_func ("/secret-box/deprecated-only", test_deprecated_only);
  g_test_add_func ("/secret-box/rotation", test_rotation);
  g_test_add_func ("/secret-box/config-aliases", test_config_aliases);
  g_test_add_func ("/secret-box/file-read", test_file_read);

  result = g_test_run ();
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *p = g_build_filename (dir, name, NULL);

        g_unlink (p);
      }
  }
  g_rmdir (dir);
  g_free (dir);
  return result;
}
