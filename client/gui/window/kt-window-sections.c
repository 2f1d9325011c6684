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

#include "kt-companies-pane.h"
#include "kt-contacts-pane.h"
#include "kt-dashboard.h"
#include "kt-deal-board.h"
#include "kt-tasks-pane.h"
#include "kt-team-pane.h"

static const KtSection sections[] = {
  { "dashboard", N_("Dashboard"), "view-grid-symbolic", kt_dashboard_get_type },
  { "contacts", N_("Contacts"), "avatar-default-symbolic", kt_contacts_pane_get_type },
  { "companies", N_("Companies"), "network-workgroup-symbolic", kt_companies_pane_get_type },
  { "deals", N_("Deals"), "starred-symbolic", kt_deal_board_get_type },
  { "tasks", N_("Tasks"), "task-due-symbolic", kt_tasks_pane_get_type },
  { "invoices", N_("Invoices"), "x-office-document-symbolic", NULL,
    N_("Invoices Are Coming"),
    N_("Issuing invoices as PDF comes in a later version of Kantora.") },
  { "offers", N_("Offers"), "document-send-symbolic", NULL,
    N_("Offers Are Coming"),
    N_("Offers that turn into invoices come in a later version of Kantora.") },
  { "payments", N_("Payments"), "accessories-calculator-symbolic", NULL,
    N_("Payments Are Coming"),
    N_("Recording payments and matching them to invoices comes in a later version of Kantora.") },
  { "templates", N_("Templates"), "document-edit-symbolic", NULL,
    N_("Templates Are Coming"),
    N_("Designing invoice and offer templates comes in a later version of Kantora.") },
  { "assistant", N_("Assistant"), "chat-message-new-symbolic", NULL,
    N_("The Assistant Is Coming"),
    N_("An assistant that drafts emails and suggests next steps comes in a later version of Kantora.") },
  { "team", N_("Team"), "system-users-symbolic", kt_team_pane_get_type },
  { "billing", N_("Billing"), "auth-smartcard-symbolic", NULL,
    N_("Billing Is Coming"),
    N_("Plans and subscriptions come in a later version of Kantora.") },
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
