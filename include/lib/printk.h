/* SPDX-License-Identifier: MIT */
/*
 * printk: the one log.  Every message goes into a ring buffer and from there
 * to each registered console (serial, framebuffer, firmware console, or
 * stdout in host programs).  Levels and prefixes follow Linux: a message may
 * start with KERN_ERR ... KERN_DEBUG; messages above the console loglevel are
 * kept in the buffer but not shown.
 */
#ifndef LIB_PRINTK_H
#define LIB_PRINTK_H

#include <lib/types.h>
#include <stdarg.h>

#define KERN_SOH "\001"
#define KERN_EMERG KERN_SOH "0"
#define KERN_ALERT KERN_SOH "1"
#define KERN_CRIT KERN_SOH "2"
#define KERN_ERR KERN_SOH "3"
#define KERN_WARNING KERN_SOH "4"
#define KERN_NOTICE KERN_SOH "5"
#define KERN_INFO KERN_SOH "6"
#define KERN_DEBUG KERN_SOH "7"
#define KERN_CONT KERN_SOH "c"

#define LOGLEVEL_ERR 3
#define LOGLEVEL_WARNING 4
#define LOGLEVEL_NOTICE 5
#define LOGLEVEL_INFO 6
#define LOGLEVEL_DEBUG 7
#define LOGLEVEL_DEFAULT LOGLEVEL_INFO /* level of a message without prefix */
#define CONSOLE_LOGLEVEL_DEFAULT 7 /* show up to INFO (Linux: 7) */

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif
#define pr_emerg(fmt, ...) printk(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...) printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...) printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...) printk(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...) printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...) printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_cont(fmt, ...) printk(KERN_CONT fmt, ##__VA_ARGS__)

/* A console: receives every shown message, already formatted, as text. */
struct console {
	const char *name;
	void (*write)(struct console *con, const char *text, size_t len);
	struct console *next;
};

int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list args);
/* Crash reports only: release the log lock that a CPU stopped by the
 * crash (efi/post_exit/smp.c) may hold, so that the report gets out. */
void printk_bust_lock(void);
void register_console(struct console *con);
void unregister_console(struct console *con);

/* Messages with a level numerically below this are shown on consoles. */
extern int console_loglevel;

/*
 * The ring buffer.  It starts in a small static array; log_buf_set() moves
 * it to a larger buffer (contents kept) once memory is available.
 * log_buf_read() copies out up to len bytes starting at byte offset 'from'
 * of the whole log written so far (oldest data may have been overwritten);
 * it returns the number copied.
 */
void log_buf_set(char *buf, size_t size);
size_t log_buf_read(u64 from, char *dst, size_t len);
u64 log_buf_written(void); /* total bytes ever logged */
u64 log_buf_first(void); /* oldest offset still held */

/* Formatting into a buffer; returns the number of characters written
 * (excluding the NUL), never more than size - 1.  Supports the usual
 * flags, width, precision and length modifiers (hh h l ll z t j) for
 * d i u x X o c s p %, with '#' and '0' as in C. */
int vscnprintf(char *buf, size_t size, const char *fmt, va_list args);
int scnprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#endif
