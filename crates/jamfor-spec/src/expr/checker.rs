//! The walk over a parsed condition: columns looked up, types checked, codes compared with the
//! declared ones, identifiers refused, and everything outside the documented subset reported.

use sqlparser::ast::{BinaryOperator, Expr as SqlExpr, UnaryOperator, Value, ValueWithSpan};

use crate::diagnostic::Diagnostic;
use crate::keywords::Role;
use crate::raw::SourceSpec;
use crate::raw::source::ColumnSpec;
use crate::rule::Rule;
use crate::span::Span;
use crate::suggest;

use super::Ty;
use super::positions::Positions;

pub(super) struct Checker<'a, 'd> {
    pub(super) positions: &'a Positions<'a>,
    pub(super) source: &'a SourceSpec,
    pub(super) broken: &'a std::collections::BTreeSet<String>,
    pub(super) diagnostics: &'d mut Vec<Diagnostic>,
    pub(super) columns: Vec<String>,
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

    pub(super) fn expr(&mut self, expr: &SqlExpr) -> Ty {
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
