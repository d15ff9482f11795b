// SPDX-License-Identifier: MIT
/*
 * Unit tests for mm/e820.c: the table built from the sanitized map, the
 * x86 rules, mem=, memmap=$, the range edits, and the printed lines byte
 * for byte against Linux's formats.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include <lib/efi_memtype.h>
#include <lib/printk.h>
#include <mm/e820.h>
#include <mm/fw_map.h>

#include "capture.h"

#define WB_WT_WC_UC \
	(EFI_MEMORY_WB | EFI_MEMORY_WT | EFI_MEMORY_WC | EFI_MEMORY_UC)

static struct e820_entry storage[64];
static struct e820_table table;

static int setup(void **state)
{
	memset(storage, 0, sizeof(storage));
	e820_table_init(&table, storage, ARRAY_SIZE(storage));
	return 0;
}

static int teardown(void **state)
{
	capture_stop();
	return 0;
}

/* Put entries straight into the table (they must be sorted, merged). */
static void put(u64 addr, u64 end, u32 type)
{
	table.entries[table.nr_entries++] =
		(struct e820_entry){ addr, end - addr, type };
}

static void expect(unsigned int i, u64 addr, u64 end, u32 type)
{
	assert_true(i < table.nr_entries);
	assert_int_equal(table.entries[i].addr, addr);
	assert_int_equal(e820_entry_end(&table.entries[i]), end);
	assert_int_equal(table.entries[i].type, type);
}

/* ---- classification ----------------------------------------------------- */

/* Each EFI type's e820 type, directly (Linux's stub) and through the
 * sanitized map; the two agree for RAM with WB. */
static void test_classify_every_efi_type(void **state)
{
	static const u32 want[EFI_MT_NR] = {
		[EFI_MT_RESERVED] = E820_TYPE_RESERVED,
		[EFI_MT_LOADER_CODE] = E820_TYPE_RAM,
		[EFI_MT_LOADER_DATA] = E820_TYPE_RAM,
		[EFI_MT_BOOT_SERVICES_CODE] = E820_TYPE_RAM,
		[EFI_MT_BOOT_SERVICES_DATA] = E820_TYPE_RAM,
		[EFI_MT_RUNTIME_SERVICES_CODE] = E820_TYPE_RESERVED,
		[EFI_MT_RUNTIME_SERVICES_DATA] = E820_TYPE_RESERVED,
		[EFI_MT_CONVENTIONAL] = E820_TYPE_RAM,
		[EFI_MT_UNUSABLE] = E820_TYPE_UNUSABLE,
		[EFI_MT_ACPI_RECLAIM] = E820_TYPE_ACPI,
		[EFI_MT_ACPI_NVS] = E820_TYPE_NVS,
		[EFI_MT_MMIO] = E820_TYPE_RESERVED,
		[EFI_MT_MMIO_PORT_SPACE] = E820_TYPE_RESERVED,
		[EFI_MT_PAL_CODE] = E820_TYPE_RESERVED,
		[EFI_MT_PERSISTENT] = E820_TYPE_PMEM,
		[EFI_MT_UNACCEPTED] = 0,
	};

	for (u32 t = 0; t < EFI_MT_NR; t++) {
		assert_int_equal(e820_type_from_efi(t, WB_WT_WC_UC), want[t]);
		assert_int_equal(
			e820_type_from_fw(fw_mem_type_from_efi(t, WB_WT_WC_UC)),
			want[t]);
	}
	assert_int_equal(e820_type_from_efi(16, 0), 0);
	assert_int_equal(e820_type_from_efi(EFI_MT_CONVENTIONAL,
					    EFI_MEMORY_WB | EFI_MEMORY_SP),
			 E820_TYPE_SOFT_RESERVED);
	assert_int_equal(e820_type_from_fw(fw_mem_type_from_efi(
				 EFI_MT_BOOT_SERVICES_CODE,
				 EFI_MEMORY_WB | EFI_MEMORY_SP)),
			 E820_TYPE_SOFT_RESERVED);
	/* The deliberate difference: RAM without WB. */
	assert_int_equal(e820_type_from_efi(EFI_MT_CONVENTIONAL, EFI_MEMORY_UC),
			 E820_TYPE_RAM);
	assert_int_equal(e820_type_from_fw(fw_mem_type_from_efi(
				 EFI_MT_CONVENTIONAL, EFI_MEMORY_UC)),
			 E820_TYPE_RESERVED);
}

/* ---- building and printing ---------------------------------------------- */

/* An OVMF-like q35 map, 2 GiB, in EFI terms. */
static const struct {
	u32 type;
	u64 start, pages, attr;
} ovmf[] = {
	{ EFI_MT_BOOT_SERVICES_CODE, 0x0, 0x1, WB_WT_WC_UC },
	{ EFI_MT_CONVENTIONAL, 0x1000, 0x9f, WB_WT_WC_UC },
	{ EFI_MT_CONVENTIONAL, 0x100000, 0x700, WB_WT_WC_UC },
	{ EFI_MT_ACPI_NVS, 0x800000, 0x8, WB_WT_WC_UC },
	{ EFI_MT_CONVENTIONAL, 0x808000, 0x3, WB_WT_WC_UC },
	{ EFI_MT_ACPI_NVS, 0x80b000, 0x1, WB_WT_WC_UC },
	{ EFI_MT_CONVENTIONAL, 0x80c000, 0x5, WB_WT_WC_UC },
	{ EFI_MT_ACPI_NVS, 0x811000, 0xef, WB_WT_WC_UC },
	{ EFI_MT_CONVENTIONAL, 0x900000, 0x7e000, WB_WT_WC_UC },
	{ EFI_MT_LOADER_DATA, 0x7e900000, 0x100, WB_WT_WC_UC },
	{ EFI_MT_BOOT_SERVICES_DATA, 0x7ea00000, 0x800, WB_WT_WC_UC },
	{ EFI_MT_RUNTIME_SERVICES_DATA, 0x7f200000, 0x80,
	  EFI_MEMORY_RUNTIME | WB_WT_WC_UC },
	{ EFI_MT_ACPI_RECLAIM, 0x7f280000, 0x10, WB_WT_WC_UC },
	{ EFI_MT_ACPI_NVS, 0x7f290000, 0x40, WB_WT_WC_UC },
	{ EFI_MT_BOOT_SERVICES_DATA, 0x7f2d0000, 0xd30, WB_WT_WC_UC },
	{ EFI_MT_RESERVED, 0xe0000000, 0x10000, EFI_MEMORY_UC },
	{ EFI_MT_MMIO, 0xffc00000, 0x400, EFI_MEMORY_RUNTIME | EFI_MEMORY_UC },
	{ EFI_MT_UNACCEPTED, 0x100000000, 0x100, WB_WT_WC_UC },
	{ EFI_MT_PERSISTENT, 0x100100000, 0x100, WB_WT_WC_UC | EFI_MEMORY_NV },
};

static void build_ovmf(void)
{
	static struct fw_map_entry in[ARRAY_SIZE(ovmf)],
		out[2 * ARRAY_SIZE(ovmf)];
	static u64 scratch[MEMMAP_SCRATCH_BYTES(ARRAY_SIZE(ovmf)) / 8];
	struct memmap_sanitize_args a = {
		.in = in,
		.nr_in = ARRAY_SIZE(ovmf),
		.out = out,
		.out_capacity = ARRAY_SIZE(out),
		.scratch = scratch,
		.scratch_bytes = sizeof(scratch),
		.phys_bits = 46,
		.source = MEMMAP_SRC_EFI,
	};
	unsigned int nr;

	for (unsigned int i = 0; i < ARRAY_SIZE(ovmf); i++)
		fw_map_entry_from_efi(&in[i], i, ovmf[i].type, ovmf[i].start,
				      ovmf[i].pages, ovmf[i].attr);
	assert_int_equal(fw_map_sanitize(&a, &nr), 0);
	assert_int_equal(e820_build_from_fw_map(&table, out, nr), 0);
}

/*
 * The OVMF map becomes Linux's e820 table: boot services and loader data
 * merge into usable, runtime into reserved, unaccepted is left out.  The
 * BIOS-e820 lines match Linux's format byte for byte.
 */
static void test_build_and_print_bios_map(void **state)
{
	build_ovmf();
	capture_start();
	e820_print_bios_map(&table);
	capture_stop();
	assert_string_equal(
		capture_text(),
		"BIOS-provided physical RAM map:\n"
		"BIOS-e820: [mem 0x0000000000000000-0x000000000009ffff] usable\n"
		"BIOS-e820: [mem 0x0000000000100000-0x00000000007fffff] usable\n"
		"BIOS-e820: [mem 0x0000000000800000-0x0000000000807fff] ACPI NVS\n"
		"BIOS-e820: [mem 0x0000000000808000-0x000000000080afff] usable\n"
		"BIOS-e820: [mem 0x000000000080b000-0x000000000080bfff] ACPI NVS\n"
		"BIOS-e820: [mem 0x000000000080c000-0x0000000000810fff] usable\n"
		"BIOS-e820: [mem 0x0000000000811000-0x00000000008fffff] ACPI NVS\n"
		"BIOS-e820: [mem 0x0000000000900000-0x000000007f1fffff] usable\n"
		"BIOS-e820: [mem 0x000000007f200000-0x000000007f27ffff] reserved\n"
		"BIOS-e820: [mem 0x000000007f280000-0x000000007f28ffff] ACPI data\n"
		"BIOS-e820: [mem 0x000000007f290000-0x000000007f2cffff] ACPI NVS\n"
		"BIOS-e820: [mem 0x000000007f2d0000-0x000000007fffffff] usable\n"
		"BIOS-e820: [mem 0x00000000e0000000-0x00000000efffffff] reserved\n"
		"BIOS-e820: [mem 0x00000000ffc00000-0x00000000ffffffff] reserved\n"
		"BIOS-e820: [mem 0x0000000100100000-0x00000001001fffff] persistent (type 7)\n");
	assert_int_equal(e820_end_of_ram(&table), 0x80000000);
}

/* Every type name as Linux's e820_print_type spells it. */
static void test_type_names(void **state)
{
	static const struct {
		u32 type;
		const char *name;
	} names[] = {
		{ E820_TYPE_RAM, "usable" },
		{ E820_TYPE_RESERVED, "reserved" },
		{ E820_TYPE_ACPI, "ACPI data" },
		{ E820_TYPE_NVS, "ACPI NVS" },
		{ E820_TYPE_UNUSABLE, "unusable" },
		{ E820_TYPE_PMEM, "persistent (type 7)" },
		{ E820_TYPE_PRAM, "persistent (type 12)" },
		{ E820_TYPE_SOFT_RESERVED, "soft reserved" },
		{ 99, "type 99" },
	};
	char buf[64];

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		e820_format_type(buf, sizeof(buf), names[i].type);
		assert_string_equal(buf, names[i].name);
	}
	struct e820_entry e = { 0xfed00000, 0x1000, E820_TYPE_SOFT_RESERVED };
	e820_format_entry(buf, sizeof(buf), "user", &e);
	assert_string_equal(
		buf,
		"user: [mem 0x00000000fed00000-0x00000000fed00fff] soft reserved");
}

/* The sanitized map must be sorted; a table too small is refused. */
static void test_build_errors(void **state)
{
	struct fw_map_entry map[3] = {
		{ .start = 0x0, .pages = 1, .type = FW_MEM_RAM },
		{ .start = 0x2000, .pages = 1, .type = FW_MEM_RESERVED },
		{ .start = 0x1000, .pages = 1, .type = FW_MEM_RAM },
	};

	assert_int_equal(e820_build_from_fw_map(&table, map, 3), -EINVAL);
	map[2].start = 0x3000;
	table.capacity = 2;
	assert_int_equal(e820_build_from_fw_map(&table, map, 3), -ENOSPC);
	table.capacity = 3;
	assert_int_equal(e820_build_from_fw_map(&table, map, 3), 0);
	assert_int_equal(table.nr_entries, 3);
}

/* ---- x86 rules ---------------------------------------------------------- */

/*
 *   before: |usable 0 - 8M                                  |
 *   after:  |res 0-4K|usable 4K-640K|  (hole)  |usable 1M-8M|
 * trim_bios_range: page 0 reserved, the BIOS area removed, Linux's lines.
 */
static void test_x86_rules(void **state)
{
	put(0, 0x800000, E820_TYPE_RAM);
	capture_start();
	assert_int_equal(e820_apply_x86_rules(&table), 0);
	capture_stop();
	assert_string_equal(
		capture_text(),
		"e820: update [mem 0x00000000-0x00000fff] usable ==> reserved\n"
		"e820: remove [mem 0x000a0000-0x000fffff] usable\n");
	assert_int_equal(table.nr_entries, 3);
	expect(0, 0, 0x1000, E820_TYPE_RESERVED);
	expect(1, 0x1000, 0xa0000, E820_TYPE_RAM);
	expect(2, 0x100000, 0x800000, E820_TYPE_RAM);
}

/*
 *   before: |usable 0-9F000|res 9F000-A0000|   |res F0000-100000|usable 1M-..|
 *   after:  |res 0-1000|usable 1000-9F000|res 9F000-A0000|  |res F0000-1M|usable|
 * The usual firmware layout: only page 0 changes; reserved ROM stays.
 */
static void test_x86_rules_keep_reserved(void **state)
{
	put(0, 0x9f000, E820_TYPE_RAM);
	put(0x9f000, 0xa0000, E820_TYPE_RESERVED);
	put(0xf0000, 0x100000, E820_TYPE_RESERVED);
	put(0x100000, 0x7f000000, E820_TYPE_RAM);
	assert_int_equal(e820_apply_x86_rules(&table), 0);
	assert_int_equal(table.nr_entries, 5);
	expect(0, 0, 0x1000, E820_TYPE_RESERVED);
	expect(1, 0x1000, 0x9f000, E820_TYPE_RAM);
	expect(2, 0x9f000, 0xa0000, E820_TYPE_RESERVED);
	expect(3, 0xf0000, 0x100000, E820_TYPE_RESERVED);
	expect(4, 0x100000, 0x7f000000, E820_TYPE_RAM);
}

/* ---- mem= --------------------------------------------------------------- */

static void put_typical(void)
{
	put(0x0, 0xa0000, E820_TYPE_RAM);
	put(0x100000, 0x7f000000, E820_TYPE_RAM);
	put(0x7f000000, 0x80000000, E820_TYPE_RESERVED);
	put(0xe0000000, 0xf0000000, E820_TYPE_RESERVED);
	put(0x100000000, 0x180000000, E820_TYPE_RAM);
}

/*
 *   before: |usable 0-640K| |usable 1M-2032M|res|  |res|  |usable 4G-6G|
 *   mem=1G:                 |usable 1M-1G|   |res|  |res|
 * Inside an entry: RAM is cut at the limit, reserved ranges above stay;
 * Linux's remove line and the user-defined map are printed.
 */
static void test_mem_limit_inside_entry(void **state)
{
	put_typical();
	capture_start();
	assert_int_equal(e820_apply_mem_limit(&table, 0x40000000), 0);
	e820_finish_user_edits(&table);
	capture_stop();
	assert_string_equal(
		capture_text(),
		"e820: remove [mem 0x40000000-0xfffffffffffffffe] usable\n"
		"user-defined physical RAM map:\n"
		"user: [mem 0x0000000000000000-0x000000000009ffff] usable\n"
		"user: [mem 0x0000000000100000-0x000000003fffffff] usable\n"
		"user: [mem 0x000000007f000000-0x000000007fffffff] reserved\n"
		"user: [mem 0x00000000e0000000-0x00000000efffffff] reserved\n");
	assert_int_equal(e820_end_of_ram(&table), 0x40000000);
}

/*
 *   mem=3G falls in the hole between 2G and 4G:
 *   after: |usable 0-640K| |usable 1M-2032M|res| |res|   (RAM above 4G gone)
 */
static void test_mem_limit_in_hole(void **state)
{
	put_typical();
	assert_int_equal(e820_apply_mem_limit(&table, 0xc0000000), 0);
	assert_int_equal(table.nr_entries, 4);
	expect(1, 0x100000, 0x7f000000, E820_TYPE_RAM);
	expect(3, 0xe0000000, 0xf0000000, E820_TYPE_RESERVED);
}

/*
 *   mem=512K, below 1 MiB, then the x86 rules:
 *   after: |res 0-4K|usable 4K-512K|  |res ..|  |res ..|
 */
static void test_mem_limit_below_1m(void **state)
{
	put_typical();
	assert_int_equal(e820_apply_mem_limit(&table, 0x80000), 0);
	assert_int_equal(e820_apply_x86_rules(&table), 0);
	assert_int_equal(table.nr_entries, 4);
	expect(0, 0, 0x1000, E820_TYPE_RESERVED);
	expect(1, 0x1000, 0x80000, E820_TYPE_RAM);
	expect(2, 0x7f000000, 0x80000000, E820_TYPE_RESERVED);
	assert_int_equal(e820_apply_mem_limit(&table, 0), -EINVAL);
}

/* Without mem=/memmap= nothing user-defined is printed. */
static void test_no_user_edits_prints_nothing(void **state)
{
	put_typical();
	capture_start();
	e820_finish_user_edits(&table);
	capture_stop();
	assert_string_equal(capture_text(), "");
}

/* ---- memmap=$ and range edits ------------------------------------------- */

/*
 *   before: |usable 1M ------------------------------ 1G|
 *   memmap=1M$32M:
 *   after:  |usable 1M-32M|reserved 32M-33M|usable 33M-1G|
 */
static void test_memmap_reserve_splits(void **state)
{
	put(0x100000, 0x40000000, E820_TYPE_RAM);
	capture_start();
	assert_int_equal(e820_apply_memmap_reserve(&table, 0x2000000, 0x100000),
			 0);
	e820_finish_user_edits(&table);
	capture_stop();
	assert_string_equal(
		capture_text(),
		"user-defined physical RAM map:\n"
		"user: [mem 0x0000000000100000-0x0000000001ffffff] usable\n"
		"user: [mem 0x0000000002000000-0x00000000020fffff] reserved\n"
		"user: [mem 0x0000000002100000-0x000000003fffffff] usable\n");
}

/*
 *   before: |usable 0-1M|ACPI 1M-2M|     (hole)     |usable 3M-4M|
 *   memmap=3M$512K covers [512K, 3.5M):
 *   after:  |usable 0-512K|reserved 512K-1M|ACPI 1M-2M|reserved 2M-3.5M|usable 3.5M-4M|
 * The higher type number wins: ACPI stays, RAM and the hole become reserved.
 */
static void test_memmap_reserve_over_types_and_hole(void **state)
{
	put(0, 0x100000, E820_TYPE_RAM);
	put(0x100000, 0x200000, E820_TYPE_ACPI);
	put(0x300000, 0x400000, E820_TYPE_RAM);
	assert_int_equal(e820_apply_memmap_reserve(&table, 0x80000, 0x300000),
			 0);
	assert_int_equal(table.nr_entries, 5);
	expect(0, 0, 0x80000, E820_TYPE_RAM);
	expect(1, 0x80000, 0x100000, E820_TYPE_RESERVED);
	expect(2, 0x100000, 0x200000, E820_TYPE_ACPI);
	expect(3, 0x200000, 0x380000, E820_TYPE_RESERVED);
	expect(4, 0x380000, 0x400000, E820_TYPE_RAM);
	assert_true(table.userdef);
}

/*
 *   before: |res 0-1M|usable 1M-2M|res 2M-3M|
 *   memmap=1M$1M (exactly the RAM entry): neighbours merge into one reserved.
 */
static void test_memmap_reserve_merges(void **state)
{
	put(0, 0x100000, E820_TYPE_RESERVED);
	put(0x100000, 0x200000, E820_TYPE_RAM);
	put(0x200000, 0x300000, E820_TYPE_RESERVED);
	assert_int_equal(e820_apply_memmap_reserve(&table, 0x100000, 0x100000),
			 0);
	assert_int_equal(table.nr_entries, 1);
	expect(0, 0, 0x300000, E820_TYPE_RESERVED);
}

/*
 *   before: |usable 0-16M                       |ACPI 16M-17M|
 *   update [4M, 20M) usable ==> unusable; only RAM changes:
 *   after:  |usable 0-4M|unusable 4M-16M        |ACPI 16M-17M|
 */
static void test_range_update(void **state)
{
	u64 changed;

	put(0, 0x1000000, E820_TYPE_RAM);
	put(0x1000000, 0x1100000, E820_TYPE_ACPI);
	capture_start();
	assert_int_equal(e820_range_update(&table, 0x400000, 0x1000000,
					   E820_TYPE_RAM, E820_TYPE_UNUSABLE,
					   &changed),
			 0);
	capture_stop();
	assert_string_equal(
		capture_text(),
		"e820: update [mem 0x00400000-0x013fffff] usable ==> unusable\n");
	assert_int_equal(changed, 0xc00000);
	assert_int_equal(table.nr_entries, 3);
	expect(0, 0, 0x400000, E820_TYPE_RAM);
	expect(1, 0x400000, 0x1000000, E820_TYPE_UNUSABLE);
	expect(2, 0x1000000, 0x1100000, E820_TYPE_ACPI);
	assert_int_equal(e820_range_update(&table, 0, 1, E820_TYPE_RAM,
					   E820_TYPE_RAM, NULL),
			 -EINVAL);
}

/*
 *   before: |usable 0-4M|res 4M-8M|usable 8M-12M|
 *   remove [2M, 10M) of any type:
 *   after:  |usable 0-2M|          |usable 10M-12M|
 * Linux prints no type for an untyped remove (a trailing space remains).
 */
static void test_range_remove_any(void **state)
{
	u64 changed;

	put(0, 0x400000, E820_TYPE_RAM);
	put(0x400000, 0x800000, E820_TYPE_RESERVED);
	put(0x800000, 0xc00000, E820_TYPE_RAM);
	capture_start();
	assert_int_equal(e820_range_remove(&table, 0x200000, 0x800000,
					   E820_TYPE_ANY, &changed),
			 0);
	capture_stop();
	assert_string_equal(capture_text(),
			    "e820: remove [mem 0x00200000-0x009fffff] \n");
	assert_int_equal(changed, 0x800000);
	assert_int_equal(table.nr_entries, 2);
	expect(0, 0, 0x200000, E820_TYPE_RAM);
	expect(1, 0xa00000, 0xc00000, E820_TYPE_RAM);
}

/*
 *   a full table: |usable 0-16M| (capacity 1)
 *   update [4M, 8M) needs two splits: refused, table unchanged.
 */
static void test_edit_full_table(void **state)
{
	e820_table_init(&table, storage, 1);
	put(0, 0x1000000, E820_TYPE_RAM);
	assert_int_equal(e820_range_update(&table, 0x400000, 0x400000,
					   E820_TYPE_RAM, E820_TYPE_RESERVED,
					   NULL),
			 -ENOSPC);
	assert_int_equal(e820_range_add(&table, 0x2000000, 0x1000,
					E820_TYPE_RESERVED),
			 -ENOSPC);
	assert_int_equal(table.nr_entries, 1);
	expect(0, 0, 0x1000000, E820_TYPE_RAM);
	/* An edit that needs no split still works. */
	assert_int_equal(e820_range_update(&table, 0, 0x1000000, E820_TYPE_RAM,
					   E820_TYPE_RESERVED, NULL),
			 0);
	expect(0, 0, 0x1000000, E820_TYPE_RESERVED);
}

/* The RAM iterator yields RAM ranges in order and nothing else. */
static void test_ram_iterator(void **state)
{
	unsigned int pos, n = 0;
	u64 start, end;
	static const u64 want[][2] = {
		{ 0x0, 0xa0000 },
		{ 0x100000, 0x7f000000 },
		{ 0x100000000, 0x180000000 },
	};

	put_typical();
	for_each_e820_ram_range(&table, pos, start, end)
	{
		assert_true(n < ARRAY_SIZE(want));
		assert_int_equal(start, want[n][0]);
		assert_int_equal(end, want[n][1]);
		n++;
	}
	assert_int_equal(n, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_classify_every_efi_type),
		T(test_build_and_print_bios_map),
		T(test_type_names),
		T(test_build_errors),
		T(test_x86_rules),
		T(test_x86_rules_keep_reserved),
		T(test_mem_limit_inside_entry),
		T(test_mem_limit_in_hole),
		T(test_mem_limit_below_1m),
		T(test_no_user_edits_prints_nothing),
		T(test_memmap_reserve_splits),
		T(test_memmap_reserve_over_types_and_hole),
		T(test_memmap_reserve_merges),
		T(test_range_update),
		T(test_range_remove_any),
		T(test_edit_full_table),
		T(test_ram_iterator),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
