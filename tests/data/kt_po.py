"""Shared helpers for Kantora's translation tooling.

tools/update-po and the 'data' test suite both import this module, so the
list of translatable files and the xgettext invocation are defined once and
the test checks exactly what the update script produces.
"""

import os
import re
import subprocess

DOMAIN = 'kantora'

# The same arguments as meson's i18n.gettext(preset: 'glib') in meson 1.0
# (mesonbuild/modules/i18n.py, PRESET_ARGS['glib']), so the POT made here
# matches the one `ninja kantora-pot` makes.
XGETTEXT_GLIB_ARGS = [
    '--from-code=UTF-8',
    '--add-comments',
    '--keyword=_',
    '--keyword=N_',
    '--keyword=C_:1c,2',
    '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2',
    '--keyword=g_dngettext:2,3',
    '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format',
    '--flag=C_:2:pass-c-format',
    '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format',
    '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format',
    '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format',
    '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format',
    '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format',
    '--flag=g_printerr:1:c-format',
    '--flag=g_printf:1:c-format',
    '--flag=g_fprintf:2:c-format',
    '--flag=g_sprintf:2:c-format',
    '--flag=g_snprintf:3:c-format',
]

# Extra arguments of po/meson.build; keep the two in step.
XGETTEXT_EXTRA_ARGS = [
    '--package-name=' + DOMAIN,
    '--msgid-bugs-address=https://kantora.org/issues',
]

# Data files are always translatable, whatever their content.
DATA_FILE_RE = re.compile(r'(\.desktop\.in|\.metainfo\.xml\.in|\.gschema\.xml)$')
SOURCE_EXT_RE = re.compile(r'\.(c|h|ui)$')
# A marked string: the glib preset's keywords (_( N_( C_( NC_( g_dngettext(
# ...), xgettext's default C keywords (gettext( ngettext( ...), or a
# translatable GtkBuilder property. The look-behind keeps G_N_ELEMENTS( and
# foo_( from matching.
MARK_RE = re.compile(r'(?<![A-Za-z0-9_])(_|N_|C_|NC_|g_dgettext|g_dcgettext|g_dngettext|g_dpgettext2'
                     r'|gettext|dgettext|dcgettext|ngettext|dngettext|dcngettext)\s*\('
                     r'|translatable\s*=\s*"(yes|true|1)"')

# Tests and tools are not translated: their strings are for developers.
EXCLUDED_DIRS = ('tests/', 'tools/', 'subprojects/', 'build', '_build', '.git/')


def source_files(root):
    """Relative paths of the project's files: the git index when the tree is
    a checkout (so the scratch files of a work tree do not count), else a
    walk of the directory (a release tarball)."""
    try:
        out = subprocess.run(['git', '-C', root, 'ls-files', '-z'],
                             check=True, capture_output=True).stdout
        files = [f for f in out.decode('utf-8').split('\0') if f]
        # A file deleted in the work tree but not yet from the index is gone.
        files = [f for f in files if os.path.isfile(os.path.join(root, f))]
    except (OSError, subprocess.CalledProcessError):
        files = []
        for dirpath, dirnames, filenames in os.walk(root):
            rel = os.path.relpath(dirpath, root)
            dirnames[:] = [d for d in dirnames
                           if not d.startswith('.') and not d.startswith('build')
                           and not d.startswith('_build')]
            for name in filenames:
                files.append(os.path.normpath(os.path.join(rel, name)))
    return sorted(f for f in files if not f.startswith(EXCLUDED_DIRS))


def uses_gettext(root, rel):
    if DATA_FILE_RE.search(rel):
        return True
    if not SOURCE_EXT_RE.search(rel):
        return False
    with open(os.path.join(root, rel), encoding='utf-8', errors='replace') as f:
        return MARK_RE.search(f.read()) is not None


def translatable_files(root):
    """The files that must be listed in po/POTFILES.in, sorted."""
    return [f for f in source_files(root) if uses_gettext(root, f)]


def read_potfiles(root):
    """The entries of po/POTFILES.in in file order, without comments."""
    entries = []
    with open(os.path.join(root, 'po', 'POTFILES.in'), encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#'):
                entries.append(line)
    return entries


def write_potfiles(root, files):
    with open(os.path.join(root, 'po', 'POTFILES.in'), 'w', encoding='utf-8') as f:
        f.write('# Files with translatable strings, sorted. Regenerate with tools/update-po.\n')
        for rel in files:
            f.write(rel + '\n')


def make_pot(root, output):
    """Extract the messages of the files in po/POTFILES.in into output."""
    subprocess.run(['xgettext', '--directory=' + root,
                    '--files-from=' + os.path.join(root, 'po', 'POTFILES.in'),
                    '--output=' + output]
                   + XGETTEXT_GLIB_ARGS + XGETTEXT_EXTRA_ARGS,
                   check=True)


def merge_po(po_file, pot_file, output):
    subprocess.run(['msgmerge', '--quiet', '--previous', '--output-file=' + output,
                    po_file, pot_file], check=True)


def count_messages(po_file, *msgattrib_args):
    """The number of messages msgattrib selects (header excluded)."""
    out = subprocess.run(['msgattrib', '--no-obsolete', *msgattrib_args, po_file],
                         check=True, capture_output=True, text=True).stdout
    count = 0
    for block in out.split('\n\n'):
        m = re.search(r'^msgid "(.*)"', block, re.M)
        if m is None:
            continue
        # The header is the entry whose msgid is the empty string and that
        # has no continuation lines.
        lines = block[m.start():].split('\n')
        if m.group(1) == '' and (len(lines) < 2 or not lines[1].startswith('"')):
            continue
        count += 1
    return count


def linguas(root):
    with open(os.path.join(root, 'po', 'LINGUAS'), encoding='utf-8') as f:
        return [w for line in f for w in line.split('#')[0].split()]


def cut_messages(pot_file):
    """Messages that a printf macro split: _("%" G_GINT64_FORMAT " left")
    gives xgettext only the literal before the macro, so the msgid ends in
    a lone % (or %' with a flag) and never matches the string the program
    looks up at run time. Returns (references, msgid) pairs."""
    with open(pot_file, encoding='utf-8') as f:
        text = f.read()
    cut = []
    for block in text.split('\n\n'):
        m = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if m is None:
            continue
        msgid = ''.join(re.findall(r'"(.*)"', m.group(1)))
        tail = msgid.rstrip("'#0- +")
        percents = len(tail) - len(tail.rstrip('%'))
        if percents % 2 == 1:
            refs = ' '.join(re.findall(r'^#: (.*)$', block, re.M))
            cut.append((refs, msgid))
    return cut
