//! What `grpc.health.v1` reports, kept true to the server.
//!
//! Two names, for two Kubernetes probes (see `deploy/` and the README):
//! - `creche.allocation.v1.AllocationService`, the **readiness**: `SERVING`
//!   while the solver thread is alive, its queue has room and no shutdown
//!   began; `NOT_SERVING` while the queue is full (a call would get
//!   `RESOURCE_EXHAUSTED`: the load balancer should send it elsewhere) or
//!   once shutdown began.
//! - `""`, the whole server, the **liveness**: `SERVING` while the solver
//!   thread is alive. A full queue is load, not a fault: restarting the
//!   process would lose the queued calls.
//!
//! On shutdown both turn `NOT_SERVING`, then both are cleared, which ends
//! every open `Watch` stream at once: a probe or a client watching health
//! does not hold the server's graceful shutdown, which waits only for the
//! allocation calls in flight.

use tokio::sync::watch;
use tonic_health::server::HealthReporter;
use tonic_health::ServingStatus;

use super::pb::SERVICE_NAME;
use super::worker::Readiness;

fn statuses(r: Readiness) -> (ServingStatus, ServingStatus) {
    let alive = if r.alive {
        ServingStatus::Serving
    } else {
        ServingStatus::NotServing
    };
    let ready = if r.alive && !r.full {
        ServingStatus::Serving
    } else {
        ServingStatus::NotServing
    };
    (ready, alive)
}

/// Sets the first statuses, before the server accepts calls.
pub async fn initial(reporter: &HealthReporter, now: Readiness) {
    let (ready, alive) = statuses(now);
    reporter.set_service_status(SERVICE_NAME, ready).await;
    reporter.set_service_status("", alive).await;
}

/// Reports the solver thread's readiness until `stopping` turns true (or
/// its sender is dropped), then `NOT_SERVING`, then clears the statuses,
/// ending the `Watch` streams. Returns when that is done.
pub async fn report(
    mut reporter: HealthReporter,
    mut readiness: watch::Receiver<Readiness>,
    mut stopping: watch::Receiver<bool>,
) {
    let mut queue_open = true;
    loop {
        if *stopping.borrow_and_update() {
            break;
        }
        let now = if queue_open {
            *readiness.borrow_and_update()
        } else {
            Readiness {
                alive: false,
                full: false,
            }
        };
        let (ready, alive) = statuses(now);
        reporter.set_service_status(SERVICE_NAME, ready).await;
        reporter.set_service_status("", alive).await;
        tokio::select! {
            changed = readiness.changed(), if queue_open => queue_open = changed.is_ok(),
            changed = stopping.changed() => if changed.is_err() { break },
        }
    }
    for name in [SERVICE_NAME, ""] {
        reporter
            .set_service_status(name, ServingStatus::NotServing)
            .await;
    }
    for name in [SERVICE_NAME, ""] {
        reporter.clear_service_status(name).await;
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use tokio_stream::StreamExt;
    use tonic::Request;
    use tonic_health::pb::health_check_response::ServingStatus as Wire;
    use tonic_health::pb::health_server::Health;
    use tonic_health::pb::HealthCheckRequest;
    use tonic_health::server::HealthService;

    use super::*;

    async fn check(service: &HealthService, name: &str) -> Result<Wire, tonic::Code> {
        let req = Request::new(HealthCheckRequest {
            service: name.to_string(),
        });
        match service.check(req).await {
            Ok(r) => Ok(r.into_inner().status()),
            Err(s) => Err(s.code()),
        }
    }

    /// Waits (a little) until `name` reports `want`.
    async fn until(service: &HealthService, name: &str, want: Result<Wire, tonic::Code>) {
        for _ in 0..500 {
            if check(service, name).await == want {
                return;
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        panic!("{name:?} never reported {want:?}");
    }

    #[tokio::test]
    async fn full_queue_is_not_ready_and_shutdown_ends_watches() {
        let reporter = HealthReporter::new();
        let service = HealthService::from_health_reporter(reporter.clone());
        let ready = Readiness {
            alive: true,
            full: false,
        };
        let (queue, readiness) = watch::channel(ready);
        let (stop, stopping) = watch::channel(false);
        let task = tokio::spawn(report(reporter, readiness, stopping));
        until(&service, SERVICE_NAME, Ok(Wire::Serving)).await;

        queue.send_replace(Readiness {
            full: true,
            ..ready
        });
        until(&service, SERVICE_NAME, Ok(Wire::NotServing)).await;
        assert_eq!(check(&service, "").await, Ok(Wire::Serving));
        queue.send_replace(ready);
        until(&service, SERVICE_NAME, Ok(Wire::Serving)).await;

        let watch = service
            .watch(Request::new(HealthCheckRequest {
                service: SERVICE_NAME.to_string(),
            }))
            .await
            .unwrap()
            .into_inner();
        stop.send_replace(true);
        task.await.unwrap();
        let seen: Vec<i32> = watch.map(|r| r.unwrap().status).collect().await;
        // The stream saw the last status, then ended.
        assert_eq!(seen.last(), Some(&(Wire::NotServing as i32)), "{seen:?}");
        assert_eq!(
            check(&service, SERVICE_NAME).await,
            Err(tonic::Code::NotFound)
        );
    }

    #[tokio::test]
    async fn a_dead_solver_thread_is_neither_ready_nor_live() {
        let reporter = HealthReporter::new();
        let service = HealthService::from_health_reporter(reporter.clone());
        let (queue, readiness) = watch::channel(Readiness {
            alive: true,
            full: false,
        });
        let (_stop, stopping) = watch::channel(false);
        tokio::spawn(report(reporter, readiness, stopping));
        until(&service, "", Ok(Wire::Serving)).await;
        drop(queue);
        until(&service, "", Ok(Wire::NotServing)).await;
        until(&service, SERVICE_NAME, Ok(Wire::NotServing)).await;
    }
}
