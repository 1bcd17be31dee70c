/*
 * split_affinity.c: gives each of llvmpipe's rasterizer threads in the core process its own CPU.
 *
 * Why: llvmpipe wakes all its rasterizer threads at each flush. In split mode the core's main
 * thread and the gate are still running for tens of µs after that, so the scheduler often queues
 * every rasterizer thread on the same other CPU. There they run one after the other, and the
 * pattern persists because each thread's previous CPU is then the same one
 * (docs/performance.md: on 2 vCPUs the second thread waited about 200 µs per frame in the
 * texture scene; spreading the threads raised split mode's glmark2 score from 0.80 to 0.89 of
 * single-process mode's).
 *
 * Inputs: /proc/self/task/N/comm (Mesa names the threads "llvmpipe-K"), read before the sandbox,
 * and the process's allowed CPU set. Guarantees: best effort, never fatal. Only threads named
 * "llvmpipe-K" (K decimal) are touched. Thread K gets the single allowed CPU number
 * (K + offset) mod n, where n is the number of allowed CPUs, so two threads of one core never
 * share a CPU while there are enough CPUs, and different clients (different offsets) start on
 * different CPUs. Nothing changes with fewer than 2 allowed CPUs. Hardware drivers have no such
 * threads, so nothing is done there.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "split_priv.h"

/* The rasterizer index of thread `tid` of this process, or -1 when it is not one. */
static long rasterizer_index(long tid)
{
	char path[64], comm[32] = { 0 }, *end;
	ssize_t n;
	long k;
	int fd;

	(void)snprintf(path, sizeof(path), "/proc/self/task/%ld/comm", tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, comm, sizeof(comm) - 1);
	close(fd);
	if (n <= 9 || strncmp(comm, "llvmpipe-", 9) != 0 || comm[9] < '0' || comm[9] > '9')
		return -1;
	errno = 0;
	k = strtol(comm + 9, &end, 10);
	if (errno != 0 || (*end != '\n' && *end != '\0') || k < 0)
		return -1;
	return k;
}

int split_spread_rasterizers(unsigned offset)
{
	int cpus[CPU_SETSIZE], ncpu = 0, placed = 0;
	cpu_set_t allowed;
	struct dirent *e;
	DIR *d;

	if (sched_getaffinity(0, sizeof(allowed), &allowed) != 0)
		return 0;
	for (int c = 0; c < CPU_SETSIZE; c++) {
		if (CPU_ISSET((size_t)c, &allowed))
			cpus[ncpu++] = c;
	}
	if (ncpu < 2)
		return 0;
	d = opendir("/proc/self/task");
	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL) {
		char *end;
		long tid = strtol(e->d_name, &end, 10);
		long k;
		cpu_set_t one;

		if (tid <= 0 || *end != '\0' || (k = rasterizer_index(tid)) < 0)
			continue;
		CPU_ZERO(&one);
		CPU_SET((size_t)cpus[((unsigned long)k + offset) % (unsigned long)ncpu], &one);
		if (sched_setaffinity((pid_t)tid, sizeof(one), &one) == 0)
			placed++;
	}
	closedir(d);
	return placed;
}
