// SPDX-License-Identifier: MIT
/*
 * Unit tests for nodes and zones (mm/mm_init_zones.c, mm/zonelist.c,
 * mm/watermark.c set-up, mm/memblock_free_all.c): zone limits, spanned /
 * present / managed pages, ZONE_MOVABLE from movablecore= and from
 * hot-pluggable ranges, zonelist order, and the boot-log lines byte for
 * byte.  Figures in comments are computed by hand with Linux's formulas.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include <lib/printk.h>
#include <mm/memblock.h>
#include <mm/page_alloc_internal.h>

#include "capture.h"
#include "mm_machine.h"

static int teardown(void **state)
{
	mm_machine_reset();
	return 0;
}

/*
 * Two nodes:
 *   node 0: [4K, 0x9f000) [1M, 1G)
 *   node 1: [1G, 2G)      [4G, 4.5G)
 */
static const struct mm_range two_nodes[] = {
	{ 0x1000, 0x9e000, 0, 0 },
	{ 0x100000, 0x3ff00000, 0, 0 },
	{ 0x40000000, 0x40000000, 1, 0 },
	{ 0x100000000ULL, 0x20000000, 1, 0 },
};

static const char two_nodes_log[] =
	"Zone ranges:\n"
	"  DMA      [mem 0x0000000000001000-0x0000000000ffffff]\n"
	"  DMA32    [mem 0x0000000001000000-0x00000000ffffffff]\n"
	"  Normal   [mem 0x0000000100000000-0x000000011fffffff]\n"
	"Movable zone start for each node\n"
	"Early memory node ranges\n"
	"  node   0: [mem 0x0000000000001000-0x000000000009efff]\n"
	"  node   0: [mem 0x0000000000100000-0x000000003fffffff]\n"
	"  node   1: [mem 0x0000000040000000-0x000000007fffffff]\n"
	"  node   1: [mem 0x0000000100000000-0x000000011fffffff]\n"
	"Initmem setup node 0 [mem 0x0000000000001000-0x000000003fffffff]\n"
	"Initmem setup node 1 [mem 0x0000000040000000-0x000000011fffffff]\n"
	"On node 0, zone DMA: 1 pages in unavailable ranges\n"
	"On node 0, zone DMA: 97 pages in unavailable ranges\n"
	/*
	 * Total pages: present minus the memmap estimate per zone:
	 * DMA 3998 - 64, DMA32(0) 258048 - 4032, DMA32(1) 262144 - 4096
	 * (holes: memmap of present only), Normal(1) 131072 - 2048.
	 */
	"Built 2 zonelists, mobility grouping on.  Total pages: 645022\n"
	"Policy zone: Normal\n";

static void test_two_nodes_boot_log(void **state)
{
	const char *log;

	mm_machine_boot(two_nodes, ARRAY_SIZE(two_nodes), NULL, 0, NULL, true);
	/* From the first zone line (the memory model may print before). */
	log = strstr(capture_text(), "Zone ranges:\n");
	assert_non_null(log);
	/* Then memmap_init's figures, which hold times (mm/deferred_init.c). */
	assert_memory_equal(log, two_nodes_log, sizeof(two_nodes_log) - 1);
	log += sizeof(two_nodes_log) - 1;
	assert_ptr_equal(strstr(log, "node 0 deferred pages initialised in "),
			 log);
}

/* Pages of memblock's free ranges inside z (what the buddy allocator got). */
static unsigned long free_in_zone(const struct zone *z)
{
	unsigned long n = 0, s, e;
	phys_addr_t ps, pe;
	u64 i;

	for_each_free_mem_range(i, z->node, MEMBLOCK_NONE, &ps, &pe, NULL) {
		s = MAX(PFN_UP(ps), z->zone_start_pfn);
		e = MIN(PFN_DOWN(pe), zone_end_pfn(z));
		if (s < e)
			n += e - s;
	}
	return n;
}

static void test_two_nodes_pages(void **state)
{
	struct zone *z;

	mm_machine_boot(two_nodes, ARRAY_SIZE(two_nodes), NULL, 0, NULL, false);
	assert_int_equal(nr_online_nodes, 2);

	z = mm_zone(0, ZONE_DMA);
	assert_int_equal(z->zone_start_pfn, 1);
	assert_int_equal(z->spanned_pages, 4095);
	assert_int_equal(z->present_pages, 3998);
	z = mm_zone(0, ZONE_DMA32);
	assert_int_equal(z->zone_start_pfn, 0x1000);
	assert_int_equal(z->spanned_pages, 0x40000 - 0x1000);
	assert_int_equal(z->present_pages, 0x40000 - 0x1000);
	assert_false(populated_zone(mm_zone(0, ZONE_NORMAL)));
	z = mm_zone(1, ZONE_DMA32);
	assert_int_equal(z->zone_start_pfn, 0x40000);
	assert_int_equal(z->spanned_pages, 0xc0000);
	assert_int_equal(z->present_pages, 0x40000);
	z = mm_zone(1, ZONE_NORMAL);
	assert_int_equal(z->zone_start_pfn, 0x100000);
	assert_int_equal(z->spanned_pages, 0x20000);
	assert_int_equal(z->present_pages, 0x20000);
	assert_false(populated_zone(mm_zone(1, ZONE_DMA)));
	assert_int_equal(NODE_DATA(1)->node_start_pfn, 0x40000);
	assert_int_equal(NODE_DATA(1)->node_spanned_pages, 0xe0000);
	assert_int_equal(NODE_DATA(1)->node_present_pages, 0x60000);

	/* managed = present minus what memblock still has reserved. */
	for_each_populated_zone(z)
		assert_int_equal(zone_managed_pages(z), free_in_zone(z));
	/* Every managed page is free right after boot. */
	for_each_populated_zone(z)
		assert_int_equal(zone_page_state(z, NR_FREE_PAGES),
				 zone_managed_pages(z));
	/* Pages link to their zone. */
	assert_int_equal(page_zonenum(pfn_to_page(0x50000)), ZONE_DMA32);
	assert_int_equal(page_to_nid(pfn_to_page(0x50000)), 1);
	assert_int_equal(page_zonenum(pfn_to_page(0x100000)), ZONE_NORMAL);
}

/* Zonelists: own node first, highest zone first; THISNODE: own only. */
static void test_zonelists(void **state)
{
	struct zoneref *zr;

	mm_machine_boot(two_nodes, ARRAY_SIZE(two_nodes), NULL, 0, NULL, false);
	zr = NODE_DATA(0)->node_zonelists[ZONELIST_FALLBACK]._zonerefs;
	assert_ptr_equal(zr[0].zone, mm_zone(0, ZONE_DMA32));
	assert_ptr_equal(zr[1].zone, mm_zone(0, ZONE_DMA));
	assert_ptr_equal(zr[2].zone, mm_zone(1, ZONE_NORMAL));
	assert_ptr_equal(zr[3].zone, mm_zone(1, ZONE_DMA32));
	assert_null(zr[4].zone);
	zr = NODE_DATA(1)->node_zonelists[ZONELIST_FALLBACK]._zonerefs;
	assert_ptr_equal(zr[0].zone, mm_zone(1, ZONE_NORMAL));
	assert_ptr_equal(zr[1].zone, mm_zone(1, ZONE_DMA32));
	assert_ptr_equal(zr[2].zone, mm_zone(0, ZONE_DMA32));
	assert_ptr_equal(zr[3].zone, mm_zone(0, ZONE_DMA));
	assert_null(zr[4].zone);
	zr = NODE_DATA(1)->node_zonelists[ZONELIST_NOFALLBACK]._zonerefs;
	assert_ptr_equal(zr[0].zone, mm_zone(1, ZONE_NORMAL));
	assert_ptr_equal(zr[1].zone, mm_zone(1, ZONE_DMA32));
	assert_null(zr[2].zone);

	/* first_zones_zonelist skips zones above the request's. */
	zr = first_zones_zonelist(node_zonelist(1, GFP_KERNEL), ZONE_DMA, NULL);
	assert_ptr_equal(zr->zone, mm_zone(0, ZONE_DMA));
}

/* Placement: preferred node, THISNODE, GFP_DMA32 / GFP_DMA. */
static void test_node_and_zone_placement(void **state)
{
	struct page *p;

	mm_machine_boot(two_nodes, ARRAY_SIZE(two_nodes), NULL, 0, NULL, false);
	p = alloc_pages_node(1, GFP_KERNEL | __GFP_THISNODE, 0);
	assert_non_null(p);
	assert_int_equal(page_to_nid(p), 1);
	assert_int_equal(page_zonenum(p), ZONE_NORMAL);
	__free_page(p);
	p = alloc_pages_node(0, GFP_KERNEL, 2);
	assert_int_equal(page_to_nid(p), 0);
	assert_int_equal(page_zonenum(p), ZONE_DMA32);
	__free_pages(p, 2);
	p = alloc_pages_node(1, GFP_DMA, 0);
	assert_int_equal(page_zonenum(p), ZONE_DMA);
	assert_true(page_to_pfn(p) < MAX_DMA_PFN);
	__free_page(p);
	p = alloc_pages_node(1, GFP_DMA32, 0);
	assert_int_equal(page_zonenum(p), ZONE_DMA32);
	assert_int_equal(page_to_nid(p), 1);
	__free_page(p);
	assert_int_equal(mm_check_free_lists(), 0);
}

/*
 * movablecore=256M on [1M, 512M) + [4G, 4.5G): totalpages 261888,
 * kernelcore 196352: 130816 below 4G, 65536 of Normal, so ZONE_MOVABLE
 * starts at pfn 0x110000.
 */
static void test_movablecore(void **state)
{
	static const struct mm_range ram[] = {
		{ 0x100000, 0x1ff00000, 0, 0 },
		{ 0x100000000ULL, 0x20000000, 0, 0 },
	};
	struct zones_config cfg = { .movablecore_pages = 65536, .nr_cpus = 1 };
	struct zone *z;
	struct page *p;

	mm_machine_boot(ram, ARRAY_SIZE(ram), NULL, 0, &cfg, true);
	assert_true(capture_contains("Movable zone start for each node\n"
				     "  Node 0: 0x0000000110000000\n"));
	assert_int_equal(zone_movable_pfn[0], 0x110000);
	z = mm_zone(0, ZONE_NORMAL);
	assert_int_equal(z->zone_start_pfn, 0x100000);
	assert_int_equal(z->spanned_pages, 0x10000);
	z = mm_zone(0, ZONE_MOVABLE);
	assert_int_equal(z->zone_start_pfn, 0x110000);
	assert_int_equal(z->spanned_pages, 0x10000);
	assert_int_equal(z->present_pages, 0x10000);
	/* Only GFP_HIGHUSER_MOVABLE reaches ZONE_MOVABLE. */
	p = alloc_page(GFP_HIGHUSER_MOVABLE);
	assert_int_equal(page_zonenum(p), ZONE_MOVABLE);
	__free_page(p);
	p = alloc_page(GFP_KERNEL | __GFP_MOVABLE);
	assert_int_equal(page_zonenum(p), ZONE_NORMAL);
	__free_page(p);
	/* The Zone ranges lines do not list Movable. */
	assert_false(capture_contains("  Movable  "));
}

/* movable_node: the hot-pluggable range of node 1 becomes ZONE_MOVABLE. */
static void test_hotplug_movable(void **state)
{
	static const struct mm_range ram[] = {
		{ 0x100000, 0x3ff00000, 0, 0 },
		{ 0x100000000ULL, 0x10000000, 0, 0 },
		{ 0x110000000ULL, 0x10000000, 1, MEMBLOCK_HOTPLUG },
	};
	struct zones_config cfg = { .movable_node = true, .nr_cpus = 1 };

	mm_machine_boot(ram, ARRAY_SIZE(ram), NULL, 0, &cfg, true);
	assert_true(capture_contains("  Node 1: 0x0000000110000000\n"));
	assert_false(capture_contains("  Node 0:"));
	assert_int_equal(mm_zone(1, ZONE_MOVABLE)->spanned_pages, 0x10000);
	assert_false(populated_zone(mm_zone(1, ZONE_NORMAL)));
	assert_int_equal(mm_zone(0, ZONE_NORMAL)->spanned_pages, 0x10000);
}

/*
 * Watermarks on the two-node machine, by hand: lowmem managed = all
 * managed pages L; min_free_kbytes = int_sqrt(L * 4 * 16) clamped; each
 * zone's min = pages_min * managed / L; low/high by max(min/4, managed/1000).
 */
static void test_watermarks_and_reserve(void **state)
{
	unsigned long L = 0, pages_min, m;
	struct zone *z;

	mm_machine_boot(two_nodes, ARRAY_SIZE(two_nodes), NULL, 0, NULL, false);
	for_each_zone(z)
		L += zone_managed_pages(z);
	assert_int_equal(min_free_kbytes, (int)int_sqrt(L * 4 * 16));
	pages_min = (unsigned long)min_free_kbytes / 4;
	for_each_populated_zone(z) {
		unsigned long managed = zone_managed_pages(z), d;

		m = pages_min * managed / L;
		d = MAX(m / 4, managed * 10 / 10000);
		assert_int_equal(min_wmark_pages(z), m);
		assert_int_equal(low_wmark_pages(z), m + d);
		assert_int_equal(high_wmark_pages(z), m + 2 * d);
	}
	/* lowmem_reserve: node 1 DMA32 keeps Normal/32 from Normal requests. */
	z = mm_zone(1, ZONE_DMA32);
	assert_int_equal(z->lowmem_reserve[ZONE_DMA32], 0);
	assert_int_equal(z->lowmem_reserve[ZONE_NORMAL],
			 zone_managed_pages(mm_zone(1, ZONE_NORMAL)) / 256);
	assert_int_equal(z->lowmem_reserve[ZONE_MOVABLE],
			 zone_managed_pages(mm_zone(1, ZONE_NORMAL)) / 256);
	z = mm_zone(0, ZONE_DMA);
	assert_int_equal(z->lowmem_reserve[ZONE_DMA32],
			 zone_managed_pages(mm_zone(0, ZONE_DMA32)) / 256);
	assert_int_equal(z->lowmem_reserve[ZONE_DMA], 0);
	/* pcp: 63 for zones of 1 GiB and more, high from low / CPUs. */
	z = mm_zone(1, ZONE_DMA32);
	assert_int_equal(z->per_cpu_pageset[0].batch, 63);
	assert_int_equal(z->per_cpu_pageset[0].high,
			 MAX((int)low_wmark_pages(z), 63 * 4));
}

/* The /proc dumps: buddyinfo line format. */
static void test_buddyinfo_format(void **state)
{
	char want[256];
	struct zone *z;
	int n = 0;
	unsigned int o;

	mm_machine_boot(two_nodes, ARRAY_SIZE(two_nodes), NULL, 0, NULL, false);
	z = mm_zone(1, ZONE_NORMAL);
	n = snprintf(want, sizeof(want), "Node 1, zone   Normal ");
	for (o = 0; o < NR_PAGE_ORDERS; o++)
		n += snprintf(want + n, sizeof(want) - n, "%6lu ",
			      z->free_area[o].nr_free);
	snprintf(want + n, sizeof(want) - n, "\n");
	capture_start();
	show_buddyinfo();
	assert_true(capture_contains(want));
	/* Node 1 DMA32 is 1 GiB, all free (node 1's memblock allocations
	 * are at its top, in Normal), 4 MiB aligned: 256 blocks. */
	assert_true(capture_contains(
		"Node 1, zone    DMA32      0      0      0      0      0      0      0      0      0      0    256 \n"));
	capture_stop();
	capture_start();
	show_pagetypeinfo();
	assert_true(capture_contains(
		"Page block order: 9\nPages per block:  512\n\n"));
	assert_true(capture_contains(
		"Free pages count per migrate type at order       0      1      2      3      4      5      6      7      8      9     10 \n"));
	assert_true(capture_contains(
		"Node    1, zone    DMA32, type      Movable      0      0      0      0      0      0      0      0      0      0    256 \n"));
	assert_true(capture_contains(
		"Number of blocks type     Unmovable      Movable  Reclaimable   HighAtomic      Isolate \n"));
	assert_true(capture_contains(
		"Node 1, zone    DMA32            0          512            0            0            0 \n"));
	capture_stop();
	capture_start();
	show_zoneinfo();
	assert_true(capture_contains(
		"Node 1, zone    DMA32\n  pages free     262144\n        boost    0\n"));
	assert_true(capture_contains(
		"        spanned  786432\n        present  262144\n        managed  262144\n        cma      0\n"));
	assert_true(capture_contains(
		"  pagesets\n    cpu: 0\n              count: 0\n"));
	assert_true(capture_contains("  start_pfn:           262144\n"));
	assert_true(capture_contains(
		"Node 1, zone      DMA\n  pages free     0\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_two_nodes_boot_log, teardown),
		cmocka_unit_test_teardown(test_two_nodes_pages, teardown),
		cmocka_unit_test_teardown(test_zonelists, teardown),
		cmocka_unit_test_teardown(test_node_and_zone_placement,
					  teardown),
		cmocka_unit_test_teardown(test_movablecore, teardown),
		cmocka_unit_test_teardown(test_hotplug_movable, teardown),
		cmocka_unit_test_teardown(test_watermarks_and_reserve,
					  teardown),
		cmocka_unit_test_teardown(test_buddyinfo_format, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
