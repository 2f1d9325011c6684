/* kt-contacts-pane.h: the Contacts section
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-record-pane.h"

G_BEGIN_DECLS

#define KT_TYPE_CONTACTS_PANE (kt_contacts_pane_get_type ())
G_DECLARE_FINAL_TYPE (KtContactsPane, kt_contacts_pane, KT, CONTACTS_PANE, KtRecordPane)

G_END_DECLS
