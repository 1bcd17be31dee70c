/*
 * vigil-vectors DIR: writes the generator's positive and negative test vectors (one virgl
 * command each, spec/gen/emit_vectors.py) as seed files for fuzz_submit. Positive vectors
 * reach deep into each command; negative ones sit one rule away from valid.
 */
#include <stdint.h>
#include <stdio.h>

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

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: vigil-vectors DIR\n");
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
