#!/usr/bin/env python3
"""No include loop between the folders of client/gui.

Each folder of client/gui is one node (window/, deals/, sync/...); each
file directly in client/gui is a node of its own (kt-application sits above
every folder, kt-context below them). A folder depends on another when one
of its files includes a header of the other. The dependencies must form no
cycle: a loop (window -> sync -> account -> window) means no folder of it
can be understood, tested or moved without the others, and the next pane
copies the pattern. Headers are found by their name, which is unique in
the tree (HACKING.md).

A header that needs no GTK (it includes neither GTK nor libadwaita, nor a
gui header that does: kt-when.h, kt-owners.h...) is no widget code but
logic that issue 11 moves to client/core, below every gui folder; including
it makes no edge here."""

import os
import re
import sys

from kt_tap import Tap

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.MULTILINE)
GTK = re.compile(r'^\s*#\s*include\s+<(gtk/gtk\.h|adwaita\.h)>', re.MULTILINE)


def node_of(gui, path):
    folder = os.path.relpath(os.path.dirname(path), gui)
    if folder == '.':
        return os.path.splitext(os.path.basename(path))[0]
    return folder.split(os.sep)[0] + '/'


def needs_gtk(header, files, texts, seen=None):
    """Whether @header includes GTK, itself or through gui headers."""
    seen = seen if seen is not None else set()
    if header in seen:
        return False
    seen.add(header)
    text = texts[files[header]]
    return bool(GTK.search(text)) or any(
        needs_gtk(h, files, texts, seen) for h in INCLUDE.findall(text) if h in files)


def folder_graph(gui):
    """{node: {other node: [why, ...]}} from the #include lines."""
    files = {}
    for dirpath, _, names in os.walk(gui):
        for name in names:
            if name.endswith(('.c', '.h')):
                files[name] = os.path.join(dirpath, name)
    texts = {}
    for path in files.values():
        with open(path, encoding='utf-8') as f:
            texts[path] = f.read()
    graph = {}
    for name, path in sorted(files.items()):
        src = node_of(gui, path)
        graph.setdefault(src, {})
        for header in INCLUDE.findall(texts[path]):
            if header not in files:
                continue  # a header of another layer, or config.h
            if not needs_gtk(header, files, texts):
                continue  # logic bound for client/core, not UI
            dst = node_of(gui, files[header])
            if dst != src:
                why = f'{os.path.relpath(path, gui)} includes {header}'
                graph[src].setdefault(dst, []).append(why)
    return graph


def find_cycle(graph):
    """One cycle as a list of nodes [a, b, ..., a], or None."""
    state = {}
    stack = []

    def visit(node):
        state[node] = 'open'
        stack.append(node)
        for nxt in sorted(graph.get(node, {})):
            if state.get(nxt) == 'open':
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 'done'
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def explain(graph, cycle):
    lines = [' -> '.join(cycle)]
    for a, b in zip(cycle, cycle[1:]):
        lines += [f'  {a} -> {b}: {why}' for why in graph[a][b]]
    return '\n'.join(lines)


tap = Tap()

# The check itself finds a loop when there is one, and none in a chain.
loop = {'window/': {'sync/': ['w']}, 'sync/': {'account/': ['s']}, 'account/': {'window/': ['a']}}
tap.ok(find_cycle(loop) == ['account/', 'window/', 'sync/', 'account/'],
       'the check finds a loop of three folders', repr(find_cycle(loop)))
chain = {'window/': {'sync/': ['w']}, 'sync/': {'account/': ['s']}, 'account/': {}}
tap.ok(find_cycle(chain) is None, 'the check finds no loop in a chain', repr(find_cycle(chain)))

gui = os.path.join(sys.argv[1], 'client', 'gui')
graph = folder_graph(gui)
tap.ok('window/' in graph and graph['window/'], 'client/gui has folders that include each other',
       repr(sorted(graph)))
cycle = find_cycle(graph)
tap.ok(cycle is None, 'no include loop between client/gui folders',
       explain(graph, cycle) if cycle else '')
tap.done()
