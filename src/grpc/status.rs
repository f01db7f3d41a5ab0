//! The error model of the service, mapped once: library errors and the
//! service's own failures → gRPC status codes with rich error details
//! (`google.rpc.*`, through tonic-types).
//!
//! | failure | code | details |
//! | --- | --- | --- |
//! | [`Error::Invalid`] (instance, options, an allocation, events, a scenario, request ids) | `INVALID_ARGUMENT` | `BadRequest`: one field violation per problem, field = path, description = message and value (the first problems only if they would not fit the trailers) |
//! | [`Error::TimeLimit`] (no allocation in time), [`Error::NotProven`] (offers or a suggestions' base not proven optimal in time), [`Error::SuggestionCutShort`] (a suggestion's re-solve stopped by its time limit: the message names the request and the change), or the call's deadline reached before an allocation | `DEADLINE_EXCEEDED` | |
//! | [`Error::Cancelled`] (the job's token was cancelled: its caller went away or its deadline passed, so this status normally reaches nobody) | `CANCELLED` | |
//! | solve queue full | `RESOURCE_EXHAUSTED` | `RetryInfo` |
//! | server shutting down | `UNAVAILABLE` | |
//! | anything else (solver failure, panic, I/O) | `INTERNAL`, generic message | |
//!
//! Every status carries a `RequestInfo` detail and an `x-request-id` metadata
//! entry with the call's request id, which the server log also records.
//! Status messages never contain a panic message or an internal error text
//! (those go to the log, which carries no personal field).

use std::time::Duration;

use tonic::metadata::MetadataValue;
use tonic::{Code, Status};
use tonic_types::{ErrorDetails, FieldViolation, StatusExt};

use crate::error::{Error, Problem};

/// Metadata key of the request id, on requests (optional, chosen by the
/// caller) and on every response and error.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// Budget for the encoded field violations of one status. Status details
/// travel base64-encoded in HTTP/2 trailers, and common clients refuse
/// trailers over 8–16 KiB (hyper's and gRPC C-core's defaults).
pub const MAX_VIOLATION_BYTES: usize = 4096;

/// Characters of a value quoted in a violation's description, and of a
/// field path (a path quotes the input's own keys): a value of 12,000
/// characters must not fill the trailers by itself. Longer ones are cut,
/// saying how long they were.
pub const MAX_QUOTED_CHARS: usize = 200;

/// Every way a call can fail.
#[derive(Debug)]
pub enum Failure {
    /// An error of the library (invalid instance, time limit, solver...).
    Lib(Error),
    /// The solve queue holds `capacity` jobs already.
    QueueFull { capacity: usize },
    /// The call's deadline left no time to solve (before or while queued).
    DeadlineBeforeSolve,
    /// The call's deadline passed while the solver ran; its result is dropped.
    DeadlineWhileSolving,
    /// The solver thread panicked on this job.
    Panicked,
    /// The solver thread is gone (the server is shutting down).
    Unavailable,
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Lib(e)
    }
}

impl Failure {
    /// The gRPC code of this failure.
    pub fn code(&self) -> Code {
        match self {
            Failure::Lib(Error::Invalid(_)) => Code::InvalidArgument,
            Failure::Lib(
                Error::TimeLimit(_) | Error::NotProven { .. } | Error::SuggestionCutShort { .. },
            ) => Code::DeadlineExceeded,
            Failure::Lib(Error::Cancelled) => Code::Cancelled,
            Failure::Lib(_) => Code::Internal,
            Failure::QueueFull { .. } => Code::ResourceExhausted,
            Failure::DeadlineBeforeSolve | Failure::DeadlineWhileSolving => Code::DeadlineExceeded,
            Failure::Panicked => Code::Internal,
            Failure::Unavailable => Code::Unavailable,
        }
    }

    /// Short, non-personal description for the log.
    pub fn log_kind(&self) -> String {
        match self {
            Failure::Lib(Error::Invalid(p)) => format!("invalid input ({} problems)", p.len()),
            Failure::Lib(Error::TimeLimit(t)) => format!("no allocation within {t:.3} s"),
            Failure::Lib(Error::NotProven { what, limit }) => {
                format!("{what} not proven optimal within {limit:.3} s")
            }
            Failure::Lib(Error::SuggestionCutShort { limit, .. }) => {
                format!("a suggestion's re-solve cut short at {limit:.3} s")
            }
            // Solver messages come from HiGHS/good_lp, never from the instance.
            Failure::Lib(Error::Solver(m)) => format!("solver error: {m}"),
            Failure::Lib(Error::Cancelled) => "cancelled by its caller".to_string(),
            Failure::Lib(_) => "library error".to_string(),
            Failure::QueueFull { capacity } => format!("solve queue full ({capacity})"),
            Failure::DeadlineBeforeSolve => "deadline left no time to solve".to_string(),
            Failure::DeadlineWhileSolving => "deadline passed while solving".to_string(),
            Failure::Panicked => "solver panicked".to_string(),
            Failure::Unavailable => "solver thread gone".to_string(),
        }
    }

    /// The status sent to the caller.
    pub fn to_status(&self, request_id: &str) -> Status {
        let mut details = ErrorDetails::new();
        details.set_request_info(request_id, "");
        let message = match self {
            Failure::Lib(Error::Invalid(problems)) => {
                let (violations, shown) = field_violations(problems);
                details.set_bad_request(violations);
                if shown == problems.len() {
                    format!(
                        "invalid input: {} problem(s), listed in the google.rpc.BadRequest details",
                        problems.len()
                    )
                } else {
                    format!(
                        "invalid input: {} problem(s), the first {shown} listed in the \
                         google.rpc.BadRequest details, {} left out; Validate lists them all",
                        problems.len(),
                        problems.len() - shown
                    )
                }
            }
            Failure::Lib(
                e @ (Error::TimeLimit(_)
                | Error::NotProven { .. }
                | Error::SuggestionCutShort { .. }
                | Error::Cancelled),
            ) => e.to_string(),
            Failure::QueueFull { capacity } => {
                details.set_retry_info(Some(Duration::from_secs(1)));
                format!("solve queue full ({capacity} waiting); retry later")
            }
            Failure::DeadlineBeforeSolve => {
                "deadline exceeded: the call's deadline left no time to solve".to_string()
            }
            Failure::DeadlineWhileSolving => {
                "deadline exceeded: no allocation before the call's deadline".to_string()
            }
            Failure::Unavailable => "the server is shutting down".to_string(),
            Failure::Lib(_) | Failure::Panicked => {
                format!("internal error (request id {request_id})")
            }
        };
        let mut status = Status::with_error_details(self.code(), message, details);
        if let Ok(v) = MetadataValue::try_from(request_id) {
            status.metadata_mut().insert(REQUEST_ID_HEADER, v);
        }
        status
    }
}

/// Description of one problem: its message, then the value as written,
/// each cut to [`MAX_QUOTED_CHARS`] (a message may quote the input too).
pub fn describe(p: &Problem) -> String {
    let message = quoted(&p.message);
    if p.value.is_empty() {
        message
    } else {
        format!("{message} (value: {})", quoted(&p.value))
    }
}

/// `text`, or its first [`MAX_QUOTED_CHARS`] characters and how long it was.
fn quoted(text: &str) -> String {
    match text.char_indices().nth(MAX_QUOTED_CHARS) {
        None => text.to_string(),
        Some((end, _)) => format!(
            "{}… ({} characters in all)",
            &text[..end],
            text.chars().count()
        ),
    }
}

/// One field violation per problem, as many as fit [`MAX_VIOLATION_BYTES`]
/// (always at least one: each is at most a few hundred bytes, its path and
/// quoted values cut). Returns the violations and how many were kept.
pub fn field_violations(problems: &[Problem]) -> (Vec<FieldViolation>, usize) {
    let mut out = Vec::new();
    let mut bytes = 0;
    for p in problems {
        let field = quoted(&p.path);
        let description = describe(p);
        // Two length-delimited strings plus tags and lengths.
        let size = field.len() + description.len() + 12;
        if !out.is_empty() && bytes + size > MAX_VIOLATION_BYTES {
            break;
        }
        bytes += size;
        out.push(FieldViolation::new(field, description));
    }
    let shown = out.len();
    (out, shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_maps_to_bad_request_with_one_violation_per_problem() {
        let f = Failure::Lib(Error::Invalid(vec![
            Problem::new("requests[0].wishes[1]", "nowhere", "unknown crèche"),
            Problem::new("commission.id", "", "empty commission id"),
        ]));
        let s = f.to_status("r1");
        assert_eq!(s.code(), Code::InvalidArgument);
        let br = s.get_details_bad_request().unwrap();
        assert_eq!(br.field_violations.len(), 2);
        assert_eq!(br.field_violations[0].field, "requests[0].wishes[1]");
        assert_eq!(
            br.field_violations[0].description,
            "unknown crèche (value: nowhere)"
        );
        assert_eq!(br.field_violations[1].description, "empty commission id");
        assert_eq!(s.get_details_request_info().unwrap().request_id, "r1");
        assert_eq!(s.metadata().get(REQUEST_ID_HEADER).unwrap(), "r1");
    }

    #[test]
    fn many_problems_are_cut_to_fit_the_trailers() {
        let problems: Vec<Problem> = (0..1000)
            .map(|i| Problem::new(format!("requests[{i}].start"), "2027-13-01", "not a date"))
            .collect();
        let s = Failure::Lib(Error::Invalid(problems)).to_status("r");
        let n = s.get_details_bad_request().unwrap().field_violations.len();
        assert!(n > 10 && n < 1000, "{n}");
        assert!(s.details().len() < 2 * MAX_VIOLATION_BYTES);
        assert!(s.message().contains("Validate lists them all"));
        assert!(
            s.message().contains(&format!("{} left out", 1000 - n)),
            "{}",
            s.message()
        );
    }

    #[test]
    fn a_long_value_or_path_is_cut_saying_how_long_it_was() {
        let long = "é".repeat(12_000);
        let problems = vec![
            Problem::new("requests[0].wishes[0]", &long, "unknown crèche"),
            Problem::new(
                format!("bareme.{long}"),
                1,
                format!("crèche {long} wished twice"),
            ),
        ];
        let s = Failure::Lib(Error::Invalid(problems)).to_status("r");
        assert_eq!(s.code(), Code::InvalidArgument);
        assert!(
            s.details().len() < 2 * MAX_VIOLATION_BYTES,
            "{}",
            s.details().len()
        );
        let v = s.get_details_bad_request().unwrap().field_violations;
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].field, "requests[0].wishes[0]");
        assert!(v[0]
            .description
            .ends_with(&format!("{}… (12000 characters in all))", "é".repeat(200))));
        assert!(v[1].field.ends_with("… (12007 characters in all)"));
    }

    #[test]
    fn internal_errors_say_nothing_inside() {
        let s = Failure::Lib(Error::Solver("HiGHS: model error 42".into())).to_status("r9");
        assert_eq!(s.code(), Code::Internal);
        assert!(!s.message().contains("HiGHS"));
        assert_eq!(Failure::Panicked.to_status("r").code(), Code::Internal);
    }

    #[test]
    fn codes() {
        assert_eq!(
            Failure::Lib(Error::TimeLimit(1.0)).code(),
            Code::DeadlineExceeded
        );
        assert_eq!(
            Failure::QueueFull { capacity: 1 }.code(),
            Code::ResourceExhausted
        );
        assert_eq!(Failure::DeadlineBeforeSolve.code(), Code::DeadlineExceeded);
        let cancelled = Failure::Lib(Error::Cancelled).to_status("r");
        assert_eq!(cancelled.code(), Code::Cancelled);
        assert_eq!(cancelled.message(), "the solve was cancelled");
    }
}
