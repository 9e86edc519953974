//! `jamfor check`: every definition under a root, validated without reading data.

use std::process::ExitCode;

use jamfor_spec::render::{self, OutputFormat};
use jamfor_spec::resolve::{self, Options};
use jamfor_spec::{Diagnostic, Severity};

use crate::output;
use crate::{CheckArgs, Format};

pub(crate) fn run(args: &CheckArgs) -> Result<ExitCode, String> {
    let root = &args.root;
    if !root.is_dir() {
        return Err(format!(
            "`{}` is not a folder; give the definitions root with --root",
            root.display()
        ));
    }
    let (spec, mut diagnostics) = jamfor_spec::load(root).map_err(|e| {
        format!(
            "cannot read the definitions under `{}`: {e}",
            root.display()
        )
    })?;
    let options = Options {
        root: args.check_inputs.then(|| root.clone()),
    };
    let (manifest, found) = resolve::resolve(&spec, &options);
    diagnostics.extend(found);
    jamfor_spec::diagnostic::sort(&mut diagnostics);

    let format = match args.format {
        Format::Human => OutputFormat::Human,
        Format::Json => OutputFormat::Json,
        Format::Github => OutputFormat::Github,
    };
    let style = output::style(args.color);
    let mut text = render::render(&spec.files, &diagnostics, format, style);
    if format == OutputFormat::Human {
        if !diagnostics.is_empty() {
            text.push('\n');
        }
        text.push_str(&render::summary(&diagnostics));
        text.push('\n');
        if let Some(m) = &manifest {
            let n = |count: usize, one: &str, many: &str| {
                format!("{count} {}", if count == 1 { one } else { many })
            };
            text.push_str(&format!(
                "Checked {}, {}, {}, {} and {}.\n",
                n(m.sources.len(), "source", "sources"),
                n(m.areas.len(), "area", "areas"),
                n(m.indicators.len(), "indicator", "indicators"),
                n(m.policies.len(), "policy", "policies"),
                n(m.releases.len(), "release", "releases"),
            ));
        }
    }
    output::out(&text);
    Ok(exit_code(&diagnostics, args.deny_warnings))
}

fn exit_code(diagnostics: &[Diagnostic], deny_warnings: bool) -> ExitCode {
    let errors = diagnostics.iter().any(|d| d.severity == Severity::Error);
    if errors || (deny_warnings && !diagnostics.is_empty()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
