//! The server's edges, end to end on 127.0.0.1:0: the status of a request
//! that does not decode, of a non-UTF-8 `instance_json` and of an oversized
//! message (the gRPC status code guide's codes), and a shutdown with a
//! health `Watch` stream open (it ends at once; only allocation calls are
//! drained).

use crate::common;

use std::time::Duration;

use common::grpc::TestServer;
use creche_alloc::grpc::codec::ProtoCodec;
use creche_alloc::grpc::pb::{self, solve_request};
use creche_alloc::grpc::{ServerConfig, SERVICE_NAME};
use creche_alloc::io;
use prost::bytes::BufMut;
use tonic::codec::{Codec, EncodeBuf, Encoder};
use tonic::{Code, Request, Status};
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_types::StatusExt;

/// Sends raw bytes as the request message; decodes a `SolveResponse`.
#[derive(Default)]
struct Raw;

struct RawEncoder;

impl Encoder for RawEncoder {
    type Item = Vec<u8>;
    type Error = Status;
    fn encode(&mut self, item: Vec<u8>, dst: &mut EncodeBuf<'_>) -> Result<(), Status> {
        dst.put_slice(&item);
        Ok(())
    }
}

impl Codec for Raw {
    type Encode = Vec<u8>;
    type Decode = pb::SolveResponse;
    type Encoder = RawEncoder;
    type Decoder = <ProtoCodec<pb::SolveRequest, pb::SolveResponse> as Codec>::Decoder;
    fn encoder(&mut self) -> RawEncoder {
        RawEncoder
    }
    fn decoder(&mut self) -> Self::Decoder {
        ProtoCodec::<pb::SolveRequest, pb::SolveResponse>::default().decoder()
    }
}

/// Calls Solve with `bytes` as the request message.
async fn solve_raw(server: &TestServer, bytes: Vec<u8>) -> Status {
    let mut grpc = tonic::client::Grpc::new(server.channel().await);
    grpc.ready().await.unwrap();
    let path =
        http::uri::PathAndQuery::from_static("/creche.allocation.v1.AllocationService/Solve");
    grpc.unary(Request::new(bytes), path, Raw)
        .await
        .expect_err("the server refuses the message")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undecodable_and_non_utf8_messages_are_invalid_argument() {
    let server = TestServer::start(ServerConfig::default()).await;

    // Field 2 (instance_json), length 2, bytes that are not UTF-8.
    let status = solve_raw(&server, vec![0x12, 0x02, 0xff, 0xfe]).await;
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    let bad = status
        .get_details_bad_request()
        .expect("a BadRequest detail");
    // prost names a oneof's field by the oneof (`input`: instance or instance_json).
    assert_eq!(bad.field_violations[0].field, "input");
    assert!(
        bad.field_violations[0].description.contains("UTF-8"),
        "{bad:?}"
    );

    // Field 1 (instance) says 5 bytes follow; one does.
    let status = solve_raw(&server, vec![0x0a, 0x05, 0x01]).await;
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    assert!(status.message().contains("does not decode"), "{status:?}");
    assert_eq!(
        status
            .get_details_bad_request()
            .unwrap()
            .field_violations
            .len(),
        1
    );
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_message_is_resource_exhausted() {
    let server = TestServer::start(ServerConfig {
        max_message_bytes: 1024,
        ..ServerConfig::default()
    })
    .await;
    let mut client = server.client().await;
    let big = pb::SolveRequest {
        input: Some(solve_request::Input::InstanceJson(
            io::DEFAULT_INSTANCE.into(),
        )),
        options: None,
    };
    let status = client.solve(big).await.unwrap_err();
    assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_ends_health_watches_at_once_and_drains_the_solve() {
    use tonic_health::pb::health_client::HealthClient;
    use tonic_health::pb::HealthCheckRequest;

    // The default grace (600 s): a Watch stream that held the shutdown
    // would hold it for ten minutes.
    let config = ServerConfig::default();
    assert!(config.shutdown_grace >= Duration::from_secs(600));
    let server = TestServer::start(config).await;
    let mut health = HealthClient::new(server.channel().await);
    let mut watch = health
        .watch(HealthCheckRequest {
            service: SERVICE_NAME.to_string(),
        })
        .await
        .unwrap()
        .into_inner();
    let first = watch.message().await.unwrap().unwrap();
    assert_eq!(first.status(), ServingStatus::Serving);

    // A solve still running at the shutdown: the balanced policy on the
    // town, cut at 2 s (strict points order solves the default commission
    // in milliseconds).
    let town = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("instances/generated/town-40x1500.json"),
    )
    .unwrap();
    let mut client = server.client().await;
    let solving = tokio::spawn(async move {
        client
            .solve(pb::SolveRequest {
                input: Some(solve_request::Input::InstanceJson(town)),
                options: Some(pb::SolveOptions {
                    strategy: pb::Strategy::Balanced as i32,
                    time_limit: Some(prost_types::Duration {
                        seconds: 2,
                        nanos: 0,
                    }),
                    ..Default::default()
                }),
            })
            .await
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let stopped = tokio::spawn(server.shutdown());

    // NOT_SERVING, then the stream ends, long before any grace period.
    let seen = tokio::time::timeout(Duration::from_secs(20), async {
        let mut seen = Vec::new();
        while let Some(m) = watch.message().await.expect("the stream ends cleanly") {
            seen.push(m.status());
        }
        seen
    })
    .await
    .expect("the health stream ends at once");
    assert_eq!(seen.last(), Some(&ServingStatus::NotServing), "{seen:?}");

    // The allocation call in flight is drained, not cut.
    let solved = solving
        .await
        .unwrap()
        .expect("the solve in flight completes");
    assert!(solved.into_inner().allocation.is_some());
    stopped.await.unwrap();
}
