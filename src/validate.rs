//! Checking the data against the SOP's kelengkapan (the required inputs of
//! each step) and its health-protocol rules.
//!
//! Every rule pushes findings and never stops the others. What a finding
//! holds back is decided here once, in the [`Verdict`], which the document
//! stage follows: a participant without a name gets no documents, a bad NIK
//! stops nothing but the NIK itself, an activity without a date, time or
//! place gets no invitations.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;

use crate::config::Config;
use crate::documents::decimal;
use crate::findings::{Finding, Findings, Location};
use crate::header::Field;
use crate::ids;
use crate::model::{
    Activity, Attendance, Dataset, Evaluation, Participant, Source, name_key, plan_sessions,
    usable_nik,
};
use crate::value::{Id, Sex};

/// An activity-level document that bad data can hold back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Doc {
    Undangan,
    DaftarHadir,
}

/// What validation decided the documents may use.
#[derive(Debug, Default)]
pub struct Verdict {
    /// Participants (index into `Dataset::participants`) who get no
    /// documents, with the reason.
    held: BTreeMap<usize, String>,
    /// Activity documents not made, with the reason.
    docs_held: BTreeMap<(String, Doc), String>,
}

impl Verdict {
    fn hold(&mut self, index: usize, reason: impl Into<String>) {
        self.held.entry(index).or_insert_with(|| reason.into());
    }

    fn hold_doc(&mut self, kode: &str, doc: Doc, reason: impl Into<String>) {
        self.docs_held
            .entry((kode.to_string(), doc))
            .or_insert_with(|| reason.into());
    }

    /// Why an activity's document is held back, if it is.
    pub fn doc_held(&self, kode: &str, doc: Doc) -> Option<&str> {
        self.docs_held
            .get(&(kode.to_string(), doc))
            .map(String::as_str)
    }

    /// The participants of an activity who get documents, in input order.
    pub fn members<'a>(&self, data: &'a Dataset, kode: &str) -> Vec<&'a Participant> {
        data.participants
            .iter()
            .enumerate()
            .filter(|(i, p)| p.kode.as_deref() == Some(kode) && !self.held.contains_key(i))
            .map(|(_, p)| p)
            .collect()
    }

    /// The participants of an activity left out, with the reason.
    pub fn left_out<'a>(
        &'a self,
        data: &'a Dataset,
        kode: &str,
    ) -> Vec<(&'a Participant, &'a str)> {
        self.held
            .iter()
            .filter_map(|(i, reason)| data.participants.get(*i).map(|p| (p, reason.as_str())))
            .filter(|(p, _)| p.kode.as_deref() == Some(kode))
            .collect()
    }
}

/// What an activity lacks for its invitations: SOP step 2 asks for the
/// kind, time and place.
pub fn activity_gaps(a: &Activity) -> Vec<&'static str> {
    let mut gaps = Vec::new();
    if a.tanggal.is_none() {
        gaps.push("tanggal");
    }
    if a.mulai.is_none() {
        gaps.push("jam mulai");
    }
    if a.tempat.is_empty() {
        gaps.push("tempat");
    }
    gaps
}

/// "tempat (kolom Tempat tidak ditemukan di jadwal)": a gap names the
/// missing column when the schedule has none, so that a mistyped header
/// is not mistaken for an empty cell.
fn describe_gaps(gaps: &[&str], src: &Source) -> String {
    gaps.iter()
        .map(|gap| {
            let columns: &[Field] = match *gap {
                "tanggal" => &[Field::Tanggal],
                "jam mulai" => &[Field::JamMulai, Field::Jam],
                _ => &[Field::Tempat],
            };
            if columns.iter().any(|f| src.has(*f)) {
                gap.to_string()
            } else {
                format!(
                    "{gap} (kolom {} tidak ditemukan di jadwal)",
                    columns[0].label()
                )
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Runs every rule. `today` decides what counts as a past date and an age.
pub fn check(data: &Dataset, cfg: &Config, today: NaiveDate, findings: &mut Findings) -> Verdict {
    let mut verdict = Verdict::default();
    check_signer(cfg, today, findings);
    let kodes: HashSet<&str> = data.activities.iter().map(|a| a.kode.as_str()).collect();
    for (i, p) in data.participants.iter().enumerate() {
        check_participant(i, p, data, cfg, today, &kodes, &mut verdict, findings);
    }
    if kodes.is_empty()
        && let Some(first) = data.participants.first()
    {
        findings.push(
            Finding::error(
                "JADWAL_TIDAK_ADA",
                Location::sheet(&first.src.sheet.file, &first.src.sheet.name),
                format!(
                    "belum ada jadwal yang terbaca, jadi {} peserta belum dapat dicocokkan dengan kegiatan mana pun",
                    data.participants.len()
                ),
            )
            .step(2)
            .hint("Tambahkan spreadsheet jadwal dengan kolom Kode Kegiatan dan Hari/Tanggal (atau Jam Mulai); lihat temuan \"sheet tidak dikenali\" bila jadwalnya sudah ada.")
            .holds_back("semua dokumen"),
        );
    }
    check_duplicates(data, &mut verdict, findings);
    for a in &data.activities {
        check_activity(a, data, &mut verdict, cfg, today, findings);
    }
    check_attendance(data, cfg, &kodes, findings);
    check_evaluations(data, cfg, &kodes, findings);
    verdict
}

fn check_signer(cfg: &Config, today: NaiveDate, findings: &mut Findings) {
    let nip: String = cfg
        .penandatangan
        .nip
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if nip.is_empty() {
        return;
    }
    let problems = ids::nip_problems(&nip, today);
    if !problems.is_empty() {
        findings.push(
            Finding::warning(
                "NIP_TIDAK_SAH",
                Location::file(crate::config::FILE_NAME),
                format!("NIP penandatangan: {}", problems.join("; ")),
            )
            .step(4)
            .hint("Periksa kunci penandatangan.nip di kantor.toml."),
        );
    }
}

#[allow(clippy::too_many_arguments)]
fn check_participant(
    index: usize,
    p: &Participant,
    data: &Dataset,
    cfg: &Config,
    today: NaiveDate,
    kodes: &HashSet<&str>,
    verdict: &mut Verdict,
    findings: &mut Findings,
) {
    if p.nama.is_none() {
        let (message, hint) = match &p.nama_error {
            Some(e) => (
                format!(
                    "sel nama menampilkan {e}: nama diketik sebagai rumus (diawali =, + atau -)"
                ),
                "Ketik ulang nama tanpa tanda = / + / - di depannya, atau awali dengan tanda petik (').",
            ),
            None => (
                "peserta tanpa nama".to_string(),
                "Isi nama lengkap peserta.",
            ),
        };
        findings.push(
            Finding::error("NAMA_KOSONG", p.src.cell(Field::Nama), message)
                .step(4)
                .hint(hint)
                .holds_back("undangan, daftar hadir dan lembar evaluasi untuk baris ini"),
        );
        verdict.hold(index, "tanpa nama");
    }
    if let Some(nama) = &p.nama {
        let longest = nama
            .split_whitespace()
            .map(|w| w.chars().count())
            .max()
            .unwrap_or(0);
        if longest > 20 || nama.chars().count() > 100 {
            findings.push(
                Finding::warning(
                    "NAMA_TIDAK_WAJAR",
                    p.src.cell(Field::Nama),
                    format!(
                        "nama sepanjang {} huruf (kata terpanjang {} huruf tanpa spasi) tidak muat rapi di kolom daftar hadir",
                        nama.chars().count(),
                        longest
                    ),
                )
                .step(4)
                .hint("Periksa nama ini; tulis nama lengkap dengan spasi antarkata."),
            );
        }
    }
    if let Some(k) = &p.kode
        && !kodes.is_empty()
        && !kodes.contains(k.as_str())
    {
        findings.push(
            Finding::error(
                "KODE_TIDAK_DIKENAL",
                p.src.cell(Field::Kode),
                format!("kode kegiatan \"{k}\" tidak ada di jadwal"),
            )
            .step(4)
            .hint("Samakan Kode Kegiatan dengan yang tertulis di jadwal.")
            .holds_back("dokumen untuk peserta ini"),
        );
    }
    check_nik(p, findings);
    let event_date = p
        .kode
        .as_deref()
        .and_then(|k| data.activity(k))
        .and_then(|a| a.tanggal)
        .unwrap_or(today);
    if let Some(born) = p.tanggal_lahir {
        if born > today {
            findings.push(
                Finding::error(
                    "TANGGAL_LAHIR_MASA_DEPAN",
                    birth_cell(p),
                    format!("tanggal lahir {} belum terjadi", born.format("%d/%m/%Y")),
                )
                .step(4)
                .hint("Periksa tahun lahir."),
            );
        } else if let Some(age) = event_date.years_since(born) {
            let (min, max) = (cfg.peserta.usia_min, cfg.peserta.usia_max);
            if age < min || age > max {
                findings.push(
                    Finding::warning(
                        "USIA_DI_LUAR_RENTANG",
                        birth_cell(p),
                        format!("usia {age} tahun pada tanggal kegiatan, di luar rentang peserta TKM {min}–{max} tahun"),
                    )
                    .step(4)
                    .hint("Pastikan peserta memenuhi syarat usia, atau periksa tanggal lahirnya."),
                );
            }
        }
    }
    if let Some(hp) = &p.no_hp
        && let Err(message) = ids::mobile(&hp.raw)
    {
        findings.push(
            Finding::warning("HP_TIDAK_SAH", p.src.cell(Field::NoHp), message)
                .step(4)
                .hint("Tulis nomor HP aktif, misalnya 081234567890; format kolom sebagai Teks agar angka 0 di depan tidak hilang."),
        );
    }
}

/// The cell holding the birth date (its own column or "Tempat, Tgl Lahir").
fn birth_cell(p: &Participant) -> Location {
    if p.src.has(Field::TanggalLahir) {
        p.src.cell(Field::TanggalLahir)
    } else {
        p.src.cell(Field::TempatTanggalLahir)
    }
}

fn check_nik(p: &Participant, findings: &mut Findings) {
    let Some(nik) = &p.nik else {
        if p.src.has(Field::Nik) && p.nama.is_some() {
            findings.push(
                Finding::error("NIK_KOSONG", p.src.cell(Field::Nik), "NIK kosong")
                    .step(4)
                    .hint("Isi NIK 16 angka dari KTP peserta.")
                    .holds_back("NIK di daftar hadir (ditulis -)"),
            );
        }
        return;
    };
    if nik.from_number {
        findings.push(
            Finding::error(
                "NIK_ANGKA",
                p.src.cell(Field::Nik),
                format!(
                    "NIK tersimpan sebagai angka, bukan teks: Excel hanya menyimpan 15 digit, jadi digit terakhir hilang (terbaca {})",
                    nik.digits
                ),
            )
            .step(4)
            .hint("Format kolom NIK sebagai Teks, lalu ketik ulang NIK dari KTP (atau awali dengan tanda petik ').")
            .holds_back("NIK di daftar hadir (ditulis -)"),
        );
        return;
    }
    let problems = ids::nik_problems(&nik.digits);
    if !problems.is_empty() {
        findings.push(
            Finding::error(
                "NIK_TIDAK_SAH",
                p.src.cell(Field::Nik),
                format!("NIK \"{}\": {}", nik.raw, problems.join("; ")),
            )
            .step(4)
            .hint("Periksa NIK pada KTP peserta.")
            .holds_back("NIK di daftar hadir (ditulis -)"),
        );
        return;
    }
    let Some(birth) = ids::nik_birth(&nik.digits) else {
        return;
    };
    if let Some(sex) = p.jenis_kelamin
        && sex != birth.sex
    {
        findings.push(
            Finding::warning(
                "NIK_JK_BERBEDA",
                p.src.cell(if p.src.has(Field::JenisKelamin) { Field::JenisKelamin } else { Field::JkLaki }),
                format!(
                    "jenis kelamin tertulis {}, tetapi NIK menunjukkan {} (tanggal lahir di NIK {})",
                    sex.label(),
                    birth.sex.label(),
                    if birth.sex == Sex::P { "ditambah 40" } else { "tanpa tambahan 40" }
                ),
            )
            .step(4)
            .hint("Periksa jenis kelamin dan NIK pada KTP."),
        );
    }
    if let Some(date) = p.tanggal_lahir
        && !ids::nik_matches_birth(&birth, date)
    {
        findings.push(
            Finding::warning(
                "NIK_TGL_LAHIR_BERBEDA",
                birth_cell(p),
                format!(
                    "tanggal lahir tertulis {}, tetapi NIK menunjukkan {:02}-{:02}-{:02}",
                    date.format("%d/%m/%Y"),
                    birth.day,
                    birth.month,
                    birth.yy
                ),
            )
            .step(4)
            .hint("Periksa tanggal lahir dan NIK pada KTP (NIK bisa memang berbeda dari tanggal lahir sebenarnya)."),
        );
    }
}

/// "peserta.xlsx baris 7 (Siti Aminah)".
fn describe_row(p: &Participant) -> String {
    format!(
        "{} baris {}{}",
        p.src.sheet.file,
        p.src.row + 1,
        p.nama
            .as_ref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default()
    )
}

/// The same NIK twice: within an activity an error naming both rows (the
/// second row of the same person gets no second set of documents); across
/// activities a warning.
fn check_duplicates(data: &Dataset, verdict: &mut Verdict, findings: &mut Findings) {
    let mut first: HashMap<(&str, Option<&str>), usize> = HashMap::new();
    let mut any_activity: HashMap<&str, usize> = HashMap::new();
    for (i, p) in data.participants.iter().enumerate() {
        let Some(nik) = usable_nik(p.nik.as_ref()) else {
            continue;
        };
        let key = (nik, p.kode.as_deref());
        if let Some(&j) = first.get(&key) {
            let other = &data.participants[j];
            let same_person =
                matches!((&p.nama, &other.nama), (Some(a), Some(b)) if name_key(a) == name_key(b));
            let mut f = Finding::error(
                "NIK_GANDA",
                p.src.cell(Field::Nik),
                format!("NIK {nik} sudah dipakai di {}", describe_row(other)),
            )
            .step(4);
            if same_person {
                f = f
                    .hint("Orang yang sama terdaftar dua kali; hapus salah satu baris.")
                    .holds_back("dokumen kedua untuk orang yang sama (baris ini)");
                verdict.hold(
                    i,
                    format!("terdaftar dua kali (sama dengan {})", describe_row(other)),
                );
            } else {
                f = f.hint(
                    "Dua orang berbeda tidak mungkin ber-NIK sama; periksa NIK keduanya pada KTP.",
                );
            }
            findings.push(f);
            continue;
        }
        first.insert(key, i);
        match any_activity.get(nik) {
            Some(&j) if data.participants[j].kode != p.kode => {
                let other = &data.participants[j];
                findings.push(
                    Finding::warning(
                        "PESERTA_DI_DUA_KEGIATAN",
                        p.src.cell(Field::Nik),
                        format!(
                            "NIK {nik} juga terdaftar di kegiatan {} ({})",
                            other.kode.as_deref().unwrap_or("-"),
                            describe_row(other)
                        ),
                    )
                    .step(4)
                    .hint("Pastikan orang ini memang mengikuti kedua kegiatan."),
                );
            }
            Some(_) => {}
            None => {
                any_activity.insert(nik, i);
            }
        }
    }
}

fn check_activity(
    a: &Activity,
    data: &Dataset,
    verdict: &mut Verdict,
    cfg: &Config,
    today: NaiveDate,
    findings: &mut Findings,
) {
    let Some(src) = a.src() else { return };
    let here = |field: Field| src.cell(field);
    let gaps = activity_gaps(a);
    if !gaps.is_empty() {
        verdict.hold_doc(
            &a.kode,
            Doc::Undangan,
            format!("jadwal belum punya {}", gaps.join(", ")),
        );
    }
    if a.tanggal.is_none() {
        verdict.hold_doc(&a.kode, Doc::DaftarHadir, "jadwal belum punya tanggal");
    }
    if !gaps.is_empty() {
        findings.push(
            Finding::error(
                "KEGIATAN_TIDAK_LENGKAP",
                src.row_location(),
                format!(
                    "kegiatan {} belum punya {}",
                    a.kode,
                    describe_gaps(&gaps, src)
                ),
            )
            .step(2)
            .hint("Lengkapi kolom Hari/Tanggal, Jam Mulai dan Tempat di jadwal.")
            .holds_back(format!("undangan {}", a.kode)),
        );
    }
    if a.jenis.is_empty() {
        findings.push(
            Finding::warning("JENIS_KEGIATAN_KOSONG", here(Field::JenisKegiatan), format!("kegiatan {} tanpa Jenis Kegiatan", a.kode))
                .step(2)
                .hint("Isi kolom Jenis Kegiatan; dokumen memakai \"Pemberdayaan Tenaga Kerja Mandiri (TKM)\" sementara ini."),
        );
    }
    check_dates(a, data, today, findings);
    check_agenda(a, cfg, findings);

    let members = verdict.members(data, &a.kode).len();
    if members == 0 {
        findings.push(
            Finding::warning(
                "KEGIATAN_TANPA_PESERTA",
                src.row_location(),
                format!("kegiatan {} belum punya peserta", a.kode),
            )
            .step(4)
            .hint("Tambahkan berkas peserta dengan Kode Kegiatan ini."),
        );
    }

    // Step 3: health-protocol facilities.
    let facility = |value: Option<bool>,
                    field: Field,
                    what: &str,
                    code: &'static str,
                    findings: &mut Findings| {
        let message = match value {
            Some(true) => return,
            Some(false) => format!("kegiatan {}: belum tersedia {what}", a.kode),
            None => format!("kegiatan {}: belum ada keterangan {what}", a.kode),
        };
        findings.push(
            Finding::warning(code, here(field), message)
                .step(3)
                .hint(format!(
                    "SOP langkah 3a: pastikan tersedia {what}, lalu isi Ya di kolom {}.",
                    field.label()
                )),
        );
    };
    facility(
        a.cuci_tangan,
        Field::SaranaCuciTangan,
        "sarana cuci tangan pakai sabun",
        "TANPA_SARANA_CUCI_TANGAN",
        findings,
    );
    facility(
        a.petunjuk_arah,
        Field::PetunjukArah,
        "petunjuk arah ke sarana cuci tangan",
        "TANPA_PETUNJUK_ARAH",
        findings,
    );

    // Step 3b / 5: the room and 1.5 m distancing.
    match a.room_capacity(cfg) {
        None => findings.push(
            Finding::warning(
                "RUANGAN_TANPA_LUAS",
                here(Field::LuasRuangan),
                format!("kegiatan {}: luas ruangan atau kapasitas belum diisi; jarak {} m tidak dapat diperiksa", a.kode, decimal(cfg.protokol.jarak_m)),
            )
            .step(5)
            .hint("Isi kolom Luas Ruangan (m2) atau Kapasitas."),
        ),
        Some(capacity) if members > 0 => {
            let sessions = plan_sessions(a, members, cfg);
            let latest = cfg.latest_session_end();
            let overflow = sessions.iter().find(|s| match (s.mulai, s.selesai) {
                (Some(_), Some(end)) => end > latest,
                _ => true,
            });
            if sessions.len() > 1
                && let Some(bad) = overflow
            {
                let why = match (a.mulai, a.selesai) {
                    (Some(_), Some(_)) => format!(
                        "sesi {} dari {} tidak selesai sebelum pukul {}",
                        bad.no,
                        sessions.len(),
                        crate::indo::clock(latest)
                    ),
                    _ => "jam selesai kegiatan belum diisi, jadi jam sesi berikutnya tidak dapat dihitung".to_string(),
                };
                findings.push(
                    Finding::error(
                        "SESI_TIDAK_MUAT",
                        here(if a.kapasitas.is_some() { Field::Kapasitas } else { Field::LuasRuangan }),
                        format!(
                            "kegiatan {}: ruangan hanya memuat {capacity} orang dengan jarak {} m; {members} peserta perlu {} sesi, dan {why}",
                            a.kode,
                            decimal(cfg.protokol.jarak_m),
                            sessions.len()
                        ),
                    )
                    .step(3)
                    .hint("Gunakan ruangan yang lebih luas, kurangi peserta, atau bagi menjadi beberapa kegiatan dengan kode sendiri.")
                    .holds_back(format!("undangan dan daftar hadir {}", a.kode)),
                );
                verdict.hold_doc(&a.kode, Doc::Undangan, "jam sesi tidak dapat ditentukan");
                verdict.hold_doc(&a.kode, Doc::DaftarHadir, "jam sesi tidak dapat ditentukan");
            } else if sessions.len() > 1 {
                let area = a.luas_m2.map(|l| format!("ruangan {} m² ", decimal(l))).unwrap_or_default();
                findings.push(
                    Finding::warning(
                        "SESI_DIBAGI",
                        here(if a.kapasitas.is_some() { Field::Kapasitas } else { Field::LuasRuangan }),
                        format!(
                            "kegiatan {}: {area}hanya memuat {capacity} orang dengan jarak {} m, untuk {members} peserta; peserta dibagi menjadi {} sesi",
                            a.kode,
                            decimal(cfg.protokol.jarak_m),
                            sessions.len()
                        ),
                    )
                    .step(3)
                    .hint("Setiap peserta mendapat jam sesinya di undangan; tiap sesi punya daftar hadir sendiri. Gunakan ruangan lebih luas bila ingin satu sesi."),
                );
            }
        }
        Some(_) => {}
    }

    // Step 5: the officer who signs the attendance form.
    if a.pengantar_kerja.is_empty() {
        findings.push(
            Finding::warning(
                "PENGANTAR_KERJA_KOSONG",
                here(Field::PengantarKerja),
                format!("kegiatan {}: nama Pengantar Kerja belum diisi", a.kode),
            )
            .step(5)
            .hint("Isi kolom Pengantar Kerja; daftar hadir menyediakan tempat tanda tangannya."),
        );
    }
    if let Some(nip) = &a.nip_pengantar_kerja {
        let problems = ids::nip_problems(&nip.digits, today);
        if nip.from_number {
            findings.push(
                Finding::warning(
                    "NIP_ANGKA",
                    here(Field::NipPengantarKerja),
                    format!("NIP tersimpan sebagai angka: Excel hanya menyimpan 15 digit, 3 digit terakhir hilang (terbaca {})", nip.digits),
                )
                .step(5)
                .hint("Format kolom NIP sebagai Teks, lalu ketik ulang NIP."),
            );
        } else if !problems.is_empty() {
            findings.push(
                Finding::warning(
                    "NIP_TIDAK_SAH",
                    here(Field::NipPengantarKerja),
                    format!("NIP Pengantar Kerja: {}", problems.join("; ")),
                )
                .step(5)
                .hint("Periksa NIP Pengantar Kerja."),
            );
        }
    }
}

fn check_dates(a: &Activity, data: &Dataset, today: NaiveDate, findings: &mut Findings) {
    let Some(src) = a.src() else { return };
    let mut dates: Vec<NaiveDate> = a.agenda.iter().filter_map(|i| i.tanggal).collect();
    dates.sort();
    dates.dedup();
    if dates.len() > 1 {
        findings.push(
            Finding::warning(
                "KEGIATAN_BANYAK_TANGGAL",
                src.cell(Field::Tanggal),
                format!(
                    "kegiatan {} memuat {} tanggal berbeda; dokumen memakai tanggal {}",
                    a.kode,
                    dates.len(),
                    a.tanggal.map(crate::indo::date_long).unwrap_or_default()
                ),
            )
            .step(2)
            .hint("Untuk kegiatan beberapa hari, beri kode kegiatan tersendiri untuk setiap hari."),
        );
    }
    let has_results = data
        .attendance
        .iter()
        .any(|r| r.kode.as_deref() == Some(a.kode.as_str()) && r.has_result());
    if let Some(date) = a.tanggal
        && date < today
        && !has_results
    {
        findings.push(
            Finding::warning(
                "TANGGAL_SUDAH_LEWAT",
                src.cell(Field::Tanggal),
                format!("tanggal kegiatan {} ({}) sudah lewat, tetapi belum ada hasil kehadiran", a.kode, crate::indo::date_long(date)),
            )
            .step(2)
            .hint("Periksa tanggal di jadwal; bila kegiatan sudah berlangsung, masukkan hasil daftar hadir."),
        );
    }
}

fn check_agenda(a: &Activity, cfg: &Config, findings: &mut Findings) {
    let Some(src) = a.src() else { return };
    for item in &a.agenda {
        if item.acara.is_empty() {
            findings.push(
                Finding::warning(
                    "ACARA_KOSONG",
                    item.src.cell(Field::Acara),
                    "acara/materi kosong",
                )
                .step(3)
                .hint("Isi acara atau materi untuk baris jadwal ini."),
            );
        }
        if item.narasumber.is_empty() && item.src.has(Field::Narasumber) {
            findings.push(
                Finding::warning(
                    "NARASUMBER_KOSONG",
                    item.src.cell(Field::Narasumber),
                    format!("narasumber untuk \"{}\" belum diisi", item.acara),
                )
                .step(3)
                .hint("Isi narasumber atau petugas untuk acara ini (mis. Panitia)."),
            );
        }
        if let (Some(start), Some(end)) = (item.mulai, item.selesai)
            && end <= start
        {
            findings.push(
                Finding::error(
                    "JAM_TERBALIK",
                    item.src.cell(Field::JamSelesai),
                    format!(
                        "jam selesai {} tidak sesudah jam mulai {}",
                        crate::indo::clock(end),
                        crate::indo::clock(start)
                    ),
                )
                .step(2)
                .hint("Periksa jam mulai dan jam selesai baris ini."),
            );
        }
    }
    let has = |words: &[&str]| {
        a.agenda.iter().any(|i| {
            let t = i.acara.to_lowercase();
            words.iter().any(|w| t.contains(w))
        })
    };
    if !a.agenda.is_empty() && !has(&["pembukaan", "dibuka", "membuka"]) {
        findings.push(
            Finding::warning("TANPA_PEMBUKAAN", src.cell(Field::Acara), format!("kegiatan {}: susunan acara tanpa pembukaan", a.kode))
                .step(6)
                .hint("SOP langkah 6: kegiatan dibuka oleh Kepala Dinas atau yang mewakili; tambahkan baris Pembukaan."),
        );
    }
    if !a.agenda.is_empty() && !has(&["penutupan", "ditutup", "menutup"]) {
        findings.push(
            Finding::warning("TANPA_PENUTUPAN", src.cell(Field::Acara), format!("kegiatan {}: susunan acara tanpa penutupan", a.kode))
                .step(9)
                .hint("SOP langkah 9: kegiatan ditutup oleh Kepala Dinas atau yang mewakili; tambahkan baris Penutupan."),
        );
    }
    if let Some(minutes) = a.duration_minutes() {
        let standard = cfg.protokol.durasi_standar_menit as i64;
        if minutes != standard {
            let (start, end) = (
                a.mulai.map(crate::indo::clock),
                a.selesai.map(crate::indo::clock),
            );
            findings.push(
                Finding::warning(
                    "DURASI_TIDAK_STANDAR",
                    src.cell(Field::JamSelesai),
                    format!(
                        "kegiatan {}: blok pelaksanaan {}–{} = {minutes} menit, {} dari standar SOP {standard} menit",
                        a.kode,
                        start.unwrap_or_default(),
                        end.unwrap_or_default(),
                        if minutes > standard { "lebih lama" } else { "lebih singkat" }
                    ),
                )
                .step(5)
                .hint("SOP langkah 5: pelaksanaan 180 menit. Sesuaikan jadwal, atau ubah protokol.durasi_standar_menit di kantor.toml."),
            );
        }
    }
}

fn result_kode<'a>(
    kode: Option<&'a str>,
    src: &Source,
    kodes: &HashSet<&str>,
    step: u8,
    findings: &mut Findings,
) -> Option<&'a str> {
    let k = kode?;
    if kodes.contains(k) {
        return Some(k);
    }
    findings.push(
        Finding::error(
            "KODE_TIDAK_DIKENAL",
            src.cell(Field::Kode),
            format!("kode kegiatan \"{k}\" tidak ada di jadwal"),
        )
        .step(step)
        .hint("Samakan Kode Kegiatan dengan yang tertulis di jadwal.")
        .holds_back("baris ini dari rekap laporan"),
    );
    None
}

fn who(nik: Option<&Id>, nama: Option<&str>) -> String {
    match (nama, nik) {
        (Some(n), _) => format!("\"{n}\""),
        (None, Some(id)) => format!("NIK {}", id.raw),
        (None, None) => "baris ini".into(),
    }
}

fn check_attendance(data: &Dataset, cfg: &Config, kodes: &HashSet<&str>, findings: &mut Findings) {
    let limit = cfg.protokol.batas_suhu;
    let mut seen: HashMap<*const Participant, &Attendance> = HashMap::new();
    // A sheet with no result at all is a form not filled in yet: one note,
    // not a warning per row.
    let mut filled: BTreeMap<(&str, &str), bool> = BTreeMap::new();
    for r in &data.attendance {
        *filled
            .entry((&r.src.sheet.file, &r.src.sheet.name))
            .or_default() |= r.has_result();
    }
    for ((file, sheet), any) in &filled {
        if !any {
            findings.push(Finding::info(
                "HADIR_BELUM_DIISI",
                Location::sheet(*file, *sheet),
                "daftar hadir ini belum diisi (kolom Hadir, Suhu, Masker dan CTPS kosong semua); dilewati",
            ));
        }
    }
    for r in &data.attendance {
        if !filled[&(r.src.sheet.file.as_str(), r.src.sheet.name.as_str())] {
            continue;
        }
        // Blank rows for walk-ins that nobody used.
        if r.nik.is_none() && r.nama.is_none() && !r.has_result() {
            continue;
        }
        let Some(kode) = result_kode(r.kode.as_deref(), &r.src, kodes, 7, findings) else {
            continue;
        };
        match data.participant_of(r) {
            None => findings.push(
                Finding::warning(
                    "HADIR_TANPA_PESERTA",
                    r.src.row_location(),
                    format!("{} tidak ada di daftar peserta kegiatan {kode}", who(r.nik.as_ref(), r.nama.as_deref())),
                )
                .step(7)
                .hint("Periksa NIK/nama; peserta yang datang tanpa terdaftar perlu ditambahkan ke berkas peserta."),
            ),
            Some(p) => {
                if let Some(prev) = seen.insert(p as *const Participant, r) {
                    findings.push(
                        Finding::warning(
                            "HADIR_GANDA",
                            r.src.row_location(),
                            format!("kehadiran {} sudah tercatat di baris {}", who(r.nik.as_ref(), r.nama.as_deref()), prev.src.row + 1),
                        )
                        .step(7)
                        .hint("Hapus salah satu baris."),
                    );
                }
            }
        }
        if r.hadir.is_none() {
            findings.push(
                Finding::warning(
                    "HADIR_KOSONG",
                    r.src.cell(Field::Hadir),
                    "kolom Hadir kosong atau tidak terbaca; baris ini tidak dihitung",
                )
                .step(7)
                .hint("Isi Ya atau Tidak."),
            );
        }
        // Step 5: every participant wears a mask and washes hands.
        if r.hadir == Some(true) {
            for (done, field, what) in [
                (r.masker, Field::Masker, "tidak memakai masker"),
                (
                    r.ctps,
                    Field::Ctps,
                    "tidak mencuci tangan pakai sabun (CTPS)",
                ),
            ] {
                if done == Some(false) {
                    findings.push(
                        Finding::warning(
                            "PROTOKOL_TIDAK_DIPATUHI",
                            r.src.cell(field),
                            format!("{} hadir tetapi {what}", who(r.nik.as_ref(), r.nama.as_deref())),
                        )
                        .step(5)
                        .hint("SOP langkah 5: seluruh peserta memakai masker dan melakukan CTPS; catat tindak lanjutnya."),
                    );
                }
            }
        }
        for (reading, field) in [(r.suhu, Field::Suhu), (r.suhu_ulang, Field::SuhuUlang)] {
            if let Some(t) = reading
                && !crate::model::SUHU_WAJAR.contains(&t)
            {
                findings.push(
                    Finding::error(
                        "SUHU_TIDAK_WAJAR",
                        r.src.cell(field),
                        format!("suhu {} °C tidak masuk akal", decimal(t)),
                    )
                    .step(7)
                    .hint("Tulis suhu dalam °C dengan satu desimal, misalnya 36,5.")
                    .holds_back("suhu baris ini dari rekap"),
                );
            }
        }
        if let Some(t) = r.suhu
            && t >= limit
            && t <= 43.0
        {
            match r.suhu_ulang {
                None => findings.push(
                    Finding::warning(
                        "SUHU_TANPA_ULANG",
                        r.src.cell(Field::Suhu),
                        format!("suhu {} °C (batas {} °C) tanpa pengukuran ulang", decimal(t), decimal(limit)),
                    )
                    .step(7)
                    .hint("Ukur ulang setelah 5 menit dan catat di kolom Suhu Ulang."),
                ),
                Some(t2) if t2 >= limit && r.hadir == Some(true) => findings.push(
                    Finding::warning(
                        "SUHU_TINGGI_HADIR",
                        r.src.cell(Field::SuhuUlang),
                        format!("suhu ulang {} °C masih di atas batas, tetapi tercatat hadir; dihitung tidak hadir", decimal(t2)),
                    )
                    .step(7)
                    .hint("Peserta dengan suhu tinggi pada pengukuran ulang tidak diizinkan masuk."),
                ),
                Some(_) => {}
            }
        }
    }
}

fn check_evaluations(data: &Dataset, cfg: &Config, kodes: &HashSet<&str>, findings: &mut Findings) {
    let scale = cfg.evaluasi.skala.len();
    for e in &data.evaluations {
        // Rows nobody filled in: the entry form's spare rows, and the
        // pre-filled rows of participants who returned no sheet.
        if !e.has_answer() {
            continue;
        }
        check_scores(e, scale, findings);
        let Some(kode) = result_kode(e.kode.as_deref(), &e.src, kodes, 8, findings) else {
            continue;
        };
        let participant = data.find_participant(kode, e.nik.as_ref(), e.nama.as_deref());
        let absent = participant.is_some_and(|p| {
            data.attendance.iter().any(|r| {
                r.kode.as_deref() == Some(kode)
                    && r.hadir == Some(false)
                    && data.participant_of(r).is_some_and(|q| std::ptr::eq(p, q))
            })
        });
        if absent {
            findings.push(
                Finding::warning(
                    "EVALUASI_DARI_YANG_TIDAK_HADIR",
                    e.src.row_location(),
                    format!(
                        "{} mengisi evaluasi, padahal tercatat tidak hadir",
                        who(e.nik.as_ref(), e.nama.as_deref())
                    ),
                )
                .step(8)
                .hint("Periksa daftar hadir atau lembar evaluasi orang ini."),
            );
        }
        if participant.is_none() {
            findings.push(
                Finding::warning(
                    "EVALUASI_TANPA_PESERTA",
                    e.src.row_location(),
                    format!(
                        "{} tidak ada di daftar peserta kegiatan {kode}",
                        who(e.nik.as_ref(), e.nama.as_deref())
                    ),
                )
                .step(8)
                .hint("Periksa NIK/nama pada lembar evaluasi ini."),
            );
        }
    }
}

fn check_scores(e: &Evaluation, scale: usize, findings: &mut Findings) {
    let top = e.top(scale);
    for (i, (label, score)) in e.scores.iter().enumerate() {
        let Some(s) = score else { continue };
        if e.counted(*score, scale).is_none() {
            let col = e.item_cols.get(i).copied().unwrap_or(0);
            findings.push(
                Finding::error(
                    "NILAI_DI_LUAR_SKALA",
                    Location::sheet(&e.src.sheet.file, &e.src.sheet.name).at_cell(e.src.row, col),
                    format!(
                        "butir \"{label}\": nilai {} di luar skala 1–{}",
                        decimal(*s),
                        top as u32
                    ),
                )
                .step(8)
                .hint(format!("Isi bilangan bulat 1 sampai {}.", top as u32))
                .holds_back("nilai ini dari rekap evaluasi"),
            );
        }
    }
}

#[cfg(test)]
mod tests;
