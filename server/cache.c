/*
 * cache.c: where a client's rendering core keeps its shader cache (SECURITY.md, "Shader
 * cache"). One directory per client uid, BASE/uid-N (mode 0700, created here), so a client
 * that takes over its core can plant compiled code only in what later clients of its own uid
 * load. Mesa's single-file cache has no eviction: a directory above VS_CACHE_MAX_BYTES at
 * connection time is emptied before the core opens it.
 *
 * Inputs: the operator's base directory (trusted) and the connected socket (its peer's uid, as
 * the kernel reports it: SO_PEERCRED). Runs in the client's process before the renderer is
 * created (the gate sandbox forbids every file operation afterwards). Any failure means "no
 * cache" for this client, with a log line: rendering never depends on the cache.
 */
#include <errno.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server.h"

#define VS_CACHE_MAX_BYTES ((uint64_t)256 << 20)

/* mkdir -p with mode 0700 for what it creates; an existing directory is kept as it is. */
static int make_dirs(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(path, 0700) != 0 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return mkdir(path, 0700) != 0 && errno != EEXIST ? -1 : 0;
}

static uint64_t tree_bytes;

static int add_size(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)path;
	(void)f;
	if (flag == FTW_F)
		tree_bytes += (uint64_t)st->st_size;
	return 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	if (f->level > 0) /* the uid directory itself stays */
		(void)remove(path);
	return 0;
}

const char *vs_cache_default_base(char *buf, size_t len)
{
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	int n;

	if (xdg && xdg[0] == '/')
		n = snprintf(buf, len, "%s/vigil-server", xdg);
	else if (home && home[0] == '/')
		n = snprintf(buf, len, "%s/.cache/vigil-server", home);
	else
		return NULL;
	return n > 0 && (size_t)n < len ? buf : NULL;
}

const char *vs_cache_dir(const char *base, int fd, char *buf, size_t len)
{
	struct ucred cred;
	socklen_t clen = sizeof(cred);
	struct stat st;
	int n;

	if (!base)
		return NULL;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) != 0 || clen != sizeof(cred)) {
		vs_log(VS_LOG_INFO, "shader cache off for this client: no peer credentials (%s)",
		       strerror(errno));
		return NULL;
	}
	n = snprintf(buf, len, "%s/uid-%u", base, (unsigned)cred.uid);
	if (n <= 0 || (size_t)n >= len || make_dirs(buf) != 0 || lstat(buf, &st) != 0 ||
	    !S_ISDIR(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 077)) {
		/* not ours alone (another user could write the code our cores would run): unused */
		vs_log(VS_LOG_ERROR, "shader cache off for this client: %s is not a directory of "
		       "this user's with mode 0700", n > 0 && (size_t)n < len ? buf : base);
		return NULL;
	}
	tree_bytes = 0;
	if (nftw(buf, add_size, 16, FTW_PHYS) == 0 && tree_bytes > VS_CACHE_MAX_BYTES) {
		vs_log(VS_LOG_INFO, "shader cache %s holds %llu bytes (limit %llu): emptied", buf,
		       (unsigned long long)tree_bytes, (unsigned long long)VS_CACHE_MAX_BYTES);
		(void)nftw(buf, remove_entry, 16, FTW_PHYS | FTW_DEPTH);
	}
	vs_log(VS_LOG_DEBUG, "shader cache: %s", buf);
	return buf;
}
