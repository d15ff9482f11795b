// SPDX-License-Identifier: MIT
/*
 * Unit tests for mm/fw_map.c: classification, the sanitizer's rules and
 * its diagnostics.  Addresses in the pictures are in 4 KiB pages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lib/efi_memtype.h>
#include <mm/fw_map.h>

#include "capture.h"

#define P(n) ((u64)(n)*4096)
#define WB_WT_WC_UC \
	(EFI_MEMORY_WB | EFI_MEMORY_WT | EFI_MEMORY_WC | EFI_MEMORY_UC)

#define MAX_IN 10000
static struct fw_map_entry in[MAX_IN];
static struct fw_map_entry out[2 * MAX_IN];
static u64 scratch[MEMMAP_SCRATCH_BYTES(MAX_IN) / 8];
static struct map_diag diags[64];
static struct map_diag_sink sink;
static unsigned int nr_in, nr_out;

static int setup(void **state)
{
	nr_in = nr_out = 0;
	memset(&sink, 0, sizeof(sink));
	sink.diags = diags;
	sink.capacity = ARRAY_SIZE(diags);
	return 0;
}

/* Append an EFI descriptor with OVMF's usual WB|WT|WC|UC attributes. */
static void add_attr(u32 efi_type, u64 start, u64 pages, u64 attr)
{
	fw_map_entry_from_efi(&in[nr_in], nr_in, efi_type, start, pages, attr);
	nr_in++;
}

static void add(u32 efi_type, u64 start_page, u64 pages)
{
	add_attr(efi_type, P(start_page), pages, WB_WT_WC_UC);
}

static int sanitize_bits(unsigned int phys_bits)
{
	struct memmap_sanitize_args a = {
		.in = in,
		.nr_in = nr_in,
		.out = out,
		.out_capacity = ARRAY_SIZE(out),
		.scratch = scratch,
		.scratch_bytes = sizeof(scratch),
		.phys_bits = phys_bits,
		.source = MEMMAP_SRC_EFI,
		.sink = &sink,
	};

	return fw_map_sanitize(&a, &nr_out);
}

static void sanitize(void)
{
	assert_int_equal(sanitize_bits(46), 0);
}

static void expect_out(unsigned int i, u32 type, u64 start_page, u64 end_page)
{
	assert_true(i < nr_out);
	assert_int_equal(out[i].type, type);
	assert_int_equal(out[i].start, P(start_page));
	assert_int_equal(fw_map_entry_end(&out[i]), P(end_page));
}

/* Number of diagnostics in total, for "nothing else was reported". */
static unsigned int total_diags(void)
{
	unsigned int n = 0;

	for (int i = 0; i < MAP_DIAG_NR_LABELS; i++)
		n += sink.count[i];
	return n;
}

/* ---- classification ----------------------------------------------------- */

/* Every EFI type lands in the documented class; WB and SP matter. */
static void test_classify_every_efi_type(void **state)
{
	static const u32 want[EFI_MT_NR] = {
		[EFI_MT_RESERVED] = FW_MEM_RESERVED,
		[EFI_MT_LOADER_CODE] = FW_MEM_RAM,
		[EFI_MT_LOADER_DATA] = FW_MEM_RAM,
		[EFI_MT_BOOT_SERVICES_CODE] = FW_MEM_BOOT_RECLAIM,
		[EFI_MT_BOOT_SERVICES_DATA] = FW_MEM_BOOT_RECLAIM,
		[EFI_MT_RUNTIME_SERVICES_CODE] = FW_MEM_RUNTIME,
		[EFI_MT_RUNTIME_SERVICES_DATA] = FW_MEM_RUNTIME,
		[EFI_MT_CONVENTIONAL] = FW_MEM_RAM,
		[EFI_MT_UNUSABLE] = FW_MEM_UNUSABLE,
		[EFI_MT_ACPI_RECLAIM] = FW_MEM_ACPI_DATA,
		[EFI_MT_ACPI_NVS] = FW_MEM_ACPI_NVS,
		[EFI_MT_MMIO] = FW_MEM_MMIO,
		[EFI_MT_MMIO_PORT_SPACE] = FW_MEM_MMIO,
		[EFI_MT_PAL_CODE] = FW_MEM_RESERVED,
		[EFI_MT_PERSISTENT] = FW_MEM_PERSISTENT,
		[EFI_MT_UNACCEPTED] = FW_MEM_UNACCEPTED,
	};

	for (u32 t = 0; t < EFI_MT_NR; t++)
		assert_int_equal(fw_mem_type_from_efi(t, WB_WT_WC_UC), want[t]);
	assert_int_equal(fw_mem_type_from_efi(16, WB_WT_WC_UC),
			 FW_MEM_RESERVED);
	assert_int_equal(fw_mem_type_from_efi(0x80000000u, 0), FW_MEM_RESERVED);
	/* RAM without WB is kept out of use; SP makes RAM soft reserved. */
	assert_int_equal(fw_mem_type_from_efi(EFI_MT_CONVENTIONAL,
					      EFI_MEMORY_UC),
			 FW_MEM_RESERVED);
	assert_int_equal(fw_mem_type_from_efi(EFI_MT_BOOT_SERVICES_DATA, 0),
			 FW_MEM_RESERVED);
	assert_int_equal(fw_mem_type_from_efi(EFI_MT_CONVENTIONAL,
					      EFI_MEMORY_WB | EFI_MEMORY_SP),
			 FW_MEM_SOFT_RESERVED);
	/* Non-RAM types do not care about WB. */
	assert_int_equal(fw_mem_type_from_efi(EFI_MT_ACPI_NVS, 0),
			 FW_MEM_ACPI_NVS);
}

/* The documented overlap order, strictly decreasing. */
static void test_priority_order(void **state)
{
	static const enum fw_mem_type order[] = {
		FW_MEM_UNUSABLE,     FW_MEM_ACPI_NVS,	   FW_MEM_RUNTIME,
		FW_MEM_MMIO,	     FW_MEM_RESERVED,	   FW_MEM_ACPI_DATA,
		FW_MEM_PERSISTENT,   FW_MEM_SOFT_RESERVED, FW_MEM_UNACCEPTED,
		FW_MEM_BOOT_RECLAIM, FW_MEM_RAM,
	};

	assert_int_equal(ARRAY_SIZE(order), FW_MEM_NR_TYPES);
	for (size_t i = 1; i < ARRAY_SIZE(order); i++)
		assert_true(fw_mem_type_priority(order[i - 1]) >
			    fw_mem_type_priority(order[i]));
}

/* ---- clean maps and merging --------------------------------------------- */

/*
 *   in:  |Conv 0-16|LData 16-32|BData 32-48|Conv 48-64|
 *   out: |RAM 0-32             |BOOT 32-48 |RAM 48-64 |
 * A clean map gives no diagnostics except none; RAM types merge.
 */
static void test_clean_map_merges(void **state)
{
	add(EFI_MT_CONVENTIONAL, 0, 16);
	add(EFI_MT_LOADER_DATA, 16, 16);
	add(EFI_MT_BOOT_SERVICES_DATA, 32, 16);
	add(EFI_MT_CONVENTIONAL, 48, 16);
	sanitize();
	assert_int_equal(nr_out, 3);
	expect_out(0, FW_MEM_RAM, 0, 32);
	expect_out(1, FW_MEM_BOOT_RECLAIM, 32, 48);
	expect_out(2, FW_MEM_RAM, 48, 64);
	assert_int_equal(out[0].src_index, 0);
	assert_int_equal(out[0].src_type, EFI_MT_CONVENTIONAL);
	assert_int_equal(out[1].src_index, 2);
	assert_int_equal(out[0].attr, WB_WT_WC_UC);
	assert_int_equal(total_diags(), 0);
}

/*
 *   in:  |Conv 0-4 (WB..UC)|Conv 4-8 (WB..UC|XP)|  gap  |Conv 9-10|
 *   out: |RAM 0-4          |RAM 4-8             |       |RAM 9-10 |
 * Same type, different attributes, or a gap between: no merge.
 */
static void test_merge_needs_equal_attr_and_contact(void **state)
{
	add(EFI_MT_CONVENTIONAL, 0, 4);
	add_attr(EFI_MT_CONVENTIONAL, P(4), 4, WB_WT_WC_UC | EFI_MEMORY_XP);
	add(EFI_MT_CONVENTIONAL, 9, 1);
	sanitize();
	assert_int_equal(nr_out, 3);
	expect_out(0, FW_MEM_RAM, 0, 4);
	expect_out(1, FW_MEM_RAM, 4, 8);
	assert_int_equal(out[1].attr, WB_WT_WC_UC | EFI_MEMORY_XP);
	expect_out(2, FW_MEM_RAM, 9, 10);
}

/* ---- overlaps ----------------------------------------------------------- */

/*
 *   in:  |------ Conv 0-16 ------|
 *            |BData 4-8|
 *   out: |RAM|BOOT 4-8 |RAM 8-16 |
 * Contained: the inner, more restrictive type wins its part.
 */
static void test_overlap_contained(void **state)
{
	add(EFI_MT_CONVENTIONAL, 0, 16);
	add(EFI_MT_BOOT_SERVICES_DATA, 4, 4);
	sanitize();
	assert_int_equal(nr_out, 3);
	expect_out(0, FW_MEM_RAM, 0, 4);
	expect_out(1, FW_MEM_BOOT_RECLAIM, 4, 8);
	expect_out(2, FW_MEM_RAM, 8, 16);
	assert_int_equal(sink.count[MAP_DIAG_OVERLAP], 1);
	assert_int_equal(total_diags(), 1);
	assert_int_equal(diags[0].entry[0].src_index, 0);
	assert_int_equal(diags[0].entry[1].src_index, 1);
	assert_string_equal(diags[0].resolved_name, "Boot Data");
	assert_int_equal(diags[0].severity, MAP_DIAG_WARN);
}

/*
 *   in:        |--- Conv 4-12 ---|
 *        |Res 0-8  |
 *   out: |RES 0-8  |RAM 8-12|
 * Left overlap: reserved keeps its whole range.
 */
static void test_overlap_left(void **state)
{
	add(EFI_MT_CONVENTIONAL, 4, 8);
	add(EFI_MT_RESERVED, 0, 8);
	sanitize();
	assert_int_equal(nr_out, 2);
	expect_out(0, FW_MEM_RESERVED, 0, 8);
	expect_out(1, FW_MEM_RAM, 8, 12);
	assert_int_equal(sink.count[MAP_DIAG_OVERLAP], 1);
	assert_int_equal(sink.count[MAP_DIAG_UNSORTED], 1);
	assert_string_equal(diags[1].resolved_name, "Reserved");
}

/*
 *   in:  |Res 0-8  |
 *             |--- Conv 4-12 ---|
 *   out: |RES 0-8  |RAM 8-12    |
 * Right overlap: RAM loses the part it shares.
 */
static void test_overlap_right(void **state)
{
	add(EFI_MT_RESERVED, 0, 8);
	add(EFI_MT_CONVENTIONAL, 4, 8);
	sanitize();
	assert_int_equal(nr_out, 2);
	expect_out(0, FW_MEM_RESERVED, 0, 8);
	expect_out(1, FW_MEM_RAM, 8, 12);
	assert_int_equal(sink.count[MAP_DIAG_OVERLAP], 1);
	assert_int_equal(total_diags(), 1);
}

/*
 *   in:  |Conv 0-8|
 *        |NVS  0-8|
 *   out: |NVS  0-8|
 * Identical ranges: one entry of the winning type, one overlap reported.
 */
static void test_overlap_identical(void **state)
{
	add(EFI_MT_CONVENTIONAL, 0, 8);
	add(EFI_MT_ACPI_NVS, 0, 8);
	sanitize();
	assert_int_equal(nr_out, 1);
	expect_out(0, FW_MEM_ACPI_NVS, 0, 8);
	assert_int_equal(out[0].src_index, 1);
	assert_int_equal(out[0].src_type, EFI_MT_ACPI_NVS);
	assert_int_equal(sink.count[MAP_DIAG_OVERLAP], 1);
	/* ...and, with the RAM gone, map.no_ram. */
	assert_int_equal(sink.count[MAP_DIAG_NO_RAM], 1);
	assert_int_equal(total_diags(), 2);
}

/*
 *   in:  |Conv 0-8    |
 *              |BData 6-14   |
 *                       |RtData 12-20|
 *   out: |RAM 0-6|BOOT 6-12|RUNTIME 12-20|
 * A chain of three: two overlaps, each reported once.
 */
static void test_overlap_chain_of_three(void **state)
{
	add(EFI_MT_CONVENTIONAL, 0, 8);
	add(EFI_MT_BOOT_SERVICES_DATA, 6, 8);
	add(EFI_MT_RUNTIME_SERVICES_DATA, 12, 8);
	sanitize();
	assert_int_equal(nr_out, 3);
	expect_out(0, FW_MEM_RAM, 0, 6);
	expect_out(1, FW_MEM_BOOT_RECLAIM, 6, 12);
	expect_out(2, FW_MEM_RUNTIME, 12, 20);
	assert_int_equal(sink.count[MAP_DIAG_OVERLAP], 2);
	assert_int_equal(diags[0].entry[0].src_index, 0);
	assert_int_equal(diags[0].entry[1].src_index, 1);
	assert_int_equal(diags[1].entry[0].src_index, 1);
	assert_int_equal(diags[1].entry[1].src_index, 2);
	assert_string_equal(diags[1].resolved_name, "Runtime Data");
}

/*
 *   in:  |Conv 0-8 (WB|WT)  |
 *            |Conv 4-12 (WB|UC)|
 *   out: |RAM (WB|WT)|RAM (WB)|RAM (WB|UC)|
 * Same type overlapping: the shared part keeps the common attributes.
 */
static void test_overlap_same_type_attr_intersection(void **state)
{
	add_attr(EFI_MT_CONVENTIONAL, P(0), 8, EFI_MEMORY_WB | EFI_MEMORY_WT);
	add_attr(EFI_MT_CONVENTIONAL, P(4), 8, EFI_MEMORY_WB | EFI_MEMORY_UC);
	sanitize();
	assert_int_equal(nr_out, 3);
	expect_out(0, FW_MEM_RAM, 0, 4);
	expect_out(1, FW_MEM_RAM, 4, 8);
	expect_out(2, FW_MEM_RAM, 8, 12);
	assert_int_equal(out[0].attr, EFI_MEMORY_WB | EFI_MEMORY_WT);
	assert_int_equal(out[1].attr, EFI_MEMORY_WB);
	assert_int_equal(out[2].attr, EFI_MEMORY_WB | EFI_MEMORY_UC);
	assert_int_equal(sink.count[MAP_DIAG_OVERLAP], 1);
}

/* ---- bad entries -------------------------------------------------------- */

/*
 *   in (firmware order): |C 20-24| |C 0-4| |B 8-12|
 *   out:                 |RAM 0-4| |BOOT 8-12| |RAM 20-24|
 * Unsorted input comes out sorted; one diagnostic per descent.
 */
static void test_unsorted(void **state)
{
	add(EFI_MT_CONVENTIONAL, 20, 4);
	add(EFI_MT_CONVENTIONAL, 0, 4);
	add(EFI_MT_BOOT_SERVICES_CODE, 8, 4);
	sanitize();
	assert_int_equal(nr_out, 3);
	expect_out(0, FW_MEM_RAM, 0, 4);
	expect_out(1, FW_MEM_BOOT_RECLAIM, 8, 12);
	expect_out(2, FW_MEM_RAM, 20, 24);
	assert_int_equal(sink.count[MAP_DIAG_UNSORTED], 1);
	assert_int_equal(total_diags(), 1);
	assert_int_equal(diags[0].severity, MAP_DIAG_INFO);
	assert_int_equal(diags[0].entry[0].src_index, 0);
	assert_int_equal(diags[0].entry[1].src_index, 1);
}

/*
 *   in:  |Conv 0-4| (Conv at 2, 0 pages) |Conv 4-8|
 *   out: |RAM 0-8|
 * A zero-length entry is reported and ignored; it splits nothing.
 */
static void test_zero_length(void **state)
{
	add(EFI_MT_CONVENTIONAL, 0, 4);
	add(EFI_MT_RESERVED, 2, 0);
	add(EFI_MT_CONVENTIONAL, 4, 4);
	sanitize();
	assert_int_equal(nr_out, 1);
	expect_out(0, FW_MEM_RAM, 0, 8);
	assert_int_equal(sink.count[MAP_DIAG_ZERO_LENGTH], 1);
	assert_int_equal(total_diags(), 1);
	assert_int_equal(diags[0].entry[0].src_index, 1);
}

/*
 *   in:  Conv [0x1800, 0x3800)   Res [0x5800, 0x6800)   Conv [0x8800, 0x9800)
 *   out: RAM  [0x2000, 0x3000)   RES [0x5000, 0x7000)   (nothing)
 * Unaligned starts: RAM shrinks to whole pages, others grow.
 */
static void test_unaligned_start(void **state)
{
	add_attr(EFI_MT_CONVENTIONAL, 0x1800, 2, WB_WT_WC_UC);
	add_attr(EFI_MT_RESERVED, 0x5800, 1, 0);
	add_attr(EFI_MT_CONVENTIONAL, 0x8800, 1, WB_WT_WC_UC);
	sanitize();
	assert_int_equal(nr_out, 2);
	assert_int_equal(out[0].start, 0x2000);
	assert_int_equal(out[0].pages, 1);
	assert_int_equal(out[1].start, 0x5000);
	assert_int_equal(out[1].pages, 2);
	assert_int_equal(out[1].type, FW_MEM_RESERVED);
	assert_int_equal(sink.count[MAP_DIAG_UNALIGNED_START], 3);
	assert_int_equal(diags[0].value, 0x2000);
	assert_int_equal(diags[0].value2, 0x3000);
	assert_int_equal(diags[2].value, diags[2].value2); /* dropped */
}

/* Byte ranges from other sources: sizes round down for RAM, up otherwise. */
static void test_unaligned_size_from_range(void **state)
{
	struct fw_map_entry e;

	assert_int_equal(fw_map_entry_from_range(&e, 3, FW_MEM_RAM, 1, 0x100000,
						 0x2400, 0, &sink),
			 0);
	assert_int_equal(e.pages, 2);
	assert_int_equal(fw_map_entry_from_range(&e, 4, FW_MEM_RESERVED, 2,
						 0x200000, 0x2400, 0, &sink),
			 0);
	assert_int_equal(e.pages, 3);
	assert_int_equal(fw_map_entry_from_range(&e, 5, FW_MEM_RAM, 1, 0x300000,
						 0x800, 0, &sink),
			 -EINVAL);
	assert_int_equal(fw_map_entry_from_range(&e, 6, FW_MEM_RAM, 1, 0x400000,
						 0x3000, 0, &sink),
			 0);
	assert_int_equal(e.pages, 3);
	assert_int_equal(sink.count[MAP_DIAG_UNALIGNED_SIZE], 3);
	assert_int_equal(diags[0].value2, 0x102000);
	assert_int_equal(diags[1].value2, 0x203000);
}

/*
 *   phys_bits 46, limit L = 2^46:
 *   in:  |Conv 0-16|   |Conv L-2p .. L+2p|   |Conv 2^47 ..|
 *   out: |RAM 0-16 |   |RAM L-2p .. L    |
 * Straddling entries are clipped, entries above are dropped.
 */
static void test_beyond_phys_bits(void **state)
{
	u64 limit = 1ULL << 46;

	add(EFI_MT_CONVENTIONAL, 0, 16);
	add_attr(EFI_MT_CONVENTIONAL, limit - P(2), 4, WB_WT_WC_UC);
	add_attr(EFI_MT_CONVENTIONAL, 1ULL << 47, 1024, WB_WT_WC_UC);
	sanitize();
	assert_int_equal(nr_out, 2);
	expect_out(0, FW_MEM_RAM, 0, 16);
	assert_int_equal(out[1].start, limit - P(2));
	assert_int_equal(fw_map_entry_end(&out[1]), limit);
	assert_int_equal(sink.count[MAP_DIAG_BEYOND_PHYS_BITS], 2);
	assert_int_equal(diags[0].aux, 46);
	assert_int_equal(diags[0].value2, limit);
	assert_int_equal(diags[1].value, diags[1].value2);
	/* A descriptor so large its end wraps past 2^64 is clipped too. */
	setup(NULL);
	add_attr(EFI_MT_RESERVED, 0xfffff00000000000ULL, 1ULL << 40, 0);
	add(EFI_MT_CONVENTIONAL, 0, 16);
	assert_int_equal(sanitize_bits(0), 0);
	assert_int_equal(nr_out, 2);
	assert_int_equal(fw_map_entry_end(&out[1]), 0xfffffffffffff000ULL);
	assert_int_equal(sink.count[MAP_DIAG_BEYOND_PHYS_BITS], 1);
}

/*
 *   in:  |Res 0-1M|          |Conv 4G-8G|
 * No RAM below 4 GiB is a warning; no RAM at all an error.
 */
static void test_no_ram_below_4g(void **state)
{
	add_attr(EFI_MT_RESERVED, 0, 256, 0);
	add_attr(EFI_MT_CONVENTIONAL, SZ_4G, SZ_4G / 4096, WB_WT_WC_UC);
	sanitize();
	assert_int_equal(sink.count[MAP_DIAG_NO_RAM_BELOW_4G], 1);
	assert_int_equal(diags[0].value, SZ_4G);
	assert_int_equal(sink.count[MAP_DIAG_NO_RAM], 0);

	setup(NULL);
	add_attr(EFI_MT_RESERVED, 0, 256, 0);
	sanitize();
	assert_int_equal(sink.count[MAP_DIAG_NO_RAM], 1);
	assert_int_equal(sink.by_severity[MAP_DIAG_ERROR], 1);
	assert_int_equal(sink.count[MAP_DIAG_NO_RAM_BELOW_4G], 0);
}

/*
 *   in:  |Conv 0-16 (WB..UC)|Conv 16-32 (UC only)|
 *   out: |RAM 0-16          |RESERVED 16-32      |
 * RAM without write-back is reserved and diagnosed.
 */
static void test_ram_not_wb(void **state)
{
	add(EFI_MT_CONVENTIONAL, 0, 16);
	add_attr(EFI_MT_CONVENTIONAL, P(16), 16, EFI_MEMORY_UC);
	sanitize();
	assert_int_equal(nr_out, 2);
	expect_out(0, FW_MEM_RAM, 0, 16);
	expect_out(1, FW_MEM_RESERVED, 16, 32);
	assert_int_equal(sink.count[MAP_DIAG_RAM_NOT_WB], 1);
	assert_int_equal(total_diags(), 1);
	assert_int_equal(diags[0].entry[0].src_index, 1);
	assert_int_equal(diags[0].value, EFI_MEMORY_UC);
}

/* The descriptor size check: 48/1 is silent, others graded. */
static void test_desc_size(void **state)
{
	assert_int_equal(fw_map_check_desc_size(&sink, 48, 1), 0);
	assert_int_equal(total_diags(), 0);
	assert_int_equal(fw_map_check_desc_size(&sink, 64, 1), 0);
	assert_int_equal(diags[0].severity, MAP_DIAG_INFO);
	assert_int_equal(diags[0].value, 64);
	assert_int_equal(fw_map_check_desc_size(&sink, 40, 1), 0);
	assert_int_equal(diags[1].severity, MAP_DIAG_INFO);
	assert_int_equal(fw_map_check_desc_size(&sink, 52, 1), 0);
	assert_int_equal(diags[2].severity, MAP_DIAG_WARN);
	assert_int_equal(fw_map_check_desc_size(&sink, 48, 2), 0);
	assert_int_equal(diags[3].severity, MAP_DIAG_WARN);
	assert_int_equal(fw_map_check_desc_size(&sink, 32, 1), -EINVAL);
	assert_int_equal(diags[4].severity, MAP_DIAG_ERROR);
	assert_int_equal(sink.count[MAP_DIAG_DESC_SIZE], 5);
}

/* Storage smaller than documented is refused before anything is done. */
static void test_storage_checked(void **state)
{
	struct memmap_sanitize_args a = {
		.in = in,
		.nr_in = 4,
		.out = out,
		.out_capacity = 7,
		.scratch = scratch,
		.scratch_bytes = sizeof(scratch),
		.phys_bits = 46,
		.sink = &sink,
	};

	add(EFI_MT_CONVENTIONAL, 0, 1);
	add(EFI_MT_CONVENTIONAL, 2, 1);
	add(EFI_MT_CONVENTIONAL, 4, 1);
	add(EFI_MT_CONVENTIONAL, 6, 1);
	assert_int_equal(fw_map_sanitize(&a, &nr_out), -ENOSPC);
	a.out_capacity = 8;
	a.scratch_bytes = MEMMAP_SCRATCH_BYTES(4) - 1;
	assert_int_equal(fw_map_sanitize(&a, &nr_out), -ENOSPC);
	assert_int_equal(total_diags(), 0);
	a.scratch_bytes = MEMMAP_SCRATCH_BYTES(4);
	assert_int_equal(fw_map_sanitize(&a, &nr_out), 0);
	assert_int_equal(nr_out, 4);
}

/*
 * 10,000 one-page entries, two pages apart, alternately Conventional and
 * Boot Data, in a shuffled order: all come out, sorted; too_many_entries
 * is reported once; the unsorted count is exact although the detail array
 * is full.
 */
static void test_ten_thousand_entries(void **state)
{
	static u32 order[MAX_IN];
	unsigned int descents = 0;
	u64 rng = 12345;

	for (u32 i = 0; i < MAX_IN; i++)
		order[i] = i;
	for (u32 i = MAX_IN - 1; i > 0; i--) {
		u32 j, t;

		rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
		j = (u32)((rng >> 33) % (i + 1));
		t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	for (u32 i = 0; i < MAX_IN; i++) {
		add(order[i] % 2 ? EFI_MT_BOOT_SERVICES_DATA :
				   EFI_MT_CONVENTIONAL,
		    2 * (u64)order[i], 1);
		if (i && order[i] < order[i - 1])
			descents++;
	}
	sanitize();
	assert_int_equal(nr_out, MAX_IN);
	for (u32 i = 0; i < MAX_IN; i++) {
		assert_int_equal(out[i].start, P(2 * (u64)i));
		assert_int_equal(out[i].pages, 1);
		assert_int_equal(out[i].type,
				 i % 2 ? FW_MEM_BOOT_RECLAIM : FW_MEM_RAM);
	}
	assert_int_equal(sink.count[MAP_DIAG_TOO_MANY_ENTRIES], 1);
	assert_int_equal(diags[0].label, MAP_DIAG_TOO_MANY_ENTRIES);
	assert_int_equal(diags[0].severity, MAP_DIAG_INFO);
	assert_int_equal(diags[0].value, MAX_IN);
	assert_int_equal(sink.count[MAP_DIAG_UNSORTED], descents);
	assert_int_equal(sink.nr, ARRAY_SIZE(diags));
	assert_int_equal(sink.dropped, 1 + descents - ARRAY_SIZE(diags));
	assert_int_equal(sink.count[MAP_DIAG_OVERLAP], 0);
}

/*
 * Random small maps against a page-by-page model: the output is sorted,
 * disjoint, merged, and each page has the highest-ranked covering type.
 */
static void test_random_against_model(void **state)
{
	enum { PAGES = 96, ROUNDS = 300 };
	static const u32 types[] = {
		EFI_MT_CONVENTIONAL,
		EFI_MT_BOOT_SERVICES_DATA,
		EFI_MT_RESERVED,
		EFI_MT_ACPI_NVS,
		EFI_MT_RUNTIME_SERVICES_CODE,
		EFI_MT_MMIO,
		EFI_MT_ACPI_RECLAIM,
		EFI_MT_UNUSABLE,
		EFI_MT_PERSISTENT,
		EFI_MT_UNACCEPTED,
		EFI_MT_LOADER_CODE,
	};
	u64 rng = 99;

	for (int round = 0; round < ROUNDS; round++) {
		int model[PAGES];
		unsigned int n;

		setup(NULL);
		n = 1 + round % 40;
		for (unsigned int i = 0; i < n; i++) {
			u64 s, len;

			rng = rng * 6364136223846793005ULL +
			      1442695040888963407ULL;
			s = (rng >> 20) % PAGES;
			len = (rng >> 40) % 12;
			if (s + len > PAGES)
				len = PAGES - s;
			add(types[(rng >> 8) % ARRAY_SIZE(types)], s, len);
		}
		for (int p = 0; p < PAGES; p++) {
			model[p] = -1;
			for (unsigned int i = 0; i < n; i++) {
				u32 t = in[i].type;

				if (P(p) >= in[i].start &&
				    P(p) < fw_map_entry_end(&in[i]) &&
				    (model[p] < 0 ||
				     fw_mem_type_priority(t) >
					     fw_mem_type_priority(model[p])))
					model[p] = (int)t;
			}
		}
		sanitize();
		for (unsigned int i = 0; i < nr_out; i++) {
			assert_true(out[i].pages > 0);
			if (i) {
				u64 prev_end = fw_map_entry_end(&out[i - 1]);

				assert_true(prev_end <= out[i].start);
				assert_false(prev_end == out[i].start &&
					     out[i - 1].type == out[i].type &&
					     out[i - 1].attr == out[i].attr);
			}
		}
		for (int p = 0; p < PAGES; p++) {
			int got = -1;

			for (unsigned int i = 0; i < nr_out; i++)
				if (P(p) >= out[i].start &&
				    P(p) < fw_map_entry_end(&out[i]))
					got = (int)out[i].type;
			assert_int_equal(got, model[p]);
		}
	}
}

/* ---- printed form ------------------------------------------------------- */

/* The overlap line, byte for byte, and printing at the right level. */
static void test_diag_format(void **state)
{
	char line[MAP_DIAG_LINE_MAX];

	add(EFI_MT_BOOT_SERVICES_DATA, 0x100, 0x10);
	add(EFI_MT_CONVENTIONAL, 0x108, 0x10);
	sanitize();
	assert_int_equal(sink.count[MAP_DIAG_OVERLAP], 1);
	map_diag_format(line, sizeof(line), &diags[0]);
	assert_string_equal(
		line,
		"sparsemm: map: [WARN] map.overlap: mem00 [0x0000000000100000-0x0000000000110000) Boot Data "
		"overlaps mem01 [0x0000000000108000-0x0000000000118000) Conventional; resolved as Boot Data. "
		"Advice: report it to the firmware vendor: descriptors must not overlap, and an OS may hand out memory the firmware still uses.");

	capture_start();
	map_diag_print(&diags[0]);
	capture_stop();
	assert_true(capture_contains(line));
	assert_true(capture_contains("\n"));

	struct map_diag d = {
		.label = MAP_DIAG_TOO_MANY_ENTRIES,
		.severity = MAP_DIAG_INFO,
		.value = 300,
		.value2 = 128,
	};
	map_diag_format(line, sizeof(line), &d);
	assert_string_equal(
		line,
		"sparsemm: map: [INFO] map.too_many_entries: 300 entries, more than the 128 of Linux's zeropage e820 table; all are kept. "
		"Advice: none needed: every entry is kept, but loaders that copy the map into the 128-entry zeropage e820 table lose the rest.");

	d = (struct map_diag){
		.label = MAP_DIAG_BEYOND_PHYS_BITS,
		.severity = MAP_DIAG_WARN,
		.nr_entries = 1,
		.entry[0] = { 9, EFI_MT_CONVENTIONAL, "Conventional",
			      1ULL << 47, (1ULL << 47) + 0x1000 },
		.value = 0,
		.value2 = 0,
		.aux = 46,
	};
	map_diag_format(line, sizeof(line), &d);
	assert_string_equal(
		line,
		"sparsemm: map: [WARN] map.beyond_phys_bits: mem09 [0x0000800000000000-0x0000800000001000) Conventional "
		"reaches past the 46-bit physical address limit; dropped (entirely above the limit). "
		"Advice: compare the CPU's physical address width (CPUID 0x80000008) with the installed memory; what lies above it cannot be addressed.");
}

/* Every label has a name, advice, and formats without truncation. */
static void test_every_label_documented(void **state)
{
	char line[MAP_DIAG_LINE_MAX];

	for (int l = 0; l < MAP_DIAG_NR_LABELS; l++) {
		struct map_diag d = {
			.label = l,
			.severity = MAP_DIAG_ERROR,
			.nr_entries = 2,
			.entry = { { 1000, 0x70000000u, NULL, ~0ULL - 1,
				     ~0ULL },
				   { 1001, 0x70000001u, "Runtime Data", 0,
				     ~0ULL } },
			.resolved_name = "Runtime Data",
			.value = ~0ULL,
			.value2 = ~0ULL,
			.aux = 64,
		};
		int n = map_diag_format(line, sizeof(line), &d);

		assert_true(strncmp(map_diag_label_name(l), "map.", 4) == 0);
		assert_true(strlen(map_diag_advice(l)) > 20);
		assert_true(n < (int)sizeof(line) - 1);
		assert_non_null(strstr(line, map_diag_label_name(l)));
		assert_non_null(strstr(line, "Advice: "));
	}
}

/* A callback sink sees every diagnostic, kept or not. */
static unsigned int emitted;
static void count_emit(const struct map_diag *d, void *ctx)
{
	emitted++;
	assert_ptr_equal(ctx, &emitted);
}

static void test_sink_callback(void **state)
{
	sink.capacity = 1;
	sink.emit = count_emit;
	sink.ctx = &emitted;
	emitted = 0;
	add(EFI_MT_CONVENTIONAL, 8, 4);
	add(EFI_MT_CONVENTIONAL, 0, 0);
	add(EFI_MT_RESERVED, 0, 10);
	sanitize();
	/* unsorted (mem02 after mem00), zero_length, overlap */
	assert_int_equal(emitted, 3);
	assert_int_equal(sink.nr, 1);
	assert_int_equal(sink.dropped, 2);
	assert_int_equal(sink.by_severity[MAP_DIAG_WARN], 2);
	assert_int_equal(sink.by_severity[MAP_DIAG_INFO], 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_classify_every_efi_type, setup),
		cmocka_unit_test_setup(test_priority_order, setup),
		cmocka_unit_test_setup(test_clean_map_merges, setup),
		cmocka_unit_test_setup(test_merge_needs_equal_attr_and_contact,
				       setup),
		cmocka_unit_test_setup(test_overlap_contained, setup),
		cmocka_unit_test_setup(test_overlap_left, setup),
		cmocka_unit_test_setup(test_overlap_right, setup),
		cmocka_unit_test_setup(test_overlap_identical, setup),
		cmocka_unit_test_setup(test_overlap_chain_of_three, setup),
		cmocka_unit_test_setup(test_overlap_same_type_attr_intersection,
				       setup),
		cmocka_unit_test_setup(test_unsorted, setup),
		cmocka_unit_test_setup(test_zero_length, setup),
		cmocka_unit_test_setup(test_unaligned_start, setup),
		cmocka_unit_test_setup(test_unaligned_size_from_range, setup),
		cmocka_unit_test_setup(test_beyond_phys_bits, setup),
		cmocka_unit_test_setup(test_no_ram_below_4g, setup),
		cmocka_unit_test_setup(test_ram_not_wb, setup),
		cmocka_unit_test_setup(test_desc_size, setup),
		cmocka_unit_test_setup(test_storage_checked, setup),
		cmocka_unit_test_setup(test_ten_thousand_entries, setup),
		cmocka_unit_test_setup(test_random_against_model, setup),
		cmocka_unit_test_setup(test_diag_format, setup),
		cmocka_unit_test_setup(test_every_label_documented, setup),
		cmocka_unit_test_setup(test_sink_callback, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
