//! Generates the gRPC code from `proto/` with the pure-Rust `protox` compiler
//! (no `protoc` to install) and `tonic-prost-build`, and writes the encoded
//! file descriptor set that the server's reflection service publishes.

use std::path::PathBuf;

const PROTO_ROOT: &str = "proto";
const PROTOS: &[&str] = &["creche/allocation/v1/allocation.proto"];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed={PROTO_ROOT}");
    for p in PROTOS {
        println!("cargo:rerun-if-changed={PROTO_ROOT}/{p}");
    }
    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);

    // Source info keeps the proto comments in the generated docs and in what
    // reflection serves; imports make the set self-contained for reflection
    // (google/protobuf/duration.proto).
    let mut compiler = protox::Compiler::new([PROTO_ROOT])?;
    compiler.include_source_info(true).include_imports(true);
    compiler.open_files(PROTOS)?;
    std::fs::write(
        out_dir.join("creche_allocation_v1_descriptor.bin"),
        compiler.encode_file_descriptor_set(),
    )?;

    tonic_prost_build::configure()
        .build_server(true)
        .build_client(true)
        .compile_fds(compiler.file_descriptor_set())?;
    Ok(())
}
