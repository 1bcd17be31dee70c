/*
 * sbx_trace.c: the core workload without a seccomp filter, with a marker between
 * initialization (plus vigil_sandbox_core_warmup) and rendering, for re-measuring what the
 * core policy must allow after a Mesa, libepoxy or glibc upgrade:
 *
 *   strace -f -qq -o trace.txt build/tests/sandbox/sbx_trace gl
 *   python3 tests/sandbox/trace_after_marker.py trace.txt
 *
 * The marker is write(-1, "SBX-MARK", 8) (fails with EBADF). Test tool; no guest input.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sandbox.h"
#include "workload.h"

int main(int argc, char **argv)
{
	struct sbx_workload w;
	enum vigil_backend be = argc > 1 && strcmp(argv[1], "gles") == 0 ? VIGIL_BACKEND_GLES : VIGIL_BACKEND_GL;
	int rc = sbx_workload_prepare(be, &w);

	if (rc != 0) {
		printf("prepare: %d\n", rc);
		return rc > 0 ? 77 : 1;
	}
	vigil_sandbox_core_warmup(NULL);
	(void)!write(-1, "SBX-MARK", 8);
	rc = sbx_workload_run(&w);
	printf("workload: %d\n", rc);
	return rc ? 1 : 0;
}
