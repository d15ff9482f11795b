// SPDX-License-Identifier: MIT
/*
 * fail_page_alloc: a seeded schedule of allocation failures, asked by
 * __alloc_pages() before it looks at any zone (include/mm/fail_page_alloc.h
 * states the rules).  Used by the fault_injection stress suite; disabled
 * otherwise, when it costs one predictable branch per allocation.
 */
#include <mm/fail_page_alloc.h>

struct fail_page_alloc_attr fail_page_alloc;

void fail_page_alloc_enable(u64 seed, u32 probability_ppm, u32 interval,
			    long times, unsigned int min_order,
			    bool ignore_gfp_reclaim)
{
	fail_page_alloc = (struct fail_page_alloc_attr){
		.enabled = true,
		.probability_ppm = probability_ppm > 1000000 ? 1000000 :
							       probability_ppm,
		.interval = interval,
		.times = times,
		.min_order = min_order,
		.ignore_gfp_reclaim = ignore_gfp_reclaim,
	};
	prng_seed(&fail_page_alloc.rng, seed);
}

void fail_page_alloc_disable(void)
{
	fail_page_alloc.enabled = false;
}

bool should_fail_alloc_page(gfp_t gfp, unsigned int order)
{
	struct fail_page_alloc_attr *a = &fail_page_alloc;

	if (likely(!a->enabled))
		return false;
	if (gfp & __GFP_NOFAIL)
		return false;
	if (order < a->min_order)
		return false;
	if (a->ignore_gfp_reclaim && (gfp & __GFP_DIRECT_RECLAIM))
		return false;
	a->eligible++;
	if (!a->times)
		return false;
	if (a->interval > 1 && a->eligible % a->interval)
		return false;
	if (prng_below(&a->rng, 1000000) >= a->probability_ppm)
		return false;
	if (a->times > 0)
		a->times--;
	a->failures++;
	return true;
}
