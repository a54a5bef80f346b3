//! The preview server's judgement of a request head: parsed by `httparse`
//! (a strict, allocation-free HTTP/1.x parser), then checked here — its
//! size, its Host, its method and whether it carries a body — before
//! anything is looked up.
//!
//! Only this is answered: `GET` or `HEAD`, HTTP/1.0 or 1.1, a head of at
//! most [`MAX_HEAD`] bytes and [`MAX_HEADERS`] lines, no body, and a Host
//! (and, for an absolute-form target, an authority) that names this server:
//! `localhost`, `127.0.0.1`, `[::1]`, the address it was bound to or the
//! address the connection came in on, each with its port. A name that only
//! resolves to this machine (`127.0.0.1.nip.io`, or any name a web page's
//! DNS rebinding points here) is refused, so a page from elsewhere can
//! never read the draft.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The longest request head read: past it, 431.
pub const MAX_HEAD: usize = 16 * 1024;
/// The most header lines a head may have: past it, 431.
pub const MAX_HEADERS: usize = 64;

/// Where the server listens, which a request's Host must name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Served {
    /// The address asked for with `--bind` (perhaps `0.0.0.0`).
    pub bound: IpAddr,
    /// The port actually listened on.
    pub port: u16,
}

/// A request the server answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asked {
    /// `HEAD`: the response without its body.
    pub head_only: bool,
    /// The target's path, still percent-encoded (`/doc_files/a%20b.css`).
    pub path: String,
    /// What follows `?` in the target, if anything.
    pub query: String,
}

/// A request refused: the status and a short plain-text reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    /// The HTTP status code.
    pub status: u16,
    /// Why, in a line.
    pub reason: &'static str,
}

/// A head that is not HTTP/1.x as written in RFC 9112.
pub const MALFORMED: Refusal = Refusal {
    status: 400,
    reason: "malformed request",
};
/// A Host (or an absolute target's authority) that does not name this server.
pub const MISDIRECTED: Refusal = Refusal {
    status: 421,
    reason: "this preview server answers only requests addressed to it \
             (localhost, 127.0.0.1 or [::1] with its port)",
};
/// An HTTP/1.1 request without a Host, or with more than one.
pub const NO_HOST: Refusal = Refusal {
    status: 421,
    reason: "a request must name this server in exactly one Host header",
};
/// Any method but `GET` and `HEAD`.
pub const NOT_ALLOWED: Refusal = Refusal {
    status: 405,
    reason: "only GET and HEAD are answered",
};
/// A request with a body.
pub const HAS_BODY: Refusal = Refusal {
    status: 413,
    reason: "request bodies are not accepted",
};
/// A head over [`MAX_HEAD`] bytes or [`MAX_HEADERS`] lines.
pub const TOO_LARGE: Refusal = Refusal {
    status: 431,
    reason: "request head too large",
};
/// A head not read in time.
pub const TOO_SLOW: Refusal = Refusal {
    status: 408,
    reason: "the request head did not arrive in time",
};
/// No room for one more connection.
pub const BUSY: Refusal = Refusal {
    status: 503,
    reason: "too many connections; try again",
};

/// What a head read so far comes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The head has not ended yet (and is not too large).
    Incomplete,
    /// A request to answer.
    Answer(Asked),
    /// A request to refuse.
    Refuse(Refusal),
}

/// Whether the bytes from `from` on (with the three before, which a
/// terminator may straddle) end a head: an empty line. Checking only what
/// was just read keeps a head sent a byte at a time from being parsed
/// again at every byte.
pub fn ends(head: &[u8], from: usize) -> bool {
    let new = &head[from.saturating_sub(3)..];
    new.windows(2).any(|w| w == b"\n\n") || new.windows(3).any(|w| w == b"\n\r\n")
}

/// Judges the head read so far (`head`, at most [`MAX_HEAD`] bytes, which
/// may go on past the head with bytes of a body or of another request:
/// those are never read). `local` is the address the connection came in on.
pub fn judge(head: &[u8], served: Served, local: IpAddr) -> Verdict {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut headers);
    match request.parse(head) {
        Ok(httparse::Status::Complete(_)) => {}
        Ok(httparse::Status::Partial) if head.len() >= MAX_HEAD => {
            return Verdict::Refuse(TOO_LARGE);
        }
        Ok(httparse::Status::Partial) => return Verdict::Incomplete,
        Err(httparse::Error::TooManyHeaders) => return Verdict::Refuse(TOO_LARGE),
        Err(_) => return Verdict::Refuse(MALFORMED),
    }
    let (Some(method), Some(target), Some(version)) =
        (request.method, request.path, request.version)
    else {
        return Verdict::Refuse(MALFORMED);
    };
    match judge_parts(method, target, version, request.headers, served, local) {
        Ok(asked) => Verdict::Answer(asked),
        Err(refusal) => Verdict::Refuse(refusal),
    }
}

fn judge_parts(
    method: &str,
    target: &str,
    version: u8,
    headers: &[httparse::Header<'_>],
    served: Served,
    local: IpAddr,
) -> Result<Asked, Refusal> {
    // Whom the request is for comes first: a request for another host
    // learns nothing else.
    let named = |name: &'static str| {
        headers
            .iter()
            .filter(move |h| h.name.eq_ignore_ascii_case(name))
    };
    let mut hosts = named("host");
    match (hosts.next(), hosts.next()) {
        (Some(host), None) if host_allowed(host.value, served, local) => {}
        (Some(_), None) => return Err(MISDIRECTED),
        (Some(_), Some(_)) => return Err(NO_HOST),
        // HTTP/1.0 did not require a Host; no browser sends a request
        // without one, so a page elsewhere cannot make one.
        (None, _) if version == 0 => {}
        (None, _) => return Err(NO_HOST),
    }
    let path_and_query = if target.starts_with('/') {
        target
    } else {
        // The absolute form (`GET http://host:port/path`): its authority
        // names the server, and must name this one too.
        let Some((authority, rest)) = absolute_form(target) else {
            return Err(MALFORMED);
        };
        if !host_allowed(authority.as_bytes(), served, local) {
            return Err(MISDIRECTED);
        }
        rest
    };
    let head_only = match method {
        "GET" => false,
        "HEAD" => true,
        _ => return Err(NOT_ALLOWED),
    };
    if named("transfer-encoding").next().is_some()
        || named("content-length").any(|h| h.value.trim_ascii() != b"0")
    {
        return Err(HAS_BODY);
    }
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    let path = if path.is_empty() { "/" } else { path };
    Ok(Asked {
        head_only,
        path: path.to_string(),
        query: query.to_string(),
    })
}

/// `http://authority/path?query` split into the authority and the rest
/// (`/` when there is no path).
fn absolute_form(target: &str) -> Option<(&str, &str)> {
    let scheme = target.get(..7)?;
    if !scheme.eq_ignore_ascii_case("http://") {
        return None;
    }
    let rest = &target[7..];
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, rest) = rest.split_at(end);
    Some((authority, if rest.is_empty() { "/" } else { rest }))
}

/// Whether a Host header's value (or an absolute target's authority)
/// names this server: `localhost` (in any case), `127.0.0.1`, `[::1]`, the
/// bound address or `local` (the address the connection came in on, which
/// is how another machine reaches a server bound to `0.0.0.0`), with the
/// server's port — which may be left out only when it is 80. Any other
/// name is refused, even one that resolves here: only an address written
/// as such cannot be pointed elsewhere by whoever owns a name.
pub fn host_allowed(value: &[u8], served: Served, local: IpAddr) -> bool {
    let Ok(value) = std::str::from_utf8(value) else {
        return false;
    };
    let value = value.trim_matches([' ', '\t']);
    let (name, port) = match value.strip_prefix('[') {
        Some(rest) => match rest.split_once(']') {
            Some((ip, port)) => (Name::V6(ip), port),
            None => return false,
        },
        None => {
            let at = value.find(':').unwrap_or(value.len());
            (Name::Plain(&value[..at]), &value[at..])
        }
    };
    let port_named = match port.strip_prefix(':') {
        None => port.is_empty() && served.port == 80,
        Some(digits) => {
            (1..=5).contains(&digits.len())
                && digits.bytes().all(|b| b.is_ascii_digit())
                && digits.parse::<u16>() == Ok(served.port)
        }
    };
    if !port_named {
        return false;
    }
    let ip = match name {
        Name::Plain(name) if name.eq_ignore_ascii_case("localhost") => return true,
        Name::Plain(name) => match name.parse::<Ipv4Addr>() {
            Ok(ip) => IpAddr::V4(ip),
            Err(_) => return false,
        },
        Name::V6(name) => match name.parse::<Ipv6Addr>() {
            Ok(ip) => IpAddr::V6(ip),
            Err(_) => return false,
        },
    };
    [
        IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(Ipv6Addr::LOCALHOST),
        served.bound,
        local,
    ]
    .iter()
    .any(|ours| ours.to_canonical() == ip.to_canonical())
}

/// A Host's name part: a bracketed IPv6 address, or anything else.
enum Name<'a> {
    V6(&'a str),
    Plain(&'a str),
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOOPBACK: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);
    const SERVED: Served = Served {
        bound: LOOPBACK,
        port: 3000,
    };

    fn allowed(host: &str) -> bool {
        host_allowed(host.as_bytes(), SERVED, LOOPBACK)
    }

    #[test]
    fn the_host_must_name_this_server_and_its_port() {
        for ours in [
            "localhost:3000",
            "LocalHost:3000",
            "127.0.0.1:3000",
            "[::1]:3000",
            "[::ffff:127.0.0.1]:3000",
            " localhost:3000 ",
        ] {
            assert!(allowed(ours), "{ours}");
        }
        for foreign in [
            "attacker.example",
            "attacker.example:3000",
            "localhost.attacker.example:3000",
            "localhost.:3000",
            "127.0.0.1.nip.io:3000",
            "127.0.0.1:3000.nip.io",
            "127.0.0.1:3001",
            "127.0.0.1:30000",
            "127.0.0.1:03000x",
            "127.0.0.1:+3000",
            "127.0.0.1:",
            "127.0.0.1",
            "localhost",
            "localhost:3000:3000",
            "127.1:3000",
            "0x7f.0.0.1:3000",
            "2130706433:3000",
            "127.000.000.001:3000",
            "127.0.0.2:3000",
            "0.0.0.0:3000",
            "[::1]",
            "[::1]:3001",
            "[::1:3000",
            "::1:3000",
            "[fe80::1%25lo]:3000",
            "user@localhost:3000",
            "localhost:3000@attacker.example",
            "attacker.example#@localhost:3000",
            "",
            ":3000",
        ] {
            assert!(!allowed(foreign), "{foreign}");
        }
        assert!(!host_allowed(b"localhost\xff:3000", SERVED, LOOPBACK));
    }

    #[test]
    fn port_80_may_be_left_out() {
        let served = Served {
            bound: LOOPBACK,
            port: 80,
        };
        assert!(host_allowed(b"localhost", served, LOOPBACK));
        assert!(host_allowed(b"127.0.0.1:80", served, LOOPBACK));
        assert!(!host_allowed(b"attacker.example", served, LOOPBACK));
    }

    #[test]
    fn beyond_loopback_the_address_the_connection_came_in_on_is_named() {
        let served = Served {
            bound: IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            port: 3000,
        };
        let lan = IpAddr::V4(Ipv4Addr::new(192, 168, 1, 5));
        assert!(host_allowed(b"192.168.1.5:3000", served, lan));
        assert!(host_allowed(b"0.0.0.0:3000", served, lan));
        assert!(host_allowed(b"localhost:3000", served, lan));
        assert!(!host_allowed(b"192.168.1.6:3000", served, lan));
        assert!(!host_allowed(b"draft.attacker.example:3000", served, lan));
    }

    fn verdict(head: &str) -> Verdict {
        judge(head.as_bytes(), SERVED, LOOPBACK)
    }

    fn refused(head: &str) -> u16 {
        match verdict(head) {
            Verdict::Refuse(refusal) => refusal.status,
            other => panic!("{head:?}: {other:?}"),
        }
    }

    #[test]
    fn a_plain_get_is_answered() {
        assert_eq!(
            verdict("GET /doc_files/a%20b.css?x=1 HTTP/1.1\r\nHost: localhost:3000\r\n\r\n"),
            Verdict::Answer(Asked {
                head_only: false,
                path: "/doc_files/a%20b.css".into(),
                query: "x=1".into(),
            })
        );
        assert_eq!(
            verdict("HEAD / HTTP/1.1\nhost: 127.0.0.1:3000\nContent-Length: 0\n\n"),
            Verdict::Answer(Asked {
                head_only: true,
                path: "/".into(),
                query: String::new(),
            })
        );
        // HTTP/1.0 needs no Host (no browser leaves it out).
        assert!(matches!(
            verdict("GET / HTTP/1.0\r\n\r\n"),
            Verdict::Answer(_)
        ));
        // An absolute target that names this server.
        assert_eq!(
            verdict("GET http://localhost:3000?after=2 HTTP/1.1\r\nHost: localhost:3000\r\n\r\n"),
            Verdict::Answer(Asked {
                head_only: false,
                path: "/".into(),
                query: "after=2".into(),
            })
        );
    }

    #[test]
    fn a_head_is_incomplete_until_its_empty_line() {
        assert_eq!(
            verdict("GET / HTTP/1.1\r\nHost: local"),
            Verdict::Incomplete
        );
        assert_eq!(verdict(""), Verdict::Incomplete);
        let head = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n";
        assert!(ends(head, head.len() - 1), "a terminator split by a read");
        assert!(!ends(b"GET / HTTP/1.1\r\nHost: x\r\n", 0));
        assert!(ends(b"GET / HTTP/1.0\n\n", 0));
    }

    #[test]
    fn requests_for_other_hosts_are_misdirected() {
        assert_eq!(refused("GET / HTTP/1.1\r\n\r\n"), 421, "no Host");
        assert_eq!(
            refused("GET / HTTP/1.1\r\nHost: localhost:3000\r\nHost: attacker.example\r\n\r\n"),
            421
        );
        assert_eq!(
            refused("GET / HTTP/1.1\r\nHost: attacker.example\r\n\r\n"),
            421
        );
        assert_eq!(
            refused("GET / HTTP/1.0\r\nHost: attacker.example\r\n\r\n"),
            421
        );
        // The absolute form's authority wins over Host (RFC 9112, 3.2.2),
        // so both must name this server.
        assert_eq!(
            refused("GET http://attacker.example/ HTTP/1.1\r\nHost: localhost:3000\r\n\r\n"),
            421
        );
        assert_eq!(
            refused(
                "GET http://localhost:3000@attacker.example/ HTTP/1.1\r\nHost: localhost:3000\r\n\r\n"
            ),
            421
        );
        // The foreign host is told so before anything else.
        assert_eq!(
            refused("POST / HTTP/1.1\r\nHost: attacker.example\r\nContent-Length: 5\r\n\r\nhello"),
            421
        );
    }

    #[test]
    fn only_get_and_head_without_a_body_are_answered() {
        let host = "Host: localhost:3000\r\n";
        for method in [
            "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "CONNECT", "get",
        ] {
            assert_eq!(
                refused(&format!("{method} / HTTP/1.1\r\n{host}\r\n")),
                405,
                "{method}"
            );
        }
        assert_eq!(
            refused(&format!(
                "GET / HTTP/1.1\r\n{host}Content-Length: 5\r\n\r\nhello"
            )),
            413
        );
        assert_eq!(
            refused(&format!(
                "GET / HTTP/1.1\r\n{host}Content-Length: 0\r\nContent-Length: 7\r\n\r\n"
            )),
            413
        );
        assert_eq!(
            refused(&format!(
                "GET / HTTP/1.1\r\n{host}Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
            )),
            413
        );
    }

    #[test]
    fn malformed_heads_are_bad_requests() {
        for head in [
            "GET / HTTP/2.0\r\nHost: localhost:3000\r\n\r\n",
            "GET /\r\n\r\n",
            "GET / HTTP/1.1\r\nHost localhost:3000\r\n\r\n",
            "GET / HTTP/1.1\r\n folded: line\r\nHost: localhost:3000\r\n\r\n",
            "GET\t/ HTTP/1.1\r\n\r\n",
            "GET * HTTP/1.1\r\nHost: localhost:3000\r\n\r\n",
            "GET localhost:3000 HTTP/1.1\r\nHost: localhost:3000\r\n\r\n",
            "GET https://localhost:3000/ HTTP/1.1\r\nHost: localhost:3000\r\n\r\n",
        ] {
            assert_eq!(refused(head), 400, "{head:?}");
        }
    }

    #[test]
    fn heads_too_large_are_refused() {
        let mut long = String::from("GET / HTTP/1.1\r\nHost: localhost:3000\r\nX-Long: ");
        long.push_str(&"a".repeat(MAX_HEAD));
        assert_eq!(refused(&long[..MAX_HEAD]), 431, "a line without end");
        let mut many = String::from("GET / HTTP/1.1\r\nHost: localhost:3000\r\n");
        for n in 0..MAX_HEADERS {
            many.push_str(&format!("X-{n}: 1\r\n"));
        }
        many.push_str("\r\n");
        assert_eq!(refused(&many), 431, "too many lines");
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_get_a_verdict(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..4096)) {
            let _ = judge(&bytes, SERVED, LOOPBACK);
            for from in [0, bytes.len() / 2, bytes.len()] {
                let _ = ends(&bytes, from);
            }
        }

        #[test]
        fn a_good_head_cut_short_is_incomplete(cut in 0usize..64) {
            let head = b"GET /x?after=1 HTTP/1.1\r\nHost: localhost:3000\r\n\r\n";
            let cut = cut.min(head.len() - 1);
            proptest::prop_assert_eq!(judge(&head[..cut], SERVED, LOOPBACK), Verdict::Incomplete);
        }
    }
}
