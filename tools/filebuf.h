/*
 * filebuf.h: read a whole file into memory for the command-line tools (trusted path, untrusted
 * content). Returns NULL and prints why on failure; the caller frees.
 */
#ifndef VIGIL_TOOLS_FILEBUF_H
#define VIGIL_TOOLS_FILEBUF_H

#include <stddef.h>
#include <stdint.h>

uint8_t *vigil_read_file(const char *path, size_t *ret_len);

#endif
