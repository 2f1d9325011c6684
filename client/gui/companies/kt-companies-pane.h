/* kt-companies-pane.h: the Companies section
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-record-pane.h"

G_BEGIN_DECLS

#define KT_TYPE_COMPANIES_PANE (kt_companies_pane_get_type ())
G_DECLARE_FINAL_TYPE (KtCompaniesPane, kt_companies_pane, KT, COMPANIES_PANE, KtRecordPane)

G_END_DECLS
