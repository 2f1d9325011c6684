/* kt-deal-move.c: moving a deal on the board, and undoing it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-deal-move"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-deal-move.h"
#include "kt-store-positions.h"

struct _KtDealMove
{
  KtStore *store;
  char    *deal_id;
  /* Where the deal was: its column and its neighbours there, which stay
   * meaningful even if the column is renumbered in between. */
  char    *stage_id;
  char    *prev_id;
  char    *next_id;
  char    *status;
  char    *closed_at;
  char    *lost_reason;
  char    *stage_changed_at;
};

static const KtEntity *
deal_entity (void)
{
  return kt_entity_lookup ("deal");
}

void
kt_deal_move_free (KtDealMove *move)
{
  if (move == NULL)
    return;
  g_clear_object (&move->store);
  g_free (move->deal_id);
  g_free (move->stage_id);
  g_free (move->prev_id);
  g_free (move->next_id);
  g_free (move->status);
  g_free (move->closed_at);
  g_free (move->lost_reason);
  g_free (move->stage_changed_at);
  g_free (move);
}

const char *
kt_deal_move_get_deal_id (KtDealMove *move)
{
  g_return_val_if_fail (move != NULL, NULL);
  return move->deal_id;
}

char *
kt_deal_move_stage_kind (KtStore    *store,
                         const char *stage_id)
{
  g_autoptr(KtRecord) stage = NULL;
  const char *kind;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (stage_id != NULL, NULL);

  stage = kt_store_get (store, kt_entity_lookup ("stage"), stage_id, NULL);
  kind = stage != NULL ? kt_record_get_string (stage, "kind") : NULL;
  return g_strdup (kind != NULL ? kind : "open");
}

static void
set_or_unset (KtRecord   *record,
              const char *field,
              const char *value)
{
  if (value != NULL)
    kt_record_set_string (record, field, value);
  else if (kt_record_has (record, field))
    kt_record_unset (record, field);
}

/* The fields a deal gets from the kind of the stage it enters: the
 * status, the closing date when it closes (cleared, with the lost reason,
 * when it reopens), @lost_reason for a lost stage when given, and the
 * time of the stage change when @stage_changed. */
static void
apply_stage_kind (KtRecord   *deal,
                  const char *kind,
                  const char *old_status,
                  const char *lost_reason,
                  gboolean    stage_changed,
                  const char *now)
{
  if (stage_changed)
    kt_record_set_string (deal, "stage_changed_at", now);
  if (g_strcmp0 (kind, "open") == 0)
    {
      set_or_unset (deal, "closed_at", NULL);
      set_or_unset (deal, "lost_reason", NULL);
    }
  else if (g_strcmp0 (old_status, kind) != 0)
    kt_record_set_string (deal, "closed_at", now);
  if (g_strcmp0 (kind, "lost") == 0 && lost_reason != NULL && *lost_reason != '\0')
    kt_record_set_string (deal, "lost_reason", lost_reason);
  kt_record_set_string (deal, "status", kind);
}

/* Renumbers the column with @deal placed after @prev_id (or before
 * @next_id, or at the end) in one transaction. Only here do other deals'
 * records change, which is why it is rare: the gaps leave room for about
 * ten moves into the same slot. */
static gboolean
renumber_column (KtStore     *store,
                 KtRecord    *deal,
                 const char  *stage_id,
                 const char  *status,
                 const char  *prev_id,
                 const char  *next_id,
                 GError     **error)
{
  g_autoptr(KtQuery) query = kt_query_new (deal_entity ());
  g_autoptr(GPtrArray) column = NULL;
  g_autoptr(GPtrArray) ordered = g_ptr_array_new ();
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();
  gboolean placed = FALSE;
  gint64 count;

  kt_query_add_filter (query, "stage_id", stage_id);
  kt_query_add_filter (query, "status", status);
  kt_query_set_sort (query, "position", FALSE);
  if ((count = kt_store_count (store, query, error)) < 0)
    return FALSE;
  if (!(column = kt_store_query (store, query, 0, (guint) count, error)))
    return FALSE;

  for (guint i = 0; i < column->len; i++)
    {
      KtRecord *other = g_ptr_array_index (column, i);
      const char *id = kt_record_get_id (other);

      if (g_strcmp0 (id, kt_record_get_id (deal)) == 0)
        continue;
      if (!placed && next_id != NULL && g_strcmp0 (id, next_id) == 0)
        {
          g_ptr_array_add (ordered, deal);
          placed = TRUE;
        }
      g_ptr_array_add (ordered, other);
      if (!placed && prev_id != NULL && g_strcmp0 (id, prev_id) == 0)
        {
          g_ptr_array_add (ordered, deal);
          placed = TRUE;
        }
    }
  if (!placed)
    g_ptr_array_add (ordered, deal);

  for (guint i = 0; i < ordered->len; i++)
    {
      KtRecord *record = g_ptr_array_index (ordered, i);
      gint64 position = (gint64) (i + 1) * KT_DEAL_POSITION_GAP;

      if (record == deal || kt_record_get_int (record, "position") != position ||
          !kt_record_has (record, "position"))
        {
          kt_record_set_int (record, "position", position);
          g_ptr_array_add (changed, record);
        }
    }
  return kt_store_save_all (store, changed, error);
}

/* The position between the deals @prev_id and @next_id of the target
 * column, looking past them to the column's hidden deals (the board may be
 * filtered) so the new position never collides. FALSE in @out_room when
 * the two neighbours leave no integer between them. */
static gboolean
compute_position (KtStore     *store,
                  const char  *deal_id,
                  const char  *stage_id,
                  const char  *status,
                  const char  *prev_id,
                  const char  *next_id,
                  gint64      *out_position,
                  gboolean    *out_room,
                  GError     **error)
{
  g_autoptr(KtRecord) prev = NULL;
  g_autoptr(KtRecord) next = NULL;
  gboolean have_low = FALSE, have_high = FALSE;
  gint64 low = 0, high = 0;

  if (prev_id != NULL && g_strcmp0 (prev_id, deal_id) != 0 &&
      !(prev = kt_store_get (store, deal_entity (), prev_id, error)))
    return FALSE;
  if (next_id != NULL && g_strcmp0 (next_id, deal_id) != 0 &&
      !(next = kt_store_get (store, deal_entity (), next_id, error)))
    return FALSE;

  if (prev != NULL)
    {
      low = kt_record_get_int (prev, "position");
      have_low = TRUE;
    }
  if (next != NULL)
    {
      high = kt_record_get_int (next, "position");
      have_high = TRUE;
    }

  if (have_low && !have_high &&
      !kt_store_positions_adjacent (store, stage_id, status, deal_id, low,
                                    FALSE, &high, &have_high, error))
    return FALSE;
  if (have_high && !have_low &&
      !kt_store_positions_adjacent (store, stage_id, status, deal_id, high,
                                    TRUE, &low, &have_low, error))
    return FALSE;
  if (!have_low && !have_high)
    {
      gint64 max = 0;
      gboolean found = FALSE;

      if (!kt_store_positions_last (store, stage_id, status, &max, &found, error))
        return FALSE;
      *out_position = found ? max + KT_DEAL_POSITION_GAP : KT_DEAL_POSITION_GAP;
      *out_room = TRUE;
      return TRUE;
    }

  if (!have_high)
    {
      *out_position = low + KT_DEAL_POSITION_GAP;
      *out_room = TRUE;
    }
  else if (!have_low)
    {
      *out_position = high - KT_DEAL_POSITION_GAP;
      *out_room = TRUE;
    }
  else
    {
      *out_position = low + (high - low) / 2;
      *out_room = high - low >= 2;
    }
  return TRUE;
}

/* The move itself; @restore (from undo) brings back the closing fields
 * exactly instead of deriving them from the stage kind. */
static gboolean
move_deal (KtStore     *store,
           const char  *deal_id,
           const char  *stage_id,
           const char  *prev_id,
           const char  *next_id,
           const char  *lost_reason,
           KtDealMove  *restore,
           KtDealMove **out_undo,
           GError     **error)
{
  g_autoptr(KtRecord) deal = NULL;
  g_autoptr(KtRecord) stage = NULL;
  g_autoptr(KtDealMove) undo = NULL;
  g_autofree char *now = kt_now_iso ();
  const char *kind;
  const char *old_status;
  gint64 position = 0;
  gboolean room = TRUE;

  if (!(deal = kt_store_get (store, deal_entity (), deal_id, error)))
    return FALSE;
  if (!(stage = kt_store_get (store, kt_entity_lookup ("stage"), stage_id, error)))
    return FALSE;
  kind = kt_record_get_string (stage, "kind");
  if (kind == NULL)
    kind = "open";
  old_status = kt_record_get_string (deal, "status");

  if (out_undo != NULL)
    {
      undo = g_new0 (KtDealMove, 1);
      undo->store = g_object_ref (store);
      undo->deal_id = g_strdup (deal_id);
      undo->stage_id = g_strdup (kt_record_get_string (deal, "stage_id"));
      undo->status = g_strdup (old_status);
      undo->closed_at = g_strdup (kt_record_get_string (deal, "closed_at"));
      undo->lost_reason = g_strdup (kt_record_get_string (deal, "lost_reason"));
      undo->stage_changed_at = g_strdup (kt_record_get_string (deal, "stage_changed_at"));
      if (!kt_store_positions_neighbours (store, deal_id, &undo->prev_id,
                                          &undo->next_id, error))
        return FALSE;
    }

  if (restore != NULL)
    {
      kt_record_set_string (deal, "status", restore->status != NULL ? restore->status : "open");
      set_or_unset (deal, "closed_at", restore->closed_at);
      set_or_unset (deal, "lost_reason", restore->lost_reason);
      set_or_unset (deal, "stage_changed_at", restore->stage_changed_at);
    }
  else
    apply_stage_kind (deal, kind, old_status, lost_reason,
                      g_strcmp0 (kt_record_get_string (deal, "stage_id"), stage_id) != 0, now);
  kt_record_set_string (deal, "stage_id", stage_id);
  kt_record_set_string (deal, "pipeline_id", kt_record_get_string (stage, "pipeline_id"));

  if (!compute_position (store, deal_id, stage_id, kt_record_get_string (deal, "status"),
                         prev_id, next_id, &position, &room, error))
    return FALSE;

  if (room)
    {
      kt_record_set_int (deal, "position", position);
      if (!kt_store_save (store, deal, error))
        return FALSE;
    }
  else if (!renumber_column (store, deal, stage_id, kt_record_get_string (deal, "status"),
                             prev_id, next_id, error))
    return FALSE;

  if (out_undo != NULL)
    *out_undo = g_steal_pointer (&undo);
  return TRUE;
}

KtDealMove *
kt_deal_move (KtStore     *store,
              const char  *deal_id,
              const char  *stage_id,
              const char  *prev_id,
              const char  *next_id,
              const char  *lost_reason,
              GError     **error)
{
  KtDealMove *undo = NULL;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (deal_id != NULL, NULL);
  g_return_val_if_fail (stage_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!move_deal (store, deal_id, stage_id, prev_id, next_id, lost_reason,
                  NULL, &undo, error))
    return NULL;
  return undo;
}

/**
 * kt_deal_move_place:
 * @store: the store
 * @deal: the deal, not saved by this
 * @stage: the stage it enters
 * @old_status: (nullable): its status before, %NULL for a new deal
 * @error: where a failed query is reported
 *
 * Gives @deal what a move on the board into @stage gives it: the status of
 * the stage's kind, the closing date, the time of the stage change, and
 * the end of the column. The deal form calls it for a new deal or one
 * whose stage it changed.
 *
 * Returns: %FALSE with @error set if the column could not be read
 */
gboolean
kt_deal_move_place (KtStore     *store,
                    KtRecord    *deal,
                    KtRecord    *stage,
                    const char  *old_status,
                    GError     **error)
{
  const char *kind;
  g_autofree char *now = NULL;
  gint64 max = 0;
  gboolean found = FALSE;

  g_return_val_if_fail (KT_IS_STORE (store), FALSE);
  g_return_val_if_fail (KT_IS_RECORD (deal), FALSE);
  g_return_val_if_fail (KT_IS_RECORD (stage), FALSE);

  kind = kt_record_get_string (stage, "kind");
  if (kind == NULL)
    kind = "open";
  now = kt_now_iso ();
  apply_stage_kind (deal, kind, old_status, NULL, TRUE, now);

  if (!kt_store_positions_last (store, kt_record_get_id (stage), kind,
                                &max, &found, error))
    return FALSE;
  kt_record_set_int (deal, "position", found ? max + KT_DEAL_POSITION_GAP : KT_DEAL_POSITION_GAP);
  return TRUE;
}

gboolean
kt_deal_move_undo (KtDealMove  *move,
                   GError     **error)
{
  g_return_val_if_fail (move != NULL, FALSE);
  g_return_val_if_fail (move->stage_id != NULL, FALSE);

  return move_deal (move->store, move->deal_id, move->stage_id,
                    move->prev_id, move->next_id, NULL, move, NULL, error);
}
