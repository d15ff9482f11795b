// SPDX-License-Identifier: MIT
/*
 * The stress runner: the table of suites, selection (suites=, exclude=),
 * the seed, passes= / duration=, KTAP output, progress lines, timing, and
 * the results the report reads.
 *
 * Order of a run: print the seed; for each suite of the table, then each
 * platform check: begin its KTAP subtest (depth 1), run it pass after pass
 * (suite-major: passes= times, or for an equal share of duration=), then
 * emit its case results and its line in the caller's top-level suite.
 * Every suite and pass gets its own PRNG stream derived from the seed and
 * the suite's name, so `seed=X suites=churn` replays exactly the churn of
 * a full run with seed=X.
 *
 * Invariants: every suite of the table produces exactly one top-level
 * result (stress_nr_results() is exact); a suite's result is `not ok` iff
 * some case failed; nothing here allocates (all state is static).
 */
#include <arch/arch.h>
#include <lib/printk.h>
#include <lib/string.h>

#include "stress_internal.h"

static const struct stress_suite *const suite_table[] = {
	&stress_suite_zone_constraints,
	&stress_suite_exhaustion,
	&stress_suite_churn,
	&stress_suite_compound,
	&stress_suite_zeroing,
	&stress_suite_migratetype,
	&stress_suite_numa,
	&stress_suite_pcp,
	&stress_suite_reclaim,
	&stress_suite_fault_injection,
	&stress_suite_pattern,
	&stress_suite_memtest,
	&stress_suite_hotplug,
	&stress_suite_oracle,
};
BUILD_BUG_ON(ARRAY_SIZE(suite_table) > STRESS_MAX_SUITES);

static struct stress_results results;
static u64 run_start;
/* What runs now, for stress_current() and stress_abort(). */
static const struct stress_env *cur_env;
static struct stress_ctx *cur_ctx;
static unsigned int cur_index; /* results.suites[] slot of cur_ctx */

const struct stress_results *stress_last_results(void)
{
	return &results;
}

struct stress_results *st_results(void)
{
	return &results;
}

unsigned int stress_suite_names(const char *const **names)
{
	static const char *table[ARRAY_SIZE(suite_table)];

	for (unsigned int i = 0; i < ARRAY_SIZE(suite_table); i++)
		table[i] = suite_table[i]->name;
	*names = table;
	return ARRAY_SIZE(suite_table);
}

unsigned int stress_nr_results(const struct stress_env *env)
{
	unsigned int n = ARRAY_SIZE(suite_table) + env->nr_platform;

	return MIN(n, STRESS_MAX_SUITES);
}

u64 st_cycles_to_ns(u64 cycles)
{
	u64 hz = arch_cycles_per_sec();

	if (!hz)
		return 0;
	return (cycles / hz) * 1000000000ULL +
	       (cycles % hz) * 1000000000ULL / hz;
}

static u64 elapsed_ms(void)
{
	return st_cycles_to_ns(arch_cycles() - run_start) / 1000000;
}

/* FNV-1a of a name: each suite's stream differs for the same seed. */
static u64 name_hash(const char *s)
{
	u64 h = 0xcbf29ce484222325ULL;

	while (*s)
		h = (h ^ (u8)*s++) * 0x100000001b3ULL;
	return h;
}

int st_map_entry(const struct stress_ctx *ctx, phys_addr_t pa)
{
	const struct stress_env *env = ctx->env;

	for (unsigned int i = 0; env->ram && i < env->nr_ram; i++)
		if (pa >= env->ram[i].start && pa < env->ram[i].end)
			return (int)i;
	return -1;
}

/* ---- recording results ------------------------------------------------- */

static const char *case_name(const struct stress_ctx *ctx, unsigned int c)
{
	return c < ctx->suite->nr_cases ? ctx->suite->cases[c].name : "?";
}

static struct stress_error *new_error(struct stress_ctx *ctx, unsigned int c)
{
	struct stress_error *e;

	results.total_errors++;
	ctx->res->errors++;
	if (results.nr_errors == STRESS_MAX_ERRORS)
		return NULL;
	e = &results.errors[results.nr_errors++];
	memset(e, 0, sizeof(*e));
	e->suite = ctx->suite->name;
	e->case_name = case_name(ctx, c);
	e->map_entry = -1;
	return e;
}

/* Mark case c (and parameter p, or -1) failed; true when a diagnostic may
 * still be printed for it this pass. */
static bool mark_failed(struct stress_ctx *ctx, unsigned int c, int p)
{
	struct st_case_state *cs;

	if (c >= ST_MAX_CASES)
		c = 0;
	cs = &ctx->cases[c];
	cs->state = ST_FAILED;
	if (p >= 0 && p < ST_MAX_PARAMS)
		cs->param_state[p] = ST_FAILED;
	cs->failures++;
	if (cs->printed == ST_DIAG_PER_CASE)
		stress_diag(
			ctx,
			"%s: further failures of this case are counted, not printed",
			case_name(ctx, c));
	return cs->printed++ < ST_DIAG_PER_CASE;
}

static void vfail(struct stress_ctx *ctx, unsigned int c, int p,
		  const char *fmt, va_list args)
{
	struct stress_error *e = new_error(ctx, c);
	char msg[160];

	vscnprintf(msg, sizeof(msg), fmt, args);
	if (e)
		scnprintf(e->what, sizeof(e->what), "%s", msg);
	if (!mark_failed(ctx, c, p))
		return;
	if (p >= 0 && (unsigned int)p < ctx->suite->cases[c].nr_params)
		stress_diag(ctx, "%s %s: %s", case_name(ctx, c),
			    ctx->suite->cases[c].params[p], msg);
	else
		stress_diag(ctx, "%s: %s", case_name(ctx, c), msg);
}

void stress_case_fail(struct stress_ctx *ctx, unsigned int c, const char *fmt,
		      ...)
{
	va_list args;

	va_start(args, fmt);
	vfail(ctx, c, -1, fmt, args);
	va_end(args);
}

void st_fail_param(struct stress_ctx *ctx, unsigned int c, unsigned int p,
		   const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vfail(ctx, c, (int)p, fmt, args);
	va_end(args);
}

void st_fail_at(struct stress_ctx *ctx, unsigned int c, phys_addr_t pa,
		bool has_values, u64 expected, u64 found, const char *fmt, ...)
{
	struct stress_error *e = new_error(ctx, c);
	int m = st_map_entry(ctx, pa);
	const struct stress_ram_range *r = m >= 0 ? &ctx->env->ram[m] : NULL;
	const struct stress_env *env = ctx->env;
	char msg[112], where[96], vals[96] = "", dimm[48] = "";
	va_list args;

	va_start(args, fmt);
	vscnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);
	if (r)
		scnprintf(where, sizeof(where), "mem%02u [%#llx-%#llx) %s",
			  r->src_index, (unsigned long long)r->start,
			  (unsigned long long)r->end, r->type_name);
	else
		scnprintf(where, sizeof(where), "no RAM entry of the map");
	if (has_values)
		scnprintf(vals, sizeof(vals),
			  " expected %#018llx found %#018llx xor %#018llx",
			  (unsigned long long)expected,
			  (unsigned long long)found,
			  (unsigned long long)(expected ^ found));
	if (env->dimm_name)
		env->dimm_name(pa, dimm, sizeof(dimm), env->hw_data);
	if (e) {
		e->has_pa = true;
		e->pa = pa;
		e->has_values = has_values;
		e->expected = expected;
		e->found = found;
		e->map_entry = m;
		e->map_src_index = r ? r->src_index : 0;
		e->map_type = r ? r->type_name : NULL;
		e->has_dimm = dimm[0] != '\0';
		scnprintf(e->dimm, sizeof(e->dimm), "%s", dimm);
		scnprintf(e->what, sizeof(e->what), "%s", msg);
	}
	if (mark_failed(ctx, c, -1))
		stress_diag(ctx, "%s: %s at phys %#llx%s (%s%s%s)",
			    case_name(ctx, c), msg, (unsigned long long)pa,
			    vals, where, dimm[0] ? ", DIMM " : "", dimm);
}

bool st_failed(const struct stress_ctx *ctx, unsigned int c)
{
	return c < ST_MAX_CASES && ctx->cases[c].state == ST_FAILED;
}

void stress_case_skip(struct stress_ctx *ctx, unsigned int c,
		      const char *reason)
{
	struct st_case_state *cs = &ctx->cases[c < ST_MAX_CASES ? c : 0];

	if (cs->state == ST_UNTOUCHED) {
		cs->state = ST_SKIPPED;
		cs->reason = reason;
	}
}

void st_skip_param(struct stress_ctx *ctx, unsigned int c, unsigned int p,
		   const char *reason)
{
	struct st_case_state *cs = &ctx->cases[c < ST_MAX_CASES ? c : 0];

	if (p < ST_MAX_PARAMS && cs->param_state[p] == ST_UNTOUCHED) {
		cs->param_state[p] = ST_SKIPPED;
		cs->param_reason[p] = reason;
	}
}

void stress_suite_skip(struct stress_ctx *ctx, const char *reason)
{
	ctx->skip_reason = reason;
}

void stress_ops(struct stress_ctx *ctx, u64 n)
{
	ctx->res->ops += n;
}

struct prng *stress_prng(struct stress_ctx *ctx)
{
	return &ctx->rng;
}

void stress_diag(struct stress_ctx *ctx, const char *fmt, ...)
{
	char line[256];
	va_list args;

	va_start(args, fmt);
	vscnprintf(line, sizeof(line), fmt, args);
	va_end(args);
	ktap_diag(&ctx->ktap, "%s", line);
}

/* ---- progress ---------------------------------------------------------- */

/*
 * A progress line, as a KTAP diagnostic of the running suite so that the
 * KTAP stream stays parseable:
 *   "  # progress: churn pass 1/2 45% 3.2s errors 0"
 * and through env->progress for a platform that draws it in place.
 */
static void print_progress(struct stress_ctx *ctx, unsigned int pass,
			   unsigned int percent)
{
	const struct stress_env *env = ctx->env;
	struct stress_progress p = {
		.suite = ctx->suite->name,
		.pass = pass,
		.passes = env->cfg->duration_s ? 0 : env->cfg->passes,
		.percent = percent,
		.elapsed_ms = elapsed_ms(),
		.errors = results.total_errors,
	};
	char of[16] = "";

	if (p.passes)
		scnprintf(of, sizeof(of), "/%u", p.passes);
	ktap_diag(&ctx->ktap,
		  "progress: %s pass %u%s %u%% %llu.%us errors %llu", p.suite,
		  p.pass, of, p.percent,
		  (unsigned long long)(p.elapsed_ms / 1000),
		  (unsigned int)(p.elapsed_ms % 1000 / 100),
		  (unsigned long long)p.errors);
	if (env->progress)
		env->progress(&p, env->progress_data);
}

void st_progress(struct stress_ctx *ctx, u64 done, u64 total)
{
	u64 now;

	if (++ctx->progress_check < 256)
		return;
	ctx->progress_check = 0;
	now = arch_cycles();
	if (now - ctx->last_progress < ctx->progress_every)
		return;
	ctx->last_progress = now;
	print_progress(ctx, ctx->pass,
		       total ? (unsigned int)(MIN(done, total) * 100 / total) :
			       0);
}

/* ---- running one suite ------------------------------------------------- */

static bool node_count_ok(void);

static const char *unmet_need(const struct stress_ctx *ctx)
{
	const struct sparsemm_config *cfg = ctx->env->cfg;

	if ((ctx->suite->needs & ST_UNLESS_EXCLUDED) ?
		    config_suite_excluded(cfg, ctx->suite->name) :
		    !config_suite_enabled(cfg, ctx->suite->name))
		return "not selected (suites=/exclude=)";
	if ((ctx->suite->needs & ST_NEEDS_NAMED) &&
	    !config_suite_named(cfg, ctx->suite->name))
		return "runs only when suites= names it";
	if ((ctx->suite->needs & ST_NEEDS_PATTERN) && !cfg->pattern)
		return "pattern=off";
	if ((ctx->suite->needs & ST_NEEDS_NUMA) && !node_count_ok())
		return "one node with memory: nothing to prove about node placement";
	return NULL;
}

/* Emit the results of the cases, then the suite's own line. */
static void emit_results(struct stress_ctx *ctx)
{
	const struct stress_suite *s = ctx->suite;
	struct stress_suite_result *res = ctx->res;

	for (unsigned int c = 0; c < s->nr_cases; c++) {
		const struct stress_case *sc = &s->cases[c];
		struct st_case_state *cs = &ctx->cases[c];
		char note[64] = "";
		enum ktap_result r;

		if (sc->params && !ctx->skip_reason) {
			struct ktap_suite sub;

			ktap_begin(&sub, sc->name, 2, (int)sc->nr_params);
			for (unsigned int p = 0; p < sc->nr_params; p++) {
				u8 st = cs->param_state[p];

				ktap_result(&sub,
					    st == ST_FAILED  ? KTAP_NOT_OK :
					    st == ST_SKIPPED ? KTAP_SKIP :
							       KTAP_OK,
					    sc->params[p],
					    st == ST_SKIPPED ?
						    cs->param_reason[p] :
						    NULL);
			}
		}
		if (ctx->skip_reason) {
			r = KTAP_SKIP;
			cs->reason = ctx->skip_reason;
		} else {
			r = cs->state == ST_FAILED  ? KTAP_NOT_OK :
			    cs->state == ST_SKIPPED ? KTAP_SKIP :
						      KTAP_OK;
		}
		if (r == KTAP_NOT_OK)
			scnprintf(note, sizeof(note), "%llu failed checks",
				  (unsigned long long)cs->failures);
		ktap_result(&ctx->ktap, r, sc->name,
			    r == KTAP_SKIP   ? cs->reason :
			    r == KTAP_NOT_OK ? note :
					       NULL);
		if (r == KTAP_OK)
			res->cases_passed++;
		else if (r == KTAP_SKIP)
			res->cases_skipped++;
		else
			res->cases_failed++;
	}
	if (ctx->skip_reason) {
		res->result = KTAP_SKIP;
		res->skip_reason = ctx->skip_reason;
	} else {
		res->result = res->cases_failed ? KTAP_NOT_OK : KTAP_OK;
	}
}

static void run_suite(const struct stress_env *env,
		      const struct stress_suite *s,
		      struct stress_suite_result *res, u64 seed, u64 budget_ns)
{
	static struct stress_ctx ctx;
	const struct sparsemm_config *cfg = env->cfg;
	unsigned int passes = cfg->duration_s ? ~0u : MAX(cfg->passes, 1u);
	u64 start, hz = arch_cycles_per_sec();
	char summary[96];

	memset(&ctx, 0, sizeof(ctx));
	ctx.env = env;
	ctx.suite = s;
	ctx.res = res;
	ctx.inject = env->debug.inject | cfg->debug_inject;
	ctx.flip_bit = env->debug.flip_bit ? env->debug.flip_bit % 64 : 17;
	ctx.progress_every = (env->progress_interval_s ?
				      env->progress_interval_s :
			      cfg->progress_s ? cfg->progress_s :
						5) *
			     hz;
	res->name = s->name;
	ktap_begin(&ctx.ktap, s->name, 1, (int)s->nr_cases);
	cur_ctx = &ctx;
	ctx.skip_reason = unmet_need(&ctx);
	start = arch_cycles();
	ctx.last_progress = start;
	for (ctx.pass = 1; !ctx.skip_reason && ctx.pass <= passes; ctx.pass++) {
		prng_seed(&ctx.rng,
			  seed ^ name_hash(s->name) ^ ((u64)ctx.pass << 48));
		for (unsigned int c = 0; c < ST_MAX_CASES; c++)
			ctx.cases[c].printed = 0;
		s->run(&ctx);
		res->passes = ctx.pass;
		if (env->after_pass)
			env->after_pass(s->name, ctx.pass, env->hw_data);
		if (cfg->duration_s &&
		    st_cycles_to_ns(arch_cycles() - start) >= budget_ns)
			break;
	}
	res->ns = st_cycles_to_ns(arch_cycles() - start);
	if (res->ops)
		res->ps_per_op = res->ns > ~0ULL / 1000 ?
					 res->ns / res->ops * 1000 :
					 res->ns * 1000 / res->ops;
	if (!ctx.skip_reason)
		print_progress(&ctx, res->passes, 100);
	emit_results(&ctx);
	scnprintf(summary, sizeof(summary),
		  "passes %u, ops %llu, %llu.%03llu ns/op", res->passes,
		  (unsigned long long)res->ops,
		  (unsigned long long)(res->ps_per_op / 1000),
		  (unsigned long long)(res->ps_per_op % 1000));
	cur_ctx = NULL;
	ktap_result(env->top, res->result, s->name,
		    res->result == KTAP_SKIP ? res->skip_reason : summary);
}

/* ---- platform checks as suites ------------------------------------------- */

static const struct stress_platform_check *cur_check;
static struct stress_case check_cases[ST_MAX_CASES];

static int run_platform_check(struct stress_ctx *ctx)
{
	int err = cur_check->run(ctx, cur_check->data);

	if (err == -ENOENT && !ctx->skip_reason)
		ctx->skip_reason = "not available on this platform";
	return err;
}

static void run_check(const struct stress_env *env,
		      const struct stress_platform_check *pc,
		      struct stress_suite_result *res, u64 seed)
{
	static struct stress_suite s;
	static struct sparsemm_config once;
	unsigned int n = MIN(pc->nr_cases, (unsigned int)ST_MAX_CASES);
	struct stress_env e = *env;

	for (unsigned int i = 0; i < n; i++)
		check_cases[i] = (struct stress_case){ .name = pc->cases[i] };
	cur_check = pc;
	s = (struct stress_suite){ .name = pc->name,
				   .run = run_platform_check,
				   .cases = check_cases,
				   .nr_cases = n,
				   .needs = pc->unless_excluded ?
						    ST_UNLESS_EXCLUDED :
						    0 };
	/* Platform checks run once, whatever passes= says. */
	once = *env->cfg;
	once.passes = 1;
	once.duration_s = 0;
	e.cfg = &once;
	run_suite(&e, &s, res, seed, 0);
}

/* ---- the entry point ---------------------------------------------------- */

int stress_run_all(const struct stress_env *env)
{
	const struct sparsemm_config *cfg;
	unsigned int nr_selected = 0, n = 0;
	u64 seed, budget_ns = 0;

	if (!env || !env->cfg || !env->top)
		return -EINVAL;
	cfg = env->cfg;
	memset(&results, 0, sizeof(results));
	seed = cfg->seed_given ? cfg->seed :
	       env->seed       ? env->seed :
				 arch_cycles();
	results.seed = seed;
	results.passes = cfg->passes;
	results.duration_s = cfg->duration_s;
	run_start = arch_cycles();
	printk(KERN_INFO
	       "sparsemm: stress: seed %#018llx (replay with seed=%#llx)\n",
	       (unsigned long long)seed, (unsigned long long)seed);
	for (unsigned int i = 0; i < ARRAY_SIZE(suite_table); i++)
		nr_selected += config_suite_enabled(cfg, suite_table[i]->name);
	if (cfg->duration_s && nr_selected)
		budget_ns = (u64)cfg->duration_s * 1000000000ULL / nr_selected;
	cur_env = env;
	for (unsigned int i = 0; i < ARRAY_SIZE(suite_table); i++) {
		cur_index = n;
		run_suite(env, suite_table[i], &results.suites[n++], seed,
			  budget_ns);
	}
	for (unsigned int i = 0; i < env->nr_platform && n < STRESS_MAX_SUITES;
	     i++) {
		cur_index = n;
		run_check(env, &env->platform[i], &results.suites[n++], seed);
	}
	cur_env = NULL;
	results.nr_suites = n;
	results.elapsed_ns = st_cycles_to_ns(arch_cycles() - run_start);
	results.pass = true;
	for (unsigned int i = 0; i < n; i++)
		if (results.suites[i].result == KTAP_NOT_OK)
			results.pass = false;
	results.valid = true;
	printk(KERN_INFO
	       "sparsemm: stress: %s after %llu.%03llus, %llu failed checks\n",
	       results.pass ? "passed" : "FAILED",
	       (unsigned long long)(results.elapsed_ns / 1000000000ULL),
	       (unsigned long long)(results.elapsed_ns / 1000000 % 1000),
	       (unsigned long long)results.total_errors);
	return results.pass ? 0 : -EIO;
}

/* Defined with the mm adapter (st_mm.c). */
unsigned int st_nr_nodes_with_memory(void);

static bool node_count_ok(void)
{
	return st_nr_nodes_with_memory() >= 2;
}

/* ---- what runs now, and ending the run from a handler ------------------- */

bool stress_current(const char **suite, unsigned int *pass)
{
	const struct stress_ctx *ctx = cur_ctx;

	if (!cur_env || !ctx)
		return false;
	*suite = ctx->suite->name;
	*pass = ctx->pass;
	return true;
}

/* The name of the n-th result stress_run_all() adds to the top level. */
static const char *result_name(const struct stress_env *env, unsigned int n)
{
	unsigned int nt = ARRAY_SIZE(suite_table);

	if (n < nt)
		return suite_table[n]->name;
	return n - nt < env->nr_platform ? env->platform[n - nt].name : "?";
}

void stress_abort(const char *reason)
{
	const struct stress_env *env = cur_env;
	struct stress_ctx *ctx = cur_ctx;
	struct ktap_suite *top;
	unsigned int n;
	char why[96];

	if (!env)
		return;
	cur_env = NULL;
	top = env->top;
	n = cur_index;
	scnprintf(why, sizeof(why), "not run: %s", reason);
	if (ctx) {
		struct stress_suite_result *res = ctx->res;

		while (ctx->ktap.run < ctx->ktap.planned)
			ktap_result(&ctx->ktap, KTAP_NOT_OK,
				    case_name(ctx, (unsigned int)ctx->ktap.run),
				    reason);
		res->result = KTAP_NOT_OK;
		res->cases_failed++;
		ktap_result(top, KTAP_NOT_OK, ctx->suite->name, reason);
		n++;
	}
	/* The rest of the top level: suites and checks not run.  Between two
	 * suites the next one in line takes the failure, so that the
	 * document says the run failed whenever it was aborted. */
	if (!ctx && top->run < top->planned) {
		const char *name = result_name(env, n);

		if (n < STRESS_MAX_SUITES) {
			results.suites[n].name = name;
			results.suites[n].result = KTAP_NOT_OK;
		}
		n++;
		ktap_result(top, KTAP_NOT_OK, name, reason);
	}
	while (top->run < top->planned) {
		const char *name = result_name(env, n);

		if (n < STRESS_MAX_SUITES) {
			results.suites[n].name = name;
			results.suites[n].result = KTAP_SKIP;
			results.suites[n].skip_reason = reason;
		}
		n++;
		ktap_result(top, KTAP_SKIP, name, why);
	}
	results.nr_suites = MIN(n, (unsigned int)STRESS_MAX_SUITES);
	results.elapsed_ns = st_cycles_to_ns(arch_cycles() - run_start);
	results.pass = false;
	results.valid = true;
}
