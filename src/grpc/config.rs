//! The server's configuration: [`ServerConfig`] (what the server needs) and
//! [`ServeArgs`] (the flags and environment variables of `creche-alloc
//! serve`), and the log subscriber.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use tonic::transport::Identity;

use super::worker::MIN_SOLVE_TIME;

/// Any error of the server's set-up, as the binary prints it.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Everything the server needs, independent of how it was given.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Bearer token required on AllocationService calls (`authorization:
    /// Bearer <token>`); `None` accepts every call. Health and reflection are
    /// never guarded.
    pub token: Option<String>,
    /// TLS certificate chain and private key (PEM); `None` serves plaintext
    /// HTTP/2.
    pub tls: Option<Identity>,
    /// Largest request or response message, in bytes.
    pub max_message_bytes: usize,
    /// Solve time limit when neither the call's deadline nor its options give one.
    pub default_solve_time: Duration,
    /// Solve time limit never exceeded.
    pub max_solve_time: Duration,
    /// Taken off the call's deadline to leave time for the explanation, the
    /// response and the network.
    pub deadline_margin: Duration,
    /// Solve jobs that may wait for the solver thread; one more is refused
    /// with RESOURCE_EXHAUSTED.
    pub queue_len: usize,
    /// After the shutdown signal, how long calls in flight (and queued
    /// solves) may take to finish before the remaining connections are closed
    /// (health `Watch` streams are ended at once; a reflection stream a
    /// client keeps open is not).
    pub shutdown_grace: Duration,
    /// Each solve's HiGHS log and stage times as log events (the
    /// [`SolverSettings`](crate::solve::SolverSettings) of every job; its
    /// other settings are the server's own: one HiGHS thread, the time limit
    /// from the call, the call's cancellation).
    pub solver_diagnostics: bool,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            token: None,
            tls: None,
            max_message_bytes: 16 * 1024 * 1024,
            default_solve_time: Duration::from_secs(60),
            max_solve_time: Duration::from_secs(300),
            deadline_margin: Duration::from_millis(100),
            queue_len: 16,
            shutdown_grace: Duration::from_secs(600),
            solver_diagnostics: false,
        }
    }
}

/// Default `--addr`. Its port is the one the Kubernetes manifests' container
/// port and probes use (`tests/deploy.rs` checks).
pub const DEFAULT_ADDR: &str = "127.0.0.1:50051";

/// Port of `/metrics` in the documentation and the manifests
/// (`--metrics-addr 0.0.0.0:9464`; 9464 is the port Prometheus' exporter
/// list gives the OpenTelemetry Prometheus exporter, free of the usual
/// application ports). Metrics are off unless `--metrics-addr` is given.
pub const METRICS_PORT: u16 = 9464;

/// Port of the plaintext health listener in the documentation and the
/// manifests (`--health-addr 0.0.0.0:50052`: the kubelet's gRPC probes).
pub const HEALTH_PORT: u16 = 50052;

/// Flags of `creche-alloc serve`, each also read from an environment variable.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "CRECHE_GRPC_ADDR", default_value = DEFAULT_ADDR)]
    pub addr: SocketAddr,
    /// Serve Prometheus metrics on http://HOST:PORT/metrics (plaintext, no
    /// token: bind it where only the scraper reaches). Off by default.
    #[arg(long, env = "CRECHE_METRICS_ADDR", value_name = "HOST:PORT")]
    pub metrics_addr: Option<SocketAddr>,
    /// Also serve grpc.health.v1 alone, in plaintext, on HOST:PORT: for
    /// probes that cannot speak TLS (the kubelet's) when the main address
    /// serves TLS. Off by default.
    #[arg(long, env = "CRECHE_HEALTH_ADDR", value_name = "HOST:PORT")]
    pub health_addr: Option<SocketAddr>,
    /// TLS certificate chain (PEM file); with --tls-key, serves over TLS.
    #[arg(long, env = "CRECHE_GRPC_TLS_CERT", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// TLS private key (PEM file).
    #[arg(long, env = "CRECHE_GRPC_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// Require `authorization: Bearer <TOKEN>` on AllocationService calls
    /// (prefer the environment variable: a flag shows in the process list).
    #[arg(long, env = "CRECHE_GRPC_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Largest request or response message, in bytes.
    #[arg(long, env = "CRECHE_GRPC_MAX_MESSAGE_BYTES", default_value_t = 16 * 1024 * 1024)]
    pub max_message_bytes: usize,
    /// Seconds: solve time limit of a call with no deadline and no time_limit option.
    #[arg(long, env = "CRECHE_GRPC_DEFAULT_SOLVE_TIME", default_value = "60", value_parser = seconds)]
    pub default_solve_time: Duration,
    /// Seconds: solve time limit never exceeded, whatever the call asks.
    #[arg(long, env = "CRECHE_GRPC_MAX_SOLVE_TIME", default_value = "300", value_parser = seconds)]
    pub max_solve_time: Duration,
    /// Seconds taken off a call's deadline for the explanation and the response.
    #[arg(long, env = "CRECHE_GRPC_DEADLINE_MARGIN", default_value = "0.1", value_parser = seconds)]
    pub deadline_margin: Duration,
    /// Solve calls that may wait for the solver; one more gets RESOURCE_EXHAUSTED.
    #[arg(long, env = "CRECHE_GRPC_QUEUE_LEN", default_value_t = 16,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub queue_len: u32,
    /// Seconds in-flight calls may take to finish after SIGTERM or ctrl-c.
    #[arg(long, env = "CRECHE_GRPC_SHUTDOWN_GRACE", default_value = "600", value_parser = seconds)]
    pub shutdown_grace: Duration,
    /// Log each solve's HiGHS output and stage times (verbose: for
    /// investigating a slow solve).
    #[arg(long, env = "CRECHE_SOLVER_DIAGNOSTICS")]
    pub solver_diagnostics: bool,
    /// Log format (levels: RUST_LOG, default `info`).
    #[arg(long, env = "CRECHE_LOG_FORMAT", value_enum, default_value = "text")]
    pub log_format: LogFormat,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum LogFormat {
    /// One human-readable line per event.
    Text,
    /// One JSON object per event.
    Json,
}

fn seconds(s: &str) -> Result<Duration, String> {
    let x: f64 = s
        .parse()
        .map_err(|_| format!("not a number of seconds: {s}"))?;
    if (0.0..1e9).contains(&x) {
        Ok(Duration::from_secs_f64(x))
    } else {
        Err(format!("not a non-negative number of seconds: {s}"))
    }
}

impl ServeArgs {
    /// Reads the TLS files and builds the configuration.
    pub fn config(&self) -> Result<ServerConfig, BoxError> {
        let tls = match (&self.tls_cert, &self.tls_key) {
            (Some(cert), Some(key)) => {
                let read = |p: &PathBuf| {
                    std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()))
                };
                Some(Identity::from_pem(read(cert)?, read(key)?))
            }
            _ => None,
        };
        if self.max_solve_time < MIN_SOLVE_TIME {
            return Err("--max-solve-time is too small".into());
        }
        Ok(ServerConfig {
            token: self.token.clone().filter(|t| !t.is_empty()),
            tls,
            max_message_bytes: self.max_message_bytes,
            default_solve_time: self.default_solve_time,
            max_solve_time: self.max_solve_time,
            deadline_margin: self.deadline_margin,
            queue_len: self.queue_len as usize,
            shutdown_grace: self.shutdown_grace,
            solver_diagnostics: self.solver_diagnostics,
        })
    }
}

/// Installs the `tracing` subscriber (once per process; later calls do nothing).
pub fn init_tracing(format: LogFormat) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        serve: ServeArgs,
    }

    #[test]
    fn flag_defaults_are_the_config_defaults() {
        let args = Cli::try_parse_from(["serve"]).unwrap().serve;
        let (flags, code) = (args.config().unwrap(), ServerConfig::default());
        assert_eq!(flags.shutdown_grace, code.shutdown_grace);
        assert_eq!(flags.queue_len, code.queue_len);
        assert_eq!(flags.max_message_bytes, code.max_message_bytes);
        assert_eq!(flags.default_solve_time, code.default_solve_time);
        assert_eq!(flags.max_solve_time, code.max_solve_time);
        assert_eq!(flags.deadline_margin, code.deadline_margin);
        assert_eq!(flags.solver_diagnostics, code.solver_diagnostics);
        assert_eq!(args.addr, DEFAULT_ADDR.parse().unwrap());
        assert_eq!(args.metrics_addr, None);
        assert_eq!(args.health_addr, None);
    }
}
