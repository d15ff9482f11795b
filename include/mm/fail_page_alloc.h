/* SPDX-License-Identifier: MIT */
/*
 * Fault injection for the page allocator, after Linux's fail_page_alloc
 * (Documentation/fault-injection): __alloc_pages() asks
 * should_fail_alloc_page() first and returns NULL at once when it says
 * so.  The schedule is seeded, so a failing run replays with its seed.
 *
 * Eligible requests: not __GFP_NOFAIL, order >= min_order, and not
 * __GFP_DIRECT_RECLAIM when ignore_gfp_reclaim.  Of those, every
 * interval-th (0/1: each) fails with probability ppm / 1,000,000, while
 * 'times' allows (-1: unlimited).
 */
#ifndef MM_FAIL_PAGE_ALLOC_H
#define MM_FAIL_PAGE_ALLOC_H

#include <lib/prng.h>
#include <lib/types.h>
#include <mm/gfp.h>

struct fail_page_alloc_attr {
	bool enabled;
	u32 probability_ppm;
	u32 interval;
	long times;
	unsigned int min_order;
	bool ignore_gfp_reclaim;
	struct prng rng;
	/* Counters. */
	unsigned long eligible;
	unsigned long failures;
};

extern struct fail_page_alloc_attr fail_page_alloc;

/* Start a schedule (counters zeroed). */
void fail_page_alloc_enable(u64 seed, u32 probability_ppm, u32 interval,
			    long times, unsigned int min_order,
			    bool ignore_gfp_reclaim);
void fail_page_alloc_disable(void);

/* True when this request must fail (counted).  Cheap when disabled. */
bool should_fail_alloc_page(gfp_t gfp, unsigned int order);

#endif
