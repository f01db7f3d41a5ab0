//! The README's generated figures are what the binary gives: the comparison
//! of strict points order and greedy on every shipped instance is recomputed
//! by `scripts/figures.py --check` (the script that writes it) and must match
//! the README byte for byte.

use std::process::Command;

#[test]
fn the_readme_comparison_table_is_the_binary_s() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new("python3")
        .arg(format!("{root}/scripts/figures.py"))
        .arg("--check")
        .env("CRECHE_ALLOC", env!("CARGO_BIN_EXE_creche-alloc"))
        .output()
        .expect("python3 runs (scripts/setup.sh installs it)");
    assert!(
        out.status.success(),
        "README.md is out of date: run `python3 scripts/figures.py`\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
