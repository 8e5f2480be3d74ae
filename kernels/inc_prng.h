/* seedsieve kernels: raw output generators, one per family. Each fills
 * raw[0..R) with the first R raw outputs of the family's stream from `seed`,
 * in the raw form the CPU reference hands to its reductions
 * (core/src/prng; each family row's `raw_form` in core/src/registry/). `table` is a
 * family-specific constant table uploaded by the host (CPython: the
 * init_genrand(19650218) state; Go: rngCooked then the powers of 48271). */
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

#endif
