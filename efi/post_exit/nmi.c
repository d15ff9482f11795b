// SPDX-License-Identifier: MIT
/*
 * NMIs that sparsemm did not send.  Real boards raise them: a BMC's
 * diagnostic NMI, PCI SERR#, ISA IOCHK#, a watchdog.  Linux logs them and
 * goes on (arch/x86/kernel/nmi.c); so does sparsemm, in Linux's words:
 *
 *   NMI: PCI system error (SERR) for reason a5 on CPU 0.
 *   NMI: IOCK error (debug interrupt?) for reason 65 on CPU 0.
 *   Uhhuh. NMI received for unknown reason 25 on CPU 1.
 *
 * The reason is NMI status and control port 0x61: bit 7 SERR, bit 6
 * IOCHK.  As in Linux, one CPU at a time reads and acknowledges it (bit 2
 * clears and disables SERR, bit 3 IOCHK, written back with the low four
 * bits); a CPU that finds the port taken reports "unknown".
 *
 * The only NMI sparsemm sends is the crash stop (smp.c), and only while
 * some CPU owns a crash; traps.c asks nmi_handle() first and halts the
 * CPU when the NMI is the stop.  Counts go to the report (report.h,
 * "nmi" in the JSON); a platform NMI never changes the verdict.
 *
 * Printing from an NMI: printk's lock may be held by the interrupted code
 * of this CPU; printk then writes through it (a crash report does the
 * same) and the line may land inside another, which is acceptable for a
 * rare event.
 */
#include "boot.h"
#include "cpu.h"
#include "hwevents.h"
#include "smp.h"

#include <lib/printk.h>

#define NMI_REASON_PORT 0x61
#define NMI_REASON_SERR 0x80
#define NMI_REASON_IOCHK 0x40
#define NMI_REASON_CLEAR_SERR 0x04
#define NMI_REASON_CLEAR_IOCHK 0x08
#define NMI_REASON_CLEAR_MASK 0x0f

static volatile int reason_lock;
static u64 counts[NMI_NR_REASONS];

static const char *const reason_json[NMI_NR_REASONS] = {
	[NMI_UNKNOWN] = "unknown",
	[NMI_SERR] = "serr",
	[NMI_IOCHK] = "iochk",
};

const char *nmi_reason_name(enum nmi_reason r)
{
	return r < NMI_NR_REASONS ? reason_json[r] : "?";
}

u64 nmi_count(enum nmi_reason r)
{
	return r < NMI_NR_REASONS ?
		       __atomic_load_n(&counts[r], __ATOMIC_RELAXED) :
		       0;
}

static void count(enum nmi_reason r)
{
	__atomic_fetch_add(&counts[r], 1, __ATOMIC_RELAXED);
}

/* Port 0x61 by one CPU at a time: the reason, or -1 when another CPU is
 * reading it. */
static int read_reason(void)
{
	int free = 0;

	if (!__atomic_compare_exchange_n(&reason_lock, &free, 1, false,
					 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return -1;
	return inb(NMI_REASON_PORT);
}

static void release_reason(void)
{
	__atomic_store_n(&reason_lock, 0, __ATOMIC_RELEASE);
}

static void serr(u8 reason, unsigned int cpu)
{
	printk(KERN_EMERG
	       "NMI: PCI system error (SERR) for reason %02x on CPU %u.\n",
	       reason, cpu);
	printk(KERN_EMERG
	       "NMI: the run goes on; a device or the chipset reported a bus error: see docs/hwevents.md\n");
	/* Clear and disable SERR#, then leave it disabled, as Linux does. */
	outb((reason & NMI_REASON_CLEAR_MASK) | NMI_REASON_CLEAR_SERR,
	     NMI_REASON_PORT);
	count(NMI_SERR);
}

static void iochk(u8 reason, unsigned int cpu, const struct pt_regs *regs)
{
	u8 v = (reason & NMI_REASON_CLEAR_MASK) | NMI_REASON_CLEAR_IOCHK;

	printk(KERN_EMERG
	       "NMI: IOCK error (debug interrupt?) for reason %02x on CPU %u.\n",
	       reason, cpu);
	printk(KERN_EMERG "RIP: %04llx:%016llx (sparsemm.efi+%#llx)\n",
	       (unsigned long long)regs->cs, (unsigned long long)regs->rip,
	       (unsigned long long)(regs->rip - boot.image_base));
	/* Pulse the clear bit to re-arm IOCHK#. */
	outb(v, NMI_REASON_PORT);
	v &= ~NMI_REASON_CLEAR_IOCHK;
	outb(v, NMI_REASON_PORT);
	count(NMI_IOCHK);
}

static void unknown(u8 reason, unsigned int cpu)
{
	printk(KERN_EMERG
	       "Uhhuh. NMI received for unknown reason %02x on CPU %u.\n",
	       reason, cpu);
	printk(KERN_EMERG "Dazed and confused, but trying to continue\n");
	count(NMI_UNKNOWN);
}

bool nmi_handle(const struct pt_regs *regs)
{
	unsigned int cpu = smp_processor_id();
	int reason;

	if (smp_crash_in_progress())
		return smp_crash_owner() == (int)cpu; /* ignore it, or stop */
	reason = read_reason();
	if (reason < 0) {
		unknown(0, cpu);
		return true;
	}
	if (reason & NMI_REASON_SERR)
		serr((u8)reason, cpu);
	else if (reason & NMI_REASON_IOCHK)
		iochk((u8)reason, cpu, regs);
	else
		unknown((u8)reason, cpu);
	release_reason();
	return true;
}
