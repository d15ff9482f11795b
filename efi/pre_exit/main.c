// SPDX-License-Identifier: MIT
/*
 * efi_main: the part of the run that uses boot services (docs/architecture.md,
 * boot steps 1-3).  It brings up the consoles, reads the configuration,
 * collects what will be gone after ExitBootServices, allocates what the
 * rest of the run keeps (its own stack, the map buffer, the low page for AP
 * start-up), leaves the firmware, and continues in post_exit_main on its
 * own stack.  It returns to the firmware only if ExitBootServices cannot be
 * done, with the reason printed.
 */
#include "boot.h"
#include "cpu.h"
#include "efi_main.h"
#include "efi_memmap.h"
#include "suites/fwcheck.h"
#include "post_exit/paging.h"
#include "report.h"

#include <lib/ktap.h>
#include <lib/printk.h>
#include <mm/fw_map.h>
#include <mm/setup.h>

#define SPARSEMM_VERSION "0.1"
#define OWN_STACK_SIZE (256 * 1024)

struct boot_info boot;

static EFI_STATUS alloc_pages(EFI_ALLOCATE_TYPE how, u64 pages,
			      EFI_PHYSICAL_ADDRESS *addr)
{
	return uefi_call_wrapper(BS->AllocatePages, 4, how, EfiLoaderData,
				 pages, addr);
}

/*
 * The work area for turning the map into memblock after ExitBootServices
 * (no allocation is possible then): room for as many entries as the map
 * buffer can hold, and the page-table pool sized from the map's extent.
 */
static EFI_STATUS allocate_map_work(void)
{
	EFI_PHYSICAL_ADDRESS addr;
	u64 top = 0;
	EFI_STATUS st;
	int err;
	u32 n;

	st = efi_memmap_fetch();
	if (EFI_ERROR(st))
		return st;
	n = (u32)(boot.map_buf_size / boot.desc_size);
	for (u32 i = 0; i < efi_memmap_count(); i++) {
		struct efi_md_info md = efi_memmap_entry(i);

		top = MAX(top, md.phys_addr + md.num_pages * EFI_PAGE_SIZE);
	}
	boot.work_entries = n;
	boot.work_size = ALIGN_UP(n * sizeof(struct fw_map_entry), 8) +
			 MM_MAP_WORK_BYTES(n);
	st = alloc_pages(AllocateAnyPages, EFI_SIZE_TO_PAGES(boot.work_size),
			 &addr);
	if (EFI_ERROR(st)) {
		pr_err("sparsemm: cannot allocate %llu KiB for the map work area\n",
		       (unsigned long long)boot.work_size / 1024);
		return st;
	}
	boot.work = (void *)(UINTN)addr;
	boot.work_size = EFI_SIZE_TO_PAGES(boot.work_size) * EFI_PAGE_SIZE;
	err = paging_reserve_pool(top, n);
	return err == -EINVAL ? EFI_UNSUPPORTED :
	       err	      ? EFI_OUT_OF_RESOURCES :
				EFI_SUCCESS;
}

/*
 * The AP start-up page: below 640 KiB, and not in a memmap=nn$ss range
 * (the BSP writes the trampoline through the direct map, which covers
 * only what the user left as RAM).  Pages that fall in such a range are
 * held while the next is tried, then given back.
 */
static phys_addr_t alloc_low_page(void)
{
	EFI_PHYSICAL_ADDRESS rejected[8], addr = 0;
	unsigned int nr_rejected = 0;

	for (;;) {
		addr = LOW_PAGE_LIMIT - 1;
		if (EFI_ERROR(alloc_pages(AllocateMaxAddress, 1, &addr))) {
			addr = 0;
			break;
		}
		if (!config_user_removed(&boot.cfg, addr, EFI_PAGE_SIZE))
			break;
		if (nr_rejected == ARRAY_SIZE(rejected)) {
			uefi_call_wrapper(BS->FreePages, 2, addr, 1);
			addr = 0;
			break;
		}
		rejected[nr_rejected++] = addr;
	}
	while (nr_rejected)
		uefi_call_wrapper(BS->FreePages, 2, rejected[--nr_rejected], 1);
	return addr;
}

/*
 * A run that cannot be made is refused before ExitBootServices with a FAIL
 * verdict (and a one-result KTAP document saying why), not by returning to
 * a firmware that may then sit in its boot menu.
 */
static void __noreturn refuse_run(const char *why)
{
	struct ktap_suite top;

	ktap_begin(&top, "sparsemm", 0, 1);
	ktap_result(&top, KTAP_NOT_OK, "setup", why);
	sparsemm_finish(VERDICT_FAIL);
}

/*
 * mem= and memmap= that leave too little RAM for the run are refused here,
 * with boot services still up, rather than after ExitBootServices with
 * nowhere to go.  The measure is the firmware's RAM types (what becomes
 * e820 RAM) minus what the edits remove.
 */
#define MIN_RUN_RAM (16ULL << 20) /* config.c's floor for mem= */

static EFI_STATUS check_user_edits(void)
{
	u64 ram = 0, removed = 0;

	if (!boot.cfg.mem_limit && !boot.cfg.nr_memmap)
		return EFI_SUCCESS;
	for (u32 i = 0; i < efi_memmap_count(); i++) {
		struct efi_md_info md = efi_memmap_entry(i);
		u64 size = md.num_pages * EFI_PAGE_SIZE;

		if (!fw_mem_type_is_ram(fw_mem_type_from_efi(md.type, md.attr)))
			continue;
		ram += size;
		removed += config_user_removed(&boot.cfg, md.phys_addr, size);
	}
	if (ram - removed >= MIN_RUN_RAM)
		return EFI_SUCCESS;
	pr_err("sparsemm: mem=/memmap= leave %llu KiB of the machine's %llu MiB of RAM; the run needs at least %llu MiB: not starting\n",
	       (unsigned long long)(ram - removed) >> 10,
	       (unsigned long long)ram >> 20,
	       (unsigned long long)MIN_RUN_RAM >> 20);
	return EFI_INVALID_PARAMETER;
}

static EFI_STATUS allocate_run_memory(void)
{
	EFI_PHYSICAL_ADDRESS addr;
	EFI_STATUS st;

	st = alloc_pages(AllocateAnyPages, EFI_SIZE_TO_PAGES(OWN_STACK_SIZE),
			 &addr);
	if (EFI_ERROR(st)) {
		pr_err("sparsemm: cannot allocate a %u KiB stack (status %#llx)\n",
		       OWN_STACK_SIZE / 1024, (unsigned long long)st);
		return st;
	}
	boot.stack_base = addr;
	boot.stack_size = OWN_STACK_SIZE;

	boot.low_page = alloc_low_page();
	if (!boot.low_page)
		pr_warn("sparsemm: no free page below 640 KiB for AP start-up; one is taken from boot-services memory after ExitBootServices\n");
	st = efi_memmap_alloc();
	if (EFI_ERROR(st))
		return st;
	return allocate_map_work();
}

/* Returning to the firmware before ExitBootServices: the reason, already
 * in the log, must reach the serial console as well. */
static EFI_STATUS back_to_firmware(EFI_STATUS st)
{
	serial_select(); /* nothing when it has run */
	return st;
}

/*
 * The boot manager arms a 5-minute watchdog before starting an image (UEFI
 * 2.10 §3.1.2), some firmware a much shorter one; it resets the machine in
 * the middle of long work before ExitBootServices (fwcheck, the map file
 * on a slow stick).  ExitBootServices disarms it; until then sparsemm does,
 * first thing, as GRUB does.
 */
static void disarm_watchdog(void)
{
	EFI_STATUS st =
		uefi_call_wrapper(BS->SetWatchdogTimer, 4, 0, 0, 0, NULL);

	if (EFI_ERROR(st))
		pr_warn("efi: SetWatchdogTimer(0) failed (status %#llx): the firmware watchdog may reset the machine before ExitBootServices\n",
			(unsigned long long)st);
	else
		pr_info("efi: firmware watchdog disarmed (SetWatchdogTimer(0))\n");
}

/* Called by gnu-efi's crt0 with the SysV convention, hence no EFIAPI. */
EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	EFI_GUID lip_guid = LOADED_IMAGE_PROTOCOL;
	EFI_LOADED_IMAGE *li = NULL;
	u64 replay_from;
	EFI_STATUS st;

	InitializeLib(image, systab);
	fw_console_register();
	pr_info("sparsemm " SPARSEMM_VERSION
		": Linux's physical memory model on this machine's memory\n");
	disarm_watchdog();
	uefi_call_wrapper(BS->HandleProtocol, 3, image, &lip_guid,
			  (void **)&li);
	if (!li) {
		pr_err("sparsemm: no loaded-image protocol; cannot find the boot volume\n");
		return back_to_firmware(EFI_LOAD_ERROR);
	}
	boot.image_base = (phys_addr_t)(UINTN)li->ImageBase;
	boot.image_size = li->ImageSize;
	report_export(li); /* an earlier run's report, before anything */
	config_load(li);
	config_print(&boot.cfg);
	if (boot.cfg.fatal) {
		pr_err("sparsemm: the configuration makes the run meaningless (see above); not starting\n");
		return back_to_firmware(EFI_INVALID_PARAMETER);
	}
	identity_collect();
	gop_collect();
	pr_info("sparsemm: image at %#llx (%llu KiB)\n",
		(unsigned long long)boot.image_base,
		(unsigned long long)boot.image_size / 1024);
	st = allocate_run_memory();
	if (EFI_ERROR(st))
		return back_to_firmware(st);
	/* The serial console: console=, SPCR, ConOut, COM1 (lib/uart.h). */
	serial_select();
	if (EFI_ERROR(check_user_edits()))
		refuse_run("mem=/memmap= leave too little RAM");
	fwcheck_run();
	/* File writes change the map: before ExitBootServices' final fetch. */
	report_map_file_write(li);

	pr_info("sparsemm: leaving the firmware (ExitBootServices); the firmware console stops here, output continues on %s\n",
		serial_where());
	/* From the first ExitBootServices attempt on, ConOut is off limits. */
	fw_console_unregister();
	replay_from = log_buf_written();
	st = efi_exit_boot_services(image);
	if (EFI_ERROR(st)) {
		/* Boot services may be partly shut down: only the log and
		 * the UART are safe to use now. */
		serial_after_firmware(replay_from);
		sparsemm_finish(VERDICT_FAIL);
	}
	cli();
	serial_after_firmware(replay_from);
	call_on_stack(post_exit_main, NULL,
		      (void *)(UINTN)(boot.stack_base + boot.stack_size));
}
