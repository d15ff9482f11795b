/* SPDX-License-Identifier: MIT */
/*
 * The host benchmarks (make bench; docs/bench.md).
 *
 * Workloads are plain functions over a small allocator interface, so that
 * another allocator can be plugged into the same harness and measured on
 * the same work: fill in a struct bench_allocator and add it to the table
 * in main.c.  An allocator hands out naturally aligned blocks of 2^order
 * 4 KiB pages; a block is an opaque handle (struct page * for sparsemm).
 *
 * Required: init, alloc, free, address.  Optional (NULL): the rest; a
 * workload that needs a missing one is skipped for that allocator.
 */
#ifndef TESTS_BENCH_BENCH_H
#define TESTS_BENCH_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <mm/gfp.h>

struct bench_allocator {
	const char *name;
	/* Take over the RAM of the machine described by the map file (any
	 * format sparsemm-sim reads), with nr_cpus CPUs.  0 or -errno. */
	int (*init)(const char *map, unsigned int nr_cpus);
	/* A block of 2^order pages, or NULL; gfp as in <mm/gfp.h>; the
	 * block reads as zero when gfp has __GFP_ZERO. */
	void *(*alloc)(unsigned int order, gfp_t gfp);
	void (*free)(void *block, unsigned int order);
	/* Where the block's bytes are. */
	void *(*address)(void *block);
	/* Pages that could be allocated now (for occupancy targets). */
	unsigned long (*nr_free_pages)(void);
	/* Free blocks of the largest order, with every cache flushed (to
	 * check that freeing everything restores them). */
	unsigned long (*max_order_blocks)(void);
	/* The calling thread runs as CPU cpu (per-CPU caches). */
	void (*set_cpu)(unsigned int cpu);
	/* Other threads call the allocator at the same time from threads(true)
	 * to threads(false) (sparsemm: page_alloc_set_concurrent). */
	void (*threads)(bool on);
	void (*fini)(void);
};

extern const struct bench_allocator sparsemm_allocator;
extern const struct bench_allocator sparsemm_buddy_allocator;
extern const struct bench_allocator lifo_allocator;
extern const struct bench_allocator buddy_ref_allocator;

/* Boot timings of the last sparsemm init (alloc_sparsemm.c). */
struct bench_boot {
	double present_gib;
	double sparse_init_ns, memmap_init_ns;
	double memmap_init_warm_ns; /* again, the struct pages faulted in */
	unsigned long pages; /* struct pages initialized */
};
extern struct bench_boot bench_last_boot;
/* Print sparsemm's log (boot lines, buddyinfo) on stdout. */
void bench_sparsemm_log(bool on);

static inline uint64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* ---- workloads (workloads.c) -------------------------------------------- */

/* Every workload returns its figure (ns per operation unless said) and
 * fills the extras it documents; ops is the operation count to run. */
double wl_pair(const struct bench_allocator *a, unsigned int order, gfp_t gfp,
	       unsigned long ops);
/* Mixed orders 0..MAX_PAGE_ORDER at occupancy pct: ns per alloc or free
 * in the steady state; *fail_rate = failed allocations / allocations. */
double wl_mixed(const struct bench_allocator *a, unsigned int pct,
		unsigned long ops, unsigned int seed, double *fail_rate);
enum free_order { FREE_FIFO, FREE_LIFO, FREE_RANDOM };
/* Order-0 allocations until none is left, then free them all in the
 * given order: ns per alloc, *free_ns per free, *restored = the largest
 * order's free blocks are all back (when the allocator can tell). */
double wl_exhaust(const struct bench_allocator *a, enum free_order how,
		  unsigned int seed, double *free_ns, bool *restored,
		  unsigned long *count);
/* One thread allocates order-0 blocks as CPU 0, another frees them as
 * CPU 1: ns per alloc+free pair (wall clock). */
double wl_cross_thread(const struct bench_allocator *a, unsigned long ops);
/* __GFP_ZERO: alloc + free of order-order blocks, GB/s zeroed. */
double wl_zero(const struct bench_allocator *a, unsigned int order,
	       unsigned long ops);
/* Baselines: memset of 2^order pages (GB/s), and of the struct pages of
 * one GiB (ns). */
double wl_memset_zero(unsigned int order, unsigned long ops);
double wl_memset_struct_pages_gib(void);

/* callgrind: count only what runs between these (no-ops otherwise). */
void bench_measure_begin(void);
void bench_measure_end(const char *name, unsigned long ops);

#endif
