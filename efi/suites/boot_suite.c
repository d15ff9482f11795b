// SPDX-License-Identifier: MIT
/*
 * The "boot" suite: facts that must hold once sparsemm owns the machine.
 * The map was taken and is walkable, the ExitBootServices handshake
 * completed (with a retry when selftest=ebs_retry forced one), the code
 * runs on its own stack with its own descriptor tables, and the log and
 * serial console work.
 */
#include "boot.h"
#include "cpu.h"
#include "efi_memmap.h"

#include <lib/ktap.h>
#include <lib/printk.h>
#include <lib/string.h>

static bool check_memory_map(struct ktap_suite *s)
{
	u32 n = efi_memmap_count(), conventional = 0;

	if (boot.desc_version != EFI_MEMDESC_VERSION) {
		ktap_diag(s, "DescriptorVersion %u, expected %u",
			  boot.desc_version, EFI_MEMDESC_VERSION);
		return false;
	}
	if (boot.desc_size < EFI_MEMDESC_MIN_SIZE ||
	    boot.map_size % boot.desc_size) {
		ktap_diag(
			s,
			"map of %llu bytes does not divide into descriptors of %llu",
			(unsigned long long)boot.map_size,
			(unsigned long long)boot.desc_size);
		return false;
	}
	if (boot.map_size > boot.map_buf_size) {
		ktap_diag(s, "map (%llu bytes) larger than its buffer (%llu)",
			  (unsigned long long)boot.map_size,
			  (unsigned long long)boot.map_buf_size);
		return false;
	}
	for (u32 i = 0; i < n; i++)
		conventional += efi_memmap_entry(i).type == EFI_MT_CONVENTIONAL;
	ktap_diag(s, "%u descriptors of %llu bytes, %u conventional", n,
		  (unsigned long long)boot.desc_size, conventional);
	return n > 0 && conventional > 0;
}

static bool check_handshake(struct ktap_suite *s)
{
	unsigned int want = boot.cfg.selftest == SELFTEST_EBS_RETRY ? 2 : 1;

	ktap_diag(s, "ExitBootServices took %u attempt(s), key %#llx",
		  boot.ebs_attempts, (unsigned long long)boot.map_key);
	return boot.boot_services_exited && boot.ebs_attempts >= want &&
	       boot.ebs_attempts <= EBS_MAX_ATTEMPTS;
}

static bool check_own_stack(struct ktap_suite *s)
{
	u64 rsp = read_rsp();

	ktap_diag(s, "rsp %#llx, stack [%#llx-%#llx)", (unsigned long long)rsp,
		  (unsigned long long)boot.stack_base,
		  (unsigned long long)(boot.stack_base + boot.stack_size));
	return rsp > boot.stack_base && rsp < boot.stack_base + boot.stack_size;
}

static bool check_descriptor_tables(struct ktap_suite *s)
{
	struct desc_ptr idtr, gdtr;

	__asm__ volatile("sidt %0" : "=m"(idtr));
	__asm__ volatile("sgdt %0" : "=m"(gdtr));
	/* Our tables live inside the image. */
	return idtr.base >= boot.image_base &&
	       idtr.base < boot.image_base + boot.image_size &&
	       gdtr.base >= boot.image_base &&
	       gdtr.base < boot.image_base + boot.image_size &&
	       idtr.limit == 256 * 16 - 1;
}

/* What printk stores must read back byte for byte from the ring. */
static bool check_log(struct ktap_suite *s)
{
	static const char probe[] = "sparsemm: log probe\n";
	char back[sizeof(probe)] = { 0 };
	u64 at = log_buf_written();

	pr_info("%s", probe);
	if (log_buf_written() - at != sizeof(probe) - 1 ||
	    log_buf_read(at, back, sizeof(probe) - 1) != sizeof(probe) - 1) {
		ktap_diag(s, "log grew by %llu bytes for a %zu-byte message",
			  (unsigned long long)(log_buf_written() - at),
			  sizeof(probe) - 1);
		return false;
	}
	return !memcmp(back, probe, sizeof(probe) - 1);
}

/* Runs as a subtest at depth 1; returns true when every case passed. */
bool boot_suite_run(void)
{
	static const struct {
		const char *name;
		bool (*check)(struct ktap_suite *s);
	} cases[] = {
		{ "memory_map_taken", check_memory_map },
		{ "exit_boot_services_handshake", check_handshake },
		{ "own_stack", check_own_stack },
		{ "own_descriptor_tables", check_descriptor_tables },
		{ "log_buffer", check_log },
	};
	struct ktap_suite s;

	ktap_begin(&s, "boot", 1, ARRAY_SIZE(cases));
	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++)
		ktap_result(&s, cases[i].check(&s) ? KTAP_OK : KTAP_NOT_OK,
			    cases[i].name, NULL);
	return ktap_suite_ok(&s);
}
