//! The activity report (`laporan-kegiatan.pdf` and `.xlsx`) and the monthly
//! recap (`laporan-bulanan/YYYY-MM.pdf` and `.xlsx`): the numbers of
//! [`crate::stats`], the SOP compliance of [`crate::sop`], spelled out for
//! the Kabid and the Kadis.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use serde_json::{Value, json};

use crate::discover::Found;
use crate::documents::{DocumentMaker, decimal, format_nip};
use crate::findings::{Finding, Findings, Location};
use crate::indo;
use crate::model::{Activity, Dataset, Participant, Session};
use crate::output::Outputs;
use crate::render;
use crate::sop::{self, StepStatus};
use crate::stats::{self, ActivityStats, Breakdown};
use crate::value::Sex;

/// "3,25": two decimals with a decimal comma.
pub fn fixed2(x: f64) -> String {
    format!("{:.2}", stats::round2(x)).replace('.', ",")
}

/// "90,0": one decimal with a decimal comma.
pub fn fixed1(x: f64) -> String {
    format!("{:.1}", (x * 10.0).round() / 10.0).replace('.', ",")
}

/// The office's full name, for the Source-Organization of bags and the
/// reports' introduction.
pub fn office(cfg: &crate::config::Config) -> String {
    office_name(&cfg.kantor.dinas, &cfg.kantor.pemerintah)
}

/// "DINAS TENAGA KERJA" + "PEMERINTAH KABUPATEN SUKAMAJU" →
/// "Dinas Tenaga Kerja Kabupaten Sukamaju".
fn office_name(dinas: &str, pemerintah: &str) -> String {
    let title = |s: &str| -> String {
        s.split_whitespace()
            .map(|w| {
                let mut c = w.chars();
                match c.next() {
                    Some(f) => f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase(),
                    None => String::new(),
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let region = pemerintah
        .trim()
        .strip_prefix("PEMERINTAH")
        .or_else(|| pemerintah.trim().strip_prefix("Pemerintah"))
        .unwrap_or(pemerintah);
    format!("{} {}", title(dinas), title(region))
        .trim()
        .to_string()
}

fn breakdown_rows(b: &Breakdown) -> Vec<Value> {
    let total = b.total().max(1) as f64;
    b.baris
        .iter()
        .map(|(label, n)| json!({"label": label, "n": n, "persen": fixed1(*n as f64 * 100.0 / total)}))
        .collect()
}

fn chart_rows(b: &Breakdown) -> Vec<Value> {
    let max = b.baris.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1) as f64;
    b.baris
        .iter()
        .map(
            |(label, n)| json!({"label": label, "n": n, "frac": format!("{:.4}", *n as f64 / max)}),
        )
        .collect()
}

/// Photos of an activity: images in a folder named after its kode.
pub fn photos_of<'a>(photos: &'a [(Found, String)], kode: &str) -> Vec<&'a Found> {
    photos
        .iter()
        .filter(|(_, folder)| folder.trim().eq_ignore_ascii_case(kode))
        .map(|(f, _)| f)
        .collect()
}

/// A caption from a file name: "pembukaan_oleh-kadis (2).jpg" →
/// "pembukaan oleh kadis (2)".
fn caption(path: &Path) -> String {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    crate::value::clean_text(&stem.replace(['_', '-'], " "))
}

/// Whether bytes start like a JPEG or PNG image.
fn looks_like_image(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xD8, 0xFF]) || bytes.starts_with(b"\x89PNG\r\n\x1a\n")
}

impl DocumentMaker<'_> {
    /// Writes `laporan-kegiatan.pdf` and `.xlsx` for an activity with
    /// attendance results. Returns how many files were written.
    #[allow(clippy::too_many_arguments)]
    pub fn activity_report(
        &self,
        data: &Dataset,
        a: &Activity,
        members: &[&Participant],
        sessions: &[Session],
        photos: &[&Found],
        dir: &Path,
        out: &mut Outputs,
        findings: &mut Findings,
    ) -> Result<usize, String> {
        let s = stats::activity(data, a, members, self.cfg);
        let steps = sop::compliance(a, &s, sessions.len(), self.cfg);
        let mut ctx = self.base(&format!("Laporan Kegiatan {}", a.kode));
        let mut kegiatan = self.kegiatan(a);
        let pukul = match (a.mulai, a.selesai) {
            (Some(m), Some(e)) if e > m => indo::clock_range(m, e, self.cfg.zone()),
            (Some(m), _) => format!("{} {} s.d. selesai", indo::clock(m), self.cfg.zone()),
            _ => String::new(),
        };
        kegiatan["pukul"] = json!(pukul);
        ctx.insert("kegiatan".into(), kegiatan);
        if let Some(Value::Object(k)) = ctx.get_mut("kantor") {
            k.insert(
                "dinas_lengkap".into(),
                json!(office_name(
                    &self.cfg.kantor.dinas,
                    &self.cfg.kantor.pemerintah
                )),
            );
        }
        let report_date = NaiveDate::parse_from_str(&self.cfg.laporan.tanggal, "%Y-%m-%d")
            .ok()
            .or(a.tanggal);
        ctx.insert(
            "laporan".into(),
            json!({"tanggal": report_date.map(indo::date_long).unwrap_or_default()}),
        );
        ctx.insert("dasar_hukum".into(), json!(self.cfg.laporan.dasar_hukum));
        ctx.insert(
            "sesi".into(),
            Value::Array(
                sessions
                    .iter()
                    .map(|x| json!({"no": x.no, "pukul": self.pukul(x)}))
                    .collect(),
            ),
        );
        ctx.insert(
            "agenda".into(),
            Value::Array(
                a.agenda
                    .iter()
                    .map(|i| {
                        let pukul = match (i.mulai, i.selesai) {
                            (Some(m), Some(e)) => format!("{}–{}", indo::clock(m), indo::clock(e)),
                            (Some(m), None) => indo::clock(m),
                            _ => String::new(),
                        };
                        json!({"pukul": pukul, "acara": i.acara, "narasumber": i.narasumber})
                    })
                    .collect(),
            ),
        );
        let yes_no = |v: Option<bool>| match v {
            Some(true) => "tersedia",
            Some(false) => "tidak tersedia",
            None => "tidak tercatat",
        };
        let capacity = a.room_capacity(self.cfg);
        let ruangan = match capacity {
            Some(c) if sessions.len() > 1 => format!(
                "ruangan memuat {c} orang, sehingga peserta dibagi menjadi {} sesi.",
                sessions.len()
            ),
            Some(c) => format!("ruangan memuat {c} orang, cukup untuk seluruh peserta."),
            None => "luas ruangan tidak tercatat.".into(),
        };
        let p = &s.protokol;
        // Over everyone who attended, so that the numbers agree with the
        // attended count; those without a mark are said to be so.
        let ratio = |yes: usize, no: usize, blank: usize| match (yes + no, blank) {
            (0, _) => "tidak tercatat".to_string(),
            (_, 0) => format!("{yes} dari {} peserta yang hadir", yes + no),
            (_, blank) => format!(
                "{yes} dari {} peserta yang hadir ({blank} tidak tercatat)",
                yes + no + blank
            ),
        };
        ctx.insert(
            "protokol".into(),
            json!({
                "cuci_tangan": yes_no(a.cuci_tangan),
                "petunjuk_arah": yes_no(a.petunjuk_arah),
                "jarak": decimal(self.cfg.protokol.jarak_m),
                "ruangan": ruangan,
                "batas_suhu": decimal(self.cfg.protokol.batas_suhu),
                "diukur": p.diukur,
                "di_atas_batas": p.di_atas_batas,
                "ditolak": p.ditolak,
                "suhu_tertinggi": p.suhu_tertinggi.map(fixed1).unwrap_or_default(),
                "masker": ratio(p.masker_ya, p.masker_tidak, p.masker_kosong),
                "ctps": ratio(p.ctps_ya, p.ctps_tidak, p.ctps_kosong),
            }),
        );
        ctx.insert(
            "statistik".into(),
            json!({
                "diundang": s.diundang,
                "hadir": s.hadir,
                "persen_hadir": fixed1(s.persen_hadir),
                "tidak_hadir": s.tidak_hadir,
                "tanpa_catatan": s.tanpa_catatan,
            }),
        );
        ctx.insert(
            "rincian".into(),
            Value::Array(
                s.rincian
                    .iter()
                    .map(|b| json!({"judul": b.judul, "baris": breakdown_rows(b), "total": b.total()}))
                    .collect(),
            ),
        );
        ctx.insert(
            "grafik".into(),
            json!({"jk": chart_rows(&s.rincian[0]), "umur": chart_rows(&s.rincian[1])}),
        );
        ctx.insert("evaluasi".into(), self.evaluation_context(&s));
        ctx.insert("sop".into(), json!(steps));
        let (simpulan, saran) = conclusions(a, &s, &steps);
        ctx.insert("simpulan".into(), json!(simpulan));
        ctx.insert("saran_tindak".into(), json!(saran));
        ctx.insert(
            "petugas".into(),
            json!({
                "nama": if a.pengantar_kerja.is_empty() { "......................................".to_string() } else { a.pengantar_kerja.clone() },
                "nip": a.nip_pengantar_kerja.as_ref().map(|n| format_nip(&n.digits)).unwrap_or_default(),
            }),
        );
        let annex = attendance_rows(data, a, members, self.cfg);
        ctx.insert("peserta".into(), annex_json(&annex));

        // Photos: only real JPEG/PNG files; a broken one is a finding, not
        // a broken report.
        let mut foto = Vec::new();
        for (i, f) in photos.iter().enumerate() {
            match std::fs::read(&f.path) {
                Ok(bytes) if looks_like_image(&bytes) => {
                    let ext = f
                        .path
                        .extension()
                        .and_then(|e| e.to_str())
                        .unwrap_or("jpg")
                        .to_lowercase();
                    let vpath = format!("/foto/{}/{i}.{ext}", crate::output::sanitize(&a.kode, 60));
                    self.renderer.add_file(&vpath, bytes);
                    foto.push(json!({"path": vpath, "judul": caption(&f.path)}));
                }
                _ => findings.push(
                    Finding::warning(
                        "FOTO_TIDAK_TERBACA",
                        Location::file(&f.display),
                        "bukan berkas JPG/PNG yang dapat dibaca; tidak dimuat di laporan",
                    )
                    .step(10)
                    .hint("Simpan ulang foto sebagai .jpg atau .png."),
                ),
            }
        }
        let with_photos = !foto.is_empty();
        ctx.insert("foto".into(), Value::Array(foto));
        let mut attempt = Findings::default();
        let doc = match self.compile(
            "laporan-kegiatan.typ.tera",
            ctx.clone(),
            &a.kode,
            members,
            &mut attempt,
        ) {
            Ok(doc) => {
                findings.extend(attempt);
                doc
            }
            Err(_) if with_photos => {
                // A photo that looks like an image but does not decode:
                // the report is made without photos, and says so.
                findings.push(
                    Finding::warning(
                        "FOTO_TIDAK_TERBACA",
                        Location::file(format!("{}/laporan-kegiatan.pdf", dir.display())),
                        "salah satu foto kegiatan tidak dapat dibaca; laporan dibuat tanpa foto",
                    )
                    .step(10)
                    .hint("Periksa foto di folder dokumentasi kegiatan ini; simpan ulang sebagai .jpg."),
                );
                ctx.insert("foto".into(), Value::Array(Vec::new()));
                self.compile("laporan-kegiatan.typ.tera", ctx, &a.kode, members, findings)?
            }
            Err(e) => {
                findings.extend(attempt);
                return Err(e);
            }
        };
        let bytes =
            render::pdf(&doc, None).map_err(|e| format!("laporan tidak dapat dibuat: {e}"))?;
        self.write(out, &dir.join("laporan-kegiatan.pdf"), &bytes, findings)?;
        let xlsx = activity_xlsx(a, &s, &steps, &annex, self.cfg);
        let written = 1 + usize::from(self.write_xlsx(
            out,
            &dir.join("laporan-kegiatan.xlsx"),
            xlsx,
            findings,
        ));
        Ok(written)
    }

    fn evaluation_context(&self, s: &ActivityStats) -> Value {
        let Some(e) = &s.evaluasi else {
            return json!({"ada": false});
        };
        let scale = self.cfg.evaluasi.skala.len();
        let top = e
            .butir
            .iter()
            .filter_map(|b| b.rata_rata)
            .fold(0.0, f64::max)
            .max(1.0);
        let butir: Vec<Value> = e
            .butir
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let pendek: String = b.butir.chars().take(40).collect();
                let answered = b.n.max(1) as f64;
                json!({
                    "no": i + 1,
                    "butir": b.butir,
                    "pendek": if b.butir.chars().count() > 40 { format!("{pendek}…") } else { pendek },
                    "aspek": b.aspek,
                    "n": b.n,
                    "kosong": b.kosong,
                    "rata": b.rata_rata.map(fixed2).unwrap_or_else(|| "-".into()),
                    "frac": format!("{:.4}", b.rata_rata.unwrap_or(0.0) / top),
                    "jumlah": b.sebaran,
                    "sebaran": b.sebaran.iter().map(|n| fixed1(*n as f64 * 100.0 / answered)).collect::<Vec<_>>(),
                })
            })
            .collect();
        json!({
            "ada": true,
            "responden": e.responden,
            "skala": scale,
            "skala_kolom": (1..=scale).collect::<Vec<_>>(),
            "keterangan_skala": self.cfg.evaluasi.skala.iter().enumerate().map(|(i, l)| format!("{} = {l}", i + 1)).collect::<Vec<_>>().join(", "),
            "kosong": e.jawaban_kosong,
            "butir": butir,
            "aspek": e.aspek.iter().map(|(a, m)| json!({"nama": a, "rata": fixed2(*m), "indeks": fixed2(m * 25.0)})).collect::<Vec<_>>(),
            "rata": fixed2(e.rata_rata),
            "indeks": fixed2(e.indeks),
            "kategori": e.kategori,
            "mutu": e.mutu,
            "saran": tally(&e.saran),
        })
    }
}

/// Identical suggestions counted once: "Bantuan alat usaha" (10 peserta),
/// most frequent first, then in the order given.
fn tally(suggestions: &[String]) -> Vec<Value> {
    let mut counted: Vec<(String, usize)> = Vec::new();
    for s in suggestions {
        let key = crate::model::name_key(s);
        match counted
            .iter_mut()
            .find(|(t, _)| crate::model::name_key(t) == key)
        {
            Some((_, n)) => *n += 1,
            None => counted.push((s.clone(), 1)),
        }
    }
    counted.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    counted
        .into_iter()
        .map(|(teks, jumlah)| json!({"teks": teks, "jumlah": jumlah}))
        .collect()
}

/// One invited participant in the report's attendance annex (no NIK, no
/// birth date): the PDF's Lampiran 1 and the workbook's "Daftar Hadir".
struct AnnexRow<'a> {
    nama: &'a str,
    desa: String,
    jk: &'static str,
    hadir: &'static str,
    suhu: Option<f64>,
    masker: &'static str,
    ctps: &'static str,
}

fn attendance_rows<'a>(
    data: &Dataset,
    a: &Activity,
    members: &[&'a Participant],
    cfg: &crate::config::Config,
) -> Vec<AnnexRow<'a>> {
    let attended = stats::attended(data, a, members, cfg);
    members
        .iter()
        .map(|p| {
            let row = data.attendance.iter().find(|r| {
                r.kode.as_deref() == Some(a.kode.as_str())
                    && r.has_result()
                    && data.participant_of(r).is_some_and(|q| std::ptr::eq(*p, q))
            });
            let mark = |v: Option<bool>| match v {
                Some(true) => "Ya",
                Some(false) => "Tidak",
                None => "-",
            };
            let hadir = if attended.iter().any(|q| std::ptr::eq(*p, *q)) {
                "Ya"
            } else if row.is_some() {
                "Tidak"
            } else {
                "-"
            };
            AnnexRow {
                nama: p.nama.as_deref().unwrap_or(""),
                desa: [p.desa.as_str(), p.kelompok.as_str()]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" / "),
                jk: match p.jenis_kelamin {
                    Some(Sex::L) => "L",
                    Some(Sex::P) => "P",
                    None => "-",
                },
                hadir,
                suhu: row.and_then(|r| r.suhu_wajar()),
                masker: mark(row.and_then(|r| r.masker)),
                ctps: mark(row.and_then(|r| r.ctps)),
            }
        })
        .collect()
}

fn annex_json(rows: &[AnnexRow<'_>]) -> Value {
    rows.iter()
        .enumerate()
        .map(|(i, r)| {
            json!({
                "no": i + 1,
                "nama": crate::documents::breakable(r.nama),
                "desa": r.desa,
                "jk": r.jk,
                "hadir": r.hadir,
                "suhu": r.suhu.map(fixed1).unwrap_or_else(|| "-".into()),
                "masker": r.masker,
                "ctps": r.ctps,
            })
        })
        .collect()
}

/// The report's conclusions and follow-up suggestions, from the numbers.
fn conclusions(
    a: &Activity,
    s: &ActivityStats,
    steps: &[StepStatus],
) -> (Vec<String>, Vec<String>) {
    let mut simpulan = vec![format!(
        "Kegiatan {} telah dilaksanakan pada {} dan diikuti oleh {} dari {} peserta yang diundang ({} %); jumlah tenaga kerja yang diberdayakan {} orang.",
        a.kode,
        a.tanggal.map(indo::day_date).unwrap_or_default(),
        s.hadir,
        s.diundang,
        fixed1(s.persen_hadir),
        s.hadir
    )];
    let mut saran = Vec::new();
    if let Some(e) = &s.evaluasi {
        simpulan.push(format!(
            "Indeks kepuasan peserta {} dengan mutu {} ({}).",
            fixed2(e.indeks),
            e.kategori,
            e.mutu
        ));
        if let Some(low) = e
            .butir
            .iter()
            .filter(|b| b.rata_rata.is_some())
            .min_by(|x, y| {
                x.rata_rata
                    .partial_cmp(&y.rata_rata)
                    .unwrap_or(std::cmp::Ordering::Equal)
            })
        {
            saran.push(format!(
                "Meningkatkan butir dengan nilai terendah: \"{}\" (rata-rata {}).",
                low.butir,
                low.rata_rata.map(fixed2).unwrap_or_default()
            ));
        }
    }
    let unmet: Vec<String> = steps
        .iter()
        .filter(|x| x.status == "Belum terpenuhi")
        .map(|x| format!("langkah {}", x.no))
        .collect();
    if unmet.is_empty() {
        simpulan.push("Seluruh langkah SOP yang tercatat dalam data telah terpenuhi.".into());
    } else {
        simpulan.push(format!(
            "Langkah SOP yang belum terpenuhi: {}.",
            unmet.join(", ")
        ));
        saran.push(format!(
            "Melengkapi {} pada kegiatan berikutnya.",
            unmet.join(", ")
        ));
    }
    if s.tanpa_catatan > 0 || s.tidak_hadir > 0 {
        saran.push(
            "Menindaklanjuti peserta yang tidak hadir agar dapat mengikuti kegiatan berikutnya."
                .into(),
        );
    }
    if saran.is_empty() {
        saran.push("Mempertahankan pelaksanaan kegiatan sesuai SOP.".into());
    }
    (simpulan, saran)
}

fn workbook(title: &str) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_author("tkm")
            .set_creation_datetime(&created),
    );
    Ok(wb)
}

/// Writes a table with a bold header at `row`; returns the next free row.
fn table(
    ws: &mut Worksheet,
    row: u32,
    title: &str,
    header: &[&str],
    rows: &[Vec<Cell>],
) -> Result<u32, XlsxError> {
    let bold = Format::new().set_bold();
    let head = Format::new().set_bold().set_background_color("#DDEBF7");
    ws.write_string_with_format(row, 0, title, &bold)?;
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(row + 1, c as u16, *h, &head)?;
    }
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (i, r) in rows.iter().enumerate() {
        for (c, cell) in r.iter().enumerate() {
            let (rr, cc) = (row + 2 + i as u32, c as u16);
            match cell {
                Cell::Text(t) => ws.write_string(rr, cc, t)?,
                Cell::Num(n) => ws.write_number(rr, cc, *n)?,
                Cell::Date(d) => {
                    let dt =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                    ws.write_datetime_with_format(rr, cc, &dt, &date)?
                }
            };
        }
    }
    Ok(row + 3 + rows.len() as u32)
}

/// A typed cell for the report workbooks.
enum Cell {
    Text(String),
    Num(f64),
    Date(NaiveDate),
}

fn t(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn n(x: impl Into<f64>) -> Cell {
    Cell::Num(x.into())
}

fn breakdown_table(ws: &mut Worksheet, row: u32, b: &Breakdown) -> Result<u32, XlsxError> {
    let total = b.total();
    let mut rows: Vec<Vec<Cell>> = b
        .baris
        .iter()
        .map(|(label, count)| {
            vec![
                t(label.clone()),
                n(*count as f64),
                n(stats::round2(*count as f64 * 100.0 / total.max(1) as f64)),
            ]
        })
        .collect();
    let all = if total == 0 { 0.0 } else { 100.0 };
    rows.push(vec![t("Jumlah"), n(total as f64), n(all)]);
    table(ws, row, &b.judul, &[&b.judul, "Orang", "%"], &rows)
}

/// `laporan-kegiatan.xlsx`: the report's tables as typed cells.
fn activity_xlsx(
    a: &Activity,
    s: &ActivityStats,
    steps: &[StepStatus],
    annex: &[AnnexRow<'_>],
    cfg: &crate::config::Config,
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = workbook(&format!("Laporan kegiatan {}", a.kode))?;
    let ws = wb.add_worksheet();
    ws.set_name("Ringkasan")?;
    ws.set_column_width(0, 40.0)?;
    ws.set_column_width(1, 18.0)?;
    let mut rows = vec![
        vec![t("Kode kegiatan"), t(a.kode.clone())],
        vec![t("Jenis kegiatan"), t(a.jenis.clone())],
    ];
    if let Some(d) = a.tanggal {
        rows.push(vec![t("Tanggal"), Cell::Date(d)]);
    }
    rows.extend([
        vec![t("Tempat"), t(a.tempat.clone())],
        vec![t("Peserta diundang"), n(s.diundang as f64)],
        vec![
            t("Tenaga kerja yang diberdayakan (hadir)"),
            n(s.hadir as f64),
        ],
        vec![
            t("Persentase kehadiran (%)"),
            n(stats::round2(s.persen_hadir)),
        ],
        vec![t("Tidak hadir"), n(s.tidak_hadir as f64)],
        vec![
            t("Tidak tercatat di daftar hadir"),
            n(s.tanpa_catatan as f64),
        ],
        vec![t("Suhu diukur"), n(s.protokol.diukur as f64)],
        vec![
            t(format!("Suhu ≥ {} °C", decimal(cfg.protokol.batas_suhu))),
            n(s.protokol.di_atas_batas as f64),
        ],
        vec![
            t("Tidak diizinkan masuk (suhu ulang tinggi)"),
            n(s.protokol.ditolak as f64),
        ],
    ]);
    if let Some(e) = &s.evaluasi {
        rows.extend([
            vec![t("Responden evaluasi"), n(e.responden as f64)],
            vec![t("Nilai rata-rata evaluasi"), n(stats::round2(e.rata_rata))],
            vec![
                t("Indeks kepuasan (rata-rata × 25)"),
                n(stats::round2(e.indeks)),
            ],
            vec![t("Mutu"), t(format!("{} ({})", e.kategori, e.mutu))],
        ]);
    }
    table(
        ws,
        0,
        &format!("Laporan kegiatan {}", a.kode),
        &["Uraian", "Nilai"],
        &rows,
    )?;

    let ws = wb.add_worksheet();
    ws.set_name("Rincian")?;
    ws.set_column_width(0, 34.0)?;
    let mut row = 0;
    for b in &s.rincian {
        row = breakdown_table(ws, row, b)?;
    }

    if let Some(e) = &s.evaluasi {
        let ws = wb.add_worksheet();
        ws.set_name("Evaluasi")?;
        ws.set_column_width(1, 50.0)?;
        let scale = cfg.evaluasi.skala.len();
        let mut header: Vec<String> = vec![
            "No".into(),
            "Butir".into(),
            "Aspek".into(),
            "n".into(),
            "Kosong".into(),
            "Rata-rata".into(),
        ];
        header.extend((1..=scale).map(|k| format!("Nilai {k}")));
        let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
        let rows: Vec<Vec<Cell>> = e
            .butir
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let mut r = vec![
                    n((i + 1) as f64),
                    t(b.butir.clone()),
                    t(b.aspek.clone()),
                    n(b.n as f64),
                    n(b.kosong as f64),
                    b.rata_rata
                        .map(|m| n(stats::round2(m)))
                        .unwrap_or_else(|| t("-")),
                ];
                r.extend(b.sebaran.iter().map(|c| n(*c as f64)));
                r
            })
            .collect();
        let next = table(ws, 0, "Evaluasi per butir", &header_refs, &rows)?;
        let aspects: Vec<Vec<Cell>> = e
            .aspek
            .iter()
            .map(|(a, m)| {
                vec![
                    t(a.clone()),
                    n(stats::round2(*m)),
                    n(stats::round2(m * 25.0)),
                ]
            })
            .chain(std::iter::once(vec![
                t("Keseluruhan"),
                n(stats::round2(e.rata_rata)),
                n(stats::round2(e.indeks)),
            ]))
            .collect();
        table(
            ws,
            next,
            "Evaluasi per aspek",
            &["Aspek", "Rata-rata", "Indeks"],
            &aspects,
        )?;
    }

    let ws = wb.add_worksheet();
    ws.set_name("Kesesuaian SOP")?;
    ws.set_column_width(1, 60.0)?;
    ws.set_column_width(5, 16.0)?;
    ws.set_column_width(6, 60.0)?;
    let rows: Vec<Vec<Cell>> = steps
        .iter()
        .map(|x| {
            vec![
                n(x.no as f64),
                t(x.kegiatan),
                t(x.kelengkapan),
                t(x.waktu),
                t(x.output),
                t(x.status),
                t(x.keterangan.clone()),
            ]
        })
        .collect();
    table(
        ws,
        0,
        "Kesesuaian dengan SOP",
        &[
            "No",
            "Kegiatan",
            "Kelengkapan",
            "Waktu",
            "Output",
            "Status",
            "Keterangan",
        ],
        &rows,
    )?;

    let ws = wb.add_worksheet();
    ws.set_name("Daftar Hadir")?;
    ws.set_column_width(1, 36.0)?;
    ws.set_column_width(2, 30.0)?;
    let rows: Vec<Vec<Cell>> = annex
        .iter()
        .enumerate()
        .map(|(i, r)| {
            vec![
                n((i + 1) as f64),
                t(r.nama),
                t(r.desa.clone()),
                t(r.jk),
                t(r.hadir),
                r.suhu.map(n).unwrap_or_else(|| t("-")),
                t(r.masker),
                t(r.ctps),
            ]
        })
        .collect();
    table(
        ws,
        0,
        "Rekapitulasi daftar hadir",
        &[
            "No",
            "Nama",
            "Desa / Kelompok",
            "L/P",
            "Hadir",
            "Suhu (°C)",
            "Masker",
            "CTPS",
        ],
        &rows,
    )?;
    wb.save_to_buffer()
}

/// The monthly recap for `month` (YYYY-MM). Returns the files written, or
/// `Ok(None)` when no activity is dated in that month.
pub fn monthly(
    maker: &DocumentMaker<'_>,
    data: &Dataset,
    year: i32,
    month: u32,
    out: &mut Outputs,
    findings: &mut Findings,
) -> Result<Option<Vec<PathBuf>>, String> {
    let activities: Vec<&Activity> = data
        .activities
        .iter()
        .filter(|a| {
            a.tanggal
                .is_some_and(|d| d.year() == year && d.month() == month)
        })
        .collect();
    if activities.is_empty() {
        return Ok(None);
    }
    let cfg = maker.cfg;
    let mut rows = Vec::new();
    let mut people = Vec::new();
    let mut per_activity = Vec::new();
    for a in &activities {
        let members = maker.verdict.members(data, &a.kode);
        let with_results = stats::has_results(data, &a.kode);
        let s = stats::activity(data, a, &members, cfg);
        if with_results {
            for p in stats::attended(data, a, &members, cfg) {
                people.push((p, a.tanggal));
            }
        }
        rows.push(json!({
            "kode": a.kode,
            "jenis": maker.jenis(a),
            "tanggal": a.tanggal.map(indo::date_long).unwrap_or_default(),
            "tempat": a.tempat,
            "diundang": s.diundang,
            "hadir": if with_results { s.hadir.to_string() } else { "-".into() },
            "persen": if with_results { fixed1(s.persen_hadir) } else { "-".into() },
            "indeks": s.evaluasi.as_ref().map(|e| fixed2(e.indeks)).unwrap_or_else(|| "-".into()),
            "mutu": s.evaluasi.as_ref().map(|e| e.kategori.to_string()).unwrap_or_else(|| "-".into()),
            "status": if with_results { "" } else { "belum ada hasil kehadiran" },
        }));
        per_activity.push((a, s, with_results));
    }
    let rincian = stats::breakdowns(&people);
    let total_invited: usize = per_activity.iter().map(|(_, s, _)| s.diundang).sum();
    let total_attended: usize = per_activity
        .iter()
        .filter(|(_, _, r)| *r)
        .map(|(_, s, _)| s.hadir)
        .sum();
    let indices: Vec<f64> = per_activity
        .iter()
        .filter_map(|(_, s, _)| s.evaluasi.as_ref().map(|e| e.indeks))
        .collect();
    let mean_index =
        (!indices.is_empty()).then(|| indices.iter().sum::<f64>() / indices.len() as f64);
    let bulan = format!("{} {year}", indo::month_name(month));
    let mut ctx = maker.base(&format!("Rekapitulasi Bulanan TKM {bulan}"));
    if let Some(Value::Object(k)) = ctx.get_mut("kantor") {
        k.insert(
            "dinas_lengkap".into(),
            json!(office_name(&cfg.kantor.dinas, &cfg.kantor.pemerintah)),
        );
    }
    let last_day = NaiveDate::from_ymd_opt(year, month, 1)
        .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
        .and_then(|d| d.pred_opt());
    ctx.insert("bulan".into(), json!(bulan));
    ctx.insert(
        "tanggal".into(),
        json!(last_day.map(indo::date_long).unwrap_or_default()),
    );
    ctx.insert("kegiatan".into(), Value::Array(rows));
    ctx.insert(
        "jumlah".into(),
        json!({
            "kegiatan": activities.len(),
            "dengan_hasil": per_activity.iter().filter(|(_, _, r)| *r).count(),
            "diundang": total_invited,
            "hadir": total_attended,
            "indeks": mean_index.map(fixed2).unwrap_or_else(|| "-".into()),
            "mutu": mean_index.map(|i| { let (k, m) = stats::category(i); format!("{k} ({m})") }).unwrap_or_else(|| "-".into()),
        }),
    );
    ctx.insert(
        "rincian".into(),
        Value::Array(
            rincian
                .iter()
                .map(|b| json!({"judul": b.judul, "baris": breakdown_rows(b), "total": b.total()}))
                .collect(),
        ),
    );
    let kode = format!("{year}-{month:02}");
    let doc = maker.compile("laporan-bulanan.typ.tera", ctx, &kode, &[], findings)?;
    let pdf =
        render::pdf(&doc, None).map_err(|e| format!("rekap bulanan tidak dapat dibuat: {e}"))?;
    let dir = PathBuf::from("laporan-bulanan");
    let pdf_path = dir.join(format!("{kode}.pdf"));
    maker.write(out, &pdf_path, &pdf, findings)?;
    let mut written = vec![out.root().join(&pdf_path)];
    let xlsx_path = dir.join(format!("{kode}.xlsx"));
    let xlsx = monthly_xlsx(&bulan, &per_activity, &rincian, maker);
    if maker.write_xlsx(out, &xlsx_path, xlsx, findings) {
        written.push(out.root().join(xlsx_path));
    }
    Ok(Some(written))
}

fn monthly_xlsx(
    bulan: &str,
    activities: &[(&&Activity, ActivityStats, bool)],
    rincian: &[Breakdown],
    maker: &DocumentMaker<'_>,
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = workbook(&format!("Rekapitulasi bulanan {bulan}"))?;
    let ws = wb.add_worksheet();
    ws.set_name("Kegiatan")?;
    ws.set_column_width(0, 16.0)?;
    ws.set_column_width(1, 36.0)?;
    ws.set_column_width(2, 12.0)?;
    ws.set_column_width(3, 28.0)?;
    let rows: Vec<Vec<Cell>> = activities
        .iter()
        .map(|(a, s, with_results)| {
            vec![
                t(a.kode.clone()),
                t(maker.jenis(a)),
                a.tanggal.map(Cell::Date).unwrap_or_else(|| t("")),
                t(a.tempat.clone()),
                n(s.diundang as f64),
                if *with_results {
                    n(s.hadir as f64)
                } else {
                    t("-")
                },
                if *with_results {
                    n(stats::round2(s.persen_hadir))
                } else {
                    t("-")
                },
                s.evaluasi
                    .as_ref()
                    .map(|e| n(stats::round2(e.indeks)))
                    .unwrap_or_else(|| t("-")),
                t(s.evaluasi.as_ref().map(|e| e.kategori).unwrap_or("-")),
            ]
        })
        .collect();
    table(
        ws,
        0,
        &format!("Kegiatan pemberdayaan TKM {bulan}"),
        &[
            "Kode",
            "Jenis kegiatan",
            "Tanggal",
            "Tempat",
            "Diundang",
            "Diberdayakan (hadir)",
            "Kehadiran (%)",
            "Indeks kepuasan",
            "Mutu",
        ],
        &rows,
    )?;
    let ws = wb.add_worksheet();
    ws.set_name("Rincian")?;
    ws.set_column_width(0, 34.0)?;
    let mut row = 0;
    for b in rincian {
        row = breakdown_table(ws, row, b)?;
    }
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_office_is_named_in_title_case() {
        assert_eq!(
            office_name("DINAS TENAGA KERJA", "PEMERINTAH KABUPATEN SUKAMAJU"),
            "Dinas Tenaga Kerja Kabupaten Sukamaju"
        );
    }

    #[test]
    fn captions_come_from_file_names() {
        assert_eq!(
            caption(Path::new("a/pembukaan_oleh-kadis (2).jpg")),
            "pembukaan oleh kadis (2)"
        );
    }

    #[test]
    fn decimals_in_the_report() {
        assert_eq!(fixed2(3.2567), "3,26");
        assert_eq!(fixed2(3.0), "3,00");
        assert_eq!(fixed1(90.0), "90,0");
    }
}
