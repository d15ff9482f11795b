// SPDX-License-Identifier: MIT
/*
 * The firmware console (ConOut) as a printk console, for the time before
 * ExitBootServices.  It is detached before the first ExitBootServices
 * attempt: from then on the spec allows no boot service but memory
 * allocation, and ConOut is one.
 *
 * Whether ConOut already reaches a serial port matters for the serial
 * console: if the firmware mirrors its console to the UART sparsemm
 * writes (OVMF does under QEMU), writing it ourselves as well would print
 * everything twice.  The ConOut variable's device paths tell: a UART
 * messaging node means it does, and the ACPI PNP0501 node above it names
 * the port by its UID (edk2: 0 = COM1 ... 3 = COM4), which is also the
 * third source of the console UART (lib/uart.h).
 */
#include "boot.h"
#include "efi_main.h"

#include <efi.h>
#include <efilib.h>
#include <lib/printk.h>

#define DP_TYPE_ACPI 0x02
#define DP_SUBTYPE_ACPI 0x01
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

/* EISA_PNP_ID(0x0501): a 16550-compatible COM port in an ACPI node. */
#define PNP0501 (0x41d0u | (0x0501u << 16))

static u32 get_u32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

unsigned int fw_console_uarts(struct uart_desc *list, unsigned int max,
			      unsigned int *unnamed)
{
	EFI_GUID global = EFI_GLOBAL_VARIABLE;
	u8 paths[1024];
	UINTN size = sizeof(paths);
	UINT32 attrs;
	EFI_STATUS st;
	UINTN off = 0;
	s64 uid = -1; /* of the last PNP0501 node in this instance */
	unsigned int n = 0;

	*unnamed = 0;
	st = uefi_call_wrapper(RT->GetVariable, 5, L"ConOut", &global, &attrs,
			       &size, paths);
	if (EFI_ERROR(st))
		return 0;
	/* Walk the device path nodes; multi-instance paths are separated by
	 * end-instance nodes (type 0x7f, subtype 0x01). */
	while (off + 4 <= size) {
		const u8 *p = paths + off;
		u16 len = (u16)(p[2] | (p[3] << 8));

		if (len < 4 || off + len > size)
			break;
		if (p[0] == DP_TYPE_ACPI && p[1] == DP_SUBTYPE_ACPI &&
		    len >= 12 && get_u32(p + 4) == PNP0501)
			uid = get_u32(p + 8);
		if (p[0] == DP_TYPE_MESSAGING && p[1] == DP_SUBTYPE_UART) {
			/* UART_DEVICE_PATH: reserved u32, BaudRate u64, ... */
			u32 baud = len >= 16 ? get_u32(p + 8) : 0;

			if (uid < 0 || uid >= UART_LEGACY_PORTS)
				(*unnamed)++;
			else if (n < max)
				uart_desc_legacy(&list[n++], (unsigned int)uid,
						 baud, UART_SRC_CONOUT);
		}
		if (p[0] == DP_TYPE_END)
			uid = -1;
		off += len;
	}
	return n;
}
