//! The minutes as one printable HTML page: inline style with a print
//! stylesheet (A4, no section split across pages, no colours needed), no
//! script and no external resource, so it can be archived and printed as is.
//! The sentences are those of the Markdown writer.

use std::fmt::Write;

use super::minutes::{BlockPart, Minutes};
use super::minutes_md::{
    bareme, block_title, cell, consequences_line, cutoff_text, decision_reason, footer_rows, intro,
    policy, reason_at, reproducible, section_heading, section_line, suggestion_lines, summary,
    title, DEPARTURE_COLUMNS, PLACED_COLUMNS,
};
use crate::args;
use crate::domain::WeekGrid;
use crate::i18n::Messages;

const STYLE: &str = "body{font-family:Georgia,'DejaVu Serif',serif;color:#111;max-width:1100px;margin:1.5em auto;padding:0 1em;line-height:1.35}\
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;border-bottom:2px solid #333;margin-top:1.6em}\
h3{font-size:1.05em;margin:1.2em 0 .3em}p{margin:.4em 0}\
table{border-collapse:collapse;margin:.4em 0 .8em;font-size:.88em}\
th,td{border:1px solid #999;padding:.15em .45em;text-align:left;vertical-align:top}\
th{background:#eee}td.n{text-align:right;white-space:nowrap}table.bareme{max-width:34em}td.g{text-align:center;min-width:2.6em}\
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

fn grid(h: &mut String, t: &Messages, week: &WeekGrid, b: &BlockPart, caption: &str) {
    let _ = write!(h, "<table><caption>{}</caption><tr><th></th>", esc(caption));
    for d in &week.days {
        let _ = write!(h, "<th>{}</th>", esc(&t.day(d)));
    }
    h.push_str("</tr>");
    for (s, slot) in week.slots.iter().enumerate() {
        let _ = write!(h, "<tr><th>{}</th>", esc(&t.slot(&slot.id)));
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

/// `<tr><th>…</th>…</tr>` from message ids.
fn header_row(t: &Messages, ids: &[&str]) -> String {
    let cols: String = ids
        .iter()
        .map(|id| format!("<th>{}</th>", esc(&t.t(id))))
        .collect();
    format!("<tr>{cols}</tr>")
}

fn points(t: &Messages, p: i64) -> String {
    t.text("points-short", &args! {"points" => t.int(p)})
}

fn bareme_part(h: &mut String, m: &Minutes) {
    let t = m.m;
    let _ = write!(
        h,
        "<h2>{}</h2>\n<div class=\"grids\">",
        esc(&t.t("minutes-bareme"))
    );
    let (rows, note) = bareme(m);
    // Two tables side by side: a long barème with the rules' wording stays short.
    for chunk in rows.chunks(rows.len().div_ceil(2).max(1)) {
        let _ = write!(
            h,
            "<table class=\"bareme\">{}",
            header_row(t, &["col-criterion", "col-points"])
        );
        for (k, v) in chunk {
            let _ = write!(h, "<tr><td>{}</td><td class=\"n\">{v}</td></tr>", esc(k));
        }
        h.push_str("</table>");
    }
    let _ = writeln!(h, "</div>\n<p>{}</p>", esc(&note));
}

fn sections(h: &mut String, m: &Minutes) {
    let t = m.m;
    let _ = writeln!(h, "<h2>{}</h2>", esc(&t.t("minutes-places")));
    for s in &m.sections {
        let cut = t.text(
            "minutes-cutoff",
            &args! {"cutoff" => cutoff_text(t, &s.cutoff)},
        );
        let _ = write!(
            h,
            "<div class=\"section\"><h3>{}</h3><p>{} <span class=\"cut\">{}</span></p><div class=\"grids\">",
            esc(&section_heading(m, s)),
            esc(&section_line(m, s)),
            esc(&cut)
        );
        for (k, b) in s.blocks.iter().enumerate() {
            grid(h, t, m.c.week(), b, &block_title(t, b, k, s.blocks.len()));
        }
        // The placed requests beside the grids.
        if !s.placed.is_empty() {
            let _ = write!(h, "<table>{}", header_row(t, &PLACED_COLUMNS));
            for p in &s.placed {
                let _ = write!(
                    h,
                    "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                    esc(&p.request), t.int(p.points), p.wish_rank, esc(&t.date(&p.entry_date)), p.block, p.half_days, esc(&p.planning)
                );
            }
            h.push_str("</table>");
        }
        h.push_str("</div></div>\n");
    }
}

fn waiting(h: &mut String, m: &Minutes) {
    let t = m.m;
    let _ = writeln!(h, "<h2>{}</h2>", esc(&t.t("minutes-waiting")));
    if m.waiting.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", esc(&t.t("minutes-nobody-waits")));
        return;
    }
    h.push_str("<ol class=\"waiting\">");
    for w in m.waiting {
        let _ = write!(
            h,
            "<li value=\"{}\"><b>{}</b> ({})<ul>",
            w.position,
            esc(&w.request),
            esc(&points(t, w.points))
        );
        for r in &w.reasons {
            let _ = write!(h, "<li>{}</li>", esc(&reason_at(m, r)));
        }
        h.push_str("</ul></li>");
    }
    h.push_str("</ol>\n");
}

fn departures(h: &mut String, m: &Minutes) {
    let t = m.m;
    let _ = writeln!(h, "<h2>{}</h2>", esc(&t.t("minutes-departures")));
    if m.departures.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", esc(&t.t("minutes-no-departure")));
        return;
    }
    departure_rows(h, m, &m.departures);
}

fn departure_rows(h: &mut String, m: &Minutes, list: &[super::minutes::Departure]) {
    let t = m.m;
    let _ = write!(h, "<table>{}", header_row(t, &DEPARTURE_COLUMNS));
    for d in list {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{} ({})</td><td>{} ({})</td><td>{}</td></tr>",
            esc(&m.names.creche(&d.creche)),
            esc(&d.placed),
            esc(&points(t, d.placed_points)),
            esc(&d.passed_over),
            esc(&points(t, d.passed_over_points)),
            esc(&d.justification)
        );
    }
    h.push_str("</table>\n");
}

/// The section "Décisions de la commission", when the commission made any.
fn decisions(h: &mut String, m: &Minutes) {
    let Some(d) = &m.decisions else {
        return;
    };
    let t = m.m;
    let _ = write!(
        h,
        "<h2>{}</h2>\n<p>{}</p>\n<ol>",
        esc(&t.t("minutes-decisions")),
        esc(&t.t("minutes-decisions-intro"))
    );
    for x in &d.items {
        let _ = write!(
            h,
            "<li><strong>{}</strong> — {}<br>{}</li>",
            esc(&x.decision),
            esc(&decision_reason(t, x)),
            esc(&consequences_line(t, x))
        );
    }
    h.push_str("</ol>\n");
    if !d.held.is_empty() {
        let _ = write!(h, "<h3>{}</h3>\n<ul>", esc(&t.t("minutes-held-title")));
        for x in &d.held {
            let _ = write!(h, "<li>{}</li>", esc(x));
        }
        h.push_str("</ul>\n");
    }
    let _ = writeln!(h, "<h3>{}</h3>", esc(&t.t("minutes-decision-departures")));
    if d.departures.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", esc(&t.t("minutes-decision-no-departure")));
    } else {
        departure_rows(h, m, &d.departures);
    }
}

fn suggestions(h: &mut String, m: &Minutes) {
    let Some(sg) = m.suggestions else {
        return;
    };
    let t = m.m;
    let intro = t.text(
        "minutes-suggestions-intro",
        &args! {"scope" => sg.scope.words(t), "solves" => sg.solves},
    );
    let _ = write!(
        h,
        "<h2>{}</h2>\n<p>{}</p><ul>",
        esc(&t.t("minutes-suggestions")),
        esc(&intro)
    );
    for rs in &sg.requests {
        let head = t.text(
            "points-position",
            &args! {"points" => t.int(rs.points), "position" => rs.position},
        );
        let _ = write!(h, "<li><b>{}</b> ({})<ul>", esc(&rs.request), esc(&head));
        for line in suggestion_lines(&m.names, rs) {
            let _ = write!(h, "<li>{}</li>", esc(&line));
        }
        h.push_str("</ul></li>");
    }
    h.push_str("</ul>\n");
}

pub fn render(m: &Minutes) -> String {
    let t = m.m;
    let mut h = String::new();
    let title = esc(&title(m));
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{title}</title><style>{STYLE}</style></head><body>\n<h1>{title}</h1>\n<p>{}</p>\n<p>{}</p>\n",
        t.lang().code(),
        esc(&intro(m)),
        esc(&policy(m))
    );
    let _ = write!(h, "<h2>{}</h2>\n<ul>", esc(&t.t("minutes-summary")));
    for line in summary(m) {
        let _ = write!(h, "<li>{}</li>", esc(&line));
    }
    h.push_str("</ul>\n");
    bareme_part(&mut h, m);
    sections(&mut h, m);
    waiting(&mut h, m);
    departures(&mut h, m);
    decisions(&mut h, m);
    suggestions(&mut h, m);
    let _ = write!(
        h,
        "<h2>{}</h2>\n<table class=\"footer\">",
        esc(&t.t("minutes-reproducibility"))
    );
    for (k, v) in footer_rows(t, &m.footer) {
        let _ = write!(h, "<tr><th>{}</th><td>{}</td></tr>", esc(&k), esc(&v));
    }
    let _ = write!(
        h,
        "</table>\n<p>{}</p>\n<div class=\"sign\"><div>{}</div><div>{}</div></div>\n</body></html>\n",
        esc(&reproducible(t, &m.footer)),
        esc(&t.t("minutes-sign-chair")),
        esc(&t.t("minutes-sign-guichet"))
    );
    h
}
