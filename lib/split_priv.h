/*
 * split_priv.h: what the two halves of VIGIL_RENDERER_SPLIT share inside lib/: the gate's
 * constructor forks and the child runs split_core_main; both speak split_proto.h.
 */
#ifndef VIGIL_LIB_SPLIT_PRIV_H
#define VIGIL_LIB_SPLIT_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "core_if.h"
#include "split_proto.h"

/* Whether this build has the seccomp sandbox (sandbox/): without it there is no split. */
bool split_sandbox_available(void);

/* The core process, in the child right after fork: sock is its end of the control socketpair,
 * ring the shared window (inherited mapping). Initializes the core, enters the core sandbox,
 * answers READY, then serves requests until the gate goes away. Never returns. */
_Noreturn void split_core_main(int sock, uint8_t *ring, const struct vigil_core_config *cc,
			       const struct lib_split_opts *o);

/* In the core process, before its sandbox: gives each of llvmpipe's rasterizer threads its own
 * allowed CPU, thread K the (K + offset)-th modulo their number (split_affinity.c says why).
 * Returns how many threads were placed (0 with fewer than 2 CPUs or no such threads). */
int split_spread_rasterizers(unsigned offset);

#endif
