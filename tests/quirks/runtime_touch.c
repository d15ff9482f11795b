// SPDX-License-Identifier: MIT
/*
 * Quirk rt-touch-bs: runtime services that touch boot-services memory.
 *
 * Runtime drivers that touch memory not marked EFI_MEMORY_RUNTIME after
 * ExitBootServices are common enough that Linux maps boot-services regions
 * for its runtime calls "as a workaround for buggy firmware" and, since
 * 4.20, survives a page fault in a runtime service
 * (efi_crash_gracefully_on_page_fault); docs/pc.md names machines.
 * GetTime, GetVariable, GetNextVariableName, SetVariable, QueryVariableInfo
 * and ResetSystem are replaced by wrappers living in one
 * EfiRuntimeServicesCode page; each reads a boot-services data page, then
 * jumps to the real service.  The wrappers use physical addresses only
 * (sparsemm never calls SetVirtualAddressMap).  The runtime table's CRC is
 * recomputed.
 */
#include "quirks.h"

extern const UINT8 rt_thunk_start[], rt_thunk_bsdata[], rt_thunk_target[],
	rt_thunk_end[];

#define SLOT 64

EFI_STATUS quirk_rt_touch_bs(void)
{
	void **services[] = {
		(void **)&RT->GetTime,
		(void **)&RT->GetVariable,
		(void **)&RT->GetNextVariableName,
		(void **)&RT->SetVariable,
		(void **)&RT->QueryVariableInfo,
		(void **)&RT->ResetSystem,
	};
	UINTN start = (UINTN)rt_thunk_start;
	UINTN size = (UINTN)rt_thunk_end - start;
	EFI_PHYSICAL_ADDRESS code, data;
	EFI_STATUS st;

	if (size > SLOT)
		return EFI_BUFFER_TOO_SMALL;
	st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages,
			       EfiBootServicesData, 1, &data);
	if (EFI_ERROR(st))
		return st;
	st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages,
			       EfiRuntimeServicesCode, 1, &code);
	if (EFI_ERROR(st))
		return st;
	SetMem((void *)(UINTN)data, EFI_PAGE_SIZE, 0x5a);
	for (UINTN i = 0; i < sizeof(services) / sizeof(services[0]); i++) {
		UINT8 *slot = (UINT8 *)(UINTN)code + i * SLOT;
		UINT64 bsdata = data + i * 8,
		       target = (UINT64)(UINTN)*services[i];

		CopyMem(slot, rt_thunk_start, size);
		CopyMem(slot + ((UINTN)rt_thunk_bsdata - start), &bsdata, 8);
		CopyMem(slot + ((UINTN)rt_thunk_target - start), &target, 8);
		*services[i] = slot;
	}
	quirk_fix_table_crc(&RT->Hdr);
	qlog(L"rt-touch-bs: GetTime, GetVariable, GetNextVariableName, SetVariable, QueryVariableInfo, ResetSystem wrapped by Runtime Code at %lx; each reads Boot Data page %lx first",
	     code, data);
	return EFI_SUCCESS;
}
