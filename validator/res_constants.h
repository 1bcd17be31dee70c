/*
 * res_constants.h: the few protocol constants the handle and resource modules need, under their
 * own names, so those modules build and test without the generated vigil_spec.h.
 *
 * Trust: none needed, these are compile-time constants copied from PROTOCOL.md 2.6 (texture
 * targets, VIRGL_BIND_* bits) and from the spec's limits. Guarantee: every .c file that uses them
 * includes "vigil_spec.h" when it exists and _Static_asserts that each value here equals the
 * generated macro (VIGIL_TEXTURE_TARGET_*, VIGIL_BIND_*, VIGIL_LIMIT_*), so the two can never
 * drift apart silently. The names are distinct from the generated ones on purpose: both headers
 * may be included in one translation unit.
 */
#ifndef VIGIL_RES_CONSTANTS_H
#define VIGIL_RES_CONSTANTS_H

/* Gallium pipe_texture_target (PROTOCOL.md 2.6). */
#define VIGIL_RES_TARGET_BUFFER 0u
#define VIGIL_RES_TARGET_1D 1u
#define VIGIL_RES_TARGET_2D 2u
#define VIGIL_RES_TARGET_3D 3u
#define VIGIL_RES_TARGET_CUBE 4u
#define VIGIL_RES_TARGET_RECT 5u
#define VIGIL_RES_TARGET_1D_ARRAY 6u
#define VIGIL_RES_TARGET_2D_ARRAY 7u
#define VIGIL_RES_TARGET_CUBE_ARRAY 8u
#define VIGIL_RES_TARGET_COUNT 9u

/* VIRGL_BIND_* as seen on the wire (PROTOCOL.md 2.6). */
#define VIGIL_RES_BIND_DEPTH_STENCIL 0x1u
#define VIGIL_RES_BIND_RENDER_TARGET 0x2u
#define VIGIL_RES_BIND_SAMPLER_VIEW 0x8u
#define VIGIL_RES_BIND_VERTEX_BUFFER 0x10u
#define VIGIL_RES_BIND_INDEX_BUFFER 0x20u
#define VIGIL_RES_BIND_CONSTANT_BUFFER 0x40u
#define VIGIL_RES_BIND_DISPLAY_TARGET 0x80u
#define VIGIL_RES_BIND_COMMAND_ARGS 0x100u
#define VIGIL_RES_BIND_STREAM_OUTPUT 0x800u
#define VIGIL_RES_BIND_SHADER_BUFFER 0x4000u
#define VIGIL_RES_BIND_QUERY_BUFFER 0x8000u
#define VIGIL_RES_BIND_CURSOR 0x10000u
#define VIGIL_RES_BIND_CUSTOM 0x20000u
#define VIGIL_RES_BIND_SCANOUT 0x40000u
#define VIGIL_RES_BIND_STAGING 0x80000u
#define VIGIL_RES_BIND_SHARED 0x100000u
#define VIGIL_RES_BIND_PREFER_EMULATED_BGRA 0x200000u
#define VIGIL_RES_BIND_LINEAR 0x400000u

/* Limits (the spec's VIGIL_LIMIT_*). */
#define VIGIL_RES_MAX_TEXTURE_SIZE 16384u
#define VIGIL_RES_MAX_TEXTURE_3D_SIZE 2048u
#define VIGIL_RES_MAX_TEXTURE_ARRAY_LAYERS 2048u
#define VIGIL_RES_MAX_TEXTURE_LEVELS 15u
#define VIGIL_RES_MAX_SAMPLES 32u
#define VIGIL_RES_MAX_RESOURCE_BYTES 1073741824u
#define VIGIL_RES_MAX_OBJECTS 65536u
#define VIGIL_RES_MAX_RESOURCES 65536u

#endif
