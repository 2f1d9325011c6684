/* kt-contacts-pane.c: the Contacts section
 *
 * The list, detail and form come from KtRecordPane; this file says which
 * columns, groups and linked records a contact has, and how to count them
 * in words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-contacts-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-ai-actions.h"
#include "kt-contacts-pane.h"
#include "kt-duplicates-window.h"
#include "kt-format.h"
#include "kt-toast.h"

struct _KtContactsPane
{
  KtRecordPane parent_instance;
};

G_DEFINE_FINAL_TYPE (KtContactsPane, kt_contacts_pane, KT_TYPE_RECORD_PANE)

static const KtRecordColumn columns[] = {
  /* Name takes the spare width (at 1280 px enough for "Alexandra
   * Konstantinova-Petrova"); Phone, Company, City and Owner are as wide
   * as the longest of what the generated demo puts there, measured by
   * ui-contacts columns-fit-content ("+44 7700 617 8298", a company of
   * 29 letters). Email and Tags get what is left: addresses run to
   * 290 px and tags to 150, and their start says enough. */
  { KT_COLUMN_TITLE, N_("Name"), "first_name,last_name", 0, TRUE },
  { "email", N_("Email"), "email", 155 },
  { "phone|mobile", N_("Phone"), NULL, 140, TRUE },
  { "company_id", N_("Company"), NULL, 200 },
  { "city", N_("City"), "city", 95 },
  { "tags", N_("Tags"), NULL, 120 },
  { KT_META_OWNER, N_("Owner"), NULL, 105 },
  { NULL }
};

static const KtRecordGroup groups[] = {
  { N_("Person"), "first_name,last_name,job_title,company_id" },
  { N_("Reach"), "email,phone,mobile,website,linkedin,twitter,facebook" },
  { N_("Address"), "address,city,postal_code,country" },
  { N_("More"), "birthday,source,tags,notes," KT_META_OWNER },
  { N_("Billing"), "reminders_opt_out" },
  { NULL }
};

static const KtRecordLink links[] = {
  { "deal", N_("Deals"), N_("No deals yet"), "-updated_at", "value,status" },
  { "task", N_("Tasks"), N_("No tasks yet"), "due_at", "due_at,priority" },
  { "invoice", N_("Invoices"), N_("No invoices yet"), "-issue_date", "total,status" },
  { NULL }
};

static char *
count_text (guint n)
{
  g_autofree char *number = kt_format_number (n);

  /* Translators: %s is a formatted number such as "1 234" */
  return g_strdup_printf (ngettext ("%s contact", "%s contacts", n), number);
}

static char *
selected_text (guint n)
{
  g_autofree char *number = kt_format_number (n);

  /* Translators: %s is a formatted number */
  return g_strdup_printf (ngettext ("%s contact selected", "%s contacts selected", n), number);
}

static char *
deleted_text (guint       n,
              const char *title)
{
  g_autofree char *number = NULL;

  if (n == 1)
    /* Translators: %s is the contact's name */
    return g_strdup_printf (_("Contact “%s” deleted"), title);

  number = kt_format_number (n);
  /* Translators: %s is a formatted number */
  return g_strdup_printf (ngettext ("%s contact deleted", "%s contacts deleted", n), number);
}

/* The AI's menu in the contact's detail (the toolbar has no room left
 * at 360 px); its items reach the pane's contacts.ai by name. */
static GtkWidget *
ai_menu_new (KtContext *context,
             KtRecord  *record)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkWidget *button = gtk_menu_button_new ();

  g_menu_append (menu, _("Suggest _Tasks…"), "contacts.ai::suggest_tasks");
  g_menu_append (menu, _("Draft an _Email…"), "contacts.ai::draft_email");
  gtk_menu_button_set_label (GTK_MENU_BUTTON (button), _("_AI"));
  gtk_menu_button_set_use_underline (GTK_MENU_BUTTON (button), TRUE);
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (button, _("Ask the AI about this contact"));
  return button;
}

static const KtRecordPaneSpec spec = {
  .entity = &kt_contact_entity,
  .link_field = "contact_id",
  .search_placeholder = N_("Search contacts"),
  .empty_title = N_("No Contacts Yet"),
  .empty_icon = "avatar-default-symbolic",
  .empty_description = N_("The people you work with go here. Add one, or import them from a CSV or vCard file."),
  .new_title = N_("New Contact"),
  .edit_title = N_("Edit Contact"),
  .subtitle_fields = "job_title,company_id",
  .filter_by_company = TRUE,
  .columns = columns,
  .groups = groups,
  .links = links,
  .count_text = count_text,
  .deleted_text = deleted_text,
  .selected_text = selected_text,
  .detail_extra = ai_menu_new,
};

/* The AI's actions about the selected contact (client/gui/ai-actions). */
static void
ai_action (GtkWidget  *widget,
           const char *action_name,
           GVariant   *param)
{
  KtRecordPane *pane = KT_RECORD_PANE (widget);
  g_autoptr(KtRecord) contact = kt_record_pane_dup_single_selected (pane);

  if (contact == NULL)
    {
      kt_widget_add_toast (widget, adw_toast_new (_("Select one contact first")));
      return;
    }
  kt_ai_actions_open (widget, kt_record_pane_get_context (pane), g_variant_get_string (param, NULL), contact);
}

static void
duplicates_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  KtContext *context = kt_record_pane_get_context (KT_RECORD_PANE (widget));

  kt_duplicates_window_present (widget, kt_context_get_store (context), &kt_contact_entity);
}

static void
kt_contacts_pane_class_init (KtContactsPaneClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KtRecordPaneClass *pane_class = KT_RECORD_PANE_CLASS (klass);

  pane_class->spec = &spec;

  gtk_widget_class_install_action (widget_class, "pane.duplicates", NULL, duplicates_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "pane.duplicates", NULL);
  gtk_widget_class_install_action (widget_class, "contacts.ai", "s", ai_action);
}

static void
kt_contacts_pane_init (KtContactsPane *self)
{
  kt_record_pane_add_toolbar_widget (KT_RECORD_PANE (self), kt_duplicates_button_new ());
}
