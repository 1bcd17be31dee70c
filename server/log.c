/*
 * log.c: vigil-server's log lines on stderr, "vigil-server[pid] client N: message".
 *
 * Inputs: format strings from the server itself; guest text (renderer names) only after
 * vs_log_sanitize. Guarantees: one line per call, written with a single write(2) so that lines of
 * concurrent client processes do not interleave inside a line; never fails the caller.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "server.h"

static int log_level = VS_LOG_INFO;
static unsigned log_client;
static long log_pid; /* cached per client process: the gate's seccomp filter has no getpid */

void vs_log_set_level(int level)
{
	log_level = level;
}

int vs_log_level(void)
{
	return log_level;
}

void vs_log_set_client(unsigned client)
{
	log_client = client;
	log_pid = client ? (long)getpid() : 0;
}

static void write_line(const char *p, size_t n)
{
	while (n) {
		ssize_t r = write(STDERR_FILENO, p, n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return;
		p += r;
		n -= (size_t)r;
	}
}

void vs_log(enum vs_log_level level, const char *fmt, ...)
{
	char line[1024];
	int saved = errno;
	int n;
	size_t len;
	va_list ap;

	if ((int)level > log_level)
		return;
	if (log_client)
		n = snprintf(line, sizeof(line), "vigil-server[%ld] client %u: ", log_pid, log_client);
	else
		n = snprintf(line, sizeof(line), "vigil-server[%ld]: ", (long)getpid());
	len = n > 0 ? (size_t)n : 0;
	if (len >= sizeof(line))
		len = sizeof(line) - 1;
	va_start(ap, fmt);
	n = vsnprintf(line + len, sizeof(line) - len, fmt, ap);
	va_end(ap);
	if (n > 0)
		len += (size_t)n;
	if (len > sizeof(line) - 2)
		len = sizeof(line) - 2;
	line[len++] = '\n';
	write_line(line, len);
	errno = saved;
}

void vs_log_sanitize(const void *text, size_t len, char *buf, size_t n)
{
	const unsigned char *p = text;
	size_t i;

	if (n == 0)
		return;
	for (i = 0; i < len && i + 1 < n && p[i]; i++)
		buf[i] = isprint(p[i]) ? (char)p[i] : '?';
	buf[i] = 0;
}
