# syntax=docker/dockerfile:1
# The creche-alloc gRPC service. README.md, "Running in production".
#
#   docker build --build-arg GIT_COMMIT=$(git rev-parse --short=12 HEAD) -t creche-alloc:0.1.0 .
#   docker run --rm -p 50051:50051 -p 50052:50052 -p 9464:9464 creche-alloc:0.1.0
#
# The build stage runs the project's own scripts/setup.sh, the script CI runs
# (.ci/run -> scripts/test.sh -> scripts/setup.sh): the same packages (cmake,
# g++, libclang-dev: HiGHS is compiled from source and bound with bindgen) and
# the same `cargo build --release --locked --all-targets`, so the image cannot
# drift from what is tested. --no-test-tools leaves out Python and Chromium,
# which only the tests use. tests/deploy.rs checks this file calls the script.

FROM rust:1-bookworm AS build
WORKDIR /src
# No .git in the build context (.dockerignore): build.rs takes the commit
# from this variable, for the metrics' creche_build_info.
ARG GIT_COMMIT=unknown
ENV CRECHE_GIT_COMMIT=${GIT_COMMIT}
COPY . .
RUN bash scripts/setup.sh --no-test-tools

# Runtime: the binary (the default instance is embedded in it) on a
# distroless base with the C++ runtime HiGHS needs (libstdc++, libgcc), no
# shell, no package manager, user 65532 ("nonroot").
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /src/target/release/creche-alloc /usr/local/bin/creche-alloc
USER 65532:65532
# Configuration by environment variables, as on the command line
# (docs/grpc.md): CRECHE_GRPC_TOKEN, CRECHE_GRPC_TLS_CERT, CRECHE_GRPC_TLS_KEY,
# CRECHE_GRPC_QUEUE_LEN, CRECHE_GRPC_MAX_SOLVE_TIME, CRECHE_GRPC_SHUTDOWN_GRACE...
ENV CRECHE_GRPC_ADDR=0.0.0.0:50051 \
    CRECHE_METRICS_ADDR=0.0.0.0:9464 \
    CRECHE_HEALTH_ADDR=0.0.0.0:50052 \
    CRECHE_LOG_FORMAT=json
EXPOSE 50051 50052 9464
ENTRYPOINT ["/usr/local/bin/creche-alloc", "serve"]
