// SPDX-License-Identifier: MIT
/*
 * Unit tests for the buddy allocator (mm/page_alloc*.c, mm/pcp.c,
 * mm/page_alloc_check.c) on a small machine booted through the real
 * pipeline:
 *
 *   0 4K      636K  1M                                  64M
 *   |.|xxxxxxxx|.....|xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx|
 *      DMA (to 16M)         DMA32 (16M..64M)
 *
 * Exact cases empty the DMA/DMA32 zones first ("hold everything", with
 * __GFP_MEMALLOC so that watermarks do not stop it), then free chosen
 * pfns and compare the free lists with what Linux's rules give.
 * mm_check_free_lists() runs after every case.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include <lib/printk.h>
#include <lib/string.h>
#include <mm/page_alloc_internal.h>

#include "capture.h"
#include "mm_machine.h"

static const struct mm_range small[] = {
	{ 0x1000, 0x9e000, 0, 0 },
	{ 0x100000, 0x3f00000, 0, 0 },
};

#define HOLD_GFP (GFP_DMA32 | __GFP_MOVABLE | __GFP_MEMALLOC | __GFP_NOWARN)

static LIST_HEAD(held);
static unsigned long nr_held;

static int setup(void **state)
{
	mm_machine_boot(small, ARRAY_SIZE(small), NULL, 0, NULL, false);
	INIT_LIST_HEAD(&held);
	nr_held = 0;
	return 0;
}

static int teardown(void **state)
{
	assert_int_equal(mm_check_free_lists(), 0);
	mm_machine_reset();
	return 0;
}

static struct zone *dma32(void)
{
	return mm_zone(0, ZONE_DMA32);
}

/* Take every free page of DMA and DMA32 as order-0 movable pages. */
static void hold_everything(void)
{
	struct page *p;

	while ((p = alloc_page(HOLD_GFP))) {
		list_add_tail(&p->lru, &held);
		nr_held++;
	}
	drain_all_pages(NULL);
	while ((p = alloc_page(HOLD_GFP))) {
		list_add_tail(&p->lru, &held);
		nr_held++;
	}
	assert_int_equal(zone_page_state(dma32(), NR_FREE_PAGES), 0);
	assert_int_equal(zone_page_state(mm_zone(0, ZONE_DMA), NR_FREE_PAGES),
			 0);
}

/* Free the held page of pfn (order 0) and push it to the buddy lists. */
static void release_pfn(unsigned long pfn)
{
	struct page *p = pfn_to_page(pfn);

	list_del(&p->lru);
	nr_held--;
	__free_page(p);
	drain_all_pages(NULL);
}

static void release_all(void)
{
	struct page *p, *n;

	list_for_each_entry_safe(p, n, &held, lru) {
		list_del(&p->lru);
		__free_pages(p, (unsigned int)p->private);
	}
	nr_held = 0;
	drain_all_pages(NULL);
}

static unsigned long list_len(struct zone *z, unsigned int order, int mt)
{
	struct list_head *l;
	unsigned long n = 0;

	list_for_each(l, &z->free_area[order].free_list[mt])
		n++;
	return n;
}

/* The zone's free lists hold exactly one block: pfn at order. */
static void expect_only_block(struct zone *z, unsigned long pfn,
			      unsigned int order, int mt)
{
	unsigned int o;
	struct page *p;

	for (o = 0; o < NR_PAGE_ORDERS; o++)
		assert_int_equal(z->free_area[o].nr_free, o == order ? 1 : 0);
	p = list_first_entry(&z->free_area[order].free_list[mt], struct page,
			     lru);
	assert_int_equal(page_to_pfn(p), pfn);
	assert_true(PageBuddy(p));
	assert_int_equal(buddy_order(p), order);
	assert_int_equal(zone_page_state(z, NR_FREE_PAGES), 1UL << order);
}

/* Splitting takes the smallest block >= the order and frees the upper
 * halves; freeing merges it back to exactly the state before. */
static void test_split_and_merge_back(void **state)
{
	unsigned long before[NR_PAGE_ORDERS], pfn;
	struct zone *z = dma32();
	unsigned int o, c;
	struct page *want, *p;

	for (o = 0; o < NR_PAGE_ORDERS; o++)
		before[o] = z->free_area[o].nr_free;
	for (c = 4; c < NR_PAGE_ORDERS; c++)
		if (!list_empty(&z->free_area[c].free_list[MIGRATE_MOVABLE]))
			break;
	if (c == NR_PAGE_ORDERS) {
		fail_msg("no movable free block of order 4 or more");
		return;
	}
	want = list_first_entry(&z->free_area[c].free_list[MIGRATE_MOVABLE],
				struct page, lru);
	pfn = page_to_pfn(want);

	p = alloc_pages(GFP_DMA32 | __GFP_MOVABLE, 4);
	assert_ptr_equal(p, want);
	for (o = 0; o < NR_PAGE_ORDERS; o++) {
		unsigned long exp = before[o];

		if (o == c)
			exp--;
		else if (o >= 4 && o < c)
			exp++;
		assert_int_equal(z->free_area[o].nr_free, exp);
	}
	/* The upper halves are the buddies: pfn + 16, + 32, ... */
	for (o = 4; o < c; o++) {
		struct page *half = pfn_to_page(pfn + (1UL << o));

		assert_true(PageBuddy(half));
		assert_int_equal(buddy_order(half), o);
	}
	assert_int_equal(page_ref_count(p), 1);
	assert_false(PageBuddy(p));
	__free_pages(p, 4);
	for (o = 0; o < NR_PAGE_ORDERS; o++)
		assert_int_equal(z->free_area[o].nr_free, before[o]);
	assert_true(PageBuddy(want));
	assert_int_equal(buddy_order(want), c);
}

/*
 * Merging at every order: in an empty zone, free the 1024 pages of one
 * MAX_PAGE_ORDER block in order; after 2^k pages the lists hold exactly
 * one block of order k.  Pages freed out of order merge as soon as their
 * buddy is free.
 */
static void test_merge_every_order(void **state)
{
	unsigned long base = ALIGN_UP(dma32()->zone_start_pfn, 1024), i;
	struct zone *z = dma32();

	hold_everything();
	for (i = 0; i < 1024; i++) {
		release_pfn(base + i);
		if ((i & (i + 1)) == 0) /* i + 1 is a power of two */
			expect_only_block(z, base, __builtin_ctzl(i + 1),
					  MIGRATE_MOVABLE);
	}
	expect_only_block(z, base, 10, MIGRATE_MOVABLE);

	/* Out of order: 3, 1, 0, 2 of the next block. */
	base += 1024;
	release_pfn(base + 3);
	release_pfn(base + 1);
	assert_int_equal(z->free_area[0].nr_free, 2);
	release_pfn(base + 0);
	assert_int_equal(z->free_area[0].nr_free, 1);
	assert_int_equal(z->free_area[1].nr_free, 1);
	release_pfn(base + 2);
	assert_int_equal(z->free_area[0].nr_free, 0);
	assert_int_equal(z->free_area[1].nr_free, 0);
	assert_int_equal(z->free_area[2].nr_free, 1);
	assert_true(PageBuddy(pfn_to_page(base)));
	assert_int_equal(buddy_order(pfn_to_page(base)), 2);
	release_all();
}

/* Merging stops at MAX_PAGE_ORDER, and at pageblock order between a
 * mergeable type and an isolated pageblock. */
static void test_merge_limits(void **state)
{
	unsigned long base = ALIGN_UP(dma32()->zone_start_pfn, 2048), i;
	struct zone *z = dma32();

	hold_everything();
	for (i = 0; i < 2048; i++)
		release_pfn(base + i);
	/* Two order-10 buddies never make an order-11 block. */
	assert_int_equal(z->free_area[10].nr_free, 2);

	/* Isolate the pageblock at base + 2560 and free 1024 more pages:
	 * its half stays an order-9 block on the Isolate list. */
	set_pageblock_migratetype(pfn_to_page(base + 2048 + 512),
				  MIGRATE_ISOLATE);
	for (i = 2048; i < 3072; i++)
		release_pfn(base + i);
	assert_int_equal(z->free_area[9].nr_free, 2);
	assert_int_equal(list_len(z, 9, MIGRATE_ISOLATE), 1);
	assert_int_equal(list_len(z, 9, MIGRATE_MOVABLE), 1);
	/* Isolated pages are not counted as free. */
	assert_int_equal(zone_page_state(z, NR_FREE_PAGES), 2048 + 512);
	assert_int_equal(mm_check_free_lists(), 0);
	/* Undo the isolation for the final check. */
	{
		struct page *p = pfn_to_page(base + 2048 + 512);

		spin_lock(&z->lock);
		list_move(&p->lru, &z->free_area[9].free_list[MIGRATE_MOVABLE]);
		set_pageblock_migratetype(p, MIGRATE_MOVABLE);
		__mod_zone_page_state(z, NR_FREE_PAGES, 512);
		spin_unlock(&z->lock);
	}
	release_all();
}

/*
 * Fallback order: an unmovable request with nothing of its own takes
 * Reclaimable before Movable.  One free page of a Reclaimable block is
 * too few to claim it; a Movable block is claimed because its allocated
 * pages (not on an LRU) count as compatible: 1 + 511 >= 256.
 */
static void test_fallback_order_and_claim(void **state)
{
	unsigned long a = ALIGN_UP(dma32()->zone_start_pfn, 512) + 512;
	unsigned long b = a + 1024;
	struct page *p;

	hold_everything();
	set_pageblock_migratetype(pfn_to_page(a), MIGRATE_RECLAIMABLE);
	release_pfn(a + 5);
	release_pfn(b + 7);
	p = alloc_page(GFP_DMA32 | __GFP_MEMALLOC);
	assert_int_equal(page_to_pfn(p), a + 5);
	assert_int_equal(get_pageblock_migratetype(p), MIGRATE_RECLAIMABLE);
	__free_page(p);
	drain_all_pages(NULL);
	p = alloc_page(GFP_DMA32 | __GFP_MEMALLOC | __GFP_RECLAIMABLE);
	assert_int_equal(page_to_pfn(p), a + 5); /* its own type first */
	list_add(&p->lru, &held);
	p = alloc_page(GFP_DMA32 | __GFP_MEMALLOC);
	assert_int_equal(page_to_pfn(p), b + 7);
	assert_int_equal(get_pageblock_migratetype(p), MIGRATE_UNMOVABLE);
	list_add(&p->lru, &held);
	set_pageblock_migratetype(pfn_to_page(a), MIGRATE_MOVABLE);
	set_pageblock_migratetype(pfn_to_page(b), MIGRATE_MOVABLE);
	release_all();
}

/* Free pfns [start, start + n) of a held pageblock set to Unmovable. */
static unsigned long unmovable_block_with_free(unsigned long n)
{
	unsigned long pb = ALIGN_UP(dma32()->zone_start_pfn, 512) + 2048, i;

	hold_everything();
	set_pageblock_migratetype(pfn_to_page(pb), MIGRATE_UNMOVABLE);
	for (i = 0; i < n; i++)
		release_pfn(pb + i);
	return pb;
}

/* A movable order-4 request (may steal) claims an Unmovable block when
 * at least half of it is free: 300 >= 256. */
static void test_claim_half_free(void **state)
{
	unsigned long pb = unmovable_block_with_free(300);
	struct page *p;

	/* 0..255 is an order-8 block, the largest: it is taken. */
	p = alloc_pages(GFP_DMA32 | __GFP_MOVABLE | __GFP_MEMALLOC, 4);
	assert_int_equal(get_pageblock_migratetype(p), MIGRATE_MOVABLE);
	/* All free blocks moved to Movable; smallest fit: 256..287 split. */
	assert_int_equal(page_to_pfn(p), pb + 256);
	assert_int_equal(list_len(dma32(), 4, MIGRATE_MOVABLE), 1);
	assert_int_equal(list_len(dma32(), 8, MIGRATE_UNMOVABLE), 0);
	p->private = 4;
	list_add(&p->lru, &held);
	release_all();
}

/* 200 free pages (< 256): the blocks move, the pageblock stays. */
static void test_no_claim_below_half(void **state)
{
	unsigned long pb = unmovable_block_with_free(200);
	struct page *p;

	p = alloc_pages(GFP_DMA32 | __GFP_MOVABLE | __GFP_MEMALLOC, 4);
	assert_int_equal(get_pageblock_migratetype(p), MIGRATE_UNMOVABLE);
	/* 0..127 order 7, 128..191 order 6, 192..199 order 3: all moved to
	 * Movable, the order-6 block split for the request. */
	assert_int_equal(page_to_pfn(p), pb + 128);
	assert_int_equal(list_len(dma32(), 7, MIGRATE_MOVABLE), 1);
	assert_int_equal(list_len(dma32(), 3, MIGRATE_MOVABLE), 1);
	p->private = 4;
	list_add(&p->lru, &held);
	set_pageblock_migratetype(pfn_to_page(pb), MIGRATE_MOVABLE);
	release_all();
}

/*
 * A movable request may take whole pageblocks only from blocks of at
 * least pageblock_order / 2: with 12 free pages (an order-3 block at 0
 * and an order-2 block at 8) it takes the smallest fitting block alone
 * (order 2) and leaves the order-3 block on the Unmovable list.
 */
static void test_movable_small_takes_smallest(void **state)
{
	unsigned long pb = unmovable_block_with_free(12);
	struct page *p;

	p = alloc_page(GFP_DMA32 | __GFP_MOVABLE | __GFP_MEMALLOC);
	assert_int_equal(page_to_pfn(p), pb + 8);
	assert_int_equal(get_pageblock_migratetype(p), MIGRATE_UNMOVABLE);
	assert_int_equal(list_len(dma32(), 3, MIGRATE_UNMOVABLE), 1);
	list_add(&p->lru, &held);
	drain_all_pages(NULL);
	set_pageblock_migratetype(pfn_to_page(pb), MIGRATE_MOVABLE);
	release_all();
}

/* From an order-7 block even an order-0 movable request steals the
 * whole pageblock's free blocks (but 200 < 256 does not claim it). */
static void test_movable_steals_from_big_block(void **state)
{
	unsigned long pb = unmovable_block_with_free(200);
	struct page *p;

	p = alloc_page(GFP_DMA32 | __GFP_MOVABLE | __GFP_MEMALLOC);
	assert_int_equal(page_to_pfn(p), pb + 192);
	assert_int_equal(get_pageblock_migratetype(p), MIGRATE_UNMOVABLE);
	assert_int_equal(list_len(dma32(), 7, MIGRATE_UNMOVABLE), 0);
	assert_int_equal(list_len(dma32(), 7, MIGRATE_MOVABLE), 1);
	assert_int_equal(list_len(dma32(), 6, MIGRATE_MOVABLE), 1);
	list_add(&p->lru, &held);
	drain_all_pages(NULL);
	set_pageblock_migratetype(pfn_to_page(pb), MIGRATE_MOVABLE);
	release_all();
}

/*
 * Watermarks end to end: GFP_KERNEL (DMA32 allowed) stops with DMA32 at
 * its min and DMA at min + lowmem_reserve[DMA32]; GFP_DMA then takes DMA
 * to its min; GFP_ATOMIC dips to min/2 less a quarter.
 */
static void test_watermarks_end_to_end(void **state)
{
	struct zone *z32 = dma32(), *zd = mm_zone(0, ZONE_DMA);
	unsigned long m32 = min_wmark_pages(z32), md = min_wmark_pages(zd);
	LIST_HEAD(got);
	struct page *p, *n, *taken;
	char want[160];

	while ((p = alloc_page(GFP_KERNEL | GFP_DMA32 | __GFP_NOWARN)))
		list_add(&p->lru, &got);
	assert_int_equal(zone_page_state(z32, NR_FREE_PAGES), m32);
	assert_int_equal(zone_page_state(zd, NR_FREE_PAGES),
			 md + zd->lowmem_reserve[ZONE_DMA32]);
	assert_true(zd->lowmem_reserve[ZONE_DMA32] > 0);

	/* The failure report, without __GFP_NOWARN. */
	capture_start();
	assert_null(alloc_page(GFP_KERNEL | GFP_DMA32));
	assert_true(capture_contains(
		"swapper/0: page allocation failure: order:0, mode:0xcc4(GFP_KERNEL|GFP_DMA32), nodemask=(null)\n"));
	assert_true(capture_contains("Mem-Info:\n"));
	snprintf(want, sizeof(want), "lowmem_reserve[]: 0 %ld %ld %ld\n",
		 zd->lowmem_reserve[1], zd->lowmem_reserve[2],
		 zd->lowmem_reserve[3]);
	assert_true(capture_contains(want));
	capture_stop();

	while ((p = alloc_page(GFP_KERNEL | GFP_DMA | __GFP_NOWARN)))
		list_add(&p->lru, &got);
	assert_int_equal(zone_page_state(zd, NR_FREE_PAGES), md);

	while ((p = alloc_page(GFP_ATOMIC | GFP_DMA32 | __GFP_NOWARN)))
		list_add(&p->lru, &got);
	assert_int_equal(zone_page_state(z32, NR_FREE_PAGES),
			 (m32 - m32 / 2) - (m32 - m32 / 2) / 4);

	list_for_each_entry_safe(taken, n, &got, lru)
		__free_page(taken);
}

/* Exhaust with every order, free everything: the free lists return to
 * exactly the state after boot. */
static void test_exhaust_and_restore(void **state)
{
	unsigned long before[MAX_NR_ZONES][NR_PAGE_ORDERS][MIGRATE_TYPES];
	unsigned long free_before[MAX_NR_ZONES];
	pg_data_t *pgdat = NODE_DATA(0);
	int zi, mt, o;
	struct page *p;

	for (zi = 0; zi < MAX_NR_ZONES; zi++) {
		free_before[zi] =
			zone_page_state(&pgdat->node_zones[zi], NR_FREE_PAGES);
		for (o = 0; o < NR_PAGE_ORDERS; o++)
			for (mt = 0; mt < MIGRATE_TYPES; mt++)
				before[zi][o][mt] =
					list_len(&pgdat->node_zones[zi], o, mt);
	}
	for (o = MAX_PAGE_ORDER; o >= 0; o--)
		while ((p = alloc_pages(HOLD_GFP, o))) {
			p->private = o;
			list_add(&p->lru, &held);
		}
	drain_all_pages(NULL);
	assert_int_equal(global_free_pages(), 0);
	assert_int_equal(mm_check_free_lists(), 0);
	release_all();
	for (zi = 0; zi < MAX_NR_ZONES; zi++) {
		assert_int_equal(zone_page_state(&pgdat->node_zones[zi],
						 NR_FREE_PAGES),
				 free_before[zi]);
		for (o = 0; o < NR_PAGE_ORDERS; o++)
			for (mt = 0; mt < MIGRATE_TYPES; mt++)
				assert_int_equal(
					list_len(&pgdat->node_zones[zi], o, mt),
					before[zi][o][mt]);
	}
}

static void test_zeroing_and_compound(void **state)
{
	struct page *p, *q;
	unsigned long i;
	u8 *va;

	p = alloc_pages(GFP_KERNEL | __GFP_MOVABLE, 3);
	memset(page_address(p), 0xa5, PAGE_SIZE << 3);
	__free_pages(p, 3);
	q = alloc_pages(GFP_KERNEL | __GFP_MOVABLE | __GFP_ZERO, 3);
	assert_ptr_equal(q, p); /* the same block, hot */
	va = page_address(q);
	for (i = 0; i < PAGE_SIZE << 3; i++)
		if (va[i])
			fail_msg("byte %lu is %#x", i, va[i]);
	__free_pages(q, 3);
	assert_int_equal(get_zeroed_page(GFP_KERNEL) & (PAGE_SIZE - 1), 0);

	p = alloc_pages(GFP_KERNEL | __GFP_COMP, 3);
	assert_true(PageHead(p));
	assert_false(PageTail(p));
	assert_int_equal(compound_order(p), 3);
	for (i = 1; i < 8; i++) {
		assert_true(PageTail(p + i));
		assert_ptr_equal(compound_head(p + i), p);
		assert_int_equal(page_ref_count(p + i), 0);
	}
	assert_ptr_equal(p[3].mapping, TAIL_MAPPING);
	__free_pages(p, 3);
	assert_false(PageHead(p));
	assert_false(PageTail(p + 1));
}

/* Per-CPU lists: a freed page waits on its CPU's list until drained;
 * the zone's pcp counter follows. */
static void test_pcp_lists(void **state)
{
	struct zone *z = dma32();
	struct per_cpu_pages *pcp = &z->per_cpu_pageset[0];
	unsigned long free;
	struct page *p;

	assert_int_equal(pcp->batch, MAX(1, zone_batchsize(z)));
	assert_int_equal(pcp->high, zone_highsize(z, pcp->batch));
	drain_all_pages(NULL);
	p = alloc_page(GFP_DMA32 | __GFP_MOVABLE);
	free = zone_page_state(z, NR_FREE_PAGES);
	__free_page(p);
	assert_int_equal(pcp->count, 1);
	assert_int_equal(zone_page_state(z, NR_ZONE_PCP_PAGES), 1);
	assert_int_equal(zone_page_state(z, NR_FREE_PAGES), free);
	assert_int_equal(mm_check_free_lists(), 0);
	/* The next allocation of that type on this CPU gets it back. */
	assert_ptr_equal(alloc_page(GFP_DMA32 | __GFP_MOVABLE), p);
	__free_page(p);
	drain_local_pages(NULL);
	assert_int_equal(pcp->count, 0);
	assert_int_equal(zone_page_state(z, NR_FREE_PAGES), free + 1);
}

/* NR_ZONE_PCP_PAGES is derived from the pcp counts: a count that no
 * longer matches its lists (a lost update) shows against the lists
 * walked, and mm_check_free_lists reports it. */
static void test_pcp_count_checked(void **state)
{
	struct zone *z = dma32();
	struct per_cpu_pages *pcp = &z->per_cpu_pageset[0];
	struct page *p;

	drain_all_pages(NULL);
	p = alloc_page(GFP_DMA32 | __GFP_MOVABLE);
	__free_page(p);
	assert_int_equal(zone_page_state(z, NR_ZONE_PCP_PAGES),
			 zone_pcp_listed_pages(z));
	assert_int_equal(mm_check_free_lists(), 0);

	pcp->count++; /* as if an update of the count were lost */
	assert_int_not_equal(zone_page_state(z, NR_ZONE_PCP_PAGES),
			     zone_pcp_listed_pages(z));
	capture_start();
	assert_int_equal(mm_check_free_lists(), 1);
	assert_true(capture_contains("pcp cpu 0 zone DMA32: count "));
	capture_stop();
	pcp->count--;
	drain_all_pages(NULL);
	assert_int_equal(zone_page_state(z, NR_ZONE_PCP_PAGES), 0);
	assert_int_equal(mm_check_free_lists(), 0);
}

/* ---- misuse: reported, counted, the page leaked, lists intact ---------- */

static unsigned long bad_before;

static void expect_bad(const struct page *page, const char *reason)
{
	char want[96];

	assert_int_equal(page_alloc_errors.bad_pages, bad_before + 1);
	bad_before = page_alloc_errors.bad_pages;
	snprintf(want, sizeof(want),
		 "BUG: Bad page state in process swapper/0  pfn:%05lx\n",
		 page_to_pfn(page));
	assert_true(capture_contains(want));
	snprintf(want, sizeof(want), "page dumped because: %s\n", reason);
	if (!capture_contains(want))
		fail_msg("no '%s' in:\n%s", reason, capture_text());
	assert_int_equal(mm_check_free_lists(), 0);
	capture_start();
}

/* Free pages of the zone, buddy and per-CPU. */
static unsigned long zone_free(struct zone *z)
{
	return zone_page_state(z, NR_FREE_PAGES) +
	       zone_page_state(z, NR_ZONE_PCP_PAGES);
}

static void test_bad_free_misuse(void **state)
{
	struct zone *z = mm_zone(0, ZONE_DMA32);
	unsigned long free;
	struct page *p;

	bad_before = page_alloc_errors.bad_pages;
	capture_start();

	/* Double free. */
	p = alloc_page(GFP_DMA32);
	__free_page(p);
	free = zone_free(z);
	__free_page(p);
	expect_bad(p, "double free (_refcount already 0)");
	assert_int_equal(zone_free(z), free);

	/* Wrong order: refused, the page stays the caller's. */
	p = alloc_pages(GFP_DMA32, 2);
	free = zone_free(z);
	__free_pages(p, 1);
	expect_bad(p, "wrong order: allocated as order 2, freed as order 1");
	assert_int_equal(zone_free(z), free);
	__free_pages(p, 2);
	assert_int_equal(zone_free(z), free + 4);

	/* A tail page. */
	p = alloc_pages(GFP_DMA32 | __GFP_COMP, 2);
	__free_page(p + 1);
	expect_bad(p + 1, "freeing a tail page");
	__free_pages(p, 2);

	/* A reserved page (pfn 0: the hole below the first RAM). */
	p = pfn_to_page(0);
	assert_true(PageReserved(p));
	__free_page(p);
	expect_bad(p, "PAGE_FLAGS_CHECK_AT_FREE flag(s) set");
	assert_false(PageBuddy(p));

	/* order > MAX_PAGE_ORDER. */
	assert_null(alloc_pages(GFP_KERNEL, MAX_PAGE_ORDER + 1));
	assert_true(capture_contains("order > MAX_PAGE_ORDER"));
	p = alloc_page(GFP_DMA32);
	__free_pages(p, MAX_PAGE_ORDER + 1);
	expect_bad(p, "order > MAX_PAGE_ORDER");
	__free_page(p);

	/* Impossible zone combination. */
	free = page_alloc_errors.bad_gfp;
	assert_null(alloc_page(__GFP_DMA | __GFP_HIGHMEM));
	assert_int_equal(page_alloc_errors.bad_gfp, free + 1);
	assert_true(capture_contains(
		"impossible GFP zone combination: order:0, mode:0x3(GFP_DMA|__GFP_HIGHMEM)"));
	assert_null(alloc_page(GFP_KERNEL | __GFP_MOVABLE | __GFP_RECLAIMABLE));
	assert_int_equal(page_alloc_errors.bad_gfp, free + 2);
	capture_stop();
}

/* A page in a bad state at free time: reported and leaked. */
static void bad_state_case(void (*spoil)(struct page *), unsigned int order,
			   gfp_t gfp, unsigned int bad_idx, const char *reason)
{
	struct zone *z = mm_zone(0, ZONE_DMA32);
	struct page *p = alloc_pages(GFP_DMA32 | gfp, order);
	unsigned long free = zone_free(z);

	spoil(p);
	__free_pages(p, order);
	expect_bad(p + bad_idx, reason);
	assert_int_equal(zone_free(z), free); /* leaked */
	assert_false(PageBuddy(p));
}

static void spoil_mapcount(struct page *p)
{
	p->_mapcount = 0;
}
static void spoil_mapping(struct page *p)
{
	p->mapping = (void *)0x1234;
}
static void spoil_lru(struct page *p)
{
	set_page_flag(p, PG_lru);
}
static void spoil_tail_ref(struct page *p)
{
	set_page_count(p + 1, 1);
}
static void spoil_tail_flag(struct page *p)
{
	p[3].compound_head = 0;
}
static void spoil_tail_head(struct page *p)
{
	p[2].compound_head = (unsigned long)(p + 1) | 1;
}

static void test_bad_page_states(void **state)
{
	bad_before = page_alloc_errors.bad_pages;
	capture_start();
	bad_state_case(spoil_mapcount, 0, 0, 0, "nonzero mapcount");
	bad_state_case(spoil_mapping, 0, 0, 0, "non-NULL mapping");
	bad_state_case(spoil_lru, 0, 0, 0,
		       "PAGE_FLAGS_CHECK_AT_FREE flag(s) set");
	bad_state_case(spoil_tail_ref, 1, 0, 1, "nonzero _refcount");
	bad_state_case(spoil_tail_flag, 2, __GFP_COMP, 3, "PageTail not set");
	bad_state_case(spoil_tail_head, 2, __GFP_COMP, 2,
		       "compound_head not consistent");
	capture_stop();
}

/* A free block found spoiled when handed out is leaked, and another
 * block is returned. */
static void test_bad_page_at_alloc(void **state)
{
	struct zone *z = dma32();
	struct page *victim, *p;
	unsigned int c;

	bad_before = page_alloc_errors.bad_pages;
	for (c = 4; c < NR_PAGE_ORDERS; c++)
		if (!list_empty(&z->free_area[c].free_list[MIGRATE_MOVABLE]))
			break;
	if (c == NR_PAGE_ORDERS) {
		fail_msg("no movable free block of order 4 or more");
		return;
	}
	victim = list_first_entry(&z->free_area[c].free_list[MIGRATE_MOVABLE],
				  struct page, lru);
	victim[1].mapping = (void *)0x1;
	capture_start();
	p = alloc_pages(GFP_DMA32 | __GFP_MOVABLE, 4);
	assert_non_null(p);
	assert_ptr_not_equal(p, victim);
	expect_bad(victim + 1, "non-NULL mapping");
	capture_stop();
	__free_pages(p, 4);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_split_and_merge_back),
		T(test_merge_every_order),
		T(test_merge_limits),
		T(test_fallback_order_and_claim),
		T(test_claim_half_free),
		T(test_no_claim_below_half),
		T(test_movable_small_takes_smallest),
		T(test_movable_steals_from_big_block),
		T(test_watermarks_end_to_end),
		T(test_exhaust_and_restore),
		T(test_zeroing_and_compound),
		T(test_pcp_lists),
		T(test_pcp_count_checked),
		T(test_bad_free_misuse),
		T(test_bad_page_states),
		T(test_bad_page_at_alloc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
