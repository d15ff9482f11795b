/* SPDX-License-Identifier: MIT */
/*
 * Hardware events after ExitBootServices: NMIs that sparsemm did not send
 * (nmi.c), machine-check banks and the #MC handler (mce.c), and the DIMM
 * table from SMBIOS (boot.dimms, filled before ExitBootServices).  The
 * report reads them through hwevents_report() (mce.c).
 * docs/hwevents.md says what each looks like in the log and how the
 * verdict treats it.
 */
#ifndef EFI_HWEVENTS_H
#define EFI_HWEVENTS_H

#include <lib/types.h>

struct pt_regs;
struct report_hw;
struct stress_platform_check;

/* ---- nmi.c ---------------------------------------------------------------- */

enum nmi_reason { NMI_UNKNOWN, NMI_SERR, NMI_IOCHK, NMI_NR_REASONS };

/*
 * From traps.c for vector 2.  true: the NMI was handled (a platform NMI,
 * logged and counted, or one that arrived on the CPU owning a crash) and
 * the interrupted code resumes; false: it is the crash stop and the CPU
 * must halt.
 */
bool nmi_handle(const struct pt_regs *regs);
u64 nmi_count(enum nmi_reason r);
const char *nmi_reason_name(enum nmi_reason r);

/* ---- mce.c ---------------------------------------------------------------- */

/*
 * On the BSP after the page tables and before the APs: read MCG_CAP and
 * every bank, log and clear what the firmware left, enable the banks and
 * CR4.MCE.  mce_init_ap() does the same on each AP (its banks may be its
 * own).  Without MCA both say so once and do nothing.
 */
void mce_init_bsp(void);
void mce_init_ap(void);
/* Poll every bank of the calling CPU for logged (corrected) errors;
 * 'when' names the moment for the log ("after suite churn"). */
void mce_poll(const char *when);
/* From traps.c for vector 18: decode, report, end the run as FAIL. */
void __noreturn do_machine_check(struct pt_regs *regs);
/* The NMI counts, machine-check records and DIMMs, for the report. */
void hwevents_report(struct report_hw *hw);
/* The stress runner's hooks (struct stress_env): poll after each pass,
 * and the DIMM that holds pa ("" when SMBIOS describes none). */
void mce_after_pass(const char *suite, unsigned int pass, void *data);
const char *hw_dimm_name(phys_addr_t pa, char *buf, size_t size, void *data);
/* The "machine_check" check, run last: fails on uncorrected records and,
 * unless ecc=warn, on corrected ones; notes the platform NMIs. */
extern const struct stress_platform_check machine_check_check;

#endif
