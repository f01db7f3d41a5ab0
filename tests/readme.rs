//! The documents' generated figures are what the binary gives: the
//! comparison of strict points order and greedy on every shipped instance
//! (README.md) and what each shipped scenario answers
//! (instances/scenarios/README.md) are recomputed by `scripts/figures.py
//! --check` (the script that writes them) and must match byte for byte.

use std::process::Command;

#[test]
fn the_generated_figures_are_the_binary_s() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new("python3")
        .arg(format!("{root}/scripts/figures.py"))
        .arg("--check")
        .env("CRECHE_ALLOC", env!("CARGO_BIN_EXE_creche-alloc"))
        .output()
        .expect("python3 runs (scripts/setup.sh installs it)");
    assert!(
        out.status.success(),
        "the documents are out of date: run `python3 scripts/figures.py`\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
