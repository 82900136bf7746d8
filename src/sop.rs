//! The SOP "Pelaksanaan Pemberdayaan TKM dalam Tatanan Normal Baru": its
//! eleven steps with their mutu baku (kelengkapan, waktu, output), and for
//! one activity whether the data shows each step met.

use serde::Serialize;

use crate::config::Config;
use crate::model::Activity;
use crate::stats::ActivityStats;

/// One step as the SOP writes it.
pub struct Step {
    pub no: u8,
    pub kegiatan: &'static str,
    pub kelengkapan: &'static str,
    pub waktu: &'static str,
    pub output: &'static str,
}

pub const STEPS: [Step; 11] = [
    Step {
        no: 1,
        kegiatan: "Pengantar Kerja berkoordinasi dengan Kasi PPNakertrans terkait pelaksanaan pemberdayaan TKM",
        kelengkapan: "-",
        waktu: "2 menit",
        output: "-",
    },
    Step {
        no: 2,
        kegiatan: "Rapat koordinasi menentukan jenis, waktu dan tempat pemberdayaan TKM",
        kelengkapan: "-",
        waktu: "2 menit",
        output: "Jenis kegiatan",
    },
    Step {
        no: 3,
        kegiatan: "Mempersiapkan materi dan narasumber, jadwal, sarana dan prasarana dengan mempertimbangkan protokol kesehatan",
        kelengkapan: "-",
        waktu: "2 menit",
        output: "Persyaratan lengkap",
    },
    Step {
        no: 4,
        kegiatan: "Menginformasikan jadwal dan tempat pelaksanaan kepada peserta TKM",
        kelengkapan: "Data peserta, jadwal dan lokasi",
        waktu: "2 menit",
        output: "Peserta lengkap",
    },
    Step {
        no: 5,
        kegiatan: "Pelaksanaan pemberdayaan TKM diawali dengan mengisi daftar hadir",
        kelengkapan: "Ruangan, daftar hadir",
        waktu: "180 menit",
        output: "Materi ketenagakerjaan",
    },
    Step {
        no: 6,
        kegiatan: "Kegiatan dibuka oleh Kepala Dinas atau yang mewakili",
        kelengkapan: "-",
        waktu: "-",
        output: "-",
    },
    Step {
        no: 7,
        kegiatan: "Pengantar Kerja mendampingi pelaksanaan sesuai jadwal sampai selesai",
        kelengkapan: "Data ketenagakerjaan",
        waktu: "20 menit",
        output: "Hasil data perluasan",
    },
    Step {
        no: 8,
        kegiatan: "Pengantar Kerja membagikan lembar evaluasi kepada peserta",
        kelengkapan: "-",
        waktu: "-",
        output: "-",
    },
    Step {
        no: 9,
        kegiatan: "Kegiatan ditutup oleh Kepala Dinas atau yang mewakili",
        kelengkapan: "-",
        waktu: "-",
        output: "-",
    },
    Step {
        no: 10,
        kegiatan: "Pengantar Kerja membuat laporan kegiatan perluasan kesempatan kerja",
        kelengkapan: "Laporan perluasan",
        waktu: "2 menit",
        output: "Hasil laporan perluasan",
    },
    Step {
        no: 11,
        kegiatan: "Pengantar Kerja mengarsipkan berkas pelaksanaan pemberdayaan TKM",
        kelengkapan: "Berkas informasi perluasan kesempatan kerja",
        waktu: "5 menit",
        output: "Rekaman/arsip",
    },
];

/// What the data says about one step.
#[derive(Debug, Clone, Serialize)]
pub struct StepStatus {
    pub no: u8,
    pub kegiatan: &'static str,
    pub kelengkapan: &'static str,
    pub waktu: &'static str,
    pub output: &'static str,
    /// "Terpenuhi", "Belum terpenuhi" or "Tidak tercatat".
    pub status: &'static str,
    pub keterangan: String,
}

const MET: &str = "Terpenuhi";
const NOT_MET: &str = "Belum terpenuhi";
const NO_DATA: &str = "Tidak tercatat";
/// A step that comes after the report (archiving).
const NEXT: &str = "Tahap berikutnya";

fn agenda_has(a: &Activity, words: &[&str]) -> bool {
    a.agenda.iter().any(|i| {
        let t = i.acara.to_lowercase();
        words.iter().any(|w| t.contains(w))
    })
}

/// Each step's status for one activity.
pub fn compliance(
    a: &Activity,
    s: &ActivityStats,
    sessions: usize,
    cfg: &Config,
) -> Vec<StepStatus> {
    let yes = |ok: bool, good: String, bad: String| if ok { (MET, good) } else { (NOT_MET, bad) };
    let minutes = a.duration_minutes();
    let standard = cfg.protokol.durasi_standar_menit as i64;
    let agenda_complete = a
        .agenda
        .iter()
        .all(|i| !i.acara.is_empty() && !i.narasumber.is_empty());
    let facilities = a.cuci_tangan == Some(true) && a.petunjuk_arah == Some(true);
    let evaluations = s.evaluasi.as_ref().map_or(0, |e| e.responden);
    let masks_ok = s.protokol.masker_tidak == 0 && s.protokol.ctps_tidak == 0;
    STEPS
        .iter()
        .map(|step| {
            let (status, keterangan) = match step.no {
                1 => (NO_DATA, "koordinasi tidak tercatat dalam data".to_string()),
                2 => yes(
                    !a.jenis.is_empty() && a.tanggal.is_some() && a.mulai.is_some() && !a.tempat.is_empty(),
                    "jenis, waktu dan tempat tercantum di jadwal".into(),
                    "jenis, waktu atau tempat belum lengkap di jadwal".into(),
                ),
                3 => yes(
                    agenda_complete && facilities,
                    format!(
                        "materi dan narasumber lengkap; sarana cuci tangan dan petunjuk arah tersedia; {}",
                        if sessions > 1 { format!("peserta dibagi {sessions} sesi untuk jarak 1,5 m") } else { "ruangan cukup untuk jarak 1,5 m".into() }
                    ),
                    format!(
                        "{}{}",
                        if agenda_complete { "" } else { "materi/narasumber belum lengkap; " },
                        if facilities { "" } else { "sarana cuci tangan atau petunjuk arah belum tersedia" }
                    ),
                ),
                4 => yes(
                    s.diundang > 0,
                    format!("{} peserta diundang", s.diundang),
                    "belum ada peserta".into(),
                ),
                5 => {
                    let duration_ok = minutes == Some(standard);
                    yes(
                        s.tercatat > 0 && duration_ok && masks_ok,
                        format!("daftar hadir mencatat {} peserta; pelaksanaan {standard} menit; masker dan CTPS dipatuhi", s.tercatat),
                        format!(
                            "daftar hadir mencatat {} peserta; pelaksanaan {} menit (standar {standard}); tanpa masker {}, tanpa CTPS {}",
                            s.tercatat,
                            minutes.map_or("?".to_string(), |m| m.to_string()),
                            s.protokol.masker_tidak,
                            s.protokol.ctps_tidak
                        ),
                    )
                }
                6 => yes(agenda_has(a, &["pembukaan", "dibuka", "membuka"]), "acara pembukaan ada di susunan acara".into(), "tidak ada acara pembukaan".into()),
                7 => yes(
                    s.tercatat > 0,
                    format!("data ketenagakerjaan: {} orang diberdayakan", s.hadir),
                    "belum ada hasil kehadiran".into(),
                ),
                8 => yes(evaluations > 0, format!("{evaluations} lembar evaluasi terkumpul"), "belum ada hasil evaluasi".into()),
                9 => yes(agenda_has(a, &["penutupan", "ditutup", "menutup"]), "acara penutupan ada di susunan acara".into(), "tidak ada acara penutupan".into()),
                10 => (MET, "laporan ini".into()),
                _ => (NEXT, "dilakukan setelah laporan ini: berkas kegiatan diarsipkan menurut SOP Pengendalian Rekaman".into()),
            };
            StepStatus {
                no: step.no,
                kegiatan: step.kegiatan,
                kelengkapan: step.kelengkapan,
                waktu: step.waktu,
                output: step.output,
                status,
                keterangan,
            }
        })
        .collect()
}
