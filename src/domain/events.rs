//! What happens after the commission, as the portal reports it.
//!
//! An events file is `{"commission_id": "...", "as_of": "YYYY-MM-DD"?, "events": [...]}`;
//! each event is `{"date", "request", "type", ...}` with `type` one of
//! `offer_sent` (optionally with the `place` of an offer made by a cascade),
//! `accepted`, `refused` (with `carry_over`: the family asks to be presented
//! at the next commission), `no_show`, `withdrawn`, `carry_requested` (an
//! unserved family asks to be presented again). `no_answer` is never sent: it is
//! derived 10 days after `offer_sent`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventLog {
    pub commission_id: String,
    /// The day the state is computed for (default: the last event's date, or
    /// the commission's date when there is no event).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    #[serde(default)]
    pub events: Vec<Event>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub date: String,
    pub request: String,
    #[serde(flatten)]
    pub kind: EventKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    /// The family was told of its offer; its 10 days start.
    OfferSent {
        /// The place, for an offer made by a cascade (the commission's own
        /// offers come from the allocation).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        place: Option<Place>,
    },
    Accepted,
    Refused {
        #[serde(default)]
        carry_over: bool,
    },
    /// The child was not brought within 15 days of its entry date.
    NoShow,
    /// The family cancelled its request (moved, other solution).
    Withdrawn,
    /// An unserved family asks to be presented at the next commission.
    CarryRequested,
}

impl EventKind {
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::OfferSent { .. } => "offer_sent",
            EventKind::Accepted => "accepted",
            EventKind::Refused { .. } => "refused",
            EventKind::NoShow => "no_show",
            EventKind::Withdrawn => "withdrawn",
            EventKind::CarryRequested => "carry_requested",
        }
    }
}

/// A place offered by a cascade, as in an assignment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub creche: String,
    pub section: String,
    pub block: usize,
    pub entry_date: String,
}
