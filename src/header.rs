//! Finding the header row and recognising what kind of sheet it is.
//!
//! Staff sheets start with title rows ("DAFTAR CALON PESERTA …"), merged
//! title cells and sometimes two-row headers ("Jenis Kelamin" merged over
//! "L" | "P"). The header is searched in the first 20 rows; each candidate
//! row is matched against the known column names of every sheet kind, and
//! the row and kind that recognise the most columns win. Matching ignores
//! case, spaces, non-breaking spaces and punctuation.

use crate::ingest::{Cell, Sheet};
use crate::value;

/// How many rows from the top the header may sit in.
pub const HEADER_SEARCH_ROWS: u32 = 20;

/// What a sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum Kind {
    Jadwal,
    Peserta,
    Kehadiran,
    Evaluasi,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Jadwal => "jadwal",
            Kind::Peserta => "peserta",
            Kind::Kehadiran => "kehadiran",
            Kind::Evaluasi => "evaluasi",
        }
    }
}

/// A column the software understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    No,
    Kode,
    // peserta
    Nama,
    Nik,
    JenisKelamin,
    /// One of two columns "L" and "P" holding a mark.
    JkLaki,
    JkPerempuan,
    TempatLahir,
    TanggalLahir,
    /// "Tempat, Tgl Lahir" in one column.
    TempatTanggalLahir,
    Alamat,
    Desa,
    Kecamatan,
    NoHp,
    Pendidikan,
    JenisUsaha,
    Kelompok,
    Email,
    Keterangan,
    // jadwal
    JenisKegiatan,
    Tanggal,
    JamMulai,
    JamSelesai,
    /// "08.00 - 09.00" in one column.
    Jam,
    Acara,
    Narasumber,
    Tempat,
    AlamatTempat,
    LuasRuangan,
    Kapasitas,
    SaranaCuciTangan,
    PetunjukArah,
    PengantarKerja,
    NipPengantarKerja,
    Sesi,
    // kehadiran
    Hadir,
    Suhu,
    SuhuUlang,
    Masker,
    Ctps,
    // evaluasi
    Saran,
}

impl Field {
    /// The column name staff would recognise, for messages.
    pub fn label(self) -> &'static str {
        use Field::*;
        match self {
            No => "No",
            Kode => "Kode Kegiatan",
            Nama => "Nama",
            Nik => "NIK",
            JenisKelamin => "Jenis Kelamin (L/P)",
            JkLaki => "L",
            JkPerempuan => "P",
            TempatLahir => "Tempat Lahir",
            TanggalLahir => "Tanggal Lahir",
            TempatTanggalLahir => "Tempat, Tgl Lahir",
            Alamat => "Alamat",
            Desa => "Desa/Kelurahan",
            Kecamatan => "Kecamatan",
            NoHp => "No. HP",
            Pendidikan => "Pendidikan",
            JenisUsaha => "Jenis Usaha",
            Kelompok => "Kelompok",
            Email => "Email",
            Keterangan => "Keterangan",
            JenisKegiatan => "Jenis Kegiatan",
            Tanggal => "Hari/Tanggal",
            JamMulai => "Jam Mulai",
            JamSelesai => "Jam Selesai",
            Jam => "Jam",
            Acara => "Acara/Materi",
            Narasumber => "Narasumber",
            Tempat => "Tempat",
            AlamatTempat => "Alamat Tempat",
            LuasRuangan => "Luas Ruangan (m2)",
            Kapasitas => "Kapasitas",
            SaranaCuciTangan => "Sarana Cuci Tangan",
            PetunjukArah => "Petunjuk Arah CTPS",
            PengantarKerja => "Pengantar Kerja",
            NipPengantarKerja => "NIP Pengantar Kerja",
            Sesi => "Sesi",
            Hadir => "Hadir",
            Suhu => "Suhu (°C)",
            SuhuUlang => "Suhu Ulang (°C)",
            Masker => "Masker",
            Ctps => "CTPS",
            Saran => "Saran",
        }
    }
}

/// Header text reduced to lowercase letters and digits, so that
/// "No. KTP / NIK", "NO KTP/NIK" and "no_ktp_nik" all read `noktpnik`.
pub fn normalize(label: &str) -> String {
    label
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Column names each kind knows, normalised.
fn aliases(kind: Kind) -> &'static [(Field, &'static [&'static str])] {
    use Field::*;
    const COMMON: &[(Field, &[&str])] = &[
        (No, &["no", "nomor", "nourut", "nomorurut"]),
        (Kode, &["kode", "kodekegiatan", "kodeacara", "idkegiatan"]),
    ];
    const PERSON: &[(Field, &[&str])] = &[
        (
            Nama,
            &[
                "nama",
                "namalengkap",
                "namapeserta",
                "namacalonpeserta",
                "namatenagakerja",
            ],
        ),
        (
            Nik,
            &[
                "nik",
                "noktp",
                "noktpnik",
                "niknoktp",
                "nomorktp",
                "nomornik",
                "nonik",
                "nomorindukkependudukan",
                "niknomorindukkependudukan",
                "ktp",
            ],
        ),
    ];
    const PESERTA: &[(Field, &[&str])] = &[
        (
            JenisKelamin,
            &[
                "lp",
                "jk",
                "jeniskelamin",
                "kelamin",
                "jeniskelaminlp",
                "sex",
            ],
        ),
        (JkLaki, &["l", "lk", "lakilaki", "pria"]),
        (JkPerempuan, &["p", "pr", "perempuan", "wanita"]),
        (TempatLahir, &["tempatlahir", "tmplahir", "tmptlahir"]),
        (
            TanggalLahir,
            &[
                "tanggallahir",
                "tgllahir",
                "tgllhr",
                "tanggallhr",
                "tgllahirddmmyyyy",
            ],
        ),
        (
            TempatTanggalLahir,
            &[
                "ttl",
                "tempattgllahir",
                "tempattanggallahir",
                "tempatdantanggallahir",
                "tmptgllahir",
            ],
        ),
        (
            Alamat,
            &["alamat", "alamatlengkap", "alamatrumah", "alamatdomisili"],
        ),
        (
            Desa,
            &[
                "desa",
                "kelurahan",
                "desakel",
                "desakelurahan",
                "kel",
                "deskel",
            ],
        ),
        (Kecamatan, &["kecamatan", "kec"]),
        (
            NoHp,
            &[
                "nohp",
                "hp",
                "nohpwa",
                "telepon",
                "notelp",
                "notelepon",
                "nomorhp",
                "nowa",
                "nomorwa",
                "nohandphone",
                "telp",
                "tlp",
                "notlp",
                "whatsapp",
                "nomorhpwa",
                "wa",
                "nohpwhatsapp",
                "kontak",
            ],
        ),
        (
            Pendidikan,
            &["pendidikan", "pendidikanterakhir", "ijazahterakhir"],
        ),
        (
            JenisUsaha,
            &[
                "jenisusaha",
                "usahayangdijalankan",
                "usaha",
                "bidangusaha",
                "namausaha",
            ],
        ),
        (
            Kelompok,
            &["kelompok", "namakelompok", "kub", "kelompokusaha"],
        ),
        (Email, &["email", "surel", "alamatemail", "posel"]),
        (Keterangan, &["keterangan", "ket"]),
    ];
    const JADWAL: &[(Field, &[&str])] = &[
        (
            JenisKegiatan,
            &["jeniskegiatan", "namakegiatan", "kegiatan", "jenis"],
        ),
        (
            Tanggal,
            &[
                "tanggal",
                "haritanggal",
                "tgl",
                "tanggalkegiatan",
                "haritgl",
                "tanggalpelaksanaan",
            ],
        ),
        (JamMulai, &["jammulai", "mulai", "pukulmulai", "waktumulai"]),
        (
            JamSelesai,
            &[
                "jamselesai",
                "selesai",
                "pukulselesai",
                "waktuselesai",
                "sampai",
            ],
        ),
        (Jam, &["jam", "waktu", "pukul"]),
        (
            Acara,
            &[
                "acara",
                "materi",
                "acaramateri",
                "agenda",
                "uraian",
                "uraiankegiatan",
                "susunanacara",
            ],
        ),
        (
            Narasumber,
            &[
                "narasumber",
                "pemateri",
                "pembicara",
                "fasilitator",
                "penyaji",
            ],
        ),
        (
            Tempat,
            &[
                "tempat",
                "lokasi",
                "tempatkegiatan",
                "tempatpelaksanaan",
                "ruangan",
            ],
        ),
        (AlamatTempat, &["alamattempat", "alamatlokasi", "alamat"]),
        (
            LuasRuangan,
            &[
                "luasruanganm2",
                "luasruangan",
                "luasm2",
                "luas",
                "luasruang",
            ],
        ),
        (Kapasitas, &["kapasitas", "kapasitasruangan", "dayatampung"]),
        (
            SaranaCuciTangan,
            &[
                "saranacucitangan",
                "cucitangan",
                "tempatcucitangan",
                "saranactps",
                "ctps",
            ],
        ),
        (
            PetunjukArah,
            &[
                "petunjukarahctps",
                "petunjukarah",
                "petunjukarahcucitangan",
                "petunjukarahsaranacucitangan",
            ],
        ),
        (
            PengantarKerja,
            &[
                "pengantarkerja",
                "petugas",
                "namapengantarkerja",
                "pendamping",
            ],
        ),
        (
            NipPengantarKerja,
            &["nippengantarkerja", "nip", "nippetugas"],
        ),
        (Sesi, &["sesi"]),
    ];
    const KEHADIRAN: &[(Field, &[&str])] = &[
        (
            Hadir,
            &[
                "hadir",
                "kehadiran",
                "statuskehadiran",
                "statushadir",
                "hadirtidak",
                "hadirya",
            ],
        ),
        (
            Suhu,
            &[
                "suhu",
                "suhuc",
                "suhutubuh",
                "suhutubuhc",
                "suhu1",
                "suhupertama",
                "suhu1c",
            ],
        ),
        (
            SuhuUlang,
            &[
                "suhu2",
                "suhukedua",
                "suhuulang",
                "suhuulangc",
                "suhu2c",
                "pengukuranulang",
            ],
        ),
        (Masker, &["masker", "pakaimasker", "memakaimasker"]),
        (Ctps, &["ctps", "cucitangan", "cucitanganpakaisabun"]),
        (Keterangan, &["keterangan", "ket"]),
        (Sesi, &["sesi"]),
    ];
    const EVALUASI: &[(Field, &[&str])] = &[(
        Saran,
        &[
            "saran",
            "sarandanmasukan",
            "saranmasukan",
            "kritikdansaran",
            "kritiksaran",
            "komentar",
            "masukan",
        ],
    )];
    // Each kind's table is the concatenation; kept as statics so that
    // lookups allocate nothing.
    static PESERTA_ALL: std::sync::LazyLock<Vec<(Field, &'static [&'static str])>> =
        std::sync::LazyLock::new(|| [COMMON, PERSON, PESERTA].concat());
    static JADWAL_ALL: std::sync::LazyLock<Vec<(Field, &'static [&'static str])>> =
        std::sync::LazyLock::new(|| [COMMON, JADWAL].concat());
    static KEHADIRAN_ALL: std::sync::LazyLock<Vec<(Field, &'static [&'static str])>> =
        std::sync::LazyLock::new(|| [COMMON, PERSON, KEHADIRAN].concat());
    static EVALUASI_ALL: std::sync::LazyLock<Vec<(Field, &'static [&'static str])>> =
        std::sync::LazyLock::new(|| [COMMON, PERSON, EVALUASI].concat());
    match kind {
        Kind::Peserta => &PESERTA_ALL,
        Kind::Jadwal => &JADWAL_ALL,
        Kind::Kehadiran => &KEHADIRAN_ALL,
        Kind::Evaluasi => &EVALUASI_ALL,
    }
}

fn match_field(kind: Kind, key: &str) -> Option<Field> {
    if key.is_empty() {
        return None;
    }
    aliases(kind)
        .iter()
        .find(|(_, names)| names.contains(&key))
        .map(|(field, _)| *field)
}

/// A recognised header: which kind, where, and which column holds what.
#[derive(Debug, Clone)]
pub struct Header {
    pub kind: Kind,
    /// Absolute 0-based row of the (last) header row.
    pub row: u32,
    /// Absolute 0-based row where data starts.
    pub data_start: u32,
    pub columns: Vec<(Field, u32)>,
    /// Evaluation items: (column label, column), for `Kind::Evaluasi`.
    pub items: Vec<(String, u32)>,
    /// Columns with a label that no field matched, for the info line.
    pub unknown: Vec<(String, u32)>,
}

impl Header {
    pub fn col(&self, field: Field) -> Option<u32> {
        self.columns
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, c)| *c)
    }

    pub fn has(&self, field: Field) -> bool {
        self.col(field).is_some()
    }
}

/// One column's label as read from one or two header rows.
#[derive(Debug, Clone)]
struct Label {
    col: u32,
    /// The group label above ("Jenis Kelamin") when a sub-row exists.
    group: Option<String>,
    text: String,
}

/// Reads the labels of row `r`, plus the sub-row `r + 1` when it is one.
/// Returns the labels and whether a sub-row was used.
fn labels_at(sheet: &Sheet, r: u32) -> (Vec<Label>, bool) {
    let end_col = sheet.end_col();
    let top: Vec<Option<String>> = (0..end_col).map(|c| header_text(sheet, r, c)).collect();
    let sub_row = is_sub_row(sheet, r, &top);
    let mut labels = Vec::new();
    let mut group: Option<String> = None;
    for c in 0..end_col {
        let top_text = top.get(c as usize).cloned().flatten();
        let sub_text = if sub_row {
            header_text(sheet, r + 1, c)
        } else {
            None
        };
        match (top_text, sub_text) {
            (Some(t), Some(s)) => {
                group = Some(t.clone());
                labels.push(Label {
                    col: c,
                    group: Some(t),
                    text: s,
                });
            }
            (None, Some(s)) => labels.push(Label {
                col: c,
                group: group.clone(),
                text: s,
            }),
            (Some(t), None) => {
                group = None;
                labels.push(Label {
                    col: c,
                    group: None,
                    text: t,
                });
            }
            (None, None) => group = None,
        }
    }
    (labels, sub_row)
}

/// The text of a header cell; a horizontally merged header cell counts for
/// every column it spans.
fn header_text(sheet: &Sheet, r: u32, c: u32) -> Option<String> {
    let cell = match sheet.merge_at(r, c) {
        Some(m) if m.first_row == r => sheet.get(m.first_row, m.first_col),
        Some(_) => &Cell::Empty,
        None => sheet.get(r, c),
    };
    match cell {
        Cell::Text(_) | Cell::Number(_) => value::text(cell),
        _ => None,
    }
}

/// Whether row `r + 1` is the lower half of a two-row header: every cell in
/// it is short text, and at least one stands under a gap or a horizontally
/// merged cell of row `r` (the "L" | "P" under "Jenis Kelamin").
fn is_sub_row(sheet: &Sheet, r: u32, top: &[Option<String>]) -> bool {
    let next = r + 1;
    if next >= sheet.end_row() {
        return false;
    }
    let mut under_group = false;
    let mut any = false;
    for c in sheet.start().1..sheet.end_col() {
        let cell = sheet.get(next, c);
        if cell.is_empty() {
            continue;
        }
        any = true;
        let Cell::Text(s) = cell else {
            return false;
        };
        if s.chars().count() > 40 {
            return false;
        }
        let top_here = top.get(c as usize).cloned().flatten();
        let merged_across = sheet
            .merge_at(r, c)
            .is_some_and(|m| m.first_row == r && m.last_col > m.first_col);
        let gap = sheet.get(r, c).is_empty() && top_here.is_none();
        let known_group = top_here.as_deref().map(normalize).is_some_and(|k| {
            matches!(
                match_field(Kind::Peserta, &k),
                Some(Field::JenisKelamin | Field::TempatTanggalLahir)
            )
        });
        if merged_across || gap || known_group {
            under_group = true;
        } else {
            return false;
        }
    }
    any && under_group
}

/// The field a label names, using its group when the label alone is
/// ambiguous ("L" under "Jenis Kelamin", "Tanggal" under "Tempat, Tgl Lahir").
fn field_for(kind: Kind, label: &Label) -> Option<Field> {
    let key = normalize(&label.text);
    if let Some(group) = &label.group {
        let g = normalize(group);
        match match_field(Kind::Peserta, &g) {
            Some(Field::JenisKelamin) if kind == Kind::Peserta => {
                return match match_field(Kind::Peserta, &key) {
                    Some(Field::JkLaki) => Some(Field::JkLaki),
                    Some(Field::JkPerempuan) => Some(Field::JkPerempuan),
                    _ => None,
                };
            }
            Some(Field::TempatTanggalLahir) if kind == Kind::Peserta => {
                if key.starts_with("tempat") || key.starts_with("tmp") {
                    return Some(Field::TempatLahir);
                }
                if key.starts_with("tanggal") || key.starts_with("tgl") {
                    return Some(Field::TanggalLahir);
                }
            }
            _ => {}
        }
        if let Some(f) = match_field(kind, &format!("{g}{key}")) {
            return Some(f);
        }
    }
    match_field(kind, &key)
}

/// Fields that mark a participant sheet apart from an evaluation sheet.
const PESERTA_ONLY: &[Field] = &[
    Field::JenisKelamin,
    Field::JkLaki,
    Field::JkPerempuan,
    Field::TempatLahir,
    Field::TanggalLahir,
    Field::TempatTanggalLahir,
    Field::Alamat,
    Field::Desa,
    Field::Kecamatan,
    Field::NoHp,
    Field::Pendidikan,
    Field::JenisUsaha,
    Field::Kelompok,
];

struct Candidate {
    header: Header,
    score: usize,
}

/// A column name close to a known one ("NIIK", "NAMA LENKGAP",
/// "Kode Kegiataan"): the known name, when there is exactly one nearest.
pub fn suggest(label: &str) -> Option<&'static str> {
    let key = normalize(label);
    if key.chars().count() < 3 {
        return None;
    }
    let limit = (key.chars().count() / 6).clamp(1, 3);
    let mut best: Option<(usize, &'static str)> = None;
    let mut tie = false;
    for kind in KINDS {
        for (field, names) in aliases(kind) {
            for name in names.iter().filter(|n| n.chars().count() >= 3) {
                let d = strsim::damerau_levenshtein(&key, name);
                if d == 0 || d > limit {
                    continue;
                }
                let label = field.label();
                match best {
                    Some((bd, bl)) if d == bd && bl != label => tie = true,
                    Some((bd, _)) if d >= bd => {}
                    _ => {
                        best = Some((d, label));
                        tie = false;
                    }
                }
            }
        }
    }
    best.filter(|_| !tie).map(|(_, label)| label)
}

/// Column labels in the first 20 rows that are close to a known name, from
/// the row with the most of them: for a sheet that was not recognised, or
/// for the unknown columns of one that was. (row, col, label, suggestion).
pub fn near_misses(sheet: &Sheet, only_row: Option<u32>) -> Vec<(u32, u32, String, &'static str)> {
    let first = sheet.start().0;
    let rows = match only_row {
        Some(r) => r..r + 1,
        None => first..(first + HEADER_SEARCH_ROWS).min(sheet.end_row()),
    };
    let mut best: Vec<(u32, u32, String, &'static str)> = Vec::new();
    for r in rows {
        let found: Vec<_> = (sheet.start().1..sheet.end_col())
            .filter_map(|c| {
                let Cell::Text(t) = sheet.get(r, c) else {
                    return None;
                };
                let t = value::clean_text(t);
                if t.chars().count() > 40
                    || KINDS
                        .iter()
                        .any(|k| match_field(*k, &normalize(&t)).is_some())
                {
                    return None;
                }
                suggest(&t).map(|s| (r, c, t, s))
            })
            .collect();
        if found.len() > best.len() {
            best = found;
        }
    }
    best
}

const KINDS: [Kind; 4] = [Kind::Jadwal, Kind::Peserta, Kind::Kehadiran, Kind::Evaluasi];

/// Recognises the sheet's kind and header, or `None` when no row in the
/// first 20 looks like a header of any kind.
pub fn detect(sheet: &Sheet) -> Option<Header> {
    // Calamine drops leading empty rows, so the search starts at the first
    // row with content and covers the 20 rows Excel shows from there.
    let first = sheet.start().0;
    let mut best: Option<Candidate> = None;
    for r in first..(first + HEADER_SEARCH_ROWS).min(sheet.end_row()) {
        let (labels, sub_row) = labels_at(sheet, r);
        if labels.len() < 2 {
            continue;
        }
        for kind in [Kind::Jadwal, Kind::Kehadiran, Kind::Peserta, Kind::Evaluasi] {
            if let Some(c) = candidate(sheet, kind, r, sub_row, &labels)
                && best.as_ref().is_none_or(|b| c.score > b.score)
            {
                best = Some(c);
            }
        }
    }
    best.map(|c| c.header)
}

fn candidate(
    sheet: &Sheet,
    kind: Kind,
    r: u32,
    sub_row: bool,
    labels: &[Label],
) -> Option<Candidate> {
    let mut columns: Vec<(Field, u32)> = Vec::new();
    let mut unknown = Vec::new();
    for label in labels {
        match field_for(kind, label) {
            // The first column with a name wins; a second "NIP" or "Nama"
            // column is left as unknown rather than overwriting.
            Some(f) if !columns.iter().any(|(g, _)| *g == f) => columns.push((f, label.col)),
            _ => unknown.push((display_label(label), label.col)),
        }
    }
    let has = |f: Field| columns.iter().any(|(g, _)| *g == f);
    let data_start = if sub_row { r + 2 } else { r + 1 };
    let mut items = Vec::new();
    let ok = match kind {
        Kind::Jadwal => {
            has(Field::Kode) && (has(Field::Tanggal) || has(Field::JamMulai) || has(Field::Jam))
        }
        Kind::Kehadiran => has(Field::Hadir) && (has(Field::Nik) || has(Field::Nama)),
        Kind::Peserta => {
            has(Field::Nama)
                && (has(Field::Nik)
                    || has(Field::JenisKelamin)
                    || (has(Field::JkLaki) && has(Field::JkPerempuan)))
        }
        Kind::Evaluasi => {
            if PESERTA_ONLY.iter().any(|f| has(*f)) || !(has(Field::Nik) || has(Field::Nama)) {
                false
            } else {
                items = unknown
                    .iter()
                    .filter(|(label, col)| {
                        is_numbered_item(label) || column_has_scores(sheet, data_start, *col)
                    })
                    .cloned()
                    .collect();
                unknown.retain(|u| !items.contains(u));
                !items.is_empty()
            }
        }
    };
    if !ok {
        return None;
    }
    // Peserta sheets that merely lack a jenis kelamin column must not be
    // taken for evaluation sheets and vice versa: the score counts what was
    // recognised, and evaluation items count as recognised.
    let score = columns.len() + items.len();
    Some(Candidate {
        header: Header {
            kind,
            row: if sub_row { r + 1 } else { r },
            data_start,
            columns,
            items,
            unknown,
        },
        score,
    })
}

fn display_label(label: &Label) -> String {
    match &label.group {
        Some(g) => format!("{g} {}", label.text),
        None => label.text.clone(),
    }
}

/// "1. Materi sesuai kebutuhan": an evaluation item as tkm's own entry
/// form numbers it, recognised before any score is typed.
fn is_numbered_item(label: &str) -> bool {
    let t = label.trim_start();
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    digits > 0
        && matches!(t[digits..].chars().next(), Some('.' | ')'))
        && t[digits + 1..].trim().chars().count() >= 3
}

/// Whether the column below the header holds scores (small whole numbers)
/// in at least half of its non-empty cells (the rest are findings).
fn column_has_scores(sheet: &Sheet, from: u32, col: u32) -> bool {
    let mut numbers = 0;
    let mut others = 0;
    for r in from..sheet.end_row().min(from + 200) {
        match value::number(sheet.get(r, col)) {
            Ok(Some(n)) if (0.0..=10.0).contains(&n) && n.fract() == 0.0 => numbers += 1,
            Ok(None) => {}
            _ => others += 1,
        }
    }
    numbers > 0 && numbers >= others
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Merge;

    fn text(s: &str) -> Cell {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s.to_string())
        }
    }

    fn sheet(rows: &[&[&str]]) -> Sheet {
        let rows = rows
            .iter()
            .map(|r| r.iter().map(|s| text(s)).collect())
            .collect();
        Sheet::new("t.xlsx", "Sheet1", (0, 0), rows)
    }

    #[test]
    fn header_below_title_rows() {
        let s = sheet(&[
            &["DAFTAR CALON PESERTA TKM", "", "", ""],
            &["KECAMATAN LEMBANG", "", "", ""],
            &["", "", "", ""],
            &["NO", "NAMA LENGKAP", "NIK", "L/P"],
            &["1", "Siti", "3217014104680001", "P"],
        ]);
        let h = detect(&s).unwrap();
        assert_eq!(h.kind, Kind::Peserta);
        assert_eq!(h.row, 3);
        assert_eq!(h.data_start, 4);
        assert_eq!(h.col(Field::Nama), Some(1));
        assert_eq!(h.col(Field::Nik), Some(2));
        assert_eq!(h.col(Field::JenisKelamin), Some(3));
    }

    #[test]
    fn two_row_header_with_merged_group() {
        let mut s = sheet(&[
            &["DATA PESERTA TKM - PARONGPONG", "", "", "", "", ""],
            &["", "", "", "", "", ""],
            &[
                "No",
                "Nama Peserta",
                "No. KTP / NIK",
                "Jenis Kelamin",
                "",
                "Tempat, Tgl Lahir",
            ],
            &["", "", "", "L", "P", ""],
            &[
                "1",
                "Nining",
                "3217026101700000",
                "",
                "v",
                "Medan, 21-01-1970",
            ],
        ]);
        s.merges = vec![
            Merge {
                first_row: 0,
                first_col: 0,
                last_row: 0,
                last_col: 5,
            },
            Merge {
                first_row: 2,
                first_col: 0,
                last_row: 3,
                last_col: 0,
            },
            Merge {
                first_row: 2,
                first_col: 3,
                last_row: 2,
                last_col: 4,
            },
            Merge {
                first_row: 2,
                first_col: 5,
                last_row: 3,
                last_col: 5,
            },
        ];
        let h = detect(&s).unwrap();
        assert_eq!(h.kind, Kind::Peserta);
        assert_eq!(h.data_start, 4);
        assert_eq!(h.col(Field::Nik), Some(2));
        assert_eq!(h.col(Field::JkLaki), Some(3));
        assert_eq!(h.col(Field::JkPerempuan), Some(4));
        assert_eq!(h.col(Field::TempatTanggalLahir), Some(5));
    }

    #[test]
    fn two_row_header_without_merge_information() {
        // CSV and ODS lose the merge; the gap under the group still tells.
        let s = sheet(&[
            &["Nama", "NIK", "Jenis Kelamin", ""],
            &["", "", "L", "P"],
            &["Budi", "3217010101900001", "v", ""],
        ]);
        let h = detect(&s).unwrap();
        assert_eq!(h.data_start, 2);
        assert_eq!(h.col(Field::JkLaki), Some(2));
        assert_eq!(h.col(Field::JkPerempuan), Some(3));
    }

    #[test]
    fn header_variants_ignore_case_spaces_and_punctuation() {
        for (label, field) in [
            ("No. KTP/NIK", Field::Nik),
            ("NOMOR INDUK KEPENDUDUKAN", Field::Nik),
            ("No\u{a0}HP/WA", Field::NoHp),
            ("Usaha yang dijalankan", Field::JenisUsaha),
            ("Desa / Kel.", Field::Desa),
        ] {
            let s = sheet(&[&["Nama", label, "L/P"], &["A", "1", "L"]]);
            let h = detect(&s).unwrap();
            assert!(h.has(field), "{label}");
        }
    }

    #[test]
    fn each_kind_is_recognised_by_its_header() {
        let jadwal = sheet(&[
            &[
                "Kode Kegiatan",
                "Hari/Tanggal",
                "Jam Mulai",
                "Jam Selesai",
                "Acara / Materi",
            ],
            &["TKM-1", "17/11/2026", "08.00", "09.00", "Pembukaan"],
        ]);
        assert_eq!(detect(&jadwal).unwrap().kind, Kind::Jadwal);
        let hadir = sheet(&[
            &["Kode Kegiatan", "NIK", "Nama", "Hadir", "Suhu (°C)"],
            &["TKM-1", "3217014104680001", "A", "Ya", "36,5"],
        ]);
        assert_eq!(detect(&hadir).unwrap().kind, Kind::Kehadiran);
        let eval = sheet(&[
            &[
                "Kode Kegiatan",
                "NIK",
                "Nama",
                "Materi sesuai kebutuhan",
                "Narasumber jelas",
                "Saran",
            ],
            &["TKM-1", "3217014104680001", "A", "3", "4", "Bagus"],
        ]);
        let h = detect(&eval).unwrap();
        assert_eq!(h.kind, Kind::Evaluasi);
        assert_eq!(h.items.len(), 2);
        assert_eq!(h.items[0].0, "Materi sesuai kebutuhan");
        assert!(h.has(Field::Saran));
    }

    #[test]
    fn near_misses_suggest_the_known_name() {
        assert_eq!(suggest("NIIK"), Some("NIK"));
        assert_eq!(suggest("NAMA LENKGAP"), Some("Nama"));
        assert_eq!(suggest("Kode Kegiataan"), Some("Kode Kegiatan"));
        assert_eq!(suggest("Hari/Tangal"), Some("Hari/Tanggal"));
        assert_eq!(suggest("Jam Mulia"), Some("Jam Mulai"));
        assert_eq!(suggest("Harga"), None);
        assert_eq!(suggest("No"), None);
        let s = sheet(&[&["NAMA LENKGAP", "NIIK", "Alamat"], &["Siti", "1", "x"]]);
        let misses = near_misses(&s, None);
        assert_eq!(misses.len(), 2, "{misses:?}");
        assert_eq!((misses[0].1, misses[0].3), (0, "Nama"));
    }

    #[test]
    fn unknown_sheets_are_not_recognised() {
        let s = sheet(&[&["Barang", "Harga"], &["Kursi", "100"]]);
        assert!(detect(&s).is_none());
        assert!(detect(&sheet(&[])).is_none());
    }

    #[test]
    fn header_after_row_twenty_is_not_searched() {
        let mut rows: Vec<&[&str]> = vec![&["judul", ""]; 20];
        rows.push(&["Nama", "NIK"]);
        rows.push(&["A", "1"]);
        assert!(detect(&sheet(&rows)).is_none());
    }
}
