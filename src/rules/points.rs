//! Rank-1 points: barème criteria, crèche-specific criteria and history.
//!
//! Sums saturate instead of wrapping: validation bounds every term (barème
//! values, `points`, history counts, criteria per list: see `docs/format.md`,
//! "Ranges"), so that a validated commission's points stay below 10^10 and
//! never reach the saturation; it only keeps a sum from ever wrapping sign.

use crate::domain::{Bareme, Request};

/// Points of the family's situation: its criteria plus history (renewal bonus,
/// cumulative no-show malus), or the request's `points` override when given.
pub fn family_points(request: &Request, bareme: &Bareme) -> i64 {
    if let Some(p) = request.points_override {
        return p;
    }
    let criteria = sum(request.criteria.iter().filter_map(|c| bareme.value(c)));
    let h = &request.history;
    criteria
        .saturating_add(i64::from(h.renewals).saturating_mul(bareme.renewal_bonus()))
        .saturating_sub(i64::from(h.no_shows).saturating_mul(bareme.no_show_malus()))
}

/// A saturating sum (see the module doc).
fn sum(values: impl Iterator<Item = i64>) -> i64 {
    values.fold(0, i64::saturating_add)
}

/// Points of the request at one crèche: family points plus the criteria that
/// count at that crèche only (e.g. a sibling already in this crèche).
pub fn points_at(request: &Request, creche: usize, bareme: &Bareme) -> i64 {
    let specific = request
        .creche_criteria
        .get(&creche)
        .map(|cs| sum(cs.iter().filter_map(|c| bareme.value(c))))
        .unwrap_or(0);
    family_points(request, bareme).saturating_add(specific)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Child, History, SlotSet};
    use std::collections::BTreeMap;

    fn bareme(pairs: &[(&str, i64)]) -> Bareme {
        Bareme {
            labels: Default::default(),
            values: pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
        }
    }

    fn request(criteria: &[&str], history: History) -> Request {
        let d = "2027-01-04".parse().unwrap();
        let mut cc = BTreeMap::new();
        cc.insert(1, vec!["fratrie_dans_structure".to_string()]);
        Request {
            id: "D-1".into(),
            child: Child {
                birth: d,
                unborn: false,
            },
            start: d,
            planning: SlotSet::EMPTY,
            wishes: vec![0, 1],
            criteria: criteria.iter().map(|s| s.to_string()).collect(),
            creche_criteria: cc,
            history,
            sibling_group: None,
            submitted: d,
            points_override: None,
        }
    }

    #[test]
    fn criteria_history_and_creche_specific() {
        let b = bareme(&[
            ("domicile", 10),
            ("bi_actif", 5),
            ("fratrie_dans_structure", 3),
            ("renouvellement", 1),
        ]);
        let r = request(
            &["domicile", "bi_actif"],
            History {
                renewals: 2,
                family_refusals: 1,
                no_shows: 1,
            },
        );
        // 10 + 5 + 2 renewals × 1 − 1 no-show × 1 (malus defaults to 1); refusals give nothing.
        assert_eq!(family_points(&r, &b), 16);
        assert_eq!(points_at(&r, 0, &b), 16);
        assert_eq!(points_at(&r, 1, &b), 19);
    }

    #[test]
    fn malus_is_cumulative_and_override_replaces_family_points() {
        let b = bareme(&[
            ("domicile", 10),
            ("malus_absence", 2),
            ("fratrie_dans_structure", 3),
        ]);
        let mut r = request(
            &["domicile"],
            History {
                renewals: 0,
                family_refusals: 0,
                no_shows: 3,
            },
        );
        assert_eq!(family_points(&r, &b), 4);
        r.points_override = Some(7);
        assert_eq!(family_points(&r, &b), 7);
        assert_eq!(points_at(&r, 1, &b), 10);
    }
}
