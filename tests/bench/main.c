// SPDX-License-Identifier: MIT
/*
 * sparsemm-bench: the table of docs/bench.md.
 *
 *   sparsemm-bench [--map FILE] [--runs N] [--scale F] [--callgrind]
 *   sparsemm-bench --log [--map FILE]
 *
 * Each figure is the median of --runs runs (default 5) with its spread
 * ((max - min) / median), beside a baseline measured in the same run: a
 * bare LIFO page list (alloc_lifo.c) for the alloc+free pairs, memset for
 * zeroing and for initializing struct pages.  The host's page faults on
 * simulated memory (tools/lib/host_prefault.c) have a row of their own and
 * are left out of the boot rows.  --scale multiplies the
 * operation counts.  --callgrind runs every measured loop once, small, for
 * `make bench CALLGRIND=1`, which runs this under valgrind's callgrind and
 * divides the instructions of each loop by its operations.  --log prints
 * sparsemm's boot log and /proc/buddyinfo at boot, after a run of mixed
 * orders to 90% occupancy with a random half of the blocks freed again, and
 * after freeing the rest: the input tools/plot-map draws free pages by
 * order from.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <valgrind/callgrind.h>

#include <arch/host.h>
#include <arch/arch.h>
#include <lib/clear_pages.h>
#include <mm/mmzone.h>
#include <mm/page.h>
#include <mm/pfn.h>

#include "bench.h"

#define MAX_RUNS 15

static unsigned int runs = 5;
static double scale = 1;
static bool cg_mode, log_mode;
static char label[64];

void bench_measure_begin(void)
{
	if (cg_mode)
		CALLGRIND_TOGGLE_COLLECT;
}

void bench_measure_end(const char *name, unsigned long ops)
{
	char buf[128];

	if (!cg_mode)
		return;
	CALLGRIND_TOGGLE_COLLECT;
	snprintf(buf, sizeof(buf), "%s %s ops=%lu", label, name, ops);
	CALLGRIND_DUMP_STATS_AT(buf);
}

struct stat {
	double v[MAX_RUNS];
	unsigned int n;
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(struct stat *s)
{
	qsort(s->v, s->n, sizeof(s->v[0]), cmp_double);
	return s->n ? s->v[s->n / 2] : 0;
}

static double spread(struct stat *s)
{
	double m = median(s);

	return m > 0 ? (s->v[s->n - 1] - s->v[0]) / m * 100 : 0;
}

static void add(struct stat *s, double v)
{
	if (s->n < MAX_RUNS)
		s->v[s->n++] = v;
}

static unsigned long n_ops(unsigned long base)
{
	unsigned long n = (unsigned long)((double)base * scale);

	return n ? n : 1;
}

/* One row: what, unit, the figure, its baseline (NULL: none) and the
 * reference allocator's figure with sparsemm's divided by it (NULL:
 * none). */
static void row(const char *what, const char *unit, struct stat *s,
		struct stat *base, const char *base_name, struct stat *ref,
		const char *extra)
{
	char b[48] = "-", r[16] = "-", f[48] = "-";

	if (base && base->n) {
		snprintf(b, sizeof(b), "%9.2f ±%2.0f%% %s", median(base),
			 spread(base), base_name);
		snprintf(r, sizeof(r), "%.2fx", median(s) / median(base));
	}
	if (ref && ref->n)
		snprintf(f, sizeof(f), "%8.2f ±%2.0f%% (%.2fx)", median(ref),
			 spread(ref), median(s) / median(ref));
	printf("%-34s %-6s %9.2f ±%2.0f%%   %-28s %-7s %-22s %s\n", what, unit,
	       median(s), spread(s), b, r, f, extra ? extra : "");
}

static void die_init(const struct bench_allocator *a, const char *map,
		     unsigned int cpus)
{
	if (a->init(map, cpus)) {
		fprintf(stderr, "bench: %s cannot boot %s\n", a->name, map);
		exit(2);
	}
}

static void set_label(const struct bench_allocator *a, const char *what)
{
	snprintf(label, sizeof(label), "%s:%s", a->name, what);
}

static void log_run(const char *map)
{
	const struct bench_allocator *a = &sparsemm_allocator;
	unsigned long cap, used = 0, nr = 0, i;
	struct {
		void *b;
		unsigned int order;
	} * h;
	u64 x = 42;

	bench_sparsemm_log(true);
	die_init(a, map, 1);
	printf("sparsemm-bench: buddyinfo: after boot\n");
	show_buddyinfo();
	cap = a->nr_free_pages();
	h = malloc(sizeof(*h) * cap);
	while (used < cap / 10 * 9) {
		unsigned int order;
		void *b;

		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		order = (unsigned int)(x % (MAX_PAGE_ORDER + 1));
		b = a->alloc(order, GFP_KERNEL | __GFP_NOWARN | __GFP_NORETRY);
		if (!b)
			break;
		h[nr].b = b;
		h[nr++].order = order;
		used += 1UL << order;
	}
	for (i = 0; i < nr; i += 2)
		a->free(h[i].b, h[i].order);
	drain_all_pages(NULL);
	printf("sparsemm-bench: buddyinfo: mixed orders to 90%%, every other "
	       "block freed\n");
	show_buddyinfo();
	for (i = 1; i < nr; i += 2)
		a->free(h[i].b, h[i].order);
	drain_all_pages(NULL);
	printf("sparsemm-bench: buddyinfo: all freed\n");
	show_buddyinfo();
	free(h);
	fflush(stdout);
}

static void callgrind_run(const char *map)
{
	const struct bench_allocator *all[] = { &sparsemm_allocator,
						&sparsemm_buddy_allocator,
						&buddy_ref_allocator,
						&lifo_allocator };
	unsigned long ops = n_ops(20000);
	double fr;

	for (unsigned int i = 0; i < 4; i++) {
		const struct bench_allocator *a = all[i];

		die_init(a, map, 2);
		set_label(a, "o0");
		wl_pair(a, 0, GFP_KERNEL, ops);
		set_label(a, "o3");
		wl_pair(a, 3, GFP_KERNEL, ops);
		set_label(a, "o9");
		wl_pair(a, 9, GFP_KERNEL, ops / 10);
		set_label(a, "zero");
		wl_zero(a, 0, ops / 4);
		wl_zero(a, 9, ops / 200);
		if (a->nr_free_pages) {
			set_label(a, "mix");
			wl_mixed(a, 50, ops, 1, &fr);
			wl_mixed(a, 90, ops, 1, &fr);
		}
		if (a->fini)
			a->fini();
	}
}

/* The figures of one allocator over the runs. */
struct results {
	struct stat pair[3]; /* orders 0, 3, 9 */
	struct stat m50, m90, f50, f90, ex_a, ex_f[3], cross, z0, z9;
	unsigned long count;
	bool restored;
};

/* One run of every allocator workload on a (booted) allocator. */
static void run_allocator(const struct bench_allocator *a, unsigned int r,
			  struct results *res)
{
	unsigned int i;
	double fr, x;

	if (r == 0)
		res->restored = true;
	add(&res->pair[0], wl_pair(a, 0, GFP_KERNEL, n_ops(2000000)));
	add(&res->pair[1], wl_pair(a, 3, GFP_KERNEL, n_ops(500000)));
	add(&res->pair[2], wl_pair(a, 9, GFP_KERNEL, n_ops(200000)));
	add(&res->m50, wl_mixed(a, 50, n_ops(400000), r, &fr));
	add(&res->f50, fr * 100);
	add(&res->m90, wl_mixed(a, 90, n_ops(400000), r, &fr));
	add(&res->f90, fr * 100);
	for (i = 0; i < 3; i++) {
		bool ok;

		x = wl_exhaust(a, (enum free_order)i, r, &fr, &ok, &res->count);
		if (i == 0)
			add(&res->ex_a, x);
		add(&res->ex_f[i], fr);
		res->restored &= ok;
	}
	add(&res->cross, wl_cross_thread(a, n_ops(1000000)));
	add(&res->z0, wl_zero(a, 0, n_ops(300000)));
	add(&res->z9, wl_zero(a, 9, n_ops(3000)));
}

int main(int argc, char **argv)
{
	const char *map = "tests/fixtures/qemu-q35-2g.efimap";
	static struct stat buddy, lifo0, lifo3, lifo9, sp, pf, mm, mmw, ms, zm0,
		zm9;
	struct host_prefault_stats hp;
	static struct results s_res, ref_res;
	static const char *const how_names[] = { "FIFO", "LIFO", "random" };
	char extra[96];
	unsigned int r, i;

	for (i = 1; i < (unsigned int)argc; i++) {
		if (!strcmp(argv[i], "--map") && i + 1 < (unsigned int)argc)
			map = argv[++i];
		else if (!strcmp(argv[i], "--runs") &&
			 i + 1 < (unsigned int)argc)
			runs = (unsigned int)atoi(argv[++i]);
		else if (!strcmp(argv[i], "--scale") &&
			 i + 1 < (unsigned int)argc)
			scale = atof(argv[++i]);
		else if (!strcmp(argv[i], "--callgrind"))
			cg_mode = true;
		else if (!strcmp(argv[i], "--log"))
			log_mode = true;
		else {
			fprintf(stderr,
				"usage: %s [--map FILE] [--runs N] "
				"[--scale F] [--callgrind] [--log]\n",
				argv[0]);
			return 2;
		}
	}
	if (runs < 1 || runs > MAX_RUNS)
		runs = 5;
	/* arch_clear_pages() calibrates on first use: here, not inside a
	 * measured loop. */
	{
		static u8 scratch[4096] __attribute__((aligned(4096)));

		arch_clear_pages(scratch, sizeof(scratch));
	}
	if (cg_mode) {
		callgrind_run(map);
		return 0;
	}
	if (log_mode) {
		log_run(map);
		return 0;
	}

	/* Boots: sparse_init and memmap_init per GiB.  The host's page
	 * faults on simulated memory are paid inside sparse_init, ahead of
	 * use (tools/lib/host_prefault.c): counted on their own row. */
	for (r = 0; r < runs; r++) {
		die_init(&sparsemm_allocator, map, 2);
		host_prefault_get(&hp);
		add(&sp, (bench_last_boot.sparse_init_ns - (double)hp.ns) /
				 1e6 / bench_last_boot.present_gib);
		add(&pf, (double)hp.ns / 1e6 / bench_last_boot.present_gib);
		add(&mm, bench_last_boot.memmap_init_ns / 1e6 /
				 bench_last_boot.present_gib);
		add(&mmw, bench_last_boot.memmap_init_warm_ns / 1e6 /
				  bench_last_boot.present_gib);
		add(&ms, wl_memset_struct_pages_gib() / 1e6);
	}

	/* sparsemm with its per-CPU lists (booted just above), then the
	 * reference buddy allocator on the same work. */
	for (r = 0; r < runs; r++)
		run_allocator(&sparsemm_allocator, r, &s_res);
	/* The bench build (SPARSEMM_DEBUG_VM=0) left consistent lists. */
	if (mm_check_free_lists()) {
		fprintf(stderr, "bench: sparsemm's free lists are inconsistent "
				"after the workloads\n");
		s_res.restored = false;
	}
	sparsemm_allocator.fini();
	die_init(&buddy_ref_allocator, map, 2);
	for (r = 0; r < runs; r++)
		run_allocator(&buddy_ref_allocator, r, &ref_res);
	buddy_ref_allocator.fini();

	die_init(&sparsemm_buddy_allocator, map, 2);
	for (r = 0; r < runs; r++)
		add(&buddy, wl_pair(&sparsemm_buddy_allocator, 0, GFP_KERNEL,
				    n_ops(2000000)));
	sparsemm_buddy_allocator.fini();

	die_init(&lifo_allocator, map, 1);
	for (r = 0; r < runs; r++) {
		add(&lifo0,
		    wl_pair(&lifo_allocator, 0, GFP_KERNEL, n_ops(2000000)));
		add(&lifo3,
		    wl_pair(&lifo_allocator, 3, GFP_KERNEL, n_ops(500000)));
		add(&lifo9,
		    wl_pair(&lifo_allocator, 9, GFP_KERNEL, n_ops(200000)));
		add(&zm0, wl_memset_zero(0, n_ops(300000)));
		add(&zm9, wl_memset_zero(9, n_ops(3000)));
	}

	printf("sparsemm-bench: %s, %.2f GiB present, %u runs, median ±spread "
	       "((max-min)/median)\n\n",
	       map, bench_last_boot.present_gib, runs);
	printf("%-34s %-6s %-15s   %-28s %-7s %-22s %s\n", "workload", "unit",
	       "sparsemm", "baseline", "ratio", "buddy-ref (ratio)", "");
	row("order-0 alloc+free, per-CPU lists", "ns", &s_res.pair[0], &lifo0,
	    "lifo", &ref_res.pair[0], NULL);
	row("order-0 alloc+free, buddy path", "ns", &buddy, &lifo0, "lifo",
	    &ref_res.pair[0], NULL);
	row("order-3 alloc+free", "ns", &s_res.pair[1], &lifo3, "lifo",
	    &ref_res.pair[1], NULL);
	row("order-9 alloc+free", "ns", &s_res.pair[2], &lifo9, "lifo",
	    &ref_res.pair[2], NULL);
	snprintf(extra, sizeof(extra), "fail %.2f%% (ref %.2f%%)",
		 median(&s_res.f50), median(&ref_res.f50));
	row("mixed orders 0..10, 50% full", "ns/op", &s_res.m50, NULL, NULL,
	    &ref_res.m50, extra);
	snprintf(extra, sizeof(extra), "fail %.2f%% (ref %.2f%%)",
		 median(&s_res.f90), median(&ref_res.f90));
	row("mixed orders 0..10, 90% full", "ns/op", &s_res.m90, NULL, NULL,
	    &ref_res.m90, extra);
	snprintf(extra, sizeof(extra), "%lu pages (ref %lu)", s_res.count,
		 ref_res.count);
	row("fill to exhaustion, order-0 alloc", "ns", &s_res.ex_a, NULL, NULL,
	    &ref_res.ex_a, extra);
	for (i = 0; i < 3; i++) {
		char what[48];

		snprintf(what, sizeof(what), "  then free %s", how_names[i]);
		row(what, "ns", &s_res.ex_f[i], NULL, NULL, &ref_res.ex_f[i],
		    i == 2 ? (s_res.restored && ref_res.restored ?
				      "every max-order block back: yes" :
				      "every max-order block back: NO") :
			     NULL);
	}
	row("alloc CPU 0, free CPU 1 (pair)", "ns", &s_res.cross,
	    &s_res.pair[0], "same CPU", &ref_res.cross, NULL);
	row("sparse_init per GiB", "ms", &sp, &ms, "memset", NULL, NULL);
	snprintf(extra, sizeof(extra), "%llu minor faults per boot, apart",
		 (unsigned long long)hp.faults);
	row("  host prefault per GiB", "ms", &pf, NULL, NULL, NULL, extra);
	row("memmap_init per GiB", "ms", &mm, &ms, "memset", NULL, NULL);
	row("  again, struct pages faulted in", "ms", &mmw, &ms, "memset", NULL,
	    NULL);
	row("__GFP_ZERO order 0", "GB/s", &s_res.z0, &zm0, "memset",
	    &ref_res.z0, NULL);
	row("__GFP_ZERO order 9", "GB/s", &s_res.z9, &zm9, "memset",
	    &ref_res.z9, NULL);
	printf("\nzeroing (every allocator here: arch_clear_pages, calibrated "
	       "on this CPU by lib/clear_pages.c), MB/s:\n");
	for (i = 0; i < NR_CLEAR_CLASSES; i++) {
		const struct clear_class_choice *ch = &clear_pages_choice()[i];

		printf("  %4zu KiB blocks: %-11s", clear_class_bytes(i) >> 10,
		       clear_method_name(ch->method));
		for (unsigned int m = 0; m < NR_CLEAR_METHODS; m++)
			if (ch->mbps[m])
				printf("  %s %llu", clear_method_name(m),
				       (unsigned long long)ch->mbps[m]);
		printf("\n");
	}
	return s_res.restored && ref_res.restored ? 0 : 1;
}
