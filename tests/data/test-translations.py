#!/usr/bin/env python3
"""Every language in po/LINGUAS translates every message of the current
sources: the POT is regenerated with meson's glib preset, merged with each
.po, and the result must have no untranslated and no fuzzy message.

While engineers add strings this fails; tools/update-po prints the to-do
list and docs/i18n.md explains the workflow."""

import os
import subprocess
import sys
import tempfile

import kt_po
from kt_tap import Tap

root = sys.argv[1]
tap = Tap()

with tempfile.TemporaryDirectory(prefix='kantora-po-') as tmp:
    pot = os.path.join(tmp, kt_po.DOMAIN + '.pot')
    try:
        kt_po.make_pot(root, pot)
        made = True
    except subprocess.CalledProcessError as e:
        made = False
        tap.ok(False, 'xgettext extracts the messages of po/POTFILES.in', e)
    if made:
        tap.ok(kt_po.count_messages(pot) > 0, 'xgettext extracts the messages of po/POTFILES.in')
        cut = kt_po.cut_messages(pot)
        tap.ok(not cut, 'no message is cut short by a format macro such as G_GINT64_FORMAT',
               'these are never translated; format the number into a %s first, or use '
               'PRId64 from <inttypes.h>, which gettext understands:\n'
               + '\n'.join(f'{refs}: "{msgid}"' for refs, msgid in cut))
        for lang in kt_po.linguas(root):
            po = os.path.join(root, 'po', lang + '.po')
            tap.run(f'po/{lang}.po passes msgfmt --check',
                    ['msgfmt', '--check', '--output-file=/dev/null', po])
            merged = os.path.join(tmp, lang + '.po')
            kt_po.merge_po(po, pot, merged)
            untranslated = kt_po.count_messages(merged, '--untranslated')
            fuzzy = kt_po.count_messages(merged, '--only-fuzzy')
            stats = subprocess.run(['msgfmt', '--statistics', '--output-file=/dev/null', merged],
                                   capture_output=True, text=True).stderr
            todo = subprocess.run(['msgattrib', '--no-obsolete', '--untranslated', merged],
                                  capture_output=True, text=True).stdout
            tap.ok(untranslated == 0, f'po/{lang}.po leaves 0 messages untranslated',
                   f'{untranslated} untranslated ({stats.strip()}); run tools/update-po and translate:\n'
                   + '\n'.join(l for l in todo.splitlines() if l.startswith(('#:', 'msgid')))[:4000])
            tap.ok(fuzzy == 0, f'po/{lang}.po has 0 fuzzy messages',
                   f'{fuzzy} fuzzy after merging with the current sources ({stats.strip()})')
tap.done()
