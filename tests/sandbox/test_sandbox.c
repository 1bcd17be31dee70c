/*
 * test_sandbox.c: the gate and core sandboxes as installed, in forked children.
 *
 *   test_sandbox gate        gate: Seccomp 2 / NoNewPrivs 1 (read by the parent from
 *                            /proc/PID/status, as for a live client), what the gate does still
 *                            works, and each forbidden syscall kills the process with SIGSYS
 *   test_sandbox core gl|gles the same for the core, plus a GL workload through vigil.h AFTER
 *                            the filter (every thread filtered), then openat/open killed
 *   test_sandbox privdrop    as root: both drops end as nobody (or the given uid), no groups,
 *                            root cannot come back (exit 77 when not root)
 *   test_sandbox unshare     the namespaces the kernel grants are really new
 *
 * Bug class covered: a confinement that silently does not apply (filter missing on a thread,
 * an allowlist wider than documented, privileges kept). Exit 77 when a backend has no display.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sandbox.h"
#include "workload.h"

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #c); _exit(90); } } while (0)

static int failures;

static void log_line(void *user, const char *msg)
{
	(void)user;
	fprintf(stderr, "  [sandbox] %s\n", msg);
}

static struct vigil_sandbox_opts opts = { .log = log_line };
static pid_t peer_pid, decoy_pid;

/* A child that only waits to be killed (and dies with its parent): a stand-in for the core
 * the gate may kill, or for another client's process it may not. */
static pid_t spawn_sleeper(void)
{
	pid_t pid = fork();

	CHECK(pid >= 0);
	if (pid == 0) {
		static const struct vigil_sandbox_opts quiet = { 0 };
		char b;
		int p[2];

		/* never outlive the test (SIGALRM), never hold its output pipes open; same uid as
		 * the gate, as a real core has; then block in read() until killed */
		close(STDOUT_FILENO);
		close(STDERR_FILENO);
		alarm(20);
		if (pipe(p) != 0 || vigil_sandbox_enter_gate(&quiet) != 0)
			_exit(95);
		for (;;)
			(void)!read(p[0], &b, 1);
	}
	return pid;
}

/* Parent side: the child's every thread reports Seccomp 2 and NoNewPrivs 1. */
static int status_confined(pid_t pid)
{
	char path[64], line[256];
	int seccomp = 0, nnp = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (strcmp(line, "Seccomp:\t2\n") == 0)
			seccomp = 1;
		if (strcmp(line, "NoNewPrivs:\t1\n") == 0)
			nnp = 1;
	}
	fclose(f);
	return seccomp && nnp;
}

static int threads_confined(pid_t pid, int *ret_threads)
{
	char path[64];
	int n = 0, ok = 1;

	/* Thread ids are near the pid; /proc/PID/task/TID exists for every thread. */
	for (pid_t tid = pid; tid < pid + 4096; tid++) {
		snprintf(path, sizeof(path), "/proc/%d/task/%d", (int)pid, (int)tid);
		if (access(path, F_OK) != 0)
			continue;
		n++;
		ok = ok && status_confined(tid);
	}
	*ret_threads = n;
	return ok && n > 0;
}

enum outcome { EXITED_OK, KILLED_SIGSYS, OTHER };

static enum outcome wait_child(pid_t pid, int *ret_status)
{
	int st = 0;

	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	*ret_status = st;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return EXITED_OK;
	if (WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS)
		return KILLED_SIGSYS;
	return OTHER;
}

static void report(const char *what, enum outcome got, enum outcome want, int st)
{
	int ok = got == want;

	printf("%s %s", ok ? "ok  " : "FAIL", what);
	if (!ok) {
		failures++;
		if (WIFEXITED(st))
			printf(" (exit %d)", WEXITSTATUS(st));
		else if (WIFSIGNALED(st))
			printf(" (signal %d)", WTERMSIG(st));
	}
	printf("\n");
	fflush(stdout);
}

static void report_wait(const char *what, pid_t pid, enum outcome want)
{
	int st = 0;
	enum outcome got = wait_child(pid, &st);

	report(what, got, want, st);
}

/* ---- forbidden syscalls: each must kill the process ---- */

static void do_forbidden(const char *op)
{
	static char true_path[] = "/bin/true";
	char *const argv[] = { true_path, NULL };
	struct winsize ws;

	if (strcmp(op, "openat") == 0)
		(void)syscall(SYS_openat, AT_FDCWD, "/etc/passwd", O_RDONLY);
	else if (strcmp(op, "open") == 0)
		(void)syscall(SYS_open, "/etc/passwd", O_RDONLY);
	else if (strcmp(op, "socket") == 0)
		(void)syscall(SYS_socket, AF_UNIX, SOCK_STREAM, 0);
	else if (strcmp(op, "execve") == 0)
		(void)syscall(SYS_execve, argv[0], argv, NULL);
	else if (strcmp(op, "ioctl-TIOCGWINSZ") == 0)
		(void)syscall(SYS_ioctl, 1, TIOCGWINSZ, &ws);
	else if (strcmp(op, "mmap-PROT_EXEC") == 0)
		(void)syscall(SYS_mmap, NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	else if (strcmp(op, "mprotect-PROT_EXEC") == 0)
		(void)syscall(SYS_mprotect, (void *)&ws, 4096, PROT_READ | PROT_EXEC);
	else if (strcmp(op, "fork") == 0)
		(void)syscall(SYS_clone, SIGCHLD, NULL, NULL, NULL, 0);
	else if (strcmp(op, "io_uring_setup") == 0)
		(void)syscall(SYS_io_uring_setup, 1, NULL);
	else if (strcmp(op, "userfaultfd") == 0)
		(void)syscall(SYS_userfaultfd, 0);
	else if (strcmp(op, "ptrace") == 0)
		(void)syscall(SYS_ptrace, PTRACE_TRACEME, 0, NULL, NULL);
	else if (strcmp(op, "memfd-hugetlb") == 0)
		(void)syscall(SYS_memfd_create, "x", MFD_CLOEXEC | MFD_HUGETLB);
	else if (strcmp(op, "fcntl-F_SETFL") == 0)
		(void)syscall(SYS_fcntl, 0, F_SETFL, O_NONBLOCK);
	else if (strcmp(op, "kill-not-the-core") == 0)
		(void)syscall(SYS_kill, decoy_pid, SIGKILL);
	else if (strcmp(op, "kill-core-SIGTERM") == 0)
		(void)syscall(SYS_kill, peer_pid, SIGTERM);
	else if (strcmp(op, "kill-tgkill-other-process") == 0)
		(void)syscall(SYS_tgkill, decoy_pid, decoy_pid, SIGABRT);
	else if (strcmp(op, "ppoll") == 0)
		(void)syscall(SYS_ppoll, NULL, 0, NULL, NULL, 8);
	else if (strcmp(op, "ioctl-DRM-in-gate") == 0)
		(void)syscall(SYS_ioctl, 1, 0xc0106400ul /* DRM_IOCTL_VERSION */, NULL);
	_exit(0); /* the call returned: not confined */
}

/* Kills and reaps nothing we do not own: the sleepers a killed gate child left (their pids
 * came over `fd`); they are re-parented to init, which reaps them. */
static void reap_sleepers(int fd)
{
	pid_t pids[2] = { 0, 0 };

	if (read(fd, pids, sizeof(pids)) != (ssize_t)sizeof(pids))
		return;
	for (int i = 0; i < 2; i++)
		if (pids[i] > 0)
			(void)kill(pids[i], SIGKILL);
}

typedef int (*enter_fn)(const struct vigil_sandbox_opts *);

/* The child enters, tells the parent it is about to call `op`, calls it: the parent wants
 * both the notice (so an earlier death does not count) and a SIGSYS death. */
static void expect_killed(const char *who, enter_fn enter, const char *op)
{
	char what[96], b = 0;
	int p[2];
	pid_t pid;

	CHECK(pipe(p) == 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		if (strncmp(op, "kill", 4) == 0) {
			opts.peer_pid = peer_pid = spawn_sleeper();
			decoy_pid = spawn_sleeper();
		}
		if (enter(&opts) != 0)
			_exit(91);
		CHECK(write(p[1], "1", 1) == 1);
		CHECK(write(p[1], &peer_pid, sizeof(pid_t)) == sizeof(pid_t));
		CHECK(write(p[1], &decoy_pid, sizeof(pid_t)) == sizeof(pid_t));
		do_forbidden(op);
	}
	close(p[1]);
	snprintf(what, sizeof(what), "%s: %s kills the process (SIGSYS)", who, op);
	if (read(p[0], &b, 1) != 1)
		snprintf(what, sizeof(what), "%s: child died before attempting %s", who, op);
	report_wait(what, pid, b == '1' ? KILLED_SIGSYS : EXITED_OK);
	reap_sleepers(p[0]);
	close(p[0]);
}

/* ---- the gate ---- */

/* What the gate does under its filter: memfd resource memory, fd passing, polling, logging. */
static void gate_child_work(int sv)
{
	char byte = 'x', cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { &byte, 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	struct pollfd pfd = { sv, POLLOUT, 0 };
	uint64_t seed;
	int fd = memfd_create("res", MFD_CLOEXEC | MFD_ALLOW_SEALING), st = 0;
	char *p, *big;

	CHECK(fd >= 0);
	CHECK(ftruncate(fd, 65536) == 0);
	CHECK(fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) == 0);
	p = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED);
	p[100] = 42;
	CHECK(munmap(p, 65536) == 0);
	big = malloc(1 << 20); /* mmap-backed malloc, then realloc (mremap) */
	CHECK(big != NULL);
	big = realloc(big, 4 << 20);
	CHECK(big != NULL);
	free(big);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	CHECK(poll(&pfd, 1, 1000) == 1);
	CHECK(sendmsg(sv, &m, 0) == 1);
	CHECK(close(fd) == 0);
	CHECK(getrandom(&seed, sizeof(seed), 0) == (ssize_t)sizeof(seed)); /* handle-table seeds */
	/* the core (here a sleeper) misbehaves: SIGKILL it and reap it */
	CHECK(kill(peer_pid, SIGKILL) == 0);
	CHECK(waitpid(peer_pid, &st, 0) == peer_pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	fprintf(stderr, "  gate child %d: log line through stdio under the filter\n", (int)getpid());
}

/* Child: prepares (e.g. GL init), enters `enter`, says so on `ready`, waits for the parent's
 * check on `go`, then works. */
static void confined_child(int (*prepare)(void), enter_fn enter, int ready, int go,
			   void (*work)(void *), void *u)
{
	char b = 0;

	if (prepare && prepare() != 0)
		_exit(94);
	if (enter(&opts) != 0)
		_exit(91);
	CHECK(write(ready, "1", 1) == 1);
	CHECK(read(go, &b, 1) == 1);
	if (b != 'g')
		_exit(92);
	work(u);
	_exit(0);
}

static void run_confined(const char *who, int (*prepare)(void), enter_fn enter,
			 void (*work)(void *), void *u, int need_threads)
{
	int ready[2], go[2], nthreads = 0, confined;
	char b = 0, what[160];
	pid_t pid;

	CHECK(pipe(ready) == 0 && pipe(go) == 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0)
		confined_child(prepare, enter, ready[1], go[0], work, u);
	close(ready[1]);
	close(go[0]);
	if (read(ready[0], &b, 1) != 1) {
		snprintf(what, sizeof(what), "%s: child entered its sandbox", who);
		report_wait(what, pid, EXITED_OK);
		return;
	}
	confined = threads_confined(pid, &nthreads);
	snprintf(what, sizeof(what), "%s: Seccomp 2 and NoNewPrivs 1 in every /proc/PID/task/*/status "
		 "(%d threads, want >= %d)", who, nthreads, need_threads);
	report(what, confined && nthreads >= need_threads ? EXITED_OK : OTHER, EXITED_OK, 0);
	CHECK(write(go[1], "g", 1) == 1);
	snprintf(what, sizeof(what), "%s: its work still succeeds under the filter", who);
	report_wait(what, pid, EXITED_OK);
	close(ready[0]);
	close(go[1]);
}

static int gate_sv[2];

static int gate_prepare(void)
{
	opts.peer_pid = peer_pid = spawn_sleeper();
	return 0;
}

static void gate_work(void *u)
{
	(void)u;
	gate_child_work(gate_sv[0]);
}

static const char *const gate_forbidden[] = {
	"openat", "open", "socket", "execve", "ioctl-TIOCGWINSZ", "ioctl-DRM-in-gate", "mmap-PROT_EXEC",
	"mprotect-PROT_EXEC", "fork", "io_uring_setup", "userfaultfd", "ptrace", "memfd-hugetlb",
	"fcntl-F_SETFL", "kill-not-the-core", "kill-core-SIGTERM", "ppoll",
};

static void test_gate(void)
{
	CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, gate_sv) == 0);
	run_confined("gate", gate_prepare, vigil_sandbox_enter_gate, gate_work, NULL, 1);
	for (size_t i = 0; i < sizeof(gate_forbidden) / sizeof(gate_forbidden[0]); i++)
		expect_killed("gate", vigil_sandbox_enter_gate, gate_forbidden[i]);
	close(gate_sv[0]);
	close(gate_sv[1]);
}

/* ---- the core ---- */

static struct sbx_workload core_w;
static int rendered_fd = -1;

static void *thread_main(void *u)
{
	return u;
}

static void core_work(void *u)
{
	pthread_t t;
	void *back = NULL;
	int rc;

	/* A thread started under the filter: clone3 answers ENOSYS, glibc falls back to clone
	 * with the pthread flags the policy allows (Mesa starts threads lazily). */
	CHECK(pthread_create(&t, NULL, thread_main, &core_w) == 0);
	CHECK(pthread_join(t, &back) == 0 && back == &core_w);
	rc = sbx_workload_run(&core_w);

	if (rc != 0) {
		fprintf(stderr, "  core workload failed at step %d\n", rc);
		_exit(93);
	}
	if (u) { /* after rendering: stdio logging still works, opening a file still kills */
		fprintf(stderr, "core: a log line through stdio to a regular file\n");
		CHECK(write(rendered_fd, "r", 1) == 1);
		do_forbidden((const char *)u);
	}
}

/* As when vigil-server's stderr is a log file (O_APPEND): glibc stdio then asks the file
 * position (lseek SEEK_CUR) before its first write, e.g. for a Mesa warning. Before the
 * sandbox: an unlinked temporary file becomes stderr of this child. */
static void stderr_to_file(void)
{
	char path[] = "/tmp/vigil-sbx-stderr-XXXXXX";
	int fd = mkstemp(path);

	CHECK(fd >= 0);
	(void)unlink(path);
	CHECK(fcntl(fd, F_SETFL, O_APPEND) == 0 && dup2(fd, STDERR_FILENO) == STDERR_FILENO);
	close(fd);
}

static enum vigil_backend core_backend;
static char openat_op[] = "openat";

static int core_prepare(void)
{
	return sbx_workload_prepare(core_backend, &core_w);
}

static const char *const core_forbidden[] = {
	"openat", "open", "socket", "execve", "ioctl-TIOCGWINSZ", "fork", "io_uring_setup",
	"userfaultfd", "ptrace", "fcntl-F_SETFL", "kill-tgkill-other-process",
};

/* abort() under the core filter still ends the process by SIGABRT (tgkill to itself). */
static void expect_abort_works(void)
{
	int st = 0;
	pid_t pid = fork();

	CHECK(pid >= 0);
	if (pid == 0) {
		if (vigil_sandbox_enter_core(&opts) != 0)
			_exit(91);
		abort();
	}
	(void)wait_child(pid, &st);
	printf("%s core: abort() still ends the process by SIGABRT\n",
	       WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT ? "ok  " : "FAIL");
	if (!(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT))
		failures++;
}

static int test_core(enum vigil_backend be)
{
	int st, p[2];
	char b;
	pid_t pid;

	core_backend = be;
	vigil_sandbox_core_preinit(NULL);
	/* Probe for a display in a child so the parent stays single-threaded for its forks. */
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0)
		_exit(sbx_workload_prepare(be, &core_w) == 1 ? 77 : 0);
	(void)wait_child(pid, &st);
	if (WIFEXITED(st) && WEXITSTATUS(st) == 77) {
		printf("no EGL display for this backend: skipped\n");
		return 77;
	}
	/* renderer up (llvmpipe threads running), then the sandbox, the checks, the workload */
	run_confined(be == VIGIL_BACKEND_GLES ? "core gles" : "core gl", core_prepare,
		     vigil_sandbox_enter_core, core_work, NULL, 2);
	CHECK(pipe(p) == 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		rendered_fd = p[1];
		stderr_to_file();
		if (sbx_workload_prepare(be, &core_w) != 0 || vigil_sandbox_enter_core(&opts) != 0)
			_exit(94);
		core_work(openat_op);
	}
	close(p[1]);
	b = 0;
	if (read(p[0], &b, 1) != 1 || b != 'r')
		report_wait("core: workload then openat: the workload did not complete", pid, EXITED_OK);
	else
		report_wait("core: openat after rendering kills the process (SIGSYS)", pid, KILLED_SIGSYS);
	close(p[0]);
	for (size_t i = 0; i < sizeof(core_forbidden) / sizeof(core_forbidden[0]); i++)
		expect_killed("core", vigil_sandbox_enter_core, core_forbidden[i]);
	expect_abort_works();
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (strcmp(mode, "gate") == 0) {
		test_gate();
	} else if (strcmp(mode, "core") == 0) {
		if (test_core(argc > 2 && strcmp(argv[2], "gles") == 0 ? VIGIL_BACKEND_GLES : VIGIL_BACKEND_GL) == 77)
			return 77;
	} else {
		extern int sbx_privdrop_main(const char *mode);
		return sbx_privdrop_main(mode);
	}
	printf("%d failure(s)\n", failures);
	return failures ? 1 : 0;
}
