/* kt-activity-timeline.h: the activities of one record, newest first
 *
 * For the detail panes of contacts, companies and deals:
 *
 *   GtkWidget *timeline = kt_activity_timeline_new (store, "contact", id);
 *   ...
 *   kt_activity_timeline_set_record (KT_ACTIVITY_TIMELINE (timeline), "contact", other_id);
 *
 * Its "Log Activity" button opens the dialog that records a call, meeting,
 * email or note against the record; the list follows the store. For an
 * invoice it is the mail log: the emails the server sent about it
 * ("Reminder 1 sent to …"), with their date, and no button.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kt-store.h"

G_BEGIN_DECLS

#define KT_TYPE_ACTIVITY_TIMELINE (kt_activity_timeline_get_type ())
G_DECLARE_FINAL_TYPE (KtActivityTimeline, kt_activity_timeline, KT, ACTIVITY_TIMELINE, GtkWidget)

/* @entity_name: "contact", "company", "deal" or "invoice"; @record_id may be NULL
 * (an empty timeline until set_record()). */
GtkWidget  *kt_activity_timeline_new        (KtStore            *store,
                                             const char         *entity_name,
                                             const char         *record_id);
void        kt_activity_timeline_set_record (KtActivityTimeline *self,
                                             const char         *entity_name,
                                             const char         *record_id);
const char *kt_activity_timeline_get_record_id (KtActivityTimeline *self);
/* The activities shown, newest first (items are KtRecord). */
GListModel *kt_activity_timeline_get_model  (KtActivityTimeline *self);
/* The list box of rows (tests). */
GtkListBox *kt_activity_timeline_get_list   (KtActivityTimeline *self);

/* "just now", "5 minutes ago", "yesterday", "3 days ago", then a date. */
char       *kt_activity_format_relative     (gint64              then_unix_ms,
                                             gint64              now_unix_ms);
/* The symbolic icon of an activity type. */
const char *kt_activity_type_icon           (const char         *type);
const char *kt_activity_type_label          (const char         *type);

G_END_DECLS
