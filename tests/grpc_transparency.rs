//! The Minutes and Suggest RPCs end to end: the real server on 127.0.0.1:0,
//! called with the generated client, against the library's own answers
//! (`transparency::minutes` and `transparency::suggest`, what `creche-alloc
//! minutes` and `creche-alloc suggest --json` write) on `g_transparency.json`
//! (A at toboggan, C and D at pirouette, E at lutins; B, H, F wait; see
//! `instances/examples/README.md`). One call on the default commission: a
//! Suggest whose time limit cannot prove anything.

use crate::common;

use common::examples_dir;
use common::grpc::{violations, TestServer};
use creche_alloc::domain::{Allocation, Commission, Instance};
use creche_alloc::grpc::pb::{self, minutes_request, suggest_request};
use creche_alloc::grpc::{convert, status, ServerConfig};
use creche_alloc::i18n::Lang;
use creche_alloc::solve::{self, SolveOptions};
use creche_alloc::transparency::suggest::Scope;
use creche_alloc::transparency::{
    minutes, sha256_hex, suggest, Format, RunInfo, SuggestOptions, Suggestions,
};
use creche_alloc::{io, validate, Error};
use tonic::Code;

const EXAMPLE: &str = "g_transparency.json";

struct Example {
    text: String,
    instance: Instance,
    commission: Commission,
    allocation: Allocation,
}

fn example() -> Example {
    let text = std::fs::read_to_string(examples_dir().join(EXAMPLE)).expect("example");
    let instance = validate::parse_json(&text).expect("parses");
    let commission = validate::validate(&instance).expect("valid");
    let allocation = solve::solve(&commission, &SolveOptions::default())
        .expect("solves")
        .allocation;
    Example {
        text,
        instance,
        commission,
        allocation,
    }
}

/// The library's minutes, as the command line writes them for a file whose
/// bytes hash to `sha256`.
fn library_minutes(e: &Example, sha256: &str, format: Format, s: Option<&Suggestions>) -> String {
    let run = RunInfo {
        input_sha256: sha256.to_string(),
        threads: 1,
        time_limit: None,
    };
    // The language of a call that does not set it: French.
    minutes(&e.commission, &e.allocation, &run, format, Lang::Fr, s).expect("minutes")
}

fn library_suggestions(e: &Example, requests: &[&str]) -> Suggestions {
    library_suggestions_in(e, requests, Scope::Commission)
}

fn library_suggestions_in(e: &Example, requests: &[&str], scope: Scope) -> Suggestions {
    let c = &e.commission;
    let placements = solve::solve(c, &SolveOptions::default())
        .expect("solves")
        .placements;
    let opts = SuggestOptions {
        requests: requests.iter().map(|r| r.to_string()).collect(),
        scope,
        ..SuggestOptions::default()
    };
    suggest(
        &e.instance,
        c,
        &e.allocation,
        &placements,
        &opts,
        &mut |_| {},
    )
    .expect("suggests")
}

fn minutes_request(e: &Example, format: pb::MinutesFormat) -> pb::MinutesRequest {
    pb::MinutesRequest {
        input: Some(minutes_request::Input::InstanceJson(e.text.clone())),
        adopted: Some(minutes_request::Adopted::Allocation(
            convert::allocation_to_proto(&e.allocation),
        )),
        format: format as i32,
        ..Default::default()
    }
}

fn suggest_request(e: &Example, ids: &[&str]) -> pb::SuggestRequest {
    pb::SuggestRequest {
        input: Some(suggest_request::Input::Instance(
            convert::instance_to_proto(&e.instance),
        )),
        adopted: Some(suggest_request::Adopted::AllocationJson(io::to_json(
            &e.allocation,
        ))),
        request_ids: ids.iter().map(|r| r.to_string()).collect(),
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn minutes_are_the_library_s_text_in_both_formats() {
    let server = TestServer::start(ServerConfig::default()).await;
    let mut client = server.client().await;
    let e = example();

    // Markdown, the instance as the file's text: hashed as the command line
    // hashes the file.
    let file_hash = sha256_hex(e.text.as_bytes());
    let got = client
        .minutes(minutes_request(&e, pb::MinutesFormat::Markdown))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(got.input_sha256, file_hash);
    assert_eq!(got.content_type, "text/markdown; charset=utf-8");
    assert_eq!(
        got.text,
        library_minutes(&e, &file_hash, Format::Markdown, None)
    );
    let t = got.timings.unwrap();
    assert!(t.queue.is_some() && t.run.is_some() && t.server.is_some());
    assert_eq!(t.solve_time_limit, None, "nothing solved");

    // HTML with the suggestions, the instance as a message (its canonical
    // JSON is hashed), the allocation as JSON text.
    let mut req = minutes_request(&e, pb::MinutesFormat::Html);
    req.input = Some(minutes_request::Input::Instance(
        convert::instance_to_proto(&e.instance),
    ));
    req.adopted = Some(minutes_request::Adopted::AllocationJson(io::to_json(
        &e.allocation,
    )));
    req.include_suggestions = true;
    let got = client.minutes(req).await.unwrap().into_inner();
    let message_hash = sha256_hex(io::to_json(&e.instance).as_bytes());
    assert_eq!(got.input_sha256, message_hash);
    assert_eq!(got.content_type, "text/html; charset=utf-8");
    let sg = library_suggestions(&e, &[]);
    assert_eq!(
        got.text,
        library_minutes(&e, &message_hash, Format::Html, Some(&sg))
    );
    assert!(got.timings.unwrap().solve_time_limit.is_some());
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn suggest_gives_the_library_suggestions() {
    let server = TestServer::start(ServerConfig::default()).await;
    let mut client = server.client().await;
    let e = example();

    // The whole waiting list.
    let got = client
        .suggest(suggest_request(&e, &[]))
        .await
        .unwrap()
        .into_inner();
    let expected = library_suggestions(&e, &[]);
    assert_eq!(got.suggestions_json, io::to_json(&expected));
    let ids: Vec<&str> = got.requests.iter().map(|r| r.request.as_str()).collect();
    assert_eq!(ids, ["B", "H", "F"]);
    assert_eq!(got.solves as usize, expected.solves);
    for (r, x) in got.requests.iter().zip(&expected.requests) {
        assert_eq!(r.suggestions.len(), x.suggestions.len());
        for (s, y) in r.suggestions.iter().zip(&x.suggestions) {
            assert_eq!(s.words, y.words);
            assert_eq!(s.within_policy, y.within_policy);
            let others: Vec<&str> = s.others.iter().map(|o| o.request.as_str()).collect();
            let want: Vec<&str> = y.others.iter().map(|o| o.request.as_str()).collect();
            assert_eq!(others, want);
        }
    }
    // B without Thursday takes pirouette; C and D lose their places.
    let b = &got.requests[0];
    let s = &b.suggestions[0];
    let change = s.change.as_ref().unwrap();
    assert_eq!(
        (change.kind(), change.day.as_str()),
        (pb::ChangeKind::DropDay, "thu")
    );
    let Some(pb::outcome::Outcome::Placed(place)) = s.place.as_ref().unwrap().outcome.as_ref()
    else {
        panic!("a suggestion gives a place");
    };
    assert_eq!(place.creche, "pirouette");
    let others: Vec<(&str, pb::DiffKind)> = s
        .others
        .iter()
        .map(|o| (o.request.as_str(), o.kind()))
        .collect();
    assert_eq!(
        others,
        [("C", pb::DiffKind::Loses), ("D", pb::DiffKind::Loses)]
    );
    assert!(s.within_policy);

    // One request, and no allocation given: solved first with the priority
    // policy, as `suggest` without `--allocation`.
    let mut req = suggest_request(&e, &["F"]);
    req.adopted = None;
    let got = client.suggest(req).await.unwrap().into_inner();
    assert_eq!(
        got.suggestions_json,
        io::to_json(&library_suggestions(&e, &["F"]))
    );
    let f = &got.requests[0].suggestions[0].change.as_ref().unwrap();
    assert_eq!(
        (f.kind(), f.start.as_str(), f.days),
        (pb::ChangeKind::LaterEntry, "2027-02-01", 28)
    );
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keeping_places_is_the_library_s_answer_over_suggest_and_minutes() {
    let server = TestServer::start(ServerConfig::default()).await;
    let mut client = server.client().await;
    let e = example();
    let expected = library_suggestions_in(&e, &[], Scope::FreePlaces);

    let mut req = suggest_request(&e, &[]);
    req.keep_places = true;
    let got = client.suggest(req).await.unwrap().into_inner();
    assert!(got.keep_places);
    assert_eq!(got.suggestions_json, io::to_json(&expected));
    // Only F, by entering when the moyens place opens; nobody moves.
    let found: Vec<(&str, usize)> = got
        .requests
        .iter()
        .map(|r| (r.request.as_str(), r.suggestions.len()))
        .collect();
    assert_eq!(found, [("B", 0), ("H", 0), ("F", 1)]);
    assert!(got.requests[2].suggestions[0].others.is_empty());

    let mut req = minutes_request(&e, pb::MinutesFormat::Markdown);
    req.include_suggestions = true;
    req.keep_places = true;
    let got = client.minutes(req).await.unwrap().into_inner();
    let file_hash = sha256_hex(e.text.as_bytes());
    assert_eq!(
        got.text,
        library_minutes(&e, &file_hash, Format::Markdown, Some(&expected))
    );
    // French when the call sets no language.
    assert!(got.text.contains("chaque famille placée garde sa place"));
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_is_invalid_argument_naming_the_field() {
    let server = TestServer::start(ServerConfig::default()).await;
    let mut client = server.client().await;
    let e = example();

    // A format that is no format.
    let mut req = minutes_request(&e, pb::MinutesFormat::Markdown);
    req.format = 9;
    let status = client.minutes(req).await.unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    assert_eq!(
        violations(&status),
        [(
            "format".to_string(),
            "unknown format: set MINUTES_FORMAT_MARKDOWN or MINUTES_FORMAT_HTML (value: 9)"
                .to_string()
        )]
    );

    // An allocation naming a request the instance does not have: the
    // library's own problem, path and value.
    let mut wrong = e.allocation.clone();
    wrong.assignments[0].request = "nobody".into();
    let run = RunInfo {
        input_sha256: String::new(),
        threads: 1,
        time_limit: None,
    };
    let Err(Error::Invalid(problems)) = minutes(
        &e.commission,
        &wrong,
        &run,
        Format::Markdown,
        Lang::Fr,
        None,
    ) else {
        panic!("the library rejects the allocation");
    };
    let expected: Vec<(String, String)> = problems
        .iter()
        .map(|p| (p.path.clone(), status::describe(p)))
        .collect();
    // The request renamed away is then neither placed nor waiting.
    let placed = &e.allocation.assignments[0].request;
    assert_eq!(
        expected,
        [
            (
                "allocation.assignments[0].request".to_string(),
                "unknown request (value: nobody)".to_string()
            ),
            (
                "allocation.waiting_list".to_string(),
                format!("request neither placed nor waiting (value: {placed})")
            )
        ]
    );
    let mut req = minutes_request(&e, pb::MinutesFormat::Html);
    req.adopted = Some(minutes_request::Adopted::Allocation(
        convert::allocation_to_proto(&wrong),
    ));
    let status = client.minutes(req).await.unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(violations(&status), expected);
    let mut req = suggest_request(&e, &[]);
    req.adopted = Some(suggest_request::Adopted::AllocationJson(io::to_json(
        &wrong,
    )));
    let status = client.suggest(req).await.unwrap_err();
    assert_eq!(violations(&status), expected);

    // Request ids: one unknown, one placed; a zero budget.
    let mut req = suggest_request(&e, &["Z", "A", "B"]);
    req.solves_per_request = Some(0);
    let status = client.suggest(req).await.unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
    let fields: Vec<(String, String)> = violations(&status);
    assert_eq!(
        fields,
        [
            (
                "solves_per_request".to_string(),
                "must be at least 1 (value: 0)".to_string()
            ),
            (
                "request_ids[0]".to_string(),
                "unknown request (value: Z)".to_string()
            ),
            (
                "request_ids[1]".to_string(),
                "placed in this allocation: not on the waiting list (value: A)".to_string()
            ),
        ]
    );
    server.shutdown().await;
}

/// Suggestions for the whole waiting list of the default commission, each
/// solve limited to a share of `ms` milliseconds.
fn default_suggest_request(allocation: Option<&Allocation>, ms: u32) -> pb::SuggestRequest {
    pb::SuggestRequest {
        input: Some(suggest_request::Input::InstanceJson(
            io::DEFAULT_INSTANCE.to_string(),
        )),
        adopted: allocation
            .map(|a| suggest_request::Adopted::Allocation(convert::allocation_to_proto(a))),
        time_limit: Some(prost_types::Duration {
            seconds: 0,
            nanos: (ms * 1_000_000) as i32,
        }),
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_solve_cut_short_by_its_time_limit_is_deadline_exceeded() {
    let server = TestServer::start(ServerConfig::default()).await;
    let mut client = server.client().await;
    // The default commission, no allocation: its base solve gets a share of
    // 1 ms, cannot prove anything, and no unproven suggestion is returned.
    let status = client
        .suggest(default_suggest_request(None, 1))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::DeadlineExceeded, "{status:?}");
    assert!(
        status.message().contains("time limit of 0.001 s"),
        "{status:?}"
    );
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_suggestion_re_solve_cut_short_names_the_request_and_the_change() {
    let server = TestServer::start(ServerConfig::default()).await;
    let mut client = server.client().await;
    // The default commission with its allocation given: no base solve, and
    // the first re-solve gets a share of 2 ms, too little to prove anything.
    let c = validate::validate(&validate::parse_json(io::DEFAULT_INSTANCE).unwrap()).unwrap();
    let allocation = solve::solve(&c, &SolveOptions::default())
        .unwrap()
        .allocation;
    let status = client
        .suggest(default_suggest_request(Some(&allocation), 2))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::DeadlineExceeded, "{status:?}");
    let named = status
        .message()
        .strip_prefix("the re-solve checking \"")
        .and_then(|m| m.split_once("\" for request "))
        .and_then(|(_, m)| m.split_once(" was cut short by its time limit of 0.002 s"))
        .map(|(id, _)| id.to_string());
    let waiting: Vec<&String> = allocation.waiting_list.iter().map(|w| &w.request).collect();
    assert!(
        named.as_ref().is_some_and(|id| waiting.contains(&id)),
        "{status:?}"
    );
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn minutes_without_suggestions_do_not_wait_behind_solves() {
    let server = TestServer::start(ServerConfig::default()).await;
    let e = example();
    // Two slow solves (the balanced policy on the town, cut at 2 s each):
    // one on the solver thread, one in its queue.
    let town = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("instances/generated/town-40x1500.json"),
    )
    .unwrap();
    let mut solves = Vec::new();
    for _ in 0..2 {
        let mut client = server.client().await;
        let town = town.clone();
        solves.push(tokio::spawn(async move {
            let req = pb::SolveRequest {
                input: Some(pb::solve_request::Input::InstanceJson(town)),
                options: Some(pb::SolveOptions {
                    strategy: pb::Strategy::Balanced as i32,
                    fit_weight: None,
                    time_limit: Some(prost_types::Duration {
                        seconds: 2,
                        nanos: 0,
                    }),
                    ..Default::default()
                }),
            };
            client.solve(req).await
        }));
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // Minutes solve nothing: they are written while both solves still run.
    let got = server
        .client()
        .await
        .minutes(minutes_request(&e, pb::MinutesFormat::Markdown))
        .await
        .unwrap()
        .into_inner();
    assert!(
        !solves[1].is_finished(),
        "the minutes waited for the solves"
    );
    let timings = got.timings.unwrap();
    assert_eq!(timings.queue, Some(prost_types::Duration::default()));
    assert_eq!(timings.time_limit, None);
    let hash = sha256_hex(e.text.as_bytes());
    assert_eq!(got.text, library_minutes(&e, &hash, Format::Markdown, None));
    for s in solves {
        assert!(s.await.unwrap().is_ok());
    }
    server.shutdown().await;
}

/// `examples/python/suggest.py` against the real server, for one waiting
/// request of the default commission that the library gives a suggestion.
/// Every solve here runs in a child process (`creche-alloc solve`, `suggest
/// --json`, `serve`): exact solves of the default commission hold the
/// process-wide HiGHS lock for seconds, and in this process they would eat
/// the time limits of the other tests' re-solves, which wait for that lock.
#[test]
fn python_suggest_client_prints_the_library_s_suggestions() {
    use creche_alloc::whatif::diff::Outcome;
    use std::io::BufRead;
    use std::process::{Child, Command, Stdio};

    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_string());
    let check = Command::new(&python)
        .args(["-c", "import grpc, grpc_tools, grpc_status"])
        .output();
    assert!(
        check.is_ok_and(|o| o.status.success()),
        "the Python example needs its requirements: \
         python3 -m pip install -r examples/python/requirements.txt (scripts/setup.sh does it)"
    );
    let bin = env!("CARGO_BIN_EXE_creche-alloc");
    let run = |cmd: &mut Command| {
        let out = cmd.output().expect("runs");
        assert!(
            out.status.success(),
            "{cmd:?}:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let dir = std::env::temp_dir().join(format!("creche-suggest-py-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let instance_file = dir.join("default.json");
    std::fs::write(&instance_file, io::DEFAULT_INSTANCE).unwrap();
    let allocation_file = dir.join("allocation.json");
    std::fs::write(
        &allocation_file,
        run(Command::new(bin).args(["solve", "--json"])),
    )
    .unwrap();
    let allocation = io::read_allocation(&allocation_file).unwrap();

    // The library's answer (`suggest --json`): the first waiting request
    // with a suggestion, asked for alone.
    let (id, expected) = allocation
        .waiting_list
        .iter()
        .take(5)
        .find_map(|w| {
            let json = run(Command::new(bin)
                .arg("suggest")
                .arg(&instance_file)
                .arg("--allocation")
                .arg(&allocation_file)
                .args(["--request", &w.request, "--json"]));
            let s: Suggestions = serde_json::from_slice(&json).expect("suggestions JSON");
            let rs = s
                .requests
                .into_iter()
                .next()
                .expect("the request asked for");
            (!rs.suggestions.is_empty()).then(|| (w.request.clone(), rs))
        })
        .expect("a suggestion for one of the first five waiting requests");

    // The real server, on a port of its choosing, which it logs.
    struct Server(Child);
    impl Drop for Server {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut server = Server(
        Command::new(bin)
            .args(["serve", "--addr", "127.0.0.1:0", "--log-format", "json"])
            .stderr(Stdio::piped())
            .spawn()
            .expect("serve"),
    );
    let mut log = std::io::BufReader::new(server.0.stderr.take().unwrap()).lines();
    let addr = log
        .by_ref()
        .map_while(|l| l.ok())
        .find_map(|l| {
            let v: serde_json::Value = serde_json::from_str(&l).ok()?;
            v["fields"]["addr"]
                .as_str()
                .or(v["addr"].as_str())
                .map(str::to_string)
        })
        .expect("the server logs its address");
    std::thread::spawn(move || log.for_each(drop));
    let suggest_py = |request: &str, extra: &[&str]| {
        Command::new(&python)
            .arg(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/examples/python/suggest.py"
            ))
            .arg(&instance_file)
            .arg("--allocation")
            .arg(&allocation_file)
            .args(["--request", request, "--addr", &addr])
            .args(extra)
            .output()
            .unwrap()
    };

    let out = suggest_py(&id, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "stdout:\n{stdout}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let n = expected.suggestions.len();
    let mut lines = vec![format!(
        "{id} (#{} on the waiting list, {} pts): {n} suggestion{}, ",
        expected.position,
        expected.points,
        if n == 1 { "" } else { "s" }
    )];
    for s in &expected.suggestions {
        let Outcome::Placed {
            creche,
            section,
            wish_rank,
            entry_date,
            ..
        } = &s.place
        else {
            panic!("a suggestion gives a place");
        };
        lines.push(format!(
            "placed at {creche}, section {section} (wish {wish_rank}), from {entry_date}"
        ));
        lines.extend(
            s.others
                .iter()
                .map(|o| format!("- {} ({} pts) would ", o.request, o.points)),
        );
    }
    for line in &lines {
        assert!(stdout.contains(line), "missing {line:?} in:\n{stdout}");
    }
    assert_eq!(
        stdout.matches("     placed at ").count(),
        n,
        "one place per suggestion:\n{stdout}"
    );

    // Every family keeping its place: said in the header, nobody moves, and
    // as many suggestions as the library's `suggest --keep-places`.
    let keep: Suggestions = serde_json::from_slice(&run(Command::new(bin)
        .arg("suggest")
        .arg(&instance_file)
        .arg("--allocation")
        .arg(&allocation_file)
        .args(["--keep-places", "--json"])))
    .expect("suggestions JSON");
    let w = keep
        .requests
        .iter()
        .find(|rs| !rs.suggestions.is_empty())
        .expect("a request the free places can take");
    let out = suggest_py(&w.request, &["--keep-places"]);
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("every family placed keeping its place"),
        "{stdout}"
    );
    assert_eq!(
        stdout.matches("no other family's place moves").count(),
        w.suggestions.len(),
        "{stdout}"
    );

    // An unknown request: exit status 2 and the field violation on stderr.
    let out = suggest_py("nobody", &[]);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("request_ids[0]: unknown request (value: nobody)"),
        "{stderr}"
    );
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}
