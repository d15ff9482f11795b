// SPDX-License-Identifier: MIT
/*
 * The simulator's boot figures: what each boot stage took and what the
 * memory model costs in memory, as three `sparsemm-sim:` lines after the
 * allocator is built (tools/sim/main.c calls sim_boot_figures_print()).
 * tools/bench-scale reads them to build docs/bench.md's scale table, so
 * their wording is a format: "name N.NN ms" pairs and "name N KiB" pairs.
 *
 *   boot stages: memblock, sparse_init, free_area_init, memmap_init,
 *                page_alloc_init (zonelists, memblock_free_all,
 *                watermarks, per-CPU lists), total, ms per present GiB
 *   host prefault: the host's page faults on simulated memory, paid
 *                ahead of use inside sparse_init (tools/lib/host_prefault.c)
 *                and left out of sparse_init's figure above
 *   boot memory: struct pages, section roots, mem_section[], vmemmap page
 *                tables, usage maps (subsection and pageblock bitmaps),
 *                per-CPU lists, node data; total and % of present RAM
 */
#include "sim.h"

#include <stdio.h>

#include <arch/arch.h>
#include <arch/host.h>
#include <lib/printk.h>
#include <mm/memblock.h>
#include <mm/mmzone.h>
#include <mm/numa.h>
#include <mm/setup.h>
#include <mm/sparse.h>

static u64 cycles_to_ns(u64 c)
{
	u64 hz = arch_cycles_per_sec();

	return hz == 1000000000ULL ? c : (u64)((double)c * 1e9 / (double)hz);
}

/* "12.34" for ns as milliseconds (static buffers, 8 in turn). */
static const char *ms(u64 ns)
{
	static char buf[8][32];
	static unsigned int i;
	char *b = buf[i++ % 8];

	snprintf(b, 32, "%.2f", (double)ns / 1e6);
	return b;
}

/* Memory of the model and the allocator's per-node, per-zone state. */
static void print_memory(u64 present)
{
	struct sparse_stats st;
	struct zone *z;
	u64 roots, table, pt, pcp = 0, nodes = 0, total;
	char pct[32];
	int nid;

	sparse_get_stats(&st);
	roots = (u64)st.root_pages * SECTION_ROOT_BYTES;
	table = sizeof(mem_section); /* Linux allocates it at boot */
	pt = (u64)st.pgtable_pages * PAGE_SIZE;
	for_each_populated_zone(z)
		pcp += (u64)nr_cpu_ids * sizeof(struct per_cpu_pages);
	for (nid = 0; nid < MAX_NUMNODES; nid++)
		if (NODE_DATA(nid)) /* a pg_data_t per possible node */
			nodes += sizeof(pg_data_t);
	total = st.memmap_bytes + roots + table + pt + st.usage_bytes + pcp +
		nodes;
	snprintf(pct, sizeof(pct), "%.3f",
		 present ? 100.0 * (double)total / (double)present : 0.0);
	pr_info("sparsemm-sim: boot memory: struct pages %llu KiB, section roots %llu KiB, mem_section[] %llu KiB, vmemmap page tables %llu KiB, usage maps %llu KiB, per-CPU lists %llu KiB, node data %llu KiB, total %llu KiB = %s%% of %llu MiB present\n",
		(unsigned long long)(st.memmap_bytes >> 10),
		(unsigned long long)(roots >> 10),
		(unsigned long long)(table >> 10),
		(unsigned long long)(pt >> 10),
		(unsigned long long)((st.usage_bytes + 1023) >> 10),
		(unsigned long long)((pcp + 1023) >> 10),
		(unsigned long long)((nodes + 1023) >> 10),
		(unsigned long long)(total >> 10), pct,
		(unsigned long long)(present >> 20));
}

void sim_boot_figures_print(u64 memblock_ns, u64 boot_faults)
{
	const struct mm_core_init_cycles *c = &mm_core_init_cycles;
	struct host_prefault_stats pf;
	u64 present = memblock_phys_mem_size();
	u64 sparse = cycles_to_ns(c->sparse_init), total;
	double gib = (double)present / (double)(1ULL << 30);

	host_prefault_get(&pf);
	/* The prefault runs inside sparse_init only (its memory source and
	 * its vmemmap mappings): what is left is sparse_init's own work. */
	sparse = sparse > pf.ns ? sparse - pf.ns : 0;
	total = memblock_ns + cycles_to_ns(c->total) -
		MIN(pf.ns, cycles_to_ns(c->total));
	pr_info("sparsemm-sim: boot stages: memblock %s ms, sparse_init %s ms, free_area_init %s ms, memmap_init %s ms, page_alloc_init %s ms, total %s ms, %s ms per present GiB (host prefault not included)\n",
		ms(memblock_ns), ms(sparse),
		ms(cycles_to_ns(c->free_area_init)),
		ms(cycles_to_ns(c->memmap_init)),
		ms(cycles_to_ns(c->page_alloc_init)), ms(total),
		ms(gib > 0 ? (u64)((double)total / gib) : 0));
	pr_info("sparsemm-sim: host prefault: %llu MiB of mappings in %s ms, %llu minor faults (of %llu in the boot), simulated memory in %s\n",
		(unsigned long long)(pf.bytes >> 20), ms(pf.ns),
		(unsigned long long)pf.faults, (unsigned long long)boot_faults,
		host_prefault_backing());
	print_memory(present);
}
