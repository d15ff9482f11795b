/* SPDX-License-Identifier: MIT */
/*
 * struct page: one per present page frame, 64 bytes as on x86-64 Linux, so
 * that one section's memmap (32768 pages) is exactly 2 MiB, one PMD.
 *
 * page->flags holds PG_* bits at the bottom and, from the top down, the
 * section number, the node id and the zone index, as Linux lays them out
 * (Linux keeps the section only without VMEMMAP; sparsemm keeps it in every
 * model so that every model can check it).
 *
 * Field use:
 *  - free pages in the buddy allocator: PageBuddy (page_type), order in
 *    private, linked through lru on a free_area list;
 *  - pages on a per-CPU list: linked through lru, order in private;
 *  - allocated pages: _refcount 1 (head), _mapcount -1, mapping NULL;
 *  - tail pages of a compound page: compound_head = head | 1;
 *    the first tail page keeps the order in compound_order.
 */
#ifndef MM_PAGE_H
#define MM_PAGE_H

#include <lib/list.h>
#include <lib/types.h>
#include <mm/pfn.h>

enum pageflags {
	PG_locked,
	PG_referenced,
	PG_uptodate,
	PG_dirty,
	PG_lru,
	PG_head, /* first page of a compound page */
	PG_active,
	PG_reserved, /* never handed to the buddy allocator */
	PG_private,
	PG_hwpoison, /* memory found bad: kept out of the allocator */
	PG_pattern, /* sparsemm: holds the pattern test's fill */
	__NR_PAGEFLAGS,
};

/* Bits of page->flags above the PG_* flags, from the top down. */
#define SECTIONS_WIDTH 19 /* MAX_PHYSMEM_BITS - SECTION_SIZE_BITS */
#define NODES_SHIFT 6 /* up to 64 nodes */
#define NODES_WIDTH NODES_SHIFT
#define MAX_NUMNODES (1 << NODES_SHIFT)
#define ZONES_WIDTH 2 /* DMA, DMA32, NORMAL, MOVABLE */
#define SECTIONS_PGSHIFT (64 - SECTIONS_WIDTH)
#define NODES_PGSHIFT (SECTIONS_PGSHIFT - NODES_WIDTH)
#define ZONES_PGSHIFT (NODES_PGSHIFT - ZONES_WIDTH)
#define SECTIONS_MASK ((1UL << SECTIONS_WIDTH) - 1)
#define NODES_MASK ((1UL << NODES_WIDTH) - 1)
#define ZONES_MASK ((1UL << ZONES_WIDTH) - 1)
BUILD_BUG_ON(NODES_PGSHIFT != ZONES_PGSHIFT + ZONES_WIDTH);

/* page_type values (Linux 6.x keeps PageBuddy as a type in _mapcount's
 * place: the field reads PAGE_TYPE_BASE with the type's bit cleared). */
#define PAGE_TYPE_BASE 0xf0000000u
#define PG_buddy 0x00000080u
#define PAGE_MAPCOUNT_RESERVE -128

struct page {
	unsigned long flags;
	union {
		struct {
			struct list_head lru;
			void *mapping;
			unsigned long index;
			unsigned long private;
		};
		struct { /* tail pages */
			unsigned long compound_head; /* head | 1 */
			unsigned char compound_order; /* first tail */
		};
	};
	union {
		int _mapcount;
		unsigned int page_type;
	};
	int _refcount;
	unsigned long stamp; /* sparsemm: allocation stamp for suites */
};

BUILD_BUG_ON(sizeof(struct page) != 64);
BUILD_BUG_ON(ZONES_PGSHIFT <= __NR_PAGEFLAGS);

static inline bool test_page_flag(const struct page *p, enum pageflags f)
{
	return (p->flags >> f) & 1;
}
static inline void set_page_flag(struct page *p, enum pageflags f)
{
	p->flags |= 1UL << f;
}
static inline void clear_page_flag(struct page *p, enum pageflags f)
{
	p->flags &= ~(1UL << f);
}

#define PageReserved(p) test_page_flag(p, PG_reserved)
#define SetPageReserved(p) set_page_flag(p, PG_reserved)
#define ClearPageReserved(p) clear_page_flag(p, PG_reserved)
#define PageHead(p) test_page_flag(p, PG_head)
#define SetPageHead(p) set_page_flag(p, PG_head)
#define ClearPageHead(p) clear_page_flag(p, PG_head)
#define PageHWPoison(p) test_page_flag(p, PG_hwpoison)
#define SetPageHWPoison(p) set_page_flag(p, PG_hwpoison)

static inline bool PageTail(const struct page *p)
{
	return p->compound_head & 1;
}
static inline struct page *compound_head(struct page *p)
{
	return PageTail(p) ? (struct page *)(p->compound_head - 1) : p;
}

static inline bool page_has_type(const struct page *p)
{
	return (p->page_type & 0xf0000000u) == PAGE_TYPE_BASE;
}
static inline bool PageBuddy(const struct page *p)
{
	return (p->page_type & (PAGE_TYPE_BASE | PG_buddy)) == PAGE_TYPE_BASE;
}
static inline void __SetPageBuddy(struct page *p)
{
	p->page_type &= ~PG_buddy;
}
static inline void __ClearPageBuddy(struct page *p)
{
	p->page_type |= PG_buddy;
}

static inline unsigned int page_zonenum(const struct page *p)
{
	return (p->flags >> ZONES_PGSHIFT) & ZONES_MASK;
}
static inline int page_to_nid(const struct page *p)
{
	return (int)((p->flags >> NODES_PGSHIFT) & NODES_MASK);
}
/* Linux's page_zone_id: node and zone together, one compare for "same
 * zone" (the two fields are adjacent in flags). */
static inline unsigned long page_zone_id(const struct page *p)
{
	return (p->flags >> ZONES_PGSHIFT) &
	       ((1UL << (ZONES_WIDTH + NODES_WIDTH)) - 1);
}
static inline unsigned long page_to_section(const struct page *p)
{
	return (p->flags >> SECTIONS_PGSHIFT) & SECTIONS_MASK;
}
static inline void set_page_links(struct page *p, unsigned int zone, int nid,
				  unsigned long section)
{
	p->flags &= (1UL << ZONES_PGSHIFT) - 1;
	p->flags |= ((unsigned long)zone & ZONES_MASK) << ZONES_PGSHIFT;
	p->flags |= ((unsigned long)nid & NODES_MASK) << NODES_PGSHIFT;
	p->flags |= (section & SECTIONS_MASK) << SECTIONS_PGSHIFT;
}

static inline int page_ref_count(const struct page *p)
{
	return __atomic_load_n(&p->_refcount, __ATOMIC_RELAXED);
}
static inline void set_page_count(struct page *p, int v)
{
	__atomic_store_n(&p->_refcount, v, __ATOMIC_RELAXED);
}

/* pfn <-> struct page for the memory model this build uses (MODEL=). */
#include <mm/memory_model.h>

#endif
