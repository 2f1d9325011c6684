/* kt-pg-zone.h: an organization's time zone, inside a statement
 *
 * An organization's time zone is its own (organizations.time_zone) when
 * set, else its first Owner's (users.timezone), and UTC when PostgreSQL
 * does not know the name, so that one odd zone never fails the
 * statement. kt_known_zone() (migration 15) asks PostgreSQL about the one
 * name; pg_timezone_names, which it replaced, read every zone file for
 * each statement (45 ms). Shared by the
 * statements of the daily jobs (kt-pg-jobs.c, kt-pg-reminders.c), so
 * they all agree on what "today" is for an organization.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#define ORG_ZONE_SQL(org) \
  "coalesce((SELECT kt_known_zone (oz.time_zone) FROM organizations oz" \
  " WHERE oz.org_id = " org ")," \
  " (SELECT kt_known_zone (u.timezone) FROM team_members m JOIN users u ON u.id = m.user_id" \
  " WHERE m.org_id = " org " AND m.role = 'owner' AND m.status = 'active'" \
  " AND kt_known_zone (u.timezone) IS NOT NULL" \
  " ORDER BY m.joined_at NULLS LAST, m.id LIMIT 1), 'UTC')"
