#!/usr/bin/env python3
"""tools/test-totals counts subtests, so a skip or a failure inside a
binary shows in tools/test's closing line.

The inputs are testlog.json lines as meson 1.0 writes them (name, result,
stdout), with TAP as GLib's g_test and kt_tap.py print it."""

import json
import os
import subprocess
import sys
import tempfile

from kt_tap import Tap

root = sys.argv[1]
script = os.path.join(root, 'tools', 'test-totals')
tap = Tap()


def totals(*tests):
    """(passed, failed, skipped, notes) for one testlog.json of @tests."""
    with tempfile.TemporaryDirectory() as tmp:
        log_dir = os.path.join(tmp, 'build', 'meson-logs')
        os.makedirs(log_dir)
        log = os.path.join(log_dir, 'testlog.json')
        notes = os.path.join(tmp, 'notes.txt')
        open(notes, 'w').close()  # as tools/test makes it
        with open(log, 'w', encoding='utf-8') as f:
            for name, result, stdout in tests:
                f.write(json.dumps({'name': name, 'result': result, 'stdout': stdout,
                                    'returncode': 0 if result == 'OK' else 1}) + '\n')
        proc = subprocess.run([sys.executable, script, notes, log],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            return None, proc.stderr
        with open(notes, encoding='utf-8') as f:
            return tuple(int(n) for n in proc.stdout.split()), f.read()


def check(name, want, tests, note=None):
    got, notes = totals(*tests)
    ok = got == want and (note is None or note in notes)
    tap.ok(ok, name, f'want {want} with the note {note!r}, got {got}; notes:\n{notes}')


GLIB_SKIP = ('# random seed: R02S\n1..3\n# Start of server tests\n'
             'ok 1 /server/tls/config\n'
             'ok 2 /server/tls/https # SKIP openssl is needed to make a certificate\n'
             'ok 3 /server/tls/plain\n# End of server tests\n')
check('a skipped subtest in a passing binary counts as skipped, and is named',
      (2, 0, 1), [('kantora:server / tls', 'OK', GLIB_SKIP)],
      'skipped: build: kantora:server / tls: /server/tls/https (openssl is needed to make a certificate)')

check('every subtest counts, not every binary',
      (5, 0, 0), [('kantora:data / potfiles', 'OK', 'ok 1 - one\nok 2 - two\nok 3 - three\n1..3\n'),
                  ('kantora:shared / uuid', 'OK', '1..2\nok 1 /uuid/a\nok 2 /uuid/b\n')])

check('a failed subtest counts as failed, the others as passed',
      (1, 1, 0), [('kantora:store / store', 'FAIL',
                   '1..3\nok 1 /store/open\nnot ok 2 /store/save - assertion failed\nBail out!\n')],
      'failed: build: kantora:store / store: /store/save - assertion failed')

check('a binary that dies after its last "ok" counts one failure',
      (2, 1, 0), [('kantora:sync / sync', 'ERROR', '1..5\nok 1 /sync/a\nok 2 /sync/b\n')],
      'failed: build: kantora:sync / sync (ERROR after its subtests)')

check('a binary that times out with no TAP output counts one failure',
      (0, 1, 0), [('kantora:ui / ui-board', 'TIMEOUT', '')],
      'failed: build: kantora:ui / ui-board (TIMEOUT)')

check('a binary without TAP output counts as one test',
      (1, 0, 1), [('kantora:gui / plain', 'OK', 'nothing here\n'),
                  ('kantora:gui / skipped', 'SKIP', '')])

check('a whole test skipped by its plan counts as one skip',
      (0, 0, 1), [('kantora:sync / secrets', 'SKIP', '1..0 # SKIP no D-Bus session\n')],
      'skipped: build: kantora:sync / secrets: (whole test) (no D-Bus session)')

check('an expected failure passes and an unexpected pass fails',
      (1, 1, 0), [('kantora:data / todo', 'FAIL',
                   'not ok 1 - known bug # TODO later\nok 2 - fixed bug # TODO later\n1..2\n')])

with tempfile.TemporaryDirectory() as tmp:
    log = os.path.join(tmp, 'testlog.json')
    notes = os.path.join(tmp, 'notes.txt')
    open(notes, 'w').close()
    with open(log, 'w', encoding='utf-8') as f:
        f.write('{"name": "kantora:store / store", "result": "OK", "stdout": "ok 1 /a\\n"}\n')
        f.write('{"name": "kantora:store / cut off", "res\n')
    proc = subprocess.run([sys.executable, script, notes, log], capture_output=True, text=True)
    tap.ok(proc.stdout.split() == ['1', '1', '0'], 'a line that is not JSON counts as a failure',
           f'got {proc.stdout!r} {proc.stderr}')

tap.done()
