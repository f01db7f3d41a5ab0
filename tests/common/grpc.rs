//! The gRPC server in a test: started on 127.0.0.1:0 in the test's runtime,
//! called with the generated client, stopped gracefully.

use std::net::SocketAddr;
use std::time::Duration;

use creche_alloc::grpc::pb::allocation_service_client::AllocationServiceClient;
use creche_alloc::grpc::{Listeners, ServerConfig};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tonic::transport::Channel;
use tonic_types::StatusExt;

/// A server running in the test's runtime; stopped (gracefully) on drop of
/// `stop` or by [`TestServer::shutdown`].
pub struct TestServer {
    pub addr: SocketAddr,
    /// Where `/metrics` is served, when started with it.
    pub metrics: Option<SocketAddr>,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl TestServer {
    pub async fn start(config: ServerConfig) -> TestServer {
        TestServer::start_with(config, false).await
    }

    /// [`TestServer::start`], and `/metrics` on another loopback port.
    pub async fn start_with_metrics(config: ServerConfig) -> TestServer {
        TestServer::start_with(config, true).await
    }

    async fn start_with(config: ServerConfig, with_metrics: bool) -> TestServer {
        let bind = || tokio::net::TcpListener::bind("127.0.0.1:0");
        let listener = bind().await.unwrap();
        let addr = listener.local_addr().unwrap();
        let metrics = match with_metrics {
            true => Some(bind().await.unwrap()),
            false => None,
        };
        let metrics_addr = metrics.as_ref().map(|l| l.local_addr().unwrap());
        let listeners = Listeners {
            grpc: listener,
            metrics,
            health: None,
        };
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            creche_alloc::grpc::serve_listeners(listeners, config, async {
                let _ = stopped.await;
            })
            .await
            .expect("server ran");
        });
        TestServer {
            addr,
            metrics: metrics_addr,
            stop: Some(stop),
            task,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub async fn channel(&self) -> Channel {
        Channel::from_shared(self.url())
            .unwrap()
            .connect()
            .await
            .unwrap()
    }

    pub async fn client(&self) -> AllocationServiceClient<Channel> {
        AllocationServiceClient::new(self.channel().await).max_decoding_message_size(64 << 20)
    }

    pub async fn shutdown(mut self) {
        let _ = self.stop.take().unwrap().send(());
        tokio::time::timeout(Duration::from_secs(60), self.task)
            .await
            .expect("server stops")
            .unwrap();
    }
}

/// The field violations (field, description) of a status's BadRequest detail.
pub fn violations(status: &tonic::Status) -> Vec<(String, String)> {
    let details = status.check_error_details().expect("decodable details");
    details
        .bad_request()
        .expect("a BadRequest detail")
        .field_violations
        .iter()
        .map(|v| (v.field.clone(), v.description.clone()))
        .collect()
}
