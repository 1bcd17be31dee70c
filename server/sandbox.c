/*
 * sandbox.c: vigil-server's gate sandbox: once the client's process created its split renderer
 * (the core process runs, the control socket and the ring exist) and before it reads the first
 * byte from the client, it enters the gate sandbox (sandbox/sandbox.h: no_new_privs, rlimits,
 * the gate seccomp filter: no open, socket, exec or fork from here on).
 *
 * Inputs: none from the client. Guarantees: returns 0 only when the sandbox is in force; in a
 * test build (VIGIL_SANDBOX_PROBE) VIGIL_SANDBOX_PROBE=gate then attempts a forbidden syscall,
 * which the filter must answer by killing the process.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "server.h"

#ifdef VIGIL_HAVE_SANDBOX
#include "sandbox.h"

static void sandbox_log(void *user, const char *msg)
{
	(void)user;
	vs_log(VS_LOG_INFO, "%s", msg);
}
#endif

int vs_sandbox_enter_gate(long core_pid)
{
#ifdef VIGIL_HAVE_SANDBOX
	struct vigil_sandbox_opts so = { .uid = 0, .gid = 0 /* as root: "nobody" */, .allow_no_seccomp = false,
					 .log = sandbox_log, .log_user = NULL };
	int e;

	so.peer_pid = (pid_t)core_pid; /* kill(2) may target the client's own core only */
	e = vigil_sandbox_enter_gate(&so);

	if (e != 0)
		return e;
#ifdef VIGIL_SANDBOX_PROBE
	{
		const char *p = getenv("VIGIL_SANDBOX_PROBE");

		if (p && strcmp(p, "gate") == 0) {
			/* forbidden in turn until one kills: a file, a network socket, exec */
			vs_log(VS_LOG_INFO, "sandbox probe: gate calls openat(/etc/passwd), "
			       "socket(AF_INET), execve(/bin/true)");
			vigil_sandbox_probe_forbidden();
			vs_log(VS_LOG_ERROR, "sandbox probe survived");
		}
	}
#endif
	return 0;
#else
	(void)core_pid;
	return -ENOSYS;
#endif
}
