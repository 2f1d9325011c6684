/* kt-route-send.c: POST /v1/invoices/{id}/send
 *
 * Mails an issued invoice with its PDF to its client (or to the address
 * the body names) through the job queue (server/jobs/kt-job-mail.h):
 * the answer is 202 with the job's id once the mail is queued, in the
 * transaction that checked the invoice. When the job has sent it, an
 * issued invoice is "sent" and its timeline has the mail log entry,
 * both written as changes that clients pull. Who may edit the invoice
 * may send it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-route-send"

#include "config.h"

#include <glib/gi18n.h>

#include "kantora-shared.h"
#include "kt-job-mail.h"
#include "kt-policy.h"
#include "kt-routes.h"
#include "kt-server.h"
#include "kt-server-error.h"

typedef struct {
  const char *id;
  const char *to;
  const char *language;
  char       *recipient;
  gint64      job_id;
} Send;

/* The client's address: the contact's, else the company's. */
static char *
client_email (KtRequest  *req,
              KtRecord   *invoice,
              GError    **error)
{
  const char * const fields[] = { "contact_id", "company_id" };
  const KtEntity * const entities[] = { KT_ENTITY_CONTACT, KT_ENTITY_COMPANY };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *id = kt_record_get_string (invoice, fields[i]);
      g_autoptr(KtRecord) client = NULL;
      g_autoptr(GError) local_error = NULL;
      const char *email;

      if (id == NULL || *id == '\0')
        continue;
      client = kt_pg_load_record (req->pg, entities[i], req->auth.org_id, id, FALSE, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      email = client != NULL && !kt_record_get_deleted (client) ? kt_record_get_string (client, "email") : NULL;
      if (email != NULL && *email != '\0')
        return g_strdup (email);
    }
  return g_strdup ("");
}

static gboolean
send_in_transaction (KtRequest *req,
                     gpointer   data,
                     GError   **error)
{
  Send *send = data;
  g_autoptr(KtRecord) invoice = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *number;

  invoice = kt_pg_load_record (req->pg, KT_ENTITY_INVOICE, req->auth.org_id, send->id, FALSE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (invoice == NULL || kt_record_get_deleted (invoice))
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_NOT_FOUND, _("There is no %s with this id"), "invoice");
      return FALSE;
    }
  if (!kt_policy_may_write (req->auth.role, req->auth.user_id, TRUE, kt_record_get_owner_id (invoice),
                            NULL, error))
    return FALSE;

  number = kt_record_get_string (invoice, "number");
  if (g_strcmp0 (kt_record_get_string (invoice, "status"), "draft") == 0 || number == NULL || *number == '\0')
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, "status",
                                 _("Only an issued invoice can be sent; issue it first"));
      return FALSE;
    }

  g_clear_pointer (&send->recipient, g_free);
  if (send->to != NULL)
    send->recipient = g_strdup (send->to);
  else if ((send->recipient = client_email (req, invoice, error)) == NULL)
    return FALSE;
  if (*send->recipient == '\0')
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, "to",
                                 _("The invoice's client has no email address; say where to send it"));
      return FALSE;
    }
  if (!kt_routes_check_email (send->recipient, "to", error))
    return FALSE;

  return kt_job_mail_enqueue_invoice (req->pg, req->auth.org_id, invoice, send->recipient, send->language, 0,
                                      NULL, 0, &send->job_id, error);
}

gboolean
kt_route_invoice_send (KtRequest *req,
                       GError   **error)
{
  static const char * const allowed[] = { "to", "language", NULL };
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *job_id = NULL;
  Send send = { req->segments[1], NULL, NULL, NULL, 0 };
  gboolean ok;

  /* An empty body is "all defaults". */
  body = req->body != NULL && g_bytes_get_size (req->body) > 0 ? kt_request_read_object (req, error)
                                                               : json_object_new ();
  if (body == NULL)
    return FALSE;
  if (!kt_routes_check_keys (body, allowed, error) ||
      !kt_json_get_string (body, "to", FALSE, &send.to, error) ||
      !kt_json_get_string (body, "language", FALSE, &send.language, error))
    return FALSE;
  if (send.language != NULL && !g_str_equal (send.language, "bg") && !g_str_equal (send.language, "en"))
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, "language",
                                 _("The language must be “bg” or “en”"));
      return FALSE;
    }
  if (!kt_uuid_is_valid (send.id))
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_NOT_FOUND, _("There is no %s with this id"), "invoice");
      return FALSE;
    }
  if (kt_server_get_smtp (req->server) == NULL)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_MAIL_NOT_CONFIGURED,
                   _("This server cannot send mail: its administrator has not set up SMTP"));
      return FALSE;
    }

  ok = kt_routes_in_transaction (req, send_in_transaction, &send, error);
  if (ok)
    {
      answer = json_object_new ();
      job_id = g_strdup_printf ("%" G_GINT64_FORMAT, send.job_id);
      json_object_set_string_member (answer, "job_id", job_id);
      json_object_set_string_member (answer, "to", send.recipient);
      root = json_node_init_object (json_node_alloc (), answer);
      kt_request_respond_json (req, 202, root);
    }
  g_free (send.recipient);
  return ok;
}
