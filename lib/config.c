// SPDX-License-Identifier: MIT
/*
 * Configuration words: one table of keys, each with its parser.  A key is
 * added here with one table line and one parse function; nothing else in
 * sparsemm parses options.  Parsing never stops at a bad word: every problem
 * is reported with the word, its source and what was expected.
 */
#include <lib/config.h>
#include <lib/printk.h>
#include <lib/string.h>

#define pr_cfg(fmt, ...) \
	printk(KERN_ERR "sparsemm: config: " fmt, ##__VA_ARGS__)

void config_defaults(struct sparsemm_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->loglevel = CONSOLE_LOGLEVEL_DEFAULT;
	cfg->passes = 1;
	cfg->progress_s = 5;
	cfg->pattern = true;
	cfg->dump = DUMP_BUDDYINFO;
	cfg->on_done = ON_DONE_EXIT;
	cfg->smp = -1;
}

int memparse(const char *s, const char **end, u64 *value)
{
	u64 v = 0, base = 10;
	const char *p = s;
	int shift = 0;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	if (!*p)
		return -EINVAL;
	for (;; p++) {
		unsigned int d;

		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			d = *p - 'a' + 10;
		else if (base == 16 && *p >= 'A' && *p <= 'F')
			d = *p - 'A' + 10;
		else
			break;
		if (v > (~0ULL - d) / base)
			return -ERANGE;
		v = v * base + d;
	}
	if (p == s || (base == 16 && p == s + 2))
		return -EINVAL;
	switch (*p) {
	case 'E':
	case 'e':
		shift = 60;
		break;
	case 'P':
	case 'p':
		shift = 50;
		break;
	case 'T':
	case 't':
		shift = 40;
		break;
	case 'G':
	case 'g':
		shift = 30;
		break;
	case 'M':
	case 'm':
		shift = 20;
		break;
	case 'K':
	case 'k':
		shift = 10;
		break;
	}
	if (shift) {
		p++;
		if (v > (~0ULL >> shift))
			return -ERANGE;
		v <<= shift;
	}
	if (end)
		*end = p;
	*value = v;
	return 0;
}

/* A plain number in [min, max]: decimal or 0x hex, no size suffix. */
static int parse_uint(const char *v, u64 min, u64 max, u64 *out)
{
	bool hex = v[0] == '0' && (v[1] == 'x' || v[1] == 'X');
	const char *end;
	u64 x;

	if (memparse(v, &end, &x) || *end)
		return -EINVAL;
	if (!hex && (end[-1] < '0' || end[-1] > '9'))
		return -EINVAL; /* a K/M/G suffix: not a plain number */
	if (x < min || x > max)
		return -ERANGE;
	*out = x;
	return 0;
}

static int parse_size(const char *v, u64 *out)
{
	const char *end;

	if (memparse(v, &end, out) || *end)
		return -EINVAL;
	return 0;
}

static int parse_bool(const char *v, bool *out)
{
	if (!strcmp(v, "1") || !strcmp(v, "on") || !strcmp(v, "yes") ||
	    !strcmp(v, "true"))
		*out = true;
	else if (!strcmp(v, "0") || !strcmp(v, "off") || !strcmp(v, "no") ||
		 !strcmp(v, "false"))
		*out = false;
	else
		return -EINVAL;
	return 0;
}

/* Split "a,b,c" into names; -E2BIG past the table, -EINVAL on empty or
 * over-long names. */
static int parse_list(const char *v, char names[][CONFIG_NAME_MAX], int *nr)
{
	int n = 0;

	while (*v) {
		size_t len = 0;

		while (v[len] && v[len] != ',')
			len++;
		if (!len || len >= CONFIG_NAME_MAX)
			return -EINVAL;
		if (n == CONFIG_MAX_SUITES)
			return -E2BIG;
		memcpy(names[n], v, len);
		names[n][len] = '\0';
		n++;
		v += len;
		if (*v == ',')
			v++;
	}
	*nr = n;
	return 0;
}

static int set_loglevel(struct sparsemm_config *c, const char *v)
{
	u64 x;
	int err = parse_uint(v, 0, 8, &x);

	if (!err)
		c->loglevel = (int)x;
	return err;
}

static int set_efi(struct sparsemm_config *c, const char *v)
{
	if (strcmp(v, "debug"))
		return -EINVAL;
	c->efi_debug = true;
	return 0;
}

static int set_memblock(struct sparsemm_config *c, const char *v)
{
	if (strcmp(v, "debug"))
		return -EINVAL;
	c->memblock_debug = true;
	return 0;
}

static int set_mem(struct sparsemm_config *c, const char *v)
{
	u64 x;

	if (parse_size(v, &x))
		return -EINVAL;
	if (x < 16 * 1024 * 1024) {
		c->fatal++; /* Linux would not boot either */
		return -ERANGE;
	}
	c->mem_limit = x;
	return 0;
}

static int set_memmap(struct sparsemm_config *c, const char *v)
{
	const char *end;
	u64 size, start;

	if (memparse(v, &end, &size) || *end != '$' ||
	    memparse(end + 1, &end, &start) || *end || !size)
		return -EINVAL;
	if (start + size < start)
		return -ERANGE;
	if (c->nr_memmap == CONFIG_MAX_MEMMAP)
		return -E2BIG;
	c->memmap[c->nr_memmap++] = (struct memmap_reserve){ start, size };
	return 0;
}

phys_addr_t config_user_removed(const struct sparsemm_config *c,
				phys_addr_t start, phys_addr_t size)
{
	struct memmap_reserve cut[CONFIG_MAX_MEMMAP + 1];
	phys_addr_t end = start + size, removed = 0, covered = start;
	int n = 0;

	/* The parts of [start, end) each edit removes, sorted by start... */
	for (int i = 0; i <= c->nr_memmap; i++) {
		phys_addr_t s, e;
		int k;

		if (i < c->nr_memmap) {
			s = c->memmap[i].start;
			e = s + c->memmap[i].size;
		} else if (c->mem_limit) {
			s = c->mem_limit;
			e = ~(phys_addr_t)0;
		} else {
			break;
		}
		s = MAX(s, start);
		e = MIN(e, end);
		if (e <= s)
			continue;
		k = n++;
		while (k && cut[k - 1].start > s) {
			cut[k] = cut[k - 1];
			k--;
		}
		cut[k] = (struct memmap_reserve){ s, e - s };
	}
	/* ...then their union, each byte once. */
	for (int i = 0; i < n; i++) {
		phys_addr_t s = MAX(cut[i].start, covered);
		phys_addr_t e = cut[i].start + cut[i].size;

		if (e > s) {
			removed += e - s;
			covered = e;
		}
	}
	return removed;
}

static int set_numa(struct sparsemm_config *c, const char *v)
{
	if (strcmp(v, "off"))
		return -EINVAL;
	c->numa_off = true;
	return 0;
}

static int set_movablecore(struct sparsemm_config *c, const char *v)
{
	return parse_size(v, &c->movablecore);
}

static int set_seed(struct sparsemm_config *c, const char *v)
{
	int err = parse_uint(v, 0, ~0ULL, &c->seed);

	if (!err)
		c->seed_given = true;
	return err;
}

static int set_suites(struct sparsemm_config *c, const char *v)
{
	return parse_list(v, c->suites, &c->nr_suites);
}

static int set_exclude(struct sparsemm_config *c, const char *v)
{
	return parse_list(v, c->exclude, &c->nr_exclude);
}

static int set_progress(struct sparsemm_config *c, const char *v)
{
	u64 x;
	int err = parse_uint(v, 1, 3600, &x);

	if (!err)
		c->progress_s = (unsigned int)x;
	return err;
}

static int set_passes(struct sparsemm_config *c, const char *v)
{
	u64 x;
	int err = parse_uint(v, 1, 1000000, &x);

	if (!err)
		c->passes = (unsigned int)x;
	return err;
}

static int set_duration(struct sparsemm_config *c, const char *v)
{
	u64 x, mult = 1;
	size_t len = strlen(v);
	char num[24];

	if (!len || len >= sizeof(num))
		return -EINVAL;
	memcpy(num, v, len + 1);
	switch (num[len - 1]) {
	case 's':
		mult = 1;
		num[--len] = '\0';
		break;
	case 'm':
		mult = 60;
		num[--len] = '\0';
		break;
	case 'h':
		mult = 3600;
		num[--len] = '\0';
		break;
	}
	if (parse_uint(num, 1, 7 * 24 * 3600, &x) || x * mult > 7 * 24 * 3600)
		return -EINVAL;
	c->duration_s = (unsigned int)(x * mult);
	return 0;
}

static int set_churn_ops(struct sparsemm_config *c, const char *v)
{
	u64 n;
	int err = parse_uint(v, 1, 10000000, &n);

	if (!err)
		c->churn_ops = (unsigned int)n;
	return err;
}

static int set_pattern_max(struct sparsemm_config *c, const char *v)
{
	return parse_size(v, &c->pattern_max);
}

static int set_pattern(struct sparsemm_config *c, const char *v)
{
	if (!strcmp(v, "full")) {
		c->pattern = c->pattern_full = true;
		return 0;
	}
	if (parse_bool(v, &c->pattern))
		return -EINVAL;
	c->pattern_full = false;
	return 0;
}

static int set_on_done(struct sparsemm_config *c, const char *v)
{
	static const char *const names[] = {
		[ON_DONE_EXIT] = "exit",
		[ON_DONE_SHUTDOWN] = "shutdown",
		[ON_DONE_REBOOT] = "reboot",
		[ON_DONE_HALT] = "halt",
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(names); i++) {
		if (!strcmp(v, names[i])) {
			c->on_done = (enum on_done)i;
			return 0;
		}
	}
	return -EINVAL;
}

static int set_persist(struct sparsemm_config *c, const char *v)
{
	static const char *const names[] = {
		[PERSIST_AUTO] = "auto",
		[PERSIST_ON] = "on",
		[PERSIST_OFF] = "off",
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(names); i++) {
		if (!strcmp(v, names[i])) {
			c->persist = (enum persist)i;
			return 0;
		}
	}
	return -EINVAL;
}

static int set_selftest(struct sparsemm_config *c, const char *v)
{
	static const char *const names[] = {
		[SELFTEST_NONE] = "none",
		[SELFTEST_FAULT] = "fault",
		[SELFTEST_EBS_RETRY] = "ebs_retry",
		[SELFTEST_VMEMMAP_HOLE] = "vmemmap_hole",
		[SELFTEST_AP_FAULT] = "ap_fault",
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(names); i++) {
		if (!strcmp(v, names[i])) {
			c->selftest = (enum selftest)i;
			return 0;
		}
	}
	return -EINVAL;
}

static int set_smp(struct sparsemm_config *c, const char *v)
{
	u64 x;

	if (!strcmp(v, "off")) {
		c->smp = 1;
		return 0;
	}
	if (parse_uint(v, 1, 4096, &x))
		return -EINVAL;
	c->smp = (int)x;
	return 0;
}

static int set_hotplug_holdback(struct sparsemm_config *c, const char *v)
{
	u64 x;
	int err = parse_uint(v, 0, 1024, &x);

	if (!err)
		c->hotplug_holdback = (unsigned int)x;
	return err;
}

/* Words of a list joined by '|' or ',' as bits of names[]; -EINVAL for an
 * unknown word. */
static int parse_word_bits(const char *v, const char *const *names,
			   unsigned int nr, unsigned int *bits)
{
	*bits = 0;
	while (*v) {
		size_t len = 0;
		unsigned int i;

		while (v[len] && v[len] != '|' && v[len] != ',')
			len++;
		for (i = 0; i < nr; i++)
			if (strlen(names[i]) == len &&
			    !strncmp(names[i], v, len))
				break;
		if (i == nr)
			return -EINVAL;
		*bits |= 1u << i;
		v += len;
		if (*v)
			v++;
	}
	return 0;
}

static int set_dump(struct sparsemm_config *c, const char *v)
{
	static const char *const names[] = { "buddyinfo", "pagetypeinfo",
					     "zoneinfo" };
	unsigned int bits;
	int err;

	if (!strcmp(v, "none")) {
		c->dump = 0;
		return 0;
	}
	err = parse_word_bits(v, names, ARRAY_SIZE(names), &bits);
	if (!err)
		c->dump = bits;
	return err;
}

/* "a|b|c" of the DEBUG_INJECT_* words (or "none"). */
static int set_debug_inject(struct sparsemm_config *c, const char *v)
{
	/* In the order of the DEBUG_INJECT_* bits. */
	static const char *const names[] = { "corrupt_freelist", "leak_page",
					     "flip_bit",	 "stuck_bit",
					     "addr_line",	 "coupling" };
	unsigned int bits;
	int err;

	if (!strcmp(v, "none")) {
		c->debug_inject = 0;
		return 0;
	}
	err = parse_word_bits(v, names, ARRAY_SIZE(names), &bits);
	if (!err)
		c->debug_inject = bits;
	return err;
}

/* on|off: the concurrent suite's negative test (docs/config.md). */
static int set_debug_nolock(struct sparsemm_config *c, const char *v)
{
	if (strcmp(v, "on") && strcmp(v, "off"))
		return -EINVAL;
	c->debug_nolock = !strcmp(v, "on");
	return 0;
}

/* screen=WxH (a GOP mode size) or screen=off. */
static int set_screen(struct sparsemm_config *c, const char *v)
{
	const char *x = strchr(v, 'x');
	char w[16];
	u64 width, height;

	if (!strcmp(v, "off")) {
		c->screen_off = true;
		return 0;
	}
	if (!x || (size_t)(x - v) >= sizeof(w))
		return -EINVAL;
	memcpy(w, v, (size_t)(x - v));
	w[x - v] = '\0';
	if (parse_uint(w, 1, 65535, &width) ||
	    parse_uint(x + 1, 1, 65535, &height))
		return -EINVAL;
	c->screen_w = (unsigned int)width;
	c->screen_h = (unsigned int)height;
	c->screen_off = false;
	return 0;
}

/* 0|1: check the firmware's memory services before ExitBootServices. */
static int set_fwcheck(struct sparsemm_config *c, const char *v)
{
	if (strcmp(v, "0") && strcmp(v, "1"))
		return -EINVAL;
	c->fwcheck = v[0] == '1';
	return 0;
}

/* fail|warn: what a corrected memory error (ECC) does to the verdict. */
static int set_ecc(struct sparsemm_config *c, const char *v)
{
	if (strcmp(v, "fail") && strcmp(v, "warn"))
		return -EINVAL;
	c->ecc_warn = v[0] == 'w';
	return 0;
}

/* console=: Linux's serial console / earlycon syntax (lib/uart.h); tty0
 * (the screen) is accepted and changes nothing.  As in Linux, several
 * console= words may be given; the last serial one is the UART used. */
static int set_console(struct sparsemm_config *c, const char *v)
{
	struct uart_desc d;
	int ret = uart_parse_console(v, &d);

	if (ret < 0)
		return ret;
	if (ret == 0)
		c->console = d;
	return 0;
}

static const struct config_key {
	const char *name;
	int (*set)(struct sparsemm_config *c, const char *value);
	const char *expect; /* shown when the value is bad */
} config_keys[] = {
	{ "loglevel", set_loglevel, "a number 0..8" },
	{ "efi", set_efi, "'debug'" },
	{ "memblock", set_memblock, "'debug'" },
	{ "mem", set_mem, "a size of at least 16M, e.g. mem=1G" },
	{ "memmap", set_memmap,
	  "size$start, e.g. memmap=64K$0x12340000 (at most 16)" },
	{ "numa", set_numa, "'off'" },
	{ "movablecore", set_movablecore, "a size, e.g. movablecore=512M" },
	{ "seed", set_seed, "a number, decimal or 0x hex" },
	{ "suites", set_suites,
	  "suite names separated by commas (at most 16)" },
	{ "exclude", set_exclude,
	  "suite names separated by commas (at most 16)" },
	{ "passes", set_passes, "a number 1..1000000" },
	{ "progress", set_progress, "seconds between progress lines, 1..3600" },
	{ "duration", set_duration,
	  "a time such as 90s, 30m or 12h (at most 7 days)" },
	{ "pattern", set_pattern, "on, off or full" },
	{ "churn_ops", set_churn_ops, "a number 1..10000000 (default 40000)" },
	{ "pattern_max", set_pattern_max,
	  "a size, e.g. pattern_max=1G (0: all free memory)" },
	{ "on_done", set_on_done, "exit, shutdown, reboot or halt" },
	{ "persist", set_persist, "auto, on or off" },
	{ "selftest", set_selftest,
	  "none, fault, ebs_retry, vmemmap_hole or ap_fault" },
	{ "smp", set_smp, "'off' or a CPU count 1..4096" },
	{ "hotplug_holdback", set_hotplug_holdback, "a section count 0..1024" },
	{ "dump", set_dump,
	  "none or buddyinfo,pagetypeinfo,zoneinfo (any of them)" },
	{ "debug_inject", set_debug_inject,
	  "none or corrupt_freelist|leak_page|flip_bit|stuck_bit|addr_line|coupling" },
	{ "screen", set_screen, "WxH (a display mode, e.g. 1024x768) or off" },
	{ "debug_nolock", set_debug_nolock, "on or off" },
	{ "fwcheck", set_fwcheck, "0 or 1" },
	{ "ecc", set_ecc, "fail or warn" },
	{ "console", set_console,
	  "ttyS0..ttyS3[,baud], uart,io,ADDR[,baud], uart,mmio|mmio16|mmio32,ADDR[,baud] or tty0" },
};

static void config_word(struct sparsemm_config *cfg, const char *word,
			const char *source)
{
	const char *eq = strchr(word, '=');
	size_t klen = eq ? (size_t)(eq - word) : strlen(word);

	for (unsigned int i = 0; i < ARRAY_SIZE(config_keys); i++) {
		const struct config_key *k = &config_keys[i];
		int err;

		if (strlen(k->name) != klen || strncmp(k->name, word, klen))
			continue;
		if (!eq) {
			pr_cfg("'%s' (%s) needs a value: %s=%s\n", word, source,
			       k->name, k->expect);
			cfg->errors++;
			return;
		}
		err = k->set(cfg, eq + 1);
		if (err) {
			pr_cfg("bad value in '%s' (%s): expected %s%s; keeping the default\n",
			       word, source, k->expect,
			       err == -ERANGE ? " (out of range)" :
			       err == -E2BIG  ? " (too many)" :
						"");
			cfg->errors++;
		}
		return;
	}
	pr_cfg("unknown key in '%s' (%s), ignored\n", word, source);
	cfg->errors++;
}

int config_parse(struct sparsemm_config *cfg, const char *text, size_t len,
		 const char *source)
{
	int before = cfg->errors;
	size_t i = 0;

	while (i < len) {
		char word[256];
		size_t n = 0;

		if (text[i] == '#') {
			while (i < len && text[i] != '\n')
				i++;
			continue;
		}
		if (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' ||
		    text[i] == '\r' || text[i] == '\0') {
			i++;
			continue;
		}
		bool too_long = false;

		while (i < len && text[i] != ' ' && text[i] != '\t' &&
		       text[i] != '\n' && text[i] != '\r' && text[i] != '\0') {
			if (n < sizeof(word) - 1)
				word[n++] = text[i];
			else
				too_long = true;
			i++;
		}
		word[n] = '\0';
		if (too_long) {
			pr_cfg("word starting '%.32s' (%s) is too long, ignored\n",
			       word, source);
			cfg->errors++;
			continue;
		}
		config_word(cfg, word, source);
	}
	return cfg->errors - before;
}

bool config_suite_excluded(const struct sparsemm_config *cfg, const char *name)
{
	for (int i = 0; i < cfg->nr_exclude; i++)
		if (!strcmp(cfg->exclude[i], name))
			return true;
	return false;
}

bool config_suite_enabled(const struct sparsemm_config *cfg, const char *name)
{
	bool selected = cfg->nr_suites == 0;

	for (int i = 0; i < cfg->nr_suites; i++)
		if (!strcmp(cfg->suites[i], name))
			selected = true;
	return selected && !config_suite_excluded(cfg, name);
}

bool config_suite_named(const struct sparsemm_config *cfg, const char *name)
{
	for (int i = 0; i < cfg->nr_suites; i++)
		if (!strcmp(cfg->suites[i], name))
			return true;
	return false;
}

void config_print(const struct sparsemm_config *cfg)
{
	static const char *const on_done[] = { "exit", "shutdown", "reboot",
					       "halt" };

	printk(KERN_INFO
	       "sparsemm: config: loglevel=%d passes=%u duration=%us pattern=%s on_done=%s smp=%d%s%s%s",
	       cfg->loglevel, cfg->passes, cfg->duration_s,
	       cfg->pattern_full ? "full" :
	       cfg->pattern	 ? "on" :
				   "off",
	       on_done[cfg->on_done], cfg->smp,
	       cfg->efi_debug ? " efi=debug" : "",
	       cfg->memblock_debug ? " memblock=debug" : "",
	       cfg->numa_off ? " numa=off" : "");
	if (cfg->mem_limit)
		pr_cont(" mem=%#llx", (unsigned long long)cfg->mem_limit);
	for (int i = 0; i < cfg->nr_memmap; i++)
		pr_cont(" memmap=%#llx$%#llx",
			(unsigned long long)cfg->memmap[i].size,
			(unsigned long long)cfg->memmap[i].start);
	if (cfg->movablecore)
		pr_cont(" movablecore=%#llx",
			(unsigned long long)cfg->movablecore);
	if (cfg->pattern_max)
		pr_cont(" pattern_max=%#llx",
			(unsigned long long)cfg->pattern_max);
	if (cfg->churn_ops)
		pr_cont(" churn_ops=%u", cfg->churn_ops);
	if (cfg->persist != PERSIST_AUTO)
		pr_cont(" persist=%s",
			cfg->persist == PERSIST_ON ? "on" : "off");
	if (cfg->hotplug_holdback)
		pr_cont(" hotplug_holdback=%u", cfg->hotplug_holdback);
	if (cfg->debug_inject)
		pr_cont(" debug_inject=%#x", cfg->debug_inject);
	if (cfg->screen_off)
		pr_cont(" screen=off");
	else if (cfg->screen_w)
		pr_cont(" screen=%ux%u", cfg->screen_w, cfg->screen_h);
	if (cfg->debug_nolock)
		pr_cont(" debug_nolock=on");
	if (cfg->fwcheck)
		pr_cont(" fwcheck=1");
	if (cfg->ecc_warn)
		pr_cont(" ecc=warn");
	if (cfg->console.source == UART_SRC_CONSOLE) {
		char uart[48];

		uart_format(&cfg->console, uart, sizeof(uart));
		pr_cont(" console=%s", uart);
	}
	pr_cont("\n");
}
