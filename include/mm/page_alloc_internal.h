/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the page allocator's files (mm/page_alloc.c, pcp.c,
 * page_alloc_check.c, watermark.c, memblock_free_all.c, vmstat.c); not
 * part of the mm API, as Linux's mm/internal.h.
 */
#ifndef MM_PAGE_ALLOC_INTERNAL_H
#define MM_PAGE_ALLOC_INTERNAL_H

#include <arch/arch.h>
#include <lib/string.h>
#include <mm/gfp.h>
#include <mm/mmzone.h>
#include <mm/sparse.h>

/*
 * SPARSEMM_DEBUG_VM (Linux's CONFIG_DEBUG_VM): the expensive page-state
 * checks.  1 (the default: the app, the unit tests, the simulator) checks
 * every page of a block on allocation and free (tail pages' compound
 * metadata, check_new_pages on the per-CPU path too); 0 (the benchmarks,
 * tests/bench/bench.mk) keeps only the checks Linux always does: the head
 * page of a freed block (refcount, mapcount, mapping, flags: bad_page),
 * and the head page of a block leaving the buddy lists.  sparsemm's own
 * misuse checks in __free_pages (double free, tail page, wrong order)
 * stay on in both: they are a few loads of the head page.
 */
#ifndef SPARSEMM_DEBUG_VM
#define SPARSEMM_DEBUG_VM 1
#endif

/* ---- page state helpers ---------------------------------------------------- */

static inline unsigned int buddy_order(const struct page *page)
{
	return (unsigned int)page->private;
}
static inline void set_buddy_order(struct page *page, unsigned int order)
{
	page->private = order;
	__SetPageBuddy(page);
}
static inline void page_mapcount_reset(struct page *page)
{
	page->_mapcount = -1;
}

/*
 * The order of an allocated block is kept in bits of its first page's
 * flags (between the PG_* flags and the zone/node/section fields), as
 * order + 1, so that a free with another order is caught.  0 means "not
 * recorded" (pages that never came from the allocator).
 */
#define PAGE_ALLOC_ORDER_PGSHIFT 24
#define PAGE_ALLOC_ORDER_MASK 0xfUL
BUILD_BUG_ON(PAGE_ALLOC_ORDER_PGSHIFT < __NR_PAGEFLAGS);
BUILD_BUG_ON(PAGE_ALLOC_ORDER_PGSHIFT + 4 > ZONES_PGSHIFT);
BUILD_BUG_ON(MAX_PAGE_ORDER + 1 > PAGE_ALLOC_ORDER_MASK);

static inline void set_page_alloc_order(struct page *page, unsigned int order)
{
	page->flags &= ~(PAGE_ALLOC_ORDER_MASK << PAGE_ALLOC_ORDER_PGSHIFT);
	page->flags |= (unsigned long)(order + 1) << PAGE_ALLOC_ORDER_PGSHIFT;
}
static inline void clear_page_alloc_order(struct page *page)
{
	page->flags &= ~(PAGE_ALLOC_ORDER_MASK << PAGE_ALLOC_ORDER_PGSHIFT);
}
/* -1 when not recorded. */
static inline int page_alloc_order(const struct page *page)
{
	return (int)((page->flags >> PAGE_ALLOC_ORDER_PGSHIFT) &
		     PAGE_ALLOC_ORDER_MASK) -
	       1;
}

/* Flags that must be clear on a page being freed / handed out (Linux's
 * PAGE_FLAGS_CHECK_AT_FREE / _AT_PREP for the PG_* bits sparsemm has;
 * PG_hwpoison and PG_pattern are left to their owners). */
#define PAGE_FLAGS_CHECK_AT_FREE                                      \
	((1UL << PG_lru) | (1UL << PG_locked) | (1UL << PG_private) | \
	 (1UL << PG_reserved) | (1UL << PG_active))
#define PAGE_FLAGS_CHECK_AT_PREP                                 \
	(((1UL << __NR_PAGEFLAGS) - 1) & ~(1UL << PG_hwpoison) & \
	 ~(1UL << PG_pattern))

/* Tail pages beyond the second carry this in mapping (Linux's). */
#define TAIL_MAPPING ((void *)0x400)

static inline unsigned int compound_order(const struct page *page)
{
	if (!PageHead(page))
		return 0;
	return page[1].compound_order;
}

/* ---- free lists (mm/page_alloc.c) ------------------------------------------ */

/* Free-page-internal flags. */
#define FPI_NONE 0x0
#define FPI_TO_TAIL 0x2 /* put the block at the list's tail */

static inline void add_to_free_list(struct page *page, struct zone *zone,
				    unsigned int order, int mt)
{
	struct free_area *area = &zone->free_area[order];

	list_add(&page->lru, &area->free_list[mt]);
	area->nr_free++;
}
static inline void add_to_free_list_tail(struct page *page, struct zone *zone,
					 unsigned int order, int mt)
{
	struct free_area *area = &zone->free_area[order];

	list_add_tail(&page->lru, &area->free_list[mt]);
	area->nr_free++;
}
static inline void move_to_free_list(struct page *page, struct zone *zone,
				     unsigned int order, int mt)
{
	list_move_tail(&page->lru, &zone->free_area[order].free_list[mt]);
}
/*
 * Under debug_nolock (a negative test, see rmqueue_buddy) two CPUs may
 * unlink the same block: the entry is then re-initialised instead of
 * poisoned, so that the race shows as a doubled page the concurrent suite
 * names rather than as a fault on LIST_POISON.
 */
static inline void del_page_from_free_list(struct page *page, struct zone *zone,
					   unsigned int order)
{
	if (unlikely(page_alloc_debug_nolock))
		list_del_init(&page->lru);
	else
		list_del(&page->lru);
	__ClearPageBuddy(page);
	page->private = 0;
	zone->free_area[order].nr_free--;
}

/* Under zone->lock: merge and insert a free block (counts NR_FREE_PAGES). */
void __free_one_page(struct page *page, unsigned long pfn, struct zone *zone,
		     unsigned int order, int migratetype, int fpi_flags);
/* Under zone->lock: take a 2^order block of migratetype (with fallback);
 * NR_FREE_PAGES is the caller's to adjust. */
struct page *__rmqueue(struct zone *zone, unsigned int order, int migratetype,
		       unsigned int alloc_flags);
struct page *__rmqueue_smallest(struct zone *zone, unsigned int order,
				int migratetype);
/* Move every free block of page's pageblock to migratetype's lists;
 * returns pages moved, *num_movable counts PG_lru pages (NULL: skip). */
int move_freepages_block(struct zone *zone, struct page *page, int migratetype,
			 int *num_movable);

/* ---- per-CPU lists (mm/pcp.c) ----------------------------------------------- */

static inline bool pcp_allowed_order(unsigned int order)
{
	return order <= PAGE_ALLOC_COSTLY_ORDER || order == pageblock_order;
}
/* The list of pcp->lists[] for blocks of this type and order. */
static inline unsigned int order_to_pindex(int migratetype, unsigned int order)
{
	if (order > PAGE_ALLOC_COSTLY_ORDER)
		return NR_LOWORDER_PCP_LISTS; /* pageblock_order */
	return MIGRATE_PCPTYPES * order + (unsigned int)migratetype;
}
/* The calling CPU's pageset of zone, or NULL (no pagesets yet, or a CPU
 * without one). */
static inline struct per_cpu_pages *cpu_pcp(struct zone *zone, unsigned int cpu)
{
	if (unlikely(!zone->per_cpu_pageset || cpu >= nr_cpu_ids))
		return NULL;
	return &zone->per_cpu_pageset[cpu];
}
/*
 * The owner's lock of its per-CPU lists on the hot path: plain stores
 * while no other CPU runs mm code (page_alloc_concurrent false: nothing
 * remote can hold it), the atomic exchange otherwise.  Released with
 * spin_unlock either way; remote users (drains, sizes, walks) always
 * take it with spin_lock.
 */
static __always_inline void pcp_lock(struct per_cpu_pages *pcp,
				     unsigned int cpu)
{
	if (likely(!__atomic_load_n(&page_alloc_concurrent,
				    __ATOMIC_RELAXED))) {
		pcp->lock.locked = 1;
		pcp->lock.owner = cpu + 1;
		return;
	}
	spin_lock_cpu(&pcp->lock, cpu);
}
/* Under pcp->lock, the list empty: move a batch of blocks from the buddy
 * lists to it; returns the blocks moved (0: none left). */
int pcp_refill(struct zone *zone, struct per_cpu_pages *pcp, unsigned int order,
	       int migratetype, unsigned int alloc_flags,
	       struct list_head *list);
/* Under pcp->lock, a block of this order just added to list pindex: free
 * down to the buddy lists when count reached high (or when high orders
 * are freed in a row, Linux's free_high). */
void pcp_free_high(struct zone *zone, struct per_cpu_pages *pcp,
		   unsigned int order, int pindex);
/* Set up the boot pagesets of a zone (count 0, high 0, batch 1). */
void zone_pcp_init(struct zone *zone, struct per_cpu_pages *pagesets);

/* ---- checks (mm/page_alloc_check.c) ------------------------------------------ */

/* Report (and count) a page in a bad state; bad_page also takes it out of
 * circulation (clears PageBuddy), bad_page_report leaves it untouched. */
void bad_page(struct page *page, const char *reason);
void bad_page_report(struct page *page, const char *reason);
/* Linux's page_expected_state: what a page being freed (check_flags
 * PAGE_FLAGS_CHECK_AT_FREE) or handed out (..._AT_PREP) must look like. */
static inline bool page_expected_state(const struct page *page,
				       unsigned long check_flags)
{
	return page->_mapcount == -1 && !page->mapping &&
	       page_ref_count(page) == 0 && !(page->flags & check_flags);
}
/* Checks before freeing; false when the block must not be freed (bad, and
 * reported).  Clears the flags a free page must not carry.  The
 * out-of-line part: tail pages, SPARSEMM_DEBUG_VM, a bad head. */
bool __free_pages_prepare(struct page *page, unsigned int order);
/*
 * The inline part: an order-0 page in Linux's expected state gets its
 * flags cleared here (true); anything else is left untouched for
 * __free_pages_prepare (false).  The refcount is not read: every caller
 * has just seen it drop to 0 or set it to 0.  page->private is left to
 * the list the page goes to (the per-CPU lists keep the order there; on
 * the buddy path the caller clears it).
 */
static __always_inline bool free_pages_prepare_fast(struct page *page,
						    unsigned int order)
{
	if (SPARSEMM_DEBUG_VM || order ||
	    unlikely(page->_mapcount != -1 || page->mapping ||
		     (page->flags & PAGE_FLAGS_CHECK_AT_FREE)))
		return false;
	page->flags &= ~(PAGE_FLAGS_CHECK_AT_PREP |
			 (PAGE_ALLOC_ORDER_MASK << PAGE_ALLOC_ORDER_PGSHIFT));
	return true;
}
static inline bool free_pages_prepare(struct page *page, unsigned int order)
{
	if (!free_pages_prepare_fast(page, order))
		return __free_pages_prepare(page, order);
	page->private = 0;
	return true;
}
/* Checks on a block about to be handed out; true when bad (reported).
 * Every page with SPARSEMM_DEBUG_VM, else the first one only. */
bool check_new_pages(struct page *page, unsigned int order);
/* The per-CPU lists' check (Linux's check_new_pcp): only with
 * SPARSEMM_DEBUG_VM; the block was checked when it was freed. */
static inline bool check_new_pcp(struct page *page, unsigned int order)
{
	return SPARSEMM_DEBUG_VM && check_new_pages(page, order);
}
/*
 * The requests the API refuses before touching anything, tested inline on
 * every call; the reports (which rule, counted in page_alloc_errors) are
 * out of line.  An allocation: an order above MAX_PAGE_ORDER, an
 * impossible zone combination, movable and reclaimable together.  A free:
 * an order above MAX_PAGE_ORDER, a tail page, a page whose refcount is
 * already 0 (double free), or an order other than the one it was
 * allocated with (recorded in its flags, or its compound order).
 */
static inline bool alloc_request_ok(gfp_t gfp, unsigned int order)
{
	return order <= MAX_PAGE_ORDER && gfp_request_valid(gfp);
}
static inline bool free_request_ok(const struct page *page, unsigned int order)
{
	int recorded = page_alloc_order(page);

	return order <= MAX_PAGE_ORDER && !PageTail(page) &&
	       page_ref_count(page) > 0 &&
	       (recorded < 0 || (unsigned int)recorded == order) &&
	       (!PageHead(page) || compound_order(page) == order);
}
void __attribute__((cold))
report_bad_alloc_request(gfp_t gfp, unsigned int order);
void __attribute__((cold))
report_bad_free_request(struct page *page, unsigned int order);

/* ---- zeroing (__GFP_ZERO) ----------------------------------------------------- */

/*
 * Zero a 2^order block through the direct map: one contiguous range in
 * every memory model (a buddy block never crosses a section).  How is the
 * platform's (arch_clear_pages(), include/arch/arch.h).
 */
static inline void clear_pages(void *addr, unsigned int order)
{
	arch_clear_pages(addr, PAGE_SIZE << order);
}

/* ---- misc --------------------------------------------------------------------- */

extern unsigned long nr_kernel_pages, nr_all_pages;
extern unsigned long dma_reserve;

static inline unsigned long rounddown_pow_of_two(unsigned long n)
{
	return n ? 1UL << (63 - __builtin_clzl(n)) : 0;
}

#endif
