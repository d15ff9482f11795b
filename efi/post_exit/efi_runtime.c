// SPDX-License-Identifier: MIT
/*
 * Guarded runtime-service calls (efi/efi_runtime.h).
 *
 * Firmware runtime code is the one piece of foreign code sparsemm runs
 * after ExitBootServices, and real firmware gets it wrong: runtime drivers
 * touch memory not marked EFI_MEMORY_RUNTIME (boot-services data that
 * sparsemm has handed to the allocator and left out of the identity map,
 * ACPI NVS; docs/pc.md names machines).  Linux, since 4.20, catches a page
 * fault in a runtime service, says "[Firmware Bug]: Page fault caused by
 * firmware", disables runtime services and goes on
 * (efi_crash_gracefully_on_page_fault); arm64 Linux and FreeBSD recover
 * from any exception there, and so does this file.
 *
 * Mechanism: efi_rt_guarded_call (efi_runtime_call.S) records a resume
 * point; while the call runs, `guard` names the service and the CPU.  On
 * an exception traps.c calls efi_rt_fixup first, which, when the guard is
 * active on this CPU, prints the report, disables runtime services and
 * rewrites the exception frame to resume at that point with EFI_ABORTED.
 * Interrupts stay off after ExitBootServices; calls are made one at a
 * time (the BSP makes them; smp.c's APs never call the firmware).
 *
 * Invariant: once `disabled` is set it stays set, and no call enters the
 * firmware again, so a ResetSystem that faults falls back to the caller's
 * other reset methods and a fault while storing the report cannot recur.
 */
#include "boot.h"
#include "efi_runtime.h"

#include <arch/arch.h>
#include <lib/printk.h>

struct efi_rt_jump {
	u64 rsp;
	u64 resume;
};

u64 efi_rt_guarded_call(struct efi_rt_jump *jb, void *fn, u64 a1, u64 a2,
			u64 a3, u64 a4, u64 a5);

#define VECTOR_NMI 2
#define VECTOR_PF 14
#define VECTOR_MC 18

static struct {
	bool active;
	unsigned int cpu;
	const char *service;
	struct efi_rt_jump jb;
} guard;

static bool disabled;
static char disabled_reason[160];

bool efi_rt_enabled(void)
{
	return !disabled && boot.runtime_services;
}

const char *efi_rt_disabled_reason(void)
{
	return disabled ? disabled_reason : NULL;
}

static EFI_STATUS call(const char *service, void *fn, u64 a1, u64 a2, u64 a3,
		       u64 a4, u64 a5)
{
	EFI_STATUS st;

	if (!efi_rt_enabled() || guard.active)
		return EFI_UNSUPPORTED;
	guard.service = service;
	guard.cpu = smp_processor_id();
	guard.active = true;
	st = efi_rt_guarded_call(&guard.jb, fn, a1, a2, a3, a4, a5);
	guard.active = false;
	return st;
}

#define RT ((EFI_RUNTIME_SERVICES *)boot.runtime_services)

EFI_STATUS efi_rt_get_time(EFI_TIME *t)
{
	if (!efi_rt_enabled())
		return EFI_UNSUPPORTED;
	return call("GetTime", RT->GetTime, (u64)t, 0, 0, 0, 0);
}

EFI_STATUS efi_rt_get_variable(CHAR16 *name, EFI_GUID *guid, UINT32 *attrs,
			       UINTN *size, void *data)
{
	if (!efi_rt_enabled())
		return EFI_UNSUPPORTED;
	return call("GetVariable", RT->GetVariable, (u64)name, (u64)guid,
		    (u64)attrs, (u64)size, (u64)data);
}

EFI_STATUS efi_rt_set_variable(CHAR16 *name, EFI_GUID *guid, UINT32 attrs,
			       UINTN size, void *data)
{
	if (!efi_rt_enabled())
		return EFI_UNSUPPORTED;
	return call("SetVariable", RT->SetVariable, (u64)name, (u64)guid, attrs,
		    size, (u64)data);
}

EFI_STATUS efi_rt_query_variable_info(UINT32 attrs, UINT64 *max_storage,
				      UINT64 *remaining, UINT64 *max_var)
{
	if (!efi_rt_enabled())
		return EFI_UNSUPPORTED;
	if (RT->Hdr.Revision < (2u << 16) /* Hdr.Revision 2.0 */)
		return EFI_UNSUPPORTED; /* no QueryVariableInfo before 2.0 */
	return call("QueryVariableInfo", RT->QueryVariableInfo, attrs,
		    (u64)max_storage, (u64)remaining, (u64)max_var, 0);
}

void efi_rt_reset_system(EFI_RESET_TYPE type)
{
	if (!efi_rt_enabled())
		return;
	call("ResetSystem", RT->ResetSystem, (u64)type, EFI_SUCCESS, 0, 0, 0);
}

bool efi_rt_fixup(struct pt_regs *regs, u64 cr2)
{
	unsigned int vec = regs->vector & 31;
	char where[96];

	/* NMIs and machine checks are the machine's, not the firmware's
	 * (traps.c hands them to nmi.c and mce.c first). */
	if (!guard.active || guard.cpu != smp_processor_id() ||
	    vec == VECTOR_NMI || vec == VECTOR_MC)
		return false;
	guard.active = false;
	disabled = true;
	describe_address(regs->rip, where, sizeof(where));
	if (vec == VECTOR_PF) {
		pr_err("efi: [Firmware Bug]: Page fault caused by firmware at PA: %#llx, in %s (RIP %#llx in %s, error code %#llx)\n",
		       (unsigned long long)cr2, guard.service,
		       (unsigned long long)regs->rip, where,
		       (unsigned long long)regs->error_code);
		scnprintf(disabled_reason, sizeof(disabled_reason),
			  "page fault at PA %#llx in %s",
			  (unsigned long long)cr2, guard.service);
	} else {
		pr_err("efi: [Firmware Bug]: exception %u in %s (RIP %#llx in %s, error code %#llx)\n",
		       vec, guard.service, (unsigned long long)regs->rip, where,
		       (unsigned long long)regs->error_code);
		scnprintf(disabled_reason, sizeof(disabled_reason),
			  "exception %u in %s", vec, guard.service);
	}
	pr_err("efi: EFI Runtime Services are disabled for the rest of the run; %s returns EFI_ABORTED and the run goes on\n",
	       guard.service);
	regs->rsp = guard.jb.rsp;
	regs->rip = guard.jb.resume;
	regs->rax = EFI_ABORTED;
	return true;
}
