// SPDX-License-Identifier: MIT
/*
 * sparsemm's own GDT, TSS and IDT, loaded right after ExitBootServices so
 * that every CPU exception lands in traps.c instead of the firmware's
 * handlers (which are gone).  Double fault, NMI and machine check run on a
 * separate IST stack so that a stack overflow still produces a report.
 */
#include "cpu.h"

#include <lib/string.h>

#define GDT_KERNEL_CS 0x08
#define GDT_KERNEL_DS 0x10
#define GDT_TSS 0x18

#define IST_STACK_SIZE 16384

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

u8 ist_stack[IST_STACK_SIZE] __attribute__((aligned(16)));
static struct tss64 tss;
static u64 gdt[5];
static struct idt_gate idt[256];

/* Vectors that switch to the IST stack: NMI, #DF, #MC. */
static bool uses_ist(unsigned int vec)
{
	return vec == 2 || vec == 8 || vec == 18;
}

static void gdt_init(void)
{
	u64 base = (u64)&tss, limit = sizeof(tss) - 1;

	gdt[0] = 0;
	gdt[1] = 0x00af9a000000ffffULL; /* 64-bit code, DPL 0 */
	gdt[2] = 0x00cf92000000ffffULL; /* data, DPL 0 */
	/* 64-bit available TSS: a 16-byte system descriptor. */
	gdt[3] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
		 (0x89ULL << 40) | (((limit >> 16) & 0xf) << 48) |
		 (((base >> 24) & 0xff) << 56);
	gdt[4] = base >> 32;
}

static void idt_init(void)
{
	for (unsigned int vec = 0; vec < 32; vec++) {
		u64 handler = exception_stub_table[vec];

		idt[vec] = (struct idt_gate){
			.offset_low = handler & 0xffff,
			.selector = GDT_KERNEL_CS,
			.ist = uses_ist(vec) ? 1 : 0,
			.type_attr = 0x8e, /* present, DPL 0, interrupt gate */
			.offset_mid = (handler >> 16) & 0xffff,
			.offset_high = handler >> 32,
		};
	}
}

void cpu_tables_init(void)
{
	struct desc_ptr gdtr = { sizeof(gdt) - 1, (u64)gdt };
	struct desc_ptr idtr = { sizeof(idt) - 1, (u64)idt };

	memset(&tss, 0, sizeof(tss));
	tss.ist[0] = (u64)(ist_stack + IST_STACK_SIZE);
	tss.iomap_base = sizeof(tss);
	gdt_init();
	idt_init();
	load_gdt(&gdtr, GDT_KERNEL_CS, GDT_KERNEL_DS);
	__asm__ volatile("ltr %w0" : : "r"((u16)GDT_TSS));
	__asm__ volatile("lidt %0" : : "m"(idtr));
}
