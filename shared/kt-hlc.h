/* kt-hlc.h: hybrid logical clocks
 *
 * A stamp is written as text that sorts the same way the clock does, so
 * stamps compare with strcmp() in C, SQLite and PostgreSQL alike:
 *
 *   2026-11-25T18:04:30.123Z-0001-3f9a0c2e7d514b88
 *   |  wall time, UTC, ms  | cnt |      node (16 hex)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KT_HLC_STRLEN 46
/* Stamps more than this far ahead of the local wall clock are refused. */
#define KT_HLC_MAX_DRIFT_MS (5 * 60 * 1000)

typedef struct {
  gint64  wall_ms;   /* Unix time in milliseconds */
  guint16 counter;
  char    node[17];  /* 16 lower-case hex digits, NUL */
} KtHlcStamp;

typedef struct _KtHlc KtHlc;

/* A clock for one replica (client or server instance). @node is 16 hex
 * digits; NULL picks a random node id. */
KtHlc      *kt_hlc_new          (const char *node);
void        kt_hlc_free         (KtHlc *clock);
const char *kt_hlc_get_node     (KtHlc *clock);
/* Tests and simulations replace the wall clock (NULL restores it). */
void        kt_hlc_set_time_func (KtHlc        *clock,
                                  gint64      (*now_ms) (gpointer data),
                                  gpointer      data);

/* The next stamp for a local event, as text (KT_HLC_STRLEN chars). */
char       *kt_hlc_tick         (KtHlc *clock);
/* Merge a stamp received from another replica; fails with
 * KT_ERROR_CLOCK_DRIFT if it is too far in the future, and with
 * KT_ERROR_MALFORMED if it does not parse. */
gboolean    kt_hlc_observe      (KtHlc       *clock,
                                 const char  *remote,
                                 GError     **error);
/* The same without the drift bound, for stamps the server already
 * accepted (it bounded them against its own clock when they were pushed)
 * and for this replica's own stamps after a restart: a replica whose
 * wall clock is slow must still stamp its next edit after every value it
 * has seen, or that edit loses to the value it overwrote. Fails only with
 * KT_ERROR_MALFORMED. */
gboolean    kt_hlc_observe_accepted (KtHlc       *clock,
                                     const char  *remote,
                                     GError     **error);
/* The clock's wall time in Unix milliseconds (the time function's, so
 * tests that replace it see their own time). */
gint64      kt_hlc_now_ms       (KtHlc *clock);

gboolean    kt_hlc_parse        (const char  *text,
                                 KtHlcStamp  *out,
                                 GError     **error);
char       *kt_hlc_format       (const KtHlcStamp *stamp);
/* strcmp order, with NULL before everything. */
int         kt_hlc_compare      (const char *a,
                                 const char *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtHlc, kt_hlc_free)

G_END_DECLS
