// SPDX-License-Identifier: MIT
/*
 * model.memmap_init in the report's JSON (docs/report.md): what each node
 * and each CPU did in memmap_init() (mm/deferred_init.c), so that the
 * split of the struct page work over the CPUs can be checked after a run.
 *
 * What it owns: nothing; it formats deferred_init_stats().
 * Who calls it: report.c's model object.
 */
#include "report_memmap.h"

static void json_nodes(struct jw *w, const struct deferred_init_stats *s)
{
	jw_open(w, "nodes", '[');
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		if (!s->node[nid].pages)
			continue;
		jw_open(w, NULL, '{');
		jw_raw(w, "node", "%d", nid);
		jw_u64(w, "struct_pages", s->node[nid].pages);
		jw_u64(w, "nr_cpus", s->node[nid].nr_cpus);
		jw_u64(w, "ns", report_cycles_to_ns(s->node[nid].cycles));
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

static void json_cpus(struct jw *w, const struct deferred_init_stats *s)
{
	jw_open(w, "cpus", '[');
	for (unsigned int cpu = 0; cpu < s->nr_cpus; cpu++) {
		jw_open(w, NULL, '{');
		jw_u64(w, "cpu", cpu);
		jw_raw(w, "node", "%d", s->cpu[cpu].node);
		jw_u64(w, "struct_pages", s->cpu[cpu].pages);
		jw_u64(w, "local_struct_pages", s->cpu[cpu].local_pages);
		jw_u64(w, "ns", report_cycles_to_ns(s->cpu[cpu].cycles));
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

void report_json_memmap_init(struct jw *w, const struct deferred_init_stats *s)
{
	if (!s || !s->valid) {
		jw_raw(w, "memmap_init", "null");
		return;
	}
	jw_open(w, "memmap_init", '{');
	jw_u64(w, "nr_cpus", s->nr_cpus);
	jw_u64(w, "struct_pages", s->pages);
	jw_u64(w, "wall_ns", report_cycles_to_ns(s->wall_cycles));
	/* sparsemm defers every struct page; Linux only part of them. */
	jw_raw(w, "all_deferred", "true");
	json_nodes(w, s);
	json_cpus(w, s);
	jw_close(w, '}');
}
