#!/usr/bin/env python3
# bench/server/kt-bench-pdf.py BASE TOKEN SERVER_PID [PGDATA]: the PDF route's
# figures, one "name: value unit" a line (tools/bench-server runs it).
#
# Creates 200 ten-line invoices, 12 more to warm up and one of 100 lines through REST, then,
# one keep-alive connection, requests one after the other (the original
# stack's measure: 200 sequential requests), without If-None-Match:
#   - the 200 invoices as drafts, each asked once: every answer is
#     rendered on demand (server.invoice_pdf_render_per_s);
#   - then each issued (PATCH status, as a person issues one), which
#     renders its PDF in the background (server/kt-pdf-prerender.c); once
#     those renders are done, the 200 issued invoices, each asked once:
#     answered from the cache (server.invoice_pdf_per_s, the issue's
#     figure: an issued invoice is the one that gets sent and opened);
#   - one issued invoice 200 times: from the server's PDF cache
#     (server.invoice_pdf_cached_per_s);
#   - the same with its ETag in If-None-Match: 304s;
# and the 100-line invoice's first request (rendered) in ms. The server's
# CPU time per request comes from /proc (the machine is shared); with
# PGDATA also the cluster's (its postmaster and backends), and always
# this client's own, so that the wall clock of a sequential request can
# be read as the server + PostgreSQL + the client + the waits between.
import http.client
import json
import os
import sys
import time
from urllib.parse import urlsplit

base, token, server_pid = sys.argv[1], sys.argv[2], int(sys.argv[3])
pgdata = sys.argv[4] if len(sys.argv) > 4 else None
N = 200
url = urlsplit(base)
conn = http.client.HTTPConnection(url.hostname, url.port)
auth = {"Authorization": "Bearer " + token}


def request(method, path, body=None, headers=None):
    h = dict(auth)
    if headers:
        h.update(headers)
    if body is not None:
        h["Content-Type"] = "application/json"
        body = json.dumps(body)
    conn.request(method, path, body=body, headers=h)
    r = conn.getresponse()
    return r.status, r.getheaders(), r.read()


def create(plural, fields):
    status, _, body = request("POST", "/v1/" + plural, fields)
    if status != 201:
        sys.exit(f"kt-bench-pdf: POST /v1/{plural}: {status} {body[:200]!r}")
    return json.loads(body)["id"]


def new_invoice(i, lines):
    invoice = create("invoices", {"issue_date": "2026-12-01", "due_date": "2026-12-15",
                                  "client_name": f"Клиент {i} ООД", "client_address": "ул. Витоша 1, София",
                                  "client_vat": "BG175074752", "client_eik": "175074752",
                                  "currency": "EUR", "language": "bg"})
    for n in range(lines):
        create("invoice_items", {"invoice_id": invoice, "position": n,
                                 "description": f"Консултантски услуги, етап {n + 1}",
                                 "quantity": 1000 + 250 * (n % 4), "unit": "ч.",
                                 "unit_price": 4500 + 100 * n, "vat_bps": 2000 if n % 3 else 900})
    return invoice


def cpu_seconds():
    with open(f"/proc/{server_pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def sched_seconds(pid=None):
    # The threads' on-CPU time in nanoseconds (schedstat), finer than the
    # 10 ms clock ticks of /proc/PID/stat: over 200 requests a tick is
    # 0.05 ms a request. Threads that end during a run drop out of it,
    # so it is printed beside the ticks, not instead of them.
    pid = pid or server_pid
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                total += int(f.read().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total / 1e9


def pg_seconds():
    # The cluster's processes, as (its backends: one serves each server
    # worker's connection; the others: autovacuum, WAL writer...).
    if pgdata is None:
        return 0.0, 0.0
    with open(f"{pgdata}/postmaster.pid") as f:
        postmaster = int(f.readline())
    with open(f"/proc/{postmaster}/task/{postmaster}/children") as f:
        children = [int(pid) for pid in f.read().split()]
    backends = others = 0.0
    for pid in [postmaster] + children:
        try:
            with open(f"/proc/{pid}/cmdline") as f:
                backend = "[local]" in f.read()
            if backend:
                backends += sched_seconds(pid)
            else:
                others += sched_seconds(pid)
        except (FileNotFoundError, ProcessLookupError):
            pass
    return backends, others


def get_pdf(invoice, etag=None):
    status, headers, body = request("GET", f"/v1/invoices/{invoice}/pdf",
                                    headers={"If-None-Match": etag} if etag else None)
    want = 304 if etag else 200
    if status != want or (want == 200 and not body.startswith(b"%PDF-")):
        sys.exit(f"kt-bench-pdf: GET {invoice} pdf: {status}")
    return dict(headers).get("ETag"), len(body)


def run(name, invoices, etag=None):
    cpu0, sched0, pg0, client0 = cpu_seconds(), sched_seconds(), pg_seconds(), time.process_time()
    t0 = time.perf_counter()
    etags = set()
    size = 0
    for invoice in invoices:
        tag, size = get_pdf(invoice, etag)
        etags.add(tag)
    wall = time.perf_counter() - t0
    cpu, sched, client = cpu_seconds() - cpu0, sched_seconds() - sched0, time.process_time() - client0
    pg1 = pg_seconds()
    print(f"server.{name}: {len(invoices) / wall:.0f} pdf/s")
    print(f"server.{name}.cpu_per_request: {cpu * 1000 / len(invoices):.2f} ms")
    print(f"server.{name}.sched_cpu_per_request: {sched * 1000 / len(invoices):.3f} ms")
    print(f"server.{name}.wall_per_request: {wall * 1000 / len(invoices):.3f} ms")
    if pgdata is not None:
        print(f"server.{name}.postgres_cpu_per_request: {(pg1[0] - pg0[0]) * 1000 / len(invoices):.3f} ms")
        print(f"server.{name}.postgres_other_cpu_per_request: {(pg1[1] - pg0[1]) * 1000 / len(invoices):.3f} ms"
              " (autovacuum, WAL writer...)")
    print(f"server.{name}.client_cpu_per_request: {client * 1000 / len(invoices):.3f} ms")
    return etags, size


# The seller's details, so that each invoice carries its EPC QR code as
# the render library's sample does (the sample also has a logo; this
# organization has none).
status, _, body = request("PATCH", "/v1/organization",
                          {"name": "Кантора ЕООД", "address": "бул. България 1", "city": "София",
                           "vat_number": "BG175074752", "eik": "175074752", "mol": "Иван Петров",
                           "iban": "BG80BNBG96611020345678", "bic": "BNBGBGSF", "bank_name": "БНБ"})
if status != 200:
    sys.exit(f"kt-bench-pdf: PATCH /v1/organization: {status} {body[:200]!r}")

invoices = [new_invoice(i, 10) for i in range(N)]
long_invoice = new_invoice(N, 100)
# Warm-up invoices, never measured: a ten-line invoice renders on the
# request's worker, and each worker thread keeps its own shaped texts
# (docs/documents.md), so every worker draws its first PDF cold; 12
# sequential renders reach each of the 4 workers (the server's default).
WARM = 12
warm_invoices = [new_invoice(N + 1 + i, 10) for i in range(WARM)]

# Warm-up requests (fonts, the connections' prepared statements, the
# threads' shaped texts) on invoices that are not measured afterwards.
get_pdf(long_invoice)
for invoice in warm_invoices:
    get_pdf(invoice)
# The 100-line invoice once more after a change (a new version): one
# render, timed alone.
create("invoice_items", {"invoice_id": long_invoice, "position": 100, "description": "Още един ред",
                         "quantity": 1000, "unit_price": 100, "vat_bps": 2000})
t0 = time.perf_counter()
get_pdf(long_invoice)
print(f"server.invoice_pdf_100_lines: {(time.perf_counter() - t0) * 1000:.1f} ms")

etags, size = run("invoice_pdf_render_per_s", invoices)
if len(etags) != N:
    sys.exit("kt-bench-pdf: the 200 invoices did not give 200 ETags")
print(f"server.invoice_pdf_size: {size / 1024:.1f} KiB")


def wait_for_background_renders():
    # The server renders an issued invoice's PDF some 250 ms after its
    # last write (KT_PDF_PRERENDER_DELAY_MS), one after the other on one
    # thread, at about 1.5 ms of CPU each. Done is when its CPU stops
    # growing: sampled every 100 ms, under 1 ms in a sample (an idle
    # server's poll) twice in a row, after the delay has passed. A
    # signal from outside, so the server needs no route for it.
    t0 = time.perf_counter()
    time.sleep(0.3)
    quiet = 0
    last = sched_seconds()
    while quiet < 2 and time.perf_counter() - t0 < 30:
        time.sleep(0.1)
        now = sched_seconds()
        quiet = quiet + 1 if now - last < 0.001 else 0
        last = now
    return time.perf_counter() - t0


cpu0 = sched_seconds()
t0 = time.perf_counter()
for invoice in invoices:
    status, _, body = request("PATCH", f"/v1/invoices/{invoice}", {"status": "issued"})
    if status != 200:
        sys.exit(f"kt-bench-pdf: PATCH /v1/invoices/{invoice}: {status} {body[:200]!r}")
issuing = time.perf_counter() - t0
waited = wait_for_background_renders()
print(f"server.invoice_issue_per_s: {N / issuing:.0f} invoices/s (PATCH status, one after the other)")
print(f"server.invoice_prerender_wait: {waited * 1000:.0f} ms after the last PATCH")
print(f"server.invoice_issue_and_prerender_cpu: {(sched_seconds() - cpu0) * 1000 / N:.3f} ms an invoice"
      " (the PATCH and its background render)")

etags, size = run("invoice_pdf_per_s", invoices)
if len(etags) != N:
    sys.exit("kt-bench-pdf: the 200 issued invoices did not give 200 ETags")
print(f"server.invoice_pdf_issued_size: {size / 1024:.1f} KiB")
etags, _ = run("invoice_pdf_cached_per_s", [invoices[0]] * N)
run("invoice_pdf_304_per_s", [invoices[0]] * N, etag=etags.pop())
