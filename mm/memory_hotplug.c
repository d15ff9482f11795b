// SPDX-License-Identifier: MIT
/*
 * Memory onlining and offlining: the zones code's half of memory hot-plug
 * (Linux's mm/memory_hotplug.c and mm/page_isolation.c, reduced to what
 * sparsemm needs: no memory blocks, no migration, no notifiers).
 * sparse_add_section() calls online_pages() once the struct pages exist;
 * sparse_remove_section() calls offline_pages() before it tears them
 * down (struct sparse_hotplug_ops, installed by memory_hotplug_init()).
 *
 * What it owns: the changes hot-plug makes to zones and nodes
 * (zone_start_pfn, spanned/present/managed pages, node span and present
 * pages, nr_zones), the per-CPU lists of a zone that hot-plug populated,
 * and the boot spans it restores.
 *
 * Invariants:
 *  - offline_pages() after online_pages() of the same range restores
 *    every counter exactly: NR_FREE_PAGES, managed, present and spanned
 *    pages of the zone and node, watermarks, lowmem_reserve, pcp sizes;
 *    spans are recomputed as the boot span united with the hot-added
 *    ranges still online in the zone, never guessed from struct pages;
 *  - a range is offlined whole or not at all: when a page is busy the
 *    isolation is undone and nothing else has changed;
 *  - pages of a hot-added range link to the zone they were onlined into.
 *
 * Offlining follows Linux's start_isolate_page_range + test_pages_isolated
 * + __offline_isolated_pages: every pageblock becomes MIGRATE_ISOLATE (its
 * free blocks move to the isolate lists and leave NR_FREE_PAGES; frees
 * into it from now on stay there), the per-CPU lists are drained, and the
 * range must then consist of PageBuddy blocks only.  sparsemm cannot
 * migrate, so a busy page means -EBUSY rather than a retry.
 */
#include <mm/hotplug.h>

#include <arch/arch.h>
#include <lib/printk.h>
#include <lib/string.h>
#include <mm/memblock.h>
#include <mm/page_alloc_internal.h>
#include <mm/sparse.h>

#define PAGEBLOCKS_PER_SECTION (PAGES_PER_SECTION / pageblock_nr_pages)
BUILD_BUG_ON(PAGES_PER_SECTION % pageblock_nr_pages);

/* A zone's or node's span as free_area_init() left it. */
struct pfn_span {
	unsigned long start, end;
};

static struct pfn_span boot_zone_span[MAX_NUMNODES][MAX_NR_ZONES];
static struct pfn_span boot_node_span[MAX_NUMNODES];

/* Per-CPU lists this file allocated for a zone that had none (order + 1),
 * and the zone's pcp sizes before, restored when the zone empties. */
static unsigned int pcp_owned[MAX_NUMNODES][MAX_NR_ZONES];
static int pcp_saved_high[MAX_NUMNODES][MAX_NR_ZONES];
static int pcp_saved_batch[MAX_NUMNODES][MAX_NR_ZONES];

static unsigned long span_end(const struct pfn_span *s)
{
	return s->end;
}

static void span_union(struct pfn_span *s, unsigned long start,
		       unsigned long end)
{
	if (start >= end)
		return;
	if (s->start >= s->end) {
		s->start = start;
		s->end = end;
		return;
	}
	s->start = MIN(s->start, start);
	s->end = MAX(s->end, end);
}

/* ---- which zone ------------------------------------------------------------ */

static bool zone_intersects(const struct zone *zone, unsigned long start_pfn,
			    unsigned long nr_pages)
{
	if (!zone->spanned_pages)
		return false;
	return start_pfn < zone_end_pfn(zone) &&
	       start_pfn + nr_pages > zone->zone_start_pfn;
}

/*
 * Linux's zone_for_pfn_range() with online_movable for memory above the
 * kernel zones: see online_pages() in <mm/hotplug.h>.
 */
static int zone_for_hotplug(pg_data_t *pgdat, unsigned long start_pfn,
			    unsigned long nr_pages)
{
	int zi;

	if (populated_zone(&pgdat->node_zones[ZONE_MOVABLE]))
		return ZONE_MOVABLE;
	for (zi = ZONE_DMA; zi <= ZONE_NORMAL; zi++)
		if (populated_zone(&pgdat->node_zones[zi]) &&
		    zone_intersects(&pgdat->node_zones[zi], start_pfn,
				    nr_pages))
			return zi;
	if (start_pfn + nr_pages <= MAX_DMA_PFN)
		return ZONE_DMA;
	if (start_pfn + nr_pages <= MAX_DMA32_PFN)
		return ZONE_DMA32;
	return ZONE_MOVABLE;
}

/* ---- spans ------------------------------------------------------------------- */

/*
 * The span of zone without [skip_start, skip_end): its boot span united
 * with every hot-added (not early) present subsection whose pages link to
 * the zone.
 */
static struct pfn_span zone_span_without(struct zone *zone,
					 unsigned long skip_start,
					 unsigned long skip_end)
{
	int nid = zone_to_nid(zone), zi = zone_idx(zone);
	struct pfn_span s = boot_zone_span[nid][zi];
	unsigned long nr, pfn, end;

	for_each_present_section_nr(0, nr) {
		struct mem_section *ms = __nr_to_section(nr);

		if (!valid_section(ms) || early_section(ms))
			continue;
		pfn = section_nr_to_pfn(nr);
		end = pfn + PAGES_PER_SECTION;
		for (; pfn < end; pfn += PAGES_PER_SUBSECTION) {
			struct page *page;

			if (pfn >= skip_start && pfn < skip_end)
				continue;
			if (!pfn_section_valid(ms, pfn))
				continue;
			page = pfn_to_page(pfn);
			if (page_to_nid(page) != nid ||
			    (int)page_zonenum(page) != zi)
				continue;
			span_union(&s, pfn, pfn + PAGES_PER_SUBSECTION);
		}
	}
	return s;
}

static void set_zone_span(struct zone *zone, const struct pfn_span *s)
{
	if (s->start >= s->end) {
		zone->zone_start_pfn = 0;
		zone->spanned_pages = 0;
		return;
	}
	zone->zone_start_pfn = s->start;
	zone->spanned_pages = span_end(s) - s->start;
}

/* Node span: its boot span united with its zones' (Linux's
 * update_pgdat_span, which cannot forget a boot hole's edges). */
static void update_pgdat_span(pg_data_t *pgdat)
{
	struct pfn_span s = boot_node_span[pgdat->node_id];
	int zi;

	pgdat->nr_zones = 0;
	for (zi = 0; zi < MAX_NR_ZONES; zi++) {
		struct zone *zone = &pgdat->node_zones[zi];

		span_union(&s, zone->zone_start_pfn, zone_end_pfn(zone));
		if (populated_zone(zone))
			pgdat->nr_zones = zi + 1;
	}
	pgdat->node_start_pfn = s.start;
	pgdat->node_spanned_pages = s.end - s.start;
}

/* ---- per-CPU lists of a zone hot-plug populates -------------------------- */

static unsigned int pcp_order(void)
{
	size_t bytes = sizeof(struct per_cpu_pages) * nr_cpu_ids;
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < bytes)
		order++;
	return order;
}

static int zone_pcp_alloc(struct zone *zone)
{
	int nid = zone_to_nid(zone), zi = zone_idx(zone);
	unsigned int order = pcp_order();
	struct page *page;

	if (zone->per_cpu_pageset)
		return 0;
	page = alloc_pages_node(nid, GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN,
				order);
	if (!page) {
		pr_err("hotplug: cannot allocate the per-CPU lists of node %d zone %s\n",
		       nid, zone_names[zi]);
		return -ENOMEM;
	}
	pcp_saved_high[nid][zi] = zone->pageset_high;
	pcp_saved_batch[nid][zi] = zone->pageset_batch;
	zone_pcp_init(zone, page_address(page));
	pcp_owned[nid][zi] = order + 1;
	return 0;
}

/* An emptied zone gives back the lists online_pages() gave it. */
static void zone_pcp_free(struct zone *zone)
{
	int nid = zone_to_nid(zone), zi = zone_idx(zone);
	struct per_cpu_pages *pcp = zone->per_cpu_pageset;

	if (!pcp_owned[nid][zi] || populated_zone(zone))
		return;
	zone->per_cpu_pageset = NULL;
	zone->pageset_high = pcp_saved_high[nid][zi];
	zone->pageset_batch = pcp_saved_batch[nid][zi];
	__free_pages(virt_to_page(pcp), pcp_owned[nid][zi] - 1);
	pcp_owned[nid][zi] = 0;
}

/*
 * Watermarks, lowmem_reserve and pcp sizes for the new managed counts.
 * min_free_kbytes keeps its boot value: Linux recomputes it here
 * (init_per_zone_wmark_min) from managed pages minus the current high
 * watermarks, so that an online/offline pair would not give back the
 * watermarks it found.
 */
static void hotplug_update_wmarks(void)
{
	setup_per_zone_wmarks();
	setup_per_zone_lowmem_reserve();
}

/* ---- online ------------------------------------------------------------------- */

int online_pages(int nid, unsigned long start_pfn, unsigned long nr_pages)
{
	unsigned long end_pfn = start_pfn + nr_pages, pfn;
	pg_data_t *pgdat = nid >= 0 && nid < MAX_NUMNODES ? NODE_DATA(nid) :
							    NULL;
	struct zone *zone;
	bool was_populated;
	struct pfn_span s;
	int zi, err;

	if (!pgdat) {
		pr_err("hotplug: cannot online pfns [%#lx-%#lx): node %d has no pg_data_t (no memory at boot)\n",
		       start_pfn, end_pfn, nid);
		return -EINVAL;
	}
	zi = zone_for_hotplug(pgdat, start_pfn, nr_pages);
	zone = &pgdat->node_zones[zi];
	was_populated = populated_zone(zone);
	err = zone_pcp_alloc(zone);
	if (err)
		return err;

	/* move_pfn_range_to_zone: the pages, the zone and node spans. */
	for (pfn = start_pfn; pfn < end_pfn; pfn++)
		set_page_links(pfn_to_page(pfn), (unsigned int)zi, nid,
			       pfn_to_section_nr(pfn));
	s = (struct pfn_span){ zone->zone_start_pfn, zone_end_pfn(zone) };
	if (!zone->spanned_pages)
		s.start = s.end = 0;
	span_union(&s, start_pfn, end_pfn);
	set_zone_span(zone, &s);
	zone->present_pages += nr_pages;
	pgdat->node_present_pages += nr_pages;
	zone->initialized = true;
	update_pgdat_span(pgdat);

	/* online_pages_range: the largest blocks, as boot memory. */
	for (pfn = start_pfn; pfn < end_pfn;) {
		unsigned int order = pfn ? (unsigned int)__builtin_ctzl(pfn) :
					   MAX_PAGE_ORDER;

		order = MIN(order, (unsigned int)MAX_PAGE_ORDER);
		while (pfn + (1UL << order) > end_pfn)
			order--;
		__free_pages_core(pfn_to_page(pfn), order);
		pfn += 1UL << order;
	}
	if (!was_populated)
		build_all_zonelists();
	hotplug_update_wmarks();
	pr_info("hotplug: onlined pfns [%#lx-%#lx) into node %d zone %s: spanned %lu, present %lu, managed %lu\n",
		start_pfn, end_pfn, nid, zone_names[zi], zone->spanned_pages,
		zone->present_pages, zone_managed_pages(zone));
	return 0;
}

/* ---- offline ------------------------------------------------------------------ */

/* Under zone->lock: pageblocks of the range to MIGRATE_ISOLATE. */
static void isolate_range(struct zone *zone, unsigned long start_pfn,
			  unsigned long nr_pages, unsigned char *saved)
{
	unsigned long pfn;
	unsigned int i = 0;
	int moved;

	for (pfn = start_pfn; pfn < start_pfn + nr_pages;
	     pfn += pageblock_nr_pages, i++) {
		struct page *page = pfn_to_page(pfn);

		saved[i] = (unsigned char)get_pageblock_migratetype(page);
		if (saved[i] == MIGRATE_ISOLATE)
			continue;
		set_pageblock_migratetype(page, MIGRATE_ISOLATE);
		moved = move_freepages_block(zone, page, MIGRATE_ISOLATE, NULL);
		__mod_zone_page_state(zone, NR_FREE_PAGES, -moved);
	}
}

/* Under zone->lock: undo isolate_range(). */
static void unisolate_range(struct zone *zone, unsigned long start_pfn,
			    unsigned long nr_pages, const unsigned char *saved)
{
	unsigned long pfn;
	unsigned int i = 0;
	int moved;

	for (pfn = start_pfn; pfn < start_pfn + nr_pages;
	     pfn += pageblock_nr_pages, i++) {
		struct page *page = pfn_to_page(pfn);

		if (saved[i] == MIGRATE_ISOLATE)
			continue;
		set_pageblock_migratetype(page, saved[i]);
		moved = move_freepages_block(zone, page, saved[i], NULL);
		__mod_zone_page_state(zone, NR_FREE_PAGES, moved);
	}
}

#define BUSY_PFNS_NAMED 4

/* What count_busy() found: pages, blocks, and the first blocks' heads. */
struct busy_pages {
	unsigned long nr_pages, nr_blocks;
	unsigned long pfn[BUSY_PFNS_NAMED];
	unsigned int order[BUSY_PFNS_NAMED];
};

/*
 * Under zone->lock: pages of the range not free in the buddy allocator.
 * An allocated block whose order the allocator recorded counts as one
 * block of 2^order pages; any other page as a block of one.
 */
static void count_busy(unsigned long start_pfn, unsigned long nr_pages,
		       struct busy_pages *busy)
{
	unsigned long pfn = start_pfn, end_pfn = start_pfn + nr_pages;

	busy->nr_pages = busy->nr_blocks = 0;
	while (pfn < end_pfn) {
		struct page *page = pfn_to_page(pfn);
		int order = page_alloc_order(page);

		if (PageBuddy(page)) {
			pfn += 1UL << buddy_order(page);
			continue;
		}
		if (order < 0 || !IS_ALIGNED(pfn, 1UL << order) ||
		    pfn + (1UL << order) > end_pfn)
			order = 0;
		if (busy->nr_blocks < BUSY_PFNS_NAMED) {
			busy->pfn[busy->nr_blocks] = pfn;
			busy->order[busy->nr_blocks] = (unsigned int)order;
		}
		busy->nr_blocks++;
		busy->nr_pages += 1UL << order;
		pfn += 1UL << order;
	}
}

static void report_busy(struct zone *zone, unsigned long start_pfn,
			unsigned long nr_pages, const struct busy_pages *busy)
{
	char names[BUSY_PFNS_NAMED * 64];
	size_t len = 0;
	unsigned long i;

	names[0] = '\0';
	for (i = 0; i < MIN(busy->nr_blocks, (unsigned long)BUSY_PFNS_NAMED);
	     i++) {
		struct page *page = pfn_to_page(busy->pfn[i]);

		len += scnprintf(names + len, sizeof(names) - len,
				 "%s%#lx (order %u, refcount %d, flags %#lx)",
				 i ? ", " : "", busy->pfn[i], busy->order[i],
				 page_ref_count(page), page->flags);
	}
	pr_err("hotplug: cannot offline pfns [%#lx-%#lx) of node %d zone %s: %lu busy page%s in %lu block%s: pfn %s%s; nothing offlined\n",
	       start_pfn, start_pfn + nr_pages, zone_to_nid(zone), zone->name,
	       busy->nr_pages, busy->nr_pages == 1 ? "" : "s", busy->nr_blocks,
	       busy->nr_blocks == 1 ? "" : "s", names,
	       busy->nr_blocks > BUSY_PFNS_NAMED ? ", ..." : "");
}

int offline_pages(unsigned long start_pfn, unsigned long nr_pages)
{
	unsigned char saved[PAGEBLOCKS_PER_SECTION];
	unsigned long end_pfn = start_pfn + nr_pages, pfn;
	struct busy_pages busy;
	struct zone *zone;
	pg_data_t *pgdat;
	struct pfn_span s;

	if (!nr_pages || nr_pages > PAGES_PER_SECTION ||
	    !IS_ALIGNED(start_pfn | nr_pages, pageblock_nr_pages)) {
		pr_err("hotplug: cannot offline pfns [%#lx-%#lx): not whole pageblocks of one section\n",
		       start_pfn, end_pfn);
		return -EINVAL;
	}
	zone = page_zone(pfn_to_page(start_pfn));
	pgdat = zone->zone_pgdat;
	for (pfn = start_pfn; pfn < end_pfn; pfn++) {
		if (page_zone(pfn_to_page(pfn)) != zone ||
		    !zone_spans_pfn(zone, pfn)) {
			pr_err("hotplug: cannot offline pfns [%#lx-%#lx): pfn %#lx is not in node %d zone %s with pfn %#lx\n",
			       start_pfn, end_pfn, pfn, zone_to_nid(zone),
			       zone->name, start_pfn);
			return -EINVAL;
		}
	}

	spin_lock(&zone->lock);
	isolate_range(zone, start_pfn, nr_pages, saved);
	spin_unlock(&zone->lock);
	/* Listed pages of the range now go to the isolate lists. */
	drain_all_pages(zone);

	spin_lock(&zone->lock);
	count_busy(start_pfn, nr_pages, &busy);
	if (busy.nr_pages) {
		unisolate_range(zone, start_pfn, nr_pages, saved);
		spin_unlock(&zone->lock);
		report_busy(zone, start_pfn, nr_pages, &busy);
		return -EBUSY;
	}
	/* __offline_isolated_pages: off the (isolate) lists for good. */
	for (pfn = start_pfn; pfn < end_pfn;) {
		struct page *page = pfn_to_page(pfn);
		unsigned int order = buddy_order(page);

		del_page_from_free_list(page, zone, order);
		pfn += 1UL << order;
	}
	spin_unlock(&zone->lock);

	__atomic_sub_fetch(&zone->managed_pages, nr_pages, __ATOMIC_RELAXED);
	zone->present_pages -= nr_pages;
	pgdat->node_present_pages -= nr_pages;
	s = zone_span_without(zone, start_pfn, end_pfn);
	set_zone_span(zone, &s);
	zone->initialized = zone->spanned_pages != 0;
	update_pgdat_span(pgdat);
	if (!populated_zone(zone)) {
		zone_pcp_free(zone);
		build_all_zonelists();
	}
	hotplug_update_wmarks();
	pr_info("hotplug: offlined pfns [%#lx-%#lx) from node %d zone %s: spanned %lu, present %lu, managed %lu\n",
		start_pfn, end_pfn, zone_to_nid(zone), zone->name,
		zone->spanned_pages, zone->present_pages,
		zone_managed_pages(zone));
	return 0;
}

/* ---- the removal test ----------------------------------------------------- */

bool is_free_buddy_page(const struct page *page)
{
	unsigned long pfn = page_to_pfn(page), head_pfn;
	struct zone *zone = page_zone(page);
	bool free = false;
	unsigned int order;

	spin_lock(&zone->lock);
	for (order = 0; order < NR_PAGE_ORDERS && !free; order++) {
		const struct page *head;

		head_pfn = pfn & ~((1UL << order) - 1);
		if (!zone_spans_pfn(zone, head_pfn))
			break;
		head = page - (pfn - head_pfn);
		free = PageBuddy(head) && buddy_order(head) >= order;
	}
	spin_unlock(&zone->lock);
	return free;
}

bool hotplug_pfn_is_free(unsigned long pfn, void *ctx)
{
	return is_free_buddy_page(pfn_to_page(pfn));
}

/* ---- installation ----------------------------------------------------------- */

static const struct sparse_hotplug_ops memory_hotplug_ops = {
	.online = online_pages,
	.offline = offline_pages,
};

void memory_hotplug_init(void)
{
	pg_data_t *pgdat;
	int zi;

	memset(boot_zone_span, 0, sizeof(boot_zone_span));
	memset(boot_node_span, 0, sizeof(boot_node_span));
	memset(pcp_owned, 0, sizeof(pcp_owned));
	for_each_online_pgdat(pgdat) {
		int nid = pgdat->node_id;

		boot_node_span[nid] = (struct pfn_span){ pgdat->node_start_pfn,
							 pgdat_end_pfn(pgdat) };
		for (zi = 0; zi < MAX_NR_ZONES; zi++) {
			struct zone *zone = &pgdat->node_zones[zi];

			if (zone->spanned_pages)
				boot_zone_span[nid][zi] =
					(struct pfn_span){ zone->zone_start_pfn,
							   zone_end_pfn(zone) };
		}
	}
	sparse_set_hotplug_ops(&memory_hotplug_ops);
}
