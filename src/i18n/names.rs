//! The names a reader knows: a crèche by its `name`, a section by its label,
//! a barème criterion by its label (the wording of the rules' criteria
//! list), each in the document's language when the instance gives one; the
//! id or key where it gives none.

use std::collections::BTreeMap;

use fluent_bundle::FluentValue;

use super::messages::{Args, Messages};
use crate::domain::{Commission, Label, WeekGrid};

/// Names of one commission, for one language.
#[derive(Clone, Copy)]
pub struct Names<'a> {
    pub m: &'a Messages,
    creches: Option<&'a Commission>,
    labels: Option<&'a BTreeMap<String, Label>>,
}

impl<'a> Names<'a> {
    /// The names of commission `c`.
    pub fn of(c: &'a Commission, m: &'a Messages) -> Self {
        Names {
            m,
            creches: Some(c),
            labels: Some(&c.bareme().labels),
        }
    }

    /// No commission at hand: ids and keys as they are.
    pub fn bare(m: &'a Messages) -> Self {
        Names {
            m,
            creches: None,
            labels: None,
        }
    }

    /// The crèche's name, or its id.
    pub fn creche(&self, id: &str) -> String {
        self.creches
            .and_then(|c| c.creche_index(id).map(|k| c.creches()[k].name.clone()))
            .unwrap_or_else(|| id.to_string())
    }

    /// The section's label, or its id.
    pub fn section(&self, creche: &str, section: &str) -> String {
        self.creches
            .and_then(|c| c.creche_index(creche).map(|k| &c.creches()[k]))
            .and_then(|cr| cr.sections.iter().find(|s| s.id == section))
            .and_then(|s| s.label.as_ref())
            .map(|l| l.text(self.m.lang().code()).to_string())
            .unwrap_or_else(|| section.to_string())
    }

    /// The commission's week, when there is a commission at hand.
    pub fn week(&self) -> Option<&'a WeekGrid> {
        self.creches.map(|c| c.week())
    }

    /// The criterion's label, or its key.
    pub fn criterion(&self, key: &str) -> String {
        label_or_key(self.labels, key, self.m.lang().code())
    }

    /// A text parameter `key` shown to the reader: a crèche id as its name, a
    /// section of `creche` by its label, a criterion by its label, days,
    /// slots and dates in words; anything else as it is.
    pub fn shown(&self, key: &str, s: &str, creche: &str) -> String {
        if key == "creche" || key.ends_with("_creche") {
            self.creche(s)
        } else if key == "section" {
            self.section(creche, s)
        } else if key == "criterion" {
            self.criterion(s)
        } else if key == "day" {
            self.m.day(s)
        } else if key == "slot" {
            self.m.slot(s)
        } else if key == "start"
            || key.ends_with("date")
            || key == "as_of"
            || key == "available_from"
        {
            self.m.date(s)
        } else {
            s.to_string()
        }
    }

    /// A coded text: `value` serialises as `{"<tag>": "...", params...}` (a
    /// serde enum tagged `tag`); the message `<prefix>-<code>` (with `_` as
    /// `-`) gets every param as an argument, shown the reader's way (a crèche
    /// id as its name, a date in words). `None` when `value` has no such tag
    /// or the file lacks the message.
    pub fn coded<T: serde::Serialize>(&self, prefix: &str, tag: &str, value: &T) -> Option<String> {
        let json = serde_json::to_value(value).ok()?;
        let code = json.get(tag)?.as_str()?;
        let id = format!("{prefix}-{}", code.replace('_', "-"));
        let shown: Vec<(String, FluentValue<'static>)> = json
            .as_object()?
            .iter()
            .filter(|(k, _)| k.as_str() != tag)
            .map(|(k, v)| (k.replace('_', "-"), self.arg(&json, k, v)))
            .collect();
        let mut args = Args::new();
        for (k, v) in &shown {
            args.set(k.as_str(), v.clone());
        }
        self.m.try_text(&id, Some(&args))
    }

    /// One param of a coded text, shown to the reader: crèches by name,
    /// sections by label (the `creche` param of the same text says whose),
    /// days, slots and dates in words, numbers with the language's marks.
    fn arg(
        &self,
        all: &serde_json::Value,
        key: &str,
        v: &serde_json::Value,
    ) -> FluentValue<'static> {
        use serde_json::Value;
        match v {
            Value::String(s) => {
                let creche = all.get("creche").and_then(Value::as_str).unwrap_or("");
                FluentValue::from(self.shown(key, s, creche))
            }
            Value::Number(n) => match n.as_i64() {
                // Plural selection needs the number; it shows as written
                // (points and counts stay below a thousand in a sentence).
                Some(i) => FluentValue::from(i),
                None => FluentValue::from(self.m.number(n.as_f64().unwrap_or(0.0), 2)),
            },
            Value::Bool(b) => FluentValue::from(b.to_string()),
            other => FluentValue::from(other.to_string()),
        }
    }
}

/// A label in language `lang` from `labels`, or the key.
pub fn label_or_key(labels: Option<&BTreeMap<String, Label>>, key: &str, lang: &str) -> String {
    labels
        .and_then(|l| l.get(key))
        .map(|l| l.text(lang).to_string())
        .unwrap_or_else(|| key.to_string())
}
