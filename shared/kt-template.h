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

/* The template kind a document prints with: "invoice", "credit_note"
 * (an invoice record of that kind) or "offer". */
const char *kt_document_template_kind_for (KtRecord *document);

/* The organization's default template of @kind among @templates
 * (document_template records, any order): one marked is_default, the
 * one marked last when two offline devices each marked one (the newest
 * is_default clock, then the greater id), so the client and the server
 * agree. A credit note without a default of its own takes the
 * invoice's. NULL when none is marked: the built-in classic then. */
KtRecord   *kt_document_template_pick_default (GPtrArray  *templates,
                                               const char *kind);

G_END_DECLS
