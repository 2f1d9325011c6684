#!/usr/bin/env python3
"""The merged AppStream metainfo is valid and carries its translations."""

import os
import sys
import xml.etree.ElementTree as ET

from kt_tap import Tap

path = sys.argv[1]
app_id = os.path.basename(path)[:-len('.metainfo.xml')]
XML_LANG = '{http://www.w3.org/XML/1998/namespace}lang'
tap = Tap()

# --no-net: the screenshot and homepage URLs point at the future website.
tap.run('appstreamcli validate --no-net accepts ' + os.path.basename(path),
        ['appstreamcli', 'validate', '--no-net', path])

root = ET.parse(path).getroot()
tap.ok(root.findtext('id') == app_id, 'the component id is the application id',
       f'id={root.findtext("id")}, expected {app_id}')
launchable = root.find('launchable')
tap.ok(launchable is not None and launchable.text == app_id + '.desktop',
       'the launchable is the desktop entry')
tap.ok(root.find('provides/binary') is not None and root.findtext('provides/binary') == 'kantora',
       'it provides the kantora binary')
releases = root.findall('releases/release')
release = releases[-1] if releases else None
tap.ok(release is not None and release.get('version') == '0.1.0' and release.get('date') == '2026-11-25',
       'the first release is 0.1.0 of 2026-11-25')
captions = root.findall('screenshots/screenshot/caption')
tap.ok(len(captions) >= 1 and all(c.text for c in captions if c.get(XML_LANG) is None),
       'every screenshot has a caption')
tap.ok(any(e.get(XML_LANG) == 'bg' for e in root.findall('summary')),
       'the summary has a Bulgarian translation',
       'summary xml:lang="bg" missing: po/bg.po does not translate it or was not merged')
tap.done()
