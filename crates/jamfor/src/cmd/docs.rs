//! `jamfor docs`: writes the indicator catalogue (Markdown and a static HTML site) generated from
//! the checked definitions.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use crate::DocsArgs;
use crate::definitions::{Refusal, load_checked};
use crate::output;

pub(crate) fn run(args: &DocsArgs) -> Result<ExitCode, String> {
    let manifest = match load_checked(&args.root, "writing the catalogue") {
        Ok(m) => m,
        Err(Refusal::Usage(message)) => return Err(message),
        Err(Refusal::Findings) => return Ok(ExitCode::from(1)),
    };
    // The indicator files, to show each measure exactly as it was written.
    let mut texts = BTreeMap::new();
    for indicator in &manifest.indicators {
        let file = &indicator.location.file;
        if !texts.contains_key(file) {
            let path = args.root.join(file);
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
            texts.insert(file.clone(), text);
        }
    }
    let files = crate::docs::files(&manifest, &texts);
    for (relative, content) in &files {
        write(&args.out.join(relative), content)?;
    }
    output::err(&format!(
        "wrote {} files to `{}`: open {} or read {}\n",
        files.len(),
        args.out.display(),
        args.out.join("html/index.html").display(),
        args.out.join("markdown/index.md").display(),
    ));
    Ok(ExitCode::SUCCESS)
}

fn write(path: &Path, content: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create the folder `{}`: {e}", parent.display()))?;
    }
    std::fs::write(path, content).map_err(|e| format!("cannot write `{}`: {e}", path.display()))
}
