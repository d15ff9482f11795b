// SPDX-License-Identifier: MIT
/*
 * The run after ExitBootServices, on sparsemm's own stack: descriptor
 * tables and the screen console, then the run sequence (mm/run/run.c)
 * with this machine's hooks: sparsemm's own page tables and the ACPI
 * tables once the map is final, what it still uses kept out of memblock,
 * the framebuffer, log buffer and ACPI tables reserved, the APs started
 * before the allocator; the selftests; then the suites with the boot,
 * paging and fwcheck results first and the all-CPU and firmware-integrity
 * checks last, and the verdict.  No boot service is called from here on
 * (tools/layers checks it).
 */
#include "boot.h"
#include "cpu.h"
#include "efi_memmap.h"
#include "efi_runtime.h"
#include "hwevents.h"
#include "suites/fwcheck.h"
#include "paging.h"
#include "smp.h"

#include <arch/arch.h>
#include <lib/acpi.h>
#include <lib/ktap.h>
#include <lib/printk.h>
#include <lib/smbios.h>
#include <run/run.h>
#include <lib/status.h>
#include <mm/hotplug.h>
#include <mm/memblock.h>
#include <mm/mmzone.h>
#include <mm/numa.h>
#include <mm/setup.h>
#include <mm/sparse.h>
#include <stress/stress.h>

/* An address no page table maps: in the vmalloc range of the Linux layout,
 * which sparsemm leaves empty. */
#define SELFTEST_FAULT_ADDRESS 0xffffc90000001000ULL

bool boot_suite_run(void);
void fw_integrity_snapshot(void);
extern const struct stress_platform_check fw_integrity_check;

static struct mm_map_state map_state;

static void __noreturn selftest_fault(void)
{
	volatile u64 *p = (volatile u64 *)SELFTEST_FAULT_ADDRESS;

	pr_info("sparsemm: selftest=fault: writing to %#llx, which nothing maps\n",
		SELFTEST_FAULT_ADDRESS);
	*p = 0x5a5a5a5a;
	pr_err("sparsemm: selftest=fault: the write did not fault\n");
	sparsemm_finish(VERDICT_FAIL);
}

/* Touch the struct page of the first pfn in a section nothing populated:
 * the fault report must name the vmemmap and the section. */
static void selftest_vmemmap_hole(void)
{
	unsigned long nr;

	for (nr = 0; nr < NR_MEM_SECTIONS; nr++)
		if (!present_section_nr(nr))
			break;
	pr_info("sparsemm: selftest=vmemmap_hole: reading the struct page of pfn %#lx (section %lu, absent)\n",
		section_nr_to_pfn(nr), nr);
	(void)*(volatile unsigned long *)((struct page *)arch_vmemmap_base() +
					  section_nr_to_pfn(nr));
	pr_err("sparsemm: selftest=vmemmap_hole: the read did not fault\n");
	sparsemm_finish(VERDICT_FAIL);
}

/* The firmware's descriptors as neutral entries, at the start of the work
 * area; the rest of it is mm_map_setup()'s. */
static int map_input(struct mm_map_input *in)
{
	u32 n = efi_memmap_count();
	struct fw_map_entry *raw = boot.work;
	size_t raw_bytes = ALIGN_UP(n * sizeof(*raw), 8);

	if (n > boot.work_entries) {
		pr_err("sparsemm: map grew to %u descriptors after the work area was sized for %u\n",
		       n, boot.work_entries);
		return -ENOSPC;
	}
	for (u32 i = 0; i < n; i++) {
		struct efi_md_info md = efi_memmap_entry(i);

		fw_map_entry_from_efi(&raw[i], i, md.type, md.phys_addr,
				      md.num_pages, md.attr);
	}
	*in = (struct mm_map_input){
		.raw = raw,
		.nr_raw = n,
		.desc_size = boot.desc_size,
		.desc_version = boot.desc_version,
		.source = MEMMAP_SRC_EFI,
		.phys_bits = arch_phys_addr_bits(),
		.cfg = &boot.cfg,
		.work = (u8 *)boot.work + raw_bytes,
		.work_bytes = boot.work_size - raw_bytes,
	};
	return 0;
}

/* Everything sparsemm still uses from before ExitBootServices. */
static unsigned int in_use_ranges(struct mm_in_use *in_use)
{
	phys_addr_t pool;
	u64 pool_size;
	unsigned int n = 0;

	paging_pool_range(&pool, &pool_size);
	in_use[n++] =
		(struct mm_in_use){ boot.image_base, boot.image_size, "image" };
	in_use[n++] =
		(struct mm_in_use){ boot.stack_base, boot.stack_size, "stack" };
	in_use[n++] = (struct mm_in_use){ (phys_addr_t)boot.map,
					  boot.map_buf_size, "firmware map" };
	in_use[n++] = (struct mm_in_use){ (phys_addr_t)boot.work,
					  boot.work_size, "map work area" };
	in_use[n++] = (struct mm_in_use){ pool, pool_size, "page tables" };
	if (boot.low_page)
		in_use[n++] = (struct mm_in_use){ boot.low_page, PAGE_SIZE,
						  "AP start-up page" };
	return n;
}

/* The map is final: sparsemm's own page tables, then the ACPI tables
 * through them. */
static int map_ready(const struct mm_map_state *st, void *unused)
{
	int err = paging_init(&st->e820);

	if (err)
		return err;
	if (acpi_efi_init())
		pr_warn("sparsemm: no usable ACPI tables: one NUMA node, no SRAT checks\n");
	return 0;
}

static void grow_log_buffer(void);

static unsigned int bring_up_cpus(void *unused)
{
	return smp_init();
}

static const struct mm_cpus *boot_cpus(void *unused)
{
	return smp_boot_cpus();
}

/* memblock has the RAM: keep the ACPI tables (first: they may lie in RAM,
 * and the log buffer below is memblock's first allocation) and the
 * framebuffer, and give the log a larger buffer. */
static void memblock_ready(const struct mm_map_state *st, void *unused)
{
	acpi_efi_reserve();
	gop_reserve_framebuffer();
	grow_log_buffer();
	smbios_mem_print(&boot.dimms);
	clear_pages_calibrate_machine();
	/* Before the APs: each AP enables its own banks as it arrives. */
	mce_init_bsp();
}

/* The log outgrows its 32 KiB static ring within a run: move it to 1 MiB
 * from memblock (kept reserved), before the ring has wrapped, so the whole
 * log stays readable for the report and the stored copy. */
#define LOG_BUF_SIZE SZ_1M

static void grow_log_buffer(void)
{
	void *buf = memblock_alloc(LOG_BUF_SIZE, PAGE_SIZE);

	if (!buf) {
		pr_warn("sparsemm: no memory for a larger log buffer; keeping 32 KiB\n");
		return;
	}
	log_buf_set(buf, LOG_BUF_SIZE);
}

/* The runner's progress, drawn in the screen's status area: the memory
 * under test is what the buddy allocator manages. */
static void show_progress(const struct stress_progress *p, void *data)
{
	u64 managed = 0;
	struct zone *zone;

	for_each_populated_zone(zone)
		managed += zone_managed_pages(zone);
	status_update(p->suite, p->percent, (unsigned long)p->errors,
		      managed << PAGE_SHIFT);
}

/* This platform's own results, before the stress suites: boot, paging,
 * and what fwcheck=1 found before ExitBootServices. */
static void own_results(struct ktap_suite *top, const struct mm_map_state *st)
{
	ktap_result(top, boot_suite_run() ? KTAP_OK : KTAP_NOT_OK, "boot",
		    NULL);
	ktap_result(top, paging_suite_run(&st->e820) ? KTAP_OK : KTAP_NOT_OK,
		    "paging", NULL);
	fwcheck_emit(top);
	/* After the last runtime call before the suites (paging's GetTime):
	 * runtime images hold their writable data in RuntimeServicesCode too,
	 * so only what happens between here and the check may change it. */
	fw_integrity_snapshot();
}

/* The machine for the report, with its hardware events as of now. */
static struct report_hw hw;
static struct report_machine machine;

static void machine_refresh(void)
{
	hwevents_report(&hw);
	machine = (struct report_machine){
		boot.sys_vendor,	boot.product,	  boot.bios_version,
		boot.fw_vendor,		boot.fw_revision, &hw,
		efi_rt_disabled_reason,
	};
}

void __noreturn post_exit_abort(const char *reason)
{
	machine_refresh();
	if (!run_abort(reason))
		report_print(&(struct report_input){ .machine = &machine,
						     .verdict = "fail" });
	sparsemm_finish(VERDICT_FAIL);
}

/*
 * The suites (the run sequence's), with this platform's results first and
 * its checks last: the concurrent suites on all CPUs, firmware integrity,
 * then the machine-check verdict.  Then the report and the verdict.
 */
static void __noreturn suites_and_verdict(void)
{
	static struct stress_platform_check checks[3];
	const struct stress_platform_check *smp_checks;
	struct run_suites_input in = {
		.cfg = &boot.cfg,
		.st = &map_state,
		.machine = &machine,
		.nr_own_results = 2 + fwcheck_nr_results(),
		.own_results = own_results,
		.checks = checks,
		.progress = show_progress,
		.after_pass = mce_after_pass,
		.dimm_name = hw_dimm_name,
		.smp = smp_stress_cpus(),
		.before_report = machine_refresh,
	};

	machine_refresh();
	if (smp_stress_checks(&smp_checks))
		checks[in.nr_checks++] = *smp_checks;
	checks[in.nr_checks++] = fw_integrity_check;
	checks[in.nr_checks++] = machine_check_check;
	sparsemm_finish(run_suites(&in) ? VERDICT_PASS : VERDICT_FAIL);
}

void __noreturn post_exit_main(void *unused)
{
	struct mm_in_use in_use[6];
	struct run_hooks hooks = {
		.map_ready = map_ready,
		.in_use = in_use,
		.memblock_ready = memblock_ready,
		.bring_up_cpus = bring_up_cpus,
		.boot_cpus = boot_cpus,
	};
	struct mm_map_input in;
	int err;

	cpu_tables_init();
	fbcon_init();
	pr_info("sparsemm: own stack at [%#llx-%#llx), own GDT and IDT loaded\n",
		(unsigned long long)boot.stack_base,
		(unsigned long long)(boot.stack_base + boot.stack_size));
	efi_memmap_print();
	smp_low_page_after_exit(); /* before in_use_ranges() and paging */
	err = map_input(&in);
	if (!err) {
		hooks.nr_in_use = in_use_ranges(in_use);
		err = run_map_to_memblock(&in, &hooks, &map_state);
	}
	/* The APs come up before the allocator: their stacks are memblock's,
	 * and the per-CPU lists are set up for every CPU that came. */
	if (!err)
		err = run_memblock_to_allocator(&boot.cfg, &hooks);
	if (err)
		sparsemm_finish(VERDICT_FAIL);
	fbstatus_memory(&map_state.e820);
	if (boot.cfg.selftest == SELFTEST_AP_FAULT)
		smp_selftest_ap_fault();
	if (boot.cfg.selftest == SELFTEST_VMEMMAP_HOLE)
		selftest_vmemmap_hole();

	if (boot.cfg.selftest == SELFTEST_FAULT)
		selftest_fault();
	suites_and_verdict();
}
