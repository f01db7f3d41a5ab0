//! The report's charts, drawn by `plotters` as SVG text to embed in the page.
//!
//! Only the SVG backend is compiled, without font libraries: plotters then
//! estimates text sizes itself and the browser draws the text with its own
//! sans-serif font, so the page needs nothing but itself to be viewed. With
//! no font metrics, label areas are sized from the longest label at an
//! estimated width per character, and a label too long for any area is
//! abbreviated at a word boundary ([`abbreviate`]), never cut mid-word.
//!
//! A variant whose allocation is not proven optimal (a time limit, or the
//! greedy heuristic) carries a dagger (†) in every chart ([`mark`]); compared
//! histograms share one scale ([`PointsScale`]); a heat map outlines the
//! cells that differ from the base.

use plotters::coord::combinators::WithKeyPoints;
use plotters::coord::types::RangedCoordi32;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::compare::{Comparison, VariantResult};
use crate::args;
use crate::error::{Error, Result};
use crate::i18n::Messages;

const FONT: &str = "sans-serif";
const BASE_COLOUR: RGBColor = RGBColor(150, 150, 150);
const VARIANT_COLOUR: RGBColor = RGBColor(49, 130, 189);
const UNPROVEN_COLOUR: RGBColor = RGBColor(158, 202, 225);
const PLACED_COLOUR: RGBColor = RGBColor(49, 130, 189);
const WAITING_COLOUR: RGBColor = RGBColor(230, 120, 40);
const NO_PLACE: RGBColor = RGBColor(225, 225, 225);
const CHANGED: RGBColor = RGBColor(230, 85, 13);
/// Estimated width of one character of the 12 px labels, in pixels.
const CHAR_PX: u32 = 7;

fn drawn<E: std::error::Error + Send + Sync>(e: DrawingAreaErrorKind<E>) -> Error {
    Error::Report(format!("cannot draw a chart: {e}"))
}

/// `name` if it has at most `n` characters; else its first words that fit,
/// then `…` (at least the first word whole).
pub fn abbreviate(name: &str, n: usize) -> String {
    if name.chars().count() <= n {
        return name.to_string();
    }
    let mut out = String::new();
    for word in name.split_whitespace() {
        let next = if out.is_empty() {
            word.to_string()
        } else {
            format!("{out} {word}")
        };
        if !out.is_empty() && next.chars().count() + 1 > n {
            break;
        }
        out = next;
    }
    format!("{out}…")
}

/// Whether a variant's allocation is proven optimal (`optimal`), or only
/// found (`feasible`: a time limit; `heuristic`: greedy).
pub fn proven(v: &VariantResult) -> bool {
    v.figures.status == "optimal"
}

/// `" †"` for a variant not proven optimal, else nothing.
pub fn mark(v: &VariantResult) -> &'static str {
    if proven(v) {
        ""
    } else {
        " †"
    }
}

/// A variant's name as charts show it: with its mark, abbreviated at a word.
fn shown_name(v: &VariantResult, n: usize) -> String {
    format!("{}{}", abbreviate(&v.name, n), mark(v))
}

/// Pixels for labels of `chars` characters, within `max`.
fn label_area(chars: usize, max: u32) -> u32 {
    (CHAR_PX * chars as u32 + 16).clamp(60, max)
}

/// Placed requests and occupancy of every variant, as two horizontal bar
/// charts side by side (the base in grey, first row; a variant not proven
/// optimal lighter, and marked †).
pub fn placed_and_occupancy(cmp: &Comparison, t: &Messages) -> Result<String> {
    let n = cmp.variants.len();
    let height = 90 + 30 * n as u32;
    let names: Vec<String> = cmp.variants.iter().map(|v| shown_name(v, 28)).collect();
    let colours: Vec<RGBColor> = (cmp.variants.iter().enumerate())
        .map(|(k, v)| match (k, proven(v)) {
            (0, _) => BASE_COLOUR,
            (_, true) => VARIANT_COLOUR,
            (_, false) => UNPROVEN_COLOUR,
        })
        .collect();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (960, height)).into_drawing_area();
        root.fill(&WHITE).map_err(drawn)?;
        let (left, right) = root.split_horizontally(480);
        let placed: Vec<f64> = (cmp.variants.iter())
            .map(|v| v.figures.metrics.placed as f64)
            .collect();
        let occupancy: Vec<f64> = (cmp.variants.iter())
            .map(|v| 100.0 * v.figures.metrics.occupancy)
            .collect();
        let bars = Bars {
            names: &names,
            colours: &colours,
            t,
        };
        bars.draw(&left, &t.t("chart-placed"), &placed, 0)?;
        bars.draw(&right, &t.t("chart-occupancy"), &occupancy, 1)?;
        root.present().map_err(drawn)?;
    }
    Ok(svg)
}

struct Bars<'a> {
    names: &'a [String],
    colours: &'a [RGBColor],
    t: &'a Messages,
}

impl Bars<'_> {
    fn draw(
        &self,
        area: &DrawingArea<SVGBackend, Shift>,
        caption: &str,
        values: &[f64],
        decimals: usize,
    ) -> Result<()> {
        let (names, n) = (self.names, self.names.len());
        let widest = names.iter().map(|s| s.chars().count()).max().unwrap_or(4);
        let max = values.iter().copied().fold(0.0, f64::max).max(1.0) * 1.2;
        let mut chart = ChartBuilder::on(area)
            .caption(caption, (FONT, 16))
            .margin(10)
            .x_label_area_size(28)
            .y_label_area_size(label_area(widest, 220))
            .build_cartesian_2d(0.0..max, (0..CELL * n as i32).with_key_points(centres(n)))
            .map_err(drawn)?;
        // Row 0 (the base) at the top.
        let row = |k: usize| CELL * (n - 1 - k) as i32;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .light_line_style(TRANSPARENT)
            .y_label_formatter(&|y| names.get(n - 1 - index(*y, n)).cloned().unwrap_or_default())
            .x_labels(6)
            .x_label_formatter(&|x| self.t.number(*x, 0))
            .label_style((FONT, 12))
            .draw()
            .map_err(drawn)?;
        chart
            .draw_series(values.iter().enumerate().map(|(k, &v)| {
                Rectangle::new(
                    [(0.0, row(k) + 2), (v, row(k) + CELL - 2)],
                    self.colours[k].filled(),
                )
            }))
            .map_err(drawn)?;
        let style = TextStyle::from((FONT, 12)).pos(Pos::new(HPos::Left, VPos::Center));
        chart
            .draw_series(values.iter().enumerate().map(|(k, &v)| {
                Text::new(
                    format!(" {}", self.t.number(v, decimals)),
                    (v, row(k) + CELL / 2),
                    style.clone(),
                )
            }))
            .map_err(drawn)?;
        Ok(())
    }
}

/// Width of a row or column of cells in chart coordinates: cell `i` spans
/// `CELL·i .. CELL·(i + 1)`. Integer coordinates with a key point at each
/// centre make plotters put one label per cell, formatted by the caller.
const CELL: i32 = 10;

fn centres(n: usize) -> Vec<i32> {
    (0..n as i32).map(|i| CELL * i + CELL / 2).collect()
}

/// The cell a centre key point belongs to, clamped to `0..n`.
fn index(x: i32, n: usize) -> usize {
    ((x.max(0) / CELL) as usize).min(n.saturating_sub(1))
}

/// One row of a heat map: its label, free places and places used per
/// half-day, and the base's free and used places of the same section (to
/// outline what changed).
pub struct HeatRow<'a> {
    pub label: String,
    pub free: &'a [u32],
    pub used: &'a [u32],
    pub base: Option<(&'a [u32], &'a [u32])>,
}

/// Occupancy of every section of every crèche, per half-day of the week: one
/// row per crèche and section, one column per half-day, each cell "used/free"
/// coloured by the share used (grey: no free place), with a colour scale; a
/// cell whose free or used places differ from the base's is outlined.
pub fn heat_map(
    cmp: &Comparison,
    v: &VariantResult,
    rows: &[HeatRow],
    t: &Messages,
) -> Result<String> {
    let cols: Vec<String> = (cmp.days.iter())
        .flat_map(|d| {
            cmp.slots
                .iter()
                .map(move |s| format!("{} {}", t.day(d), t.slot(s)))
        })
        .collect();
    let (nr, nc) = (rows.len(), cols.len());
    let height = 130 + 24 * nr.max(1) as u32;
    let widest = rows
        .iter()
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(8);
    let colours = DerivedColorMap::new(&[
        RGBColor(247, 251, 255),
        RGBColor(107, 174, 214),
        RGBColor(8, 48, 107),
    ]);
    let caption = t.text(
        "chart-heat",
        &args! {"variant" => format!("{}{}", v.name, mark(v))},
    );
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (960, height)).into_drawing_area();
        root.fill(&WHITE).map_err(drawn)?;
        let (main, legend) = root.split_vertically(height - 50);
        let left = label_area(widest, 420);
        let mut chart = ChartBuilder::on(&main)
            .caption(caption, (FONT, 16))
            .margin(10)
            .x_label_area_size(24)
            .y_label_area_size(left)
            .build_cartesian_2d(
                (0..CELL * nc as i32).with_key_points(centres(nc)),
                (0..CELL * nr.max(1) as i32).with_key_points(centres(nr)),
            )
            .map_err(drawn)?;
        // Row 0 (the first crèche) at the top.
        chart
            .configure_mesh()
            .disable_mesh()
            .label_style((FONT, 12))
            .x_label_formatter(&|x| cols.get(index(*x, nc)).cloned().unwrap_or_default())
            .y_label_formatter(&|y| {
                rows.get(nr - 1 - index(*y, nr))
                    .map(|r| r.label.clone())
                    .unwrap_or_default()
            })
            .draw()
            .map_err(drawn)?;
        draw_cells(&mut chart, &heat_cells(rows, nc), &colours)?;
        colour_scale(&legend, &colours, left, t)?;
        root.present().map_err(drawn)?;
    }
    Ok(svg)
}

/// One cell of a heat map: its corner, free and used places, and whether it
/// differs from the base.
struct HeatCell {
    x: i32,
    y: i32,
    free: u32,
    used: u32,
    changed: bool,
}

/// The cells of `rows` (row 0 at the top), `nc` half-days each.
fn heat_cells(rows: &[HeatRow], nc: usize) -> Vec<HeatCell> {
    let nr = rows.len();
    rows.iter()
        .enumerate()
        .flat_map(|(k, r)| {
            let y = CELL * (nr - 1 - k) as i32;
            (0..nc).map(move |x| HeatCell {
                x: CELL * x as i32,
                y,
                free: r.free[x],
                used: r.used[x],
                changed: r.base.is_some_and(|(free, used)| {
                    free.get(x) != r.free.get(x) || used.get(x) != r.used.get(x)
                }),
            })
        })
        .collect()
}

type Grid = Cartesian2d<WithKeyPoints<RangedCoordi32>, WithKeyPoints<RangedCoordi32>>;

/// The cells coloured by the share used, the changed ones outlined, each
/// with its "used/free".
fn draw_cells(
    chart: &mut ChartContext<'_, SVGBackend<'_>, Grid>,
    cells: &[HeatCell],
    colours: &DerivedColorMap<RGBColor>,
) -> Result<()> {
    chart
        .draw_series(cells.iter().map(|c| {
            let colour = if c.free == 0 {
                NO_PLACE
            } else {
                colours.get_color(c.used as f32 / c.free as f32)
            };
            Rectangle::new([(c.x, c.y), (c.x + CELL, c.y + CELL)], colour.filled())
        }))
        .map_err(drawn)?;
    chart
        .draw_series(cells.iter().filter(|c| c.changed).map(|c| {
            Rectangle::new(
                [(c.x + 1, c.y + 1), (c.x + CELL - 1, c.y + CELL - 1)],
                CHANGED.stroke_width(3),
            )
        }))
        .map_err(drawn)?;
    chart
        .draw_series(cells.iter().filter(|c| c.free > 0).map(|c| {
            let dark = c.used as f32 / c.free as f32 > 0.6;
            let style = TextStyle::from((FONT, 11))
                .color(if dark { &WHITE } else { &BLACK })
                .pos(Pos::new(HPos::Center, VPos::Center));
            Text::new(
                format!("{}/{}", c.used, c.free),
                (c.x + CELL / 2, c.y + CELL / 2),
                style,
            )
        }))
        .map_err(drawn)?;
    Ok(())
}

/// The heat map's colour scale, 0 % to 100 % of the free places used.
fn colour_scale(
    area: &DrawingArea<SVGBackend, Shift>,
    colours: &DerivedColorMap<RGBColor>,
    left: u32,
    t: &Messages,
) -> Result<()> {
    let mut chart = ChartBuilder::on(area)
        .margin_left(left + 10)
        .margin_right(40)
        .x_label_area_size(22)
        .build_cartesian_2d(0.0..100.0, 0.0..1.0)
        .map_err(drawn)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .disable_y_axis()
        .x_labels(6)
        .x_label_formatter(&|x| t.text("chart-used", &args! {"pct" => t.number(*x, 0)}))
        .x_label_style((FONT, 12))
        .draw()
        .map_err(drawn)?;
    chart
        .draw_series((0..50).map(|k| {
            let x = k as f64 * 2.0;
            Rectangle::new(
                [(x, 0.0), (x + 2.0, 1.0)],
                colours.get_color(x as f32 / 100.0).filled(),
            )
        }))
        .map_err(drawn)?;
    Ok(())
}

/// The one scale of the compared points histograms: every variant's bins
/// fit in it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PointsScale {
    pub lo: f64,
    pub hi: f64,
    pub top: f64,
}

impl PointsScale {
    pub fn of(cmp: &Comparison) -> Self {
        let bins = || cmp.variants.iter().flat_map(|v| &v.figures.points);
        let lo = bins().map(|b| b.points).min().unwrap_or(0) as f64 - 1.0;
        let hi = bins().map(|b| b.points).max().unwrap_or(1) as f64 + 1.0;
        let top = bins()
            .map(|b| b.placed.max(b.waiting))
            .max()
            .unwrap_or(1)
            .max(1) as f64
            * 1.2;
        PointsScale { lo, hi, top }
    }
}

/// How many requests are placed and waiting at each number of points, on
/// the comparison's one scale.
pub fn points_distribution(v: &VariantResult, scale: PointsScale, t: &Messages) -> Result<String> {
    let bins = &v.figures.points;
    let caption = t.text(
        "chart-points",
        &args! {"variant" => format!("{}{}", abbreviate(&v.name, 30), mark(v))},
    );
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (560, 300)).into_drawing_area();
        root.fill(&WHITE).map_err(drawn)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(caption, (FONT, 15))
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(40)
            .build_cartesian_2d(scale.lo..scale.hi, 0.0..scale.top)
            .map_err(drawn)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(TRANSPARENT)
            .label_style((FONT, 12))
            .x_desc(t.t("chart-points-x"))
            .y_desc(t.t("chart-points-y"))
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|y| format!("{y:.0}"))
            .draw()
            .map_err(drawn)?;
        for (name, colour, left) in [
            (t.t("chart-placed-legend"), PLACED_COLOUR, true),
            (t.t("chart-waiting-legend"), WAITING_COLOUR, false),
        ] {
            chart
                .draw_series(bins.iter().map(|b| {
                    let (x, n) = (b.points as f64, if left { b.placed } else { b.waiting });
                    let (x0, x1) = if left { (x - 0.4, x) } else { (x, x + 0.4) };
                    Rectangle::new([(x0, 0.0), (x1, n as f64)], colour.filled())
                }))
                .map_err(drawn)?
                .label(name)
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 10, y + 5)], colour.filled())
                });
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .draw()
            .map_err(drawn)?;
        root.present().map_err(drawn)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_abbreviated_at_a_word_never_inside_one() {
        assert_eq!(abbreviate("Toboggan", 10), "Toboggan");
        assert_eq!(
            abbreviate("Au royaume des lutins / Bébés", 18),
            "Au royaume des…"
        );
        assert_eq!(
            abbreviate("Anticonstitutionnellement", 6),
            "Anticonstitutionnellement…"
        );
    }
}
