/* SPDX-License-Identifier: MIT */
/*
 * Machine-check records: the architectural bits of IA32_MCG_CAP,
 * IA32_MCG_STATUS and IA32_MCi_STATUS (Intel SDM Vol. 3B, chapter 16;
 * AMD APM Vol. 2, 9.3), their decoding, and the log lines Linux prints for
 * them (arch/x86/kernel/cpu/mce/core.c, __print_mce), so that a record
 * from sparsemm reads like one from dmesg.  Portable: no MSR access here;
 * efi/post_exit/mce.c reads the banks and fills struct mce.
 */
#ifndef LIB_MCE_H
#define LIB_MCE_H

#include <lib/types.h>

#define MCG_CAP_COUNT 0xffULL /* number of banks */
#define MCG_CTL_P (1ULL << 8) /* IA32_MCG_CTL present */
#define MCG_CMCI_P (1ULL << 10) /* corrected-error interrupt */
#define MCG_SER_P (1ULL << 24) /* software error recovery */
#define MCG_LMCE_P (1ULL << 27) /* local machine check */

#define MCG_STATUS_RIPV (1ULL << 0) /* RIP valid: restartable */
#define MCG_STATUS_EIPV (1ULL << 1) /* RIP points at the error */
#define MCG_STATUS_MCIP (1ULL << 2) /* machine check in progress */

#define MCI_STATUS_VAL (1ULL << 63) /* the bank holds a record */
#define MCI_STATUS_OVER (1ULL << 62) /* an earlier error was lost */
#define MCI_STATUS_UC (1ULL << 61) /* uncorrected */
#define MCI_STATUS_EN (1ULL << 60) /* signalling enabled */
#define MCI_STATUS_MISCV (1ULL << 59) /* MCi_MISC valid */
#define MCI_STATUS_ADDRV (1ULL << 58) /* MCi_ADDR valid */
#define MCI_STATUS_PCC (1ULL << 57) /* processor context corrupt */
#define MCI_STATUS_S (1ULL << 56) /* signalled by #MC (with SER) */
#define MCI_STATUS_AR (1ULL << 55) /* action required (with SER) */
#define MCI_STATUS_CEC(s) (((s) >> 38) & 0x7fff) /* corrected count */

#define MCI_MISC_ADDR_LSB(m) ((m)&0x3f) /* valid address bits from */
#define MCI_MISC_ADDR_MODE(m) (((m) >> 6) & 7) /* 2: physical */

/* One record, as Linux's struct mce keeps what __print_mce prints. */
struct mce {
	u64 status, addr, misc, mcgstatus;
	u64 tsc, ip; /* ip 0: not captured (polled) */
	u16 cs;
	u32 cpu, apicid, bank;
	u8 cpuvendor; /* Linux's X86_VENDOR_*: 0 Intel, 2 AMD, ... */
	u32 cpuid; /* CPUID.1:EAX */
	u32 socketid, microcode;
	u64 time; /* seconds; 0: no wall clock */
};

enum mce_class {
	MCE_CLASS_NONE, /* code 0: no error */
	MCE_CLASS_SIMPLE, /* unclassified, microcode ROM, internal, ... */
	MCE_CLASS_GENERIC_CACHE,
	MCE_CLASS_TLB,
	MCE_CLASS_MEMORY_CONTROLLER,
	MCE_CLASS_CACHE,
	MCE_CLASS_BUS,
	MCE_CLASS_UNKNOWN,
};

/* The class of the MCA error code (bits 15:0, SDM Table 16-8). */
enum mce_class mce_error_class(u64 status);
const char *mce_class_name(enum mce_class c);
/* "memory controller: read, channel 2" etc. into buf; returns buf. */
const char *mce_error_code_describe(u64 status, char *buf, size_t len);
/* "VAL|OVER|UC|EN|MISCV|ADDRV|PCC" (only the set bits); returns buf. */
const char *mce_status_flags(u64 status, char *buf, size_t len);
/* Corrected: UC clear.  A memory error: memory controller, or a cache
 * error whose address is physical memory (the class says "memory"). */
bool mce_is_corrected(u64 status);
bool mce_is_memory(u64 status);
/* The physical address of the record (ADDR with the bits below
 * MISC's address LSB cleared when MISCV), and whether there is one. */
bool mce_phys_addr(const struct mce *m, u64 *pa);

/* Linux's lines for the record (prefix "mce: [Hardware Error]: ") at
 * KERN_EMERG, then sparsemm's decoding line. */
void mce_print(const struct mce *m);

#endif
