/*
 * vigil-vectors DIR: writes the generator's positive and negative test vectors (one virgl
 * command each, spec/gen/emit_vectors.py) as seed files for fuzz_submit. Positive vectors
 * reach deep into each command; negative ones sit one rule away from valid.
 * vigil-vectors --tgsi-wire OUT_DIR TEXT...: parses each TGSI text file and writes its IR's wire
 * encoding (tgsi_wire.h) to OUT_DIR, the seeds of fuzz_tgsi_wire.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tgsi/tgsi_parse.h"
#include "tgsi/tgsi_wire.h"

struct vigil_vector {
	const char *name;
	uint16_t status;
	uint16_t field;
	uint32_t ndw;
	const uint32_t *dw;
};
extern const struct vigil_vector vigil_pos_vectors[];
extern const unsigned vigil_pos_vector_count;
extern const struct vigil_vector vigil_neg_vectors[];
extern const unsigned vigil_neg_vector_count;

static int dump(const char *dir, const char *tag, const struct vigil_vector *v, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		char path[4096];
		FILE *f;

		if (snprintf(path, sizeof(path), "%s/vec-%s-%u", dir, tag, i) >= (int)sizeof(path))
			return -1;
		f = fopen(path, "wb");
		if (!f)
			return -1;
		if (fwrite(v[i].dw, 4, v[i].ndw, f) != v[i].ndw) {
			fclose(f);
			return -1;
		}
		if (fclose(f) != 0)
			return -1;
	}
	return 0;
}

/* One text file to one blob; texts that do not parse are skipped (0). */
static int encode_one(const char *dir, const char *path, unsigned i)
{
	static char text[1 << 20];
	struct vigil_tgsi_shader *sh = NULL;
	char out[4096];
	size_t n, len;
	uint8_t *blob;
	FILE *f = fopen(path, "rb");
	int rc = 0;

	if (!f)
		return -1;
	len = fread(text, 1, sizeof(text), f);
	fclose(f);
	if (vigil_tgsi_parse(text, len, &sh, NULL) != VIGIL_OK)
		return 0;
	n = vigil_tgsi_wire_size(sh);
	blob = malloc(n);
	if (!blob || vigil_tgsi_wire_encode(sh, blob, n) != VIGIL_OK ||
	    snprintf(out, sizeof(out), "%s/ir-%u", dir, i) >= (int)sizeof(out) ||
	    !(f = fopen(out, "wb")))
		rc = -1;
	else if (fwrite(blob, 1, n, f) != n || fclose(f) != 0)
		rc = -1;
	free(blob);
	vigil_tgsi_free(sh);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "--tgsi-wire") == 0) {
		for (int i = 3; i < argc; i++)
			if (encode_one(argv[2], argv[i], (unsigned)i) != 0) {
				perror(argv[i]);
				return 1;
			}
		return 0;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: vigil-vectors DIR | vigil-vectors --tgsi-wire OUT_DIR TEXT...\n");
		return 2;
	}
	if (dump(argv[1], "pos", vigil_pos_vectors, vigil_pos_vector_count) != 0 ||
	    dump(argv[1], "neg", vigil_neg_vectors, vigil_neg_vector_count) != 0) {
		perror(argv[1]);
		return 1;
	}
	printf("wrote %u vectors to %s\n", vigil_pos_vector_count + vigil_neg_vector_count, argv[1]);
	return 0;
}
