//! A label a reader knows, for a barème criterion or a section: one text, or
//! one text per language (`{"fr": "Bébés", "en": "Babies"}`). Optional in
//! the instance; where none is given, documents show the id or key.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Label {
    /// The same text in every language.
    Text(String),
    /// Language code (`fr`, `en`) → text.
    ByLang(BTreeMap<String, String>),
}

impl Label {
    /// The text for language `lang` (`fr`, `en`): its own, else the French
    /// one (the rules' wording), else the first given.
    pub fn text(&self, lang: &str) -> &str {
        match self {
            Label::Text(t) => t,
            Label::ByLang(m) => m
                .get(lang)
                .or_else(|| m.get("fr"))
                .or_else(|| m.values().next())
                .map_or("", String::as_str),
        }
    }

    /// Every text of the label (for checks over all languages).
    pub fn texts(&self) -> Vec<&str> {
        match self {
            Label::Text(t) => vec![t.as_str()],
            Label::ByLang(m) => m.values().map(String::as_str).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_falls_back_to_french_then_to_any() {
        let one: Label = serde_json::from_str(r#""Bébés""#).unwrap();
        assert_eq!(one.text("en"), "Bébés");
        let two: Label = serde_json::from_str(r#"{"fr": "Bébés", "en": "Babies"}"#).unwrap();
        assert_eq!(
            (two.text("fr"), two.text("en"), two.text("de")),
            ("Bébés", "Babies", "Bébés")
        );
        let en: Label = serde_json::from_str(r#"{"en": "Babies"}"#).unwrap();
        assert_eq!(en.text("fr"), "Babies");
    }
}
