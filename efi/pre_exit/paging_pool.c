// SPDX-License-Identifier: MIT
/*
 * The page-table pool, reserved before ExitBootServices: the one part of
 * sparsemm's paging that needs a boot service.  The tables themselves are
 * built after ExitBootServices (efi/post_exit/paging.c) from this pool, so
 * they exist before memblock does.
 *
 * Size: a page directory per GiB of the address space the map reaches
 * (mapped with 2 MiB leaves), page tables for the 4 KiB edges (two per map
 * descriptor, for the direct map and the identity map), PDPTs and slack.
 * The pool is EfiLoaderData, so the firmware map marks it as in use and
 * memblock keeps it reserved (paging_pool_range()).
 *
 * First the depth of the tables is chosen (paging_choose_levels(): 4 or 5
 * levels, as the firmware runs; a PML5 fits in the slack).
 *
 * Who calls it: efi_main (efi/pre_exit/main.c), once the map is known.
 */
#include "post_exit/paging.h"

#include <efi.h>
#include <efilib.h>
#include <lib/printk.h>

int paging_reserve_pool(u64 top, u32 nr_desc)
{
	u64 pages = 32 + (top >> 30) + 4ULL * nr_desc;
	EFI_PHYSICAL_ADDRESS addr;
	EFI_STATUS st;

	if (paging_choose_levels() < 0)
		return -EINVAL;
	st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages,
			       EfiLoaderData, pages, &addr);
	if (EFI_ERROR(st)) {
		pr_err("paging: cannot reserve %llu pages for page tables (status %#llx)\n",
		       (unsigned long long)pages, (unsigned long long)st);
		return -ENOMEM;
	}
	paging_set_pool(addr, pages);
	return 0;
}
