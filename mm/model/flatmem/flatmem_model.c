// SPDX-License-Identifier: MIT
/*
 * The memory-model backend for MODEL=flatmem.
 *
 * What it owns: mem_map, one array of struct pages for every pfn of
 * [flatmem_start_pfn, flatmem_start_pfn + max_mapnr), allocated once by
 * memmap_model_prepare from memblock, not zeroed but for the struct pages
 * of absent sections (memmap_init writes those of present sections).  The span runs from the first to the
 * last present section (whole sections, so that every pfn the common
 * section-based pfn_valid() accepts has a struct page); Linux's own flatmem
 * spans pfn 0 to max_pfn.  Populate hands out slices of it and depopulate
 * frees nothing: flatmem has no hot-plug of its own, so memory can be
 * added only inside the span.
 *
 * Who calls it: mm/sparse.c (sparse_init) and mm/sparse_hotplug.c.
 */
#include <mm/sparse.h>

#include <arch/arch.h>
#include <lib/printk.h>
#include <lib/string.h>
#include <mm/memblock.h>

#define PMD_SIZE (1UL << PMD_SHIFT)

const char memory_model_name[] = "flatmem";
const unsigned long memmap_model_granularity = PAGES_PER_SUBSECTION;

struct page *mem_map;
unsigned long flatmem_start_pfn;
unsigned long max_mapnr;

/*
 * The mem_map is not zeroed whole: memmap_init writes every struct page of
 * a present section.  Those of absent sections inside the span are never
 * initialized at boot (pfn_valid is false for them; a hot-add initializes
 * only what it adds), so they start zeroed, as they always did.
 */
static void zero_absent_sections(unsigned long first)
{
	unsigned long nr;

	for (nr = first; nr <= __highest_present_section_nr; nr++)
		if (!present_section_nr(nr))
			memset(pfn_to_page(section_nr_to_pfn(nr)), 0,
			       PAGES_PER_SECTION * sizeof(struct page));
}

int memmap_model_prepare(void)
{
	unsigned long first = next_present_section_nr(0);
	unsigned long start, end;
	phys_addr_t pa;
	u64 bytes;

	mem_map = NULL;
	max_mapnr = 0;
	flatmem_start_pfn = 0;
	if (first == -1UL)
		return -ENOMEM;
	start = section_nr_to_pfn(first);
	end = section_nr_to_pfn(__highest_present_section_nr + 1);
	bytes = (u64)(end - start) * sizeof(struct page);
	pa = sparse_alloc_phys_raw(bytes, PMD_SIZE, SZ_16M, NUMA_NO_NODE);
	if (!pa) {
		pr_err("flatmem: no room for a mem_map of %llu MiB for pfns [%#lx-%#lx)\n",
		       (unsigned long long)(bytes >> 20), start, end);
		return -ENOMEM;
	}
	mem_map = phys_to_virt(pa);
	flatmem_start_pfn = start;
	max_mapnr = end - start;
	zero_absent_sections(first);
	pr_info("flatmem: mem_map at %#llx, %lu struct pages for pfns [%#lx-%#lx)\n",
		(unsigned long long)pa, max_mapnr, start, end);
	return 0;
}

struct page *memmap_model_populate(unsigned long start_pfn,
				   unsigned long nr_pages, int nid)
{
	if (!mem_map || start_pfn < flatmem_start_pfn ||
	    start_pfn + nr_pages > flatmem_start_pfn + max_mapnr) {
		pr_err("flatmem: pfns [%#lx-%#lx) lie outside mem_map [%#lx-%#lx)\n",
		       start_pfn, start_pfn + nr_pages, flatmem_start_pfn,
		       flatmem_start_pfn + max_mapnr);
		return NULL;
	}
	return pfn_to_page(start_pfn);
}

void memmap_model_depopulate(unsigned long start_pfn, unsigned long nr_pages)
{
}

u64 memmap_model_bytes(void)
{
	return (u64)max_mapnr * sizeof(struct page);
}
