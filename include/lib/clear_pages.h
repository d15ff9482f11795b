/* SPDX-License-Identifier: MIT */
/*
 * Zeroing whole pages as fast as this x86-64 CPU can: the body of both
 * platforms' arch_clear_pages() (__GFP_ZERO).  lib/clear_pages.c has the
 * methods and how one is chosen for each size.
 */
#ifndef LIB_CLEAR_PAGES_H
#define LIB_CLEAR_PAGES_H

#include <lib/types.h>

enum clear_method {
	CLEAR_REP_STOSQ, /* every x86-64 CPU; the choice until calibrated */
	CLEAR_REP_STOSB, /* fast with ERMS / FSRM */
	CLEAR_SSE2, /* 16-byte stores: needs CR4.OSFXSR */
	CLEAR_AVX, /* 32-byte stores: needs AVX enabled in XCR0 */
	NR_CLEAR_METHODS
};

/* The size classes a method is chosen for, by block size. */
enum clear_class { CLEAR_SMALL, CLEAR_MEDIUM, CLEAR_LARGE, NR_CLEAR_CLASSES };
#define CLEAR_SMALL_BYTES 0x1000UL /* 4 KiB */
#define CLEAR_MEDIUM_BYTES 0x10000UL /* 64 KiB */
#define CLEAR_LARGE_BYTES 0x100000UL /* 1 MiB: the calibration buffer */

/* The measured rate of one class: the method chosen and MB/s of each. */
struct clear_class_choice {
	enum clear_method method;
	u64 mbps[NR_CLEAR_METHODS]; /* 0: not usable or not measured */
};

/*
 * Time every usable method (bit 1 << method in usable; rep stosq always)
 * on blocks of each class inside buf (CLEAR_LARGE_BYTES, page-aligned,
 * contents lost) and choose the fastest for each.  Call once, on one CPU,
 * before other CPUs zero anything.  Returns the choice of each class.
 */
const struct clear_class_choice *clear_pages_calibrate(void *buf,
						       unsigned int usable);

/* Zero bytes (a multiple of 64, 64-byte aligned) at addr. */
void clear_pages_fast(void *addr, size_t bytes);

const char *clear_method_name(enum clear_method m);

/* The choice of each class (rep stosq everywhere until calibrated), and
 * the size of the blocks each class was measured on. */
const struct clear_class_choice *clear_pages_choice(void);
size_t clear_class_bytes(enum clear_class c);

/* One line per class, after calibration:
 *   clear_pages: 4 KiB blocks: rep stosb, 12800 MB/s (rep stosq 12700, sse2 stores 11500) */
void clear_pages_print(void);

#endif
