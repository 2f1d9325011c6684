#!/usr/bin/env python3
"""The GSettings schema compiles strictly and the build tree's compiled
schema has the documented keys and defaults."""

import os
import subprocess
import sys

from kt_tap import Tap

source_dir, compiled_dir = sys.argv[1], sys.argv[2]
SCHEMA = 'org.kantora.Kantora'
EXPECTED = {
    'window-width': '1200',
    'window-height': '780',
    'window-maximized': 'false',
    'last-section': "'dashboard'",
    'language': "''",
    'default-currency': "'EUR'",
    'server-url': "'http://127.0.0.1:8470'",
    'color-scheme': "'follow'",
    'store-path': "''",
    'time-zone': "''",
}
tap = Tap()

tap.run('glib-compile-schemas --strict --dry-run accepts data/',
        ['glib-compile-schemas', '--strict', '--dry-run', source_dir])
tap.ok(os.path.isfile(os.path.join(compiled_dir, 'gschemas.compiled')),
       'gschemas.compiled is in the build tree', compiled_dir)


def gsettings(*args):
    env = dict(os.environ, GSETTINGS_BACKEND='memory')
    return subprocess.run(['gsettings', '--schemadir', compiled_dir, *args],
                          capture_output=True, text=True, env=env)


keys = gsettings('list-keys', SCHEMA)
tap.ok(sorted(keys.stdout.split()) == sorted(EXPECTED), 'the schema has exactly the documented keys',
       keys.stdout + keys.stderr)
for key, value in EXPECTED.items():
    got = gsettings('get', SCHEMA, key)
    tap.ok(got.stdout.strip() == value, f'{key} defaults to {value}', got.stdout + got.stderr)

rng = gsettings('range', SCHEMA, 'color-scheme')
tap.ok(rng.stdout.split() == ['enum', "'follow'", "'light'", "'dark'"],
       'color-scheme is the enum follow, light, dark', rng.stdout + rng.stderr)
bad = gsettings('set', SCHEMA, 'language', "'xx'")
tap.ok(bad.returncode != 0, 'language refuses a value outside bg, en and empty')
tap.done()
