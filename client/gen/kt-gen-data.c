/* kt-gen-data.c: the word lists behind the demo data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-gen"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-gen-data.h"

#define LIST(array) { array, G_N_ELEMENTS (array) }

static const char * const bg_first_male[] = {
  "Иван", "Георги", "Димитър", "Петър", "Николай", "Христо", "Стоян", "Тодор",
  "Васил", "Александър", "Михаил", "Атанас", "Красимир", "Любомир", "Борис",
  "Калоян", "Мартин", "Виктор", "Емил", "Пламен", "Светослав", "Цветан",
  "Янко", "Радослав", "Огнян", "Здравко", "Асен", "Веселин", "Жельо", "Щерю",
};
static const char * const bg_first_female[] = {
  "Мария", "Елена", "Йорданка", "Десислава", "Надежда", "Гергана", "Виктория",
  "Радостина", "Цветелина", "Милена", "Ивана", "Петя", "Силвия", "Теодора",
  "Анелия", "Борислава", "Галина", "Зорница", "Катерина", "Любов", "Нели",
  "Росица", "Снежана", "Юлия", "Яна", "Христина", "Женя", "Ралица",
};
static const char * const bg_last_male[] = {
  "Петров", "Иванов", "Георгиев", "Димитров", "Николов", "Стоянов", "Тодоров",
  "Христов", "Василев", "Маринов", "Колев", "Ангелов", "Попов", "Илиев",
  "Костадинов", "Йорданов", "Павлов", "Русев", "Цветков", "Янев", "Шопов",
  "Жеков", "Борисов", "Лазаров", "Михайлов", "Славов", "Ненчев", "Добрев",
  "Кирилов", "Ценов", "Чакъров", "Филипов", "Щерев", "Юруков", "Радев",
};
static const char * const bg_company_root[] = {
  "Строй", "Агро", "Техно", "Енерго", "Инфо", "Био", "Евро", "Транс", "Мега",
  "Балкан", "Родопа", "Дунав", "Витоша", "Пирин", "Тракия", "Зора", "Арт",
};
static const char * const bg_company_word[] = {
  "инвест", "трейд", "софт", "груп", "консулт", "логистик", "билд", "медия",
  "текс", "фарм", "сервиз", "маркет", "проект", "систем",
};
/* The industry of a company named after each word above, in order. */
static const char * const bg_company_industry[] = {
  "Инвестиции", "Търговия на едро", "Софтуер", "Холдинг", "Консултантска дейност",
  "Логистика", "Строителство", "Медии", "Текстил", "Фармация", "Сервизни услуги",
  "Търговия на дребно", "Проектиране", "ИТ услуги",
};
static const char * const bg_company_suffix[] = { "ООД", "ЕООД", "АД", "ЕТ" };
static const char * const bg_cities[] = {
  "София", "Пловдив", "Варна", "Бургас", "Русе", "Стара Загора", "Плевен",
  "Велико Търново", "Благоевград", "Шумен",
};
static const char * const bg_streets[] = {
  "ул. „Раковски“", "бул. „Витоша“", "ул. „Граф Игнатиев“", "бул. „България“",
  "ул. „Шипка“", "бул. „Мария Луиза“", "ул. „Оборище“", "бул. „Цар Освободител“",
};
static const char * const bg_job_titles[] = {
  "Управител", "Търговски директор", "Счетоводител", "Мениджър продажби",
  "Маркетинг специалист", "Инженер", "Офис мениджър", "Финансов директор",
  "Програмист", "Ръководител проекти",
};
static const char * const bg_mail_domains[] = { "abv.bg", "mail.bg", "gmail.com", "dir.bg" };
/* One title per task type, in the order of kt_gen_task_types. */
static const char * const bg_task_titles[] = {
  "Подготовка на договор за %s", "Обаждане на %s", "Изпращане на оферта на %s",
  "Среща с %s", "Проследяване на разговора с %s", "Краен срок за офертата на %s",
};
static const char * const bg_tags[] = {
  "клиент", "ключов-клиент", "потенциален", "партньор", "доставчик",
  "бюлетин", "изложение-2026", "препоръка",
};
static const char * const bg_deal_things[] = {
  "Нов уебсайт", "Годишна поддръжка", "Внедряване на CRM", "Обучение на екипа",
  "Доставка на оборудване", "Консултантски услуги", "Мобилно приложение",
  "Счетоводно обслужване", "Рекламна кампания", "Складов софтуер",
};
static const char * const bg_item_things[] = {
  "Консултация", "Разработка", "Лиценз", "Поддръжка", "Обучение", "Хостинг",
  "Дизайн", "Транспорт",
};
static const char * const bg_notes[] = {
  "Предпочита връзка по имейл.", "Интересува се от годишен абонамент.",
  "Среща на изложението в Пловдив.", "Препоръчан от партньор.",
};

static const char * const en_first_male[] = {
  "James", "Oliver", "George", "Harry", "Jack", "Thomas", "William", "Daniel",
  "Samuel", "Henry", "Arthur", "Edward", "Michael", "David", "Peter", "Robert",
};
static const char * const en_first_female[] = {
  "Olivia", "Emma", "Amelia", "Isla", "Ava", "Sophie", "Grace", "Charlotte",
  "Emily", "Lucy", "Hannah", "Ella", "Chloe", "Alice", "Megan", "Ruth",
};
static const char * const en_last[] = {
  "Smith", "Johnson", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Thomas",
  "Roberts", "Walker", "Wright", "Hughes", "Green", "Hall", "Wood", "Clarke",
  "Turner", "Hill", "Cooper", "Ward", "Morris", "King", "Baker", "Harris",
};
static const char * const en_company_root[] = {
  "Northwind", "Blue Harbor", "Redstone", "Silverline", "Oakfield", "Brightwater",
  "Kingsway", "Evergreen", "Summit", "Riverside", "Ironbridge", "Westbrook",
};
static const char * const en_company_word[] = {
  "Consulting", "Trading", "Software", "Logistics", "Media", "Engineering",
  "Foods", "Partners", "Systems", "Design",
};
/* The industry of a company named after each word above, in order. */
static const char * const en_company_industry[] = {
  "Consulting", "Wholesale", "Software", "Logistics", "Media", "Engineering",
  "Food production", "Professional services", "IT services", "Design",
};
static const char * const en_company_suffix[] = { "Ltd", "LLP", "PLC", "Group" };
static const char * const en_cities[] = {
  "London", "Manchester", "Bristol", "Leeds", "Edinburgh", "Birmingham",
  "Glasgow", "Cambridge",
};
static const char * const en_streets[] = {
  "High Street", "Station Road", "Church Lane", "Victoria Road", "Mill Lane",
  "King Street", "Park Avenue",
};
static const char * const en_job_titles[] = {
  "Managing Director", "Sales Manager", "Accountant", "Marketing Lead",
  "Engineer", "Office Manager", "Finance Director", "Developer",
  "Project Manager", "Buyer",
};
static const char * const en_mail_domains[] = { "gmail.com", "outlook.com", "yahoo.co.uk", "btinternet.com" };
/* One title per task type, in the order of kt_gen_task_types. */
static const char * const en_task_titles[] = {
  "Prepare the contract for %s", "Call %s", "Email the offer to %s",
  "Meet %s", "Follow up with %s", "Offer for %s due",
};
static const char * const en_tags[] = {
  "customer", "vip", "lead", "partner", "supplier", "newsletter",
  "event-2026", "referral",
};
static const char * const en_deal_things[] = {
  "Website redesign", "Annual support", "CRM roll-out", "Team training",
  "Hardware delivery", "Consulting retainer", "Mobile app", "Bookkeeping",
  "Ad campaign", "Warehouse software",
};
static const char * const en_item_things[] = {
  "Consulting", "Development", "Licence", "Support", "Training", "Hosting",
  "Design", "Shipping",
};
static const char * const en_notes[] = {
  "Prefers e-mail.", "Interested in a yearly plan.", "Met at the London trade fair.",
  "Referred by a partner.",
};

const char * const kt_gen_task_types[KT_GEN_N_TASK_TYPES] = {
  "todo", "call", "email", "meeting", "follow_up", "deadline",
};

G_STATIC_ASSERT (G_N_ELEMENTS (bg_task_titles) == KT_GEN_N_TASK_TYPES);
G_STATIC_ASSERT (G_N_ELEMENTS (en_task_titles) == KT_GEN_N_TASK_TYPES);
G_STATIC_ASSERT (G_N_ELEMENTS (bg_company_industry) == G_N_ELEMENTS (bg_company_word));
G_STATIC_ASSERT (G_N_ELEMENTS (en_company_industry) == G_N_ELEMENTS (en_company_word));

/* Bulgaria adopted the euro on 1 January 2026, and the demo's documents
 * are dated around today: a Bulgarian business invoices in EUR now (the
 * lev stays known to Kantora for older documents). */
const KtGenLanguage kt_gen_bg = {
  LIST (bg_first_male), LIST (bg_first_female), LIST (bg_last_male),
  LIST (bg_company_root), LIST (bg_company_word), LIST (bg_company_industry),
  LIST (bg_company_suffix),
  LIST (bg_cities), LIST (bg_streets), LIST (bg_job_titles),
  LIST (bg_mail_domains), LIST (bg_task_titles), LIST (bg_deal_things),
  LIST (bg_item_things), LIST (bg_notes), LIST (bg_tags),
  "България", "+359 88", "bg", "бр.", "EUR", "клиента",
};

const KtGenLanguage kt_gen_en = {
  LIST (en_first_male), LIST (en_first_female), LIST (en_last),
  LIST (en_company_root), LIST (en_company_word), LIST (en_company_industry),
  LIST (en_company_suffix),
  LIST (en_cities), LIST (en_streets), LIST (en_job_titles),
  LIST (en_mail_domains), LIST (en_task_titles), LIST (en_deal_things),
  LIST (en_item_things), LIST (en_notes), LIST (en_tags),
  "United Kingdom", "+44 7700", "co.uk", "pcs", "GBP", "the client",
};


static const struct {
  gunichar    c;
  const char *latin;
} bg_latin[] = {
  { 0x430, "a" }, { 0x431, "b" }, { 0x432, "v" }, { 0x433, "g" }, { 0x434, "d" },
  { 0x435, "e" }, { 0x436, "zh" }, { 0x437, "z" }, { 0x438, "i" }, { 0x439, "y" },
  { 0x43a, "k" }, { 0x43b, "l" }, { 0x43c, "m" }, { 0x43d, "n" }, { 0x43e, "o" },
  { 0x43f, "p" }, { 0x440, "r" }, { 0x441, "s" }, { 0x442, "t" }, { 0x443, "u" },
  { 0x444, "f" }, { 0x445, "h" }, { 0x446, "ts" }, { 0x447, "ch" }, { 0x448, "sh" },
  { 0x449, "sht" }, { 0x44a, "a" }, { 0x44c, "y" }, { 0x44e, "yu" }, { 0x44f, "ya" },
};

char *
kt_gen_transliterate (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_unichar_tolower (g_utf8_get_char (p));
      gboolean done = FALSE;

      if (c < 0x80)
        {
          if (g_ascii_isalnum (c))
            g_string_append_c (out, (char)c);
          continue;
        }

      for (guint i = 0; i < G_N_ELEMENTS (bg_latin) && !done; i++)
        if (bg_latin[i].c == c)
          {
            g_string_append (out, bg_latin[i].latin);
            done = TRUE;
          }
    }

  return g_string_free (out, FALSE);
}
