/* SPDX-License-Identifier: MIT */
/*
 * The SBAT section (Secure Boot Advanced Targeting): shim refuses images
 * without one.  Its CSV contents are in efi/sbat.csv.
 */
	.section .sbat, "a"
	.incbin "efi/sbat.csv"
	.byte 0
	.section .note.GNU-stack,"",@progbits
