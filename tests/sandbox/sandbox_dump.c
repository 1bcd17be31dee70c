/*
 * sandbox_dump.c: prints a sandbox policy one rule per line (vigil_sandbox_rule_format), for
 * the expected-list test (check_policy.py) and for reviewers: `sandbox_dump gate|core`.
 * Trusted input (the compiled-in tables); exit 2 on a bad argument.
 */
#include <stdio.h>
#include <string.h>

#include "sandbox.h"

int main(int argc, char **argv)
{
	const struct vigil_syscall_rule *rules;
	char line[256];
	size_t n;

	if (argc != 2 || (strcmp(argv[1], "gate") != 0 && strcmp(argv[1], "core") != 0)) {
		fprintf(stderr, "usage: sandbox_dump gate|core\n");
		return 2;
	}
	rules = strcmp(argv[1], "gate") == 0 ? vigil_sandbox_gate_policy(&n) : vigil_sandbox_core_policy(&n);
	for (size_t i = 0; i < n; i++) {
		vigil_sandbox_rule_format(&rules[i], line, sizeof(line));
		printf("%s\n", line);
	}
	return 0;
}
