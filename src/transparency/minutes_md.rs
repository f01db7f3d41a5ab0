//! The minutes as Markdown, and the sentences the HTML writer shares with it
//! (one wording for both formats, from the message files of [`crate::i18n`]).

use std::fmt::Write;

use super::minutes::{BlockPart, Footer, Minutes};
use super::suggest::{RequestSuggestions, Suggestion};
use crate::args;
use crate::domain::allocation::{Cutoff, RankedRequest, WishReason};
use crate::domain::WeekGrid;
use crate::i18n::{Messages, Names};

pub fn title(m: &Minutes) -> String {
    m.m.text("minutes-title", &args! {"id" => m.c.id()})
}

/// The opening paragraph.
pub fn intro(m: &Minutes) -> String {
    let (c, t) = (m.c, m.m);
    t.text(
        "minutes-intro",
        &args! {
            "date" => t.day_date(c.date()),
            "from" => t.day_date(c.entry_from()),
            "to" => t.day_date(c.entry_to()),
            "tolerance" => c.start_tolerance_days(),
        },
    )
}

/// The policy and the status of the solve.
pub fn policy(m: &Minutes) -> String {
    let t = m.m;
    let gap = match m.alloc.gap {
        Some(g) if g.is_finite() => t.text(
            "minutes-gap",
            &args! {"gap" => format!("{}\u{a0}%", t.number(100.0 * g, 4))},
        ),
        Some(_) => t.t("minutes-gap-unknown"),
        None => String::new(),
    };
    t.text(
        "minutes-policy",
        &args! {
            "strategy" => m.footer.strategy.as_str(),
            "status" => t.status(&m.footer.status),
            "gap" => gap,
            "policy" => m.policy.as_str(),
        },
    )
}

/// The barème rows (label, points as counted: a malus negative), then how
/// history counts.
pub fn bareme(m: &Minutes) -> (Vec<(String, String)>, String) {
    let (b, t) = (m.c.bareme(), m.m);
    let rows = b
        .values
        .iter()
        .map(|(k, v)| {
            let counted = if k == crate::domain::commission::NO_SHOW_KEY {
                -v
            } else {
                *v
            };
            (m.names.criterion(k), t.signed(counted))
        })
        .collect::<Vec<_>>();
    // In the order a reader looks them up: by the words shown.
    let mut rows = rows;
    rows.sort_by_key(|(label, _)| label.to_lowercase());
    let note = t.text(
        "minutes-history",
        &args! {
            "renewal" => t.signed(b.renewal_bonus()),
            "malus" => t.signed(-b.no_show_malus()),
        },
    );
    (rows, note)
}

pub fn summary(m: &Minutes) -> Vec<String> {
    let (x, t) = (m.metrics, m.m);
    vec![
        t.text(
            "minutes-summary-requests",
            &args! {"requests" => x.requests, "placed" => x.placed, "waiting" => m.waiting.len()},
        ),
        t.text(
            "minutes-summary-half-days",
            &args! {
                "filled" => t.int(x.places_filled_half_days as i64),
                "free" => t.int(x.free_half_days as i64),
                "pct" => t.pct_of(x.places_filled_half_days, x.free_half_days),
            },
        ),
        t.text(
            "minutes-summary-first-wish",
            &args! {"pct" => t.pct(x.first_wish_rate)},
        ),
        t.text(
            "minutes-summary-departures",
            &args! {"n" => x.priority_inversions},
        ),
    ]
}

/// `dernier placé D-0012 (18 pts) ; premier en attente D-0034 (20 pts)`.
pub fn cutoff_text(t: &Messages, c: &Option<Cutoff>) -> String {
    let side = |x: &Option<RankedRequest>, what: &str, none: &str| match x {
        Some(r) => t.text(
            what,
            &args! {"request" => r.request.as_str(), "points" => t.int(r.points)},
        ),
        None => t.t(none),
    };
    match c {
        Some(c) => t.text(
            "cutoff-both",
            &args! {
                "placed" => side(&c.last_placed, "cutoff-last-placed", "cutoff-nobody-placed"),
                "waiting" => side(&c.first_waiting, "cutoff-first-waiting", "cutoff-nobody-waited"),
            },
        ),
        None => t.t("cutoff-not-computed"),
    }
}

/// The heading of one section: crèche name and section label.
pub fn section_heading(m: &Minutes, s: &super::minutes::SectionPart) -> String {
    format!(
        "{} / {}",
        m.names.creche(&s.creche),
        m.names.section(&s.creche, &s.section)
    )
}

/// The sentence under a section's heading.
pub fn section_line(m: &Minutes, s: &super::minutes::SectionPart) -> String {
    let t = m.m;
    t.text(
        "minutes-section",
        &args! {
            "placed" => s.placed.len(),
            "filled" => t.int(s.filled_half_days as i64),
            "free" => t.int(s.free_half_days as i64),
            "pct" => t.pct_of(s.filled_half_days, s.free_half_days),
        },
    )
}

/// The title of a block's grid.
pub fn block_title(t: &Messages, b: &BlockPart, k: usize, of: usize) -> String {
    let from = t.date(&b.available_from);
    if of == 1 {
        t.text("minutes-block", &args! {"from" => from})
    } else {
        t.text("minutes-block-n", &args! {"k" => k, "from" => from})
    }
}

/// `2/2`, or `–` where the block has no place.
pub fn cell(b: &BlockPart, s: usize, d: usize) -> String {
    if b.free[s][d] == 0 {
        "–".into()
    } else {
        format!("{}/{}", b.used[s][d], b.free[s][d])
    }
}

/// What happens to the other families, in one sentence.
pub fn others_text(n: &Names, s: &Suggestion) -> String {
    let t = n.m;
    if s.others.is_empty() {
        return t.t("others-none");
    }
    let list: Vec<String> = s
        .others
        .iter()
        .map(|o| {
            t.text(
                "others-one",
                &args! {
                    "request" => o.request.as_str(),
                    "points" => t.int(o.points),
                    "kind" => o.kind.words(t),
                    "before" => o.before.as_str(),
                    "after" => o.after.as_str(),
                    "why" => o.why.as_str(),
                },
            )
        })
        .collect();
    let id = if s.within_policy {
        "others-within-policy"
    } else {
        "others-not-policy"
    };
    t.text(id, &args! {"list" => list.join(" ; ")})
}

/// One request's suggestions in words, one line each.
pub fn suggestion_lines(n: &Names, rs: &RequestSuggestions) -> Vec<String> {
    let t = n.m;
    let mut lines = if rs.suggestions.is_empty() {
        vec![rs.note.clone().unwrap_or_default()]
    } else {
        Vec::new()
    };
    lines.extend(rs.suggestions.iter().map(|s| {
        let words = match &s.fewest {
            Some(f) => format!("{} [{f}]", s.words),
            None => s.words.clone(),
        };
        t.text(
            "suggestion-line",
            &args! {"words" => words, "others" => others_text(n, s)},
        )
    }));
    if !rs.not_enough.is_empty() {
        let tried: Vec<String> = rs.not_enough.iter().map(|c| c.words(n)).collect();
        lines.push(t.text("suggest-not-enough", &args! {"list" => tried.join(" ; ")}));
    }
    lines
}

/// Label and value of each footer line.
pub fn footer_rows(t: &Messages, f: &Footer) -> Vec<(String, String)> {
    let limit = f
        .time_limit
        .map_or(t.t("footer-no-limit"), |x| format!("{x} s"));
    let mut rows = vec![
        (t.t("footer-input"), f.input_sha256.clone()),
        (t.t("footer-allocation"), f.allocation_sha256.clone()),
        (t.t("footer-program"), f.program.clone()),
        ("HiGHS".to_string(), f.highs.clone()),
        (
            t.t("footer-options"),
            t.text(
                "footer-options-value",
                &args! {
                    "strategy" => f.strategy.as_str(),
                    "threads" => f.threads,
                    "limit" => limit,
                    "seed" => f.highs_seed.to_string(),
                },
            ),
        ),
        (t.t("footer-seed"), f.seed.to_string()),
        (t.t("footer-rerun"), f.command.clone()),
    ];
    if let Some(sha) = &f.decisions_sha256 {
        rows.insert(1, (t.t("footer-decisions"), sha.clone()));
    }
    rows
}

/// Whether a re-run gives the same bytes, in words.
pub fn reproducible(t: &Messages, f: &Footer) -> String {
    if f.status == "feasible" || f.time_limit.is_some() {
        t.t("footer-not-reproducible")
    } else {
        t.t("footer-reproducible")
    }
}

/// `Toboggan : <the allocation's reason>`, worded in the document's
/// language from its code and parameters.
pub fn reason_at(m: &Minutes, r: &WishReason) -> String {
    m.m.text(
        "reason-at",
        &args! {"creche" => m.names.creche(&r.creche), "reason" => m.names.wish_reason(r)},
    )
}

fn esc(s: &str) -> String {
    s.replace('|', "\\|")
}

fn grid(out: &mut String, t: &Messages, week: &WeekGrid, b: &BlockPart) {
    let days: Vec<String> = week.days.iter().map(|d| t.day(d)).collect();
    let _ = writeln!(out, "| | {} |", days.join(" | "));
    let _ = writeln!(out, "|---|{}", "---|".repeat(week.days.len()));
    for (s, slot) in week.slots.iter().enumerate() {
        let cells: Vec<String> = (0..week.days.len()).map(|d| cell(b, s, d)).collect();
        let _ = writeln!(out, "| {} | {} |", t.slot(&slot.id), cells.join(" | "));
    }
}

/// `| a | b |` and its rule, from message ids.
fn header_row(t: &Messages, ids: &[&str]) -> String {
    let cols: Vec<String> = ids.iter().map(|id| t.t(id)).collect();
    format!("| {} |\n|{}\n", cols.join(" | "), "---|".repeat(ids.len()))
}

/// The columns of the placed requests' table.
pub const PLACED_COLUMNS: [&str; 7] = [
    "col-request",
    "col-points",
    "col-wish",
    "col-entry",
    "col-block",
    "col-half-days",
    "col-planning",
];

/// The columns of the departures' table.
pub const DEPARTURE_COLUMNS: [&str; 4] = [
    "col-creche",
    "col-placed",
    "col-ahead-of",
    "col-justification",
];

fn sections(o: &mut String, m: &Minutes) {
    let t = m.m;
    for s in &m.sections {
        let _ = writeln!(
            o,
            "\n### {}\n\n{} {}\n",
            section_heading(m, s),
            section_line(m, s),
            t.text(
                "minutes-cutoff",
                &args! {"cutoff" => cutoff_text(t, &s.cutoff)}
            )
        );
        for (k, b) in s.blocks.iter().enumerate() {
            let _ = writeln!(o, "{}\n", block_title(t, b, k, s.blocks.len()));
            grid(o, t, m.c.week(), b);
            o.push('\n');
        }
        if !s.placed.is_empty() {
            o.push_str(&header_row(t, &PLACED_COLUMNS));
            for p in &s.placed {
                let _ = writeln!(
                    o,
                    "| {} | {} | {} | {} | {} | {} | {} |",
                    esc(&p.request),
                    t.int(p.points),
                    p.wish_rank,
                    t.date(&p.entry_date),
                    p.block,
                    p.half_days,
                    p.planning
                );
            }
        }
    }
}

fn waiting_and_departures(o: &mut String, m: &Minutes) {
    let t = m.m;
    let _ = writeln!(o, "\n## {}\n", t.t("minutes-waiting"));
    if m.waiting.is_empty() {
        let _ = writeln!(o, "{}", t.t("minutes-nobody-waits"));
    }
    for w in m.waiting {
        let _ = writeln!(
            o,
            "{}. **{}** ({})",
            w.position,
            w.request,
            t.text("points-short", &args! {"points" => t.int(w.points)})
        );
        for r in &w.reasons {
            let _ = writeln!(o, "   - {}", reason_at(m, r));
        }
    }
    let _ = writeln!(o, "\n## {}\n", t.t("minutes-departures"));
    if m.departures.is_empty() {
        let _ = writeln!(o, "{}", t.t("minutes-no-departure"));
        return;
    }
    departure_rows(o, m, &m.departures);
}

fn departure_rows(o: &mut String, m: &Minutes, list: &[super::minutes::Departure]) {
    let t = m.m;
    o.push_str(&header_row(t, &DEPARTURE_COLUMNS));
    for d in list {
        let pts = |p: i64| t.text("points-short", &args! {"points" => t.int(p)});
        let _ = writeln!(
            o,
            "| {} | {} ({}) | {} ({}) | {} |",
            esc(&m.names.creche(&d.creche)),
            esc(&d.placed),
            pts(d.placed_points),
            esc(&d.passed_over),
            pts(d.passed_over_points),
            esc(&d.justification)
        );
    }
}

/// The section "Décisions de la commission", when the commission made any.
fn decisions(o: &mut String, m: &Minutes) {
    let Some(d) = &m.decisions else {
        return;
    };
    let t = m.m;
    let _ = writeln!(
        o,
        "\n## {}\n\n{}\n",
        t.t("minutes-decisions"),
        t.t("minutes-decisions-intro")
    );
    for x in &d.items {
        let _ = writeln!(
            o,
            "{}. **{}** — {}",
            x.number,
            esc(&x.decision),
            esc(&decision_reason(t, x))
        );
        let _ = writeln!(o, "   - {}", esc(&consequences_line(t, x)));
    }
    if !d.held.is_empty() {
        let _ = writeln!(o, "\n### {}\n", t.t("minutes-held-title"));
        for h in &d.held {
            let _ = writeln!(o, "- {h}");
        }
    }
    let _ = writeln!(o, "\n### {}\n", t.t("minutes-decision-departures"));
    if d.departures.is_empty() {
        let _ = writeln!(o, "{}", t.t("minutes-decision-no-departure"));
    } else {
        departure_rows(o, m, &d.departures);
    }
}

/// `motif : …`: the commission's reason.
pub fn decision_reason(t: &Messages, x: &super::minutes::DecisionItem) -> String {
    t.text(
        "minutes-decision-reason",
        &args! {"reason" => x.reason.as_str()},
    )
}

pub fn consequences_line(t: &Messages, x: &super::minutes::DecisionItem) -> String {
    t.text(
        "minutes-decision-consequences",
        &args! {"consequences" => x.consequences.as_str()},
    )
}

pub fn render(m: &Minutes) -> String {
    let t = m.m;
    let mut o = String::new();
    let _ = writeln!(o, "# {}\n\n{}\n\n{}\n", title(m), intro(m), policy(m));
    let _ = writeln!(o, "## {}\n", t.t("minutes-summary"));
    for line in summary(m) {
        let _ = writeln!(o, "- {line}");
    }
    let (rows, note) = bareme(m);
    let _ = write!(
        o,
        "\n## {}\n\n{}",
        t.t("minutes-bareme"),
        header_row(t, &["col-criterion", "col-points"])
    );
    for (k, v) in rows {
        let _ = writeln!(o, "| {} | {v} |", esc(&k));
    }
    let _ = writeln!(o, "\n{note}\n\n## {}", t.t("minutes-places"));
    sections(&mut o, m);
    waiting_and_departures(&mut o, m);
    decisions(&mut o, m);
    if let Some(sg) = m.suggestions {
        let _ = writeln!(
            o,
            "\n## {}\n\n{}\n",
            t.t("minutes-suggestions"),
            t.text(
                "minutes-suggestions-intro",
                &args! {"scope" => sg.scope.words(t), "solves" => sg.solves}
            )
        );
        for rs in &sg.requests {
            let _ = writeln!(
                o,
                "- **{}** ({})",
                rs.request,
                t.text(
                    "points-position",
                    &args! {"points" => t.int(rs.points), "position" => rs.position}
                ),
            );
            for line in suggestion_lines(&m.names, rs) {
                let _ = writeln!(o, "  - {line}");
            }
        }
    }
    let _ = writeln!(
        o,
        "\n## {}\n\n| | |\n|---|---|",
        t.t("minutes-reproducibility")
    );
    for (k, v) in footer_rows(t, &m.footer) {
        let _ = writeln!(o, "| {k} | `{v}` |");
    }
    let _ = writeln!(o, "\n{}", reproducible(t, &m.footer));
    o
}
