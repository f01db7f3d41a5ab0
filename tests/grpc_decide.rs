//! The Decide RPC end to end: the real server on 127.0.0.1:0, called with
//! the generated client, against the library's own answer (what
//! `creche-alloc decide --json` prints) on the default commission and its
//! ten decisions (`instances/decisions/default-ten.json`).

use crate::common;

use common::grpc::{violations, TestServer};
use creche_alloc::decide;
use creche_alloc::grpc::pb::{self, decide_request};
use creche_alloc::grpc::ServerConfig;
use creche_alloc::i18n::Lang;
use creche_alloc::io;
use creche_alloc::solve::{SolveOptions, Strategy};
use tonic::Code;

fn decisions_text() -> String {
    let path = common::root().join("instances/decisions/default-ten.json");
    std::fs::read_to_string(path).unwrap()
}

fn request(decisions: String, language: pb::Language) -> pb::DecideRequest {
    pb::DecideRequest {
        input: Some(decide_request::Input::InstanceJson(
            io::DEFAULT_INSTANCE.to_string(),
        )),
        decided: Some(decide_request::Decided::DecisionsJson(decisions)),
        language: language as i32,
    }
}

fn library(lang: Lang) -> String {
    let c = io::read_commission(None).unwrap();
    let file = io::parse_json_as(&decisions_text(), "decisions").unwrap();
    let opts = SolveOptions {
        lang,
        ..SolveOptions::new(Strategy::Priority)
    };
    io::to_json(&decide::decide_file(&c, &file, &opts).unwrap().json())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn decide_gives_the_library_answer_byte_for_byte() {
    let server = TestServer::start(ServerConfig::default()).await;
    let mut client = server.client().await;
    for (language, lang) in [(pb::Language::Fr, Lang::Fr), (pb::Language::En, Lang::En)] {
        let got = client
            .decide(request(decisions_text(), language))
            .await
            .unwrap()
            .into_inner();
        assert_eq!(got.decided_json, library(lang));
        assert_eq!(got.consequences.len(), 10);
        let summaries: Vec<&str> = got
            .consequences
            .iter()
            .map(|c| c.summary.as_str())
            .collect();
        let json: serde_json::Value = serde_json::from_str(&got.decided_json).unwrap();
        for (k, s) in summaries.iter().enumerate() {
            assert_eq!(json["consequences"][k]["summary"], *s);
        }
        let placed = got.allocation.expect("allocation").assignments.len();
        assert_eq!(
            json["allocation"]["assignments"].as_array().unwrap().len(),
            placed
        );
    }

    // The same decisions as a message give the same answer.
    let file: creche_alloc::domain::decisions::DecisionsFile =
        serde_json::from_str(&decisions_text()).unwrap();
    let list = pb::DecisionList {
        commission_id: file.commission_id.clone(),
        decisions: file.decisions.iter().map(decision_to_proto).collect(),
    };
    let mut as_message = request(String::new(), pb::Language::Fr);
    as_message.decided = Some(decide_request::Decided::Decisions(list));
    let got = client.decide(as_message).await.unwrap().into_inner();
    assert_eq!(got.decided_json, library(Lang::Fr));
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_decisions_are_invalid_argument_with_their_paths() {
    let server = TestServer::start(ServerConfig::default()).await;
    let mut client = server.client().await;
    let bad = r#"{"commission_id": "ccmvr-2026-10", "decisions": [
        {"kind": "place", "request": "D-0001", "creche": "nowhere", "reason": "x"},
        {"kind": "defer", "request": "D-0002", "reason": "x"}
    ]}"#;
    let status = client
        .decide(request(bad.to_string(), pb::Language::Fr))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
    let fields: Vec<String> = violations(&status).into_iter().map(|v| v.0).collect();
    assert_eq!(
        fields,
        ["decisions[0].creche", "decisions[1].renewal_bonus"]
    );
    server.shutdown().await;
}

fn decision_to_proto(d: &creche_alloc::domain::decisions::Decision) -> pb::Decision {
    use creche_alloc::domain::decisions::Decision as D;
    let mut p = pb::Decision {
        kind: d.kind().to_string(),
        reason: d.reason().to_string(),
        request: d.request().unwrap_or_default().to_string(),
        creche: d.creche().unwrap_or_default().to_string(),
        ..Default::default()
    };
    match d {
        D::Place {
            section,
            block,
            entry_date,
            ..
        } => {
            p.section = section.clone();
            p.block = block.map(|b| b as u32);
            p.entry_date = entry_date.clone();
        }
        D::Defer { renewal_bonus, .. } => p.renewal_bonus = *renewal_bonus,
        D::Reserve {
            section,
            block,
            day,
            half_day,
            places,
            ..
        } => {
            p.section = Some(section.clone());
            p.block = Some(*block as u32);
            p.day = day.clone();
            p.half_day = half_day.clone();
            p.places = Some(*places);
        }
        D::Exclude { .. } => {}
    }
    p
}
