/*
 * policy_gate.c: the gate's seccomp allowlist, one entry per line with its reason.
 *
 * The gate owns the client socket, the resource shared memory and the record ring; it parses
 * hostile bytes, so this list is as short as the transport allows: no open/openat, no socket,
 * no exec, no ioctl, no executable mappings, no clone (the gate is single-threaded; its core
 * was forked before the filter, and the gate may only SIGKILL and reap it). Anything
 * else kills the process (SIGSYS). Tested against tests/sandbox/gate.expected; documented in
 * SECURITY.md ("Sandbox policies"). Keep the three in step.
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/random.h>

#include "sandbox.h"

#define ANY(n, why) { .name = n, .reason = why }
#define ARG1(n, why, a, op_, m, v) { .name = n, .reason = why, .nargs = 1, .args = { { a, op_, m, v } } }
#define SAN(n, why) { .name = n, .reason = why, .flags = VIGIL_RULE_SANITIZER }

static const struct vigil_syscall_rule gate_rules[] = {
	/* the client socket and the control socketpair */
	ANY("read", "vtest headers and payloads from the client socket; control messages"),
	ANY("write", "replies to the client; log lines to stderr"),
	ANY("recvmsg", "control socketpair messages (and fds from the core, SCM_RIGHTS)"),
	ANY("sendmsg", "replies carrying a resource fd to the client and to the core (SCM_RIGHTS)"),
	ANY("poll", "wait for the client socket, the control socket or the ring"),
	ANY("close", "drop fds once passed on (memfds, fds the client closed)"),
	/* resource shared memory: sealed memfds mapped without execute permission */
	ARG1("memfd_create", "resource backing (vtest RESOURCE_CREATE2); flags limited to "
	     "MFD_CLOEXEC|MFD_ALLOW_SEALING (no hugetlb, no MFD_EXEC)",
	     1, VIGIL_ARG_MASKED_EQ, 0xffffffffu & ~(uint64_t)(MFD_CLOEXEC | MFD_ALLOW_SEALING), 0),
	ANY("ftruncate", "size a new memfd before sealing it"),
	ARG1("fcntl", "F_ADD_SEALS only: seal the memfd's size (shrink, grow, seal)",
	     1, VIGIL_ARG_EQ, 0, F_ADD_SEALS),
	ARG1("mmap", "map memfds (MAP_SHARED) and malloc's large blocks; never PROT_EXEC",
	     2, VIGIL_ARG_MASKED_EQ, PROT_EXEC, 0),
	ANY("munmap", "unmap resources and freed malloc blocks"),
	ANY("mremap", "realloc of large malloc blocks (glibc); cannot add PROT_EXEC"),
	ANY("brk", "malloc's main arena"),
	/* process housekeeping (single-threaded: no futex; no clocks: the gate keeps no time) */
	ARG1("getrandom", "secret hash seed of each context's handle tables (validator/handles.c); "
	     "flags 0 or GRND_NONBLOCK only", 2, VIGIL_ARG_MASKED_EQ, 0xffffffffu & ~(uint64_t)GRND_NONBLOCK, 0),
	ANY("getpid", "log prefixes"),
	ANY("rt_sigreturn", "return from a signal handler (SIGTERM from the acceptor)"),
	ANY("exit_group", "process exit (exit(3), _exit(2))"),
	/* the core process, a child of the gate */
	{ .name = "kill", .reason = "kill a misbehaving core: SIGKILL only, and only the core's "
	  "pid when the caller names it (opts.peer_pid)", .flags = VIGIL_RULE_PEER_PID,
	  .nargs = 1, .args = { { 1, VIGIL_ARG_EQ, 0, 9 /* SIGKILL */ } } },
	ANY("wait4", "reap the core (waitpid) when the renderer is destroyed; only own children"),
	/* sanitizer builds only (ASan/UBSan runtime, never in release builds) */
	SAN("madvise", "ASan's allocator returns freed memory to the kernel (MADV_DONTNEED)"),
	SAN("sigaltstack", "ASan queries and removes its alternate signal stack at exit"),
};

const struct vigil_syscall_rule *vigil_sandbox_gate_policy(size_t *n)
{
	*n = sizeof(gate_rules) / sizeof(gate_rules[0]);
	return gate_rules;
}
