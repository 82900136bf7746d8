//! `kantor.toml`: the office's own settings, every key optional.
//!
//! The embedded defaults describe a fictional office so that a fresh
//! checkout produces documents at once. Unknown keys and bad values are
//! errors that name the key and the line, because a silently ignored typo in
//! a letterhead ends up on paper sent to the public.

use std::path::Path;

use serde::{Deserialize, Serialize};

pub const FILE_NAME: &str = "kantor.toml";

/// The commented example `tkm contoh` writes; every value is the default.
pub const EXAMPLE: &str = include_str!("../templates/kantor.toml");

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub kantor: Kantor,
    pub penandatangan: Penandatangan,
    pub surat: Surat,
    pub dokumen: Dokumen,
    pub protokol: Protokol,
    pub peserta: Peserta,
    pub evaluasi: Evaluasi,
    pub laporan: Laporan,
    pub keluaran: Keluaran,
    pub arsip: Arsip,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Kantor {
    pub pemerintah: String,
    pub dinas: String,
    pub alamat: String,
    pub telepon: String,
    pub email: String,
    pub laman: String,
    /// The city written before the letter date: "Sukamaju, 10 November 2026".
    pub kota: String,
    /// Province code (two digits) of the office, for the time zone.
    pub kode_provinsi: String,
    /// WIB, WITA or WIT; derived from `kode_provinsi` when empty.
    pub zona_waktu: String,
    /// Logo image (PNG, JPG or SVG), relative to the inputs folder; empty
    /// means the embedded placeholder emblem.
    pub logo: String,
}

impl Default for Kantor {
    fn default() -> Self {
        Kantor {
            pemerintah: "PEMERINTAH KABUPATEN SUKAMAJU".into(),
            dinas: "DINAS TENAGA KERJA".into(),
            alamat: "Jalan Merdeka Nomor 10, Sukamaju 40551".into(),
            telepon: "(022) 6861234".into(),
            email: "disnaker@sukamajukab.go.id".into(),
            laman: "disnaker.sukamajukab.go.id".into(),
            kota: "Sukamaju".into(),
            kode_provinsi: "32".into(),
            zona_waktu: String::new(),
            logo: String::new(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Penandatangan {
    pub jabatan: String,
    pub nama: String,
    pub pangkat: String,
    pub nip: String,
}

impl Default for Penandatangan {
    fn default() -> Self {
        Penandatangan {
            jabatan: "Kepala Dinas Tenaga Kerja Kabupaten Sukamaju".into(),
            nama: "Dr. H. Ahmad Suryadi, S.E., M.Si.".into(),
            pangkat: "Pembina Utama Muda (IV/c)".into(),
            nip: "196805121994031005".into(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Surat {
    /// Letter number pattern; tokens `{kka}`, `{urut}`, `{unit}`,
    /// `{bulan_romawi}`, `{bulan}` (two digits), `{tahun}`.
    pub pola_nomor: String,
    pub kka: String,
    pub unit: String,
    /// First sequence number of the year.
    pub nomor_awal: u32,
    pub sifat: String,
    pub lampiran: String,
    /// A fixed letter date (YYYY-MM-DD) for every invitation; when empty,
    /// the letter is dated `hari_sebelum_kegiatan` days before the event.
    pub tanggal: String,
    pub hari_sebelum_kegiatan: u32,
    pub tembusan: Vec<String>,
}

impl Default for Surat {
    fn default() -> Self {
        Surat {
            pola_nomor: "{kka}/{urut}/{unit}/{bulan_romawi}/{tahun}".into(),
            kka: "500.15.10".into(),
            unit: "Disnaker".into(),
            nomor_awal: 1,
            sifat: "Biasa".into(),
            lampiran: "-".into(),
            tanggal: String::new(),
            hari_sebelum_kegiatan: 7,
            tembusan: vec!["Kepala Bidang Penempatan dan Perluasan Kesempatan Kerja".into()],
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Dokumen {
    /// `A4` or `F4` (215 × 330 mm).
    pub kertas: String,
    pub font: String,
    pub ukuran_font: f64,
}

impl Default for Dokumen {
    fn default() -> Self {
        Dokumen {
            kertas: "A4".into(),
            font: "Liberation Sans".into(),
            ukuran_font: 12.0,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Protokol {
    /// Distance between participants in metres (SOP step 3: 1.5 m).
    pub jarak_m: f64,
    /// Temperature at or above which entry needs a second reading (°C).
    pub batas_suhu: f64,
    /// Break between consecutive sessions when a room is split (minutes).
    pub jeda_sesi_menit: u32,
    /// The SOP's execution block (step 5: 180 minutes).
    pub durasi_standar_menit: u32,
    /// The latest time a session may end (HH.MM) when a small room splits
    /// participants into consecutive sessions.
    pub batas_akhir_sesi: String,
}

impl Default for Protokol {
    fn default() -> Self {
        Protokol {
            jarak_m: 1.5,
            batas_suhu: 37.3,
            jeda_sesi_menit: 30,
            durasi_standar_menit: 180,
            batas_akhir_sesi: "18.00".into(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Peserta {
    /// Age range (years, at the event date) of TKM participants; outside
    /// it is a peringatan.
    pub usia_min: u32,
    pub usia_max: u32,
}

impl Default for Peserta {
    fn default() -> Self {
        Peserta {
            usia_min: 17,
            usia_max: 55,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Evaluasi {
    /// Labels of the scale from the lowest score (1) up.
    pub skala: Vec<String>,
    pub butir: Vec<Butir>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Butir {
    pub aspek: String,
    pub teks: String,
}

impl Default for Evaluasi {
    fn default() -> Self {
        let butir = [
            ("Materi", "Materi sesuai dengan kebutuhan usaha saya"),
            ("Materi", "Materi mudah dipahami"),
            ("Narasumber", "Narasumber menguasai materi"),
            ("Narasumber", "Narasumber menyampaikan materi dengan jelas"),
            ("Penyelenggaraan", "Waktu pelaksanaan memadai"),
            ("Penyelenggaraan", "Pelayanan panitia kepada peserta"),
            ("Sarana", "Ruangan dan perlengkapan memadai"),
            (
                "Protokol Kesehatan",
                "Tersedia sarana cuci tangan pakai sabun",
            ),
            (
                "Protokol Kesehatan",
                "Jarak antarpeserta terjaga minimal 1,5 meter",
            ),
        ]
        .into_iter()
        .map(|(aspek, teks)| Butir {
            aspek: aspek.into(),
            teks: teks.into(),
        })
        .collect();
        Evaluasi {
            skala: ["Kurang", "Cukup", "Baik", "Sangat Baik"]
                .into_iter()
                .map(String::from)
                .collect(),
            butir,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Keluaran {
    /// Make files holding personal data (entry forms with NIK, findings,
    /// the WhatsApp page, the letter register, archives) readable by their
    /// owner only (Unix).
    pub data_pribadi_hanya_pemilik: bool,
}

impl Default for Keluaran {
    fn default() -> Self {
        Keluaran {
            data_pribadi_hanya_pemilik: true,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Laporan {
    /// The legal basis listed in the report's introduction.
    pub dasar_hukum: Vec<String>,
    /// A fixed report date (YYYY-MM-DD); when empty, the activity date.
    pub tanggal: String,
}

impl Default for Laporan {
    fn default() -> Self {
        Laporan {
            dasar_hukum: [
                "Undang-Undang Nomor 13 Tahun 2003 tentang Ketenagakerjaan",
                "Peraturan Pemerintah Nomor 33 Tahun 2013 tentang Perluasan Kesempatan Kerja",
                "Keputusan Menteri Kesehatan Nomor HK.01.07/MENKES/382/2020 tentang Protokol Kesehatan bagi Masyarakat di Tempat dan Fasilitas Umum",
                "SOP Pelaksanaan Pemberdayaan Tenaga Kerja Mandiri (TKM) dalam Tatanan Normal Baru",
            ]
            .into_iter()
            .map(String::from)
            .collect(),
            tanggal: String::new(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Arsip {
    pub kode_klasifikasi: String,
    /// Where the paper records are kept, for the records index.
    pub lokasi_fisik: String,
    pub retensi_aktif: u32,
    pub retensi_inaktif: u32,
    pub nasib_akhir: String,
}

impl Default for Arsip {
    fn default() -> Self {
        Arsip {
            kode_klasifikasi: "500.15.10".into(),
            lokasi_fisik: "Lemari arsip Seksi Penempatan dan Perluasan Kesempatan Kerja".into(),
            retensi_aktif: 2,
            retensi_inaktif: 3,
            nasib_akhir: "Musnah".into(),
        }
    }
}

/// A problem in kantor.toml, with the line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub line: Option<usize>,
    pub key: Option<String>,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{FILE_NAME}")?;
        if let Some(line) = self.line {
            write!(f, " baris {line}")?;
        }
        if let Some(key) = &self.key {
            write!(f, ", kunci `{key}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Loads `kantor.toml` from the inputs folder, or the defaults when the
    /// file does not exist.
    pub fn load(inputs: &Path) -> Result<Config, Vec<ConfigError>> {
        let path = inputs.join(FILE_NAME);
        match std::fs::read(&path) {
            Ok(bytes) => {
                let text = String::from_utf8_lossy(&bytes);
                Config::parse(text.trim_start_matches('\u{feff}'))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(vec![ConfigError {
                line: None,
                key: None,
                message: format!("tidak dapat dibaca: {e}"),
            }]),
        }
    }

    pub fn parse(src: &str) -> Result<Config, Vec<ConfigError>> {
        // First the shape: every unknown key and every value of the wrong
        // kind, all at once (serde would stop at the first).
        let table: toml::Table = toml::from_str(src).map_err(|e| vec![syntax_error(src, &e)])?;
        let defaults = toml::Table::try_from(Config::default()).unwrap_or_default();
        let mut errors = Vec::new();
        check_shape(&table, &defaults, "", src, &mut errors);
        if !errors.is_empty() {
            // Check the values that are there too, so that one run names
            // every problem: drop what the shape check rejected and read
            // the rest.
            let mut clean = table.clone();
            prune(&mut clean, &defaults);
            if let Ok(config) = toml::Value::Table(clean).try_into::<Config>() {
                errors.extend(config.check(src));
            }
            errors.sort_by_key(|e| e.line);
            return Err(errors);
        }
        let config: Config = toml::from_str(src).map_err(|e| vec![syntax_error(src, &e)])?;
        let errors = config.check(src);
        if errors.is_empty() {
            Ok(config)
        } else {
            Err(errors)
        }
    }

    /// Value checks serde cannot express; every bad value is reported.
    fn check(&self, src: &str) -> Vec<ConfigError> {
        let mut errors = Vec::new();
        let mut bad = |table: &str, key: &str, message: String| {
            errors.push(ConfigError {
                line: line_of(src, table, key),
                key: Some(format!("{table}.{key}")),
                message,
            });
        };
        if !["A4", "F4"].contains(&self.dokumen.kertas.as_str()) {
            bad(
                "dokumen",
                "kertas",
                format!("\"{}\" bukan A4 atau F4", self.dokumen.kertas),
            );
        }
        if !(8.0..=16.0).contains(&self.dokumen.ukuran_font) {
            bad("dokumen", "ukuran_font", "harus antara 8 dan 16 pt".into());
        }
        if self.dokumen.font.trim().is_empty() {
            bad("dokumen", "font", "nama font kosong".into());
        }
        const SIFAT: [&str; 5] = [
            "Biasa",
            "Segera",
            "Sangat Segera",
            "Rahasia",
            "Sangat Rahasia",
        ];
        if !SIFAT.contains(&self.surat.sifat.as_str()) {
            bad(
                "surat",
                "sifat",
                format!(
                    "\"{}\" bukan salah satu dari: {}",
                    self.surat.sifat,
                    SIFAT.join(", ")
                ),
            );
        }
        for t in &self.surat.tembusan {
            let lower = t.to_lowercase();
            if lower.contains("arsip") || lower.contains("pertinggal") {
                bad(
                    "surat",
                    "tembusan",
                    format!("\"{t}\": tembusan tidak ditujukan kepada Arsip/Pertinggal"),
                );
            } else if lower.starts_with("yth") {
                bad(
                    "surat",
                    "tembusan",
                    format!("\"{t}\": tembusan ditulis tanpa \"Yth.\""),
                );
            }
        }
        if !self.surat.pola_nomor.contains("{urut}") {
            bad(
                "surat",
                "pola_nomor",
                "harus memuat {urut} agar setiap surat bernomor unik".into(),
            );
        }
        if let Some(token) = unknown_token(&self.surat.pola_nomor) {
            bad(
                "surat",
                "pola_nomor",
                format!("token {{{token}}} tidak dikenal"),
            );
        }
        if !self.surat.tanggal.is_empty()
            && chrono::NaiveDate::parse_from_str(&self.surat.tanggal, "%Y-%m-%d").is_err()
        {
            bad(
                "surat",
                "tanggal",
                format!("\"{}\" bukan tanggal YYYY-MM-DD", self.surat.tanggal),
            );
        }
        if !self.kantor.zona_waktu.is_empty()
            && !["WIB", "WITA", "WIT"].contains(&self.kantor.zona_waktu.as_str())
        {
            bad(
                "kantor",
                "zona_waktu",
                format!("\"{}\" bukan WIB, WITA atau WIT", self.kantor.zona_waktu),
            );
        }
        if self.kantor.zona_waktu.is_empty()
            && zone_for_province(&self.kantor.kode_provinsi).is_none()
        {
            bad(
                "kantor",
                "kode_provinsi",
                format!(
                    "\"{}\" bukan kode provinsi Kemendagri",
                    self.kantor.kode_provinsi
                ),
            );
        }
        let nip: String = self
            .penandatangan
            .nip
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if !nip.is_empty() && (nip.len() != 18 || !nip.chars().all(|c| c.is_ascii_digit())) {
            bad("penandatangan", "nip", "NIP harus 18 angka".into());
        }
        if !(self.protokol.jarak_m > 0.0 && self.protokol.jarak_m <= 10.0) {
            bad(
                "protokol",
                "jarak_m",
                "harus lebih dari 0 dan paling banyak 10 meter".into(),
            );
        }
        if !(35.0..=40.0).contains(&self.protokol.batas_suhu) {
            bad("protokol", "batas_suhu", "harus antara 35 dan 40 °C".into());
        }
        if parse_clock(&self.protokol.batas_akhir_sesi).is_none() {
            bad(
                "protokol",
                "batas_akhir_sesi",
                format!(
                    "\"{}\" bukan jam seperti 18.00",
                    self.protokol.batas_akhir_sesi
                ),
            );
        }
        if self.protokol.durasi_standar_menit == 0 {
            bad(
                "protokol",
                "durasi_standar_menit",
                "harus lebih dari 0".into(),
            );
        }
        if self.peserta.usia_min >= self.peserta.usia_max {
            bad(
                "peserta",
                "usia_max",
                "harus lebih besar dari usia_min".into(),
            );
        }
        if !(2..=10).contains(&self.evaluasi.skala.len()) {
            bad(
                "evaluasi",
                "skala",
                "skala harus punya 2 sampai 10 tingkat".into(),
            );
        }
        if self.evaluasi.butir.is_empty() {
            bad("evaluasi", "butir", "minimal satu butir evaluasi".into());
        }
        if !self.laporan.tanggal.is_empty()
            && chrono::NaiveDate::parse_from_str(&self.laporan.tanggal, "%Y-%m-%d").is_err()
        {
            bad(
                "laporan",
                "tanggal",
                format!("\"{}\" bukan tanggal YYYY-MM-DD", self.laporan.tanggal),
            );
        }
        if !["Musnah", "Permanen", "Dinilai Kembali"].contains(&self.arsip.nasib_akhir.as_str()) {
            bad(
                "arsip",
                "nasib_akhir",
                format!(
                    "\"{}\" bukan Musnah, Permanen atau Dinilai Kembali",
                    self.arsip.nasib_akhir
                ),
            );
        }
        errors
    }

    /// The latest time a session may end.
    pub fn latest_session_end(&self) -> chrono::NaiveTime {
        parse_clock(&self.protokol.batas_akhir_sesi)
            .unwrap_or(chrono::NaiveTime::from_hms_opt(18, 0, 0).unwrap_or_default())
    }

    /// WIB, WITA or WIT for the office.
    pub fn zone(&self) -> &str {
        if !self.kantor.zona_waktu.is_empty() {
            return &self.kantor.zona_waktu;
        }
        zone_for_province(&self.kantor.kode_provinsi).unwrap_or("WIB")
    }
}

fn parse_clock(s: &str) -> Option<chrono::NaiveTime> {
    crate::value::time(&crate::ingest::Cell::Text(s.to_string()))
        .ok()
        .flatten()
}

/// The time zone of a Kemendagri province code (Keppres 41/1987).
pub fn zone_for_province(code: &str) -> Option<&'static str> {
    let code: u32 = code.trim().get(..2)?.parse().ok()?;
    match code {
        11..=19 | 21 | 31..=36 | 61 | 62 => Some("WIB"),
        51..=53 | 63..=65 | 71..=76 => Some("WITA"),
        81 | 82 | 91..=96 => Some("WIT"),
        _ => None,
    }
}

fn unknown_token(pattern: &str) -> Option<String> {
    const KNOWN: [&str; 6] = ["kka", "urut", "unit", "bulan_romawi", "bulan", "tahun"];
    let mut rest = pattern;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let end = after.find('}')?;
        let token = &after[..end];
        if !KNOWN.contains(&token) {
            return Some(token.to_string());
        }
        rest = &after[end + 1..];
    }
    None
}

/// Reports keys the defaults do not have and values of another kind than
/// the default's, with their lines.
fn check_shape(
    user: &toml::Table,
    defaults: &toml::Table,
    table: &str,
    src: &str,
    errors: &mut Vec<ConfigError>,
) {
    for (key, value) in user {
        let full = if table.is_empty() {
            key.clone()
        } else {
            format!("{table}.{key}")
        };
        let line = line_of(src, table, key).or_else(|| header_line(src, &full));
        let Some(default) = defaults.get(key) else {
            errors.push(ConfigError {
                line,
                key: Some(full),
                message: "kunci tidak dikenal (periksa ejaan; lihat contoh kantor.toml dari `tkm contoh`)".into(),
            });
            continue;
        };
        match (value, default) {
            (toml::Value::Table(u), toml::Value::Table(d)) => check_shape(u, d, &full, src, errors),
            (toml::Value::Array(items), toml::Value::Array(d)) => {
                for item in items {
                    match (item, d.first()) {
                        (toml::Value::Table(u), Some(toml::Value::Table(d))) => {
                            check_shape(u, d, &full, src, errors)
                        }
                        (item, Some(d)) if !same_kind(item, d) => errors.push(ConfigError {
                            line,
                            key: Some(full.clone()),
                            message: format!("isi daftar harus {}", kind_name(d)),
                        }),
                        _ => {}
                    }
                }
            }
            (value, default) if !same_kind(value, default) => errors.push(ConfigError {
                line,
                key: Some(full),
                message: format!(
                    "jenis nilai salah: harus {}, tertulis {}",
                    kind_name(default),
                    kind_name(value)
                ),
            }),
            _ => {}
        }
    }
}

/// Removes from `user` every key the defaults lack and every value of the
/// wrong kind (the ones `check_shape` reported).
fn prune(user: &mut toml::Table, defaults: &toml::Table) {
    user.retain(|key, value| match defaults.get(key) {
        None => false,
        Some(default) => same_kind(value, default),
    });
    for (key, value) in user.iter_mut() {
        match (value, defaults.get(key)) {
            (toml::Value::Table(u), Some(toml::Value::Table(d))) => prune(u, d),
            (toml::Value::Array(items), Some(toml::Value::Array(d))) => {
                if let Some(toml::Value::Table(d)) = d.first() {
                    for item in items.iter_mut() {
                        if let toml::Value::Table(u) = item {
                            prune(u, d);
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

fn same_kind(a: &toml::Value, b: &toml::Value) -> bool {
    use toml::Value::*;
    matches!(
        (a, b),
        (String(_), String(_))
            | (Integer(_), Integer(_))
            | (Integer(_) | Float(_), Float(_))
            | (Boolean(_), Boolean(_))
            | (Array(_), Array(_))
            | (Table(_), Table(_))
            | (Datetime(_), Datetime(_))
    )
}

fn kind_name(v: &toml::Value) -> &'static str {
    match v {
        toml::Value::String(_) => "teks dalam tanda petik",
        toml::Value::Integer(_) => "bilangan bulat",
        toml::Value::Float(_) => "angka",
        toml::Value::Boolean(_) => "true atau false",
        toml::Value::Array(_) => "daftar [ … ]",
        toml::Value::Table(_) => "tabel [ … ]",
        toml::Value::Datetime(_) => "tanggal",
    }
}

/// The line of a `[table]` header.
fn header_line(src: &str, table: &str) -> Option<usize> {
    src.lines()
        .position(|l| l.trim().trim_matches(['[', ']']).trim() == table)
        .map(|i| i + 1)
}

/// Turns a TOML parse error into one that names the line and, when it can,
/// the key, in Bahasa Indonesia.
fn syntax_error(src: &str, e: &toml::de::Error) -> ConfigError {
    let line = e
        .span()
        .map(|span| src[..span.start.min(src.len())].lines().count().max(1));
    let line = line.map(|l| {
        // A span at the very start of a line counts the previous line.
        match e.span() {
            Some(span) if src[..span.start.min(src.len())].ends_with('\n') => l + 1,
            _ => l,
        }
    });
    let raw = e.message().to_string();
    // The key is what stands before `=` on the error's line.
    let key = line
        .and_then(|l| src.lines().nth(l - 1))
        .and_then(|text| text.split_once('='))
        .map(|(k, _)| k.trim().trim_matches('"').to_string())
        .filter(|k| !k.is_empty() && k.len() < 60);
    let message = if let Some(rest) = raw.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or("");
        return ConfigError {
            line,
            key: Some(name.to_string()),
            message:
                "kunci tidak dikenal (periksa ejaan; lihat contoh kantor.toml dari `tkm contoh`)"
                    .into(),
        };
    } else if raw.starts_with("invalid type") {
        format!("jenis nilai salah ({raw})")
    } else {
        let lower = raw.to_lowercase();
        let what = if lower.contains("duplicate key") {
            "kunci ini ditulis dua kali"
        } else if lower.contains("duplicate table") {
            "tabel [ … ] ini ditulis dua kali"
        } else if lower.contains("basic string") || lower.contains("unterminated") {
            "teks tidak ditutup dengan tanda petik \""
        } else if lower.contains("expected `=`") || lower.contains("key with no value") {
            "setelah nama kunci harus ada = dan nilainya"
        } else if lower.contains("invalid") && lower.contains("number") {
            "angka tidak sah (pakai titik untuk desimal, mis. 1.5)"
        } else {
            "penulisan TOML tidak sah"
        };
        format!("{what} (detail: {})", raw.trim())
    };
    ConfigError { line, key, message }
}

/// The 1-based line where `key = …` is set inside `[table]`.
fn line_of(src: &str, table: &str, key: &str) -> Option<usize> {
    let mut current = String::new();
    for (i, line) in src.lines().enumerate() {
        let t = line.trim();
        if t.starts_with('[') {
            current = t.trim_matches(['[', ']']).trim().to_string();
            continue;
        }
        if current == table && t.split('=').next().map(str::trim) == Some(key) && t.contains('=') {
            return Some(i + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_file_is_the_defaults() {
        let parsed = Config::parse(EXAMPLE).unwrap();
        let defaults = Config::default();
        assert_eq!(
            toml::to_string(&parsed).unwrap(),
            toml::to_string(&defaults).unwrap()
        );
    }

    #[test]
    fn empty_file_means_defaults() {
        let c = Config::parse("").unwrap();
        assert_eq!(c.dokumen.kertas, "A4");
        assert_eq!(c.zone(), "WIB");
    }

    #[test]
    fn unknown_key_names_key_and_line() {
        let src = "[kantor]\nkota = \"Lembang\"\nkotta = \"x\"\n";
        let errs = Config::parse(src).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].line, Some(3));
        assert_eq!(errs[0].key.as_deref(), Some("kantor.kotta"));
        assert!(errs[0].to_string().contains("baris 3"), "{}", errs[0]);
    }

    #[test]
    fn bad_values_name_key_and_line() {
        let src = "[dokumen]\nkertas = \"Letter\"\n\n[protokol]\nbatas_suhu = 50\n";
        let errs = Config::parse(src).unwrap_err();
        assert_eq!(errs.len(), 2);
        assert_eq!(errs[0].line, Some(2));
        assert_eq!(errs[0].key.as_deref(), Some("dokumen.kertas"));
        assert_eq!(errs[1].line, Some(5));
        assert_eq!(errs[1].key.as_deref(), Some("protokol.batas_suhu"));
    }

    #[test]
    fn wrong_type_names_the_key_and_line() {
        let src = "[protokol]\njarak_m = \"satu setengah\"\n";
        let errs = Config::parse(src).unwrap_err();
        assert_eq!(errs[0].line, Some(2));
        assert_eq!(errs[0].key.as_deref(), Some("protokol.jarak_m"));
        assert!(errs[0].message.contains("harus angka"), "{}", errs[0]);
    }

    #[test]
    fn every_unknown_key_and_wrong_type_is_reported_at_once() {
        let src = "[kantor]\npemerintahh = \"X\"\n\n[dokumen]\nukuran_font = \"besar\"\n\n[tidak_ada]\nx = 1\n\n[[evaluasi.butir]]\naspek = \"Materi\"\nteksnya = \"y\"\n";
        let errs = Config::parse(src).unwrap_err();
        let keys: Vec<(Option<usize>, &str)> = errs
            .iter()
            .map(|e| (e.line, e.key.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            keys,
            [
                (Some(2), "kantor.pemerintahh"),
                (Some(5), "dokumen.ukuran_font"),
                (Some(7), "tidak_ada"),
                (Some(12), "evaluasi.butir.teksnya"),
            ]
        );
    }

    #[test]
    fn unknown_keys_do_not_hide_bad_values() {
        let src = "[surat]\nsifatt = \"Biasa\"\n\n[dokumen]\nkertas = \"Letter\"\n";
        let errs = Config::parse(src).unwrap_err();
        let keys: Vec<&str> = errs
            .iter()
            .map(|e| e.key.as_deref().unwrap_or(""))
            .collect();
        assert_eq!(keys, ["surat.sifatt", "dokumen.kertas"]);
    }

    #[test]
    fn toml_syntax_errors_are_worded_in_indonesian() {
        let errs = Config::parse("[kantor]\nkota = \"A\"\nkota = \"B\"\n").unwrap_err();
        assert!(
            errs[0].message.starts_with("kunci ini ditulis dua kali"),
            "{}",
            errs[0]
        );
        assert_eq!(errs[0].line, Some(3));
        let errs = Config::parse("[kantor]\nkota = \"A\n").unwrap_err();
        assert!(
            errs[0].message.starts_with("teks tidak ditutup"),
            "{}",
            errs[0]
        );
    }

    #[test]
    fn whole_numbers_are_accepted_where_decimals_are_expected() {
        let c = Config::parse("[dokumen]\nukuran_font = 11\n").unwrap();
        assert_eq!(c.dokumen.ukuran_font, 11.0);
    }

    #[test]
    fn tembusan_follows_the_tata_naskah_dinas() {
        let errs = Config::parse("[surat]\ntembusan = [\"Yth. Bupati\", \"Arsip\"]\n").unwrap_err();
        assert_eq!(errs.len(), 2);
        assert!(errs.iter().all(|e| e.line == Some(2)));
    }

    #[test]
    fn zones_follow_the_province() {
        assert_eq!(zone_for_province("32"), Some("WIB"));
        assert_eq!(zone_for_province("73"), Some("WITA"));
        assert_eq!(zone_for_province("94"), Some("WIT"));
        assert_eq!(zone_for_province("99"), None);
        let c = Config::parse("[kantor]\nkode_provinsi = \"51\"\n").unwrap();
        assert_eq!(c.zone(), "WITA");
    }
}
