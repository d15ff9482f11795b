// SPDX-License-Identifier: MIT
/*
 * The firmware console (ConOut) as a printk console, for the time before
 * ExitBootServices.  It is detached before the first ExitBootServices
 * attempt: from then on the spec allows no boot service but memory
 * allocation, and ConOut is one.
 *
 * Whether ConOut already reaches a serial port matters for COM1: if the
 * firmware mirrors its console to a UART (OVMF does under QEMU), writing
 * COM1 ourselves as well would print everything twice.  The ConOut
 * variable's device paths tell: a UART messaging node means it does.
 */
#include "boot.h"

#include <efi.h>
#include <efilib.h>
#include <lib/printk.h>

#define DP_TYPE_MESSAGING 0x03
#define DP_SUBTYPE_UART 0x0e
#define DP_TYPE_END 0x7f

static void fw_console_write(struct console *con, const char *s, size_t n)
{
	CHAR16 buf[129];
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			buf[k++] = L'\r';
		buf[k++] = (CHAR16)(unsigned char)s[i];
		if (k >= 127 || i + 1 == n) {
			buf[k] = 0;
			uefi_call_wrapper(ST->ConOut->OutputString, 2,
					  ST->ConOut, buf);
			k = 0;
		}
	}
}

static struct console fw_console = { .name = "efi", .write = fw_console_write };

void fw_console_register(void)
{
	register_console(&fw_console);
}

void fw_console_unregister(void)
{
	unregister_console(&fw_console);
}

bool fw_console_has_serial(void)
{
	EFI_GUID global = EFI_GLOBAL_VARIABLE;
	u8 paths[1024];
	UINTN size = sizeof(paths);
	UINT32 attrs;
	EFI_STATUS st;
	UINTN off = 0;

	st = uefi_call_wrapper(RT->GetVariable, 5, L"ConOut", &global, &attrs,
			       &size, paths);
	if (EFI_ERROR(st))
		return false;
	/* Walk the device path nodes; multi-instance paths are separated by
	 * end-instance nodes (type 0x7f, subtype 0x01). */
	while (off + 4 <= size) {
		u8 type = paths[off], subtype = paths[off + 1];
		u16 len = (u16)(paths[off + 2] | (paths[off + 3] << 8));

		if (type == DP_TYPE_MESSAGING && subtype == DP_SUBTYPE_UART)
			return true;
		if (len < 4)
			break;
		off += len;
	}
	return false;
}
