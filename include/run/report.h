/* SPDX-License-Identifier: MIT */
/*
 * The end-of-run report: a human-readable summary, then the same content
 * as ONE JSON object between two marker lines, so that a person and a
 * script can both read the end of a log:
 *
 *   ---8<--- sparsemm report json ---8<---
 *   { "version": 1, ... }
 *   ---8<--- end ---8<---
 *
 * docs/report.md documents every field.  The object's layout only grows:
 * a field is never renamed or given another meaning without raising
 * REPORT_VERSION.  Numbers that may exceed 2^53 (addresses, the seed,
 * pattern values) are strings "0x..."; counts are plain numbers.
 */
#ifndef RUN_REPORT_H
#define RUN_REPORT_H

#include <lib/mce.h>
#include <lib/report_format.h>
#include <lib/smbios.h>
#include <lib/types.h>

struct deferred_init_stats;
struct map_diag_sink;
struct stress_results;

/* One machine-check record as the report lists it. */
struct report_mce {
	struct mce m;
	bool at_start; /* left by the firmware or an earlier boot */
	bool has_pa;
	u64 pa; /* the address MCi_ADDR names (MISC's LSB applied) */
	char when[64]; /* "at start (...)", "after churn pass 1", "#MC" */
	char dimm[48]; /* smbios_dimm_name(), "" without an address */
};

#define REPORT_MAX_MCE 32

/*
 * Hardware events (efi/post_exit/mce.c, nmi.c): NMIs sparsemm did not
 * send, machine-check records, and the DIMMs SMBIOS describes.
 */
struct report_hw {
	bool mca; /* the CPU has the machine-check architecture */
	unsigned int mce_banks; /* MCG_CAP.Count */
	bool cmci; /* MCG_CAP.MCG_CMCI_P */
	bool ecc_warn; /* ecc=warn */
	u64 nmi_unknown, nmi_serr, nmi_iochk;
	u64 mce_corrected, mce_uncorrected; /* all records seen */
	unsigned int nr_mce; /* kept in mce[] */
	const struct report_mce *mce;
	const struct smbios_mem *dimms; /* NULL: no SMBIOS */
};

/* The machine, as the platform found it (SMBIOS, UEFI system table). */
struct report_machine {
	const char *sys_vendor; /* SMBIOS type 1 manufacturer */
	const char *product; /* SMBIOS type 1 product name */
	const char *bios_version; /* SMBIOS type 0 version */
	const char *fw_vendor; /* UEFI FirmwareVendor */
	u32 fw_revision; /* UEFI FirmwareRevision */
	const struct report_hw *hw; /* NULL: the platform has none */
	/* Why the firmware's runtime services were disabled mid-run (a fault
	 * inside one, efi/post_exit/efi_runtime.c), asked when the report is
	 * written; NULL, or a NULL answer: they never were. */
	const char *(*runtime_fault)(void);
};

/*
 * The memory model's overhead, filled by the model code (or by
 * report_model_from_sparse()).  valid false: printed as null.
 */
struct report_model {
	bool valid;
	const char *name; /* "vmemmap", "sparse", "flatmem" */
	unsigned long present_sections;
	u64 present_bytes; /* memory inside present sections */
	u64 memmap_bytes; /* struct pages of the built model */
	u64 hole_bytes; /* of which for pfns that are not RAM */
	u64 usage_bytes; /* mem_section_usage maps */
	unsigned long pgtable_pages; /* page-table pages for the vmemmap */
	unsigned long root_pages; /* SPARSEMEM_EXTREME roots */
	u64 sparse_init_ns, memmap_init_ns;
	u64 pfn_to_page_ps, page_to_pfn_ps; /* per call, picoseconds */
	/* What each model would spend on this machine. */
	u64 cost_vmemmap_bytes, cost_sparse_bytes, cost_flatmem_bytes;
	/* memmap_init's work per node and CPU (NULL: not known). */
	const struct deferred_init_stats *memmap_init;
};

struct report_input {
	const struct report_machine *machine; /* NULL: unknown */
	const struct map_diag_sink *map_diags; /* NULL: not available */
	const struct report_model *model; /* NULL: not available */
	const struct stress_results *stress; /* NULL: suites not run */
	const char *verdict; /* "pass", "fail", "crash" */
	unsigned int dump; /* dump=: /proc files printed and in the JSON */
};

/* Print the summary and the JSON object (at KERN_ALERT, so that any
 * loglevel= shows them). */
void report_print(const struct report_input *in);

/*
 * Fill *m from mm/sparse's figures for the model this build uses, and
 * time pfn_to_page/page_to_pfn over the present memory.
 */
void report_model_from_sparse(struct report_model *m);

/*
 * The end of a run, the same in the app and the simulator: the verdict
 * from the KTAP top level (every result ok and none missing), the memory
 * model's figures, the stress results (stress_last_results(); lib/ does
 * not call into mm/stress itself) and the summary, Linux's /proc files
 * of dump= (enum dump_files), and the JSON.  machine, diags and stress may
 * be NULL.  Returns true for a pass.
 */
struct ktap_suite;
bool report_finish(const struct ktap_suite *top,
		   const struct report_machine *machine,
		   const struct map_diag_sink *diags,
		   const struct stress_results *stress, unsigned int dump);

#endif
