//! The activity report and the monthly recap: numbers a hand computation
//! gives, tables that sum, photos, and what happens without results.

use calamine::{Data, Reader, open_workbook_auto};

use crate::util::{Dir, fill, pdf_text, text};
use tkm::sample::{ACTIVITIES, people};

/// A 4×3 red PNG.
pub const PNG: [u8; 73] = [
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 4, 0, 0, 0, 3, 8, 2, 0,
    0, 0, 59, 150, 57, 145, 0, 0, 0, 16, 73, 68, 65, 84, 120, 156, 99, 56, 99, 108, 12, 71, 12, 56,
    57, 0, 31, 22, 14, 89, 146, 236, 148, 25, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

/// Sample data with filled attendance and evaluation forms for the first
/// activity: everyone present except the 3rd and 4th; scores by a rule.
pub fn with_results() -> Dir {
    let dir = Dir::with_sample();
    dir.proses();
    let a = &ACTIVITIES[0];
    let base = dir.outputs().join(a.kode);
    fill(
        &base.join("daftar-hadir.xlsx"),
        &dir.inputs().join("hasil_hadir.xlsx"),
        |n, col| {
            if n > a.participants {
                return None;
            }
            let present = n != 3 && n != 4;
            match col {
                "Hadir" => Some(Data::String(if present { "Ya" } else { "Tidak" }.into())),
                "Suhu (°C)" if present => Some(Data::Float(36.0 + (n % 10) as f64 / 10.0)),
                "Masker" | "CTPS" if present => Some(Data::String("Ya".into())),
                _ => None,
            }
        },
    );
    // Item k gets score 1 + (n + k) % 4; the last item is left blank by
    // participant 1.
    fill(
        &base.join("evaluasi-isian.xlsx"),
        &dir.inputs().join("hasil_evaluasi.xlsx"),
        |n, col| {
            if n > a.participants || n == 3 || n == 4 {
                return None;
            }
            let k: usize = col.split('.').next()?.parse().ok()?;
            if n == 1 && k == 9 {
                return None;
            }
            Some(Data::Float(1.0 + ((n + k) % 4) as f64))
        },
    );
    dir
}

/// The hand computation for `with_results`: the mean of the item means.
fn expected_index() -> f64 {
    let a = &ACTIVITIES[0];
    let respondents: Vec<usize> = (1..=a.participants)
        .filter(|n| *n != 3 && *n != 4)
        .collect();
    let items = 9;
    let mut means = Vec::new();
    for k in 1..=items {
        let scores: Vec<f64> = respondents
            .iter()
            .filter(|n| !(**n == 1 && k == 9))
            .map(|n| 1.0 + ((n + k) % 4) as f64)
            .collect();
        means.push(scores.iter().sum::<f64>() / scores.len() as f64);
    }
    means.iter().sum::<f64>() / means.len() as f64 * 25.0
}

/// A number cell's value (text that looks like a number does not count).
fn num(cell: &Data) -> Option<f64> {
    match cell {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        _ => None,
    }
}

fn id(x: f64) -> String {
    format!("{:.2}", x).replace('.', ",")
}

#[test]
fn the_report_states_the_hand_computed_numbers() {
    let dir = with_results();
    let out = dir.proses();
    assert_ne!(out.status.code(), Some(2), "{}", text(&out));
    let base = dir.outputs().join(ACTIVITIES[0].kode);
    let t = pdf_text(&base.join("laporan-kegiatan.pdf"));
    let attended = ACTIVITIES[0].participants - 2;
    assert!(
        t.contains(&format!(
            "Jumlah tenaga kerja yang diberdayakan: {attended} orang"
        )),
        "{t}"
    );
    assert!(
        t.contains(&format!(
            "Indeks kepuasan peserta: {}",
            id(expected_index())
        )),
        "{} in {t}",
        id(expected_index())
    );
    for part in [
        "LAPORAN KEGIATAN",
        "PENDAHULUAN",
        "Dasar Hukum",
        "Peraturan Pemerintah Nomor 33 Tahun 2013",
        "PELAKSANAAN",
        "HASIL",
        "SIMPULAN DAN SARAN",
        "PENUTUP",
        "Mengetahui,",
        "Kesesuaian dengan SOP",
        "LAMPIRAN 1",
        "Dian Permana",
    ] {
        assert!(t.contains(part), "{part} missing");
    }
    // No NIK, no birth date in the report.
    for p in people(&ACTIVITIES[0], 0) {
        assert!(!t.contains(&p.nik), "NIK in the report");
    }
    // The second activity has no results: no report, and a finding says why.
    assert!(
        !dir.outputs()
            .join(ACTIVITIES[1].kode)
            .join("laporan-kegiatan.pdf")
            .exists()
    );
    assert!(text(&out).contains(&format!(
        "laporan kegiatan {} belum dibuat",
        ACTIVITIES[1].kode
    )));
}

#[test]
fn every_breakdown_sums_to_the_attended_count() {
    let dir = with_results();
    dir.proses();
    let path = dir
        .outputs()
        .join(ACTIVITIES[0].kode)
        .join("laporan-kegiatan.xlsx");
    let mut wb = open_workbook_auto(&path).unwrap();
    let summary = wb.worksheet_range("Ringkasan").unwrap();
    let attended = summary
        .rows()
        .find(|r| {
            r[0].to_string()
                .starts_with("Tenaga kerja yang diberdayakan")
        })
        .and_then(|r| num(&r[1]))
        .expect("attended count as a number");
    assert_eq!(attended, (ACTIVITIES[0].participants - 2) as f64);
    let rincian = wb.worksheet_range("Rincian").unwrap();
    let rows: Vec<Vec<Data>> = rincian.rows().map(|r| r.to_vec()).collect();
    let mut tables = 0;
    let mut i = 0;
    while i < rows.len() {
        // A table: title, header, rows, "Jumlah".
        if rows[i].get(1).map(|c| c.to_string()) == Some("Orang".into()) {
            let mut sum = 0.0;
            let mut j = i + 1;
            while rows[j][0] != "Jumlah" {
                sum += num(&rows[j][1]).expect("counts are numbers");
                j += 1;
            }
            assert_eq!(num(&rows[j][1]), Some(attended), "table {}", rows[i][0]);
            assert_eq!(sum, attended, "table {} rows", rows[i][0]);
            tables += 1;
            i = j;
        }
        i += 1;
    }
    assert_eq!(
        tables, 6,
        "sex, age, education, kecamatan, kelompok, jenis usaha"
    );
}

#[test]
fn photos_from_the_activity_folder_are_embedded_with_captions() {
    let dir = with_results();
    let kode = ACTIVITIES[0].kode;
    dir.write(
        &format!("inputs/dokumentasi/{kode}/pembukaan_oleh-kepala-dinas.png"),
        PNG,
    );
    dir.write(
        &format!("inputs/dokumentasi/{kode}/rusak.jpg"),
        b"bukan gambar",
    );
    let out = dir.proses();
    let t = pdf_text(&dir.outputs().join(kode).join("laporan-kegiatan.pdf"));
    assert!(t.contains("pembukaan oleh kepala dinas"), "{t}");
    assert!(
        text(&out).contains("rusak.jpg") && text(&out).contains("tidak dimuat di laporan"),
        "{}",
        text(&out)
    );
}

#[test]
fn the_monthly_recap_lists_every_activity_of_the_month() {
    let dir = with_results();
    let out = dir.tkm(&["laporan", "--bulan", "2027-01"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let pdf = dir.outputs().join("laporan-bulanan").join("2027-01.pdf");
    let t = pdf_text(&pdf);
    for a in &ACTIVITIES {
        assert!(t.contains(a.kode), "{} missing", a.kode);
    }
    assert!(t.contains("BULAN JANUARI 2027"), "{t}");
    assert!(
        t.contains(&id(expected_index())),
        "index of the first activity"
    );
    assert!(
        dir.outputs()
            .join("laporan-bulanan")
            .join("2027-01.xlsx")
            .is_file()
    );
}

#[test]
fn a_month_without_activities_says_so_and_writes_nothing() {
    let dir = Dir::with_sample();
    let out = dir.tkm(&["report", "--month", "2026-03"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out).contains("Tidak ada kegiatan bertanggal Maret 2026"),
        "{}",
        text(&out)
    );
    assert!(!dir.outputs().join("laporan-bulanan").exists());
    let out = dir.tkm(&["laporan", "--bulan", "2026-13"]);
    assert_eq!(out.status.code(), Some(2));
}

/// Personal data (UU 24/2013 Pasal 84, UU 27/2022): after a whole cycle —
/// documents, results, report, monthly recap, archive — no full NIK and
/// no birth date appears in any document that leaves the office or in
/// any report, nor in what `tkm` prints. Full NIKs stay in the archive
/// bundle and in the operator's own working files (findings, the entry
/// forms that read results back), which are written owner-only.
#[test]
fn no_full_nik_or_birth_date_outside_the_archive_and_working_files() {
    let dir = with_results();
    let mut printed = text(&dir.proses());
    printed.push_str(&text(&dir.tkm(&["laporan", "--bulan", "2027-01"])));
    printed.push_str(&text(&dir.tkm(&["arsip"])));
    let working = [
        "temuan.xlsx",
        "daftar-hadir.xlsx",
        "evaluasi-isian.xlsx",
        "nomor-surat.csv",
        ".tkm.lock",
    ];
    let mut checked = 0;
    let mut leaks = Vec::new();
    for rel in crate::util::files(&dir.outputs()) {
        let name = rel.rsplit('/').next().unwrap();
        if rel.starts_with("arsip/") || working.contains(&name) {
            continue;
        }
        let path = dir.outputs().join(&rel);
        let content = if rel.ends_with(".pdf") {
            pdf_text(&path)
        } else if rel.ends_with(".xlsx") {
            let mut wb = open_workbook_auto(&path).unwrap();
            let mut all = String::new();
            for sheet in wb.sheet_names() {
                for (_, _, cell) in wb.worksheet_range(&sheet).unwrap().used_cells() {
                    all.push_str(&cell.to_string());
                    all.push('\n');
                }
            }
            all
        } else {
            String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned()
        };
        checked += 1;
        for (salt, a) in ACTIVITIES.iter().enumerate() {
            for p in people(a, salt) {
                let (y, m, d) = p.lahir;
                let born = [
                    format!("{d:02}/{m:02}/{y}"),
                    format!("{y}-{m:02}-{d:02}"),
                    format!("{d} {} {y}", tkm::indo::month_name(u32::from(m))),
                ];
                if content.contains(&p.nik) {
                    leaks.push(format!("{rel}: NIK of {}", p.nama));
                }
                if let Some(b) = born.iter().find(|b| content.contains(b.as_str())) {
                    leaks.push(format!("{rel}: birth date {b} of {}", p.nama));
                }
            }
        }
    }
    assert!(checked >= 10, "only {checked} files checked");
    for (salt, a) in ACTIVITIES.iter().enumerate() {
        for p in people(a, salt) {
            if printed.contains(&p.nik) {
                leaks.push(format!("printed: NIK of {}", p.nama));
            }
        }
    }
    assert!(leaks.is_empty(), "{}", leaks.join("\n"));
}

/// The health-protocol lines agree with the attended count: someone
/// refused at the door is not counted, someone present without a mark is
/// said to be unrecorded, and a mistyped temperature is not shown.
#[test]
fn protocol_numbers_agree_with_the_attended_count() {
    let dir = Dir::with_sample();
    dir.proses();
    let a = &ACTIVITIES[0];
    let base = dir.outputs().join(a.kode);
    fill(
        &base.join("daftar-hadir.xlsx"),
        &dir.inputs().join("hasil_hadir.xlsx"),
        |n, col| {
            if n > a.participants {
                return None;
            }
            match (n, col) {
                (_, "Hadir") => Some(Data::String("Ya".into())),
                // Refused at the door: both readings above the limit.
                (1, "Suhu (°C)") => Some(Data::Float(38.0)),
                (1, "Suhu Ulang (°C)") => Some(Data::Float(37.9)),
                // Present, masks and handwashing not marked.
                (2, "Suhu (°C)") => Some(Data::Float(36.4)),
                (2, "Masker" | "CTPS") => None,
                // A slip of the keyboard.
                (3, "Suhu (°C)") => Some(Data::Float(365.0)),
                (_, "Suhu (°C)") => Some(Data::Float(36.5)),
                (_, "Masker" | "CTPS") => Some(Data::String("Ya".into())),
                _ => None,
            }
        },
    );
    dir.proses();
    let t = pdf_text(&base.join("laporan-kegiatan.pdf"));
    let attended = a.participants - 1;
    assert!(t.contains(&format!("{attended} orang hadir")), "{t}");
    let line = format!(
        "Masker: {} dari {attended} peserta yang hadir (1 tidak tercatat)",
        attended - 1
    );
    assert!(t.contains(&line), "{line} in {t}");
    assert!(!t.contains("365"), "the slip 365 is shown: {t}");
}

/// Two participants of one activity with the same name and no usable NIK
/// (in the real samples: NIKs typed as numbers) are two people in the
/// attendance results too, matched in order, as the form lists them.
#[test]
fn namesakes_without_a_nik_are_counted_as_two_people() {
    let dir = Dir::new();
    dir.write(
        "inputs/jadwal.csv",
        "Kode Kegiatan;Hari/Tanggal;Jam Mulai;Jam Selesai;Acara;Narasumber;Tempat\n\
         TKM-S;17/11/2026;08.00;08.30;Pembukaan;Kepala Dinas;Aula\n\
         TKM-S;17/11/2026;08.30;11.00;Materi usaha;Narasumber;Aula\n\
         TKM-S;17/11/2026;11.00;11.15;Penutupan;Kepala Dinas;Aula\n",
    );
    dir.write(
        "inputs/peserta.csv",
        "Nama;NIK;L/P;Desa\nRatna Setiawan;;P;Cihideung\nBudi Santoso;3217051205800001;L;Cihideung\nRatna Setiawan;;P;Karyawangi\n",
    );
    dir.write(
        "inputs/kehadiran.csv",
        "Kode Kegiatan;NIK;Nama;Hadir;Suhu (°C);Masker;CTPS\n\
         TKM-S;;Ratna Setiawan;Ya;36,5;Ya;Ya\n\
         TKM-S;3217051205800001;Budi Santoso;Ya;36,6;Ya;Ya\n\
         TKM-S;;Ratna Setiawan;Ya;36,4;Ya;Ya\n",
    );
    let out = dir.proses();
    let t = text(&out);
    assert!(!t.contains("sudah tercatat"), "{t}");
    let report = pdf_text(&dir.outputs().join("TKM-S").join("laporan-kegiatan.pdf"));
    assert!(
        report.contains("Jumlah tenaga kerja yang diberdayakan: 3 orang"),
        "{report}"
    );
    // A third Ratna row is a duplicate of the first.
    dir.write(
        "inputs/kehadiran.csv",
        "Kode Kegiatan;NIK;Nama;Hadir\nTKM-S;;Ratna Setiawan;Ya\nTKM-S;;Ratna Setiawan;Ya\nTKM-S;;Ratna Setiawan;Ya\n",
    );
    let t = text(&dir.proses());
    assert!(t.contains("sudah tercatat di baris 2"), "{t}");
}
