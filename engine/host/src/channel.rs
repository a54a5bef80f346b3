//! The frames the engine and a plugin host exchange over the host's
//! standard input (requests) and standard output (answers).
//!
//! A frame is a header — a tag, a code (the operation, or the plugin's
//! status), a [`Stamp`] and the length of what follows — then that many
//! bytes (JSON). Every request the engine sends carries a fresh stamp: a
//! random token and the request's sequence number. The host echoes it in
//! its answer, and the engine takes an answer only when its stamp is the
//! one it just sent ([`Expected::check`]) and nothing follows it.
//!
//! Why: the plugin's code runs inside its host, so it can write into the
//! host's answer channel like the host itself. Bytes it writes there (a
//! forged answer, or a thread left running that writes later) are not
//! stamped with the token of the request being answered, which the plugin
//! has not yet been sent when it writes ahead, so they are found and the
//! host is stopped, instead of the engine taking them, or the host's real
//! answer later, for the answer to another request. What this cannot stop:
//! a plugin that searches its own process's memory for the current token
//! can answer the request it is serving however it likes — which it can
//! do anyway by returning that answer. It cannot answer for another plugin
//! (each library has a host, pipes and tokens of its own).

use std::hash::{BuildHasher, Hasher};
use std::io::{Read, Write};

/// Engine to host, first: the stamp the host answers its loading with.
pub(crate) const HELLO: u8 = b'H';
/// Host to engine: the library is loaded; its description follows.
pub(crate) const LOADED: u8 = b'L';
/// Host to engine: the library could not be loaded; the error follows.
pub(crate) const LOAD_FAILED: u8 = b'E';
/// Engine to host: a call of the plugin.
pub(crate) const REQUEST: u8 = b'R';
/// Host to engine: the plugin's answer to a call.
pub(crate) const ANSWER: u8 = b'A';

/// The largest frame either side accepts: 1 GiB, far beyond any section.
pub(crate) const MAX_FRAME: u64 = 1 << 30;

/// The bytes of a frame's header: tag, code, token, sequence, length.
const HEADER: usize = 1 + 4 + 16 + 8 + 8;

/// What ties an answer to its request: a random token, new for every
/// request, and the request's number in its host's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp {
    /// Random: no one can know it before the request is sent.
    pub token: [u8; 16],
    /// The request's number, counted from 0 (the hello) per host.
    pub seq: u64,
}

impl Stamp {
    /// A new stamp for request number `seq`, with a token from this
    /// process's random hash keys (seeded by the system's randomness; the
    /// plugin cannot read this process's memory).
    pub(crate) fn fresh(seq: u64) -> Self {
        let mut token = [0u8; 16];
        for (i, half) in token.chunks_mut(8).enumerate() {
            // Each `RandomState` has new keys, so two halves differ.
            let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
            hasher.write_u64(seq);
            hasher.write_usize(i);
            half.copy_from_slice(&hasher.finish().to_le_bytes());
        }
        Self { token, seq }
    }
}

/// A frame's header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Header {
    /// What the frame is (one of the constants above).
    pub tag: u8,
    /// The operation, or the plugin's status.
    pub code: i32,
    /// The request it is or answers.
    pub stamp: Stamp,
    /// How many bytes follow.
    pub len: u64,
}

/// A whole frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Frame {
    /// What the frame is.
    pub tag: u8,
    /// The operation, or the plugin's status.
    pub code: i32,
    /// The bytes (JSON).
    pub bytes: Vec<u8>,
}

/// Writes one frame.
pub(crate) fn write_frame(
    out: &mut impl Write,
    tag: u8,
    code: i32,
    stamp: Stamp,
    bytes: &[u8],
) -> std::io::Result<()> {
    let mut header = [0u8; HEADER];
    header[0] = tag;
    header[1..5].copy_from_slice(&code.to_le_bytes());
    header[5..21].copy_from_slice(&stamp.token);
    header[21..29].copy_from_slice(&stamp.seq.to_le_bytes());
    header[29..37].copy_from_slice(&(bytes.len() as u64).to_le_bytes());
    out.write_all(&header)?;
    out.write_all(bytes)?;
    out.flush()
}

/// Reads one frame's header (an error at the end of the input, or in it).
pub(crate) fn read_header(input: &mut impl Read) -> std::io::Result<Header> {
    let mut header = [0u8; HEADER];
    input.read_exact(&mut header)?;
    let four = |at: usize| -> [u8; 4] { header[at..at + 4].try_into().expect("four bytes") };
    let eight = |at: usize| -> [u8; 8] { header[at..at + 8].try_into().expect("eight bytes") };
    Ok(Header {
        tag: header[0],
        code: i32::from_le_bytes(four(1)),
        stamp: Stamp {
            token: header[5..21].try_into().expect("sixteen bytes"),
            seq: u64::from_le_bytes(eight(21)),
        },
        len: u64::from_le_bytes(eight(29)),
    })
}

/// Reads the `len` bytes that follow a header; a length over
/// [`MAX_FRAME`] or bytes cut short are errors. Memory grows with the
/// bytes that arrive, not with the length announced.
pub(crate) fn read_body(input: &mut impl Read, len: u64) -> std::io::Result<Vec<u8>> {
    if len > MAX_FRAME {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("a message of {len} bytes is larger than plugins may send"),
        ));
    }
    let mut bytes = Vec::with_capacity(len.min(1 << 20) as usize);
    input.take(len).read_to_end(&mut bytes)?;
    if bytes.len() as u64 != len {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    Ok(bytes)
}

/// Reads a whole frame, whatever its stamp (the host reading the engine's
/// requests).
pub(crate) fn read_frame(input: &mut impl Read) -> std::io::Result<(Header, Vec<u8>)> {
    let header = read_header(input)?;
    let bytes = read_body(input, header.len)?;
    Ok((header, bytes))
}

/// What the engine waits for from a host: a frame with one of `tags`,
/// stamped as the request it sent.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Expected {
    /// The stamp of the request sent.
    pub stamp: Stamp,
    /// The tags an answer to it may have.
    pub tags: &'static [u8],
}

/// Why bytes in a host's answer channel are not the answer the engine
/// waits for: something other than the host wrote them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Forged {
    /// A header whose stamp is not the request's.
    WrongStamp,
    /// A header of a kind the host never sends here.
    WrongTag(u8),
    /// More bytes after the answer.
    Trailing,
}

impl std::fmt::Display for Forged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::WrongStamp => write!(f, "an answer not stamped for the request it was sent"),
            Self::WrongTag(tag) => write!(f, "a frame of a kind its host never sends ({tag:#04x})"),
            Self::Trailing => write!(f, "bytes after its answer"),
        }
    }
}

impl Expected {
    /// Whether `header` can be the answer: the right kind, the right stamp.
    pub(crate) fn check(&self, header: &Header) -> Result<(), Forged> {
        if !self.tags.contains(&header.tag) {
            return Err(Forged::WrongTag(header.tag));
        }
        if header.stamp != self.stamp {
            return Err(Forged::WrongStamp);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(seq: u64) -> Stamp {
        Stamp {
            token: [7; 16],
            seq,
        }
    }

    #[test]
    fn frames_round_trip_and_oversized_ones_are_refused() {
        let mut wire = Vec::new();
        write_frame(&mut wire, REQUEST, 7, stamp(1), b"{\"a\":1}").unwrap();
        write_frame(&mut wire, ANSWER, -1, stamp(2), b"").unwrap();
        let mut input = &wire[..];
        let (first, bytes) = read_frame(&mut input).unwrap();
        assert_eq!(
            (first.tag, first.code, first.stamp, &bytes[..]),
            (REQUEST, 7, stamp(1), &b"{\"a\":1}"[..])
        );
        let (second, bytes) = read_frame(&mut input).unwrap();
        assert_eq!(
            (second.tag, second.code, second.stamp, bytes.len()),
            (ANSWER, -1, stamp(2), 0)
        );
        assert!(read_frame(&mut input).is_err(), "the end is an error");

        let mut huge = Vec::new();
        write_frame(&mut huge, REQUEST, 0, stamp(0), b"").unwrap();
        huge[29..37].copy_from_slice(&(MAX_FRAME + 1).to_le_bytes());
        assert!(read_frame(&mut &huge[..]).is_err());
        // A frame cut short is an error, not a short message.
        let mut cut = Vec::new();
        write_frame(&mut cut, ANSWER, 0, stamp(0), b"abcdef").unwrap();
        cut.truncate(cut.len() - 2);
        assert!(read_frame(&mut &cut[..]).is_err());
        // So is a header cut short.
        assert!(read_header(&mut &cut[..HEADER - 1]).is_err());
    }

    #[test]
    fn stamps_are_fresh_for_every_request() {
        let a = Stamp::fresh(1);
        let b = Stamp::fresh(1);
        assert_ne!(a.token, b.token, "two requests never share a token");
        assert_ne!(a.token[..8], a.token[8..], "the halves differ");
        assert_eq!(Stamp::fresh(9).seq, 9);
    }

    #[test]
    fn only_an_answer_stamped_for_the_request_is_taken() {
        let sent = Stamp::fresh(3);
        let expected = Expected {
            stamp: sent,
            tags: &[ANSWER],
        };
        let header = |tag, stamp| Header {
            tag,
            code: 0,
            stamp,
            len: 0,
        };
        assert_eq!(expected.check(&header(ANSWER, sent)), Ok(()));
        // A guessed token, even with the right number.
        let guessed = Stamp {
            token: [0; 16],
            seq: 3,
        };
        assert_eq!(
            expected.check(&header(ANSWER, guessed)),
            Err(Forged::WrongStamp)
        );
        // The right token with another number: an answer out of step.
        let other = Stamp { seq: 4, ..sent };
        assert_eq!(
            expected.check(&header(ANSWER, other)),
            Err(Forged::WrongStamp)
        );
        // A kind the host does not send now, and garbage.
        assert_eq!(
            expected.check(&header(LOADED, sent)),
            Err(Forged::WrongTag(LOADED))
        );
        let garbage = read_header(&mut &[b'x'; HEADER][..]).unwrap();
        assert_eq!(expected.check(&garbage), Err(Forged::WrongTag(b'x')));
        assert_eq!(
            Forged::WrongStamp.to_string(),
            "an answer not stamped for the request it was sent"
        );
    }

    #[test]
    fn an_announced_length_does_not_reserve_memory_before_the_bytes_come() {
        // A forged header may announce up to 1 GiB; with three bytes behind
        // it the read fails without having reserved the gigabyte.
        let err = read_body(&mut &b"abc"[..], MAX_FRAME).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::UnexpectedEof);
    }
}
