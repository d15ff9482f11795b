// SPDX-License-Identifier: MIT
/*
 * The SPCR table into a UART description (include/lib/acpi_spcr.h).  As
 * Linux: the 16550 kinds only; the register width comes from the access
 * width (or the bit width for "legacy"), memory registers of 32 bits mean
 * mmio32, and the baud code maps to a rate or to "as the firmware left it".
 */
#include <lib/acpi_spcr.h>
#include <lib/printk.h>

#define pr_spcr(level, fmt, ...) printk(level "ACPI: SPCR: " fmt, ##__VA_ARGS__)

static u32 spcr_baud(u8 code)
{
	switch (code) {
	case 3:
		return 9600;
	case 4:
		return 19200;
	case 6:
		return 57600;
	case 7:
		return 115200;
	default:
		return UART_BAUD_KEEP; /* 0: preconfigured; others unknown */
	}
}

/* Register width in bits from the GAS: access width, else bit width. */
static unsigned int gas_width(const struct acpi_generic_address *gas)
{
	if (gas->access_width >= 1 && gas->access_width <= 4)
		return 8u << (gas->access_width - 1);
	return gas->bit_width;
}

int acpi_spcr_parse(const struct acpi_table_header *spcr, size_t len,
		    struct uart_desc *d)
{
	const struct acpi_table_spcr *t = (const void *)spcr;
	const struct acpi_generic_address *gas = &t->serial_port;
	char desc[64];

	if (len < offsetof(struct acpi_table_spcr, pci_device_id) ||
	    spcr->length > len) {
		pr_spcr(KERN_ERR, "table of %zu bytes is too short: not used\n",
			len);
		return -EINVAL;
	}
	if (t->interface_type != ACPI_DBG2_16550_COMPATIBLE &&
	    t->interface_type != ACPI_DBG2_16550_SUBSET &&
	    t->interface_type != ACPI_DBG2_16550_WITH_GAS) {
		pr_spcr(KERN_WARNING,
			"interface type %#x is not a 16550: not used (sparsemm drives 16550-compatible UARTs only)\n",
			t->interface_type);
		return -EOPNOTSUPP;
	}
	if (!gas->address) {
		pr_spcr(KERN_ERR, "the serial port's address is 0: not used\n");
		return -EINVAL;
	}
	*d = (struct uart_desc){ .base = gas->address,
				 .legacy_index = -1,
				 .baud = spcr_baud(t->baud_rate),
				 .source = UART_SRC_SPCR };
	if (gas->space_id == ACPI_ADR_SPACE_SYSTEM_IO) {
		d->iotype = UART_IO;
		for (unsigned int i = 0; i < UART_LEGACY_PORTS; i++)
			if (uart_legacy_port(i) == gas->address)
				d->legacy_index = (int)i;
	} else if (gas->space_id == ACPI_ADR_SPACE_SYSTEM_MEMORY) {
		unsigned int w = gas_width(gas);

		d->iotype = w == 32 ? UART_MMIO32 :
			    w == 16 ? UART_MMIO16 :
				      UART_MMIO;
		if (w != 8 && w != 16 && w != 32)
			pr_spcr(KERN_WARNING,
				"unexpected access width %u: using byte access\n",
				w);
	} else {
		pr_spcr(KERN_ERR,
			"the serial port is in address space %u, neither memory nor I/O: not used\n",
			gas->space_id);
		return -EINVAL;
	}
	if (spcr->revision >= 3 && len >= sizeof(*t) && t->uart_clk_freq)
		d->clock_hz = t->uart_clk_freq;
	uart_format(d, desc, sizeof(desc));
	pr_spcr(KERN_INFO, "console: %s\n", desc);
	return 0;
}
