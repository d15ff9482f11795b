// SPDX-License-Identifier: MIT
/*
 * exhaustion: per zone class and per order 0..MAX_PAGE_ORDER, allocate
 * until failure, check the failure point against the watermarks and
 * lowmem_reserve, free everything, and check that every counter is back.
 *
 * A zone class is a highest zone (DMA, DMA32, Normal, Movable) with a GFP
 * that selects it; its zones are node 0's zonelist entries up to it.  For
 * each order k:
 *   1. drain the per-CPU lists and take a snapshot (free pages, free_area
 *      nr_free per order, per-CPU counts, managed pages);
 *   2. take every MAX_PAGE_ORDER block, then order-k blocks with the
 *      class GFP (GFP_KERNEL rights: may not go below min) until failure;
 *   3. at the failure: every zone of the class fails the watermark check
 *      the request had to pass (else it gave up early), and none was
 *      taken below min + lowmem_reserve[class] by more than one per-CPU
 *      batch of order-k blocks (the refill that Linux allows; a zone that
 *      started below that floor must not have lost anything);
 *   4. then GFP_ATOMIC's rights (__GFP_HIGH, cannot block: min * 3/8) must
 *      get further while some zone has free - 2^k above that mark, and
 *      stop there;
 *   5. free everything, drain, snapshot again: equal to the first.
 * debug_inject=leak_page keeps one block in step 5 of the first class
 * and order run, which the comparison must name (NR_FREE_PAGES lower).
 */
#include <lib/printk.h>

#include "st_mm.h"

enum { C_DMA, C_DMA32, C_NORMAL, C_MOVABLE, NR_CASES };

static const char *const order_names[NR_PAGE_ORDERS] = {
	"order_0", "order_1", "order_2", "order_3", "order_4",	"order_5",
	"order_6", "order_7", "order_8", "order_9", "order_10",
};

static const struct stress_case cases[] = {
	[C_DMA] = { "DMA", order_names, NR_PAGE_ORDERS },
	[C_DMA32] = { "DMA32", order_names, NR_PAGE_ORDERS },
	[C_NORMAL] = { "Normal", order_names, NR_PAGE_ORDERS },
	[C_MOVABLE] = { "Movable", order_names, NR_PAGE_ORDERS },
};

static const gfp_t class_gfp[NR_CASES] = {
	[C_DMA] = GFP_KERNEL | __GFP_DMA,
	[C_DMA32] = GFP_KERNEL | __GFP_DMA32,
	[C_NORMAL] = GFP_KERNEL,
	[C_MOVABLE] = GFP_HIGHUSER_MOVABLE,
};

/* The min mark GFP_ATOMIC works against (Linux's __zone_watermark_ok). */
static unsigned long atomic_min(unsigned long min)
{
	min -= min / 2;
	return min - min / 4;
}

static unsigned long pcp_slack(const struct zone *zone, unsigned int order)
{
	/* Orders the per-CPU lists keep (Linux's pcp_allowed_order). */
	if (order > PAGE_ALLOC_COSTLY_ORDER && order != pageblock_order)
		return 0;
	return ((unsigned long)MAX(zone->pageset_batch, 1) << order) +
	       (1UL << order);
}

/* Progress: (class, order) steps done of all. */
static unsigned int step, nr_steps;

/* A free block of order k or more on a mobility list (what the order > 0
 * watermark check asks for). */
static bool has_block(const struct zone *zone, unsigned int k)
{
	for (unsigned int o = k; o < NR_PAGE_ORDERS; o++)
		for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
			if (!free_area_empty(&zone->free_area[o], mt))
				return true;
	return false;
}

static void take_all(struct stress_ctx *ctx, gfp_t gfp, unsigned int order,
		     struct st_pool *pool)
{
	struct page *page;

	while ((page = st_alloc(ctx, gfp, order, -1))) {
		st_pool_add(pool, page, order);
		st_progress(ctx, step, nr_steps);
	}
}

/* The zone's free pages in a snapshot (0 if absent). */
static unsigned long snap_free(const struct st_snap *snap,
			       const struct zone *zone)
{
	for (unsigned int i = 0; i < snap->nr; i++)
		if (snap->z[i].zone == zone)
			return snap->z[i].free;
	return 0;
}

/*
 * Step 3 and 4 for one zone of the class.  A lower zone whose reserve
 * against this class exceeds what it has (DMA against Normal on a big
 * machine) starts below its floor: then nothing may be taken from it.
 */
static void check_failure_point(struct stress_ctx *ctx, unsigned int c,
				unsigned int k, struct zone *zone, int highest,
				gfp_t gfp, bool atomic,
				unsigned long free_before)
{
	unsigned long free = zone_page_state(zone, NR_FREE_PAGES);
	unsigned long min = min_wmark_pages(zone);
	unsigned long floor = atomic ? atomic_min(min) : min;
	long reserve = zone->lowmem_reserve[highest];
	unsigned int flags = gfp_to_alloc_flags(gfp, k);
	char label[32];

	st_zone_label(zone, label, sizeof(label));
	if (zone_watermark_ok(zone, k, min, highest, flags))
		st_fail_param(
			ctx, c, k,
			"%s: %s failed while %s still passes its min watermark (free %lu, min %lu, reserve %ld)",
			atomic ? "GFP_ATOMIC" : "GFP_KERNEL", order_names[k],
			label, free, min, reserve);
	if (free + pcp_slack(zone, k) <
	    MIN(free_before, floor + (unsigned long)MAX(reserve, 0)))
		st_fail_param(
			ctx, c, k,
			"%s: %s went below its floor: free %lu (%lu before) < %s %lu + lowmem_reserve %ld (+ pcp slack %lu)",
			atomic ? "GFP_ATOMIC" : "GFP_KERNEL", label, free,
			free_before, atomic ? "min*3/8" : "min", floor, reserve,
			pcp_slack(zone, k));
	stress_ops(ctx, 2);
}

static void one_order(struct stress_ctx *ctx, unsigned int c, unsigned int k,
		      bool leak)
{
	static struct st_snap before, after;
	gfp_t gfp = class_gfp[c] | ST_NOWARN;
	gfp_t atomic = (GFP_ATOMIC | ST_NOWARN) | (class_gfp[c] & GFP_ZONEMASK);
	int highest = (int)gfp_zone(gfp);
	struct zonelist *zl = node_zonelist(
		zone_to_nid(first_online_pgdat()->node_zones), gfp);
	unsigned long before_atomic;
	struct st_pool pool;
	struct zoneref *z;
	struct zone *zone;
	bool atomic_room = false, servable = false;

	drain_all_pages(NULL);
	st_snap_take(&before);
	/* Linux serves order k only from a zone with a free block of order k
	 * or more above its min mark: a tiny zone (a DMA of a few pages) may
	 * have none, and then nothing may be allocated. */
	for_each_zone_zonelist(zone, z, zl, highest) servable |=
		zone_watermark_ok(zone, k, min_wmark_pages(zone), highest,
				  gfp_to_alloc_flags(gfp, k));
	st_pool_init(&pool);
	take_all(ctx, gfp, MAX_PAGE_ORDER, &pool);
	take_all(ctx, gfp, k, &pool);
	for_each_zone_zonelist(zone, z, zl, highest)
	{
		unsigned long free = zone_page_state(zone, NR_FREE_PAGES);
		long reserve = zone->lowmem_reserve[highest];

		check_failure_point(ctx, c, k, zone, highest, gfp, false,
				    snap_free(&before, zone));
		if (free > (1UL << k) + atomic_min(min_wmark_pages(zone)) +
				    (unsigned long)MAX(reserve, 0) +
				    pcp_slack(zone, k) &&
		    has_block(zone, k))
			atomic_room = true;
	}
	before_atomic = pool.nr_pages;
	take_all(ctx, atomic, k, &pool);
	if (atomic_room && pool.nr_pages == before_atomic)
		st_fail_param(
			ctx, c, k,
			"GFP_ATOMIC got nothing below min although a zone had room above min*3/8");
	for_each_zone_zonelist(zone, z, zl, highest)
		check_failure_point(ctx, c, k, zone, highest, atomic, true,
				    snap_free(&before, zone));
	if (pool.nr_pages == 0 && servable)
		st_fail_param(
			ctx, c, k,
			"not one block could be allocated although a zone passed its min watermark for order %u",
			k);
	if (leak && pool.nr_blocks) {
		unsigned int order;
		struct page *leak = st_pool_pop(&pool, &order);

		stress_diag(
			ctx,
			"debug_inject=leak_page: keeping the order-%u block at phys %#llx",
			order, (unsigned long long)st_phys(leak));
	}
	st_pool_free_all(ctx, &pool);
	drain_all_pages(NULL);
	st_snap_take(&after);
	if (st_snap_compare(ctx, c, &before, &after))
		st_fail_param(
			ctx, c, k,
			"state after freeing everything differs from before (above)");
}

static int exhaustion_run(struct stress_ctx *ctx)
{
	nr_steps = NR_CASES * NR_PAGE_ORDERS;
	int nid = zone_to_nid(first_online_pgdat()->node_zones);
	bool leak = ctx->inject & DEBUG_INJECT_LEAK_PAGE;

	for (unsigned int c = 0; c < NR_CASES; c++) {
		gfp_t gfp = class_gfp[c];
		int highest = (int)gfp_zone(gfp);
		struct zonelist *zl = node_zonelist(nid, gfp);

		if (!populated_zone(&NODE_DATA(nid)->node_zones[highest])) {
			stress_case_skip(
				ctx, c,
				highest == ZONE_MOVABLE ?
					"no ZONE_MOVABLE (movablecore= not given)" :
					"zone not populated on node 0");
			continue;
		}
		if (!zonelist_zone(first_zones_zonelist(zl, highest, NULL))) {
			stress_case_skip(ctx, c, "no eligible zone");
			continue;
		}
		for (unsigned int k = 0; k < NR_PAGE_ORDERS; k++) {
			step = c * NR_PAGE_ORDERS + k;
			one_order(ctx, c, k, leak);
			leak = false; /* one page, once */
		}
	}
	return 0;
}

const struct stress_suite stress_suite_exhaustion = {
	.name = "exhaustion",
	.run = exhaustion_run,
	.cases = cases,
	.nr_cases = NR_CASES,
};
