// SPDX-License-Identifier: MIT
/*
 * vscnprintf/scnprintf: the formatter behind printk.  Freestanding, no
 * floating point.  Supports the flags '-', '0', '+', ' ', '#', a width and
 * precision (numbers or '*'), the length modifiers hh h l ll z t j, and the
 * conversions d i u x X o c s p %.  '#' with x adds "0x" counted in the width
 * (so "%#018llx" prints 0x plus 16 digits, as Linux does).
 * The output is always NUL-terminated; the return value is the number of
 * characters stored, never more than size - 1 (Linux's vscnprintf contract).
 */
#include <lib/printk.h>
#include <lib/string.h>

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len++] = c;
}

static void put_repeat(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

struct spec {
	bool left, zero, plus, space, alt;
	int width;
	int precision; /* -1: none */
};

static void put_string(struct out *o, const char *s, const struct spec *sp)
{
	size_t n;

	if (!s)
		s = "(null)";
	n = sp->precision >= 0 ? strnlen(s, (size_t)sp->precision) : strlen(s);
	if (!sp->left)
		put_repeat(o, ' ', sp->width - (int)n);
	for (size_t i = 0; i < n; i++)
		put(o, s[i]);
	if (sp->left)
		put_repeat(o, ' ', sp->width - (int)n);
}

static void put_number(struct out *o, unsigned long long v, bool negative,
		       unsigned int base, bool upper, const struct spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, prefix_len = 0, zeros = 0, pad;
	char sign = 0;
	const char *prefix = "";

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (sp->precision == 0 && n == 1 && tmp[0] == '0')
		n = 0;

	if (negative)
		sign = '-';
	else if (sp->plus)
		sign = '+';
	else if (sp->space)
		sign = ' ';
	if (sp->alt && base == 16) {
		prefix = upper ? "0X" : "0x";
		prefix_len = 2;
	} else if (sp->alt && base == 8 && (n == 0 || tmp[n - 1] != '0')) {
		prefix = "0";
		prefix_len = 1;
	}
	if (sp->precision > n)
		zeros = sp->precision - n;
	pad = sp->width - n - zeros - prefix_len - (sign ? 1 : 0);
	if (sp->zero && !sp->left && sp->precision < 0) {
		zeros += pad > 0 ? pad : 0;
		pad = 0;
	}
	if (!sp->left)
		put_repeat(o, ' ', pad);
	if (sign)
		put(o, sign);
	for (int i = 0; i < prefix_len; i++)
		put(o, prefix[i]);
	put_repeat(o, '0', zeros);
	while (n)
		put(o, tmp[--n]);
	if (sp->left)
		put_repeat(o, ' ', pad);
}

static int parse_int(const char **fmt)
{
	int v = 0;

	while (**fmt >= '0' && **fmt <= '9')
		v = v * 10 + (*(*fmt)++ - '0');
	return v;
}

enum length { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LLONG, LEN_SIZE };

int vscnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	struct out o = { buf, size, 0 };

	if (!size)
		return 0;
	for (; *fmt; fmt++) {
		struct spec sp = { .precision = -1 };
		enum length len = LEN_INT;
		unsigned long long uv;
		long long sv;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '-')
				sp.left = true;
			else if (*fmt == '0')
				sp.zero = true;
			else if (*fmt == '+')
				sp.plus = true;
			else if (*fmt == ' ')
				sp.space = true;
			else if (*fmt == '#')
				sp.alt = true;
			else
				break;
		}
		if (*fmt == '*') {
			sp.width = va_arg(args, int);
			if (sp.width < 0) {
				sp.left = true;
				sp.width = -sp.width;
			}
			fmt++;
		} else {
			sp.width = parse_int(&fmt);
		}
		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				sp.precision = va_arg(args, int);
				fmt++;
			} else {
				sp.precision = parse_int(&fmt);
			}
		}
		switch (*fmt) {
		case 'h':
			len = fmt[1] == 'h' ? LEN_CHAR : LEN_SHORT;
			fmt += fmt[1] == 'h' ? 2 : 1;
			break;
		case 'l':
			len = fmt[1] == 'l' ? LEN_LLONG : LEN_LONG;
			fmt += fmt[1] == 'l' ? 2 : 1;
			break;
		case 'L': /* Linux uses %Lx for long long */
		case 'q':
			len = LEN_LLONG;
			fmt++;
			break;
		case 'z':
		case 't':
		case 'j':
			len = LEN_SIZE;
			fmt++;
			break;
		}
		switch (*fmt) {
		case 'c':
			put_repeat(&o, ' ', sp.left ? 0 : sp.width - 1);
			put(&o, (char)va_arg(args, int));
			put_repeat(&o, ' ', sp.left ? sp.width - 1 : 0);
			break;
		case 's':
			put_string(&o, va_arg(args, const char *), &sp);
			break;
		case 'p':
			sp.alt = true;
			put_number(&o, (uintptr_t)va_arg(args, void *), false,
				   16, false, &sp);
			break;
		case 'd':
		case 'i':
			switch (len) {
			case LEN_LONG:
				sv = va_arg(args, long);
				break;
			case LEN_LLONG:
				sv = va_arg(args, long long);
				break;
			case LEN_SIZE:
				sv = va_arg(args, ptrdiff_t);
				break;
			case LEN_CHAR:
				sv = (signed char)va_arg(args, int);
				break;
			case LEN_SHORT:
				sv = (short)va_arg(args, int);
				break;
			default:
				sv = va_arg(args, int);
			}
			uv = sv < 0 ? -(unsigned long long)sv :
				      (unsigned long long)sv;
			put_number(&o, uv, sv < 0, 10, false, &sp);
			break;
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			switch (len) {
			case LEN_LONG:
				uv = va_arg(args, unsigned long);
				break;
			case LEN_LLONG:
				uv = va_arg(args, unsigned long long);
				break;
			case LEN_SIZE:
				uv = va_arg(args, size_t);
				break;
			case LEN_CHAR:
				uv = (unsigned char)va_arg(args, unsigned int);
				break;
			case LEN_SHORT:
				uv = (unsigned short)va_arg(args, unsigned int);
				break;
			default:
				uv = va_arg(args, unsigned int);
			}
			put_number(&o, uv, false,
				   *fmt == 'u' ? 10 :
				   *fmt == 'o' ? 8 :
						 16,
				   *fmt == 'X', &sp);
			break;
		case '%':
			put(&o, '%');
			break;
		case '\0':
			fmt--; /* trailing '%': stop at the NUL */
			break;
		default: /* unknown conversion: print it verbatim */
			put(&o, '%');
			put(&o, *fmt);
		}
	}
	o.buf[o.len] = '\0';
	return (int)o.len;
}

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vscnprintf(buf, size, fmt, args);
	va_end(args);
	return n;
}
