//! Checking the data against the SOP's kelengkapan (required inputs per
//! step) and its health-protocol rules. Each rule pushes findings and never
//! stops the others; what a finding holds back is decided by the same
//! predicates the document stage uses ([`invitable`], [`activity_gaps`]).

use std::collections::HashSet;

use crate::config::Config;
use crate::findings::{Finding, Findings};
use crate::header::Field;
use crate::model::{Activity, Dataset, Participant, plan_sessions};

/// Whether a participant can get an invitation, an attendance row and an
/// evaluation sheet: they need a name (a bad NIK does not stop them).
pub fn invitable(p: &Participant) -> bool {
    p.nama.is_some()
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

pub fn check(data: &Dataset, cfg: &Config, findings: &mut Findings) {
    let kodes: HashSet<&str> = data.activities.iter().map(|a| a.kode.as_str()).collect();
    for a in &data.activities {
        check_activity(a, data, cfg, findings);
    }
    for p in &data.participants {
        check_participant(p, &kodes, findings);
    }
}

fn check_activity(a: &Activity, data: &Dataset, cfg: &Config, findings: &mut Findings) {
    let Some(src) = a.src() else { return };
    let gaps = activity_gaps(a);
    if !gaps.is_empty() {
        findings.push(
            Finding::error(
                "KEGIATAN_TIDAK_LENGKAP",
                src.row_location(),
                format!("kegiatan {} belum punya {}", a.kode, gaps.join(", ")),
            )
            .step(2)
            .hint("Lengkapi kolom Hari/Tanggal, Jam Mulai dan Tempat di jadwal.")
            .holds_back(format!("undangan {}", a.kode)),
        );
    }
    let count = data
        .participants_of(&a.kode)
        .filter(|p| invitable(p))
        .count();
    if count == 0 {
        findings.push(
            Finding::warning(
                "KEGIATAN_TANPA_PESERTA",
                src.row_location(),
                format!("kegiatan {} belum punya peserta", a.kode),
            )
            .step(4)
            .hint("Tambahkan berkas peserta dengan Kode Kegiatan ini."),
        );
        return;
    }
    if a.petunjuk_arah == Some(false) {
        findings.push(
            Finding::warning(
                "TANPA_PETUNJUK_ARAH",
                src.cell(Field::PetunjukArah),
                format!(
                    "kegiatan {}: belum tersedia petunjuk arah ke sarana cuci tangan",
                    a.kode
                ),
            )
            .step(3)
            .hint("SOP langkah 3a: sediakan petunjuk arah ke sarana cuci tangan, lalu isi Ya."),
        );
    }
    if a.cuci_tangan == Some(false) {
        findings.push(
            Finding::warning(
                "TANPA_SARANA_CUCI_TANGAN",
                src.cell(Field::SaranaCuciTangan),
                format!("kegiatan {}: belum tersedia sarana cuci tangan", a.kode),
            )
            .step(3)
            .hint("SOP langkah 3a: sediakan sarana cuci tangan pakai sabun yang memadai."),
        );
    }
    let sessions = plan_sessions(a, count, cfg);
    if sessions.len() > 1 {
        let capacity = a.room_capacity(cfg).unwrap_or(0);
        let area = a
            .luas_m2
            .map(|l| format!("ruangan {} m² ", crate::documents::decimal(l)))
            .unwrap_or_default();
        findings.push(
            Finding::warning(
                "SESI_DIBAGI",
                src.cell(if a.kapasitas.is_some() { Field::Kapasitas } else { Field::LuasRuangan }),
                format!(
                    "kegiatan {}: {area}hanya memuat {capacity} orang dengan jarak {} m, untuk {count} peserta; peserta dibagi menjadi {} sesi",
                    a.kode,
                    crate::documents::decimal(cfg.protokol.jarak_m),
                    sessions.len()
                ),
            )
            .step(3)
            .hint("Setiap peserta mendapat jam sesinya di undangan; tiap sesi punya daftar hadir sendiri. Gunakan ruangan lebih luas bila ingin satu sesi."),
        );
    }
}

fn check_participant(p: &Participant, kodes: &HashSet<&str>, findings: &mut Findings) {
    if p.nama.is_none() {
        findings.push(
            Finding::error("NAMA_KOSONG", p.src.cell(Field::Nama), "peserta tanpa nama")
                .step(4)
                .hint("Isi nama lengkap peserta. Bila sel menampilkan #NAME?, hapus tanda = di depan nama.")
                .holds_back("undangan, daftar hadir dan lembar evaluasi untuk baris ini"),
        );
    }
    match &p.kode {
        Some(k) if !kodes.contains(k.as_str()) => findings.push(
            Finding::error(
                "KODE_TIDAK_DIKENAL",
                p.src.cell(Field::Kode),
                format!("kode kegiatan \"{k}\" tidak ada di jadwal"),
            )
            .step(4)
            .hint("Samakan Kode Kegiatan dengan yang tertulis di jadwal.")
            .holds_back("dokumen untuk peserta ini"),
        ),
        _ => {}
    }
    if let Some(nik) = &p.nik {
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
                .hint("Format kolom NIK sebagai Teks, lalu ketik ulang NIK dari KTP (atau awali dengan tanda petik ')."),
            );
        } else if nik.digits.len() != 16 || !nik.digits.chars().all(|c| c.is_ascii_digit()) {
            findings.push(
                Finding::error(
                    "NIK_TIDAK_SAH",
                    p.src.cell(Field::Nik),
                    format!("NIK \"{}\" harus 16 angka", nik.raw),
                )
                .step(4)
                .hint("Periksa NIK pada KTP peserta."),
            );
        }
    }
}
