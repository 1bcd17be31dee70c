/*
 * handles.c: generation-counted handle tables (see handles.h for the contract).
 *
 * Guest ids are hostile (any uint32); handles and kinds come from trusted validator code. The
 * guest-id map is linear probing over a power-of-two bucket array kept at most half full, with
 * backward-shift deletion (no tombstones, so probe lengths never degrade over time). Bucket
 * choice is fmix64(id ^ seed) with a 64-bit secret seed per table, so ids a guest picks to
 * collide modulo the table size (multiples of 2^k, for instance) spread like random keys. Every
 * size computation is checked; a failed allocation leaves the table's contents as they were.
 * Guarantees: a handle names at most one object over the table's whole life (generations are
 * never reused, a slot is retired instead of wrapping); each data is destroyed exactly once.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include "handles.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "checked.h"

#define INDEX_MASK ((1u << VIGIL_HT_INDEX_BITS) - 1u)
#define GEN_MAX ((1u << VIGIL_HT_GEN_BITS) - 1u)
#define MIN_BUCKETS 16u
#define MIN_SLOTS 16u

_Static_assert(VIGIL_HT_INDEX_BITS + VIGIL_HT_GEN_BITS == 32, "a handle is 32 bits");

static vigil_status seed_from_kernel(uint64_t *ret_seed)
{
	uint64_t seed;
	unsigned char *p = (unsigned char *)&seed;
	size_t got = 0;

	while (got < sizeof(seed)) {
		ssize_t n = getrandom(p + got, sizeof(seed) - got, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return VIGIL_E_EXHAUSTED; /* no silent fixed-seed fallback */
		got += (size_t)n;
	}
	*ret_seed = seed;
	return VIGIL_OK;
}

static inline uint32_t bucket_of(const struct vigil_htable *t, uint32_t guest_id)
{
	uint64_t x = (uint64_t)guest_id ^ t->seed;

	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ull;
	x ^= x >> 33;
	return (uint32_t)x & t->map_mask;
}

static inline uint32_t make_handle(const struct vigil_ht_slot *s, uint32_t idx)
{
	return ((uint32_t)s->gen << VIGIL_HT_INDEX_BITS) | (idx + 1u);
}

/* Bucket holding guest_id, or UINT32_MAX. Terminates: at least half the buckets are empty. */
static uint32_t map_find(const struct vigil_htable *t, uint32_t guest_id)
{
	uint32_t i;

	if (!t->map || guest_id == 0)
		return UINT32_MAX;
	for (i = bucket_of(t, guest_id);; i = (i + 1u) & t->map_mask) {
		if (t->map[i].guest_id == guest_id)
			return i;
		if (t->map[i].guest_id == 0)
			return UINT32_MAX;
	}
}

static void map_put(struct vigil_htable *t, uint32_t guest_id, uint32_t slot)
{
	uint32_t i = bucket_of(t, guest_id);

	while (t->map[i].guest_id != 0)
		i = (i + 1u) & t->map_mask;
	t->map[i].guest_id = guest_id;
	t->map[i].slot = slot;
}

/* Backward-shift deletion: pull later entries of the run back over the hole when their home
 * bucket is not cyclically inside (hole, position]. */
static void map_del(struct vigil_htable *t, uint32_t i)
{
	uint32_t j = i;

	for (;;) {
		uint32_t home;

		j = (j + 1u) & t->map_mask;
		if (t->map[j].guest_id == 0)
			break;
		home = bucket_of(t, t->map[j].guest_id);
		if (((j - home) & t->map_mask) >= ((j - i) & t->map_mask)) {
			t->map[i] = t->map[j];
			i = j;
		}
	}
	t->map[i].guest_id = 0;
	t->map[i].slot = 0;
	t->mapped--;
}

/* Makes room for one more guest id at load <= 1/2. On failure nothing changed. */
static vigil_status map_reserve(struct vigil_htable *t)
{
	uint32_t need, nb, old_nb = t->map ? t->map_mask + 1u : 0u;
	struct vigil_ht_entry *nm, *om = t->map;
	uint64_t bytes;

	if (!vigil_add_u32(t->mapped, 1u, &need) || !vigil_mul_u32(need, 2u, &need))
		return VIGIL_E_EXHAUSTED;
	if (need <= old_nb)
		return VIGIL_OK;
	nb = old_nb ? old_nb : MIN_BUCKETS;
	while (nb < need)
		if (!vigil_mul_u32(nb, 2u, &nb))
			return VIGIL_E_EXHAUSTED;
	if (!vigil_mul_u64(nb, sizeof(*nm), &bytes) || bytes > SIZE_MAX)
		return VIGIL_E_EXHAUSTED;
	nm = calloc(nb, sizeof(*nm));
	if (!nm)
		return VIGIL_E_EXHAUSTED;
	t->map = nm;
	t->map_mask = nb - 1u;
	for (uint32_t i = 0; i < old_nb; i++)
		if (om[i].guest_id != 0)
			map_put(t, om[i].guest_id, om[i].slot);
	free(om);
	return VIGIL_OK;
}

/* A free slot index (taken off the free list or appended). On failure nothing changed. */
static vigil_status slot_alloc(struct vigil_htable *t, uint32_t *ret_idx)
{
	uint32_t idx, ncap;
	uint64_t bytes;
	struct vigil_ht_slot *ns;

	if (t->free_head) {
		idx = t->free_head - 1u;
		t->free_head = t->slots[idx].next_free;
		*ret_idx = idx;
		return VIGIL_OK;
	}
	if (t->nslots >= VIGIL_HT_MAX_SLOTS)
		return VIGIL_E_EXHAUSTED; /* every index used; retired ones stay retired */
	if (t->nslots == t->cap_slots) {
		ncap = t->cap_slots ? t->cap_slots : MIN_SLOTS;
		if (t->cap_slots && !vigil_mul_u32(ncap, 2u, &ncap))
			return VIGIL_E_EXHAUSTED;
		if (ncap > VIGIL_HT_MAX_SLOTS)
			ncap = VIGIL_HT_MAX_SLOTS;
		if (!vigil_mul_u64(ncap, sizeof(*ns), &bytes) || bytes > SIZE_MAX)
			return VIGIL_E_EXHAUSTED;
		ns = realloc(t->slots, (size_t)bytes);
		if (!ns)
			return VIGIL_E_EXHAUSTED;
		t->slots = ns;
		t->cap_slots = ncap;
	}
	idx = t->nslots++;
	memset(&t->slots[idx], 0, sizeof(t->slots[idx]));
	*ret_idx = idx;
	return VIGIL_OK;
}

/* Last reference gone: destroy, bump the generation (or retire), free the slot. */
static void slot_release(struct vigil_htable *t, uint32_t idx)
{
	struct vigil_ht_slot *s = &t->slots[idx];
	void *data = s->data;

	s->data = NULL;
	s->aux = 0;
	s->kind = 0;
	if (s->gen == GEN_MAX) {
		s->retired = 1;
	} else {
		s->gen++;
		s->next_free = t->free_head;
		t->free_head = idx + 1u;
	}
	t->live--;
	if (data && t->destroy)
		t->destroy(data);
}

static struct vigil_ht_slot *slot_of(const struct vigil_htable *t, uint32_t handle,
				     uint32_t *ret_idx)
{
	uint32_t low = handle & INDEX_MASK;
	struct vigil_ht_slot *s;

	if (low == 0 || low > t->nslots)
		return NULL;
	s = &t->slots[low - 1u];
	if (s->refs == 0 || s->gen != handle >> VIGIL_HT_INDEX_BITS)
		return NULL;
	if (ret_idx)
		*ret_idx = low - 1u;
	return s;
}

vigil_status vigil_ht_init(struct vigil_htable *t, uint32_t max_live, void (*destroy)(void *data))
{
	uint64_t seed;
	vigil_status st;

	memset(t, 0, sizeof(*t));
	if (max_live == 0 || max_live > VIGIL_HT_MAX_SLOTS)
		return VIGIL_E_RANGE;
	st = seed_from_kernel(&seed);
	if (st != VIGIL_OK)
		return st;
	t->seed = seed;
	t->max_live = max_live;
	t->destroy = destroy;
	return VIGIL_OK;
}

void vigil_ht_fini(struct vigil_htable *t)
{
	for (uint32_t i = 0; i < t->nslots; i++) {
		struct vigil_ht_slot *s = &t->slots[i];

		if (s->refs && s->data && t->destroy)
			t->destroy(s->data);
	}
	free(t->slots);
	free(t->map);
	memset(t, 0, sizeof(*t));
}

vigil_status vigil_ht_insert(struct vigil_htable *t, uint32_t guest_id, uint8_t kind, uint32_t aux,
			     void *data, uint32_t *ret_handle)
{
	uint32_t idx = 0;
	struct vigil_ht_slot *s;
	vigil_status st;

	if (guest_id == 0)
		return VIGIL_E_UNKNOWN_HANDLE;
	if (map_find(t, guest_id) != UINT32_MAX)
		return VIGIL_E_STATE;
	if (t->live >= t->max_live)
		return VIGIL_E_EXHAUSTED;
	st = map_reserve(t);
	if (st == VIGIL_OK)
		st = slot_alloc(t, &idx);
	if (st != VIGIL_OK)
		return st;
	s = &t->slots[idx];
	s->data = data;
	s->refs = 1;
	s->aux = aux;
	s->kind = kind;
	s->guest_id = guest_id;
	s->next_free = 0;
	map_put(t, guest_id, idx);
	t->mapped++;
	t->live++;
	*ret_handle = make_handle(s, idx);
	return VIGIL_OK;
}

vigil_status vigil_ht_lookup(const struct vigil_htable *t, uint32_t guest_id, uint8_t kind,
			     uint32_t *ret_handle)
{
	uint32_t b = map_find(t, guest_id), idx;

	if (b == UINT32_MAX)
		return VIGIL_E_UNKNOWN_HANDLE;
	idx = t->map[b].slot;
	if (kind != VIGIL_HT_ANY_KIND && t->slots[idx].kind != kind)
		return VIGIL_E_WRONG_KIND;
	*ret_handle = make_handle(&t->slots[idx], idx);
	return VIGIL_OK;
}

vigil_status vigil_ht_unmap(struct vigil_htable *t, uint32_t guest_id, uint32_t *ret_handle)
{
	uint32_t b = map_find(t, guest_id), idx, h;
	struct vigil_ht_slot *s;

	if (b == UINT32_MAX)
		return VIGIL_E_UNKNOWN_HANDLE;
	idx = t->map[b].slot;
	s = &t->slots[idx];
	h = make_handle(s, idx);
	map_del(t, b);
	s->guest_id = 0;
	if (--s->refs == 0)
		slot_release(t, idx);
	*ret_handle = h;
	return VIGIL_OK;
}

vigil_status vigil_ht_ref(struct vigil_htable *t, uint32_t handle)
{
	struct vigil_ht_slot *s = slot_of(t, handle, NULL);

	if (!s)
		return VIGIL_E_UNKNOWN_HANDLE;
	if (s->refs == UINT32_MAX)
		return VIGIL_E_EXHAUSTED;
	s->refs++;
	return VIGIL_OK;
}

vigil_status vigil_ht_unref(struct vigil_htable *t, uint32_t handle)
{
	uint32_t idx;
	struct vigil_ht_slot *s = slot_of(t, handle, &idx);

	if (!s)
		return VIGIL_E_UNKNOWN_HANDLE;
	if (s->refs == 1 && s->guest_id != 0)
		abort(); /* broken invariant: a holder dropped the guest mapping's reference */
	if (--s->refs == 0)
		slot_release(t, idx);
	return VIGIL_OK;
}

const struct vigil_ht_slot *vigil_ht_get(const struct vigil_htable *t, uint32_t handle)
{
	return slot_of(t, handle, NULL);
}

void vigil_ht_foreach(const struct vigil_htable *t, vigil_ht_visit_fn fn, void *user)
{
	for (uint32_t i = 0; i < t->nslots; i++)
		if (t->slots[i].refs)
			fn(user, t->slots[i].guest_id, &t->slots[i]);
}

uint32_t vigil_ht_max_probe(const struct vigil_htable *t)
{
	uint32_t max = 0;

	if (!t->map)
		return 0;
	for (uint32_t i = 0; i <= t->map_mask; i++) {
		uint32_t d;

		if (t->map[i].guest_id == 0)
			continue;
		d = ((i - bucket_of(t, t->map[i].guest_id)) & t->map_mask) + 1u;
		if (d > max)
			max = d;
	}
	return max;
}
