/* kt-mail-texts.c: the built-in texts of invoice mails and reminders
 *
 * The texts are templates in the template language (docs/templates.md,
 * "Mail templates"), rendered with plain_text over a context with the
 * invoice's fields under "invoice" and what only the mail knows under
 * "mail". They are parsed once per process: a KtTmpl may be rendered from
 * several threads at once, each over a context of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-mail-texts"

#include "config.h"

#include <string.h>

#include "kt-mail-texts.h"
#include "kt-tmpl.h"

enum {
  INVOICE_SUBJECT,
  INVOICE_TEXT,
  INVOICE_LOG,
  REMINDER_SUBJECT,
  REMINDER_TEXT,
  REMINDER_LOG,
  INVITATION_SUBJECT,
  INVITATION_TEXT,
  N_TEXTS
};

typedef struct {
  const char *language;
  const char *texts[N_TEXTS];
} Texts;

static const Texts texts[] = {
  {
    "en",
    {
      "Invoice {{invoice.number}} from {{mail.sender}}",
      "Hello,\n\n"
      "Please find attached invoice {{invoice.number}} of {{invoice.issue_date}} for {{mail.amount}}, "
      "due on {{invoice.due_date}}.\n\n"
      "Kind regards,\n{{mail.sender}}\n",
      "Invoice {{invoice.number}} sent to {{mail.to}}",
      "Reminder {{mail.reminder}}: invoice {{invoice.number}} is overdue",
      "Hello,\n\n"
      "Our records show that invoice {{invoice.number}} of {{invoice.issue_date}}, due on "
      "{{invoice.due_date}}, still has {{mail.amount}} open. The invoice is attached again for "
      "your convenience.\n\n"
      "If you have paid it in the meantime, please disregard this message.\n\n"
      "Kind regards,\n{{mail.sender}}\n",
      "Reminder {{mail.reminder}} sent to {{mail.to}}",
      "Invitation to join {{organization.name}} in Kantora",
      "Hello,\n\n"
      "You are invited to join {{organization.name}} in Kantora as {{mail.role}}.\n\n"
      "To accept, open Kantora, choose “Join a Team” in its sign-in window and paste this "
      "invitation link:\n\n"
      "{{mail.link}}\n\n"
      "The invitation is valid for seven days. If you did not expect it, you can ignore this "
      "message.\n",
    },
  },
  {
    "bg",
    {
      "Фактура {{invoice.number}} от {{mail.sender}}",
      "Здравейте,\n\n"
      "Изпращаме Ви фактура {{invoice.number}} от {{invoice.issue_date}} за {{mail.amount}} с падеж "
      "{{invoice.due_date}}.\n\n"
      "Поздрави,\n{{mail.sender}}\n",
      "Фактура {{invoice.number}} изпратена до {{mail.to}}",
      "Напомняне {{mail.reminder}}: фактура {{invoice.number}} е просрочена",
      "Здравейте,\n\n"
      "По нашите данни по фактура {{invoice.number}} от {{invoice.issue_date}} с падеж "
      "{{invoice.due_date}} остава неплатена сума {{mail.amount}}. Прилагаме фактурата отново за "
      "Ваше удобство.\n\n"
      "Ако вече сте я платили, моля, не обръщайте внимание на това съобщение.\n\n"
      "Поздрави,\n{{mail.sender}}\n",
      "Напомняне {{mail.reminder}} изпратено до {{mail.to}}",
      "Покана за {{organization.name}} в Kantora",
      "Здравейте,\n\n"
      "Поканени сте да се присъедините към {{organization.name}} в Kantora като {{mail.role}}.\n\n"
      "За да приемете, отворете Kantora, изберете „Присъединяване към екип“ в прозореца за вход и "
      "поставете тази връзка за покана:\n\n"
      "{{mail.link}}\n\n"
      "Поканата е валидна седем дни. Ако не сте я очаквали, можете да не обръщате внимание на "
      "това писмо.\n",
    },
  },
};

/* Parsed once, never freed: they live as long as the process. */
static KtTmpl *parsed[G_N_ELEMENTS (texts)][N_TEXTS];

const char *
kt_mail_texts_language (const char *language)
{
  return g_strcmp0 (language, "bg") == 0 ? "bg" : "en";
}

static guint
texts_index (const char *language)
{
  const char *lang = kt_mail_texts_language (language);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (g_str_equal (texts[i].language, lang))
      return i;
  g_assert_not_reached ();
}

static char *
first_error (GPtrArray *errors)
{
  const KtTmplError *e = errors != NULL && errors->len > 0 ? g_ptr_array_index (errors, 0) : NULL;

  return e != NULL ? g_strdup_printf ("%u:%u: %s", e->line, e->column, e->message) : g_strdup ("?");
}

static void
parse_all (void)
{
  static gsize done = 0;

  if (!g_once_init_enter (&done))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    for (guint t = 0; t < N_TEXTS; t++)
      {
        g_autoptr(GPtrArray) errors = NULL;

        parsed[i][t] = kt_tmpl_parse (texts[i].texts[t], -1, NULL, &errors);
        /* kt_mail_texts_check() makes this a failing test, not a mail. */
        if (parsed[i][t] == NULL)
          {
            g_autofree char *why = first_error (errors);

            g_critical ("Built-in mail text %s/%u does not parse: %s", texts[i].language, t, why);
          }
      }
  g_once_init_leave (&done, 1);
}

static void
add_string (JsonObject *object,
            const char *name,
            const char *value)
{
  json_object_set_string_member (object, name, value != NULL ? value : "");
}

/* The context of one mail: built per call, since a JsonObject is not
 * shared between threads. */
static JsonObject *
context_new (const KtMailTextArgs *args)
{
  JsonObject *context = json_object_new ();
  JsonObject *invoice = json_object_new ();
  JsonObject *mail = json_object_new ();
  JsonObject *organization = json_object_new ();

  add_string (context, "language", kt_mail_texts_language (args->language));
  add_string (organization, "name", args->organization);
  json_object_set_object_member (context, "organization", organization);
  add_string (invoice, "number", args->number);
  add_string (invoice, "issue_date", args->issue_date);
  add_string (invoice, "due_date", args->due_date);
  json_object_set_object_member (context, "invoice", invoice);
  add_string (mail, "sender", args->seller);
  add_string (mail, "amount", args->amount);
  add_string (mail, "to", args->to);
  add_string (mail, "role", args->role);
  add_string (mail, "link", args->link);
  json_object_set_int_member (mail, "reminder", args->reminder);
  json_object_set_object_member (context, "mail", mail);
  return context;
}

static char *
render (guint                 language,
        guint                 text,
        JsonObject           *context,
        gboolean              strict,
        GError              **error)
{
  KtTmplRenderOptions options = { 0, };
  g_autoptr(GPtrArray) errors = NULL;
  char *out;

  parse_all ();
  if (parsed[language][text] == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Built-in mail text %s/%u does not parse",
                   texts[language].language, text);
      return NULL;
    }
  options.language = texts[language].language;
  options.plain_text = TRUE;
  options.strict = strict;
  out = kt_tmpl_render (parsed[language][text], context, &options, &errors);
  if (out == NULL)
    {
      g_autofree char *why = first_error (errors);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Built-in mail text %s/%u: %s",
                   texts[language].language, text, why);
    }
  return out;
}

/* A broken built-in text is caught by kt_mail_texts_check() in the tests;
 * should one slip through, the mail still goes out with the bare text. */
static char *
render_or_source (guint                 language,
                  guint                 text,
                  JsonObject           *context)
{
  g_autoptr(GError) error = NULL;
  char *out = render (language, text, context, FALSE, &error);

  if (out != NULL)
    return out;
  g_critical ("%s", error->message);
  return g_strdup (texts[language].texts[text]);
}

/* The subject and the body numbered @subject_text and @body_text. */
static void
build_pair (const KtMailTextArgs *args,
            guint                 subject_text,
            guint                 body_text,
            char                **subject,
            char                **text)
{
  guint i = texts_index (args->language);
  g_autoptr(JsonObject) context = context_new (args);

  *subject = render_or_source (i, subject_text, context);
  *text = render_or_source (i, body_text, context);
}

void
kt_mail_texts_build (const KtMailTextArgs *args,
                     char                **subject,
                     char                **text)
{
  if (args->reminder > 0)
    build_pair (args, REMINDER_SUBJECT, REMINDER_TEXT, subject, text);
  else
    build_pair (args, INVOICE_SUBJECT, INVOICE_TEXT, subject, text);
}

char *
kt_mail_texts_log (const KtMailTextArgs *args)
{
  g_autoptr(JsonObject) context = context_new (args);

  return render_or_source (texts_index (args->language), args->reminder > 0 ? REMINDER_LOG : INVOICE_LOG,
                           context);
}

void
kt_mail_texts_invitation (const KtMailTextArgs *args,
                          char                **subject,
                          char                **text)
{
  build_pair (args, INVITATION_SUBJECT, INVITATION_TEXT, subject, text);
}

gboolean
kt_mail_texts_check (GError **error)
{
  KtMailTextArgs args = {
    .reminder = 1, .number = "0000000001", .seller = "Seller", .issue_date = "2026-01-01",
    .due_date = "2026-01-15", .amount = "1.00 EUR", .to = "client@example.com",
    .organization = "Organization", .role = "User", .link = "kantora://invite?token=t",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(JsonObject) context = NULL;

      args.language = texts[i].language;
      context = context_new (&args);
      for (guint t = 0; t < N_TEXTS; t++)
        {
          g_autofree char *out = render (i, t, context, TRUE, error);

          if (out == NULL)
            return FALSE;
        }
    }
  return TRUE;
}
