//! The procès-verbal (minutes) of a commission, as a document model that the
//! Markdown and HTML writers render.
//!
//! The rules say files are presented anonymously and the Guichet Unique
//! writes minutes after each commission. So the minutes name requests by id
//! only and show of each request nothing but ids, dates, points and its
//! planning: never a criterion of its own (the barème in force is shown, not
//! who has which criterion), the family's commune, a child's birth date.
//! Crèches, sections and criteria are public: they are shown by the names a
//! reader knows ([`Names`]), in the document's language ([`Lang`]; French by
//! default, the procès-verbal being a French official document).
//! Everything is read from the allocation (reasons, notes, metrics) and the
//! shared helpers (capacity use, inversions, offer order), so the minutes say
//! what the allocation says. The footer lets anyone re-run the same
//! allocation and check it byte for byte.

use crate::domain::allocation::Cutoff;
use crate::domain::{Allocation, Commission, Metrics, SlotSet, WaitingEntry, WeekGrid};
use crate::error::Result;
use crate::i18n::{Lang, Messages, Names};
use crate::io;
use crate::rules::{self, RequestOptions};
use crate::solve::load::Load;
use crate::solve::metrics::inversions;
use crate::solve::order::tie_order;
use crate::solve::{settings, Placement, SolveOptions, SolverSettings};

use super::recorded::sha256_hex;
use super::suggest::Suggestions;
use crate::decide::{Consequence, Decisions};
use crate::solve::cutoff::cutoffs;

/// What the allocation file does not record about how it was made.
#[derive(Debug, Clone)]
pub struct RunInfo {
    /// SHA-256 of the instance exactly as read (see [`super::recorded::sha256_hex`]).
    pub input_sha256: String,
    /// HiGHS threads of the solve (1 keeps results reproducible).
    pub threads: u32,
    /// Seconds, when the solve had a time limit.
    pub time_limit: Option<f64>,
}

impl RunInfo {
    /// The run of an instance with SHA-256 `input_sha256`, solved with
    /// `settings` (its threads and time limit; the seed is the commission's,
    /// and diagnostics change nothing of the allocation).
    pub fn new(input_sha256: String, settings: &SolverSettings) -> RunInfo {
        RunInfo {
            input_sha256,
            threads: settings.threads,
            time_limit: settings.time_limit.map(|d| d.as_secs_f64()),
        }
    }
}

/// The commission's decisions as the minutes record them: the file's
/// SHA-256 (as read), the decisions checked, the consequences of each (in
/// the document's language).
#[derive(Debug, Clone)]
pub struct Recorded {
    pub sha256: String,
    pub decisions: Decisions,
    pub consequences: Vec<Consequence>,
}

impl Recorded {
    /// The decisions file `text` (named `origin` in its problems) read,
    /// checked against `c`, and the consequences of each decision computed
    /// as `opts` say (the allocation's policy, the document's language).
    pub fn new(c: &Commission, text: &str, origin: &str, opts: &SolveOptions) -> Result<Recorded> {
        let file = io::parse_json_as(text, origin)?;
        let decisions = crate::decide::check(c, &file)?;
        let ruling = crate::decide::decide(c, &decisions, opts)?;
        Ok(Recorded {
            sha256: sha256_hex(text.as_bytes()),
            decisions,
            consequences: ruling.consequences,
        })
    }
}

/// Everything the minutes say, in the order they say it.
pub struct Minutes<'a> {
    /// The document's language.
    pub m: &'static Messages,
    pub names: Names<'a>,
    pub c: &'a Commission,
    pub alloc: &'a Allocation,
    pub policy: String,
    pub sections: Vec<SectionPart>,
    pub waiting: &'a [WaitingEntry],
    pub departures: Vec<Departure>,
    pub metrics: &'a Metrics,
    /// Every request's place, as adopted.
    pub placements: Vec<Option<Placement>>,
    pub footer: Footer,
    pub suggestions: Option<&'a Suggestions>,
    /// The commission's decisions, when it made any.
    pub decisions: Option<DecisionsPart>,
}

/// The section "Décisions de la commission".
pub struct DecisionsPart {
    /// Each decision in order: what, why, what it costs the others.
    pub items: Vec<DecisionItem>,
    /// Places held out of the allocation, in words (a reservation each).
    pub held: Vec<String>,
    /// The departures from points order the decisions caused.
    pub departures: Vec<Departure>,
}

pub struct DecisionItem {
    /// Numbered from 1.
    pub number: usize,
    /// `placer D-0044 à Toboggan`.
    pub decision: String,
    /// The commission's reason.
    pub reason: String,
    /// The consequences in words.
    pub consequences: String,
}

/// One section of one crèche.
pub struct SectionPart {
    pub creche: String,
    pub section: String,
    pub blocks: Vec<BlockPart>,
    pub placed: Vec<PlacedRow>,
    pub free_half_days: u64,
    pub filled_half_days: u64,
    pub cutoff: Option<Cutoff>,
}

/// Free places of one block, per slot (rows) and day (columns).
pub struct BlockPart {
    pub available_from: String,
    pub free: Vec<Vec<u32>>,
    pub used: Vec<Vec<u32>>,
}

pub struct PlacedRow {
    pub request: String,
    pub points: i64,
    pub wish_rank: usize,
    pub entry_date: String,
    pub block: usize,
    pub half_days: u32,
    pub planning: String,
}

/// A request placed ahead of one with more points at that crèche.
#[derive(Clone)]
pub struct Departure {
    pub creche: String,
    pub placed: String,
    pub placed_points: i64,
    pub passed_over: String,
    pub passed_over_points: i64,
    pub justification: String,
}

/// How to reproduce the allocation.
pub struct Footer {
    pub input_sha256: String,
    pub allocation_sha256: String,
    pub program: String,
    pub highs: String,
    pub strategy: String,
    pub status: String,
    pub threads: u32,
    pub time_limit: Option<f64>,
    /// The commission's seed (the tie-break draw).
    pub seed: u64,
    /// HiGHS' `random_seed`, from the commission's ([`settings::seed`]).
    pub highs_seed: i32,
    pub command: String,
    /// SHA-256 of the decisions file, when the commission made decisions.
    pub decisions_sha256: Option<String>,
}

impl<'a> Minutes<'a> {
    pub fn build(
        c: &'a Commission,
        alloc: &'a Allocation,
        run: &RunInfo,
        lang: Lang,
        suggestions: Option<&'a Suggestions>,
    ) -> Result<Self> {
        let m = lang.messages();
        let options = rules::resolve(c);
        let placements = crate::adopt::adopt(c, &options, alloc)?.into_placements();
        let strategy = alloc
            .strategy
            .clone()
            .unwrap_or_else(|| "unrecorded".into());
        let cut = if alloc.cutoffs.is_empty() {
            cutoffs(c, &options, &placements)
        } else {
            alloc.cutoffs.clone()
        };
        Ok(Minutes {
            m,
            names: Names::of(c, m),
            c,
            alloc,
            policy: m.t(policy_words(&strategy)),
            sections: sections(c, m, &options, &placements, &cut),
            waiting: &alloc.waiting_list,
            departures: departures(c, m, &options, &placements, alloc),
            metrics: &alloc.metrics,
            placements: placements.clone(),
            footer: Footer {
                input_sha256: run.input_sha256.clone(),
                allocation_sha256: sha256_hex(io::to_json(alloc).as_bytes()),
                program: format!("creche-alloc {}", env!("CARGO_PKG_VERSION")),
                highs: crate::solve::model::highs_version(),
                command: command(&strategy, run, words_language(c, alloc)),
                strategy,
                status: alloc.status.as_str().to_string(),
                threads: run.threads,
                time_limit: run.time_limit,
                seed: c.seed(),
                highs_seed: settings::seed(c),
                decisions_sha256: None,
            },
            suggestions,
            decisions: None,
        })
    }
}

/// The message of the policy, from the allocation's strategy.
fn policy_words(strategy: &str) -> &'static str {
    if strategy.starts_with("optimal/priority") {
        "policy-priority"
    } else if strategy.starts_with("optimal/balanced") {
        "policy-balanced"
    } else if strategy == "greedy" {
        "policy-greedy"
    } else {
        "policy-recorded"
    }
}

/// The command that re-runs the solve; `words` is the language of the
/// allocation's words (French, the default, needs no flag).
fn command(strategy: &str, run: &RunInfo, words: Option<Lang>) -> String {
    let how = if strategy == "greedy" {
        "--strategy greedy".to_string()
    } else if let Some(w) = strategy
        .strip_prefix("optimal/balanced(fit_weight=")
        .and_then(|s| s.strip_suffix(')'))
    {
        format!("--policy balanced --fit-weight {w}")
    } else {
        "--policy priority".to_string()
    };
    let limit = run
        .time_limit
        .map(|t| format!(" --time-limit {t}"))
        .unwrap_or_default();
    let lang = match words {
        Some(Lang::En) => " --lang en",
        _ => "",
    };
    format!(
        "creche-alloc solve INSTANCE {how} --threads {}{limit}{lang} --out allocation.json",
        run.threads
    )
}

/// The language the allocation's words were written in: that of its first
/// coded reason or note whose words are that language's; `None` when no
/// reason says.
fn words_language(c: &Commission, alloc: &Allocation) -> Option<Lang> {
    let wish = (alloc.assignments.iter().flat_map(|a| &a.reasons))
        .chain(alloc.waiting_list.iter().flat_map(|w| &w.reasons))
        .find(|w| w.code.is_some());
    let note = alloc.assignments.iter().find(|a| a.note_code.is_some());
    [Lang::Fr, Lang::En].into_iter().find(|&lang| {
        let names = Names::of(c, lang.messages());
        match (wish, note) {
            (Some(w), _) => names.wish_reason(w) == w.reason,
            (None, Some(a)) => names.note(a) == a.note,
            (None, None) => false,
        }
    })
}

fn sections(
    c: &Commission,
    m: &Messages,
    options: &[RequestOptions],
    placements: &[Option<Placement>],
    cut: &[Cutoff],
) -> Vec<SectionPart> {
    let load = Load::of(c, placements);
    let rank = tie_rank(c);
    let (days, slots) = (c.week().days.len(), c.week().slots.len());
    let mut out = Vec::new();
    for (ci, creche) in c.creches().iter().enumerate() {
        for (si, section) in creche.sections.iter().enumerate() {
            let blocks = section
                .blocks
                .iter()
                .enumerate()
                .map(|(bi, b)| {
                    let grid = |f: &dyn Fn(usize) -> u32| -> Vec<Vec<u32>> {
                        (0..slots)
                            .map(|s| (0..days).map(|d| f(c.week().slot_index(d, s))).collect())
                            .collect()
                    };
                    BlockPart {
                        available_from: b.available_from.to_string(),
                        free: grid(&|h| b.capacity[h]),
                        used: grid(&|h| load.used_in(ci, si, bi, h)),
                    }
                })
                .collect();
            let mut here: Vec<(usize, Placement)> = placements
                .iter()
                .enumerate()
                .filter_map(|(r, p)| {
                    p.filter(|p| p.creche == ci && p.opt.section == si)
                        .map(|p| (r, p))
                })
                .collect();
            let points = |r: usize, p: &Placement| options[r].wishes[p.wish].points;
            here.sort_by_key(|(r, p)| (std::cmp::Reverse(points(*r, p)), rank[*r]));
            let placed: Vec<PlacedRow> = here
                .iter()
                .map(|(r, p)| PlacedRow {
                    request: c.requests()[*r].id.clone(),
                    points: points(*r, p),
                    wish_rank: p.wish + 1,
                    entry_date: p.opt.entry.to_string(),
                    block: p.opt.block,
                    half_days: options[*r].half_days,
                    planning: planning_text(m, c.week(), c.requests()[*r].planning),
                })
                .collect();
            out.push(SectionPart {
                creche: creche.id.clone(),
                section: section.id.clone(),
                blocks,
                free_half_days: section.blocks.iter().map(|b| b.half_days()).sum(),
                filled_half_days: placed.iter().map(|p| p.half_days as u64).sum(),
                placed,
                cutoff: cut
                    .iter()
                    .find(|x| x.creche == creche.id && x.section == section.id)
                    .cloned(),
            });
        }
    }
    out
}

/// Position of each request in the tie order (earlier request, then draw).
fn tie_rank(c: &Commission) -> Vec<usize> {
    let mut order: Vec<usize> = (0..c.requests().len()).collect();
    tie_order(c, &mut order);
    let mut rank = vec![0; order.len()];
    for (k, &r) in order.iter().enumerate() {
        rank[r] = k;
    }
    rank
}

fn departures(
    c: &Commission,
    m: &Messages,
    options: &[RequestOptions],
    placements: &[Option<Placement>],
    alloc: &Allocation,
) -> Vec<Departure> {
    let names = Names::of(c, m);
    let mut out: Vec<Departure> = inversions(c, options, placements)
        .into_iter()
        .map(|i| {
            let placed = &c.requests()[i.lower].id;
            let lower = placements[i.lower].map_or(0, |p| options[i.lower].wishes[p.wish].points);
            let higher = options[i.higher].wish_at(i.creche).map_or(0, |w| w.points);
            Departure {
                creche: c.creches()[i.creche].id.clone(),
                placed: placed.clone(),
                placed_points: lower,
                passed_over: c.requests()[i.higher].id.clone(),
                passed_over_points: higher,
                justification: alloc
                    .assignments
                    .iter()
                    .find(|a| &a.request == placed)
                    .and_then(|a| names.note(a))
                    .unwrap_or_else(|| m.t("minutes-no-justification")),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (&a.creche, &a.placed, &a.passed_over).cmp(&(&b.creche, &b.placed, &b.passed_over))
    });
    out
}

/// A planning in words: `lun.–mer., jeu. matin` (`Mon–Wed, Thu am`); runs
/// of whole days are joined.
pub fn planning_text(m: &Messages, week: &WeekGrid, planning: SlotSet) -> String {
    let n = week.slots.len();
    let mut parts: Vec<String> = Vec::new();
    let mut run: Option<(usize, usize)> = None;
    let flush = |run: &mut Option<(usize, usize)>, parts: &mut Vec<String>| {
        if let Some((a, b)) = run.take() {
            parts.push(if a == b {
                m.day(&week.days[a])
            } else {
                format!("{}–{}", m.day(&week.days[a]), m.day(&week.days[b]))
            });
        }
    };
    for (d, day) in week.days.iter().enumerate() {
        let here: Vec<usize> = (0..n).filter(|&s| planning.contains(d * n + s)).collect();
        if here.len() == n {
            run = Some(run.map_or((d, d), |(a, _)| (a, d)));
            continue;
        }
        flush(&mut run, &mut parts);
        if !here.is_empty() {
            let slots: Vec<String> = here.iter().map(|&s| m.slot(&week.slots[s].id)).collect();
            parts.push(format!("{} {}", m.day(day), slots.join("+")));
        }
    }
    flush(&mut run, &mut parts);
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::slots::SlotDef;

    #[test]
    fn plannings_read_as_runs_of_days_and_half_days() {
        let slot = |id: &str| SlotDef {
            id: id.into(),
            start: 0,
            end: 1,
        };
        let week = WeekGrid {
            days: ["mon", "tue", "wed", "thu", "fri"]
                .map(String::from)
                .to_vec(),
            slots: vec![slot("am"), slot("pm")],
        };
        let set = |hs: &[usize]| {
            let mut s = SlotSet::EMPTY;
            hs.iter().for_each(|&h| s.insert(h));
            s
        };
        let (en, fr) = (Lang::En.messages(), Lang::Fr.messages());
        assert_eq!(
            planning_text(en, &week, set(&[0, 1, 2, 3, 4, 5, 6])),
            "Mon–Wed, Thu am"
        );
        assert_eq!(planning_text(en, &week, set(&[1, 8, 9])), "Mon pm, Fri");
        assert_eq!(planning_text(en, &week, set(&[0, 1, 4, 5])), "Mon, Wed");
        assert_eq!(
            planning_text(fr, &week, set(&[0, 1, 2, 3, 4, 5, 6])),
            "lun.–mer., jeu. matin"
        );
        assert_eq!(
            planning_text(fr, &week, set(&[1, 8, 9])),
            "lun. après-midi, ven."
        );
    }

    #[test]
    fn the_command_follows_the_strategy() {
        let run = RunInfo {
            input_sha256: String::new(),
            threads: 1,
            time_limit: None,
        };
        assert!(command("optimal/priority", &run, None).contains("--policy priority --threads 1"));
        assert!(command("optimal/balanced(fit_weight=0.5)", &run, None)
            .contains("--policy balanced --fit-weight 0.5"));
        assert!(
            command("greedy", &run, Some(Lang::Fr)).ends_with("--threads 1 --out allocation.json")
        );
        assert!(command("greedy", &run, Some(Lang::En)).contains("--threads 1 --lang en --out"));
    }
}
