/* SPDX-License-Identifier: MIT */
/*
 * The AP trampoline: copied by smp.c to the low page (boot.low_page, below
 * 640 KiB) and entered there by a STARTUP IPI in real mode at
 * CS = page number << 8, IP = 0 (SDM 8.4.4.1).  It goes
 *
 *   real mode --(own GDT, CR0.PE)--> 32-bit protected mode
 *             --(CR4.PAE, CR3, EFER.LME|NXE, CR0.PG)--> long mode
 *             --> ap_entry(percpu) on the AP's own stack, in the image
 *
 * following SDM 9.8.5 ("Initializing IA-32e Mode").  Paging is turned on
 * with sparsemm's own page tables (or a copy of their root below 4 GiB,
 * because a 32-bit MOV to CR3 cannot reach higher), in which the low page
 * is identity-mapped and executable, so the instructions after the MOV to
 * CR0 are still fetched from here.  CR0 and EFER come from the BSP's
 * values, so the AP has the same WP and NX setting as the BSP; CR4 is an
 * allow-list of the BSP's bits (lib/x86_cr4.h: PAE, PGE, PSE, FXSR/XMM,
 * MCE, and LA57 when sparsemm's tables are 5-level), and IA32_PAT is the
 * BSP's, written before paging is on, so every CPU sees the same memory
 * types.
 *
 * Position independence: the code runs at whatever page smp.c chose.  Real
 * mode addresses through CS; the protected and long mode parts keep the
 * page's physical base in %ebx (computed from CS before the switch), and
 * smp.c writes every absolute address (GDT base, far-jump targets) into
 * the parameter block (offsets TP_* in smp.h) before each start.
 * Nothing is written to the page here: one AP runs it at a time, and
 * smp.c rewrites the parameters only after the previous AP has left.
 */
#ifndef __ASSEMBLY__
#define __ASSEMBLY__
#endif
#include "smp.h"

#define CR0_PE 0x1
#define MSR_EFER 0xc0000080
#define MSR_IA32_PAT 0x277

	.section .rodata
	.p2align 4
	.globl	trampoline_start
trampoline_start:
	.code16
	cli
	cld
	movw	%cs, %ax
	movw	%ax, %ds
	xorl	%ebx, %ebx
	movw	%ax, %bx
	shll	$4, %ebx			/* physical base of the page */
	lgdtl	(trampoline_params - trampoline_start + TP_GDTR)
	movl	%cr0, %eax
	orl	$CR0_PE, %eax
	movl	%eax, %cr0
	ljmpl	*(trampoline_params - trampoline_start + TP_PM_JUMP)

	.code32
	.globl	trampoline_pm
trampoline_pm:
	movw	$TR_DS, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movw	%ax, %fs
	movw	%ax, %gs
	leal	(trampoline_params - trampoline_start)(%ebx), %esi
	movl	TP_PAT(%esi), %eax		/* the BSP's PAT, before paging */
	movl	TP_PAT+4(%esi), %edx
	movl	%eax, %ecx
	orl	%edx, %ecx
	jz	1f				/* 0: no PAT on this CPU */
	movl	$MSR_IA32_PAT, %ecx
	wrmsr
1:	movl	TP_CR4(%esi), %eax		/* the allow-list (smp.c); LA57 */
	movl	%eax, %cr4			/* only with paging off, as here */
	movl	TP_CR3(%esi), %eax
	movl	%eax, %cr3
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	TP_EFER(%esi), %eax		/* LME, and NXE when the BSP has it */
	wrmsr
	movl	TP_CR0(%esi), %eax		/* PG, PE, WP; CD and NW clear */
	movl	%eax, %cr0
	ljmpl	*TP_LM_JUMP(%esi)

	.code64
	.globl	trampoline_lm
trampoline_lm:
	movl	%ebx, %ebx
	leaq	(trampoline_params - trampoline_start)(%rbx), %rsi
	movq	TP_STACK(%rsi), %rsp
	movq	TP_ARG(%rsi), %rdi
	movq	TP_ENTRY(%rsi), %rax
	xorl	%ebp, %ebp
	pushq	$0				/* no return: a zero frame ends backtraces */
	jmpq	*%rax

	/* The trampoline's GDT: flat 32-bit code and data, 64-bit code. */
	.p2align 3
	.globl	trampoline_gdt
trampoline_gdt:
	.quad	0
	.quad	0x00cf9a000000ffff		/* TR_CS32 */
	.quad	0x00cf92000000ffff		/* TR_DS */
	.quad	0x00af9a000000ffff		/* TR_CS64 */
trampoline_gdt_end:

	.p2align 3
	.globl	trampoline_params
trampoline_params:
	.fill	TP_SIZE, 1, 0
	.globl	trampoline_end
trampoline_end:

	.section .note.GNU-stack,"",@progbits
