/*
 * tgsi_tables.c: the TGSI text language's names (tgsi_tables.h), from Mesa's tgsi_strings.c and
 * tgsi_info_opcodes.h (opcode numbers, destination and source counts, texture and branch
 * flags). Constant data only.
 */
#include "tgsi_tables.h"

#include "tgsi_ir.h"
#include "tgsi_limits.h"

#define TEX VIGIL_TGSI_OPF_TEX
#define BR VIGIL_TGSI_OPF_BRANCH
#define UNS VIGIL_TGSI_OPF_UNSUPPORTED
#define MEM VIGIL_TGSI_OPF_MEM
#define OP(num, d, s, nm) { #nm, num, d, s, 0, VIGIL_TGSI_FLOW_NONE }
#define OPF(num, d, s, nm, fl, flow) { #nm, num, d, s, fl, VIGIL_TGSI_FLOW_##flow }

const struct vigil_tgsi_opinfo vigil_tgsi_opcodes[] = {
	OP(0, 1, 1, ARL), OP(1, 1, 1, MOV), OP(3, 1, 1, RCP), OP(4, 1, 1, RSQ), OP(7, 1, 2, MUL),
	OP(8, 1, 2, ADD), OP(9, 1, 2, DP3), OP(10, 1, 2, DP4), OP(12, 1, 2, MIN), OP(13, 1, 2, MAX),
	OP(14, 1, 2, SLT), OP(15, 1, 2, SGE), OP(16, 1, 3, MAD), OP(18, 1, 3, LRP),
	OP(19, 1, 3, FMA), OP(20, 1, 1, SQRT), OP(21, 1, 2, LDEXP), OP(22, 1, 1, F2U64),
	OP(23, 1, 1, F2I64), OP(24, 1, 1, FRC), OP(26, 1, 1, FLR), OP(27, 1, 1, ROUND),
	OP(28, 1, 1, EX2), OP(29, 1, 1, LG2), OP(30, 1, 2, POW), OP(31, 0, 0, DEMOTE),
	OP(32, 1, 1, U2I64), OP(33, 1, 0, CLOCK), OP(34, 1, 1, I2I64), OP(35, 1, 0, READ_HELPER),
	OP(36, 1, 1, COS), OP(37, 1, 1, DDX), OP(38, 1, 1, DDY), OP(39, 0, 0, KILL),
	OP(40, 1, 1, PK2H), OP(44, 1, 1, D2U64), OP(45, 1, 2, SEQ), OP(46, 1, 1, D2I64),
	OP(47, 1, 2, SGT), OP(48, 1, 1, SIN), OP(49, 1, 2, SLE), OP(50, 1, 2, SNE),
	OP(51, 1, 1, U642D), OPF(52, 1, 2, TEX, TEX, NONE), OPF(53, 1, 4, TXD, TEX, NONE),
	OPF(54, 1, 2, TXP, TEX, NONE), OP(55, 1, 1, UP2H), OP(56, 1, 1, UP2US), OP(57, 1, 1, UP4B),
	OP(58, 1, 1, UP4UB), OP(59, 1, 1, U642F), OP(60, 1, 1, I642F), OP(61, 1, 1, ARR),
	OP(62, 1, 1, I642D), OPF(63, 0, 0, CAL, BR | UNS, NONE), OP(64, 0, 0, RET),
	OP(65, 1, 1, SSG), OP(66, 1, 3, CMP), OPF(68, 1, 2, TXB, TEX, NONE), OP(69, 1, 1, FBFETCH),
	OP(70, 1, 2, DIV), OP(71, 1, 2, DP2), OPF(72, 1, 2, TXL, TEX, NONE),
	OPF(73, 0, 0, BRK, 0, BRK), OPF(74, 0, 1, IF, BR, IF), OPF(75, 0, 1, UIF, BR, IF),
	OP(76, 1, 2, READ_INVOC), OPF(77, 0, 0, ELSE, BR, ELSE), OPF(78, 0, 0, ENDIF, 0, ENDIF),
	OP(79, 1, 1, DDX_FINE), OP(80, 1, 1, DDY_FINE), OP(83, 1, 1, CEIL), OP(84, 1, 1, I2F),
	OP(85, 1, 1, NOT), OP(86, 1, 1, TRUNC), OP(87, 1, 2, SHL), OP(88, 1, 1, BALLOT),
	OP(89, 1, 2, AND), OP(90, 1, 2, OR), OP(91, 1, 2, MOD), OP(92, 1, 2, XOR),
	OPF(94, 1, 2, TXF, TEX, NONE), OPF(95, 1, 2, TXQ, TEX, NONE), OPF(96, 0, 0, CONT, 0, CONT),
	OP(97, 0, 1, EMIT), OP(98, 0, 1, ENDPRIM), OPF(99, 0, 0, BGNLOOP, BR, LOOP),
	OPF(100, 0, 0, BGNSUB, UNS, NONE), OPF(101, 0, 0, ENDLOOP, BR, ENDLOOP),
	OPF(102, 0, 0, ENDSUB, UNS, NONE), OPF(103, 1, 3, ATOMFADD, MEM, NONE),
	OPF(104, 1, 1, TXQS, TEX, NONE), OPF(105, 1, 1, RESQ, MEM, NONE), OP(106, 1, 1, READ_FIRST),
	OP(107, 0, 0, NOP), OP(108, 1, 2, FSEQ), OP(109, 1, 2, FSGE), OP(110, 1, 2, FSLT),
	OP(111, 1, 2, FSNE), OP(112, 0, 1, MEMBAR), OP(116, 0, 1, KILL_IF),
	OPF(117, 0, 0, END, 0, END), OP(118, 1, 3, DFMA), OP(119, 1, 1, F2I), OP(120, 1, 2, IDIV),
	OP(121, 1, 2, IMAX), OP(122, 1, 2, IMIN), OP(123, 1, 1, INEG), OP(124, 1, 2, ISGE),
	OP(125, 1, 2, ISHR), OP(126, 1, 2, ISLT), OP(127, 1, 1, F2U), OP(128, 1, 1, U2F),
	OP(129, 1, 2, UADD), OP(130, 1, 2, UDIV), OP(131, 1, 3, UMAD), OP(132, 1, 2, UMAX),
	OP(133, 1, 2, UMIN), OP(134, 1, 2, UMOD), OP(135, 1, 2, UMUL), OP(136, 1, 2, USEQ),
	OP(137, 1, 2, USGE), OP(138, 1, 2, USHR), OP(139, 1, 2, USLT), OP(140, 1, 2, USNE),
	OPF(141, 0, 1, SWITCH, 0, SWITCH), OPF(142, 0, 1, CASE, 0, CASE),
	OPF(143, 0, 0, DEFAULT, 0, CASE), OPF(144, 0, 0, ENDSWITCH, 0, ENDSWITCH),
	OP(145, 1, 3, SAMPLE), OP(146, 1, 2, SAMPLE_I), OP(147, 1, 3, SAMPLE_I_MS),
	OP(148, 1, 4, SAMPLE_B), OP(149, 1, 4, SAMPLE_C), OP(150, 1, 4, SAMPLE_C_LZ),
	OP(151, 1, 5, SAMPLE_D), OP(152, 1, 4, SAMPLE_L), OP(153, 1, 3, GATHER4),
	OP(154, 1, 2, SVIEWINFO), OP(155, 1, 2, SAMPLE_POS), OP(156, 1, 2, SAMPLE_INFO),
	OP(157, 1, 1, UARL), OP(158, 1, 3, UCMP), OP(159, 1, 1, IABS), OP(160, 1, 1, ISSG),
	OPF(161, 1, 2, LOAD, MEM, NONE), OPF(162, 1, 2, STORE, MEM, NONE),
	OPF(163, 1, 1, IMG2HND, MEM, NONE), OPF(164, 1, 1, SAMP2HND, TEX | MEM, NONE),
	OPF(166, 0, 0, BARRIER, MEM, NONE), OPF(167, 1, 3, ATOMUADD, MEM, NONE),
	OPF(168, 1, 3, ATOMXCHG, MEM, NONE), OPF(169, 1, 4, ATOMCAS, MEM, NONE),
	OPF(170, 1, 3, ATOMAND, MEM, NONE), OPF(171, 1, 3, ATOMOR, MEM, NONE),
	OPF(172, 1, 3, ATOMXOR, MEM, NONE), OPF(173, 1, 3, ATOMUMIN, MEM, NONE),
	OPF(174, 1, 3, ATOMUMAX, MEM, NONE), OPF(175, 1, 3, ATOMIMIN, MEM, NONE),
	OPF(176, 1, 3, ATOMIMAX, MEM, NONE), OPF(177, 1, 3, TEX2, TEX, NONE),
	OPF(178, 1, 3, TXB2, TEX, NONE), OPF(179, 1, 3, TXL2, TEX, NONE), OP(180, 1, 2, IMUL_HI),
	OP(181, 1, 2, UMUL_HI), OPF(182, 1, 3, TG4, TEX, NONE), OPF(183, 1, 2, LODQ, TEX, NONE),
	OP(184, 1, 3, IBFE), OP(185, 1, 3, UBFE), OP(186, 1, 4, BFI), OP(187, 1, 1, BREV),
	OP(188, 1, 1, POPC), OP(189, 1, 1, LSB), OP(190, 1, 1, IMSB), OP(191, 1, 1, UMSB),
	OP(192, 1, 1, INTERP_CENTROID), OP(193, 1, 2, INTERP_SAMPLE), OP(194, 1, 2, INTERP_OFFSET),
	OP(195, 1, 1, F2D), OP(196, 1, 1, D2F), OP(197, 1, 1, DABS), OP(198, 1, 1, DNEG),
	OP(199, 1, 2, DADD), OP(200, 1, 2, DMUL), OP(201, 1, 2, DMAX), OP(202, 1, 2, DMIN),
	OP(203, 1, 2, DSLT), OP(204, 1, 2, DSGE), OP(205, 1, 2, DSEQ), OP(206, 1, 2, DSNE),
	OP(207, 1, 1, DRCP), OP(208, 1, 1, DSQRT), OP(209, 1, 3, DMAD), OP(210, 1, 1, DFRAC),
	OP(211, 1, 2, DLDEXP), OP(213, 1, 1, D2I), OP(214, 1, 1, I2D), OP(215, 1, 1, D2U),
	OP(216, 1, 1, U2D), OP(217, 1, 1, DRSQ), OP(218, 1, 1, DTRUNC), OP(219, 1, 1, DCEIL),
	OP(220, 1, 1, DFLR), OP(221, 1, 1, DROUND), OP(222, 1, 1, DSSG), OP(223, 1, 1, VOTE_ANY),
	OP(224, 1, 1, VOTE_ALL), OP(225, 1, 1, VOTE_EQ), OP(226, 1, 2, U64SEQ),
	OP(227, 1, 2, U64SNE), OP(228, 1, 2, I64SLT), OP(229, 1, 2, U64SLT), OP(230, 1, 2, I64SGE),
	OP(231, 1, 2, U64SGE), OP(232, 1, 2, I64MIN), OP(233, 1, 2, U64MIN), OP(234, 1, 2, I64MAX),
	OP(235, 1, 2, U64MAX), OP(236, 1, 1, I64ABS), OP(237, 1, 1, I64SSG), OP(238, 1, 1, I64NEG),
	OP(239, 1, 2, U64ADD), OP(240, 1, 2, U64MUL), OP(241, 1, 2, U64SHL), OP(242, 1, 2, I64SHR),
	OP(243, 1, 2, U64SHR), OP(244, 1, 2, I64DIV), OP(245, 1, 2, U64DIV), OP(246, 1, 2, I64MOD),
	OP(247, 1, 2, U64MOD), OP(248, 1, 2, DDIV), OP(249, 1, 3, LOD),
};
const unsigned vigil_tgsi_opcode_count = sizeof(vigil_tgsi_opcodes) / sizeof(vigil_tgsi_opcodes[0]);

const char *const vigil_tgsi_processor_names[VIGIL_TGSI_PROCESSOR_COUNT] = {
	"VERT", "FRAG", "GEOM", "TESS_CTRL", "TESS_EVAL", "COMP",
};

const char *const vigil_tgsi_file_names[VIGIL_TGSI_FILE_COUNT] = {
	"NULL", "CONST", "IN", "OUT", "TEMP", "SAMP", "ADDR", "IMM", "SV", "IMAGE", "SVIEW",
	"BUFFER", "MEMORY", "HWATOMIC",
};

const char *const vigil_tgsi_imm_type_names[VIGIL_TGSI_IMM_TYPE_COUNT] = {
	"FLT32", "UINT32", "INT32", "FLT64", "UINT64", "INT64",
};

const char *const vigil_tgsi_semantic_names[] = {
	"POSITION", "COLOR", "BCOLOR", "FOG", "PSIZE", "GENERIC", "NORMAL", "FACE", "EDGEFLAG",
	"PRIM_ID", "INSTANCEID", "VERTEXID", "STENCIL", "CLIPDIST", "CLIPVERTEX", "GRID_SIZE",
	"BLOCK_ID", "BLOCK_SIZE", "THREAD_ID", "TEXCOORD", "PCOORD", "VIEWPORT_INDEX", "LAYER",
	"SAMPLEID", "SAMPLEPOS", "SAMPLEMASK", "INVOCATIONID", "VERTEXID_NOBASE", "BASEVERTEX",
	"PATCH", "TESSCOORD", "TESSOUTER", "TESSINNER", "VERTICESIN", "HELPER_INVOCATION",
	"BASEINSTANCE", "DRAWID", "WORK_DIM", "SUBGROUP_SIZE", "SUBGROUP_INVOCATION",
	"SUBGROUP_EQ_MASK", "SUBGROUP_GE_MASK", "SUBGROUP_GT_MASK", "SUBGROUP_LE_MASK",
	"SUBGROUP_LT_MASK", "CS_USER_DATA_AMD", "VIEWPORT_MASK", "TESS_DEFAULT_OUTER_LEVEL",
	"TESS_DEFAULT_INNER_LEVEL",
};
const unsigned vigil_tgsi_semantic_count =
	sizeof(vigil_tgsi_semantic_names) / sizeof(vigil_tgsi_semantic_names[0]);

const char *const vigil_tgsi_target_names[] = {
	"UNKNOWN", "BUFFER", "1D", "2D", "3D", "CUBE", "RECT", "SHADOW1D", "SHADOW2D",
	"SHADOWRECT", "1D_ARRAY", "2D_ARRAY", "SHADOW1D_ARRAY", "SHADOW2D_ARRAY", "SHADOWCUBE",
	"2D_MSAA", "2D_ARRAY_MSAA", "CUBEARRAY", "SHADOWCUBEARRAY",
};
const unsigned vigil_tgsi_target_count =
	sizeof(vigil_tgsi_target_names) / sizeof(vigil_tgsi_target_names[0]);

const char *const vigil_tgsi_return_type_names[5] = { "UNORM", "SNORM", "SINT", "UINT", "FLOAT" };
const char *const vigil_tgsi_interp_names[4] = { "CONSTANT", "LINEAR", "PERSPECTIVE", "COLOR" };
const char *const vigil_tgsi_location_names[3] = { "CENTER", "CENTROID", "SAMPLE" };

const char *const vigil_tgsi_property_names[] = {
	"GS_INPUT_PRIMITIVE", "GS_OUTPUT_PRIMITIVE", "GS_MAX_OUTPUT_VERTICES", "FS_COORD_ORIGIN",
	"FS_COORD_PIXEL_CENTER", "FS_COLOR0_WRITES_ALL_CBUFS", "FS_DEPTH_LAYOUT",
	"VS_PROHIBIT_UCPS", "GS_INVOCATIONS", "VS_WINDOW_SPACE_POSITION", "TCS_VERTICES_OUT",
	"TES_PRIM_MODE", "TES_SPACING", "TES_VERTEX_ORDER_CW", "TES_POINT_MODE",
	"NUM_CLIPDIST_ENABLED", "NUM_CULLDIST_ENABLED", "FS_EARLY_DEPTH_STENCIL",
	"FS_POST_DEPTH_COVERAGE", "NEXT_SHADER", "CS_FIXED_BLOCK_WIDTH", "CS_FIXED_BLOCK_HEIGHT",
	"CS_FIXED_BLOCK_DEPTH", "LEGACY_MATH_RULES", "VS_BLIT_SGPRS_AMD", "CS_USER_DATA_COMPONENTS_AMD",
	"LAYER_VIEWPORT_RELATIVE", "FS_BLEND_EQUATION_ADVANCED", "SEPARABLE_PROGRAM",
};
const unsigned vigil_tgsi_property_count =
	sizeof(vigil_tgsi_property_names) / sizeof(vigil_tgsi_property_names[0]);

const char *const vigil_tgsi_primitive_names[] = {
	"POINTS", "LINES", "LINE_LOOP", "LINE_STRIP", "TRIANGLES", "TRIANGLE_STRIP",
	"TRIANGLE_FAN", "QUADS", "QUAD_STRIP", "POLYGON", "LINES_ADJACENCY",
	"LINE_STRIP_ADJACENCY", "TRIANGLES_ADJACENCY", "TRIANGLE_STRIP_ADJACENCY", "PATCHES",
};
const unsigned vigil_tgsi_primitive_count =
	sizeof(vigil_tgsi_primitive_names) / sizeof(vigil_tgsi_primitive_names[0]);

const char *const vigil_tgsi_origin_names[2] = { "UPPER_LEFT", "LOWER_LEFT" };
const char *const vigil_tgsi_center_names[2] = { "HALF_INTEGER", "INTEGER" };
const char *const vigil_tgsi_mem_type_names[VIGIL_TGSI_MEM_TYPE_COUNT] = {
	"GLOBAL", "SHARED", "PRIVATE", "INPUT",
};
const char *const vigil_tgsi_memory_names[4] = {
	"COHERENT", "RESTRICT", "VOLATILE", "STREAM_CACHE_POLICY",
};

#define FMT(p, g) { "PIPE_FORMAT_" #p, g }
const struct vigil_tgsi_image_format vigil_tgsi_image_formats[] = {
	FMT(NONE, ""),
	FMT(R32G32B32A32_FLOAT, "rgba32f"), FMT(R16G16B16A16_FLOAT, "rgba16f"),
	FMT(R32G32_FLOAT, "rg32f"), FMT(R16G16_FLOAT, "rg16f"),
	FMT(R11G11B10_FLOAT, "r11f_g11f_b10f"), FMT(R32_FLOAT, "r32f"), FMT(R16_FLOAT, "r16f"),
	FMT(R32G32B32A32_UINT, "rgba32ui"), FMT(R16G16B16A16_UINT, "rgba16ui"),
	FMT(R10G10B10A2_UINT, "rgb10_a2ui"), FMT(R8G8B8A8_UINT, "rgba8ui"),
	FMT(R32G32_UINT, "rg32ui"), FMT(R16G16_UINT, "rg16ui"), FMT(R8G8_UINT, "rg8ui"),
	FMT(R32_UINT, "r32ui"), FMT(R16_UINT, "r16ui"), FMT(R8_UINT, "r8ui"),
	FMT(R32G32B32A32_SINT, "rgba32i"), FMT(R16G16B16A16_SINT, "rgba16i"),
	FMT(R8G8B8A8_SINT, "rgba8i"), FMT(R32G32_SINT, "rg32i"), FMT(R16G16_SINT, "rg16i"),
	FMT(R8G8_SINT, "rg8i"), FMT(R32_SINT, "r32i"), FMT(R16_SINT, "r16i"), FMT(R8_SINT, "r8i"),
	FMT(R16G16B16A16_UNORM, "rgba16"), FMT(R10G10B10A2_UNORM, "rgb10_a2"),
	FMT(R8G8B8A8_UNORM, "rgba8"), FMT(R16G16_UNORM, "rg16"), FMT(R8G8_UNORM, "rg8"),
	FMT(R16_UNORM, "r16"), FMT(R8_UNORM, "r8"),
	FMT(R16G16B16A16_SNORM, "rgba16_snorm"), FMT(R8G8B8A8_SNORM, "rgba8_snorm"),
	FMT(R16G16_SNORM, "rg16_snorm"), FMT(R8G8_SNORM, "rg8_snorm"),
	FMT(R16_SNORM, "r16_snorm"), FMT(R8_SNORM, "r8_snorm"),
};
const unsigned vigil_tgsi_image_format_count =
	sizeof(vigil_tgsi_image_formats) / sizeof(vigil_tgsi_image_formats[0]);

bool vigil_tgsi_gs_primid_in(const struct vigil_tgsi_shader *sh, uint32_t n)
{
	if (sh->processor != VIGIL_TGSI_GEOM)
		return false;
	for (uint32_t i = 0; i < sh->decl_count; i++) {
		const struct vigil_tgsi_decl *d = &sh->decls[i];

		if (d->file == VIGIL_TGSI_FILE_IN && d->has_dim && d->has_semantic &&
		    d->semantic == VIGIL_TGSI_SEM_PRIMID && n >= d->first && n <= d->last)
			return true;
	}
	return false;
}

enum vigil_tgsi_propval vigil_tgsi_property_kind(unsigned prop)
{
	switch (prop) {
	case 0:  /* GS_INPUT_PRIMITIVE */
	case 1:  /* GS_OUTPUT_PRIMITIVE */
		return VIGIL_TGSI_PV_PRIM;
	case 11: /* TES_PRIM_MODE: tgsi_dump prints the number */
		return VIGIL_TGSI_PV_PRIM_NUM;
	case 3:
		return VIGIL_TGSI_PV_ORIGIN;
	case 4:
		return VIGIL_TGSI_PV_CENTER;
	case 19: /* NEXT_SHADER */
		return VIGIL_TGSI_PV_PROCESSOR;
	default:
		return VIGIL_TGSI_PV_UINT;
	}
}

uint32_t vigil_tgsi_file_limit(unsigned file)
{
	switch (file) {
	case VIGIL_TGSI_FILE_CONST: return VIGIL_TGSI_MAX_CONSTS;
	case VIGIL_TGSI_FILE_IN: return VIGIL_TGSI_MAX_INPUTS;
	case VIGIL_TGSI_FILE_OUT: return VIGIL_TGSI_MAX_OUTPUTS;
	case VIGIL_TGSI_FILE_TEMP: return VIGIL_TGSI_MAX_TEMPS;
	case VIGIL_TGSI_FILE_SAMP: return VIGIL_TGSI_MAX_SAMPLERS;
	case VIGIL_TGSI_FILE_ADDR: return VIGIL_TGSI_MAX_ADDRS;
	case VIGIL_TGSI_FILE_SV: return VIGIL_TGSI_MAX_SYSTEM_VALUES;
	case VIGIL_TGSI_FILE_IMAGE: return VIGIL_TGSI_MAX_IMAGES;
	case VIGIL_TGSI_FILE_SVIEW: return VIGIL_TGSI_MAX_SAMPLER_VIEWS;
	case VIGIL_TGSI_FILE_BUFFER: return VIGIL_TGSI_MAX_BUFFERS;
	case VIGIL_TGSI_FILE_MEMORY: return VIGIL_TGSI_MAX_MEMORY;
	case VIGIL_TGSI_FILE_HWATOMIC: return VIGIL_TGSI_MAX_HWATOMICS;
	case VIGIL_TGSI_FILE_IMM: return VIGIL_TGSI_MAX_IMMS;
	default: return 0;
	}
}
