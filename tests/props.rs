//! Property tests (proptest; no nightly toolchain needed) over the parts
//! that take text straight from the spreadsheets: cell values (dates,
//! times, NIK, NIP, phone), header detection, CSV decoding, and the
//! workbook readers on damaged files. Each property says both "never
//! panics" and what the result must be for well-formed input.
//!
//! Inputs that once failed are kept in `REGRESSIONS` below and run every
//! time, whatever proptest generates.

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};
use proptest::prelude::*;
use rust_xlsxwriter::Workbook;

use tkm::header::{self, Kind};
use tkm::ids;
use tkm::indo;
use tkm::ingest::{Cell, Sheet, read_bytes};
use tkm::value;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        // Failures are kept as regression tests by hand, below.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    (1901i32..2100, 1u32..=12, 1u32..=31)
        .prop_filter_map("a real date", |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
}

/// Text as it arrives in cells: any Unicode, with a bias towards the
/// characters the parsers look at.
fn cell_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9 ./:,'\\-]{0,24}",
        "[0-9a-zA-Z ./:,'\\-éÇ٣߀𝟘]{0,30}",
    ]
}

/// Text every parser is given, however odd; kept because it once broke
/// something here or is the kind of thing that breaks parsers.
const REGRESSIONS: &[&str] = &[
    "",
    " ",
    "\u{a0}",
    "'",
    "''''",
    "31/02/1990",
    "1990-13-01",
    "0/0/0",
    "99999999999999999999/1/1",
    "17 November 99999999999",
    "Senin,",
    "Senin, ",
    ", 17 November 2026",
    "24.00",
    "23.60",
    "8.30 pm",
    "12 am",
    "pukul",
    "WIB",
    "08.00 - ",
    " - 11.00",
    "s.d.",
    "3,21701E+15",
    "3.2E+999",
    "1E-5",
    "٣٢١٧٠٥١٢٠٥٨٠٠٠٠١",
    "３２１７０５１２０５８０００００１",
    "é3217051205800001",
    "+62",
    "62",
    "0",
    "08١٢",
];

fn exercise(text: &str) {
    let cell = Cell::Text(text.to_string());
    let _ = value::date(&cell);
    let _ = value::time(&cell);
    let _ = value::time_range(&cell);
    let _ = value::yes_no(&cell);
    let _ = value::number(&cell);
    let _ = value::sex(&cell);
    let _ = value::wrong_day_name(&cell, NaiveDate::from_ymd_opt(2026, 11, 17).unwrap());
    if let Some(id) = value::id(&cell) {
        let _ = ids::nik_problems(&id.digits);
        let _ = ids::nik_birth(&id.digits);
        let _ = ids::nip_problems(&id.digits, NaiveDate::from_ymd_opt(2026, 12, 3).unwrap());
    }
    let _ = ids::nik_problems(text);
    let _ = ids::nik_birth(text);
    let _ = ids::mobile(text);
    let _ = header::normalize(text);
    let _ = header::suggest(text);
}

#[test]
fn regression_inputs_parse_without_panicking() {
    for text in REGRESSIONS {
        exercise(text);
    }
    for n in [
        f64::NAN,
        f64::INFINITY,
        -f64::INFINITY,
        -0.0,
        0.999_999_999,
        1e300,
        -1e300,
        2_958_465.9,
        23.995,
    ] {
        let cell = Cell::Number(n);
        let _ = value::date(&cell);
        let _ = value::time(&cell);
        let _ = value::id(&cell);
        let _ = value::number(&cell);
        let _ = value::serial_date(n);
    }
}

proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn no_cell_text_makes_a_parser_panic(text in cell_text()) {
        exercise(&text);
    }

    #[test]
    fn no_number_cell_makes_a_parser_panic(n in any::<f64>()) {
        let cell = Cell::Number(n);
        let _ = value::date(&cell);
        let _ = value::time(&cell);
        let _ = value::id(&cell);
        let _ = value::number(&cell);
    }

    #[test]
    fn dates_read_back_in_every_spelling_staff_use(d in any_date()) {
        let (day, month, year) = (d.day(), d.month(), d.year());
        let name = indo::month_name(month);
        let spellings = [
            format!("{day:02}/{month:02}/{year}"),
            format!("{day}/{month}/{year}"),
            format!("{day:02}-{month:02}-{year}"),
            format!("{year}-{month:02}-{day:02}"),
            format!("{day} {name} {year}"),
            format!("{}, {day} {name} {year}", indo::day_name(d)),
            format!("  {day} {}  {year} ", name.to_uppercase()),
        ];
        for s in spellings {
            let got = value::date(&Cell::Text(s.clone()));
            prop_assert_eq!(got, Ok(Some(d)), "{}", s);
        }
    }

    #[test]
    fn excel_serials_are_the_dates_excel_shows(d in any_date()) {
        // Excel's 1900 system from 1 March 1900 on: days since 1899-12-30.
        let serial = (d - NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()).num_days() as f64;
        prop_assert_eq!(value::serial_date(serial), Some(d));
        prop_assert_eq!(value::date(&Cell::Number(serial + 0.75)), Ok(Some(d)));
    }

    #[test]
    fn clock_times_read_back(h in 0u32..24, m in 0u32..60) {
        let t = NaiveTime::from_hms_opt(h, m, 0).unwrap();
        for s in [format!("{h:02}.{m:02}"), format!("{h}:{m:02}"), format!("pukul {h:02}.{m:02} WIB")] {
            prop_assert_eq!(value::time(&Cell::Text(s.clone())), Ok(Some(t)), "{}", s);
        }
        // A day fraction, as Excel stores a time cell.
        let fraction = f64::from(h * 60 + m) / 1440.0;
        let got = value::time(&Cell::Number(fraction)).unwrap().unwrap();
        prop_assert_eq!((got.hour(), got.minute()), (h, m));
    }

    #[test]
    fn ids_keep_their_digits_through_spaces_dots_and_an_apostrophe(
        digits in "[0-9]{16}",
        cuts in proptest::collection::vec((0usize..16, prop_oneof![Just(" "), Just("."), Just("\u{a0}")]), 0..4),
        apostrophe in any::<bool>(),
    ) {
        let mut typed = digits.clone();
        let mut cuts = cuts;
        cuts.sort_by_key(|c| std::cmp::Reverse(c.0));
        for (at, sep) in cuts {
            typed.insert_str(at, sep);
        }
        if apostrophe {
            typed.insert(0, '\'');
        }
        let id = value::id(&Cell::Text(typed.clone())).unwrap();
        prop_assert_eq!(&id.digits, &digits, "{}", typed);
        prop_assert!(!id.from_number);
    }

    #[test]
    fn a_nik_with_a_valid_encoding_has_no_problems(
        province in prop::sample::select(vec![11u32, 12, 31, 32, 33, 35, 51, 52, 61, 64, 73, 81, 91, 96]),
        kabupaten in 1u32..=99,
        kecamatan in 1u32..=99,
        d in any_date(),
        woman in any::<bool>(),
        seq in 1u32..=9999,
    ) {
        let day = d.day() + if woman { 40 } else { 0 };
        let nik = format!(
            "{province:02}{kabupaten:02}{kecamatan:02}{day:02}{:02}{:02}{seq:04}",
            d.month(),
            d.year() % 100
        );
        prop_assert_eq!(ids::nik_problems(&nik), Vec::<String>::new(), "{}", nik);
        let birth = ids::nik_birth(&nik).unwrap();
        prop_assert!(ids::nik_matches_birth(&birth, d), "{}", nik);
    }

    #[test]
    fn indonesian_mobiles_normalise_to_62(rest in "8[1-35-9][0-9]{7,10}", form in 0usize..4) {
        let typed = match form {
            0 => format!("0{rest}"),
            1 => format!("62{rest}"),
            2 => format!("+62 {} {}", &rest[..3], &rest[3..]),
            _ => rest.clone(),
        };
        prop_assert_eq!(ids::mobile(&typed), Ok(format!("62{rest}")), "{}", typed);
    }
}

/// A participant header as staff type it, in some casing and spacing.
fn peserta_header() -> impl Strategy<Value = Vec<String>> {
    let spell = |options: &'static [&'static str]| prop::sample::select(options.to_vec());
    (
        spell(&["Nama", "NAMA LENGKAP", "Nama Peserta", "nama"]),
        spell(&["NIK", "No. KTP", "No KTP/NIK", "Nomor Induk Kependudukan"]),
        spell(&["L/P", "JK", "Jenis Kelamin"]),
        spell(&["Alamat", "ALAMAT"]),
        spell(&["No. HP", "No HP/WA", "Telepon"]),
    )
        .prop_map(|(a, b, c, d, e)| vec![a, b, c, d, e].into_iter().map(String::from).collect())
}

fn grid_cell() -> impl Strategy<Value = Cell> {
    prop_oneof![
        3 => Just(Cell::Empty),
        3 => cell_text().prop_map(Cell::Text),
        1 => any::<f64>().prop_map(Cell::Number),
        1 => prop::sample::select(vec!["Nama", "NIK", "Kode Kegiatan", "Hadir", "Tanggal", "Jam Mulai", "L", "P", "Saran"])
            .prop_map(|s| Cell::Text(s.to_string())),
    ]
}

proptest! {
    #![proptest_config(config(500))]

    #[test]
    fn header_detection_never_panics_on_any_grid(
        rows in proptest::collection::vec(proptest::collection::vec(grid_cell(), 0..12), 0..30),
        origin in (0u32..1000, 0u32..50),
    ) {
        let sheet = Sheet::new("x.xlsx", "Sheet1", origin, rows);
        let _ = header::detect(&sheet);
        let _ = header::near_misses(&sheet, None);
    }

    #[test]
    fn a_participant_header_is_found_below_any_title_rows(
        titles in proptest::collection::vec("[A-Z][A-Za-z ]{3,40}", 0..15),
        header in peserta_header(),
        origin in (0u32..5, 0u32..5),
    ) {
        let mut rows: Vec<Vec<Cell>> = titles.iter().map(|t| vec![Cell::Text(t.clone())]).collect();
        let header_row = rows.len() as u32;
        rows.push(header.iter().map(|h| Cell::Text(h.clone())).collect());
        rows.push(vec![
            Cell::Text("Siti Aminah".into()),
            Cell::Text("3217054512900001".into()),
            Cell::Text("P".into()),
        ]);
        let sheet = Sheet::new("x.xlsx", "Sheet1", origin, rows);
        let found = header::detect(&sheet);
        prop_assert!(found.is_some(), "{:?}", header);
        let found = found.unwrap();
        prop_assert_eq!(found.kind, Kind::Peserta);
        prop_assert_eq!(found.row, origin.0 + header_row);
    }
}

/// A CSV field as a spreadsheet program quotes it.
fn quoted(field: &str, delimiter: char) -> String {
    if field.contains([delimiter, '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

proptest! {
    #![proptest_config(config(500))]

    #[test]
    fn csv_of_any_bytes_is_read_or_refused_never_a_panic(
        bytes in proptest::collection::vec(any::<u8>(), 1..2000),
        bom in prop::sample::select(vec![&b""[..], &[0xEF, 0xBB, 0xBF][..], &[0xFF, 0xFE][..], &[0xFE, 0xFF][..]]),
    ) {
        let mut all = bom.to_vec();
        all.extend(bytes);
        let _ = read_bytes(all, "csv", "x.csv");
    }

    #[test]
    fn csv_tables_read_back_cell_for_cell(
        (delimiter, table) in prop::sample::select(vec![';', ',']).prop_flat_map(|d| {
            // Fields as typed: starting with a letter, holding the
            // separator (so quoted) or quotes, but not the other separator,
            // which would make the separator a guess.
            let field = proptest::string::string_regex(&format!(
                "[A-Za-z][A-Za-z0-9 àéÇ{d}\"'.\\-]{{0,11}}"
            ))
            .unwrap();
            (Just(d), proptest::collection::vec(proptest::collection::vec(field, 3), 1..12))
        }),
        encoding in 0usize..3,
    ) {
        let text: String = table
            .iter()
            .map(|row| {
                row.iter().map(|f| quoted(f, delimiter)).collect::<Vec<_>>().join(&delimiter.to_string()) + "\r\n"
            })
            .collect();
        let bytes = match encoding {
            0 => text.clone().into_bytes(),
            1 => [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
            _ => encoding_rs::WINDOWS_1252.encode(&text).0.into_owned(),
        };
        let book = read_bytes(bytes, "csv", "x.csv").unwrap();
        let sheet = &book.sheets[0];
        for (r, row) in table.iter().enumerate() {
            for (c, field) in row.iter().enumerate() {
                prop_assert_eq!(sheet.get(r as u32, c as u32), &Cell::Text(field.clone()), "{}", text);
            }
        }
    }
}

/// A small workbook as rust_xlsxwriter writes it, to damage.
fn workbook() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["Nama", "NIK", "L/P", "Tanggal Lahir"].iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    ws.merge_range(0, 0, 0, 3, "DAFTAR PESERTA", &Default::default())
        .unwrap();
    for r in 3..40u32 {
        ws.write_string(r, 0, format!("Peserta {r}")).unwrap();
        ws.write_number(r, 1, 3_217_051_205_800_000.0 + f64::from(r))
            .unwrap();
        ws.write_string(r, 2, "L").unwrap();
        ws.write_number(r, 3, 33000.0 + f64::from(r)).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

proptest! {
    #![proptest_config(config(150))]

    #[test]
    fn a_damaged_workbook_is_read_or_refused_never_a_panic(
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..12),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let mut bytes = workbook();
        for (at, value) in flips {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        if truncate {
            let n = cut.index(bytes.len()).max(1);
            bytes.truncate(n);
        }
        let _ = read_bytes(bytes, "xlsx", "rusak.xlsx");
    }
}

#[test]
fn the_undamaged_workbook_reads_as_written() {
    let book = read_bytes(workbook(), "xlsx", "baik.xlsx").unwrap();
    let sheet = &book.sheets[0];
    assert_eq!(sheet.get(3, 0), &Cell::Text("Peserta 3".into()));
    let found = header::detect(sheet).unwrap();
    assert_eq!((found.kind, found.row), (Kind::Peserta, 2));
}
