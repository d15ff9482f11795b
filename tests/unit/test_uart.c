// SPDX-License-Identifier: MIT
/*
 * Unit tests for the console UART (lib/uart.c, lib/acpi_spcr.c): console=
 * in Linux's syntax, the SPCR table found through the RSDP and decoded
 * (COM2 as iDRAC/iLO publish it, an MMIO32 SoC UART, PL011 refused), the
 * order of the sources, and the driver against a fake 16550 that can stop
 * draining: a dead port costs a bounded number of status reads and is
 * never touched again.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <lib/acpi_spcr.h>
#include <lib/config.h>
#include <lib/printk.h>
#include <lib/uart.h>

#include "acpi_build.h"
#include "capture.h"

/* ---- console= ------------------------------------------------------------ */

static void test_console_ttys(void **state)
{
	struct uart_desc d;

	assert_int_equal(uart_parse_console("ttyS1,115200", &d), 0);
	assert_int_equal(d.iotype, UART_IO);
	assert_int_equal(d.base, 0x2f8);
	assert_int_equal(d.baud, 115200);
	assert_int_equal(d.legacy_index, 1);
	assert_int_equal(d.source, UART_SRC_CONSOLE);

	assert_int_equal(uart_parse_console("ttyS3", &d), 0);
	assert_int_equal(d.base, 0x2e8);
	assert_int_equal(d.baud, UART_BAUD_KEEP);
	assert_int_equal(uart_parse_console("ttyS0,9600n8", &d), 0);
	assert_int_equal(d.base, 0x3f8);
	assert_int_equal(d.baud, 9600);

	/* The screen: accepted, selects no UART. */
	assert_int_equal(uart_parse_console("tty0", &d), 1);
	assert_int_equal(uart_parse_console("tty63", &d), 1);

	assert_int_equal(uart_parse_console("ttyS4", &d), -EINVAL);
	assert_int_equal(uart_parse_console("ttyS", &d), -EINVAL);
	assert_int_equal(uart_parse_console("ttyS1,", &d), -EINVAL);
	assert_int_equal(uart_parse_console("ttyS1,fast", &d), -EINVAL);
	assert_int_equal(uart_parse_console("ttyS12", &d), -EINVAL);
	assert_int_equal(uart_parse_console("ttyUSB0", &d), -EINVAL);
	assert_int_equal(uart_parse_console("tty64", &d), -EINVAL);
	assert_int_equal(uart_parse_console("", &d), -EINVAL);
}

static void test_console_uart(void **state)
{
	struct uart_desc d;

	assert_int_equal(uart_parse_console("uart,io,0x2f8,115200n8", &d), 0);
	assert_int_equal(d.iotype, UART_IO);
	assert_int_equal(d.base, 0x2f8);
	assert_int_equal(d.baud, 115200);
	assert_int_equal(d.legacy_index, 1); /* it is COM2 */

	assert_int_equal(uart_parse_console("uart8250,mmio32,0xfe032000", &d),
			 0);
	assert_int_equal(d.iotype, UART_MMIO32);
	assert_int_equal(d.base, 0xfe032000);
	assert_int_equal(d.baud, UART_BAUD_KEEP);
	assert_int_equal(d.legacy_index, -1);
	assert_int_equal(uart_reg_stride(&d), 4);

	assert_int_equal(uart_parse_console("uart,mmio,0xfed00000,57600", &d),
			 0);
	assert_int_equal(d.iotype, UART_MMIO);
	assert_int_equal(uart_reg_stride(&d), 1);
	assert_int_equal(uart_parse_console("uart,mmio16,0xfed00000", &d), 0);
	assert_int_equal(uart_reg_stride(&d), 2);
	assert_int_equal(uart_parse_console("uart,io,1016", &d), 0);
	assert_int_equal(d.base, 0x3f8);

	assert_int_equal(uart_parse_console("uart,io", &d), -EINVAL);
	assert_int_equal(uart_parse_console("uart,io,", &d), -EINVAL);
	assert_int_equal(uart_parse_console("uart,io,0", &d), -EINVAL);
	assert_int_equal(uart_parse_console("uart,io,0x10000", &d), -EINVAL);
	assert_int_equal(uart_parse_console("uart,mmio32be,0xfe032000", &d),
			 -EINVAL);
	assert_int_equal(uart_parse_console("uart,mmio,4K", &d), -EINVAL);
	assert_int_equal(uart_parse_console("uart,mmio,0x1000K", &d), -EINVAL);
	assert_int_equal(uart_parse_console("uart,pci,0x3f8", &d), -EINVAL);
	assert_int_equal(uart_parse_console("uart,io,0x2f8,0", &d), -EINVAL);
	assert_int_equal(uart_parse_console("uart,io,0x2f8x", &d), -EINVAL);
}

static void test_console_format(void **state)
{
	struct uart_desc d;
	char buf[64];

	assert_int_equal(uart_parse_console("ttyS1,115200", &d), 0);
	uart_format(&d, buf, sizeof(buf));
	assert_string_equal(buf, "uart,io,0x2f8,115200");
	assert_int_equal(uart_parse_console("uart,mmio32,0xfe032000", &d), 0);
	uart_format(&d, buf, sizeof(buf));
	assert_string_equal(buf, "uart,mmio32,0xfe032000");
}

/* The config key: accepted (it was "unknown key" before), the last serial
 * console= wins, tty0 beside it changes nothing, bad values are errors. */
static void test_console_config_key(void **state)
{
	struct sparsemm_config cfg;
	const char words[] = "console=tty0 console=ttyS0 console=ttyS1,115200";

	config_defaults(&cfg);
	assert_int_equal(cfg.console.source, UART_SRC_NONE);
	capture_start();
	assert_int_equal(config_parse(&cfg, words, strlen(words), "test"), 0);
	assert_int_equal(cfg.console.source, UART_SRC_CONSOLE);
	assert_int_equal(cfg.console.base, 0x2f8);
	config_print(&cfg);
	assert_true(capture_contains(" console=uart,io,0x2f8,115200"));

	assert_int_equal(config_parse(&cfg, "console=ttyS9", 13, "test"), 1);
	assert_true(capture_contains("bad value in 'console=ttyS9'"));
	assert_int_equal(cfg.console.base, 0x2f8); /* kept */
	capture_stop();
}

/* ---- SPCR ----------------------------------------------------------------- */

static struct tbuf t_spcr, t_xsdt;
static struct acpi_table_rsdp t_rsdp;

/* An SPCR as a BMC's firmware publishes it: interface type, register
 * block, baud code. */
static void build_spcr(u8 revision, u8 type, u8 space, u8 access, u8 bits,
		       u64 addr, u8 baud, u32 clock)
{
	tb_header(&t_spcr, ACPI_SIG_SPCR, revision);
	tb_u8(&t_spcr, type);
	tb_u8(&t_spcr, 0);
	tb_u8(&t_spcr, 0);
	tb_u8(&t_spcr, 0);
	tb_u8(&t_spcr, space);
	tb_u8(&t_spcr, bits);
	tb_u8(&t_spcr, 0);
	tb_u8(&t_spcr, access);
	tb_u64(&t_spcr, addr);
	tb_u8(&t_spcr, 1); /* interrupt type: 8259 */
	tb_u8(&t_spcr, 3); /* IRQ 3: COM2 */
	tb_u32(&t_spcr, 0);
	tb_u8(&t_spcr, baud);
	tb_u8(&t_spcr, 0); /* no parity */
	tb_u8(&t_spcr, 1); /* 1 stop bit */
	tb_u8(&t_spcr, 0); /* no flow control */
	tb_u8(&t_spcr, 3); /* ANSI */
	tb_u8(&t_spcr, 0);
	tb_u16(&t_spcr, 0xffff); /* not a PCI device */
	tb_u16(&t_spcr, 0xffff);
	tb_u8(&t_spcr, 0);
	tb_u8(&t_spcr, 0);
	tb_u8(&t_spcr, 0);
	tb_u32(&t_spcr, 0);
	tb_u8(&t_spcr, 0);
	tb_u32(&t_spcr, clock);
	tb_finish(&t_spcr);
	assert_int_equal(t_spcr.len, sizeof(struct acpi_table_spcr));
}

#define PA_RSDP 0xf0000
#define PA_XSDT 0x7ffe0000
#define PA_SPCR 0x7ffe1000

/* Publish t_spcr through an RSDP and XSDT, as firmware does. */
static void install_spcr(void)
{
	u64 list[] = { PA_SPCR };

	fake_reset();
	acpi_tables_reset();
	tb_root(&t_xsdt, ACPI_SIG_XSDT, 8, list, 1);
	tb_rsdp(&t_rsdp, 2, 0, PA_XSDT);
	fake_add(PA_RSDP, &t_rsdp, sizeof(t_rsdp));
	fake_add(PA_XSDT, t_xsdt.b, t_xsdt.len);
	fake_add(PA_SPCR, t_spcr.b, t_spcr.len);
}

/* Found as the app finds it before ExitBootServices: acpi_find_table(),
 * which leaves the table list alone; acpi_tables_init() later lists the
 * same table. */
static int spcr_decode(struct uart_desc *d)
{
	u32 len = 0, len2 = 0;
	const struct acpi_table_header *t =
		acpi_find_table(PA_RSDP, fake_map, ACPI_SIG_SPCR, &len);

	assert_non_null(t);
	assert_int_equal(len, sizeof(struct acpi_table_spcr));
	assert_int_equal(acpi_table_count(), 0);
	assert_int_equal(acpi_tables_init(PA_RSDP, fake_map), 0);
	assert_ptr_equal(acpi_get_table(ACPI_SIG_SPCR, 0, &len2), t);
	return acpi_spcr_parse(t, len, d);
}

/* No SPCR, or one whose checksum fails: nothing found. */
static void test_spcr_find_absent_or_bad(void **state)
{
	u32 len = 0;

	build_spcr(2, 0, ACPI_ADR_SPACE_SYSTEM_IO, 1, 8, 0x2f8, 7, 0);
	install_spcr();
	assert_null(acpi_find_table(PA_RSDP, fake_map, "SLIT", &len));
	assert_null(acpi_find_table(0, fake_map, ACPI_SIG_SPCR, &len));
	t_spcr.b[58]++; /* the baud code: the checksum no longer holds */
	capture_start();
	assert_null(acpi_find_table(PA_RSDP, fake_map, ACPI_SIG_SPCR, &len));
	assert_true(capture_contains("Incorrect checksum in table [SPCR]"));
	capture_stop();
}

/* iDRAC / iLO: serial-over-LAN on COM2, an I/O-port 16550 at 115200. */
static void test_spcr_com2(void **state)
{
	struct uart_desc d;

	build_spcr(2, ACPI_DBG2_16550_COMPATIBLE, ACPI_ADR_SPACE_SYSTEM_IO, 1,
		   8, 0x2f8, 7, 0);
	capture_start();
	install_spcr();
	assert_int_equal(spcr_decode(&d), 0);
	assert_int_equal(d.iotype, UART_IO);
	assert_int_equal(d.base, 0x2f8);
	assert_int_equal(d.baud, 115200);
	assert_int_equal(d.legacy_index, 1);
	assert_int_equal(d.source, UART_SRC_SPCR);
	assert_true(capture_contains(
		"ACPI: SPCR: console: uart,io,0x2f8,115200\n"));
	capture_stop();
}

/* An SoC UART with 32-bit registers in memory, clock in revision 3, baud
 * "as configured". */
static void test_spcr_mmio32(void **state)
{
	struct uart_desc d;

	build_spcr(3, ACPI_DBG2_16550_WITH_GAS, ACPI_ADR_SPACE_SYSTEM_MEMORY, 3,
		   32, 0xfe032000, 0, 1843200 * 16);
	capture_start();
	install_spcr();
	assert_int_equal(spcr_decode(&d), 0);
	assert_int_equal(d.iotype, UART_MMIO32);
	assert_int_equal(d.base, 0xfe032000);
	assert_int_equal(d.baud, UART_BAUD_KEEP);
	assert_int_equal(d.clock_hz, 1843200 * 16);
	assert_int_equal(d.legacy_index, -1);
	assert_true(capture_contains("console: uart,mmio32,0xfe032000\n"));
	capture_stop();

	/* Legacy access width: the bit width decides; byte registers. */
	build_spcr(2, ACPI_DBG2_16550_SUBSET, ACPI_ADR_SPACE_SYSTEM_MEMORY, 0,
		   8, 0xfed00000, 6, 0);
	install_spcr();
	assert_int_equal(spcr_decode(&d), 0);
	assert_int_equal(d.iotype, UART_MMIO);
	assert_int_equal(d.baud, 57600);
	assert_int_equal(d.clock_hz, 0); /* revision 2: no clock field */
}

static void test_spcr_refused(void **state)
{
	struct uart_desc d;

	capture_start();
	/* ARM PL011: not a 16550. */
	build_spcr(2, 0x03, ACPI_ADR_SPACE_SYSTEM_MEMORY, 3, 32, 0x9000000, 7,
		   0);
	install_spcr();
	assert_int_equal(spcr_decode(&d), -EOPNOTSUPP);
	assert_true(capture_contains("interface type 0x3 is not a 16550"));
	/* A register block in PCI configuration space (space 2). */
	build_spcr(2, 0, 2, 1, 8, 0x2f8, 7, 0);
	install_spcr();
	assert_int_equal(spcr_decode(&d), -EINVAL);
	assert_true(capture_contains("address space 2"));
	/* Address 0. */
	build_spcr(2, 0, ACPI_ADR_SPACE_SYSTEM_IO, 1, 8, 0, 7, 0);
	install_spcr();
	assert_int_equal(spcr_decode(&d), -EINVAL);
	/* Cut short: a table whose header claims more than is there. */
	build_spcr(2, 0, ACPI_ADR_SPACE_SYSTEM_IO, 1, 8, 0x2f8, 7, 0);
	assert_int_equal(acpi_spcr_parse((const void *)t_spcr.b, 60, &d),
			 -EINVAL);
	capture_stop();
}

/* ---- precedence ------------------------------------------------------------ */

static void test_choose_order(void **state)
{
	struct uart_desc console = { .source = UART_SRC_NONE };
	struct uart_desc spcr, conout;

	uart_desc_legacy(&spcr, 1, 115200, UART_SRC_SPCR);
	uart_desc_legacy(&conout, 0, 115200, UART_SRC_CONOUT);
	/* No console=: SPCR over ConOut. */
	assert_ptr_equal(uart_choose(&console, &spcr, &conout), &spcr);
	/* console= over both. */
	assert_int_equal(uart_parse_console("ttyS2", &console), 0);
	assert_ptr_equal(uart_choose(&console, &spcr, &conout), &console);
	/* Only ConOut. */
	console.source = spcr.source = UART_SRC_NONE;
	assert_ptr_equal(uart_choose(&console, &spcr, &conout), &conout);
	/* Nothing named: the caller probes COM1. */
	conout.source = UART_SRC_NONE;
	assert_null(uart_choose(&console, &spcr, &conout));
	assert_null(uart_choose(NULL, NULL, NULL));
}

/* ---- the driver against a fake 16550 --------------------------------------- */

struct fake_uart {
	u8 scr, lcr, dll, dlm;
	bool present;
	bool drains; /* THRE comes back after a write */
	unsigned long lsr_reads;
	char out[256];
	size_t nout;
};

static struct fake_uart fu;

static u8 fake_read(struct uart8250 *u, unsigned int reg)
{
	if (!fu.present)
		return 0xff;
	switch (reg) {
	case 5:
		fu.lsr_reads++;
		return fu.drains ? 0x60 : 0x00;
	case 7:
		return fu.scr;
	default:
		return 0;
	}
}

static void fake_write(struct uart8250 *u, unsigned int reg, u8 v)
{
	if (!fu.present)
		return;
	if (reg == 7)
		fu.scr = v;
	else if (reg == 3)
		fu.lcr = v;
	else if (reg == 0 && (fu.lcr & 0x80))
		fu.dll = v;
	else if (reg == 1 && (fu.lcr & 0x80))
		fu.dlm = v;
	else if (reg == 0 && fu.nout < sizeof(fu.out))
		fu.out[fu.nout++] = (char)v;
}

static struct uart8250 fake_port(u32 baud)
{
	struct uart8250 u = { .read = fake_read, .write = fake_write };

	uart_desc_legacy(&u.desc, 1, baud, UART_SRC_CONSOLE);
	return u;
}

static void test_driver_probe_and_baud(void **state)
{
	struct uart8250 u = fake_port(9600);

	memset(&fu, 0, sizeof(fu));
	assert_false(uart8250_probe(&u)); /* nothing there: 0xff */
	fu.present = fu.drains = true;
	assert_true(uart8250_probe(&u));
	uart8250_init(&u);
	assert_int_equal(fu.dll | fu.dlm << 8, 12); /* 1843200 / 16 / 9600 */
	assert_int_equal(fu.lcr, 0x03); /* 8N1, DLAB off */
	assert_true(uart8250_write(&u, "a\nb", 3));
	assert_int_equal(fu.nout, 4);
	assert_memory_equal(fu.out, "a\r\nb", 4);

	/* Baud "keep": the divisor is not touched. */
	memset(&fu, 0, sizeof(fu));
	fu.present = fu.drains = true;
	fu.dll = 1;
	u = fake_port(UART_BAUD_KEEP);
	uart8250_init(&u);
	assert_int_equal(fu.dll, 1);
}

/* A UART that answers the probe but never drains: after UART_DEAD_AFTER
 * characters it is dead, having cost exactly that many timeouts; later
 * writes do not read its status at all. */
static void test_driver_dead_port(void **state)
{
	struct uart8250 u = fake_port(115200);
	char line[100];

	memset(&fu, 0, sizeof(fu));
	fu.present = true;
	fu.drains = false;
	assert_true(uart8250_probe(&u));
	uart8250_init(&u);
	memset(line, 'x', sizeof(line));
	assert_false(uart8250_write(&u, line, sizeof(line)));
	assert_true(u.dead);
	assert_int_equal(u.chars_failed, UART_DEAD_AFTER);
	assert_int_equal(fu.lsr_reads,
			 (unsigned long)UART_DEAD_AFTER * UART_TX_SPIN_LIMIT);
	assert_int_equal(fu.nout, 0);
	assert_false(uart8250_write(&u, "more", 4));
	assert_int_equal(fu.lsr_reads,
			 (unsigned long)UART_DEAD_AFTER * UART_TX_SPIN_LIMIT);
}

/* A port that recovers before the limit is not dead: the count is of
 * failures in a row. */
static void test_driver_slow_port_survives(void **state)
{
	struct uart8250 u = fake_port(115200);

	memset(&fu, 0, sizeof(fu));
	fu.present = true;
	uart8250_init(&u);
	for (int round = 0; round < 3; round++) {
		fu.drains = false;
		assert_true(uart8250_write(&u, "1234567", UART_DEAD_AFTER - 1));
		fu.drains = true;
		assert_true(uart8250_write(&u, "y", 1));
	}
	assert_false(u.dead);
	assert_int_equal(u.chars_failed, 3 * (UART_DEAD_AFTER - 1));
	assert_int_equal(fu.nout, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_console_ttys),
		cmocka_unit_test(test_console_uart),
		cmocka_unit_test(test_console_format),
		cmocka_unit_test(test_console_config_key),
		cmocka_unit_test(test_spcr_com2),
		cmocka_unit_test(test_spcr_mmio32),
		cmocka_unit_test(test_spcr_refused),
		cmocka_unit_test(test_spcr_find_absent_or_bad),
		cmocka_unit_test(test_choose_order),
		cmocka_unit_test(test_driver_probe_and_baud),
		cmocka_unit_test(test_driver_dead_port),
		cmocka_unit_test(test_driver_slow_port_survives),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
