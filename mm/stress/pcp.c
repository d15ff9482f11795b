// SPDX-License-Identifier: MIT
/*
 * pcp: the per-CPU page lists' batch and high behaviour (Linux 6.x).
 *
 * Cases:
 *  - sizes[zone...]: each zone's pcp batch is Linux's zone_batchsize()
 *    recomputed here from managed pages (b = min(managed / 1024, 256) / 4,
 *    batch = rounddown_pow_of_two(b + b / 2) - 1, at least 1) and high is
 *    max(low watermark / CPUs of the zone's node, 4 * batch) (all CPUs
 *    when the node has none or no CPU list is known);
 *  - refill_batch: after a drain, one order-0 allocation moves exactly
 *    'batch' pages from the buddy lists to this CPU's list and hands one
 *    out (count batch - 1, NR_FREE_PAGES down by batch) when the zone has
 *    batch pages __rmqueue can give (refill_can_fill), else fewer;
 *  - free_to_high: freeing order-0 pages one at a time grows the list by
 *    one each time and never leaves it above high;
 *  - order4_bypass: an order-4 block (not a per-CPU order) is freed
 *    straight to the buddy lists;
 *  - conservation: NR_FREE_PAGES + NR_ZONE_PCP_PAGES + pages held is
 *    constant through all of it, and NR_ZONE_PCP_PAGES (the sum of the
 *    lists' counts) equals the pages found by walking the lists;
 *  - drain: drain_all_pages() empties every list of every zone.
 */
#include <mm/numa.h>

#include "st_mm.h"

enum {
	C_SIZES,
	C_REFILL,
	C_FREE_HIGH,
	C_BYPASS,
	C_CONSERVE,
	C_DRAIN,
	NR_CASES
};

static const struct stress_case cases[] = {
	[C_SIZES] = { "sizes" },
	[C_REFILL] = { "refill_batch" },
	[C_FREE_HIGH] = { "free_to_high" },
	[C_BYPASS] = { "order4_bypass" },
	[C_CONSERVE] = { "conservation" },
	[C_DRAIN] = { "drain" },
};

static int expected_batch(const struct zone *z)
{
	unsigned long b = MIN(zone_managed_pages(z) / 1024, 256UL) / 4;

	if (b < 1)
		b = 1;
	b += b / 2;
	b = (1UL << (63 - __builtin_clzl(b))) - 1; /* 2^n - 1 */
	return b < 1 ? 1 : (int)b;
}

/* The pages on the zone's per-CPU lists, found by walking them (not
 * from the counts NR_ZONE_PCP_PAGES is derived from). */
static unsigned long pcp_sum(const struct zone *z)
{
	return zone_pcp_listed_pages((struct zone *)z);
}

static void conserve(struct stress_ctx *ctx, const struct zone *z,
		     unsigned long total, unsigned long held, const char *when)
{
	unsigned long free = zone_page_state(z, NR_FREE_PAGES);
	unsigned long pcp = zone_page_state(z, NR_ZONE_PCP_PAGES);

	if (pcp != pcp_sum(z))
		stress_case_fail(ctx, C_CONSERVE,
				 "%s %s: NR_ZONE_PCP_PAGES %lu, lists hold %lu",
				 z->name, when, pcp, pcp_sum(z));
	if (free + pcp + held != total)
		stress_case_fail(
			ctx, C_CONSERVE,
			"%s %s: free %lu + pcp %lu + held %lu = %lu, expected %lu",
			z->name, when, free, pcp, held, free + pcp + held,
			total);
}

/* The CPUs Linux splits a zone's high among: its node's (of the first
 * nr_cpu_ids in the CPU list), else all of them. */
static unsigned int node_cpus(const struct zone *z)
{
	unsigned int nr, n = 0;
	const struct numa_cpu *cpus = numa_cpu_list(&nr);

	for (unsigned int i = 0; i < nr && i < nr_cpu_ids; i++)
		n += cpus[i].node == zone_to_nid(z);
	return n ? n : nr_cpu_ids;
}

static void sizes(struct stress_ctx *ctx)
{
	struct zone *zones[ST_MAX_ZONES];
	unsigned int n = st_zones(zones, ST_MAX_ZONES);

	for (unsigned int i = 0; i < n; i++) {
		struct zone *z = zones[i];
		int batch = expected_batch(z);
		int high = MAX((int)(low_wmark_pages(z) / node_cpus(z)),
			       batch * 4);

		for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
			struct per_cpu_pages *pcp = &z->per_cpu_pageset[cpu];

			stress_ops(ctx, 1);
			if (pcp->batch != batch || pcp->high != high)
				stress_case_fail(
					ctx, C_SIZES,
					"node %d %s cpu %u: batch %d high %d, Linux's rules give batch %d high %d",
					zone_to_nid(z), z->name, cpu,
					pcp->batch, pcp->high, batch, high);
		}
	}
}

/*
 * Can a refill of this CPU's order-0 Unmovable list take 'batch' pages
 * whatever the walk's flags?  Linux's rmqueue_bulk() takes up to batch
 * blocks from __rmqueue(), which under ALLOC_NOFRAGMENT (GFP_KERNEL whose
 * first zone is Normal) only steals whole pageblocks: it gets batch pages
 * when the Unmovable lists hold that many, or a free block of pageblock
 * order or more is on any mobility list.
 */
static bool refill_can_fill(struct zone *z, int batch)
{
	unsigned long own = 0;

	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
		const struct free_area *area = &z->free_area[o];
		const struct page *p;

		if (o >= pageblock_order && area->nr_free)
			for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
				if (!free_area_empty(area, mt))
					return true;
		list_for_each_entry(p, &area->free_list[MIGRATE_UNMOVABLE],
				    lru) {
			own += 1UL << o;
			if (own >= (unsigned long)batch)
				return true;
		}
	}
	return false;
}

static int pcp_run(struct stress_ctx *ctx)
{
	struct zonelist *zl = node_zonelist(
		zone_to_nid(first_online_pgdat()->node_zones), GFP_KERNEL);
	struct zone *z =
		zonelist_zone(first_zones_zonelist(zl, ZONE_NORMAL, NULL));
	struct per_cpu_pages *pcp;
	unsigned long total, before;
	struct st_pool pool;
	struct page *page;
	unsigned int order;
	int batch, high;

	sizes(ctx);
	if (!z)
		return 0;
	pcp = &z->per_cpu_pageset[smp_processor_id()];
	batch = pcp->batch;
	high = pcp->high;
	drain_all_pages(NULL);
	total = zone_page_state(z, NR_FREE_PAGES);
	st_pool_init(&pool);

	/* refill_batch */
	page = st_alloc(ctx, GFP_KERNEL | ST_NOWARN, 0, zone_to_nid(z));
	if (!page || page_zone(page) != z) {
		stress_case_skip(ctx, C_REFILL,
				 "first GFP_KERNEL zone could not serve");
	} else if (!refill_can_fill(z, batch)) {
		/* Linux's refill takes what __rmqueue gives (ALLOC_NOFRAGMENT
		 * included): fewer than batch pages here, so not exact. */
		if (pcp->count >= MAX(batch, 1))
			stress_case_fail(
				ctx, C_REFILL,
				"%s: list holds %d pages after one allocation, more than batch - 1 = %d",
				z->name, pcp->count, batch - 1);
	} else {
		int want = batch > 1 ? batch - 1 : 0;

		if (pcp->count != want)
			stress_case_fail(
				ctx, C_REFILL,
				"%s: list holds %d pages after one allocation, expected batch - 1 = %d",
				z->name, pcp->count, want);
		if (total - zone_page_state(z, NR_FREE_PAGES) !=
		    (unsigned long)MAX(batch, 1))
			stress_case_fail(
				ctx, C_REFILL,
				"%s: NR_FREE_PAGES dropped by %lu, expected batch %d",
				z->name,
				total - zone_page_state(z, NR_FREE_PAGES),
				batch);
	}
	if (page && page_zone(page) == z) {
		st_pool_add(&pool, page, 0);
		conserve(ctx, z, total, 1, "after refill");
	} else if (page) {
		/* Another zone served it (ALLOC_NOFRAGMENT, a tiny zone):
		 * the pool holds z's pages only, which the counts below
		 * and free_to_high rely on. */
		conserve(ctx, z, total, 0, "after refill");
		st_free(ctx, page, 0);
	}

	/* free_to_high: take high + 2 * batch pages, then give them back. */
	for (int i = 0; i < high + 2 * batch; i++) {
		page = st_alloc(ctx, GFP_KERNEL | ST_NOWARN, 0, zone_to_nid(z));
		if (!page)
			break;
		if (page_zone(page) != z) {
			st_free(ctx, page, 0);
			break;
		}
		st_pool_add(&pool, page, 0);
	}
	conserve(ctx, z, total, pool.nr_pages, "holding");
	drain_all_pages(NULL);
	while ((page = st_pool_pop(&pool, &order))) {
		int c = pcp->count;

		st_free(ctx, page, 0);
		if (pcp->count > high)
			stress_case_fail(
				ctx, C_FREE_HIGH,
				"%s: list at %d pages after a free, above high %d",
				z->name, pcp->count, high);
		else if (c + 1 < high && pcp->count != c + 1)
			stress_case_fail(
				ctx, C_FREE_HIGH,
				"%s: a free below high took the list from %d to %d pages",
				z->name, c, pcp->count);
		if (st_failed(ctx, C_FREE_HIGH))
			break;
	}
	st_pool_free_all(ctx, &pool);
	conserve(ctx, z, total, 0, "after freeing");

	/* order4_bypass */
	page = st_alloc(ctx, GFP_KERNEL | ST_NOWARN, 4, zone_to_nid(z));
	if (page) {
		before = pcp_sum(page_zone(page));
		st_free(ctx, page, 4);
		if (pcp_sum(page_zone(page)) != before)
			stress_case_fail(
				ctx, C_BYPASS,
				"freeing an order-4 block changed the per-CPU lists from %lu to %lu pages",
				before, pcp_sum(page_zone(page)));
	}

	/* drain */
	drain_all_pages(NULL);
	for_each_populated_zone(z) {
		if (pcp_sum(z) || zone_page_state(z, NR_ZONE_PCP_PAGES))
			stress_case_fail(
				ctx, C_DRAIN,
				"node %d %s: %lu pages listed, NR_ZONE_PCP_PAGES %lu after drain_all_pages",
				zone_to_nid(z), z->name, pcp_sum(z),
				zone_page_state(z, NR_ZONE_PCP_PAGES));
	}
	return 0;
}

const struct stress_suite stress_suite_pcp = {
	.name = "pcp",
	.run = pcp_run,
	.cases = cases,
	.nr_cases = NR_CASES,
};
