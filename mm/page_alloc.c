// SPDX-License-Identifier: MIT
/*
 * The buddy allocator's core: freeing with merging, splitting, taking a
 * block of a migrate type, and falling back to other types with Linux's
 * stealing and pageblock-claiming rules (mm/page_alloc.c of Linux 6.x).
 *
 * What it owns: the contents of every zone's free_area[] and the zone's
 * NR_FREE_PAGES counter, always under zone->lock.
 *
 * Invariants (mm_check_free_lists() verifies them):
 *  - a block on free_area[o].free_list[mt] is 2^o pages, starts at a pfn
 *    aligned to 2^o, lies in the zone, and its first page is PageBuddy
 *    with buddy_order == o; no other page of it is PageBuddy;
 *  - two free buddies of the same order are never both on the lists
 *    unless merging them is forbidden: above MAX_PAGE_ORDER, across the
 *    zone's edge, or at pageblock order and above between a mergeable
 *    type (Unmovable, Movable, Reclaimable) and another type (HighAtomic,
 *    Isolate);
 *  - NR_FREE_PAGES = sum of nr_free << order over the non-isolated lists.
 *
 * The buddy of pfn at order o is pfn ^ (1 << o); a merged block starts at
 * pfn & buddy_pfn.  A freed block goes to the head of its list, or to the
 * tail when its merged buddy at the next order is free too (it is likely
 * to merge soon, Linux's buddy_merge_likely) or when freed with
 * FPI_TO_TAIL (boot memory).
 *
 * Who calls it: mm/pcp.c (bulk moves), mm/page_alloc_api.c (allocation),
 * mm/page_free_api.c (free), mm/memblock_free_all.c.
 */
#include <mm/page_alloc_internal.h>

#include <lib/printk.h>

void (*trace_mm_page_alloc_extfrag)(struct page *page, int alloc_order,
				    int fallback_order, int alloc_migratetype,
				    int fallback_migratetype);

/* Fallback order when a type's own lists are empty (Linux's table). */
static const int fallbacks[MIGRATE_TYPES][MIGRATE_PCPTYPES] = {
	[MIGRATE_UNMOVABLE] = { MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE,
				MIGRATE_TYPES },
	[MIGRATE_MOVABLE] = { MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE,
			      MIGRATE_TYPES },
	[MIGRATE_RECLAIMABLE] = { MIGRATE_UNMOVABLE, MIGRATE_MOVABLE,
				  MIGRATE_TYPES },
	[MIGRATE_HIGHATOMIC] = { MIGRATE_TYPES },
	[MIGRATE_ISOLATE] = { MIGRATE_TYPES },
};

static bool migratetype_is_mergeable(int mt)
{
	return mt < MIGRATE_PCPTYPES;
}

/*
 * Is the page at buddy_pfn a free block of this order that may merge with
 * page?  It must lie in page's zone (checked on the pfn first, so that no
 * struct page outside the zone is read) and be PageBuddy of that order.
 */
static __always_inline struct page *
find_buddy_page_pfn(struct zone *zone, struct page *page, unsigned long pfn,
		    unsigned int order, unsigned long *buddy_pfn)
{
	unsigned long bpfn = pfn ^ (1UL << order);
	struct page *buddy;

	if (buddy_pfn)
		*buddy_pfn = bpfn;
	if (!zone_spans_pfn(zone, bpfn))
		return NULL;
	buddy = page + ((long)bpfn - (long)pfn);
	if (!PageBuddy(buddy) || buddy_order(buddy) != order)
		return NULL;
	if (page_zone_id(buddy) != page_zone_id(page))
		return NULL;
	return buddy;
}

/* Will the block at pfn, just freed at order, merge at order + 1 soon? */
static bool buddy_merge_likely(struct zone *zone, unsigned long pfn,
			       unsigned long buddy_pfn, struct page *page,
			       unsigned int order)
{
	unsigned long higher_pfn;

	if (order >= MAX_PAGE_ORDER - 1)
		return false;
	higher_pfn = buddy_pfn & pfn;
	return find_buddy_page_pfn(zone, page + ((long)higher_pfn - (long)pfn),
				   higher_pfn, order + 1, NULL) != NULL;
}

void __free_one_page(struct page *page, unsigned long pfn, struct zone *zone,
		     unsigned int order, int migratetype, int fpi_flags)
{
	unsigned long buddy_pfn = 0, combined_pfn;
	struct page *buddy;
	bool to_tail;

	if (migratetype != MIGRATE_ISOLATE)
		__mod_zone_page_state(zone, NR_FREE_PAGES, 1L << order);

	while (order < MAX_PAGE_ORDER) {
		buddy = find_buddy_page_pfn(zone, page, pfn, order, &buddy_pfn);
		if (!buddy)
			break;
		if (order >= pageblock_order) {
			/* Keep isolated / highatomic blocks apart. */
			int buddy_mt = get_pageblock_migratetype(buddy);

			if (migratetype != buddy_mt &&
			    (!migratetype_is_mergeable(migratetype) ||
			     !migratetype_is_mergeable(buddy_mt)))
				break;
		}
		del_page_from_free_list(buddy, zone, order);
		combined_pfn = buddy_pfn & pfn;
		page = page + ((long)combined_pfn - (long)pfn);
		pfn = combined_pfn;
		order++;
	}

	set_buddy_order(page, order);
	if (fpi_flags & FPI_TO_TAIL)
		to_tail = true;
	else
		to_tail = buddy_merge_likely(zone, pfn, buddy_pfn, page, order);
	if (to_tail)
		add_to_free_list_tail(page, zone, order, migratetype);
	else
		add_to_free_list(page, zone, order, migratetype);
}

/* Split a 2^high block down to 2^low, freeing the upper halves. */
static void expand(struct zone *zone, struct page *page, unsigned int low,
		   unsigned int high, int migratetype)
{
	unsigned long size = 1UL << high;

	while (high > low) {
		high--;
		size >>= 1;
		add_to_free_list(&page[size], zone, high, migratetype);
		set_buddy_order(&page[size], high);
	}
}

struct page *__rmqueue_smallest(struct zone *zone, unsigned int order,
				int migratetype)
{
	unsigned int current_order;

	for (current_order = order; current_order < NR_PAGE_ORDERS;
	     current_order++) {
		struct free_area *area = &zone->free_area[current_order];
		struct page *page = list_first_entry_or_null(
			&area->free_list[migratetype], struct page, lru);

		if (!page)
			continue;
		del_page_from_free_list(page, zone, current_order);
		expand(zone, page, order, current_order, migratetype);
		page->index = (unsigned long)migratetype; /* pcp migratetype */
		return page;
	}
	return NULL;
}

/* Move the free blocks of [start_pfn, end_pfn] to migratetype's lists. */
static int move_freepages(struct zone *zone, unsigned long start_pfn,
			  unsigned long end_pfn, int migratetype,
			  int *num_movable)
{
	unsigned long pfn;
	int pages_moved = 0;

	for (pfn = start_pfn; pfn <= end_pfn;) {
		struct page *page = pfn_to_page(pfn);
		unsigned int order;

		if (!PageBuddy(page)) {
			/* In-use pages on an LRU would be movable. */
			if (num_movable && test_page_flag(page, PG_lru))
				(*num_movable)++;
			pfn++;
			continue;
		}
		order = buddy_order(page);
		/*
		 * A pageblock may hold pages of two nodes' zones when a node
		 * boundary is not pageblock-aligned (interleaved SRAT
		 * ranges): another zone's free block stays on its own
		 * zone's lists (Linux asserts this never happens,
		 * VM_BUG_ON_PAGE(page_zone(page) != zone)).
		 */
		if (page_zone(page) == zone) {
			move_to_free_list(page, zone, order, migratetype);
			pages_moved += 1 << order;
		}
		pfn += 1UL << order;
	}
	return pages_moved;
}

int move_freepages_block(struct zone *zone, struct page *page, int migratetype,
			 int *num_movable)
{
	unsigned long pfn = page_to_pfn(page);
	unsigned long start_pfn = ALIGN_DOWN(pfn, pageblock_nr_pages);
	unsigned long end_pfn = start_pfn + pageblock_nr_pages - 1;

	if (num_movable)
		*num_movable = 0;
	/* A pageblock straddling the zone's edge is not moved. */
	if (!zone_spans_pfn(zone, start_pfn) || !zone_spans_pfn(zone, end_pfn))
		return 0;
	return move_freepages(zone, start_pfn, end_pfn, migratetype,
			      num_movable);
}

static void change_pageblock_range(struct page *page, unsigned int order,
				   int migratetype)
{
	unsigned long nr = 1UL << (order - pageblock_order);

	while (nr--) {
		set_pageblock_migratetype(page, migratetype);
		page += pageblock_nr_pages;
	}
}

/* May a request of start_mt at this order take whole pageblocks? */
static bool can_steal_fallback(unsigned int order, int start_mt)
{
	if (order >= pageblock_order)
		return true;
	return order >= pageblock_order / 2 ||
	       start_mt == MIGRATE_RECLAIMABLE ||
	       start_mt == MIGRATE_UNMOVABLE || page_group_by_mobility_disabled;
}

/* The first fallback type with a free block of this order, or -1. */
static int find_suitable_fallback(struct free_area *area, unsigned int order,
				  int migratetype, bool *can_steal)
{
	int i;

	*can_steal = false;
	if (area->nr_free == 0)
		return -1;
	for (i = 0; i < MIGRATE_PCPTYPES; i++) {
		int fallback_mt = fallbacks[migratetype][i];

		if (fallback_mt == MIGRATE_TYPES)
			break;
		if (free_area_empty(area, fallback_mt))
			continue;
		if (can_steal_fallback(order, migratetype))
			*can_steal = true;
		return fallback_mt;
	}
	return -1;
}

/*
 * Take page's block for start_type: blocks of pageblock order or more
 * change their pageblocks' type; otherwise, when whole_block, every free
 * block of the pageblock moves to start_type's lists and the pageblock
 * changes type if free plus compatible pages make at least half of it;
 * else only this block moves.
 */
static void steal_suitable_fallback(struct zone *zone, struct page *page,
				    int start_type, bool whole_block)
{
	unsigned int current_order = buddy_order(page);
	int free_pages, movable_pages, alike_pages;
	int old_block_type = get_pageblock_migratetype(page);

	if (old_block_type == MIGRATE_HIGHATOMIC)
		goto single_page;
	if (current_order >= pageblock_order) {
		change_pageblock_range(page, current_order, start_type);
		goto single_page;
	}
	if (!whole_block)
		goto single_page;

	free_pages =
		move_freepages_block(zone, page, start_type, &movable_pages);
	if (start_type == MIGRATE_MOVABLE)
		alike_pages = movable_pages;
	else if (old_block_type == MIGRATE_MOVABLE)
		alike_pages =
			(int)pageblock_nr_pages - (free_pages + movable_pages);
	else
		alike_pages = 0;
	if (!free_pages)
		goto single_page;
	if (free_pages + alike_pages >= (1 << (pageblock_order - 1)) ||
	    page_group_by_mobility_disabled)
		set_pageblock_migratetype(page, start_type);
	return;

single_page:
	move_to_free_list(page, zone, current_order, start_type);
}

/*
 * Nothing of start_mt's own: take the largest free block of a fallback
 * type (from pageblock order up with ALLOC_NOFRAGMENT), or the smallest
 * one when a movable request may not steal the whole pageblock.  Returns
 * true when a block was moved to start_mt's lists.
 */
static bool __rmqueue_fallback(struct zone *zone, unsigned int order,
			       int start_mt, unsigned int alloc_flags)
{
	unsigned int min_order = order;
	int current_order, fallback_mt = -1;
	struct free_area *area = NULL;
	bool can_steal = false;
	struct page *page;

	if (alloc_flags & ALLOC_NOFRAGMENT)
		min_order = pageblock_order;

	for (current_order = MAX_PAGE_ORDER; current_order >= (int)min_order;
	     current_order--) {
		area = &zone->free_area[current_order];
		fallback_mt = find_suitable_fallback(area, current_order,
						     start_mt, &can_steal);
		if (fallback_mt == -1)
			continue;
		if (!can_steal && start_mt == MIGRATE_MOVABLE &&
		    current_order > (int)order)
			goto find_smallest;
		goto do_steal;
	}
	return false;

find_smallest:
	for (current_order = order; current_order <= MAX_PAGE_ORDER;
	     current_order++) {
		area = &zone->free_area[current_order];
		fallback_mt = find_suitable_fallback(area, current_order,
						     start_mt, &can_steal);
		if (fallback_mt != -1)
			break;
	}
	if (fallback_mt == -1)
		return false;

do_steal:
	page = list_first_entry(&area->free_list[fallback_mt], struct page,
				lru);
	steal_suitable_fallback(zone, page, start_mt, can_steal);
	if (trace_mm_page_alloc_extfrag)
		trace_mm_page_alloc_extfrag(page, order, current_order,
					    start_mt, fallback_mt);
	return true;
}

struct page *__rmqueue(struct zone *zone, unsigned int order, int migratetype,
		       unsigned int alloc_flags)
{
	struct page *page;

	for (;;) {
		page = __rmqueue_smallest(zone, order, migratetype);
		if (page || migratetype >= MIGRATE_PCPTYPES ||
		    !__rmqueue_fallback(zone, order, migratetype, alloc_flags))
			return page;
	}
}
