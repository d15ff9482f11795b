// SPDX-License-Identifier: MIT
/*
 * The benchmarks' sparsemm allocators: the real pipeline over simulated
 * physical memory (tools/lib/sim_pipeline.c: map, e820, memblock,
 * nodes; then sparse_init, free_area_init, memmap_init, page_alloc_init
 * timed one by one), and alloc_pages()/__free_pages() behind the
 * bench_allocator interface.
 *
 *   sparsemm        as the app runs it: order <= 3 and pageblock order
 *                   through the per-CPU lists
 *   sparsemm-buddy  the same memory, but the calling CPU has no per-CPU
 *                   lists (host_set_cpu(nr_cpu_ids)), so every request
 *                   takes the zone lock and the buddy lists
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arch/host.h>
#include <lib/config.h>
#include <lib/printk.h>
#include <mm/memblock.h>
#include <mm/memmap_init.h>
#include <mm/mmzone.h>
#include <mm/numa.h>
#include <mm/page_alloc_internal.h>
#include <mm/sparse.h>

#include <maps/sim_pipeline.h>
#include "bench.h"

struct bench_boot bench_last_boot;

static struct sim_run run;
static bool have_run, buddy_only, logging;

static void stdout_write(struct console *con, const char *text, size_t len)
{
	fwrite(text, 1, len, stdout);
}

static struct console stdout_console = { .name = "stdout",
					 .write = stdout_write };

void bench_sparsemm_log(bool on)
{
	if (on && !logging)
		register_console(&stdout_console);
	else if (!on && logging)
		unregister_console(&stdout_console);
	logging = on;
}

static void forget(void)
{
	mm_reset();
	host_set_cpu(0);
	if (have_run)
		sim_pipeline_free(&run);
	have_run = false;
	host_phys_exit();
}

/* The simulated address space: just what the map needs (at least 4 GiB),
 * so that valgrind, which cannot reserve 2^46 bytes, can run the bench. */
static unsigned int phys_bits_for(const struct sim_map *m)
{
	unsigned int bits = 32, i;

	if (m->phys_bits)
		return m->phys_bits;
	for (i = 0; i < m->nr; i++)
		while (bits < 46 &&
		       fw_map_entry_end(&m->entries[i]) > 1ULL << bits)
			bits++;
	return bits;
}

static int boot(const char *path, unsigned int nr_cpus)
{
	static char ring[1 << 20];
	struct zones_config zc = { .nr_cpus = nr_cpus };
	struct sparsemm_config cfg;
	struct sim_map m;
	u64 t0, t1, t2, t3, t4;
	int err;

	log_buf_set(ring, sizeof(ring)); /* quiet unless logging */
	forget();
	sim_map_init(&m, path);
	err = sim_map_load(&m, SIM_FMT_AUTO);
	if (err) {
		fprintf(stderr, "bench: %s\n", m.error);
		sim_map_free(&m);
		return err;
	}
	config_defaults(&cfg);
	err = sim_pipeline_run(&m, &cfg, phys_bits_for(&m), &run);
	have_run = true;
	if (!err)
		err = sim_pipeline_set_nodes(&m, &cfg);
	sim_map_free(&m);
	if (err)
		return err;
	bench_last_boot.present_gib =
		(double)memblock_phys_mem_size() / (1024.0 * 1024 * 1024);
	t0 = bench_now_ns();
	err = sparse_init();
	t1 = bench_now_ns();
	if (!err)
		err = free_area_init(&zc);
	t2 = bench_now_ns();
	if (!err)
		memmap_init();
	t3 = bench_now_ns();
	/* Again over the same struct pages, now faulted in: memmap_init is
	 * idempotent before page_alloc_init, and the difference is the
	 * simulator's page faults on first touch of the vmemmap. */
	if (!err)
		memmap_init();
	t4 = bench_now_ns();
	if (!err)
		err = page_alloc_init();
	if (err)
		return err;
	bench_last_boot.sparse_init_ns = (double)(t1 - t0);
	bench_last_boot.memmap_init_ns = (double)(t3 - t2);
	bench_last_boot.memmap_init_warm_ns = (double)(t4 - t3);
	bench_last_boot.pages =
		(unsigned long)(memblock_phys_mem_size() >> PAGE_SHIFT);
	host_set_cpu(buddy_only ? nr_cpu_ids : 0);
	return 0;
}

static int init_pcp(const char *path, unsigned int nr_cpus)
{
	buddy_only = false;
	return boot(path, nr_cpus);
}

static int init_buddy(const char *path, unsigned int nr_cpus)
{
	buddy_only = true;
	return boot(path, nr_cpus);
}

static void *s_alloc(unsigned int order, gfp_t gfp)
{
	return alloc_pages(gfp, order);
}

static void s_free(void *block, unsigned int order)
{
	__free_pages(block, order);
}

static void *s_address(void *block)
{
	return page_address(block);
}

static unsigned long s_nr_free(void)
{
	return global_free_pages();
}

static unsigned long s_max_order_blocks(void)
{
	struct zone *z;
	unsigned long n = 0;

	drain_all_pages(NULL);
	for_each_populated_zone(z)
		n += z->free_area[MAX_PAGE_ORDER].nr_free;
	return n;
}

static void s_set_cpu(unsigned int cpu)
{
	host_set_cpu(buddy_only ? nr_cpu_ids : cpu);
}

static void s_threads(bool on)
{
	page_alloc_set_concurrent(on);
}

const struct bench_allocator sparsemm_allocator = {
	.name = "sparsemm",
	.init = init_pcp,
	.alloc = s_alloc,
	.free = s_free,
	.address = s_address,
	.nr_free_pages = s_nr_free,
	.max_order_blocks = s_max_order_blocks,
	.set_cpu = s_set_cpu,
	.threads = s_threads,
	.fini = forget,
};

const struct bench_allocator sparsemm_buddy_allocator = {
	.name = "sparsemm-buddy",
	.init = init_buddy,
	.alloc = s_alloc,
	.free = s_free,
	.address = s_address,
	.nr_free_pages = s_nr_free,
	.max_order_blocks = s_max_order_blocks,
	.set_cpu = s_set_cpu,
	.threads = s_threads,
	.fini = forget,
};
