/* kt-cli-sync.c: login, register, logout, sync, status
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kantora-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <termios.h>
#include <unistd.h>

#include "kt-cli.h"
#include "kt-store-sync.h"

typedef struct {
  gboolean  done;
  GError   *error;
} Wait;

typedef struct {
  const char *server;
  const char *email;
  const char *name;
  const char *organization;
  gboolean    password_stdin;
  gboolean    force;
} Options;

static gboolean
parse_options (int       argc,
               char    **argv,
               Options  *opts,
               char    **out_message)
{
  for (int i = 0; i < argc; i++)
    {
      const char *opt = argv[i];
      const char **target = NULL;

      if (g_str_equal (opt, "--password-stdin"))
        {
          opts->password_stdin = TRUE;
          continue;
        }
      if (g_str_equal (opt, "--force"))
        {
          opts->force = TRUE;
          continue;
        }

      if (g_str_equal (opt, "--server"))
        target = &opts->server;
      else if (g_str_equal (opt, "--email"))
        target = &opts->email;
      else if (g_str_equal (opt, "--name"))
        target = &opts->name;
      else if (g_str_equal (opt, "--organization"))
        target = &opts->organization;

      if (target == NULL)
        {
          *out_message = g_strdup_printf (_("Unknown option “%s”"), opt);
          return FALSE;
        }
      if (i + 1 >= argc)
        {
          *out_message = g_strdup_printf (_("The option “%s” needs a value"), opt);
          return FALSE;
        }
      *target = argv[++i];
    }
  return TRUE;
}

/* The password from a prompt without echo on a terminal, or the first
 * line of the standard input (scripts: --password-stdin). */
static char *
read_password (gboolean from_stdin)
{
  struct termios old, quiet;
  gboolean terminal = !from_stdin && isatty (STDIN_FILENO);
  char buffer[1100];
  char *line;

  if (terminal)
    {
      g_printerr ("%s", _("Password: "));
      tcgetattr (STDIN_FILENO, &old);
      quiet = old;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }

  line = fgets (buffer, sizeof buffer, stdin);

  if (terminal)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &old);
      g_printerr ("\n");
    }

  if (line == NULL)
    return NULL;
  line[strcspn (line, "\r\n")] = '\0';
  line = g_strdup (line);
  memset (buffer, 0, sizeof buffer);
  return line;
}

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;
  KtSyncEngine *engine = KT_SYNC_ENGINE (source);
  gpointer tag = g_task_get_source_tag (G_TASK (result));

  if (tag == kt_sync_engine_login_async)
    kt_sync_engine_login_finish (engine, result, &wait->error);
  else if (tag == kt_sync_engine_register_async)
    kt_sync_engine_register_finish (engine, result, &wait->error);
  else if (tag == kt_sync_engine_logout_async)
    kt_sync_engine_logout_finish (engine, result, &wait->error);
  else
    kt_sync_engine_sync_now_finish (engine, result, &wait->error);
  wait->done = TRUE;
}

static int
finish (Wait *wait)
{
  kt_cli_wait (&wait->done);
  if (wait->error != NULL)
    {
      int code = kt_cli_fail (wait->error);

      g_clear_error (&wait->error);
      return code;
    }
  return KT_CLI_OK;
}

static int
sign_in (KtCli    *cli,
         int       argc,
         char    **argv,
         gboolean  create)
{
  Options opts = { 0 };
  Wait wait = { 0 };
  g_autofree char *message = NULL;
  g_autofree char *password = NULL;
  int code;

  if (!parse_options (argc, argv, &opts, &message))
    return kt_cli_usage (message);
  if (opts.server == NULL)
    opts.server = kt_sync_engine_get_server_url (cli->engine);
  if (opts.server == NULL || opts.email == NULL)
    return kt_cli_usage (_("--server and --email are needed"));
  if (create && (opts.name == NULL || opts.organization == NULL))
    return kt_cli_usage (_("register needs --name and --organization too"));

  password = read_password (opts.password_stdin);
  if (password == NULL || *password == '\0')
    return kt_cli_usage (_("A password is needed"));

  if (create)
    kt_sync_engine_register_async (cli->engine, opts.server, opts.email, password,
                                   opts.name, opts.organization, NULL, on_done_cb, &wait);
  else
    kt_sync_engine_login_async (cli->engine, opts.server, opts.email, password,
                                NULL, on_done_cb, &wait);
  memset (password, 0, strlen (password));

  code = finish (&wait);
  if (code == KT_CLI_OK)
    g_printerr (_("Signed in to %s as %s\n"), opts.server, opts.email);
  return code;
}

int
kt_cli_login (KtCli  *cli,
              int     argc,
              char  **argv)
{
  return sign_in (cli, argc, argv, FALSE);
}

int
kt_cli_register (KtCli  *cli,
                 int     argc,
                 char  **argv)
{
  return sign_in (cli, argc, argv, TRUE);
}

int
kt_cli_logout (KtCli  *cli,
               int     argc,
               char  **argv)
{
  Options opts = { 0 };
  Wait wait = { 0 };
  g_autofree char *message = NULL;

  if (!parse_options (argc, argv, &opts, &message))
    return kt_cli_usage (message);

  kt_sync_engine_logout_async (cli->engine, opts.force, NULL, on_done_cb, &wait);
  return finish (&wait);
}

static void
on_progress_cb (KtSyncEngine *engine,
                GParamSpec   *pspec,
                gpointer      user_data)
{
  gint64 total = kt_sync_engine_get_progress_total (engine);

  if (total > 0)
    {
      /* The numbers are formatted first (with the locale's grouping) and the
       * carriage return kept out of the message, so translators see one
       * whole sentence. */
      g_autofree char *done_text = g_strdup_printf ("%'" G_GINT64_FORMAT,
                                                    kt_sync_engine_get_progress_done (engine));
      g_autofree char *total_text = g_strdup_printf ("%'" G_GINT64_FORMAT, total);

      g_printerr ("\r");
      /* TRANSLATORS: a progress line, e.g. "Syncing: 12,400 of 100,000" */
      g_printerr (_("Syncing: %s of %s"), done_text, total_text);
    }
}

/* One line per change the server refused (already undone here), then
 * KT_CLI_REJECTED: a script must not take a sync with rejections for a
 * clean one. */
static int
report_rejections (KtSyncEngine *engine)
{
  GPtrArray *rejections = kt_sync_engine_get_rejections (engine);

  for (guint i = 0; i < rejections->len; i++)
    {
      KtSyncRejection *r = g_ptr_array_index (rejections, i);
      const char *message = *r->message != '\0' ? r->message : r->code;

      g_printerr ("kantora-cli: ");
      if (r->field != NULL)
        /* TRANSLATORS: a change the server rejected: entity, record id,
         * field, the server's message, e.g.
         * "contact 0192…: email: “Email” is not a valid email address" */
        g_printerr (_("%s %s: %s: %s"), r->entity, r->record_id, r->field, message);
      else
        /* TRANSLATORS: a change the server rejected: entity, record id,
         * the server's message */
        g_printerr (_("%s %s: %s"), r->entity, r->record_id, message);
      g_printerr ("\n");
    }

  if (rejections->len == 0)
    return KT_CLI_OK;

  g_printerr ("kantora-cli: ");
  g_printerr (g_dngettext (GETTEXT_PACKAGE,
                           "The server rejected %u change; it was undone in this store.",
                           "The server rejected %u changes; they were undone in this store.",
                           rejections->len),
              rejections->len);
  g_printerr ("\n");
  return KT_CLI_REJECTED;
}

/* A local edit that lost to a newer one made elsewhere: the store holds
 * the winner already; a script learns it from the line and the exit code
 * as a person in the window does from its toast. */
static void
on_superseded_cb (KtSyncEngine       *engine,
                  const char         *entity,
                  const char         *record_id,
                  const char         *title,
                  const char * const *fields,
                  gpointer            user_data)
{
  guint *n_superseded = user_data;

  for (guint i = 0; fields != NULL && fields[i] != NULL; i++)
    {
      g_printerr ("kantora-cli: ");
      /* TRANSLATORS: a local change that lost to a newer one: entity,
       * record id, field, e.g. "contact 0192…: city: replaced by a newer
       * change made elsewhere" */
      g_printerr (_("%s %s: %s: replaced by a newer change made elsewhere"), entity, record_id, fields[i]);
      g_printerr ("\n");
    }
  (*n_superseded)++;
}

int
kt_cli_sync (KtCli  *cli,
             int     argc,
             char  **argv)
{
  Wait wait = { 0 };
  gboolean terminal = isatty (STDERR_FILENO);
  gulong handler = 0;
  gulong superseded_handler;
  guint n_superseded = 0;
  int code;

  if (argc != 0)
    return kt_cli_usage (_("sync takes no arguments"));

  superseded_handler = g_signal_connect (cli->engine, "mutation-superseded",
                                         G_CALLBACK (on_superseded_cb), &n_superseded);

  if (terminal)
    handler = g_signal_connect (cli->engine, "notify::progress-done",
                                G_CALLBACK (on_progress_cb), NULL);

  kt_sync_engine_sync_now_async (cli->engine, NULL, on_done_cb, &wait);
  code = finish (&wait);

  if (terminal)
    {
      g_signal_handler_disconnect (cli->engine, handler);
      if (kt_sync_engine_get_progress_total (cli->engine) > 0)
        g_printerr ("\n");
    }
  g_signal_handler_disconnect (cli->engine, superseded_handler);
  if (code == KT_CLI_OK)
    code = report_rejections (cli->engine);
  if (code == KT_CLI_OK && n_superseded > 0)
    {
      g_printerr ("kantora-cli: ");
      g_printerr (g_dngettext (GETTEXT_PACKAGE,
                               "%u change lost to a newer one made elsewhere; this store now holds the newer values.",
                               "%u changes lost to newer ones made elsewhere; this store now holds the newer values.",
                               n_superseded),
                  n_superseded);
      g_printerr ("\n");
      code = KT_CLI_SUPERSEDED;
    }
  if (code == KT_CLI_OK)
    g_printerr ("%s\n", _("Up to date"));
  return code;
}

int
kt_cli_status (KtCli  *cli,
               int     argc,
               char  **argv)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *json = NULL;
  g_autofree char *last_sync = NULL;
  g_autoptr (GEnumClass) states = g_type_class_ref (KT_TYPE_SYNC_STATE);
  GDateTime *when = kt_sync_engine_get_last_sync (cli->engine);
  gboolean cursor_bad = FALSE;
  gint64 cursor = kt_store_sync_get_cursor (cli->store, &cursor_bad);
  gboolean as_json = argc == 1 && g_str_equal (argv[0], "--json");
  const char *state;

  if (argc > 1 || (argc == 1 && !as_json))
    return kt_cli_usage (_("status takes only --json"));

  state = g_enum_get_value (states, kt_sync_engine_get_state (cli->engine))->value_nick;
  if (when != NULL)
    last_sync = g_date_time_format_iso8601 (when);

  if (!as_json)
    {
      g_print ("server: %s\n", kt_sync_engine_get_server_url (cli->engine) ?: "-");
      g_print ("account: %s\n", kt_sync_engine_get_email (cli->engine) ?: "-");
      g_print ("state: %s\n", state);
      g_print ("pending: %" G_GINT64_FORMAT "\n", kt_store_outbox_count (cli->store));
      g_print ("cursor: %" G_GINT64_FORMAT "%s\n", cursor, cursor_bad ? " (damaged, will pull again)" : "");
      g_print ("last_sync: %s\n", last_sync ?: "-");
      g_print ("last_error: %s\n", kt_sync_engine_get_last_error (cli->engine) ?: "-");
      return KT_CLI_OK;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "server");
  json_builder_add_string_value (builder, kt_sync_engine_get_server_url (cli->engine));
  json_builder_set_member_name (builder, "account");
  json_builder_add_string_value (builder, kt_sync_engine_get_email (cli->engine));
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, state);
  json_builder_set_member_name (builder, "pending");
  json_builder_add_int_value (builder, kt_store_outbox_count (cli->store));
  json_builder_set_member_name (builder, "cursor");
  json_builder_add_int_value (builder, cursor);
  json_builder_set_member_name (builder, "last_sync");
  json_builder_add_string_value (builder, last_sync);
  json_builder_set_member_name (builder, "last_error");
  json_builder_add_string_value (builder, kt_sync_engine_get_last_error (cli->engine));
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json = json_to_string (root, TRUE);
  g_print ("%s\n", json);
  return KT_CLI_OK;
}
