//! The linked system of one release year: every published count as one cell, plus the
//! equations `total = Σ parts` that tie them together.
//!
//! A count published in several places (a numerator reused by two indicators, a count next to
//! a share built on it) is added once and referenced by its [`CellId`] everywhere, so it is one
//! node in the problem: protecting linked tables one at a time is known to be unsafe.

use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;

use crate::derived::DerivedFigure;
use crate::structure::Structure;

/// Index of a cell in its [`LinkedSystem`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellId(pub(crate) u32);

impl CellId {
    /// Position of the cell in [`LinkedSystem::cells`].
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// The id the cell at position `index` gets, for a caller reasoning about a system it
    /// builds in a known order without building it (`None` past the ids a system can hold).
    pub fn at(index: usize) -> Option<Self> {
        u32::try_from(index).ok().map(CellId)
    }
}

/// Where a cell is published: a table (count) name and a key within it, e.g. `("placerade",
/// "kommun 0180 K")`. Used in every report, so a finding names the table and cell.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellLabel {
    /// Name of the count table.
    pub table: Arc<str>,
    /// The cell within the table.
    pub key: String,
}

impl fmt::Display for CellLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]", self.table, self.key)
    }
}

/// One published count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// Table and key, for reports.
    pub label: CellLabel,
    /// The true count.
    pub value: u64,
    /// Suppression preference: lower classes are kept published first (riket before län before
    /// kommun). Within a class larger counts are kept. Structural first so that patterns stay
    /// similar year to year.
    pub priority: u32,
    /// For survey cells: how many answered. `None` for register counts.
    pub respondents: Option<u64>,
}

/// `total = Σ parts`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Equation {
    /// The cell that is the sum.
    pub total: CellId,
    /// The cells summed; each at most once, never the total.
    pub parts: Vec<CellId>,
}

/// `small ≤ large`: what a reader knows of two counts when one counts a subset of what the
/// other counts (children placed in HVB among children placed; persons among the rows that
/// name them). Not an equation: no exact value follows from it, so secondary suppression by
/// elimination does not see it, but it bounds a suppressed cell by a published one, which the
/// audit and its repair must.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Relation {
    /// The count that cannot be larger.
    pub small: CellId,
    /// The count that cannot be smaller.
    pub large: CellId,
}

/// All published counts of one release year, their equations and the shares/rates on them.
#[derive(Debug, Clone)]
pub struct LinkedSystem {
    pub(crate) cells: Vec<Cell>,
    pub(crate) equations: Vec<Equation>,
    pub(crate) relations: Vec<Relation>,
    pub(crate) derived: Vec<DerivedFigure>,
    pub(crate) structure: Structure,
}

impl LinkedSystem {
    /// The cells, indexed by [`CellId::index`].
    pub fn cells(&self) -> &[Cell] {
        &self.cells
    }

    /// The cell behind an id.
    pub fn cell(&self, id: CellId) -> &Cell {
        &self.cells[id.index()]
    }

    /// Every id, in order.
    pub fn ids(&self) -> impl Iterator<Item = CellId> + '_ {
        (0..self.cells.len() as u32).map(CellId)
    }

    /// The equations.
    pub fn equations(&self) -> &[Equation] {
        &self.equations
    }

    /// The relations `small ≤ large`.
    pub fn relations(&self) -> &[Relation] {
        &self.relations
    }

    /// Shares and rates defined on the cells.
    pub fn derived(&self) -> &[DerivedFigure] {
        &self.derived
    }

    /// Look a cell up by table and key.
    pub fn find(&self, table: &str, key: &str) -> Option<CellId> {
        self.cells
            .iter()
            .position(|c| &*c.label.table == table && c.label.key == key)
            .map(|i| CellId(i as u32))
    }

    /// Number of independent sub-problems (cells linked by equations).
    pub fn component_count(&self) -> usize {
        self.structure.components.len()
    }
}

/// A system that cannot be built as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SystemError {
    /// Two cells with the same table and key.
    DuplicateCell { label: CellLabel },
    /// An id that does not belong to this builder.
    UnknownCell { id: CellId },
    /// An equation whose parts repeat a cell or contain the total.
    MalformedEquation {
        total: CellLabel,
        reason: &'static str,
    },
    /// A relation whose small cell holds more than its large one.
    RelationViolated { small: CellLabel, large: CellLabel },
    /// The values do not satisfy an equation: the counts are not additive as declared.
    Inconsistent {
        total: CellLabel,
        total_value: u64,
        parts_sum: u64,
    },
    /// A kommun placed in two län.
    KommunInTwoLan {
        kommun: String,
        first: String,
        second: String,
    },
    /// A value the geography table needs is missing.
    MissingValue { table: String, key: String },
    /// Gotland-like case: a single-kommun län whose län value differs from the kommun value.
    SingleKommunLanDiffers {
        lan: String,
        kommun: String,
        key: String,
    },
}

impl fmt::Display for SystemError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::DuplicateCell { label } => write!(f, "cell {label} added twice"),
            Self::UnknownCell { id } => write!(f, "cell id {} is not in this system", id.0),
            Self::MalformedEquation { total, reason } => {
                write!(f, "equation for {total}: {reason}")
            }
            Self::RelationViolated { small, large } => {
                write!(f, "{small} is declared at most {large} but is larger")
            }
            Self::Inconsistent {
                total,
                total_value,
                parts_sum,
            } => write!(
                f,
                "{total} = {total_value} but its parts sum to {parts_sum}"
            ),
            Self::KommunInTwoLan {
                kommun,
                first,
                second,
            } => write!(
                f,
                "kommun {kommun} is placed in both län {first} and {second}"
            ),
            Self::MissingValue { table, key } => write!(f, "{table}[{key}]: no value given"),
            Self::SingleKommunLanDiffers { lan, kommun, key } => write!(
                f,
                "län {lan} has only kommun {kommun}, but their {key} values differ"
            ),
        }
    }
}

impl std::error::Error for SystemError {}

/// Builds a [`LinkedSystem`] from arbitrary cells and equations. The geography × kön shape has
/// a convenience method in [`crate::geo`].
#[derive(Debug, Default)]
pub struct SystemBuilder {
    pub(crate) cells: Vec<Cell>,
    pub(crate) equations: Vec<Equation>,
    pub(crate) relations: Vec<Relation>,
    pub(crate) derived: Vec<DerivedFigure>,
    /// Every label added, to refuse one added twice (looked up only, never iterated).
    labels: HashSet<CellLabel, foldhash::fast::FixedState>,
}

impl SystemBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a count cell with priority class 0.
    pub fn add_cell(
        &mut self,
        table: &str,
        key: impl Into<String>,
        value: u64,
    ) -> Result<CellId, SystemError> {
        self.add_cell_with(Cell {
            label: CellLabel {
                table: Arc::from(table),
                key: key.into(),
            },
            value,
            priority: 0,
            respondents: None,
        })
    }

    /// Adds a fully specified cell.
    pub fn add_cell_with(&mut self, cell: Cell) -> Result<CellId, SystemError> {
        if !self.labels.insert(cell.label.clone()) {
            return Err(SystemError::DuplicateCell { label: cell.label });
        }
        let id = CellId(self.cells.len() as u32);
        self.cells.push(cell);
        Ok(id)
    }

    /// Sets the priority class of a cell (lower: kept published first).
    pub fn set_priority(&mut self, id: CellId, priority: u32) -> Result<(), SystemError> {
        self.cell_mut(id)?.priority = priority;
        Ok(())
    }

    /// Marks a cell as a survey cell answered by `respondents` people.
    pub fn set_respondents(&mut self, id: CellId, respondents: u64) -> Result<(), SystemError> {
        self.cell_mut(id)?.respondents = Some(respondents);
        Ok(())
    }

    fn cell_mut(&mut self, id: CellId) -> Result<&mut Cell, SystemError> {
        self.cells
            .get_mut(id.index())
            .ok_or(SystemError::UnknownCell { id })
    }

    /// Declares `total = Σ parts`. Values are checked in [`SystemBuilder::build`].
    pub fn add_equation(&mut self, total: CellId, parts: &[CellId]) -> Result<(), SystemError> {
        for &id in parts.iter().chain([&total]) {
            if id.index() >= self.cells.len() {
                return Err(SystemError::UnknownCell { id });
            }
        }
        let label = || self.cells[total.index()].label.clone();
        let mut sorted = parts.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        if sorted.len() != parts.len() {
            return Err(SystemError::MalformedEquation {
                total: label(),
                reason: "a part is listed twice",
            });
        }
        if sorted.binary_search(&total).is_ok() {
            return Err(SystemError::MalformedEquation {
                total: label(),
                reason: "the total is among its parts",
            });
        }
        self.equations.push(Equation {
            total,
            parts: parts.to_vec(),
        });
        Ok(())
    }

    /// Declares `small ≤ large` (see [`Relation`]). Values are checked in
    /// [`SystemBuilder::build`].
    pub fn add_relation(&mut self, small: CellId, large: CellId) -> Result<(), SystemError> {
        for id in [small, large] {
            if id.index() >= self.cells.len() {
                return Err(SystemError::UnknownCell { id });
            }
        }
        if small == large {
            return Err(SystemError::MalformedEquation {
                total: self.cells[small.index()].label.clone(),
                reason: "a relation of a cell with itself",
            });
        }
        self.relations.push(Relation { small, large });
        Ok(())
    }

    /// Defines a share or rate on two cells (see [`crate::derived`]).
    pub fn add_derived(&mut self, figure: DerivedFigure) -> Result<usize, SystemError> {
        for id in [figure.numerator, figure.denominator] {
            if id.index() >= self.cells.len() {
                return Err(SystemError::UnknownCell { id });
            }
        }
        self.derived.push(figure);
        Ok(self.derived.len() - 1)
    }

    /// Checks every equation against the values and analyses the structure (independent
    /// components, a basis of the solution space, cells that are the same number).
    pub fn build(self) -> Result<LinkedSystem, SystemError> {
        for eq in &self.equations {
            let total_value = self.cells[eq.total.index()].value;
            let parts_sum = eq
                .parts
                .iter()
                .map(|p| self.cells[p.index()].value)
                .fold(0u64, u64::saturating_add);
            if total_value != parts_sum {
                return Err(SystemError::Inconsistent {
                    total: self.cells[eq.total.index()].label.clone(),
                    total_value,
                    parts_sum,
                });
            }
        }
        for r in &self.relations {
            let (small, large) = (&self.cells[r.small.index()], &self.cells[r.large.index()]);
            if small.value > large.value {
                return Err(SystemError::RelationViolated {
                    small: small.label.clone(),
                    large: large.label.clone(),
                });
            }
        }
        let mut relations = self.relations;
        relations.sort_unstable();
        relations.dedup();
        let structure = Structure::analyse(self.cells.len(), &self.equations, &relations);
        Ok(LinkedSystem {
            cells: self.cells,
            equations: self.equations,
            relations,
            derived: self.derived,
            structure,
        })
    }
}
