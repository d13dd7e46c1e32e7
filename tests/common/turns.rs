//! Turns between the tests of the one test binary. They share one process, so a test that
//! measures the process itself (its resident memory, the Markdown render counter) or times
//! something closely runs `alone()`: it waits until no other test holds a database or a server,
//! and no such test starts until it ends. Every `TestDb` holds a `Shared` turn; a test with
//! neither that still must not run beside an `alone()` test takes `shared()`.

use std::collections::HashMap;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::thread::ThreadId;

#[derive(Default)]
struct State {
    /// Shared turns held, by the thread (the test) that took them.
    shared: HashMap<ThreadId, usize>,
    /// The thread of the test running alone.
    alone: Option<ThreadId>,
    /// Tests waiting to run alone: no new test takes a shared turn meanwhile.
    waiting: usize,
}

static STATE: Mutex<Option<State>> = Mutex::new(None);
static CHANGED: Condvar = Condvar::new();

fn lock() -> MutexGuard<'static, Option<State>> {
    STATE.lock().unwrap_or_else(|e| e.into_inner())
}

fn wait(
    mut guard: MutexGuard<'static, Option<State>>,
    until: impl Fn(&State) -> bool,
) -> MutexGuard<'static, Option<State>> {
    loop {
        if until(guard.get_or_insert_with(State::default)) {
            return guard;
        }
        guard = CHANGED.wait(guard).unwrap_or_else(|e| e.into_inner());
    }
}

/// A turn beside other tests; released when dropped (on any thread).
pub struct Shared {
    thread: ThreadId,
}

/// Take a shared turn: waits while a test runs (or waits to run) alone. A test that already
/// holds one, or runs alone, gets another at once (it would otherwise wait for itself).
pub fn shared() -> Shared {
    let me = std::thread::current().id();
    let guard = wait(lock(), |s| {
        s.alone == Some(me)
            || s.shared.get(&me).is_some_and(|n| *n > 0)
            || (s.alone.is_none() && s.waiting == 0)
    });
    let mut guard = guard;
    let state = guard.as_mut().expect("set by wait");
    *state.shared.entry(me).or_default() += 1;
    Shared { thread: me }
}

impl Drop for Shared {
    fn drop(&mut self) {
        let mut guard = lock();
        if let Some(state) = guard.as_mut()
            && let Some(n) = state.shared.get_mut(&self.thread)
        {
            *n -= 1;
            if *n == 0 {
                state.shared.remove(&self.thread);
            }
        }
        CHANGED.notify_all();
    }
}

/// The turn of a test that runs with no other test's database or server in the process.
pub struct Alone(());

/// Wait until no other test holds a turn, then run alone until the guard is dropped. Take it
/// first in the test, before any database.
pub fn alone() -> Alone {
    let me = std::thread::current().id();
    let mut guard = lock();
    guard.get_or_insert_with(State::default).waiting += 1;
    let mut guard = wait(guard, |s| {
        s.alone.is_none() && s.shared.keys().all(|thread| *thread == me)
    });
    let state = guard.as_mut().expect("set by wait");
    state.waiting -= 1;
    state.alone = Some(me);
    Alone(())
}

impl Drop for Alone {
    fn drop(&mut self) {
        if let Some(state) = lock().as_mut() {
            state.alone = None;
        }
        CHANGED.notify_all();
    }
}
