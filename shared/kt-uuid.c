/* kt-uuid.c: UUIDv7 record ids
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-uuid"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-uuid.h"

/* The 74 bits after the timestamp (12 of "rand_a", 62 of "rand_b") are
 * treated as one counter within a millisecond (RFC 9562, section 6.2,
 * method 2): a fresh millisecond starts from random bits with the top bit
 * clear, so there is room to count up without wrapping, and every further
 * id in that millisecond adds one. The state is process-wide. */
static GMutex uuid_lock;
static gint64 last_ms = -1;
static guint16 last_rand_a;   /* 12 bits */
static guint64 last_rand_b;   /* 62 bits */

#define RAND_A_MASK 0x0fffu
#define RAND_B_MASK G_GUINT64_CONSTANT (0x3fffffffffffffff)

static char *
format_uuid (gint64  unix_ms,
             guint16 rand_a,
             guint64 rand_b)
{
  guint8 b[16];
  guint64 ms = (guint64) unix_ms & G_GUINT64_CONSTANT (0xffffffffffff);

  b[0] = (ms >> 40) & 0xff;
  b[1] = (ms >> 32) & 0xff;
  b[2] = (ms >> 24) & 0xff;
  b[3] = (ms >> 16) & 0xff;
  b[4] = (ms >> 8) & 0xff;
  b[5] = ms & 0xff;
  b[6] = 0x70 | ((rand_a >> 8) & 0x0f);       /* version 7 */
  b[7] = rand_a & 0xff;
  b[8] = 0x80 | ((rand_b >> 56) & 0x3f);      /* variant 10 */
  b[9] = (rand_b >> 48) & 0xff;
  b[10] = (rand_b >> 40) & 0xff;
  b[11] = (rand_b >> 32) & 0xff;
  b[12] = (rand_b >> 24) & 0xff;
  b[13] = (rand_b >> 16) & 0xff;
  b[14] = (rand_b >> 8) & 0xff;
  b[15] = rand_b & 0xff;

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                          "%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
                          b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

static guint64
random_u64 (GRand *rand)
{
  guint64 hi, lo;

  if (rand != NULL)
    {
      hi = g_rand_int (rand);
      lo = g_rand_int (rand);
    }
  else
    {
      hi = g_random_int ();
      lo = g_random_int ();
    }

  return (hi << 32) | lo;
}

/**
 * kt_uuid_new:
 *
 * Returns: (transfer full): a new UUIDv7, greater than every id this
 *   process made before.
 */
char *
kt_uuid_new (void)
{
  gint64 now = g_get_real_time () / 1000;
  guint16 rand_a;
  guint64 rand_b;

  g_mutex_lock (&uuid_lock);

  if (now > last_ms)
    {
      guint64 r = random_u64 (NULL);

      last_ms = now;
      /* Top bit of rand_a clear: at least 2^73 increments before a wrap. */
      last_rand_a = (guint16) (r >> 52) & 0x07ff;
      last_rand_b = random_u64 (NULL) & RAND_B_MASK;
    }
  else
    {
      /* Same millisecond, or the wall clock went back: keep counting from
       * the last id so the order still holds. */
      if (last_rand_b == RAND_B_MASK)
        {
          last_rand_b = 0;
          if (last_rand_a == RAND_A_MASK)
            {
              last_rand_a = 0;
              last_ms++;
            }
          else
            last_rand_a++;
        }
      else
        last_rand_b++;
    }

  now = last_ms;
  rand_a = last_rand_a;
  rand_b = last_rand_b;

  g_mutex_unlock (&uuid_lock);

  return format_uuid (now, rand_a, rand_b);
}

/**
 * kt_uuid_new_at:
 * @unix_ms: the timestamp, in Unix milliseconds
 * @rand: (nullable): the random source, %NULL for the global one
 *
 * Returns: (transfer full): a UUIDv7 for @unix_ms. Unlike kt_uuid_new() it
 *   keeps no state, so a seeded @rand gives reproducible ids.
 */
char *
kt_uuid_new_at (gint64  unix_ms,
                GRand  *rand)
{
  guint64 r;

  g_return_val_if_fail (unix_ms >= 0, NULL);

  r = random_u64 (rand);
  return format_uuid (unix_ms, (guint16) (r >> 52) & RAND_A_MASK,
                      random_u64 (rand) & RAND_B_MASK);
}

/**
 * kt_uuid_is_valid:
 * @text: (nullable): a string
 *
 * Returns: %TRUE if @text is a canonical, lower-case UUID.
 */
gboolean
kt_uuid_is_valid (const char *text)
{
  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < KT_UUID_STRLEN; i++)
    {
      char c = text[i];

      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (c != '-')
            return FALSE;
        }
      else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
        return FALSE;
    }

  return text[KT_UUID_STRLEN] == '\0';
}
