/*
 * vigil_status.h: the one status enum every layer of vigil returns, including the public
 * embedding API (vigil.h).
 *
 * Trust: none needed, this is a list of names. Guarantees: values are stable (they appear in
 * logs, tests and the generated protocol reference); VIGIL_OK is 0; every guest-caused reject
 * has its own value so tests can assert the exact outcome. Severity (STYLE.md): statuses below
 * VIGIL_E_EXHAUSTED are guest violations (poison the context); VIGIL_E_EXHAUSTED is resource
 * exhaustion: a guest quota reached in the stream poisons the context like a violation (the
 * guest cannot retry a half-applied buffer), host memory failing in an embedder call that had
 * no effect does not (vigil.h); broken internal invariants abort instead.
 */
#ifndef VIGIL_STATUS_H
#define VIGIL_STATUS_H

typedef enum vigil_status {
	VIGIL_OK = 0,
	VIGIL_E_TRUNCATED,      /* payload shorter than its layout */
	VIGIL_E_TRAILING,       /* bytes left over after the layout */
	VIGIL_E_UNKNOWN_CMD,    /* command/message/object id not in the spec */
	VIGIL_E_UNSUPPORTED,    /* in the spec, but rejected (not implemented, feature off, version) */
	VIGIL_E_ENUM,           /* value outside its enumeration set */
	VIGIL_E_RANGE,          /* value outside [min, max] */
	VIGIL_E_RESERVED,       /* reserved bits set */
	VIGIL_E_COUNT,          /* element or byte count above its max */
	VIGIL_E_RELATION,       /* a cross-field rule failed (e.g. start + count > max) */
	VIGIL_E_OVERFLOW,       /* size arithmetic overflowed or underflowed */
	VIGIL_E_UNKNOWN_HANDLE, /* handle / id not found (or 0 where not allowed) */
	VIGIL_E_WRONG_KIND,     /* handle names an object of another kind */
	VIGIL_E_BIND,           /* resource of the wrong target or without the needed bind */
	VIGIL_E_BOX,            /* box or level outside the resource */
	VIGIL_E_BACKING,        /* box outside the backing store or the inline payload */
	VIGIL_E_STATE,          /* not valid in the current state (sub-context, shader chunks) */
	VIGIL_E_LENGTH,         /* a header length disagrees with the message's rule or cap */
	VIGIL_E_POISONED,       /* the context already failed; everything is rejected */
	VIGIL_E_EXHAUSTED,      /* a quota or allocation limit was reached (see above) */
	VIGIL_STATUS_COUNT
} vigil_status;

/* Stable upper-case name without prefix ("TRUNCATED"), or "?" for out-of-range values. */
const char *vigil_status_name(vigil_status s);

#endif
