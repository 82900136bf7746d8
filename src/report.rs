//! Showing findings to the operator: as text grouped by file (errors
//! first), as JSON, and as `temuan.xlsx` — one row per finding, with an
//! autofilter and a frozen header, every value written as text so that a
//! cell starting with `=` stays text.

use std::fmt::Write as _;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

use crate::findings::{Finding, Findings, Severity};

/// Findings as text, grouped by file in sorted order, errors first.
pub fn text(findings: &Findings) -> String {
    let mut out = String::new();
    let mut current: Option<&str> = None;
    for f in findings.sorted() {
        if current != Some(f.lokasi.file.as_str()) {
            current = Some(f.lokasi.file.as_str());
            let _ = writeln!(
                out,
                "\n{}",
                if f.lokasi.file.is_empty() {
                    "(umum)"
                } else {
                    &f.lokasi.file
                }
            );
        }
        let _ = writeln!(out, "  {}", line(f));
        if !f.saran.is_empty() {
            let _ = writeln!(out, "      saran: {}", f.saran);
        }
        if !f.ditahan.is_empty() {
            let _ = writeln!(out, "      ditahan: {}", f.ditahan.join("; "));
        }
    }
    out
}

fn line(f: &Finding) -> String {
    let mut place = Vec::new();
    if let Some(sheet) = &f.lokasi.sheet {
        place.push(format!("sheet \"{sheet}\""));
    }
    match (&f.lokasi.cell, f.lokasi.row) {
        (Some(cell), _) => place.push(format!("sel {cell}")),
        (None, Some(row)) => place.push(format!("baris {row}")),
        _ => {}
    }
    let step = f
        .langkah_sop
        .map(|s| format!(" [SOP langkah {s}]"))
        .unwrap_or_default();
    let place = if place.is_empty() {
        String::new()
    } else {
        format!("{}: ", place.join(", "))
    };
    format!("{:<10} {place}{}{step}", f.severity.label(), f.pesan)
}

/// "3 error, 5 peringatan, 2 info".
pub fn counts(findings: &Findings) -> String {
    format!(
        "{} error, {} peringatan, {} info",
        findings.count(Severity::Error),
        findings.count(Severity::Peringatan),
        findings.count(Severity::Info)
    )
}

/// Findings as JSON for `--format json`.
pub fn json(findings: &Findings) -> String {
    let value = serde_json::json!({
        "jumlah": {
            "error": findings.count(Severity::Error),
            "peringatan": findings.count(Severity::Peringatan),
            "info": findings.count(Severity::Info),
        },
        "temuan": findings.sorted(),
    });
    serde_json::to_string_pretty(&value).unwrap_or_else(|_| "{}".into())
}

/// `temuan.xlsx`: one row per finding, filterable, header frozen.
pub fn xlsx(findings: &Findings) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    // A fixed creation date keeps reruns byte-identical.
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("Temuan tkm")
            .set_creation_datetime(&created),
    );
    let ws = wb.add_worksheet();
    ws.set_name("Temuan")?;
    let bold = Format::new().set_bold().set_background_color("#D9E1F2");
    let wrap = Format::new().set_text_wrap();
    let headers = [
        ("Tingkat", 11.0),
        ("Berkas", 32.0),
        ("Sheet", 14.0),
        ("Sel", 7.0),
        ("Baris", 7.0),
        ("Langkah SOP", 8.0),
        ("Kode", 22.0),
        ("Pesan", 70.0),
        ("Saran perbaikan", 60.0),
        ("Yang ditahan", 40.0),
    ];
    for (col, (name, width)) in headers.iter().enumerate() {
        ws.write_string_with_format(0, col as u16, *name, &bold)?;
        ws.set_column_width(col as u16, *width)?;
    }
    let rows = findings.sorted();
    for (i, f) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, f.severity.label())?;
        ws.write_string(r, 1, &f.lokasi.file)?;
        ws.write_string(r, 2, f.lokasi.sheet.as_deref().unwrap_or(""))?;
        ws.write_string(r, 3, f.lokasi.cell.as_deref().unwrap_or(""))?;
        if let Some(row) = f.lokasi.row {
            ws.write_number(r, 4, row)?;
        }
        if let Some(step) = f.langkah_sop {
            ws.write_number(r, 5, step)?;
        }
        ws.write_string(r, 6, f.kode)?;
        ws.write_string_with_format(r, 7, &f.pesan, &wrap)?;
        ws.write_string_with_format(r, 8, &f.saran, &wrap)?;
        ws.write_string_with_format(r, 9, f.ditahan.join("; "), &wrap)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, rows.len() as u32, headers.len() as u16 - 1)?;
    wb.save_to_buffer()
}
