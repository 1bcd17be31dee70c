"""cases_more.py: the second half of the security corpus (see cases.py for the conventions):
R5 missing objects and invalid pipeline state, R6 enums and formats used as table indices,
R7 lifetime (destroy while bound, use after unref, teardown with live objects), R8 the in-table
info-leak inputs (the readback sweep is infoleak.py), R9 leaks and unbounded work (quotas,
re-creation, huge slice counts; the 10^5-cycle soak is soak.py). Importing it appends to
cases.CASES.
"""
from cases import CASES, R, V, FB, RC2, TEX, CUSTOM, VBUF, SOBUF, F32
from seclib import (REJ, OK, DROP, EXIT_SETUP, EXIT_REJECTED, cmd, sub, res, buf, submit, msg, raw, blend, rasterizer, dsa, shader,
                    ve, sampler_view, sampler_state, surface, query, so_target, destroy, blit,
                    draw, clear, VS_TEXT, FS_TEXT)
import seclib as s
import struct

A = CASES.append
TEX2 = res(2)
BOX = (0, 0, 0, 16, 16, 1)
SV = "CREATE_OBJECT(SAMPLER_VIEW)"


def fb(zsurf, *cbufs):
    return cmd(s.SET_FRAMEBUFFER_STATE, len(cbufs), zsurf, *cbufs)


# ---------------------------------------------------------------- R5 missing objects, bad state
A(REJ("fb_unknown_colour_surface", "R5", "CVE-2017-5937", [submit(sub(), fb(0, 99), s.clear())],
      R(FB, "cbufs[].cbuf", "UNKNOWN_HANDLE")))
A(REJ("fb_sampler_view_as_surface", "R5", "CVE-2017-5937", [TEX, submit(sub(), sampler_view(20, 1), fb(0, 20))],
      R(FB, "cbufs[].cbuf", "WRONG_KIND")))
A(REJ("fb_unknown_depth_surface", "R5", "", [submit(sub(), fb(98))], R(FB, "zsurf", "UNKNOWN_HANDLE")))
# CLEAR before any SET_FRAMEBUFFER_STATE: nothing to clear, so it is accepted (the core once
# answered STATE here and ended the client).
A(OK("clear_all_without_framebuffer", "R5", "CVE-2017-5937", [submit(sub(), clear(0x3ff))]))
A(OK("clear_in_sub_ctx_0_without_framebuffer", "R5", "CVE-2017-5937", [submit(clear(0x4))]))
A(OK("clear_after_eight_unbound_cbufs", "R5", "CVE-2017-5937", [submit(sub(), fb(0, *[0] * 8), clear(0x3ff))]))
A(OK("clear_with_one_real_surface", "R5", "", [TEX, submit(sub(), surface(20, 1), fb(0, 0, 20, 0), clear(0x3ff))]))
A(OK("draw_without_any_shader", "R5", "", [submit(sub(), draw(), draw(6, 5))]))
A(OK("draw_with_fs_only", "R5", "", [submit(sub(), shader(31, 1, FS_TEXT), cmd(s.BIND_SHADER, 31, 1), draw(), draw())]))
A(REJ("launch_grid_without_cs", "R5", "CVE-2020-8002", [submit(sub(), cmd(s.LAUNCH_GRID, 1, 1, 1, 1, 1, 1, 0, 0))],
      R("LAUNCH_GRID", "", "STATE"), why="no BIND_SHADER of a compute shader in this sub-context"))
A(REJ("get_query_result_bogus_handle", "R5", "", [submit(sub(), cmd(s.GET_QUERY_RESULT, 77, 0))],
      R("GET_QUERY_RESULT", "handle", "UNKNOWN_HANDLE")))
A(REJ("begin_query_on_blend", "R5", "", [submit(sub(), blend(20), cmd(s.BEGIN_QUERY, 20))],
      R("BEGIN_QUERY", "handle", "WRONG_KIND")))
A(REJ("get_memory_info_bogus_handle", "R5", "", [submit(sub(), cmd(s.GET_MEMORY_INFO, 77))],
      R("GET_MEMORY_INFO", "", "UNSUPPORTED")))
A(REJ("destroy_sub_ctx_0", "R5", "CVE-2017-6210", [submit(sub(), cmd(s.DESTROY_SUB_CTX, 0))],
      R("DESTROY_SUB_CTX", "", "STATE")))
A(REJ("resource_width_0", "R5", "CVE-2019-18388", [res(1, w=0, data_size=0)], V(RC2, "width", "RANGE")))
A(REJ("resource_width_above_max_texture_size", "R5", "CVE-2019-18388", [res(1, w=16385, h=1, data_size=0)],
      V(RC2, "", "RANGE")))
A(REJ("resource_cube_w_ne_h", "R5", "CVE-2019-18388", [res(1, s.TEX_CUBE, w=16, h=8, array_size=6, data_size=0)],
      V(RC2, "vtest_resource_create", "RANGE")))
A(REJ("resource_cube_array_size_0", "R5", "", [res(1, s.TEX_CUBE, array_size=0, data_size=0)],
      V(RC2, "vtest_resource_create", "RANGE")))
A(REJ("resource_cube_array_size_1", "R5", "", [res(1, s.TEX_CUBE, array_size=1, data_size=0)],
      V(RC2, "vtest_resource_create", "RELATION")))
A(REJ("vertex_buffer_custom_bind", "R5", "", [CUSTOM, submit(sub(), cmd(s.SET_VERTEX_BUFFERS, 16, 0, 2))],
      R("SET_VERTEX_BUFFERS", "buffers[].res", "BIND"), why="#494"))
A(REJ("index_buffer_custom_bind", "R5", "", [CUSTOM, submit(sub(), cmd(s.SET_INDEX_BUFFER, 2, 2, 0))],
      R("SET_INDEX_BUFFER", "res", "BIND"), why="#494"))
A(REJ("uniform_buffer_custom_bind", "R5", "", [CUSTOM, submit(sub(), cmd(s.SET_UNIFORM_BUFFER, 0, 0, 0, 16, 2))],
      R("SET_UNIFORM_BUFFER", "res", "BIND"), why="#494"))
A(REJ("so_target_custom_bind", "R5", "", [CUSTOM, submit(sub(), so_target(20, 2, 0, 16))],
      R("CREATE_OBJECT(STREAMOUT_TARGET)", "res", "BIND"), why="#494"))
A(REJ("bind_object_sampler_view_type", "R5", "", [submit(sub(), cmd(s.BIND_OBJECT, 0, obj=s.O_SAMPLER_VIEW))],
      R("BIND_OBJECT(SAMPLER_VIEW)", "", "ENUM")))
A(REJ("bind_blend_slot_with_rasterizer", "R5", "", [submit(sub(), rasterizer(20), cmd(s.BIND_OBJECT, 20, obj=s.O_BLEND))],
      R("BIND_OBJECT(BLEND)", "handle", "WRONG_KIND")))
# Bind flags are hints, not permissions (virglrenderer accepts such surfaces; Mesa makes them for
# glGetTexImage blits): the surface is accepted and a clear through it is harmless, also when GL
# cannot render to the format at all (compressed: the host framebuffer is incomplete). CUSTOM
# buffers have no GL object and stay refused.
A(OK("surface_on_sampler_only_texture", "R5", "", [res(1, bind=s.B_SV), submit(sub(), surface(20, 1), fb(0, 20),
      s.clear(0x4))]))
A(OK("surface_on_compressed_texture_then_clear", "R5", "", [res(1, fmt=s.DXT1, bind=s.B_SV, data_size=128),
      submit(sub(), surface(20, 1, fmt=s.DXT1), fb(0, 20), s.clear(0x4))]))
A(REJ("surface_on_custom_buffer", "R5", "", [CUSTOM, submit(sub(), surface(20, 2, fmt=s.R8))],
      R("CREATE_OBJECT(SURFACE)", "res", "BIND")))

# ---------------------------------------------------------------- R6 enums and formats
BL = "BLIT"
A(REJ("blit_src_format_0", "R6", "CVE-2019-18390", [TEX, TEX2, submit(sub(), blit(2, 1, BOX, BOX, sfmt=0))],
      R(BL, "src_format", "ENUM")))
A(REJ("blit_dst_format_322", "R6", "CVE-2019-18390", [TEX, TEX2, submit(sub(), blit(2, 1, BOX, BOX, dfmt=322))],
      R(BL, "dst_format", "ENUM")))
A(REJ("blit_src_format_ffffffff", "R6", "CVE-2019-18390", [TEX, TEX2, submit(sub(), blit(2, 1, BOX, BOX, sfmt=0xffffffff))],
      R(BL, "src_format", "ENUM")))
A(REJ("blit_dst_format_gap_73", "R6", "CVE-2019-18390", [TEX, TEX2, submit(sub(), blit(2, 1, BOX, BOX, dfmt=73))],
      R(BL, "dst_format", "ENUM")))
A(REJ("blit_mask_0x40", "R6", "", [TEX, TEX2, submit(sub(), blit(2, 1, BOX, BOX, mask=0x40))], R(BL, "s0.mask", "ENUM")))
A(REJ("sampler_view_swizzle_6", "R6", "", [TEX, submit(sub(), sampler_view(20, 1, swizzle=6))],
      R(SV, "swizzle.swizzle_r", "ENUM")))
A(REJ("sampler_view_swizzle_a_7", "R6", "", [TEX, submit(sub(), sampler_view(20, 1, swizzle=s.SWZ_ID & 0x1ff | 7 << 9))],
      R(SV, "swizzle.swizzle_a", "ENUM")))
A(REJ("sampler_view_target_9", "R6", "", [TEX, submit(sub(), sampler_view(20, 1, target=9))],
      R(SV, "fmt_target.target", "ENUM")))
A(REJ("sampler_view_format_gap_86", "R6", "", [TEX, submit(sub(), sampler_view(20, 1, fmt=86))],
      R(SV, "fmt_target.format", "ENUM")))
A(REJ("rasterizer_fill_front_3", "R6", "", [submit(sub(), rasterizer(20, s0=3 << 10))],
      R("CREATE_OBJECT(RASTERIZER)", "s0.fill_front", "ENUM")))
A(REJ("sampler_state_mip_filter_3", "R6", "", [submit(sub(), sampler_state(20, s0=3 << 11))],
      R("CREATE_OBJECT(SAMPLER_STATE)", "s0.min_mip_filter", "ENUM")))
A(REJ("blend_func_5", "R6", "", [submit(sub(), cmd(s.CREATE_OBJECT, 20, 0, 0, 5 << 1, *[0] * 7, obj=s.O_BLEND))],
      R("CREATE_OBJECT(BLEND)", "rt[].rt_state.rgb_func", "ENUM")))
A(REJ("blend_factor_gap_0xb", "R6", "", [submit(sub(), cmd(s.CREATE_OBJECT, 20, 0, 0, 0xb << 4, *[0] * 7, obj=s.O_BLEND))],
      R("CREATE_OBJECT(BLEND)", "rt[].rt_state.rgb_src_factor", "ENUM")))
A(REJ("query_type_ffff", "R6", "", [CUSTOM, submit(sub(), query(20, 2, qtype=0xffff))],
      R("CREATE_OBJECT(QUERY)", "type_index.query_type", "ENUM")))
A(REJ("draw_mode_15", "R6", "", [submit(sub(), draw(3, 15))], R("DRAW_VBO", "mode", "ENUM")))
A(REJ("resource_target_9", "R6", "", [res(1, target=9)], V(RC2, "target", "ENUM")))
A(REJ("resource_format_gap_73", "R6", "", [res(1, fmt=73)], V(RC2, "format", "ENUM")))
A(REJ("resource_format_322", "R6", "", [res(1, fmt=322)], V(RC2, "format", "ENUM")))
A(REJ("resource_bind_undefined_bit_4", "R6", "", [res(1, bind=s.B_SV | 4)], V(RC2, "bind", "ENUM")))
A(REJ("clear_buffers_bit_10", "R6", "", [submit(sub(), clear(0x400))], R("CLEAR", "buffers", "ENUM")))
A(REJ("surface_format_gap_81", "R6", "", [TEX, submit(sub(), surface(20, 1, fmt=81))],
      R("CREATE_OBJECT(SURFACE)", "format", "ENUM")))

# ---------------------------------------------------------------- R7 lifetime
UNREF1 = msg(3, [1])
A(OK("unref_texture_bound_as_sampler_view_then_draw", "R7", "",
     [TEX, submit(sub(), sampler_view(20, 1), cmd(s.SET_SAMPLER_VIEWS, 1, 0, 20)), UNREF1, submit(cmd(s.SET_SUB_CTX, 1), draw())]))
A(OK("unref_texture_bound_as_surface_then_clear", "R7", "",
     [TEX, submit(sub(), surface(20, 1), fb(0, 20)), UNREF1, submit(cmd(s.SET_SUB_CTX, 1), clear(0x3ff), draw())]))
A(OK("destroy_surface_while_bound_then_clear", "R7", "",
     [TEX, submit(sub(), surface(20, 1), fb(0, 20), s.destroy(s.O_SURFACE, 20), clear(0x3ff))]))
A(OK("unref_so_buffer_bound_then_draw", "R7", "",
     [SOBUF, submit(sub(), so_target(20, 4, 0, 64), cmd(s.SET_STREAMOUT_TARGETS, 0, 20)), msg(3, [4]),
      submit(cmd(s.SET_SUB_CTX, 1), draw())]))
A(OK("unref_vertex_buffer_bound_then_draw", "R7", "",
     [VBUF, submit(sub(), cmd(s.SET_VERTEX_BUFFERS, 16, 0, 3), ve(10, [(0, 0, 0, F32)]),
                   cmd(s.BIND_OBJECT, 10, obj=s.O_VE)), msg(3, [3]), submit(cmd(s.SET_SUB_CTX, 1), draw())]))
A(OK("destroy_shader_while_bound_then_draw", "R7", "",
     [submit(sub(), shader(30, 0, VS_TEXT), shader(31, 1, FS_TEXT), cmd(s.BIND_SHADER, 30, 0),
             cmd(s.BIND_SHADER, 31, 1), destroy(s.O_SHADER, 30), destroy(s.O_SHADER, 31), draw())]))
A(OK("unref_twice_is_ignored", "R7", "", [TEX, UNREF1, UNREF1, msg(3, [12345])]))
A(OK("destroy_current_sub_ctx_falls_back_to_0", "R7", "",
     [submit(sub(), blend(20), cmd(s.DESTROY_SUB_CTX, 1), blend(20), cmd(s.BIND_OBJECT, 20, obj=s.O_BLEND))]))
A(OK("disconnect_with_everything_live", "R7", "",
     [TEX, res(6, s.TEX_2D, s.Z24S8, s.B_DS, data_size=0), CUSTOM, VBUF, SOBUF,
      submit(sub(), surface(20, 1), surface(21, 6, fmt=s.Z24S8), fb(21, 20), sampler_view(22, 1),
             sampler_state(23), blend(24), dsa(25), rasterizer(26), ve(27, [(0, 0, 0, F32)]),
             shader(28, 0, VS_TEXT), query(29, 2), so_target(30, 4), cmd(s.CREATE_SUB_CTX, 2),
             cmd(s.SET_SUB_CTX, 2), blend(24))], why="#513: teardown with unclaimed objects"))
A(REJ("destroy_object_twice", "R7", "", [submit(sub(), blend(20), destroy(s.O_BLEND, 20), destroy(s.O_BLEND, 20))],
      R("DESTROY_OBJECT(BLEND)", "handle", "UNKNOWN_HANDLE")))
A(REJ("destroy_object_wrong_kind", "R7", "", [submit(sub(), blend(20), destroy(s.O_DSA, 20))],
      R("DESTROY_OBJECT(DSA)", "handle", "WRONG_KIND")))
A(REJ("stale_object_after_sub_ctx_destroy", "R7", "",
      [submit(sub(), blend(20), cmd(s.SET_SUB_CTX, 0), cmd(s.DESTROY_SUB_CTX, 1), sub(),
              cmd(s.BIND_OBJECT, 20, obj=s.O_BLEND))], R("BIND_OBJECT(BLEND)", "handle", "UNKNOWN_HANDLE")))
A(REJ("blit_after_unref", "R7", "", [TEX, TEX2, UNREF1, submit(sub(), blit(2, 1, BOX, BOX))],
      R(BL, "src_res", "UNKNOWN_HANDLE")))
A(REJ("sampler_view_after_unref", "R7", "", [TEX, UNREF1, submit(sub(), sampler_view(20, 1))],
      R(SV, "res", "UNKNOWN_HANDLE")))
A(REJ("transfer_get2_after_unref", "R7", "", [TEX, UNREF1, msg(13, [1, 0, 0, 0, 0, 1, 1, 1, 4, 0])],
      V("TRANSFER_GET2", "handle", "UNKNOWN_HANDLE")))
# CVE-2020-8003 needs a texture allocation that fails: 16384^2 RGBA32F (4 GiB) is refused by the
# 1 GiB resource quota before anything is allocated, so no error path can free twice.
A(REJ("resource_alloc_failure_16384_rgba32f", "R7", "CVE-2020-8003",
      [res(1, w=16384, h=16384, fmt=F32, data_size=0)], V(RC2, "vtest_resource_create", "RANGE")))

# ---------------------------------------------------------------- R2 in-stream transfers
# TRANSFER3D exists only when the server advertises VIRGL_CAP_TRANSFER (--encoded-transfers);
# these run in their own server (meson test cases_R2_encoded_transfers).


def t3d(res_id, box, offset=0, direction=1, level=0, stride=0, layer_stride=0):
    return cmd(s.TRANSFER3D, res_id, level, 0, stride, layer_stride, *box, offset, direction)


T3 = "TRANSFER3D"
for name, cve, steps, expect in [
    ("t3d_w_negative", "CVE-2019-18389", [TEX, submit(sub(), t3d(1, (0, 0, 0, 0xffffffff, 1, 1)))], R(T3, "", "BOX")),
    ("t3d_y_plus_h_wraps", "", [TEX, submit(sub(), t3d(1, (0, 0xfffffff0, 0, 1, 0x20, 1)))], R(T3, "", "BOX")),
    ("t3d_offset_past_backing", "CVE-2019-18391", [TEX, submit(sub(), t3d(1, (0, 0, 0, 16, 16, 1), offset=4))],
     R(T3, "", "BACKING")),
    ("t3d_offset_uint32_max", "", [TEX, submit(sub(), t3d(1, (0, 0, 0, 1, 1, 1), offset=0xffffffff))], R(T3, "", "BACKING")),
    ("t3d_depth_4_on_3_layers", "CVE-2022-0135", [res(1, s.TEX_2D_ARRAY, array_size=3),
                                                   submit(sub(), t3d(1, (0, 0, 0, 16, 16, 4)))], R(T3, "", "BOX")),
    ("t3d_msaa_array_depth_3", "CVE-2022-0135", [res(1, s.TEX_2D_ARRAY, array_size=3, samples=2, data_size=0),
                                                  submit(sub(), t3d(1, (0, 0, 0, 16, 16, 3)))], R(T3, "", "BACKING")),
    ("t3d_stride_below_row", "", [TEX, submit(sub(), t3d(1, (0, 0, 0, 16, 2, 1), stride=60))], R(T3, "", "BOX")),
    ("t3d_level_past_last", "", [TEX, submit(sub(), t3d(1, (0, 0, 0, 1, 1, 1), level=1))], R(T3, "", "BOX")),
    ("t3d_direction_3", "", [TEX, submit(sub(), t3d(1, (0, 0, 0, 1, 1, 1), direction=3))], R(T3, "direction", "ENUM")),
    ("t3d_len_14", "", [TEX, submit(sub(), [s.hdr(s.TRANSFER3D, 0, 14)] + t3d(1, (0, 0, 0, 1, 1, 1))[1:] + [0])],
     R(T3, "", "TRAILING")),
    ("end_transfers_1024_dwords", "", [submit(cmd(44, *[0] * 1024))], R("END_TRANSFERS", "padding", "COUNT")),
]:
    A(REJ(name, "R2", cve, steps, expect, encoded=True))
A(OK("t3d_full_level_put_and_get", "R2", "", [TEX, submit(sub(), t3d(1, (0, 0, 0, 16, 16, 1)),
                                                           t3d(1, (0, 0, 0, 16, 16, 1), direction=2))], encoded=True))

# ---------------------------------------------------------------- R8 info leak (see infoleak.py)
A(REJ("get_memory_info_into_custom", "R8", "", [buf(2, 24, s.B_CUSTOM), submit(sub(), cmd(s.GET_MEMORY_INFO, 2))],
      R("GET_MEMORY_INFO", "", "UNSUPPORTED"), why="MEMINFO is not advertised"))

# ---------------------------------------------------------------- R9 leaks and unbounded work
A(REJ("create_renderer_twice", "R9", "CVE-2016-10163", [raw(struct.pack("<2I", 6, 8) + b"again\0")],
      V("CREATE_RENDERER", "", "STATE")))
A(REJ("resource_create2_duplicate_id", "R9", "CVE-2016-10214", [buf(1, 64), buf(1, 64)], V(RC2, "", "STATE")))
A(REJ("resource_create2_duplicate_texture_id", "R9", "CVE-2016-10214", [TEX, res(1, data_size=0)], V(RC2, "", "STATE")))
A(OK("create_sub_ctx_same_id_twice", "R9", "CVE-2016-10163", [submit(sub(1), sub(1), sub(1), blend(1))]))
A(OK("blits_2000_in_one_submit", "R9", "CVE-2017-5993",
     [TEX, TEX2, submit(sub(), *[blit(2, 1, BOX, BOX)] * 2000)]))
A(REJ("blit_2g_slices", "R9", "", [TEX, TEX2, submit(sub(), blit(2, 1, (0, 0, 0, 16, 16, 0x7fffffff), (0, 0, 0, 16, 16, 0x7fffffff)))],
      R(BL, "", "BOX"), why="#488"))
A(REJ("copy_region_2g_slices", "R9", "", [TEX, TEX2, submit(sub(), cmd(s.RESOURCE_COPY_REGION, 2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 16, 16, 0x7fffffff))],
      R("RESOURCE_COPY_REGION", "", "BOX"), why="#488"))
A(OK("failing_links_5000", "R9", "CVE-2017-6317",
     # parses, but the interfaces disagree (VS writes GENERIC[9], FS reads GENERIC[3])
     [submit(sub(), shader(30, 0, "VERT\nDCL IN[0]\nDCL OUT[0], GENERIC[9]\n  0: MOV OUT[0], IN[0]\n  1: END\n\0"),
             shader(31, 1, "FRAG\nDCL IN[0], GENERIC[3], PERSPECTIVE\nDCL OUT[0], COLOR\n"
                    "  0: MOV OUT[0], IN[0]\n  1: END\n\0"),
             *[cmd(s.LINK_SHADER, 30, 31, 0, 0, 0, 0)] * 5000)]))
A(REJ("link_shader_unknown_handle", "R9", "CVE-2017-6317", [submit(sub(), cmd(s.LINK_SHADER, 30, 31, 0, 0, 0, 0))],
      R("LINK_SHADER", "vs", "UNKNOWN_HANDLE")))
A(REJ("invalid_vertex_elements_format_0", "R9", "CVE-2017-6386", [submit(sub(), ve(10, [(0, 0, 0, 0)]))],
      R("CREATE_OBJECT(VERTEX_ELEMENTS)", "elements[].src_format", "ENUM")))
DSA_BATCH = 40000  # 40000 DSA objects = 240000 dwords, under the 262144-dword submit cap
# MAX_OBJECTS per sub-context: the 65537th live object is EXHAUSTED, a guest quota, which poisons
# the context like a violation (SECURITY.md): vigil-server ends the client as rejected.
A(DROP("object_quota_65537", "R9", "", [submit(sub(), *[dsa(i) for i in range(1, DSA_BATCH + 1)]),
                                         submit(*[dsa(i) for i in range(DSA_BATCH + 1, 65537)]),
                                         submit(dsa(65537))],
       r"message \[len 6, id 6\] rejected: CREATE_OBJECT\(DSA\).*EXHAUSTED", EXIT_REJECTED))
A(REJ("submit_over_cap", "R9", "", [msg(6, [], 262145)], V("SUBMIT_CMD", "", "LENGTH")))
A(REJ("renderer_name_over_1k", "R9", "", [raw(struct.pack("<2I", 1025, 8))], V("CREATE_RENDERER", "", "LENGTH"),
      handshake=False))
# Sub-context quota: MAX_SUB_CTX (64) live sub-contexts including 0, one value shared by the
# validator and the core (which once stopped at its own, smaller limit with exit 4). Ids are
# not bounded: 63 live ones with large ids are fine, the 64th is EXHAUSTED.
A(OK("sub_ctx_63_live", "R9", "", [submit(*[cmd(s.CREATE_SUB_CTX, 1000 + i) for i in range(1, 64)])]))
A(DROP("sub_ctx_quota_64th", "R9", "", [submit(*[cmd(s.CREATE_SUB_CTX, i) for i in range(1, 64)]),
                                         submit(cmd(s.CREATE_SUB_CTX, 64))],
       r"message \[len 2, id 6\] rejected: CREATE_SUB_CTX.*EXHAUSTED", EXIT_REJECTED))
