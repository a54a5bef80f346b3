//! Typesetting runs the project's own Typst template, which is code: a
//! loop that never ends or a string of gigabytes would hang the build or
//! take the machine's memory. Typst offers no way to stop a compilation
//! part way, so a monitor thread watches each typesetting from outside:
//!
//! - **time**: each typesetting may take [`Limits::time`] (20 s, and more
//!   for a document the budget expects to be big: see [`Limits::for_document`]);
//! - **memory**: while anything is typeset, the process's resident memory
//!   may grow at most the sum of the typesettings' [`Limits::memory`] over
//!   what it held when the first of them began (measured every 10 ms from
//!   `/proc/self/status` on Linux).
//!
//! When one runs over, the command's [`Overrun`] action is taken, with an
//! error naming the template: `build`, `check --a11y` and `build --all`
//! print it and exit 1 (nothing is written: outputs are committed only
//! after typesetting), and `watch` prints it and starts itself again, so
//! that the runaway computation is gone and the last good outputs are kept
//! and served. (A thread cannot be stopped from outside; a process can.)

use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

use quire_core::{Diagnostic, budget};

use crate::ui::{EXIT_ERRORS, Ui};

/// How long and how much memory one typesetting may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The longest it may take.
    pub time: Duration,
    /// How much the process's memory may grow while it runs, in bytes.
    pub memory: u64,
}

/// The least time any document gets: the shipped 58-page strategy is
/// typeset in under half a second.
const BASE_TIME: Duration = Duration::from_secs(20);

/// The time a document at the whole budget may take besides: documents at
/// the budget's limits were typeset in at most 74 s.
const TIME_AT_BUDGET: Duration = Duration::from_secs(120);

/// The least memory growth any document gets: the engine's own (the Word
/// copy and the HTML edition are made beside the PDF, fonts, Typst's
/// library) with room to spare; the shipped strategy peaks near 200 MiB.
const BASE_MEMORY: u64 = 768 * 1024 * 1024;

/// How often the monitor looks.
const POLL: Duration = Duration::from_millis(10);

impl Limits {
    /// The limits for a document whose typesetting the budget estimates
    /// at `estimate` bytes ([`budget::estimate`]): the base, and twice the
    /// estimate in memory; time in proportion to the budget.
    pub fn for_document(estimate: u64) -> Self {
        let share = estimate.min(budget::BUDGET) as f64 / budget::BUDGET as f64;
        Self {
            time: BASE_TIME + TIME_AT_BUDGET.mul_f64(share),
            memory: BASE_MEMORY.saturating_add(estimate.saturating_mul(2)),
        }
    }
}

/// What a typesetting that ran over did, in words, with its template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overrun {
    /// The template that was being run.
    pub template: PathBuf,
    /// What happened, in a sentence.
    pub message: String,
}

/// What the command does when a typesetting runs over (never returns).
pub type Action = Box<dyn Fn(&Overrun) + Send + Sync>;

static ACTION: OnceLock<Action> = OnceLock::new();

/// Sets what this process does when a typesetting runs over; the first
/// call wins. Without one, the error is printed and the process exits 1.
pub fn on_overrun(action: Action) {
    let _ = ACTION.set(action);
}

/// Set in the environment of a `quire watch` that started itself again
/// after a typesetting ran over: it keeps the outputs it finds and waits
/// for a change before it builds. Its value is the address the first one
/// served at (or `-`), so `--port 0` serves at the same port again.
pub const RESTARTED: &str = "QUIRE_WATCH_RESTARTED";

/// The address a `quire watch --serve` serves at, handed to the watch
/// that replaces it ([`RESTARTED`]).
static SERVING: Mutex<Option<std::net::SocketAddr>> = Mutex::new(None);

/// Says where this watch serves, so a restart serves there too.
pub fn restart_serving(address: std::net::SocketAddr) {
    *SERVING.lock().unwrap_or_else(|p| p.into_inner()) = Some(address);
}

/// Prints an overrun as an error at the template, in the command's format;
/// then exits 1, or (`watch`) says the last good outputs were kept and
/// starts the same command again.
pub fn install(ui: Ui, watch: bool) {
    on_overrun(Box::new(move |overrun| {
        let mut error = Diagnostic::error(overrun.message.clone());
        error.file = Some(quire_core::source::shown_path(&overrun.template));
        ui.reporter.eprint(&ui.reporter.render(&error));
        if watch {
            ui.say("the last good outputs were kept; fix the template and save to rebuild");
            restart();
        }
        std::process::exit(EXIT_ERRORS.into());
    }));
}

/// Runs this program again with the same arguments, in place of this
/// process (so the runaway typesetting ends with it), marked [`RESTARTED`].
fn restart() {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let program = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("quire"));
        let serving = *SERVING.lock().unwrap_or_else(|p| p.into_inner());
        let served = serving.map_or_else(|| "-".to_string(), |a| a.to_string());
        let error = std::process::Command::new(program)
            .args(std::env::args_os().skip(1))
            .env(RESTARTED, served)
            .exec();
        eprintln!("error: cannot start `quire watch` again: {error}");
    }
}

/// One typesetting being watched.
struct Running {
    id: u64,
    template: PathBuf,
    deadline: Instant,
    limits: Limits,
}

#[derive(Default)]
struct State {
    next_id: u64,
    running: Vec<Running>,
    /// Resident memory when the first running typesetting began.
    baseline: u64,
    monitor_started: bool,
}

static STATE: Mutex<State> = Mutex::new(State {
    next_id: 0,
    running: Vec::new(),
    baseline: 0,
    monitor_started: false,
});
static WAKE: Condvar = Condvar::new();

fn state() -> std::sync::MutexGuard<'static, State> {
    STATE.lock().unwrap_or_else(|p| p.into_inner())
}

/// A typesetting under watch, until dropped.
#[must_use = "the typesetting is watched while the guard lives"]
pub struct Guard {
    id: u64,
}

impl Drop for Guard {
    fn drop(&mut self) {
        state().running.retain(|r| r.id != self.id);
    }
}

/// Watches the typesetting of `template` (the style's Typst template)
/// under `limits` until the guard is dropped.
pub fn watch(template: &Path, limits: Limits) -> Guard {
    let mut state = state();
    if state.running.is_empty() {
        state.baseline = resident_memory().unwrap_or(0);
    }
    state.next_id += 1;
    let id = state.next_id;
    state.running.push(Running {
        id,
        template: template.to_path_buf(),
        deadline: Instant::now() + limits.time,
        limits,
    });
    if !state.monitor_started {
        state.monitor_started = true;
        std::thread::Builder::new()
            .name("quire-typeset-limits".into())
            .spawn(monitor)
            .expect("a thread for the typesetting monitor");
    }
    WAKE.notify_all();
    Guard { id }
}

/// Looks at every running typesetting each [`POLL`], and sleeps while
/// there is none.
fn monitor() {
    let mut guard = state();
    loop {
        while guard.running.is_empty() {
            guard = WAKE.wait(guard).unwrap_or_else(|p| p.into_inner());
        }
        let overrun = over(&guard);
        if let Some(overrun) = overrun {
            drop(guard);
            act(&overrun);
            guard = state();
            continue;
        }
        guard = WAKE
            .wait_timeout(guard, POLL)
            .unwrap_or_else(|p| p.into_inner())
            .0;
    }
}

/// The first limit the running typesettings are over, if any.
fn over(state: &State) -> Option<Overrun> {
    let now = Instant::now();
    if let Some(late) = state.running.iter().find(|r| now > r.deadline) {
        return Some(Overrun {
            template: late.template.clone(),
            message: format!(
                "typesetting ran for more than {} s, the limit for this document, and was stopped: the template may loop without end",
                late.limits.time.as_secs()
            ),
        });
    }
    let allowed: u64 = state
        .running
        .iter()
        .map(|r| r.limits.memory)
        .fold(state.baseline, u64::saturating_add);
    let used = resident_memory()?;
    (used > allowed).then(|| Overrun {
        template: state.running[0].template.clone(),
        message: format!(
            "typesetting took more than {} MiB of memory, the limit for this document, and was stopped: the template may build something enormous (a string, an array, a loop of pages)",
            allowed.saturating_sub(state.baseline) / (1024 * 1024)
        ),
    })
}

fn act(overrun: &Overrun) {
    match ACTION.get() {
        Some(action) => action(overrun),
        None => {
            eprintln!(
                "error: {}: {}",
                quire_core::source::shown_path(&overrun.template).display(),
                overrun.message
            );
            std::process::exit(EXIT_ERRORS.into());
        }
    }
}

/// The process's resident memory in bytes, where the system tells (Linux).
pub fn resident_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_document_gets_the_base_and_a_big_one_more() {
        let small = Limits::for_document(64 * 1024 * 1024);
        assert!(small.time >= BASE_TIME && small.time < BASE_TIME + Duration::from_secs(5));
        assert_eq!(small.memory, BASE_MEMORY + 128 * 1024 * 1024);
        let whole = Limits::for_document(budget::BUDGET);
        assert_eq!(whole.time, BASE_TIME + TIME_AT_BUDGET);
        assert!(whole.memory > 2 * budget::BUDGET);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn resident_memory_is_read_on_linux() {
        let rss = resident_memory().expect("VmRSS");
        assert!(rss > 1024 * 1024, "{rss}");
    }
}
