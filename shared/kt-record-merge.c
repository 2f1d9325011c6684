/* kt-record-merge.c: per-field last-writer-wins merging of two replicas
 *
 * Each field keeps the clock of its last write. Merging takes, field by
 * field, the write with the newer clock; equal clocks (two replicas that
 * never saw each other's stamp cannot make equal stamps, but a record with
 * no field clocks falls back to its record clock) are decided by the JSON
 * text of the values, so merge (a, b) and merge (b, a) agree everywhere.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-record"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kt-hlc.h"
#include "kt-record-private.h"

static char *
value_text (JsonNode *node)
{
  return node != NULL ? json_to_string (node, FALSE) : g_strdup ("");
}

/* >0 if the write (clock_a, a) wins over (clock_b, b). */
static int
compare_writes (const char *clock_a,
                JsonNode   *a,
                const char *clock_b,
                JsonNode   *b)
{
  g_autofree char *text_a = NULL;
  g_autofree char *text_b = NULL;
  int cmp = kt_hlc_compare (clock_a, clock_b);

  if (cmp != 0)
    return cmp;

  text_a = value_text (a);
  text_b = value_text (b);
  return strcmp (text_a, text_b);
}

static const char *
effective_clock (const char *own,
                 KtRecord   *record)
{
  return own != NULL ? own : kt_record_get_hlc (record);
}

/* A field that was never written (no value and no clock of its own) has
 * no clock at all, so any write wins over it: falling back to the record
 * clock would let a later edit of *another* field silently beat a
 * concurrent first write of this one (sync lost such edits). */
static const char *
effective_field_clock (const char *own,
                       JsonNode   *value,
                       KtRecord   *record)
{
  if (own == NULL && value == NULL)
    return NULL;
  return effective_clock (own, record);
}

/**
 * kt_record_merge:
 * @into: the local copy, updated in place
 * @from: another replica's copy of the same record
 *
 * Returns: %TRUE if @into changed.
 */
gboolean
kt_record_merge (KtRecord *into,
                 KtRecord *from)
{
  const KtEntity *entity;
  guint n_fields;
  gboolean changed = FALSE;
  gboolean owner_clocked;

  g_return_val_if_fail (KT_IS_RECORD (into), FALSE);
  g_return_val_if_fail (KT_IS_RECORD (from), FALSE);
  g_return_val_if_fail (kt_record_get_entity (into) == kt_record_get_entity (from), FALSE);
  g_return_val_if_fail (g_strcmp0 (kt_record_get_id (into), kt_record_get_id (from)) == 0, FALSE);

  entity = kt_record_get_entity (into);
  n_fields = kt_entity_n_fields (entity);

  for (guint i = 0; i < n_fields; i++)
    {
      JsonNode *value_into = kt_record_peek_value (into, i);
      JsonNode *value_from = kt_record_peek_value (from, i);
      const char *clock_into = effective_field_clock (kt_record_peek_clock (into, i), value_into, into);
      const char *clock_from = effective_field_clock (kt_record_peek_clock (from, i), value_from, from);

      if (compare_writes (clock_from, value_from, clock_into, value_into) > 0)
        {
          g_autofree char *before = value_text (value_into);
          g_autofree char *after = value_text (value_from);

          if (strcmp (before, after) != 0)
            {
              kt_record_take_value (into, i, value_from ? json_node_copy (value_from) : NULL);
              changed = TRUE;
            }
          if (g_strcmp0 (clock_into, clock_from) != 0)
            changed = TRUE;
          kt_record_set_field_hlc (into, entity->fields[i].name, clock_from);
        }
      else
        {
          /* Pin the field's clock: a fallback to the record clock would
           * silently move when the record clock moves on below, and the two
           * merge orders would disagree about it. A field never written
           * stays without a clock. */
          if (clock_into != NULL)
            kt_record_set_field_hlc (into, entity->fields[i].name, clock_into);
        }
    }

  {
    gboolean deleted_into = kt_record_get_deleted (into);
    gboolean deleted_from = kt_record_get_deleted (from);
    /* The tombstone flag like a field: a record never deleted or undeleted
     * has no clock for it, whatever its record clock (which differs from
     * replica to replica and made merges disagree). */
    const char *clock_into = kt_record_peek_deleted_clock (into) != NULL || deleted_into
                             ? effective_clock (kt_record_peek_deleted_clock (into), into) : NULL;
    const char *clock_from = kt_record_peek_deleted_clock (from) != NULL || deleted_from
                             ? effective_clock (kt_record_peek_deleted_clock (from), from) : NULL;
    int cmp = kt_hlc_compare (clock_from, clock_into);

    /* On equal clocks the tombstone wins, the same in either order. */
    if (cmp > 0 || (cmp == 0 && deleted_from && !deleted_into))
      {
        if (deleted_into != deleted_from || cmp != 0)
          changed = TRUE;
        kt_record_set_deleted (into, deleted_from);
        kt_record_set_deleted_clock (into, clock_from);
      }
    else
      kt_record_set_deleted_clock (into, clock_into);
  }

  /* The owner like a field once either side reassigned it (a clock of its
   * own). An owner nobody reassigned (the creator, on every replica) has
   * no clock and follows the newer record clock below, as before: any
   * reassignment wins over it. */
  {
    const char *owner_into = kt_record_get_owner_id (into);
    const char *owner_from = kt_record_get_owner_id (from);
    const char *clock_into = kt_record_peek_owner_clock (into);
    const char *clock_from = kt_record_peek_owner_clock (from);

    owner_clocked = clock_into != NULL || clock_from != NULL;
    if (owner_clocked)
      {
        int cmp = kt_hlc_compare (clock_from, clock_into);

        if (cmp == 0)
          cmp = g_strcmp0 (owner_from, owner_into);
        if (cmp > 0)
          {
            if (g_strcmp0 (owner_into, owner_from) != 0 || g_strcmp0 (clock_into, clock_from) != 0)
              changed = TRUE;
            kt_record_set_owner_id (into, owner_from);
            kt_record_set_field_hlc (into, KT_META_OWNER, clock_from);
          }
      }
  }

  if (kt_hlc_compare (kt_record_get_hlc (from), kt_record_get_hlc (into)) > 0)
    {
      kt_record_set_hlc (into, kt_record_get_hlc (from));
      if (kt_record_get_org_id (from) != NULL)
        kt_record_set_org_id (into, kt_record_get_org_id (from));
      if (!owner_clocked && kt_record_get_owner_id (from) != NULL)
        kt_record_set_owner_id (into, kt_record_get_owner_id (from));
      changed = TRUE;
    }

  if (g_strcmp0 (kt_record_get_updated_at (from), kt_record_get_updated_at (into)) > 0)
    {
      kt_record_set_updated_at (into, kt_record_get_updated_at (from));
      changed = TRUE;
    }

  /* The creation time like a field once it has a clock (the create sends
   * the creator's, stamped): every replica keeps the same one. A creation
   * time without a clock (a record made before it synced) is only filled
   * in where it is missing, as before. */
  {
    const char *created_into = kt_record_get_created_at (into);
    const char *created_from = kt_record_get_created_at (from);
    const char *clock_into = kt_record_peek_created_clock (into);
    const char *clock_from = kt_record_peek_created_clock (from);

    if (clock_into != NULL || clock_from != NULL)
      {
        int cmp = kt_hlc_compare (clock_from, clock_into);

        if (cmp == 0)
          cmp = g_strcmp0 (created_from, created_into);
        if (cmp > 0 && created_from != NULL)
          {
            if (g_strcmp0 (created_into, created_from) != 0 || g_strcmp0 (clock_into, clock_from) != 0)
              changed = TRUE;
            kt_record_set_created_at (into, created_from);
            kt_record_set_field_hlc (into, KT_META_CREATED, clock_from);
          }
      }
    else if (created_into == NULL && created_from != NULL)
      {
        kt_record_set_created_at (into, created_from);
        changed = TRUE;
      }
  }

  return changed;
}
