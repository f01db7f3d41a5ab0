//! Reading instances and writing results: files, the embedded default commission.
//!
//! A path ending in `.gz` is gzip-compressed, read and written transparently:
//! the département-size instance (12,000 requests) is 10 MB of pretty JSON but
//! 0.4 MB compressed. Compressed files hold compact JSON (nobody reads them by
//! eye); plain files hold pretty JSON, so that a diff of two shipped instances
//! or allocations is readable.

use std::io::{Read, Write};
use std::path::Path;

use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;
use serde::Serialize;

use crate::domain::{Commission, Instance};
use crate::error::{Error, Problem, Result};
use crate::validate;

/// The default commission (7 crèches of the rules, ~100 requests), embedded so
/// that `solve` works with no file at all.
pub const DEFAULT_INSTANCE: &str = include_str!("../instances/default.json");

/// True for a path this module compresses (`….gz`).
pub fn is_gzip(path: &Path) -> bool {
    path.extension().is_some_and(|x| x == "gz")
}

/// The text of a file, decompressed when its name ends in `.gz`.
pub fn read_text(path: &Path) -> Result<String> {
    let read = || -> std::io::Result<String> {
        if is_gzip(path) {
            let mut text = String::new();
            GzDecoder::new(std::fs::File::open(path)?).read_to_string(&mut text)?;
            Ok(text)
        } else {
            std::fs::read_to_string(path)
        }
    };
    read().map_err(|source| Error::Read {
        path: path.display().to_string(),
        source,
    })
}

/// Reads an instance file (`.json` or `.json.gz`), or the embedded default with `None`.
/// Each field the format does not have is warned about on stderr, the command
/// line's channel for it (`warning: requests[3].critera: unknown field, ignored`).
pub fn read_instance(path: Option<&Path>) -> Result<Instance> {
    let (instance, warnings) = match path {
        Some(p) => validate::parse_json_noting(&read_text(p)?)?,
        None => validate::parse_json_noting(DEFAULT_INSTANCE)?,
    };
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    Ok(instance)
}

/// Parses JSON text of any contract type; a bad field is reported with its
/// path, prefixed by `origin` (a file name, or a request field such as
/// `allocation_json`).
pub fn parse_json_as<T: serde::de::DeserializeOwned>(text: &str, origin: &str) -> Result<T> {
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let at = e.path().to_string();
        Error::Invalid(vec![Problem::new(
            format!("{origin}: {at}"),
            "",
            format!("cannot read JSON: {}", e.into_inner()),
        )])
    })
}

/// Reads a JSON file of any contract type, reporting a bad field with its path.
fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T> {
    parse_json_as(&read_text(path)?, &path.display().to_string())
}

/// Reads an allocation file.
pub fn read_allocation(path: &Path) -> Result<crate::domain::Allocation> {
    read_json(path)
}

/// Reads an events file (after the commission).
pub fn read_events(path: &Path) -> Result<crate::domain::events::EventLog> {
    read_json(path)
}

/// Reads a decisions file (the commission's decisions; checked against a
/// commission by [`crate::decide::check`]).
pub fn read_decisions(path: &Path) -> Result<crate::domain::decisions::DecisionsFile> {
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

/// Compact JSON (one line) with a final newline: what `.gz` files hold.
pub fn to_compact_json<T: Serialize>(value: &T) -> String {
    let mut s = serde_json::to_string(value).expect("domain types serialise");
    s.push('\n');
    s
}

/// Writes pretty JSON, or compact gzip-compressed JSON when the path ends in
/// `.gz` (the gzip header carries no time stamp, so the same value gives the
/// same bytes).
pub fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    let failed = |p: &Path| {
        let path = p.display().to_string();
        move |source| Error::Write { path, source }
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(failed(dir))?;
    }
    let bytes = if is_gzip(path) {
        let mut gz = GzEncoder::new(Vec::new(), Compression::best());
        gz.write_all(to_compact_json(value).as_bytes())
            .and_then(|()| gz.finish())
            .map_err(failed(path))?
    } else {
        to_json(value).into_bytes()
    };
    std::fs::write(path, bytes).map_err(failed(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("creche-io-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir.join(name)
    }

    #[test]
    fn gz_files_round_trip_as_compact_json() {
        let inst = read_instance(None).unwrap();
        let path = scratch("default.json.gz");
        write_json(&path, &inst).unwrap();
        let raw = std::fs::read(&path).unwrap();
        assert_eq!(&raw[..2], &[0x1f, 0x8b], "gzip magic");
        assert!(raw.len() < DEFAULT_INSTANCE.len() / 5);
        assert_eq!(read_text(&path).unwrap(), to_compact_json(&inst));
        assert_eq!(read_instance(Some(&path)).unwrap(), inst);
        // Same value, same bytes.
        write_json(&path, &inst).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), raw);
    }

    #[test]
    fn plain_files_are_pretty() {
        let inst = read_instance(None).unwrap();
        let path = scratch("default.json");
        write_json(&path, &inst).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), DEFAULT_INSTANCE);
    }

    #[test]
    fn a_corrupt_gz_file_is_a_read_error_naming_it() {
        let path = scratch("corrupt.json.gz");
        std::fs::write(&path, b"{\"not\": \"gzip\"}").unwrap();
        let e = read_instance(Some(&path)).unwrap_err();
        assert!(matches!(e, Error::Read { .. }), "{e}");
        assert!(e.to_string().contains("corrupt.json.gz"), "{e}");
    }

    #[test]
    fn bad_json_names_its_origin_and_path() {
        let e = parse_json_as::<crate::domain::events::EventLog>(
            r#"{"commission_id": 3}"#,
            "events_json",
        )
        .unwrap_err();
        let Error::Invalid(p) = e else {
            panic!("expected invalid")
        };
        assert_eq!(p[0].path, "events_json: commission_id");
    }
}
