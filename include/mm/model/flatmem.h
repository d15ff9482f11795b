/* SPDX-License-Identifier: MIT */
/*
 * FLATMEM: one mem_map array with a struct page for every pfn from the
 * lowest to the highest pfn of memblock.memory (holes included), allocated
 * once at sparse_init.  flatmem_start_pfn is Linux's ARCH_PFN_OFFSET.
 * Included by <mm/page.h> after struct page; do not include directly.
 */
#ifndef MM_MODEL_FLATMEM_H
#define MM_MODEL_FLATMEM_H

#define MEMORY_MODEL_FLATMEM 1

extern struct page *mem_map;
extern unsigned long flatmem_start_pfn; /* first pfn of mem_map */
extern unsigned long max_mapnr; /* number of struct pages in mem_map */

static inline struct page *pfn_to_page(unsigned long pfn)
{
	return mem_map + (pfn - flatmem_start_pfn);
}

static inline unsigned long page_to_pfn(const struct page *page)
{
	return (unsigned long)(page - mem_map) + flatmem_start_pfn;
}

#endif
