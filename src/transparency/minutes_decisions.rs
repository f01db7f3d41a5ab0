//! The procès-verbal's section "Décisions de la commission": each decision
//! with the commission's reason and its consequences, the places held in
//! reserve, the departures from points order the decisions caused; and the
//! decisions file in the reproducibility footer.

use super::minutes::{DecisionItem, DecisionsPart, Minutes, Recorded};
use crate::args;
use crate::decide::consequences::decision_words;
use crate::decide::Decided;
use crate::domain::decisions::Decision;
use crate::error::Result;

/// Adds the commission's decisions `d` to the minutes `doc`; an error when
/// the allocation does not hold them (not the allocation the decisions give).
pub fn record(doc: &mut Minutes, d: &Recorded) -> Result<()> {
    d.decisions.held_by(doc.c, &doc.placements)?;
    let names = doc.names;
    let items = (d.decisions.file.decisions.iter().zip(&d.consequences))
        .enumerate()
        .map(|(i, (x, q))| DecisionItem {
            number: i + 1,
            decision: decision_words(&names, x),
            reason: x.reason().to_string(),
            consequences: q.summary.clone(),
        })
        .collect();
    let held = (d.decisions.file.decisions.iter().enumerate())
        .filter_map(|(i, x)| held_words(doc, i, x))
        .collect();
    let pinned: Vec<&str> = (d.decisions.list.iter())
        .filter_map(|x| match *x {
            Decided::Place { request, .. } => Some(doc.c.requests[request].id.as_str()),
            _ => None,
        })
        .collect();
    let departures = (doc.departures.iter())
        .filter(|x| pinned.contains(&x.placed.as_str()))
        .cloned()
        .collect();
    doc.decisions = Some(DecisionsPart {
        items,
        held,
        departures,
    });
    doc.footer.decisions_sha256 = Some(d.sha256.clone());
    doc.footer.command = doc
        .footer
        .command
        .replacen("solve INSTANCE --policy priority", "decide INSTANCE DECISIONS", 1)
        .replacen("solve INSTANCE", "decide INSTANCE DECISIONS", 1);
    Ok(())
}

/// A reservation in words: `Toboggan / Bébés, bloc 0 : 1 place tenue en
/// réserve le vendredi matin (décision n° 3)`.
fn held_words(doc: &Minutes, i: usize, x: &Decision) -> Option<String> {
    let Decision::Reserve {
        creche,
        section,
        block,
        day,
        half_day,
        places,
        ..
    } = x
    else {
        return None;
    };
    let (n, m) = (&doc.names, doc.m);
    Some(m.text(
        "minutes-held",
        &args! {
            "creche" => n.creche(creche),
            "section" => n.section(creche, section),
            "block" => *block,
            "places" => *places,
            "day" => m.day(day),
            "slot" => m.slot(half_day),
            "decision" => i + 1,
        },
    ))
}
