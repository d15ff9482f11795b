// SPDX-License-Identifier: MIT
/*
 * Per-CPU page lists (Linux's per_cpu_pages): small blocks are handed out
 * and taken back per CPU without the zone lock, moved to and from the
 * buddy lists in batches.
 *
 * What it owns: every zone's per_cpu_pageset[] (nr_cpu_ids entries),
 * zone->pageset_high/batch (nr_cpu_ids is mm/mmzone.c's).
 *
 * Sizes (Linux 6.x, percpu_pagelist_high_fraction 0):
 *   b = min(managed / 1024, 256) / 4, at least 1;
 *   batch = max(1, rounddown_pow_of_two(b + b / 2) - 1)   (63 for >= 1 GiB)
 *   high = max(low watermark / CPUs of the zone's node, 4 * batch)
 * (all CPUs when the node has none, or when there is no CPU list: the
 * simulator without numa_cpus_set()).  Until
 * setup_per_zone_pcp() runs, every pageset has Linux's boot values (high
 * 0, batch 1): a freed page goes straight back to the buddy lists.
 *
 * Invariants: pcp->count equals the pages on its lists; a listed block
 * has refcount 0, is not PageBuddy, keeps its order in private and its
 * migrate type in index; it is not counted in NR_FREE_PAGES but in
 * NR_ZONE_PCP_PAGES, which is no counter of its own: reading it sums the
 * zone's pcp counts (zone_pcp_pages), so the per-CPU path keeps no
 * shared counter at all (Linux keeps none either).
 *
 * The hot path (taking a block from a list, adding one) is inlined into
 * allocation (mm/page_alloc_api.c) and free (mm/page_free_api.c); this
 * file has the rest: refilling an empty list from the buddy
 * lists (pcp_refill), freeing down from high (pcp_free_high), sizes,
 * drains.
 *
 * Who calls it: mm/page_alloc_api.c and mm/page_free_api.c (orders 0..3
 * and pageblock order), watermark set-up, drain requests.
 */
#include <mm/page_alloc_internal.h>

#include <arch/arch.h>
#include <lib/printk.h>
#include <lib/string.h>
#include <mm/numa.h>

static unsigned int pindex_to_order(int pindex)
{
	if (pindex == NR_LOWORDER_PCP_LISTS)
		return pageblock_order;
	return (unsigned int)(pindex / MIGRATE_PCPTYPES);
}

void zone_pcp_init(struct zone *zone, struct per_cpu_pages *pagesets)
{
	unsigned int cpu;
	int i;

	zone->per_cpu_pageset = pagesets;
	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct per_cpu_pages *pcp = &pagesets[cpu];

		memset(pcp, 0, sizeof(*pcp));
		spin_lock_init(&pcp->lock);
		for (i = 0; i < NR_PCP_LISTS; i++)
			INIT_LIST_HEAD(&pcp->lists[i]);
		pcp->high = 0;
		pcp->batch = 1;
	}
	zone->pageset_high = 0;
	zone->pageset_batch = 1;
}

int zone_batchsize(const struct zone *zone)
{
	unsigned long b =
		MIN(zone_managed_pages(zone) >> 10, SZ_1M / PAGE_SIZE);

	b /= 4;
	if (b < 1)
		b = 1;
	/* 2^n - 1: avoids cache aliasing between alternating batches. */
	return (int)rounddown_pow_of_two(b + b / 2) - 1;
}

/*
 * The CPUs a zone's pageset high is split among (Linux's zone_highsize):
 * those of the zone's node among the first nr_cpu_ids of the CPU list, or
 * all nr_cpu_ids when the node has none or there is no list.
 */
static unsigned int nr_split_cpus(const struct zone *zone)
{
	unsigned int nr, n = 0;
	const struct numa_cpu *cpus = numa_cpu_list(&nr);

	for (unsigned int i = 0; i < nr && i < nr_cpu_ids; i++)
		if (cpus[i].node == zone->node)
			n++;
	return n ? n : nr_cpu_ids;
}

int zone_highsize(const struct zone *zone, int batch)
{
	int high = (int)(low_wmark_pages(zone) / nr_split_cpus(zone));

	return MAX(high, batch << 2);
}

void setup_per_zone_pcp(void)
{
	struct zone *zone;
	unsigned int cpu;

	for_each_populated_zone(zone) {
		int batch = MAX(1, zone_batchsize(zone));
		int high = zone_highsize(zone, batch);

		zone->pageset_batch = batch;
		zone->pageset_high = high;
		if (!zone->per_cpu_pageset)
			continue;
		for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
			struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

			spin_lock(&pcp->lock);
			pcp->batch = batch;
			pcp->high = high;
			spin_unlock(&pcp->lock);
		}
	}
}

/*
 * Free count pages from pcp to the buddy lists, round-robin over the lists
 * starting with pindex, each list from its tail (the coldest pages).
 * Called with pcp->lock held.
 */
static void free_pcppages_bulk(struct zone *zone, int count,
			       struct per_cpu_pages *pcp, int pindex)
{
	int min_pindex = 0, max_pindex = NR_PCP_LISTS - 1;

	count = MIN(pcp->count, count);
	pindex = pindex - 1;
	spin_lock(&zone->lock);
	while (count > 0) {
		struct list_head *list;
		unsigned int order;
		int nr_pages;

		for (;;) {
			if (++pindex > max_pindex)
				pindex = min_pindex;
			list = &pcp->lists[pindex];
			if (!list_empty(list))
				break;
			if (pindex == max_pindex)
				max_pindex--;
			if (pindex == min_pindex)
				min_pindex++;
		}
		order = pindex_to_order(pindex);
		nr_pages = 1 << order;
		do {
			struct page *page =
				list_last_entry(list, struct page, lru);
			int mt = (int)page->index;

			list_del(&page->lru);
			count -= nr_pages;
			pcp->count -= nr_pages;
			page->index = 0;
			page->private = 0;
			if (get_pageblock_migratetype(page) == MIGRATE_ISOLATE)
				mt = MIGRATE_ISOLATE;
			__free_one_page(page, page_to_pfn(page), zone, order,
					mt, FPI_NONE);
		} while (count > 0 && !list_empty(list));
	}
	spin_unlock(&zone->lock);
}

/* Take up to count blocks for a pcp list; returns how many. */
static int rmqueue_bulk(struct zone *zone, unsigned int order, int count,
			struct list_head *list, int migratetype,
			unsigned int alloc_flags)
{
	int i, allocated = 0;

	spin_lock(&zone->lock);
	for (i = 0; i < count; i++) {
		struct page *page =
			__rmqueue(zone, order, migratetype, alloc_flags);

		if (!page)
			break;
		page->private = order;
		list_add_tail(&page->lru, list);
		allocated++;
	}
	__mod_zone_page_state(zone, NR_FREE_PAGES, -((long)i << order));
	spin_unlock(&zone->lock);
	return allocated;
}

int pcp_refill(struct zone *zone, struct per_cpu_pages *pcp, unsigned int order,
	       int migratetype, unsigned int alloc_flags,
	       struct list_head *list)
{
	int batch = pcp->batch, got;

	/* Batch 1 (boot, tiny zones): keep nothing listed. */
	if (batch > 1)
		batch = MAX(batch >> order, 2);
	got = rmqueue_bulk(zone, order, batch, list, migratetype, alloc_flags);
	pcp->count += got << order;
	return got;
}

static int nr_pcp_free(struct per_cpu_pages *pcp, int high, int batch,
		       bool free_high)
{
	int min_nr_free, max_nr_free;

	if (free_high)
		return pcp->count;
	if (high < batch)
		return 1;
	min_nr_free = batch;
	max_nr_free = high - batch;
	/* Free twice as much each time frees come without allocations. */
	batch <<= pcp->free_factor;
	if (batch < max_nr_free)
		pcp->free_factor++;
	return MAX(min_nr_free, MIN(batch, max_nr_free));
}

void pcp_free_high(struct zone *zone, struct per_cpu_pages *pcp,
		   unsigned int order, int pindex)
{
	/* High orders freed in a row are not hoarded. */
	bool free_high = pcp->free_factor && order &&
			 order <= PAGE_ALLOC_COSTLY_ORDER;
	int high = (pcp->high && !free_high) ? pcp->high : 0;

	if (pcp->count >= high)
		free_pcppages_bulk(
			zone, nr_pcp_free(pcp, high, pcp->batch, free_high),
			pcp, pindex);
}

unsigned long zone_pcp_listed_pages(struct zone *zone)
{
	unsigned long pages = 0;
	unsigned int cpu;
	int i;

	for (cpu = 0; zone->per_cpu_pageset && cpu < nr_cpu_ids; cpu++) {
		struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];
		struct page *page;

		spin_lock(&pcp->lock);
		for (i = 0; i < NR_PCP_LISTS; i++)
			list_for_each_entry(page, &pcp->lists[i], lru)
				pages += 1UL << page->private;
		spin_unlock(&pcp->lock);
	}
	return pages;
}

static void drain_pages_zone(struct zone *zone, struct per_cpu_pages *pcp)
{
	spin_lock(&pcp->lock);
	if (pcp->count)
		free_pcppages_bulk(zone, pcp->count, pcp, 0);
	spin_unlock(&pcp->lock);
}

static void drain_cpu(struct zone *zone, unsigned int cpu)
{
	struct zone *z;

	if (zone) {
		if (zone->per_cpu_pageset && cpu < nr_cpu_ids)
			drain_pages_zone(zone, &zone->per_cpu_pageset[cpu]);
		return;
	}
	for_each_populated_zone(z)
		if (z->per_cpu_pageset && cpu < nr_cpu_ids)
			drain_pages_zone(z, &z->per_cpu_pageset[cpu]);
}

void drain_local_pages(struct zone *zone)
{
	drain_cpu(zone, smp_processor_id());
}

/* Linux queues a drain on each CPU; sparsemm drains the other CPUs' lists
 * directly under their pcp locks (as Linux 6.2+ does). */
void drain_all_pages(struct zone *zone)
{
	unsigned int cpu;

	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		drain_cpu(zone, cpu);
}
