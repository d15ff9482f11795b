// SPDX-License-Identifier: MIT
/*
 * The simulator's platform for the run sequence (sim_pipeline.h,
 * mm/run/run.c): simulated physical memory set up and backed where the
 * e820 table has RAM, sparse's memory prefaulted before use, and the nodes
 * taken from the boot log's NUMA lines.
 */
#include <maps/sim_pipeline.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <arch/host.h>
#include <lib/printk.h>
#include <mm/memblock.h>
#include <mm/numa.h>
#include <mm/sparse.h>

/* The map is final: the machine's RAM becomes accessible; everything
 * else stays a hole that faults. */
static int back_ram(const struct mm_map_state *st, void *unused)
{
	unsigned int pos;
	u64 start, end;
	int err;

	for_each_e820_ram_range(&st->e820, pos, start, end)
	{
		u64 s = start & ~(u64)(PAGE_SIZE - 1);
		u64 e = ALIGN_UP(end, PAGE_SIZE);

		err = host_phys_populate(s, e - s);
		if (err) {
			pr_err("sparsemm-sim: cannot back RAM [%#llx-%#llx) with host memory (%d)\n",
			       (unsigned long long)s, (unsigned long long)e,
			       err);
			return err;
		}
	}
	pr_info("sparsemm-sim: nothing of the simulator lives in simulated memory (no image, stack, map or page tables): memblock starts with nothing reserved\n");
	return 0;
}

/*
 * sparse's memory from memblock, as mm/sparse_mem_source.c takes it, but
 * the memmaps (raw: struct pages only, written whole by memmap_init)
 * backed by the host before anything writes them (host_prefault()), so
 * that the host's page faults are counted apart from sparse_init's time.
 * The zeroed allocations (section roots, usage maps, vmemmap page tables:
 * a few pages per 32 GiB) come from memblock_alloc_try_nid as on the
 * machine.  The buddy allocator replaces this source once it runs
 * (memblock_free_all).
 */
static phys_addr_t prefaulted_alloc(phys_addr_t size, phys_addr_t align,
				    phys_addr_t min_addr, int nid, bool zero)
{
	phys_addr_t pa =
		sparse_memblock_alloc(size, align, min_addr, nid, zero);

	if (pa && !zero)
		host_prefault(phys_to_virt(pa), size, pa);
	return pa;
}

static void prefaulted_free(phys_addr_t pa, phys_addr_t size)
{
	memblock_phys_free(pa, size);
}

static const struct sparse_mem_source prefaulted_source = {
	.alloc = prefaulted_alloc,
	.free = prefaulted_free,
};

static int set_nodes(const struct sparsemm_config *cfg, void *map)
{
	return sim_pipeline_set_nodes(map, cfg);
}

void sim_pipeline_hooks(const struct sim_map *m, struct run_hooks *hooks)
{
	*hooks = (struct run_hooks){
		.data = (void *)m,
		.map_ready = back_ram,
		.set_nodes = set_nodes,
	};
}

int sim_pipeline_run(const struct sim_map *m, const struct sparsemm_config *cfg,
		     unsigned int phys_bits, struct sim_run *run)
{
	struct mm_map_input in;
	struct run_hooks hooks;
	size_t work_bytes = MM_MAP_WORK_BYTES(m->nr);
	int err;

	memset(run, 0, sizeof(*run));
	run->phys_bits = phys_bits;
	err = host_phys_init(phys_bits);
	if (err) {
		pr_err("sparsemm-sim: cannot reserve 2^%u bytes of simulated physical address space (%d); try --mem-bits with less\n",
		       phys_bits, err);
		return err;
	}
	run->work = aligned_alloc(8, ALIGN_UP(work_bytes, 8));
	if (!run->work)
		return -ENOMEM;
	memblock_reset();
	in = (struct mm_map_input){
		.raw = m->entries,
		.nr_raw = m->nr,
		.desc_size = m->desc_size,
		.desc_version = m->desc_version,
		.source = m->source,
		.phys_bits = phys_bits,
		.cfg = cfg,
		.work = run->work,
		.work_bytes = work_bytes,
	};
	sim_pipeline_hooks(m, &hooks);
	err = run_map_to_memblock(&in, &hooks, &run->st);
	if (!err)
		sparse_set_mem_source(&prefaulted_source);
	return err;
}

/*
 * What Linux knows of nodes besides their memory: a node the log names as
 * memoryless is possible (Linux gives it a pg_data_t and zonelists), and a
 * node with CPUs is online (Linux's init_cpu_to_node()); without CPU
 * lines a memoryless node stays offline, as Linux leaves it until memory
 * is hot-added.
 */
static void set_nodes_without_memory(const struct sim_map *m)
{
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		if (m->memoryless_nodes & (1ULL << nid)) {
			pr_info("sparsemm-sim: NUMA:   node %d without memory\n",
				nid);
			node_set_possible(nid);
		}
		if (m->cpu_nodes & (1ULL << nid))
			node_set_online(nid);
	}
}

int sim_pipeline_set_nodes(const struct sim_map *m,
			   const struct sparsemm_config *cfg)
{
	int err;

	if (!m->nr_numa || cfg->numa_off) {
		/* No ACPI tables here: numa_init() takes the app's path for a
		 * machine without SRAT (or numa=off) and prints its lines. */
		return numa_init(cfg);
	}
	pr_info("sparsemm-sim: NUMA: %u node ranges from %s\n", m->nr_numa,
		m->numa_source ? m->numa_source : "the map");
	for (unsigned int i = 0; i < m->nr_numa; i++) {
		const struct sim_node_range *r = &m->numa[i];

		pr_info("sparsemm-sim: NUMA:   node %d [mem %#018llx-%#018llx]\n",
			r->node, (unsigned long long)r->start,
			(unsigned long long)r->end - 1);
		err = memblock_set_node(r->start, r->end - r->start,
					&memblock.memory, r->node);
		if (err)
			return err;
		node_set_possible(r->node);
	}
	set_nodes_without_memory(m);
	return 0;
}

void sim_pipeline_free(struct sim_run *run)
{
	free(run->work);
	run->work = NULL;
}
