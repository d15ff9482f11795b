// SPDX-License-Identifier: MIT
/*
 * fault_injection: allocations fail on a seeded schedule (Linux's
 * fail_page_alloc, include/mm/fail_page_alloc.h); the callers here handle
 * every NULL, and nothing leaks.
 *
 * Cases:
 *  - hooked: __alloc_pages consults should_fail_alloc_page() (the
 *    schedule saw the requests) and a planned failure returns NULL;
 *  - callers_cope: a churn of mixed orders and flags with 10% of eligible
 *    requests failing: every failure is handled, every success is freed,
 *    and afterwards the counters equal those before (nothing leaked);
 *  - nofail_exempt: __GFP_NOFAIL requests never fail on the schedule;
 *  - replay: the same seed gives the same failure sequence.
 */
#include <mm/fail_page_alloc.h>

#include "st_mm.h"

enum { C_HOOKED, C_COPE, C_NOFAIL, C_REPLAY, NR_CASES };

static const struct stress_case cases[] = {
	[C_HOOKED] = { "hooked" },
	[C_COPE] = { "callers_cope" },
	[C_NOFAIL] = { "nofail_exempt" },
	[C_REPLAY] = { "replay" },
};

#define OPS 20000
#define PPM 100000 /* 10% */

static const gfp_t gfps[] = { GFP_KERNEL,	    GFP_ATOMIC, GFP_NOWAIT,
			      GFP_HIGHUSER_MOVABLE, GFP_DMA32,	GFP_NOFS };

/* One seeded churn; returns a hash of which requests failed. */
static u64 churn(struct stress_ctx *ctx, u64 seed, unsigned long *nulls)
{
	struct st_pool pool;
	struct prng r;
	u64 hash = 0xcbf29ce484222325ULL;

	prng_seed(&r, seed);
	st_pool_init(&pool);
	*nulls = 0;
	fail_page_alloc_enable(seed, PPM, 1, -1, 0, false);
	for (unsigned int i = 0; i < OPS; i++) {
		unsigned int order = (unsigned int)prng_below(&r, 5);
		gfp_t gfp = gfps[prng_below(&r, ARRAY_SIZE(gfps))] | ST_NOWARN;
		struct page *page;

		if (pool.nr_blocks > 256 ||
		    (pool.nr_blocks && prng_below(&r, 2))) {
			unsigned int o;

			page = st_pool_pop(&pool, &o);
			st_free(ctx, page, o);
			continue;
		}
		page = st_alloc(ctx, gfp, order, -1);
		hash = (hash ^ (page != NULL)) * 0x100000001b3ULL;
		if (!page) {
			(*nulls)++;
			continue;
		}
		st_pool_add(&pool, page, order);
		st_progress(ctx, i, OPS);
	}
	fail_page_alloc_disable();
	st_pool_free_all(ctx, &pool);
	return hash;
}

static int fault_injection_run(struct stress_ctx *ctx)
{
	static struct st_snap before, after;
	u64 seed = prng_next(stress_prng(ctx));
	unsigned long nulls, nulls2, bad = page_alloc_errors.bad_pages;
	u64 h1, h2;

	drain_all_pages(NULL);
	st_snap_take(&before);
	h1 = churn(ctx, seed, &nulls);
	if (!fail_page_alloc.eligible)
		stress_case_fail(
			ctx, C_HOOKED,
			"should_fail_alloc_page() was never asked (is the hook in __alloc_pages?)");
	else if (nulls < fail_page_alloc.failures)
		stress_case_fail(
			ctx, C_HOOKED,
			"%lu failures planned, only %lu requests returned NULL",
			fail_page_alloc.failures, nulls);
	stress_diag(
		ctx,
		"%lu eligible requests, %lu failed on schedule, %lu NULL in all",
		fail_page_alloc.eligible, fail_page_alloc.failures, nulls);
	drain_all_pages(NULL);
	st_snap_take(&after);
	st_snap_compare(ctx, C_COPE, &before, &after);
	st_check_lists(ctx, C_COPE, bad);

	/* __GFP_NOFAIL is exempt, even at probability 1. */
	fail_page_alloc_enable(seed, 1000000, 1, -1, 0, false);
	for (unsigned int i = 0; i < 64; i++) {
		struct page *page =
			st_alloc(ctx, GFP_KERNEL | __GFP_NOFAIL, 0, -1);

		if (!page) {
			stress_case_fail(
				ctx, C_NOFAIL,
				"__GFP_NOFAIL request %u returned NULL", i);
			break;
		}
		st_free(ctx, page, 0);
	}
	fail_page_alloc_disable();

	h2 = churn(ctx, seed, &nulls2);
	if (h1 != h2 || nulls != nulls2)
		stress_case_fail(
			ctx, C_REPLAY,
			"seed %#llx: %lu then %lu failures, sequences %s",
			(unsigned long long)seed, nulls, nulls2,
			h1 == h2 ? "equal" : "differ");
	drain_all_pages(NULL);
	return 0;
}

const struct stress_suite stress_suite_fault_injection = {
	.name = "fault_injection",
	.run = fault_injection_run,
	.cases = cases,
	.nr_cases = NR_CASES,
};
