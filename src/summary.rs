//! The readable summary the command line prints after a solve, and the next
//! offers of a cascade, in the reader's language ([`crate::i18n`]): crèches
//! by name, sections by label.

use std::fmt::Write;

use crate::args;
use crate::domain::{Allocation, Commission, WaitingEntry};
use crate::i18n::Names;
use crate::solve::Solution;

/// Per crèche and section: free half-days, placed requests, filled half-days,
/// occupancy; then the head of the waiting list.
pub fn render(c: &Commission, solution: &Solution, waiting_head: usize, n: &Names) -> String {
    let a = &solution.allocation;
    let mut out = String::new();
    header(&mut out, c, a, n);
    timings(&mut out, solution, n);
    body(&mut out, c, a, waiting_head, n);
    out
}

/// [`render`] of an allocation without its timings (the allocation under
/// the commission's decisions, made of several solves).
pub fn render_allocation(c: &Commission, a: &Allocation, waiting_head: usize, n: &Names) -> String {
    let mut out = String::new();
    header(&mut out, c, a, n);
    out.push('\n');
    body(&mut out, c, a, waiting_head, n);
    out
}

/// The consequences of each of the commission's decisions: its reason, then
/// what it does to the other families.
pub fn render_consequences(list: &[crate::decide::Consequence], n: &Names) -> String {
    let t = n.m;
    let mut out = String::new();
    let _ = writeln!(out, "{}", t.t("summary-decisions"));
    for x in list {
        let _ = writeln!(
            out,
            "{}",
            t.text(
                "summary-decision",
                &args! {
                    "number" => x.decision + 1,
                    "summary" => x.summary.as_str(),
                    "reason" => x.reason.as_str(),
                }
            )
        );
    }
    out.push('\n');
    out
}

/// The commission, the policy and status, the solver's figures.
fn header(out: &mut String, c: &Commission, a: &Allocation, n: &Names) {
    let t = n.m;
    let commission = args! {
        "id" => c.id(),
        "date" => t.day_date(c.date()),
        "from" => t.day_date(c.entry_from()),
        "to" => t.day_date(c.entry_to()),
    };
    let _ = writeln!(out, "{}", t.text("summary-commission", &commission));
    let strategy = args! {
        "strategy" => a.strategy.as_deref().unwrap_or("?"),
        "status" => t.status(a.status.as_str()),
        "gap" => gap_text(n, a),
    };
    let _ = writeln!(out, "{}", t.text("summary-strategy", &strategy));
    if a.solver.is_none() && a.status == crate::domain::Status::Feasible {
        let _ = writeln!(out, "{}", t.t("summary-greedy-fallback"));
    }
    if let Some(s) = &a.solver {
        let stages: Vec<String> = (s.objectives.iter())
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        let solver = args! {
            "solves" => s.solves,
            "variables" => t.int(s.variables as i64),
            "rows" => t.int(s.rows as i64),
            "optima" => stages.join(", "),
        };
        let _ = writeln!(out, "{}", t.text("summary-solver", &solver));
    }
}

/// The solve's timings, in milliseconds.
fn timings(out: &mut String, solution: &Solution, n: &Names) {
    let (tm, t) = (&solution.timings, n.m);
    let ms = |d: std::time::Duration| t.number(d.as_secs_f64() * 1000.0, 1);
    let timings = args! {
        "total" => ms(tm.total),
        "options" => ms(tm.options),
        "build" => ms(tm.build),
        "solve" => ms(tm.solve),
        "explain" => ms(tm.explain),
    };
    let _ = writeln!(out, "{}\n", t.text("summary-time", &timings));
}

/// The table per crèche and section, the placed count, the waiting list's head.
fn body(out: &mut String, c: &Commission, a: &Allocation, waiting_head: usize, n: &Names) {
    let t = n.m;
    table(out, c, a, n);
    let m = &a.metrics;
    let _ = writeln!(
        out,
        "\n{}",
        t.text(
            "summary-placed",
            &args! {
                "placed" => m.placed,
                "requests" => m.requests,
                "first-wish" => t.pct(m.first_wish_rate),
                "inversions" => m.priority_inversions,
            }
        )
    );
    if !a.waiting_list.is_empty() {
        waiting(out, &a.waiting_list, waiting_head, n);
    }
}

/// A line of the table: name, section, then the right-aligned figures.
fn line(out: &mut String, name: &str, section: &str, figures: [&str; 4]) {
    let _ = writeln!(
        out,
        "{:<28} {:<14} {:>9} {:>7} {:>7} {:>9}",
        cut(name, 28),
        cut(section, 14),
        figures[0],
        figures[1],
        figures[2],
        figures[3]
    );
}

fn table(out: &mut String, c: &Commission, a: &Allocation, n: &Names) {
    let t = n.m;
    let head: Vec<String> = [
        "summary-col-creche",
        "summary-col-section",
        "summary-col-free",
        "summary-col-placed",
        "summary-col-filled",
        "summary-col-occupancy",
    ]
    .iter()
    .map(|id| t.t(id))
    .collect();
    line(
        out,
        &head[0],
        &head[1],
        [&head[2], &head[3], &head[4], &head[5]],
    );
    for cr in c.creches() {
        for s in &cr.sections {
            let free: u64 = s.blocks.iter().map(|b| b.half_days()).sum();
            let here: Vec<_> = (a.assignments.iter())
                .filter(|x| x.creche == cr.id && x.section == s.id)
                .collect();
            let filled: u64 = here.iter().map(|x| x.half_days as u64).sum();
            let figures = [
                free.to_string(),
                here.len().to_string(),
                filled.to_string(),
                t.pct_of(filled, free),
            ];
            let f: Vec<&str> = figures.iter().map(String::as_str).collect();
            line(
                out,
                &cr.name,
                &n.section(&cr.id, &s.id),
                [f[0], f[1], f[2], f[3]],
            );
        }
    }
    let m = &a.metrics;
    let figures = [
        m.free_half_days.to_string(),
        m.placed.to_string(),
        m.places_filled_half_days.to_string(),
        t.pct(m.occupancy),
    ];
    let f: Vec<&str> = figures.iter().map(String::as_str).collect();
    line(out, &t.t("summary-total"), "", [f[0], f[1], f[2], f[3]]);
}

/// The head of a waiting list, each request with its reason at each wish.
fn waiting(out: &mut String, list: &[WaitingEntry], head: usize, n: &Names) {
    let t = n.m;
    let _ = writeln!(
        out,
        "\n{}",
        t.text(
            "summary-waiting",
            &args! {"shown" => head.min(list.len()), "n" => list.len()}
        )
    );
    for w in list.iter().take(head) {
        let pts = t.text("points-short", &args! {"points" => t.int(w.points)});
        let _ = writeln!(out, "  {:>3}. {} ({pts})", w.position, w.request);
        for r in &w.reasons {
            let at = t.text(
                "reason-at",
                &args! {"creche" => n.creche(&r.creche), "reason" => n.wish_reason(r)},
            );
            let _ = writeln!(out, "       {at}");
        }
    }
}

/// The next offers of a cascade, then the head of the waiting list.
pub fn render_cascade(c: &crate::cascade::Cascade, waiting_head: usize, n: &Names) -> String {
    let t = n.m;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        t.text(
            "cascade-head",
            &args! {
                "id" => c.commission_id.as_str(),
                "as-of" => t.date(&c.as_of),
                "n" => c.new_offers.len(),
            }
        )
    );
    for o in &c.new_offers {
        let _ = writeln!(
            out,
            "  {}",
            t.text(
                "cascade-offer",
                &args! {
                    "request" => o.request.as_str(),
                    "points" => t.int(o.points),
                    "creche" => n.creche(&o.creche),
                    "section" => n.section(&o.creche, &o.section),
                    "block" => o.block,
                    "date" => t.date(&o.entry_date),
                    "rank" => o.wish_rank,
                    "answer-by" => t.date(&o.answer_by),
                }
            )
        );
    }
    let cancelled: Vec<&str> = (c.lifecycle.iter())
        .filter(|l| l.cancelled)
        .map(|l| l.request.as_str())
        .collect();
    if !cancelled.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            t.text("cascade-cancelled", &args! {"list" => cancelled.join(", ")})
        );
    }
    waiting(&mut out, &c.waiting_list, waiting_head, n);
    out
}

fn gap_text(n: &Names, a: &Allocation) -> String {
    let t = n.m;
    match a.gap {
        Some(g) if g.is_finite() => t.text(
            "summary-gap",
            &args! {"gap" => format!("{}\u{a0}%", t.number(100.0 * g, 4))},
        ),
        Some(_) => t.t("summary-gap-unknown"),
        None => String::new(),
    }
}

/// The first `n` characters (a terminal column; the full names are in the
/// documents).
fn cut(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}
