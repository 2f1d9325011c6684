#!/usr/bin/env python3
"""The application icons are well-formed SVG of the sizes GNOME expects."""

import os
import sys
import xml.etree.ElementTree as ET

from kt_tap import Tap

icons = sys.argv[1]
SVG = '{http://www.w3.org/2000/svg}'
tap = Tap()

for rel, size in (('scalable/apps/org.kantora.Kantora.svg', 128),
                  ('scalable/apps/org.kantora.Kantora.Devel.svg', 128),
                  ('symbolic/apps/org.kantora.Kantora-symbolic.svg', 16)):
    path = os.path.join(icons, 'hicolor', rel)
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        tap.ok(False, f'{rel} is well-formed SVG', e)
        continue
    tap.ok(root.tag == SVG + 'svg', f'{rel} is well-formed SVG', root.tag)
    tap.ok(root.get('viewBox') == f'0 0 {size} {size}', f'{rel} has a {size}×{size} canvas',
           f'viewBox={root.get("viewBox")}')
    if 'symbolic' in rel:
        # Symbolic icons are recoloured by GTK: one flat colour, no gradients.
        fills = {e.get('fill') for e in root.iter() if e.get('fill') not in (None, 'none')}
        tap.ok(fills == {'#2e3436'} and root.find(f'.//{SVG}linearGradient') is None,
               f'{rel} uses the one symbolic colour', fills)
tap.done()
