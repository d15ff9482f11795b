// SPDX-License-Identifier: MIT
/*
 * The stress suites in the host, over simulated machines booted through
 * the real pipeline (mm_machine.c): every suite passes on a one-node and
 * a two-node machine, the KTAP output has the promised shape, a seed
 * replays, and the negative tests fail the matching suite with the right
 * diagnosis (debug_inject=corrupt_freelist, leak_page, flip_bit).  The
 * end-of-run report's JSON is checked for its markers and fields.
 *
 * STRESS_2G=1 in the environment adds a run over a 2 GiB QEMU-like
 * machine that prints each suite's time (the figures docs/suites.md
 * quotes; build without sanitizers to measure).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arch/host.h>
#include <lib/config.h>
#include <lib/ktap.h>
#include <lib/printk.h>
#include <run/report.h>
#include <mm/fail_page_alloc.h>
#include <mm/fw_map.h>
#include <mm/shrinker.h>
#include <mm/sparse.h>
#include <stress/stress.h>

#include "capture.h"
#include "mm_machine.h"

#define SZ_1M_ 0x100000ULL

/* 256 MiB: DMA and DMA32, a hole at 640K..1M as on a PC. */
static const struct mm_range one_node[] = {
	{ 0x1000, 0x9f000, 0, 0 },
	{ SZ_1M_, 255 * SZ_1M_, 0, 0 },
};
/* Two nodes of 128 MiB each. */
static const struct mm_range two_nodes[] = {
	{ 0x1000, 0x9f000, 0, 0 },
	{ SZ_1M_, 127 * SZ_1M_, 0, 0 },
	{ 128 * SZ_1M_, 128 * SZ_1M_, 1, 0 },
};
static const struct stress_ram_range ram_map[] = {
	{ 0x1000, 0xa0000, "Conventional", 1 },
	{ SZ_1M_, 256 * SZ_1M_, "Conventional", 3 },
};

static struct sparsemm_config cfg;
static struct ktap_suite top;
static struct stress_env env;

static void boot(const struct mm_range *r, unsigned int n)
{
	mm_machine_boot(r, n, NULL, 0, NULL, false);
	shrinker_reset();
	fail_page_alloc_disable();
	config_defaults(&cfg);
	cfg.seed = 0x5eed;
	cfg.seed_given = true;
	env = (struct stress_env){ .cfg = &cfg,
				   .top = &top,
				   .ram = ram_map,
				   .nr_ram = ARRAY_SIZE(ram_map) };
}

static void set(const char *words)
{
	assert_int_equal(config_parse(&cfg, words, strlen(words), "test"), 0);
}

static int run(void)
{
	int err;

	capture_start();
	ktap_begin(&top, "sparsemm", 0, (int)stress_nr_results(&env));
	err = stress_run_all(&env);
	capture_stop();
	return err;
}

static const struct stress_suite_result *result(const char *name)
{
	const struct stress_results *r = stress_last_results();

	for (unsigned int i = 0; i < r->nr_suites; i++)
		if (!strcmp(r->suites[i].name, name))
			return &r->suites[i];
	fail_msg("no result for suite %s", name);
	return NULL;
}

static int teardown(void **state)
{
	mm_machine_reset();
	return 0;
}

static void print_failures(void)
{
	const struct stress_results *r = stress_last_results();

	for (unsigned int i = 0; i < r->nr_errors; i++)
		fprintf(stderr, "  %s/%s: %s\n", r->errors[i].suite,
			r->errors[i].case_name, r->errors[i].what);
}

/* Every suite passes (or skips for a stated reason) on one node. */
static void test_all_suites_one_node(void **state)
{
	boot(one_node, ARRAY_SIZE(one_node));
	if (run())
		print_failures();
	assert_true(stress_last_results()->pass);
	assert_int_equal(result("numa")->result, KTAP_SKIP);
	assert_int_equal(result("hotplug")->result, KTAP_SKIP);
	assert_int_equal(result("exhaustion")->result, KTAP_OK);
	assert_int_equal(result("pattern")->result, KTAP_OK);
	/* The plan the caller was given is what was emitted. */
	assert_int_equal(top.run, top.planned);
	assert_true(
		capture_contains("sparsemm: stress: seed 0x0000000000005eed"));
	assert_true(capture_contains("  KTAP version 1\n"));
	assert_true(capture_contains("ok 3 churn # "));
	assert_true(capture_contains("ok 7 numa # SKIP one node"));
	/* Pattern coverage: every free page. */
	assert_true(stress_last_results()->pattern_covered_pages > 60000);
}

static void test_numa_two_nodes(void **state)
{
	boot(two_nodes, ARRAY_SIZE(two_nodes));
	set("suites=numa,zone_constraints,pcp");
	if (run())
		print_failures();
	assert_true(stress_last_results()->pass);
	assert_int_equal(result("numa")->result, KTAP_OK);
	assert_int_equal(result("churn")->result, KTAP_SKIP);
	assert_true(capture_contains("ok 3 churn # SKIP not selected"));
}

/* The same seed replays the same work. */
static void test_seed_replays(void **state)
{
	u64 ops;

	boot(one_node, ARRAY_SIZE(one_node));
	set("suites=churn,fault_injection");
	assert_int_equal(run(), 0);
	ops = result("churn")->ops;
	boot(one_node, ARRAY_SIZE(one_node));
	set("suites=churn,fault_injection");
	assert_int_equal(run(), 0);
	assert_int_equal(result("churn")->ops, ops);
}

static void test_negative_corrupt_freelist(void **state)
{
	boot(one_node, ARRAY_SIZE(one_node));
	set("suites=churn debug_inject=corrupt_freelist");
	assert_int_equal(run(), -EIO);
	assert_int_equal(result("churn")->result, KTAP_NOT_OK);
	assert_true(capture_contains("not ok 3 free_lists"));
	assert_true(capture_contains("mm_check_free_lists found"));
	assert_true(capture_contains("not ok 3 churn"));
}

static void test_negative_leak_page(void **state)
{
	boot(one_node, ARRAY_SIZE(one_node));
	set("suites=exhaustion debug_inject=leak_page");
	assert_int_equal(run(), -EIO);
	assert_int_equal(result("exhaustion")->result, KTAP_NOT_OK);
	assert_true(capture_contains(
		"NR_FREE_PAGES (free pages, leaked if lower)"));
	assert_true(capture_contains("not ok 2 exhaustion"));
}

static void test_negative_flip_bit(void **state)
{
	const struct stress_results *r;
	bool found = false;

	boot(one_node, ARRAY_SIZE(one_node));
	set("suites=pattern debug_inject=flip_bit");
	assert_int_equal(run(), -EIO);
	assert_int_equal(result("pattern")->result, KTAP_NOT_OK);
	r = stress_last_results();
	for (unsigned int i = 0; i < r->nr_errors; i++) {
		const struct stress_error *e = &r->errors[i];

		if (strcmp(e->suite, "pattern") || !e->has_pa)
			continue;
		found = true;
		assert_true(e->has_values);
		assert_int_equal(e->expected ^ e->found, 1ULL << 17);
		assert_true(e->map_entry >= 0);
		assert_string_equal(e->map_type, "Conventional");
	}
	assert_true(found);
	assert_true(capture_contains(
		"pattern mismatch (bits 0x20000 differ) at phys"));
	assert_true(capture_contains("(mem03 ["));
	assert_true(capture_contains("not ok 11 pattern"));
}

static void test_config_words(void **state)
{
	config_defaults(&cfg);
	set("debug_inject=leak_page|flip_bit pattern=full");
	assert_int_equal(cfg.debug_inject,
			 DEBUG_INJECT_LEAK_PAGE | DEBUG_INJECT_FLIP_BIT);
	assert_true(cfg.pattern && cfg.pattern_full);
	set("pattern=on debug_inject=none");
	assert_false(cfg.pattern_full);
	assert_int_equal(cfg.debug_inject, 0);
	capture_start();
	assert_int_equal(config_parse(&cfg, "debug_inject=bogus", 18, "test"),
			 1);
	capture_stop();
}

/* The JSON object between the markers, with its fields. */
static void test_report_json(void **state)
{
	static const char *const fields[] = {
		"\"version\": 1",
		"\"verdict\": \"pass\"",
		"\"seed\": \"0x0000000000005eed\"",
		"\"machine\": {",
		"\"suites\": [",
		"\"name\": \"zone_constraints\"",
		"\"ns_per_op\": ",
		"\"errors\": [",
		"\"pattern\": {",
		"\"covered_pages\": ",
		"\"fragmentation\": [",
		"\"unusable_index\": [",
		"\"model\": {",
		"\"memmap_bytes\": 4096",
		"\"map_diagnostics\": {",
		"\"map.overlap\": 2",
		"\"warn\": 2",
	};
	struct report_machine m = { .sys_vendor = "QEMU",
				    .product = "Standard PC (Q35 + \"ICH9\")",
				    .bios_version = "1.0",
				    .fw_vendor = "EDK II",
				    .fw_revision = 0x10000 };
	struct report_model model = { .valid = true,
				      .name = "vmemmap",
				      .memmap_bytes = 4096 };
	struct map_diag_sink sink = { .count[MAP_DIAG_OVERLAP] = 2,
				      .by_severity[MAP_DIAG_WARN] = 2 };
	struct report_input in = { .machine = &m,
				   .model = &model,
				   .map_diags = &sink,
				   .stress = stress_last_results(),
				   .verdict = "pass",
				   .dump = DUMP_BUDDYINFO | DUMP_ZONEINFO };
	const char *t, *b, *e;

	boot(one_node, ARRAY_SIZE(one_node));
	set("suites=churn,pattern");
	assert_int_equal(run(), 0);
	capture_start();
	report_print(&in);
	capture_stop();
	t = capture_text();
	b = strstr(t, REPORT_JSON_BEGIN "\n");
	e = strstr(t, REPORT_JSON_END "\n");
	assert_non_null(b);
	assert_non_null(e);
	assert_true(b < e);
	for (unsigned int i = 0; i < ARRAY_SIZE(fields); i++) {
		const char *f = strstr(b, fields[i]);

		if (!f || f > e)
			fail_msg("field %s missing", fields[i]);
	}
	/* dump=buddyinfo,zoneinfo: Linux's lines before the JSON, and the
	 * same numbers in it. */
	{
		struct zone *z = mm_zone(0, ZONE_DMA32);
		char line[160], arr[160];
		int n = 0, k = 0;

		n += snprintf(line + n, sizeof(line) - n,
			      "\nNode 0, zone    DMA32 ");
		k += snprintf(arr + k, sizeof(arr) - k, "\"free\": [");
		for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
			n += snprintf(line + n, sizeof(line) - n, "%6lu ",
				      z->free_area[o].nr_free);
			k += snprintf(arr + k, sizeof(arr) - k, "%s%lu",
				      o ? ", " : "", z->free_area[o].nr_free);
		}
		snprintf(line + n, sizeof(line) - n, "\n");
		assert_non_null(
			strstr(t, "sparsemm: report: /proc/buddyinfo:\n"));
		assert_non_null(strstr(t, line));
		assert_non_null(strstr(b, arr));
		assert_non_null(
			strstr(t, "sparsemm: report: /proc/zoneinfo:\n"));
		assert_non_null(
			strstr(t, "Node 0, zone    DMA32\n  pages free     "));
		assert_null(strstr(t, "/proc/pagetypeinfo:"));
		assert_non_null(strstr(b, "\"buddyinfo\": ["));
		assert_non_null(strstr(b, "\"zoneinfo\": ["));
		assert_non_null(strstr(b, "\"pagetypeinfo\": null"));
	}
	/* Quotes inside strings are escaped. */
	assert_non_null(strstr(b, "Q35 + \\\"ICH9\\\""));
	/* Braces balance between the markers. */
	{
		int depth = 0;
		bool in_str = false;

		for (const char *p = b + strlen(REPORT_JSON_BEGIN); p < e;
		     p++) {
			if (*p == '\\' && in_str) {
				p++;
				continue;
			}
			if (*p == '"')
				in_str = !in_str;
			if (!in_str && (*p == '{' || *p == '['))
				depth++;
			if (!in_str && (*p == '}' || *p == ']'))
				depth--;
			assert_true(depth >= 0);
		}
		assert_int_equal(depth, 0);
	}
}

/*
 * A section beyond boot RAM, added and removed under load.  No zones code
 * installs an online hook yet, so the added pages stay offline: add and
 * remove must pass and busy_remove is skipped with that reason.
 */
static void test_hotplug_section(void **state)
{
	static const struct hotplug_range hp = {
		.nid = 0,
		.start_pfn = (512 * SZ_1M_) >> PAGE_SHIFT,
		.nr_pages = PAGES_PER_SECTION,
	};

	boot(one_node, ARRAY_SIZE(one_node));
	assert_int_equal(host_phys_populate(512 * SZ_1M_,
					    PAGES_PER_SECTION << PAGE_SHIFT),
			 0);
	env.hotplug = &hp;
	env.nr_hotplug = 1;
	set("suites=hotplug");
	if (run())
		print_failures();
	assert_int_equal(result("hotplug")->result, KTAP_OK);
	assert_false(pfn_valid(hp.start_pfn));
	assert_true(capture_contains("ok 1 add\n"));
	assert_true(capture_contains("ok 3 remove\n"));
}

/* duration= repeats a suite for its share of the time. */
static void test_duration(void **state)
{
	boot(one_node, ARRAY_SIZE(one_node));
	set("suites=compound duration=1s");
	assert_int_equal(run(), 0);
	assert_true(result("compound")->passes >= 2);
	assert_true(capture_contains("# progress: compound pass "));
}

/* Timing over 2 GiB (QEMU q35 layout), with STRESS_2G=1. */
static void test_timing_2g(void **state)
{
	static const struct mm_range q35[] = {
		{ 0x1000, 0x9f000, 0, 0 },
		{ SZ_1M_, 2047 * SZ_1M_, 0, 0 },
	};
	const struct stress_results *r;

	if (!getenv("STRESS_2G"))
		skip();
	boot(q35, ARRAY_SIZE(q35));
	/* Warm up: the host faults simulated RAM in on first touch, which
	 * QEMU's guest never pays inside its own time. */
	set("suites=pattern");
	run();
	config_defaults(&cfg);
	cfg.seed = 0x5eed;
	cfg.seed_given = true;
	run();
	r = stress_last_results();
	for (unsigned int i = 0; i < r->nr_suites; i++)
		fprintf(stderr,
			"%-18s %-7s %8llu ms %10llu ops %6llu.%03llu ns/op\n",
			r->suites[i].name,
			r->suites[i].result == KTAP_OK	 ? "ok" :
			r->suites[i].result == KTAP_SKIP ? "skip" :
							   "not ok",
			(unsigned long long)(r->suites[i].ns / 1000000),
			(unsigned long long)r->suites[i].ops,
			(unsigned long long)(r->suites[i].ps_per_op / 1000),
			(unsigned long long)(r->suites[i].ps_per_op % 1000));
	fprintf(stderr, "total %llu ms\n",
		(unsigned long long)(r->elapsed_ns / 1000000));
	print_failures();
	assert_true(r->pass);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_all_suites_one_node, teardown),
		cmocka_unit_test_teardown(test_numa_two_nodes, teardown),
		cmocka_unit_test_teardown(test_seed_replays, teardown),
		cmocka_unit_test_teardown(test_negative_corrupt_freelist,
					  teardown),
		cmocka_unit_test_teardown(test_negative_leak_page, teardown),
		cmocka_unit_test_teardown(test_negative_flip_bit, teardown),
		cmocka_unit_test(test_config_words),
		cmocka_unit_test_teardown(test_report_json, teardown),
		cmocka_unit_test_teardown(test_hotplug_section, teardown),
		cmocka_unit_test_teardown(test_duration, teardown),
		cmocka_unit_test_teardown(test_timing_2g, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
