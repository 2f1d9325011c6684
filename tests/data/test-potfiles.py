#!/usr/bin/env python3
"""po/POTFILES.in lists every file with translatable strings, is sorted and
lists no file that does not exist. Fix it with tools/update-po."""

import os
import sys

import kt_po
from kt_tap import Tap

root = sys.argv[1]
tap = Tap()

listed = kt_po.read_potfiles(root)
needed = kt_po.translatable_files(root)

missing = [f for f in needed if f not in listed]
tap.ok(not missing, 'every file that marks strings is in po/POTFILES.in',
       'not listed (run tools/update-po):\n' + '\n'.join(missing))
gone = [f for f in listed if not os.path.isfile(os.path.join(root, f))]
tap.ok(not gone, 'po/POTFILES.in lists no missing file', 'no such file:\n' + '\n'.join(gone))
tap.ok(listed == sorted(listed), 'po/POTFILES.in is sorted',
       'first out of order: ' + next((b for a, b in zip(listed, listed[1:]) if b < a), ''))
tap.ok(len(listed) == len(set(listed)), 'po/POTFILES.in lists each file once')
for data_file in ('data/org.kantora.Kantora.desktop.in',
                  'data/org.kantora.Kantora.metainfo.xml.in',
                  'data/org.kantora.Kantora.gschema.xml'):
    tap.ok(data_file in listed, f'{data_file} is listed')
tap.done()
