//! One test per rule: a small workbook built in memory, run through header
//! detection, the model and validation, asserting the exact finding
//! (code, severity, cell, SOP step).

use chrono::NaiveDate;

use super::*;
use crate::findings::Severity;
use crate::header;
use crate::ingest::{Cell, Sheet};
use crate::model::{self, Recognised};

/// Cells from text: `n:123` is a number cell, `e:#NAME?` an error value,
/// `""` empty, anything else text.
fn cell(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else if let Some(n) = s.strip_prefix("n:") {
        Cell::Number(n.parse().unwrap())
    } else if let Some(e) = s.strip_prefix("e:") {
        Cell::Error(e.to_string())
    } else {
        Cell::Text(s.to_string())
    }
}

fn sheet(file: &str, rows: &[Vec<&str>]) -> Sheet {
    let rows = rows
        .iter()
        .map(|r| r.iter().map(|s| cell(s)).collect())
        .collect();
    Sheet::new(file, "Sheet1", (0, 0), rows)
}

const TODAY: (i32, u32, u32) = (2026, 11, 1);

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(TODAY.0, TODAY.1, TODAY.2).unwrap()
}

const JADWAL_HEADER: [&str; 13] = [
    "Kode Kegiatan",
    "Jenis Kegiatan",
    "Hari/Tanggal",
    "Jam Mulai",
    "Jam Selesai",
    "Acara",
    "Narasumber",
    "Tempat",
    "Luas Ruangan (m2)",
    "Sarana Cuci Tangan",
    "Petunjuk Arah CTPS",
    "Pengantar Kerja",
    "NIP Pengantar Kerja",
];

/// A schedule that passes every rule: 08.00–11.00, opening and closing,
/// a 100 m² room, facilities present.
fn jadwal(kode: &str) -> Vec<Vec<&str>> {
    let row = |start: &'static str, end: &'static str, acara: &'static str| {
        vec![
            kode_static(kode),
            "Pemberdayaan TKM",
            "17/11/2026",
            start,
            end,
            acara,
            "Kepala Dinas",
            "Aula",
            "100",
            "Ya",
            "Ya",
            "Dian Permana",
            "198503122010011004",
        ]
    };
    vec![
        row("08.00", "08.30", "Pembukaan"),
        row("08.30", "10.45", "Materi usaha"),
        row("10.45", "11.00", "Penutupan"),
    ]
}

/// Leaks a kode into a `&'static str` for the row builders (tests only).
fn kode_static(kode: &str) -> &'static str {
    Box::leak(kode.to_string().into_boxed_str())
}

const PESERTA_HEADER: [&str; 6] = [
    "Nama",
    "NIK",
    "L/P",
    "Tanggal Lahir",
    "No HP",
    "Kode Kegiatan",
];

/// A participant row that passes every rule.
fn siti() -> Vec<&'static str> {
    vec![
        "Siti Aminah",
        "3217014104800001",
        "P",
        "01/04/1980",
        "081234567890",
        "TKM-1",
    ]
}

fn budi() -> Vec<&'static str> {
    vec![
        "Budi Santoso",
        "3217011205850002",
        "L",
        "12/05/1985",
        "085712345678",
        "TKM-1",
    ]
}

struct Run {
    findings: Vec<Finding>,
    data: Dataset,
    verdict: Verdict,
}

impl Run {
    /// Findings with this code.
    fn of(&self, kode: &str) -> Vec<&Finding> {
        self.findings.iter().filter(|f| f.kode == kode).collect()
    }

    /// The one finding with this code; panics when there are none or more.
    fn one(&self, kode: &str) -> &Finding {
        let all = self.of(kode);
        assert_eq!(all.len(), 1, "{kode}: {:#?}", self.findings);
        all[0]
    }

    fn none(&self, kode: &str) {
        assert!(
            self.of(kode).is_empty(),
            "{kode} unexpected: {:#?}",
            self.of(kode)
        );
    }

    fn members(&self, kode: &str) -> Vec<String> {
        self.verdict
            .members(&self.data, kode)
            .iter()
            .filter_map(|p| p.nama.clone())
            .collect()
    }
}

fn with_header<'a>(header: &[&'a str], rows: Vec<Vec<&'a str>>) -> Vec<Vec<&'a str>> {
    let mut all = vec![header.to_vec()];
    all.extend(rows);
    all
}

fn run(files: Vec<(&str, Vec<Vec<&str>>)>) -> Run {
    run_with(files, &Config::default())
}

fn run_with(files: Vec<(&str, Vec<Vec<&str>>)>, cfg: &Config) -> Run {
    let sheets: Vec<Sheet> = files.iter().map(|(f, rows)| sheet(f, rows)).collect();
    let headers: Vec<header::Header> = sheets
        .iter()
        .map(|s| header::detect(s).unwrap_or_else(|| panic!("{} not recognised", s.file)))
        .collect();
    let recognised: Vec<Recognised<'_>> = sheets
        .iter()
        .zip(&headers)
        .map(|(sheet, header)| Recognised { sheet, header })
        .collect();
    let mut findings = Findings::default();
    let data = model::build(&recognised, &mut findings);
    let verdict = check(&data, cfg, today(), &mut findings);
    Run {
        findings: findings.iter().cloned().collect(),
        data,
        verdict,
    }
}

/// The standard schedule plus participant rows.
fn people(rows: Vec<Vec<&str>>) -> Run {
    run(vec![
        ("jadwal.xlsx", with_header(&JADWAL_HEADER, jadwal("TKM-1"))),
        ("peserta.xlsx", with_header(&PESERTA_HEADER, rows)),
    ])
}

fn assert_at(f: &Finding, severity: Severity, cell: &str, step: u8) {
    assert_eq!(f.severity, severity, "{f:#?}");
    assert_eq!(f.lokasi.cell.as_deref(), Some(cell), "{f:#?}");
    assert_eq!(f.langkah_sop, Some(step), "{f:#?}");
}

#[test]
fn clean_data_has_no_errors_or_warnings() {
    let r = people(vec![siti(), budi()]);
    let noisy: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .collect();
    assert!(noisy.is_empty(), "{noisy:#?}");
    assert_eq!(r.members("TKM-1"), ["Siti Aminah", "Budi Santoso"]);
}

#[test]
fn nik_in_a_number_cell_is_an_error_that_keeps_the_invitation() {
    let mut row = siti();
    row[1] = "n:3217014104800000";
    let r = people(vec![row]);
    let f = r.one("NIK_ANGKA");
    assert_at(f, Severity::Error, "B2", 4);
    assert!(f.pesan.contains("15 digit") && f.pesan.contains("3217014104800000"));
    assert!(f.saran.contains("Teks"));
    assert_eq!(r.members("TKM-1"), ["Siti Aminah"]);
}

#[test]
fn nik_structure_rules() {
    let cases = [
        ("321701410480001", "16 angka"),
        ("9917014104800001", "kode provinsi 99"),
        ("3217013504800001", "tanggal lahir di NIK"),
        ("3217014113800001", "bulan lahir"),
        ("3217013102800001", "tidak ada di kalender"),
        ("3217014104800000", "0000"),
        ("3217 0141 0480 0001", ""),
        ("'3217014104800001", ""),
        ("3217.0141.0480.0001", ""),
    ];
    for (nik, needle) in cases {
        let mut row = siti();
        row[1] = nik;
        let r = people(vec![row]);
        if needle.is_empty() {
            r.none("NIK_TIDAK_SAH");
            continue;
        }
        let f = r.one("NIK_TIDAK_SAH");
        assert_at(f, Severity::Error, "B2", 4);
        assert!(f.pesan.contains(needle), "{nik}: {}", f.pesan);
        assert_eq!(
            r.members("TKM-1").len(),
            1,
            "a bad NIK does not stop the invitation"
        );
    }
}

#[test]
fn nik_against_sex_and_birth_date_is_a_warning() {
    let mut row = siti();
    row[2] = "L";
    row[3] = "02/04/1980";
    let r = people(vec![row]);
    assert_at(r.one("NIK_JK_BERBEDA"), Severity::Peringatan, "C2", 4);
    assert_at(
        r.one("NIK_TGL_LAHIR_BERBEDA"),
        Severity::Peringatan,
        "D2",
        4,
    );
}

#[test]
fn duplicate_nik_in_an_activity_names_both_rows() {
    let mut other = budi();
    other[1] = siti()[1];
    let r = people(vec![siti(), budi(), other, siti()]);
    let all = r.of("NIK_GANDA");
    assert_eq!(all.len(), 2, "{all:#?}");
    assert_at(all[0], Severity::Error, "B4", 4);
    assert!(
        all[0].pesan.contains("peserta.xlsx baris 2 (Siti Aminah)"),
        "{}",
        all[0].pesan
    );
    // The same person listed twice gets one set of documents.
    assert_at(all[1], Severity::Error, "B5", 4);
    assert!(!all[1].ditahan.is_empty());
    assert_eq!(
        r.members("TKM-1"),
        ["Siti Aminah", "Budi Santoso", "Budi Santoso"]
    );
}

#[test]
fn the_same_person_in_two_activities_is_a_warning() {
    let mut jadwal_rows = jadwal("TKM-1");
    jadwal_rows.extend(jadwal("TKM-2"));
    let mut again = siti();
    again[5] = "TKM-2";
    let r = run(vec![
        ("jadwal.xlsx", with_header(&JADWAL_HEADER, jadwal_rows)),
        ("a.xlsx", with_header(&PESERTA_HEADER, vec![siti(), budi()])),
        ("b.xlsx", with_header(&PESERTA_HEADER, vec![again])),
    ]);
    let f = r.one("PESERTA_DI_DUA_KEGIATAN");
    assert_eq!(f.lokasi.file, "b.xlsx");
    assert_at(f, Severity::Peringatan, "B2", 4);
    assert!(f.pesan.contains("TKM-1") && f.pesan.contains("a.xlsx baris 2"));
    r.none("NIK_GANDA");
}

#[test]
fn dates_that_do_not_exist_are_errors_at_their_cell() {
    for date in ["31/02/1990", "1990-13-01", "kemarin"] {
        let mut row = siti();
        row[3] = date;
        let r = people(vec![row]);
        let f = r.one("NILAI_TIDAK_TERBACA");
        assert_at(f, Severity::Error, "D2", 4);
        assert!(f.pesan.contains(date), "{}", f.pesan);
    }
}

#[test]
fn ages_outside_the_tkm_range_are_warnings() {
    let mut row = siti();
    row[1] = "3217014104600001";
    row[3] = "01/04/1960";
    let r = people(vec![row]);
    let f = r.one("USIA_DI_LUAR_RENTANG");
    assert_at(f, Severity::Peringatan, "D2", 4);
    assert!(f.pesan.contains("66 tahun"), "{}", f.pesan);
}

#[test]
fn unknown_sex_is_a_warning() {
    let mut row = siti();
    row[2] = "X";
    let r = people(vec![row]);
    assert_at(r.one("JK_TIDAK_DIKENAL"), Severity::Peringatan, "C2", 4);
}

#[test]
fn phones_that_are_not_indonesian_mobiles_are_warnings() {
    let mut row = siti();
    row[4] = "022-6861234";
    let mut lost_zero = budi();
    lost_zero[4] = "n:85712345678";
    let r = people(vec![row, lost_zero]);
    assert_at(r.one("HP_TIDAK_SAH"), Severity::Peringatan, "E2", 4);
}

#[test]
fn a_name_typed_as_a_formula_holds_back_that_row_only() {
    let mut row = budi();
    row[0] = "e:#NAME?";
    let r = people(vec![siti(), row]);
    let f = r.one("NAMA_KOSONG");
    assert_at(f, Severity::Error, "A3", 4);
    assert!(f.pesan.contains("#NAME?"));
    assert!(!f.ditahan.is_empty());
    assert_eq!(r.members("TKM-1"), ["Siti Aminah"]);
    let left: Vec<&str> = r
        .verdict
        .left_out(&r.data, "TKM-1")
        .iter()
        .map(|(_, why)| *why)
        .collect();
    assert_eq!(left, ["tanpa nama"]);
}

#[test]
fn blank_rows_spaces_and_total_rows_are_noted_not_read() {
    let r = people(vec![
        siti(),
        vec!["", "", "", "", "", ""],
        vec!["   ", " ", "", "", "", ""],
        budi(),
        vec!["", "", "", "", "", ""],
        vec!["Jumlah peserta: 2", "", "", "", "", ""],
    ]);
    let f = r.one("BARIS_KOSONG");
    assert_eq!(f.severity, Severity::Info);
    assert_eq!(f.lokasi.row, Some(3));
    assert!(
        f.pesan.contains("baris 3–4") && f.pesan.contains("spasi"),
        "{}",
        f.pesan
    );
    assert_eq!(r.one("BARIS_JUMLAH").lokasi.row, Some(7));
    assert_eq!(r.members("TKM-1"), ["Siti Aminah", "Budi Santoso"]);
}

fn schedule(edit: impl Fn(&mut Vec<Vec<&'static str>>)) -> Run {
    let mut rows = jadwal("TKM-1");
    edit(&mut rows);
    run(vec![
        ("jadwal.xlsx", with_header(&JADWAL_HEADER, rows)),
        (
            "peserta.xlsx",
            with_header(&PESERTA_HEADER, vec![siti(), budi()]),
        ),
    ])
}

#[test]
fn activity_without_place_gets_no_invitations() {
    let r = schedule(|rows| rows.iter_mut().for_each(|r| r[7] = ""));
    let f = r.one("KEGIATAN_TIDAK_LENGKAP");
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.langkah_sop, Some(2));
    assert_eq!(f.lokasi.row, Some(2));
    assert!(f.pesan.contains("tempat"));
    assert!(f.ditahan.iter().any(|d| d.contains("undangan")));
    assert_eq!(activity_gaps(&r.data.activities[0]), ["tempat"]);
}

#[test]
fn agenda_items_need_materi_and_narasumber() {
    let r = schedule(|rows| {
        rows[1][5] = "";
        rows[1][6] = "";
    });
    assert_at(r.one("ACARA_KOSONG"), Severity::Peringatan, "F3", 3);
    assert_at(r.one("NARASUMBER_KOSONG"), Severity::Peringatan, "G3", 3);
}

#[test]
fn opening_and_closing_by_the_kadis_are_checked() {
    let r = schedule(|rows| {
        rows[0][5] = "Registrasi";
        rows[2][5] = "Doa";
    });
    assert_eq!(r.one("TANPA_PEMBUKAAN").langkah_sop, Some(6));
    assert_eq!(r.one("TANPA_PENUTUPAN").langkah_sop, Some(9));
}

#[test]
fn the_execution_block_is_measured_against_180_minutes() {
    let r = schedule(|rows| rows[2][4] = "11.15");
    let f = r.one("DURASI_TIDAK_STANDAR");
    assert_at(f, Severity::Peringatan, "E2", 5);
    assert!(
        f.pesan.contains("195 menit") && f.pesan.contains("180"),
        "{}",
        f.pesan
    );
    let r = schedule(|rows| rows[2][4] = "10.50");
    assert!(
        r.one("DURASI_TIDAK_STANDAR")
            .pesan
            .contains("lebih singkat")
    );
}

#[test]
fn end_before_start_is_an_error() {
    let r = schedule(|rows| rows[1][4] = "08.00");
    assert_at(r.one("JAM_TERBALIK"), Severity::Error, "E3", 2);
}

#[test]
fn handwashing_and_direction_signs_are_step_3() {
    let r = schedule(|rows| {
        rows.iter_mut().for_each(|r| {
            r[9] = "Tidak";
            r[10] = "";
        })
    });
    let f = r.one("TANPA_SARANA_CUCI_TANGAN");
    assert_at(f, Severity::Peringatan, "J2", 3);
    let f = r.one("TANPA_PETUNJUK_ARAH");
    assert_at(f, Severity::Peringatan, "K2", 3);
    assert!(f.pesan.contains("belum ada keterangan"));
}

#[test]
fn a_small_room_splits_into_sessions_with_the_numbers_stated() {
    let mut rows = Vec::new();
    for i in 0..25 {
        let nik: &'static str = Box::leak(format!("32170112058500{:02}", i + 1).into_boxed_str());
        let name: &'static str = Box::leak(format!("Peserta {i}").into_boxed_str());
        rows.push(vec![name, nik, "L", "12/05/1985", "085712345678", "TKM-1"]);
    }
    let mut sched = jadwal("TKM-1");
    sched.iter_mut().for_each(|r| r[8] = "45");
    let r = run(vec![
        ("jadwal.xlsx", with_header(&JADWAL_HEADER, sched)),
        ("peserta.xlsx", with_header(&PESERTA_HEADER, rows)),
    ]);
    let f = r.one("SESI_DIBAGI");
    assert_at(f, Severity::Peringatan, "I2", 3);
    assert!(
        f.pesan.contains("45 m²")
            && f.pesan.contains("20 orang")
            && f.pesan.contains("25 peserta")
            && f.pesan.contains("2 sesi"),
        "{}",
        f.pesan
    );
}

#[test]
fn a_room_without_size_is_step_5() {
    let r = schedule(|rows| rows.iter_mut().for_each(|r| r[8] = ""));
    assert_at(r.one("RUANGAN_TANPA_LUAS"), Severity::Peringatan, "I2", 5);
}

#[test]
fn officer_nip_is_checked() {
    let r = schedule(|rows| rows.iter_mut().for_each(|r| r[12] = "198513122010011004"));
    assert_at(r.one("NIP_TIDAK_SAH"), Severity::Peringatan, "M2", 5);
    let r = schedule(|rows| rows.iter_mut().for_each(|r| r[12] = "n:198503122010011000"));
    assert_at(r.one("NIP_ANGKA"), Severity::Peringatan, "M2", 5);
}

#[test]
fn a_date_in_the_past_warns_when_preparing_invitations() {
    let r = schedule(|rows| rows.iter_mut().for_each(|r| r[2] = "17/10/2026"));
    assert_at(r.one("TANGGAL_SUDAH_LEWAT"), Severity::Peringatan, "C2", 2);
}

#[test]
fn participant_kode_not_in_the_schedule() {
    let mut row = budi();
    row[5] = "TKM-9";
    let r = people(vec![siti(), row]);
    assert_at(r.one("KODE_TIDAK_DIKENAL"), Severity::Error, "F3", 4);
    assert_eq!(r.members("TKM-1"), ["Siti Aminah"]);
}

#[test]
fn activity_without_participants() {
    let mut rows = jadwal("TKM-1");
    rows.extend(jadwal("TKM-2"));
    let r = run(vec![
        ("jadwal.xlsx", with_header(&JADWAL_HEADER, rows)),
        ("peserta.xlsx", with_header(&PESERTA_HEADER, vec![siti()])),
    ]);
    let f = r.one("KEGIATAN_TANPA_PESERTA");
    assert_eq!(
        (f.severity, f.langkah_sop, f.lokasi.row),
        (Severity::Peringatan, Some(4), Some(5))
    );
    assert!(f.pesan.contains("TKM-2"));
}

#[test]
fn a_sheet_without_kode_and_two_activities_names_the_choices() {
    let mut rows = jadwal("TKM-1");
    rows.extend(jadwal("TKM-2"));
    let r = run(vec![
        ("jadwal.xlsx", with_header(&JADWAL_HEADER, rows)),
        (
            "peserta.xlsx",
            vec![
                vec!["Nama", "NIK", "L/P"],
                vec!["Siti", "3217014104800001", "P"],
            ],
        ),
    ]);
    let f = r.one("KODE_TIDAK_ADA");
    assert_eq!(f.severity, Severity::Error);
    assert!(f.pesan.contains("TKM-1, TKM-2"), "{}", f.pesan);
    assert!(r.members("TKM-1").is_empty() && r.members("TKM-2").is_empty());
}

#[test]
fn a_sheet_without_kode_belongs_to_the_only_activity() {
    let r = run(vec![
        ("jadwal.xlsx", with_header(&JADWAL_HEADER, jadwal("TKM-1"))),
        (
            "peserta.xlsx",
            vec![
                vec!["Nama", "NIK", "L/P"],
                vec!["Siti", "3217014104800001", "P"],
            ],
        ),
    ]);
    r.none("KODE_TIDAK_ADA");
    assert_eq!(r.members("TKM-1"), ["Siti"]);
}

const HADIR_HEADER: [&str; 7] = [
    "Kode Kegiatan",
    "NIK",
    "Nama",
    "Hadir",
    "Suhu (°C)",
    "Suhu Ulang",
    "Masker",
];

fn results(hadir: Vec<Vec<&str>>, eval: Vec<Vec<&str>>) -> Run {
    let mut files = vec![
        ("jadwal.xlsx", with_header(&JADWAL_HEADER, jadwal("TKM-1"))),
        (
            "peserta.xlsx",
            with_header(&PESERTA_HEADER, vec![siti(), budi()]),
        ),
    ];
    if !hadir.is_empty() {
        files.push(("hadir.xlsx", with_header(&HADIR_HEADER, hadir)));
    }
    if !eval.is_empty() {
        files.push((
            "evaluasi.xlsx",
            with_header(
                &[
                    "Kode Kegiatan",
                    "NIK",
                    "Nama",
                    "Materi",
                    "Narasumber",
                    "Saran",
                ],
                eval,
            ),
        ));
    }
    run(files)
}

#[test]
fn attendance_rows_must_match_a_participant() {
    let r = results(
        vec![
            vec![
                "TKM-1",
                "3217014104800001",
                "Siti Aminah",
                "Ya",
                "36,5",
                "",
                "Ya",
            ],
            vec!["TKM-1", "", "budi  santoso", "Ya", "36,4", "", "Ya"],
            vec![
                "TKM-1",
                "3217010101900009",
                "Orang Lain",
                "Ya",
                "36,4",
                "",
                "Ya",
            ],
        ],
        vec![],
    );
    let f = r.one("HADIR_TANPA_PESERTA");
    assert_eq!(
        (f.severity, f.langkah_sop, f.lokasi.row),
        (Severity::Peringatan, Some(7), Some(4))
    );
    assert!(f.pesan.contains("Orang Lain"));
}

#[test]
fn temperature_at_the_limit_needs_a_second_reading() {
    let r = results(
        vec![
            vec![
                "TKM-1",
                "3217014104800001",
                "Siti Aminah",
                "Ya",
                "37,3",
                "",
                "Ya",
            ],
            vec![
                "TKM-1",
                "3217011205850002",
                "Budi Santoso",
                "Ya",
                "37,8",
                "37,5",
                "Ya",
            ],
        ],
        vec![],
    );
    assert_at(r.one("SUHU_TANPA_ULANG"), Severity::Peringatan, "E2", 7);
    assert_at(r.one("SUHU_TINGGI_HADIR"), Severity::Peringatan, "F3", 7);
    let r = results(
        vec![vec![
            "TKM-1",
            "3217014104800001",
            "Siti Aminah",
            "Ya",
            "365",
            "",
            "Ya",
        ]],
        vec![],
    );
    assert_at(r.one("SUHU_TIDAK_WAJAR"), Severity::Error, "E2", 7);
}

#[test]
fn evaluation_scores_outside_the_scale_or_not_numbers() {
    let r = results(
        vec![],
        vec![
            vec![
                "TKM-1",
                "3217014104800001",
                "Siti Aminah",
                "4",
                "0",
                "Bagus",
            ],
            vec!["TKM-1", "3217011205850002", "Budi Santoso", "3", "baik", ""],
        ],
    );
    assert_at(r.one("NILAI_DI_LUAR_SKALA"), Severity::Error, "E2", 8);
    assert_at(r.one("NILAI_TIDAK_TERBACA"), Severity::Error, "E3", 8);
}

#[test]
fn evaluation_rows_must_match_a_participant() {
    let r = results(
        vec![],
        vec![vec!["TKM-1", "", "Tidak Terdaftar", "4", "3", ""]],
    );
    let f = r.one("EVALUASI_TANPA_PESERTA");
    assert_eq!((f.severity, f.langkah_sop), (Severity::Peringatan, Some(8)));
}

#[test]
fn result_rows_with_an_unknown_kode() {
    let r = results(
        vec![vec![
            "TKM-7",
            "3217014104800001",
            "Siti Aminah",
            "Ya",
            "36,5",
            "",
            "Ya",
        ]],
        vec![],
    );
    assert_at(r.one("KODE_TIDAK_DIKENAL"), Severity::Error, "A2", 7);
}

#[test]
fn sessions_that_cannot_end_in_time_hold_back_invitations_and_forms() {
    let mut rows = Vec::new();
    for i in 0..45 {
        let nik: &'static str = Box::leak(format!("32170112058500{:02}", i + 1).into_boxed_str());
        let name: &'static str = Box::leak(format!("Peserta {i}").into_boxed_str());
        rows.push(vec![name, nik, "L", "12/05/1985", "085712345678", "TKM-1"]);
    }
    let mut sched = jadwal("TKM-1");
    // 20 m² holds 8: six sessions of 180 minutes cannot end by 18.00.
    sched.iter_mut().for_each(|r| r[8] = "20");
    let r = run(vec![
        ("jadwal.xlsx", with_header(&JADWAL_HEADER, sched)),
        ("peserta.xlsx", with_header(&PESERTA_HEADER, rows)),
    ]);
    let f = r.one("SESI_TIDAK_MUAT");
    assert_at(f, Severity::Error, "I2", 3);
    assert!(
        f.pesan.contains("6 sesi") && f.pesan.contains("18.00"),
        "{}",
        f.pesan
    );
    r.none("SESI_DIBAGI");
    assert!(r.verdict.doc_held("TKM-1", Doc::Undangan).is_some());
    assert!(r.verdict.doc_held("TKM-1", Doc::DaftarHadir).is_some());
}

#[test]
fn kodes_match_whatever_their_case_and_spacing() {
    let mut row = siti();
    row[5] = " tkm-1 ";
    let r = people(vec![row]);
    r.none("KODE_TIDAK_DIKENAL");
    assert_eq!(r.members("TKM-1"), ["Siti Aminah"]);
}

#[test]
fn participants_without_any_schedule_are_one_error() {
    let r = run(vec![(
        "peserta.xlsx",
        with_header(&PESERTA_HEADER, vec![siti(), budi()]),
    )]);
    let f = r.one("JADWAL_TIDAK_ADA");
    assert_eq!(f.severity, Severity::Error);
    assert!(f.pesan.contains("2 peserta"));
    r.none("KODE_TIDAK_DIKENAL");
}

#[test]
fn a_missing_schedule_column_is_named() {
    let mut rows = jadwal("TKM-1");
    rows.iter_mut().for_each(|r| r[7] = "");
    let mut header = JADWAL_HEADER;
    header[7] = "Tempaat";
    let r = run(vec![
        ("jadwal.xlsx", with_header(&header, rows)),
        ("peserta.xlsx", with_header(&PESERTA_HEADER, vec![siti()])),
    ]);
    let f = r.one("KEGIATAN_TIDAK_LENGKAP");
    assert!(
        f.pesan.contains("kolom Tempat tidak ditemukan"),
        "{}",
        f.pesan
    );
}

#[test]
fn a_name_without_spaces_longer_than_a_column_is_a_warning() {
    let mut row = siti();
    let long: &'static str = Box::leak("A".repeat(120).into_boxed_str());
    row[0] = long;
    let r = people(vec![row]);
    assert_at(r.one("NAMA_TIDAK_WAJAR"), Severity::Peringatan, "A2", 4);
    assert_eq!(r.members("TKM-1").len(), 1, "still invited");
}

#[test]
fn attending_without_a_mask_is_step_5() {
    let r = results(
        vec![vec![
            "TKM-1",
            "3217014104800001",
            "Siti Aminah",
            "Ya",
            "36,5",
            "",
            "Tidak",
        ]],
        vec![],
    );
    assert_at(
        r.one("PROTOKOL_TIDAK_DIPATUHI"),
        Severity::Peringatan,
        "G2",
        5,
    );
}

#[test]
fn evaluations_from_absent_participants_are_noticed() {
    let r = results(
        vec![vec![
            "TKM-1",
            "3217014104800001",
            "Siti Aminah",
            "Tidak",
            "",
            "",
            "",
        ]],
        vec![vec![
            "TKM-1",
            "3217014104800001",
            "Siti Aminah",
            "4",
            "3",
            "",
        ]],
    );
    let f = r.one("EVALUASI_DARI_YANG_TIDAK_HADIR");
    assert_eq!(
        (f.severity, f.langkah_sop, f.lokasi.row),
        (Severity::Peringatan, Some(8), Some(2))
    );
}

#[test]
fn unanswered_rows_of_the_entry_form_are_not_evaluations() {
    // The entry form comes pre-filled with every participant; an absent
    // participant's row stays without scores and says nothing.
    let r = results(
        vec![vec![
            "TKM-1",
            "3217014104800001",
            "Siti Aminah",
            "Tidak",
            "",
            "",
            "",
        ]],
        vec![
            vec!["TKM-1", "3217014104800001", "Siti Aminah", "", "", ""],
            vec!["TKM-1", "", "Orang Lain", "", "", ""],
        ],
    );
    r.none("EVALUASI_DARI_YANG_TIDAK_HADIR");
    r.none("EVALUASI_TANPA_PESERTA");
}

#[test]
fn a_day_name_that_does_not_match_the_date() {
    let r = schedule(|rows| {
        rows.iter_mut()
            .for_each(|r| r[2] = "Senin, 17 November 2026")
    });
    let all = r.of("NAMA_HARI_SALAH");
    assert_eq!(all.len(), 3, "one per schedule row");
    assert_at(all[0], Severity::Peringatan, "C2", 2);
    assert!(all[0].pesan.contains("Selasa"));
}
