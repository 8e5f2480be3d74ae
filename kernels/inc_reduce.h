/* seedsieve kernels: range reductions (core/src/reduction.rs, `Reducer::draw`).
 * A target's descriptor is four u64: kind, n, p (shift, mask, limit, log2n or
 * max, by kind), bits (float scaling: the raw width). The kind codes are
 * `Reducer::descriptor` on the host. A draw returns 0 when raw[0..R) runs dry
 * (a rejection loop went further than the host planned for). */
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

#define NEXT_RAW(v) do { if (*ri >= R) return 0; (v) = raw[*ri]; *ri += 1; } while (0)

DEVICE_FN int reduce_draw(GLOBAL_AS const u64 *desc, PRIVATE_AS const u64 *raw, u32 R,
                          PRIVATE_AS u32 *ri, PRIVATE_AS u64 *out) {
  u64 kind = desc[0], n = desc[1], p = desc[2], bits = desc[3];
  u64 v;
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
  default:
    return 0;
  }
}

#endif
