/*
 * server.h: what the parts of vigil-server (main, acceptor, per-client gate loop, socket I/O,
 * logging) share. vigil-server is the vtest transport: it owns the listening socket, forks one
 * child per client, and in that child frames the client's bytes and hands every message to the
 * embedding library (include/vigil/vigil.h: vigil_vtest_header / vigil_vtest_message), which
 * validates it with the generated validator and executes only its records in the rendering core.
 * By default each client gets two processes: this gate (transport and validator, seccomp gate
 * filter) and the library's sandboxed core process (VIGIL_RENDERER_SPLIT); --single-process
 * keeps both in one. The server uses nothing of vigil but that public API and
 * vigil_sandbox_enter_gate (sandbox.c).
 * Trust: the options come from the operator (trusted); everything read from a client socket is
 * hostile. Guarantees to callers: a client's failure ends only that client's process, with one
 * log line naming the reason and a distinct exit status (enum vs_exit).
 */
#ifndef VIGIL_SERVER_H
#define VIGIL_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vigil.h"

#define VS_DEFAULT_SOCKET "/tmp/.virgl_test"

struct vs_options {
	const char *socket_path;
	const char *render_node;  /* NULL: EGL surfaceless */
	enum vigil_backend backend;
	bool no_fork;             /* serve clients one at a time in the acceptor (debugging) */
	bool once;                /* serve exactly one client in the acceptor, then exit */
	bool encoded_transfers;   /* VIGIL_RENDERER_ENCODED_TRANSFERS */
	bool single_process;      /* validator and core in the client's one process (no split,
				     no seccomp): fuzzing and debugging; implied by no_fork/once */
	const char *shader_cache; /* base directory of the per-uid shader caches; NULL: none */
};

/* How a client's process ends (its exit status; the acceptor logs non-zero ones). */
enum vs_exit {
	VS_EXIT_OK = 0,        /* the client closed the connection between messages */
	VS_EXIT_SETUP = 1,     /* the server could not set itself up (socket, allocation) */
	VS_EXIT_REJECTED = 2,  /* the validator rejected a message (guest violation) */
	VS_EXIT_TRANSPORT = 3, /* short read, write or fd-passing failure */
	VS_EXIT_CORE = 4,      /* the renderer failed on the host side (init, execute, backing,
				  the core process died: "context lost") */
};

/* ---- logging (log.c). Level 0 = errors only (-q), 1 = default, 2+ = verbose (-v). ---- */
enum vs_log_level { VS_LOG_ERROR = 0, VS_LOG_INFO = 1, VS_LOG_DEBUG = 2, VS_LOG_TRACE = 3 };

void vs_log_set_level(int level);
int vs_log_level(void);
/* Sets the client number printed in every later line of this process (0 = acceptor). */
void vs_log_set_client(unsigned client);
void vs_log(enum vs_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Copies at most n-1 bytes of guest text into buf, replacing non-printable bytes by '?'. */
void vs_log_sanitize(const void *text, size_t len, char *buf, size_t n);

/* ---- socket I/O (io.c): EINTR and partial transfers handled; fd must be a socket. ---- */
enum vs_io {
	VS_IO_OK = 0,
	VS_IO_EOF,   /* end of stream before the first byte */
	VS_IO_SHORT, /* end of stream after some bytes (*done says how many) */
	VS_IO_ERROR, /* errno is set */
};

/* *done always gets the number of bytes read, also on failure (for the log line). */
enum vs_io vs_read_full(int fd, void *buf, size_t n, size_t *done);
enum vs_io vs_write_full(int fd, const void *buf, size_t n);
/* Sends one byte 0x00 carrying `fd_to_send` in one SCM_RIGHTS message, in its own sendmsg. */
enum vs_io vs_send_fd(int sock, int fd_to_send);

/* ---- the gate sandbox (sandbox.c): 0, or -errno (-ENOSYS: not built). core_pid: the client's
 * core process, the only process the gate may signal. ---- */
int vs_sandbox_enter_gate(long core_pid);

/* ---- the acceptor (acceptor.c): returns the process exit status. ---- */
int vs_acceptor_run(const struct vs_options *opts);

/* ---- shader cache (cache.c, SECURITY.md "Shader cache") ---- */

/* $XDG_CACHE_HOME/vigil-server, else $HOME/.cache/vigil-server (in buf), or NULL. */
const char *vs_cache_default_base(char *buf, size_t len);
/* The connected client's cache directory, base/uid-N of its peer uid (in buf): created 0700 if
 * missing, emptied when it holds more than 256 MiB. NULL (logged): no cache for this client,
 * e.g. no base, no peer credentials, or a directory that is not this user's alone. */
const char *vs_cache_dir(const char *base, int fd, char *buf, size_t len);

/* ---- one client (client.c): serve `fd` until it disconnects or fails. Creates the renderer
 * (EGL) in the calling process; the caller keeps ownership of fd. ---- */
enum vs_exit vs_client_serve(const struct vs_options *opts, int fd);

#endif
