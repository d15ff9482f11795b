// SPDX-License-Identifier: MIT
/*
 * zone_constraints: every GFP zone modifier and composite gets pages only
 * from the zones it may use, from the first zone of the zonelist whose
 * watermark allows it, and falls back along the zonelist exactly in its
 * order when zones run out.
 *
 * Cases:
 *  - gfp_zone_table: gfp_zone()/gfp_zone_valid() for the 16 zone-modifier
 *    combinations against Linux's x86-64 table;
 *  - placement[composite]: blocks of orders 0..3 (and 9 for the THP
 *    composites) lie in a zone with index <= gfp_zone(), and no zone
 *    before the serving one in the zonelist passes its low watermark,
 *    unless Linux's ALLOC_NOFRAGMENT walk passes it over (a zone of the
 *    preferred node that could only serve by stealing below pageblock
 *    order: st_zone_passed_over() in st_mm.c);
 *  - fallback[highest zone]: allocating until failure takes every block
 *    from the first zonelist entry the same rules allow, and ends with
 *    every eligible zone failing its min watermark;
 *  - bad_combinations: the impossible zone combinations and both mobility
 *    bits are refused (NULL, counted in page_alloc_errors.bad_gfp).
 * docs/suites.md explains how to read each failure.
 */
#include "st_mm.h"

enum { C_TABLE, C_PLACEMENT, C_FALLBACK, C_BAD, NR_CASES };

static const gfp_t composites[] = {
	GFP_KERNEL,    GFP_ATOMIC,
	GFP_NOWAIT,    GFP_NOIO,
	GFP_NOFS,      GFP_USER,
	GFP_DMA,       GFP_DMA32,
	GFP_HIGHUSER,  GFP_HIGHUSER_MOVABLE,
	GFP_TRANSHUGE, GFP_TRANSHUGE_LIGHT,
};
static const char *const composite_names[] = {
	"GFP_KERNEL",	 "GFP_ATOMIC",
	"GFP_NOWAIT",	 "GFP_NOIO",
	"GFP_NOFS",	 "GFP_USER",
	"GFP_DMA",	 "GFP_DMA32",
	"GFP_HIGHUSER",	 "GFP_HIGHUSER_MOVABLE",
	"GFP_TRANSHUGE", "GFP_TRANSHUGE_LIGHT",
};
BUILD_BUG_ON(ARRAY_SIZE(composites) != ARRAY_SIZE(composite_names));

static const gfp_t fallback_gfp[] = { GFP_DMA, GFP_DMA32, GFP_KERNEL,
				      GFP_HIGHUSER_MOVABLE };
static const char *const fallback_names[] = {
	"DMA(GFP_DMA)",
	"DMA32(GFP_DMA32)",
	"Normal(GFP_KERNEL)",
	"Movable(GFP_HIGHUSER_MOVABLE)",
};

static const struct stress_case cases[] = {
	[C_TABLE] = { "gfp_zone_table" },
	[C_PLACEMENT] = { "placement", composite_names,
			  ARRAY_SIZE(composite_names) },
	[C_FALLBACK] = { "fallback", fallback_names,
			 ARRAY_SIZE(fallback_names) },
	[C_BAD] = { "bad_combinations" },
};

/* Linux's x86-64 GFP_ZONE_TABLE, written out: -1 for the impossible. */
static const int expected_zone[16] = {
	[0] = ZONE_NORMAL,
	[__GFP_DMA] = ZONE_DMA,
	[__GFP_HIGHMEM] = ZONE_NORMAL,
	[__GFP_DMA32] = ZONE_DMA32,
	[__GFP_MOVABLE] = ZONE_NORMAL,
	[__GFP_MOVABLE | __GFP_DMA] = ZONE_DMA,
	[__GFP_MOVABLE | __GFP_HIGHMEM] = ZONE_MOVABLE,
	[__GFP_MOVABLE | __GFP_DMA32] = ZONE_DMA32,
	[__GFP_DMA | __GFP_HIGHMEM] = -1,
	[__GFP_DMA | __GFP_DMA32] = -1,
	[__GFP_DMA32 | __GFP_HIGHMEM] = -1,
	[__GFP_DMA | __GFP_DMA32 | __GFP_HIGHMEM] = -1,
	[__GFP_MOVABLE | __GFP_HIGHMEM | __GFP_DMA] = -1,
	[__GFP_MOVABLE | __GFP_DMA32 | __GFP_DMA] = -1,
	[__GFP_MOVABLE | __GFP_DMA32 | __GFP_HIGHMEM] = -1,
	[__GFP_MOVABLE | __GFP_DMA32 | __GFP_DMA | __GFP_HIGHMEM] = -1,
};

static void check_table(struct stress_ctx *ctx)
{
	for (unsigned int bits = 0; bits < 16; bits++) {
		bool valid = gfp_zone_valid(bits);

		stress_ops(ctx, 1);
		if (valid != (expected_zone[bits] >= 0))
			stress_case_fail(
				ctx, C_TABLE,
				"zone bits %#x: gfp_zone_valid says %d, Linux says %d",
				bits, valid, expected_zone[bits] >= 0);
		else if (valid && (int)gfp_zone(bits) != expected_zone[bits])
			stress_case_fail(
				ctx, C_TABLE,
				"zone bits %#x: gfp_zone %u, Linux's table %d",
				bits, gfp_zone(bits), expected_zone[bits]);
	}
}

/* Position of zone in nid's zonelist for gfp, or -1 if not eligible. */
static int zonelist_pos(int nid, gfp_t gfp, const struct zone *zone)
{
	struct zonelist *zl = node_zonelist(nid, gfp);
	struct zoneref *z;
	struct zone *zz;
	int pos = 0;

	for_each_zone_zonelist(zz, z, zl, (int)gfp_zone(gfp))
	{
		if (zz == zone)
			return pos;
		pos++;
	}
	return -1;
}

/* Why 'earlier' should have served: its watermark, and under
 * ALLOC_NOFRAGMENT also a block needing no steal below pageblock order. */
static const char *passed_over_why(int nid, gfp_t gfp)
{
	return st_alloc_nofragment(nid, gfp) ?
		       "passes its low watermark and has a block that needs no steal (ALLOC_NOFRAGMENT would not pass it over)" :
		       "passes its low watermark";
}

/* Check one block handed out for gfp: eligible zone, and no earlier zone
 * of the zonelist that Linux's walk would have served it from. */
static void check_placement(struct stress_ctx *ctx, unsigned int p, gfp_t gfp,
			    struct page *page, unsigned int order, int nid)
{
	struct zone *served = page_zone(page), *earlier;
	int highest = (int)gfp_zone(gfp);
	char label[32];

	if (zone_idx(served) > highest || zonelist_pos(nid, gfp, served) < 0) {
		st_fail_param(
			ctx, C_PLACEMENT, p,
			"order-%u block at phys %#llx is in %s, beyond gfp_zone %s",
			order, (unsigned long long)st_phys(page),
			st_zone_label(served, label, sizeof(label)),
			zone_names[highest]);
		return;
	}
	earlier = st_zone_passed_over(nid, gfp, order, served);
	if (earlier)
		st_fail_param(
			ctx, C_PLACEMENT, p,
			"order-%u block served from %s although %s comes first in the zonelist and %s",
			order, served->name,
			st_zone_label(earlier, label, sizeof(label)),
			passed_over_why(nid, gfp));
}

static void placement(struct stress_ctx *ctx)
{
	static const unsigned int orders[] = { 0, 1, 2, 3 };
	int nid = zone_to_nid(first_online_pgdat()->node_zones);

	for (unsigned int p = 0; p < ARRAY_SIZE(composites); p++) {
		gfp_t gfp = composites[p] | ST_NOWARN;
		bool thp = gfp & __GFP_COMP;
		struct zone *could;
		struct st_pool pool;
		char label[32];

		st_pool_init(&pool);
		for (unsigned int i = 0; i < 16; i++) {
			unsigned int order =
				thp ? pageblock_order :
				      orders[i % ARRAY_SIZE(orders)];
			struct page *page = st_alloc(ctx, gfp, order, nid);

			if (!page)
				continue; /* a small zone may run out */
			check_placement(ctx, p, gfp, page, order, nid);
			st_pool_add(&pool, page, order);
		}
		if (!pool.nr_blocks &&
		    (could = st_zone_could_serve(nid, gfp,
						 thp ? pageblock_order : 0)))
			st_fail_param(
				ctx, C_PLACEMENT, p,
				"no allocation succeeded although %s passes its min watermark",
				st_zone_label(could, label, sizeof(label)));
		st_pool_free_all(ctx, &pool);
	}
}

/*
 * Allocate order-'order' blocks until failure.  Each must come from the
 * zonelist, and no zone before the serving one may be one the fast path
 * would have used (st_zone_passed_over: low watermark, ALLOC_NOFRAGMENT).
 * The fast path (low) and then the slow path (min) each walk the zonelist
 * from its start, so the serving zone may move back to an earlier entry
 * once all are below low.
 */
static void fill_order(struct stress_ctx *ctx, unsigned int p, gfp_t gfp,
		       unsigned int order, int nid, struct st_pool *pool,
		       unsigned long total)
{
	struct page *page;

	while ((page = st_alloc(ctx, gfp, order, nid))) {
		struct zone *served = page_zone(page), *earlier;
		char label[32];

		st_pool_add(pool, page, order);
		st_progress(ctx, pool->nr_pages, total);
		if (zonelist_pos(nid, gfp, served) < 0) {
			st_fail_param(
				ctx, C_FALLBACK, p,
				"block at phys %#llx from %s, outside the zonelist",
				(unsigned long long)st_phys(page),
				st_zone_label(served, label, sizeof(label)));
			continue;
		}
		earlier = st_zone_passed_over(nid, gfp, order, served);
		if (earlier)
			st_fail_param(
				ctx, C_FALLBACK, p,
				"order-%u block from %s while the earlier %s %s",
				order, served->name,
				st_zone_label(earlier, label, sizeof(label)),
				passed_over_why(nid, gfp));
	}
}

static void fallback(struct stress_ctx *ctx)
{
	int nid = zone_to_nid(first_online_pgdat()->node_zones);
	unsigned long total = st_total_managed();

	for (unsigned int p = 0; p < ARRAY_SIZE(fallback_gfp); p++) {
		gfp_t gfp = fallback_gfp[p] | ST_NOWARN;
		int highest = (int)gfp_zone(gfp);
		struct zonelist *zl = node_zonelist(nid, gfp);
		unsigned int flags = gfp_to_alloc_flags(gfp, 0);
		struct st_pool pool;
		struct zoneref *z;
		struct zone *zone;
		char label[32];

		if (zonelist_zone(first_zones_zonelist(zl, highest, NULL)) ==
		    NULL) {
			st_skip_param(ctx, C_FALLBACK, p, "no eligible zone");
			continue;
		}
		if (highest == ZONE_MOVABLE &&
		    !populated_zone(
			    &NODE_DATA(nid)->node_zones[ZONE_MOVABLE])) {
			st_skip_param(
				ctx, C_FALLBACK, p,
				"no ZONE_MOVABLE on this node (movablecore=)");
			continue;
		}
		st_pool_init(&pool);
		fill_order(ctx, p, gfp, MAX_PAGE_ORDER, nid, &pool, total);
		fill_order(ctx, p, gfp, 0, nid, &pool, total);
		for_each_zone_zonelist(zone, z, zl, highest)
		{
			if (zone_watermark_ok(zone, 0, min_wmark_pages(zone),
					      highest, flags))
				st_fail_param(
					ctx, C_FALLBACK, p,
					"allocation failed while %s still passes its min watermark (free %lu, min %lu, reserve %ld)",
					st_zone_label(zone, label,
						      sizeof(label)),
					zone_page_state(zone, NR_FREE_PAGES),
					min_wmark_pages(zone),
					zone->lowmem_reserve[highest]);
		}
		st_pool_free_all(ctx, &pool);
	}
}

static void bad_combinations(struct stress_ctx *ctx)
{
	static const gfp_t bad[] = {
		__GFP_DMA | __GFP_HIGHMEM,
		__GFP_DMA | __GFP_DMA32,
		__GFP_DMA32 | __GFP_HIGHMEM,
		__GFP_MOVABLE | __GFP_DMA32 | __GFP_HIGHMEM,
		GFP_KERNEL | __GFP_MOVABLE | __GFP_RECLAIMABLE,
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		unsigned long before = page_alloc_errors.bad_gfp;
		struct page *page = st_alloc(ctx, bad[i] | ST_NOWARN, 0, -1);

		if (page) {
			stress_case_fail(ctx, C_BAD,
					 "gfp %#x was served (phys %#llx)",
					 bad[i],
					 (unsigned long long)st_phys(page));
			st_free(ctx, page, 0);
		} else if (page_alloc_errors.bad_gfp == before) {
			stress_case_fail(
				ctx, C_BAD,
				"gfp %#x refused but not counted in bad_gfp",
				bad[i]);
		}
	}
}

static int zone_constraints_run(struct stress_ctx *ctx)
{
	check_table(ctx);
	placement(ctx);
	fallback(ctx);
	bad_combinations(ctx);
	drain_all_pages(NULL);
	return 0;
}

const struct stress_suite stress_suite_zone_constraints = {
	.name = "zone_constraints",
	.run = zone_constraints_run,
	.cases = cases,
	.nr_cases = NR_CASES,
};
