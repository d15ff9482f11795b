// SPDX-License-Identifier: MIT
/*
 * pattern: every free page of managed memory is handed out, written with
 * an address-dependent pattern, and verified when it is freed, so that
 * bad RAM, address aliasing, and memory that the firmware (SMM, a DMA
 * engine, runtime services) still writes are caught and named.
 *
 * One pass is ST_NR_PATTERNS sweeps.  A sweep takes every block the
 * allocator will give (largest orders first, with __GFP_MEMALLOC so that
 * the watermark reserves are handed out too, then draining the per-CPU
 * lists and taking what is left), fills each block as it arrives, then
 * verifies and frees them all.  Sweep s uses pattern (s + pass - 1) % 3:
 * own address, walking ones, inverse address, each XORed with a salt from
 * the seed, so that a word left from an earlier sweep never verifies.
 * Default (pattern=on): one 8-byte word per 64-byte line, the line's
 * lane rotating per sweep; pattern=full: every word of every page.
 * pattern_max=SIZE bounds the memory written per sweep: when the free
 * memory is larger, every k-th block taken is filled and verified (k =
 * free / SIZE rounded up), an even sample over the allocation order; the
 * others are taken and given back untouched (coverage still counts them,
 * the report's covered pages are the sample's).  The simulator uses it
 * for machines larger than its host (docs/simulator.md).
 *
 * Cases:
 *  - coverage: the pages obtained in each sweep equal the free pages
 *    (buddy and per-CPU) before it: all free memory was tested;
 *  - verify[pattern]: no word differs; a mismatch names the physical
 *    address, expected and found values and the firmware-map entry;
 *  - recovery: after each sweep the counters equal those before.
 * debug_inject=flip_bit flips one bit (flip_bit=, default 17) of one
 * filled word in the first sweep; verify must fail naming that address.
 */
#include "st_mm.h"

enum { C_COVERAGE, C_VERIFY, C_RECOVERY, NR_CASES };

static const char *const pattern_params[ST_NR_PATTERNS] = {
	"own_address",
	"walking_ones",
	"inverse_address",
};

static const struct stress_case cases[] = {
	[C_COVERAGE] = { "coverage" },
	[C_VERIFY] = { "verify", pattern_params, ST_NR_PATTERNS },
	[C_RECOVERY] = { "recovery" },
};

/* Every zone, every migrate type, every reserve; never block. */
#define PATTERN_GFP                                                    \
	(__GFP_HIGHMEM | __GFP_MOVABLE | __GFP_MEMALLOC | __GFP_HIGH | \
	 ST_NOWARN)

struct sweep {
	enum st_pattern pat;
	u64 salt;
	bool full;
	unsigned int lane;
	/* pattern_max=: fill every stride-th block taken (1: all) */
	unsigned long stride;
	unsigned long taken, nr_sampled; /* blocks */
};

/* A sampled block carries this in its head page's private while owned. */
#define SAMPLED 1UL

static void take_order(struct stress_ctx *ctx, unsigned int order,
		       struct st_pool *pool, struct sweep *sw,
		       unsigned long total, u64 done_before, u64 all)
{
	struct page *page;

	while ((page = st_alloc(ctx, PATTERN_GFP, order, -1))) {
		if (sw->taken++ % sw->stride == 0) {
			st_pattern_fill(page, order, sw->pat, sw->salt,
					sw->full, sw->lane);
			page->private = SAMPLED;
			sw->nr_sampled++;
			stress_ops(ctx,
				   (PAGE_SIZE << order) / (sw->full ? 8 : 64));
		}
		st_pool_add(pool, page, order);
		st_progress(ctx, done_before + pool->nr_pages, all);
	}
}

/* Flip one bit of one filled word of a random block. */
static void inject_flip(struct stress_ctx *ctx, struct st_pool *pool,
			const struct sweep *sw)
{
	u64 pick = prng_below(stress_prng(ctx), sw->nr_sampled);
	struct page *page = NULL, *p;
	volatile u64 *w;
	unsigned long word;

	list_for_each_entry(p, &pool->blocks, lru) {
		if (p->private == SAMPLED && !pick--) {
			page = p;
			break;
		}
	}
	if (!page)
		return;
	word = sw->full ? 5 : sw->lane % 8;
	w = (volatile u64 *)page_address(page) + word;
	stress_diag(
		ctx,
		"debug_inject=flip_bit: flipping bit %u of the word at phys %#llx",
		ctx->flip_bit, (unsigned long long)(st_phys(page) + word * 8));
	*w ^= 1ULL << ctx->flip_bit;
}

static void one_sweep(struct stress_ctx *ctx, struct sweep *sw, unsigned int s,
		      bool flip)
{
	static struct st_snap before, after;
	struct stress_results *res = st_results();
	unsigned long expect, got, bad = 0, sampled = 0;
	u64 all = st_total_free() * 2, done = 0;
	struct st_pool pool;
	unsigned int order;
	struct page *page;

	drain_all_pages(NULL);
	st_snap_take(&before);
	expect = st_total_free();
	sw->taken = sw->nr_sampled = 0;
	sw->stride = 1;
	if (ctx->env->cfg->pattern_max &&
	    (u64)expect * PAGE_SIZE > ctx->env->cfg->pattern_max)
		sw->stride = (unsigned long)(((u64)expect * PAGE_SIZE +
					      ctx->env->cfg->pattern_max - 1) /
					     ctx->env->cfg->pattern_max);
	st_pool_init(&pool);
	for (unsigned int o = MAX_PAGE_ORDER + 1; o-- > 0;)
		take_order(ctx, o, &pool, sw, expect, done, all);
	drain_all_pages(NULL);
	for (unsigned int o = MAX_PAGE_ORDER + 1; o-- > 0;)
		take_order(ctx, o, &pool, sw, expect, done, all);
	got = pool.nr_pages;
	done = got;
	if (got != expect)
		stress_case_fail(
			ctx, C_COVERAGE,
			"sweep %u obtained %lu pages of the %lu free ones", s,
			got, expect);
	if (flip && sw->nr_sampled)
		inject_flip(ctx, &pool, sw);
	while ((page = st_pool_pop(&pool, &order))) {
		if (page->private == SAMPLED) {
			bad += st_pattern_verify(ctx, C_VERIFY, page, order,
						 sw->pat, sw->salt, sw->full,
						 sw->lane);
			stress_ops(ctx,
				   (PAGE_SIZE << order) / (sw->full ? 8 : 64));
			sampled += 1UL << order;
			page->private = 0;
		}
		st_free(ctx, page, order);
		done += 1UL << order;
		st_progress(ctx, done, all);
	}
	if (bad)
		st_fail_param(ctx, C_VERIFY, sw->pat,
			      "%lu words differ in sweep %u", bad, s);
	res->pattern_covered_pages =
		MAX(res->pattern_covered_pages, (u64)sampled);
	res->pattern_bytes_verified +=
		(u64)sampled * PAGE_SIZE / (sw->full ? 1 : 8);
	res->pattern_sweeps++;
	drain_all_pages(NULL);
	st_snap_take(&after);
	st_snap_compare(ctx, C_RECOVERY, &before, &after);
}

static int pattern_run(struct stress_ctx *ctx)
{
	struct stress_results *res = st_results();
	bool flip = ctx->inject & DEBUG_INJECT_FLIP_BIT;

	res->pattern_run = true;
	res->pattern_full = ctx->env->cfg->pattern_full;
	res->pattern_managed_pages = st_total_managed();
	for (unsigned int s = 0; s < ST_NR_PATTERNS; s++) {
		struct sweep sw = {
			.stride = 1,
			.pat = (enum st_pattern)((s + ctx->pass - 1) %
						 ST_NR_PATTERNS),
			.salt = prng_next(stress_prng(ctx)),
			.full = res->pattern_full,
			.lane = (s * 3 + ctx->pass) % 8,
		};

		one_sweep(ctx, &sw, s, flip && s == 0 && ctx->pass == 1);
	}
	stress_diag(
		ctx,
		"covered %llu of %llu managed pages (%llu%%), %llu MiB verified in %u sweeps",
		(unsigned long long)res->pattern_covered_pages,
		(unsigned long long)res->pattern_managed_pages,
		(unsigned long long)(res->pattern_managed_pages ?
					     res->pattern_covered_pages * 100 /
						     res->pattern_managed_pages :
					     0),
		(unsigned long long)(res->pattern_bytes_verified >> 20),
		res->pattern_sweeps);
	return 0;
}

const struct stress_suite stress_suite_pattern = {
	.name = "pattern",
	.run = pattern_run,
	.cases = cases,
	.nr_cases = NR_CASES,
	.needs = ST_NEEDS_PATTERN,
};
