//! Page stems and the titles the navigation shows, in one place so links and files agree.

/// The index page.
pub(crate) fn index_page() -> &'static str {
    "index"
}

/// The sources page.
pub(crate) fn sources_page() -> &'static str {
    "sources"
}

/// The disclosure policies page.
pub(crate) fn policies_page() -> &'static str {
    "policies"
}

/// The validation rules page.
pub(crate) fn rules_page() -> &'static str {
    "rules"
}

/// An area's page. Prefixed, so that an area called `sources` or `index` cannot overwrite
/// another page.
pub(crate) fn area_page(area: &str) -> String {
    format!("area-{area}")
}
