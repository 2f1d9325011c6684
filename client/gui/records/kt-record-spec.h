/* kt-record-spec.h: what makes a record pane a contacts or a companies pane
 *
 * The list, detail and form machinery is written once (KtRecordPane,
 * KtRecordDetail, KtRecordForm) and driven by the entity description from
 * shared/ plus one of these per entity: which columns the list shows, how
 * the form and detail group the fields, and the few sentences that name
 * the entity.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kantora-shared.h"
#include "kt-store.h"
#include "kt-context.h"

G_BEGIN_DECLS

/* A column of the list. @field is an entity field, KT_COLUMN_TITLE for the
 * record's title, or KT_META_OWNER; "phone|mobile" shows the first of the
 * fields that is set. */
#define KT_COLUMN_TITLE "@title"

/* Under this width (the list's own, beside an open detail too) a list
 * shows only its narrow columns: at 360 px seven columns left a contact's
 * name 60 px ("Alice …") and an invoice's total off screen. */
#define KT_RECORD_PANE_NARROW_WIDTH 600

typedef struct
{
  const char *field;
  const char *title;       /* N_() */
  const char *sort_field;  /* the store sorts by it, a comma list breaks
                              ties ("first_name,last_name"); NULL: not
                              sortable */
  int         width;       /* fixed width in pixels; 0 fills the rest */
  gboolean    narrow;      /* kept when the list is narrower than
                              KT_RECORD_PANE_NARROW_WIDTH (the others
                              wait for a wider window) */
  gboolean    numeric;     /* amounts: right-aligned, tabular figures */
} KtRecordColumn;

/* A group of the form and of the detail pane: a comma list of fields.
 * KT_META_OWNER shows the owner's name in the detail; the form leaves it
 * out. */
typedef struct
{
  const char *title;       /* N_() */
  const char *fields;
} KtRecordGroup;

/* Another entity's records that refer to this one, shown in the detail
 * pane: e.g. the deals whose "contact_id" is this contact. */
typedef struct
{
  const char *entity;      /* "deal" */
  const char *title;       /* N_("Deals") */
  const char *empty;       /* N_("No deals yet") */
  const char *sort;        /* a field, "-" prefix for newest first */
  const char *subtitle;    /* comma list of fields shown under the title;
                              KT_META_OWNER names the author */
} KtRecordLink;

typedef struct
{
  const KtEntity       *entity;
  /* The field other entities use to refer to this one: "contact_id". */
  const char           *link_field;
  const char           *search_placeholder;  /* N_() */
  const char           *empty_title;         /* N_() */
  /* The empty page's icon: the section's own, so that an empty list
   * looks like the place the sidebar named. */
  const char           *empty_icon;
  const char           *empty_description;   /* N_() */
  const char           *new_title;           /* N_("New Contact") */
  const char           *edit_title;          /* N_("Edit Contact") */
  /* Comma list of fields under the title in the detail pane. */
  const char           *subtitle_fields;
  /* Contacts can be filtered by their company. */
  gboolean              filter_by_company;
  const KtRecordColumn *columns;             /* ended by { NULL } */
  const KtRecordGroup  *groups;              /* ended by { NULL } */
  const KtRecordLink   *links;               /* ended by { NULL } */
  /* ngettext() sentences, which C cannot share between entities. */
  char               *(*count_text)   (guint n);               /* "1,234 contacts" */
  char               *(*deleted_text) (guint n, const char *title); /* "“Ivan Petrov” deleted" */
  char               *(*selected_text) (guint n);              /* "3 contacts selected" */

  /* Optional hooks, for entities whose list and detail need more than
   * their fields (the documents: "Draft" for a number not given yet, an
   * open amount, a coloured status; payments: their match). */
  /* A list cell's text, or NULL for the field's own; a column whose field
   * starts with '@' (other than KT_COLUMN_TITLE) has only this. */
  char               *(*cell_text)    (KtStore *store, KtRecord *record, const char *field);
  /* A style class for a list cell (a status tag), or NULL. */
  const char         *(*cell_class)   (KtRecord *record, const char *field);
  /* Widgets shown in the detail above the field groups, rebuilt with the
   * detail (blocks, lines, totals, the record's own actions; their
   * buttons reach the pane's actions by name), or NULL. */
  GtkWidget          *(*detail_extra) (KtContext *context, KtRecord *record);
  /* The detail shows no avatar: a document's number has no face. */
  gboolean            hide_avatar;
  /* Whether Delete may remove @record; FALSE sets @why (a sentence). */
  gboolean            (*can_delete)   (KtRecord *record, char **why);
} KtRecordPaneSpec;

G_END_DECLS
