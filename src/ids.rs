//! Indonesian identifiers: NIK (Dukcapil), NIP/NI PPPK (BKN) and mobile
//! numbers (libphonenumber's metadata for ID). Pure functions over digit
//! strings; every problem comes back worded for the operator.

use chrono::{Datelike, NaiveDate};

use crate::value::Sex;

/// Kemendagri province codes (38 provinces, Kepmendagri 300.2.2-2138/2025).
pub fn is_province(code: u32) -> bool {
    matches!(code, 11..=19 | 21 | 31..=36 | 51..=53 | 61..=65 | 71..=76 | 81 | 82 | 91..=96)
}

/// What a NIK encodes about its holder (as registered, not necessarily
/// the real birth date).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NikBirth {
    pub day: u32,
    pub month: u32,
    /// Two-digit year.
    pub yy: u32,
    pub sex: Sex,
}

fn digits_at(s: &str, range: std::ops::Range<usize>) -> Option<u32> {
    s.get(range)?.parse().ok()
}

/// Every structural problem of a NIK, empty when it is well-formed:
/// 16 digits; a valid province; kabupaten and kecamatan not `00`; an
/// encoded birth date that exists (day + 40 for women); sequence not 0000.
pub fn nik_problems(nik: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if !nik.chars().all(|c| c.is_ascii_digit()) {
        problems.push(format!("NIK \"{nik}\" harus berisi angka saja"));
        return problems;
    }
    if nik.len() != 16 {
        problems.push(format!("NIK harus 16 angka, ini {} angka", nik.len()));
        return problems;
    }
    let province = digits_at(nik, 0..2).unwrap_or(0);
    if !is_province(province) {
        problems.push(format!(
            "kode provinsi {province:02} (2 angka pertama NIK) tidak ada"
        ));
    }
    if nik.get(2..4) == Some("00") {
        problems.push("kode kabupaten/kota (angka ke-3–4 NIK) tidak boleh 00".into());
    }
    if nik.get(4..6) == Some("00") {
        problems.push("kode kecamatan (angka ke-5–6 NIK) tidak boleh 00".into());
    }
    let day = digits_at(nik, 6..8).unwrap_or(0);
    let month = digits_at(nik, 8..10).unwrap_or(0);
    let real_day = if day > 40 { day - 40 } else { day };
    if !(1..=31).contains(&real_day) {
        problems.push(format!(
            "tanggal lahir di NIK ({day:02}, angka ke-7–8) tidak sah: 01–31 untuk laki-laki, 41–71 untuk perempuan"
        ));
    } else if !(1..=12).contains(&month) {
        problems.push(format!(
            "bulan lahir di NIK ({month:02}, angka ke-9–10) tidak sah"
        ));
    } else if NaiveDate::from_ymd_opt(2000, month, real_day).is_none() {
        // 2000 is a leap year, so 29 February is accepted.
        problems.push(format!(
            "tanggal lahir di NIK ({real_day:02}-{month:02}) tidak ada di kalender"
        ));
    }
    if nik.get(12..16) == Some("0000") {
        problems.push("nomor urut NIK (4 angka terakhir) tidak boleh 0000".into());
    }
    problems
}

/// The birth date and sex a well-formed NIK encodes.
pub fn nik_birth(nik: &str) -> Option<NikBirth> {
    if nik.len() != 16 || !nik.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let day = digits_at(nik, 6..8)?;
    let (day, sex) = if day > 40 {
        (day - 40, Sex::P)
    } else {
        (day, Sex::L)
    };
    Some(NikBirth {
        day,
        month: digits_at(nik, 8..10)?,
        yy: digits_at(nik, 10..12)?,
        sex,
    })
}

/// Whether a NIK's encoded birth date agrees with a stated one.
pub fn nik_matches_birth(b: &NikBirth, date: NaiveDate) -> bool {
    b.day == date.day() && b.month == date.month() && b.yy == (date.year() % 100) as u32
}

/// Problems of an 18-digit NIP (PNS) or NI PPPK, empty when well-formed.
/// PNS: birth yyyymmdd, TMT CPNS yyyymm (at least 17 years after birth),
/// sex 1/2, sequence not 000. PPPK: digits 9–12 a year, 13–14 a code.
pub fn nip_problems(nip: &str, today: NaiveDate) -> Vec<String> {
    let mut problems = Vec::new();
    if nip.len() != 18 || !nip.chars().all(|c| c.is_ascii_digit()) {
        problems.push(format!("NIP harus 18 angka, tertulis \"{nip}\""));
        return problems;
    }
    let year = digits_at(nip, 0..4).unwrap_or(0);
    let month = digits_at(nip, 4..6).unwrap_or(0);
    let day = digits_at(nip, 6..8).unwrap_or(0);
    let birth = NaiveDate::from_ymd_opt(year as i32, month, day);
    match birth {
        Some(b) if (1940..=today.year() - 17).contains(&b.year()) => {}
        _ => problems.push(format!(
            "8 angka pertama NIP ({}) bukan tanggal lahir yang sah",
            &nip[..8]
        )),
    }
    let tmt_year = digits_at(nip, 8..12).unwrap_or(0);
    let tmt_month = digits_at(nip, 12..14).unwrap_or(0);
    let pns = (1..=12).contains(&tmt_month);
    if tmt_year < year + 17 || tmt_year as i32 > today.year() + 1 {
        problems.push(format!(
            "angka ke-9–12 NIP ({tmt_year}) bukan tahun pengangkatan yang masuk akal"
        ));
    } else if !pns && !(20..=99).contains(&tmt_month) {
        problems.push(format!(
            "angka ke-13–14 NIP ({tmt_month:02}) bukan bulan (PNS) atau kode PPPK"
        ));
    }
    if !matches!(&nip[14..15], "1" | "2") {
        problems.push(format!(
            "angka ke-15 NIP ({}) harus 1 (laki-laki) atau 2 (perempuan)",
            &nip[14..15]
        ));
    }
    if &nip[15..] == "000" {
        problems.push("nomor urut NIP (3 angka terakhir) tidak boleh 000".into());
    }
    problems
}

/// An Indonesian mobile number normalised to `62…` (E.164 without `+`), or
/// why it is not one. A number cell that lost its leading 0 (8123…) is
/// accepted.
pub fn mobile(raw: &str) -> Result<String, String> {
    // Only what people put between digits: anything else (letters, `&`,
    // `?`, a second number after `/`) is not one phone number.
    let typed =
        |c: char| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '.' | '(' | ')' | '\u{a0}');
    if !raw
        .trim_start_matches(['\'', '`', '‘', '’'])
        .chars()
        .all(typed)
    {
        return Err(format!(
            "\"{raw}\" bukan nomor HP Indonesia (contoh: 0812 3456 7890)"
        ));
    }
    let digits: String = raw.chars().filter(|c| c.is_ascii_digit()).collect();
    let national = if let Some(rest) = digits.strip_prefix("62") {
        rest.to_string()
    } else if let Some(rest) = digits.strip_prefix('0') {
        rest.to_string()
    } else {
        digits.clone()
    };
    let bytes = national.as_bytes();
    let ok = (9..=12).contains(&national.len())
        && bytes.first() == Some(&b'8')
        && bytes
            .get(1)
            .is_some_and(|b| matches!(b, b'1'..=b'3' | b'5'..=b'9'));
    if ok {
        Ok(format!("62{national}"))
    } else {
        Err(format!(
            "\"{raw}\" bukan nomor HP Indonesia (contoh: 0812 3456 7890)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
    }

    #[test]
    fn well_formed_niks_pass() {
        assert!(nik_problems("3217014104680001").is_empty());
        assert!(nik_problems("9471011201900001").is_empty());
        // 29 February is a real date in leap years.
        assert!(nik_problems("3217012902000001").is_empty());
        assert!(nik_problems("3217016902000001").is_empty());
    }

    #[test]
    fn each_nik_rule_is_named() {
        let one = |nik: &str, needle: &str| {
            let p = nik_problems(nik);
            assert!(p.iter().any(|m| m.contains(needle)), "{nik}: {p:?}");
        };
        one("321701410468000", "16 angka, ini 15");
        one("32170141046800011", "17 angka");
        one("3217O14104680001", "angka saja");
        one("9917014104680001", "kode provinsi 99");
        one("2017014104680001", "kode provinsi 20");
        one("3200014104680001", "kabupaten");
        one("3217004104680001", "kecamatan");
        one("3217013504680001", "tanggal lahir di NIK (35");
        one("3217017204680001", "tanggal lahir di NIK (72");
        one("3217010013680001", "tanggal lahir di NIK (00");
        one("3217011513680001", "bulan lahir");
        one("3217013102680001", "tidak ada di kalender");
        one("3217017102680001", "tidak ada di kalender");
        one("3217014104680000", "0000");
    }

    #[test]
    fn nik_encodes_birth_and_sex() {
        let b = nik_birth("3217014104680001").unwrap();
        assert_eq!((b.day, b.month, b.yy, b.sex), (1, 4, 68, Sex::P));
        let b = nik_birth("3217012502910002").unwrap();
        assert_eq!((b.day, b.sex), (25, Sex::L));
        assert!(nik_matches_birth(
            &b,
            NaiveDate::from_ymd_opt(1991, 2, 25).unwrap()
        ));
        assert!(!nik_matches_birth(
            &b,
            NaiveDate::from_ymd_opt(1992, 2, 25).unwrap()
        ));
    }

    #[test]
    fn nip_pns_and_pppk() {
        assert!(nip_problems("198503122010011004", today()).is_empty());
        assert!(nip_problems("196805121994031005", today()).is_empty());
        // NI PPPK: code 24 where a PNS NIP has the month.
        assert!(nip_problems("199009132025242014", today()).is_empty());
        assert!(!nip_problems("19850312201001100", today()).is_empty());
        let p = nip_problems("198513122010011004", today());
        assert!(p[0].contains("tanggal lahir"), "{p:?}");
        let p = nip_problems("198503122010013004", today());
        assert!(p.iter().any(|m| m.contains("angka ke-15")), "{p:?}");
        let p = nip_problems("198503122010011000", today());
        assert!(p.iter().any(|m| m.contains("000")), "{p:?}");
        let p = nip_problems("198503121995011004", today());
        assert!(p.iter().any(|m| m.contains("tahun pengangkatan")), "{p:?}");
    }

    #[test]
    fn mobiles_normalise_to_62() {
        assert_eq!(mobile("0812-3456-7890"), Ok("6281234567890".into()));
        assert_eq!(mobile("+62 812 3456 7890"), Ok("6281234567890".into()));
        assert_eq!(mobile("89637760207"), Ok("6289637760207".into()));
        assert_eq!(mobile("085702067970"), Ok("6285702067970".into()));
        assert!(mobile("0221234567").is_err(), "a Bandung landline");
        assert!(mobile("08412345678").is_err(), "084x is not mobile");
        assert!(mobile("0812").is_err());
        assert!(mobile("").is_err());
        assert_eq!(mobile("'0812 3456 7890"), Ok("6281234567890".into()));
        assert!(mobile("081234567890&text=halo").is_err(), "not one number");
        assert!(mobile("0812345678 / 0813456789").is_err(), "two numbers");
        assert!(mobile("0812345678o").is_err(), "a letter o for a zero");
    }
}
