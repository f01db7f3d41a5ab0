//! The bench table: one row per (instance, strategy), the median of the runs.
//!
//! Times are medians over the runs, each figure on its own; the peak memory
//! is the largest of the runs (a budget is about the worst case); the other
//! figures (status, gap, placed...) come from the run with the median total
//! time. Optimal rows of the three target sizes also say whether the targets
//! of the speed work (issue 5) are met: end-to-end time and peak memory of a
//! solve proven optimal.

use std::fmt::Write;

use serde::Serialize;

use super::child::{Figures, Measured};

/// An instance size, `(crèches, requests)`, and its target `(end-to-end ms, peak MB)`.
pub type Target = ((usize, usize), (f64, f64));

/// Targets for the priority policy (strict points order), proven optimal,
/// end to end in one process on a 2-core machine.
pub const TARGETS: &[Target] = &[
    ((7, 120), (10.0, 30.0)),
    ((40, 1500), (60.0, 60.0)),
    ((400, 12000), (600.0, 200.0)),
];

/// One line of the table (and one object of `--json`).
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// File name without `.json`/`.json.gz`, or `default`.
    pub instance: String,
    pub runs: usize,
    #[serde(flatten)]
    pub figures: Figures,
    pub peak_rss_mb: f64,
    /// End-to-end time of every run, in run order.
    pub total_ms_runs: Vec<f64>,
    /// `met` or `missed` for an optimal row of a target size, else absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    match n {
        0 => 0.0,
        _ if n % 2 == 1 => xs[n / 2],
        _ => (xs[n / 2 - 1] + xs[n / 2]) / 2.0,
    }
}

/// The row of one (instance, strategy) from its runs (at least one).
pub fn aggregate(instance: &str, runs: &[Measured]) -> Row {
    let totals: Vec<f64> = runs.iter().map(|m| m.figures.total_ms).collect();
    let mut by_total: Vec<&Measured> = runs.iter().collect();
    by_total.sort_by(|a, b| a.figures.total_ms.total_cmp(&b.figures.total_ms));
    let mut figures = by_total[(by_total.len() - 1) / 2].figures.clone();
    let of = |f: fn(&Figures) -> f64| median(runs.iter().map(|m| f(&m.figures)).collect());
    figures.read_ms = of(|f| f.read_ms);
    figures.build_ms = of(|f| f.build_ms);
    figures.solve_ms = of(|f| f.solve_ms);
    figures.explain_ms = of(|f| f.explain_ms);
    figures.write_ms = of(|f| f.write_ms);
    figures.total_ms = median(totals.clone());
    let peak_rss_mb = runs.iter().map(|m| m.peak_rss_mb).fold(0.0, f64::max);
    let target = TARGETS
        .iter()
        .find(|(size, _)| *size == (figures.creches, figures.requests))
        .filter(|_| figures.strategy.starts_with("optimal"))
        .map(|&(_, (ms, mb))| {
            let met = figures.status == "optimal" && figures.total_ms <= ms && peak_rss_mb <= mb;
            let limit = if ms < 1000.0 {
                format!("{ms} ms")
            } else {
                format!("{} s", ms / 1000.0)
            };
            format!(
                "{} (≤ {limit}, ≤ {mb} MB)",
                if met { "met" } else { "missed" }
            )
        });
    Row {
        instance: instance.to_string(),
        runs: runs.len(),
        figures,
        peak_rss_mb,
        total_ms_runs: totals,
        target,
    }
}

/// Milliseconds, readable: `0.42 ms`, `12.3 ms`, `1.52 s`.
pub fn time(ms: f64) -> String {
    if ms < 10.0 {
        format!("{ms:.2} ms")
    } else if ms < 1000.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{:.2} s", ms / 1000.0)
    }
}

/// The table, Markdown-style (it pastes into a README).
pub fn table(rows: &[Row]) -> String {
    let header = [
        "instance",
        "crèches×requests",
        "strategy",
        "variables",
        "rows",
        "read",
        "build",
        "solve",
        "explain",
        "json",
        "total",
        "status",
        "gap",
        "placed",
        "occupancy",
        "inversions",
        "peak memory",
        "target",
    ];
    let cells: Vec<Vec<String>> = rows.iter().map(cells_of).collect();
    markdown(&header.map(String::from), &cells)
}

/// One row's cells, in the order of [`table`]'s header.
fn cells_of(r: &Row) -> Vec<String> {
    let f = &r.figures;
    // Build time, variables and rows exist only where a model was built.
    let exact = f.variables > 0;
    let model = |v: String| if exact { v } else { "-".into() };
    vec![
        r.instance.clone(),
        format!("{}×{}", f.creches, f.requests),
        f.strategy.clone(),
        model(f.variables.to_string()),
        model(f.rows.to_string()),
        time(f.read_ms),
        model(time(f.build_ms)),
        model(time(f.solve_ms)),
        time(f.explain_ms),
        time(f.write_ms),
        time(f.total_ms),
        f.status.clone(),
        f.gap.map_or("-".into(), |g| format!("{:.2} %", 100.0 * g)),
        f.placed.to_string(),
        format!("{:.1} %", 100.0 * f.occupancy),
        f.priority_inversions.to_string(),
        format!("{:.0} MB", r.peak_rss_mb),
        r.target.clone().unwrap_or_else(|| "-".into()),
    ]
}

/// A Markdown table with every column padded to its widest cell.
fn markdown(header: &[String], cells: &[Vec<String>]) -> String {
    let width = |i: usize| {
        cells
            .iter()
            .map(|c| c[i].chars().count())
            .chain([header[i].chars().count()])
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..header.len()).map(width).collect();
    let line = |out: &mut String, cols: &[String]| {
        let padded: Vec<String> = cols
            .iter()
            .zip(&widths)
            .map(|(c, &w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
            .collect();
        let _ = writeln!(out, "| {} |", padded.join(" | "));
    };
    let mut out = String::new();
    line(&mut out, header);
    line(
        &mut out,
        &widths.iter().map(|&w| "-".repeat(w)).collect::<Vec<_>>(),
    );
    for c in cells {
        line(&mut out, c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(total_ms: f64, peak: f64, status: &str) -> Measured {
        Measured {
            figures: Figures {
                commission_id: "gen-7x120-1".into(),
                creches: 7,
                requests: 120,
                strategy: "optimal/priority".into(),
                variables: 900,
                rows: 800,
                read_ms: 1.0,
                build_ms: total_ms / 4.0,
                solve_ms: total_ms / 2.0,
                explain_ms: 0.5,
                write_ms: 0.5,
                total_ms,
                status: status.into(),
                gap: None,
                placed: 34,
                occupancy: 0.834,
                priority_inversions: 0,
            },
            peak_rss_mb: peak,
        }
    }

    #[test]
    fn medians_and_worst_memory() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), 2.5);
        let r = aggregate(
            "small",
            &[
                run(9.0, 40.0, "optimal"),
                run(30.0, 45.0, "optimal"),
                run(8.0, 60.0, "optimal"),
            ],
        );
        assert_eq!(r.figures.total_ms, 9.0);
        assert_eq!(r.figures.solve_ms, 4.5);
        assert_eq!(r.peak_rss_mb, 60.0);
        assert_eq!(r.total_ms_runs, [9.0, 30.0, 8.0]);
        // 9 ms is within 10 ms, but 60 MB is over 30 MB.
        assert!(r.target.as_deref().unwrap().starts_with("missed"));
        let r = aggregate("small", &[run(9.0, 25.0, "optimal")]);
        assert!(r.target.as_deref().unwrap().starts_with("met"));
        let r = aggregate("small", &[run(9.0, 25.0, "feasible")]);
        assert!(r.target.as_deref().unwrap().starts_with("missed"));
    }

    #[test]
    fn table_has_one_line_per_row_and_aligned_columns() {
        let rows = vec![aggregate("small-7x120", &[run(250.0, 40.0, "optimal")])];
        let t = table(&rows);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[2].contains("| 7×120 "), "{t}");
        assert!(lines[2].contains("250.0 ms"), "{t}");
        let len = |s: &str| s.chars().count();
        assert!(lines.iter().all(|l| len(l) == len(lines[0])), "{t}");
        assert_eq!(time(1520.0), "1.52 s");
        assert_eq!(time(0.42), "0.42 ms");
    }
}
