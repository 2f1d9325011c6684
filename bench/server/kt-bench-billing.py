#!/usr/bin/env python3
# bench/server/kt-bench-billing.py BASE TOKEN SECRET SERVER_PID PGDATA: billing on the
# server, one "name: value unit" a line (tools/bench-server runs it as its
# "billing" part; the server's config has SECRET as its webhook secret and
# the prices price_bench_starter, price_bench_pro, price_bench_enterprise).
#
# 1. The cost of the plan limit check on a write: 2,000 contacts created
#    one after another through POST /v1/contacts on one keep-alive
#    connection (the seeded organization, made Enterprise first so that
#    nothing is refused: the check still runs), mean and p99 latency. Run
#    against a server without the check (KANTORA_BENCH_SERVER_BIN, the
#    commit before) for the "before" figure. Also the CPU time of the
#    server and PostgreSQL per create (SERVER_PID, the cluster in PGDATA):
#    on a shared machine, the figure that does not depend on the others.
# 2. Webhook throughput: 20 organizations, 8 senders, each event a valid
#    signed customer.subscription.updated with its own id and a later
#    `created` than the organization's last (so each one changes the
#    subscription, writes history and two change-log entries): events/s
#    and p50/p99 latency over 4,000 events.
import hashlib
import hmac
import http.client
import json
import os
import statistics
import sys
import threading
import time
import uuid
from urllib.parse import urlsplit

base, token, secret, server_pid, pgdata = sys.argv[1:6]
url = urlsplit(base)
CREATES, ORGS, SENDERS, EVENTS = 2000, 20, 8, 4000
PRICES = ["price_bench_starter", "price_bench_pro"]


def connect():
    return http.client.HTTPConnection(url.hostname, url.port, timeout=60)


def call(conn, method, path, body=None, headers=None, expect=(200, 201)):
    h = {"Content-Type": "application/json"}
    h.update(headers or {})
    data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
    conn.request(method, path, body=data, headers=h)
    r = conn.getresponse()
    text = r.read()
    if r.status not in expect:
        sys.exit(f"kt-bench-billing: {method} {path}: {r.status} {text[:300]!r}")
    return json.loads(text) if text else None


def event(org, n, created, price):
    return json.dumps({
        "id": f"evt_bench_{org[:8]}_{n}", "object": "event", "type": "customer.subscription.updated",
        "created": created,
        "data": {"object": {"id": f"sub_bench_{org}", "object": "subscription", "customer": f"cus_bench_{org}",
                            "status": "active", "cancel_at_period_end": False, "metadata": {"org_id": org},
                            "items": {"data": [{"id": "si_1", "price": {"id": price}, "quantity": 1,
                                                "current_period_start": created,
                                                "current_period_end": created + 30 * 86400}]}}},
    }, separators=(",", ":")).encode()


def send(conn, body):
    t = int(time.time())
    sig = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return call(conn, "POST", "/v1/stripe/webhook", body,
                {"Stripe-Signature": f"t={t},v1={sig}", "Content-Type": "application/json; charset=utf-8"},
                expect=(200,))


def cpu_seconds():
    """User and system time of the server and of this cluster's processes."""
    postmaster = open(f"{pgdata}/postmaster.pid").readline().strip()
    pids = [server_pid, postmaster]
    try:
        pids += open(f"/proc/{postmaster}/task/{postmaster}/children").read().split()
    except OSError:
        pass
    total = 0
    for pid in pids:
        try:
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))]


conn = connect()
auth = {"Authorization": "Bearer " + token}
me = call(conn, "GET", "/v1/me", headers=auth)
org = me["organization"]["org_id"] if "org_id" in me["organization"] else me["organization"]["id"]
now = int(time.time())
send(conn, event(org, 0, now, "price_bench_enterprise"))

# 1. Writes.
for i in range(50):
    call(conn, "POST", "/v1/contacts", {"first_name": f"Warm {i}"}, auth)
times = []
cpu_before = cpu_seconds()
for i in range(CREATES):
    start = time.perf_counter()
    call(conn, "POST", "/v1/contacts", {"first_name": f"Bench {i}", "last_name": "Limit"}, auth)
    times.append((time.perf_counter() - start) * 1000)
cpu = cpu_seconds() - cpu_before
print(f"billing.contact_create.mean: {statistics.mean(times):.3f} ms")
print(f"billing.contact_create.cpu_per_request: {cpu * 1000 / CREATES:.3f} ms")
print(f"billing.contact_create.p50: {percentile(times, 0.5):.3f} ms")
print(f"billing.contact_create.p99: {percentile(times, 0.99):.3f} ms")

# 2. The webhook, over several organizations.
orgs = [org]
for i in range(ORGS - 1):
    r = call(conn, "POST", "/v1/auth/register",
             {"email": f"bench-billing-{i}-{uuid.uuid4().hex[:8]}@example.com", "password": "benchmark-password",
              "full_name": "Bench", "organization_name": f"Bench {i}"})
    orgs.append(r["organization"]["org_id"] if "org_id" in r["organization"] else r["organization"]["id"])

bodies = [event(orgs[n % ORGS], n + 1, now + 1 + n // ORGS, PRICES[(n // ORGS) % 2]) for n in range(EVENTS)]
latencies = [[] for _ in range(SENDERS)]


def sender(k):
    c = connect()
    # Each sender takes the events of its own organizations, in order:
    # Stripe sends one organization's events one after another too.
    mine = [b for n, b in enumerate(bodies) if (n % ORGS) % SENDERS == k]
    for b in mine:
        start = time.perf_counter()
        answer = send(c, b)
        latencies[k].append((time.perf_counter() - start) * 1000)
        if answer.get("duplicate"):
            sys.exit("kt-bench-billing: an event was taken for a duplicate")


threads = [threading.Thread(target=sender, args=(k,)) for k in range(SENDERS)]
start = time.perf_counter()
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.perf_counter() - start
flat = [x for l in latencies for x in l]
if len(flat) != EVENTS:
    sys.exit(f"kt-bench-billing: {len(flat)} of {EVENTS} events answered")
print(f"billing.webhook.events_per_s: {EVENTS / elapsed:.0f} events/s")
print(f"billing.webhook.p50: {percentile(flat, 0.5):.2f} ms")
print(f"billing.webhook.p99: {percentile(flat, 0.99):.2f} ms")
