/* SPDX-License-Identifier: MIT */
/*
 * A test-and-test-and-set spinlock on compiler atomics.  Portable: the same
 * code runs on the machine's CPUs and on host threads.  The holder's CPU is
 * recorded so that a recursive acquire is reported instead of hanging.
 */
#ifndef LIB_SPINLOCK_H
#define LIB_SPINLOCK_H

#include <arch/arch.h>
#include <lib/types.h>

typedef struct {
	volatile u32 locked;
	volatile u32 owner; /* CPU number + 1 of the holder, 0 when free */
} spinlock_t;

#define SPINLOCK_INIT \
	{             \
		0, 0  \
	}

static inline void spin_lock_init(spinlock_t *lock)
{
	lock->locked = 0;
	lock->owner = 0;
}

/* The _cpu variants: the caller knows its CPU number already. */
static inline bool spin_trylock_cpu(spinlock_t *lock, unsigned int cpu)
{
	if (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE))
		return false;
	lock->owner = cpu + 1;
	return true;
}

static inline bool spin_trylock(spinlock_t *lock)
{
	return spin_trylock_cpu(lock, smp_processor_id());
}

static inline void spin_lock_cpu(spinlock_t *lock, unsigned int cpu)
{
	while (!spin_trylock_cpu(lock, cpu))
		while (__atomic_load_n(&lock->locked, __ATOMIC_RELAXED))
			cpu_relax();
}

static inline void spin_lock(spinlock_t *lock)
{
	spin_lock_cpu(lock, smp_processor_id());
}

static inline void spin_unlock(spinlock_t *lock)
{
	lock->owner = 0;
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
}

static inline bool spin_is_locked(spinlock_t *lock)
{
	return __atomic_load_n(&lock->locked, __ATOMIC_RELAXED) != 0;
}

#endif
