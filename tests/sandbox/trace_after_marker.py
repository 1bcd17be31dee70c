#!/usr/bin/env python3
"""trace_after_marker.py: from an `strace -f -qq` log of sbx_trace, count the syscalls made
after the SBX-MARK marker (the ones the core policy must allow), sorted by name.
Stdlib only; a measurement aid, not a test."""
import collections
import re
import sys

LINE = re.compile(r'^(?:\[pid\s+)?(\d+)\]?\s+(?:<\.\.\. )?([a-z0-9_]+)\(')


def main(path):
    seen = False
    counts = collections.Counter()
    examples = {}
    with open(path, encoding='utf-8', errors='replace') as f:
        for line in f:
            if not seen:
                seen = 'SBX-MARK' in line
                continue
            m = LINE.match(line)
            if not m or 'resumed>' in line:
                continue
            counts[m.group(2)] += 1
            examples.setdefault(m.group(2), line.strip()[:160])
    if not seen:
        sys.exit('no SBX-MARK in ' + path)
    for name in sorted(counts):
        print(f'{counts[name]:7d} {name:20s} {examples[name]}')
    print(f'{len(counts)} distinct syscalls')


if __name__ == '__main__':
    main(sys.argv[1])
