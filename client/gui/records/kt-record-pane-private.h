/* kt-record-pane-private.h: what kt-record-pane.c and
 * kt-record-pane-actions.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-record-detail.h"
#include "kt-record-pane.h"

G_BEGIN_DECLS

typedef struct
{
  KtContext         *context;
  KtRecordList      *list;
  GtkMultiSelection *selection;
  GHashTable        *title_cache;
  GPtrArray         *company_ids;   /* the company filter's rows; [0] NULL = any */
  GPtrArray         *undo_ids;      /* what the last delete removed */
  char              *sort_field;
  gboolean           sort_descending;

  /* Template children */
  GtkSearchEntry    *search_entry;
  GtkWidget         *filter_button;
  GtkEntry          *tag_entry;
  GtkWidget         *company_label;
  GtkDropDown       *company_dropdown;
  GtkCheckButton    *mine_check;
  GtkLabel          *count_label;
  GtkStack          *list_stack;
  GtkColumnView     *column_view;
  AdwStatusPage     *empty_page;
  GtkWidget         *empty_new_button;
  GtkRevealer       *detail_revealer;
  KtRecordDetail    *detail;
  GtkActionBar      *selection_bar;
  GtkLabel          *selection_label;
} KtRecordPanePrivate;

#define PRIV(self) (kt_record_pane_get_priv (self))

KtRecordPanePrivate    *kt_record_pane_get_priv             (KtRecordPane   *self);
const KtRecordPaneSpec *kt_record_pane_spec                 (KtRecordPane   *self);
/* Builds the query from the search entry, the filters and the sort, and
 * gives it to the list. */
void                    kt_record_pane_apply_query          (KtRecordPane   *self);
KtRecord               *kt_record_pane_dup_single_selected  (KtRecordPane   *self);
GPtrArray              *kt_record_pane_dup_selected_records (KtRecordPane   *self);
void                    kt_record_pane_install_actions      (GtkWidgetClass *widget_class);

G_END_DECLS
