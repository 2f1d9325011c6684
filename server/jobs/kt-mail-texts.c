/* kt-mail-texts.c: the built-in texts of invoice mails and reminders
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-mail-texts"

#include "config.h"

#include <string.h>

#include "kt-mail-texts.h"

typedef struct {
  const char *language;
  const char *invoice_subject;
  const char *invoice_text;
  const char *invoice_log;
  const char *reminder_subject;
  const char *reminder_text;
  const char *reminder_log;
} Texts;

static const Texts texts[] = {
  {
    "en",
    "Invoice {number} from {seller}",
    "Hello,\n\n"
    "Please find attached invoice {number} of {issue_date} for {amount}, due on {due_date}.\n\n"
    "Kind regards,\n{seller}\n",
    "Invoice {number} sent to {to}",
    "Reminder {n}: invoice {number} is overdue",
    "Hello,\n\n"
    "Our records show that invoice {number} of {issue_date}, due on {due_date}, still has "
    "{amount} open. The invoice is attached again for your convenience.\n\n"
    "If you have paid it in the meantime, please disregard this message.\n\n"
    "Kind regards,\n{seller}\n",
    "Reminder {n} sent to {to}",
  },
  {
    "bg",
    "Фактура {number} от {seller}",
    "Здравейте,\n\n"
    "Изпращаме Ви фактура {number} от {issue_date} за {amount} с падеж {due_date}.\n\n"
    "Поздрави,\n{seller}\n",
    "Фактура {number} изпратена до {to}",
    "Напомняне {n}: фактура {number} е просрочена",
    "Здравейте,\n\n"
    "По нашите данни по фактура {number} от {issue_date} с падеж {due_date} остава "
    "неплатена сума {amount}. Прилагаме фактурата отново за Ваше удобство.\n\n"
    "Ако вече сте я платили, моля, не обръщайте внимание на това съобщение.\n\n"
    "Поздрави,\n{seller}\n",
    "Напомняне {n} изпратено до {to}",
  },
};

const char *
kt_mail_texts_language (const char *language)
{
  return g_strcmp0 (language, "bg") == 0 ? "bg" : "en";
}

static const Texts *
texts_for (const char *language)
{
  const char *lang = kt_mail_texts_language (language);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (g_str_equal (texts[i].language, lang))
      return &texts[i];
  g_assert_not_reached ();
}

/* @text with each {name} replaced by its value in @args; an unknown
 * name stays as written. */
static char *
expand (const char           *text,
        const KtMailTextArgs *args)
{
  g_autofree char *n = g_strdup_printf ("%u", args->reminder);
  const char *names[] = { "number", "seller", "issue_date", "due_date", "amount", "to", "n" };
  const char *values[] = { args->number, args->seller, args->issue_date, args->due_date, args->amount, args->to, n };
  GString *out = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      const char *open = strchr (p, '{');
      const char *close = open != NULL ? strchr (open, '}') : NULL;
      gboolean known = FALSE;

      if (open == NULL || close == NULL)
        {
          g_string_append (out, p);
          break;
        }
      g_string_append_len (out, p, open - p);
      for (guint i = 0; i < G_N_ELEMENTS (names) && !known; i++)
        if ((gsize) (close - open - 1) == strlen (names[i]) && strncmp (open + 1, names[i], close - open - 1) == 0)
          {
            g_string_append (out, values[i] != NULL ? values[i] : "");
            known = TRUE;
          }
      if (!known)
        g_string_append_len (out, open, close - open + 1);
      p = close + 1;
    }
  return g_string_free (out, FALSE);
}

void
kt_mail_texts_build (const KtMailTextArgs *args,
                     char                **subject,
                     char                **text)
{
  const Texts *t = texts_for (args->language);

  *subject = expand (args->reminder > 0 ? t->reminder_subject : t->invoice_subject, args);
  *text = expand (args->reminder > 0 ? t->reminder_text : t->invoice_text, args);
}

char *
kt_mail_texts_log (const KtMailTextArgs *args)
{
  const Texts *t = texts_for (args->language);

  return expand (args->reminder > 0 ? t->reminder_log : t->invoice_log, args);
}
