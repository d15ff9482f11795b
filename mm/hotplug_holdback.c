// SPDX-License-Identifier: MIT
/*
 * hotplug_holdback=N: keep N present sections out of the machine at boot,
 * so that the hotplug suite has memory to hot-add and hot-remove on a
 * machine (or a QEMU configuration) that has no hot-pluggable memory of
 * its own.  The memory stays in the firmware map, the e820 table and the
 * direct map; it only leaves memblock.memory before sparse_init(), so no
 * section, memmap or zone ever sees it until sparse_add_section().
 *
 * Which sections: the highest first, each whole section of
 * 2^SECTION_SIZE_BITS bytes that is
 *  - memory of one memblock.memory region: one node, not NOMAP, no hole;
 *  - free of anything reserved (image, stack, page tables, ACPI tables,
 *    NODE_DATA): nothing in use is lost;
 *  - not the last section of its node (a node keeps some memory, so that
 *    its pg_data_t exists when the range is onlined);
 *  - not section 0 (ZONE_DMA and the real-mode area).
 *
 * What it owns: held[], the ranges kept, read back through
 * hotplug_held_back() by the platform that builds struct stress_env.
 *
 * Who calls it: efi/post_exit/post_exit.c and tools/sim/main.c, after numa_init
 * and before mm_core_init.
 */
#include <mm/hotplug.h>

#include <lib/printk.h>
#include <lib/string.h>
#include <mm/memblock.h>
#include <mm/sparse.h>

static struct hotplug_range held[HOTPLUG_HOLDBACK_MAX];
static unsigned int nr_held;

/* Why sections were passed over, for the "only N of M" line. */
struct holdback_skips {
	unsigned long not_ram; /* a hole, a map type that is not RAM, NOMAP */
	unsigned long reserved; /* overlaps memblock.reserved */
	unsigned long last; /* its node's last memory */
};

/* The memblock.memory region holding all of [base, end), or NULL. */
static const struct memblock_region *region_covering(phys_addr_t base,
						     phys_addr_t end)
{
	const struct memblock_region *r;

	for_each_mem_region(r)
	{
		if (r->base <= base && end <= r->base + r->size)
			return r;
	}
	return NULL;
}

static unsigned long node_memory_pages(int nid)
{
	unsigned long s, e, pages = 0;
	int i;

	for_each_mem_pfn_range(i, nid, &s, &e, NULL)
		pages += e - s;
	return pages;
}

/* Can section nr be held back?  Sets *nid; counts the reason when not. */
static bool section_can_hold_back(unsigned long nr, int *nid,
				  struct holdback_skips *skips)
{
	phys_addr_t base = PFN_PHYS(section_nr_to_pfn(nr));
	phys_addr_t end = base + PFN_PHYS(PAGES_PER_SECTION);
	const struct memblock_region *r = region_covering(base, end);

	if (!r || memblock_is_nomap(r)) {
		/* Only sections that hold some memory are worth naming. */
		if (memblock_overlaps_region(&memblock.memory, base,
					     end - base))
			skips->not_ram++;
		return false;
	}
	if (memblock_is_region_reserved(base, end - base)) {
		skips->reserved++;
		return false;
	}
	*nid = memblock_get_region_node(r);
	if (*nid < 0)
		*nid = 0;
	if (node_memory_pages(*nid) <= PAGES_PER_SECTION) {
		skips->last++;
		return false;
	}
	return true;
}

unsigned int hotplug_holdback(unsigned int nr)
{
	struct holdback_skips skips = { 0 };
	unsigned long sec, top;
	phys_addr_t base, size = PFN_PHYS(PAGES_PER_SECTION);
	int nid;

	nr_held = 0;
	if (!nr)
		return 0;
	if (!strcmp(memory_model_name, "flatmem")) {
		pr_warn("sparsemm: hotplug: hotplug_holdback=%u ignored: the flatmem model cannot hot-add memory (one mem_map fixed at boot; Linux needs SPARSEMEM for memory hot-plug)\n",
			nr);
		return 0;
	}
	if (nr > HOTPLUG_HOLDBACK_MAX) {
		pr_warn("sparsemm: hotplug: hotplug_holdback=%u is more than %u: holding back at most %u\n",
			nr, HOTPLUG_HOLDBACK_MAX, HOTPLUG_HOLDBACK_MAX);
		nr = HOTPLUG_HOLDBACK_MAX;
	}
	if (!memblock_end_of_DRAM()) {
		pr_warn("sparsemm: hotplug: no memory: nothing held back\n");
		return 0;
	}
	top = pfn_to_section_nr(PFN_DOWN(memblock_end_of_DRAM() - 1));
	if (top >= NR_MEM_SECTIONS)
		top = NR_MEM_SECTIONS - 1;
	for (sec = top; sec > 0 && nr_held < nr; sec--) {
		const struct memblock_region *r;
		bool srat_hotplug;

		if (!section_can_hold_back(sec, &nid, &skips))
			continue;
		base = PFN_PHYS(section_nr_to_pfn(sec));
		r = region_covering(base, base + size);
		srat_hotplug = r && memblock_is_hotpluggable(r);
		if (memblock_remove(base, size)) {
			pr_err("sparsemm: hotplug: memblock_remove of section %lu [mem %#018llx-%#018llx] failed: not held back\n",
			       sec, (unsigned long long)base,
			       (unsigned long long)(base + size - 1));
			break;
		}
		held[nr_held++] = (struct hotplug_range){
			.nid = nid,
			.start_pfn = section_nr_to_pfn(sec),
			.nr_pages = PAGES_PER_SECTION,
		};
		pr_info("sparsemm: hotplug: holding back section %lu [mem %#018llx-%#018llx] on node %d%s\n",
			sec, (unsigned long long)base,
			(unsigned long long)(base + size - 1), nid,
			srat_hotplug ? " (SRAT hot-pluggable)" : "");
	}
	if (nr_held < nr)
		pr_warn("sparsemm: hotplug: held back %u of the %u sections asked for: of the sections with memory passed over, %lu are not entirely usable RAM of one node, %lu hold reserved memory (image, tables, data in use), %lu are their node's last memory; section 0 is never held back\n",
			nr_held, nr, skips.not_ram, skips.reserved, skips.last);
	else
		pr_info("sparsemm: hotplug: %u sections (%lu MiB) held back for the hotplug suite\n",
			nr_held, (unsigned long)((u64)nr_held * size >> 20));
	return nr_held;
}

unsigned int hotplug_held_back(const struct hotplug_range **ranges)
{
	*ranges = nr_held ? held : NULL;
	return nr_held;
}

void hotplug_holdback_reset(void)
{
	nr_held = 0;
}
