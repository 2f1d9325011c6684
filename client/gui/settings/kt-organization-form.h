/* kt-organization-form.h: the organization's settings, for Owners and
 * Admins
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-record-form.h"

G_BEGIN_DECLS

/* The largest logo file taken: its data URI (base64, a third larger)
 * must stay under the server's 512 KiB. */
#define KT_ORGANIZATION_LOGO_MAX_BYTES (380 * 1024)

#define KT_TYPE_ORGANIZATION_FORM (kt_organization_form_get_type ())
G_DECLARE_FINAL_TYPE (KtOrganizationForm, kt_organization_form, KT, ORGANIZATION_FORM, KtRecordForm)

/* A form on @organization, the JSON of GET /v1/organization. Save sends
 * PATCH /v1/organization with the keys the person changed, and nothing
 * when they changed none. */
KtOrganizationForm *kt_organization_form_new        (KtContext          *context,
                                                     JsonObject         *organization);
/* Takes @file as the logo (PNG or JPEG, at most
 * KT_ORGANIZATION_LOGO_MAX_BYTES); what the file chooser calls. */
gboolean            kt_organization_form_set_logo_file (KtOrganizationForm *self,
                                                        GFile              *file,
                                                        GError            **error);
/* TRUE while a PATCH is on its way. */
gboolean            kt_organization_form_get_busy   (KtOrganizationForm *self);
/* How many PATCH requests the form sent (for tests). */
guint               kt_organization_form_get_n_requests (KtOrganizationForm *self);

/* Opens the settings from @parent's window: fetches the organization and
 * my role, then shows the form to an Owner or Admin, or a toast that says
 * why not (another role, no server, no connection). */
void                kt_organization_settings_open   (GtkWidget          *parent,
                                                     KtContext          *context);

G_END_DECLS
