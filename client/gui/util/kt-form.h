/* kt-form.h: the base of every editor window
 *
 * A form edits one record: it shows it in rows, checks what the person
 * typed with the model's own rules as they type, and on Save writes only
 * what they changed on top of the record as the store holds it then.
 * KtForm does the parts every editor shares (the header with Cancel and
 * Save, the rows' errors, focus, Save and ::saved); a subclass makes the
 * rows and says how they write into a record (docs/ui.md, HACKING.md
 * "Add an editor").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-store.h"

G_BEGIN_DECLS

#define KT_TYPE_FORM (kt_form_get_type ())
G_DECLARE_DERIVABLE_TYPE (KtForm, kt_form, KT, FORM, AdwWindow)

struct _KtFormClass
{
  AdwWindowClass parent_class;

  /* Writes the rows into @record, a copy of the record as loaded (on
   * Save: as the store holds it now). A stored record gets only the rows
   * kt_form_writes() allows. On a problem: FALSE, @error, and @field the
   * key of the row it concerns (or NULL). */
  gboolean (*apply) (KtForm     *self,
                     KtRecord   *record,
                     char      **field,
                     GError    **error);
  /* Rules beyond kt_record_validate(), which runs between apply and
   * check. Optional. */
  gboolean (*check) (KtForm     *self,
                     KtRecord   *record,
                     char      **field,
                     GError    **error);
  /* Writes the record; the default is kt_store_save(). FALSE with
   * G_IO_ERROR_PENDING: the subclass finishes later with
   * kt_form_finish_save() or kt_form_fail_save(), and Save waits. */
  gboolean (*save)  (KtForm     *self,
                     KtRecord   *record,
                     GError    **error);

  gpointer padding[8];
};

/* For subclasses, while they build the form. */

/* The record the form edits (a copy is kept): a stored one when
 * @editing, otherwise a new one with its defaults and presets. */
void        kt_form_set_record       (KtForm              *self,
                                      KtStore             *store,
                                      KtRecord            *record,
                                      gboolean             editing);
void        kt_form_set_titles       (KtForm              *self,
                                      const char          *title,
                                      const char          *subtitle);
void        kt_form_set_save_label   (KtForm              *self,
                                      const char          *label);
void        kt_form_add_group        (KtForm              *self,
                                      AdwPreferencesGroup *group);
/* Registers @row as the row of @key, once it is in its group. Its error
 * is shown right under it. Changes of @value (the row itself when NULL;
 * an entry, combo row, switch, text view or record picker) revalidate
 * the form; KtForm remembers what @value shows when the form is loaded
 * (kt_form_writes()). */
void        kt_form_add_field        (KtForm              *self,
                                      const char          *key,
                                      GtkWidget           *row,
                                      GtkWidget           *value);
/* Adds a calendar in a popover to a date entry row: a chosen day is
 * written into the row the way the person would type it in their
 * language, so typing stays possible and nothing else changes. */
void        kt_form_add_date_button  (KtForm              *self,
                                      GtkWidget           *row);
/* The same for a time row ("HH:MM"): hour and minute spinners. */
void        kt_form_add_time_button  (KtForm              *self,
                                      GtkWidget           *row);
/* Puts @banner (a strip such as the duplicates' "This looks like …")
 * between the header and the rows, where it stays while they scroll. */
void        kt_form_add_banner       (KtForm              *self,
                                      GtkWidget           *banner);
/* Errors about @field are shown at @key's row. */
void        kt_form_alias_field      (KtForm              *self,
                                      const char          *field,
                                      const char          *key);
/* The rows are filled: remember what they show, check the record
 * quietly and put the keyboard in the first text field. */
void        kt_form_loaded           (KtForm              *self);
/* TRUE until kt_form_loaded(): changes are the form filling its rows. */
gboolean    kt_form_is_loading       (KtForm              *self);
/* Checks the rows again; connect a row's own change signal to it. */
void        kt_form_validate         (KtForm              *self);
/* Whether apply writes @value: always for a new record, for a stored one
 * only when the person changed it since kt_form_loaded(). */
gboolean    kt_form_writes           (KtForm              *self,
                                      GtkWidget           *value);

KtStore    *kt_form_get_store        (KtForm              *self);
/* The record as loaded, or (during and after Save) as the store held it. */
KtRecord   *kt_form_get_record       (KtForm              *self);
gboolean    kt_form_is_editing       (KtForm              *self);

/* The end of a save that answered G_IO_ERROR_PENDING: ::saved and
 * close, or the form stays open with @message under @field's row. */
void        kt_form_finish_save      (KtForm              *self,
                                      KtRecord            *record);
void        kt_form_fail_save        (KtForm              *self,
                                      const char          *field,
                                      const char          *message);

/* For the code that opens a form, and for tests. */

/* The row of @key (a field name, or what the subclass documents). */
GtkWidget  *kt_form_get_row          (KtForm              *self,
                                      const char          *key);
/* The key and message of the current problem; NULL when valid. The
 * message is shown only once the person left that row or pressed Save. */
const char *kt_form_get_error_field  (KtForm              *self);
const char *kt_form_get_error        (KtForm              *self);
gboolean    kt_form_is_valid         (KtForm              *self);
/* Whether the problem of @key is on screen now. */
gboolean    kt_form_is_error_shown   (KtForm              *self,
                                      const char          *key);
/* What Save does: on a problem, show every problem and focus the first
 * bad row; otherwise save, emit ::saved and close. */
gboolean    kt_form_save             (KtForm              *self,
                                      GError             **error);

G_END_DECLS
