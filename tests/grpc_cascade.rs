//! The Cascade RPC end to end: the real server on 127.0.0.1:0, called with
//! the generated client, against the library's own answer
//! (`cascade::replay` + `next_offers` + `carried_requests`, what
//! `creche-alloc cascade` prints and writes) on the worked cascade examples.
//!
//! `cascade_full_place.json`: one full-time place; A 15 pts is placed, B 12
//! (refused twice before), C 10 mon–tue, D 9 wed–fri, E 8 mon–tue wait.
//! `cascade_mon_tue.json`: P 15 mon–tue and Q 14 wed–fri share the place;
//! R 12 full week, S 10 mon–tue, T 9 mon wait.

use crate::common;

use common::events::{ev, refused, sent, solved_example};
use common::grpc::{violations, TestServer};
use creche_alloc::cascade::{self, Event, EventKind, EventLog, Place};
use creche_alloc::domain::{Allocation, Commission, Instance};
use creche_alloc::grpc::convert_cascade::{cascade_to_proto, event_log_to_proto, CascadeTimes};
use creche_alloc::grpc::pb::{self, cascade_request};
use creche_alloc::grpc::{convert, status, ServerConfig};
use creche_alloc::i18n::Lang;
use creche_alloc::{io, Error};
use tonic::Code;

struct Example {
    instance: Instance,
    commission: Commission,
    allocation: Allocation,
}

fn example(name: &str) -> Example {
    let (instance, commission, allocation) = solved_example(name);
    Example {
        instance,
        commission,
        allocation,
    }
}

fn log(e: &Example, events: Vec<Event>) -> EventLog {
    EventLog {
        commission_id: e.commission.id().to_string(),
        as_of: None,
        events,
    }
}

/// The request as messages.
fn request(e: &Example, log: &EventLog) -> pb::CascadeRequest {
    pb::CascadeRequest {
        input: Some(cascade_request::Input::Instance(
            convert::instance_to_proto(&e.instance),
        )),
        adopted: Some(cascade_request::Adopted::Allocation(
            convert::allocation_to_proto(&e.allocation),
        )),
        happened: Some(cascade_request::Happened::Events(event_log_to_proto(log))),
        language: 0,
    }
}

/// The request as the three JSON files.
fn json_request(e: &Example, log: &EventLog) -> pb::CascadeRequest {
    pb::CascadeRequest {
        input: Some(cascade_request::Input::InstanceJson(io::to_json(
            &e.instance,
        ))),
        adopted: Some(cascade_request::Adopted::AllocationJson(io::to_json(
            &e.allocation,
        ))),
        happened: Some(cascade_request::Happened::EventsJson(io::to_json(log))),
        language: 0,
    }
}

/// The library's answer, as the response carries it (without timings).
fn library(e: &Example, log: &EventLog) -> pb::CascadeResponse {
    library_in(e, log, Lang::Fr)
}

/// The same, the reasons in words of `lang`.
fn library_in(e: &Example, log: &EventLog, lang: Lang) -> pb::CascadeResponse {
    let state = cascade::replay(&e.commission, &e.allocation, log).expect("replays");
    let next =
        cascade::offers::next_offers_within(&e.commission, &state, &Default::default(), lang)
            .expect("cascades");
    let carried = cascade::carried_requests(&e.instance, &e.commission, &state);
    let mut expected = cascade_to_proto(
        &next,
        &carried,
        state.events_applied,
        state.duplicates_ignored,
        CascadeTimes::default(),
    );
    expected.timings = None;
    expected
}

fn without_timings(mut r: pb::CascadeResponse) -> pb::CascadeResponse {
    let t = r.timings.take().expect("timings");
    assert!(t.queue.is_some() && t.replay.is_some() && t.offers.is_some());
    assert!(t.server.is_some() && t.time_limit.is_some());
    r
}

fn offered(r: &pb::CascadeResponse) -> Vec<&str> {
    r.new_offers.iter().map(|o| o.request.as_str()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cascade_gives_the_library_answer_on_the_examples() {
    let server = TestServer::start(ServerConfig::default()).await;
    let mut client = server.client().await;

    // A refuses and asks to be carried over: the place goes to B.
    let full = example("cascade_full_place.json");
    let first = log(
        &full,
        vec![sent("2026-10-20", "A"), refused("2026-10-25", "A", true)],
    );
    let got = without_timings(
        client
            .cascade(request(&full, &first))
            .await
            .unwrap()
            .into_inner(),
    );
    assert_eq!(got, library(&full, &first));
    assert_eq!(offered(&got), ["B"]);
    assert_eq!(got.new_offers[0].answer_by, "2026-11-04");
    let carried: Vec<&str> = got.carried.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(carried, ["A"]);

    // `language`: the reasons in English words, the same codes and params.
    let mut english = request(&full, &first);
    english.language = pb::Language::En as i32;
    let got_en = without_timings(client.cascade(english).await.unwrap().into_inner());
    assert_eq!(got_en, library_in(&full, &first, Lang::En));
    let reasons = |r: &pb::CascadeResponse| -> Vec<pb::WishReason> {
        (r.waiting_list.iter())
            .flat_map(|w| w.reasons.clone())
            .collect()
    };
    let (fr, en) = (reasons(&got), reasons(&got_en));
    assert!(!fr.is_empty());
    for (f, e) in fr.iter().zip(&en) {
        assert_eq!((&f.code, &f.params), (&e.code, &e.params));
        assert_ne!(f.reason, e.reason);
    }

    // B's cascade offer, sent with its place, refused: B's third refusal
    // cancels it and the place goes to C and D together.
    let b = &got.new_offers[0];
    let mut events = first.events.clone();
    events.push(ev(
        "2026-10-26",
        "B",
        EventKind::OfferSent {
            place: Some(Place {
                creche: b.creche.clone(),
                section: b.section.clone(),
                block: b.block as usize,
                entry_date: b.entry_date.clone(),
            }),
        },
    ));
    events.push(refused("2026-10-28", "B", false));
    let second = log(&full, events);
    let got = without_timings(
        client
            .cascade(request(&full, &second))
            .await
            .unwrap()
            .into_inner(),
    );
    assert_eq!(got, library(&full, &second));
    assert_eq!(offered(&got), ["C", "D"]);
    let b = got.lifecycle.iter().find(|l| l.request == "B").unwrap();
    assert!(b.cancelled && b.stage == "cancelled" && b.refusals == 3);

    // A freed mon–tue place skips the full-week child; the same answer when
    // the three parts travel as JSON text.
    let montue = example("cascade_mon_tue.json");
    let events = log(
        &montue,
        vec![
            sent("2026-10-20", "P"),
            sent("2026-10-20", "Q"),
            ev("2026-10-22", "Q", EventKind::Accepted),
            refused("2026-10-23", "P", false),
        ],
    );
    let got = without_timings(
        client
            .cascade(request(&montue, &events))
            .await
            .unwrap()
            .into_inner(),
    );
    assert_eq!(got, library(&montue, &events));
    assert_eq!(offered(&got), ["S"]);
    let as_json = client
        .cascade(json_request(&montue, &events))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(without_timings(as_json), got);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_that_contradicts_the_state_is_invalid_argument_naming_it() {
    let server = TestServer::start(ServerConfig::default()).await;
    let mut client = server.client().await;
    let full = example("cascade_full_place.json");

    // An acceptance before the offer was sent: the library names events[1].
    let bad = log(
        &full,
        vec![
            sent("2026-10-20", "A"),
            ev("2026-10-21", "B", EventKind::Accepted),
        ],
    );
    let Err(Error::Invalid(problems)) = cascade::replay(&full.commission, &full.allocation, &bad)
    else {
        panic!("the library rejects the event");
    };
    let expected: Vec<(String, String)> = problems
        .iter()
        .map(|p| (p.path.clone(), status::describe(p)))
        .collect();
    assert_eq!(expected[0].0, "events[1]");

    let status = client.cascade(request(&full, &bad)).await.unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    assert_eq!(violations(&status), expected);
    // The same violation when the events travel as JSON text.
    let status = client.cascade(json_request(&full, &bad)).await.unwrap_err();
    assert_eq!(violations(&status), expected);

    // A message-only mistake: an event without a type.
    let mut req = request(&full, &log(&full, vec![sent("2026-10-20", "A")]));
    if let Some(cascade_request::Happened::Events(l)) = &mut req.happened {
        l.events[0].r#type = pb::EventType::Unspecified as i32;
    }
    let status = client.cascade(req).await.unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(violations(&status)[0].0, "events[0].type");

    // Nothing but an instance: the allocation and the events are missing.
    let status = client
        .cascade(pb::CascadeRequest {
            input: request(&full, &bad).input,
            ..Default::default()
        })
        .await
        .unwrap_err();
    let fields: Vec<String> = violations(&status).into_iter().map(|v| v.0).collect();
    assert_eq!(fields, ["allocation", "events"]);
    server.shutdown().await;
}
