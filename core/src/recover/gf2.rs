//! Linear algebra over GF(2) for generators whose state transition and output
//! are linear in the state bits (xorshift, xoroshiro, xoshiro, MT19937 before
//! tempering): symbolic words whose bits are linear forms of the unknown
//! state, and a Gaussian-elimination solver.

/// A bit vector over GF(2): bit i is the coefficient of unknown i.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bits {
    w: Vec<u64>,
}

impl Bits {
    /// The zero vector over `n` unknowns.
    pub fn zero(n: usize) -> Self {
        Bits {
            w: vec![0; n.div_ceil(64)],
        }
    }
    /// The unit vector of unknown `i` among `n`.
    pub fn unit(n: usize, i: usize) -> Self {
        let mut b = Self::zero(n);
        b.w[i / 64] |= 1 << (i % 64);
        b
    }
    /// Coefficient of unknown `i`.
    pub fn get(&self, i: usize) -> bool {
        self.w[i / 64] >> (i % 64) & 1 == 1
    }
    /// `self ^= o`.
    pub fn xor_assign(&mut self, o: &Bits) {
        for (a, b) in self.w.iter_mut().zip(&o.w) {
            *a ^= b;
        }
    }
    /// Whether every coefficient is 0.
    pub fn is_zero(&self) -> bool {
        self.w.iter().all(|&x| x == 0)
    }
    /// The dot product with an assignment of the unknowns (`x` as bits).
    pub fn dot(&self, x: &Bits) -> bool {
        self.w
            .iter()
            .zip(&x.w)
            .map(|(a, b)| (a & b).count_ones())
            .sum::<u32>()
            % 2
            == 1
    }
    /// Sets unknown `i` to `v` (for an assignment vector).
    pub fn set(&mut self, i: usize, v: bool) {
        if v {
            self.w[i / 64] |= 1 << (i % 64);
        } else {
            self.w[i / 64] &= !(1 << (i % 64));
        }
    }
}

/// A 64-bit word each of whose bits is a linear form of the unknowns; bit i is
/// the coefficient of 2^i.
#[derive(Clone, Debug)]
pub struct Sym64 {
    /// The 64 bit forms, least significant first.
    pub b: Vec<Bits>,
}

impl Sym64 {
    /// The word made of unknowns `first .. first + 64` (of `n`).
    pub fn var(n: usize, first: usize) -> Self {
        Sym64 {
            b: (0..64).map(|i| Bits::unit(n, first + i)).collect(),
        }
    }
    fn zero(n: usize) -> Bits {
        Bits::zero(n)
    }
    fn width(&self) -> usize {
        self.b[0].w.len() * 64
    }
    /// `self ^ o`.
    pub fn xor(&self, o: &Sym64) -> Sym64 {
        Sym64 {
            b: self
                .b
                .iter()
                .zip(&o.b)
                .map(|(a, c)| {
                    let mut a = a.clone();
                    a.xor_assign(c);
                    a
                })
                .collect(),
        }
    }
    /// `self << k`.
    pub fn shl(&self, k: u32) -> Sym64 {
        let n = self.width();
        let k = k as usize;
        Sym64 {
            b: (0..64)
                .map(|i| {
                    if i >= k {
                        self.b[i - k].clone()
                    } else {
                        Self::zero(n)
                    }
                })
                .collect(),
        }
    }
    /// `self >> k` (logical).
    pub fn shr(&self, k: u32) -> Sym64 {
        let n = self.width();
        let k = k as usize;
        Sym64 {
            b: (0..64)
                .map(|i| {
                    if i + k < 64 {
                        self.b[i + k].clone()
                    } else {
                        Self::zero(n)
                    }
                })
                .collect(),
        }
    }
    /// `self.rotate_left(k)`.
    pub fn rotl(&self, k: u32) -> Sym64 {
        let k = k as usize % 64;
        Sym64 {
            b: (0..64).map(|i| self.b[(i + 64 - k) % 64].clone()).collect(),
        }
    }
}

/// What solving found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Solution {
    /// Exactly one assignment satisfies every equation.
    Unique(Bits),
    /// Consistent, but `free` unknowns are not determined: more draws are needed.
    Underdetermined {
        /// Rank of the system.
        rank: usize,
        /// Undetermined unknowns.
        free: usize,
    },
    /// No assignment satisfies the equations: the model does not explain the draws.
    Inconsistent,
}

/// A linear system over GF(2) in `n` unknowns.
#[derive(Clone, Debug)]
pub struct System {
    n: usize,
    rows: Vec<(Bits, bool)>,
}

impl System {
    /// An empty system in `n` unknowns.
    pub fn new(n: usize) -> Self {
        System {
            n,
            rows: Vec::new(),
        }
    }
    /// Adds the equation `form . x = rhs`.
    pub fn push(&mut self, form: Bits, rhs: bool) {
        self.rows.push((form, rhs));
    }
    /// Adds `word == value` bit by bit, for the bits set in `mask`.
    pub fn push_word(&mut self, word: &Sym64, value: u64, mask: u64) {
        for i in 0..64 {
            if mask >> i & 1 == 1 {
                self.push(word.b[i].clone(), value >> i & 1 == 1);
            }
        }
    }
    /// Equations so far.
    pub fn len(&self) -> usize {
        self.rows.len()
    }
    /// Whether there is no equation.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
    /// Gaussian elimination (Gauss-Jordan) over GF(2).
    pub fn solve(&self) -> Solution {
        match self.solve_affine() {
            None => Solution::Inconsistent,
            Some(a) if a.null.is_empty() => Solution::Unique(a.x),
            Some(a) => Solution::Underdetermined {
                rank: a.rank,
                free: a.null.len(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solves_a_random_full_rank_system_and_flags_the_rest() {
        // x = 0b1011 over 4 unknowns; equations from a few forms.
        let n = 4;
        let x = {
            let mut b = Bits::zero(n);
            for i in [0, 1, 3] {
                b.set(i, true);
            }
            b
        };
        let forms = [0b0001u64, 0b0011, 0b0111, 0b1111, 0b1010];
        let mut s = System::new(n);
        for f in forms {
            let mut b = Bits::zero(n);
            for i in 0..n {
                b.set(i, f >> i & 1 == 1);
            }
            let rhs = b.dot(&x);
            s.push(b, rhs);
        }
        assert_eq!(s.solve(), Solution::Unique(x.clone()));
        let mut under = System::new(n);
        under.push(Bits::unit(n, 0), true);
        assert_eq!(
            under.solve(),
            Solution::Underdetermined { rank: 1, free: 3 }
        );
        let mut bad = System::new(n);
        bad.push(Bits::unit(n, 2), true);
        bad.push(Bits::unit(n, 2), false);
        assert_eq!(bad.solve(), Solution::Inconsistent);
    }

    #[test]
    fn symbolic_words_follow_concrete_ones() {
        let n = 64;
        let v: u64 = 0x0123_4567_89ab_cdef;
        let mut xv = Bits::zero(n);
        for i in 0..64 {
            xv.set(i, v >> i & 1 == 1);
        }
        let s = Sym64::var(n, 0);
        let e = s.xor(&s.shl(23)).xor(&s.shr(17)).rotl(45);
        let want = (v ^ (v << 23) ^ (v >> 17)).rotate_left(45);
        for i in 0..64 {
            assert_eq!(e.b[i].dot(&xv), want >> i & 1 == 1, "bit {i}");
        }
    }
}

/// A consistent system's solutions: one particular solution (free unknowns 0)
/// and a basis of the null space (one vector per free unknown).
#[derive(Clone, Debug)]
pub struct Affine {
    /// A solution.
    pub x: Bits,
    /// Null-space basis: `x ^ any combination` solves the system too.
    pub null: Vec<Bits>,
    /// Rank of the system.
    pub rank: usize,
}

impl System {
    /// Gauss-Jordan elimination that also returns the null space: `None` when
    /// the system is inconsistent.
    pub fn solve_affine(&self) -> Option<Affine> {
        let mut rows = self.rows.clone();
        let mut pivots: Vec<usize> = Vec::new(); // pivot column of row i
        let mut r = 0;
        for c in 0..self.n {
            let Some(p) = (r..rows.len()).find(|&i| rows[i].0.get(c)) else {
                continue;
            };
            rows.swap(r, p);
            let (pivot, prhs) = rows[r].clone();
            for (i, row) in rows.iter_mut().enumerate() {
                if i != r && row.0.get(c) {
                    row.0.xor_assign(&pivot);
                    row.1 ^= prhs;
                }
            }
            pivots.push(c);
            r += 1;
        }
        if rows[r..].iter().any(|(f, v)| f.is_zero() && *v) {
            return None;
        }
        let mut is_pivot = vec![false; self.n];
        for &c in &pivots {
            is_pivot[c] = true;
        }
        let mut x = Bits::zero(self.n);
        for (i, &c) in pivots.iter().enumerate() {
            x.set(c, rows[i].1);
        }
        // Reduced rows: x_pivot = rhs ^ sum of the row's free unknowns.
        let null = (0..self.n)
            .filter(|&f| !is_pivot[f])
            .map(|f| {
                let mut v = Bits::unit(self.n, f);
                for (i, &c) in pivots.iter().enumerate() {
                    if rows[i].0.get(f) {
                        v.set(c, true);
                    }
                }
                v
            })
            .collect();
        Some(Affine { x, null, rank: r })
    }
}
