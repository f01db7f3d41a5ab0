//! Reading instances and writing results: files, the embedded default commission.

use std::path::Path;

use serde::Serialize;

use crate::domain::{Commission, Instance};
use crate::error::{Error, Result};
use crate::validate;

/// The default commission (7 crèches of the rules, ~100 requests), embedded so
/// that `solve` works with no file at all.
pub const DEFAULT_INSTANCE: &str = include_str!("../instances/default.json");

pub fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.display().to_string(),
        source,
    })
}

/// Reads an instance file, or the embedded default with `None`.
pub fn read_instance(path: Option<&Path>) -> Result<Instance> {
    match path {
        Some(p) => validate::parse_json(&read_text(p)?),
        None => validate::parse_json(DEFAULT_INSTANCE),
    }
}

/// Reads and validates an instance.
pub fn read_commission(path: Option<&Path>) -> Result<Commission> {
    validate::validate(&read_instance(path)?)
}

/// Pretty JSON with a final newline.
pub fn to_json<T: Serialize>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value).expect("domain types serialise");
    s.push('\n');
    s
}

pub fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| Error::Write {
            path: dir.display().to_string(),
            source,
        })?;
    }
    std::fs::write(path, to_json(value)).map_err(|source| Error::Write {
        path: path.display().to_string(),
        source,
    })
}
