/* seedsieve kernels: range reductions (core/src/reduction.rs, `Reducer::draw`).
 * A target's descriptor is four u64: kind, n, p (shift, mask, limit, log2n,
 * max or threshold, by kind), bits (float scaling: the raw width). The kind
 * codes are `Reducer::descriptor` on the host (the CPU's `tag` numbers); every
 * kind the CPU has is here. A draw returns 0 when raw[0..R) runs dry (a
 * rejection loop went further than the host planned for). */
#ifndef SEEDSIEVE_INC_REDUCE_H
#define SEEDSIEVE_INC_REDUCE_H

#define K_MOD_SHIFT 0
#define K_FLOAT_POW2 1
#define K_FLOAT_DOTNET 2
#define K_MASK 3
#define K_GETRANDBITS 4
#define K_RANGE32 5
#define K_SHIFT 6
#define K_JAVA_POW2 7
#define K_JAVA_MOD 8
#define K_GO_POW2 9
#define K_GO_MOD 10
#define K_BOUNDED_POW2 11
#define K_MASK_POW2 12
#define K_BOUNDED_MOD 13
#define K_LEMIRE32 14
#define K_LEMIRE64 15
#define K_CANON32 16
#define K_IDENTITY 17
#define K_RES53 18
#define K_NEXT_DOUBLE 19
#define K_DRAND48 20

#define NEXT_RAW(v) do { if (*ri >= R) return 0; (v) = raw[*ri]; *ri += 1; } while (0)

DEVICE_FN int reduce_draw(GLOBAL_AS const u64 *desc, PRIVATE_AS const u64 *raw, u32 R,
                          PRIVATE_AS u32 *ri, PRIVATE_AS u64 *out) {
  u64 kind = desc[0], n = desc[1], p = desc[2], bits = desc[3];
  u64 v, w;
  switch (kind) {
  case K_MOD_SHIFT:
    NEXT_RAW(v); *out = (v >> p) % n; return 1;
  case K_FLOAT_POW2:
    NEXT_RAW(v); *out = (u64)(((double)v * (1.0 / (double)(1UL << bits))) * (double)n); return 1;
  case K_FLOAT_DOTNET:
    NEXT_RAW(v); *out = (u64)(((double)v * (1.0 / 2147483647.0)) * (double)n); return 1;
  case K_MASK:
    for (;;) { NEXT_RAW(v); v &= p; if (v < n) { *out = v; return 1; } }
  case K_GETRANDBITS:
    for (;;) { NEXT_RAW(v); v >>= p; if (v < n) { *out = v; return 1; } }
  case K_RANGE32:
    for (;;) { NEXT_RAW(v); if (v <= p) { *out = v % n; return 1; } }
  case K_SHIFT:
    NEXT_RAW(v); *out = v >> p; return 1;
  case K_JAVA_POW2:
    NEXT_RAW(v); *out = (v >> 17) >> (31 - p); return 1;
  case K_JAVA_MOD:
    for (;;) {
      NEXT_RAW(v);
      i32 b = (i32)(v >> 17);
      i32 val = b % (i32)n;
      if ((i32)((u32)b - (u32)val + (u32)(n - 1)) >= 0) { *out = (u64)val; return 1; }
    }
  case K_GO_POW2:
    NEXT_RAW(v); *out = (v >> 32) & (n - 1); return 1;
  case K_GO_MOD:
    for (;;) { NEXT_RAW(v); v >>= 32; if (v <= p) { *out = v % n; return 1; } }
  /* Java 17 boundedNextInt and Go v2 uint64n for powers of two: r & (n - 1). */
  case K_BOUNDED_POW2:
  case K_MASK_POW2:
    NEXT_RAW(v); *out = v & (n - 1); return 1;
  /* Java 17 boundedNextInt: u = r >>> 1, r = u % n, rejected while
   * u + (n - 1) - r overflows int. */
  case K_BOUNDED_MOD:
    for (;;) {
      NEXT_RAW(v);
      i32 u = (i32)(u32)(v >> 1);
      i32 r = (i32)(u32)((u64)(i64)u % n);
      if ((i32)((u32)u + (u32)(n - 1) - (u32)r) >= 0) { *out = (u64)(i64)r; return 1; }
    }
  /* numpy buffered_bounded_lemire_uint32: m = r * n (r, n < 2^32), rejected
   * while the low half is below p = 2^32 mod n (checked only when it is below n). */
  case K_LEMIRE32:
    NEXT_RAW(v);
    v *= n;
    if ((v & 0xffffffffUL) < n) {
      while ((v & 0xffffffffUL) < p) { NEXT_RAW(v); v *= n; }
    }
    *out = v >> 32; return 1;
  /* Go math/rand/v2 uint64n: the 128-bit product r * n in 64-bit halves,
   * rejected while the low half is below p = 2^64 mod n. */
  case K_LEMIRE64:
    NEXT_RAW(v);
    w = MULHI64(v, n); v *= n;
    if (v < n) {
      while (v < p) { NEXT_RAW(v); w = MULHI64(v, n); v *= n; }
    }
    *out = w; return 1;
  /* rand 0.9 sample_single_inclusive on u32 (biased Canon): the high half of
   * r * n, plus the carry of one more word's high half when the low half is
   * above 2^32 - n. */
  case K_CANON32:
    NEXT_RAW(v);
    v *= n;
    if ((v & 0xffffffffUL) > (1UL << 32) - n) {
      NEXT_RAW(w);
      w = (w * n) >> 32;
      *out = (v >> 32) + (((v & 0xffffffffUL) + w > 0xffffffffUL) ? 1UL : 0UL);
    } else {
      *out = v >> 32;
    }
    return 1;
  case K_IDENTITY:
    NEXT_RAW(v); *out = v; return 1;
  /* Float draws as k = x * 2^53. genrand_res53: (a >> 5) * 2^26 + (b >> 6). */
  case K_RES53:
    NEXT_RAW(v); NEXT_RAW(w); *out = ((v >> 5) << 26) | (w >> 6); return 1;
  /* java.util.Random nextDouble: (next(26) << 27) + next(27). */
  case K_NEXT_DOUBLE:
    NEXT_RAW(v); NEXT_RAW(w); *out = ((v >> 22) << 27) + (w >> 21); return 1;
  /* drand48: the 48-bit state * 2^5. */
  case K_DRAND48:
    NEXT_RAW(v); *out = v << 5; return 1;
  default:
    return 0;
  }
}

#endif
