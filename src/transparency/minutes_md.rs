//! The minutes as Markdown, and the sentences the HTML writer shares with it
//! (one wording for both formats).

use std::fmt::Write;

use super::minutes::{BlockPart, Footer, Minutes};
use super::suggest::{RequestSuggestions, Suggestion};
use crate::domain::allocation::Cutoff;
use crate::domain::WeekGrid;

/// `84.9 %`, or `–` for nothing free.
pub fn pct(num: u64, den: u64) -> String {
    if den == 0 {
        "–".into()
    } else {
        format!("{:.1} %", 100.0 * num as f64 / den as f64)
    }
}

pub fn title(m: &Minutes) -> String {
    format!("Procès-verbal of commission {}", m.c.id)
}

/// The opening paragraph.
pub fn intro(m: &Minutes) -> String {
    let c = m.c;
    format!(
        "Commission of {}, for entries from {} to {} (start tolerance {} days). Files are \
         presented anonymously: each request by its id, with its points, dates and planning only.",
        c.date, c.entry_from, c.entry_to, c.start_tolerance_days
    )
}

/// The policy and the status of the solve.
pub fn policy(m: &Minutes) -> String {
    let gap = match m.alloc.gap {
        Some(g) if g.is_finite() => format!(", gap {:.4} %", 100.0 * g),
        Some(_) => ", gap unknown".into(),
        None => String::new(),
    };
    format!(
        "Strategy {} (status {}{gap}). Policy {}.",
        m.footer.strategy, m.footer.status, m.policy
    )
}

/// The barème rows, then how history counts.
pub fn bareme(m: &Minutes) -> (Vec<(String, i64)>, String) {
    let b = &m.c.bareme;
    let rows = b.values.iter().map(|(k, v)| (k.clone(), *v)).collect();
    let note = format!(
        "History: +{} per renewal, −{} per no-show (cumulative). Points are computed before the \
         commission; a crèche-specific criterion counts at that crèche only.",
        b.renewal_bonus(),
        b.no_show_malus()
    );
    (rows, note)
}

pub fn summary(m: &Minutes) -> Vec<String> {
    let x = m.metrics;
    vec![
        format!(
            "{} requests: {} placed, {} waiting",
            x.requests,
            x.placed,
            m.waiting.len()
        ),
        format!(
            "half-days filled: {} of {} free ({})",
            x.places_filled_half_days,
            x.free_half_days,
            pct(x.places_filled_half_days, x.free_half_days)
        ),
        format!("first-wish rate: {:.1} %", 100.0 * x.first_wish_rate),
        format!("departures from points order: {}", x.priority_inversions),
    ]
}

/// `last placed D-0012 (18 pts); first waiting D-0034 (20 pts)`.
pub fn cutoff_text(c: &Option<Cutoff>) -> String {
    let side =
        |x: &Option<crate::domain::allocation::RankedRequest>, what: &str, none: &str| match x {
            Some(r) => format!("{what} {} ({} pts)", r.request, r.points),
            None => none.to_string(),
        };
    match c {
        Some(c) => format!(
            "{}; {}",
            side(&c.last_placed, "last placed", "nobody placed"),
            side(&c.first_waiting, "first waiting", "nobody waited")
        ),
        None => "not computed".into(),
    }
}

/// The title of a block's grid.
pub fn block_title(b: &BlockPart, k: usize, of: usize) -> String {
    if of == 1 {
        format!("places from {} (placed / free)", b.available_from)
    } else {
        format!(
            "block {k}, places from {} (placed / free)",
            b.available_from
        )
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
pub fn others_text(s: &Suggestion) -> String {
    if s.others.is_empty() {
        return "every other family keeps its place".into();
    }
    let list: Vec<String> = s
        .others
        .iter()
        .map(|o| {
            format!(
                "{} ({} pts) {}: {} → {} ({})",
                o.request,
                o.points,
                o.kind.words(),
                o.before,
                o.after,
                o.why
            )
        })
        .collect();
    let policy = if s.within_policy {
        "as the policy allows"
    } else {
        "NOT only by points order"
    };
    format!("{policy}: {}", list.join("; "))
}

/// One request's suggestions in words, one line each.
pub fn suggestion_lines(rs: &RequestSuggestions) -> Vec<String> {
    let mut lines = if rs.suggestions.is_empty() {
        vec![rs.note.clone().unwrap_or_default()]
    } else {
        Vec::new()
    };
    lines.extend(rs.suggestions.iter().map(|s| {
        let fewest = s
            .fewest
            .as_ref()
            .map(|f| format!(" [{f}]"))
            .unwrap_or_default();
        format!("{}{fewest}; {}", s.words, others_text(s))
    }));
    if !rs.not_enough.is_empty() {
        let tried: Vec<String> = rs.not_enough.iter().map(|c| c.words()).collect();
        lines.push(format!("re-solved, not enough: {}", tried.join("; ")));
    }
    lines
}

/// Label and value of each footer line.
pub fn footer_rows(f: &Footer, seed: u64) -> Vec<(&'static str, String)> {
    vec![
        ("input (instance) SHA-256", f.input_sha256.clone()),
        ("allocation JSON SHA-256", f.allocation_sha256.clone()),
        ("program", f.program.clone()),
        ("HiGHS", f.highs.clone()),
        (
            "solver options",
            format!(
                "strategy {}, threads {}, time limit {}, mip_rel_gap 0, mip_abs_gap 0.5, random_seed {}",
                f.strategy,
                f.threads,
                f.time_limit.map_or("none".to_string(), |t| format!("{t} s")),
                seed % i32::MAX as u64
            ),
        ),
        ("commission seed (tie-break draw)", seed.to_string()),
        ("re-run", f.command.clone()),
    ]
}

/// Whether a re-run gives the same bytes, in words.
pub fn reproducible(f: &Footer) -> String {
    if f.status == "feasible" || f.time_limit.is_some() {
        "A time limit cut this solve short: a re-run may give another allocation.".into()
    } else {
        "Re-running the command on the same instance (same SHA-256) gives an allocation file with \
         the same SHA-256."
            .into()
    }
}

fn esc(s: &str) -> String {
    s.replace('|', "\\|")
}

fn grid(out: &mut String, week: &WeekGrid, b: &BlockPart) {
    let _ = writeln!(out, "| | {} |", week.days.join(" | "));
    let _ = writeln!(out, "|---|{}", "---|".repeat(week.days.len()));
    for (s, slot) in week.slots.iter().enumerate() {
        let cells: Vec<String> = (0..week.days.len()).map(|d| cell(b, s, d)).collect();
        let _ = writeln!(out, "| {} | {} |", slot.id, cells.join(" | "));
    }
}

pub fn render(m: &Minutes) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# {}\n\n{}\n\n{}\n", title(m), intro(m), policy(m));
    o.push_str("## Summary\n\n");
    for line in summary(m) {
        let _ = writeln!(o, "- {line}");
    }
    let (rows, note) = bareme(m);
    o.push_str("\n## Barème in force\n\n| criterion | points |\n|---|---|\n");
    for (k, v) in rows {
        let _ = writeln!(o, "| {} | {v} |", esc(&k));
    }
    let _ = writeln!(o, "\n{note}\n\n## Places by crèche and section");
    for s in &m.sections {
        let _ = writeln!(
            o,
            "\n### {} / {}\n\n{} placed, {} of {} half-days filled ({}). Cut-off points: {}.\n",
            s.creche,
            s.section,
            s.placed.len(),
            s.filled_half_days,
            s.free_half_days,
            pct(s.filled_half_days, s.free_half_days),
            cutoff_text(&s.cutoff)
        );
        for (k, b) in s.blocks.iter().enumerate() {
            let _ = writeln!(o, "{}:\n", block_title(b, k, s.blocks.len()));
            grid(&mut o, &m.c.week, b);
            o.push('\n');
        }
        if !s.placed.is_empty() {
            o.push_str("| request | points | wish | entry | block | half-days | planning |\n|---|---|---|---|---|---|---|\n");
            for p in &s.placed {
                let _ = writeln!(
                    o,
                    "| {} | {} | {} | {} | {} | {} | {} |",
                    esc(&p.request),
                    p.points,
                    p.wish_rank,
                    p.entry_date,
                    p.block,
                    p.half_days,
                    p.planning
                );
            }
        }
    }
    let _ = writeln!(o, "\n## Waiting list, in offer order\n");
    if m.waiting.is_empty() {
        o.push_str("Nobody waits.\n");
    }
    for w in m.waiting {
        let _ = writeln!(o, "{}. **{}** ({} pts)", w.position, w.request, w.points);
        for r in &w.reasons {
            let _ = writeln!(o, "   - {}: {}", r.creche, r.reason);
        }
    }
    o.push_str("\n## Departures from points order\n\n");
    if m.departures.is_empty() {
        o.push_str("None: no request was placed ahead of a request with more points that could have used its place.\n");
    } else {
        o.push_str("| crèche | placed | ahead of | justification |\n|---|---|---|---|\n");
        for d in &m.departures {
            let _ = writeln!(
                o,
                "| {} | {} ({} pts) | {} ({} pts) | {} |",
                d.creche,
                esc(&d.placed),
                d.placed_points,
                esc(&d.passed_over),
                d.passed_over_points,
                esc(&d.justification)
            );
        }
    }
    if let Some(sg) = m.suggestions {
        let _ = writeln!(o, "\n## What it would take\n\nFor each waiting request, changes that would have given it a place in this commission, {} ({} re-solves).\n", sg.scope.words(), sg.solves);
        for rs in &sg.requests {
            let _ = writeln!(
                o,
                "- **{}** ({} pts, #{})",
                rs.request, rs.points, rs.position
            );
            for line in suggestion_lines(rs) {
                let _ = writeln!(o, "  - {line}");
            }
        }
    }
    o.push_str("\n## Reproducibility\n\n| | |\n|---|---|\n");
    for (k, v) in footer_rows(&m.footer, m.c.seed) {
        let _ = writeln!(o, "| {k} | `{v}` |");
    }
    let _ = writeln!(o, "\n{}", reproducible(&m.footer));
    o
}
