//! The procès-verbal written out: the document model ([`Minutes`]) rendered as
//! Markdown or printable HTML. Apart from the model so that the writers and
//! the model never import each other.

use super::minutes::{Minutes, RunInfo};
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
    let doc = Minutes::build(c, alloc, run, lang, suggestions)?;
    Ok(match format {
        Format::Markdown => minutes_md::render(&doc),
        Format::Html => minutes_html::render(&doc),
    })
}
