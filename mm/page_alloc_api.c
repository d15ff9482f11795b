// SPDX-License-Identifier: MIT
/*
 * The page allocator's API: __alloc_pages() and the calls built on it,
 * __get_free_pages() and get_zeroed_page() (declared in <mm/gfp.h>);
 * the free side is mm/page_free_api.c.
 *
 * What it owns: the path of a request through the zonelist: the fast path
 * at the low watermark, then the slow path at the min watermark with the
 * request's reserves (ALLOC_MIN_RESERVE for __GFP_HIGH, ALLOC_NON_BLOCK
 * without __GFP_DIRECT_RECLAIM, ALLOC_NO_WATERMARKS for __GFP_MEMALLOC),
 * a drain of the per-CPU lists for requests that may reclaim, and the
 * failure report.  And the start of an allocated block's life: refcount 1
 * on its first page, its order recorded in that page's flags, compound
 * metadata with __GFP_COMP, every byte zeroed with __GFP_ZERO.  And the
 * per-CPU hot path of an allocation (alloc_pages_fast, rmqueue_pcplist),
 * inlined here; refills, frees down from high and drains are mm/pcp.c's.
 *
 * Reclaim is the shrinkers' (mm/shrinker.c: caches registered by the
 * suites) plus draining the per-CPU lists; __GFP_NOFAIL retries a bounded
 * number of times with part of the min reserve and then fails with a
 * report instead of hanging the machine (docs/allocator.md lists every
 * GFP bit's meaning).  fail_page_alloc may fail a request first.
 *
 * Who calls it: the stress suites, sparse (memmaps after boot), tests.
 */
#include <mm/page_alloc_internal.h>

#include <arch/arch.h>
#include <lib/printk.h>
#include <lib/string.h>

/* Reclaim (mm/shrinker.c) and fault injection (mm/fail_page_alloc.c) are
 * used when they are part of the tree. */
#if __has_include(<mm/shrinker.h>)
#include <mm/shrinker.h>
#define HAVE_RECLAIM 1
#endif
#if __has_include(<mm/fail_page_alloc.h>)
#include <mm/fail_page_alloc.h>
#define HAVE_FAIL_PAGE_ALLOC 1
#endif

#define NOFAIL_RETRIES 16
#define NOLOCK_BAD_RETRIES 8 /* debug_nolock: bad blocks in a row */
#define MAX_RECLAIM_RETRIES 16

/* Linux's prep_compound_page: head PG_head, tails point at it. */
static __attribute__((noinline)) void prep_compound_page(struct page *page,
							 unsigned int order)
{
	unsigned long i, nr = 1UL << order;

	SetPageHead(page);
	for (i = 1; i < nr; i++) {
		struct page *p = page + i;

		p->mapping = TAIL_MAPPING;
		p->compound_head = (unsigned long)page | 1;
		p->private = 0;
	}
	page[1].compound_order = (unsigned char)order;
}

/* The parts of prep_new_page that call out: zeroing, compound metadata. */
static __attribute__((noinline)) struct page *
prep_new_page_zero_comp(struct page *page, unsigned int order, gfp_t gfp)
{
	if (gfp & __GFP_ZERO)
		clear_pages(page_address(page), order);
	if (order && (gfp & __GFP_COMP))
		prep_compound_page(page, order);
	return page;
}

/* A block leaves the allocator: refcount 1, order recorded, and what the
 * GFP flags ask.  Returns page (a tail call when there is more to do, so
 * that the fast path keeps nothing across a call). */
static __always_inline struct page *prep_new_page(struct page *page,
						  unsigned int order, gfp_t gfp)
{
	page->private = 0;
	page->index = 0;
	set_page_count(page, 1);
	set_page_alloc_order(page, order);
	if (unlikely(gfp & (__GFP_ZERO | __GFP_COMP)))
		return prep_new_page_zero_comp(page, order, gfp);
	return page;
}

/*
 * Under the zone lock, from the buddy lists (orders the pcp does not keep).
 * page_alloc_debug_nolock (debug_nolock=on) leaves the lock out here, and
 * only here, so that the concurrent suite can show that it catches the
 * lost and doubled pages of an unlocked free list.
 */
static struct page *rmqueue_buddy(struct zone *zone, unsigned int order,
				  unsigned int alloc_flags, int migratetype)
{
	bool nolock = page_alloc_debug_nolock;
	unsigned int bad = 0;
	struct page *page;

	do {
		/* An unlocked list can hand out the same bad block forever. */
		if (nolock && bad++ == NOLOCK_BAD_RETRIES)
			return NULL;
		page = NULL;
		if (!nolock)
			spin_lock(&zone->lock);
		if (order && (alloc_flags & ALLOC_HIGHATOMIC))
			page = __rmqueue_smallest(zone, order,
						  MIGRATE_HIGHATOMIC);
		if (!page)
			page = __rmqueue(zone, order, migratetype, alloc_flags);
		if (page)
			__mod_zone_page_state(zone, NR_FREE_PAGES,
					      -(1L << order));
		if (!nolock)
			spin_unlock(&zone->lock);
		if (!page)
			return NULL;
	} while (check_new_pages(page, order)); /* a bad block is leaked */
	return page;
}

/* Under pcp->lock, list not empty: its first block leaves it. */
static __always_inline struct page *pcp_take_first(struct per_cpu_pages *pcp,
						   struct list_head *list,
						   unsigned int order)
{
	struct page *page = list_first_entry(list, struct page, lru);

	list_del(&page->lru);
	pcp->count -= 1 << order;
	return page;
}

/*
 * The per-CPU hot path (Linux's rmqueue_pcplist): the first block of the
 * calling CPU's list for this type and order, refilled from the buddy
 * lists when empty.  No shared counter changes: NR_ZONE_PCP_PAGES is
 * derived from pcp->count when read.
 */
static inline struct page *rmqueue_pcplist(struct zone *zone,
					   unsigned int order, int migratetype,
					   unsigned int alloc_flags)
{
	unsigned int cpu = smp_processor_id();
	struct per_cpu_pages *pcp = cpu_pcp(zone, cpu);
	struct list_head *list;
	struct page *page;

	if (!pcp)
		return NULL;
	pcp_lock(pcp, cpu);
	pcp->free_factor >>= 1;
	list = &pcp->lists[order_to_pindex(migratetype, order)];
	do {
		if (unlikely(list_empty(list)) &&
		    !pcp_refill(zone, pcp, order, migratetype, alloc_flags,
				list)) {
			page = NULL;
			break;
		}
		page = pcp_take_first(pcp, list, order);
	} while (check_new_pcp(page, order));
	spin_unlock(&pcp->lock);
	return page;
}

static inline struct page *rmqueue(struct zone *zone, unsigned int order,
				   unsigned int alloc_flags, int migratetype)
{
	struct page *page = NULL;

	if (pcp_allowed_order(order))
		page = rmqueue_pcplist(zone, order, migratetype, alloc_flags);
	if (!page)
		page = rmqueue_buddy(zone, order, alloc_flags, migratetype);
	return page;
}

/* Normal-zone requests avoid stealing below pageblock order while DMA32
 * (or, on one node, anything lower) could still serve them. */
static unsigned int alloc_flags_nofragment(struct zone *zone, gfp_t gfp)
{
	unsigned int alloc_flags = gfp & __GFP_KSWAPD_RECLAIM;

	if (!zone || zone_idx(zone) != ZONE_NORMAL)
		return alloc_flags;
	if (nr_online_nodes > 1 && !populated_zone(zone - 1))
		return alloc_flags;
	return alloc_flags | ALLOC_NOFRAGMENT;
}

/*
 * Linux's zone_watermark_fast: an order-0 request with free pages above
 * the mark plus the lowmem reserve passes whatever its reserves (they
 * only lower the mark), without the call; anything else takes the full
 * check.
 */
static inline bool zone_watermark_fast(struct zone *z, unsigned int order,
				       unsigned long mark, int highest_zoneidx,
				       unsigned int alloc_flags)
{
	long free_pages = zone_free_pages_raw(z);

	if (!order &&
	    free_pages > (long)mark + z->lowmem_reserve[highest_zoneidx])
		return true;
	return __zone_watermark_ok(z, order, mark, highest_zoneidx, alloc_flags,
				   free_pages);
}

struct alloc_context {
	struct zonelist *zonelist;
	nodemask_t *nodemask;
	struct zoneref *preferred_zoneref;
	int migratetype;
	int highest_zoneidx;
};

/* Linux's get_page_from_freelist: the zonelist walk of the full path. */
static struct page *get_page_from_freelist(gfp_t gfp, unsigned int order,
					   unsigned int alloc_flags,
					   const struct alloc_context *ac)
{
	struct zoneref *z;
	struct zone *zone;
	bool no_fallback;

retry:
	no_fallback = alloc_flags & ALLOC_NOFRAGMENT;
	z = ac->preferred_zoneref;
	for_next_zone_zonelist_nodemask(zone, z, ac->highest_zoneidx,
					ac->nodemask)
	{
		struct page *page;

		if (no_fallback && nr_online_nodes > 1 &&
		    zone != ac->preferred_zoneref->zone &&
		    zone_to_nid(zone) !=
			    zone_to_nid(ac->preferred_zoneref->zone)) {
			/* Fragment locally before going remote. */
			alloc_flags &= ~ALLOC_NOFRAGMENT;
			goto retry;
		}
		if (!(alloc_flags & ALLOC_NO_WATERMARKS) &&
		    !zone_watermark_fast(
			    zone, order,
			    wmark_pages(zone, alloc_flags & ALLOC_WMARK_MASK),
			    ac->highest_zoneidx, alloc_flags))
			continue;
		page = rmqueue(zone, order, alloc_flags, ac->migratetype);
		if (page)
			return prep_new_page(page, order, gfp);
	}
	if (no_fallback) {
		alloc_flags &= ~ALLOC_NOFRAGMENT;
		goto retry;
	}
	return NULL;
}

static void warn_alloc(gfp_t gfp, nodemask_t *nodemask, unsigned int order)
{
	char names[256];
	char mask[24];

	if (gfp & __GFP_NOWARN)
		return;
	gfp_flags_string(names, sizeof(names), gfp);
	if (nodemask)
		scnprintf(mask, sizeof(mask), "%#llx",
			  (unsigned long long)nodemask->bits);
	pr_warn("%s: page allocation failure: order:%u, mode:%#x(%s), nodemask=%s\n",
		page_alloc_comm, order, gfp, names, nodemask ? mask : "(null)");
	show_free_areas();
}

/* Background reclaim toward the high watermark of each usable zone. */
static void wake_all_kswapds(gfp_t gfp, unsigned int order,
			     const struct alloc_context *ac)
{
#ifdef HAVE_RECLAIM
	struct zoneref *z;
	struct zone *zone;

	for_each_zone_zonelist_nodemask(zone, z, ac->zonelist,
					ac->highest_zoneidx, ac->nodemask)
		wakeup_kswapd(zone, gfp, order, ac->highest_zoneidx);
#endif
}

/* Direct reclaim: the shrinkers, then the per-CPU lists.  Returns the
 * pages reclaimed (progress). */
static unsigned long direct_reclaim(gfp_t gfp, unsigned int order,
				    const struct alloc_context *ac)
{
#ifdef HAVE_RECLAIM
	return try_to_free_pages(gfp, order,
				 zone_to_nid(ac->preferred_zoneref->zone));
#else
	return 0;
#endif
}

/*
 * The slow path (Linux's __alloc_pages_slowpath, without compaction and
 * OOM killing): wake background reclaim, retry at the min watermark with
 * the request's reserves, take the whole reserve for __GFP_MEMALLOC, then,
 * if the request may block, reclaim directly and drain the per-CPU lists.
 * __GFP_NORETRY gives up after one round; costly orders give up unless
 * __GFP_RETRY_MAYFAIL; otherwise rounds repeat while reclaim makes
 * progress (at most MAX_RECLAIM_RETRIES).  __GFP_NOFAIL then keeps trying
 * with part of the min reserve, NOFAIL_RETRIES times, and reports.
 */
static struct page *alloc_pages_slowpath(gfp_t gfp, unsigned int order,
					 struct alloc_context *ac)
{
	unsigned int alloc_flags = gfp_to_alloc_flags(gfp, order);
	bool costly = order > PAGE_ALLOC_COSTLY_ORDER;
	int retries = 0, nofail_tries = 0;
	unsigned long progress;
	bool drained = false;
	struct page *page;

retry:
	if (alloc_flags & ALLOC_KSWAPD)
		wake_all_kswapds(gfp, order, ac);
	page = get_page_from_freelist(gfp, order, alloc_flags, ac);
	if (page)
		return page;
	/* __GFP_MEMALLOC: the whole reserve (unless __GFP_NOMEMALLOC). */
	if ((gfp & __GFP_MEMALLOC) && !(gfp & __GFP_NOMEMALLOC)) {
		page = get_page_from_freelist(gfp, order, ALLOC_NO_WATERMARKS,
					      ac);
		if (page)
			return page;
	}
	if (!(gfp & __GFP_DIRECT_RECLAIM))
		goto nopage;

	progress = direct_reclaim(gfp, order, ac);
	page = get_page_from_freelist(gfp, order, alloc_flags, ac);
	if (!page && !drained) {
		/* Pages pinned on per-CPU lists come back. */
		drain_all_pages(NULL);
		drained = true;
		page = get_page_from_freelist(gfp, order, alloc_flags, ac);
	}
	if (page)
		return page;
	if (gfp & __GFP_NORETRY)
		goto nopage;
	if (costly && !(gfp & __GFP_RETRY_MAYFAIL))
		goto nopage;
	if (progress && ++retries <= MAX_RECLAIM_RETRIES)
		goto retry;

nopage:
	if (gfp & __GFP_NOFAIL) {
		while (nofail_tries++ < NOFAIL_RETRIES) {
			if (gfp & __GFP_DIRECT_RECLAIM)
				direct_reclaim(gfp, order, ac);
			drain_all_pages(NULL);
			page = get_page_from_freelist(
				gfp, order, alloc_flags | ALLOC_MIN_RESERVE,
				ac);
			if (page)
				return page;
		}
		pr_warn("%s: __GFP_NOFAIL allocation of order %u cannot make progress\n",
			page_alloc_comm, order);
	}
	return NULL;
}

/* Every request the fast path does not serve: the whole decision. */
static __attribute__((noinline)) struct page *
alloc_pages_full(gfp_t gfp, unsigned int order, int preferred_nid,
		 nodemask_t *nodemask)
{
	struct alloc_context ac;
	struct page *page;

#ifdef HAVE_FAIL_PAGE_ALLOC
	if (unlikely(fail_page_alloc.enabled) &&
	    should_fail_alloc_page(gfp, order))
		return NULL;
#endif
	if (unlikely(!alloc_request_ok(gfp, order))) {
		report_bad_alloc_request(gfp, order);
		return NULL;
	}
	if (preferred_nid < 0 || preferred_nid >= MAX_NUMNODES ||
	    !NODE_DATA(preferred_nid)) {
		/* The first online node; node 0 without the walk. */
		pg_data_t *first = NODE_DATA(0) ?: first_online_pgdat();

		if (preferred_nid >= 0 && (gfp & __GFP_THISNODE))
			goto fail; /* a node without memory */
		if (!first)
			goto fail;
		preferred_nid = first->node_id;
	}

	ac.highest_zoneidx = (int)gfp_zone(gfp);
	ac.zonelist = node_zonelist(preferred_nid, gfp);
	ac.nodemask = nodemask;
	ac.migratetype = gfp_migratetype(gfp);
	ac.preferred_zoneref = first_zones_zonelist(
		ac.zonelist, ac.highest_zoneidx, ac.nodemask);
	if (!ac.preferred_zoneref->zone)
		goto fail;

	page = get_page_from_freelist(
		gfp, order,
		ALLOC_WMARK_LOW |
			alloc_flags_nofragment(ac.preferred_zoneref->zone, gfp),
		&ac);
	if (likely(page))
		return page;
	page = alloc_pages_slowpath(gfp, order, &ac);
	if (page)
		return page;
fail:
	page_alloc_errors.alloc_failures++;
	warn_alloc(gfp, nodemask, order);
	return NULL;
}

/*
 * The common request in one straight line (Linux's fast path, first
 * zone, per-CPU list): the preferred zone passes its low watermark and
 * the calling CPU's list for this type and order holds a block.  It
 * decides as the full path's first zone would: the zone is the first of
 * the zonelist, where ALLOC_NOFRAGMENT and the remote-node rule play no
 * part, and a block already on the list involves no fallback.  Anything
 * else (fault injection, a request to refuse, a nodemask, a node without
 * memory, a zone under its mark, an empty list) returns NULL having
 * changed nothing, and the full path decides from the start.
 */
static __always_inline struct page *
alloc_pages_fast(gfp_t gfp, unsigned int order, int nid)
{
	struct per_cpu_pages *pcp;
	struct list_head *list;
	struct zoneref *z;
	struct zone *zone;
	struct page *page;
	pg_data_t *pgdat;
	unsigned int cpu;
	int highest_zoneidx;

#ifdef HAVE_FAIL_PAGE_ALLOC
	if (unlikely(fail_page_alloc.enabled))
		return NULL;
#endif
	if (unlikely(!alloc_request_ok(gfp, order) ||
		     !pcp_allowed_order(order)))
		return NULL;
	/* No node asked: node 0, the full path's default when it has a
	 * pgdat. */
	pgdat = nid < 0		   ? NODE_DATA(0) :
		nid < MAX_NUMNODES ? NODE_DATA(nid) :
				     NULL;
	if (unlikely(!pgdat))
		return NULL;
	highest_zoneidx = (int)gfp_zone(gfp);
	z = first_zones_zonelist(pgdat_zonelist(pgdat, gfp), highest_zoneidx,
				 NULL);
	zone = z->zone;
	if (unlikely(!zone) ||
	    !zone_watermark_fast(zone, order, low_wmark_pages(zone),
				 highest_zoneidx, ALLOC_WMARK_LOW))
		return NULL;
	cpu = smp_processor_id();
	pcp = cpu_pcp(zone, cpu);
	if (unlikely(!pcp))
		return NULL;
	list = &pcp->lists[order_to_pindex(gfp_migratetype(gfp), order)];
	pcp_lock(pcp, cpu);
	if (unlikely(list_empty(list))) {
		spin_unlock(&pcp->lock);
		return NULL;
	}
	page = pcp_take_first(pcp, list, order);
	pcp->free_factor >>= 1;
	spin_unlock(&pcp->lock);
	if (unlikely(check_new_pcp(page, order)))
		return NULL; /* reported and leaked; the full path goes on */
	return prep_new_page(page, order, gfp);
}

struct page *__alloc_pages(gfp_t gfp, unsigned int order, int preferred_nid,
			   nodemask_t *nodemask)
{
	struct page *page;

	if (nodemask)
		return alloc_pages_full(gfp, order, preferred_nid, nodemask);
	/* Order 0, the common request, in its own copy with the order a
	 * constant (list index, counts and checks fold). */
	page = order ? alloc_pages_fast(gfp, order, preferred_nid) :
		       alloc_pages_fast(gfp, 0, preferred_nid);
	if (likely(page))
		return page;
	return alloc_pages_full(gfp, order, preferred_nid, NULL);
}

unsigned long alloc_pages_bulk_array(gfp_t gfp, unsigned long nr_pages,
				     struct page **page_array)
{
	unsigned long i, filled = 0;

	for (i = 0; i < nr_pages; i++) {
		if (!page_array[i])
			page_array[i] =
				__alloc_pages(gfp | __GFP_NOWARN, 0, -1, NULL);
		if (!page_array[i])
			break;
		filled++;
	}
	/* Slots filled before the call count too (Linux returns the index
	 * of the first hole). */
	return filled;
}

unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages(gfp & ~__GFP_HIGHMEM, order);

	return page ? (unsigned long)page_address(page) : 0;
}

unsigned long get_zeroed_page(gfp_t gfp)
{
	return __get_free_pages(gfp | __GFP_ZERO, 0);
}
