/* kt-vcard-contact.h: contacts as vCards and back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kantora-shared.h"
#include "kt-vcard.h"

G_BEGIN_DECLS

/* The import targets a card can fill, in form order. */
const char * const *kt_vcard_contact_targets   (void);

/* The contact values of @card as import target -> text (first_name,
 * last_name, email, phone, mobile, company_name, job_title, address, city,
 * postal_code, country, website, linkedin, twitter, facebook, birthday,
 * notes, tags). Values are unescaped; tags are joined with ", ". */
GHashTable         *kt_vcard_contact_to_targets (KtVCard *card);

/* Appends @contact as one vCard of @version. @company_name is the name of
 * its company or NULL. */
void                kt_vcard_append_contact     (GString        *out,
                                                 KtRecord       *contact,
                                                 const char     *company_name,
                                                 KtVCardVersion  version);

G_END_DECLS
