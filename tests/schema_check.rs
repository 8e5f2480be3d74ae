//! Checks a JSON output against its JSON Schema (draft 2020-12) in
//! docs/schema/, with the `jsonschema` crate. A `$ref` to another file of
//! docs/schema (by its `$id`, under [`SCHEMA_BASE`]) is read from the
//! directory; nothing is fetched from the network.

use serde_json::Value;
use std::path::PathBuf;

/// The `$id` prefix of every file in docs/schema.
pub const SCHEMA_BASE: &str = "https://example.invalid/seedsieve/schema/";

/// `docs/schema`.
pub fn schema_dir() -> PathBuf {
    crate::root().join("docs").join("schema")
}

/// Reads docs/schema/`file` as JSON; panics naming the file when it cannot.
pub fn schema_file(file: &str) -> Value {
    let p = schema_dir().join(file);
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Resolves `$ref`s to the other files of docs/schema.
struct DocsRetriever;

impl jsonschema::Retrieve for DocsRetriever {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let s = uri.as_str();
        let file = s
            .strip_prefix(SCHEMA_BASE)
            .ok_or_else(|| format!("{s}: not a docs/schema file"))?;
        let text = std::fs::read_to_string(schema_dir().join(file))?;
        Ok(serde_json::from_str(&text)?)
    }
}

/// A validator for docs/schema/`file` (draft 2020-12, formats not checked).
pub fn validator(file: &str) -> jsonschema::Validator {
    let schema = schema_file(file);
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .with_retriever(DocsRetriever)
        .build(&schema)
        .unwrap_or_else(|e| panic!("docs/schema/{file} is not a valid schema: {e}"))
}

/// Every way `value` breaks docs/schema/`file` (empty when it conforms), as
/// `instance path: message` lines.
pub fn violations(file: &str, value: &Value) -> Vec<String> {
    validator(file)
        .iter_errors(value)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// Panics, listing every violation and the value, unless `value` conforms
/// to docs/schema/`file`.
pub fn assert_conforms(file: &str, value: &Value) {
    let v = violations(file, value);
    assert!(
        v.is_empty(),
        "output does not conform to docs/schema/{file}:\n  {}\n{value}",
        v.join("\n  ")
    );
}

/// Parses `stdout` (one JSON document) and checks it against docs/schema/`file`.
pub fn assert_output_conforms(file: &str, stdout: &str) -> Value {
    let v: Value = serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("not one JSON document ({e}): {stdout}"));
    assert_conforms(file, &v);
    v
}
