/* SPDX-License-Identifier: MIT */
/*
 * The ACPI SPCR table (Serial Port Console Redirection, Microsoft's spec,
 * revisions 1-4): where the firmware's serial console is.  Parsed into a
 * struct uart_desc (lib/uart.h) as Linux's drivers/acpi/spcr.c does for
 * the 16550 kinds; every other interface (PL011, SBSA, ...) is reported
 * and not used.  Caller: efi/pre_exit/serial_select.c; tests/unit.
 */
#ifndef LIB_ACPI_SPCR_H
#define LIB_ACPI_SPCR_H

#include <lib/acpi.h>
#include <lib/uart.h>

#define ACPI_SIG_SPCR "SPCR"

/* ACPI Generic Address Structure (ACPI 6.5 section 5.2.3.2). */
struct acpi_generic_address {
	u8 space_id; /* ACPI_ADR_SPACE_* */
	u8 bit_width;
	u8 bit_offset;
	u8 access_width; /* 0 legacy, 1 byte, 2 word, 3 dword, 4 qword */
	u64 address;
} __attribute__((packed));

#define ACPI_ADR_SPACE_SYSTEM_MEMORY 0
#define ACPI_ADR_SPACE_SYSTEM_IO 1

struct acpi_table_spcr {
	struct acpi_table_header header;
	u8 interface_type; /* DBG2 serial port subtype */
	u8 reserved[3];
	struct acpi_generic_address serial_port;
	u8 interrupt_type;
	u8 pc_interrupt;
	u32 interrupt;
	u8 baud_rate; /* 0 as is, 3 9600, 4 19200, 6 57600, 7 115200 */
	u8 parity;
	u8 stop_bits;
	u8 flow_control;
	u8 terminal_type;
	u8 language;
	u16 pci_device_id;
	u16 pci_vendor_id;
	u8 pci_bus;
	u8 pci_device;
	u8 pci_function;
	u32 pci_flags;
	u8 pci_segment;
	u32 uart_clk_freq; /* revision 3+: 0 = not given */
} __attribute__((packed));

BUILD_BUG_ON(sizeof(struct acpi_generic_address) != 12);
BUILD_BUG_ON(sizeof(struct acpi_table_spcr) != 80);

/* Interface types sparsemm drives (DBG2 serial subtypes). */
#define ACPI_DBG2_16550_COMPATIBLE 0x00
#define ACPI_DBG2_16550_SUBSET 0x01
#define ACPI_DBG2_16550_WITH_GAS 0x12

/*
 * Decode an SPCR of len bytes into *d (source UART_SRC_SPCR).  Prints
 * Linux's line "ACPI: SPCR: console: uart,io,0x2f8,115200" on success.
 * Returns 0; -EINVAL for a table too short or a register block that is
 * neither I/O nor memory, or at address 0; -EOPNOTSUPP for a UART that is
 * not a 16550 (each with a message naming the type).
 */
int acpi_spcr_parse(const struct acpi_table_header *spcr, size_t len,
		    struct uart_desc *d);

#endif
