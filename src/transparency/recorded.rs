//! What a document records about its inputs: the SHA-256 of a file as read,
//! the strategy an allocation names, and an instance read with its hash.

use sha2::{Digest, Sha256};

use crate::domain::instance::Instance;
use crate::domain::Commission;
use crate::error::{Error, Problem, Result};
use crate::solve::Strategy;

/// SHA-256 of some bytes, lower-case hex (what `sha256sum` prints).
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The strategy an allocation records (`optimal/priority`, `greedy`, …):
/// the one its re-solves use.
pub fn strategy_of(recorded: Option<&str>) -> Result<Strategy> {
    let s = recorded.unwrap_or("optimal/priority");
    if s == "optimal/priority" {
        return Ok(Strategy::Priority);
    }
    if s == "greedy" {
        return Ok(Strategy::Greedy);
    }
    s.strip_prefix("optimal/balanced(fit_weight=")
        .and_then(|w| w.strip_suffix(')'))
        .and_then(|w| w.parse().ok())
        .map(|fit_weight| Strategy::Balanced { fit_weight })
        .ok_or_else(|| {
            Error::Invalid(vec![Problem::new(
                "allocation.strategy",
                s,
                "unknown strategy",
            )])
        })
}

/// An instance file (the embedded default with `None`), its SHA-256 (of the
/// file's bytes, as `sha256sum` computes it, which the minutes' footer
/// records) and the commission.
pub fn read_hashed(path: Option<&std::path::Path>) -> Result<(Instance, String, Commission)> {
    let bytes = match path {
        Some(p) => std::fs::read(p).map_err(|source| Error::Read {
            path: p.display().to_string(),
            source,
        })?,
        None => crate::io::DEFAULT_INSTANCE.as_bytes().to_vec(),
    };
    let inst = crate::io::read_instance(path)?;
    let c = crate::validate::validate(&inst)?;
    Ok((inst, sha256_hex(&bytes), c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_the_empty_string() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
