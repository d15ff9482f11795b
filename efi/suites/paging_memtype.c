// SPDX-License-Identifier: MIT
/*
 * Two subtests of the "paging" suite (paging_check.c runs them): the
 * memory types of sparsemm's mappings and what every CPU agrees on.
 *
 *   memory_types      IA32_PAT holds Linux's layout (lib/x86_cr4.h); RAM
 *                     in the direct map is WB, the framebuffer WC (first
 *                     and last byte), the xAPIC page and an MMIO UART UC,
 *                     each EFI runtime range the type its attribute allows
 *                     (paging_efi_cache: WB, else UC-)
 *   cpus_pat_and_cr4  every online CPU has CPU 0's PAT, and no AP has a
 *                     CR4 bit outside the allow-list x86_ap_cr4() gives,
 *                     LA57 exactly when the tables are 5-level
 *
 * A type is read back from the leaf entry (PAT, PCD, PWT -> PAT index)
 * and the MSR, never from what paging.c meant to write.
 */
#include "post_exit/paging.h"
#include "post_exit/smp.h"
#include "boot.h"
#include "cpu.h"
#include "efi_memmap.h"

#include <arch/arch.h>
#include <lib/ktap.h>
#include <lib/x86_cr4.h>

#define MSR_IA32_APIC_BASE 0x1b
#define APIC_BASE_EXTD (1ULL << 10)

/* The memory type va is mapped with under PAT value pat; false (with a
 * diagnostic) when it is not mapped at all. */
static bool mapped_type(struct ktap_suite *k, const char *what, u64 va, u64 pat,
			enum x86_memtype *type)
{
	int level;
	u64 *e = paging_lookup(va, &level);

	if (!e) {
		ktap_diag(k, "%s at %#llx is not mapped", what,
			  (unsigned long long)va);
		return false;
	}
	*type = x86_pat_type(pat, pte_pat_index(*e, level));
	return true;
}

static bool expect_type(struct ktap_suite *k, const char *what, u64 va, u64 pat,
			enum x86_memtype want)
{
	enum x86_memtype got;

	if (!mapped_type(k, what, va, pat, &got))
		return false;
	if (got == want)
		return true;
	ktap_diag(k, "%s at %#llx is mapped %s, not %s", what,
		  (unsigned long long)va, x86_memtype_name(got),
		  x86_memtype_name(want));
	return false;
}

/* The type a PTE_CACHE_* value selects under PAT value pat. */
static enum x86_memtype cache_type(u64 pat, u64 cache)
{
	return x86_pat_type(pat, pte_pat_index(cache, 1));
}

bool paging_check_memory_types(struct ktap_suite *k,
			       const struct e820_table *e820)
{
	u64 pat, apic = rdmsr(MSR_IA32_APIC_BASE);
	unsigned int pos = 0, runtime = 0;
	u64 start, end;
	bool ok = true;

	if (!paging_have_pat()) {
		ktap_diag(k,
			  "the CPU has no PAT: only the power-on types exist");
		return true;
	}
	pat = rdmsr(MSR_IA32_PAT);
	ktap_diag(k, "IA32_PAT %#018llx: PA0..PA7 %s %s %s %s %s %s %s %s",
		  (unsigned long long)pat,
		  x86_memtype_name(x86_pat_type(pat, 0)),
		  x86_memtype_name(x86_pat_type(pat, 1)),
		  x86_memtype_name(x86_pat_type(pat, 2)),
		  x86_memtype_name(x86_pat_type(pat, 3)),
		  x86_memtype_name(x86_pat_type(pat, 4)),
		  x86_memtype_name(x86_pat_type(pat, 5)),
		  x86_memtype_name(x86_pat_type(pat, 6)),
		  x86_memtype_name(x86_pat_type(pat, 7)));
	if (pat != x86_linux_pat()) {
		ktap_diag(k, "IA32_PAT is not Linux's %#018llx",
			  (unsigned long long)x86_linux_pat());
		ok = false;
	}
	if (e820_next_ram_range(e820, &pos, &start, &end))
		ok &= expect_type(k, "RAM (direct map)",
				  PAGE_OFFSET + ALIGN_UP(start, PAGE_SIZE), pat,
				  X86_MT_WB);
	if (boot.fb.base) {
		ok &= expect_type(k, "framebuffer", boot.fb.base, pat,
				  X86_MT_WC);
		ok &= expect_type(k, "framebuffer end",
				  boot.fb.base + boot.fb.size - 1, pat,
				  X86_MT_WC);
	}
	if (!(apic & APIC_BASE_EXTD) &&
	    paging_lookup(apic & PTE_ADDR, &(int){ 0 }))
		ok &= expect_type(k, "local APIC registers",
				  apic & PTE_ADDR & ~0xfffULL, pat, X86_MT_UC);
	if (boot.uart_present && boot.uart.iotype != UART_IO)
		ok &= expect_type(k, "serial console UART", boot.uart.base, pat,
				  X86_MT_UC);
	for (u32 i = 0; i < efi_memmap_count(); i++) {
		struct efi_md_info md = efi_memmap_entry(i);

		if (!(md.attr & EFI_MEMORY_RUNTIME))
			continue;
		runtime++;
		ok &= expect_type(
			k, "EFI runtime range", md.phys_addr, pat,
			cache_type(pat, paging_efi_cache(md.type, md.attr)));
	}
	ktap_diag(k,
		  "RAM WB, framebuffer %s, %u EFI runtime ranges by attribute",
		  boot.fb.base ? "WC" : "absent", runtime);
	return ok;
}

/* ---- every CPU: the same PAT, CR4 from the allow-list ---------------- */

static struct {
	u64 pat, cr4;
} cpu_regs[NR_CPUS];

static void read_cpu_regs(void *arg)
{
	unsigned int cpu = smp_processor_id();

	cpu_regs[cpu].pat = paging_have_pat() ? rdmsr(MSR_IA32_PAT) : 0;
	cpu_regs[cpu].cr4 = read_cr4();
}

bool paging_check_cpus_agree(struct ktap_suite *k)
{
	unsigned int n = smp_num_online();
	u64 bsp_cr4 = read_cr4(),
	    allowed = x86_ap_cr4(bsp_cr4, paging_levels());
	bool ok = true;

	smp_call_on_cpus(n, read_cpu_regs, NULL);
	for (unsigned int cpu = 1; cpu < n; cpu++) {
		if (cpu_regs[cpu].pat != cpu_regs[0].pat) {
			ktap_diag(
				k,
				"CPU %u: IA32_PAT %#018llx, CPU 0 has %#018llx",
				cpu, (unsigned long long)cpu_regs[cpu].pat,
				(unsigned long long)cpu_regs[0].pat);
			ok = false;
		}
		if (cpu_regs[cpu].cr4 & ~allowed) {
			ktap_diag(
				k,
				"CPU %u: CR4 %#llx has bits outside the allow-list %#llx",
				cpu, (unsigned long long)cpu_regs[cpu].cr4,
				(unsigned long long)allowed);
			ok = false;
		}
		if (!(cpu_regs[cpu].cr4 & X86_CR4_LA57) !=
		    (paging_levels() == 4)) {
			ktap_diag(
				k,
				"CPU %u: CR4.LA57 does not match %d-level tables",
				cpu, paging_levels());
			ok = false;
		}
	}
	ktap_diag(
		k,
		"%u CPUs: IA32_PAT %#018llx, CPU 0 CR4 %#llx, APs within %#llx",
		n, (unsigned long long)cpu_regs[0].pat,
		(unsigned long long)bsp_cr4, (unsigned long long)allowed);
	return ok;
}
