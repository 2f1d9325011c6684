/* kt-template.h: document templates and their variables
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-entity.h"
#include "kt-record.h"

G_BEGIN_DECLS

extern const KtEntity kt_document_template_entity;
extern const KtEntity kt_template_variable_entity;

#define KT_ENTITY_DOCUMENT_TEMPLATE (&kt_document_template_entity)
#define KT_ENTITY_TEMPLATE_VARIABLE (&kt_template_variable_entity)

G_END_DECLS
