//! The contents' page numbers, handed from the renderer that lays the
//! document out in pages to those that print them.

use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// The page of each heading the contents list, in order, as the paginated
/// output prints them (`["3", "5", "ii"]`). The Word copy is laid out like
/// the PDF, so its contents carry the same numbers and Word need not
/// refresh them on opening.
///
/// Published once by the renderer that paginates; [`wait`](Self::wait)
/// blocks until then, or until the publisher gives up ([`close`](Self::close)).
#[derive(Debug)]
pub struct ContentsPages {
    state: Mutex<State>,
    ready: Condvar,
    waited: Mutex<Duration>,
}

#[derive(Debug)]
enum State {
    Pending,
    Published(Vec<String>),
    Closed,
}

impl Default for ContentsPages {
    fn default() -> Self {
        Self::new()
    }
}

impl ContentsPages {
    /// Pages not yet known.
    pub fn new() -> Self {
        Self {
            state: Mutex::new(State::Pending),
            ready: Condvar::new(),
            waited: Mutex::new(Duration::ZERO),
        }
    }

    /// Pages that will never be known: every wait returns none at once.
    pub const fn none() -> Self {
        Self {
            state: Mutex::new(State::Closed),
            ready: Condvar::new(),
            waited: Mutex::new(Duration::ZERO),
        }
    }

    /// Publishes the pages; later calls change nothing.
    pub fn publish(&self, pages: Vec<String>) {
        self.settle(State::Published(pages));
    }

    /// Says the pages will never come (the layout failed).
    pub fn close(&self) {
        self.settle(State::Closed);
    }

    fn settle(&self, to: State) {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if matches!(*state, State::Pending) {
            *state = to;
            self.ready.notify_all();
        }
    }

    /// The pages, once published; none if they never will be.
    pub fn wait(&self) -> Vec<String> {
        let started = Instant::now();
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        while matches!(*state, State::Pending) {
            state = self.ready.wait(state).unwrap_or_else(|p| p.into_inner());
        }
        *self.waited.lock().unwrap_or_else(|p| p.into_inner()) += started.elapsed();
        match &*state {
            State::Published(pages) => pages.clone(),
            _ => Vec::new(),
        }
    }

    /// How long the waits for the pages took, all told (a renderer's own
    /// time is its time less this).
    pub fn waited(&self) -> Duration {
        *self.waited.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::ContentsPages;

    #[test]
    fn a_wait_ends_with_what_was_published() {
        let pages = ContentsPages::new();
        std::thread::scope(|s| {
            let waiter = s.spawn(|| pages.wait());
            pages.publish(vec!["3".into(), "ii".into()]);
            pages.close();
            assert_eq!(waiter.join().unwrap(), ["3", "ii"]);
        });
    }

    #[test]
    fn a_wait_ends_with_nothing_when_the_layout_gives_up() {
        let pages = ContentsPages::new();
        std::thread::scope(|s| {
            let waiter = s.spawn(|| pages.wait());
            pages.close();
            pages.publish(vec!["3".into()]);
            assert!(waiter.join().unwrap().is_empty());
        });
        assert!(ContentsPages::none().wait().is_empty());
    }
}
