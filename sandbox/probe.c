/*
 * probe.c: vigil_sandbox_probe_forbidden, the test-only probe's payload (see sandbox.h): the
 * calling process attempts, in turn, syscalls that neither the gate nor the core policy allows.
 * Under either filter the first one kills the process (SIGSYS); a return means it survived.
 */
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sandbox.h"

void vigil_sandbox_probe_forbidden(void)
{
	static char arg0[] = "true";
	char *const argv[] = { arg0, NULL }, *const envp[] = { NULL };
	int fd;

	fd = openat(AT_FDCWD, "/etc/passwd", O_RDONLY | O_CLOEXEC);
	if (fd >= 0)
		close(fd);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0)
		close(fd);
	(void)execve("/bin/true", argv, envp);
}
