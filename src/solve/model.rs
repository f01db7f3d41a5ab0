//! The integer program, built with good_lp and solved by HiGHS.
//!
//! One binary variable per eligible option (request × crèche × section × block),
//! created in canonical order (requests by id, wishes by rank, sections and
//! blocks in input order), so that the same commission always yields the same
//! model and, with fixed solver options, the same solution. Base rows:
//! - each request takes at most one option;
//! - for each block and half-day, the children using it do not exceed its free
//!   places (only written where demand can exceed supply);
//! - siblings: at every crèche, all members of a group are placed or none is.
//!
//! A policy adds its own variables and rows, then optimises a list of
//! [`Stage`]s lexicographically: each stage keeps the previous optima as floors
//! and starts from the previous solution. Every stage objective has integer
//! coefficients, so `mip_abs_gap` 0.5 with `mip_rel_gap` 0 proves optimality.
//!
//! good_lp builds the model; [`super::lexicographic`] solves its stages on
//! one HiGHS instance.

use good_lp::{constraint, variable, Constraint, Expression, ProblemVariables, Variable};
use std::ops::Range;

use crate::domain::Commission;
use crate::rules::{Opt, RequestOptions};

/// One option of a request.
#[derive(Debug, Clone, Copy)]
pub struct Var {
    pub request: usize,
    /// Index into the request's wishes (rank − 1).
    pub wish: usize,
    pub creche: usize,
    pub opt: Opt,
}

/// Every option of every request, in canonical order.
#[derive(Debug, Clone)]
pub struct Vars {
    pub list: Vec<Var>,
    pub by_request: Vec<Range<usize>>,
    /// Options at a crèche where not every member of the request's sibling
    /// group has an option, or ruled out before solving: never in a model.
    pub excluded: Vec<bool>,
    /// Options decided taken before solving ([`super::propagate`]): constants,
    /// not columns; their places come off the free capacity.
    pub fixed: Vec<bool>,
}

impl Vars {
    pub fn new(c: &Commission, options: &[RequestOptions]) -> Self {
        let mut list = Vec::new();
        let mut by_request = Vec::with_capacity(options.len());
        for (r, ro) in options.iter().enumerate() {
            let start = list.len();
            for (wi, w) in ro.wishes.iter().enumerate() {
                for opt in &w.options {
                    list.push(Var {
                        request: r,
                        wish: wi,
                        creche: w.creche,
                        opt: *opt,
                    });
                }
            }
            by_request.push(start..list.len());
        }
        let mut excluded = vec![false; list.len()];
        for g in c.sibling_groups() {
            let common = common_creches(options, &g.members);
            for &m in &g.members {
                for v in by_request[m].clone() {
                    excluded[v] = !common.contains(&list[v].creche);
                }
            }
        }
        let fixed = vec![false; list.len()];
        Vars {
            list,
            by_request,
            excluded,
            fixed,
        }
    }

    pub fn block(&self, v: usize) -> (usize, usize, usize) {
        let var = &self.list[v];
        (var.creche, var.opt.section, var.opt.block)
    }
}

/// Crèches where every member of a sibling group has at least one option.
pub fn common_creches(options: &[RequestOptions], members: &[usize]) -> Vec<usize> {
    options[members[0]]
        .wishes
        .iter()
        .filter(|w| !w.options.is_empty())
        .map(|w| w.creche)
        .filter(|&c| {
            members
                .iter()
                .all(|&m| options[m].wish_at(c).is_some_and(|w| !w.options.is_empty()))
        })
        .collect()
}

/// The model under construction: columns and rows shared by every stage.
pub struct Model {
    pub problem: ProblemVariables,
    /// Column of each option (`None`: excluded).
    pub x: Vec<Option<Variable>>,
    /// Column index of each option, into a solution's values.
    pub col: Vec<Option<usize>>,
    /// Options taken before solving (see [`Vars::fixed`]).
    pub fixed: Vec<bool>,
    pub rows: Vec<Constraint>,
}

impl Model {
    /// Option columns and the base rows.
    pub fn base(c: &Commission, vars: &Vars) -> Model {
        let mut problem = ProblemVariables::new();
        let mut x = Vec::with_capacity(vars.list.len());
        let mut col = Vec::with_capacity(vars.list.len());
        for (&ex, &fixed) in vars.excluded.iter().zip(&vars.fixed) {
            let column = !ex && !fixed;
            col.push(column.then(|| problem.len()));
            x.push(column.then(|| problem.add(variable().binary())));
        }
        let mut m = Model {
            problem,
            x,
            col,
            fixed: vars.fixed.clone(),
            rows: Vec::new(),
        };
        for range in &vars.by_request {
            if range.clone().filter(|&v| m.x[v].is_some()).count() > 1 {
                let row = constraint!(m.sum(range.clone()) <= 1);
                m.rows.push(row);
            }
        }
        m.capacity_rows(c, vars);
        for g in c.sibling_groups() {
            for creche in common_creches_of(vars, &g.members, &m.x) {
                let at = |m_: usize| {
                    vars.by_request[m_]
                        .clone()
                        .filter(|&v| vars.list[v].creche == creche)
                };
                for &member in &g.members[1..] {
                    let mut row = m.sum(at(g.members[0]));
                    m.add_sum_times(&mut row, at(member), -1.0);
                    m.rows.push(constraint!(row == 0));
                }
            }
        }
        m
    }

    pub fn binary(&mut self) -> Variable {
        self.problem.add(variable().binary())
    }

    /// `Σ x` over options (excluded ones count 0).
    pub fn sum(&self, options: impl Iterator<Item = usize>) -> Expression {
        let mut e = Expression::with_capacity(options.size_hint().0.max(4));
        self.add_sum(&mut e, options);
        e
    }

    /// `e += Σ x` over options, in place.
    pub fn add_sum(&self, e: &mut Expression, options: impl Iterator<Item = usize>) {
        self.add_sum_times(e, options, 1.0);
    }

    /// `e += k · Σ x` over options, in place.
    pub fn add_sum_times(&self, e: &mut Expression, options: impl Iterator<Item = usize>, k: f64) {
        for v in options {
            if let Some(x) = self.x[v] {
                e.add_mul(k, x);
            }
        }
    }

    /// `Σ coef·x` over options with a non-zero coefficient.
    pub fn weighted(&self, coef: &[f64]) -> Expression {
        let mut e = Expression::with_capacity(coef.len());
        for (v, &k) in coef.iter().enumerate() {
            if let (Some(x), true) = (self.x[v], k != 0.0) {
                e.add_mul(k, x);
            }
        }
        e
    }

    pub fn columns(&self) -> usize {
        self.problem.len()
    }

    /// `Σ x ≤ free places` per block and half-day, where demand can exceed
    /// supply; places of options fixed taken come off first.
    fn capacity_rows(&mut self, c: &Commission, vars: &Vars) {
        let mut by_block: Vec<((usize, usize, usize), usize)> = (0..vars.list.len())
            .filter(|&v| self.x[v].is_some() || self.fixed[v])
            .map(|v| (vars.block(v), v))
            .collect();
        by_block.sort_unstable();
        for group in by_block.chunk_by(|a, b| a.0 == b.0) {
            let (cr, s, b) = group[0].0;
            let cap = &c.creches()[cr].sections[s].blocks[b].capacity;
            for (h, &free) in cap.iter().enumerate() {
                let using = |v: &usize| c.requests()[vars.list[*v].request].planning.contains(h);
                let held = group
                    .iter()
                    .map(|&(_, v)| v)
                    .filter(|v| self.fixed[*v] && using(v))
                    .count() as f64;
                let users = group
                    .iter()
                    .map(|&(_, v)| v)
                    .filter(|v| self.x[*v].is_some() && using(v));
                if held + users.clone().count() as f64 > free as f64 {
                    let row = constraint!(self.sum(users) <= free as f64 - held);
                    self.rows.push(row);
                }
            }
        }
    }

    /// `Σ coef` over the options fixed taken: the part of an objective that is
    /// a constant of the model.
    pub fn fixed_value(&self, coef: &[f64]) -> f64 {
        coef.iter()
            .zip(&self.fixed)
            .filter(|&(_, &f)| f)
            .map(|(k, _)| k)
            .sum()
    }
}

/// Crèches where some member of the group has an option in the model: at each,
/// all members are placed or none (a member with no option there keeps all out).
fn common_creches_of(vars: &Vars, members: &[usize], x: &[Option<Variable>]) -> Vec<usize> {
    let mut creches: Vec<usize> = members
        .iter()
        .flat_map(|&m| vars.by_request[m].clone())
        .filter(|&v| x[v].is_some())
        .map(|v| vars.list[v].creche)
        .collect();
    creches.sort_unstable();
    creches.dedup();
    creches
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sense {
    Maximise,
    Minimise,
}

/// One objective of a lexicographic solve.
pub struct Stage {
    pub name: String,
    pub sense: Sense,
    /// Over the model's columns only (HiGHS gets no objective offset).
    pub objective: Expression,
    /// What the options fixed before solving add to the objective.
    pub constant: f64,
}

/// A maximised objective over options with integer coefficients, whose value
/// on any allocation lies in `0..range`.
pub struct Part {
    pub name: &'static str,
    pub coef: Vec<f64>,
    pub range: f64,
}

/// Objectives whose combined value range stays below this are merged into one
/// solve: integer weights keep the merge exactly lexicographic, and HiGHS
/// (which detects the objective's integrality) resolves unit differences. At
/// 1e10 a double still resolves units a million times over; merging the
/// "earlier" stage into the first halves the default commission's solve time
/// (one MIP instead of two, each with its own presolve and root cuts). Not a
/// setting: past about 1e15 a double no longer resolves units, and the merge
/// would silently stop being lexicographic (at 1e14 the town's three parts
/// merge into one MIP, which proves no more — gap 7.6 % after 120 s).
const MERGE_LIMIT: f64 = 1e10;

/// Lexicographic parts → stages, merging consecutive parts while exact.
pub fn merge(m: &Model, parts: Vec<Part>) -> Vec<Stage> {
    let mut stages = Vec::new();
    let mut current: Option<(Vec<&'static str>, Vec<f64>, f64)> = None;
    for part in parts {
        current = match current {
            Some((mut names, coef, range)) if range * part.range < MERGE_LIMIT => {
                names.push(part.name);
                let merged = coef
                    .iter()
                    .zip(&part.coef)
                    .map(|(a, b)| a * part.range + b)
                    .collect();
                Some((names, merged, range * part.range))
            }
            Some((names, coef, _)) => {
                stages.push(Stage {
                    name: names.join("+"),
                    sense: Sense::Maximise,
                    objective: m.weighted(&coef),
                    constant: m.fixed_value(&coef),
                });
                Some((vec![part.name], part.coef, part.range))
            }
            None => Some((vec![part.name], part.coef, part.range)),
        };
    }
    if let Some((names, coef, _)) = current {
        stages.push(Stage {
            name: names.join("+"),
            sense: Sense::Maximise,
            objective: m.weighted(&coef),
            constant: m.fixed_value(&coef),
        });
    }
    stages
}

/// The HiGHS library version linked in (e.g. "1.16.0"), for reproducibility footers.
pub fn highs_version() -> String {
    // SAFETY: `Highs_version` returns a pointer to a static NUL-terminated string.
    let ptr = unsafe { highs_sys::Highs_version() };
    if ptr.is_null() {
        return "unknown".to_string();
    }
    unsafe { std::ffi::CStr::from_ptr(ptr) }
        .to_string_lossy()
        .into_owned()
}
