// SPDX-License-Identifier: MIT
/*
 * Unit tests for memory hot-plug over simulated memory: hotplug_holdback()
 * (mm/hotplug_holdback.c) choosing sections at boot, and online_pages() /
 * offline_pages() (mm/memory_hotplug.c) behind sparse_add_section() and
 * sparse_remove_section(): the zone a range joins, the allocator using
 * it, the refusal of a busy range, and every counter back exactly after
 * the removal.
 *
 * The machines boot as mm_machine_boot() does, with hotplug_holdback()
 * between memblock and sparse_init() as the app's boot runs it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include <arch/host.h>
#include <lib/printk.h>
#include <mm/hotplug.h>
#include <mm/memblock.h>
#include <mm/memmap_init.h>
#include <mm/page_alloc_internal.h>
#include <mm/sparse.h>

#include "capture.h"
#include "mm_machine.h"

#define S ((phys_addr_t)PFN_PHYS(PAGES_PER_SECTION)) /* 128 MiB */

static int teardown(void **state)
{
	hotplug_holdback_reset();
	mm_machine_reset();
	return 0;
}

/* mm_machine_boot() with hotplug_holdback(nr) before sparse_init(). */
static unsigned int boot_holdback(const struct mm_range *ram, unsigned int n,
				  const phys_addr_t (*res)[2],
				  unsigned int n_res, unsigned int nr)
{
	static const struct zones_config cfg = { .nr_cpus = 2 };
	unsigned int i, held;

	mm_machine_reset();
	hotplug_holdback_reset();
	assert_int_equal(host_phys_init(MAX_PHYSMEM_BITS), 0);
	for (i = 0; i < n; i++) {
		assert_int_equal(host_phys_populate(ram[i].base, ram[i].size),
				 0);
		assert_int_equal(memblock_add_node(ram[i].base, ram[i].size,
						   ram[i].nid, ram[i].flags),
				 0);
	}
	for (i = 0; i < n_res; i++)
		assert_int_equal(memblock_reserve(res[i][0], res[i][1]), 0);
	memblock_allow_resize();
	capture_start();
	held = hotplug_holdback(nr);
	assert_int_equal(sparse_init(), 0);
	assert_int_equal(free_area_init(&cfg), 0);
	memmap_init();
	assert_int_equal(page_alloc_init(), 0);
	memory_hotplug_init();
	assert_int_equal(mm_check_free_lists(), 0);
	return held;
}

/* ---- counters that must come back ------------------------------------------ */

struct counts {
	unsigned long free[MAX_NR_ZONES], managed[MAX_NR_ZONES];
	unsigned long present[MAX_NR_ZONES], spanned[MAX_NR_ZONES];
	unsigned long start[MAX_NR_ZONES], wmark_high[MAX_NR_ZONES];
	long lowmem_reserve[MAX_NR_ZONES][MAX_NR_ZONES];
	unsigned long node_present, node_spanned, node_start, total_free;
	u64 memmap_bytes;
	bool has_pcp[MAX_NR_ZONES];
};

static void counts_take(struct counts *c)
{
	pg_data_t *pgdat = NODE_DATA(0);

	drain_all_pages(NULL);
	memset(c, 0, sizeof(*c));
	for (int zi = 0; zi < MAX_NR_ZONES; zi++) {
		struct zone *z = &pgdat->node_zones[zi];

		c->free[zi] = zone_page_state(z, NR_FREE_PAGES);
		c->managed[zi] = zone_managed_pages(z);
		c->present[zi] = z->present_pages;
		c->spanned[zi] = z->spanned_pages;
		c->start[zi] = z->zone_start_pfn;
		c->wmark_high[zi] = high_wmark_pages(z);
		memcpy(c->lowmem_reserve[zi], z->lowmem_reserve,
		       sizeof(z->lowmem_reserve));
		c->has_pcp[zi] = z->per_cpu_pageset != NULL;
	}
	c->node_present = pgdat->node_present_pages;
	c->node_spanned = pgdat->node_spanned_pages;
	c->node_start = pgdat->node_start_pfn;
	c->total_free = global_free_pages();
	c->memmap_bytes = memmap_model_bytes();
}

static void assert_counts_equal(const struct counts *a, const struct counts *b)
{
	for (int zi = 0; zi < MAX_NR_ZONES; zi++) {
		assert_int_equal(a->free[zi], b->free[zi]);
		assert_int_equal(a->managed[zi], b->managed[zi]);
		assert_int_equal(a->present[zi], b->present[zi]);
		assert_int_equal(a->spanned[zi], b->spanned[zi]);
		assert_int_equal(a->start[zi], b->start[zi]);
		assert_int_equal(a->wmark_high[zi], b->wmark_high[zi]);
		assert_memory_equal(a->lowmem_reserve[zi],
				    b->lowmem_reserve[zi],
				    sizeof(a->lowmem_reserve[zi]));
		assert_int_equal(a->has_pcp[zi], b->has_pcp[zi]);
	}
	assert_int_equal(a->node_present, b->node_present);
	assert_int_equal(a->node_spanned, b->node_spanned);
	assert_int_equal(a->node_start, b->node_start);
	assert_int_equal(a->total_free, b->total_free);
	assert_int_equal(a->memmap_bytes, b->memmap_bytes);
}

/* ---- allocating the added range ------------------------------------------- */

#define MAX_HELD 4096

struct held {
	struct page *page[MAX_HELD];
	unsigned int order[MAX_HELD];
	unsigned int n;
	unsigned long pages_in_range;
};

/* Allocate gfp blocks (below the watermarks too), largest first, until
 * all of [start, start + nr) is held or nothing more comes; blocks
 * outside it are freed again. */
static void grab(struct held *h, gfp_t gfp, unsigned long start,
		 unsigned long nr)
{
	static struct page *other[1 << 16];
	static unsigned int other_order[1 << 16];
	unsigned int n_other = 0;
	struct page *page;

	memset(h, 0, sizeof(*h));
	for (int o = MAX_PAGE_ORDER; o >= 0 && h->pages_in_range < nr; o--) {
		while (h->pages_in_range < nr && n_other < ARRAY_SIZE(other) &&
		       (page = alloc_pages_node(
				0, gfp | __GFP_MEMALLOC | __GFP_NOWARN,
				(unsigned int)o))) {
			unsigned long pfn = page_to_pfn(page);

			if (pfn >= start && pfn < start + nr) {
				assert_true(h->n < MAX_HELD);
				h->page[h->n] = page;
				h->order[h->n++] = (unsigned int)o;
				h->pages_in_range += 1UL << o;
			} else {
				other[n_other] = page;
				other_order[n_other++] = (unsigned int)o;
			}
		}
	}
	while (n_other--)
		__free_pages(other[n_other], other_order[n_other]);
}

static void release(struct held *h)
{
	while (h->n--)
		__free_pages(h->page[h->n], h->order[h->n]);
	h->n = 0;
}

/* Drain, then sparse_remove_section() with the buddy-allocator test. */
static int hp_remove(unsigned long start, unsigned long nr)
{
	drain_all_pages(NULL);
	return sparse_remove_section(start, nr, hotplug_pfn_is_free, NULL);
}

/* ---- hold-back ---------------------------------------------------------------- */

/*
 * RAM [1M, 1G) on node 0 (sections 0..7), something reserved in section 7:
 *
 *   | 0 (never) | 1 | 2 | 3 | 4 | 5 | 6 | 7 reserved |
 *                               ^^^^^^^^ held back: 6, then 5
 */
static const struct mm_range low_1g[] = { { SZ_1M, SZ_1G - SZ_1M, 0, 0 } };
static const phys_addr_t top_reserved[][2] = { { SZ_1G - 4 * SZ_1M, SZ_1M } };

static void test_holdback_highest_free_sections(void **state)
{
	const struct hotplug_range *r;

	assert_int_equal(boot_holdback(low_1g, 1, top_reserved, 1, 2), 2);
	assert_true(capture_contains(
		"sparsemm: hotplug: holding back section 6 [mem 0x0000000030000000-0x0000000037ffffff] on node 0\n"
		"sparsemm: hotplug: holding back section 5 [mem 0x0000000028000000-0x000000002fffffff] on node 0\n"
		"sparsemm: hotplug: 2 sections (256 MiB) held back for the hotplug suite\n"));
	assert_int_equal(hotplug_held_back(&r), 2);
	assert_int_equal(r[0].nid, 0);
	assert_int_equal(r[0].start_pfn, 6 * PAGES_PER_SECTION);
	assert_int_equal(r[0].nr_pages, PAGES_PER_SECTION);
	assert_int_equal(r[1].start_pfn, 5 * PAGES_PER_SECTION);
	/* Out of memblock, so no section, no struct page. */
	assert_false(memblock_is_memory(6 * S));
	assert_false(memblock_is_memory(5 * S + S - 1));
	assert_true(memblock_is_memory(7 * S));
	assert_false(pfn_valid(6 * PAGES_PER_SECTION));
	assert_true(pfn_valid(7 * PAGES_PER_SECTION));
}

static void test_holdback_fewer_than_asked(void **state)
{
	/* Sections 1..6 can go; 7 is reserved, 0 never goes. */
	assert_int_equal(boot_holdback(low_1g, 1, top_reserved, 1, 100), 6);
	assert_true(capture_contains(
		"sparsemm: hotplug: held back 6 of the 100 sections asked for: of the sections with memory passed over, 0 are not entirely usable RAM of one node, 1 hold reserved memory (image, tables, data in use), 0 are their node's last memory; section 0 is never held back\n"));
}

/* A node keeps memory: node 1 is a single section here. */
static void test_holdback_keeps_each_node(void **state)
{
	static const struct mm_range ram[] = {
		{ SZ_1M, 2 * S - SZ_1M, 0, 0 },
		{ 2 * S, S, 1, 0 },
	};

	assert_int_equal(boot_holdback(ram, 2, NULL, 0, 2), 1);
	assert_true(capture_contains(
		"sparsemm: hotplug: holding back section 1 [mem 0x0000000008000000-0x000000000fffffff] on node 0\n"));
	assert_true(capture_contains("1 are their node's last memory"));
}

/* ---- online and offline ------------------------------------------------------- */

/* The range held back lies inside DMA32's span (section 7 is memory):
 * it joins DMA32, whose span does not change. */
static void test_online_offline_inside_zone(void **state)
{
	const unsigned long start = 6 * PAGES_PER_SECTION;
	const unsigned long nr = PAGES_PER_SECTION;
	struct counts before, busy_before, now;
	static struct held h;
	struct zone *dma32;

	assert_int_equal(boot_holdback(low_1g, 1, top_reserved, 1, 1), 1);
	dma32 = mm_zone(0, ZONE_DMA32);
	counts_take(&before);
	capture_stop();
	capture_start();

	assert_int_equal(sparse_add_section(0, start, nr), 0);
	assert_true(capture_contains(
		"hotplug: onlined pfns [0x30000-0x38000) into node 0 zone DMA32"));
	counts_take(&now);
	assert_int_equal(now.present[ZONE_DMA32],
			 before.present[ZONE_DMA32] + nr);
	assert_int_equal(now.managed[ZONE_DMA32],
			 before.managed[ZONE_DMA32] + nr);
	assert_int_equal(now.spanned[ZONE_DMA32], before.spanned[ZONE_DMA32]);
	assert_int_equal(now.node_present, before.node_present + nr);
	/* Free grows by the range less its memmap (2 MiB) and usage map. */
	assert_true(now.total_free > before.total_free + nr - 520);
	assert_true(now.total_free < before.total_free + nr);
	assert_int_equal(page_zone(pfn_to_page(start)), dma32);
	assert_int_equal(page_zone(pfn_to_page(start + nr - 1)), dma32);
	assert_int_equal(mm_check_free_lists(), 0);

	/* The allocator hands out all of it. */
	grab(&h, GFP_KERNEL, start, nr);
	assert_int_equal(h.pages_in_range, nr);

	/* Busy: refused, named, nothing changed. */
	counts_take(&busy_before);
	capture_stop();
	capture_start();
	assert_int_equal(hp_remove(start, nr), -EBUSY);
	assert_true(capture_contains(
		"hotplug: cannot remove [0x30000-0x38000): pfn 0x30000 busy (refcount 1, "));
	assert_true(capture_contains(
		"hotplug: 32768 busy pages in [0x30000-0x38000), nothing removed\n"));
	assert_true(pfn_valid(start));
	counts_take(&now);
	assert_counts_equal(&busy_before, &now);
	/* offline_pages() itself: isolates, finds them busy, undoes it. */
	assert_int_equal(offline_pages(start, nr), -EBUSY);
	assert_true(capture_contains(
		"hotplug: cannot offline pfns [0x30000-0x38000) of node 0 zone DMA32: 32768 busy pages in 32 blocks: pfn 0x30000 (order 10, refcount 1, "));
	assert_true(capture_contains("; nothing offlined\n"));
	counts_take(&now);
	assert_counts_equal(&busy_before, &now);
	assert_int_not_equal(get_pageblock_migratetype(pfn_to_page(start)),
			     MIGRATE_ISOLATE);
	assert_int_equal(mm_check_free_lists(), 0);

	release(&h);
	assert_int_equal(hp_remove(start, nr), 0);
	assert_false(pfn_valid(start));
	assert_false(pfn_valid(start + nr - 1));
	counts_take(&now);
	assert_counts_equal(&before, &now);
	assert_int_equal(mm_check_free_lists(), 0);

	/* And again: add/remove is repeatable. */
	assert_int_equal(sparse_add_section(0, start, nr), 0);
	assert_int_equal(hp_remove(start, nr), 0);
	counts_take(&now);
	assert_counts_equal(&before, &now);
}

/* One block busy: its pfn and order are named, its pages counted. */
static void test_offline_names_one_busy_block(void **state)
{
	const unsigned long start = 6 * PAGES_PER_SECTION;
	const unsigned long nr = PAGES_PER_SECTION;
	struct counts before, now;
	static struct held h;
	struct page *keep;
	unsigned int order;
	char want[160];

	assert_int_equal(boot_holdback(low_1g, 1, top_reserved, 1, 1), 1);
	counts_take(&before);
	assert_int_equal(sparse_add_section(0, start, nr), 0);
	grab(&h, GFP_KERNEL, start, nr);
	assert_int_equal(h.pages_in_range, nr);
	/* Keep the last block grabbed, free the others. */
	keep = h.page[--h.n];
	order = h.order[h.n];
	release(&h);
	capture_stop();
	capture_start();
	assert_int_equal(hp_remove(start, nr), -EBUSY);
	snprintf(
		want, sizeof(want),
		"hotplug: cannot remove [0x30000-0x38000): pfn %#lx busy (refcount 1, ",
		page_to_pfn(keep));
	assert_true(capture_contains(want));
	snprintf(
		want, sizeof(want),
		"hotplug: %lu busy pages in [0x30000-0x38000), nothing removed\n",
		1UL << order);
	assert_true(capture_contains(want));
	assert_int_equal(offline_pages(start, nr), -EBUSY);
	snprintf(
		want, sizeof(want),
		"hotplug: cannot offline pfns [0x30000-0x38000) of node 0 zone DMA32: %lu busy page%s in 1 block: pfn %#lx (order %u, refcount 1, ",
		1UL << order, order ? "s" : "", page_to_pfn(keep), order);
	assert_true(capture_contains(want));
	__free_pages(keep, order);
	assert_int_equal(hp_remove(start, nr), 0);
	counts_take(&now);
	assert_counts_equal(&before, &now);
}

/*
 * RAM [1M, 1G) and [4G, 4.5G): the held-back section [4.375G, 4.5G) lies
 * above ZONE_NORMAL [4G, 4.375G) and becomes a new ZONE_MOVABLE, with
 * per-CPU lists and zonelists of its own, all gone again after removal.
 */
static void test_online_movable_above_normal(void **state)
{
	static const struct mm_range ram[] = {
		{ SZ_1M, SZ_1G - SZ_1M, 0, 0 },
		{ SZ_4G, 4 * S, 0, 0 },
	};
	const unsigned long start = PHYS_PFN(SZ_4G + 3 * S);
	const unsigned long nr = PAGES_PER_SECTION;
	struct counts before, now;
	static struct held h;
	struct zone *movable;
	struct page *page;

	assert_int_equal(boot_holdback(ram, 2, NULL, 0, 1), 1);
	assert_true(capture_contains(
		"sparsemm: hotplug: holding back section 35 [mem 0x0000000118000000-0x000000011fffffff] on node 0\n"));
	movable = mm_zone(0, ZONE_MOVABLE);
	assert_false(populated_zone(movable));
	counts_take(&before);

	assert_int_equal(sparse_add_section(0, start, nr), 0);
	assert_true(populated_zone(movable));
	assert_non_null(movable->per_cpu_pageset);
	assert_int_equal(movable->zone_start_pfn, start);
	assert_int_equal(movable->spanned_pages, nr);
	assert_int_equal(movable->present_pages, nr);
	assert_int_equal(zone_managed_pages(movable), nr);
	assert_true(movable->pageset_batch > 1);
	assert_int_equal(NODE_DATA(0)->nr_zones, MAX_NR_ZONES);
	assert_int_equal(pgdat_end_pfn(NODE_DATA(0)), start + nr);
	assert_int_equal(mm_check_free_lists(), 0);

	/* GFP_KERNEL cannot reach it, movable allocations prefer it. */
	page = alloc_pages_node(0, GFP_KERNEL, 0);
	assert_non_null(page);
	assert_true(page_zone(page) != movable);
	__free_pages(page, 0);
	page = alloc_pages_node(0, GFP_HIGHUSER_MOVABLE, 0);
	assert_non_null(page);
	assert_ptr_equal(page_zone(page), movable);
	__free_pages(page, 0);
	grab(&h, GFP_HIGHUSER_MOVABLE, start, nr);
	assert_int_equal(h.pages_in_range, nr);
	assert_int_equal(hp_remove(start, nr), -EBUSY);
	assert_true(capture_contains(
		"32768 busy pages in [0x118000-0x120000), nothing removed\n"));
	assert_int_equal(offline_pages(start, nr), -EBUSY);
	assert_true(capture_contains(
		"of node 0 zone Movable: 32768 busy pages in "));
	release(&h);

	assert_int_equal(hp_remove(start, nr), 0);
	assert_false(populated_zone(movable));
	assert_null(movable->per_cpu_pageset);
	assert_int_equal(NODE_DATA(0)->nr_zones, ZONE_NORMAL + 1);
	counts_take(&now);
	assert_counts_equal(&before, &now);
	assert_int_equal(mm_check_free_lists(), 0);
}

/* Nothing reserved at the top: the held-back section 7 lies past the end
 * of DMA32, which grows over it and shrinks back exactly. */
static void test_online_extends_zone_span(void **state)
{
	const unsigned long start = 7 * PAGES_PER_SECTION;
	const unsigned long nr = PAGES_PER_SECTION;
	struct counts before, now;
	struct zone *dma32;

	assert_int_equal(boot_holdback(low_1g, 1, NULL, 0, 1), 1);
	dma32 = mm_zone(0, ZONE_DMA32);
	assert_int_equal(zone_end_pfn(dma32), start);
	counts_take(&before);
	assert_int_equal(sparse_add_section(0, start, nr), 0);
	assert_int_equal(zone_end_pfn(dma32), start + nr);
	assert_int_equal(dma32->spanned_pages, before.spanned[ZONE_DMA32] + nr);
	assert_int_equal(pgdat_end_pfn(NODE_DATA(0)), start + nr);
	assert_int_equal(hp_remove(start, nr), 0);
	counts_take(&now);
	assert_counts_equal(&before, &now);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_holdback_highest_free_sections,
					  teardown),
		cmocka_unit_test_teardown(test_holdback_fewer_than_asked,
					  teardown),
		cmocka_unit_test_teardown(test_holdback_keeps_each_node,
					  teardown),
		cmocka_unit_test_teardown(test_online_offline_inside_zone,
					  teardown),
		cmocka_unit_test_teardown(test_offline_names_one_busy_block,
					  teardown),
		cmocka_unit_test_teardown(test_online_movable_above_normal,
					  teardown),
		cmocka_unit_test_teardown(test_online_extends_zone_span,
					  teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
