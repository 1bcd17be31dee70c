/*
 * vertex.c: vertex elements and vertex buffers in the sub-context's vertex array object, and
 * the virgl vertex format -> GL attribute format table.
 *
 * Input: the bound vertex-elements object and vertex buffers (recorded from untrusted records;
 * element counts were bounded when the object was created, buffer slots index a 32-entry array
 * after a bound check). The format table is trusted static data and any uint32 is looked up
 * safely. GL reads vertex data only from buffer objects the core owns, and an out-of-range
 * fetch is defined by GL as zero or an in-buffer value (robust buffer access is not needed for
 * memory safety: the buffers are host GL objects, not guest memory). A vertex buffer of stride
 * 0 (Gallium: the same element for every vertex, Mesa's constant attributes) is expressed with
 * a maximal instance divisor. Guarantee: an element with
 * an unknown format, or whose buffer slot is empty, is left disabled (it reads (0, 0, 0, 1)).
 */
#include <stdint.h>

#include "pipe.h"

struct vfmt {
	uint8_t size;      /* components, or 5 for GL_BGRA */
	uint8_t integer;   /* 1: glVertexAttribIPointer */
	uint8_t norm;
	uint8_t gles_ok;
	GLenum type;
};

/* Formats laid out in runs of four (1..4 components) in the virgl enum. */
struct run {
	uint16_t first;
	GLenum type;
	uint8_t norm, integer, gles_ok;
};

static const struct run runs[] = {
	{ 24, GL_DOUBLE, 0, 0, 0 },        /* R64..R64G64B64A64_FLOAT */
	{ 28, GL_FLOAT, 0, 0, 1 },         /* R32.._FLOAT */
	{ 32, GL_UNSIGNED_INT, 1, 0, 1 },  /* _UNORM */
	{ 36, GL_UNSIGNED_INT, 0, 0, 1 },  /* _USCALED */
	{ 40, GL_INT, 1, 0, 1 },           /* _SNORM */
	{ 44, GL_INT, 0, 0, 1 },           /* _SSCALED */
	{ 48, GL_UNSIGNED_SHORT, 1, 0, 1 },
	{ 52, GL_UNSIGNED_SHORT, 0, 0, 1 },
	{ 56, GL_SHORT, 1, 0, 1 },
	{ 60, GL_SHORT, 0, 0, 1 },
	{ 64, GL_UNSIGNED_BYTE, 1, 0, 1 },
	{ 74, GL_BYTE, 1, 0, 1 },
	{ 82, GL_BYTE, 0, 0, 1 },
	{ 87, GL_FIXED, 0, 0, 1 },
	{ 91, GL_HALF_FLOAT, 0, 0, 1 },
	{ 177, GL_UNSIGNED_BYTE, 0, 1, 1 }, /* _UINT */
	{ 181, GL_BYTE, 0, 1, 1 },          /* _SINT */
	{ 185, GL_UNSIGNED_SHORT, 0, 1, 1 },
	{ 189, GL_SHORT, 0, 1, 1 },
	{ 193, GL_UNSIGNED_INT, 0, 1, 1 },
	{ 197, GL_INT, 0, 1, 1 },
};

static bool vertex_format(uint32_t f, struct vfmt *out)
{
	for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		if (f >= runs[i].first && f < runs[i].first + 4u) {
			*out = (struct vfmt){ (uint8_t)(f - runs[i].first + 1u), runs[i].integer, runs[i].norm,
					      runs[i].gles_ok, runs[i].type };
			return true;
		}
	}
	switch (f) {
	case 69: case 70: case 71: case 72: /* R8.._USCALED (73 is not a format) */
		*out = (struct vfmt){ (uint8_t)(f - 68u), 0, 0, 1, GL_UNSIGNED_BYTE };
		return true;
	case 1: /* B8G8R8A8_UNORM */
		*out = (struct vfmt){ 5, 0, 1, 0, GL_UNSIGNED_BYTE };
		return true;
	case 8: /* R10G10B10A2_UNORM */
		*out = (struct vfmt){ 4, 0, 1, 1, GL_UNSIGNED_INT_2_10_10_10_REV };
		return true;
	case 123: /* R10G10B10A2_USCALED */
		*out = (struct vfmt){ 4, 0, 0, 1, GL_UNSIGNED_INT_2_10_10_10_REV };
		return true;
	case 172: /* R10G10B10A2_SSCALED */
		*out = (struct vfmt){ 4, 0, 0, 1, GL_INT_2_10_10_10_REV };
		return true;
	case 173: /* R10G10B10A2_SNORM */
		*out = (struct vfmt){ 4, 0, 1, 1, GL_INT_2_10_10_10_REV };
		return true;
	case 131: /* B10G10R10A2_UNORM */
		*out = (struct vfmt){ 5, 0, 1, 0, GL_UNSIGNED_INT_2_10_10_10_REV };
		return true;
	case 174: /* B10G10R10A2_USCALED */
		*out = (struct vfmt){ 5, 0, 0, 0, GL_UNSIGNED_INT_2_10_10_10_REV };
		return true;
	case 175: /* B10G10R10A2_SSCALED */
		*out = (struct vfmt){ 5, 0, 0, 0, GL_INT_2_10_10_10_REV };
		return true;
	case 176: /* B10G10R10A2_SNORM */
		*out = (struct vfmt){ 5, 0, 1, 0, GL_INT_2_10_10_10_REV };
		return true;
	case 124: /* R11G11B10_FLOAT (GL 4.4) */
		*out = (struct vfmt){ 3, 0, 0, 0, GL_UNSIGNED_INT_10F_11F_11F_REV };
		return true;
	default:
		return false;
	}
}

uint8_t core_vertex_attr_type(uint32_t format)
{
	struct vfmt v;

	if (!vertex_format(format, &v) || !v.integer)
		return VIGIL_GLSL_FLOAT;
	return (v.type == GL_BYTE || v.type == GL_SHORT || v.type == GL_INT) ? VIGIL_GLSL_INT : VIGIL_GLSL_UINT;
}

vigil_status core_bind_vertices(struct vigil_core_ctx *ctx, struct core_pipe *p)
{
	const struct vigil_rec_create_vertex_elements *ve = p->ve ? &p->ve->u.ve : NULL;
	uint32_t n = ve && ve->count_elements <= 32u ? ve->count_elements : 0;
	GLint max_attribs = ctx->core->limits.max_vertex_attribs;

	if (!p->vao)
		glGenVertexArrays(1, &p->vao);
	glBindVertexArray(p->vao);
	for (uint32_t i = 0; i < 32u && (GLint)i < max_attribs; i++) {
		const struct core_vbuf *vb;
		struct vfmt f;
		uintptr_t off;

		if (i >= n || !vertex_format(ve->elements[i].src_format, &f) ||
		    ve->elements[i].vertex_buffer_index >= CORE_MAX_VBUFS ||
		    !(vb = &p->vbufs[ve->elements[i].vertex_buffer_index])->res ||
		    (ctx->core->gles && !f.gles_ok) ||
		    (f.type == GL_UNSIGNED_INT_10F_11F_11F_REV && ctx->core->gl_version < 44)) {
			glDisableVertexAttribArray(i);
			continue;
		}
		off = (uintptr_t)vb->offset + ve->elements[i].src_offset;
		glBindBuffer(GL_ARRAY_BUFFER, vb->res->id);
		if (f.integer)
			glVertexAttribIPointer(i, f.size, f.type, (GLsizei)vb->stride, (const void *)off);
		else
			glVertexAttribPointer(i, f.size == 5 ? GL_BGRA : f.size, f.type, f.norm ? GL_TRUE : GL_FALSE,
					      (GLsizei)vb->stride, (const void *)off);
		/* Gallium's stride 0 repeats one element for every vertex; GL's stride 0 means
		 * "packed", so such an attribute advances only every 2^32 - 1 instances instead. */
		glVertexAttribDivisor(i, vb->stride ? ve->elements[i].instance_divisor : 0xffffffffu);
		glEnableVertexAttribArray(i);
	}
	glBindBuffer(GL_ARRAY_BUFFER, 0);
	glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, p->ib.res ? p->ib.res->id : 0);
	return VIGIL_OK;
}
