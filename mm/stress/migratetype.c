// SPDX-License-Identifier: MIT
/*
 * migratetype: mobility grouping observed through the pageblock migrate
 * types (the flags in each section's usage map).
 *
 * Cases:
 *  - block_types: every pageblock of every zone has a migrate type below
 *    MIGRATE_TYPES; the per-type counts are printed (as pagetypeinfo);
 *  - free_list_types: a free block of pageblock order or more on the list
 *    of one mobility type lies in a pageblock of a mobility type too
 *    (Linux before 6.10 merges buddies across Unmovable, Movable and
 *    Reclaimable, so the two may differ: counted and printed), never in a
 *    HighAtomic or Isolate pageblock unless the list is that type;
 *  - claim_whole_block[type]: a block of pageblock_order for a type whose
 *    own lists had no such block (so it was stolen) leaves its pageblock
 *    of that type: Linux claims whole blocks at pageblock order;
 *  - fallback_order[type]: an order-4 block for a type lies in a
 *    pageblock of that type or of one of its fallbacks (Unmovable:
 *    Reclaimable, Movable; Movable: Reclaimable, Unmovable; Reclaimable:
 *    Unmovable, Movable), never HighAtomic or Isolate.
 * Skipped when mobility grouping is off (too little memory).
 */
#include <mm/sparse.h>

#include "st_mm.h"

enum { C_TYPES, C_LISTS, C_CLAIM, C_FALLBACK, NR_CASES };

static const char *const types[MIGRATE_PCPTYPES] = {
	"Unmovable",
	"Movable",
	"Reclaimable",
};
static const gfp_t type_gfp[MIGRATE_PCPTYPES] = {
	GFP_KERNEL,
	GFP_HIGHUSER_MOVABLE,
	GFP_KERNEL | __GFP_RECLAIMABLE,
};

static const struct stress_case cases[] = {
	[C_TYPES] = { "block_types" },
	[C_LISTS] = { "free_list_types" },
	[C_CLAIM] = { "claim_whole_block", types, MIGRATE_PCPTYPES },
	[C_FALLBACK] = { "fallback_order", types, MIGRATE_PCPTYPES },
};

#define FALLBACK_ORDER 4
#define BLOCKS 16

static void block_types(struct stress_ctx *ctx)
{
	struct zone *zones[ST_MAX_ZONES];
	unsigned int n = st_zones(zones, ST_MAX_ZONES);

	for (unsigned int i = 0; i < n; i++) {
		struct zone *z = zones[i];
		unsigned long count[MIGRATE_TYPES] = { 0 };
		unsigned long pfn =
			ALIGN_DOWN(z->zone_start_pfn, pageblock_nr_pages);

		for (; pfn < zone_end_pfn(z); pfn += pageblock_nr_pages) {
			unsigned long p = MAX(pfn, z->zone_start_pfn);
			int mt;

			if (!pfn_valid(p))
				continue;
			mt = get_pfnblock_migratetype(pfn_to_page(p), p);
			stress_ops(ctx, 1);
			if (mt < 0 || mt >= MIGRATE_TYPES) {
				stress_case_fail(
					ctx, C_TYPES,
					"pageblock at pfn %#lx has migrate type %d",
					p, mt);
				continue;
			}
			count[mt]++;
		}
		stress_diag(
			ctx,
			"node %d %s pageblocks: Unmovable %lu Movable %lu Reclaimable %lu HighAtomic %lu Isolate %lu",
			zone_to_nid(z), z->name, count[MIGRATE_UNMOVABLE],
			count[MIGRATE_MOVABLE], count[MIGRATE_RECLAIMABLE],
			count[MIGRATE_HIGHATOMIC], count[MIGRATE_ISOLATE]);
	}
}

static bool mobility(int mt)
{
	return mt < MIGRATE_PCPTYPES;
}

static void free_list_types(struct stress_ctx *ctx)
{
	struct zone *zones[ST_MAX_ZONES];
	unsigned int n = st_zones(zones, ST_MAX_ZONES);
	unsigned long mixed = 0;

	for (unsigned int i = 0; i < n; i++) {
		struct zone *z = zones[i];

		spin_lock(&z->lock);
		for (unsigned int o = pageblock_order; o < NR_PAGE_ORDERS;
		     o++) {
			for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
				struct page *p;

				list_for_each_entry(
					p, &z->free_area[o].free_list[mt],
					lru) {
					int bt = get_pageblock_migratetype(p);

					stress_ops(ctx, 1);
					if (bt == mt)
						continue;
					if (mobility(bt) && mobility(mt)) {
						mixed++;
						continue;
					}
					st_fail_at(
						ctx, C_LISTS, st_phys(p), false,
						0, 0,
						"free order-%u block on the %s list in a %s pageblock",
						o, migratetype_names[mt],
						bt < MIGRATE_TYPES ?
							migratetype_names[bt] :
							"?");
				}
			}
		}
		spin_unlock(&z->lock);
	}
	stress_diag(
		ctx,
		"%lu free blocks of pageblock order or more lie in a pageblock of another mobility type",
		mixed);
}

/* True when no eligible zone has a free block of at least pageblock order
 * on mt's own lists: a request must then steal. */
static bool must_steal(gfp_t gfp, int mt)
{
	struct zonelist *zl = node_zonelist(
		zone_to_nid(first_online_pgdat()->node_zones), gfp);
	struct zoneref *z;
	struct zone *zone;

	for_each_zone_zonelist(
		zone, z, zl,
		(int)gfp_zone(
			gfp)) for (unsigned int o = pageblock_order;
				   o < NR_PAGE_ORDERS;
				   o++) if (!free_area_empty(&zone->free_area[o],
							     mt)) return false;
	return true;
}

static bool is_fallback(int want, int got)
{
	if (got == want)
		return true;
	return got == MIGRATE_UNMOVABLE || got == MIGRATE_MOVABLE ||
	       got == MIGRATE_RECLAIMABLE;
}

static int migratetype_run(struct stress_ctx *ctx)
{
	struct st_pool pool;

	if (page_group_by_mobility_disabled) {
		stress_suite_skip(
			ctx, "mobility grouping is off (too little memory)");
		return -ENOENT;
	}
	block_types(ctx);
	free_list_types(ctx);
	st_pool_init(&pool);
	for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++) {
		gfp_t gfp = type_gfp[mt] | ST_NOWARN;

		for (unsigned int i = 0; i < BLOCKS; i++) {
			bool steal;

			/* A block on a per-CPU list (pageblock order is a
			 * per-CPU order) is not on the free lists that
			 * must_steal() reads: drain first so that "must
			 * steal" is exact. */
			drain_all_pages(NULL);
			steal = must_steal(gfp, mt);
			struct page *big =
				st_alloc(ctx, gfp, pageblock_order, -1);
			struct page *small =
				st_alloc(ctx, gfp, FALLBACK_ORDER, -1);

			if (big && !steal) {
				int bt = get_pageblock_migratetype(big);

				if (!is_fallback(mt, bt))
					st_fail_param(
						ctx, C_CLAIM, (unsigned int)mt,
						"order-%d %s block at pfn %#lx in a %s pageblock",
						pageblock_order, types[mt],
						st_pfn(big),
						migratetype_names[bt]);
				st_pool_add(&pool, big, pageblock_order);
			} else if (big) {
				for (unsigned long b = 0;
				     b < (1UL << pageblock_order);
				     b += pageblock_nr_pages) {
					int bt = get_pageblock_migratetype(big +
									   b);

					if (bt != mt)
						st_fail_param(
							ctx, C_CLAIM,
							(unsigned int)mt,
							"order-%d %s block at pfn %#lx: its pageblock is %s",
							pageblock_order,
							types[mt],
							st_pfn(big + b),
							migratetype_names[bt]);
				}
				st_pool_add(&pool, big, pageblock_order);
			}
			if (small) {
				int bt = get_pageblock_migratetype(small);

				if (!is_fallback(mt, bt))
					st_fail_param(
						ctx, C_FALLBACK,
						(unsigned int)mt,
						"order-%d %s block at pfn %#lx in a %s pageblock",
						FALLBACK_ORDER, types[mt],
						st_pfn(small),
						migratetype_names[bt]);
				st_pool_add(&pool, small, FALLBACK_ORDER);
			}
		}
		st_progress(ctx, (u64)mt + 1, MIGRATE_PCPTYPES);
	}
	st_pool_free_all(ctx, &pool);
	free_list_types(ctx);
	return 0;
}

const struct stress_suite stress_suite_migratetype = {
	.name = "migratetype",
	.run = migratetype_run,
	.cases = cases,
	.nr_cases = NR_CASES,
};
