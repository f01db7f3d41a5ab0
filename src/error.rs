//! Typed errors of the library, mapped once to CLI messages (here, `Display`)
//! and, in the gRPC adapter, to status codes.

use std::fmt;

/// One problem found in an instance: where, what value, what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// JSON path of the offending field, e.g. `requests[3].wishes[1]`.
    pub path: String,
    /// The offending value as written in the input (may be empty for a missing field).
    pub value: String,
    /// What is wrong, in words.
    pub message: String,
}

impl Problem {
    pub fn new(
        path: impl Into<String>,
        value: impl fmt::Display,
        message: impl Into<String>,
    ) -> Self {
        Problem {
            path: path.into(),
            value: value.to_string(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.value.is_empty() {
            write!(f, "{}: {}", self.path, self.message)
        } else {
            write!(f, "{}: {} (value: {})", self.path, self.message, self.value)
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input is not a valid commission; every problem is listed.
    #[error("invalid input, {} problem(s):\n{}", .0.len(), list(.0))]
    Invalid(Vec<Problem>),
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    /// The solver failed (not a time limit: that gives a `feasible` allocation).
    #[error("solver error: {0}")]
    Solver(String),
    /// No allocation could be found before the time limit.
    #[error("no allocation found within the time limit of {0:.3} s")]
    TimeLimit(f64),
    /// An allocation was found but not proven optimal within the time limit,
    /// where only a proven one may be used (offers to families, the base of
    /// suggestions).
    #[error(
        "the {what} was not proven optimal within the time limit of {limit:.3} s; only a \
         proven allocation is used here (allow more time)"
    )]
    NotProven { what: &'static str, limit: f64 },
    /// A re-solve checking a suggestion was cut short by its time limit: it
    /// proves nothing either way, so no unchecked suggestion is given.
    #[error(
        "the re-solve checking \"{change}\" for request {request} was cut short by its time \
         limit of {limit:.3} s; no unchecked suggestion is given (allow more time, or ask for \
         fewer requests)"
    )]
    SuggestionCutShort {
        request: String,
        change: String,
        limit: f64,
    },
    /// Whoever asked for the solve gave it up (its [`CancelToken`] was
    /// cancelled: a gRPC caller that went away or whose deadline passed);
    /// nothing is answered.
    ///
    /// [`CancelToken`]: crate::solve::cancel::CancelToken
    #[error("the solve was cancelled")]
    Cancelled,
    /// A what-if report could not be drawn (a chart library failure, not an input error).
    #[error("report error: {0}")]
    Report(String),
}

fn list(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  - {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

pub type Result<T> = std::result::Result<T, Error>;
