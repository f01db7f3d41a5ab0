//! Every text a person reads, in French or English, from one message file per
//! language (Project Fluent: `locales/fr.ftl`, `locales/en.ftl`, embedded in
//! the binary). Code asks for a message by id with named arguments
//! ([`Messages::text`]); it never holds a sentence of its own.
//!
//! French is the default: the commission, the families and the elected
//! officials read French, and the procès-verbal is an official French
//! document. Numbers, percentages and dates are formatted here the way each
//! language writes them ("4 janvier 2027", "84,9 %"; "4 January 2027",
//! "84.9 %"), and a malus is written with a minus sign.
//!
//! Coded texts are rendered by [`Names::coded`] (a suggestion's reason: a
//! value serialised as `{"code": "...", params...}` becomes the message
//! `<prefix>-<code>` with its params as arguments) and [`Names::reason`] (the
//! allocation's reasons and notes: a [`crate::domain::ReasonCode`] and its
//! machine parameters become the message `reason-<code>`), through [`Names`]
//! so that ids become the names a reader knows.

mod format;
mod messages;
mod names;
mod reasons;

pub use format::{date_words, month_day_words};
pub use messages::{Args, Lang, Messages};
pub use names::{label_or_key, Names};

#[cfg(test)]
mod tests;
