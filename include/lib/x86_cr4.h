/* SPDX-License-Identifier: MIT */
/*
 * The x86-64 control-register decisions sparsemm makes, as pure functions
 * of the values read from the CPU, so the host unit tests can exercise the
 * cases no QEMU here reaches (firmware running with CR4.LA57, CET, ...):
 *
 *   - how many paging levels sparsemm's own tables must have: the number
 *     the firmware runs with.  CR4.LA57 cannot change while long mode is
 *     active (SDM 4.1.2), so under a 5-level firmware loading a PML4 as if
 *     it were a PML5 would triple-fault; sparsemm builds a PML5 instead;
 *   - which CR4 bits an AP gets: an allow-list, never the BSP's CR4 as is
 *     (CET, PKE, SMAP, UMIP, ... set by the firmware need state an AP
 *     started by sparsemm does not have);
 *   - the IA32_PAT value: Linux's layout (arch/x86/mm/pat/memtype.c).
 *
 * Callers: efi/post_exit/paging.c, efi/post_exit/smp.c, efi/suites/
 * paging_check.c, tests/unit/test_x86_cr4.c.
 */
#ifndef LIB_X86_CR4_H
#define LIB_X86_CR4_H

#include <lib/types.h>

#define X86_CR4_PSE (1ULL << 4)
#define X86_CR4_PAE (1ULL << 5)
#define X86_CR4_MCE (1ULL << 6)
#define X86_CR4_PGE (1ULL << 7)
#define X86_CR4_OSFXSR (1ULL << 9)
#define X86_CR4_OSXMMEXCPT (1ULL << 10)
#define X86_CR4_LA57 (1ULL << 12)
#define X86_CR4_PCIDE (1ULL << 17)
#define X86_CR4_CET (1ULL << 23)

/* CPUID.(EAX=7,ECX=0):ECX bit 16: the CPU can do 5-level paging. */
#define X86_CPUID7_ECX_LA57 (1u << 16)

/*
 * Paging levels for sparsemm's tables given the firmware's CR4 and CPUID
 * leaf 7 ECX: 5 when CR4.LA57 is set, 4 when it is clear.  -EINVAL when
 * CR4.LA57 is set on a CPU whose CPUID denies LA57 (a value no real CPU
 * gives: refuse rather than guess).  *why gets a sentence for the log.
 */
int x86_paging_levels(u64 cr4, u32 cpuid7_ecx, const char **why);

/*
 * The CR4 an AP is started with: the BSP's PSE, PAE, MCE, PGE, OSFXSR and
 * OSXMMEXCPT when set, PAE always, and LA57 exactly when sparsemm's tables
 * are 5-level (levels == 5).  Everything else is left clear.
 */
u64 x86_ap_cr4(u64 bsp_cr4, int levels);

/* IA32_PAT (MSR 0x277) */
#define MSR_IA32_PAT 0x277
enum x86_memtype {
	X86_MT_UC = 0,
	X86_MT_WC = 1,
	X86_MT_WT = 4,
	X86_MT_WP = 5,
	X86_MT_WB = 6,
	X86_MT_UC_MINUS = 7,
};

/* Linux's PAT: PA0 WB, PA1 WC, PA2 UC-, PA3 UC, PA4 WB, PA5 WP, PA6 UC-,
 * PA7 WT; so PWT alone selects WC, PCD alone UC-, both UC. */
u64 x86_linux_pat(void);

/* The memory type a PAT value gives PAT index 0..7. */
enum x86_memtype x86_pat_type(u64 pat, unsigned int index);
const char *x86_memtype_name(enum x86_memtype t);

#endif
