/* SPDX-License-Identifier: MIT */
/*
 * The run sequence: one portable order of steps from a firmware map to a
 * verdict, called by the firmware app (efi/post_exit/post_exit.c) and by
 * the host simulator (tools/sim/main.c), with a small set of platform
 * hooks for what only one of them has.  The log lines of the output
 * contract that belong to these steps are printed here, once.
 *
 *   run_map_to_memblock()
 *     mm_map_setup()               sanitized map, e820, mem=/memmap=, x86 rules
 *     hooks.map_ready()            app: own page tables, ACPI tables found;
 *                                  host: back the e820 RAM with memory
 *     mm_memblock_setup()          reserve hooks.in_use[], add the e820 RAM
 *     "sparsemm: memblock: N MiB of memory, N KiB reserved"
 *     hooks.memblock_ready()       app: framebuffer, log buffer, ACPI tables
 *   run_memblock_to_allocator()
 *     hooks.set_nodes() or numa_init(), then numa_cpus_init()
 *     memblock_check()             memblock's invariants
 *     hotplug_holdback()           hotplug_holdback=N
 *     hooks.bring_up_cpus()        app: the APs (their stacks are memblock's)
 *     hooks.boot_cpus()            app: the CPUs memmap_init runs on
 *     mm_core_init()               sections, zones, struct pages (on every
 *                                  CPU: mm/deferred_init.c), allocator
 *   run_suites()
 *     KTAP top level: hooks' own results first (app: boot, paging, fwcheck),
 *     then every stress suite and the platform's checks, then the report
 *   run_abort()                    from a handler (#MC): KTAP completed,
 *                                  the report
 *
 * Every step returns 0 or a negative error it has already printed; a
 * caller ends the run with FAIL on any error.
 */
#ifndef RUN_RUN_H
#define RUN_RUN_H

#include <lib/config.h>
#include <lib/ktap.h>
#include <mm/deferred_init.h>
#include <mm/setup.h>
#include <run/report.h>
#include <stress/stress.h>

struct run_hooks {
	void *data; /* handed to every hook */
	/* After the map is sanitized and the e820 table final. */
	int (*map_ready)(const struct mm_map_state *st, void *data);
	/* What the platform still uses: reserved before RAM is added. */
	const struct mm_in_use *in_use;
	unsigned int nr_in_use;
	/* Once memblock has the RAM (may reserve or allocate from it). */
	void (*memblock_ready)(const struct mm_map_state *st, void *data);
	/* Nodes for memblock's ranges; NULL: numa_init() from ACPI. */
	int (*set_nodes)(const struct sparsemm_config *cfg, void *data);
	/* Start the other CPUs; returns how many CPUs in all.  NULL: 1. */
	unsigned int (*bring_up_cpus)(void *data);
	/* The CPUs that initialize the struct pages (<mm/deferred_init.h>),
	 * once they are up.  NULL: the calling CPU alone. */
	const struct mm_cpus *(*boot_cpus)(void *data);
};

/* The suites' inputs beyond the map: the platform's own results and checks. */
struct run_suites_input {
	const struct sparsemm_config *cfg;
	const struct mm_map_state *st;
	const struct report_machine *machine;
	/* Results the platform reports before the stress suites, and how many
	 * (the KTAP plan counts them). */
	unsigned int nr_own_results;
	void (*own_results)(struct ktap_suite *top,
			    const struct mm_map_state *st);
	/* Checks run after the stress suites (all CPUs, firmware integrity). */
	const struct stress_platform_check *checks;
	unsigned int nr_checks;
	void (*progress)(const struct stress_progress *p, void *data);
	/* Hardware hooks (NULL: none), handed to the stress runner: the
	 * machine-check poll after each pass, the DIMM of an address, the
	 * CPUs for suites that use them all (struct stress_env). */
	void (*after_pass)(const char *suite, unsigned int pass, void *data);
	const char *(*dimm_name)(phys_addr_t pa, char *buf, size_t size,
				 void *data);
	const struct stress_smp *smp;
	/* Right before the report: the platform refreshes machine->hw. */
	void (*before_report)(void);
};

int run_map_to_memblock(const struct mm_map_input *in,
			const struct run_hooks *hooks, struct mm_map_state *st);
int run_memblock_to_allocator(const struct sparsemm_config *cfg,
			      const struct run_hooks *hooks);
/* The suites and the report; true when the run passed. */
bool run_suites(const struct run_suites_input *in);
/*
 * End the run from a handler (a machine check) with 'reason': complete the
 * KTAP document (stress_abort), print the report.  Returns true when it
 * did; false outside run_suites(), where there is no KTAP document and the
 * caller prints what it can.  Either way the run failed.
 */
bool run_abort(const char *reason);

#endif /* RUN_RUN_H */
