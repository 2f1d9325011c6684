/* kt-json-scan-check.h: the scanner (shared/kt-json-scan.c) against
 * json-glib, for fuzz/fuzz-json-scan.c and tests/shared/test-json-scan.c
 *
 * Whatever the scanner takes, json-glib must read to the same values:
 * the same kinds, the same strings byte for byte, the same integers, and
 * for an object the members a caller setting them in order keeps (the
 * last of a name, as json-glib keeps).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <string.h>

#include "kt-json-scan.h"

typedef struct {
  GPtrArray *names;         /* char*, NULL for an array's items */
  GArray    *values;        /* KtJsonScalar, strings owned by names' chunk */
  GStringChunk *strings;
} KtJsonScanCollected;

static inline gboolean
kt_json_scan_collect (const char         *name,
                      const KtJsonScalar *value,
                      gpointer            data)
{
  KtJsonScanCollected *c = data;
  KtJsonScalar copy = *value;

  if (value->kind == KT_JSON_SCAN_STRING)
    copy.string = g_string_chunk_insert_len (c->strings, value->string, (gssize) value->len);
  g_ptr_array_add (c->names, name != NULL ? g_string_chunk_insert (c->strings, name) : NULL);
  g_array_append_val (c->values, copy);
  return TRUE;
}

/* Whether json-glib's @node holds @value. */
static inline gboolean
kt_json_scan_same_value (const KtJsonScalar *value,
                         JsonNode           *node)
{
  if (node == NULL)
    return FALSE;
  if (value->kind == KT_JSON_SCAN_NULL)
    return JSON_NODE_HOLDS_NULL (node);
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  switch (value->kind)
    {
    case KT_JSON_SCAN_STRING:
      return json_node_get_value_type (node) == G_TYPE_STRING &&
             strlen (json_node_get_string (node)) == value->len &&
             memcmp (json_node_get_string (node), value->string, value->len) == 0 &&
             strlen (value->string) == value->len;
    case KT_JSON_SCAN_INT:
      return json_node_get_value_type (node) == G_TYPE_INT64 && json_node_get_int (node) == value->number;
    case KT_JSON_SCAN_TRUE:
    case KT_JSON_SCAN_FALSE:
      return json_node_get_value_type (node) == G_TYPE_BOOLEAN &&
             json_node_get_boolean (node) == (value->kind == KT_JSON_SCAN_TRUE);
    case KT_JSON_SCAN_BAD:
    case KT_JSON_SCAN_OTHER:
    case KT_JSON_SCAN_NULL:
    default:
      return FALSE;
    }
}

static inline JsonNode *
kt_json_scan_check_parse (const char *text,
                          gsize       len)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, text, (gssize) len, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  return root != NULL ? json_node_ref (root) : NULL;
}

/* The members and items of @c against @node; NULL when they agree, else
 * what differs. */
static inline const char *
kt_json_scan_compare (KtJsonScanCollected *c,
                      JsonNode            *node,
                      gboolean             object)
{
  if (object)
    {
      g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
      JsonObject *o;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return "json-glib did not read an object";
      o = json_node_get_object (node);
      for (guint i = 0; i < c->names->len; i++)
        g_hash_table_insert (names, c->names->pdata[i], GUINT_TO_POINTER (i));
      if (json_object_get_size (o) != g_hash_table_size (names))
        return "json-glib read another number of members";
      for (guint i = 0; i < c->names->len; i++)
        {
          /* Only the last of a name counts. */
          if (GPOINTER_TO_UINT (g_hash_table_lookup (names, c->names->pdata[i])) != i)
            continue;
          if (!kt_json_scan_same_value (&g_array_index (c->values, KtJsonScalar, i),
                                        json_object_get_member (o, c->names->pdata[i])))
            return "json-glib read a member differently";
        }
    }
  else
    {
      JsonArray *a;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        return "json-glib did not read an array";
      a = json_node_get_array (node);
      if (json_array_get_length (a) != c->values->len)
        return "json-glib read another number of items";
      for (guint i = 0; i < c->values->len; i++)
        if (!kt_json_scan_same_value (&g_array_index (c->values, KtJsonScalar, i),
                                      json_array_get_element (a, i)))
          return "json-glib read an item differently";
    }
  return NULL;
}

/* Reads @text as a flat object (or array) of any scalars. Returns whether
 * the scanner took it; *@out_problem is then NULL when json-glib reads it
 * the same, else what differs. */
static inline gboolean
kt_json_scan_check_flat (const char  *text,
                         gsize        len,
                         gboolean     object,
                         const char **out_problem)
{
  KtJsonScanCollected c = { g_ptr_array_new (), g_array_new (FALSE, FALSE, sizeof (KtJsonScalar)),
                            g_string_chunk_new (64) };
  gboolean taken;

  *out_problem = NULL;
  taken = object ? kt_json_scan_object (text, len, KT_JSON_SCAN_ANY_SCALAR, kt_json_scan_collect, &c)
                 : kt_json_scan_array (text, len, KT_JSON_SCAN_ANY_SCALAR, kt_json_scan_collect, &c);
  if (taken)
    {
      g_autoptr(JsonNode) node = kt_json_scan_check_parse (text, len);

      *out_problem = node == NULL ? "json-glib refused what the scanner took"
                     : kt_json_scan_compare (&c, node, object);
    }
  g_ptr_array_unref (c.names);
  g_array_unref (c.values);
  g_string_chunk_free (c.strings);
  return taken;
}

/* Reads @text as one scalar with white space around it; as above. */
static inline KtJsonScanKind
kt_json_scan_check_scalar (const char  *text,
                           gsize        len,
                           const char **out_problem)
{
  g_autofree char *buffer = g_malloc (len + 1);
  const char *p = text, *end = text + len;
  char *out = buffer;
  KtJsonScalar value = { 0 };

  *out_problem = NULL;
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
    p++;
  if (kt_json_scan_scalar (&p, end, &out, &value) < KT_JSON_SCAN_STRING)
    return value.kind;
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
    p++;
  if (p != end)
    return KT_JSON_SCAN_BAD;
  {
    g_autoptr(JsonNode) node = kt_json_scan_check_parse (text, len);

    if (node == NULL)
      *out_problem = "json-glib refused a scalar the scanner took";
    else if (!kt_json_scan_same_value (&value, node))
      *out_problem = "json-glib read a scalar differently";
  }
  return value.kind;
}
