/* SPDX-License-Identifier: MIT */
/*
 * The report kept in UEFI variables between a run and the next boot
 * (docs/pc.md, "Where the reports go").
 *
 * Under sparsemm's vendor GUID 7408c186-cc79-49af-8c29-69f23a5da15c, all
 * non-volatile, boot-service and runtime accessible:
 *
 *   SparsemmReport       the header (RV_HEADER_BYTES, layout below), written
 *                        last: it commits the report
 *   SparsemmReport0000   the stored stream, chunk_size bytes per variable,
 *   SparsemmReport0001   the last one shorter
 *   ...
 *
 * The stored stream is the tail of the run's log, LZSS-compressed
 * (include/lib/lzss.h).  Header layout, little-endian, no padding:
 *
 *   0  magic "SPMMRPT1"     48  log_offset u64: first log byte kept
 *   8  version u32 (1)      56  log_total u64: log bytes written in all
 *  12  header_size u32      64  date[16]: "YYYYMMDD-HHMMSS", NUL-padded
 *  16  flags u32            80  machine[48]: file-name-safe, NUL-padded
 *  20  nr_chunks u32
 *  24  chunk_size u32       log_offset > 0 means the head of the log did
 *  28  stored_size u32      not fit (RV_FLAG_TRUNCATED).
 *  32  raw_size u32
 *  36  raw_crc u32          CRC-32 (zlib's) of the decoded text
 *  40  stored_crc u32       CRC-32 of the stored stream
 *  44  verdict u32          0 PASS, 1 FAIL, 2 CRASH
 *
 * tools/efivar-report decodes the same layout in Python.
 */
#ifndef LIB_REPORT_VARS_H
#define LIB_REPORT_VARS_H

#include <lib/types.h>

#define RV_GUID_STRING "7408c186-cc79-49af-8c29-69f23a5da15c"
/* The same GUID as EFI_GUID's fields: Data1, Data2, Data3, Data4[8]. */
#define RV_GUID_INIT                                                   \
	{                                                              \
		0x7408c186, 0xcc79, 0x49af,                            \
		{                                                      \
			0x8c, 0x29, 0x69, 0xf2, 0x3a, 0x5d, 0xa1, 0x5c \
		}                                                      \
	}

#define RV_HEADER_NAME "SparsemmReport"
#define RV_NAME_MAX 24 /* "SparsemmReport0000" and its NUL */
#define RV_MAX_CHUNKS 10000 /* four decimal digits */

#define RV_MAGIC "SPMMRPT1"
#define RV_MAGIC_LEN 8
#define RV_VERSION 1
#define RV_HEADER_BYTES 128
#define RV_DATE_LEN 16
#define RV_MACHINE_LEN 48

#define RV_FLAG_LZSS (1u << 0) /* stream is LZSS; else raw text */
#define RV_FLAG_TRUNCATED (1u << 1) /* log_offset > 0: head dropped */
#define RV_FLAGS_KNOWN (RV_FLAG_LZSS | RV_FLAG_TRUNCATED)

/* Sanity limit on a header read back: nothing sparsemm writes is larger. */
#define RV_RAW_MAX (64u << 20)

/*
 * Budget rules (rv_plan).  Some firmware stops booting when its variable
 * store is full (the Samsung laptops Linux's efi-pstore bricked in 2013;
 * Linux has since kept EFI_MIN_RESERVE, 5 KiB, free:
 * arch/x86/platform/efi/quirks.c).  sparsemm is a guest on the machine and
 * keeps more: at least RV_MIN_FREE bytes and a quarter of the store.
 */
#define RV_MIN_FREE (8u * 1024)
#define RV_FREE_FRACTION 4 /* keep storage / 4 free */
/* Per variable: EDK2's 60-byte header, the UCS-2 name, alignment. */
#define RV_VAR_OVERHEAD 128
#define RV_CHUNK_MAX (16u * 1024)
#define RV_CHUNK_MIN 512
#define RV_STORED_MAX (96u * 1024) /* the firmware's output buffer */

enum rv_verdict { RV_VERDICT_PASS, RV_VERDICT_FAIL, RV_VERDICT_CRASH };

struct rv_header {
	u32 flags;
	u32 nr_chunks;
	u32 chunk_size;
	u32 stored_size;
	u32 raw_size;
	u32 raw_crc;
	u32 stored_crc;
	u32 verdict;
	u64 log_offset;
	u64 log_total;
	char date[RV_DATE_LEN]; /* NUL-terminated */
	char machine[RV_MACHINE_LEN]; /* NUL-terminated */
};

/* Serialize h into out[RV_HEADER_BYTES]. */
void rv_header_encode(const struct rv_header *h, u8 *out);

/*
 * Parse and check a header read back: magic, version, size, known flags,
 * chunk count agreeing with stored_size / chunk_size, sizes within limits,
 * NUL-terminated strings.  Returns 0, or -EINVAL with a reason in *why.
 */
int rv_header_decode(const u8 *buf, size_t len, struct rv_header *h,
		     const char **why);

/* "SparsemmReport0007" for i = 7. */
void rv_chunk_name(char *buf, size_t size, u32 i);

/* The store's figures, as QueryVariableInfo gives them (UEFI 2.10 §8.2). */
struct rv_store_info {
	u64 max_storage; /* MaximumVariableStorageSize */
	u64 remaining; /* RemainingVariableStorageSize */
	u64 max_var; /* MaximumVariableSize */
};

/* How much to store, and in what pieces. */
struct rv_plan {
	u32 chunk_size; /* data bytes per chunk variable */
	u32 budget; /* stored bytes that may be written */
};

/*
 * Plan a report: chunk size from max_var, budget from what stays free
 * after the reserve (RV_MIN_FREE, storage / RV_FREE_FRACTION) and the
 * per-variable overhead, capped at RV_STORED_MAX.  Returns 0, or -ENOSPC
 * with a reason in *why when not even RV_CHUNK_MIN bytes can be stored.
 */
int rv_plan(const struct rv_store_info *info, struct rv_plan *plan,
	    const char **why);

/* Chunks needed for 'stored' bytes. */
static inline u32 rv_chunks_for(u32 stored, u32 chunk_size)
{
	return (stored + chunk_size - 1) / chunk_size;
}

/*
 * A name usable in a FAT long file name: "<vendor>-<product>" with every
 * run of characters outside [A-Za-z0-9._] turned into one '-', no '-' at
 * either end, at most size - 1 characters; "unknown" when nothing is left.
 */
void rv_machine_name(char *dst, size_t size, const char *vendor,
		     const char *product);

/* "YYYYMMDD-HHMMSS" into dst[RV_DATE_LEN]; an impossible date gives
 * "00000000-000000". */
void rv_format_date(char *dst, unsigned int year, unsigned int month,
		    unsigned int day, unsigned int hour, unsigned int minute,
		    unsigned int second);

/*
 * The JSON object of a report in text[0..len): the lines between the
 * REPORT_JSON_BEGIN and REPORT_JSON_END marker lines (include/lib/report_format.h),
 * the last such pair when there are several.  Returns a pointer into text
 * and its length in *json_len, or NULL when there is no complete pair.
 */
const char *rv_find_json(const char *text, size_t len, size_t *json_len);

#endif
