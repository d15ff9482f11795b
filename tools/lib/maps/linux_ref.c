// SPDX-License-Identifier: MIT
/*
 * Linux's own results in a boot log against sparsemm's (linux_ref.h): the
 * table of compared line kinds, the verdict on each of Linux's e820 edits,
 * the mem=/memmap= words of its command line, and --compare.
 */
#include <maps/linux_ref.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lib/printk.h>
#include <mm/e820.h>
#include <mm/memblock.h>

static bool starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static const char *skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* ---- the kinds ------------------------------------------------------------- */

static bool is_bios_e820(const char *msg)
{
	return starts(msg, "BIOS-e820: [mem ");
}

static bool is_user_e820(const char *msg)
{
	return starts(msg, "user: [mem ");
}

static bool is_zone_range(const char *msg)
{
	static const char *const zones[] = {
		"DMA ", "DMA32 ", "Normal ", "Movable ", "Device ", "HighMem "
	};
	const char *s = skip_blanks(msg);

	if (s == msg) /* Linux indents these two spaces */
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(zones); i++)
		if (starts(s, zones[i])) {
			s = skip_blanks(s + strlen(zones[i]));
			return starts(s, "[mem ") || !strcmp(s, "empty");
		}
	return false;
}

static bool is_node_range(const char *msg)
{
	unsigned int n;
	int end = 0;

	return sscanf(skip_blanks(msg), "node %u: [mem %n", &n, &end) == 1 &&
	       end;
}

static bool is_initmem(const char *msg)
{
	return starts(msg, "Initmem setup node ");
}

static bool is_unavailable(const char *msg)
{
	return starts(msg, "On node ") &&
	       strstr(msg, " pages in unavailable ranges");
}

static int push_line(char ***lines, unsigned int *nr, const char *text)
{
	char **p = realloc(*lines, (*nr + 1) * sizeof(*p));

	if (!p)
		return -ENOMEM;
	*lines = p;
	p[*nr] = strdup(text);
	if (!p[*nr])
		return -ENOMEM;
	(*nr)++;
	return 0;
}

/* Linux's free_area_init() output, from memblock.memory as it is now. */
static int derive_node_ranges(char ***lines, unsigned int *nr)
{
	unsigned long start_pfn, end_pfn;
	int i, nid, added = 0;
	char buf[96];

	for_each_mem_pfn_range(i, NUMA_NO_NODE, &start_pfn, &end_pfn, &nid) {
		snprintf(buf, sizeof(buf),
			 "  node %3d: [mem %#018llx-%#018llx]",
			 nid < 0 ? 0 : nid,
			 (unsigned long long)start_pfn << PAGE_SHIFT,
			 ((unsigned long long)end_pfn << PAGE_SHIFT) - 1);
		if (push_line(lines, nr, buf))
			return -ENOMEM;
		added++;
	}
	return added;
}

const struct linux_ref_desc linux_ref_kinds[LREF_NR_KINDS] = {
	[LREF_BIOS_E820] = { "BIOS-e820", is_bios_e820, NULL, NULL },
	[LREF_USER_E820] = { "user-defined physical RAM map", is_user_e820,
			     NULL, NULL },
	[LREF_ZONE_RANGE] = { "Zone ranges", is_zone_range, NULL, NULL },
	[LREF_NODE_RANGE] = { "Early memory node ranges", is_node_range,
			      derive_node_ranges,
			      "derived from memblock.memory (for_each_mem_pfn_range) until the zones code prints them" },
	[LREF_INITMEM] = { "Initmem setup node", is_initmem, NULL, NULL },
	[LREF_UNAVAILABLE] = { "pages in unavailable ranges", is_unavailable,
			       NULL, NULL },
};

int linux_ref_classify(const char *msg)
{
	for (int k = 0; k < LREF_NR_KINDS; k++)
		if (linux_ref_kinds[k].is(msg))
			return k;
	return -1;
}

/* ---- Linux's edits ------------------------------------------------------------ */

#define RANGE_TOP (~0ULL)

bool linux_edit_applied(const struct linux_edit *e,
			const struct sparsemm_config *cfg, char *why,
			size_t size)
{
	switch (e->kind) {
	case LEDIT_UPDATE:
		if (e->start == 0 && e->end == PAGE_SIZE &&
		    !strcmp(e->old_type, "usable") &&
		    !strcmp(e->new_type, "reserved")) {
			snprintf(
				why, size,
				"sparsemm's x86 rule: the first page is BIOS data, never RAM");
			return true;
		}
		if (!strcmp(e->old_type, e->new_type)) {
			snprintf(
				why, size,
				"a type-preserving update (Linux marks its boot loader's setup_data); nothing in the firmware map changes");
			return false;
		}
		snprintf(
			why, size,
			"a reservation Linux makes for itself (MTRR trimming, setup_data, crash kernel, ...), not one of sparsemm's rules");
		return false;
	case LEDIT_REMOVE:
		if (e->start == E820_BIOS_BEGIN && e->end == E820_BIOS_END &&
		    !strcmp(e->old_type, "usable")) {
			snprintf(
				why, size,
				"sparsemm's x86 rule: no RAM in the legacy VGA/BIOS area [0xa0000, 0x100000)");
			return true;
		}
		if (cfg->mem_limit && e->start == cfg->mem_limit &&
		    (e->end == 0 || e->end == RANGE_TOP) &&
		    !strcmp(e->old_type, "usable")) {
			snprintf(why, size, "mem=%#llx",
				 (unsigned long long)cfg->mem_limit);
			return true;
		}
		snprintf(
			why, size,
			"a removal Linux makes for its own reasons, not one of sparsemm's rules");
		return false;
	case LEDIT_USER_MAP:
		if (cfg->mem_limit || cfg->nr_memmap) {
			snprintf(
				why, size,
				"sparsemm prints its own user-defined map for the same mem=/memmap=");
			return true;
		}
		snprintf(
			why, size,
			"no mem=N or memmap=N$S that sparsemm takes made it (see Linux's command line)");
		return false;
	}
	snprintf(why, size, "unknown edit");
	return false;
}

int linux_cmdline_mem_words(const char *cmdline, char *take, size_t take_size,
			    char *skip, size_t skip_size)
{
	size_t nt = 0, ns = 0;
	int taken = 0;

	if (take_size)
		take[0] = '\0';
	if (skip_size)
		skip[0] = '\0';
	while (cmdline && *cmdline) {
		const char *w = skip_blanks(cmdline);
		size_t len = strcspn(w, " \t");
		bool mem = !strncmp(w, "mem=", 4),
		     memmap = !strncmp(w, "memmap=", 7);
		bool ok;

		cmdline = w + len;
		if (!len || (!mem && !memmap))
			continue;
		ok = mem ? isdigit((unsigned char)w[4]) :
			   memchr(w, '$', len) != NULL;
		if (ok && nt + len + 2 <= take_size) {
			nt += snprintf(take + nt, take_size - nt, "%s%.*s",
				       nt ? " " : "", (int)len, w);
			taken++;
		} else if (!ok && ns + len + 2 <= skip_size) {
			ns += snprintf(skip + ns, skip_size - ns, "%s%.*s",
				       ns ? " " : "", (int)len, w);
		}
	}
	return taken;
}

/* ---- --compare ---------------------------------------------------------------- */

/* s with runs of blanks made one space, trimmed: a new string. */
static char *normalize(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;

	if (!out)
		return NULL;
	s = skip_blanks(s);
	while (*s) {
		if (*s == ' ' || *s == '\t') {
			s = skip_blanks(s);
			if (*s)
				*o++ = ' ';
			continue;
		}
		*o++ = *s++;
	}
	*o = '\0';
	return out;
}

static void free_lines(char **lines, unsigned int nr)
{
	for (unsigned int i = 0; i < nr; i++)
		free(lines[i]);
	free(lines);
}

/*
 * The differences between Linux's lines and sparsemm's that are Linux's
 * version or configuration, not a different result (docs/simulator.md,
 * "When a replay disagrees"):
 *  - widths: Linux before 4.x printed [mem %#010Lx-%#010Lx]; every
 *    [mem a-b] is compared by value;
 *  - Zone ranges: the `Device` line (CONFIG_ZONE_DEVICE); sparsemm has no
 *    ZONE_DEVICE, so it is not compared;
 *  - Initmem setup node: Linux 3.x printed it from the x86 NUMA code with
 *    the node's NUMA span (SRAT blocks; node 0 from address 0), not from
 *    its memory; for those versions only the nodes are compared;
 *  - Initmem setup node: before "as memoryless" Linux printed a
 *    memoryless node as [mem 0x0000000000000000-0x0000000000000000];
 *  - Zone ranges: Linux 3.x printed DMA32's limit (4 GiB - 1) even when
 *    RAM ends below it (later kernels clip it to the end of RAM).
 * Returns a new string to compare (NULL with *skip set: not compared).
 */
static char *canonical(const struct sim_map *m, int kind, const char *line,
		       bool is_linux, bool *skip)
{
	char *n = normalize(line), *mem, *out;
	unsigned long long a, b;
	unsigned int nid;
	int tail = 0;

	*skip = false;
	if (!n)
		return NULL;
	if (kind == LREF_ZONE_RANGE && is_linux && starts(n, "Device ")) {
		*skip = true;
		free(n);
		return NULL;
	}
	mem = strstr(n, "[mem ");
	if (!mem || sscanf(mem, "[mem %llx-%llx]%n", &a, &b, &tail) != 2 ||
	    !tail)
		return n;
	/* Before "as memoryless" (5.15), a memoryless node's span was empty. */
	if (kind == LREF_INITMEM && is_linux && !a && !b &&
	    sscanf(n, "Initmem setup node %u", &nid) == 1) {
		out = malloc(48);
		if (out)
			snprintf(out, 48, "Initmem setup node %u as memoryless",
				 nid);
		free(n);
		return out;
	}
	if (kind == LREF_INITMEM && m->linux_major && m->linux_major < 4 &&
	    sscanf(n, "Initmem setup node %u", &nid) == 1) {
		out = malloc(64);
		if (out)
			snprintf(out, 64, "Initmem setup node %u [mem (span)]",
				 nid);
		free(n);
		return out;
	}
	/* Linux 3.x printed DMA32's limit, not clipped to the end of RAM. */
	if (kind == LREF_ZONE_RANGE && !is_linux && m->linux_major &&
	    m->linux_major < 4 && starts(n, "DMA32 ") && b < 0xffffffffULL)
		b = 0xffffffffULL;
	out = malloc(strlen(n) + 48);
	if (out)
		sprintf(out, "%.*s[mem 0x%016llx-0x%016llx]%s", (int)(mem - n),
			n, a, b, mem + tail);
	free(n);
	return out;
}

/* sparsemm's lines of a kind from its own log (prefix-free lines). */
static int log_lines(const char *log, int kind, char ***lines, unsigned int *nr)
{
	struct sim_lines it;
	char *l;
	int err = 0;

	sim_lines_begin(&it, log, strlen(log));
	while (!err && sim_lines_next(&it, &l))
		if (linux_ref_classify(l) == kind)
			err = push_line(lines, nr, l);
	sim_lines_end(&it);
	return err;
}

/* Note the ignored Linux edits that overlap the [mem ...] range in text. */
static void explain(const struct sim_map *m, const char *text,
		    const struct sparsemm_config *cfg)
{
	unsigned long long a, b;
	const char *p = strstr(text, "[mem ");
	char why[160];

	if (!p || sscanf(p, "[mem %llx-%llx]", &a, &b) != 2)
		return;
	for (unsigned int i = 0; i < m->nr_edits; i++) {
		const struct linux_edit *e = &m->edits[i];

		if (e->kind == LEDIT_USER_MAP || e->start > b || e->end <= a)
			continue;
		if (linux_edit_applied(e, cfg, why, sizeof(why)))
			continue;
		pr_warn("sparsemm-sim: compare:       overlaps Linux's line %u `%s`, not reproduced: %s\n",
			e->line, e->text, why);
	}
}

/* Linux printed a HighMem zone: a 32-bit kernel. */
static bool linux_has_highmem(const struct sim_map *m)
{
	for (unsigned int i = 0; i < m->nr_ref; i++)
		if (m->ref[i].kind == LREF_ZONE_RANGE &&
		    starts(skip_blanks(m->ref[i].text), "HighMem"))
			return true;
	return false;
}

static int compare_kind(const struct sim_map *m, int kind, const char *log,
			const struct sparsemm_config *cfg)
{
	const struct linux_ref_desc *d = &linux_ref_kinds[kind];
	char **ours = NULL, **theirs = NULL;
	unsigned int nr_ours = 0, nr_theirs = 0, nr_linux = 0, differ = 0;
	const char *note = NULL;
	unsigned int *theirs_line = NULL;
	bool *used = NULL;
	int err;

	for (unsigned int i = 0; i < m->nr_ref; i++)
		if ((int)m->ref[i].kind == kind)
			nr_linux++;
	if (!nr_linux)
		return 0; /* nothing of Linux's to compare with */
	if ((kind == LREF_ZONE_RANGE || kind == LREF_UNAVAILABLE) &&
	    linux_has_highmem(m)) {
		pr_notice(
			"sparsemm-sim: compare: %s: %u Linux lines not compared: a 32-bit kernel's zones (HighMem); sparsemm models x86-64's\n",
			d->name, nr_linux);
		return 0;
	}
	err = log_lines(log, kind, &ours, &nr_ours);
	if (!err && !nr_ours && d->derive) {
		err = d->derive(&ours, &nr_ours) < 0 ? -ENOMEM : 0;
		note = d->derive_note;
	}
	if (err)
		goto out;
	if (!nr_ours) {
		pr_notice(
			"sparsemm-sim: compare: %s: %u Linux lines, not compared: sparsemm printed none (its stage is not built yet)\n",
			d->name, nr_linux);
		goto out;
	}
	for (unsigned int i = 0; i < nr_ours; i++) {
		bool skip;
		char *n = canonical(m, kind, ours[i], false, &skip);

		if (!n)
			goto nomem;
		free(ours[i]);
		ours[i] = n;
	}
	theirs = calloc(nr_linux, sizeof(*theirs));
	theirs_line = calloc(nr_linux, sizeof(*theirs_line));
	used = calloc(nr_ours, sizeof(*used));
	if (!theirs || !theirs_line || !used)
		goto nomem;
	for (unsigned int i = 0; i < m->nr_ref; i++)
		if ((int)m->ref[i].kind == kind) {
			bool skip;

			theirs[nr_theirs] =
				canonical(m, kind, m->ref[i].text, true, &skip);
			if (skip) {
				pr_notice(
					"sparsemm-sim: compare: %s: line %u `%s` not compared: sparsemm has no ZONE_DEVICE (Linux's CONFIG_ZONE_DEVICE)\n",
					d->name, m->ref[i].line,
					m->ref[i].text);
				nr_linux--;
				continue;
			}
			theirs_line[nr_theirs] = m->ref[i].line;
			if (!theirs[nr_theirs++])
				goto nomem;
		}
	if (kind == LREF_INITMEM && m->linux_major && m->linux_major < 4)
		pr_notice(
			"sparsemm-sim: compare: %s: Linux %u.%u prints the node's NUMA span: only the nodes are compared\n",
			d->name, m->linux_major, m->linux_minor);

	/* Linux's lines without an equal sparsemm line, in Linux's order */
	for (unsigned int t = 0; t < nr_theirs; t++) {
		bool found = false;

		for (unsigned int j = 0; j < nr_ours && !found; j++)
			if (!used[j] && !strcmp(theirs[t], ours[j]))
				used[j] = found = true;
		if (!found) {
			if (!differ++)
				pr_warn("sparsemm-sim: compare: %s: differs (- Linux only, + sparsemm only)%s%s\n",
					d->name,
					note ? "; sparsemm's lines " : "",
					note ? note : "");
			pr_warn("sparsemm-sim: compare:   - line %u: %s\n",
				theirs_line[t], theirs[t]);
			explain(m, theirs[t], cfg);
		}
	}
	for (unsigned int j = 0; j < nr_ours; j++) {
		if (used[j])
			continue;
		if (!differ++)
			pr_warn("sparsemm-sim: compare: %s: differs (- Linux only, + sparsemm only)%s%s\n",
				d->name, note ? "; sparsemm's lines " : "",
				note ? note : "");
		pr_warn("sparsemm-sim: compare:   + %s\n", ours[j]);
		explain(m, ours[j], cfg);
	}
	if (!differ)
		pr_notice("sparsemm-sim: compare: %s: same (%u lines)%s%s\n",
			  d->name, nr_theirs, note ? "; sparsemm's lines " : "",
			  note ? note : "");
	goto out;
nomem:
	err = -ENOMEM;
out:
	free_lines(ours, nr_ours);
	free_lines(theirs, nr_theirs);
	free(theirs_line);
	free(used);
	if (err)
		pr_err("sparsemm-sim: compare: %s: out of memory\n", d->name);
	return differ ? 1 : 0;
}

int linux_ref_compare(const struct sim_map *m, const char *sparsemm_log,
		      const struct sparsemm_config *cfg)
{
	int differ = 0;

	if (!m->nr_ref) {
		pr_notice(
			"sparsemm-sim: compare: %s has none of Linux's own result lines (BIOS-e820, Zone ranges, Early memory node ranges, ...): nothing to compare\n",
			m->path);
		return 0;
	}
	for (int k = 0; k < LREF_NR_KINDS; k++)
		differ += compare_kind(m, k, sparsemm_log, cfg);
	pr_notice(
		"sparsemm-sim: compare: %d kind(s) of lines differ from Linux's\n",
		differ);
	return differ;
}
