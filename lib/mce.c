// SPDX-License-Identifier: MIT
/*
 * Decoding machine-check records and printing them as Linux does
 * (include/lib/mce.h).  The error-code classes follow the compound
 * encodings of the Intel SDM Vol. 3B, Table 16-8 ("IA32_MCi_Status [15:0]
 * Compound Error Code Encoding"), which AMD's banks use as well; bit 12
 * (the correction-report filter) is ignored for classification.
 *
 *   0000 0000 0000 11LL  generic cache hierarchy
 *   0000 0000 0001 TTLL  TLB
 *   0000 0000 1MMM CCCC  memory controller (M: transaction, C: channel)
 *   0000 0001 RRRR TTLL  cache hierarchy (R: request, T: type, L: level)
 *   0000 1PPT RRRR IILL  bus and interconnect
 *
 * Codes below 0x0c are the simple ones (unclassified, microcode ROM
 * parity, external error, FRC, internal parity, SMM access), and
 * 0000 01xx xxxx xxxx is an internal unclassified error.
 */
#include <lib/mce.h>
#include <lib/printk.h>
#include <lib/string.h>

#define HW_ERR "mce: [Hardware Error]: "

static const char *const class_names[] = {
	[MCE_CLASS_NONE] = "no error",
	[MCE_CLASS_SIMPLE] = "simple error",
	[MCE_CLASS_GENERIC_CACHE] = "generic cache hierarchy",
	[MCE_CLASS_TLB] = "TLB",
	[MCE_CLASS_MEMORY_CONTROLLER] = "memory controller",
	[MCE_CLASS_CACHE] = "cache hierarchy",
	[MCE_CLASS_BUS] = "bus/interconnect",
	[MCE_CLASS_UNKNOWN] = "unknown error code",
};

static const char *const mem_transactions[8] = {
	"generic",	    "read",	"write",    "address/command",
	"memory scrubbing", "reserved", "reserved", "reserved",
};

static const char *const cache_requests[16] = {
	"generic",    "generic read",	   "generic write", "data read",
	"data write", "instruction fetch", "prefetch",	    "eviction",
	"snoop",      "reserved",	   "reserved",	    "reserved",
	"reserved",   "reserved",	   "reserved",	    "reserved",
};

static const char *const levels[4] = { "L0", "L1", "L2", "generic level" };
static const char *const types[4] = { "instruction", "data", "generic",
				      "reserved" };

enum mce_class mce_error_class(u64 status)
{
	u16 code = (u16)(status & 0xffff) & ~0x1000; /* without F */

	if (code == 0)
		return MCE_CLASS_NONE;
	if (code & 0x0800)
		return (code & 0xf000) ? MCE_CLASS_UNKNOWN : MCE_CLASS_BUS;
	if (code & 0xf000)
		return MCE_CLASS_UNKNOWN;
	if (code & 0x0100)
		return (code & 0x0600) ? MCE_CLASS_UNKNOWN : MCE_CLASS_CACHE;
	if (code & 0x0400)
		return MCE_CLASS_SIMPLE; /* internal unclassified */
	if (code & 0x0200)
		return MCE_CLASS_UNKNOWN;
	if (code & 0x0080)
		return MCE_CLASS_MEMORY_CONTROLLER;
	if ((code & 0xfff0) == 0x0010)
		return MCE_CLASS_TLB;
	if ((code & 0xfffc) == 0x000c)
		return MCE_CLASS_GENERIC_CACHE;
	if (code < 0x0c)
		return MCE_CLASS_SIMPLE;
	return MCE_CLASS_UNKNOWN;
}

const char *mce_class_name(enum mce_class c)
{
	return c <= MCE_CLASS_UNKNOWN ? class_names[c] : "?";
}

const char *mce_error_code_describe(u64 status, char *buf, size_t len)
{
	u16 code = (u16)(status & 0xffff);
	enum mce_class c = mce_error_class(status);
	const char *name = mce_class_name(c);

	switch (c) {
	case MCE_CLASS_MEMORY_CONTROLLER:
		if ((code & 0xf) == 0xf)
			scnprintf(buf, len, "%s: %s, channel unspecified", name,
				  mem_transactions[(code >> 4) & 7]);
		else
			scnprintf(buf, len, "%s: %s, channel %u", name,
				  mem_transactions[(code >> 4) & 7],
				  code & 0xf);
		break;
	case MCE_CLASS_CACHE:
		scnprintf(buf, len, "%s: %s, %s, %s", name,
			  cache_requests[(code >> 4) & 0xf],
			  types[(code >> 2) & 3], levels[code & 3]);
		break;
	case MCE_CLASS_TLB:
	case MCE_CLASS_GENERIC_CACHE:
		scnprintf(buf, len, "%s: %s, %s", name, types[(code >> 2) & 3],
			  levels[code & 3]);
		break;
	case MCE_CLASS_BUS:
		scnprintf(buf, len, "%s: %s, %s%s", name,
			  cache_requests[(code >> 4) & 0xf], levels[code & 3],
			  code & 0x100 ? ", timeout" : "");
		break;
	default:
		scnprintf(buf, len, "%s", name);
		break;
	}
	return buf;
}

const char *mce_status_flags(u64 status, char *buf, size_t len)
{
	static const struct {
		u64 bit;
		const char *name;
	} bits[] = {
		{ MCI_STATUS_VAL, "VAL" },     { MCI_STATUS_OVER, "OVER" },
		{ MCI_STATUS_UC, "UC" },       { MCI_STATUS_EN, "EN" },
		{ MCI_STATUS_MISCV, "MISCV" }, { MCI_STATUS_ADDRV, "ADDRV" },
		{ MCI_STATUS_PCC, "PCC" },     { MCI_STATUS_S, "S" },
		{ MCI_STATUS_AR, "AR" },
	};
	size_t n = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < ARRAY_SIZE(bits); i++)
		if (status & bits[i].bit)
			n += scnprintf(buf + n, len - n, "%s%s", n ? "|" : "",
				       bits[i].name);
	if (!n)
		scnprintf(buf, len, "-");
	return buf;
}

bool mce_is_corrected(u64 status)
{
	return !(status & MCI_STATUS_UC);
}

bool mce_is_memory(u64 status)
{
	enum mce_class c = mce_error_class(status);

	return c == MCE_CLASS_MEMORY_CONTROLLER ||
	       (c == MCE_CLASS_BUS && ((status >> 2) & 3) == 0);
}

bool mce_phys_addr(const struct mce *m, u64 *pa)
{
	u64 a = m->addr;

	if (!(m->status & MCI_STATUS_ADDRV))
		return false;
	if (m->status & MCI_STATUS_MISCV) {
		unsigned int lsb = MCI_MISC_ADDR_LSB(m->misc);

		if (lsb < 64)
			a &= ~((1ULL << lsb) - 1);
	}
	*pa = a;
	return true;
}

void mce_print(const struct mce *m)
{
	char flags[64], what[96], line[200];
	size_t n;

	printk(KERN_EMERG HW_ERR
	       "CPU %u: Machine Check%s: %llx Bank %u: %016llx\n",
	       m->cpu, m->mcgstatus & MCG_STATUS_MCIP ? " Exception" : "",
	       (unsigned long long)m->mcgstatus, m->bank,
	       (unsigned long long)m->status);
	if (m->ip)
		printk(KERN_EMERG HW_ERR "RIP%s %02x:<%016llx>\n",
		       m->mcgstatus & MCG_STATUS_EIPV ? "" : " !INEXACT!",
		       m->cs, (unsigned long long)m->ip);
	n = scnprintf(line, sizeof(line), "TSC %llx ",
		      (unsigned long long)m->tsc);
	if (m->addr)
		n += scnprintf(line + n, sizeof(line) - n, "ADDR %llx ",
			       (unsigned long long)m->addr);
	if (m->misc)
		scnprintf(line + n, sizeof(line) - n, "MISC %llx ",
			  (unsigned long long)m->misc);
	printk(KERN_EMERG HW_ERR "%s\n", line);
	printk(KERN_EMERG HW_ERR
	       "PROCESSOR %u:%x TIME %llu SOCKET %u APIC %x microcode %x\n",
	       m->cpuvendor, m->cpuid, (unsigned long long)m->time, m->socketid,
	       m->apicid, m->microcode);
	printk(KERN_EMERG HW_ERR "CPU %u Bank %u: %s error [%s], %s\n", m->cpu,
	       m->bank,
	       mce_is_corrected(m->status) ? "corrected" : "uncorrected",
	       mce_status_flags(m->status, flags, sizeof(flags)),
	       mce_error_code_describe(m->status, what, sizeof(what)));
}
