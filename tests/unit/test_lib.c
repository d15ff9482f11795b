// SPDX-License-Identifier: MIT
/* Unit tests for lib/: the formatter, printk's ring, KTAP, config words,
 * memparse, the PRNG and CRC-32. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include <lib/config.h>
#include <lib/crc32.h>
#include <lib/ktap.h>
#include <lib/printk.h>
#include <lib/prng.h>

#include "capture.h"

/* Each format checked against the host's snprintf, which defines C. */
static void test_vsprintf_matches_libc(void **state)
{
	char ours[128], libc[128];

#define CHECK(...)                                          \
	do {                                                \
		scnprintf(ours, sizeof(ours), __VA_ARGS__); \
		snprintf(libc, sizeof(libc), __VA_ARGS__);  \
		assert_string_equal(ours, libc);            \
	} while (0)
	CHECK("%d %i %u", -42, 7, 4000000000u);
	CHECK("%x %X %o", 0xdeadbeef, 0xabcu, 8);
	CHECK("%#018llx", 0x9ffffULL);
	CHECK("[%-12s|%3s|%2s]", "Boot Data", "", "WB");
	CHECK("%016llx-%016llx", 0ULL, ~0ULL);
	CHECK("%5d|%-5d|%05d|%+d|% d", 42, 42, 42, 42, 42);
	CHECK("%lld %llu", -9223372036854775807LL - 1, ~0ULL);
	CHECK("%zu %ld %lu", (size_t)123, -5L, 5UL);
	CHECK("%.3s|%10.2s|%c|%%", "abcdef", "xyz", 'q');
	CHECK("%*d|%-*d|%.*s", 6, 1, 4, 2, 2, "hello");
	/* The conversions truncate an int argument, as C's printf does. */
	// cppcheck-suppress [invalidPrintfArgType_uint, invalidPrintfArgType_sint]
	CHECK("%hhu %hd", 300, 70000);
	CHECK("%.0d|%.5d", 0, 12);
	CHECK("%#o", 8);
#undef CHECK
	/* Unlike C, and like Linux, '#' keeps the 0x prefix on zero. */
	scnprintf(ours, sizeof(ours), "%#018llx|%#x", 0ULL, 0);
	assert_string_equal(ours, "0x0000000000000000|0x0");
}

static void test_vsprintf_truncates(void **state)
{
	char buf[8];

	assert_int_equal(scnprintf(buf, sizeof(buf), "%s", "0123456789"), 7);
	assert_string_equal(buf, "0123456");
	assert_int_equal(scnprintf(buf, 1, "abc"), 0);
	assert_string_equal(buf, "");
	/* Linux's %Lx spelling is accepted. */
	scnprintf(buf, sizeof(buf), "%Lx", 0xabcULL);
	assert_string_equal(buf, "abc");
}

static void test_printk_levels_and_ring(void **state)
{
	char out[64];
	u64 start;

	capture_start();
	console_loglevel = LOGLEVEL_INFO + 1;
	start = log_buf_written();
	printk(KERN_DEBUG "hidden\n");
	printk(KERN_INFO "shown %d\n", 1);
	pr_cont("cont\n");
	capture_stop();
	/* Debug is above the console level: stored, not shown. */
	assert_string_equal(capture_text(), "shown 1\ncont\n");
	assert_int_equal(log_buf_read(start, out, sizeof(out) - 1), 20);
	out[20] = '\0';
	assert_string_equal(out, "hidden\nshown 1\ncont\n");
}

static void test_log_buf_move_keeps_offsets(void **state)
{
	static char bigger[1 << 16];
	char out[16];
	u64 at;

	printk(KERN_INFO "before-move\n");
	at = log_buf_written() - 12;
	log_buf_set(bigger, sizeof(bigger));
	assert_int_equal(log_buf_read(at, out, 12), 12);
	assert_memory_equal(out, "before-move\n", 12);
}

static void test_ktap_output(void **state)
{
	struct ktap_suite top, sub;

	capture_start();
	ktap_begin(&top, "top", 0, 2);
	ktap_begin(&sub, "sub", 1, 1);
	ktap_result(&sub, KTAP_OK, "dma_below_16m", NULL);
	ktap_result(&top, ktap_suite_ok(&sub) ? KTAP_OK : KTAP_NOT_OK,
		    "zone_constraints", NULL);
	ktap_result(&top, KTAP_NOT_OK, "exhaustion", "reason");
	capture_stop();
	assert_string_equal(capture_text(),
			    "KTAP version 1\n1..2\n"
			    "  KTAP version 1\n  1..1\n  ok 1 dma_below_16m\n"
			    "ok 1 zone_constraints\n"
			    "not ok 2 exhaustion # reason\n");
	assert_false(ktap_suite_ok(&top));
	assert_int_equal(top.failed, 1);
}

static void test_memparse(void **state)
{
	const char *end;
	u64 v;

	assert_int_equal(memparse("64K", &end, &v), 0);
	assert_int_equal(v, 65536);
	assert_int_equal(memparse("0x1000$", &end, &v), 0);
	assert_int_equal(v, 0x1000);
	assert_int_equal(*end, '$');
	assert_int_equal(memparse("2g", &end, &v), 0);
	assert_int_equal(v, 2ULL << 30);
	assert_int_equal(memparse("G", &end, &v), -EINVAL);
	assert_int_equal(memparse("0x", &end, &v), -EINVAL);
	assert_int_equal(memparse("99999999999999999999", &end, &v), -ERANGE);
	assert_int_equal(memparse("17179869184G", &end, &v), -ERANGE);
}

static void test_config_words(void **state)
{
	struct sparsemm_config cfg;
	const char text[] =
		"# comment mem=1\n loglevel=7 mem=1G\tmemmap=64K$0x12340000\n"
		"seed=0x2a suites=zones,buddy on_done=shutdown\r\n"
		"efi=debug memblock=debug duration=2m numa=off";

	config_defaults(&cfg);
	capture_start();
	assert_int_equal(config_parse(&cfg, text, sizeof(text) - 1, "test"), 0);
	capture_stop();
	assert_int_equal(cfg.loglevel, 7);
	assert_int_equal(cfg.mem_limit, 1ULL << 30);
	assert_int_equal(cfg.nr_memmap, 1);
	assert_int_equal(cfg.memmap[0].start, 0x12340000);
	assert_int_equal(cfg.memmap[0].size, 0x10000);
	assert_int_equal(cfg.seed, 42);
	assert_true(cfg.seed_given);
	assert_true(config_suite_enabled(&cfg, "zones"));
	assert_false(config_suite_enabled(&cfg, "churn"));
	assert_int_equal(cfg.on_done, ON_DONE_SHUTDOWN);
	assert_true(cfg.efi_debug && cfg.memblock_debug && cfg.numa_off);
	assert_int_equal(cfg.duration_s, 120);
	assert_int_equal(cfg.fatal, 0);
}

static void test_config_errors(void **state)
{
	struct sparsemm_config cfg;
	const char text[] = "bogus=1 loglevel=9 loglevel mem=1M memmap=4K "
			    "passes=5K seed=12 exclude=pattern";

	config_defaults(&cfg);
	capture_start();
	assert_int_equal(config_parse(&cfg, text, sizeof(text) - 1, "cfg"), 6);
	capture_stop();
	assert_true(capture_contains("unknown key in 'bogus=1' (cfg)"));
	assert_true(capture_contains(
		"bad value in 'loglevel=9' (cfg): expected a number 0..8 (out of range)"));
	assert_true(capture_contains("'loglevel' (cfg) needs a value"));
	assert_true(capture_contains("bad value in 'memmap=4K'"));
	assert_true(capture_contains("bad value in 'mem=1M'"));
	assert_true(capture_contains("bad value in 'passes=5K'"));
	/* Defaults kept, good words after bad ones still applied. */
	assert_int_equal(cfg.loglevel, CONSOLE_LOGLEVEL_DEFAULT);
	assert_int_equal(cfg.mem_limit, 0);
	assert_int_equal(cfg.fatal, 1);
	assert_int_equal(cfg.passes, 1);
	assert_int_equal(cfg.seed, 12);
	assert_false(config_suite_enabled(&cfg, "pattern"));
	assert_true(config_suite_enabled(&cfg, "zones"));
}

/* A word of exactly 255 characters fits the 256-byte buffer and is parsed;
 * one of 256 is reported as too long. */
static void test_config_word_lengths(void **state)
{
	struct sparsemm_config cfg;
	char text[300];

	config_defaults(&cfg);
	memset(text, 'a', sizeof(text));
	memcpy(text, "suites=", 7);
	capture_start();
	assert_int_equal(config_parse(&cfg, text, 255, "t"), 1);
	assert_true(capture_contains("bad value in 'suites=aaa"));
	assert_false(capture_contains("too long"));
	assert_int_equal(config_parse(&cfg, text, 256, "t"), 1);
	capture_stop();
	assert_true(capture_contains("is too long, ignored"));
}

static void test_prng_replays(void **state)
{
	struct prng a, b;

	prng_seed(&a, 1234);
	prng_seed(&b, 1234);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(prng_next(&a), prng_next(&b));
	prng_seed(&b, 1235);
	assert_int_not_equal(prng_next(&a), prng_next(&b));
	for (int i = 0; i < 1000; i++)
		assert_true(prng_below(&a, 11) < 11);
}

static void test_crc32_check_value(void **state)
{
	assert_int_equal(crc32(0, "123456789", 9), 0xCBF43926);
	assert_int_equal(crc32(crc32(0, "1234", 4), "56789", 5), 0xCBF43926);
	assert_int_equal(crc32(0, "", 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vsprintf_matches_libc),
		cmocka_unit_test(test_vsprintf_truncates),
		cmocka_unit_test(test_printk_levels_and_ring),
		cmocka_unit_test(test_log_buf_move_keeps_offsets),
		cmocka_unit_test(test_ktap_output),
		cmocka_unit_test(test_memparse),
		cmocka_unit_test(test_config_words),
		cmocka_unit_test(test_config_errors),
		cmocka_unit_test(test_config_word_lengths),
		cmocka_unit_test(test_prng_replays),
		cmocka_unit_test(test_crc32_check_value),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
