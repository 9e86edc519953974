//! Independent jobs on a few threads, results in the jobs' order. A year's sources are read and
//! scanned independently; much of a scan (transcoding, the record scan, the declared-schema
//! checks, numbering slots) runs on one core, so two sources at once keep both cores busy.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// `work` applied to every job, on up to `threads` threads; the results in the jobs' order.
/// Jobs are taken in order, so put the longest first.
pub(crate) fn map<J, R, F>(jobs: &[J], threads: usize, work: F) -> Vec<R>
where
    J: Sync,
    R: Send,
    F: Fn(&J) -> R + Sync,
{
    let threads = threads.clamp(1, jobs.len().max(1));
    if threads == 1 {
        return jobs.iter().map(work).collect();
    }
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new(jobs.iter().map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(i) else {
                        break;
                    };
                    let result = work(job);
                    if let Ok(mut results) = results.lock() {
                        results[i] = Some(result);
                    }
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .into_iter()
        .flatten()
        .collect()
}

/// How many threads to scan with: the machine's cores, at most `cap`.
pub(crate) fn threads(cap: usize) -> usize {
    std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(cap)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_the_jobs_order() {
        let jobs: Vec<u64> = (0..50).collect();
        let out = map(&jobs, 4, |j| {
            // Uneven work, so threads finish out of order.
            let mut x = *j;
            for _ in 0..(50 - j) * 1000 {
                x = x.wrapping_mul(31).wrapping_add(7);
            }
            (*j, x)
        });
        let order: Vec<u64> = out.iter().map(|(j, _)| *j).collect();
        assert_eq!(order, jobs);
    }
}
