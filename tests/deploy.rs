//! The Kubernetes manifests (`deploy/`) and the Dockerfile agree with the
//! server: every manifest parses and is listed in the kustomization; the
//! container port, the probes' port and the addresses in the environment
//! are `serve`'s defaults (read from the code's constants), the probes on
//! the plaintext health listener; the readiness
//! probe asks for the allocation service, the liveness probe for the whole
//! server; the termination grace covers the shutdown grace; the pod runs as
//! a non-root user; the token comes from a Secret and TLS from a mounted
//! Secret; the Dockerfile builds with scripts/setup.sh.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use creche_alloc::grpc::config::{DEFAULT_ADDR, HEALTH_PORT, METRICS_PORT};
use creche_alloc::grpc::{ServerConfig, SERVICE_NAME};
use serde::Deserialize;
use serde_yaml::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every document of every YAML file of `deploy/`, with its file name.
fn manifests() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("deploy"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        for doc in serde_yaml::Deserializer::from_str(&text) {
            let value = Value::deserialize(doc).unwrap_or_else(|e| panic!("{name}: {e}"));
            out.push((name.clone(), value));
        }
    }
    out
}

fn of_kind<'a>(all: &'a [(String, Value)], kind: &str) -> Vec<&'a Value> {
    all.iter()
        .filter(|(_, v)| v["kind"].as_str() == Some(kind))
        .map(|(_, v)| v)
        .collect()
}

fn one<'a>(all: &'a [(String, Value)], kind: &str) -> &'a Value {
    let found = of_kind(all, kind);
    assert_eq!(found.len(), 1, "one {kind}");
    found[0]
}

fn env<'a>(container: &'a Value, name: &str) -> &'a Value {
    container["env"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|e| e["name"].as_str() == Some(name))
        .unwrap_or_else(|| panic!("no {name} in the container's env"))
}

fn port_of(addr: &str) -> u16 {
    addr.parse::<SocketAddr>().unwrap().port()
}

fn grpc_port() -> u16 {
    port_of(DEFAULT_ADDR)
}

#[test]
fn kustomization_lists_every_manifest() {
    let all = manifests();
    let kustomization = one(&all, "Kustomization");
    let mut listed: Vec<&str> = kustomization["resources"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    listed.sort();
    let mut files: Vec<&str> = all
        .iter()
        .map(|(f, _)| f.as_str())
        .filter(|f| *f != "kustomization.yaml")
        .collect();
    files.dedup();
    assert_eq!(listed, files);
    for kind in [
        "Deployment",
        "Service",
        "HorizontalPodAutoscaler",
        "PodDisruptionBudget",
    ] {
        one(&all, kind);
    }
}

#[test]
fn ports_and_probes_are_the_servers_defaults() {
    let all = manifests();
    let deployment = one(&all, "Deployment");
    let pod = &deployment["spec"]["template"]["spec"];
    let container = &pod["containers"][0];
    let ports = container["ports"].as_sequence().unwrap();
    let port = |name: &str| {
        ports
            .iter()
            .find(|p| p["name"].as_str() == Some(name))
            .and_then(|p| p["containerPort"].as_u64())
            .unwrap_or_else(|| panic!("no {name} port"))
    };
    assert_eq!(port("grpc"), u64::from(grpc_port()));
    assert_eq!(port("metrics"), u64::from(METRICS_PORT));
    assert_eq!(port("health"), u64::from(HEALTH_PORT));
    let addr = env(container, "CRECHE_GRPC_ADDR")["value"]
        .as_str()
        .unwrap();
    assert_eq!(port_of(addr), grpc_port());
    let metrics = env(container, "CRECHE_METRICS_ADDR")["value"]
        .as_str()
        .unwrap();
    assert_eq!(port_of(metrics), METRICS_PORT);
    let health = env(container, "CRECHE_HEALTH_ADDR")["value"]
        .as_str()
        .unwrap();
    assert_eq!(port_of(health), HEALTH_PORT);
    let annotations = &deployment["spec"]["template"]["metadata"]["annotations"];
    assert_eq!(
        annotations["prometheus.io/port"].as_str(),
        Some(METRICS_PORT.to_string().as_str())
    );

    // The probes ask the plaintext health listener (the kubelet speaks no TLS).
    let readiness = &container["readinessProbe"]["grpc"];
    assert_eq!(readiness["port"].as_u64(), Some(u64::from(HEALTH_PORT)));
    assert_eq!(readiness["service"].as_str(), Some(SERVICE_NAME));
    for probe in ["livenessProbe", "startupProbe"] {
        let grpc = &container[probe]["grpc"];
        assert_eq!(
            grpc["port"].as_u64(),
            Some(u64::from(HEALTH_PORT)),
            "{probe}"
        );
        // The whole server (""), never NOT_SERVING for a full queue.
        assert!(grpc["service"].as_str().unwrap_or("").is_empty(), "{probe}");
    }

    let service = one(&all, "Service");
    let service_ports = service["spec"]["ports"].as_sequence().unwrap();
    let grpc = service_ports
        .iter()
        .find(|p| p["name"].as_str() == Some("grpc"))
        .unwrap();
    assert_eq!(grpc["port"].as_u64(), Some(u64::from(grpc_port())));
    assert_eq!(grpc["targetPort"].as_str(), Some("grpc"));
    // Headless: clients balance calls over the pods (see the README).
    assert_eq!(service["spec"]["clusterIP"].as_str(), Some("None"));
}

#[test]
fn grace_non_root_resources_and_secrets() {
    let all = manifests();
    let deployment = one(&all, "Deployment");
    let pod = &deployment["spec"]["template"]["spec"];
    let container = &pod["containers"][0];

    let grace = pod["terminationGracePeriodSeconds"].as_u64().unwrap();
    let shutdown = container["env"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|e| e["name"].as_str() == Some("CRECHE_GRPC_SHUTDOWN_GRACE"))
        .map(|e| e["value"].as_str().unwrap().parse::<f64>().unwrap())
        .unwrap_or(ServerConfig::default().shutdown_grace.as_secs_f64());
    assert!(
        grace as f64 > shutdown && (grace as f64) <= shutdown + 60.0,
        "terminationGracePeriodSeconds {grace} for a shutdown grace of {shutdown} s"
    );

    assert_eq!(pod["securityContext"]["runAsNonRoot"].as_bool(), Some(true));
    assert!(pod["securityContext"]["runAsUser"].as_u64().unwrap() > 0);
    let sc = &container["securityContext"];
    assert_eq!(sc["allowPrivilegeEscalation"].as_bool(), Some(false));
    assert_eq!(sc["readOnlyRootFilesystem"].as_bool(), Some(true));
    for kind in ["requests", "limits"] {
        for what in ["cpu", "memory"] {
            assert!(
                container["resources"][kind][what].as_str().is_some(),
                "resources.{kind}.{what}"
            );
        }
    }

    let token = &env(container, "CRECHE_GRPC_TOKEN")["valueFrom"]["secretKeyRef"];
    let token_secret = token["name"].as_str().expect("the token from a Secret");
    let cert = env(container, "CRECHE_GRPC_TLS_CERT")["value"]
        .as_str()
        .unwrap();
    let key = env(container, "CRECHE_GRPC_TLS_KEY")["value"]
        .as_str()
        .unwrap();
    let mount = container["volumeMounts"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|m| cert.starts_with(m["mountPath"].as_str().unwrap()))
        .expect("the certificate is on a mounted volume");
    assert!(key.starts_with(mount["mountPath"].as_str().unwrap()));
    let volume = pod["volumes"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|v| v["name"] == mount["name"])
        .unwrap();
    let tls_secret = volume["secret"]["secretName"]
        .as_str()
        .expect("TLS from a Secret");
    let secrets: Vec<&str> = of_kind(&all, "Secret")
        .iter()
        .map(|s| s["metadata"]["name"].as_str().unwrap())
        .collect();
    assert!(
        secrets.contains(&token_secret) && secrets.contains(&tls_secret),
        "{secrets:?}"
    );

    let hpa = one(&all, "HorizontalPodAutoscaler");
    assert_eq!(
        hpa["spec"]["scaleTargetRef"]["name"],
        deployment["metadata"]["name"]
    );
    assert_eq!(
        hpa["spec"]["metrics"][0]["resource"]["name"].as_str(),
        Some("cpu")
    );
    let pdb = one(&all, "PodDisruptionBudget");
    assert_eq!(
        pdb["spec"]["selector"]["matchLabels"],
        deployment["spec"]["selector"]["matchLabels"]
    );
}

#[test]
fn dockerfile_builds_with_the_setup_script_ci_runs() {
    let dockerfile = std::fs::read_to_string(root().join("Dockerfile")).unwrap();
    let run: Vec<&str> = dockerfile
        .lines()
        .filter(|l| l.starts_with("RUN "))
        .collect();
    assert_eq!(
        run,
        ["RUN bash scripts/setup.sh --no-test-tools"],
        "{dockerfile}"
    );
    let setup = std::fs::read_to_string(root().join("scripts/setup.sh")).unwrap();
    assert!(setup.contains("cargo build --release --locked"), "{setup}");
    let test = std::fs::read_to_string(root().join("scripts/test.sh")).unwrap();
    assert!(test.contains("bash scripts/setup.sh\n"), "CI runs setup.sh");
    // Two stages; the runtime one runs as non-root, `serve` by default.
    assert_eq!(
        dockerfile
            .lines()
            .filter(|l| l.starts_with("FROM "))
            .count(),
        2
    );
    assert!(dockerfile.contains("USER 65532:65532"));
    assert!(dockerfile.contains("ENTRYPOINT [\"/usr/local/bin/creche-alloc\", \"serve\"]"));
    let expose = dockerfile
        .lines()
        .find(|l| l.starts_with("EXPOSE "))
        .unwrap();
    assert_eq!(
        expose,
        format!("EXPOSE {} {HEALTH_PORT} {METRICS_PORT}", grpc_port())
    );
    assert!(Path::new(&root().join(".dockerignore")).exists());
}
