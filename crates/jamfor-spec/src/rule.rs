//! The validation rules: one stable name each, with the documentation users read.
//!
//! A rule's name never changes once released: CI jobs filter on it and the JSON output carries it.
//! `jamfor docs` and `docs/rules.md` are generated from [`Rule::doc`].

use crate::diagnostic::Severity;

macro_rules! rules {
    ($( $variant:ident = $name:literal, $severity:ident; )*) => {
        /// Every check `jamfor check` runs.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule { $( #[doc = $name] $variant, )* }

        impl Rule {
            /// All rules, in documentation order.
            pub const ALL: &'static [Rule] = &[ $( Rule::$variant, )* ];

            /// The stable kebab-case name.
            pub fn name(self) -> &'static str {
                match self { $( Rule::$variant => $name, )* }
            }

            /// The severity findings of this rule have.
            pub fn severity(self) -> Severity {
                match self { $( Rule::$variant => Severity::$severity, )* }
            }
        }
    };
}

rules! {
    TomlSyntax = "toml-syntax", Error;
    MisplacedFile = "misplaced-file", Error;
    UnknownField = "unknown-field", Error;
    MissingField = "missing-field", Error;
    WrongType = "wrong-type", Error;
    InvalidValue = "invalid-value", Error;
    InvalidId = "invalid-id", Error;
    DuplicateId = "duplicate-id", Error;
    UnknownArea = "unknown-area", Error;
    AreaMismatch = "area-mismatch", Error;
    UnknownSource = "unknown-source", Error;
    UnknownColumn = "unknown-column", Error;
    UnknownCode = "unknown-code", Error;
    UnknownIndicator = "unknown-indicator", Error;
    UnknownDisclosurePolicy = "unknown-disclosure-policy", Error;
    ExpressionSyntax = "expression-syntax", Error;
    UnsupportedExpression = "unsupported-expression", Error;
    TypeMismatch = "type-mismatch", Error;
    ShareWithoutDenominator = "share-without-denominator", Error;
    MeasureFamilyMismatch = "measure-family-mismatch", Error;
    ReferenceNotACount = "reference-not-a-count", Error;
    ReferenceCycle = "reference-cycle", Error;
    ColourWithoutDirection = "colour-without-direction", Error;
    InvalidColourRule = "invalid-colour-rule", Error;
    IdentifyingColumnAsBreakdown = "identifying-column-as-breakdown", Error;
    IdentifyingColumnInExpression = "identifying-column-in-expression", Error;
    AggregateOutsideHaving = "aggregate-outside-having", Error;
    ColumnOutsideAggregate = "column-outside-aggregate", Error;
    HavingWithoutPerson = "having-without-person", Error;
    InvalidYearWindow = "invalid-year-window", Error;
    BreakdownNotInSource = "breakdown-not-in-source", Error;
    UnsupportedBreakdown = "unsupported-breakdown", Error;
    LevelNotInSource = "level-not-in-source", Error;
    InvalidAgeGroups = "invalid-age-groups", Error;
    RoleConflict = "role-conflict", Error;
    SourceWithoutGeography = "source-without-geography", Error;
    InvalidNyckeltal = "invalid-nyckeltal", Error;
    InvalidRelease = "invalid-release", Error;
    MissingInput = "missing-input", Error;
    InputFileNotFound = "input-file-not-found", Warning;
    CountRowsOfAggregate = "count-rows-of-aggregate", Warning;
    UnusedSource = "unused-source", Warning;
}

/// What a rule checks, why, and an example, as printed in the rules reference.
#[derive(Debug, Clone, Copy)]
pub struct RuleDoc {
    /// One line: what it checks.
    pub what: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// A definition that triggers it.
    pub example: &'static str,
    /// What to write instead.
    pub fix: &'static str,
}

impl Rule {
    /// Looks a rule up by its name.
    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.name() == name)
    }

    /// The user documentation of the rule.
    pub fn doc(self) -> RuleDoc {
        crate::rule_docs::doc(self)
    }
}
