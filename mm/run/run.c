// SPDX-License-Identifier: MIT
/*
 * The run sequence (include/run/run.h): from a firmware map to a running
 * allocator, then the suites and the report, in one order for the firmware
 * app and the host simulator.  What only one platform does comes in
 * through struct run_hooks; everything else, and the log lines of the
 * output contract these steps print, is here once.
 *
 * Invariant: the order of the steps is Linux's x86-64 boot order (e820,
 * memblock, initmem_init/NUMA, init_cpu_to_node, sparse_init,
 * free_area_init, memmap_init, mem_init/memblock_free_all) with the
 * platform's steps where Linux's setup_arch has them: page tables before
 * memblock allocates, the APs before the allocator sizes its per-CPU
 * lists.  Where sparsemm differs: the APs come up before memmap_init, so
 * that every CPU initializes struct pages (Linux brings them up first too,
 * but initializes the deferred struct pages later, in page_alloc_init_late).
 *
 * Who calls it: efi/post_exit/post_exit.c, tools/sim/main.c, and the unit
 * tests of the simulator's pipeline.
 */
#include <run/run.h>

#include <lib/printk.h>
#include <mm/hotplug.h>
#include <mm/memblock.h>
#include <mm/numa.h>

/* RAM entries of the sanitized map handed to the suites for naming. */
#define RUN_MAX_RAM_RANGES 512

int run_map_to_memblock(const struct mm_map_input *in,
			const struct run_hooks *hooks, struct mm_map_state *st)
{
	int err;

	err = mm_map_setup(in, st);
	if (err)
		return err;
	if (hooks->map_ready) {
		err = hooks->map_ready(st, hooks->data);
		if (err)
			return err;
	}
	memblock_debug = in->cfg->memblock_debug;
	err = mm_memblock_setup(st, hooks->in_use, hooks->nr_in_use);
	if (err) {
		pr_err("sparsemm: memblock setup failed (%d)\n", err);
		return err;
	}
	pr_info("sparsemm: memblock: %llu MiB of memory, %llu KiB reserved\n",
		(unsigned long long)(memblock_phys_mem_size() >> 20),
		(unsigned long long)(memblock_reserved_size() >> 10));
	if (hooks->memblock_ready)
		hooks->memblock_ready(st, hooks->data);
	return 0;
}

int run_memblock_to_allocator(const struct sparsemm_config *cfg,
			      const struct run_hooks *hooks)
{
	unsigned int nr_cpus = 1;
	int err;

	err = hooks->set_nodes ? hooks->set_nodes(cfg, hooks->data) :
				 numa_init(cfg);
	if (err) {
		pr_err("sparsemm: NUMA: no nodes for memblock's memory (%d)\n",
		       err);
		return err;
	}
	numa_cpus_init();
	if (memblock_check()) {
		pr_err("sparsemm: memblock: invariants broken (see above)\n");
		return -EINVAL;
	}
	hotplug_holdback(cfg->hotplug_holdback);
	if (hooks->bring_up_cpus)
		nr_cpus = hooks->bring_up_cpus(hooks->data);
	deferred_init_set_cpus(
		hooks->boot_cpus ? hooks->boot_cpus(hooks->data) : NULL);
	return mm_core_init(cfg, nr_cpus);
}

/* The suites running, for run_abort(). */
static const struct run_suites_input *cur_in;
static struct ktap_suite top;

static bool report(const struct run_suites_input *in)
{
	if (in->before_report)
		in->before_report();
	return report_finish(&top, in->machine, &in->st->diags,
			     stress_last_results(), in->cfg->dump);
}

bool run_suites(const struct run_suites_input *in)
{
	static struct stress_ram_range ram[RUN_MAX_RAM_RANGES];
	struct stress_env env = {
		.cfg = in->cfg,
		.top = &top,
		.ram = ram,
		.platform = in->checks,
		.nr_platform = in->nr_checks,
		.progress = in->progress,
		.after_pass = in->after_pass,
		.dimm_name = in->dimm_name,
		.smp = in->smp,
	};

	env.nr_ram = stress_ram_from_map(in->st->map, in->st->nr_map, ram,
					 ARRAY_SIZE(ram));
	env.nr_hotplug = hotplug_held_back(&env.hotplug);
	ktap_begin(&top, "sparsemm", 0,
		   in->nr_own_results + stress_nr_results(&env));
	cur_in = in;
	if (in->own_results)
		in->own_results(&top, in->st);
	stress_run_all(&env);
	cur_in = NULL;
	return report(in);
}

bool run_abort(const char *reason)
{
	const struct run_suites_input *in = cur_in;

	if (!in) {
		pr_err("sparsemm: %s outside the suites: no KTAP results\n",
		       reason);
		return false;
	}
	cur_in = NULL;
	stress_abort(reason);
	report(in);
	return true;
}
