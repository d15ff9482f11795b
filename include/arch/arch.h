/* SPDX-License-Identifier: MIT */
/*
 * The small interface mm/ needs from a platform.  efi/ implements it for the
 * machine (x86-64 page tables, TSC, APIC ids); tools/sim/ implements it over
 * an mmap'd stand-in for physical memory.  mm/ never sees anything else of
 * the platform.
 */
#ifndef ARCH_ARCH_H
#define ARCH_ARCH_H

#include <lib/types.h>

/*
 * The direct map: every RAM page is reachable at phys_to_virt(pa).  Valid
 * once the platform has installed its page tables, which it does before
 * memblock is set up.
 */
void *phys_to_virt(phys_addr_t pa);
phys_addr_t virt_to_phys(const void *va);

/* Highest physical address bit the CPU supports (CPUID 0x80000008). */
unsigned int arch_phys_addr_bits(void);

/* Cycle counter and its rate (calibrated by the platform). */
u64 arch_cycles(void);
u64 arch_cycles_per_sec(void);

/* Current CPU number, 0-based, dense. */
unsigned int smp_processor_id(void);

/* Spin-wait hint. */
void cpu_relax(void);

#endif
