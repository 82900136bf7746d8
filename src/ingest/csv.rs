//! CSV as Excel, WPS, LibreOffice and Google Sheets write it in Indonesia:
//! UTF-8 with or without a BOM, UTF-16 (Excel's "Unicode text"), or
//! Windows-1252; separated by `;` (Excel with Indonesian regional settings,
//! where the comma is the decimal mark), `,` or tab.

use super::{Cell, ReadError, Sheet};

pub fn read(bytes: &[u8], display: &str) -> Result<Sheet, ReadError> {
    let text = decode(bytes);
    if text.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    if text.contains('\0') {
        return Err(ReadError::NotSpreadsheet("berisi data biner".into()));
    }
    let delimiter = sniff_delimiter(&text);
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record =
            record.map_err(|e| ReadError::Corrupt(format!("CSV tidak dapat diurai: {e}")))?;
        rows.push(
            record
                .iter()
                .map(|field| {
                    if field.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(field.to_string())
                    }
                })
                .collect(),
        );
    }
    let name = display
        .rsplit('/')
        .next()
        .unwrap_or(display)
        .rsplit_once('.')
        .map_or(display, |(stem, _)| stem);
    Ok(Sheet::new(display, name, (0, 0), rows))
}

/// Decodes by BOM, then by validity: UTF-8 if it is valid UTF-8, else
/// Windows-1252 (what Excel on Windows writes for "CSV (Comma delimited)").
pub fn decode(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        let (text, _) = encoding_rs::UTF_16LE.decode_with_bom_removal(bytes);
        return text.into_owned();
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let (text, _) = encoding_rs::UTF_16BE.decode_with_bom_removal(bytes);
        return text.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            text.into_owned()
        }
    }
}

/// Picks the separator that splits the first lines most consistently.
/// Quoted fields are skipped so that "Kp. A, RT 01" does not count.
pub fn sniff_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    let mut best = (b',', 0usize, 0usize);
    for delim in [b';', b',', b'\t', b'|'] {
        let counts: Vec<usize> = lines.iter().map(|l| count_unquoted(l, delim)).collect();
        let max = counts.iter().copied().max().unwrap_or(0);
        if max == 0 {
            continue;
        }
        // Lines that agree with the most common count.
        let mode = mode(&counts);
        let agree = counts.iter().filter(|&&c| c == mode && c > 0).count();
        if (agree, mode) > (best.1, best.2) {
            best = (delim, agree, mode);
        }
    }
    best.0
}

fn count_unquoted(line: &str, delim: u8) -> usize {
    let mut in_quotes = false;
    let mut n = 0;
    for b in line.bytes() {
        if b == b'"' {
            in_quotes = !in_quotes;
        } else if b == delim && !in_quotes {
            n += 1;
        }
    }
    n
}

fn mode(values: &[usize]) -> usize {
    let mut best = (0, 0);
    for &v in values {
        let n = values.iter().filter(|&&x| x == v).count();
        if (n, v) > best {
            best = (n, v);
        }
    }
    best.1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_semicolon_csv_from_excel() {
        // "Nama;Alamat\nNur'aini;Jl. Mawar, No. 5\nJosé;Café" in cp1252.
        let mut bytes = b"Nama;Alamat\r\nNur'aini;\"Jl. Mawar, No. 5\"\r\nJos".to_vec();
        bytes.push(0xE9);
        bytes.extend_from_slice(b";Caf");
        bytes.push(0xE9);
        let sheet = read(&bytes, "dir/peserta.csv").unwrap();
        assert_eq!(sheet.name, "peserta");
        assert_eq!(sheet.get(1, 1), &Cell::Text("Jl. Mawar, No. 5".into()));
        assert_eq!(sheet.get(2, 0), &Cell::Text("José".into()));
        assert_eq!(sheet.get(2, 1), &Cell::Text("Café".into()));
    }

    #[test]
    fn utf8_bom_comma_csv() {
        let bytes = "\u{feff}Nama,NIK\nSiti,3217014104680001\n".as_bytes();
        let sheet = read(bytes, "a.csv").unwrap();
        assert_eq!(sheet.get(0, 0), &Cell::Text("Nama".into()));
        assert_eq!(sheet.get(1, 1), &Cell::Text("3217014104680001".into()));
    }

    #[test]
    fn utf16_tab_text_from_excel() {
        let text = "Nama\tNIK\r\nSiti\t3217014104680001\r\n";
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
        let sheet = read(&bytes, "a.csv").unwrap();
        assert_eq!(sheet.get(1, 0), &Cell::Text("Siti".into()));
    }

    #[test]
    fn semicolon_wins_when_commas_are_decimals() {
        let text = "Nama;Suhu\nA;36,5\nB;37,1\n";
        assert_eq!(sniff_delimiter(text), b';');
    }
}
