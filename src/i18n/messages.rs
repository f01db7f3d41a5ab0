//! The languages and their messages: [`Lang`], the Fluent bundle of each
//! ([`Messages`]) and the named arguments of a message ([`Args`], `args!`).
//! The rest of `i18n` words things with these; nothing here knows a name.

use std::borrow::Cow;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};

pub(super) const FR: &str = include_str!("locales/fr.ftl");
pub(super) const EN: &str = include_str!("locales/en.ftl");

/// The language of a document or a message.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// Français (default).
    #[default]
    Fr,
    /// English.
    En,
}

impl Lang {
    /// `fr` or `en`: the code of the language, as in an HTML `lang` attribute
    /// and in a label given per language.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// The messages of this language (parsed once per process).
    pub fn messages(self) -> &'static Messages {
        static FR_MESSAGES: OnceLock<Messages> = OnceLock::new();
        static EN_MESSAGES: OnceLock<Messages> = OnceLock::new();
        match self {
            Lang::Fr => FR_MESSAGES.get_or_init(|| Messages::new(Lang::Fr, FR)),
            Lang::En => EN_MESSAGES.get_or_init(|| Messages::new(Lang::En, EN)),
        }
    }
}

/// Named arguments of a message (`{ $name }` in the message file).
#[derive(Default)]
pub struct Args<'a>(FluentArgs<'a>);

impl<'a> Args<'a> {
    pub fn new() -> Self {
        Args(FluentArgs::new())
    }
    /// Adds an argument: text (`&str`, `String`) or a number (selects a
    /// plural form; write it with [`Messages::int`] where it is shown and
    /// may exceed 999).
    pub fn set(
        &mut self,
        name: impl Into<Cow<'a, str>>,
        value: impl Into<FluentValue<'a>>,
    ) -> &mut Self {
        self.0.set(name, value);
        self
    }
    /// The same, by value, to chain.
    pub fn with(mut self, name: &'a str, value: impl Into<FluentValue<'a>>) -> Self {
        self.0.set(name, value);
        self
    }
}

/// `args!{"id" => c.id.as_str(), "n" => 3}`: the [`Args`] of a message.
#[macro_export]
macro_rules! args {
    ($($k:literal => $v:expr),* $(,)?) => {{
        #[allow(unused_mut)]
        let mut a = $crate::i18n::Args::new();
        $(a.set($k, $v);)*
        a
    }};
}

/// The messages of one language.
pub struct Messages {
    lang: Lang,
    bundle: FluentBundle<FluentResource>,
}

impl std::fmt::Debug for Messages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Messages({})", self.lang.code())
    }
}

impl Messages {
    fn new(lang: Lang, source: &'static str) -> Self {
        let resource = FluentResource::try_new(source.to_string())
            .unwrap_or_else(|(_, e)| panic!("locales/{}.ftl does not parse: {e:?}", lang.code()));
        let id = lang.code().parse().expect("a language identifier");
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // Plain text: no Unicode isolation marks around arguments (they
        // would show in Markdown, HTML attributes and terminals).
        bundle.set_use_isolating(false);
        bundle
            .add_resource(resource)
            .unwrap_or_else(|e| panic!("locales/{}.ftl: {e:?}", lang.code()));
        Messages { lang, bundle }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Whether the message file has `id`.
    pub fn has(&self, id: &str) -> bool {
        self.bundle.has_message(id)
    }

    /// Message `id` with its arguments; the id itself if the file lacks it
    /// (a test checks that every id the code asks for exists in both files).
    pub fn text(&self, id: &str, args: &Args) -> String {
        self.try_text(id, Some(args))
            .unwrap_or_else(|| id.to_string())
    }

    /// Message `id` without arguments.
    pub fn t(&self, id: &str) -> String {
        self.try_text(id, None).unwrap_or_else(|| id.to_string())
    }

    /// Message `id`, or `None` when the file has no such message.
    pub fn try_text(&self, id: &str, args: Option<&Args>) -> Option<String> {
        self.format(id, args).map(|(text, _)| text)
    }

    /// Message `id`, or `None` when the file has no such message or the
    /// message uses an argument `args` lacks.
    pub fn strict_text(&self, id: &str, args: &Args) -> Option<String> {
        self.format(id, Some(args))
            .and_then(|(text, complete)| complete.then_some(text))
    }

    /// Message `id` and whether it was written without error.
    fn format(&self, id: &str, args: Option<&Args>) -> Option<(String, bool)> {
        let pattern = self.bundle.get_message(id)?.value()?;
        let mut errors = Vec::new();
        let text = self
            .bundle
            .format_pattern(pattern, args.map(|a| &a.0), &mut errors);
        Some((text.into_owned(), errors.is_empty()))
    }

    /// An allocation's status in words (`optimal` → `optimale (prouvée)`).
    pub fn status(&self, status: &str) -> String {
        self.try_text(&format!("status-{status}"), None)
            .unwrap_or_else(|| status.to_string())
    }

    /// A day of the week by its instance id (`mon` → `lun.`), or the id.
    pub fn day(&self, id: &str) -> String {
        self.try_text(&format!("day-{id}"), None)
            .unwrap_or_else(|| id.to_string())
    }

    /// A half-day slot by its instance id (`am` → `matin`), or the id.
    pub fn slot(&self, id: &str) -> String {
        self.try_text(&format!("slot-{id}"), None)
            .unwrap_or_else(|| id.to_string())
    }
}
