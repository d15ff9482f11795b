/* SPDX-License-Identifier: MIT */
/*
 * Struct page initialization on every CPU (Linux's
 * CONFIG_DEFERRED_STRUCT_PAGE_INIT with its per-node threads split over
 * the node's CPUs by padata), and its figures.
 *
 * The platform says how to run a function on its CPUs
 * (deferred_init_set_cpus: the app starts it on the APs through
 * efi/post_exit/smp.c; without it the caller does all the work as CPU 0).
 * memmap_init() (<mm/memmap_init.h>) then splits each node's present
 * sections into one contiguous share per CPU of that node; the sections
 * of a node without CPUs are shared by all CPUs.  Each CPU initializes its
 * shares with memmap_init_chunk().  The result is the same, byte for byte,
 * as one CPU doing all of it.
 *
 * Where sparsemm differs from Linux: every struct page is deferred (Linux
 * first initializes each node's lower zones and the start of its highest
 * zone on the boot CPU, for the allocations of early boot, which sparsemm
 * does not have: memblock serves them), the split is static (padata hands
 * out chunks of at least a section to whichever thread asks next), and the
 * CPUs only initialize struct pages: the pages go to the buddy allocator
 * afterwards on one CPU (Linux's threads free them as they go).
 */
#ifndef MM_DEFERRED_INIT_H
#define MM_DEFERRED_INIT_H

#include <lib/types.h>
#include <mm/mmzone.h> /* NR_CPUS, MAX_NUMNODES */

/*
 * The platform's CPUs as mm code borrows them, numbered 0 (the caller)
 * .. nr_cpus - 1: struct page init here, the stress suites' multi-CPU
 * jobs (struct stress_smp).
 */
struct mm_cpus {
	unsigned int nr_cpus;
	/* Run fn(arg) on CPUs 0..ncpus - 1 and return when all have
	 * returned; smp_processor_id() is the CPU's number in fn. */
	void (*run)(unsigned int ncpus, void (*fn)(void *arg), void *arg);
	/* The node of a CPU's memory (negative: unknown). */
	int (*cpu_node)(unsigned int cpu);
};

/* Install the CPUs for memmap_init(); NULL: the caller alone. */
void deferred_init_set_cpus(const struct mm_cpus *cpus);

/*
 * Share i of n of node nid's present early sections, as pfns
 * [*start_pfn, *end_pfn) (section-aligned; sections of other nodes inside
 * are not part of it).  Shares are contiguous in section order and differ
 * in size by one section at most.  False when the share is empty.
 */
bool deferred_init_share(int nid, unsigned int i, unsigned int n,
			 unsigned long *start_pfn, unsigned long *end_pfn);

/* What the last memmap_init() did. */
struct deferred_init_stats {
	bool valid;
	unsigned int nr_cpus;
	unsigned long pages; /* struct pages initialized, all CPUs */
	u64 wall_cycles; /* from the start of the work to its end */
	struct {
		int node; /* the CPU's node, negative when unknown */
		unsigned long pages;
		unsigned long local_pages; /* of them, on the CPU's node */
		u64 cycles; /* from its start to its end */
	} cpu[NR_CPUS];
	struct {
		unsigned long pages; /* its present early sections' */
		unsigned int nr_cpus; /* CPUs of the node; 0: all shared it */
		u64 cycles; /* from the start to its last struct page */
	} node[MAX_NUMNODES];
};
const struct deferred_init_stats *deferred_init_stats(void);

/*
 * The figures of the last memmap_init(): Linux's line per node ("node N
 * deferred pages initialised in Nms"), then one line per CPU and the
 * total.  mm_core_init() prints them once the allocator runs, where Linux
 * prints its line (after "Built N zonelists").
 */
void deferred_init_print(void);

/*
 * The check after the work, separate for the tests: every present early
 * section initialized exactly once and the struct pages counted add up.
 * Returns the number of problems (each printed).
 */
unsigned long deferred_init_check(void);

/* Forget the CPUs and the figures (mm_reset()). */
void deferred_init_reset(void);

#endif
