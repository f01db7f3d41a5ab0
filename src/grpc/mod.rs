//! The gRPC adapter: proto ⇄ domain conversion ([`convert`] for instances,
//! [`convert_allocation`] for allocations, [`convert_cascade`],
//! [`convert_whatif`] and [`convert_transparency`] for the RPCs named so),
//! the jobs of those RPCs ([`cascade`], [`whatif`]: CompareScenarios,
//! [`transparency`]: Minutes and Suggest, [`decide`]: Decide), the options' checks (`options`),
//! the error model ([`status`]), the protobuf codec (decoding errors as
//! `INVALID_ARGUMENT`, [`codec`]), the solver thread and its bounded queue
//! ([`worker`]), the server ([`server`]), its health reports (`health`:
//! readiness and liveness), its Prometheus metrics ([`metrics`], each call
//! counted by `observe`), its configuration ([`config`]) and per-call
//! plumbing (`call`: request id, bearer token, deadline).
//!
//! The contract is `proto/creche/allocation/v1/allocation.proto`; the guide is
//! `docs/grpc.md`. Nothing in here holds domain logic: the service converts,
//! validates with [`crate::validate`], calls the library ([`crate::solve`],
//! [`crate::cascade`], [`crate::whatif`], [`crate::transparency`]) and maps
//! errors once.

mod call;
pub mod cascade;
pub mod codec;
pub mod config;
pub mod convert;
pub mod convert_allocation;
pub mod convert_cascade;
pub mod convert_transparency;
pub mod convert_whatif;
pub mod decide;
mod health;
mod linger;
pub mod metrics;
mod observe;
mod options;
pub mod pb;
pub mod server;
pub mod status;
pub mod transparency;
pub mod whatif;
pub mod worker;

pub use config::{ServeArgs, ServerConfig};
/// The generated messages, client and server of `creche.allocation.v1`.
pub use pb::{FILE_DESCRIPTOR_SET, SERVICE_NAME};
pub use server::{serve, serve_listeners, serve_with_shutdown, Listeners};
