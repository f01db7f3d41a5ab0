//! The tidy test that keeps `ARCHITECTURE.md` true (rust-analyzer's "tidy"
//! tests are the model).
//!
//! The module table of `ARCHITECTURE.md` is the single source: its rows go from
//! the inside out, and each row's last column lists what the module may use
//! (`domain`, `solve::load`, "nothing of the project", "everything above").
//! This test reads every `crate::…` path (`creche_alloc::…` in the binary) of
//! `src/`, outside comments and test modules, and fails
//! - on an arrow the table does not allow, or that points back up (a row may
//!   only list rows above it);
//! - on a listed arrow the code does not use (the column would lie);
//! - on a module the table does not have;
//! - on an import loop between the files of one module (a file names the file
//!   that defines an item, not its parent's re-export);
//! - on `tonic`, `prost` or `std::env` named under `src/solve`, `src/rules` or
//!   `src/domain`;
//! - on a `Commission` built anywhere but in `validate`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// A row of the table: the module's name and what it may use.
#[derive(Debug)]
struct Row {
    module: String,
    allowed: Allowed,
}

#[derive(Debug)]
enum Allowed {
    Listed(Vec<String>),
    EverythingAbove,
}

/// One source file: its module path (`["solve", "priority", "site"]`) and its
/// code without comments and test modules.
struct Source {
    path: Vec<String>,
    code: String,
}

/// Root re-exports and macros, by the module that defines them.
const ROOT_ITEMS: &[(&str, &str)] = &[
    ("Error", "error"),
    ("Problem", "error"),
    ("Result", "error"),
    ("args", "i18n::messages"),
];

/// Where the binary's modules sit in the table (the binary's crate root).
const BINARY_ROW: &str = "main";

fn parse_table(doc: &str) -> Result<Vec<Row>, String> {
    let section = doc
        .split("## Modules")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .ok_or("ARCHITECTURE.md has no '## Modules' section")?;
    let mut rows = Vec::new();
    for line in section.lines().filter(|l| l.starts_with("| `src/")) {
        let cells: Vec<&str> = line.trim_matches('|').split(" | ").collect();
        let (first, last) = (cells[0], cells[cells.len() - 1]);
        let allowed = parse_allowed(last);
        let mut modules = Vec::new();
        for path in first.split(',').map(|p| p.trim().trim_matches('`')) {
            let module = module_of_path(path)?;
            if !modules.contains(&module) {
                modules.push(module);
            }
        }
        for module in modules {
            rows.push(Row {
                module,
                allowed: match &allowed {
                    Allowed::Listed(l) => Allowed::Listed(l.clone()),
                    Allowed::EverythingAbove => Allowed::EverythingAbove,
                },
            });
        }
    }
    Ok(rows)
}

fn parse_allowed(cell: &str) -> Allowed {
    let cell = cell.trim();
    if cell == "everything above" {
        return Allowed::EverythingAbove;
    }
    if cell == "nothing of the project" {
        return Allowed::Listed(Vec::new());
    }
    let mut depth = 0;
    let mut plain = String::new();
    for ch in cell.chars() {
        match ch {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ if depth == 0 => plain.push(ch),
            _ => {}
        }
    }
    Allowed::Listed(
        plain
            .split(',')
            .map(|d| d.trim().trim_matches('`').to_string())
            .filter(|d| !d.is_empty())
            .collect(),
    )
}

/// `src/solve/` → `solve`, `src/io.rs` → `io`, `src/main.rs` and `src/cli/`
/// → the binary's row.
fn module_of_path(path: &str) -> Result<String, String> {
    let rest = path
        .strip_prefix("src/")
        .ok_or(format!("a table path outside src/: {path}"))?;
    let name = rest.trim_end_matches('/').trim_end_matches(".rs");
    Ok(match name {
        "main" | "cli" => BINARY_ROW.to_string(),
        other => other.to_string(),
    })
}

/// The file's module path relative to `src/`; `mod.rs` names its directory.
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The table's row of a file.
fn row_of(path: &[String]) -> String {
    match path.first().map(String::as_str) {
        Some("main") | Some("cli") => BINARY_ROW.to_string(),
        Some(top) => top.to_string(),
        None => String::new(),
    }
}

fn read_sources(src: &Path) -> Vec<Source> {
    let mut files = Vec::new();
    collect(src, &mut files);
    files.sort();
    let test_children = test_only_children(src, &files);
    files
        .iter()
        .filter(|f| !test_children.contains(*f) && !f.ends_with("lib.rs"))
        .map(|f| Source {
            path: module_path(f.strip_prefix(src).unwrap()),
            code: code_only(&fs::read_to_string(f).unwrap()),
        })
        .collect()
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Files declared `#[cfg(test)] mod name;`: tests may load fixtures through
/// any module, so they are not part of the map.
fn test_only_children(src: &Path, files: &[PathBuf]) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    for f in files {
        let text = fs::read_to_string(f).unwrap();
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        for pair in lines.windows(2) {
            let name = pair[1]
                .strip_prefix("mod ")
                .and_then(|n| n.strip_suffix(';'));
            if let (true, Some(name)) = (pair[0] == "#[cfg(test)]", name) {
                let dir =
                    if f.ends_with("mod.rs") || f.ends_with("lib.rs") || f.ends_with("main.rs") {
                        f.parent().unwrap().to_path_buf()
                    } else {
                        f.with_extension("")
                    };
                out.insert(dir.join(format!("{name}.rs")));
                out.insert(dir.join(name).join("mod.rs"));
            }
        }
    }
    let _ = src;
    out
}

/// The code without line comments and without `#[cfg(test)]` items.
fn code_only(text: &str) -> String {
    let mut out = String::new();
    let mut skip_depth: Option<i32> = None;
    let mut pending_test = false;
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let trimmed = code.trim();
        if let Some(depth) = skip_depth.as_mut() {
            *depth += braces(code);
            if *depth <= 0 {
                skip_depth = None;
            }
            continue;
        }
        if trimmed == "#[cfg(test)]" {
            pending_test = true;
            continue;
        }
        if pending_test {
            pending_test = false;
            let depth = braces(code);
            if depth > 0 {
                skip_depth = Some(depth);
            }
            continue;
        }
        out.push_str(code);
        out.push('\n');
    }
    out
}

fn braces(code: &str) -> i32 {
    code.matches('{').count() as i32 - code.matches('}').count() as i32
}

/// Every path `crate::a::b…` (or `creche_alloc::…`, or `super::…` resolved)
/// the code names, as full module-relative segments, `use` groups expanded.
fn named_paths(source: &Source) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let code = &source.code;
    let mut roots: Vec<String> = ["crate::", "super::", "self::"].map(String::from).to_vec();
    if row_of(&source.path) == BINARY_ROW {
        roots.push("creche_alloc::".to_string());
    }
    let children = declared_children(code);
    roots.extend(children.iter().map(|c| format!("{c}::")));
    for root in &roots {
        let mut from = 0;
        while let Some(at) = code[from..].find(root) {
            let start = from + at;
            from = start + root.len();
            if is_ident_char(code[..start].chars().last()) {
                continue;
            }
            let mut base = base_of(root, &source.path);
            if let Some(child) = children
                .iter()
                .find(|c| root.strip_suffix("::") == Some(c.as_str()))
            {
                base = source.path.clone();
                base.push(child.clone());
            }
            for tail in expand(&code[from..]) {
                let mut path = base.clone();
                path.extend(tail);
                out.push(path);
            }
        }
    }
    out
}

fn base_of(root: &str, file: &[String]) -> Vec<String> {
    match root {
        "super::" => file[..file.len().saturating_sub(1)].to_vec(),
        "self::" => file.to_vec(),
        _ => Vec::new(),
    }
}

/// The children a file declares (`mod name;`), which it may name bare.
fn declared_children(code: &str) -> Vec<String> {
    code.lines()
        .map(str::trim)
        .filter_map(|l| {
            let l = l.strip_prefix("pub ").unwrap_or(l);
            let l = l.strip_prefix("pub(crate) ").unwrap_or(l);
            l.strip_prefix("mod ")?.strip_suffix(';').map(String::from)
        })
        .collect()
}

/// A character that makes a match part of a longer path or name (`$crate::`
/// in a macro is resolved where the macro is used).
fn is_ident_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':' || c == '$')
}

/// The paths after a root: `a::b::C` or a group `{a::{b, c}, d}`.
fn expand(text: &str) -> Vec<Vec<String>> {
    let mut segments = Vec::new();
    let mut rest = text;
    loop {
        let ident: String = rest
            .chars()
            .take_while(|&c| c.is_alphanumeric() || c == '_')
            .collect();
        if ident.is_empty() {
            break;
        }
        segments.push(ident.clone());
        rest = &rest[ident.len()..];
        match rest.strip_prefix("::") {
            Some(r) => rest = r,
            None => return vec![segments],
        }
    }
    let Some(group) = rest.strip_prefix('{').and_then(group_body) else {
        return vec![segments];
    };
    split_top_level(group)
        .into_iter()
        .flat_map(|item| {
            expand(item.trim()).into_iter().map({
                let segments = segments.clone();
                move |tail| segments.iter().cloned().chain(tail).collect()
            })
        })
        .collect()
}

fn group_body(text: &str) -> Option<&str> {
    let mut depth = 1;
    for (i, ch) in text.char_indices() {
        depth += match ch {
            '{' => 1,
            '}' => -1,
            _ => 0,
        };
        if depth == 0 {
            return Some(&text[..i]);
        }
    }
    None
}

fn split_top_level(text: &str) -> Vec<&str> {
    let (mut out, mut depth, mut start) = (Vec::new(), 0, 0);
    for (i, ch) in text.char_indices() {
        match ch {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&text[start..]);
    out.into_iter().filter(|s| !s.trim().is_empty()).collect()
}

/// The file a path lands in: the longest prefix that is a file of `src/`
/// (`self` and `*` stop at the module they follow).
fn target_file<'a>(path: &[String], files: &'a BTreeSet<Vec<String>>) -> Option<&'a Vec<String>> {
    let path = match ROOT_ITEMS
        .iter()
        .find(|(item, _)| path.first().is_some_and(|p| p == item))
    {
        Some((_, module)) => module.split("::").map(String::from).collect(),
        None => path.to_vec(),
    };
    (1..=path.len()).rev().find_map(|k| files.get(&path[..k]))
}

/// What the code uses: row → (named module path, file that names it).
type Uses = BTreeMap<String, BTreeMap<Vec<String>, BTreeSet<String>>>;

fn uses(sources: &[Source]) -> (Uses, BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) {
    let files: BTreeSet<Vec<String>> = sources.iter().map(|s| s.path.clone()).collect();
    let mut by_row = Uses::new();
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for source in sources {
        let row = row_of(&source.path);
        for path in named_paths(source) {
            let Some(target) = target_file(&path, &files) else {
                continue;
            };
            if row_of(target) != row {
                by_row
                    .entry(row.clone())
                    .or_default()
                    .entry(target.clone())
                    .or_default()
                    .insert(source.path.join("/"));
            } else if *target != source.path {
                edges
                    .entry(source.path.clone())
                    .or_default()
                    .insert(target.clone());
            }
        }
    }
    (by_row, edges)
}

fn allows(entry: &str, target: &[String]) -> bool {
    let entry: Vec<&str> = entry.split("::").collect();
    entry.len() <= target.len() && entry.iter().zip(target).all(|(a, b)| a == b)
}

fn check_arrows(rows: &[Row], by_row: &Uses) -> Vec<String> {
    let mut problems = Vec::new();
    let names: Vec<&str> = rows.iter().map(|r| r.module.as_str()).collect();
    for (at, row) in rows.iter().enumerate() {
        let above = &names[..at];
        let used = by_row.get(&row.module).cloned().unwrap_or_default();
        let listed: Vec<String> = match &row.allowed {
            Allowed::EverythingAbove => above.iter().map(|s| s.to_string()).collect(),
            Allowed::Listed(l) => l.clone(),
        };
        for entry in &listed {
            let top = entry.split("::").next().unwrap_or_default();
            if !above.contains(&top) {
                problems.push(format!(
                    "the table lets `{}` use `{entry}`, which is not a row above it",
                    row.module
                ));
            }
            let is_used = used.keys().any(|t| allows(entry, t));
            if matches!(row.allowed, Allowed::Listed(_)) && !is_used {
                problems.push(format!(
                    "the table says `{}` uses `{entry}`, and it does not",
                    row.module
                ));
            }
        }
        for (target, from) in &used {
            if !listed.iter().any(|e| allows(e, target)) {
                let from: Vec<&str> = from.iter().map(String::as_str).collect();
                problems.push(format!(
                    "`{}` uses `{}` (in {}), which the table does not allow",
                    row.module,
                    target.join("::"),
                    from.join(", ")
                ));
            }
        }
    }
    for row in by_row.keys().filter(|r| !names.contains(&r.as_str())) {
        problems.push(format!("module `{row}` has no row in the table"));
    }
    problems
}

/// Import loops between the files of one module (Tarjan's strongly connected
/// components, each of two files or more).
fn check_loops(edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Vec<String> {
    let nodes: BTreeSet<&Vec<String>> = edges.keys().chain(edges.values().flatten()).collect();
    let mut reach: BTreeMap<&Vec<String>, BTreeSet<&Vec<String>>> = BTreeMap::new();
    for &n in &nodes {
        let mut seen = BTreeSet::new();
        let mut stack = vec![n];
        while let Some(v) = stack.pop() {
            for w in edges.get(v).into_iter().flatten() {
                if seen.insert(w) {
                    stack.push(w);
                }
            }
        }
        reach.insert(n, seen);
    }
    let mut loops = BTreeSet::new();
    for &n in &nodes {
        let members: Vec<String> = nodes
            .iter()
            .filter(|&&m| reach[n].contains(m) && reach[m].contains(n))
            .map(|m| m.join("::"))
            .collect();
        if members.len() > 1 {
            loops.insert(members);
        }
    }
    loops
        .into_iter()
        .map(|l| format!("import loop between the files {}", l.join(", ")))
        .collect()
}

fn check_forbidden(sources: &[Source]) -> Vec<String> {
    let inner = ["solve", "rules", "domain"];
    let words = ["tonic", "prost", "std::env"];
    let mut problems = Vec::new();
    for s in sources
        .iter()
        .filter(|s| inner.contains(&row_of(&s.path).as_str()))
    {
        for word in words {
            let named = s.code.match_indices(word).any(|(at, _)| {
                let before = s.code[..at].chars().last();
                let after = s.code[at + word.len()..].chars().next();
                !is_ident_char(before) && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
            });
            if named {
                problems.push(format!("src/{} names `{word}`", s.path.join("/")));
            }
        }
    }
    problems
}

/// A `Commission` is built by `validate` alone: nothing else calls
/// `Commission::from_validated` (its derivations live beside it in `domain`).
fn check_commission_builders(sources: &[Source]) -> Vec<String> {
    let allowed = |s: &Source| {
        s.path.first().is_some_and(|p| p == "validate") || s.path == ["domain", "commission"]
    };
    sources
        .iter()
        .filter(|s| !allowed(s) && s.code.contains("from_validated"))
        .map(|s| {
            format!(
                "src/{} builds a Commission; only validate may",
                s.path.join("/")
            )
        })
        .collect()
}

fn check(doc: &str, sources: &[Source]) -> Vec<String> {
    let rows = match parse_table(doc) {
        Ok(rows) => rows,
        Err(e) => return vec![e],
    };
    let (by_row, edges) = uses(sources);
    let mut problems = check_arrows(&rows, &by_row);
    problems.extend(check_loops(&edges));
    problems.extend(check_forbidden(sources));
    problems.extend(check_commission_builders(sources));
    problems
}

#[test]
fn the_architecture_table_is_true() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    let problems = check(&doc, &read_sources(&root.join("src")));
    assert!(
        problems.is_empty(),
        "ARCHITECTURE.md is not true:\n- {}",
        problems.join("\n- ")
    );
}

/// The checker itself, on a made-up crate: it must see each kind of fault.
mod checker {
    use super::*;

    const DOC: &str = "## Modules\n\n| path | what | depends on |\n|---|---|---|\n\
        | `src/domain/` | data | nothing of the project |\n\
        | `src/solve/` | solving | domain |\n\
        | `src/report/` | words | solve (the placements), domain |\n\
        | `src/main.rs`, `src/cli/` | binary | everything above |\n\n## Invariants\n";

    fn source(path: &str, code: &str) -> Source {
        Source {
            path: path.split('/').map(String::from).collect(),
            code: code_only(code),
        }
    }

    fn sound() -> Vec<Source> {
        vec![
            source("domain", "pub struct Commission;"),
            source(
                "solve",
                "use crate::domain::Commission;\nuse self::load::X;",
            ),
            source("solve/load", "use crate::domain::{self, Commission};"),
            source("report", "use crate::{domain::Commission, solve::load};"),
            source("main", "use creche_alloc::report;\nmod cli;"),
            source("cli/run", "use creche_alloc::{solve, domain};"),
        ]
    }

    #[test]
    fn a_sound_crate_passes() {
        assert_eq!(check(DOC, &sound()), Vec::<String>::new());
    }

    #[test]
    fn an_arrow_back_up_fails() {
        let mut s = sound();
        s.push(source("solve/cutoff", "use crate::report::words;"));
        let problems = check(DOC, &s);
        assert!(
            problems.iter().any(|p| p.contains("`solve` uses `report`")),
            "{problems:?}"
        );
    }

    #[test]
    fn a_listed_arrow_the_code_does_not_use_fails() {
        let s: Vec<Source> = sound()
            .into_iter()
            .filter(|s| s.path != ["solve", "load"])
            .collect();
        let mut s = s;
        s.retain(|x| x.path != ["solve"]);
        s.push(source("solve", "pub fn solve() {}"));
        let problems = check(DOC, &s);
        assert!(
            problems
                .iter()
                .any(|p| p.contains("says `solve` uses `domain`")),
            "{problems:?}"
        );
    }

    #[test]
    fn comments_and_tests_do_not_count() {
        let mut s = sound();
        s.push(source(
            "domain/x",
            "//! see [`crate::solve`]\n#[cfg(test)]\nmod tests {\n    use crate::solve;\n}\n",
        ));
        assert_eq!(check(DOC, &s), Vec::<String>::new());
    }

    #[test]
    fn a_loop_between_files_fails() {
        let mut s = sound();
        s.push(source("solve/model", "use super::stage::Stage;"));
        s.push(source("solve/stage", "use crate::solve::model::Model;"));
        let problems = check(DOC, &s);
        assert!(
            problems
                .iter()
                .any(|p| p.contains("solve::model, solve::stage")),
            "{problems:?}"
        );
    }

    #[test]
    fn the_inner_modules_never_name_the_transport_or_the_environment() {
        let mut s = sound();
        s.push(source(
            "solve/limits",
            "fn f() { let _ = std::env::var(\"X\"); }",
        ));
        let problems = check(DOC, &s);
        assert!(
            problems.iter().any(|p| p.contains("names `std::env`")),
            "{problems:?}"
        );
    }

    #[test]
    fn only_validate_builds_a_commission() {
        let mut s = sound();
        s.push(source(
            "solve/load",
            "fn f(v: Validated) { Commission::from_validated(v); }",
        ));
        let problems = check(DOC, &s);
        assert!(
            problems
                .iter()
                .any(|p| p.contains("src/solve/load builds a Commission")),
            "{problems:?}"
        );
    }

    #[test]
    fn a_module_without_a_row_fails() {
        let mut s = sound();
        s.push(source("extra", "use crate::domain::Commission;"));
        let problems = check(DOC, &s);
        assert!(
            problems.iter().any(|p| p.contains("`extra` has no row")),
            "{problems:?}"
        );
    }
}
