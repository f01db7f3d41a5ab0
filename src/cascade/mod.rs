//! After the commission: events → state (replay) → cascade of next offers,
//! lifecycle counters and the requests carried to the next commission.

pub mod offers;
pub mod state;

pub use crate::domain::events::{Event, EventKind, EventLog, Place};
pub use offers::{carried_requests, next_offers, Cascade, Lifecycle, NewOffer};
pub use state::{replay, RequestState, Stage, State};
