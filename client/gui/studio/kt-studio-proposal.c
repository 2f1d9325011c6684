/* kt-studio-proposal.c: one variable or filter the completion offers
 *
 * An item of the editor's completion list: the text it inserts and the
 * translated description it shows beside it, in a GListModel.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-studio-proposal"

#include "config.h"

#include "kt-studio-proposal.h"

struct _KtStudioProposal
{
  GObject  parent_instance;

  char    *text;
  char    *comment;
  char    *details;
};

G_DEFINE_FINAL_TYPE (KtStudioProposal, kt_studio_proposal, G_TYPE_OBJECT)

static void
kt_studio_proposal_finalize (GObject *object)
{
  KtStudioProposal *self = KT_STUDIO_PROPOSAL (object);

  g_free (self->text);
  g_free (self->comment);
  g_free (self->details);

  G_OBJECT_CLASS (kt_studio_proposal_parent_class)->finalize (object);
}

static void
kt_studio_proposal_class_init (KtStudioProposalClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kt_studio_proposal_finalize;
}

static void
kt_studio_proposal_init (KtStudioProposal *self)
{
}

KtStudioProposal *
kt_studio_proposal_new (const char *text,
                        const char *comment,
                        const char *details)
{
  KtStudioProposal *self;

  g_return_val_if_fail (text != NULL, NULL);

  self = g_object_new (KT_TYPE_STUDIO_PROPOSAL, NULL);
  self->text = g_strdup (text);
  self->comment = g_strdup (comment);
  self->details = g_strdup (details);
  return self;
}

const char *
kt_studio_proposal_get_text (KtStudioProposal *self)
{
  g_return_val_if_fail (KT_IS_STUDIO_PROPOSAL (self), NULL);
  return self->text;
}

const char *
kt_studio_proposal_get_comment (KtStudioProposal *self)
{
  g_return_val_if_fail (KT_IS_STUDIO_PROPOSAL (self), NULL);
  return self->comment;
}

const char *
kt_studio_proposal_get_details (KtStudioProposal *self)
{
  g_return_val_if_fail (KT_IS_STUDIO_PROPOSAL (self), NULL);
  return self->details;
}
