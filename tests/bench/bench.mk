# SPDX-License-Identifier: MIT
# make bench: the host benchmarks (docs/bench.md), called by the Makefile as
#   $(MAKE) -f tests/bench/bench.mk BUILD=build [CALLGRIND=1] [BENCH_ARGS=...]
#
# The source lists are the Makefile's own (included for its variables);
# the benchmark builds them again with -O2, no sanitizers and NDEBUG into
# $(BUILD)/bench-obj/, links tests/bench/*.c, and runs the table.  With
# CALLGRIND=1 it runs the measured loops once under valgrind's callgrind
# and prints instructions per operation instead.

include Makefile
.DEFAULT_GOAL := bench-run

BENCH_SRCS := $(PORTABLE_SRCS) $(HOST_LIB_SRCS) \
	$(wildcard tests/bench/*.c)
BENCH_OBJS := $(patsubst %,$(BUILD)/bench-obj/%.o,$(BENCH_SRCS))
BENCH_BIN  := $(BUILD)/bench/sparsemm-bench
BENCH_CFLAGS := $(filter-out -O1 -g,$(HOST_CFLAGS)) -O2 -g -DNDEBUG \
	-DSPARSEMM_DEBUG_VM=0 -pthread
BENCH_ARGS ?=
CALLGRIND_MAP ?= tests/fixtures/qemu-q35-128m.efimap

$(BUILD)/bench-obj/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(HOST_CC) $(BENCH_CFLAGS) -c $< -o $@

$(BENCH_BIN): $(BENCH_OBJS)
	@mkdir -p $(dir $@)
	$(HOST_CC) -pthread $^ -o $@ -lm

ifeq ($(CALLGRIND),1)
bench-run: $(BENCH_BIN)
	@tools/install-deps bench
	@rm -rf $(BUILD)/bench/callgrind && mkdir -p $(BUILD)/bench/callgrind
	valgrind --tool=callgrind --collect-atstart=no \
		--callgrind-out-file=$(BUILD)/bench/callgrind/cg.out \
		$(BENCH_BIN) --callgrind --map $(CALLGRIND_MAP) $(BENCH_ARGS) \
		2>$(BUILD)/bench/callgrind/valgrind.log
	@echo "instructions per operation (callgrind, $(CALLGRIND_MAP)):"
	@for f in $$(ls -v $(BUILD)/bench/callgrind/cg.out.*); do \
		awk '/^desc: Trigger: Client Request: /{sub(/^desc: Trigger: Client Request: /,""); what=$$0} \
		     /^(summary|totals): /{ir=$$2} \
		     END{n=what; sub(/.*ops=/,"",n); w=what; sub(/ ops=.*/,"",w); \
		         if (n > 0) printf "  %-34s %10.1f Ir/op\n", w, ir / n}' $$f; \
	done
else
bench-run: $(BENCH_BIN)
	$(BENCH_BIN) $(BENCH_ARGS)
endif

.PHONY: bench-run
