//! The walk over a parsed expression: columns looked up, types checked, codes compared with the
//! declared ones, identifiers refused, everything outside the documented language reported — and
//! the checked [`Row`] tree built on the way.

use sqlparser::ast::{
    BinaryOperator, DataType, DuplicateTreatment, Expr as SqlExpr, FunctionArg, FunctionArgExpr,
    FunctionArguments, UnaryOperator, Value, ValueWithSpan,
};

use crate::diagnostic::Diagnostic;
use crate::keywords::Role;
use crate::raw::SourceSpec;
use crate::raw::source::ColumnSpec;
use crate::rule::Rule;
use crate::span::Span;
use crate::suggest;

use super::Ty;
use super::positions::Positions;
use super::tree::{Aggregate, AggregateFunction, DatePart, Op, Row, parse_date};

/// Built-in values, usable in every expression.
pub(super) const BUILT_INS: &[&str] = &["MEASURE_YEAR", "FILE_YEAR"];

/// Where an expression stands, which decides what it may contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// A value or condition per row (`where`, `value`, …).
    Row,
    /// `having`: a condition on a person, from aggregates over the person's rows.
    Person,
    /// Inside an aggregate of `having`: per row again.
    InAggregate,
}

pub(super) struct Checker<'a, 'd> {
    pub(super) positions: &'a Positions<'a>,
    pub(super) source: &'a SourceSpec,
    pub(super) broken: &'a std::collections::BTreeSet<String>,
    pub(super) diagnostics: &'d mut Vec<Diagnostic>,
    pub(super) columns: Vec<String>,
    pub(super) mode: Mode,
    pub(super) aggregates: Vec<Aggregate>,
}

/// A checked sub-expression: its type, and its tree — `None` while it is plain SQL, whose text
/// is only written out where a plain part meets a tree (writing every level out made checking a
/// long condition quadratic, and deeply recursive).
type Checked = (Ty, Option<Row>);

fn sql(expr: &SqlExpr) -> Row {
    Row::Sql(expr.to_string())
}

/// The tree of a checked sub-expression, its text when it is plain.
fn tree(row: Option<Row>, expr: &SqlExpr) -> Row {
    row.unwrap_or_else(|| sql(expr))
}

fn both_plain(a: &Option<Row>, b: &Option<Row>) -> bool {
    a.is_none() && b.is_none()
}

fn op_of(op: &BinaryOperator) -> Option<Op> {
    Some(match op {
        BinaryOperator::And => Op::And,
        BinaryOperator::Or => Op::Or,
        BinaryOperator::Eq => Op::Eq,
        BinaryOperator::NotEq => Op::NotEq,
        BinaryOperator::Lt => Op::Lt,
        BinaryOperator::LtEq => Op::LtEq,
        BinaryOperator::Gt => Op::Gt,
        BinaryOperator::GtEq => Op::GtEq,
        BinaryOperator::Plus => Op::Add,
        BinaryOperator::Minus => Op::Sub,
        BinaryOperator::Multiply => Op::Mul,
        BinaryOperator::Divide => Op::Div,
        BinaryOperator::Modulo => Op::Rem,
        _ => return None,
    })
}

fn binary(op: Op, left: Row, right: Row) -> Row {
    Row::Binary(op, Box::new(left), Box::new(right))
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
                        source
                            .columns
                            .iter()
                            .map(|c| c.name.value.as_str())
                            .chain(BUILT_INS.iter().copied()),
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
        } else if left == Ty::Date && right == Ty::Number {
            d = d
                .help("write a date as DATE 'YYYY-MM-DD', or compare a part of it: YEAR(d) = 2024");
        }
        self.report(d);
    }

    /// A text literal compared with a date, as a day number: `beslutsdatum >= '2024-01-01'`.
    fn as_date(&mut self, expr: &SqlExpr) -> Option<Row> {
        let SqlExpr::Value(ValueWithSpan {
            value: Value::SingleQuotedString(text),
            ..
        }) = expr
        else {
            return None;
        };
        match parse_date(text) {
            Some(day) => Some(Row::Day(day)),
            None => {
                let span = self.positions.of(expr);
                self.report(
                    Diagnostic::new(Rule::TypeMismatch, span, format!("`{text}` is not a date"))
                        .label("expected a real date, YYYY-MM-DD"),
                );
                Some(Row::Day(0))
            }
        }
    }

    /// `left op right` for a comparison, with `left` already checked as `l`. `IN` and `BETWEEN`
    /// compare one expression with several: checking it again per item would report each problem
    /// in it once per item.
    /// `None` when the comparison is plain SQL.
    fn compare_with(
        &mut self,
        left: &SqlExpr,
        l: &Checked,
        op: Op,
        right: &SqlExpr,
    ) -> Option<Row> {
        let (rt, rrow) = self.expr(right);
        let (lt, lrow) = (l.0, l.1.clone());
        if lt.compatible(rt) {
            let left_code = self.code_column(left).cloned();
            let right_code = self.code_column(right).cloned();
            self.check_code(left_code.as_ref(), right);
            self.check_code(right_code.as_ref(), left);
        } else {
            let span = self.positions.of(right);
            self.mismatch(span, lt, rt, right);
        }
        // A date compared with a date written as text: the text becomes a day number.
        let (lrow, rrow) = match (lt, rt) {
            (Ty::Date, Ty::Text) => (lrow, self.as_date(right).or(rrow)),
            (Ty::Text, Ty::Date) => (self.as_date(left).or(lrow), rrow),
            _ => (lrow, rrow),
        };
        if both_plain(&lrow, &rrow) {
            return None;
        }
        Some(binary(op, tree(lrow, left), tree(rrow, right)))
    }

    fn expect(&mut self, expr: &SqlExpr, wanted: Ty, why: &str) -> Option<Row> {
        let (ty, row) = self.expr(expr);
        if !ty.compatible(wanted) || (wanted != Ty::Date && ty == Ty::Date && wanted != ty) {
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
        row
    }

    fn unsupported(&mut self, expr: &SqlExpr, what: &str) -> Checked {
        let span = self.positions.of(expr);
        self.unsupported_at(span, what)
    }

    fn unsupported_at(&mut self, span: Span, what: &str) -> Checked {
        self.report(
            Diagnostic::new(
                Rule::UnsupportedExpression,
                span,
                format!("{what} is not supported in conditions"),
            )
            .label("not supported")
            .help(
                "use comparisons, AND/OR/NOT, IN, BETWEEN, LIKE, IS NULL, + - * /, dates and \
                 the date functions of the reference",
            ),
        );
        (Ty::Unknown, None)
    }

    fn identifier(&mut self, ident: &sqlparser::ast::Ident) -> Checked {
        let span = self.positions.span(ident.span.start, ident.span.end);
        let declared = self
            .source
            .columns
            .iter()
            .any(|c| c.name.value == ident.value);
        if !declared && ident.quote_style.is_none() {
            if ident.value.eq_ignore_ascii_case("MEASURE_YEAR") {
                return (Ty::Number, Some(Row::MeasureYear));
            }
            if ident.value.eq_ignore_ascii_case("FILE_YEAR") {
                return (Ty::Number, Some(Row::FileYear));
            }
        }
        if self.mode == Mode::Person && declared {
            self.report(
                Diagnostic::new(
                    Rule::ColumnOutsideAggregate,
                    span,
                    format!("`{}` is read outside an aggregate", ident.value),
                )
                .label("a person has many rows: which one?")
                .help(format!(
                    "aggregate it over the person's rows, e.g. `MAX({0})` or `COUNT(DISTINCT {0})`",
                    ident.value
                )),
            );
        }
        match self.column(&ident.value, span) {
            Some(column) => {
                let ty = Ty::of(column.column_type.value);
                if ty == Ty::Date {
                    (ty, Some(Row::Date(ident.value.clone())))
                } else {
                    (ty, None)
                }
            }
            None => (Ty::Unknown, None),
        }
    }

    #[allow(clippy::too_many_lines)]
    pub(super) fn expr(&mut self, expr: &SqlExpr) -> Checked {
        match expr {
            SqlExpr::Identifier(ident) => self.identifier(ident),
            SqlExpr::Nested(inner) => self.expr(inner),
            SqlExpr::Value(v) => match &v.value {
                Value::Number(..) => (Ty::Number, None),
                Value::SingleQuotedString(_) => (Ty::Text, None),
                Value::Boolean(_) => (Ty::Bool, None),
                Value::Null => (Ty::Null, None),
                Value::DoubleQuotedString(_) => self.unsupported(expr, "a double-quoted string"),
                _ => self.unsupported(expr, "this kind of literal"),
            },
            SqlExpr::TypedString(typed) if matches!(typed.data_type, DataType::Date) => {
                let text = match &typed.value.value {
                    Value::SingleQuotedString(s) => s.clone(),
                    other => other.to_string(),
                };
                match parse_date(&text) {
                    Some(day) => (Ty::Date, Some(Row::Day(day))),
                    None => {
                        let span = self.positions.of(expr);
                        self.report(
                            Diagnostic::new(
                                Rule::TypeMismatch,
                                span,
                                format!("`{text}` is not a date"),
                            )
                            .label("expected a real date, DATE 'YYYY-MM-DD'"),
                        );
                        (Ty::Date, Some(Row::Day(0)))
                    }
                }
            }
            SqlExpr::IsNull(inner) | SqlExpr::IsNotNull(inner) => {
                let (_, row) = self.expr(inner);
                let row = row.map(|r| Row::IsNull(Box::new(r), matches!(expr, SqlExpr::IsNull(_))));
                (Ty::Bool, row)
            }
            SqlExpr::IsTrue(inner)
            | SqlExpr::IsFalse(inner)
            | SqlExpr::IsNotTrue(inner)
            | SqlExpr::IsNotFalse(inner) => {
                let row = self.expect(inner, Ty::Bool, "IS TRUE/FALSE");
                if row.is_none() {
                    (Ty::Bool, None)
                } else {
                    self.unsupported(expr, "IS TRUE/FALSE of a computed condition")
                }
            }
            SqlExpr::UnaryOp { op, expr: inner } => match op {
                UnaryOperator::Not => {
                    let row = self.expect(inner, Ty::Bool, "NOT");
                    (Ty::Bool, row.map(|r| Row::Not(Box::new(r))))
                }
                UnaryOperator::Minus | UnaryOperator::Plus => {
                    let row = self.expect(inner, Ty::Number, "a sign");
                    let row = match (row, op) {
                        (Some(r), UnaryOperator::Minus) => Some(Row::Neg(Box::new(r))),
                        (row, _) => row,
                    };
                    (Ty::Number, row)
                }
                _ => self.unsupported(expr, "this operator"),
            },
            SqlExpr::BinaryOp { left, op, right } => self.binary(expr, left, op, right),
            SqlExpr::InList {
                expr: inner,
                list,
                negated,
            } => {
                let left = self.expr(inner);
                let rows: Vec<Option<Row>> = list
                    .iter()
                    .map(|item| self.compare_with(inner, &left, Op::Eq, item))
                    .collect();
                if rows.iter().all(Option::is_none) {
                    return (Ty::Bool, None);
                }
                let rows: Vec<Row> = rows
                    .into_iter()
                    .zip(list)
                    .map(|(r, item)| {
                        r.unwrap_or_else(|| binary(Op::Eq, tree(left.1.clone(), inner), sql(item)))
                    })
                    .collect();
                let any = rows.into_iter().reduce(|a, b| binary(Op::Or, a, b));
                let row = any.unwrap_or(Row::Sql("FALSE".to_string()));
                let row = if *negated {
                    Row::Not(Box::new(row))
                } else {
                    row
                };
                (Ty::Bool, Some(row))
            }
            SqlExpr::Between {
                expr: inner,
                low,
                high,
                negated,
            } => {
                let left = self.expr(inner);
                let from = self.compare_with(inner, &left, Op::GtEq, low);
                let to = self.compare_with(inner, &left, Op::LtEq, high);
                if both_plain(&from, &to) {
                    return (Ty::Bool, None);
                }
                let bound = |r: Option<Row>, op: Op, b: &SqlExpr| {
                    r.unwrap_or_else(|| binary(op, tree(left.1.clone(), inner), sql(b)))
                };
                let row = binary(
                    Op::And,
                    bound(from, Op::GtEq, low),
                    bound(to, Op::LtEq, high),
                );
                let row = if *negated {
                    Row::Not(Box::new(row))
                } else {
                    row
                };
                (Ty::Bool, Some(row))
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
                let a = self.expect(inner, Ty::Text, "LIKE");
                let b = self.expect(pattern, Ty::Text, "a LIKE pattern");
                if both_plain(&a, &b) {
                    (Ty::Bool, None)
                } else {
                    self.unsupported(expr, "LIKE on a computed value")
                }
            }
            SqlExpr::CompoundIdentifier(_) => self.unsupported(expr, "a qualified name (`a.b`)"),
            SqlExpr::Function(f) => self.function(expr, f),
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
    ) -> Checked {
        let Some(tree_op) = op_of(op) else {
            return self.unsupported(whole, "this operator");
        };
        match tree_op {
            Op::And | Op::Or => {
                let name = if tree_op == Op::And { "AND" } else { "OR" };
                // `a AND b AND c …` parses left-deep: a long chain is walked as a list, so that
                // checking it does not recurse once per term.
                let mut terms = vec![right];
                let mut node = left;
                while let SqlExpr::BinaryOp {
                    left: l,
                    op: o,
                    right: r,
                } = node
                {
                    if o != op {
                        break;
                    }
                    terms.push(r);
                    node = l;
                }
                terms.push(node);
                terms.reverse();
                let checked: Vec<Option<Row>> = terms
                    .iter()
                    .map(|t| self.expect(t, Ty::Bool, name))
                    .collect();
                if checked.iter().all(Option::is_none) {
                    return (Ty::Bool, None);
                }
                let row = checked
                    .into_iter()
                    .zip(terms)
                    .map(|(r, t)| tree(r, t))
                    .reduce(|a, b| binary(tree_op, a, b));
                (Ty::Bool, row)
            }
            Op::Eq | Op::NotEq | Op::Lt | Op::LtEq | Op::Gt | Op::GtEq => {
                let l = self.expr(left);
                (Ty::Bool, self.compare_with(left, &l, tree_op, right))
            }
            Op::Add | Op::Sub | Op::Mul | Op::Div | Op::Rem => {
                let (lt, l) = self.expr(left);
                let (rt, r) = self.expr(right);
                let ty = self.arithmetic(whole, tree_op, (lt, left), (rt, right));
                let row =
                    (!both_plain(&l, &r)).then(|| binary(tree_op, tree(l, left), tree(r, right)));
                (ty, row)
            }
        }
    }

    /// The type of `left op right`: numbers, or a date ± days, or date − date in days.
    fn arithmetic(
        &mut self,
        whole: &SqlExpr,
        op: Op,
        (lt, left): (Ty, &SqlExpr),
        (rt, right): (Ty, &SqlExpr),
    ) -> Ty {
        let number = |t: Ty| matches!(t, Ty::Number | Ty::Null | Ty::Unknown);
        match (lt, op, rt) {
            (Ty::Date, Op::Sub, Ty::Date) => Ty::Number,
            (Ty::Date, Op::Add | Op::Sub, t) if number(t) => Ty::Date,
            (t, Op::Add, Ty::Date) if number(t) => Ty::Date,
            (Ty::Date, _, _) | (_, _, Ty::Date) => {
                let span = self.positions.of(whole);
                self.report(
                    Diagnostic::new(
                        Rule::TypeMismatch,
                        span,
                        format!("{} {} {} is not a value", lt.name(), symbol(op), rt.name()),
                    )
                    .label("dates only subtract (days between) or move by days")
                    .help(
                        "write `avslutad - paborjad` for the days between two dates, or `d + 30`",
                    ),
                );
                Ty::Unknown
            }
            _ => {
                for (t, e) in [(lt, left), (rt, right)] {
                    if !number(t) {
                        let span = self.positions.of(e);
                        self.report(
                            Diagnostic::new(
                                Rule::TypeMismatch,
                                span,
                                format!("arithmetic needs a number, this is {}", t.name()),
                            )
                            .label(format!("this is {}", t.name())),
                        );
                    }
                }
                Ty::Number
            }
        }
    }

    /// The arguments of a call, plain (no `*`, no named arguments).
    fn arguments<'e>(
        &mut self,
        call: &'e sqlparser::ast::Function,
    ) -> Option<(Vec<&'e SqlExpr>, bool, bool)> {
        match &call.args {
            FunctionArguments::List(list) => {
                let distinct =
                    matches!(list.duplicate_treatment, Some(DuplicateTreatment::Distinct));
                let mut out = Vec::new();
                let mut star = false;
                for arg in &list.args {
                    match arg {
                        FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => out.push(e),
                        FunctionArg::Unnamed(FunctionArgExpr::Wildcard) => star = true,
                        _ => return None,
                    }
                }
                list.clauses.is_empty().then_some((out, distinct, star))
            }
            FunctionArguments::None => Some((Vec::new(), false, false)),
            FunctionArguments::Subquery(_) => None,
        }
    }

    fn wrong_arguments(&mut self, whole: &SqlExpr, name: &str, wanted: &str) -> Checked {
        let span = self.positions.of(whole);
        self.report(
            Diagnostic::new(
                Rule::UnsupportedExpression,
                span,
                format!("`{name}` takes {wanted}"),
            )
            .label("wrong arguments"),
        );
        (Ty::Unknown, None)
    }

    fn function(&mut self, whole: &SqlExpr, call: &sqlparser::ast::Function) -> Checked {
        let name = call.name.to_string();
        let upper = name.to_ascii_uppercase();
        if let Some(function) = AggregateFunction::from_function(&upper) {
            return self.aggregate(whole, call, function, &name);
        }
        if call.filter.is_some() || call.over.is_some() || !call.within_group.is_empty() {
            return self.unsupported(whole, &format!("`{name}` with FILTER or OVER"));
        }
        let Some((args, distinct, star)) = self.arguments(call) else {
            return self.unsupported(whole, &format!("this form of call of `{name}`"));
        };
        if distinct || star {
            return self.wrong_arguments(whole, &name, "plain arguments");
        }
        if let Some(part) = DatePart::from_function(&upper) {
            let [arg] = args.as_slice() else {
                return self.wrong_arguments(whole, &name, "one date");
            };
            let row = tree(self.expect(arg, Ty::Date, &format!("`{name}`")), arg);
            return (Ty::Number, Some(Row::Part(part, Box::new(row))));
        }
        match upper.as_str() {
            "MAKE_DATE" => {
                let [y, m, d] = args.as_slice() else {
                    return self.wrong_arguments(whole, &name, "a year, a month and a day");
                };
                let year = tree(self.expect(y, Ty::Number, "the year of `MAKE_DATE`"), y);
                let month = tree(self.expect(m, Ty::Number, "the month of `MAKE_DATE`"), m);
                let day = tree(self.expect(d, Ty::Number, "the day of `MAKE_DATE`"), d);
                self.check_literal_date(whole, &month, &day);
                (
                    Ty::Date,
                    Some(Row::MakeDate(
                        Box::new(year),
                        Box::new(month),
                        Box::new(day),
                    )),
                )
            }
            "COALESCE" => {
                if args.len() < 2 {
                    return self.wrong_arguments(whole, &name, "two or more values");
                }
                let mut ty = Ty::Null;
                let mut rows = Vec::new();
                for arg in args {
                    let (t, row) = self.expr(arg);
                    if !t.compatible(ty) {
                        let span = self.positions.of(arg);
                        self.mismatch(span, ty, t, arg);
                    } else if matches!(ty, Ty::Null | Ty::Unknown) {
                        ty = t;
                    }
                    rows.push(tree(row, arg));
                }
                (ty, Some(Row::Coalesce(rows)))
            }
            _ => {
                let what = format!("a function call (`{name}`)");
                self.unsupported(whole, &what)
            }
        }
    }

    /// `MAKE_DATE(y, 2, 30)`: a month or day written as a number must be one.
    fn check_literal_date(&mut self, whole: &SqlExpr, month: &Row, day: &Row) {
        let literal = |r: &Row| match r {
            Row::Sql(s) => s.trim().parse::<i64>().ok(),
            _ => None,
        };
        let bad_month = literal(month).is_some_and(|m| !(1..=12).contains(&m));
        let bad_day = literal(day).is_some_and(|d| !(1..=31).contains(&d));
        let impossible = match (literal(month), literal(day)) {
            // 2000 is a leap year: a 29 February passes here and is a real date in leap years.
            (Some(m), Some(d)) if !bad_month && !bad_day => {
                parse_date(&format!("2000-{m:02}-{d:02}")).is_none()
            }
            _ => false,
        };
        if bad_month || bad_day || impossible {
            let span = self.positions.of(whole);
            self.report(
                Diagnostic::new(Rule::TypeMismatch, span, "no such day of the year")
                    .label("month 1–12 and a day that month has"),
            );
        }
    }

    fn aggregate(
        &mut self,
        whole: &SqlExpr,
        call: &sqlparser::ast::Function,
        function: AggregateFunction,
        name: &str,
    ) -> Checked {
        if self.mode != Mode::Person {
            let span = self.positions.of(whole);
            let (message, help) = if self.mode == Mode::InAggregate {
                (
                    format!("`{name}` inside another aggregate"),
                    "aggregate the rows once: `MAX(manad)`, not `MAX(COUNT(manad))`",
                )
            } else {
                (
                    format!("`{name}` aggregates rows, but this is a condition on one row"),
                    "conditions on a person's rows go in `having`, next to `distinct`",
                )
            };
            self.report(
                Diagnostic::new(Rule::AggregateOutsideHaving, span, message)
                    .label("aggregate")
                    .help(help),
            );
            return (Ty::Unknown, None);
        }
        if call.over.is_some() || !call.within_group.is_empty() {
            return self.unsupported(whole, &format!("`{name}` with OVER"));
        }
        let Some((args, distinct, star)) = self.arguments(call) else {
            return self.unsupported(whole, &format!("this form of call of `{name}`"));
        };
        self.mode = Mode::InAggregate;
        let filter = call
            .filter
            .as_ref()
            .map(|f| tree(self.expect(f, Ty::Bool, "FILTER (WHERE …)"), f));
        let checked = match (function, args.as_slice(), star) {
            (AggregateFunction::Count, [], true) if !distinct => Some((Ty::Number, None)),
            (AggregateFunction::Count, [arg], false) => {
                let (_, row) = self.expr(arg);
                Some((Ty::Number, Some(tree(row, arg))))
            }
            (AggregateFunction::Min | AggregateFunction::Max, [arg], false) if !distinct => {
                let (ty, row) = self.expr(arg);
                if !matches!(ty, Ty::Number | Ty::Date | Ty::Unknown) {
                    let span = self.positions.of(*arg);
                    self.report(
                        Diagnostic::new(
                            Rule::TypeMismatch,
                            span,
                            format!("`{name}` needs a number or a date, this is {}", ty.name()),
                        )
                        .label(format!("this is {}", ty.name())),
                    );
                }
                let ty = if ty == Ty::Date { Ty::Date } else { Ty::Number };
                Some((ty, Some(tree(row, arg))))
            }
            (AggregateFunction::Sum | AggregateFunction::Avg, [arg], false) if !distinct => {
                let row = self.expect(arg, Ty::Number, &format!("`{name}`"));
                Some((Ty::Number, Some(tree(row, arg))))
            }
            (AggregateFunction::BoolOr | AggregateFunction::BoolAnd, [arg], false) if !distinct => {
                let row = self.expect(arg, Ty::Bool, &format!("`{name}`"));
                Some((Ty::Bool, Some(tree(row, arg))))
            }
            _ => None,
        };
        self.mode = Mode::Person;
        let Some((ty, argument)) = checked else {
            let wanted = match function {
                AggregateFunction::Count => "`*`, a value, or DISTINCT and a value",
                AggregateFunction::BoolOr | AggregateFunction::BoolAnd => "one condition",
                _ => "one value",
            };
            return self.wrong_arguments(whole, name, wanted);
        };
        let aggregate = Aggregate {
            function,
            distinct,
            argument,
            filter,
        };
        // The same aggregate written twice is computed once.
        let index = match self.aggregates.iter().position(|a| *a == aggregate) {
            Some(index) => index,
            None => {
                self.aggregates.push(aggregate);
                self.aggregates.len() - 1
            }
        };
        (ty, Some(Row::Aggregate(index)))
    }
}

fn symbol(op: Op) -> &'static str {
    match op {
        Op::Add => "+",
        Op::Sub => "-",
        Op::Mul => "*",
        Op::Div => "/",
        Op::Rem => "%",
        _ => "?",
    }
}
