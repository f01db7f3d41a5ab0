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

/// Reads a JSON file of any contract type, reporting a bad field with its path.
fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T> {
    let text = read_text(path)?;
    let de = &mut serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let at = e.path().to_string();
        Error::Invalid(vec![crate::error::Problem::new(
            format!("{}: {at}", path.display()),
            "",
            format!("cannot read JSON: {}", e.into_inner()),
        )])
    })
}

/// Reads an allocation file.
pub fn read_allocation(path: &Path) -> Result<crate::domain::Allocation> {
    read_json(path)
}

/// Reads an events file (after the commission).
pub fn read_events(path: &Path) -> Result<crate::cascade::EventLog> {
    read_json(path)
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
