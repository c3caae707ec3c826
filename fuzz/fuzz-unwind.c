/* fuzz-unwind.c — libFuzzer target: the DWARF unwinder on hostile
 * registers and stack bytes, over real files mapped at hostile places.
 *
 * The input is a little-endian header — where this fuzz binary and libc
 * are mapped (start, length, file offset each), the sample_regs_user mask
 * and 24 register words — followed by the "stack copy". A process maps
 * both files accordingly, and its sample is unwound: libdwfl then reads
 * real CFI, but every register, every stack word and every mapping is the
 * fuzzer's. Any crash, hang or out-of-bounds read is a finding; the
 * result must also be within bounds (at most max pcs, the first the
 * sampled IP when anything is returned).
 */
#include "kiln-fuzz.h"

#include "perf/kiln-perf-unwind.h"

#include <unistd.h>

#define N_REGS 24

static char self_path[4096];
static const char *libc_path = "/lib/x86_64-linux-gnu/libc.so.6";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    kiln_fuzz_init();
    ssize_t n = readlink("/proc/self/exe", self_path, sizeof self_path - 1);
    self_path[n > 0 ? n : 0] = 0;
    return 0;
}

static uint64_t word(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return GUINT64_FROM_LE(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const size_t header = 8 * (6 + 1 + N_REGS);
    if (size < header || !self_path[0])
        return 0;
    KilnPerfMachine *m = kiln_perf_machine_new();
    KilnPerfOptions o = {0};
    KilnPerfResolver *r = kiln_perf_resolver_new(&o);
    KilnPerfUnwind *u = kiln_perf_unwind_new(m, r);
    const char *files[2] = {self_path, libc_path};
    for (int i = 0; i < 2; i++)
        kiln_perf_machine_mmap(m, 42, 42, FALSE, word(data + 24 * i), word(data + 24 * i + 8),
                               word(data + 24 * i + 16), files[i]);
    KilnPerfAttr a = {0};
    a.sample_regs_user = word(data + 48);
    /* Exact-size heap copies, so ASan sees a read one byte past either. */
    uint8_t *regs = g_memdup2(data + 56, 8 * N_REGS);
    size_t stack_len = size - header;
    uint8_t *stack = g_malloc(stack_len ? stack_len : 1);
    memcpy(stack, data + header, stack_len);
    KilnPerfSample s = {0};
    s.pid = s.tid = 42;
    s.has_regs_user = TRUE;
    s.regs_abi = 2; /* PERF_SAMPLE_REGS_ABI_64 */
    s.regs = regs;
    s.n_regs = MIN((uint32_t)__builtin_popcountll(a.sample_regs_user), N_REGS);
    s.stack = stack;
    s.stack_size = stack_len;
    KilnPerfThread *t = kiln_perf_machine_thread(m, 42, 42);
    uint64_t pcs[127];
    gboolean complete;
    /* Twice: the second walk reuses the process's Dwfl and modules. */
    for (int round = 0; round < 2; round++) {
        guint n = kiln_perf_unwind_sample(u, t, &a, &s, FALSE, pcs, G_N_ELEMENTS(pcs), &complete);
        KILN_FUZZ_CHECK(n <= G_N_ELEMENTS(pcs));
    }
    g_free(regs);
    g_free(stack);
    kiln_perf_unwind_free(u);
    kiln_perf_resolver_free(r);
    kiln_perf_machine_free(m);
    return 0;
}
