/* SPDX-License-Identifier: MIT */
/*
 * u64 efi_rt_guarded_call(struct efi_rt_jump *jb, void *fn,
 *                         u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
 *
 * Calls the MS-ABI function fn(a1..a5) (a firmware runtime service) after
 * saving, in *jb, the stack pointer and the address of a resume point.
 * efi_runtime.c's fault fix-up makes an exception inside fn return here:
 * it sets RSP to jb->rsp, RIP to jb->resume and RAX to the status, and the
 * resume point restores the callee-saved registers pushed below, exactly
 * as a normal return does.
 */
	.text
	.globl	efi_rt_guarded_call
efi_rt_guarded_call:
	pushq	%rbp
	movq	%rsp, %rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, 0(%rdi)		/* jb->rsp */
	leaq	1f(%rip), %rax
	movq	%rax, 8(%rdi)		/* jb->resume */
	movq	16(%rbp), %r10		/* a5, the 7th argument */
	movq	%rsi, %r11		/* fn */
	movq	%rdx, %rax		/* MS ABI: rcx a1, rdx a2, r8 a3, r9 a4 */
	movq	%rcx, %rdx
	movq	%rax, %rcx
	/* 32 bytes of shadow space, a5 above it; RSP 16-byte aligned at
	 * the call (entry 8 mod 16, 6 pushes, 56 bytes). */
	subq	$56, %rsp
	movq	%r10, 32(%rsp)
	call	*%r11
	addq	$56, %rsp
1:
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret
	.section .note.GNU-stack,"",@progbits
