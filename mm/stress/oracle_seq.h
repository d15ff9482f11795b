/* SPDX-License-Identifier: MIT */
/*
 * The allocation sequences of the Linux oracle (docs/differential.md,
 * "Allocation decisions"): one source compiled twice, into the kernel
 * module tests/linux-oracle/module/sparsemm_oracle.c that runs them on
 * Debian's Linux, and into sparsemm's `oracle` suite (mm/stress/oracle.c)
 * that runs them on sparsemm's allocator, on the same QEMU machine.  Both print the same
 * `oracle: ...` lines and tools/linux-oracle compares them.
 *
 * What it owns: the PRNG, the request tables (GFP combinations, orders),
 * the phases, and the line format.  Nothing else: the includer provides,
 * before including this file,
 *   - scnprintf() and Linux's allocator API by Linux's names: gfp_t, the GFP_* and __GFP_*
 *     flags, alloc_pages_node(), __free_pages(), page_to_nid(),
 *     page_zone(page)->name, struct list_head with list_add()/list_del()/
 *     list_empty()/list_first_entry() and page->lru, u64, NUMA_NO_NODE;
 *   - ORACLE_PRINT(fmt, ...): print one line (fmt ends in "\n");
 *   - int oracle_nr_nodes(void): the number of online nodes with memory
 *     (node ids 0..n-1);
 *   - int oracle_fallback_take(int *from, int *to): 1 and the migrate types
 *     of the first fallback (a free block of another migrate type taken,
 *     Linux's mm_page_alloc_extfrag event) since the last call, else 0;
 *   - void oracle_show_zones(const char *tag): one `oracle: zone TAG ...`
 *     line per populated zone (free pages and watermarks), via
 *     oracle_print_zone() below;
 *   - void oracle_yield(void): called every 1024 requests (cond_resched()).
 *
 * Phases, in order, all driven by one seed:
 *   mix      ORACLE_MIX_STEPS requests over ORACLE_SLOTS slots: a used slot
 *            is freed, an unused one gets a request with a
 *            random GFP combination, order and node (or NUMA_NO_NODE).
 *            Memory stays far above the watermarks, so which node and zone
 *            serves each request is the zonelist's choice: one line each.
 *   exhaust  for each entry of the exhaust table: allocate with its GFP
 *            combination (all __GFP_NORETRY: no OOM killer in Linux) at its
 *            big order until a request fails, then at order 0 until one
 *            fails, which drives the zones it may use below their
 *            watermarks; print the serving node/zone as runs; probe every
 *            GFP combination (with __GFP_NORETRY added: without it Linux
 *            OOM-kills rather than fail) at orders 0 and 3 in that state;
 *            free all.
 *
 * Invariants: the requests depend only on the seed and the step, never on
 * which requests succeeded (a slot whose request failed still counts as
 * used until its next visit), so both sides issue the same requests even
 * where their answers differ; every request adds __GFP_NOWARN.
 *
 * Who includes it: the module and sparsemm's oracle suite, nothing else.
 */
#ifndef SPARSEMM_ORACLE_SEQ_H
#define SPARSEMM_ORACLE_SEQ_H

#define ORACLE_SEED 0x5eedULL /* the seed both sides run with */
#define ORACLE_SLOTS 64
#define ORACLE_MIX_STEPS 2000
#define ORACLE_MAX_ORDER 10
#define ORACLE_EXHAUST_CAP (1UL << 22) /* pages per pool, a safety bound */

struct oracle_gfp {
	const char *name;
	gfp_t gfp;
	int thisnode; /* the request names a node (never NUMA_NO_NODE) */
};

#define ORACLE_NOWARN __GFP_NOWARN

/* The GFP combinations the suites use. */
static const struct oracle_gfp oracle_gfps[] = {
	{ "GFP_KERNEL", GFP_KERNEL, 0 },
	{ "GFP_KERNEL|GFP_DMA", GFP_KERNEL | GFP_DMA, 0 },
	{ "GFP_KERNEL|GFP_DMA32", GFP_KERNEL | GFP_DMA32, 0 },
	{ "GFP_HIGHUSER_MOVABLE", GFP_HIGHUSER_MOVABLE, 0 },
	{ "GFP_KERNEL|__GFP_THISNODE", GFP_KERNEL | __GFP_THISNODE, 1 },
	{ "GFP_HIGHUSER_MOVABLE|__GFP_THISNODE",
	  GFP_HIGHUSER_MOVABLE | __GFP_THISNODE, 1 },
	{ "GFP_KERNEL|__GFP_NORETRY", GFP_KERNEL | __GFP_NORETRY, 0 },
	{ "GFP_DMA", GFP_DMA, 0 },
};
#define ORACLE_NR_GFPS (sizeof(oracle_gfps) / sizeof(oracle_gfps[0]))

struct oracle_exhaust {
	const char *name;
	gfp_t gfp;
	unsigned int order; /* the big order, then order 0 */
	int last_node; /* 1: on the last node with __GFP_THISNODE */
};

static const struct oracle_exhaust oracle_exhausts[] = {
	{ "GFP_HIGHUSER_MOVABLE|__GFP_NORETRY",
	  GFP_HIGHUSER_MOVABLE | __GFP_NORETRY, 10, 0 },
	{ "GFP_KERNEL|__GFP_NORETRY", GFP_KERNEL | __GFP_NORETRY, 9, 0 },
	{ "GFP_KERNEL|GFP_DMA32|__GFP_NORETRY",
	  GFP_KERNEL | GFP_DMA32 | __GFP_NORETRY, 4, 0 },
	{ "GFP_KERNEL|GFP_DMA|__GFP_NORETRY",
	  GFP_KERNEL | GFP_DMA | __GFP_NORETRY, 2, 0 },
	{ "GFP_KERNEL|__GFP_THISNODE|__GFP_NORETRY",
	  GFP_KERNEL | __GFP_THISNODE | __GFP_NORETRY, 10, 1 },
};
#define ORACLE_NR_EXHAUSTS \
	(sizeof(oracle_exhausts) / sizeof(oracle_exhausts[0]))

static const char *const oracle_mt_names[] = { "Unmovable", "Movable",
					       "Reclaimable", "HighAtomic" };

static inline const char *oracle_mt_name(int mt)
{
	return mt >= 0 && mt < 4 ? oracle_mt_names[mt] : "?";
}

/* splitmix64: one 64-bit state, any seed. */
static inline u64 oracle_rand(u64 *state)
{
	u64 z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Orders 0..10, small ones more often (as the suites' churn). */
static const unsigned char oracle_orders[16] = { 0, 0, 0, 0, 0, 0, 1, 1,
						 2, 3, 4, 5, 6, 8, 9, 10 };

static inline void oracle_print_zone(const char *tag, int nid, const char *zone,
				     unsigned long free, unsigned long min,
				     unsigned long low, unsigned long high)
{
	ORACLE_PRINT(
		"oracle: zone %s node %d zone %s free %lu min %lu low %lu high %lu\n",
		tag, nid, zone, free, min, low, high);
}

/* " -> node N zone Z[ fallback A>B]" or " -> fail" after PREFIX. */
static inline void oracle_result(const char *prefix, struct page *page)
{
	int from, to;

	if (!page) {
		oracle_fallback_take(&from, &to);
		ORACLE_PRINT("%s -> fail\n", prefix);
		return;
	}
	if (oracle_fallback_take(&from, &to))
		ORACLE_PRINT("%s -> node %d zone %s fallback %s>%s\n", prefix,
			     page_to_nid(page), page_zone(page)->name,
			     oracle_mt_name(from), oracle_mt_name(to));
	else
		ORACLE_PRINT("%s -> node %d zone %s\n", prefix,
			     page_to_nid(page), page_zone(page)->name);
}

struct oracle_slot {
	struct page *page; /* NULL when the request failed */
	unsigned int order;
	int used; /* a request was issued: the next visit frees */
};

/* "oracle: PHASE I GFP order O nid N" (nid -1: NUMA_NO_NODE). */
static inline int oracle_fmt_request(char *buf, unsigned long size,
				     const char *phase, unsigned long i,
				     const char *gfp, unsigned int order,
				     int nid)
{
	return scnprintf(buf, size, "oracle: %s %lu %s order %u nid %d", phase,
			 i, gfp, order, nid);
}

static inline unsigned long oracle_mix(u64 seed, struct oracle_slot *slots)
{
	u64 rng = seed;
	unsigned long step, nreq = 0;
	int nodes = oracle_nr_nodes();
	char prefix[160];

	for (step = 0; step < ORACLE_SLOTS; step++) {
		slots[step].page = 0;
		slots[step].used = 0;
	}
	for (step = 0; step < ORACLE_MIX_STEPS; step++) {
		u64 r = oracle_rand(&rng);
		struct oracle_slot *s = &slots[r % ORACLE_SLOTS];
		const struct oracle_gfp *g =
			&oracle_gfps[(r >> 8) % ORACLE_NR_GFPS];
		unsigned int order = oracle_orders[(r >> 16) % 16];
		int nid = (int)((r >> 24) % (unsigned int)(nodes + 1));

		if (s->used) {
			if (s->page)
				__free_pages(s->page, s->order);
			s->page = 0;
			s->used = 0;
			continue;
		}
		/* nid == nodes: NUMA_NO_NODE (the local node). */
		if (nid == nodes)
			nid = g->thisnode ? 0 : NUMA_NO_NODE;
		oracle_fmt_request(prefix, sizeof(prefix), "mix", step, g->name,
				   order, nid);
		s->page = alloc_pages_node(nid, g->gfp | ORACLE_NOWARN, order);
		s->order = order;
		s->used = 1;
		oracle_result(prefix, s->page);
		nreq++;
		if (!(step % 1024))
			oracle_yield();
	}
	for (step = 0; step < ORACLE_SLOTS; step++)
		if (slots[step].page)
			__free_pages(slots[step].page, slots[step].order);
	return nreq;
}

/* Allocate at ORDER into POOL until a request fails; runs of node/zone. */
static inline unsigned long oracle_fill(const struct oracle_exhaust *e, int nid,
					unsigned int order,
					struct list_head *pool)
{
	const char *run_zone = 0;
	int run_node = -1, from, to;
	unsigned long run = 0, n = 0, fallbacks = 0, pages = 0;
	struct page *page;

	for (;;) {
		page = pages < ORACLE_EXHAUST_CAP ?
			       alloc_pages_node(nid, e->gfp | ORACLE_NOWARN,
						order) :
			       0;
		if (oracle_fallback_take(&from, &to))
			fallbacks++;
		if (run && (!page || page_to_nid(page) != run_node ||
			    page_zone(page)->name != run_zone)) {
			ORACLE_PRINT(
				"oracle: exhaust %s order %u run node %d zone %s x%lu\n",
				e->name, order, run_node, run_zone, run);
			run = 0;
		}
		if (!page)
			break;
		run_node = page_to_nid(page);
		run_zone = page_zone(page)->name;
		run++;
		n++;
		pages += 1UL << order;
		list_add(&page->lru, pool);
		if (!(n % 1024))
			oracle_yield();
	}
	ORACLE_PRINT(
		"oracle: exhaust %s order %u fail after %lu (fallbacks %lu)\n",
		e->name, order, n, fallbacks);
	return n;
}

static inline void oracle_drain(struct list_head *pool, unsigned int order)
{
	unsigned long n = 0;

	while (!list_empty(pool)) {
		struct page *page = list_first_entry(pool, struct page, lru);

		list_del(&page->lru);
		__free_pages(page, order);
		if (!(++n % 1024))
			oracle_yield();
	}
}

static inline unsigned long oracle_exhaust(void)
{
	unsigned long nreq = 0, i, k;
	int nodes = oracle_nr_nodes();
	char prefix[200];
	struct list_head big, small;

	for (i = 0; i < ORACLE_NR_EXHAUSTS; i++) {
		const struct oracle_exhaust *e = &oracle_exhausts[i];
		int nid = e->last_node ? nodes - 1 : NUMA_NO_NODE;

		big.next = big.prev = &big;
		small.next = small.prev = &small;
		ORACLE_PRINT("oracle: exhaust %s node %d\n", e->name, nid);
		nreq += oracle_fill(e, nid, e->order, &big) + 1;
		nreq += oracle_fill(e, nid, 0, &small) + 1;
		oracle_show_zones(e->name);
		for (k = 0; k < 2 * ORACLE_NR_GFPS; k++) {
			const struct oracle_gfp *g = &oracle_gfps[k / 2];
			unsigned int order = (k & 1) ? 3 : 0;
			int pnid = g->thisnode ? (nid < 0 ? 0 : nid) : nid;
			struct page *page;

			oracle_fmt_request(prefix, sizeof(prefix), "probe", k,
					   g->name, order, pnid);
			page = alloc_pages_node(
				pnid, g->gfp | __GFP_NORETRY | ORACLE_NOWARN,
				order);
			oracle_result(prefix, page);
			if (page)
				__free_pages(page, order);
			nreq++;
		}
		oracle_drain(&small, 0);
		oracle_drain(&big, e->order);
	}
	return nreq;
}

/* The whole run: mix, then exhaust; SLOTS holds ORACLE_SLOTS entries. */
static inline void oracle_run(u64 seed, struct oracle_slot *slots)
{
	unsigned long n;

	ORACLE_PRINT("oracle: start seed %#llx nodes %d\n",
		     (unsigned long long)seed, oracle_nr_nodes());
	oracle_show_zones("start");
	n = oracle_mix(seed, slots);
	n += oracle_exhaust();
	oracle_show_zones("end");
	ORACLE_PRINT("oracle: done %lu requests\n", n);
}

#endif /* SPARSEMM_ORACLE_SEQ_H */
