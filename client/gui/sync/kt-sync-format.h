/* kt-sync-format.h: sync states, times and reasons in words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-sync-engine.h"

G_BEGIN_DECLS

/* "just now", "5 minutes ago", "3 hours ago", else "Yesterday 14:05" or
 * the date and time, in the UI language. @now may be NULL. */
char       *kt_sync_format_relative   (GDateTime  *then,
                                       GDateTime  *now);
/* "12,400 of 100,000" (en) or "12 400 от 100 000" (bg). */
char       *kt_sync_format_progress   (gint64      done,
                                       gint64      total);
/* Why the server refused a change, for a person, from the reason code of
 * KtSyncEngine::mutation-rejected; @fallback (the server's own words) for
 * a code this version does not know. */
const char *kt_sync_format_reason     (const char *code,
                                       const char *fallback);
/* The toast text of a rejected change: which record and why. */
char       *kt_sync_format_rejection  (const char *title,
                                       const char *code,
                                       const char *message);
/* The toast text of a change kept on this computer over the plan's
 * limit @field ("contacts", "invoices_per_month"...; NULL if unknown). */
char       *kt_sync_format_over_limit (const char *title,
                                       const char *field);
/* The toast text of a change that lost to a newer one written elsewhere
 * (KtSyncEngine::mutation-superseded): which record and which fields, by
 * their labels. */
char       *kt_sync_format_superseded (const char         *entity,
                                       const char         *title,
                                       const char * const *fields);

/* The indicator's short label, its icon, and the longer explanation for
 * the tooltip and popover. */
char       *kt_sync_format_state      (KtSyncEngine  *engine,
                                       const char   **out_icon_name,
                                       char         **out_detail);

G_END_DECLS
