// SPDX-License-Identifier: MIT
/*
 * Section hot-add and hot-remove: the section-level half of memory
 * hotplug (Linux's sparse_add_section / sparse_remove_section).  Putting
 * the pages into a zone and the allocator, and taking them out again, is
 * the zones code's half, reached through struct sparse_hotplug_ops.
 *
 * What it owns: the transitions of a range between absent and present:
 * root page, usage map, subsection bits, memmap, struct page init,
 * SECTION_IS_ONLINE.
 *
 * Invariants:
 *  - a range is added or removed whole or not at all: a failure undoes
 *    what was done, and a busy range is refused before anything changes;
 *  - removal returns every byte the add took (memmap, usage map, page
 *    tables, root page) to the sparse_mem_source; early sections keep
 *    their usage map (it is part of a per-node array, as in Linux);
 *  - a section is online iff some part of it was onlined and not removed.
 *
 * Who calls it: the hot-plug suite and the hotplug_holdback boot path.
 */
#include <mm/sparse.h>

#include <arch/arch.h>
#include <lib/printk.h>
#include <mm/memblock.h>
#include <mm/memmap_init.h>

#include "sparse_internal.h"

static const struct sparse_hotplug_ops *hotplug_ops;

void sparse_set_hotplug_ops(const struct sparse_hotplug_ops *ops)
{
	hotplug_ops = ops;
}

static int check_range(unsigned long start_pfn, unsigned long nr_pages)
{
	unsigned long g = memmap_model_granularity;

	if (!nr_pages || start_pfn + nr_pages > MAX_PHYSMEM_PFN ||
	    start_pfn % g || nr_pages % g ||
	    pfn_to_section_nr(start_pfn) !=
		    pfn_to_section_nr(start_pfn + nr_pages - 1)) {
		pr_err("hotplug: pfns [%#lx-%#lx) are not one section's %lu-page aligned part\n",
		       start_pfn, start_pfn + nr_pages, g);
		return -EINVAL;
	}
	return 0;
}

/* True when some pfn of the range already has a memmap. */
static bool range_present(const struct mem_section *ms, unsigned long start_pfn,
			  unsigned long nr_pages)
{
	unsigned long pfn;

	if (!valid_section(ms))
		return false;
	if (early_section(ms))
		return true;
	for (pfn = start_pfn; pfn < start_pfn + nr_pages;
	     pfn += PAGES_PER_SUBSECTION)
		if (pfn_section_valid(ms, pfn))
			return true;
	return false;
}

/* Undo the section-level part of an add (memmap already depopulated). */
static void section_deactivate(unsigned long nr, struct mem_section *ms,
			       unsigned long start_pfn, unsigned long nr_pages)
{
	if (ms->usage)
		subsection_map_clear(ms, start_pfn, nr_pages);
	if (ms->usage && !subsection_map_empty(ms))
		return;
	if (ms->usage && !early_section(ms))
		sparse_free_phys(virt_to_phys(ms->usage), sizeof(*ms->usage));
	ms->usage = NULL;
	ms->section_mem_map = 0;
	sparse_index_free_if_empty(nr);
}

int sparse_add_section(int nid, unsigned long start_pfn, unsigned long nr_pages)
{
	unsigned long nr = pfn_to_section_nr(start_pfn);
	struct mem_section_usage *usage;
	struct mem_section *ms;
	struct page *map;
	bool new_usage = false;
	phys_addr_t pa;
	int ret;

	ret = check_range(start_pfn, nr_pages);
	if (ret)
		return ret;
	nid = sparse_nid(nid);
	ret = sparse_index_init(nr, nid);
	if (ret)
		return ret;
	ms = __nr_to_section(nr);
	if (range_present(ms, start_pfn, nr_pages)) {
		pr_err("hotplug: pfns [%#lx-%#lx) already present\n", start_pfn,
		       start_pfn + nr_pages);
		return -EEXIST;
	}
	if (!ms->usage) {
		pa = sparse_alloc_phys(sizeof(*usage), SMP_CACHE_BYTES, 0, nid);
		if (!pa) {
			sparse_index_free_if_empty(nr);
			return -ENOMEM;
		}
		usage = phys_to_virt(pa);
		usage->nid = nid;
		new_usage = true;
	} else {
		usage = ms->usage;
	}

	map = memmap_model_populate(start_pfn, nr_pages, nid);
	if (!map) {
		if (new_usage)
			sparse_free_phys(virt_to_phys(usage), sizeof(*usage));
		if (!ms->section_mem_map)
			sparse_index_free_if_empty(nr);
		return -ENOMEM;
	}
	if (!present_section(ms))
		sparse_mark_present(nr, nid, 0);
	/* The section's map base, from the struct page of start_pfn. */
	map = (struct page *)((unsigned long)map -
			      (start_pfn - section_nr_to_pfn(nr)) *
				      sizeof(struct page));
	sparse_init_one_section(ms, nr, map, usage, 0);
	subsection_map_set(ms, start_pfn, nr_pages);
	memmap_init_range(start_pfn, start_pfn + nr_pages, nid,
			  MEMINIT_HOTPLUG);

	if (hotplug_ops && hotplug_ops->online) {
		ret = hotplug_ops->online(nid, start_pfn, nr_pages);
		if (ret) {
			memmap_model_depopulate(start_pfn, nr_pages);
			section_deactivate(nr, ms, start_pfn, nr_pages);
			return ret;
		}
	}
	online_mem_sections(start_pfn, start_pfn + nr_pages);
	pr_info("hotplug: added pfns [%#lx-%#lx) (section %lu) on node %d\n",
		start_pfn, start_pfn + nr_pages, nr, nid);
	return 0;
}

/* A page nobody uses: never onlined (or offlined), only the init ref. */
static bool page_unused(unsigned long pfn, void *ctx)
{
	struct page *page = pfn_to_page(pfn);

	return PageReserved(page) && page_ref_count(page) <= 1;
}

#define BUSY_REPORT_MAX 8

int sparse_remove_section(unsigned long start_pfn, unsigned long nr_pages,
			  bool (*is_free)(unsigned long pfn, void *ctx),
			  void *ctx)
{
	unsigned long nr = pfn_to_section_nr(start_pfn), pfn, busy = 0;
	struct mem_section *ms;
	int ret;

	ret = check_range(start_pfn, nr_pages);
	if (ret)
		return ret;
	ms = __nr_to_section(nr);
	for (pfn = start_pfn; pfn < start_pfn + nr_pages; pfn++)
		if (!pfn_valid(pfn)) {
			pr_err("hotplug: pfn %#lx in [%#lx-%#lx) is not present\n",
			       pfn, start_pfn, start_pfn + nr_pages);
			return -EINVAL;
		}
	if (early_section(ms) && nr_pages != PAGES_PER_SECTION) {
		pr_err("hotplug: section %lu is early: remove it whole\n", nr);
		return -EINVAL;
	}
	if (!is_free)
		is_free = page_unused;
	for (pfn = start_pfn; pfn < start_pfn + nr_pages; pfn++) {
		if (is_free(pfn, ctx))
			continue;
		if (busy < BUSY_REPORT_MAX)
			pr_err("hotplug: cannot remove [%#lx-%#lx): pfn %#lx busy (refcount %d, flags %#lx)\n",
			       start_pfn, start_pfn + nr_pages, pfn,
			       page_ref_count(pfn_to_page(pfn)),
			       pfn_to_page(pfn)->flags);
		busy++;
	}
	if (busy) {
		pr_err("hotplug: %lu busy pages in [%#lx-%#lx), nothing removed\n",
		       busy, start_pfn, start_pfn + nr_pages);
		return -EBUSY;
	}
	if (hotplug_ops && hotplug_ops->offline) {
		ret = hotplug_ops->offline(start_pfn, nr_pages);
		if (ret)
			return ret;
	}
	memmap_model_depopulate(start_pfn, nr_pages);
	section_deactivate(nr, ms, start_pfn, nr_pages);
	pr_info("hotplug: removed pfns [%#lx-%#lx) (section %lu)\n", start_pfn,
		start_pfn + nr_pages, nr);
	return 0;
}
