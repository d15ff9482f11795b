// SPDX-License-Identifier: MIT
/*
 * Unit tests for SPARSEMEM (mm/sparse.c, mm/memmap_init.c, mm/sparse_hotplug.c,
 * mm/sparse_report.c) over synthetic machines built straight into
 * memblock.  The tests are model-agnostic: they pass for MODEL=vmemmap,
 * sparse and flatmem; where a model must behave differently (flatmem
 * cannot span a machine with memory near 2^46) the case says so.
 *
 * Picture legend:  |xxx| RAM  |rrr| reserved  ... absent  (S = 128 MiB)
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
#include <lib/printk.h>
#include <mm/memblock.h>
#include <mm/memmap_init.h>
#include <mm/sparse.h>

#include "capture.h"

#define S (1ULL << SECTION_SIZE_BITS)
#define SZ_1T (1ULL << 40)

#ifdef MEMORY_MODEL_FLATMEM
#define FLATMEM 1
#else
#define FLATMEM 0
#endif

static int setup(void **state)
{
	memblock_reset();
	sparse_reset();
	sparse_set_mem_source(NULL);
	sparse_set_hotplug_ops(NULL);
	memmap_set_zone_for_pfn(NULL);
	assert_int_equal(host_phys_init(MAX_PHYSMEM_BITS), 0);
	return 0;
}

static int teardown(void **state)
{
	capture_stop();
	sparse_reset();
	memblock_reset();
	host_phys_exit();
	return 0;
}

/* Make [base, base + size) simulated RAM on nid and add it to memblock. */
static void ram(phys_addr_t base, phys_addr_t size, int nid)
{
	assert_int_equal(host_phys_populate(base, size), 0);
	assert_int_equal(memblock_add_node(base, size, nid, MEMBLOCK_NONE), 0);
}

static void boot(void)
{
	assert_int_equal(sparse_init(), 0);
	memmap_init();
	assert_int_equal(sparse_check_pfns(true, 8), 0);
}

/* Linux's x86-64 values hold. */
static void test_constants(void **state)
{
	assert_int_equal(PAGES_PER_SECTION, 32768);
	assert_int_equal(NR_MEM_SECTIONS, 524288);
	assert_int_equal(SECTIONS_PER_ROOT, 256);
	assert_int_equal(NR_SECTION_ROOTS, 2048);
	assert_int_equal(PAGES_PER_SUBSECTION, 512);
	assert_int_equal(SUBSECTIONS_PER_SECTION, 64);
	assert_int_equal(PAGEBLOCKS_PER_SECTION, 64);
	assert_int_equal(PAGEBLOCK_FLAGS_LONGS * sizeof(long), 32);
	assert_int_equal(MIGRATE_TYPES, 5);
	assert_int_equal(MIGRATE_ISOLATE, 4);
}

/*
 *  0    1M       100M  110M     256M
 *  |....|rr|xxxxxx|......|xxxxxxx|.....
 *  Sections 0 and 1 present, the holes inside them have struct pages that
 *  are PG_reserved, free memory is not reserved, section 2 is absent.
 */
static void test_holes_inside_section(void **state)
{
	unsigned long pfn;
	struct page *p;

	ram(SZ_1M, 99 * SZ_1M, 0);
	ram(110 * SZ_1M, 146 * SZ_1M, 0);
	assert_int_equal(memblock_reserve(SZ_1M, SZ_1M), 0);
	boot();

	assert_true(present_section_nr(0) && present_section_nr(1));
	assert_false(present_section_nr(2));
	assert_true(early_section(__nr_to_section(0)));
	assert_true(online_section_nr(1));
	/* the hole below 1 MiB and the one at 105 MiB */
	for (pfn = 0; pfn < PHYS_PFN(SZ_1M); pfn++) {
		assert_true(pfn_valid(pfn));
		assert_true(PageReserved(pfn_to_page(pfn)));
	}
	assert_true(pfn_valid(PHYS_PFN(105 * SZ_1M)));
	assert_true(PageReserved(pfn_to_page(PHYS_PFN(105 * SZ_1M))));
	/* the reserved range, and free memory */
	assert_true(PageReserved(pfn_to_page(PHYS_PFN(SZ_1M))));
	p = pfn_to_page(PHYS_PFN(3 * SZ_1M));
	assert_false(PageReserved(p));
	assert_int_equal(page_ref_count(p), 1);
	assert_int_equal(p->_mapcount, -1);
	assert_true(list_empty(&p->lru));
	assert_int_equal(page_zonenum(p), 0);
	assert_int_equal(page_zonenum(pfn_to_page(PHYS_PFN(200 * SZ_1M))), 1);
	/* nothing past the last section */
	assert_false(pfn_valid(PHYS_PFN(2 * S)));
	assert_false(pfn_valid(MAX_PHYSMEM_PFN));
	assert_false(pfn_valid(-1UL));
	/* subsections of early sections mark where memory is */
	assert_true(
		pfn_section_valid(__nr_to_section(1), PHYS_PFN(200 * SZ_1M)));
	assert_false(
		pfn_section_valid(__nr_to_section(0), PHYS_PFN(104 * SZ_1M)));
}

/*
 *  0   64M        1T  1T+S                 2^46-S   2^46-S/2
 *  |xxx|.....//...|xxx|.........//.........|xxxxxxxx|....
 *  Three present sections in three roots; pfn_valid false everywhere else.
 *  Flatmem cannot hold a 64 TiB mem_map and must refuse cleanly.
 */
static void test_far_sections(void **state)
{
	phys_addr_t top = (1ULL << MAX_PHYSMEM_BITS) - S;
	struct sparse_stats st;

	ram(0, 64 * SZ_1M, 0);
	ram(SZ_1T, S, 1);
	ram(top, S / 2, 2);
	if (FLATMEM) {
		capture_start();
		assert_int_equal(sparse_init(), -ENOMEM);
		assert_true(capture_contains("flatmem: no room for a mem_map"));
		return;
	}
	boot();
	sparse_get_stats(&st);
	assert_int_equal(st.present_sections, 3);
	assert_int_equal(st.root_pages, 3);
	assert_non_null(mem_section[0]);
	assert_non_null(mem_section[SECTION_NR_TO_ROOT(
		pfn_to_section_nr(PHYS_PFN(SZ_1T)))]);
	assert_non_null(mem_section[NR_SECTION_ROOTS - 1]);
	assert_null(mem_section[1]);
	assert_int_equal(__highest_present_section_nr, NR_MEM_SECTIONS - 1);
	assert_int_equal(page_to_nid(pfn_to_page(PHYS_PFN(top))), 2);
	assert_int_equal(page_to_nid(pfn_to_page(PHYS_PFN(SZ_1T))), 1);
	assert_int_equal(page_zonenum(pfn_to_page(PHYS_PFN(SZ_1T))), 2);
	assert_int_equal(page_to_section(pfn_to_page(PHYS_PFN(top + S - 4096))),
			 NR_MEM_SECTIONS - 1);
	assert_false(pfn_valid(PHYS_PFN(SZ_1T) - 1));
	assert_false(pfn_valid(PHYS_PFN(SZ_1T + S)));
	assert_true(pfn_valid(MAX_PHYSMEM_PFN - 1));
	assert_false(pfn_valid(MAX_PHYSMEM_PFN));
	/* the memmap of each far section is on its own node */
	assert_true(PageReserved(pfn_to_page(MAX_PHYSMEM_PFN - 1)));
	assert_false(PageReserved(pfn_to_page(PHYS_PFN(SZ_1T + SZ_1M))));
}

/*
 *  0        128M         3G  3G+4K
 *  |xxxxxxxx|....//.....|x|.....
 *  One page of section 24 is memory: the whole section gets struct pages,
 *  32767 of them reserved holes, and exactly one page is free.  (Bottom-up,
 *  so that sparse's own allocations do not land on that page, which
 *  top-down they would: it is the highest free memory.)
 */
static void test_single_page_section(void **state)
{
	unsigned long pfn = PHYS_PFN(3 * SZ_1G), p, free = 0;
	struct sparse_stats st;

	ram(0, S, 0);
	ram(3 * SZ_1G, PAGE_SIZE, 0);
	memblock_set_bottom_up(true);
	boot();
	assert_true(present_section_nr(pfn_to_section_nr(pfn)));
	for (p = section_nr_to_pfn(24); p < section_nr_to_pfn(25); p++)
		free += !PageReserved(pfn_to_page(p));
	assert_int_equal(free, 1);
	assert_false(PageReserved(pfn_to_page(pfn)));
	sparse_get_stats(&st);
	assert_int_equal(st.present_bytes, S + PAGE_SIZE);
	assert_int_equal(st.cost_sparse_memmap, 2 * PAGES_PER_SECTION * 64);
	assert_int_equal(st.cost_sparse_holes,
			 2 * PAGES_PER_SECTION * 64 - (PHYS_PFN(S) + 1) * 64);
	assert_int_equal(st.cost_flatmem_memmap, (pfn + 1) * 64);
}

/*
 *  node: 0    1    2  ...  7
 *       |xxxx|xxxx|xxxx|..|xxxx|   256 MiB each, contiguous
 *  Each node has two sections present and online; pages carry their node;
 *  section memmaps lie in their own node's memory (not for flatmem).
 */
static void test_many_nodes(void **state)
{
	struct sparse_stats st;
	int nid;

	for (nid = 0; nid < 8; nid++)
		ram(nid * 2 * S, 2 * S, nid);
	boot();
	sparse_get_stats(&st);
	for (nid = 0; nid < 8; nid++) {
		unsigned long pfn = PHYS_PFN(nid * 2 * S + S);
		phys_addr_t map_pa;

		assert_int_equal(st.node_present[nid], 2);
		assert_int_equal(st.node_online[nid], 2);
		assert_int_equal(page_to_nid(pfn_to_page(pfn)), nid);
		assert_int_equal(section_nid(__pfn_to_section(pfn)), nid);
		if (FLATMEM)
			continue;
#ifdef MEMORY_MODEL_VMEMMAP
		assert_int_equal(
			arch_vmemmap_lookup((unsigned long)pfn_to_page(pfn),
					    &map_pa),
			PMD_SHIFT);
#else
		map_pa = virt_to_phys(pfn_to_page(pfn));
#endif
		assert_true(map_pa >= nid * 2 * S &&
			    map_pa < (nid + 1) * 2 * S);
	}
	assert_int_equal(st.node_present[8], 0);
}

/*
 *  roots:  0       1..4     5
 *         |x|.....|........|..x..|
 *  memblocks_present allocates root pages 0 and 5 only, from memblock.
 */
static void test_roots_only_for_present(void **state)
{
	unsigned long nr5 = 5 * SECTIONS_PER_ROOT + 3;
	phys_addr_t reserved0;
	unsigned long i;

	ram(0, S, 0);
	ram(section_nr_to_pfn(nr5) << PAGE_SHIFT, S, 0);
	reserved0 = memblock_reserved_size();
	assert_int_equal(memblocks_present(), 0);
	for (i = 0; i < NR_SECTION_ROOTS; i++)
		if (i == 0 || i == 5)
			assert_non_null(mem_section[i]);
		else
			assert_null(mem_section[i]);
	assert_int_equal(memblock_reserved_size() - reserved0,
			 2 * SECTION_ROOT_BYTES);
	assert_true(present_section_nr(nr5));
	assert_false(present_section_nr(nr5 - 1));
	/* before maps exist, the node id is encoded above the flags */
	assert_int_equal(
		__nr_to_section(nr5)->section_mem_map >> SECTION_NID_SHIFT, 0);
	assert_false(valid_section_nr(nr5));
	assert_false(pfn_valid(section_nr_to_pfn(nr5)));
	i = 0;
	for_each_present_section_nr(0, nr5)
		i++;
	assert_int_equal(i, 2);
}

/* Every pageblock starts MOVABLE; setting one block changes only it. */
static void test_pageblock_flags(void **state)
{
	unsigned long pfn = PHYS_PFN(SZ_16M) + 3 * pageblock_nr_pages;
	struct page *p;

	ram(0, S, 0);
	boot();
	p = pfn_to_page(pfn);
	assert_int_equal(get_pageblock_migratetype(p), MIGRATE_MOVABLE);
	set_pageblock_migratetype(p, MIGRATE_RECLAIMABLE);
	assert_int_equal(get_pageblock_migratetype(pfn_to_page(pfn + 511)),
			 MIGRATE_RECLAIMABLE);
	assert_int_equal(get_pfnblock_migratetype(NULL, pfn - 1),
			 MIGRATE_MOVABLE);
	assert_int_equal(get_pfnblock_migratetype(NULL, pfn + 512),
			 MIGRATE_MOVABLE);
	set_pfnblock_flags_mask(p, 1UL << PB_migrate_skip, pfn,
				1UL << PB_migrate_skip);
	assert_int_equal(get_pageblock_migratetype(p), MIGRATE_RECLAIMABLE);
	assert_int_equal(get_pfnblock_flags_mask(p, pfn,
						 1UL << PB_migrate_skip),
			 1UL << PB_migrate_skip);
	set_pageblock_migratetype(p, MIGRATE_ISOLATE);
	assert_int_equal(get_pfnblock_migratetype(p, pfn), MIGRATE_ISOLATE);
	assert_string_equal(migratetype_names[MIGRATE_HIGHATOMIC],
			    "HighAtomic");
}

/* pfn_to_online_page follows SECTION_IS_ONLINE. */
static void test_online_page(void **state)
{
	ram(0, 2 * S, 0);
	boot();
	assert_non_null(pfn_to_online_page(PHYS_PFN(S)));
	offline_mem_sections(PHYS_PFN(S), PHYS_PFN(2 * S));
	assert_null(pfn_to_online_page(PHYS_PFN(S)));
	assert_non_null(pfn_to_online_page(PHYS_PFN(S) - 1));
	online_mem_sections(PHYS_PFN(S), PHYS_PFN(2 * S));
	assert_ptr_equal(pfn_to_online_page(PHYS_PFN(S)),
			 pfn_to_page(PHYS_PFN(S)));
	assert_null(pfn_to_online_page(PHYS_PFN(3 * S)));
}

static int online_calls, offline_calls;
static int online_hook(int nid, unsigned long start, unsigned long nr)
{
	online_calls++;
	assert_int_equal(nid, 1);
	assert_int_equal(nr, PAGES_PER_SECTION);
	return 0;
}
static int offline_hook(unsigned long start, unsigned long nr)
{
	offline_calls++;
	return 0;
}
static const struct sparse_hotplug_ops hooks = { online_hook, offline_hook };

static bool all_free(unsigned long pfn, void *ctx)
{
	return true;
}

/*
 *  0    S    2S   3S   4S   5S
 *  |xxxx|....|++++|....|xxxx|     ++ hot-added section 2, then removed
 *  Adding makes section 2 valid, online, its pages reserved and checked;
 *  a busy page makes removal refuse and name it; removal returns every
 *  byte (memblock reserved size and page-table pages as before the add).
 */
static void test_hotplug_round_trip(void **state)
{
	unsigned long start = PHYS_PFN(2 * S), busy = start + 77;
	phys_addr_t reserved0;
	unsigned long pt0, roots0;
	struct sparse_stats st;
	char want[64];

	ram(0, S, 0);
	ram(4 * S, S, 0);
	boot();
	assert_int_equal(host_phys_populate(2 * S, S), 0);
	reserved0 = memblock_reserved_size();
	pt0 = arch_vmemmap_pgtable_pages();
	sparse_get_stats(&st);
	roots0 = st.root_pages;
	sparse_set_hotplug_ops(&hooks);

	assert_int_equal(sparse_add_section(1, start, PAGES_PER_SECTION), 0);
	assert_int_equal(online_calls, 1);
	assert_true(pfn_valid(start) &&
		    pfn_valid(start + PAGES_PER_SECTION - 1));
	assert_true(online_section_nr(2));
	assert_false(early_section(__nr_to_section(2)));
	assert_true(PageReserved(pfn_to_page(start + 5)));
	assert_int_equal(page_to_nid(pfn_to_page(start)), 1);
	assert_int_equal(sparse_check_pfns(true, 8), 0);
	assert_int_equal(sparse_add_section(1, start, PAGES_PER_SECTION),
			 -EEXIST);
	assert_true(memblock_reserved_size() > reserved0);

	/* one page in use: refused, named, nothing changed */
	ClearPageReserved(pfn_to_page(busy));
	set_page_count(pfn_to_page(busy), 2);
	capture_start();
	assert_int_equal(sparse_remove_section(start, PAGES_PER_SECTION, NULL,
					       NULL),
			 -EBUSY);
	scnprintf(want, sizeof(want), "pfn %#lx busy", busy);
	assert_true(capture_contains(want));
	assert_true(capture_contains("1 busy pages"));
	assert_true(pfn_valid(busy));
	assert_int_equal(offline_calls, 0);

	/* the caller says all are free: removed, every byte back */
	assert_int_equal(sparse_remove_section(start, PAGES_PER_SECTION,
					       all_free, NULL),
			 0);
	assert_int_equal(offline_calls, 1);
	assert_false(pfn_valid(start));
	assert_false(present_section_nr(2));
	assert_int_equal(memblock_reserved_size(), reserved0);
	assert_int_equal(arch_vmemmap_pgtable_pages(), pt0);
	sparse_get_stats(&st);
	assert_int_equal(st.root_pages, roots0);
	assert_int_equal(sparse_check_pfns(true, 8), 0);
}

/* Bad ranges are refused without changing anything. */
static void test_hotplug_bad_ranges(void **state)
{
	ram(0, S, 0);
	boot();
	capture_start();
	assert_int_equal(sparse_add_section(0, PHYS_PFN(2 * S) + 1, 512),
			 -EINVAL);
	assert_int_equal(sparse_add_section(0, PHYS_PFN(2 * S), 0), -EINVAL);
	assert_int_equal(sparse_add_section(0, PHYS_PFN(3 * S) - 512,
					    2 * PAGES_PER_SECTION),
			 -EINVAL);
	assert_int_equal(sparse_add_section(0, MAX_PHYSMEM_PFN,
					    PAGES_PER_SECTION),
			 -EINVAL);
	assert_int_equal(sparse_add_section(0, 0, PAGES_PER_SECTION), -EEXIST);
	assert_int_equal(sparse_remove_section(PHYS_PFN(2 * S),
					       PAGES_PER_SECTION, NULL, NULL),
			 -EINVAL);
	/* an early section with free memory is busy by default */
	assert_int_equal(sparse_remove_section(0, PAGES_PER_SECTION, NULL,
					       NULL),
			 -EBUSY);
	assert_int_equal(sparse_check_pfns(true, 8), 0);
}

/* A custom zone lookup is what page flags carry after memmap_init. */
static unsigned int all_movable(unsigned long pfn, int nid,
				unsigned long *end_pfn)
{
	if (end_pfn)
		*end_pfn = pfn + 7; /* runs that end inside sections */
	return 3;
}
static void test_zone_callback(void **state)
{
	ram(0, S, 0);
	memmap_set_zone_for_pfn(all_movable);
	boot();
	assert_int_equal(page_zonenum(pfn_to_page(5)), 3);
	assert_int_equal(page_zonenum(pfn_to_page(PHYS_PFN(S) - 1)), 3);
}

/*
 *  A 6 GiB QEMU-like machine: |x 640K|..|x 1M..2G|...|x 4G..8G|
 *  The figures are printed and consistent with each other.
 */
static void test_model_costs(void **state)
{
	struct sparse_stats st;

	ram(0, 640 * SZ_1K, 0);
	ram(SZ_1M, 2 * SZ_1G - SZ_1M, 0);
	ram(4 * SZ_1G, 4 * SZ_1G, 0);
	memblock_reserve(SZ_1M, 8 * SZ_1M); /* the "image" */
	boot();
	capture_start();
	sparse_print_model_costs();
	printf("%s", capture_text());
	sparse_get_stats(&st);
	assert_int_equal(st.present_sections, 48);
	assert_int_equal(st.present_bytes, 6 * SZ_1G - SZ_1M + 640 * SZ_1K);
	assert_int_equal(st.cost_sparse_memmap, 48 * 2 * SZ_1M);
	assert_int_equal(st.cost_vmemmap_memmap, 48 * 2 * SZ_1M);
	assert_int_equal(st.cost_flatmem_memmap, 8 * SZ_1G / PAGE_SIZE * 64);
	assert_int_equal(st.memmap_bytes, FLATMEM ? st.cost_flatmem_memmap :
						    st.cost_sparse_memmap);
	/* the only hole inside present sections: [640K, 1M), 96 pages */
	assert_int_equal(st.cost_sparse_holes, 96 * 64);
	assert_true(capture_contains(
		"sparse: node 0: 48 sections present, 48 online"));
	assert_true(capture_contains(
		"sparse: this machine as flatmem: memmap 131072 KiB"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_constants),
		cmocka_unit_test_setup_teardown(test_holes_inside_section,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_far_sections, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_single_page_section, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_many_nodes, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_roots_only_for_present,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_pageblock_flags, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_online_page, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_hotplug_round_trip, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_hotplug_bad_ranges, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_zone_callback, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_model_costs, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
