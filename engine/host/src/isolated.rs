//! Loaded plugins in a process of their own, so that a plugin that crashes,
//! aborts, exits or hangs is that plugin's error and the build goes on.
//!
//! The host is Quire's own binary run as `quire plugin-host LIBRARY`
//! ([`HOST_COMMAND`], [`serve`]): it loads the library through the same
//! versioned C ABI as an in-process load ([`crate::dylib`]) and relays the
//! plugin's calls over its standard input and output, as frames of bytes.
//! The engine ([`IsolatedPlugin`]) starts a host per library, waits at most
//! the manifest's `timeout` for each answer and stops the host when it runs
//! over; a host that ends without answering is reported with how it ended
//! (a crash, an abort, an exit) and what it last printed. A later call
//! starts a new host. Hosts end with the engine: their input closes.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use quire_wire::abi::{OP_BUILD, Status};
use quire_wire::{
    PluginError, PluginErrors, PluginInfo, SectionPlugin, SectionRequest, SectionResponse,
};

use crate::dylib::{self, FileStamp, LoadError, stamp};
use crate::watchdog::Unanswered;

/// The command-line word that makes Quire's binary a plugin host.
pub const HOST_COMMAND: &str = "plugin-host";

/// Frame tags: the host's first answer, then requests and answers.
const LOADED: u8 = b'L';
const LOAD_FAILED: u8 = b'E';
const REQUEST: u8 = b'R';
const ANSWER: u8 = b'A';

/// The largest frame either side accepts: 1 GiB, far beyond any section.
const MAX_FRAME: u64 = 1 << 30;

/// How much of what a host printed is kept for an error message.
const KEPT_OUTPUT: usize = 2048;

/// One message: a tag, a code (the operation, or the plugin's status) and
/// bytes (JSON).
struct Frame {
    tag: u8,
    code: i32,
    bytes: Vec<u8>,
}

fn write_frame(out: &mut impl Write, tag: u8, code: i32, bytes: &[u8]) -> std::io::Result<()> {
    let mut header = [0u8; 13];
    header[0] = tag;
    header[1..5].copy_from_slice(&code.to_le_bytes());
    header[5..13].copy_from_slice(&(bytes.len() as u64).to_le_bytes());
    out.write_all(&header)?;
    out.write_all(bytes)?;
    out.flush()
}

fn read_frame(input: &mut impl Read) -> std::io::Result<Frame> {
    let mut header = [0u8; 13];
    input.read_exact(&mut header)?;
    let code = i32::from_le_bytes(header[1..5].try_into().expect("four bytes"));
    let len = u64::from_le_bytes(header[5..13].try_into().expect("eight bytes"));
    if len > MAX_FRAME {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("a message of {len} bytes is larger than plugins may send"),
        ));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    input.take(len).read_to_end(&mut bytes)?;
    if bytes.len() as u64 != len {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    Ok(Frame {
        tag: header[0],
        code,
        bytes,
    })
}

/// The host's side: loads `library` and answers the engine's requests on
/// standard input and output until its input closes. Whatever the plugin
/// itself prints goes to standard error, never into the answers. Returns
/// the process's exit code.
pub fn serve(library: &Path) -> i32 {
    use std::os::fd::AsFd;
    // The answers go to the original standard output; the plugin's own
    // printing is sent to standard error from here on.
    let answers = match std::io::stdout().as_fd().try_clone_to_owned() {
        Ok(fd) => fd,
        Err(e) => {
            eprintln!("plugin host: cannot keep its output: {e}");
            return 2;
        }
    };
    if let Err(e) = rustix::stdio::dup2_stdout(std::io::stderr().as_fd()) {
        eprintln!("plugin host: cannot move the plugin's output aside: {e}");
        return 2;
    }
    let mut answers = std::io::BufWriter::new(std::fs::File::from(answers));
    let mut requests = std::io::stdin().lock();
    let table = match dylib::open_library(library.to_path_buf()) {
        Ok((table, info)) => {
            if write_frame(&mut answers, LOADED, 0, &info).is_err() {
                return 0;
            }
            table
        }
        Err(error) => {
            let json = serde_json::to_vec(&error).unwrap_or_default();
            let _ = write_frame(&mut answers, LOAD_FAILED, 0, &json);
            return 0;
        }
    };
    while let Ok(frame) = read_frame(&mut requests) {
        if frame.tag != REQUEST {
            return 2;
        }
        let op = u32::try_from(frame.code).unwrap_or(u32::MAX);
        let (status, bytes) = dylib::call(table, op, &frame.bytes);
        let code = status.map_or(-1, |s| s as i32);
        if write_frame(&mut answers, ANSWER, code, &bytes).is_err() {
            return 0;
        }
    }
    0
}

/// A running host: its process, the two ends of its pipes, and the tail
/// of what it printed.
struct Host {
    child: Child,
    requests: ChildStdin,
    answers: Option<ChildStdout>,
    printed: Arc<Mutex<Vec<u8>>>,
}

/// Why a host gave no answer.
enum Silence {
    /// It ran past the time limit and was stopped.
    TimedOut,
    /// It ended (or broke the protocol): how, in words.
    Ended(String),
}

impl Host {
    fn start(program: &Path, library: &Path) -> std::io::Result<Self> {
        let mut child = Command::new(program)
            .arg(HOST_COMMAND)
            .arg(library)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let printed = Arc::new(Mutex::new(Vec::new()));
        if let Some(mut stderr) = child.stderr.take() {
            let kept = Arc::clone(&printed);
            std::thread::spawn(move || {
                let mut buffer = [0u8; 4096];
                while let Ok(n @ 1..) = stderr.read(&mut buffer) {
                    let mut kept = kept.lock().unwrap_or_else(|p| p.into_inner());
                    kept.extend_from_slice(&buffer[..n]);
                    let excess = kept.len().saturating_sub(KEPT_OUTPUT);
                    kept.drain(..excess);
                }
            });
        }
        let requests = child.stdin.take().expect("piped");
        let answers = child.stdout.take();
        Ok(Self {
            child,
            requests,
            answers,
            printed,
        })
    }

    /// The next frame, waiting at most `limit`; a host that runs over is
    /// stopped.
    fn receive(&mut self, limit: Duration) -> Result<Frame, Silence> {
        let Some(mut answers) = self.answers.take() else {
            return Err(self.ended());
        };
        let (sender, receiver) = mpsc::sync_channel(1);
        std::thread::spawn(move || {
            let frame = read_frame(&mut answers);
            let _ = sender.send((frame, answers));
        });
        match receiver.recv_timeout(limit) {
            Ok((Ok(frame), answers)) => {
                self.answers = Some(answers);
                Ok(frame)
            }
            Ok((Err(_), _)) | Err(mpsc::RecvTimeoutError::Disconnected) => Err(self.ended()),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let _ = self.child.kill();
                let _ = self.child.wait();
                Err(Silence::TimedOut)
            }
        }
    }

    /// How the host ended, and what it last printed.
    fn ended(&mut self) -> Silence {
        // It may still be closing; its pipes are gone either way.
        let _ = self.child.kill();
        let how = match self.child.wait() {
            Ok(status) => exit_in_words(status),
            Err(e) => format!("ended in a way that cannot be told ({e})"),
        };
        // Give the thread reading its output a moment to take the last of it.
        std::thread::sleep(Duration::from_millis(20));
        let printed = self.printed.lock().unwrap_or_else(|p| p.into_inner());
        let printed = String::from_utf8_lossy(&printed);
        let printed = printed.trim();
        Silence::Ended(if printed.is_empty() {
            how
        } else {
            format!("{how}; it printed: {printed}")
        })
    }
}

impl Drop for Host {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// How a process ended, for messages.
fn exit_in_words(status: std::process::ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            let name = match signal {
                4 => "an illegal instruction",
                6 => "an abort",
                7 | 10 => "a bus error",
                8 => "an arithmetic error",
                9 => "being killed",
                11 => "a segmentation fault",
                _ => "a signal",
            };
            return format!("crashed with {name} (signal {signal})");
        }
    }
    match status.code() {
        Some(code) => format!("exited with code {code} without answering"),
        None => "ended without answering".into(),
    }
}

/// A plugin library run in a host process of its own.
pub struct IsolatedPlugin {
    library: PathBuf,
    program: PathBuf,
    limit: Duration,
    info: PluginInfo,
    host: Mutex<Option<Host>>,
}

impl std::fmt::Debug for IsolatedPlugin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IsolatedPlugin")
            .field("library", &self.library)
            .field("info", &self.info)
            .finish()
    }
}

/// Starts a host for `library` with the host `program` (Quire's binary)
/// and waits at most `limit` for the plugin to load and describe itself.
fn start(program: &Path, library: &Path, limit: Duration) -> Result<(Host, PluginInfo), LoadError> {
    let failed = |message: String| LoadError::BadInfo {
        path: library.to_path_buf(),
        message,
    };
    let mut host = Host::start(program, library)
        .map_err(|e| failed(format!("no process could be started for it: {e}")))?;
    match host.receive(limit) {
        Ok(Frame {
            tag: LOADED, bytes, ..
        }) => Ok((host, dylib::describe(library, &bytes)?)),
        Ok(Frame {
            tag: LOAD_FAILED,
            bytes,
            ..
        }) => Err(serde_json::from_slice::<LoadError>(&bytes)
            .unwrap_or_else(|e| failed(format!("its host's answer could not be read: {e}")))),
        Ok(_) => Err(failed("its host answered out of turn".into())),
        Err(Silence::TimedOut) => Err(LoadError::Stopped {
            path: library.to_path_buf(),
            message: format!(
                "did not finish loading within {}; it was stopped",
                crate::watchdog::seconds(limit)
            ),
        }),
        Err(Silence::Ended(how)) => Err(LoadError::Stopped {
            path: library.to_path_buf(),
            message: format!("{how} while loading"),
        }),
    }
}

/// The plugins this process runs in hosts, by library path and the stamp
/// of the file they were loaded from: a later build (a watch loop's) keeps
/// the running host while the file is unchanged, and starts a new one from
/// a changed file (unlike a library loaded in process, which cannot be
/// replaced).
static RUNNING: Mutex<Vec<(PathBuf, FileStamp, Arc<IsolatedPlugin>)>> = Mutex::new(Vec::new());

/// [`IsolatedPlugin::load`], sharing the host of an earlier load of the
/// same unchanged file in this process.
pub fn load_shared(
    program: &Path,
    library: &Path,
    limit: Duration,
) -> Result<Arc<IsolatedPlugin>, LoadError> {
    let stamped = stamp(library);
    let mut running = RUNNING.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((_, _, plugin)) = running
        .iter()
        .find(|(p, s, plugin)| p == library && *s == stamped && plugin.limit == limit)
    {
        return Ok(Arc::clone(plugin));
    }
    let plugin = Arc::new(IsolatedPlugin::load(program, library, limit)?);
    running.retain(|(p, _, _)| p != library);
    running.push((library.to_path_buf(), stamped, Arc::clone(&plugin)));
    Ok(plugin)
}

impl IsolatedPlugin {
    /// Loads the plugin library at `library` (absolute) in a host process
    /// started from `program`, waiting at most `limit` for it to load and
    /// for each later call.
    pub fn load(program: &Path, library: &Path, limit: Duration) -> Result<Self, LoadError> {
        if !library.is_absolute() {
            return Err(LoadError::NotAbsolute(library.to_path_buf()));
        }
        let (host, info) = start(program, library, limit)?;
        Ok(Self {
            library: library.to_path_buf(),
            program: program.to_path_buf(),
            limit,
            info,
            host: Mutex::new(Some(host)),
        })
    }

    /// The library file.
    pub fn path(&self) -> &Path {
        &self.library
    }
}

impl IsolatedPlugin {
    /// Builds a section in the plugin's process, waiting at most the time
    /// limit: a plugin that runs over is stopped, and one whose process ends
    /// without answering is told by how it ended. The next call starts a
    /// new process.
    pub fn call(
        &self,
        request: &SectionRequest,
    ) -> Result<Result<SectionResponse, PluginErrors>, Unanswered> {
        let input = serde_json::to_vec(request)
            .map_err(|e| Unanswered::Ended(format!("could not be sent the request: {e}")))?;
        let mut slot = self.host.lock().unwrap_or_else(|p| p.into_inner());
        // A host stopped or crashed by an earlier call is started afresh.
        let mut host = match slot.take() {
            Some(host) => host,
            None => {
                start(&self.program, &self.library, self.limit)
                    .map_err(|e| Unanswered::Ended(format!("could not be started again: {e}")))?
                    .0
            }
        };
        let answered = match write_frame(&mut host.requests, REQUEST, OP_BUILD as i32, &input) {
            Ok(()) => host.receive(self.limit),
            Err(_) => Err(host.ended()),
        };
        match answered {
            Ok(Frame {
                tag: ANSWER,
                code,
                bytes,
            }) => {
                *slot = Some(host);
                Ok(dylib::answer(
                    &self.library,
                    Status::from_code(code),
                    &bytes,
                ))
            }
            Ok(_) => Err(Unanswered::Ended("answered out of turn".into())),
            Err(Silence::TimedOut) => Err(Unanswered::Stopped { limit: self.limit }),
            Err(Silence::Ended(how)) => Err(Unanswered::Ended(format!(
                "{how} while building the section"
            ))),
        }
    }
}

impl SectionPlugin for IsolatedPlugin {
    fn info(&self) -> PluginInfo {
        self.info.clone()
    }

    fn build(&self, request: &SectionRequest) -> Result<SectionResponse, PluginErrors> {
        self.call(request).unwrap_or_else(|unanswered| {
            Err(PluginError::Failed(format!("`{}` {unanswered}", self.library.display())).into())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_and_oversized_ones_are_refused() {
        let mut wire = Vec::new();
        write_frame(&mut wire, REQUEST, 7, b"{\"a\":1}").unwrap();
        write_frame(&mut wire, ANSWER, -1, b"").unwrap();
        let mut input = &wire[..];
        let first = read_frame(&mut input).unwrap();
        assert_eq!(
            (first.tag, first.code, &first.bytes[..]),
            (REQUEST, 7, &b"{\"a\":1}"[..])
        );
        let second = read_frame(&mut input).unwrap();
        assert_eq!(
            (second.tag, second.code, second.bytes.len()),
            (ANSWER, -1, 0)
        );
        assert!(read_frame(&mut input).is_err(), "the end is an error");

        let mut huge = vec![REQUEST, 0, 0, 0, 0];
        huge.extend_from_slice(&(MAX_FRAME + 1).to_le_bytes());
        assert!(read_frame(&mut &huge[..]).is_err());
        // A frame cut short is an error, not a short message.
        let mut cut = Vec::new();
        write_frame(&mut cut, ANSWER, 0, b"abcdef").unwrap();
        cut.truncate(cut.len() - 2);
        assert!(read_frame(&mut &cut[..]).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn how_a_process_ended_is_told_in_words() {
        use std::os::unix::process::ExitStatusExt;
        let words = |raw| exit_in_words(std::process::ExitStatus::from_raw(raw));
        assert_eq!(words(11), "crashed with a segmentation fault (signal 11)");
        assert_eq!(words(6), "crashed with an abort (signal 6)");
        assert_eq!(words(0), "exited with code 0 without answering");
        assert_eq!(words(3 << 8), "exited with code 3 without answering");
    }
}
