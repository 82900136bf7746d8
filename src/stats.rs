//! The numbers of the activity report and the monthly recap: who attended,
//! broken down every way the "laporan perluasan" asks for, the health
//! protocol as applied, and the evaluation index.
//!
//! Definitions (each one is what a hand computation from the spreadsheets
//! gives, and the tests do that computation):
//!
//! - **Diberdayakan** (attended) = registered participants whose attendance
//!   row says Hadir = Ya, minus those refused entry (second temperature
//!   reading at or above the limit). Rows that match no registered
//!   participant are findings and are not counted.
//! - Every breakdown (sex, age band at the event date, education,
//!   kecamatan, kelompok, jenis usaha) sums to the attended count; missing
//!   values are counted as "Tidak diketahui".
//! - Evaluation: scores of the configured scale (a 1–5 sheet is converted
//!   to 1–4), blanks excluded and counted; the item mean to 2 decimals; the
//!   overall mean is the average of the item means (the weighted mean of
//!   PermenPANRB 14/2017, all items weighing the same); index = mean × 25;
//!   category A 88.31–100, B 76.61–88.30, C 65.00–76.60, D 25.00–64.99.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;

use crate::config::Config;
use crate::model::{Activity, Attendance, Dataset, Evaluation, Participant};
use crate::value::Sex;

/// Label for a value the data does not have.
pub const UNKNOWN: &str = "Tidak diketahui";

/// One table of counts that sums to a total.
#[derive(Debug, Clone, Serialize)]
pub struct Breakdown {
    pub judul: String,
    pub baris: Vec<(String, usize)>,
}

impl Breakdown {
    pub fn total(&self) -> usize {
        self.baris.iter().map(|(_, n)| n).sum()
    }

    /// Counts by label; `order` fixes the order of known labels, the rest
    /// follow alphabetically, "Tidak diketahui" last.
    fn count(judul: &str, labels: impl Iterator<Item = String>, order: &[&str]) -> Breakdown {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for l in labels {
            *counts.entry(l).or_default() += 1;
        }
        let mut baris: Vec<(String, usize)> = Vec::new();
        for o in order {
            if let Some(n) = counts.remove(*o) {
                baris.push((o.to_string(), n));
            }
        }
        let unknown = counts.remove(UNKNOWN);
        baris.extend(counts);
        if let Some(n) = unknown {
            baris.push((UNKNOWN.into(), n));
        }
        Breakdown {
            judul: judul.into(),
            baris,
        }
    }
}

/// The health protocol as the attendance results show it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Protocol {
    /// Attendance rows with a temperature reading.
    pub diukur: usize,
    /// First reading at or above the limit.
    pub di_atas_batas: usize,
    /// Second reading still at or above the limit: not allowed in.
    pub ditolak: usize,
    pub suhu_tertinggi: Option<f64>,
    /// Masks and handwashing of the participants who attended (allowed
    /// in): yes, no, and not recorded.
    pub masker_ya: usize,
    pub masker_tidak: usize,
    pub masker_kosong: usize,
    pub ctps_ya: usize,
    pub ctps_tidak: usize,
    pub ctps_kosong: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemStats {
    pub butir: String,
    pub aspek: String,
    /// Answers counted.
    pub n: usize,
    pub kosong: usize,
    pub rata_rata: Option<f64>,
    /// Count per score 1..=scale.
    pub sebaran: Vec<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvalStats {
    pub responden: usize,
    pub butir: Vec<ItemStats>,
    /// (aspect, mean of its item means).
    pub aspek: Vec<(String, f64)>,
    pub rata_rata: f64,
    pub indeks: f64,
    pub kategori: &'static str,
    pub mutu: &'static str,
    pub jawaban_kosong: usize,
    pub saran: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActivityStats {
    pub kode: String,
    pub diundang: usize,
    /// Registered participants with an attendance row.
    pub tercatat: usize,
    pub hadir: usize,
    pub tidak_hadir: usize,
    /// Registered participants without any attendance row.
    pub tanpa_catatan: usize,
    /// Attended share of the invited, in percent.
    pub persen_hadir: f64,
    pub rincian: Vec<Breakdown>,
    pub protokol: Protocol,
    pub evaluasi: Option<EvalStats>,
}

/// Whether an activity has results to report on.
pub fn has_results(data: &Dataset, kode: &str) -> bool {
    data.attendance
        .iter()
        .any(|r| r.kode.as_deref() == Some(kode) && r.hadir.is_some())
}

/// Age bands used by the report.
pub const AGE_BANDS: [&str; 6] = [
    "< 17 tahun",
    "17–25 tahun",
    "26–35 tahun",
    "36–45 tahun",
    "46–55 tahun",
    "> 55 tahun",
];

fn age_band(born: Option<NaiveDate>, on: Option<NaiveDate>) -> String {
    let (Some(born), Some(on)) = (born, on) else {
        return UNKNOWN.into();
    };
    let Some(age) = on.years_since(born) else {
        return UNKNOWN.into();
    };
    let band = match age {
        0..=16 => 0,
        17..=25 => 1,
        26..=35 => 2,
        36..=45 => 3,
        46..=55 => 4,
        _ => 5,
    };
    AGE_BANDS[band].into()
}

pub const EDUCATION: [&str; 8] = [
    "Tidak/belum sekolah",
    "SD/sederajat",
    "SMP/sederajat",
    "SMA/SMK/sederajat",
    "Diploma (D1–D3)",
    "S1/D4",
    "S2",
    "S3",
];

/// Education as the report groups it: "SLTP", "SMP", "MTs" and "Paket B"
/// are one level.
pub fn education(raw: &str) -> String {
    let k: String = raw
        .to_uppercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    let level = match k.as_str() {
        "" => return UNKNOWN.into(),
        "TIDAKSEKOLAH" | "BELUMSEKOLAH" | "TIDAKTAMATSD" | "TIDAKBELUMSEKOLAH" => 0,
        "SD" | "MI" | "SR" | "PAKETA" | "SDSEDERAJAT" => 1,
        "SMP" | "SLTP" | "MTS" | "PAKETB" | "SMPSEDERAJAT" => 2,
        "SMA" | "SMK" | "SLTA" | "MA" | "STM" | "SMEA" | "PAKETC" | "SMASEDERAJAT" | "MAK" => 3,
        "D1" | "D2" | "D3" | "DIPLOMA" | "DI" | "DII" | "DIII" => 4,
        "S1" | "D4" | "DIV" | "SARJANA" => 5,
        "S2" | "MAGISTER" => 6,
        "S3" | "DOKTOR" => 7,
        _ => return crate::value::clean_text(raw),
    };
    EDUCATION[level].into()
}

fn text_or_unknown(s: &str) -> String {
    let t = crate::value::clean_text(s);
    if t.is_empty() { UNKNOWN.into() } else { t }
}

/// Titles of the breakdown tables, in report order.
pub const BREAKDOWNS: [&str; 6] = [
    "Jenis kelamin",
    "Kelompok umur",
    "Pendidikan",
    "Kecamatan",
    "Kelompok",
    "Jenis usaha",
];

/// The breakdowns of a set of attended participants.
pub fn breakdowns(people: &[(&Participant, Option<NaiveDate>)]) -> Vec<Breakdown> {
    let sex = |p: &Participant| match p.jenis_kelamin {
        Some(s) => s.label().to_string(),
        None => UNKNOWN.into(),
    };
    vec![
        Breakdown::count(
            BREAKDOWNS[0],
            people.iter().map(|(p, _)| sex(p)),
            &[Sex::L.label(), Sex::P.label()],
        ),
        Breakdown::count(
            BREAKDOWNS[1],
            people.iter().map(|(p, on)| age_band(p.tanggal_lahir, *on)),
            &AGE_BANDS,
        ),
        Breakdown::count(
            BREAKDOWNS[2],
            people.iter().map(|(p, _)| education(&p.pendidikan)),
            &EDUCATION,
        ),
        Breakdown::count(
            BREAKDOWNS[3],
            people.iter().map(|(p, _)| text_or_unknown(&p.kecamatan)),
            &[],
        ),
        Breakdown::count(
            BREAKDOWNS[4],
            people.iter().map(|(p, _)| text_or_unknown(&p.kelompok)),
            &[],
        ),
        Breakdown::count(
            BREAKDOWNS[5],
            people.iter().map(|(p, _)| text_or_unknown(&p.jenis_usaha)),
            &[],
        ),
    ]
}

/// Registered participants (by address) that attendance rows of `kode`
/// name, keeping only the rows `keep` accepts.
fn named_by(
    data: &Dataset,
    kode: &str,
    keep: impl Fn(&Attendance) -> bool,
) -> HashSet<*const Participant> {
    data.attendance
        .iter()
        .filter(|r| r.kode.as_deref() == Some(kode) && keep(r))
        .filter_map(|r| data.participant_of(r))
        .map(|p| p as *const Participant)
        .collect()
}

/// Whether an attendance row was turned away at the door: first and
/// second temperature readings both at or above the limit.
fn refused(r: &Attendance, limit: f64) -> bool {
    r.suhu_wajar().is_some_and(|t| t >= limit) && r.suhu_ulang_wajar().is_some_and(|t| t >= limit)
}

/// The attended participants of an activity (see the module docs).
pub fn attended<'a>(
    data: &'a Dataset,
    a: &Activity,
    members: &[&'a Participant],
    cfg: &Config,
) -> Vec<&'a Participant> {
    let limit = cfg.protokol.batas_suhu;
    let present = named_by(data, &a.kode, |r| {
        r.hadir == Some(true) && !refused(r, limit)
    });
    members
        .iter()
        .copied()
        .filter(|p| present.contains(&(*p as *const Participant)))
        .collect()
}

pub fn activity(
    data: &Dataset,
    a: &Activity,
    members: &[&Participant],
    cfg: &Config,
) -> ActivityStats {
    let limit = cfg.protokol.batas_suhu;
    let member_set: HashSet<*const Participant> =
        members.iter().map(|p| *p as *const Participant).collect();
    let rows: Vec<&Attendance> = data
        .attendance
        .iter()
        .filter(|r| r.kode.as_deref() == Some(a.kode.as_str()) && r.has_result())
        .filter(|r| {
            data.participant_of(r)
                .is_some_and(|q| member_set.contains(&(q as *const Participant)))
        })
        .collect();
    let hadir = attended(data, a, members, cfg);
    let with_row = named_by(data, &a.kode, |r| r.has_result());
    let recorded = members
        .iter()
        .filter(|p| with_row.contains(&(**p as *const Participant)))
        .count();
    let mut protokol = Protocol::default();
    for r in &rows {
        if let Some(t) = r.suhu_wajar() {
            protokol.diukur += 1;
            protokol.suhu_tertinggi = Some(protokol.suhu_tertinggi.map_or(t, |m: f64| m.max(t)));
            if t >= limit {
                protokol.di_atas_batas += 1;
                if r.suhu_ulang_wajar().is_some_and(|t2| t2 >= limit) {
                    protokol.ditolak += 1;
                }
            }
        }
        if r.hadir == Some(true) && !refused(r, limit) {
            match r.masker {
                Some(true) => protokol.masker_ya += 1,
                Some(false) => protokol.masker_tidak += 1,
                None => protokol.masker_kosong += 1,
            }
            match r.ctps {
                Some(true) => protokol.ctps_ya += 1,
                Some(false) => protokol.ctps_tidak += 1,
                None => protokol.ctps_kosong += 1,
            }
        }
    }
    let people: Vec<(&Participant, Option<NaiveDate>)> =
        hadir.iter().map(|p| (*p, a.tanggal)).collect();
    let evaluations: Vec<&Evaluation> = data
        .evaluations
        .iter()
        .filter(|e| e.kode.as_deref() == Some(a.kode.as_str()) && e.has_answer())
        .collect();
    ActivityStats {
        kode: a.kode.clone(),
        diundang: members.len(),
        tercatat: recorded,
        hadir: hadir.len(),
        tidak_hadir: recorded.saturating_sub(hadir.len()),
        tanpa_catatan: members.len().saturating_sub(recorded),
        persen_hadir: if members.is_empty() {
            0.0
        } else {
            hadir.len() as f64 * 100.0 / members.len() as f64
        },
        rincian: breakdowns(&people),
        protokol,
        evaluasi: evaluation(&evaluations, cfg),
    }
}

/// The aspect an item belongs to: the configured item of the same text or
/// number, else guessed from its words.
fn aspect_of(label: &str, cfg: &Config) -> String {
    let key = crate::model::name_key(label);
    let numbered = label
        .split_once(['.', ')'])
        .and_then(|(n, _)| n.trim().parse::<usize>().ok());
    if let Some(b) = numbered.and_then(|n| cfg.evaluasi.butir.get(n.wrapping_sub(1))) {
        return b.aspek.clone();
    }
    if let Some(b) = cfg
        .evaluasi
        .butir
        .iter()
        .find(|b| crate::model::name_key(&b.teks) == key)
    {
        return b.aspek.clone();
    }
    let lower = label.to_lowercase();
    let guess = [
        (
            "Protokol Kesehatan",
            &["protokol", "kesehatan", "masker", "cuci tangan", "jarak"][..],
        ),
        (
            "Narasumber",
            &["narasumber", "pemateri", "fasilitator", "pembicara"][..],
        ),
        (
            "Sarana",
            &["sarana", "prasarana", "ruang", "fasilitas", "perlengkapan"][..],
        ),
        ("Materi", &["materi", "modul"][..]),
        (
            "Penyelenggaraan",
            &[
                "waktu",
                "pelaksanaan",
                "panitia",
                "penyelenggara",
                "manfaat",
                "pelayanan",
                "jadwal",
            ][..],
        ),
    ];
    guess
        .iter()
        .find(|(_, words)| words.iter().any(|w| lower.contains(w)))
        .map(|(aspek, _)| aspek.to_string())
        .unwrap_or_else(|| "Lainnya".into())
}

/// Category of an index (0–100) by PermenPANRB 14/2017.
pub fn category(index: f64) -> (&'static str, &'static str) {
    let i = (index * 100.0).round() / 100.0;
    if i >= 88.31 {
        ("A", "Sangat Baik")
    } else if i >= 76.61 {
        ("B", "Baik")
    } else if i >= 65.0 {
        ("C", "Kurang Baik")
    } else {
        ("D", "Tidak Baik")
    }
}

/// Rounds half away from zero to 2 decimals.
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

pub fn evaluation(rows: &[&Evaluation], cfg: &Config) -> Option<EvalStats> {
    if rows.is_empty() {
        return None;
    }
    let scale = cfg.evaluasi.skala.len();
    // Items in column order of the first sheet, then any others.
    let mut labels: Vec<String> = Vec::new();
    for e in rows {
        for (label, _) in &e.scores {
            if !labels.contains(label) {
                labels.push(label.clone());
            }
        }
    }
    let mut items = Vec::new();
    let mut blanks = 0;
    for label in &labels {
        let mut sebaran = vec![0usize; scale];
        let mut sum = 0.0;
        let mut n = 0;
        let mut kosong = 0;
        for e in rows {
            let Some((_, score)) = e.scores.iter().find(|(l, _)| l == label) else {
                continue;
            };
            match (score, e.counted(*score, scale)) {
                (_, Some(s)) => {
                    sum += s;
                    n += 1;
                    // A converted 1–5 answer may fall between two columns.
                    if s.fract() == 0.0
                        && let Some(slot) = sebaran.get_mut(s as usize - 1)
                    {
                        *slot += 1;
                    }
                }
                (Some(_), None) => {} // outside the scale: a finding, not counted
                (None, _) => kosong += 1,
            }
        }
        blanks += kosong;
        items.push(ItemStats {
            butir: label.clone(),
            aspek: aspect_of(label, cfg),
            n,
            kosong,
            rata_rata: (n > 0).then(|| sum / n as f64),
            sebaran,
        });
    }
    let means: Vec<f64> = items.iter().filter_map(|i| i.rata_rata).collect();
    if means.is_empty() {
        return None;
    }
    let overall = means.iter().sum::<f64>() / means.len() as f64;
    let mut aspek: Vec<(String, Vec<f64>)> = Vec::new();
    for i in &items {
        if let Some(m) = i.rata_rata {
            match aspek.iter_mut().find(|(a, _)| *a == i.aspek) {
                Some((_, v)) => v.push(m),
                None => aspek.push((i.aspek.clone(), vec![m])),
            }
        }
    }
    let index = overall * 25.0;
    let (kategori, mutu) = category(index);
    Some(EvalStats {
        responden: rows.len(),
        aspek: aspek
            .into_iter()
            .map(|(a, v)| (a, v.iter().sum::<f64>() / v.len() as f64))
            .collect(),
        butir: items,
        rata_rata: overall,
        indeks: index,
        kategori,
        mutu,
        jawaban_kosong: blanks,
        saran: rows
            .iter()
            .map(|e| crate::value::clean_text(&e.saran))
            .filter(|s| !s.is_empty())
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_follow_permenpanrb_14_2017() {
        assert_eq!(category(100.0), ("A", "Sangat Baik"));
        assert_eq!(category(88.31), ("A", "Sangat Baik"));
        assert_eq!(category(88.30), ("B", "Baik"));
        assert_eq!(category(76.61), ("B", "Baik"));
        assert_eq!(category(76.60), ("C", "Kurang Baik"));
        assert_eq!(category(65.0), ("C", "Kurang Baik"));
        assert_eq!(category(64.99), ("D", "Tidak Baik"));
        assert_eq!(category(25.0), ("D", "Tidak Baik"));
    }

    #[test]
    fn education_levels_are_grouped() {
        assert_eq!(education("SLTP"), "SMP/sederajat");
        assert_eq!(education("smp"), "SMP/sederajat");
        assert_eq!(education("Paket C"), "SMA/SMK/sederajat");
        assert_eq!(education("D3"), "Diploma (D1–D3)");
        assert_eq!(education("S1"), "S1/D4");
        assert_eq!(education("Tidak Sekolah"), "Tidak/belum sekolah");
        assert_eq!(education(""), UNKNOWN);
        assert_eq!(education("Pesantren"), "Pesantren");
    }

    fn eval_rows(rows: &[&[Option<f64>]]) -> Vec<Evaluation> {
        use crate::model::{SheetRef, Source};
        let sheet = std::sync::Arc::new(SheetRef {
            file: "e.xlsx".into(),
            name: "E".into(),
            columns: Vec::new(),
        });
        let mut rows = rows
            .iter()
            .enumerate()
            .map(|(i, scores)| Evaluation {
                kode: Some("TKM-1".into()),
                nik: None,
                nama: Some(format!("P{i}")),
                scores: scores
                    .iter()
                    .enumerate()
                    .map(|(k, s)| (format!("{}. Materi {k}", k + 1), *s))
                    .collect(),
                item_cols: vec![3, 4],
                saran: String::new(),
                src: Source {
                    sheet: sheet.clone(),
                    row: i as u32,
                },
                five_point: false,
            })
            .collect::<Vec<_>>();
        crate::model::mark_five_point(&mut rows);
        rows
    }

    #[test]
    fn the_index_is_the_mean_of_item_means_with_blanks_excluded() {
        let rows = eval_rows(&[
            &[Some(4.0), Some(2.0)],
            &[Some(3.0), None],
            &[Some(2.0), Some(4.0)],
        ]);
        let refs: Vec<&Evaluation> = rows.iter().collect();
        let e = evaluation(&refs, &Config::default()).unwrap();
        // Item 1: (4+3+2)/3 = 3; item 2: (2+4)/2 = 3, one blank.
        assert_eq!(e.butir[0].rata_rata, Some(3.0));
        assert_eq!((e.butir[1].n, e.butir[1].kosong), (2, 1));
        assert_eq!(e.jawaban_kosong, 1);
        assert_eq!(e.indeks, 75.0);
        assert_eq!((e.kategori, e.mutu), ("C", "Kurang Baik"));
        assert_eq!(e.butir[0].sebaran, [0, 1, 1, 1]);
    }

    #[test]
    fn a_five_point_sheet_is_converted_to_four_points() {
        let rows = eval_rows(&[&[Some(5.0), Some(1.0)], &[Some(3.0), Some(5.0)]]);
        let refs: Vec<&Evaluation> = rows.iter().collect();
        let e = evaluation(&refs, &Config::default()).unwrap();
        // 5 → 4, 3 → 2.5, 1 → 1.
        assert_eq!(e.butir[0].rata_rata, Some(3.25));
        assert_eq!(e.butir[1].rata_rata, Some(2.5));
    }

    #[test]
    fn what_validation_holds_back_is_not_counted() {
        // A lone 5 in a 1–4 sheet is a slip, not a 1–5 sheet: the other
        // answers stay as they are. 1.5 and 0 are outside the scale.
        let rows = eval_rows(&[
            &[Some(5.0), Some(4.0)],
            &[Some(1.5), Some(4.0)],
            &[Some(3.0), Some(0.0)],
            &[Some(2.0), Some(2.0)],
            &[Some(4.0), Some(3.0)],
        ]);
        assert!(rows.iter().all(|e| !e.five_point));
        let refs: Vec<&Evaluation> = rows.iter().collect();
        let e = evaluation(&refs, &Config::default()).unwrap();
        assert_eq!((e.butir[0].n, e.butir[0].rata_rata), (3, Some(3.0)));
        assert_eq!((e.butir[1].n, e.butir[1].rata_rata), (4, Some(3.25)));
        assert_eq!(e.butir[0].sebaran, [0, 1, 1, 1]);
    }

    #[test]
    fn age_bands_at_the_event_date() {
        let on = NaiveDate::from_ymd_opt(2026, 11, 17);
        let born = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(age_band(born(2001, 11, 17), on), "17–25 tahun");
        assert_eq!(age_band(born(2000, 11, 18), on), "17–25 tahun");
        assert_eq!(age_band(born(2000, 11, 17), on), "26–35 tahun");
        assert_eq!(age_band(born(1970, 1, 1), on), "> 55 tahun");
        assert_eq!(age_band(None, on), UNKNOWN);
    }
}
