/* SPDX-License-Identifier: MIT */
/*
 * The other CPUs: start-up through the real-mode trampoline (smp.c,
 * trampoline.S), the per-CPU area (percpu.c), running work on every CPU,
 * and stopping them all when one of them crashes.
 *
 * CPU numbers are dense: 0 is the BSP, 1.. the APs in the order they came
 * up (an AP that does not answer takes no number).  The APIC id of each
 * is in its per-CPU area.  Between jobs the APs spin in smp.c's park loop
 * with interrupts off; they touch nothing else.
 *
 * This header is also included by trampoline.S (__ASSEMBLY__): the
 * trampoline's parameter block layout is defined here once, and smp.c
 * checks its struct against it at compile time.
 */
#ifndef EFI_SMP_H
#define EFI_SMP_H

/* Offsets in the trampoline's parameter block (struct trampoline_params). */
#define TP_GDTR 0 /* u16 limit, u32 base: the trampoline's GDT */
#define TP_PM_JUMP 8 /* u32 offset, u16 selector: into 32-bit code */
#define TP_LM_JUMP 16 /* u32 offset, u16 selector: into 64-bit code */
#define TP_CR3 24 /* u32: the root table (PML4 or PML5) below 4 GiB */
#define TP_CR4 28 /* u32: x86_ap_cr4() (lib/x86_cr4.h) */
#define TP_CR0 32 /* u32 */
#define TP_EFER 36 /* u32: low half of IA32_EFER (LME, NXE) */
#define TP_STACK 40 /* u64: the AP's stack top (virtual) */
#define TP_ENTRY 48 /* u64: ap_entry() */
#define TP_ARG 56 /* u64: its argument, the AP's per-CPU area */
#define TP_PAT 64 /* u64: IA32_PAT, the BSP's (0: leave the power-on PAT) */
#define TP_SIZE 72

/* Selectors of the trampoline's own GDT. */
#define TR_CS32 0x08
#define TR_DS 0x10
#define TR_CS64 0x18

#ifndef __ASSEMBLY__

#include <lib/types.h>
#include <mm/mmzone.h> /* NR_CPUS */

struct mm_cpus;
struct stress_platform_check;
struct stress_smp;

enum cpu_state {
	CPU_ABSENT, /* no CPU behind this number */
	CPU_STARTING, /* IPIs sent, not arrived yet */
	CPU_ONLINE, /* parked or running a job */
	CPU_STOPPED, /* halted by a crash stop */
};

/*
 * One CPU's area, reached through GS (GS base = the area, self first).
 * cpu and apic_id never change after start-up; state and the job fields
 * are written by the BSP and the owner as the comments say.
 */
struct percpu {
	struct percpu *self; /* GS:0, for this_cpu() */
	unsigned int cpu; /* GS:8, smp_processor_id() */
	u32 apic_id;
	int node; /* from the MADT/SRAT CPU list */
	volatile u32 state; /* enum cpu_state */
	u64 stack_base, stack_size; /* the normal stack */
	u64 ist_base, ist_size; /* NMI / #DF / #MC stack */
	/* Job: the BSP sets fn and arg, then bumps job_seq; the AP runs it
	 * and copies job_seq into done_seq. */
	void (*volatile job_fn)(void *arg);
	void *volatile job_arg;
	volatile u64 job_seq;
	volatile u64 done_seq;
	int in_exception; /* nesting depth in traps.c */
};

#define PERCPU_CPU_OFFSET 8

/* ---- percpu.c ------------------------------------------------------------- */

/* The area of CPU cpu (NULL past NR_CPUS); this CPU's. */
struct percpu *per_cpu_area(unsigned int cpu);
struct percpu *this_cpu(void);
/* Point GS at cpu's area (the BSP's from cpu_tables_init, an AP's from
 * ap_entry) and make smp_processor_id() read it. */
void percpu_activate(unsigned int cpu);
/* Is [addr, addr + len) inside the stack or IST stack of some CPU? */
bool percpu_on_some_stack(u64 addr, u64 len);

/* ---- smp.c ---------------------------------------------------------------- */

/*
 * Bring up the other CPUs (docs/architecture.md, boot step 7).  Call after numa_init()
 * (the MADT's CPU list) and before mm_core_init() (stacks come from
 * memblock, and the per-CPU page lists are sized from the result).
 * Honours smp=.  Logs the CPUs found, started and failed (by APIC id).
 * Returns the number of CPUs online, at least 1.
 */
unsigned int smp_init(void);
/* After ExitBootServices, before paging_init: when efi_main found no low
 * page for the trampoline, take one from boot-services memory. */
void smp_low_page_after_exit(void);
unsigned int smp_num_online(void);

/*
 * Run fn(arg) on the first ncpus online CPUs (CPU 0, the caller, included)
 * and wait until all have returned.  Only CPU 0 may call it.
 */
void smp_call_on_cpus(unsigned int ncpus, void (*fn)(void *arg), void *arg);

/*
 * Crash stop, from traps.c: the first CPU to call it owns the crash and
 * gets true; the others get false and must halt.  The owner sends an NMI
 * to each other CPU sparsemm started, by APIC id, and waits up to a short
 * time for them to halt.  CPUs sparsemm does not use were parked with INIT
 * by smp_init() and get nothing.
 */
bool smp_crash_begin(void);
void smp_stop_others(void);
/* A CPU halted by the crash NMI (traps.c calls this; never returns). */
void __noreturn smp_stopped_halt(void);
/* True while some CPU is reporting a crash; the CPU number that owns it,
 * or -1. */
bool smp_crash_in_progress(void);
int smp_crash_owner(void);

/* selftest=ap_fault: make CPU 1 fault (the run must end CRASH). */
void smp_selftest_ap_fault(void);

/* The concurrent stress suites, as stress platform checks (concurrent.c
 * in mm/stress runs them; smp.c gives them the CPUs). */
unsigned int smp_stress_checks(const struct stress_platform_check **checks);
/* The CPUs for suites that run on all of them (stress_env.smp). */
const struct stress_smp *smp_stress_cpus(void);
/* The CPUs that initialize the struct pages (run_hooks.boot_cpus). */
const struct mm_cpus *smp_boot_cpus(void);

/* trampoline.S */
extern const char trampoline_start[], trampoline_end[], trampoline_params[];

#endif /* __ASSEMBLY__ */
#endif
