// SPDX-License-Identifier: MIT
/*
 * zeroing: every byte of a __GFP_ZERO block is zero, for every order, even
 * when the memory was dirty when it was last freed.
 *
 * For each order: allocate blocks without __GFP_ZERO, fill them with a
 * non-zero pattern, free them (they go to the head of the lists, or to
 * the per-CPU lists, so the next allocations are likely to get them
 * back), then allocate with __GFP_ZERO and read every 8-byte word.
 * get_zeroed_page() is checked the same way.
 * Cases: gfp_zero[order 0..10], get_zeroed_page.
 *
 * On its first pass it also measures, per order, what __GFP_ZERO costs
 * beside zeroing alone: alloc(__GFP_ZERO) + free of a block, repeated,
 * against arch_clear_pages() of one held block of the same order, the
 * same bytes on each side (both hot in the cache after an untimed first
 * round, as the per-CPU lists hand the same block back), the fastest of
 * three trials on each side.  The two rates go to
 * the report (stress_results.zero_rates) and to a diagnostic line:
 *   # zeroing: order 0: __GFP_ZERO 9.41 GB/s, clear alone 10.12 GB/s (92%)
 * Figures, never a verdict: under an emulator they measure the emulator.
 */
#include <arch/arch.h>
#include <lib/string.h>

#include "st_mm.h"

enum { C_ZERO, C_GZP, NR_CASES };

static const char *const orders[NR_PAGE_ORDERS] = {
	"order_0", "order_1", "order_2", "order_3", "order_4",	"order_5",
	"order_6", "order_7", "order_8", "order_9", "order_10",
};

static const struct stress_case cases[] = {
	[C_ZERO] = { "gfp_zero", orders, NR_PAGE_ORDERS },
	[C_GZP] = { "get_zeroed_page" },
};

#define BLOCKS 4
#define ZERO_RATE_BYTES (2UL << 20) /* zeroed per side and order */

/* bytes / ns as GB/s in hundredths. */
static unsigned long long gbps_x100(u64 bytes, u64 ns)
{
	return ns ? bytes * 100 / ns : 0;
}

#define ZERO_RATE_TRIALS 3 /* the fastest counts: an interrupted trial lies */

/* ns for rounds clears of one held block (best trial); 0: no block. */
static u64 time_clear_alone(struct stress_ctx *ctx, unsigned int order,
			    unsigned long rounds)
{
	struct page *held = st_alloc(ctx, GFP_KERNEL | ST_NOWARN, order, -1);
	void *addr = held ? page_address(held) : NULL;
	u64 best = ~0ULL;

	if (!held)
		return 0;
	/* Untimed first round: first touches (an emulator's host page
	 * faults, cold caches) are not what is measured. */
	arch_clear_pages(addr, PAGE_SIZE << order);
	for (unsigned int trial = 0; trial < ZERO_RATE_TRIALS; trial++) {
		u64 t = arch_cycles();

		for (unsigned long i = 0; i < rounds; i++)
			arch_clear_pages(addr, PAGE_SIZE << order);
		best = MIN(best, arch_cycles() - t);
	}
	st_free(ctx, held, order);
	return st_cycles_to_ns(best);
}

/* ns for rounds alloc(__GFP_ZERO) + free pairs (best trial); 0: memory
 * ran out. */
static u64 time_gfp_zero(unsigned int order, unsigned long rounds)
{
	const gfp_t gfp = GFP_KERNEL | __GFP_ZERO | ST_NOWARN;
	u64 best = ~0ULL;

	for (unsigned int trial = 0; trial <= ZERO_RATE_TRIALS; trial++) {
		u64 t = arch_cycles();

		/* Trial 0 is the untimed warm-up round. */
		for (unsigned long i = 0; i < (trial ? rounds : 1); i++) {
			struct page *p = alloc_pages(gfp, order);

			if (!p)
				return 0;
			__free_pages(p, order);
		}
		if (trial)
			best = MIN(best, arch_cycles() - t);
	}
	return st_cycles_to_ns(best);
}

/* The rate of __GFP_ZERO beside arch_clear_pages() for one order. */
static void zero_rate(struct stress_ctx *ctx, unsigned int order)
{
	struct stress_results *res = st_results();
	unsigned long size = PAGE_SIZE << order;
	unsigned long rounds = MAX(1UL, ZERO_RATE_BYTES / size);
	struct stress_zero_rate *r;
	u64 clear_ns, gfp_ns;

	if (ctx->pass != 1 || res->nr_zero_rates >= STRESS_NR_ORDERS)
		return;
	clear_ns = time_clear_alone(ctx, order, rounds);
	gfp_ns = clear_ns ? time_gfp_zero(order, rounds) : 0;
	if (!gfp_ns)
		return; /* no block of this order: no figure */
	stress_ops(ctx, 2 * (ZERO_RATE_TRIALS + 1) * rounds);

	r = &res->zero_rates[res->nr_zero_rates++];
	r->order = order;
	r->bytes = rounds * size;
	r->gfp_zero_ns = gfp_ns;
	r->clear_ns = clear_ns;
	stress_diag(
		ctx,
		"zeroing: order %u: __GFP_ZERO %llu.%02llu GB/s, clear alone %llu.%02llu GB/s (%llu%%)",
		order, gbps_x100(r->bytes, gfp_ns) / 100,
		gbps_x100(r->bytes, gfp_ns) % 100,
		gbps_x100(r->bytes, clear_ns) / 100,
		gbps_x100(r->bytes, clear_ns) % 100,
		(unsigned long long)(clear_ns * 100 / gfp_ns));
}

static int zeroing_run(struct stress_ctx *ctx)
{
	for (unsigned int order = 0; order <= MAX_PAGE_ORDER; order++) {
		struct page *dirty[BLOCKS];
		unsigned int n = 0;

		for (unsigned int i = 0; i < BLOCKS; i++) {
			dirty[n] = st_alloc(ctx, GFP_KERNEL | ST_NOWARN, order,
					    -1);
			if (dirty[n]) {
				memset(page_address(dirty[n]), 0xa5,
				       PAGE_SIZE << order);
				n++;
			}
		}
		for (unsigned int i = n; i-- > 0;)
			st_free(ctx, dirty[i], order);
		for (unsigned int i = 0; i < BLOCKS; i++) {
			struct page *p = st_alloc(
				ctx, GFP_KERNEL | __GFP_ZERO | ST_NOWARN, order,
				-1);

			if (!p) {
				st_skip_param(ctx, C_ZERO, order,
					      "no block of this order free");
				continue;
			}
			if (!st_check_zero(ctx, C_ZERO, p, order))
				st_fail_param(ctx, C_ZERO, order,
					      "block at phys %#llx not zero",
					      (unsigned long long)st_phys(p));
			stress_ops(ctx, (PAGE_SIZE << order) / 8);
			st_free(ctx, p, order);
		}
		zero_rate(ctx, order);
		st_progress(ctx, order, MAX_PAGE_ORDER);
	}
	for (unsigned int i = 0; i < 16; i++) {
		unsigned long a = __get_free_page(GFP_KERNEL | ST_NOWARN);
		unsigned long z;

		if (!a)
			break;
		memset((void *)a, 0x5a, PAGE_SIZE);
		free_page(a);
		z = get_zeroed_page(GFP_KERNEL | ST_NOWARN);
		stress_ops(ctx, 3);
		if (!z) {
			stress_case_fail(ctx, C_GZP,
					 "get_zeroed_page returned 0");
			break;
		}
		st_check_zero(ctx, C_GZP, virt_to_page((void *)z), 0);
		free_page(z);
	}
	return 0;
}

const struct stress_suite stress_suite_zeroing = {
	.name = "zeroing",
	.run = zeroing_run,
	.cases = cases,
	.nr_cases = NR_CASES,
};
