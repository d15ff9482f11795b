/* SPDX-License-Identifier: MIT */
/*
 * The GFP stress suites: the API the firmware app and the host simulator
 * call, and the results the end-of-run report reads.
 *
 * A caller (efi/post_exit/post_exit.c, tools/sim/main.c, tests/unit/test_stress.c)
 * builds the memory model and the buddy allocator, begins its top-level
 * KTAP suite with room for stress_nr_results() more results, fills a
 * struct stress_env and calls stress_run_all().  Each suite then appears
 * as one subtest of the top level (depth 1, its cases as results at depth
 * 1 and the per-order / per-flag parameters of a case as a depth-2
 * subtest), followed by its "ok N name" line at depth 0.  The results stay
 * readable afterwards through stress_last_results() for mm/run/report.c.
 *
 * docs/suites.md says what every suite proves and how to read a failure.
 */
#ifndef STRESS_STRESS_H
#define STRESS_STRESS_H

#include <lib/config.h>
#include <lib/ktap.h>
#include <lib/types.h>
#include <mm/hotplug.h>

/* ---- what the caller passes ------------------------------------------- */

/*
 * One RAM range of the firmware map, to name the entry an error lies in
 * ("mem07 [0x...-0x...) Conventional").  [start, end) physical; type_name
 * a static string; src_index the entry's number in the firmware's map.
 */
struct stress_ram_range {
	phys_addr_t start;
	phys_addr_t end;
	const char *type_name;
	u32 src_index;
};

struct stress_ctx;
struct stress_smp;

/*
 * A check the platform registers to run after the portable suites (the
 * firmware's runtime services, ACPI checksums, runtime-region CRCs).  It
 * is run like a suite: a KTAP subtest named 'name' with 'nr_cases' cases,
 * reporting through stress_case_fail()/stress_case_skip()/stress_ops()
 * below.  run() returns 0, or -ENOENT to skip the whole check (after
 * stress_suite_skip()).  'data' is passed back.
 */
struct stress_platform_check {
	const char *name;
	const char *const *cases;
	unsigned int nr_cases;
	int (*run)(struct stress_ctx *ctx, void *data);
	void *data;
	/* Runs whatever suites= selects, unless exclude= names it (a check
	 * of the machine rather than a suite: machine_check). */
	bool unless_excluded;
};

/*
 * Debug injections for the negative tests (docs/suites.md, "Negative
 * tests"): bits of DEBUG_INJECT_* (<lib/config.h>).  The runner ORs
 * cfg->debug_inject into 'inject'.  Each one plants one fault through a
 * hook in the matching suite, which must then report `not ok`:
 *   DEBUG_INJECT_CORRUPT_FREELIST: churn unlinks a free block's PageBuddy
 *     mark before its free-list check; the check names the page;
 *   DEBUG_INJECT_LEAK_PAGE: exhaustion keeps one page it allocated; the
 *     "everything returns" check names the zone and the count;
 *   DEBUG_INJECT_FLIP_BIT: pattern flips bit 'flip_bit' (default 17) of
 *     one word of a filled page; the verify names the physical address,
 *     expected and found values and the map entry.
 */
struct stress_debug {
	unsigned int inject;
	unsigned int flip_bit; /* 0..63; 0 = default (17) */
};

/*
 * Progress callback (may be NULL): called every time the runner prints a
 * progress line, so that the platform can also draw it in place on a
 * screen.  percent is of the current suite's current pass.
 */
struct stress_progress {
	const char *suite;
	unsigned int pass; /* 1-based */
	unsigned int passes; /* 0 = by duration */
	unsigned int percent;
	u64 elapsed_ms; /* since stress_run_all began */
	u64 errors; /* failed checks so far, all suites */
};

struct stress_env {
	const struct sparsemm_config *cfg; /* seed=, suites=, passes=, ... */
	struct ktap_suite *top; /* begun by the caller, depth 0 */
	const struct stress_ram_range *ram; /* may be NULL */
	unsigned int nr_ram;
	const struct stress_platform_check *platform; /* may be NULL */
	unsigned int nr_platform;
	const struct hotplug_range *hotplug; /* may be NULL */
	unsigned int nr_hotplug;
	struct stress_debug debug;
	/* Seed when cfg has none (seed_given false); 0: from arch_cycles(). */
	u64 seed;
	/* Seconds between progress lines; 0: 5. */
	unsigned int progress_interval_s;
	void (*progress)(const struct stress_progress *p, void *data);
	void *progress_data;
	/* Hardware hooks, NULL when the platform has none.  after_pass runs
	 * after each pass of each suite (the machine-check poll);
	 * dimm_name names the DIMM that holds pa in error reports. */
	void (*after_pass)(const char *suite, unsigned int pass, void *data);
	/* The CPUs, for suites that run on all of them (memtest); NULL:
	 * the calling CPU only. */
	const struct stress_smp *smp;
	const char *(*dimm_name)(phys_addr_t pa, char *buf, size_t size,
				 void *data);
	void *hw_data;
};

/* ---- results (read by mm/run/report.c) ------------------------------------ */

#define STRESS_MAX_SUITES 20
#define STRESS_MAX_ERRORS 32
#define STRESS_MAX_FRAG_ZONES 16
#define STRESS_NR_ORDERS 11 /* orders 0..MAX_PAGE_ORDER */

/* One failed check, as the report lists it. */
struct stress_error {
	const char *suite;
	const char *case_name;
	bool has_pa;
	phys_addr_t pa;
	bool has_values;
	u64 expected, found;
	int map_entry; /* index into env->ram, -1 when outside */
	u32 map_src_index; /* the firmware map's entry number */
	const char *map_type;
	bool has_dimm;
	char dimm[48]; /* env->dimm_name's answer */
	char what[112]; /* one sentence */
};

struct stress_suite_result {
	const char *name;
	enum ktap_result result;
	const char *skip_reason; /* for KTAP_SKIP */
	unsigned int cases_passed, cases_failed, cases_skipped;
	unsigned int passes; /* passes run */
	u64 ops; /* allocations, frees, checks */
	u64 errors; /* failed checks */
	u64 ns; /* time spent */
	u64 ps_per_op; /* picoseconds per op (ns with 3 digits) */
};

/* Free memory of one zone by order, and the unusable free space index. */
struct stress_frag_zone {
	int nid;
	const char *zone;
	unsigned long free_pages;
	unsigned long nr_free[STRESS_NR_ORDERS]; /* blocks per order */
	unsigned int unusable_permille[STRESS_NR_ORDERS];
};

struct stress_results {
	bool valid; /* stress_run_all has run */
	u64 seed;
	unsigned int passes; /* passes= */
	unsigned int duration_s; /* duration= (0: by passes) */
	unsigned int nr_suites;
	struct stress_suite_result suites[STRESS_MAX_SUITES];
	unsigned int nr_errors; /* kept in errors[] */
	u64 total_errors; /* all failed checks */
	struct stress_error errors[STRESS_MAX_ERRORS];
	/* The pattern suite. */
	bool pattern_run;
	bool pattern_full; /* pattern=full: every word */
	u64 pattern_managed_pages; /* managed pages when it ran */
	u64 pattern_covered_pages; /* distinct pages filled and verified */
	u64 pattern_bytes_verified;
	unsigned int pattern_sweeps;
	/* __GFP_ZERO's rate beside the platform's clear of the same block
	 * (the zeroing suite's first pass), per order. */
	unsigned int nr_zero_rates;
	struct stress_zero_rate {
		unsigned int order;
		u64 bytes; /* zeroed on each side */
		u64 gfp_zero_ns; /* alloc(__GFP_ZERO) + free, all of them */
		u64 clear_ns; /* arch_clear_pages() of one held block */
	} zero_rates[STRESS_NR_ORDERS];
	/* Fragmentation, from the churn suite's last phase. */
	unsigned int nr_frag;
	struct stress_frag_zone frag[STRESS_MAX_FRAG_ZONES];
	u64 elapsed_ns;
	bool pass; /* every suite ok or skipped */
};

/* ---- the API ------------------------------------------------------------- */

/*
 * The number of results stress_run_all() adds to env->top: one per suite
 * of the table and per platform check (selected or not: an unselected
 * suite reports "# SKIP not selected").  For the caller's KTAP plan.
 */
unsigned int stress_nr_results(const struct stress_env *env);

/*
 * Run every selected suite over the memory the buddy allocator manages,
 * passes= times each (or for an equal share of duration=), print the seed,
 * KTAP and progress lines.  Needs: the allocator initialised, memory
 * freed into it, no other allocator user running.  Returns 0 when every
 * suite passed or was skipped, -EIO when one failed, -EINVAL for a bad env
 * (NULL cfg or top).
 */
int stress_run_all(const struct stress_env *env);

/*
 * Fill out[] (at most cap) with the RAM entries of a sanitized firmware
 * map (mm/stress/map_ranges.c); returns how many.
 */
struct fw_map_entry;
unsigned int stress_ram_from_map(const struct fw_map_entry *map,
				 unsigned int nr, struct stress_ram_range *out,
				 unsigned int cap);

/*
 * The suite running now and its pass, for naming what a hardware error
 * interrupted; false outside stress_run_all().
 */
bool stress_current(const char **suite, unsigned int *pass);

/*
 * End the run from a handler (a machine check) while a suite may be in
 * the middle of its work: the running suite's remaining cases and its
 * top-level line become `not ok` with 'reason', every suite not yet run
 * `ok ... # SKIP not run: reason`, so that the KTAP document stays
 * complete; the results say FAILED.  Does nothing outside
 * stress_run_all().  Never returns to the interrupted suite: the caller
 * ends the run.
 */
void stress_abort(const char *reason);

/*
 * A physical address the hardware reported, for a machine-check report:
 * "pfn 0x12345 section 2, node 0 zone DMA32, free in the buddy lists
 * (order 3); suite churn pass 1 running" (mm/stress/hw_describe.c).
 */
void stress_describe_phys(phys_addr_t pa, char *buf, size_t size);

/* The results of the last stress_run_all() (valid false before it). */
const struct stress_results *stress_last_results(void);

/* Names of the suites in table order, for docs and for suites= checks. */
unsigned int stress_suite_names(const char *const **names);

/* ---- for platform checks (and the suites themselves) ------------------- */

/* Case 'c' failed: print "# <case>: <message>" (rate-limited) and count. */
void stress_case_fail(struct stress_ctx *ctx, unsigned int c, const char *fmt,
		      ...) __printf(3, 4);
/* Case 'c' is skipped with a reason (unless it also failed). */
void stress_case_skip(struct stress_ctx *ctx, unsigned int c,
		      const char *reason);
/* Skip the whole suite: every case SKIP with this reason. */
void stress_suite_skip(struct stress_ctx *ctx, const char *reason);
/* Count n operations for the suite's ns-per-op figure. */
void stress_ops(struct stress_ctx *ctx, u64 n);
/* The seeded random stream of this suite and pass. */
struct prng *stress_prng(struct stress_ctx *ctx);
/* A diagnostic line in the suite's KTAP subtest. */
void stress_diag(struct stress_ctx *ctx, const char *fmt, ...) __printf(2, 3);

#endif
