//! Plain data of the domain: no solver, gRPC or I/O types here.
//!
//! - [`instance`] and [`allocation`] are the JSON contract, field for field;
//! - [`commission`] is the checked model the rules and solvers work on;
//! - [`slots`] is the week grid and sets of half-days;
//! - [`label`] is a label a reader knows (a criterion's, a section's), per language.

pub mod allocation;
pub mod commission;
pub mod decisions;
pub mod events;
pub mod instance;
pub mod label;
pub mod reason;
pub mod slots;

pub use allocation::{Allocation, Assignment, Metrics, Status, WaitingEntry, WishReason};
pub use commission::{
    Bareme, Block, Child, Commission, Creche, History, Overdrawn, Request, Section, SiblingGroup,
    Validated,
};
pub use instance::Instance;
pub use label::Label;
pub use reason::{Reason, ReasonCode};
pub use slots::{SlotSet, WeekGrid};
