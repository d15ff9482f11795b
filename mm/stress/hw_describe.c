// SPDX-License-Identifier: MIT
/*
 * Naming a physical address that the hardware reported (a machine-check
 * bank's ADDR): its pfn and memory section, the node and zone of its
 * struct page, what the allocator holds it as (free in the buddy lists at
 * some order, allocated with a refcount, reserved, or no struct page at
 * all), and which suite and pass were running.  A machine check stops
 * every CPU, so nothing changes the page while this reads it; the reads
 * are plain loads of the memmap, which a #MC handler may do.
 *
 * Called by the platform's machine-check code (efi/post_exit/mce.c)
 * through stress_describe_phys() (include/stress/stress.h).
 */
#include <lib/printk.h>
#include <mm/mmzone.h>
#include <mm/page.h>
#include <mm/page_alloc_internal.h>
#include <stress/stress.h>

/* The allocator's view of pfn's page into buf. */
static void page_state(unsigned long pfn, char *buf, size_t size)
{
	struct page *page = pfn_to_page(pfn);
	struct zone *zone = page_zone(page);

	if (PageReserved(page))
		scnprintf(
			buf, size,
			"node %d zone %s, reserved (not managed by the buddy allocator)",
			page_to_nid(page), zone->name);
	else if (PageBuddy(page))
		scnprintf(buf, size,
			  "node %d zone %s, free in the buddy lists (order %u)",
			  page_to_nid(page), zone->name, buddy_order(page));
	else if (page_ref_count(page) > 0)
		scnprintf(buf, size, "node %d zone %s, allocated (refcount %d)",
			  page_to_nid(page), zone->name, page_ref_count(page));
	else
		scnprintf(
			buf, size,
			"node %d zone %s, free: inside a free block or on a per-CPU list",
			page_to_nid(page), zone->name);
}

void stress_describe_phys(phys_addr_t pa, char *buf, size_t size)
{
	unsigned long pfn = PHYS_PFN(pa);
	const char *suite;
	unsigned int pass;
	char state[112], doing[64];

	if (pfn_valid(pfn))
		page_state(pfn, state, sizeof(state));
	else
		scnprintf(state, sizeof(state),
			  "no struct page (not memory sparsemm manages)");
	if (stress_current(&suite, &pass))
		scnprintf(doing, sizeof(doing), "suite %s pass %u running",
			  suite, pass);
	else
		scnprintf(doing, sizeof(doing), "no suite running");
	scnprintf(buf, size, "pfn %#lx section %lu, %s; %s", pfn,
		  pfn_to_section_nr(pfn), state, doing);
}
