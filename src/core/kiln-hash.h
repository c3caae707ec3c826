/* kiln-hash.h — the one byte-string hash used by every intern table.
 *
 * Interning dominates import time for text formats, so this is a fast
 * 64-bit multiply-mix hash over 8-byte words rather than a byte-at-a-time
 * FNV. It only needs to be well distributed, not cryptographic.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint64_t kiln_hash_mix(uint64_t a, uint64_t b)
{
    __uint128_t r = (__uint128_t)a * b;
    return (uint64_t)r ^ (uint64_t)(r >> 64);
}

static inline uint64_t kiln_hash_bytes(const void *data, size_t len)
{
    const uint8_t *p = data;
    uint64_t h = 0x9e3779b97f4a7c15ull ^ (len * 0xa0761d6478bd642full);
    while (len >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = kiln_hash_mix(h ^ w, 0xe7037ed1a0b428dbull);
        p += 8;
        len -= 8;
    }
    if (len > 0) {
        uint64_t w = 0;
        memcpy(&w, p, len);
        h = kiln_hash_mix(h ^ w, 0x8ebc6af09c88c6e3ull);
    }
    return kiln_hash_mix(h, 0x589965cc75374cc3ull);
}

static inline uint64_t kiln_hash_u64(uint64_t x)
{
    return kiln_hash_mix(x ^ 0x9e3779b97f4a7c15ull, 0xe7037ed1a0b428dbull);
}
