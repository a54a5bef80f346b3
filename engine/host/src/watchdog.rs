//! Plugin calls under a time limit.
//!
//! A plugin runs in this process (a built-in, or a library loaded into it),
//! so a plugin that never returns cannot be stopped, only left behind. Each
//! call runs on a thread of its own; when it overruns its limit the build
//! stops waiting, reports the plugin by name and goes on checking the other
//! sections. The abandoned call is remembered: until it returns, calling the
//! same plugin again fails at once instead of waiting (and piling up
//! threads), and the error says that only a restart ends it. A command that
//! exits (`quire build`) ends it with the process.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long a plugin call may take when the manifest sets no
/// `[plugins] timeout`.
pub const DEFAULT_LIMIT: Duration = Duration::from_secs(60);

/// Why a call gave no answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unanswered {
    /// The call ran past its limit and was left running.
    #[error("did not finish within {}; it was left running", seconds(*limit))]
    TimedOut {
        /// The limit it ran past.
        limit: Duration,
    },
    /// An earlier call of the same plugin ran past its limit and still runs.
    #[error(
        "is still running {earlier}, which did not finish within {}; a plugin cannot be stopped from outside, so restart Quire to end it",
        seconds(*limit)
    )]
    StillRunning {
        /// What the earlier call was doing (`section \`aims\``).
        earlier: String,
        /// That call's limit.
        limit: Duration,
    },
    /// The call ran past its limit in a plugin's own process, which was
    /// stopped (see [`crate::isolated`]).
    #[error("did not finish within {}; its process was stopped", seconds(*limit))]
    Stopped {
        /// The limit it ran past.
        limit: Duration,
    },
    /// A plugin's own process ended without answering: how, in words.
    #[error("{0}")]
    Ended(String),
    /// A plugin's own process ran out of the memory it may use
    /// (`[plugins] memory`) and ended.
    #[error("ran out of memory (limit {}) while building the section", memory(*limit))]
    OutOfMemory {
        /// The limit, in bytes.
        limit: u64,
    },
    /// Something other than a plugin's host — the plugin's own code —
    /// wrote into the host's answer channel (what was found, in words);
    /// the host was stopped (see the host crate's `channel` module).
    #[error("wrote into Quire's answer channel ({0}); its process was stopped")]
    Forged(String),
    /// The call panicked (a built-in plugin; a loaded one reports its own
    /// panics across the boundary).
    #[error("panicked: {0}")]
    Panicked(String),
}

/// A call that ran past its limit and has not returned yet.
struct Abandoned {
    plugin: String,
    doing: String,
    limit: Duration,
    finished: Arc<AtomicBool>,
}

static ABANDONED: Mutex<Vec<Abandoned>> = Mutex::new(Vec::new());

fn abandoned() -> std::sync::MutexGuard<'static, Vec<Abandoned>> {
    ABANDONED.lock().unwrap_or_else(|p| p.into_inner())
}

/// Runs `work` (a call into the plugin called `plugin`, `doing` saying what
/// for, as in "section `aims`") on its own thread and waits at most `limit`
/// for its answer.
pub fn call<T: Send + 'static>(
    plugin: &str,
    doing: &str,
    limit: Duration,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Unanswered> {
    {
        let mut calls = abandoned();
        calls.retain(|c| !c.finished.load(Ordering::Acquire));
        if let Some(earlier) = calls.iter().find(|c| c.plugin == plugin) {
            return Err(Unanswered::StillRunning {
                earlier: earlier.doing.clone(),
                limit: earlier.limit,
            });
        }
    }
    let finished = Arc::new(AtomicBool::new(false));
    let (sender, receiver) = mpsc::sync_channel(1);
    let flag = Arc::clone(&finished);
    let spawned = std::thread::Builder::new()
        .name(format!("plugin {plugin}"))
        .spawn(move || {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
            flag.store(true, Ordering::Release);
            // The receiver is gone when the call was abandoned.
            let _ = sender.send(result.map_err(|payload| panic_message(payload.as_ref())));
        });
    if let Err(e) = spawned {
        return Err(Unanswered::Panicked(format!(
            "no thread could be started for it: {e}"
        )));
    }
    match receiver.recv_timeout(limit) {
        Ok(Ok(answer)) => Ok(answer),
        Ok(Err(message)) => Err(Unanswered::Panicked(message)),
        Err(RecvTimeoutError::Disconnected) => Err(Unanswered::Panicked(
            "its thread ended without an answer".into(),
        )),
        Err(RecvTimeoutError::Timeout) => {
            abandoned().push(Abandoned {
                plugin: plugin.to_string(),
                doing: doing.to_string(),
                limit,
                finished,
            });
            Err(Unanswered::TimedOut { limit })
        }
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".into())
}

/// A duration for people: `1 s`, `2.5 s`, `250 ms`.
pub(crate) fn seconds(limit: Duration) -> String {
    if limit < Duration::from_secs(1) {
        format!("{} ms", limit.as_millis())
    } else {
        format!("{} s", limit.as_secs_f64())
    }
}

/// An amount of memory for people: `2 GiB`, `300 MiB`, `512 bytes`.
pub(crate) fn memory(bytes: u64) -> String {
    const MIB: u64 = 1 << 20;
    const GIB: u64 = 1 << 30;
    if bytes >= GIB && bytes.is_multiple_of(GIB) {
        format!("{} GiB", bytes / GIB)
    } else if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHORT: Duration = Duration::from_millis(50);

    #[test]
    fn a_prompt_answer_comes_back() {
        assert_eq!(call("prompt", "a test", SHORT, || 42), Ok(42));
    }

    #[test]
    fn a_panic_is_an_answer_with_its_message() {
        let err = call("panics", "a test", SHORT * 20, || -> u8 {
            panic!("on purpose")
        });
        assert_eq!(err, Err(Unanswered::Panicked("on purpose".into())));
    }

    #[test]
    fn an_overrun_is_left_behind_and_blocks_the_plugin_until_it_returns() {
        let release = Arc::new(AtomicBool::new(false));
        let held = Arc::clone(&release);
        let started = std::time::Instant::now();
        let err = call("slow", "section `one`", SHORT, move || {
            while !held.load(Ordering::Acquire) {
                std::thread::sleep(Duration::from_millis(5));
            }
        });
        assert_eq!(err, Err(Unanswered::TimedOut { limit: SHORT }));
        assert!(started.elapsed() < Duration::from_secs(5));

        // The same plugin is refused at once while the first call runs...
        let again = call("slow", "section `two`", SHORT, || ());
        let Err(Unanswered::StillRunning { earlier, .. }) = again else {
            panic!("{again:?}")
        };
        assert_eq!(earlier, "section `one`");
        // ...other plugins are not...
        assert_eq!(call("other", "section `three`", SHORT, || 1), Ok(1));

        // ...and once it returns, the plugin may be called again.
        release.store(true, Ordering::Release);
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        loop {
            match call("slow", "section `two`", SHORT, || 2) {
                Ok(answer) => break assert_eq!(answer, 2),
                Err(Unanswered::StillRunning { .. }) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(5))
                }
                Err(e) => panic!("{e}"),
            }
        }
    }

    #[test]
    fn limits_are_shown_in_units_people_read() {
        assert_eq!(seconds(Duration::from_secs(60)), "60 s");
        assert_eq!(seconds(Duration::from_millis(2500)), "2.5 s");
        assert_eq!(seconds(Duration::from_millis(250)), "250 ms");
        assert_eq!(memory(2 << 30), "2 GiB");
        assert_eq!(memory(1536 << 20), "1536 MiB");
        assert_eq!(memory(300 << 20), "300 MiB");
        assert_eq!(memory(1000), "1000 bytes");
    }
}
