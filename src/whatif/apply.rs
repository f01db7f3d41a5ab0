//! A variant's changes applied to a copy of the base instance, each checked as
//! instance validation checks a field: a problem names the change's JSON path
//! (`variants[1].changes[0].section`) and the value, and every problem of every
//! variant is reported at once.
//!
//! The changed instance then goes through [`crate::validate`] like any
//! instance, so that a variant is exactly what the commission would get if it
//! wrote the changed file by hand.

use std::collections::BTreeSet;

use super::places::{self, find_creche};
use super::scenario::{Change, Scenario};
use crate::args;
use crate::domain::commission::{NO_SHOW_KEY, RENEWAL_KEY};
use crate::domain::instance::{Creche as InstanceCreche, Instance};
use crate::error::Problem;
use crate::i18n::Names;
use crate::solve::{fit_weight_problem, time_limit_problem, Strategy};

/// A variant's instance and how to solve it, with its changes in words.
#[derive(Debug, Clone)]
pub struct Applied {
    pub instance: Instance,
    pub strategy: Strategy,
    /// One line per change, for the report ("barème couple_bi_actif: 5 → 2").
    pub changes: Vec<String>,
}

/// Applies `changes` (at JSON path `path`, e.g. `variants[1]`) to a copy of
/// `base`, solved with `strategy` unless a change says otherwise.
pub fn apply(
    base: &Instance,
    strategy: Strategy,
    changes: &[Change],
    path: &str,
    n: &Names,
) -> Result<Applied, Vec<Problem>> {
    let mut a = Applied {
        instance: base.clone(),
        strategy,
        changes: Vec::new(),
    };
    let mut problems = Vec::new();
    for (k, change) in changes.iter().enumerate() {
        match a.change(change, &format!("{path}.changes[{k}]"), n) {
            Ok(words) => a.changes.push(words),
            Err(p) => problems.push(p),
        }
    }
    if problems.is_empty() {
        Ok(a)
    } else {
        Err(problems)
    }
}

/// Checks of the scenario itself: variant names, options, groups.
pub fn check_scenario(s: &Scenario, base: &Instance) -> Vec<Problem> {
    let mut problems = Vec::new();
    if s.variants.is_empty() {
        problems.push(Problem::new(
            "variants",
            "[]",
            "a scenario needs at least one variant",
        ));
    }
    let mut seen = BTreeSet::new();
    for (i, v) in s.variants.iter().enumerate() {
        let p = format!("variants[{i}].name");
        if v.name.trim().is_empty() {
            problems.push(Problem::new(p, &v.name, "empty variant name"));
        } else if v.name == "base" {
            problems.push(Problem::new(p, &v.name, "`base` names the base instance"));
        } else if !seen.insert(v.name.as_str()) {
            problems.push(Problem::new(p, &v.name, "duplicate variant name"));
        }
    }
    if let Some(w) = s.fit_weight {
        problems.extend(fit_weight_problem("fit_weight", w));
    }
    if let Some(t) = s.time_limit {
        problems.extend(time_limit_problem("time_limit", t));
    }
    for (name, criteria) in s.groups.iter().flatten() {
        for (k, c) in criteria.iter().enumerate() {
            if !base.bareme.contains_key(c) {
                problems.push(Problem::new(
                    format!("groups.{name}[{k}]"),
                    c,
                    "criterion not in the base barème",
                ));
            }
        }
    }
    problems
}

impl Applied {
    fn change(&mut self, change: &Change, path: &str, n: &Names) -> Result<String, Problem> {
        match change {
            Change::SetPoints { criterion, points } => self.set_points(criterion, *points, path, n),
            Change::AddCriterion { criterion, points } => {
                self.add_criterion(criterion, *points, path, n)
            }
            Change::RemoveCriterion { criterion } => self.remove_criterion(criterion, path, n),
            Change::Places(p) => places::apply(&mut self.instance, p, path, n),
            Change::CloseCreche { creche } => self.close_creche(creche, path, n),
            Change::OpenCreche {
                creche,
                wished_after,
            } => self.open_creche(creche, wished_after, path, n),
            Change::Policy { policy, fit_weight } => {
                if let Some(p) =
                    fit_weight.and_then(|w| fit_weight_problem(&format!("{path}.fit_weight"), w))
                {
                    return Err(p);
                }
                self.strategy = policy.strategy(*fit_weight);
                Ok(n.m.text(
                    "variant-policy",
                    &args! {"strategy" => self.strategy.name()},
                ))
            }
            Change::Tolerance { days } => {
                if *days < 0 {
                    return Err(Problem::new(
                        format!("{path}.days"),
                        days,
                        "negative tolerance",
                    ));
                }
                let inst = &mut self.instance;
                let before = std::mem::replace(&mut inst.commission.start_tolerance_days, *days);
                Ok(n.m.text(
                    "variant-tolerance",
                    &args! {"before" => before, "after" => *days},
                ))
            }
        }
    }

    fn set_points(
        &mut self,
        criterion: &str,
        points: i64,
        path: &str,
        n: &Names,
    ) -> Result<String, Problem> {
        let Some(v) = self.instance.bareme.get_mut(criterion) else {
            return Err(Problem::new(
                format!("{path}.criterion"),
                criterion,
                "criterion not in the barème (add_criterion adds one)",
            ));
        };
        let before = std::mem::replace(v, points);
        Ok(n.m.text(
            "variant-set-points",
            &args! {"criterion" => n.criterion(criterion), "before" => n.m.int(before), "after" => n.m.int(points)},
        ))
    }

    fn add_criterion(
        &mut self,
        criterion: &str,
        points: i64,
        path: &str,
        n: &Names,
    ) -> Result<String, Problem> {
        let inst = &mut self.instance;
        if let Some(v) = inst.bareme.get(criterion) {
            return Err(Problem::new(
                format!("{path}.criterion"),
                criterion,
                format!("criterion already in the barème with {v} points (set_points changes it)"),
            ));
        }
        if criterion.trim().is_empty() {
            return Err(Problem::new(
                format!("{path}.criterion"),
                "",
                "empty criterion",
            ));
        }
        inst.bareme.insert(criterion.to_string(), points);
        Ok(n.m.text(
            "variant-add-criterion",
            &args! {"criterion" => n.criterion(criterion), "points" => n.m.int(points)},
        ))
    }

    fn close_creche(&mut self, creche: &str, path: &str, n: &Names) -> Result<String, Problem> {
        let inst = &mut self.instance;
        let c = find_creche(inst, creche, &format!("{path}.creche"))?;
        let mut removed = 0;
        for b in inst.creches[c]
            .sections
            .iter_mut()
            .flat_map(|s| &mut s.free)
        {
            for places in b.places.values_mut().flat_map(|d| d.values_mut()) {
                removed += (*places).max(0);
                *places = 0;
            }
        }
        Ok(n.m.text(
            "variant-close-creche",
            &args! {"creche" => n.creche(creche), "removed" => removed},
        ))
    }

    fn open_creche(
        &mut self,
        creche: &InstanceCreche,
        wished_after: &str,
        path: &str,
        n: &Names,
    ) -> Result<String, Problem> {
        let inst = &mut self.instance;
        if inst.creches.iter().any(|c| c.id == creche.id) {
            return Err(Problem::new(
                format!("{path}.creche.id"),
                &creche.id,
                "crèche already in the instance (places changes its free places)",
            ));
        }
        find_creche(inst, wished_after, &format!("{path}.wished_after"))?;
        let mut wishing = 0;
        for r in &mut inst.requests {
            if let Some(k) = r.wishes.iter().position(|w| w == wished_after) {
                r.wishes.insert(k + 1, creche.id.clone());
                wishing += 1;
            }
        }
        inst.creches.push(creche.clone());
        Ok(n.m.text(
            "variant-open-creche",
            &args! {"creche" => creche.name.as_str(), "after" => n.creche(wished_after), "n" => wishing},
        ))
    }

    fn remove_criterion(
        &mut self,
        criterion: &str,
        path: &str,
        n: &Names,
    ) -> Result<String, Problem> {
        let inst = &mut self.instance;
        if criterion == RENEWAL_KEY || criterion == NO_SHOW_KEY {
            return Err(Problem::new(
                format!("{path}.criterion"),
                criterion,
                "a history value counts 1 when absent: set it to 0 (set_points) instead",
            ));
        }
        inst.bareme_labels.remove(criterion);
        if inst.bareme.remove(criterion).is_none() {
            return Err(Problem::new(
                format!("{path}.criterion"),
                criterion,
                "criterion not in the barème",
            ));
        }
        let mut touched = 0;
        for r in &mut inst.requests {
            let before = r.criteria.len() + r.creche_criteria.values().map(Vec::len).sum::<usize>();
            r.criteria.retain(|c| c != criterion);
            for cs in r.creche_criteria.values_mut() {
                cs.retain(|c| c != criterion);
            }
            r.creche_criteria.retain(|_, cs| !cs.is_empty());
            let after = r.criteria.len() + r.creche_criteria.values().map(Vec::len).sum::<usize>();
            touched += usize::from(after < before);
        }
        Ok(n.m.text(
            "variant-remove-criterion",
            &args! {"criterion" => n.criterion(criterion), "n" => touched},
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::whatif::scenario::PolicyName;

    fn default() -> Instance {
        crate::io::read_instance(None).unwrap()
    }

    fn run(changes: serde_json::Value) -> Result<Applied, Vec<Problem>> {
        let changes: Vec<Change> = serde_json::from_value(changes).unwrap();
        let m = crate::i18n::Lang::En.messages();
        apply(
            &default(),
            Strategy::Priority,
            &changes,
            "variants[0]",
            &Names::bare(m),
        )
    }

    #[test]
    fn removing_a_criterion_drops_it_from_every_request() {
        let a = run(serde_json::json!([{"change": "remove_criterion", "criterion": "fratrie_meme_commune"}])).unwrap();
        assert!(!a.instance.bareme.contains_key("fratrie_meme_commune"));
        assert!(a.instance.requests.iter().all(|r| {
            !r.criteria
                .iter()
                .chain(r.creche_criteria.values().flatten())
                .any(|c| c == "fratrie_meme_commune")
        }));
        assert!(crate::validate::validate(&a.instance).is_ok());
    }

    #[test]
    fn an_opened_creche_is_wished_just_after_the_named_one() {
        let mut new = default()
            .creches
            .into_iter()
            .find(|c| c.id == "toboggan")
            .unwrap();
        new.id = "toboggan-2".into();
        let a = run(serde_json::json!([{"change": "open_creche", "creche": new, "wished_after": "toboggan"}])).unwrap();
        for r in &a.instance.requests {
            if let Some(k) = r.wishes.iter().position(|w| w == "toboggan") {
                assert_eq!(r.wishes[k + 1], "toboggan-2", "{}", r.id);
            } else {
                assert!(!r.wishes.contains(&"toboggan-2".to_string()));
            }
        }
        assert!(crate::validate::validate(&a.instance).is_ok());
    }

    #[test]
    fn a_closed_creche_keeps_its_sections_with_no_free_place() {
        let a =
            run(serde_json::json!([{"change": "close_creche", "creche": "pirouette"}])).unwrap();
        let c = a
            .instance
            .creches
            .iter()
            .find(|c| c.id == "pirouette")
            .unwrap();
        assert_eq!(c.sections.len(), 3);
        let places = c
            .sections
            .iter()
            .flat_map(|s| &s.free)
            .flat_map(|b| b.places.values());
        assert!(places.flat_map(|d| d.values()).all(|&n| n == 0));
        assert!(
            a.changes[0].starts_with("pirouette closed ("),
            "{}",
            a.changes[0]
        );
        let e =
            run(serde_json::json!([{"change": "close_creche", "creche": "pirouete"}])).unwrap_err();
        assert_eq!(
            (e[0].path.as_str(), e[0].value.as_str()),
            ("variants[0].changes[0].creche", "pirouete")
        );
    }

    #[test]
    fn policy_and_tolerance() {
        let a = run(
            serde_json::json!([{"change": "policy", "policy": "balanced", "fit_weight": 2},
                                       {"change": "tolerance", "days": 10}]),
        )
        .unwrap();
        assert_eq!(a.strategy, PolicyName::Balanced.strategy(Some(2.0)));
        assert_eq!(a.instance.commission.start_tolerance_days, 10);
        let e =
            run(serde_json::json!([{"change": "policy", "policy": "balanced", "fit_weight": -1}]))
                .unwrap_err();
        assert_eq!(e[0].path, "variants[0].changes[0].fit_weight");
    }
}
