//! `negative-bench [LOG2_SEEDS]`: the negative-control suite over seeds
//! 0..2^LOG2_SEEDS of every source (default 2^24; CI runs 2^16), on every core.
//! Prints verdict counts, the state-method runs, and per source the expected and
//! observed false window survivors, with the wall time. Exit 1 on any false
//! recovery.
//!
//!     cargo run --release -p seedsieve-tests --bin negative-bench -- 24

use seedsieve_tests::negative_suite::{controls, run};

fn main() -> std::process::ExitCode {
    let log2: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(24)
        .min(40);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let files = controls();
    let t = std::time::Instant::now();
    let rep = run(&files, 1 << log2, threads);
    println!(
        "negative controls: {} files x {} sources, seeds 0..2^{log2} each, {threads} threads, {:.1} s",
        rep.files,
        rep.expected.len(),
        t.elapsed().as_secs_f64()
    );
    println!("sieve verdicts: {:?}", rep.verdicts);
    println!(
        "state-method runs: {}, false recoveries: {}",
        rep.state_runs,
        rep.state_false.len()
    );
    print!("{}", rep.table());
    if rep.false_recoveries.is_empty() && rep.state_false.is_empty() {
        println!("no false recovery");
        std::process::ExitCode::SUCCESS
    } else {
        println!(
            "FALSE RECOVERIES: {:?} {:?}",
            rep.false_recoveries, rep.state_false
        );
        std::process::ExitCode::from(1)
    }
}
