// SPDX-License-Identifier: MIT
/*
 * The concurrent suite (mm/stress/concurrent.c) in the host: host
 * threads stand in for CPUs (host_set_cpu() gives each its number, so the
 * per-CPU lists are really per thread), over simulated machines booted
 * with four CPUs' worth of per-CPU lists.  Every case must pass on one
 * node and on two nodes with two CPUs each, and the suite must skip with
 * one CPU.  The negative test (debug_nolock=on) is a boot case
 * (tests/qemu/cases.tsv, smp-nolock): an unlocked race is too erratic
 * under ASan for a unit test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <string.h>

#include <arch/host.h>
#include <lib/config.h>
#include <lib/ktap.h>
#include <mm/fail_page_alloc.h>
#include <mm/shrinker.h>
#include <stress/concurrent.h>

#include "capture.h"
#include "mm_machine.h"

#define SZ_1M_ 0x100000ULL
#define TEST_CPUS 4

static const struct mm_range one_node[] = {
	{ 0x1000, 0x9f000, 0, 0 },
	{ SZ_1M_, 255 * SZ_1M_, 0, 0 },
};
static const struct mm_range two_nodes[] = {
	{ 0x1000, 0x9f000, 0, 0 },
	{ SZ_1M_, 127 * SZ_1M_, 0, 0 },
	{ 128 * SZ_1M_, 128 * SZ_1M_, 1, 0 },
};

static struct sparsemm_config cfg;
static struct ktap_suite top;
static bool numa;

struct job {
	void (*fn)(void *arg);
	void *arg;
	unsigned int cpu;
};

static void *thread_main(void *p)
{
	struct job *j = p;

	host_set_cpu(j->cpu);
	j->fn(j->arg);
	return NULL;
}

/* struct stress_smp's run(): CPU 0 is the calling thread. */
static void run_on_threads(unsigned int ncpus, void (*fn)(void *), void *arg)
{
	static struct job jobs[TEST_CPUS];
	pthread_t t[TEST_CPUS];

	for (unsigned int cpu = 1; cpu < ncpus; cpu++) {
		jobs[cpu] = (struct job){ fn, arg, cpu };
		assert_int_equal(pthread_create(&t[cpu], NULL, thread_main,
						&jobs[cpu]),
				 0);
	}
	host_set_cpu(0);
	fn(arg);
	for (unsigned int cpu = 1; cpu < ncpus; cpu++)
		assert_int_equal(pthread_join(t[cpu], NULL), 0);
}

static int cpu_node(unsigned int cpu)
{
	return numa ? (int)(cpu / 2) : 0;
}

static const struct stress_suite_result *run(const struct mm_range *r,
					     unsigned int n, unsigned int cpus)
{
	const struct zones_config zc = { .nr_cpus = TEST_CPUS };
	static struct stress_smp smp;
	const struct stress_platform_check *checks;
	const struct stress_results *res;
	struct stress_env env;
	unsigned int nr;

	mm_machine_boot(r, n, NULL, 0, &zc, false);
	shrinker_reset();
	fail_page_alloc_disable();
	config_defaults(&cfg);
	cfg.seed = 0xc0ffee;
	cfg.seed_given = true;
	assert_int_equal(config_parse(&cfg, "suites=concurrent", 17, "test"),
			 0);
	smp = (struct stress_smp){ .cpus = { .nr_cpus = cpus,
					     .run = run_on_threads,
					     .cpu_node = cpu_node } };
	nr = stress_concurrent_checks(&smp, &checks);
	assert_int_equal(nr, 1);
	env = (struct stress_env){
		.cfg = &cfg, .top = &top, .platform = checks, .nr_platform = nr
	};
	capture_start();
	ktap_begin(&top, "sparsemm", 0, (int)stress_nr_results(&env));
	stress_run_all(&env);
	capture_stop();
	res = stress_last_results();
	for (unsigned int i = 0; i < res->nr_errors; i++)
		print_error("  %s/%s: %s\n", res->errors[i].suite,
			    res->errors[i].case_name, res->errors[i].what);
	for (unsigned int i = 0; i < res->nr_suites; i++)
		if (!strcmp(res->suites[i].name, "concurrent"))
			return &res->suites[i];
	fail_msg("no result for the concurrent check");
	return NULL;
}

static int teardown(void **state)
{
	host_set_cpu(0);
	mm_machine_reset();
	return 0;
}

static void test_four_cpus_one_node(void **state)
{
	const struct stress_suite_result *r;

	numa = false;
	r = run(one_node, ARRAY_SIZE(one_node), TEST_CPUS);
	assert_int_equal(r->result, KTAP_OK);
	assert_int_equal(r->cases_passed, 6);
	assert_true(r->ops > 0);
}

static void test_four_cpus_two_nodes(void **state)
{
	const struct stress_suite_result *r;

	numa = true;
	r = run(two_nodes, ARRAY_SIZE(two_nodes), TEST_CPUS);
	assert_int_equal(r->result, KTAP_OK);
	assert_int_equal(r->cases_passed, 6);
}

static void test_one_cpu_skips(void **state)
{
	const struct stress_suite_result *r;

	numa = false;
	r = run(one_node, ARRAY_SIZE(one_node), 1);
	assert_int_equal(r->result, KTAP_SKIP);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_four_cpus_one_node, teardown),
		cmocka_unit_test_teardown(test_four_cpus_two_nodes, teardown),
		cmocka_unit_test_teardown(test_one_cpu_skips, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
