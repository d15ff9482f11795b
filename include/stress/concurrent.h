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

#include <mm/deferred_init.h> /* struct mm_cpus */
#include <stress/stress.h>

struct stress_smp {
	/* The online CPUs, how to run a job on them, their nodes (the
	 * node's memory is preferred for a CPU's allocations). */
	struct mm_cpus cpus;
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
