/* SPDX-License-Identifier: MIT */
/*
 * The firmware's runtime services after ExitBootServices, called so that a
 * fault inside the firmware cannot end the run (efi/post_exit/efi_runtime.c).
 *
 * Every runtime call sparsemm makes after ExitBootServices goes through
 * these: GetTime, GetVariable, SetVariable, QueryVariableInfo, ResetSystem.
 * A CPU exception raised while the firmware runs is caught (traps.c asks
 * efi_rt_fixup first), the call returns EFI_ABORTED, and runtime services
 * are disabled for the rest of the run: every later call returns
 * EFI_UNSUPPORTED without entering the firmware.  Linux does the same
 * (efi_crash_gracefully_on_page_fault).  Before ExitBootServices the
 * firmware's own exception handlers are in charge; callers there use RT.
 */
#ifndef EFI_EFI_RUNTIME_H
#define EFI_EFI_RUNTIME_H

#include "cpu.h"

#include <efi.h>
#include <lib/types.h>

/* False once a runtime call faulted (or there are no runtime services). */
bool efi_rt_enabled(void);
/* "a page fault at PA 0x... in GetTime ..." once disabled; NULL before. */
const char *efi_rt_disabled_reason(void);

EFI_STATUS efi_rt_get_time(EFI_TIME *t);
EFI_STATUS efi_rt_get_variable(CHAR16 *name, EFI_GUID *guid, UINT32 *attrs,
			       UINTN *size, void *data);
EFI_STATUS efi_rt_set_variable(CHAR16 *name, EFI_GUID *guid, UINT32 attrs,
			       UINTN size, void *data);
EFI_STATUS efi_rt_query_variable_info(UINT32 attrs, UINT64 *max_storage,
				      UINT64 *remaining, UINT64 *max_var);
/* Returns only if the firmware did not reset (or faulted). */
void efi_rt_reset_system(EFI_RESET_TYPE type);

/*
 * traps.c, first thing on an exception: if it was raised inside a guarded
 * runtime call on this CPU, report it, disable runtime services, make
 * *regs resume at the call's return with EFI_ABORTED and return true.
 */
bool efi_rt_fixup(struct pt_regs *regs, u64 cr2);

#endif
