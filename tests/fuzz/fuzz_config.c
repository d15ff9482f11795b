// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the configuration words (lib/config.c): config_parse() on
 * the input as a config file / load options, then config_print() and
 * config_suite_enabled() on the result; memparse() on the input as one
 * number.
 *
 * Oracle: the parser returns the number of problems it counted; lists stay
 * within their arrays and names within their buffers (NUL-terminated); the
 * console loglevel stays 0..8; a successful memparse() consumed something
 * and stopped inside the text.
 */
#include <errno.h>

#include <lib/config.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sparsemm_config cfg;
	char *text = malloc(size + 1);
	const char *end = NULL;
	u64 value;
	int n, i, err;

	fz_quiet();
	memcpy(text, data, size);
	text[size] = 0;

	config_defaults(&cfg);
	n = config_parse(&cfg, text, size, "fuzz");
	FZ_CHECK(n == cfg.errors, "returned %d, counted %d", n, cfg.errors);
	FZ_CHECK(cfg.nr_memmap >= 0 && cfg.nr_memmap <= CONFIG_MAX_MEMMAP,
		 "nr_memmap %d", cfg.nr_memmap);
	FZ_CHECK(cfg.nr_suites >= 0 && cfg.nr_suites <= CONFIG_MAX_SUITES,
		 "nr_suites %d", cfg.nr_suites);
	FZ_CHECK(cfg.nr_exclude >= 0 && cfg.nr_exclude <= CONFIG_MAX_SUITES,
		 "nr_exclude %d", cfg.nr_exclude);
	FZ_CHECK(cfg.loglevel >= 0 && cfg.loglevel <= 8, "loglevel %d",
		 cfg.loglevel);
	for (i = 0; i < cfg.nr_suites; i++)
		FZ_CHECK(memchr(cfg.suites[i], 0, CONFIG_NAME_MAX),
			 "suite %d not terminated", i);
	for (i = 0; i < cfg.nr_exclude; i++)
		FZ_CHECK(memchr(cfg.exclude[i], 0, CONFIG_NAME_MAX),
			 "exclude %d not terminated", i);
	config_print(&cfg);
	(void)config_suite_enabled(&cfg, "churn");
	(void)config_suite_enabled(&cfg, text);

	/* The same words again, on top of the result. */
	n = config_parse(&cfg, text, size, "fuzz again");
	FZ_CHECK(n >= 0, "second parse returned %d", n);

	err = memparse(text, &end, &value);
	FZ_CHECK(err == 0 || err == -EINVAL || err == -ERANGE, "memparse %d",
		 err);
	if (!err)
		FZ_CHECK(end > text && end <= text + size,
			 "end %td characters after the start of %zu",
			 end - text, size);
	free(text);
	return 0;
}
