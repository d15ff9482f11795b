/* SPDX-License-Identifier: MIT */
/*
 * What efi_main collects before ExitBootServices and hands to the rest of
 * the run.  After ExitBootServices this is the only source of firmware facts.
 */
#ifndef EFI_BOOT_H
#define EFI_BOOT_H

#include "fb.h"

#include <lib/config.h>
#include <lib/smbios.h>
#include <lib/types.h>
#include <lib/uart.h>

enum verdict { VERDICT_PASS, VERDICT_FAIL, VERDICT_CRASH };

/* The AP trampoline's page lies below this (real mode, below the EBDA). */
#define LOW_PAGE_LIMIT 0xa0000

struct boot_info {
	/* The firmware memory map as GetMemoryMap returned it. */
	void *map; /* buffer, identity-mapped */
	u64 map_size; /* bytes of descriptors */
	u64 map_buf_size; /* bytes of buffer (with the spare room) */
	u64 desc_size;
	u32 desc_version;
	u64 map_key;
	unsigned int ebs_attempts; /* ExitBootServices calls made */
	bool boot_services_exited;

	phys_addr_t image_base;
	u64 image_size;
	phys_addr_t stack_base; /* our own stack */
	u64 stack_size;
	phys_addr_t low_page; /* below 1 MiB, for AP start-up; 0 if none */
	void *work; /* map work area (raw entries + mm_map_setup) */
	u64 work_size;
	u32 work_entries; /* raw entries the work area holds */

	void *runtime_services; /* EFI_RUNTIME_SERVICES *, physical mode */
	phys_addr_t rsdp; /* ACPI RSDP, 0 if none */
	char fw_vendor[64]; /* ST->FirmwareVendor, ASCII */
	u32 fw_revision;
	char sys_vendor[64]; /* SMBIOS type 1 */
	char product[64];
	char bios_version[64]; /* SMBIOS type 0 */
	struct smbios_mem dimms; /* SMBIOS types 17, 19, 20 */
	bool is_qemu;
	u64 tsc_hz;
	struct fb_info fb; /* GOP framebuffer (fb.h); base 0: none */
	struct uart_desc uart; /* the serial console (serial_select.c) */
	bool uart_present; /* it answered the probe */

	struct sparsemm_config cfg;
};

extern struct boot_info boot;

/* finish.c: print the verdict and end the run per on_done=. */
void __noreturn sparsemm_finish(enum verdict v);

/* serial.c */
bool serial_init(const struct uart_desc *d); /* false: nothing answers */
void serial_console_register(u64 replay_from);

/* layout.c: name the region an address lies in, for fault reports. */
void describe_address(u64 addr, char *buf, size_t len);

/* post_exit.c: everything after ExitBootServices, on our own stack. */
void __noreturn post_exit_main(void *unused);
/* End the run as FAIL from a handler (a machine check): complete the
 * KTAP document (stress_abort), print the report, the verdict. */
void __noreturn post_exit_abort(const char *reason);

#endif
