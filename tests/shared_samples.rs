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
