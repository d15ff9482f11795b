/* SPDX-License-Identifier: MIT */
/*
 * What a Linux boot log says about Linux's own results, set against
 * sparsemm's:
 *
 *   - the line kinds kept for --compare, in one table (linux_ref_kinds[]):
 *     each kind has a name, a predicate that recognizes its lines (used on
 *     Linux's log when parsing and on sparsemm's own log when comparing),
 *     and optionally a way to derive sparsemm's lines from its state while
 *     no sparsemm stage prints them yet.  Adding a kind is one enum value
 *     (sim_map.h) and one table entry;
 *   - Linux's e820 edits: which ones sparsemm's pipeline reproduces itself
 *     (applied) and which it does not (ignored), and why;
 *   - the mem=/memmap= words of Linux's command line that sparsemm takes.
 */
#ifndef SIM_PARSE_LINUX_REF_H
#define SIM_PARSE_LINUX_REF_H

#include <maps/sim_map.h>

#include <lib/config.h>

struct linux_ref_desc {
	const char *name; /* "BIOS-e820", "Early memory node ranges", ... */
	/* msg is a log line without its prefix (timestamp etc.) */
	bool (*is)(const char *msg);
	/*
	 * sparsemm's lines of this kind computed from its state, for kinds
	 * whose stage does not print them yet; NULL when the log is the only
	 * source.  Appends NUL-terminated lines to *lines (malloc'd array of
	 * malloc'd strings); returns the number added or -ENOMEM.
	 */
	int (*derive)(char ***lines, unsigned int *nr);
	const char *derive_note; /* how derive works, for the report */
};

extern const struct linux_ref_desc linux_ref_kinds[LREF_NR_KINDS];

/* The kind of a log message, or -1 when it is none of them. */
int linux_ref_classify(const char *msg);

/*
 * Decide about one Linux edit.  cfg is the configuration the run uses
 * (after taking mem=/memmap= from Linux's command line).  Writes the reason
 * into why and returns true when sparsemm's pipeline reproduces the edit.
 */
bool linux_edit_applied(const struct linux_edit *e,
			const struct sparsemm_config *cfg, char *why,
			size_t size);

/*
 * From Linux's command line, copy the words sparsemm's config takes with
 * the same meaning (mem=N, memmap=N$S) into take, space-separated, and the
 * mem=/memmap= words it does not take (memmap=N@S, N#S, N!S, exactmap,
 * mem=nopentium, ...) into skip.  Returns the number of words taken.
 */
int linux_cmdline_mem_words(const char *cmdline, char *take, size_t take_size,
			    char *skip, size_t skip_size);

/*
 * --compare: for each kind, Linux's lines (from m) against sparsemm's
 * (the lines of sparsemm_log, its own output of this run, or derived),
 * compared after collapsing runs of blanks.  Prints the result through
 * printk; differing lines that overlap an ignored Linux edit say so.
 * Returns the number of kinds that differ.
 */
int linux_ref_compare(const struct sim_map *m, const char *sparsemm_log,
		      const struct sparsemm_config *cfg);

#endif
