# The firmware-quirk loader (tests/quirks/quirks.h): a test-only UEFI
# application, built like sparsemm.efi with gnu-efi.  Included by the
# Makefile; `make quirks` builds $(BUILD)/quirks.efi, `make check` needs it
# for the quirk-* boot cases (tests/qemu/cases.tsv, docs/testing.md).

QUIRKS_SRCS := $(wildcard tests/quirks/*.c) $(wildcard tests/quirks/*.S)
QUIRKS_OBJS := $(patsubst %,$(BUILD)/quirks-obj/%.o,$(QUIRKS_SRCS))
# sparsemm's firmware code-generation flags; none of its include paths or
# defines: the loader shares no code with sparsemm.
QUIRKS_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter \
	-ffreestanding -fno-stack-protector -fpic -fshort-wchar -mno-red-zone \
	-mgeneral-regs-only -fno-strict-aliasing -fno-builtin-printf \
	-DGNU_EFI_USE_MS_ABI -I $(EFI_INC) -I $(EFI_INC)/x86_64 -MMD -MP

$(BUILD)/quirks-obj/%.c.o: %.c tests/quirks/quirks.mk
	@mkdir -p $(dir $@)
	$(CC) $(QUIRKS_CFLAGS) -c $< -o $@

$(BUILD)/quirks-obj/%.S.o: %.S tests/quirks/quirks.mk
	@mkdir -p $(dir $@)
	$(CC) $(QUIRKS_CFLAGS) -D__ASSEMBLY__ -c $< -o $@

$(BUILD)/quirks.so: $(QUIRKS_OBJS) | deps-build
	ld $(EFI_LDFLAGS) $(EFI_CRT0) $(QUIRKS_OBJS) -o $@ -lefi -lgnuefi
	@if readelf -r $@ | grep -Eq 'R_X86_64_(64|GLOB_DAT|JUMP_SLOT)' ; then \
		readelf -r $@ | grep -v RELATIVE ; echo "unexpected relocations"; exit 1; fi

$(BUILD)/quirks.efi: $(BUILD)/quirks.so
	objcopy -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel \
		-j .rela -j .reloc --target efi-app-x86_64 $< $@

quirks: $(BUILD)/quirks.efi

.PHONY: quirks
