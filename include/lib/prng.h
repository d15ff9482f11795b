/* SPDX-License-Identifier: MIT */
/*
 * A seeded pseudo-random generator (xoshiro256**, seeded by splitmix64), so
 * that every stress run can be replayed from its printed seed.
 */
#ifndef LIB_PRNG_H
#define LIB_PRNG_H

#include <lib/types.h>

struct prng {
	u64 s[4];
};

void prng_seed(struct prng *r, u64 seed);
u64 prng_next(struct prng *r);
/* Uniform in [0, bound); bound > 0. */
u64 prng_below(struct prng *r, u64 bound);

#endif
