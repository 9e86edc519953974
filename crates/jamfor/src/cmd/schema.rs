//! `jamfor schema`: the JSON Schema of each kind of definition file.

use std::process::ExitCode;

use jamfor_spec::schema::{SchemaKind, schema};

use crate::SchemaArgs;
use crate::output;

fn pretty(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

pub(crate) fn run(args: &SchemaArgs) -> Result<ExitCode, String> {
    let names: Vec<&str> = SchemaKind::ALL.iter().map(|(_, n, _)| *n).collect();
    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create `{}`: {e}", dir.display()))?;
        for (kind, name, _) in SchemaKind::ALL {
            if args.kind.as_deref().is_some_and(|k| k != *name) {
                continue;
            }
            let path = dir.join(format!("{name}.schema.json"));
            std::fs::write(&path, pretty(&schema(*kind)))
                .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let Some(wanted) = &args.kind else {
        return Err(format!(
            "name a schema ({}), or write all of them with --out DIR",
            names.join(", ")
        ));
    };
    let Some((kind, _, _)) = SchemaKind::ALL.iter().find(|(_, n, _)| n == wanted) else {
        let hint =
            jamfor_spec::suggest::did_you_mean(wanted, names.iter().copied()).unwrap_or_default();
        return Err(format!("no schema `{wanted}`; {hint}"));
    };
    output::out(&pretty(&schema(*kind)));
    Ok(ExitCode::SUCCESS)
}
