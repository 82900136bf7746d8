//! Text from spreadsheets is data: Typst markup, Tera syntax and path
//! tricks in a name are printed exactly as typed.

use rust_xlsxwriter::Workbook;

use crate::util::{Dir, files, pdf_pages, pdf_text, text};

pub const HOSTILE: [&str; 10] = [
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
