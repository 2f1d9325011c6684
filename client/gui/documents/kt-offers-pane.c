/* kt-offers-pane.c: the Offers section
 *
 * The list, filters, detail and actions come from KtDocumentPane and
 * KtRecordPane; this file says which columns and groups an offer has.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-offers-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-document-detail.h"
#include "kt-format.h"
#include "kt-offers-pane.h"

struct _KtOffersPane
{
  KtDocumentPane parent_instance;
};

G_DEFINE_FINAL_TYPE (KtOffersPane, kt_offers_pane, KT_TYPE_DOCUMENT_PANE)

static const KtRecordColumn columns[] = {
  { "number", N_("Number"), "number", 120, TRUE },
  { "client_name", N_("Client"), "client_name", 0, TRUE },
  { "issue_date", N_("Issued"), "issue_date", 110 },
  { "valid_until", N_("Valid until"), "valid_until", 110 },
  { "total", N_("Total"), "total", 120, TRUE, TRUE },
  { "status", N_("Status"), NULL, 150 },
  { NULL }
};

static const KtRecordGroup groups[] = {
  { N_("Dates"), "issue_date,valid_until" },
  { N_("More"), "currency,language,notes," KT_META_OWNER },
  { NULL }
};

/* The invoice an offer became is in the detail's own links. */
static const KtRecordLink links[] = {
  { NULL }
};

static char *
count_text (guint n)
{
  g_autofree char *number = kt_format_number (n);

  /* Translators: %s is a formatted number such as "1 234" */
  return g_strdup_printf (ngettext ("%s offer", "%s offers", n), number);
}

static char *
selected_text (guint n)
{
  g_autofree char *number = kt_format_number (n);

  /* Translators: %s is a formatted number */
  return g_strdup_printf (ngettext ("%s offer selected", "%s offers selected", n), number);
}

static char *
deleted_text (guint       n,
              const char *title)
{
  g_autofree char *number = NULL;

  if (n == 1)
    /* Translators: %s is the offer's number, or "Draft" */
    return g_strdup_printf (_("Offer “%s” deleted"), title);

  number = kt_format_number (n);
  /* Translators: %s is a formatted number */
  return g_strdup_printf (ngettext ("%s offer deleted", "%s offers deleted", n), number);
}

static const KtRecordPaneSpec spec = {
  .entity = &kt_offer_entity,
  .link_field = "offer_id",
  .search_placeholder = N_("Search offers"),
  .empty_title = N_("No Offers Yet"),
  .empty_icon = "document-send-symbolic",
  .empty_description = N_("Offers you make to clients go here. An accepted offer becomes an invoice in one step."),
  .new_title = N_("New Offer"),
  .edit_title = N_("Edit Offer"),
  .subtitle_fields = "client_name,total",
  .filter_by_company = FALSE,
  .columns = columns,
  .groups = groups,
  .links = links,
  .count_text = count_text,
  .deleted_text = deleted_text,
  .selected_text = selected_text,
  .cell_text = kt_document_cell_text,
  .cell_class = kt_document_cell_class,
  .detail_extra = kt_document_detail_new,
  .hide_avatar = TRUE,
  .can_delete = kt_document_can_delete,
};

static void
kt_offers_pane_class_init (KtOffersPaneClass *klass)
{
  KtRecordPaneClass *pane_class = KT_RECORD_PANE_CLASS (klass);

  pane_class->spec = &spec;
}

static void
kt_offers_pane_init (KtOffersPane *self)
{
}
