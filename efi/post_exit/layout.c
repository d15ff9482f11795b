// SPDX-License-Identifier: MIT
/*
 * Naming addresses for fault reports: which part of sparsemm's address
 * space (direct map, vmemmap and its section, image, own stack, exception
 * stack, the firmware map's identity-mapped ranges) an address lies in.
 */
#include "boot.h"
#include "cpu.h"
#include "efi_memmap.h"
#include "paging.h"

#include <lib/printk.h>

void describe_address(u64 addr, char *buf, size_t len)
{
	u32 n = efi_memmap_count();

	if (paging_describe(addr, buf, len))
		return;
	if (addr >= boot.image_base &&
	    addr < boot.image_base + boot.image_size) {
		scnprintf(buf, len, "the sparsemm image (+%#llx)",
			  (unsigned long long)(addr - boot.image_base));
		return;
	}
	if (addr >= boot.stack_base &&
	    addr < boot.stack_base + boot.stack_size) {
		scnprintf(buf, len, "sparsemm's stack");
		return;
	}
	if (addr >= (u64)ist_stack && addr < (u64)ist_stack + IST_AREA_SIZE) {
		scnprintf(buf, len, "the BSP's NMI/#DF/#MC stacks");
		return;
	}
	for (u32 i = 0; i < n; i++) {
		struct efi_md_info md = efi_memmap_entry(i);

		if (addr >= md.phys_addr &&
		    addr - md.phys_addr < md.num_pages * EFI_PAGE_SIZE) {
			scnprintf(
				buf, len,
				"identity-mapped firmware map entry mem%02u (%s)",
				i,
				efi_mem_type_name(md.type) ?: "unknown type");
			return;
		}
	}
	if (addr >= 0xffff800000000000ULL)
		scnprintf(buf, len, "an unmapped hole of the kernel half");
	else
		scnprintf(buf, len, "no map entry (a hole)");
}
