/*
 * test_captures.c: every SUBMIT_CMD (and every other message) of every recorded Mesa session
 * validates with zero rejects.
 *
 * The recordings are real traffic between Mesa 22.3.6 and virglrenderer 0.10.4
 * (../shared/captures beside the source tree, or $VIGIL_CAPTURES_DIR). When they are not
 * available (a user's checkout), the test is skipped with exit status 77.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../tools/filebuf.h"
#include "vigil_replay.h"
#include "vigil_spec.h"

static const char *captures_dir;

static int replay_file(const char *path, struct vigil_replay_stats *total)
{
	struct vigil_val_config cfg = { .features = vigil_val_all_features() };
	struct vigil_replay_stats st = { 0 };
	struct vigil_recbuf rb = { 0 };
	struct vigil_val_ctx *ctx = vigil_val_create(&cfg);
	size_t len;
	uint8_t *buf = vigil_read_file(path, &len);
	vigil_status s;
	int bad = 0;

	assert_non_null(ctx);
	assert_non_null(buf);
	s = vigil_replay(ctx, buf, len, &rb, NULL, &st);
	if (s != VIGIL_OK || st.rejects) {
		char e[256];
		vigil_val_format_error(vigil_val_last_error(ctx), e, sizeof(e));
		fprintf(stderr, "REJECT %s: %s\n", path, e);
		bad = 1;
	}
	total->messages += st.messages;
	total->submits += st.submits;
	total->commands += st.commands;
	total->submit_bytes += st.submit_bytes;
	vigil_val_destroy(ctx);
	vigil_recbuf_free(&rb);
	free(buf);
	return bad;
}

static void test_every_captured_session_validates_without_reject(void **state)
{
	struct vigil_replay_stats total = { 0 };
	DIR *top = opendir(captures_dir);
	struct dirent *de;
	int bad = 0, files = 0;

	(void)state;
	assert_non_null(top);
	while ((de = readdir(top))) {
		char dir[1024];
		DIR *sub;
		struct dirent *fe;

		if (de->d_name[0] == '.')
			continue;
		snprintf(dir, sizeof(dir), "%s/%s", captures_dir, de->d_name);
		sub = opendir(dir);
		if (!sub)
			continue;
		while ((fe = readdir(sub))) {
			char path[2048];
			size_t n = strlen(fe->d_name);
			if (n < 4 || strcmp(fe->d_name + n - 4, ".c2s"))
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, fe->d_name);
			bad += replay_file(path, &total);
			files++;
		}
		closedir(sub);
	}
	closedir(top);
	printf("captures: %d sessions, %llu messages, %llu submits, %llu commands, %d rejected sessions\n",
	       files, (unsigned long long)total.messages, (unsigned long long)total.submits,
	       (unsigned long long)total.commands, bad);
	assert_true(files >= 10);
	assert_true(total.commands > 1000);
	assert_int_equal(bad, 0);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_captured_session_validates_without_reject),
	};
	DIR *d;

	captures_dir = argc > 1 ? argv[1] : getenv("VIGIL_CAPTURES_DIR");
	if (!captures_dir || !*captures_dir || !(d = opendir(captures_dir))) {
		printf("captures not available (%s): skipped\n", captures_dir ? captures_dir : "unset");
		return 77;
	}
	closedir(d);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
