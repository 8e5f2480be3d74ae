//! Prints JSON lines (tests/vectors/oracles/common.txt) for the rand crates'
//! generators seeded with `seed_from_u64(s)`: raw `next_u32()` and
//! `random_range(a..=b)` on u32 (rand 0.9's biased-Canon single sample).
use rand::{Rng, RngCore, SeedableRng};
use rand_pcg::{Pcg32, Pcg64, Pcg64Mcg};
use rand_xoshiro::{Xoroshiro128PlusPlus, Xoshiro256PlusPlus, Xoshiro256StarStar};

fn emit(src: &str, call: &str, s: u64, red: &str, a: u64, b: u64, v: &[u64]) {
    let vals: Vec<String> = v.iter().map(|x| x.to_string()).collect();
    println!(
        "{{\"source\": \"{src}\", \"call\": \"{call}\", \"seed\": {s}, \"reduction\": \"{red}\", \"min\": {a}, \"max\": {b}, \"values\": [{}]}}",
        vals.join(", ")
    );
}

fn rows<R: RngCore + SeedableRng>(src: &str, ty: &str) {
    let seeds: [u64; 7] = [0, 1, 42, 12345, 2147483647, 4294967295, 3141592653];
    let ranges: [(u32, u32); 7] = [(0, 999), (1, 6), (0, 1023), (10, 99999), (0, 1), (0, 2147483646), (0, 4294967294)];
    for s in seeds {
        let mut g = R::seed_from_u64(s);
        let v: Vec<u64> = (0..20).map(|_| u64::from(g.next_u32())).collect();
        emit(src, &format!("{ty}::seed_from_u64(s).next_u32()"), s, "raw", 0, u64::from(u32::MAX), &v);
        for (a, b) in ranges {
            let mut g = R::seed_from_u64(s);
            let v: Vec<u64> = (0..20).map(|_| u64::from(g.random_range(a..=b))).collect();
            emit(src, &format!("{ty}::seed_from_u64(s).random_range({a}..={b}) (u32)"), s, "canon32", u64::from(a), u64::from(b), &v);
        }
    }
}

fn main() {
    rows::<Pcg32>("rust_pcg32", "rand_pcg::Pcg32");
    rows::<Pcg64>("rust_pcg64", "rand_pcg::Pcg64");
    rows::<Pcg64Mcg>("rust_pcg64mcg", "rand_pcg::Pcg64Mcg");
    rows::<Xoshiro256PlusPlus>("rust_xoshiro256plusplus", "rand_xoshiro::Xoshiro256PlusPlus");
    rows::<Xoshiro256StarStar>("rust_xoshiro256starstar", "rand_xoshiro::Xoshiro256StarStar");
    rows::<Xoroshiro128PlusPlus>("rust_xoroshiro128plusplus", "rand_xoshiro::Xoroshiro128PlusPlus");
    eprintln!("# rand 0.9.5, rand_pcg 0.9.0, rand_xoshiro 0.7.0");
}
