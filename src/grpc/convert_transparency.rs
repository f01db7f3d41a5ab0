//! Proto ⇄ domain for the Minutes and Suggest RPCs: the instance and the
//! adopted allocation in (each a message or JSON text), the options checked
//! with the request field's path; the suggestions out, typed and whole as
//! the JSON of `creche-alloc suggest --json`.

use std::collections::{BTreeSet, HashMap};
use std::time::Duration;

use super::convert::{self, collect, AllocationInput, Input};
use super::convert_allocation::u32_of;
use super::convert_whatif::{diff_kind_to_proto, outcome_to_proto};
use super::options;
use super::pb;
use crate::domain::instance::Instance;
use crate::domain::{Allocation, Commission};
use crate::error::{Error, Problem, Result};
use crate::i18n::Lang;
use crate::io;
use crate::transparency::change::Change;
use crate::transparency::suggest::{RequestSuggestions, Scope, Suggestion};
use crate::transparency::{sha256_hex, Format, RunInfo, SuggestOptions, Suggestions};

/// The commission of a request: the instance as given, its SHA-256 and the
/// checked commission.
#[derive(Debug)]
pub struct Hashed {
    pub instance: Instance,
    pub commission: Commission,
    /// Of the JSON text as sent, or of a message's canonical JSON
    /// ([`io::to_json`] of the instance).
    pub sha256: String,
}

/// Converts and validates the instance of a request and hashes it as the
/// command line hashes a file: the bytes of `instance_json` as sent; a
/// message has no bytes of its own, so its canonical JSON is hashed.
pub fn hashed_from_input(input: Option<Input>) -> Result<Hashed> {
    let sent = match &input {
        Some(Input::Json(text)) => Some(sha256_hex(text.as_bytes())),
        _ => None,
    };
    let (instance, commission) = convert::checked_from_input(input)?;
    let sha256 = sent.unwrap_or_else(|| sha256_hex(io::to_json(&instance).as_bytes()));
    Ok(Hashed {
        instance,
        commission,
        sha256,
    })
}

/// A Minutes call's input, converted and checked (the allocation is checked
/// against the instance when the minutes are built).
#[derive(Debug)]
pub struct MinutesInput {
    pub input: Hashed,
    pub allocation: Allocation,
    pub format: Format,
    /// What the footer records of how the allocation was solved.
    pub run: RunInfo,
    /// `include_suggestions`.
    pub suggest: bool,
    /// `keep_places`: the suggestions' scope.
    pub scope: Scope,
    /// Per re-solve of the suggestions (the call's `time_limit`).
    pub per_solve: Option<Duration>,
    /// The language of the minutes and of their suggestions.
    pub lang: Lang,
}

pub fn minutes_input(req: pb::MinutesRequest) -> Result<MinutesInput> {
    let mut problems = Vec::new();
    let input = collect(hashed_from_input(req.input.map(Input::from)), &mut problems)?;
    let allocation = collect(
        convert::allocation_from_input(req.adopted.map(AllocationInput::from)),
        &mut problems,
    )?;
    let format = match pb::MinutesFormat::try_from(req.format) {
        Ok(pb::MinutesFormat::Unspecified | pb::MinutesFormat::Markdown) => Format::Markdown,
        Ok(pb::MinutesFormat::Html) => Format::Html,
        Err(_) => {
            problems.push(Problem::new(
                "format",
                req.format,
                "unknown format: set MINUTES_FORMAT_MARKDOWN or MINUTES_FORMAT_HTML",
            ));
            Format::Markdown
        }
    };
    let per_solve = options::time_limit(req.time_limit.as_ref(), "time_limit", &mut problems);
    let lang = options::language(req.language, "language", &mut problems);
    let solved_with = options::time_limit(
        req.solved_with_time_limit.as_ref(),
        "solved_with_time_limit",
        &mut problems,
    );
    match (input, allocation) {
        (Some(input), Some(allocation)) if problems.is_empty() => Ok(MinutesInput {
            run: RunInfo {
                input_sha256: input.sha256.clone(),
                threads: req.solved_with_threads.unwrap_or(1),
                time_limit: solved_with.map(|d| d.as_secs_f64()),
            },
            input,
            allocation,
            format,
            lang,
            suggest: req.include_suggestions,
            scope: Scope::keeping_places(req.keep_places),
            per_solve,
        }),
        _ => Err(Error::Invalid(problems)),
    }
}

/// The media type of the minutes in `format`.
pub fn content_type(format: Format) -> &'static str {
    match format {
        Format::Markdown => "text/markdown; charset=utf-8",
        Format::Html => "text/html; charset=utf-8",
    }
}

/// A Suggest call's input, converted and checked.
#[derive(Debug)]
pub struct SuggestInput {
    pub input: Hashed,
    /// `None`: solve the instance with the priority policy first.
    pub allocation: Option<Allocation>,
    /// Everything but the re-solves' strategy and time limit, which the job
    /// sets (the allocation's strategy, a share of the job's limit).
    pub options: SuggestOptions,
    /// Per solve (the call's `time_limit`).
    pub per_solve: Option<Duration>,
}

impl SuggestInput {
    /// The most solves the job may make: the base solve when there is no
    /// allocation, then `solves_per_request` per request asked for (every
    /// request of the commission is the bound for a waiting list not known yet).
    pub fn solves(&self) -> usize {
        let requests = match (&self.allocation, self.options.requests.len()) {
            (Some(a), 0) => a.waiting_list.len(),
            (None, 0) => self.input.commission.requests().len(),
            (_, n) => n,
        };
        usize::from(self.allocation.is_none()) + self.options.solves_per_request * requests
    }
}

pub fn suggest_input(req: pb::SuggestRequest) -> Result<SuggestInput> {
    let mut problems = Vec::new();
    let input = collect(hashed_from_input(req.input.map(Input::from)), &mut problems)?;
    let allocation = match req.adopted {
        None => None,
        Some(a) => collect(
            convert::allocation_from_input(Some(AllocationInput::from(a))),
            &mut problems,
        )?,
    };
    let defaults = SuggestOptions::default();
    let mut at_least_one = |path: &str, n: Option<u32>, default: usize| match n {
        None => default,
        Some(0) => {
            problems.push(Problem::new(path, 0, "must be at least 1"));
            default
        }
        Some(n) => n as usize,
    };
    let per_request = at_least_one("per_request", req.per_request, defaults.per_request);
    let solves_per_request = at_least_one(
        "solves_per_request",
        req.solves_per_request,
        defaults.solves_per_request,
    );
    let per_solve = options::time_limit(req.time_limit.as_ref(), "time_limit", &mut problems);
    let lang = options::language(req.language, "language", &mut problems);
    if let Some(h) = &input {
        problems.extend(request_id_problems(
            &h.commission,
            allocation.as_ref(),
            &req.request_ids,
        ));
    }
    // The same request asked for twice is asked for once.
    let mut seen = BTreeSet::new();
    let requests: Vec<String> = req
        .request_ids
        .into_iter()
        .filter(|id| seen.insert(id.clone()))
        .collect();
    match input {
        Some(input) if problems.is_empty() => Ok(SuggestInput {
            input,
            allocation,
            options: SuggestOptions {
                per_request,
                solves_per_request,
                requests,
                ties: !req.skip_ties,
                scope: Scope::keeping_places(req.keep_places),
                lang,
                ..defaults
            },
            per_solve,
        }),
        _ => Err(Error::Invalid(problems)),
    }
}

/// Problems of `request_ids`: an id that is no request of the commission;
/// with the allocation, one that is not on its waiting list.
pub fn request_id_problems(
    c: &Commission,
    allocation: Option<&Allocation>,
    ids: &[String],
) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (k, id) in ids.iter().enumerate() {
        let path = format!("request_ids[{k}]");
        if c.request_index(id).is_none() {
            problems.push(Problem::new(path, id, "unknown request"));
        } else if allocation.is_some_and(|a| !a.waiting_list.iter().any(|w| &w.request == id)) {
            problems.push(Problem::new(
                path,
                id,
                "placed in this allocation: not on the waiting list",
            ));
        }
    }
    problems
}

/// The suggestions as the response (without timings): typed and whole.
pub fn suggestions_to_proto(s: &Suggestions) -> pb::SuggestResponse {
    pb::SuggestResponse {
        commission_id: s.commission_id.clone(),
        strategy: s.strategy.clone(),
        requests: s.requests.iter().map(request_to_proto).collect(),
        candidates: u32_of(s.candidates),
        filtered_out: u32_of(s.filtered_out),
        solves: u32_of(s.solves),
        suggestions_json: io::to_json(s),
        timings: None,
        keep_places: s.scope == Scope::FreePlaces,
    }
}

fn request_to_proto(r: &RequestSuggestions) -> pb::RequestSuggestions {
    pb::RequestSuggestions {
        request: r.request.clone(),
        points: r.points,
        position: u32_of(r.position),
        suggestions: r.suggestions.iter().map(suggestion_to_proto).collect(),
        solves: u32_of(r.solves),
        not_enough: (r.not_enough.iter().zip(&r.not_enough_words))
            .map(|(c, w)| change_to_proto(c, w))
            .collect(),
        note: r.note.clone(),
        note_code: r.note_code.clone(),
    }
}

fn suggestion_to_proto(s: &Suggestion) -> pb::Suggestion {
    pb::Suggestion {
        change: Some(change_to_proto(&s.change, &s.change_words)),
        words: s.words.clone(),
        place: Some(outcome_to_proto(&s.place)),
        fewest: s.fewest.clone(),
        code: s.code.clone(),
        fewest_code: s.fewest_reason.as_ref().map(|f| coded(f).0),
        fewest_params: s
            .fewest_reason
            .as_ref()
            .map(|f| coded(f).1)
            .unwrap_or_default(),
        others: s
            .others
            .iter()
            .map(|o| pb::AffectedRequest {
                request: o.request.clone(),
                points: o.points,
                kind: diff_kind_to_proto(o.kind) as i32,
                before: o.before.clone(),
                after: o.after.clone(),
                why: o.why.clone(),
                why_code: coded(&o.reason).0,
                why_params: coded(&o.reason).1,
            })
            .collect(),
        within_policy: s.within_policy,
    }
}

/// A value tagged `code` (a serde enum) as its code and its parameters as text.
fn coded<T: serde::Serialize>(value: &T) -> (String, HashMap<String, String>) {
    let json = serde_json::to_value(value).unwrap_or_default();
    let mut code = String::new();
    let mut params = HashMap::new();
    for (k, v) in json.as_object().into_iter().flatten() {
        let text = v.as_str().map_or_else(|| v.to_string(), str::to_string);
        if k == "code" {
            code = text;
        } else {
            params.insert(k.clone(), text);
        }
    }
    (code, params)
}

fn change_to_proto(c: &Change, words: &str) -> pb::SuggestedChange {
    use pb::ChangeKind as K;
    let mut out = pb::SuggestedChange {
        words: words.to_string(),
        ..Default::default()
    };
    let kind = match c {
        Change::DropHalfDay { day, slot } => {
            (out.day, out.slot) = (day.clone(), slot.clone());
            K::DropHalfDay
        }
        Change::DropDay { day } => {
            out.day = day.clone();
            K::DropDay
        }
        Change::LaterEntry { start, days } => {
            (out.start, out.days) = (start.clone(), *days);
            K::LaterEntry
        }
        Change::AddCreche { creche } => {
            out.creche = creche.clone();
            K::AddCreche
        }
        Change::MorePoints { creche, points } => {
            (out.creche, out.points) = (creche.clone(), *points);
            K::MorePoints
        }
    };
    out.kind = kind as i32;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json() -> Option<pb::minutes_request::Input> {
        Some(pb::minutes_request::Input::InstanceJson(
            io::DEFAULT_INSTANCE.to_string(),
        ))
    }

    #[test]
    fn json_text_is_hashed_as_sent_and_a_message_as_canonical_json() {
        let h = hashed_from_input(Some(Input::Json(io::DEFAULT_INSTANCE.into()))).unwrap();
        assert_eq!(h.sha256, sha256_hex(io::DEFAULT_INSTANCE.as_bytes()));
        let m = convert::instance_to_proto(&h.instance);
        let from_message = hashed_from_input(Some(Input::Message(Box::new(m)))).unwrap();
        assert_eq!(
            from_message.sha256,
            sha256_hex(io::to_json(&h.instance).as_bytes())
        );
    }

    #[test]
    fn minutes_problems_name_their_fields() {
        let req = pb::MinutesRequest {
            input: json(),
            format: 7,
            time_limit: Some(prost_types::Duration::default()),
            ..Default::default()
        };
        let Err(Error::Invalid(p)) = minutes_input(req) else {
            panic!("expected invalid");
        };
        let paths: Vec<&str> = p.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["allocation", "format", "time_limit"]);
    }

    #[test]
    fn suggest_options_and_ids_are_checked() {
        let req = pb::SuggestRequest {
            input: Some(pb::suggest_request::Input::InstanceJson(
                io::DEFAULT_INSTANCE.to_string(),
            )),
            request_ids: vec!["nobody".into()],
            per_request: Some(0),
            ..Default::default()
        };
        let Err(Error::Invalid(p)) = suggest_input(req) else {
            panic!("expected invalid");
        };
        let paths: Vec<&str> = p.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["per_request", "request_ids[0]"]);
    }

    #[test]
    fn every_change_kind_is_typed() {
        let c = Change::LaterEntry {
            start: "2027-02-01".into(),
            days: 28,
        };
        let p = change_to_proto(&c, "plus tard");
        assert_eq!(p.kind, pb::ChangeKind::LaterEntry as i32);
        assert_eq!((p.start.as_str(), p.days), ("2027-02-01", 28));
        assert_eq!(p.words, "plus tard");
        let (code, params) = coded(&crate::transparency::others::Why::TieBreak {
            creche: "toboggan".into(),
            with: "D-0001".into(),
            points: 12,
        });
        assert_eq!(code, "tie_break");
        assert_eq!(params["with"], "D-0001");
        assert_eq!(params["points"], "12");
    }
}
