// SPDX-License-Identifier: MIT
/*
 * Local APIC access for CPU start-up and crash stops (see apic.h).
 *
 * Mode: IA32_APIC_BASE (MSR 0x1b) bit 11 enables the APIC, bit 10 (EXTD)
 * selects x2APIC mode; CPUID.01H:ECX[21] says x2APIC exists.  Firmware
 * may hand over in either mode.  sparsemm uses x2APIC whenever the CPU
 * has it (enabling it from xAPIC mode is the allowed transition, SDM
 * 11.12.5; going back would need the APIC disabled first), so the same
 * code serves APIC ids above 255, and maps the 4 KiB xAPIC MMIO page
 * uncached only when it must use it.
 *
 * Registers are named by their xAPIC MMIO offset; in x2APIC mode the MSR
 * is 0x800 + (offset >> 4) (SDM 11.12.1.2), and the ICR is one 64-bit MSR
 * with the destination in bits 63:32 instead of two 32-bit registers
 * with the destination in bits 31:24 of the high one.
 */
#include "apic.h"
#include "boot.h"
#include "cpu.h"
#include "paging.h"

#include <lib/printk.h>

#define MSR_IA32_APIC_BASE 0x1b
#define APIC_BASE_EXTD (1ULL << 10) /* x2APIC mode */
#define APIC_BASE_ENABLE (1ULL << 11)
#define APIC_BASE_ADDR_MASK 0x000ffffffffff000ULL

#define CPUID_1_ECX_X2APIC (1u << 21)
#define CPUID_1_EDX_APIC (1u << 9)

#define X2APIC_MSR_BASE 0x800

/* Register offsets (SDM Table 11-1). */
#define APIC_ID 0x20
#define APIC_SVR 0xf0
#define APIC_ESR 0x280
#define APIC_ICR_LOW 0x300
#define APIC_ICR_HIGH 0x310

#define APIC_SVR_ENABLE (1u << 8)
#define APIC_SPURIOUS_VECTOR 0xff

/* ICR fields (SDM Figure 11-12). */
#define ICR_DM_NMI (4u << 8)
#define ICR_DM_INIT (5u << 8)
#define ICR_DM_STARTUP (6u << 8)
#define ICR_BUSY (1u << 12) /* delivery status, xAPIC only */
#define ICR_LEVEL_ASSERT (1u << 14)
#define ICR_TRIGGER_LEVEL (1u << 15)
#define XAPIC_DEST_SHIFT 24

/* Intel SDM vol. 3, 8.4.4.1 (the MP initialization example): the wait
 * after INIT on older CPUs (and harmless on new ones), after each STARTUP;
 * and the ICR time-out (docs/smp.md). */
#define INIT_DELAY_US 10000
#define SIPI_DELAY_US 200
#define ICR_TIMEOUT_US 100000
#define US_PER_SEC 1000000ULL

static enum apic_mode mode;
static volatile u32 *mmio; /* xAPIC register page, identity map */

void udelay(u64 us)
{
	u64 hz = boot.tsc_hz ? boot.tsc_hz : 1000 * US_PER_SEC;
	u64 end = rdtsc() + us * (hz / US_PER_SEC);

	while ((s64)(rdtsc() - end) < 0)
		__asm__ volatile("pause");
}

static u32 apic_read(u32 reg)
{
	if (mode == APIC_MODE_X2APIC)
		return (u32)rdmsr(X2APIC_MSR_BASE + (reg >> 4));
	return mmio[reg / 4];
}

static void apic_write(u32 reg, u32 v)
{
	if (mode == APIC_MODE_X2APIC)
		wrmsr(X2APIC_MSR_BASE + (reg >> 4), v);
	else
		mmio[reg / 4] = v;
}

enum apic_mode apic_mode(void)
{
	return mode;
}

const char *apic_mode_name(void)
{
	return mode == APIC_MODE_X2APIC ? "x2APIC" :
	       mode == APIC_MODE_XAPIC	? "xAPIC" :
					  "no APIC";
}

u32 apic_read_id(void)
{
	u32 id = apic_read(APIC_ID);

	return mode == APIC_MODE_X2APIC ? id : id >> XAPIC_DEST_SHIFT;
}

static void software_enable(void)
{
	apic_write(APIC_SVR, APIC_SVR_ENABLE | APIC_SPURIOUS_VECTOR);
}

int apic_init_bsp(void)
{
	u32 a, b, c, d;
	u64 base;
	int err;

	cpuid(1, 0, &a, &b, &c, &d);
	base = rdmsr(MSR_IA32_APIC_BASE);
	if (!(d & CPUID_1_EDX_APIC) || !(base & APIC_BASE_ENABLE)) {
		pr_warn("smp: no enabled local APIC (CPUID %s, IA32_APIC_BASE %#llx): one CPU\n",
			d & CPUID_1_EDX_APIC ? "has one" : "has none",
			(unsigned long long)base);
		return -ENOENT;
	}
	if (base & APIC_BASE_EXTD) {
		mode = APIC_MODE_X2APIC;
		pr_info("smp: local APIC in x2APIC mode (enabled by the firmware)\n");
	} else if (c & CPUID_1_ECX_X2APIC) {
		wrmsr(MSR_IA32_APIC_BASE, base | APIC_BASE_EXTD);
		mode = APIC_MODE_X2APIC;
		pr_info("smp: local APIC switched from xAPIC to x2APIC mode (CPUID has x2APIC)\n");
	} else {
		phys_addr_t pa = base & APIC_BASE_ADDR_MASK;

		err = paging_map_mmio(pa, PAGE_SIZE);
		if (err) {
			pr_err("smp: cannot map the xAPIC page at %#llx (%d): one CPU\n",
			       (unsigned long long)pa, err);
			return -ENOMEM;
		}
		mmio = (volatile u32 *)pa;
		mode = APIC_MODE_XAPIC;
		pr_info("smp: local APIC in xAPIC mode (CPUID: no x2APIC), registers at %#llx\n",
			(unsigned long long)pa);
	}
	software_enable();
	return 0;
}

void apic_init_ap(void)
{
	u64 base = rdmsr(MSR_IA32_APIC_BASE);

	/* After INIT an AP's APIC is in xAPIC mode (SDM 11.12.5.1). */
	if (mode == APIC_MODE_X2APIC && !(base & APIC_BASE_EXTD))
		wrmsr(MSR_IA32_APIC_BASE,
		      base | APIC_BASE_ENABLE | APIC_BASE_EXTD);
	software_enable();
}

/* Clear the ESR (a write latches new errors; SDM 11.5.3) and read it. */
static u32 esr_read(void)
{
	apic_write(APIC_ESR, 0);
	return apic_read(APIC_ESR);
}

static int icr_wait_idle(void)
{
	u64 waited = 0;

	/* x2APIC has no delivery-status bit: a write is sent (SDM 11.12.9). */
	if (mode == APIC_MODE_X2APIC)
		return 0;
	while (apic_read(APIC_ICR_LOW) & ICR_BUSY) {
		if (waited++ >= ICR_TIMEOUT_US)
			return -EBUSY;
		udelay(1);
	}
	return 0;
}

static int send_ipi(u32 dest, u32 low)
{
	if (mode == APIC_MODE_X2APIC) {
		wrmsr(X2APIC_MSR_BASE + (APIC_ICR_LOW >> 4),
		      ((u64)dest << 32) | low);
	} else {
		if (icr_wait_idle())
			return -EBUSY;
		apic_write(APIC_ICR_HIGH, dest << XAPIC_DEST_SHIFT);
		apic_write(APIC_ICR_LOW, low);
	}
	return icr_wait_idle();
}

int apic_send_init(u32 apic_id)
{
	return send_ipi(apic_id,
			ICR_DM_INIT | ICR_LEVEL_ASSERT | ICR_TRIGGER_LEVEL);
}

int apic_send_nmi(u32 apic_id)
{
	if (mode == APIC_MODE_NONE)
		return -ENOENT;
	return send_ipi(apic_id, ICR_DM_NMI);
}

/*
 * The universal start-up algorithm (SDM 8.4.4.1, Example 8-1): clear the
 * ESR, INIT assert, INIT de-assert (xAPIC only: x2APIC does not support
 * the level de-assert, SDM 11.12.9), wait, then two STARTUP IPIs with the
 * ESR checked after each.  A CPU that already left wait-for-SIPI ignores
 * the second STARTUP.
 */
int apic_wakeup_ap(u32 apic_id, u8 vector, u32 *esr)
{
	int err;

	*esr = esr_read();
	err = apic_send_init(apic_id);
	if (!err && mode == APIC_MODE_XAPIC)
		err = send_ipi(apic_id, ICR_DM_INIT | ICR_TRIGGER_LEVEL);
	if (err)
		return err;
	udelay(INIT_DELAY_US);
	for (int i = 0; i < 2; i++) {
		esr_read();
		err = send_ipi(apic_id, ICR_DM_STARTUP | vector);
		if (err)
			return err;
		udelay(SIPI_DELAY_US);
		*esr = esr_read();
		if (*esr)
			return -EIO;
	}
	return 0;
}
