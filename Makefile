# sparsemm — the one entry point.  See README.md.
#
#   make            build/sparsemm.efi and build/sparsemm-sim
#   make image      build/sparsemm.img (GPT + ESP, ready for dd to a USB stick)
#   make run        boot the image in QEMU+OVMF (MEM=2G SMP=1 ACCEL=tcg CONFIG="..."
#                   QUIRKS="acpi-reserved ...": behind the firmware-quirk loader)
#   make check      unit tests, fuzz smoke runs and the QEMU boot matrix
#   make unit       host unit tests only (cmocka, ASan+UBSan)
#   make oracle     the Linux oracle in full: boot Debian's Linux and sparsemm on
#                   every machine of tests/linux-oracle/configs.tsv, compare
#   make bench      host benchmarks
#   make bench-scale  boot stages and memory overhead from 2 GiB to 1 TiB
#                   (8 nodes) through the simulator: docs/bench.md's scale
#                   table (needs ~17 GiB of free host memory for 1 TiB)
#   make fuzz       libFuzzer targets, FUZZ_SECONDS each, then a long sweep
#                   of generated machines (tools/machines, MACHINES_COUNT)
#   make lint       clang-format check and cppcheck
#   make sign KEY=k.key CERT=c.pem   Secure Boot: signed .efi and image
#
# Everything is built out of tree under $(BUILD)/.

BUILD   ?= build
MODEL   ?= vmemmap
MEM     ?= 2G
SMP     ?= 1
ACCEL   ?= tcg
CONFIG  ?=
QEMU_EXTRA ?=
QUIRKS  ?=
FUZZ_SECONDS ?= 60
MACHINES_SEED ?= 1
MACHINES_COUNT ?= 200

ifeq ($(filter $(MODEL),vmemmap sparse flatmem),)
$(error MODEL must be vmemmap, sparse or flatmem, not '$(MODEL)')
endif

EFI_INC   := /usr/include/efi
EFI_LIB   := /usr/lib
EFI_CRT0  := $(EFI_LIB)/crt0-efi-x86_64.o
EFI_LDS   := $(EFI_LIB)/elf_x86_64_efi.lds

# ---- sources -------------------------------------------------------------
# The layers, bottom up (docs/architecture.md; tools/layers checks them):
#   lib/        freestanding basics (printk, strings, config, ACPI tables)
#   mm/         Linux's physical memory model; mm/model/$(MODEL)/ its model
#   mm/stress/  the GFP stress suites, sparsemm's product
#   mm/run/     the run sequence and the end-of-run report
#   efi/        the firmware app: pre_exit/ (boot services), post_exit/
#               (the machine after ExitBootServices), suites/ (firmware checks)
#   tools/lib/  the host platform and the map readers; tools/sim/ the simulator
# Portable code: builds into the firmware app and into every host program.
PORTABLE_SRCS := $(filter-out lib/string.c,$(wildcard lib/*.c)) \
                 $(wildcard mm/*.c) $(wildcard mm/model/$(MODEL)/*.c) \
                 $(wildcard mm/stress/*.c) $(wildcard mm/run/*.c)
# Firmware-only code.
EFI_SRCS      := $(wildcard efi/*.S) $(wildcard efi/*/*.c) $(wildcard efi/*/*.S) \
                 lib/string.c
# Host-only shared code: the host platform (simulated physical memory) and
# the readers of users' memory maps.  The simulator, the unit tests, the
# fuzzers and the bench link it.
HOST_LIB_SRCS := $(wildcard tools/lib/*.c) $(wildcard tools/lib/maps/*.c)
# The simulator's front end.
SIM_SRCS      := $(wildcard tools/sim/*.c) $(HOST_LIB_SRCS)

# Objects live in one folder per memory model, so switching MODEL never
# reuses another model's objects; each folder records the flags its objects
# were built with, and a change of flags rebuilds them.  The linked outputs
# depend on $(MODEL_STAMP), which changes whenever MODEL does.
OBJ := $(BUILD)/$(MODEL)
define flags_stamp
$(shell mkdir -p $(dir $(1)) && { printf '%s\n' '$(2)' | cmp -s - $(1) 2>/dev/null || printf '%s\n' '$(2)' > $(1); })
endef
MODEL_STAMP := $(BUILD)/model.stamp
$(call flags_stamp,$(MODEL_STAMP),MODEL=$(MODEL))

# ---- firmware build --------------------------------------------------------
CC      ?= gcc
EFI_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter \
	-ffreestanding -fno-stack-protector -fpic -fshort-wchar -mno-red-zone \
	-mgeneral-regs-only -fno-strict-aliasing -fno-omit-frame-pointer -fno-builtin-printf \
	-DGNU_EFI_USE_MS_ABI -DSPARSEMM_FIRMWARE -DMODEL_$(MODEL) \
	-I include -I efi -I $(EFI_INC) -I $(EFI_INC)/x86_64 -MMD -MP
EFI_LDFLAGS := -nostdlib -znocombreloc -T $(EFI_LDS) -shared -Bsymbolic \
	--no-undefined -L $(EFI_LIB)

EFI_OBJS := $(patsubst %,$(OBJ)/efi-obj/%.o,$(PORTABLE_SRCS) $(EFI_SRCS))
$(call flags_stamp,$(OBJ)/efi-obj/flags,$(CC) $(EFI_CFLAGS))

all: $(BUILD)/sparsemm.efi $(if $(wildcard tools/sim/main.c),$(BUILD)/sparsemm-sim)

$(OBJ)/efi-obj/%.c.o: %.c $(OBJ)/efi-obj/flags
	@mkdir -p $(dir $@)
	$(CC) $(EFI_CFLAGS) -c $< -o $@

$(OBJ)/efi-obj/efi/sbat.S.o: efi/sbat.csv
$(OBJ)/efi-obj/%.S.o: %.S $(OBJ)/efi-obj/flags
	@mkdir -p $(dir $@)
	$(CC) $(EFI_CFLAGS) -D__ASSEMBLY__ -c $< -o $@

$(BUILD)/sparsemm.so: $(EFI_OBJS) $(MODEL_STAMP) | deps-build
	ld $(EFI_LDFLAGS) $(EFI_CRT0) $(EFI_OBJS) -o $@ -lefi -lgnuefi
	@if readelf -r $@ | grep -Eq 'R_X86_64_(64|GLOB_DAT|JUMP_SLOT)' ; then \
		readelf -r $@ | grep -v RELATIVE ; echo "unexpected relocations"; exit 1; fi

$(BUILD)/sparsemm.efi: $(BUILD)/sparsemm.so efi/sbat.csv
	objcopy -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel \
		-j .rela -j .reloc -j .sbat --target efi-app-x86_64 $< $@

# ---- host builds -------------------------------------------------------------
HOST_CC     ?= gcc
HOST_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -Wno-unused-parameter \
	-fno-strict-aliasing -DSPARSEMM_HOST -DMODEL_$(MODEL) -I include -MMD -MP
SAN_FLAGS   := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer

# Unit tests: portable code with ASan+UBSan, one binary per tests/unit/test_*.c
UNIT_SRCS  := $(wildcard tests/unit/test_*.c)
UNIT_BINS  := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(UNIT_SRCS))
UNIT_HELPERS := $(filter-out $(UNIT_SRCS),$(wildcard tests/unit/*.c)) \
	$(HOST_LIB_SRCS)
SAN_OBJS   := $(patsubst %,$(OBJ)/san-obj/%.o,$(PORTABLE_SRCS) $(UNIT_HELPERS))
$(call flags_stamp,$(OBJ)/san-obj/flags,$(HOST_CC) $(HOST_CFLAGS) $(SAN_FLAGS))

$(OBJ)/san-obj/%.c.o: %.c $(OBJ)/san-obj/flags
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) $(SAN_FLAGS) -c $< -o $@

$(UNIT_BINS): $(BUILD)/unit/%: $(OBJ)/san-obj/tests/unit/%.c.o $(SAN_OBJS) $(MODEL_STAMP)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(SAN_FLAGS) $(filter %.o,$^) -o $@ -lcmocka -lm

# The simulator: optimised, no sanitizers.
SIM_OBJS := $(patsubst %,$(OBJ)/sim-obj/%.o,$(PORTABLE_SRCS) $(SIM_SRCS))
$(call flags_stamp,$(OBJ)/sim-obj/flags,$(HOST_CC) $(HOST_CFLAGS) -O2)

$(OBJ)/sim-obj/%.c.o: %.c $(OBJ)/sim-obj/flags
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) -O2 -c $< -o $@

$(BUILD)/sparsemm-sim: $(SIM_OBJS) $(MODEL_STAMP)
	$(HOST_CC) $(SIM_OBJS) -o $@ -lm

# ---- images and running ----------------------------------------------------
$(BUILD)/sparsemm.img: $(BUILD)/sparsemm.efi $(shell find esp -type f) tools/mkimage | deps-run
	tools/mkimage $(BUILD)/sparsemm.efi esp $@

image: $(BUILD)/sparsemm.img

run: $(BUILD)/sparsemm.img $(if $(QUIRKS),$(BUILD)/quirks.efi)
	tools/qemu-run --image $< --mem $(MEM) --smp $(SMP) --accel $(ACCEL) \
		--config "$(CONFIG)" $(if $(QUIRKS),--quirks "$(QUIRKS)") -- $(QEMU_EXTRA)

# ---- Secure Boot (docs/secure-boot.md) -----------------------------------------
# The image is checked (W^X sections, shim's SBAT) before it is signed.
sign: $(BUILD)/sparsemm.efi $(shell find esp -type f) | deps-run
	@test -n "$(KEY)" -a -n "$(CERT)" || { \
		echo "usage: make sign KEY=key.pem CERT=cert.pem (docs/secure-boot.md)"; exit 2; }
	tools/pe-check --sbat efi/sbat.csv $(BUILD)/sparsemm.efi
	sbsign --key $(KEY) --cert $(CERT) --output $(BUILD)/sparsemm-signed.efi \
		$(BUILD)/sparsemm.efi
	sbverify --cert $(CERT) $(BUILD)/sparsemm-signed.efi
	tools/mkimage $(BUILD)/sparsemm-signed.efi esp $(BUILD)/sparsemm-signed.img

# ---- tests -------------------------------------------------------------------
include tests/quirks/quirks.mk

unit: $(UNIT_BINS)
	tools/run-unit $(UNIT_BINS)

check: deps-check all image quirks $(UNIT_BINS)
	tools/check --build $(BUILD)

# The Linux oracle (docs/differential.md): Linux is booted afresh here;
# make check compares with the committed answers instead.
oracle: deps-oracle all image $(BUILD)/unit/test_oracle_wmarks
	tools/run-unit $(BUILD)/unit/test_oracle_wmarks
	tools/linux-oracle --fresh --compare --image $(BUILD)/sparsemm.img

fuzz: deps-check
	tools/fuzz --build $(BUILD) --seconds $(FUZZ_SECONDS)
	tools/machines --build $(BUILD) --seed $(MACHINES_SEED) --count $(MACHINES_COUNT)

bench: deps-build
	$(MAKE) -f tests/bench/bench.mk BUILD=$(BUILD)

BENCH_SCALE_ARGS ?= --holes
bench-scale: deps-build $(BUILD)/sparsemm-sim
	tools/bench-scale --build $(BUILD) $(BENCH_SCALE_ARGS)

lint:
	tools/lint

deps-build:
	@tools/install-deps build
deps-run:
	@tools/install-deps run
deps-check:
	@tools/install-deps check
deps-oracle:
	@tools/install-deps oracle

clean:
	rm -rf $(BUILD)

.PHONY: all image run unit check oracle fuzz bench bench-scale lint clean deps-build deps-run deps-check deps-oracle
.PHONY: sign

-include $(shell find $(BUILD) -path $(BUILD)/linux-oracle -prune -o -name '*.d' -type f -print 2>/dev/null)
