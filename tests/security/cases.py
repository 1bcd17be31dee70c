"""cases.py: the security regression corpus as data: one Case per malicious (or borderline)
vtest session, tagged with its bug class of /work/shared/SECURITY-CASES.md (R1..R9) and the CVE
it re-creates, with the exact outcome vigil must produce.

Expectations: `REJ(..., expect)` = the client is dropped with exit status REJECTED and its log
line reads "... rejected: <expect>" (COMMAND(OBJECT)@dword.field: STATUS, see
vigil_val_format_error); `OK(...)` = the input is accepted (or ignored, as the spec says) and the
client keeps being served; `DROP(..., line, status)` = another "disconnect:" line and exit
status. Each case's steps follow the Mesa handshake; the last step is the attack, everything
before it must be accepted (the runner checks that with a round trip). `bug=` marks a known
vigil bug: the expectation is the correct one, it fails today and is reported as KNOWN BUG; the
run fails once it passes, so the mark gets dropped. `encoded=True` cases need the server's
--encoded-transfers and run in their own test.
Inputs are derived from vigil's spec (spec/*.xml, build/spec/protocol.md), not from upstream.
R4 (TGSI text) cases assert the bounded TGSI parser's exact reject: its status and the detail
"TGSI line L col C: <reason>" (validator/rules_shader.c); accepted texts reach the core as IR.
"""
import re
import struct

from seclib import (REJ, OK, cmd, sub, res, buf, submit, msg, blend, shader, ve, surface, query,
                    so_target, inline_write, FS_TEXT, hdr)
import seclib as s


def R(command, field, status):
    """Reject text regex: COMMAND@<dword>[.field]: STATUS."""
    f = r"\." + re.escape(field) if field else r"(?:\.[^:]+)?"
    return r"%s@\d+%s: %s \(value" % (re.escape(command), f, status)


def V(command, field, status):
    """Reject text regex for a vtest message."""
    return "vtest " + R(command, field, status)


FB = "SET_FRAMEBUFFER_STATE"
VEO = "CREATE_OBJECT(VERTEX_ELEMENTS)"
SH = "CREATE_OBJECT(SHADER)"
IW = "RESOURCE_INLINE_WRITE"
RC2 = "RESOURCE_CREATE2"
TEX = res(1)                                  # 16x16 RGBA8, render target + sampler view
CUSTOM = buf(2, 64, s.B_CUSTOM)               # host-memory buffer (fences, queries)
VBUF = buf(3, 256, s.B_VB)
SOBUF = buf(4, 256, s.B_SO)
UBUF = buf(5, 256, s.B_CB)
F32 = s.R32G32B32A32F
EL = (0, 0, 0, F32)                           # one valid vertex element


def ve_n(n, vbi=0, fmt=F32):
    return ve(10, [(0, 0, vbi, fmt)] * n)


CASES = []
A = CASES.append

# ---------------------------------------------------------------- R1 counts and indices
A(REJ("fb_nr_cbufs_9", "R1", "CVE-2017-5957", [submit(sub(), cmd(s.SET_FRAMEBUFFER_STATE, 9, 0, *[0] * 9))],
      R(FB, "cbufs", "COUNT")))
A(REJ("fb_nr_cbufs_7fffffff", "R1", "CVE-2017-5957", [submit(sub(), cmd(s.SET_FRAMEBUFFER_STATE, 0x7fffffff, 0))],
      R(FB, "cbufs", "COUNT")))
A(REJ("fb_nr_cbufs_ffffffff", "R1", "CVE-2017-5957", [submit(sub(), cmd(s.SET_FRAMEBUFFER_STATE, 0xffffffff, 0))],
      R(FB, "cbufs", "COUNT")))
A(REJ("fb_nr_cbufs_1_len_2", "R1", "", [submit(sub(), cmd(s.SET_FRAMEBUFFER_STATE, 1, 0))],
      R(FB, "cbufs[].cbuf", "TRUNCATED")))
A(REJ("fb_nr_cbufs_2_len_5", "R1", "", [submit(sub(), cmd(s.SET_FRAMEBUFFER_STATE, 2, 0, 0, 0, 0))],
      R(FB, "", "TRAILING")))
A(REJ("ve_33_elements", "R1", "CVE-2017-5994", [submit(sub(), ve_n(33))], R(VEO, "elements", "COUNT")))
A(REJ("ve_vertex_buffer_index_32", "R1", "CVE-2017-5956", [submit(sub(), ve_n(1, vbi=32))],
      R(VEO, "elements[].vertex_buffer_index", "RANGE")))
A(REJ("ve_vertex_buffer_index_ffffffff", "R1", "CVE-2017-5956", [submit(sub(), ve_n(2, vbi=0xffffffff))],
      R(VEO, "elements[].vertex_buffer_index", "RANGE")))
A(REJ("viewport_start_16", "R1", "", [submit(sub(), cmd(s.SET_VIEWPORT_STATE, 16, *[0] * 6))],
      R("SET_VIEWPORT_STATE", "start_slot + count_viewports <= MAX_VIEWPORTS", "RELATION")))
A(REJ("viewport_17_from_0", "R1", "", [submit(sub(), cmd(s.SET_VIEWPORT_STATE, 0, *[0] * 6 * 17))],
      R("SET_VIEWPORT_STATE", "viewports", "COUNT")))
A(REJ("viewport_start_ffffffff", "R1", "", [submit(sub(), cmd(s.SET_VIEWPORT_STATE, 0xffffffff, *[0] * 6))],
      R("SET_VIEWPORT_STATE", "start_slot + count_viewports <= MAX_VIEWPORTS", "RELATION")))
A(REJ("scissor_start_15_count_2", "R1", "", [submit(sub(), cmd(s.SET_SCISSOR_STATE, 15, 0, 0, 0, 0))],
      R("SET_SCISSOR_STATE", "start_slot + count_scissors <= MAX_SCISSORS", "RELATION")))
A(REJ("sampler_views_start_128", "R1", "", [submit(sub(), cmd(s.SET_SAMPLER_VIEWS, 1, 128, 0))],
      R("SET_SAMPLER_VIEWS", "start_slot + count_views <= MAX_SAMPLER_VIEWS", "RELATION")))
A(REJ("sampler_views_129_from_0", "R1", "", [submit(sub(), cmd(s.SET_SAMPLER_VIEWS, 1, 0, *[0] * 129))],
      R("SET_SAMPLER_VIEWS", "views", "COUNT")))
A(REJ("sampler_views_stage_6", "R1", "", [submit(sub(), cmd(s.SET_SAMPLER_VIEWS, 6, 0, 0))],
      R("SET_SAMPLER_VIEWS", "stage", "ENUM")))
A(REJ("sampler_states_start_ffffffff", "R1", "", [submit(sub(), cmd(s.BIND_SAMPLER_STATES, 0, 0xffffffff, 0))],
      R("BIND_SAMPLER_STATES", "start_slot + count_states <= MAX_SAMPLERS", "RELATION")))
A(REJ("sampler_states_33_from_0", "R1", "", [submit(sub(), cmd(s.BIND_SAMPLER_STATES, 0, 0, *[0] * 33))],
      R("BIND_SAMPLER_STATES", "states", "COUNT")))
A(REJ("streamout_targets_17", "R1", "", [submit(sub(), cmd(s.SET_STREAMOUT_TARGETS, 0, *[0] * 17))],
      R("SET_STREAMOUT_TARGETS", "targets", "COUNT")))
A(REJ("uniform_buffer_index_32", "R1", "", [UBUF, submit(sub(), cmd(s.SET_UNIFORM_BUFFER, 0, 32, 0, 16, 5))],
      R("SET_UNIFORM_BUFFER", "index", "RANGE")))
A(REJ("vertex_buffers_33", "R1", "", [submit(sub(), cmd(s.SET_VERTEX_BUFFERS, *[0] * 99))],
      R("SET_VERTEX_BUFFERS", "buffers", "COUNT")))
A(REJ("constant_buffer_stage_ffffffff", "R1", "", [submit(sub(), cmd(s.SET_CONSTANT_BUFFER, 0xffffffff, 0, 0))],
      R("SET_CONSTANT_BUFFER", "stage", "ENUM")))
A(REJ("bind_shader_stage_6", "R1", "", [submit(sub(), cmd(s.BIND_SHADER, 0, 6))],
      R("BIND_SHADER", "type", "ENUM")))
A(REJ("set_sub_ctx_unknown_255", "R1", "", [submit(sub(), cmd(s.SET_SUB_CTX, 255))],
      R("SET_SUB_CTX", "", "UNKNOWN_HANDLE")))
# Sub-context ids are names looked up in a table, never indices: any id is accepted (the
# spec's rule says so; the quota counts live sub-contexts, not id values).
A(OK("create_sub_ctx_id_ffffffff", "R1", "", [submit(cmd(s.CREATE_SUB_CTX, 0xffffffff), cmd(s.SET_SUB_CTX, 0xffffffff),
                                                     blend(1), cmd(s.SET_SUB_CTX, 0))]))
A(REJ("surface_cube_layer_6", "R1", "", [res(1, s.TEX_CUBE, array_size=6), submit(sub(), surface(20, 1, layers=6 | 6 << 16))],
      R("CREATE_OBJECT(SURFACE)", "", "BOX")))
# Slot ranges of the SSBO / image / atomic commands: the features are off today (the core does
# not implement them), so the command itself is refused before any slot is looked at.
A(REJ("shader_buffers_start_32", "R1", "", [submit(sub(), cmd(s.SET_SHADER_BUFFERS, 0, 32, 0, 0, 0))],
      R("SET_SHADER_BUFFERS", "", "RELATION")))
A(REJ("shader_images_start_ffffffff", "R1", "", [submit(sub(), cmd(s.SET_SHADER_IMAGES, 0, 0xffffffff, 0, 0, 0, 0, 0))],
      R("SET_SHADER_IMAGES", "", "RELATION")))
A(REJ("atomic_buffers_33", "R1", "", [submit(sub(), cmd(s.SET_ATOMIC_BUFFERS, 0, *[0] * 99))],
      R("SET_ATOMIC_BUFFERS", "buffers", "COUNT")))

# ---------------------------------------------------------------- R2 transfers
BOX1 = (0, 0, 0, 1, 1, 1)
A(REJ("inline_write_w_negative", "R2", "CVE-2019-18389", [TEX, submit(sub(), inline_write(1, (0, 0, 0, 0xffffffff, 1, 1), [0]))],
      R(IW, "", "BOX")))
A(REJ("inline_write_h_negative", "R2", "CVE-2019-18389", [TEX, submit(sub(), inline_write(1, (0, 0, 0, 1, 0xfffffffe, 1), [0]))],
      R(IW, "", "BOX")))
A(REJ("inline_write_d_negative", "R2", "CVE-2019-18389", [TEX, submit(sub(), inline_write(1, (0, 0, 0, 1, 1, 0x80000000), [0]))],
      R(IW, "", "BOX")))
A(REJ("inline_write_x_plus_w_wraps_int32", "R2", "", [TEX, submit(sub(), inline_write(1, (0x7fffffff, 0, 0, 2, 1, 1), [0, 0]))],
      R(IW, "", "BOX")))
A(REJ("inline_write_short_payload", "R2", "CVE-2019-18391", [TEX, submit(sub(), inline_write(1, (0, 0, 0, 16, 16, 1), [0]))],
      R(IW, "", "BACKING")))
A(REJ("inline_write_level_past_last", "R2", "", [TEX, submit(sub(), inline_write(1, BOX1, [0], level=1))],
      R(IW, "", "BOX")))
A(REJ("inline_write_depth_2_on_2d", "R2", "", [TEX, submit(sub(), inline_write(1, (0, 0, 0, 1, 1, 2), [0, 0]))],
      R(IW, "", "BOX")))
A(REJ("inline_write_msaa_array_depth_3", "R2", "CVE-2022-0135",
      [res(1, s.TEX_2D_ARRAY, array_size=3, samples=2, data_size=0),
       submit(sub(), inline_write(1, (0, 0, 0, 1, 1, 3), [0] * 3))], R(IW, "", "BACKING"),
      why="the exact CVE input; a resource without backing (every MSAA one) takes no box writes"))
A(REJ("inline_write_msaa_array_depth_4", "R2", "CVE-2022-0135",
      [res(1, s.TEX_2D_ARRAY, array_size=3, samples=2, data_size=0),
       submit(sub(), inline_write(1, (0, 0, 0, 1, 1, 4), [0] * 4))], R(IW, "", "BOX")))
A(REJ("inline_write_stride_below_row", "R2", "", [TEX, submit(sub(), inline_write(1, (0, 0, 0, 16, 2, 1), [0] * 32, stride=4))],
      R(IW, "", "BOX"), why="a stride below the box's row is refused with the box (rule inline_write)"))
A(REJ("inline_write_layer_stride_below_layer", "R2", "",
      [res(1, s.TEX_2D_ARRAY, w=4, h=4, array_size=2),
       submit(sub(), inline_write(1, (0, 0, 0, 4, 4, 2), [0] * 32, layer_stride=16))], R(IW, "", "BOX")))
A(REJ("inline_write_dxt1_unaligned", "R2", "", [res(1, fmt=s.DXT1, bind=s.B_SV, data_size=128),
                                                  submit(sub(), inline_write(1, (1, 0, 0, 4, 4, 1), [0, 0]))],
      R(IW, "", "BOX")))
A(REJ("transfer_get2_offset_past_backing", "R2", "", [TEX, msg(13, [1, 0, 0, 0, 0, 1, 1, 1, 4, 1024])],
      V("TRANSFER_GET2", "", "BACKING")))
A(REJ("transfer_get2_offset_huge", "R2", "", [TEX, msg(13, [1, 0, 0, 0, 0, 1, 1, 1, 4, 0xfffffffc])],
      V("TRANSFER_GET2", "offset", "RANGE")))
A(REJ("transfer_put2_w_negative", "R2", "CVE-2019-18389", [TEX, msg(14, [1, 0, 0, 0, 0, 0xffffffff, 1, 1, 4, 0], 11)],
      V("TRANSFER_PUT2", "", "BOX")))
A(REJ("transfer_put2_box_past_backing", "R2", "CVE-2019-18391",
      [res(1, data_size=1024), msg(14, [1, 0, 0, 0, 0, 16, 16, 1, 1024, 4], 266)], V("TRANSFER_PUT2", "", "BACKING")))
A(REJ("transfer_get2_depth_2_on_2d", "R2", "CVE-2022-0135", [TEX, msg(13, [1, 0, 0, 0, 0, 1, 1, 2, 8, 0])],
      V("TRANSFER_GET2", "", "BOX")))
# #458/#459 (w*h*bpp > 2^32): no such resource can exist, the 1 GiB quota refuses it first.
A(REJ("resource_readback_over_4g_refused", "R2", "",
      [res(1, s.TEX_2D_ARRAY, s.R32G32B32A32F, w=16384, h=16384, array_size=4, data_size=0)],
      V(RC2, "vtest_resource_create", "RANGE")))
A(REJ("transfer_get2_no_backing", "R2", "", [res(1, data_size=0), msg(13, [1, 0, 0, 0, 0, 1, 1, 1, 4, 0])],
      V("TRANSFER_GET2", "", "BACKING")))
A(REJ("copy_region_src_box_outside", "R2", "", [TEX, res(2), submit(sub(), cmd(s.RESOURCE_COPY_REGION, 2, 0, 0, 0, 0, 1, 0, 8, 8, 0, 16, 16, 1))],
      R("RESOURCE_COPY_REGION", "", "BOX")))
A(REJ("transfer3d_without_transfer_cap", "R2", "", [TEX, submit(sub(), cmd(s.TRANSFER3D, 1, 0, 0, 0, 0, 0, 0, 0, 0xffffffff, 1, 1, 0, 1))],
      R("TRANSFER3D", "", "UNSUPPORTED")))
A(REJ("copy_transfer3d_without_cap", "R2", "", [TEX, submit(sub(), cmd(s.COPY_TRANSFER3D, 1, 0, 0, 64, 1024, 0, 0, 0, 16, 16, 1, 1, 0, 1))],
      R("COPY_TRANSFER3D", "", "UNSUPPORTED")))
A(REJ("so_target_past_buffer", "R2", "", [SOBUF, submit(sub(), so_target(20, 4, 200, 64))],
      R("CREATE_OBJECT(STREAMOUT_TARGET)", "so_target", "BOX")))
A(REJ("query_result_buffer_too_small", "R2", "", [buf(2, 8, s.B_CUSTOM), submit(sub(), query(20, 2))],
      R("CREATE_OBJECT(QUERY)", "query", "BOX")))

# ---------------------------------------------------------------- R3 overflow / underflow
TEXT8 = struct.unpack("<2I", b"VERT\nDCL")


def shader_chunk(h, offlen, text_words, stage=0, nso=0, num_tokens=8):
    return cmd(s.CREATE_OBJECT, h, stage, offlen, num_tokens, nso, *text_words, obj=s.O_SHADER)


A(REJ("shader_continuation_offset_0x40000000", "R3", "CVE-2017-6355",
      [submit(sub(), shader_chunk(30, 100, TEXT8), shader_chunk(30, 0x80000000 | 0x40000000, [0] * 4))],
      R(SH, "offlen.offlen_value", "RANGE")))
A(REJ("shader_continuation_offset_skips", "R3", "CVE-2017-6355",
      [submit(sub(), shader_chunk(30, 100, TEXT8), shader_chunk(30, 0x80000000 | 12, [0] * 4))],
      R(SH, "", "RELATION")))
A(REJ("shader_continuation_without_first", "R3", "CVE-2017-6355",
      [submit(sub(), shader_chunk(30, 0x80000000 | 8, [0] * 4))], R(SH, "", "STATE")))
A(REJ("shader_continuation_overruns_total", "R3", "", [submit(sub(), shader_chunk(30, 16, TEXT8), shader_chunk(30, 0x80000000 | 8, [0] * 4))],
      R(SH, "", "RELATION")))
A(REJ("shader_text_longer_than_total", "R3", "a8eef25a", [submit(sub(), shader_chunk(30, 4, [0x54524556, 0]))],
      R(SH, "", "RELATION")))
A(REJ("shader_total_0", "R3", "", [submit(sub(), shader_chunk(30, 0, [0]))], R(SH, "offlen.offlen_value", "RANGE")))
A(REJ("shader_total_int32_max", "R3", "", [submit(sub(), shader_chunk(30, 0x7fffffff, [0]))],
      R(SH, "offlen.offlen_value", "RANGE")))
A(REJ("shader_num_tokens_uint32_max", "R3", "a8eef25a", [submit(sub(), shader_chunk(30, 8, TEXT8, num_tokens=0xffffffff))],
      R(SH, "num_tokens", "RANGE")))
A(REJ("shader_nso_uint32_max", "R3", "", [submit(sub(), shader_chunk(30, 8, [0, 0, 0, 0, 0, 0], nso=0xffffffff))],
      R(SH, "so_outputs", "COUNT")))
A(REJ("resource_width_int32_max_plus_1", "R3", "", [res(1, s.BUFFER, s.R8, s.B_VB, w=0x80000000, data_size=0)],
      V(RC2, "width", "RANGE")))
A(REJ("resource_data_size_uint32_max", "R3", "", [res(1, data_size=0xffffffff)], V(RC2, "data_size", "RANGE")))
A(REJ("resource_3d_size_over_quota", "R3", "", [res(1, s.TEX_3D, F32, w=2048, h=2048, d=2048, data_size=0)],
      V(RC2, "vtest_resource_create", "RANGE")))
A(REJ("inline_write_x_uint32_max", "R3", "", [TEX, submit(sub(), inline_write(1, (0xffffffff, 0, 0, 1, 1, 1), [0]))],
      R(IW, "", "BOX")))
A(REJ("so_target_offset_wraps", "R3", "", [SOBUF, submit(sub(), so_target(20, 4, 0xfffffff0, 0x20))],
      R("CREATE_OBJECT(STREAMOUT_TARGET)", "so_target", "BOX")))
A(REJ("constant_buffer_16385_dwords", "R3", "", [submit(sub(), cmd(s.SET_CONSTANT_BUFFER, 0, 0, *[0] * 16385))],
      R("SET_CONSTANT_BUFFER", "data", "COUNT")))
A(REJ("submit_len_int32_max", "R3", "", [msg(6, [], 0x7fffffff)], V("SUBMIT_CMD", "", "LENGTH")))
A(REJ("command_len_past_buffer", "R3", "", [submit(sub(), [hdr(s.SET_BLEND_COLOR, 0, 0xffff), 0, 0])],
      R("SET_BLEND_COLOR", "", "LENGTH")))

# ---------------------------------------------------------------- R4 shader text (TGSI)
# Every R4 input of SECURITY-CASES.md is rejected by the bounded TGSI parser (validator/tgsi/)
# with its status and "TGSI line L col C: <reason>"; the shader object is never created.


def T(status, line, col, reason):
    """Reject text regex of a TGSI parse failure: status, then the parser's position and reason."""
    return R(SH, "shader", status) + r" \d+ = 0x[0-9a-f]+\): " + re.escape(
        "TGSI line %d col %d: %s" % (line, col, reason)) + "$"


def tgsi_case(name, cve, text, expect, stage=1):
    A(REJ(name, "R4", cve, [submit(sub(), shader(30, stage, text), cmd(s.BIND_SHADER, 30, stage))], expect))


tgsi_case("tgsi_property_long_identifier", "CVE-2017-6209", "FRAG\nPROPERTY " + "A" * 4096 + " 1\nEND\n\0",
          T("COUNT", 2, 10, "identifier longer than 64 bytes"))
tgsi_case("tgsi_dcl_65_byte_semantic", "CVE-2017-6209", "FRAG\nDCL IN[0], " + "G" * 65 + "\nEND\n\0",
          T("COUNT", 2, 12, "identifier longer than 64 bytes"))
tgsi_case("tgsi_tex_5_offsets", "CVE-2017-5580",
          "FRAG\nDCL SAMP[0]\nDCL TEMP[0]\n  0: TEX TEMP[0], TEMP[0], SAMP[0], 2D, TEMP[0].xyz, TEMP[0].xyz, "
          "TEMP[0].xyz, TEMP[0].xyz, TEMP[0].xyz\n  1: END\n\0",
          T("COUNT", 4, 91, "more than 4 texture offsets"))
tgsi_case("tgsi_register_above_limit", "", "FRAG\nDCL TEMP[0]\n  0: MOV TEMP[4096], TEMP[99999]\n  1: END\n\0",
          T("RANGE", 3, 15, "register index above the file's limit"))
tgsi_case("tgsi_register_above_declared", "", "FRAG\nDCL TEMP[0..3]\n  0: MOV TEMP[0], TEMP[4]\n  1: END\n\0",
          T("RANGE", 3, 19, "register not declared"))
tgsi_case("tgsi_imm_index_out_of_range", "", "FRAG\nDCL OUT[0], COLOR\n"
          "IMM[0] FLT32 {0x3f800000, 0x00000000, 0x00000000, 0x3f800000}\n"
          "  0: MOV OUT[0], IMM[7]\n  1: END\n\0",
          T("RANGE", 4, 18, "IMM index out of range"))
tgsi_case("tgsi_decl_range_first_gt_last", "", "FRAG\nDCL TEMP[9..2]\n  0: END\n\0",
          T("RELATION", 2, 13, "declaration range with first > last"))
tgsi_case("tgsi_too_many_inputs", "", "FRAG\n" + "".join("DCL IN[%d], GENERIC[%d]\n" % (i, i) for i in range(200)) + "END\n\0",
          T("RANGE", 82, 5, "declared register above the file's limit"))
tgsi_case("tgsi_too_many_outputs", "", "VERT\nDCL OUT[0..80]\nEND\n\0",
          T("RANGE", 2, 5, "declared register above the file's limit"), stage=0)
tgsi_case("tgsi_sampler_index_above_max", "", "FRAG\nDCL SAMP[32]\nEND\n\0",
          T("RANGE", 2, 5, "declared register above the file's limit"))
tgsi_case("tgsi_sampler_index_4096", "", "FRAG\nDCL SAMP[4096]\nEND\n\0",
          T("RANGE", 2, 5, "declared register above the file's limit"))
tgsi_case("tgsi_missing_end", "", "FRAG\nDCL TEMP[0]\n  0: MOV TEMP[0], TEMP[0]\n\0",
          T("TRUNCATED", 4, 1, "missing END"))
tgsi_case("tgsi_1mib_temp_array", "", "FRAG\nDCL TEMP[0..1048575], ARRAY(1)\nEND\n\0",
          T("RANGE", 2, 5, "declared register above the file's limit"))
tgsi_case("tgsi_binary_garbage", "", bytes(range(1, 256)) * 4 + b"\0", T("ENUM", 1, 1, "unexpected character"))
tgsi_case("tgsi_stage_differs_from_processor", "", "VERT\nEND\n\0",
          R(SH, "shader", "RELATION") + r" \d+ = 0x[0-9a-f]+\): shader stage differs from its TGSI processor$")
tgsi_case("tgsi_text_after_end", "", "FRAG\nEND\nEND\n\0", T("TRAILING", 3, 1, "text after END"))
tgsi_case("tgsi_unknown_opcode", "", "FRAG\n  0: FROB\n  1: END\n\0", T("UNKNOWN_CMD", 2, 6, "unknown opcode"))
A(REJ("tgsi_no_nul_terminator", "R4", "", [submit(sub(), shader_chunk(30, 8, TEXT8))],
      R(SH, "", "RANGE") + r" \d+ = 0x[0-9a-f]+\): shader text has no NUL inside its length$"))
A(REJ("tgsi_text_over_1mib", "R4", "", [submit(sub(), shader_chunk(30, 1048577, [0]))],
      R(SH, "offlen.offlen_value", "RANGE")))
A(REJ("tgsi_shader_stage_6", "R4", "", [submit(sub(), shader(30, 6, FS_TEXT))], R(SH, "type", "ENUM")))
A(REJ("tgsi_bound_to_other_stage", "R4", "", [submit(sub(), shader(30, 1, FS_TEXT), cmd(s.BIND_SHADER, 30, 0))],
      R("BIND_SHADER", "", "RELATION")))
