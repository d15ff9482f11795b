// SPDX-License-Identifier: MIT
/*
 * printk and the log ring buffer.
 *
 * Every message is formatted once, stored in the ring buffer, and written to
 * each registered console if its level is below console_loglevel.  The ring
 * starts in a small static array (so printk works from the first instruction
 * of efi_main) and can be moved to a larger buffer with log_buf_set().
 * Offsets into the log are absolute byte counts since boot: a reader (the
 * report writer, the framebuffer console) remembers how far it read.
 *
 * A message's level comes from a KERN_* prefix, as in Linux; KERN_CONT
 * continues the previous line at the previous level.  One lock serialises
 * writers so lines from different CPUs don't interleave; a CPU that faults
 * while holding it (printk from an exception handler) breaks the lock
 * rather than deadlocking, because a crash report must get out.
 */
#include <lib/printk.h>
#include <lib/spinlock.h>
#include <lib/string.h>

#define LOG_BUF_STATIC_SIZE (32 * 1024)
#define PRINTK_LINE_MAX 1024

int console_loglevel = CONSOLE_LOGLEVEL_DEFAULT;

static char log_buf_static[LOG_BUF_STATIC_SIZE];
static char *log_buf = log_buf_static;
static size_t log_buf_size = LOG_BUF_STATIC_SIZE;
static u64 log_written; /* bytes ever written; log_buf[i % size] */
static struct console *consoles;
static int last_level = LOGLEVEL_DEFAULT;
static spinlock_t printk_lock = SPINLOCK_INIT;

static void log_store(const char *text, size_t len)
{
	for (size_t i = 0; i < len; i++)
		log_buf[(log_written + i) % log_buf_size] = text[i];
	log_written += len;
}

u64 log_buf_written(void)
{
	return log_written;
}

u64 log_buf_first(void)
{
	return log_written > log_buf_size ? log_written - log_buf_size : 0;
}

size_t log_buf_read(u64 from, char *dst, size_t len)
{
	size_t n = 0;

	if (from < log_buf_first())
		from = log_buf_first();
	while (n < len && from + n < log_written) {
		dst[n] = log_buf[(from + n) % log_buf_size];
		n++;
	}
	return n;
}

void log_buf_set(char *buf, size_t size)
{
	u64 first = log_buf_first();
	size_t keep = (size_t)(log_written - first);

	if (keep > size)
		keep = size;
	/* Copy the newest 'keep' bytes so that offsets stay absolute. */
	for (size_t i = 0; i < keep; i++) {
		u64 off = log_written - keep + i;
		buf[off % size] = log_buf[off % log_buf_size];
	}
	log_buf = buf;
	log_buf_size = size;
}

void register_console(struct console *con)
{
	con->next = consoles;
	consoles = con;
}

void unregister_console(struct console *con)
{
	for (struct console **p = &consoles; *p; p = &(*p)->next) {
		if (*p == con) {
			*p = con->next;
			return;
		}
	}
}

/* Strip a KERN_* prefix; returns the level (or -1 for KERN_CONT). */
static int parse_level(const char **fmt)
{
	const char *f = *fmt;

	if (f[0] != KERN_SOH[0] || !f[1])
		return LOGLEVEL_DEFAULT;
	*fmt = f + 2;
	if (f[1] == 'c')
		return -1;
	if (f[1] >= '0' && f[1] <= '7')
		return f[1] - '0';
	return LOGLEVEL_DEFAULT;
}

int vprintk(const char *fmt, va_list args)
{
	char line[PRINTK_LINE_MAX];
	int level = parse_level(&fmt);
	int len;
	bool locked;

	len = vscnprintf(line, sizeof(line), fmt, args);
	if (level < 0)
		level = last_level;

	/* Don't deadlock if this CPU already holds the lock (a fault inside
	 * printk): take it over and print anyway. */
	locked = spin_trylock(&printk_lock);
	if (!locked && printk_lock.owner != smp_processor_id() + 1) {
		spin_lock(&printk_lock);
		locked = true;
	}
	log_store(line, (size_t)len);
	if (len)
		last_level = level;
	if (level < console_loglevel)
		for (struct console *c = consoles; c; c = c->next)
			c->write(c, line, (size_t)len);
	if (locked)
		spin_unlock(&printk_lock);
	return len;
}

void printk_bust_lock(void)
{
	if (spin_is_locked(&printk_lock) &&
	    printk_lock.owner != smp_processor_id() + 1)
		spin_unlock(&printk_lock);
}

int printk(const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vprintk(fmt, args);
	va_end(args);
	return n;
}
