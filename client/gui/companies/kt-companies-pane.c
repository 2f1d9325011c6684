/* kt-companies-pane.c: the Companies section
 *
 * The list, detail and form come from KtRecordPane; this file says which
 * columns, groups and linked records a company has.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-companies-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-companies-pane.h"
#include "kt-duplicates-window.h"
#include "kt-format.h"

struct _KtCompaniesPane
{
  KtRecordPane parent_instance;
};

G_DEFINE_FINAL_TYPE (KtCompaniesPane, kt_companies_pane, KT_TYPE_RECORD_PANE)

static const KtRecordColumn columns[] = {
  { "name", N_("Name"), "name", 0, TRUE },
  { "industry", N_("Industry"), "industry", 180 },
  { "city", N_("City"), "city", 120, TRUE },
  { "country", N_("Country"), "country", 120 },
  { "phone", N_("Phone"), NULL, 140 },
  { "tags", N_("Tags"), NULL, 140 },
  { KT_META_OWNER, N_("Owner"), NULL, 120 },
  { NULL }
};

static const KtRecordGroup groups[] = {
  { N_("Company"), "name,industry,size,employee_count,annual_revenue,currency" },
  { N_("Reach"), "email,phone,website" },
  { N_("Address"), "address,city,postal_code,country" },
  { N_("Registration"), "vat_number,registration_number" },
  { N_("More"), "tags,notes," KT_META_OWNER },
  { N_("Billing"), "reminders_opt_out" },
  { NULL }
};

static const KtRecordLink links[] = {
  { "contact", N_("People"), N_("No people yet"), "first_name", "job_title,email" },
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
  return g_strdup_printf (ngettext ("%s company", "%s companies", n), number);
}

static char *
selected_text (guint n)
{
  g_autofree char *number = kt_format_number (n);

  /* Translators: %s is a formatted number */
  return g_strdup_printf (ngettext ("%s company selected", "%s companies selected", n), number);
}

static char *
deleted_text (guint       n,
              const char *title)
{
  g_autofree char *number = NULL;

  if (n == 1)
    /* Translators: %s is the company's name */
    return g_strdup_printf (_("Company “%s” deleted"), title);

  number = kt_format_number (n);
  /* Translators: %s is a formatted number */
  return g_strdup_printf (ngettext ("%s company deleted", "%s companies deleted", n), number);
}

static const KtRecordPaneSpec spec = {
  .entity = &kt_company_entity,
  .link_field = "company_id",
  .search_placeholder = N_("Search companies"),
  .empty_title = N_("No Companies Yet"),
  .empty_icon = "x-office-address-book-symbolic",
  .empty_description = N_("The organizations you sell to go here. Add one, or import them from a CSV file."),
  .new_title = N_("New Company"),
  .edit_title = N_("Edit Company"),
  .subtitle_fields = "industry,city",
  .filter_by_company = FALSE,
  .columns = columns,
  .groups = groups,
  .links = links,
  .count_text = count_text,
  .deleted_text = deleted_text,
  .selected_text = selected_text,
};

static void
duplicates_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  KtContext *context = kt_record_pane_get_context (KT_RECORD_PANE (widget));

  kt_duplicates_window_present (widget, kt_context_get_store (context), &kt_company_entity);
}

static void
kt_companies_pane_class_init (KtCompaniesPaneClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KtRecordPaneClass *pane_class = KT_RECORD_PANE_CLASS (klass);

  pane_class->spec = &spec;

  gtk_widget_class_install_action (widget_class, "pane.duplicates", NULL, duplicates_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "pane.duplicates", NULL);
}

static void
kt_companies_pane_init (KtCompaniesPane *self)
{
  kt_record_pane_add_toolbar_widget (KT_RECORD_PANE (self), kt_duplicates_button_new ());
}
