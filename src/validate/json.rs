//! Instance JSON text → [`Instance`]: a field of the wrong type or a missing
//! one is an error with its path; a field the format does not have is a
//! warning with its path. Unknown fields are not errors, so that a file
//! written for a later version (new optional fields) still reads; but a typo
//! in a field name (`critera`) would otherwise drop its data without a word.

use crate::domain::instance::Instance;
use crate::error::{Error, Problem, Result};

/// What is said of each unknown field.
pub const UNKNOWN_FIELD: &str = "unknown field, ignored";

/// Reads an instance from JSON text, with a warning for each unknown field
/// (in document order).
pub fn parse_json_noting(text: &str) -> Result<(Instance, Vec<Problem>)> {
    let mut warnings = Vec::new();
    let de = &mut serde_json::Deserializer::from_str(text);
    let mut note = |path: serde_ignored::Path| {
        warnings.push(Problem::new(json_path(&path), "", UNKNOWN_FIELD));
    };
    let noting = serde_ignored::Deserializer::new(de, &mut note);
    let instance = serde_path_to_error::deserialize(noting).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        Error::Invalid(vec![Problem::new(
            if path == "." { "$".to_string() } else { path },
            "",
            format!("cannot read JSON: {inner}"),
        )])
    })?;
    Ok((instance, warnings))
}

/// The path as the problems write it: `requests[3].critera`.
fn json_path(path: &serde_ignored::Path) -> String {
    use serde_ignored::Path;
    match path {
        Path::Root => "$".to_string(),
        Path::Seq { parent, index } => format!("{}[{index}]", json_path(parent)),
        Path::Map { parent, key } => match parent {
            Path::Root => key.clone(),
            _ => format!("{}.{key}", json_path(parent)),
        },
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => json_path(parent),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_fields_are_named_with_their_paths() {
        let mut v: serde_json::Value = serde_json::from_str(crate::io::DEFAULT_INSTANCE).unwrap();
        v["requests"][3]["critera"] = serde_json::json!(["domicile"]);
        v["commission"]["tolerance"] = serde_json::json!(3);
        v["creches"][0]["sections"][0]["free"][0]["extra"] = serde_json::json!(1);
        let (_, warnings) = parse_json_noting(&v.to_string()).unwrap();
        let paths: Vec<&str> = warnings.iter().map(|w| w.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "commission.tolerance",
                "creches[0].sections[0].free[0].extra",
                "requests[3].critera"
            ]
        );
        assert!(warnings.iter().all(|w| w.message == UNKNOWN_FIELD));
    }

    #[test]
    fn the_shipped_default_has_no_unknown_field() {
        let (_, warnings) = parse_json_noting(crate::io::DEFAULT_INSTANCE).unwrap();
        assert_eq!(warnings, []);
    }
}
