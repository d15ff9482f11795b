/* SPDX-License-Identifier: MIT */
/*
 * x86-64 CPU helpers for the firmware build: register access, port I/O,
 * MSRs, CPUID, and the saved register frame of an exception.
 */
#ifndef EFI_CPU_H
#define EFI_CPU_H

#include <lib/types.h>

struct pt_regs {
	u64 r15, r14, r13, r12, r11, r10, r9, r8;
	u64 rbp, rdi, rsi, rdx, rcx, rbx, rax;
	u64 vector, error_code;
	u64 rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};

struct desc_ptr {
	u16 limit;
	u64 base;
} __attribute__((packed));

static inline void outb(u16 port, u8 v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline u8 inb(u16 port)
{
	u8 v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outl(u16 port, u32 v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline u64 read_cr0(void)
{
	u64 v;
	__asm__ volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static inline u64 read_cr2(void)
{
	u64 v;
	__asm__ volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

static inline u64 read_cr3(void)
{
	u64 v;
	__asm__ volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

static inline void write_cr3(u64 v)
{
	__asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

static inline u64 read_cr4(void)
{
	u64 v;
	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static inline void write_cr0(u64 v)
{
	__asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory");
}

static inline void write_cr4(u64 v)
{
	__asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

static inline u64 read_rsp(void)
{
	u64 v;
	__asm__ volatile("mov %%rsp, %0" : "=r"(v));
	return v;
}

static inline u64 rdmsr(u32 msr)
{
	u32 lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((u64)hi << 32) | lo;
}

static inline void wrmsr(u32 msr, u64 v)
{
	__asm__ volatile("wrmsr"
			 :
			 : "c"(msr), "a"((u32)v), "d"((u32)(v >> 32)));
}

static inline void cpuid(u32 leaf, u32 sub, u32 *a, u32 *b, u32 *c, u32 *d)
{
	__asm__ volatile("cpuid"
			 : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
			 : "a"(leaf), "c"(sub));
}

static inline u64 rdtsc(void)
{
	u32 lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

static inline void cli(void)
{
	__asm__ volatile("cli" ::: "memory");
}

static inline void __noreturn halt_forever(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

#define MSR_EFER 0xc0000080
#define EFER_NXE (1ULL << 11)
#define CR0_WP (1ULL << 16)

/* entry.S */
extern const u64 exception_stub_table[32];
void __noreturn call_on_stack(void (*fn)(void *), void *arg, void *stack_top);
void load_gdt(const struct desc_ptr *gdtr, u64 code_sel, u64 data_sel);

/* cpu_tables.c: build the GDT and IDT and load them on the BSP (CPU 0). */
void cpu_tables_init(void);
/* Load them on CPU cpu with its own TSS, whose IST stacks are the
 * IST_AREA_SIZE bytes at ist_base, and point GS at the CPU's per-CPU area. */
void cpu_tables_load(unsigned int cpu, u64 ist_base);
/* IST stacks: one each for NMI, double fault and machine check. */
#define IST_NMI 1
#define IST_DF 2
#define IST_MC 3
#define IST_STACKS 3
#define IST_STACK_SIZE 16384
#define IST_AREA_SIZE (IST_STACKS * IST_STACK_SIZE)
/* The BSP's IST area. */
extern u8 ist_stack[];

#define MSR_GS_BASE 0xc0000101

/* traps.c: called from entry.S */
void do_exception(struct pt_regs *regs);

/* Choose the fastest zeroing per block size for __GFP_ZERO (arch_efi.c):
 * once memblock can lend 1 MiB, before the APs start. */
void clear_pages_calibrate_machine(void);

#endif
