/* SPDX-License-Identifier: MIT */
/* Functions efi_main calls before ExitBootServices (firmware side only). */
#ifndef EFI_EFI_MAIN_H
#define EFI_EFI_MAIN_H

#include <efi.h>
#include <efilib.h>
#include <lib/types.h>
#include <lib/uart.h>

void fw_console_register(void);
void fw_console_unregister(void);
/* The UARTs ConOut writes to, in its order: those named by a PNP0501 node
 * go to list (at most max, returned), the others are counted in
 * *unnamed. */
unsigned int fw_console_uarts(struct uart_desc *list, unsigned int max,
			      unsigned int *unnamed);
/* serial_select.c: choose, start and describe the serial console. */
void serial_select(void);
/* After ExitBootServices (or a failed attempt): start the serial console
 * if the firmware console was carrying it, replaying from replay_from. */
void serial_after_firmware(u64 replay_from);
const char *serial_where(void);
void identity_collect(void);
void config_load(EFI_LOADED_IMAGE *li);

#endif
