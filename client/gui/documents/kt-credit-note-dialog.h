/* kt-credit-note-dialog.h: choose the lines and quantities a credit note
 * reverses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-store.h"

G_BEGIN_DECLS

#define KT_TYPE_CREDIT_NOTE_DIALOG (kt_credit_note_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KtCreditNoteDialog, kt_credit_note_dialog, KT, CREDIT_NOTE_DIALOG, AdwWindow)

/* Lists @invoice's lines, each with a check and the quantity to credit
 * (all of it at first). Create makes the draft credit note in one
 * transaction (kt_document_create_credit_note()), emits ::created
 * (KtRecord *note) and closes. */
KtCreditNoteDialog *kt_credit_note_dialog_new      (KtStore            *store,
                                                    KtRecord           *invoice);
/* The check and the quantity entry of line @index (tests). */
GtkWidget          *kt_credit_note_dialog_get_check    (KtCreditNoteDialog *self,
                                                        guint               index);
GtkWidget          *kt_credit_note_dialog_get_quantity (KtCreditNoteDialog *self,
                                                        guint               index);
/* What Create does; FALSE with @error when nothing or too much is credited. */
gboolean            kt_credit_note_dialog_create   (KtCreditNoteDialog *self,
                                                    GError            **error);

G_END_DECLS
