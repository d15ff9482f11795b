// SPDX-License-Identifier: MIT
/*
 * A Linux boot log (dmesg, journalctl -k, a serial capture) or sparsemm's
 * own log / saved map file, which print the same `efi: memNN:` lines.
 *
 * The map is the first listing of `efi: memNN:` lines (source EFI); Linux
 * prints the map a second time after SetVirtualAddressMap, and that and
 * any later listing are ignored (m->ignored_listing_line).  Without EFI
 * lines the map is the `BIOS-e820:` lines (source other).  Everything
 * before the message (syslog fields, `kernel:`, `<6>`, the `[ t.tttttt]`
 * timestamp) is skipped.  Lines starting with '#' are comments (fixtures).
 *
 * Also kept: NUMA ranges (SRAT lines; else the `Initmem setup node` spans),
 * nodes named memoryless (`Initmem setup node N as memoryless`) and nodes
 * with CPUs (`SRAT: PXM P -> APIC A -> Node N`),
 * the reference lines of enum linux_ref_kind, Linux's e820 edits, its
 * command line, and sparsemm's own `descriptors of N bytes`.
 */
#include <maps/linux_ref.h>
#include <maps/sim_map.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The message part of a log line: skips syslog/journal fields up to
 * "kernel: ", dmesg -x's "kern  :info  : ", a "<6>" level, and one
 * "[...]" timestamp (dmesg's seconds or dmesg -T's date).
 */
static const char *message(const char *l)
{
	const char *k = strstr(l, "kernel: ");
	char fac[12], lvl[12];
	int n = 0;

	if (k)
		l = k + 8;
	else if (!strncmp(l, "kernel - ", 9)) /* a log viewer's "SOURCE - " */
		l += 9;
	if (sscanf(l, "%11[a-z] :%11[a-z] : %n", fac, lvl, &n) == 2 && n)
		l += n;
	if (l[0] == '<' && isdigit((unsigned char)l[1])) {
		const char *gt = strchr(l, '>');

		if (gt && gt - l <= 4)
			l = gt + 1;
	}
	if (*l == '[') {
		const char *p = strchr(l, ']');

		if (p && p - l < 40 && strncmp(l, "[mem", 4)) {
			l = p + 1;
			if (*l == ' ')
				l++;
		}
	}
	/* CONFIG_PRINTK_CALLER's field: "[    T0] " or "[    C1] " */
	if (*l == '[') {
		const char *p = strchr(l, ']');
		const char *id = l + 1;

		while (*id == ' ')
			id++;
		if (p && p - l < 16 && (*id == 'T' || *id == 'C') &&
		    isdigit((unsigned char)id[1])) {
			l = p + 1;
			if (*l == ' ')
				l++;
		}
	}
	return l;
}

static bool starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* ---- efi: memNN lines ------------------------------------------------------ */

static const struct {
	const char *name;
	u64 bit;
} attr_cols[] = {
	{ "RUN", EFI_MEMORY_RUNTIME },	 { "MR", EFI_MEMORY_MORE_RELIABLE },
	{ "CC", EFI_MEMORY_CPU_CRYPTO }, { "SP", EFI_MEMORY_SP },
	{ "NV", EFI_MEMORY_NV },	 { "XP", EFI_MEMORY_XP },
	{ "RP", EFI_MEMORY_RP },	 { "WP", EFI_MEMORY_WP },
	{ "RO", EFI_MEMORY_RO },	 { "UCE", EFI_MEMORY_UCE },
	{ "WB", EFI_MEMORY_WB },	 { "WT", EFI_MEMORY_WT },
	{ "WC", EFI_MEMORY_WC },	 { "UC", EFI_MEMORY_UC },
};

static void trim(const char **s, size_t *n)
{
	while (*n && isspace((unsigned char)**s))
		(*s)++, (*n)--;
	while (*n && isspace((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

/* "range=[0xS-0xE]" (inclusive) or "[0xS-0xE)" (exclusive), then the size. */
static int parse_range(const char *p, struct efi_md_info *md, const char **why)
{
	unsigned long long s, e, mb;
	char close;
	int n = 0;
	u64 end;

	p = strstr(p, "range=[");
	if (!p)
		return *why = "no range=[...]", -EINVAL;
	if (sscanf(p, "range=[%llx-%llx%c%n", &s, &e, &close, &n) != 3 || !n)
		return *why = "malformed range=[start-end]", -EINVAL;
	if (close != ']' && close != ')')
		return *why = "range must end with ']' or ')'", -EINVAL;
	end = close == ']' ? (u64)e + 1 : (u64)e;
	if (end <= s || (s & (EFI_PAGE_SIZE - 1)) ||
	    (end & (EFI_PAGE_SIZE - 1)))
		return *why = "range is not a whole number of 4 KiB pages",
		       -EINVAL;
	md->phys_addr = s;
	md->num_pages = (end - s) >> EFI_PAGE_SHIFT;
	p += n;
	if (sscanf(p, " (%lluMB)", &mb) == 1 && mb != md->num_pages >> 8)
		return *why = "the size in MB disagrees with the range",
		       -EINVAL;
	return 0;
}

int sim_efi_line_parse(const char *text, struct efi_md_info *md,
		       const char **why)
{
	const char *p = text;
	unsigned long long v, a;
	int n = 0;

	memset(md, 0, sizeof(*md));
	while (*p == ' ')
		p++;
	/* v3.x..v4.x: "type=7, attr=0xf, range=[...)" */
	if (sscanf(p, "type=%llu, attr=%llx,%n", &v, &a, &n) == 2 && n) {
		md->type = (u32)v;
		md->attr = a;
		return parse_range(p + n, md, why);
	}
	if (*p++ != '[')
		return *why = "expected '[' or type=", -EINVAL;
	{
		const char *s = p;
		size_t len = strcspn(p, "|]");
		int t;

		p += len;
		trim(&s, &len);
		if (len > 5 && !strncmp(s, "type=", 5)) {
			md->type = (u32)strtoul(s + 5, NULL, 10);
		} else {
			t = sim_efi_type_from_name(s, len);
			if (t < 0)
				return *why = "unknown memory type name",
				       -EINVAL;
			md->type = (u32)t;
		}
	}
	while (*p == '|') {
		const char *s = ++p;
		size_t len = strcspn(p, "|]");
		size_t i;

		p += len;
		trim(&s, &len);
		if (!len)
			continue;
		if (len > 5 && !strncmp(s, "attr=", 5)) {
			md->attr = strtoull(s + 5, NULL, 16);
			continue;
		}
		for (i = 0; i < ARRAY_SIZE(attr_cols); i++)
			if (strlen(attr_cols[i].name) == len &&
			    !strncmp(attr_cols[i].name, s, len))
				break;
		if (i == ARRAY_SIZE(attr_cols))
			return *why = "unknown attribute column", -EINVAL;
		md->attr |= attr_cols[i].bit;
	}
	if (*p != ']')
		return *why = "unterminated [type|attributes]", -EINVAL;
	return parse_range(p + 1, md, why);
}

/* ---- BIOS-e820 lines --------------------------------------------------------- */

struct e820_name {
	const char *name;
	u32 fw_type;
	u32 e820_type;
};

/* Linux's e820_print_type() names, today's and v7's. */
static const struct e820_name e820_names[] = {
	{ "usable", FW_MEM_RAM, 1 },
	{ "System RAM", FW_MEM_RAM, 1 },
	{ "reserved", FW_MEM_RESERVED, 2 },
	{ "device reserved", FW_MEM_RESERVED, 2 },
	{ "ACPI data", FW_MEM_ACPI_DATA, 3 },
	{ "ACPI NVS", FW_MEM_ACPI_NVS, 4 },
	{ "unusable", FW_MEM_UNUSABLE, 5 },
	{ "soft reserved", FW_MEM_SOFT_RESERVED, 0xefffffff },
};

/* Returns 0 with *fw and *src set, or -EINVAL. */
static int e820_type_parse(const char *s, u32 *fw, u32 *src)
{
	size_t len = strlen(s);
	unsigned int t;

	trim(&s, &len);
	for (size_t i = 0; i < ARRAY_SIZE(e820_names); i++)
		if (strlen(e820_names[i].name) == len &&
		    !strncmp(e820_names[i].name, s, len)) {
			*fw = e820_names[i].fw_type;
			*src = e820_names[i].e820_type;
			return 0;
		}
	if (sscanf(s, "persistent (type %u)", &t) == 1) {
		*fw = FW_MEM_PERSISTENT;
		*src = t;
		return 0;
	}
	if (sscanf(s, "type %u", &t) == 1) {
		*fw = FW_MEM_RESERVED;
		*src = t;
		return 0;
	}
	return -EINVAL;
}

struct bootlog_state {
	struct sim_map *m;
	struct sim_map e820; /* BIOS-e820 entries, used without EFI lines */
	unsigned int efi_lines;
	bool efi_done; /* a later listing began: ignore the rest */
	bool in_user_map;
	struct sim_map initmem; /* Initmem setup node spans */
	bool numa_fake; /* numa=fake= on a command line: NUMA emulation */
};

static int bios_e820_line(struct bootlog_state *st, unsigned int ln,
			  const char *msg)
{
	unsigned long long s, e;
	char type[64] = "";
	u32 fw, src;
	int n = 0;

	if (starts(msg, "BIOS-e820: [gap"))
		return 0;
	if (sscanf(msg, "BIOS-e820: [mem %llx-%llx]%n", &s, &e, &n) == 2 && n) {
		e += 1;
	} else if (sscanf(msg, "BIOS-e820: %llx - %llx (%n", &s, &e, &n) == 2 &&
		   n) {
		/* before v3.8: "BIOS-e820: 0000000000000000 - 000000000009fc00 (usable)" */
	} else {
		return sim_map_error(st->m, ln, 0,
				     "malformed BIOS-e820 line: %s", msg);
	}
	snprintf(type, sizeof(type), "%s", msg + n + strspn(msg + n, " "));
	if (msg[n - 1] == '(')
		type[strcspn(type, ")")] = '\0';
	if (e <= s)
		return sim_map_error(
			st->m, ln, 0,
			"BIOS-e820 range ends before it starts: %s", msg);
	if (e820_type_parse(type, &fw, &src))
		return sim_map_error(st->m, ln, 0,
				     "unknown e820 type '%s' in: %s", type,
				     msg);
	if (sim_map_add_ref(st->m, LREF_BIOS_E820, ln, msg))
		return -ENOMEM;
	return sim_map_add_range(&st->e820, ln, fw, src, s, e - s);
}

static int efi_line(struct bootlog_state *st, unsigned int ln, const char *msg)
{
	struct efi_md_info md;
	const char *why = "";
	unsigned int idx;
	char *after;

	idx = (unsigned int)strtoul(msg + 8, &after, 10);
	if (after == msg + 8 || strncmp(after, ": ", 2))
		return sim_map_error(st->m, ln, 0,
				     "malformed efi: memNN line: %s", msg);
	if (st->efi_done)
		return 0;
	if (idx == 0 && st->efi_lines) {
		/* Linux prints the map again (after SetVirtualAddressMap) */
		st->efi_done = true;
		st->m->ignored_listing_line = ln;
		return 0;
	}
	if (idx != st->efi_lines)
		return sim_map_error(
			st->m, ln, 0,
			"efi: mem%02u where mem%02u was expected: lines of the map are missing or out of order",
			idx, st->efi_lines);
	if (efi_md_parse_log_line(msg, &idx, &md) &&
	    sim_efi_line_parse(after + 2, &md, &why))
		return sim_map_error(st->m, ln, 0,
				     "bad efi: mem%02u line (%s): %s", idx, why,
				     msg);
	st->efi_lines++;
	return sim_map_add_efi(st->m, ln, md.type, md.phys_addr, md.num_pages,
			       md.attr);
}

/* "...: [mem 0xS-0xE]" anywhere in s: [S, E + 1). */
static bool mem_range(const char *s, u64 *start, u64 *end)
{
	unsigned long long a, b;
	const char *p = strstr(s, "[mem ");

	/* sscanf saturates a number past 64 bits at ULLONG_MAX; an end of
	 * ULLONG_MAX would make the half-open end wrap to 0.  Refuse both. */
	if (!p || sscanf(p, "[mem %llx-%llx]", &a, &b) != 2 || b < a ||
	    b == ~0ULL)
		return false;
	*start = a;
	*end = b + 1;
	return true;
}

static int edit_line(struct bootlog_state *st, unsigned int ln, const char *msg)
{
	struct linux_edit e = { .line = ln };
	const char *p;

	if (!mem_range(msg, &e.start, &e.end))
		return sim_map_error(st->m, ln, 0, "malformed e820 edit: %s",
				     msg);
	p = strchr(msg, ']'); /* sscanf did not check the closing bracket */
	if (!p)
		return sim_map_error(st->m, ln, 0, "malformed e820 edit: %s",
				     msg);
	p++;
	while (*p == ' ')
		p++;
	if (starts(msg, "e820: update")) {
		const char *arrow = strstr(p, " ==> ");

		if (!arrow)
			return sim_map_error(st->m, ln, 0,
					     "malformed e820 update: %s", msg);
		e.kind = LEDIT_UPDATE;
		snprintf(e.old_type, sizeof(e.old_type), "%.*s",
			 (int)(arrow - p), p);
		snprintf(e.new_type, sizeof(e.new_type), "%s", arrow + 5);
	} else {
		e.kind = LEDIT_REMOVE;
		snprintf(e.old_type, sizeof(e.old_type), "%s", p);
	}
	return sim_map_add_edit(st->m, &e, msg);
}

static int numa_line(struct bootlog_state *st, unsigned int ln, const char *msg)
{
	unsigned int node, pxm;
	u64 s, e;
	const char *srat = strstr(msg, "SRAT: Node ");

	if (srat && sscanf(srat, "SRAT: Node %u PXM %u", &node, &pxm) == 2) {
		if (!mem_range(srat, &s, &e))
			return sim_map_error(st->m, ln, 0,
					     "malformed SRAT line: %s", msg);
		st->m->numa_source = "SRAT";
		return sim_map_add_node(st->m, ln, (int)node, s, e);
	}
	const char *cpu = strstr(msg, "SRAT: PXM ");

	if (cpu && (sscanf(cpu, "SRAT: PXM %u -> APIC 0x%*x -> Node %u", &pxm,
			   &node) == 2 ||
		    sscanf(cpu, "SRAT: PXM %u -> SAPIC 0x%*x -> Node %u", &pxm,
			   &node) == 2)) {
		if (node < 64)
			st->m->cpu_nodes |= 1ULL << node;
		return 0;
	}
	if (sscanf(msg, "Initmem setup node %u", &node) == 1 &&
	    strstr(msg, " as memoryless")) {
		if (node >= 64)
			return sim_map_error(st->m, ln, 0,
					     "node number out of range: %s",
					     msg);
		st->m->memoryless_nodes |= 1ULL << node;
		return sim_map_add_ref(st->m, LREF_INITMEM, ln, msg);
	}
	if (sscanf(msg, "Initmem setup node %u", &node) == 1) {
		if (!mem_range(msg, &s, &e))
			return sim_map_error(st->m, ln, 0,
					     "malformed Initmem line: %s", msg);
		if (sim_map_add_ref(st->m, LREF_INITMEM, ln, msg))
			return -ENOMEM;
		return sim_map_add_node(&st->initmem, ln, (int)node, s, e);
	}
	return 0;
}

static int ref_line(struct bootlog_state *st, unsigned int ln, const char *msg)
{
	int kind = linux_ref_classify(msg);

	/* BIOS-e820, user: and Initmem lines are taken above */
	if (kind < 0 || kind == LREF_BIOS_E820 || kind == LREF_USER_E820 ||
	    kind == LREF_INITMEM)
		return 0;
	return sim_map_add_ref(st->m, (enum linux_ref_kind)kind, ln, msg);
}

static int one_line(struct bootlog_state *st, unsigned int ln, const char *l)
{
	const char *msg;
	unsigned int n, size;

	if (l[0] == '#')
		return 0;
	msg = message(l);
	if (starts(msg, "efi: mem") && isdigit((unsigned char)msg[8]))
		return efi_line(st, ln, msg);
	if (starts(msg, "BIOS-e820:"))
		return bios_e820_line(st, ln, msg);
	if (starts(msg, "user: [mem ") && st->in_user_map)
		return sim_map_add_ref(st->m, LREF_USER_E820, ln, msg);
	st->in_user_map = false;
	if (starts(msg, "user-defined physical RAM map:")) {
		struct linux_edit e = { .kind = LEDIT_USER_MAP, .line = ln };

		st->in_user_map = true;
		return sim_map_add_edit(st->m, &e, msg);
	}
	if (starts(msg, "e820: update [mem") ||
	    starts(msg, "e820: remove [mem"))
		return edit_line(st, ln, msg);
	/* NUMA emulation: numa=fake= on a command line, or its lines */
	if (strstr(msg, "command line:") || strstr(msg, "Command line:"))
		st->numa_fake |= strstr(msg, "numa=fake=") != NULL;
	if (starts(msg, "Faking node ") && strstr(msg, " at [mem "))
		st->numa_fake = true;
	if (starts(msg, "Linux version ") && !st->m->linux_major) {
		sscanf(msg, "Linux version %u.%u", &st->m->linux_major,
		       &st->m->linux_minor);
		return 0;
	}
	if (starts(msg, "Command line: ") && !st->m->cmdline) {
		st->m->cmdline = strdup(msg + 14);
		st->m->cmdline_line = ln;
		return st->m->cmdline ? 0 : -ENOMEM;
	}
	if (strstr(msg, "SRAT: Node ") || strstr(msg, "SRAT: PXM ") ||
	    starts(msg, "Initmem setup node "))
		return numa_line(st, ln, msg);
	/* sparsemm's own log names the descriptor size */
	if (starts(msg, "ExitBootServices: ok") &&
	    sscanf(strstr(msg, "(") ? strstr(msg, "(") : "",
		   "(map key %*x, %u descriptors of %u bytes)", &n,
		   &size) == 2) {
		st->m->desc_size = size;
		st->m->desc_version = EFI_MEMDESC_VERSION;
		return 0;
	}
	return ref_line(st, ln, msg);
}

int sim_map_parse_bootlog(struct sim_map *m, const char *text, size_t len)
{
	struct bootlog_state st = { .m = m };
	struct sim_lines it;
	char *l;
	int err = 0;

	sim_map_init(&st.e820, m->path);
	st.e820.diags = m->diags;
	sim_map_init(&st.initmem, m->path);
	sim_lines_begin(&it, text, len);
	while (!err && sim_lines_next(&it, &l))
		err = one_line(&st, it.line, l);
	sim_lines_end(&it);

	if (!err && !st.efi_lines && st.e820.nr) {
		/* No EFI map in the log: use the e820 table Linux was given. */
		free(m->entries);
		free(m->entry_line);
		m->entries = st.e820.entries;
		m->entry_line = st.e820.entry_line;
		m->nr = st.e820.nr;
		m->cap = st.e820.cap;
		m->diags = st.e820.diags;
		st.e820.entries = NULL;
		st.e820.entry_line = NULL;
		m->source = MEMMAP_SRC_OTHER;
		m->source_name = "BIOS-e820 lines";
	} else {
		m->source = MEMMAP_SRC_EFI;
		m->source_name = "efi: memNN lines";
	}
	/*
	 * NUMA emulation (numa=fake=...): Linux's nodes are the emulated
	 * ones of the Initmem lines, not the SRAT's.  And one node with
	 * memory is NUMA too when another is memoryless.
	 */
	if (!err && st.numa_fake && st.initmem.nr_numa > 1)
		m->nr_numa = 0;
	if (!err && !m->nr_numa &&
	    (st.initmem.nr_numa > 1 ||
	     (st.initmem.nr_numa && m->memoryless_nodes))) {
		for (unsigned int i = 0; !err && i < st.initmem.nr_numa; i++)
			err = sim_map_add_node(m, st.initmem.numa[i].line,
					       st.initmem.numa[i].node,
					       st.initmem.numa[i].start,
					       st.initmem.numa[i].end);
		m->numa_source = st.numa_fake ?
					 "Initmem setup node (numa=fake)" :
					 "Initmem setup node";
	}
	sim_map_free(&st.e820);
	sim_map_free(&st.initmem);
	if (!err && !m->nr)
		return sim_map_error(
			m, 0, 0,
			"no `efi: memNN:` or `BIOS-e820:` lines found");
	return err;
}
