/*
 * test_privdrop.c: the privilege drop and the namespaces of the sandbox (modes "privdrop" and
 * "unshare" of test_sandbox; see test_sandbox.c).
 *
 * privdrop (root only, else exit 77): a child enters the gate sandbox with the default ids and
 * another enters the core sandbox with explicit ids; the parent reads each child's
 * /proc/PID/status while it waits under its filter: all four uids and gids are the target,
 * no supplementary groups, no effective/permitted capabilities. (The filters forbid getuid in
 * the gate, so the parent looks from outside, as an operator would.)
 * unshare: every namespace reported entered is really new (its /proc/self/ns link changed),
 * every one not reported is unchanged. Bug class: a drop or namespace that silently did not
 * happen.
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sandbox.h"

int sbx_privdrop_main(const char *mode);

static void quiet(void *user, const char *msg)
{
	(void)user;
	fprintf(stderr, "  [sandbox] %s\n", msg);
}

/* Looks for `want` as a whole line of /proc/PID/status. */
static int status_has(pid_t pid, const char *want)
{
	char path[64], line[256];
	FILE *f;
	int found = 0;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f)) {
		/* "Groups:" lists ids separated by spaces; an empty list may keep one blank */
		if (strcmp(want, "Groups:\t\n") == 0 && strncmp(line, "Groups:", 7) == 0)
			found = strspn(line + 7, " \t\n") == strlen(line + 7);
		else
			found = strcmp(line, want) == 0;
	}
	fclose(f);
	if (!found)
		fprintf(stderr, "  /proc/%d/status lacks: %s", (int)pid, want);
	return found;
}

static int check_drop(const char *who, int (*enter)(const struct vigil_sandbox_opts *),
		      uid_t uid, gid_t gid, unsigned want_uid, unsigned want_gid)
{
	struct vigil_sandbox_opts o = { .uid = uid, .gid = gid, .log = quiet };
	int ready[2], go[2], st = 0, ok;
	char b = 0, line[96];
	pid_t pid;

	if (pipe(ready) != 0 || pipe(go) != 0)
		return 0;
	pid = fork();
	if (pid < 0)
		return 0;
	if (pid == 0) {
		if (enter(&o) != 0)
			_exit(91);
		if (write(ready[1], "1", 1) != 1 || read(go[0], &b, 1) != 1)
			_exit(92);
		_exit(0);
	}
	close(ready[1]);
	close(go[0]);
	ok = read(ready[0], &b, 1) == 1;
	snprintf(line, sizeof(line), "Uid:\t%u\t%u\t%u\t%u\n", want_uid, want_uid, want_uid, want_uid);
	ok = ok && status_has(pid, line);
	snprintf(line, sizeof(line), "Gid:\t%u\t%u\t%u\t%u\n", want_gid, want_gid, want_gid, want_gid);
	ok = ok && status_has(pid, line);
	ok = ok && status_has(pid, "Groups:\t\n");
	ok = ok && status_has(pid, "CapEff:\t0000000000000000\n");
	ok = ok && status_has(pid, "CapPrm:\t0000000000000000\n");
	(void)!write(go[1], "g", 1);
	waitpid(pid, &st, 0);
	ok = ok && WIFEXITED(st) && WEXITSTATUS(st) == 0;
	printf("%s %s: runs as %u:%u, no groups, no capabilities\n", ok ? "ok  " : "FAIL", who, want_uid, want_gid);
	close(ready[0]);
	close(go[1]);
	return ok;
}

static int privdrop(void)
{
	const struct passwd *pw = getpwnam("nobody");
	unsigned nobody_uid = pw && pw->pw_uid ? (unsigned)pw->pw_uid : 65534u;
	unsigned nobody_gid = pw && pw->pw_gid ? (unsigned)pw->pw_gid : 65534u;
	int ok = 1;

	if (geteuid() != 0) {
		printf("not root: privilege drop not exercised, skipped\n");
		return 77;
	}
	ok &= check_drop("gate, default ids (nobody)", vigil_sandbox_enter_gate, 0, 0, nobody_uid, nobody_gid);
	ok &= check_drop("core, explicit ids", vigil_sandbox_enter_core, 4242, 4243, 4242, 4243);
	return ok ? 0 : 1;
}

static void ns_links(char links[4][64])
{
	static const char *const names[4] = { "user", "pid_for_children", "net", "mnt" };

	for (int i = 0; i < 4; i++) {
		char path[64];
		ssize_t n;

		snprintf(path, sizeof(path), "/proc/self/ns/%s", names[i]);
		n = readlink(path, links[i], 63);
		links[i][n > 0 ? n : 0] = '\0';
	}
}

static int unshare_test(void)
{
	static const unsigned bits[4] = { VIGIL_NS_USER, VIGIL_NS_PID, VIGIL_NS_NET, VIGIL_NS_MOUNT };
	int st = 0;
	pid_t pid = fork();

	if (pid < 0)
		return 1;
	if (pid == 0) {
		struct vigil_sandbox_opts o = { .log = quiet };
		char before[4][64], after[4][64];
		unsigned got;
		int ok = 1;

		ns_links(before);
		got = vigil_sandbox_unshare(&o);
		ns_links(after);
		for (int i = 0; i < 4; i++) {
			int changed = strcmp(before[i], after[i]) != 0;
			ok &= changed == !!(got & bits[i]);
		}
		printf("%s namespaces entered (mask %#x) are exactly those whose /proc/self/ns link changed\n",
		       ok ? "ok  " : "FAIL", got);
		_exit(ok ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 1;
}

int sbx_privdrop_main(const char *mode)
{
	if (strcmp(mode, "privdrop") == 0)
		return privdrop();
	if (strcmp(mode, "unshare") == 0)
		return unshare_test();
	fprintf(stderr, "usage: test_sandbox gate | core gl|gles | privdrop | unshare\n");
	return 2;
}
