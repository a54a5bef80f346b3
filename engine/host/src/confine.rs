//! What a plugin host does to itself before it loads a plugin library:
//! the limits every host has, and, unless the project turns it off
//! (`[plugins] sandbox = "off"`), its confinement.
//!
//! Every host ([`prepare`], [`limit`]):
//! - dies with Quire: the kernel kills it when the Quire thread that
//!   started it ends (see `isolated::spawn`), Linux only;
//! - keeps no descriptor it inherited beyond its standard input, output
//!   and error, so a plugin cannot write through one Quire's caller left
//!   open;
//! - may use at most `[plugins] memory` of address space beyond what the
//!   host itself has mapped when it starts (`RLIMIT_AS`, soft and hard), so
//!   an allocation past it fails at once instead of taking the machine's
//!   memory; and writes no core file. (Beyond the host's own: the small
//!   `quire-plugin-host` maps a few MiB, but `quire plugin-host`, its
//!   stand-in, reserves a gigabyte of address space for its allocator
//!   before it runs a line, and the same plugin must get the same memory
//!   from either.)
//!
//! A confined host ([`confine`], Linux), in this order:
//! - checks it has one thread, so that everything below holds for every
//!   thread the plugin will ever have (they inherit it);
//! - drops every capability (a host run by root keeps root's files' owner
//!   rights, no more);
//! - restricts itself with Landlock: reading only the project folder
//!   (files and listings), the library itself, and the files the system's
//!   dynamic loader reads to load a library's own dependencies
//!   ([`LOADER_FILES`]: files only, no listing); writing, making, removing,
//!   renaming or truncating nothing; executing nothing; no TCP (binding or
//!   connecting); no signals to, and no connections to abstract Unix
//!   sockets of, any process outside itself. Where the kernel lacks part
//!   of this (an older Landlock), what it has is used; where it lacks
//!   Landlock entirely, the host says so ([`Confinement::NoLandlock`]) and
//!   the engine tells the person running Quire;
//! - installs a system-call filter (seccomp) refusing what Landlock does
//!   not cover, or covers only on newer kernels ([`filter`]): creating
//!   any socket (so no UDP, no Unix sockets by path, no netlink), new
//!   processes (threads are allowed), running programs, tracing or reading
//!   another process's memory, leaving its process group, signals to any
//!   process but itself, raising its limits, unsetting its death signal,
//!   namespaces and mounts, the kernel's keyrings and log, io_uring (whose
//!   operations no filter sees) and memory-backed files (which use memory
//!   no address-space limit counts).
//!
//! What a confined plugin can still do: read the project folder; compute;
//! allocate up to its memory limit; start threads; print (its output is
//! kept apart from its answers); and write into its host's answer channel,
//! which the engine detects (`channel`).

use std::path::Path;

/// What a host could do to confine itself; sent to the engine as the code
/// of its first answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confinement {
    /// Landlock and the system-call filter hold.
    Confined = 0,
    /// The kernel has no Landlock: files are not confined (the system-call
    /// filter and the limits hold).
    NoLandlock = 1,
    /// Not confined, as asked (`[plugins] sandbox = "off"`).
    Off = 2,
    /// This system offers no way to confine a process (not Linux, or a
    /// processor the system-call filter does not know).
    Unsupported = 3,
}

impl Confinement {
    /// The confinement a host's code stands for, if it is one.
    pub fn from_code(code: i32) -> Option<Self> {
        [
            Self::Confined,
            Self::NoLandlock,
            Self::Off,
            Self::Unsupported,
        ]
        .into_iter()
        .find(|c| *c as i32 == code)
    }

    /// What the person running Quire should be told, if anything.
    pub fn note(self) -> Option<&'static str> {
        match self {
            Self::Confined => None,
            Self::NoLandlock => Some(
                "this system cannot confine plugins (its kernel has no Landlock): loaded plugins can read and write your files with your rights",
            ),
            Self::Off => Some(
                "loaded plugins run unconfined, with your full rights (`[plugins] sandbox = \"off\"`)",
            ),
            Self::Unsupported => {
                Some("this system cannot confine plugins: loaded plugins run with your full rights")
            }
        }
    }
}

/// The files the system's dynamic loader may read for a confined plugin,
/// beyond the library itself: its cache of where libraries are, and the
/// system's library folders (files only, never a listing), for a plugin
/// that links a system library Quire's host has not loaded already (libc
/// and libgcc_s it has). Folders that do not exist are skipped.
pub const LOADER_FILES: [&str; 6] = [
    "/etc/ld.so.cache",
    "/lib",
    "/lib64",
    "/usr/lib",
    "/usr/lib64",
    "/usr/local/lib",
];

/// What every host does first, before it reads anything: die with Quire,
/// and close the descriptors it inherited (all but 0, 1 and 2).
pub fn prepare() {
    #[cfg(target_os = "linux")]
    {
        let _ =
            rustix::process::set_parent_process_death_signal(Some(rustix::process::Signal::KILL));
        close_inherited();
    }
}

/// Closes every descriptor above standard error.
#[cfg(target_os = "linux")]
fn close_inherited() {
    use std::os::fd::RawFd;
    // Listed first, then closed: the listing's own descriptor, closed by
    // then, is no longer there (a look at its link opens nothing).
    let listed: Vec<RawFd> = match std::fs::read_dir("/proc/self/fd") {
        Ok(entries) => entries
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
            .filter(|fd| *fd > 2)
            .collect(),
        Err(_) => return,
    };
    for fd in listed {
        if std::fs::read_link(format!("/proc/self/fd/{fd}")).is_err() {
            continue;
        }
        // SAFETY: this runs first thing in the host, before it opens any
        // file: every descriptor above 2 still open was inherited from the
        // process that started it, and no object of this process owns or
        // uses one.
        #[allow(unsafe_code)]
        unsafe {
            rustix::io::close(fd)
        };
    }
}

/// Sets the host's limits: at most `memory` bytes of address space beyond
/// its own (when given; never above a hard limit already lower), and no
/// core file.
pub fn limit(memory: Option<u64>) -> Result<(), String> {
    use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
    let set = |resource, value: u64, what: &str| {
        let hard = getrlimit(resource).maximum;
        let value = hard.map_or(value, |hard| value.min(hard));
        setrlimit(
            resource,
            Rlimit {
                current: Some(value),
                maximum: Some(value),
            },
        )
        .map_err(|e| format!("its {what} could not be limited: {e}"))
    };
    if let Some(bytes) = memory {
        set(Resource::As, bytes.saturating_add(own_size()), "memory")?;
    }
    set(Resource::Core, 0, "core file size")
}

/// The address space this process has mapped, in bytes (Linux; 0
/// elsewhere).
fn own_size() -> u64 {
    #[cfg(target_os = "linux")]
    if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
        let kib = status
            .lines()
            .find_map(|line| line.strip_prefix("VmSize:"))
            .and_then(|size| {
                size.trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<u64>()
                    .ok()
            });
        if let Some(kib) = kib {
            return kib << 10;
        }
    }
    0
}

/// Confines the host (see the module's documentation): from here on it
/// may read only `project` (when given), `library` and [`LOADER_FILES`].
pub fn confine(library: &Path, project: Option<&Path>) -> Result<Confinement, String> {
    #[cfg(target_os = "linux")]
    {
        linux::confine(library, project)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (library, project);
        Ok(Confinement::Unsupported)
    }
}

#[cfg(target_os = "linux")]
mod linux {
    use super::{Confinement, LOADER_FILES};
    use std::path::Path;

    pub(super) fn confine(library: &Path, project: Option<&Path>) -> Result<Confinement, String> {
        only_thread()?;
        drop_capabilities()?;
        let landlocked = landlock(library, project)?;
        if !super::filter::install()? {
            return Ok(Confinement::Unsupported);
        }
        Ok(if landlocked {
            Confinement::Confined
        } else {
            Confinement::NoLandlock
        })
    }

    /// Landlock and the filter hold for the thread that sets them and the
    /// threads it starts later: the host must have no other thread.
    fn only_thread() -> Result<(), String> {
        let threads = std::fs::read_dir("/proc/self/task")
            .map_err(|e| format!("its threads cannot be counted: {e}"))?
            .count();
        if threads == 1 {
            Ok(())
        } else {
            Err(format!(
                "its host has {threads} threads before loading it, and only one can be confined"
            ))
        }
    }

    fn drop_capabilities() -> Result<(), String> {
        use rustix::thread::{CapabilitySet, CapabilitySets, capabilities, set_capabilities};
        let held = capabilities(None).map_err(|e| format!("its capabilities: {e}"))?;
        if held.effective.is_empty() && held.permitted.is_empty() && held.inheritable.is_empty() {
            return Ok(());
        }
        set_capabilities(
            None,
            CapabilitySets {
                effective: CapabilitySet::empty(),
                permitted: CapabilitySet::empty(),
                inheritable: CapabilitySet::empty(),
            },
        )
        .map_err(|e| format!("its capabilities could not be dropped: {e}"))
    }

    /// Restricts the host with Landlock; whether the kernel enforces it.
    fn landlock(library: &Path, project: Option<&Path>) -> Result<bool, String> {
        use landlock::{
            ABI, Access, AccessFs, AccessNet, CompatLevel, Compatible, PathBeneath, PathFd,
            Ruleset, RulesetAttr, RulesetCreatedAttr, RulesetError, RulesetStatus, Scope,
        };
        let abi = ABI::V7;
        let file = |path: &Path| -> Result<PathBeneath<PathFd>, String> {
            let fd = PathFd::new(path).map_err(|e| format!("`{}`: {e}", path.display()))?;
            Ok(PathBeneath::new(fd, AccessFs::ReadFile))
        };
        let made = || -> Result<_, RulesetError> {
            Ruleset::default()
                .set_compatibility(CompatLevel::BestEffort)
                .handle_access(AccessFs::from_all(abi))?
                .handle_access(AccessNet::from_all(abi))?
                .scope(Scope::from_all(abi))?
                .create()
        };
        let mut ruleset = made().map_err(|e| format!("Landlock: {e}"))?;
        let mut rules = vec![file(library)?];
        for system in LOADER_FILES.iter().map(Path::new).filter(|p| p.exists()) {
            rules.push(file(system)?);
        }
        if let Some(project) = project {
            let fd = PathFd::new(project).map_err(|e| format!("`{}`: {e}", project.display()))?;
            rules.push(PathBeneath::new(fd, AccessFs::ReadFile | AccessFs::ReadDir));
        }
        for rule in rules {
            ruleset = ruleset
                .add_rule(rule)
                .map_err(|e| format!("Landlock: {e}"))?;
        }
        let status = ruleset
            .restrict_self()
            .map_err(|e| format!("Landlock: {e}"))?;
        Ok(status.ruleset != RulesetStatus::NotEnforced)
    }
}

/// The system-call filter of a confined host.
#[cfg(all(
    target_os = "linux",
    any(
        target_arch = "x86_64",
        target_arch = "aarch64",
        target_arch = "riscv64"
    )
))]
mod filter {
    use std::collections::BTreeMap;

    use seccompiler::SeccompCmpArgLen::{Dword, Qword};
    use seccompiler::SeccompCmpOp::{Eq, MaskedEq, Ne};
    use seccompiler::{
        BackendError, BpfProgram, SeccompAction, SeccompCondition as When, SeccompFilter,
        SeccompRule as Rule,
    };

    /// Refused whatever their arguments, with "operation not permitted".
    const REFUSED: &[i64] = &[
        // The network, and any other socket.
        libc::SYS_socket,
        libc::SYS_socketpair,
        // Other programs and processes.
        libc::SYS_execve,
        libc::SYS_execveat,
        #[cfg(target_arch = "x86_64")]
        libc::SYS_fork,
        #[cfg(target_arch = "x86_64")]
        libc::SYS_vfork,
        libc::SYS_ptrace,
        libc::SYS_process_vm_readv,
        libc::SYS_process_vm_writev,
        libc::SYS_pidfd_send_signal,
        libc::SYS_pidfd_getfd,
        libc::SYS_tkill,
        // Leaving its process group or session.
        libc::SYS_setsid,
        libc::SYS_setpgid,
        // Raising its limits (as root it could).
        libc::SYS_setrlimit,
        // Namespaces, mounts and the root.
        libc::SYS_unshare,
        libc::SYS_setns,
        libc::SYS_mount,
        libc::SYS_umount2,
        libc::SYS_pivot_root,
        libc::SYS_chroot,
        libc::SYS_open_tree,
        libc::SYS_move_mount,
        libc::SYS_fsopen,
        libc::SYS_fsconfig,
        libc::SYS_fsmount,
        libc::SYS_fspick,
        libc::SYS_mount_setattr,
        libc::SYS_name_to_handle_at,
        libc::SYS_open_by_handle_at,
        // Writing a file by its name (Landlock refuses it from ABI 3).
        libc::SYS_truncate,
        // Memory no address-space limit counts.
        libc::SYS_memfd_create,
        libc::SYS_memfd_secret,
        // The kernel's keyrings, log, programs and counters.
        libc::SYS_keyctl,
        libc::SYS_add_key,
        libc::SYS_request_key,
        libc::SYS_syslog,
        libc::SYS_bpf,
        libc::SYS_perf_event_open,
        libc::SYS_userfaultfd,
        // The machine itself (refused without capabilities anyway).
        libc::SYS_reboot,
        libc::SYS_kexec_load,
        libc::SYS_init_module,
        libc::SYS_finit_module,
        libc::SYS_delete_module,
        libc::SYS_swapon,
        libc::SYS_swapoff,
        libc::SYS_acct,
        #[cfg(target_arch = "x86_64")]
        libc::SYS_iopl,
        #[cfg(target_arch = "x86_64")]
        libc::SYS_ioperm,
    ];

    /// Answered "not implemented": callers fall back to what the filter
    /// sees (glibc starts threads with `clone` when `clone3` is missing),
    /// or do without.
    const MISSING: &[i64] = &[
        libc::SYS_clone3,
        libc::SYS_io_uring_setup,
        libc::SYS_io_uring_enter,
        libc::SYS_io_uring_register,
    ];

    /// The system calls refused only with some arguments, for the host
    /// whose process id is `pid`.
    fn refused_with(pid: i32) -> Result<BTreeMap<i64, Vec<Rule>>, BackendError> {
        let own = u64::from(pid as u32);
        let group = u64::from(pid.wrapping_neg() as u32);
        let mut rules = BTreeMap::new();
        // A new process: `clone` without CLONE_THREAD (a thread is fine).
        rules.insert(
            libc::SYS_clone,
            vec![Rule::new(vec![When::new(
                0,
                Qword,
                MaskedEq(libc::CLONE_THREAD as u64),
                0,
            )?])?],
        );
        // A signal to anything but itself or its own group (0, -pid).
        rules.insert(
            libc::SYS_kill,
            vec![Rule::new(vec![
                When::new(0, Dword, Ne, 0)?,
                When::new(0, Dword, Ne, own)?,
                When::new(0, Dword, Ne, group)?,
            ])?],
        );
        for call in [
            libc::SYS_tgkill,
            libc::SYS_rt_sigqueueinfo,
            libc::SYS_rt_tgsigqueueinfo,
        ] {
            rules.insert(call, vec![Rule::new(vec![When::new(0, Dword, Ne, own)?])?]);
        }
        // Unsetting the signal that ends it with Quire.
        rules.insert(
            libc::SYS_prctl,
            vec![Rule::new(vec![When::new(
                0,
                Dword,
                Eq,
                libc::PR_SET_PDEATHSIG as u64,
            )?])?],
        );
        // Setting (not reading) a limit: a new limit is given.
        rules.insert(
            libc::SYS_prlimit64,
            vec![Rule::new(vec![When::new(2, Qword, Ne, 0)?])?],
        );
        Ok(rules)
    }

    /// The filters, in the order they are installed.
    pub(super) fn programs(pid: i32) -> Result<Vec<BpfProgram>, BackendError> {
        let arch: seccompiler::TargetArch = std::env::consts::ARCH
            .try_into()
            .expect("a processor this module is compiled for");
        let refuse = |rules: BTreeMap<i64, Vec<Rule>>, errno: u32| {
            SeccompFilter::new(
                rules,
                SeccompAction::Allow,
                SeccompAction::Errno(errno),
                arch,
            )
            .and_then(BpfProgram::try_from)
        };
        let mut refused = refused_with(pid)?;
        for call in REFUSED {
            refused.insert(*call, Vec::new());
        }
        let missing: BTreeMap<i64, Vec<Rule>> =
            MISSING.iter().map(|call| (*call, Vec::new())).collect();
        Ok(vec![
            #[cfg(target_arch = "x86_64")]
            x32_refused(),
            refuse(missing, libc::ENOSYS as u32)?,
            refuse(refused, libc::EPERM as u32)?,
        ])
    }

    /// On x86-64, the same calls can be made with the x32 numbering
    /// (bit 30 set), which a filter keyed on numbers would not see: every
    /// x32 call is answered "not implemented". (32-bit calls carry another
    /// architecture, which the other filters refuse by ending the process.)
    #[cfg(target_arch = "x86_64")]
    fn x32_refused() -> BpfProgram {
        use seccompiler::sock_filter;
        const LOAD_NUMBER: u16 = 0x20; // BPF_LD | BPF_W | BPF_ABS
        const JUMP_AT_LEAST: u16 = 0x35; // BPF_JMP | BPF_JGE | BPF_K
        const RETURN: u16 = 0x06; // BPF_RET | BPF_K
        const X32_BIT: u32 = 0x4000_0000;
        const ERRNO: u32 = 0x0005_0000; // SECCOMP_RET_ERRNO
        const ALLOW: u32 = 0x7fff_0000; // SECCOMP_RET_ALLOW
        let op = |code, jt, jf, k| sock_filter { code, jt, jf, k };
        vec![
            // `seccomp_data.nr` is at offset 0.
            op(LOAD_NUMBER, 0, 0, 0),
            op(JUMP_AT_LEAST, 0, 1, X32_BIT),
            op(RETURN, 0, 0, ERRNO | libc::ENOSYS as u32),
            op(RETURN, 0, 0, ALLOW),
        ]
    }

    /// Installs the filters on every thread (there is one).
    pub(super) fn install() -> Result<bool, String> {
        let pid = rustix::process::getpid().as_raw_pid();
        let programs = programs(pid).map_err(|e| format!("its system-call filter: {e}"))?;
        for program in &programs {
            seccompiler::apply_filter_all_threads(program)
                .map_err(|e| format!("its system-call filter could not be installed: {e}"))?;
        }
        Ok(true)
    }
}

/// No system-call filter for this processor: confinement is reported as
/// unsupported.
#[cfg(all(
    target_os = "linux",
    not(any(
        target_arch = "x86_64",
        target_arch = "aarch64",
        target_arch = "riscv64"
    ))
))]
mod filter {
    pub(super) fn install() -> Result<bool, String> {
        Ok(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confinement_codes_round_trip_and_say_what_is_missing() {
        for c in [
            Confinement::Confined,
            Confinement::NoLandlock,
            Confinement::Off,
            Confinement::Unsupported,
        ] {
            assert_eq!(Confinement::from_code(c as i32), Some(c));
        }
        assert_eq!(Confinement::from_code(9), None);
        assert_eq!(Confinement::Confined.note(), None);
        assert!(
            Confinement::NoLandlock
                .note()
                .unwrap()
                .starts_with("this system cannot confine plugins (its kernel has no Landlock)")
        );
        assert!(
            Confinement::Off
                .note()
                .unwrap()
                .contains("sandbox = \"off\"")
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_host_s_own_size_is_read() {
        // A test binary maps megabytes at least.
        assert!(own_size() > 1 << 20, "{}", own_size());
    }

    #[cfg(all(target_os = "linux", target_arch = "x86_64"))]
    #[test]
    fn the_filters_build_and_cover_x32_numbers() {
        let programs = filter::programs(4242).unwrap();
        assert_eq!(programs.len(), 3);
        // The x32 guard: any number with bit 30 is refused.
        assert_eq!(programs[0][1].k, 0x4000_0000);
        assert_eq!(programs[0][2].k, 0x0005_0000 | libc::ENOSYS as u32);
    }
}
