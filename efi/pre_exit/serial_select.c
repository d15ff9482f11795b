// SPDX-License-Identifier: MIT
/*
 * Choosing the serial console before ExitBootServices, in Linux's order
 * (lib/uart.h): console= from the configuration, then the ACPI SPCR
 * table, then the UART that ConOut's device path names, then COM1 if a
 * UART answers there.  A chosen port that does not answer the probe is
 * reported and not used: no fall-back to a port the user or the firmware
 * did not name (it may be something else).
 *
 * Where the firmware console already reaches the chosen UART (OVMF, BMC
 * console redirection), sparsemm starts writing it only after
 * ExitBootServices, replaying what the firmware console alone showed;
 * otherwise it starts now, replaying the whole log so far.
 *
 * Called by efi_main after config_load() and the map's first fetch (the
 * SPCR is read through the firmware's identity map, checked against the
 * map: acpi_efi_find_early), or earlier when it returns to the firmware
 * before those (so its reason reaches the serial console too).  Runs once;
 * the choice is left in boot.uart (paging.c maps an MMIO UART's page).
 */
#include "boot.h"
#include "efi_main.h"

#include <lib/acpi.h>
#include <lib/acpi_spcr.h>
#include <lib/printk.h>

static bool selected; /* serial_select() has run */
static bool started; /* registered as a console */
static bool firmware_carries; /* ConOut writes the same UART */

/* Does ConOut already write to the UART d?  OVMF, for one, writes to
 * every UART the machine has.  A UART node without a PNP0501 parent
 * (a PCI UART, say) is taken to be d when ConOut names no other. */
static bool conout_reaches(const struct uart_desc *list, unsigned int n,
			   unsigned int unnamed, const struct uart_desc *d)
{
	for (unsigned int i = 0; i < n; i++)
		if (list[i].iotype == d->iotype && list[i].base == d->base)
			return true;
	return n == 0 && unnamed > 0;
}

static void spcr_read(struct uart_desc *spcr)
{
	u32 len;
	const struct acpi_table_header *t =
		acpi_efi_find_early(ACPI_SIG_SPCR, &len);

	spcr->source = UART_SRC_NONE;
	if (t && acpi_spcr_parse(t, len, spcr))
		spcr->source = UART_SRC_NONE;
}

void serial_select(void)
{
	struct uart_desc spcr, conout[UART_LEGACY_PORTS], d;
	const struct uart_desc *chosen;
	unsigned int unnamed;
	unsigned int n = fw_console_uarts(conout, ARRAY_SIZE(conout), &unnamed);
	char where[48];

	if (selected)
		return;
	selected = true;
	spcr_read(&spcr);
	if (!n)
		conout[0].source = UART_SRC_NONE;
	chosen = uart_choose(&boot.cfg.console, &spcr, &conout[0]);
	if (chosen)
		d = *chosen;
	else
		uart_desc_legacy(&d, 0, 115200, UART_SRC_PROBE);
	uart_format(&d, where, sizeof(where));
	if (!serial_init(&d)) {
		if (d.source == UART_SRC_PROBE)
			pr_info("serial: no UART answers at COM1 (%s); no serial console\n",
				where);
		else
			pr_warn("serial: no UART answers at %s (from %s); no serial console\n",
				where, uart_source_name(d.source));
		return;
	}
	boot.uart = d;
	boot.uart_present = true;
	firmware_carries = conout_reaches(conout, n, unnamed, &d);
	pr_info("serial: console %s at %s (from %s)%s\n", serial_where(), where,
		uart_source_name(d.source),
		firmware_carries ?
			", written by the firmware console until ExitBootServices" :
			"");
	if (!firmware_carries) {
		serial_console_register(0);
		started = true;
	}
}

void serial_after_firmware(u64 replay_from)
{
	if (started || !boot.uart_present)
		return;
	/* Re-program it: the firmware's driver is gone, its settings stay. */
	if (serial_init(&boot.uart))
		serial_console_register(replay_from);
	started = true;
}

const char *serial_where(void)
{
	static char name[8] = "uart";

	if (!boot.uart_present)
		return "no serial port";
	if (boot.uart.legacy_index >= 0)
		scnprintf(name, sizeof(name), "ttyS%d", boot.uart.legacy_index);
	return name;
}
