// SPDX-License-Identifier: MIT
/*
 * Unit tests for lib/x86_cr4.c: the decisions no QEMU here can reach.
 * A firmware running with CR4.LA57 must get 5-level tables (a 4-level
 * root would triple-fault), an AP's CR4 is an allow-list (the firmware's
 * CET or PKE never reach it), and the PAT is Linux's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <lib/x86_cr4.h>

/* What OVMF leaves: PAE, PGE, OSFXSR, OSXMMEXCPT. */
#define CR4_OVMF \
	(X86_CR4_PAE | X86_CR4_PGE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT)

static void test_levels(void **state)
{
	const char *why = NULL;

	assert_int_equal(x86_paging_levels(CR4_OVMF, 0, &why), 4);
	assert_non_null(why);
	/* A CPU that could do 5-level, with firmware that did not enable it. */
	assert_int_equal(x86_paging_levels(CR4_OVMF, X86_CPUID7_ECX_LA57, &why),
			 4);
	/* Ice Lake-SP firmware with 5-level paging on. */
	assert_int_equal(x86_paging_levels(CR4_OVMF | X86_CR4_LA57,
					   X86_CPUID7_ECX_LA57, &why),
			 5);
	assert_non_null(strstr(why, "5-level"));
	/* LA57 on a CPU that denies having it: refused, not guessed. */
	assert_int_equal(x86_paging_levels(CR4_OVMF | X86_CR4_LA57, 0, &why),
			 -EINVAL);
}

static void test_ap_cr4_allow_list(void **state)
{
	u64 bsp = CR4_OVMF | X86_CR4_LA57 | X86_CR4_CET | X86_CR4_PCIDE |
		  (1ULL << 22) /* PKE */ | (1ULL << 21) /* SMAP */ |
		  (1ULL << 11) /* UMIP */ | X86_CR4_MCE | X86_CR4_PSE;
	u64 ap = x86_ap_cr4(bsp, 5);

	assert_int_equal(ap,
			 CR4_OVMF | X86_CR4_LA57 | X86_CR4_MCE | X86_CR4_PSE);
	/* 4-level tables: no LA57 even when the BSP shows it. */
	assert_int_equal(x86_ap_cr4(bsp, 4) & X86_CR4_LA57, 0);
	/* PAE always, for long mode. */
	assert_int_equal(x86_ap_cr4(0, 4), X86_CR4_PAE);
	/* LA57 comes from the tables, not from the BSP's CR4. */
	assert_int_equal(x86_ap_cr4(CR4_OVMF, 5) & X86_CR4_LA57, X86_CR4_LA57);
}

static void test_linux_pat(void **state)
{
	u64 pat = x86_linux_pat();

	/* arch/x86/mm/pat/memtype.c: PAT(0,WB) ... PAT(7,WT). */
	assert_int_equal(pat, 0x0407050600070106ULL);
	assert_int_equal(x86_pat_type(pat, 0), X86_MT_WB);
	assert_int_equal(x86_pat_type(pat, 1), X86_MT_WC); /* PWT */
	assert_int_equal(x86_pat_type(pat, 2), X86_MT_UC_MINUS); /* PCD */
	assert_int_equal(x86_pat_type(pat, 3), X86_MT_UC); /* PCD|PWT */
	assert_string_equal(x86_memtype_name(x86_pat_type(pat, 1)), "WC");
	assert_string_equal(x86_memtype_name(x86_pat_type(pat, 7)), "WT");
	/* The power-on PAT (SDM 11.12.4): index 1 is WT, not WC. */
	assert_int_equal(x86_pat_type(0x0007040600070406ULL, 1), X86_MT_WT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_levels),
		cmocka_unit_test(test_ap_cr4_allow_list),
		cmocka_unit_test(test_linux_pat),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
