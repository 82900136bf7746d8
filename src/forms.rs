//! The xlsx companions of the printed forms, for staff who type the results
//! in Excel: `daftar-hadir.xlsx` (attendance, temperature, mask, CTPS per
//! participant and session) and `evaluasi-isian.xlsx` (one row per
//! participant, one column per evaluation item). Both carry dropdowns and
//! limits, keep IDs as text, and read back as results when dropped into the
//! inputs folder: their headers are the ones [`crate::header`] recognises.

use rust_xlsxwriter::{
    DataValidation, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Workbook, Worksheet, XlsxError,
};

use crate::config::Config;
use crate::model::{Activity, Participant, Session, usable_nik};

/// Rows left empty per session for participants who come unregistered.
const WALK_INS: usize = 5;

fn workbook(title: &str) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    // A fixed creation date keeps reruns byte-identical.
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_author("tkm")
            .set_creation_datetime(&created),
    );
    Ok(wb)
}

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin)
        .set_background_color("#DDEBF7")
}

/// Landscape, one page wide, the header row repeated on every page.
fn print_setup(ws: &mut Worksheet) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(3, 3)?;
    Ok(())
}

fn yes_no() -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_list_strings(&["Ya", "Tidak"])?
        .set_error_title("Isian tidak sah")?
        .set_error_message("Pilih Ya atau Tidak.")
}

/// Title rows above the table: what the form is about.
fn title(ws: &mut Worksheet, last_col: u16, lines: &[String]) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold().set_font_size(12);
    for (r, line) in lines.iter().enumerate() {
        ws.merge_range(r as u32, 0, r as u32, last_col, line, &bold)?;
    }
    Ok(())
}

/// `daftar-hadir.xlsx`: every participant of every session, and blank rows
/// for walk-ins, with the result columns to fill.
pub fn attendance(
    a: &Activity,
    sessions: &[Session],
    members: &[&Participant],
    cfg: &Config,
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = workbook(&format!("Daftar hadir {}", a.kode))?;
    let ws = wb.add_worksheet();
    ws.set_name("Kehadiran")?;
    let headers: [(&str, f64); 11] = [
        ("Kode Kegiatan", 16.0),
        ("Sesi", 6.0),
        ("No", 5.0),
        ("NIK", 19.0),
        ("Nama", 30.0),
        ("Hadir", 8.0),
        ("Suhu (°C)", 9.0),
        ("Suhu Ulang (°C)", 9.0),
        ("Masker", 8.0),
        ("CTPS", 8.0),
        ("Keterangan", 24.0),
    ];
    let last = headers.len() as u16 - 1;
    title(
        ws,
        last,
        &[
            format!("DAFTAR HADIR {} ({})", a.jenis.to_uppercase(), a.kode),
            format!(
                "{} — {}. Isi Hadir, Suhu, Masker dan CTPS; simpan, lalu taruh berkas ini di folder masukan.",
                a.tanggal.map(crate::indo::day_date).unwrap_or_default(),
                a.tempat
            ),
        ],
    )?;
    let header_row = 3;
    let hf = header_format();
    for (c, (name, width)) in headers.iter().enumerate() {
        ws.write_string_with_format(header_row, c as u16, *name, &hf)?;
        ws.set_column_width(c as u16, *width)?;
    }
    let text = Format::new().set_num_format("@");
    let one_decimal = Format::new().set_num_format("0.0");
    ws.set_column_format(3, &text)?;
    ws.set_column_format(6, &one_decimal)?;
    ws.set_column_format(7, &one_decimal)?;
    let mut row = header_row + 1;
    for s in sessions {
        let mut no = 0;
        for i in s.members.clone() {
            let p = members[i];
            no += 1;
            ws.write_string(row, 0, &a.kode)?;
            ws.write_number(row, 1, s.no)?;
            ws.write_number(row, 2, no)?;
            if let Some(nik) = usable_nik(p.nik.as_ref()) {
                ws.write_string_with_format(row, 3, nik, &text)?;
            }
            ws.write_string(row, 4, p.nama.as_deref().unwrap_or(""))?;
            row += 1;
        }
        for _ in 0..WALK_INS {
            no += 1;
            ws.write_string(row, 0, &a.kode)?;
            ws.write_number(row, 1, s.no)?;
            ws.write_number(row, 2, no)?;
            row += 1;
        }
    }
    let last_row = row.saturating_sub(1).max(header_row + 1);
    ws.add_data_validation(header_row + 1, 5, last_row, 5, &yes_no()?)?;
    ws.add_data_validation(header_row + 1, 8, last_row, 9, &yes_no()?)?;
    let temperature = DataValidation::new()
        .allow_decimal_number(DataValidationRule::Between(34.0, 42.0))
        .set_input_title("Suhu tubuh")?
        .set_input_message(format!(
            "Dalam °C, satu desimal (mis. 36,5). {} °C atau lebih: ukur ulang setelah 5 menit.",
            crate::documents::decimal(cfg.protokol.batas_suhu)
        ))?
        .set_error_title("Suhu tidak sah")?
        .set_error_message("Isi suhu antara 34,0 dan 42,0 °C.")?;
    ws.add_data_validation(header_row + 1, 6, last_row, 7, &temperature)?;
    ws.set_freeze_panes(header_row + 1, 0)?;
    ws.autofilter(header_row, 0, last_row, last)?;
    print_setup(ws)?;
    wb.save_to_buffer()
}

/// `evaluasi-isian.xlsx`: one row per participant, one column per item
/// (numbered, so that the form is recognised before anything is typed).
pub fn evaluation(
    a: &Activity,
    members: &[&Participant],
    cfg: &Config,
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = workbook(&format!("Evaluasi {}", a.kode))?;
    let ws = wb.add_worksheet();
    ws.set_name("Evaluasi")?;
    let items = &cfg.evaluasi.butir;
    let last = 3 + items.len() as u16;
    let scale: Vec<String> = cfg
        .evaluasi
        .skala
        .iter()
        .enumerate()
        .map(|(i, label)| format!("{} = {label}", i + 1))
        .collect();
    title(
        ws,
        last,
        &[
            format!(
                "HASIL LEMBAR EVALUASI {} ({})",
                a.jenis.to_uppercase(),
                a.kode
            ),
            format!(
                "Nilai: {}. Saran ditulis di kolom terakhir.",
                scale.join(", ")
            ),
        ],
    )?;
    let header_row = 3;
    let hf = header_format();
    let fixed: [(&str, f64); 3] = [("Kode Kegiatan", 16.0), ("NIK", 19.0), ("Nama", 28.0)];
    for (c, (name, width)) in fixed.iter().enumerate() {
        ws.write_string_with_format(header_row, c as u16, *name, &hf)?;
        ws.set_column_width(c as u16, *width)?;
    }
    for (i, item) in items.iter().enumerate() {
        let col = 3 + i as u16;
        ws.write_string_with_format(header_row, col, format!("{}. {}", i + 1, item.teks), &hf)?;
        ws.set_column_width(col, 14.0)?;
    }
    ws.write_string_with_format(header_row, last, "Saran", &hf)?;
    ws.set_column_width(last, 40.0)?;
    ws.set_row_height(header_row, 75.0)?;
    let text = Format::new().set_num_format("@");
    ws.set_column_format(1, &text)?;
    for (n, p) in members.iter().enumerate() {
        let row = header_row + 1 + n as u32;
        ws.write_string(row, 0, &a.kode)?;
        if let Some(nik) = usable_nik(p.nik.as_ref()) {
            ws.write_string_with_format(row, 1, nik, &text)?;
        }
        ws.write_string(row, 2, p.nama.as_deref().unwrap_or(""))?;
    }
    // Spare rows for walk-ins, with the same validation.
    for n in members.len()..members.len() + WALK_INS {
        ws.write_string(header_row + 1 + n as u32, 0, &a.kode)?;
    }
    let last_row = header_row + (members.len() + WALK_INS) as u32;
    let top = cfg.evaluasi.skala.len() as i32;
    let score = DataValidation::new()
        .allow_whole_number(DataValidationRule::Between(1, top))
        .set_error_title("Nilai tidak sah")?
        .set_error_message(format!("Isi bilangan bulat 1 sampai {top}."))?;
    if !items.is_empty() {
        ws.add_data_validation(header_row + 1, 3, last_row, last - 1, &score)?;
    }
    ws.set_freeze_panes(header_row + 1, 3)?;
    print_setup(ws)?;
    wb.save_to_buffer()
}
