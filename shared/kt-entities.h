/* kt-entities.h: every entity family of the domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-account.h"
#include "kt-subscription.h"
#include "kt-contact.h"
#include "kt-pipeline.h"
#include "kt-deal.h"
#include "kt-task.h"
#include "kt-custom-field.h"
#include "kt-template.h"
#include "kt-invoice.h"
#include "kt-ai.h"
#include "kt-saved-view.h"
