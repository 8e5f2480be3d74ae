/* seedsieve kernels: raw output generators, one per family. Each fills
 * raw[0..R) with the first R raw outputs of the family's stream from `seed`,
 * in the raw form the CPU reference hands to its reductions
 * (core/src/prng; each family row's `raw_form` in core/src/registry/). `table` is a
 * family-specific constant table uploaded by the host (the row's
 * `GpuKernel::table`; core/src/backend/tables.rs builds the newer ones):
 * CPython: the init_genrand(19650218) state; Go: rngCooked then the powers of
 * 48271; knuth_b: the powers of 16807; numpy MT19937: SeedSequence's hash
 * constants; seedrandom xor128/xorwow/xorshift7: the GF(2)-linear seeding
 * by seed byte. 128-bit arithmetic is done on 64-bit halves (hi, lo) with
 * MULHI64, as OpenCL C has no 128-bit integers. */
#ifndef SEEDSIEVE_INC_PRNG_H
#define SEEDSIEVE_INC_PRNG_H

#define MASK48 0xffffffffffffUL
#define A48 0x5deece66dUL
#define PM31 2147483647U

DEVICE_FN i32 wsub32(i32 a, i32 b) { return (i32)((u32)a - (u32)b); }
DEVICE_FN i32 wadd32(i32 a, i32 b) { return (i32)((u32)a + (u32)b); }

/* ---- MT19937 (Matsumoto & Nishimura 1998, mt19937ar.c) ---- */
DEVICE_FN u32 mt_init_step(u32 prev, u32 i) { return 1812433253U * (prev ^ (prev >> 30)) + i; }
DEVICE_FN u32 mt_twist(u32 a, u32 b, u32 c) {
  u32 y = (a & 0x80000000U) | (b & 0x7fffffffU);
  return c ^ (y >> 1) ^ ((0U - (y & 1U)) & 0x9908b0dfU);
}
DEVICE_FN u32 mt_temper(u32 y) {
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680U;
  y ^= (y << 15) & 0xefc60000U;
  return y ^ (y >> 18);
}

/* init_genrand(seed), lazily: output j (j < 227) needs only init words j, j+1
 * and j+397, so the chain runs to 397+R and keeps the first R+1 words. */
DEVICE_FN void gen_mt_genrand(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) {
  u32 a[RMAX + 1];
  u32 w = (u32)seed;
  a[0] = w;
  for (u32 i = 1; i <= R; i++) { w = mt_init_step(w, i); a[i] = w; }
  for (u32 i = R + 1; i < 397; i++) w = mt_init_step(w, i);
  for (u32 j = 0; j < R; j++) {
    w = mt_init_step(w, 397 + j);
    raw[j] = (u64)mt_temper(mt_twist(a[j], a[j + 1], w));
  }
}

/* CPython random.seed(int): init_by_array(key) with the key's 32-bit words
 * (Modules/_randommodule.c); table = init_genrand(19650218). */
DEVICE_FN void gen_mt_python(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) {
  u32 mt[624];
  for (u32 i = 0; i < 624; i++) mt[i] = (u32)table[i];
  u32 key0 = (u32)seed, key1 = (u32)(seed >> 32);
  u32 klen = (seed >> 32) == 0 ? 1 : 2;
  u32 i = 1, j = 0;
  for (u32 k = 0; k < 624; k++) {
    u32 prev = mt[i - 1];
    mt[i] = (mt[i] ^ ((prev ^ (prev >> 30)) * 1664525U)) + (j == 0 ? key0 : key1) + j;
    i++; j++;
    if (i >= 624) { mt[0] = mt[623]; i = 1; }
    if (j >= klen) j = 0;
  }
  for (u32 k = 0; k < 623; k++) {
    u32 prev = mt[i - 1];
    mt[i] = (mt[i] ^ ((prev ^ (prev >> 30)) * 1566083941U)) - i;
    i++;
    if (i >= 624) { mt[0] = mt[623]; i = 1; }
  }
  mt[0] = 0x80000000U;
  for (u32 o = 0; o < R; o++) raw[o] = (u64)mt_temper(mt_twist(mt[o], mt[o + 1], mt[o + 397]));
}

/* ---- glibc random() TYPE_3 (stdlib/random_r.c): r[i] = r[i-31] + r[i-3],
 * 310 outputs discarded, output = r >> 1. ---- */
DEVICE_FN void gen_glibc_random(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) {
  u32 s = (u32)seed;
  if (s == 0) s = 1;
  u32 r[34];
  r[0] = s;
  i64 word = (i64)(i32)s;
  for (u32 i = 1; i < 31; i++) {
    word = (16807 * word) % 2147483647;
    if (word < 0) word += 2147483647;
    r[i] = (u32)word;
  }
  r[31] = r[0]; r[32] = r[1]; r[33] = r[2];
  u32 idx = 34;
  for (u32 k = 0; k < 310 + R; k++) {
    u32 v = r[(idx + 3) % 34] + r[(idx + 31) % 34];
    r[idx % 34] = v;
    idx++;
    if (k >= 310) raw[k - 310] = (u64)(v >> 1);
  }
}

/* ---- glibc rand_r (stdlib/rand_r.c): three LCG steps per output. ---- */
DEVICE_FN u32 rand_r_lcg(u32 x) { return x * 1103515245U + 12345U; }
DEVICE_FN void gen_glibc_rand_r(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) {
  u32 st = (u32)seed;
  for (u32 j = 0; j < R; j++) {
    u32 next = rand_r_lcg(st);
    u32 result = (next / 65536U) % 2048U;
    next = rand_r_lcg(next);
    result = (result << 10) ^ ((next / 65536U) % 1024U);
    next = rand_r_lcg(next);
    result = (result << 10) ^ ((next / 65536U) % 1024U);
    st = next;
    raw[j] = (u64)result;
  }
}

/* ---- 48-bit LCGs: rand48 (srand48: X = seed << 16 | 0x330e) and
 * java.util.Random (X = (seed ^ 0x5deece66d) mod 2^48); raw = X. ---- */
DEVICE_FN void lcg48(u64 x, PRIVATE_AS u64 *raw, u32 R) {
  for (u32 j = 0; j < R; j++) { x = (x * A48 + 0xbUL) & MASK48; raw[j] = x; }
}
DEVICE_FN void gen_rand48(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) {
  lcg48(((u64)(u32)seed << 16) | 0x330eUL, raw, R);
}
DEVICE_FN void gen_java_random(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) {
  lcg48((seed ^ A48) & MASK48, raw, R);
}

/* ---- MSVC rand (ucrt): state = state * 214013 + 2531011, raw = bits 16..30. */
DEVICE_FN void gen_msvc_rand(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) {
  u32 st = (u32)seed;
  for (u32 j = 0; j < R; j++) { st = st * 214013U + 2531011U; raw[j] = (u64)((st >> 16) & 0x7fffU); }
}

/* ---- minstd_rand0 / minstd_rand (C++ [rand.predef]): x = x * a mod 2^31-1;
 * a seed that is 0 mod m acts as 1. ---- */
DEVICE_FN void minstd(u64 seed, u64 a, PRIVATE_AS u64 *raw, u32 R) {
  u64 x = seed % 2147483647UL;
  if (x == 0) x = 1;
  for (u32 j = 0; j < R; j++) { x = x * a % 2147483647UL; raw[j] = x; }
}
DEVICE_FN void gen_minstd_rand0(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) { minstd(seed, 16807UL, raw, R); }
DEVICE_FN void gen_minstd_rand(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) { minstd(seed, 48271UL, raw, R); }

/* ---- .NET System.Random(int) (Knuth subtractive, ms-random / Net5CompatSeedImpl.cs). */
DEVICE_FN void gen_dotnet_random(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) {
  i32 s = (i32)(u32)seed;
  i32 sa[56];
  sa[0] = 0;
  i32 subtraction = (s == (-2147483647 - 1)) ? 2147483647 : (s < 0 ? -s : s);
  i32 mj = wsub32(161803398, subtraction);
  sa[55] = mj;
  i32 mk = 1;
  for (u32 i = 1; i < 55; i++) {
    u32 ii = (21 * i) % 55;
    sa[ii] = mk;
    mk = wsub32(mj, mk);
    if (mk < 0) mk = wadd32(mk, 2147483647);
    mj = sa[ii];
  }
  for (u32 k = 1; k < 5; k++) {
    for (u32 i = 1; i < 56; i++) {
      sa[i] = wsub32(sa[i], sa[1 + (i + 30) % 55]);
      if (sa[i] < 0) sa[i] = wadd32(sa[i], 2147483647);
    }
  }
  u32 inext = 0, inextp = 21;
  for (u32 j = 0; j < R; j++) {
    inext = inext + 1 >= 56 ? 1 : inext + 1;
    inextp = inextp + 1 >= 56 ? 1 : inextp + 1;
    i32 v = wsub32(sa[inext], sa[inextp]);
    if (v == 2147483647) v--;
    if (v < 0) v = wadd32(v, 2147483647);
    sa[inext] = v;
    raw[j] = (u64)v;
  }
}

/* ---- Go math/rand rngSource (src/math/rand/rng.go): vec[i] is seeded from
 * x_{21+3i..23+3i} of seedrand (x = 48271 x mod 2^31-1), so each needed word
 * is three multiplications by a precomputed power; output k is
 * vec[333-k] + vec[606-k] (k < 273). table[0..607) = rngCooked,
 * table[607..) = 48271^i mod 2^31-1. ---- */
DEVICE_FN u64 go_mulmod(u64 a, u64 b) {
  u64 p = a * b;
  u64 r = (p & 2147483647UL) + (p >> 31);
  return r >= 2147483647UL ? r - 2147483647UL : r;
}
DEVICE_FN u64 go_vec_word(u64 x0, u32 i, GLOBAL_AS const u64 *table) {
  u32 k = 21 + 3 * i;
  u64 a = go_mulmod(x0, table[607 + k]);
  u64 b = go_mulmod(x0, table[607 + k + 1]);
  u64 c = go_mulmod(x0, table[607 + k + 2]);
  return ((a << 40) ^ (b << 20) ^ c) ^ table[i];
}
DEVICE_FN void gen_go_rng_source(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) {
  i64 s = ((i64)seed) % 2147483647;
  if (s < 0) s += 2147483647;
  if (s == 0) s = 89482311;
  u64 x0 = (u64)s;
  for (u32 k = 0; k < R; k++) {
    u64 f = go_vec_word(x0, 607 - 273 - 1 - k, table);
    u64 t = go_vec_word(x0, 607 - 1 - k, table);
    raw[k] = (f + t) & 0x7fffffffffffffffUL;
  }
}

/* ======== Families added after registry v1 ======== */

DEVICE_FN u64 rotl64(u64 x, u32 r) { r &= 63U; return (x << r) | (x >> ((64U - r) & 63U)); }
DEVICE_FN u64 rotr64(u64 x, u32 r) { r &= 63U; return (x >> r) | (x << ((64U - r) & 63U)); }
DEVICE_FN u32 rotl32(u32 x, u32 r) { r &= 31U; return (x << r) | (x >> ((32U - r) & 31U)); }
DEVICE_FN u32 rotr32(u32 x, u32 r) { r &= 31U; return (x >> r) | (x << ((32U - r) & 31U)); }

/* How a runtime reads a 64-bit generator (prng::modern::Out): the high half,
 * the low half, low then high half of each output (numpy next_uint32), or the
 * whole word. put64 stores one output and returns the next raw index. */
#define OUT_HIGH 0
#define OUT_LOW 1
#define OUT_LH 2
#define OUT_FULL 3
DEVICE_FN u32 put64(PRIVATE_AS u64 *raw, u32 j, u32 R, u64 v, int mode) {
  if (mode == OUT_HIGH) { raw[j] = v >> 32; return j + 1; }
  if (mode == OUT_LOW) { raw[j] = v & 0xffffffffUL; return j + 1; }
  if (mode == OUT_FULL) { raw[j] = v; return j + 1; }
  raw[j] = v & 0xffffffffUL;
  if (j + 1 < R) raw[j + 1] = v >> 32;
  return j + 2;
}

/* ---- glibc random_r TYPE_0 (LCG mod 2^31, no discards) and TYPE_1/2/4
 * (additive feedback of degree deg and separation sep, seeded like TYPE_3,
 * 10 deg outputs discarded); prng::glibc::GlibcTyped. ---- */
DEVICE_FN void gen_glibc_random_type0(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) {
  u32 x = (u32)seed;
  if (x == 0) x = 1;
  for (u32 j = 0; j < R; j++) { x = (x * 1103515245U + 12345U) & 0x7fffffffU; raw[j] = (u64)x; }
}
DEVICE_FN void glibc_typed(u64 seed, u32 deg, u32 sep, PRIVATE_AS u64 *raw, u32 R) {
  u32 s = (u32)seed;
  if (s == 0) s = 1;
  u32 r[63];
  r[0] = s;
  i64 word = (i64)(i32)s;
  for (u32 i = 1; i < deg; i++) {
    word = (16807 * word) % 2147483647;
    if (word < 0) word += 2147483647;
    r[i] = (u32)word;
  }
  u32 f = sep, b = 0;
  u32 skip = 10 * deg;
  for (u32 k = 0; k < skip + R; k++) {
    u32 v = r[f] + r[b];
    r[f] = v;
    f++; b++;
    if (f >= deg) f = 0;
    else if (b >= deg) b = 0;
    if (k >= skip) raw[k - skip] = (u64)(v >> 1);
  }
}
DEVICE_FN void gen_glibc_random_type1(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) { glibc_typed(seed, 7, 3, raw, R); }
DEVICE_FN void gen_glibc_random_type2(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) { glibc_typed(seed, 15, 1, raw, R); }
DEVICE_FN void gen_glibc_random_type4(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) { glibc_typed(seed, 63, 1, raw, R); }

/* ---- PHP mt_srand(s, MT_RAND_PHP): init_genrand, the legacy twist (matrix
 * by the low bit of the upper word), output >> 1; lazy as gen_mt_genrand. ---- */
DEVICE_FN void gen_mt_php_legacy(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) {
  u32 a[RMAX + 1];
  u32 w = (u32)seed;
  a[0] = w;
  for (u32 i = 1; i <= R; i++) { w = mt_init_step(w, i); a[i] = w; }
  for (u32 i = R + 1; i < 397; i++) w = mt_init_step(w, i);
  for (u32 j = 0; j < R; j++) {
    w = mt_init_step(w, 397 + j);
    u32 y = (a[j] & 0x80000000U) | (a[j + 1] & 0x7fffffffU);
    u32 t = w ^ (y >> 1) ^ ((0U - (a[j] & 1U)) & 0x9908b0dfU);
    raw[j] = (u64)(mt_temper(t) >> 1);
  }
}

/* ---- libstdc++ knuth_b: shuffle_order_engine<minstd_rand0, 256>. Entry i of
 * the table is minstd output i + 1 = x0 16807^(i+1), y is output 257, and the
 * t-th refill is output 258 + t, so each is one multiplication by a power
 * (table[k] = 16807^k mod 2^31-1); entries refilled so far are kept in a
 * list (at most R). ---- */
DEVICE_FN void gen_cpp_knuth_b(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) {
  u64 x0 = seed % 2147483647UL;
  if (x0 == 0) x0 = 1;
  u32 rj[RMAX];
  u64 rv[RMAX];
  u32 nrep = 0;
  u64 y = x0 * table[257] % 2147483647UL;
  for (u32 t = 0; t < R; t++) {
    u32 jx = (u32)(256UL * (y - 1) / 2147483646UL);
    u64 nv = x0 * table[258 + t] % 2147483647UL;
    u32 q = 0;
    while (q < nrep && rj[q] != jx) q++;
    if (q < nrep) {
      y = rv[q];
    } else {
      y = x0 * table[jx + 1] % 2147483647UL;
      rj[q] = jx;
      nrep++;
    }
    rv[q] = nv;
    raw[t] = y;
  }
}

/* ---- libstdc++ subtract_with_carry_engine<w, s, r> seeded by
 * linear_congruential_engine<40014, 0, 2147483563> ((w + 31) / 32 draws per
 * word); prng::cpp::SubtractWithCarry. ---- */
DEVICE_FN void swc(u64 seed, u32 w, u32 s, u32 r, PRIVATE_AS u64 *raw, u32 R) {
  u64 value = seed == 0 ? 19780503UL : (u64)(u32)seed;
  u64 lcg = value % 2147483563UL;
  if (lcg == 0) lcg = 1;
  u32 nw = (w + 31) / 32;
  u64 top = 1UL << w;
  u64 x[24];
  for (u32 i = 0; i < r; i++) {
    u64 sum = 0;
    for (u32 k = 0; k < nw; k++) { lcg = lcg * 40014UL % 2147483563UL; sum += lcg << (32 * k); }
    x[i] = sum & (top - 1);
  }
  u64 carry = x[r - 1] == 0 ? 1UL : 0UL;
  u32 p = 0;
  for (u32 j = 0; j < R; j++) {
    u32 ps = (p + r - s) % r;
    u64 a = x[ps], b = x[p], xi;
    if (a >= b + carry) { xi = a - b - carry; carry = 0; }
    else { xi = top - b - carry + a; carry = 1; }
    x[p] = xi;
    p++;
    if (p >= r) p = 0;
    raw[j] = xi;
  }
}
DEVICE_FN void gen_cpp_ranlux24_base(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) { swc(seed, 24, 10, 24, raw, R); }
DEVICE_FN void gen_cpp_ranlux48_base(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) { swc(seed, 48, 5, 12, raw, R); }

/* ---- std::mt19937_64 lazily (prng::cpp::mt64_first_outputs): output j
 * (j < 155) needs init words j, j + 1 and j + 156. ---- */
DEVICE_FN u64 mt64_init_step(u64 x, u64 i) { return 6364136223846793005UL * (x ^ (x >> 62)) + i; }
DEVICE_FN u64 mt64_temper(u64 y) {
  y ^= (y >> 29) & 0x5555555555555555UL;
  y ^= (y << 17) & 0x71d67fffeda60000UL;
  y ^= (y << 37) & 0xfff7eee000000000UL;
  return y ^ (y >> 43);
}
DEVICE_FN void gen_cpp_mt19937_64(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) {
  u64 a[RMAX + 1];
  u64 w = seed;
  a[0] = w;
  for (u32 i = 1; i <= R; i++) { w = mt64_init_step(w, i); a[i] = w; }
  for (u32 i = R + 1; i < 156; i++) w = mt64_init_step(w, i);
  for (u32 j = 0; j < R; j++) {
    w = mt64_init_step(w, 156 + j);
    u64 y = (a[j] & 0xffffffff80000000UL) | (a[j + 1] & 0x7fffffffUL);
    u64 mag = (y & 1UL) ? 0xb5026f5aa96619e9UL : 0UL;
    raw[j] = mt64_temper(w ^ (y >> 1) ^ mag);
  }
}

/* ---- OpenJDK RandomSupport mixers and SplitMix64 constants ---- */
#define GOLDEN64 0x9e3779b97f4a7c15UL
#define SILVER64 0x6a09e667f3bcc909UL
#define GOLDEN32 0x9e3779b9U
DEVICE_FN u64 mix_stafford13(u64 z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
  return z ^ (z >> 31);
}
DEVICE_FN u64 mix_murmur64(u64 z) {
  z = (z ^ (z >> 33)) * 0xff51afd7ed558ccdUL;
  z = (z ^ (z >> 33)) * 0xc4ceb9fe1a85ec53UL;
  return z ^ (z >> 33);
}
DEVICE_FN u64 mix_lea64(u64 z) {
  z = (z ^ (z >> 32)) * 0xdaba0b6eb09322e3UL;
  z = (z ^ (z >> 32)) * 0xdaba0b6eb09322e3UL;
  return z ^ (z >> 32);
}
DEVICE_FN u32 mix_lea32(u32 z) {
  z = (z ^ (z >> 16)) * 0xd36d884bU;
  z = (z ^ (z >> 16)) * 0xd36d884bU;
  return z ^ (z >> 16);
}
DEVICE_FN u32 mix_murmur32(u32 z) {
  z = (z ^ (z >> 16)) * 0x85ebca6bU;
  z = (z ^ (z >> 13)) * 0xc2b2ae35U;
  return z ^ (z >> 16);
}

/* ---- xoroshiro128 / xoshiro256 (Blackman and Vigna) ---- */
DEVICE_FN void xoroshiro128_step(PRIVATE_AS u64 *x0, PRIVATE_AS u64 *x1, u32 a, u32 b, u32 c) {
  u64 s0 = *x0, s1 = *x1 ^ s0;
  *x0 = rotl64(s0, a) ^ s1 ^ (s1 << b);
  *x1 = rotl64(s1, c);
}
DEVICE_FN void xoshiro256_step(PRIVATE_AS u64 *s) {
  u64 t = s[1] << 17;
  s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t;
  s[3] = rotl64(s[3], 45);
}
/* xoroshiro128++ output rotl(s0 + s1, 17) + s0, rotations 49, 21, 28. */
DEVICE_FN void xoroshiro128pp_run(u64 s0, u64 s1, PRIVATE_AS u64 *raw, u32 R, int mode) {
  for (u32 j = 0; j < R;) {
    u64 v = rotl64(s0 + s1, 17) + s0;
    xoroshiro128_step(&s0, &s1, 49, 21, 28);
    j = put64(raw, j, R, v, mode);
  }
}
/* xoshiro256++ (rotl(s0 + s3, 23) + s0) or ** (rotl(s1 * 5, 7) * 9). */
DEVICE_FN void xoshiro256_run(PRIVATE_AS u64 *s, int starstar, PRIVATE_AS u64 *raw, u32 R, int mode) {
  for (u32 j = 0; j < R;) {
    u64 v = starstar ? rotl64(s[1] * 5, 7) * 9 : rotl64(s[0] + s[3], 23) + s[0];
    xoshiro256_step(s);
    j = put64(raw, j, R, v, mode);
  }
}
/* State words from SplitMix64(seed) (rand_xoshiro seed_from_u64, PHP seed256). */
DEVICE_FN void splitmix_fill(u64 x, PRIVATE_AS u64 *s, u32 n) {
  for (u32 i = 0; i < n; i++) { x += GOLDEN64; s[i] = mix_stafford13(x); }
}

/* ---- Java 17 (OpenJDK jdk.random, java.util.SplittableRandom) ---- */
DEVICE_FN void gen_java_splittable_random(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) {
  u64 s = seed;
  for (u32 j = 0; j < R; j++) {
    s += GOLDEN64;
    u64 z = (s ^ (s >> 33)) * 0x62a9d9ed799705f5UL;
    raw[j] = ((z ^ (z >> 28)) * 0xcb24d0a5c88c35b3UL) >> 32;
  }
}
DEVICE_FN void gen_java_xoroshiro128plusplus(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) {
  u64 s = seed ^ SILVER64;
  u64 x0 = mix_stafford13(s), x1 = mix_stafford13(s + GOLDEN64);
  if ((x0 | x1) == 0) { x0 = GOLDEN64; x1 = SILVER64; }
  xoroshiro128pp_run(x0, x1, raw, R, OUT_HIGH);
}
DEVICE_FN void gen_java_xoshiro256plusplus(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) {
  u64 s = seed ^ SILVER64;
  u64 x[4];
  for (u32 i = 0; i < 4; i++) { if (i > 0) s += GOLDEN64; x[i] = mix_stafford13(s); }
  if ((x[0] | x[1] | x[2] | x[3]) == 0) { x[0] = GOLDEN64; x[1] = SILVER64; x[2] = GOLDEN64; x[3] = SILVER64; }
  xoshiro256_run(x, 0, raw, R, OUT_HIGH);
}
/* L32X64MixRandom: 32-bit LCG (0xadb4a92d) + xoroshiro64 (26, 9, 13), mixLea32. */
DEVICE_FN void gen_java_l32x64mixrandom(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) {
  u64 sd = seed ^ SILVER64;
  u32 a = mix_murmur32((u32)(sd >> 32)) | 1U;
  u32 x0 = mix_lea32((u32)sd), x1 = mix_lea32((u32)sd + GOLDEN32);
  if ((x0 | x1) == 0) {
    u32 v = 1U + GOLDEN32;
    x0 = mix_murmur32(v);
    x1 = mix_murmur32(v + GOLDEN32);
  }
  u32 s = 1;
  for (u32 j = 0; j < R; j++) {
    raw[j] = (u64)mix_lea32(s + x0);
    s = s * 0xadb4a92dU + a;
    u32 q0 = x0, q1 = x1 ^ q0;
    x0 = rotl32(q0, 26) ^ q1 ^ (q1 << 9);
    x1 = rotl32(q1, 13);
  }
}
/* The LXM generators (prng::modern::Lxm): a 64-bit LCG (multiplier
 * 0xd1342543de82ef95) or a 128-bit one (2^64 + 0xd605bbb58c8abbfd, on
 * halves), an xoroshiro128 / xoshiro256 / xoroshiro1024 part of `words`
 * words, mixLea64 or the StarStar scrambler; nextInt() = high half. */
#define LXM_ML 0xd605bbb58c8abbfdUL
DEVICE_FN void lxm_run(u64 seed, int wide, u32 words, int starstar, PRIVATE_AS u64 *raw, u32 R) {
  u64 sd = seed ^ SILVER64;
  u64 ah = 0, al, sh = 0, sl = 1;
  if (wide) { ah = mix_murmur64(sd); sd += GOLDEN64; al = mix_murmur64(sd) | 1UL; }
  else al = mix_murmur64(sd) | 1UL;
  u64 x[16];
  u64 any = 0;
  for (u32 i = 0; i < words; i++) { if (i > 0) sd += GOLDEN64; x[i] = mix_stafford13(sd); any |= x[i]; }
  if (any == 0) {
    u64 v = wide ? 0UL : 1UL;
    for (u32 i = 0; i < words; i++) { v += GOLDEN64; x[i] = mix_stafford13(v); }
  }
  u32 p = 15;
  for (u32 j = 0; j < R; j++) {
    u64 z = (wide ? sh : sl) + (words == 16 ? x[(p + 1) & 15] : x[0]);
    u64 res = starstar ? rotl64(z * 5, 7) * 9 : mix_lea64(z);
    if (wide) {
      u64 lo = sl * LXM_ML;
      u64 hi = MULHI64(sl, LXM_ML) + sl + sh * LXM_ML;
      u64 nl = lo + al;
      sh = hi + ah + (nl < lo ? 1UL : 0UL);
      sl = nl;
    } else {
      sl = sl * 0xd1342543de82ef95UL + al;
    }
    if (words == 2) xoroshiro128_step(&x[0], &x[1], 24, 16, 37);
    else if (words == 4) xoshiro256_step(x);
    else {
      u32 q = p;
      p = (p + 1) & 15;
      u64 s0 = x[p], s15 = x[q] ^ s0;
      x[q] = rotl64(s0, 25) ^ s15 ^ (s15 << 27);
      x[p] = rotl64(s15, 36);
    }
    raw[j] = res >> 32;
  }
}
DEVICE_FN void gen_java_l64x128mixrandom(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) { lxm_run(seed, 0, 2, 0, raw, R); }
DEVICE_FN void gen_java_l64x128starstarrandom(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) { lxm_run(seed, 0, 2, 1, raw, R); }
DEVICE_FN void gen_java_l64x256mixrandom(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) { lxm_run(seed, 0, 4, 0, raw, R); }
DEVICE_FN void gen_java_l64x1024mixrandom(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) { lxm_run(seed, 0, 16, 0, raw, R); }
DEVICE_FN void gen_java_l128x128mixrandom(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) { lxm_run(seed, 1, 2, 0, raw, R); }
DEVICE_FN void gen_java_l128x256mixrandom(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) { lxm_run(seed, 1, 4, 0, raw, R); }
DEVICE_FN void gen_java_l128x1024mixrandom(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) { lxm_run(seed, 1, 16, 0, raw, R); }

/* ---- PCG with 128-bit state on halves (prng::modern::pcg) ---- */
#define PCG_MH 0x2360ed051fc65da4UL
#define PCG_ML 0x4385df649fccf645UL
#define PCG_IH 0x5851f42d4c957f2dUL
#define PCG_IL 0x14057b7ef767814fUL
#define PCG_CHEAP 0xda942042e4dd58b5UL
/* (sh, sl) = (sh, sl) * (mh, ml) + (ih, il) mod 2^128. */
DEVICE_FN void pcg128_step(PRIVATE_AS u64 *sh, PRIVATE_AS u64 *sl, u64 mh, u64 ml, u64 ih, u64 il) {
  u64 l = *sl * ml;
  u64 h = MULHI64(*sl, ml) + *sl * mh + *sh * ml;
  u64 nl = l + il;
  *sh = h + ih + (nl < l ? 1UL : 0UL);
  *sl = nl;
}
DEVICE_FN u64 pcg_xsl_rr(u64 h, u64 l) { return rotr64(h ^ l, (u32)(h >> 58)); }
DEVICE_FN u64 pcg_dxsm(u64 h, u64 l) {
  l |= 1UL;
  h ^= h >> 32;
  h *= PCG_CHEAP;
  h ^= h >> 48;
  return h * l;
}
/* XSL-RR of the new state after each step (default multiplier). */
DEVICE_FN void pcg128_xslrr_run(u64 sh, u64 sl, u64 ih, u64 il, PRIVATE_AS u64 *raw, u32 R, int mode) {
  for (u32 j = 0; j < R;) {
    pcg128_step(&sh, &sl, PCG_MH, PCG_ML, ih, il);
    j = put64(raw, j, R, pcg_xsl_rr(sh, sl), mode);
  }
}

/* ---- numpy SeedSequence (bit_generator.pyx: mix_entropy, generate_state)
 * for an entropy below 2^64 and no spawn key. ---- */
#define SS_INIT_A 0x43b0d7e5U
#define SS_MULT_A 0x931e8875U
#define SS_MIX_L 0xca01f9ddU
#define SS_MIX_R 0x4973f715U
#define SS_INIT_B 0x8b51f9ddU
#define SS_MULT_B 0x58f38dedU
DEVICE_FN void ss_pool(u64 entropy, PRIVATE_AS u32 *pool) {
  u32 hc = SS_INIT_A;
  for (u32 i = 0; i < 4; i++) {
    /* A one-word entropy's second word is the pool's zero fill. */
    u32 v = i == 0 ? (u32)entropy : (i == 1 ? (u32)(entropy >> 32) : 0U);
    v ^= hc; hc *= SS_MULT_A; v *= hc;
    pool[i] = v ^ (v >> 16);
  }
  for (u32 src = 0; src < 4; src++) {
    for (u32 dst = 0; dst < 4; dst++) {
      if (src == dst) continue;
      u32 v = pool[src];
      v ^= hc; hc *= SS_MULT_A; v *= hc;
      v ^= v >> 16;
      u32 r = SS_MIX_L * pool[dst] - SS_MIX_R * v;
      pool[dst] = r ^ (r >> 16);
    }
  }
}
/* generate_state(n, uint64): words 2i (low) and 2i + 1 (high). */
DEVICE_FN void ss_state64(u64 entropy, u32 n, PRIVATE_AS u64 *out) {
  u32 pool[4];
  ss_pool(entropy, pool);
  u32 h = SS_INIT_B;
  for (u32 j = 0; j < 2 * n; j++) {
    u32 v = pool[j & 3] ^ h;
    h *= SS_MULT_B;
    v *= h;
    v ^= v >> 16;
    if (j & 1) out[j >> 1] |= (u64)v << 32;
    else out[j >> 1] = (u64)v;
  }
}
/* numpy PCG64 / PCG64DXSM: pcg64_set_seed(initstate = v0:v1, initseq = v2:v3). */
DEVICE_FN void numpy_pcg_seed(u64 seed, PRIVATE_AS u64 *sh, PRIVATE_AS u64 *sl, PRIVATE_AS u64 *ih, PRIVATE_AS u64 *il) {
  u64 v[4];
  ss_state64(seed, 4, v);
  *ih = (v[2] << 1) | (v[3] >> 63);
  *il = (v[3] << 1) | 1UL;
  u64 h = 0, l = 0;
  pcg128_step(&h, &l, PCG_MH, PCG_ML, *ih, *il);
  u64 nl = l + v[1];
  h += v[0] + (nl < l ? 1UL : 0UL);
  l = nl;
  pcg128_step(&h, &l, PCG_MH, PCG_ML, *ih, *il);
  *sh = h; *sl = l;
}
DEVICE_FN void gen_numpy_pcg64(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) {
  u64 sh, sl, ih, il;
  numpy_pcg_seed(seed, &sh, &sl, &ih, &il);
  pcg128_xslrr_run(sh, sl, ih, il, raw, R, OUT_LH);
}
/* PCG64DXSM: DXSM of the old state, then a step with the cheap multiplier. */
DEVICE_FN void gen_numpy_pcg64dxsm(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) {
  u64 sh, sl, ih, il;
  numpy_pcg_seed(seed, &sh, &sl, &ih, &il);
  for (u32 j = 0; j < R;) {
    u64 v = pcg_dxsm(sh, sl);
    pcg128_step(&sh, &sl, 0UL, PCG_CHEAP, ih, il);
    j = put64(raw, j, R, v, OUT_LH);
  }
}
/* numpy MT19937(seed): key[0] = 0x80000000, key[j] = generate_state word j,
 * first output word 623 untwisted, then twisted word i (i < 227) from words
 * i, i + 1, i + 397, each O(1) from the pool; table[j] = INIT_B MULT_B^j. */
DEVICE_FN u32 numpy_mt_word(PRIVATE_AS const u32 *pool, u32 j, GLOBAL_AS const u64 *table) {
  if (j == 0) return 0x80000000U;
  u32 v = (pool[j & 3] ^ (u32)table[j]) * (u32)table[j + 1];
  return v ^ (v >> 16);
}
DEVICE_FN void gen_numpy_mt19937(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) {
  u32 pool[4];
  ss_pool(seed, pool);
  if (R > 0) raw[0] = (u64)mt_temper(numpy_mt_word(pool, 623, table));
  for (u32 k = 1; k < R; k++) {
    u32 i = k - 1;
    raw[k] = (u64)mt_temper(mt_twist(numpy_mt_word(pool, i, table), numpy_mt_word(pool, i + 1, table),
                                     numpy_mt_word(pool, i + 397, table)));
  }
}
/* numpy SFC64: a, b, c from generate_state(3), counter 1, 12 discarded. */
DEVICE_FN u64 sfc64_next(PRIVATE_AS u64 *s) {
  u64 tmp = s[0] + s[1] + s[3];
  s[3] += 1;
  s[0] = s[1] ^ (s[1] >> 11);
  s[1] = s[2] + (s[2] << 3);
  s[2] = rotl64(s[2], 24) + tmp;
  return tmp;
}
DEVICE_FN void gen_numpy_sfc64(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) {
  u64 s[4];
  ss_state64(seed, 3, s);
  s[3] = 1;
  for (u32 i = 0; i < 12; i++) sfc64_next(s);
  for (u32 j = 0; j < R;) j = put64(raw, j, R, sfc64_next(s), OUT_LH);
}
/* numpy Philox4x64-10: key from generate_state(2), counter incremented
 * before each block of four outputs. */
DEVICE_FN void gen_numpy_philox(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) {
  u64 key[2];
  ss_state64(seed, 2, key);
  u64 c0 = 0, c1 = 0, c2 = 0, c3 = 0;
  for (u32 j = 0; j < R;) {
    c0++;
    if (c0 == 0) { c1++; if (c1 == 0) { c2++; if (c2 == 0) c3++; } }
    u64 x0 = c0, x1 = c1, x2 = c2, x3 = c3, k0 = key[0], k1 = key[1];
    for (u32 r = 0; r < 10; r++) {
      if (r > 0) { k0 += 0x9e3779b97f4a7c15UL; k1 += 0xbb67ae8584caa73bUL; }
      u64 lo0 = 0xd2e7470ee14c6c93UL * x0, hi0 = MULHI64(0xd2e7470ee14c6c93UL, x0);
      u64 lo1 = 0xca5a826395121157UL * x2, hi1 = MULHI64(0xca5a826395121157UL, x2);
      x0 = hi1 ^ x1 ^ k0;
      x1 = lo1;
      x2 = hi0 ^ x3 ^ k1;
      x3 = lo0;
    }
    j = put64(raw, j, R, x0, OUT_LH);
    if (j < R) j = put64(raw, j, R, x1, OUT_LH);
    if (j < R) j = put64(raw, j, R, x2, OUT_LH);
    if (j < R) j = put64(raw, j, R, x3, OUT_LH);
  }
}

/* ---- PHP 8.2 engines, Go math/rand/v2 PCG ---- */
/* PcgOneseq128XslRr64(seed): state 0, step, + seed, step; getInt reads the low half. */
DEVICE_FN void gen_php_pcg_oneseq128(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) {
  u64 sh = 0, sl = 0;
  pcg128_step(&sh, &sl, PCG_MH, PCG_ML, PCG_IH, PCG_IL);
  u64 nl = sl + seed;
  sh += nl < sl ? 1UL : 0UL;
  sl = nl;
  pcg128_step(&sh, &sl, PCG_MH, PCG_ML, PCG_IH, PCG_IL);
  pcg128_xslrr_run(sh, sl, PCG_IH, PCG_IL, raw, R, OUT_LOW);
}
DEVICE_FN void gen_php_xoshiro256starstar(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) {
  u64 s[4];
  splitmix_fill(seed, s, 4);
  xoshiro256_run(s, 1, raw, R, OUT_LOW);
}
/* rand.NewPCG(seed, 0): state hi = seed, lo = 0; step, DXSM of the new state. */
DEVICE_FN void gen_go_rand_v2_pcg(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) {
  u64 sh = seed, sl = 0;
  for (u32 j = 0; j < R; j++) {
    pcg128_step(&sh, &sl, PCG_MH, PCG_ML, PCG_IH, PCG_IL);
    raw[j] = pcg_dxsm(sh, sl);
  }
}

/* ---- Rust rand 0.9 crates behind seed_from_u64 ---- */
/* rand_core's seed expansion: PCG32 (XSH-RR) outputs of an LCG from the seed. */
DEVICE_FN void rand_core_words(u64 st, u32 k, PRIVATE_AS u32 *w) {
  for (u32 i = 0; i < k; i++) {
    st = st * 6364136223846793005UL + 11634580027462260723UL;
    w[i] = rotr32((u32)(((st >> 18) ^ st) >> 27), (u32)(st >> 59));
  }
}
DEVICE_FN u64 join32(u32 lo, u32 hi) { return (u64)lo | ((u64)hi << 32); }
/* rand_pcg Pcg32 (Lcg64Xsh32): XSH-RR of the old state. */
DEVICE_FN void gen_rust_pcg32(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) {
  u32 w[4];
  rand_core_words(seed, 4, w);
  u64 inc = join32(w[2], w[3]) | 1UL;
  u64 st = join32(w[0], w[1]) + inc;
  st = st * 6364136223846793005UL + inc;
  for (u32 j = 0; j < R; j++) {
    u64 old = st;
    st = old * 6364136223846793005UL + inc;
    raw[j] = (u64)rotr32((u32)(((old >> 18) ^ old) >> 27), (u32)(old >> 59));
  }
}
/* rand_pcg Pcg64 (Lcg128Xsl64): state, increment | 1, state += inc, step. */
DEVICE_FN void gen_rust_pcg64(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) {
  u32 w[8];
  rand_core_words(seed, 8, w);
  u64 sl = join32(w[0], w[1]), sh = join32(w[2], w[3]);
  u64 il = join32(w[4], w[5]) | 1UL, ih = join32(w[6], w[7]);
  u64 nl = sl + il;
  sh += ih + (nl < sl ? 1UL : 0UL);
  sl = nl;
  pcg128_step(&sh, &sl, PCG_MH, PCG_ML, ih, il);
  pcg128_xslrr_run(sh, sl, ih, il, raw, R, OUT_LOW);
}
/* rand_pcg Pcg64Mcg (Mcg128Xsl64): state | 1, state *= mult, XSL-RR. */
DEVICE_FN void gen_rust_pcg64mcg(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) {
  u32 w[4];
  rand_core_words(seed, 4, w);
  pcg128_xslrr_run(join32(w[2], w[3]), join32(w[0], w[1]) | 1UL, 0UL, 0UL, raw, R, OUT_LOW);
}
DEVICE_FN void gen_rust_xoshiro256plusplus(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) {
  u64 s[4];
  splitmix_fill(seed, s, 4);
  xoshiro256_run(s, 0, raw, R, OUT_HIGH);
}
DEVICE_FN void gen_rust_xoshiro256starstar(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) {
  u64 s[4];
  splitmix_fill(seed, s, 4);
  xoshiro256_run(s, 1, raw, R, OUT_HIGH);
}
DEVICE_FN void gen_rust_xoroshiro128plusplus(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) {
  u64 s[2];
  splitmix_fill(seed, s, 2);
  xoroshiro128pp_run(s[0], s[1], raw, R, OUT_LOW);
}

/* ---- npm seedrandom 3.0.5 with an integer seed (prng::modern::seedrandom).
 * xor128, xorwow (its xor part) and xorshift7 are GF(2)-linear and seeded
 * with the seed's bits alone, so the state after the discards and the first
 * W outputs (W = state words; that state is those outputs) is the XOR of
 * four table entries, one per seed byte: table[((b * 256 + v) * W) + i] is
 * word i for the seed v << 8b (backend::tables). xorwow's Weyl counter d is
 * added apart; xorshift7's seed 0 (x[7] = -1) has its own entry at 1024 W. */
DEVICE_FN void sr_linear(u32 seed, u32 W, GLOBAL_AS const u64 *table, PRIVATE_AS u32 *st) {
  for (u32 i = 0; i < W; i++) st[i] = 0;
  for (u32 b = 0; b < 4; b++) {
    GLOBAL_AS const u64 *e = table + ((b * 256U + ((seed >> (8U * b)) & 255U)) * W);
    for (u32 i = 0; i < W; i++) st[i] ^= (u32)e[i];
  }
}
DEVICE_FN void gen_seedrandom_xor128(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) {
  u32 s[4];
  sr_linear((u32)seed, 4, table, s);
  for (u32 j = 0; j < R; j++) {
    if (j < 4) { raw[j] = (u64)s[j]; continue; }
    u32 t = s[0] ^ (s[0] << 11);
    s[0] = s[1]; s[1] = s[2]; s[2] = s[3];
    s[3] ^= (s[3] >> 19) ^ t ^ (t >> 8);
    raw[j] = (u64)s[3];
  }
}
DEVICE_FN void gen_seedrandom_xorwow(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) {
  u32 x = (u32)seed;
  u32 s[5];
  sr_linear(x, 5, table, s);
  /* d = x << 10 ^ x >>> 4, plus 362437 per step; output k is step 65 + k. */
  u32 d = ((x << 10) ^ (x >> 4)) + 65U * 362437U;
  for (u32 j = 0; j < R; j++) {
    if (j < 5) { raw[j] = (u64)(d + s[j]); d += 362437U; continue; }
    u32 t = s[0] ^ (s[0] >> 2);
    s[0] = s[1]; s[1] = s[2]; s[2] = s[3]; s[3] = s[4];
    s[4] = (s[4] ^ (s[4] << 4)) ^ (t ^ (t << 1));
    raw[j] = (u64)(d + s[4]);
    d += 362437U;
  }
}
DEVICE_FN void gen_seedrandom_xorshift7(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) {
  u32 s[8];
  if ((u32)seed == 0) {
    for (u32 i = 0; i < 8; i++) s[i] = (u32)table[1024 * 8 + i];
  } else {
    sr_linear((u32)seed, 8, table, s);
  }
  u32 i = 0;
  for (u32 j = 0; j < R; j++) {
    if (j < 8) { raw[j] = (u64)s[j]; continue; }
    u32 t = s[i];
    t ^= t >> 7;
    u32 v = t ^ (t << 24);
    t = s[(i + 1) & 7]; v ^= t ^ (t >> 10);
    t = s[(i + 3) & 7]; v ^= t ^ (t >> 3);
    t = s[(i + 4) & 7]; v ^= t ^ (t << 7);
    t = s[(i + 7) & 7]; t ^= t << 13; v ^= t ^ (t << 9);
    s[i] = v;
    i = (i + 1) & 7;
    raw[j] = (u64)v;
  }
}
/* Tyche-i: a = 0, b = seed, c = 2654435769, d = 1367130551, 20 discarded. */
DEVICE_FN void gen_seedrandom_tychei(u64 seed, PRIVATE_AS u64 *raw, u32 R, GLOBAL_AS const u64 *table) {
  u32 a = 0, b = (u32)seed, c = 2654435769U, d = 1367130551U;
  for (u32 k = 0; k < 20 + R; k++) {
    b = rotl32(b, 25) ^ c; c -= d;
    d = rotl32(d, 24) ^ a; a -= b;
    b = rotl32(b, 20) ^ c; c -= d;
    d = (d << 16) ^ (c >> 16) ^ a; a -= b;
    if (k >= 20) raw[k - 20] = (u64)a;
  }
}

#endif
