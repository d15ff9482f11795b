// SPDX-License-Identifier: MIT
/*
 * Zeroing whole pages as fast as this CPU can (include/lib/clear_pages.h):
 * the body of arch_clear_pages() on the machine (efi/post_exit/arch_efi.c)
 * and on the host (tools/lib/arch_host.c), so __GFP_ZERO's clear_pages()
 * costs what the CPU's best store sequence costs.
 *
 * Which sequence is fastest depends on the CPU and on the block size:
 * rep stosb with ERMS/FSRM, rep stosq on older CPUs (Linux's
 * clear_page_erms and clear_page_rep, chosen by CPUID), wide vector
 * stores on CPUs whose string instructions start slowly (an AMD EPYC host
 * here: 32-byte stores zero a hot 4 KiB page at about 230 GB/s, rep stosb
 * at about 128).  Rather than a table of CPUs, the platform calls
 * clear_pages_calibrate() once at start: every method it may use is timed
 * on a block of each size class (4 KiB, 64 KiB, 1 MiB, hot in the cache
 * after one warm-up round, as a block from the per-CPU lists is) and the
 * fastest is kept per class.  Non-temporal stores are not a method: a
 * __GFP_ZERO block is about to be used by its caller, and bypassing the
 * cache only wins for blocks larger than the cache, which the calibration
 * cannot see on a hot buffer.
 *
 * Invariants: until calibrated, every size uses rep stosq (valid on every
 * x86-64 CPU); a method is chosen only if the platform said it is usable
 * (the vector methods need their state enabled in CR4/XCR0 on every CPU
 * that zeroes).  The methods are inline assembly, so this file builds in
 * the app's -mgeneral-regs-only mode: the vector registers are named in
 * the clobber lists only where the compiler knows them.
 *
 * Who calls it: the platforms' arch_clear_pages() and their start-up.
 */
#include <lib/clear_pages.h>

#include <arch/arch.h>
#include <lib/printk.h>

#ifdef __SSE2__
#define CLOBBER_XMM0 "xmm0",
#else
#define CLOBBER_XMM0
#endif

static void clear_rep_stosq(void *addr, size_t bytes)
{
	unsigned long cnt = bytes / 8;

	__asm__ volatile("rep stosq"
			 : "+D"(addr), "+c"(cnt)
			 : "a"(0UL)
			 : "memory");
}

static void clear_rep_stosb(void *addr, size_t bytes)
{
	__asm__ volatile("rep stosb"
			 : "+D"(addr), "+c"(bytes)
			 : "a"(0)
			 : "memory");
}

static void clear_sse2(void *addr, size_t bytes)
{
	__asm__ volatile("pxor %%xmm0, %%xmm0\n"
			 "1:\n\t"
			 "movdqa %%xmm0, (%0)\n\t"
			 "movdqa %%xmm0, 16(%0)\n\t"
			 "movdqa %%xmm0, 32(%0)\n\t"
			 "movdqa %%xmm0, 48(%0)\n\t"
			 "add $64, %0\n\t"
			 "sub $64, %1\n\t"
			 "jnz 1b"
			 : "+r"(addr), "+r"(bytes)
			 :
			 : CLOBBER_XMM0 "cc", "memory");
}

static void clear_avx(void *addr, size_t bytes)
{
	__asm__ volatile("vpxor %%xmm0, %%xmm0, %%xmm0\n"
			 "1:\n\t"
			 "vmovdqa %%ymm0, (%0)\n\t"
			 "vmovdqa %%ymm0, 32(%0)\n\t"
			 "add $64, %0\n\t"
			 "sub $64, %1\n\t"
			 "jnz 1b\n\t"
			 "vzeroupper"
			 : "+r"(addr), "+r"(bytes)
			 :
			 : CLOBBER_XMM0 "cc", "memory");
}

static void (*const clear_fn[NR_CLEAR_METHODS])(void *, size_t) = {
	[CLEAR_REP_STOSQ] = clear_rep_stosq,
	[CLEAR_REP_STOSB] = clear_rep_stosb,
	[CLEAR_SSE2] = clear_sse2,
	[CLEAR_AVX] = clear_avx,
};

static const char *const clear_names[NR_CLEAR_METHODS] = {
	[CLEAR_REP_STOSQ] = "rep stosq",
	[CLEAR_REP_STOSB] = "rep stosb",
	[CLEAR_SSE2] = "sse2 stores",
	[CLEAR_AVX] = "avx stores",
};

static const size_t class_bytes[NR_CLEAR_CLASSES] = { CLEAR_SMALL_BYTES,
						      CLEAR_MEDIUM_BYTES,
						      CLEAR_LARGE_BYTES };

static struct clear_class_choice choice[NR_CLEAR_CLASSES];

const char *clear_method_name(enum clear_method m)
{
	return m < NR_CLEAR_METHODS ? clear_names[m] : "?";
}

const struct clear_class_choice *clear_pages_choice(void)
{
	return choice;
}

size_t clear_class_bytes(enum clear_class c)
{
	return c < NR_CLEAR_CLASSES ? class_bytes[c] : 0;
}

/* Blocks below the medium size use the small class's method, and so on. */
void clear_pages_fast(void *addr, size_t bytes)
{
	enum clear_class c = bytes < CLEAR_MEDIUM_BYTES ? CLEAR_SMALL :
			     bytes < CLEAR_LARGE_BYTES	? CLEAR_MEDIUM :
							  CLEAR_LARGE;

	clear_fn[choice[c].method](addr, bytes);
}

/* MB/s of method m over blocks of this size: the best of three sweeps of
 * the 1 MiB buffer block by block (hot in the cache after the warm-up). */
static u64 clear_rate(enum clear_method m, void *buf, size_t size)
{
	unsigned int rounds = (unsigned int)(CLEAR_LARGE_BYTES / size);
	u64 best = ~0ULL, hz = arch_cycles_per_sec();

	clear_fn[m](buf, CLEAR_LARGE_BYTES);
	for (unsigned int trial = 0; trial < 3; trial++) {
		u64 t = arch_cycles();

		for (unsigned int i = 0; i < rounds; i++)
			clear_fn[m]((char *)buf + (size_t)i * size, size);
		t = arch_cycles() - t;
		if (t < best)
			best = t;
	}
	if (!best)
		best = 1;
	/* bytes * hz / cycles / 1e6, without overflowing for 1 MiB. */
	return CLEAR_LARGE_BYTES * (hz / 1000000) / best;
}

const struct clear_class_choice *clear_pages_calibrate(void *buf,
						       unsigned int usable)
{
	usable |= 1u << CLEAR_REP_STOSQ;
	for (unsigned int c = 0; c < NR_CLEAR_CLASSES; c++) {
		struct clear_class_choice *ch = &choice[c];
		enum clear_method best = CLEAR_REP_STOSQ;

		for (unsigned int m = 0; m < NR_CLEAR_METHODS; m++) {
			ch->mbps[m] =
				(usable & (1u << m)) ?
					clear_rate(m, buf, class_bytes[c]) :
					0;
			if (ch->mbps[m] > ch->mbps[best])
				best = m;
		}
		ch->method = best;
	}
	return choice;
}

void clear_pages_print(void)
{
	for (unsigned int c = 0; c < NR_CLEAR_CLASSES; c++) {
		const struct clear_class_choice *ch = &choice[c];
		char others[160];
		int n = 0;

		others[0] = 0;
		for (unsigned int m = 0; m < NR_CLEAR_METHODS; m++)
			if (m != ch->method && ch->mbps[m])
				n += scnprintf(others + n, sizeof(others) - n,
					       "%s%s %llu", n ? ", " : "",
					       clear_names[m],
					       (unsigned long long)ch->mbps[m]);
		pr_info("clear_pages: %lu KiB blocks: %s, %llu MB/s%s%s%s\n",
			class_bytes[c] >> 10, clear_names[ch->method],
			(unsigned long long)ch->mbps[ch->method], n ? " (" : "",
			others, n ? ")" : "");
	}
}
