// SPDX-License-Identifier: MIT
/*
 * memtest: the algorithms that find real RAM faults (memtest_algo.h:
 * moving inversions with fixed and random patterns, a random-number
 * sequence, modulo-20, block moves, bit fade), run over memory taken from
 * the buddy allocator, on every CPU at once.
 *
 * A pass: take free blocks (largest orders first, with __GFP_MEMALLOC so
 * that the reserves are tested too) up to the window: MEMTEST_SAMPLE
 * bytes with pattern=on, all free memory with pattern=full (as many
 * blocks as MEMTEST_MAX_RANGES holds); split the blocks into one
 * contiguous slice per CPU; run each algorithm on all CPUs in parallel
 * (stress_env.smp; one CPU without it); report every CPU's mismatches
 * (address, expected, found, XOR, firmware-map entry, DIMM); free the
 * blocks.
 *
 * Cases: one per algorithm (bit_fade is skipped without duration=: it
 * waits duration/20 per polarity, at most 90 minutes, as memtest86+
 * does), and recovery (the zone counters after the pass equal those
 * before).
 *
 * Negative tests: debug_inject=stuck_bit|addr_line|coupling plants a
 * modelled fault (struct mt_fault) in the first block in pass 1:
 *   stuck_bit  bit flip_bit= of one word stuck at 0: mov_inv_fixed fails;
 *   addr_line  writes to a word also land 4096 bytes below it (address
 *              bit 12): random_sequence fails (unique data per word), and
 *              so do the moving inversions (a March test reads each word
 *              after the alias's later write);
 *   coupling   a write to one word inverts bit flip_bit= of the next:
 *              the moving inversions fail, random_sequence (each word
 *              rewritten after its aggressor) passes.
 * docs/suites.md describes the suite; docs/hwevents.md how to read a
 * mismatch.
 */
#include <arch/arch.h>
#include <lib/printk.h>
#include <lib/string.h>
#include <stress/concurrent.h>

#include "memtest_algo.h"
#include "st_mm.h"

#define MEMTEST_SAMPLE (32ULL << 20)
#define MEMTEST_MAX_RANGES 8192
#define MEMTEST_FADE_MAX_S 5400
#define MEMTEST_GFP                                                    \
	(__GFP_HIGHMEM | __GFP_MOVABLE | __GFP_MEMALLOC | __GFP_HIGH | \
	 ST_NOWARN)

enum {
	C_MOV_INV_FIXED,
	C_MOV_INV_RANDOM,
	C_RANDOM_SEQ,
	C_MODULO_20,
	C_BLOCK_MOVE,
	C_BIT_FADE,
	C_RECOVERY,
	NR_CASES
};

static const struct stress_case cases[] = {
	[C_MOV_INV_FIXED] = { "mov_inv_fixed" },
	[C_MOV_INV_RANDOM] = { "mov_inv_random" },
	[C_RANDOM_SEQ] = { "random_sequence" },
	[C_MODULO_20] = { "modulo_20" },
	[C_BLOCK_MOVE] = { "block_move" },
	[C_BIT_FADE] = { "bit_fade" },
	[C_RECOVERY] = { "recovery" },
};

static struct mt_range ranges[MEMTEST_MAX_RANGES];
static unsigned int nr_ranges;

/* What every CPU runs: one algorithm on its slice of ranges[]. */
struct parallel {
	unsigned int c; /* the case = the algorithm */
	u64 arg; /* pattern or seed */
	unsigned int ncpus;
	const struct mt_fault *fault;
	u64 fade_cycles;
	struct mt_sink sink[NR_CPUS];
};

static struct parallel par;

static void fade_wait(void *arg)
{
	u64 end = arch_cycles() + par.fade_cycles;

	while ((s64)(arch_cycles() - end) < 0)
		cpu_relax();
}

static void run_slice(void *unused)
{
	unsigned int cpu = smp_processor_id();
	unsigned int from = (unsigned int)((u64)nr_ranges * cpu / par.ncpus);
	unsigned int to =
		(unsigned int)((u64)nr_ranges * (cpu + 1) / par.ncpus);
	struct mt_job j = {
		.ranges = ranges + from,
		.nr = to - from,
		.sink = &par.sink[cpu],
		/* The planted fault lies in range 0, CPU 0's. */
		.fault = cpu == 0 ? par.fault : NULL,
	};
	/* Each CPU its own random sequence. */
	u64 seed = par.arg ^ ((u64)cpu * 0x9e3779b97f4a7c15ULL);

	if (cpu >= par.ncpus)
		return;
	switch (par.c) {
	case C_MOV_INV_FIXED:
	case C_MOV_INV_RANDOM:
		mt_mov_inv(&j, par.arg);
		break;
	case C_RANDOM_SEQ:
		mt_random_seq(&j, seed);
		break;
	case C_MODULO_20:
		mt_modulo_20(&j, par.arg);
		break;
	case C_BLOCK_MOVE:
		mt_block_move(&j, par.arg);
		break;
	case C_BIT_FADE:
		mt_bit_fade(&j, par.arg, fade_wait, NULL);
		break;
	}
}

/* Run algorithm c with arg on every CPU; report what they found. */
static void run_algo(struct stress_ctx *ctx, unsigned int c, u64 arg,
		     const struct mt_fault *fault)
{
	const struct stress_smp *smp = ctx->env->smp;
	unsigned int ncpus = smp ? MAX(smp->cpus.nr_cpus, 1u) : 1;

	ncpus = MIN(ncpus, (unsigned int)NR_CPUS);
	ncpus = MIN(ncpus, MAX(nr_ranges, 1u));
	memset(&par, 0, sizeof(par));
	par.c = c;
	par.arg = arg;
	par.ncpus = ncpus;
	par.fault = fault;
	if (c == C_BIT_FADE) {
		u64 s = MIN(MAX(ctx->env->cfg->duration_s / 20, 1u),
			    (unsigned int)MEMTEST_FADE_MAX_S);

		par.fade_cycles = s * arch_cycles_per_sec();
		stress_diag(ctx, "bit_fade: waiting %llu s per polarity",
			    (unsigned long long)s);
	}
	if (smp && ncpus > 1)
		stress_smp_run(smp, ncpus, run_slice, NULL);
	else
		run_slice(NULL);
	for (unsigned int cpu = 0; cpu < ncpus; cpu++) {
		const struct mt_sink *s = &par.sink[cpu];

		stress_ops(ctx, s->words);
		for (unsigned int k = 0; k < s->nr; k++)
			st_fail_at(ctx, c, s->m[k].pa, true, s->m[k].expected,
				   s->m[k].found, "mismatch on CPU %u", cpu);
		if (s->errors > s->nr)
			stress_case_fail(
				ctx, c,
				"%llu words differ on CPU %u (%u shown)",
				(unsigned long long)s->errors, cpu, s->nr);
	}
}

/* Take blocks up to 'window' bytes into pool and ranges[]. */
static void take_blocks(struct stress_ctx *ctx, struct st_pool *pool,
			u64 window)
{
	struct page *page;

	nr_ranges = 0;
	for (unsigned int o = MAX_PAGE_ORDER + 1; o-- > 0;) {
		while (nr_ranges < MEMTEST_MAX_RANGES &&
		       (u64)pool->nr_pages * PAGE_SIZE < window &&
		       (page = st_alloc(ctx, MEMTEST_GFP, o, -1))) {
			st_pool_add(pool, page, o);
			ranges[nr_ranges++] = (struct mt_range){
				.w = (volatile u64 *)page_address(page),
				.n = (PAGE_SIZE << o) / 8,
				.pa = st_phys(page),
			};
		}
	}
}

/* The fault debug_inject= asks for, in ranges[0]; NULL for none. */
static const struct mt_fault *plant(struct stress_ctx *ctx, struct mt_fault *f)
{
	const struct mt_range *r = &ranges[0];
	u64 bit = 1ULL << ctx->flip_bit;

	if (ctx->pass != 1 || !nr_ranges || r->n < 1024)
		return NULL;
	if (ctx->inject & DEBUG_INJECT_STUCK_BIT)
		*f = (struct mt_fault){ MT_FAULT_STUCK, &r->w[5], &r->w[5], bit,
					false };
	else if (ctx->inject & DEBUG_INJECT_ADDR_LINE)
		*f = (struct mt_fault){ MT_FAULT_ALIAS, &r->w[512 + 3],
					&r->w[3], 0, false };
	else if (ctx->inject & DEBUG_INJECT_COUPLING)
		*f = (struct mt_fault){ MT_FAULT_COUPLING, &r->w[8], &r->w[9],
					bit, false };
	else
		return NULL;
	stress_diag(
		ctx, "debug_inject: planted %s fault at phys %#llx",
		f->kind == MT_FAULT_STUCK ? "a stuck-at-0 bit" :
		f->kind == MT_FAULT_ALIAS ? "an address-line (bit 12)" :
					    "a coupling",
		(unsigned long long)(r->pa + (u64)((f->victim - r->w) * 8)));
	return f;
}

static int memtest_run(struct stress_ctx *ctx)
{
	static struct st_snap before, after;
	const struct sparsemm_config *cfg = ctx->env->cfg;
	struct prng *rng = stress_prng(ctx);
	const struct mt_fault *fault;
	struct mt_fault f;
	struct st_pool pool;
	struct page *page;
	unsigned int order;
	u64 window = cfg->pattern_full ? ~0ULL : MEMTEST_SAMPLE;

	drain_all_pages(NULL);
	st_snap_take(&before);
	st_pool_init(&pool);
	take_blocks(ctx, &pool, window);
	fault = plant(ctx, &f);
	stress_diag(
		ctx, "testing %lu pages in %u blocks on %u CPUs (%s)",
		pool.nr_pages, nr_ranges,
		ctx->env->smp ? ctx->env->smp->cpus.nr_cpus : 1,
		cfg->pattern_full ?
			"pattern=full: all free memory" :
			"pattern=on: a 32 MiB sample; pattern=full tests all");
	run_algo(ctx, C_MOV_INV_FIXED, 0, fault);
	run_algo(ctx, C_MOV_INV_FIXED, 0x5555555555555555ULL, fault);
	st_progress(ctx, 1, 6);
	run_algo(ctx, C_MOV_INV_RANDOM, prng_next(rng), fault);
	run_algo(ctx, C_RANDOM_SEQ, prng_next(rng), fault);
	st_progress(ctx, 3, 6);
	run_algo(ctx, C_MODULO_20, prng_next(rng), fault);
	run_algo(ctx, C_BLOCK_MOVE, prng_next(rng), fault);
	st_progress(ctx, 5, 6);
	if (cfg->duration_s)
		run_algo(ctx, C_BIT_FADE, prng_next(rng), fault);
	else
		stress_case_skip(
			ctx, C_BIT_FADE,
			"bit fade waits for cells to lose charge: set duration=");
	while ((page = st_pool_pop(&pool, &order)))
		st_free(ctx, page, order);
	drain_all_pages(NULL);
	st_snap_take(&after);
	st_snap_compare(ctx, C_RECOVERY, &before, &after);
	return 0;
}

const struct stress_suite stress_suite_memtest = {
	.name = "memtest",
	.run = memtest_run,
	.cases = cases,
	.nr_cases = NR_CASES,
	.needs = ST_NEEDS_PATTERN,
};
