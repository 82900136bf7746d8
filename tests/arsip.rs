//! Archive bundles: valid BagIt bags (checked by an independent
//! validator), verification that names every problem, never overwritten,
//! revisions, hostile zips, retention.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::laporan::{PNG, with_results};
use crate::util::{Dir, files, text};
use tkm::sample::ACTIVITIES;

fn bundle_path(dir: &Dir, name: &str) -> PathBuf {
    dir.outputs().join("arsip").join("2027").join(name)
}

/// All entries of a zip, in order.
fn entries(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().unwrap().to_string(), bytes)
        })
        .collect()
}

fn write_zip(path: &Path, entries: &[(String, Vec<u8>)]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, bytes) in entries {
        zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

fn archived() -> (Dir, PathBuf) {
    let dir = with_results();
    dir.write(
        &format!("inputs/dokumentasi/{}/pembukaan.png", ACTIVITIES[0].kode),
        PNG,
    );
    let out = dir.tkm(&["arsip"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(0), "{t}");
    let path = bundle_path(&dir, &format!("{}.zip", ACTIVITIES[0].kode));
    assert!(path.is_file(), "{t}");
    // The second activity has no results yet: named, with the reason.
    assert!(
        t.contains(&format!(
            "{}: belum diarsipkan: belum ada hasil kehadiran",
            ACTIVITIES[1].kode
        )),
        "{t}"
    );
    (dir, path)
}

#[test]
fn a_bundle_is_a_bag_an_independent_validator_accepts() {
    let (dir, path) = archived();
    let names: Vec<String> = entries(&path).into_iter().map(|(n, _)| n).collect();
    let root = ACTIVITIES[0].kode;
    for tag in [
        "bagit.txt",
        "bag-info.txt",
        "manifest-sha256.txt",
        "tagmanifest-sha256.txt",
        "data/daftar-rekaman.xlsx",
        "data/daftar-rekaman.pdf",
    ] {
        assert!(
            names.contains(&format!("{root}/{tag}")),
            "{tag} missing: {names:?}"
        );
    }
    for part in [
        "data/masukan/jadwal_tkm_januari_2027.xlsx",
        "data/masukan/hasil_hadir.xlsx",
        "data/dokumen/laporan-kegiatan.pdf",
        "data/dokumen/undangan-semua.pdf",
        "data/foto/pembukaan.png",
    ] {
        assert!(
            names.contains(&format!("{root}/{part}")),
            "{part} missing: {names:?}"
        );
    }
    // The other activity's participant list is not in this bundle.
    assert!(!names.iter().any(|n| n.contains("Sukamulya")), "{names:?}");
    let info = String::from_utf8(
        entries(&path)
            .into_iter()
            .find(|(n, _)| n.ends_with("bag-info.txt"))
            .unwrap()
            .1,
    )
    .unwrap();
    for field in [
        "Source-Organization: ",
        "External-Identifier: TKM-2027-01-01",
        "Bagging-Date: 2027-01-12",
        "Payload-Oxum: ",
        "Bag-Size: ",
        "Tanggal-Jatuh-Tempo: 2032-01-12",
        "Nasib-Akhir: Musnah",
    ] {
        assert!(info.contains(field), "{field} not in {info}");
    }

    // Extract it and ask the `bagit` package from PyPI.
    let extract = dir.path("terekstrak");
    for (name, bytes) in entries(&path) {
        let target = extract.join(&name);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, bytes).unwrap();
    }
    let bag = extract.join(root);
    let python = std::process::Command::new("python3")
        .args(["-c", "import sys, bagit; b = bagit.Bag(sys.argv[1]); b.validate(); print('valid', len(b.payload_entries()))"])
        .arg(&bag)
        .output();
    match python {
        Ok(out) if out.status.success() => {
            assert!(String::from_utf8_lossy(&out.stdout).starts_with("valid"))
        }
        Ok(out) if String::from_utf8_lossy(&out.stderr).contains("No module named 'bagit'") => {
            assert!(
                std::env::var("TKM_REQUIRE_BAGIT").is_err(),
                "the bagit package is required (pip install bagit)"
            );
            eprintln!("python bagit not installed; independent validation skipped");
        }
        Ok(out) => panic!("bagit rejected the bag:\n{}", text(&out)),
        Err(e) => {
            assert!(
                std::env::var("TKM_REQUIRE_BAGIT").is_err(),
                "python3 is required: {e}"
            );
            eprintln!("python3 not available; independent validation skipped");
        }
    }
}

#[test]
fn verification_names_exactly_the_flipped_deleted_and_added_files() {
    let (dir, path) = archived();
    let out = dir.tkm(&["verifikasi", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("SAH"));

    let root = ACTIVITIES[0].kode;
    let mut changed = entries(&path);
    let flipped = format!("{root}/data/dokumen/daftar-hadir.pdf");
    let deleted = format!("{root}/data/dokumen/lembar-evaluasi.pdf");
    for (name, bytes) in changed.iter_mut() {
        if *name == flipped {
            let mid = bytes.len() / 2;
            bytes[mid] ^= 0x01;
        }
    }
    changed.retain(|(name, _)| *name != deleted);
    changed.push((
        format!("{root}/data/dokumen/tambahan.txt"),
        b"disisipkan".to_vec(),
    ));
    let copy = dir.path("salinan.zip");
    write_zip(&copy, &changed);
    let out = dir.tkm(&["verify", copy.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let t = text(&out);
    let lines: Vec<&str> = t.lines().filter(|l| l.starts_with("  ")).collect();
    assert_eq!(
        lines[..3],
        [
            "  hilang: data/dokumen/lembar-evaluasi.pdf",
            "  tambahan (tidak ada di manifest): data/dokumen/tambahan.txt",
            "  berubah (checksum tidak cocok): data/dokumen/daftar-hadir.pdf",
        ],
        "{t}"
    );
    assert_eq!(lines.len(), 4, "{t}");
    let declared = payload_oxum(&path);
    assert!(
        lines[3].starts_with(&format!("  masalah: Payload-Oxum tercatat {declared}")),
        "{t}"
    );
}

fn payload_oxum(path: &Path) -> String {
    let info = String::from_utf8(
        entries(path)
            .into_iter()
            .find(|(n, _)| n.ends_with("bag-info.txt"))
            .unwrap()
            .1,
    )
    .unwrap();
    info.lines()
        .find_map(|l| l.strip_prefix("Payload-Oxum: "))
        .unwrap()
        .to_string()
}

#[test]
fn a_rerun_is_a_no_op_and_changed_inputs_make_a_revision() {
    let (dir, path) = archived();
    let before = std::fs::read(&path).unwrap();
    let out = dir.tkm(&["arsip", ACTIVITIES[0].kode]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("isi sama dengan"), "{}", text(&out));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the bundle is untouched"
    );
    assert_eq!(files(&dir.outputs().join("arsip")).len(), 1);

    // A late photo changes the content: a second revision beside the first.
    dir.write(
        &format!("inputs/dokumentasi/{}/penutupan.png", ACTIVITIES[0].kode),
        PNG,
    );
    let out = dir.tkm(&["archive"]);
    assert!(
        text(&out).contains("menggantikan TKM-2027-01-01.zip"),
        "{}",
        text(&out)
    );
    let r2 = bundle_path(&dir, "TKM-2027-01-01-r2.zip");
    assert!(r2.is_file());
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the first revision is never overwritten"
    );
    let info = String::from_utf8(
        entries(&r2)
            .into_iter()
            .find(|(n, _)| n.ends_with("bag-info.txt"))
            .unwrap()
            .1,
    )
    .unwrap();
    assert!(info.contains("Menggantikan: TKM-2027-01-01.zip"), "{info}");
    let index = entries(&r2)
        .into_iter()
        .find(|(n, _)| n.ends_with("daftar-rekaman.pdf"))
        .unwrap()
        .1;
    let index_text = pdf_extract::extract_text_from_mem(&index).unwrap();
    assert!(
        crate::util::collapse(&index_text).contains("menggantikan TKM-2027-01-01.zip"),
        "{index_text}"
    );
    let out = dir.tkm(&["verifikasi", path.to_str().unwrap(), r2.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

#[test]
fn the_records_index_classifies_access_and_checksums_every_record() {
    let (_dir, path) = archived();
    let all = entries(&path);
    let index = &all
        .iter()
        .find(|(n, _)| n.ends_with("daftar-rekaman.xlsx"))
        .unwrap()
        .1;
    let tmp = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(tmp.path(), index).unwrap();
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(tmp.path()).unwrap();
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let header = rows
        .iter()
        .position(|r| r.first().map(String::as_str) == Some("No"))
        .unwrap();
    assert_eq!(rows[header][13], "SHA-256");
    let records = &rows[header + 1..];
    // Every payload file but the index itself is a record.
    let payload = all
        .iter()
        .filter(|(n, _)| n.contains("/data/") && !n.contains("daftar-rekaman"))
        .count();
    assert_eq!(records.len(), payload);
    for r in records {
        let location = &r[6];
        let in_bag = location.rsplit(" › ").next().unwrap();
        let bytes = &all
            .iter()
            .find(|(n, _)| n.ends_with(in_bag))
            .unwrap_or_else(|| panic!("{in_bag}"))
            .1;
        assert_eq!(r[13], tkm::bagit::sha256_hex(bytes), "{in_bag}");
        let expected = if in_bag.contains("masukan/") && !in_bag.ends_with("kantor.toml")
            || in_bag.ends_with("daftar-hadir.xlsx")
            || in_bag.ends_with("evaluasi-isian.xlsx")
            || in_bag.ends_with(".html")
        {
            "Terbatas"
        } else {
            "Biasa"
        };
        assert_eq!(r[12], expected, "{in_bag}");
        assert_eq!(r[4], "500.15.10");
        assert_eq!(r[10], "Musnah");
    }
}

#[test]
fn hostile_and_unreadable_zips_are_refused_and_nothing_is_written() {
    let dir = Dir::new();
    let mut zip = zip::ZipWriter::new(std::fs::File::create(dir.path("jahat.zip")).unwrap());
    let o = zip::write::SimpleFileOptions::default();
    zip.start_file("X/bagit.txt", o).unwrap();
    zip.write_all(tkm::bagit::BAGIT_TXT.as_bytes()).unwrap();
    zip.start_file("../../keluar.txt", o).unwrap();
    zip.write_all(b"x").unwrap();
    zip.start_file("/tmp/mutlak.txt", o).unwrap();
    zip.write_all(b"x").unwrap();
    zip.add_symlink("X/data/tautan", "/etc/passwd", o).unwrap();
    zip.finish().unwrap();
    let before = files(&dir.root);
    let out = dir.tkm(&["verifikasi", "jahat.zip"]);
    assert_eq!(out.status.code(), Some(1));
    let t = text(&out);
    assert!(
        t.contains("../../keluar.txt") && t.contains("tidak aman"),
        "{t}"
    );
    assert!(t.contains("symlink"), "{t}");
    assert_eq!(files(&dir.root), before, "verification writes nothing");
    assert!(!dir.root.parent().unwrap().join("keluar.txt").exists());
    assert!(!Path::new("/tmp/mutlak.txt").exists());

    dir.write("bukan.zip", b"ini teks biasa");
    let out = dir.tkm(&["verifikasi", "bukan.zip"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("TIDAK TERBACA"));
}

#[test]
fn due_bundles_are_listed_with_a_disposal_list() {
    let (dir, _path) = archived();
    let out = dir.tkm(&["arsip", "--jatuh-tempo", "--per", "2032-06-30"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let t = text(&out);
    assert!(
        t.contains("TKM-2027-01-01")
            && t.contains("jatuh tempo 12 Januari 2032")
            && t.contains("Musnah"),
        "{t}"
    );
    assert!(
        dir.outputs()
            .join("arsip")
            .join("usul-musnah-2032-06-30.pdf")
            .is_file()
    );
    assert!(
        dir.outputs()
            .join("arsip")
            .join("usul-musnah-2032-06-30.xlsx")
            .is_file()
    );
    let out = dir.tkm(&["arsip", "--jatuh-tempo", "--per", "2031-12-31"]);
    assert!(text(&out).contains("tidak ada"), "{}", text(&out));
}

#[test]
fn archiving_an_unfinished_activity_by_name_is_an_error() {
    let dir = Dir::with_sample();
    let out = dir.tkm(&["arsip", ACTIVITIES[1].kode]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("belum diarsipkan"), "{}", text(&out));
    assert!(!dir.outputs().join("arsip").exists());
}
