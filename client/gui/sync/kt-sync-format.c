/* kt-sync-format.c: sync states, times and reasons in words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-sync-format"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-format.h"
#include "kt-sync-format.h"

char *
kt_sync_format_relative (GDateTime *then,
                         GDateTime *now)
{
  g_autoptr (GDateTime) now_ref = NULL;
  g_autoptr (GDateTime) local = NULL;
  g_autofree char *day = NULL;
  g_autofree char *time = NULL;
  GTimeSpan span;
  int minutes, hours;

  g_return_val_if_fail (then != NULL, NULL);

  now_ref = now != NULL ? g_date_time_ref (now) : kt_format_now ();
  span = g_date_time_difference (now_ref, then);

  /* A clock a little behind the server's still means "now". */
  if (span < G_TIME_SPAN_MINUTE)
    return g_strdup (_("just now"));

  minutes = (int) (span / G_TIME_SPAN_MINUTE);
  if (minutes < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago",
                                         minutes), minutes);

  hours = (int) (span / G_TIME_SPAN_HOUR);
  if (hours < 12)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago",
                                         hours), hours);

  local = kt_format_to_shown (then);
  day = kt_format_relative_day (local, now_ref);
  time = g_date_time_format (local, "%H:%M");
  /* Translators: a day ("Today", "Yesterday" or a date), then a time */
  return g_strdup_printf (C_("day and time", "%s %s"), day, time);
}

char *
kt_sync_format_progress (gint64 done,
                         gint64 total)
{
  g_autofree char *done_text = kt_format_number (done);
  g_autofree char *total_text = kt_format_number (total);

  /* Translators: sync progress, e.g. "12,400 of 100,000" records */
  return g_strdup_printf (_("%s of %s"), done_text, total_text);
}

const char *
kt_sync_format_reason (const char *code,
                       const char *fallback)
{
  static const struct {
    const char *code;
    const char *reason;
  } reasons[] = {
    { "permission", N_("your role does not allow this change") },
    { "forbidden", N_("your role does not allow this change") },
    { "validation", N_("the server found a value it does not accept") },
    { "plan_limit", N_("your plan’s limit has been reached") },
    { "deleted", N_("someone deleted the record in the meantime") },
    { "not_found", N_("the record no longer exists on the server") },
    { "conflict", N_("it conflicts with a change made elsewhere") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (g_strcmp0 (code, reasons[i].code) == 0)
      return _(reasons[i].reason);

  if (fallback != NULL && *fallback != '\0')
    return fallback;
  return _("the server refused it");
}

char *
kt_sync_format_rejection (const char *title,
                          const char *code,
                          const char *message)
{
  const char *reason = kt_sync_format_reason (code, message);

  /* A validation message names the field; it says more than our words. */
  if (g_strcmp0 (code, "validation") == 0 && message != NULL && *message != '\0')
    reason = message;

  /* Translators: %1$s is a record's title, %2$s why the server refused
   * the change, e.g. “Ivan Petrov” was not saved: your role does not
   * allow this change */
  return g_strdup_printf (_("“%1$s” was not saved: %2$s"),
                          title != NULL && *title != '\0' ? title : _("A record"), reason);
}

char *
kt_sync_format_over_limit (const char *title,
                           const char *field)
{
  static const struct {
    const char *field;
    const char *what;
  } limits[] = {
    { "contacts", N_("contacts") },
    { "deals", N_("deals") },
    { "templates", N_("templates") },
    { "invoices_per_month", N_("invoices this month") },
    { "members", N_("members") },
    { "ai_messages_per_month", N_("AI messages this month") },
  };
  const char *name = title != NULL && *title != '\0' ? title : _("A record");

  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    if (g_strcmp0 (field, limits[i].field) == 0)
      /* Translators: %1$s is a record's title, %2$s what the plan
       * limits, e.g. “Ivan Petrov” is kept on this computer only: the
       * plan allows no more contacts */
      return g_strdup_printf (_("“%1$s” is kept on this computer only: the plan allows no more %2$s"),
                              name, _(limits[i].what));

  return g_strdup_printf (_("“%s” is kept on this computer only: the plan’s limit has been reached"), name);
}

/* A field's label; the record's own keys have none in the entity. */
static const char *
field_label (const KtEntity *entity,
             const char     *name)
{
  const KtField *f = entity != NULL ? kt_entity_get_field (entity, name) : NULL;

  if (f != NULL && f->label != NULL)
    return _(f->label);
  if (g_strcmp0 (name, KT_META_DELETED) == 0)
    return C_("synced field", "Deleted");
  if (g_strcmp0 (name, KT_META_OWNER) == 0)
    return C_("synced field", "Owner");
  if (g_strcmp0 (name, KT_META_CREATED) == 0)
    return C_("synced field", "Created");
  return name;
}

char *
kt_sync_format_superseded (const char         *entity,
                           const char         *title,
                           const char * const *fields)
{
  const KtEntity *e = kt_entity_lookup (entity);
  g_autoptr (GString) labels = g_string_new (NULL);

  for (guint i = 0; fields != NULL && fields[i] != NULL; i++)
    {
      if (labels->len > 0)
        g_string_append (labels, ", ");
      g_string_append (labels, field_label (e, fields[i]));
    }

  /* Translators: %1$s is a record's title, %2$s the fields (their labels,
   * separated by commas) whose values were replaced, e.g. Your change of
   * “Ivan Petrov” (City) was replaced by a newer one made elsewhere */
  return g_strdup_printf (_("Your change of “%1$s” (%2$s) was replaced by a newer one made elsewhere"),
                          title != NULL && *title != '\0' ? title : _("A record"), labels->str);
}

char *
kt_sync_format_state (KtSyncEngine  *engine,
                      const char   **out_icon_name,
                      char         **out_detail)
{
  const char *icon = "emblem-synchronizing-symbolic";
  const char *error = kt_sync_engine_get_last_error (engine);
  GDateTime *last = kt_sync_engine_get_last_sync (engine);
  g_autofree char *when = last != NULL ? kt_sync_format_relative (last, NULL) : NULL;
  char *detail = NULL;
  char *label = NULL;

  g_return_val_if_fail (KT_IS_SYNC_ENGINE (engine), NULL);

  switch (kt_sync_engine_get_state (engine))
    {
    case KT_SYNC_STATE_OFFLINE:
      icon = "network-offline-symbolic";
      label = g_strdup (_("Offline"));
      detail = when != NULL
        /* Translators: %s is a relative time such as "5 minutes ago" */
        ? g_strdup_printf (_("Changes are kept on this computer and sync when the server can be reached. Last synced %s."), when)
        : g_strdup (_("Changes are kept on this computer and sync when the server can be reached."));
      break;

    case KT_SYNC_STATE_IDLE:
      icon = "emblem-ok-symbolic";
      label = g_strdup (_("Up to date"));
      detail = when != NULL
        /* Translators: %s is a relative time such as "5 minutes ago" */
        ? g_strdup_printf (_("Last synced %s."), when)
        : g_strdup (_("Signed in; the first sync has not run yet."));
      break;

    case KT_SYNC_STATE_SYNCING:
      icon = "emblem-synchronizing-symbolic";
      if (kt_sync_engine_get_progress_total (engine) > 0)
        label = kt_sync_format_progress (kt_sync_engine_get_progress_done (engine),
                                         kt_sync_engine_get_progress_total (engine));
      else
        label = g_strdup (_("Syncing…"));
      detail = g_strdup (_("Sending your changes and fetching your team’s."));
      break;

    case KT_SYNC_STATE_ERROR:
      icon = "dialog-warning-symbolic";
      label = g_strdup (_("Sync failed"));
      detail = g_strdup (error != NULL ? error : _("The last sync failed."));
      break;

    case KT_SYNC_STATE_SIGNED_OUT:
      icon = "avatar-default-symbolic";
      if (kt_sync_engine_is_connected (engine))
        {
          label = g_strdup (_("Signed out"));
          detail = g_strdup (error != NULL ? error : _("Sign in again to keep syncing."));
        }
      else
        {
          label = g_strdup (_("This computer only"));
          detail = g_strdup (_("Your data stays on this computer. Sign in to a server to sync it and work with a team."));
        }
      break;

    case KT_SYNC_STATE_NEEDS_UPDATE:
      icon = "software-update-available-symbolic";
      label = g_strdup (_("Update needed"));
      detail = g_strdup (error != NULL ? error
                                       : _("The server needs a newer version of Kantora. Please update Kantora to keep syncing."));
      break;

    default:
      g_assert_not_reached ();
    }

  if (out_icon_name != NULL)
    *out_icon_name = icon;
  if (out_detail != NULL)
    *out_detail = detail;
  else
    g_free (detail);

  return label;
}
