//! The readable summary the command line prints after a solve.

use std::fmt::Write;

use crate::domain::{Allocation, Commission, WaitingEntry};
use crate::solve::Solution;

/// Per crèche and section: free half-days, placed requests, filled half-days,
/// occupancy; then the head of the waiting list.
pub fn render(c: &Commission, solution: &Solution, waiting_head: usize) -> String {
    let a = &solution.allocation;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Commission {} ({}), entries {} to {}",
        c.id, c.date, c.entry_from, c.entry_to
    );
    let _ = writeln!(
        out,
        "Strategy {}: status {}{}",
        a.strategy.as_deref().unwrap_or("?"),
        a.status.as_str(),
        gap_text(a)
    );
    if a.solver.is_none() && a.status == crate::domain::Status::Feasible {
        let _ = writeln!(
            out,
            "The time limit came before the solver found an allocation: this is the greedy one \
             (points order, first wish that fits), as a fallback."
        );
    }
    if let Some(s) = &a.solver {
        let stages: Vec<String> = s
            .objectives
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        let _ = writeln!(
            out,
            "Solver: {} solve(s), model {} variables × {} rows; optima: {}",
            s.solves,
            s.variables,
            s.rows,
            stages.join(", ")
        );
    }
    let t = &solution.timings;
    let _ = writeln!(
        out,
        "Time: {:.1} ms total (options {:.1}, model build {:.1}, HiGHS {:.1}, explanations {:.1})",
        ms(t.total),
        ms(t.options),
        ms(t.build),
        ms(t.solve),
        ms(t.explain)
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{:<28} {:<10} {:>9} {:>7} {:>7} {:>9}",
        "crèche", "section", "free h-d", "placed", "filled", "occupancy"
    );
    for cr in &c.creches {
        for s in &cr.sections {
            let free: u64 = s.blocks.iter().map(|b| b.half_days()).sum();
            let here: Vec<_> = a
                .assignments
                .iter()
                .filter(|x| x.creche == cr.id && x.section == s.id)
                .collect();
            let filled: u64 = here.iter().map(|x| x.half_days as u64).sum();
            let occ = if free == 0 {
                0.0
            } else {
                100.0 * filled as f64 / free as f64
            };
            let _ = writeln!(
                out,
                "{:<28} {:<10} {:>9} {:>7} {:>7} {:>8.1}%",
                truncate(&cr.name, 28),
                s.id,
                free,
                here.len(),
                filled,
                occ
            );
        }
    }
    let m = &a.metrics;
    let _ = writeln!(
        out,
        "{:<28} {:<10} {:>9} {:>7} {:>7} {:>8.1}%",
        "total",
        "",
        m.free_half_days,
        m.placed,
        m.places_filled_half_days,
        100.0 * m.occupancy
    );
    let _ = writeln!(
        out,
        "\n{} of {} requests placed, first-wish rate {:.1}%, priority inversions {}",
        m.placed,
        m.requests,
        100.0 * m.first_wish_rate,
        m.priority_inversions
    );
    if !a.waiting_list.is_empty() {
        waiting(&mut out, &a.waiting_list, waiting_head);
    }
    out
}

/// The head of a waiting list, each request with its reason at each wish.
fn waiting(out: &mut String, list: &[WaitingEntry], head: usize) {
    let _ = writeln!(
        out,
        "\nWaiting list (first {} of {}):",
        head.min(list.len()),
        list.len()
    );
    for w in list.iter().take(head) {
        let _ = writeln!(out, "  {:>3}. {} ({} pts)", w.position, w.request, w.points);
        for r in &w.reasons {
            let _ = writeln!(out, "       {}: {}", r.creche, r.reason);
        }
    }
}

/// The next offers of a cascade, then the head of the waiting list.
pub fn render_cascade(c: &crate::cascade::Cascade, waiting_head: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Commission {} as of {}: {} new offer(s)",
        c.commission_id,
        c.as_of,
        c.new_offers.len()
    );
    for o in &c.new_offers {
        let _ = writeln!(
            out,
            "  offer {} ({} pts): {} / {} block {} from {}, wish {}; answer by {}",
            o.request,
            o.points,
            o.creche,
            o.section,
            o.block,
            o.entry_date,
            o.wish_rank,
            o.answer_by
        );
    }
    let cancelled: Vec<&str> = c
        .lifecycle
        .iter()
        .filter(|l| l.cancelled)
        .map(|l| l.request.as_str())
        .collect();
    if !cancelled.is_empty() {
        let _ = writeln!(
            out,
            "Cancelled after three refusals: {}",
            cancelled.join(", ")
        );
    }
    waiting(&mut out, &c.waiting_list, waiting_head);
    out
}

fn gap_text(a: &Allocation) -> String {
    match a.gap {
        Some(g) if g.is_finite() => format!(", gap {:.4}%", 100.0 * g),
        Some(_) => {
            ", gap unknown (the time limit stopped a stage before its first solution)".to_string()
        }
        None => String::new(),
    }
}

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}
