//! Text from spreadsheets is data: Typst markup, Tera syntax and path
//! tricks in a name are printed exactly as typed.

use calamine::{Data, Reader};
use rust_xlsxwriter::Workbook;

use crate::util::{Dir, files, pdf_pages, pdf_text, text};

pub const HOSTILE: [&str; 14] = [
    "#set page(width: 1cm) Imas",
    "Rahmat *Hidayat*",
    "Sari $x$ <b>Wati</b>",
    "] [",
    "C:\\Users\\",
    "// x",
    "{{ kantor.nip }} {% raw %}",
    "= Judul",
    "@ref <lbl> /* komentar",
    "../../etc/passwd",
    "=HYPERLINK(\"x\";\"y\")",
    "@SUM(A1:A9)",
    "+62-CMD|' /C calc'!A0",
    "<b>Wati</b> <script>x</script>",
];

fn hostile_inputs(dir: &Dir) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (col, h) in [
        "Kode Kegiatan",
        "Hari/Tanggal",
        "Jam Mulai",
        "Jam Selesai",
        "Acara",
        "Tempat",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, col as u16, *h).unwrap();
    }
    let row = [
        "TKM-X",
        "17/11/2026",
        "08.00",
        "11.00",
        "Pembukaan #pagebreak()",
        "Aula *Desa* $1$",
    ];
    for (col, v) in row.iter().enumerate() {
        ws.write_string(1, col as u16, *v).unwrap();
    }
    dir.write("inputs/jadwal.xlsx", wb.save_to_buffer().unwrap());

    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (col, h) in ["Nama", "NIK", "L/P", "Alamat"].iter().enumerate() {
        ws.write_string(0, col as u16, *h).unwrap();
    }
    for (i, name) in HOSTILE.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, *name).unwrap();
        ws.write_string(r, 1, format!("32170512058000{:02}", i + 1))
            .unwrap();
        ws.write_string(r, 2, "L").unwrap();
        ws.write_string(r, 3, "Jl. #strong[Mawar] \\ No. 1")
            .unwrap();
    }
    dir.write("inputs/peserta.xlsx", wb.save_to_buffer().unwrap());
}

#[test]
fn hostile_names_are_printed_exactly_as_typed() {
    let dir = Dir::new();
    hostile_inputs(&dir);
    let out = dir.proses();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let base = dir.outputs().join("TKM-X");
    let combined = base.join("undangan-semua.pdf");
    let (pages, (w, _)) = pdf_pages(&combined);
    assert_eq!(
        pages,
        HOSTILE.len(),
        "one page each; no injected page breaks"
    );
    assert!((w - 210.0).abs() < 1.0, "page width untouched: {w} mm");
    let t = pdf_text(&combined);
    for name in HOSTILE {
        assert!(t.contains(name), "{name:?} not printed literally in:\n{t}");
    }
    assert!(t.contains("Jl. #strong[Mawar] \\ No. 1"), "{t}");
    assert!(t.contains("Aula *Desa* $1$"), "{t}");
    for doc in ["daftar-hadir.pdf", "lembar-evaluasi.pdf"] {
        let t = pdf_text(&base.join(doc));
        for name in HOSTILE {
            assert!(t.contains(name), "{name:?} not literal in {doc}");
        }
    }
}

#[test]
fn file_names_built_from_names_stay_inside_the_outputs_folder() {
    let dir = Dir::new();
    hostile_inputs(&dir);
    dir.proses();
    let singles = files(&dir.outputs().join("TKM-X").join("undangan"));
    assert_eq!(singles.len(), HOSTILE.len(), "{singles:?}");
    assert!(
        singles
            .iter()
            .all(|f| !f.contains('/') && !f.contains('\\')),
        "{singles:?}"
    );
    assert!(!dir.root.join("etc").exists());
    // Everything written is under outputs/ (inputs/ holds only what the test wrote).
    let outside: Vec<String> = files(&dir.root)
        .into_iter()
        .filter(|f| !f.starts_with("outputs/") && !f.starts_with("inputs/"))
        .collect();
    assert!(outside.is_empty(), "{outside:?}");
}

#[test]
fn characters_the_fonts_lack_are_reported_at_their_cell_once() {
    let dir = Dir::new();
    hostile_inputs(&dir);
    dir.write(
        "inputs/tambahan.csv",
        "Nama;NIK;L/P;Kode Kegiatan\nBudi 😀 漢字;3217051205800031;L;TKM-X\n",
    );
    let out = dir.tkm(&["proses"]);
    let t = text(&out);
    let hits: Vec<&str> = t
        .lines()
        .filter(|l| l.contains("tidak ada di font"))
        .collect();
    assert_eq!(
        hits.len(),
        1,
        "one finding for the cell, not one per document:\n{t}"
    );
    assert!(
        hits[0].contains("sel A2") && hits[0].contains("U+1F600") && hits[0].contains("U+6F22"),
        "{}",
        hits[0]
    );
}

/// Formula-looking names in every xlsx tkm writes are text cells, never
/// formulas; in the WhatsApp page, HTML is shown, not run.
#[test]
fn formula_and_html_text_stays_text_in_xlsx_and_html_outputs() {
    let dir = Dir::new();
    hostile_inputs(&dir);
    // One attendance result per participant, so the report (and its xlsx)
    // is made too.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["Kode Kegiatan", "Nama", "Hadir", "Suhu"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (i, name) in HOSTILE.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, "TKM-X").unwrap();
        ws.write_string(r, 1, *name).unwrap();
        ws.write_string(r, 2, "Ya").unwrap();
        ws.write_number(r, 3, 36.5).unwrap();
    }
    dir.write("inputs/kehadiran.xlsx", wb.save_to_buffer().unwrap());
    let out = dir.proses();
    let report = text(&out);

    let formulas = ["HYPERLINK", "SUM(A1", "CMD|"];
    let mut xlsx = 0;
    let mut seen = std::collections::BTreeSet::new();
    for f in files(&dir.outputs())
        .iter()
        .filter(|f| f.ends_with(".xlsx"))
    {
        xlsx += 1;
        let mut wb = calamine::open_workbook_auto(dir.outputs().join(f)).unwrap();
        for name in wb.sheet_names() {
            let formula = wb.worksheet_formula(&name).unwrap();
            for (r, c, text) in formula.used_cells() {
                assert!(
                    !formulas.iter().any(|h| text.contains(h)),
                    "{f} {name} ({r},{c}) is a formula: {text}"
                );
            }
            for (_, _, cell) in wb.worksheet_range(&name).unwrap().used_cells() {
                if let Data::String(s) = cell {
                    for h in HOSTILE.iter().filter(|h| s.contains(*h)) {
                        seen.insert((f.clone(), *h));
                    }
                }
            }
        }
    }
    assert!(xlsx >= 4, "{report}");
    for form in [
        "TKM-X/daftar-hadir.xlsx",
        "TKM-X/evaluasi-isian.xlsx",
        "TKM-X/laporan-kegiatan.xlsx",
    ] {
        for h in &HOSTILE[10..13] {
            assert!(
                seen.contains(&(form.to_string(), *h)),
                "{h:?} not kept as text in {form}:\n{report}"
            );
        }
    }
    // The letter register, a CSV staff open in Excel: no cell starts a formula.
    let register = std::fs::read_to_string(dir.outputs().join("nomor-surat.csv")).unwrap();
    for line in register.lines() {
        let nama = line.splitn(4, ';').nth(3).unwrap();
        assert!(!nama.starts_with(['=', '+', '-', '@']), "{line}");
    }

    let html = std::fs::read_to_string(dir.outputs().join("TKM-X").join("undangan-whatsapp.html"))
        .unwrap();
    assert!(!html.contains("<script>"), "raw HTML in the page");
    assert!(html.contains("&lt;script&gt;x&lt;/script&gt;"), "{html}");
}

/// A kode that looks like a path makes a folder inside outputs/, nothing
/// outside.
#[test]
fn a_kode_like_a_path_stays_inside_the_outputs_folder() {
    let dir = Dir::new();
    dir.write(
        "inputs/jadwal.csv",
        "Kode Kegiatan;Hari/Tanggal;Jam Mulai;Jam Selesai;Acara;Tempat\n../../luar/TKM;17/11/2026;08.00;11.00;Pembukaan;Aula\n",
    );
    dir.write(
        "inputs/peserta.csv",
        "Nama;NIK;L/P;Kode Kegiatan\nSiti;3217055012800001;P;../../luar/TKM\n",
    );
    let out = dir.proses();
    let made = files(&dir.root);
    assert!(!dir.root.join("luar").exists(), "{made:?}");
    assert!(!dir.root.parent().unwrap().join("luar").exists());
    let outside: Vec<&String> = made
        .iter()
        .filter(|f| !f.starts_with("outputs/") && !f.starts_with("inputs/"))
        .collect();
    assert!(outside.is_empty(), "{outside:?}");
    assert!(
        made.iter()
            .any(|f| f.starts_with("outputs/") && f.ends_with("undangan-semua.pdf")),
        "{made:?}\n{}",
        text(&out)
    );
}
