/* kt-contact.h: people and companies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-entity.h"
#include "kt-record.h"

G_BEGIN_DECLS

extern const KtEntity kt_contact_entity;
extern const KtEntity kt_company_entity;

#define KT_ENTITY_CONTACT (&kt_contact_entity)
#define KT_ENTITY_COMPANY (&kt_company_entity)

G_END_DECLS
