// SPDX-License-Identifier: MIT
/*
 * Quirks that shape the map by allocating: map-frag and lowmem-full.
 *
 * map-frag=N: a map of several hundred entries, as firmware with many
 * drivers leaves it (server firmware with hundreds of option ROMs and
 * drivers shows 300+ descriptors).  2N single pages of EfiBootServicesData
 * are allocated one at a time, then every other one is freed: N free
 * holes between N allocated pages, about 2N more descriptors.
 *
 * lowmem-full: no conventional memory below 1 MiB left for the OS loader,
 * as on a Dell XPS 13 9350 (firmware 1.4.4, SGX on; Linux's
 * efi_free_boot_services comment) where boot services used all of it.
 * Every free page below 1 MiB is allocated as EfiBootServicesData, so it
 * becomes usable again after ExitBootServices.
 */
#include "quirks.h"

#define MAX_HOLES 2000

EFI_STATUS quirk_map_frag(UINTN holes)
{
	static EFI_PHYSICAL_ADDRESS pages[2 * MAX_HOLES];
	UINTN freed = 0;
	EFI_STATUS st;

	if (!holes || holes > MAX_HOLES) {
		qlog(L"map-frag=%lu: want 1 to %d holes", (UINT64)holes,
		     MAX_HOLES);
		return EFI_INVALID_PARAMETER;
	}
	for (UINTN i = 0; i < 2 * holes; i++) {
		st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages,
				       EfiBootServicesData, 1, &pages[i]);
		if (EFI_ERROR(st))
			return st;
	}
	for (UINTN i = 0; i < 2 * holes; i += 2) {
		st = uefi_call_wrapper(BS->FreePages, 2, pages[i], 1);
		if (EFI_ERROR(st))
			return st;
		freed++;
	}
	qlog(L"map-frag: %lu single pages allocated, every other one freed again (%lu holes)",
	     (UINT64)(2 * holes), (UINT64)freed);
	return EFI_SUCCESS;
}

EFI_STATUS quirk_lowmem_full(void)
{
	UINTN n = 0;

	for (;;) {
		EFI_PHYSICAL_ADDRESS addr = 0xfffff;

		if (EFI_ERROR(uefi_call_wrapper(BS->AllocatePages, 4,
						AllocateMaxAddress,
						EfiBootServicesData, 1, &addr)))
			break;
		n++;
	}
	if (!n) {
		qlog(L"lowmem-full: no free page below 1 MiB to begin with");
		return EFI_SUCCESS;
	}
	qlog(L"lowmem-full: %lu free pages below 1 MiB allocated as Boot Data",
	     (UINT64)n);
	return EFI_SUCCESS;
}
