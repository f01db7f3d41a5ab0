//! The minutes as one printable HTML page: inline style with a print
//! stylesheet (A4, no section split across pages, no colours needed), no
//! script and no external resource, so it can be archived and printed as is.
//! The sentences are those of the Markdown writer.

use std::fmt::Write;

use super::minutes::{BlockPart, Minutes};
use super::minutes_md::{
    bareme, block_title, cell, cutoff_text, footer_rows, intro, pct, policy, reproducible,
    suggestion_lines, summary, title,
};
use crate::domain::WeekGrid;

const STYLE: &str = "body{font-family:Georgia,'DejaVu Serif',serif;color:#111;max-width:1100px;margin:1.5em auto;padding:0 1em;line-height:1.35}\
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;border-bottom:2px solid #333;margin-top:1.6em}\
h3{font-size:1.05em;margin:1.2em 0 .3em}p{margin:.4em 0}\
table{border-collapse:collapse;margin:.4em 0 .8em;font-size:.88em}\
th,td{border:1px solid #999;padding:.15em .45em;text-align:left;vertical-align:top}\
th{background:#eee}td.n{text-align:right}td.g{text-align:center;min-width:2.6em}\
td.full{background:#d9d9d9}td.none{color:#aaa}\
.section{break-inside:avoid;page-break-inside:avoid;border-left:3px solid #666;padding-left:.8em;margin:.8em 0}\
.grids{display:flex;flex-wrap:wrap;gap:1.2em;align-items:flex-start}.cut{font-style:italic}\
ol.waiting li{margin:.3em 0;break-inside:avoid}ol.waiting ul{margin:.1em 0;font-size:.9em}\
.footer td{font-family:'DejaVu Sans Mono',monospace;font-size:.85em;word-break:break-all}\
.sign{margin-top:2em;display:flex;gap:4em}.sign div{border-top:1px solid #333;padding-top:.2em;min-width:14em}\
@page{size:A4;margin:15mm}\
@media print{body{max-width:none;margin:0;font-size:10pt}h2{break-after:avoid;page-break-after:avoid}\
h3{break-after:avoid}th{background:none}td.full{background:none;font-weight:bold}.footer{break-inside:avoid}}";

/// Text escaped for HTML content and attributes.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn grid(h: &mut String, week: &WeekGrid, b: &BlockPart, caption: &str) {
    let _ = write!(h, "<table><caption>{}</caption><tr><th></th>", esc(caption));
    for d in &week.days {
        let _ = write!(h, "<th>{}</th>", esc(d));
    }
    h.push_str("</tr>");
    for (s, slot) in week.slots.iter().enumerate() {
        let _ = write!(h, "<tr><th>{}</th>", esc(&slot.id));
        for d in 0..week.days.len() {
            let class = match (b.free[s][d], b.used[s][d]) {
                (0, _) => "g none",
                (f, u) if u >= f => "g full",
                _ => "g",
            };
            let _ = write!(h, "<td class=\"{class}\">{}</td>", cell(b, s, d));
        }
        h.push_str("</tr>");
    }
    h.push_str("</table>\n");
}

pub fn render(m: &Minutes) -> String {
    let mut h = String::new();
    let t = esc(&title(m));
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{t}</title><style>{STYLE}</style></head><body>\n<h1>{t}</h1>\n<p>{}</p>\n<p>{}</p>\n",
        esc(&intro(m)),
        esc(&policy(m))
    );
    h.push_str("<h2>Summary</h2>\n<ul>");
    for line in summary(m) {
        let _ = write!(h, "<li>{}</li>", esc(&line));
    }
    h.push_str("</ul>\n<h2>Barème in force</h2>\n<div class=\"grids\">");
    let (rows, note) = bareme(m);
    // Three tables side by side: a long barème stays on one screen.
    for chunk in rows.chunks(rows.len().div_ceil(3).max(1)) {
        h.push_str("<table><tr><th>criterion</th><th>points</th></tr>");
        for (k, v) in chunk {
            let _ = write!(h, "<tr><td>{}</td><td class=\"n\">{v}</td></tr>", esc(k));
        }
        h.push_str("</table>");
    }
    let _ = writeln!(
        h,
        "</div>\n<p>{}</p>\n<h2>Places by crèche and section</h2>",
        esc(&note)
    );
    for s in &m.sections {
        let _ = write!(
            h,
            "<div class=\"section\"><h3>{} / {}</h3><p>{} placed, {} of {} half-days filled ({}). <span class=\"cut\">Cut-off points: {}.</span></p><div class=\"grids\">",
            esc(&s.creche),
            esc(&s.section),
            s.placed.len(),
            s.filled_half_days,
            s.free_half_days,
            pct(s.filled_half_days, s.free_half_days),
            esc(&cutoff_text(&s.cutoff))
        );
        for (k, b) in s.blocks.iter().enumerate() {
            grid(&mut h, &m.c.week, b, &block_title(b, k, s.blocks.len()));
        }
        // The placed requests beside the grids.
        if !s.placed.is_empty() {
            h.push_str("<table><tr><th>request</th><th>points</th><th>wish</th><th>entry</th><th>block</th><th>half-days</th><th>planning</th></tr>");
            for p in &s.placed {
                let _ = write!(
                    h,
                    "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                    esc(&p.request), p.points, p.wish_rank, p.entry_date, p.block, p.half_days, esc(&p.planning)
                );
            }
            h.push_str("</table>");
        }
        h.push_str("</div></div>\n");
    }
    h.push_str("<h2>Waiting list, in offer order</h2>\n");
    if m.waiting.is_empty() {
        h.push_str("<p>Nobody waits.</p>\n");
    } else {
        h.push_str("<ol class=\"waiting\">");
        for w in m.waiting {
            let _ = write!(
                h,
                "<li value=\"{}\"><b>{}</b> ({} pts)<ul>",
                w.position,
                esc(&w.request),
                w.points
            );
            for r in &w.reasons {
                let _ = write!(h, "<li>{}: {}</li>", esc(&r.creche), esc(&r.reason));
            }
            h.push_str("</ul></li>");
        }
        h.push_str("</ol>\n");
    }
    h.push_str("<h2>Departures from points order</h2>\n");
    if m.departures.is_empty() {
        h.push_str("<p>None: no request was placed ahead of a request with more points that could have used its place.</p>\n");
    } else {
        h.push_str(
            "<table><tr><th>crèche</th><th>placed</th><th>ahead of</th><th>justification</th></tr>",
        );
        for d in &m.departures {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{} ({} pts)</td><td>{} ({} pts)</td><td>{}</td></tr>",
                esc(&d.creche),
                esc(&d.placed),
                d.placed_points,
                esc(&d.passed_over),
                d.passed_over_points,
                esc(&d.justification)
            );
        }
        h.push_str("</table>\n");
    }
    if let Some(sg) = m.suggestions {
        let _ = write!(h, "<h2>What it would take</h2>\n<p>For each waiting request, changes that would have given it a place in this commission, {} ({} re-solves).</p><ul>", sg.scope.words(), sg.solves);
        for rs in &sg.requests {
            let _ = write!(
                h,
                "<li><b>{}</b> ({} pts, #{})<ul>",
                esc(&rs.request),
                rs.points,
                rs.position
            );
            for line in suggestion_lines(rs) {
                let _ = write!(h, "<li>{}</li>", esc(&line));
            }
            h.push_str("</ul></li>");
        }
        h.push_str("</ul>\n");
    }
    h.push_str("<h2>Reproducibility</h2>\n<table class=\"footer\">");
    for (k, v) in footer_rows(&m.footer, m.c.seed) {
        let _ = write!(h, "<tr><th>{}</th><td>{}</td></tr>", esc(k), esc(&v));
    }
    let _ = write!(
        h,
        "</table>\n<p>{}</p>\n<div class=\"sign\"><div>The chair of the commission</div><div>The Guichet Unique</div></div>\n</body></html>\n",
        esc(&reproducible(&m.footer))
    );
    h
}
