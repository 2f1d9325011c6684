/* kt-billing-pane.c: the Billing section
 *
 * The plan is the server's (docs/billing.md). Every member has the
 * subscription the pull brought, so the pane always shows the last known
 * plan, offline too; only owners and admins get the usage, the plans and
 * the buttons, from GET /v1/billing. Buying happens on Stripe's pages in
 * the browser: Upgrade asks the server for a Checkout URL and opens it,
 * and the engine then syncs quickly until the webhook's plan arrives with
 * a pull, so the new plan shows here by itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-billing-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-billing-client.h"
#include "kt-billing-pane.h"
#include "kt-format.h"
#include "kt-team-client.h"
#include "kt-toast.h"

struct _KtBillingPane
{
  GtkWidget      parent_instance;

  KtContext     *context;
  KtSyncEngine  *engine;
  JsonObject    *subscription;  /* the pull's or GET /v1/billing's */
  JsonObject    *billing;       /* GET /v1/billing's answer or its cache */
  gboolean       online;        /* the last refresh reached the server */
  gboolean       busy;
  char          *notice;
  char          *pending_from;  /* the plan before a Checkout, while it is pending */
  GCancellable  *cancellable;
  GPtrArray     *rows;          /* rows made from the data, to remove */
  KtUriLauncher  launcher;
  gpointer       launcher_data;

  /* Template children */
  GtkStack        *stack;
  AdwStatusPage   *not_allowed_page;
  GtkLabel        *notice_label;
  GtkSpinner      *spinner;
  AdwActionRow    *plan_row;
  AdwActionRow    *status_row;
  AdwActionRow    *period_row;
  GtkWidget       *actions_box;
  GtkWidget       *manage_button;
  GtkWidget       *cancel_button;
  GtkWidget       *resume_button;
  AdwPreferencesGroup *drafts_group;
  AdwPreferencesGroup *usage_group;
  AdwPreferencesGroup *plans_group;
  AdwPreferencesGroup *history_group;
};

G_DEFINE_FINAL_TYPE (KtBillingPane, kt_billing_pane, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The limits the meters show, in the order of docs/billing.md. */
static const struct {
  const char *usage;
  const char *label;
} meters[] = {
  { "members", N_("Members") },
  { "contacts", N_("Contacts") },
  { "deals", N_("Deals") },
  { "invoices_per_month", N_("Invoices this month") },
  { "templates", N_("Templates") },
};

static void refresh (KtBillingPane *self);

/* Helpers */

static const char *
plan_name (const char *plan)
{
  /* The server's four plans by id; a plan a server's config adds shows
   * its id. */
  if (g_strcmp0 (plan, "free") == 0)
    return _("Free");
  if (g_strcmp0 (plan, "starter") == 0)
    return _("Starter");
  if (g_strcmp0 (plan, "professional") == 0)
    return _("Professional");
  if (g_strcmp0 (plan, "enterprise") == 0)
    return _("Enterprise");
  return plan != NULL ? plan : _("Unknown");
}

static const char *
member_string (JsonObject *object,
               const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

static gboolean
can_manage (KtBillingPane *self)
{
  g_autoptr (JsonObject) team = kt_team_load_cache (kt_context_get_store (self->context));

  return kt_team_role_can_manage (member_string (team, "role"));
}

static void
set_notice (KtBillingPane *self,
            const char    *notice)
{
  if (g_strcmp0 (self->notice, notice) == 0)
    return;
  g_free (self->notice);
  self->notice = g_strdup (notice);
  gtk_label_set_text (self->notice_label, notice != NULL ? notice : "");
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), notice != NULL);
}

static void
set_busy (KtBillingPane *self,
          gboolean       busy)
{
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "billing.manage", !busy && self->online);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "billing.cancel", !busy && self->online);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "billing.resume", !busy && self->online);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "billing.upgrade", !busy && self->online);
}

static void
clear_rows (KtBillingPane *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

static GtkWidget *
add_row (KtBillingPane       *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, row);
  return row;
}

static char *
format_time (const char *iso)
{
  g_autoptr (GDateTime) utc = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr (GDateTime) local = NULL;

  if (utc == NULL)
    return NULL;
  local = kt_format_to_shown (utc);
  return kt_format_date (local);
}

/* A plan's limits from the cached plan list, or NULL. */
static JsonObject *
plan_limits (KtBillingPane *self,
             const char    *plan)
{
  JsonNode *plans = self->billing != NULL ? json_object_get_member (self->billing, "plans") : NULL;

  if (plans == NULL || !JSON_NODE_HOLDS_ARRAY (plans))
    return NULL;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (plans)); i++)
    {
      JsonNode *p = json_array_get_element (json_node_get_array (plans), i);
      JsonNode *limits;

      if (!JSON_NODE_HOLDS_OBJECT (p) || g_strcmp0 (member_string (json_node_get_object (p), "id"), plan) != 0)
        continue;
      limits = json_object_get_member (json_node_get_object (p), "limits");
      return limits != NULL && JSON_NODE_HOLDS_OBJECT (limits) ? json_node_get_object (limits) : NULL;
    }
  return NULL;
}

/* Building */

static void
show_status (KtBillingPane *self)
{
  const char *status = member_string (self->subscription, "status");
  const char *text;
  g_autofree char *end = format_time (member_string (self->subscription, "current_period_end"));
  gboolean cancels = self->subscription != NULL &&
                     json_object_get_boolean_member_with_default (self->subscription, "cancel_at_period_end", FALSE);
  const char *plan = member_string (self->subscription, "plan");
  gboolean paid = plan != NULL && g_strcmp0 (plan, "free") != 0;

  adw_action_row_set_subtitle (self->plan_row, plan_name (plan));

  if (g_strcmp0 (status, "active") == 0)
    text = _("Active");
  else if (g_strcmp0 (status, "trialing") == 0)
    text = _("Trial: the plan is free until the period ends, then it is paid");
  else if (g_strcmp0 (status, "past_due") == 0)
    text = _("Payment overdue: the last payment failed and Stripe tries it again. "
             "After 7 days without payment, nothing new can be added until it goes through. "
             "Update the card with Manage in Stripe.");
  else if (g_strcmp0 (status, "canceled") == 0)
    text = _("Canceled: the paid plan has ended and the organization is on Free");
  else if (g_strcmp0 (status, "incomplete") == 0)
    text = _("Incomplete: the first payment has not gone through yet");
  else
    text = _("Unknown");
  adw_action_row_set_subtitle (self->status_row, text);

  gtk_widget_set_visible (GTK_WIDGET (self->period_row), end != NULL && paid);
  if (end != NULL)
    {
      g_autofree char *period = cancels
                                ? g_strdup_printf (_("%s: the plan ends then and the organization moves to Free"), end)
                                : g_strdup_printf (_("%s: the plan renews then"), end);

      adw_action_row_set_subtitle (self->period_row, period);
    }

  gtk_widget_set_visible (self->cancel_button, paid && !cancels && g_strcmp0 (status, "canceled") != 0);
  gtk_widget_set_visible (self->resume_button, paid && cancels);
  /* The portal needs a Stripe customer, which only a paid plan made. */
  gtk_widget_set_visible (self->manage_button, paid);
}

static void
show_usage (KtBillingPane *self)
{
  JsonNode *usage_node = self->billing != NULL ? json_object_get_member (self->billing, "usage") : NULL;
  JsonObject *usage = usage_node != NULL && JSON_NODE_HOLDS_OBJECT (usage_node) ? json_node_get_object (usage_node) : NULL;
  JsonObject *limits = plan_limits (self, member_string (self->subscription, "plan"));

  gtk_widget_set_visible (GTK_WIDGET (self->usage_group), usage != NULL);
  if (usage == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (meters); i++)
    {
      gint64 used = json_object_get_int_member_with_default (usage, meters[i].usage, 0);
      JsonNode *limit_node = limits != NULL ? json_object_get_member (limits, meters[i].usage) : NULL;
      gboolean limited = limit_node != NULL && !JSON_NODE_HOLDS_NULL (limit_node);
      gint64 limit = limited ? json_node_get_int (limit_node) : 0;
      g_autofree char *used_text = kt_format_number (used);
      g_autofree char *limit_text = kt_format_number (limit);
      g_autofree char *subtitle = limited
                                  ? g_strdup_printf (_("%s of %s"), used_text, limit_text)
                                  : g_strdup_printf (_("%s, no limit"), used_text);
      GtkWidget *row = add_row (self, self->usage_group, _(meters[i].label), subtitle);
      GtkWidget *bar = gtk_level_bar_new_for_interval (0, 1);

      gtk_level_bar_set_value (GTK_LEVEL_BAR (bar),
                               limited && limit > 0 ? MIN ((double) used / (double) limit, 1.0) : 0);
      gtk_level_bar_add_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW, 0.8);
      gtk_level_bar_add_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH, 0.95);
      gtk_level_bar_add_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL, 1.0);
      gtk_widget_set_size_request (bar, 96, -1);
      gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
      gtk_widget_set_visible (bar, limited);
      gtk_widget_set_name (row, meters[i].usage);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), bar);
    }
}

static void
show_plans (KtBillingPane *self)
{
  JsonNode *plans = self->billing != NULL ? json_object_get_member (self->billing, "plans") : NULL;
  const char *current = member_string (self->subscription, "plan");
  gboolean after_current = FALSE;
  gboolean paid = current != NULL && g_strcmp0 (current, "free") != 0;

  gtk_widget_set_visible (GTK_WIDGET (self->plans_group), plans != NULL && JSON_NODE_HOLDS_ARRAY (plans));
  if (plans == NULL || !JSON_NODE_HOLDS_ARRAY (plans))
    return;

  for (guint i = 0; i < json_array_get_length (json_node_get_array (plans)); i++)
    {
      JsonNode *p = json_array_get_element (json_node_get_array (plans), i);
      JsonObject *plan;
      JsonNode *limits_node;
      const char *id;
      g_autoptr (GString) summary = g_string_new (NULL);
      GtkWidget *row;

      if (!JSON_NODE_HOLDS_OBJECT (p))
        continue;
      plan = json_node_get_object (p);
      id = member_string (plan, "id");
      limits_node = json_object_get_member (plan, "limits");
      if (limits_node != NULL && JSON_NODE_HOLDS_OBJECT (limits_node))
        for (guint m = 0; m < G_N_ELEMENTS (meters); m++)
          {
            JsonNode *limit = json_object_get_member (json_node_get_object (limits_node), meters[m].usage);
            g_autofree char *value = limit != NULL && !JSON_NODE_HOLDS_NULL (limit)
                                     ? kt_format_number (json_node_get_int (limit))
                                     : g_strdup (_("unlimited"));

            /* TRANSLATORS: one limit of a plan, e.g. "Contacts: 1,000" */
            g_string_append_printf (summary, "%s%s", summary->len > 0 ? "\n" : "", "");
            g_string_append_printf (summary, _("%s: %s"), _(meters[m].label), value);
          }

      row = add_row (self, self->plans_group, plan_name (id), summary->str);
      gtk_widget_set_name (row, id != NULL ? id : "");
      if (g_strcmp0 (id, current) == 0)
        {
          GtkWidget *label = gtk_label_new (_("Current"));

          gtk_widget_add_css_class (label, "dim-label");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
          after_current = TRUE;
        }
      /* An upgrade of a running subscription is Stripe's to prorate: it
       * goes through the portal (409 from checkout otherwise). */
      else if (after_current && !paid && json_object_get_boolean_member_with_default (plan, "purchasable", FALSE))
        {
          GtkWidget *button = gtk_button_new_with_mnemonic (_("_Upgrade"));

          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (button, "suggested-action");
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "billing.upgrade");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", id);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }
    }
}

static const char *
history_text (const char *event)
{
  if (g_strcmp0 (event, "created") == 0)
    return _("Subscription started");
  if (g_strcmp0 (event, "upgraded") == 0)
    return _("Upgraded");
  if (g_strcmp0 (event, "downgraded") == 0)
    return _("Downgraded");
  if (g_strcmp0 (event, "renewed") == 0)
    return _("Renewed");
  if (g_strcmp0 (event, "canceled") == 0)
    return _("Canceled");
  if (g_strcmp0 (event, "payment_failed") == 0)
    return _("A payment failed");
  return event;
}

static void
show_history (KtBillingPane *self)
{
  JsonNode *history = self->subscription != NULL ? json_object_get_member (self->subscription, "history") : NULL;
  guint n = history != NULL && JSON_NODE_HOLDS_ARRAY (history) ? json_array_get_length (json_node_get_array (history)) : 0;

  gtk_widget_set_visible (GTK_WIDGET (self->history_group), n > 0);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (json_node_get_array (history), i);
      JsonObject *entry;
      g_autofree char *when = NULL;
      g_autofree char *subtitle = NULL;
      const char *from;
      const char *to;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;
      entry = json_node_get_object (item);
      when = format_time (member_string (entry, "occurred_at"));
      from = member_string (entry, "from_plan");
      to = member_string (entry, "to_plan");
      if (from != NULL && to != NULL && g_strcmp0 (from, to) != 0)
        /* TRANSLATORS: when, then the plans, e.g. "7 Dec 2026 · Free → Starter" */
        subtitle = g_strdup_printf (_("%s · %s → %s"), when ? when : "", plan_name (from), plan_name (to));
      else
        subtitle = g_strdup (when);
      add_row (self, self->history_group, history_text (member_string (entry, "event")), subtitle);
    }
}

/* The changes the server refused over the limit, kept here. */
static void
show_drafts (KtBillingPane *self)
{
  g_autoptr (JsonArray) drafts = kt_billing_load_over_limit (kt_context_get_store (self->context));
  guint n = json_array_get_length (drafts);

  gtk_widget_set_visible (GTK_WIDGET (self->drafts_group), n > 0);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (drafts, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        add_row (self, self->drafts_group, member_string (json_node_get_object (node), "title") ?: _("A record"),
                 member_string (json_node_get_object (node), "message"));
    }
}

static void
update_notice (KtBillingPane *self)
{
  if (self->pending_from != NULL)
    set_notice (self, _("Waiting for Stripe to confirm the payment. The new plan shows here by itself."));
  else if (!self->online && self->subscription != NULL)
    set_notice (self, _("The server cannot be reached: this is the plan as last synced. Changes need a connection."));
  else if (!self->online)
    set_notice (self, _("The server cannot be reached, and this computer has not synced the plan yet."));
  else
    set_notice (self, NULL);
}

static void
rebuild (KtBillingPane *self)
{
  KtStore *store = kt_context_get_store (self->context);
  const char *plan;

  g_clear_pointer (&self->subscription, json_object_unref);
  self->subscription = kt_billing_load_subscription (store);
  if (self->billing == NULL)
    self->billing = kt_billing_load_cache (store);

  /* The webhook's plan arrived with a pull: the Checkout is over. */
  plan = member_string (self->subscription, "plan");
  if (self->pending_from != NULL &&
      (g_strcmp0 (plan, self->pending_from) != 0 || !kt_sync_engine_is_polling_quickly (self->engine)))
    {
      g_clear_pointer (&self->pending_from, g_free);
      refresh (self);
    }

  if (!kt_sync_engine_is_connected (self->engine))
    {
      gtk_stack_set_visible_child_name (self->stack, "signed-out");
      return;
    }
  if (!can_manage (self))
    {
      g_autofree char *description = self->subscription != NULL
                                     ? g_strdup_printf (_("The organization is on the %s plan. Ask an owner or an admin to change it."),
                                                        plan_name (plan))
                                     : NULL;

      adw_status_page_set_description (self->not_allowed_page, description);
      gtk_stack_set_visible_child_name (self->stack, "not-allowed");
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "billing");
  clear_rows (self);
  show_status (self);
  show_drafts (self);
  show_usage (self);
  show_plans (self);
  show_history (self);
  update_notice (self);
  set_busy (self, self->busy);
}

static void
launch (KtBillingPane *self,
        const char    *uri)
{
  if (self->launcher != NULL)
    {
      self->launcher (GTK_WIDGET (self), uri, self->launcher_data);
      return;
    }

  /* GTK 4.8 has no GtkUriLauncher: gtk_show_uri() hands it to the portal
   * or the desktop's browser. */
  {
    GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

    gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
  }
}

/* Callbacks */

static void
on_refreshed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (KtBillingPane) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) billing = NULL;

  billing = kt_billing_refresh_finish (KT_SYNC_ENGINE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->online = billing != NULL;
  if (billing != NULL)
    {
      g_clear_pointer (&self->billing, json_object_unref);
      self->billing = g_steal_pointer (&billing);
    }
  else
    g_debug ("Billing not refreshed: %s", error->message);
  set_busy (self, FALSE);
  rebuild (self);
}

static void
on_team_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (KtBillingPane) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) team = NULL;

  team = kt_team_refresh_finish (KT_SYNC_ENGINE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* The role decides what this pane may show: only owners and admins
   * may ask for the usage and the plans. */
  if (team != NULL && can_manage (self))
    {
      kt_billing_refresh_async (self->engine, self->cancellable, on_refreshed_cb, g_object_ref (self));
      return;
    }
  self->online = team != NULL;
  set_busy (self, FALSE);
  rebuild (self);
}

static void
refresh (KtBillingPane *self)
{
  if (!kt_sync_engine_is_connected (self->engine) || self->busy)
    {
      rebuild (self);
      return;
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  kt_team_refresh_async (self->engine, self->cancellable, on_team_cb, g_object_ref (self));
}

static void
on_posted_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (KtBillingPane) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) answer = NULL;
  const char *url;

  answer = kt_billing_post_finish (KT_SYNC_ENGINE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (answer == NULL)
    {
      g_clear_pointer (&self->pending_from, g_free);
      kt_widget_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
      rebuild (self);
      return;
    }

  url = member_string (answer, "url");
  if (url != NULL)
    launch (self, url);
  else
    /* Cancel and resume: Stripe's webhook brings the new state. */
    kt_sync_engine_poll_quickly (self->engine, KT_BILLING_CHECKOUT_POLL_SECONDS, 120);
  rebuild (self);
}

static void
post (KtBillingPane *self,
      const char    *action,
      const char    *plan)
{
  if (self->cancellable == NULL)
    self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  kt_billing_post_async (self->engine, action, plan, self->cancellable, on_posted_cb,
                         g_object_ref (self));
}

static void
on_subscription_changed_cb (KtSyncEngine  *engine,
                            KtBillingPane *self)
{
  rebuild (self);
}

static void
on_confirm_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        KtBillingPane    *self)
{
  if (g_strcmp0 (response, "cancel") == 0 || g_strcmp0 (response, "resume") == 0)
    post (self, response, NULL);
}

static void
confirm (KtBillingPane *self,
         const char    *response,
         const char    *heading,
         const char    *body,
         const char    *label,
         AdwResponseAppearance appearance)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "close", _("_Keep as It Is"), response, label, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), response, appearance);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Actions */

static void
upgrade_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  kt_billing_pane_upgrade (KT_BILLING_PANE (widget), g_variant_get_string (parameter, NULL));
}

static void
manage_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  post (KT_BILLING_PANE (widget), "portal", NULL);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  confirm (KT_BILLING_PANE (widget), "cancel", _("Cancel the Plan at Period End?"),
           _("The plan stays until the end of the period that is paid for; then the organization moves to Free and its limits."),
           _("_Cancel at Period End"), ADW_RESPONSE_DESTRUCTIVE);
}

static void
resume_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  confirm (KT_BILLING_PANE (widget), "resume", _("Resume the Plan?"),
           _("The plan renews at the end of the period, and the card is charged then."),
           _("_Resume"), ADW_RESPONSE_SUGGESTED);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  refresh (KT_BILLING_PANE (widget));
}

/* Overrides */

static void
kt_billing_pane_constructed (GObject *object)
{
  KtBillingPane *self = KT_BILLING_PANE (object);

  G_OBJECT_CLASS (kt_billing_pane_parent_class)->constructed (object);

  g_assert (KT_IS_CONTEXT (self->context));
  self->engine = g_object_ref (kt_context_get_sync_engine (self->context));
  g_signal_connect_object (self->engine, "subscription-changed",
                           G_CALLBACK (on_subscription_changed_cb), self, 0);
  refresh (self);
}

static void
kt_billing_pane_dispose (GObject *object)
{
  KtBillingPane *self = KT_BILLING_PANE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), KT_TYPE_BILLING_PANE);
  g_clear_object (&self->engine);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (kt_billing_pane_parent_class)->dispose (object);
}

static void
kt_billing_pane_finalize (GObject *object)
{
  KtBillingPane *self = KT_BILLING_PANE (object);

  g_clear_pointer (&self->subscription, json_object_unref);
  g_clear_pointer (&self->billing, json_object_unref);
  g_clear_pointer (&self->notice, g_free);
  g_clear_pointer (&self->pending_from, g_free);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (kt_billing_pane_parent_class)->finalize (object);
}

static void
kt_billing_pane_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KtBillingPane *self = KT_BILLING_PANE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_billing_pane_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  KtBillingPane *self = KT_BILLING_PANE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_billing_pane_class_init (KtBillingPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kt_billing_pane_constructed;
  object_class->dispose = kt_billing_pane_dispose;
  object_class->finalize = kt_billing_pane_finalize;
  object_class->get_property = kt_billing_pane_get_property;
  object_class->set_property = kt_billing_pane_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, KT_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "billing.upgrade", "s", upgrade_action);
  gtk_widget_class_install_action (widget_class, "billing.manage", NULL, manage_action);
  gtk_widget_class_install_action (widget_class, "billing.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "billing.resume", NULL, resume_action);
  /* F5 through the window's win.reload. */
  gtk_widget_class_install_action (widget_class, "pane.reload", NULL, reload_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/kantora/Kantora/billing/kt-billing-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, KtBillingPane, stack);
  gtk_widget_class_bind_template_child (widget_class, KtBillingPane, not_allowed_page);
  gtk_widget_class_bind_template_child (widget_class, KtBillingPane, notice_label);
  gtk_widget_class_bind_template_child (widget_class, KtBillingPane, spinner);
  gtk_widget_class_bind_template_child (widget_class, KtBillingPane, plan_row);
  gtk_widget_class_bind_template_child (widget_class, KtBillingPane, status_row);
  gtk_widget_class_bind_template_child (widget_class, KtBillingPane, period_row);
  gtk_widget_class_bind_template_child (widget_class, KtBillingPane, actions_box);
  gtk_widget_class_bind_template_child (widget_class, KtBillingPane, manage_button);
  gtk_widget_class_bind_template_child (widget_class, KtBillingPane, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, KtBillingPane, resume_button);
  gtk_widget_class_bind_template_child (widget_class, KtBillingPane, drafts_group);
  gtk_widget_class_bind_template_child (widget_class, KtBillingPane, usage_group);
  gtk_widget_class_bind_template_child (widget_class, KtBillingPane, plans_group);
  gtk_widget_class_bind_template_child (widget_class, KtBillingPane, history_group);
}

static void
kt_billing_pane_init (KtBillingPane *self)
{
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

GtkWidget *
kt_billing_pane_new (KtContext *context)
{
  g_return_val_if_fail (KT_IS_CONTEXT (context), NULL);

  return g_object_new (KT_TYPE_BILLING_PANE, "context", context, NULL);
}

void
kt_billing_pane_refresh (KtBillingPane *self)
{
  g_return_if_fail (KT_IS_BILLING_PANE (self));

  refresh (self);
}

/**
 * kt_billing_pane_set_uri_launcher:
 * @launcher: (nullable): what opens Stripe's pages; %NULL for the browser
 *
 * Tests see the URL the pane would open instead of a browser.
 */
void
kt_billing_pane_set_uri_launcher (KtBillingPane *self,
                                  KtUriLauncher  launcher,
                                  gpointer       user_data)
{
  g_return_if_fail (KT_IS_BILLING_PANE (self));

  self->launcher = launcher;
  self->launcher_data = user_data;
}

const char *
kt_billing_pane_get_plan (KtBillingPane *self)
{
  g_return_val_if_fail (KT_IS_BILLING_PANE (self), NULL);
  return member_string (self->subscription, "plan");
}

const char *
kt_billing_pane_get_notice (KtBillingPane *self)
{
  g_return_val_if_fail (KT_IS_BILLING_PANE (self), NULL);
  return self->notice;
}

gboolean
kt_billing_pane_get_busy (KtBillingPane *self)
{
  g_return_val_if_fail (KT_IS_BILLING_PANE (self), FALSE);
  return self->busy;
}

gboolean
kt_billing_pane_get_checkout_pending (KtBillingPane *self)
{
  g_return_val_if_fail (KT_IS_BILLING_PANE (self), FALSE);
  return self->pending_from != NULL;
}

/* Asks the server for a Checkout of @plan and opens it. */
void
kt_billing_pane_upgrade (KtBillingPane *self,
                         const char    *plan)
{
  const char *current;

  g_return_if_fail (KT_IS_BILLING_PANE (self));
  g_return_if_fail (plan != NULL);

  current = member_string (self->subscription, "plan");
  g_free (self->pending_from);
  self->pending_from = g_strdup (current != NULL ? current : "free");
  post (self, "checkout", plan);
}
