/* kt-duplicate-banner.h: "This looks like Ivan Petrov (same email)"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-store.h"
#include "kt-store-dupes.h"

G_BEGIN_DECLS

#define KT_TYPE_DUPLICATE_BANNER (kt_duplicate_banner_get_type ())
G_DECLARE_FINAL_TYPE (KtDuplicateBanner, kt_duplicate_banner, KT, DUPLICATE_BANNER, GtkWidget)

/* Whether records of @entity have duplicates to look for (contacts and
 * companies). */
gboolean    kt_duplicate_banner_handles          (const KtEntity    *entity);
GtkWidget  *kt_duplicate_banner_new              (KtStore           *store);
/* @record is what the form holds now: the banner looks for its
 * duplicates once typing pauses, in a worker thread, and shows the most
 * likely one with Open and Merge… (or hides). */
void        kt_duplicate_banner_update           (KtDuplicateBanner *self,
                                                  KtRecord          *record);
/* The record the banner shows, or NULL while it is hidden (tests). */
const char *kt_duplicate_banner_get_duplicate_id (KtDuplicateBanner *self);
/* TRUE while a lookup is scheduled or running (tests wait for it). */
gboolean    kt_duplicate_banner_is_busy          (KtDuplicateBanner *self);

/* Why two records look like one, for people: "same email, similar
 * name". (transfer full) */
char       *kt_duplicate_reasons_text            (KtDuplicateReason  reasons);

G_END_DECLS
