/*
 * vigil-dump: decode a recorded vtest client stream (a connN.c2s capture) with the generated
 * tables and print every message, every virgl command and every field by name, marking what
 * the validator rejects and why. The validator runs in keep_going mode, so one reject does not
 * hide the rest of the session.
 *
 * usage: vigil-dump [--text] [--quiet] [--features=all|none] FILE...
 * Exit status: 0 no reject, 1 some rejects, 2 usage or I/O error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filebuf.h"
#include "recprint.h"
#include "vigil_records.h"
#include "vigil_replay.h"
#include "vigil_spec.h"

struct dump {
	int show_text, quiet;
	unsigned long rejects;
};

static const char *cmd_name(unsigned id, unsigned objtype, char *buf, size_t n)
{
	const char *c = id < VIGIL_VIRGL_CMD_COUNT && (vigil_virgl_cmds[id].flags & VIGIL_CMD_DEFINED)
				? vigil_names[vigil_virgl_cmds[id].name] : "UNKNOWN";
	if (objtype && objtype < VIGIL_OBJECT_COUNT && (vigil_objects[objtype].flags & VIGIL_CMD_DEFINED))
		snprintf(buf, n, "%s(%s)", c, vigil_names[vigil_objects[objtype].name]);
	else if (objtype)
		snprintf(buf, n, "%s(type %u)", c, objtype);
	else
		snprintf(buf, n, "%s", c);
	return buf;
}

static void on_cmd(void *user, const struct vigil_cmd_event *ev)
{
	struct dump *d = user;
	char name[96], err[256];

	if (ev->status != VIGIL_OK) {
		d->rejects++;
		vigil_val_format_error(ev->error, err, sizeof(err));
		printf("    [%u] %s len=%u  !! REJECT %s\n", ev->offset, cmd_name(ev->cmd_id, ev->objtype, name, sizeof(name)),
		       ev->len, err);
		return;
	}
	if (d->quiet)
		return;
	printf("    [%u] %s len=%u", ev->offset, cmd_name(ev->cmd_id, ev->objtype, name, sizeof(name)), ev->len);
	if (ev->rec)
		vigil_rec_print(stdout, ev->rec, d->show_text);
	putchar('\n');
}

static const char *msg_name(unsigned id)
{
	if (id < VIGIL_VTEST_MSG_COUNT && (vigil_vtest_msgs[id].cmd.flags & VIGIL_CMD_DEFINED))
		return vigil_names[vigil_vtest_msgs[id].cmd.name];
	return "UNKNOWN";
}

static void before(void *user, const struct vigil_replay_msg *m)
{
	struct dump *d = user;

	if (!d->quiet || m->status != VIGIL_OK)
		printf("%s len=%u @%zu\n", msg_name(m->id), m->len, m->stream_offset);
}

static void after(void *user, const struct vigil_replay_msg *m, const struct vigil_recbuf *rb)
{
	struct dump *d = user;

	if (m->status != VIGIL_OK && m->id != VIGIL_VCMD_SUBMIT_CMD) {
		d->rejects++;
		printf("  !! REJECT %s\n", vigil_status_name(m->status));
		return;
	}
	if (d->quiet || m->id == VIGIL_VCMD_SUBMIT_CMD)
		return;
	for (size_t off = 0; off + sizeof(struct vigil_rec_hdr) <= rb->len;) {
		const struct vigil_rec_hdr *h = (const void *)(rb->buf + off);
		if (h->size < sizeof(*h))
			break;
		const struct vigil_cmd_desc *desc = vigil_rec_desc(h->type, h->objtype);
		if (desc && desc->prog && desc->prog[0].op != VOP_END) {
			printf("   ");
			vigil_rec_print(stdout, h, d->show_text);
			putchar('\n');
		}
		off += h->size;
	}
}

int main(int argc, char **argv)
{
	struct dump d = { 0 };
	struct vigil_val_config cfg = { 0 };
	int nfiles = 0, rc = 0;

	cfg.features = vigil_val_all_features();
	cfg.keep_going = true;
	cfg.observe = on_cmd;
	cfg.observe_user = &d;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--text"))
			d.show_text = 1;
		else if (!strcmp(argv[i], "--quiet"))
			d.quiet = 1;
		else if (!strcmp(argv[i], "--features=none"))
			cfg.features = 0;
		else if (!strcmp(argv[i], "--features=all"))
			cfg.features = vigil_val_all_features();
		else if (!strcmp(argv[i], "--help") || argv[i][0] == '-') {
			fprintf(stderr, "usage: vigil-dump [--text] [--quiet] [--features=all|none] FILE.c2s...\n");
			return argv[i][2] == 'h' ? 0 : 2;
		} else
			nfiles++;
	}
	if (!nfiles) {
		fprintf(stderr, "usage: vigil-dump [--text] [--quiet] [--features=all|none] FILE.c2s...\n");
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		struct vigil_replay_hooks hooks = { before, after, &d };
		struct vigil_replay_stats st = { 0 };
		struct vigil_recbuf rb = { 0 };
		struct vigil_val_ctx *ctx;
		uint8_t *buf;
		size_t len;

		if (argv[i][0] == '-')
			continue;
		buf = vigil_read_file(argv[i], &len);
		if (!buf)
			return 2;
		ctx = vigil_val_create(&cfg);
		if (!ctx)
			return 2;
		printf("== %s\n", argv[i]);
		(void)vigil_replay(ctx, buf, len, &rb, &hooks, &st);
		printf("== %s: %llu messages, %llu submits, %llu commands, %lu rejects\n", argv[i],
		       (unsigned long long)st.messages, (unsigned long long)st.submits,
		       (unsigned long long)st.commands, d.rejects);
		if (d.rejects)
			rc = 1;
		d.rejects = 0;
		vigil_val_destroy(ctx);
		vigil_recbuf_free(&rb);
		free(buf);
	}
	return rc;
}
