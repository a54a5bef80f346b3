//! Numbers, dates and lists in the house form (British English).
//!
//! The same functions back the Handlebars helpers in prose templates, so a
//! figure reads the same in a table and in a sentence; charts (their axes,
//! labels, alternative text and data tables) write their numbers with them
//! too. There is one minus sign (`−`, U+2212) and one thousands rule (a
//! comma every three digits).

/// The minus sign of every number the document prints.
pub const MINUS: &str = "\u{2212}";

/// `18253` → `18,253`; `-1234.5` → `−1,234.5`. Fractions keep up to `decimals`
/// places, with trailing zeros dropped.
pub fn thousands(value: f64, decimals: usize) -> String {
    number(value, decimals, true)
}

/// `value` with exactly `decimals` places, thousands grouped: `(2.5, 2)` →
/// `2.50`, `(-1234.5, 1)` → `−1,234.5` (a chart axis's labels, which keep
/// their step's places).
pub fn fixed(value: f64, decimals: usize) -> String {
    number(value, decimals, false)
}

/// `value` to `decimals` places, grouped, signed with [`MINUS`] unless it
/// rounds to zero; `trim`: trailing zeros of the fraction dropped.
fn number(value: f64, decimals: usize, trim: bool) -> String {
    let rounded = format!("{:.*}", decimals, value.abs());
    let (int, frac) = match rounded.split_once('.') {
        Some((i, f)) if trim => (i.to_string(), f.trim_end_matches('0').to_string()),
        Some((i, f)) => (i.to_string(), f.to_string()),
        None => (rounded.clone(), String::new()),
    };
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let zero = int == "0" && frac.chars().all(|c| c == '0');
    let sign = if value < 0.0 && !zero { MINUS } else { "" };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

/// The change from `from` to `to` in per cent, signed, one decimal place:
/// `(1365, 1536)` → `+12.5%`. `None` when `from` is zero.
pub fn percent_change(from: f64, to: f64) -> Option<String> {
    if from == 0.0 || !from.is_finite() || !to.is_finite() {
        return None;
    }
    Some(signed_percent((to - from) / from * 100.0))
}

/// A signed percentage to one decimal place: `12.46` → `+12.5%`, `-3.5` → `−3.5%`.
pub fn signed_percent(change: f64) -> String {
    let change = (change * 10.0).round() / 10.0;
    format!("{}{:.1}%", sign(change), change.abs())
}

fn sign(value: f64) -> &'static str {
    if value > 0.0 {
        "+"
    } else if value < 0.0 {
        MINUS
    } else {
        ""
    }
}

/// The change from `from` to `to` in percentage points: `(13.8, 18.6)` → `+4.8 points`.
pub fn point_change(from: f64, to: f64) -> String {
    let change = ((to - from) * 10.0).round() / 10.0;
    let unit = if change.abs() == 1.0 {
        "point"
    } else {
        "points"
    };
    format!("{}{:.1} {unit}", sign(change), change.abs())
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date in British form. Accepts `YYYY-MM-DD` (→ `30 June 2004`) and
/// `YYYY-MM` (→ `June 2004`). Anything else is an error naming the form wanted.
pub fn british_date(iso: &str) -> Result<String, String> {
    let bad = || format!("`{iso}` is not a date: expected YYYY-MM-DD or YYYY-MM");
    let parts: Vec<&str> = iso.trim().split('-').collect();
    let num = |s: &str, len: usize| -> Result<u32, String> {
        if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse().map_err(|_| bad())
        } else {
            Err(bad())
        }
    };
    match parts.as_slice() {
        [y, m] => {
            let (y, m) = (num(y, 4)?, num(m, 2)?);
            let month = MONTHS.get((m as usize).wrapping_sub(1)).ok_or_else(bad)?;
            Ok(format!("{month} {y}"))
        }
        [y, m, d] => {
            let (y, m, d) = (num(y, 4)?, num(m, 2)?, num(d, 2)?);
            let month = MONTHS.get((m as usize).wrapping_sub(1)).ok_or_else(bad)?;
            if d == 0 || d > days_in_month(y, m) {
                return Err(format!("`{iso}` is not a date: {month} {y} has no day {d}"));
            }
            Ok(format!("{d} {month} {y}"))
        }
        _ => Err(bad()),
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Joins items the way a sentence lists them: `a`, `a and b`, `a, b and c`.
pub fn join_list<S: AsRef<str>>(items: &[S], conjunction: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} {conjunction} {}", init.join(", "), last.as_ref())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_groups_and_signs() {
        assert_eq!(thousands(18253.0, 0), "18,253");
        assert_eq!(thousands(1365.0, 0), "1,365");
        assert_eq!(thousands(999.0, 0), "999");
        assert_eq!(thousands(1234567.891, 2), "1,234,567.89");
        assert_eq!(thousands(-1234.5, 1), "\u{2212}1,234.5");
        assert_eq!(thousands(13.80, 1), "13.8");
        assert_eq!(thousands(-0.01, 0), "0");
        assert_eq!(fixed(2.5, 2), "2.50");
        assert_eq!(fixed(-1234.5, 1), "\u{2212}1,234.5");
        assert_eq!(fixed(-0.0001, 1), "0.0");
    }

    #[test]
    fn percent_change_is_signed_to_one_place() {
        assert_eq!(percent_change(1365.0, 1536.0).unwrap(), "+12.5%");
        assert_eq!(percent_change(200.0, 150.0).unwrap(), "\u{2212}25.0%");
        assert_eq!(percent_change(10.0, 10.0).unwrap(), "0.0%");
        assert_eq!(percent_change(0.0, 5.0), None);
        assert_eq!(point_change(13.8, 18.6), "+4.8 points");
    }

    #[test]
    fn dates_read_the_british_way() {
        assert_eq!(british_date("2004-06-30").unwrap(), "30 June 2004");
        assert_eq!(british_date("2005-03").unwrap(), "March 2005");
        assert!(
            british_date("2004-02-30")
                .unwrap_err()
                .contains("no day 30")
        );
        assert!(
            british_date("30/06/2004")
                .unwrap_err()
                .contains("YYYY-MM-DD")
        );
        assert!(british_date("2004-13-01").is_err());
    }

    #[test]
    fn lists_join_with_a_conjunction() {
        assert_eq!(join_list::<&str>(&[], "and"), "");
        assert_eq!(join_list(&["police"], "and"), "police");
        assert_eq!(
            join_list(&["police", "housing"], "and"),
            "police and housing"
        );
        assert_eq!(join_list(&["a", "b", "c"], "or"), "a, b or c");
    }
}
