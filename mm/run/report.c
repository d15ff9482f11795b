// SPDX-License-Identifier: MIT
/*
 * The end-of-run report (include/run/report.h): a summary for people,
 * then one JSON object between marker lines for scripts, with the same
 * content.  docs/report.md documents every field.
 *
 * The JSON goes through json_writer.c; Linux's /proc files (dump=) and
 * their JSON members are report_proc.c's.
 */
#include "json_writer.h"
#include "report_memmap.h"
#include "report_proc.h"

#include <lib/ktap.h>
#include <lib/printk.h>
#include <run/report.h>
#include <lib/config.h>
#include <lib/string.h>
#include <mm/fw_map.h>
#include <mm/mmzone.h>
#include <mm/sparse.h>
#include <stress/stress.h>

#include <arch/arch.h>

#define pr_rep(fmt, ...) \
	printk(KERN_ALERT "sparsemm: report: " fmt, ##__VA_ARGS__)

/* ---- pieces ------------------------------------------------------------------ */

static const char *result_name(int r)
{
	return r == KTAP_OK ? "ok" : r == KTAP_SKIP ? "skip" : "not ok";
}

static void json_machine(struct jw *w, const struct report_machine *m)
{
	if (!m) {
		jw_raw(w, "machine", "null");
		return;
	}
	jw_open(w, "machine", '{');
	jw_str(w, "vendor", m->sys_vendor);
	jw_str(w, "product", m->product);
	jw_str(w, "bios_version", m->bios_version);
	jw_str(w, "firmware_vendor", m->fw_vendor);
	jw_raw(w, "firmware_revision", "\"%#x\"", m->fw_revision);
	jw_str(w, "runtime_services_disabled",
	       m->runtime_fault ? m->runtime_fault() : NULL);
	jw_close(w, '}');
}

static void json_mce(struct jw *w, const struct report_mce *r)
{
	char flags[64], what[96];

	jw_open(w, NULL, '{');
	jw_u64(w, "cpu", r->m.cpu);
	jw_u64(w, "bank", r->m.bank);
	jw_hex(w, "status", r->m.status);
	jw_hex(w, "mcgstatus", r->m.mcgstatus);
	if (r->m.status & MCI_STATUS_ADDRV)
		jw_hex(w, "addr", r->m.addr);
	else
		jw_raw(w, "addr", "null");
	if (r->m.status & MCI_STATUS_MISCV)
		jw_hex(w, "misc", r->m.misc);
	else
		jw_raw(w, "misc", "null");
	jw_raw(w, "corrected", "%s",
	       mce_is_corrected(r->m.status) ? "true" : "false");
	jw_str(w, "flags", mce_status_flags(r->m.status, flags, sizeof(flags)));
	jw_str(w, "class", mce_class_name(mce_error_class(r->m.status)));
	jw_str(w, "error_code",
	       mce_error_code_describe(r->m.status, what, sizeof(what)));
	jw_raw(w, "at_start", "%s", r->at_start ? "true" : "false");
	jw_str(w, "when", r->when);
	if (r->has_pa)
		jw_hex(w, "phys", r->pa);
	else
		jw_raw(w, "phys", "null");
	jw_str(w, "dimm", r->dimm[0] ? r->dimm : NULL);
	jw_close(w, '}');
}

static void json_dimms(struct jw *w, const struct smbios_mem *d)
{
	jw_open(w, "dimms", '[');
	for (unsigned int i = 0; d && i < d->nr_dimms; i++) {
		const struct smbios_dimm *m = &d->dimm[i];

		jw_open(w, NULL, '{');
		jw_str(w, "locator", m->locator);
		jw_str(w, "bank_locator", m->bank_locator);
		jw_u64(w, "size_bytes", m->size);
		jw_open(w, "mapped", '[');
		for (unsigned int j = 0; j < m->nr_ranges; j++) {
			char t[96];

			scnprintf(
				t, sizeof(t),
				"{ \"start\": \"%#018llx\", \"end\": \"%#018llx\" }",
				(unsigned long long)m->range[j].start,
				(unsigned long long)m->range[j].end);
			jw_member(w, t);
		}
		jw_close(w, ']');
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

static void json_hardware(struct jw *w, const struct report_hw *h)
{
	if (!h) {
		jw_raw(w, "hardware", "null");
		return;
	}
	jw_open(w, "hardware", '{');
	jw_raw(w, "mca", "%s", h->mca ? "true" : "false");
	jw_u64(w, "mce_banks", h->mce_banks);
	jw_raw(w, "cmci", "%s", h->cmci ? "true" : "false");
	jw_str(w, "ecc_policy", h->ecc_warn ? "warn" : "fail");
	jw_raw(w, "nmi",
	       "{ \"unknown\": %llu, \"serr\": %llu, \"iochk\": %llu }",
	       (unsigned long long)h->nmi_unknown,
	       (unsigned long long)h->nmi_serr,
	       (unsigned long long)h->nmi_iochk);
	jw_u64(w, "mce_corrected", h->mce_corrected);
	jw_u64(w, "mce_uncorrected", h->mce_uncorrected);
	jw_open(w, "mce", '[');
	for (unsigned int i = 0; i < h->nr_mce; i++)
		json_mce(w, &h->mce[i]);
	jw_close(w, ']');
	json_dimms(w, h->dimms);
	jw_close(w, '}');
}

static void json_suites(struct jw *w, const struct stress_results *r)
{
	jw_open(w, "suites", '[');
	for (unsigned int i = 0; r && i < r->nr_suites; i++) {
		const struct stress_suite_result *s = &r->suites[i];

		jw_open(w, NULL, '{');
		jw_str(w, "name", s->name);
		jw_str(w, "result", result_name(s->result));
		jw_str(w, "skip_reason",
		       s->result == KTAP_SKIP ? s->skip_reason : NULL);
		jw_u64(w, "cases_passed", s->cases_passed);
		jw_u64(w, "cases_failed", s->cases_failed);
		jw_u64(w, "cases_skipped", s->cases_skipped);
		jw_u64(w, "passes", s->passes);
		jw_u64(w, "ops", s->ops);
		jw_u64(w, "errors", s->errors);
		jw_u64(w, "ms", s->ns / 1000000);
		jw_raw(w, "ns_per_op", "%llu.%03llu",
		       (unsigned long long)(s->ps_per_op / 1000),
		       (unsigned long long)(s->ps_per_op % 1000));
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

static void json_errors(struct jw *w, const struct stress_results *r)
{
	jw_u64(w, "errors_total", r ? r->total_errors : 0);
	jw_open(w, "errors", '[');
	for (unsigned int i = 0; r && i < r->nr_errors; i++) {
		const struct stress_error *e = &r->errors[i];

		jw_open(w, NULL, '{');
		jw_str(w, "suite", e->suite);
		jw_str(w, "case", e->case_name);
		jw_str(w, "what", e->what);
		if (e->has_pa)
			jw_hex(w, "phys", e->pa);
		else
			jw_raw(w, "phys", "null");
		if (e->has_values) {
			jw_hex(w, "expected", e->expected);
			jw_hex(w, "found", e->found);
			jw_hex(w, "xor", e->expected ^ e->found);
		} else {
			jw_raw(w, "expected", "null");
			jw_raw(w, "found", "null");
			jw_raw(w, "xor", "null");
		}
		jw_str(w, "dimm", e->has_dimm ? e->dimm : NULL);
		if (e->has_pa && e->map_entry >= 0) {
			char buf[96];

			jw_raw(w, "map_entry",
			       "{ \"index\": %u, \"type\": %s }",
			       e->map_src_index,
			       jstr(buf, sizeof(buf), e->map_type));
		} else {
			jw_raw(w, "map_entry", "null");
		}
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

static void json_pattern(struct jw *w, const struct stress_results *r)
{
	if (!r || !r->pattern_run) {
		jw_raw(w, "pattern", "null");
		return;
	}
	jw_open(w, "pattern", '{');
	jw_str(w, "mode", r->pattern_full ? "full" : "sparse");
	jw_u64(w, "managed_pages", r->pattern_managed_pages);
	jw_u64(w, "covered_pages", r->pattern_covered_pages);
	jw_u64(w, "covered_bytes", r->pattern_covered_pages * PAGE_SIZE);
	jw_u64(w, "covered_permille",
	       r->pattern_managed_pages ? r->pattern_covered_pages * 1000 /
						  r->pattern_managed_pages :
					  0);
	jw_u64(w, "bytes_verified", r->pattern_bytes_verified);
	jw_u64(w, "sweeps", r->pattern_sweeps);
	jw_close(w, '}');
}

static void json_zero_rates(struct jw *w, const struct stress_results *r)
{
	jw_open(w, "zeroing_rates", '[');
	for (unsigned int i = 0; r && i < r->nr_zero_rates; i++) {
		const struct stress_zero_rate *z = &r->zero_rates[i];

		jw_open(w, NULL, '{');
		jw_u64(w, "order", z->order);
		jw_u64(w, "bytes", z->bytes);
		jw_u64(w, "gfp_zero_ns", z->gfp_zero_ns);
		jw_u64(w, "clear_ns", z->clear_ns);
		jw_u64(w, "percent_of_clear",
		       z->gfp_zero_ns ? z->clear_ns * 100 / z->gfp_zero_ns : 0);
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

static void json_frag(struct jw *w, const struct stress_results *r)
{
	jw_open(w, "fragmentation", '[');
	for (unsigned int i = 0; r && i < r->nr_frag; i++) {
		const struct stress_frag_zone *f = &r->frag[i];
		char a[200], b[200];
		int na = 0, nb = 0;

		for (unsigned int o = 0; o < STRESS_NR_ORDERS; o++) {
			na += scnprintf(a + na, sizeof(a) - na, "%s%lu",
					o ? ", " : "", f->nr_free[o]);
			nb += scnprintf(b + nb, sizeof(b) - nb, "%s%u",
					o ? ", " : "", f->unusable_permille[o]);
		}
		jw_open(w, NULL, '{');
		jw_u64(w, "node", (u64)f->nid);
		jw_str(w, "zone", f->zone);
		jw_u64(w, "free_pages", f->free_pages);
		jw_raw(w, "free_blocks", "[%s]", a);
		jw_raw(w, "unusable_index", "[%s]", b);
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

static void json_model(struct jw *w, const struct report_model *m)
{
	if (!m || !m->valid) {
		jw_raw(w, "model", "null");
		return;
	}
	jw_open(w, "model", '{');
	jw_str(w, "name", m->name);
	jw_u64(w, "present_sections", m->present_sections);
	jw_u64(w, "present_bytes", m->present_bytes);
	jw_u64(w, "memmap_bytes", m->memmap_bytes);
	jw_u64(w, "memmap_bytes_per_gib",
	       m->present_bytes ?
		       m->memmap_bytes * (1ULL << 30) / m->present_bytes :
		       0);
	jw_u64(w, "hole_bytes", m->hole_bytes);
	jw_u64(w, "usage_bytes", m->usage_bytes);
	jw_u64(w, "pgtable_pages", m->pgtable_pages);
	jw_u64(w, "root_pages", m->root_pages);
	jw_u64(w, "sparse_init_ns", m->sparse_init_ns);
	jw_u64(w, "memmap_init_ns", m->memmap_init_ns);
	jw_raw(w, "pfn_to_page_ns", "%llu.%03llu",
	       (unsigned long long)(m->pfn_to_page_ps / 1000),
	       (unsigned long long)(m->pfn_to_page_ps % 1000));
	jw_raw(w, "page_to_pfn_ns", "%llu.%03llu",
	       (unsigned long long)(m->page_to_pfn_ps / 1000),
	       (unsigned long long)(m->page_to_pfn_ps % 1000));
	jw_raw(w, "cost_bytes",
	       "{ \"vmemmap\": %llu, \"sparse\": %llu, \"flatmem\": %llu }",
	       (unsigned long long)m->cost_vmemmap_bytes,
	       (unsigned long long)m->cost_sparse_bytes,
	       (unsigned long long)m->cost_flatmem_bytes);
	report_json_memmap_init(w, m->memmap_init);
	jw_close(w, '}');
}

static void json_diags(struct jw *w, const struct map_diag_sink *d)
{
	if (!d) {
		jw_raw(w, "map_diagnostics", "null");
		return;
	}
	jw_open(w, "map_diagnostics", '{');
	jw_u64(w, "total",
	       (u64)d->by_severity[MAP_DIAG_INFO] +
		       d->by_severity[MAP_DIAG_WARN] +
		       d->by_severity[MAP_DIAG_ERROR]);
	jw_u64(w, "info", d->by_severity[MAP_DIAG_INFO]);
	jw_u64(w, "warn", d->by_severity[MAP_DIAG_WARN]);
	jw_u64(w, "error", d->by_severity[MAP_DIAG_ERROR]);
	jw_open(w, "by_label", '{');
	for (unsigned int i = 0; i < MAP_DIAG_NR_LABELS; i++)
		jw_u64(w, map_diag_label_name((enum map_diag_label)i),
		       d->count[i]);
	jw_close(w, '}');
	jw_close(w, '}');
}

/* ---- the summary ---------------------------------------------------------------- */

static void summary_hardware(const struct report_hw *h)
{
	pr_rep("hardware: NMIs not sent by sparsemm: %llu (unknown %llu, SERR %llu, IOCHK %llu)\n",
	       (unsigned long long)(h->nmi_unknown + h->nmi_serr +
				    h->nmi_iochk),
	       (unsigned long long)h->nmi_unknown,
	       (unsigned long long)h->nmi_serr,
	       (unsigned long long)h->nmi_iochk);
	if (!h->mca) {
		pr_rep("hardware: machine checks: the CPU has no MCA; errors could not be seen\n");
	} else {
		pr_rep("hardware: machine checks: %llu corrected, %llu uncorrected (%u banks, ecc=%s)\n",
		       (unsigned long long)h->mce_corrected,
		       (unsigned long long)h->mce_uncorrected, h->mce_banks,
		       h->ecc_warn ? "warn" : "fail");
	}
	for (unsigned int i = 0; i < h->nr_mce; i++) {
		const struct report_mce *r = &h->mce[i];
		char what[96], at[40] = "";

		if (r->has_pa)
			scnprintf(at, sizeof(at), " at phys %#llx",
				  (unsigned long long)r->pa);
		pr_rep("  CPU %u bank %u, %s %s: %s%s%s%s\n", r->m.cpu,
		       r->m.bank,
		       mce_is_corrected(r->m.status) ? "corrected" :
						       "UNCORRECTED",
		       r->when,
		       mce_error_code_describe(r->m.status, what, sizeof(what)),
		       at, r->dimm[0] ? ", DIMM " : "", r->dimm);
	}
	if (h->dimms && h->dimms->nr_dimms)
		pr_rep("hardware: %u DIMMs in SMBIOS (%u slots)\n",
		       h->dimms->nr_dimms, h->dimms->nr_slots);
}

static void summary(const struct report_input *in)
{
	const struct stress_results *r = in->stress;
	const struct report_machine *m = in->machine;
	const struct report_model *mo = in->model;

	pr_rep("----------------------------------------------------------------\n");
	if (m)
		pr_rep("machine: %s %s, BIOS %s, firmware %s rev %#x\n",
		       m->sys_vendor ? m->sys_vendor : "?",
		       m->product ? m->product : "?",
		       m->bios_version ? m->bios_version : "?",
		       m->fw_vendor ? m->fw_vendor : "?", m->fw_revision);
	if (m && m->runtime_fault && m->runtime_fault())
		pr_rep("firmware runtime services disabled mid-run: %s\n",
		       m->runtime_fault());
	if (r && r->valid) {
		pr_rep("seed %#018llx (replay with seed=%#llx), passes=%u%s, %llu.%03llu s\n",
		       (unsigned long long)r->seed, (unsigned long long)r->seed,
		       r->passes, r->duration_s ? " by duration" : "",
		       (unsigned long long)(r->elapsed_ns / 1000000000ULL),
		       (unsigned long long)(r->elapsed_ns / 1000000 % 1000));
		pr_rep("%-18s %-7s %5s %5s %5s %12s %10s %12s\n", "suite",
		       "result", "ok", "fail", "skip", "ops", "ms", "ns/op");
		for (unsigned int i = 0; i < r->nr_suites; i++) {
			const struct stress_suite_result *s = &r->suites[i];

			pr_rep("%-18s %-7s %5u %5u %5u %12llu %10llu %8llu.%03llu\n",
			       s->name, result_name(s->result), s->cases_passed,
			       s->cases_failed, s->cases_skipped,
			       (unsigned long long)s->ops,
			       (unsigned long long)(s->ns / 1000000),
			       (unsigned long long)(s->ps_per_op / 1000),
			       (unsigned long long)(s->ps_per_op % 1000));
		}
		pr_rep("failed checks: %llu (%u listed)\n",
		       (unsigned long long)r->total_errors, r->nr_errors);
		for (unsigned int i = 0; i < r->nr_errors; i++) {
			const struct stress_error *e = &r->errors[i];

			if (e->has_pa)
				pr_rep("  %s/%s: %s at phys %#llx%s%s%s%s\n",
				       e->suite, e->case_name, e->what,
				       (unsigned long long)e->pa,
				       e->map_entry >= 0 ?
					       " in " :
					       " outside the map's RAM",
				       e->map_entry >= 0 ? e->map_type : "",
				       e->has_dimm ? ", DIMM " : "",
				       e->has_dimm ? e->dimm : "");
			else
				pr_rep("  %s/%s: %s\n", e->suite, e->case_name,
				       e->what);
		}
		if (r->pattern_run)
			pr_rep("pattern (%s): covered %llu of %llu managed pages (%llu.%llu%%), %llu MiB verified in %u sweeps\n",
			       r->pattern_full ? "full" : "sparse",
			       (unsigned long long)r->pattern_covered_pages,
			       (unsigned long long)r->pattern_managed_pages,
			       (unsigned long long)(r->pattern_managed_pages ?
							    r->pattern_covered_pages *
								    100 /
								    r->pattern_managed_pages :
							    0),
			       (unsigned long long)(r->pattern_managed_pages ?
							    r->pattern_covered_pages *
								    1000 /
								    r->pattern_managed_pages %
								    10 :
							    0),
			       (unsigned long long)(r->pattern_bytes_verified >>
						    20),
			       r->pattern_sweeps);
		for (unsigned int i = 0; i < r->nr_frag; i++)
			pr_rep("fragmentation: node %d %-8s free %lu pages, unusable index order 0/3/9/10: %u %u %u %u (per mille)\n",
			       r->frag[i].nid, r->frag[i].zone,
			       r->frag[i].free_pages,
			       r->frag[i].unusable_permille[0],
			       r->frag[i].unusable_permille[3],
			       r->frag[i].unusable_permille[9],
			       r->frag[i].unusable_permille[10]);
	}
	if (m && m->hw)
		summary_hardware(m->hw);
	if (mo && mo->valid)
		pr_rep("model %s: memmap %llu KiB for %llu MiB present (%llu KiB holes), usage maps %llu KiB, %lu page-table pages\n",
		       mo->name, (unsigned long long)(mo->memmap_bytes >> 10),
		       (unsigned long long)(mo->present_bytes >> 20),
		       (unsigned long long)(mo->hole_bytes >> 10),
		       (unsigned long long)(mo->usage_bytes >> 10),
		       mo->pgtable_pages);
	if (in->map_diags)
		pr_rep("map diagnostics: %u info, %u warn, %u error\n",
		       in->map_diags->by_severity[MAP_DIAG_INFO],
		       in->map_diags->by_severity[MAP_DIAG_WARN],
		       in->map_diags->by_severity[MAP_DIAG_ERROR]);
	pr_rep("verdict: %s\n", in->verdict ? in->verdict : "?");
}

void report_print(const struct report_input *in)
{
	const struct stress_results *r =
		in->stress && in->stress->valid ? in->stress : NULL;
	struct jw w = { 0 };

	summary(in);
	report_print_dumps(in->dump);
	printk(KERN_ALERT REPORT_JSON_BEGIN "\n");
	jw_open(&w, NULL, '{');
	jw_u64(&w, "version", REPORT_VERSION);
	jw_str(&w, "verdict", in->verdict);
	if (r)
		jw_hex(&w, "seed", r->seed);
	else
		jw_raw(&w, "seed", "null");
	jw_u64(&w, "passes", r ? r->passes : 0);
	jw_u64(&w, "duration_s", r ? r->duration_s : 0);
	jw_u64(&w, "elapsed_ms", r ? r->elapsed_ns / 1000000 : 0);
	jw_raw(&w, "stress_pass", "%s",
	       !r      ? "null" :
	       r->pass ? "true" :
			 "false");
	json_machine(&w, in->machine);
	json_hardware(&w, in->machine ? in->machine->hw : NULL);
	json_suites(&w, r);
	json_errors(&w, r);
	json_pattern(&w, r);
	json_zero_rates(&w, r);
	json_frag(&w, r);
	json_model(&w, in->model);
	json_diags(&w, in->map_diags);
	report_json_buddyinfo(&w, in->dump);
	report_json_pagetypeinfo(&w, in->dump);
	report_json_zoneinfo(&w, in->dump);
	jw_close(&w, '}');
	jw_flush(&w, false);
	printk(KERN_ALERT REPORT_JSON_END "\n");
}

/* ---- model figures from mm/sparse ---------------------------------------------- */

/* Cycles to nanoseconds without overflow for runs up to years. */
u64 report_cycles_to_ns(u64 c)
{
	u64 hz = arch_cycles_per_sec();

	if (!hz)
		return 0;
	return (c / hz) * 1000000000ULL + (c % hz) * 1000000000ULL / hz;
}

void report_model_from_sparse(struct report_model *m)
{
	static struct sparse_stats st;
	unsigned long pfn, n = 0, sum = 0;
	u64 t0, t1, t2;

	sparse_get_stats(&st);
	*m = (struct report_model){
		.valid = true,
		.name = memory_model_name,
		.present_sections = st.present_sections,
		.present_bytes = st.present_bytes,
		.memmap_bytes = st.memmap_bytes,
		.hole_bytes = st.hole_bytes,
		.usage_bytes = st.usage_bytes,
		.pgtable_pages = st.pgtable_pages,
		.root_pages = st.root_pages,
		.cost_vmemmap_bytes =
			st.cost_vmemmap_memmap + st.cost_vmemmap_pgtables,
		.cost_sparse_bytes = st.cost_sparse_memmap,
		.cost_flatmem_bytes = st.cost_flatmem_memmap,
	};
	/* Time the converters over up to 2^20 valid pfns. */
	t0 = arch_cycles();
	for (pfn = 0; n < (1UL << 20) &&
		      pfn_to_section_nr(pfn) <= __highest_present_section_nr;
	     pfn++) {
		if (!pfn_valid(pfn)) {
			pfn = ALIGN_UP(pfn + 1, PAGES_PER_SECTION) - 1;
			continue;
		}
		sum += (unsigned long)pfn_to_page(pfn);
		n++;
	}
	t1 = arch_cycles();
	for (unsigned long i = 0, p = 0; i < n; i++, p++) {
		while (!pfn_valid(p))
			p = ALIGN_UP(p + 1, PAGES_PER_SECTION);
		sum += page_to_pfn(pfn_to_page(p));
	}
	t2 = arch_cycles();
	if (n) {
		u64 a = report_cycles_to_ns(t1 - t0);
		u64 b = report_cycles_to_ns(t2 - t1);

		m->pfn_to_page_ps = a * 1000 / n;
		m->page_to_pfn_ps = b > a ? (b - a) * 1000 / n : 0;
	}
	m->sparse_init_ns = report_cycles_to_ns(st.sparse_init_cycles);
	m->memmap_init_ns = report_cycles_to_ns(st.memmap_init_cycles);
	m->memmap_init = deferred_init_stats();
	(void)sum;
}

bool report_finish(const struct ktap_suite *top,
		   const struct report_machine *machine,
		   const struct map_diag_sink *diags,
		   const struct stress_results *stress, unsigned int dump)
{
	bool ok = ktap_suite_ok(top);
	struct report_model model;

	report_model_from_sparse(&model);
	report_print(&(struct report_input){ .machine = machine,
					     .map_diags = diags,
					     .model = &model,
					     .stress = stress,
					     .verdict = ok ? "pass" : "fail",
					     .dump = dump });
	return ok;
}
