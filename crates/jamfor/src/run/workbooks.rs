//! The release's workbooks, one per area, built side by side.
//!
//! Each workbook is built alone from the same published table and colours, and the writing stage
//! has nothing else to do meanwhile: on two cores two at a time halve the stage. The bytes come
//! back in the areas' order, so the release is the same whatever the thread count.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use jamfor_assess::{Colour, Published};
use jamfor_publish::ExtraFile;

/// One workbook's bytes, or why it could not be built.
type Built = Result<Vec<u8>, String>;

/// `excel/<area>-<year>.xlsx` for every area of the release, in the areas' order.
pub(super) fn build(
    p: &Published<'_>,
    colours: &[Option<Colour>],
) -> Result<Vec<ExtraFile>, String> {
    let areas = &p.release.areas;
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, areas.len().max(1));
    let next = AtomicUsize::new(0);
    let built: Mutex<Vec<Option<Built>>> = Mutex::new(areas.iter().map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(area) = areas.get(i) else { break };
                    let bytes = jamfor_publish::workbook_coloured(p, area, colours)
                        .map_err(|e| e.to_string());
                    // A poisoned lock means another workbook panicked; that panic is re-raised
                    // when the scope joins, so this one's result no longer matters.
                    if let Ok(mut built) = built.lock() {
                        built[i] = Some(bytes);
                    }
                }
            });
        }
    });
    let built = built.into_inner().map_err(|_| "a workbook failed")?;
    areas
        .iter()
        .zip(built)
        .map(|(area, bytes)| {
            let bytes =
                bytes.ok_or_else(|| format!("the workbook of `{area}` was not built"))??;
            Ok(ExtraFile {
                path: format!("excel/{area}-{}.xlsx", p.release.year),
                bytes,
            })
        })
        .collect()
}
