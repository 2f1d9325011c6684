/* kt-sync-engine.c: the engine's properties, state and scheduling
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-store-sync.h"
#include "kt-sync-engine-private.h"

/* Local edits come in bursts (typing in a form, a bulk tag): wait this long
 * after the last one before pushing. */
#define DEBOUNCE_MS        1500
/* Pull others' changes at least this often while idle. */
#define PERIODIC_SECONDS   60
/* Backoff of failed cycles: 2 s doubling up to 5 min, with jitter. */
#define BACKOFF_BASE_MS    2000
#define BACKOFF_MAX_MS     (5 * 60 * 1000)

G_DEFINE_FINAL_TYPE (KtSyncEngine, kt_sync_engine, G_TYPE_OBJECT)

/* A KT_SYNC_ERROR may name the field the server's answer was about
 * ({"error": {"field": …}}), so a form can put the message under the
 * row of that field (kt_sync_error_get_field()). */
typedef struct {
  char  *field;
  char  *code;         /* the server's error code ("plan_limit"), or NULL */
  gint64 retry_after;  /* seconds of Retry-After, or -1 */
} KtSyncErrorPrivate;

static void
kt_sync_error_private_init (KtSyncErrorPrivate *priv)
{
  if (priv != NULL)
    {
      priv->field = NULL;
      priv->code = NULL;
      priv->retry_after = -1;
    }
}

static void
kt_sync_error_private_copy (const KtSyncErrorPrivate *src,
                            KtSyncErrorPrivate       *dest)
{
  if (src != NULL && dest != NULL)
    {
      dest->field = g_strdup (src->field);
      dest->code = g_strdup (src->code);
      dest->retry_after = src->retry_after;
    }
}

static void
kt_sync_error_private_clear (KtSyncErrorPrivate *priv)
{
  if (priv != NULL)
    {
      g_clear_pointer (&priv->field, g_free);
      g_clear_pointer (&priv->code, g_free);
    }
}

G_DEFINE_EXTENDED_ERROR (KtSyncError, kt_sync_error)

/**
 * kt_sync_error_get_field:
 * @error: (nullable): a #GError
 *
 * Returns: (nullable) (transfer none): the key of the field the server
 *   refused, or %NULL when @error is not a KT_SYNC_ERROR or names none
 */
const char *
kt_sync_error_get_field (const GError *error)
{
  KtSyncErrorPrivate *priv;

  if (error == NULL || error->domain != KT_SYNC_ERROR)
    return NULL;

  priv = kt_sync_error_get_private (error);
  return priv != NULL ? priv->field : NULL;
}

/**
 * kt_sync_error_set_field:
 * @error: a KT_SYNC_ERROR #GError
 * @field: (nullable): the field key
 */
void
kt_sync_error_set_field (GError     *error,
                         const char *field)
{
  KtSyncErrorPrivate *priv;

  g_return_if_fail (error != NULL && error->domain == KT_SYNC_ERROR);

  priv = kt_sync_error_get_private (error);
  if (priv == NULL)
    return;
  g_free (priv->field);
  priv->field = g_strdup (field);
}

/**
 * kt_sync_error_get_code:
 * @error: (nullable): a #GError
 *
 * Returns: (nullable) (transfer none): the server's error code
 *   ("plan_limit", "ai_invalid_output"), or %NULL when @error is not a
 *   KT_SYNC_ERROR from an answer of the server
 */
const char *
kt_sync_error_get_code (const GError *error)
{
  KtSyncErrorPrivate *priv;

  if (error == NULL || error->domain != KT_SYNC_ERROR)
    return NULL;

  priv = kt_sync_error_get_private (error);
  return priv != NULL ? priv->code : NULL;
}

/**
 * kt_sync_error_get_retry_after:
 * @error: (nullable): a #GError
 *
 * Returns: the seconds of the answer's Retry-After, or -1 without one
 */
gint64
kt_sync_error_get_retry_after (const GError *error)
{
  KtSyncErrorPrivate *priv;

  if (error == NULL || error->domain != KT_SYNC_ERROR)
    return -1;

  priv = kt_sync_error_get_private (error);
  return priv != NULL ? priv->retry_after : -1;
}

void
kt_sync_error_set_answer (GError     *error,
                          const char *code,
                          gint64      retry_after)
{
  KtSyncErrorPrivate *priv;

  g_return_if_fail (error != NULL && error->domain == KT_SYNC_ERROR);

  priv = kt_sync_error_get_private (error);
  if (priv == NULL)
    return;
  g_free (priv->code);
  priv->code = g_strdup (code);
  priv->retry_after = retry_after;
}

G_DEFINE_ENUM_TYPE (KtSyncState, kt_sync_state,
  G_DEFINE_ENUM_VALUE (KT_SYNC_STATE_OFFLINE, "offline"),
  G_DEFINE_ENUM_VALUE (KT_SYNC_STATE_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (KT_SYNC_STATE_SYNCING, "syncing"),
  G_DEFINE_ENUM_VALUE (KT_SYNC_STATE_ERROR, "error"),
  G_DEFINE_ENUM_VALUE (KT_SYNC_STATE_SIGNED_OUT, "signed-out"),
  G_DEFINE_ENUM_VALUE (KT_SYNC_STATE_NEEDS_UPDATE, "needs-update"))

enum {
  PROP_0,
  PROP_STORE,
  PROP_SECRETS,
  PROP_STATE,
  PROP_PROGRESS_DONE,
  PROP_PROGRESS_TOTAL,
  PROP_LAST_SYNC,
  PROP_LAST_ERROR,
  PROP_SERVER_URL,
  PROP_EMAIL,
  PROP_AUTO_SYNC,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  MUTATION_REJECTED,
  MUTATION_SUPERSEDED,
  PULLED,
  SUBSCRIPTION_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_cycle (KtSyncEngine *self);

/* Scheduling */

static gboolean
can_auto_sync (KtSyncEngine *self)
{
  return self->auto_sync &&
         self->state != KT_SYNC_STATE_SIGNED_OUT &&
         self->state != KT_SYNC_STATE_NEEDS_UPDATE &&
         kt_sync_engine_is_connected (self);
}

static void
request_cycle (KtSyncEngine *self)
{
  if (!self->running)
    start_cycle (self);
}

static gboolean
on_debounce_timeout_cb (gpointer user_data)
{
  KtSyncEngine *self = user_data;

  /* A cycle that is running may have read the outbox before this edit:
   * look again once it is over. */
  if (self->running)
    return G_SOURCE_CONTINUE;

  self->debounce_id = 0;
  if (can_auto_sync (self))
    request_cycle (self);
  return G_SOURCE_REMOVE;
}

static gboolean
on_periodic_timeout_cb (gpointer user_data)
{
  KtSyncEngine *self = user_data;

  if (can_auto_sync (self) && self->retry_id == 0)
    request_cycle (self);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_quick_timeout_cb (gpointer user_data)
{
  KtSyncEngine *self = user_data;

  if (g_get_monotonic_time () >= self->quick_until)
    {
      self->quick_id = 0;
      return G_SOURCE_REMOVE;
    }
  return on_periodic_timeout_cb (user_data);
}

static gboolean
on_retry_timeout_cb (gpointer user_data)
{
  KtSyncEngine *self = user_data;

  self->retry_id = 0;
  if (can_auto_sync (self))
    request_cycle (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (KtSyncEngine *self)
{
  guint shift = MIN (self->failures, 8u);
  gint64 delay = MIN ((gint64) BACKOFF_BASE_MS << shift, (gint64) BACKOFF_MAX_MS);

  /* Full jitter keeps many clients that lost the server together from
   * coming back in lockstep. */
  delay = delay / 2 + g_random_int_range (0, (gint32) (delay / 2) + 1);
  /* A server that said when to come back is not asked sooner. */
  delay = MAX (delay, (gint64) self->retry_after_ms);
  self->retry_after_ms = 0;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_id = g_timeout_add ((guint) delay, on_retry_timeout_cb, self);
}

static void
on_store_changed_cb (KtStore      *store,
                     const char   *entity,
                     const char   *record_id,
                     KtSyncEngine *self)
{
  /* Our own pulls change the store too; only local edits need a push. */
  if (!self->auto_sync || kt_store_outbox_count (store) == 0)
    return;

  g_clear_handle_id (&self->debounce_id, g_source_remove);
  self->debounce_id = g_timeout_add (DEBOUNCE_MS, on_debounce_timeout_cb, self);
}

static void
on_network_changed_cb (GNetworkMonitor *monitor,
                       gboolean         available,
                       KtSyncEngine    *self)
{
  if (!available)
    {
      if (!self->running && kt_sync_engine_is_connected (self) &&
          self->state == KT_SYNC_STATE_IDLE)
        kt_sync_engine_set_state (self, KT_SYNC_STATE_OFFLINE);
      return;
    }

  /* The network is back: whatever backoff we were in is stale. */
  self->failures = 0;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (can_auto_sync (self))
    request_cycle (self);
}

static void
complete_tasks (GPtrArray    *tasks,
                const GError *error)
{
  for (guint i = 0; i < tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (tasks, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
  g_ptr_array_set_size (tasks, 0);
}

static void
on_cycle_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (KtSyncEngine) self = user_data;
  g_autoptr (GError) error = NULL;

  self->running = FALSE;
  g_clear_object (&self->cancellable);

  if (kt_sync_cycle_run_finish (self, result, &error))
    {
      self->failures = 0;
      kt_sync_engine_set_last_error (self, NULL);
      kt_sync_engine_set_last_sync_now (self);
      kt_sync_engine_set_state (self, KT_SYNC_STATE_IDLE);
    }
  else
    {
      KtSyncState state = KT_SYNC_STATE_ERROR;

      if (g_error_matches (error, KT_SYNC_ERROR, KT_SYNC_ERROR_NETWORK))
        state = KT_SYNC_STATE_OFFLINE;
      else if (g_error_matches (error, KT_SYNC_ERROR, KT_SYNC_ERROR_UNAUTHORIZED) ||
               g_error_matches (error, KT_SYNC_ERROR, KT_SYNC_ERROR_NOT_CONNECTED))
        {
          /* Read the keyring again next time: a sign-in elsewhere (the
           * CLI, another window) may have stored a fresh token. */
          if (self->token != NULL)
            memset (self->token, 0, strlen (self->token));
          g_clear_pointer (&self->token, g_free);
          state = KT_SYNC_STATE_SIGNED_OUT;
        }
      else if (g_error_matches (error, KT_SYNC_ERROR, KT_SYNC_ERROR_UNSUPPORTED_PROTOCOL))
        state = KT_SYNC_STATE_NEEDS_UPDATE;

      /* The message is the server's or ours, for a person; it never
       * holds the token. */
      g_debug ("Sync failed: %s", error->message);
      self->failures++;
      kt_sync_engine_set_last_error (self, error->message);
      kt_sync_engine_set_state (self, state);
      if (kt_sync_error_is_transient (error) && self->auto_sync)
        schedule_retry (self);
    }

  complete_tasks (self->current, error);

  /* Somebody asked for a sync while this one ran: their changes may not
   * be in it, so run once more for them. */
  if (self->waiting->len > 0)
    start_cycle (self);
}

static void
start_cycle (KtSyncEngine *self)
{
  g_assert (!self->running);

  self->running = TRUE;
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);

  /* Everybody waiting now is served by this cycle. */
  g_ptr_array_extend_and_steal (self->current, g_steal_pointer (&self->waiting));
  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);

  /* A script reads the rejections of the cycle it waited for. */
  g_ptr_array_set_size (self->rejections, 0);

  self->cancellable = g_cancellable_new ();
  kt_sync_engine_set_state (self, KT_SYNC_STATE_SYNCING);
  kt_sync_cycle_run_async (self, self->cancellable, on_cycle_done_cb,
                           g_object_ref (self));
}

/* State setters shared with the other parts */

void
kt_sync_engine_set_state (KtSyncEngine *self,
                          KtSyncState   state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
kt_sync_engine_set_progress (KtSyncEngine *self,
                             gint64        done,
                             gint64        total)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->progress_done != done)
    {
      self->progress_done = done;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS_DONE]);
    }
  if (self->progress_total != total)
    {
      self->progress_total = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS_TOTAL]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
kt_sync_engine_set_last_error (KtSyncEngine *self,
                               const char   *message)
{
  g_autoptr (GError) error = NULL;

  if (g_strcmp0 (self->last_error, message) == 0)
    return;

  g_free (self->last_error);
  self->last_error = g_strdup (message);
  if (!kt_store_set_meta (self->store, KT_SYNC_META_LAST_ERROR, message, &error))
    g_warning ("%s", error->message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

void
kt_sync_engine_set_last_sync_now (KtSyncEngine *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *iso = NULL;

  g_clear_pointer (&self->last_sync, g_date_time_unref);
  self->last_sync = g_date_time_new_now_utc ();
  iso = g_date_time_format_iso8601 (self->last_sync);
  if (!kt_store_set_meta (self->store, KT_SYNC_META_LAST_SYNC, iso, &error))
    g_warning ("%s", error->message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNC]);
}

void
kt_sync_engine_set_email (KtSyncEngine *self,
                          const char   *email)
{
  if (g_strcmp0 (self->email, email) == 0)
    return;

  g_free (self->email);
  self->email = g_strdup (email);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMAIL]);
}

void
kt_sync_engine_emit_rejected (KtSyncEngine *self,
                              const char   *entity,
                              const char   *record_id,
                              const char   *title,
                              const char   *reason_code,
                              const char   *message)
{
  kt_sync_engine_add_rejection (self, entity, record_id, title, reason_code, NULL, message);
}

void
kt_sync_engine_add_rejection (KtSyncEngine *self,
                              const char   *entity,
                              const char   *record_id,
                              const char   *title,
                              const char   *reason_code,
                              const char   *field,
                              const char   *message)
{
  g_ptr_array_add (self->rejections,
                   kt_sync_rejection_new (entity, record_id, title, reason_code, field, message));
  g_signal_emit (self, signals[MUTATION_REJECTED], 0,
                 entity, record_id, title, reason_code, message);
}

GPtrArray *
kt_sync_engine_get_rejections (KtSyncEngine *self)
{
  g_return_val_if_fail (KT_IS_SYNC_ENGINE (self), NULL);

  return self->rejections;
}

void
kt_sync_engine_emit_superseded (KtSyncEngine       *self,
                                const char         *entity,
                                const char         *record_id,
                                const char         *title,
                                const char * const *fields)
{
  g_signal_emit (self, signals[MUTATION_SUPERSEDED], 0, entity, record_id, title, fields);
}

void
kt_sync_engine_emit_pulled (KtSyncEngine *self,
                            guint         n_changes)
{
  g_signal_emit (self, signals[PULLED], 0, n_changes);
}

JsonObject *
kt_sync_load_meta_object (KtStore    *store,
                          const char *key)
{
  g_autofree char *text = NULL;
  g_autoptr (JsonParser) parser = NULL;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);

  text = kt_store_get_meta (store, key);
  if (text == NULL)
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, text, -1, NULL) ||
      json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_debug ("Ignoring a damaged %s", key);
      return NULL;
    }

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

void
kt_sync_engine_emit_subscription_changed (KtSyncEngine *self)
{
  g_signal_emit (self, signals[SUBSCRIPTION_CHANGED], 0);
}

/* GObject */

static void
load_from_store (KtSyncEngine *self)
{
  g_autofree char *last_sync = kt_store_get_meta (self->store, KT_SYNC_META_LAST_SYNC);

  self->server_url = kt_store_get_meta (self->store, KT_SYNC_META_SERVER_URL);
  self->email = kt_store_get_meta (self->store, KT_SYNC_META_EMAIL);
  self->last_error = kt_store_get_meta (self->store, KT_SYNC_META_LAST_ERROR);
  if (last_sync != NULL)
    self->last_sync = g_date_time_new_from_iso8601 (last_sync, NULL);

  if (!kt_sync_engine_is_connected (self))
    self->state = KT_SYNC_STATE_SIGNED_OUT;
  else if (!g_network_monitor_get_network_available (self->monitor))
    self->state = KT_SYNC_STATE_OFFLINE;
  else
    self->state = KT_SYNC_STATE_IDLE;
}

static void
kt_sync_engine_constructed (GObject *object)
{
  KtSyncEngine *self = KT_SYNC_ENGINE (object);
  g_autoptr (GError) error = NULL;

  G_OBJECT_CLASS (kt_sync_engine_parent_class)->constructed (object);

  g_assert (KT_IS_STORE (self->store));
  g_assert (KT_IS_SECRETS (self->secrets));

  self->monitor = g_object_ref (g_network_monitor_get_default ());
  load_from_store (self);

  /* An initial sync that a crash interrupted: until a pull ends it, the
   * UI's writes must leave the FTS index alone (kt-store-sync.h). */
  if (kt_store_sync_is_deferred (self->store) &&
      !kt_store_sync_begin_pull (self->store, NULL, &error))
    g_warning ("%s", error->message);

  g_signal_connect_object (self->store, "changed",
                           G_CALLBACK (on_store_changed_cb), self, 0);
  g_signal_connect_object (self->monitor, "network-changed",
                           G_CALLBACK (on_network_changed_cb), self, 0);
  self->periodic_id = g_timeout_add_seconds (PERIODIC_SECONDS,
                                             on_periodic_timeout_cb, self);
}

static void
kt_sync_engine_dispose (GObject *object)
{
  KtSyncEngine *self = KT_SYNC_ENGINE (object);

  g_clear_handle_id (&self->debounce_id, g_source_remove);
  g_clear_handle_id (&self->periodic_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->quick_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->monitor);
  g_clear_object (&self->secrets);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kt_sync_engine_parent_class)->dispose (object);
}

static void
kt_sync_engine_finalize (GObject *object)
{
  KtSyncEngine *self = KT_SYNC_ENGINE (object);

  g_clear_pointer (&self->last_sync, g_date_time_unref);
  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->server_url, g_free);
  g_clear_pointer (&self->email, g_free);
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->waiting, g_ptr_array_unref);
  g_clear_pointer (&self->current, g_ptr_array_unref);
  g_clear_pointer (&self->rejections, g_ptr_array_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (kt_sync_engine_parent_class)->finalize (object);
}

static void
kt_sync_engine_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KtSyncEngine *self = KT_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SECRETS:
      g_value_set_object (value, self->secrets);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_PROGRESS_DONE:
      g_value_set_int64 (value, self->progress_done);
      break;
    case PROP_PROGRESS_TOTAL:
      g_value_set_int64 (value, self->progress_total);
      break;
    case PROP_LAST_SYNC:
      g_value_set_boxed (value, self->last_sync);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;
    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;
    case PROP_AUTO_SYNC:
      g_value_set_boolean (value, self->auto_sync);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_sync_engine_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KtSyncEngine *self = KT_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SECRETS:
      self->secrets = g_value_dup_object (value);
      break;
    case PROP_SERVER_URL:
      kt_sync_engine_set_server_url (self, g_value_get_string (value));
      break;
    case PROP_AUTO_SYNC:
      kt_sync_engine_set_auto_sync (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_sync_engine_class_init (KtSyncEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = kt_sync_engine_constructed;
  object_class->dispose = kt_sync_engine_dispose;
  object_class->finalize = kt_sync_engine_finalize;
  object_class->get_property = kt_sync_engine_get_property;
  object_class->set_property = kt_sync_engine_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KT_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECRETS] =
    g_param_spec_object ("secrets", NULL, NULL, KT_TYPE_SECRETS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, KT_TYPE_SYNC_STATE, KT_SYNC_STATE_SIGNED_OUT,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS_DONE] =
    g_param_spec_int64 ("progress-done", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS_TOTAL] =
    g_param_spec_int64 ("progress-total", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_SYNC] =
    g_param_spec_boxed ("last-sync", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EMAIL] =
    g_param_spec_string ("email", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTO_SYNC] =
    g_param_spec_boolean ("auto-sync", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KtSyncEngine::mutation-rejected:
   * @entity: the entity name, e.g. "contact"
   * @record_id: the record's id
   * @title: the record's title as it was locally, for the toast
   * @reason_code: "permission", "validation", "plan_limit", "deleted"...
   * @message: the server's explanation, for a person
   *
   * The server refused a local change; it has been reverted already.
   */
  signals[MUTATION_REJECTED] =
    g_signal_new ("mutation-rejected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 5,
                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  /**
   * KtSyncEngine::mutation-superseded:
   * @entity: the entity name, e.g. "contact"
   * @record_id: the record's id
   * @title: the record's title as it was locally, for the toast
   * @fields: (array zero-terminated=1): the fields whose local values lost
   *
   * The server took a local change, but some of its fields lost to newer
   * values written elsewhere (another device, or a clock that was slow
   * here); the store holds the winning values already.
   */
  signals[MUTATION_SUPERSEDED] =
    g_signal_new ("mutation-superseded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRV);
  /**
   * KtSyncEngine::pulled:
   * @n_changes: how many records a sync cycle's pull changed in the store
   */
  signals[PULLED] =
    g_signal_new ("pulled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /**
   * KtSyncEngine::subscription-changed:
   *
   * A pull brought the organization's subscription (the plan), now in
   * the store's meta table (kt-billing-client.h). It is not a record, so
   * ::pulled may not tell.
   */
  signals[SUBSCRIPTION_CHANGED] =
    g_signal_new ("subscription-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kt_sync_engine_init (KtSyncEngine *self)
{
  self->auto_sync = TRUE;
  self->rejections = g_ptr_array_new_with_free_func ((GDestroyNotify) kt_sync_rejection_free);
  self->retry_limit = 4;
  self->retry_base_ms = 250;
  self->pull_limit = KT_SYNC_PULL_LIMIT_MAX;
  self->push_batch = 200;
  self->state = KT_SYNC_STATE_SIGNED_OUT;
  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  self->current = g_ptr_array_new_with_free_func (g_object_unref);
  self->session = soup_session_new_with_options ("timeout", 60,
                                                 "idle-timeout", 60,
                                                 "max-conns-per-host", 4,
                                                 NULL);
  soup_session_set_user_agent (self->session, "Kantora/" PACKAGE_VERSION " ");
}

/* Public API */

/**
 * kt_sync_engine_new:
 * @store: the local store to sync
 * @secrets: where the sign-in token is kept
 *
 * Returns: (transfer full): a new engine
 */
KtSyncEngine *
kt_sync_engine_new (KtStore   *store,
                    KtSecrets *secrets)
{
  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (KT_IS_SECRETS (secrets), NULL);

  return g_object_new (KT_TYPE_SYNC_ENGINE, "store", store, "secrets", secrets, NULL);
}

KtStore *
kt_sync_engine_get_store (KtSyncEngine *self)
{
  g_return_val_if_fail (KT_IS_SYNC_ENGINE (self), NULL);
  return self->store;
}

KtSyncState
kt_sync_engine_get_state (KtSyncEngine *self)
{
  g_return_val_if_fail (KT_IS_SYNC_ENGINE (self), KT_SYNC_STATE_ERROR);
  return self->state;
}

gint64
kt_sync_engine_get_progress_done (KtSyncEngine *self)
{
  g_return_val_if_fail (KT_IS_SYNC_ENGINE (self), 0);
  return self->progress_done;
}

gint64
kt_sync_engine_get_progress_total (KtSyncEngine *self)
{
  g_return_val_if_fail (KT_IS_SYNC_ENGINE (self), 0);
  return self->progress_total;
}

GDateTime *
kt_sync_engine_get_last_sync (KtSyncEngine *self)
{
  g_return_val_if_fail (KT_IS_SYNC_ENGINE (self), NULL);
  return self->last_sync;
}

const char *
kt_sync_engine_get_last_error (KtSyncEngine *self)
{
  g_return_val_if_fail (KT_IS_SYNC_ENGINE (self), NULL);
  return self->last_error;
}

const char *
kt_sync_engine_get_server_url (KtSyncEngine *self)
{
  g_return_val_if_fail (KT_IS_SYNC_ENGINE (self), NULL);
  return self->server_url;
}

void
kt_sync_engine_set_server_url (KtSyncEngine *self,
                               const char   *server_url)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *trimmed = NULL;

  g_return_if_fail (KT_IS_SYNC_ENGINE (self));

  /* "http://host:8470/" and "http://host:8470" are the same server; the
   * keyring item is found by this text, so keep one spelling. */
  if (server_url != NULL)
    {
      trimmed = g_strstrip (g_strdup (server_url));
      while (g_str_has_suffix (trimmed, "/"))
        trimmed[strlen (trimmed) - 1] = '\0';
    }

  if (g_strcmp0 (self->server_url, trimmed) == 0)
    return;

  g_free (self->server_url);
  self->server_url = g_steal_pointer (&trimmed);
  if (!kt_store_set_meta (self->store, KT_SYNC_META_SERVER_URL, self->server_url, &error))
    g_warning ("%s", error->message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_URL]);
}

const char *
kt_sync_engine_get_email (KtSyncEngine *self)
{
  g_return_val_if_fail (KT_IS_SYNC_ENGINE (self), NULL);
  return self->email;
}

gboolean
kt_sync_engine_is_connected (KtSyncEngine *self)
{
  g_autofree char *org = NULL;

  g_return_val_if_fail (KT_IS_SYNC_ENGINE (self), FALSE);

  org = kt_store_get_meta (self->store, KT_SYNC_META_ORG_ID);
  return org != NULL && self->server_url != NULL;
}

gboolean
kt_sync_engine_get_auto_sync (KtSyncEngine *self)
{
  g_return_val_if_fail (KT_IS_SYNC_ENGINE (self), FALSE);
  return self->auto_sync;
}

/**
 * kt_sync_engine_poll_quickly:
 * @interval_seconds: how often to sync meanwhile
 * @duration_seconds: for how long from now
 *
 * Syncs every @interval_seconds for a while, on top of the periodic
 * cycle, while something is expected to change on the server that no
 * local edit announces: a Checkout's plan arrives with Stripe's webhook.
 * A second call restarts the window.
 */
void
kt_sync_engine_poll_quickly (KtSyncEngine *self,
                             guint         interval_seconds,
                             guint         duration_seconds)
{
  g_return_if_fail (KT_IS_SYNC_ENGINE (self));
  g_return_if_fail (interval_seconds > 0);

  self->quick_until = g_get_monotonic_time () + (gint64) duration_seconds * G_USEC_PER_SEC;
  g_clear_handle_id (&self->quick_id, g_source_remove);
  self->quick_id = g_timeout_add_seconds (interval_seconds, on_quick_timeout_cb, self);
}

gboolean
kt_sync_engine_is_polling_quickly (KtSyncEngine *self)
{
  g_return_val_if_fail (KT_IS_SYNC_ENGINE (self), FALSE);

  return self->quick_id != 0 && g_get_monotonic_time () < self->quick_until;
}

void
kt_sync_engine_set_auto_sync (KtSyncEngine *self,
                              gboolean      auto_sync)
{
  g_return_if_fail (KT_IS_SYNC_ENGINE (self));

  auto_sync = !!auto_sync;
  if (self->auto_sync == auto_sync)
    return;

  self->auto_sync = auto_sync;
  if (!auto_sync)
    {
      g_clear_handle_id (&self->debounce_id, g_source_remove);
      g_clear_handle_id (&self->retry_id, g_source_remove);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_SYNC]);
}

void
kt_sync_engine_set_retry_limit (KtSyncEngine *self,
                                guint         retries)
{
  g_return_if_fail (KT_IS_SYNC_ENGINE (self));
  self->retry_limit = retries;
}

void
kt_sync_engine_set_retry_delay (KtSyncEngine *self,
                                guint         base_ms)
{
  g_return_if_fail (KT_IS_SYNC_ENGINE (self));
  g_return_if_fail (base_ms > 0);
  self->retry_base_ms = base_ms;
}

void
kt_sync_engine_set_page_sizes (KtSyncEngine *self,
                               guint         pull_limit,
                               guint         push_batch)
{
  g_return_if_fail (KT_IS_SYNC_ENGINE (self));
  g_return_if_fail (pull_limit > 0 && push_batch > 0);

  self->pull_limit = pull_limit;
  self->push_batch = push_batch;
}

/**
 * kt_sync_engine_sync_now_async:
 * @self: a #KtSyncEngine
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the sync is complete
 * @user_data: data for @callback
 *
 * Pushes the outbox and pulls until up to date.
 */
void
kt_sync_engine_sync_now_async (KtSyncEngine        *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (KT_IS_SYNC_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kt_sync_engine_sync_now_async);
  g_ptr_array_add (self->waiting, task);
  request_cycle (self);
}

gboolean
kt_sync_engine_sync_now_finish (KtSyncEngine  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (KT_IS_SYNC_ENGINE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
