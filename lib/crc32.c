// SPDX-License-Identifier: MIT
/*
 * CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), table-driven one
 * byte at a time; crc32(0, "123456789", 9) is 0xCBF43926.  The table is
 * built on first use (no static initializer data to keep in sync).
 */
#include <lib/crc32.h>

static u32 crc_table[256];
static bool crc_table_ready;

static void crc32_init_table(void)
{
	for (u32 i = 0; i < 256; i++) {
		u32 c = i;

		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xEDB88320U & -(c & 1));
		crc_table[i] = c;
	}
	crc_table_ready = true;
}

u32 crc32(u32 crc, const void *data, size_t len)
{
	const u8 *p = data;

	if (!crc_table_ready)
		crc32_init_table();
	crc = ~crc;
	while (len--)
		crc = (crc >> 8) ^ crc_table[(crc ^ *p++) & 0xff];
	return ~crc;
}
