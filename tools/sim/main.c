// SPDX-License-Identifier: MIT
/*
 * sparsemm-sim: replay a machine's memory map through mm/ on this host.
 *
 *   sparsemm-sim [options] MAPFILE [key=value ...]
 *
 * The flow is the run sequence (mm/run/run.c) the app runs after
 * ExitBootServices (efi/post_exit/post_exit.c), with the
 * firmware replaced by a map file and the machine's memory by simulated
 * physical memory (include/arch/host.h): the same key=value words, the same
 * log through printk, the same stages, the same `sparsemm: verdict:` line
 * and exit status.  What only the simulator does is logged with the
 * prefix `sparsemm-sim:`.  docs/simulator.md is the user's guide.
 */
#include "sim.h"

#include <maps/linux_ref.h>
#include <maps/sim_pipeline.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lib/config.h>
#include <lib/efi_memtype.h>
#include <lib/printk.h>
#include <mm/hotplug.h>
#include <mm/memblock.h>
#include <mm/sparse.h>
#include <arch/arch.h>
#include <arch/host.h>
#include <mm/setup.h>
#include <lib/ktap.h>
#include <run/report.h>
#include <mm/memblock.h>
#include <stress/stress.h>

static const char usage_text[] =
	"usage: sparsemm-sim [options] MAPFILE [key=value ...]\n"
	"\n"
	"Replay a machine's memory map through sparsemm's mm/ over simulated\n"
	"physical memory, printing the app's log and verdict.\n"
	"\n"
	"MAPFILE formats (detected; --format forces one):\n"
	"  bootlog     a Linux boot log (efi: memNN lines, else BIOS-e820 lines),\n"
	"              sparsemm's serial log or its saved map file\n"
	"  uefi-shell  the UEFI shell's `memmap` output\n"
	"  json        the documented JSON form (docs/simulator.md)\n"
	"\n"
	"options:\n"
	"  --format FMT     auto (default), bootlog, uefi-shell or json\n"
	"  --mem-bits N     simulated physical address bits (32..47; default:\n"
	"                   the map's phys_bits, else 46)\n"
	"  --compare        print where sparsemm's results differ from the Linux\n"
	"                   lines in a boot log (BIOS-e820, Early memory node\n"
	"                   ranges, ...)\n"
	"  --suites         run the stress suites even when the host seems to\n"
	"                   have too little memory for them\n"
	"  --no-suites      stop after the allocator is built\n"
	"  --backing DIR    simulated memory in a file in DIR (a tmpfs mounted\n"
	"                   with huge=always: 2 MiB pages) instead of a memfd\n"
	"  --linux-version X.Y  the kernel that wrote the boot log, when its\n"
	"                   `Linux version` line is not in it (--compare)\n"
	"  --quiet          print only warnings, errors, --compare results and\n"
	"                   the verdict\n"
	"  --help           this text\n"
	"\n"
	"key=value words are the app's (docs/config.md), e.g. mem=4G\n"
	"memmap=64M$0x10000000 memblock=debug loglevel=8.\n"
	"\n"
	"Exit status: 0 PASS, 1 FAIL, 2 usage error or unreadable map.\n";

/* Host memory free for this run (MemAvailable), or 0 if unknown. */
static u64 host_mem_available(void)
{
	unsigned long long kib = 0;
	char line[128];
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %llu kB", &kib) == 1)
			break;
	fclose(f);
	return (u64)kib << 10;
}

/*
 * The stress suites and the report (the run sequence's), without the
 * app's boot, paging and firmware checks, which need the machine.
 * Simulated memory costs host memory only where it is touched
 * (tools/lib/arch_host.c): the struct pages (1/64 of the RAM, written at
 * boot) and what the suites write.  Of the suites only pattern writes all
 * free memory; on a map with more than SIM_PATTERN_SAMPLE_ABOVE of RAM it
 * writes an even sample of SIM_PATTERN_SAMPLE_BYTES per sweep (pattern_max=,
 * unless given).  Returns 0 when every suite passed or was skipped.
 */
static int suites(const struct sim_options *o, struct sparsemm_config *cfg,
		  const struct sim_run *r)
{
	struct report_machine machine = {
		"sparsemm-sim", o->map_path, "", "", 0, NULL, NULL
	};
	struct run_suites_input in = { .cfg = cfg,
				       .st = &r->st,
				       .machine = &machine };
	u64 ram_bytes = memblock_phys_mem_size(), avail = host_mem_available();

	if (o->suites == 0) {
		pr_info("sparsemm-sim: stress suites not run (--no-suites)\n");
		return 0;
	}
	if (!cfg->pattern_max && ram_bytes > SIM_PATTERN_SAMPLE_ABOVE) {
		cfg->pattern_max = SIM_PATTERN_SAMPLE_BYTES;
		pr_info("sparsemm-sim: %llu MiB of RAM: the pattern suite writes an even sample of %llu MiB per sweep (pattern_max=; docs/simulator.md)\n",
			(unsigned long long)(ram_bytes >> 20),
			(unsigned long long)(cfg->pattern_max >> 20));
	}
	/* The struct pages are resident by now; what the suites write is
	 * at most the RAM, and at most SIM_SUITES_HOST_BYTES. */
	if (o->suites < 0 && avail &&
	    MIN(ram_bytes, SIM_SUITES_HOST_BYTES) > avail) {
		pr_err("sparsemm-sim: the suites would write about %llu MiB of host memory, %llu MiB are available: stress suites not run (--suites runs them anyway)\n",
		       (unsigned long long)(MIN(ram_bytes,
						SIM_SUITES_HOST_BYTES) >>
					    20),
		       (unsigned long long)(avail >> 20));
		return -ENOMEM;
	}
	return run_suites(&in) ? 0 : -EIO;
}

/* ---- consoles ------------------------------------------------------------------ */

static void stdout_write(struct console *con, const char *text, size_t len)
{
	fwrite(text, 1, len, stdout);
}

static struct console stdout_console = { .name = "stdout",
					 .write = stdout_write };

/* --compare reads the run's own log back from the printk ring, which
 * keeps every message whatever the console loglevel. */
#define SIM_LOG_BUF_SIZE (32u << 20)

static char *read_own_log(void)
{
	u64 from = log_buf_first(), to = log_buf_written();
	char *text = malloc(to - from + 1);

	if (!text)
		return NULL;
	text[log_buf_read(from, text, to - from)] = '\0';
	return text;
}

/* ---- options -------------------------------------------------------------------- */

static int append_word(struct sim_options *o, const char *w)
{
	size_t old = o->config_words ? strlen(o->config_words) : 0;
	char *p = realloc(o->config_words, old + strlen(w) + 2);

	if (!p)
		return -ENOMEM;
	sprintf(p + old, "%s%s", old ? " " : "", w);
	o->config_words = p;
	return 0;
}

static int parse_options(int argc, char **argv, struct sim_options *o)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "mem-bits", required_argument, NULL, 'b' },
		{ "compare", no_argument, NULL, 'c' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "suites", no_argument, NULL, 's' },
		{ "no-suites", no_argument, NULL, 'S' },
		{ "linux-version", required_argument, NULL, 'L' },
		{ "backing", required_argument, NULL, 'B' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int c, f;

	while ((c = getopt_long(argc, argv, "+f:b:cqsSL:B:h", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'f':
			f = sim_format_from_name(optarg);
			if (f < 0) {
				fprintf(stderr,
					"sparsemm-sim: --format %s: not auto, bootlog, uefi-shell or json\n",
					optarg);
				return -EINVAL;
			}
			o->format = (enum sim_format)f;
			break;
		case 'b':
			o->mem_bits = (unsigned int)strtoul(optarg, &end, 10);
			if (*end || o->mem_bits < 32 || o->mem_bits > 47) {
				fprintf(stderr,
					"sparsemm-sim: --mem-bits %s: want 32..47\n",
					optarg);
				return -EINVAL;
			}
			break;
		case 'c':
			o->compare = true;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 's':
			o->suites = 1;
			break;
		case 'S':
			o->suites = 0;
			break;
		case 'L':
			if (sscanf(optarg, "%u.%u", &o->linux_major,
				   &o->linux_minor) != 2) {
				fprintf(stderr,
					"sparsemm-sim: --linux-version %s: want X.Y\n",
					optarg);
				return -EINVAL;
			}
			break;
		case 'B':
			f = host_phys_set_backing(optarg);
			if (f) {
				fprintf(stderr,
					"sparsemm-sim: --backing %s: %s\n",
					optarg,
					f == -EOPNOTSUPP ?
						"hugetlbfs maps only whole 2 MiB pages, so holes next to RAM would be accessible; use a tmpfs mounted with huge=always" :
						strerror(-f));
				return -EINVAL;
			}
			break;
		case 'h':
			fputs(usage_text, stdout);
			exit(SIM_EXIT_PASS);
		default:
			fputs(usage_text, stderr);
			return -EINVAL;
		}
	}
	for (int i = optind; i < argc; i++) {
		if (strchr(argv[i], '=') && argv[i][0] != '/' &&
		    argv[i][0] != '.') {
			if (append_word(o, argv[i]))
				return -ENOMEM;
		} else if (!o->map_path) {
			o->map_path = argv[i];
		} else {
			fprintf(stderr,
				"sparsemm-sim: more than one MAPFILE (%s, %s)\n",
				o->map_path, argv[i]);
			return -EINVAL;
		}
	}
	if (!o->map_path) {
		fputs(usage_text, stderr);
		return -EINVAL;
	}
	return 0;
}

/* ---- the run ---------------------------------------------------------------------- */

/* The app prints the firmware's descriptors first (efi_memmap_print). */
static void print_efi_map(const struct sim_map *m)
{
	char line[EFI_MD_LINE_MAX];

	if (m->source != MEMMAP_SRC_EFI)
		return;
	for (unsigned int i = 0; i < m->nr; i++) {
		struct efi_md_info md = {
			.type = m->entries[i].src_type,
			.phys_addr = m->entries[i].start,
			.num_pages = m->entries[i].pages,
			.attr = m->entries[i].attr,
		};

		efi_md_format_line(line, sizeof(line), i, &md);
		printk(KERN_INFO "%s\n", line);
	}
}

/*
 * Linux's mem=/memmap= words from the boot log's command line, unless the
 * simulator's own words set either: returns the words to parse (static).
 */
static const char *linux_mem_words(const struct sim_map *m,
				   const struct sparsemm_config *cfg)
{
	static char take[512];
	char skip[512];

	if (!m->cmdline)
		return NULL;
	if (!linux_cmdline_mem_words(m->cmdline, take, sizeof(take), skip,
				     sizeof(skip)) &&
	    !skip[0])
		return NULL;
	if (skip[0])
		pr_info("sparsemm-sim: linux: line %u: command-line words sparsemm does not take: %s\n",
			m->cmdline_line, skip);
	if (!take[0])
		return NULL;
	if (cfg->mem_limit || cfg->nr_memmap) {
		pr_info("sparsemm-sim: linux: line %u: %s not used: mem=/memmap= given on the simulator's command line\n",
			m->cmdline_line, take);
		return NULL;
	}
	pr_info("sparsemm-sim: linux: line %u: taking %s from Linux's command line\n",
		m->cmdline_line, take);
	return take;
}

/* Say which of Linux's own edits sparsemm reproduces, and why not the rest. */
static void report_linux_edits(const struct sim_map *m,
			       const struct sparsemm_config *cfg)
{
	char why[200];

	for (unsigned int i = 0; i < m->nr_edits; i++) {
		const struct linux_edit *e = &m->edits[i];
		bool applied = linux_edit_applied(e, cfg, why, sizeof(why));

		pr_info("sparsemm-sim: linux: line %u `%s`: %s: %s\n", e->line,
			e->text, applied ? "applied" : "ignored", why);
	}
}

static int run(const struct sim_options *o, struct sim_map *m)
{
	struct sparsemm_config cfg;
	struct sim_run r;
	const char *words;
	unsigned int bits;
	u64 t0, t_map = 0, t1 = 0, f0;
	int err;

	config_defaults(&cfg);
	if (o->config_words)
		config_parse(&cfg, o->config_words, strlen(o->config_words),
			     "command line");
	console_loglevel = o->quiet ? LOGLEVEL_INFO :
				      cfg.loglevel; /* quiet: up to NOTICE */
	pr_info("sparsemm-sim: replaying %s: %u entries from %s (%s)%s%s\n",
		m->path, m->nr, m->source_name ? m->source_name : "the map",
		sim_format_name(m->format), m->nr_numa ? ", NUMA from " : "",
		m->nr_numa ? m->numa_source : "");
	if (m->ignored_listing_line)
		pr_info("sparsemm-sim: line %u: a later listing of the EFI map (Linux prints it again after SetVirtualAddressMap) is ignored; the first one is the firmware's\n",
			m->ignored_listing_line);
	words = linux_mem_words(m, &cfg);
	if (words)
		config_parse(&cfg, words, strlen(words),
			     "Linux's command line in the boot log");
	config_print(&cfg);
	if (cfg.fatal) {
		pr_err("sparsemm: the configuration makes the run meaningless (see above); not starting\n");
		return -EINVAL;
	}
	report_linux_edits(m, &cfg);

	bits = o->mem_bits  ? o->mem_bits :
	       m->phys_bits ? m->phys_bits :
			      SIM_DEFAULT_PHYS_BITS;
	print_efi_map(m);
	f0 = host_minor_faults();
	t0 = host_now_ns();
	err = sim_pipeline_run(m, &cfg, bits, &r);
	t_map = host_now_ns() - t0;
	if (!err && host_mem_available() &&
	    memblock_phys_mem_size() / 64 > host_mem_available()) {
		/* The struct pages are written at boot: the run would be
		 * killed by the host's OOM killer, without a verdict. */
		pr_err("sparsemm-sim: this map's struct pages alone need %llu MiB of host memory, %llu MiB are available\n",
		       (unsigned long long)(memblock_phys_mem_size() / 64 >>
					    20),
		       (unsigned long long)(host_mem_available() >> 20));
		err = -ENOMEM;
	}
	if (!err) {
		struct run_hooks hooks;

		/* SPARSEMEM, zones, memmap_init and the buddy allocator, in the
		 * run sequence's order (as the app). */
		sim_pipeline_hooks(m, &hooks);
		t1 = arch_cycles();
		err = run_memblock_to_allocator(&cfg, &hooks);
	}
	if (!err) /* memblock: the map's steps, then the nodes' */
		sim_boot_figures_print(
			t_map + (mm_core_init_cycles.start - t1) *
					1000000000ULL / arch_cycles_per_sec(),
			host_minor_faults() - f0);
	if (!err)
		err = suites(o, &cfg, &r);

	if (o->compare) {
		char *own = read_own_log();

		linux_ref_compare(m, own ? own : "", &cfg);
		free(own);
	}
	sim_pipeline_free(&r);
	return err;
}

int main(int argc, char **argv)
{
	struct sim_options o = { .format = SIM_FMT_AUTO, .suites = -1 };
	struct sim_map m;
	char *log_ring;
	int err, status;

	if (parse_options(argc, argv, &o))
		return SIM_EXIT_USAGE;
	register_console(&stdout_console);
	log_ring = malloc(SIM_LOG_BUF_SIZE);
	if (log_ring)
		log_buf_set(log_ring, SIM_LOG_BUF_SIZE);
	sim_map_init(&m, o.map_path);
	err = sim_map_load(&m, o.format);
	if (err) {
		pr_err("sparsemm-sim: %s\n", m.error);
		sim_map_free(&m);
		free(o.config_words);
		return SIM_EXIT_USAGE;
	}
	if (!m.linux_major) {
		m.linux_major = o.linux_major;
		m.linux_minor = o.linux_minor;
	}
	err = run(&o, &m);
	status = err ? SIM_EXIT_FAIL : SIM_EXIT_PASS;
	printk(KERN_EMERG "sparsemm: verdict: %s\n", err ? "FAIL" : "PASS");
	fflush(stdout);
	sim_map_free(&m);
	free(o.config_words);
	return status; /* log_ring stays: printk may still use it */
}
