// SPDX-License-Identifier: MIT
/*
 * sparsemm's own GDT, TSS and IDT, loaded right after ExitBootServices so
 * that every CPU exception lands in traps.c instead of the firmware's
 * handlers (which are gone).  NMI, double fault and machine check each run
 * on their own IST stack (IST 1, 2, 3), so that a stack overflow still
 * produces a report and a machine check or a platform NMI that arrives
 * while another of them is handled does not overwrite its frame.
 *
 * One GDT and one IDT serve every CPU.  Each CPU has its own TSS (LTR marks
 * the descriptor busy, so each TSS needs its own GDT slot: SDM 7.2.3) and
 * its own IST area of IST_AREA_SIZE bytes (three stacks): the BSP's is
 * ist_stack below, an AP's comes from smp.c.  Slot of CPU n's TSS:
 * GDT_TSS + 16 * n.
 */
#include "cpu.h"
#include "smp.h"

#include <lib/string.h>

#define GDT_KERNEL_CS 0x08
#define GDT_KERNEL_DS 0x10
#define GDT_TSS 0x18

struct tss64 {
	u32 reserved0;
	u64 rsp[3];
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;
} __attribute__((packed));

struct idt_gate {
	u16 offset_low;
	u16 selector;
	u8 ist;
	u8 type_attr;
	u16 offset_mid;
	u32 offset_high;
	u32 reserved;
} __attribute__((packed));

BUILD_BUG_ON(sizeof(struct tss64) != 104);
BUILD_BUG_ON(sizeof(struct idt_gate) != 16);

#define GDT_FIXED 3 /* null, code, data */
#define GDT_TSS_SLOTS 2 /* a 64-bit TSS descriptor is 16 bytes */

u8 ist_stack[IST_AREA_SIZE] __attribute__((aligned(16)));
static struct tss64 tss[NR_CPUS];
static u64 gdt[GDT_FIXED + GDT_TSS_SLOTS * NR_CPUS];
static struct idt_gate idt[256];
static bool tables_built;

/* The IST slot (1-based, 0: none) of a vector: NMI, #DF, #MC each get
 * their own stack. */
static u8 ist_slot(unsigned int vec)
{
	return vec == 2 ? IST_NMI : vec == 8 ? IST_DF : vec == 18 ? IST_MC : 0;
}

static void gdt_init(void)
{
	gdt[0] = 0;
	gdt[1] = 0x00af9a000000ffffULL; /* 64-bit code, DPL 0 */
	gdt[2] = 0x00cf92000000ffffULL; /* data, DPL 0 */
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		u64 base = (u64)&tss[cpu], limit = sizeof(tss[cpu]) - 1;
		u64 *d = &gdt[GDT_FIXED + GDT_TSS_SLOTS * cpu];

		/* 64-bit available TSS: a 16-byte system descriptor. */
		d[0] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
		       (0x89ULL << 40) | (((limit >> 16) & 0xf) << 48) |
		       (((base >> 24) & 0xff) << 56);
		d[1] = base >> 32;
	}
}

static void idt_init(void)
{
	for (unsigned int vec = 0; vec < 32; vec++) {
		u64 handler = exception_stub_table[vec];

		idt[vec] = (struct idt_gate){
			.offset_low = handler & 0xffff,
			.selector = GDT_KERNEL_CS,
			.ist = ist_slot(vec),
			.type_attr = 0x8e, /* present, DPL 0, interrupt gate */
			.offset_mid = (handler >> 16) & 0xffff,
			.offset_high = handler >> 32,
		};
	}
}

void cpu_tables_load(unsigned int cpu, u64 ist_base)
{
	struct desc_ptr gdtr = { sizeof(gdt) - 1, (u64)gdt };
	struct desc_ptr idtr = { sizeof(idt) - 1, (u64)idt };
	struct tss64 *t = &tss[cpu];

	memset(t, 0, sizeof(*t));
	/* Stack n (1-based) is the n-th IST_STACK_SIZE slice of the area;
	 * the TSS holds its top. */
	for (unsigned int n = 1; n <= IST_STACKS; n++)
		t->ist[n - 1] = ist_base + n * IST_STACK_SIZE;
	t->iomap_base = sizeof(*t);
	load_gdt(&gdtr, GDT_KERNEL_CS, GDT_KERNEL_DS);
	__asm__ volatile("ltr %w0"
			 :
			 : "r"((u16)(GDT_TSS + 8 * GDT_TSS_SLOTS * cpu)));
	__asm__ volatile("lidt %0" : : "m"(idtr));
	/* Loading GS above cleared its base: point it at the CPU's area. */
	percpu_activate(cpu);
}

void cpu_tables_init(void)
{
	if (!tables_built) {
		gdt_init();
		idt_init();
		tables_built = true;
	}
	cpu_tables_load(0, (u64)ist_stack);
}
