/* kt-context-chip.h: a record shared with the Assistant
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kt-store.h"

G_BEGIN_DECLS

#define KT_TYPE_CONTEXT_CHIP (kt_context_chip_get_type ())
G_DECLARE_FINAL_TYPE (KtContextChip, kt_context_chip, KT, CONTEXT_CHIP, GtkWidget)

/* A chip for @record: its label ("Contact: Ivan Petrov") and the text the
 * question will carry, made of the record's fields as the panes show
 * them. */
KtContextChip *kt_context_chip_new_for_record (KtStore       *store,
                                               KtRecord      *record);
KtContextChip *kt_context_chip_new            (const char    *key,
                                               const char    *label,
                                               const char    *text);
/* "entity:id": the remove button's action target, one chip per record. */
const char    *kt_context_chip_get_key        (KtContextChip *self);
const char    *kt_context_chip_get_label      (KtContextChip *self);
/* Exactly the text that is sent, as the popover shows it. */
const char    *kt_context_chip_get_text       (KtContextChip *self);
/* {"label", "text"}, a context item of POST /v1/ai/chat. */
JsonNode      *kt_context_chip_to_json        (KtContextChip *self);

G_END_DECLS
