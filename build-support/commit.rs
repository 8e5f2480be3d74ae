// Shared by the scheduler, worker and producer build scripts (`include!`d):
// sets SEEDSIEVE_COMMIT to `git rev-parse --short HEAD`, or "unknown" outside a
// git checkout or without git (a source tarball, a CI image without git), so
// `--version` names the commit it was built from without making git a build
// requirement.

fn git(args: &[&str]) -> Option<String> {
    let out = std::process::Command::new("git").args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let s = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (!s.is_empty()).then_some(s)
}

fn main() {
    let commit = git(&["rev-parse", "--short", "HEAD"]).unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=SEEDSIEVE_COMMIT={commit}");
    println!("cargo:rerun-if-changed=build.rs");
    // Rebuild when HEAD moves: HEAD itself, the branch it names, packed refs
    // (paths from git, so worktrees work too; only paths that exist, since a
    // missing one would rerun this script on every build).
    let mut watch = vec!["HEAD".to_string(), "packed-refs".to_string()];
    if let Some(r) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watch.push(r);
    }
    for w in watch {
        if let Some(p) = git(&["rev-parse", "--git-path", &w]) {
            if std::path::Path::new(&p).exists() {
                let abs = std::fs::canonicalize(&p).unwrap_or_else(|_| p.into());
                println!("cargo:rerun-if-changed={}", abs.display());
            }
        }
    }
}
