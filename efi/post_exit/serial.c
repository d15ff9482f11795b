// SPDX-License-Identifier: MIT
/*
 * The serial console: the UART efi/pre_exit/serial_select.c chose (boot.uart),
 * driven by lib/uart.c's polled 8250 driver through I/O-port or MMIO
 * register accessors.  MMIO registers are reached at their physical
 * address: the firmware's page tables identity-map them before
 * ExitBootServices, sparsemm's own map the page uncached (paging.c).
 *
 * A port that stops draining is declared dead by the driver after a
 * bounded number of characters; the console then unregisters itself and
 * says so once on the other consoles (screen, the log), and the run goes
 * on.  Nothing here waits without bound.
 */
#include "boot.h"
#include "cpu.h"

#include <lib/printk.h>
#include <lib/uart.h>

static struct uart8250 port;
static bool serial_present;

static u8 io_read(struct uart8250 *u, unsigned int reg)
{
	return inb((u16)(u->desc.base + reg));
}

static void io_write(struct uart8250 *u, unsigned int reg, u8 v)
{
	outb((u16)(u->desc.base + reg), v);
}

static u8 mmio_read(struct uart8250 *u, unsigned int reg)
{
	uintptr_t a = (uintptr_t)u->desc.base + reg * uart_reg_stride(&u->desc);

	switch (u->desc.iotype) {
	case UART_MMIO32:
		return (u8) * (volatile u32 *)a;
	case UART_MMIO16:
		return (u8) * (volatile u16 *)a;
	default:
		return *(volatile u8 *)a;
	}
}

static void mmio_write(struct uart8250 *u, unsigned int reg, u8 v)
{
	uintptr_t a = (uintptr_t)u->desc.base + reg * uart_reg_stride(&u->desc);

	switch (u->desc.iotype) {
	case UART_MMIO32:
		*(volatile u32 *)a = v;
		break;
	case UART_MMIO16:
		*(volatile u16 *)a = v;
		break;
	default:
		*(volatile u8 *)a = v;
		break;
	}
}

bool serial_init(const struct uart_desc *d)
{
	port = (struct uart8250){ .desc = *d };
	if (d->iotype == UART_IO) {
		port.read = io_read;
		port.write = io_write;
	} else {
		port.read = mmio_read;
		port.write = mmio_write;
	}
	serial_present = uart8250_probe(&port);
	if (serial_present)
		uart8250_init(&port);
	return serial_present;
}

static struct console serial_console;

static void serial_write(struct console *con, const char *s, size_t n)
{
	char where[48];

	if (port.dead || uart8250_write(&port, s, n))
		return;
	/* Died just now: off the list first, so the notice below goes to
	 * the other consoles and the log only. */
	unregister_console(&serial_console);
	uart_format(&port.desc, where, sizeof(where));
	pr_err("serial: %s (%s) stopped draining: %u characters in a row timed out after %u status reads each; serial console off, the run goes on\n",
	       serial_console.name, where, port.failed_in_row,
	       UART_TX_SPIN_LIMIT);
}

static struct console serial_console = { .name = "ttyS0",
					 .write = serial_write };

/* Register the port as a console, first writing out what the log holds
 * from offset replay_from (what only the firmware console showed, or
 * nothing). */
void serial_console_register(u64 replay_from)
{
	static char name[8] = "ttyS0";
	char chunk[256];
	size_t n;

	if (!serial_present)
		return;
	if (port.desc.legacy_index >= 0)
		name[4] = (char)('0' + port.desc.legacy_index);
	else
		scnprintf(name, sizeof(name), "uart");
	serial_console.name = name;
	while ((n = log_buf_read(replay_from, chunk, sizeof(chunk))) > 0 &&
	       !port.dead) {
		serial_write(&serial_console, chunk, n);
		replay_from += n;
	}
	if (!port.dead)
		register_console(&serial_console);
}
