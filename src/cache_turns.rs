//! Turns for the page cache's renders in the background: a few at once, the page that rendered
//! fastest last time first (a tie page is not kept waiting behind lists and the home page).

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::oneshot;

/// A render waiting for its turn.
struct Waiter {
    took: Duration,
    /// The order of arrival, between pages that took as long.
    seq: u64,
    go: oneshot::Sender<()>,
}

impl PartialEq for Waiter {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Waiter {}

impl PartialOrd for Waiter {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Waiter {
    /// The greatest (first out of the heap) is the quickest, then the earliest.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .took
            .cmp(&self.took)
            .then_with(|| other.seq.cmp(&self.seq))
    }
}

struct Queue {
    free: usize,
    seq: u64,
    waiting: BinaryHeap<Waiter>,
}

/// A number of turns, handed out quickest first.
#[derive(Clone)]
pub struct Turns(Arc<Mutex<Queue>>);

/// A turn, given on to the next waiter when dropped.
pub struct Turn(Arc<Mutex<Queue>>);

impl Turns {
    pub fn new(at_once: usize) -> Turns {
        Turns(Arc::new(Mutex::new(Queue {
            free: at_once,
            seq: 0,
            waiting: BinaryHeap::new(),
        })))
    }

    /// Wait for a turn, for a page whose last render took `took`.
    pub async fn take(&self, took: Duration) -> Turn {
        let go = {
            let mut q = self.0.lock().unwrap_or_else(|e| e.into_inner());
            if q.free > 0 {
                q.free -= 1;
                return Turn(self.0.clone());
            }
            let (tx, rx) = oneshot::channel();
            q.seq += 1;
            let seq = q.seq;
            q.waiting.push(Waiter { took, seq, go: tx });
            rx
        };
        // The sender is only dropped once the turn is handed over (or the queue is gone).
        let _ = go.await;
        Turn(self.0.clone())
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        let mut q = self.0.lock().unwrap_or_else(|e| e.into_inner());
        // Hand the turn to the quickest waiter still waiting (one that gave up is skipped).
        while let Some(next) = q.waiting.pop() {
            if next.go.send(()).is_ok() {
                return;
            }
        }
        q.free += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_quickest_waiter_goes_first() {
        let turns = Turns::new(1);
        let first = turns.take(Duration::from_millis(50)).await;
        let order = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        for ms in [40_u64, 5, 20] {
            let (turns, order) = (turns.clone(), order.clone());
            tasks.push(tokio::spawn(async move {
                let _turn = turns.take(Duration::from_millis(ms)).await;
                order.lock().unwrap().push(ms);
            }));
            tokio::task::yield_now().await;
        }
        // All three are waiting before the turn is given back.
        while turns.0.lock().unwrap().waiting.len() < 3 {
            tokio::task::yield_now().await;
        }
        drop(first);
        for t in tasks {
            t.await.unwrap();
        }
        assert_eq!(*order.lock().unwrap(), vec![5, 20, 40]);
        assert_eq!(turns.0.lock().unwrap().free, 1, "the turn is back");
    }
}
