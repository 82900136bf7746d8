//! The command line as a user meets it: exit codes, configuration errors,
//! template overrides, aliases.

use crate::util::{Dir, pdf_pages, pdf_text, text};
use tkm::sample::ACTIVITIES;

#[test]
fn missing_inputs_folder_is_exit_2_with_a_hint() {
    let dir = Dir::new();
    let out = dir.tkm(&["proses"]);
    assert_eq!(out.status.code(), Some(2));
    let t = text(&out);
    assert!(
        t.contains("folder masukan") && t.contains("tkm contoh"),
        "{t}"
    );
}

#[test]
fn a_folder_without_spreadsheets_is_exit_2() {
    let dir = Dir::new();
    dir.write("inputs/catatan.txt", "bukan data");
    let out = dir.tkm(&["proses"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}

#[test]
fn bad_flags_are_exit_2() {
    let out = Dir::new().tkm(&["proses", "--tidak-ada"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn kantor_toml_errors_name_key_and_line() {
    let dir = Dir::with_sample();
    dir.write(
        "inputs/kantor.toml",
        "[kantor]\nkota = \"Lembang\"\nkotta = \"salah ketik\"\n\n[dokumen]\nkertas = \"Letter\"\n",
    );
    let out = dir.tkm(&["proses"]);
    assert_eq!(out.status.code(), Some(2));
    let t = text(&out);
    assert!(t.contains("baris 3") && t.contains("kotta"), "{t}");
    assert!(
        !dir.outputs().join(ACTIVITIES[0].kode).exists(),
        "nothing made from a bad config"
    );
}

#[test]
fn kantor_toml_bad_value_names_key_and_line() {
    let dir = Dir::with_sample();
    dir.write("inputs/kantor.toml", "[dokumen]\nkertas = \"Letter\"\n");
    let out = dir.tkm(&["proses"]);
    assert_eq!(out.status.code(), Some(2));
    let t = text(&out);
    assert!(t.contains("baris 2") && t.contains("dokumen.kertas"), "{t}");
}

#[test]
fn f4_paper_from_kantor_toml() {
    let dir = Dir::with_sample();
    dir.write(
        "inputs/kantor.toml",
        "[dokumen]\nkertas = \"F4\"\n\n[kantor]\nkota = \"Lembang\"\n",
    );
    let out = dir.proses();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let path = dir
        .outputs()
        .join(ACTIVITIES[0].kode)
        .join("undangan-semua.pdf");
    let (_, (w, h)) = pdf_pages(&path);
    assert!(
        (w - 215.0).abs() < 1.0 && (h - 330.0).abs() < 1.0,
        "F4 is 215 × 330 mm: {w}×{h}"
    );
    assert!(pdf_text(&path).contains("Lembang, 5 Januari 2027"));
}

#[test]
fn a_template_in_templates_overrides_the_embedded_one() {
    let dir = Dir::with_sample();
    dir.write(
        "templates/lembar-evaluasi.typ.tera",
        "{% include \"dasar.typ.tera\" %}\n{% for p in peserta %}{% if not loop.first %}#pagebreak(){% endif %}\nLEMBAR BUATAN KANTOR: {{ p.nama }}\n{% endfor %}\n",
    );
    let out = dir.proses();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let t = pdf_text(
        &dir.outputs()
            .join(ACTIVITIES[0].kode)
            .join("lembar-evaluasi.pdf"),
    );
    assert!(t.contains("LEMBAR BUATAN KANTOR"), "{t}");
    // The other templates are still the embedded ones.
    let t = pdf_text(
        &dir.outputs()
            .join(ACTIVITIES[0].kode)
            .join("daftar-hadir.pdf"),
    );
    assert!(t.contains("DAFTAR HADIR PESERTA"), "{t}");
}

#[test]
fn a_broken_template_is_named() {
    let dir = Dir::with_sample();
    dir.write(
        "templates/undangan.typ.tera",
        "{% for u in undangan %}\n{{ u.nama \n",
    );
    let out = dir.tkm(&["proses"]);
    assert_eq!(out.status.code(), Some(2));
    let t = text(&out);
    assert!(t.contains("undangan.typ.tera"), "{t}");
}

/// A template Tera reads but Typst cannot lay out is as broken as one
/// Tera cannot read: exit 2, the template and its line named; documents
/// from the other templates are still made.
#[test]
fn a_template_typst_cannot_lay_out_is_exit_2() {
    let dir = Dir::with_sample();
    let mut broken = tkm::render::TEMPLATES
        .iter()
        .find(|(n, _)| *n == "daftar-hadir.typ.tera")
        .unwrap()
        .1
        .to_string();
    broken.push_str("\n#let x = (\n");
    dir.write("templates/daftar-hadir.typ.tera", broken);
    let out = dir.tkm(&["proses"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(2), "{t}");
    assert!(t.contains("daftar-hadir.typ.tera"), "{t}");
    let base = dir.outputs().join(ACTIVITIES[0].kode);
    assert!(base.join("undangan-semua.pdf").is_file());
    assert!(!base.join("daftar-hadir.pdf").exists());
}

#[test]
fn english_aliases_work() {
    let dir = Dir::with_sample();
    let out = dir.tkm(&["run", "--input", "inputs", "--output", "hasil"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(dir.path("hasil/temuan.xlsx").is_file());
    let out = dir.tkm(&["validate", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

#[test]
fn contoh_never_overwrites() {
    let dir = Dir::new();
    dir.write("inputs/kantor.toml", "# milik kantor\n");
    let out = dir.tkm(&["contoh", "inputs"]);
    assert!(out.status.success());
    assert!(text(&out).contains("tidak ditimpa"));
    assert_eq!(
        std::fs::read_to_string(dir.path("inputs/kantor.toml")).unwrap(),
        "# milik kantor\n"
    );
    assert!(dir.path("inputs/peserta.xlsx").is_file());
    assert!(dir.path("inputs/jadwal.xlsx").is_file());
}

#[test]
fn blank_templates_from_contoh_are_recognised() {
    let dir = Dir::new();
    dir.tkm(&["contoh", "inputs"]);
    let out = dir.tkm(&["validasi", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let recognised: Vec<&str> = json["temuan"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kode"] == "SHEET_DIKENALI")
        .map(|f| f["lokasi"]["berkas"].as_str().unwrap())
        .collect();
    assert_eq!(recognised, ["jadwal.xlsx", "peserta.xlsx"]);
}

#[test]
fn a_mistyped_header_is_an_error_with_a_suggestion() {
    let dir = Dir::with_sample();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["NAMA LENKGAP", "NIIK", "L/P", "Kode Kegiatan"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in ["Siti Typo", "3217014104800001", "P", ACTIVITIES[0].kode]
        .iter()
        .enumerate()
    {
        ws.write_string(1, c as u16, *v).unwrap();
    }
    dir.write("inputs/peserta_typo.xlsx", wb.save_to_buffer().unwrap());
    let out = dir.tkm(&["validasi"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a sheet dropped for a typo is an error"
    );
    let t = text(&out);
    assert!(
        t.contains("\"NAMA LENKGAP\" (sel A1) mirip \"Nama\""),
        "{t}"
    );
    assert!(t.contains("\"NIIK\" (sel B1) mirip \"NIK\""), "{t}");
}

#[test]
fn no_kantor_toml_warns_that_the_letterhead_is_fictional() {
    let dir = Dir::with_sample();
    std::fs::remove_file(dir.path("inputs/kantor.toml")).unwrap();
    let out = dir.tkm(&["validasi"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out).contains("tidak ada kantor.toml"),
        "{}",
        text(&out)
    );
}

#[test]
fn inputs_pointing_at_a_file_says_so() {
    let dir = Dir::with_sample();
    let out = dir.tkm(&["proses", "--masukan", "inputs/kantor.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("adalah berkas, bukan folder"),
        "{}",
        text(&out)
    );
}

#[test]
fn command_line_errors_are_in_indonesian() {
    let dir = Dir::new();
    let t = text(&dir.tkm(&["prose"]));
    assert!(
        t.contains("perintah tidak dikenal: prose; maksudnya proses?"),
        "{t}"
    );
    let t = text(&dir.tkm(&["validasi", "--format", "xml"]));
    assert!(t.contains("tidak sah") && t.contains("teks, json"), "{t}");
    let help = text(&dir.tkm(&["proses", "--help"]));
    assert!(
        help.contains("Pemakaian:") && help.contains("Pilihan:") && !help.contains("Usage:"),
        "{help}"
    );
}
