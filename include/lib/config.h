/* SPDX-License-Identifier: MIT */
/*
 * The run's configuration: the key=value words given as UEFI load options
 * or in \EFI\sparsemm\sparsemm.cfg (the simulator takes the same words on
 * its command line).  Where Linux has a boot parameter for a setting, the
 * key has Linux's name and meaning.  docs/config.md lists every key.
 */
#ifndef LIB_CONFIG_H
#define LIB_CONFIG_H

#include <lib/types.h>
#include <lib/uart.h>

#define CONFIG_MAX_MEMMAP 16
#define CONFIG_MAX_SUITES 16
#define CONFIG_NAME_MAX 24

enum on_done { ON_DONE_EXIT, ON_DONE_SHUTDOWN, ON_DONE_REBOOT, ON_DONE_HALT };

/* persist=: keep the report in UEFI variables for the next boot (auto: when
 * on_done=reboot or not under QEMU; docs/pc.md). */
enum persist { PERSIST_AUTO, PERSIST_ON, PERSIST_OFF };

enum selftest {
	SELFTEST_NONE,
	SELFTEST_FAULT, /* page fault on purpose: the crash path */
	SELFTEST_EBS_RETRY, /* change the map before ExitBootServices */
	SELFTEST_VMEMMAP_HOLE, /* touch the vmemmap of an absent section */
	SELFTEST_AP_FAULT, /* page fault on an AP: the SMP crash path */
};

/* dump= words: Linux's /proc files printed at the end of a run and carried
 * in the JSON report (docs/report.md). */
enum dump_files {
	DUMP_BUDDYINFO = 1u << 0, /* buddyinfo (the default) */
	DUMP_PAGETYPEINFO = 1u << 1, /* pagetypeinfo */
	DUMP_ZONEINFO = 1u << 2, /* zoneinfo */
};

/* debug_inject= words: faults the stress suites plant on purpose, so that
 * a run proves its suites can fail (docs/suites.md, "Negative tests"). */
enum debug_inject {
	DEBUG_INJECT_CORRUPT_FREELIST = 1u << 0, /* corrupt_freelist */
	DEBUG_INJECT_LEAK_PAGE = 1u << 1, /* leak_page */
	DEBUG_INJECT_FLIP_BIT = 1u << 2, /* flip_bit */
	/* Modelled RAM faults for the memtest suite (mm/stress/memtest.c). */
	DEBUG_INJECT_STUCK_BIT = 1u << 3, /* stuck_bit */
	DEBUG_INJECT_ADDR_LINE = 1u << 4, /* addr_line */
	DEBUG_INJECT_COUPLING = 1u << 5, /* coupling */
};

struct memmap_reserve {
	phys_addr_t start;
	phys_addr_t size;
};

struct sparsemm_config {
	int loglevel; /* loglevel=: console loglevel 0..8 */
	bool efi_debug; /* efi=debug: print the EFI map */
	bool memblock_debug; /* memblock=debug */
	phys_addr_t mem_limit; /* mem=: 0 = none */
	struct memmap_reserve memmap[CONFIG_MAX_MEMMAP]; /* memmap=nn$ss */
	int nr_memmap;
	bool numa_off; /* numa=off */
	phys_addr_t movablecore; /* movablecore=: bytes, 0 = none */
	u64 seed; /* seed=: 0 = derive from the clock */
	bool seed_given;
	char suites[CONFIG_MAX_SUITES][CONFIG_NAME_MAX]; /* suites=a,b */
	int nr_suites; /* 0 = all */
	char exclude[CONFIG_MAX_SUITES][CONFIG_NAME_MAX]; /* exclude=a,b */
	int nr_exclude;
	unsigned int passes; /* passes=N (default 1) */
	unsigned int
		progress_s; /* progress=: seconds between progress lines (5) */
	unsigned int duration_s; /* duration=: seconds, 0 = by passes */
	bool pattern; /* pattern=on|off|full */
	bool pattern_full; /* pattern=full: every word, 3 patterns */
	u64 pattern_max; /* pattern_max=: bytes written per sweep
					 * (an even sample); 0 = all */
	unsigned int churn_ops; /* churn_ops=: steps per churn phase;
					 * 0 = the suite's default */
	unsigned int dump; /* dump=: enum dump_files bits */
	enum on_done on_done; /* on_done=exit|shutdown|reboot|halt */
	enum persist persist; /* persist=auto|on|off */
	enum selftest selftest; /* selftest= */
	int smp; /* smp=off|N: -1 = all CPUs */
	unsigned int hotplug_holdback; /* hotplug_holdback=N sections */
	unsigned int debug_inject; /* debug_inject=a|b: DEBUG_INJECT_* */
	unsigned int screen_w, screen_h; /* screen=WxH: 0 = automatic */
	bool screen_off; /* screen=off: no screen console */
	bool debug_nolock; /* debug_nolock=on: no zone lock in
					 * rmqueue_buddy (negative test) */
	bool fwcheck; /* fwcheck=1: firmware memory services
					 * vs the UEFI SCT (docs/fwcheck.md) */
	bool ecc_warn; /* ecc=warn: corrected machine-check
					 * errors warn instead of failing */
	struct uart_desc console; /* console=ttyS1,115200 / uart,...:
					 * the last serial one; source
					 * UART_SRC_NONE when not given */

	int errors; /* bad values and unknown keys seen */
	int fatal; /* values that make the run meaningless */
};

/* Fill in the defaults. */
void config_defaults(struct sparsemm_config *cfg);

/*
 * Parse 'len' bytes of key=value words (whitespace separated; '#' starts a
 * comment to the end of the line).  'source' names where they came from in
 * messages ("load options", "\EFI\sparsemm\sparsemm.cfg").  Unknown keys
 * and bad values are reported and counted; the setting keeps its previous
 * value.  Returns the number of problems found.
 */
int config_parse(struct sparsemm_config *cfg, const char *text, size_t len,
		 const char *source);

/* Print the effective configuration as one line of key=value words. */
void config_print(const struct sparsemm_config *cfg);
/* Bytes of [start, start + size) that mem= and memmap=nn$ss take away from
 * RAM (each byte counted once). */
phys_addr_t config_user_removed(const struct sparsemm_config *cfg,
				phys_addr_t start, phys_addr_t size);

/* True when suite 'name' is selected by suites= and not in exclude=. */
bool config_suite_enabled(const struct sparsemm_config *cfg, const char *name);
/* True when suites= names the suite (not just an empty list). */
bool config_suite_named(const struct sparsemm_config *cfg, const char *name);
/* True when exclude= names 'name'. */
bool config_suite_excluded(const struct sparsemm_config *cfg, const char *name);

/*
 * Linux's memparse: a number (decimal, or 0x hex) with an optional K, M,
 * G, T, P or E suffix.  Returns 0 and stores the value, or -EINVAL (bad
 * syntax) / -ERANGE (overflow); *end points after what was parsed.
 */
int memparse(const char *s, const char **end, u64 *value);

#endif
