/* SPDX-License-Identifier: MIT */
/* Functions efi_main calls before ExitBootServices (firmware side only). */
#ifndef EFI_EFI_MAIN_H
#define EFI_EFI_MAIN_H

#include <efi.h>
#include <efilib.h>
#include <lib/types.h>

void fw_console_register(void);
void fw_console_unregister(void);
bool fw_console_has_serial(void);
void identity_collect(void);
void config_load(EFI_LOADED_IMAGE *li);

#endif
