/*
 * acceptor.c: vigil-server's listening socket and accept loop; one forked child per client.
 *
 * Inputs: the operator's options (trusted) and connecting peers (untrusted, but the acceptor
 * never reads a byte from them). Guarantees: the parent never initializes EGL or the core and
 * never reads client data, so a client cannot reach another client's process through it; each
 * accepted fd is closed in the parent right after fork; children are reaped without blocking
 * accept (SIGCHLD is only unblocked inside ppoll, so no wake-up is lost); SIGTERM, SIGINT and
 * SIGHUP end the loop and remove the socket file; SIGPIPE is ignored.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "server.h"

static volatile sig_atomic_t got_child;
static volatile sig_atomic_t got_stop;

static void on_signal(int sig)
{
	if (sig == SIGCHLD)
		got_child = 1;
	else
		got_stop = 1;
}

static const int handled_signals[] = { SIGCHLD, SIGTERM, SIGINT, SIGHUP };

/* Installs the handlers and blocks the signals outside ppoll; *ret_old is the mask to restore. */
static int setup_signals(sigset_t *ret_old)
{
	struct sigaction sa;
	sigset_t block;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	if (sigaction(SIGPIPE, &sa, NULL) != 0)
		return -1;
	sigemptyset(&block);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(handled_signals) / sizeof(handled_signals[0]); i++) {
		if (sigaction(handled_signals[i], &sa, NULL) != 0)
			return -1;
		sigaddset(&block, handled_signals[i]);
	}
	return sigprocmask(SIG_BLOCK, &block, ret_old);
}

/* In a child (or around an in-process client): default dispositions, the original mask. */
static void restore_signals(const sigset_t *old)
{
	size_t i;

	for (i = 0; i < sizeof(handled_signals) / sizeof(handled_signals[0]); i++)
		(void)signal(handled_signals[i], SIG_DFL);
	(void)sigprocmask(SIG_SETMASK, old, NULL);
}

/* Binds and listens on a temporary name beside `path`, then renames it into place, so that the
 * path exists only once connections are accepted (a client that sees the file never meets the
 * window between bind and listen, where connect answers ECONNREFUSED). Falls back to binding
 * `path` itself when the temporary name would not fit in sun_path. */
static int open_listener(const char *path)
{
	struct sockaddr_un addr;
	char tmp[sizeof(addr.sun_path)];
	size_t n = strlen(path);
	int fd, t;

	memset(&addr, 0, sizeof(addr));
	addr.sun_family = AF_UNIX;
	if (n == 0 || n >= sizeof(addr.sun_path)) {
		vs_log(VS_LOG_ERROR, "socket path too long or empty: %s", path);
		return -1;
	}
	t = snprintf(tmp, sizeof(tmp), "%s.%ld", path, (long)getpid());
	if (t < 0 || (size_t)t >= sizeof(tmp))
		memcpy(tmp, path, n + 1);
	memcpy(addr.sun_path, tmp, strlen(tmp) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		vs_log(VS_LOG_ERROR, "socket: %s", strerror(errno));
		return -1;
	}
	if (unlink(tmp) != 0 && errno != ENOENT)
		vs_log(VS_LOG_INFO, "unlink %s: %s", tmp, strerror(errno));
	if (bind(fd, (const struct sockaddr *)&addr, sizeof(addr)) != 0 || listen(fd, 16) != 0 ||
	    (strcmp(tmp, path) != 0 && rename(tmp, path) != 0)) {
		vs_log(VS_LOG_ERROR, "bind/listen %s: %s", path, strerror(errno));
		(void)unlink(tmp);
		close(fd);
		return -1;
	}
	return fd;
}

static void reap_children(void)
{
	int st;
	pid_t pid;

	got_child = 0;
	while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
		if (WIFEXITED(st) && WEXITSTATUS(st) != 0)
			vs_log(VS_LOG_DEBUG, "child %ld exited with status %d", (long)pid, WEXITSTATUS(st));
		else if (WIFSIGNALED(st))
			vs_log(VS_LOG_ERROR, "child %ld killed by signal %d", (long)pid, WTERMSIG(st));
	}
}

/* Serves one accepted client in this process (--no-fork, --no-loop-or-fork). */
static void serve_inline(const struct vs_options *opts, int cfd, unsigned n, const sigset_t *old)
{
	sigset_t blocked;

	(void)sigprocmask(SIG_SETMASK, old, &blocked);
	vs_log_set_client(n);
	(void)vs_client_serve(opts, cfd);
	vs_log_set_client(0);
	(void)sigprocmask(SIG_SETMASK, &blocked, NULL);
}

static void spawn_child(const struct vs_options *opts, int lfd, int cfd, unsigned n,
			const sigset_t *old)
{
	pid_t pid = fork();

	if (pid < 0) {
		vs_log(VS_LOG_ERROR, "fork: %s", strerror(errno));
		return;
	}
	if (pid == 0) {
		enum vs_exit e;

		close(lfd);
		restore_signals(old);
		vs_log_set_client(n);
		e = vs_client_serve(opts, cfd);
		close(cfd);
		_exit((int)e);
	}
	vs_log(VS_LOG_DEBUG, "client %u: child %ld", n, (long)pid);
}

int vs_acceptor_run(const struct vs_options *opts)
{
	sigset_t old;
	unsigned clients = 0;
	int lfd, ret = 0;

	if (setup_signals(&old) != 0) {
		vs_log(VS_LOG_ERROR, "signal setup: %s", strerror(errno));
		return VS_EXIT_SETUP;
	}
	lfd = open_listener(opts->socket_path);
	if (lfd < 0)
		return VS_EXIT_SETUP;
	vs_log(VS_LOG_INFO, "listening on %s (%s backend)", opts->socket_path,
	       opts->backend == VIGIL_BACKEND_GLES ? "GLES" : "GL");
	while (!got_stop) {
		struct pollfd pfd = { .fd = lfd, .events = POLLIN };
		int cfd;

		if (got_child)
			reap_children();
		if (ppoll(&pfd, 1, NULL, &old) < 0) {
			if (errno == EINTR)
				continue;
			vs_log(VS_LOG_ERROR, "poll: %s", strerror(errno));
			ret = VS_EXIT_SETUP;
			break;
		}
		cfd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
		if (cfd < 0) {
			if (errno != EINTR && errno != EAGAIN && errno != ECONNABORTED)
				vs_log(VS_LOG_ERROR, "accept: %s", strerror(errno));
			continue;
		}
		clients++;
		vs_log(VS_LOG_DEBUG, "client %u connected", clients);
		if (opts->no_fork || opts->once)
			serve_inline(opts, cfd, clients, &old);
		else
			spawn_child(opts, lfd, cfd, clients, &old);
		close(cfd);
		if (opts->once)
			break;
	}
	close(lfd);
	(void)unlink(opts->socket_path);
	reap_children();
	vs_log(VS_LOG_DEBUG, "acceptor exits");
	return ret;
}
