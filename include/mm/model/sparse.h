/* SPDX-License-Identifier: MIT */
/*
 * Classic SPARSEMEM: each present section has its own memmap, allocated
 * from memblock, found through the section's encoded section_mem_map.
 * page_to_pfn reads the section number from page->flags (set_page_links),
 * so a struct page must be initialized before page_to_pfn works on it.
 * Included by <mm/page.h> after struct page; do not include directly.
 */
#ifndef MM_MODEL_SPARSE_H
#define MM_MODEL_SPARSE_H

#include <mm/mmzone_sections.h>

#define MEMORY_MODEL_SPARSE 1

/* pfn must be pfn_valid(): its section has a map. */
static inline struct page *pfn_to_page(unsigned long pfn)
{
	return (struct page *)(__section_mem_map_base(__pfn_to_section(pfn)) +
			       pfn * sizeof(struct page));
}

static inline unsigned long page_to_pfn(const struct page *page)
{
	const struct mem_section *ms = __nr_to_section(page_to_section(page));

	return ((unsigned long)page - __section_mem_map_base(ms)) /
	       sizeof(struct page);
}

#endif
