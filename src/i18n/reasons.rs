//! The allocation's reasons and notes in words, from their codes and
//! parameters (`docs/format.md`, *Reason codes*): the message
//! `reason-<code>` (`reason-sibling-group-<case>`, and
//! `reason-held-by-more-points-anywhere` when no half-day is named), each
//! parameter shown the reader's way — the crèche by its name, the section by
//! its label, dates, days and half-days in words, holders as `D-0027, 23 pts`,
//! the tie-break and the cause of a departure in words.
//!
//! The words an allocation carries are written here once
//! ([`Names::word_allocation`]); documents write them again in their own
//! language from the codes ([`Names::wish_reason`], [`Names::note`]), so an
//! allocation written in English still gives a French procès-verbal. A
//! reason without a code (a file written before codes existed), or whose
//! parameters are not this format's, keeps the words it carries.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use fluent_bundle::FluentValue;

use super::messages::{Args, Messages};
use super::names::Names;
use crate::args;
use crate::domain::allocation::{Assignment, WishReason};
use crate::domain::reason::{parse_holders, Params};
use crate::domain::{Allocation, ReasonCode};

impl<'a> Names<'a> {
    /// Writes the words (`reason`, `note`) of every coded reason and note of
    /// `a` in this language.
    pub fn word_allocation(&self, a: &mut Allocation) {
        let words = Wording::new(*self);
        for x in &mut a.assignments {
            for w in &mut x.reasons {
                w.reason = words.wish_reason(w);
            }
            if x.note_code.is_some() {
                x.note = words.note(x);
            }
        }
        for x in &mut a.waiting_list {
            for w in &mut x.reasons {
                w.reason = words.wish_reason(w);
            }
        }
    }

    /// A wish's reason in words: from its code and parameters (and those of
    /// the crèche's other sections), else the words it carries.
    pub fn wish_reason(&self, w: &WishReason) -> String {
        Wording::new(*self).wish_reason(w)
    }

    /// An assignment's note in words: from its code and parameters, else the
    /// words it carries.
    pub fn note(&self, a: &Assignment) -> Option<String> {
        Wording::new(*self).note(a)
    }

    /// A reason at `creche` in words; `None` when a parameter its message
    /// needs is missing or is not a value of this format.
    pub fn reason(&self, creche: &str, code: ReasonCode, params: &Params) -> Option<String> {
        Wording::new(*self).reason(creche, code, params)
    }

    /// `la section Bébés`, or a label that already says it is a section
    /// (`la Section mixte`), as the reader's language writes it.
    pub fn section_phrase(&self, creche: &str, section: &str) -> String {
        let label = self.section(creche, section);
        let noun = self.m.t("section-noun").to_lowercase();
        let says_section = label
            .to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w == noun);
        let id = if says_section {
            "section-labelled"
        } else {
            "section-named"
        };
        self.m.text(id, &Args::new().with("label", label))
    }

    /// `a, b et c`: items joined the language's way.
    pub fn list(&self, mut items: Vec<String>) -> String {
        let Some(last) = items.pop() else {
            return String::new();
        };
        if items.is_empty() {
            return last;
        }
        let list = items.join(&self.m.t("list-sep"));
        self.m
            .text("list-and", &args!("list" => list, "last" => last))
    }
}

/// Reasons worded in one language, each phrase they share (a crèche, a
/// section, the half-days and the holders that many reasons name) written
/// once.
struct Wording<'a> {
    names: Names<'a>,
    /// Phrases by kind, then value; `None` for a value that is not one.
    memo: RefCell<HashMap<&'static str, HashMap<String, Option<String>>>>,
    /// Whole reasons by the hash of their crèche, code and parameters (an
    /// allocation's reasons repeat: a third of them are distinct).
    reasons: RefCell<HashMap<u64, Vec<Worded>>>,
}

/// A reason and its words.
struct Worded {
    creche: String,
    code: ReasonCode,
    params: Params,
    words: Option<String>,
}

impl<'a> Wording<'a> {
    fn new(names: Names<'a>) -> Self {
        Wording {
            names,
            memo: RefCell::new(HashMap::new()),
            reasons: RefCell::new(HashMap::new()),
        }
    }

    /// The phrase of `kind` for `key`, written by `write` the first time.
    fn memo(
        &self,
        kind: &'static str,
        key: &str,
        write: impl FnOnce() -> Option<String>,
    ) -> Option<String> {
        if let Some(found) = self.memo.borrow().get(kind).and_then(|m| m.get(key)) {
            return found.clone();
        }
        let text = write();
        (self.memo.borrow_mut().entry(kind).or_default()).insert(key.to_string(), text.clone());
        text
    }

    fn wish_reason(&self, w: &WishReason) -> String {
        let Some(code) = w.code else {
            return w.reason.clone();
        };
        let words: Option<Vec<String>> = std::iter::once((code, &w.params))
            .chain(w.other_sections.iter().map(|r| (r.code, &r.params)))
            .map(|(code, params)| self.reason(&w.creche, code, params))
            .collect();
        match words {
            Some(words) => words.join(&self.names.m.t("list-semi")),
            None => fallback(&w.reason, code),
        }
    }

    fn note(&self, a: &Assignment) -> Option<String> {
        let Some(code) = a.note_code else {
            return a.note.clone();
        };
        let stored = a.note.as_deref().unwrap_or_default();
        Some(
            self.reason(&a.creche, code, &a.note_params)
                .unwrap_or_else(|| fallback(stored, code)),
        )
    }

    /// A reason's words, written once for each distinct reason.
    fn reason(&self, creche: &str, code: ReasonCode, params: &Params) -> Option<String> {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (creche, code, params).hash(&mut h);
        let key = h.finish();
        let same = |x: &&Worded| x.code == code && x.creche == creche && x.params == *params;
        if let Some(found) = self
            .reasons
            .borrow()
            .get(&key)
            .and_then(|b| b.iter().find(same))
        {
            return found.words.clone();
        }
        let words = self.write_reason(creche, code, params);
        self.reasons
            .borrow_mut()
            .entry(key)
            .or_default()
            .push(Worded {
                creche: creche.to_string(),
                code,
                params: params.clone(),
                words: words.clone(),
            });
        words
    }

    fn write_reason(&self, creche: &str, code: ReasonCode, params: &Params) -> Option<String> {
        let name = self.memo("creche", creche, || Some(self.names.creche(creche)))?;
        let mut args = Args::new();
        args.set("creche", name);
        args.set("who", self.who(params)?);
        for (key, value) in params {
            let arg = self.reason_arg(creche, key, value, params)?;
            args.set(arg_name(key), arg);
        }
        self.names.m.strict_text(&message_id(code, params), &args)
    }

    /// One parameter of a reason, shown to the reader.
    fn reason_arg(
        &self,
        creche: &str,
        key: &str,
        value: &str,
        params: &Params,
    ) -> Option<FluentValue<'static>> {
        let (n, m) = (&self.names, self.names.m);
        let text = match key {
            // Counts: numbers, so that the message picks its plural form.
            "age_months" | "limit_months" | "weeks" | "families" | "more" | "children"
            | "tolerance_days" => return value.parse::<i64>().ok().map(FluentValue::from),
            // A decision's index in the file, shown numbered from 1 as the
            // procès-verbal numbers them.
            "decision" => return value.parse::<i64>().ok().map(|i| FluentValue::from(i + 1)),
            "points" => m.int(value.parse().ok()?),
            "section" => self.memo("section", &format!("{creche}\u{0}{value}"), || {
                Some(n.section_phrase(creche, value))
            })?,
            "half_days" => self.memo("half_days", value, || self.half_days(value))?,
            "holders" => {
                let more = params.get("more").map_or(Some(0), |n| n.parse().ok())?;
                self.memo("holders", &format!("{value}\u{0}{more}"), || {
                    self.holders(value, more)
                })?
            }
            "settled_by" | "cause" => {
                let id = format!("{}-{}", key.replace('_', "-"), value.replace('_', "-"));
                self.memo("message", &id, || m.try_text(&id, None))?
            }
            _ => n.shown(key, value, creche),
        };
        Some(FluentValue::from(text))
    }

    /// `cet enfant`, or `la fratrie G-0003 (2 enfants)` when the reason is
    /// about a sibling group (`group`, `children`).
    fn who(&self, params: &Params) -> Option<String> {
        let m = self.names.m;
        match params.get("group") {
            None => self.memo("message", "reason-who-child", || {
                Some(m.t("reason-who-child"))
            }),
            Some(group) => {
                let children: i64 = params.get("children")?.parse().ok()?;
                let args = Args::new()
                    .with("group", group.as_str())
                    .with("children", children);
                m.strict_text("reason-who-group", &args)
            }
        }
    }

    /// `le lundi, le mardi matin et le vendredi après-midi`: half-day codes
    /// (`mon_am,mon_pm,tue_am,fri_pm`) in words, whole days as days.
    fn half_days(&self, codes: &str) -> Option<String> {
        let mut days: Vec<(String, Vec<String>)> = Vec::new();
        for code in codes.split(',') {
            let (day, slot) = self.split_half_day(code)?;
            match days.last_mut() {
                Some((d, slots)) if *d == day => slots.push(slot),
                _ => days.push((day, vec![slot])),
            }
        }
        let (n, m) = (&self.names, self.names.m);
        let per_day = n.week().map(|w| w.slots.len());
        let mut items = Vec::new();
        for (day, slots) in days {
            let day_words = long(m, "day-long", &day, |d| m.day(d));
            if Some(slots.len()) == per_day {
                items.push(m.text("half-days-day", &args!("day" => day_words)));
                continue;
            }
            for slot in slots {
                let slot_words = long(m, "slot-long", &slot, |s| m.slot(s));
                items.push(m.text(
                    "half-days-half-day",
                    &args!("day" => day_words.as_str(), "slot" => slot_words),
                ));
            }
        }
        Some(n.list(items))
    }

    /// A half-day code's day and slot ids: by the commission's week, else at
    /// the first `_`.
    fn split_half_day(&self, code: &str) -> Option<(String, String)> {
        match self.names.week() {
            Some(w) => {
                let (d, s) = w.parse_code(code)?;
                Some((w.days[d].clone(), w.slots[s].id.clone()))
            }
            None => {
                let (d, s) = code.split_once('_')?;
                Some((d.to_string(), s.to_string()))
            }
        }
    }

    /// `D-0027, 23 pts ; D-0031, 22 pts ; et 2 autres`: a `holders`
    /// parameter and the `more` beyond it, in words.
    fn holders(&self, param: &str, more: i64) -> Option<String> {
        let m = self.names.m;
        let items: Vec<String> = parse_holders(param)?
            .into_iter()
            .map(|(id, points)| {
                m.text(
                    "reason-holder",
                    &args!("request" => id, "points" => m.int(points)),
                )
            })
            .collect();
        let list = items.join(&m.t("list-semi"));
        Some(if more > 0 {
            m.text(
                "reason-holders-more",
                &args!("list" => list, "more" => more),
            )
        } else {
            list
        })
    }
}

/// The message `<prefix>-<id>` of `m` (a day or slot in full), else `short(id)`.
fn long(m: &Messages, prefix: &str, id: &str, short: impl Fn(&str) -> String) -> String {
    m.try_text(&format!("{prefix}-{id}"), None)
        .unwrap_or_else(|| short(id))
}

/// The stored words, or the code when there are none: never an empty text.
fn fallback(stored: &str, code: ReasonCode) -> String {
    if stored.is_empty() {
        code.as_str().to_string()
    } else {
        stored.to_string()
    }
}

/// The argument of a parameter: its name with `-` for `_`.
fn arg_name(key: &str) -> Cow<'static, str> {
    const KNOWN: [&str; 18] = [
        "age-months",
        "limit-months",
        "entry-date",
        "latest-date",
        "available-from",
        "tolerance-days",
        "half-days",
        "settled-by",
        "section",
        "weeks",
        "start",
        "families",
        "holders",
        "more",
        "children",
        "group",
        "points",
        "winner",
    ];
    let same = |k: &&&str| {
        k.len() == key.len()
            && (k.bytes().zip(key.bytes())).all(|(a, b)| a == b || (a, b) == (b'-', b'_'))
    };
    match KNOWN.iter().find(same) {
        Some(k) => Cow::Borrowed(k),
        None => Cow::Owned(key.replace('_', "-")),
    }
}

/// The message of a reason: `reason-<code>`, with the variant its
/// parameters select.
fn message_id(code: ReasonCode, params: &Params) -> String {
    let base = format!("reason-{}", code.as_str().replace('_', "-"));
    match code {
        ReasonCode::SiblingGroup => match params.get("case") {
            Some(case) => format!("{base}-{case}"),
            None => base,
        },
        ReasonCode::HeldByMorePoints if !params.contains_key("half_days") => {
            format!("{base}-anywhere")
        }
        ReasonCode::PlacedByCommission if params.contains_key("holders") => {
            format!("{base}-ahead")
        }
        _ => base,
    }
}
