/* seedsieve kernels: the sieve prefilter, one kernel per generator family.
 *
 * The host prepends inc_vendor.h, inc_prng.h and inc_reduce.h and defines
 * RMAX and DMAX (private array bounds). Work item g tests seed seed_base + g:
 * it computes R raw outputs, and for every target (source, reduction) the
 * first D draws, then every (offset o <= no, skip k <= nk) hypothesis on the
 * first P window draws with at most mm mismatches, exactly as the CPU sieve's
 * prefilter does (core/src/sieve.rs). A passing hypothesis is written to
 * out[4i..4i+4) = (g, target, o, k) at i = atomic counter; when the rejection
 * loops need more than R raw outputs, (g, target, FULL, FULL) asks the host to
 * check every hypothesis of that seed. The counter keeps counting past `cap`:
 * the host sees the overflow and re-runs the range in smaller pieces. The
 * host confirms every candidate on the whole window with the CPU reference. */

#define FULL 0xffffffffU

DEVICE_FN void emit(GLOBAL_AS u32 *out, GLOBAL_AS u32 *counter, u32 cap, u32 g, u32 t, u32 o, u32 k) {
  u32 i = ATOMIC_INC(counter);
  if (i < cap) { out[4 * i] = g; out[4 * i + 1] = t; out[4 * i + 2] = o; out[4 * i + 3] = k; }
}

DEVICE_FN void sieve_seed(u32 g, PRIVATE_AS const u64 *raw, u32 R, GLOBAL_AS const u64 *window, u32 P,
                          u32 no, u32 nk, u32 mm, GLOBAL_AS const u64 *tdesc, u32 ntargets, u32 D,
                          GLOBAL_AS u32 *out, GLOBAL_AS u32 *counter, u32 cap) {
  u64 d[DMAX];
  for (u32 t = 0; t < ntargets; t++) {
    GLOBAL_AS const u64 *desc = tdesc + 4 * t;
    u32 ri = 0;
    if (no == 0 && nk == 0) {
      /* No offset, no skip: draw by draw, stop at the first mismatch past mm. */
      u32 m = 0;
      int complete = 1;
      for (u32 j = 0; j < P; j++) {
        u64 v;
        if (!reduce_draw(desc, raw, R, &ri, &v)) { complete = 0; break; }
        if (v != window[j]) { m++; if (m > mm) break; }
      }
      if (!complete) emit(out, counter, cap, g, t, FULL, FULL);
      else if (m <= mm) emit(out, counter, cap, g, t, 0, 0);
      continue;
    }
    int complete = 1;
    for (u32 i = 0; i < D; i++) {
      if (!reduce_draw(desc, raw, R, &ri, &d[i])) { complete = 0; break; }
    }
    if (!complete) { emit(out, counter, cap, g, t, FULL, FULL); continue; }
    for (u32 o = 0; o <= no; o++) {
      for (u32 k = 0; k <= nk; k++) {
        u32 m = 0;
        for (u32 j = 0; j < P; j++) {
          if (d[o + j * (k + 1)] != window[j]) { m++; if (m > mm) break; }
        }
        if (m <= mm) emit(out, counter, cap, g, t, o, k);
      }
    }
  }
}

#define SIEVE_KERNEL(NAME, GEN)                                                                    \
  KERNEL_FN void NAME(const u64 seed_base, const u32 count, GLOBAL_AS const u64 *window,          \
                      const u32 P, const u32 no, const u32 nk, const u32 mm,                      \
                      GLOBAL_AS const u64 *tdesc, const u32 ntargets, const u32 R, const u32 D,   \
                      GLOBAL_AS const u64 *table, GLOBAL_AS u32 *out, GLOBAL_AS u32 *counter,     \
                      const u32 cap) {                                                            \
    u64 g = GLOBAL_ID();                                                                          \
    if (g >= count) return;                                                                       \
    u64 raw[RMAX];                                                                                \
    GEN(seed_base + g, raw, R, table);                                                            \
    sieve_seed((u32)g, raw, R, window, P, no, nk, mm, tdesc, ntargets, D, out, counter, cap);     \
  }

SIEVE_KERNEL(sieve_mt_genrand, gen_mt_genrand)
SIEVE_KERNEL(sieve_mt_python, gen_mt_python)
SIEVE_KERNEL(sieve_glibc_random, gen_glibc_random)
SIEVE_KERNEL(sieve_glibc_rand_r, gen_glibc_rand_r)
SIEVE_KERNEL(sieve_rand48, gen_rand48)
SIEVE_KERNEL(sieve_java_random, gen_java_random)
SIEVE_KERNEL(sieve_dotnet_random, gen_dotnet_random)
SIEVE_KERNEL(sieve_go_rng_source, gen_go_rng_source)
SIEVE_KERNEL(sieve_msvc_rand, gen_msvc_rand)
SIEVE_KERNEL(sieve_minstd_rand0, gen_minstd_rand0)
SIEVE_KERNEL(sieve_minstd_rand, gen_minstd_rand)
SIEVE_KERNEL(sieve_glibc_random_type0, gen_glibc_random_type0)
SIEVE_KERNEL(sieve_glibc_random_type1, gen_glibc_random_type1)
SIEVE_KERNEL(sieve_glibc_random_type2, gen_glibc_random_type2)
SIEVE_KERNEL(sieve_glibc_random_type4, gen_glibc_random_type4)
SIEVE_KERNEL(sieve_mt_php_legacy, gen_mt_php_legacy)
SIEVE_KERNEL(sieve_cpp_knuth_b, gen_cpp_knuth_b)
SIEVE_KERNEL(sieve_cpp_ranlux24_base, gen_cpp_ranlux24_base)
SIEVE_KERNEL(sieve_cpp_ranlux48_base, gen_cpp_ranlux48_base)
SIEVE_KERNEL(sieve_cpp_mt19937_64, gen_cpp_mt19937_64)
SIEVE_KERNEL(sieve_java_splittable_random, gen_java_splittable_random)
SIEVE_KERNEL(sieve_java_xoroshiro128plusplus, gen_java_xoroshiro128plusplus)
SIEVE_KERNEL(sieve_java_xoshiro256plusplus, gen_java_xoshiro256plusplus)
SIEVE_KERNEL(sieve_java_l32x64mixrandom, gen_java_l32x64mixrandom)
SIEVE_KERNEL(sieve_java_l64x128mixrandom, gen_java_l64x128mixrandom)
SIEVE_KERNEL(sieve_java_l64x128starstarrandom, gen_java_l64x128starstarrandom)
SIEVE_KERNEL(sieve_java_l64x256mixrandom, gen_java_l64x256mixrandom)
SIEVE_KERNEL(sieve_java_l64x1024mixrandom, gen_java_l64x1024mixrandom)
SIEVE_KERNEL(sieve_java_l128x128mixrandom, gen_java_l128x128mixrandom)
SIEVE_KERNEL(sieve_java_l128x256mixrandom, gen_java_l128x256mixrandom)
SIEVE_KERNEL(sieve_java_l128x1024mixrandom, gen_java_l128x1024mixrandom)
SIEVE_KERNEL(sieve_numpy_pcg64, gen_numpy_pcg64)
SIEVE_KERNEL(sieve_numpy_pcg64dxsm, gen_numpy_pcg64dxsm)
SIEVE_KERNEL(sieve_numpy_mt19937, gen_numpy_mt19937)
SIEVE_KERNEL(sieve_numpy_sfc64, gen_numpy_sfc64)
SIEVE_KERNEL(sieve_numpy_philox, gen_numpy_philox)
SIEVE_KERNEL(sieve_php_pcg_oneseq128, gen_php_pcg_oneseq128)
SIEVE_KERNEL(sieve_php_xoshiro256starstar, gen_php_xoshiro256starstar)
SIEVE_KERNEL(sieve_go_rand_v2_pcg, gen_go_rand_v2_pcg)
SIEVE_KERNEL(sieve_rust_pcg32, gen_rust_pcg32)
SIEVE_KERNEL(sieve_rust_pcg64, gen_rust_pcg64)
SIEVE_KERNEL(sieve_rust_pcg64mcg, gen_rust_pcg64mcg)
SIEVE_KERNEL(sieve_rust_xoshiro256plusplus, gen_rust_xoshiro256plusplus)
SIEVE_KERNEL(sieve_rust_xoshiro256starstar, gen_rust_xoshiro256starstar)
SIEVE_KERNEL(sieve_rust_xoroshiro128plusplus, gen_rust_xoroshiro128plusplus)
SIEVE_KERNEL(sieve_seedrandom_xor128, gen_seedrandom_xor128)
SIEVE_KERNEL(sieve_seedrandom_xorwow, gen_seedrandom_xorwow)
SIEVE_KERNEL(sieve_seedrandom_xorshift7, gen_seedrandom_xorshift7)
SIEVE_KERNEL(sieve_seedrandom_tychei, gen_seedrandom_tychei)
