//! Loaded plugins in a process of their own, so that a plugin that crashes,
//! aborts, exits or hangs is that plugin's error and the build goes on, and
//! so that a plugin can be confined.
//!
//! The host is Quire's own binary run as `quire plugin-host LIBRARY`
//! ([`HOST_COMMAND`], [`HostOptions`], [`serve`]): it limits its memory,
//! confines itself unless the project says not to ([`crate::confine`]),
//! then loads the library through the same versioned C ABI as an
//! in-process load ([`crate::dylib`]) and relays the plugin's calls over its
//! standard input and output as stamped frames (`channel`). The
//! engine ([`IsolatedPlugin`]) starts a host per library in a process group
//! of its own, waits at most the manifest's `timeout` for each answer, and
//! takes only an answer stamped for the request it sent. A host that runs
//! over, ends without answering, or in whose answer channel something else
//! wrote is stopped with its whole process group (every process the plugin
//! started), and reported: how it ended (a crash, an abort, an exit, running
//! out of memory) and what it last printed. A later call starts a new host.
//! Hosts end with the engine: their input closes, [`stop_all`] stops them
//! when a command ends, and on Linux the kernel kills them if Quire dies.

use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use quire_abi::{OP_BUILD, Status};
use quire_wire::{
    PluginError, PluginErrors, PluginInfo, SectionPlugin, SectionRequest, SectionResponse,
};

use crate::channel::{
    self, ANSWER, Expected, Forged, Frame, HELLO, LOAD_FAILED, LOADED, REQUEST, Stamp, write_frame,
};
use crate::confine::{self, Confinement};
use crate::dylib::{self, FileStamp, LoadError, stamp};
use crate::watchdog::Unanswered;

/// The command-line word that makes Quire's binary a plugin host.
pub const HOST_COMMAND: &str = "plugin-host";

/// How much of what a host printed is kept for an error message.
const KEPT_OUTPUT: usize = 2048;

/// The memory a plugin's host may use unless the project says otherwise:
/// 2 GiB of address space.
pub const DEFAULT_MEMORY: u64 = 2 << 30;

/// The environment variables a confined host keeps: the rest, which may
/// hold secrets such as access tokens, a confined plugin never sees.
const KEPT_VARIABLES: [&str; 8] = [
    "LANG",
    "LANGUAGE",
    "LC_ALL",
    "LC_CTYPE",
    "LC_MESSAGES",
    "TZ",
    "RUST_BACKTRACE",
    "RUST_LIB_BACKTRACE",
];

/// How the engine runs a plugin's host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostSettings {
    /// How long loading, and each call, may take.
    pub limit: Duration,
    /// The most memory (address space) the host's process may use, in bytes.
    pub memory: u64,
    /// Confine the host, letting it read this folder (the project folder);
    /// `None` runs it unconfined (`[plugins] sandbox = "off"`).
    pub confine_to: Option<PathBuf>,
}

impl HostSettings {
    /// Confined to reading `project`, with [`DEFAULT_MEMORY`].
    pub fn confined(limit: Duration, project: &Path) -> Self {
        Self {
            limit,
            memory: DEFAULT_MEMORY,
            confine_to: Some(project.to_path_buf()),
        }
    }

    /// Unconfined, with [`DEFAULT_MEMORY`].
    pub fn unconfined(limit: Duration) -> Self {
        Self {
            limit,
            memory: DEFAULT_MEMORY,
            confine_to: None,
        }
    }
}

/// A host's command line after [`HOST_COMMAND`]:
/// `LIBRARY [--project DIR] [--memory BYTES] [--unconfined]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostOptions {
    /// The plugin library, by its absolute path.
    pub library: PathBuf,
    /// The folder a confined plugin may read (the project folder).
    pub project: Option<PathBuf>,
    /// The most memory the host may use, in bytes.
    pub memory: Option<u64>,
    /// Whether the host confines itself (unless `--unconfined`).
    pub confined: bool,
}

impl HostOptions {
    /// Reads the words after [`HOST_COMMAND`].
    pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Self, String> {
        let mut args = args.into_iter();
        let library = args.next().ok_or("no plugin library was named")?;
        let mut options = Self {
            library: library.into(),
            project: None,
            memory: None,
            confined: true,
        };
        while let Some(arg) = args.next() {
            match arg.to_str() {
                Some("--project") => {
                    options.project = Some(args.next().ok_or("--project needs a folder")?.into());
                }
                Some("--memory") => {
                    let bytes = args.next().ok_or("--memory needs a number of bytes")?;
                    let bytes = bytes.to_str().and_then(|b| b.parse().ok());
                    options.memory = Some(bytes.ok_or("--memory needs a number of bytes")?);
                }
                Some("--unconfined") => options.confined = false,
                _ => return Err(format!("unknown argument {arg:?}")),
            }
        }
        Ok(options)
    }

    /// The words [`Self::parse`] reads back.
    pub fn to_args(&self) -> Vec<OsString> {
        let mut args = vec![self.library.clone().into_os_string()];
        if let Some(project) = &self.project {
            args.extend(["--project".into(), project.clone().into_os_string()]);
        }
        if let Some(memory) = self.memory {
            args.extend(["--memory".into(), memory.to_string().into()]);
        }
        if !self.confined {
            args.push("--unconfined".into());
        }
        args
    }
}

/// Says `note` on standard error, once per process: what the person
/// running Quire should know about how plugins run (said even with
/// `--quiet`, as the note on `--plugin-dir` is).
pub fn note_once(note: &str) {
    static SAID: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let mut said = SAID.lock().unwrap_or_else(|p| p.into_inner());
    if !said.iter().any(|s| s == note) {
        said.push(note.to_string());
        eprintln!("note: {note}");
    }
}

/// The host's side: limits and confines itself as `options` say, loads
/// the library and answers the engine's requests on standard input and
/// output until its input closes. Whatever the plugin itself prints goes
/// to standard error, never into the answers. Returns the process's exit
/// code.
pub fn serve(options: &HostOptions) -> i32 {
    use std::os::fd::AsFd;
    confine::prepare();
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
    // The engine's hello carries the stamp to answer the loading with.
    let hello = match channel::read_frame(&mut requests) {
        Ok((header, _)) if header.tag == HELLO => header.stamp,
        _ => return 2,
    };
    let library = &options.library;
    let confined = confine::limit(options.memory).and_then(|()| {
        if options.confined {
            confine::confine(library, options.project.as_deref())
        } else {
            Ok(Confinement::Off)
        }
    });
    let loaded = match confined {
        Ok(confinement) => dylib::open_library(library.clone()).map(|l| (confinement, l)),
        Err(message) => Err(LoadError::NotConfined {
            path: library.clone(),
            message,
        }),
    };
    let table = match loaded {
        Ok((confinement, (table, info))) => {
            if write_frame(&mut answers, LOADED, confinement as i32, hello, &info).is_err() {
                return 0;
            }
            table
        }
        Err(error) => {
            let json = serde_json::to_vec(&error).unwrap_or_default();
            let _ = write_frame(&mut answers, LOAD_FAILED, 0, hello, &json);
            return 0;
        }
    };
    while let Ok((header, bytes)) = channel::read_frame(&mut requests) {
        if header.tag != REQUEST {
            return 2;
        }
        let op = u32::try_from(header.code).unwrap_or(u32::MAX);
        let (status, out) = dylib::call(table, op, &bytes);
        let code = status.map_or(-1, |s| s as i32);
        if write_frame(&mut answers, ANSWER, code, header.stamp, &out).is_err() {
            return 0;
        }
    }
    0
}

/// The process groups of the hosts this process has running (each host
/// leads a group of its own, whose id is its process id).
static LIVE: Mutex<Vec<u32>> = Mutex::new(Vec::new());

fn live() -> std::sync::MutexGuard<'static, Vec<u32>> {
    LIVE.lock().unwrap_or_else(|p| p.into_inner())
}

/// Kills the process group led by the host `pid`: the host and every
/// process its plugin started.
fn kill_group(pid: u32) {
    #[cfg(unix)]
    if let Some(group) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    {
        let _ = rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
    }
}

/// Stops every plugin host this process runs, each with every process its
/// plugin started. For the end of a command: a plugin's host is otherwise
/// kept for later builds (a watch loop's).
pub fn stop_all() {
    for pid in live().drain(..) {
        kill_group(pid);
    }
}

/// Starts `command` from one thread of this process that lasts as long as
/// the process. On Linux a host asks the kernel to kill it when the thread
/// that started it ends (the death signal follows the thread, not the
/// process): started from a build's worker thread, it would be killed when
/// that thread ends, so every host is started from this one.
fn spawn(mut command: Command) -> std::io::Result<Child> {
    type Job = (Command, mpsc::SyncSender<std::io::Result<Child>>);
    static SPAWNER: OnceLock<Option<Mutex<mpsc::Sender<Job>>>> = OnceLock::new();
    let spawner = SPAWNER.get_or_init(|| {
        let (sender, receiver) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("plugin hosts".into())
            .spawn(move || {
                for (mut command, reply) in receiver {
                    let _ = reply.send(command.spawn());
                }
            })
            .ok()
            .map(|_| Mutex::new(sender))
    });
    let Some(spawner) = spawner else {
        // No thread could be started for it: start hosts from here.
        return command.spawn();
    };
    let (reply, spawned) = mpsc::sync_channel(1);
    let sent = spawner
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .send((command, reply));
    if sent.is_err() {
        return Err(std::io::Error::other(
            "the thread that starts plugin hosts has ended",
        ));
    }
    spawned.recv().map_err(|_| {
        std::io::Error::other("the thread that starts plugin hosts ended while starting one")
    })?
}

/// Whether bytes are waiting in a host's answer channel.
fn waiting(answers: &ChildStdout) -> bool {
    #[cfg(unix)]
    {
        use rustix::event::{PollFd, PollFlags, Timespec, poll};
        let mut fds = [PollFd::new(answers, PollFlags::IN)];
        let now = Timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        matches!(poll(&mut fds, Some(&now)), Ok(1..)) && fds[0].revents().contains(PollFlags::IN)
    }
    #[cfg(not(unix))]
    {
        let _ = answers;
        false
    }
}

/// What a host printed: the last of it, for messages, and whether any of
/// it said that memory ran out (which a long backtrace after it would push
/// out of the last).
#[derive(Default)]
struct Printed {
    tail: Vec<u8>,
    out_of_memory: bool,
}

impl Printed {
    /// Takes more of what the host printed.
    fn take(&mut self, bytes: &[u8]) {
        self.tail.extend_from_slice(bytes);
        // Looked for before the tail is cut, so words split across two
        // reads are found too.
        if !self.out_of_memory && ran_out_of_memory(&String::from_utf8_lossy(&self.tail)) {
            self.out_of_memory = true;
        }
        let excess = self.tail.len().saturating_sub(KEPT_OUTPUT);
        self.tail.drain(..excess);
    }
}

/// A running host: its process, the two ends of its pipes, what it
/// printed, and how many requests it was sent.
struct Host {
    child: Child,
    requests: ChildStdin,
    answers: Option<ChildStdout>,
    printed: Arc<Mutex<Printed>>,
    sent: u64,
    stopped: bool,
}

/// Why a host gave no answer.
enum Silence {
    /// It ran past the time limit and was stopped.
    TimedOut,
    /// It ended (or broke the protocol): how, in words.
    Ended(String),
    /// It ended when its memory ran out.
    OutOfMemory,
    /// Something other than the host wrote into its answer channel; it was
    /// stopped.
    Forged(Forged),
}

impl Host {
    fn start(program: &Path, library: &Path, settings: &HostSettings) -> std::io::Result<Self> {
        let options = HostOptions {
            library: library.to_path_buf(),
            project: settings.confine_to.clone(),
            memory: Some(settings.memory),
            confined: settings.confine_to.is_some(),
        };
        let mut command = Command::new(program);
        command
            .arg(HOST_COMMAND)
            .args(options.to_args())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        // A group of its own: whatever the plugin starts is stopped with it.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        if let Some(project) = &settings.confine_to {
            command.current_dir(project).env_clear();
            for (name, value) in std::env::vars_os() {
                if name.to_str().is_some_and(|n| KEPT_VARIABLES.contains(&n)) {
                    command.env(name, value);
                }
            }
        }
        let mut child = spawn(command)?;
        live().push(child.id());
        let printed = Arc::new(Mutex::new(Printed::default()));
        if let Some(mut stderr) = child.stderr.take() {
            let kept = Arc::clone(&printed);
            std::thread::spawn(move || {
                let mut buffer = [0u8; 4096];
                while let Ok(n @ 1..) = stderr.read(&mut buffer) {
                    let mut kept = kept.lock().unwrap_or_else(|p| p.into_inner());
                    kept.take(&buffer[..n]);
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
            sent: 0,
            stopped: false,
        })
    }

    /// Sends a frame stamped afresh and waits at most `limit` for the
    /// answer, which must have one of `tags` and the same stamp, with
    /// nothing after it. A host that runs over, or in whose channel other
    /// bytes are found (before the request too), is stopped.
    fn ask(
        &mut self,
        tag: u8,
        code: i32,
        bytes: &[u8],
        tags: &'static [u8],
        limit: Duration,
    ) -> Result<Frame, Silence> {
        if self.answers.as_ref().is_some_and(waiting) {
            self.stop();
            return Err(Silence::Forged(Forged::Trailing));
        }
        let stamp = Stamp::fresh(self.sent);
        self.sent += 1;
        if write_frame(&mut self.requests, tag, code, stamp, bytes).is_err() {
            return Err(self.ended());
        }
        self.receive(limit, Expected { stamp, tags })
    }

    /// The answer, waiting at most `limit`.
    fn receive(&mut self, limit: Duration, expected: Expected) -> Result<Frame, Silence> {
        let Some(mut answers) = self.answers.take() else {
            return Err(self.ended());
        };
        let (sender, receiver) = mpsc::sync_channel(1);
        std::thread::spawn(move || {
            let mut read = || -> std::io::Result<Result<Frame, Forged>> {
                let header = channel::read_header(&mut answers)?;
                if let Err(forged) = expected.check(&header) {
                    // Not the host's: its length means nothing.
                    return Ok(Err(forged));
                }
                let bytes = channel::read_body(&mut answers, header.len)?;
                Ok(Ok(Frame {
                    tag: header.tag,
                    code: header.code,
                    bytes,
                }))
            };
            let frame = read();
            let _ = sender.send((frame, answers));
        });
        match receiver.recv_timeout(limit) {
            Ok((Ok(Ok(frame)), answers)) => {
                if waiting(&answers) {
                    self.stop();
                    return Err(Silence::Forged(Forged::Trailing));
                }
                self.answers = Some(answers);
                Ok(frame)
            }
            Ok((Ok(Err(forged)), _)) => {
                self.stop();
                Err(Silence::Forged(forged))
            }
            Ok((Err(_), _)) | Err(mpsc::RecvTimeoutError::Disconnected) => Err(self.ended()),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                self.stop();
                Err(Silence::TimedOut)
            }
        }
    }

    /// Stops the host with its whole process group, and how it ended.
    fn stop(&mut self) -> Option<ExitStatus> {
        if !self.stopped {
            // Before the host is waited for: while it is unreaped, its
            // group's id cannot be another's.
            kill_group(self.child.id());
            let _ = self.child.kill();
            self.stopped = true;
        }
        let status = self.child.wait().ok();
        live().retain(|pid| *pid != self.child.id());
        status
    }

    /// How the host ended, and what it last printed.
    fn ended(&mut self) -> Silence {
        // It may still be closing; its pipes are gone either way.
        let how = match self.stop() {
            Some(status) => {
                let failed = !status.success();
                (exit_in_words(status), failed)
            }
            None => ("ended in a way that cannot be told".to_string(), true),
        };
        // Give the thread reading its output a moment to take the last of it.
        std::thread::sleep(Duration::from_millis(20));
        let printed = self.printed.lock().unwrap_or_else(|p| p.into_inner());
        if how.1 && printed.out_of_memory {
            return Silence::OutOfMemory;
        }
        let printed = String::from_utf8_lossy(&printed.tail);
        let printed = printed.trim();
        Silence::Ended(if printed.is_empty() {
            how.0
        } else {
            format!("{}; it printed: {printed}", how.0)
        })
    }
}

impl Drop for Host {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Whether what a process printed before it failed says that an
/// allocation failed: Rust's words (`memory allocation of N bytes
/// failed`), C++'s (`std::bad_alloc`) and the system's (`Cannot allocate
/// memory`, `out of memory`).
fn ran_out_of_memory(printed: &str) -> bool {
    let printed = printed.to_lowercase();
    [
        "memory allocation of",
        "bad_alloc",
        "cannot allocate memory",
        "out of memory",
    ]
    .iter()
    .any(|words| printed.contains(words))
}

/// How a process ended, for messages.
fn exit_in_words(status: ExitStatus) -> String {
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
                31 => "a forbidden system call",
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
    settings: HostSettings,
    info: PluginInfo,
    host: Mutex<Option<Host>>,
}

impl std::fmt::Debug for IsolatedPlugin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IsolatedPlugin")
            .field("library", &self.library)
            .field("settings", &self.settings)
            .field("info", &self.info)
            .finish()
    }
}

/// Starts a host for `library` with the host `program` (Quire's binary)
/// and waits at most the settings' limit for the plugin to load and
/// describe itself.
fn start(
    program: &Path,
    library: &Path,
    settings: &HostSettings,
) -> Result<(Host, PluginInfo), LoadError> {
    let failed = |message: String| LoadError::BadInfo {
        path: library.to_path_buf(),
        message,
    };
    let stopped = |message: String| LoadError::Stopped {
        path: library.to_path_buf(),
        message,
    };
    let mut host = Host::start(program, library, settings)
        .map_err(|e| failed(format!("no process could be started for it: {e}")))?;
    if settings.confine_to.is_none() {
        // Said here, not by the host: a plugin's code runs there.
        note_once(Confinement::Off.note().unwrap_or_default());
    }
    match host.ask(HELLO, 0, b"", &[LOADED, LOAD_FAILED], settings.limit) {
        Ok(Frame {
            tag: LOADED,
            code,
            bytes,
        }) => {
            if let Some(note) = Confinement::from_code(code).and_then(Confinement::note)
                && settings.confine_to.is_some()
            {
                note_once(note);
            }
            Ok((host, dylib::describe(library, &bytes)?))
        }
        Ok(Frame { bytes, .. }) => Err(serde_json::from_slice::<LoadError>(&bytes)
            .unwrap_or_else(|e| failed(format!("its host's answer could not be read: {e}")))),
        Err(Silence::TimedOut) => Err(stopped(format!(
            "did not finish loading within {}; it was stopped",
            crate::watchdog::seconds(settings.limit)
        ))),
        Err(Silence::Ended(how)) => Err(stopped(format!("{how} while loading"))),
        Err(Silence::OutOfMemory) => Err(stopped(format!(
            "ran out of memory (limit {}) while loading",
            crate::watchdog::memory(settings.memory)
        ))),
        Err(Silence::Forged(forged)) => Err(stopped(format!(
            "wrote into Quire's answer channel ({forged}) while loading; its process was stopped"
        ))),
    }
}

/// The plugins this process runs in hosts, by library path and the stamp
/// of the file they were loaded from: a later build (a watch loop's) keeps
/// the running host while the file is unchanged, and starts a new one from
/// a changed file (unlike a library loaded in process, which cannot be
/// replaced).
static RUNNING: Mutex<Vec<(PathBuf, FileStamp, Arc<IsolatedPlugin>)>> = Mutex::new(Vec::new());

/// [`IsolatedPlugin::load`], sharing the host of an earlier load of the
/// same unchanged file, with the same settings, in this process.
pub fn load_shared(
    program: &Path,
    library: &Path,
    settings: &HostSettings,
) -> Result<Arc<IsolatedPlugin>, LoadError> {
    let stamped = stamp(library);
    let mut running = RUNNING.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((_, _, plugin)) = running
        .iter()
        .find(|(p, s, plugin)| p == library && *s == stamped && plugin.settings == *settings)
    {
        return Ok(Arc::clone(plugin));
    }
    let plugin = Arc::new(IsolatedPlugin::load(program, library, settings)?);
    running.retain(|(p, _, plugin)| p != library || plugin.settings != *settings);
    running.push((library.to_path_buf(), stamped, Arc::clone(&plugin)));
    Ok(plugin)
}

impl IsolatedPlugin {
    /// Loads the plugin library at `library` (absolute) in a host process
    /// started from `program` and run as `settings` say, waiting at most
    /// their limit for it to load and for each later call.
    pub fn load(
        program: &Path,
        library: &Path,
        settings: &HostSettings,
    ) -> Result<Self, LoadError> {
        if !library.is_absolute() {
            return Err(LoadError::NotAbsolute(library.to_path_buf()));
        }
        let (host, info) = start(program, library, settings)?;
        Ok(Self {
            library: library.to_path_buf(),
            program: program.to_path_buf(),
            settings: settings.clone(),
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
    /// limit: a plugin that runs over is stopped, one whose process ends
    /// without answering is told by how it ended, and one that wrote into
    /// its host's answer channel is stopped and named. The next call starts
    /// a new process.
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
                start(&self.program, &self.library, &self.settings)
                    .map_err(|e| Unanswered::Ended(format!("could not be started again: {e}")))?
                    .0
            }
        };
        let limit = self.settings.limit;
        match host.ask(REQUEST, OP_BUILD as i32, &input, &[ANSWER], limit) {
            Ok(Frame { code, bytes, .. }) => {
                *slot = Some(host);
                Ok(dylib::answer(
                    &self.library,
                    Status::from_code(code),
                    &bytes,
                ))
            }
            Err(Silence::TimedOut) => Err(Unanswered::Stopped { limit }),
            Err(Silence::Ended(how)) => Err(Unanswered::Ended(format!(
                "{how} while building the section"
            ))),
            Err(Silence::OutOfMemory) => Err(Unanswered::OutOfMemory {
                limit: self.settings.memory,
            }),
            Err(Silence::Forged(forged)) => Err(Unanswered::Forged(forged.to_string())),
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

    #[cfg(unix)]
    #[test]
    fn how_a_process_ended_is_told_in_words() {
        use std::os::unix::process::ExitStatusExt;
        let words = |raw| exit_in_words(ExitStatus::from_raw(raw));
        assert_eq!(words(11), "crashed with a segmentation fault (signal 11)");
        assert_eq!(words(6), "crashed with an abort (signal 6)");
        assert_eq!(words(0), "exited with code 0 without answering");
        assert_eq!(words(3 << 8), "exited with code 3 without answering");
    }

    #[test]
    fn a_host_s_command_line_reads_back() {
        let options = HostOptions {
            library: "/p/libx.so".into(),
            project: Some("/work/project".into()),
            memory: Some(DEFAULT_MEMORY),
            confined: true,
        };
        assert_eq!(HostOptions::parse(options.to_args()), Ok(options));
        let bare = HostOptions::parse(["/p/libx.so".into()]).unwrap();
        assert!(bare.confined, "confined unless told otherwise");
        assert_eq!((bare.project, bare.memory), (None, None));
        let off = HostOptions::parse(["/l.so".into(), "--unconfined".into()]).unwrap();
        assert!(!off.confined);
        for bad in [
            vec![],
            vec!["/l.so", "--memory", "lots"],
            vec!["/l.so", "--project"],
            vec!["/l.so", "--other"],
        ] {
            assert!(
                HostOptions::parse(bad.iter().map(OsString::from)).is_err(),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn running_out_of_memory_is_told_by_what_the_process_printed() {
        assert!(ran_out_of_memory(
            "memory allocation of 21474836480 bytes failed"
        ));
        assert!(ran_out_of_memory(
            "terminate called after throwing an instance of 'std::bad_alloc'"
        ));
        assert!(ran_out_of_memory("mmap: Cannot allocate memory"));
        assert!(!ran_out_of_memory("probe panicked on purpose"));

        // Found even when a long backtrace follows, and across two reads.
        let mut printed = Printed::default();
        printed.take(b"memory allocation of 2000 bytes fa");
        printed.take(b"iled\n");
        printed.take(&[b'x'; 3 * KEPT_OUTPUT]);
        assert!(printed.out_of_memory);
        assert_eq!(printed.tail.len(), KEPT_OUTPUT);
        let mut calm = Printed::default();
        calm.take(b"memory allocation");
        calm.take(&[b'x'; 3 * KEPT_OUTPUT]);
        calm.take(b" of 2000 bytes failed");
        assert!(!calm.out_of_memory, "words far apart are not the message");
    }
}
