//! Archive bundles per the SOP Pengendalian Rekaman (SOP step 11): one
//! BagIt zip per finished activity at `outputs/arsip/<YYYY>/<KODE>.zip`,
//! holding the input spreadsheets that concern it, every generated
//! document, the photos, and the records index (`daftar-rekaman.xlsx` and
//! `.pdf`) — and the retention list (`--jatuh-tempo`).
//!
//! A bundle is never overwritten: the same content again is left as it is;
//! different content becomes `<KODE>-r2.zip` beside it, whose index says
//! what it replaces. Bundles are written to a temporary file and moved into
//! place only when complete, and never over an existing file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::{Datelike, Months, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};
use serde_json::{Value, json};
use walkdir::WalkDir;

use crate::bagit::{self, Bag};
use crate::config::Config;
use crate::discover::Found;
use crate::documents::{DocumentMaker, breakable_path, letter_date};
use crate::findings::{Finding, Findings, Location};
use crate::indo;
use crate::model::{Activity, Dataset};
use crate::output::{Outputs, sanitize};
use crate::render;
use crate::stats;

/// The index files inside every bag; they describe the other records.
const INDEX_XLSX: &str = "daftar-rekaman.xlsx";
const INDEX_PDF: &str = "daftar-rekaman.pdf";

/// What `tkm arsip` did for one activity.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// A new bundle.
    Dibuat {
        path: PathBuf,
        bytes: u64,
        files: usize,
        replaces: Option<String>,
    },
    /// The latest bundle already holds exactly this content.
    Tetap { path: PathBuf },
    /// Not archived, and why.
    Belum { reason: String },
}

/// One record of the records index.
#[derive(Debug, Clone)]
pub struct Record {
    pub path: String,
    pub nama: String,
    pub naskah: String,
    pub media: String,
    pub akses: &'static str,
    pub fisik: bool,
    pub bytes: Vec<u8>,
}

/// Archives the finished activities among `kodes` (all when empty).
pub fn bundles(
    maker: &DocumentMaker<'_>,
    data: &Dataset,
    photos: &[(Found, String)],
    inputs: &Path,
    kodes: &[String],
    out: &mut Outputs,
    findings: &mut Findings,
) -> Vec<(String, Outcome)> {
    let wanted: Vec<String> = kodes.iter().map(|k| k.trim().to_uppercase()).collect();
    for k in &wanted {
        if data.activity(k).is_none() {
            findings.push(
                Finding::error(
                    "ARSIP_KODE_TIDAK_ADA",
                    Location::file("tkm arsip"),
                    format!("kode kegiatan {k} tidak ada di jadwal"),
                )
                .step(11)
                .hint("Periksa kode kegiatan; lihat daftar kegiatan di ringkasan tkm proses."),
            );
        }
    }
    let mut outcomes = Vec::new();
    for a in data
        .activities
        .iter()
        .filter(|a| wanted.is_empty() || wanted.contains(&a.kode))
    {
        let outcome = if !stats::has_results(data, &a.kode) {
            let reason =
                "belum ada hasil kehadiran, jadi laporan kegiatan belum dapat dibuat".to_string();
            let location = a.src().map(|s| s.row_location()).unwrap_or_default();
            let message = format!("kegiatan {} belum dapat diarsipkan: {reason}", a.kode);
            // Asked for by name, it is an error; in a run over all
            // activities, upcoming ones are simply not finished yet.
            let finding = if wanted.is_empty() {
                Finding::info("ARSIP_BELUM", location, message)
            } else {
                Finding::error("ARSIP_BELUM", location, message)
                    .holds_back(format!("arsip {}", a.kode))
            };
            findings.push(finding.step(11).hint(
                "Masukkan hasil daftar hadir kegiatan ini, jalankan tkm proses, lalu tkm arsip.",
            ));
            Outcome::Belum { reason }
        } else {
            match bundle(maker, data, a, photos, inputs, out, findings) {
                Ok(o) => o,
                Err(e) => {
                    findings.push(
                        Finding::error(
                            "ARSIP_GAGAL",
                            Location::file(format!("arsip/{}", a.kode)),
                            e.clone(),
                        )
                        .step(11),
                    );
                    Outcome::Belum { reason: e }
                }
            }
        };
        outcomes.push((a.kode.clone(), outcome));
    }
    outcomes
}

/// The input spreadsheets with rows of this activity, and kantor.toml.
fn input_files(data: &Dataset, a: &Activity, inputs: &Path) -> Vec<String> {
    let kode = Some(a.kode.as_str());
    let mut files: BTreeSet<String> = BTreeSet::new();
    files.extend(a.agenda.iter().map(|i| i.src.sheet.file.clone()));
    files.extend(
        data.participants
            .iter()
            .filter(|p| p.kode.as_deref() == kode)
            .map(|p| p.src.sheet.file.clone()),
    );
    files.extend(
        data.attendance
            .iter()
            .filter(|r| r.kode.as_deref() == kode)
            .map(|r| r.src.sheet.file.clone()),
    );
    files.extend(
        data.evaluations
            .iter()
            .filter(|e| e.kode.as_deref() == kode)
            .map(|e| e.src.sheet.file.clone()),
    );
    if inputs.join(crate::config::FILE_NAME).is_file() {
        files.insert(crate::config::FILE_NAME.to_string());
    }
    files.into_iter().collect()
}

fn media(path: &str) -> String {
    let ext = path.rsplit('.').next().unwrap_or("").to_lowercase();
    match ext.as_str() {
        "pdf" => "Elektronik (PDF)",
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" | "csv" => "Elektronik (lembar kerja)",
        "html" => "Elektronik (HTML)",
        "jpg" | "jpeg" | "png" => "Elektronik (foto)",
        "toml" => "Elektronik (teks)",
        _ => "Elektronik",
    }
    .to_string()
}

/// Name, access class and whether a paper copy exists, for a generated
/// document (path relative to the activity's output folder).
fn describe_document(rel: &str) -> (String, &'static str, bool) {
    let file = rel.rsplit('/').next().unwrap_or(rel);
    if let Some(stem) = rel
        .strip_prefix("undangan/")
        .and_then(|f| f.strip_suffix(".pdf"))
    {
        let name = stem.split_once('-').map_or(stem, |(_, n)| n);
        return (format!("Surat undangan kepada {name}"), "Biasa", true);
    }
    let (nama, akses, fisik) = match file {
        "undangan-semua.pdf" => ("Surat undangan (berkas cetak semua peserta)", "Biasa", true),
        "undangan-whatsapp.html" => (
            "Pesan undangan WhatsApp (memuat nomor HP)",
            "Terbatas",
            false,
        ),
        "daftar-hadir.pdf" => ("Daftar hadir peserta", "Biasa", true),
        "daftar-hadir.xlsx" => ("Isian hasil daftar hadir (memuat NIK)", "Terbatas", false),
        "lembar-evaluasi.pdf" => ("Lembar evaluasi peserta", "Biasa", true),
        "evaluasi-isian.xlsx" => (
            "Isian hasil lembar evaluasi (memuat NIK)",
            "Terbatas",
            false,
        ),
        "laporan-kegiatan.pdf" => ("Laporan kegiatan perluasan kesempatan kerja", "Biasa", true),
        "laporan-kegiatan.xlsx" => ("Tabel laporan kegiatan", "Biasa", false),
        other => return (format!("Dokumen {other}"), "Biasa", false),
    };
    (nama.to_string(), akses, fisik)
}

/// Every record of the bundle except the index itself.
fn records(
    maker: &DocumentMaker<'_>,
    data: &Dataset,
    a: &Activity,
    photos: &[(Found, String)],
    inputs: &Path,
    out: &Outputs,
) -> Result<Vec<Record>, String> {
    let cfg = maker.cfg;
    let tanggal = a.tanggal.map(indo::date_long).unwrap_or_default();
    let mut records = Vec::new();
    for file in input_files(data, a, inputs) {
        let bytes = std::fs::read(inputs.join(&file))
            .map_err(|e| format!("{file} tidak dapat dibaca: {e}"))?;
        let kantor = file == crate::config::FILE_NAME;
        records.push(Record {
            path: format!("masukan/{file}"),
            nama: if kantor {
                "Pengaturan kantor (kantor.toml)".into()
            } else {
                format!("Data masukan {file}")
            },
            naskah: "-".into(),
            media: media(&file),
            akses: if kantor { "Biasa" } else { "Terbatas" },
            fisik: false,
            bytes,
        });
    }
    let dir = out.root().join(sanitize(&a.kode, 80));
    let letter = letter_date(cfg, a).map(indo::date_long).unwrap_or_default();
    let mut documents: Vec<PathBuf> = WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            !p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(".tkm-"))
        })
        .collect();
    documents.sort();
    for path in documents {
        let rel = crate::discover::display_path(&dir, &path);
        let bytes = std::fs::read(&path).map_err(|e| format!("{rel} tidak dapat dibaca: {e}"))?;
        let (nama, akses, fisik) = describe_document(&rel);
        let naskah = match rel.strip_prefix("undangan/") {
            Some(f) => {
                let index: Option<usize> = f.split('-').next().and_then(|n| n.parse().ok());
                let nomor = index
                    .and_then(|i| maker.numbers.get(&(a.kode.clone(), i.wrapping_sub(1))))
                    .cloned()
                    .unwrap_or_default();
                format!("{nomor}, {letter}")
            }
            None if rel.starts_with("undangan-") => letter.clone(),
            None => tanggal.clone(),
        };
        records.push(Record {
            path: format!("dokumen/{rel}"),
            nama,
            naskah,
            media: media(&rel),
            akses,
            fisik,
            bytes,
        });
    }
    let mut used: BTreeSet<String> = BTreeSet::new();
    for (i, f) in crate::laporan::photos_of(photos, &a.kode)
        .into_iter()
        .enumerate()
    {
        let bytes =
            std::fs::read(&f.path).map_err(|e| format!("{} tidak dapat dibaca: {e}", f.display))?;
        let name = f
            .path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("foto")
            .to_string();
        let name = if used.insert(name.clone()) {
            name
        } else {
            format!("{}-{name}", i + 1)
        };
        records.push(Record {
            path: format!("foto/{}", sanitize(&name, 120)),
            nama: format!(
                "Dokumentasi kegiatan: {}",
                crate::value::clean_text(
                    &f.path
                        .file_stem()
                        .and_then(|s| s.to_str())
                        .unwrap_or("")
                        .replace(['_', '-'], " ")
                )
            ),
            naskah: tanggal.clone(),
            media: media(&name),
            akses: "Biasa",
            fisik: false,
            bytes,
        });
    }
    Ok(records)
}

/// The due date of the retention: the activity's date plus the active and
/// inactive periods.
pub fn due_date(cfg: &Config, closed: NaiveDate) -> Option<NaiveDate> {
    closed.checked_add_months(Months::new(
        12 * (cfg.arsip.retensi_aktif + cfg.arsip.retensi_inaktif),
    ))
}

/// Existing bundles of a kode in a year folder, oldest first: `KODE.zip`,
/// `KODE-r2.zip`, …
fn revisions(dir: &Path, base: &str) -> Vec<(u32, PathBuf)> {
    let mut found = Vec::new();
    let first = dir.join(format!("{base}.zip"));
    if first.is_file() {
        found.push((1, first));
    }
    for n in 2.. {
        let p = dir.join(format!("{base}-r{n}.zip"));
        if p.is_file() {
            found.push((n, p));
        } else if n > found.last().map_or(1, |(m, _)| *m) + 1 {
            break;
        }
    }
    found
}

fn without_index(sums: &BTreeMap<String, String>) -> BTreeMap<&str, &str> {
    sums.iter()
        .filter(|(p, _)| *p != INDEX_XLSX && *p != INDEX_PDF)
        .map(|(p, s)| (p.as_str(), s.as_str()))
        .collect()
}

fn bundle(
    maker: &DocumentMaker<'_>,
    data: &Dataset,
    a: &Activity,
    photos: &[(Found, String)],
    inputs: &Path,
    out: &mut Outputs,
    findings: &mut Findings,
) -> Result<Outcome, String> {
    let cfg = maker.cfg;
    let records = records(maker, data, a, photos, inputs, out)?;
    let closed = a.tanggal.ok_or("jadwal belum punya tanggal")?;
    let year = closed.year();
    let dir = out.root().join("arsip").join(year.to_string());
    let base = sanitize(&a.kode, 80);

    // The same content as the latest bundle: nothing to do.
    let new_sums: BTreeMap<String, String> = records
        .iter()
        .map(|r| (r.path.clone(), bagit::sha256_hex(&r.bytes)))
        .collect();
    let existing = revisions(&dir, &base);
    if let Some((_, latest)) = existing.last() {
        let file = std::fs::File::open(latest)
            .map_err(|e| format!("{} tidak dapat dibaca: {e}", latest.display()))?;
        match bagit::payload_sums(std::io::BufReader::new(file)) {
            Ok(old) if without_index(&old) == without_index(&new_sums) => {
                return Ok(Outcome::Tetap {
                    path: latest.clone(),
                });
            }
            Ok(_) => {}
            Err(e) => findings.push(
                Finding::warning(
                    "ARSIP_LAMA_RUSAK",
                    Location::file(crate::discover::display_path(out.root(), latest)),
                    format!(
                        "arsip sebelumnya tidak dapat dibaca ({}); dibuat revisi baru",
                        e.0
                    ),
                )
                .step(11)
                .hint("Periksa arsip lama dengan `tkm verifikasi`."),
            ),
        }
    }
    let revision = existing.last().map_or(1, |(n, _)| n + 1);
    let name = if revision == 1 {
        base.clone()
    } else {
        format!("{base}-r{revision}")
    };
    let replaces = existing.last().map(|(_, p)| {
        p.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string()
    });
    let zip_rel = format!("arsip/{year}/{name}.zip");

    let due = due_date(cfg, closed);
    let penanggung_jawab = if a.pengantar_kerja.is_empty() {
        "Pengantar Kerja".to_string()
    } else {
        format!("Pengantar Kerja ({})", a.pengantar_kerja)
    };
    let total_years = cfg.arsip.retensi_aktif + cfg.arsip.retensi_inaktif;
    let index_rows: Vec<IndexRow> = records
        .iter()
        .enumerate()
        .map(|(i, r)| IndexRow {
            no: i + 1,
            kode: format!("{}/{:02}", a.kode, i + 1),
            nama: r.nama.clone(),
            naskah: r.naskah.clone(),
            klasifikasi: cfg.arsip.kode_klasifikasi.clone(),
            penanggung_jawab: penanggung_jawab.clone(),
            lokasi: format!(
                "{}{zip_rel} › data/{}",
                if r.fisik {
                    format!("{}; ", cfg.arsip.lokasi_fisik)
                } else {
                    String::new()
                },
                r.path
            ),
            media: r.media.clone(),
            aktif: cfg.arsip.retensi_aktif,
            inaktif: cfg.arsip.retensi_inaktif,
            nasib: cfg.arsip.nasib_akhir.clone(),
            jatuh_tempo: due,
            akses: r.akses,
            sha256: bagit::sha256_hex(&r.bytes),
        })
        .collect();
    let mut notes = vec![format!(
        "Retensi dihitung dari tanggal kegiatan selesai ({}): aktif {} tahun, inaktif {} tahun, nasib akhir {}.",
        indo::date_long(closed),
        cfg.arsip.retensi_aktif,
        cfg.arsip.retensi_inaktif,
        cfg.arsip.nasib_akhir
    )];
    if total_years >= 10 && cfg.arsip.nasib_akhir == "Musnah" {
        notes.push("Retensi 10 tahun atau lebih: pemusnahan perlu persetujuan Kepala ANRI.".into());
    }
    if let Some(old) = &replaces {
        notes.push(format!("Arsip ini adalah revisi {revision} dan menggantikan {old}: isi berkasnya berubah sejak arsip sebelumnya dibuat."));
    }
    notes.push("Akses Terbatas: memuat data pribadi (NIK, nomor HP) yang dilindungi UU 24/2013 Pasal 84 dan UU 27/2022; hanya untuk petugas yang berwenang.".into());

    let mut payload: BTreeMap<String, Vec<u8>> =
        records.into_iter().map(|r| (r.path, r.bytes)).collect();
    payload.insert(
        INDEX_XLSX.into(),
        index_xlsx(a, &index_rows, &notes)
            .map_err(|e| format!("daftar rekaman tidak dapat dibuat: {e}"))?,
    );
    payload.insert(
        INDEX_PDF.into(),
        index_pdf(maker, a, &index_rows, &notes, &zip_rel, findings)?,
    );
    let bagging_date =
        NaiveDate::parse_from_str(&cfg.laporan.tanggal, "%Y-%m-%d").unwrap_or(closed);
    let mut bag = Bag {
        name: name.clone(),
        payload,
        info: Vec::new(),
    };
    let octets: usize = bag.payload.values().map(Vec::len).sum();
    let mut info = vec![
        (
            "Source-Organization".to_string(),
            crate::laporan::office(cfg),
        ),
        ("Organization-Address".into(), cfg.kantor.alamat.clone()),
        ("Contact-Email".into(), cfg.kantor.email.clone()),
        ("External-Identifier".into(), a.kode.clone()),
        (
            "External-Description".into(),
            format!(
                "Berkas pelaksanaan {} ({})",
                maker.jenis(a),
                indo::date_long(closed)
            ),
        ),
        (
            "Bagging-Date".into(),
            bagging_date.format("%Y-%m-%d").to_string(),
        ),
        ("Payload-Oxum".into(), bag.payload_oxum()),
        ("Bag-Size".into(), human_size(octets as u64)),
        (
            "Kode-Klasifikasi".into(),
            cfg.arsip.kode_klasifikasi.clone(),
        ),
        (
            "Tanggal-Selesai-Kegiatan".into(),
            closed.format("%Y-%m-%d").to_string(),
        ),
        (
            "Retensi-Aktif".into(),
            format!("{} tahun", cfg.arsip.retensi_aktif),
        ),
        (
            "Retensi-Inaktif".into(),
            format!("{} tahun", cfg.arsip.retensi_inaktif),
        ),
        ("Nasib-Akhir".into(), cfg.arsip.nasib_akhir.clone()),
        (
            "Tanggal-Jatuh-Tempo".into(),
            due.map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
        ),
    ];
    if let Some(old) = &replaces {
        info.push(("Menggantikan".into(), old.clone()));
    }
    bag.info = info;
    let zip = bag
        .to_zip()
        .map_err(|e| format!("zip tidak dapat dibuat: {e}"))?;
    let path = out
        .write_new(Path::new(&zip_rel), &zip)
        .map_err(|e| format!("{zip_rel} tidak dapat ditulis: {e}"))?;
    Ok(Outcome::Dibuat {
        path,
        bytes: zip.len() as u64,
        files: bag.payload.len(),
        replaces,
    })
}

pub fn human_size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    }
}

struct IndexRow {
    no: usize,
    kode: String,
    nama: String,
    naskah: String,
    klasifikasi: String,
    penanggung_jawab: String,
    lokasi: String,
    media: String,
    aktif: u32,
    inaktif: u32,
    nasib: String,
    jatuh_tempo: Option<NaiveDate>,
    akses: &'static str,
    sha256: String,
}

const INDEX_HEADER: [&str; 14] = [
    "No",
    "Kode Rekaman",
    "Nama Rekaman",
    "Nomor/Tanggal Naskah",
    "Kode Klasifikasi",
    "Penanggung Jawab",
    "Lokasi Simpan (fisik; digital)",
    "Media",
    "Retensi Aktif (tahun)",
    "Retensi Inaktif (tahun)",
    "Nasib Akhir",
    "Tanggal Jatuh Tempo",
    "Klasifikasi Akses",
    "SHA-256",
];

fn index_xlsx(a: &Activity, rows: &[IndexRow], notes: &[String]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("Daftar rekaman {}", a.kode))
            .set_author("tkm")
            .set_creation_datetime(&created),
    );
    let ws = wb.add_worksheet();
    ws.set_name("Daftar Rekaman")?;
    let bold = Format::new().set_bold().set_font_size(12);
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color("#DDEBF7");
    let date = Format::new().set_num_format("dd/mm/yyyy");
    ws.write_string_with_format(
        0,
        0,
        format!("DAFTAR REKAMAN — {} ({})", a.jenis, a.kode),
        &bold,
    )?;
    for (i, n) in notes.iter().enumerate() {
        ws.write_string(1 + i as u32, 0, n)?;
    }
    let header_row = 2 + notes.len() as u32;
    let widths = [
        5.0, 18.0, 42.0, 34.0, 12.0, 26.0, 60.0, 20.0, 9.0, 9.0, 10.0, 12.0, 10.0, 66.0,
    ];
    for (c, (h, w)) in INDEX_HEADER.iter().zip(widths).enumerate() {
        ws.write_string_with_format(header_row, c as u16, *h, &head)?;
        ws.set_column_width(c as u16, w)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = header_row + 1 + i as u32;
        ws.write_number(row, 0, r.no as f64)?;
        ws.write_string(row, 1, &r.kode)?;
        ws.write_string(row, 2, &r.nama)?;
        ws.write_string(row, 3, &r.naskah)?;
        ws.write_string(row, 4, &r.klasifikasi)?;
        ws.write_string(row, 5, &r.penanggung_jawab)?;
        ws.write_string(row, 6, &r.lokasi)?;
        ws.write_string(row, 7, &r.media)?;
        ws.write_number(row, 8, r.aktif)?;
        ws.write_number(row, 9, r.inaktif)?;
        ws.write_string(row, 10, &r.nasib)?;
        if let Some(d) = r.jatuh_tempo {
            let dt = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
            ws.write_datetime_with_format(row, 11, &dt, &date)?;
        }
        ws.write_string(row, 12, r.akses)?;
        ws.write_string(row, 13, &r.sha256)?;
    }
    ws.set_freeze_panes(header_row + 1, 0)?;
    ws.autofilter(
        header_row,
        0,
        header_row + rows.len() as u32,
        INDEX_HEADER.len() as u16 - 1,
    )?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    wb.save_to_buffer()
}

fn index_pdf(
    maker: &DocumentMaker<'_>,
    a: &Activity,
    rows: &[IndexRow],
    notes: &[String],
    zip_rel: &str,
    findings: &mut Findings,
) -> Result<Vec<u8>, String> {
    let mut ctx = maker.base(&format!("Daftar Rekaman {}", a.kode));
    ctx.insert("kegiatan".into(), maker.kegiatan(a));
    ctx.insert("arsip".into(), json!(zip_rel));
    ctx.insert("catatan".into(), json!(notes));
    ctx.insert(
        "rekaman".into(),
        Value::Array(
            rows.iter()
                .map(|r| {
                    json!({
                        "no": r.no,
                        "kode": r.kode,
                        "nama": breakable_path(&r.nama),
                        "naskah": r.naskah,
                        "klasifikasi": r.klasifikasi,
                        "penanggung_jawab": r.penanggung_jawab,
                        "lokasi": breakable_path(&r.lokasi),
                        "media": r.media,
                        "aktif": r.aktif,
                        "inaktif": r.inaktif,
                        "nasib": r.nasib,
                        "jatuh_tempo": r.jatuh_tempo.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_else(|| "-".into()),
                        "akses": r.akses,
                        "sha256": r.sha256.as_bytes().chunks(16).map(|c| String::from_utf8_lossy(c).to_string()).collect::<Vec<_>>(),
                    })
                })
                .collect(),
        ),
    );
    let doc = maker.compile("daftar-rekaman.typ.tera", ctx, &a.kode, &[], findings)?;
    render::pdf(&doc, None).map_err(|e| format!("daftar rekaman tidak dapat dibuat: {e}"))
}

/// One bundle found by `--jatuh-tempo`.
#[derive(Debug, Clone)]
pub struct Due {
    pub path: PathBuf,
    pub kode: String,
    pub uraian: String,
    pub kegiatan: String,
    pub jatuh_tempo: NaiveDate,
    pub nasib: String,
    pub klasifikasi: String,
    pub retensi: String,
    pub files: usize,
}

/// Bundles under `outputs/arsip` whose retention has run out by `per`.
/// Superseded revisions are listed with the revision that replaced them.
pub fn due_bundles(outputs: &Path, per: NaiveDate, findings: &mut Findings) -> Vec<Due> {
    let root = outputs.join("arsip");
    let mut due = Vec::new();
    for entry in WalkDir::new(&root)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().and_then(|e| e.to_str()) != Some("zip")
        {
            continue;
        }
        let display = crate::discover::display_path(outputs, path);
        let report = std::fs::File::open(path)
            .map_err(|e| e.to_string())
            .and_then(|f| bagit::verify(std::io::BufReader::new(f)).map_err(|e| e.0));
        let report = match report {
            Ok(r) => r,
            Err(e) => {
                findings.push(
                    Finding::warning(
                        "ARSIP_TIDAK_TERBACA",
                        Location::file(&display),
                        format!("tidak dapat dibaca: {e}"),
                    )
                    .step(11),
                );
                continue;
            }
        };
        let Some(date) = report
            .info("Tanggal-Jatuh-Tempo")
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        else {
            findings.push(
                Finding::warning(
                    "ARSIP_TANPA_JATUH_TEMPO",
                    Location::file(&display),
                    "bag-info.txt tanpa Tanggal-Jatuh-Tempo",
                )
                .step(11),
            );
            continue;
        };
        if date > per {
            continue;
        }
        due.push(Due {
            path: path.to_path_buf(),
            kode: report.info("External-Identifier").unwrap_or("").to_string(),
            uraian: report
                .info("External-Description")
                .unwrap_or("")
                .to_string(),
            kegiatan: report
                .info("Tanggal-Selesai-Kegiatan")
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .map(|d| d.format("%d/%m/%Y").to_string())
                .unwrap_or_default(),
            jatuh_tempo: date,
            nasib: report.info("Nasib-Akhir").unwrap_or("").to_string(),
            klasifikasi: report.info("Kode-Klasifikasi").unwrap_or("").to_string(),
            retensi: format!(
                "aktif {}, inaktif {}",
                report.info("Retensi-Aktif").unwrap_or("-"),
                report.info("Retensi-Inaktif").unwrap_or("-")
            ),
            files: report.files,
        });
    }
    due
}

/// The "Daftar Arsip Usul Musnah" (xlsx and pdf) of the due bundles marked
/// Musnah. Returns the files written.
pub fn disposal_list(
    maker: &DocumentMaker<'_>,
    due: &[Due],
    per: NaiveDate,
    out: &mut Outputs,
    findings: &mut Findings,
) -> Result<Vec<PathBuf>, String> {
    let musnah: Vec<&Due> = due
        .iter()
        .filter(|d| d.nasib.eq_ignore_ascii_case("Musnah"))
        .collect();
    if musnah.is_empty() {
        return Ok(Vec::new());
    }
    let stem = format!("arsip/usul-musnah-{}", per.format("%Y-%m-%d"));
    let rows: Vec<Value> = musnah
        .iter()
        .enumerate()
        .map(|(i, d)| {
            json!({
                "no": i + 1,
                "klasifikasi": d.klasifikasi,
                "uraian": format!("{} — {}", d.kode, d.uraian),
                "kurun": d.kegiatan,
                "jumlah": format!("1 berkas ({} rekaman)", d.files),
                "retensi": d.retensi,
                "jatuh_tempo": d.jatuh_tempo.format("%d/%m/%Y").to_string(),
                "lokasi": d.path.file_name().and_then(|n| n.to_str()).unwrap_or(""),
            })
        })
        .collect();
    let mut ctx = maker.base("Daftar Arsip Usul Musnah");
    ctx.insert("per".into(), json!(indo::date_long(per)));
    ctx.insert("arsip".into(), Value::Array(rows));
    let doc = maker.compile("usul-musnah.typ.tera", ctx, "usul musnah", &[], findings)?;
    let pdf = render::pdf(&doc, None)
        .map_err(|e| format!("daftar usul musnah tidak dapat dibuat: {e}"))?;
    let mut written = Vec::new();
    written.push(maker.write_path(out, &PathBuf::from(format!("{stem}.pdf")), &pdf, findings)?);
    let xlsx = disposal_xlsx(&musnah, per)
        .map_err(|e| format!("daftar usul musnah tidak dapat dibuat: {e}"))?;
    written.push(maker.write_path(out, &PathBuf::from(format!("{stem}.xlsx")), &xlsx, findings)?);
    Ok(written)
}

fn disposal_xlsx(rows: &[&Due], per: NaiveDate) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("Daftar arsip usul musnah")
            .set_creation_datetime(&created),
    );
    let ws = wb.add_worksheet();
    ws.set_name("Usul Musnah")?;
    let bold = Format::new().set_bold();
    ws.write_string_with_format(
        0,
        0,
        format!("DAFTAR ARSIP USUL MUSNAH per {}", indo::date_long(per)),
        &bold,
    )?;
    let header = [
        "No",
        "Kode Klasifikasi",
        "Uraian",
        "Tanggal Kegiatan",
        "Jumlah",
        "Retensi",
        "Jatuh Tempo",
        "Berkas Arsip",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *h, &bold)?;
    }
    for (i, d) in rows.iter().enumerate() {
        let r = 3 + i as u32;
        ws.write_number(r, 0, (i + 1) as f64)?;
        ws.write_string(r, 1, &d.klasifikasi)?;
        ws.write_string(r, 2, format!("{} — {}", d.kode, d.uraian))?;
        ws.write_string(r, 3, &d.kegiatan)?;
        ws.write_string(r, 4, format!("1 berkas ({} rekaman)", d.files))?;
        ws.write_string(r, 5, &d.retensi)?;
        ws.write_string(r, 6, d.jatuh_tempo.format("%d/%m/%Y").to_string())?;
        ws.write_string(
            r,
            7,
            d.path.file_name().and_then(|n| n.to_str()).unwrap_or(""),
        )?;
    }
    ws.set_column_width(2, 60.0)?;
    wb.save_to_buffer()
}
