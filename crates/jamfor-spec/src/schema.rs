//! JSON Schemas of the definition files, so that editors complete and check them as they are typed
//! (e.g. Even Better TOML / taplo, with the mapping in the repository's `.taplo.toml`).

use schemars::JsonSchema;

use crate::raw::area::AreaFile;
use crate::raw::indicator::IndicatorFile;
use crate::raw::pipeline::PipelineFile;
use crate::raw::policy::PolicyFile;
use crate::raw::source::SourceFile;

/// The kinds of definition file, each with its own schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaKind {
    /// `sources/*.toml`
    Source,
    /// `indicators/<area>/*.toml`
    Indicators,
    /// `indicators/<area>/area.toml`
    Area,
    /// `policies/*.toml`
    Policies,
    /// `pipelines/*.toml`
    Release,
}

impl SchemaKind {
    /// Every kind, with its name and the files it applies to.
    pub const ALL: &'static [(SchemaKind, &'static str, &'static str)] = &[
        (SchemaKind::Source, "source", "sources/**/*.toml"),
        (SchemaKind::Indicators, "indicators", "indicators/*/*.toml"),
        (SchemaKind::Area, "area", "indicators/*/area.toml"),
        (SchemaKind::Policies, "policies", "policies/**/*.toml"),
        (SchemaKind::Release, "release", "pipelines/**/*.toml"),
    ];

    /// The kind's name, as in `jamfor schema NAME`.
    pub fn name(self) -> &'static str {
        SchemaKind::ALL
            .iter()
            .find(|(k, _, _)| *k == self)
            .map_or("", |(_, n, _)| n)
    }
}

fn of<T: JsonSchema>() -> serde_json::Value {
    let schema = schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>();
    let mut value = schema.to_value();
    drop_null(&mut value);
    value
}

/// TOML has no null: an optional key is simply absent. schemars describes `Option<T>` as "T or
/// null", which would make editors offer a null nobody can write; remove it.
fn drop_null(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.remove(0);
                    map.insert("type".into(), only);
                }
            }
            for key in ["anyOf", "oneOf"] {
                if let Some(Value::Array(options)) = map.get_mut(key) {
                    options.retain(|o| o.get("type").is_none_or(|t| t != "null"));
                    if options.len() == 1 {
                        let only = options.remove(0);
                        map.remove(key);
                        if let Value::Object(inner) = only {
                            for (k, v) in inner {
                                map.entry(k).or_insert(v);
                            }
                        }
                    }
                }
            }
            map.values_mut().for_each(drop_null);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_null),
        _ => {}
    }
}

/// The JSON Schema of one kind of file.
pub fn schema(kind: SchemaKind) -> serde_json::Value {
    match kind {
        SchemaKind::Source => of::<SourceFile>(),
        SchemaKind::Indicators => of::<IndicatorFile>(),
        SchemaKind::Area => of::<AreaFile>(),
        SchemaKind::Policies => of::<PolicyFile>(),
        SchemaKind::Release => of::<PipelineFile>(),
    }
}
