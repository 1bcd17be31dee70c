/*
 * main.c: vigil-server's command line. Flags follow virgl_test_server where they mean the same
 * (--socket-path, --use-gles, --use-egl-surfaceless, --rendernode, --no-fork,
 * --no-loop-or-fork); the rest (--help, --version, -v, -q) are vigil's own.
 *
 * Input: argv from the operator (trusted, but still checked: unknown flags and stray arguments
 * are usage errors, exit status 2). Guarantees: nothing is initialized here but logging; the
 * acceptor owns the socket and never initializes EGL (each client's process does).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

#ifndef VIGIL_VERSION
#define VIGIL_VERSION "unknown"
#endif

enum {
	OPT_SOCKET = 256,
	OPT_GLES,
	OPT_SURFACELESS,
	OPT_RENDERNODE,
	OPT_NO_FORK,
	OPT_ONCE,
	OPT_ENCODED,
	OPT_SINGLE,
	OPT_CACHE,
	OPT_NO_CACHE,
	OPT_VERSION,
};

static const struct option long_options[] = {
	{ "socket-path", required_argument, NULL, OPT_SOCKET },
	{ "use-gles", no_argument, NULL, OPT_GLES },
	{ "use-egl-surfaceless", no_argument, NULL, OPT_SURFACELESS },
	{ "rendernode", required_argument, NULL, OPT_RENDERNODE },
	{ "no-fork", no_argument, NULL, OPT_NO_FORK },
	{ "no-loop-or-fork", no_argument, NULL, OPT_ONCE },
	{ "encoded-transfers", no_argument, NULL, OPT_ENCODED },
	{ "single-process", no_argument, NULL, OPT_SINGLE },
	{ "shader-cache", required_argument, NULL, OPT_CACHE },
	{ "no-shader-cache", no_argument, NULL, OPT_NO_CACHE },
	{ "verbose", no_argument, NULL, 'v' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: vigil-server [OPTION]...\n"
		"Serve the vtest protocol (virglrenderer-compatible) on a Unix socket; every client\n"
		"is validated against vigil's spec in its own sandboxed gate process and rendered\n"
		"in its own sandboxed core process.\n"
		"\n"
		"  --socket-path=PATH     listen on PATH (default " VS_DEFAULT_SOCKET ")\n"
		"  --use-gles             render with OpenGL ES 3.x instead of desktop GL (core)\n"
		"  --use-egl-surfaceless  use the EGL surfaceless platform (the default)\n"
		"  --rendernode=PATH      use this DRM render node (EGL on GBM)\n"
		"  --single-process       validate and render each client in one process, without\n"
		"                         the core process and the seccomp sandbox (debugging)\n"
		"  --no-fork              serve clients one at a time in this process (debugging;\n"
		"                         implies --single-process)\n"
		"  --no-loop-or-fork      serve one client in this process, then exit (implies\n"
		"                         --single-process)\n"
		"  --encoded-transfers    advertise VIRGL_CAP_TRANSFER: in-stream TRANSFER3D\n"
		"  --shader-cache=DIR     keep compiled shaders in DIR/uid-N, one directory per\n"
		"                         client uid (default $XDG_CACHE_HOME/vigil-server, else\n"
		"                         ~/.cache/vigil-server); see SECURITY.md\n"
		"  --no-shader-cache      the rendering cores compile every shader anew\n"
		"  -v, --verbose          more log lines (repeatable)\n"
		"  -q, --quiet            log errors only\n"
		"  -h, --help             show this help and exit\n"
		"      --version          show the version and exit\n"
		"\n"
		"Exit status of a client's process: 0 disconnect, 2 rejected message,\n"
		"3 transport error, 4 rendering core failure or lost core process.\n"
		"See vigil-server(1).\n");
}

int main(int argc, char **argv)
{
	struct vs_options opts = { .socket_path = VS_DEFAULT_SOCKET, .backend = VIGIL_BACKEND_GL };
	static char cache_base[4096];
	int verbosity = VS_LOG_INFO;
	int c;

	opts.shader_cache = vs_cache_default_base(cache_base, sizeof(cache_base));
	while ((c = getopt_long(argc, argv, "vqh", long_options, NULL)) != -1) {
		switch (c) {
		case OPT_SOCKET: opts.socket_path = optarg; break;
		case OPT_GLES: opts.backend = VIGIL_BACKEND_GLES; break;
		case OPT_SURFACELESS: opts.render_node = NULL; break;
		case OPT_RENDERNODE: opts.render_node = optarg; break;
		case OPT_NO_FORK: opts.no_fork = true; break;
		case OPT_ONCE: opts.once = true; break;
		case OPT_ENCODED: opts.encoded_transfers = true; break;
		case OPT_SINGLE: opts.single_process = true; break;
		case OPT_CACHE: opts.shader_cache = optarg; break;
		case OPT_NO_CACHE: opts.shader_cache = NULL; break;
		case 'v': verbosity++; break;
		case 'q': verbosity = VS_LOG_ERROR; break;
		case 'h': usage(stdout); return 0;
		case OPT_VERSION: printf("vigil-server %s\n", VIGIL_VERSION); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "vigil-server: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	if (opts.render_node && !*opts.render_node) {
		fprintf(stderr, "vigil-server: --rendernode needs a path\n");
		return 2;
	}
	if (opts.shader_cache && opts.shader_cache[0] != '/') {
		fprintf(stderr, "vigil-server: --shader-cache needs an absolute path\n");
		return 2;
	}
	if (opts.no_fork || opts.once)
		opts.single_process = true; /* the acceptor itself must not enter the gate sandbox */
	vs_log_set_level(verbosity);
#ifndef VIGIL_HAVE_SANDBOX
	/* Built without sandbox/ (meson -Dsandbox=disabled, or no seccomp support): there is no
	 * split to run. Say so once; every client runs validator and core in one process. */
	if (!opts.single_process)
		vs_log(VS_LOG_INFO, "built without the sandbox: serving in single-process mode");
	opts.single_process = true;
#endif
	{
		/* The host EGL must be a real driver: with Mesa's guest driver (virpipe) every client
		 * process would connect back to this server, recursively, for ever. */
		const char *drv = getenv("GALLIUM_DRIVER");

		if (drv && strcmp(drv, "virpipe") == 0) {
			vs_log(VS_LOG_ERROR, "GALLIUM_DRIVER=virpipe would make the host driver a vtest "
			       "client of this server; unsetting it");
			unsetenv("GALLIUM_DRIVER");
		}
	}
	return vs_acceptor_run(&opts);
}
