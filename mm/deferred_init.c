// SPDX-License-Identifier: MIT
/*
 * memmap_init() on every CPU (include/mm/deferred_init.h): Linux's deferred
 * struct page init, node by node, each node's share split over its CPUs.
 *
 * What it owns: the CPUs the platform installed, the plan of one run (per
 * node its present early sections and CPUs, per CPU its node and its
 * index among them), the map of sections done, and the figures.
 *
 * Invariants after memmap_init() returns 0: every present early section was
 * initialized by exactly one CPU's share (section_done holds exactly those
 * sections, none was marked twice) and the struct pages the CPUs counted
 * are those of the present early sections.  The struct pages themselves
 * are what memmap_init_chunk() over all of them at once would write
 * (tests/unit/test_deferred_init.c compares them byte for byte).
 *
 * Who calls it: mm_core_init() (memmap_init); the run sequence installs the
 * platform's CPUs (mm/run/run.c, hooks.boot_cpus); the report reads the
 * figures.  The work runs with the other CPUs parked in the platform's job
 * loop; nothing else runs meanwhile, so the plan is read without locks and
 * each CPU writes only its own figures (the node figures and the section
 * map are updated atomically).
 */
#include <mm/deferred_init.h>

#include <arch/arch.h>
#include <lib/printk.h>
#include <lib/string.h>
#include <mm/memblock.h> /* NUMA_NO_NODE */
#include <mm/memmap_init.h>
#include <mm/sparse.h>

#define SECTION_DONE_LONGS (NR_MEM_SECTIONS / BITS_PER_LONG)
#define CHECK_REPORT_MAX 8

u64 memmap_init_cycles;

static const struct mm_cpus *boot_cpus;
static struct deferred_init_stats stats;

/* The plan of the run. */
static unsigned long node_sections[MAX_NUMNODES];
static unsigned int node_cpus[MAX_NUMNODES];
static int cpu_work_nid[NR_CPUS]; /* node whose share the CPU does; -1 */
static unsigned int cpu_index[NR_CPUS]; /* among that node's CPUs */
static u64 start_cycles;

/* One bit per section, set by the CPU that initialized it. */
static unsigned long section_done[SECTION_DONE_LONGS];
static unsigned long doubled, bad_cpus;

void deferred_init_set_cpus(const struct mm_cpus *cpus)
{
	boot_cpus = cpus;
}

const struct deferred_init_stats *deferred_init_stats(void)
{
	return &stats;
}

void deferred_init_reset(void)
{
	boot_cpus = NULL;
	memset(&stats, 0, sizeof(stats));
	memmap_init_cycles = 0;
}

/* Is section nr a present early section of nid (any node: NUMA_NO_NODE)? */
static bool section_deferred(unsigned long nr, int nid)
{
	struct mem_section *ms = __nr_to_section(nr);

	return valid_section(ms) && early_section(ms) &&
	       (nid == NUMA_NO_NODE || section_nid(ms) == nid);
}

bool deferred_init_share(int nid, unsigned int i, unsigned int n,
			 unsigned long *start_pfn, unsigned long *end_pfn)
{
	unsigned long nr, total = 0, first, last, k = 0;

	if (!n || i >= n)
		return false;
	for_each_present_section_nr(0, nr)
		if (section_deferred(nr, nid))
			total++;
	first = (unsigned long)((u64)total * i / n);
	last = (unsigned long)((u64)total * (i + 1) / n);
	if (first == last)
		return false;
	for_each_present_section_nr(0, nr) {
		if (!section_deferred(nr, nid))
			continue;
		if (k == first)
			*start_pfn = section_nr_to_pfn(nr);
		if (k == last - 1) {
			*end_pfn = section_nr_to_pfn(nr + 1);
			return true;
		}
		k++;
	}
	return false;
}

static void mark_done(unsigned long nr)
{
	unsigned long bit = 1UL << (nr % BITS_PER_LONG);
	unsigned long old = __atomic_fetch_or(&section_done[nr / BITS_PER_LONG],
					      bit, __ATOMIC_RELAXED);

	if (old & bit)
		__atomic_add_fetch(&doubled, 1, __ATOMIC_RELAXED);
}

static void atomic_max_u64(u64 *p, u64 v)
{
	u64 old = __atomic_load_n(p, __ATOMIC_RELAXED);

	while (old < v &&
	       !__atomic_compare_exchange_n(p, &old, v, false, __ATOMIC_RELAXED,
					    __ATOMIC_RELAXED))
		;
}

/* Share i of n of node nid, done by cpu. */
static void init_share(unsigned int cpu, int nid, unsigned int i,
		       unsigned int n)
{
	unsigned long start, end, nr, pages;

	if (!deferred_init_share(nid, i, n, &start, &end))
		return;
	pages = memmap_init_chunk(start, end, nid);
	stats.cpu[cpu].pages += pages;
	if (nid == stats.cpu[cpu].node)
		stats.cpu[cpu].local_pages += pages;
	for (nr = pfn_to_section_nr(start); nr < pfn_to_section_nr(end); nr++)
		if (section_deferred(nr, nid))
			mark_done(nr);
	atomic_max_u64(&stats.node[nid].cycles, arch_cycles() - start_cycles);
}

/* What each CPU runs: its node's share, then its part of the nodes that
 * have no CPU. */
static void deferred_init_job(void *unused)
{
	unsigned int cpu = boot_cpus ? smp_processor_id() : 0;
	u64 t0 = arch_cycles();
	int nid;

	if (cpu >= stats.nr_cpus) {
		__atomic_add_fetch(&bad_cpus, 1, __ATOMIC_RELAXED);
		return;
	}
	nid = cpu_work_nid[cpu];
	if (nid >= 0)
		init_share(cpu, nid, cpu_index[cpu], node_cpus[nid]);
	for (nid = 0; nid < MAX_NUMNODES; nid++)
		if (node_sections[nid] && !node_cpus[nid])
			init_share(cpu, nid, cpu, stats.nr_cpus);
	stats.cpu[cpu].cycles += arch_cycles() - t0;
}

static int cpu_node(unsigned int cpu)
{
	return boot_cpus && boot_cpus->cpu_node ? boot_cpus->cpu_node(cpu) : -1;
}

static void plan(unsigned int nr_cpus)
{
	unsigned long nr;
	unsigned int cpu;
	int nid;

	memset(&stats, 0, sizeof(stats));
	memset(node_sections, 0, sizeof(node_sections));
	memset(node_cpus, 0, sizeof(node_cpus));
	memset(section_done, 0,
	       (__highest_present_section_nr / BITS_PER_LONG + 1) *
		       sizeof(section_done[0]));
	doubled = bad_cpus = 0;
	stats.nr_cpus = nr_cpus;
	for_each_present_section_nr(0, nr)
		if (section_deferred(nr, NUMA_NO_NODE))
			node_sections[section_nid(__nr_to_section(nr))]++;
	for (cpu = 0; cpu < nr_cpus; cpu++) {
		nid = cpu_node(cpu);
		stats.cpu[cpu].node = nid;
		/* A CPU of a node without memory helps the nodes without
		 * CPUs only. */
		if (nid < 0 || nid >= MAX_NUMNODES || !node_sections[nid])
			nid = -1;
		cpu_work_nid[cpu] = nid;
		if (nid >= 0)
			cpu_index[cpu] = node_cpus[nid]++;
	}
	for (nid = 0; nid < MAX_NUMNODES; nid++) {
		stats.node[nid].pages = node_sections[nid] * PAGES_PER_SECTION;
		stats.node[nid].nr_cpus = node_cpus[nid];
	}
}

unsigned long deferred_init_check(void)
{
	unsigned long nr, bad = 0, want = 0;
	int nid;

	for (nr = 0; nr <= __highest_present_section_nr; nr++) {
		bool done = section_done[nr / BITS_PER_LONG] &
			    (1UL << (nr % BITS_PER_LONG));

		if (done == section_deferred(nr, NUMA_NO_NODE))
			continue;
		if (bad++ < CHECK_REPORT_MAX)
			pr_err("sparsemm: deferred init: section %lu (pfns [%#lx-%#lx)) %s\n",
			       nr, section_nr_to_pfn(nr),
			       section_nr_to_pfn(nr + 1),
			       done ? "initialized, but it is not a present early section" :
				      "missed: no CPU initialized it");
	}
	if (doubled) {
		pr_err("sparsemm: deferred init: %lu sections initialized more than once\n",
		       doubled);
		bad += doubled;
	}
	if (bad_cpus) {
		pr_err("sparsemm: deferred init: %lu jobs ran on a CPU numbered %u or above\n",
		       bad_cpus, stats.nr_cpus);
		bad += bad_cpus;
	}
	/* What memmap_init_chunk reports it wrote against what the plan
	 * holds: catches a chunk that stops short inside its sections. */
	for (nid = 0; nid < MAX_NUMNODES; nid++)
		want += stats.node[nid].pages;
	if (stats.pages != want) {
		pr_err("sparsemm: deferred init: the CPUs initialized %lu struct pages, the present sections hold %lu\n",
		       stats.pages, want);
		bad++;
	}
	return bad;
}

static unsigned long long to_ms(u64 cycles)
{
	return (unsigned long long)(cycles * 1000 / arch_cycles_per_sec());
}

void deferred_init_print(void)
{
	unsigned int cpu;
	int nid;

	if (!stats.valid)
		return;
	for (nid = 0; nid < MAX_NUMNODES; nid++)
		if (node_sections[nid])
			pr_info("node %d deferred pages initialised in %llums\n",
				nid, to_ms(stats.node[nid].cycles));
	for (cpu = 0; cpu < stats.nr_cpus; cpu++)
		pr_info("sparsemm: deferred init: CPU %u (node %d): %lu struct pages (%lu node-local) in %llu ms\n",
			cpu, stats.cpu[cpu].node, stats.cpu[cpu].pages,
			stats.cpu[cpu].local_pages,
			to_ms(stats.cpu[cpu].cycles));
	pr_info("sparsemm: deferred init: %lu struct pages on %u CPUs in %llu ms; all of them deferred (Linux first initializes each node's lower zones and the start of its highest zone on the boot CPU)\n",
		stats.pages, stats.nr_cpus, to_ms(stats.wall_cycles));
}

int memmap_init(void)
{
	u64 t0 = arch_cycles();
	unsigned int nr_cpus = 1, cpu;
	unsigned long bad;

	if (boot_cpus)
		nr_cpus =
			MIN(MAX(boot_cpus->nr_cpus, 1u), (unsigned int)NR_CPUS);
	plan(nr_cpus);
	start_cycles = arch_cycles();
	if (boot_cpus)
		boot_cpus->run(nr_cpus, deferred_init_job, NULL);
	else
		deferred_init_job(NULL);
	stats.wall_cycles = arch_cycles() - start_cycles;
	for (cpu = 0; cpu < nr_cpus; cpu++)
		stats.pages += stats.cpu[cpu].pages;
	stats.valid = true;
	bad = deferred_init_check();
	memmap_init_cycles = arch_cycles() - t0;
	return bad ? -EINVAL : 0;
}
