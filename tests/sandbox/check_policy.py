#!/usr/bin/env python3
"""check_policy.py DUMP POLICY EXPECTED: the policy printed by sandbox_dump equals the committed
expected list (one rule per line: syscall, argument checks, errno action, [san] for
sanitizer-only rules). A difference means the allowlist changed: update EXPECTED and the
"Sandbox policies" tables in SECURITY.md in the same change. Also prints the distinct
syscall counts. Stdlib only."""
import difflib
import subprocess
import sys


def main(dump, policy, expected_path):
    got = subprocess.run([dump, policy], check=True, capture_output=True, text=True).stdout.splitlines()
    with open(expected_path, encoding='utf-8') as f:
        want = [l.rstrip('\n') for l in f if l.strip() and not l.startswith('#')]
    names = {l.split()[0] for l in got if '[san]' not in l}
    san = {l.split()[0] for l in got if '[san]' in l} - names
    print(f'{policy}: {len(got)} rules, {len(names)} distinct syscalls (+{len(san)} in sanitizer builds)')
    if got != want:
        sys.stdout.writelines(difflib.unified_diff([w + '\n' for w in want], [g + '\n' for g in got],
                                                   expected_path, policy + ' (built)'))
        sys.exit(1)


if __name__ == '__main__':
    main(*sys.argv[1:4])
