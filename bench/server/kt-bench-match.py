#!/usr/bin/env python3
# bench/server/kt-bench-match.py BASE TOKEN PSQL CONNINFO: payment matching
# on the server, one "name: value unit" a line (tools/bench-server runs it).
#
# Issue 13's scale: 20,000 open invoices (inserted with SQL, one statement:
# the figure is about matching, not about creating invoices) against
# 5,000 payments pushed through /v1/sync/push in five batches of 1,000,
# each payment's reference the number of one invoice (a tenth of them a
# number that does not exist, so the amount rule runs as well). Each push
# matches its batch in its own transaction: one read of the open invoices,
# the matcher, the writes. Prints the time of the five pushes and how many
# payments ended matched.
import http.client
import json
import subprocess
import sys
import time
import uuid
from urllib.parse import urlsplit

base, token, psql, conninfo = sys.argv[1:5]
INVOICES, PAYMENTS, BATCH = 20000, 5000, 1000
url = urlsplit(base)
conn = http.client.HTTPConnection(url.hostname, url.port, timeout=600)
auth = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}


def call(method, path, body=None):
    conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=auth)
    r = conn.getresponse()
    data = r.read()
    if r.status != 200:
        sys.exit(f"kt-bench-match: {method} {path}: {r.status} {data[:300]!r}")
    return json.loads(data)


def sql(text):
    return subprocess.run([psql, "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", conninfo, "-c", text],
                          check=True, capture_output=True, text=True).stdout.strip()


org = call("GET", "/v1/me")["organization"]["id"]
sql(f"""INSERT INTO invoices (org_id, id, created_at, updated_at, hlc, status, kind, number, currency,
          issue_date, client_name, total, paid_amount, credited_amount)
        SELECT '{org}', gen_random_uuid(), '2026-12-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z',
          '2026-12-01T00:00:00.000Z-0000-00000000000000b0', 'issued', 'invoice', lpad(g::text, 10, '0'),
          'EUR', '2026-11-01'::date + (g % 30), 'Клиент ' || g, 10000 + g, 0, 0
        FROM generate_series(1, {INVOICES}) g""")
sql("ANALYZE invoices")

client_id = str(uuid.uuid4())
node = "00000000000000c1"
total = 0.0
mutation = 0
for start in range(0, PAYMENTS, BATCH):
    mutations = []
    for k in range(start, start + BATCH):
        mutation += 1
        n = 1 + (k * 7) % INVOICES
        reference = f"Фактура {n:010d}" if k % 10 else f"Поръчка {k}"
        stamp = f"2026-12-07T01:00:{(k // 1000):02d}.{k % 1000:03d}Z-0000-{node}"
        fields = {"amount": 10000 + n, "currency": "EUR", "received_at": "2026-12-02T10:00:00.000Z",
                  "reference": reference}
        mutations.append({"id": mutation, "entity": "payment", "record_id": str(uuid.uuid4()),
                          "fields": fields, "clocks": {name: stamp for name in fields}})
    t0 = time.perf_counter()
    answer = call("POST", "/v1/sync/push", {"protocol": 2, "client_id": client_id, "mutations": mutations})
    total += time.perf_counter() - t0
    if any(r.get("status") != "applied" for r in answer["results"]):
        sys.exit("kt-bench-match: a payment was not applied")

matched = sql(f"SELECT count(*) FROM payments WHERE org_id = '{org}' AND matched")
print(f"server.match_push_5000_payments_20000_invoices: {total * 1000:.0f} ms (5 pushes of 1,000)")
print(f"server.match_matched: {matched} of {PAYMENTS} payments")
