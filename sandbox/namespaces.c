/*
 * namespaces.c: new user, pid, net and mount namespaces for a per-client process tree, where
 * the kernel allows them (see vigil_sandbox_unshare in sandbox.h).
 *
 * Inputs are the caller's options (trusted). Each namespace is best effort: what the kernel
 * refuses (unprivileged user namespaces disabled, a container without CAP_SYS_ADMIN) is logged
 * and skipped, and the result bit mask says what was entered. Namespaces are defence in depth
 * on top of the seccomp filters (which alone forbid mount, socket and the like), so a refusal
 * here is never fatal.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "sandbox.h"

static void ns_log(const struct vigil_sandbox_opts *o, const char *what, int err)
{
	char line[160];

	if (!o || !o->log)
		return;
	(void)snprintf(line, sizeof(line), "sandbox: %s namespace not entered: %s", what, strerror(err));
	o->log(o->log_user, line);
}

static int write_file(const char *path, const char *text)
{
	size_t len = strlen(text);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t w;

	if (fd < 0)
		return -errno;
	w = write(fd, text, len);
	if (w < 0 || (size_t)w != len) {
		int err = w < 0 ? errno : EIO;
		close(fd);
		return -err;
	}
	return close(fd) == 0 ? 0 : -errno;
}

/* Unprivileged caller: a user namespace mapping only its own uid and gid (to themselves), in
 * which it may then create the other namespaces. */
static int enter_user_ns(void)
{
	char map[64];
	uid_t uid = geteuid();
	gid_t gid = getegid();
	int rc;

	if (unshare(CLONE_NEWUSER) != 0)
		return -errno;
	rc = write_file("/proc/self/setgroups", "deny");
	if (rc == 0) {
		(void)snprintf(map, sizeof(map), "%u %u 1\n", (unsigned)uid, (unsigned)uid);
		rc = write_file("/proc/self/uid_map", map);
	}
	if (rc == 0) {
		(void)snprintf(map, sizeof(map), "%u %u 1\n", (unsigned)gid, (unsigned)gid);
		rc = write_file("/proc/self/gid_map", map);
	}
	return rc;
}

unsigned vigil_sandbox_unshare(const struct vigil_sandbox_opts *o)
{
	static const struct { int flag; unsigned bit; const char *name; } kinds[] = {
		{ CLONE_NEWPID, VIGIL_NS_PID, "pid" },
		{ CLONE_NEWNET, VIGIL_NS_NET, "net" },
		{ CLONE_NEWNS, VIGIL_NS_MOUNT, "mount" },
	};
	unsigned got = 0;
	int rc;

	if (geteuid() != 0) {
		rc = enter_user_ns();
		if (rc == 0)
			got |= VIGIL_NS_USER;
		else
			ns_log(o, "user", -rc);
	} else if (o && o->log) {
		o->log(o->log_user, "sandbox: user namespace not entered: running as root, the "
				    "gate and core drop to an unprivileged uid instead");
	}
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (unshare(kinds[i].flag) != 0) {
			ns_log(o, kinds[i].name, errno);
			continue;
		}
		got |= kinds[i].bit;
	}
	/* Mount events in this namespace never propagate back to the host's. */
	if ((got & VIGIL_NS_MOUNT) && mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
		ns_log(o, "mount (private propagation)", errno);
	return got;
}
