//! The documents of each activity: invitations (one PDF each and one print
//! file), the attendance form per session, and the evaluation sheets.
//!
//! This stage turns the model into template contexts (every date, time and
//! number already spelled the Indonesian way), asks the renderer for PDFs,
//! and writes them atomically. One compile serves both the combined
//! invitation file and the single invitations (page ranges of one document).

use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::{Datelike, Duration, NaiveDate};
use serde_json::{Value, json};
use tera::Context;

use crate::config::Config;
use crate::discover::Found;
use crate::findings::{Finding, Findings, Location};
use crate::header::Field;
use crate::indo;
use crate::model::{Activity, Dataset, Participant, Session, plan_sessions};
use crate::output::{Outputs, sanitize};
use crate::register::{Occurrences, Register};
use crate::render::{self, Renderer};
use crate::validate::{Doc, Verdict};
use crate::value::Sex;
use crate::{forms, laporan, stats, whatsapp};

/// What was made for one activity, for the run summary.
#[derive(Debug, Default, Clone)]
pub struct ActivityDocs {
    pub kode: String,
    pub undangan: usize,
    pub daftar_hadir: bool,
    pub lembar_evaluasi: bool,
    /// `undangan-whatsapp.html`.
    pub whatsapp: bool,
    /// The xlsx entry forms written (`daftar-hadir.xlsx`, `evaluasi-isian.xlsx`).
    pub isian: usize,
    /// `laporan-kegiatan.pdf` and `.xlsx` written.
    pub laporan: usize,
    pub sesi: usize,
    /// Why some documents were not made.
    pub catatan: Vec<String>,
}

impl ActivityDocs {
    pub fn documents(&self) -> usize {
        // The combined invitation file counts as one document besides the
        // single invitations.
        self.undangan
            + usize::from(self.undangan > 0)
            + usize::from(self.daftar_hadir)
            + usize::from(self.lembar_evaluasi)
            + usize::from(self.whatsapp)
            + self.isian
            + self.laporan
    }
}

/// A number with a decimal comma and no trailing zeros: 1.5 → "1,5".
pub fn decimal(n: f64) -> String {
    let s = format!("{:.2}", n);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.replace('.', ",")
}

/// Text for a narrow table column: a word longer than `LONGEST_WORD`
/// characters (a name typed without spaces) gets invisible break
/// opportunities (zero-width spaces) so that it wraps inside its cell
/// instead of running across the next ones.
pub fn breakable(text: &str) -> String {
    const LONGEST_WORD: usize = 20;
    let mut out = String::with_capacity(text.len());
    let mut run = 0;
    for c in text.chars() {
        if c.is_whitespace() {
            run = 0;
        } else {
            run += 1;
            if run > LONGEST_WORD {
                out.push('\u{200B}');
                run = 1;
            }
        }
        out.push(c);
    }
    out
}

/// A file name or path for a narrow table column: like [`breakable`],
/// and also breakable after each `/`, `_`, `-` and `.`, so that it wraps
/// at its natural joints ("hasil_evaluasi_" / "TKM-2026-11-01.xlsx").
pub fn breakable_path(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in breakable(text).chars() {
        out.push(c);
        if matches!(c, '/' | '_' | '-' | '.') {
            out.push('\u{200B}');
        }
    }
    out
}

/// NIP grouped 8-6-1-3 as printed under a signature: 19680512 199403 1 005.
pub fn format_nip(nip: &str) -> String {
    let digits: String = nip.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() == 18 && digits.chars().all(|c| c.is_ascii_digit()) {
        format!(
            "{} {} {} {}",
            &digits[..8],
            &digits[8..14],
            &digits[14..15],
            &digits[15..]
        )
    } else {
        nip.trim().to_string()
    }
}

/// A NIK for circulated documents: first four and last four digits only.
pub fn mask_nik(p: &Participant) -> String {
    match &p.nik {
        Some(n)
            if !n.from_number
                && n.digits.len() == 16
                && n.digits.chars().all(|c| c.is_ascii_digit()) =>
        {
            format!("{}********{}", &n.digits[..4], &n.digits[12..])
        }
        _ => "-".into(),
    }
}

/// The letter number from the pattern's tokens.
pub fn letter_number(cfg: &Config, urut: u32, date: NaiveDate) -> String {
    cfg.surat
        .pola_nomor
        .replace("{kka}", &cfg.surat.kka)
        .replace("{urut}", &urut.to_string())
        .replace("{unit}", &cfg.surat.unit)
        .replace("{bulan_romawi}", indo::roman_month(date.month()))
        .replace("{bulan}", &format!("{:02}", date.month()))
        .replace("{tahun}", &date.year().to_string())
}

/// The date on an activity's invitations.
pub fn letter_date(cfg: &Config, a: &Activity) -> Option<NaiveDate> {
    if let Ok(d) = NaiveDate::parse_from_str(&cfg.surat.tanggal, "%Y-%m-%d") {
        return Some(d);
    }
    a.tanggal
        .map(|d| d - Duration::days(cfg.surat.hari_sebelum_kegiatan as i64))
}

/// Letter numbers for every invitation: a letter recorded in the register
/// keeps its number; new letters take the next numbers of their year, in
/// activity order (date, then kode) and participant order. The same inputs
/// and register always give the same numbers.
pub fn number_letters(
    data: &Dataset,
    cfg: &Config,
    verdict: &Verdict,
    register: &mut Register,
) -> BTreeMap<(String, usize), String> {
    let mut numbers = BTreeMap::new();
    let mut seen = Occurrences::default();
    for a in &data.activities {
        if verdict.doc_held(&a.kode, Doc::Undangan).is_some() {
            continue;
        }
        let Some(date) = letter_date(cfg, a) else {
            continue;
        };
        for (i, p) in verdict.members(data, &a.kode).iter().enumerate() {
            let nama = p.nama.as_deref().unwrap_or("");
            let occurrence = seen.next(&a.kode, nama);
            let urut = register.number(
                date.year(),
                &a.kode,
                nama,
                crate::model::usable_nik(p.nik.as_ref()),
                occurrence,
                cfg.surat.nomor_awal,
            );
            numbers.insert((a.kode.clone(), i), letter_number(cfg, urut, date));
        }
    }
    numbers
}

/// Everything documents of one run share: configuration, renderer,
/// letter numbers.
pub struct DocumentMaker<'a> {
    pub cfg: &'a Config,
    pub renderer: &'a Renderer,
    pub verdict: &'a Verdict,
    /// Cells already reported for characters the fonts lack.
    glyphs_reported: RefCell<HashSet<String>>,
    pub numbers: BTreeMap<(String, usize), String>,
    logo_path: String,
}

impl<'a> DocumentMaker<'a> {
    pub fn new(
        cfg: &'a Config,
        renderer: &'a Renderer,
        verdict: &'a Verdict,
        data: &Dataset,
        inputs: &Path,
        register: &mut Register,
        findings: &mut Findings,
    ) -> Self {
        let logo_path = load_logo(cfg, renderer, inputs, findings);
        DocumentMaker {
            cfg,
            renderer,
            verdict,
            glyphs_reported: RefCell::default(),
            numbers: number_letters(data, cfg, verdict, register),
            logo_path,
        }
    }

    pub(crate) fn base(&self, judul: &str) -> serde_json::Map<String, Value> {
        let cfg = self.cfg;
        let k = &cfg.kantor;
        let s = &cfg.penandatangan;
        let margin = "(top: 2cm, bottom: 2.5cm, left: 3cm, right: 2cm)";
        let mut m = serde_json::Map::new();
        m.insert("judul".into(), json!(judul));
        m.insert(
            "kantor".into(),
            json!({
                "pemerintah": k.pemerintah, "dinas": k.dinas, "alamat": k.alamat,
                "telepon": k.telepon, "email": k.email, "laman": k.laman, "kota": k.kota,
            }),
        );
        m.insert(
            "dokumen".into(),
            json!({
                "kertas": cfg.dokumen.kertas,
                "font": cfg.dokumen.font,
                "ukuran_font": format!("{}pt", cfg.dokumen.ukuran_font),
            }),
        );
        m.insert("margin".into(), json!(margin));
        m.insert("logo".into(), json!(self.logo_path));
        m.insert(
            "penandatangan".into(),
            json!({"jabatan": s.jabatan, "nama": s.nama, "pangkat": s.pangkat, "nip": format_nip(&s.nip)}),
        );
        m.insert(
            "surat".into(),
            json!({"sifat": cfg.surat.sifat, "lampiran": cfg.surat.lampiran}),
        );
        m.insert(
            "protokol".into(),
            json!({"jarak": decimal(cfg.protokol.jarak_m), "batas_suhu": decimal(cfg.protokol.batas_suhu)}),
        );
        m.insert("tembusan".into(), json!(cfg.surat.tembusan));
        m
    }

    pub(crate) fn kegiatan(&self, a: &Activity) -> Value {
        let tempat_lengkap = [a.tempat.as_str(), a.alamat_tempat.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        let jenis = if a.jenis.is_empty() {
            "Pemberdayaan Tenaga Kerja Mandiri (TKM)".to_string()
        } else {
            a.jenis.clone()
        };
        json!({
            "kode": a.kode,
            "jenis": jenis,
            "jenis_hal": jenis,
            "hari_tanggal": a.tanggal.map(indo::day_date).unwrap_or_default(),
            "tanggal": a.tanggal.map(indo::date_long).unwrap_or_default(),
            "tempat": a.tempat,
            "tempat_lengkap": tempat_lengkap,
        })
    }

    pub(crate) fn pukul(&self, s: &Session) -> String {
        let zone = self.cfg.zone();
        match (s.mulai, s.selesai) {
            (Some(a), Some(b)) if b > a => indo::clock_range(a, b, zone),
            (Some(a), _) => format!("{} {zone} s.d. selesai", indo::clock(a)),
            _ => String::new(),
        }
    }

    /// Makes every document of one activity that its data allows.
    pub fn make(
        &self,
        data: &Dataset,
        a: &Activity,
        photos: &[(Found, String)],
        today: NaiveDate,
        out: &mut Outputs,
        findings: &mut Findings,
    ) -> ActivityDocs {
        let mut docs = ActivityDocs {
            kode: a.kode.clone(),
            ..Default::default()
        };
        let members = self.verdict.members(data, &a.kode);
        for (p, reason) in self.verdict.left_out(data, &a.kode) {
            docs.catatan.push(format!(
                "tanpa dokumen: {} baris {}: {reason}",
                p.src.sheet.file,
                p.src.row + 1
            ));
        }
        if members.is_empty() {
            docs.catatan
                .push("belum ada peserta; tidak ada dokumen".into());
            return docs;
        }
        let sessions = plan_sessions(a, members.len(), self.cfg);
        docs.sesi = sessions.len();
        let dir = PathBuf::from(sanitize(&a.kode, 80));
        let kegiatan = self.kegiatan(a);

        match self.verdict.doc_held(&a.kode, Doc::Undangan) {
            None => {
                match self.invitations(a, &members, &sessions, &kegiatan, &dir, out, findings) {
                    Ok(n) => {
                        docs.undangan = n;
                        docs.whatsapp = n > 0;
                    }
                    Err(e) => docs.catatan.push(e),
                }
            }
            Some(why) => docs.catatan.push(format!("undangan ditahan: {why}")),
        }

        match self.verdict.doc_held(&a.kode, Doc::DaftarHadir) {
            None => {
                match self.attendance_form(a, &members, &sessions, &kegiatan, &dir, out, findings) {
                    Ok(()) => docs.daftar_hadir = true,
                    Err(e) => docs.catatan.push(e),
                }
                let form = forms::attendance(a, &sessions, &members, self.cfg);
                if self.write_xlsx(out, &dir.join("daftar-hadir.xlsx"), form, findings) {
                    docs.isian += 1;
                }
            }
            Some(why) => docs.catatan.push(format!("daftar hadir ditahan: {why}")),
        }

        match self.evaluation_sheets(a, &members, &sessions, &kegiatan, &dir, out, findings) {
            Ok(()) => docs.lembar_evaluasi = true,
            Err(e) => docs.catatan.push(e),
        }
        let form = forms::evaluation(a, &members, self.cfg);
        if self.write_xlsx(out, &dir.join("evaluasi-isian.xlsx"), form, findings) {
            docs.isian += 1;
        }

        // Step 10: the report, once attendance results are in.
        if stats::has_results(data, &a.kode) {
            let photos = laporan::photos_of(photos, &a.kode);
            match self.activity_report(data, a, &members, &sessions, &photos, &dir, out, findings) {
                Ok(n) => docs.laporan = n,
                Err(e) => docs.catatan.push(e),
            }
        } else {
            let past = a.tanggal.is_some_and(|d| d < today);
            let message = format!(
                "laporan kegiatan {} belum dibuat: belum ada hasil kehadiran (Hadir Ya/Tidak)",
                a.kode
            );
            let location = a.src().map(|s| s.row_location()).unwrap_or_default();
            let finding = if past {
                Finding::warning("LAPORAN_BELUM_DIBUAT", location, message)
            } else {
                Finding::info("LAPORAN_BELUM_DIBUAT", location, message)
            };
            findings.push(
                finding
                    .step(10)
                    .hint("Isi daftar-hadir.xlsx kegiatan ini dan taruh di folder masukan, lalu jalankan tkm proses lagi."),
            );
            docs.catatan
                .push("laporan kegiatan belum dibuat: belum ada hasil kehadiran".into());
        }
        docs
    }

    /// Writes an xlsx companion; a failure is a finding, not the end.
    pub(crate) fn write_xlsx(
        &self,
        out: &mut Outputs,
        rel: &Path,
        bytes: Result<Vec<u8>, rust_xlsxwriter::XlsxError>,
        findings: &mut Findings,
    ) -> bool {
        match bytes {
            Ok(bytes) => self.write(out, rel, &bytes, findings).is_ok(),
            Err(e) => {
                findings.push(Finding::error(
                    "XLSX_GAGAL",
                    Location::file(rel.display().to_string()),
                    format!("tidak dapat dibuat: {e}"),
                ));
                false
            }
        }
    }

    pub(crate) fn jenis(&self, a: &Activity) -> String {
        if a.jenis.is_empty() {
            "Pemberdayaan Tenaga Kerja Mandiri (TKM)".to_string()
        } else {
            a.jenis.clone()
        }
    }

    /// The invitation as a WhatsApp message: the same facts as the letter,
    /// without NIK or birth date.
    fn whatsapp_entry(
        &self,
        a: &Activity,
        p: &Participant,
        s: &Session,
        multi: bool,
        nomor: &str,
    ) -> whatsapp::Entry {
        let nama = p.nama.clone().unwrap_or_default();
        let sapaan = if p.jenis_kelamin == Some(Sex::P) {
            "Sdri."
        } else {
            "Sdr."
        };
        let tempat = [a.tempat.as_str(), a.alamat_tempat.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        let sesi = if multi {
            format!(" (Sesi {})", s.no)
        } else {
            String::new()
        };
        let k = &self.cfg.kantor;
        let pesan = format!(
            "Yth. {sapaan} {nama}\n\n\
             Dengan hormat, kami mengundang Saudara mengikuti {jenis} pada:\n\
             hari, tanggal: {hari}\n\
             pukul: {pukul}{sesi}\n\
             tempat: {tempat}\n\n\
             Mohon membawa dan memakai masker, mencuci tangan pakai sabun, dan menjaga jarak paling sedikit {jarak} meter. Suhu tubuh diukur di pintu masuk.\n\n\
             Surat undangan nomor {nomor}.\n\
             {dinas} {pemerintah}",
            jenis = self.jenis(a),
            hari = a.tanggal.map(indo::day_date).unwrap_or_default(),
            pukul = self.pukul(s),
            jarak = decimal(self.cfg.protokol.jarak_m),
            dinas = k.dinas,
            pemerintah = crate::value::clean_text(&k.pemerintah.replace("PEMERINTAH", "")),
        );
        let mut hp = p.no_hp.as_ref().map(|h| h.raw.clone());
        let (wa, masalah) = match &hp {
            None => (None, Some("nomor HP kosong".to_string())),
            Some(raw) => match crate::ids::mobile(raw) {
                Ok(wa) => {
                    // Shown as dialled in Indonesia, with the 0 a number
                    // cell drops.
                    hp = Some(format!("0{}", &wa[2..]));
                    (Some(wa), None)
                }
                Err(why) => (None, Some(why)),
            },
        };
        whatsapp::Entry {
            nama,
            hp,
            wa,
            masalah,
            pesan,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn invitations(
        &self,
        a: &Activity,
        members: &[&Participant],
        sessions: &[Session],
        kegiatan: &Value,
        dir: &Path,
        out: &mut Outputs,
        findings: &mut Findings,
    ) -> Result<usize, String> {
        let tanggal_surat = letter_date(self.cfg, a)
            .map(indo::date_long)
            .unwrap_or_default();
        let multi = sessions.len() > 1;
        let mut entries = Vec::with_capacity(members.len());
        let mut messages = Vec::with_capacity(members.len());
        for s in sessions {
            for i in s.members.clone() {
                let p = members[i];
                let alamat = [
                    p.alamat.clone(),
                    p.desa.clone(),
                    if p.kecamatan.is_empty() {
                        String::new()
                    } else {
                        format!("Kecamatan {}", p.kecamatan)
                    },
                ]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", ");
                let nomor = self
                    .numbers
                    .get(&(a.kode.clone(), i))
                    .cloned()
                    .unwrap_or_default();
                messages.push((i, self.whatsapp_entry(a, p, s, multi, &nomor)));
                entries.push((
                    i,
                    json!({
                        "nomor": nomor,
                        "tanggal_surat": tanggal_surat,
                        "nama": breakable(p.nama.as_deref().unwrap_or_default()),
                        "sapaan": if p.jenis_kelamin == Some(Sex::P) { "Sdri." } else { "Sdr." },
                        "alamat": alamat,
                        "pukul": self.pukul(s),
                        "sesi": if multi { format!("Sesi {}", s.no) } else { String::new() },
                    }),
                ));
            }
        }
        // Keep input order in the print file and the numbering.
        entries.sort_by_key(|(i, _)| *i);
        messages.sort_by_key(|(i, _)| *i);
        let messages: Vec<whatsapp::Entry> = messages.into_iter().map(|(_, m)| m).collect();
        let mut ctx = self.base(&format!("Undangan {}", a.kode));
        ctx.insert("kegiatan".into(), kegiatan.clone());
        ctx.insert(
            "undangan".into(),
            Value::Array(entries.into_iter().map(|(_, v)| v).collect()),
        );
        let doc = self.compile("undangan.typ.tera", ctx, &a.kode, members, findings)?;
        let all =
            render::pdf(&doc, None).map_err(|e| format!("undangan tidak dapat dibuat: {e}"))?;
        self.write(out, &dir.join("undangan-semua.pdf"), &all, findings)?;
        let Some(ranges) = invitation_pages(&doc, members.len()) else {
            findings.push(
                Finding::error(
                    "UNDANGAN_LEBIH_SATU_HALAMAN",
                    Location::file(format!("{}/undangan-semua.pdf", dir.display())),
                    format!(
                        "{} undangan menghasilkan {} halaman; setiap undangan harus satu halaman",
                        members.len(),
                        doc.pages().len()
                    ),
                )
                .hint("Persingkat isi templat undangan atau tembusan, atau beri setiap undangan label <undangan-N> seperti templat bawaan.")
                .holds_back(format!("undangan satuan {}", a.kode)),
            );
            return Ok(0);
        };
        let single_dir = dir.join("undangan");
        for (i, p) in members.iter().enumerate() {
            let pages = ranges[i].clone();
            if pages.end() > pages.start() {
                findings.push(
                    Finding::warning(
                        "UNDANGAN_LEBIH_SATU_HALAMAN",
                        p.src.row_location(),
                        format!(
                            "undangan untuk {} menjadi {} halaman karena nama atau alamatnya sangat panjang",
                            p.nama.as_deref().unwrap_or("peserta ini"),
                            pages.end() - pages.start() + 1
                        ),
                    )
                    .step(4)
                    .hint("Persingkat nama atau alamat di baris ini (tanpa gelar dan keterangan tambahan) agar undangannya satu halaman."),
                );
            }
            let bytes = render::pdf(&doc, Some(pages))
                .map_err(|e| format!("undangan tidak dapat dibuat: {e}"))?;
            // Zero-padded to the count's width (at least 3) so that file
            // managers sort them in order.
            let width = members.len().to_string().len().max(3);
            let name = format!(
                "{:0width$}-{}.pdf",
                i + 1,
                sanitize(p.nama.as_deref().unwrap_or(""), 60)
            );
            self.write(out, &single_dir.join(name), &bytes, findings)?;
        }
        let _ = out.remove_stale(&single_dir, "pdf");
        let page = whatsapp::page(
            &format!("Undangan {} ({})", self.jenis(a), a.kode),
            &messages,
        );
        self.write(
            out,
            &dir.join("undangan-whatsapp.html"),
            page.as_bytes(),
            findings,
        )?;
        Ok(members.len())
    }

    #[allow(clippy::too_many_arguments)]
    fn attendance_form(
        &self,
        a: &Activity,
        members: &[&Participant],
        sessions: &[Session],
        kegiatan: &Value,
        dir: &Path,
        out: &mut Outputs,
        findings: &mut Findings,
    ) -> Result<(), String> {
        // Blank rows for walk-ins. The signature closes each session's table;
        // when it would land alone on a page, the number of blank rows of
        // that session is changed (fewer first, then more) and the form is
        // laid out again.
        const WALK_IN_ROWS: usize = 5;
        const TRIES: [usize; 16] = [4, 3, 2, 1, 0, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
        let mut blanks = vec![WALK_IN_ROWS; sessions.len()];
        let mut tried = vec![0usize; sessions.len()];
        let petugas = json!({
            "nama": if a.pengantar_kerja.is_empty() { "......................................".to_string() } else { a.pengantar_kerja.clone() },
            "nip": a.nip_pengantar_kerja.as_ref().map(|n| format_nip(&n.digits)).unwrap_or_default(),
        });
        loop {
            let sesi: Vec<Value> = sessions
                .iter()
                .zip(&blanks)
                .map(|(s, blank)| self.attendance_session(s, members, *blank))
                .collect();
            let mut ctx = self.base(&format!("Daftar Hadir {}", a.kode));
            ctx.insert("kegiatan".into(), kegiatan.clone());
            ctx.insert("sesi".into(), Value::Array(sesi));
            ctx.insert("petugas".into(), petugas.clone());
            let mut attempt = Findings::default();
            let doc = self.compile("daftar-hadir.typ.tera", ctx, &a.kode, members, &mut attempt);
            let orphans: Vec<usize> = match &doc {
                Ok(doc) => (0..sessions.len())
                    .filter(|i| {
                        let end = render::label_page(doc, &format!("akhir-sesi-{}", i + 1));
                        let sign = render::label_page(doc, &format!("ttd-sesi-{}", i + 1));
                        matches!((end, sign), (Some(e), Some(t)) if t != e)
                    })
                    .filter(|i| tried[*i] < TRIES.len())
                    .collect(),
                Err(_) => Vec::new(),
            };
            if orphans.is_empty() {
                findings.extend(attempt);
                let doc = doc?;
                let bytes = render::pdf(&doc, None)
                    .map_err(|e| format!("daftar hadir tidak dapat dibuat: {e}"))?;
                return self.write(out, &dir.join("daftar-hadir.pdf"), &bytes, findings);
            }
            for i in orphans {
                blanks[i] = TRIES[tried[i]];
                tried[i] += 1;
            }
        }
    }

    /// One session of the attendance form: its participants (NIK masked)
    /// and `blank` empty rows for walk-ins.
    fn attendance_session(&self, s: &Session, members: &[&Participant], blank: usize) -> Value {
        let mut rows: Vec<Value> = s
            .members
            .clone()
            .enumerate()
            .map(|(n, i)| {
                let p = members[i];
                let desa = if p.desa.is_empty() {
                    p.kecamatan.as_str()
                } else {
                    p.desa.as_str()
                };
                let desa_kelompok = [desa, p.kelompok.as_str()]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" / ");
                json!({
                    "no": n + 1,
                    "ganjil": (n + 1) % 2 == 1,
                    "nama": breakable(p.nama.as_deref().unwrap_or_default()),
                    "nik": mask_nik(p),
                    "desa_kelompok": breakable(&desa_kelompok),
                })
            })
            .collect();
        let filled = rows.len();
        for n in filled..filled + blank {
            rows.push(json!({"no": n + 1, "ganjil": (n + 1) % 2 == 1, "nama": "", "nik": "", "desa_kelompok": ""}));
        }
        json!({"no": s.no, "pukul": self.pukul(s), "baris": rows})
    }

    #[allow(clippy::too_many_arguments)]
    fn evaluation_sheets(
        &self,
        a: &Activity,
        members: &[&Participant],
        sessions: &[Session],
        kegiatan: &Value,
        dir: &Path,
        out: &mut Outputs,
        findings: &mut Findings,
    ) -> Result<(), String> {
        let mut aspek: Vec<(String, Vec<Value>)> = Vec::new();
        for (n, b) in self.cfg.evaluasi.butir.iter().enumerate() {
            let item = json!({"no": n + 1, "teks": b.teks});
            match aspek.iter_mut().find(|(name, _)| *name == b.aspek) {
                Some((_, items)) => items.push(item),
                None => aspek.push((b.aspek.clone(), vec![item])),
            }
        }
        let aspek: Vec<Value> = aspek
            .into_iter()
            .enumerate()
            .map(|(i, (nama, butir))| {
                let huruf = char::from(b'A' + (i % 26) as u8).to_string();
                json!({"huruf": huruf, "nama": nama, "butir": butir})
            })
            .collect();
        let session_of = |i: usize| sessions.iter().find(|s| s.members.contains(&i));
        let peserta: Vec<Value> = members
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let sesi = match session_of(i) {
                    Some(s) if sessions.len() > 1 => {
                        format!("Sesi {}, pukul {}", s.no, self.pukul(s))
                    }
                    _ => String::new(),
                };
                json!({"nama": breakable(p.nama.as_deref().unwrap_or_default()), "sesi": sesi})
            })
            .collect();
        let mut ctx = self.base(&format!("Lembar Evaluasi {}", a.kode));
        ctx.insert("kegiatan".into(), kegiatan.clone());
        ctx.insert("peserta".into(), Value::Array(peserta));
        ctx.insert("skala".into(), json!(self.cfg.evaluasi.skala));
        ctx.insert(
            "lebar_tabel".into(),
            json!((self.cfg.evaluasi.skala.len() + 2).to_string()),
        );
        ctx.insert("aspek".into(), Value::Array(aspek));
        let doc = self.compile("lembar-evaluasi.typ.tera", ctx, &a.kode, members, findings)?;
        if doc.pages().len() != members.len() {
            findings.push(
                Finding::warning(
                    "EVALUASI_LEBIH_SATU_HALAMAN",
                    Location::file(format!("{}/lembar-evaluasi.pdf", dir.display())),
                    format!(
                        "{} lembar evaluasi menjadi {} halaman; satu lembar per peserta tidak muat satu halaman",
                        members.len(),
                        doc.pages().len()
                    ),
                )
                .step(8)
                .hint("Kurangi butir evaluasi di kantor.toml, atau pakai kertas F4."),
            );
        }
        let bytes = render::pdf(&doc, None)
            .map_err(|e| format!("lembar evaluasi tidak dapat dibuat: {e}"))?;
        self.write(out, &dir.join("lembar-evaluasi.pdf"), &bytes, findings)
    }

    pub(crate) fn compile(
        &self,
        template: &str,
        ctx: serde_json::Map<String, Value>,
        kode: &str,
        members: &[&Participant],
        findings: &mut Findings,
    ) -> Result<typst_layout::PagedDocument, String> {
        let ctx = Context::from_serialize(&Value::Object(ctx)).map_err(|e| e.to_string())?;
        match self.renderer.compile(template, &ctx) {
            Ok((doc, warnings)) => {
                for w in warnings {
                    if !w.missing.is_empty()
                        && self.missing_glyphs_in_data(&w.missing, members, findings)
                    {
                        continue;
                    }
                    findings.push(Finding::warning(
                        "TEMPLAT_PERINGATAN",
                        Location::file(&w.template),
                        format!("{kode}: {}", w.message),
                    ));
                }
                Ok(doc)
            }
            Err(e) => {
                findings.push(
                    Finding::error("TEMPLAT_GAGAL", Location::file(&e.template), e.message.clone())
                        .hint("Perbaiki templat ini, atau hapus dari folder templates/ untuk memakai templat bawaan.")
                        .holds_back(format!("{} {kode}", template.trim_end_matches(".typ.tera"))),
                );
                Err(format!(
                    "{} tidak dapat dibuat (templat gagal)",
                    template.trim_end_matches(".typ.tera")
                ))
            }
        }
    }

    /// Reports characters the fonts lack at the cells that hold them
    /// (once per cell, however many documents show it). Returns whether
    /// the data explained every missing character.
    fn missing_glyphs_in_data(
        &self,
        missing: &str,
        members: &[&Participant],
        findings: &mut Findings,
    ) -> bool {
        let mut explained = String::new();
        for p in members {
            let fields = [
                (Field::Nama, p.nama.as_deref().unwrap_or("")),
                (Field::Alamat, p.alamat.as_str()),
                (Field::Desa, p.desa.as_str()),
                (Field::Kelompok, p.kelompok.as_str()),
            ];
            for (field, text) in fields {
                let chars: String = missing.chars().filter(|c| text.contains(*c)).collect();
                if chars.is_empty() {
                    continue;
                }
                explained.push_str(&chars);
                let location = p.src.cell(field);
                let first_time = self
                    .glyphs_reported
                    .borrow_mut()
                    .insert(location.to_string());
                if first_time {
                    findings.push(
                        Finding::warning(
                            "HURUF_TIDAK_ADA_DI_FONT",
                            location,
                            format!(
                                "\"{text}\" memuat karakter {} yang tidak ada di font; di dokumen tercetak sebagai kotak kosong",
                                render::describe_chars(&chars)
                            ),
                        )
                        .step(4)
                        .hint("Tulis dengan huruf Latin, atau tambahkan font yang memuat huruf ini ke folder templates/fonts/ dan pilih di kantor.toml."),
                    );
                }
            }
        }
        missing.chars().all(|c| explained.contains(c))
    }

    /// Like [`DocumentMaker::write`], returning the written path.
    pub(crate) fn write_path(
        &self,
        out: &mut Outputs,
        rel: &Path,
        bytes: &[u8],
        findings: &mut Findings,
    ) -> Result<PathBuf, String> {
        self.write(out, rel, bytes, findings)?;
        Ok(out.root().join(rel))
    }

    pub(crate) fn write(
        &self,
        out: &mut Outputs,
        rel: &Path,
        bytes: &[u8],
        findings: &mut Findings,
    ) -> Result<(), String> {
        out.write(rel, bytes).map(|_| ()).map_err(|e| {
            let message = format!(
                "tidak dapat menulis {}: {}",
                rel.display(),
                crate::output::worded(&e)
            );
            findings.push(Finding::error(
                "TULIS_GAGAL",
                Location::file(rel.display().to_string()),
                message.clone(),
            ));
            message
        })
    }
}

/// The pages of each of `count` invitations in the compiled print file:
/// from the page of its `<undangan-N>` label to the page before the next.
/// A template without those labels must give exactly one page each.
/// `None` when the pages cannot be told apart.
fn invitation_pages(
    doc: &typst_layout::PagedDocument,
    count: usize,
) -> Option<Vec<std::ops::RangeInclusive<usize>>> {
    let total = doc.pages().len();
    let starts: Option<Vec<usize>> = (1..=count)
        .map(|n| render::label_page(doc, &format!("undangan-{n}")))
        .collect();
    let starts = match starts {
        Some(starts) => starts,
        None if total == count => (1..=count).collect(),
        None => return None,
    };
    let mut ranges = Vec::with_capacity(count);
    for (i, start) in starts.iter().enumerate() {
        let end = starts
            .get(i + 1)
            .map_or(total, |next| next.saturating_sub(1));
        if end < *start {
            return None;
        }
        ranges.push(*start..=end);
    }
    Some(ranges)
}

/// Registers the logo with the renderer and returns its virtual path.
fn load_logo(cfg: &Config, renderer: &Renderer, inputs: &Path, findings: &mut Findings) -> String {
    if !cfg.kantor.logo.is_empty() {
        let path = inputs.join(&cfg.kantor.logo);
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        if !matches!(ext.as_str(), "png" | "jpg" | "jpeg" | "svg") {
            findings.push(
                Finding::warning(
                    "LOGO_TIDAK_SAH",
                    Location::file(crate::config::FILE_NAME),
                    format!(
                        "logo \"{}\" bukan PNG, JPG atau SVG; memakai lambang contoh",
                        cfg.kantor.logo
                    ),
                )
                .hint("Simpan logo sebagai .png, .jpg atau .svg."),
            );
        } else {
            match std::fs::read(&path) {
                Ok(data) => {
                    let vpath = format!("/logo.{ext}");
                    renderer.add_file(&vpath, data);
                    return vpath;
                }
                Err(e) => findings.push(
                    Finding::warning(
                        "LOGO_TIDAK_ADA",
                        Location::file(crate::config::FILE_NAME),
                        format!(
                            "logo \"{}\" tidak dapat dibaca ({e}); memakai lambang contoh",
                            cfg.kantor.logo
                        ),
                    )
                    .hint(
                        "Letakkan berkas logo di folder masukan dan tulis namanya di kantor.toml.",
                    ),
                ),
            }
        }
    }
    renderer.add_file("/logo.svg", render::DEFAULT_LOGO.to_vec());
    "/logo.svg".into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_use_a_comma() {
        assert_eq!(decimal(1.5), "1,5");
        assert_eq!(decimal(37.3), "37,3");
        assert_eq!(decimal(45.0), "45");
    }

    #[test]
    fn long_words_get_break_opportunities() {
        assert_eq!(breakable("Siti Aminah"), "Siti Aminah");
        let long = "A".repeat(50);
        let want = format!(
            "{}\u{200B}{}\u{200B}{}",
            "A".repeat(20),
            "A".repeat(20),
            "A".repeat(10)
        );
        assert_eq!(breakable(&long), want);
    }

    #[test]
    fn nip_is_grouped_8_6_1_3() {
        assert_eq!(format_nip("196805121994031005"), "19680512 199403 1 005");
        assert_eq!(format_nip("123"), "123");
    }

    #[test]
    fn letter_numbers_fill_every_token() {
        let cfg = Config::default();
        let d = NaiveDate::from_ymd_opt(2026, 11, 10).unwrap();
        assert_eq!(letter_number(&cfg, 7, d), "500.15.10/7/Disnaker/XI/2026");
    }
}
