// SPDX-License-Identifier: MIT
/*
 * Unit tests for lib/efi_memtype.c: Linux's text form of EFI memory map
 * descriptors, byte for byte, and the parser that reads it back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include <lib/efi_memtype.h>

#define WB_WT_WC_UC \
	(EFI_MEMORY_WB | EFI_MEMORY_WT | EFI_MEMORY_WC | EFI_MEMORY_UC)

/* Every type has Linux's short name; nothing past 15 has one. */
static void test_type_names(void **state)
{
	static const char *const want[] = {
		"Reserved",  "Loader Code",  "Loader Data",  "Boot Code",
		"Boot Data", "Runtime Code", "Runtime Data", "Conventional",
		"Unusable",  "ACPI Reclaim", "ACPI Mem NVS", "MMIO",
		"MMIO Port", "PAL Code",     "Persistent",   "Unaccepted",
	};

	for (u32 t = 0; t < EFI_MT_NR; t++) {
		assert_non_null(efi_mem_type_name(t));
		assert_string_equal(efi_mem_type_name(t), want[t]);
		assert_true(strlen(want[t]) <= 12);
	}
	assert_null(efi_mem_type_name(EFI_MT_NR));
	assert_null(efi_mem_type_name(0x80000000u));
}

/* Columns in Linux's order; a clear bit leaves its column blank. */
static void test_typeattr_columns(void **state)
{
	char buf[128];
	int n;

	n = efi_md_typeattr_format(buf, sizeof(buf), EFI_MT_BOOT_SERVICES_CODE,
				   WB_WT_WC_UC);
	assert_string_equal(
		buf,
		"[Boot Code   |   |  |  |  |  |  |  |  |  |   |WB|WT|WC|UC]");
	assert_int_equal(n, (int)strlen(buf));

	efi_md_typeattr_format(buf, sizeof(buf), EFI_MT_RUNTIME_SERVICES_DATA,
			       EFI_MEMORY_RUNTIME | WB_WT_WC_UC);
	assert_string_equal(
		buf,
		"[Runtime Data|RUN|  |  |  |  |  |  |  |  |   |WB|WT|WC|UC]");

	/* Every printable bit at once. */
	efi_md_typeattr_format(buf, sizeof(buf), EFI_MT_CONVENTIONAL,
			       EFI_MEMORY_PRINTABLE);
	assert_string_equal(
		buf,
		"[Conventional|RUN|MR|CC|SP|NV|XP|RP|WP|RO|UCE|WB|WT|WC|UC]");

	efi_md_typeattr_format(buf, sizeof(buf), EFI_MT_MMIO, EFI_MEMORY_UC);
	assert_string_equal(
		buf,
		"[MMIO        |   |  |  |  |  |  |  |  |  |   |  |  |  |UC]");
}

/* Unknown type numbers print as `[type=N`; unknown bits as attr=. */
static void test_typeattr_unknown(void **state)
{
	char buf[128];

	efi_md_typeattr_format(buf, sizeof(buf), 0x80000001u, EFI_MEMORY_WB);
	assert_string_equal(
		buf,
		"[type=2147483649|   |  |  |  |  |  |  |  |  |   |WB|  |  |  ]");

	efi_md_typeattr_format(buf, sizeof(buf), EFI_MT_RESERVED,
			       EFI_MEMORY_HOT_PLUGGABLE | EFI_MEMORY_WB);
	assert_string_equal(buf, "[Reserved    |attr=0x0000000000100008]");

	efi_md_typeattr_format(buf, sizeof(buf), EFI_MT_CONVENTIONAL,
			       EFI_MEMORY_ISA_VALID | 0x0000100000000000ULL);
	assert_string_equal(buf, "[Conventional|attr=0x4000100000000000]");
}

/* The whole efi=debug line as Linux prints it; MB is pages >> 8. */
static void test_format_line(void **state)
{
	char buf[EFI_MD_LINE_MAX];
	struct efi_md_info md = { EFI_MT_BOOT_SERVICES_CODE, 0, 1,
				  WB_WT_WC_UC };

	efi_md_format_line(buf, sizeof(buf), 0, &md);
	assert_string_equal(
		buf,
		"efi: mem00: [Boot Code   |   |  |  |  |  |  |  |  |  |   |WB|WT|WC|UC] range=[0x0000000000000000-0x0000000000000fff] (0MB)");

	md = (struct efi_md_info){ EFI_MT_CONVENTIONAL, 0x100000, 0x7f00,
				   WB_WT_WC_UC };
	efi_md_format_line(buf, sizeof(buf), 7, &md);
	assert_string_equal(
		buf,
		"efi: mem07: [Conventional|   |  |  |  |  |  |  |  |  |   |WB|WT|WC|UC] range=[0x0000000000100000-0x0000000007ffffff] (127MB)");

	md = (struct efi_md_info){ EFI_MT_MMIO, 0xffc00000, 0x400,
				   EFI_MEMORY_RUNTIME | EFI_MEMORY_UC };
	efi_md_format_line(buf, sizeof(buf), 123, &md);
	assert_string_equal(
		buf,
		"efi: mem123: [MMIO        |RUN|  |  |  |  |  |  |  |  |   |  |  |  |UC] range=[0x00000000ffc00000-0x00000000ffffffff] (4MB)");

	/* Truncation keeps the NUL and reports what was written. */
	assert_int_equal(efi_md_format_line(buf, 10, 7, &md), 9);
	assert_string_equal(buf, "efi: mem0");
}

static void roundtrip(u32 type, u64 attr, u64 start, u64 pages)
{
	char line[EFI_MD_LINE_MAX];
	struct efi_md_info md = { type, start, pages, attr }, back;
	u32 index = 0;

	efi_md_format_line(line, sizeof(line), 42, &md);
	assert_int_equal(efi_md_parse_log_line(line, &index, &back), 0);
	assert_int_equal(index, 42);
	assert_int_equal(back.type, type);
	assert_int_equal(back.attr, attr);
	assert_int_equal(back.phys_addr, start);
	assert_int_equal(back.num_pages, pages);
}

/* format then parse gives back every type, attribute set and range. */
static void test_roundtrip_all(void **state)
{
	static const u64 attrs[] = {
		0,
		WB_WT_WC_UC,
		EFI_MEMORY_RUNTIME | WB_WT_WC_UC,
		EFI_MEMORY_PRINTABLE,
		EFI_MEMORY_UCE | EFI_MEMORY_NV | EFI_MEMORY_XP,
		EFI_MEMORY_HOT_PLUGGABLE, /* attr= form */
		EFI_MEMORY_ISA_VALID | EFI_MEMORY_ISA_MASK, /* attr= form */
		~0ULL,
	};

	for (u32 t = 0; t <= EFI_MT_NR; t++)
		for (size_t a = 0; a < sizeof(attrs) / sizeof(attrs[0]); a++)
			roundtrip(t, attrs[a], 0x1000ULL * t, 1 + 257 * t);
	/* Each printable bit alone. */
	for (unsigned int b = 0; b < 64; b++)
		if ((1ULL << b) & EFI_MEMORY_PRINTABLE)
			roundtrip(EFI_MT_CONVENTIONAL, 1ULL << b, 0, 1);
	roundtrip(0x70000000u, EFI_MEMORY_WB, 0xfee00000, 1);
	/* The whole 64-bit space, whose end is 2^64 - 1. */
	roundtrip(EFI_MT_RESERVED, 0, 0, 1ULL << 52);
	roundtrip(EFI_MT_RESERVED, 0, 0xfffffffffffff000ULL, 1);
}

/* Lines copied from real boot logs, old and new column sets. */
static void test_parse_real_lines(void **state)
{
	struct efi_md_info md;
	u32 index;

	/* v6.x, 14 columns, with a dmesg timestamp in front. */
	assert_int_equal(
		efi_md_parse_log_line(
			"[    0.000000] efi: mem03: [Conventional|   |  |  |  |  |  |  |  |  |   |WB|WT|WC|UC] range=[0x0000000000100000-0x00000000007fffff] (7MB)\n",
			&index, &md),
		0);
	assert_int_equal(index, 3);
	assert_int_equal(md.type, EFI_MT_CONVENTIONAL);
	assert_int_equal(md.phys_addr, 0x100000);
	assert_int_equal(md.num_pages, 0x700);
	assert_int_equal(md.attr, WB_WT_WC_UC);

	/* v5.x, 13 columns (before CC). */
	assert_int_equal(
		efi_md_parse(
			"[Boot Code   |   |  |  |  |  |  |  |  |   |WB|WT|WC|UC] range=[0x0000000000000000-0x0000000000000fff] (0MB)",
			&md),
		0);
	assert_int_equal(md.type, EFI_MT_BOOT_SERVICES_CODE);
	assert_int_equal(md.num_pages, 1);
	assert_int_equal(md.attr, WB_WT_WC_UC);

	/* v4.x long names, 12 columns. */
	assert_int_equal(
		efi_md_parse(
			"[Conventional Memory|   |  |  |  |  |  |   |WB|WT|WC|UC] range=[0x0000000000100000-0x000000003fffffff] (1023MB)",
			&md),
		0);
	assert_int_equal(md.type, EFI_MT_CONVENTIONAL);
	assert_int_equal(md.num_pages, 0x3ff00);

	assert_int_equal(
		efi_md_parse(
			"[Runtime Data|RUN|  |  |  |  |  |  |  |  |   |WB|WT|WC|UC] range=[0x000000007fb7e000-0x000000007fbfdfff] (0MB)",
			&md),
		0);
	assert_int_equal(md.type, EFI_MT_RUNTIME_SERVICES_DATA);
	assert_int_equal(md.attr, EFI_MEMORY_RUNTIME | WB_WT_WC_UC);
	assert_int_equal(md.num_pages, 0x80);

	assert_int_equal(
		efi_md_parse_log_line(
			"efi: mem12: [type=1879048192|attr=0x8000000000000001] range=[0x00000000fed00000-0x00000000fed00fff] (0MB)",
			&index, &md),
		0);
	assert_int_equal(md.type, 0x70000000u);
	assert_int_equal(md.attr, 0x8000000000000001ULL);
}

/* Malformed text is refused with -EINVAL; other lines with -ENOENT. */
static void test_parse_rejects(void **state)
{
	static const char *const bad[] = {
		"",
		"Conventional|   |WB] range=[0x0-0xfff] (0MB)",
		"[Conventionl |   |WB] range=[0x0000000000000000-0x0000000000000fff] (0MB)",
		"[Conventional|   |XX] range=[0x0000000000000000-0x0000000000000fff] (0MB)",
		"[Conventional|WB|WB] range=[0x0000000000000000-0x0000000000000fff] (0MB)",
		"[Conventional|WB range=[0x0000000000000000-0x0000000000000fff] (0MB)",
		"[Conventional|WB] range=[0x0000000000000000-0x0000000000000ffe] (0MB)",
		"[Conventional|WB] range=[0x0000000000001000-0x0000000000000fff] (0MB)",
		"[Conventional|WB] range=[0x0000000000000000-0x00000000001fffff] (1MB)",
		"[Conventional|WB] range=[0x0000000000000000-0x0000000000000fff] (0MB) junk",
		"[Conventional|WB] range=[0x00000000000000000-0x0000000000000fff] (0MB)",
		"[Conventional|attr=0x] range=[0x0000000000000000-0x0000000000000fff] (0MB)",
		"[type=|WB] range=[0x0000000000000000-0x0000000000000fff] (0MB)",
		"[type=4294967296|WB] range=[0x0000000000000000-0x0000000000000fff] (0MB)",
		"[Conventional|   |  |  |  |  |  |  |  |  |   |WB|WT|WC|UC|  ] range=[0x0000000000000000-0x0000000000000fff] (0MB)",
	};
	struct efi_md_info md;
	u32 index;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (efi_md_parse(bad[i], &md) != -EINVAL)
			fail_msg("accepted: %s", bad[i]);
	}
	assert_int_equal(efi_md_parse_log_line("efi: EFI v2.7 by EDK II",
					       &index, &md),
			 -ENOENT);
	assert_int_equal(efi_md_parse_log_line("efi: memory map", &index, &md),
			 -ENOENT);
	assert_int_equal(efi_md_parse_log_line("efi: mem01: [bogus", &index,
					       &md),
			 -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_type_names),
		cmocka_unit_test(test_typeattr_columns),
		cmocka_unit_test(test_typeattr_unknown),
		cmocka_unit_test(test_format_line),
		cmocka_unit_test(test_roundtrip_all),
		cmocka_unit_test(test_parse_real_lines),
		cmocka_unit_test(test_parse_rejects),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
