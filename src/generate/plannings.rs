//! Weekly plannings: full time, four days (most often without Wednesday), two
//! or three days, mornings, full days with a morning or two, afternoons, and
//! days split around lunch at home, each family with its own hours.

use std::collections::BTreeMap;

use super::calendar::DAYS;
use super::rng::SplitMix64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PlanningKind {
    FullTime,
    FourNoWednesday,
    FourOther,
    ThreeDays,
    TwoDays,
    Mornings,
    Mixed,
    Afternoons,
    SplitDays,
}

pub(super) fn draw_planning_kind(rng: &mut SplitMix64) -> PlanningKind {
    use PlanningKind::*;
    const KINDS: [(PlanningKind, f64); 9] = [
        (FullTime, 0.38),
        (FourNoWednesday, 0.24),
        (FourOther, 0.06),
        (ThreeDays, 0.12),
        (TwoDays, 0.05),
        (Mornings, 0.04),
        (Mixed, 0.08),
        (Afternoons, 0.01),
        (SplitDays, 0.02),
    ];
    let w: Vec<f64> = KINDS.iter().map(|k| k.1).collect();
    KINDS[rng.weighted(&w)].0
}

const FULL_DAYS: &[&str] = &[
    "08:00-17:30",
    "07:30-18:00",
    "08:30-17:00",
    "07:45-18:15",
    "08:15-17:45",
    "09:00-16:30",
];
const MORNINGS: &[&str] = &["08:00-12:00", "07:30-12:15", "08:30-12:00", "08:00-12:30"];
const AFTERNOONS: &[&str] = &["13:30-18:00", "13:00-18:30", "13:30-17:30"];

/// Day → time ranges for a kind of planning, with the family's own hours.
pub(super) fn planning(rng: &mut SplitMix64, kind: PlanningKind) -> BTreeMap<String, Vec<String>> {
    use PlanningKind::*;
    let full = *rng.pick(FULL_DAYS);
    let morning = *rng.pick(MORNINGS);
    let afternoon = *rng.pick(AFTERNOONS);
    let mut p: Vec<(&str, Vec<&str>)> = Vec::new();
    let days =
        |ds: &[&'static str], range: &'static str| -> Vec<(&'static str, Vec<&'static str>)> {
            ds.iter().map(|&d| (d, vec![range])).collect()
        };
    match kind {
        FullTime => p = days(&DAYS, full),
        FourNoWednesday => p = days(&["mon", "tue", "thu", "fri"], full),
        FourOther => {
            let ds = rng.pick(&[["mon", "tue", "wed", "thu"], ["tue", "wed", "thu", "fri"]]);
            p = days(ds, full);
        }
        ThreeDays => {
            let ds = rng.pick(&[
                ["mon", "tue", "thu"],
                ["mon", "thu", "fri"],
                ["tue", "thu", "fri"],
                ["mon", "tue", "fri"],
                ["mon", "wed", "fri"],
                ["tue", "wed", "thu"],
            ]);
            p = days(ds, full);
        }
        TwoDays => {
            let ds = rng.pick(&[
                ["tue", "thu"],
                ["mon", "thu"],
                ["mon", "tue"],
                ["thu", "fri"],
                ["wed", "fri"],
            ]);
            p = days(ds, full);
        }
        Mornings => {
            let ds: &[&str] = if rng.chance(0.6) {
                &DAYS
            } else {
                &["mon", "tue", "thu", "fri"]
            };
            p = ds.iter().map(|&d| (d, vec![morning])).collect();
        }
        Mixed => {
            // Full days, plus one or two mornings (often Wednesday).
            let (fulls, mornings): (&[&str], &[&str]) = *rng.pick(&[
                (&["mon", "tue", "thu", "fri"][..], &["wed"][..]),
                (&["mon", "tue", "thu"][..], &["wed", "fri"][..]),
                (&["mon", "thu"][..], &["tue", "fri"][..]),
                (&["tue", "wed", "thu"][..], &["mon"][..]),
                (&["mon", "tue", "wed", "thu"][..], &["fri"][..]),
            ]);
            p.extend(fulls.iter().map(|&d| (d, vec![full])));
            p.extend(mornings.iter().map(|&d| (d, vec![morning])));
        }
        Afternoons => {
            p = ["mon", "tue", "thu"]
                .iter()
                .map(|&d| (d, vec![afternoon]))
                .collect();
        }
        SplitDays => {
            // Lunch at home: two ranges a day.
            p = ["mon", "tue", "thu", "fri"]
                .iter()
                .map(|&d| (d, vec!["08:00-11:45", "13:45-17:30"]))
                .collect();
        }
    }
    p.into_iter()
        .map(|(d, rs)| (d.to_string(), rs.iter().map(|r| r.to_string()).collect()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_gives_a_planning_on_week_days() {
        use PlanningKind::*;
        let mut rng = SplitMix64::new(9);
        for kind in [
            FullTime,
            FourNoWednesday,
            FourOther,
            ThreeDays,
            TwoDays,
            Mornings,
            Mixed,
            Afternoons,
            SplitDays,
        ] {
            let p = planning(&mut rng, kind);
            assert!(!p.is_empty(), "{kind:?}");
            assert!(p.keys().all(|d| DAYS.contains(&d.as_str())), "{kind:?}");
            assert!(p.values().all(|r| !r.is_empty()), "{kind:?}");
        }
        assert_eq!(planning(&mut rng, FullTime).len(), 5);
        assert!(!planning(&mut rng, FourNoWednesday).contains_key("wed"));
    }

    #[test]
    fn full_time_is_the_most_common_planning() {
        let mut rng = SplitMix64::new(10);
        let full = (0..1000)
            .filter(|_| draw_planning_kind(&mut rng) == PlanningKind::FullTime)
            .count();
        assert!((300..460).contains(&full), "{full}");
    }
}
