// SPDX-License-Identifier: MIT
/* Bitwise CRC-32, reflected polynomial 0xEDB88320; crc32(0, "123456789", 9)
 * is 0xCBF43926. */
#include <lib/crc32.h>

u32 crc32(u32 crc, const void *data, size_t len)
{
	const u8 *p = data;

	crc = ~crc;
	while (len--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xEDB88320U & -(crc & 1));
	}
	return ~crc;
}
