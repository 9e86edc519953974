//! Conditions written as SQL `WHERE` expressions, checked against a source's declared columns.
//!
//! Statisticians know `WHERE` syntax, so conditions are SQL. They are parsed here with `sqlparser`
//! (the parser polars' SQL front end uses) and restricted to a documented subset: comparisons,
//! `AND`/`OR`/`NOT`, `IN`, `BETWEEN`, `LIKE`, `IS [NOT] NULL`, arithmetic, and literals. Every column
//! is looked up in the source schema and every comparison is type-checked, with the caret placed on
//! the exact word inside the TOML string, before any data is read.

use std::cell::Cell;

use sqlparser::ast::{BinaryOperator, Expr as SqlExpr, UnaryOperator, Value, ValueWithSpan};
use sqlparser::dialect::{Dialect, GenericDialect};
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Location, Token};

use crate::diagnostic::Diagnostic;
use crate::keywords::{ColumnType, Role};
use crate::raw::SourceSpec;
use crate::raw::source::ColumnSpec;
use crate::rule::Rule;
use crate::span::{Files, Ranged, Span};
use crate::suggest;

/// A checked condition: the SQL text, and the columns it reads.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Condition {
    /// The expression as written; valid for polars' `sql_expr`.
    pub sql: String,
    /// Columns the expression reads, sorted, without duplicates.
    pub columns: Vec<String>,
}

/// The type of an expression, as far as checking needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
    Number,
    Text,
    Bool,
    Date,
    Null,
    /// Already reported, or not knowable: never reported again.
    Unknown,
}

impl Ty {
    fn of(column: ColumnType) -> Ty {
        match column {
            ColumnType::Integer | ColumnType::Decimal => Ty::Number,
            ColumnType::Text | ColumnType::Code => Ty::Text,
            ColumnType::Boolean => Ty::Bool,
            ColumnType::Date => Ty::Date,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Ty::Number => "a number",
            Ty::Text => "text",
            Ty::Bool => "true/false",
            Ty::Date => "a date",
            Ty::Null => "NULL",
            Ty::Unknown => "unknown",
        }
    }

    fn compatible(self, other: Ty) -> bool {
        self == other || matches!(self, Ty::Null | Ty::Unknown) || matches!(other, Ty::Null | Ty::Unknown)
            // Dates are compared with date strings: `beslutsdatum >= '2024-01-01'`.
            || matches!((self, other), (Ty::Date, Ty::Text) | (Ty::Text, Ty::Date))
    }
}

/// Maps positions inside the parsed string back to bytes of the TOML file.
struct Positions<'a> {
    text: &'a str,
    /// Byte offset of the string's first character in the file, when the TOML value is written
    /// without escapes (so characters map one to one).
    content_start: Option<usize>,
    whole: Span,
}

impl<'a> Positions<'a> {
    fn new(files: &Files, value: &'a Ranged<String>) -> Self {
        let raw = files.snippet(value.span);
        let text = value.value.as_str();
        let content_start = ["\"\"\"", "'''", "\"", "'"].iter().find_map(|quote| {
            let inner = raw.strip_prefix(quote)?.strip_suffix(quote)?;
            // A multi-line string drops a newline right after the opening quotes.
            let skipped = if quote.len() == 3 {
                inner.len()
                    - inner
                        .trim_start_matches(['\r', '\n'])
                        .len()
                        .min(inner.len())
            } else {
                0
            };
            let inner = &inner[skipped.min(inner.len())..];
            (inner == text).then_some(value.span.start as usize + quote.len() + skipped)
        });
        Positions {
            text,
            content_start,
            whole: value.span,
        }
    }

    fn offset(&self, at: Location) -> Option<usize> {
        if at.line == 0 {
            return None;
        }
        let line_start: usize = self
            .text
            .split_inclusive('\n')
            .take(usize::try_from(at.line - 1).ok()?)
            .map(str::len)
            .sum();
        let line = self.text.get(line_start..)?;
        let column = usize::try_from(at.column.saturating_sub(1)).ok()?;
        let within = line
            .char_indices()
            .nth(column)
            .map_or(line.len(), |(i, _)| i);
        Some(line_start + within)
    }

    fn span(&self, start: Location, end: Location) -> Span {
        let (Some(base), Some(s)) = (self.content_start, self.offset(start)) else {
            return self.whole;
        };
        let e = self.offset(end).unwrap_or(s).max(s);
        let e = if e == s {
            // Zero-width (e.g. "at end of input"): widen to one character when there is one.
            self.text[s..]
                .chars()
                .next()
                .map_or(s, |c| s + c.len_utf8())
        } else {
            e
        };
        Span::new(self.whole.file, base + s..base + e)
    }

    fn of(&self, node: &impl sqlparser::ast::Spanned) -> Span {
        let span = node.span();
        self.span(span.start, span.end)
    }

    /// Widens the span of a call's arguments to the whole call `name(…)`, and returns the name.
    fn call(&self, arguments: Span) -> (Span, String) {
        let unknown = || (arguments, "…".to_string());
        let Some(base) = self.content_start.filter(|_| arguments != self.whole) else {
            return unknown();
        };
        let s = (arguments.start as usize).saturating_sub(base);
        let e = (arguments.end as usize).saturating_sub(base);
        let (Some(before), Some(after)) = (self.text.get(..s), self.text.get(e..)) else {
            return unknown();
        };
        let Some(before) = before.trim_end().strip_suffix('(') else {
            return unknown();
        };
        let before = before.trim_end();
        let name_start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphanumeric() || *c == '_')
            .last()
            .map_or(before.len(), |(i, _)| i);
        // The closing parenthesis: the first `)` after the arguments outside any nested pair.
        let mut depth = 0usize;
        let mut end = e;
        for (i, c) in after.char_indices() {
            match c {
                '(' => depth += 1,
                ')' if depth == 0 => {
                    end = e + i + 1;
                    break;
                }
                ')' => depth -= 1,
                _ => {}
            }
        }
        let span = Span::new(self.whole.file, base + name_start..base + end);
        (span, before[name_start..].to_string())
    }

    /// The word at a position (the token a parse error is about), or one character.
    fn word(&self, at: Location) -> Span {
        let (Some(base), Some(s)) = (self.content_start, self.offset(at)) else {
            return self.span(at, at);
        };
        let len: usize = self.text[s..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .map(char::len_utf8)
            .sum();
        if len == 0 {
            return self.span(at, at);
        }
        Span::new(self.whole.file, base + s..base + s + len)
    }
}

/// Checks one condition against a source; reports problems and returns the condition when clean.
pub(crate) fn check(
    files: &Files,
    value: &Ranged<String>,
    source: &SourceSpec,
    broken: &std::collections::BTreeSet<String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Condition> {
    let positions = Positions::new(files, value);
    let parsed = parse(&value.value);
    let expr = match parsed {
        Ok(expr) => expr,
        Err((message, at)) => {
            let span = at.map_or(value.span, |at| positions.word(at));
            diagnostics.push(
                Diagnostic::new(Rule::ExpressionSyntax, span, "invalid condition")
                    .label(message)
                    .help(
                        "conditions are SQL WHERE expressions, e.g. \"alder >= 80 AND kon = 'K'\"",
                    ),
            );
            return None;
        }
    };
    let before = diagnostics.len();
    let mut checker = Checker {
        positions: &positions,
        source,
        broken,
        diagnostics,
        columns: Vec::new(),
    };
    let ty = checker.expr(&expr);
    if !matches!(ty, Ty::Bool | Ty::Unknown | Ty::Null) {
        let span = positions.of(&expr);
        checker.diagnostics.push(
            Diagnostic::new(
                Rule::TypeMismatch,
                span,
                format!("a condition must be true or false, this is {}", ty.name()),
            )
            .label("not a condition")
            .help("compare it with something, e.g. `alder >= 80`"),
        );
    }
    let mut columns = std::mem::take(&mut checker.columns);
    columns.sort();
    columns.dedup();
    (diagnostics.len() == before).then(|| Condition {
        sql: value.value.clone(),
        columns,
    })
}

/// sqlparser's "Expected: AND, found: OCH" in the terse style of the other labels:
/// "expected AND, found `OCH`".
fn plain(message: &str) -> String {
    let Some(rest) = message.strip_prefix("Expected: ") else {
        return message.to_string();
    };
    match rest.rsplit_once(", found: ") {
        Some((wanted, "EOF")) => format!("expected {wanted}, found the end of the condition"),
        Some((wanted, found)) => format!("expected {wanted}, found `{found}`"),
        None => format!("expected {rest}"),
    }
}

/// `GenericDialect` with a bound on the parser's work.
///
/// sqlparser 0.62 parses some prefixes speculatively (a keyword such as `NOT`, `CAST` or `ARRAY`
/// is tried as an operator, then again as a function name) and retries every nested level on
/// failure, so a 100-character unbalanced condition like `NOT (NOT (NOT (… x` takes exponential
/// time and `jamfor check` hangs (found by `examples/fuzz_check.rs`; upstream has fixed some of
/// these shapes one by one in later releases). Every expression operand goes through
/// [`Dialect::parse_prefix`], so counting those calls bounds the work: past the budget each call
/// fails at once, which also cuts every pending retry short. Everything else is forwarded to
/// `GenericDialect` (reporting its type id too), so accepted conditions parse exactly as before.
#[derive(Debug)]
struct BudgetedDialect {
    calls: Cell<usize>,
    budget: usize,
}

impl BudgetedDialect {
    fn new(budget: usize) -> Self {
        BudgetedDialect {
            calls: Cell::new(0),
            budget,
        }
    }
    fn exhausted(&self) -> bool {
        self.calls.get() > self.budget
    }
}

macro_rules! forward {
    ($($name:ident),* $(,)?) => {
        $(fn $name(&self) -> bool {
            GenericDialect.$name()
        })*
    };
}

impl Dialect for BudgetedDialect {
    fn dialect(&self) -> std::any::TypeId {
        GenericDialect.dialect()
    }
    fn parse_prefix(&self, _parser: &mut Parser) -> Option<Result<SqlExpr, ParserError>> {
        self.calls.set(self.calls.get() + 1);
        self.exhausted()
            .then_some(Err(ParserError::RecursionLimitExceeded))
    }
    fn is_delimited_identifier_start(&self, ch: char) -> bool {
        GenericDialect.is_delimited_identifier_start(ch)
    }
    fn is_identifier_start(&self, ch: char) -> bool {
        GenericDialect.is_identifier_start(ch)
    }
    fn is_identifier_part(&self, ch: char) -> bool {
        GenericDialect.is_identifier_part(ch)
    }
    forward!(
        supports_unicode_string_literal,
        supports_partition_by_after_order_by,
        supports_array_join_syntax,
        supports_group_by_expr,
        supports_group_by_with_modifier,
        supports_left_associative_joins_without_parens,
        supports_connect_by,
        supports_match_recognize,
        supports_pipe_operator,
        supports_start_transaction_modifier,
        supports_window_function_null_treatment_arg,
        supports_dictionary_syntax,
        supports_window_clause_named_window_reference,
        supports_parenthesized_set_variables,
        supports_select_wildcard_except,
        support_map_literal_syntax,
        allow_extract_custom,
        allow_extract_single_quotes,
        supports_extract_comma_syntax,
        supports_create_view_comment_syntax,
        supports_parens_around_table_factor,
        supports_values_as_table_factor,
        supports_create_index_with_clause,
        supports_explain_with_utility_options,
        supports_limit_comma,
        supports_update_order_by,
        supports_from_first_select,
        supports_projection_trailing_commas,
        supports_asc_desc_in_column_definition,
        supports_try_convert,
        supports_bitwise_shift_operators,
        supports_comment_on,
        supports_load_extension,
        supports_named_fn_args_with_assignment_operator,
        supports_struct_literal,
        supports_empty_projections,
        supports_nested_comments,
        supports_multiline_comment_hints,
        supports_user_host_grantee,
        supports_string_escape_constant,
        supports_array_typedef_with_brackets,
        supports_match_against,
        supports_set_names,
        supports_comma_separated_set_assignments,
        supports_filter_during_aggregation,
        supports_select_wildcard_exclude,
        supports_data_type_signed_suffix,
        supports_interval_options,
        supports_quote_delimited_string,
        supports_select_wildcard_replace,
        supports_select_wildcard_ilike,
        supports_select_wildcard_rename,
        supports_optimize_table,
        supports_install,
        supports_detach,
        supports_prewhere,
        supports_with_fill,
        supports_limit_by,
        supports_interpolate,
        supports_settings,
        supports_select_format,
        supports_comment_optimizer_hint,
        supports_constraint_keyword_without_name,
        supports_key_column_option,
        supports_comma_separated_trim,
        supports_cte_without_as,
        supports_select_item_multi_column_alias,
        supports_xml_expressions,
    );
}

/// Calls of `parse_prefix` allowed for a condition of `len` bytes: a condition that parses without
/// backtracking makes about one call per operand, far below this.
fn parse_budget(len: usize) -> usize {
    1_000 + 8 * len
}

fn parse(text: &str) -> Result<SqlExpr, (String, Option<Location>)> {
    let dialect = BudgetedDialect::new(parse_budget(text.len()));
    let located = |e: ParserError| {
        let message = e.to_string();
        let message = message
            .trim_start_matches("sql parser error: ")
            .trim_start_matches("sql tokenizer error: ")
            .to_string();
        match message.rsplit_once(" at Line: ") {
            Some((head, tail)) => {
                let mut numbers = tail
                    .split(", Column: ")
                    .map(|n| n.trim().parse::<u64>().ok());
                let line = numbers.next().flatten();
                let column = numbers.next().flatten();
                let at = line
                    .zip(column)
                    .map(|(line, column)| Location { line, column });
                (plain(head), at)
            }
            None => (plain(&message), None),
        }
    };
    if text.trim().is_empty() {
        return Err(("the condition is empty".to_string(), None));
    }
    let mut parser = Parser::new(&dialect).try_with_sql(text).map_err(located)?;
    let expr = parser.parse_expr().map_err(|e| {
        if dialect.exhausted() || matches!(e, ParserError::RecursionLimitExceeded) {
            let message = "the condition is nested too deeply or too complex to check; \
                           remove parentheses or split it";
            (message.to_string(), None)
        } else {
            located(e)
        }
    })?;
    let next = parser.peek_token();
    if next.token != Token::EOF {
        return Err((
            format!("unexpected `{}` after the end of the condition", next.token),
            Some(next.span.start),
        ));
    }
    Ok(expr)
}

struct Checker<'a, 'd> {
    positions: &'a Positions<'a>,
    source: &'a SourceSpec,
    broken: &'a std::collections::BTreeSet<String>,
    diagnostics: &'d mut Vec<Diagnostic>,
    columns: Vec<String>,
}

impl Checker<'_, '_> {
    fn report(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    fn column(&mut self, name: &str, span: Span) -> Option<&ColumnSpec> {
        let source = self.source;
        let found = source.columns.iter().find(|c| c.name.value == name);
        match found {
            Some(column) => {
                self.columns.push(name.to_string());
                if column
                    .role
                    .as_ref()
                    .is_some_and(|r| r.value == Role::Identifying)
                {
                    self.report(
                        Diagnostic::new(
                            Rule::IdentifyingColumnInExpression,
                            span,
                            format!("`{name}` is a personal identifier and cannot be used in a condition"),
                        )
                        .label("identifying column")
                        .related(column.name.span, "declared `role = \"identifying\"` here")
                        .help("count persons with `distinct` instead; never filter on an identifier"),
                    );
                }
                Some(column)
            }
            None => {
                if !self.broken.contains(name) {
                    let help = suggest::did_you_mean(
                        name,
                        source.columns.iter().map(|c| c.name.value.as_str()),
                    );
                    self.report(
                        Diagnostic::new(
                            Rule::UnknownColumn,
                            span,
                            format!("source `{}` has no column `{name}`", source.id.value),
                        )
                        .label("unknown column")
                        .related(source.id.span, "source declared here")
                        .maybe_help(help),
                    );
                }
                None
            }
        }
    }

    /// The code column an expression is, when it is one (for checking compared codes).
    fn code_column(&self, expr: &SqlExpr) -> Option<&ColumnSpec> {
        let SqlExpr::Identifier(ident) = expr else {
            return None;
        };
        self.source
            .columns
            .iter()
            .find(|c| c.name.value == ident.value && c.codes.is_some())
    }

    fn check_code(&mut self, column: Option<&ColumnSpec>, value: &SqlExpr) {
        let (
            Some(column),
            SqlExpr::Value(ValueWithSpan {
                value: Value::SingleQuotedString(code),
                ..
            }),
        ) = (column, value)
        else {
            return;
        };
        let Some(codes) = &column.codes else {
            return;
        };
        let codes = codes.codes();
        if codes.iter().any(|c| c.value == *code) {
            return;
        }
        let span = self.positions.of(value);
        let help = suggest::did_you_mean(code, codes.iter().map(|c| c.value.as_str()));
        let name = column.name.value.clone();
        let declared = column.name.span;
        self.report(
            Diagnostic::new(
                Rule::UnknownCode,
                span,
                format!("`{code}` is not a code of column `{name}`"),
            )
            .label("unknown code")
            .related(declared, "codes declared here")
            .maybe_help(help),
        );
    }

    fn mismatch(&mut self, span: Span, left: Ty, right: Ty, right_expr: &SqlExpr) {
        let mut d = Diagnostic::new(
            Rule::TypeMismatch,
            span,
            format!("compares {} with {}", left.name(), right.name()),
        )
        .label(format!("this is {}", right.name()));
        if let SqlExpr::Value(ValueWithSpan {
            value: Value::SingleQuotedString(s),
            ..
        }) = right_expr
        {
            if left == Ty::Number && s.trim().replace(',', ".").parse::<f64>().is_ok() {
                d = d.help(format!(
                    "write the number without quotes: {}",
                    s.trim().replace(',', ".")
                ));
            }
        } else if left == Ty::Text && right == Ty::Number {
            d = d.help("put the value in single quotes: codes and text are compared as text");
        }
        self.report(d);
    }

    fn compare(&mut self, left: &SqlExpr, right: &SqlExpr) -> Ty {
        let lt = self.expr(left);
        self.compare_with(left, lt, right)
    }

    /// Compares `left`, already checked as `lt`, with `right`. `IN` and `BETWEEN` compare one
    /// expression with several: checking it again per item would report each unknown column or
    /// unsupported construct in it once per item.
    fn compare_with(&mut self, left: &SqlExpr, lt: Ty, right: &SqlExpr) -> Ty {
        let rt = self.expr(right);
        if lt.compatible(rt) {
            let left_code = self.code_column(left).cloned();
            let right_code = self.code_column(right).cloned();
            self.check_code(left_code.as_ref(), right);
            self.check_code(right_code.as_ref(), left);
        } else {
            let span = self.positions.of(right);
            self.mismatch(span, lt, rt, right);
        }
        Ty::Bool
    }

    fn expect(&mut self, expr: &SqlExpr, wanted: Ty, why: &str) {
        let ty = self.expr(expr);
        if !ty.compatible(wanted) {
            let span = self.positions.of(expr);
            self.report(
                Diagnostic::new(
                    Rule::TypeMismatch,
                    span,
                    format!("{why} needs {}, this is {}", wanted.name(), ty.name()),
                )
                .label(format!("this is {}", ty.name())),
            );
        }
    }

    fn unsupported(&mut self, expr: &SqlExpr, what: &str) -> Ty {
        let span = self.positions.of(expr);
        self.unsupported_at(span, what)
    }

    fn unsupported_at(&mut self, span: Span, what: &str) -> Ty {
        self.report(
            Diagnostic::new(
                Rule::UnsupportedExpression,
                span,
                format!("{what} is not supported in conditions"),
            )
            .label("not supported")
            .help("use comparisons, AND/OR/NOT, IN, BETWEEN, LIKE, IS NULL and + - * /"),
        );
        Ty::Unknown
    }

    fn expr(&mut self, expr: &SqlExpr) -> Ty {
        match expr {
            SqlExpr::Identifier(ident) => {
                let span = self.positions.span(ident.span.start, ident.span.end);
                match self.column(&ident.value, span) {
                    Some(column) => Ty::of(column.column_type.value),
                    None => Ty::Unknown,
                }
            }
            SqlExpr::Nested(inner) => self.expr(inner),
            SqlExpr::Value(v) => match &v.value {
                Value::Number(..) => Ty::Number,
                Value::SingleQuotedString(_) => Ty::Text,
                Value::Boolean(_) => Ty::Bool,
                Value::Null => Ty::Null,
                Value::DoubleQuotedString(_) => self.unsupported(expr, "a double-quoted string"),
                _ => self.unsupported(expr, "this kind of literal"),
            },
            SqlExpr::IsNull(inner) | SqlExpr::IsNotNull(inner) => {
                self.expr(inner);
                Ty::Bool
            }
            SqlExpr::IsTrue(inner)
            | SqlExpr::IsFalse(inner)
            | SqlExpr::IsNotTrue(inner)
            | SqlExpr::IsNotFalse(inner) => {
                self.expect(inner, Ty::Bool, "IS TRUE/FALSE");
                Ty::Bool
            }
            SqlExpr::UnaryOp { op, expr: inner } => match op {
                UnaryOperator::Not => {
                    self.expect(inner, Ty::Bool, "NOT");
                    Ty::Bool
                }
                UnaryOperator::Minus | UnaryOperator::Plus => {
                    self.expect(inner, Ty::Number, "a sign");
                    Ty::Number
                }
                _ => self.unsupported(expr, "this operator"),
            },
            SqlExpr::BinaryOp { left, op, right } => self.binary(expr, left, op, right),
            SqlExpr::InList {
                expr: inner, list, ..
            } => {
                let ty = self.expr(inner);
                for item in list {
                    self.compare_with(inner, ty, item);
                }
                Ty::Bool
            }
            SqlExpr::Between {
                expr: inner,
                low,
                high,
                ..
            } => {
                let ty = self.expr(inner);
                self.compare_with(inner, ty, low);
                self.compare_with(inner, ty, high);
                Ty::Bool
            }
            SqlExpr::Like {
                expr: inner,
                pattern,
                escape_char: None,
                any: false,
                ..
            }
            | SqlExpr::ILike {
                expr: inner,
                pattern,
                escape_char: None,
                any: false,
                ..
            } => {
                self.expect(inner, Ty::Text, "LIKE");
                self.expect(pattern, Ty::Text, "a LIKE pattern");
                Ty::Bool
            }
            SqlExpr::CompoundIdentifier(_) => self.unsupported(expr, "a qualified name (`a.b`)"),
            SqlExpr::Function(f) => {
                let what = format!("a function call (`{}`)", f.name);
                self.unsupported(expr, &what)
            }
            // Functions with SQL's special argument syntax (`TRIM(BOTH ' ' FROM x)`, …) are parsed
            // as nodes of their own, whose span covers only the arguments: widen it to the call.
            SqlExpr::Trim { .. }
            | SqlExpr::Substring { .. }
            | SqlExpr::Position { .. }
            | SqlExpr::Overlay { .. }
            | SqlExpr::Extract { .. }
            | SqlExpr::Ceil { .. }
            | SqlExpr::Floor { .. } => {
                let (span, name) = self.positions.call(self.positions.of(expr));
                self.unsupported_at(span, &format!("a function call (`{name}`)"))
            }
            SqlExpr::Cast { .. } => self.unsupported(expr, "a cast"),
            SqlExpr::Case { .. } => self.unsupported(expr, "CASE"),
            SqlExpr::Subquery(_) | SqlExpr::Exists { .. } | SqlExpr::InSubquery { .. } => {
                self.unsupported(expr, "a sub-query")
            }
            _ => self.unsupported(expr, "this construct"),
        }
    }

    fn binary(
        &mut self,
        whole: &SqlExpr,
        left: &SqlExpr,
        op: &BinaryOperator,
        right: &SqlExpr,
    ) -> Ty {
        match op {
            BinaryOperator::And | BinaryOperator::Or => {
                let name = if matches!(op, BinaryOperator::And) {
                    "AND"
                } else {
                    "OR"
                };
                self.expect(left, Ty::Bool, name);
                self.expect(right, Ty::Bool, name);
                Ty::Bool
            }
            BinaryOperator::Eq
            | BinaryOperator::NotEq
            | BinaryOperator::Lt
            | BinaryOperator::LtEq
            | BinaryOperator::Gt
            | BinaryOperator::GtEq => self.compare(left, right),
            BinaryOperator::Plus
            | BinaryOperator::Minus
            | BinaryOperator::Multiply
            | BinaryOperator::Divide
            | BinaryOperator::Modulo => {
                self.expect(left, Ty::Number, "arithmetic");
                self.expect(right, Ty::Number, "arithmetic");
                Ty::Number
            }
            _ => self.unsupported(whole, "this operator"),
        }
    }
}
