/* kt-record-pane.h: a searchable, sortable list of records with a detail
 * pane and a form, for one entity
 *
 * Subclasses (KtContactsPane, KtCompaniesPane) only set the spec in their
 * class_init. The pane installs the "pane.*" actions the window forwards
 * its shortcuts to (see docs/ui.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-context.h"
#include "kt-record-list.h"
#include "kt-record-spec.h"

G_BEGIN_DECLS

#define KT_TYPE_RECORD_PANE (kt_record_pane_get_type ())
G_DECLARE_DERIVABLE_TYPE (KtRecordPane, kt_record_pane, KT, RECORD_PANE, GtkWidget)

struct _KtRecordPaneClass
{
  GtkWidgetClass          parent_class;

  const KtRecordPaneSpec *spec;

  /* Optional, for subclasses with filters of their own: rows added to
   * the Filters popover's @list (or with kt_record_pane_add_filter_row()),
   * whether they filter, what they add to the query, and going back to
   * "any". A changed row calls kt_record_pane_filters_changed(). */
  void       (*setup_filters)  (KtRecordPane *self,
                                GtkListBox   *list);
  gboolean   (*filters_active) (KtRecordPane *self);
  void       (*add_filters)    (KtRecordPane *self,
                                KtQuery      *query);
  void       (*clear_filters)  (KtRecordPane *self);
  /* Optional: the subclass's filters into a saved view's "filters" and
   * back; restoring ignores the names it does not know. */
  void       (*save_filters)    (KtRecordPane *self,
                                 JsonObject   *filters);
  void       (*restore_filters) (KtRecordPane *self,
                                 JsonObject   *filters);
  /* Opens the editor of @record (NULL: a new one); the default is a
   * KtRecordForm. Returns the window. */
  GtkWindow *(*open_form)      (KtRecordPane *self,
                                KtRecord     *record);
  /* Optional: the form saved @record; replaces the "saved" toast. */
  void       (*record_saved)   (KtRecordPane *self,
                                KtRecord     *record,
                                gboolean      created);
};

KtContext      *kt_record_pane_get_context     (KtRecordPane *self);
const KtRecordPaneSpec *kt_record_pane_get_spec (KtRecordPane *self);
/* The list the view shows (what search, filters and sort produced). */
KtRecordList   *kt_record_pane_get_list        (KtRecordPane *self);
GtkSelectionModel *kt_record_pane_get_selection (KtRecordPane *self);
/* For tests and scripts: the same as typing in the search entry, without
 * waiting for its delay. */
void            kt_record_pane_search          (KtRecordPane *self,
                                                const char   *text);
/* Selects and shows the record @id (pane.show-record), clearing a search
 * or filters that hide it. */
void            kt_record_pane_show_record     (KtRecordPane *self,
                                                const char   *id);
/* Opens the form; @record NULL for a new one. Returns the form window. */
GtkWindow      *kt_record_pane_open_form       (KtRecordPane *self,
                                                KtRecord     *record);
/* The Filters popover and its rows (tests): the company picker (a
 * KtRecordPicker; NULL unless the entity is filtered by company) and the
 * owner row (an AdwComboRow: "Anyone", "Me", then the team by name). */
GtkWidget      *kt_record_pane_get_filter_popover (KtRecordPane *self);
GtkWidget      *kt_record_pane_get_company_filter (KtRecordPane *self);
GtkWidget      *kt_record_pane_get_owner_filter   (KtRecordPane *self);
/* For subclasses: a row of the Filters popover, above the owner row (call
 * kt_record_pane_filters_changed() when it changes), and a widget at the
 * end of the toolbar, after the record count. */
void            kt_record_pane_add_filter_row     (KtRecordPane *self,
                                                   GtkWidget    *row);
void            kt_record_pane_add_toolbar_widget (KtRecordPane *self,
                                                   GtkWidget    *widget);
/* A filter of a subclass changed: marks the Filters button and runs the
 * query again. */
void            kt_record_pane_filters_changed    (KtRecordPane *self);
/* Saved views (kt-record-pane-view.c): what the pane shows as a view's
 * state (shared/kt-saved-view.h), showing a state, the section its views
 * belong to ("contacts"), and the list as shown written to a CSV file
 * (what pane.export-csv does after its file chooser). */
JsonObject     *kt_record_pane_dup_view_state     (KtRecordPane *self);
void            kt_record_pane_apply_view_state   (KtRecordPane *self,
                                                   JsonObject   *state);
const char     *kt_record_pane_get_view_section   (KtRecordPane *self);
gboolean        kt_record_pane_export_csv         (KtRecordPane *self,
                                                   GFile        *file,
                                                   guint        *n_records,
                                                   GError      **error);
/* The one selected record (the one the detail shows), or NULL. */
KtRecord       *kt_record_pane_dup_single_selected (KtRecordPane *self);
/* Selects and shows the record @id if the list has it; FALSE otherwise. */
gboolean        kt_record_pane_select_record      (KtRecordPane *self,
                                                   const char   *id);

G_END_DECLS
