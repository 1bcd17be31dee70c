/*
 * map.c: the core's handle -> object map (see core_priv.h).
 *
 * Keys are internal handles from records (untrusted values, but only ever compared); values are
 * core-owned pointers. Linear probing with backward-shift deletion, load kept <= 1/2; a lookup
 * of any key, present or not, terminates. Growth is bounded by the validator's object limits
 * and reports VIGIL_E_EXHAUSTED on allocation failure.
 */
#include <stdlib.h>

#include "core_priv.h"

static uint32_t hash(uint32_t k)
{
	k ^= k >> 16;
	k *= 0x7feb352du;
	k ^= k >> 15;
	k *= 0x846ca68bu;
	k ^= k >> 16;
	return k;
}

static vigil_status grow(struct core_map *m)
{
	uint32_t ncap = m->cap ? m->cap * 2u : 16u;
	uint32_t *keys;
	void **vals;

	if (ncap < m->cap || ncap > (1u << 24))
		return VIGIL_E_EXHAUSTED;
	keys = calloc(ncap, sizeof(*keys));
	vals = calloc(ncap, sizeof(*vals));
	if (!keys || !vals) {
		free(keys);
		free(vals);
		return VIGIL_E_EXHAUSTED;
	}
	for (uint32_t i = 0; i < m->cap; i++) {
		uint32_t j;
		if (!m->keys[i])
			continue;
		for (j = hash(m->keys[i]) & (ncap - 1u); keys[j]; j = (j + 1u) & (ncap - 1u))
			;
		keys[j] = m->keys[i];
		vals[j] = m->vals[i];
	}
	free(m->keys);
	free(m->vals);
	m->keys = keys;
	m->vals = vals;
	m->cap = ncap;
	return VIGIL_OK;
}

static bool find(const struct core_map *m, uint32_t key, uint32_t *ret_slot)
{
	if (!m->cap || !key)
		return false;
	for (uint32_t i = hash(key) & (m->cap - 1u);; i = (i + 1u) & (m->cap - 1u)) {
		if (m->keys[i] == key) {
			*ret_slot = i;
			return true;
		}
		if (!m->keys[i])
			return false;
	}
}

vigil_status core_map_put(struct core_map *m, uint32_t key, void *val)
{
	uint32_t i;

	if (!key)
		return VIGIL_E_UNKNOWN_HANDLE;
	if (find(m, key, &i))
		return VIGIL_E_STATE;
	if ((m->count + 1u) * 2u > m->cap) {
		vigil_status s = grow(m);
		if (s != VIGIL_OK)
			return s;
	}
	for (i = hash(key) & (m->cap - 1u); m->keys[i]; i = (i + 1u) & (m->cap - 1u))
		;
	m->keys[i] = key;
	m->vals[i] = val;
	m->count++;
	return VIGIL_OK;
}

void *core_map_get(const struct core_map *m, uint32_t key)
{
	uint32_t i;

	return find(m, key, &i) ? m->vals[i] : NULL;
}

void *core_map_del(struct core_map *m, uint32_t key)
{
	uint32_t i, j, mask;
	void *val;

	if (!find(m, key, &i))
		return NULL;
	val = m->vals[i];
	mask = m->cap - 1u;
	/* Backward-shift deletion keeps every remaining key reachable from its home slot. */
	for (j = (i + 1u) & mask; m->keys[j]; j = (j + 1u) & mask) {
		uint32_t home = hash(m->keys[j]) & mask;
		if (((j - home) & mask) >= ((j - i) & mask)) {
			m->keys[i] = m->keys[j];
			m->vals[i] = m->vals[j];
			i = j;
		}
	}
	m->keys[i] = 0;
	m->vals[i] = NULL;
	m->count--;
	return val;
}

void core_map_fini(struct core_map *m)
{
	free(m->keys);
	free(m->vals);
	m->keys = NULL;
	m->vals = NULL;
	m->cap = m->count = 0;
}
