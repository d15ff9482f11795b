// SPDX-License-Identifier: MIT
/*
 * The reference allocator of the benchmarks: a plain binary buddy
 * allocator with one lock, written for speed and nothing else, so that
 * every sparsemm figure has a second allocator beside it in the same run
 * (docs/bench.md).  It is not sparsemm's: no zones, watermarks, per-CPU
 * lists, migrate types, struct pages or page-state checks.
 *
 * What it owns: a private arena of nr_pages 4 KiB pages (the RAM the map
 * file describes, rounded down to whole MAX_PAGE_ORDER blocks), aligned
 * to the largest block, and its free lists.
 *
 * Invariants (under lock):
 *  - a free block of order o is 2^o pages at a page index aligned to
 *    2^o; meta[index].order == o + 1 for its first page and 0 for every
 *    other page (allocated or inside a free block);
 *  - it is on lists[o], a circular doubly linked list of page indices
 *    kept in meta[] (beside the memory, as struct pages are: the arena's
 *    own bytes are never touched, so exhausting it costs no page faults
 *    the buddy lists would not); bit o of nonempty is set exactly when
 *    lists[o] is not empty;
 *  - two free buddies of the same order below MAX_PAGE_ORDER are never
 *    both listed (free merges eagerly);
 *  - nr_free = the pages in all listed blocks.
 *
 * Allocation takes the smallest non-empty order at or above the request
 * (one bit scan) and splits it, freeing upper halves; free merges with
 * its buddy while the buddy is free at the same order.  The lock is a
 * test-and-test-and-set spinlock (one atomic exchange per call).
 *
 * Who calls it: tests/bench/main.c through struct bench_allocator.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <arch/arch.h>
#include <lib/spinlock.h>
#include <maps/sim_map.h>
#include <mm/mmzone_sections.h>
#include <mm/pfn.h>

#include "bench.h"

/* Per page: list links (page indices; heads are nr_pages + order) and
 * order + 1 when the page heads a free block. */
struct page_meta {
	u32 next, prev;
	u32 order;
};

static void *map_base;
static size_t map_bytes;
static u8 *arena; /* map_base aligned up to the largest block */
static unsigned long nr_pages, nr_free;
static struct page_meta *meta; /* nr_pages + NR_PAGE_ORDERS entries */
static unsigned int nonempty;
static spinlock_t lock = SPINLOCK_INIT;

static inline u32 list_head(unsigned int order)
{
	return (u32)nr_pages + order;
}

static void list_push(unsigned int order, u32 idx)
{
	u32 h = list_head(order), first = meta[h].next;

	meta[idx].next = first;
	meta[idx].prev = h;
	meta[first].prev = idx;
	meta[h].next = idx;
	meta[idx].order = order + 1;
	nonempty |= 1u << order;
}

static void list_remove(unsigned int order, u32 idx)
{
	u32 next = meta[idx].next, prev = meta[idx].prev;

	meta[prev].next = next;
	meta[next].prev = prev;
	meta[idx].order = 0;
	if (next == prev) /* both the head: the list is empty now */
		nonempty &= ~(1u << order);
}

/* Usable RAM of the map, in pages. */
static unsigned long map_ram_pages(const char *path)
{
	struct sim_map m;
	unsigned long pages = 0;
	unsigned int i;

	sim_map_init(&m, path);
	if (sim_map_load(&m, SIM_FMT_AUTO)) {
		sim_map_free(&m);
		return 0;
	}
	for (i = 0; i < m.nr; i++)
		if (m.entries[i].type == FW_MEM_RAM ||
		    m.entries[i].type == FW_MEM_BOOT_RECLAIM)
			pages += m.entries[i].pages;
	sim_map_free(&m);
	return pages;
}

static void r_fini(void)
{
	if (map_base)
		munmap(map_base, map_bytes);
	free(meta);
	map_base = NULL;
	arena = NULL;
	meta = NULL;
}

static int r_init(const char *map, unsigned int nr_cpus)
{
	const unsigned long max_block = 1UL << MAX_PAGE_ORDER;
	unsigned long idx;
	unsigned int o;
	void *p;

	r_fini();
	nr_pages = map_ram_pages(map) / max_block * max_block;
	if (!nr_pages)
		return -1;
	/* Extra room to align the arena to the largest block. */
	map_bytes = (nr_pages + max_block) << PAGE_SHIFT;
	p = mmap(NULL, map_bytes, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	map_base = p;
	meta = calloc(nr_pages + NR_PAGE_ORDERS, sizeof(*meta));
	if (!meta || nr_pages >= UINT32_MAX - NR_PAGE_ORDERS) {
		r_fini();
		return -1;
	}
	for (o = 0; o < NR_PAGE_ORDERS; o++)
		meta[list_head(o)].next = meta[list_head(o)].prev =
			list_head(o);
	nonempty = 0;
	arena = (u8 *)ALIGN_UP((uintptr_t)p, PAGE_SIZE << MAX_PAGE_ORDER);
	for (idx = 0; idx < nr_pages; idx += max_block)
		list_push(MAX_PAGE_ORDER, (u32)idx);
	nr_free = nr_pages;
	return 0;
}

static void *r_alloc(unsigned int order, gfp_t gfp)
{
	unsigned int o, avail;
	u32 idx;
	void *b;

	spin_lock(&lock);
	avail = nonempty & ~((1u << order) - 1);
	if (!avail) {
		spin_unlock(&lock);
		return NULL;
	}
	o = (unsigned int)__builtin_ctz(avail);
	idx = meta[list_head(o)].next;
	list_remove(o, idx);
	while (o > order) { /* split: the upper half stays free */
		o--;
		list_push(o, idx + (1u << o));
	}
	nr_free -= 1UL << order;
	spin_unlock(&lock);
	b = arena + ((unsigned long)idx << PAGE_SHIFT);
	if (gfp & __GFP_ZERO)
		arch_clear_pages(b,
				 PAGE_SIZE << order); /* as sparsemm zeroes */
	return b;
}

static void r_free(void *block, unsigned int order)
{
	u32 idx = (u32)((unsigned long)((u8 *)block - arena) >> PAGE_SHIFT);

	spin_lock(&lock);
	nr_free += 1UL << order;
	while (order < MAX_PAGE_ORDER) {
		u32 buddy = idx ^ (1u << order);

		if (buddy >= nr_pages || meta[buddy].order != order + 1)
			break;
		list_remove(order, buddy);
		idx &= ~(1u << order);
		order++;
	}
	list_push(order, idx);
	spin_unlock(&lock);
}

static void *r_address(void *block)
{
	return block;
}

static unsigned long r_nr_free(void)
{
	return nr_free;
}

static unsigned long r_max_order_blocks(void)
{
	u32 h = list_head(MAX_PAGE_ORDER), i;
	unsigned long n = 0;

	spin_lock(&lock);
	for (i = meta[h].next; i != h; i = meta[i].next)
		n++;
	spin_unlock(&lock);
	return n;
}

/* One lock, no per-CPU state: any thread may call it as any CPU. */
static void r_set_cpu(unsigned int cpu)
{
}

const struct bench_allocator buddy_ref_allocator = {
	.name = "buddy-ref",
	.init = r_init,
	.alloc = r_alloc,
	.free = r_free,
	.address = r_address,
	.nr_free_pages = r_nr_free,
	.max_order_blocks = r_max_order_blocks,
	.set_cpu = r_set_cpu,
	.fini = r_fini,
};
