//! [`Stream`]: any family's scalar reference stream.

use crate::prng::{self, RawStream};

/// Any family's scalar stream (an enum, so the reference path needs no vtable).
#[allow(missing_docs)]
pub enum Stream {
    Mt(Box<prng::mt::Mt19937>),
    Glibc(Box<prng::glibc::GlibcRandom>),
    RandR(prng::glibc::RandR),
    Rand48(prng::lcg::Rand48),
    Java(prng::lcg::JavaRandom),
    Dotnet(Box<prng::dotnet::DotnetRandom>),
    Go(Box<prng::go::GoSource>),
    Msvc(prng::lcg::MsvcRand),
    Minstd(prng::lcg::Minstd),
    GlibcTyped(Box<prng::glibc::GlibcTyped>),
    KnuthB(Box<prng::cpp::KnuthB>),
    Swc(Box<prng::cpp::SubtractWithCarry>),
    Mt64(Box<prng::cpp::Mt19937_64>),
    MtPhp(Box<prng::mt::MtPhpLegacy>),
    /// The generators of [`prng::modern`], behind one vtable call per output.
    Dyn(Box<dyn RawStream + Send>),
}

impl RawStream for Stream {
    #[inline]
    fn next_raw(&mut self) -> u64 {
        match self {
            Stream::Mt(g) => g.next_raw(),
            Stream::Glibc(g) => g.next_raw(),
            Stream::RandR(g) => g.next_raw(),
            Stream::Rand48(g) => g.next_raw(),
            Stream::Java(g) => g.next_raw(),
            Stream::Dotnet(g) => g.next_raw(),
            Stream::Go(g) => g.next_raw(),
            Stream::Msvc(g) => g.next_raw(),
            Stream::Minstd(g) => g.next_raw(),
            Stream::GlibcTyped(g) => g.next_raw(),
            Stream::KnuthB(g) => g.next_raw(),
            Stream::Swc(g) => g.next_raw(),
            Stream::Mt64(g) => g.next_raw(),
            Stream::MtPhp(g) => g.next_raw(),
            Stream::Dyn(g) => g.next_raw(),
        }
    }
}
