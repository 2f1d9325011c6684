/* kt-record-rows.h: the rows of a detail pane, label under value
 *
 * The contact, company and deal details show a record the same way: a
 * group per concern, one row per set field with the value as its title
 * and the field's label under it, linked records that open on a click,
 * Enter or Space (win.show-record). Unset fields have no row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-record-spec.h"
#include "kt-store.h"

G_BEGIN_DECLS

/* A titled AdwPreferencesGroup appended to @box. */
GtkWidget *kt_record_rows_add_group         (GtkBox             *box,
                                             const char         *title);
/* A row showing @value, with @label under it; long values wrap. */
GtkWidget *kt_record_rows_add_value         (GtkWidget          *group,
                                             const char         *label,
                                             const char         *value);
/* A dim line in @group ("No tasks yet", "and 3 more"). */
void       kt_record_rows_add_placeholder   (GtkWidget          *group,
                                             const char         *text);
/* Makes @row open the @entity record @id (win.show-record), if the
 * window has a view for that kind of record. */
void       kt_record_rows_make_openable     (GtkWidget          *row,
                                             const char         *entity,
                                             const char         *id);
/* The set values of @fields (a comma list) joined by " · ". */
char      *kt_record_rows_join_fields       (KtStore            *store,
                                             KtRecord           *record,
                                             const char         *fields);
/* The group @group of @record's set fields, appended to @box; NULL (and
 * no group) when none of them is set. A reference opens its record,
 * an email or phone row gets a mail or call button (detail.open-uri). */
GtkWidget *kt_record_rows_add_fields        (GtkBox             *box,
                                             KtStore            *store,
                                             KtRecord           *record,
                                             const KtRecordGroup *group);
/* "Custom Fields": the set custom values of @record, or NULL. */
GtkWidget *kt_record_rows_add_custom_fields (GtkBox             *box,
                                             KtStore            *store,
                                             KtRecord           *record);
/* The @link records whose @link_field is @id, newest or first by the
 * link's order, each opening its record; the group is returned. */
GtkWidget *kt_record_rows_add_link          (GtkBox             *box,
                                             KtStore            *store,
                                             const KtRecordLink *link,
                                             const char         *link_field,
                                             const char         *id);

G_END_DECLS
