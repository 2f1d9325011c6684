#!/usr/bin/env python3
"""The merged desktop entry is valid and carries its translations."""

import configparser
import os
import sys

from kt_tap import Tap

path = sys.argv[1]
app_id = os.path.basename(path)[:-len('.desktop')]
tap = Tap()

tap.run('desktop-file-validate accepts ' + os.path.basename(path),
        ['desktop-file-validate', path])

entry = configparser.RawConfigParser(interpolation=None, strict=False)
entry.optionxform = str  # keys are case-sensitive: Name[bg]
entry.read(path, encoding='utf-8')
group = entry['Desktop Entry'] if entry.has_section('Desktop Entry') else {}

tap.ok(group.get('Icon') == app_id, 'Icon is the application id',
       f'Icon={group.get("Icon")}, expected {app_id}')
tap.ok(group.get('Categories') == 'Office;ContactManagement;', 'Categories are Office;ContactManagement;',
       f'Categories={group.get("Categories")}')
tap.ok(group.get('StartupNotify') == 'true', 'StartupNotify is true')
for key in ('GenericName', 'Comment', 'Keywords'):
    tap.ok(bool(group.get(f'{key}[bg]')), f'{key} has a Bulgarian translation',
           f'{key}[bg] missing: po/bg.po does not translate it or was not merged')
tap.done()
