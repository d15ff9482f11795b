// SPDX-License-Identifier: MIT
/*
 * The console UART's description and the polled 8250 driver
 * (include/lib/uart.h): console= parsing in Linux's syntax, the earlycon
 * spelling for messages, the order of the sources, and transmission that
 * gives up on a port that never drains.  Register access is the
 * platform's (efi/post_exit/serial.c; the unit tests use a fake UART).
 */
#include <lib/config.h>
#include <lib/printk.h>
#include <lib/string.h>
#include <lib/uart.h>

#define UART_THR 0 /* transmit holding */
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_SCR 7 /* scratch */
#define UART_DLL 0 /* with LCR.DLAB */
#define UART_DLM 1
#define LSR_THRE 0x20
#define LCR_DLAB 0x80
#define LCR_8N1 0x03
#define FCR_ENABLE_CLEAR 0x07
#define MCR_DTR_RTS 0x03
#define UART_DEFAULT_CLOCK 1843200

static const u16 legacy_ports[UART_LEGACY_PORTS] = { 0x3f8, 0x2f8, 0x3e8,
						     0x2e8 };

u16 uart_legacy_port(unsigned int index)
{
	return index < UART_LEGACY_PORTS ? legacy_ports[index] : 0;
}

void uart_desc_legacy(struct uart_desc *d, unsigned int index, u32 baud,
		      enum uart_source source)
{
	*d = (struct uart_desc){ .iotype = UART_IO,
				 .base = uart_legacy_port(index),
				 .baud = baud,
				 .legacy_index = (int)index,
				 .source = source };
}

unsigned int uart_reg_stride(const struct uart_desc *d)
{
	return d->iotype == UART_MMIO32 ? 4 : d->iotype == UART_MMIO16 ? 2 : 1;
}

/* The index of the legacy COM port at an I/O address, or -1. */
static int legacy_index_of(enum uart_iotype type, u64 base)
{
	for (int i = 0; type == UART_IO && i < UART_LEGACY_PORTS; i++)
		if (legacy_ports[i] == base)
			return i;
	return -1;
}

/* "115200", "115200n8", "9600e7r": the leading number is the baud rate;
 * the rest (parity, bits, flow) is accepted and not used. */
static int parse_baud(const char *s, u32 *baud)
{
	u64 v = 0;
	int digits = 0;

	for (; *s >= '0' && *s <= '9'; s++, digits++) {
		v = v * 10 + (u64)(*s - '0');
		if (v > 4000000)
			return -EINVAL;
	}
	if (!digits || v < 50)
		return -EINVAL;
	if (*s && *s != 'n' && *s != 'o' && *s != 'e')
		return -EINVAL;
	*baud = (u32)v;
	return 0;
}

/* "ttyS1" or "ttyS1,115200n8". */
static int parse_ttys(const char *v, struct uart_desc *d)
{
	u32 baud = UART_BAUD_KEEP;

	if (v[0] < '0' || v[0] > '3' || (v[1] && v[1] != ','))
		return -EINVAL;
	if (v[1] == ',' && parse_baud(v + 2, &baud))
		return -EINVAL;
	uart_desc_legacy(d, (unsigned int)(v[0] - '0'), baud, UART_SRC_CONSOLE);
	return 0;
}

/* "io,0x2f8[,opts]", "mmio32,0xfe032000[,opts]" (after "uart[8250],"). */
static int parse_uart(const char *v, struct uart_desc *d)
{
	static const struct {
		const char *name;
		enum uart_iotype type;
	} types[] = {
		{ "io", UART_IO },
		{ "mmio", UART_MMIO },
		{ "mmio16", UART_MMIO16 },
		{ "mmio32", UART_MMIO32 },
	};
	const char *comma = strchr(v, ',');
	const char *end;
	size_t tlen;
	unsigned int i;
	u64 addr;

	if (!comma)
		return -EINVAL;
	tlen = (size_t)(comma - v);
	for (i = 0; i < ARRAY_SIZE(types); i++)
		if (strlen(types[i].name) == tlen &&
		    !strncmp(types[i].name, v, tlen))
			break;
	if (i == ARRAY_SIZE(types))
		return -EINVAL;
	if (memparse(comma + 1, &end, &addr) || !addr || (*end && *end != ','))
		return -EINVAL;
	if (strchr("KMGTPkmgtp", end[-1]) ||
	    (comma[2] != 'x' && comma[2] != 'X' &&
	     (end[-1] < '0' || end[-1] > '9')))
		return -EINVAL; /* a K/M/G suffix makes no address */
	if (types[i].type == UART_IO && addr > 0xfff8)
		return -EINVAL;
	*d = (struct uart_desc){ .iotype = types[i].type,
				 .base = addr,
				 .baud = UART_BAUD_KEEP,
				 .source = UART_SRC_CONSOLE };
	if (*end == ',' && parse_baud(end + 1, &d->baud))
		return -EINVAL;
	d->legacy_index = legacy_index_of(d->iotype, d->base);
	return 0;
}

int uart_parse_console(const char *value, struct uart_desc *d)
{
	if (!strncmp(value, "ttyS", 4))
		return parse_ttys(value + 4, d);
	if (!strncmp(value, "uart8250,", 9))
		return parse_uart(value + 9, d);
	if (!strncmp(value, "uart,", 5))
		return parse_uart(value + 5, d);
	if (!strncmp(value, "tty", 3)) {
		const char *p = value + 3;
		u64 n = 0;

		if (!*p)
			return -EINVAL;
		for (; *p >= '0' && *p <= '9'; p++)
			n = n * 10 + (u64)(*p - '0');
		if (*p || n > 63)
			return -EINVAL;
		return 1;
	}
	return -EINVAL;
}

void uart_format(const struct uart_desc *d, char *buf, size_t len)
{
	static const char *const names[] = { [UART_IO] = "io",
					     [UART_MMIO] = "mmio",
					     [UART_MMIO16] = "mmio16",
					     [UART_MMIO32] = "mmio32" };
	int n = scnprintf(buf, len, "uart,%s,%#llx", names[d->iotype],
			  (unsigned long long)d->base);

	if (d->baud != UART_BAUD_KEEP)
		scnprintf(buf + n, len - (size_t)n, ",%u", d->baud);
}

const char *uart_source_name(enum uart_source source)
{
	switch (source) {
	case UART_SRC_CONSOLE:
		return "console=";
	case UART_SRC_SPCR:
		return "ACPI SPCR";
	case UART_SRC_CONOUT:
		return "ConOut device path";
	case UART_SRC_PROBE:
		return "COM1 probe";
	default:
		return "none";
	}
}

const struct uart_desc *uart_choose(const struct uart_desc *console,
				    const struct uart_desc *spcr,
				    const struct uart_desc *conout)
{
	const struct uart_desc *order[] = { console, spcr, conout };

	for (unsigned int i = 0; i < ARRAY_SIZE(order); i++)
		if (order[i] && order[i]->source != UART_SRC_NONE)
			return order[i];
	return NULL;
}

/* ---- the driver ----------------------------------------------------------- */

bool uart8250_probe(struct uart8250 *u)
{
	/* A UART keeps what is written to its scratch register; nothing on
	 * an I/O port reads 0xff, unmapped MMIO reads 0xff or 0. */
	u->write(u, UART_SCR, 0x5a);
	if (u->read(u, UART_SCR) != 0x5a)
		return false;
	u->write(u, UART_SCR, 0xa5);
	return u->read(u, UART_SCR) == 0xa5;
}

void uart8250_init(struct uart8250 *u)
{
	u32 clock = u->desc.clock_hz ? u->desc.clock_hz : UART_DEFAULT_CLOCK;

	u->write(u, UART_IER, 0);
	if (u->desc.baud != UART_BAUD_KEEP) {
		u32 div = clock / (16 * u->desc.baud);

		div = div ? div : 1;
		u->write(u, UART_LCR, LCR_DLAB);
		u->write(u, UART_DLL, (u8)div);
		u->write(u, UART_DLM, (u8)(div >> 8));
	}
	u->write(u, UART_LCR, LCR_8N1);
	u->write(u, UART_FCR, FCR_ENABLE_CLEAR);
	u->write(u, UART_MCR, MCR_DTR_RTS);
	u->failed_in_row = 0;
	u->dead = false;
}

/* One byte; false when the transmitter never became ready. */
static bool uart8250_putc(struct uart8250 *u, char c)
{
	for (unsigned int i = 0; i < UART_TX_SPIN_LIMIT; i++) {
		if (u->read(u, UART_LSR) & LSR_THRE) {
			u->write(u, UART_THR, (u8)c);
			u->failed_in_row = 0;
			return true;
		}
	}
	u->chars_failed++;
	if (++u->failed_in_row >= UART_DEAD_AFTER)
		u->dead = true;
	return false;
}

bool uart8250_write(struct uart8250 *u, const char *s, size_t n)
{
	for (size_t i = 0; i < n && !u->dead; i++) {
		if (s[i] == '\n')
			uart8250_putc(u, '\r');
		if (!u->dead)
			uart8250_putc(u, s[i]);
	}
	return !u->dead;
}
