/* SPDX-License-Identifier: MIT */
/*
 * Low-level x86-64 entry code: exception stubs that build a struct pt_regs
 * and call do_exception(), the switch to sparsemm's own stack, and the
 * descriptor-table loads.  AT&T syntax, SysV calling convention.
 */
	.text
	.code64

/* Stubs: vectors with a CPU-pushed error code push only the vector. */
	.macro exc_stub vec
	.p2align 4
exc_stub_\vec:
	.if (\vec == 8) || (\vec == 10) || (\vec == 11) || (\vec == 12) || (\vec == 13) || (\vec == 14) || (\vec == 17) || (\vec == 21) || (\vec == 29) || (\vec == 30)
	.else
	pushq	$0
	.endif
	pushq	$\vec
	jmp	exc_common
	.endm

	.altmacro
	.macro exc_stubs from, to
	exc_stub \from
	.if \to-\from
	exc_stubs %(\from+1),\to
	.endif
	.endm
	exc_stubs 0, 31

	.macro exc_ref vec
	.quad	exc_stub_\vec
	.endm
	.macro exc_refs from, to
	exc_ref \from
	.if \to-\from
	exc_refs %(\from+1),\to
	.endif
	.endm

	.section .data
	.globl	exception_stub_table
	.p2align 3
exception_stub_table:
	exc_refs 0, 31
	.text

/*
 * Common path.  Layout after the pushes matches struct pt_regs
 * (efi/cpu.h): r15 at the lowest address ... rax, vector, error_code, then
 * the CPU's frame rip, cs, rflags, rsp, ss.  176 bytes: the stack stays
 * 16-byte aligned for the call.
 */
exc_common:
	cld
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, %rdi
	call	do_exception
	/* do_exception ends the run; if it ever returns, resume. */
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
	addq	$16, %rsp
	iretq

/* void call_on_stack(void (*fn)(void *), void *arg, void *stack_top)
 * Never returns: fn must not return either. */
	.globl	call_on_stack
call_on_stack:
	movq	%rdx, %rsp
	andq	$-16, %rsp
	xorl	%ebp, %ebp
	movq	%rdi, %rax
	movq	%rsi, %rdi
	call	*%rax
	ud2

/* void load_gdt(const struct desc_ptr *gdtr, u64 code_sel, u64 data_sel) */
	.globl	load_gdt
load_gdt:
	lgdt	(%rdi)
	movw	%dx, %ds
	movw	%dx, %es
	movw	%dx, %ss
	movw	%dx, %fs
	movw	%dx, %gs
	popq	%rax		/* return address */
	pushq	%rsi
	pushq	%rax
	lretq

	.section .note.GNU-stack,"",@progbits
