//! Every JSON output carries `schema` (a name and a version) and conforms to
//! its JSON Schema file in docs/schema/, checked on the real binary's output:
//! the sweep, state and tuple reports (one shape, told apart by `kind`), the
//! plan, the event lines, the restore file, `generators`, and the fleet's
//! `status`, `result` and `purge`. The watcher's outputs are checked in
//! tests/tests/feedback.rs, where its Redis setup lives.

use seedsieve_tests::redis_harness::{unique_prefix, RedisServer, WorkerProc};
use seedsieve_tests::schema_check::{
    assert_conforms, assert_output_conforms, schema_dir, schema_file, violations, SCHEMA_BASE,
};
use seedsieve_tests::{corpus_dir, scheduler, vectors_dir};
use serde_json::{json, Value};
use std::time::Duration;

const PHP_FILE: &str = "php_mt_rand_0_999_seed3141592653.txt";

/// The first 30 draws of the PHP corpus file (seed 3141592653); the file is
/// ../shared/corpus beside the checkout (CI lays it there).
fn php_draws() -> String {
    let dir = corpus_dir().expect("../shared/corpus beside the checkout");
    let text = std::fs::read_to_string(dir.join(PHP_FILE)).expect("corpus file");
    text.lines().take(30).map(|l| format!("{l}\n")).collect()
}

/// `submit` of [`php_draws`] over seeds 3141590000..3141600000 of
/// `php_mt_rand`, with `extra` flags.
fn php_submit(extra: &[&str]) -> seedsieve_tests::Run {
    let mut a = vec![
        "submit",
        "--draws",
        "-",
        "--min",
        "0",
        "--max",
        "999",
        "--prng",
        "php_mt_rand",
        "--seed-range",
        "3141590000..3141600000",
        "--quiet",
    ];
    a.extend_from_slice(extra);
    scheduler(&a, &php_draws())
}

#[test]
fn every_schema_file_is_a_2020_12_schema_named_for_its_output() {
    let mut listed = Vec::new();
    for (id, file) in seedsieve_core::schema::FILES {
        let s = schema_file(file);
        assert_eq!(
            s["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{file}"
        );
        assert_eq!(s["$id"], format!("{SCHEMA_BASE}{file}"), "{file}");
        // The id appears as the `schema` const (events: in each variant).
        assert!(
            s.to_string().contains(&format!("{{\"const\":\"{id}\"}}")),
            "{file} does not pin schema {id}"
        );
        // Builds (meta-valid, every $ref resolves).
        let _ = seedsieve_tests::schema_check::validator(file);
        listed.push(file.to_string());
    }
    let mut on_disk: Vec<String> = std::fs::read_dir(schema_dir())
        .expect("docs/schema")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    listed.sort();
    assert_eq!(
        on_disk, listed,
        "docs/schema files vs seedsieve_core::schema::FILES"
    );
}

/// The schemas are strict: an unknown field, a missing one or a wrong `kind`
/// is a violation (so a field added to the output without the schema fails
/// the tests below).
#[test]
fn report_schema_rejects_what_it_does_not_describe() {
    let ok = json!({"schema": "seedsieve.report/2", "kind": "state", "verdict": "not_found",
        "candidates": [], "state_reports": [], "notes": []});
    assert!(violations("report.schema.json", &ok).is_empty());
    for bad in [
        json!({"schema": "seedsieve.report/1", "kind": "state", "verdict": "not_found",
            "candidates": [], "state_reports": [], "notes": []}),
        json!({"schema": "seedsieve.report/2", "kind": "state", "verdict": "not_found",
            "candidates": [], "state_reports": [], "notes": [], "mode": "state"}),
        json!({"schema": "seedsieve.report/2", "kind": "sweep", "verdict": "not_found",
            "candidates": [], "state_reports": [], "notes": []}),
        json!({"schema": "seedsieve.report/2", "kind": "tuples", "verdict": "not_found",
            "candidates": [], "state_reports": [], "notes": []}),
    ] {
        assert!(!violations("report.schema.json", &bad).is_empty(), "{bad}");
    }
}

#[test]
fn sweep_report_plan_and_event_lines_conform() {
    let r = php_submit(&["--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = assert_output_conforms("report.schema.json", &r.stdout);
    assert_eq!(v["schema"], "seedsieve.report/2");
    assert_eq!(v["kind"], "sweep");
    assert_eq!(v["candidates"][0]["seed"], 3_141_592_653u64, "{v}");

    let r = php_submit(&["--plan", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = assert_output_conforms("plan.schema.json", &r.stdout);
    assert_eq!(v["schema"], "seedsieve.plan/1");

    let r = php_submit(&["--json", "--events"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    let (last, events) = lines.split_last().expect("at least the report");
    let mut kinds = Vec::new();
    for l in events {
        let e: Value = serde_json::from_str(l).expect("event line is JSON");
        assert_conforms("event.schema.json", &e);
        kinds.push(e["event"].as_str().expect("event").to_string());
    }
    assert!(
        kinds.iter().any(|k| k == "plan") && kinds.iter().any(|k| k == "candidate"),
        "{kinds:?}"
    );
    let v = assert_output_conforms("report.schema.json", last);
    assert_eq!(v["kind"], "sweep");
}

#[test]
fn float_sweep_without_a_candidate_conforms() {
    // Floats no res53 seed of the range explains: a not_found float report.
    let r = scheduler(
        &[
            "submit",
            "--draws",
            "-",
            "--float",
            "--prng",
            "python_random",
            "--seed-range",
            "0..1000",
            "--json",
            "--quiet",
        ],
        "0.5\n0.25\n0.125\n0.0625\n0.75\n0.375\n",
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = assert_output_conforms("report.schema.json", &r.stdout);
    assert_eq!(v["draws"], "float", "{v}");
    assert_eq!(v["verdict"], "not_found", "{v}");
}

fn state_vector(file: &str, take: usize) -> String {
    std::fs::read_to_string(vectors_dir().join("state").join(file))
        .expect("vector file")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .take(take)
        .map(|l| format!("{l}\n"))
        .collect()
}

#[test]
fn state_reports_conform_to_the_same_report_shape() {
    // java.util.Random nextInt(1000): one recovered state and its seed.
    let r = scheduler(
        &[
            "submit",
            "--mode",
            "state",
            "--draws",
            "-",
            "--prng",
            "java_random",
            "--min",
            "0",
            "--max",
            "999",
            "--json",
        ],
        &state_vector("java_nextint1000_seed1763683200123.txt", 30),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = assert_output_conforms("report.schema.json", &r.stdout);
    assert_eq!(v["kind"], "state");
    assert_eq!(v["verdict"], v["state_reports"][0]["verdict"]);
    // V8 floats answered before any sweep: alternatives with assumptions.
    let r = scheduler(
        &["submit", "--draws", "-", "--json", "--quiet"],
        &state_vector("v8_math_random_seed42.txt", 10),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = assert_output_conforms("report.schema.json", &r.stdout);
    assert_eq!(v["kind"], "state", "{v}");
    // No method applies: not_found, no report, still the shape.
    let r = scheduler(
        &[
            "submit", "--mode", "state", "--draws", "-", "--prng", "all", "--min", "0", "--max",
            "2", "--json", "--quiet",
        ],
        "0\n1\n2\n",
    );
    let v = assert_output_conforms("report.schema.json", &r.stdout);
    assert_eq!(v["kind"], "state", "{v}");
}

#[test]
fn tuple_report_conforms_to_the_same_report_shape() {
    let text = std::fs::read_to_string(vectors_dir().join("tuples").join("tuples.jsonl"))
        .expect("tuple vectors");
    let line: Value = text
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("JSON line"))
        .find(|l| l["source"] == "java_random" && l["seed"] == 20_261_121 && l["k"] == 6)
        .expect("java_random seed 20261121 k=6");
    let draws: String = line["tuples"].as_array().expect("tuples")[..3]
        .iter()
        .map(|t| {
            let v: Vec<String> = t
                .as_array()
                .expect("tuple")
                .iter()
                .map(|x| x.to_string())
                .collect();
            format!("{}\n", v.join(", "))
        })
        .collect();
    let r = scheduler(
        &[
            "submit",
            "--draws",
            "-",
            "--tuples",
            "--min",
            "1",
            "--max",
            &line["max"].to_string(),
            "--prng",
            "java_random",
            "--seed-range",
            "20261000..20262000",
            "--json",
            "--quiet",
        ],
        &draws,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = assert_output_conforms("report.schema.json", &r.stdout);
    assert_eq!(v["kind"], "tuples");
    assert_eq!(v["candidates"][0]["seed"], 20_261_121);
}

#[test]
fn generators_conform() {
    for args in [
        &["generators", "--json"][..],
        &["generators", "v8", "--json"][..],
    ] {
        let r = scheduler(args, "");
        assert_eq!(r.code, 0, "{}", r.stderr);
        let v = assert_output_conforms("generators.schema.json", &r.stdout);
        assert!(!v["generators"].as_array().expect("list").is_empty());
    }
}

/// An interrupted sweep: the partial report (`incomplete`) and the restore
/// file it leaves both conform.
#[test]
fn interrupted_report_and_restore_file_conform() {
    let dir = tempfile_dir("restore");
    let restore = dir.join("r.json");
    let mut child = std::process::Command::new(seedsieve_tests::scheduler_bin())
        .args([
            "submit",
            "--draws",
            "-",
            "--min",
            "0",
            "--max",
            "999",
            "--prng",
            "php_mt_rand",
            "--seed-range",
            "0..4000000000",
            "--json",
            "--quiet",
            "--workers",
            "1",
            "--restore-file",
        ])
        .arg(&restore)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("scheduler starts");
    {
        use std::io::Write;
        // Draws of a seed past the range's start: nothing found in 2 s.
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(php_draws().as_bytes()).expect("draws");
    }
    std::thread::sleep(Duration::from_secs(2));
    seedsieve_tests::redis_harness::signal(child.id(), "INT");
    let out = child.wait_with_output().expect("exits");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let v = assert_output_conforms("report.schema.json", &stdout);
    assert_eq!(v["verdict"], "incomplete", "{v}");
    let text = std::fs::read_to_string(&restore).expect("restore file written");
    let r = assert_output_conforms("restore.schema.json", &text);
    assert_eq!(r["schema"], "seedsieve.restore/1");
    let _ = std::fs::remove_dir_all(&dir);
}

fn tempfile_dir(tag: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("seedsieve-schema-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

/// The fleet's outputs: `status JOB`, `status`, `result JOB` and `purge`.
#[test]
fn fleet_status_result_and_purge_conform() {
    use seedsieve_tests::fleet_support::{
        detach, fleet_args, queue, run, submit_args, wait_over, LEASE_MS,
    };
    let redis = RedisServer::start();
    let prefix = unique_prefix("schema");
    let q = queue(&redis, &prefix, LEASE_MS);
    let draws = seedsieve_tests::fleet_support::php_draws(1_000_123);
    let id = detach(&redis, &prefix, submit_args("1000000..1001000", 2), &draws);
    let with_fleet = |a: &[&str]| {
        let mut v: Vec<String> = a.iter().map(|s| s.to_string()).collect();
        v.extend(fleet_args(&redis, &prefix));
        run(&v, "")
    };
    let job = id.to_string();
    // Pending: no worker yet.
    let r = with_fleet(&["status", &job, "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = assert_output_conforms("job_status.schema.json", &r.stdout);
    assert_eq!(v["status"], "running");
    let w = WorkerProc::start(&redis, &prefix, LEASE_MS, 1, "schema");
    wait_over(&q, id, Duration::from_secs(60), &[&w]);
    let r = with_fleet(&["status", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = assert_output_conforms("queue_status.schema.json", &r.stdout);
    assert!(!v["jobs"].as_array().expect("jobs").is_empty(), "{v}");
    let r = with_fleet(&["result", &job, "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = assert_output_conforms("report.schema.json", &r.stdout);
    assert_eq!(v["candidates"][0]["seed"], 1_000_123, "{v}");
    let r = with_fleet(&["purge", "--older-than", "0s", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = assert_output_conforms("purge.schema.json", &r.stdout);
    assert_eq!(v["jobs"], json!([job]), "{v}");
}
