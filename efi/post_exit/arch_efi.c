// SPDX-License-Identifier: MIT
/*
 * The arch interface (include/arch/arch.h) on the machine.
 */
#include "boot.h"
#include "cpu.h"

#include <arch/arch.h>
#include <lib/clear_pages.h>
#include <lib/printk.h>
#include <lib/x86_cr4.h>
#include <mm/memblock.h>

/* Until sparsemm's own page tables are loaded the firmware's identity map
 * is the direct map; paging sets this to PAGE_OFFSET. */
u64 direct_map_offset;

void *phys_to_virt(phys_addr_t pa)
{
	return (void *)(pa + direct_map_offset);
}

phys_addr_t virt_to_phys(const void *va)
{
	return (phys_addr_t)va - direct_map_offset;
}

unsigned int arch_phys_addr_bits(void)
{
	u32 a, b, c, d;

	cpuid(0x80000000, 0, &a, &b, &c, &d);
	if (a < 0x80000008)
		return 36;
	cpuid(0x80000008, 0, &a, &b, &c, &d);
	return a & 0xff;
}

u64 arch_cycles(void)
{
	return rdtsc();
}

u64 arch_cycles_per_sec(void)
{
	return boot.tsc_hz ? boot.tsc_hz : 1000000000ULL;
}

/* smp_processor_id() is in percpu.c: it reads the GS-based area. */

void cpu_relax(void)
{
	__asm__ volatile("pause");
}

/* __GFP_ZERO: the method lib/clear_pages.c measured fastest for the size
 * (rep stosq until clear_pages_calibrate_machine() has run). */
void arch_clear_pages(void *addr, size_t bytes)
{
	clear_pages_fast(addr, bytes);
}

/*
 * Measure the zeroing methods this machine may use, on 1 MiB from
 * memblock (given back after), before the APs start: rep stosq always,
 * rep stosb with ERMS (CPUID.7:EBX bit 9), SSE2 stores when CR4.OSFXSR is
 * set (the APs inherit it, include/lib/x86_cr4.h).  AVX stores would need
 * XCR0 set on every CPU, which sparsemm does not do (docs/bench.md).
 */
void clear_pages_calibrate_machine(void)
{
	unsigned int usable = 1u << CLEAR_REP_STOSQ;
	u32 a, b, c, d;
	void *buf;

	cpuid(0, 0, &a, &b, &c, &d);
	if (a >= 7) {
		cpuid(7, 0, &a, &b, &c, &d);
		if (b & (1u << 9))
			usable |= 1u << CLEAR_REP_STOSB;
	}
	if (read_cr4() & X86_CR4_OSFXSR)
		usable |= 1u << CLEAR_SSE2;
	buf = memblock_alloc(CLEAR_LARGE_BYTES, PAGE_SIZE);
	if (!buf) {
		pr_warn("clear_pages: no 1 MiB to measure with: rep stosq for every size\n");
		return;
	}
	clear_pages_calibrate(buf, usable);
	memblock_free(buf, CLEAR_LARGE_BYTES);
	clear_pages_print();
}
