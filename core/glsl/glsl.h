/*
 * glsl.h: GLSL emission from the validated shader IR (validator/tgsi/tgsi_ir.h), for desktop GL
 * (core profile) and GLES (3.x). This is the contract between the emitter (core/glsl/) and the
 * pipeline code that links programs and binds state (core/pipeline/).
 *
 * Trust: the IR passed the parser or vigil_tgsi_wire_decode, so its invariants hold (counts,
 * enum ranges, declared direct indices). The emitter still never indexes a host array with an
 * IR value without a bound, and clamps every indirect register access in the generated code
 * (a guest cannot read or write outside a declared array at run time). Output is plain text
 * owned by the caller; the emitter has no global state.
 *
 * Naming contract (the pipeline relies on these names; <p> is the stage prefix "vs", "fs",
 * "gs", "tcs", "tes" or "cs"):
 *   - default constant buffer CONST[0] / CONST[0][i]: `uniform uvec4 <p>_c0[N];` with N =
 *     info.const0_vec4s (0: not declared). Uploaded with glUniform4uiv from SET_CONSTANT_BUFFER.
 *   - uniform buffer b >= 1 (CONST[b][i]): `layout(std140) uniform <p>_ubo<b> { uvec4
 *     <p>_ubo<b>_d[N]; };` the block is named "<p>_ubo<b>"; info.ubo_mask bit b set.
 *   - sampler n (SAMP[n] with SVIEW[n]): `uniform <type> <p>_samp<n>;`, info.sampler_mask bit n;
 *     the pipeline assigns texture units after linking.
 *   - shader buffer n: `layout(std430, binding = n) buffer <p>_ssbo<n> { uint <p>_ssbo<n>_d[]; };`
 *     (info.ssbo_mask); image n: `layout(<format>, binding = n) uniform <type> <p>_img<n>;`
 *     (info.image_mask); atomic counter HWATOMIC[b][i]: `layout(binding = b, offset = 4 * i)
 *     uniform atomic_uint <p>_ac<b>_<i>;` (info.atomic_mask bit b). GLES cannot re-bind
 *     these in the API, so the bindings are the TGSI indices; on GL the pipeline may remap
 *     them (glShaderStorageBlockBinding, glUniform1i on the image).
 *   - VS input n: `layout(location = n) in <vec4|ivec4|uvec4> vs_in<n>;` (type from
 *     opts.attr_type[n]); info.vs_inputs_mask bit n.
 *   - FS output COLOR[n]: `layout(location = n) out <vec4|ivec4|uvec4> fs_out<n>;` (type from
 *     opts.cbuf_type[n]); with FS_COLOR0_WRITES_ALL_CBUFS, COLOR[0] is written to outputs
 *     0..opts.nr_cbufs-1. With opts.dual_src_blend, COLOR[1] (the second source of colour 0) is
 *     `layout(location = 0, index = 1) out ... fs_out1;`.
 *   - stream output entry k: `flat out uint|uvecN <p>_so<k>;` (bit-exact copies of the
 *     captured components); info.so_varyings lists them for glTransformFeedbackVaryings.
 *   - varyings between stages carry the producing stage and the semantic in their name
 *     ("vs_out_generic_12", "gs_out_color_0"), so separately emitted stages of one program match
 *     by name; a consumer takes the producer from opts.prev (NULL: the VS). Interpolation
 *     qualifiers of an output are taken from the consumer stage (opts.next), as GLSL 3.30 /
 *     ES 3.00 require them to match; opts.flatshade must be set alike on the FS and the stage
 *     feeding it. An FS input the previous stage does not write reads (0, 0, 0, 1).
 *   - emulation uniforms, present only when info says so:
 *       `uniform float vigil_winsys_y;` (info.uses_winsys_y): the last vertex-processing stage
 *       multiplies gl_Position.y by it; the pipeline sets -1.0 when the viewport's y scale is
 *       negative (a flipped window-system target), else 1.0.
 *       `uniform float vigil_fb_height;` (info.uses_fb_height): FS, FS_COORD_ORIGIN and
 *       gl_FragCoord conversions, polygon stipple rows. The framebuffer height H, positive when
 *       the host image has GL's bottom-up rows (upper-left y = H - gl_FragCoord.y), negated when
 *       the pipeline renders flipped (vigil_winsys_y = -1; upper-left y = gl_FragCoord.y).
 *       On GLES the FS_COORD_ORIGIN / FS_COORD_PIXEL_CENTER properties are ignored (upper-left,
 *       half-integer): the caps never advertise them there, and Mesa's guest then transforms
 *       the position itself while leaving the GL-side properties declared.
 *       `uniform vec4 vigil_clip_plane[8];` (info.uses_clip_planes): user clip planes from
 *       SET_CLIP_STATE written to gl_ClipDistance for planes in opts.clip_plane_enable.
 *       `uniform uint vigil_stipple[32];` (info.uses_stipple): FS polygon stipple, the
 *       fragment at window x and upper-left y is kept when bit (31 - x % 32) of row y % 32 is
 *       set (as PIPE_SET_POLYGON_STIPPLE's words).
 *       `uniform float vigil_alpha_ref;` (info.uses_alpha_ref): FS alpha test, opts.alpha_func.
 *   - sprite coordinates (opts.sprite_coord_enable) assume the host's point sprite origin is
 *     GL's default, GL_UPPER_LEFT.
 *
 * Semantics: TGSI registers are untyped; temporaries, outputs and constants are uvec4 in the
 * GLSL and every operand is bit-cast to its opcode's type, so integer and NaN bit patterns
 * survive. Results GLSL leaves undefined are pinned (tests/glsl/test_glsl_exec.c checks them):
 * UDIV/UMOD by zero = 0xffffffff (Gallium); IDIV and MOD by zero = -1, INT_MIN / -1 = INT_MIN,
 * MOD takes the dividend's sign (the 64-bit divisions alike); shift counts are masked to 5 bits
 * (6 for 64-bit shifts); IBFE/UBFE/BFI clamp offset
 * and bits to 32 and offset + bits to 32 (bits = 0 gives 0); LSB/UMSB/IMSB return -1 when no
 * bit qualifies. Indirect reads and writes of TEMP/OUT/IN arrays, CONST, IMM, GS/TCS/TES
 * input vertices, sampler indices and uniform buffer indices are clamped to the declared range
 * (samplers and uniform buffers keep their own names: the clamped index selects among them);
 * indirect IN/OUT registers without an array, and indirect buffers, images and atomic
 * counters, select among the declared ones (an index naming none reads 0 and writes nothing);
 * SSBO and shared-memory accesses past the end read 0 and drop writes and atomics. A TCS
 * writes per-vertex outputs at gl_InvocationID (the only vertex GLSL lets it write).
 */
#ifndef VIGIL_GLSL_H
#define VIGIL_GLSL_H

#include <stdbool.h>
#include <stdint.h>

#include "tgsi_ir.h"
#include "vigil_status.h"

enum vigil_glsl_type { VIGIL_GLSL_FLOAT, VIGIL_GLSL_INT, VIGIL_GLSL_UINT };

/* Everything outside the IR that changes the emitted text: the pipeline keys its program cache
 * on the options of every stage (so keep this struct free of pointers except prev/next, which
 * the key replaces by the shader handles). */
/* GLES extensions the emitter may require (vigil_glsl_opts.es_ext); without one, what needs it
 * is refused as on any GLES host. */
#define VIGIL_GLSL_ES_VIEWPORT_ARRAY 1u /* GL_OES_viewport_array: gl_ViewportIndex */
#define VIGIL_GLSL_ES_CLIP_CULL 2u      /* GL_EXT_clip_cull_distance: gl_Clip/CullDistance */
#define VIGIL_GLSL_ES_BLEND_FUNC_EXTENDED 4u /* GL_EXT_blend_func_extended: output index 1 */
#define VIGIL_GLSL_MAX_IMAGE_FMTS 8u    /* images whose format the options can supply */

struct vigil_glsl_opts {
	bool gles;                /* GLES dialect ("#version 3x0 es", precision qualifiers) */
	uint32_t version;         /* GLSL version to emit: 330..450 (GL) or 300..320 (GLES) */
	const struct vigil_tgsi_shader *prev; /* previous stage of the program, NULL if none */
	const struct vigil_tgsi_shader *next; /* next stage of the program, NULL if none (FS) */
	uint8_t es_ext;           /* GLES: the VIGIL_GLSL_ES_* extensions the host has */
	/* vertex shader */
	uint8_t attr_type[32];    /* enum vigil_glsl_type of each vertex input */
	/* last vertex-processing stage */
	uint8_t clip_plane_enable; /* rasterizer clip_plane_enable bits */
	bool so_active;           /* stream output captures this stage (no winsys y flip then) */
	/* fragment shader */
	bool flatshade;           /* rasterizer: COLOR-interpolated inputs become flat */
	bool poly_stipple;        /* rasterizer poly_stipple_enable */
	uint8_t alpha_func;       /* DSA alpha test: PIPE_FUNC_* + 1, 0 = disabled */
	uint8_t nr_cbufs;         /* bound color buffers (FS_COLOR0_WRITES_ALL_CBUFS) */
	uint8_t cbuf_type[8];     /* enum vigil_glsl_type of each color buffer's format */
	bool dual_src_blend;      /* blend state uses SRC1: COLOR[1] becomes location 0 index 1 */
	uint8_t sprite_coord_enable; /* rasterizer: TEXCOORD/GENERIC inputs replaced by gl_PointCoord */
	bool sprite_coord_upper_left;
	/* GLES: for IMAGE[n] declared without a format, the bound view's (an index into
	 * vigil_tgsi_image_formats, 0 = none bound): GLSL ES needs a format on every image */
	uint8_t image_fmt[VIGIL_GLSL_MAX_IMAGE_FMTS];
	/* any stage: the channel mapping of the view sampled through shadow sampler n (the view's
	 * swizzle, e.g. Mesa's DEPTH_TEXTURE_MODE), 2 bits per channel x..w from bit 0: 0 = the
	 * comparison result, 1 = 0.0, 2 = 1.0 (GLSL's shadow lookups return one float, which no
	 * host texture swizzle reaches) */
	uint8_t shadow_swizzle[VIGIL_TGSI_MAX_SAMPLERS];
	/* compute shader */
	uint32_t shared_bytes;    /* the shader record's req_local_mem: size of MEMORY SHARED */
	/* stream output of this stage (VS, GS, TES), from the shader record */
	uint32_t so_count;
	struct {
		uint8_t register_index, start_component, num_components, output_buffer, stream;
		uint16_t dst_offset;
	} so[64];
	uint32_t so_stride[4];
};

struct vigil_glsl_info {
	uint32_t const0_vec4s;    /* size of <p>_c0, 0 if CONST[0] is not used */
	uint32_t ubo_mask;        /* CONST[b] blocks used, bit b (b >= 1) */
	uint32_t sampler_mask;
	uint32_t ssbo_mask, image_mask, atomic_mask;
	uint32_t vs_inputs_mask;
	uint8_t fs_outputs_mask;
	bool uses_winsys_y, uses_fb_height, uses_clip_planes, uses_stipple, uses_alpha_ref;
	bool writes_depth, writes_stencil, uses_discard;
	/* stream output: the names to pass to glTransformFeedbackVaryings
	 * (GL_INTERLEAVED_ATTRIBS), in capture order, with "gl_NextBuffer" and
	 * "gl_SkipComponentsN" entries where the layout needs them */
	uint32_t so_varying_count;
	char so_varyings[160][24];
};

/* Emits the GLSL text of one stage. On success *ret_text is a NUL-terminated malloc'd string
 * owned by the caller and *ret_info describes what the program must provide. Errors:
 * VIGIL_E_UNSUPPORTED for IR the emitter cannot express on this dialect/version (the caps must
 * not advertise what leads there), VIGIL_E_EXHAUSTED for allocation failure or output larger
 * than VIGIL_GLSL_MAX_TEXT. */
#define VIGIL_GLSL_MAX_TEXT (4u * 1024u * 1024u)
vigil_status vigil_glsl_emit(const struct vigil_tgsi_shader *sh, const struct vigil_glsl_opts *opts,
			     char **ret_text, struct vigil_glsl_info *ret_info);

/* vigil_glsl_emit that also names the first reason of a failure (a static string, for logs and
 * tests; *ret_why is written on failure only, and may be NULL). */
vigil_status vigil_glsl_emit_why(const struct vigil_tgsi_shader *sh, const struct vigil_glsl_opts *opts,
				 char **ret_text, struct vigil_glsl_info *ret_info, const char **ret_why);

/* The stage prefix of the naming contract ("vs", "fs", ...), for a processor value. */
const char *vigil_glsl_stage_prefix(unsigned processor);

#endif
