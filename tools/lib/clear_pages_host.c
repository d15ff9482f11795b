// SPDX-License-Identifier: MIT
/*
 * arch_clear_pages() on the host (include/arch/arch.h): the method
 * lib/clear_pages.c measures fastest on this CPU for each block size,
 * calibrated on first use (once, whichever thread comes first: the
 * bench's threads and the simulator's CPUs may race to it).  Usable here:
 * rep stosq, rep stosb with ERMS, SSE2 stores (always on x86-64 Linux),
 * AVX stores when the CPU and the kernel enable them.  The choice is
 * printed with the simulator's boot log (clear_pages_print()).
 *
 * Who calls it: __GFP_ZERO's clear_pages() in the simulator, the bench
 * and the unit tests.
 */
#include <arch/arch.h>
#include <arch/host.h>
#include <cpuid.h>
#include <lib/clear_pages.h>
#include <pthread.h>
#include <stdlib.h>

static pthread_once_t calibrated = PTHREAD_ONCE_INIT;

unsigned int host_clear_methods(void)
{
	unsigned int usable = 1u << CLEAR_REP_STOSQ | 1u << CLEAR_SSE2;
	unsigned int a, b, c, d;

	if (__get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & (1u << 9)))
		usable |= 1u << CLEAR_REP_STOSB;
	__builtin_cpu_init();
	if (__builtin_cpu_supports("avx"))
		usable |= 1u << CLEAR_AVX;
	return usable;
}

static void calibrate(void)
{
	void *buf = aligned_alloc(4096, CLEAR_LARGE_BYTES);

	if (!buf)
		return; /* rep stosq for every size */
	clear_pages_calibrate(buf, host_clear_methods());
	free(buf);
}

void arch_clear_pages(void *addr, size_t bytes)
{
	pthread_once(&calibrated, calibrate);
	clear_pages_fast(addr, bytes);
}
