/* SPDX-License-Identifier: MIT */
/*
 * The concurrent stress suites (mm/stress/concurrent*.c): the buddy
 * allocator driven by every CPU at once.  They are portable but need the
 * platform to run a function on several CPUs, so a platform that has
 * them (efi/post_exit/smp.c) fills a struct stress_smp and registers the returned
 * checks as stress platform checks (struct stress_platform_check).
 */
#ifndef STRESS_CONCURRENT_H
#define STRESS_CONCURRENT_H

#include <stress/stress.h>

struct stress_smp {
	unsigned int nr_cpus; /* online, numbered 0..nr_cpus - 1 */
	/* Run fn(arg) on CPUs 0..ncpus - 1 (the caller is CPU 0) and
	 * return when every one has returned. */
	void (*run)(unsigned int ncpus, void (*fn)(void *arg), void *arg);
	/* The node of a CPU's memory (preferred for its allocations). */
	int (*cpu_node)(unsigned int cpu);
	/* debug_nolock= is in force: a lost/doubled page is expected. */
	bool debug_nolock;
};

/* Every suite runs its jobs on several CPUs through this: smp->run with
 * the allocator told that other CPUs may call it meanwhile
 * (page_alloc_set_concurrent, <mm/mmzone.h>). */
void stress_smp_run(const struct stress_smp *smp, unsigned int ncpus,
		    void (*fn)(void *arg), void *arg);

/* The checks to register (stays valid; smp must stay valid too). */
unsigned int
stress_concurrent_checks(const struct stress_smp *smp,
			 const struct stress_platform_check **checks);

#endif
