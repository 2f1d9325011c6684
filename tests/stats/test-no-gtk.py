#!/usr/bin/env python3
"""client/core and the programs of this suite link no GTK.

client/core is the client's logic without widgets: the tests here and
kantora-cli use it with no display and no GTK in the process. The build
keeps GTK's headers away from client/core (its meson dependencies), but a
dependency added to a test or to the library for convenience would bring
GTK back without a compile error. This fails when it does.

Usage: test-no-gtk.py LIBRARY.a PROGRAM..."""

import re
import subprocess
import sys

GTK_LIBRARY = re.compile(r'\blib(?:gtk|gdk-|adwaita)\S*\.so\S*')
GTK_SYMBOL = re.compile(r'^\s*U\s+((?:gtk|gdk|gsk|adw)_\S+)', re.M)

n = failed = 0


def ok(cond, name, diag=''):
    global n, failed
    n += 1
    if cond:
        print(f'ok {n} - {name}')
    else:
        failed += 1
        print(f'not ok {n} - {name}')
        for line in diag.rstrip().splitlines():
            print(f'# {line}', file=sys.stderr)


library, programs = sys.argv[1], sys.argv[2:]

nm = subprocess.run(['nm', '-u', library], capture_output=True, text=True)
ok(nm.returncode == 0 and not GTK_SYMBOL.search(nm.stdout),
   f'{library.rsplit("/", 1)[-1]} calls no GTK function',
   nm.stderr + '\n'.join(sorted(set(GTK_SYMBOL.findall(nm.stdout)))[:20]))

for program in programs:
    ldd = subprocess.run(['ldd', program], capture_output=True, text=True)
    found = GTK_LIBRARY.findall(ldd.stdout)
    ok(ldd.returncode == 0 and not found,
       f'{program.rsplit("/", 1)[-1]} links no GTK',
       ldd.stderr + '\n'.join(found))

print(f'1..{n}')
sys.exit(1 if failed else 0)
