/* kt-studio-proposal.h: one variable or filter the completion offers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KT_TYPE_STUDIO_PROPOSAL (kt_studio_proposal_get_type ())
G_DECLARE_FINAL_TYPE (KtStudioProposal, kt_studio_proposal, KT, STUDIO_PROPOSAL, GObject)

/* @text is what is inserted ("invoice.number", "money"); @comment is
 * shown beside it, translated already. */
KtStudioProposal *kt_studio_proposal_new         (const char *text,
                                                  const char *comment,
                                                  const char *details);
const char       *kt_studio_proposal_get_text    (KtStudioProposal *self);
const char       *kt_studio_proposal_get_comment (KtStudioProposal *self);
const char       *kt_studio_proposal_get_details (KtStudioProposal *self);

G_END_DECLS
