/* kt-duplicate-banner.c: "This looks like Ivan Petrov (same email)"
 *
 * The contact and company forms show it over their rows while a person
 * types a record that looks like a stored one. The lookup waits for a
 * pause in typing (DEBOUNCE_MS) and runs in KtDuplicateFinder's worker
 * thread, which builds the index on its own connection: the first
 * lookup on a large store takes seconds, and the main loop never waits
 * for it. A newer keystroke cancels the lookup under way.
 *
 * libadwaita 1.2 has no AdwBanner (1.3), so this is a GtkRevealer with
 * a styled box (dupes.css), as AdwBanner draws it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-duplicate-banner"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-duplicate-banner.h"
#include "kt-duplicate-finder.h"
#include "kt-form.h"
#include "kt-merge-dialog.h"
#include "kt-toast.h"

/* Long enough that a lookup runs once a word is typed, not per letter;
 * short enough that the banner is there before the next field. */
#define DEBOUNCE_MS 300

struct _KtDuplicateBanner
{
  GtkWidget     parent_instance;

  GtkRevealer  *revealer;
  GtkLabel     *label;

  KtStore      *store;
  KtRecord     *pending;       /* the record to look up when the timer fires */
  guint         timeout_id;
  GCancellable *cancellable;   /* of the lookup under way */
  const KtEntity *entity;
  char         *duplicate_id;  /* shown */
};

G_DEFINE_FINAL_TYPE (KtDuplicateBanner, kt_duplicate_banner, GTK_TYPE_WIDGET)

static void
ensure_css (void)
{
  static gboolean loaded;
  g_autoptr (GtkCssProvider) provider = NULL;

  if (loaded || gdk_display_get_default () == NULL)
    return;
  loaded = TRUE;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/org/kantora/Kantora/dupes/dupes.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

char *
kt_duplicate_reasons_text (KtDuplicateReason reasons)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new ();

  if (reasons & KT_DUPLICATE_EMAIL)
    g_ptr_array_add (parts, _("same email"));
  if (reasons & KT_DUPLICATE_PHONE)
    g_ptr_array_add (parts, _("same phone"));
  if (reasons & KT_DUPLICATE_COMPANY_ID)
    g_ptr_array_add (parts, _("same EIK or VAT number"));
  if (reasons & KT_DUPLICATE_NAME)
    g_ptr_array_add (parts, _("similar name"));
  g_ptr_array_add (parts, NULL);

  /* Translators: the separator between reasons: "same email, similar name" */
  return g_strjoinv (_(", "), (char **) parts->pdata);
}

static void
show_duplicate (KtDuplicateBanner *self,
                KtDuplicate       *duplicate)
{
  g_autofree char *reasons = NULL;
  g_autofree char *text = NULL;

  g_clear_pointer (&self->duplicate_id, g_free);
  if (duplicate == NULL)
    {
      gtk_revealer_set_reveal_child (self->revealer, FALSE);
      return;
    }

  self->duplicate_id = g_strdup (duplicate->id);
  reasons = kt_duplicate_reasons_text (duplicate->reasons);
  /* Translators: "This looks like Ivan Petrov (same email)" */
  text = g_strdup_printf (_("This looks like %s (%s)"), duplicate->title, reasons);
  gtk_label_set_text (self->label, text);
  gtk_revealer_set_reveal_child (self->revealer, TRUE);
}

static void
on_found_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (KtDuplicateBanner) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) found = NULL;

  found = kt_duplicate_finder_find_finish (KT_DUPLICATE_FINDER (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  if (found == NULL)
    {
      /* The form works without the banner: say it in the log only. */
      g_warning ("Could not look for duplicates: %s", error->message);
      return;
    }

  show_duplicate (self, found->len > 0 ? g_ptr_array_index (found, 0) : NULL);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  KtDuplicateBanner *self = user_data;
  g_autoptr (KtRecord) record = g_steal_pointer (&self->pending);
  KtDuplicateFinder *finder = kt_duplicate_finder_get_for_store (self->store);

  self->timeout_id = 0;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  kt_duplicate_finder_find_async (finder, record, 1, self->cancellable, on_found_cb, g_object_ref (self));

  return G_SOURCE_REMOVE;
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KtDuplicateBanner *self = KT_DUPLICATE_BANNER (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWindow *parent;

  if (self->duplicate_id == NULL || !GTK_IS_WINDOW (root))
    return;

  /* The stored record is what the person wants: the window shows it, and
   * this form goes. */
  parent = gtk_window_get_transient_for (GTK_WINDOW (root));
  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.show-record", "(ss)",
                                self->entity->name, self->duplicate_id);
  gtk_window_close (GTK_WINDOW (root));
}

static void
merge_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  KtDuplicateBanner *self = KT_DUPLICATE_BANNER (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr (GtkWindow) form = NULL;
  g_autoptr (GtkWindow) parent = NULL;
  g_autoptr (KtStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *survivor_id = NULL;
  g_autofree char *loser_id = NULL;
  const KtEntity *entity = self->entity;
  GtkWindow *dialog;

  if (self->duplicate_id == NULL || !KT_IS_FORM (root))
    return;

  /* What was typed is saved first, as Save would (a problem stops it
   * there, shown under its row), so both records are stored; then the
   * stored one survives and this one is merged into it. Save closes the
   * form and this banner with it: keep what the dialog needs, and touch
   * neither afterwards but through these references. */
  survivor_id = g_strdup (self->duplicate_id);
  store = g_object_ref (self->store);
  form = g_object_ref (GTK_WINDOW (root));
  if (gtk_window_get_transient_for (form) != NULL)
    parent = g_object_ref (gtk_window_get_transient_for (form));
  if (!kt_form_save (KT_FORM (form), NULL))
    return;
  loser_id = g_strdup (kt_record_get_id (kt_form_get_record (KT_FORM (form))));

  dialog = kt_merge_dialog_new (store, entity, survivor_id, loser_id, &error);
  if (dialog == NULL)
    {
      if (parent != NULL)
        kt_widget_add_toast (GTK_WIDGET (parent), adw_toast_new (error->message));
      return;
    }
  gtk_window_set_transient_for (dialog, parent);
  gtk_window_present (dialog);
}

static void
kt_duplicate_banner_dispose (GObject *object)
{
  KtDuplicateBanner *self = KT_DUPLICATE_BANNER (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), KT_TYPE_DUPLICATE_BANNER);

  G_OBJECT_CLASS (kt_duplicate_banner_parent_class)->dispose (object);
}

static void
kt_duplicate_banner_finalize (GObject *object)
{
  KtDuplicateBanner *self = KT_DUPLICATE_BANNER (object);

  g_clear_object (&self->store);
  g_clear_object (&self->pending);
  g_free (self->duplicate_id);

  G_OBJECT_CLASS (kt_duplicate_banner_parent_class)->finalize (object);
}

static void
kt_duplicate_banner_class_init (KtDuplicateBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_duplicate_banner_dispose;
  object_class->finalize = kt_duplicate_banner_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/kantora/Kantora/dupes/kt-duplicate-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, KtDuplicateBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, KtDuplicateBanner, label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "banner.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "banner.merge", NULL, merge_action);
}

static void
kt_duplicate_banner_init (KtDuplicateBanner *self)
{
  ensure_css ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

gboolean
kt_duplicate_banner_handles (const KtEntity *entity)
{
  return entity == KT_ENTITY_CONTACT || entity == KT_ENTITY_COMPANY;
}

GtkWidget *
kt_duplicate_banner_new (KtStore *store)
{
  KtDuplicateBanner *self;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);

  self = g_object_new (KT_TYPE_DUPLICATE_BANNER, NULL);
  self->store = g_object_ref (store);
  return GTK_WIDGET (self);
}

void
kt_duplicate_banner_update (KtDuplicateBanner *self,
                            KtRecord          *record)
{
  g_return_if_fail (KT_IS_DUPLICATE_BANNER (self));
  g_return_if_fail (KT_IS_RECORD (record));
  g_return_if_fail (kt_duplicate_banner_handles (kt_record_get_entity (record)));

  self->entity = kt_record_get_entity (record);
  g_set_object (&self->pending, record);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add (DEBOUNCE_MS, on_timeout_cb, self);
}

const char *
kt_duplicate_banner_get_duplicate_id (KtDuplicateBanner *self)
{
  g_return_val_if_fail (KT_IS_DUPLICATE_BANNER (self), NULL);

  return self->duplicate_id;
}

gboolean
kt_duplicate_banner_is_busy (KtDuplicateBanner *self)
{
  g_return_val_if_fail (KT_IS_DUPLICATE_BANNER (self), FALSE);

  return self->timeout_id != 0 || self->cancellable != NULL;
}
