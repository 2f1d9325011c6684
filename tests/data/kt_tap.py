"""A minimal TAP producer for the 'data' suite's Python tests."""

import subprocess
import sys


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, name, diag=''):
        self.n += 1
        if cond:
            print(f'ok {self.n} - {name}')
        else:
            self.failed += 1
            print(f'not ok {self.n} - {name}')
            # Diagnostics go to stderr, which meson shows with --print-errorlogs.
            print(f'not ok {self.n} - {name}', file=sys.stderr)
            for line in str(diag).rstrip().splitlines():
                print(f'# {line}', file=sys.stderr)
        sys.stdout.flush()
        return cond

    def run(self, name, argv):
        """A subtest that passes when argv exits 0; its output is the diagnosis."""
        try:
            proc = subprocess.run(argv, capture_output=True, text=True)
        except OSError as e:
            return self.ok(False, name, f'{argv[0]}: {e}')
        return self.ok(proc.returncode == 0, name,
                       f'{" ".join(argv)} exited {proc.returncode}\n{proc.stdout}{proc.stderr}')

    def done(self):
        print(f'1..{self.n}')
        sys.exit(1 if self.failed else 0)
