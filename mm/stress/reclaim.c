// SPDX-License-Identifier: MIT
/*
 * reclaim: shrinker-backed caches under memory pressure, through the
 * allocator's slow path (direct reclaim, kswapd) and the GFP reclaim
 * modifiers.
 *
 * Three caches of order-0 pages are registered as shrinkers: "plain"
 * (may shrink in any context), "io" (needs __GFP_IO) and "fs" (needs
 * __GFP_FS), the way Linux's caches refuse with SHRINK_STOP.  Pressure:
 * everything else is taken with gfp 0 (no reclaim, no reserves) until
 * every zone of GFP_KERNEL's zonelist is at its min watermark, with the
 * per-CPU lists drained, so that the next GFP_KERNEL request can only be
 * served by reclaim.  Each case builds this state afresh.
 *
 * Cases:
 *  - direct_reclaim: GFP_KERNEL (without waking kswapd) succeeds,
 *    try_to_free_pages was called
 *    and the caches shrank (a missing hook in __alloc_pages fails here);
 *  - noretry: with nothing reclaimable, __GFP_NORETRY fails after at most
 *    one reclaim attempt;
 *  - retry_mayfail: __GFP_RETRY_MAYFAIL succeeds while a cache has pages,
 *    and returns NULL (no hang) once nothing is reclaimable;
 *  - nofail: __GFP_NOFAIL succeeds under pressure;
 *  - noio_nofs: direct reclaim for GFP_NOIO leaves the io and fs caches
 *    alone, for GFP_NOFS shrinks io but not fs, for GFP_KERNEL may shrink
 *    fs (the requests go without __GFP_KSWAPD_RECLAIM here: kswapd
 *    reclaims with full rights, as in Linux);
 *  - kswapd: GFP_NOWAIT below the low watermark wakes kswapd, which
 *    reclaims until the zone reaches its high watermark or the caches are
 *    empty (the request that woke it then takes its page: high - 1); it
 *    never does direct reclaim;
 *  - no_direct_for_atomic: GFP_ATOMIC and GFP_NOWAIT never call direct
 *    reclaim.
 */
#include <mm/shrinker.h>

#include "st_mm.h"

enum {
	C_DIRECT,
	C_NORETRY,
	C_MAYFAIL,
	C_NOFAIL,
	C_NOIO_NOFS,
	C_KSWAPD,
	C_ATOMIC,
	NR_CASES
};

static const struct stress_case cases[] = {
	[C_DIRECT] = { "direct_reclaim" },	 [C_NORETRY] = { "noretry" },
	[C_MAYFAIL] = { "retry_mayfail" },	 [C_NOFAIL] = { "nofail" },
	[C_NOIO_NOFS] = { "noio_nofs" },	 [C_KSWAPD] = { "kswapd" },
	[C_ATOMIC] = { "no_direct_for_atomic" },
};

#define CACHE_PAGES 512

struct st_cache {
	struct shrinker shrinker;
	struct st_pool pool;
	gfp_t needs;
	struct stress_ctx *ctx;
};

static struct st_cache caches[3] = {
	{ .needs = 0 },
	{ .needs = __GFP_IO },
	{ .needs = __GFP_FS },
};
static const char *const cache_names[3] = { "plain", "io", "fs" };
enum { PLAIN, IO, FS };

static unsigned long cache_count(struct shrinker *s, struct shrink_control *sc)
{
	struct st_cache *c = container_of(s, struct st_cache, shrinker);

	return c->pool.nr_pages ? c->pool.nr_pages : SHRINK_EMPTY;
}

static unsigned long cache_scan(struct shrinker *s, struct shrink_control *sc)
{
	struct st_cache *c = container_of(s, struct st_cache, shrinker);
	unsigned long freed = 0;
	unsigned int order;
	struct page *page;

	if ((c->needs & sc->gfp_mask) != c->needs)
		return SHRINK_STOP;
	while (freed < sc->nr_to_scan &&
	       (page = st_pool_pop(&c->pool, &order))) {
		st_free(c->ctx, page, order);
		freed += 1UL << order;
	}
	return freed;
}

static void cache_fill(struct stress_ctx *ctx, struct st_cache *c,
		       unsigned long n)
{
	struct page *page;

	c->ctx = ctx;
	while (c->pool.nr_pages < n &&
	       (page = st_alloc(ctx, __GFP_RECLAIMABLE | ST_NOWARN, 0, -1)))
		st_pool_add(&c->pool, page, 0);
}

static void caches_empty(struct stress_ctx *ctx)
{
	for (int i = 0; i < 3; i++)
		st_pool_free_all(ctx, &caches[i].pool);
}

static struct st_pool filler;

/* Take everything gfp 0 can get, until a drain brings nothing back. */
static void pressure(struct stress_ctx *ctx)
{
	unsigned long before;
	struct page *page;

	do {
		before = filler.nr_pages;
		for (unsigned int o = MAX_PAGE_ORDER + 1; o-- > 0;)
			while ((page = st_alloc(ctx, ST_NOWARN, o, -1)))
				st_pool_add(&filler, page, o);
		drain_all_pages(NULL);
	} while (filler.nr_pages != before);
}

/* Fresh state: caches filled as asked, then pressure. */
static void setup(struct stress_ctx *ctx, unsigned long plain, unsigned long io,
		  unsigned long fs)
{
	caches_empty(ctx);
	st_pool_free_all(ctx, &filler);
	drain_all_pages(NULL);
	cache_fill(ctx, &caches[PLAIN], plain);
	cache_fill(ctx, &caches[IO], io);
	cache_fill(ctx, &caches[FS], fs);
	pressure(ctx);
}

/* Allocate once, keep the page in filler; returns it. */
static struct page *try_alloc(struct stress_ctx *ctx, gfp_t gfp)
{
	struct page *page = st_alloc(ctx, gfp | ST_NOWARN, 0, -1);

	if (page)
		st_pool_add(&filler, page, 0);
	return page;
}

static void direct_and_retry(struct stress_ctx *ctx)
{
	unsigned long calls, cached;

	setup(ctx, CACHE_PAGES, 0, 0);
	calls = reclaim_stats.direct_calls;
	cached = caches[PLAIN].pool.nr_pages;
	/* Without __GFP_KSWAPD_RECLAIM: woken synchronously, kswapd could free
	 * enough first (it does with several CPUs, whose per-CPU lists are
	 * smaller), and this case is about the direct path. */
	if (!try_alloc(ctx, GFP_KERNEL & ~__GFP_KSWAPD_RECLAIM))
		stress_case_fail(
			ctx, C_DIRECT,
			"GFP_KERNEL failed with %lu reclaimable pages cached",
			cached);
	if (reclaim_stats.direct_calls == calls)
		stress_case_fail(
			ctx, C_DIRECT,
			"__alloc_pages never called try_to_free_pages (is the reclaim hook in its slow path?)");
	else if (caches[PLAIN].pool.nr_pages == cached)
		stress_case_fail(
			ctx, C_DIRECT,
			"direct reclaim ran but the cache did not shrink");

	setup(ctx, CACHE_PAGES, 0, 0);
	if (!try_alloc(ctx, GFP_KERNEL | __GFP_RETRY_MAYFAIL))
		stress_case_fail(ctx, C_MAYFAIL,
				 "failed with %lu reclaimable pages cached",
				 caches[PLAIN].pool.nr_pages);
	setup(ctx, CACHE_PAGES, 0, 0);
	if (!try_alloc(ctx, GFP_KERNEL | __GFP_NOFAIL))
		stress_case_fail(
			ctx, C_NOFAIL,
			"__GFP_NOFAIL returned NULL under pressure with a cache to reclaim");

	/* Nothing reclaimable. */
	setup(ctx, 0, 0, 0);
	calls = reclaim_stats.direct_calls;
	if (try_alloc(ctx, GFP_KERNEL | __GFP_NORETRY) &&
	    global_free_pages() == 0)
		stress_case_fail(
			ctx, C_NORETRY,
			"succeeded with no free or reclaimable memory");
	if (reclaim_stats.direct_calls - calls > 1)
		stress_case_fail(ctx, C_NORETRY,
				 "%lu reclaim attempts, expected at most 1",
				 reclaim_stats.direct_calls - calls);
	calls = reclaim_stats.direct_calls;
	try_alloc(ctx, GFP_KERNEL | __GFP_RETRY_MAYFAIL); /* must return */
	stress_ops(ctx, reclaim_stats.direct_calls - calls);
}

static void noio_nofs(struct stress_ctx *ctx)
{
	unsigned long io, fs;

	setup(ctx, 0, CACHE_PAGES, CACHE_PAGES);
	io = caches[IO].pool.nr_pages;
	fs = caches[FS].pool.nr_pages;
	/* Without the kswapd wake-up: kswapd reclaims with GFP_KERNEL's
	 * rights, which is right, but not what this case measures. */
	try_alloc(ctx, GFP_NOIO & ~__GFP_KSWAPD_RECLAIM);
	if (caches[IO].pool.nr_pages != io || caches[FS].pool.nr_pages != fs)
		stress_case_fail(
			ctx, C_NOIO_NOFS,
			"GFP_NOIO shrank the io cache %lu->%lu or the fs cache %lu->%lu",
			io, caches[IO].pool.nr_pages, fs,
			caches[FS].pool.nr_pages);
	setup(ctx, 0, CACHE_PAGES, CACHE_PAGES);
	io = caches[IO].pool.nr_pages;
	fs = caches[FS].pool.nr_pages;
	if (!try_alloc(ctx, GFP_NOFS & ~__GFP_KSWAPD_RECLAIM))
		stress_case_fail(
			ctx, C_NOIO_NOFS,
			"GFP_NOFS failed with %lu io-cache pages reclaimable",
			io);
	if (caches[FS].pool.nr_pages != fs)
		stress_case_fail(ctx, C_NOIO_NOFS,
				 "GFP_NOFS shrank the fs cache %lu->%lu", fs,
				 caches[FS].pool.nr_pages);
	setup(ctx, 0, 0, CACHE_PAGES);
	if (!try_alloc(ctx, GFP_KERNEL & ~__GFP_KSWAPD_RECLAIM))
		stress_case_fail(
			ctx, C_NOIO_NOFS,
			"GFP_KERNEL failed with %lu fs-cache pages reclaimable",
			caches[FS].pool.nr_pages);
}

static void background(struct stress_ctx *ctx)
{
	unsigned long wakeups, calls;
	struct zone *zone;
	char label[32];

	setup(ctx, CACHE_PAGES * 4, 0, 0);
	wakeups = reclaim_stats.kswapd_wakeups;
	calls = reclaim_stats.direct_calls;
	try_alloc(ctx, GFP_NOWAIT);
	try_alloc(ctx, GFP_ATOMIC);
	if (reclaim_stats.direct_calls != calls)
		stress_case_fail(
			ctx, C_ATOMIC,
			"GFP_NOWAIT/GFP_ATOMIC called direct reclaim %lu times",
			reclaim_stats.direct_calls - calls);
	if (reclaim_stats.kswapd_wakeups == wakeups) {
		stress_case_fail(
			ctx, C_KSWAPD,
			"no kswapd wake-up below the low watermark (is wakeup_kswapd called from __alloc_pages?)");
		return;
	}
	if (!caches[PLAIN].pool.nr_pages)
		return; /* reclaimed all it could */
	for_each_populated_zone(zone) {
		unsigned long free = zone_page_state(zone, NR_FREE_PAGES) +
				     zone_page_state(zone, NR_ZONE_PCP_PAGES);

		/* kswapd runs before the request that woke it takes its page:
		 * the zone that served it may end one page below high. */
		if (zone_idx(zone) <= ZONE_NORMAL &&
		    free + 1 < high_wmark_pages(zone) &&
		    zone == page_zone(container_of(filler.blocks.next,
						   struct page, lru)))
			stress_case_fail(
				ctx, C_KSWAPD,
				"%s below its high watermark (%lu < %lu) after kswapd, with the cache not empty",
				st_zone_label(zone, label, sizeof(label)), free,
				high_wmark_pages(zone));
	}
}

static int reclaim_run(struct stress_ctx *ctx)
{
	for (int i = 0; i < 3; i++) {
		st_pool_init(&caches[i].pool);
		register_shrinker(&caches[i].shrinker, cache_names[i]);
		caches[i].shrinker.count_objects = cache_count;
		caches[i].shrinker.scan_objects = cache_scan;
	}
	st_pool_init(&filler);
	direct_and_retry(ctx);
	st_progress(ctx, 1, 3);
	noio_nofs(ctx);
	st_progress(ctx, 2, 3);
	background(ctx);
	for (int i = 0; i < 3; i++)
		unregister_shrinker(&caches[i].shrinker);
	caches_empty(ctx);
	st_pool_free_all(ctx, &filler);
	drain_all_pages(NULL);
	return 0;
}

const struct stress_suite stress_suite_reclaim = {
	.name = "reclaim",
	.run = reclaim_run,
	.cases = cases,
	.nr_cases = NR_CASES,
};
