/* SPDX-License-Identifier: MIT */
/*
 * Memory test algorithms of the kind memtest86+ and MemTest86 run, over
 * a set of word ranges (blocks the memtest suite took from the allocator,
 * or a host buffer in the unit tests).  Each one looks for a class of RAM
 * fault:
 *
 *   mov_inv      moving inversions (a March test): fill ascending with p;
 *                ascending, check p and write ~p; descending, check ~p and
 *                write p.  Every bit is written 0 and 1 and read in both
 *                address orders: stuck-at bits, transition faults, and
 *                coupling faults whose victim lies either side of the
 *                aggressor, and address faults (a word read after another
 *                address's write changed it).  With a fixed p (all zeros,
 *                0x55..) or a random one.
 *   random_seq   each word gets the next number of a seeded sequence, then
 *                the sequence's complement: unique data per word, so an
 *                address-line fault (two addresses, one cell) shows, which
 *                no fixed pattern can reveal.
 *   modulo_20    for each offset o of 20: p where i % 20 == o, ~p
 *                elsewhere, written twice, then the p words checked:
 *                neighbours written with the opposite data disturb them.
 *   block_move   the first half of a range filled with rotating bits, then
 *                copied over the second half by block copies, and back;
 *                both halves checked: faults under burst transfers.
 *   bit_fade     fill with p, wait, check; the same with ~p: cells that do
 *                not hold their charge.
 *
 * A mismatch goes to the caller's sink: the address, expected and found
 * values (the XOR is theirs), the first MT_KEEP kept and all counted.
 * A planted fault (struct mt_fault) models a RAM fault in software for
 * the negative tests: it acts at the moment the algorithm writes the
 * trigger word, as the faulty cell would.
 */
#ifndef STRESS_MEMTEST_ALGO_H
#define STRESS_MEMTEST_ALGO_H

#include <lib/types.h>

#define MT_KEEP 4

struct mt_range {
	volatile u64 *w; /* the words, through the direct map */
	size_t n; /* number of words */
	phys_addr_t pa; /* physical address of w[0] */
};

struct mt_mismatch {
	phys_addr_t pa;
	u64 expected, found;
};

struct mt_sink {
	u64 errors; /* all mismatches */
	unsigned int nr; /* kept in m[] */
	struct mt_mismatch m[MT_KEEP];
	u64 words; /* words written and read, for the op count */
};

enum mt_fault_kind {
	MT_FAULT_NONE,
	MT_FAULT_STUCK, /* victim bit reads as 'value' whatever is written */
	MT_FAULT_ALIAS, /* trigger and victim are one cell (address line) */
	MT_FAULT_COUPLING, /* each write to trigger inverts the victim bit */
};

struct mt_fault {
	enum mt_fault_kind kind;
	volatile u64 *trigger; /* the word whose write fires the fault */
	volatile u64 *victim; /* the word it changes */
	u64 bit; /* one bit, for STUCK and COUPLING */
	bool value; /* STUCK: the value the bit is stuck at */
};

/* One algorithm run over ranges[0..nr) in that order (ascending address
 * order when the caller sorts them). */
struct mt_job {
	const struct mt_range *ranges;
	unsigned int nr;
	struct mt_sink *sink;
	const struct mt_fault *fault; /* NULL: none */
};

void mt_mov_inv(const struct mt_job *j, u64 p);
void mt_random_seq(const struct mt_job *j, u64 seed);
void mt_modulo_20(const struct mt_job *j, u64 p);
void mt_block_move(const struct mt_job *j, u64 p);
/* wait(arg) is called between the fill and the check (it sleeps). */
void mt_bit_fade(const struct mt_job *j, u64 p, void (*wait)(void *arg),
		 void *arg);

#endif
