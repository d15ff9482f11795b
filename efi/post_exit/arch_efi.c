// SPDX-License-Identifier: MIT
/*
 * The arch interface (include/arch/arch.h) on the machine.
 */
#include "boot.h"
#include "cpu.h"

#include <arch/arch.h>

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

void arch_clear_pages(void *addr, size_t bytes)
{
	unsigned long cnt = bytes / 8;

	__asm__ volatile("rep stosq"
			 : "+D"(addr), "+c"(cnt)
			 : "a"(0UL)
			 : "memory");
}
