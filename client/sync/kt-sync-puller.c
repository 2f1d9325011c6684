/* kt-sync-puller.c: pulling the change feed, pages applied off the main loop
 *
 * The main loop only talks HTTP: each page's body goes, unparsed, to a
 * worker thread that parses it and applies it through a KtStore of its
 * own (a second SQLite connection to the same file; WAL lets the UI read
 * meanwhile). The main loop then hears what changed and announces it on
 * the UI's store (its clock observes the stamps, ::changed once per
 * entity), so lists refresh page by page without the UI ever waiting on
 * a page.
 *
 * Pipelined: the next page is asked for as soon as a page starts on the
 * worker, from the cursor its envelope opens with (peek_envelope()), so
 * the server prepares it while the worker inflates, reads and applies
 * this one; a page whose envelope is not in the server's own order is
 * asked after once the worker has read its cursor. Pages are applied one at a time and in order (one worker job at a
 * time; a page that arrives early waits), each with its cursor in one
 * transaction, so a crash resumes from the last applied page.
 *
 * An initial sync leaves the secondary indexes to the end
 * (kt-store-sync-defer.c); the worker builds them after the last page,
 * and also when the pull fails, so they are complete whenever no pull
 * runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kt-billing-client.h"
#include "kt-http-client.h"
#include "kt-json-guard.h"
#include "kt-main-context.h"
#include "kt-store-members.h"
#include "kt-store-sync.h"
#include "kt-sync-engine-private.h"
#include "kt-sync-page.h"

/* Pages up to this size (about a hundred records) are applied on the
 * main loop, in a few milliseconds. KT_SYNC_INLINE_PAGE_BYTES overrides
 * it (the tests set 0 to send every page through the worker). */
#define INLINE_PAGE_BYTES (64 * 1024)

/* A page is inflated at most this far: 5,000 records of a few hundred
 * bytes are about 3 MB; a record's notes may be long, a gzip bomb is
 * not a page. */
#define PAGE_MAX_BYTES (256 * 1024 * 1024)

static gsize
inline_page_bytes (void)
{
  static gsize limit;

  if (g_once_init_enter (&limit))
    {
      const char *text = g_getenv ("KT_SYNC_INLINE_PAGE_BYTES");
      guint64 value = INLINE_PAGE_BYTES;

      if (text != NULL && !g_ascii_string_to_unsigned (text, 10, 0, G_MAXSIZE - 1, &value, NULL))
        value = INLINE_PAGE_BYTES;
      /* g_once_init_leave() takes no 0: store one more. */
      g_once_init_leave (&limit, (gsize) value + 1);
    }
  return limit - 1;
}

typedef struct {
  KtSyncEngine *engine;         /* the pull task's source object */
  KtStore      *store;          /* the UI's store (a reference: the task may
                                   outlive the engine's) */
  char         *path;           /* the store's file, for the worker's store */
  KtStore      *worker_store;   /* opened and used by worker jobs only */
  KtSyncPage   *spare_page;     /* the last page's buffers, for the next
                                   job (one job runs at a time) */
  gboolean      deferred;       /* an initial sync: indexes built at the end */
  gulong        changed_id;     /* the UI store's ::changed, to see local writes */
  gboolean      announcing;     /* ::changed comes from a pulled page */
  guint         local_writes;   /* the UI's writes since the pull began */
  guint         limit;
  gint64        start;          /* cursor when the pull began, for progress */
  gint64        requested;      /* cursor of the last page asked for */
  guint         n_jobs;         /* page jobs started; they are numbered from 1 */
  guint         requested_after; /* the job whose cursor the last request used */
  guint         peeked_job;     /* the job whose envelope a request came from */
  gint64        peeked_cursor;  /*   and the cursor it read there */
  gboolean      ended;          /* a failed pull's end_pull job ran */
  gboolean      requesting;     /* a page request is in flight */
  gboolean      worker_busy;    /* a worker job runs */
  GBytes       *waiting;        /* a page that came while the worker was busy */
  GError       *error;          /* the first failure, returned once idle */
  gboolean      done;           /* the last page is applied, or the pull failed */
  gboolean      last_applied;   /* the page without has_more is applied */
  guint         n_pulled;
} Pull;

/* A worker job: one page, the end of a failed pull (page == NULL), or
 * the FTS catch-up after the end (refill). */
typedef struct {
  GBytes        *page;
  gboolean       refill;
  gboolean       inline_;       /* a small page applied on the main loop */
  gboolean       deferred;      /* pull->deferred when the job started */
  guint          writes_before; /* pull->local_writes when the job started */
  guint          number;
  GTask         *pull_task;     /* owned by the job: keeps the pull alive */
  gint64         cursor;
  gint64         head;
  gboolean       has_more;
  gboolean       reset;
  gboolean       members;       /* the page carried the team's members */
  JsonObject    *subscription;  /* the page's plan, borrowed from the
                                   parser of the worker's page */
  gboolean       plan_changed;  /* the page carried the subscription */
  guint          n_records;
  KtSyncApplied *applied;
  gint64         parse_us;      /* parsing and reading the page */
  gint64         took_us;       /* all of the job */
} Job;

/* Sent to the main loop by a job as soon as it read the page's cursor. */
typedef struct {
  GTask   *pull_task;
  guint    number;
  gint64   cursor;
  gboolean has_more;
} Header;

static void request_page (GTask *task, gint64 cursor, guint after);
static void start_job    (GTask *task, GBytes *page, gboolean refill);

static void
pull_free (Pull *pull)
{
  g_clear_signal_handler (&pull->changed_id, pull->store);
  g_clear_object (&pull->store);
  g_free (pull->path);
  g_clear_object (&pull->worker_store);
  g_clear_pointer (&pull->spare_page, kt_sync_page_free);
  g_clear_pointer (&pull->waiting, g_bytes_unref);
  g_clear_error (&pull->error);
  g_free (pull);
}

static void
job_free (Job *job)
{
  g_clear_pointer (&job->page, g_bytes_unref);
  g_clear_object (&job->pull_task);
  g_clear_pointer (&job->applied, kt_sync_applied_free);
  g_free (job);
}

static GError *
malformed_error (void)
{
  return g_error_new_literal (KT_SYNC_ERROR, KT_SYNC_ERROR_PROTOCOL,
                              _("The server sent a change this client does not understand"));
}

/* Completes the pull once nothing runs on the worker any more. A failed
 * pull first has the worker build the indexes an initial sync deferred. */
static void
maybe_complete (GTask *task)
{
  Pull *pull = g_task_get_task_data (task);

  if (pull->done || pull->worker_busy)
    return;

  /* A catch-up after the last page is done. */
  if (pull->error == NULL && pull->last_applied)
    {
      pull->done = TRUE;
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (pull->error != NULL)
    {
      /* Also when no page came at all: a store whose initial sync
       * crashed must not stay without its indexes while offline. */
      if (!pull->ended &&
          (pull->deferred || kt_store_sync_is_deferred (pull->store)))
        {
          pull->ended = TRUE;
          start_job (task, NULL, FALSE);
          return;
        }
      pull->done = TRUE;
      g_task_return_error (task, g_steal_pointer (&pull->error));
      return;
    }
}

static void
pull_fail (GTask  *task,
           GError *error)
{
  Pull *pull = g_task_get_task_data (task);

  if (pull->error == NULL && !pull->done)
    pull->error = error;
  else
    g_error_free (error);
  maybe_complete (task);
}

/* Worker side */

static gboolean
on_header_cb (gpointer user_data)
{
  Header *header = user_data;
  Pull *pull = g_task_get_task_data (header->pull_task);

  /* The next page was asked for from this page's opening bytes: the
   * envelope read whole must say the same, or a page was skipped. */
  if (header->number == pull->peeked_job && pull->peeked_job != 0 &&
      (!header->has_more || header->cursor != pull->peeked_cursor))
    {
      pull_fail (header->pull_task, malformed_error ());
      return G_SOURCE_REMOVE;
    }
  if (header->has_more && pull->error == NULL && !pull->done &&
      header->number > pull->requested_after)
    request_page (header->pull_task, header->cursor, header->number);
  return G_SOURCE_REMOVE;
}

static void
header_free (Header *header)
{
  g_object_unref (header->pull_task);
  g_free (header);
}

static gboolean
open_worker_store (Pull     *pull,
                   gboolean  deferred,
                   GError  **error)
{
  if (pull->worker_store != NULL)
    return TRUE;

  /* The pull's first job: a deferred pull sets the flag and drops the
   * indexes here, off the main loop, before any page (the UI's store
   * only planned it); the connection skips the FTS triggers too. */
  pull->worker_store = kt_store_open (pull->path, error);
  return pull->worker_store != NULL &&
         (deferred ? kt_store_sync_begin_deferred_pull (pull->worker_store, error)
                   : kt_store_sync_begin_pull (pull->worker_store, NULL, error));
}

/* json-glib's *_with_default() getters turn a member of the wrong type
 * into 0 or FALSE: a cursor sent as "2000" would restart the pull from 0,
 * a has_more sent as "true" would end it early. Absent is fine (@value
 * keeps its default); present must be of the type. */
static gboolean
member_fits (JsonObject *obj,
             const char *name,
             GType       type)
{
  JsonNode *node = json_object_get_member (obj, name);

  return node == NULL ||
         (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type);
}

gboolean
kt_sync_pull_read_envelope (JsonNode          *root,
                            KtSyncPageHeader  *out,
                            JsonArray        **out_changes,
                            GError           **error)
{
  JsonObject *obj;
  JsonNode *node;
  JsonNode *members;
  JsonNode *node_subscription;

  /* A body of only white space parses to no root at all. */
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (obj = json_node_get_object (root),
       node = json_object_get_member (obj, "changes"),
       node == NULL || !JSON_NODE_HOLDS_ARRAY (node)) ||
      !json_object_has_member (obj, "cursor") ||
      !member_fits (obj, "cursor", G_TYPE_INT64) || !member_fits (obj, "head", G_TYPE_INT64) ||
      !member_fits (obj, "has_more", G_TYPE_BOOLEAN) || !member_fits (obj, "reset", G_TYPE_BOOLEAN) ||
      (out->cursor = json_object_get_int_member (obj, "cursor")) < 0)
    {
      g_set_error_literal (error, KT_SYNC_ERROR, KT_SYNC_ERROR_PROTOCOL,
                           _("The server's answer to a pull is incomplete"));
      return FALSE;
    }
  out->head = json_object_get_int_member_with_default (obj, "head", out->cursor);
  out->has_more = json_object_get_boolean_member_with_default (obj, "has_more", FALSE);
  out->reset = json_object_get_boolean_member_with_default (obj, "reset", FALSE);
  /* Present on a first pull and on pages with a membership change. */
  members = json_object_get_member (obj, "members");
  if (members != NULL && !JSON_NODE_HOLDS_ARRAY (members))
    {
      g_propagate_error (error, malformed_error ());
      return FALSE;
    }
  out->members = members != NULL ? json_node_get_array (members) : NULL;
  /* The plan, on a first pull and on pages where billing changed. */
  node_subscription = json_object_get_member (obj, "subscription");
  if (node_subscription != NULL && !JSON_NODE_HOLDS_OBJECT (node_subscription) &&
      !JSON_NODE_HOLDS_NULL (node_subscription))
    {
      g_propagate_error (error, malformed_error ());
      return FALSE;
    }
  out->subscription = node_subscription != NULL && JSON_NODE_HOLDS_OBJECT (node_subscription)
                      ? json_node_get_object (node_subscription) : NULL;
  *out_changes = json_node_get_array (node);
  return TRUE;
}

gboolean
kt_sync_pull_read_changes (JsonArray  *array,
                           GArray     *changes,
                           GError    **error)
{
  guint n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *change;
      KtSyncChange entry = { 0 };

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_propagate_error (error, malformed_error ());
          return FALSE;
        }
      change = json_node_get_object (element);
      /* An entity that is an object or an array is a critical warning
       * inside json_object_get_string_member_with_default(). */
      entry.entity = member_fits (change, "entity", G_TYPE_STRING)
                     ? kt_entity_lookup (json_object_get_string_member_with_default (change, "entity", ""))
                     : NULL;
      entry.record = json_object_get_member (change, "record");
      if (entry.entity == NULL || entry.record == NULL || !JSON_NODE_HOLDS_OBJECT (entry.record))
        {
          g_propagate_error (error, malformed_error ());
          return FALSE;
        }
      g_array_append_val (changes, entry);
    }

  return TRUE;
}

/* Reads the page through json-glib: the envelope into @page, the
 * changes into @changes, borrowing from @parser's tree. */
static gboolean
read_page_tree (Job               *job,
                JsonParser        *parser,
                KtSyncPageHeader  *page,
                GArray            *changes,
                GError           **error)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (job->page, &len);
  JsonArray *array;

  if (!json_parser_load_from_data (parser, data, (gssize) len, error))
    {
      GError *parse_error = *error;

      *error = NULL;
      g_set_error (error, KT_SYNC_ERROR, KT_SYNC_ERROR_PROTOCOL,
                   _("The server's answer to %s is not JSON: %s"), "/v1/sync/pull", parse_error->message);
      g_error_free (parse_error);
      return FALSE;
    }
  if (!kt_sync_pull_read_envelope (json_parser_get_root (parser), page, &array, error))
    return FALSE;
  job->n_records = json_array_get_length (array);
  return kt_sync_pull_read_changes (array, changes, error);
}

/* Keeps the page's envelope and tells the main loop where the next page
 * starts. */
static void
note_header (Job                    *job,
             const KtSyncPageHeader *page,
             GMainContext           *context)
{
  Header *header;

  job->cursor = page->cursor;
  job->head = page->head;
  job->has_more = page->has_more;
  job->reset = page->reset;
  job->subscription = page->subscription;
  job->members = page->members != NULL;

  header = g_new0 (Header, 1);
  header->pull_task = g_object_ref (job->pull_task);
  header->number = job->number;
  header->cursor = job->cursor;
  header->has_more = job->has_more;
  kt_main_context_post (context, on_header_cb, header, (GDestroyNotify) header_free);
}

/* The pull's last job closes the worker's connection here, on the
 * worker: closing it frees its page cache (up to 32 MiB, thousands of
 * blocks), which pull_free() did on the main loop (docs/performance.md,
 * "Initial sync: the end"). A catch-up job after it opens the store
 * again. */
static void
close_worker_store (Pull *pull)
{
  g_clear_object (&pull->worker_store);
}

static void
run_job (GTask        *job_task,
         gpointer      source,
         gpointer      task_data,
         GCancellable *cancellable)
{
  Job *job = task_data;
  Pull *pull = g_task_get_task_data (job->pull_task);
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (KtSyncPage) flat = NULL;
  g_autoptr (GBytes) text = NULL;
  g_autoptr (GArray) tree_changes = NULL;
  KtSyncPageHeader header = { 0 };
  GArray *changes;
  GError *error = NULL;
  gint64 started = g_get_monotonic_time ();
  gsize len = 0;
  const char *data;
  KtStore *store;

  if (job->inline_)
    store = pull->store;
  else if (!open_worker_store (pull, job->deferred, &error))
    {
      g_task_return_error (job_task, error);
      return;
    }
  else
    store = pull->worker_store;

  if (job->page == NULL)
    {
      /* A failed pull: only the deferred indexes; or the catch-up. */
      if (!(job->refill ? kt_store_sync_refill_fts (pull->worker_store, &error)
                        : kt_store_sync_end_pull (pull->worker_store, &error)))
        g_task_return_error (job_task, error);
      else
        {
          close_worker_store (pull);
          g_task_return_boolean (job_task, TRUE);
        }
      return;
    }

  /* Inflated here, on the worker (kt_http_get_bytes_async()); a small
   * page on the main loop only as far as it claimed to go. */
  text = kt_http_gunzip (job->page, job->inline_ ? inline_page_bytes () : PAGE_MAX_BYTES, &error);
  if (text == NULL)
    {
      g_task_return_error (job_task, error);
      return;
    }
  g_bytes_unref (job->page);
  job->page = g_steal_pointer (&text);

  data = g_bytes_get_data (job->page, &len);
  /* The page runs through the guard first, as every server answer does:
   * a hostile server must not crash the client's worker thread. */
  if (len == 0 || !kt_json_guard_check (data, len, KT_JSON_GUARD_MAX_DEPTH, &error))
    {
      g_task_return_new_error (job_task, KT_SYNC_ERROR, KT_SYNC_ERROR_PROTOCOL,
                               _("The server's answer to %s is not JSON: %s"), "/v1/sync/pull",
                               error ? error->message : _("empty body"));
      g_clear_error (&error);
      return;
    }

  /* Straight from the text (kt-sync-page.c); a page that reader leaves
   * alone goes through json-glib, whose errors name what is wrong. */
  flat = kt_sync_page_read (g_steal_pointer (&pull->spare_page), data, len);
  if (flat != NULL)
    {
      header = flat->header;
      changes = flat->changes;
      job->n_records = changes->len;
    }
  else
    {
      parser = json_parser_new_immutable ();
      tree_changes = g_array_new (FALSE, FALSE, sizeof (KtSyncChange));
      changes = tree_changes;
      if (!read_page_tree (job, parser, &header, changes, &error))
        {
          g_task_return_error (job_task, error);
          return;
        }
    }
  note_header (job, &header, g_task_get_context (job_task));

  /* Before the page: a record it brings may name a new member. A crash
   * in between pulls the page (and the members) again. */
  if (header.members != NULL && !kt_store_members_replace (store, header.members, &error))
    {
      g_task_return_error (job_task, error);
      return;
    }
  /* Read-only and replaced whole, like the members; a plan is not a
   * record, so it lives in the meta table (kt-billing-client.h). */
  if (job->subscription != NULL &&
      !kt_billing_save_subscription (store, job->subscription, &error))
    {
      g_task_return_error (job_task, error);
      return;
    }
  job->plan_changed = job->subscription != NULL;
  job->subscription = NULL;
  job->parse_us = g_get_monotonic_time () - started;
  if (!kt_store_sync_apply_changes (store, (KtSyncChange *) (gpointer) changes->data,
                                    changes->len, job->cursor, &job->applied, &error))
    {
      g_task_return_error (job_task, error);
      return;
    }

  /* The last page: the indexes an initial sync left behind, built once
   * from the finished tables. */
  if (!job->has_more && !job->inline_ && !kt_store_sync_end_pull (store, &error))
    {
      g_task_return_error (job_task, error);
      return;
    }
  if (!job->has_more && !job->inline_)
    close_worker_store (pull);

  job->took_us = g_get_monotonic_time () - started;
  pull->spare_page = g_steal_pointer (&flat);
  g_task_return_boolean (job_task, TRUE);
}

/* Main loop side */

/* The end of a deferred pull ran on the worker (@job: the last page, or
 * the end of a failed pull): the UI's connection runs the FTS triggers
 * again. What it wrote since the job began may have missed the fill:
 * the catch-up job fills again. Returns TRUE if it started. */
static gboolean
resume_after_end (GTask *task,
                  Job   *job)
{
  Pull *pull = g_task_get_task_data (task);

  pull->deferred = FALSE;
  kt_store_sync_resume_fts (pull->store);
  if (pull->local_writes == job->writes_before)
    return FALSE;

  g_debug ("The UI wrote during the end of an initial sync; filling the FTS index again");
  start_job (task, NULL, TRUE);
  return TRUE;
}

static void
on_job_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Job *job = g_task_get_task_data (G_TASK (result));
  GTask *task = job->pull_task;
  Pull *pull = g_task_get_task_data (task);
  KtSyncEngine *self = pull->engine;
  gboolean ended;
  GError *error = NULL;

  pull->worker_busy = FALSE;
  ended = pull->deferred && !job->refill && (job->page == NULL || !job->has_more);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* A failed end leaves the flag for the next pull; the UI's
       * connection keeps skipping the triggers meanwhile. */
      if (job->page == NULL)
        pull->deferred = FALSE;
      pull_fail (task, error);
      return;
    }

  if (job->page == NULL)
    {
      if (!(ended && resume_after_end (task, job)))
        maybe_complete (task);
      return;
    }

  g_debug ("Pulled %u changes up to %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT
           "; on the worker in %" G_GINT64_FORMAT " ms (parsing %" G_GINT64_FORMAT " ms)",
           job->n_records, job->cursor, job->head, job->took_us / 1000, job->parse_us / 1000);

  if (job->reset)
    {
      g_message ("The server reset our pull cursor; merging everything again");
      pull->start = 0;
    }

  pull->announcing = TRUE;
  kt_store_sync_announce (self->store, job->applied);
  if (job->members)
    kt_store_members_announce (self->store);
  /* A new plan may take what the old one refused: send the kept drafts
   * again (the store's change starts the next push). */
  if (job->plan_changed)
    {
      g_autoptr (GError) requeue_error = NULL;

      if (!kt_billing_requeue_over_limit (self->store, &requeue_error))
        g_warning ("Could not send the changes over the limit again: %s", requeue_error->message);
      kt_sync_engine_emit_subscription_changed (self);
    }
  pull->announcing = FALSE;
  pull->n_pulled += job->applied->n_changed;
  kt_sync_engine_set_progress (self, MAX (job->cursor - pull->start, 0),
                               MAX (job->head - pull->start, 0));

  if (pull->error != NULL)
    {
      maybe_complete (task);
      return;
    }

  if (!job->has_more)
    {
      pull->last_applied = TRUE;
      /* The catch-up, if any, completes the pull when it is done. */
      if (ended && resume_after_end (task, job))
        return;
      pull->done = TRUE;
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* The header normally asked for the next page already. */
  if (job->number > pull->requested_after)
    request_page (task, job->cursor, job->number);
  if (pull->waiting != NULL)
    {
      GBytes *page = g_steal_pointer (&pull->waiting);

      start_job (task, page, FALSE);
      g_bytes_unref (page);
    }
}

/* The cursor a page goes to, from its first bytes (kt_http_peek():
 * inflated alone when gzipped). */
static gboolean
peek_envelope (GBytes *page,
               gint64 *out_cursor)
{
  char text[KT_SYNC_PAGE_PEEK_SIZE];
  gsize len = kt_http_peek (page, text, sizeof text);

  return kt_sync_page_peek_cursor (text, len, out_cursor);
}

static void
start_job (GTask    *task,
           GBytes   *page,
           gboolean  refill)
{
  Pull *pull = g_task_get_task_data (task);
  g_autoptr (GTask) job_task = NULL;
  Job *job = g_new0 (Job, 1);

  g_assert (!pull->worker_busy);

  job->page = page != NULL ? g_bytes_ref (page) : NULL;
  job->refill = refill;
  job->number = page != NULL ? ++pull->n_jobs : 0;
  job->writes_before = pull->local_writes;
  job->deferred = pull->deferred;
  job->pull_task = g_object_ref (task);
  pull->worker_busy = TRUE;

  /* No source object: the job may drop its last reference on the worker
   * thread, and the engine must only ever be finalized on its own. */
  job_task = g_task_new (NULL, NULL, on_job_done_cb, NULL);
  g_task_set_source_tag (job_task, start_job);
  g_task_set_task_data (job_task, job, (GDestroyNotify) job_free);

  /* A small page (the usual pull of a client that is nearly up to date)
   * costs less to apply here than a thread and a second connection. */
  if (page != NULL && !pull->deferred && pull->worker_store == NULL &&
      kt_http_body_size (page) <= inline_page_bytes ())
    {
      job->inline_ = TRUE;
      run_job (job_task, NULL, job, NULL);
      return;
    }
  /* The server prepares the next page while this one is applied. */
  if (page != NULL && !pull->requesting && pull->error == NULL &&
      peek_envelope (page, &pull->peeked_cursor))
    {
      pull->peeked_job = job->number;
      request_page (task, pull->peeked_cursor, job->number);
    }
  g_task_run_in_thread (job_task, run_job);
}

static void
on_page_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Pull *pull = g_task_get_task_data (task);
  KtSyncEngine *self = KT_SYNC_ENGINE (source);
  g_autoptr (GBytes) page = NULL;
  GError *error = NULL;

  pull->requesting = FALSE;
  page = kt_http_get_bytes_finish (self, result, &error);
  if (pull->error != NULL || pull->done)
    {
      /* The pull failed meanwhile: this page is not wanted. */
      g_clear_error (&error);
      maybe_complete (task);
      return;
    }

  if (page == NULL)
    {
      /* A server that does not take our page size answers 400: ask it
       * for its default from now on. */
      if (g_error_matches (error, KT_SYNC_ERROR, KT_SYNC_ERROR_REFUSED) &&
          pull->limit > KT_SYNC_PULL_LIMIT_FALLBACK)
        {
          g_message ("The server refused pages of %u changes; asking for %u",
                     pull->limit, KT_SYNC_PULL_LIMIT_FALLBACK);
          g_clear_error (&error);
          pull->limit = KT_SYNC_PULL_LIMIT_FALLBACK;
          self->pull_limit = MIN (self->pull_limit, pull->limit);
          request_page (task, pull->requested, pull->requested_after);
          return;
        }
      pull_fail (task, error);
      return;
    }

  if (pull->worker_busy)
    {
      g_assert (pull->waiting == NULL);
      pull->waiting = g_steal_pointer (&page);
    }
  else
    start_job (task, page, FALSE);
}

/* Asks for the page after @cursor, the cursor job number @after read
 * (0 for the first page). */
static void
request_page (GTask  *task,
              gint64  cursor,
              guint   after)
{
  Pull *pull = g_task_get_task_data (task);
  g_autofree char *path = NULL;

  g_assert (!pull->requesting);

  pull->requesting = TRUE;
  pull->requested = cursor;
  pull->requested_after = after;
  /* A store that never received the team (older than the members
   * section) asks for it; the server sends it on a first pull anyway. */
  path = g_strdup_printf ("/v1/sync/pull?protocol=%d&cursor=%" G_GINT64_FORMAT "&limit=%u%s",
                          KT_SYNC_PROTOCOL_VERSION, cursor, pull->limit,
                          cursor > 0 && !kt_store_members_known (pull->store) ? "&members=1" : "");
  kt_http_get_bytes_async (pull->engine, path, g_task_get_cancellable (task),
                           on_page_cb, g_object_ref (task));
}

static void
on_store_changed_cb (Pull       *pull,
                     const char *entity,
                     const char *record_id)
{
  if (!pull->announcing)
    pull->local_writes++;
}

void
kt_sync_pull_async (KtSyncEngine        *self,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  Pull *pull = g_new0 (Pull, 1);
  GError *error = NULL;
  gboolean was_bad = FALSE;
  gint64 cursor;

  g_task_set_source_tag (task, kt_sync_pull_async);
  g_task_set_task_data (task, pull, (GDestroyNotify) pull_free);
  pull->engine = self;
  pull->store = g_object_ref (self->store);
  pull->path = g_strdup (kt_store_get_path (self->store));
  pull->limit = self->pull_limit;

  cursor = kt_store_sync_get_cursor (self->store, &was_bad);
  if (was_bad)
    g_message ("The saved sync cursor is damaged; pulling everything again");

  pull->start = cursor;

  /* Decided here, before any page: the UI's connection must skip the FTS
   * triggers before the first pulled row can reach it. The first job
   * writes what was decided. */
  if (!kt_store_sync_plan_pull (self->store, &pull->deferred, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  pull->changed_id = g_signal_connect_swapped (pull->store, "changed",
                                               G_CALLBACK (on_store_changed_cb), pull);

  kt_sync_engine_set_progress (self, 0, 0);
  request_page (task, cursor, 0);
}

gboolean
kt_sync_pull_finish (KtSyncEngine  *self,
                     GAsyncResult  *result,
                     guint         *out_n_pulled,
                     GError       **error)
{
  Pull *pull;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  pull = g_task_get_task_data (G_TASK (result));
  if (out_n_pulled != NULL)
    *out_n_pulled = pull->n_pulled;
  return g_task_propagate_boolean (G_TASK (result), error);
}
