/* check-cases.h: a table of texts and the message each check gives
 * (test-company-id.c, test-iban.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kantora-shared.h"

typedef struct {
  const char *text;
  const char *message;  /* the whole English message; NULL: valid */
} IdCase;

/* Runs @check on every case: a valid text gives TRUE and no error, any
 * other exactly its message; without an error location the answer is the
 * same. */
static inline void
check_cases (KtCompanyIdCheck  check,
             const IdCase     *cases,
             guint             n_cases)
{
  for (guint i = 0; i < n_cases; i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = check (cases[i].text, &error);

      g_test_message ("“%s”", cases[i].text);
      if (cases[i].message == NULL)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);
          g_assert_cmpstr (error->message, ==, cases[i].message);
        }
      g_assert_cmpint (check (cases[i].text, NULL), ==, ok);
    }
}
