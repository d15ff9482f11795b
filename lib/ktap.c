// SPDX-License-Identifier: MIT
/*
 * KTAP version 1 output through printk.  Indentation is two spaces per
 * depth; results are numbered from 1 in emission order.
 */
#include <lib/ktap.h>
#include <lib/printk.h>

static const char indent[] = "                                ";

static const char *pad(int depth)
{
	int n = depth * 2;

	if (n > (int)sizeof(indent) - 1)
		n = sizeof(indent) - 1;
	return indent + sizeof(indent) - 1 - n;
}

void ktap_begin(struct ktap_suite *s, const char *name, int depth, int planned)
{
	*s = (struct ktap_suite){ .name = name,
				  .depth = depth,
				  .planned = planned };
	printk(KERN_INFO "%sKTAP version 1\n", pad(depth));
	printk(KERN_INFO "%s1..%d\n", pad(depth), planned);
}

bool ktap_result(struct ktap_suite *s, enum ktap_result r, const char *name,
		 const char *reason)
{
	int n = ++s->run;

	switch (r) {
	case KTAP_OK:
		s->passed++;
		printk(KERN_INFO "%sok %d %s%s%s\n", pad(s->depth), n, name,
		       reason ? " # " : "", reason ? reason : "");
		return true;
	case KTAP_SKIP:
		s->skipped++;
		printk(KERN_INFO "%sok %d %s # SKIP%s%s\n", pad(s->depth), n,
		       name, reason ? " " : "", reason ? reason : "");
		return true;
	default:
		s->failed++;
		printk(KERN_INFO "%snot ok %d %s%s%s\n", pad(s->depth), n, name,
		       reason ? " # " : "", reason ? reason : "");
		return false;
	}
}

void ktap_diag(const struct ktap_suite *s, const char *fmt, ...)
{
	char line[256];
	va_list args;

	va_start(args, fmt);
	vscnprintf(line, sizeof(line), fmt, args);
	va_end(args);
	printk(KERN_INFO "%s# %s\n", pad(s->depth), line);
}

bool ktap_suite_ok(const struct ktap_suite *s)
{
	return s->failed == 0 && s->run == s->planned;
}
