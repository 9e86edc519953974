//! The text of the rules reference: what each rule checks, why, an example and the fix.
//!
//! Kept apart from the checks so that the reference reads as one document; a test makes sure every
//! rule has an entry and a fixture.

use crate::rule::{Rule, RuleDoc};

const fn d(
    what: &'static str,
    why: &'static str,
    example: &'static str,
    fix: &'static str,
) -> RuleDoc {
    RuleDoc {
        what,
        why,
        example,
        fix,
    }
}

#[allow(clippy::too_many_lines)]
pub(crate) fn doc(rule: Rule) -> RuleDoc {
    match rule {
        Rule::TomlSyntax => d(
            "The file is not valid TOML.",
            "Nothing in a file can be checked until it parses.",
            "title = \"Invånare 80+",
            "Close the string: `title = \"Invånare 80+\"`.",
        ),
        Rule::MisplacedFile => d(
            "A definition file lies where jamfor does not know what it holds, or holds the wrong kind of table.",
            "The folder says what a file is: `sources/` holds sources, `indicators/<area>/` an area's indicators and its `area.toml`, `policies/` disclosure policies, `pipelines/` releases.",
            "indicators/andel_80.toml   # not inside an area folder",
            "Move it to `indicators/aldreomsorg/andel_80.toml`.",
        ),
        Rule::UnknownField => d(
            "A key that the table does not have.",
            "A misspelt optional key would otherwise be ignored silently, and the default used instead.",
            "[[indicator]]\ndecimal = 1",
            "`decimals = 1`",
        ),
        Rule::MissingField => d(
            "A required key is absent.",
            "Every indicator must say what it measures, in which unit and in which direction it is better.",
            "[[indicator]]\nid = \"aldre_80_andel\"\n# no title",
            "Add `title = \"Invånare 80+, andel (%)\"`.",
        ),
        Rule::WrongType => d(
            "A value of the wrong TOML type (a string where a number is expected, …).",
            "Quoted numbers and bare words mean different things; jamfor does not guess.",
            "decimals = \"1\"",
            "`decimals = 1`",
        ),
        Rule::InvalidValue => d(
            "A value outside what the key allows: an unknown keyword, a number out of range, a malformed path pattern.",
            "Keywords such as `kind`, `family` or `levels` drive computation and presentation.",
            "kind = \"kvalitetsindikatorer\"",
            "`kind = \"kvalitetsindikator\"`",
        ),
        Rule::InvalidId => d(
            "An id that is not a letter followed by letters, digits, `_` or `-` (at most 64).",
            "Ids become file names, Parquet values and Excel sheet references.",
            "id = \"80+ andel\"",
            "`id = \"aldre_80_andel\"`",
        ),
        Rule::DuplicateId => d(
            "Two definitions of the same kind share an id, or a source declares a column twice.",
            "References by id must have exactly one target.",
            "[[indicator]]\nid = \"ekb_mottagare\"\n# … and again in another file",
            "Give one of them another id.",
        ),
        Rule::UnknownArea => d(
            "A release lists an area for which there is no `indicators/<area>/area.toml`.",
            "An area is a folder of definitions; a release can only publish areas that exist.",
            "areas = [\"aldreomsorgen\"]",
            "`areas = [\"aldreomsorg\"]`",
        ),
        Rule::AreaMismatch => d(
            "An indicator's `area`, or an `area.toml`'s `id`, differs from the folder it lies in.",
            "The folder decides the area; a second, different answer is a mistake waiting to happen.",
            "# indicators/aldreomsorg/x.toml\narea = \"lss\"",
            "Move the file, or remove the `area` key.",
        ),
        Rule::UnknownSource => d(
            "A measure or a release input names a source that is not declared in `sources/`.",
            "Every number must be traceable to a declared source with a declared schema.",
            "source = \"befolkningen\"",
            "`source = \"befolkning\"`",
        ),
        Rule::UnknownColumn => d(
            "A column that the source does not declare, in a key or inside an expression.",
            "Caught before any data is read, with the position of the name; otherwise the run fails late with an error that knows nothing of the definition.",
            "where = \"alder >= 80 and kön = 'K'\"   # the column is `kon`",
            "`where = \"alder >= 80 and kon = 'K'\"`",
        ),
        Rule::UnknownCode => d(
            "An expression compares a code column with a value that is not among its declared codes.",
            "A misspelt code silently matches nothing, and the indicator shows zero everywhere.",
            "where = \"svar = 'ja'\"   # codes are Ja, Nej",
            "`where = \"svar = 'Ja'\"`",
        ),
        Rule::UnknownIndicator => d(
            "A measure refers to an indicator id that does not exist.",
            "References between indicators link their counts for disclosure control; they must resolve.",
            "numerator = { indicator = \"ekb_mottagre\" }",
            "`numerator = { indicator = \"ekb_mottagare\" }`",
        ),
        Rule::UnknownDisclosurePolicy => d(
            "An indicator or release names a disclosure policy that is not declared in `policies/`.",
            "Confidentiality thresholds are a declared policy, never an implicit default.",
            "disclosure = \"standrad\"",
            "`disclosure = \"standard\"`",
        ),
        Rule::ExpressionSyntax => d(
            "A filter or condition is not a valid SQL `WHERE` expression.",
            "Expressions are parsed before any data is read; the caret points inside the string.",
            "where = \"alder >= \"",
            "`where = \"alder >= 80\"`",
        ),
        Rule::UnsupportedExpression => d(
            "A construct outside the documented expression subset (functions, sub-queries, casts, …).",
            "The subset is what jamfor can check against the source schema and compute the same everywhere.",
            "where = \"upper(svar) = 'JA'\"",
            "Compare with the declared codes: `where = \"svar = 'Ja'\"`.",
        ),
        Rule::TypeMismatch => d(
            "A comparison or operation mixes a number with text, or sums a column that is not numeric.",
            "`alder = '80'` compares a number with a string; depending on the engine it matches nothing or fails.",
            "where = \"alder >= '80'\"",
            "`where = \"alder >= 80\"`",
        ),
        Rule::ShareWithoutDenominator => d(
            "A `share` or `rate` measure has no `denominator`.",
            "A share without a denominator is a count; publishing it as a percentage would be wrong.",
            "[indicator.measure]\ntype = \"share\"\nnumerator = { source = \"ekb\" }",
            "Add `denominator = { source = \"befolkning\", sum = \"antal\" }`, or use `type = \"count\"`.",
        ),
        Rule::MeasureFamilyMismatch => d(
            "A measure reads a source of a family it cannot use (a survey share from a register, yes/no from a register, …).",
            "Survey estimators need respondents and weights; yes/no measures need one answer per unit.",
            "type = \"survey_share\"\nsource = \"ekb_register\"",
            "Read a `brukarundersokning` source, or use `type = \"share\"`.",
        ),
        Rule::ReferenceNotACount => d(
            "A measure refers to another indicator whose measure is not a `count`.",
            "Only counts can be reused as a numerator or denominator; a share of shares is not a share.",
            "numerator = { indicator = \"ekb_andel\" }",
            "Refer to the count indicator the share is built on.",
        ),
        Rule::ReferenceCycle => d(
            "Indicators refer to each other in a loop.",
            "A loop has no first value to compute.",
            "a: numerator = { indicator = \"b\" }\nb: numerator = { indicator = \"a\" }",
            "Break the loop: one of them must read a source.",
        ),
        Rule::ColourWithoutDirection => d(
            "A relative or threshold colour rule on an indicator with `direction = \"none\"`.",
            "Green must mean better; without a desired direction there is no better.",
            "direction = \"none\"\ncolour = { rule = \"relative\" }",
            "Declare `direction = \"higher\"` or `\"lower\"`, or use `colour = { rule = \"none\" }`.",
        ),
        Rule::InvalidColourRule => d(
            "A colour rule whose parameters contradict each other or the measure (thresholds in the wrong order, shares over 100 %, yes/no colours on a non-yes/no measure, `interval = true` on a measure without a confidence interval).",
            "Colours are what most readers look at first.",
            "direction = \"higher\"\ncolour = { rule = \"thresholds\", green = 50, red = 80 }",
            "With higher is better, `green` must be at least `red`.",
        ),
        Rule::IdentifyingColumnAsBreakdown => d(
            "A breakdown by a column declared `role = \"identifying\"`.",
            "A breakdown by personal identifier publishes one cell per person.",
            "breakdown = [\"kon\", \"personnummer\"]",
            "Remove it; count persons with `distinct = \"personnummer\"` instead.",
        ),
        Rule::IdentifyingColumnInExpression => d(
            "An expression uses a column declared `role = \"identifying\"`.",
            "A definition must never single out persons; identifiers may only be counted (`distinct`).",
            "where = \"lopnr = '123'\"",
            "Filter on non-identifying columns.",
        ),
        Rule::AggregateOutsideHaving => d(
            "An aggregate (`COUNT`, `MAX`, `BOOL_OR`, …) in a condition on one row, or inside another aggregate.",
            "A `where` keeps or drops one row at a time; what holds for a person over several rows (months, decisions) is a `having` next to `distinct`.",
            "numerator = { source = \"ekb_register\", distinct = \"lopnr\", where = \"COUNT(DISTINCT manad) >= 10\" }",
            "Move it to `having`: `{ source = \"ekb_register\", distinct = \"lopnr\", having = \"COUNT(DISTINCT manad) >= 10\" }`.",
        ),
        Rule::ColumnOutsideAggregate => d(
            "A `having` reads a column outside an aggregate.",
            "A person has many rows; a bare column does not say which row's value is meant (SQL's \"must appear in GROUP BY\").",
            "having = \"manad >= 10\"",
            "Aggregate it over the person's rows: `MAX(manad) >= 10`, `COUNT(DISTINCT manad) >= 10`.",
        ),
        Rule::HavingWithoutPerson => d(
            "`having`, `window` or `within` on a count that does not count persons: without `distinct` on a column declared `role = \"identifying\"`.",
            "A per-person condition groups the rows of each person; only an identifying column says which rows are the same person.",
            "numerator = { source = \"ekb_register\", having = \"COUNT(*) >= 10\" }",
            "Count persons: add `distinct = \"lopnr\"`, where `lopnr` has `role = \"identifying\"`.",
        ),
        Rule::InvalidYearWindow => d(
            "A count's `year` or `window` that reads no sensible years: a window that does not hold the count's own year, is not ascending, or reaches more than five years away.",
            "The years read decide which files the release must declare and which rows a person's `having` sees.",
            "numerator = { source = \"ekb_register\", distinct = \"lopnr\", year = -1, window = [0, 1], having = \"COUNT(*) > 0\" }",
            "Let the window hold the count's year: `year = -1, window = [-1, 0]`.",
        ),
        Rule::BreakdownNotInSource => d(
            "A breakdown (kön, ålder or a column) that a source read by the measure does not carry.",
            "A share by kön needs kön in the numerator and in the denominator.",
            "breakdown = [\"kon\"]   # the source has no column with role = \"kon\"",
            "Declare the kön column's role in the source, or drop the breakdown.",
        ),
        Rule::UnsupportedBreakdown => d(
            "A breakdown by a code column of the source (anything but `kon` and `alder`).",
            "Results are published by kön and age group only: every table downstream (disclosure control, Parquet, the workbooks) has those two dimensions and no other, so the breakdown would be ignored and the cells would be totals over every code.",
            "breakdown = [\"kon\", \"verksamhet\"]",
            "Drop it and define one indicator per code, each with its own `where` (e.g. `where = \"verksamhet = 'EKB'\"`).",
        ),
        Rule::LevelNotInSource => d(
            "A level (`stadsdel`, `enhet`) that a source read by the measure has no key for.",
            "Results per stadsdel or enhet need that key in the data.",
            "levels = [\"kommun\", \"enhet\"]",
            "Declare a column with `role = \"enhet\"` in the source.",
        ),
        Rule::InvalidAgeGroups => d(
            "Age groups that do not parse (`from-to` or `from+`), overlap, or are declared without an `alder` breakdown.",
            "Overlapping groups double-count people, and break the table equations disclosure control relies on.",
            "age_groups = [\"0-17\", \"15-20\"]",
            "`age_groups = [\"0-14\", \"15-20\"]`",
        ),
        Rule::RoleConflict => d(
            "A source gives the same role to two columns, or a role to a column of an unfit type (`alder` as text, …), or a `kon` column lacks its `kvinnor`/`man` codes.",
            "Roles tell the engine how to join sources per kommun, year, kön and age.",
            "[[source.columns]]\nname = \"alder\"\ntype = \"text\"\nrole = \"alder\"",
            "`type = \"integer\"`",
        ),
        Rule::SourceWithoutGeography => d(
            "A source with no column of role `kommun`, `stadsdel` or `enhet`.",
            "Every ÖJ figure is published per kommun; a source must say where each row belongs.",
            "[[source.columns]]\nname = \"kommun\"\ntype = \"text\"   # no role",
            "Add `role = \"kommun\"`.",
        ),
        Rule::InvalidNyckeltal => d(
            "A `[comparable]` nyckeltal that is not a background figure (`kind = \"nyckeltal\"` or `\"bakgrundsmatt\"`) published per kommun.",
            "Comparable kommuner are kommuner with similar conditions; choosing them by similar results would hide exactly the differences the comparison is meant to show. A nyckeltal without kommun values cannot place a kommun at all.",
            "[comparable]\nk = 7\nnyckeltal = [\"ekb_handlaggningstid\"]   # a kvalitetsindikator",
            "Name background figures: `nyckeltal = [\"aldre_invanare_80_andel\"]`.",
        ),
        Rule::InvalidRelease => d(
            "A release whose years do not fit: a history year not before the release year, or listed twice.",
            "Time series and comparisons between years rely on a clean set of years.",
            "year = 2024\nhistory = [2023, 2024]",
            "`history = [2020, 2021, 2022, 2023]`",
        ),
        Rule::MissingInput => d(
            "A release publishes an indicator whose source has no `[inputs.<source>]` in the release, or no file for a year it reads (a count with `year = -1` or a `window` reads earlier years' files too).",
            "The run would otherwise fail after reading everything else.",
            "[inputs.befolkning]\npath = \"data/befolkning_{year}.csv\"\n# no inputs for ekb_register",
            "Add `[inputs.ekb_register]` with the files per year.",
        ),
        Rule::InputFileNotFound => d(
            "A release input names a file that does not exist (yet).",
            "A warning, because data is often generated or delivered after the definitions are written; `run` fails on it.",
            "path = \"data/ekb_{year}.csv\"",
            "Check the path; it is relative to the definitions root.",
        ),
        Rule::CountRowsOfAggregate => d(
            "A `count` over a `statistik` source without `sum`.",
            "Rows of an aggregate table are cells, not people: the population table must be summed over its count column.",
            "denominator = { source = \"befolkning\" }",
            "`denominator = { source = \"befolkning\", sum = \"antal\" }`",
        ),
        Rule::UnusedSource => d(
            "A declared source that no indicator reads.",
            "Usually a leftover, or an indicator that reads the wrong source.",
            "sources/gammal_enkat.toml",
            "Remove the file, or read it from an indicator.",
        ),
    }
}
