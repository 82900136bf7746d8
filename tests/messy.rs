//! Inputs as they really arrive: NIKs typed into number cells, a `;`
//! Windows-1252 CSV from Excel with Indonesian settings, an old .xls and an
//! .ods saved by LibreOffice, an Excel lock file, a corrupt and an empty
//! file. The run reports each and goes on with the rest.

use rust_xlsxwriter::{Format, Workbook};

use crate::util::{Dir, files, pdf_text, text};
use tkm::sample::ACTIVITIES;

/// Participants with NIK and phone in number cells, under a merged
/// two-row header, like `Data Peserta Parongpong (final).xlsx`.
fn numeric_nik_workbook() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Peserta").unwrap();
    let bold = Format::new().set_bold();
    ws.merge_range(0, 0, 0, 6, "DATA PESERTA TKM - TAMBAHAN", &bold)
        .unwrap();
    for (col, name) in [
        (0, "No"),
        (1, "Nama Peserta"),
        (2, "No. KTP / NIK"),
        (5, "HP"),
        (6, "Kode"),
    ] {
        ws.merge_range(2, col, 3, col, name, &bold).unwrap();
    }
    ws.merge_range(2, 3, 2, 4, "Jenis Kelamin", &bold).unwrap();
    ws.write_string(3, 3, "L").unwrap();
    ws.write_string(3, 4, "P").unwrap();
    let rows = [
        (
            "Ujang Numerik",
            3217051505800000_f64,
            false,
            81234567890_f64,
        ),
        ("Imas Numerik", 3217055505850010_f64, true, 85712345678_f64),
        (
            "Cecep Numerik",
            3217052010900020_f64,
            false,
            89612345678_f64,
        ),
    ];
    for (i, (nama, nik, p, hp)) in rows.iter().enumerate() {
        let r = 4 + i as u32;
        ws.write_number(r, 0, i as f64 + 1.0).unwrap();
        ws.write_string(r, 1, *nama).unwrap();
        ws.write_number(r, 2, *nik).unwrap();
        ws.write_string(r, if *p { 4 } else { 3 }, "v").unwrap();
        ws.write_number(r, 5, *hp).unwrap();
        ws.write_string(r, 6, ACTIVITIES[0].kode).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

/// What Excel on Windows with Indonesian regional settings writes for
/// "CSV (Comma delimited)": `;`-separated, Windows-1252, CRLF, a title row.
fn cp1252_csv() -> Vec<u8> {
    let text = format!(
        "DAFTAR PESERTA TAMBAHAN;;;;;\r\n\
         No;Nama;NIK;L/P;Tanggal Lahir;Kode Kegiatan\r\n\
         1;José Café;3217051205800031;L;12/05/1980;{k}\r\n\
         2;Nur\u{2019}aini Siregar;3217054403910032;P;4 Maret 1991;{k}\r\n\
         3;\"Ahmad; bin Umar\";3217050107880033;L;1988-07-01;{k}\r\n",
        k = ACTIVITIES[0].kode
    );
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable);
    bytes.into_owned()
}

fn messy_dir() -> Dir {
    let dir = Dir::with_sample();
    dir.write(
        "inputs/tambahan/peserta_numerik.xlsx",
        numeric_nik_workbook(),
    );
    dir.write("inputs/tambahan/peserta_excel.csv", cp1252_csv());
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for name in ["peserta_lama.xls", "peserta_lama.ods"] {
        dir.write(
            &format!("inputs/lama/{name}"),
            std::fs::read(fixtures.join(name)).unwrap(),
        );
    }
    // Excel's owner file while peserta_kecamatan_cisarua.xlsx is open.
    let mut lock = vec![0u8; 165];
    lock[0] = 7;
    lock[1..8].copy_from_slice(b"Petugas");
    dir.write("inputs/~$peserta_kecamatan_cisarua.xlsx", lock);
    dir.write("inputs/rusak.xlsx", b"PK\x03\x04 ini bukan zip yang utuh");
    dir.write("inputs/kosong.csv", b"");
    dir
}

#[test]
fn messy_inputs_are_read_and_reported_and_the_run_goes_on() {
    let dir = messy_dir();
    let out = dir.proses();
    let report = text(&out);
    // Errors (numeric NIKs, the corrupt and the empty file) → exit 1.
    assert_eq!(out.status.code(), Some(1), "{report}");

    // The lock file is skipped with an info line, not an error.
    assert!(
        report.contains("~$peserta_kecamatan_cisarua.xlsx"),
        "{report}"
    );
    assert!(report.contains("berkas kunci Excel/WPS"), "{report}");
    // Corrupt and empty files are named with the reason.
    assert!(
        report.contains("rusak.xlsx") && report.contains("berkas rusak"),
        "{report}"
    );
    assert!(
        report.contains("kosong.csv") && report.contains("berkas kosong"),
        "{report}"
    );

    // Numeric NIKs are reported at their cells, and do not stop invitations.
    for cell in ["C5", "C6", "C7"] {
        let needle = format!("sel {cell}: NIK tersimpan sebagai angka");
        assert!(report.contains(&needle), "{needle} in {report}");
    }
    let a = &ACTIVITIES[0];
    let combined = pdf_text(&dir.outputs().join(a.kode).join("undangan-semua.pdf"));
    for name in [
        "Ujang Numerik",
        "Imas Numerik",
        "Cecep Numerik",
        "José Café",
        "Nur\u{2019}aini Siregar",
        "Ahmad; bin Umar",
        "Agus Salim",
        "Nur'aini Sopandi",
        "Dadan Ramdani",
    ] {
        assert!(combined.contains(name), "{name} missing");
    }
    // The .ods and the .xls hold the same list saved twice: the second
    // copy of each person is an error naming the first, and gets no second
    // invitation. 24 generated + 3 numeric + 3 CSV + 3 from the old list.
    assert!(
        report.contains("sudah dipakai di lama/peserta_lama.ods baris 4 (Agus Salim)"),
        "{report}"
    );
    assert_eq!(
        files(&dir.outputs().join(a.kode).join("undangan")).len(),
        33
    );
}

#[test]
fn findings_name_file_sheet_and_cell() {
    let dir = messy_dir();
    let out = dir.tkm(&["validasi", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json on stdout");
    let findings = json["temuan"].as_array().unwrap();
    let nik = findings
        .iter()
        .find(|f| f["kode"] == "NIK_ANGKA" && f["lokasi"]["sel"] == "C6")
        .expect("NIK_ANGKA at C6");
    assert_eq!(nik["lokasi"]["berkas"], "tambahan/peserta_numerik.xlsx");
    assert_eq!(nik["lokasi"]["sheet"], "Peserta");
    assert_eq!(nik["lokasi"]["baris"], 6);
    assert_eq!(nik["tingkat"], "error");
    assert_eq!(nik["langkah_sop"], 4);
    assert!(nik["saran"].as_str().unwrap().contains("Teks"));
    // validasi writes only the findings report (beside the hidden lock
    // file that keeps two runs from writing into one folder at once).
    assert_eq!(files(&dir.outputs()), [".tkm.lock", "temuan.xlsx"]);
}

#[test]
fn csv_and_libreoffice_files_are_recognised_without_errors() {
    let dir = messy_dir();
    let out = dir.tkm(&["validasi", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json on stdout");
    let findings = json["temuan"].as_array().unwrap();
    for file in [
        "tambahan/peserta_excel.csv",
        "lama/peserta_lama.xls",
        "lama/peserta_lama.ods",
    ] {
        let of_file: Vec<_> = findings
            .iter()
            .filter(|f| f["lokasi"]["berkas"] == file)
            .collect();
        assert!(
            of_file.iter().any(|f| f["kode"] == "SHEET_DIKENALI"),
            "{file} not recognised: {of_file:?}"
        );
        assert!(
            // Only the .xls copies of the .ods rows are errors (duplicates).
            of_file
                .iter()
                .all(|f| f["tingkat"] != "error" || f["kode"] == "NIK_GANDA"),
            "{file} has errors: {of_file:?}"
        );
    }
}

#[test]
fn dates_in_a_1904_workbook_are_read_in_the_1904_system() {
    let dir = Dir::new();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    dir.write(
        "inputs/jadwal_1904.xlsx",
        std::fs::read(fixtures.join("jadwal_1904.xlsx")).unwrap(),
    );
    dir.write(
        "inputs/peserta.csv",
        "Nama;NIK;L/P\nSiti Mac;3217014104800001;P\n",
    );
    let out = dir.proses();
    let t = pdf_text(&dir.outputs().join("TKM-1904").join("undangan-semua.pdf"));
    // 1900 system would give 2 Februari 2023.
    assert!(t.contains("Rabu, 3 Februari 2027"), "{t}\n{}", text(&out));
    assert!(t.contains("08.00–11.00 WIB"), "{t}");
}
