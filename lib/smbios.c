// SPDX-License-Identifier: MIT
/*
 * SMBIOS structures and the DIMM topology (include/lib/smbios.h).
 *
 * Layouts (DSP0134 3.x), offsets in the formatted area:
 *   type 17: 0x0c size (word: 0 empty, 0xffff unknown, bit 15 KiB units,
 *            0x7fff: the dword at 0x1c in MiB), 0x10 device locator and
 *            0x11 bank locator (string numbers)
 *   type 19: 0x04 start and 0x08 end (dwords, KiB, end inclusive;
 *            start 0xffffffff: the qwords at 0x0f and 0x17 in bytes)
 *   type 20: the same at 0x04/0x08 and 0x13/0x1b, 0x0c the type 17
 *            handle it maps
 * A structure shorter than the fields read is skipped.
 */
#include <lib/printk.h>
#include <lib/smbios.h>
#include <lib/string.h>

#define SMBIOS_END_OF_TABLE 127

static u16 get16(const u8 *p)
{
	return (u16)(p[0] | p[1] << 8);
}

static u32 get32(const u8 *p)
{
	return (u32)get16(p) | (u32)get16(p + 2) << 16;
}

static u64 get64(const u8 *p)
{
	return (u64)get32(p) | (u64)get32(p + 4) << 32;
}

/* The first byte after structure hdr's string set, or end. */
static const u8 *after_strings(const u8 *hdr, const u8 *end)
{
	const u8 *s = hdr + hdr[1];

	while (s + 1 < end && (s[0] || s[1]))
		s++;
	return s + 2 <= end ? s + 2 : end;
}

const u8 *smbios_next(const u8 *table, size_t len, const u8 *cur)
{
	const u8 *end = table + len, *p;

	p = cur ? after_strings(cur, end) : table;
	if (p + 4 > end || p[1] < 4 || p + p[1] > end ||
	    p[0] == SMBIOS_END_OF_TABLE)
		return NULL;
	return p;
}

void smbios_string(const u8 *hdr, const u8 *end, u8 n, char *dst, size_t size)
{
	const char *s = (const char *)hdr + hdr[1];
	size_t i = 0;

	dst[0] = '\0';
	if (!n)
		return;
	while (--n && (const u8 *)s < end && *s) {
		while ((const u8 *)s < end && *s)
			s++;
		s++;
	}
	while ((const u8 *)s + i < end && s[i] && i + 1 < size) {
		dst[i] = s[i];
		i++;
	}
	dst[i] = '\0';
}

/* Start and end of a type 19/20 range, bytes, end exclusive; false when
 * the structure is too short or the range empty. */
static bool mapped_range(const u8 *p, unsigned int ext_off,
			 struct smbios_range *r)
{
	u32 start = get32(p + 4), end = get32(p + 8);

	if (start == 0xffffffff) {
		if (p[1] < ext_off + 16)
			return false;
		r->start = get64(p + ext_off);
		r->end = get64(p + ext_off + 8) + 1;
	} else {
		r->start = (u64)start << 10;
		r->end = ((u64)end + 1) << 10;
	}
	return r->end > r->start;
}

static void memory_device(const u8 *p, const u8 *end, struct smbios_mem *m)
{
	struct smbios_dimm *d;
	u16 size;

	if (p[1] < 0x15)
		return;
	m->nr_slots++;
	size = get16(p + 0x0c);
	if (!size || m->nr_dimms == SMBIOS_MAX_DIMMS)
		return;
	d = &m->dimm[m->nr_dimms++];
	d->handle = get16(p + 2);
	if (size == 0xffff)
		d->size = 0; /* unknown, but present */
	else if (size == 0x7fff && p[1] >= 0x20)
		d->size = (u64)(get32(p + 0x1c) & 0x7fffffff) << 20;
	else if (size & 0x8000)
		d->size = (u64)(size & 0x7fff) << 10;
	else
		d->size = (u64)size << 20;
	smbios_string(p, end, p[0x10], d->locator, sizeof(d->locator));
	smbios_string(p, end, p[0x11], d->bank_locator,
		      sizeof(d->bank_locator));
}

static void device_mapping(const u8 *p, struct smbios_mem *m)
{
	struct smbios_range r;
	u16 dev;

	if (p[1] < 0x13 || !mapped_range(p, 0x13, &r))
		return;
	m->nr_device_maps++;
	dev = get16(p + 0x0c);
	for (unsigned int i = 0; i < m->nr_dimms; i++) {
		struct smbios_dimm *d = &m->dimm[i];

		if (d->handle == dev && d->nr_ranges < SMBIOS_MAX_DIMM_RANGES)
			d->range[d->nr_ranges++] = r;
	}
}

void smbios_mem_parse(const u8 *table, size_t len, struct smbios_mem *m)
{
	const u8 *end = table + len;
	struct smbios_range r;

	memset(m, 0, sizeof(*m));
	/* Type 20 names type 17 handles: devices first, then mappings. */
	for (const u8 *p = smbios_next(table, len, NULL); p;
	     p = smbios_next(table, len, p))
		if (p[0] == 17)
			memory_device(p, end, m);
	for (const u8 *p = smbios_next(table, len, NULL); p;
	     p = smbios_next(table, len, p)) {
		if (p[0] == 20)
			device_mapping(p, m);
		if (p[0] == 19 && p[1] >= 0x0f && mapped_range(p, 0x0f, &r) &&
		    m->nr_arrays < SMBIOS_MAX_ARRAY_RANGES)
			m->array[m->nr_arrays++] = r;
	}
}

const struct smbios_dimm *smbios_dimm_at(const struct smbios_mem *m, u64 pa)
{
	for (unsigned int i = 0; m && i < m->nr_dimms; i++)
		for (unsigned int j = 0; j < m->dimm[i].nr_ranges; j++)
			if (pa >= m->dimm[i].range[j].start &&
			    pa < m->dimm[i].range[j].end)
				return &m->dimm[i];
	return NULL;
}

static const char *label(const struct smbios_dimm *d, char *buf, size_t size)
{
	if (d->bank_locator[0])
		scnprintf(buf, size, "%s (%s)",
			  d->locator[0] ? d->locator : "?", d->bank_locator);
	else
		scnprintf(buf, size, "%s", d->locator[0] ? d->locator : "?");
	return buf;
}

const char *smbios_dimm_name(const struct smbios_mem *m, u64 pa, char *buf,
			     size_t size)
{
	const struct smbios_dimm *d = smbios_dimm_at(m, pa);
	char l[72];

	if (d)
		return label(d, buf, size);
	if (m && m->nr_dimms == 1) {
		scnprintf(buf, size, "%s, the only DIMM",
			  label(&m->dimm[0], l, sizeof(l)));
		return buf;
	}
	scnprintf(buf, size, "unknown DIMM (SMBIOS maps no device here)");
	return buf;
}

void smbios_mem_print(const struct smbios_mem *m)
{
	char l[72];

	if (!m->nr_slots) {
		pr_info("DMI: no memory devices (SMBIOS type 17): memory errors cannot name a DIMM\n");
		return;
	}
	pr_info("DMI: Memory slots populated: %u/%u\n", m->nr_dimms,
		m->nr_slots);
	for (unsigned int i = 0; i < m->nr_dimms; i++) {
		const struct smbios_dimm *d = &m->dimm[i];

		pr_info("DMI: DIMM %s: %llu MiB%s\n", label(d, l, sizeof(l)),
			(unsigned long long)(d->size >> 20),
			d->nr_ranges ? "" : ", no mapped address (type 20)");
		for (unsigned int j = 0; j < d->nr_ranges; j++)
			pr_info("DMI:   mapped [mem %#018llx-%#018llx]\n",
				(unsigned long long)d->range[j].start,
				(unsigned long long)d->range[j].end - 1);
	}
	for (unsigned int i = 0; i < m->nr_arrays; i++)
		pr_info("DMI: memory array mapped [mem %#018llx-%#018llx]\n",
			(unsigned long long)m->array[i].start,
			(unsigned long long)m->array[i].end - 1);
}
