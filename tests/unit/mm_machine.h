/* SPDX-License-Identifier: MIT */
/*
 * Unit-test helper: boot a synthetic machine through the real pipeline
 * (simulated RAM -> memblock -> sparse_init -> free_area_init ->
 * memmap_init -> page_alloc_init) so that the allocator tests run on
 * exactly what the firmware build runs.
 */
#ifndef TESTS_UNIT_MM_MACHINE_H
#define TESTS_UNIT_MM_MACHINE_H

#include <lib/types.h>
#include <mm/mmzone.h>

struct mm_range {
	phys_addr_t base, size;
	int nid;
	unsigned int flags; /* MEMBLOCK_HOTPLUG, ... */
};

/*
 * Build the machine: RAM ranges (populated, added to memblock with their
 * node and flags; a range of size 0 declares its node memoryless, with
 * CPUs: possible and online, as Linux's init_cpu_to_node() leaves it), reserved ranges (n_res pairs of base/size, may be 0),
 * then the whole pipeline with cfg (NULL: defaults, one CPU).  Output goes
 * to the capture console when capture is true.
 */
void mm_machine_boot(const struct mm_range *ram, unsigned int n,
		     const phys_addr_t (*res)[2], unsigned int n_res,
		     const struct zones_config *cfg, bool capture);
/* Forget everything (cmocka teardown). */
void mm_machine_reset(void);

/* The zone of node nid, index zi. */
struct zone *mm_zone(int nid, int zi);

#endif
