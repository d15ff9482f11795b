/* SPDX-License-Identifier: MIT */
/*
 * Helpers the suites share on top of the allocator API: pools of
 * allocated blocks (linked through the head page's lru, order kept in its
 * index, so that no bookkeeping memory is needed), zone snapshots and their
 * comparison, the address-dependent memory patterns, and node counts.
 *
 * An allocated block belongs to its owner, which may use lru and index of
 * the head page (Linux lets a page's owner use lru); both are cleared
 * before the block goes back with __free_pages().
 */
#ifndef TESTS_STRESS_ST_MM_H
#define TESTS_STRESS_ST_MM_H

#include <mm/gfp.h>
#include <mm/mmzone.h>

#include "stress_internal.h"

#define ST_MAX_ZONES 32 /* populated zones a snapshot keeps */
#define ST_NOWARN __GFP_NOWARN /* suites expect failures: no reports */

/* ---- pools of allocated blocks ------------------------------------------- */

struct st_pool {
	struct list_head blocks;
	unsigned long nr_blocks;
	unsigned long nr_pages;
};

void st_pool_init(struct st_pool *pool);
void st_pool_add(struct st_pool *pool, struct page *page, unsigned int order);
/* Take the most recently added block out (NULL when empty). */
struct page *st_pool_pop(struct st_pool *pool, unsigned int *order);
/* Take a block out that st_pool_add put in (not necessarily the last). */
void st_pool_del(struct st_pool *pool, struct page *page);
static inline unsigned int st_block_order(const struct page *page)
{
	return (unsigned int)page->index;
}
/* Free every block; returns the number of pages freed. */
unsigned long st_pool_free_all(struct stress_ctx *ctx, struct st_pool *pool);
/* Give a block back (clears what the pool used) and count the op. */
void st_free(struct stress_ctx *ctx, struct page *page, unsigned int order);
/* alloc_pages_node(nid, gfp, order) counted as an op; nid -1 = local. */
struct page *st_alloc(struct stress_ctx *ctx, gfp_t gfp, unsigned int order,
		      int nid);

/* ---- zones ----------------------------------------------------------------- */

static inline unsigned long st_pfn(const struct page *page)
{
	return page_to_pfn(page);
}
static inline phys_addr_t st_phys(const struct page *page)
{
	return PFN_PHYS(page_to_pfn(page));
}
/* Populated zones, node by node, zone index ascending; returns how many. */
unsigned int st_zones(struct zone **out, unsigned int max);
/* "Node 0 DMA32" style name into buf. */
const char *st_zone_label(const struct zone *zone, char *buf, size_t size);
unsigned int st_nr_nodes_with_memory(void);
/* Managed pages of every zone. */
unsigned long st_total_managed(void);
/* Free pages of every zone, the per-CPU lists' included. */
unsigned long st_total_free(void);

/*
 * The zonelist walk of the allocator's fast path, as Linux documents it
 * (get_page_from_freelist, alloc_flags_nofragment): a zone that passes its
 * low watermark serves the request, except under ALLOC_NOFRAGMENT.  That
 * flag is set when the preferred zone (the first eligible zone of the
 * preferred node's zonelist) is Normal and either one node is online or
 * the preferred node's DMA32 is populated.  The first walk then passes
 * over a zone of the preferred node that can only serve by stealing a
 * free block of another mobility type below pageblock order; a zone of
 * another node ends that walk and the zonelist is walked again without the
 * flag, as it is when the first walk finds nothing.
 *
 * st_alloc_nofragment: does a request for gfp preferring nid start with
 * ALLOC_NOFRAGMENT?
 * st_zone_serves_unfragmented: has zone a block for gfp at order that
 * needs no such steal: on this CPU's per-CPU list (orders the lists keep),
 * on gfp's own free lists at order or above, or on another mobility type's
 * free lists at pageblock order or above (a whole pageblock changes type)?
 * st_zone_passed_over: the zone before 'served' in nid's zonelist that
 * would have served the request for gfp at order by these rules (it passes
 * its low watermark and no ALLOC_NOFRAGMENT walk explains passing it), or
 * NULL when the allocator's choice of 'served' follows them.
 */
bool st_alloc_nofragment(int nid, gfp_t gfp);
bool st_zone_serves_unfragmented(struct zone *zone, gfp_t gfp,
				 unsigned int order);
struct zone *st_zone_passed_over(int nid, gfp_t gfp, unsigned int order,
				 struct zone *served);

/*
 * The first zone of nid's zonelist for gfp that Linux's slow path (min
 * watermark, lowmem_reserve for gfp_zone) would serve an order-'order'
 * block from, or NULL: when it is NULL, a failed request is Linux's answer
 * too (a zone may be present with no page managed: the first MiB is
 * reserved).
 */
struct zone *st_zone_could_serve(int nid, gfp_t gfp, unsigned int order);

struct st_zone_snap {
	struct zone *zone;
	unsigned long free; /* NR_FREE_PAGES */
	unsigned long pcp_stat; /* NR_ZONE_PCP_PAGES */
	unsigned long pcp_count; /* pages on the pcp lists, walked */
	unsigned long managed;
	unsigned long nr_free[NR_PAGE_ORDERS];
};

struct st_snap {
	unsigned int nr;
	struct st_zone_snap z[ST_MAX_ZONES];
	unsigned long bad_pages;
};

void st_snap_take(struct st_snap *snap);
/*
 * Compare two snapshots: every zone's NR_FREE_PAGES, free_area nr_free
 * per order, per-CPU counts and managed pages must be equal, and no
 * bad_page report may have happened between them.  Each difference fails
 * case c with the zone, the field, and both values.  Returns the number
 * of differences.
 */
unsigned int st_snap_compare(struct stress_ctx *ctx, unsigned int c,
			     const struct st_snap *before,
			     const struct st_snap *after);
/* mm_check_free_lists() plus bad_page reports since 'bad_before'; each
 * problem fails case c.  Returns the number of problems. */
long st_check_lists(struct stress_ctx *ctx, unsigned int c,
		    unsigned long bad_before);

/* ---- memory patterns ------------------------------------------------------- */

enum st_pattern {
	ST_PAT_ADDR, /* each word holds its own physical address */
	ST_PAT_WALK, /* walking one: bit (pa / 8 + salt) % 64 set */
	ST_PAT_INV, /* the inverse of the address */
	ST_NR_PATTERNS
};
extern const char *const st_pattern_names[ST_NR_PATTERNS];

static inline u64 st_pattern_word(enum st_pattern pat, phys_addr_t pa, u64 salt)
{
	switch (pat) {
	case ST_PAT_WALK: /* the salt rotates the walk */
		return 1ULL << (((pa >> 3) + salt) & 63);
	case ST_PAT_INV:
		return ~pa ^ salt;
	default:
		return pa ^ salt;
	}
}

/*
 * Fill the 2^order pages at page with pattern pat: every 8-byte word when
 * full, else one word per 64-byte line (the word at 'lane' * 8 of each
 * line, lane 0..7).  verify reads the same words back and fails case c at
 * the first mismatching word of each page (physical address, expected,
 * found, map entry); it returns the number of mismatching words.
 */
void st_pattern_fill(struct page *page, unsigned int order, enum st_pattern pat,
		     u64 salt, bool full, unsigned int lane);
unsigned long st_pattern_verify(struct stress_ctx *ctx, unsigned int c,
				struct page *page, unsigned int order,
				enum st_pattern pat, u64 salt, bool full,
				unsigned int lane);

/* True when the whole block reads as zero bytes; else fails case c at the
 * first non-zero word. */
bool st_check_zero(struct stress_ctx *ctx, unsigned int c, struct page *page,
		   unsigned int order);

#endif
