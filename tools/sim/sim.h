/* SPDX-License-Identifier: MIT */
/*
 * The host simulator's front end (tools/sim/main.c): its options and exit
 * statuses.  The map readers are in tools/lib/maps/ (sim_map.h), the boot
 * pipeline in include/maps/sim_pipeline.h, the Linux comparison in
 * include/maps/linux_ref.h, simulated physical memory in
 * include/arch/host.h.  docs/simulator.md is the user's guide.
 */
#ifndef TOOLS_SIM_SIM_H
#define TOOLS_SIM_SIM_H

#include <maps/sim_map.h>

/* Exit statuses: the verdict as the app's, or no run at all. */
#define SIM_EXIT_PASS 0
#define SIM_EXIT_FAIL 1
#define SIM_EXIT_USAGE 2 /* bad option, unreadable or malformed map */

/* Physical address bits of the simulated machine unless the map or
 * --mem-bits say otherwise: x86-64 with 4-level paging (MAX_PHYSMEM_BITS). */
#define SIM_DEFAULT_PHYS_BITS 46

struct sim_options {
	const char *map_path;
	enum sim_format format;
	unsigned int mem_bits; /* 0: from the map, else the default */
	bool compare;
	unsigned int linux_major, linux_minor; /* --linux-version */
	bool quiet;
	/* Stress suites: 1 run, 0 don't, -1 run when the host has the memory
	 * (struct pages + SIM_SUITES_HOST_BYTES, tools/sim/main.c). */
	int suites;
	/* key=value words, joined with spaces, as the app's load options */
	char *config_words;
};

/* Above this much RAM the pattern suite samples SIM_PATTERN_SAMPLE_BYTES
 * per sweep; what the suites write besides stays below
 * SIM_SUITES_HOST_BYTES (churn's slots, zeroing's blocks, the sample). */
#define SIM_PATTERN_SAMPLE_ABOVE (8ULL << 30)
#define SIM_PATTERN_SAMPLE_BYTES (1ULL << 30)
#define SIM_SUITES_HOST_BYTES (3ULL << 30)

/*
 * The boot's stage times, host prefault and memory overhead, as
 * `sparsemm-sim:` lines (boot_figures.c), once the allocator is built:
 * memblock_ns is what the map-to-memblock steps and the nodes took,
 * boot_faults the minor page faults of the whole boot.
 */
void sim_boot_figures_print(u64 memblock_ns, u64 boot_faults);

#endif
