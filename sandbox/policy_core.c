/*
 * policy_core.c: the core's seccomp allowlist, one entry per line with its reason.
 *
 * The core runs Mesa (llvmpipe here, a hardware driver on a render node elsewhere) after EGL
 * and the driver are initialized: libraries are loaded and the render node is open before the
 * filter goes in, so nothing here opens a file, creates a socket or executes a program. What
 * remains is what rendering needs: threads (clone with exactly glibc's pthread flags, never a
 * new process), memory (including PROT_EXEC: llvmpipe's LLVM JIT writes code pages), the
 * record ring and control socket, DRM ioctls by type plus the named dma-buf/sync-file ioctls.
 * Measured on Mesa 22.3.6 llvmpipe (EGL surfaceless, GL core and GLES 3) with
 * tests/sandbox/sbx_trace.c; tested against tests/sandbox/core.expected; documented in
 * SECURITY.md ("Sandbox policies"). Keep the three in step.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <sys/prctl.h>

#include <linux/dma-buf.h>
#include <linux/sync_file.h>

#include "sandbox.h"

#define ANY(n, why) { .name = n, .reason = why }
#define ARG1(n, why, a, op_, m, v) { .name = n, .reason = why, .nargs = 1, .args = { { a, op_, m, v } } }
#define IOCTL(cmd, why) ARG1("ioctl", why, 1, VIGIL_ARG_EQ, 0, cmd)
#define SAN(n, why) { .name = n, .reason = why, .flags = VIGIL_RULE_SANITIZER }

/* glibc's pthread_create (clone fallback after clone3 answers ENOSYS): a thread sharing
 * everything with its process, never a new process or a new namespace. */
#define PTHREAD_CLONE_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | \
			     CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID)

static const struct vigil_syscall_rule core_rules[] = {
	/* threads (llvmpipe's rasterizer and shader-compile threads, Mesa's queues) */
	ARG1("clone", "new threads only: flags exactly glibc's pthread_create set (no fork, no "
	     "namespaces, no ptrace tricks)", 0, VIGIL_ARG_EQ, 0, PTHREAD_CLONE_FLAGS),
	{ .name = "clone3", .reason = "answered ENOSYS (flags live in memory, which seccomp cannot "
	  "read) so that glibc falls back to the checked clone", .errno_value = ENOSYS },
	ANY("set_robust_list", "glibc thread start"),
	ANY("rseq", "glibc thread start (restartable sequences registration)"),
	ANY("futex", "mutexes, condition variables, thread joins, fences"),
	ANY("sched_yield", "Mesa and LLVM spin-then-yield locks"),
	{ .name = "sched_setscheduler", .reason = "answered EPERM, never run: Mesa lowers the "
	  "priority of its shader cache writer threads (SCHED_IDLE) by thread id, which seccomp "
	  "cannot tell from another process's; they run at normal priority", .errno_value = EPERM },
	{ .name = "setpriority", .reason = "answered EPERM, never run: the same threads, when they "
	  "first run (possibly after the sandbox), renice themselves by thread id", .errno_value = EPERM },
	{ .name = "sched_setaffinity", .reason = "answered EPERM, never run: the same threads set "
	  "their CPU mask by thread id when they first run; they keep the one they inherited",
	  .errno_value = EPERM },
	ARG1("prctl", "PR_SET_NAME only: Mesa names its threads", 0, VIGIL_ARG_EQ, 0, PR_SET_NAME),
	ANY("exit", "thread exit"),
	ANY("exit_group", "process exit"),
	/* memory */
	ANY("mmap", "malloc, GL buffers and textures, memfd backings from the gate, DRM buffer "
	    "mappings; PROT_EXEC allowed: llvmpipe's LLVM JIT maps its code pages"),
	ANY("mprotect", "LLVM JIT flips code pages to read+execute; glibc thread stacks and arenas"),
	ANY("munmap", "free mappings"),
	ANY("mremap", "realloc of large blocks"),
	ANY("madvise", "glibc and Mesa return freed memory (MADV_DONTNEED), thread stack release"),
	ANY("brk", "malloc's main arena"),
	/* signals and process identity (abort, raise, Mesa's per-process caches) */
	ANY("rt_sigprocmask", "glibc blocks signals around thread creation and exit, abort()"),
	ANY("rt_sigreturn", "return from a signal handler"),
	ANY("getpid", "Mesa checks it often (fork detection in util code); abort()/raise()"),
	ANY("gettid", "raise()/abort(); Mesa thread ids"),
	{ .name = "tgkill", .reason = "abort(): SIGABRT to this process only, so that a broken "
	  "invariant in Mesa or vigil ends it with its usual signal (never another client's "
	  "process of the same uid)", .flags = VIGIL_RULE_SELF_PID,
	  .nargs = 1, .args = { { 2, VIGIL_ARG_EQ, 0, 6 /* SIGABRT */ } } },
	ANY("getrandom", "glibc malloc (tcache) and hash seeds of new threads"),
	ANY("sysinfo", "glibc qsort() sizes its buffer by physical memory (sysconf(_SC_PHYS_PAGES)); "
	    "llvmpipe sorts when it compiles a blit shader"),
	/* time */
	ANY("clock_gettime", "fence timeouts when the vDSO falls back to the syscall"),
	ANY("clock_nanosleep", "bounded waits (fence polling)"),
	ANY("nanosleep", "the same, older glibc paths"),
	/* the record ring, the control socketpair and fds passed over it */
	ANY("read", "control messages and records"),
	ANY("write", "replies; log lines to stderr"),
	ANY("recvmsg", "control messages with memfds from the gate (SCM_RIGHTS)"),
	ANY("sendmsg", "replies; fence fds to the gate (SCM_RIGHTS)"),
	ANY("poll", "wait for the control socket"),
	ANY("ppoll", "the same, timespec/sigmask form"),
	ANY("close", "drop memfds once mapped, fence fds"),
	ARG1("newfstatat", "fstat(2) of a passed memfd to check its size before mapping: "
	     "AT_EMPTY_PATH only (an fd, no path lookup)", 3, VIGIL_ARG_EQ, 0, AT_EMPTY_PATH),
	ANY("fstat", "the same on libcs that use the fd-only syscall"),
	ANY("lseek", "file positions of fds already open: the shader cache files (opened before the "
	    "sandbox; Mesa seeks to read and append entries), stdio's ftell on a stderr file"),
	ANY("flock", "advisory locks on the shader cache files Mesa opened before the sandbox "
	    "(taken while it appends an entry); an fd already open, no path"),
	ARG1("fcntl", "F_DUPFD_CLOEXEC only: Mesa duplicates fence and dma-buf fds",
	     1, VIGIL_ARG_EQ, 0, F_DUPFD_CLOEXEC),
	/* GPU driver on a render node (unused by llvmpipe, which is surfaceless here) */
	ARG1("ioctl", "DRM ioctls of the render node opened before the sandbox: type 'd' only "
	     "(masked compare on the request number)", 1, VIGIL_ARG_MASKED_EQ, 0xff00u, 0x6400u),
	IOCTL(DMA_BUF_IOCTL_SYNC, "CPU access brackets on exported buffers"),
	IOCTL(DMA_BUF_IOCTL_EXPORT_SYNC_FILE, "implicit-sync fence out of a dma-buf"),
	IOCTL(DMA_BUF_IOCTL_IMPORT_SYNC_FILE, "implicit-sync fence into a dma-buf"),
	IOCTL(SYNC_IOC_MERGE, "merge two sync-file fences"),
	IOCTL(SYNC_IOC_FILE_INFO, "query a sync-file fence's state"),
	/* sanitizer builds only (ASan/UBSan runtime, never in release builds) */
	SAN("sigaltstack", "ASan installs and removes an alternate signal stack per thread"),
	SAN("sched_getaffinity", "ASan reads a new thread's attributes (pthread_getattr_np)"),
};

const struct vigil_syscall_rule *vigil_sandbox_core_policy(size_t *n)
{
	*n = sizeof(core_rules) / sizeof(core_rules[0]);
	return core_rules;
}
