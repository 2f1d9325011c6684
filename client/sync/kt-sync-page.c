/* kt-sync-page.c: a pulled page read straight from its text
 *
 * json-glib reads a page of 5,000 records into a tree of JsonNodes and
 * hash tables, about 80,000 allocations, only for the bulk path to copy
 * each value into an INSERT and free the tree: more than half of the
 * worker's time per page at 1.5M records (docs/performance.md). This
 * reader walks the text once and keeps each record as a flat array of
 * members (KtSyncMember): scalars decoded into one buffer the size of the
 * page, and the record's clocks as an object of scalars. The store binds
 * those to its INSERT (kt-store-sync-apply.c). Strings, numbers and
 * literals are read by shared/kt-json-scan.c, as the store's and the
 * server's other fast paths read them.
 *
 * It is a fast path, never a second meaning of the protocol: whatever it
 * does not take exactly as json-glib would read it is left to json-glib.
 * A page whose envelope is not the plain one (a member repeated or of
 * another type, an unknown entity) makes kt_sync_page_read() return NULL
 * and the puller reads the page through json-glib as before, with its
 * errors. Inside a record, a value that is not a scalar of the plain
 * kind (an array, a fraction, an object in an object) keeps its JSON
 * text, which json-glib reads when the store needs it, and a record the
 * store does not take as it came (one it has, one that fails a check) is
 * read whole by json-glib from its text.
 *
 * The text must have passed kt_json_guard_check() (valid UTF-8, no NUL,
 * integers that fit, one value): the reader relies on that for what it
 * skips. It reads any bytes without reading past them, and a page cut
 * anywhere is refused.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-sync"

#include "config.h"

#include <string.h>

#include "kt-json-scan.h"
#include "kt-sync-page.h"

typedef struct {
  const char *p;
  const char *end;
  char       *out;        /* the next free byte of the arena */
  GArray     *members;    /* KtSyncMember: the records' members */
  GArray     *nested;     /* KtSyncMember: the members of objects in records */
} Reader;

static void
skip_ws (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
    r->p++;
}

static gboolean
expect (Reader *r,
        char    c)
{
  skip_ws (r);
  if (r->p < r->end && *r->p == c)
    {
      r->p++;
      return TRUE;
    }
  return FALSE;
}

/* Past the string at r->p (its opening quote), not decoded. */
static gboolean
skip_string (Reader *r)
{
  r->p++;
  while (r->p < r->end)
    {
      guchar c = (guchar) *r->p;

      if (c == '"')
        {
          r->p++;
          return TRUE;
        }
      if (c < 0x20)
        return FALSE;
      r->p += c == '\\' ? 2 : 1;
    }
  return FALSE;
}

/* The string at r->p, decoded into the arena (kt_json_scan_string():
 * each byte of the text decodes to at most one byte, the closing quote
 * to the NUL, so an arena as long as the page holds every string of
 * it). FALSE for one json-glib is to read (\u0000, an unpaired
 * surrogate: the guard refuses both) as for a broken one. */
static gboolean
read_string (Reader      *r,
             const char **out)
{
  char *start = r->out;

  if (kt_json_scan_string (&r->p, r->end, &r->out) != KT_JSON_SCAN_STRING)
    return FALSE;
  *out = start;
  return TRUE;
}

/* A member key and its colon; keys are compared decoded. */
static gboolean
read_key (Reader      *r,
          const char **out)
{
  skip_ws (r);
  return read_string (r, out) && expect (r, ':');
}

static gboolean
is_number_char (char c)
{
  return g_ascii_isdigit (c) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

/* Past any value at r->p (after white space). Nesting is counted, not
 * checked: the guard checked it. */
static gboolean
skip_value (Reader *r)
{
  guint depth = 0;

  skip_ws (r);
  do
    {
      char c;

      if (r->p >= r->end)
        return FALSE;
      c = *r->p;
      if (c == '"')
        {
          if (!skip_string (r))
            return FALSE;
        }
      else if (c == '{' || c == '[')
        {
          depth++;
          r->p++;
        }
      else if (c == '}' || c == ']')
        {
          if (depth == 0)
            return FALSE;
          depth--;
          r->p++;
        }
      else if (c == ',' || c == ':' || c == ' ' || c == '\t' || c == '\n' || c == '\r')
        {
          if (depth == 0)
            return FALSE;
          r->p++;
        }
      else
        {
          const char *start = r->p;

          while (r->p < r->end && (g_ascii_isalpha (*r->p) || is_number_char (*r->p)))
            r->p++;
          if (r->p == start)
            return FALSE;
        }
    }
  while (depth > 0);
  return TRUE;
}

/* The value at r->p kept as its JSON text. */
static gboolean
read_json (Reader       *r,
           KtSyncMember *m)
{
  const char *start = r->p;

  if (!skip_value (r))
    return FALSE;
  m->kind = KT_SYNC_VALUE_JSON;
  m->text = start;
  m->len = (gsize) (r->p - start);
  return TRUE;
}

/* An integer as json-glib reads one (no fraction, no exponent, fits in a
 * gint64); any other number keeps its text. */
static gboolean
read_number (Reader       *r,
             KtSyncMember *m)
{
  const char *start = r->p;

  switch (kt_json_scan_number (&r->p, r->end, &m->number))
    {
    case KT_JSON_SCAN_INT:
      m->kind = KT_SYNC_VALUE_INT;
      return TRUE;
    case KT_JSON_SCAN_OTHER:
      r->p = start;
      return read_json (r, m);
    case KT_JSON_SCAN_BAD:
    case KT_JSON_SCAN_STRING:
    case KT_JSON_SCAN_TRUE:
    case KT_JSON_SCAN_FALSE:
    case KT_JSON_SCAN_NULL:
    default:
      return FALSE;
    }
}

static gboolean read_value (Reader       *r,
                            KtSyncMember *m,
                            gboolean      in_object);

/* The members of the object at r->p (its "{") into @into. Inside an
 * object (@in_object) only scalars: FALSE at anything else, as at
 * anything broken. */
static gboolean
read_members (Reader   *r,
              GArray   *into,
              gboolean  in_object)
{
  r->p++;
  skip_ws (r);
  if (r->p < r->end && *r->p == '}')
    {
      r->p++;
      return TRUE;
    }
  for (;;)
    {
      KtSyncMember member = { 0 };

      if (!read_key (r, &member.name) || !read_value (r, &member, in_object) ||
          (in_object && member.kind == KT_SYNC_VALUE_JSON))
        return FALSE;
      g_array_append_val (into, member);
      if (expect (r, '}'))
        return TRUE;
      if (!expect (r, ','))
        return FALSE;
    }
}

/* An object inside a record (the clocks): its members into r->nested
 * when they are all scalars, else its text. */
static gboolean
read_object (Reader       *r,
             KtSyncMember *m)
{
  const char *start = r->p;
  char *out = r->out;
  guint first = r->nested->len;

  if (!read_members (r, r->nested, TRUE))
    goto as_json;

  m->kind = KT_SYNC_VALUE_OBJECT;
  m->text = start;
  m->len = (gsize) (r->p - start);
  /* Where its members start; a pointer once r->nested stops growing. */
  m->number = first;
  m->n_members = r->nested->len - first;
  return TRUE;

as_json:
  g_array_set_size (r->nested, first);
  r->out = out;
  r->p = start;
  return read_json (r, m);
}

static gboolean
read_value (Reader       *r,
            KtSyncMember *m,
            gboolean      in_object)
{
  const char *start;
  KtJsonScalar value;

  skip_ws (r);
  if (r->p >= r->end)
    return FALSE;

  start = r->p;
  switch (*r->p)
    {
    case '{':
      return in_object ? read_json (r, m) : read_object (r, m);

    case '[':
      return read_json (r, m);

    default:
      break;
    }

  switch (kt_json_scan_scalar (&r->p, r->end, &r->out, &value))
    {
    case KT_JSON_SCAN_STRING:
      m->kind = KT_SYNC_VALUE_STRING;
      m->text = value.string;
      return TRUE;
    case KT_JSON_SCAN_INT:
      m->kind = KT_SYNC_VALUE_INT;
      m->number = value.number;
      return TRUE;
    case KT_JSON_SCAN_TRUE:
      m->kind = KT_SYNC_VALUE_TRUE;
      return TRUE;
    case KT_JSON_SCAN_FALSE:
      m->kind = KT_SYNC_VALUE_FALSE;
      return TRUE;
    case KT_JSON_SCAN_NULL:
      m->kind = KT_SYNC_VALUE_NULL;
      return TRUE;
    case KT_JSON_SCAN_OTHER:
      /* A number json-glib reads as a double or wraps, a string it
       * reads its own way: kept as text, for json-glib. */
      if (*start == '"')
        {
          m->kind = KT_SYNC_VALUE_JSON;
          m->text = start;
          m->len = (gsize) (r->p - start);
          return TRUE;
        }
      r->p = start;
      return read_json (r, m);
    case KT_JSON_SCAN_BAD:
    default:
      return FALSE;
    }
}

/* A change's record: its members into r->members. */
static gboolean
read_record (Reader       *r,
             KtSyncChange *change,
             guint        *out_first)
{
  const char *start;

  skip_ws (r);
  if (r->p >= r->end || *r->p != '{')
    return FALSE;
  start = r->p;
  *out_first = r->members->len;
  if (!read_members (r, r->members, FALSE))
    return FALSE;

  change->text = start;
  change->len = (gsize) (r->p - start);
  change->n_members = r->members->len - *out_first;
  return TRUE;
}

/* {"seq": …, "entity": "contact", "record": {…}}: exactly one entity
 * this client knows and one record object, or the page is left to
 * json-glib (kt_sync_pull_read_changes() names the problem). */
static gboolean
read_change (Reader       *r,
             KtSyncChange *change,
             guint        *out_first)
{
  gboolean have_record = FALSE;

  if (!expect (r, '{'))
    return FALSE;
  skip_ws (r);
  if (r->p < r->end && *r->p == '}')
    return FALSE;

  for (;;)
    {
      const char *key;

      if (!read_key (r, &key))
        return FALSE;
      if (strcmp (key, "entity") == 0)
        {
          const char *name;

          skip_ws (r);
          if (change->entity != NULL || !read_string (r, &name) ||
              (change->entity = kt_entity_lookup (name)) == NULL)
            return FALSE;
        }
      else if (strcmp (key, "record") == 0)
        {
          if (have_record || !read_record (r, change, out_first))
            return FALSE;
          have_record = TRUE;
        }
      else if (!skip_value (r))
        return FALSE;

      if (expect (r, '}'))
        break;
      if (!expect (r, ','))
        return FALSE;
    }

  return change->entity != NULL && have_record;
}

static gboolean
read_changes (Reader *r,
              GArray *changes,
              GArray *firsts)
{
  if (!expect (r, '['))
    return FALSE;
  if (expect (r, ']'))
    return TRUE;

  for (;;)
    {
      KtSyncChange change = { 0 };
      guint first = 0;

      if (!read_change (r, &change, &first))
        return FALSE;
      g_array_append_val (changes, change);
      g_array_append_val (firsts, first);
      if (expect (r, ']'))
        return TRUE;
      if (!expect (r, ','))
        return FALSE;
    }
}

/* A member of the envelope kept as a tree (the team, the plan: small,
 * and read by code that takes json-glib's types). */
static JsonNode *
read_tree (Reader *r,
           char    opener)
{
  const char *start;

  skip_ws (r);
  if (r->p >= r->end || *r->p != opener)
    return NULL;
  start = r->p;
  if (!skip_value (r))
    return NULL;
  return kt_store_sync_parse_json (start, (gsize) (r->p - start));
}

enum {
  SEEN_CURSOR = 1 << 0,
  SEEN_HEAD = 1 << 1,
  SEEN_HAS_MORE = 1 << 2,
  SEEN_RESET = 1 << 3,
  SEEN_MEMBERS = 1 << 4,
  SEEN_SUBSCRIPTION = 1 << 5,
  SEEN_CHANGES = 1 << 6,
};

static gboolean
read_flag (Reader   *r,
           gboolean *out)
{
  KtSyncMember m = { 0 };

  skip_ws (r);
  if (r->p >= r->end || (*r->p != 't' && *r->p != 'f') || !read_value (r, &m, FALSE))
    return FALSE;
  *out = m.kind == KT_SYNC_VALUE_TRUE;
  return TRUE;
}

static gboolean
read_int (Reader *r,
          gint64 *out)
{
  KtSyncMember m = { 0 };

  skip_ws (r);
  if (r->p >= r->end || (*r->p != '-' && !g_ascii_isdigit (*r->p)) ||
      !read_number (r, &m) || m.kind != KT_SYNC_VALUE_INT)
    return FALSE;
  *out = m.number;
  return TRUE;
}

static gboolean
read_envelope (Reader     *r,
               KtSyncPage *page,
               GArray     *firsts)
{
  guint seen = 0;

  if (!expect (r, '{'))
    return FALSE;
  skip_ws (r);
  if (r->p < r->end && *r->p == '}')
    return FALSE;

  for (;;)
    {
      const char *key;
      guint bit = 0;
      gboolean ok;

      if (!read_key (r, &key))
        return FALSE;
      if (strcmp (key, "cursor") == 0)
        ok = (bit = SEEN_CURSOR, read_int (r, &page->header.cursor));
      else if (strcmp (key, "head") == 0)
        ok = (bit = SEEN_HEAD, read_int (r, &page->header.head));
      else if (strcmp (key, "has_more") == 0)
        ok = (bit = SEEN_HAS_MORE, read_flag (r, &page->header.has_more));
      else if (strcmp (key, "reset") == 0)
        ok = (bit = SEEN_RESET, read_flag (r, &page->header.reset));
      else if (strcmp (key, "members") == 0)
        ok = (bit = SEEN_MEMBERS, (page->members_node = read_tree (r, '[')) != NULL);
      else if (strcmp (key, "subscription") == 0)
        {
          KtSyncMember null = { 0 };

          bit = SEEN_SUBSCRIPTION;
          skip_ws (r);
          ok = r->p < r->end && *r->p == 'n'
               ? read_value (r, &null, FALSE) && null.kind == KT_SYNC_VALUE_NULL
               : (page->subscription_node = read_tree (r, '{')) != NULL;
        }
      else if (strcmp (key, "changes") == 0)
        ok = (bit = SEEN_CHANGES, read_changes (r, page->changes, firsts));
      else
        ok = skip_value (r);

      /* A member twice: json-glib keeps the last; leave it to json-glib. */
      if (!ok || (seen & bit) != 0)
        return FALSE;
      seen |= bit;

      if (expect (r, '}'))
        break;
      if (!expect (r, ','))
        return FALSE;
    }

  skip_ws (r);
  if (r->p != r->end || (seen & (SEEN_CURSOR | SEEN_CHANGES)) != (SEEN_CURSOR | SEEN_CHANGES) ||
      page->header.cursor < 0)
    return FALSE;
  if ((seen & SEEN_HEAD) == 0)
    page->header.head = page->header.cursor;
  return TRUE;
}

/**
 * kt_sync_page_read:
 * @reuse: (transfer full) (nullable): a page read before, whose buffers
 *   serve this one (the pull reads page after page: the same buffers
 *   every time, where new ones of a few MiB a page left the worker's
 *   heap fragmented)
 * @data: (array length=len): the body of a pull's answer, which
 *   kt_json_guard_check() accepted
 * @len: its length
 *
 * Returns: (transfer full) (nullable): the page, its changes without
 *   trees; NULL when the page is to be read by json-glib (one this
 *   reader does not take, or not a page at all)
 */
KtSyncPage *
kt_sync_page_read (KtSyncPage *reuse,
                   const char *data,
                   gsize       len)
{
  g_autoptr (KtSyncPage) page = reuse != NULL ? reuse : g_new0 (KtSyncPage, 1);
  g_autoptr (GArray) firsts = g_array_new (FALSE, FALSE, sizeof (guint));
  Reader r = { 0 };

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  /* Found by fuzz/fuzz-sync-page.c: no text at all (NULL + 0 is
   * undefined behaviour, let alone a page). */
  if (len == 0)
    return NULL;

  if (page->arena_size < len + 1)
    {
      g_free (page->arena);
      page->arena = g_malloc (len + 1);
      page->arena_size = len + 1;
    }
  if (page->members == NULL)
    {
      page->members = g_array_new (FALSE, FALSE, sizeof (KtSyncMember));
      page->nested = g_array_new (FALSE, FALSE, sizeof (KtSyncMember));
      page->changes = g_array_new (FALSE, FALSE, sizeof (KtSyncChange));
    }
  g_array_set_size (page->members, 0);
  g_array_set_size (page->nested, 0);
  g_array_set_size (page->changes, 0);
  g_clear_pointer (&page->members_node, json_node_unref);
  g_clear_pointer (&page->subscription_node, json_node_unref);
  memset (&page->header, 0, sizeof page->header);

  r.p = data;
  r.end = data + len;
  r.out = page->arena;
  r.members = page->members;
  r.nested = page->nested;

  if (!read_envelope (&r, page, firsts))
    return NULL;

  /* The arrays are done growing: pointers now. */
  for (guint i = 0; i < page->members->len; i++)
    {
      KtSyncMember *m = &g_array_index (page->members, KtSyncMember, i);

      if (m->kind == KT_SYNC_VALUE_OBJECT)
        m->members = m->n_members > 0
                     ? &g_array_index (page->nested, KtSyncMember, (guint) m->number) : NULL;
    }
  for (guint i = 0; i < page->changes->len; i++)
    {
      KtSyncChange *change = &g_array_index (page->changes, KtSyncChange, i);

      change->members = change->n_members > 0
                        ? &g_array_index (page->members, KtSyncMember, g_array_index (firsts, guint, i))
                        : NULL;
    }
  page->header.members = page->members_node != NULL ? json_node_get_array (page->members_node) : NULL;
  page->header.subscription = page->subscription_node != NULL
                              ? json_node_get_object (page->subscription_node) : NULL;

  return g_steal_pointer (&page);
}

void
kt_sync_page_free (KtSyncPage *page)
{
  if (page == NULL)
    return;

  g_free (page->arena);
  g_clear_pointer (&page->members, g_array_unref);
  g_clear_pointer (&page->nested, g_array_unref);
  g_clear_pointer (&page->changes, g_array_unref);
  g_clear_pointer (&page->members_node, json_node_unref);
  g_clear_pointer (&page->subscription_node, json_node_unref);
  g_free (page);
}

gboolean
kt_sync_page_peek_cursor (const char *text,
                          gsize       len,
                          gint64     *out_cursor)
{
  static const char opening[] = "{\"cursor\":";
  static const char head[] = ",\"head\":";
  static const char more[] = ",\"has_more\":true,";
  char copy[KT_SYNC_PAGE_PEEK_SIZE + 1];
  const char *p = copy;
  char *end = NULL;
  guint64 cursor;

  g_return_val_if_fail (text != NULL || len == 0, FALSE);
  g_return_val_if_fail (out_cursor != NULL, FALSE);

  /* A NUL-terminated copy for g_ascii_strtoull(); a NUL inside the text
   * ends it early, which only makes a match less likely. */
  len = MIN (len, KT_SYNC_PAGE_PEEK_SIZE);
  if (len > 0)
    memcpy (copy, text, len);
  copy[len] = '\0';

  if (!g_str_has_prefix (p, opening) || !g_ascii_isdigit (p[strlen (opening)]))
    return FALSE;
  p += strlen (opening);
  cursor = g_ascii_strtoull (p, &end, 10);
  if (end == p || cursor > G_MAXINT64 || !g_str_has_prefix (end, head) ||
      !g_ascii_isdigit (end[strlen (head)]))
    return FALSE;
  p = end + strlen (head);
  (void) g_ascii_strtoull (p, &end, 10);
  if (end == p || !g_str_has_prefix (end, more))
    return FALSE;
  *out_cursor = (gint64) cursor;
  return TRUE;
}
