//! The procès-verbal written out: the document model ([`Minutes`]) rendered as
//! Markdown or printable HTML. Apart from the model so that the writers and
//! the model never import each other.

use super::minutes::{Minutes, Recorded, RunInfo};
use super::suggest::Suggestions;
use super::{minutes_html, minutes_md};
use crate::domain::{Allocation, Commission};
use crate::error::Result;
use crate::i18n::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
}

/// The minutes of `alloc`, the allocation of commission `c`, as Markdown or
/// printable HTML; with the suggestions for the waiting list when given.
pub fn minutes(
    c: &Commission,
    alloc: &Allocation,
    run: &RunInfo,
    format: Format,
    lang: Lang,
    suggestions: Option<&Suggestions>,
) -> Result<String> {
    minutes_decided(c, alloc, run, format, lang, suggestions, None)
}

/// [`minutes`] of an allocation made under the commission's decisions: with
/// the section "Décisions de la commission" and the decisions file in the
/// footer. `alloc` must place every family where the decisions put it
/// ([`crate::decide::decide`]'s allocation).
pub fn minutes_decided(
    c: &Commission,
    alloc: &Allocation,
    run: &RunInfo,
    format: Format,
    lang: Lang,
    suggestions: Option<&Suggestions>,
    decisions: Option<&Recorded>,
) -> Result<String> {
    let mut doc = Minutes::build(c, alloc, run, lang, suggestions)?;
    if let Some(d) = decisions {
        super::minutes_decisions::record(&mut doc, d)?;
    }
    Ok(match format {
        Format::Markdown => minutes_md::render(&doc),
        Format::Html => minutes_html::render(&doc),
    })
}
