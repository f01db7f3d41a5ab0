//! The `creche-alloc` binary: the command line of `src/cli/` (parse, call
//! the library, print). No domain logic here.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
