// SPDX-License-Identifier: MIT
/*
 * Unit tests for the simulator's map readers (tools/lib/maps/): every
 * format, format detection, the Linux lines kept for --compare, Linux's
 * e820 edits and command line, and that bad input is named by line (and
 * column for JSON).  Fixture files are opened relative to the repository
 * root, the directory tools/run-unit runs the tests from.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <lib/config.h>
#include <lib/efi_memtype.h>
#include <mm/fw_map.h>

#include <maps/linux_ref.h>
#include <maps/sim_map.h>

static struct sim_map m;

static int teardown(void **state)
{
	sim_map_free(&m);
	return 0;
}

static int parse(const char *text, enum sim_format fmt)
{
	sim_map_init(&m, "test.map");
	return sim_map_parse_text(&m, text, strlen(text), fmt);
}

static int load(const char *path)
{
	sim_map_init(&m, path);
	return sim_map_load(&m, SIM_FMT_AUTO);
}

/* ---- boot logs ------------------------------------------------------------- */

static void test_bootlog_efi_today(void **state)
{
	const char *log =
		"[    0.000000] Linux version 6.1.0\n"
		"[    0.000000] efi: mem00: [Boot Code   |   |  |  |  |  |  |  |  |  |  |   |WB|WT|WC|UC] range=[0x0000000000000000-0x0000000000000fff] (0MB)\n"
		"[    0.000000] efi: mem01: [Conventional|   |  |  |  |  |  |  |  |  |  |   |WB|WT|WC|UC] range=[0x0000000000001000-0x000000000009ffff] (0MB)\n"
		"[    0.000000] efi: mem02: [Runtime Data|RUN|  |  |  |  |  |  |  |  |  |   |WB|WT|WC|UC] range=[0x0000000000100000-0x0000000000100fff] (0MB)\n";

	assert_int_equal(parse(log, SIM_FMT_AUTO), 0);
	assert_int_equal(m.format, SIM_FMT_BOOTLOG);
	assert_int_equal(m.source, MEMMAP_SRC_EFI);
	assert_int_equal(m.nr, 3);
	assert_int_equal(m.entries[1].src_type, EFI_MT_CONVENTIONAL);
	assert_int_equal(m.entries[1].start, 0x1000);
	assert_int_equal(m.entries[1].pages, 0x9f);
	assert_int_equal(m.entries[2].type, FW_MEM_RUNTIME);
	assert_true(m.entries[2].attr & EFI_MEMORY_RUNTIME);
	assert_int_equal(m.entry_line[2], 4);
}

static void test_bootlog_efi_old_forms(void **state)
{
	/* v4.x long names with an exclusive end; v3.x type=N, attr=... */
	const char *log =
		"Apr 28 07:55:19 host kernel: [    0.000000] efi: mem00: [Boot Code          |   |  |  |  |   |WB|WT|WC|UC] range=[0x0000000000000000-0x0000000000001000) (0MB)\n"
		"Apr 28 07:55:19 host kernel: [    0.000000] efi: mem01: [Conventional Memory|   |  |  |  |   |WB|WT|WC|UC] range=[0x0000000000001000-0x0000000000020000) (0MB)\n"
		"[    0.000000] efi: mem02: type=5, attr=0x800000000000000f, range=[0x0000000000020000-0x0000000000024000) (0MB)\n";

	assert_int_equal(parse(log, SIM_FMT_BOOTLOG), 0);
	assert_int_equal(m.nr, 3);
	assert_int_equal(m.entries[1].src_type, EFI_MT_CONVENTIONAL);
	assert_int_equal(m.entries[1].pages, 0x1f);
	assert_int_equal(m.entries[2].src_type, EFI_MT_RUNTIME_SERVICES_CODE);
	assert_int_equal(m.entries[2].attr, 0x800000000000000fULL);
	assert_int_equal(m.entries[2].pages, 4);
}

static void test_bootlog_second_listing_ignored(void **state)
{
	const char *log =
		"efi: mem00: [Conventional|   |  |  |  |  |  |  |  |  |   |WB|WT|WC|UC] range=[0x0000000000000000-0x0000000000ffffff] (16MB)\n"
		"efi: memattr: Processing EFI Memory Attributes table:\n"
		"[    0.4] efi: mem00: [MMIO        |RUN|  |  |  |  |  |  |  |  |   |  |  |  |UC] range=[0x00000000ffc00000-0x00000000ffffffff] (4MB)\n";

	assert_int_equal(parse(log, SIM_FMT_BOOTLOG), 0);
	assert_int_equal(m.nr, 1);
	assert_int_equal(m.ignored_listing_line, 3);
}

static void test_bootlog_e820_only(void **state)
{
	const char *log =
		"[    0.000000] BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
		"[    0.000000] BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved\n"
		"[    0.000000] BIOS-e820: [gap 0x00000000000a0000-0x00000000000fffff]\n"
		"[    0.000000] BIOS-e820: [mem 0x0000000000100000-0x000000007fffffff]  System RAM\n"
		"[    0.000000] BIOS-e820: [mem 0x0000000080000000-0x000000008000ffff] ACPI NVS\n"
		"[    0.000000] BIOS-e820: 0000000100000000 - 0000000140000000 (usable)\n";

	assert_int_equal(parse(log, SIM_FMT_AUTO), 0);
	assert_int_equal(m.source, MEMMAP_SRC_OTHER);
	assert_int_equal(m.nr, 5);
	assert_int_equal(m.entries[0].type, FW_MEM_RAM);
	assert_int_equal(m.entries[0].pages, 0x9f); /* rounded down: RAM */
	assert_int_equal(m.entries[1].type, FW_MEM_RESERVED);
	assert_int_equal(m.entries[2].type, FW_MEM_RAM);
	assert_int_equal(m.entries[3].type, FW_MEM_ACPI_NVS);
	assert_int_equal(m.entries[4].start, 0x100000000ULL);
	assert_int_equal(m.entries[4].pages, 0x40000);
	assert_int_equal(m.nr_ref,
			 5); /* the BIOS-e820 lines, kept for --compare */
	assert_int_equal(m.diags.count[MAP_DIAG_UNALIGNED_SIZE], 2);
}

static void test_bootlog_efi_wins_over_e820(void **state)
{
	const char *log =
		"BIOS-e820: [mem 0x0000000000000000-0x000000000009ffff] usable\n"
		"efi: mem00: [Conventional|   |  |  |  |  |  |  |  |  |   |WB|WT|WC|UC] range=[0x0000000000000000-0x000000000009ffff] (0MB)\n";

	assert_int_equal(parse(log, SIM_FMT_AUTO), 0);
	assert_int_equal(m.source, MEMMAP_SRC_EFI);
	assert_int_equal(m.nr, 1);
	assert_int_equal(m.nr_ref, 1);
}

static void test_bootlog_numa_refs_edits(void **state)
{
	const char *log =
		"[    0.000000] Command line: ro mem=4G memmap=64M@0x1000000 memmap=1M$0x2000000 quiet\n"
		"[    0.000000] BIOS-e820: [mem 0x0000000000000000-0x000000017fffffff] usable\n"
		"[    0.000000] e820: update [mem 0x7d79c018-0x7d7a5c57] usable ==> usable\n"
		"[    0.000000] e820: update [mem 0x00000000-0x00000fff] usable ==> reserved\n"
		"[    0.000000] e820: remove [mem 0x000a0000-0x000fffff] usable\n"
		"kern  :info  : [Fri Apr  7 00:04:12 2023] ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x7fffffff]\n"
		"[    0.000000] ACPI: SRAT: Node 1 PXM 1 [mem 0x100000000-0x17fffffff] hotplug\n"
		"[    0.000000] Zone ranges:\n"
		"[    0.000000]   DMA      [mem 0x0000000000001000-0x0000000000ffffff]\n"
		"[    0.000000]   Device   empty\n"
		"[    0.000000] Early memory node ranges\n"
		"[    0.000000]   node   0: [mem 0x0000000000001000-0x000000000009ffff]\n"
		"[    0.000000]   node   1: [mem 0x0000000100000000-0x000000017fffffff]\n"
		"[    0.000000] Initmem setup node 0 [mem 0x0000000000001000-0x000000007fffffff]\n"
		"[    0.000000] On node 0, zone DMA: 1 pages in unavailable ranges\n";
	unsigned int per_kind[LREF_NR_KINDS] = { 0 };
	struct sparsemm_config cfg;
	char why[200], take[128], skip[128];

	assert_int_equal(parse(log, SIM_FMT_AUTO), 0);
	assert_int_equal(m.nr_numa, 2);
	assert_string_equal(m.numa_source, "SRAT");
	assert_int_equal(m.numa[1].node, 1);
	assert_int_equal(m.numa[1].start, 0x100000000ULL);
	assert_int_equal(m.numa[1].end, 0x180000000ULL);
	for (unsigned int i = 0; i < m.nr_ref; i++)
		per_kind[m.ref[i].kind]++;
	assert_int_equal(per_kind[LREF_BIOS_E820], 1);
	assert_int_equal(per_kind[LREF_ZONE_RANGE], 2);
	assert_int_equal(per_kind[LREF_NODE_RANGE], 2);
	assert_int_equal(per_kind[LREF_INITMEM], 1);
	assert_int_equal(per_kind[LREF_UNAVAILABLE], 1);

	assert_int_equal(m.nr_edits, 3);
	config_defaults(&cfg);
	assert_false(linux_edit_applied(&m.edits[0], &cfg, why, sizeof(why)));
	assert_non_null(strstr(why, "setup_data"));
	assert_true(linux_edit_applied(&m.edits[1], &cfg, why, sizeof(why)));
	assert_true(linux_edit_applied(&m.edits[2], &cfg, why, sizeof(why)));

	assert_int_equal(m.cmdline_line, 1);
	assert_int_equal(linux_cmdline_mem_words(m.cmdline, take, sizeof(take),
						 skip, sizeof(skip)),
			 2);
	assert_string_equal(take, "mem=4G memmap=1M$0x2000000");
	assert_string_equal(skip, "memmap=64M@0x1000000");
}

static void test_bootlog_errors_name_the_line(void **state)
{
	const char *gap =
		"efi: mem00: [Conventional|   |  |  |  |  |  |  |  |  |   |WB|WT|WC|UC] range=[0x0000000000000000-0x0000000000000fff] (0MB)\n"
		"efi: mem02: [Conventional|   |  |  |  |  |  |  |  |  |   |WB|WT|WC|UC] range=[0x0000000000001000-0x0000000000001fff] (0MB)\n";
	const char *bad_col =
		"# comment\n"
		"efi: mem00: [Conventional|   |ZZ|  |  |  |  |  |  |  |   |WB|WT|WC|UC] range=[0x0000000000000000-0x0000000000000fff] (0MB)\n";
	const char *bad_mb =
		"efi: mem00: [Conventional|   |  |  |  |  |  |  |  |  |   |WB|WT|WC|UC] range=[0x0000000000000000-0x0000000000ffffff] (3MB)\n";
	const char *bad_e820 =
		"\n\nBIOS-e820: [mem 0x0000000000000000-0x000000000009ffff] weird\n";

	assert_int_equal(parse(gap, SIM_FMT_BOOTLOG), -EINVAL);
	assert_non_null(strstr(m.error, "test.map:2: "));
	assert_non_null(strstr(m.error, "missing"));
	sim_map_free(&m);
	assert_int_equal(parse(bad_col, SIM_FMT_BOOTLOG), -EINVAL);
	assert_non_null(strstr(m.error, "test.map:2: "));
	assert_non_null(strstr(m.error, "attribute column"));
	sim_map_free(&m);
	assert_int_equal(parse(bad_mb, SIM_FMT_BOOTLOG), -EINVAL);
	assert_non_null(strstr(m.error, "test.map:1: "));
	assert_non_null(strstr(m.error, "MB"));
	sim_map_free(&m);
	assert_int_equal(parse(bad_e820, SIM_FMT_BOOTLOG), -EINVAL);
	assert_non_null(strstr(m.error, "test.map:3: "));
	assert_non_null(strstr(m.error, "'weird'"));
}

static void test_empty_map_is_an_error(void **state)
{
	assert_int_equal(parse("hello\nworld\n", SIM_FMT_AUTO), -EINVAL);
	assert_non_null(strstr(m.error, "test.map: "));
	sim_map_free(&m);
	assert_int_equal(parse("", SIM_FMT_UEFI_SHELL), -EINVAL);
	assert_non_null(strstr(m.error, "no memory map entries"));
	sim_map_free(&m);
	assert_int_equal(parse("{\"version\":1,\"entries\":[]}", SIM_FMT_AUTO),
			 -EINVAL);
	assert_non_null(strstr(m.error, "no memory map entries"));
}

/* ---- UEFI shell ------------------------------------------------------------- */

static void test_uefi_shell(void **state)
{
	const char *text =
		"Shell> memmap\r\n"
		"Type       Start            End              # Pages          Attributes\r\n"
		"Available  0000000000000000-000000000009FFFF 00000000000000A0 000000000000000F\r\n"
		"BS_Data    0000000000100000-00000000001FFFFF 0000000000000100 000000000000000F\r\n"
		"RT_Code    0000000000200000-0000000000200FFF 0000000000000001 800000000000000F\r\n"
		"ACPI_Recl  0000000000201000-0000000000201FFF 0000000000000001 000000000000000F\r\n"
		"BootServiceCode 0000000000202000-0000000000202FFF 0000000000000001 000000000000000F\r\n"
		"\r\n"
		"  Reserved  :          0 Pages (0 Bytes)\r\n"
		"Total Memory: 2 MB (2,150,400 Bytes)\r\n";

	assert_int_equal(sim_format_detect(text, strlen(text)),
			 SIM_FMT_UEFI_SHELL);
	assert_int_equal(parse(text, SIM_FMT_AUTO), 0);
	assert_int_equal(m.nr, 5);
	assert_int_equal(m.entries[0].src_type, EFI_MT_CONVENTIONAL);
	assert_int_equal(m.entries[0].pages, 0xa0);
	assert_int_equal(m.entries[1].src_type, EFI_MT_BOOT_SERVICES_DATA);
	assert_int_equal(m.entries[2].src_type, EFI_MT_RUNTIME_SERVICES_CODE);
	assert_int_equal(m.entries[3].src_type, EFI_MT_ACPI_RECLAIM);
	assert_int_equal(m.entries[4].src_type, EFI_MT_BOOT_SERVICES_CODE);
	assert_int_equal(m.entry_line[4], 7);
}

static void test_uefi_shell_errors(void **state)
{
	const char *pages =
		"Type       Start            End              # Pages          Attributes\n"
		"Available  0000000000000000-000000000009FFFF 00000000000000A1 000000000000000F\n";
	const char *name =
		"Available  0000000000000000-000000000009FFFF 00000000000000A0 000000000000000F\n"
		"Bogus      00000000000A0000-00000000000AFFFF 0000000000000010 000000000000000F\n";
	const char *sfo = "ShellCommand,\"memmap\"\n";

	assert_int_equal(parse(pages, SIM_FMT_UEFI_SHELL), -EINVAL);
	assert_non_null(strstr(m.error, "test.map:2: "));
	assert_non_null(strstr(m.error, "# Pages"));
	sim_map_free(&m);
	assert_int_equal(parse(name, SIM_FMT_UEFI_SHELL), -EINVAL);
	assert_non_null(strstr(m.error, "test.map:2: "));
	assert_non_null(strstr(m.error, "'Bogus'"));
	sim_map_free(&m);
	assert_int_equal(parse(sfo, SIM_FMT_UEFI_SHELL), -EINVAL);
	assert_non_null(strstr(m.error, "-sfo"));
}

/* ---- JSON ------------------------------------------------------------------ */

static void test_json(void **state)
{
	const char *text =
		"{\n"
		"  \"version\": 1, \"source\": \"hand-written\", \"desc_size\": 48,\n"
		"  \"comment\": \"anything\", \"phys_bits\": 39,\n"
		"  \"entries\": [\n"
		"    {\"type\": 7, \"start\": \"0x0\", \"pages\": 160, \"attr\": \"0xf\"},\n"
		"    {\"type\": \"BS_Data\", \"start\": \"0x100000\", \"pages\": \"0x100\"},\n"
		"    {\"type\": \"5\", \"start\": 2097152, \"pages\": 1, \"attr\": \"0x800000000000000f\"}\n"
		"  ],\n"
		"  \"numa\": [{\"node\": 0, \"start\": \"0x0\", \"end\": \"0x200000\"},\n"
		"           {\"node\": 1, \"start\": \"0x200000\", \"end\": \"0x400000\"}]\n"
		"}\n";

	assert_int_equal(sim_format_detect(text, strlen(text)), SIM_FMT_JSON);
	assert_int_equal(parse(text, SIM_FMT_AUTO), 0);
	assert_int_equal(m.nr, 3);
	assert_int_equal(m.desc_size, 48);
	assert_int_equal(m.phys_bits, 39);
	assert_int_equal(m.entries[0].pages, 160);
	assert_int_equal(m.entries[1].src_type, EFI_MT_BOOT_SERVICES_DATA);
	assert_int_equal(m.entries[1].attr, 0xf); /* the default */
	assert_int_equal(m.entries[2].start, 0x200000);
	assert_int_equal(m.entries[2].type, FW_MEM_RUNTIME);
	assert_int_equal(m.entry_line[2], 7);
	assert_int_equal(m.nr_numa, 2);
	assert_int_equal(m.numa[1].end, 0x400000);
}

static void json_error(const char *text, const char *where, const char *what)
{
	assert_int_equal(parse(text, SIM_FMT_JSON), -EINVAL);
	if (!strstr(m.error, where) || !strstr(m.error, what))
		fail_msg("error \"%s\" lacks \"%s\" or \"%s\"", m.error, where,
			 what);
	sim_map_free(&m);
}

static void test_json_errors(void **state)
{
	json_error(
		"{\"version\": 1,\n \"entries\": [\n  {\"type\": 7 \"start\": 0}]}",
		"test.map:3:14: ", "expected ',' or '}'");
	json_error("{\"version\": 2, \"entries\": []}",
		   "test.map:1:13: ", "version 1");
	json_error(
		"{\"version\": 1, \"entries\": [{\"type\": 7, \"start\": 0, \"pages\": 1, \"atr\": 1}]}",
		"test.map:1:71: ", "unknown key");
	json_error(
		"{\"version\": 1, \"entries\": [{\"type\": 7, \"start\": 0}]}",
		"test.map:1:28: ", "missing \"pages\"");
	json_error(
		"{\"version\": 1,\n\"entries\": [{\"type\": \"Nope\", \"start\": 0, \"pages\": 1}]}",
		"test.map:2:22: ", "unknown EFI memory type");
	json_error(
		"{\"version\": 1, \"entries\": [{\"type\": 7, \"start\": \"0x1001\", \"pages\": 1}]}",
		"test.map:1:49: ", "aligned");
	json_error("{\"version\": 1, \"entries\": [] } x",
		   "test.map:1:32: ", "text after");
	json_error("{\"version\": 1, \"entries\": [\"unterminated]}",
		   "test.map:1:", "unterminated string");
	json_error("[1, 2]", "test.map:1:1: ", "top level");
	json_error("", "test.map:1:1: ", "end of input");
}

/* ---- fixtures --------------------------------------------------------------- */

static void test_fixtures_parse(void **state)
{
	static const struct {
		const char *path;
		enum sim_format format;
		enum memmap_source source;
		unsigned int nr, nr_numa;
	} fx[] = {
		{ "tests/fixtures/qemu-q35-128m.efimap", SIM_FMT_BOOTLOG,
		  MEMMAP_SRC_EFI, 125, 0 },
		{ "tests/fixtures/qemu-q35-2g.efimap", SIM_FMT_BOOTLOG,
		  MEMMAP_SRC_EFI, 125, 0 },
		{ "tests/fixtures/qemu-q35-6g.efimap", SIM_FMT_BOOTLOG,
		  MEMMAP_SRC_EFI, 126, 0 },
		{ "tests/fixtures/linux-6.1-qemu-q35-2g.dmesg", SIM_FMT_BOOTLOG,
		  MEMMAP_SRC_EFI, 126, 0 },
		{ "tests/fixtures/linux-6.1-qemu-q35-numa2.dmesg",
		  SIM_FMT_BOOTLOG, MEMMAP_SRC_EFI, 138, 3 },
		{ "tests/fixtures/dell-r740-numa.excerpt.dmesg",
		  SIM_FMT_BOOTLOG, MEMMAP_SRC_OTHER, 3, 3 },
		{ "tests/fixtures/opensuse-laptop-bios-e820.excerpt.dmesg",
		  SIM_FMT_BOOTLOG, MEMMAP_SRC_OTHER, 14, 0 },
		{ "tests/fixtures/qemu-seabios-4g-linux3.6.dmesg",
		  SIM_FMT_BOOTLOG, MEMMAP_SRC_OTHER, 7, 0 },
		{ "tests/fixtures/hpe-moonshot.uefi-shell.txt",
		  SIM_FMT_UEFI_SHELL, MEMMAP_SRC_EFI, 9, 0 },
		{ "tests/fixtures/example.json", SIM_FMT_JSON, MEMMAP_SRC_EFI,
		  8, 2 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(fx); i++) {
		int err = load(fx[i].path);

		if (err)
			fail_msg("%s: %d: %s", fx[i].path, err, m.error);
		assert_int_equal(m.format, fx[i].format);
		assert_int_equal(m.source, fx[i].source);
		if (m.nr != fx[i].nr || m.nr_numa != fx[i].nr_numa)
			fail_msg("%s: %u entries, %u node ranges", fx[i].path,
				 m.nr, m.nr_numa);
		sim_map_free(&m);
	}
	assert_int_equal(load("tests/fixtures/no-such-file"), -ENOENT);
	assert_non_null(strstr(m.error, "no-such-file: cannot open"));
}

static void test_format_names(void **state)
{
	assert_int_equal(sim_format_from_name("json"), SIM_FMT_JSON);
	assert_int_equal(sim_format_from_name("uefi-shell"),
			 SIM_FMT_UEFI_SHELL);
	assert_int_equal(sim_format_from_name("mapfile"), SIM_FMT_BOOTLOG);
	assert_int_equal(sim_format_from_name("xml"), -EINVAL);
	assert_string_equal(sim_format_name(SIM_FMT_BOOTLOG), "bootlog");
	assert_int_equal(sim_efi_type_from_name(" ACPI Mem NVS ", 14),
			 EFI_MT_ACPI_NVS);
	assert_int_equal(sim_efi_type_from_name("bs_code", 7),
			 EFI_MT_BOOT_SERVICES_CODE);
	assert_int_equal(sim_efi_type_from_name("Nothing", 7), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_bootlog_efi_today, teardown),
		cmocka_unit_test_teardown(test_bootlog_efi_old_forms, teardown),
		cmocka_unit_test_teardown(test_bootlog_second_listing_ignored,
					  teardown),
		cmocka_unit_test_teardown(test_bootlog_e820_only, teardown),
		cmocka_unit_test_teardown(test_bootlog_efi_wins_over_e820,
					  teardown),
		cmocka_unit_test_teardown(test_bootlog_numa_refs_edits,
					  teardown),
		cmocka_unit_test_teardown(test_bootlog_errors_name_the_line,
					  teardown),
		cmocka_unit_test_teardown(test_empty_map_is_an_error, teardown),
		cmocka_unit_test_teardown(test_uefi_shell, teardown),
		cmocka_unit_test_teardown(test_uefi_shell_errors, teardown),
		cmocka_unit_test_teardown(test_json, teardown),
		cmocka_unit_test_teardown(test_json_errors, teardown),
		cmocka_unit_test_teardown(test_fixtures_parse, teardown),
		cmocka_unit_test(test_format_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
