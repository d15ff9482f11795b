// SPDX-License-Identifier: MIT
/*
 * The benchmark workloads (bench.h): plain functions over struct
 * bench_allocator, timed with CLOCK_MONOTONIC around the measured loop
 * only.  Random choices come from a small xorshift generator seeded by the
 * caller, so every allocator gets the same sequence.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <mm/mmzone_sections.h>
#include <mm/pfn.h>

#include "bench.h"

#define MIXED_GFP (GFP_KERNEL | __GFP_NOWARN | __GFP_NORETRY)
#define FILL_GFP (GFP_KERNEL | __GFP_NOWARN | __GFP_NORETRY)

static u64 rnd_state;

static u64 rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static void rnd_seed(unsigned int seed)
{
	rnd_state = 0x9e3779b97f4a7c15ULL ^ seed;
}

double wl_pair(const struct bench_allocator *a, unsigned int order, gfp_t gfp,
	       unsigned long ops)
{
	unsigned long i;
	u64 t0;
	void *b;

	for (i = 0; i < 1024; i++) { /* warm the caches and lists */
		b = a->alloc(order, gfp);
		if (b)
			a->free(b, order);
	}
	bench_measure_begin();
	t0 = bench_now_ns();
	for (i = 0; i < ops; i++) {
		b = a->alloc(order, gfp);
		if (!b)
			return -1;
		a->free(b, order);
	}
	t0 = bench_now_ns() - t0;
	bench_measure_end("pair", ops);
	return (double)t0 / (double)ops;
}

struct held {
	void *block;
	unsigned int order;
};

double wl_mixed(const struct bench_allocator *a, unsigned int pct,
		unsigned long ops, unsigned int seed, double *fail_rate)
{
	unsigned long cap, target, used = 0, nr = 0, max, allocs = 0, fails = 0;
	unsigned long i;
	struct held *h;
	u64 t0;

	if (!a->nr_free_pages)
		return -1;
	cap = a->nr_free_pages();
	target = cap / 100 * pct;
	max = cap; /* at most one entry per page */
	h = malloc(sizeof(*h) * max);
	rnd_seed(seed);
	/* Fill to the target; failures here are not counted. */
	for (i = 0; used < target && i < 4 * max; i++) {
		unsigned int order = rnd() % (MAX_PAGE_ORDER + 1);
		void *b = a->alloc(order, MIXED_GFP);

		if (b) {
			h[nr++] = (struct held){ b, order };
			used += 1UL << order;
		}
	}
	bench_measure_begin();
	t0 = bench_now_ns();
	for (i = 0; i < ops; i++) {
		if (used < target || !nr) {
			unsigned int order = rnd() % (MAX_PAGE_ORDER + 1);
			void *b = a->alloc(order, MIXED_GFP);

			allocs++;
			if (b && nr < max) {
				h[nr++] = (struct held){ b, order };
				used += 1UL << order;
			} else if (b) {
				a->free(b, order);
			} else {
				fails++;
				/* make room, as a reclaiming caller would */
				if (nr) {
					unsigned long k = rnd() % nr;

					a->free(h[k].block, h[k].order);
					used -= 1UL << h[k].order;
					h[k] = h[--nr];
				}
			}
		} else {
			unsigned long k = rnd() % nr;

			a->free(h[k].block, h[k].order);
			used -= 1UL << h[k].order;
			h[k] = h[--nr];
		}
	}
	t0 = bench_now_ns() - t0;
	bench_measure_end(pct > 70 ? "mixed90" : "mixed50", ops);
	while (nr--)
		a->free(h[nr].block, h[nr].order);
	free(h);
	*fail_rate = allocs ? (double)fails / (double)allocs : 0;
	return (double)t0 / (double)ops;
}

double wl_exhaust(const struct bench_allocator *a, enum free_order how,
		  unsigned int seed, double *free_ns, bool *restored,
		  unsigned long *count)
{
	unsigned long cap = a->nr_free_pages ? a->nr_free_pages() : 1UL << 17;
	unsigned long before = a->max_order_blocks ? a->max_order_blocks() : 0;
	void **p = malloc(sizeof(*p) * (cap + 1024));
	unsigned long n = 0, i;
	u64 t0, t1;

	t0 = bench_now_ns();
	while (n < cap + 1024) {
		void *b = a->alloc(0, FILL_GFP);

		if (!b)
			break;
		p[n++] = b;
	}
	t0 = bench_now_ns() - t0;
	rnd_seed(seed);
	if (how == FREE_RANDOM)
		for (i = n; i > 1; i--) {
			unsigned long k = rnd() % i;
			void *x = p[i - 1];

			p[i - 1] = p[k];
			p[k] = x;
		}
	t1 = bench_now_ns();
	if (how == FREE_LIFO)
		for (i = n; i-- > 0;)
			a->free(p[i], 0);
	else
		for (i = 0; i < n; i++)
			a->free(p[i], 0);
	t1 = bench_now_ns() - t1;
	free(p);
	*restored = !a->max_order_blocks || a->max_order_blocks() == before;
	*free_ns = n ? (double)t1 / (double)n : 0;
	*count = n;
	return n ? (double)t0 / (double)n : 0;
}

/* ---- alloc on one CPU, free on another ---------------------------------- */

#define RING 4096

struct ring {
	void *slot[RING];
	_Atomic unsigned long head, tail;
	const struct bench_allocator *a;
	unsigned long ops;
};

static void *consumer(void *arg)
{
	struct ring *r = arg;
	unsigned long done = 0;

	r->a->set_cpu(1);
	while (done < r->ops) {
		unsigned long t = r->tail;

		if (t == r->head)
			continue;
		r->a->free(r->slot[t % RING], 0);
		r->tail = t + 1;
		done++;
	}
	return NULL;
}

double wl_cross_thread(const struct bench_allocator *a, unsigned long ops)
{
	static struct ring r;
	pthread_t th;
	unsigned long i;
	u64 t0;

	if (!a->set_cpu)
		return -1;
	r.head = r.tail = 0;
	r.a = a;
	r.ops = ops;
	a->set_cpu(0);
	if (a->threads)
		a->threads(true);
	t0 = bench_now_ns();
	pthread_create(&th, NULL, consumer, &r);
	for (i = 0; i < ops; i++) {
		void *b;

		while (r.head - r.tail >= RING)
			;
		b = a->alloc(0, GFP_KERNEL);
		if (!b) {
			i--;
			continue;
		}
		r.slot[r.head % RING] = b;
		r.head = r.head + 1;
	}
	pthread_join(th, NULL);
	t0 = bench_now_ns() - t0;
	if (a->threads)
		a->threads(false);
	return (double)t0 / (double)ops;
}

/* ---- zeroing ------------------------------------------------------------ */

double wl_zero(const struct bench_allocator *a, unsigned int order,
	       unsigned long ops)
{
	unsigned long i;
	u64 t0;

	bench_measure_begin();
	t0 = bench_now_ns();
	for (i = 0; i < ops; i++) {
		void *b = a->alloc(order, GFP_KERNEL | __GFP_ZERO);

		if (!b)
			return -1;
		a->free(b, order);
	}
	t0 = bench_now_ns() - t0;
	bench_measure_end(order ? "zero-order9" : "zero-order0", ops);
	return (double)ops * (double)(PAGE_SIZE << order) / (double)t0;
}

double wl_memset_zero(unsigned int order, unsigned long ops)
{
	size_t size = PAGE_SIZE << order;
	u8 *buf = aligned_alloc(PAGE_SIZE, size);
	unsigned long i;
	u64 t0;

	memset(buf, 1, size);
	t0 = bench_now_ns();
	for (i = 0; i < ops; i++) {
		memset(buf, 0, size);
		__asm__ volatile("" : : "r"(buf) : "memory");
	}
	t0 = bench_now_ns() - t0;
	free(buf);
	return (double)ops * (double)size / (double)t0;
}

double wl_memset_struct_pages_gib(void)
{
	size_t size = (SZ_1G >> PAGE_SHIFT) * sizeof(struct page);
	u8 *buf = malloc(size);
	u64 t0;

	memset(buf, 1, size); /* fault it in first */
	t0 = bench_now_ns();
	memset(buf, 0, size);
	__asm__ volatile("" : : "r"(buf) : "memory");
	t0 = bench_now_ns() - t0;
	free(buf);
	return (double)t0;
}
