//! Each domain rule in one place: age at a date, points of a request at a
//! crèche, the options (crèche × section × block) a request may take.

pub mod age;
pub mod options;
pub mod points;

pub use options::{claim_points_at, resolve, Opt, RequestOptions, Wish};
