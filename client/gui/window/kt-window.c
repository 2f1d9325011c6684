/* kt-window.c: the main window: a sidebar of sections and their panes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-window"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-ai-actions.h"
#include "kt-ai-settings-window.h"
#include "kt-jobs-window.h"
#include "kt-organization-form.h"
#include "kt-profile-form.h"
#include "kt-view-list.h"
#include "kt-window.h"
#include "kt-window-sections.h"

struct _KtWindow
{
  AdwApplicationWindow  parent_instance;

  KtContext            *context;
  const KtSection      *section;
  GBinding             *progress_binding;  /* while the demo data goes in */

  /* Template children */
  GtkStack             *main_stack;
  AdwLeaflet           *leaflet;
  GtkWidget            *content_box;
  AdwHeaderBar         *content_header;
  GtkListBox           *sidebar_list;
  KtViewList           *view_list;
  AdwWindowTitle       *section_title;
  GtkStack             *pane_stack;
  GtkWidget            *new_button;
  GtkWidget            *search_button;
  GtkProgressBar       *loading_progress;
  AdwStatusPage        *error_page;
};

G_DEFINE_FINAL_TYPE (KtWindow, kt_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A window made without a context (no store) shows each section's name
 * only: its panes need the store. */
static GtkWidget *
create_placeholder (const KtSection *section)
{
  GtkWidget *page = adw_status_page_new ();

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), section->icon_name);
  adw_status_page_set_title (ADW_STATUS_PAGE (page), _(section->title));

  return page;
}

static GtkWidget *
ensure_pane (KtWindow        *self,
             const KtSection *section)
{
  GtkWidget *pane = gtk_stack_get_child_by_name (self->pane_stack, section->id);

  if (pane != NULL)
    return pane;

  /* Panes are made when first shown: the window's first frame does not
   * wait for sections nobody looked at. */
  if (section->get_type != NULL && self->context != NULL)
    pane = g_object_new (section->get_type (), "context", self->context, NULL);
  else
    pane = create_placeholder (section);

  gtk_stack_add_named (self->pane_stack, pane, section->id);
  return pane;
}

static void
select_sidebar_row (KtWindow *self,
                    guint     position)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->sidebar_list, (int) position);

  if (row != NULL && gtk_list_box_get_selected_row (self->sidebar_list) != row)
    gtk_list_box_select_row (self->sidebar_list, row);
}

/* Whether @pane's class installed the action @name ("pane.new"). */
static gboolean
pane_has_action (GtkWidget  *pane,
                 const char *name)
{
  GtkWidgetClass *klass;
  const GVariantType *parameter_type;
  const char *action_name;
  const char *property_name;
  GType owner;

  if (pane == NULL)
    return FALSE;

  /* GTK 4.8 writes every out argument: none may be NULL. */
  klass = GTK_WIDGET_GET_CLASS (pane);
  for (guint i = 0;
       gtk_widget_class_query_action (klass, i, &owner, &action_name, &parameter_type, &property_name);
       i++)
    if (g_str_equal (action_name, name))
      return TRUE;

  return FALSE;
}

static void
update_actions (KtWindow *self)
{
  gboolean has_pane = self->section != NULL &&
                      self->section->get_type != NULL &&
                      self->context != NULL &&
                      g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "content") == 0;
  GtkWidget *pane = has_pane ? gtk_stack_get_visible_child (self->pane_stack) : NULL;
  gboolean can_add = pane_has_action (pane, "pane.new");
  gboolean can_search = pane_has_action (pane, "pane.search");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new", can_add);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", can_search);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete", has_pane);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", has_pane);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reload", has_pane);

  /* A pane with nothing to add (the dashboard, the team, whose invite
   * form is on the page) or nothing to search shows no button that
   * would do nothing. */
  gtk_widget_set_visible (self->new_button, can_add);
  gtk_widget_set_visible (self->search_button, can_search);
}

static void
set_section (KtWindow        *self,
             const KtSection *section)
{
  GtkWidget *pane;

  self->section = section;
  pane = ensure_pane (self, section);
  gtk_stack_set_visible_child (self->pane_stack, pane);
  adw_window_title_set_title (self->section_title, _(section->title));
  update_actions (self);

  if (self->context != NULL)
    g_settings_set_string (kt_context_get_settings (self->context), "last-section", section->id);
}

static void
on_sidebar_row_selected_cb (KtWindow      *self,
                            GtkListBoxRow *row,
                            GtkListBox    *list)
{
  const KtSection *sections;
  int index;

  if (row == NULL)
    return;

  kt_view_list_select (self->view_list, NULL);
  index = gtk_list_box_row_get_index (row);
  sections = kt_sections_get (NULL);
  if (self->section != &sections[index])
    set_section (self, &sections[index]);
}

/* win.open-view (section, view id): the section, then the view in its
 * pane; the view's row stays marked until another section is chosen. */
static void
open_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  KtWindow *self = KT_WINDOW (widget);
  const char *section;
  const char *id;
  GtkWidget *pane;

  g_variant_get (param, "(&s&s)", &section, &id);
  if (!kt_window_show_section (self, section))
    return;
  pane = gtk_stack_get_visible_child (self->pane_stack);
  if (!gtk_widget_activate_action (pane, "pane.open-view", "s", id))
    g_debug ("The %s pane opens no saved views", section);
  kt_view_list_select (self->view_list, id);
}

static void
on_sidebar_row_activated_cb (KtWindow      *self,
                             GtkListBoxRow *row,
                             GtkListBox    *list)
{
  /* On a narrow window the sidebar and the pane are one page each. */
  adw_leaflet_set_visible_child (self->leaflet, self->content_box);
}

static void
populate_sidebar (KtWindow *self)
{
  guint n_sections;
  const KtSection *sections = kt_sections_get (&n_sections);

  for (guint i = 0; i < n_sections; i++)
    {
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *image = gtk_image_new_from_icon_name (sections[i].icon_name);
      GtkWidget *label = gtk_label_new (_(sections[i].title));
      /* Translators: the tooltip of a sidebar row; %u is its number key.
       * The tenth is Ctrl+0, as bound below; later rows have no key. */
      g_autofree char *tooltip = i < 10 ? g_strdup_printf (_("Ctrl+%u"), (i + 1) % 10) : NULL;

      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_box_append (GTK_BOX (box), image);
      gtk_box_append (GTK_BOX (box), label);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      gtk_widget_set_tooltip_text (row, tooltip);
      gtk_widget_set_name (row, sections[i].id);
      gtk_list_box_append (self->sidebar_list, row);
    }
}

static void
forward_to_pane (KtWindow   *self,
                 const char *action)
{
  GtkWidget *pane = gtk_stack_get_visible_child (self->pane_stack);

  /* A pane answers the actions it installed; others are ignored. */
  if (pane != NULL && !gtk_widget_activate_action (pane, action, NULL))
    g_debug ("The %s pane has no %s action", self->section ? self->section->id : "?", action);
}

static void
show_section_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  kt_window_show_section (KT_WINDOW (widget), g_variant_get_string (param, NULL));
}

/* Which section shows a kind of record, and the action of its pane that
 * opens one ("s": the id). A detail's linked rows use win.show-record. */
static const struct {
  const char *entity;
  const char *section;
  const char *action;
  gboolean    switch_section;  /* FALSE: the pane opens a dialog over this one */
} record_views[] = {
  { "contact", "contacts", "pane.show-record", TRUE },
  { "company", "companies", "pane.show-record", TRUE },
  { "payment", "payments", "pane.show-record", TRUE },
  { "deal", "deals", "board.open-deal", TRUE },
  { "invoice", "invoices", "pane.show-record", TRUE },
  { "offer", "offers", "pane.show-record", TRUE },
};

static void
show_record_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  KtWindow *self = KT_WINDOW (widget);
  const char *entity;
  const char *id;

  g_variant_get (param, "(&s&s)", &entity, &id);

  for (guint i = 0; i < G_N_ELEMENTS (record_views); i++)
    {
      GtkWidget *pane;

      if (!g_str_equal (record_views[i].entity, entity))
        continue;

      if (record_views[i].switch_section)
        kt_window_show_section (self, record_views[i].section);
      pane = kt_window_get_pane (self, record_views[i].section);
      if (pane != NULL)
        gtk_widget_activate_action (pane, record_views[i].action, "s", id);
      return;
    }

  g_debug ("No view opens a %s", entity);
}

/* A record's Ask Assistant: the Assistant with the record as a chip,
 * shown before anything is sent. */
static void
ask_assistant_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  KtWindow *self = KT_WINDOW (widget);
  GtkWidget *pane;

  if (!kt_window_show_section (self, "assistant"))
    return;
  pane = kt_window_get_pane (self, "assistant");
  if (pane != NULL)
    gtk_widget_activate_action_variant (pane, "assistant.add-record", param);
}

static void
go_back_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  KtWindow *self = KT_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* The organization's settings, its jobs and my profile are windows of
 * their own: they belong to no section, and are reached from any (the
 * organization's by Owners and Admins). */
static void
organization_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  KtWindow *self = KT_WINDOW (widget);

  if (self->context == NULL)
    return;

  if (g_str_equal (action_name, "win.jobs"))
    {
      GtkWidget *jobs = kt_jobs_window_new (self->context);

      gtk_window_set_transient_for (GTK_WINDOW (jobs), GTK_WINDOW (self));
      gtk_window_present (GTK_WINDOW (jobs));
    }
  else if (g_str_equal (action_name, "win.profile"))
    kt_profile_open (widget, self->context);
  else
    kt_organization_settings_open (widget, self->context);
}

/* The AI's actions that are about no one record, and its settings
 * (client/gui/ai-actions, client/gui/settings). */
static void
ai_action (GtkWidget  *widget,
           const char *action_name,
           GVariant   *param)
{
  KtWindow *self = KT_WINDOW (widget);
  const char *name = g_variant_get_string (param, NULL);

  if (self->context == NULL)
    return;
  if (g_str_equal (name, "settings"))
    kt_ai_settings_open (widget, self->context);
  else
    kt_ai_actions_open (widget, self->context, name, NULL);
}

static void
pane_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KtWindow *self = KT_WINDOW (widget);
  g_autofree char *pane_action_name = NULL;

  g_assert (g_str_has_prefix (action_name, "win."));

  pane_action_name = g_strconcat ("pane.", action_name + strlen ("win."), NULL);
  forward_to_pane (self, pane_action_name);
}

static void
restore_state (KtWindow *self)
{
  GSettings *settings;

  if (self->context == NULL)
    return;

  settings = kt_context_get_settings (self->context);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static gboolean
kt_window_close_request (GtkWindow *window)
{
  KtWindow *self = KT_WINDOW (window);

  if (self->context != NULL)
    {
      GSettings *settings = kt_context_get_settings (self->context);
      int width, height;

      /* The default size is what the window would have unmaximized. */
      gtk_window_get_default_size (window, &width, &height);
      g_settings_delay (settings);
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
      g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
      g_settings_apply (settings);
    }

  return GTK_WINDOW_CLASS (kt_window_parent_class)->close_request (window);
}

static void
kt_window_constructed (GObject *object)
{
  KtWindow *self = KT_WINDOW (object);

  G_OBJECT_CLASS (kt_window_parent_class)->constructed (object);

  populate_sidebar (self);
  kt_view_list_set_context (self->view_list, self->context);

  if (self->context != NULL)
    restore_state (self);
  else
    gtk_window_set_default_size (GTK_WINDOW (self), 800, 600);
}

static void
kt_window_dispose (GObject *object)
{
  KtWindow *self = (KtWindow *)object;

  g_clear_pointer (&self->progress_binding, g_binding_unbind);
  gtk_widget_dispose_template (GTK_WIDGET (self), KT_TYPE_WINDOW);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (kt_window_parent_class)->dispose (object);
}

static void
kt_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  KtWindow *self = KT_WINDOW (object);

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
kt_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  KtWindow *self = KT_WINDOW (object);

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
kt_window_class_init (KtWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);
  guint n_sections;
  const KtSection *sections = kt_sections_get (&n_sections);

  object_class->constructed = kt_window_constructed;
  object_class->dispose = kt_window_dispose;
  object_class->get_property = kt_window_get_property;
  object_class->set_property = kt_window_set_property;

  window_class->close_request = kt_window_close_request;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, KT_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/kantora/Kantora/window/kt-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KtWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, KtWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, KtWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, KtWindow, content_header);
  g_type_ensure (KT_TYPE_VIEW_LIST);
  gtk_widget_class_bind_template_child (widget_class, KtWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, KtWindow, view_list);
  gtk_widget_class_bind_template_child (widget_class, KtWindow, section_title);
  gtk_widget_class_bind_template_child (widget_class, KtWindow, pane_stack);
  gtk_widget_class_bind_template_child (widget_class, KtWindow, new_button);
  gtk_widget_class_bind_template_child (widget_class, KtWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, KtWindow, loading_progress);
  gtk_widget_class_bind_template_child (widget_class, KtWindow, error_page);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.show-section", "s", show_section_action);
  gtk_widget_class_install_action (widget_class, "win.go-back", NULL, go_back_action);
  gtk_widget_class_install_action (widget_class, "win.show-record", "(ss)", show_record_action);
  gtk_widget_class_install_action (widget_class, "win.ask-assistant", "(ss)", ask_assistant_action);
  gtk_widget_class_install_action (widget_class, "win.open-view", "(ss)", open_view_action);
  gtk_widget_class_install_action (widget_class, "win.new", NULL, pane_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, pane_action);
  gtk_widget_class_install_action (widget_class, "win.delete", NULL, pane_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, pane_action);
  gtk_widget_class_install_action (widget_class, "win.reload", NULL, pane_action);
  gtk_widget_class_install_action (widget_class, "win.organization-settings", NULL, organization_action);
  gtk_widget_class_install_action (widget_class, "win.jobs", NULL, organization_action);
  gtk_widget_class_install_action (widget_class, "win.profile", NULL, organization_action);
  gtk_widget_class_install_action (widget_class, "win.ai", "s", ai_action);

  /* Ctrl+1 … Ctrl+9, then Ctrl+0, open the first ten sections in sidebar
   * order, as the digits lie on the keyboard (a test holds the table to
   * it). The sections after them (Templates, the Assistant) have no digit
   * left: the sidebar reaches them by keyboard, and a record's Ask
   * Assistant opens the Assistant. */
  for (guint i = 0; i < MIN (n_sections, 10); i++)
    gtk_widget_class_add_binding_action (widget_class, i < 9 ? GDK_KEY_1 + i : GDK_KEY_0,
                                         GDK_CONTROL_MASK, "win.show-section", "s", sections[i].id);

  /* Bindings run after the focused widget had its say, so Delete and
   * Ctrl+Z still edit text inside an entry. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "win.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "win.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.organization-settings", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_j, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.jobs", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.profile", NULL);
}

static void
kt_window_init (KtWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  if (g_str_has_suffix (APPLICATION_ID, ".Devel"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

/**
 * kt_window_new:
 * @application: the application
 * @context: (nullable): the context, or %NULL for an error-only window
 *
 * Returns: (transfer full): a new window
 */
KtWindow *
kt_window_new (GtkApplication *application,
               KtContext      *context)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (context == NULL || KT_IS_CONTEXT (context), NULL);

  return g_object_new (KT_TYPE_WINDOW,
                       "application", application,
                       "context", context,
                       NULL);
}

/**
 * kt_window_get_context:
 *
 * Returns: (transfer none) (nullable): the context
 */
KtContext *
kt_window_get_context (KtWindow *self)
{
  g_return_val_if_fail (KT_IS_WINDOW (self), NULL);

  return self->context;
}

gboolean
kt_window_show_section (KtWindow   *self,
                        const char *id)
{
  const KtSection *section;
  guint position;

  g_return_val_if_fail (KT_IS_WINDOW (self), FALSE);

  if (id == NULL || (section = kt_sections_lookup (id, &position)) == NULL)
    return FALSE;

  if (self->section != section)
    set_section (self, section);
  select_sidebar_row (self, position);
  adw_leaflet_set_visible_child (self->leaflet, self->content_box);

  return TRUE;
}

void
kt_window_restore_section (KtWindow *self)
{
  g_autofree char *last = NULL;

  g_return_if_fail (KT_IS_WINDOW (self));

  if (self->context == NULL)
    return;

  last = g_settings_get_string (kt_context_get_settings (self->context), "last-section");
  if (!kt_window_show_section (self, last))
    kt_window_show_section (self, "contacts");
}

const char *
kt_window_get_section (KtWindow *self)
{
  g_return_val_if_fail (KT_IS_WINDOW (self), NULL);

  return self->section != NULL ? self->section->id : NULL;
}

/**
 * kt_window_get_pane:
 *
 * Returns: (transfer none) (nullable): the section's pane
 */
GtkWidget *
kt_window_get_pane (KtWindow   *self,
                    const char *id)
{
  const KtSection *section;

  g_return_val_if_fail (KT_IS_WINDOW (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  section = kt_sections_lookup (id, NULL);
  if (section == NULL)
    return NULL;

  return ensure_pane (self, section);
}

void
kt_window_set_loading (KtWindow *self,
                       gboolean  loading)
{
  g_return_if_fail (KT_IS_WINDOW (self));
  g_return_if_fail (self->context != NULL);

  if (loading)
    {
      /* The generator reports how far it is through the context. */
      if (self->progress_binding == NULL)
        self->progress_binding = g_object_bind_property (self->context, "demo-progress",
                                                         self->loading_progress, "fraction",
                                                         G_BINDING_SYNC_CREATE);
      gtk_stack_set_visible_child_name (self->main_stack, "loading");
    }
  else
    {
      GtkWidget *pane;

      g_clear_pointer (&self->progress_binding, g_binding_unbind);

      /* Panes made before the demo data went in hold empty lists. */
      while ((pane = gtk_widget_get_first_child (GTK_WIDGET (self->pane_stack))) != NULL)
        gtk_stack_remove (self->pane_stack, pane);
      if (self->section != NULL)
        {
          const KtSection *section = self->section;

          self->section = NULL;
          set_section (self, section);
        }

      gtk_stack_set_visible_child_name (self->main_stack, "content");
    }

  update_actions (self);
}

void
kt_window_show_store_error (KtWindow     *self,
                            const char   *path,
                            const GError *error)
{
  g_autofree char *description = NULL;
  g_autofree char *escaped = NULL;

  g_return_if_fail (KT_IS_WINDOW (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (error != NULL);

  /* Translators: %1$s is why the file cannot be opened, %2$s its path */
  description = g_strdup_printf (_("%1$s\n\nThe file %2$s has not been changed."),
                                 error->message, path);
  escaped = g_markup_escape_text (description, -1);
  adw_status_page_set_description (self->error_page, escaped);
  gtk_stack_set_visible_child_name (self->main_stack, "error");
  update_actions (self);
}

void
kt_window_pack_end (KtWindow  *self,
                    GtkWidget *widget)
{
  g_return_if_fail (KT_IS_WINDOW (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  adw_header_bar_pack_end (self->content_header, widget);
}
