/* kt-line-items.c: the lines of an invoice or offer, as the editor edits them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-line-items"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-format.h"
#include "kt-line-items.h"

/* The VAT rates of Bulgaria (VAT Act, art. 66): standard, reduced, none. */
static const gint32 vat_rates[] = { 2000, 900, 0 };

typedef struct
{
  GtkWidget *box;
  GtkWidget *title;
  GtkWidget *description;
  GtkWidget *quantity;
  GtkWidget *unit;
  GtkWidget *price;
  GtkWidget *discount;
  GtkWidget *vat;
  GArray    *rates;        /* of gint32, the drop-down's items */
  GtkWidget *exemption;
  GtkWidget *amount;
  KtRecord  *stored;       /* the item as loaded; NULL for a new line */
} Line;

struct _KtLineItems
{
  GtkWidget       parent_instance;

  const KtEntity *item_entity;
  char           *currency;
  GPtrArray      *lines;    /* of Line, in order */
  GPtrArray      *removed;  /* of KtRecord: stored items taken out */
  gboolean        loading;

  GtkWidget      *box;
  GtkWidget      *lines_box;
  GtkWidget      *add_button;
};

G_DEFINE_FINAL_TYPE (KtLineItems, kt_line_items, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
line_free (gpointer data)
{
  Line *line = data;

  g_clear_pointer (&line->rates, g_array_unref);
  g_clear_object (&line->stored);
  g_free (line);
}

static const char *
currency (KtLineItems *self)
{
  return self->currency != NULL ? self->currency : KT_DEFAULT_CURRENCY;
}

static void
emit_changed (KtLineItems *self)
{
  if (!self->loading)
    g_signal_emit (self, signals[CHANGED], 0);
}

static int
line_index (KtLineItems *self,
            Line        *line)
{
  for (guint i = 0; i < self->lines->len; i++)
    if (g_ptr_array_index (self->lines, i) == line)
      return (int) i;
  return -1;
}

/* The line the keyboard is in, or NULL. */
static Line *
focused_line (KtLineItems *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  for (guint i = 0; focus != NULL && i < self->lines->len; i++)
    {
      Line *line = g_ptr_array_index (self->lines, i);

      if (focus == line->box || gtk_widget_is_ancestor (focus, line->box))
        return line;
    }
  return NULL;
}

static gint32
line_rate (Line *line)
{
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (line->vat));

  return selected < line->rates->len ? g_array_index (line->rates, gint32, selected) : 2000;
}

/* Reads a line into @input; FALSE with @error (and @bad, the entry) when
 * an entry does not parse. An empty quantity is 1, an empty discount 0. */
static gboolean
parse_line (KtLineItems  *self,
            Line         *line,
            KtLineInput  *input,
            GtkWidget   **bad,
            GError      **error)
{
  const char *quantity = gtk_editable_get_text (GTK_EDITABLE (line->quantity));
  const char *price = gtk_editable_get_text (GTK_EDITABLE (line->price));
  const char *discount = gtk_editable_get_text (GTK_EDITABLE (line->discount));
  gint64 value;

  input->quantity = KT_QUANTITY_SCALE;
  input->unit_price = 0;
  input->discount_bps = 0;
  input->vat_bps = line_rate (line);

  *bad = line->quantity;
  if (*quantity != '\0' && !kt_format_parse_decimal (quantity, 3, &input->quantity, error))
    return FALSE;
  if (input->quantity < 0)
    {
      g_set_error_literal (error, KT_ERROR, KT_ERROR_INVALID, _("A quantity cannot be negative"));
      return FALSE;
    }

  *bad = line->price;
  if (*price != '\0' &&
      !kt_money_parse (price, currency (self), kt_format_get_decimal_mark (), &input->unit_price, error))
    return FALSE;

  *bad = line->discount;
  if (*discount != '\0')
    {
      if (!kt_format_parse_decimal (discount, 2, &value, error))
        return FALSE;
      if (value < 0 || value > KT_BPS_SCALE)
        {
          g_set_error_literal (error, KT_ERROR, KT_ERROR_INVALID,
                               _("A discount is a percentage from 0 to 100"));
          return FALSE;
        }
      input->discount_bps = (gint32) value;
    }

  *bad = NULL;
  return TRUE;
}

static void
update_line (KtLineItems *self,
             Line        *line)
{
  KtLineInput input;
  KtLineTotals totals;
  GtkWidget *bad = NULL;
  g_autofree char *amount = NULL;
  GtkWidget *entries[] = { line->quantity, line->price, line->discount };

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    gtk_widget_remove_css_class (entries[i], "error");

  if (parse_line (self, line, &input, &bad, NULL) && kt_totals_line (&input, &totals, NULL))
    amount = kt_format_money (totals.net, currency (self));
  else if (bad != NULL)
    gtk_widget_add_css_class (bad, "error");

  gtk_label_set_label (GTK_LABEL (line->amount), amount != NULL ? amount : "—");
  gtk_widget_set_visible (line->exemption, line_rate (line) == 0);
}

static void
renumber (KtLineItems *self)
{
  for (guint i = 0; i < self->lines->len; i++)
    {
      Line *line = g_ptr_array_index (self->lines, i);
      /* Translators: the heading of an invoice line, "Line 2" */
      g_autofree char *title = g_strdup_printf (_("Line %u"), i + 1);

      gtk_label_set_label (GTK_LABEL (line->title), title);
    }
}

static void
on_line_changed_cb (GtkWidget *widget,
                    gpointer   data)
{
  KtLineItems *self = KT_LINE_ITEMS (gtk_widget_get_ancestor (widget, KT_TYPE_LINE_ITEMS));
  Line *line = data;

  if (self == NULL)
    return;
  update_line (self, line);
  emit_changed (self);
}

static void
on_vat_selected_cb (GObject    *dropdown,
                    GParamSpec *pspec,
                    gpointer    data)
{
  on_line_changed_cb (GTK_WIDGET (dropdown), data);
}

static void
on_move_up_clicked_cb (GtkButton *button,
                       gpointer   data)
{
  KtLineItems *self = KT_LINE_ITEMS (gtk_widget_get_ancestor (GTK_WIDGET (button), KT_TYPE_LINE_ITEMS));
  int index = line_index (self, data);

  if (index > 0)
    kt_line_items_move_line (self, (guint) index, -1);
}

static void
on_move_down_clicked_cb (GtkButton *button,
                         gpointer   data)
{
  KtLineItems *self = KT_LINE_ITEMS (gtk_widget_get_ancestor (GTK_WIDGET (button), KT_TYPE_LINE_ITEMS));
  int index = line_index (self, data);

  if (index >= 0)
    kt_line_items_move_line (self, (guint) index, 1);
}

static void
on_remove_clicked_cb (GtkButton *button,
                      gpointer   data)
{
  KtLineItems *self = KT_LINE_ITEMS (gtk_widget_get_ancestor (GTK_WIDGET (button), KT_TYPE_LINE_ITEMS));
  int index = line_index (self, data);

  if (index >= 0)
    kt_line_items_remove_line (self, (guint) index);
}

static GtkWidget *
icon_button (const char *icon,
             const char *tooltip,
             GCallback   callback,
             Line       *line)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  /* The keyboard has Alt+Up, Alt+Down and Alt+Delete: Tab goes from
   * entry to entry. */
  gtk_widget_set_focus_on_click (button, FALSE);
  gtk_widget_set_focusable (button, FALSE);
  g_signal_connect (button, "clicked", callback, line);
  return button;
}

/* A small captioned entry of the line's second row. */
static GtkWidget *
add_cell (GtkWidget  *flow,
          const char *caption,
          GtkWidget  *value,
          int         width_chars)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *label = gtk_label_new (caption);
  GtkWidget *child;

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);
  if (GTK_IS_ENTRY (value))
    {
      gtk_editable_set_width_chars (GTK_EDITABLE (value), width_chars);
      gtk_editable_set_max_width_chars (GTK_EDITABLE (value), width_chars);
      gtk_accessible_update_property (GTK_ACCESSIBLE (value), GTK_ACCESSIBLE_PROPERTY_LABEL, caption, -1);
    }
  gtk_box_append (GTK_BOX (box), value);

  gtk_flow_box_append (GTK_FLOW_BOX (flow), box);
  child = gtk_widget_get_parent (box);
  /* The entries take the keyboard, not the flow box's cells. */
  gtk_widget_set_focusable (child, FALSE);
  return value;
}

static GtkWidget *
new_entry (Line *line)
{
  GtkWidget *entry = gtk_entry_new ();

  g_signal_connect (entry, "changed", G_CALLBACK (on_line_changed_cb), line);
  return entry;
}

static Line *
create_line (KtLineItems *self,
             KtRecord    *stored)
{
  Line *line = g_new0 (Line, 1);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *flow = gtk_flow_box_new ();
  g_autoptr(GtkStringList) rates = gtk_string_list_new (NULL);
  gint32 stored_rate = stored != NULL && kt_record_has (stored, "vat_bps")
                       ? (gint32) kt_record_get_int (stored, "vat_bps") : vat_rates[0];
  guint selected = 0;

  line->stored = stored != NULL ? g_object_ref (stored) : NULL;
  line->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (line->box, "document-line");

  line->title = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (line->title), 0.0f);
  gtk_widget_set_hexpand (line->title, TRUE);
  gtk_widget_add_css_class (line->title, "heading");
  gtk_box_append (GTK_BOX (header), line->title);
  gtk_box_append (GTK_BOX (header), icon_button ("go-up-symbolic", _("Move Up (Alt+Up)"),
                                                 G_CALLBACK (on_move_up_clicked_cb), line));
  gtk_box_append (GTK_BOX (header), icon_button ("go-down-symbolic", _("Move Down (Alt+Down)"),
                                                 G_CALLBACK (on_move_down_clicked_cb), line));
  gtk_box_append (GTK_BOX (header), icon_button ("user-trash-symbolic", _("Remove Line (Alt+Delete)"),
                                                 G_CALLBACK (on_remove_clicked_cb), line));
  gtk_box_append (GTK_BOX (line->box), header);

  line->description = new_entry (line);
  gtk_entry_set_placeholder_text (GTK_ENTRY (line->description), _("Description"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (line->description),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Description"), -1);
  gtk_box_append (GTK_BOX (line->box), line->description);

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 6);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 6);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 6);
  gtk_box_append (GTK_BOX (line->box), flow);

  line->quantity = add_cell (flow, _("Quantity"), new_entry (line), 6);
  line->unit = add_cell (flow, _("Unit"), new_entry (line), 5);
  line->price = add_cell (flow, _("Unit price"), new_entry (line), 9);
  line->discount = add_cell (flow, _("Discount (%)"), new_entry (line), 5);

  line->rates = g_array_new (FALSE, FALSE, sizeof (gint32));
  for (guint i = 0; i < G_N_ELEMENTS (vat_rates); i++)
    g_array_append_val (line->rates, vat_rates[i]);
  /* A rate that is not one of ours (from another program) stays choosable. */
  for (selected = 0; selected < line->rates->len; selected++)
    if (g_array_index (line->rates, gint32, selected) == stored_rate)
      break;
  if (selected == line->rates->len)
    g_array_append_val (line->rates, stored_rate);
  for (guint i = 0; i < line->rates->len; i++)
    {
      g_autofree char *text = kt_format_decimal (g_array_index (line->rates, gint32, i), 2);
      g_autofree char *label = g_strdup_printf ("%s %%", text);

      gtk_string_list_append (rates, label);
    }
  line->vat = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (rates)), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (line->vat), selected);
  gtk_accessible_update_property (GTK_ACCESSIBLE (line->vat), GTK_ACCESSIBLE_PROPERTY_LABEL, _("VAT"), -1);
  g_signal_connect (line->vat, "notify::selected", G_CALLBACK (on_vat_selected_cb), line);
  add_cell (flow, _("VAT"), line->vat, 0);

  line->amount = gtk_label_new ("—");
  gtk_label_set_xalign (GTK_LABEL (line->amount), 1.0f);
  gtk_widget_add_css_class (line->amount, "numeric");
  add_cell (flow, _("Amount"), line->amount, 0);

  line->exemption = new_entry (line);
  gtk_entry_set_placeholder_text (GTK_ENTRY (line->exemption),
                                  _("Why no VAT (e.g. art. 113(9) VAT Act)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (line->exemption),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("VAT exemption reason"), -1);
  gtk_box_append (GTK_BOX (line->box), line->exemption);

  if (stored != NULL)
    {
      const char *unit = kt_record_get_string (stored, "unit");
      const char *exemption = kt_record_get_string (stored, "vat_exemption");
      const char *description = kt_record_get_string (stored, "description");
      g_autofree char *quantity = kt_format_decimal (kt_record_get_int (stored, "quantity"), 3);
      g_autofree char *discount = kt_format_decimal (kt_record_get_int (stored, "discount_bps"), 2);
      g_autofree char *price = NULL;
      const KtCurrency *info = kt_currency_lookup (currency (self));

      price = kt_format_decimal (kt_record_get_int (stored, "unit_price"),
                                 info != NULL ? info->digits : 2);
      gtk_editable_set_text (GTK_EDITABLE (line->description), description != NULL ? description : "");
      gtk_editable_set_text (GTK_EDITABLE (line->quantity), quantity);
      gtk_editable_set_text (GTK_EDITABLE (line->unit), unit != NULL ? unit : "");
      gtk_editable_set_text (GTK_EDITABLE (line->price), price);
      gtk_editable_set_text (GTK_EDITABLE (line->discount),
                             kt_record_get_int (stored, "discount_bps") != 0 ? discount : "");
      gtk_editable_set_text (GTK_EDITABLE (line->exemption), exemption != NULL ? exemption : "");
    }
  else
    gtk_editable_set_text (GTK_EDITABLE (line->quantity), "1");

  update_line (self, line);
  return line;
}

static void
insert_line (KtLineItems *self,
             Line        *line,
             guint        position)
{
  GtkWidget *sibling = NULL;

  position = MIN (position, self->lines->len);
  if (position > 0)
    sibling = ((Line *) g_ptr_array_index (self->lines, position - 1))->box;
  gtk_box_insert_child_after (GTK_BOX (self->lines_box), line->box, sibling);
  g_ptr_array_insert (self->lines, (int) position, line);
  renumber (self);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  KtLineItems *self = KT_LINE_ITEMS (widget);
  Line *line = focused_line (self);

  kt_line_items_add_line (self, line != NULL ? line_index (self, line) + 1 : -1);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  KtLineItems *self = KT_LINE_ITEMS (widget);
  Line *line = focused_line (self);

  if (line != NULL)
    kt_line_items_remove_line (self, (guint) line_index (self, line));
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KtLineItems *self = KT_LINE_ITEMS (widget);
  Line *line = focused_line (self);

  if (line != NULL)
    kt_line_items_move_line (self, (guint) line_index (self, line),
                             g_str_equal (action_name, "lines.move-up") ? -1 : 1);
}

static void
on_add_clicked_cb (KtLineItems *self)
{
  kt_line_items_add_line (self, -1);
}

static void
kt_line_items_dispose (GObject *object)
{
  KtLineItems *self = KT_LINE_ITEMS (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->lines, g_ptr_array_unref);
  g_clear_pointer (&self->removed, g_ptr_array_unref);
  g_clear_pointer (&self->currency, g_free);

  G_OBJECT_CLASS (kt_line_items_parent_class)->dispose (object);
}

static void
kt_line_items_class_init (KtLineItemsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_line_items_dispose;

  /**
   * KtLineItems::changed:
   *
   * A line was typed in, added, removed or moved.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "lineitems");

  gtk_widget_class_install_action (widget_class, "lines.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "lines.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "lines.move-up", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "lines.move-down", NULL, move_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "lines.add", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "lines.add", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, GDK_ALT_MASK, "lines.remove", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "lines.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "lines.move-down", NULL);
}

static void
kt_line_items_init (KtLineItems *self)
{
  self->lines = g_ptr_array_new_with_free_func (line_free);
  self->removed = g_ptr_array_new_with_free_func (g_object_unref);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  self->lines_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_box_append (GTK_BOX (self->box), self->lines_box);

  self->add_button = gtk_button_new_with_mnemonic (_("_Add Line"));
  gtk_widget_set_halign (self->add_button, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (self->add_button, _("Add a line (Ctrl+Enter)"));
  g_signal_connect_swapped (self->add_button, "clicked", G_CALLBACK (on_add_clicked_cb), self);
  gtk_box_append (GTK_BOX (self->box), self->add_button);
}

GtkWidget *
kt_line_items_new (const KtEntity *item_entity)
{
  KtLineItems *self;

  g_return_val_if_fail (item_entity == KT_ENTITY_INVOICE_ITEM || item_entity == KT_ENTITY_OFFER_ITEM, NULL);

  self = g_object_new (KT_TYPE_LINE_ITEMS, NULL);
  self->item_entity = item_entity;
  return GTK_WIDGET (self);
}

void
kt_line_items_set_currency (KtLineItems *self,
                            const char  *code)
{
  g_return_if_fail (KT_IS_LINE_ITEMS (self));

  if (g_strcmp0 (self->currency, code) == 0)
    return;
  g_free (self->currency);
  self->currency = g_strdup (code);
  for (guint i = 0; i < self->lines->len; i++)
    update_line (self, g_ptr_array_index (self->lines, i));
}

void
kt_line_items_set_items (KtLineItems *self,
                         GPtrArray   *items)
{
  g_return_if_fail (KT_IS_LINE_ITEMS (self));
  g_return_if_fail (items != NULL);

  self->loading = TRUE;
  while (self->lines->len > 0)
    {
      Line *line = g_ptr_array_index (self->lines, 0);

      gtk_box_remove (GTK_BOX (self->lines_box), line->box);
      g_ptr_array_remove_index (self->lines, 0);
    }
  g_ptr_array_set_size (self->removed, 0);

  for (guint i = 0; i < items->len; i++)
    insert_line (self, create_line (self, g_ptr_array_index (items, i)), self->lines->len);
  self->loading = FALSE;
}

/* Writes @line into @item; TRUE if it parsed. */
static gboolean
store_line (KtLineItems  *self,
            Line         *line,
            KtRecord     *item,
            guint         number,
            GError      **error)
{
  KtLineInput input;
  GtkWidget *bad = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *description = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (line->description))));
  g_autofree char *unit = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (line->unit))));
  g_autofree char *exemption = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (line->exemption))));

  if (!parse_line (self, line, &input, &bad, &local_error))
    {
      gtk_widget_add_css_class (bad, "error");
      /* Translators: "Line 2: “abc” is not a number…" */
      g_set_error (error, KT_ERROR, KT_ERROR_INVALID, _("Line %u: %s"), number, local_error->message);
      return FALSE;
    }
  if (*description == '\0')
    {
      g_set_error (error, KT_ERROR, KT_ERROR_INVALID, _("Line %u needs a description"), number);
      return FALSE;
    }
  if (input.vat_bps == 0 && *exemption == '\0')
    {
      g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                   _("Line %u has no VAT: say why it is exempt"), number);
      return FALSE;
    }

  kt_record_set_string (item, "description", description);
  kt_record_set_int (item, "quantity", input.quantity);
  kt_record_set_int (item, "unit_price", input.unit_price);
  kt_record_set_int (item, "discount_bps", input.discount_bps);
  kt_record_set_int (item, "vat_bps", input.vat_bps);
  if (*unit != '\0')
    kt_record_set_string (item, "unit", unit);
  else
    kt_record_unset (item, "unit");
  if (input.vat_bps == 0)
    kt_record_set_string (item, "vat_exemption", exemption);
  else
    kt_record_unset (item, "vat_exemption");

  return TRUE;
}

/**
 * kt_line_items_build:
 * @removed: (out) (transfer full) (element-type KtRecord): the stored
 *   items the person removed
 *
 * Returns: (transfer full) (element-type KtRecord) (nullable): the items
 */
GPtrArray *
kt_line_items_build (KtLineItems  *self,
                     GPtrArray   **removed,
                     GError      **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (KT_IS_LINE_ITEMS (self), NULL);
  g_return_val_if_fail (removed != NULL, NULL);

  for (guint i = 0; i < self->lines->len; i++)
    {
      Line *line = g_ptr_array_index (self->lines, i);
      g_autoptr(KtRecord) item = line->stored != NULL ? kt_record_copy (line->stored)
                                                      : kt_record_new (self->item_entity);

      if (!store_line (self, line, item, i + 1, error))
        return NULL;
      kt_record_set_int (item, "position", i);
      g_ptr_array_add (items, g_steal_pointer (&item));
    }

  *removed = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->removed->len; i++)
    g_ptr_array_add (*removed, kt_record_copy (g_ptr_array_index (self->removed, i)));

  return g_steal_pointer (&items);
}

gboolean
kt_line_items_compute (KtLineItems      *self,
                       KtRoundingRule    rule,
                       KtDocumentTotals *out,
                       GError          **error)
{
  g_autofree KtLineInput *inputs = NULL;

  g_return_val_if_fail (KT_IS_LINE_ITEMS (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  inputs = g_new0 (KtLineInput, MAX (self->lines->len, 1));
  for (guint i = 0; i < self->lines->len; i++)
    {
      GtkWidget *bad = NULL;

      if (!parse_line (self, g_ptr_array_index (self->lines, i), &inputs[i], &bad, error))
        return FALSE;
    }

  return kt_totals_document (inputs, self->lines->len, rule, out, error);
}

guint
kt_line_items_get_n_lines (KtLineItems *self)
{
  g_return_val_if_fail (KT_IS_LINE_ITEMS (self), 0);

  return self->lines->len;
}

void
kt_line_items_add_line (KtLineItems *self,
                        int          position)
{
  Line *line;

  g_return_if_fail (KT_IS_LINE_ITEMS (self));

  line = create_line (self, NULL);
  insert_line (self, line, position < 0 ? self->lines->len : (guint) position);
  gtk_widget_grab_focus (line->description);
  emit_changed (self);
}

void
kt_line_items_remove_line (KtLineItems *self,
                           guint        position)
{
  Line *line;
  guint next;

  g_return_if_fail (KT_IS_LINE_ITEMS (self));
  g_return_if_fail (position < self->lines->len);

  line = g_ptr_array_index (self->lines, position);
  if (line->stored != NULL)
    g_ptr_array_add (self->removed, g_object_ref (line->stored));
  gtk_box_remove (GTK_BOX (self->lines_box), line->box);
  g_ptr_array_remove_index (self->lines, position);
  renumber (self);

  /* The keyboard goes to the line that took its place, else the button. */
  next = MIN (position, self->lines->len);
  if (next < self->lines->len)
    gtk_widget_grab_focus (((Line *) g_ptr_array_index (self->lines, next))->description);
  else
    gtk_widget_grab_focus (self->add_button);
  emit_changed (self);
}

void
kt_line_items_move_line (KtLineItems *self,
                         guint        position,
                         int          delta)
{
  Line *line;
  GtkWidget *focus;
  GtkRoot *root;
  int target;

  g_return_if_fail (KT_IS_LINE_ITEMS (self));
  g_return_if_fail (position < self->lines->len);

  target = (int) position + delta;
  if (target < 0 || target >= (int) self->lines->len)
    return;

  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  line = g_ptr_array_steal_index (self->lines, position);
  gtk_box_remove (GTK_BOX (self->lines_box), g_object_ref (line->box));
  insert_line (self, line, (guint) target);
  g_object_unref (line->box);
  /* Moving a line keeps the keyboard where it was in it. */
  if (focus != NULL && gtk_widget_is_ancestor (focus, line->box))
    gtk_widget_grab_focus (focus);
  else
    gtk_widget_grab_focus (line->description);
  emit_changed (self);
}

GtkWidget *
kt_line_items_get_entry (KtLineItems *self,
                         guint        index,
                         const char  *name)
{
  Line *line;

  g_return_val_if_fail (KT_IS_LINE_ITEMS (self), NULL);
  g_return_val_if_fail (index < self->lines->len, NULL);

  line = g_ptr_array_index (self->lines, index);
  if (g_str_equal (name, KT_LINE_DESCRIPTION))
    return line->description;
  if (g_str_equal (name, KT_LINE_QUANTITY))
    return line->quantity;
  if (g_str_equal (name, KT_LINE_UNIT))
    return line->unit;
  if (g_str_equal (name, KT_LINE_PRICE))
    return line->price;
  if (g_str_equal (name, KT_LINE_DISCOUNT))
    return line->discount;
  if (g_str_equal (name, KT_LINE_EXEMPTION))
    return line->exemption;
  if (g_str_equal (name, "vat"))
    return line->vat;
  return NULL;
}

const char *
kt_line_items_get_amount (KtLineItems *self,
                          guint        index)
{
  g_return_val_if_fail (KT_IS_LINE_ITEMS (self), NULL);
  g_return_val_if_fail (index < self->lines->len, NULL);

  return gtk_label_get_label (GTK_LABEL (((Line *) g_ptr_array_index (self->lines, index))->amount));
}
