/*
 * handles.h: generation-counted handle tables mapping guest ids to internal handles.
 *
 * Guest ids (uint32, 0 never valid) are chosen freely by a hostile guest; everything else here is
 * trusted caller data. A table hands out internal handles: low 20 bits = slot index + 1, high 12
 * bits = the slot's generation, 0 = none. When a slot's object dies its generation is bumped, so
 * a stale handle fails vigil_ht_get() instead of reaching a new object; a slot whose generation
 * would wrap is retired for good. Objects are refcounted: the guest mapping holds one reference,
 * other objects may hold more (a surface holds its resource), and the data is destroyed (with the
 * destroy callback given at init) exactly once, when the last reference goes. Guest-id lookup is
 * an open-addressing hash map (linear probing, backward-shift deletion, load <= 1/2) keyed with a
 * per-table secret seed, so adversarial ids cannot force long probes. Not thread-safe.
 */
#ifndef VIGIL_HANDLES_H
#define VIGIL_HANDLES_H

#include <stdbool.h>
#include <stdint.h>

#include "vigil_status.h"

#define VIGIL_HT_ANY_KIND 0xffu       /* vigil_ht_lookup: accept any kind */
#define VIGIL_HT_INDEX_BITS 20u
#define VIGIL_HT_GEN_BITS 12u
#define VIGIL_HT_MAX_SLOTS ((1u << VIGIL_HT_INDEX_BITS) - 1u) /* index + 1 must fit 20 bits */

/* One object. Read it only through the accessors below; a pointer is valid until the next call
 * that may change the table (insert, unmap, unref, fini). */
struct vigil_ht_slot {
	void *data;        /* owned: passed to destroy when the last reference goes */
	uint32_t refs;     /* 0 = slot free (or retired) */
	uint32_t aux;      /* caller data (e.g. shader stage) */
	uint32_t guest_id; /* the guest id mapped to it, 0 when unmapped */
	uint32_t next_free; /* free list: index + 1 of the next free slot, 0 = end */
	uint16_t gen;      /* current generation, < 2^VIGIL_HT_GEN_BITS */
	uint8_t kind;
	uint8_t retired;   /* generation exhausted: never reused */
};

struct vigil_ht_entry {
	uint32_t guest_id; /* 0 = empty bucket */
	uint32_t slot;     /* slot index */
};

struct vigil_htable {
	struct vigil_ht_slot *slots;
	uint32_t nslots;    /* slots in use or ever used (live, free or retired) */
	uint32_t cap_slots; /* allocated */
	uint32_t free_head; /* index + 1 of the first free slot, 0 = none */
	uint32_t live;      /* slots with refs > 0 */
	uint32_t max_live;
	struct vigil_ht_entry *map;
	uint32_t map_mask;  /* buckets - 1 (buckets is a power of two), 0 when no map yet */
	uint32_t mapped;    /* guest ids in the map */
	uint64_t seed;      /* secret hash key from getrandom() */
	void (*destroy)(void *data);
};

/* Prepares an empty table that allows at most max_live (1..VIGIL_HT_MAX_SLOTS, else RANGE) live
 * objects. destroy may be NULL (data is then not owned). The hash seed comes from getrandom();
 * if the kernel cannot give one, init fails with VIGIL_E_EXHAUSTED rather than falling back to a
 * guessable seed (the sandbox must allow getrandom). Allocates nothing until the first insert. */
vigil_status vigil_ht_init(struct vigil_htable *t, uint32_t max_live, void (*destroy)(void *data));

/* Destroys every remaining data exactly once (mapped or only referenced), frees the table and
 * zeroes it: calling fini twice, or init again afterwards, is fine. */
void vigil_ht_fini(struct vigil_htable *t);

/* Creates an object for guest_id with one reference (the mapping's). Ownership of data moves to
 * the table only on VIGIL_OK; on any failure the caller still owns it. Errors: guest_id 0 ->
 * UNKNOWN_HANDLE; guest_id already mapped -> STATE (unmap first to replace); max_live objects
 * alive, the 20-bit index space used up, or allocation failure -> EXHAUSTED. On failure the
 * table's contents are unchanged. */
vigil_status vigil_ht_insert(struct vigil_htable *t, uint32_t guest_id, uint8_t kind, uint32_t aux,
			     void *data, uint32_t *ret_handle);

/* guest_id -> handle. kind VIGIL_HT_ANY_KIND matches any. Unknown (or 0) -> UNKNOWN_HANDLE;
 * mapped to another kind -> WRONG_KIND. No allocation. */
vigil_status vigil_ht_lookup(const struct vigil_htable *t, uint32_t guest_id, uint8_t kind,
			     uint32_t *ret_handle);

/* Removes the guest mapping and drops its reference (the object dies unless others hold it).
 * *ret_handle gets the handle it mapped to (stale if the object died).
 * Unknown -> UNKNOWN_HANDLE. */
vigil_status vigil_ht_unmap(struct vigil_htable *t, uint32_t guest_id, uint32_t *ret_handle);

/* References held by other objects. ref: stale/none -> UNKNOWN_HANDLE, count at UINT32_MAX ->
 * EXHAUSTED. unref: stale/none -> UNKNOWN_HANDLE; at 0 the data is destroyed, the generation
 * bumped and the slot freed (or retired). Dropping the mapping's own reference through unref is
 * a caller bug and aborts. */
vigil_status vigil_ht_ref(struct vigil_htable *t, uint32_t handle);
vigil_status vigil_ht_unref(struct vigil_htable *t, uint32_t handle);

/* The live slot of handle; NULL for 0, out of range, free, retired or stale generation. */
const struct vigil_ht_slot *vigil_ht_get(const struct vigil_htable *t, uint32_t handle);

static inline uint8_t vigil_ht_slot_kind(const struct vigil_ht_slot *s) { return s->kind; }
static inline uint32_t vigil_ht_slot_aux(const struct vigil_ht_slot *s) { return s->aux; }
static inline void *vigil_ht_slot_data(const struct vigil_ht_slot *s) { return s->data; }
static inline uint32_t vigil_ht_slot_guest_id(const struct vigil_ht_slot *s) { return s->guest_id; }

/* Live objects (mapped or only referenced). */
static inline uint32_t vigil_ht_live(const struct vigil_htable *t) { return t->live; }

/* Calls fn for every live object in slot order (guest_id 0 when it is no longer mapped), for
 * teardown. fn must not change this table (no insert/unmap/ref/unref on it); it may change
 * others (e.g. unref the resources an object held). */
typedef void (*vigil_ht_visit_fn)(void *user, uint32_t guest_id, const struct vigil_ht_slot *s);
void vigil_ht_foreach(const struct vigil_htable *t, vigil_ht_visit_fn fn, void *user);

/* Tests and statistics: the longest probe sequence (buckets inspected by a successful lookup). */
uint32_t vigil_ht_max_probe(const struct vigil_htable *t);

#endif
