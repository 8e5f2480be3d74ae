//! Build script: sets SEEDSIEVE_COMMIT for `--version` (see build-support/commit.rs).

include!("../build-support/commit.rs");
