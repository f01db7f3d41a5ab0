//! The comparison as one self-contained HTML page: inline style, inline SVG
//! charts, no script and no external resource, so it can be mailed to the
//! commission and opened offline.

use std::fmt::Write;

use super::charts;
use super::compare::{Comparison, VariantResult};
use super::diff::Diff;
use crate::error::Result;

const STYLE: &str =
    "body{font-family:sans-serif;margin:2em auto;max-width:1200px;color:#222;padding:0 1em}\
h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ccc}\
table{border-collapse:collapse;margin:.5em 0;font-size:.9em}\
th,td{border:1px solid #ddd;padding:.25em .5em;text-align:right;vertical-align:top}\
th:first-child,td:first-child{text-align:left}td.text{text-align:left;max-width:40em}\
.d{color:#666;font-size:.85em}.warn{color:#b34700;font-weight:bold}\
.grid{display:flex;flex-wrap:wrap;gap:1em}svg{max-width:100%;height:auto}\
details{margin:.5em 0}summary{cursor:pointer;font-weight:bold}";

/// Text escaped for HTML content and attributes.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn pct(x: f64) -> String {
    format!("{:.1} %", 100.0 * x)
}

/// `(+2)`, `(−1)` or nothing.
fn delta(d: f64, decimals: usize) -> String {
    if d.abs() < 1e-9 {
        String::new()
    } else {
        let sign = if d > 0.0 { "+" } else { "−" };
        format!(" <span class=\"d\">({sign}{:.decimals$})</span>", d.abs())
    }
}

/// What a variant changes, in one plain sentence (fewer families placed is
/// said plainly: a capacity gain can cost families under points order).
pub fn headline(base: &VariantResult, v: &VariantResult) -> String {
    let (b, m) = (&base.figures.metrics, &v.figures.metrics);
    let placed = m.placed as i64 - b.placed as i64;
    let families = match placed {
        0 => format!("the same number of families placed ({})", m.placed),
        d if d > 0 => format!(
            "{d} more famil{} placed ({} instead of {})",
            plural(d),
            m.placed,
            b.placed
        ),
        d => format!(
            "{} FEWER famil{} placed ({} instead of {})",
            -d,
            plural(-d),
            m.placed,
            b.placed
        ),
    };
    format!(
        "{}: {families}; {:+} half-days filled, occupancy {} → {}; priority inversions {} → {}",
        v.name,
        m.places_filled_half_days as i64 - b.places_filled_half_days as i64,
        pct(b.occupancy),
        pct(m.occupancy),
        b.priority_inversions,
        m.priority_inversions
    )
}

fn plural(n: i64) -> &'static str {
    if n == 1 {
        "y"
    } else {
        "ies"
    }
}

/// The whole page.
pub fn render(cmp: &Comparison) -> Result<String> {
    let mut h = String::new();
    let title = esc(&cmp.title);
    let _ = write!(h, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title><style>{STYLE}</style></head><body>\n<h1>{title}</h1>\n");
    if let Some(d) = &cmp.description {
        let _ = writeln!(h, "<p>{}</p>", esc(d));
    }
    let base = &cmp.variants[0];
    let _ = writeln!(
        h,
        "<p>Commission <b>{}</b>; base solved with <b>{}</b>; {} variant(s). Each variant is the base with the changes listed under it, solved on its own.</p>",
        esc(&cmp.commission_id),
        esc(&base.figures.strategy),
        cmp.variants.len() - 1
    );
    h.push_str("<h2>In short</h2>\n<ul>\n");
    for v in &cmp.variants[1..] {
        let line = esc(&headline(base, v));
        let line = if v.figures.metrics.placed < base.figures.metrics.placed {
            format!("<span class=\"warn\">{line}</span>")
        } else {
            line
        };
        let _ = writeln!(h, "<li>{line}</li>");
    }
    h.push_str("</ul>\n<h2>Figures side by side</h2>\n");
    metrics_table(&mut h, cmp);
    h.push_str("<h2>Placed and occupancy</h2>\n");
    h.push_str(&charts::placed_and_occupancy(cmp)?);
    h.push_str("\n<h2>Occupancy per crèche and section</h2>\n");
    occupancy_table(&mut h, cmp);
    if !cmp.groups.is_empty() {
        h.push_str("<h2>Requests served per criterion group</h2>\n");
        groups_table(&mut h, cmp);
    }
    h.push_str("<h2>Occupancy by half-day</h2>\n<p>Each cell: places used / free places of the section that half-day, over all its blocks; darker is fuller, grey has no free place.</p>\n");
    for v in &cmp.variants {
        let _ = writeln!(
            h,
            "<div class=\"chart\" id=\"heat-{}\">{}</div>",
            esc(&v.name),
            charts::heat_map(cmp, v)?
        );
    }
    h.push_str("<h2>Points of placed and waiting requests</h2>\n<p>Offer-order points: a request's best points over its wishes.</p>\n<div class=\"grid\">\n");
    for v in &cmp.variants {
        let _ = writeln!(
            h,
            "<div class=\"chart\" id=\"points-{}\">{}</div>",
            esc(&v.name),
            charts::points_distribution(v)?
        );
    }
    h.push_str("</div>\n<h2>Request by request</h2>\n");
    for v in &cmp.variants[1..] {
        if let Some(d) = &v.diff {
            diff_section(&mut h, v, d);
        }
    }
    h.push_str("</body></html>\n");
    Ok(h)
}

fn header(h: &mut String, cmp: &Comparison, first: &str) {
    let _ = write!(h, "<table><tr><th>{first}</th>");
    for v in &cmp.variants {
        let _ = write!(h, "<th>{}</th>", esc(&v.name));
    }
    h.push_str("</tr>\n");
}

fn metrics_table(h: &mut String, cmp: &Comparison) {
    header(h, cmp, "");
    let base = &cmp.variants[0].figures;
    type Row = (&'static str, fn(&super::figures::Figures) -> f64, usize);
    let rows: [Row; 7] = [
        ("requests placed", |f| f.metrics.placed as f64, 0),
        (
            "half-days filled a week",
            |f| f.metrics.places_filled_half_days as f64,
            0,
        ),
        (
            "free half-days a week",
            |f| f.metrics.free_half_days as f64,
            0,
        ),
        ("occupancy (%)", |f| 100.0 * f.metrics.occupancy, 1),
        (
            "first-wish rate (%)",
            |f| 100.0 * f.metrics.first_wish_rate,
            1,
        ),
        (
            "mean points of placed",
            |f| f.mean_points_placed.unwrap_or(0.0),
            2,
        ),
        (
            "priority inversions",
            |f| f.metrics.priority_inversions as f64,
            0,
        ),
    ];
    for (name, get, dec) in rows {
        let _ = write!(h, "<tr><td>{name}</td>");
        for v in &cmp.variants {
            let x = get(&v.figures);
            let _ = write!(h, "<td>{x:.dec$}{}</td>", delta(x - get(base), dec));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("<tr><td>minimum points of placed</td>");
    for v in &cmp.variants {
        let _ = write!(
            h,
            "<td>{}</td>",
            v.figures
                .min_points_placed
                .map_or("—".into(), |p| p.to_string())
        );
    }
    h.push_str("</tr>\n<tr><td>policy, status</td>");
    for v in &cmp.variants {
        let _ = write!(
            h,
            "<td>{}, {}</td>",
            esc(&v.figures.strategy),
            v.figures.status
        );
    }
    h.push_str("</tr>\n<tr><td>gains / losses / crèche changes</td><td>—</td>");
    for d in cmp.variants[1..].iter().filter_map(|v| v.diff.as_ref()) {
        let _ = write!(
            h,
            "<td>{} / {} / {}</td>",
            d.gains, d.losses, d.creche_changes
        );
    }
    h.push_str("</tr>\n</table>\n");
}

fn occupancy_table(h: &mut String, cmp: &Comparison) {
    // Rows: every crèche (and its sections) of any variant, in order of appearance.
    let mut rows: Vec<(String, Option<String>, String)> = Vec::new();
    for v in &cmp.variants {
        for c in &v.figures.creches {
            for s in std::iter::once(None).chain(c.sections.iter().map(|s| Some(s.id.clone()))) {
                if !rows.iter().any(|(id, sec, _)| *id == c.id && *sec == s) {
                    rows.push((c.id.clone(), s, c.name.clone()));
                }
            }
        }
    }
    header(h, cmp, "crèche / section: occupancy (placed)");
    for (id, section, name) in &rows {
        match section {
            None => {
                let _ = write!(h, "<tr><td><b>{}</b></td>", esc(name));
            }
            Some(s) => {
                let _ = write!(h, "<tr><td>&nbsp;&nbsp;{}</td>", esc(s));
            }
        }
        for v in &cmp.variants {
            let c = v.figures.creches.iter().find(|c| &c.id == id);
            let cell = match (c, section) {
                (Some(c), None) => Some((c.occupancy, c.placed, c.free_half_days)),
                (Some(c), Some(s)) => c
                    .sections
                    .iter()
                    .find(|x| &x.id == s)
                    .map(|x| (x.occupancy, x.placed, x.free_half_days)),
                (None, _) => None,
            };
            match cell {
                Some((_, _, 0)) => h.push_str("<td>no free place</td>"),
                Some((o, p, _)) => {
                    let _ = write!(h, "<td>{} ({p})</td>", pct(o));
                }
                None => h.push_str("<td>—</td>"),
            }
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table>\n");
}

fn groups_table(h: &mut String, cmp: &Comparison) {
    header(h, cmp, "group (criteria): placed / requests");
    for (k, g) in cmp.groups.iter().enumerate() {
        let _ = write!(
            h,
            "<tr><td>{} <span class=\"d\">({})</span></td>",
            esc(&g.name),
            esc(&g.criteria.join(", "))
        );
        let base = cmp.variants[0].figures.groups[k].placed as f64;
        for v in &cmp.variants {
            let x = &v.figures.groups[k];
            let _ = write!(
                h,
                "<td>{} / {}{}</td>",
                x.placed,
                x.members,
                delta(x.placed as f64 - base, 0)
            );
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table>\n");
}

fn diff_section(h: &mut String, v: &VariantResult, d: &Diff) {
    let open = if d.rows.len() <= 40 { " open" } else { "" };
    let _ = writeln!(
        h,
        "<details{open} id=\"diff-{}\"><summary>{}: {} gain(s), {} loss(es), {} change(s) of crèche, {} other change(s) of place</summary>",
        esc(&v.name),
        esc(&v.name),
        d.gains,
        d.losses,
        d.creche_changes,
        d.place_changes
    );
    if let Some(text) = &v.description {
        let _ = writeln!(h, "<p>{}</p>", esc(text));
    }
    h.push_str("<p>Changes:</p><ul>");
    for c in &v.changes {
        let _ = write!(h, "<li>{}</li>", esc(c));
    }
    h.push_str("</ul>\n");
    if let Some(f) = &d.first_change {
        let _ = writeln!(
            h,
            "<p>First change in points order: <b>{}</b> ({} points) gets a <b>{}</b> outcome.</p>",
            esc(&f.request),
            f.points,
            if f.better { "better" } else { "worse" }
        );
    }
    if d.rows.is_empty() {
        h.push_str("<p>No request changes place.</p></details>\n");
        return;
    }
    h.push_str("<table><tr><th>request</th><th>points</th><th>change</th><th>base</th><th>variant</th><th>why</th></tr>\n");
    for r in &d.rows {
        let points = if r.points_before == r.points_after {
            r.points_after.to_string()
        } else {
            format!("{} → {}", r.points_before, r.points_after)
        };
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{points}</td><td class=\"text\">{}</td><td class=\"text\">{}</td><td class=\"text\">{}</td><td class=\"text\">{}</td></tr>",
            esc(&r.request),
            r.kind.words(),
            esc(&r.before.words()),
            esc(&r.after.words()),
            esc(&r.reason)
        );
    }
    h.push_str("</table></details>\n");
}
