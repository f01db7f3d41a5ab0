//! The report's charts, drawn by `plotters` as SVG text to embed in the page.
//!
//! Only the SVG backend is compiled, without font libraries: plotters then
//! estimates text sizes itself and the browser draws the text with its own
//! sans-serif font, so the page needs nothing but itself to be viewed.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::compare::{Comparison, VariantResult};
use crate::error::{Error, Result};

const FONT: &str = "sans-serif";
const BASE_COLOUR: RGBColor = RGBColor(150, 150, 150);
const VARIANT_COLOUR: RGBColor = RGBColor(49, 130, 189);
const PLACED_COLOUR: RGBColor = RGBColor(49, 130, 189);
const WAITING_COLOUR: RGBColor = RGBColor(230, 120, 40);
const NO_PLACE: RGBColor = RGBColor(225, 225, 225);

fn drawn<E: std::error::Error + Send + Sync>(e: DrawingAreaErrorKind<E>) -> Error {
    Error::Report(format!("cannot draw a chart: {e}"))
}

fn short(name: &str, n: usize) -> String {
    if name.chars().count() <= n {
        name.to_string()
    } else {
        format!("{}…", name.chars().take(n - 1).collect::<String>())
    }
}

/// Placed requests and occupancy of every variant, as two horizontal bar
/// charts side by side (the base in grey, first row).
pub fn placed_and_occupancy(cmp: &Comparison) -> Result<String> {
    let n = cmp.variants.len();
    let height = 90 + 30 * n as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (960, height)).into_drawing_area();
        root.fill(&WHITE).map_err(drawn)?;
        let (left, right) = root.split_horizontally(480);
        let placed: Vec<f64> = cmp
            .variants
            .iter()
            .map(|v| v.figures.metrics.placed as f64)
            .collect();
        let occupancy: Vec<f64> = cmp
            .variants
            .iter()
            .map(|v| 100.0 * v.figures.metrics.occupancy)
            .collect();
        let names: Vec<String> = cmp.variants.iter().map(|v| short(&v.name, 22)).collect();
        bars(&left, "Requests placed", &names, &placed, 0)?;
        bars(
            &right,
            "Occupancy (% of free half-days)",
            &names,
            &occupancy,
            1,
        )?;
        root.present().map_err(drawn)?;
    }
    Ok(svg)
}

fn bars(
    area: &DrawingArea<SVGBackend, Shift>,
    caption: &str,
    names: &[String],
    values: &[f64],
    decimals: usize,
) -> Result<()> {
    let n = names.len();
    let max = values.iter().copied().fold(0.0, f64::max).max(1.0) * 1.15;
    let mut chart = ChartBuilder::on(area)
        .caption(caption, (FONT, 16))
        .margin(10)
        .x_label_area_size(28)
        .y_label_area_size(150)
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
        .x_label_formatter(&|x| format!("{x:.0}"))
        .label_style((FONT, 12))
        .draw()
        .map_err(drawn)?;
    chart
        .draw_series(values.iter().enumerate().map(|(k, &v)| {
            let colour = if k == 0 { BASE_COLOUR } else { VARIANT_COLOUR };
            Rectangle::new([(0.0, row(k) + 2), (v, row(k) + CELL - 2)], colour.filled())
        }))
        .map_err(drawn)?;
    let style = TextStyle::from((FONT, 12)).pos(Pos::new(HPos::Left, VPos::Center));
    chart
        .draw_series(values.iter().enumerate().map(|(k, &v)| {
            Text::new(
                format!(" {v:.decimals$}"),
                (v, row(k) + CELL / 2),
                style.clone(),
            )
        }))
        .map_err(drawn)?;
    Ok(())
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

/// Occupancy of every section of every crèche, per half-day of the week: one
/// row per crèche and section, one column per half-day, each cell "used/free"
/// coloured by the share used (grey: no free place), with a colour scale.
pub fn heat_map(cmp: &Comparison, v: &VariantResult) -> Result<String> {
    let rows: Vec<(String, &[u32], &[u32])> = v
        .figures
        .creches
        .iter()
        .flat_map(|c| {
            c.sections.iter().map(move |s| {
                (
                    format!("{} / {}", short(&c.name, 18), s.id),
                    s.free.as_slice(),
                    s.used.as_slice(),
                )
            })
        })
        .collect();
    let cols: Vec<String> = cmp
        .days
        .iter()
        .flat_map(|d| cmp.slots.iter().map(move |s| format!("{d} {s}")))
        .collect();
    let (nr, nc) = (rows.len(), cols.len());
    let height = 130 + 24 * nr.max(1) as u32;
    let colours = DerivedColorMap::new(&[
        RGBColor(247, 251, 255),
        RGBColor(107, 174, 214),
        RGBColor(8, 48, 107),
    ]);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (900, height)).into_drawing_area();
        root.fill(&WHITE).map_err(drawn)?;
        let (main, legend) = root.split_vertically(height - 50);
        let mut chart = ChartBuilder::on(&main)
            .caption(format!("Occupancy by half-day: {}", v.name), (FONT, 16))
            .margin(10)
            .x_label_area_size(24)
            .y_label_area_size(230)
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
                    .map(|r| r.0.clone())
                    .unwrap_or_default()
            })
            .draw()
            .map_err(drawn)?;
        let cells: Vec<(i32, i32, u32, u32)> = rows
            .iter()
            .enumerate()
            .flat_map(|(k, (_, free, used))| {
                let y = CELL * (nr - 1 - k) as i32;
                (0..nc).map(move |x| (CELL * x as i32, y, free[x], used[x]))
            })
            .collect();
        chart
            .draw_series(cells.iter().map(|&(x, y, free, used)| {
                let colour = if free == 0 {
                    NO_PLACE
                } else {
                    colours.get_color(used as f32 / free as f32)
                };
                Rectangle::new([(x, y), (x + CELL, y + CELL)], colour.filled())
            }))
            .map_err(drawn)?;
        chart
            .draw_series(cells.iter().filter(|c| c.2 > 0).map(|&(x, y, free, used)| {
                let dark = used as f32 / free as f32 > 0.6;
                let style = TextStyle::from((FONT, 11))
                    .color(if dark { &WHITE } else { &BLACK })
                    .pos(Pos::new(HPos::Center, VPos::Center));
                Text::new(
                    format!("{used}/{free}"),
                    (x + CELL / 2, y + CELL / 2),
                    style,
                )
            }))
            .map_err(drawn)?;
        colour_scale(&legend, &colours)?;
        root.present().map_err(drawn)?;
    }
    Ok(svg)
}

/// The heat map's colour scale, 0 % to 100 % of the free places used.
fn colour_scale(
    area: &DrawingArea<SVGBackend, Shift>,
    colours: &DerivedColorMap<RGBColor>,
) -> Result<()> {
    let mut chart = ChartBuilder::on(area)
        .margin_left(240)
        .margin_right(40)
        .x_label_area_size(22)
        .build_cartesian_2d(0.0..100.0, 0.0..1.0)
        .map_err(drawn)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .disable_y_axis()
        .x_labels(6)
        .x_label_formatter(&|x| format!("{x:.0} % used"))
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

/// How many requests are placed and waiting at each number of points.
pub fn points_distribution(v: &VariantResult) -> Result<String> {
    let bins = &v.figures.points;
    let lo = bins.first().map_or(0, |b| b.points) as f64 - 1.0;
    let hi = bins.last().map_or(1, |b| b.points) as f64 + 1.0;
    let top = bins
        .iter()
        .map(|b| b.placed.max(b.waiting))
        .max()
        .unwrap_or(1)
        .max(1) as f64
        * 1.2;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (560, 300)).into_drawing_area();
        root.fill(&WHITE).map_err(drawn)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(
                format!(
                    "Points of placed and waiting requests: {}",
                    short(&v.name, 30)
                ),
                (FONT, 15),
            )
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(40)
            .build_cartesian_2d(lo..hi, 0.0..top)
            .map_err(drawn)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(TRANSPARENT)
            .label_style((FONT, 12))
            .x_desc("points")
            .y_desc("requests")
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|y| format!("{y:.0}"))
            .draw()
            .map_err(drawn)?;
        for (name, colour, left) in [
            ("placed", PLACED_COLOUR, true),
            ("waiting", WAITING_COLOUR, false),
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
