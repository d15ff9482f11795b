/* SPDX-License-Identifier: MIT */
/* CRC-32 (IEEE 802.3, reflected, as zlib computes it). */
#ifndef LIB_CRC32_H
#define LIB_CRC32_H

#include <lib/types.h>

/* Continue a CRC: start with crc = 0. */
u32 crc32(u32 crc, const void *data, size_t len);

#endif
