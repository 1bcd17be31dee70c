/*
 * workload.h: a GL workload through vigil.h, split into what a core does before its sandbox
 * (open the renderer, i.e. EGL and the driver) and after (contexts, resources, submit, transfer,
 * teardown). Test code.
 */
#ifndef SBX_WORKLOAD_H
#define SBX_WORKLOAD_H

#include "vigil.h"

struct sbx_workload {
	struct vigil_renderer *r;
	int memfd;      /* a backing created before the sandbox, as the gate would pass it */
	void *iov_mem;  /* an iovec backing */
};

/* Before the sandbox: -1 setup failure, 1 no EGL display for the backend (skip), 0 ok. */
int sbx_workload_prepare(enum vigil_backend backend, struct sbx_workload *w);
/* After: 0 when the pixels read back are right, else the failing step. */
int sbx_workload_run(struct sbx_workload *w);

#endif
