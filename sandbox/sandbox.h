/*
 * sandbox.h: the confinement steps of vigil's two per-client processes, and their seccomp
 * policies as data.
 *
 * The gate (vtest transport + validator) and the core (GL through Mesa EGL) each call one
 * vigil_sandbox_enter_* function once their descriptors exist (and, for the core, once EGL and
 * the driver are initialized). The steps run in a fixed order, each fatal on failure unless
 * allow_no_seccomp is set: no_new_privs, rlimits, privilege drop (root -> an unprivileged
 * uid/gid with no supplementary groups; capabilities cleared), then a seccomp allowlist whose
 * default action kills the whole process (SIGSYS). The filter is synchronized to every thread
 * of the process (llvmpipe's threads exist before the core enters its sandbox).
 *
 * Inputs are the caller's configuration (trusted); nothing here reads guest data. The policy
 * tables (policy_gate.c, policy_core.c) are documented in SECURITY.md and compared by
 * tests/sandbox against committed expected lists.
 */
#ifndef VIGIL_SANDBOX_H
#define VIGIL_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct vigil_sandbox_opts {
	uid_t uid;
	gid_t gid;             /* drop to these when running as root; 0/0 = look up "nobody"
				  (65534/65534 fallback) */
	bool allow_no_seccomp; /* only for --single-process debugging: failures to install are
				  logged, not fatal */
	void (*log)(void *user, const char *msg); /* may be NULL; one line, no newline */
	void *log_user;
	pid_t peer_pid;        /* gate only: the core's pid. When > 0, kill(2) may target that pid
				  alone (always SIGKILL only); 0: any pid, which without a pid
				  namespace includes other clients' processes of the same uid */
};

/* Gate process: call after its sockets, ring mapping and fds exist. Sets no_new_privs, rlimits
 * (RLIMIT_NOFILE VIGIL_SANDBOX_GATE_NOFILE, RLIMIT_NPROC 0, RLIMIT_CORE 0), drops privileges
 * (root -> opts uid/gid, setgroups(0), capabilities cleared), then installs the gate filter
 * (default action: kill process). 0 or -errno.
 * RLIMIT_FSIZE is deliberately NOT set (in either process): the kernel applies it to memfds
 * too, so ftruncate of a new resource memfd fails with EFBIG and raises SIGXFSZ, and a log
 * line written to a stderr redirected to a regular file would kill the process. The filters
 * already forbid opening files; the only files either process can write are inherited fds. */
int vigil_sandbox_enter_gate(const struct vigil_sandbox_opts *o);

/* Core process: call after EGL/driver init (libraries loaded, render node open), having
 * called vigil_sandbox_core_preinit before that init. First vigil_sandbox_core_warmup, then
 * the same no_new_privs + rlimits (RLIMIT_NOFILE VIGIL_SANDBOX_CORE_NOFILE, RLIMIT_CORE 0;
 * RLIMIT_NPROC is not set because it counts llvmpipe's threads per user across every client:
 * the filter forbids fork-like clone instead) + drop, then the core filter, applied to all
 * threads (TSYNC: llvmpipe's threads already run). 0 or -errno. Capabilities are cleared on
 * the calling thread only (capset is per thread); a root start clears them on every thread
 * through the uid change. */
int vigil_sandbox_enter_core(const struct vigil_sandbox_opts *o);

/* Core process, BEFORE EGL/driver init (vigil_renderer_create): keeps Mesa from opening files
 * after the sandbox is in. Mesa's multi-file shader cache opens a file per shader, so it is
 * never used: with cache_dir NULL the cache is off (MESA_SHADER_CACHE_DISABLE=true); else
 * Mesa's single-file cache in cache_dir (MESA_DISK_CACHE_SINGLE_FILE=1), whose files the
 * driver opens at its initialization and later only reads, writes (lseek) and locks (flock).
 * Call while the process is still single-threaded (it uses setenv). */
void vigil_sandbox_core_preinit(const char *cache_dir);

/* Done by vigil_sandbox_enter_core first; public for measurement tools. Loads what the GL
 * dispatch (libepoxy) would otherwise dlopen lazily after the filter is in (see sandbox.c). */
void vigil_sandbox_core_warmup(const struct vigil_sandbox_opts *o);

#define VIGIL_SANDBOX_GATE_NOFILE 256u
#define VIGIL_SANDBOX_CORE_NOFILE 1024u

/* Bits of vigil_sandbox_unshare's result. */
#define VIGIL_NS_USER (1u << 0)
#define VIGIL_NS_PID (1u << 1)
#define VIGIL_NS_NET (1u << 2)
#define VIGIL_NS_MOUNT (1u << 3)

/* New user/pid/net/mount namespaces for the calling process where the kernel allows (called in
 * the acceptor's child before forking gate/core, or skipped); returns a bit mask of what was
 * entered, logs what was not. As root, the user namespace is skipped (the later drop to an
 * unprivileged uid needs that uid mapped, which a process cannot map for itself once inside);
 * pid, net and mount namespaces need no user namespace then. As non-root, a user namespace
 * mapping the caller's uid and gid to themselves comes first and makes the others possible.
 * PID: the calling process stays in its namespace; its FIRST child becomes pid 1 of the new
 * one, and when that child exits the kernel kills every other process in it and refuses new
 * forks there. The mount namespace is made recursively private (nothing propagates back). */
unsigned vigil_sandbox_unshare(const struct vigil_sandbox_opts *o);

/* Test-only probes (vigil-server-probe): attempts openat(/etc/passwd), socket(AF_INET) and
 * execve(/bin/true) in turn; under either policy the first kills the caller. Returns only if
 * the process survived all three. */
void vigil_sandbox_probe_forbidden(void);

/* ---- the policies as data ---- */

enum vigil_arg_op {
	VIGIL_ARG_EQ = 1,        /* arg == value */
	VIGIL_ARG_MASKED_EQ = 2, /* (arg & mask) == value */
};

struct vigil_syscall_arg {
	unsigned arg;            /* argument index 0..5 */
	enum vigil_arg_op op;
	uint64_t mask;           /* MASKED_EQ only */
	uint64_t value;
};

#define VIGIL_RULE_SANITIZER (1u << 0) /* installed only in ASan/UBSan builds (their runtime) */
#define VIGIL_RULE_PEER_PID (1u << 1)  /* plus arg0 == opts->peer_pid when that is > 0 */
#define VIGIL_RULE_SELF_PID (1u << 2)  /* plus arg0 == the calling process's pid */

/* One allowlist entry. Several entries may name the same syscall: the call is allowed when
 * any of them matches (the argument checks of one entry must all hold). */
struct vigil_syscall_rule {
	const char *name;        /* as libseccomp and the kernel name it */
	const char *reason;      /* why the process needs it */
	int errno_value;         /* 0: allow; else the call fails with this errno (clone3) */
	unsigned flags;          /* VIGIL_RULE_* */
	unsigned nargs;
	struct vigil_syscall_arg args[3];
};

const struct vigil_syscall_rule *vigil_sandbox_gate_policy(size_t *n);
const struct vigil_syscall_rule *vigil_sandbox_core_policy(size_t *n);

/* Writes one canonical line for a rule ("mmap a2&0x4==0", "clone3 errno=38", "... [san]",
 * "kill a1==0x9 [a0==peer]", "tgkill a2==0x6 [a0==self]")
 * into buf (NUL-terminated, truncated to cap); used by the dump tool and the logs. */
void vigil_sandbox_rule_format(const struct vigil_syscall_rule *r, char *buf, size_t cap);

/* True when this build carries a sanitizer runtime (the VIGIL_RULE_SANITIZER entries apply). */
bool vigil_sandbox_sanitizer_build(void);

#ifdef __cplusplus
}
#endif

#endif
