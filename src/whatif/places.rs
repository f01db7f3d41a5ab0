//! The `places` change: free places added, removed or set in one block of a
//! section, on some days and slots of the week.

use super::scenario::PlacesChange;
use crate::args;
use crate::domain::instance::{FreeBlock, Instance, Section};
use crate::error::Problem;
use crate::i18n::Names;

/// Applies one `places` change to `inst`; a problem names the field at `path`.
pub fn apply(
    inst: &mut Instance,
    p: &PlacesChange,
    path: &str,
    names: &Names,
) -> Result<String, Problem> {
    let c = find_creche(inst, &p.creche, &format!("{path}.creche"))?;
    let s = find_section(inst, c, p, path)?;
    let days = pick(
        &inst.week.days,
        p.days.as_deref(),
        &format!("{path}.days"),
        "day",
    )?;
    let slot_ids: Vec<String> = inst.week.slots.iter().map(|s| s.id.clone()).collect();
    let slots = pick(
        &slot_ids,
        p.slots.as_deref(),
        &format!("{path}.slots"),
        "slot",
    )?;
    let delta = delta(p, path)?;
    let section = &mut inst.creches[c].sections[s];
    let block = block(section, p, path)?;
    let mut done = Vec::new();
    for d in &days {
        for sl in &slots {
            change_places(&mut section.free[block], d, sl, delta, p, path)?;
            done.push(format!("{} {}", names.m.day(d), names.m.slot(sl)));
        }
    }
    let (id, k) = match delta {
        Delta::Add(k) => ("variant-places-add", k),
        Delta::Set(k) => ("variant-places-set", k),
    };
    let n = names;
    Ok(n.m.text(
        id,
        &args! {
            "creche" => n.creche(&p.creche),
            "section" => n.section(&p.creche, &p.section),
            "block" => block,
            "signed" => n.m.signed(k),
            "n" => k,
            "days" => done.join(", "),
        },
    ))
}

/// The index of the change's section in crèche `c`, or a problem listing them.
fn find_section(inst: &Instance, c: usize, p: &PlacesChange, path: &str) -> Result<usize, Problem> {
    let creche = &inst.creches[c];
    creche
        .sections
        .iter()
        .position(|s| s.id == p.section)
        .ok_or_else(|| {
            let known: Vec<&str> = creche.sections.iter().map(|s| s.id.as_str()).collect();
            Problem::new(
                format!("{path}.section"),
                &p.section,
                format!(
                    "unknown section of {} (sections: {})",
                    p.creche,
                    known.join(", ")
                ),
            )
        })
}

/// `add` or `set`, exactly one, `set` not negative.
fn delta(p: &PlacesChange, path: &str) -> Result<Delta, Problem> {
    match (p.add, p.set) {
        (Some(n), None) => Ok(Delta::Add(n)),
        (None, Some(n)) if n >= 0 => Ok(Delta::Set(n)),
        (None, Some(n)) => Err(Problem::new(
            format!("{path}.set"),
            n,
            "negative number of places",
        )),
        _ => Err(Problem::new(path, "", "give either add or set")),
    }
}

/// The block the change names (`block`, default 0), or the one free from
/// `available_from`, added when the section has none from that date.
fn block(section: &mut Section, p: &PlacesChange, path: &str) -> Result<usize, Problem> {
    match (p.block, &p.available_from) {
        (Some(_), Some(from)) => Err(Problem::new(
            path,
            from,
            "give block or available_from, not both",
        )),
        (_, Some(from)) => match section.free.iter().position(|b| &b.available_from == from) {
            Some(b) => Ok(b),
            None => {
                section.free.push(FreeBlock {
                    available_from: from.clone(),
                    places: Default::default(),
                });
                Ok(section.free.len() - 1)
            }
        },
        (b, None) => {
            let b = b.unwrap_or(0);
            if b >= section.free.len() {
                return Err(Problem::new(
                    format!("{path}.block"),
                    b,
                    format!(
                        "section {} of {} has {} block(s) (available_from creates one)",
                        p.section,
                        p.creche,
                        section.free.len()
                    ),
                ));
            }
            Ok(b)
        }
    }
}

/// The places of `block` on day `d`, slot `sl`, changed by `delta`; never
/// below zero.
fn change_places(
    block: &mut FreeBlock,
    d: &str,
    sl: &str,
    delta: Delta,
    p: &PlacesChange,
    path: &str,
) -> Result<(), Problem> {
    let n = block
        .places
        .entry(d.to_string())
        .or_default()
        .entry(sl.to_string())
        .or_insert(0);
    let after = match delta {
        Delta::Add(k) => *n + k,
        Delta::Set(k) => k,
    };
    if after < 0 {
        return Err(Problem::new(
            format!("{path}.add"),
            p.add.unwrap_or_default(),
            format!("would leave {after} places on {d} {sl} (there are {n})"),
        ));
    }
    *n = after;
    Ok(())
}

#[derive(Clone, Copy)]
enum Delta {
    Add(i64),
    Set(i64),
}

/// The chosen ids among `all` (every one when `chosen` is absent); an id not
/// in `all` is a problem at `path[k]`.
fn pick(
    all: &[String],
    chosen: Option<&[String]>,
    path: &str,
    what: &str,
) -> Result<Vec<String>, Problem> {
    let Some(chosen) = chosen else {
        return Ok(all.to_vec());
    };
    if chosen.is_empty() {
        return Err(Problem::new(
            path,
            "[]",
            format!("no {what} chosen (omit the field for all)"),
        ));
    }
    for (k, id) in chosen.iter().enumerate() {
        if !all.contains(id) {
            return Err(Problem::new(
                format!("{path}[{k}]"),
                id,
                format!("{what} not in the week ({})", all.join(", ")),
            ));
        }
    }
    Ok(chosen.to_vec())
}

/// The crèche named `id`, or a problem at `path` listing the crèches.
pub(super) fn find_creche(inst: &Instance, id: &str, path: &str) -> Result<usize, Problem> {
    inst.creches.iter().position(|c| c.id == id).ok_or_else(|| {
        let known: Vec<&str> = inst.creches.iter().map(|c| c.id.as_str()).collect();
        Problem::new(
            path,
            id,
            format!("unknown crèche (crèches: {})", known.join(", ")),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::instance::Places;

    fn default() -> Instance {
        crate::io::read_instance(None).unwrap()
    }

    fn en() -> Names<'static> {
        Names::bare(crate::i18n::Lang::En.messages())
    }

    fn change(v: serde_json::Value) -> PlacesChange {
        serde_json::from_value(v).unwrap()
    }

    fn places(inst: &Instance, creche: &str, section: &str, block: usize) -> Places {
        let c = inst.creches.iter().find(|c| c.id == creche).unwrap();
        c.sections.iter().find(|s| s.id == section).unwrap().free[block]
            .places
            .clone()
    }

    #[test]
    fn places_are_added_or_set_on_the_chosen_half_days_only() {
        let mut inst = default();
        let words = apply(&mut inst, &change(serde_json::json!({"creche": "toboggan", "section": "bebes", "days": ["fri"], "add": 3})), "c[0]", &en()).unwrap();
        apply(&mut inst, &change(serde_json::json!({"creche": "toboggan", "section": "moyens", "days": ["wed"], "slots": ["am"], "set": 2})), "c[1]", &en()).unwrap();
        let (before, after) = (
            places(&default(), "toboggan", "bebes", 0),
            places(&inst, "toboggan", "bebes", 0),
        );
        assert_eq!((before["fri"]["am"], before["fri"]["pm"]), (4, 2));
        assert_eq!((after["fri"]["am"], after["fri"]["pm"]), (7, 5));
        assert_eq!(after["thu"], before["thu"]);
        let m = places(&inst, "toboggan", "moyens", 0);
        assert_eq!((m["wed"]["am"], m["wed"]["pm"]), (2, 0));
        assert_eq!(
            words,
            "toboggan / bebes block 0: +3 places on Fri am, Fri pm"
        );
    }

    #[test]
    fn a_block_from_a_new_date_is_created_and_indices_are_kept() {
        let mut inst = default();
        apply(&mut inst, &change(serde_json::json!({"creche": "envol", "section": "bebes", "available_from": "2027-03-01", "days": ["mon"], "add": 2})), "c", &en()).unwrap();
        let s = &inst
            .creches
            .iter()
            .find(|c| c.id == "envol")
            .unwrap()
            .sections[0];
        assert_eq!(s.free.len(), 2);
        assert_eq!(s.free[1].available_from, "2027-03-01");
        assert_eq!(s.free[1].places["mon"]["pm"], 2);
        assert!(!s.free[1].places.contains_key("tue"));
    }

    #[test]
    fn a_count_below_zero_or_a_bad_block_is_a_problem() {
        let mut inst = default();
        let e = apply(
            &mut inst,
            &change(serde_json::json!({"creche": "toboggan", "section": "grands", "add": -3})),
            "c",
            &en(),
        )
        .unwrap_err();
        assert_eq!((e.path.as_str(), e.value.as_str()), ("c.add", "-3"));
        let e = apply(&mut inst, &change(serde_json::json!({"creche": "toboggan", "section": "grands", "block": 4, "add": 1})), "c", &en()).unwrap_err();
        assert_eq!(e.path, "c.block");
        let e = apply(
            &mut inst,
            &change(serde_json::json!({"creche": "toboggan", "section": "grands"})),
            "c",
            &en(),
        )
        .unwrap_err();
        assert!(e.message.contains("add or set"), "{e}");
    }
}
