/* kt-deal-board-private.h: what the parts of KtDealBoard share
 *
 * kt-deal-board.c builds the pane (pipelines, columns, filters, views);
 * kt-deal-board-actions.c moves, creates and deletes deals (drops,
 * keyboard, won/lost, the deal form, undo) and opens and closes the
 * deal's detail beside the board.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-board-column.h"
#include "kt-dashboard-data.h"
#include "kt-deal-board.h"
#include "kt-deal-detail.h"
#include "kt-deal-move.h"

G_BEGIN_DECLS

struct _KtDealBoard
{
  GtkWidget          parent_instance;

  KtContext         *context;
  KtStore           *store;
  char              *pipeline_id;
  GPtrArray         *pipelines;   /* of KtRecord */
  GPtrArray         *columns;     /* of KtBoardColumn, borrowed from columns_box */
  GHashTable        *names;       /* record id -> title, for cards */
  char              *search;
  char              *owner_id;
  char              *attention;       /* "overdue", "stale" or NULL: every deal */
  char              *overdue_before;  /* today, while attention is "overdue" */
  char              *stale_at;        /* now, while attention is "stale" */
  KtDealMove        *last_move;
  char              *deleted_id;  /* the last deletion, while Ctrl+Z undoes it */
  guint              totals_idle;
  /* The column totals are computed on this reader's connection in a
   * worker thread; the cancellable is the refresh under way. */
  KtDashboardReader *reader;
  GCancellable      *totals_cancellable;
  guint              rebuild_idle;
  gboolean           updating_pipelines;

  AdwToastOverlay   *toast_overlay;
  GtkDropDown       *pipeline_dropdown;
  GtkStringList     *pipeline_names;
  GtkSearchEntry    *search_entry;
  GtkDropDown       *owner_dropdown;
  GtkDropDown       *attention_dropdown;
  GtkToggleButton   *board_toggle;
  GtkToggleButton   *list_toggle;
  GtkStack          *view_stack;
  GtkBox            *columns_box;
  GtkColumnView     *list_view;
  GtkWidget         *empty_page;
  AdwLeaflet        *detail_leaflet;
  GtkWidget         *detail_page;
  GtkRevealer       *detail_revealer;
  KtDealDetail      *detail;
};

void kt_deal_board_install_actions (GtkWidgetClass *widget_class);
void kt_deal_board_add_shortcuts   (KtDealBoard    *self);
void kt_deal_board_show_error      (KtDealBoard    *self,
                                    const GError   *error);
KtBoardColumn *kt_deal_board_find_column (KtDealBoard *self,
                                          const char  *stage_id);

G_END_DECLS
