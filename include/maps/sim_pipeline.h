/* SPDX-License-Identifier: MIT */
/*
 * The simulator's platform for the run sequence (include/run/run.h) over
 * a parsed map: what efi/post_exit/post_exit.c gives the sequence on the
 * machine, with simulated physical memory in place of the machine's.  The
 * unit tests (test_sim_pipeline.c), the fuzzers and the bench use it too.
 *
 *   host_phys_init(bits)        the physical address space, all holes
 *   mm_map_setup()              sanitize, e820 table, mem=/memmap=, x86 rules
 *   host_phys_populate()        every e820 RAM range becomes accessible
 *   mm_memblock_setup()         with nothing in use: no image, stack, map
 *                               or page tables live in simulated memory
 *   sparse_set_mem_source()     memmaps from memblock, prefaulted
 *                               by the host before use (host_prefault())
 *   sim_pipeline_set_nodes()    nodes from the map's NUMA ranges, or node 0
 */
#ifndef SIM_PARSE_SIM_PIPELINE_H
#define SIM_PARSE_SIM_PIPELINE_H

#include <maps/sim_map.h>

#include <lib/config.h>
#include <mm/setup.h>
#include <run/run.h>

struct sim_run {
	struct mm_map_state st;
	void *work;
	unsigned int phys_bits;
};

/*
 * Run the pipeline above on m (memblock_reset() first).  Prints what the
 * app prints.  Returns 0, or the first stage's negative error (printed).
 * Call sim_pipeline_free() either way.
 */
int sim_pipeline_run(const struct sim_map *m, const struct sparsemm_config *cfg,
		     unsigned int phys_bits, struct sim_run *run);

/*
 * Give every memblock.memory range its node: m's NUMA ranges with
 * memblock_set_node(), as Linux's numa_init() does from SRAT; without any
 * (or with numa=off), node 0 for everything, as Linux's dummy_numa_init().
 * A stand-in for mm/numa.c's numa_init(), which reads the ACPI tables
 * themselves: a boot log has only the SRAT's text (TODO: build an SRAT
 * from the map's node ranges and call numa_init() as the app will).
 * Every node of a range is possible; so is a node the log names as
 * memoryless; a node with CPUs (SRAT CPU lines) is online.
 * Returns 0 or a negative error from memblock.
 */
int sim_pipeline_set_nodes(const struct sim_map *m,
			   const struct sparsemm_config *cfg);

/* The run sequence's hooks for m (the sim's platform): RAM backed once the
 * map is final, nodes by sim_pipeline_set_nodes(). */
void sim_pipeline_hooks(const struct sim_map *m, struct run_hooks *hooks);

void sim_pipeline_free(struct sim_run *run);

#endif
