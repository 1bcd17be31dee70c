/*
 * gl_read.c: texture readback on the desktop GL backend.
 *
 * Input: a box the caller re-checked against the resource's descriptor and a destination of at
 * least the box's packed size. Uses glGetTextureSubImage / glGetCompressedTextureSubImage
 * (GL 4.5 or ARB_get_texture_sub_image), which read any format, depth and stencil included, in
 * the table's pixel-transfer layout; GL_PACK_ALIGNMENT 1 and a bounded bufSize mean GL can
 * never write past `size`. Without that entry point readback is reported UNSUPPORTED (and the
 * caps probe then advertises no readback formats).
 */
#include "core_priv.h"

vigil_status vigil_gl_download(struct vigil_core_ctx *ctx, const struct core_res *r, uint32_t level,
			       const struct vigil_box *b, void *data, size_t size)
{
	GLint x = (GLint)b->x, y = (GLint)b->y, z = (GLint)b->z;
	GLsizei w = (GLsizei)b->w, h = (GLsizei)b->h, d = (GLsizei)b->d;
	size_t row, rows, total;

	if (!ctx->core->has_get_sub_image)
		return VIGIL_E_UNSUPPORTED;
	if (!core_box_bytes(r, b, &row, &rows, &total) || total > size || total > INT32_MAX)
		return VIGIL_E_BACKING;
	if (r->target == GL_TEXTURE_1D_ARRAY) { /* layers are GL's y */
		y = z;
		h = d;
		z = 0;
		d = 1;
	}
	glPixelStorei(GL_PACK_ALIGNMENT, 1);
	glPixelStorei(GL_PACK_ROW_LENGTH, 0);
	glPixelStorei(GL_PACK_IMAGE_HEIGHT, 0);
	glPixelStorei(GL_PACK_SKIP_PIXELS, 0);
	glPixelStorei(GL_PACK_SKIP_ROWS, 0);
	glPixelStorei(GL_PACK_SKIP_IMAGES, 0);
	glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
	if (r->fmt->flags & CORE_FMT_COMPRESSED)
		glGetCompressedTextureSubImage(r->id, (GLint)level, x, y, z, w, h, d, (GLsizei)total, data);
	else
		glGetTextureSubImage(r->id, (GLint)level, x, y, z, w, h, d, r->fmt->format, r->fmt->type,
				     (GLsizei)total, data);
	return core_gl_check(ctx);
}
