// SPDX-License-Identifier: MIT
/*
 * The memory test algorithms (memtest_algo.h).  Written for this project
 * from the published descriptions of the March and memtest86+ tests; the
 * loops are plain volatile word accesses so that the compiler neither
 * merges nor drops them.  A write goes through put(): one compare with the
 * planted fault's trigger, which is never equal when no fault is planted.
 */
#include <lib/prng.h>

#include "memtest_algo.h"

static void fire(const struct mt_fault *f)
{
	switch (f->kind) {
	case MT_FAULT_STUCK:
		if (f->value)
			*f->victim |= f->bit;
		else
			*f->victim &= ~f->bit;
		break;
	case MT_FAULT_ALIAS:
		*f->victim = *f->trigger;
		break;
	case MT_FAULT_COUPLING:
		*f->victim ^= f->bit;
		break;
	default:
		break;
	}
}

static inline void put(const struct mt_job *j, volatile u64 *w, u64 v)
{
	*w = v;
	if (j->fault && w == j->fault->trigger)
		fire(j->fault);
}

static void mismatch(const struct mt_job *j, const struct mt_range *r, size_t i,
		     u64 expected, u64 found)
{
	struct mt_sink *s = j->sink;

	if (s->nr < MT_KEEP)
		s->m[s->nr++] =
			(struct mt_mismatch){ r->pa + i * 8, expected, found };
	s->errors++;
}

static inline void check(const struct mt_job *j, const struct mt_range *r,
			 size_t i, u64 expected)
{
	u64 v = r->w[i];

	if (v != expected)
		mismatch(j, r, i, expected, v);
}

static u64 total_words(const struct mt_job *j)
{
	u64 n = 0;

	for (unsigned int k = 0; k < j->nr; k++)
		n += j->ranges[k].n;
	return n;
}

void mt_mov_inv(const struct mt_job *j, u64 p)
{
	for (unsigned int k = 0; k < j->nr; k++) {
		const struct mt_range *r = &j->ranges[k];

		for (size_t i = 0; i < r->n; i++)
			put(j, &r->w[i], p);
	}
	for (unsigned int k = 0; k < j->nr; k++) {
		const struct mt_range *r = &j->ranges[k];

		for (size_t i = 0; i < r->n; i++) {
			check(j, r, i, p);
			put(j, &r->w[i], ~p);
		}
	}
	for (unsigned int k = j->nr; k-- > 0;) {
		const struct mt_range *r = &j->ranges[k];

		for (size_t i = r->n; i-- > 0;) {
			check(j, r, i, ~p);
			put(j, &r->w[i], p);
		}
	}
	/* The last writes are verified too. */
	for (unsigned int k = 0; k < j->nr; k++) {
		const struct mt_range *r = &j->ranges[k];

		for (size_t i = 0; i < r->n; i++)
			check(j, r, i, p);
	}
	j->sink->words += 4 * total_words(j);
}

void mt_random_seq(const struct mt_job *j, u64 seed)
{
	struct prng rng;

	for (int inv = 0; inv < 2; inv++) {
		u64 x = inv ? ~0ULL : 0;

		prng_seed(&rng, seed);
		for (unsigned int k = 0; k < j->nr; k++) {
			const struct mt_range *r = &j->ranges[k];

			for (size_t i = 0; i < r->n; i++)
				put(j, &r->w[i], prng_next(&rng) ^ x);
		}
		prng_seed(&rng, seed);
		for (unsigned int k = 0; k < j->nr; k++) {
			const struct mt_range *r = &j->ranges[k];

			for (size_t i = 0; i < r->n; i++)
				check(j, r, i, prng_next(&rng) ^ x);
		}
	}
	j->sink->words += 4 * total_words(j);
}

#define MODULO 20
#define MODULO_REWRITES 2

void mt_modulo_20(const struct mt_job *j, u64 p)
{
	for (unsigned int off = 0; off < MODULO; off++) {
		for (unsigned int k = 0; k < j->nr; k++) {
			const struct mt_range *r = &j->ranges[k];

			for (size_t i = off; i < r->n; i += MODULO)
				put(j, &r->w[i], p);
			for (int rep = 0; rep < MODULO_REWRITES; rep++)
				for (size_t i = 0; i < r->n; i++)
					if (i % MODULO != off)
						put(j, &r->w[i], ~p);
		}
		for (unsigned int k = 0; k < j->nr; k++) {
			const struct mt_range *r = &j->ranges[k];

			for (size_t i = off; i < r->n; i += MODULO)
				check(j, r, i, p);
		}
	}
	j->sink->words += (u64)MODULO * (MODULO_REWRITES + 1) * total_words(j);
}

static inline u64 rol64(u64 v, unsigned int s)
{
	s &= 63;
	return s ? (v << s) | (v >> (64 - s)) : v;
}

/* Copy n words from src to dst, eight at a time (a burst per line). */
static void block_copy(const struct mt_job *j, volatile u64 *dst,
		       const volatile u64 *src, size_t n)
{
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		u64 a = src[i], b = src[i + 1], c = src[i + 2], d = src[i + 3];
		u64 e = src[i + 4], f = src[i + 5], g = src[i + 6],
		    h = src[i + 7];

		put(j, &dst[i], a);
		put(j, &dst[i + 1], b);
		put(j, &dst[i + 2], c);
		put(j, &dst[i + 3], d);
		put(j, &dst[i + 4], e);
		put(j, &dst[i + 5], f);
		put(j, &dst[i + 6], g);
		put(j, &dst[i + 7], h);
	}
	for (; i < n; i++)
		put(j, &dst[i], src[i]);
}

void mt_block_move(const struct mt_job *j, u64 p)
{
	for (int inv = 0; inv < 2; inv++) {
		u64 q = inv ? ~p : p;

		for (unsigned int k = 0; k < j->nr; k++) {
			const struct mt_range *r = &j->ranges[k];
			size_t half = r->n / 2;
			volatile u64 *a = r->w, *b = r->w + half;

			if (!half)
				continue;
			/* Fill one half, move it over the other, then move
			 * the other back over the first: both hold it. */
			for (size_t i = 0; i < half; i++)
				put(j, inv ? &b[i] : &a[i],
				    rol64(q, (unsigned int)i));
			if (inv)
				block_copy(j, a, b, half);
			else
				block_copy(j, b, a, half);
			if (inv)
				block_copy(j, b, a, half);
			else
				block_copy(j, a, b, half);
			for (size_t i = 0; i < half; i++) {
				check(j, r, i, rol64(q, (unsigned int)i));
				check(j, r, half + i,
				      rol64(q, (unsigned int)i));
			}
		}
	}
	j->sink->words += 2 * 4 * total_words(j) / 2;
}

void mt_bit_fade(const struct mt_job *j, u64 p, void (*wait)(void *arg),
		 void *arg)
{
	for (int inv = 0; inv < 2; inv++) {
		u64 q = inv ? ~p : p;

		for (unsigned int k = 0; k < j->nr; k++) {
			const struct mt_range *r = &j->ranges[k];

			for (size_t i = 0; i < r->n; i++)
				put(j, &r->w[i], q);
		}
		if (wait)
			wait(arg);
		for (unsigned int k = 0; k < j->nr; k++) {
			const struct mt_range *r = &j->ranges[k];

			for (size_t i = 0; i < r->n; i++)
				check(j, r, i, q);
		}
	}
	j->sink->words += 4 * total_words(j);
}
