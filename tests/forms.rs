//! The xlsx entry forms round-trip: `daftar-hadir.xlsx` and
//! `evaluasi-isian.xlsx`, filled in by a program the way staff fill them in
//! Excel, dropped into the inputs folder, are read back as results.

use calamine::Data;

use crate::util::{Dir, fill, text};
use tkm::sample::ACTIVITIES;

#[test]
fn filled_attendance_and_evaluation_forms_read_back_as_results() {
    let dir = Dir::with_sample();
    assert_eq!(dir.proses().status.code(), Some(0));
    let a = &ACTIVITIES[0];
    let base = dir.outputs().join(a.kode);
    // Attendance: everyone present with 36.5 °C, except the 3rd (absent)
    // and the 5th (38.0 °C, no second reading).
    fill(
        &base.join("daftar-hadir.xlsx"),
        &dir.inputs().join("hasil_hadir.xlsx"),
        |n, col| {
            if n > a.participants {
                return None; // walk-in rows stay blank
            }
            match col {
                "Hadir" => Some(Data::String(if n == 3 { "Tidak" } else { "Ya" }.into())),
                "Suhu (°C)" if n != 3 => Some(Data::Float(if n == 5 { 38.0 } else { 36.5 })),
                "Masker" | "CTPS" if n != 3 => Some(Data::String("Ya".into())),
                _ => None,
            }
        },
    );
    // Evaluation: 3 everywhere, a 7 for the 2nd participant's first item.
    fill(
        &base.join("evaluasi-isian.xlsx"),
        &dir.inputs().join("hasil_evaluasi.xlsx"),
        |n, col| {
            if n > a.participants || n == 3 {
                None // spare rows stay blank; the absent 3rd returned no sheet
            } else if col.starts_with("1.") && n == 2 {
                Some(Data::Float(7.0))
            } else if col.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                Some(Data::Float(3.0))
            } else if col == "Saran" && n == 1 {
                Some(Data::String("Tambah waktu praktik".into()))
            } else {
                None
            }
        },
    );
    let out = dir.tkm(&["validasi", "--format", "json"]);
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", text(&out)));
    let findings = json["temuan"].as_array().unwrap();
    let of = |kode: &str| -> Vec<&serde_json::Value> {
        findings.iter().filter(|f| f["kode"] == kode).collect()
    };
    let kinds: Vec<String> = of("SHEET_DIKENALI")
        .iter()
        .map(|f| format!("{} {}", f["lokasi"]["berkas"], f["pesan"]))
        .collect();
    assert!(
        kinds
            .iter()
            .any(|k| k.contains("hasil_hadir.xlsx") && k.contains("kehadiran")),
        "{kinds:?}"
    );
    assert!(
        kinds
            .iter()
            .any(|k| k.contains("hasil_evaluasi.xlsx") && k.contains("evaluasi")),
        "{kinds:?}"
    );
    // Every row matched a participant.
    assert!(
        of("HADIR_TANPA_PESERTA").is_empty() && of("EVALUASI_TANPA_PESERTA").is_empty(),
        "{findings:#?}"
    );
    assert!(of("HADIR_BELUM_DIISI").is_empty());
    // The planted values are found at their cells: the 5th participant is on
    // row 5 + 4 title/header rows = Excel row 9, column G (Suhu).
    let hot = of("SUHU_TANPA_ULANG");
    assert_eq!(hot.len(), 1, "{hot:#?}");
    assert_eq!(hot[0]["lokasi"]["sel"], "G9");
    let out_of_scale = of("NILAI_DI_LUAR_SKALA");
    assert_eq!(out_of_scale.len(), 1, "{out_of_scale:#?}");
    assert_eq!(out_of_scale[0]["lokasi"]["sel"], "D6");
}

#[test]
fn unfilled_forms_in_the_inputs_folder_are_noted_not_warned_about() {
    let dir = Dir::with_sample();
    dir.proses();
    let base = dir.outputs().join(ACTIVITIES[0].kode);
    std::fs::copy(base.join("daftar-hadir.xlsx"), dir.inputs().join("dh.xlsx")).unwrap();
    std::fs::copy(
        base.join("evaluasi-isian.xlsx"),
        dir.inputs().join("ev.xlsx"),
    )
    .unwrap();
    let out = dir.tkm(&["validasi", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let warnings: Vec<&serde_json::Value> = json["temuan"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["tingkat"] != "info"
                && f["lokasi"]["berkas"] != "Data Peserta Desa Sukamulya (final).xlsx"
                && f["lokasi"]["berkas"] != "jadwal_tkm_januari_2027.xlsx"
        })
        .collect();
    assert!(warnings.is_empty(), "{warnings:#?}");
}

#[test]
fn the_whatsapp_page_has_a_link_per_participant_and_no_nik() {
    let dir = Dir::with_sample();
    dir.proses();
    let a = &ACTIVITIES[0];
    let html =
        std::fs::read_to_string(dir.outputs().join(a.kode).join("undangan-whatsapp.html")).unwrap();
    assert_eq!(html.matches("https://wa.me/62").count(), a.participants);
    for p in tkm::sample::people(a, 0) {
        assert!(html.contains(&p.nama), "{}", p.nama);
        assert!(!html.contains(&p.nik), "full NIK on the WhatsApp page");
        let wa = format!("https://wa.me/62{}?text=", &p.hp[1..]);
        assert!(html.contains(&wa), "{wa}");
    }
}
