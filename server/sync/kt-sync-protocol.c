/* kt-sync-protocol.c: version negotiation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-route-sync.h"

gboolean
kt_sync_check_protocol (KtRequest *req,
                        gint64     version)
{
  g_autoptr (JsonBuilder) builder = NULL;
  g_autoptr (JsonNode) root = NULL;

  if (version == KT_SYNC_PROTOCOL_VERSION)
    return TRUE;

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, "unsupported_protocol");
  json_builder_set_member_name (builder, "message");
  if (version < KT_SYNC_PROTOCOL_VERSION)
    json_builder_add_string_value (builder, _("This version of Kantora is too old for the server. Please update Kantora."));
  else
    json_builder_add_string_value (builder, _("This version of Kantora is newer than the server. Please ask the administrator to update the server."));
  json_builder_set_member_name (builder, "supported");
  json_builder_begin_array (builder);
  json_builder_add_int_value (builder, KT_SYNC_PROTOCOL_VERSION);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  kt_request_respond_json (req, 426, root);
  return FALSE;
}
