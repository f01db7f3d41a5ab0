//! The gRPC adapter: proto ⇄ domain conversion ([`convert`]), the error model
//! ([`status`]), the solver thread and its bounded queue ([`worker`]) and the
//! server with its configuration ([`server`]).
//!
//! The contract is `proto/creche/allocation/v1/allocation.proto`; the guide is
//! `docs/grpc.md`. Nothing in here holds domain logic: the service converts,
//! validates with [`crate::validate`], solves with [`crate::solve`] and maps
//! errors once.

pub mod convert;
pub mod server;
pub mod status;
pub mod worker;

/// The generated messages, client and server of `creche.allocation.v1`.
#[allow(clippy::all, missing_docs)]
pub mod pb {
    tonic::include_proto!("creche.allocation.v1");
}

/// Encoded `FileDescriptorSet` of the contract (with its imports), served by
/// the reflection service.
pub const FILE_DESCRIPTOR_SET: &[u8] =
    tonic::include_file_descriptor_set!("creche_allocation_v1_descriptor");

/// Full name of the allocation service, as health checks and reflection list it.
pub const SERVICE_NAME: &str = "creche.allocation.v1.AllocationService";

pub use server::{serve, serve_with_shutdown, ServeArgs, ServerConfig};
