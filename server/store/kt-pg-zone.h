/* kt-pg-zone.h: an organization's time zone, inside a statement
 *
 * An organization's time zone is its own (organizations.time_zone) when
 * set, else its first Owner's (users.timezone), and UTC when PostgreSQL
 * does not know the name, so that one odd zone never fails the
 * statement. A statement that uses ORG_ZONE_SQL defines ZONES_CTE in its
 * WITH: pg_timezone_names reads the zone files, once. Shared by the
 * statements of the daily jobs (kt-pg-jobs.c, kt-pg-reminders.c), so
 * they all agree on what "today" is for an organization.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#define ZONES_CTE "zones AS MATERIALIZED (SELECT name FROM pg_timezone_names)"
#define ORG_ZONE_SQL(org) \
  "coalesce((SELECT z.name FROM organizations oz JOIN zones z ON z.name = oz.time_zone" \
  " WHERE oz.org_id = " org ")," \
  " (SELECT z.name FROM team_members m JOIN users u ON u.id = m.user_id" \
  " JOIN zones z ON z.name = u.timezone" \
  " WHERE m.org_id = " org " AND m.role = 'owner' AND m.status = 'active'" \
  " ORDER BY m.joined_at NULLS LAST, m.id LIMIT 1), 'UTC')"
