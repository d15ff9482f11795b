/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the fuzz targets (tests/fuzz/fuzz_*.c; each target is
 * its own program, so everything here is static):
 *
 *   - struct fz: the fuzzer's bytes read as a stream of small integers, so
 *     that a target decodes "operations" from its input and every input,
 *     however short, decodes to something (reads past the end give 0);
 *   - FZ_CHECK(): an invariant a target checks; a broken one prints the
 *     values involved and aborts, which libFuzzer records as a crash with
 *     the input that caused it;
 *   - fz_quiet(): no console, so printk only fills the ring buffer (the
 *     parsers and mm/ print a lot on bad input; that is their job, and the
 *     fuzzer should not spend its time on a terminal);
 *   - fz_check_sanitized(): the properties of a sanitized map
 *     (include/mm/fw_map.h), shared by the map-parser and sanitizer targets.
 *
 * docs/fuzzing.md describes every target and its oracles.
 */
#ifndef TESTS_FUZZ_FUZZ_H
#define TESTS_FUZZ_FUZZ_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lib/printk.h>
#include <lib/types.h>
#include <mm/fw_map.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FZ_CHECK(cond, ...)                                                    \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "fuzz: %s:%d: invariant broken: %s: ", \
				__FILE__, __LINE__, #cond);                    \
			fprintf(stderr, __VA_ARGS__);                          \
			fprintf(stderr, "\n");                                 \
			abort();                                               \
		}                                                              \
	} while (0)

/* ---- reading the input --------------------------------------------------- */

struct fz {
	const uint8_t *p;
	size_t left;
};

static inline void fz_init(struct fz *f, const uint8_t *data, size_t size)
{
	f->p = data;
	f->left = size;
}

static inline bool fz_more(const struct fz *f)
{
	return f->left != 0;
}

static inline u8 fz_u8(struct fz *f)
{
	if (!f->left)
		return 0;
	f->left--;
	return *f->p++;
}

static inline u16 fz_u16(struct fz *f)
{
	u16 lo = fz_u8(f);

	return (u16)(lo | (u16)fz_u8(f) << 8);
}

static inline u32 fz_u32(struct fz *f)
{
	u32 lo = fz_u16(f);

	return lo | (u32)fz_u16(f) << 16;
}

static inline u64 fz_u64(struct fz *f)
{
	u64 lo = fz_u32(f);

	return lo | (u64)fz_u32(f) << 32;
}

/* ---- quiet printk ---------------------------------------------------------- */

static void fz_console_write(struct console *con, const char *text, size_t len)
{
	fwrite(text, 1, len, stderr);
}

/* FUZZ_LOG=1 in the environment shows the log on stderr (for replaying a
 * crash by hand: build/fuzz/<target> <input>). */
static inline void fz_quiet(void)
{
	static char ring[1 << 16];
	static struct console con = { .name = "stderr",
				      .write = fz_console_write };
	static bool done;

	if (done)
		return;
	done = true;
	/* A small ring: the log is never read, only written. */
	log_buf_set(ring, sizeof(ring));
	if (getenv("FUZZ_LOG")) {
		console_loglevel = 8;
		register_console(&con);
	}
}

/* ---- the sanitized-map oracle ------------------------------------------------ */

typedef unsigned __int128 fz_u128;

static inline u32 fz_norm_type(u32 type)
{
	return type < FW_MEM_NR_TYPES ? type : FW_MEM_RESERVED;
}

/*
 * The range an input entry covers after the documented rules (docs/memmap.md):
 * empty entries are ignored, RAM types shrink to page boundaries and the
 * others grow, everything at or above limit is cut off.  Computed in 128
 * bits, independently of mm/fw_map.c's overflow handling.
 */
static inline void fz_used_range(const struct fw_map_entry *e, fz_u128 limit,
				 fz_u128 *s, fz_u128 *t)
{
	fz_u128 start = e->start;
	fz_u128 end = start + ((fz_u128)e->pages << PAGE_SHIFT);

	if (!e->pages) {
		*s = *t = 0;
		return;
	}
	if (fw_mem_type_is_ram(fz_norm_type(e->type))) {
		start = (start + PAGE_SIZE - 1) & ~(fz_u128)(PAGE_SIZE - 1);
		end &= ~(fz_u128)(PAGE_SIZE - 1);
	} else {
		start &= ~(fz_u128)(PAGE_SIZE - 1);
		end = (end + PAGE_SIZE - 1) & ~(fz_u128)(PAGE_SIZE - 1);
	}
	if (end > limit)
		end = limit;
	if (start > end)
		start = end;
	*s = start;
	*t = end;
}

static inline int fz_cmp_u128(const void *a, const void *b)
{
	fz_u128 x = *(const fz_u128 *)a, y = *(const fz_u128 *)b;

	return x < y ? -1 : x > y;
}

static inline void fz_expect_entry(const struct fw_map_entry *out,
				   unsigned int nr, unsigned int k, fz_u128 s,
				   fz_u128 e, u32 type, u64 attr)
{
	FZ_CHECK(k < nr, "expected more than %u output entries", nr);
	FZ_CHECK(out[k].start == s && fw_map_entry_end(&out[k]) == e &&
			 out[k].type == type && out[k].attr == attr,
		 "out[%u] [%#llx-%#llx) type %u attr %#llx, expected "
		 "[%#llx-%#llx) type %u attr %#llx",
		 k, (unsigned long long)out[k].start,
		 (unsigned long long)fw_map_entry_end(&out[k]), out[k].type,
		 (unsigned long long)out[k].attr, (unsigned long long)s,
		 (unsigned long long)e, type, (unsigned long long)attr);
}

/*
 * Check out[0..nr) against the sanitizer's contract for in[0..nr_in):
 * sorted, disjoint, aligned, non-empty, below the limit, merged; and, by a
 * brute-force sweep over every boundary, that each byte has the type of
 * highest rank among the inputs covering it, with the attribute bits all
 * those inputs of that type share, and that nothing else is covered.
 */
static inline void fz_check_sanitized(const struct fw_map_entry *in,
				      unsigned int nr_in,
				      const struct fw_map_entry *out,
				      unsigned int nr, unsigned int phys_bits)
{
	fz_u128 limit = phys_bits && phys_bits < 64 ?
				(fz_u128)1 << phys_bits :
				(fz_u128)(~0ULL & PAGE_MASK);
	fz_u128 *pts = malloc(sizeof(*pts) * (2 * (size_t)nr_in + 1));
	unsigned int i, j, npts = 0, k = 0;
	fz_u128 cur_s = 0, cur_e = 0;
	u32 cur_t = 0;
	u64 cur_a = 0;
	bool open = false;

	for (i = 0; i < nr; i++) {
		const struct fw_map_entry *e = &out[i];
		fz_u128 end =
			(fz_u128)e->start + ((fz_u128)e->pages << PAGE_SHIFT);

		FZ_CHECK(e->pages != 0, "out[%u] empty", i);
		FZ_CHECK(IS_ALIGNED(e->start, PAGE_SIZE), "out[%u] start %#llx",
			 i, (unsigned long long)e->start);
		FZ_CHECK(end <= limit, "out[%u] [%#llx +%llu pages) past limit",
			 i, (unsigned long long)e->start,
			 (unsigned long long)e->pages);
		FZ_CHECK(e->type < FW_MEM_NR_TYPES, "out[%u] type %u", i,
			 e->type);
		if (i) {
			const struct fw_map_entry *p = &out[i - 1];

			FZ_CHECK(fw_map_entry_end(p) <= e->start,
				 "out[%u] end %#llx > out[%u] start %#llx",
				 i - 1, (unsigned long long)fw_map_entry_end(p),
				 i, (unsigned long long)e->start);
			FZ_CHECK(
				fw_map_entry_end(p) != e->start ||
					p->type != e->type ||
					p->attr != e->attr,
				"out[%u] and out[%u] touch with type %u attr %#llx "
				"and were not merged",
				i - 1, i, e->type, (unsigned long long)e->attr);
		}
	}

	/* Every boundary of every used input range. */
	for (i = 0; i < nr_in; i++) {
		fz_u128 s, t;

		fz_used_range(&in[i], limit, &s, &t);
		if (s < t) {
			pts[npts++] = s;
			pts[npts++] = t;
		}
	}
	qsort(pts, npts, sizeof(*pts), fz_cmp_u128);

	/* Expected map: per elementary interval, merged; compared as we go. */
	for (j = 0; j + 1 < npts; j++) {
		fz_u128 a = pts[j], b = pts[j + 1];
		int best = -1;
		u32 type = 0;
		u64 attr = ~0ULL;

		if (a == b)
			continue;
		for (i = 0; i < nr_in; i++) {
			fz_u128 s, t;
			u32 ty = fz_norm_type(in[i].type);

			fz_used_range(&in[i], limit, &s, &t);
			if (s <= a && b <= t &&
			    (int)fw_mem_type_priority(ty) > best) {
				best = (int)fw_mem_type_priority(ty);
				type = ty;
			}
		}
		if (best < 0)
			continue;
		for (i = 0; i < nr_in; i++) {
			fz_u128 s, t;

			fz_used_range(&in[i], limit, &s, &t);
			if (s <= a && b <= t &&
			    fz_norm_type(in[i].type) == type)
				attr &= in[i].attr;
		}
		if (open && cur_e == a && cur_t == type && cur_a == attr) {
			cur_e = b;
			continue;
		}
		if (open)
			fz_expect_entry(out, nr, k++, cur_s, cur_e, cur_t,
					cur_a);
		open = true;
		cur_s = a;
		cur_e = b;
		cur_t = type;
		cur_a = attr;
	}
	if (open)
		fz_expect_entry(out, nr, k++, cur_s, cur_e, cur_t, cur_a);
	FZ_CHECK(k == nr, "%u output entries, expected %u", nr, k);
	free(pts);
}

/*
 * Sanitize in[0..nr_in) and check the result (above).  Returns the number
 * of output entries, written to *outp (malloc'd; the caller frees it).
 */
static inline unsigned int fz_sanitize_checked(const struct fw_map_entry *in,
					       unsigned int nr_in,
					       unsigned int phys_bits,
					       enum memmap_source source,
					       struct fw_map_entry **outp)
{
	size_t cap = MEMMAP_OUT_ENTRIES(nr_in) ? MEMMAP_OUT_ENTRIES(nr_in) : 1;
	struct fw_map_entry *out = calloc(cap, sizeof(*out));
	void *scratch = malloc(MEMMAP_SCRATCH_BYTES(nr_in) + 8);
	struct map_diag diags[8];
	struct map_diag_sink sink = { .diags = diags, .capacity = 8 };
	struct memmap_sanitize_args args = {
		.in = in,
		.nr_in = nr_in,
		.out = out,
		.out_capacity = cap,
		.scratch = scratch,
		.scratch_bytes = MEMMAP_SCRATCH_BYTES(nr_in),
		.phys_bits = phys_bits,
		.source = source,
		.sink = &sink,
	};
	unsigned int nr = 0, total = 0, i;
	int err = fw_map_sanitize(&args, &nr);

	FZ_CHECK(err == 0, "fw_map_sanitize returned %d for %u entries", err,
		 nr_in);
	FZ_CHECK(nr <= cap, "%u entries written, capacity %zu", nr, cap);
	fz_check_sanitized(in, nr_in, out, nr, phys_bits);
	for (i = 0; i < MAP_DIAG_NR_LABELS; i++)
		total += sink.count[i];
	FZ_CHECK(total == sink.nr + sink.dropped, "diag counts %u != %u + %u",
		 total, sink.nr, sink.dropped);
	free(scratch);
	*outp = out;
	return nr;
}

#endif
