// SPDX-License-Identifier: MIT
/*
 * COM1 as a polled 16550 at 115200 8N1: the console after ExitBootServices.
 * No interrupts, no FIFO assumptions beyond the standard registers; a
 * transmitter that never becomes ready is given up on after a bounded wait
 * so that a missing UART cannot hang the run.
 */
#include "boot.h"
#include "cpu.h"

#include <lib/printk.h>

#define COM1 0x3f8
#define UART_THR 0	/* transmit holding */
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_SCR 7	/* scratch */
#define UART_DLL 0
#define UART_DLM 1
#define LSR_THRE 0x20
#define LCR_DLAB 0x80
#define LCR_8N1 0x03
#define BAUD_DIVISOR 1	/* 115200 = 1843200 / 16 / 1 */
#define TX_SPIN_LIMIT 100000

static bool serial_present;

bool serial_init(void)
{
	/* A UART answers on its scratch register; a missing one reads 0xff. */
	outb(COM1 + UART_SCR, 0x5a);
	if (inb(COM1 + UART_SCR) != 0x5a)
		return false;
	outb(COM1 + UART_SCR, 0xa5);
	if (inb(COM1 + UART_SCR) != 0xa5)
		return false;
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, LCR_DLAB);
	outb(COM1 + UART_DLL, BAUD_DIVISOR);
	outb(COM1 + UART_DLM, 0);
	outb(COM1 + UART_LCR, LCR_8N1);
	outb(COM1 + UART_FCR, 0x07);	/* enable and clear FIFOs */
	outb(COM1 + UART_MCR, 0x03);	/* DTR, RTS */
	serial_present = true;
	return true;
}

static void serial_putc(char c)
{
	for (int i = 0; i < TX_SPIN_LIMIT; i++)
		if (inb(COM1 + UART_LSR) & LSR_THRE)
			break;
	outb(COM1 + UART_THR, (u8)c);
}

static void serial_write(struct console *con, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
	}
}

static struct console serial_console = { .name = "ttyS0",
					 .write = serial_write };

/* Register COM1 as a console, first writing out what the log holds from
 * offset replay_from (what only the firmware console showed, or nothing). */
void serial_console_register(u64 replay_from)
{
	char chunk[256];
	size_t n;

	if (!serial_present)
		return;
	while ((n = log_buf_read(replay_from, chunk, sizeof(chunk))) > 0) {
		serial_write(&serial_console, chunk, n);
		replay_from += n;
	}
	register_console(&serial_console);
}
