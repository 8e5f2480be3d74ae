//! .NET `System.Random(int seed)`: Knuth's subtractive generator as in
//! `Net5CompatSeedImpl` (dotnet/runtime `src/libraries/System.Private.CoreLib/src/
//! System/Random.Net5CompatImpl.cs`; Mono's `Random.cs` is the same algorithm).
//!
//! Raw output: `InternalSample()`, an int in [0, 2^31 - 1).

use super::RawStream;

/// `MBIG` = int.MaxValue.
pub const MBIG: i32 = i32::MAX;
const MSEED: i32 = 161_803_398;

/// The seed array after the constructor (index 0 unused).
#[inline(always)]
pub fn seed_array(seed: i32) -> [i32; 56] {
    let mut sa = [0i32; 56];
    let subtraction = if seed == i32::MIN {
        i32::MAX
    } else {
        seed.wrapping_abs()
    };
    let mut mj = MSEED.wrapping_sub(subtraction);
    sa[55] = mj;
    let mut mk: i32 = 1;
    for i in 1..55 {
        let ii = (21 * i) % 55;
        sa[ii] = mk;
        mk = mj.wrapping_sub(mk);
        if mk < 0 {
            mk = mk.wrapping_add(MBIG);
        }
        mj = sa[ii];
    }
    for _ in 1..5 {
        for i in 1..56 {
            sa[i] = sa[i].wrapping_sub(sa[1 + (i + 30) % 55]);
            if sa[i] < 0 {
                sa[i] = sa[i].wrapping_add(MBIG);
            }
        }
    }
    sa
}

/// `new System.Random(seed)`.
#[derive(Clone)]
pub struct DotnetRandom {
    sa: [i32; 56],
    inext: usize,
    inextp: usize,
}

impl DotnetRandom {
    /// The seeded constructor.
    pub fn new(seed: i32) -> Self {
        DotnetRandom {
            sa: seed_array(seed),
            inext: 0,
            inextp: 21,
        }
    }
}

impl RawStream for DotnetRandom {
    #[inline(always)]
    fn next_raw(&mut self) -> u64 {
        self.inext = if self.inext + 1 >= 56 {
            1
        } else {
            self.inext + 1
        };
        self.inextp = if self.inextp + 1 >= 56 {
            1
        } else {
            self.inextp + 1
        };
        let mut v = self.sa[self.inext].wrapping_sub(self.sa[self.inextp]);
        if v == MBIG {
            v -= 1;
        }
        if v < 0 {
            v = v.wrapping_add(MBIG);
        }
        self.sa[self.inext] = v;
        v as u64
    }
}
