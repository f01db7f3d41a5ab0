//! Every HiGHS instance of the process is made and configured here.
//!
//! HiGHS 1.x is not safe with several solver instances alive at once in one
//! process (HiGHS issue #3141: `Highs_destroy` resets a global scheduler), so a
//! [`Session`] holds a process-wide lock from before the creation of its
//! instances to after their destruction (the balanced policy's stages and the
//! priority policy's large parts alike). Callers that need a queue (the gRPC
//! service) put theirs in front of it.
//!
//! [`Session::configure`] gives every instance the same options: exact gaps
//! (`mip_rel_gap` 0, `mip_abs_gap` 0.5 on integer objectives: `optimal` means
//! proven), the commission's seed, the threads, and the one HiGHS callback of
//! the process. That callback is the only unsafe FFI here. It interrupts
//! HiGHS (simplex, interior point and branch-and-bound alike, model status
//! `Interrupt`) once the session's [`CancelToken`] is cancelled, and with
//! diagnostics it hands HiGHS' log lines to `tracing`. It is given no pointer:
//! what it reads (the token, whether to log) is the current session's, in a
//! static the session sets when it opens and clears when it closes. Since one
//! session at most is open in the process, that is always the right one, and
//! no instance can ever call back into freed memory, whatever outlives what.

use std::ffi::{c_char, c_int, c_void, CStr};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Mutex, MutexGuard, PoisonError};

use highs_sys::{HighsCallbackDataIn, HighsCallbackDataOut};

use super::cancel::CancelToken;
use crate::error::{Error, Result};

/// Held by the open [`Session`], if any.
static HIGHS: Mutex<()> = Mutex::new(());

/// What the callback answers to: the open session's token and log setting.
static CURRENT: Mutex<Option<Hook>> = Mutex::new(None);

#[derive(Debug, Clone)]
struct Hook {
    cancel: CancelToken,
    log: bool,
}

fn current() -> MutexGuard<'static, Option<Hook>> {
    CURRENT.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The HiGHS options of one solve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HighsConfig {
    pub threads: u32,
    /// `random_seed`: the commission's ([`super::settings::seed`]).
    pub seed: i32,
    /// HiGHS' log and each solve's time as `tracing` events.
    pub diagnostics: bool,
}

/// The process-wide right to use HiGHS, with the options and the cancellation
/// token of the solve that holds it.
pub struct Session {
    config: HighsConfig,
    cancel: CancelToken,
    _lock: MutexGuard<'static, ()>,
}

impl Session {
    /// Waits until no other session is open in the process, then opens one
    /// answering to `cancel`.
    pub fn open(config: HighsConfig, cancel: &CancelToken) -> Session {
        let lock = HIGHS.lock().unwrap_or_else(PoisonError::into_inner);
        *current() = Some(Hook {
            cancel: cancel.clone(),
            log: config.diagnostics,
        });
        Session {
            config,
            cancel: cancel.clone(),
            _lock: lock,
        }
    }

    pub fn config(&self) -> HighsConfig {
        self.config
    }

    /// [`Error::Cancelled`] once the session's token is cancelled.
    pub fn check(&self) -> Result<()> {
        self.cancel.check()
    }

    /// Sets the options every instance shares and the callback on `model`.
    pub fn configure(&self, model: &mut highs::Model) -> Result<()> {
        if self.config.diagnostics {
            // To the callback only (which hands the lines to tracing).
            model.set_option("output_flag", true);
            model.set_option("log_to_console", false);
        } else {
            model.make_quiet();
        }
        model.set_option("threads", self.config.threads.max(1) as i32);
        model.set_option("random_seed", self.config.seed);
        model.set_option("mip_rel_gap", 0.0);
        model.set_option("mip_abs_gap", 0.5);
        hook(model, self.config.diagnostics)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // Before the lock is released (fields drop after this).
        *current() = None;
    }
}

/// Installs [`callback`] on `model` and starts the interrupt callbacks (and
/// the log's, with `log`).
fn hook(model: &mut highs::Model, log: bool) -> Result<()> {
    let ptr = model.as_mut_ptr();
    // SAFETY: `ptr` is the live HiGHS instance of `model`, borrowed mutably
    // for the call. The callback is a plain function and its data pointer is
    // null: HiGHS keeps nothing that could dangle.
    let status = unsafe { highs_sys::Highs_setCallback(ptr, Some(callback), std::ptr::null_mut()) };
    highs_ok(status, "set its callback")?;
    let mut kinds = vec![
        highs_sys::kHighsCallbackSimplexInterrupt,
        highs_sys::kHighsCallbackIpmInterrupt,
        highs_sys::kHighsCallbackMipInterrupt,
    ];
    if log {
        kinds.push(highs_sys::kHighsCallbackLogging);
    }
    for kind in kinds {
        // SAFETY: as above; `kind` is one of HiGHS' callback types.
        let status = unsafe { highs_sys::Highs_startCallback(ptr, kind) };
        highs_ok(status, "start a callback")?;
    }
    Ok(())
}

/// [`Error::Solver`] when a HiGHS call answered `kHighsStatusError`.
pub(super) fn highs_ok(status: c_int, what: &str) -> Result<()> {
    if status == highs_sys::kHighsStatusError {
        return Err(Error::Solver(format!("HiGHS refused to {what}")));
    }
    Ok(())
}

/// HiGHS' callback: asks for an interrupt once the open session is
/// cancelled; hands log lines to `tracing` when the session logs.
///
/// # Safety
///
/// Called by HiGHS only, with `message` null or a NUL-terminated string and
/// `data_in` null or valid for writes (HiGHS' C wrapper passes a local copy
/// that it reads back after the call).
unsafe extern "C" fn callback(
    kind: c_int,
    message: *const c_char,
    _out: *const HighsCallbackDataOut,
    data_in: *mut HighsCallbackDataIn,
    _user: *mut c_void,
) {
    // A panic must not cross into C++: it is dropped (nothing here should panic).
    let _ = catch_unwind(AssertUnwindSafe(|| {
        let Some(hook) = current().clone() else {
            return;
        };
        if kind == highs_sys::kHighsCallbackLogging {
            if hook.log && !message.is_null() {
                // SAFETY: HiGHS passes a NUL-terminated message buffer.
                let text = unsafe { CStr::from_ptr(message) }.to_string_lossy();
                tracing::info!(target: "creche_alloc::highs", "{}", text.trim_end());
            }
        } else if hook.cancel.is_cancelled() && !data_in.is_null() {
            // SAFETY: HiGHS passes its callback input, valid for writes.
            unsafe { (*data_in).user_interrupt = 1 };
        }
    }));
}

#[cfg(test)]
mod tests {
    use super::*;
    use highs::{HighsModelStatus, RowProblem, Sense};
    use std::time::{Duration, Instant};

    /// A market split problem (Cornuéjols and Dawande): 4 equality rows of
    /// 36 binary columns with coefficients up to 99, right-hand sides half
    /// the row sums. Tiny, and branch-and-bound takes minutes to hours on it.
    fn market_split() -> RowProblem {
        let mut p = RowProblem::default();
        let cols: Vec<_> = (0..36)
            .map(|j| p.add_integer_column(((j * 7) % 5) as f64, 0..=1))
            .collect();
        let mut x: u64 = 20_240_915;
        for _ in 0..4 {
            let row: Vec<(highs::Col, f64)> = cols
                .iter()
                .map(|&c| {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    (c, ((x >> 33) % 100) as f64)
                })
                .collect();
            let half = (row.iter().map(|&(_, a)| a).sum::<f64>() / 2.0).floor();
            p.add_row(half..=half, row);
        }
        p
    }

    #[test]
    fn a_cancelled_token_interrupts_a_running_mip_from_another_thread() {
        let token = CancelToken::new();
        let config = HighsConfig {
            threads: 1,
            seed: 1,
            diagnostics: false,
        };
        let canceller = {
            let token = token.clone();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(300));
                token.cancel();
            })
        };
        let t0 = Instant::now();
        let session = Session::open(config, &token);
        let mut model = market_split().optimise(Sense::Maximise);
        session.configure(&mut model).unwrap();
        model.set_option("time_limit", 120.0);
        let solved = model.try_solve().unwrap();
        let elapsed = t0.elapsed();
        canceller.join().unwrap();
        assert_eq!(solved.status(), HighsModelStatus::ReachedInterrupt);
        assert!(elapsed < Duration::from_secs(20), "{elapsed:?}");
        drop(solved);
        drop(session);
        // Not cancelled, the same MIP runs to its time limit.
        let session = Session::open(config, &CancelToken::new());
        let mut model = market_split().optimise(Sense::Maximise);
        session.configure(&mut model).unwrap();
        model.set_option("time_limit", 1.0);
        let solved = model.try_solve().unwrap();
        assert_eq!(solved.status(), HighsModelStatus::ReachedTimeLimit);
    }

    #[test]
    fn without_cancellation_the_callback_changes_nothing() {
        let session = Session::open(
            HighsConfig {
                threads: 1,
                seed: 3,
                diagnostics: true,
            },
            &CancelToken::new(),
        );
        let mut p = RowProblem::default();
        let a = p.add_integer_column(3.0, 0..=4);
        let b = p.add_integer_column(2.0, 0..=4);
        p.add_row(..=7.0, [(a, 2.0), (b, 1.0)]);
        let mut model = p.optimise(Sense::Maximise);
        session.configure(&mut model).unwrap();
        let solved = model.try_solve().unwrap();
        assert_eq!(solved.status(), HighsModelStatus::Optimal);
        // 2a + b ≤ 7: a = 2, b = 3.
        assert_eq!(solved.objective_value(), 12.0);
    }
}
