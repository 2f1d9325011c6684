/* kt-deal-card.c: one deal on the board, a recycled list row
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-deal-card"

#include "config.h"

#include <glib/gi18n.h>
#include <stdarg.h>
#include <string.h>

#include "kt-deal-card.h"
#include "kt-format.h"

struct _KtDealCard
{
  GtkWidget  parent_instance;

  KtRecord  *deal;
  gboolean   stale;
  gboolean   overdue;

  GtkLabel  *title_label;
  GtkLabel  *stale_label;
  GtkLabel  *value_label;
  GtkLabel  *party_label;
  GtkLabel  *owner_label;
  GtkLabel  *close_label;
};

G_DEFINE_FINAL_TYPE (KtDealCard, kt_deal_card, GTK_TYPE_WIDGET)

gboolean
kt_deal_is_stale (const char *stage_changed_at,
                  guint       rotting_days,
                  GDateTime  *now)
{
  g_autoptr(GDateTime) since = NULL;
  GTimeSpan span;

  if (rotting_days == 0 || stage_changed_at == NULL || now == NULL)
    return FALSE;
  since = g_date_time_new_from_iso8601 (stage_changed_at, NULL);
  if (since == NULL)
    return FALSE;
  span = g_date_time_difference (now, since);
  return span > (GTimeSpan) rotting_days * G_TIME_SPAN_DAY;
}

gboolean
kt_deal_is_overdue (const char *expected_close_date,
                    const char *status,
                    const char *today)
{
  /* Dates are YYYY-MM-DD: their text sorts as the days do. */
  return expected_close_date != NULL && today != NULL &&
         (status == NULL || g_str_equal (status, "open")) &&
         strcmp (expected_close_date, today) < 0;
}

/* A mark beside the title: hidden until the deal needs it. */
static GtkLabel *
add_badge (GtkWidget  *parent,
           const char *text,
           const char *tooltip,
           const char *style,
           const char *badge_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, style);
  gtk_widget_add_css_class (label, badge_class);
  gtk_widget_set_tooltip_text (label, tooltip);
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  gtk_widget_set_visible (label, FALSE);
  gtk_box_append (GTK_BOX (parent), label);
  return GTK_LABEL (label);
}

/* The card is the drag source: the content is the deal record itself, a
 * type only this process offers, so a stray text drop never moves a deal. */
static GdkContentProvider *
on_drag_prepare_cb (GtkDragSource *source,
                    double         x,
                    double         y,
                    KtDealCard    *self)
{
  if (self->deal == NULL)
    return NULL;
  return gdk_content_provider_new_typed (KT_TYPE_RECORD, self->deal);
}

static void
on_drag_begin_cb (GtkDragSource *source,
                  GdkDrag       *drag,
                  KtDealCard    *self)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (self));

  gtk_drag_source_set_icon (source, paintable, 16, 16);
  gtk_widget_add_css_class (GTK_WIDGET (self), "dragging");
}

static void
on_drag_end_cb (GtkDragSource *source,
                GdkDrag       *drag,
                gboolean       delete_data,
                KtDealCard    *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self), "dragging");
}

static void
kt_deal_card_dispose (GObject *object)
{
  KtDealCard *self = KT_DEAL_CARD (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->deal);

  G_OBJECT_CLASS (kt_deal_card_parent_class)->dispose (object);
}

static void
kt_deal_card_class_init (KtDealCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_deal_card_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "dealcard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static GtkLabel *
add_label (GtkWidget  *parent,
           const char *first_class,
           ...)
{
  GtkWidget *label = gtk_label_new (NULL);
  const char *css_class = first_class;
  va_list args;

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  va_start (args, first_class);
  for (; css_class != NULL; css_class = va_arg (args, const char *))
    gtk_widget_add_css_class (label, css_class);
  va_end (args);
  if (GTK_IS_BOX (parent))
    gtk_box_append (GTK_BOX (parent), label);
  else
    gtk_widget_set_parent (label, parent);
  return GTK_LABEL (label);
}

/* Built in code rather than from a template: a GTK 4.8 list view makes
 * about 200 rows per column up front, and GtkBuilder parsing the card 200
 * times was most of the time a 10,000-deal pipeline took to open. */
static void
build_card (KtDealCard *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *bottom = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (widget)),
                                  GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (widget)), 4);
  gtk_widget_add_css_class (widget, "card");
  gtk_widget_add_css_class (widget, "deal-card");

  gtk_widget_set_parent (top, widget);
  self->title_label = add_label (top, "heading", NULL);
  gtk_widget_set_hexpand (GTK_WIDGET (self->title_label), TRUE);
  gtk_label_set_wrap (self->title_label, TRUE);
  gtk_label_set_wrap_mode (self->title_label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (self->title_label, 2);
  gtk_label_set_ellipsize (self->title_label, PANGO_ELLIPSIZE_END);
  self->stale_label = add_badge (top, _("Stale"), _("In this stage longer than its rotting period"),
                                 "warning", "stale-badge");

  self->value_label = add_label (widget, "numeric", "deal-value", NULL);
  self->party_label = add_label (widget, "dim-label", NULL);
  gtk_label_set_ellipsize (self->party_label, PANGO_ELLIPSIZE_END);

  gtk_widget_set_parent (bottom, widget);
  self->owner_label = add_label (bottom, "caption", "dim-label", NULL);
  gtk_widget_set_hexpand (GTK_WIDGET (self->owner_label), TRUE);
  gtk_label_set_ellipsize (self->owner_label, PANGO_ELLIPSIZE_END);
  self->close_label = add_label (bottom, "caption", "dim-label", "numeric", NULL);
  gtk_label_set_xalign (self->close_label, 1);
}

static void
kt_deal_card_init (KtDealCard *self)
{
  GtkDragSource *source;

  build_card (self);

  source = gtk_drag_source_new ();
  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  /* GTK 4.8 keeps the drag source alive until the drag ends, which can be
   * after the card is gone: a drop reloads the column the card came from
   * and the list view destroys its row. Connected to the card's life, so
   * the handlers never see a freed card. */
  g_signal_connect_object (source, "prepare", G_CALLBACK (on_drag_prepare_cb), self, 0);
  g_signal_connect_object (source, "drag-begin", G_CALLBACK (on_drag_begin_cb), self, 0);
  g_signal_connect_object (source, "drag-end", G_CALLBACK (on_drag_end_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (source));
}

GtkWidget *
kt_deal_card_new (void)
{
  return g_object_new (KT_TYPE_DEAL_CARD, NULL);
}

static void
set_optional_label (GtkLabel   *label,
                    const char *text)
{
  gtk_label_set_label (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

/* The badges, and style classes a theme or a test can see. */
static void
set_marks (KtDealCard *self,
           gboolean    overdue,
           gboolean    stale)
{
  self->overdue = overdue;
  self->stale = stale;
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->close_label),
                               overdue ? _("Expected to close before today") : NULL);
  if (overdue)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->close_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->close_label), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->close_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->close_label), "dim-label");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->stale_label), stale);
  if (overdue)
    gtk_widget_add_css_class (GTK_WIDGET (self), "overdue");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "overdue");
  if (stale)
    gtk_widget_add_css_class (GTK_WIDGET (self), "stale");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "stale");
}

void
kt_deal_card_set_deal (KtDealCard           *self,
                       KtRecord             *deal,
                       const KtDealCardInfo *info)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) today = NULL;
  g_autofree char *today_text = NULL;
  g_autofree char *marks = NULL;
  g_autofree char *value = NULL;
  g_autofree char *close = NULL;
  g_autofree char *accessible = NULL;
  const char *title;
  const char *currency;
  const char *close_date;
  const char *status;

  g_return_if_fail (KT_IS_DEAL_CARD (self));
  g_return_if_fail (deal == NULL || KT_IS_RECORD (deal));

  /* Even for the same record object the values may have changed (a row is
   * re-bound after a reload), so the labels are always refreshed. */
  g_set_object (&self->deal, deal);

  if (deal == NULL)
    {
      gtk_label_set_label (self->title_label, "");
      set_marks (self, FALSE, FALSE);
      return;
    }

  title = kt_record_get_string (deal, "title");
  currency = kt_record_get_string (deal, "currency");
  close_date = kt_record_get_string (deal, "expected_close_date");
  now = g_date_time_new_now_utc ();

  gtk_label_set_label (self->title_label, title != NULL ? title : _("Untitled deal"));
  if (kt_record_has (deal, "value"))
    value = kt_format_money (kt_record_get_int (deal, "value"),
                             currency != NULL ? currency : KT_DEFAULT_CURRENCY);
  set_optional_label (self->value_label, value);
  set_optional_label (self->party_label, info != NULL ? info->party : NULL);
  set_optional_label (self->owner_label, info != NULL ? info->owner : NULL);
  status = kt_record_get_string (deal, "status");
  today = kt_format_now ();
  today_text = g_date_time_format (today, "%Y-%m-%d");
  /* Only an open deal is late or stuck: a won or lost one is done. */
  set_marks (self,
             kt_deal_is_overdue (close_date, status, today_text),
             (status == NULL || g_str_equal (status, "open")) &&
             kt_deal_is_stale (kt_record_get_string (deal, "stage_changed_at"),
                               info != NULL ? info->rotting_days : 0, now));

  /* An overdue deal says so on its date line, in the error colour, which
   * leaves the title its width. */
  if (close_date != NULL)
    {
      g_autofree char *date = kt_format_date_string (close_date);

      if (self->overdue)
        /* Translators: the expected close date of an overdue deal on its card. */
        close = g_strdup_printf (_("Overdue since %s"), date != NULL ? date : close_date);
      else
        /* Translators: the expected close date on a deal card. */
        close = g_strdup_printf (_("Closes %s"), date != NULL ? date : close_date);
    }
  set_optional_label (self->close_label, close);

  marks = g_strconcat (self->overdue ? _(", overdue") : "", self->stale ? _(", stale") : "", NULL);
  /* Translators: the accessible name of a deal card: title, value. */
  accessible = g_strdup_printf (_("Deal %s, %s%s"),
                                title != NULL ? title : "",
                                value != NULL ? value : _("no value"),
                                marks);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

/**
 * kt_deal_card_get_deal:
 *
 * Returns: (transfer none) (nullable): the deal shown
 */
KtRecord *
kt_deal_card_get_deal (KtDealCard *self)
{
  g_return_val_if_fail (KT_IS_DEAL_CARD (self), NULL);
  return self->deal;
}

gboolean
kt_deal_card_get_overdue (KtDealCard *self)
{
  g_return_val_if_fail (KT_IS_DEAL_CARD (self), FALSE);
  return self->overdue;
}

gboolean
kt_deal_card_get_stale (KtDealCard *self)
{
  g_return_val_if_fail (KT_IS_DEAL_CARD (self), FALSE);
  return self->stale;
}
