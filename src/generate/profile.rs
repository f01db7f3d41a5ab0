//! What a generated family looks like: its kind (single child, twins,
//! siblings of different ages), the proportions of the generator, and what a
//! caller may impose on one family (the default commission's set pieces).

use super::plannings::PlanningKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Single,
    /// Two requests, same birth date.
    Twins,
    /// Two requests, a baby and an older child.
    Siblings,
}

/// Proportions of the family generator.
#[derive(Debug, Clone, Copy)]
pub(super) struct Profile {
    /// Per family; twins make two requests, so about twice as many requests.
    pub p_twins: f64,
    pub p_siblings: f64,
    pub p_too_young: f64,
    pub p_too_old: f64,
    pub p_renewal: f64,
    pub p_no_show: f64,
    pub p_fratrie_structure: f64,
    pub p_non_resident: f64,
    /// `fratrie_meme_commune` (a sibling at school or with a childminder in
    /// the commune) counts at the wished crèches of the family's commune
    /// only, as the rules mean it, rather than everywhere. Off for the
    /// default commission, whose shipped file predates it.
    pub commune_siblings_per_creche: bool,
    /// Digits of the request ids (`D-00001`).
    pub id_digits: usize,
}

impl Profile {
    pub const GENERATED: Profile = Profile {
        p_twins: 0.01,
        p_siblings: 0.006,
        p_too_young: 0.012,
        p_too_old: 0.008,
        p_renewal: 0.19,
        p_no_show: 0.015,
        p_fratrie_structure: 0.05,
        p_non_resident: 0.04,
        commune_siblings_per_creche: true,
        id_digits: 5,
    };
}

/// What a caller imposes on one family (the default commission's set pieces).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Force {
    pub kind: Option<Kind>,
    /// Age in days at the start date.
    pub age_days: Option<i64>,
    pub start: Option<&'static str>,
    pub no_shows: Option<i64>,
    pub fratrie_structure: Option<bool>,
    pub planning: Option<PlanningKind>,
}
