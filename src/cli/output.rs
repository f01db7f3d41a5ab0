//! What every subcommand shares to finish: how it fails ([`Failure`], the
//! exit codes) and how it prints (results on standard output, a closed pipe
//! ending quietly; status and progress on standard error).

use std::io::{IsTerminal, Write};

use creche_alloc::args;
use creche_alloc::i18n::Messages;
use creche_alloc::Error;

/// Something went wrong that is not the input's fault: a file that cannot
/// be read or written, a solver failure, a time limit that left nothing
/// proven, a server that cannot start.
pub const EXIT_FAILURE: u8 = 1;
/// The input is invalid (instance, allocation, events, scenario, or a flag's
/// value): every problem is listed with its path.
pub const EXIT_INVALID: u8 = 2;
/// The command line itself is wrong (unknown flag, missing argument): as
/// `EX_USAGE` of sysexits.h.
pub const EXIT_USAGE: u8 = 64;

/// What a subcommand can fail with.
pub enum Failure {
    /// A library error: exit 2 for invalid input, else 1.
    Lib(Error),
    /// A failure outside the library (the server, the bench's children),
    /// said on standard error; exit 1.
    Said(String),
    /// The outcome is already printed (`validate --json`): only this exit code.
    Exit(u8),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Lib(e)
    }
}

pub type Result<T = ()> = std::result::Result<T, Failure>;

/// Writes a result to standard output. A closed pipe (`| head`) ends the
/// command quietly with exit 0: the reader has what it wanted.
pub fn print(text: &str) -> Result {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(source) => Err(Failure::Lib(Error::Write {
            path: "standard output".into(),
            source,
        })),
    }
}

/// A status or progress line on standard error (never mixed with results).
pub fn status(line: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{line}");
}

/// Whether progress may be drawn as a bar (standard error is a terminal);
/// else it is written as plain lines.
pub fn stderr_is_terminal() -> bool {
    std::io::stderr().is_terminal()
}

/// `Attribution écrite dans …` / `Allocation written to …`: a file a
/// command wrote (message `id` with its `path`).
pub fn written(t: &Messages, id: &str, path: &std::path::Path) {
    status(&t.text(id, &args! {"path" => path.display().to_string()}));
}
