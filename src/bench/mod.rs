//! `creche-alloc bench`: solve instances with the optimal (priority) and
//! greedy strategies and print one table — instance and model size, build and
//! solve time, status, gap, placed, occupancy, priority inversions, peak
//! memory — so that a coordinator's what-if scenario (one solve each) can be
//! sized, and the speed targets of issue 5 checked.
//!
//! Each solve runs in a child process ([`child`]) so that its peak memory is
//! its own; [`report`] aggregates the runs (`--runs N`: medians) and renders
//! the table. Nothing here prints: the command line (`src/cli/bench.rs`)
//! shows the progress and the result.

mod args;
pub mod child;
pub mod report;

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::generate::SHIPPED;

pub use args::{BenchArgs, BenchError, OneArgs, Which};

/// An instance to bench: its name in the table and its file (`None`: the
/// embedded default commission).
#[derive(Debug, Clone, PartialEq)]
struct Target {
    name: String,
    path: Option<PathBuf>,
}

/// `instances/generated/<file>` under the working directory, else under the
/// source tree this binary was built from.
fn shipped_path(file: &str) -> PathBuf {
    let rel = Path::new("instances").join("generated").join(file);
    if rel.exists() {
        return rel;
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// File name without `.json` / `.json.gz`.
fn name_of(path: &Path) -> String {
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let file = file.strip_suffix(".gz").unwrap_or(&file);
    file.strip_suffix(".json").unwrap_or(file).to_string()
}

fn targets(args: &BenchArgs) -> Result<Vec<Target>, Error> {
    let default = Target {
        name: "default".into(),
        path: None,
    };
    if args.instances.is_empty() {
        let shipped = SHIPPED.iter().map(|s| {
            let path = shipped_path(s.file);
            Target {
                name: name_of(&path),
                path: Some(path),
            }
        });
        return Ok(std::iter::once(default).chain(shipped).collect());
    }
    let mut out = Vec::new();
    for p in &args.instances {
        if p.as_os_str() == "default" {
            out.push(default.clone());
            continue;
        }
        // A missing file is reported before any solve starts.
        std::fs::metadata(p).map_err(|source| Error::Read {
            path: p.display().to_string(),
            source,
        })?;
        out.push(Target {
            name: name_of(p),
            path: Some(p.clone()),
        });
    }
    Ok(out)
}

fn check_time_limit(t: f64) -> Result<Option<f64>, Error> {
    if !(t.is_finite() && t >= 0.0) {
        return Err(Error::Invalid(vec![crate::Problem::new(
            "--time-limit",
            t,
            "must be a non-negative number of seconds (0: no limit)",
        )]));
    }
    Ok((t > 0.0).then_some(t))
}

/// What [`run`] reports while it works (the command line draws a progress
/// bar, or prints a line per solve when standard error is not a terminal).
pub enum Progress<'a> {
    /// Solves to run in all.
    Total(usize),
    /// A solve starts: instance name, strategy, run `k` of `runs`.
    Starting {
        name: &'a str,
        which: Which,
        k: usize,
        runs: usize,
    },
    /// A solve ended.
    Done {
        name: &'a str,
        which: Which,
        measured: &'a child::Measured,
    },
    /// A solve failed; the others go on.
    Failed(&'a BenchError),
}

/// The result of a bench: one row per (instance, strategy) that solved at
/// least once.
pub struct Bench {
    pub rows: Vec<report::Row>,
    pub runs: usize,
    /// Seconds per solve (`None`: no limit).
    pub time_limit: Option<f64>,
    /// Solves that failed (listed as they happened).
    pub failures: usize,
}

/// `creche-alloc bench`: every (instance, strategy, run) in a child process.
pub fn run(args: &BenchArgs, progress: &mut dyn FnMut(Progress)) -> Result<Bench, BenchError> {
    let time_limit = check_time_limit(args.time_limit)?;
    let targets = targets(args)?;
    let exe = std::env::current_exe().map_err(|source| BenchError::Spawn {
        exe: "creche-alloc (current executable)".into(),
        source,
    })?;
    let runs = args.runs as usize;
    progress(Progress::Total(targets.len() * args.strategy.len() * runs));
    let mut rows = Vec::new();
    let mut failures = 0;
    for t in &targets {
        for &which in &args.strategy {
            let mut measured = Vec::with_capacity(runs);
            for k in 1..=runs {
                let name = t.name.as_str();
                progress(Progress::Starting {
                    name,
                    which,
                    k,
                    runs,
                });
                match child::run_child(&exe, t.path.as_ref(), which, time_limit) {
                    Ok(m) => {
                        progress(Progress::Done {
                            name,
                            which,
                            measured: &m,
                        });
                        measured.push(m);
                    }
                    Err(e) => {
                        progress(Progress::Failed(&e));
                        failures += 1;
                    }
                }
            }
            if !measured.is_empty() {
                rows.push(report::aggregate(&t.name, &measured));
            }
        }
    }
    Ok(Bench {
        rows,
        runs,
        time_limit,
        failures,
    })
}

/// `creche-alloc bench-one`: one solve and its figures.
pub fn run_one(args: &OneArgs) -> Result<child::Figures, Error> {
    let time_limit = match args.time_limit {
        Some(t) => check_time_limit(t)?,
        None => None,
    };
    child::measure(args.instance.as_deref(), args.strategy, time_limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(instances: &[&str]) -> BenchArgs {
        BenchArgs {
            instances: instances.iter().map(PathBuf::from).collect(),
            runs: 1,
            time_limit: 60.0,
            strategy: vec![Which::Optimal, Which::Greedy],
            json: false,
        }
    }

    #[test]
    fn names_drop_the_json_extensions() {
        assert_eq!(name_of(Path::new("a/town-40x1500.json")), "town-40x1500");
        assert_eq!(name_of(Path::new("dep.json.gz")), "dep");
        assert_eq!(name_of(Path::new("x.txt")), "x.txt");
    }

    #[test]
    fn no_argument_means_the_default_and_the_shipped_instances() {
        let t = targets(&args(&[])).unwrap();
        let names: Vec<&str> = t.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "default",
                "small-7x120",
                "town-40x1500",
                "departement-400x12000"
            ]
        );
        assert!(t[1..].iter().all(|t| t.path.as_ref().unwrap().exists()));
    }

    #[test]
    fn a_missing_file_is_reported_before_solving() {
        let e = targets(&args(&["default", "no/such.json"])).unwrap_err();
        assert!(e.to_string().contains("no/such.json"), "{e}");
        assert!(check_time_limit(-1.0).is_err());
        assert_eq!(check_time_limit(0.0).unwrap(), None);
    }
}
