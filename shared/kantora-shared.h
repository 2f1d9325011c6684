/* kantora-shared.h: the domain library shared by the client and the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-error.h"
#include "kt-uuid.h"
#include "kt-date.h"
#include "kt-timezone.h"
#include "kt-hlc.h"
#include "kt-json-guard.h"
#include "kt-json-scan.h"
#include "kt-main-context.h"
#include "kt-money.h"
#include "kt-totals.h"
#include "kt-words.h"
#include "kt-company-id.h"
#include "kt-iban.h"
#include "kt-match.h"
#include "kt-entity.h"
#include "kt-record.h"
#include "kt-dedupe.h"
#include "kt-search-text.h"
#include "kt-entities.h"
#include "kt-offer-convert.h"
#include "kt-epc.h"
#include "kt-tmpl.h"
#include "kt-tmpl-context.h"
#include "kt-tmpl-vars.h"
#include "kt-template-layout.h"
#include "kt-sse.h"
