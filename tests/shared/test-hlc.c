/* test-hlc.c: hybrid logical clocks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kantora-shared.h"

/* 2026-11-25T18:04:30.123Z */
#define T0 G_GINT64_CONSTANT (1795629870123)

typedef struct {
  gint64 now;
  KtHlc *clock;
} Fixture;

static gint64
fake_now (gpointer data)
{
  Fixture *fixture = data;

  return fixture->now;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->now = T0;
  fixture->clock = kt_hlc_new ("00000000000000aa");
  kt_hlc_set_time_func (fixture->clock, fake_now, fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_pointer (&fixture->clock, kt_hlc_free);
}

static void
test_hlc_format (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autofree char *stamp = kt_hlc_tick (fixture->clock);
  KtHlcStamp parsed;
  g_autofree char *again = NULL;

  g_assert_cmpstr (stamp, ==, "2026-11-25T18:04:30.123Z-0000-00000000000000aa");
  g_assert_cmpuint (strlen (stamp), ==, KT_HLC_STRLEN);

  g_assert_true (kt_hlc_parse (stamp, &parsed, NULL));
  g_assert_cmpint (parsed.wall_ms, ==, T0);
  g_assert_cmpuint (parsed.counter, ==, 0);
  g_assert_cmpstr (parsed.node, ==, "00000000000000aa");

  again = kt_hlc_format (&parsed);
  g_assert_cmpstr (again, ==, stamp);
}

static void
test_hlc_tick_order (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *prev = kt_hlc_tick (fixture->clock);

  /* The wall clock stands still, moves on, and goes back: every stamp
   * still sorts after the one before. */
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *next = NULL;

      if (i == 100)
        fixture->now += 5;
      else if (i == 200)
        fixture->now -= 60000;
      next = kt_hlc_tick (fixture->clock);
      g_assert_cmpint (kt_hlc_compare (prev, next), <, 0);
      g_free (prev);
      prev = g_steal_pointer (&next);
    }

  /* 100 ticks in the first ms (0..99), a new ms at i = 100, then the
   * clock stays there while the wall clock is behind. */
  g_assert_true (g_str_has_prefix (prev, "2026-11-25T18:04:30.128Z-00c7-"));
}

static void
test_hlc_counter_overflow (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autofree char *last = NULL;
  KtHlcStamp stamp;

  for (guint i = 0; i <= G_MAXUINT16; i++)
    g_free (kt_hlc_tick (fixture->clock));

  /* 65536 ticks used counters 0..65535 of T0; the next one moves the
   * wall clock on instead of wrapping the counter. */
  last = kt_hlc_tick (fixture->clock);
  g_assert_true (kt_hlc_parse (last, &stamp, NULL));
  g_assert_cmpint (stamp.wall_ms, ==, T0 + 1);
  g_assert_cmpuint (stamp.counter, ==, 0);
}

static void
test_hlc_observe (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *after_remote = NULL;
  g_autofree char *after_old = NULL;
  const char *remote = "2026-11-25T18:05:00.000Z-0005-00000000000000bb";

  /* A remote stamp 30 s ahead (within the allowed drift) pulls the clock
   * forward: the next local stamp sorts after it. */
  g_assert_true (kt_hlc_observe (fixture->clock, remote, &error));
  g_assert_no_error (error);
  after_remote = kt_hlc_tick (fixture->clock);
  g_assert_cmpint (kt_hlc_compare (after_remote, remote), >, 0);
  g_assert_cmpstr (after_remote, ==, "2026-11-25T18:05:00.000Z-0007-00000000000000aa");

  /* An older remote stamp does not move the clock back. */
  g_assert_true (kt_hlc_observe (fixture->clock, "2020-01-01T00:00:00.000Z-0000-00000000000000bb", NULL));
  after_old = kt_hlc_tick (fixture->clock);
  g_assert_cmpint (kt_hlc_compare (after_old, after_remote), >, 0);

  /* Once the wall clock passes everything, the counter starts over. */
  fixture->now = T0 + 60000;
  {
    g_autofree char *later = kt_hlc_tick (fixture->clock);

    g_assert_cmpstr (later, ==, "2026-11-25T18:05:30.123Z-0000-00000000000000aa");
  }
}

static void
test_hlc_observe_same_wall (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autofree char *local = kt_hlc_tick (fixture->clock);   /* T0, counter 0 */
  g_autofree char *next = NULL;

  g_assert_true (kt_hlc_observe (fixture->clock,
                                 "2026-11-25T18:04:30.123Z-0009-00000000000000bb", NULL));
  next = kt_hlc_tick (fixture->clock);
  /* observe: max(0, 9) + 1 = 10; tick: 11 */
  g_assert_cmpstr (next, ==, "2026-11-25T18:04:30.123Z-000b-00000000000000aa");
}

static void
test_hlc_drift (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *far = NULL;
  g_autofree char *near = NULL;
  KtHlcStamp stamp = { .wall_ms = T0 + KT_HLC_MAX_DRIFT_MS + 1, .counter = 0, .node = "00000000000000bb" };

  far = kt_hlc_format (&stamp);
  stamp.wall_ms = T0 + KT_HLC_MAX_DRIFT_MS;
  near = kt_hlc_format (&stamp);

  before = kt_hlc_tick (fixture->clock);
  g_assert_false (kt_hlc_observe (fixture->clock, far, &error));
  g_assert_error (error, KT_ERROR, KT_ERROR_CLOCK_DRIFT);
  g_clear_error (&error);

  /* The refused stamp left the clock alone. */
  after = kt_hlc_tick (fixture->clock);
  g_assert_true (g_str_has_prefix (after, "2026-11-25T18:04:30.123Z-0001-"));

  /* Exactly the maximum drift is still accepted. */
  g_assert_true (kt_hlc_observe (fixture->clock, near, &error));
  g_assert_no_error (error);
}

/* A stamp the server accepted from a client an hour ahead of this one:
 * the next local tick must still sort after it, or an edit made here
 * loses to the value it overwrites. */
static void
test_hlc_observe_accepted (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *far = NULL;
  g_autofree char *next = NULL;
  KtHlcStamp stamp = { .wall_ms = T0 + 60 * 60 * 1000, .counter = 7, .node = "00000000000000bb" };

  far = kt_hlc_format (&stamp);
  g_assert_true (kt_hlc_observe_accepted (fixture->clock, far, &error));
  g_assert_no_error (error);

  next = kt_hlc_tick (fixture->clock);
  g_assert_cmpint (kt_hlc_compare (next, far), >, 0);
  g_assert_cmpstr (next, ==, "2026-11-25T19:04:30.123Z-0009-00000000000000aa");
  g_assert_cmpint (kt_hlc_now_ms (fixture->clock), ==, T0);

  g_assert_false (kt_hlc_observe_accepted (fixture->clock, "not a stamp", &error));
  g_assert_error (error, KT_ERROR, KT_ERROR_MALFORMED);
}

static void
test_hlc_parse_errors (void)
{
  static const char * const bad[] = {
    "",
    "2026-11-25T18:04:30.123Z-0001-3f9a0c2e7d514b8",     /* node too short */
    "2026-11-25T18:04:30.123Z-0001-3f9a0c2e7d514b888",   /* node too long */
    "2026-11-25T18:04:30.123Z-0001-3F9A0C2E7D514B88",    /* upper case */
    "2026-11-25T18:04:30.123Z-00g1-3f9a0c2e7d514b88",    /* counter not hex */
    "2026-11-25 18:04:30.123Z-0001-3f9a0c2e7d514b88",    /* space for T */
    "2026-02-30T18:04:30.123Z-0001-3f9a0c2e7d514b88",    /* no such day */
    "2026-11-25T24:04:30.123Z-0001-3f9a0c2e7d514b88",    /* hour 24 */
    "2026-11-25T18:04:30.123+0001-3f9a0c2e7d514b88x",    /* offset, not Z */
    "2026-11-25T18:04:30,123Z-0001-3f9a0c2e7d514b88",    /* comma */
    "2026-11-25T18:04:30.123Z_0001-3f9a0c2e7d514b88",    /* separator */
    " 2026-11-25T18:04:30.123Z-0001-3f9a0c2e7d514b8",    /* leading space */
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      KtHlcStamp stamp;

      g_assert_false (kt_hlc_parse (bad[i], &stamp, &error));
      g_assert_error (error, KT_ERROR, KT_ERROR_MALFORMED);
    }

  g_assert_false (kt_hlc_parse (NULL, NULL, NULL));
  g_assert_true (kt_hlc_parse ("2026-11-25T18:04:30.123Z-ffff-3f9a0c2e7d514b88", NULL, NULL));
}

static void
test_hlc_observe_malformed (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (kt_hlc_observe (fixture->clock, "yesterday", &error));
  g_assert_error (error, KT_ERROR, KT_ERROR_MALFORMED);
}

static void
test_hlc_compare (void)
{
  g_assert_cmpint (kt_hlc_compare (NULL, NULL), ==, 0);
  g_assert_cmpint (kt_hlc_compare (NULL, "2026-01-01T00:00:00.000Z-0000-0000000000000000"), <, 0);
  g_assert_cmpint (kt_hlc_compare ("2026-01-01T00:00:00.000Z-0000-0000000000000000", NULL), >, 0);
  /* The counter outranks the node; the wall outranks the counter. */
  g_assert_cmpint (kt_hlc_compare ("2026-01-01T00:00:00.000Z-0001-0000000000000000",
                                   "2026-01-01T00:00:00.000Z-0000-ffffffffffffffff"), >, 0);
  g_assert_cmpint (kt_hlc_compare ("2026-01-01T00:00:00.001Z-0000-0000000000000000",
                                   "2026-01-01T00:00:00.000Z-ffff-ffffffffffffffff"), >, 0);
}

static void
test_hlc_random_node (void)
{
  g_autoptr(KtHlc) a = kt_hlc_new (NULL);
  g_autoptr(KtHlc) b = kt_hlc_new (NULL);
  const char *node = kt_hlc_get_node (a);

  g_assert_cmpuint (strlen (node), ==, 16);
  for (const char *p = node; *p; p++)
    g_assert_true (g_ascii_isdigit (*p) || (*p >= 'a' && *p <= 'f'));
  g_assert_cmpstr (node, !=, kt_hlc_get_node (b));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/hlc/format", test_hlc_format);
  ADD ("/hlc/tick-order", test_hlc_tick_order);
  ADD ("/hlc/counter-overflow", test_hlc_counter_overflow);
  ADD ("/hlc/observe", test_hlc_observe);
  ADD ("/hlc/observe-same-wall", test_hlc_observe_same_wall);
  ADD ("/hlc/drift", test_hlc_drift);
  ADD ("/hlc/observe-accepted", test_hlc_observe_accepted);
  ADD ("/hlc/observe-malformed", test_hlc_observe_malformed);
  g_test_add_func ("/hlc/parse-errors", test_hlc_parse_errors);
  g_test_add_func ("/hlc/compare", test_hlc_compare);
  g_test_add_func ("/hlc/random-node", test_hlc_random_node);

  return g_test_run ();
}
