/* SPDX-License-Identifier: MIT */
/*
 * fwcheck=1: the firmware's memory services against the UEFI SCT's
 * expectations, run before ExitBootServices, reported after it
 * (docs/fwcheck.md).
 */
#ifndef EFI_FWCHECK_H
#define EFI_FWCHECK_H

#include <lib/ktap.h>

/*
 * Before ExitBootServices, after allocate_run_memory() (boot.map must
 * exist): run every case, free everything it allocated, record the results
 * and print a one-line summary.  Does nothing unless fwcheck=1.
 */
void fwcheck_run(void);

/* Top-level KTAP results fwcheck_emit() adds: 1 when fwcheck ran, else 0. */
int fwcheck_nr_results(void);

/*
 * After ExitBootServices: the recorded results as the subtest "fwcheck"
 * one level below 'top', then its result line in 'top'.  Does nothing when
 * fwcheck did not run.
 */
void fwcheck_emit(struct ktap_suite *top);

#endif
