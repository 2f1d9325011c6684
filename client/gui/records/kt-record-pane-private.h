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
  GPtrArray         *owner_ids;     /* the owner filter's rows: [0] NULL = anyone, [1] me */
  GPtrArray         *undo_ids;      /* what the last delete removed */
  AdwToast          *undo_toast;    /* weak: the delete's toast, while shown */
  guint              shown_position; /* where the detail's record was selected */
  char              *sort_field;
  gboolean           sort_descending;
  /* The Columns menu's actions: their states are the person's choice of
   * columns, which a narrow list does not change (kt-record-pane-view.c). */
  GSimpleActionGroup *column_actions;
  gboolean           narrow;

  /* Template children */
  GtkBox            *toolbar;
  GtkSearchEntry    *search_entry;
  GtkWidget         *filter_button;
  GtkPopover        *filter_popover;
  GtkListBox        *filter_list;
  GtkWidget         *tag_entry;
  GtkWidget         *company_picker; /* KtRecordPicker; NULL unless filter_by_company */
  AdwComboRow       *owner_row;
  GtkLabel          *count_label;
  GtkMenuButton     *view_menu_button;
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
GPtrArray              *kt_record_pane_dup_selected_records (KtRecordPane   *self);
void                    kt_record_pane_install_actions      (GtkWidgetClass *widget_class);

/* kt-record-pane-filters.c: the Filters popover. */
void                    kt_record_pane_setup_filters        (KtRecordPane   *self);
/* Fills the owner filter from the cached team; TRUE if it changed. */
gboolean                kt_record_pane_reload_owners        (KtRecordPane   *self);
gboolean                kt_record_pane_filters_active       (KtRecordPane   *self);
void                    kt_record_pane_add_filters          (KtRecordPane   *self,
                                                             KtQuery        *query);
void                    kt_record_pane_clear_filters        (KtRecordPane   *self);
/* The filters as a saved view's "filters" and back (kt-record-pane-view.c). */
void                    kt_record_pane_save_filters         (KtRecordPane   *self,
                                                             JsonObject     *filters);
void                    kt_record_pane_restore_filters      (KtRecordPane   *self,
                                                             JsonObject     *filters);

/* kt-record-pane-view.c: pane.save-view, pane.open-view, pane.export-csv,
 * and the view menu's Columns (after the columns are made). */
void                    kt_record_pane_install_view_actions (GtkWidgetClass *widget_class);
void                    kt_record_pane_setup_column_menu    (KtRecordPane   *self);
/* Shows only the columns marked narrow (of those chosen) while the list
 * is narrower than KT_RECORD_PANE_NARROW_WIDTH. */
void                    kt_record_pane_watch_width          (KtRecordPane   *self);

G_END_DECLS
