//! The messages and the service generated from `proto/` (by `build.rs`), with
//! the descriptor set that reflection serves and the service's name.
#![allow(clippy::all, missing_docs)]

tonic::include_proto!("creche.allocation.v1");

pub const FILE_DESCRIPTOR_SET: &[u8] =
    tonic::include_file_descriptor_set!("creche_allocation_v1_descriptor");

pub const SERVICE_NAME: &str = "creche.allocation.v1.AllocationService";
