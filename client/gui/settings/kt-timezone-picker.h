/* kt-timezone-picker.h: a searchable list of time zones beside a row
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Adds a button to the text row @row that opens the IANA names Kantora
 * accepts (shared/kt-timezone), filtered by what is typed in its search
 * entry; Enter takes the first match, a click or Enter in the list the
 * chosen one, and the name is written into @row. */
void kt_timezone_picker_attach (AdwEntryRow *row);

G_END_DECLS
