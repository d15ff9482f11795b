// SPDX-License-Identifier: MIT
/*
 * Control-register decisions as pure functions (include/lib/x86_cr4.h):
 * paging levels from the firmware's CR4, the AP's CR4 allow-list, and
 * Linux's PAT layout.
 */
#include <lib/x86_cr4.h>

int x86_paging_levels(u64 cr4, u32 cpuid7_ecx, const char **why)
{
	if (!(cr4 & X86_CR4_LA57)) {
		*why = "the firmware runs 4-level paging (CR4.LA57 clear)";
		return 4;
	}
	if (!(cpuid7_ecx & X86_CPUID7_ECX_LA57)) {
		*why = "CR4.LA57 is set but CPUID says the CPU has no 5-level paging";
		return -EINVAL;
	}
	*why = "the firmware runs 5-level paging (CR4.LA57 set, which cannot change in long mode): a PML5 above the PML4";
	return 5;
}

u64 x86_ap_cr4(u64 bsp_cr4, int levels)
{
	const u64 allowed = X86_CR4_PSE | X86_CR4_PAE | X86_CR4_MCE |
			    X86_CR4_PGE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT;
	u64 cr4 = (bsp_cr4 & allowed) | X86_CR4_PAE;

	if (levels == 5)
		cr4 |= X86_CR4_LA57;
	return cr4;
}

u64 x86_linux_pat(void)
{
	static const u8 pa[8] = { X86_MT_WB,	   X86_MT_WC, X86_MT_UC_MINUS,
				  X86_MT_UC,	   X86_MT_WB, X86_MT_WP,
				  X86_MT_UC_MINUS, X86_MT_WT };
	u64 pat = 0;

	for (unsigned int i = 0; i < 8; i++)
		pat |= (u64)pa[i] << (8 * i);
	return pat;
}

enum x86_memtype x86_pat_type(u64 pat, unsigned int index)
{
	return (enum x86_memtype)((pat >> (8 * (index & 7))) & 7);
}

const char *x86_memtype_name(enum x86_memtype t)
{
	switch (t) {
	case X86_MT_UC:
		return "UC";
	case X86_MT_WC:
		return "WC";
	case X86_MT_WT:
		return "WT";
	case X86_MT_WP:
		return "WP";
	case X86_MT_WB:
		return "WB";
	case X86_MT_UC_MINUS:
		return "UC-";
	default:
		return "reserved";
	}
}
