// SPDX-License-Identifier: MIT
/*
 * numa: node placement.  Needs two or more nodes with memory (else SKIP).
 *
 * Cases:
 *  - thisnode: alloc_pages_node(nid, GFP_KERNEL | __GFP_THISNODE) returns
 *    pages of nid only, for every node, and when nid runs out it fails
 *    rather than falling back (while other nodes still have memory);
 *  - local_first: without __GFP_THISNODE a request for nid is served by
 *    the first zone of nid's zonelist that Linux's walk takes (its low
 *    watermark, ALLOC_NOFRAGMENT: st_zone_passed_over()), so by nid while
 *    nid can serve it, and by the nearest node with memory for a
 *    memoryless nid;
 *  - fallback_other_node: once nid is exhausted, the same request is
 *    served by another node (the next in nid's zonelist);
 *  - nodemask: __alloc_pages with a one-node mask returns that node's
 *    pages only.
 */
#include "st_mm.h"

enum { C_THISNODE, C_LOCAL, C_FALLBACK, C_NODEMASK, NR_CASES };

static const struct stress_case cases[] = {
	[C_THISNODE] = { "thisnode" },
	[C_LOCAL] = { "local_first" },
	[C_FALLBACK] = { "fallback_other_node" },
	[C_NODEMASK] = { "nodemask" },
};

static void one_node(struct stress_ctx *ctx, int nid)
{
	gfp_t gfp = GFP_KERNEL | ST_NOWARN;
	struct st_pool pool;
	struct page *page;
	nodemask_t mask = { .bits = 1ULL << nid };
	char label[32];

	st_pool_init(&pool);
	for (unsigned int i = 0; i < 64; i++) {
		page = st_alloc(ctx, gfp, i % 4, nid);
		if (page) {
			struct zone *earlier = st_zone_passed_over(
				nid, gfp, i % 4, page_zone(page));

			if (earlier)
				st_fail_at(
					ctx, C_LOCAL, st_phys(page), false, 0,
					0,
					"request for node %d served by node %d %s although %s comes first in its zonelist and passes its low watermark",
					nid, page_to_nid(page),
					page_zone(page)->name,
					st_zone_label(earlier, label,
						      sizeof(label)));
			st_pool_add(&pool, page, i % 4);
		}
		stress_ops(ctx, 1);
		page = __alloc_pages(gfp, 0, nid, &mask);
		if (page) {
			if (page_to_nid(page) != nid)
				st_fail_at(ctx, C_NODEMASK, st_phys(page),
					   false, 0, 0,
					   "nodemask {%d} served by node %d",
					   nid, page_to_nid(page));
			st_pool_add(&pool, page, 0);
		}
	}
	/* Exhaust nid with __GFP_THISNODE. */
	for (unsigned int order = MAX_PAGE_ORDER + 1; order-- > 0;) {
		while ((page = st_alloc(ctx, gfp | __GFP_THISNODE, order,
					nid))) {
			if (page_to_nid(page) != nid)
				st_fail_at(
					ctx, C_THISNODE, st_phys(page), false,
					0, 0,
					"__GFP_THISNODE for node %d served by node %d",
					nid, page_to_nid(page));
			st_pool_add(&pool, page, order);
			st_progress(ctx, pool.nr_pages, st_total_managed());
		}
	}
	/* nid is below its watermarks now: without THISNODE, another node. */
	page = st_alloc(ctx, gfp, 0, nid);
	if (!page)
		stress_case_fail(
			ctx, C_FALLBACK,
			"node %d exhausted: request without __GFP_THISNODE failed instead of falling back",
			nid);
	else if (page_to_nid(page) == nid &&
		 zone_watermark_ok(page_zone(page), 0,
				   min_wmark_pages(page_zone(page)),
				   ZONE_NORMAL, 0))
		stress_case_fail(
			ctx, C_FALLBACK,
			"node %d still served after __GFP_THISNODE exhaustion",
			nid);
	if (page)
		st_pool_add(&pool, page, 0);
	st_pool_free_all(ctx, &pool);
}

static int numa_run(struct stress_ctx *ctx)
{
	struct pglist_data *pgdat;

	for_each_online_pgdat(pgdat) {
		one_node(ctx, pgdat->node_id);
		drain_all_pages(NULL);
	}
	return 0;
}

const struct stress_suite stress_suite_numa = {
	.name = "numa",
	.run = numa_run,
	.cases = cases,
	.nr_cases = NR_CASES,
	.needs = ST_NEEDS_NUMA,
};
