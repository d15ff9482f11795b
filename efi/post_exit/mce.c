// SPDX-License-Identifier: MIT
/*
 * Machine checks, as Linux's mce code sees them (arch/x86/kernel/cpu/mce):
 *
 *  - at start, on each CPU: MCG_CAP, every bank read; what the firmware
 *    (or the previous boot) left logged is printed and counted ("Machine
 *    check events logged"), then cleared; every bank enabled (MCi_CTL all
 *    ones, MCG_CTL too when present) and CR4.MCE set, so that an
 *    uncorrected error raises #MC instead of shutting the machine down;
 *  - polling: mce_poll() reads every bank of every CPU sparsemm runs
 *    (the runner calls it after each pass of each suite, and the
 *    machine_check check at the end of the run).  Corrected errors are
 *    only ever found this way: interrupts stay off for the whole run
 *    (apic.h), so a CPU with CMCI does not interrupt; sparsemm reports
 *    CMCI support and polls;
 *  - #MC (do_machine_check, from traps.c on its own IST stack): the other
 *    CPUs are stopped, the banks decoded, the address named (pfn, section,
 *    node, zone, what the allocator held it as, the suite running, the
 *    DIMM), and the run ends as FAIL with a hardware error, with the KTAP
 *    document completed (stress_abort) and the report printed.
 *
 * Every record is printed in Linux's format (lib/mce.c) and kept for the
 * report (the first REPORT_MAX_MCE; all are counted).  The verdict: the
 * machine_check check fails on any uncorrected record and, unless
 * ecc=warn, on any corrected one (docs/hwevents.md).
 */
#include "boot.h"
#include "cpu.h"
#include "hwevents.h"
#include "smp.h"

#include <lib/mce.h>
#include <lib/printk.h>
#include <lib/spinlock.h>
#include <lib/string.h>
#include <run/report.h>
#include <stress/stress.h>

#define MSR_IA32_MCG_CAP 0x179
#define MSR_IA32_MCG_STATUS 0x17a
#define MSR_IA32_MCG_CTL 0x17b
#define MSR_IA32_MCx_CTL(b) (0x400 + 4 * (b))
#define MSR_IA32_MCx_STATUS(b) (0x401 + 4 * (b))
#define MSR_IA32_MCx_ADDR(b) (0x402 + 4 * (b))
#define MSR_IA32_MCx_MISC(b) (0x403 + 4 * (b))
#define MSR_IA32_UCODE_REV 0x8b

#define CPUID_1_EDX_MCE (1u << 7)
#define CPUID_1_EDX_MCA (1u << 14)
#define CR4_MCE (1ULL << 6)
/* The MCi MSRs end at 0x47f: 32 banks (SDM 16.3.2). */
#define MCE_MAX_BANKS 32

/* Linux's X86_VENDOR_* numbers, as PROCESSOR prints them. */
#define X86_VENDOR_INTEL 0
#define X86_VENDOR_AMD 2
#define X86_VENDOR_HYGON 9
#define X86_VENDOR_UNKNOWN 0xff

static bool mca;
static u64 mcg_cap;
static unsigned int nr_banks;
static u8 vendor = X86_VENDOR_UNKNOWN;
static spinlock_t lock = SPINLOCK_INIT;
static struct report_mce recs[REPORT_MAX_MCE];
static unsigned int nr_recs;
static u64 nr_corrected, nr_uncorrected;

static u8 cpu_vendor(void)
{
	u32 a, b, c, d;
	char v[13];

	cpuid(0, 0, &a, &b, &c, &d);
	memcpy(v, &b, 4);
	memcpy(v + 4, &d, 4);
	memcpy(v + 8, &c, 4);
	v[12] = '\0';
	if (!strcmp(v, "GenuineIntel"))
		return X86_VENDOR_INTEL;
	if (!strcmp(v, "AuthenticAMD"))
		return X86_VENDOR_AMD;
	if (!strcmp(v, "HygonGenuine"))
		return X86_VENDOR_HYGON;
	return X86_VENDOR_UNKNOWN;
}

/* The microcode revision as Linux reads it (intel_get_microcode_revision:
 * write 0, CPUID 1, read the high half; AMD: the low half). */
static u32 microcode_rev(void)
{
	u32 a, b, c, d;

	if (vendor == X86_VENDOR_INTEL) {
		wrmsr(MSR_IA32_UCODE_REV, 0);
		cpuid(1, 0, &a, &b, &c, &d);
		return (u32)(rdmsr(MSR_IA32_UCODE_REV) >> 32);
	}
	if (vendor == X86_VENDOR_AMD || vendor == X86_VENDOR_HYGON)
		return (u32)rdmsr(MSR_IA32_UCODE_REV);
	return 0;
}

/* Bank b of this CPU into *m; false when it holds no record. */
static bool read_bank(unsigned int b, struct mce *m)
{
	u32 a, bx, c, d;

	memset(m, 0, sizeof(*m));
	m->status = rdmsr(MSR_IA32_MCx_STATUS(b));
	if (!(m->status & MCI_STATUS_VAL))
		return false;
	if (m->status & MCI_STATUS_ADDRV)
		m->addr = rdmsr(MSR_IA32_MCx_ADDR(b));
	if (m->status & MCI_STATUS_MISCV)
		m->misc = rdmsr(MSR_IA32_MCx_MISC(b));
	m->mcgstatus = rdmsr(MSR_IA32_MCG_STATUS);
	m->tsc = rdtsc();
	m->bank = b;
	m->cpu = smp_processor_id();
	m->apicid = this_cpu()->apic_id;
	m->cpuvendor = vendor;
	cpuid(1, 0, &a, &bx, &c, &d);
	m->cpuid = a;
	m->microcode = microcode_rev();
	return true;
}

static void clear_bank(unsigned int b)
{
	wrmsr(MSR_IA32_MCx_STATUS(b), 0);
}

/* Print, count and keep one record.  locked: the caller may take the
 * lock (not from #MC, which may have interrupted a holder). */
static void log_record(const struct mce *m, const char *when, bool at_start,
		       bool locked)
{
	struct report_mce *r = NULL;
	char where[200], dimm[48] = "";
	u64 pa = 0;
	bool has_pa = mce_phys_addr(m, &pa);

	if (locked)
		spin_lock(&lock);
	if (mce_is_corrected(m->status))
		nr_corrected++;
	else
		nr_uncorrected++;
	if (nr_recs < REPORT_MAX_MCE)
		r = &recs[nr_recs++];
	if (locked)
		spin_unlock(&lock);
	if (has_pa && boot.dimms.nr_slots)
		smbios_dimm_name(&boot.dimms, pa, dimm, sizeof(dimm));
	if (r) {
		r->m = *m;
		r->at_start = at_start;
		r->has_pa = has_pa;
		r->pa = pa;
		scnprintf(r->when, sizeof(r->when), "%s", when);
		scnprintf(r->dimm, sizeof(r->dimm), "%s", dimm);
	}
	mce_print(m);
	if (has_pa) {
		stress_describe_phys(pa, where, sizeof(where));
		printk(KERN_EMERG
		       "mce: [Hardware Error]: CPU %u Bank %u: phys %#llx: %s%s%s\n",
		       m->cpu, m->bank, (unsigned long long)pa, where,
		       dimm[0] ? "; DIMM " : "", dimm);
	}
}

/* Every bank of this CPU: log and clear what holds a record. */
static unsigned int scan_banks(const char *when, bool at_start)
{
	unsigned int found = 0;
	struct mce m;

	for (unsigned int b = 0; b < nr_banks; b++) {
		if (!read_bank(b, &m))
			continue;
		log_record(&m, when, at_start, true);
		clear_bank(b);
		found++;
	}
	return found;
}

/* Enable every bank and #MC on this CPU, after logging what is there. */
static void cpu_setup(void)
{
	if (!mca)
		return;
	if (scan_banks("at start (left by the firmware or an earlier boot)",
		       true))
		printk(KERN_EMERG
		       "mce: [Hardware Error]: Machine check events logged\n");
	if (mcg_cap & MCG_CTL_P)
		wrmsr(MSR_IA32_MCG_CTL, ~0ULL);
	for (unsigned int b = 0; b < nr_banks; b++)
		wrmsr(MSR_IA32_MCx_CTL(b), ~0ULL);
	wrmsr(MSR_IA32_MCG_STATUS, 0);
	write_cr4(read_cr4() | CR4_MCE);
}

void mce_init_bsp(void)
{
	u32 a, b, c, d;

	cpuid(1, 0, &a, &b, &c, &d);
	vendor = cpu_vendor();
	if ((d & (CPUID_1_EDX_MCE | CPUID_1_EDX_MCA)) !=
	    (CPUID_1_EDX_MCE | CPUID_1_EDX_MCA)) {
		pr_warn("mce: the CPU has no machine-check architecture (CPUID.1:EDX MCE %s, MCA %s): memory errors the hardware corrects or detects cannot be seen\n",
			d & CPUID_1_EDX_MCE ? "set" : "clear",
			d & CPUID_1_EDX_MCA ? "set" : "clear");
		return;
	}
	mca = true;
	mcg_cap = rdmsr(MSR_IA32_MCG_CAP);
	nr_banks = (unsigned int)(mcg_cap & MCG_CAP_COUNT);
	if (nr_banks > MCE_MAX_BANKS) {
		pr_warn("mce: MCG_CAP says %u banks; using the first %u\n",
			nr_banks, MCE_MAX_BANKS);
		nr_banks = MCE_MAX_BANKS;
	}
	pr_info("mce: CPU 0: MCG_CAP %#llx: %u banks%s%s%s%s\n",
		(unsigned long long)mcg_cap, nr_banks,
		mcg_cap & MCG_CTL_P ? ", MCG_CTL" : "",
		mcg_cap & MCG_CMCI_P ?
			", CMCI (sparsemm polls: interrupts stay off)" :
			"",
		mcg_cap & MCG_SER_P ? ", SER" : "",
		mcg_cap & MCG_LMCE_P ? ", LMCE" : "");
	cpu_setup();
}

void mce_init_ap(void)
{
	cpu_setup();
}

static const char *volatile poll_when;

static void poll_job(void *arg)
{
	if (scan_banks(poll_when, false))
		printk(KERN_EMERG
		       "mce: [Hardware Error]: Machine check events logged\n");
}

void mce_poll(const char *when)
{
	if (!mca)
		return;
	poll_when = when;
	smp_call_on_cpus(smp_num_online(), poll_job, NULL);
}

/* The runner's after_pass hook. */
void mce_after_pass(const char *suite, unsigned int pass, void *data)
{
	char when[48];

	scnprintf(when, sizeof(when), "after %s pass %u", suite, pass);
	mce_poll(when);
}

const char *hw_dimm_name(phys_addr_t pa, char *buf, size_t size, void *data)
{
	buf[0] = '\0';
	if (boot.dimms.nr_slots)
		smbios_dimm_name(&boot.dimms, pa, buf, size);
	return buf;
}

void __noreturn do_machine_check(struct pt_regs *regs)
{
	unsigned int cpu = smp_processor_id(), found = 0;
	u64 mcgstatus = rdmsr(MSR_IA32_MCG_STATUS);
	const struct report_mce *first = NULL;
	char why[160];
	struct mce m;

	if (!smp_crash_begin())
		smp_stopped_halt();
	smp_stop_others();
	printk(KERN_EMERG "\n");
	printk(KERN_EMERG
	       "mce: [Hardware Error]: CPU %u: Machine Check Exception: MCG_STATUS %#llx at RIP %04llx:%016llx (sparsemm.efi+%#llx)\n",
	       cpu, (unsigned long long)mcgstatus, (unsigned long long)regs->cs,
	       (unsigned long long)regs->rip,
	       (unsigned long long)(regs->rip - boot.image_base));
	for (unsigned int b = 0; mca && b < nr_banks; b++) {
		if (!read_bank(b, &m))
			continue;
		if (mcgstatus & (MCG_STATUS_RIPV | MCG_STATUS_EIPV)) {
			m.ip = regs->rip;
			m.cs = (u16)regs->cs;
		}
		log_record(&m, "#MC", false, false);
		if (!first || (mce_is_corrected(first->m.status) &&
			       !mce_is_corrected(m.status)))
			first = nr_recs ? &recs[nr_recs - 1] : first;
		clear_bank(b);
		found++;
	}
	wrmsr(MSR_IA32_MCG_STATUS, 0);
	if (!found)
		scnprintf(
			why, sizeof(why),
			"hardware error: machine check with no valid bank on CPU %u (MCG_STATUS %#llx)",
			cpu, (unsigned long long)mcgstatus);
	else if (first && first->has_pa)
		scnprintf(
			why, sizeof(why),
			"hardware memory error: %s machine check at phys %#llx%s%s",
			mce_is_corrected(first->m.status) ? "corrected" :
							    "uncorrected",
			(unsigned long long)first->pa,
			first->dimm[0] ? ", DIMM " : "", first->dimm);
	else
		scnprintf(
			why, sizeof(why),
			"hardware error: machine check on CPU %u, %u banks logged",
			cpu, found);
	printk(KERN_EMERG
	       "sparsemm: %s: the machine is faulty, not sparsemm (docs/hwevents.md)\n",
	       why);
	post_exit_abort(why);
}

void hwevents_report(struct report_hw *hw)
{
	*hw = (struct report_hw){
		.mca = mca,
		.mce_banks = nr_banks,
		.cmci = !!(mcg_cap & MCG_CMCI_P),
		.ecc_warn = boot.cfg.ecc_warn,
		.nmi_unknown = nmi_count(NMI_UNKNOWN),
		.nmi_serr = nmi_count(NMI_SERR),
		.nmi_iochk = nmi_count(NMI_IOCHK),
		.mce_corrected = nr_corrected,
		.mce_uncorrected = nr_uncorrected,
		.nr_mce = nr_recs,
		.mce = recs,
		.dimms = &boot.dimms,
	};
}

/* ---- the machine_check check, last of the run ------------------------------- */

enum { C_UNCORRECTED, C_CORRECTED, C_NMI, NR_CASES };

static const char *const check_cases[NR_CASES] = {
	[C_UNCORRECTED] = "uncorrected_errors",
	[C_CORRECTED] = "corrected_errors",
	[C_NMI] = "platform_nmis",
};

static void fail_records(struct stress_ctx *ctx, unsigned int c, bool corrected)
{
	for (unsigned int i = 0; i < nr_recs; i++) {
		const struct report_mce *r = &recs[i];
		char what[96], at[40] = "";

		if (mce_is_corrected(r->m.status) != corrected)
			continue;
		if (r->has_pa)
			scnprintf(at, sizeof(at), " at phys %#llx",
				  (unsigned long long)r->pa);
		stress_case_fail(ctx, c, "CPU %u bank %u %s: %s%s%s%s",
				 r->m.cpu, r->m.bank, r->when,
				 mce_error_code_describe(r->m.status, what,
							 sizeof(what)),
				 at, r->dimm[0] ? ", DIMM " : "", r->dimm);
	}
}

static int check_run(struct stress_ctx *ctx, void *data)
{
	u64 nmis = nmi_count(NMI_UNKNOWN) + nmi_count(NMI_SERR) +
		   nmi_count(NMI_IOCHK);

	if (nmis)
		stress_diag(
			ctx,
			"%llu NMIs not sent by sparsemm (unknown %llu, SERR %llu, IOCHK %llu): logged above; they do not change the verdict",
			(unsigned long long)nmis,
			(unsigned long long)nmi_count(NMI_UNKNOWN),
			(unsigned long long)nmi_count(NMI_SERR),
			(unsigned long long)nmi_count(NMI_IOCHK));
	if (!mca) {
		stress_case_skip(ctx, C_UNCORRECTED, "the CPU has no MCA");
		stress_case_skip(ctx, C_CORRECTED, "the CPU has no MCA");
		return 0;
	}
	mce_poll("at the end of the run");
	if (nr_uncorrected)
		fail_records(ctx, C_UNCORRECTED, false);
	if (nr_corrected && !boot.cfg.ecc_warn)
		fail_records(ctx, C_CORRECTED, true);
	else if (nr_corrected)
		stress_diag(
			ctx,
			"ecc=warn: %llu corrected errors logged above do not fail the run",
			(unsigned long long)nr_corrected);
	stress_diag(
		ctx,
		"machine checks: %llu corrected, %llu uncorrected in %u banks",
		(unsigned long long)nr_corrected,
		(unsigned long long)nr_uncorrected, nr_banks);
	return 0;
}

const struct stress_platform_check machine_check_check = {
	.name = "machine_check",
	.cases = check_cases,
	.nr_cases = NR_CASES,
	.run = check_run,
	.unless_excluded = true,
};
