// SPDX-License-Identifier: MIT
/*
 * Per-CPU areas: one struct percpu per CPU number, reached through the GS
 * base (IA32_GS_BASE, MSR 0xc0000101), the way Linux reaches its per-CPU
 * data.  smp_processor_id() (inline, include/arch/arch.h) is one load
 * from GS once the BSP's area is active (arch_percpu_live); before that
 * (in efi_main, with the firmware's GS) it is 0.
 *
 * What it owns: the areas, and the answer to "is this address on some
 * CPU's stack" for backtraces.  smp.c fills in the APs' fields.
 */
#include "boot.h"
#include "cpu.h"
#include "smp.h"

#include <arch/arch.h>
#include <lib/printk.h>

#include <stddef.h>

BUILD_BUG_ON(offsetof(struct percpu, cpu) != PERCPU_CPU_OFFSET);
BUILD_BUG_ON(ARCH_PERCPU_CPU_OFFSET != PERCPU_CPU_OFFSET);

static struct percpu areas[NR_CPUS];
bool arch_percpu_live; /* the BSP's GS points at areas[0] */

struct percpu *per_cpu_area(unsigned int cpu)
{
	return cpu < NR_CPUS ? &areas[cpu] : NULL;
}

struct percpu *this_cpu(void)
{
	struct percpu *p;

	if (!arch_percpu_live)
		return &areas[0];
	__asm__ volatile("movq %%gs:0, %0" : "=r"(p));
	return p;
}

void percpu_activate(unsigned int cpu)
{
	struct percpu *p = &areas[cpu];

	p->self = p;
	p->cpu = cpu;
	if (cpu == 0) {
		p->stack_base = boot.stack_base;
		p->stack_size = boot.stack_size;
		p->ist_base = (u64)ist_stack;
		p->ist_size = IST_AREA_SIZE;
		p->state = CPU_ONLINE;
	}
	wrmsr(MSR_GS_BASE, (u64)p);
	if (cpu == 0)
		arch_percpu_live = true;
}

static bool inside(u64 addr, u64 len, u64 base, u64 size)
{
	return size && addr >= base && addr + len <= base + size;
}

bool percpu_on_some_stack(u64 addr, u64 len)
{
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		const struct percpu *p = &areas[cpu];

		if (inside(addr, len, p->stack_base, p->stack_size) ||
		    inside(addr, len, p->ist_base, p->ist_size))
			return true;
	}
	/* The BSP's stacks, also before its area is filled in. */
	return inside(addr, len, boot.stack_base, boot.stack_size) ||
	       inside(addr, len, (u64)ist_stack, IST_AREA_SIZE);
}
