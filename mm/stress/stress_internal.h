/* SPDX-License-Identifier: MIT */
/*
 * What the suites share with the runner (mm/stress/runner.c): the suite
 * descriptor, the per-run context, and the case-result API.
 *
 * A suite is a table of cases, each optionally with named parameters (the
 * orders 0..10, the GFP composites, the zones).  The runner begins the
 * suite's KTAP subtest, calls run() once per pass, and at the end emits
 * one result per case (a case with parameters first prints a depth-2
 * subtest with one result per parameter).  A case or parameter passes
 * unless the suite reported a failure for it, and is SKIP when the suite
 * said so and nothing failed.  Failures print a diagnostic at once
 * (rate-limited per case) and the first STRESS_MAX_ERRORS are kept for
 * the report.
 */
#ifndef TESTS_STRESS_STRESS_INTERNAL_H
#define TESTS_STRESS_STRESS_INTERNAL_H

#include <lib/prng.h>
#include <stress/stress.h>

#define ST_MAX_CASES 16
#define ST_MAX_PARAMS 16
#define ST_DIAG_PER_CASE 6 /* diagnostics printed per case and pass */

/* The suite needs ... (else SKIP with a reason). */
#define ST_NEEDS_NUMA (1u << 0) /* two or more nodes with memory */
#define ST_NEEDS_PATTERN (1u << 1) /* pattern=on */
#define ST_NEEDS_NAMED (1u << 2) /* runs only when suites= names it */
#define ST_UNLESS_EXCLUDED (1u << 3) /* runs whatever suites= says */

struct stress_case {
	const char *name;
	const char *const *params; /* NULL: no parameters */
	unsigned int nr_params;
};

struct stress_suite {
	const char *name;
	/* One pass; 0, or -ENOENT after stress_suite_skip(). */
	int (*run)(struct stress_ctx *ctx);
	const struct stress_case *cases;
	unsigned int nr_cases;
	unsigned int needs;
};

enum st_state { ST_UNTOUCHED, ST_SKIPPED, ST_FAILED };

struct st_case_state {
	u8 state;
	u8 param_state[ST_MAX_PARAMS];
	const char *reason; /* first skip reason */
	const char *param_reason[ST_MAX_PARAMS];
	u64 failures;
	unsigned int printed; /* diagnostics this pass */
};

struct stress_ctx {
	const struct stress_env *env;
	const struct stress_suite *suite;
	struct stress_suite_result *res;
	struct ktap_suite ktap; /* the suite's subtest, depth 1 */
	struct st_case_state cases[ST_MAX_CASES];
	struct prng rng;
	unsigned int pass; /* 1-based */
	unsigned int inject; /* DEBUG_INJECT_* in force */
	unsigned int flip_bit;
	const char *skip_reason; /* whole-suite skip */
	u64 last_progress; /* cycles */
	u64 progress_every; /* cycles */
	unsigned int progress_check; /* calls since the last clock read */
};

extern const struct stress_suite stress_suite_zone_constraints;
extern const struct stress_suite stress_suite_exhaustion;
extern const struct stress_suite stress_suite_churn;
extern const struct stress_suite stress_suite_compound;
extern const struct stress_suite stress_suite_zeroing;
extern const struct stress_suite stress_suite_migratetype;
extern const struct stress_suite stress_suite_numa;
extern const struct stress_suite stress_suite_pcp;
extern const struct stress_suite stress_suite_reclaim;
extern const struct stress_suite stress_suite_fault_injection;
extern const struct stress_suite stress_suite_pattern;
extern const struct stress_suite stress_suite_memtest;
extern const struct stress_suite stress_suite_hotplug;
extern const struct stress_suite stress_suite_oracle;

/* ---- reporting (runner.c) ---------------------------------------------- */

/* Parameter 'p' of case 'c' failed (the case fails with it). */
void st_fail_param(struct stress_ctx *ctx, unsigned int c, unsigned int p,
		   const char *fmt, ...) __printf(4, 5);
void st_skip_param(struct stress_ctx *ctx, unsigned int c, unsigned int p,
		   const char *reason);
/*
 * A failure at a physical address: prints and keeps the address, the
 * expected and found values (when has_values) and the firmware-map entry
 * the address lies in.
 */
void st_fail_at(struct stress_ctx *ctx, unsigned int c, phys_addr_t pa,
		bool has_values, u64 expected, u64 found, const char *fmt, ...)
	__printf(7, 8);
/* True once case c has failed in this run. */
bool st_failed(const struct stress_ctx *ctx, unsigned int c);
/*
 * Progress of the current pass: done out of total units.  Cheap to call
 * often; prints a line at most every progress interval.
 */
void st_progress(struct stress_ctx *ctx, u64 done, u64 total);
/* Where figures for the report go (pattern coverage, fragmentation). */
struct stress_results *st_results(void);
/* "mem07 [0x...-0x...) Conventional" for pa, or "no RAM entry of the map". */
int st_map_entry(const struct stress_ctx *ctx, phys_addr_t pa);
/* Nanoseconds from cycles, without overflow for runs up to years. */
u64 st_cycles_to_ns(u64 cycles);

#endif
