//! The scenario file: a base instance and named variants, each a list of changes
//! (`docs/scenarios.md` documents every field).
//!
//! These types mirror the JSON exactly, like [`crate::domain::instance`]: ids stay
//! strings so that [`super::apply`] can report an unknown crèche, section or
//! criterion with its JSON path and value, as instance validation does.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::domain::instance::{self, Instance};
use crate::error::{Error, Problem, Result};
use crate::io;
use crate::solve::Strategy;

/// A what-if file: which commission, how to solve it, and the variants to compare.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Shown as the report's heading.
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Path of the base instance, relative to the scenario file (`.json` or
    /// `.json.gz`). Neither this nor `base_instance`: the embedded default commission.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    /// The base instance written inline (what a gRPC caller sends).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_instance: Option<Box<Instance>>,
    /// How the base is solved; a variant's `policy` change overrides it.
    #[serde(default)]
    pub policy: PolicyName,
    /// Points one half-day of planning fit is worth under the balanced policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fit_weight: Option<f64>,
    /// Seconds per solve; the best allocation found is used, marked `feasible`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_limit: Option<f64>,
    /// Criterion groups whose served requests are counted: name → barème criteria.
    /// Absent: [`DEFAULT_GROUPS`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<BTreeMap<String, Vec<String>>>,
    pub variants: Vec<Variant>,
}

/// One alternative to the base: a name and the changes that make it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    /// Unique; not `base`.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Applied in order to a copy of the base instance.
    #[serde(default)]
    pub changes: Vec<Change>,
}

/// One change, tagged by `"change"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case", deny_unknown_fields)]
pub enum Change {
    /// A barème criterion gets another value.
    SetPoints { criterion: String, points: i64 },
    /// A criterion the barème does not name yet (e.g. `malus_absence`).
    AddCriterion { criterion: String, points: i64 },
    /// The criterion no longer exists: dropped from the barème and every request.
    RemoveCriterion { criterion: String },
    /// Free places of one block of a section, on some days and slots.
    Places(PlacesChange),
    /// Every free place of the crèche removed (the crèche stays a wish).
    CloseCreche { creche: String },
    /// A new crèche, wished by every request that wished `wished_after`, just after it.
    OpenCreche {
        creche: Box<instance::Creche>,
        wished_after: String,
    },
    /// How this variant is solved.
    Policy {
        policy: PolicyName,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fit_weight: Option<f64>,
    },
    /// The commission's `start_tolerance_days`.
    Tolerance { days: i64 },
}

/// Free places added, removed or set in one block of a section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlacesChange {
    pub creche: String,
    pub section: String,
    /// Index of the block in the section's `free` list (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block: Option<usize>,
    /// The block free from this date instead of an index; created if the
    /// section has none from this date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_from: Option<String>,
    /// Default: every day of the week.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<Vec<String>>,
    /// Default: every slot of the day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slots: Option<Vec<String>>,
    /// Places added to each chosen half-day (negative: removed). Give `add` or `set`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub add: Option<i64>,
    /// Places each chosen half-day has afterwards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set: Option<i64>,
}

/// The policy of a solve, as a coordinator names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicyName {
    /// Exact, points order first (`solve --policy priority`).
    #[default]
    Priority,
    /// Exact, points and planning fit in one objective (`solve --policy balanced`).
    Balanced,
    /// The spreadsheet method (`solve --strategy greedy`).
    Greedy,
}

impl PolicyName {
    pub fn strategy(self, fit_weight: Option<f64>) -> Strategy {
        match self {
            PolicyName::Priority => Strategy::Priority,
            PolicyName::Balanced => Strategy::Balanced {
                fit_weight: fit_weight.unwrap_or(crate::solve::balanced::DEFAULT_FIT_WEIGHT),
            },
            PolicyName::Greedy => Strategy::Greedy,
        }
    }
}

/// Criterion groups counted when a scenario gives none: the families the
/// commission's rules single out (III.4). Criteria missing from the barème
/// are ignored, and a group nobody belongs to is not shown.
pub const DEFAULT_GROUPS: &[(&str, &[&str])] = &[
    (
        "single parents",
        &["monoparentale_active", "monoparentale_non_active"],
    ),
    (
        "disability or illness",
        &[
            "enfant_handicap",
            "enfant_maladie",
            "parent_maladie",
            "membre_famille_handicap",
        ],
    ),
    (
        "social priority",
        &[
            "orientation_services_sociaux",
            "enfant_ase",
            "situation_fragile",
            "parent_mineur",
        ],
    ),
    ("working couples", &["couple_bi_actif"]),
    (
        "twins, several children",
        &["naissance_multiple", "plusieurs_enfants"],
    ),
];

/// Reads a scenario file and its base instance (relative to the file).
pub fn load(path: &Path) -> Result<(Scenario, Instance)> {
    let scenario: Scenario = io::parse_json_as(&io::read_text(path)?, &path.display().to_string())?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let base = base_instance(&scenario, Some(dir))?;
    Ok((scenario, base))
}

/// The base instance of a scenario: inline, a file relative to `dir`, or the
/// embedded default commission.
pub fn base_instance(scenario: &Scenario, dir: Option<&Path>) -> Result<Instance> {
    match (&scenario.base, &scenario.base_instance) {
        (Some(p), Some(_)) => Err(Error::Invalid(vec![Problem::new(
            "base",
            p,
            "give base (a file) or base_instance (inline), not both",
        )])),
        (None, Some(inst)) => Ok((**inst).clone()),
        (Some(p), None) => {
            let path = match dir {
                Some(d) => d.join(p),
                None => PathBuf::from(p),
            };
            io::read_instance(Some(&path))
        }
        (None, None) => io::read_instance(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_change_kind() {
        let text = r#"{
          "title": "t", "policy": "balanced", "fit_weight": 2,
          "variants": [{ "name": "v", "changes": [
            {"change": "set_points", "criterion": "couple_bi_actif", "points": 2},
            {"change": "add_criterion", "criterion": "malus_absence", "points": 2},
            {"change": "remove_criterion", "criterion": "fratrie_meme_commune"},
            {"change": "places", "creche": "toboggan", "section": "bebes", "days": ["fri"], "add": 3},
            {"change": "close_creche", "creche": "pirouette"},
            {"change": "policy", "policy": "greedy"},
            {"change": "tolerance", "days": 15}
          ]}]}"#;
        let s: Scenario = io::parse_json_as(text, "s.json").unwrap();
        assert_eq!(s.policy, PolicyName::Balanced);
        assert_eq!(s.variants[0].changes.len(), 7);
        assert!(matches!(
            &s.variants[0].changes[3],
            Change::Places(p) if p.add == Some(3) && p.block.is_none()
        ));
        assert_eq!(
            PolicyName::Balanced.strategy(Some(2.0)),
            Strategy::Balanced { fit_weight: 2.0 }
        );
    }

    #[test]
    fn an_unknown_change_or_field_names_its_path() {
        let text = r#"{"title": "t", "variants": [{"name": "v", "changes": [
            {"change": "places", "creche": "a", "section": "b", "ad": 3}]}]}"#;
        let e = io::parse_json_as::<Scenario>(text, "s.json").unwrap_err();
        assert!(
            e.to_string().contains("s.json: variants[0].changes[0]"),
            "{e}"
        );
        assert!(e.to_string().contains("ad"), "{e}");
        let text = r#"{"title": "t", "variants": [{"name": "v", "changes": [
            {"change": "double_places"}]}]}"#;
        let e = io::parse_json_as::<Scenario>(text, "s.json").unwrap_err();
        assert!(e.to_string().contains("double_places"), "{e}");
    }

    #[test]
    fn base_file_and_inline_base_are_exclusive() {
        let inst = io::read_instance(None).unwrap();
        let mut s: Scenario = io::parse_json_as(r#"{"title": "t", "variants": []}"#, "s").unwrap();
        assert_eq!(base_instance(&s, None).unwrap(), inst);
        s.base_instance = Some(Box::new(inst.clone()));
        assert_eq!(base_instance(&s, None).unwrap(), inst);
        s.base = Some("x.json".into());
        assert!(base_instance(&s, None).is_err());
    }
}
