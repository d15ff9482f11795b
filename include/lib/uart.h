/* SPDX-License-Identifier: MIT */
/*
 * The serial console's UART: where it is (a descriptor any of the sources
 * can produce), which source wins, and a polled 8250/16550 driver over
 * register accessors the platform supplies.
 *
 * Sources, in Linux's order of precedence (docs/config.md, docs/pc.md):
 *   1. console= (config words), Linux's console=/earlycon syntax:
 *      ttyS0..ttyS3[,baud[pbits]]  legacy COM1..COM4 (0x3f8 0x2f8 0x3e8 0x2e8)
 *      uart[8250],io,ADDR[,opts]   a 16550 at an I/O port
 *      uart[8250],mmio,ADDR[,opts] byte registers in memory
 *      uart[8250],mmio16,ADDR / mmio32,ADDR  16/32-bit registers, stride
 *                                  2 / 4 bytes (mmio32be is not supported)
 *   2. the ACPI SPCR table (lib/acpi_spcr.c)
 *   3. the UART node in the firmware's ConOut device path (its ACPI
 *      PNP0501 UID: 0 -> COM1 ... 3 -> COM4, edk2's numbering)
 *   4. COM1, if a UART answers the probe there
 *
 * The driver never waits without bound: a character whose transmitter does
 * not become ready within UART_TX_SPIN_LIMIT status reads is counted as
 * failed, and after UART_DEAD_AFTER failed characters in a row the port is
 * dead: every later write returns at once.  Invariant: a dead port is
 * never touched again.
 *
 * Callers: lib/config.c (console=), lib/acpi_spcr.c, efi/pre_exit/
 * serial_select.c (the choice), efi/post_exit/serial.c (the console).
 */
#ifndef LIB_UART_H
#define LIB_UART_H

#include <lib/types.h>

/* Linux's UPIO_* register access kinds. */
enum uart_iotype {
	UART_IO, /* I/O ports, byte registers, stride 1 */
	UART_MMIO, /* memory, byte registers */
	UART_MMIO16, /* memory, 16-bit registers, stride 2 */
	UART_MMIO32, /* memory, 32-bit registers, stride 4 */
};

/* Where the description came from, for messages. */
enum uart_source {
	UART_SRC_NONE,
	UART_SRC_CONSOLE, /* console= */
	UART_SRC_SPCR, /* ACPI SPCR */
	UART_SRC_CONOUT, /* ConOut's device path */
	UART_SRC_PROBE, /* COM1 by probe */
};

#define UART_BAUD_KEEP 0 /* leave the firmware's line settings */
#define UART_LEGACY_PORTS 4

struct uart_desc {
	enum uart_iotype iotype;
	u64 base; /* I/O port or physical address */
	u32 baud; /* UART_BAUD_KEEP: as the firmware left it */
	u32 clock_hz; /* input clock; 0: the PC's 1.8432 MHz */
	int legacy_index; /* 0..3 for COM1..COM4 at its port, else -1 */
	enum uart_source source;
};

/* The I/O port of legacy COM(index + 1). */
u16 uart_legacy_port(unsigned int index);

/* Describe COM(index + 1) at its legacy port, 'baud' as given. */
void uart_desc_legacy(struct uart_desc *d, unsigned int index, u32 baud,
		      enum uart_source source);

/* Register stride in bytes: 1, 2 or 4. */
unsigned int uart_reg_stride(const struct uart_desc *d);

/*
 * Parse a console= value.  Returns 0 with *d filled for a UART; 1 for a
 * screen console (tty0 .. tty63: sparsemm always has the screen when there
 * is one, so nothing to select); -EINVAL for anything else, e.g. "ttyS4",
 * "ttyUSB0", "uart,io" without an address, "uart,mmio32be,..." or a bad
 * baud rate.  Options after the baud ("n8", "115200n8r") are accepted as
 * Linux does; sparsemm always programs 8N1.
 */
int uart_parse_console(const char *value, struct uart_desc *d);

/* Linux's earlycon spelling of d: "uart,io,0x2f8,115200" or
 * "uart,mmio32,0xfe032000" (no baud: as the firmware left it). */
void uart_format(const struct uart_desc *d, char *buf, size_t len);
const char *uart_source_name(enum uart_source source);

/*
 * The precedence above, without the probe: the first of console=, SPCR and
 * ConOut that is given (source != UART_SRC_NONE).  Returns NULL when none
 * is; the caller then probes COM1.
 */
const struct uart_desc *uart_choose(const struct uart_desc *console,
				    const struct uart_desc *spcr,
				    const struct uart_desc *conout);

/* ---- the polled 8250 driver -------------------------------------------- */

#define UART_TX_SPIN_LIMIT 100000 /* status reads per character */
#define UART_DEAD_AFTER 8 /* failed characters in a row */

struct uart8250 {
	struct uart_desc desc;
	/* Register 'reg' (0..7) of the port; the platform adds the stride
	 * and does the I/O or memory access of the right width. */
	u8 (*read)(struct uart8250 *u, unsigned int reg);
	void (*write)(struct uart8250 *u, unsigned int reg, u8 value);
	void *priv; /* the platform's (a mapped address) */
	unsigned int failed_in_row; /* characters that timed out */
	unsigned long chars_failed; /* in total */
	bool dead;
};

/* True when a 16550 answers: the scratch register keeps two patterns. */
bool uart8250_probe(struct uart8250 *u);

/* Program 8N1 at desc.baud (unless UART_BAUD_KEEP; divisor = clock /
 * (16 * baud)), FIFOs on, no interrupts, DTR and RTS. */
void uart8250_init(struct uart8250 *u);

/*
 * Send n bytes, '\n' as "\r\n".  Returns false when the port is dead
 * (already, or it died during this write): the caller says so once on the
 * other consoles and stops using it.
 */
bool uart8250_write(struct uart8250 *u, const char *s, size_t n);

#endif
