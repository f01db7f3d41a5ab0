//! The comparison as one self-contained HTML page: inline style, inline SVG
//! charts, no script and no external resource, so it can be mailed to the
//! commission and opened offline. For people who decide: what changed
//! against the base is highlighted (table cells, outlined heat-map cells), a
//! variant not proven optimal is marked † wherever it appears, the compared
//! histograms share one scale, and a print stylesheet lays it out on A4.

use std::fmt::Write;

use super::charts::{self, mark, HeatRow, PointsScale};
use super::compare::{Comparison, VariantResult};
use super::diff::Diff;
use crate::args;
use crate::error::Result;
use crate::i18n::label_or_key;
use crate::i18n::{Lang, Messages};

const STYLE: &str =
    "body{font-family:sans-serif;margin:2em auto;max-width:1200px;color:#222;padding:0 1em}\
h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ccc}\
table{border-collapse:collapse;margin:.5em 0;font-size:.9em}\
th,td{border:1px solid #ddd;padding:.25em .5em;text-align:right;vertical-align:top}\
th{overflow-wrap:break-word;hyphens:auto}\
th:first-child,td:first-child{text-align:left}td.text{text-align:left;max-width:40em}\
td.chg{background:#fdd9b5}.d{color:#666;font-size:.85em}.warn{color:#b34700;font-weight:bold}\
.note{color:#444;font-size:.9em}.grid{display:flex;flex-wrap:wrap;gap:1em}svg{max-width:100%;height:auto}\
details{margin:.5em 0}summary{cursor:pointer;font-weight:bold}\
@page{size:A4;margin:12mm}\
@media print{body{max-width:none;margin:0;padding:0;font-size:9pt}h1{font-size:15pt}\
h2{font-size:12pt;margin-top:1.2em;break-after:avoid;page-break-after:avoid}\
table{font-size:7.5pt;width:100%;table-layout:fixed}th,td{padding:.1em .25em}\
td.text{max-width:none}.chart,tr{break-inside:avoid;page-break-inside:avoid}\
svg{width:100%;height:auto}.grid{display:block}.grid .chart{display:inline-block;width:49%}\
td.chg{background:none;font-weight:bold;text-decoration:underline}}";

/// Text escaped for HTML content and attributes.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The names of the comparison's crèches, sections and criteria.
struct Names<'a> {
    cmp: &'a Comparison,
    lang: &'static str,
}

impl Names<'_> {
    fn creche(&self, id: &str) -> String {
        (self.cmp.variants.iter())
            .flat_map(|v| &v.figures.creches)
            .find(|c| c.id == id)
            .map_or_else(|| id.to_string(), |c| c.name.clone())
    }
    fn section(&self, creche: &str, id: &str) -> String {
        (self.cmp.variants.iter())
            .flat_map(|v| &v.figures.creches)
            .filter(|c| c.id == creche)
            .flat_map(|c| &c.sections)
            .find(|s| s.id == id)
            .and_then(|s| s.label.as_ref())
            .map_or_else(|| id.to_string(), |l| l.text(self.lang).to_string())
    }
    fn criterion(&self, key: &str) -> String {
        label_or_key(Some(&self.cmp.criteria_labels), key, self.lang)
    }
}

/// `(+2)`, `(−1)` or nothing.
fn delta(t: &Messages, d: f64, decimals: usize) -> String {
    if d.abs() < 1e-9 {
        String::new()
    } else {
        let sign = if d > 0.0 { "+" } else { "" };
        format!(
            " <span class=\"d\">({sign}{})</span>",
            t.number(d, decimals)
        )
    }
}

/// What a variant changes, in one plain sentence (fewer families placed is
/// said plainly: a capacity gain can cost families under points order).
pub fn headline(t: &Messages, base: &VariantResult, v: &VariantResult) -> String {
    let (b, m) = (&base.figures.metrics, &v.figures.metrics);
    let placed = m.placed as i64 - b.placed as i64;
    let families = match placed {
        0 => t.text("headline-same", &args! {"placed" => m.placed}),
        d if d > 0 => t.text(
            "headline-more",
            &args! {"n" => d, "placed" => m.placed, "base" => b.placed},
        ),
        d => t.text(
            "headline-fewer",
            &args! {"n" => -d, "placed" => m.placed, "base" => b.placed},
        ),
    };
    t.text(
        "headline",
        &args! {
            "variant" => format!("{}{}", v.name, mark(v)),
            "families" => families,
            "half-days" => t.signed(m.places_filled_half_days as i64 - b.places_filled_half_days as i64),
            "from" => t.pct(b.occupancy),
            "to" => t.pct(m.occupancy),
            "inv-from" => b.priority_inversions,
            "inv-to" => m.priority_inversions,
        },
    )
}

/// The whole page, in language `lang`.
pub fn render(cmp: &Comparison, lang: Lang) -> Result<String> {
    let t = lang.messages();
    let n = Names {
        cmp,
        lang: lang.code(),
    };
    let mut h = String::new();
    let title = esc(&cmp.title);
    let _ = write!(h, "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{title}</title><style>{STYLE}</style></head><body>\n<h1>{title}</h1>\n", lang.code());
    if let Some(d) = &cmp.description {
        let _ = writeln!(h, "<p>{}</p>", esc(d));
    }
    let base = &cmp.variants[0];
    let intro = t.text(
        "report-intro",
        &args! {
            "commission" => cmp.commission_id.as_str(),
            "strategy" => base.figures.strategy.as_str(),
            "n" => cmp.variants.len() - 1,
        },
    );
    let _ = writeln!(h, "<p>{}</p>", esc(&intro));
    if cmp.variants.iter().any(|v| !charts::proven(v)) {
        let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(&t.t("report-unproven")));
    }
    in_short(&mut h, cmp, t);
    let _ = writeln!(h, "<h2>{}</h2>", esc(&t.t("report-figures")));
    metrics_table(&mut h, cmp, t);
    let _ = writeln!(h, "<h2>{}</h2>", esc(&t.t("report-placed-occupancy")));
    let _ = writeln!(
        h,
        "<div class=\"chart\">{}</div>",
        charts::placed_and_occupancy(cmp, t)?
    );
    let _ = writeln!(h, "<h2>{}</h2>", esc(&t.t("report-occupancy-table")));
    occupancy_table(&mut h, cmp, &n, t);
    if !cmp.groups.is_empty() {
        let _ = writeln!(h, "<h2>{}</h2>", esc(&t.t("report-groups")));
        groups_table(&mut h, cmp, &n, t);
    }
    heat_maps(&mut h, cmp, &n, t)?;
    let _ = writeln!(
        h,
        "<h2>{}</h2>\n<p>{}</p>\n<div class=\"grid\">",
        esc(&t.t("report-points")),
        esc(&t.t("report-points-note"))
    );
    let scale = PointsScale::of(cmp);
    for v in &cmp.variants {
        let _ = writeln!(
            h,
            "<div class=\"chart\" id=\"points-{}\">{}</div>",
            esc(&v.name),
            charts::points_distribution(v, scale, t)?
        );
    }
    let _ = writeln!(h, "</div>\n<h2>{}</h2>", esc(&t.t("report-requests")));
    for v in &cmp.variants[1..] {
        if let Some(d) = &v.diff {
            diff_section(&mut h, v, d, &n, t);
        }
    }
    h.push_str("</body></html>\n");
    Ok(h)
}

fn in_short(h: &mut String, cmp: &Comparison, t: &Messages) {
    let _ = writeln!(h, "<h2>{}</h2>\n<ul>", esc(&t.t("report-in-short")));
    let base = &cmp.variants[0];
    for v in &cmp.variants[1..] {
        let line = esc(&headline(t, base, v));
        let line = if v.figures.metrics.placed < base.figures.metrics.placed {
            format!("<span class=\"warn\">{line}</span>")
        } else {
            line
        };
        let _ = writeln!(h, "<li>{line}</li>");
    }
    h.push_str("</ul>\n");
}

fn heat_maps(h: &mut String, cmp: &Comparison, n: &Names, t: &Messages) -> Result<()> {
    let _ = writeln!(
        h,
        "<h2>{}</h2>\n<p>{}</p>",
        esc(&t.t("report-heat")),
        esc(&t.t("report-heat-note"))
    );
    let base = &cmp.variants[0];
    for (k, v) in cmp.variants.iter().enumerate() {
        let rows: Vec<HeatRow> = (v.figures.creches.iter())
            .flat_map(|c| {
                c.sections.iter().map(move |s| {
                    let in_base = (k > 0)
                        .then(|| base.figures.creches.iter().find(|b| b.id == c.id))
                        .flatten()
                        .and_then(|b| b.sections.iter().find(|x| x.id == s.id))
                        .map(|x| (x.free.as_slice(), x.used.as_slice()));
                    HeatRow {
                        label: format!("{} / {}", c.name, n.section(&c.id, &s.id)),
                        free: &s.free,
                        used: &s.used,
                        base: in_base,
                    }
                })
            })
            .collect();
        let _ = writeln!(
            h,
            "<div class=\"chart\" id=\"heat-{}\">{}</div>",
            esc(&v.name),
            charts::heat_map(cmp, v, &rows, t)?
        );
    }
    Ok(())
}

fn header(h: &mut String, cmp: &Comparison, first: &str) {
    let _ = write!(h, "<table class=\"figures\"><tr><th>{}</th>", esc(first));
    for v in &cmp.variants {
        let _ = write!(h, "<th>{}{}</th>", esc(&v.name), mark(v));
    }
    h.push_str("</tr>\n");
}

/// A cell, highlighted when its value differs from the base's.
fn cell(h: &mut String, changed: bool, text: &str) {
    let class = if changed { " class=\"chg\"" } else { "" };
    let _ = write!(h, "<td{class}>{text}</td>");
}

type Row = (&'static str, fn(&super::figures::Figures) -> f64, usize);

const ROWS: [Row; 7] = [
    ("row-placed", |f| f.metrics.placed as f64, 0),
    (
        "row-filled",
        |f| f.metrics.places_filled_half_days as f64,
        0,
    ),
    ("row-free", |f| f.metrics.free_half_days as f64, 0),
    ("row-occupancy", |f| 100.0 * f.metrics.occupancy, 1),
    ("row-first-wish", |f| 100.0 * f.metrics.first_wish_rate, 1),
    (
        "row-mean-points",
        |f| f.mean_points_placed.unwrap_or(0.0),
        2,
    ),
    (
        "row-inversions",
        |f| f.metrics.priority_inversions as f64,
        0,
    ),
];

fn metrics_table(h: &mut String, cmp: &Comparison, t: &Messages) {
    header(h, cmp, "");
    let base = &cmp.variants[0].figures;
    for (id, get, dec) in ROWS {
        let _ = write!(h, "<tr><td>{}</td>", esc(&t.t(id)));
        for v in &cmp.variants {
            let (x, d) = (get(&v.figures), get(&v.figures) - get(base));
            let text = format!("{}{}", t.number(x, dec), delta(t, d, dec));
            cell(h, d.abs() > 1e-9, &text);
        }
        h.push_str("</tr>\n");
    }
    let _ = write!(h, "<tr><td>{}</td>", esc(&t.t("row-min-points")));
    for v in &cmp.variants {
        let p = v.figures.min_points_placed;
        let text = p.map_or("—".into(), |p| t.int(p));
        cell(h, p != base.min_points_placed, &text);
    }
    let _ = write!(h, "</tr>\n<tr><td>{}</td>", esc(&t.t("row-policy")));
    for v in &cmp.variants {
        let status = t.status(&v.figures.status);
        let text = format!("{}, {}{}", esc(&v.figures.strategy), esc(&status), mark(v));
        cell(h, v.figures.strategy != base.strategy, &text);
    }
    let _ = write!(
        h,
        "</tr>\n<tr><td>{}</td><td>—</td>",
        esc(&t.t("row-moves"))
    );
    for d in cmp.variants[1..].iter().filter_map(|v| v.diff.as_ref()) {
        let text = format!("{} / {} / {}", d.gains, d.losses, d.creche_changes);
        cell(h, d.gains + d.losses + d.creche_changes > 0, &text);
    }
    h.push_str("</tr>\n</table>\n");
}

/// Occupancy, placed and free half-days of a crèche (`section: None`) or a
/// section in one variant.
fn occupancy_of(v: &VariantResult, id: &str, section: Option<&str>) -> Option<(f64, usize, u64)> {
    let c = v.figures.creches.iter().find(|c| c.id == id)?;
    match section {
        None => Some((c.occupancy, c.placed, c.free_half_days)),
        Some(s) => c
            .sections
            .iter()
            .find(|x| x.id == s)
            .map(|x| (x.occupancy, x.placed, x.free_half_days)),
    }
}

fn occupancy_table(h: &mut String, cmp: &Comparison, n: &Names, t: &Messages) {
    // Rows: every crèche (and its sections) of any variant, in order of appearance.
    let mut rows: Vec<(String, Option<String>)> = Vec::new();
    for v in &cmp.variants {
        for c in &v.figures.creches {
            for s in std::iter::once(None).chain(c.sections.iter().map(|s| Some(s.id.clone()))) {
                if !rows.iter().any(|(id, sec)| *id == c.id && *sec == s) {
                    rows.push((c.id.clone(), s));
                }
            }
        }
    }
    header(h, cmp, &t.t("report-occupancy-first"));
    for (id, section) in &rows {
        match section {
            None => {
                let _ = write!(h, "<tr><td><b>{}</b></td>", esc(&n.creche(id)));
            }
            Some(s) => {
                let _ = write!(h, "<tr><td>&nbsp;&nbsp;{}</td>", esc(&n.section(id, s)));
            }
        }
        let base = occupancy_of(&cmp.variants[0], id, section.as_deref());
        for v in &cmp.variants {
            let x = occupancy_of(v, id, section.as_deref());
            let text = match x {
                Some((_, _, 0)) => esc(&t.t("report-no-free-place")),
                Some((o, p, _)) => format!("{} ({p})", t.pct(o)),
                None => "—".into(),
            };
            cell(h, x != base, &text);
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table>\n");
}

fn groups_table(h: &mut String, cmp: &Comparison, n: &Names, t: &Messages) {
    header(h, cmp, &t.t("report-groups-first"));
    for (k, g) in cmp.groups.iter().enumerate() {
        let criteria: Vec<String> = g.criteria.iter().map(|c| n.criterion(c)).collect();
        // The default groups have their names in the message files.
        let slug: String = (g.name.split(|c: char| !c.is_alphanumeric()))
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        let name = t.try_text(&format!("group-{slug}"), None);
        let _ = write!(
            h,
            "<tr><td>{} <span class=\"d\">({})</span></td>",
            esc(name.as_deref().unwrap_or(&g.name)),
            esc(&criteria.join(" ; "))
        );
        let base = cmp.variants[0].figures.groups[k].placed as f64;
        for v in &cmp.variants {
            let x = &v.figures.groups[k];
            let d = x.placed as f64 - base;
            let text = format!("{} / {}{}", x.placed, x.members, delta(t, d, 0));
            cell(h, d != 0.0, &text);
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table>\n");
}

fn diff_section(h: &mut String, v: &VariantResult, d: &Diff, n: &Names, t: &Messages) {
    let open = if d.rows.len() <= 40 { " open" } else { "" };
    let summary = t.text(
        "report-diff-summary",
        &args! {
            "variant" => format!("{}{}", v.name, mark(v)),
            "gains" => d.gains,
            "losses" => d.losses,
            "creche" => d.creche_changes,
            "place" => d.place_changes,
        },
    );
    let _ = writeln!(
        h,
        "<details{open} id=\"diff-{}\"><summary>{}</summary>",
        esc(&v.name),
        esc(&summary)
    );
    if let Some(text) = &v.description {
        let _ = writeln!(h, "<p>{}</p>", esc(text));
    }
    let _ = write!(h, "<p>{}</p><ul>", esc(&t.t("report-changes")));
    for c in &v.changes {
        let _ = write!(h, "<li>{}</li>", esc(c));
    }
    h.push_str("</ul>\n");
    if let Some(f) = &d.first_change {
        let id = if f.better {
            "report-first-better"
        } else {
            "report-first-worse"
        };
        let text = t.text(
            id,
            &args! {"request" => f.request.as_str(), "points" => t.int(f.points)},
        );
        let _ = writeln!(h, "<p>{}</p>", esc(&text));
    }
    if d.rows.is_empty() {
        let _ = writeln!(h, "<p>{}</p></details>", esc(&t.t("report-no-change")));
        return;
    }
    diff_table(h, d, n, t);
}

/// The diff's rows: each request that gains, loses or moves, and why.
fn diff_table(h: &mut String, d: &Diff, n: &Names, t: &Messages) {
    h.push_str("<table><tr>");
    for id in [
        "col-request",
        "col-points",
        "col-change",
        "col-base",
        "col-variant",
        "col-why",
    ] {
        let _ = write!(h, "<th>{}</th>", esc(&t.t(id)));
    }
    h.push_str("</tr>\n");
    let names = crate::i18n::Names::bare(t);
    for r in &d.rows {
        let points = if r.points_before == r.points_after {
            t.int(r.points_after)
        } else {
            format!("{} → {}", t.int(r.points_before), t.int(r.points_after))
        };
        let outcome = |o: &super::diff::Outcome| {
            match o {
            super::diff::Outcome::Placed {
                creche,
                section,
                wish_rank,
                ..
            } => t.text(
                "outcome-placed",
                &args! {"creche" => n.creche(creche), "section" => n.section(creche, section), "rank" => *wish_rank},
            ),
            other => other.words(&names),
        }
        };
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{points}</td><td class=\"text\">{}</td><td class=\"text\">{}</td><td class=\"text\">{}</td><td class=\"text\">{}</td></tr>",
            esc(&r.request),
            esc(&r.kind.words(t)),
            esc(&outcome(&r.before)),
            esc(&outcome(&r.after)),
            esc(&r.reason)
        );
    }
    h.push_str("</table></details>\n");
}
