// SPDX-License-Identifier: MIT
/*
 * Memory for sparse's own structures: memmaps, usage maps, section roots
 * and the page-table pages of the vmemmap.
 *
 * What it owns: the current sparse_mem_source.  Until the buddy allocator
 * installs its own (sparse_set_mem_source), everything comes from memblock
 * and goes back to memblock.  Invariant: every byte handed out by
 * sparse_alloc_phys() is zeroed and lies in memory the source manages;
 * frees give the exact (pa, size) back.
 *
 * Who calls it: mm/sparse.c, mm/sparse_vmemmap.c, mm/sparse_hotplug.c, the model
 * backends, and the arch layer (mm_alloc_pgtable_page) when it needs a
 * page-table page for the vmemmap.
 */
#include <mm/sparse.h>

#include <arch/arch.h>
#include <lib/printk.h>
#include <lib/string.h>
#include <mm/memblock.h>

static const struct sparse_mem_source *mem_source;

/* Replace the source; NULL restores memblock. */
void sparse_set_mem_source(const struct sparse_mem_source *src)
{
	mem_source = src;
}

/*
 * size bytes aligned to align, at or above min_addr when possible, on nid
 * when possible (NUMA_NO_NODE: any).  Zeroed.  Returns 0 when nothing fits.
 */
phys_addr_t sparse_alloc_phys(phys_addr_t size, phys_addr_t align,
			      phys_addr_t min_addr, int nid)
{
	void *va;

	if (mem_source)
		return mem_source->alloc(size, align, min_addr, nid);
	va = memblock_alloc_try_nid(size, align, min_addr,
				    MEMBLOCK_ALLOC_ACCESSIBLE, nid);
	return va ? virt_to_phys(va) : 0;
}

/* Give back exactly what sparse_alloc_phys() returned. */
void sparse_free_phys(phys_addr_t pa, phys_addr_t size)
{
	if (!pa || !size)
		return;
	if (mem_source)
		mem_source->free(pa, size);
	else
		memblock_phys_free(pa, size);
}

/* One zeroed page for a page table, preferably on nid; 0 when none. */
phys_addr_t mm_alloc_pgtable_page(int nid)
{
	return sparse_alloc_phys(PAGE_SIZE, PAGE_SIZE, 0, nid);
}

void mm_free_pgtable_page(phys_addr_t pa)
{
	sparse_free_phys(pa, PAGE_SIZE);
}
