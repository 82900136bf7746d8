//! What a new user gets from `tkm contoh --data-contoh` and `tkm proses`.

use crate::util::{Dir, files, pdf_pages, pdf_text, text};
use tkm::sample::{ACTIVITIES, people};

#[test]
fn sample_data_gives_every_document_for_every_activity() {
    let dir = Dir::with_sample();
    let out = dir.proses();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let stdout = text(&out);
    assert!(stdout.contains("kegiatan: 2"), "{stdout}");

    for (salt, a) in ACTIVITIES.iter().enumerate() {
        let base = dir.outputs().join(a.kode);
        let singles = files(&base.join("undangan"));
        assert_eq!(singles.len(), a.participants, "{singles:?}");
        let all = base.join("undangan-semua.pdf");
        let (pages, (w, h)) = pdf_pages(&all);
        assert_eq!(
            pages, a.participants,
            "one page per invitation, no blank pages"
        );
        assert!(
            (w - 210.0).abs() < 1.0 && (h - 297.0).abs() < 1.0,
            "A4 by default: {w}×{h}"
        );
        let all_text = pdf_text(&all);
        for p in people(a, salt) {
            assert!(
                all_text.contains(&p.nama),
                "{} missing from {}",
                p.nama,
                all.display()
            );
            // Invitations never show a full NIK.
            assert!(
                !all_text.contains(&p.nik),
                "full NIK of {} in the invitation",
                p.nama
            );
        }
        for doc in ["daftar-hadir.pdf", "lembar-evaluasi.pdf"] {
            assert!(base.join(doc).is_file(), "{doc} for {}", a.kode);
        }
    }
    assert!(dir.outputs().join("temuan.xlsx").is_file());
}

#[test]
fn an_invitation_reads_like_an_official_letter() {
    let dir = Dir::with_sample();
    dir.proses();
    let a = &ACTIVITIES[0];
    let first = &files(&dir.outputs().join(a.kode).join("undangan"))[0];
    assert!(first.starts_with("001-"), "{first}");
    let path = dir.outputs().join(a.kode).join("undangan").join(first);
    assert_eq!(pdf_pages(&path).0, 1);
    let t = pdf_text(&path);
    for part in [
        "PEMERINTAH KABUPATEN SUKAMAJU",
        "DINAS TENAGA KERJA",
        "Sukamaju, 5 Januari 2027",
        "Nomor",
        "500.15.10/1/Disnaker/I/2027",
        "Sifat",
        "Lampiran",
        "Hal",
        "Yth.",
        "Selasa, 12 Januari 2027",
        "08.00–11.00 WIB",
        "Aula Kecamatan Cisarua",
        "masker",
        "1,5 meter",
        "NIP 19680512 199403 1 005",
        "Tembusan",
    ] {
        assert!(t.contains(part), "missing {part:?} in {t}");
    }
    assert!(!t.contains("Kepada"), "Yth. without Kepada");
}

#[test]
fn a_room_too_small_splits_participants_into_sessions() {
    let dir = Dir::with_sample();
    let out = dir.proses();
    let stdout = text(&out);
    // 40 m² holds 17 at 1.5 m; 22 invited → 2 sessions of 11.
    assert!(stdout.contains("40 m² hanya memuat 17 orang"), "{stdout}");
    let a = &ACTIVITIES[1];
    let base = dir.outputs().join(a.kode);
    let all = pdf_text(&base.join("undangan-semua.pdf"));
    assert!(all.contains("08.30–11.30 WIB (Sesi 1)"), "{all}");
    assert!(all.contains("12.00–15.00 WIB (Sesi 2)"), "{all}");
    let hadir = pdf_text(&base.join("daftar-hadir.pdf"));
    assert!(
        hadir.contains("1 dari 2") && hadir.contains("2 dari 2"),
        "{hadir}"
    );
}

#[test]
fn attendance_form_masks_the_nik_and_has_the_health_columns() {
    let dir = Dir::with_sample();
    dir.proses();
    let a = &ACTIVITIES[0];
    let t = pdf_text(&dir.outputs().join(a.kode).join("daftar-hadir.pdf"));
    for col in [
        "No",
        "Nama",
        "NIK",
        "Desa / Kelompok",
        "Suhu (°C)",
        "Masker",
        "CTPS",
        "Tanda Tangan",
    ] {
        assert!(t.contains(col), "column {col} missing");
    }
    for p in people(a, 0) {
        let masked = format!("{}********{}", &p.nik[..4], &p.nik[12..]);
        assert!(t.contains(&masked), "masked NIK {masked} missing");
        assert!(
            !t.contains(&p.nik),
            "full NIK {} on the attendance form",
            p.nik
        );
    }
    assert!(
        t.contains("Dian Permana, S.Sos."),
        "the Pengantar Kerja signs"
    );
}

#[test]
fn evaluation_sheets_one_per_participant_with_aspects() {
    let dir = Dir::with_sample();
    dir.proses();
    let a = &ACTIVITIES[0];
    let path = dir.outputs().join(a.kode).join("lembar-evaluasi.pdf");
    assert_eq!(pdf_pages(&path).0, a.participants);
    let t = pdf_text(&path);
    for part in [
        "Materi",
        "Narasumber",
        "Penyelenggaraan",
        "Sarana",
        "Protokol Kesehatan",
        "Sangat Baik",
        "Saran dan masukan",
    ] {
        assert!(t.contains(part), "missing {part}");
    }
}

#[test]
fn a_second_run_gives_byte_identical_outputs() {
    let dir = Dir::with_sample();
    dir.proses();
    let first: Vec<(String, Vec<u8>)> = files(&dir.outputs())
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.outputs().join(&f)).unwrap();
            (f, bytes)
        })
        .collect();
    dir.proses();
    let second = files(&dir.outputs());
    assert_eq!(
        first.iter().map(|(f, _)| f.clone()).collect::<Vec<_>>(),
        second
    );
    for (f, bytes) in first {
        assert!(
            std::fs::read(dir.outputs().join(&f)).unwrap() == bytes,
            "{f} changed between runs"
        );
    }
}

#[test]
fn no_temporary_files_are_left_behind() {
    let dir = Dir::with_sample();
    dir.proses();
    let stray: Vec<String> = files(&dir.outputs())
        .into_iter()
        .filter(|f| f.contains(".tkm-"))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

#[test]
fn letter_numbers_run_on_through_the_year_and_repeat_on_rerun() {
    let dir = Dir::with_sample();
    dir.proses();
    let second = &ACTIVITIES[1];
    let t = pdf_text(&dir.outputs().join(second.kode).join("undangan-semua.pdf"));
    // The first activity used 1..=24.
    assert!(t.contains("500.15.10/25/Disnaker/I/2027"), "{t}");
    assert!(t.contains("500.15.10/46/Disnaker/I/2027"), "{t}");
}

#[test]
fn committed_sample_inputs_are_the_generators_output() {
    let dir = Dir::new();
    let out = dir.tkm(&["contoh", "--data-contoh", "gen"]);
    assert!(out.status.success(), "{}", text(&out));
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs");
    assert_eq!(files(&repo), files(&dir.path("gen")));
    for f in files(&repo) {
        let committed = std::fs::read(repo.join(&f)).unwrap();
        let generated = std::fs::read(dir.path("gen").join(&f)).unwrap();
        assert!(
            committed == generated,
            "inputs/{f} differs from `tkm contoh --data-contoh`: regenerate it"
        );
    }
}

/// A schedule with one activity in a big room and `n` participants.
fn one_activity(dir: &Dir, n: usize, name_len: usize) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let head = [
        "Kode Kegiatan",
        "Hari/Tanggal",
        "Jam Mulai",
        "Jam Selesai",
        "Acara",
        "Tempat",
        "Luas Ruangan",
        "Pengantar Kerja",
    ];
    for (c, h) in head.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (start, end, acara)) in [
        ("08.00", "08.30", "Pembukaan"),
        ("08.30", "10.45", "Materi"),
        ("10.45", "11.00", "Penutupan"),
    ]
    .iter()
    .enumerate()
    {
        let row = [
            "TKM-N",
            "17/11/2027",
            start,
            end,
            acara,
            "Aula",
            "500",
            "Dian Permana",
        ];
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, *v).unwrap();
        }
    }
    dir.write("inputs/jadwal.xlsx", wb.save_to_buffer().unwrap());
    let mut csv = String::from("Nama;NIK;L/P;Kode Kegiatan\n");
    for i in 0..n {
        let base = format!("Peserta Nomor {i} ");
        let name: String = base
            .chars()
            .chain(std::iter::repeat('a'))
            .take(name_len.max(base.len()))
            .collect();
        csv.push_str(&format!("{name};32170112058{:05};L;TKM-N\n", i + 1));
    }
    dir.write("inputs/peserta.csv", csv);
}

#[test]
fn the_officer_signature_never_stands_alone_on_a_page() {
    for n in [10, 14, 15, 16, 17, 18, 19, 20, 21, 38, 39, 40, 41] {
        let dir = Dir::new();
        one_activity(&dir, n, 0);
        let out = dir.proses();
        assert_ne!(out.status.code(), Some(2), "{}", text(&out));
        let pages =
            crate::util::pdf_page_texts(&dir.outputs().join("TKM-N").join("daftar-hadir.pdf"));
        let signed = pages
            .iter()
            .filter(|p| p.contains("Pengantar Kerja,"))
            .count();
        assert_eq!(signed, 1, "{n} participants");
        let page = pages
            .iter()
            .find(|p| p.contains("Pengantar Kerja,"))
            .unwrap();
        // The last participant's row or a blank row after it shares the page.
        let rows_on_page = (1..=n + 20)
            .filter(|k| page.contains(&format!("{k}.")))
            .count();
        assert!(
            rows_on_page >= 1,
            "{n} participants: signature alone on its page:\n{page}"
        );
    }
}

#[test]
fn a_90_character_name_still_fits_one_page_per_invitation() {
    let dir = Dir::new();
    one_activity(&dir, 3, 90);
    let out = dir.proses();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let all = dir.outputs().join("TKM-N").join("undangan-semua.pdf");
    assert_eq!(pdf_pages(&all).0, 3);
    for doc in ["daftar-hadir.pdf", "lembar-evaluasi.pdf"] {
        assert!(dir.outputs().join("TKM-N").join(doc).is_file());
    }
}

/// A very long address makes that one letter two pages: it is made all
/// the same, with a warning at its row, and the others are untouched.
#[test]
fn one_overlong_address_holds_back_no_other_invitation() {
    let dir = Dir::new();
    dir.write(
        "inputs/jadwal.csv",
        "Kode Kegiatan;Hari/Tanggal;Jam Mulai;Jam Selesai;Acara;Tempat\nTKM-L;17/11/2026;08.00;11.00;Pembukaan;Aula\n",
    );
    let long = "Kampung Sukamaju Jaya Raya Makmur Sentosa ".repeat(8);
    dir.write(
        "inputs/peserta.csv",
        format!(
            "Nama;NIK;L/P;Alamat\nSiti Aminah;3217054512900001;P;Jl. Mawar 1\nBudi Panjang;3217051512900002;L;{long}\nAni Lestari;3217055512900003;P;Jl. Melati 2\n"
        ),
    );
    let out = dir.proses();
    let t = text(&out);
    assert_eq!(out.status.code(), Some(0), "{t}");
    let warning = t
        .lines()
        .find(|l| l.contains("undangan untuk Budi Panjang menjadi 2 halaman"))
        .unwrap_or_else(|| panic!("{t}"));
    assert!(warning.contains("baris 3"), "{warning}");
    let singles = dir.outputs().join("TKM-L").join("undangan");
    let pages: Vec<usize> = files(&singles)
        .iter()
        .map(|f| pdf_pages(&singles.join(f)).0)
        .collect();
    assert_eq!(pages, [1, 2, 1]);
    let all = dir.outputs().join("TKM-L").join("undangan-semua.pdf");
    assert_eq!(pdf_pages(&all).0, 4);
    assert!(pdf_text(&singles.join("003-Ani Lestari.pdf")).contains("Ani Lestari"));
}

#[test]
fn letter_numbers_survive_last_months_lists_leaving_the_inputs() {
    let dir = Dir::with_sample();
    dir.proses();
    let second = &ACTIVITIES[1];
    let before = pdf_text(&dir.outputs().join(second.kode).join("undangan-semua.pdf"));
    assert!(before.contains("500.15.10/25/Disnaker/I/2027"), "{before}");
    // The first activity's participant list is archived away, and a late
    // registration for it arrives.
    std::fs::remove_file(dir.inputs().join("peserta_kecamatan_cisarua.xlsx")).unwrap();
    dir.write(
        "inputs/susulan.csv",
        format!(
            "Nama;NIK;L/P;Kode Kegiatan\nSiti Susulan;3217054101750099;P;{}\n",
            ACTIVITIES[0].kode
        ),
    );
    dir.proses();
    let after = pdf_text(&dir.outputs().join(second.kode).join("undangan-semua.pdf"));
    assert!(
        after.contains("500.15.10/25/Disnaker/I/2027"),
        "numbers kept: {after}"
    );
    assert!(!after.contains("500.15.10/1/Disnaker/I/2027"));
    let late = pdf_text(
        &dir.outputs()
            .join(ACTIVITIES[0].kode)
            .join("undangan-semua.pdf"),
    );
    assert!(
        late.contains("500.15.10/47/Disnaker/I/2027"),
        "the next free number: {late}"
    );
    let register = std::fs::read_to_string(dir.outputs().join("nomor-surat.csv")).unwrap();
    assert!(
        register.starts_with("tahun;urut;kode_kegiatan;nama;sidik_nik\n2027;1;TKM-2027-01-01;"),
        "{register}"
    );
}

/// A name corrected between runs (same NIK) keeps the letter's number.
#[test]
fn a_corrected_name_keeps_its_letter_number() {
    let dir = Dir::new();
    dir.write(
        "inputs/jadwal.csv",
        "Kode Kegiatan;Hari/Tanggal;Jam Mulai;Jam Selesai;Acara;Tempat\nTKM-R;17/11/2026;08.00;11.00;Pembukaan;Aula\n",
    );
    let peserta = |second: &str| {
        format!(
            "Nama;NIK;L/P\nAni Lestari;3217055512900003;P\n{second};3217054512900001;P\nBudi Santoso;3217051205800002;L\n"
        )
    };
    dir.write("inputs/peserta.csv", peserta("Siti Suryana"));
    dir.proses();
    let single = |name: &str| pdf_text(&dir.outputs().join("TKM-R").join("undangan").join(name));
    assert!(single("002-Siti Suryana.pdf").contains("500.15.10/2/"));
    dir.write("inputs/peserta.csv", peserta("SITI SURYANA, S.E."));
    dir.proses();
    let t = single("002-SITI SURYANA, S.E.pdf");
    assert!(t.contains("500.15.10/2/"), "{t}");
    assert!(
        !dir.outputs()
            .join("TKM-R/undangan/002-Siti Suryana.pdf")
            .exists()
    );
}
