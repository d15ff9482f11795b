// SPDX-License-Identifier: MIT
/*
 * CPU exception reports.  After ExitBootServices nothing else will tell the
 * user what happened, so every exception prints, in Linux's oops layout, the
 * vector, error code, RIP, CR2, all general registers, the control
 * registers, the region the faulting address lies in and a frame-pointer
 * backtrace, and then ends the run with the CRASH verdict.
 *
 * With several CPUs, the first CPU to fault owns the report: it stops the
 * others with an NMI (smp.c) before printing, so that the report is not
 * interleaved with their output and nothing changes under it.  A CPU that
 * takes that NMI, or faults while another CPU is reporting, halts quietly.
 *
 * Two vectors are events of the machine rather than faults of sparsemm: an
 * NMI that sparsemm did not send is logged and the run resumes (nmi.c),
 * and a machine check is decoded and ends the run as FAIL with a hardware
 * error (mce.c).  An exception inside a firmware runtime call is not
 * sparsemm's either: it is handed to efi_runtime.c, which disables
 * runtime services and resumes.
 */
#include "boot.h"
#include "cpu.h"
#include "efi_runtime.h"
#include "hwevents.h"
#include "smp.h"

#include <lib/printk.h>

static const char *const exception_names[32] = {
	"divide error",
	"debug",
	"NMI",
	"int3",
	"overflow",
	"bounds",
	"invalid opcode",
	"device not available",
	"double fault",
	"coprocessor segment overrun",
	"invalid TSS",
	"segment not present",
	"stack segment",
	"general protection fault",
	"page fault",
	"reserved",
	"x87 floating point",
	"alignment check",
	"machine check",
	"SIMD floating point",
	"virtualization",
	"control protection",
	"reserved",
	"reserved",
	"reserved",
	"reserved",
	"reserved",
	"reserved",
	"hypervisor injection",
	"VMM communication",
	"security",
	"reserved",
};

static const char *const exception_mnemonics[32] = {
	"#DE", "#DB",  "NMI", "#BP", "#OF", "#BR", "#UD", "#NM",
	"#DF", "#CSO", "#TS", "#NP", "#SS", "#GP", "#PF", "#15",
	"#MF", "#AC",  "#MC", "#XM", "#VE", "#CP", "#22", "#23",
	"#24", "#25",  "#26", "#27", "#HV", "#VC", "#SX", "#31",
};

#define VECTOR_NMI 2
#define VECTOR_PF 14
#define VECTOR_MC 18

static void print_page_fault(const struct pt_regs *regs, u64 cr2)
{
	u64 e = regs->error_code;
	char where[96];

	printk(KERN_EMERG
	       "BUG: unable to handle page fault for address: %016llx\n",
	       (unsigned long long)cr2);
	printk(KERN_EMERG "#PF: supervisor %s access in kernel mode\n",
	       e & 0x10 ? "instruction fetch" :
	       e & 2	? "write" :
			  "read");
	printk(KERN_EMERG "#PF: error_code(0x%04llx) - %s\n",
	       (unsigned long long)e,
	       e & 8 ? "reserved bit violation" :
	       e & 1 ? "permissions violation" :
		       "not-present page");
	describe_address(cr2, where, sizeof(where));
	printk(KERN_EMERG "#PF: address %016llx lies in %s\n",
	       (unsigned long long)cr2, where);
}

static bool frame_on_known_stack(u64 fp)
{
	return !(fp & 7) && percpu_on_some_stack(fp, 16);
}

static void print_backtrace(const struct pt_regs *regs)
{
	u64 fp = regs->rbp;

	printk(KERN_EMERG
	       "Call Trace (image base %#llx; addr2line -e build/sparsemm.so <offset>):\n",
	       (unsigned long long)boot.image_base);
	printk(KERN_EMERG " [<%016llx>] sparsemm.efi+%#llx (RIP)\n",
	       (unsigned long long)regs->rip,
	       (unsigned long long)(regs->rip - boot.image_base));
	for (int depth = 0; depth < 16 && frame_on_known_stack(fp); depth++) {
		u64 *frame = (u64 *)fp;
		u64 ret = frame[1];

		if (!ret)
			break;
		printk(KERN_EMERG " [<%016llx>] sparsemm.efi+%#llx\n",
		       (unsigned long long)ret,
		       (unsigned long long)(ret - boot.image_base));
		if (frame[0] <= fp)
			break;
		fp = frame[0];
	}
}

void do_exception(struct pt_regs *regs)
{
	unsigned int vec = regs->vector & 31;
	u64 cr2 = read_cr2();
	unsigned int cpu = smp_processor_id();

	if (vec == VECTOR_NMI && nmi_handle(regs))
		return; /* entry.S resumes the interrupted code */
	if (vec == VECTOR_MC && !smp_crash_in_progress())
		do_machine_check(regs);
	/* Inside a firmware runtime call: the firmware's fault, survived. */
	if (efi_rt_fixup(regs, cr2))
		return;
	/* Another CPU is reporting: this is its stop NMI, or a second fault
	 * that must not garble the first report. */
	if (!smp_crash_begin())
		smp_stopped_halt();
	if (this_cpu()->in_exception++) {
		printk(KERN_EMERG
		       "BUG: exception %u (%s) at RIP %#llx while reporting an earlier one\n",
		       vec, exception_mnemonics[vec],
		       (unsigned long long)regs->rip);
		sparsemm_finish(VERDICT_CRASH);
	}
	smp_stop_others();
	printk(KERN_EMERG "\n");
	if (vec == VECTOR_PF)
		print_page_fault(regs, cr2);
	else
		printk(KERN_EMERG "BUG: %s (%s, vector %u), error code %#llx\n",
		       exception_names[vec], exception_mnemonics[vec], vec,
		       (unsigned long long)regs->error_code);
	printk(KERN_EMERG "Oops: %04llx [#1] CPU: %u APIC id: %#x\n",
	       (unsigned long long)regs->error_code, cpu, this_cpu()->apic_id);
	printk(KERN_EMERG "RIP: %04llx:%016llx (sparsemm.efi+%#llx)\n",
	       (unsigned long long)regs->cs, (unsigned long long)regs->rip,
	       (unsigned long long)(regs->rip - boot.image_base));
	printk(KERN_EMERG "RSP: %04llx:%016llx EFLAGS: %08llx\n",
	       (unsigned long long)regs->ss, (unsigned long long)regs->rsp,
	       (unsigned long long)regs->rflags);
	printk(KERN_EMERG "RAX: %016llx RBX: %016llx RCX: %016llx\n",
	       (unsigned long long)regs->rax, (unsigned long long)regs->rbx,
	       (unsigned long long)regs->rcx);
	printk(KERN_EMERG "RDX: %016llx RSI: %016llx RDI: %016llx\n",
	       (unsigned long long)regs->rdx, (unsigned long long)regs->rsi,
	       (unsigned long long)regs->rdi);
	printk(KERN_EMERG "RBP: %016llx R08: %016llx R09: %016llx\n",
	       (unsigned long long)regs->rbp, (unsigned long long)regs->r8,
	       (unsigned long long)regs->r9);
	printk(KERN_EMERG "R10: %016llx R11: %016llx R12: %016llx\n",
	       (unsigned long long)regs->r10, (unsigned long long)regs->r11,
	       (unsigned long long)regs->r12);
	printk(KERN_EMERG "R13: %016llx R14: %016llx R15: %016llx\n",
	       (unsigned long long)regs->r13, (unsigned long long)regs->r14,
	       (unsigned long long)regs->r15);
	printk(KERN_EMERG
	       "CR0: %016llx CR2: %016llx CR3: %016llx CR4: %016llx\n",
	       (unsigned long long)read_cr0(), (unsigned long long)cr2,
	       (unsigned long long)read_cr3(), (unsigned long long)read_cr4());
	print_backtrace(regs);
	printk(KERN_EMERG
	       "---[ end trace: %s on CPU %u at RIP sparsemm.efi+%#llx ]---\n",
	       exception_names[vec], cpu,
	       (unsigned long long)(regs->rip - boot.image_base));
	sparsemm_finish(VERDICT_CRASH);
}
