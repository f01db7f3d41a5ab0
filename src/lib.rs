//! Place-allocation optimizer for crèche commissions.
//!
//! The flow: [`Instance`](domain::Instance) (JSON) → [`validate`] →
//! [`Commission`](domain::Commission) → [`rules`] (options of each request) →
//! [`solve`] (model, HiGHS, allocation, explanation). See `ARCHITECTURE.md`.

pub mod adopt;
pub mod bench;
pub mod cascade;
pub mod decide;
pub mod domain;
pub mod error;
pub mod generate;
pub mod grpc;
pub mod i18n;
pub mod io;
pub mod rules;
pub mod solve;
pub mod summary;
pub mod transparency;
pub mod validate;
pub mod whatif;

pub use error::{Error, Problem, Result};
