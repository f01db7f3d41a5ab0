//! Families and their requests: where they live and work, when and for whom
//! they ask, their planning, wishes, history and criteria. Twins (about 2 %
//! of requests) and siblings of different ages make two requests with a
//! shared `sibling_group`.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::calendar::{date, COMMISSION_DATE, ENTRY_FROM, ENTRY_TO, FIRST_DAY, STREAM_FAMILY};
use super::criteria::{creche_criteria, family_criteria, Situation};
use super::plannings::{draw_planning_kind, planning};
use super::profile::{Force, Kind, Profile};
use super::rng::SplitMix64;
use super::world::{draw_wishes, World};
use crate::domain::instance::{Child, History, Request};

/// Generates families until `count` requests exist; requests are numbered in
/// creation order, twins and siblings consecutively with a shared group.
pub(super) fn families(
    world: &World,
    profile: &Profile,
    count: usize,
    seed: u64,
    force: impl Fn(usize) -> Force,
) -> Vec<Request> {
    let mut out: Vec<Request> = Vec::with_capacity(count);
    let mut groups = 0;
    let mut family = 0;
    let digits = profile.id_digits.max(count.to_string().len());
    while out.len() < count {
        let mut rng = SplitMix64::stream(seed, STREAM_FAMILY, family as u64);
        let mut reqs = family_requests(&mut rng, world, profile, force(family), count - out.len());
        if reqs.len() > 1 {
            groups += 1;
            for r in &mut reqs {
                r.sibling_group = Some(format!("G-{groups:04}"));
            }
        }
        for mut r in reqs {
            r.id = format!("D-{:0digits$}", out.len() + 1);
            out.push(r);
        }
        family += 1;
    }
    out
}

/// One family's requests (one, or two for twins and siblings when `room`
/// allows). The order of the draws is part of the output: changing it changes
/// every generated instance, the shipped ones included.
fn family_requests(
    rng: &mut SplitMix64,
    world: &World,
    p: &Profile,
    force: Force,
    room: usize,
) -> Vec<Request> {
    let kind = draw_kind(rng, p, force, room);
    let home = draw_home(rng, world, p);

    // When, who, how.
    let start = force.start.map(date).unwrap_or_else(|| draw_start(rng));
    let age = force.age_days.unwrap_or_else(|| draw_age(rng, p, kind));
    let birth = start - Duration::days(age);
    let older_birth =
        (kind == Kind::Siblings).then(|| start - Duration::days(rng.range(610, 1040)));
    let kind_of_planning = force.planning.unwrap_or_else(|| draw_planning_kind(rng));
    let planning = planning(rng, kind_of_planning);
    let wishes = draw_wishes(rng, world, home.home, home.near_work.then_some(home.work));

    // History, then the request date it implies (`birth` is the youngest
    // child's: siblings, the baby).
    let history = draw_history(rng, p, force, birth);
    let submitted = draw_submitted(rng, history.renewals, birth);

    let situation = Situation {
        resident: home.resident,
        works_here: home.works_here,
        submitted,
        start,
        kind,
    };
    let drawn = family_criteria(rng, p, &situation);
    let in_structure = force
        .fratrie_structure
        .unwrap_or_else(|| rng.chance(p.p_fratrie_structure));
    // A non-resident's siblings go to school where the family works.
    let sibling_commune =
        drawn
            .sibling_in_commune
            .then_some(if home.resident { home.home } else { home.work });
    let creche_criteria = creche_criteria(rng, world, &wishes, in_structure, sibling_commune);

    let template = Request {
        id: String::new(),
        child: child(birth),
        start: start.to_string(),
        planning,
        wishes: wishes
            .iter()
            .map(|&c| world.creche_ids[c].clone())
            .collect(),
        criteria: drawn.criteria.iter().map(|c| c.to_string()).collect(),
        creche_criteria,
        history,
        sibling_group: None,
        submitted: submitted.to_string(),
        points: None,
    };
    children_of(kind, template, older_birth)
}

/// Single child, twins or siblings (one child when there is no room for two).
fn draw_kind(rng: &mut SplitMix64, p: &Profile, force: Force, room: usize) -> Kind {
    let r = rng.unit();
    let kind = force.kind.unwrap_or(if r < p.p_twins {
        Kind::Twins
    } else if r < p.p_twins + p.p_siblings {
        Kind::Siblings
    } else {
        Kind::Single
    });
    if room < 2 {
        Kind::Single
    } else {
        kind
    }
}

/// Where a family lives and works (commune indices).
struct Home {
    resident: bool,
    home: usize,
    works_here: bool,
    work: usize,
    /// It wishes crèches near its work too.
    near_work: bool,
}

fn draw_home(rng: &mut SplitMix64, world: &World, p: &Profile) -> Home {
    let weights = world.weights();
    let resident = !rng.chance(p.p_non_resident);
    let home = rng.weighted(&weights);
    let works_here = !resident || rng.chance(0.45);
    let work = if works_here && rng.chance(0.5) {
        rng.weighted(&weights)
    } else {
        home
    };
    let near_work = !resident || (work != home && rng.chance(0.4));
    Home {
        resident,
        home,
        works_here,
        work,
        near_work,
    }
}

/// The family's requests from one template: twins share it, siblings get the
/// older child's birth date on the first.
fn children_of(kind: Kind, template: Request, older_birth: Option<NaiveDate>) -> Vec<Request> {
    match kind {
        Kind::Single => vec![template],
        Kind::Twins => vec![template.clone(), template],
        Kind::Siblings => {
            let mut older = template.clone();
            older.child = child(older_birth.expect("siblings have an older child"));
            vec![older, template]
        }
    }
}

/// Renewals, past refusals and no-shows. A request presented at the July
/// commission (entries October-December) needs a child born by late
/// September; at the May one too (entries July-September), by late July.
fn draw_history(rng: &mut SplitMix64, p: &Profile, force: Force, birth: NaiveDate) -> History {
    let presented_once = birth <= date("2026-09-20");
    let presented_twice = birth <= date("2026-07-20");
    let renewals = if rng.chance(p.p_renewal) && presented_once {
        if rng.chance(0.75) || !presented_twice {
            1
        } else {
            2
        }
    } else {
        0
    };
    let family_refusals = if renewals == 0 && presented_once && rng.chance(0.05) {
        if rng.chance(0.8) {
            1
        } else {
            2
        }
    } else {
        0
    };
    let no_shows = force.no_shows.unwrap_or_else(|| {
        if rng.chance(p.p_no_show) {
            if rng.chance(0.9) {
                1
            } else {
                2
            }
        } else {
            0
        }
    });
    History {
        renewals,
        family_refusals,
        no_shows,
    }
}

fn child(birth: NaiveDate) -> Child {
    if birth > date(COMMISSION_DATE) {
        Child {
            birth_date: None,
            expected_birth_date: Some(birth.to_string()),
        }
    } else {
        Child {
            birth_date: Some(birth.to_string()),
            expected_birth_date: None,
        }
    }
}

/// The start date: the first Monday of January, a first of month, or any
/// working day of the quarter.
fn draw_start(rng: &mut SplitMix64) -> NaiveDate {
    let r = rng.unit();
    if r < 0.36 {
        return date(FIRST_DAY);
    }
    if r < 0.40 {
        return date(ENTRY_FROM);
    }
    if r < 0.54 {
        return date("2027-02-01");
    }
    if r < 0.66 {
        return date("2027-03-01");
    }
    let from = date(ENTRY_FROM);
    let days = (date(ENTRY_TO) - from).num_days();
    loop {
        let d = from + Duration::days(rng.range(0, days));
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            return d;
        }
    }
}

/// Age at the start date, in days: mostly babies, then toddlers; a few too
/// young (under 10 weeks) or too old for any section.
fn draw_age(rng: &mut SplitMix64, p: &Profile, kind: Kind) -> i64 {
    if kind == Kind::Siblings {
        return rng.range(90, 330);
    }
    let r = rng.unit();
    if r < p.p_too_young {
        return rng.range(20, 69);
    }
    if r < p.p_too_young + p.p_too_old {
        return rng.range(1495, 1700); // 49 to 55 months
    }
    let r = rng.unit();
    let u = rng.unit();
    if r < 0.52 {
        // 10 weeks to a year, more often young (end of parental leave).
        70 + (295.0 * u * (0.4 + 0.6 * u)) as i64
    } else if r < 0.77 {
        365 + (365.0 * u) as i64
    } else if r < 0.96 {
        730 + (365.0 * u) as i64
    } else {
        // Past 3 years: waiting for school, or school deferred.
        1095 + (270.0 * u) as i64
    }
}

/// The request date: 1 to 12 months before the commission, more often recent;
/// earlier for renewals (presented at the July, then May commission); not before
/// the 4th month of pregnancy.
fn draw_submitted(rng: &mut SplitMix64, renewals: i64, birth: NaiveDate) -> NaiveDate {
    let commission = date(COMMISSION_DATE);
    let mut hi = commission - Duration::days(30);
    if renewals >= 1 {
        hi = hi.min(date("2026-06-14"));
    }
    if renewals >= 2 {
        hi = hi.min(date("2026-04-14"));
    }
    let lo = (commission - Duration::days(365))
        .max(birth - Duration::days(168))
        .min(hi);
    let span = (hi - lo).num_days() as f64;
    let u = rng.unit();
    hi - Duration::days((span * u * u) as i64)
}
