//! The procès-verbal's section "Décisions de la commission": each decision
//! with the commission's reason and its consequences, the places held in
//! reserve, the departures from points order the decisions caused; and the
//! decisions file in the reproducibility footer.

use super::minutes::{DecisionItem, DecisionsPart, Minutes, Recorded};
use crate::args;
use crate::decide::consequences::decision_words;
use crate::domain::decisions::Decision;
use crate::domain::ReasonCode;
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
    // Placed by a decision, or ahead of a family because a decision placed
    // another there (the note's cause).
    let by_decision: Vec<&str> = (doc.alloc.assignments.iter())
        .filter(|a| {
            a.note_code == Some(ReasonCode::PlacedByCommission)
                || a.note_params.get("cause").is_some_and(|c| c == "decision")
        })
        .map(|a| a.request.as_str())
        .collect();
    let departures = (doc.departures.iter())
        .filter(|x| by_decision.contains(&x.placed.as_str()))
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
        .replacen(
            "solve INSTANCE --policy priority",
            "decide INSTANCE DECISIONS",
            1,
        )
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
