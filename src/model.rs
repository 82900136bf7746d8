//! The domain model: activities, their agenda and sessions, participants,
//! attendance and evaluation results — parsed once from the recognised
//! sheets, each record keeping where it came from.
//!
//! Building the model never fails: a value that cannot be read becomes a
//! finding at its cell and the record keeps `None` for it, so that later
//! stages can decide what that value holds back.

use std::sync::Arc;

use chrono::{NaiveDate, NaiveTime, Timelike};

use crate::config::Config;
use crate::findings::{Finding, Findings, Location};
use crate::header::{Field, Header, Kind};
use crate::ingest::{Cell, Sheet};
use crate::value::{self, Id, Sex};

/// Where a record came from: the sheet, its header, and the row.
#[derive(Debug, Clone)]
pub struct Source {
    pub sheet: Arc<SheetRef>,
    /// Absolute 0-based row.
    pub row: u32,
}

/// The parts of a sheet that records need for locating their cells.
#[derive(Debug)]
pub struct SheetRef {
    pub file: String,
    pub name: String,
    pub columns: Vec<(Field, u32)>,
}

impl Source {
    /// The row as a location.
    pub fn row_location(&self) -> Location {
        Location::sheet(&self.sheet.file, &self.sheet.name).at_row(self.row)
    }

    /// The cell of a field in this row; the row when the sheet has no such
    /// column.
    pub fn cell(&self, field: Field) -> Location {
        match self.sheet.columns.iter().find(|(f, _)| *f == field) {
            Some((_, col)) => {
                Location::sheet(&self.sheet.file, &self.sheet.name).at_cell(self.row, *col)
            }
            None => self.row_location(),
        }
    }

    pub fn has(&self, field: Field) -> bool {
        self.sheet.columns.iter().any(|(f, _)| *f == field)
    }
}

/// One row of the rundown.
#[derive(Debug, Clone)]
pub struct AgendaItem {
    pub tanggal: Option<NaiveDate>,
    pub mulai: Option<NaiveTime>,
    pub selesai: Option<NaiveTime>,
    pub acara: String,
    pub narasumber: String,
    pub src: Source,
}

/// A TKM activity: the schedule rows sharing one kode.
#[derive(Debug, Clone)]
pub struct Activity {
    pub kode: String,
    pub jenis: String,
    pub tanggal: Option<NaiveDate>,
    /// First start of the rundown.
    pub mulai: Option<NaiveTime>,
    /// Last end of the rundown.
    pub selesai: Option<NaiveTime>,
    pub tempat: String,
    pub alamat_tempat: String,
    pub luas_m2: Option<f64>,
    pub kapasitas: Option<u32>,
    pub cuci_tangan: Option<bool>,
    pub petunjuk_arah: Option<bool>,
    pub pengantar_kerja: String,
    pub nip_pengantar_kerja: Option<Id>,
    pub agenda: Vec<AgendaItem>,
}

impl Activity {
    /// The first schedule row, for locating activity-level findings.
    pub fn src(&self) -> Option<&Source> {
        self.agenda.first().map(|a| &a.src)
    }

    /// How many people the room holds at the configured spacing: the
    /// explicit capacity when given, else ⌊area / d²⌋.
    pub fn room_capacity(&self, cfg: &Config) -> Option<u32> {
        if let Some(k) = self.kapasitas {
            return Some(k);
        }
        let d = cfg.protokol.jarak_m;
        self.luas_m2
            .filter(|a| *a > 0.0)
            .map(|a| (a / (d * d) + 1e-9).floor() as u32)
    }

    /// Length of the execution block in minutes.
    pub fn duration_minutes(&self) -> Option<i64> {
        match (self.mulai, self.selesai) {
            (Some(a), Some(b)) if b > a => Some((b - a).num_minutes()),
            _ => None,
        }
    }
}

/// A group of participants who come at the same time, when the room is too
/// small for everyone at 1.5 m.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// 1-based.
    pub no: u32,
    pub mulai: Option<NaiveTime>,
    pub selesai: Option<NaiveTime>,
    /// Indices into the activity's participant list.
    pub members: std::ops::Range<usize>,
}

/// Splits `count` participants evenly into consecutive sessions that fit
/// the room; each session is as long as the activity's block, separated by
/// the configured break.
pub fn plan_sessions(activity: &Activity, count: usize, cfg: &Config) -> Vec<Session> {
    let capacity = activity.room_capacity(cfg).filter(|c| *c > 0);
    let n = match capacity {
        Some(cap) if count > cap as usize => count.div_ceil(cap as usize),
        _ => 1,
    };
    let base = count / n;
    let extra = count % n;
    let length = activity.duration_minutes();
    let step = length.map(|l| l + cfg.protokol.jeda_sesi_menit as i64);
    let mut sessions = Vec::with_capacity(n);
    let mut start_idx = 0;
    for i in 0..n {
        let size = base + usize::from(i < extra);
        let shift = |t: Option<NaiveTime>| -> Option<NaiveTime> {
            let offset = step? * i as i64;
            let t = t?;
            let minutes = t.hour() as i64 * 60 + t.minute() as i64 + offset;
            if minutes >= 24 * 60 {
                return None;
            }
            NaiveTime::from_hms_opt((minutes / 60) as u32, (minutes % 60) as u32, 0)
        };
        sessions.push(Session {
            no: i as u32 + 1,
            mulai: if i == 0 {
                activity.mulai
            } else {
                shift(activity.mulai)
            },
            selesai: if i == 0 {
                activity.selesai
            } else {
                shift(activity.selesai)
            },
            members: start_idx..start_idx + size,
        });
        start_idx += size;
    }
    sessions
}

#[derive(Debug, Clone)]
pub struct Participant {
    pub nama: Option<String>,
    /// The error value shown in the name cell (`#NAME?` when a name was
    /// typed as a formula), if any.
    pub nama_error: Option<String>,
    pub nik: Option<Id>,
    pub jenis_kelamin: Option<Sex>,
    pub tempat_lahir: String,
    pub tanggal_lahir: Option<NaiveDate>,
    pub alamat: String,
    pub desa: String,
    pub kecamatan: String,
    pub no_hp: Option<Id>,
    pub pendidikan: String,
    pub jenis_usaha: String,
    pub kelompok: String,
    pub email: String,
    /// The activity this participant belongs to, once resolved.
    pub kode: Option<String>,
    pub src: Source,
}

#[derive(Debug, Clone)]
pub struct Attendance {
    pub kode: Option<String>,
    pub nik: Option<Id>,
    pub nama: Option<String>,
    pub hadir: Option<bool>,
    pub suhu: Option<f64>,
    pub suhu_ulang: Option<f64>,
    pub masker: Option<bool>,
    pub ctps: Option<bool>,
    pub src: Source,
    /// The registered participant this row is about (an index into
    /// [`Dataset::participants`]), resolved once when the data is read;
    /// see [`Dataset::participant_of`].
    participant: Option<usize>,
}

/// Body temperatures (°C) a thermometer at the door can show; anything
/// else is a typing slip (365, 3,65), reported and left out of the recap.
pub const SUHU_WAJAR: std::ops::RangeInclusive<f64> = 30.0..=43.0;

impl Attendance {
    /// The first reading, when it is a plausible temperature.
    pub fn suhu_wajar(&self) -> Option<f64> {
        self.suhu.filter(|t| SUHU_WAJAR.contains(t))
    }

    /// The second reading, when it is a plausible temperature.
    pub fn suhu_ulang_wajar(&self) -> Option<f64> {
        self.suhu_ulang.filter(|t| SUHU_WAJAR.contains(t))
    }

    /// Whether anything was filled in: an attendance form printed from
    /// `daftar-hadir.xlsx` and dropped back unfilled holds only names.
    pub fn has_result(&self) -> bool {
        self.hadir.is_some()
            || self.suhu.is_some()
            || self.suhu_ulang.is_some()
            || self.masker.is_some()
            || self.ctps.is_some()
    }
}

#[derive(Debug, Clone)]
pub struct Evaluation {
    pub kode: Option<String>,
    pub nik: Option<Id>,
    pub nama: Option<String>,
    /// (item label, score) in column order; `None` for a blank answer.
    pub scores: Vec<(String, Option<f64>)>,
    /// The column of each score, for locating findings.
    pub item_cols: Vec<u32>,
    pub saran: String,
    pub src: Source,
    /// The row's sheet was filled on a 1–5 scale (see [`mark_five_point`]).
    pub five_point: bool,
}

impl Evaluation {
    /// Whether any score or suggestion was filled in.
    pub fn has_answer(&self) -> bool {
        self.scores.iter().any(|(_, s)| s.is_some()) || !self.saran.is_empty()
    }

    /// The top score of the scale the row was filled on: the configured
    /// `scale`, or 5 for a 1–5 sheet when the configured scale is 1–4.
    pub fn top(&self, scale: usize) -> f64 {
        if scale == 4 && self.five_point {
            5.0
        } else {
            scale as f64
        }
    }

    /// A score as the recap counts it, on the configured scale: a whole
    /// number from 1 to [`Evaluation::top`] (a 1–5 answer converted
    /// linearly). Blank and invalid scores give `None`; validation reports
    /// the invalid ones, so what it holds back is never counted.
    pub fn counted(&self, score: Option<f64>, scale: usize) -> Option<f64> {
        let s = score?;
        let top = self.top(scale);
        if s.fract() != 0.0 || !(1.0..=top).contains(&s) {
            return None;
        }
        Some(if top == scale as f64 {
            s
        } else {
            1.0 + (s - 1.0) * (scale as f64 - 1.0) / (top - 1.0)
        })
    }
}

/// Marks the evaluations of sheets filled on a 1–5 scale. A sheet is on
/// that scale when 5s are common in it: in at least two rows and a fifth
/// of the rows with any score. A lone 5 in a 1–4 sheet is a typing slip,
/// reported as outside the scale, and does not rescale anyone's answers.
pub fn mark_five_point(evaluations: &mut [Evaluation]) {
    let mut sheets: std::collections::HashMap<(String, String), (usize, usize)> =
        std::collections::HashMap::new();
    for e in evaluations.iter() {
        let key = (e.src.sheet.file.clone(), e.src.sheet.name.clone());
        let (answered, fives) = sheets.entry(key).or_default();
        if e.scores.iter().any(|(_, s)| s.is_some()) {
            *answered += 1;
        }
        if e.scores.iter().any(|(_, s)| *s == Some(5.0)) {
            *fives += 1;
        }
    }
    for e in evaluations.iter_mut() {
        let key = (e.src.sheet.file.clone(), e.src.sheet.name.clone());
        let (answered, fives) = sheets.get(&key).copied().unwrap_or_default();
        e.five_point = fives >= 2 && fives * 5 >= answered;
    }
}

/// Everything read from the inputs folder.
#[derive(Debug, Default)]
pub struct Dataset {
    /// Sorted by date, then kode.
    pub activities: Vec<Activity>,
    pub participants: Vec<Participant>,
    pub attendance: Vec<Attendance>,
    pub evaluations: Vec<Evaluation>,
    index: Index,
}

impl Dataset {
    pub fn activity(&self, kode: &str) -> Option<&Activity> {
        self.activities.iter().find(|a| a.kode == kode)
    }

    /// The participants of an activity, in input order.
    pub fn participants_of<'a>(&'a self, kode: &'a str) -> impl Iterator<Item = &'a Participant> {
        self.participants
            .iter()
            .filter(move |p| p.kode.as_deref() == Some(kode))
    }
}

impl Dataset {
    /// The participant of `kode` a result row is about: by NIK when both
    /// have a usable one, else by name (case and spacing ignored).
    pub fn find_participant(
        &self,
        kode: &str,
        nik: Option<&Id>,
        nama: Option<&str>,
    ) -> Option<&Participant> {
        if let Some(nik) = usable_nik(nik)
            && let Some(&i) = self.index.by_nik.get(&(kode.to_string(), nik.to_string()))
        {
            return self.participants.get(i);
        }
        let key = (kode.to_string(), name_key(nama?));
        self.index
            .by_name
            .get(&key)
            .and_then(|&i| self.participants.get(i))
    }

    /// The registered participant an attendance row is about: by NIK, else
    /// by name. Two participants of one activity with the same name and no
    /// usable NIK (both typed as numbers, say) are told apart by order: the
    /// second row with that name in a sheet is the second participant with
    /// it, as in the form tkm writes.
    pub fn participant_of(&self, r: &Attendance) -> Option<&Participant> {
        r.participant.and_then(|i| self.participants.get(i))
    }

    /// Builds the lookup behind [`Dataset::find_participant`] (the first
    /// participant in input order wins) and resolves every attendance row
    /// for [`Dataset::participant_of`].
    fn build_index(&mut self) {
        let mut index = Index::default();
        for (i, p) in self.participants.iter().enumerate() {
            let Some(kode) = &p.kode else { continue };
            if let Some(nik) = usable_nik(p.nik.as_ref()) {
                index
                    .by_nik
                    .entry((kode.clone(), nik.to_string()))
                    .or_insert(i);
            }
            if let Some(nama) = &p.nama {
                index
                    .by_name
                    .entry((kode.clone(), name_key(nama)))
                    .or_insert(i);
            }
        }
        self.index = index;

        let mut by_name: std::collections::HashMap<(&str, String), Vec<usize>> =
            std::collections::HashMap::new();
        for (i, p) in self.participants.iter().enumerate() {
            if let (Some(kode), Some(nama)) = (&p.kode, &p.nama) {
                by_name
                    .entry((kode.as_str(), name_key(nama)))
                    .or_default()
                    .push(i);
            }
        }
        // Participants already named by an earlier row of the same sheet.
        let mut claimed: std::collections::HashSet<(&str, &str, usize)> =
            std::collections::HashSet::new();
        let mut resolved: Vec<Option<usize>> = Vec::with_capacity(self.attendance.len());
        for r in &self.attendance {
            let sheet = (r.src.sheet.file.as_str(), r.src.sheet.name.as_str());
            let found = r.kode.as_deref().and_then(|kode| {
                if let Some(nik) = usable_nik(r.nik.as_ref())
                    && let Some(&i) = self.index.by_nik.get(&(kode.to_string(), nik.to_string()))
                {
                    return Some(i);
                }
                let candidates = by_name.get(&(kode, name_key(r.nama.as_deref()?)))?;
                // More rows than people of that name: the extra ones are
                // the first person again, reported as a duplicate.
                candidates
                    .iter()
                    .find(|i| !claimed.contains(&(sheet.0, sheet.1, **i)))
                    .or(candidates.first())
                    .copied()
            });
            if let Some(i) = found {
                claimed.insert((sheet.0, sheet.1, i));
            }
            resolved.push(found);
        }
        for (r, i) in self.attendance.iter_mut().zip(resolved) {
            r.participant = i;
        }
    }
}

/// Participants by (kode, NIK) and (kode, name key).
#[derive(Debug, Default)]
struct Index {
    by_nik: std::collections::HashMap<(String, String), usize>,
    by_name: std::collections::HashMap<(String, String), usize>,
}

/// A name as compared: letters and digits only, lower case.
pub fn name_key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A NIK worth comparing: 16 digits, not from a number cell (those lost
/// their last digits and would collide).
pub fn usable_nik(nik: Option<&Id>) -> Option<&str> {
    nik.filter(|n| !n.from_number && crate::ids::nik_problems(&n.digits).is_empty())
        .map(|n| n.digits.as_str())
}

/// A sheet whose kind and header have been recognised.
pub struct Recognised<'a> {
    pub sheet: &'a Sheet,
    pub header: &'a Header,
}

/// Builds the dataset from recognised sheets, in the order given (sorted
/// by file, then sheet order).
pub fn build(sheets: &[Recognised<'_>], findings: &mut Findings) -> Dataset {
    let mut data = Dataset::default();
    for r in sheets.iter().filter(|r| r.header.kind == Kind::Jadwal) {
        read_schedule(r, &mut data.activities, findings);
    }
    data.activities
        .sort_by(|a, b| (a.tanggal, &a.kode).cmp(&(b.tanggal, &b.kode)));
    let kodes: Vec<String> = data.activities.iter().map(|a| a.kode.clone()).collect();
    for r in sheets.iter().filter(|r| r.header.kind != Kind::Jadwal) {
        let default_kode = sheet_kode(r, &kodes, findings);
        for (src, row) in data_rows(r, findings) {
            match r.header.kind {
                Kind::Jadwal => {}
                Kind::Peserta => {
                    data.participants
                        .push(read_participant(src, &row, &default_kode, findings))
                }
                Kind::Kehadiran => {
                    data.attendance
                        .push(read_attendance(src, &row, &default_kode, findings))
                }
                Kind::Evaluasi => data.evaluations.push(read_evaluation(
                    r.header,
                    src,
                    &row,
                    &default_kode,
                    findings,
                )),
            }
        }
    }
    mark_five_point(&mut data.evaluations);
    data.build_index();
    data
}

/// The cells of one data row, by field.
pub struct Row<'a> {
    sheet: &'a Sheet,
    header: &'a Header,
    row: u32,
}

impl<'a> Row<'a> {
    pub fn get(&self, field: Field) -> &'a Cell {
        match self.header.col(field) {
            Some(col) => self.sheet.filled(self.row, col),
            None => &Cell::Empty,
        }
    }

    fn text(&self, field: Field) -> Option<String> {
        value::text(self.get(field))
    }

    /// The activity kode, compared case-insensitively: "tkm-2026-11-01 "
    /// and "TKM-2026-11-01" are the same activity.
    fn kode(&self) -> Option<String> {
        self.text(Field::Kode).map(|k| k.to_uppercase())
    }
}

/// The data rows of a sheet, skipping empty rows and total rows
/// ("Jumlah peserta: 30"); a skipped total row gets an info finding so that
/// nothing disappears silently.
fn data_rows<'a>(r: &Recognised<'a>, findings: &mut Findings) -> Vec<(Source, Row<'a>)> {
    let mut rows = Vec::new();
    let sheet_ref = Arc::new(SheetRef {
        file: r.sheet.file.clone(),
        name: r.sheet.name.clone(),
        columns: r.header.columns.clone(),
    });
    // Blank rows are only worth a note when data follows them.
    let mut blank_run: Option<(u32, u32, bool)> = None;
    for row in r.header.data_start..r.sheet.end_row() {
        let cells = Row {
            sheet: r.sheet,
            header: r.header,
            row,
        };
        let all: Vec<&Cell> = (r.sheet.start().1..r.sheet.end_col())
            .map(|c| r.sheet.get(row, c))
            .collect();
        let used: Vec<&Cell> = all.iter().copied().filter(|c| !c.is_empty()).collect();
        if used.is_empty() {
            let spaces = all
                .iter()
                .any(|c| matches!(c, Cell::Text(t) if !t.is_empty()));
            blank_run = Some(match blank_run {
                Some((first, _, s)) => (first, row, s || spaces),
                None => (row, row, spaces),
            });
            continue;
        }
        let src = Source {
            sheet: sheet_ref.clone(),
            row,
        };
        if is_total_row(&cells, &used) {
            // Blank rows before a total row are layout, not a gap.
            blank_run = None;
            findings.push(Finding::info(
                "BARIS_JUMLAH",
                src.row_location(),
                "baris jumlah/total di bawah tabel tidak dibaca sebagai data",
            ));
            continue;
        }
        if let Some((first, last, spaces)) = blank_run.take() {
            let what = if first == last {
                format!("baris {} kosong", first + 1)
            } else {
                format!("baris {}–{} kosong", first + 1, last + 1)
            };
            let spaces = if spaces { " (berisi spasi saja)" } else { "" };
            findings.push(Finding::info(
                "BARIS_KOSONG",
                Location::sheet(&r.sheet.file, &r.sheet.name).at_row(first),
                format!("{what}{spaces} di tengah tabel; dilewati, data di bawahnya tetap dibaca"),
            ));
        }
        rows.push((src, cells));
    }
    rows
}

/// A "Jumlah peserta: 30" row below the table: no name, no ID, and a cell
/// starting with jumlah/total.
fn is_total_row(row: &Row<'_>, used: &[&Cell]) -> bool {
    let has_identity = [Field::Nama, Field::Nik, Field::Kode, Field::Acara]
        .iter()
        .any(|f| !row.get(*f).is_empty() && !looks_like_total(row.get(*f)));
    !has_identity && used.iter().any(|c| looks_like_total(c))
}

fn looks_like_total(cell: &Cell) -> bool {
    let t = cell.text().trim().to_lowercase();
    t.starts_with("jumlah") || t.starts_with("total") || t.starts_with("jml")
}

/// The kode for rows of a sheet without a kode column (or with the kode
/// cell left empty): a kode in the file's path, else the only activity.
/// `None` when neither decides; rows then stay unassigned and a finding
/// names the choices.
fn sheet_kode(r: &Recognised<'_>, kodes: &[String], findings: &mut Findings) -> Option<String> {
    if r.header.kind == Kind::Jadwal {
        return None;
    }
    let path = r.sheet.file.to_uppercase();
    let in_path: Vec<&String> = kodes
        .iter()
        .filter(|k| path.contains(&k.to_uppercase()))
        .collect();
    if let [only] = in_path.as_slice() {
        return Some((*only).clone());
    }
    if let [only] = kodes {
        return Some(only.clone());
    }
    if !r.header.has(Field::Kode) {
        let choices = if kodes.is_empty() {
            "belum ada kegiatan di jadwal".to_string()
        } else {
            format!("ada {} kegiatan: {}", kodes.len(), kodes.join(", "))
        };
        findings.push(
            Finding::error(
                "KODE_TIDAK_ADA",
                r.sheet.location(),
                format!(
                    "sheet {} tanpa kolom Kode Kegiatan, dan kegiatannya tidak dapat ditentukan ({choices})",
                    r.header.kind.label()
                ),
            )
            .step(4)
            .hint("Tambahkan kolom \"Kode Kegiatan\", atau cantumkan kode kegiatan di nama berkas.")
            .holds_back("dokumen untuk baris-baris sheet ini"),
        );
    }
    None
}

fn read_schedule(r: &Recognised<'_>, activities: &mut Vec<Activity>, findings: &mut Findings) {
    for (src, row) in data_rows(r, findings) {
        let Some(kode) = row.kode() else {
            findings.push(
                Finding::error(
                    "JADWAL_TANPA_KODE",
                    src.cell(Field::Kode),
                    "baris jadwal tanpa Kode Kegiatan; baris ini tidak dipakai",
                )
                .step(2)
                .hint("Isi kolom Kode Kegiatan, misalnya TKM-2026-11-01."),
            );
            continue;
        };
        let date = parse_cell(
            value::date(row.get(Field::Tanggal)),
            &src,
            Field::Tanggal,
            2,
            findings,
        );
        if let Some(d) = date
            && let Some((written, actual)) = value::wrong_day_name(row.get(Field::Tanggal), d)
        {
            findings.push(
                Finding::warning(
                    "NAMA_HARI_SALAH",
                    src.cell(Field::Tanggal),
                    format!(
                        "tertulis {written}, padahal {} jatuh pada hari {actual}; dokumen memakai {actual}",
                        crate::indo::date_long(d)
                    ),
                )
                .step(2)
                .hint("Periksa tanggal kegiatan: hari atau tanggalnya yang salah?"),
            );
        }
        let (mut mulai, mut selesai) = (
            parse_cell(
                value::time(row.get(Field::JamMulai)),
                &src,
                Field::JamMulai,
                2,
                findings,
            ),
            parse_cell(
                value::time(row.get(Field::JamSelesai)),
                &src,
                Field::JamSelesai,
                2,
                findings,
            ),
        );
        if let Some((a, b)) = parse_cell(
            value::time_range(row.get(Field::Jam)),
            &src,
            Field::Jam,
            2,
            findings,
        ) {
            mulai = mulai.or(Some(a));
            selesai = selesai.or(b);
        }
        let idx = match activities.iter().position(|a| a.kode == kode) {
            Some(i) => i,
            None => {
                activities.push(Activity {
                    kode: kode.clone(),
                    jenis: String::new(),
                    tanggal: None,
                    mulai: None,
                    selesai: None,
                    tempat: String::new(),
                    alamat_tempat: String::new(),
                    luas_m2: None,
                    kapasitas: None,
                    cuci_tangan: None,
                    petunjuk_arah: None,
                    pengantar_kerja: String::new(),
                    nip_pengantar_kerja: None,
                    agenda: Vec::new(),
                });
                activities.len() - 1
            }
        };
        let a = &mut activities[idx];
        let fill = |slot: &mut String, v: Option<String>| {
            if slot.is_empty()
                && let Some(v) = v
            {
                *slot = v;
            }
        };
        fill(&mut a.jenis, row.text(Field::JenisKegiatan));
        fill(&mut a.tempat, row.text(Field::Tempat));
        fill(&mut a.alamat_tempat, row.text(Field::AlamatTempat));
        fill(&mut a.pengantar_kerja, row.text(Field::PengantarKerja));
        if a.tanggal.is_none() {
            a.tanggal = date;
        }
        if let Some(m) = mulai {
            a.mulai = Some(a.mulai.map_or(m, |x| x.min(m)));
        }
        if let Some(s) = selesai.or(mulai) {
            a.selesai = Some(a.selesai.map_or(s, |x| x.max(s)));
        }
        if a.luas_m2.is_none() {
            a.luas_m2 = parse_cell(
                value::number(row.get(Field::LuasRuangan)),
                &src,
                Field::LuasRuangan,
                3,
                findings,
            );
        }
        if a.kapasitas.is_none() {
            a.kapasitas = parse_cell(
                value::number(row.get(Field::Kapasitas)),
                &src,
                Field::Kapasitas,
                3,
                findings,
            )
            .filter(|k| *k >= 0.0)
            .map(|k| k as u32);
        }
        if a.cuci_tangan.is_none() {
            a.cuci_tangan = parse_cell(
                value::yes_no(row.get(Field::SaranaCuciTangan)),
                &src,
                Field::SaranaCuciTangan,
                3,
                findings,
            );
        }
        if a.petunjuk_arah.is_none() {
            a.petunjuk_arah = parse_cell(
                value::yes_no(row.get(Field::PetunjukArah)),
                &src,
                Field::PetunjukArah,
                3,
                findings,
            );
        }
        if a.nip_pengantar_kerja.is_none() {
            a.nip_pengantar_kerja = value::id(row.get(Field::NipPengantarKerja));
        }
        a.agenda.push(AgendaItem {
            tanggal: date,
            mulai,
            selesai,
            acara: row.text(Field::Acara).unwrap_or_default(),
            narasumber: row.text(Field::Narasumber).unwrap_or_default(),
            src,
        });
    }
}

/// Records a parse failure as a finding at the cell and yields the value.
fn parse_cell<T>(
    result: value::ParseResult<T>,
    src: &Source,
    field: Field,
    step: u8,
    findings: &mut Findings,
) -> Option<T> {
    match result {
        Ok(v) => v,
        Err(message) => {
            findings.push(
                Finding::error(
                    "NILAI_TIDAK_TERBACA",
                    src.cell(field),
                    format!("kolom {}: {message}", field.label()),
                )
                .step(step)
                .hint(hint_for(field)),
            );
            None
        }
    }
}

fn hint_for(field: Field) -> &'static str {
    match field {
        Field::Tanggal | Field::TanggalLahir => {
            "Tulis tanggal seperti 17/11/2026 atau 17 November 2026, atau format sel sebagai Tanggal."
        }
        Field::JamMulai | Field::JamSelesai | Field::Jam => "Tulis jam seperti 08.00 atau 08:00.",
        Field::JenisKelamin => "Isi L atau P.",
        Field::Suhu | Field::SuhuUlang | Field::LuasRuangan | Field::Kapasitas => {
            "Isi angka saja, misalnya 36,5."
        }
        _ => "Periksa isi sel ini.",
    }
}

/// The row's own kode, else the sheet's default.
fn row_kode(row: &Row<'_>, default: &Option<String>) -> Option<String> {
    row.kode().or_else(|| default.clone())
}

fn read_participant(
    src: Source,
    row: &Row<'_>,
    default_kode: &Option<String>,
    findings: &mut Findings,
) -> Participant {
    let mut jk = match value::sex(row.get(Field::JenisKelamin)) {
        Ok(v) => v,
        Err(message) => {
            findings.push(
                Finding::warning(
                    "JK_TIDAK_DIKENAL",
                    src.cell(Field::JenisKelamin),
                    format!("kolom {}: {message}", Field::JenisKelamin.label()),
                )
                .step(4)
                .hint(hint_for(Field::JenisKelamin)),
            );
            None
        }
    };
    if jk.is_none() && (row.header.has(Field::JkLaki) || row.header.has(Field::JkPerempuan)) {
        let l = !row.get(Field::JkLaki).is_empty();
        let p = !row.get(Field::JkPerempuan).is_empty();
        jk = match (l, p) {
            (true, false) => Some(Sex::L),
            (false, true) => Some(Sex::P),
            (true, true) => {
                findings.push(
                    Finding::warning(
                        "JK_GANDA",
                        src.cell(Field::JkLaki),
                        "kolom L dan P sama-sama ditandai",
                    )
                    .step(4)
                    .hint("Tandai satu kolom saja: L atau P."),
                );
                None
            }
            (false, false) => None,
        };
    }
    let (mut tempat_lahir, mut tanggal_lahir) =
        (row.text(Field::TempatLahir).unwrap_or_default(), None);
    if let Some(ttl) = row.text(Field::TempatTanggalLahir) {
        // "Medan, 21-01-1970": the place is before the last comma.
        let (place, date) = match ttl.rsplit_once(',') {
            Some((place, date)) => (place.trim().to_string(), date.trim().to_string()),
            None => (String::new(), ttl.clone()),
        };
        if tempat_lahir.is_empty() {
            tempat_lahir = place;
        }
        tanggal_lahir = parse_cell(
            value::date(&Cell::Text(date)),
            &src,
            Field::TempatTanggalLahir,
            4,
            findings,
        );
    }
    if row.header.has(Field::TanggalLahir) {
        tanggal_lahir = parse_cell(
            value::date(row.get(Field::TanggalLahir)),
            &src,
            Field::TanggalLahir,
            4,
            findings,
        )
        .or(tanggal_lahir);
    }
    Participant {
        nama: name(row.get(Field::Nama)),
        nama_error: match row.get(Field::Nama) {
            Cell::Error(e) => Some(e.clone()),
            _ => None,
        },
        nik: value::id(row.get(Field::Nik)),
        jenis_kelamin: jk,
        tempat_lahir,
        tanggal_lahir,
        alamat: row.text(Field::Alamat).unwrap_or_default(),
        desa: row.text(Field::Desa).unwrap_or_default(),
        kecamatan: row.text(Field::Kecamatan).unwrap_or_default(),
        no_hp: value::id(row.get(Field::NoHp)),
        pendidikan: row.text(Field::Pendidikan).unwrap_or_default(),
        jenis_usaha: row.text(Field::JenisUsaha).unwrap_or_default(),
        kelompok: row.text(Field::Kelompok).unwrap_or_default(),
        email: row.text(Field::Email).unwrap_or_default(),
        kode: row_kode(row, default_kode),
        src,
    }
}

/// A person's name, or `None` when the cell is empty or holds an error
/// value (a name typed as a formula shows `#NAME?`).
fn name(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Error(_) => None,
        other => value::text(other),
    }
}

fn read_attendance(
    src: Source,
    row: &Row<'_>,
    default_kode: &Option<String>,
    findings: &mut Findings,
) -> Attendance {
    Attendance {
        kode: row_kode(row, default_kode),
        nik: value::id(row.get(Field::Nik)),
        nama: name(row.get(Field::Nama)),
        hadir: parse_cell(
            value::yes_no(row.get(Field::Hadir)),
            &src,
            Field::Hadir,
            7,
            findings,
        ),
        suhu: parse_cell(
            value::number(row.get(Field::Suhu)),
            &src,
            Field::Suhu,
            7,
            findings,
        ),
        suhu_ulang: parse_cell(
            value::number(row.get(Field::SuhuUlang)),
            &src,
            Field::SuhuUlang,
            7,
            findings,
        ),
        masker: parse_cell(
            value::yes_no(row.get(Field::Masker)),
            &src,
            Field::Masker,
            7,
            findings,
        ),
        ctps: parse_cell(
            value::yes_no(row.get(Field::Ctps)),
            &src,
            Field::Ctps,
            7,
            findings,
        ),
        src,
        participant: None,
    }
}

fn read_evaluation(
    header: &Header,
    src: Source,
    row: &Row<'_>,
    default_kode: &Option<String>,
    findings: &mut Findings,
) -> Evaluation {
    let scores = header
        .items
        .iter()
        .map(|(label, col)| {
            let cell = row.sheet.filled(row.row, *col);
            let score = match value::number(cell) {
                Ok(v) => v,
                Err(message) => {
                    findings.push(
                        Finding::error(
                            "NILAI_TIDAK_TERBACA",
                            Location::sheet(&src.sheet.file, &src.sheet.name)
                                .at_cell(src.row, *col),
                            format!("butir \"{label}\": {message}"),
                        )
                        .step(8)
                        .hint("Isi nilai dengan angka skala (1–4)."),
                    );
                    None
                }
            };
            (label.clone(), score)
        })
        .collect();
    Evaluation {
        kode: row_kode(row, default_kode),
        nik: value::id(row.get(Field::Nik)),
        nama: name(row.get(Field::Nama)),
        scores,
        item_cols: header.items.iter().map(|(_, col)| *col).collect(),
        saran: row.text(Field::Saran).unwrap_or_default(),
        src,
        five_point: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn activity(luas: Option<f64>, mulai: (u32, u32), selesai: (u32, u32)) -> Activity {
        Activity {
            kode: "TKM-1".into(),
            jenis: String::new(),
            tanggal: None,
            mulai: NaiveTime::from_hms_opt(mulai.0, mulai.1, 0),
            selesai: NaiveTime::from_hms_opt(selesai.0, selesai.1, 0),
            tempat: String::new(),
            alamat_tempat: String::new(),
            luas_m2: luas,
            kapasitas: None,
            cuci_tangan: None,
            petunjuk_arah: None,
            pengantar_kerja: String::new(),
            nip_pengantar_kerja: None,
            agenda: Vec::new(),
        }
    }

    #[test]
    fn a_45_square_metre_room_holds_20_at_one_and_a_half_metres() {
        let cfg = Config::default();
        let a = activity(Some(45.0), (9, 0), (12, 15));
        assert_eq!(a.room_capacity(&cfg), Some(20));
        let sessions = plan_sessions(&a, 25, &cfg);
        assert_eq!(sessions.len(), 2);
        assert_eq!(sessions[0].members, 0..13);
        assert_eq!(sessions[1].members, 13..25);
        assert_eq!(sessions[0].mulai, NaiveTime::from_hms_opt(9, 0, 0));
        // 195 minutes plus a 30-minute break.
        assert_eq!(sessions[1].mulai, NaiveTime::from_hms_opt(12, 45, 0));
        assert_eq!(sessions[1].selesai, NaiveTime::from_hms_opt(16, 0, 0));
    }

    #[test]
    fn a_big_room_needs_one_session() {
        let cfg = Config::default();
        let a = activity(Some(120.0), (8, 0), (11, 15));
        assert_eq!(a.room_capacity(&cfg), Some(53));
        let sessions = plan_sessions(&a, 30, &cfg);
        assert_eq!(sessions.len(), 1);
        assert_eq!(sessions[0].members, 0..30);
        assert!(plan_sessions(&activity(None, (8, 0), (9, 0)), 0, &cfg).len() == 1);
    }
}
