// SPDX-License-Identifier: MIT
/*
 * Facts about the machine gathered before ExitBootServices: firmware vendor
 * and revision, the ACPI RSDP, SMBIOS identity (system vendor and product,
 * BIOS version), the DIMMs (SMBIOS types 17, 19, 20, lib/smbios.c), whether
 * this is QEMU, and the TSC rate measured against the firmware's Stall().
 */
#include "boot.h"
#include "cpu.h"

#include <efi.h>
#include <efilib.h>
#include <lib/printk.h>
#include <lib/smbios.h>
#include <lib/string.h>

#define TSC_CALIBRATION_US 50000

static void ucs2_to_ascii(char *dst, size_t size, const CHAR16 *src)
{
	size_t i = 0;

	for (; src && src[i] && i + 1 < size; i++)
		dst[i] = src[i] < 0x7f ? (char)src[i] : '?';
	dst[i] = '\0';
}

static bool guid_eq(const EFI_GUID *a, const EFI_GUID *b)
{
	return !memcmp(a, b, sizeof(*a));
}

static void *config_table(EFI_GUID guid)
{
	for (UINTN i = 0; i < ST->NumberOfTableEntries; i++)
		if (guid_eq(&ST->ConfigurationTable[i].VendorGuid, &guid))
			return ST->ConfigurationTable[i].VendorTable;
	return NULL;
}

static void smbios_identity(void)
{
	EFI_GUID smbios3 = SMBIOS3_TABLE_GUID, smbios = SMBIOS_TABLE_GUID;
	const u8 *ep, *p, *end;
	u64 table;
	u32 len;

	if ((ep = config_table(smbios3))) {
		table = *(const u64 *)(ep + 0x10);
		len = *(const u32 *)(ep + 0x0c);
	} else if ((ep = config_table(smbios))) {
		table = *(const u32 *)(ep + 0x18);
		len = *(const u16 *)(ep + 0x16);
	} else {
		return;
	}
	p = (const u8 *)(UINTN)table;
	end = p + len;
	for (const u8 *h = smbios_next(p, len, NULL); h;
	     h = smbios_next(p, len, h)) {
		if (h[0] == 0 && h[1] > 5)
			smbios_string(h, end, h[5], boot.bios_version,
				      sizeof(boot.bios_version));
		if (h[0] == 1 && h[1] > 5) {
			smbios_string(h, end, h[4], boot.sys_vendor,
				      sizeof(boot.sys_vendor));
			smbios_string(h, end, h[5], boot.product,
				      sizeof(boot.product));
		}
	}
	/* The DIMMs, for naming memory errors after ExitBootServices. */
	smbios_mem_parse(p, len, &boot.dimms);
}

static bool hypervisor_is_qemu(void)
{
	u32 a, b, c, d;
	char sig[13];

	cpuid(1, 0, &a, &b, &c, &d);
	if (!(c & (1u << 31)))
		return false;
	cpuid(0x40000000, 0, &a, &b, &c, &d);
	memcpy(sig, &b, 4);
	memcpy(sig + 4, &c, 4);
	memcpy(sig + 8, &d, 4);
	sig[12] = '\0';
	return !strcmp(sig, "TCGTCGTCGTCG") || !strcmp(sig, "KVMKVMKVM");
}

static void calibrate_tsc(void)
{
	u64 t0 = rdtsc();

	uefi_call_wrapper(BS->Stall, 1, TSC_CALIBRATION_US);
	boot.tsc_hz = (rdtsc() - t0) * (1000000 / TSC_CALIBRATION_US);
}

void identity_collect(void)
{
	EFI_GUID acpi20 = ACPI_20_TABLE_GUID, acpi10 = ACPI_TABLE_GUID;
	void *rsdp = config_table(acpi20);

	if (!rsdp)
		rsdp = config_table(acpi10);
	boot.rsdp = (phys_addr_t)(UINTN)rsdp;
	boot.runtime_services = RT;
	boot.fw_revision = ST->FirmwareRevision;
	ucs2_to_ascii(boot.fw_vendor, sizeof(boot.fw_vendor),
		      ST->FirmwareVendor);
	smbios_identity();
	/* QEMU: the hypervisor says TCG or KVM and SMBIOS says QEMU. Only then
	 * is port 0xf4 (isa-debug-exit) ours to write. */
	boot.is_qemu = hypervisor_is_qemu() && !strcmp(boot.sys_vendor, "QEMU");
	calibrate_tsc();
	pr_info("efi: EFI v%u.%02u by %s\n", ST->Hdr.Revision >> 16,
		ST->Hdr.Revision & 0xffff, boot.fw_vendor);
	pr_info("DMI: %s %s, BIOS %s\n", boot.sys_vendor, boot.product,
		boot.bios_version);
	pr_info("tsc: %llu.%03llu MHz TSC (calibrated against Stall)%s\n",
		(unsigned long long)(boot.tsc_hz / 1000000),
		(unsigned long long)(boot.tsc_hz / 1000 % 1000),
		boot.is_qemu ? "; running under QEMU" : "");
}
