/* kiln-perf-format.h — the vocabulary of perf records, shared by perf.data
 * and the kernel's ring buffers: record types, sample_type bits, and byte
 * readers that honour the recording's endianness. The perf.data file's own
 * header constants live in formats/perf-data/kiln-perf-file-format.h.
 *
 * Values follow include/uapi/linux/perf_event.h and tools/perf/util/header.h;
 * only what the reader needs is named here.
 */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <string.h>

/* perf_event_attr.type */
#define PERF_TYPE_HARDWARE   0u
#define PERF_TYPE_SOFTWARE   1u
#define PERF_TYPE_TRACEPOINT 2u
#define PERF_TYPE_HW_CACHE   3u
#define PERF_TYPE_BREAKPOINT 5u

/* perf_event_attr.config of PERF_TYPE_SOFTWARE events. */
#define PERF_COUNT_SW_CPU_CLOCK  0u
#define PERF_COUNT_SW_TASK_CLOCK 1u
#define PERF_COUNT_SW_DUMMY      9u

/* Kernel records. */
enum {
    PERF_RECORD_MMAP = 1,
    PERF_RECORD_LOST = 2,
    PERF_RECORD_COMM = 3,
    PERF_RECORD_EXIT = 4,
    PERF_RECORD_THROTTLE = 5,
    PERF_RECORD_UNTHROTTLE = 6,
    PERF_RECORD_FORK = 7,
    PERF_RECORD_READ = 8,
    PERF_RECORD_SAMPLE = 9,
    PERF_RECORD_MMAP2 = 10,
    PERF_RECORD_LOST_SAMPLES = 13,
};

/* Records perf itself writes (user types, >= 64). */
enum {
    PERF_RECORD_USER_TYPE_START = 64,
    PERF_RECORD_HEADER_ATTR = 64,
    PERF_RECORD_HEADER_EVENT_TYPE = 65,
    PERF_RECORD_HEADER_TRACING_DATA = 66,
    PERF_RECORD_HEADER_BUILD_ID = 67,
    PERF_RECORD_FINISHED_ROUND = 68,
    PERF_RECORD_ID_INDEX = 69,
    PERF_RECORD_AUXTRACE_INFO = 70,
    PERF_RECORD_AUXTRACE = 71,
    PERF_RECORD_HEADER_FEATURE = 80,
    PERF_RECORD_COMPRESSED = 81,
    PERF_RECORD_FINISHED_INIT = 82,
    PERF_RECORD_COMPRESSED2 = 83,
};

/* perf_event_attr.sample_type bits. */
#define PERF_SAMPLE_IP             (1u << 0)
#define PERF_SAMPLE_TID            (1u << 1)
#define PERF_SAMPLE_TIME           (1u << 2)
#define PERF_SAMPLE_ADDR           (1u << 3)
#define PERF_SAMPLE_READ           (1u << 4)
#define PERF_SAMPLE_CALLCHAIN      (1u << 5)
#define PERF_SAMPLE_ID             (1u << 6)
#define PERF_SAMPLE_CPU            (1u << 7)
#define PERF_SAMPLE_PERIOD         (1u << 8)
#define PERF_SAMPLE_STREAM_ID      (1u << 9)
#define PERF_SAMPLE_RAW            (1u << 10)
#define PERF_SAMPLE_BRANCH_STACK   (1u << 11)
#define PERF_SAMPLE_REGS_USER      (1u << 12)
#define PERF_SAMPLE_STACK_USER     (1u << 13)
#define PERF_SAMPLE_WEIGHT         (1u << 14)
#define PERF_SAMPLE_DATA_SRC       (1u << 15)
#define PERF_SAMPLE_IDENTIFIER     (1u << 16)
#define PERF_SAMPLE_TRANSACTION    (1u << 17)
#define PERF_SAMPLE_REGS_INTR      (1u << 18)
#define PERF_SAMPLE_PHYS_ADDR      (1u << 19)
#define PERF_SAMPLE_AUX            (1u << 20)
#define PERF_SAMPLE_CGROUP         (1u << 21)
#define PERF_SAMPLE_DATA_PAGE_SIZE (1u << 22)
#define PERF_SAMPLE_CODE_PAGE_SIZE (1u << 23)
#define PERF_SAMPLE_WEIGHT_STRUCT  (1u << 24)

/* read_format bits. */
#define PERF_FORMAT_TOTAL_TIME_ENABLED (1u << 0)
#define PERF_FORMAT_TOTAL_TIME_RUNNING (1u << 1)
#define PERF_FORMAT_ID                 (1u << 2)
#define PERF_FORMAT_GROUP              (1u << 3)
#define PERF_FORMAT_LOST               (1u << 4)

/* branch_sample_type bit that adds a hw_idx word to branch stacks. */
#define PERF_SAMPLE_BRANCH_HW_INDEX (UINT64_C(1) << 17)
/* branch_sample_type bit of `--call-graph lbr`: the branch stack is the
 * user-space call stack. */
#define PERF_SAMPLE_BRANCH_CALL_STACK (UINT64_C(1) << 11)

/* attr flag bits (the bitfield word at offset 40). */
#define PERF_ATTR_FLAG_FREQ                   (UINT64_C(1) << 10)
#define PERF_ATTR_FLAG_SAMPLE_ID_ALL          (UINT64_C(1) << 18)
#define PERF_ATTR_FLAG_EXCLUDE_CALLCHAIN_USER (UINT64_C(1) << 22)

/* header.misc */
#define PERF_RECORD_MISC_CPUMODE_MASK  7u
#define PERF_RECORD_MISC_KERNEL        1u
#define PERF_RECORD_MISC_USER          2u
#define PERF_RECORD_MISC_HYPERVISOR    3u
#define PERF_RECORD_MISC_GUEST_KERNEL  4u
#define PERF_RECORD_MISC_GUEST_USER    5u
#define PERF_RECORD_MISC_FORK_EXEC     (1u << 13)
#define PERF_RECORD_MISC_MMAP_BUILD_ID (1u << 14)
#define PERF_RECORD_MISC_BUILD_ID_SIZE (1u << 15)

/* Callchain context markers. */
#define PERF_CONTEXT_HV           UINT64_C(0xffffffffffffffe0)
#define PERF_CONTEXT_KERNEL       UINT64_C(0xffffffffffffff80)
#define PERF_CONTEXT_USER         UINT64_C(0xfffffffffffffe00)
#define PERF_CONTEXT_GUEST        UINT64_C(0xfffffffffffff800)
#define PERF_CONTEXT_GUEST_KERNEL UINT64_C(0xfffffffffffff780)
#define PERF_CONTEXT_GUEST_USER   UINT64_C(0xfffffffffffff600)
#define PERF_CONTEXT_MAX          UINT64_C(0xfffffffffffff001)

static inline uint64_t kiln_perf_u64(const guint8 *p, gboolean swap)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return swap ? GUINT64_SWAP_LE_BE(v) : v;
}

static inline uint32_t kiln_perf_u32(const guint8 *p, gboolean swap)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return swap ? GUINT32_SWAP_LE_BE(v) : v;
}

static inline uint16_t kiln_perf_u16(const guint8 *p, gboolean swap)
{
    uint16_t v;
    memcpy(&v, p, 2);
    return swap ? GUINT16_SWAP_LE_BE(v) : v;
}
