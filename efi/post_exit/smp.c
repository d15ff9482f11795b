// SPDX-License-Identifier: MIT
/*
 * Starting the other CPUs (APs) and giving them work (see smp.h).
 *
 * Start-up, one AP at a time: the trampoline (trampoline.S) is copied to
 * the low page reserved before ExitBootServices; for each enabled CPU of
 * the MADT but the BSP, a stack and an IST stack come from memblock (on
 * the CPU's node), the trampoline's parameters are written, and the
 * INIT-SIPI-SIPI sequence is sent (apic.c).  The AP runs the trampoline
 * into ap_entry(), loads the shared GDT/IDT with its own TSS, points GS at
 * its per-CPU area, and marks itself online; the BSP waits up to
 * AP_ARRIVAL_TIMEOUT_US (1 s, docs/smp.md) for that.  An AP that does not
 * come is reported by APIC id, sent INIT again so that it stays in
 * wait-for-SIPI, and the run goes on without it.
 *
 * Afterwards an AP spins in ap_park() with interrupts off, waiting for a
 * job from smp_call_on_cpus().  A crash on any CPU stops the others with
 * an NMI (traps.c, smp_crash_begin / smp_stop_others) so that one report
 * comes out whole.
 */
#include "apic.h"
#include "boot.h"
#include "cpu.h"
#include "efi_memmap.h"
#include "hwevents.h"
#include "paging.h"
#include "smp.h"

#include <lib/printk.h>
#include <lib/x86_cr4.h>
#include <lib/string.h>
#include <mm/deferred_init.h>
#include <mm/memblock.h>
#include <mm/numa.h>
#include <stress/concurrent.h>

#include <stddef.h>

#define AP_STACK_SIZE (64 * 1024)
#define AP_IST_SIZE IST_AREA_SIZE
#define AP_ARRIVAL_TIMEOUT_US 1000000
#define CRASH_STOP_TIMEOUT_US 100000
#define REAL_MODE_LIMIT 0x100000 /* a SIPI vector addresses below 1 MiB */

#define CR0_PG (1u << 31)
#define EFER_LME (1u << 8)

/* An address nothing maps, for selftest=ap_fault (as post_exit.c's). */
#define SELFTEST_FAULT_ADDRESS 0xffffc90000002000ULL

struct trampoline_params {
	u16 gdt_limit;
	u32 gdt_base;
	u16 pad0;
	u32 pm_jump_offset;
	u16 pm_jump_sel;
	u16 pad1;
	u32 lm_jump_offset;
	u16 lm_jump_sel;
	u16 pad2;
	u32 cr3, cr4, cr0, efer;
	u64 stack, entry, arg;
	u64 pat;
} __attribute__((packed));

BUILD_BUG_ON(offsetof(struct trampoline_params, gdt_limit) != TP_GDTR);
BUILD_BUG_ON(offsetof(struct trampoline_params, pm_jump_offset) != TP_PM_JUMP);
BUILD_BUG_ON(offsetof(struct trampoline_params, lm_jump_offset) != TP_LM_JUMP);
BUILD_BUG_ON(offsetof(struct trampoline_params, cr3) != TP_CR3);
BUILD_BUG_ON(offsetof(struct trampoline_params, cr4) != TP_CR4);
BUILD_BUG_ON(offsetof(struct trampoline_params, cr0) != TP_CR0);
BUILD_BUG_ON(offsetof(struct trampoline_params, efer) != TP_EFER);
BUILD_BUG_ON(offsetof(struct trampoline_params, stack) != TP_STACK);
BUILD_BUG_ON(offsetof(struct trampoline_params, entry) != TP_ENTRY);
BUILD_BUG_ON(offsetof(struct trampoline_params, arg) != TP_ARG);
BUILD_BUG_ON(offsetof(struct trampoline_params, pat) != TP_PAT);
BUILD_BUG_ON(sizeof(struct trampoline_params) != TP_SIZE);

extern const char trampoline_gdt[], trampoline_pm[], trampoline_lm[];

static unsigned int nr_online = 1;
static u64 real_cr3; /* the AP switches to it in ap_entry */
static volatile int crash_owner = -1;

unsigned int smp_num_online(void)
{
	return nr_online;
}

/* ---- the AP side ------------------------------------------------------------ */

static void __noreturn ap_park(struct percpu *p)
{
	for (;;) {
		u64 seq = __atomic_load_n(&p->job_seq, __ATOMIC_ACQUIRE);

		if (seq == p->done_seq) {
			cpu_relax();
			continue;
		}
		p->job_fn(p->job_arg);
		__atomic_store_n(&p->done_seq, seq, __ATOMIC_RELEASE);
	}
}

/* Entered from trampoline.S on the AP's own stack, interrupts off. */
void __noreturn ap_entry(struct percpu *p);
void __noreturn ap_entry(struct percpu *p)
{
	if (read_cr3() != real_cr3)
		write_cr3(real_cr3);
	cpu_tables_load(p->cpu, p->ist_base);
	apic_init_ap();
	mce_init_ap();
	if (apic_read_id() != p->apic_id)
		pr_warn("smp: CPU %u reads APIC id %#x, the MADT said %#x\n",
			p->cpu, apic_read_id(), p->apic_id);
	__atomic_store_n(&p->state, CPU_ONLINE, __ATOMIC_RELEASE);
	ap_park(p);
}

/* ---- start-up ------------------------------------------------------------------ */

/* Offset of a trampoline.S symbol from the start of the trampoline. */
static u32 tramp_offset(const char *sym)
{
	return (u32)((uintptr_t)sym - (uintptr_t)trampoline_start);
}

static struct trampoline_params *params(void)
{
	return (struct trampoline_params *)((u8 *)phys_to_virt(boot.low_page) +
					    tramp_offset(trampoline_params));
}

/* The PML4 the trampoline loads: ours, or a copy below 4 GiB (a 32-bit
 * MOV to CR3 cannot load more).  0 when neither exists. */
static u32 trampoline_cr3(void)
{
	phys_addr_t copy;

	real_cr3 = read_cr3();
	if (real_cr3 < SZ_4G)
		return (u32)real_cr3;
	copy = memblock_phys_alloc_range(PAGE_SIZE, PAGE_SIZE, 0, SZ_4G);
	if (!copy)
		return 0;
	memcpy(phys_to_virt(copy), phys_to_virt(real_cr3 & PAGE_MASK),
	       PAGE_SIZE);
	return (u32)copy;
}

static int trampoline_install(void)
{
	u32 base = (u32)boot.low_page;
	struct trampoline_params *tp;
	u32 cr3 = trampoline_cr3();

	if (!cr3) {
		pr_err("smp: no page below 4 GiB for the trampoline's page-table root\n");
		return -ENOMEM;
	}
	memcpy(phys_to_virt(boot.low_page), trampoline_start,
	       tramp_offset(trampoline_end));
	tp = params();
	tp->gdt_limit = 4 * 8 - 1;
	tp->gdt_base = base + tramp_offset(trampoline_gdt);
	tp->pm_jump_offset = base + tramp_offset(trampoline_pm);
	tp->pm_jump_sel = TR_CS32;
	tp->lm_jump_offset = base + tramp_offset(trampoline_lm);
	tp->lm_jump_sel = TR_CS64;
	tp->cr3 = cr3;
	/* An allow-list, never the BSP's CR4 as is: CET, PKE, SMAP, ...
	 * need state an AP started here does not have; LA57 exactly when
	 * our tables are 5-level.  (PCIDE can only be set in long mode.) */
	tp->cr4 = (u32)x86_ap_cr4(read_cr4(), paging_levels());
	tp->pat = paging_have_pat() ? rdmsr(MSR_IA32_PAT) : 0;
	tp->cr0 = (u32)read_cr0() | CR0_PG;
	tp->efer = ((u32)rdmsr(MSR_EFER) & (u32)EFER_NXE) | EFER_LME;
	tp->entry = (u64)ap_entry;
	return 0;
}

/* Start the CPU at list entry c as CPU number cpu; true when it came. */
static bool start_ap(const struct numa_cpu *c, unsigned int cpu, u8 *stacks)
{
	struct percpu *p = per_cpu_area(cpu);
	struct trampoline_params *tp = params();
	u64 t0 = rdtsc(), us;
	u32 esr = 0;
	int err;

	memset(p, 0, sizeof(*p));
	p->cpu = cpu;
	p->apic_id = c->apic_id;
	p->node = c->node;
	p->stack_base = (u64)stacks;
	p->stack_size = AP_STACK_SIZE;
	p->ist_base = (u64)stacks + AP_STACK_SIZE;
	p->ist_size = AP_IST_SIZE;
	p->state = CPU_STARTING;
	tp->stack = p->stack_base + p->stack_size;
	tp->arg = (u64)p;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);

	err = apic_wakeup_ap(c->apic_id, (u8)(boot.low_page >> PAGE_SHIFT),
			     &esr);
	if (err) {
		pr_err("smp: CPU with APIC id %#x: %s (ESR %#x)\n", c->apic_id,
		       err == -EBUSY ? "ICR stayed busy" : "IPI error", esr);
	} else {
		for (us = 0; us < AP_ARRIVAL_TIMEOUT_US; us += 10) {
			if (__atomic_load_n(&p->state, __ATOMIC_ACQUIRE) ==
			    CPU_ONLINE)
				break;
			udelay(10);
		}
		if (p->state == CPU_ONLINE) {
			pr_info("smp: CPU %u (APIC id %#x, node %d) online after %llu us\n",
				cpu, c->apic_id, c->node,
				(unsigned long long)((rdtsc() - t0) * 1000000 /
						     arch_cycles_per_sec()));
			return true;
		}
		pr_err("smp: CPU with APIC id %#x did not answer within %u ms\n",
		       c->apic_id, AP_ARRIVAL_TIMEOUT_US / 1000);
	}
	/* Back to wait-for-SIPI, so that a late start cannot run on. */
	apic_send_init(c->apic_id);
	p->state = CPU_ABSENT;
	return false;
}

static void log_cpu_list(const struct numa_cpu *list, unsigned int n, u32 bsp)
{
	pr_info("smp: %u CPUs in the MADT; BSP APIC id %#x\n", n, bsp);
	for (unsigned int i = 0; i < n; i++)
		pr_info("smp:   APIC id %#x (ACPI UID %u, node %d)%s%s%s\n",
			list[i].apic_id, list[i].acpi_id, list[i].node,
			list[i].x2apic ? " x2APIC entry" : "",
			list[i].enabled ? "" : " disabled",
			list[i].online_capable ? " online-capable" : "");
}

/* Is APIC id apic_id one of the CPUs sparsemm started (or the BSP)? */
static bool started(u32 apic_id)
{
	for (unsigned int cpu = 0; cpu < nr_online; cpu++)
		if (per_cpu_area(cpu)->apic_id == apic_id)
			return true;
	return false;
}

/*
 * The CPUs of the MADT that sparsemm does not use (smp=, past NR_CPUS, or
 * not started) are still in the firmware's AP loop, with an IDT in boot-
 * services memory that the suites overwrite: an NMI (a platform NMI, a
 * crash stop) would send them into garbage and reset the machine.  INIT
 * puts each in wait-for-SIPI, where NMIs are held (SDM 9.4, 10.6.2), for
 * the rest of the run.  A CPU that failed to start was sent INIT already.
 */
static void park_unused(const struct numa_cpu *list, unsigned int n, u32 bsp)
{
	unsigned int parked = 0;

	for (unsigned int i = 0; i < n; i++) {
		if (list[i].apic_id == bsp || !list[i].enabled ||
		    started(list[i].apic_id))
			continue;
		if (apic_mode() == APIC_MODE_XAPIC && list[i].apic_id > 0xfe)
			continue; /* not addressable; logged as not started */
		if (apic_send_init(list[i].apic_id))
			pr_err("smp: INIT to unused CPU APIC id %#x not accepted\n",
			       list[i].apic_id);
		else
			parked++;
	}
	if (parked)
		pr_info("smp: %u CPUs not used by this run parked in wait-for-SIPI (INIT)\n",
			parked);
}

/*
 * The firmware left no conventional page below 640 KiB before
 * ExitBootServices (boot services used them all: Linux names a Dell XPS 13
 * 9350 with SGX on).  Boot-services memory is free now: take its first page
 * above page 0 below 640 KiB for the trampoline, as Linux's
 * efi_free_boot_services does for its real-mode trampoline.
 */
void smp_low_page_after_exit(void)
{
	if (boot.low_page || boot.cfg.smp == 1)
		return;
	for (u32 i = 0; i < efi_memmap_count(); i++) {
		struct efi_md_info md = efi_memmap_entry(i);
		u64 start = MAX(md.phys_addr, (u64)PAGE_SIZE);
		u64 end = MIN(md.phys_addr + md.num_pages * PAGE_SIZE,
			      (u64)LOW_PAGE_LIMIT);

		if ((md.type != EFI_MT_BOOT_SERVICES_CODE &&
		     md.type != EFI_MT_BOOT_SERVICES_DATA) ||
		    (md.attr & EFI_MEMORY_RUNTIME))
			continue;
		/* Not in a memmap= range: written through the direct map. */
		while (start + PAGE_SIZE <= end &&
		       config_user_removed(&boot.cfg, start, PAGE_SIZE))
			start += PAGE_SIZE;
		if (start + PAGE_SIZE > end)
			continue;
		boot.low_page = start;
		pr_info("smp: AP start-up page %#llx taken from %s after ExitBootServices (no free page below 640 KiB before it; as Linux's efi_free_boot_services)\n",
			(unsigned long long)start, efi_mem_type_name(md.type));
		return;
	}
	pr_warn("smp: no page below 640 KiB for the AP trampoline, before or after ExitBootServices: one CPU\n");
}

unsigned int smp_init(void)
{
	unsigned int n, want, failed = 0, disabled = 0;
	const struct numa_cpu *list = numa_cpu_list(&n);
	u8 *stacks = NULL;
	u32 bsp;

	page_alloc_debug_nolock = boot.cfg.debug_nolock;
	if (page_alloc_debug_nolock)
		pr_warn("sparsemm: debug_nolock=on: rmqueue_buddy runs without the zone lock; this run must fail\n");
	if (apic_init_bsp())
		return 1;
	bsp = apic_read_id();
	per_cpu_area(0)->apic_id = bsp;
	log_cpu_list(list, n, bsp);
	want = boot.cfg.smp > 0 ? (unsigned int)boot.cfg.smp : NR_CPUS;
	want = MIN(want, (unsigned int)NR_CPUS);
	if (boot.cfg.smp == 1)
		pr_info("smp: off (smp=)\n");
	else if (!boot.low_page)
		pr_warn("smp: no low page for the trampoline: one CPU\n");
	if (n < 2 || want < 2 || !boot.low_page || trampoline_install())
		goto done;
	pr_info("smp: Bringing up secondary CPUs (%s mode, trampoline at %#llx) ...\n",
		apic_mode_name(), (unsigned long long)boot.low_page);
	for (unsigned int i = 0; i < n && nr_online < want; i++) {
		if (list[i].apic_id == bsp) {
			per_cpu_area(0)->node = list[i].node;
			continue;
		}
		if (!list[i].enabled) {
			disabled++;
			continue;
		}
		if (apic_mode() == APIC_MODE_XAPIC && list[i].apic_id > 0xfe) {
			pr_err("smp: APIC id %#x needs x2APIC mode: not started\n",
			       list[i].apic_id);
			failed++;
			continue;
		}
		if (!stacks)
			stacks =
				memblock_alloc_node(AP_STACK_SIZE + AP_IST_SIZE,
						    PAGE_SIZE, list[i].node);
		if (!stacks) {
			pr_err("smp: no memory for AP stacks\n");
			break;
		}
		if (start_ap(&list[i], nr_online, stacks)) {
			nr_online++;
			stacks = NULL; /* used; a failed start's are reused */
		} else {
			failed++;
		}
	}
done:
	park_unused(list, n, bsp);
	pr_info("smp: Brought up %u of %u CPUs (%u failed), %s mode\n",
		nr_online, n ? n : 1, failed, apic_mode_name());
	if (disabled)
		pr_info("smp: %u CPUs of the MADT are disabled (not started)\n",
			disabled);
	return nr_online;
}

/* ---- jobs ------------------------------------------------------------------------ */

void smp_call_on_cpus(unsigned int ncpus, void (*fn)(void *arg), void *arg)
{
	ncpus = MIN(ncpus, nr_online);
	for (unsigned int cpu = 1; cpu < ncpus; cpu++) {
		struct percpu *p = per_cpu_area(cpu);

		p->job_fn = fn;
		p->job_arg = arg;
		__atomic_store_n(&p->job_seq, p->job_seq + 1, __ATOMIC_RELEASE);
	}
	fn(arg);
	for (unsigned int cpu = 1; cpu < ncpus; cpu++) {
		struct percpu *p = per_cpu_area(cpu);

		while (__atomic_load_n(&p->done_seq, __ATOMIC_ACQUIRE) !=
		       p->job_seq)
			cpu_relax();
	}
}

/* ---- crash stop ---------------------------------------------------------------------- */

bool smp_crash_in_progress(void)
{
	return __atomic_load_n(&crash_owner, __ATOMIC_ACQUIRE) >= 0;
}

int smp_crash_owner(void)
{
	return __atomic_load_n(&crash_owner, __ATOMIC_ACQUIRE);
}

bool smp_crash_begin(void)
{
	int me = (int)smp_processor_id(), none = -1;

	if (__atomic_compare_exchange_n(&crash_owner, &none, me, false,
					__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return true;
	return none == me; /* a nested fault on the owner */
}

void __noreturn smp_stopped_halt(void)
{
	__atomic_store_n(&this_cpu()->state, CPU_STOPPED, __ATOMIC_RELEASE);
	halt_forever();
}

/* NMI to each CPU sparsemm started, by APIC id: never a shorthand, which
 * would also reach the CPUs sparsemm does not use (see park_unused). */
static unsigned int nmi_online_others(unsigned int me)
{
	unsigned int sent = 0;

	for (unsigned int cpu = 0; cpu < nr_online; cpu++) {
		struct percpu *p = per_cpu_area(cpu);

		if (cpu == me || p->state != CPU_ONLINE)
			continue;
		if (apic_send_nmi(p->apic_id))
			printk(KERN_EMERG
			       "smp: NMI to CPU %u (APIC id %#x) not accepted\n",
			       cpu, p->apic_id);
		else
			sent++;
	}
	return sent;
}

void smp_stop_others(void)
{
	unsigned int me = smp_processor_id(), waiting;
	u64 us = 0;

	if (nr_online < 2 || !nmi_online_others(me))
		return;
	do {
		waiting = 0;
		for (unsigned int cpu = 0; cpu < nr_online; cpu++)
			if (cpu != me && per_cpu_area(cpu)->state == CPU_ONLINE)
				waiting++;
		if (waiting)
			udelay(10);
		us += 10;
	} while (waiting && us < CRASH_STOP_TIMEOUT_US);
	/* A stopped CPU may have held the log lock mid-line. */
	printk_bust_lock();
	if (waiting)
		printk(KERN_EMERG
		       "smp: %u CPUs did not stop for the crash report\n",
		       waiting);
}

/* ---- selftest and stress ---------------------------------------------------------------- */

static volatile unsigned int fault_cpu;

static void fault_job(void *arg)
{
	if (smp_processor_id() != fault_cpu)
		return;
	pr_info("sparsemm: selftest=ap_fault: CPU %u writes to %#llx, which nothing maps\n",
		fault_cpu, SELFTEST_FAULT_ADDRESS);
	*(volatile u64 *)SELFTEST_FAULT_ADDRESS = 0x5a5a5a5a;
}

void smp_selftest_ap_fault(void)
{
	if (nr_online < 2) {
		pr_err("sparsemm: selftest=ap_fault needs a second CPU; %u online\n",
		       nr_online);
		sparsemm_finish(VERDICT_FAIL);
	}
	fault_cpu = nr_online - 1;
	smp_call_on_cpus(nr_online, fault_job, NULL);
	pr_err("sparsemm: selftest=ap_fault: CPU %u did not fault\n",
	       fault_cpu);
	sparsemm_finish(VERDICT_FAIL);
}

static int online_cpu_node(unsigned int cpu)
{
	struct percpu *p = per_cpu_area(cpu);

	return p ? p->node : -1;
}

static struct stress_smp stress_cpus;

/* The online CPUs, for mm code: struct page init and the suites. */
const struct mm_cpus *smp_boot_cpus(void)
{
	stress_cpus.cpus = (struct mm_cpus){
		.nr_cpus = nr_online,
		.run = smp_call_on_cpus,
		.cpu_node = online_cpu_node,
	};
	return &stress_cpus.cpus;
}

const struct stress_smp *smp_stress_cpus(void)
{
	smp_boot_cpus();
	stress_cpus.debug_nolock = boot.cfg.debug_nolock;
	return &stress_cpus;
}

unsigned int smp_stress_checks(const struct stress_platform_check **checks)
{
	return stress_concurrent_checks(smp_stress_cpus(), checks);
}
