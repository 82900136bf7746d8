//! Indonesian spellings of dates, days, times and numbers, as the Tata Naskah
//! Dinas writes them: "Selasa, 17 November 2026", "pukul 08.00 WIB",
//! Roman month numerals for letter numbers.

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike, Weekday};

pub const MONTHS: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

/// The baku day name ("Jumat", not "Jum'at").
pub fn day_name(date: NaiveDate) -> &'static str {
    match date.weekday() {
        Weekday::Mon => "Senin",
        Weekday::Tue => "Selasa",
        Weekday::Wed => "Rabu",
        Weekday::Thu => "Kamis",
        Weekday::Fri => "Jumat",
        Weekday::Sat => "Sabtu",
        Weekday::Sun => "Minggu",
    }
}

pub fn month_name(month: u32) -> &'static str {
    MONTHS
        .get(month.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("")
}

/// "17 November 2026": no leading zero, month in full, no trailing period.
pub fn date_long(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        date.day(),
        month_name(date.month()),
        date.year()
    )
}

/// "Selasa, 17 November 2026".
pub fn day_date(date: NaiveDate) -> String {
    format!("{}, {}", day_name(date), date_long(date))
}

/// "08.00": clock time with a period, as PUEBI writes it.
pub fn clock(time: NaiveTime) -> String {
    format!("{:02}.{:02}", time.hour(), time.minute())
}

/// "08.00–11.15 WIB".
pub fn clock_range(start: NaiveTime, end: NaiveTime, zone: &str) -> String {
    format!("{}–{} {}", clock(start), clock(end), zone)
}

/// Roman numerals for month numbers in letter numbers (1 → I, 11 → XI).
pub fn roman_month(month: u32) -> &'static str {
    const ROMAN: [&str; 12] = [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
    ];
    ROMAN
        .get(month.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("")
}

/// Parses an Indonesian (or English) month name or common abbreviation.
pub fn parse_month(word: &str) -> Option<u32> {
    let w = word.trim().trim_end_matches('.').to_lowercase();
    let month = match w.as_str() {
        "januari" | "jan" | "january" => 1,
        "februari" | "pebruari" | "feb" | "peb" | "february" => 2,
        "maret" | "mar" | "march" => 3,
        "april" | "apr" => 4,
        "mei" | "may" => 5,
        "juni" | "jun" | "june" => 6,
        "juli" | "jul" | "july" => 7,
        "agustus" | "agu" | "agt" | "ags" | "aug" | "august" => 8,
        "september" | "sep" | "sept" => 9,
        "oktober" | "okt" | "oct" | "october" => 10,
        "november" | "nopember" | "nov" | "nop" => 11,
        "desember" | "des" | "dec" | "december" => 12,
        _ => return None,
    };
    Some(month)
}

/// Whether a word is a day name (Indonesian or English), for stripping
/// "Senin, " off a date.
pub fn is_day_name(word: &str) -> bool {
    matches!(
        word.trim()
            .trim_end_matches([',', '.'])
            .to_lowercase()
            .as_str(),
        "senin"
            | "selasa"
            | "rabu"
            | "kamis"
            | "jumat"
            | "jum'at"
            | "sabtu"
            | "minggu"
            | "ahad"
            | "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_an_official_letter_writes_them() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 17).unwrap();
        assert_eq!(day_date(d), "Selasa, 17 November 2026");
        let d = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        assert_eq!(day_date(d), "Jumat, 4 Desember 2026");
        assert_eq!(
            date_long(NaiveDate::from_ymd_opt(2026, 2, 1).unwrap()),
            "1 Februari 2026"
        );
    }

    #[test]
    fn times_use_a_period() {
        let t = NaiveTime::from_hms_opt(8, 0, 0).unwrap();
        let e = NaiveTime::from_hms_opt(11, 15, 0).unwrap();
        assert_eq!(clock(t), "08.00");
        assert_eq!(clock_range(t, e, "WIB"), "08.00–11.15 WIB");
    }

    #[test]
    fn roman_months() {
        assert_eq!(roman_month(1), "I");
        assert_eq!(roman_month(11), "XI");
        assert_eq!(roman_month(13), "");
    }

    #[test]
    fn month_names_in_both_spellings() {
        assert_eq!(parse_month("Nopember"), Some(11));
        assert_eq!(parse_month("Agustus"), Some(8));
        assert_eq!(parse_month("Okt."), Some(10));
        assert_eq!(parse_month("Bulan"), None);
    }
}
