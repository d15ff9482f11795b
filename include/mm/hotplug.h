/* SPDX-License-Identifier: MIT */
/*
 * Memory hot-plug above the section level: keeping sections back at boot
 * (hotplug_holdback=N, mm/hotplug_holdback.c) and putting hot-added
 * ranges into zones and taking them out again (mm/memory_hotplug.c, the
 * struct sparse_hotplug_ops that sparse_add_section() and
 * sparse_remove_section() call).  The section-level half is
 * <mm/sparse.h>'s.
 *
 * Boot order: memblock final with nodes (numa_init) -> hotplug_holdback()
 * -> mm_core_init() (which installs the online/offline hooks with
 * memory_hotplug_init()) -> the hotplug suite adds and removes the
 * ranges hotplug_held_back() returns.
 */
#ifndef MM_HOTPLUG_H
#define MM_HOTPLUG_H

#include <lib/types.h>
#include <mm/page.h>

/*
 * A range of memory the platform held back at boot (hotplug_holdback=):
 * present in the firmware map but not added, for the hotplug suite to add
 * and remove under load.  Inside one section, aligned to the memory
 * model's granularity (see sparse_add_section()).
 */
struct hotplug_range {
	int nid;
	unsigned long start_pfn;
	unsigned long nr_pages;
};

/* The most sections hotplug_holdback= may name (lib/config.c's limit). */
#define HOTPLUG_HOLDBACK_MAX 1024

/*
 * Take up to nr whole sections out of memblock.memory (memblock_remove),
 * from the highest down: only sections that are entirely memory of one
 * memblock region (one node, not NOMAP), overlap nothing reserved, and are
 * not the last section of their node's memory.  Prints a line per section
 * held back ("sparsemm: hotplug: holding back section N [mem ...] on node
 * X") and, when fewer than nr could be, why.  Call after numa_init() and
 * before sparse_init(); nothing is held back with MODEL=flatmem (no
 * hot-plug there, as in Linux).  Replaces what an earlier call kept.
 * Returns the number of sections held back.
 */
unsigned int hotplug_holdback(unsigned int nr);

/* The ranges hotplug_holdback() kept (the hotplug suite takes them); count. */
unsigned int hotplug_held_back(const struct hotplug_range **ranges);

/* Forget the held-back ranges (tests building several machines). */
void hotplug_holdback_reset(void);

/*
 * Install online_pages()/offline_pages() below as the sparse hot-plug
 * hooks.  Call once the page allocator runs (mm_core_init does).
 */
void memory_hotplug_init(void);

/*
 * Linux's online_pages(): [start_pfn, start_pfn + nr_pages) on nid, just
 * added by sparse_add_section() (PG_reserved struct pages), joins a zone
 * of nid: ZONE_MOVABLE when the node has one, else the kernel zone whose
 * span it meets, else the zone of its pfns by x86-64's limits (DMA below
 * 16 MiB, DMA32 below 4 GiB) with ZONE_MOVABLE instead of ZONE_NORMAL
 * (memory above every kernel zone is movable, Linux's online_movable).
 * The zone's span, present and managed pages and the node's grow by the
 * range, its pages are freed to the buddy allocator (__free_pages_core),
 * zonelists are rebuilt if the zone was empty, watermarks, lowmem_reserve
 * and per-CPU list sizes recomputed.  Returns 0, -EINVAL (no such node)
 * or -ENOMEM (the per-CPU lists of a new zone).
 */
int online_pages(int nid, unsigned long start_pfn, unsigned long nr_pages);

/*
 * Linux's offline_pages(): isolate the range's pageblocks
 * (MIGRATE_ISOLATE, their free blocks leave NR_FREE_PAGES), drain the
 * per-CPU lists, and check that every page is free in the buddy
 * allocator.  If not, the isolation is undone, an error names the first
 * busy pfns and their count, and -EBUSY is returned with nothing changed.
 * Otherwise the free blocks leave the lists and the zone's and node's
 * managed, present and spanned pages shrink by the range (an emptied zone
 * gives back its per-CPU lists), then as online_pages().  The range must
 * lie in one zone (-EINVAL).
 */
int offline_pages(unsigned long start_pfn, unsigned long nr_pages);

/*
 * Linux's is_free_buddy_page(): page lies in a free block of the buddy
 * allocator (not on a per-CPU list: drain_all_pages() first).
 */
bool is_free_buddy_page(const struct page *page);

/*
 * The is_free test to give sparse_remove_section() for memory that was
 * onlined: is_free_buddy_page() of pfn's page (ctx unused).  The check
 * before removal names busy pfns; offline_pages() then checks again with
 * the range isolated.  Without it (NULL) sparse_remove_section() takes
 * only never-onlined pages as free.
 */
bool hotplug_pfn_is_free(unsigned long pfn, void *ctx);

#endif
