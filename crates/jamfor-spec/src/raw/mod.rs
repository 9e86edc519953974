//! The raw definitions, exactly as written, with spans: one module per kind of file.

pub mod analysis;
pub mod area;
pub mod id;
pub mod indicator;
pub mod measure;
pub mod pipeline;
pub mod policy;
pub mod source;

use std::collections::BTreeSet;

use crate::decode::{Cx, Table};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Rule;
use crate::span::{FileId, Files, Span};

pub use analysis::AnalysisSpec;
pub use area::AreaSpec;
pub use id::Id;
pub use indicator::{ColourSpec, DescriptionSpec, IndicatorSpec};
pub use measure::{CountSpec, MeasureSpec, SourceCount};
pub use pipeline::{InputSpec, PipelineFile, ReleaseSpec};
pub use policy::PolicySpec;
pub use source::{Codes, ColumnSpec, FormatSpec, SourceSpec, YearColumnsSpec};

/// What a definition file holds, decided by where it lies under the root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileKind {
    /// `sources/**/*.toml`
    Source,
    /// `indicators/<area>/area.toml`
    Area(String),
    /// `indicators/<area>/**/*.toml`
    Indicators(String),
    /// `policies/**/*.toml`
    Policies,
    /// `pipelines/**/*.toml`
    Pipeline,
}

impl FileKind {
    /// The kind of a root-relative, `/`-separated path; `None` for files jamfor does not read, and
    /// `Err` for TOML files lying where no definition belongs.
    pub fn of(path: &str) -> Option<Result<FileKind, &'static str>> {
        if !path.ends_with(".toml") {
            return None;
        }
        let parts: Vec<&str> = path.split('/').collect();
        match parts.as_slice() {
            ["sources", .., _] => Some(Ok(FileKind::Source)),
            ["policies", .., _] => Some(Ok(FileKind::Policies)),
            ["pipelines", .., _] => Some(Ok(FileKind::Pipeline)),
            ["indicators", _file] => Some(Err(
                "indicator files belong in an area folder: `indicators/<area>/<name>.toml`",
            )),
            ["indicators", area, "area.toml"] => Some(Ok(FileKind::Area((*area).to_string()))),
            ["indicators", area, _, ..] => Some(Ok(FileKind::Indicators((*area).to_string()))),
            _ => None,
        }
    }
}

/// Every definition under a root, as written.
#[derive(Debug, Default)]
pub struct Spec {
    /// The files read; diagnostics point into them.
    pub files: Files,
    /// `sources/`.
    pub sources: Vec<SourceSpec>,
    /// Area folders under `indicators/`, with their `area.toml` when it decoded.
    pub areas: Vec<AreaFolder>,
    /// Indicators with the area folder they lie in.
    pub indicators: Vec<(String, IndicatorSpec)>,
    /// `policies/`.
    pub policies: Vec<PolicySpec>,
    /// `pipelines/`, with the file each came from.
    pub pipelines: Vec<(FileId, PipelineFile)>,
    /// Names of definitions that were written but did not decode (see `Cx::broken`).
    pub broken: BTreeSet<String>,
    /// Errors reported while decoding. Definitions with errors are left out of the spec, so a spec
    /// with any must not become a manifest, even when resolution finds nothing more.
    pub decode_errors: usize,
    /// Whether an indicator file had errors: an indicator left out may be the one that reads a
    /// source, so unused sources are not reported until it is fixed.
    pub indicators_incomplete: bool,
}

/// A folder `indicators/<name>/`.
#[derive(Debug, Clone)]
pub struct AreaFolder {
    /// The folder name.
    pub name: String,
    /// Its `area.toml`, when present and valid.
    pub area: Option<AreaSpec>,
    /// The `[comparable]` and `[bruttolista]` tables of its `area.toml`.
    pub analysis: AnalysisSpec,
    /// A file of the folder, to point at when `area.toml` is missing.
    pub first_file: Span,
}

impl Spec {
    /// Parses and decodes one file, adding its definitions and reporting its problems.
    pub fn add_file(&mut self, path: &str, text: String, diagnostics: &mut Vec<Diagnostic>) {
        let before = diagnostics.len();
        let indicators = matches!(FileKind::of(path), Some(Ok(FileKind::Indicators(_))));
        self.decode_file(path, text, diagnostics);
        let errors = diagnostics[before..]
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        self.decode_errors += errors;
        self.indicators_incomplete |= indicators && errors > 0;
    }

    fn decode_file(&mut self, path: &str, text: String, diagnostics: &mut Vec<Diagnostic>) {
        let Some(kind) = FileKind::of(path) else {
            return;
        };
        let file = self.files.add(path, text);
        let kind = match kind {
            Ok(kind) => kind,
            Err(why) => {
                diagnostics.push(
                    Diagnostic::new(
                        Rule::MisplacedFile,
                        Span::new(file, 0..0),
                        format!("`{path}` is not read"),
                    )
                    .help(why),
                );
                return;
            }
        };
        let text = self.files.get(file).text().to_string();
        let (root, syntax_errors) = toml::de::DeTable::parse_recoverable(&text);
        let mut file_diagnostics = Vec::new();
        let mut broken = Vec::new();
        let mut cx = Cx {
            file,
            diagnostics: &mut file_diagnostics,
            broken: &mut broken,
        };
        let mut t = Table::document(&root, &cx, "file");
        match &kind {
            FileKind::Source => {
                if let Some(source) = t.req(&mut cx, "source") {
                    self.sources.push(source);
                }
            }
            FileKind::Area(name) => {
                let area = t.req(&mut cx, "area");
                let analysis = AnalysisSpec::read(&mut t, &mut cx);
                let folder = self.area_folder(name, file);
                folder.area = area;
                folder.analysis = analysis;
            }
            FileKind::Indicators(area) => {
                self.area_folder(area, file);
                let indicators: Option<Vec<IndicatorSpec>> = t.req(&mut cx, "indicator");
                for indicator in indicators.unwrap_or_default() {
                    self.indicators.push((area.clone(), indicator));
                }
            }
            FileKind::Policies => {
                let policies: Option<Vec<PolicySpec>> = t.req(&mut cx, "policy");
                self.policies.extend(policies.unwrap_or_default());
            }
            FileKind::Pipeline => {
                let release = t.req(&mut cx, "release");
                let inputs = t.opt(&mut cx, "inputs").unwrap_or_default();
                let outputs = t.opt(&mut cx, "outputs");
                let synthetic = t.opt(&mut cx, "synthetic");
                if let Some(release) = release {
                    self.pipelines.push((
                        file,
                        PipelineFile {
                            release,
                            inputs,
                            outputs,
                            synthetic,
                        },
                    ));
                }
            }
        }
        t.finish(&mut cx);
        self.broken.extend(broken);
        if syntax_errors.is_empty() {
            diagnostics.extend(file_diagnostics);
        } else {
            // What follows a syntax error is guesswork: report the syntax first, the rest after
            // it is fixed.
            for error in syntax_errors {
                let range = error.span().unwrap_or(0..0);
                let message = error.message().trim().to_string();
                diagnostics.push(
                    Diagnostic::new(Rule::TomlSyntax, Span::new(file, range), "invalid TOML")
                        .label(message),
                );
            }
        }
    }

    fn area_folder(&mut self, name: &str, file: FileId) -> &mut AreaFolder {
        let index = match self.areas.iter().position(|a| a.name == name) {
            Some(i) => i,
            None => {
                self.areas.push(AreaFolder {
                    name: name.to_string(),
                    area: None,
                    analysis: AnalysisSpec::default(),
                    first_file: Span::new(file, 0..0),
                });
                self.areas.len() - 1
            }
        };
        &mut self.areas[index]
    }
}
