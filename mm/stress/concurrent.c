// SPDX-License-Identifier: MIT
/*
 * concurrent: the buddy allocator and its per-CPU lists driven by every
 * online CPU at once (a stress platform check; see <stress/concurrent.h>).
 *
 * Each phase runs on all CPUs through smp->cpus.run(); CPU 0 checks the result
 * once they have all returned, when nothing else touches the allocator
 * (a quiescent point: drain_all_pages(), then the counters must be exact).
 *
 * Every CPU has its own PRNG stream (the suite's seed and its CPU number)
 * and its own salt.  Each page a CPU obtains is tagged with its physical
 * address XOR that salt and checked when the CPU gives it back: a page
 * handed to two CPUs at once (a doubled page, what a missing lock gives)
 * shows another CPU's salt, which names that CPU.  Workers never print or
 * touch the runner: they record into their own struct cc_cpu, and CPU 0
 * reports.
 *
 * Cases:
 *  - churn: random alloc/free of orders 0..6 with a mix of GFP zone and
 *    mobility flags, CC_CHURN_OPS per CPU, every CPU at once;
 *  - cross_cpu_free: rounds in which each CPU allocates a batch and the
 *    next CPU frees it (pages cross from one per-CPU list to another);
 *  - exhaustion: all CPUs take memory together, largest orders first,
 *    until nothing is left; together they must obtain exactly the pages
 *    that were free (buddy and per-CPU lists) before;
 *  - pattern_split: during exhaustion each CPU fills what it took with an
 *    address pattern (one word per 64-byte line) and verifies it before
 *    freeing: the pattern test over all free memory, split over CPUs;
 *  - counters_exact: after every phase, every zone's free counters, free
 *    areas and per-CPU counts equal those before, the free lists walk
 *    clean, and no bad_page report happened;
 *  - scaling: ops/s of a fixed-time churn with 1, 2, 4 ... CPUs (figures
 *    printed; fails only on errors).
 *
 * With debug_nolock=on (docs/config.md) rmqueue_buddy() runs without the
 * zone lock and churn uses only the orders that take that path, for up to
 * CC_NOLOCK_ROUNDS rounds: lost or doubled pages are expected, and once a
 * round finds them no further phase runs (the lists can no longer be
 * walked safely); the suite reports not ok and the run fails.
 */
#include <arch/arch.h>
#include <lib/string.h>
#include <stress/concurrent.h>

#include "st_mm.h"

enum {
	C_CHURN,
	C_CROSS,
	C_EXHAUST,
	C_PATTERN,
	C_COUNTERS,
	C_SCALING,
	NR_CASES
};

static const char *const case_names[NR_CASES] = {
	"churn",	 "cross_cpu_free", "exhaustion",
	"pattern_split", "counters_exact", "scaling",
};

#define CC_CHURN_OPS 20000 /* allocations and frees per CPU */
#define CC_SLOTS 128 /* blocks a churning CPU holds at most */
#define CC_CHURN_MAX_ORDER 6
#define CC_XFER_ROUNDS 48
#define CC_XFER_BATCH 32
#define CC_KEEP 4 /* errors kept per CPU for the report */
#define CC_SCALING_MS 250 /* each step of the scaling run */
#define CC_LINE 64 /* pattern: one word per cache line */
#define CC_SALT_CPU_SHIFT 56 /* the salt's top byte is CPU + 1 */
#define CC_NOLOCK_ROUNDS 8 /* churn rounds under debug_nolock */

/* Every zone and mobility, every reserve, never block or reclaim. */
#define CC_TAKE_ALL_GFP                                                \
	(__GFP_HIGHMEM | __GFP_MOVABLE | __GFP_MEMALLOC | __GFP_HIGH | \
	 __GFP_NOWARN)

/* No reclaim bits: reclaim (shrinkers, kswapd) is not part of this test. */
static const gfp_t churn_gfp[] = {
	__GFP_NOWARN,
	__GFP_NOWARN | __GFP_MOVABLE,
	__GFP_NOWARN | __GFP_MOVABLE | __GFP_HIGHMEM,
	__GFP_NOWARN | __GFP_RECLAIMABLE,
	__GFP_NOWARN | __GFP_DMA32,
	__GFP_NOWARN | __GFP_DMA,
	__GFP_NOWARN | __GFP_HIGH,
	__GFP_NOWARN | __GFP_ZERO,
	__GFP_NOWARN | __GFP_COMP,
};

struct cc_err {
	phys_addr_t pa;
	u64 expected, found;
};

struct cc_cpu {
	struct prng rng;
	u64 salt;
	int node;
	u64 ops, alloc_failures;
	u64 nr_bad;
	unsigned int nr_kept;
	struct cc_err kept[CC_KEEP];
	struct page *slot[CC_SLOTS];
	u8 slot_order[CC_SLOTS];
	struct page *out[CC_XFER_BATCH];
	u8 out_order[CC_XFER_BATCH];
	struct st_pool pool;
	unsigned long obtained;
	unsigned int lane;
} __attribute__((aligned(64)));

static struct cc_cpu cpus[NR_CPUS];
static const struct stress_smp *smp;

void stress_smp_run(const struct stress_smp *s, unsigned int ncpus,
		    void (*fn)(void *arg), void *arg)
{
	page_alloc_set_concurrent(true);
	s->cpus.run(ncpus, fn, arg);
	page_alloc_set_concurrent(false);
}

static void run_cpus(unsigned int n, void (*fn)(void *arg))
{
	stress_smp_run(smp, n, fn, NULL);
}

static unsigned int nr_run; /* CPUs taking part in this phase */
static volatile u64 deadline; /* scaling: cycles */

static struct {
	volatile u32 count;
	volatile u32 gen;
} barrier;

/* All nr_run CPUs wait here until the last one arrives. */
static void cc_barrier(void)
{
	u32 gen = __atomic_load_n(&barrier.gen, __ATOMIC_ACQUIRE);

	if (__atomic_add_fetch(&barrier.count, 1, __ATOMIC_ACQ_REL) == nr_run) {
		__atomic_store_n(&barrier.count, 0, __ATOMIC_RELAXED);
		__atomic_store_n(&barrier.gen, gen + 1, __ATOMIC_RELEASE);
		return;
	}
	while (__atomic_load_n(&barrier.gen, __ATOMIC_ACQUIRE) == gen)
		cpu_relax();
}

static struct cc_cpu *me(void)
{
	return &cpus[smp_processor_id()];
}

static void cc_bad(struct cc_cpu *c, phys_addr_t pa, u64 expected, u64 found)
{
	if (c->nr_kept < CC_KEEP)
		c->kept[c->nr_kept++] = (struct cc_err){ pa, expected, found };
	c->nr_bad++;
}

/* ---- tags: one word per page, its address XOR the owner's salt ---------- */

static void tag_block(struct cc_cpu *c, struct page *page, unsigned int order)
{
	for (unsigned long i = 0; i < (1UL << order); i++) {
		u64 *w = page_address(page + i);

		*(volatile u64 *)w = st_phys(page + i) ^ c->salt;
	}
}

static void check_block(struct cc_cpu *c, struct page *page, unsigned int order,
			u64 salt)
{
	for (unsigned long i = 0; i < (1UL << order); i++) {
		phys_addr_t pa = st_phys(page + i);
		u64 v = *(volatile u64 *)page_address(page + i);

		if (v != (pa ^ salt))
			cc_bad(c, pa, pa ^ salt, v);
	}
}

static struct page *cc_alloc(struct cc_cpu *c, gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages_node(c->node, gfp, order);

	c->ops++;
	if (!page)
		c->alloc_failures++;
	return page;
}

static void cc_free(struct cc_cpu *c, struct page *page, unsigned int order)
{
	__free_pages(page, order);
	c->ops++;
}

/* ---- churn ------------------------------------------------------------------ */

static unsigned int random_order(struct prng *r, unsigned int max)
{
	u64 x = prng_below(r, 8);

	/* debug_nolock: every request through the unlocked path. */
	if (smp->debug_nolock && max > PAGE_ALLOC_COSTLY_ORDER)
		x = 7;

	/* Half order 0, a quarter the per-CPU orders 1..3, the rest the
	 * buddy-only orders above (through the zone lock). */
	if (x < 4)
		return 0;
	if (x < 6 || max <= PAGE_ALLOC_COSTLY_ORDER)
		return 1 + (unsigned int)prng_below(r, MIN(max, 3u));
	return PAGE_ALLOC_COSTLY_ORDER + 1 +
	       (unsigned int)prng_below(r, max - PAGE_ALLOC_COSTLY_ORDER);
}

static void churn_step(struct cc_cpu *c, unsigned int max_order)
{
	unsigned int s = (unsigned int)prng_below(&c->rng, CC_SLOTS);

	if (c->slot[s]) {
		check_block(c, c->slot[s], c->slot_order[s], c->salt);
		cc_free(c, c->slot[s], c->slot_order[s]);
		c->slot[s] = NULL;
	} else {
		unsigned int order = random_order(&c->rng, max_order);
		gfp_t gfp =
			churn_gfp[prng_below(&c->rng, ARRAY_SIZE(churn_gfp))];
		struct page *page = cc_alloc(c, gfp, order);

		if (page) {
			tag_block(c, page, order);
			c->slot[s] = page;
			c->slot_order[s] = (u8)order;
		}
	}
}

static void churn_release(struct cc_cpu *c)
{
	for (unsigned int s = 0; s < CC_SLOTS; s++) {
		if (!c->slot[s])
			continue;
		check_block(c, c->slot[s], c->slot_order[s], c->salt);
		cc_free(c, c->slot[s], c->slot_order[s]);
		c->slot[s] = NULL;
	}
}

static void churn_job(void *arg)
{
	unsigned long bad_pages = page_alloc_errors.bad_pages;
	struct cc_cpu *c = me();

	cc_barrier();
	for (unsigned int i = 0; i < CC_CHURN_OPS; i++) {
		churn_step(c, CC_CHURN_MAX_ORDER);
		/* debug_nolock: stop at the first sign, before the damage
		 * spreads to every list. */
		if (smp->debug_nolock &&
		    (c->nr_bad || page_alloc_errors.bad_pages != bad_pages))
			break;
	}
	churn_release(c);
}

/* ---- cross-CPU frees ------------------------------------------------------- */

static void cross_job(void *arg)
{
	unsigned int cpu = smp_processor_id();
	struct cc_cpu *c = &cpus[cpu];
	struct cc_cpu *from = &cpus[(cpu + nr_run - 1) % nr_run];

	for (unsigned int r = 0; r < CC_XFER_ROUNDS; r++) {
		for (unsigned int i = 0; i < CC_XFER_BATCH; i++) {
			unsigned int order =
				(unsigned int)prng_below(&c->rng, 4);

			c->out[i] = cc_alloc(c, __GFP_NOWARN, order);
			c->out_order[i] = (u8)order;
			if (c->out[i])
				tag_block(c, c->out[i], order);
		}
		cc_barrier();
		/* Free what the previous CPU allocated. */
		for (unsigned int i = 0; i < CC_XFER_BATCH; i++) {
			if (!from->out[i])
				continue;
			check_block(c, from->out[i], from->out_order[i],
				    from->salt);
			cc_free(c, from->out[i], from->out_order[i]);
		}
		cc_barrier();
	}
}

/* ---- exhaustion with the pattern split over CPUs ----------------------------- */

static void pattern_fill(struct cc_cpu *c, struct page *page,
			 unsigned int order)
{
	u8 *base = page_address(page);
	phys_addr_t pa = st_phys(page);
	unsigned long bytes = PAGE_SIZE << order;

	for (unsigned long off = c->lane * 8; off < bytes; off += CC_LINE)
		*(volatile u64 *)(base + off) = (pa + off) ^ c->salt;
}

static void pattern_verify(struct cc_cpu *c, struct page *page,
			   unsigned int order)
{
	u8 *base = page_address(page);
	phys_addr_t pa = st_phys(page);
	unsigned long bytes = PAGE_SIZE << order;

	for (unsigned long off = c->lane * 8; off < bytes; off += CC_LINE) {
		u64 v = *(volatile u64 *)(base + off);

		if (v != ((pa + off) ^ c->salt))
			cc_bad(c, pa + off, (pa + off) ^ c->salt, v);
	}
}

static void take_all(struct cc_cpu *c)
{
	for (unsigned int o = MAX_PAGE_ORDER + 1; o-- > 0;) {
		struct page *page;

		while ((page = cc_alloc(c, CC_TAKE_ALL_GFP, o))) {
			pattern_fill(c, page, o);
			st_pool_add(&c->pool, page, o);
			c->obtained += 1UL << o;
		}
	}
}

static void exhaust_job(void *arg)
{
	struct cc_cpu *c = me();

	st_pool_init(&c->pool);
	c->obtained = 0;
	cc_barrier();
	take_all(c);
	/* What sits on per-CPU lists (anyone's) comes back, then the rest. */
	drain_all_pages(NULL);
	take_all(c);
}

static void release_job(void *arg)
{
	struct cc_cpu *c = me();
	unsigned int order;
	struct page *page;

	while ((page = st_pool_pop(&c->pool, &order))) {
		pattern_verify(c, page, order);
		cc_free(c, page, order);
	}
}

/* ---- scaling ------------------------------------------------------------------ */

static void scaling_job(void *arg)
{
	struct cc_cpu *c = me();
	unsigned int i = 0;

	c->ops = 0;
	if (smp_processor_id() == 0)
		deadline = arch_cycles() +
			   arch_cycles_per_sec() / 1000 * CC_SCALING_MS;
	cc_barrier();
	while (++i % 64 || arch_cycles() < deadline)
		churn_step(c, PAGE_ALLOC_COSTLY_ORDER);
	churn_release(c);
}

/* ---- CPU 0: set-up, checks, reports ------------------------------------------ */

static void prepare(struct stress_ctx *ctx, unsigned int n)
{
	u64 base = prng_next(stress_prng(ctx)) &
		   ((1ULL << CC_SALT_CPU_SHIFT) - 1);
	u64 seed = prng_next(stress_prng(ctx));

	nr_run = n;
	for (unsigned int cpu = 0; cpu < n; cpu++) {
		struct cc_cpu *c = &cpus[cpu];

		memset(c, 0, sizeof(*c));
		prng_seed(&c->rng, seed ^ (0x9e3779b97f4a7c15ULL * (cpu + 1)));
		c->salt = base ^ ((u64)(cpu + 1) << CC_SALT_CPU_SHIFT);
		c->node = smp->cpus.cpu_node ? smp->cpus.cpu_node(cpu) : -1;
		c->lane = cpu % (CC_LINE / 8);
	}
}

/* The CPU whose salt a found tag carries, or -1. */
static int salt_owner(phys_addr_t pa, u64 found)
{
	u64 top = (found ^ pa) >> CC_SALT_CPU_SHIFT;

	for (unsigned int cpu = 0; cpu < nr_run; cpu++)
		if (((cpus[cpu].salt >> CC_SALT_CPU_SHIFT) == top) &&
		    (found ^ pa) == cpus[cpu].salt)
			return (int)cpu;
	return -1;
}

/* Report every CPU's errors under case c; returns the total. */
static u64 report_errors(struct stress_ctx *ctx, unsigned int c,
			 const char *phase)
{
	u64 total = 0;

	for (unsigned int cpu = 0; cpu < nr_run; cpu++) {
		struct cc_cpu *cc = &cpus[cpu];

		for (unsigned int k = 0; k < cc->nr_kept; k++) {
			struct cc_err *e = &cc->kept[k];
			int other = salt_owner(e->pa, e->found);

			if (other >= 0 && (unsigned int)other != cpu)
				st_fail_at(
					ctx, c, e->pa, true, e->expected,
					e->found,
					"doubled page: CPU %u's page carries CPU %d's tag",
					cpu, other);
			else
				st_fail_at(ctx, c, e->pa, true, e->expected,
					   e->found,
					   "CPU %u found its tag changed", cpu);
		}
		if (cc->nr_bad > cc->nr_kept)
			stress_case_fail(
				ctx, c, "%s: CPU %u: %llu more bad words",
				phase, cpu,
				(unsigned long long)(cc->nr_bad - cc->nr_kept));
		total += cc->nr_bad;
		stress_ops(ctx, cc->ops);
		cc->nr_bad = 0;
		cc->nr_kept = 0;
		cc->ops = 0;
	}
	return total;
}

/*
 * The quiescent point after a phase: drain every CPU's lists, compare with
 * the snapshot before, walk the free lists.  With debug_nolock a problem
 * ends the run.
 */
static bool nolock_tripped; /* debug_nolock: corruption seen, stop */

static void quiescent_check(struct stress_ctx *ctx, const char *phase,
			    const struct st_snap *before, u64 bad_words)
{
	static struct st_snap after;
	unsigned int diffs;
	long problems = 0;
	bool suspect;
	long lost;

	drain_all_pages(NULL);
	st_snap_take(&after);
	diffs = st_snap_compare(ctx, C_COUNTERS, before, &after);
	lost = (long)st_total_free();
	for (unsigned int i = 0; i < before->nr; i++)
		lost -= (long)(before->z[i].free + before->z[i].pcp_count);
	if (diffs)
		stress_case_fail(
			ctx, C_COUNTERS,
			"after %s: %ld pages %s (free pages now minus before)",
			phase, lost, lost < 0 ? "lost" : "doubled");
	suspect = diffs || bad_words ||
		  page_alloc_errors.bad_pages != before->bad_pages;
	/* Under debug_nolock a corrupt list may loop: walk only clean ones. */
	if (!smp->debug_nolock || !suspect)
		problems = st_check_lists(ctx, C_COUNTERS, before->bad_pages);
	if (smp->debug_nolock && (suspect || problems)) {
		stress_diag(
			ctx,
			"debug_nolock: %s lost or doubled pages (%llu bad tags, %u counter differences, %lu bad_page reports): the free lists are corrupt, no further phase runs",
			phase, (unsigned long long)bad_words, diffs,
			page_alloc_errors.bad_pages - before->bad_pages);
		nolock_tripped = true;
	}
}

static void phase_churn(struct stress_ctx *ctx, unsigned int n)
{
	static struct st_snap before;

	drain_all_pages(NULL);
	st_snap_take(&before);
	prepare(ctx, n);
	run_cpus(n, churn_job);
	quiescent_check(ctx, "churn", &before,
			report_errors(ctx, C_CHURN, "churn"));
}

static void phase_cross(struct stress_ctx *ctx, unsigned int n)
{
	static struct st_snap before;

	drain_all_pages(NULL);
	st_snap_take(&before);
	prepare(ctx, n);
	run_cpus(n, cross_job);
	quiescent_check(ctx, "cross_cpu_free", &before,
			report_errors(ctx, C_CROSS, "cross_cpu_free"));
}

static void phase_exhaustion(struct stress_ctx *ctx, unsigned int n)
{
	static struct st_snap before;
	unsigned long expect, got = 0, left;
	u64 bad;

	drain_all_pages(NULL);
	st_snap_take(&before);
	expect = st_total_free();
	prepare(ctx, n);
	run_cpus(n, exhaust_job);
	left = st_total_free();
	for (unsigned int cpu = 0; cpu < n; cpu++) {
		stress_diag(ctx, "exhaustion: CPU %u took %lu pages", cpu,
			    cpus[cpu].obtained);
		got += cpus[cpu].obtained;
	}
	if (got != expect || left)
		stress_case_fail(
			ctx, C_EXHAUST,
			"%u CPUs took %lu pages of the %lu free ones, %lu left free",
			n, got, expect, left);
	/* Every CPU's pool was filled during the take. */
	report_errors(ctx, C_EXHAUST, "exhaustion");
	run_cpus(n, release_job);
	bad = report_errors(ctx, C_PATTERN, "pattern_split");
	stress_diag(
		ctx,
		"pattern_split: %lu MiB filled and verified by %u CPUs, one word per %u-byte line",
		got >> (20 - PAGE_SHIFT), n, CC_LINE);
	quiescent_check(ctx, "exhaustion", &before, bad);
}

static void phase_scaling(struct stress_ctx *ctx, unsigned int max)
{
	static struct st_snap before;
	u64 base_rate = 0;

	for (unsigned int n = 1; n <= max;
	     n = n * 2 > max && n < max ? max : n * 2) {
		u64 ops = 0, rate;

		drain_all_pages(NULL);
		st_snap_take(&before);
		prepare(ctx, n);
		run_cpus(n, scaling_job);
		for (unsigned int cpu = 0; cpu < n; cpu++)
			ops += cpus[cpu].ops;
		rate = ops * 1000 / CC_SCALING_MS;
		if (n == 1)
			base_rate = MAX(rate, 1ULL);
		stress_diag(
			ctx,
			"scaling: %u CPU%s: %llu ops/s, %llu.%02llux of 1 CPU",
			n, n == 1 ? " " : "s", (unsigned long long)rate,
			(unsigned long long)(rate / base_rate),
			(unsigned long long)(rate * 100 / base_rate % 100));
		quiescent_check(ctx, "scaling", &before,
				report_errors(ctx, C_SCALING, "scaling"));
	}
}

static int concurrent_run(struct stress_ctx *ctx, void *data)
{
	unsigned int n = smp->cpus.nr_cpus;

	if (n < 2) {
		stress_suite_skip(ctx,
				  "one CPU online: nothing runs concurrently");
		return -ENOENT;
	}
	n = MIN(n, (unsigned int)NR_CPUS);
	stress_diag(ctx, "%u CPUs, each with its own seeded stream%s", n,
		    smp->debug_nolock ?
			    "; debug_nolock: the zone lock is off on one path" :
			    "");
	nolock_tripped = false;
	phase_churn(ctx, n);
	/* The race is probabilistic: give it more rounds to show.  Once it
	 * has, nothing more may walk the corrupt lists. */
	for (unsigned int r = 1;
	     smp->debug_nolock && r < CC_NOLOCK_ROUNDS && !nolock_tripped; r++)
		phase_churn(ctx, n);
	if (nolock_tripped)
		return 0;
	phase_cross(ctx, n);
	phase_exhaustion(ctx, n);
	phase_scaling(ctx, n);
	return 0;
}

static struct stress_platform_check concurrent_check = {
	.name = "concurrent",
	.cases = case_names,
	.nr_cases = NR_CASES,
	.run = concurrent_run,
};

unsigned int
stress_concurrent_checks(const struct stress_smp *s,
			 const struct stress_platform_check **checks)
{
	smp = s;
	*checks = &concurrent_check;
	return 1;
}
