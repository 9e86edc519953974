//! Parsing a condition with sqlparser, with a bound on the parser's work and terse messages.

use std::cell::Cell;

use sqlparser::ast::Expr as SqlExpr;
use sqlparser::dialect::{Dialect, GenericDialect};
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Location, Token};

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

pub(super) fn parse(text: &str) -> Result<SqlExpr, (String, Option<Location>)> {
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
