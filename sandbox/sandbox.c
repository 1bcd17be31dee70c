/*
 * sandbox.c: the fixed sequence that confines a gate or core process (see sandbox.h):
 * no_new_privs, rlimits, privilege drop, then the seccomp allowlist built from a policy table.
 *
 * Inputs are the caller's options and the static policy tables (trusted). Every step is fatal
 * (the function returns -errno and the caller must exit) unless opts->allow_no_seccomp is set,
 * in which case failures are logged and the remaining steps still run. On success the process
 * can no longer gain privileges, runs as an unprivileged uid when it started as root, and any
 * syscall outside the table kills the whole process with SIGSYS.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <pwd.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/capability.h>
#include <seccomp.h>

#include "sandbox.h"

#define NOBODY_ID 65534u

static void sb_log(const struct vigil_sandbox_opts *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void sb_log(const struct vigil_sandbox_opts *o, const char *fmt, ...)
{
	char line[256];
	va_list ap;

	if (!o || !o->log)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	o->log(o->log_user, line);
}

bool vigil_sandbox_sanitizer_build(void)
{
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_UNDEFINED__)
	return true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
	return true;
#else
	return false;
#endif
#else
	return false;
#endif
}

/* glibc (with _GNU_SOURCE) types the resource as an enum; clang's -Wsign-conversion flags an
 * int passed for it. */
#ifdef __GLIBC__
typedef __rlimit_resource_t sbx_rlimit_res;
#else
typedef int sbx_rlimit_res;
#endif

static int set_limit(sbx_rlimit_res resource, rlim_t value)
{
	struct rlimit rl;

	if (getrlimit(resource, &rl) != 0)
		return -errno;
	/* Only ever lower: a soft or hard limit already below the target stays. */
	if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < value)
		value = rl.rlim_max;
	rl.rlim_cur = value;
	rl.rlim_max = value;
	return setrlimit(resource, &rl) == 0 ? 0 : -errno;
}

/* Clears every capability set of the calling thread (a process that entered a user namespace
 * holds all capabilities inside it while its uid stays unprivileged). Dropping is always
 * permitted. */
static int drop_caps(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];

	memset(d, 0, sizeof(d));
	return syscall(SYS_capset, &h, d) == 0 ? 0 : -errno;
}

static void resolve_ids(const struct vigil_sandbox_opts *o, uid_t *ret_uid, gid_t *ret_gid)
{
	const struct passwd *pw;

	if (o->uid != 0 || o->gid != 0) {
		*ret_uid = o->uid;
		*ret_gid = o->gid;
		return;
	}
	pw = getpwnam("nobody");
	*ret_uid = pw && pw->pw_uid != 0 ? pw->pw_uid : NOBODY_ID;
	*ret_gid = pw && pw->pw_gid != 0 ? pw->pw_gid : NOBODY_ID;
}

/* root -> uid/gid with no supplementary groups; then proves root cannot come back. */
static int drop_privileges(const struct vigil_sandbox_opts *o)
{
	uid_t uid, ru, eu, su;
	gid_t gid, rg, eg, sg;

	if (geteuid() != 0 && getuid() != 0)
		return drop_caps();
	resolve_ids(o, &uid, &gid);
	if (uid == 0 || gid == 0)
		return -EINVAL;
	if (setgroups(0, NULL) != 0 || setresgid(gid, gid, gid) != 0 || setresuid(uid, uid, uid) != 0)
		return -errno;
	if (getresuid(&ru, &eu, &su) != 0 || ru != uid || eu != uid || su != uid ||
	    getresgid(&rg, &eg, &sg) != 0 || rg != gid || eg != gid || sg != gid)
		return -EPERM;
	if (setuid(0) == 0 || seteuid(0) == 0)
		return -EPERM;
	return drop_caps();
}

static int add_rule(scmp_filter_ctx ctx, const struct vigil_syscall_rule *r, pid_t peer)
{
	struct scmp_arg_cmp cmp[5];
	unsigned n = r->nargs < 3 ? r->nargs : 3;
	int nr = seccomp_syscall_resolve_name(r->name);
	uint32_t action = r->errno_value ? SCMP_ACT_ERRNO((uint32_t)r->errno_value) : SCMP_ACT_ALLOW;

	if (nr == __NR_SCMP_ERROR)
		return -ENOENT;
	if (nr < 0)
		return 0; /* not a syscall on this architecture (e.g. a legacy name): nothing to allow */
	for (unsigned i = 0; i < n; i++) {
		cmp[i].arg = r->args[i].arg;
		cmp[i].op = r->args[i].op == VIGIL_ARG_EQ ? SCMP_CMP_EQ : SCMP_CMP_MASKED_EQ;
		cmp[i].datum_a = r->args[i].op == VIGIL_ARG_EQ ? r->args[i].value : r->args[i].mask;
		cmp[i].datum_b = r->args[i].op == VIGIL_ARG_EQ ? 0 : r->args[i].value;
	}
	if ((r->flags & VIGIL_RULE_PEER_PID) && peer > 0)
		cmp[n++] = SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)peer);
	if (r->flags & VIGIL_RULE_SELF_PID)
		cmp[n++] = SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)getpid());
	return seccomp_rule_add_exact_array(ctx, action, nr, n, cmp);
}

static int install_filter(const struct vigil_sandbox_opts *o, const struct vigil_syscall_rule *rules,
			  size_t n, bool tsync)
{
	bool san = vigil_sandbox_sanitizer_build();
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
	int rc = -ENOMEM;

	if (!ctx)
		return rc;
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 1);
	if (rc == 0 && tsync)
		rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		if ((rules[i].flags & VIGIL_RULE_SANITIZER) && !san)
			continue;
		rc = add_rule(ctx, &rules[i], o->peer_pid);
		if (rc != 0)
			sb_log(o, "sandbox: rule for %s: %s", rules[i].name, strerror(-rc));
	}
	if (rc == 0)
		rc = seccomp_load(ctx);
	seccomp_release(ctx);
	return rc;
}

/* One step of the sequence: fatal unless the caller allowed running without the sandbox. */
static int step(const struct vigil_sandbox_opts *o, const char *what, int rc, int *first)
{
	if (rc == 0)
		return 0;
	sb_log(o, "sandbox: %s failed: %s%s", what, strerror(-rc),
	       o->allow_no_seccomp ? " (continuing: sandbox disabled for debugging)" : "");
	if (*first == 0)
		*first = rc;
	return o->allow_no_seccomp ? 0 : rc;
}

/* RLIMIT_FSIZE is never set: see sandbox.h (it breaks memfd ftruncate and file logging). */
struct limits {
	rlim_t nofile;
	bool nproc_zero;
};

static int enter(const struct vigil_sandbox_opts *opts, const struct limits *lim,
		 const struct vigil_syscall_rule *rules, size_t n, bool tsync, const char *who)
{
	static const struct vigil_sandbox_opts none = { 0 };
	const struct vigil_sandbox_opts *o = opts ? opts : &none;
	int first = 0, rc;
	uid_t uid;

	rc = prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 ? 0 : -errno;
	if (step(o, "no_new_privs", rc, &first))
		return rc;
	rc = set_limit(RLIMIT_NOFILE, lim->nofile);
	if (rc == 0)
		rc = set_limit(RLIMIT_CORE, 0);
	if (rc == 0 && lim->nproc_zero)
		rc = set_limit(RLIMIT_NPROC, 0);
	if (step(o, "rlimits", rc, &first))
		return rc;
	rc = drop_privileges(o);
	if (step(o, "privilege drop", rc, &first))
		return rc;
	uid = getuid(); /* before the filter, which may not allow getuid */
	rc = install_filter(o, rules, n, tsync);
	if (step(o, "seccomp filter", rc, &first))
		return rc;
	if (first == 0)
		sb_log(o, "sandbox: %s confined (uid %u, %zu rules)", who, (unsigned)uid, n);
	return 0;
}

int vigil_sandbox_enter_gate(const struct vigil_sandbox_opts *o)
{
	static const struct limits lim = { VIGIL_SANDBOX_GATE_NOFILE, true };
	size_t n;
	const struct vigil_syscall_rule *rules = vigil_sandbox_gate_policy(&n);

	return enter(o, &lim, rules, n, false, "gate");
}

void vigil_sandbox_core_preinit(const char *cache_dir)
{
	if (!cache_dir || !cache_dir[0]) {
		(void)setenv("MESA_SHADER_CACHE_DISABLE", "true", 1);
		return;
	}
	(void)setenv("MESA_SHADER_CACHE_DISABLE", "false", 1);
	(void)setenv("MESA_DISK_CACHE_SINGLE_FILE", "1", 1);
	(void)setenv("MESA_SHADER_CACHE_DIR", cache_dir, 1);
}

/*
 * libepoxy 1.5.10, on an EGL GLES context, asks "is the current context GLX?" each time it
 * resolves a GL function for the first time, by dlopen(RTLD_NOLOAD) of libGLX.so.1 and then
 * libGL.so.1 until one of them is found. Each miss searches the library path with openat(),
 * which the core filter kills. Loading libGL.so.1 (glvnd's, inert without an X server) and
 * letting epoxy ask once now makes it cache the answer, so no later resolution opens a file.
 */
void vigil_sandbox_core_warmup(const struct vigil_sandbox_opts *o)
{
	bool (*is_desktop_gl)(void);

	if (!dlopen("libGL.so.1", RTLD_LAZY | RTLD_LOCAL | RTLD_NODELETE)) {
		sb_log(o, "sandbox: libGL.so.1 not loadable; GLES through libepoxy may need openat later");
		return;
	}
	*(void **)&is_desktop_gl = dlsym(RTLD_DEFAULT, "epoxy_is_desktop_gl");
	if (is_desktop_gl)
		(void)is_desktop_gl();
}

int vigil_sandbox_enter_core(const struct vigil_sandbox_opts *o)
{
	static const struct limits lim = { VIGIL_SANDBOX_CORE_NOFILE, false };
	size_t n;
	const struct vigil_syscall_rule *rules = vigil_sandbox_core_policy(&n);

	vigil_sandbox_core_warmup(o);
	return enter(o, &lim, rules, n, true, "core");
}

void vigil_sandbox_rule_format(const struct vigil_syscall_rule *r, char *buf, size_t cap)
{
	size_t used = 0;
	int k;

	if (cap == 0)
		return;
	buf[0] = '\0';
	k = snprintf(buf, cap, "%s", r->name);
	for (unsigned i = 0; k >= 0 && i < r->nargs && i < 3; i++) {
		used += (size_t)k;
		if (used >= cap)
			return;
		if (r->args[i].op == VIGIL_ARG_EQ)
			k = snprintf(buf + used, cap - used, " a%u==%#llx", r->args[i].arg,
				     (unsigned long long)r->args[i].value);
		else
			k = snprintf(buf + used, cap - used, " a%u&%#llx==%#llx", r->args[i].arg,
				     (unsigned long long)r->args[i].mask, (unsigned long long)r->args[i].value);
	}
	if (k >= 0 && r->errno_value) {
		used += (size_t)k;
		if (used >= cap)
			return;
		k = snprintf(buf + used, cap - used, " errno=%d", r->errno_value);
	}
	if (k >= 0 && (r->flags & VIGIL_RULE_PEER_PID)) {
		used += (size_t)k;
		if (used >= cap)
			return;
		k = snprintf(buf + used, cap - used, " [a0==peer]");
	}
	if (k >= 0 && (r->flags & VIGIL_RULE_SELF_PID)) {
		used += (size_t)k;
		if (used >= cap)
			return;
		k = snprintf(buf + used, cap - used, " [a0==self]");
	}
	if (k >= 0 && (r->flags & VIGIL_RULE_SANITIZER)) {
		used += (size_t)k;
		if (used < cap)
			(void)snprintf(buf + used, cap - used, " [san]");
	}
}
