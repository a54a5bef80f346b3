//! The value axis: a range from zero (or below, for negative values) to a
//! round number past the largest value, in round steps, leaving room at
//! the ends for the value labels.

/// A value axis: from `low` to `high` in steps of `step`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Axis {
    /// The value at the bottom of the plot.
    pub low: f64,
    /// The value at the top of the plot.
    pub high: f64,
    /// The distance between gridlines.
    pub step: f64,
}

/// About this many steps from bottom to top.
const STEPS: f64 = 5.0;

impl Axis {
    /// The axis for values from `min` to `max` on a plot `length` long that
    /// keeps `room` (the same unit as `length`) between the largest value's
    /// end and the top, and between the most negative value's end and the
    /// bottom: room for a label outside the bar or point; gridlines at
    /// least `spacing` apart, so their labels never touch.
    pub(crate) fn fit(min: f64, max: f64, length: f64, room: f64, spacing: f64) -> Axis {
        let (min, max) = (min.min(0.0), max.max(0.0));
        let usable = (length - 2.0 * room).max(length * 0.25);
        let mut target_low = min;
        let mut target_high = if max == min { 1.0 } else { max };
        loop {
            let mut step = nice_step((target_high - target_low) / STEPS);
            let (mut low, mut high);
            loop {
                low = (target_low / step).floor() * step;
                high = (target_high / step).ceil() * step;
                if step / (high - low) * length >= spacing || step / (high - low) >= 0.5 {
                    break;
                }
                step = nice_step(step * 1.01 / 0.7);
            }
            let axis = Axis { low, high, step };
            let span = high - low;
            let fits_top = max <= 0.0 || (max - low) / span * length + room <= length;
            let fits_bottom = min >= 0.0 || (high - min) / span * length + room <= length;
            // Growing the range by a step at a time always ends: the values
            // take an ever smaller share of the plot until the room fits.
            if (fits_top && fits_bottom) || usable <= 0.0 {
                return axis;
            }
            if !fits_top {
                target_high = high + step;
            }
            if !fits_bottom {
                target_low = low - step;
            }
        }
    }

    /// Where `value` is along the axis: 0 at `low`, 1 at `high`.
    pub(crate) fn share(&self, value: f64) -> f64 {
        (value - self.low) / (self.high - self.low)
    }

    /// The gridline values, bottom to top.
    pub(crate) fn ticks(&self) -> Vec<f64> {
        let count = ((self.high - self.low) / self.step).round() as i64;
        (0..=count)
            .map(|i| {
                let v = self.low + i as f64 * self.step;
                // Keep -0 and rounding dust out of the labels.
                if v.abs() < self.step * 1e-9 { 0.0 } else { v }
            })
            .collect()
    }

    /// A gridline's label: thousands separated, with as many decimals as
    /// the step needs (`2.5`, `0.25`, `6,000`).
    pub(crate) fn label(&self, value: f64) -> String {
        let mut decimals = 0;
        while decimals < 6 {
            let scaled = self.step * 10f64.powi(decimals);
            if (scaled - scaled.round()).abs() < 1e-6 {
                break;
            }
            decimals += 1;
        }
        quire_model::format::fixed(value, decimals as usize)
    }
}

/// A round step (1, 2, 2.5 or 5 times a power of ten) near `rough`: the
/// smallest at least 0.7 of it, so an axis has from about four to seven
/// steps rather than as few as three.
fn nice_step(rough: f64) -> f64 {
    if rough <= 0.0 || !rough.is_finite() {
        return 1.0;
    }
    let power = 10f64.powf(rough.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= rough * 0.7 * (1.0 - 1e-9))
        .unwrap_or(10.0 * power)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_runs_from_zero_to_a_round_number_past_the_largest_value() {
        let axis = Axis::fit(58.0, 5640.0, 200.0, 0.0, 10.0);
        assert_eq!((axis.low, axis.high, axis.step), (0.0, 6000.0, 1000.0));
        assert_eq!(axis.label(6000.0), "6,000");
        assert_eq!(axis.ticks().len(), 7);
    }

    #[test]
    fn the_axis_leaves_room_for_labels_at_both_ends() {
        let room = 20.0;
        let axis = Axis::fit(-90.0, 100.0, 200.0, room, 10.0);
        let top = (100.0 - axis.low) / (axis.high - axis.low) * 200.0;
        let bottom = (axis.high + 90.0) / (axis.high - axis.low) * 200.0;
        assert!(top + room <= 200.0, "{axis:?}");
        assert!(bottom + room <= 200.0, "{axis:?}");
    }

    #[test]
    fn gridlines_keep_apart() {
        let axis = Axis::fit(0.0, 470.0, 60.0, 0.0, 18.0);
        let apart = axis.step / (axis.high - axis.low) * 60.0;
        assert!(apart >= 18.0, "{axis:?}");
    }

    #[test]
    fn labels_have_the_steps_decimals() {
        let axis = Axis {
            low: 0.0,
            high: 1.0,
            step: 0.25,
        };
        assert_eq!(axis.label(0.5), "0.50");
        let axis = Axis {
            low: 0.0,
            high: 25.0,
            step: 2.5,
        };
        assert_eq!(axis.label(20.0), "20.0");
    }
}
