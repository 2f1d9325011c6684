/* kt-context.c: what every window and pane works with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-context"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-context.h"
#include "kt-format.h"
#include "kt-gen.h"
#include "kt-main-context.h"

struct _KtContext
{
  GObject    parent_instance;

  GSettings *settings;
  KtStore   *store;
  KtSecrets *secrets;
  KtSyncEngine *sync_engine;
  double     demo_progress;
  guint      external_changes_id;
};

/* How often the window looks for writes of other programs on its store
 * (kantora-cli, cron); one PRAGMA on shared memory each time. */
#define EXTERNAL_CHANGES_INTERVAL_S 2

G_DEFINE_FINAL_TYPE (KtContext, kt_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_STORE,
  PROP_DEMO_PROGRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A fraction on its way from the worker to the main thread. */
typedef struct
{
  KtContext *context;
  double     fraction;
} ProgressUpdate;

static void
progress_update_free (gpointer data)
{
  ProgressUpdate *update = data;

  g_object_unref (update->context);
  g_free (update);
}

static gboolean
set_demo_progress_cb (gpointer data)
{
  ProgressUpdate *update = data;

  if (update->fraction != update->context->demo_progress)
    {
      update->context->demo_progress = update->fraction;
      g_object_notify_by_pspec (G_OBJECT (update->context), properties[PROP_DEMO_PROGRESS]);
    }
  return G_SOURCE_REMOVE;
}

/* Runs in the worker: hands the fraction to the thread that started the
 * fill (the task's context), where the notify is safe. */
static void
on_demo_progress (guint64  done,
                  guint64  total,
                  gpointer user_data)
{
  GTask *task = user_data;
  ProgressUpdate *update = g_new0 (ProgressUpdate, 1);

  update->context = g_object_ref (g_task_get_source_object (task));
  update->fraction = total > 0 ? (double) done / (double) total : 1.0;
  kt_main_context_post (g_task_get_context (task), set_demo_progress_cb, update,
                        progress_update_free);
}

static void
fill_demo_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(KtStore) store = NULL;
  g_autoptr(GError) error = NULL;
  KtGenParams params;

  /* The worker writes through a connection of its own: SQLite in WAL mode
   * lets the main thread keep reading while the demo data goes in, and the
   * main thread's KtStore is never touched from two threads. */
  kt_gen_params_init_demo (&params);
  /* A newcomer sees demo data in the language of the interface, not
   * Bulgarian task titles in an English window or the other way round. */
  params.lang = g_strcmp0 (kt_format_get_language (), "bg") == 0 ? KT_GEN_LANG_BG : KT_GEN_LANG_EN;
  store = kt_store_open (path, &error);
  if (store == NULL ||
      !kt_gen_fill_with_progress (store, &params, on_demo_progress, task, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static gboolean
on_external_changes_cb (gpointer user_data)
{
  KtContext *self = user_data;

  /* A pull writes through a worker's own connection page by page and
   * announces what it changed when it is done; reloading every list each
   * tick meanwhile would only slow it down. */
  if (self->sync_engine != NULL &&
      kt_sync_engine_get_state (self->sync_engine) == KT_SYNC_STATE_SYNCING)
    return G_SOURCE_CONTINUE;

  kt_store_check_external_changes (self->store);
  return G_SOURCE_CONTINUE;
}

void
kt_context_shutdown (KtContext *self)
{
  g_return_if_fail (KT_IS_CONTEXT (self));

  kt_store_save_orders (self->store);
}

static void
kt_context_dispose (GObject *object)
{
  KtContext *self = (KtContext *)object;

  g_clear_handle_id (&self->external_changes_id, g_source_remove);
  g_clear_object (&self->sync_engine);
  g_clear_object (&self->secrets);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kt_context_parent_class)->dispose (object);
}

static void
kt_context_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  KtContext *self = KT_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_DEMO_PROGRESS:
      g_value_set_double (value, self->demo_progress);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The profile's time zone (the "time-zone" setting, which the profile
 * form keeps) is where dates and times are shown: kt-format.h. */
static void
on_time_zone_changed_cb (GSettings  *settings,
                         const char *key,
                         KtContext  *self)
{
  g_autofree char *zone = g_settings_get_string (settings, "time-zone");

  kt_format_set_time_zone (*zone != '\0' ? zone : NULL);
}

static void
kt_context_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  KtContext *self = KT_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      if (self->settings != NULL)
        {
          g_signal_connect_object (self->settings, "changed::time-zone",
                                   G_CALLBACK (on_time_zone_changed_cb), self, 0);
          on_time_zone_changed_cb (self->settings, "time-zone", self);
        }
      break;
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      /* A kantora-cli run beside the window writes to the same file: its
       * records show up in the lists within a few seconds. */
      if (self->store != NULL)
        self->external_changes_id =
          g_timeout_add_seconds (EXTERNAL_CHANGES_INTERVAL_S, on_external_changes_cb, self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_context_class_init (KtContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kt_context_dispose;
  object_class->get_property = kt_context_get_property;
  object_class->set_property = kt_context_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KT_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KtContext:demo-progress:
   *
   * How far kt_context_fill_demo_async() is, from 0 to 1.
   */
  properties[PROP_DEMO_PROGRESS] =
    g_param_spec_double ("demo-progress", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kt_context_init (KtContext *self)
{
}

/**
 * kt_context_new:
 * @settings: the application settings
 * @store: the opened store
 *
 * Returns: (transfer full): a new context
 */
KtContext *
kt_context_new (GSettings *settings,
                KtStore   *store)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (KT_IS_STORE (store), NULL);

  return g_object_new (KT_TYPE_CONTEXT,
                       "settings", settings,
                       "store", store,
                       NULL);
}

/**
 * kt_context_get_store:
 *
 * Returns: (transfer none): the store
 */
KtStore *
kt_context_get_store (KtContext *self)
{
  g_return_val_if_fail (KT_IS_CONTEXT (self), NULL);

  return self->store;
}

/**
 * kt_context_get_settings:
 *
 * Returns: (transfer none): the application settings
 */
GSettings *
kt_context_get_settings (KtContext *self)
{
  g_return_val_if_fail (KT_IS_CONTEXT (self), NULL);

  return self->settings;
}

void
kt_context_set_secrets (KtContext *self,
                        KtSecrets *secrets)
{
  g_return_if_fail (KT_IS_CONTEXT (self));
  g_return_if_fail (KT_IS_SECRETS (secrets));
  g_return_if_fail (self->sync_engine == NULL);

  g_set_object (&self->secrets, secrets);
}

/**
 * kt_context_get_sync_engine:
 *
 * Returns: (transfer none): the sync engine
 */
KtSyncEngine *
kt_context_get_sync_engine (KtContext *self)
{
  g_return_val_if_fail (KT_IS_CONTEXT (self), NULL);

  if (self->sync_engine == NULL)
    {
      if (self->secrets == NULL)
        self->secrets = kt_secrets_new_default ();
      self->sync_engine = kt_sync_engine_new (self->store, self->secrets);

      /* A store that never synced starts from the configured server (the
       * dev server of tools/run by default). */
      if (kt_sync_engine_get_server_url (self->sync_engine) == NULL)
        {
          g_autofree char *url = g_settings_get_string (self->settings, "server-url");

          if (url != NULL && *url != '\0')
            kt_sync_engine_set_server_url (self->sync_engine, url);
        }
    }

  return self->sync_engine;
}

char *
kt_context_dup_store_path (GSettings  *settings,
                           const char *override)
{
  g_autofree char *configured = NULL;

  if (override != NULL && *override != '\0')
    return g_strdup (override);

  if (settings != NULL)
    configured = g_settings_get_string (settings, "store-path");
  if (configured != NULL && *configured != '\0')
    return g_steal_pointer (&configured);

  return kt_store_default_path ();
}

gboolean
kt_context_store_is_empty (KtContext *self)
{
  static const char * const entities[] = { "contact", "company", "deal" };

  g_return_val_if_fail (KT_IS_CONTEXT (self), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    {
      const KtEntity *entity = kt_entity_lookup (entities[i]);
      g_autoptr(KtQuery) query = NULL;

      if (entity == NULL)
        continue;

      query = kt_query_new (entity);
      /* A store we cannot count is not "empty": never pour demo data over
       * a file we do not understand. */
      if (kt_store_count (self->store, query, NULL) != 0)
        return FALSE;
    }

  return TRUE;
}

void
kt_context_fill_demo_async (KtContext           *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KT_IS_CONTEXT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kt_context_fill_demo_async);
  self->demo_progress = 0.0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEMO_PROGRESS]);
  g_task_set_task_data (task, g_strdup (kt_store_get_path (self->store)), g_free);
  g_task_run_in_thread (task, fill_demo_thread);
}

double
kt_context_get_demo_progress (KtContext *self)
{
  g_return_val_if_fail (KT_IS_CONTEXT (self), 0.0);

  return self->demo_progress;
}

gboolean
kt_context_fill_demo_finish (KtContext     *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (KT_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
