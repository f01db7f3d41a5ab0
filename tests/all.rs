//! Every integration test, in one test binary: each file under `tests/` is a
//! module of it. One binary links the library once instead of some thirty
//! times, which was most of a clean build's time in CI. The files keep their
//! paths, so `tests/whatif.rs::section_swap` still names a test; run one file
//! with `cargo test --release --test all whatif::`.

mod common;

#[path = "adoption.rs"]
mod adoption;
#[path = "architecture.rs"]
mod architecture;
#[path = "cascade.rs"]
mod cascade;
#[path = "checker.rs"]
mod checker;
#[path = "cli.rs"]
mod cli;
#[path = "contract.rs"]
mod contract;
#[path = "decisions.rs"]
mod decisions;
#[path = "deploy.rs"]
mod deploy;
#[path = "documents.rs"]
mod documents;
#[path = "fuzz.rs"]
mod fuzz;
#[path = "grpc.rs"]
mod grpc;
#[path = "grpc_cancel.rs"]
mod grpc_cancel;
#[path = "grpc_cascade.rs"]
mod grpc_cascade;
#[path = "grpc_decide.rs"]
mod grpc_decide;
#[path = "grpc_hardening.rs"]
mod grpc_hardening;
#[path = "grpc_lifecycle.rs"]
mod grpc_lifecycle;
#[path = "grpc_transparency.rs"]
mod grpc_transparency;
#[path = "grpc_whatif.rs"]
mod grpc_whatif;
#[path = "instances.rs"]
mod instances;
#[path = "metrics.rs"]
mod metrics;
#[path = "properties.rs"]
mod properties;
#[path = "readme.rs"]
mod readme;
#[path = "transparency.rs"]
mod transparency;
#[path = "validation.rs"]
mod validation;
#[path = "whatif.rs"]
mod whatif;
#[path = "worked_examples.rs"]
mod worked_examples;
