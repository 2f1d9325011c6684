/* kt-team-pane.c: the Team section: members, roles, invitations
 *
 * Everything goes through the server, which applies the role rules:
 * owners and admins invite, change roles and remove members; everybody
 * else reads. The pane shows what the server allows (an admin cannot
 * touch owners) so nobody is offered a button that can only fail. Offline
 * it shows the last list the server gave (cached in the store) and says
 * that changes need a connection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-team-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-sync-format.h"
#include "kt-team-client.h"
#include "kt-team-pane.h"
#include "kt-toast.h"

struct _KtTeamPane
{
  GtkWidget     parent_instance;

  KtContext    *context;
  KtSyncEngine *engine;
  JsonObject   *team;          /* the server's answer or the cache */
  gboolean      online;        /* the last refresh reached the server */
  gboolean      busy;
  guint         n_members;
  char         *notice;
  char         *invitation_link;
  GCancellable *cancellable;

  /* Template children */
  GtkStack     *stack;
  GtkLabel     *notice_label;
  GtkLabel     *error_label;
  GtkListBox   *members_list;
  GtkSpinner   *spinner;
  GtkWidget    *refresh_button;
  GtkWidget    *invite_group;
  AdwEntryRow  *invite_email_row;
  AdwComboRow  *invite_role_row;
  GtkWidget    *invite_button;
  AdwActionRow *link_row;
  GtkWidget    *organization_group;
};

G_DEFINE_FINAL_TYPE (KtTeamPane, kt_team_pane, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Roles from the most to the least powerful, as the server names them. */
static const char * const roles[] = { "owner", "admin", "manager", "user" };

static const char *
role_label (const char *role)
{
  if (g_strcmp0 (role, "owner") == 0)
    return C_("team role", "Owner");
  if (g_strcmp0 (role, "admin") == 0)
    return C_("team role", "Admin");
  if (g_strcmp0 (role, "manager") == 0)
    return C_("team role", "Manager");
  if (g_strcmp0 (role, "user") == 0)
    return C_("team role", "User");
  return role;
}

static const char *
my_role (KtTeamPane *self)
{
  return self->team ? json_object_get_string_member_with_default (self->team, "role", NULL) : NULL;
}

static gboolean
can_manage (KtTeamPane *self)
{
  return self->online && kt_team_role_can_manage (my_role (self));
}

/* The roles I may give: only owners make owners. */
static guint
first_grantable_role (KtTeamPane *self)
{
  return g_strcmp0 (my_role (self), "owner") == 0 ? 0 : 1;
}

/* Nobody is invited as an owner (docs/model.md; the server refuses it):
 * an owner promotes a member who joined. */
#define FIRST_INVITABLE_ROLE 1

static void
show_error (KtTeamPane *self,
            const char *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
set_busy (KtTeamPane *self,
          gboolean    busy)
{
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (self->refresh_button, !busy);
  gtk_widget_set_sensitive (self->invite_button, !busy);
}

static void render (KtTeamPane *self);
static void refresh (KtTeamPane *self);

/* Role changes and removals */

static void
on_member_changed_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr (KtTeamPane) self = user_data;
  g_autoptr (GError) error = NULL;
  gboolean ok;

  if (g_task_get_source_tag (G_TASK (result)) == kt_team_remove_async)
    ok = kt_team_remove_finish (KT_SYNC_ENGINE (source), result, &error);
  else
    ok = kt_team_set_role_finish (KT_SYNC_ENGINE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  /* The server's reason ("The organization needs at least one owner")
   * says what to do; the list is fetched again either way so it shows
   * what the server holds. */
  show_error (self, ok ? NULL : error->message);
  refresh (self);
}

static void
on_role_selected_cb (GtkDropDown *dropdown,
                     GParamSpec  *pspec,
                     KtTeamPane  *self)
{
  const char *member_id = g_object_get_data (G_OBJECT (dropdown), "member-id");
  guint offset = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dropdown), "role-offset"));
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (selected == GTK_INVALID_LIST_POSITION || selected + offset >= G_N_ELEMENTS (roles))
    return;

  set_busy (self, TRUE);
  kt_team_set_role_async (self->engine, member_id, roles[selected + offset], self->cancellable,
                          on_member_changed_cb, g_object_ref (self));
}

static void
on_remove_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       KtTeamPane       *self)
{
  const char *member_id = g_object_get_data (G_OBJECT (dialog), "member-id");

  if (g_strcmp0 (response, "remove") != 0)
    return;

  set_busy (self, TRUE);
  kt_team_remove_async (self->engine, member_id, self->cancellable,
                        on_member_changed_cb, g_object_ref (self));
}

static void
on_remove_clicked_cb (GtkButton  *button,
                      KtTeamPane *self)
{
  const char *member_id = g_object_get_data (G_OBJECT (button), "member-id");
  const char *name = g_object_get_data (G_OBJECT (button), "member-name");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  /* Translators: %s is a person's name or email */
  heading = g_strdup_printf (_("Remove %s From the Team?"), name);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   _("They lose access to the organization’s data at once. "
                                     "What they created stays."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "member-id", g_strdup (member_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Rendering */

static char *
member_subtitle (JsonObject *member,
                 const char *title)
{
  const char *email = json_object_get_string_member_with_default (member, "email", NULL);
  const char *status = json_object_get_string_member_with_default (member, "status", NULL);
  const char *active = json_object_get_string_member_with_default (member, "last_active_at", NULL);
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GDateTime) when = NULL;

  if (email != NULL && g_strcmp0 (email, title) != 0)
    g_string_append (text, email);

  if (g_strcmp0 (status, "invited") == 0)
    {
      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append (text, _("Invited, not joined yet"));
    }
  else if (active != NULL && (when = g_date_time_new_from_iso8601 (active, NULL)) != NULL)
    {
      g_autofree char *relative = kt_sync_format_relative (when, NULL);

      if (text->len > 0)
        g_string_append (text, " · ");
      /* Translators: %s is a relative time such as "5 minutes ago" */
      g_string_append_printf (text, _("Last active %s"), relative);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GtkWidget *
create_member_row (KtTeamPane *self,
                   JsonObject *member)
{
  const char *id = json_object_get_string_member_with_default (member, "id", NULL);
  const char *user_id = json_object_get_string_member_with_default (member, "user_id", NULL);
  const char *name = json_object_get_string_member_with_default (member, "full_name", NULL);
  const char *email = json_object_get_string_member_with_default (member, "email", NULL);
  const char *role = json_object_get_string_member_with_default (member, "role", NULL);
  const char *me = json_object_get_string_member_with_default (self->team, "user_id", NULL);
  const char *title = name != NULL && *name != '\0' ? name : email;
  gboolean is_me = user_id != NULL && g_strcmp0 (user_id, me) == 0;
  gboolean editable = can_manage (self) && !is_me && id != NULL &&
                      (g_strcmp0 (role, "owner") != 0 || g_strcmp0 (my_role (self), "owner") == 0);
  g_autofree char *subtitle = member_subtitle (member, title);
  g_autofree char *row_title = NULL;
  GtkWidget *row = adw_action_row_new ();

  /* Translators: the person's own row in the team list */
  row_title = is_me ? g_strdup_printf (_("%s (you)"), title) : g_strdup (title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), row_title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_name (row, email != NULL ? email : "member");

  if (editable)
    {
      /* A pending invitation cannot become an owner's (the server refuses
       * it, as it refuses inviting one): it is offered from Admin down. */
      gboolean invited = g_strcmp0 (json_object_get_string_member_with_default (member, "status", NULL),
                                    "invited") == 0;
      guint offset = invited ? MAX (first_grantable_role (self), FIRST_INVITABLE_ROLE)
                             : first_grantable_role (self);
      g_autoptr (GtkStringList) model = gtk_string_list_new (NULL);
      GtkWidget *dropdown;
      GtkWidget *remove;

      for (guint i = offset; i < G_N_ELEMENTS (roles); i++)
        gtk_string_list_append (model, role_label (roles[i]));
      dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&model)), NULL);
      gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (dropdown, _("Role"));
      for (guint i = offset; i < G_N_ELEMENTS (roles); i++)
        if (g_strcmp0 (roles[i], role) == 0)
          gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), i - offset);
      g_object_set_data_full (G_OBJECT (dropdown), "member-id", g_strdup (id), g_free);
      g_object_set_data (G_OBJECT (dropdown), "role-offset", GUINT_TO_POINTER (offset));
      /* Connected after the current role is selected: only the person's
       * choice goes to the server. */
      g_signal_connect_object (dropdown, "notify::selected", G_CALLBACK (on_role_selected_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), dropdown);

      remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove From the Team"));
      g_object_set_data_full (G_OBJECT (remove), "member-id", g_strdup (id), g_free);
      g_object_set_data_full (G_OBJECT (remove), "member-name", g_strdup (title), g_free);
      g_signal_connect_object (remove, "clicked", G_CALLBACK (on_remove_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
    }
  else
    {
      GtkWidget *label = gtk_label_new (role_label (role));

      gtk_widget_add_css_class (label, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }

  return row;
}

static void
set_notice (KtTeamPane *self,
            char       *notice)
{
  g_free (self->notice);
  self->notice = notice;
  gtk_label_set_label (self->notice_label, notice);
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), notice != NULL);
}

static void
render (KtTeamPane *self)
{
  GtkWidget *child;
  JsonArray *members = NULL;
  JsonNode *node;

  if (!kt_sync_engine_is_connected (self->engine))
    {
      gtk_stack_set_visible_child_name (self->stack, "signed-out");
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "team");

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->members_list))) != NULL)
    gtk_list_box_remove (self->members_list, child);
  self->n_members = 0;

  if (self->team != NULL && (node = json_object_get_member (self->team, "members")) != NULL &&
      JSON_NODE_HOLDS_ARRAY (node))
    members = json_node_get_array (node);

  for (guint i = 0; members != NULL && i < json_array_get_length (members); i++)
    {
      JsonNode *element = json_array_get_element (members, i);

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      gtk_list_box_append (self->members_list, create_member_row (self, json_node_get_object (element)));
      self->n_members++;
    }

  if (!self->online && self->busy)
    set_notice (self, NULL);
  else if (!self->online && self->team != NULL)
    {
      const char *fetched = json_object_get_string_member_with_default (self->team, "fetched_at", NULL);
      g_autoptr (GDateTime) when = fetched ? g_date_time_new_from_iso8601 (fetched, NULL) : NULL;
      g_autofree char *relative = when ? kt_sync_format_relative (when, NULL) : NULL;

      set_notice (self, relative != NULL
                  /* Translators: %s is a relative time such as "5 minutes ago" */
                  ? g_strdup_printf (_("The server cannot be reached. This is the team as it was %s; changes to the team need a connection."),
                                     relative)
                  : g_strdup (_("The server cannot be reached. Changes to the team need a connection.")));
    }
  else if (!self->online)
    set_notice (self, g_strdup (_("The team list needs a connection to the server.")));
  else if (!can_manage (self))
    set_notice (self, g_strdup (_("Only owners and admins can invite people and change the team.")));
  else
    set_notice (self, NULL);

  gtk_widget_set_visible (self->invite_group, can_manage (self));
  /* The organization's settings and jobs are the managers' too
   * (PATCH /v1/organization and /v1/jobs answer others 403). */
  gtk_widget_set_visible (self->organization_group, can_manage (self));
  if (can_manage (self))
    {
      guint offset = FIRST_INVITABLE_ROLE;
      g_autoptr (GtkStringList) model = gtk_string_list_new (NULL);

      for (guint i = offset; i < G_N_ELEMENTS (roles); i++)
        gtk_string_list_append (model, role_label (roles[i]));
      adw_combo_row_set_model (self->invite_role_row, G_LIST_MODEL (model));
      /* New people start as users: the least access. */
      adw_combo_row_set_selected (self->invite_role_row, G_N_ELEMENTS (roles) - 1 - offset);
    }
}

/* Refresh */

static void
on_refreshed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (KtTeamPane) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) team = NULL;

  team = kt_team_refresh_finish (KT_SYNC_ENGINE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (team != NULL)
    {
      g_clear_pointer (&self->team, json_object_unref);
      self->team = g_steal_pointer (&team);
      self->online = TRUE;
    }
  else
    {
      self->online = FALSE;
      /* Unreachable is what the notice explains; anything else (a revoked
       * sign-in, a removed member) is worth its own words. */
      if (!g_error_matches (error, KT_SYNC_ERROR, KT_SYNC_ERROR_NETWORK) &&
          !g_error_matches (error, KT_SYNC_ERROR, KT_SYNC_ERROR_SERVER))
        show_error (self, error->message);
      g_debug ("Team refresh failed: %s", error->message);
    }

  render (self);
}

static void
refresh (KtTeamPane *self)
{
  if (!kt_sync_engine_is_connected (self->engine))
    {
      render (self);
      return;
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  kt_team_refresh_async (self->engine, self->cancellable, on_refreshed_cb, g_object_ref (self));
}

/* Invitations */

static void
on_invited_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (KtTeamPane) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *link = NULL;

  link = kt_team_invite_finish (KT_SYNC_ENGINE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (link == NULL)
    {
      show_error (self, error->message);
      return;
    }

  show_error (self, NULL);
  g_free (self->invitation_link);
  self->invitation_link = g_steal_pointer (&link);
  adw_action_row_set_subtitle (self->link_row, self->invitation_link);
  gtk_widget_set_visible (GTK_WIDGET (self->link_row), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->invite_email_row), "");
  refresh (self);
}

static void
on_invite_clicked_cb (KtTeamPane *self)
{
  g_autofree char *email = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->invite_email_row))));
  guint selected = adw_combo_row_get_selected (self->invite_role_row);
  guint index = selected + FIRST_INVITABLE_ROLE;

  if (strchr (email, '@') == NULL)
    {
      show_error (self, _("Enter the email address of the person to invite"));
      gtk_widget_grab_focus (GTK_WIDGET (self->invite_email_row));
      return;
    }
  if (selected == GTK_INVALID_LIST_POSITION || index >= G_N_ELEMENTS (roles))
    index = G_N_ELEMENTS (roles) - 1;

  kt_team_pane_invite (self, email, roles[index]);
}

static void
on_copy_link_clicked_cb (KtTeamPane *self)
{
  if (self->invitation_link == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->invitation_link);
  kt_widget_add_toast (GTK_WIDGET (self), adw_toast_new (_("Invitation link copied")));
}

static void
on_refresh_clicked_cb (KtTeamPane *self)
{
  show_error (self, NULL);
  refresh (self);
}

/* Engine */

static void
on_engine_state_cb (KtSyncEngine *engine,
                    GParamSpec   *pspec,
                    KtTeamPane   *self)
{
  KtSyncState state = kt_sync_engine_get_state (engine);

  /* Signed in, or back online: the list may have changed meanwhile. */
  if (state == KT_SYNC_STATE_IDLE && !self->online && !self->busy &&
      gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh (self);
  else if (!kt_sync_engine_is_connected (engine) || state == KT_SYNC_STATE_SIGNED_OUT)
    {
      self->online = FALSE;
      if (!kt_sync_engine_is_connected (engine))
        g_clear_pointer (&self->team, json_object_unref);
      render (self);
    }
}

static void
on_map_cb (KtTeamPane *self)
{
  if (!self->busy)
    refresh (self);
}

/* GObject */

static void
kt_team_pane_constructed (GObject *object)
{
  KtTeamPane *self = KT_TEAM_PANE (object);

  G_OBJECT_CLASS (kt_team_pane_parent_class)->constructed (object);

  g_assert (KT_IS_CONTEXT (self->context));
  self->engine = g_object_ref (kt_context_get_sync_engine (self->context));
  self->team = kt_team_load_cache (kt_context_get_store (self->context));

  g_signal_connect_object (self->engine, "notify::state", G_CALLBACK (on_engine_state_cb), self, 0);
  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), NULL);
  render (self);
}

static void
kt_team_pane_dispose (GObject *object)
{
  KtTeamPane *self = KT_TEAM_PANE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), KT_TYPE_TEAM_PANE);
  g_clear_object (&self->engine);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (kt_team_pane_parent_class)->dispose (object);
}

static void
kt_team_pane_finalize (GObject *object)
{
  KtTeamPane *self = KT_TEAM_PANE (object);

  g_clear_pointer (&self->team, json_object_unref);
  g_clear_pointer (&self->notice, g_free);
  g_clear_pointer (&self->invitation_link, g_free);

  G_OBJECT_CLASS (kt_team_pane_parent_class)->finalize (object);
}

static void
kt_team_pane_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KtTeamPane *self = KT_TEAM_PANE (object);

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
kt_team_pane_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  KtTeamPane *self = KT_TEAM_PANE (object);

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
kt_team_pane_class_init (KtTeamPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kt_team_pane_constructed;
  object_class->dispose = kt_team_pane_dispose;
  object_class->finalize = kt_team_pane_finalize;
  object_class->get_property = kt_team_pane_get_property;
  object_class->set_property = kt_team_pane_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, KT_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/kantora/Kantora/team/kt-team-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, KtTeamPane, stack);
  gtk_widget_class_bind_template_child (widget_class, KtTeamPane, notice_label);
  gtk_widget_class_bind_template_child (widget_class, KtTeamPane, error_label);
  gtk_widget_class_bind_template_child (widget_class, KtTeamPane, members_list);
  gtk_widget_class_bind_template_child (widget_class, KtTeamPane, spinner);
  gtk_widget_class_bind_template_child (widget_class, KtTeamPane, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, KtTeamPane, invite_group);
  gtk_widget_class_bind_template_child (widget_class, KtTeamPane, invite_email_row);
  gtk_widget_class_bind_template_child (widget_class, KtTeamPane, invite_role_row);
  gtk_widget_class_bind_template_child (widget_class, KtTeamPane, invite_button);
  gtk_widget_class_bind_template_child (widget_class, KtTeamPane, link_row);
  gtk_widget_class_bind_template_child (widget_class, KtTeamPane, organization_group);
  gtk_widget_class_bind_template_callback (widget_class, on_refresh_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_invite_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_link_clicked_cb);
}

static void
kt_team_pane_init (KtTeamPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

GtkWidget *
kt_team_pane_new (KtContext *context)
{
  g_return_val_if_fail (KT_IS_CONTEXT (context), NULL);

  return g_object_new (KT_TYPE_TEAM_PANE, "context", context, NULL);
}

void
kt_team_pane_refresh (KtTeamPane *self)
{
  g_return_if_fail (KT_IS_TEAM_PANE (self));

  refresh (self);
}

guint
kt_team_pane_get_n_members (KtTeamPane *self)
{
  g_return_val_if_fail (KT_IS_TEAM_PANE (self), 0);
  return self->n_members;
}

gboolean
kt_team_pane_get_can_manage (KtTeamPane *self)
{
  g_return_val_if_fail (KT_IS_TEAM_PANE (self), FALSE);
  return can_manage (self);
}

const char *
kt_team_pane_get_notice (KtTeamPane *self)
{
  g_return_val_if_fail (KT_IS_TEAM_PANE (self), NULL);
  return self->notice;
}

gboolean
kt_team_pane_get_busy (KtTeamPane *self)
{
  g_return_val_if_fail (KT_IS_TEAM_PANE (self), FALSE);
  return self->busy;
}

const char *
kt_team_pane_get_invitation_link (KtTeamPane *self)
{
  g_return_val_if_fail (KT_IS_TEAM_PANE (self), NULL);
  return self->invitation_link;
}

void
kt_team_pane_invite (KtTeamPane *self,
                     const char *email,
                     const char *role)
{
  g_return_if_fail (KT_IS_TEAM_PANE (self));
  g_return_if_fail (email != NULL && role != NULL);

  if (self->cancellable == NULL)
    self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  kt_team_invite_async (self->engine, email, role, self->cancellable, on_invited_cb,
                        g_object_ref (self));
}
