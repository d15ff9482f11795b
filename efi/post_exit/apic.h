/* SPDX-License-Identifier: MIT */
/*
 * The local APIC, as much of it as starting and stopping CPUs needs: the
 * mode (xAPIC through MMIO at the APIC base, or x2APIC through MSRs
 * 0x800 + (offset >> 4)), the CPU's APIC id, the error status register,
 * and sending INIT, STARTUP and NMI inter-processor interrupts.  Interrupts
 * stay off (IF = 0) for the whole run: nothing here programs the timer or
 * takes an interrupt.  Intel SDM Vol. 3A, chapter 11 ("Advanced
 * Programmable Interrupt Controller").
 */
#ifndef EFI_APIC_H
#define EFI_APIC_H

#include <lib/types.h>

enum apic_mode { APIC_MODE_NONE, APIC_MODE_XAPIC, APIC_MODE_X2APIC };

/*
 * On the BSP, once sparsemm's page tables are live: read IA32_APIC_BASE,
 * switch to x2APIC mode when the CPU supports it (or keep it when the
 * firmware already enabled it), map the xAPIC MMIO page otherwise, and
 * software-enable the APIC.  Returns 0, -ENOENT without a usable local
 * APIC, or -ENOMEM when the MMIO page cannot be mapped.
 */
int apic_init_bsp(void);
/* On an AP, before it sends anything: the same mode as the BSP. */
void apic_init_ap(void);

enum apic_mode apic_mode(void);
const char *apic_mode_name(void);
/* The calling CPU's APIC id (8 bits in xAPIC mode, 32 in x2APIC mode). */
u32 apic_read_id(void);

/*
 * INIT-SIPI-SIPI to the CPU with apic_id, the trampoline at physical page
 * 'vector' (address vector << 12, below 1 MiB).  Returns 0 when every IPI
 * was accepted, -EBUSY when the ICR stayed busy, -EIO when the ESR
 * reported a send or receive error (its value in *esr).
 */
int apic_wakeup_ap(u32 apic_id, u8 vector, u32 *esr);
/* INIT (assert only) to park a CPU that did not answer in wait-for-SIPI. */
int apic_send_init(u32 apic_id);
/* NMI to the CPU with apic_id (physical destination, no shorthand). */
int apic_send_nmi(u32 apic_id);

/* Busy-wait on the TSC (boot.tsc_hz). */
void udelay(u64 us);

#endif
