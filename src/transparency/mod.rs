//! Transparency: what a commission writes down and what the Guichet Unique
//! tells a family that waits.
//!
//! - [`minutes`]: the procès-verbal as a document model, rendered by
//!   [`minutes_md`] (Markdown) and [`minutes_html`] (printable HTML);
//! - [`candidates`]: the changes worth trying for a request, generated without solving;
//! - [`change`]: one change to one request of an instance (a half-day or a day
//!   less, a later entry, one more crèche, more points at a crèche);
//! - [`fit`]: the cheap pre-filter: would the changed request fit at all beside
//!   the requests with more points;
//! - [`others`]: who else moves when a change places a request, and why;
//! - [`suggest`]: for each waiting request, the smallest changes that give it a
//!   place, each proven by re-solving the commission with that change alone.
//!
//! Everything here is a plain library function (commission, allocation,
//! options → `String` or a serialisable struct), so that an RPC is a thin
//! wrapper (the command line is `src/cli/minutes.rs` and `src/cli/suggest.rs`).
//! Documents are anonymous: requests appear by id only, with dates, points
//! and plannings, never a criterion of their own; crèches, sections and
//! criteria by the names a reader knows.

pub mod candidates;
pub mod change;
pub mod fit;
mod lacked;
pub mod minutes;
pub mod minutes_decisions;
pub mod minutes_html;
pub mod minutes_md;
pub mod others;
pub mod recorded;
pub mod render;
pub mod suggest;

pub use minutes::{Recorded, RunInfo};
pub use recorded::{read_hashed, sha256_hex, strategy_of};
pub use render::{minutes, minutes_decided, Format};
pub use suggest::{suggest, SuggestOptions, Suggestions};
