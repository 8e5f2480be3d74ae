//! The former home of the Redis lease protocol, kept as a re-export of
//! [`crate::redis`] so that older paths (`seedsieve_core::redis_queue::...`)
//! still build. New code uses [`crate::redis`].

pub use crate::redis::*;
