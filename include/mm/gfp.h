/* SPDX-License-Identifier: MIT */
/*
 * GFP ("get free pages") flags: what an allocation may do and where its
 * memory may come from.  The bit values are current Linux's (6.4 and
 * later: bit 0x200, once __GFP_ATOMIC, is unused), so that a mode printed
 * here, e.g. "mode:0xcc0(GFP_KERNEL)", reads the same as in a Linux log.
 *
 * Three groups:
 *  - zone modifiers (__GFP_DMA, __GFP_HIGHMEM, __GFP_DMA32, __GFP_MOVABLE):
 *    gfp_zone() turns them into the highest zone the request may use, by
 *    Linux's x86-64 GFP_ZONE_TABLE; eight of the sixteen combinations are
 *    impossible (GFP_ZONE_BAD) and the allocator rejects them with a report;
 *  - mobility (__GFP_MOVABLE, __GFP_RECLAIMABLE): gfp_migratetype();
 *  - behaviour (reclaim, reserves, retries, zeroing, compound pages, node
 *    placement).  docs/allocator.md says what each bit means in sparsemm.
 *
 * The allocation API (alloc_pages() and friends) is declared here too, as
 * in Linux's <linux/gfp.h>; it is implemented in mm/page_alloc.c.
 */
#ifndef MM_GFP_H
#define MM_GFP_H

#include <lib/types.h>
#include <arch/arch.h>
#include <mm/migratetype.h>
#include <mm/page.h>

typedef unsigned int gfp_t;

/* Zone modifiers (the low four bits, GFP_ZONEMASK). */
#define __GFP_DMA 0x01u
#define __GFP_HIGHMEM 0x02u
#define __GFP_DMA32 0x04u
#define __GFP_MOVABLE 0x08u /* also a mobility hint, see below */
#define GFP_ZONEMASK (__GFP_DMA | __GFP_HIGHMEM | __GFP_DMA32 | __GFP_MOVABLE)

/* Mobility and placement. */
#define __GFP_RECLAIMABLE 0x10u
#define __GFP_HARDWALL 0x100000u
#define __GFP_THISNODE 0x200000u
#define __GFP_ACCOUNT 0x400000u
#define __GFP_WRITE 0x1000u /* Linux: dirtyable page cache; no effect here */

/* Watermark modifiers: access to the reserves. */
#define __GFP_HIGH 0x20u
#define __GFP_MEMALLOC 0x20000u
#define __GFP_NOMEMALLOC 0x80000u

/* Reclaim modifiers. */
#define __GFP_IO 0x40u
#define __GFP_FS 0x80u
#define __GFP_DIRECT_RECLAIM 0x400u
#define __GFP_KSWAPD_RECLAIM 0x800u
#define __GFP_RECLAIM (__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)
#define __GFP_RETRY_MAYFAIL 0x4000u
#define __GFP_NOFAIL 0x8000u
#define __GFP_NORETRY 0x10000u

/* Action modifiers. */
#define __GFP_NOWARN 0x2000u
#define __GFP_COMP 0x40000u
#define __GFP_ZERO 0x100u

#define __GFP_BITS_SHIFT 23
#define __GFP_BITS_MASK ((gfp_t)((1u << __GFP_BITS_SHIFT) - 1))

/* Composites, as Linux defines them. */
#define GFP_ATOMIC (__GFP_HIGH | __GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL (__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_KERNEL_ACCOUNT (GFP_KERNEL | __GFP_ACCOUNT)
#define GFP_NOWAIT (__GFP_KSWAPD_RECLAIM | __GFP_NOWARN)
#define GFP_NOIO (__GFP_RECLAIM)
#define GFP_NOFS (__GFP_RECLAIM | __GFP_IO)
#define GFP_USER (__GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HARDWALL)
#define GFP_DMA __GFP_DMA
#define GFP_DMA32 __GFP_DMA32
#define GFP_HIGHUSER (GFP_USER | __GFP_HIGHMEM)
#define GFP_HIGHUSER_MOVABLE (GFP_HIGHUSER | __GFP_MOVABLE)
#define GFP_TRANSHUGE_LIGHT                                      \
	((GFP_HIGHUSER_MOVABLE | __GFP_COMP | __GFP_NOMEMALLOC | \
	  __GFP_NOWARN) &                                        \
	 ~__GFP_RECLAIM)
#define GFP_TRANSHUGE (GFP_TRANSHUGE_LIGHT | __GFP_DIRECT_RECLAIM)

/* Mobility: __GFP_RECLAIMABLE and __GFP_MOVABLE as a migrate type. */
#define GFP_MOVABLE_MASK (__GFP_RECLAIMABLE | __GFP_MOVABLE)
#define GFP_MOVABLE_SHIFT 3

/*
 * gfp_zone: the highest zone a request may be served from (x86-64, no
 * HIGHMEM: __GFP_HIGHMEM alone means Normal; with __GFP_MOVABLE it means
 * Movable).  Each of the 16 combinations of the zone modifiers has a
 * 2-bit entry in GFP_ZONE_TABLE; GFP_ZONE_BAD has a bit set for the
 * impossible ones (DMA with HIGHMEM or DMA32, DMA32 with HIGHMEM, with or
 * without MOVABLE), whose table entry reads ZONE_DMA (0) as in Linux.
 * The values 0..3 are enum zone_type (<mm/mmzone.h>): DMA, DMA32,
 * NORMAL, MOVABLE.
 */
#define GFP_ZONES_SHIFT 2
#define GFP_Z_DMA 0u
#define GFP_Z_DMA32 1u
#define GFP_Z_NORMAL 2u
#define GFP_Z_MOVABLE 3u
#define GFP_ZONE_TABLE                                                    \
	((GFP_Z_NORMAL << (0 * GFP_ZONES_SHIFT)) |                        \
	 (GFP_Z_DMA << (__GFP_DMA * GFP_ZONES_SHIFT)) |                   \
	 (GFP_Z_NORMAL << (__GFP_HIGHMEM * GFP_ZONES_SHIFT)) |            \
	 (GFP_Z_DMA32 << (__GFP_DMA32 * GFP_ZONES_SHIFT)) |               \
	 (GFP_Z_NORMAL << (__GFP_MOVABLE * GFP_ZONES_SHIFT)) |            \
	 (GFP_Z_DMA << ((__GFP_MOVABLE | __GFP_DMA) * GFP_ZONES_SHIFT)) | \
	 (GFP_Z_MOVABLE                                                   \
	  << ((__GFP_MOVABLE | __GFP_HIGHMEM) * GFP_ZONES_SHIFT)) |       \
	 (GFP_Z_DMA32 << ((__GFP_MOVABLE | __GFP_DMA32) * GFP_ZONES_SHIFT)))
#define GFP_ZONE_BAD                                                           \
	(1u << (__GFP_DMA | __GFP_HIGHMEM) | 1u << (__GFP_DMA | __GFP_DMA32) | \
	 1u << (__GFP_DMA32 | __GFP_HIGHMEM) |                                 \
	 1u << (__GFP_DMA | __GFP_DMA32 | __GFP_HIGHMEM) |                     \
	 1u << (__GFP_MOVABLE | __GFP_HIGHMEM | __GFP_DMA) |                   \
	 1u << (__GFP_MOVABLE | __GFP_DMA32 | __GFP_DMA) |                     \
	 1u << (__GFP_MOVABLE | __GFP_DMA32 | __GFP_HIGHMEM) |                 \
	 1u << (__GFP_MOVABLE | __GFP_DMA32 | __GFP_DMA | __GFP_HIGHMEM))

BUILD_BUG_ON(GFP_ZONEMASK != 0xf);
BUILD_BUG_ON(16 * GFP_ZONES_SHIFT > 32);

static inline unsigned int gfp_zone(gfp_t flags)
{
	unsigned int bit = flags & GFP_ZONEMASK;

	return (GFP_ZONE_TABLE >> (bit * GFP_ZONES_SHIFT)) &
	       ((1u << GFP_ZONES_SHIFT) - 1);
}

/* False for the eight impossible zone-modifier combinations. */
static inline bool gfp_zone_valid(gfp_t flags)
{
	return !((GFP_ZONE_BAD >> (flags & GFP_ZONEMASK)) & 1);
}

/*
 * Every request the allocator refuses for its low bits, in one table
 * indexed by the zone modifiers and __GFP_RECLAIMABLE (bits 0-4): the
 * impossible zone combinations, and __GFP_MOVABLE with __GFP_RECLAIMABLE
 * (indices 0x18-0x1f).  One test on the allocation fast path.
 */
#define GFP_REQUEST_BITS (GFP_ZONEMASK | __GFP_RECLAIMABLE)
#define GFP_REQUEST_BAD (GFP_ZONE_BAD | (GFP_ZONE_BAD << 16) | 0xff000000u)
BUILD_BUG_ON(__GFP_RECLAIMABLE != 0x10 || __GFP_MOVABLE != 0x08);

static inline bool gfp_request_valid(gfp_t flags)
{
	return !((GFP_REQUEST_BAD >> (flags & GFP_REQUEST_BITS)) & 1);
}

/*
 * The migrate type of a request: Unmovable (neither bit), Movable or
 * Reclaimable.  Both bits together (3, which would read as HighAtomic) is
 * a caller bug that Linux warns about; the allocator rejects it.  With
 * mobility grouping off (too little memory) everything is Unmovable.
 */
extern int page_group_by_mobility_disabled;
static inline int gfp_migratetype(gfp_t flags)
{
	if (page_group_by_mobility_disabled)
		return MIGRATE_UNMOVABLE;
	return (int)((flags & GFP_MOVABLE_MASK) >> GFP_MOVABLE_SHIFT);
}
BUILD_BUG_ON((__GFP_MOVABLE >> GFP_MOVABLE_SHIFT) != MIGRATE_MOVABLE);
BUILD_BUG_ON((__GFP_RECLAIMABLE >> GFP_MOVABLE_SHIFT) != MIGRATE_RECLAIMABLE);

static inline bool gfpflags_allow_blocking(gfp_t flags)
{
	return flags & __GFP_DIRECT_RECLAIM;
}

/*
 * Write the flag names of gfp into buf as Linux's %pGg does: composites
 * first (GFP_KERNEL, GFP_ATOMIC, ...), then single bits, joined by '|',
 * any unnamed rest as %#x; nothing for 0.  Returns the length written
 * (always NUL-terminated, truncated to size - 1).
 */
int gfp_flags_string(char *buf, size_t size, gfp_t gfp);

/* ---- the page allocator API (mm/page_alloc.c) ---------------------------- */

typedef struct nodemask {
	u64 bits; /* bit n: node n allowed (MAX_NUMNODES <= 64) */
} nodemask_t;

/*
 * __alloc_pages: 2^order contiguous, naturally aligned pages from the
 * first zone of preferred_nid's zonelist (limited to gfp_zone(gfp), to
 * nodemask when not NULL, to preferred_nid with __GFP_THISNODE) whose
 * watermark allows it.  Returns the first page (refcount 1), or NULL after
 * printing the allocation-failure report unless __GFP_NOWARN.  An
 * impossible zone combination, both mobility bits, or order >
 * MAX_PAGE_ORDER is reported and returns NULL.  preferred_nid may be
 * NUMA_NO_NODE (-1): the current CPU's node (node 0 here).
 */
struct page *__alloc_pages(gfp_t gfp, unsigned int order, int preferred_nid,
			   nodemask_t *nodemask);
static inline struct page *alloc_pages_node(int nid, gfp_t gfp,
					    unsigned int order)
{
	return __alloc_pages(gfp, order, nid, NULL);
}
static inline struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	return __alloc_pages(gfp, order, -1, NULL);
}
#define alloc_page(gfp) alloc_pages(gfp, 0)

/*
 * Fill page_array's NULL slots (up to nr_pages) with order-0 pages; returns
 * how many slots are filled now (Linux's alloc_pages_bulk_array).
 */
unsigned long alloc_pages_bulk_array(gfp_t gfp, unsigned long nr_pages,
				     struct page **page_array);

/*
 * Drop a reference to a 2^order block; the last reference frees it.  A
 * misuse (double free, wrong order, tail or reserved page, order too big)
 * is reported as Linux's bad_page() does and the page is leaked.
 */
void __free_pages(struct page *page, unsigned int order);
#define __free_page(page) __free_pages((page), 0)

static inline void *page_address(const struct page *page)
{
	return phys_to_virt(PFN_PHYS(page_to_pfn(page)));
}
static inline struct page *virt_to_page(const void *addr)
{
	return pfn_to_page(PHYS_PFN(virt_to_phys(addr)));
}

/* Direct-map address of the block, or 0 (__GFP_HIGHMEM is meaningless here
 * and simply selects Normal). */
unsigned long __get_free_pages(gfp_t gfp, unsigned int order);
#define __get_free_page(gfp) __get_free_pages((gfp), 0)
#define __get_dma_pages(gfp, order) __get_free_pages((gfp) | GFP_DMA, (order))
unsigned long get_zeroed_page(gfp_t gfp);
/* Free by direct-map address; 0 is ignored. */
void free_pages(unsigned long addr, unsigned int order);
#define free_page(addr) free_pages((addr), 0)

#endif
