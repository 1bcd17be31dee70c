/*
 * vigil-bench-validate: replay recorded vtest sessions through the validator on one core and
 * print throughput: MB/s of SUBMIT_CMD payload validated, the same excluding the transfer-area
 * padding the validator only skips (END_TRANSFERS / NOP), commands/s and whole sessions/s.
 * Each iteration replays every session from its first message in a fresh context, so the
 * figures include context setup, resource creation and shader reassembly.
 *
 * usage: vigil-bench-validate [--seconds=N | --iterations=N] FILE.c2s...
 * (--iterations runs a fixed amount of work, for instruction counts under callgrind)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "filebuf.h"
#include "vigil_replay.h"
#include "vigil_spec.h"
#include "vigil_tables.h"

struct session {
	const char *path;
	uint8_t *buf;
	size_t len;
	uint64_t padding_bytes; /* payload bytes inside END_TRANSFERS / NOP commands */
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void scan_padding(struct session *s)
{
	size_t off = 0;
	uint32_t hdr[2];

	while (off + 8 <= s->len) {
		memcpy(hdr, s->buf + off, 8);
		off += 8;
		if (hdr[1] == VIGIL_VCMD_SUBMIT_CMD && (size_t)hdr[0] * 4u <= s->len - off) {
			size_t end = off + (size_t)hdr[0] * 4u;
			while (off + 4 <= end) {
				uint32_t h;
				memcpy(&h, s->buf + off, 4);
				if ((h & 0xffu) == VIGIL_CCMD_END_TRANSFERS || (h & 0xffu) == VIGIL_CCMD_NOP)
					s->padding_bytes += (size_t)(h >> 16) * 4u;
				off += 4 + (size_t)(h >> 16) * 4u;
			}
			off = end;
		} else if (hdr[1] == VIGIL_VCMD_CREATE_RENDERER) {
			off += hdr[0];
		} else {
			size_t n = 0;
			/* fixed messages: the spec's dword count */
			if (hdr[1] < VIGIL_VTEST_MSG_COUNT)
				n = (size_t)vigil_vtest_msgs[hdr[1]].fixed_dwords * 4u;
			off += n;
		}
	}
}

int main(int argc, char **argv)
{
	struct session *ss = calloc((size_t)argc, sizeof(*ss));
	struct vigil_val_config cfg = { 0 };
	struct vigil_replay_stats st = { 0 };
	struct vigil_recbuf rb = { 0 };
	double seconds = 3.0, t0, t;
	uint64_t padding = 0, iters = 0, sessions = 0, max_iters = 0;
	int n = 0;

	if (!ss)
		return 2;
	cfg.features = vigil_val_all_features();
	for (int i = 1; i < argc; i++) {
		if (!strncmp(argv[i], "--seconds=", 10)) {
			seconds = atof(argv[i] + 10);
			continue;
		}
		if (!strncmp(argv[i], "--iterations=", 13)) {
			max_iters = strtoull(argv[i] + 13, NULL, 10);
			continue;
		}
		if (argv[i][0] == '-') {
			fprintf(stderr, "usage: vigil-bench-validate [--seconds=N | --iterations=N] FILE.c2s...\n");
			return 2;
		}
		ss[n].path = argv[i];
		ss[n].buf = vigil_read_file(argv[i], &ss[n].len);
		if (!ss[n].buf)
			return 2;
		scan_padding(&ss[n]);
		n++;
	}
	if (!n) {
		fprintf(stderr, "usage: vigil-bench-validate [--seconds=N | --iterations=N] FILE.c2s...\n");
		return 2;
	}
	/* Check once that every session validates: a benchmark of rejects would be meaningless. */
	for (int i = 0; i < n; i++) {
		struct vigil_val_ctx *ctx = vigil_val_create(&cfg);
		vigil_status s = ctx ? vigil_replay(ctx, ss[i].buf, ss[i].len, &rb, NULL, NULL) : VIGIL_E_EXHAUSTED;
		if (s != VIGIL_OK) {
			fprintf(stderr, "%s: rejected (%s); not benchmarking\n", ss[i].path, vigil_status_name(s));
			return 1;
		}
		vigil_val_destroy(ctx);
	}
	t0 = now();
	do {
		for (int i = 0; i < n; i++) {
			struct vigil_val_ctx *ctx = vigil_val_create(&cfg);
			if (!ctx)
				return 2;
			(void)vigil_replay(ctx, ss[i].buf, ss[i].len, &rb, NULL, &st);
			vigil_val_destroy(ctx);
			padding += ss[i].padding_bytes;
			sessions++;
		}
		iters++;
		t = now() - t0;
	} while (max_iters ? iters < max_iters : t < seconds);
	printf("sessions: %d files, %llu replays in %.3f s (%.0f sessions/s)\n", n,
	       (unsigned long long)sessions, t, (double)sessions / t);
	printf("validated: %.1f MB/s of SUBMIT_CMD payload (%llu bytes)\n",
	       (double)st.submit_bytes / t / 1e6, (unsigned long long)st.submit_bytes);
	printf("validated: %.1f MB/s excluding skipped transfer-area padding (%llu bytes)\n",
	       (double)(st.submit_bytes - padding) / t / 1e6, (unsigned long long)(st.submit_bytes - padding));
	printf("commands: %.2f M commands/s (%llu commands), %.1f ns/command\n",
	       (double)st.commands / t / 1e6, (unsigned long long)st.commands, t * 1e9 / (double)st.commands);
	printf("rejects: %llu\n", (unsigned long long)st.rejects);
	vigil_recbuf_free(&rb);
	for (int i = 0; i < n; i++)
		free(ss[i].buf);
	free(ss);
	return st.rejects ? 1 : 0;
}
