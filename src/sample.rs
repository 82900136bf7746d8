//! `tkm contoh`: a ready-to-fill inputs folder (kantor.toml and blank input
//! workbooks with dropdowns and text-formatted ID columns), or with
//! `--data-contoh` a realistic fictional data set laid out the way office
//! staff lay out theirs: title rows, merged titles, a two-row header.
//!
//! Everything here is fictional: the office, the people, their NIKs (valid
//! in structure, invented in content) and phone numbers. Existing files are
//! never overwritten.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{
    DataValidation, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook,
    Worksheet, XlsxError,
};

use crate::config;
use crate::output::{Access, write_atomic};

/// One fictional activity of the sample set.
pub struct SampleActivity {
    pub kode: &'static str,
    pub jenis: &'static str,
    pub date: (u16, u8, u8),
    pub start: (u16, u8),
    pub tempat: &'static str,
    pub alamat: &'static str,
    pub luas_m2: u32,
    pub participants: usize,
    pub kecamatan: &'static str,
    pub kecamatan_code: &'static str,
}

pub const ACTIVITIES: [SampleActivity; 2] = [
    SampleActivity {
        kode: "TKM-2027-01-01",
        jenis: "Pemberdayaan TKM: Kewirausahaan Mikro",
        date: (2027, 1, 12),
        start: (8, 0),
        tempat: "Aula Kecamatan Cisarua",
        alamat: "Jalan Kolonel Masturi Nomor 12, Cisarua",
        luas_m2: 100,
        participants: 24,
        kecamatan: "Cisarua",
        kecamatan_code: "05",
    },
    SampleActivity {
        kode: "TKM-2027-01-02",
        jenis: "Pemberdayaan TKM: Olahan Pangan",
        date: (2027, 1, 14),
        start: (8, 30),
        tempat: "Balai Desa Sukamulya",
        alamat: "Jalan Raya Sukamulya Nomor 3, Cikalong",
        luas_m2: 40,
        participants: 22,
        kecamatan: "Cikalong",
        kecamatan_code: "08",
    },
];

const FIRST_MEN: [&str; 12] = [
    "Asep", "Dedi", "Ujang", "Budi", "Agus", "Hendra", "Iwan", "Yusuf", "Dadang", "Rudi", "Cecep",
    "Eko",
];
const FIRST_WOMEN: [&str; 12] = [
    "Siti", "Neng", "Euis", "Rina", "Lilis", "Dewi", "Tuti", "Yati", "Nur", "Ani", "Wati", "Imas",
];
const LAST: [&str; 14] = [
    "Suryana",
    "Hidayat",
    "Kurniawan",
    "Permana",
    "Rahmawati",
    "Setiawan",
    "Nurhasanah",
    "Saputra",
    "Gunawan",
    "Maulana",
    "Sopian",
    "Rosita",
    "Hermawan",
    "Lestari",
];
const DESA: [&str; 5] = [
    "Sukamulya",
    "Jambudipa",
    "Padaasih",
    "Kertawangi",
    "Tugumukti",
];
const USAHA: [&str; 8] = [
    "Warung kelontong",
    "Keripik singkong",
    "Jahit pakaian",
    "Budidaya lele",
    "Kue basah",
    "Sablon kaos",
    "Service HP",
    "Ternak ayam",
];
const PENDIDIKAN: [&str; 6] = ["SD", "SMP", "SMA", "SMK", "D3", "S1"];
const KELOMPOK: [&str; 3] = ["KUB Mekar Sari", "KUB Sauyunan", "KUB Maju Bersama"];
const TEMPAT_LAHIR: [&str; 5] = ["Bandung", "Cimahi", "Garut", "Cianjur", "Sumedang"];

/// A fictional participant.
pub struct Person {
    pub nama: String,
    pub nik: String,
    pub perempuan: bool,
    pub tempat_lahir: &'static str,
    pub lahir: (u16, u8, u8),
    pub alamat: String,
    pub desa: &'static str,
    pub hp: String,
    pub pendidikan: &'static str,
    pub usaha: &'static str,
    pub kelompok: &'static str,
}

/// The participants of a sample activity; deterministic.
pub fn people(a: &SampleActivity, salt: usize) -> Vec<Person> {
    (0..a.participants)
        .map(|i| {
            let k = i * 7 + salt * 3;
            let perempuan = (i + salt).is_multiple_of(2);
            let first = if perempuan {
                FIRST_WOMEN[k % 12]
            } else {
                FIRST_MEN[k % 12]
            };
            let nama = format!("{first} {}", LAST[(k / 3 + i) % LAST.len()]);
            let year = 1975 + ((k * 5) % 30) as u16;
            let month = 1 + (k % 12) as u8;
            let day = 1 + ((k * 11) % 28) as u8;
            let nik = format!(
                "3217{}{:02}{:02}{:02}{:04}",
                a.kecamatan_code,
                day + if perempuan { 40 } else { 0 },
                month,
                year % 100,
                i + 1 + salt * 100
            );
            let prefixes = ["0812", "0813", "0821", "0857", "0878", "0896"];
            let hp = format!(
                "{}{:08}",
                prefixes[k % prefixes.len()],
                (k * 7919 + 1234567) % 100_000_000
            );
            Person {
                nama,
                nik,
                perempuan,
                tempat_lahir: TEMPAT_LAHIR[k % TEMPAT_LAHIR.len()],
                lahir: (year, month, day),
                alamat: format!(
                    "Kp. {} RT {:02}/{:02}",
                    DESA[(k + 2) % DESA.len()],
                    1 + k % 9,
                    1 + (k / 2) % 7
                ),
                desa: DESA[k % DESA.len()],
                hp,
                pendidikan: PENDIDIKAN[k % PENDIDIKAN.len()],
                usaha: USAHA[k % USAHA.len()],
                kelompok: KELOMPOK[k % KELOMPOK.len()],
            }
        })
        .collect()
}

/// Writes the sample folder, and the default document templates into a
/// `templates` folder beside it (for staff who want to change them).
/// Returns each path with what happened to it.
pub fn write(dir: &Path, data: bool) -> std::io::Result<Vec<(PathBuf, &'static str)>> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = vec![(
        dir.join(config::FILE_NAME),
        config::EXAMPLE.as_bytes().to_vec(),
    )];
    let templates = dir.parent().unwrap_or(Path::new(".")).join("templates");
    for (name, text) in crate::render::TEMPLATES {
        files.push((templates.join(name), text.as_bytes().to_vec()));
    }
    let xlsx = |r: Result<Vec<u8>, XlsxError>| r.map_err(std::io::Error::other);
    if data {
        files.push((
            dir.join("jadwal_tkm_januari_2027.xlsx"),
            xlsx(schedule_workbook())?,
        ));
        files.push((
            dir.join("peserta_kecamatan_cisarua.xlsx"),
            xlsx(participants_simple(&ACTIVITIES[0]))?,
        ));
        files.push((
            dir.join("Data Peserta Desa Sukamulya (final).xlsx"),
            xlsx(participants_two_row_header(&ACTIVITIES[1]))?,
        ));
    } else {
        files.push((dir.join("jadwal.xlsx"), xlsx(blank_schedule())?));
        files.push((dir.join("peserta.xlsx"), xlsx(blank_participants())?));
    }
    let mut written = Vec::new();
    for (path, bytes) in files {
        if path.exists() {
            written.push((path, "sudah ada, tidak ditimpa"));
        } else {
            write_atomic(&path, &bytes, Access::Shared)?;
            written.push((path, "dibuat"));
        }
    }
    Ok(written)
}

fn workbook() -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2026, 12, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_author("tkm contoh")
            .set_creation_datetime(&created),
    );
    Ok(wb)
}

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_background_color("#DDEBF7")
}

fn title_format() -> Format {
    Format::new()
        .set_bold()
        .set_font_size(13)
        .set_align(FormatAlign::Center)
}

fn text_format() -> Format {
    Format::new().set_num_format("@")
}

fn write_headers(ws: &mut Worksheet, row: u32, headers: &[(&str, f64)]) -> Result<(), XlsxError> {
    let fmt = header_format();
    for (col, (name, width)) in headers.iter().enumerate() {
        ws.write_string_with_format(row, col as u16, *name, &fmt)?;
        ws.set_column_width(col as u16, *width)?;
    }
    Ok(())
}

const SCHEDULE_HEADERS: [(&str, f64); 14] = [
    ("Kode Kegiatan", 16.0),
    ("Jenis Kegiatan", 34.0),
    ("Hari/Tanggal", 18.0),
    ("Jam Mulai", 9.0),
    ("Jam Selesai", 9.0),
    ("Acara / Materi", 36.0),
    ("Narasumber", 28.0),
    ("Tempat", 26.0),
    ("Alamat Tempat", 34.0),
    ("Luas Ruangan (m2)", 10.0),
    ("Sarana Cuci Tangan", 10.0),
    ("Petunjuk Arah CTPS", 10.0),
    ("Pengantar Kerja", 24.0),
    ("NIP Pengantar Kerja", 20.0),
];

fn yes_no_validation() -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_list_strings(&["Ya", "Tidak"])?
        .set_error_title("Isian tidak sah")?
        .set_error_message("Pilih Ya atau Tidak.")
}

fn schedule_workbook() -> Result<Vec<u8>, XlsxError> {
    let mut wb = workbook()?;
    let ws = wb.add_worksheet();
    ws.set_name("Jadwal")?;
    let last = SCHEDULE_HEADERS.len() as u16 - 1;
    ws.merge_range(
        0,
        0,
        0,
        last,
        "JADWAL PELAKSANAAN PEMBERDAYAAN TENAGA KERJA MANDIRI (TKM)",
        &title_format(),
    )?;
    ws.merge_range(
        1,
        0,
        1,
        last,
        "DINAS TENAGA KERJA KABUPATEN SUKAMAJU — JANUARI 2027",
        &title_format(),
    )?;
    write_headers(ws, 3, &SCHEDULE_HEADERS)?;
    let date_fmt = Format::new().set_num_format("dd mmmm yyyy");
    let time_fmt = Format::new().set_num_format("hh:mm");
    let text = text_format();
    let mut row = 4;
    for a in &ACTIVITIES {
        // The rundown: minutes from the start, length, item, speaker.
        let rundown = [
            (0, 15, "Registrasi dan pengisian daftar hadir", "Panitia"),
            (15, 15, "Pembukaan oleh Kepala Dinas", "Kepala Dinas"),
            (
                30,
                75,
                "Materi: Manajemen usaha mikro",
                "Drs. H. Endang Suherman, M.Si.",
            ),
            (105, 45, "Materi: Pemasaran digital", "Rina Marlina, S.E."),
            (150, 15, "Pengisian lembar evaluasi", "Pengantar Kerja"),
            (165, 15, "Penutupan oleh Kepala Dinas", "Kepala Dinas"),
        ];
        for (offset, length, acara, narasumber) in rundown {
            let start = a.start.0 * 60 + a.start.1 as u16 + offset;
            let end = start + length;
            ws.write_string(row, 0, a.kode)?;
            ws.write_string(row, 1, a.jenis)?;
            ws.write_datetime_with_format(
                row,
                2,
                ExcelDateTime::from_ymd(a.date.0, a.date.1, a.date.2)?,
                &date_fmt,
            )?;
            ws.write_datetime_with_format(
                row,
                3,
                ExcelDateTime::from_hms(start / 60, (start % 60) as u8, 0)?,
                &time_fmt,
            )?;
            ws.write_datetime_with_format(
                row,
                4,
                ExcelDateTime::from_hms(end / 60, (end % 60) as u8, 0)?,
                &time_fmt,
            )?;
            ws.write_string(row, 5, acara)?;
            ws.write_string(row, 6, narasumber)?;
            ws.write_string(row, 7, a.tempat)?;
            ws.write_string(row, 8, a.alamat)?;
            ws.write_number(row, 9, a.luas_m2)?;
            ws.write_string(row, 10, "Ya")?;
            ws.write_string(row, 11, "Ya")?;
            ws.write_string(row, 12, "Dian Permana, S.Sos.")?;
            ws.write_string_with_format(row, 13, "198503122010011004", &text)?;
            row += 1;
        }
    }
    ws.add_data_validation(4, 10, 500, 11, &yes_no_validation()?)?;
    ws.set_freeze_panes(4, 0)?;
    wb.save_to_buffer()
}

const PESERTA_HEADERS: [(&str, f64); 14] = [
    ("NO", 5.0),
    ("NAMA LENGKAP", 26.0),
    ("NIK", 19.0),
    ("L/P", 5.0),
    ("TEMPAT LAHIR", 14.0),
    ("TANGGAL LAHIR", 14.0),
    ("ALAMAT", 26.0),
    ("DESA/KEL", 14.0),
    ("KECAMATAN", 14.0),
    ("NO. HP/WA", 15.0),
    ("PENDIDIKAN TERAKHIR", 12.0),
    ("JENIS USAHA", 18.0),
    ("KELOMPOK", 18.0),
    ("KODE KEGIATAN", 16.0),
];

/// Participants with title rows above a one-row header, as a kecamatan
/// office sends them.
fn participants_simple(a: &SampleActivity) -> Result<Vec<u8>, XlsxError> {
    let mut wb = workbook()?;
    let ws = wb.add_worksheet();
    ws.set_name("Peserta")?;
    let last = PESERTA_HEADERS.len() as u16 - 1;
    ws.merge_range(
        0,
        0,
        0,
        last,
        "DAFTAR CALON PESERTA PEMBERDAYAAN TENAGA KERJA MANDIRI (TKM)",
        &title_format(),
    )?;
    ws.merge_range(
        1,
        0,
        1,
        last,
        &format!("KECAMATAN {} TAHUN 2027", a.kecamatan.to_uppercase()),
        &title_format(),
    )?;
    write_headers(ws, 3, &PESERTA_HEADERS)?;
    let text = text_format();
    ws.set_column_format(2, &text)?;
    ws.set_column_format(9, &text)?;
    let date_fmt = Format::new().set_num_format("dd/mm/yyyy");
    for (i, p) in people(a, 0).iter().enumerate() {
        let r = 4 + i as u32;
        ws.write_number(r, 0, i as u32 + 1)?;
        ws.write_string(r, 1, &p.nama)?;
        ws.write_string_with_format(r, 2, &p.nik, &text)?;
        ws.write_string(r, 3, if p.perempuan { "P" } else { "L" })?;
        ws.write_string(r, 4, p.tempat_lahir)?;
        ws.write_datetime_with_format(
            r,
            5,
            ExcelDateTime::from_ymd(p.lahir.0, p.lahir.1, p.lahir.2)?,
            &date_fmt,
        )?;
        ws.write_string(r, 6, &p.alamat)?;
        ws.write_string(r, 7, p.desa)?;
        ws.write_string(r, 8, a.kecamatan)?;
        ws.write_string_with_format(r, 9, &p.hp, &text)?;
        ws.write_string(r, 10, p.pendidikan)?;
        ws.write_string(r, 11, p.usaha)?;
        ws.write_string(r, 12, p.kelompok)?;
        ws.write_string(r, 13, a.kode)?;
    }
    let l_p = DataValidation::new().allow_list_strings(&["L", "P"])?;
    ws.add_data_validation(4, 3, 500, 3, &l_p)?;
    ws.set_freeze_panes(4, 0)?;
    wb.save_to_buffer()
}

/// Participants under a merged two-row header ("Jenis Kelamin" over L | P,
/// "Tempat, Tgl Lahir" in one column), as a village office sends them.
fn participants_two_row_header(a: &SampleActivity) -> Result<Vec<u8>, XlsxError> {
    let mut wb = workbook()?;
    let ws = wb.add_worksheet();
    ws.set_name("Peserta")?;
    let hf = header_format();
    ws.merge_range(
        0,
        0,
        0,
        11,
        &format!("DATA PESERTA TKM - DESA {}", a.kecamatan.to_uppercase()),
        &title_format(),
    )?;
    let singles = [
        (0, "No", 5.0),
        (1, "Nama Peserta", 26.0),
        (2, "No. KTP / NIK", 19.0),
        (5, "Tempat, Tgl Lahir", 24.0),
        (6, "Alamat", 26.0),
        (7, "Desa", 14.0),
        (8, "HP", 15.0),
        (9, "Pendidikan", 11.0),
        (10, "Usaha yang dijalankan", 20.0),
        (11, "Kode", 16.0),
    ];
    for (col, name, width) in singles {
        ws.merge_range(2, col, 3, col, name, &hf)?;
        ws.set_column_width(col, width)?;
    }
    ws.merge_range(2, 3, 2, 4, "Jenis Kelamin", &hf)?;
    ws.write_string_with_format(3, 3, "L", &hf)?;
    ws.write_string_with_format(3, 4, "P", &hf)?;
    let text = text_format();
    ws.set_column_format(2, &text)?;
    ws.set_column_format(8, &text)?;
    let months = crate::indo::MONTHS;
    for (i, p) in people(a, 1).iter().enumerate() {
        let r = 4 + i as u32;
        ws.write_number(r, 0, i as u32 + 1)?;
        ws.write_string(r, 1, &p.nama)?;
        ws.write_string_with_format(r, 2, &p.nik, &text)?;
        ws.write_string(r, if p.perempuan { 4 } else { 3 }, "v")?;
        // Staff type the birth date in several ways within one file.
        let ttl = if i % 2 == 0 {
            format!(
                "{}, {:02}-{:02}-{}",
                p.tempat_lahir, p.lahir.2, p.lahir.1, p.lahir.0
            )
        } else {
            format!(
                "{}, {} {} {}",
                p.tempat_lahir,
                p.lahir.2,
                months[p.lahir.1 as usize - 1],
                p.lahir.0
            )
        };
        ws.write_string(r, 5, &ttl)?;
        ws.write_string(r, 6, &p.alamat)?;
        ws.write_string(r, 7, p.desa)?;
        ws.write_string_with_format(r, 8, &p.hp, &text)?;
        ws.write_string(r, 9, p.pendidikan)?;
        ws.write_string(r, 10, p.usaha)?;
        ws.write_string(r, 11, a.kode)?;
    }
    wb.save_to_buffer()
}

fn blank_schedule() -> Result<Vec<u8>, XlsxError> {
    let mut wb = workbook()?;
    let ws = wb.add_worksheet();
    ws.set_name("Jadwal")?;
    write_headers(ws, 0, &SCHEDULE_HEADERS)?;
    ws.set_column_format(2, &Format::new().set_num_format("dd/mm/yyyy"))?;
    ws.set_column_format(3, &Format::new().set_num_format("hh:mm"))?;
    ws.set_column_format(4, &Format::new().set_num_format("hh:mm"))?;
    ws.set_column_format(13, &text_format())?;
    ws.add_data_validation(1, 10, 1000, 11, &yes_no_validation()?)?;
    ws.set_freeze_panes(1, 0)?;
    wb.save_to_buffer()
}

fn blank_participants() -> Result<Vec<u8>, XlsxError> {
    let mut wb = workbook()?;
    let ws = wb.add_worksheet();
    ws.set_name("Peserta")?;
    write_headers(ws, 0, &PESERTA_HEADERS)?;
    let text = text_format();
    ws.set_column_format(2, &text)?;
    ws.set_column_format(9, &text)?;
    ws.set_column_format(5, &Format::new().set_num_format("dd/mm/yyyy"))?;
    let l_p = DataValidation::new()
        .allow_list_strings(&["L", "P"])?
        .set_error_message("Isi L atau P.")?;
    ws.add_data_validation(1, 3, 1000, 3, &l_p)?;
    ws.set_freeze_panes(1, 0)?;
    wb.save_to_buffer()
}
