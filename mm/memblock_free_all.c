// SPDX-License-Identifier: MIT
/*
 * memblock_free_all: the hand-over of boot memory from memblock to the
 * buddy allocator (Linux's mm/memblock.c memblock_free_all and
 * mm/page_alloc.c __free_pages_core).
 *
 * What it owns: the moment managed_pages become exact and memblock stops
 * allocating (memblock_released).
 *
 * The rules:
 *  - managed_pages of every zone restart from 0 and count exactly the
 *    pages freed here (and later by memory onlining);
 *  - struct pages of memblock.reserved ranges and NOMAP memory are
 *    PG_reserved (memmap_init already did so; done again, as Linux's
 *    memmap_init_reserved_pages, in case something was reserved since);
 *  - each free range [PFN_UP(start), PFN_DOWN(end)) is cut into the
 *    largest naturally aligned blocks (order = min(MAX_PAGE_ORDER,
 *    lowest set bit of the pfn), shrunk while it overshoots the end) and
 *    each block is freed to the tail of its free list with its
 *    pageblock's migrate type, merging with what is already free;
 *  - afterwards sparse allocates through the page allocator.
 *
 * Who calls it: page_alloc_init(); __free_pages_core also by hotplug.
 */
#include <mm/page_alloc_internal.h>

#include <lib/printk.h>
#include <mm/memblock.h>

bool memblock_released;

void __free_pages_core(struct page *page, unsigned int order)
{
	unsigned long nr_pages = 1UL << order, i, pfn = page_to_pfn(page);
	struct zone *zone = page_zone(page);

	for (i = 0; i < nr_pages; i++) {
		ClearPageReserved(page + i);
		set_page_count(page + i, 0);
	}
	__atomic_add_fetch(&zone->managed_pages, nr_pages, __ATOMIC_RELAXED);
	if (!free_pages_prepare(page, order))
		return;
	spin_lock(&zone->lock);
	__free_one_page(page, pfn, zone, order,
			get_pfnblock_migratetype(page, pfn), FPI_TO_TAIL);
	spin_unlock(&zone->lock);
}

static void reserve_bootmem_region(phys_addr_t start, phys_addr_t end)
{
	unsigned long pfn;

	for (pfn = PFN_DOWN(start); pfn < PFN_UP(end); pfn++)
		if (pfn_valid(pfn))
			SetPageReserved(pfn_to_page(pfn));
}

static void memmap_init_reserved_pages(void)
{
	struct memblock_region *r;
	phys_addr_t start, end;
	u64 i;

	for_each_reserved_mem_range(i, &start, &end)
		reserve_bootmem_region(start, end);
	for_each_mem_region(r) if (memblock_is_nomap(r))
		reserve_bootmem_region(r->base, r->base + r->size);
}

static void __free_pages_memory(unsigned long start, unsigned long end)
{
	while (start < end) {
		unsigned int order =
			start ? (unsigned int)__builtin_ctzl(start) :
				MAX_PAGE_ORDER;

		order = MIN(order, (unsigned int)MAX_PAGE_ORDER);
		while (start + (1UL << order) > end)
			order--;
		if (pfn_valid(start))
			__free_pages_core(pfn_to_page(start), order);
		start += 1UL << order;
	}
}

static unsigned int order_for_bytes(phys_addr_t size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

/* Sparse's memory after boot: blocks on nid when possible, zeroed when
 * asked.  min_addr and an align beyond the block's own are not honoured. */
static phys_addr_t sparse_alloc_from_buddy(phys_addr_t size, phys_addr_t align,
					   phys_addr_t min_addr, int nid,
					   bool zero)
{
	unsigned int order = order_for_bytes(MAX(size, align));
	struct page *page;

	if (order > MAX_PAGE_ORDER)
		return 0;
	page = alloc_pages_node(
		nid, GFP_KERNEL | __GFP_NOWARN | (zero ? __GFP_ZERO : 0),
		order);
	return page ? PFN_PHYS(page_to_pfn(page)) : 0;
}

/*
 * Give back what sparse_alloc_phys() returned: memory memblock handed out
 * during boot is PG_reserved and joins the allocator page by page (Linux's
 * free_reserved_page); a block from the allocator is freed whole.
 */
static void sparse_free_to_buddy(phys_addr_t pa, phys_addr_t size)
{
	struct page *page = pfn_to_page(PHYS_PFN(pa));
	unsigned long i;

	if (PageReserved(page)) {
		for (i = 0; i < PFN_UP(size); i++)
			__free_pages_core(page + i, 0);
		return;
	}
	__free_pages(page, order_for_bytes(size));
}

static const struct sparse_mem_source buddy_source = {
	.alloc = sparse_alloc_from_buddy,
	.free = sparse_free_to_buddy,
};

unsigned long memblock_free_all(void)
{
	unsigned long count = 0, s, e;
	phys_addr_t start, end;
	struct zone *zone;
	u64 i;

	for_each_zone(zone)
		zone->managed_pages = 0;
	memblock_clear_hotplug(0, PHYS_ADDR_MAX);
	memmap_init_reserved_pages();
	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &start, &end,
				NULL) {
		s = PFN_UP(start);
		e = PFN_DOWN(end);
		if (s >= e)
			continue;
		__free_pages_memory(s, e);
		count += e - s;
	}
	memblock_released = true;
	sparse_set_mem_source(&buddy_source);
	return count;
}
