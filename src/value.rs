//! Turning cell values into typed values: dates, times, IDs, yes/no, numbers.
//!
//! Staff type dates and times in many ways, and Excel stores some of them as
//! numbers; each parser accepts every spelling the spec lists and returns a
//! message in Bahasa Indonesia for what it cannot read. "Empty" is `Ok(None)`
//! so that callers decide whether a value was required.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime};

use crate::indo;
use crate::ingest::{Cell, format_number, time_from_fraction};

/// A parse failure, already worded for the operator.
pub type ParseResult<T> = Result<Option<T>, String>;

/// Clean display text: trimmed, whitespace (including non-breaking spaces,
/// tabs and line breaks) collapsed to single spaces, control characters gone.
pub fn clean_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s
        .split(|c: char| c.is_whitespace() || c == '\u{a0}' || c.is_control())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The cell as clean text, `None` when empty. Numbers print without `.0`.
pub fn text(cell: &Cell) -> Option<String> {
    let t = clean_text(&cell.text());
    (!t.is_empty()).then_some(t)
}

/// A date from a date cell, an Excel serial number, or text in any of the
/// usual spellings: ISO `2026-11-17`, `17/11/2026`, `17-11-2026`,
/// `17.11.2026`, `17 November 2026`, `Senin, 17 November 2026`, `17 Nov 26`.
pub fn date(cell: &Cell) -> ParseResult<NaiveDate> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Date(d) => Ok(Some(d.date())),
        Cell::Number(n) => serial_date(*n)
            .map(Some)
            .ok_or_else(|| format!("angka {} bukan tanggal", format_number(*n))),
        Cell::Text(s) if s.trim().is_empty() => Ok(None),
        Cell::Text(s) => parse_date_text(s).map(Some),
        Cell::Time(_) => Err("berisi jam, bukan tanggal".into()),
        Cell::Bool(_) | Cell::Error(_) => Err(format!("\"{}\" bukan tanggal", cell.text())),
    }
}

/// The day name written before a date ("Senin, 17 November 2026") when it
/// is not the day that date falls on: `Some(("Senin", "Selasa"))`.
pub fn wrong_day_name(cell: &Cell, date: NaiveDate) -> Option<(String, &'static str)> {
    let Cell::Text(s) = cell else { return None };
    let first = clean_text(s);
    let first = first.split([',', ' ']).next()?;
    if !indo::is_day_name(first) {
        return None;
    }
    let written = first.to_lowercase().replace('\'', "");
    let written = match written.as_str() {
        "ahad" => "minggu".to_string(),
        "monday" => "senin".into(),
        "tuesday" => "selasa".into(),
        "wednesday" => "rabu".into(),
        "thursday" => "kamis".into(),
        "friday" => "jumat".into(),
        "saturday" => "sabtu".into(),
        "sunday" => "minggu".into(),
        other => other.to_string(),
    };
    let actual = indo::day_name(date);
    (written != actual.to_lowercase()).then(|| (first.to_string(), actual))
}

/// An Excel serial date in the 1900 system (1 = 1900-01-01, with Excel's
/// phantom 29 February 1900 counted).
pub fn serial_date(serial: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let days = if days < 61 { days + 1 } else { days };
    base.checked_add_signed(Duration::days(days))
}

fn parse_date_text(raw: &str) -> Result<NaiveDate, String> {
    let shown = clean_text(raw);
    let mut s = shown.as_str();
    // "Senin, 17 November 2026" / "Senin 17-11-2026"
    if let Some((first, rest)) = s.split_once([',', ' '])
        && indo::is_day_name(first)
    {
        s = rest.trim_start_matches([',', ' ']);
    }
    let bad = || format!("\"{shown}\" tidak dapat dibaca sebagai tanggal");
    // ISO, possibly with a time part.
    let date_part = s.split(['T', ' ']).next().unwrap_or(s);
    if date_part.len() >= 8 && date_part.as_bytes().get(4) == Some(&b'-') {
        let parts: Vec<&str> = date_part.split('-').collect();
        if let [y, m, d] = parts.as_slice() {
            return ymd(y, m, d, &shown).ok_or_else(bad)?;
        }
    }
    // 17/11/2026, 17-11-2026, 17.11.2026
    for sep in ['/', '-', '.'] {
        let parts: Vec<&str> = s.split(sep).map(str::trim).collect();
        if let [d, m, y] = parts.as_slice() {
            if [d, m, y]
                .iter()
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
            {
                return ymd(y, m, d, &shown).ok_or_else(bad)?;
            }
            // 17-Nov-2026
            if let Some(month) = indo::parse_month(m) {
                return ymd(y, &month.to_string(), d, &shown).ok_or_else(bad)?;
            }
        }
    }
    // 17 November 2026 / November 17, 2026
    let words: Vec<&str> = s.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    if let [a, b, c] = words.as_slice() {
        if let Some(month) = indo::parse_month(b) {
            return ymd(c, &month.to_string(), a, &shown).ok_or_else(bad)?;
        }
        if let Some(month) = indo::parse_month(a) {
            return ymd(c, &month.to_string(), b, &shown).ok_or_else(bad)?;
        }
    }
    Err(bad())
}

/// Builds a date from text parts; `None` when the parts are not numbers,
/// `Some(Err)` when they are numbers but the date does not exist.
fn ymd(y: &str, m: &str, d: &str, shown: &str) -> Option<Result<NaiveDate, String>> {
    let y: i32 = y.trim().parse().ok()?;
    let m: u32 = m.trim().parse().ok()?;
    let d: u32 = d.trim().parse().ok()?;
    let y = match y {
        0..=40 => 2000 + y,
        41..=99 => 1900 + y,
        _ => y,
    };
    if !(1900..=2200).contains(&y) {
        return Some(Err(format!("tahun {y} pada \"{shown}\" tidak masuk akal")));
    }
    if !(1..=12).contains(&m) {
        return Some(Err(format!(
            "bulan {m} pada \"{shown}\" tidak ada (harus 1–12)"
        )));
    }
    Some(
        NaiveDate::from_ymd_opt(y, m, d)
            .ok_or_else(|| format!("tanggal \"{shown}\" tidak ada di kalender")),
    )
}

/// A time of day from a time cell, a day fraction, a number typed as
/// `8.30`, or text such as `08.00`, `08:00`, `8.00 WIB`, `pukul 08.00`.
pub fn time(cell: &Cell) -> ParseResult<NaiveTime> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Time(t) => Ok(Some(*t)),
        Cell::Date(d) if d.date().year() <= 1900 => Ok(Some(d.time())),
        Cell::Number(n) if (0.0..1.0).contains(n) => Ok(time_from_fraction(*n)),
        Cell::Number(n) if (1.0..24.0).contains(n) => {
            // "8.30" typed into a number cell: hours and minutes.
            let hours = n.trunc() as u32;
            let minutes = ((n - n.trunc()) * 100.0).round() as u32;
            NaiveTime::from_hms_opt(hours, minutes, 0)
                .map(Some)
                .ok_or_else(|| format!("\"{}\" bukan jam yang sah", format_number(*n)))
        }
        Cell::Text(s) if s.trim().is_empty() => Ok(None),
        Cell::Text(s) => parse_time_text(s).map(Some),
        _ => Err(format!("\"{}\" bukan jam", cell.text())),
    }
}

fn parse_time_text(raw: &str) -> Result<NaiveTime, String> {
    let shown = clean_text(raw);
    let lower = shown.to_lowercase();
    let mut s = lower.trim();
    for prefix in ["pukul", "pkl.", "pkl", "jam"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.trim();
        }
    }
    for zone in ["wib", "wita", "wit"] {
        if let Some(rest) = s.strip_suffix(zone) {
            s = rest.trim();
            break;
        }
    }
    let (s, pm) = if let Some(rest) = s.strip_suffix("pm") {
        (rest.trim(), Some(true))
    } else if let Some(rest) = s.strip_suffix("am") {
        (rest.trim(), Some(false))
    } else {
        (s, None)
    };
    let parts: Vec<&str> = s.split([':', '.']).collect();
    let bad = || format!("\"{shown}\" tidak dapat dibaca sebagai jam (contoh: 08.00)");
    let num = |p: &str| -> Option<u32> {
        (!p.is_empty() && p.len() <= 2 && p.chars().all(|c| c.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let (h, m, sec) = match parts.as_slice() {
        [h] => (num(h).ok_or_else(bad)?, 0, 0),
        [h, m] => (num(h).ok_or_else(bad)?, num(m).ok_or_else(bad)?, 0),
        [h, m, s] => (
            num(h).ok_or_else(bad)?,
            num(m).ok_or_else(bad)?,
            num(s).ok_or_else(bad)?,
        ),
        _ => return Err(bad()),
    };
    let h = match pm {
        Some(true) if h < 12 => h + 12,
        Some(false) if h == 12 => 0,
        _ => h,
    };
    NaiveTime::from_hms_opt(h, m, sec).ok_or_else(|| format!("jam \"{shown}\" tidak ada"))
}

/// A time range in one cell: "08.00 - 11.00", "08.00–11.00 WIB",
/// "08.00 s.d. 11.00", "08.00 s/d selesai" (end unknown).
pub fn time_range(cell: &Cell) -> ParseResult<(NaiveTime, Option<NaiveTime>)> {
    let Some(s) = text(cell) else {
        return Ok(None);
    };
    let lower = s.to_lowercase();
    for sep in ["s.d.", "s/d", "sd", "sampai", "–", "—", "-"] {
        if let Some((a, b)) = lower.split_once(sep) {
            let start = parse_time_text(a)?;
            let b = b.trim();
            if b.starts_with("selesai") {
                return Ok(Some((start, None)));
            }
            return Ok(Some((start, Some(parse_time_text(b)?))));
        }
    }
    time(cell).map(|t| t.map(|t| (t, None)))
}

/// An identifier (NIK, NIP, phone) read as text, remembering whether the
/// cell held a number, which in Excel means digits past the 15th are gone.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Id {
    /// As the cell shows it (trimmed).
    pub raw: String,
    /// Only the characters that matter: spaces, dots, dashes and a leading
    /// apostrophe removed.
    pub digits: String,
    /// The cell was a number cell (or text in exponent notation such as
    /// `3,21701E+15`, which is what a number cell looks like after saving
    /// as CSV).
    pub from_number: bool,
}

pub fn id(cell: &Cell) -> Option<Id> {
    match cell {
        Cell::Number(n) => {
            let digits = format_number(*n);
            Some(Id {
                raw: digits.clone(),
                digits,
                from_number: true,
            })
        }
        Cell::Text(s) => {
            let raw = clean_text(s);
            if raw.is_empty() {
                return None;
            }
            if let Some(expanded) = expand_exponent(&raw) {
                return Some(Id {
                    raw,
                    digits: expanded,
                    from_number: true,
                });
            }
            let digits: String = raw
                .trim_start_matches(['\'', '`', '‘', '’'])
                .chars()
                .filter(|c| !matches!(c, ' ' | '.' | '-' | '\u{a0}' | '\''))
                .collect();
            Some(Id {
                raw,
                digits,
                from_number: false,
            })
        }
        Cell::Empty => None,
        other => {
            let raw = other.text();
            Some(Id {
                digits: raw.clone(),
                raw,
                from_number: false,
            })
        }
    }
}

/// "3,21701E+15" or "3.21701E+15" → "3217010000000000" (the digits that
/// survived); `None` when the text is not exponent notation.
fn expand_exponent(s: &str) -> Option<String> {
    let upper = s.to_ascii_uppercase();
    let (mantissa, exp) = upper.split_once("E+").or_else(|| upper.split_once('E'))?;
    let exp: usize = exp.trim().parse().ok()?;
    let mantissa = mantissa.trim().replace(',', ".");
    let (int, frac) = mantissa.split_once('.').unwrap_or((&mantissa, ""));
    if int.is_empty() || !int.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if !frac.chars().all(|c| c.is_ascii_digit()) || frac.len() > exp || exp > 40 {
        return None;
    }
    Some(format!("{int}{frac}{}", "0".repeat(exp - frac.len())))
}

/// Yes/no marks: `Ya/Tidak/Y/T/✓/v/x/1/0/TRUE/FALSE/Ada/-`.
pub fn yes_no(cell: &Cell) -> ParseResult<bool> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Bool(b) => Ok(Some(*b)),
        Cell::Number(n) if *n == 1.0 => Ok(Some(true)),
        Cell::Number(n) if *n == 0.0 => Ok(Some(false)),
        _ => {
            let Some(t) = text(cell) else {
                return Ok(None);
            };
            match t.to_lowercase().trim_end_matches('.') {
                "ya" | "y" | "yes" | "iya" | "ada" | "tersedia" | "sudah" | "true" | "benar"
                | "✓" | "✔" | "☑" | "v" | "x" | "√" | "ok" | "hadir" | "h" | "1" => {
                    Ok(Some(true))
                }
                "tidak" | "t" | "tdk" | "no" | "n" | "tidak ada" | "belum" | "false" | "-"
                | "✗" | "✘" | "tidak hadir" | "a" | "s" | "i" | "absen" | "alpa" | "sakit"
                | "izin" | "ijin" | "0" => Ok(Some(false)),
                _ => Err(format!("\"{t}\" bukan Ya/Tidak")),
            }
        }
    }
}

/// A number, accepting a decimal comma ("36,5") as Indonesian Excel writes it.
pub fn number(cell: &Cell) -> ParseResult<f64> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Number(n) => Ok(Some(*n)),
        _ => {
            let Some(t) = text(cell) else {
                return Ok(None);
            };
            let cleaned: String = t
                .trim_end_matches(|c: char| c.is_alphabetic() || c == '°' || c == '²' || c == ' ')
                .replace(',', ".");
            cleaned
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .map(Some)
                .ok_or_else(|| format!("\"{t}\" bukan angka"))
        }
    }
}

/// Sex as written in a L/P column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Sex {
    L,
    P,
}

impl Sex {
    pub fn label(self) -> &'static str {
        match self {
            Sex::L => "Laki-laki",
            Sex::P => "Perempuan",
        }
    }
}

pub fn sex(cell: &Cell) -> ParseResult<Sex> {
    let Some(t) = text(cell) else {
        return Ok(None);
    };
    let key: String = t
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    match key.as_str() {
        "l" | "lk" | "laki" | "lakilaki" | "pria" | "m" | "male" | "cowok" => Ok(Some(Sex::L)),
        "p" | "pr" | "perempuan" | "wanita" | "w" | "f" | "female" => Ok(Some(Sex::P)),
        _ => Err(format!("\"{t}\" bukan jenis kelamin (isi L atau P)")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDateTime;

    fn t(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_in_every_spelling_the_office_uses() {
        let want = d(2026, 11, 17);
        for s in [
            "2026-11-17",
            "2026-11-17T08:00:00",
            "17/11/2026",
            "17-11-2026",
            "17.11.2026",
            "17 November 2026",
            "Selasa, 17 November 2026",
            "selasa 17-11-2026",
            "17 Nov 2026",
            "17-Nov-2026",
            "17 Nopember 2026",
            "November 17, 2026",
            " 17 /11/ 2026 ",
        ] {
            assert_eq!(date(&t(s)), Ok(Some(want)), "{s}");
        }
        assert_eq!(date(&Cell::Number(46343.0)), Ok(Some(want)));
        let dt = NaiveDateTime::parse_from_str("2026-11-17 00:00", "%Y-%m-%d %H:%M").unwrap();
        assert_eq!(date(&Cell::Date(dt)), Ok(Some(want)));
        assert_eq!(date(&Cell::Empty), Ok(None));
    }

    #[test]
    fn a_wrong_day_name_is_noticed() {
        let date = d(2026, 11, 17);
        assert_eq!(
            wrong_day_name(&t("Senin, 17 November 2026"), date),
            Some(("Senin".to_string(), "Selasa"))
        );
        assert_eq!(wrong_day_name(&t("Selasa, 17 November 2026"), date), None);
        assert_eq!(wrong_day_name(&t("17 November 2026"), date), None);
        assert_eq!(
            wrong_day_name(&t("Jum'at, 20 November 2026"), d(2026, 11, 20)),
            None
        );
    }

    #[test]
    fn serial_dates_match_excel() {
        assert_eq!(serial_date(1.0), Some(d(1900, 1, 1)));
        assert_eq!(serial_date(59.0), Some(d(1900, 2, 28)));
        assert_eq!(serial_date(61.0), Some(d(1900, 3, 1)));
        assert_eq!(serial_date(25569.0), Some(d(1970, 1, 1)));
        assert_eq!(serial_date(0.5), None);
    }

    #[test]
    fn impossible_dates_are_named() {
        let err = date(&t("31/02/1990")).unwrap_err();
        assert!(
            err.contains("31/02/1990") && err.contains("tidak ada"),
            "{err}"
        );
        let err = date(&t("1990-13-01")).unwrap_err();
        assert!(err.contains("bulan 13"), "{err}");
        assert!(date(&t("besok")).is_err());
        assert!(date(&t("17 Bulan 2026")).is_err());
    }

    #[test]
    fn two_digit_years_pivot() {
        assert_eq!(date(&t("05/03/80")), Ok(Some(d(1980, 3, 5))));
        assert_eq!(date(&t("05/03/04")), Ok(Some(d(2004, 3, 5))));
    }

    #[test]
    fn times_in_every_spelling() {
        let want = NaiveTime::from_hms_opt(8, 30, 0).unwrap();
        for s in [
            "08.30",
            "08:30",
            "8.30",
            "08.30 WIB",
            "pukul 08.30",
            "08:30:00",
            "8:30 AM",
        ] {
            assert_eq!(time(&t(s)), Ok(Some(want)), "{s}");
        }
        assert_eq!(time(&Cell::Number(8.3)), Ok(Some(want)));
        assert_eq!(time(&Cell::Number(0.3541666666666667)), Ok(Some(want)));
        assert_eq!(time(&Cell::Time(want)), Ok(Some(want)));
        assert_eq!(time(&t("1:15 PM")), Ok(NaiveTime::from_hms_opt(13, 15, 0)));
        assert!(time(&t("25.00")).is_err());
        assert!(time(&t("pagi")).is_err());
    }

    #[test]
    fn time_ranges() {
        let a = NaiveTime::from_hms_opt(8, 0, 0).unwrap();
        let b = NaiveTime::from_hms_opt(11, 0, 0).unwrap();
        assert_eq!(time_range(&t("08.00 - 11.00")), Ok(Some((a, Some(b)))));
        assert_eq!(time_range(&t("08.00–11.00 WIB")), Ok(Some((a, Some(b)))));
        assert_eq!(time_range(&t("08.00 s.d. selesai")), Ok(Some((a, None))));
        assert_eq!(time_range(&t("08.00 s/d 11.00")), Ok(Some((a, Some(b)))));
    }

    #[test]
    fn ids_are_text_and_remember_number_cells() {
        let nik = id(&t("'3217 0141.0468-0001")).unwrap();
        assert_eq!(nik.digits, "3217014104680001");
        assert!(!nik.from_number);
        let nik = id(&Cell::Number(3217026101700000.0)).unwrap();
        assert_eq!(nik.digits, "3217026101700000");
        assert!(nik.from_number);
        let nik = id(&t("3,21701E+15")).unwrap();
        assert_eq!(nik.digits, "3217010000000000");
        assert!(nik.from_number);
        let hp = id(&Cell::Number(89637760207.0)).unwrap();
        assert_eq!(hp.digits, "89637760207");
        assert_eq!(id(&t("  ")), None);
    }

    #[test]
    fn yes_no_marks() {
        for s in ["Ya", "y", "✓", "v", "V", "x", "ADA", "Hadir"] {
            assert_eq!(yes_no(&t(s)), Ok(Some(true)), "{s}");
        }
        for s in ["Tidak", "T", "tdk", "-", "tidak ada"] {
            assert_eq!(yes_no(&t(s)), Ok(Some(false)), "{s}");
        }
        assert!(yes_no(&t("mungkin")).is_err());
        assert_eq!(yes_no(&Cell::Number(1.0)), Ok(Some(true)));
    }

    #[test]
    fn numbers_with_decimal_comma() {
        assert_eq!(number(&t("36,5")), Ok(Some(36.5)));
        assert_eq!(number(&t("36.5 °C")), Ok(Some(36.5)));
        assert_eq!(number(&t("120 m²")), Ok(Some(120.0)));
        assert!(number(&t("panas")).is_err());
    }

    #[test]
    fn sexes() {
        assert_eq!(sex(&t("L")), Ok(Some(Sex::L)));
        assert_eq!(sex(&t("Laki-laki")), Ok(Some(Sex::L)));
        assert_eq!(sex(&t("perempuan")), Ok(Some(Sex::P)));
        assert!(sex(&t("X")).is_err());
    }

    #[test]
    fn clean_text_collapses_whitespace() {
        assert_eq!(clean_text("  Siti\u{a0}\u{a0}Aminah\n "), "Siti Aminah");
        assert_eq!(clean_text("\t"), "");
    }
}
