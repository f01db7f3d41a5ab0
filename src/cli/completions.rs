//! `creche-alloc completions SHELL` and `creche-alloc manpage`: shell
//! completions (clap_complete) and the man page (clap_mangen), generated
//! from the same command-line definition, so they are never out of date.

use clap::Command;
use clap_complete::Shell;

use super::output::{print, Failure, Result};

/// Print the shell completion script (e.g. `creche-alloc completions bash >
/// ~/.local/share/bash-completion/completions/creche-alloc`).
#[derive(clap::Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    shell: Shell,
}

/// Print the man page, in roff (e.g. `creche-alloc manpage > creche-alloc.1;
/// man ./creche-alloc.1`).
#[derive(clap::Args)]
pub struct ManArgs {}

pub fn completions(a: &CompletionsArgs, cmd: &mut Command) -> Result {
    let mut out = Vec::new();
    clap_complete::generate(a.shell, cmd, "creche-alloc", &mut out);
    print(&String::from_utf8_lossy(&out))
}

pub fn manpage(_: &ManArgs, cmd: Command) -> Result {
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd)
        .render(&mut out)
        .map_err(|e| Failure::Said(e.to_string()))?;
    print(&String::from_utf8_lossy(&out))
}
