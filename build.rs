//! Generates the gRPC code from `proto/` with the pure-Rust `protox` compiler
//! (no `protoc` to install) and `tonic-prost-build`, and writes the encoded
//! file descriptor set that the server's reflection service publishes; and
//! records the git commit the binary is built from (`creche_build_info` of
//! the metrics).

use std::path::PathBuf;
use std::process::Command;

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
        // prost's codec, but a request that does not decode is
        // INVALID_ARGUMENT (src/grpc/codec.rs).
        .codec_path("crate::grpc::codec::ProtoCodec")
        .build_server(true)
        .build_client(true)
        .compile_fds(compiler.file_descriptor_set())?;
    git_commit();
    Ok(())
}

/// `CRECHE_GIT_COMMIT` for the crate: the variable itself when the build
/// sets it (a container build has no `.git`: its Dockerfile passes it in),
/// else `git rev-parse --short=12 HEAD`, else `unknown`. Rerun when HEAD
/// moves (the reflog of HEAD changes on every commit and checkout).
fn git_commit() {
    println!("cargo:rerun-if-env-changed=CRECHE_GIT_COMMIT");
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .and_then(|o| String::from_utf8(o.stdout).ok())
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    for file in ["HEAD", "logs/HEAD"] {
        if let Some(path) = git(&["rev-parse", "--git-path", file]) {
            if std::path::Path::new(&path).exists() {
                println!("cargo:rerun-if-changed={path}");
            }
        }
    }
    let commit = std::env::var("CRECHE_GIT_COMMIT")
        .ok()
        .filter(|c| !c.is_empty())
        .or_else(|| git(&["rev-parse", "--short=12", "HEAD"]))
        .unwrap_or_else(|| "unknown".to_string());
    println!("cargo:rustc-env=CRECHE_GIT_COMMIT={commit}");
}
