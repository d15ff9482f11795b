// SPDX-License-Identifier: MIT
/*
 * The suites' shared helpers over the allocator API (see st_mm.h): block
 * pools, zone snapshots and their comparison, free-list checks, the
 * memory patterns.  Nothing here allocates bookkeeping memory: pools are
 * linked through the blocks' own struct pages.
 */
#include <arch/arch.h>
#include <lib/printk.h>

#include "st_mm.h"

const char *const st_pattern_names[ST_NR_PATTERNS] = {
	[ST_PAT_ADDR] = "own address",
	[ST_PAT_WALK] = "walking ones",
	[ST_PAT_INV] = "inverse address",
};

/* ---- pools ---------------------------------------------------------------- */

void st_pool_init(struct st_pool *pool)
{
	INIT_LIST_HEAD(&pool->blocks);
	pool->nr_blocks = 0;
	pool->nr_pages = 0;
}

void st_pool_add(struct st_pool *pool, struct page *page, unsigned int order)
{
	page->index = order;
	list_add(&page->lru, &pool->blocks);
	pool->nr_blocks++;
	pool->nr_pages += 1UL << order;
}

void st_pool_del(struct st_pool *pool, struct page *page)
{
	list_del(&page->lru);
	pool->nr_blocks--;
	pool->nr_pages -= 1UL << st_block_order(page);
}

struct page *st_pool_pop(struct st_pool *pool, unsigned int *order)
{
	struct page *page;

	if (list_empty(&pool->blocks))
		return NULL;
	page = container_of(pool->blocks.next, struct page, lru);
	*order = st_block_order(page);
	st_pool_del(pool, page);
	return page;
}

void st_free(struct stress_ctx *ctx, struct page *page, unsigned int order)
{
	page->index = 0;
	INIT_LIST_HEAD(&page->lru);
	__free_pages(page, order);
	stress_ops(ctx, 1);
}

unsigned long st_pool_free_all(struct stress_ctx *ctx, struct st_pool *pool)
{
	unsigned long pages = pool->nr_pages;
	unsigned int order;
	struct page *page;

	while ((page = st_pool_pop(pool, &order)))
		st_free(ctx, page, order);
	return pages;
}

struct page *st_alloc(struct stress_ctx *ctx, gfp_t gfp, unsigned int order,
		      int nid)
{
	stress_ops(ctx, 1);
	return __alloc_pages(gfp, order, nid, NULL);
}

/* ---- zones ---------------------------------------------------------------- */

unsigned int st_zones(struct zone **out, unsigned int max)
{
	unsigned int n = 0;
	struct zone *zone;

	for_each_populated_zone(zone) {
		if (n < max && managed_zone(zone))
			out[n++] = zone;
	}
	return n;
}

const char *st_zone_label(const struct zone *zone, char *buf, size_t size)
{
	scnprintf(buf, size, "node %d %s", zone_to_nid(zone), zone->name);
	return buf;
}

unsigned int st_nr_nodes_with_memory(void)
{
	struct pglist_data *pgdat;
	unsigned int n = 0;

	for_each_online_pgdat(pgdat) {
		unsigned long managed = 0;

		for (int i = 0; i < MAX_NR_ZONES; i++)
			managed += zone_managed_pages(&pgdat->node_zones[i]);
		n += managed != 0;
	}
	return n;
}

/* ---- the zonelist walk's oracle (Linux's rules, see st_mm.h) --------------- */

bool st_alloc_nofragment(int nid, gfp_t gfp)
{
	struct zonelist *zl = node_zonelist(nid, gfp);
	struct zone *preferred = zonelist_zone(
		first_zones_zonelist(zl, (int)gfp_zone(gfp), NULL));

	if (!preferred || zone_idx(preferred) != ZONE_NORMAL)
		return false;
	return nr_online_nodes <= 1 ||
	       populated_zone(&preferred->zone_pgdat->node_zones[ZONE_DMA32]);
}

/* This CPU's per-CPU list holds a block of this order for mt?  Every list
 * holds one order and, below pageblock order, one type; the pageblock-order
 * list serves every type (Linux 6.1's single THP list). */
static bool pcp_holds(struct zone *zone, unsigned int order, int mt)
{
	unsigned int cpu = smp_processor_id();
	struct per_cpu_pages *pcp;

	if (!zone->per_cpu_pageset || cpu >= nr_cpu_ids)
		return false;
	pcp = &zone->per_cpu_pageset[cpu];
	for (unsigned int i = 0; i < NR_PCP_LISTS; i++) {
		const struct page *first;

		if (list_empty(&pcp->lists[i]))
			continue;
		first = container_of(pcp->lists[i].next, struct page, lru);
		if (first->private == order &&
		    (order == pageblock_order || (int)first->index == mt))
			return true;
	}
	return false;
}

bool st_zone_serves_unfragmented(struct zone *zone, gfp_t gfp,
				 unsigned int order)
{
	int mt = gfp_migratetype(gfp);

	if (pcp_holds(zone, order, mt))
		return true;
	for (unsigned int o = order; o < NR_PAGE_ORDERS; o++) {
		const struct free_area *area = &zone->free_area[o];

		if (!free_area_empty(area, mt))
			return true;
		if (o < pageblock_order)
			continue;
		for (int other = 0; other < MIGRATE_PCPTYPES; other++)
			if (!free_area_empty(area, other))
				return true;
	}
	return false;
}

struct zone *st_zone_passed_over(int nid, gfp_t gfp, unsigned int order,
				 struct zone *served)
{
	int highest = (int)gfp_zone(gfp);
	struct zonelist *zl = node_zonelist(nid, gfp);
	struct zone *preferred =
		zonelist_zone(first_zones_zonelist(zl, highest, NULL));
	bool nofragment = st_alloc_nofragment(nid, gfp);
	struct zoneref *z;
	struct zone *zone;

	for_each_zone_zonelist(zone, z, zl, highest)
	{
		if (zone == served)
			return NULL;
		if (!zone_watermark_ok(zone, order, low_wmark_pages(zone),
				       highest, 0))
			continue;
		/* Passed over by the ALLOC_NOFRAGMENT walk, which only
		 * reaches 'served' if both are on the preferred node. */
		if (nofragment && zone_to_nid(zone) == zone_to_nid(preferred) &&
		    zone_to_nid(served) == zone_to_nid(preferred) &&
		    !st_zone_serves_unfragmented(zone, gfp, order))
			continue;
		return zone;
	}
	return NULL;
}

struct zone *st_zone_could_serve(int nid, gfp_t gfp, unsigned int order)
{
	int highest = (int)gfp_zone(gfp);
	struct zoneref *z;
	struct zone *zone;

	for_each_zone_zonelist(
		zone, z, node_zonelist(nid, gfp),
		highest) if (zone_watermark_ok(zone, order,
					       min_wmark_pages(zone), highest,
					       0)) return zone;
	return NULL;
}

unsigned long st_total_managed(void)
{
	unsigned long n = 0;
	struct zone *zone;

	for_each_populated_zone(zone)
		n += zone_managed_pages(zone);
	return n;
}

unsigned long st_total_free(void)
{
	unsigned long n = 0;
	struct zone *zone;

	for_each_populated_zone(zone)
		n += zone_page_state(zone, NR_FREE_PAGES) +
		     zone_page_state(zone, NR_ZONE_PCP_PAGES);
	return n;
}

void st_snap_take(struct st_snap *snap)
{
	struct zone *zones[ST_MAX_ZONES];

	snap->nr = st_zones(zones, ST_MAX_ZONES);
	snap->bad_pages = page_alloc_errors.bad_pages;
	for (unsigned int i = 0; i < snap->nr; i++) {
		struct st_zone_snap *s = &snap->z[i];
		struct zone *z = zones[i];

		s->zone = z;
		s->free = zone_page_state(z, NR_FREE_PAGES);
		s->pcp_stat = zone_page_state(z, NR_ZONE_PCP_PAGES);
		/* Walked, not counted: NR_ZONE_PCP_PAGES sums the counts. */
		s->pcp_count = zone_pcp_listed_pages(z);
		s->managed = zone_managed_pages(z);
		for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
			s->nr_free[o] = z->free_area[o].nr_free;
	}
}

static unsigned int diff(struct stress_ctx *ctx, unsigned int c,
			 const struct zone *z, const char *field,
			 unsigned long before, unsigned long after)
{
	char label[32];

	if (before == after)
		return 0;
	stress_case_fail(ctx, c, "%s: %s is %lu, was %lu before (%s%lu)",
			 st_zone_label(z, label, sizeof(label)), field, after,
			 before, after < before ? "-" : "+",
			 after < before ? before - after : after - before);
	return 1;
}

unsigned int st_snap_compare(struct stress_ctx *ctx, unsigned int c,
			     const struct st_snap *before,
			     const struct st_snap *after)
{
	unsigned int n = 0;

	if (before->nr != after->nr) {
		stress_case_fail(ctx, c, "%u populated zones, %u before",
				 after->nr, before->nr);
		return 1;
	}
	for (unsigned int i = 0; i < before->nr; i++) {
		const struct st_zone_snap *b = &before->z[i], *a = &after->z[i];
		char field[40];

		n += diff(ctx, c, a->zone,
			  "NR_FREE_PAGES (free pages, leaked if lower)",
			  b->free, a->free);
		n += diff(ctx, c, a->zone, "NR_ZONE_PCP_PAGES", b->pcp_stat,
			  a->pcp_stat);
		n += diff(ctx, c, a->zone, "pages on the per-CPU lists",
			  b->pcp_count, a->pcp_count);
		n += diff(ctx, c, a->zone, "managed_pages", b->managed,
			  a->managed);
		for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
			scnprintf(field, sizeof(field), "free_area[%u].nr_free",
				  o);
			n += diff(ctx, c, a->zone, field, b->nr_free[o],
				  a->nr_free[o]);
		}
	}
	if (after->bad_pages != before->bad_pages) {
		stress_case_fail(ctx, c, "%lu bad_page reports during the case",
				 after->bad_pages - before->bad_pages);
		n++;
	}
	return n;
}

long st_check_lists(struct stress_ctx *ctx, unsigned int c,
		    unsigned long bad_before)
{
	long problems = mm_check_free_lists();

	stress_ops(ctx, 1);
	if (problems)
		stress_case_fail(
			ctx, c,
			"mm_check_free_lists found %ld problems (printed above)",
			problems);
	if (page_alloc_errors.bad_pages != bad_before) {
		stress_case_fail(ctx, c, "%lu bad_page reports (printed above)",
				 page_alloc_errors.bad_pages - bad_before);
		problems++;
	}
	return problems;
}

/* ---- patterns --------------------------------------------------------------- */

void st_pattern_fill(struct page *page, unsigned int order, enum st_pattern pat,
		     u64 salt, bool full, unsigned int lane)
{
	phys_addr_t pa = st_phys(page);
	u64 words = (PAGE_SIZE << order) / 8;
	volatile u64 *w = page_address(page);
	unsigned int step = full ? 1 : 8;

	for (u64 i = full ? 0 : lane % 8; i < words; i += step)
		w[i] = st_pattern_word(pat, pa + i * 8, salt);
}

unsigned long st_pattern_verify(struct stress_ctx *ctx, unsigned int c,
				struct page *page, unsigned int order,
				enum st_pattern pat, u64 salt, bool full,
				unsigned int lane)
{
	phys_addr_t pa = st_phys(page);
	u64 words = (PAGE_SIZE << order) / 8;
	u64 per_page = PAGE_SIZE / 8;
	volatile u64 *w = page_address(page);
	unsigned int step = full ? 1 : 8;
	unsigned long bad = 0;
	u64 reported_page = ~0ULL;

	for (u64 i = full ? 0 : lane % 8; i < words; i += step) {
		u64 want = st_pattern_word(pat, pa + i * 8, salt);
		u64 got = w[i];

		if (likely(got == want))
			continue;
		bad++;
		if (i / per_page == reported_page)
			continue; /* one report per page */
		reported_page = i / per_page;
		st_fail_at(ctx, c, pa + i * 8, true, want, got,
			   "%s pattern mismatch (bits %#llx differ)",
			   st_pattern_names[pat],
			   (unsigned long long)(want ^ got));
	}
	return bad;
}

bool st_check_zero(struct stress_ctx *ctx, unsigned int c, struct page *page,
		   unsigned int order)
{
	u64 words = (PAGE_SIZE << order) / 8;
	const volatile u64 *w = page_address(page);

	for (u64 i = 0; i < words; i++) {
		if (likely(!w[i]))
			continue;
		st_fail_at(ctx, c, st_phys(page) + i * 8, true, 0, w[i],
			   "__GFP_ZERO block of order %u not zeroed", order);
		return false;
	}
	return true;
}
