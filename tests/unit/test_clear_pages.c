// SPDX-License-Identifier: MIT
/*
 * Unit tests for lib/clear_pages.c, __GFP_ZERO's zeroing: every method
 * zeroes exactly the bytes asked (a store loop that ran one step too far
 * or stopped one short would hand out a dirty page or corrupt its
 * neighbour), calibration only ever chooses a method the platform allowed
 * (a vector method on a CPU without it enabled would fault on every
 * CPU), and every size class gets a choice.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <arch/host.h>
#include <lib/clear_pages.h>

#define GUARD 4096

/* Zero [GUARD, GUARD + bytes) of a buffer full of 0xa5 with method m
 * forced (calibrated with only m allowed), and check both guards. */
static void check_exact(unsigned int usable, size_t bytes)
{
	unsigned char *buf = aligned_alloc(4096, CLEAR_LARGE_BYTES + 2 * GUARD);
	size_t i;

	assert_non_null(buf);
	clear_pages_calibrate(buf + GUARD, usable);
	memset(buf, 0xa5, CLEAR_LARGE_BYTES + 2 * GUARD);
	clear_pages_fast(buf + GUARD, bytes);
	for (i = 0; i < GUARD; i++)
		assert_int_equal(buf[i], 0xa5);
	for (i = 0; i < bytes; i++)
		if (buf[GUARD + i]) {
			print_error("byte %zu of %zu not zero\n", i, bytes);
			fail();
		}
	for (i = 0; i < GUARD; i++)
		assert_int_equal(buf[GUARD + bytes + i], 0xa5);
	free(buf);
}

static void test_every_method_exact(void **state)
{
	const size_t sizes[] = { 64, 4096, 8192, 3 * 4096, 65536, 1 << 20 };
	unsigned int usable = host_clear_methods();

	for (unsigned int m = 0; m < NR_CLEAR_METHODS; m++) {
		if (!(usable & (1u << m)))
			continue;
		for (unsigned int s = 0; s < sizeof(sizes) / sizeof(sizes[0]);
		     s++)
			check_exact(1u << m, sizes[s]);
	}
}

static void test_choice_only_among_usable(void **state)
{
	void *buf = aligned_alloc(4096, CLEAR_LARGE_BYTES);
	const struct clear_class_choice *ch;

	assert_non_null(buf);
	/* Nothing allowed: rep stosq, which every x86-64 CPU has. */
	ch = clear_pages_calibrate(buf, 0);
	for (unsigned int c = 0; c < NR_CLEAR_CLASSES; c++) {
		assert_int_equal(ch[c].method, CLEAR_REP_STOSQ);
		assert_true(ch[c].mbps[CLEAR_REP_STOSQ] > 0);
		assert_int_equal(ch[c].mbps[CLEAR_SSE2], 0);
		assert_int_equal(ch[c].mbps[CLEAR_AVX], 0);
	}
	/* SSE2 allowed: measured, chosen only if faster, AVX never. */
	ch = clear_pages_calibrate(buf, 1u << CLEAR_SSE2);
	for (unsigned int c = 0; c < NR_CLEAR_CLASSES; c++) {
		assert_true(ch[c].method == CLEAR_REP_STOSQ ||
			    ch[c].method == CLEAR_SSE2);
		assert_true(ch[c].mbps[CLEAR_SSE2] > 0);
		assert_true(ch[c].mbps[ch[c].method] >=
			    ch[c].mbps[CLEAR_REP_STOSQ]);
		assert_int_equal(ch[c].mbps[CLEAR_AVX], 0);
	}
	assert_ptr_equal(clear_pages_choice(), ch);
	assert_int_equal(clear_class_bytes(CLEAR_SMALL), 4096);
	assert_string_equal(clear_method_name(CLEAR_REP_STOSB), "rep stosb");
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_method_exact),
		cmocka_unit_test(test_choice_only_among_usable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
