/* kt-hlc.c: hybrid logical clocks
 *
 * The algorithm is Kulkarni et al., "Logical Physical Clocks" (2014): a
 * stamp is (wall, counter); local events take max(last wall, now) and bump
 * the counter when the wall did not move; received stamps are merged so the
 * result is after both. A 16-bit counter that would overflow moves the wall
 * one millisecond on instead, which keeps the order and the text width.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-hlc"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kt-date.h"
#include "kt-error.h"
#include "kt-hlc.h"

struct _KtHlc {
  GMutex   lock;
  gint64   wall_ms;
  guint16  counter;
  char     node[17];
  gint64 (*now_ms) (gpointer data);
  gpointer now_data;
};

/* The largest wall time the text form can carry: 9999-12-31T23:59:59.999Z. */
#define KT_HLC_MAX_WALL_MS G_GINT64_CONSTANT (253402300799999)

static gint64
real_now_ms (gpointer data)
{
  return g_get_real_time () / 1000;
}

static gboolean
is_lower_hex (const char *text,
              gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!((text[i] >= '0' && text[i] <= '9') || (text[i] >= 'a' && text[i] <= 'f')))
      return FALSE;
  return TRUE;
}

/* Advances (wall, counter) by one tick, carrying into the wall clock. */
static void
bump (gint64  *wall_ms,
      guint16 *counter,
      guint    base)
{
  if (base >= G_MAXUINT16)
    {
      *wall_ms += 1;
      *counter = 0;
    }
  else
    *counter = (guint16) (base + 1);
}

/**
 * kt_hlc_new:
 * @node: (nullable): 16 lower-case hex digits naming this replica
 *
 * Returns: (transfer full): a new clock starting at zero.
 */
KtHlc *
kt_hlc_new (const char *node)
{
  KtHlc *clock;

  g_return_val_if_fail (node == NULL || (strlen (node) == 16 && is_lower_hex (node, 16)), NULL);

  clock = g_new0 (KtHlc, 1);
  g_mutex_init (&clock->lock);
  clock->now_ms = real_now_ms;

  if (node != NULL)
    memcpy (clock->node, node, 17);
  else
    g_snprintf (clock->node, sizeof clock->node, "%08x%08x",
                g_random_int (), g_random_int ());

  return clock;
}

void
kt_hlc_free (KtHlc *clock)
{
  if (clock == NULL)
    return;

  g_mutex_clear (&clock->lock);
  g_free (clock);
}

const char *
kt_hlc_get_node (KtHlc *clock)
{
  g_return_val_if_fail (clock != NULL, NULL);

  return clock->node;
}

void
kt_hlc_set_time_func (KtHlc   *clock,
                      gint64 (*now_ms) (gpointer data),
                      gpointer data)
{
  g_return_if_fail (clock != NULL);

  g_mutex_lock (&clock->lock);
  clock->now_ms = now_ms != NULL ? now_ms : real_now_ms;
  clock->now_data = now_ms != NULL ? data : NULL;
  g_mutex_unlock (&clock->lock);
}

/**
 * kt_hlc_tick:
 * @clock: a #KtHlc
 *
 * Returns: (transfer full): the stamp of a new local event, later than every
 *   stamp the clock made or observed before.
 */
char *
kt_hlc_tick (KtHlc *clock)
{
  KtHlcStamp stamp;
  gint64 now;

  g_return_val_if_fail (clock != NULL, NULL);

  g_mutex_lock (&clock->lock);

  now = clock->now_ms (clock->now_data);
  if (now > clock->wall_ms)
    {
      clock->wall_ms = now;
      clock->counter = 0;
    }
  else
    bump (&clock->wall_ms, &clock->counter, clock->counter);

  stamp.wall_ms = clock->wall_ms;
  stamp.counter = clock->counter;
  memcpy (stamp.node, clock->node, sizeof stamp.node);

  g_mutex_unlock (&clock->lock);

  return kt_hlc_format (&stamp);
}

static gboolean
observe (KtHlc       *clock,
         const char  *remote,
         gboolean     bounded,
         GError     **error)
{
  KtHlcStamp r;
  gint64 now, wall;
  guint16 counter;

  if (!kt_hlc_parse (remote, &r, error))
    return FALSE;

  g_mutex_lock (&clock->lock);

  now = clock->now_ms (clock->now_data);
  if (bounded && r.wall_ms > now + KT_HLC_MAX_DRIFT_MS)
    {
      /* The number goes in as text: a G_GINT64_FORMAT inside _() would
       * cut the message short for xgettext. */
      g_autofree char *seconds = g_strdup_printf ("%" G_GINT64_FORMAT, (r.wall_ms - now) / 1000);

      g_mutex_unlock (&clock->lock);
      g_set_error (error, KT_ERROR, KT_ERROR_CLOCK_DRIFT,
                   _("The clock stamp “%s” is %s seconds ahead of this computer’s clock; check the date and time settings"),
                   remote, seconds);
      return FALSE;
    }

  wall = MAX (MAX (clock->wall_ms, r.wall_ms), now);
  if (wall == clock->wall_ms && wall == r.wall_ms)
    bump (&wall, &counter, MAX (clock->counter, r.counter));
  else if (wall == clock->wall_ms)
    bump (&wall, &counter, clock->counter);
  else if (wall == r.wall_ms)
    bump (&wall, &counter, r.counter);
  else
    counter = 0;

  clock->wall_ms = wall;
  clock->counter = counter;

  g_mutex_unlock (&clock->lock);

  return TRUE;
}

/**
 * kt_hlc_observe:
 * @clock: a #KtHlc
 * @remote: a stamp from another replica
 * @error: return location for a #GError
 *
 * Moves @clock past @remote, so the next tick sorts after it.
 *
 * Returns: %FALSE if @remote does not parse or is more than
 *   %KT_HLC_MAX_DRIFT_MS ahead of the wall clock; the clock is unchanged.
 */
gboolean
kt_hlc_observe (KtHlc       *clock,
                const char  *remote,
                GError     **error)
{
  g_return_val_if_fail (clock != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return observe (clock, remote, TRUE, error);
}

/**
 * kt_hlc_observe_accepted:
 * @clock: a #KtHlc
 * @remote: a stamp the server accepted, or one of this replica's own
 * @error: return location for a #GError
 *
 * Moves @clock past @remote however far ahead of the wall clock it is.
 *
 * Returns: %FALSE if @remote does not parse; the clock is unchanged.
 */
gboolean
kt_hlc_observe_accepted (KtHlc       *clock,
                         const char  *remote,
                         GError     **error)
{
  g_return_val_if_fail (clock != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return observe (clock, remote, FALSE, error);
}

gint64
kt_hlc_now_ms (KtHlc *clock)
{
  gint64 now;

  g_return_val_if_fail (clock != NULL, 0);

  g_mutex_lock (&clock->lock);
  now = clock->now_ms (clock->now_data);
  g_mutex_unlock (&clock->lock);
  return now;
}

/**
 * kt_hlc_parse:
 * @text: (nullable): a stamp as text
 * @out: (out) (optional): the parsed stamp
 * @error: return location for a #GError
 *
 * Parses exactly the form kt_hlc_format() writes: no spaces, upper-case
 * hex, missing parts or impossible dates.
 */
gboolean
kt_hlc_parse (const char  *text,
              KtHlcStamp  *out,
              GError     **error)
{
  gint64 wall = 0;
  guint64 counter;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (text == NULL || strlen (text) != KT_HLC_STRLEN ||
      text[23] != 'Z' || text[24] != '-' || text[29] != '-' ||
      !is_lower_hex (text + 25, 4) || !is_lower_hex (text + 30, 16))
    goto malformed;

  {
    char iso[KT_ISO_MS_STRLEN + 1];

    memcpy (iso, text, KT_ISO_MS_STRLEN);
    iso[KT_ISO_MS_STRLEN] = '\0';
    /* The wall part must be the canonical form: milliseconds, 'Z'. */
    if (iso[19] != '.' || !kt_datetime_parse (iso, &wall) || wall < 0)
      goto malformed;
  }

  counter = g_ascii_strtoull (text + 25, NULL, 16);

  if (out != NULL)
    {
      out->wall_ms = wall;
      out->counter = (guint16) counter;
      memcpy (out->node, text + 30, 16);
      out->node[16] = '\0';
    }

  return TRUE;

malformed:
  g_set_error (error, KT_ERROR, KT_ERROR_MALFORMED,
               _("“%s” is not a valid clock stamp"),
               text != NULL ? text : "");
  return FALSE;
}

/**
 * kt_hlc_format:
 * @stamp: a stamp
 *
 * Returns: (transfer full): the stamp as sortable text.
 */
char *
kt_hlc_format (const KtHlcStamp *stamp)
{
  g_autofree char *iso = NULL;

  g_return_val_if_fail (stamp != NULL, NULL);
  g_return_val_if_fail (stamp->wall_ms >= 0 && stamp->wall_ms <= KT_HLC_MAX_WALL_MS, NULL);

  iso = kt_iso_from_unix_ms (stamp->wall_ms);
  return g_strdup_printf ("%s-%04x-%.16s", iso, (guint) stamp->counter, stamp->node);
}

int
kt_hlc_compare (const char *a,
                const char *b)
{
  if (a == b)
    return 0;
  if (a == NULL)
    return -1;
  if (b == NULL)
    return 1;
  return strcmp (a, b);
}
