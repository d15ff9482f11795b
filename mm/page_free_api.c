// SPDX-License-Identifier: MIT
/*
 * Freeing pages: __free_pages() and free_pages() (declared in <mm/gfp.h>),
 * the other half of mm/page_alloc_api.c.
 *
 * What it owns: the checks a free must pass before anything is touched
 * (order, tail page, double free, wrong order: reported, the block left
 * as it was), the refcount drop, Linux's free_pages_prepare (inline for an
 * order-0 page in the expected state, mm/page_alloc_check.c otherwise),
 * and where the block goes: the calling CPU's list for its pageblock's
 * type (free_unref_page, inlined here on the hot path, with order 0 in a
 * copy of its own), or the buddy lists under the zone lock (isolated
 * pageblocks, orders the per-CPU lists do not keep, no pagesets yet).
 * Everything off the hot path is a call in tail position, so the hot
 * path keeps nothing across a call.
 *
 * Who calls it: the stress suites, sparse (memmaps after boot), tests.
 */
#include <mm/page_alloc_internal.h>

#include <arch/arch.h>

/* To the buddy lists under the zone lock (private cleared, as
 * free_pages_prepare leaves it on the per-CPU path). */
static void free_one_page(struct zone *zone, struct page *page,
			  unsigned long pfn, unsigned int order,
			  int migratetype)
{
	page->private = 0;
	spin_lock(&zone->lock);
	__free_one_page(page, pfn, zone, order, migratetype, FPI_NONE);
	spin_unlock(&zone->lock);
}

/* Off the hot path: the list reached high (or high orders are freed in a
 * row): free down to the buddy lists, then release the owner's lock. */
static __attribute__((noinline)) void
pcp_free_high_unlock(struct zone *zone, struct per_cpu_pages *pcp,
		     unsigned int order, int pindex)
{
	pcp_free_high(zone, pcp, order, pindex);
	spin_unlock(&pcp->lock);
}

/*
 * The per-CPU free path (Linux's free_unref_page): onto the calling CPU's
 * list for the pageblock's type (isolated pageblocks go straight to the
 * buddy lists, highatomic ones to the movable list), freeing down to the
 * buddy lists when the list reaches high.
 */
static __always_inline void free_unref_page(struct page *page,
					    unsigned int order)
{
	struct zone *zone = page_zone(page);
	unsigned long pfn = page_to_pfn(page);
	int migratetype = get_pfnblock_migratetype(page, pfn);
	unsigned int cpu, pindex;
	struct per_cpu_pages *pcp;

	if (unlikely(migratetype >= MIGRATE_PCPTYPES)) {
		if (migratetype == MIGRATE_ISOLATE) {
			free_one_page(zone, page, pfn, order, migratetype);
			return;
		}
		migratetype = MIGRATE_MOVABLE;
	}
	cpu = smp_processor_id();
	pcp = cpu_pcp(zone, cpu);
	if (unlikely(!pcp)) {
		free_one_page(zone, page, pfn, order, migratetype);
		return;
	}
	pindex = order_to_pindex(migratetype, order);
	pcp_lock(pcp, cpu);
	page->index = (unsigned long)migratetype;
	page->private = order;
	list_add(&page->lru, &pcp->lists[pindex]);
	pcp->count += 1 << order;
	if (unlikely(pcp->count >= pcp->high) ||
	    (pcp->free_factor && order && order <= PAGE_ALLOC_COSTLY_ORDER)) {
		pcp_free_high_unlock(zone, pcp, order, pindex);
		return;
	}
	spin_unlock(&pcp->lock);
}

/* The block goes to a per-CPU list (small orders) or the buddy lists. */
static __always_inline void free_the_page_prepared(struct page *page,
						   unsigned int order)
{
	if (pcp_allowed_order(order)) {
		free_unref_page(page, order);
	} else {
		unsigned long pfn = page_to_pfn(page);

		free_one_page(page_zone(page), page, pfn, order,
			      get_pfnblock_migratetype(page, pfn));
	}
}

/* Higher orders, and a first page that fails the inline check: the full
 * checks of mm/page_alloc_check.c first. */
static __attribute__((noinline)) void free_the_page_checked(struct page *page,
							    unsigned int order)
{
	if (!__free_pages_prepare(page, order))
		return; /* reported and leaked */
	free_the_page_prepared(page, order);
}

/* free_pages_prepare with its out-of-line part as a tail call, so that
 * the hot path keeps nothing across a call. */
static __always_inline void free_the_page(struct page *page, unsigned int order)
{
	if (!free_pages_prepare_fast(page, order)) {
		free_the_page_checked(page, order);
		return;
	}
	free_the_page_prepared(page, order);
}

/* Someone holds the first page of a non-compound block: the rest goes
 * back (Linux's __free_pages), the first page stays with its holder. */
static __attribute__((noinline)) void free_pages_after_first(struct page *page,
							     unsigned int order)
{
	while (order-- > 0)
		free_the_page(page + (1UL << order), order);
}

void __free_pages(struct page *page, unsigned int order)
{
	if (unlikely(!page || !free_request_ok(page, order))) {
		if (page) /* NULL is no block: nothing to free */
			report_bad_free_request(page, order);
		return;
	}
	if (__atomic_sub_fetch(&page->_refcount, 1, __ATOMIC_ACQ_REL) == 0) {
		if (order) /* order 0 in its own copy, as for allocations */
			free_the_page(page, order);
		else
			free_the_page(page, 0);
	} else if (!PageHead(page)) {
		free_pages_after_first(page, order);
	}
}

void free_pages(unsigned long addr, unsigned int order)
{
	if (addr != 0)
		__free_pages(virt_to_page((void *)addr), order);
}
