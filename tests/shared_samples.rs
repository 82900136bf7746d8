//! The messy real-world samples in `../shared/samples`, when
//! `TKM_SHARED_SAMPLES` points at them (`.ci/run` sets it). Without the
//! variable these tests pass vacuously and say so.

use crate::util::{Dir, files, pdf_text, text};

/// A temporary copy of the samples as the inputs folder, or `None`.
fn samples() -> Option<Dir> {
    let Ok(src) = std::env::var("TKM_SHARED_SAMPLES") else {
        eprintln!("TKM_SHARED_SAMPLES not set; skipping the ../shared/samples checks");
        return None;
    };
    let dir = Dir::new();
    for f in files(std::path::Path::new(&src)) {
        let bytes = std::fs::read(std::path::Path::new(&src).join(&f)).unwrap();
        dir.write(&format!("inputs/{f}"), bytes);
    }
    Some(dir)
}

/// Participant names as the sample files hold them (read with calamine, so
/// the test does not trust tkm's own reader).
fn names_in(path: &std::path::Path, name_col: &str) -> Vec<String> {
    use calamine::{Reader, open_workbook_auto};
    let mut wb = open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let (hrow, col) = rows
        .iter()
        .enumerate()
        .find_map(|(i, r)| r.iter().position(|c| c == name_col).map(|c| (i, c)))
        .unwrap();
    rows[hrow + 1..]
        .iter()
        .filter_map(|r| r.get(col).cloned())
        .filter(|n| !n.trim().is_empty() && !n.starts_with("Jumlah"))
        .collect()
}

#[test]
fn shared_samples_give_both_activities_with_all_invitations() {
    let Some(dir) = samples() else { return };
    let out = dir.proses();
    let report = text(&out);
    // The Parongpong NIKs are errors (digits lost) → exit 1, but every
    // invitation is still made.
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(report.contains("kegiatan: 2"), "{report}");
    let lembang = dir.outputs().join("TKM-2026-11-01");
    let parongpong = dir.outputs().join("TKM-2026-11-02");
    assert_eq!(files(&lembang.join("undangan")).len(), 30);
    assert_eq!(files(&parongpong.join("undangan")).len(), 25);
    for (folder, file, col) in [
        (&lembang, "peserta_tkm_lembang.xlsx", "NAMA LENGKAP"),
        (
            &parongpong,
            "Data Peserta Parongpong (final).xlsx",
            "Nama Peserta",
        ),
    ] {
        let combined = pdf_text(&folder.join("undangan-semua.pdf"));
        let names = names_in(&dir.inputs().join(file), col);
        assert!(names.len() >= 25, "{names:?}");
        for name in names {
            assert!(
                combined.contains(&name),
                "{name} missing from {}",
                folder.display()
            );
        }
        for doc in ["daftar-hadir.pdf", "lembar-evaluasi.pdf"] {
            assert!(folder.join(doc).is_file());
        }
    }
    // The lock file is skipped, not an error.
    assert!(report.contains("~$peserta_tkm_lembang.xlsx"));
    assert!(!report.contains("BERKAS_TIDAK_TERBACA"));
}

#[test]
fn shared_samples_numeric_niks_are_reported_at_their_cells() {
    let Some(dir) = samples() else { return };
    let out = dir.tkm(&["validasi", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let cells: Vec<String> = json["temuan"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kode"] == "NIK_ANGKA")
        .map(|f| {
            assert_eq!(
                f["lokasi"]["berkas"],
                "Data Peserta Parongpong (final).xlsx"
            );
            f["lokasi"]["sel"].as_str().unwrap().to_string()
        })
        .collect();
    let want: Vec<String> = (5..=29).map(|r| format!("C{r}")).collect();
    assert_eq!(cells, want);
}

#[test]
fn shared_samples_small_room_is_split_into_two_sessions() {
    let Some(dir) = samples() else { return };
    let out = dir.proses();
    let report = text(&out);
    assert!(
        report.contains("45 m² hanya memuat 20 orang") && report.contains("25 peserta"),
        "{report}"
    );
    assert!(report.contains("dibagi menjadi 2 sesi"), "{report}");
    assert!(
        report.contains("petunjuk arah") && report.contains("[SOP langkah 3]"),
        "{report}"
    );
    let hadir = pdf_text(
        &dir.outputs()
            .join("TKM-2026-11-02")
            .join("daftar-hadir.pdf"),
    );
    assert!(hadir.contains("1 dari 2") && hadir.contains("2 dari 2"));
}

/// The hand computation from the sample results: participants with
/// Hadir = Ya (no temperature reaches 37.3 °C in the file), and the mean of
/// the item means × 25 over the evaluation sheet's score columns.
fn hand_computed(dir: &Dir) -> (usize, f64) {
    use calamine::{Data, Reader, open_workbook_auto};
    let mut wb = open_workbook_auto(dir.inputs().join("kehadiran_TKM-2026-11-01.xlsx")).unwrap();
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    let hadir_col = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .position(|c| *c == "Hadir")
        .unwrap();
    let attended = range
        .rows()
        .skip(1)
        .filter(|r| r[hadir_col] == "Ya")
        .count();
    let mut wb =
        open_workbook_auto(dir.inputs().join("hasil_evaluasi_TKM-2026-11-01.xlsx")).unwrap();
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let item_cols: Vec<usize> = (0..header.len())
        .filter(|c| !["Kode Kegiatan", "NIK", "Nama", "Saran"].contains(&header[*c].as_str()))
        .collect();
    let mut means = Vec::new();
    for c in item_cols {
        let scores: Vec<f64> = range
            .rows()
            .skip(1)
            .filter_map(|r| match &r[c] {
                Data::Float(f) => Some(*f),
                Data::Int(i) => Some(*i as f64),
                _ => None,
            })
            .collect();
        means.push(scores.iter().sum::<f64>() / scores.len() as f64);
    }
    (
        attended,
        means.iter().sum::<f64>() / means.len() as f64 * 25.0,
    )
}

#[test]
fn shared_samples_report_states_the_hand_computed_numbers() {
    let Some(dir) = samples() else { return };
    let (attended, index) = hand_computed(&dir);
    assert_eq!(attended, 27, "the sample file has 27 present");
    let out = dir.proses();
    let report = text(&out);
    let t = pdf_text(
        &dir.outputs()
            .join("TKM-2026-11-01")
            .join("laporan-kegiatan.pdf"),
    );
    assert!(
        t.contains(&format!(
            "Jumlah tenaga kerja yang diberdayakan: {attended} orang"
        )),
        "{t}"
    );
    let shown = format!("{:.2}", index).replace('.', ",");
    assert!(
        t.contains(&format!("Indeks kepuasan peserta: {shown}")),
        "{shown} not in {t}"
    );
    // TKM-2026-11-02 has no results: no report, and a finding says why.
    assert!(
        !dir.outputs()
            .join("TKM-2026-11-02")
            .join("laporan-kegiatan.pdf")
            .exists()
    );
    assert!(
        report.contains("laporan kegiatan TKM-2026-11-02 belum dibuat"),
        "{report}"
    );

    let out = dir.tkm(&["laporan", "--bulan", "2026-11"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let recap = pdf_text(&dir.outputs().join("laporan-bulanan").join("2026-11.pdf"));
    assert!(
        recap.contains("TKM-2026-11-01") && recap.contains("TKM-2026-11-02"),
        "{recap}"
    );
    assert!(recap.contains(&shown) && recap.contains("27"), "{recap}");
}
