// SPDX-License-Identifier: MIT
/*
 * The run after ExitBootServices (DESIGN.md, boot steps 4-7), on sparsemm's
 * own stack: descriptor tables, the firmware map, then the suites and the
 * verdict.  No boot service is called from here on.
 */
#include "boot.h"
#include "cpu.h"
#include "efi_memmap.h"

#include <lib/printk.h>

/* An address no page table maps: in the vmalloc range of the Linux layout,
 * which sparsemm leaves empty. */
#define SELFTEST_FAULT_ADDRESS 0xffffc90000001000ULL

int boot_suite_run(void);

static void __noreturn selftest_fault(void)
{
	volatile u64 *p = (volatile u64 *)SELFTEST_FAULT_ADDRESS;

	pr_info("sparsemm: selftest=fault: writing to %#llx, which nothing maps\n",
		SELFTEST_FAULT_ADDRESS);
	*p = 0x5a5a5a5a;
	pr_err("sparsemm: selftest=fault: the write did not fault\n");
	sparsemm_finish(VERDICT_FAIL);
}

void __noreturn post_exit_main(void *unused)
{
	int failed = 0;

	cpu_tables_init();
	pr_info("sparsemm: own stack at [%#llx-%#llx), own GDT and IDT loaded\n",
		(unsigned long long)boot.stack_base,
		(unsigned long long)(boot.stack_base + boot.stack_size));
	efi_memmap_print();
	failed += boot_suite_run();
	if (boot.cfg.selftest == SELFTEST_FAULT)
		selftest_fault();
	sparsemm_finish(failed ? VERDICT_FAIL : VERDICT_PASS);
}
