// The folding tables of `ScalarTable` (HarkLearn), compiled in rather than computed at start-up.
// The data in fold_tables.c is generated: see the comment at its top.
#ifndef HARK_FOLD_TABLES_H
#define HARK_FOLD_TABLES_H

#include <stddef.h>
#include <stdint.h>

/// Role and flag bits of every BMP scalar (65,536 entries).
const uint8_t *_Nonnull hark_fold_info(void);
/// The folding of every BMP scalar whose info has the folds flag (65,536 entries).
const uint32_t *_Nonnull hark_fold_scalars(void);
/// The scalars of multi-scalar foldings, which `hark_fold_scalars` entries point into.
const uint32_t *_Nonnull hark_fold_multi(void);
/// The number of entries of `hark_fold_multi`.
size_t hark_fold_multi_count(void);

#endif
