/* SPDX-License-Identifier: MIT */
/*
 * pfn_to_page / page_to_pfn for the memory model selected at build time
 * (make MODEL=vmemmap|sparse|flatmem).  Each model's conversions live in
 * their own header under include/mm/model/; this file only picks one.
 */
#ifndef MM_MEMORY_MODEL_H
#define MM_MEMORY_MODEL_H

#if defined(MODEL_vmemmap)
#include <mm/model/vmemmap.h>
#elif defined(MODEL_sparse)
#include <mm/model/sparse.h>
#elif defined(MODEL_flatmem)
#include <mm/model/flatmem.h>
#else
#error "build with -DMODEL_vmemmap, -DMODEL_sparse or -DMODEL_flatmem"
#endif

#endif
