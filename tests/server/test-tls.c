/* test-tls.c: the server speaks HTTPS itself when given a certificate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kt-test-server.h"

static gboolean
on_accept_certificate_cb (SoupMessage          *msg,
                          GTlsCertificate      *certificate,
                          GTlsCertificateFlags  errors,
                          gpointer              data)
{
  /* Self-signed on purpose; count that the handshake happened. */
  (*(guint *) data)++;
  return TRUE;
}

static void
on_sent_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  GBytes **out = data;
  g_autoptr(GError) error = NULL;

  *out = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (*out == NULL)
    *out = g_bytes_new (NULL, 0);
}

static void
test_https (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kt-tls-XXXXXX", &error);
  g_autofree char *cert = g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
  g_autofree char *conninfo = kt_test_pg_new_database ("tls");
  g_autoptr(KtServerConfig) config = kt_server_config_new ();
  g_autoptr(KtServer) server = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autofree char *uri = NULL;
  const char *openssl[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
                            "-days", "1", "-keyout", key, "-out", cert, NULL };
  g_autofree char *openssl_path = g_find_program_in_path ("openssl");
  int status = 0;
  guint handshakes = 0;

  g_assert_no_error (error);
  if (openssl_path == NULL)
    {
      g_test_skip ("openssl is needed to make a certificate");
      return;
    }
  g_spawn_sync (NULL, (char **) openssl, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  kt_set_str (&config->database_url, conninfo);
  kt_set_str (&config->tls_certificate, cert);
  kt_set_str (&config->tls_key, key);
  config->port = 0;
  server = kt_server_new (config, &error);
  g_assert_no_error (error);
  kt_server_listen (server, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kt_server_get_port (server), >, 0);

  uri = g_strdup_printf ("https://127.0.0.1:%u/v1/health", kt_server_get_port (server));
  msg = soup_message_new ("GET", uri);
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (on_accept_certificate_cb), &handshakes);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_sent_cb, &answer);
  while (answer == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (handshakes, ==, 1);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (answer, NULL), (gssize) g_bytes_get_size (answer), "\"ok\""));

  kt_server_shutdown (server);
  g_unlink (cert);
  g_unlink (key);
  g_rmdir (dir);
}

static void
test_half_configured (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *conninfo = kt_test_pg_new_database ("tls_half");
  g_autoptr(KtServerConfig) config = kt_server_config_new ();
  g_autoptr(KtServer) server = NULL;

  kt_set_str (&config->database_url, conninfo);
  kt_set_str (&config->tls_certificate, "/nonexistent/cert.pem");
  config->port = 0;
  server = kt_server_new (config, &error);
  g_assert_no_error (error);
  g_assert_false (kt_server_listen (server, &error));
  g_assert_nonnull (strstr (error->message, "tls-key"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/tls/https", test_https);
  g_test_add_func ("/server/tls/half-configured", test_half_configured);

  return g_test_run ();
}
