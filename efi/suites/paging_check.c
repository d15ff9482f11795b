// SPDX-License-Identifier: MIT
/*
 * The "paging" suite: after the switch to sparsemm's tables, walk them and
 * check that every e820 RAM page is mapped exactly once in the direct map at
 * its own physical address, that the direct map maps nothing else, that no
 * mapping is both writable and executable (but the firmware's runtime code,
 * which the firmware needs that way), that what must stay identity-mapped
 * is, that IA32_PAT holds Linux's layout and each kind of mapping has its
 * memory type (RAM WB, framebuffer WC, device registers UC, EFI runtime
 * ranges WB or UC- by their attribute), and that runtime services still
 * answer.
 */
#include "post_exit/paging.h"
#include "boot.h"
#include "cpu.h"
#include "efi_memmap.h"
#include "efi_runtime.h"

#include <arch/arch.h>
#include <efi.h>
#include <lib/ktap.h>
#include <lib/printk.h>
#include <mm/pfn.h>

static u64 canonical(u64 va)
{
	return va & (1ULL << 47) ? va | 0xffff000000000000ULL : va;
}

struct leaf_stats {
	u64 direct_bytes; /* leaves inside the direct map */
	u64 wx_leaves; /* writable and executable */
	u64 wx_allowed; /* of those, in runtime code */
	u64 first_wx_va;
};

static bool in_runtime_code(u64 va, u64 size)
{
	for (u32 i = 0; i < efi_memmap_count(); i++) {
		struct efi_md_info md = efi_memmap_entry(i);

		if (md.type == EFI_MT_RUNTIME_SERVICES_CODE &&
		    va >= md.phys_addr &&
		    va + size <= md.phys_addr + md.num_pages * PAGE_SIZE)
			return true;
	}
	return false;
}

static void visit(const u64 *table, int level, u64 va_base,
		  struct leaf_stats *s)
{
	for (unsigned int i = 0; i < 512; i++) {
		u64 e = table[i],
		    va = canonical(va_base + i * pt_level_size(level));

		if (!(e & PTE_P))
			continue;
		if (level > 1 && !(e & PTE_PS)) {
			visit(paging_table_virt(e & PTE_ADDR), level - 1, va,
			      s);
			continue;
		}
		if (va >= PAGE_OFFSET && va < PAGE_OFFSET + (1ULL << 46))
			s->direct_bytes += pt_level_size(level);
		if ((e & PTE_RW) && (!paging_have_nx() || !(e & PTE_NX))) {
			if (!s->wx_leaves++)
				s->first_wx_va = va;
			s->wx_allowed +=
				in_runtime_code(va, pt_level_size(level));
		}
	}
}

static bool check_direct_map(struct ktap_suite *k,
			     const struct e820_table *e820)
{
	unsigned int pos = 0;
	u64 start, end, ram = 0;
	struct leaf_stats s = { 0 };

	while (e820_next_ram_range(e820, &pos, &start, &end)) {
		start = ALIGN_UP(start, PAGE_SIZE);
		end = ALIGN_DOWN(end, PAGE_SIZE);
		for (u64 pa = start; pa < end;) {
			int level;
			u64 *e = paging_lookup(PAGE_OFFSET + pa, &level);
			u64 mapped;

			if (!e) {
				ktap_diag(
					k,
					"RAM page %#llx is not in the direct map",
					(unsigned long long)pa);
				return false;
			}
			mapped = pt_leaf_phys(*e, level, pa);
			if (mapped != pa) {
				ktap_diag(k,
					  "direct map of %#llx points at %#llx",
					  (unsigned long long)pa,
					  (unsigned long long)mapped);
				return false;
			}
			pa = ALIGN_DOWN(pa, pt_level_size(level)) +
			     pt_level_size(level);
		}
		ram += end - start;
	}
	visit(paging_table_virt(paging_pml4_phys()), 4, 0, &s);
	ktap_diag(k, "%llu MiB of RAM, %llu MiB mapped in the direct map",
		  (unsigned long long)(ram >> 20),
		  (unsigned long long)(s.direct_bytes >> 20));
	return s.direct_bytes == ram;
}

static bool check_w_xor_x(struct ktap_suite *k)
{
	struct leaf_stats s = { 0 };

	if (!paging_have_nx()) {
		ktap_diag(k, "the CPU has no NX bit: W^X cannot hold");
		return true;
	}
	visit(paging_table_virt(paging_pml4_phys()), 4, 0, &s);
	ktap_diag(
		k,
		"%llu writable+executable leaves, %llu of them the firmware's runtime code",
		(unsigned long long)s.wx_leaves,
		(unsigned long long)s.wx_allowed);
	if (s.wx_leaves != s.wx_allowed)
		ktap_diag(k, "first at %#llx",
			  (unsigned long long)s.first_wx_va);
	return s.wx_leaves == s.wx_allowed;
}

static bool identity_mapped(u64 pa, bool want_exec)
{
	int level;
	u64 *e = paging_lookup(pa, &level);

	if (!e)
		return false;
	if (pt_leaf_phys(*e, level, pa) != pa)
		return false;
	return !want_exec || !(*e & PTE_NX);
}

static bool check_identity(struct ktap_suite *k)
{
	extern char _text[];
	const struct {
		const char *what;
		u64 pa;
		bool exec;
	} must[] = {
		{ "image text", (u64)_text, true },
		{ "stack", boot.stack_base, false },
		{ "firmware map", (u64)boot.map, false },
		{ "AP start-up page", boot.low_page, true },
		{ "ACPI RSDP", boot.rsdp, false },
	};
	bool ok = true;
	int level;
	u64 *text = paging_lookup((u64)_text, &level);

	for (unsigned int i = 0; i < ARRAY_SIZE(must); i++) {
		if (must[i].pa && !identity_mapped(must[i].pa, must[i].exec)) {
			ktap_diag(k, "%s at %#llx is not identity-mapped%s",
				  must[i].what, (unsigned long long)must[i].pa,
				  must[i].exec ? " executable" : "");
			ok = false;
		}
	}
	if (text && (*text & PTE_RW)) {
		ktap_diag(k, "the image's text is writable");
		ok = false;
	}
	return ok;
}

/* KTAP_SKIP once a fault disabled runtime services (efi_runtime.c). */
static int check_runtime_services(struct ktap_suite *k)
{
	EFI_TIME t = { 0 };
	EFI_STATUS st;

	st = efi_rt_get_time(&t);
	if (!efi_rt_enabled()) {
		ktap_diag(k, "EFI runtime services disabled: %s",
			  efi_rt_disabled_reason() ?: "none");
		return KTAP_SKIP;
	}
	ktap_diag(k, "GetTime: status %#llx, %04u-%02u-%02u %02u:%02u:%02u",
		  (unsigned long long)st, t.Year, t.Month, t.Day, t.Hour,
		  t.Minute, t.Second);
	return st == EFI_SUCCESS && t.Year >= 2000 && t.Month >= 1 &&
			       t.Month <= 12 ?
		       KTAP_OK :
		       KTAP_NOT_OK;
}

/* paging_memtype.c */
bool paging_check_memory_types(struct ktap_suite *k,
			       const struct e820_table *e820);
bool paging_check_cpus_agree(struct ktap_suite *k);

bool paging_suite_run(const struct e820_table *e820)
{
	struct ktap_suite k;
	int rt;

	ktap_begin(&k, "paging", 1, 6);
	ktap_result(&k, check_direct_map(&k, e820) ? KTAP_OK : KTAP_NOT_OK,
		    "direct_map_covers_ram_exactly", NULL);
	ktap_result(&k, check_w_xor_x(&k) ? KTAP_OK : KTAP_NOT_OK, "w_xor_x",
		    NULL);
	ktap_result(&k, check_identity(&k) ? KTAP_OK : KTAP_NOT_OK,
		    "identity_maps", NULL);
	ktap_result(&k,
		    paging_check_memory_types(&k, e820) ? KTAP_OK : KTAP_NOT_OK,
		    "memory_types", NULL);
	ktap_result(&k, paging_check_cpus_agree(&k) ? KTAP_OK : KTAP_NOT_OK,
		    "cpus_pat_and_cr4", NULL);
	rt = check_runtime_services(&k);
	ktap_result(&k, rt, "runtime_services_answer",
		    rt == KTAP_SKIP ? efi_rt_disabled_reason() : NULL);
	return ktap_suite_ok(&k);
}
