// SPDX-License-Identifier: MIT
/*
 * The end of a run.  The verdict is printed, then: under QEMU the
 * isa-debug-exit port carries it out as QEMU's exit status (0x10 pass,
 * 0x11 fail, 0x12 crash → status 33, 35, 37); on other machines, per
 * on_done=, the machine is shut down (ACPI is for a later step, so the
 * runtime service), reset (port 0xCF9, then the runtime service, then the
 * keyboard controller) or halted with the verdict on screen.
 * Port 0xf4 is only written when the machine is QEMU: on an unknown PC it
 * could be anything.
 */
#include "boot.h"
#include "cpu.h"
#include "fb.h"
#include "efi_runtime.h"
#include "report.h"

#include <efi.h>
#include <lib/printk.h>

#define DEBUG_EXIT_PORT 0xf4
#define DEBUG_EXIT_PASS 0x10

static const char *const verdict_names[] = {
	[VERDICT_PASS] = "PASS",
	[VERDICT_FAIL] = "FAIL",
	[VERDICT_CRASH] = "CRASH",
};

/* The runtime service may fault (efi_runtime.c catches it and disables
 * runtime services): the reset then falls through to the keyboard
 * controller, without coming back through sparsemm_finish. */
static void reset_system(EFI_RESET_TYPE type)
{
	EFI_RUNTIME_SERVICES *rt = boot.runtime_services;

	if (type == EfiResetCold) {
		outb(0xcf9, 0x02);
		outb(0xcf9, 0x06);
	}
	if (boot.boot_services_exited)
		efi_rt_reset_system(type);
	else if (rt)
		uefi_call_wrapper(rt->ResetSystem, 4, type, EFI_SUCCESS, 0,
				  NULL);
	if (type == EfiResetCold)
		outb(0x64, 0xfe);
}

void __noreturn sparsemm_finish(enum verdict v)
{
	cli();
	printk(KERN_EMERG "sparsemm: verdict: %s\n", verdict_names[v]);
	fbstatus_verdict(verdict_names[v], v == VERDICT_PASS);
	/* The suite table and the verdict, large, over the log; a crash
	 * keeps its oops on screen instead. */
	if (v != VERDICT_CRASH)
		fbclosing_draw(verdict_names[v], v == VERDICT_PASS);
	report_store(v); /* persist=: for the next boot, before any exit */
	if (boot.is_qemu)
		outb(DEBUG_EXIT_PORT, (u8)(DEBUG_EXIT_PASS + v));
	/* Without isa-debug-exit (or on a PC) fall through to on_done=. */
	switch (boot.cfg.on_done) {
	case ON_DONE_REBOOT:
		printk(KERN_EMERG "sparsemm: rebooting\n");
		reset_system(EfiResetCold);
		break;
	case ON_DONE_SHUTDOWN:
	case ON_DONE_EXIT:
		if (boot.boot_services_exited ||
		    boot.cfg.on_done == ON_DONE_SHUTDOWN) {
			printk(KERN_EMERG "sparsemm: powering off\n");
			reset_system(EfiResetShutdown);
		}
		break;
	case ON_DONE_HALT:
		break;
	}
	printk(KERN_EMERG
	       "sparsemm: halted; the verdict is %s. Power off the machine.\n",
	       verdict_names[v]);
	halt_forever();
}
