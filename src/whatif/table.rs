//! The short terminal table of a comparison: one line per variant.

use std::fmt::Write;

use super::compare::Comparison;
use super::report_html::headline;

fn signed(d: i64) -> String {
    if d == 0 {
        String::new()
    } else {
        format!("({d:+})")
    }
}

fn cut(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// Placed, half-days, occupancy, first-wish rate, points and inversions per
/// variant with the difference to the base, then a plain line for every
/// variant that places fewer families than the base.
pub fn render(cmp: &Comparison) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} (commission {})", cmp.title, cmp.commission_id);
    let _ = writeln!(
        out,
        "{:<24} {:<18} {:>11} {:>12} {:>9} {:>9} {:>8} {:>8} {:>5} {:>15}",
        "variant",
        "policy",
        "placed",
        "half-days",
        "occupancy",
        "1st wish",
        "mean pts",
        "min pts",
        "inv.",
        "gain/loss/move"
    );
    let base = &cmp.variants[0].figures.metrics;
    for v in &cmp.variants {
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
        let _ = writeln!(
            out,
            "{:<24} {:<18} {:>11} {:>12} {:>8.1}% {:>8.1}% {:>8} {:>8} {:>5} {:>15}",
            cut(&v.name, 24),
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
            100.0 * m.occupancy,
            100.0 * m.first_wish_rate,
            f.mean_points_placed
                .map_or("—".to_string(), |p| format!("{p:.2}")),
            f.min_points_placed
                .map_or("—".to_string(), |p| p.to_string()),
            m.priority_inversions,
            moves
        );
    }
    for v in &cmp.variants[1..] {
        if v.figures.metrics.placed < base.placed {
            let _ = writeln!(out, "note: {}", headline(&cmp.variants[0], v));
        }
        if v.figures.status == "feasible" {
            let _ = writeln!(
                out,
                "note: {} stopped at the time limit (status feasible): its figures are not proven optimal",
                v.name
            );
        }
    }
    out
}
