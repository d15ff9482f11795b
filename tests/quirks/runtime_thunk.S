/* SPDX-License-Identifier: MIT */
/*
 * The template of one runtime-service wrapper for quirk rt-touch-bs
 * (runtime_touch.c copies it into EfiRuntimeServicesCode pages and fills
 * in the two quadwords).  It reads a boot-services data page, as buggy
 * runtime drivers do, then jumps to the real service with every argument
 * register and the stack untouched (RAX is volatile in the MS ABI).
 * Position independent: both quadwords are read RIP-relative.
 */
	.text
	.globl rt_thunk_start, rt_thunk_bsdata, rt_thunk_target, rt_thunk_end
	.balign 16
rt_thunk_start:
	movq	rt_thunk_bsdata(%rip), %rax
	movq	(%rax), %rax
	jmpq	*rt_thunk_target(%rip)
	.balign 8
rt_thunk_bsdata:
	.quad	0
rt_thunk_target:
	.quad	0
rt_thunk_end:
	.section .note.GNU-stack,"",@progbits
