/*
 * texio.c: how a Gallium texture maps onto GL on each backend, and box uploads.
 *
 * Input: boxes already re-checked against the resource's descriptor by the caller
 * (vigil_res_check_box / vigil_res_check_backing), and resources from the context's own map.
 * This is the one place that switches on the backend for texture targets: GLES has no 1D or
 * rectangle textures, so 1D is a 2D texture of height 1, 1D_ARRAY a 2D_ARRAY of height 1 (the
 * Gallium layer index z stays z), and RECT a 2D texture. Guarantees: uploads read exactly the
 * packed box bytes (GL_UNPACK_ALIGNMENT 1, no row length or skips).
 */
#include "core_priv.h"

GLenum core_gl_target(const struct vigil_core *core, uint32_t pipe_target, uint32_t samples)
{
	bool es = core->gles;

	if (samples > 1) {
		if (pipe_target == VIGIL_RES_TARGET_2D)
			return GL_TEXTURE_2D_MULTISAMPLE;
		if (pipe_target == VIGIL_RES_TARGET_2D_ARRAY)
			return GL_TEXTURE_2D_MULTISAMPLE_ARRAY;
		return 0;
	}
	switch (pipe_target) {
	case VIGIL_RES_TARGET_1D: return es ? GL_TEXTURE_2D : GL_TEXTURE_1D;
	case VIGIL_RES_TARGET_2D: return GL_TEXTURE_2D;
	case VIGIL_RES_TARGET_3D: return GL_TEXTURE_3D;
	case VIGIL_RES_TARGET_CUBE: return GL_TEXTURE_CUBE_MAP;
	case VIGIL_RES_TARGET_RECT: return es ? GL_TEXTURE_2D : GL_TEXTURE_RECTANGLE;
	case VIGIL_RES_TARGET_1D_ARRAY: return es ? GL_TEXTURE_2D_ARRAY : GL_TEXTURE_1D_ARRAY;
	case VIGIL_RES_TARGET_2D_ARRAY: return GL_TEXTURE_2D_ARRAY;
	case VIGIL_RES_TARGET_CUBE_ARRAY: return GL_TEXTURE_CUBE_MAP_ARRAY;
	default: return 0;
	}
}

bool core_box_bytes(const struct core_res *r, const struct vigil_box *b, size_t *ret_row,
		    size_t *ret_rows, size_t *ret_total)
{
	uint64_t bw = r->fmt ? r->fmt->block_w : 1u, bh = r->fmt ? r->fmt->block_h : 1u;
	uint64_t bb = r->fmt ? r->fmt->block_bytes : 1u;
	uint64_t row = ((b->w + bw - 1u) / bw) * bb, rows = (b->h + bh - 1u) / bh;
	uint64_t total = row * rows * b->d; /* < 2^32 * 2^32 / 2^? : bounded by checked boxes */

	/* Boxes are inside levels of at most MAX_RESOURCE_BYTES, so these cannot overflow, but
	 * a compromised gate's values are re-checked by the callers before this is reached. */
	if (row > SIZE_MAX || total > ((uint64_t)1 << 40))
		return false;
	*ret_row = (size_t)row;
	*ret_rows = (size_t)rows;
	*ret_total = (size_t)total;
	return true;
}

static void unpack_defaults(void)
{
	glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
	glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
	glPixelStorei(GL_UNPACK_IMAGE_HEIGHT, 0);
	glPixelStorei(GL_UNPACK_SKIP_PIXELS, 0);
	glPixelStorei(GL_UNPACK_SKIP_ROWS, 0);
	glPixelStorei(GL_UNPACK_SKIP_IMAGES, 0);
	glBindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);
}

static void sub2d(const struct core_res *r, GLenum target, uint32_t level, GLint x, GLint y,
		  GLsizei w, GLsizei h, const void *data, GLsizei bytes)
{
	if (r->fmt->flags & CORE_FMT_COMPRESSED)
		glCompressedTexSubImage2D(target, (GLint)level, x, y, w, h, r->fmt->internal, bytes, data);
	else
		glTexSubImage2D(target, (GLint)level, x, y, w, h, r->fmt->format, r->fmt->type, data);
}

vigil_status core_tex_upload(struct vigil_core_ctx *ctx, const struct core_res *r, uint32_t level,
			     const struct vigil_box *b, const void *data, size_t size)
{
	const uint8_t *p = data;
	size_t row, rows, total;
	GLint x = (GLint)b->x, y = (GLint)b->y, z = (GLint)b->z;
	GLsizei w = (GLsizei)b->w, h = (GLsizei)b->h, d = (GLsizei)b->d;
	bool cmp = (r->fmt->flags & CORE_FMT_COMPRESSED) != 0;

	if (!core_box_bytes(r, b, &row, &rows, &total) || total > size || total > INT32_MAX)
		return VIGIL_E_BACKING;
	unpack_defaults();
	glBindTexture(r->target, r->id);
	switch (r->target) {
	case GL_TEXTURE_1D:
		glTexSubImage1D(r->target, (GLint)level, x, w, r->fmt->format, r->fmt->type, p);
		break;
	case GL_TEXTURE_1D_ARRAY: /* GL: the layer is the y coordinate */
		sub2d(r, r->target, level, x, z, w, d, p, (GLsizei)total);
		break;
	case GL_TEXTURE_2D:
	case GL_TEXTURE_RECTANGLE:
		sub2d(r, r->target, level, x, y, w, h, p, (GLsizei)total);
		break;
	case GL_TEXTURE_CUBE_MAP:
		for (GLsizei i = 0; i < d; i++)
			sub2d(r, (GLenum)(GL_TEXTURE_CUBE_MAP_POSITIVE_X + (GLenum)(z + i)), level, x, y, w, h,
			      p + (size_t)i * row * rows, (GLsizei)(row * rows));
		break;
	case GL_TEXTURE_3D:
	case GL_TEXTURE_2D_ARRAY:
	case GL_TEXTURE_CUBE_MAP_ARRAY:
		if (cmp)
			glCompressedTexSubImage3D(r->target, (GLint)level, x, y, z, w, h, d, r->fmt->internal,
						  (GLsizei)total, p);
		else
			glTexSubImage3D(r->target, (GLint)level, x, y, z, w, h, d, r->fmt->format,
					r->fmt->type, p);
		break;
	default:
		glBindTexture(r->target, 0);
		return VIGIL_E_STATE; /* multisampled: no uploads */
	}
	glBindTexture(r->target, 0);
	return core_gl_check(ctx);
}

vigil_status core_tex_download(struct vigil_core_ctx *ctx, const struct core_res *r, uint32_t level,
			       const struct vigil_box *b, void *data, size_t size)
{
	if (r->target == GL_TEXTURE_2D_MULTISAMPLE || r->target == GL_TEXTURE_2D_MULTISAMPLE_ARRAY)
		return VIGIL_E_STATE;
	if (ctx->core->gles)
		return vigil_gles_download(ctx, r, level, b, data, size);
	return vigil_gl_download(ctx, r, level, b, data, size);
}

void core_fb_attach(struct vigil_core_ctx *ctx, GLenum fb_target, GLenum attachment,
		    const struct core_res *r, uint32_t level, uint32_t layer)
{
	(void)ctx;
	if (!r) {
		glFramebufferTexture2D(fb_target, attachment, GL_TEXTURE_2D, 0, 0);
		return;
	}
	switch (r->target) {
	case GL_TEXTURE_1D:
		glFramebufferTexture1D(fb_target, attachment, r->target, r->id, (GLint)level);
		break;
	case GL_TEXTURE_2D:
	case GL_TEXTURE_RECTANGLE:
	case GL_TEXTURE_2D_MULTISAMPLE:
		glFramebufferTexture2D(fb_target, attachment, r->target, r->id, (GLint)level);
		break;
	case GL_TEXTURE_CUBE_MAP:
		glFramebufferTexture2D(fb_target, attachment, (GLenum)(GL_TEXTURE_CUBE_MAP_POSITIVE_X + layer),
				       r->id, (GLint)level);
		break;
	default: /* 3D slices, array layers, cube-array layer-faces */
		glFramebufferTextureLayer(fb_target, attachment, r->id, (GLint)level, (GLint)layer);
		break;
	}
}
