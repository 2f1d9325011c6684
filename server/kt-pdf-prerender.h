/* kt-pdf-prerender.h: issued documents' PDFs rendered in the background
 *
 * An issued invoice or offer is about to be sent (mailed, opened by the
 * customer through its payment link, downloaded by a colleague): its PDF
 * is wanted soon, and stays valid while its strong ETag holds. When a
 * write commits that leaves a document issued (kt_documents_get_issued():
 * issued now, or an issued one whose lines, amounts or status changed),
 * the server hands it here; a little later one background thread reads
 * its page in a snapshot, renders it and puts it into the PDF cache under
 * its ETag (kt-pdf-cache.h), so that the first GET is a cache hit. A
 * change to every page of an organization (the seller block, a default
 * template) queues its most recently changed issued documents.
 *
 * Coalesced: a document noted again while it waits waits a little more
 * (KT_PDF_PRERENDER_DELAY_MS after the last note, at most
 * KT_PDF_PRERENDER_MAX_WAIT_MS after the first), so a burst of writes to
 * one invoice renders it once. Bounded: at most
 * KT_PDF_PRERENDER_MAX_PENDING documents wait; the rest are not queued
 * (a bulk import or a large sync push) and render on their first GET, as
 * before. Low priority: one thread, its nice value raised where the
 * system allows, so request workers and the render pool get the cores
 * first; it has its own database connection, opened on its first render.
 *
 * Nothing here is needed for correctness: the cache is per instance and
 * keyed by the exact version, so another server instance on the same
 * database renders on demand, and a render that fails (the database away
 * for a moment) only costs its GET a render.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kantora-shared.h"
#include "kt-pdf-cache.h"

G_BEGIN_DECLS

typedef struct _KtPdfPrerender KtPdfPrerender;

/* A person's burst of edits (a line typed, the next one) comes faster. */
#define KT_PDF_PRERENDER_DELAY_MS    250
/* A document edited without pause still renders this soon after. */
#define KT_PDF_PRERENDER_MAX_WAIT_MS 2000
/* Some 256 renders of about 1.5 ms of CPU (read and draw): under half a
 * second of one core, and about 8 MiB of the cache's 64. */
#define KT_PDF_PRERENDER_MAX_PENDING 256

typedef struct {
  guint   pending;    /* waiting now */
  guint64 queued;     /* documents that began to wait */
  guint64 coalesced;  /* notes of a document already waiting */
  guint64 dropped;    /* notes refused: the queue was full */
  guint64 rendered;   /* PDFs rendered and kept */
  guint64 fresh;      /* found in the cache already (a GET was first) */
  guint64 failed;     /* not rendered: gone, or an error (logged) */
  guint64 organizations; /* organizations whose documents were queued */
} KtPdfPrerenderStats;

/* Renders into @cache (borrowed: it must outlive the pre-renderer) with
 * records read from @conninfo's database. */
KtPdfPrerender *kt_pdf_prerender_new        (const char     *conninfo,
                                             KtPdfCache     *cache);
/* Stops the thread after the render it is doing; what waits is dropped. */
void            kt_pdf_prerender_free       (KtPdfPrerender *self);
/* After a commit: @id (an invoice or an offer of @org_id) is to be
 * rendered soon. Thread-safe, never blocks on a render. */
void            kt_pdf_prerender_add        (KtPdfPrerender *self,
                                             const char     *org_id,
                                             const KtEntity *document,
                                             const char     *id);
/* After a commit that changed every page of @org_id (the seller block, a
 * default template): its most recently changed issued documents are
 * queued, as many as the cap leaves room for, once the organization's
 * own delay has passed (a burst of edits to it queues them once). */
void            kt_pdf_prerender_add_organization (KtPdfPrerender *self,
                                                   const char     *org_id);
/* Replaces the delays and the cap above (tests). */
void            kt_pdf_prerender_set_limits (KtPdfPrerender *self,
                                             guint           delay_ms,
                                             guint           max_wait_ms,
                                             guint           max_pending);
void            kt_pdf_prerender_get_stats  (KtPdfPrerender      *self,
                                             KtPdfPrerenderStats *out);
/* Waits until nothing waits or renders, or @timeout_ms passed; TRUE
 * when idle (tests: a condition, not a sleep). */
gboolean        kt_pdf_prerender_wait_idle  (KtPdfPrerender *self,
                                             guint           timeout_ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtPdfPrerender, kt_pdf_prerender_free)

G_END_DECLS
