// SPDX-License-Identifier: MIT
/*
 * The simulator's pipeline (tools/lib/sim_pipeline.c) on the map
 * fixtures: mm_map_setup + mm_memblock_setup over simulated physical memory
 * must give exactly the expected memblock.memory ranges.  For fixtures that
 * hold Linux's own `Early memory node ranges`, the expectation is Linux's
 * lines themselves; for the others it is written out below.  Fixtures are
 * opened relative to the repository root (tools/run-unit's directory).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include <arch/arch.h>
#include <arch/host.h>
#include <lib/config.h>
#include <lib/printk.h>
#include <mm/memblock.h>

#include <maps/linux_ref.h>
#include <maps/sim_pipeline.h>
#include "capture.h"

/* Enough for every fixture's highest RAM, small for ASan's sake. */
#define TEST_PHYS_BITS 40

static struct sim_map m;
static struct sim_run run;

static int teardown(void **state)
{
	capture_stop();
	sim_pipeline_free(&run);
	sim_map_free(&m);
	memblock_reset();
	return 0;
}

static void replay(const char *path, const char *words)
{
	struct sparsemm_config cfg;
	int err;

	capture_start();
	sim_map_init(&m, path);
	err = sim_map_load(&m, SIM_FMT_AUTO);
	if (err)
		fail_msg("%s: %s", path, m.error);
	config_defaults(&cfg);
	if (words)
		config_parse(&cfg, words, strlen(words), "test");
	err = sim_pipeline_run(&m, &cfg, TEST_PHYS_BITS, &run);
	if (err)
		fail_msg("%s: pipeline failed (%d)", path, err);
	assert_int_equal(sim_pipeline_set_nodes(&m, &cfg), 0);
	assert_int_equal(memblock_check(), 0);
}

struct range {
	u64 start, end; /* [start, end) */
	int nid;
};

static void expect_memblock(const struct range *want, unsigned int n)
{
	struct memblock_type *t = &memblock.memory;

	if (t->cnt != n) {
		for (unsigned long i = 0; i < t->cnt; i++)
			print_message("memory[%lu] [%#llx-%#llx) nid %d\n", i,
				      (unsigned long long)t->regions[i].base,
				      (unsigned long long)(t->regions[i].base +
							   t->regions[i].size),
				      t->regions[i].nid);
		fail_msg("%lu memory regions, want %u", t->cnt, n);
	}
	for (unsigned int i = 0; i < n; i++) {
		assert_int_equal(t->regions[i].base, want[i].start);
		assert_int_equal(t->regions[i].base + t->regions[i].size,
				 want[i].end);
		assert_int_equal(t->regions[i].nid, want[i].nid);
	}
}

/* Linux's Early memory node ranges from the fixture, against memblock. */
static void expect_linux_node_ranges(void)
{
	unsigned long start_pfn, end_pfn;
	unsigned int k = 0, nr_linux = 0;
	int i, nid;

	for (unsigned int r = 0; r < m.nr_ref; r++)
		nr_linux += m.ref[r].kind == LREF_NODE_RANGE;
	assert_true(nr_linux > 0);
	for_each_mem_pfn_range(i, NUMA_NO_NODE, &start_pfn, &end_pfn, &nid) {
		char ours[96];
		unsigned int lnid;
		unsigned long long a, b;

		while (k < m.nr_ref && m.ref[k].kind != LREF_NODE_RANGE)
			k++;
		if (k == m.nr_ref)
			fail_msg("sparsemm has more ranges than Linux's %u",
				 nr_linux);
		snprintf(ours, sizeof(ours), "[%#llx-%#llx] node %d",
			 (unsigned long long)start_pfn << PAGE_SHIFT,
			 ((unsigned long long)end_pfn << PAGE_SHIFT) - 1, nid);
		if (sscanf(m.ref[k].text, " node %u: [mem %llx-%llx]", &lnid,
			   &a, &b) != 3)
			fail_msg("line %u: %s", m.ref[k].line, m.ref[k].text);
		if (a != (unsigned long long)start_pfn << PAGE_SHIFT ||
		    b + 1 != (unsigned long long)end_pfn << PAGE_SHIFT ||
		    (int)lnid != nid)
			fail_msg("Linux's line %u `%s`, sparsemm %s",
				 m.ref[k].line, m.ref[k].text, ours);
		k++;
		nr_linux--;
	}
	assert_int_equal(nr_linux, 0);
}

static void test_linux_2g_node_ranges(void **state)
{
	replay("tests/fixtures/linux-6.1-qemu-q35-2g.dmesg", NULL);
	expect_linux_node_ranges();
}

static void test_linux_numa2_node_ranges(void **state)
{
	replay("tests/fixtures/linux-6.1-qemu-q35-numa2.dmesg", NULL);
	expect_linux_node_ranges();
	/* node 1 is everything above 4 GiB */
	assert_int_equal(memblock.memory.regions[memblock.memory.cnt - 1].nid,
			 1);
}

static void test_app_qemu_2g(void **state)
{
	/* The app's own map of the same machine (a different loader, so a few
	 * boot-services ranges differ from Linux's). */
	static const struct range want[] = {
		{ 0x1000, 0xa0000, 0 },	       { 0x100000, 0x806000, 0 },
		{ 0x808000, 0x810000, 0 },     { 0x900000, 0x7eaa0000, 0 },
		{ 0x7eba2000, 0x7f4ec000, 0 }, { 0x7f7fe000, 0x7fef4000, 0 },
	};

	replay("tests/fixtures/qemu-q35-2g.efimap", NULL);
	expect_memblock(want, ARRAY_SIZE(want));
	assert_true(capture_contains(
		"BIOS-e820: [mem 0x0000000000900000-0x000000007ea9ffff] usable\n"));
	/* Nothing in use on the host but what Linux reserves on x86: the
	 * first MiB (no boot-services range here carries EFI_MEMORY_RUNTIME). */
	assert_int_equal(memblock.reserved.cnt, 1);
	assert_int_equal(memblock.reserved.regions[0].base, 0);
	assert_int_equal(memblock.reserved.regions[0].size, SZ_1M);
}

static void test_seabios_e820(void **state)
{
	/* Unaligned BIOS entries: RAM shrinks to whole pages, the reserved
	 * 0x9fc00 entry grows to them; the first page and [0xa0000, 1M) go. */
	static const struct range want[] = {
		{ 0x1000, 0x9f000, 0 },
		{ 0x100000, 0xdfff0000, 0 },
		{ 0x100000000ULL, 0x120000000ULL, 0 },
	};

	replay("tests/fixtures/qemu-seabios-4g-linux3.6.dmesg", NULL);
	expect_memblock(want, ARRAY_SIZE(want));
}

static void test_dell_numa_split(void **state)
{
	static const struct range want[] = {
		{ 0x100000000ULL, 0x1840000000ULL, 0 },
		{ 0x1840000000ULL, 0x3040000000ULL, 1 },
	};

	replay("tests/fixtures/dell-r740-numa.excerpt.dmesg", NULL);
	expect_memblock(want, ARRAY_SIZE(want));
}

static void test_json_with_mem_limit(void **state)
{
	/* mem=3G on the command line: node 1's memory above 4 GiB is gone */
	static const struct range want[] = {
		{ 0x1000, 0xa0000, 0 },
		{ 0x100000, 0x806000, 0 },
		{ 0x808000, 0x810000, 0 },
		{ 0x900000, 0x80000000, 0 },
	};

	replay("tests/fixtures/example.json", "mem=3G");
	expect_memblock(want, ARRAY_SIZE(want));
	assert_true(capture_contains("user-defined physical RAM map:"));
}

static void test_ram_is_backed_holes_fault_free(void **state)
{
	volatile u8 *p;

	replay("tests/fixtures/qemu-q35-128m.efimap", NULL);
	/* RAM reads and writes through the direct map */
	p = phys_to_virt(0x100000);
	p[0] = 0x5a;
	assert_int_equal(p[0], 0x5a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_linux_2g_node_ranges, teardown),
		cmocka_unit_test_teardown(test_linux_numa2_node_ranges,
					  teardown),
		cmocka_unit_test_teardown(test_app_qemu_2g, teardown),
		cmocka_unit_test_teardown(test_seabios_e820, teardown),
		cmocka_unit_test_teardown(test_dell_numa_split, teardown),
		cmocka_unit_test_teardown(test_json_with_mem_limit, teardown),
		cmocka_unit_test_teardown(test_ram_is_backed_holes_fault_free,
					  teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	host_phys_exit();
	return rc;
}
