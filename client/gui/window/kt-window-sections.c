/* kt-window-sections.c: the sections of the main window's sidebar
 *
 * To give a section its pane, include the pane's header and put its
 * get_type function in the section's row: one line. The window creates the
 * pane the first time the section is shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-window-sections"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-window-sections.h"

#include "kt-assistant-pane.h"
#include "kt-billing-pane.h"
#include "kt-companies-pane.h"
#include "kt-contacts-pane.h"
#include "kt-dashboard.h"
#include "kt-deal-board.h"
#include "kt-invoices-pane.h"
#include "kt-offers-pane.h"
#include "kt-payments-pane.h"
#include "kt-studio-pane.h"
#include "kt-tasks-pane.h"
#include "kt-team-pane.h"

/* Symbolic icons of Adwaita 43 (Debian 12), each drawn in one colour:
 * task-due-symbolic carries an orange accent, so Tasks uses a tick box. */
static const KtSection sections[] = {
  { "dashboard", N_("Dashboard"), "view-grid-symbolic", kt_dashboard_get_type },
  { "contacts", N_("Contacts"), "avatar-default-symbolic", kt_contacts_pane_get_type },
  { "companies", N_("Companies"), "x-office-address-book-symbolic", kt_companies_pane_get_type },
  { "deals", N_("Deals"), "x-office-presentation-symbolic", kt_deal_board_get_type },
  { "tasks", N_("Tasks"), "checkbox-checked-symbolic", kt_tasks_pane_get_type },
  /* Credit notes are invoices of another kind: a filter of Invoices,
   * next to the invoices they correct, rather than a row of their own. */
  { "invoices", N_("Invoices"), "x-office-document-symbolic", kt_invoices_pane_get_type },
  { "offers", N_("Offers"), "document-send-symbolic", kt_offers_pane_get_type },
  { "payments", N_("Payments"), "accessories-calculator-symbolic", kt_payments_pane_get_type },
  { "team", N_("Team"), "system-users-symbolic", kt_team_pane_get_type },
  { "billing", N_("Billing"), "auth-smartcard-symbolic", kt_billing_pane_get_type },
  /* Past the tenth: no Ctrl+number, the sidebar reaches them (and a
   * record's Ask Assistant opens the Assistant). */
  { "templates", N_("Templates"), "document-edit-symbolic", kt_studio_pane_get_type },
  { "assistant", N_("Assistant"), "chat-message-new-symbolic", kt_assistant_pane_get_type },
};

const KtSection *
kt_sections_get (guint *n_sections)
{
  if (n_sections != NULL)
    *n_sections = G_N_ELEMENTS (sections);

  return sections;
}

const KtSection *
kt_sections_lookup (const char *id,
                    guint      *position)
{
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      if (g_str_equal (sections[i].id, id))
        {
          if (position != NULL)
            *position = i;
          return &sections[i];
        }
    }

  return NULL;
}
