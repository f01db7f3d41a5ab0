//! One measured solve, in its own process.
//!
//! The peak memory of a solve is only meaningful per process: the allocator
//! keeps what an earlier solve freed, and HiGHS allocates outside Rust. So
//! `bench` runs every (instance, strategy, run) as a child process of the same
//! binary (`creche-alloc bench-one`, hidden), which prints its [`Figures`] as
//! one JSON line, and reads the child's peak resident set from `wait4`'s
//! resource usage when it exits.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::args::{BenchError, Which};
use crate::error::Result;
use crate::i18n::Lang;
use crate::solve::{self, SolveOptions, SolverSettings};
use crate::{io, validate};

/// What one solve measured (the child's JSON line).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub commission_id: String,
    pub creches: usize,
    pub requests: usize,
    /// `optimal/priority` or `greedy`.
    pub strategy: String,
    /// Model size of the largest stage (0 for greedy).
    pub variables: usize,
    pub rows: usize,
    /// Reading, parsing and validating the instance.
    pub read_ms: f64,
    /// Building the model(s), all stages.
    pub build_ms: f64,
    /// HiGHS, all stages.
    pub solve_ms: f64,
    /// Explaining every decision in words.
    #[serde(default)]
    pub explain_ms: f64,
    /// Writing the allocation JSON (to memory).
    #[serde(default)]
    pub write_ms: f64,
    /// `solve::solve` end to end: options, build, solve, explanation.
    pub total_ms: f64,
    pub status: String,
    pub gap: Option<f64>,
    pub placed: usize,
    pub occupancy: f64,
    pub priority_inversions: usize,
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Solves one instance (the embedded default with `None`) and measures it.
pub fn measure(instance: Option<&Path>, which: Which, time_limit: Option<f64>) -> Result<Figures> {
    let t0 = Instant::now();
    let commission = validate::validate(&io::read_instance(instance)?)?;
    let read = t0.elapsed();
    let opts = SolveOptions {
        strategy: which.strategy(),
        settings: SolverSettings {
            time_limit: time_limit.map(Duration::from_secs_f64),
            ..SolverSettings::default()
        },
        lang: Lang::Fr,
    };
    let solution = solve::solve(&commission, &opts)?;
    let a = &solution.allocation;
    let t1 = Instant::now();
    let json = io::to_json(a);
    let write = t1.elapsed();
    std::hint::black_box(json);
    Ok(Figures {
        commission_id: commission.id().to_string(),
        creches: commission.creches().len(),
        requests: commission.requests().len(),
        strategy: opts.strategy.name(),
        variables: solution.stats.columns,
        rows: solution.stats.rows,
        read_ms: ms(read),
        build_ms: ms(solution.timings.build),
        solve_ms: ms(solution.timings.solve),
        explain_ms: ms(solution.timings.explain),
        write_ms: ms(write),
        total_ms: ms(solution.timings.total),
        status: a.status.as_str().to_string(),
        gap: a.gap,
        placed: a.metrics.placed,
        occupancy: a.metrics.occupancy,
        priority_inversions: a.metrics.priority_inversions,
    })
}

/// The figures of one child run and its peak resident set.
#[derive(Debug, Clone)]
pub struct Measured {
    pub figures: Figures,
    pub peak_rss_mb: f64,
}

/// Runs `exe bench-one` on one instance and waits for it; the error is the
/// child's own message when it fails.
pub fn run_child(
    exe: &Path,
    instance: Option<&PathBuf>,
    which: Which,
    time_limit: Option<f64>,
) -> std::result::Result<Measured, BenchError> {
    let mut cmd = Command::new(exe);
    cmd.arg("bench-one").arg("--strategy").arg(which.arg());
    if let Some(t) = time_limit {
        cmd.arg("--time-limit").arg(t.to_string());
    }
    if let Some(p) = instance {
        cmd.arg(p);
    }
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|source| BenchError::Spawn {
            exe: exe.display().to_string(),
            source,
        })?;
    // Both pipes are drained before the wait: a child blocked on a full pipe
    // would never exit.
    let mut stderr = child.stderr.take().expect("piped");
    let errors = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let mut stdout = String::new();
    let _ = child
        .stdout
        .take()
        .expect("piped")
        .read_to_string(&mut stdout);
    let (exit, peak_rss_mb) = wait_with_peak_rss(child.id());
    let errors = errors.join().unwrap_or_default();
    let failed = |message: String| BenchError::Child {
        what: format!(
            "{} {}",
            instance.map_or("default".to_string(), |p| p.display().to_string()),
            which.arg()
        ),
        message,
    };
    match exit {
        Ok(0) => {}
        Ok(code) => {
            return Err(failed(format!(
                "exit status {code}: {}",
                errors.trim().trim_start_matches("error: ")
            )))
        }
        Err(e) => return Err(failed(e)),
    }
    let figures = serde_json::from_str(stdout.trim())
        .map_err(|e| failed(format!("unreadable figures ({e}): {}", stdout.trim())))?;
    Ok(Measured {
        figures,
        peak_rss_mb,
    })
}

/// Reaps the child `pid` with `wait4`: its exit code (or how it died) and its
/// peak resident set in MB (`ru_maxrss`: kilobytes on Linux, bytes on macOS).
fn wait_with_peak_rss(pid: u32) -> (std::result::Result<i32, String>, f64) {
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero `rusage` is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: `pid` is our own unreaped child; the pointers are to live locals.
        let r = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
        if r == pid as libc::pid_t {
            break;
        }
        let err = std::io::Error::last_os_error();
        if err.kind() != std::io::ErrorKind::Interrupted {
            return (Err(format!("wait4: {err}")), 0.0);
        }
    }
    let unit = if cfg!(target_os = "macos") {
        1024.0 * 1024.0
    } else {
        1024.0
    };
    let peak = usage.ru_maxrss as f64 / unit;
    let exit = if libc::WIFEXITED(status) {
        Ok(libc::WEXITSTATUS(status))
    } else if libc::WIFSIGNALED(status) {
        Err(format!(
            "killed by signal {} (out of memory?)",
            libc::WTERMSIG(status)
        ))
    } else {
        Err(format!("ended with wait status {status}"))
    };
    (exit, peak)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greedy_figures_of_the_default_commission() {
        let f = measure(None, Which::Greedy, None).unwrap();
        assert_eq!(f.commission_id, "ccmvr-2026-10");
        assert_eq!((f.creches, f.requests), (7, 104));
        assert_eq!(f.status, "heuristic");
        assert_eq!((f.variables, f.rows), (0, 0));
        assert!(f.placed > 0 && f.occupancy > 0.0);
        // The parent reads the child's JSON line (floats to within parsing error).
        let back: Figures = serde_json::from_str(&serde_json::to_string(&f).unwrap()).unwrap();
        assert_eq!((&back.strategy, back.placed), (&f.strategy, f.placed));
        assert!((back.total_ms - f.total_ms).abs() <= 1e-9 * f.total_ms.max(1.0));
    }

    #[test]
    fn a_child_that_fails_is_reported_with_its_message() {
        // `false` ignores its arguments and exits with status 1.
        let e = run_child(Path::new("false"), None, Which::Greedy, None).unwrap_err();
        assert!(e.to_string().contains("exit status 1"), "{e}");
    }

    #[test]
    fn peak_memory_of_a_child_is_read() {
        // `true` exits at once: its peak resident set is small but not zero.
        // Reaped by `wait4` inside `wait_with_peak_rss`, not by `Child::wait`.
        #[allow(clippy::zombie_processes)]
        let child = Command::new("true").spawn().unwrap();
        let (exit, peak) = wait_with_peak_rss(child.id());
        assert_eq!(exit, Ok(0));
        assert!(peak > 0.0 && peak < 100.0, "{peak}");
    }
}
