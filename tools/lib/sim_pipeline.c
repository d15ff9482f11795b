// SPDX-License-Identifier: MIT
/*
 * The simulator's boot pipeline (sim_pipeline.h): the portable stages of
 * mm/setup.c over simulated physical memory, in the app's order.
 */
#include <maps/sim_pipeline.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <arch/host.h>
#include <lib/printk.h>
#include <mm/memblock.h>
#include <mm/numa.h>

int sim_pipeline_run(const struct sim_map *m, const struct sparsemm_config *cfg,
		     unsigned int phys_bits, struct sim_run *run)
{
	struct mm_map_input in;
	size_t work_bytes = MM_MAP_WORK_BYTES(m->nr);
	unsigned int pos;
	u64 start, end;
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
	err = mm_map_setup(&in, &run->st);
	if (err)
		return err;

	/* The machine's RAM; everything else stays a hole that faults. */
	for_each_e820_ram_range(&run->st.e820, pos, start, end)
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
	memblock_debug = cfg->memblock_debug;
	err = mm_memblock_setup(&run->st, NULL, 0);
	if (err) {
		pr_err("sparsemm: memblock setup failed (%d)\n", err);
		return err;
	}
	pr_info("sparsemm: memblock: %llu MiB of memory, %llu KiB reserved\n",
		(unsigned long long)(memblock_phys_mem_size() >> 20),
		(unsigned long long)(memblock_reserved_size() >> 10));
	return 0;
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
		int err = numa_init(cfg);

		if (!err)
			numa_cpus_init();
		return err;
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
