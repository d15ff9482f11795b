// SPDX-License-Identifier: MIT
/*
 * The memtest algorithms (mm/stress/memtest_algo.c) on host buffers, each
 * against each modelled fault: every algorithm passes clean memory, and
 * the table below says which fault each must catch and which it cannot
 * see (so that a negative boot test proves something about the algorithm
 * it names, not merely that "some test failed").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "../../mm/stress/memtest_algo.h"

#define WORDS 4096 /* two 16 KiB ranges */

static u64 buf[2][WORDS];
static struct mt_range ranges[2];

enum algo {
	MOV_INV_FIXED,
	MOV_INV_RANDOM,
	RANDOM_SEQ,
	MODULO_20,
	BLOCK_MOVE,
	BIT_FADE,
	NR_ALGOS
};

static void setup_ranges(void)
{
	memset(buf, 0xa5, sizeof(buf));
	for (int k = 0; k < 2; k++)
		ranges[k] = (struct mt_range){ buf[k], WORDS,
					       0x100000 + k * WORDS * 8ULL };
}

static u64 run(enum algo a, const struct mt_fault *f, struct mt_sink *s)
{
	struct mt_job j = { ranges, 2, s, f };

	memset(s, 0, sizeof(*s));
	setup_ranges();
	switch (a) {
	case MOV_INV_FIXED:
		mt_mov_inv(&j, 0);
		mt_mov_inv(&j, 0x5555555555555555ULL);
		break;
	case MOV_INV_RANDOM:
		mt_mov_inv(&j, 0x0123456789abcdefULL);
		break;
	case RANDOM_SEQ:
		mt_random_seq(&j, 42);
		break;
	case MODULO_20:
		mt_modulo_20(&j, 0xdeadbeefcafef00dULL);
		break;
	case BLOCK_MOVE:
		mt_block_move(&j, 0x8000000000000001ULL);
		break;
	case BIT_FADE:
		mt_bit_fade(&j, 0xffff0000ffff0000ULL, NULL, NULL);
		break;
	default:
		break;
	}
	return s->errors;
}

static struct mt_fault fault(enum mt_fault_kind k)
{
	switch (k) {
	case MT_FAULT_STUCK: /* bit 17 of word 5 stuck at 0 */
		return (struct mt_fault){ k, &buf[0][5], &buf[0][5], 1ULL << 17,
					  false };
	case MT_FAULT_ALIAS: /* word 515 also writes word 3 (bit 12) */
		return (struct mt_fault){ k, &buf[0][515], &buf[0][3], 0,
					  false };
	case MT_FAULT_COUPLING: /* writing word 8 inverts bit 17 of word 9 */
		return (struct mt_fault){ k, &buf[0][8], &buf[0][9], 1ULL << 17,
					  false };
	default:
		return (struct mt_fault){ 0 };
	}
}

static void test_clean_memory_passes(void **state)
{
	struct mt_sink s;

	for (int a = 0; a < NR_ALGOS; a++) {
		assert_int_equal(run(a, NULL, &s), 0);
		assert_true(s.words > 0);
	}
}

/* 1: must catch, 0: cannot see (by construction), -1: not asserted. */
static const int catches[NR_ALGOS][4] = {
	/*                 none STUCK ALIAS COUPLING */
	/* A March test also finds address faults: the alias's later
	 * write changes a word before its descending read. */
	[MOV_INV_FIXED] = { 0, 1, 1, 1 }, [MOV_INV_RANDOM] = { 0, 1, 1, 1 },
	[RANDOM_SEQ] = { 0, 1, 1, 0 },	  [MODULO_20] = { 0, 1, -1, -1 },
	[BLOCK_MOVE] = { 0, 1, -1, -1 },  [BIT_FADE] = { 0, 1, 0, -1 },
};

static void test_fault_matrix(void **state)
{
	static const char *const algo[] = { "mov_inv_fixed",   "mov_inv_random",
					    "random_sequence", "modulo_20",
					    "block_move",      "bit_fade" };
	struct mt_sink s;

	for (int a = 0; a < NR_ALGOS; a++) {
		for (int k = MT_FAULT_STUCK; k <= MT_FAULT_COUPLING; k++) {
			struct mt_fault f = fault(k);
			u64 errs = run(a, &f, &s);

			if (catches[a][k] < 0)
				continue;
			if ((errs != 0) != (catches[a][k] == 1))
				fail_msg(
					"%s with fault %d: %llu mismatches, expected %s",
					algo[a], k, (unsigned long long)errs,
					catches[a][k] ? "some" : "none");
		}
	}
}

/* The mismatch names the victim's physical address, both values, and the
 * XOR is the stuck bit. */
static void test_mismatch_report(void **state)
{
	struct mt_fault f = fault(MT_FAULT_STUCK);
	struct mt_sink s;

	run(MOV_INV_FIXED, &f, &s);
	assert_true(s.nr >= 1);
	assert_int_equal(s.m[0].pa, 0x100000 + 5 * 8);
	assert_int_equal(s.m[0].expected ^ s.m[0].found, 1ULL << 17);
	assert_int_equal(s.m[0].found & (1ULL << 17), 0);

	f = fault(MT_FAULT_COUPLING);
	run(MOV_INV_FIXED, &f, &s);
	assert_int_equal(s.m[0].pa, 0x100000 + 9 * 8);
	assert_int_equal(s.m[0].expected ^ s.m[0].found, 1ULL << 17);

	f = fault(MT_FAULT_ALIAS);
	run(RANDOM_SEQ, &f, &s);
	assert_int_equal(s.m[0].pa, 0x100000 + 3 * 8);
}

static int waits;
static void count_wait(void *arg)
{
	waits++;
}

static void test_bit_fade_waits_between(void **state)
{
	struct mt_sink s = { 0 };
	struct mt_job j = { ranges, 2, &s, NULL };

	setup_ranges();
	waits = 0;
	mt_bit_fade(&j, 1, count_wait, NULL);
	assert_int_equal(waits, 2); /* once per polarity */
	assert_int_equal(s.errors, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_memory_passes),
		cmocka_unit_test(test_fault_matrix),
		cmocka_unit_test(test_mismatch_report),
		cmocka_unit_test(test_bit_fade_waits_between),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
