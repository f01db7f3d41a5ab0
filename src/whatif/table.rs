//! The short terminal table of a comparison: one line per variant.

use std::fmt::Write;

use super::charts::mark;
use super::compare::{Comparison, VariantResult};
use super::report_html::headline;
use crate::args;
use crate::domain::allocation::Metrics;
use crate::i18n::Messages;

fn signed(d: i64) -> String {
    if d == 0 {
        String::new()
    } else {
        format!("({d:+})")
    }
}

/// The first `n` characters (a terminal column).
fn cut(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// One variant's line: its figures, each count with its difference to the base.
fn variant_line(v: &VariantResult, base: &Metrics, t: &Messages) -> String {
    let f = &v.figures;
    let m = &f.metrics;
    let moves = v.diff.as_ref().map_or("—".to_string(), |d| {
        format!("{}/{}/{}", d.gains, d.losses, d.creche_changes)
    });
    let policy = f
        .strategy
        .trim_start_matches("optimal/")
        .replace("(fit_weight=", " w=")
        .replace(')', "");
    format!(
        "{:<26} {:<18} {:>11} {:>12} {:>9} {:>9} {:>8} {:>8} {:>5} {:>15}",
        format!("{}{}", cut(&v.name, 24), mark(v)),
        cut(&policy, 18),
        format!(
            "{} {}",
            m.placed,
            signed(m.placed as i64 - base.placed as i64)
        ),
        format!(
            "{} {}",
            m.places_filled_half_days,
            signed(m.places_filled_half_days as i64 - base.places_filled_half_days as i64)
        ),
        t.pct(m.occupancy),
        t.pct(m.first_wish_rate),
        f.mean_points_placed
            .map_or("—".to_string(), |p| t.number(p, 2)),
        f.min_points_placed
            .map_or("—".to_string(), |p| p.to_string()),
        m.priority_inversions,
        moves
    )
}

/// Placed, half-days, occupancy, first-wish rate, points and inversions per
/// variant with the difference to the base, then a plain line for every
/// variant that places fewer families than the base or is not proven optimal.
pub fn render(cmp: &Comparison, t: &Messages) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        t.text(
            "table-title",
            &args! {"title" => cmp.title.as_str(), "commission" => cmp.commission_id.as_str()}
        )
    );
    let cols: Vec<String> = [
        "table-variant",
        "table-policy",
        "table-placed",
        "table-half-days",
        "table-occupancy",
        "table-first-wish",
        "table-mean",
        "table-min",
        "table-inversions",
        "table-moves",
    ]
    .iter()
    .map(|id| t.t(id))
    .collect();
    let _ = writeln!(
        out,
        "{:<26} {:<18} {:>11} {:>12} {:>9} {:>9} {:>8} {:>8} {:>5} {:>15}",
        cols[0], cols[1], cols[2], cols[3], cols[4], cols[5], cols[6], cols[7], cols[8], cols[9]
    );
    let base = &cmp.variants[0].figures.metrics;
    for v in &cmp.variants {
        let _ = writeln!(out, "{}", variant_line(v, base, t));
    }
    for v in &cmp.variants[1..] {
        if v.figures.metrics.placed < base.placed {
            let line = headline(t, &cmp.variants[0], v);
            let _ = writeln!(out, "{}", t.text("table-note", &args! {"text" => line}));
        }
    }
    for v in &cmp.variants {
        if v.figures.status == "feasible" {
            let line = t.text("table-not-proven", &args! {"variant" => v.name.as_str()});
            let _ = writeln!(out, "{}", t.text("table-note", &args! {"text" => line}));
        }
    }
    out
}
